/**
 * Learning the key spellings of JSON files (jsonKeys.ts) must look at every line of every file: DuckDB's own schema
 * detection samples at most 32 files, so a spelling used only in a later file was once read as NULL. Also: a file
 * that lacks a key reads that column as NULL while its neighbours keep their values, and the cache is not fooled
 * by a file rewritten with other spellings.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { planUpload, upload } from '../../src/core/actions/upload';
import { loadProject } from '../../src/core/project/manifest';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { JsonKeyCache } from '../../src/core/targets/local/jsonKeys';
import { BUCKET, jsonDdl, ndjson, q, tempProject, type TestProject } from './helpers';

let project: TestProject;
let t: LocalTarget;

before(async () => {
  project = await tempProject('keys');
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  await q(t, 'CREATE DATABASE keys');
});
after(async () => {
  await project.cleanup();
});

describe('key spellings across many files', () => {
  it('a spelling first used in the 40th file (of 40) is read', async () => {
    // files f01…f39 spell the key customerName; f40 spells it CUSTOMERNAME, on its last line only
    for (let i = 1; i <= 39; i++) await t.storage.put(BUCKET, `many/f${String(i).padStart(2, '0')}.json`, ndjson([{ customerName: `c${i}`, n: i }]));
    await t.storage.put(BUCKET, 'many/f40.json', ndjson([{ customerName: 'c40', n: 40 }, { CUSTOMERNAME: 'c41', n: 41 }]));
    await q(t, jsonDdl('keys.many', 'customername string, n int', 'many'));
    const r = await q(t, 'SELECT count(*), count(customername), sum(n) FROM keys.many');
    // 41 rows, every one with a name; 1 + 2 + … + 41 = 861
    assert.deepEqual(r.rows, [[41, 41, 861]]);
    assert.deepEqual((await q(t, "SELECT n FROM keys.many WHERE customername = 'c41'")).rows, [[41]]);
  });

  it('every key list of one file is learnt: three spellings of a column on different lines, and a key on one line only', async () => {
    await t.storage.put(
      BUCKET,
      'lines/a.json',
      ndjson([{ customerName: 'a', n: 1 }, { n: 2 }, { CUSTOMERNAME: 'c', n: 3 }, { customerName: 'd', n: 4 }, { customername: 'e', n: 5, Extra: 'x' }, { n: 6 }]),
    );
    await q(t, jsonDdl('keys.lines', 'customername string, n int, extra string', 'lines'));
    const r = await q(t, 'SELECT n, customername, extra FROM keys.lines ORDER BY n');
    assert.deepEqual(r.rows, [
      [1, 'a', null],
      [2, null, null],
      [3, 'c', null],
      [4, 'd', null],
      [5, 'e', 'x'],
      [6, null, null],
    ]);
  });

  it('a file without a key reads NULL for it; the other files keep theirs', async () => {
    await t.storage.put(BUCKET, 'absent/a.json', ndjson([{ Email: 'a@x', Age: 1 }]));
    await t.storage.put(BUCKET, 'absent/b.json', ndjson([{ Email: 'b@x' }]));
    await t.storage.put(BUCKET, 'absent/c.json', ndjson([{ Age: 3 }]));
    await q(t, jsonDdl('keys.absent', 'email string, age int', 'absent'));
    const r = await q(t, 'SELECT email, age FROM keys.absent ORDER BY email NULLS LAST');
    assert.deepEqual(r.rows, [
      ['a@x', 1],
      ['b@x', null],
      [null, 3],
    ]);
  });

  it('a file rewritten with another spelling is learnt again', async () => {
    await t.storage.put(BUCKET, 'rewrite/a.json', ndjson([{ email: 'old@x' }]));
    await q(t, jsonDdl('keys.rewrite', 'email string', 'rewrite'));
    assert.deepEqual((await q(t, 'SELECT email FROM keys.rewrite')).rows, [['old@x']]);
    // a different size, so the cached entry no longer matches the file
    await t.storage.put(BUCKET, 'rewrite/a.json', ndjson([{ EMAIL: 'new-address@x' }]));
    assert.deepEqual((await q(t, 'SELECT email FROM keys.rewrite')).rows, [['new-address@x']]);
  });
});

describe('an upload learns the key spellings of the JSON files it puts', () => {
  it('the cache holds each uploaded JSON file\'s keys before any query; other files are left to their first read', async () => {
    const p = await tempProject('up');
    try {
      const landing = path.join(p.root, 'data', 'customer', 'landing');
      await fs.mkdir(landing, { recursive: true });
      await fs.writeFile(path.join(landing, 'a.json'), ndjson([{ customerName: 'a', email: 'a@x' }, { CustomerName: 'b' }]));
      await fs.writeFile(path.join(landing, 'b.jsonl'), ndjson([{ EMAIL: 'c@x' }]));
      await fs.writeFile(path.join(landing, 'notes.txt'), 'not data\n');
      const target = await p.open();
      const project = await loadProject(p.root);
      const events: string[] = [];
      const result = await upload(target, await planUpload(project, path.join(p.root, 'data')), {
        onProgress: (e) => events.push(`file ${e.done}/${e.total}`),
        onPreparing: () => events.push('preparing'),
      });
      assert.equal(result.uploaded.length, 3);
      // the progress names the learning after the last file
      assert.deepEqual(events, ['file 1/3', 'file 2/3', 'file 3/3', 'preparing']);
      await target.close(); // the cache is written by then
      const cache = JSON.parse(await fs.readFile(path.join(p.root, '.lakehouse', 'cache', 'json-keys.json'), 'utf8')) as Record<string, { keys: string[] }>;
      const keysOf = (key: string) => cache[target.storage.pathOf(BUCKET, key)]?.keys.slice().sort();
      assert.deepEqual(keysOf('customer/landing/a.json'), ['CustomerName', 'customerName', 'email']);
      assert.deepEqual(keysOf('customer/landing/b.jsonl'), ['EMAIL']);
      assert.equal(keysOf('customer/landing/notes.txt'), undefined);
      // and the table reads by them
      const again = await p.open();
      await q(again, 'CREATE DATABASE up');
      // (notes.txt is under the location too: Athena reads it as data, a line that is not JSON: a row of NULLs)
      await q(again, jsonDdl('up.customer', 'customername string, email string', 'customer/landing', { 'ignore.malformed.json': 'true' }));
      const r = await q(again, 'SELECT customername, email FROM up.customer ORDER BY 1 NULLS LAST, 2');
      assert.deepEqual(r.rows, [
        ['a', 'a@x'],
        ['b', null],
        [null, 'c@x'],
        [null, null],
      ]);
    } finally {
      await p.cleanup();
    }
  });
  it('an upload that fails halfway learns the objects put before the failure, and waits for none of the rest', async () => {
    const p = await tempProject('up-fail');
    try {
      const landing = path.join(p.root, 'data', 'customer', 'landing');
      await fs.mkdir(landing, { recursive: true });
      for (const name of ['a', 'b', 'c']) await fs.writeFile(path.join(landing, `${name}.json`), ndjson([{ [`key_${name}`]: 1 }]));
      const target = await p.open();
      const put = target.storage.putFile!.bind(target.storage);
      target.storage.putFile = async (bucket, key, file, options) => {
        if (key.endsWith('/b.json')) throw new Error('no space left on device');
        return put(bucket, key, file, options);
      };
      const plan = await planUpload(await loadProject(p.root), path.join(p.root, 'data'));
      await assert.rejects(upload(target, plan, { concurrency: 1 }), /b\.json.*no space left on device.*1 of 3 files were uploaded/);
      await target.close();
      const cache = JSON.parse(await fs.readFile(path.join(p.root, '.lakehouse', 'cache', 'json-keys.json'), 'utf8')) as Record<string, { keys: string[] }>;
      assert.deepEqual(
        Object.entries(cache).map(([file, e]) => [path.basename(file), e.keys]),
        [['a.json', ['key_a']]],
      );
    } finally {
      await p.cleanup();
    }
  });
});

describe('the shape of a file: each line by its first character after Java\'s trim() (code points up to U+0020)', () => {
  it('counts objects, arrays, blank and malformed lines and duplicate keys, with white space first or not', async () => {
    const lines = [
      '{"a":1}',
      '  {"a":2}',
      '\t \t{"A":3}', // tabs and spaces first: an object
      ' [1,2]', // an array
      '', // blank
      '   ', // only white space: blank
      '\t', // only a tab: blank
      'é{"a":4}', // starts with é: a row of NULLs to the SerDe
      '{"a":1,"a":2}', // a key twice
      '{"b":1,"B":2}', // keys equal but for case
      '{"c": ', // malformed
      'x', // not JSON: blank to the SerDe
      '  [ "not", "an", "object" ]  ',
    ];
    const file = path.join(t.dataDir, 'shape.json');
    await fs.writeFile(file, `${lines.join('\n')}\n`);
    const st = await fs.stat(file);
    const conn = await t.queries.connect();
    try {
      const cache = new JsonKeyCache(path.join(t.dataDir, 'shape-cache.json'));
      const [shape] = await cache.shapesOf(conn, [{ path: file, size: st.size, mtimeMs: st.mtimeMs }]);
      await cache.save();
      const { keys, blank, malformed, arrays, duplicateKeys, caseDuplicateKeys } = shape!;
      assert.deepEqual({ keys: [...keys].sort(), blank, malformed, arrays, duplicateKeys, caseDuplicateKeys }, {
        keys: ['A', 'B', 'a', 'b'],
        blank: 5,
        malformed: 1,
        arrays: 2,
        duplicateKeys: 1,
        caseDuplicateKeys: 2,
      });
    } finally {
      conn.closeSync();
    }
  });
});
