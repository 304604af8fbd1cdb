/**
 * Learning the key spellings of JSON files (jsonKeys.ts) must look at every line of every file: DuckDB's own schema
 * detection samples at most 32 files, so a spelling used only in a later file was once read as NULL. Also: a file
 * that lacks a key reads that column as NULL while its neighbours keep their values, and the cache is not fooled
 * by a file rewritten with other spellings.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
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
