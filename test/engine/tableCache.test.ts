/**
 * Tables read again are kept parsed in DuckDB (LocalEngineDeps.tableCacheBytes): what a query returns must not
 * depend on it. Expected rows come from the objects the tests write; each test also reads the same table through a
 * second engine on the same files with the cache off.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, jsonDdl, ndjson, q, sorted, tempProject, type TestProject } from './helpers';

let project: TestProject;
let t: LocalTarget;
/** the same project, never caching */
let plain: LocalTarget;

before(async () => {
  project = await tempProject('cache');
  t = await project.open();
  plain = await project.open({ tableCacheBytes: 0 });
  await t.storage.createBucket(BUCKET);
  await q(t, 'CREATE DATABASE cache');
});
after(async () => {
  await project.cleanup();
});

const people = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: from + i, name: `p${from + i}`, score: (from + i) * 1.5 }));
const asRows = (objs: { id: number; name: string; score: number }[]) => objs.map((o) => [o.id, o.name, o.score]);
const cached = () => [...t.queries.cachedTables().keys()];

describe('the parsed-table cache of the local engine', () => {
  it('a JSON table is kept after its second read, and reads the same rows as its files', async () => {
    const a = people(1, 300);
    const b = people(301, 200);
    await t.storage.put(BUCKET, 'people/a.json', ndjson(a));
    await t.storage.put(BUCKET, 'people/b.json', ndjson(b));
    await q(t, jsonDdl('cache.people', 'id bigint, name string, score double', 'people'));
    const sql = 'SELECT id, name, score FROM cache.people';
    const first = await q(t, sql);
    assert.deepEqual(cached(), [], 'one read keeps nothing');
    const second = await q(t, sql);
    assert.deepEqual(cached(), ['"cache"."people"']);
    assert.equal(t.queries.cachedTables().get('"cache"."people"'), Buffer.byteLength(ndjson(a)) + Buffer.byteLength(ndjson(b)));
    const third = await q(t, sql);
    const expected = sorted(asRows([...a, ...b]));
    for (const r of [first, second, third]) assert.deepEqual(sorted(r.rows), expected);
    // the order of the files and lines, as without the cache
    assert.deepEqual(third.rows, (await q(plain, sql)).rows);
    // bytes scanned stay those of the files
    assert.equal(third.exec.statistics?.bytesScanned, first.exec.statistics?.bytesScanned);
  });

  it('a file added, rewritten or removed shows at the next query', async () => {
    const sql = 'SELECT id, name, score FROM cache.people';
    await q(t, sql);
    assert.ok(cached().includes('"cache"."people"'));
    // added
    const c = people(501, 7);
    await t.storage.put(BUCKET, 'people/c.json', ndjson(c));
    assert.equal((await q(t, sql)).rows.length, 507);
    assert.equal((await q(t, sql)).rows.length, 507, 'and again, now from the cache');
    // rewritten in place, same name
    const c2 = people(1001, 3);
    await fs.writeFile(path.join(project.root, '.lakehouse', 's3', BUCKET, 'people', 'c.json'), ndjson(c2));
    const afterRewrite = await q(t, `${sql} WHERE id > 500`);
    assert.deepEqual(sorted(afterRewrite.rows), sorted(asRows(c2)));
    // removed
    await t.storage.delete(BUCKET, 'people/c.json');
    assert.equal((await q(t, sql)).rows.length, 500);
    assert.equal((await q(t, sql)).rows.length, 500);
  });

  it('Parquet tables are not kept (DuckDB reads them as fast as a table of its own)', async () => {
    await q(t, `CREATE TABLE cache.people_pq WITH (format = 'PARQUET', external_location = 's3://${BUCKET}/people_pq/') AS SELECT * FROM cache.people`);
    await q(t, 'SELECT count(*) FROM cache.people_pq');
    await q(t, 'SELECT count(*) FROM cache.people_pq');
    assert.ok(!cached().includes('"cache"."people_pq"'));
  });

  it('a table that fails to load keeps reading its files: queries fail only where they would have', async () => {
    // line 41 holds a text where the table has a bigint: only a query reading `id` meets it
    const rows = people(1, 60).map((o, i) => (i === 40 ? { ...o, id: 'forty-one' } : o));
    await t.storage.put(BUCKET, 'typed/a.json', ndjson(rows));
    await q(t, jsonDdl('cache.typed', 'id bigint, name string, score double', 'typed'));
    const sql = 'SELECT name FROM cache.typed';
    const expected = await q(plain, sql);
    assert.deepEqual(sorted(expected.rows), sorted(rows.map((o) => [o.name])));
    for (let i = 0; i < 3; i++) assert.deepEqual((await q(t, sql)).rows, expected.rows);
    assert.ok(!cached().includes('"cache"."typed"'));
    const plainError = (await fails(plain, 'SELECT sum(id) FROM cache.typed')).error!.message;
    assert.match(plainError, new RegExp(`s3://${BUCKET}/typed/a\\.json line 41\\b`));
    assert.equal((await fails(t, 'SELECT sum(id) FROM cache.typed')).error!.message, plainError);
  });

  it('over the limit, the least recently read table goes back to reading its files', async () => {
    const p = await tempProject('cachelimit');
    try {
      const limit = 15_000;
      const small = await p.open({ tableCacheBytes: limit });
      await small.storage.createBucket(BUCKET);
      await q(small, 'CREATE DATABASE cachelimit');
      const sets: Record<string, ReturnType<typeof people>> = { t1: people(1, 150), t2: people(1001, 150), t3: people(2001, 150) };
      for (const [name, rows] of Object.entries(sets)) {
        const text = ndjson(rows);
        assert.ok(2 * Buffer.byteLength(text) <= limit && 3 * Buffer.byteLength(text) > limit, `${name}: two fit in the limit, three do not`);
        await small.storage.put(BUCKET, `${name}/part.json`, text);
        await q(small, jsonDdl(`cachelimit.${name}`, 'id bigint, name string, score double', name));
      }
      const read = async (name: string) => {
        const r = await q(small, `SELECT id, name, score FROM cachelimit.${name}`);
        assert.deepEqual(sorted(r.rows), sorted(asRows(sets[name]!)), name);
      };
      for (const name of ['t1', 't1', 't2', 't2']) await read(name);
      assert.deepEqual([...small.queries.cachedTables().keys()].sort(), ['"cachelimit"."t1"', '"cachelimit"."t2"']);
      await read('t1'); // t1 is now the more recently read
      await read('t3');
      await read('t3');
      assert.deepEqual([...small.queries.cachedTables().keys()].sort(), ['"cachelimit"."t1"', '"cachelimit"."t3"']);
      assert.ok([...small.queries.cachedTables().values()].reduce((n, b) => n + b, 0) <= limit);
      for (const name of ['t2', 't1', 't3']) await read(name);
      // the cached rows are freed in DuckDB too: its cache schema holds the kept tables only
      const conn = await small.queries.connect();
      try {
        const n = Number((await conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE schema_name = '__lakehouse_cache'`)).getRowsJson()[0]![0]);
        assert.equal(n, small.queries.cachedTables().size);
      } finally {
        conn.closeSync();
      }
    } finally {
      await p.cleanup();
    }
  });

  it('a dropped table, or a dropped database, leaves nothing kept', async () => {
    await q(t, 'CREATE DATABASE cache2');
    await t.storage.put(BUCKET, 'other/a.json', ndjson(people(1, 10)));
    await q(t, jsonDdl('cache2.other', 'id bigint, name string, score double', 'other'));
    await q(t, 'SELECT * FROM cache2.other');
    await q(t, 'SELECT * FROM cache2.other');
    await q(t, 'SELECT * FROM cache.people');
    await q(t, 'SELECT * FROM cache.people');
    assert.ok(cached().includes('"cache2"."other"') && cached().includes('"cache"."people"'));
    await q(t, 'DROP TABLE cache.people');
    assert.match((await fails(t, 'SELECT * FROM cache.people')).error!.message, /does not exist/);
    assert.ok(!cached().includes('"cache"."people"'));
    await q(t, 'DROP DATABASE cache2 CASCADE');
    assert.match((await fails(t, 'SELECT * FROM cache2.other')).error!.message, /does not exist/);
    assert.ok(!cached().includes('"cache2"."other"'));
  });
});
