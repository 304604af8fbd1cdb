/**
 * Prepared statements on the local engine, from the examples of
 * https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html (PREPARE, EXECUTE … USING,
 * DEALLOCATE PREPARE): a SELECT, an INSERT and an UNLOAD prepared with `?` parameters, run with values; values that
 * try to end their literal stay values; prepared statements belong to a workgroup and to the engine.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, ndjson, q, tempProject, type TestProject } from '../engine/helpers';

let project: TestProject;
let t: LocalTarget;
const DB = 'my_database';

const ROWS = [
  { id: 1, name: 'Ann', year: 2011 },
  { id: 2, name: "O'Reilly", year: 2012 },
  { id: 3, name: 'Cy', year: 2012 },
];
const CITIES = [
  { city: 'Boise', state: 'ID', country: 'usa' },
  { city: 'Porto', state: '13', country: 'portugal' },
  { city: 'Austin', state: 'TX', country: 'usa' },
];

before(async () => {
  project = await tempProject(DB);
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  await t.storage.createBucket('my-output-bucket');
  await t.storage.put(BUCKET, 'my_table/t.json', ndjson(ROWS));
  await t.storage.put(BUCKET, 'cities_world/c.json', ndjson(CITIES));
  await q(t, `CREATE DATABASE ${DB}`);
  await q(t, `CREATE EXTERNAL TABLE my_table (id int, name string, year int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/my_table/'`, DB);
  await q(t, `CREATE EXTERNAL TABLE cities_world (city string, state string, country string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/cities_world/'`, DB);
  await q(t, `CREATE EXTERNAL TABLE cities_usa (city string, state string) STORED AS PARQUET LOCATION 's3://${BUCKET}/cities_usa/'`, DB);
});
after(async () => {
  await project.cleanup();
});

describe('PREPARE, EXECUTE, DEALLOCATE PREPARE', () => {
  it('a SELECT without parameters, and with one', async () => {
    await q(t, `PREPARE my_select1 FROM
SELECT * FROM my_table`, DB);
    const all = await q(t, 'EXECUTE my_select1', DB);
    assert.equal(all.exec.kind, 'QUERY');
    assert.equal(all.rows.length, ROWS.length);
    await q(t, `PREPARE my_select2 FROM
SELECT * FROM "my_database"."my_table" WHERE year = ?`, DB);
    // "This is equivalent to: SELECT * FROM "my_database"."my_table" WHERE year = 2012"
    const equivalent = await q(t, 'SELECT * FROM "my_database"."my_table" WHERE year = 2012 ORDER BY id', DB);
    const executed = await q(t, 'EXECUTE my_select2 USING 2012', DB);
    assert.deepEqual([...executed.rows].sort((a, b) => Number(a[0]) - Number(b[0])), equivalent.rows);
    assert.deepEqual(executed.columns, equivalent.columns);
  });

  it('two parameters; a string value with a quote', async () => {
    await q(t, 'PREPARE my_select3 FROM\nSELECT id FROM my_table WHERE name = ? and year < ?', DB);
    assert.deepEqual((await q(t, "EXECUTE my_select3 USING 'O''Reilly', 2013", DB)).rows, [[2]]);
    assert.deepEqual((await q(t, "EXECUTE my_select3 USING 'O''Reilly', 2012", DB)).rows, []);
  });

  it('an INSERT with a string value; an UNLOAD with a number', async () => {
    await q(t, `PREPARE my_insert FROM
INSERT INTO cities_usa (city, state)
SELECT city, state
FROM cities_world
WHERE country = ?`, DB);
    const inserted = await q(t, "EXECUTE my_insert USING 'usa'", DB);
    assert.equal(inserted.exec.kind, 'INSERT');
    assert.equal(inserted.exec.statistics?.rows, 2);
    assert.deepEqual((await q(t, 'SELECT city, state FROM cities_usa ORDER BY city', DB)).rows, [
      ['Austin', 'TX'],
      ['Boise', 'ID'],
    ]);
    await q(t, `PREPARE my_unload FROM
UNLOAD (SELECT * FROM my_table WHERE id < ?)
TO 's3://my-output-bucket/'
WITH (format='PARQUET')`, DB);
    const unloaded = await q(t, 'EXECUTE my_unload USING 3', DB);
    assert.equal(unloaded.exec.statistics?.rows, 2);
    assert.ok((await t.storage.list('my-output-bucket', { prefix: '' })).objects.length > 0);
  });

  it('a value that tries to end its literal and run a statement stays a value', async () => {
    await q(t, `CREATE EXTERNAL TABLE secrets (id int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/secrets/'`, DB);
    const before = (await t.catalog.tables(DB)).map((x) => x.name);
    for (const hostile of [
      "x'; DROP TABLE secrets; --",
      "' OR '1'='1",
      `x'; COPY (SELECT 1) TO '/tmp/lakehouse-injected.csv'; --`,
      '?',
      "\\'; --",
    ]) {
      const literal = `'${hostile.replace(/'/g, "''")}'`;
      const r = await q(t, `EXECUTE my_select3 USING ${literal}, 3000`, DB);
      assert.deepEqual(r.rows, [], hostile);
    }
    // the string itself, when it is a name in the table, is found as such
    await t.storage.put(BUCKET, 'my_table/u.json', ndjson([{ id: 9, name: "' OR '1'='1", year: 2000 }]));
    assert.deepEqual((await q(t, "EXECUTE my_select3 USING ''' OR ''1''=''1', 3000", DB)).rows, [[9]]);
    assert.deepEqual((await t.catalog.tables(DB)).map((x) => x.name), before);
    // not a literal: refused, not evaluated
    const expr = await fails(t, 'EXECUTE my_select3 USING (SELECT max(name) FROM my_table), 3000', DB);
    assert.match(expr.error!.message, /^line 1:26: EXECUTE … USING takes literal values/);
  });

  it("wrong number of values: Trino's message; unknown and deallocated names: not found", async () => {
    assert.equal((await fails(t, 'EXECUTE my_select3 USING 1', DB)).error!.message, 'line 1:1: Incorrect number of parameters: expected 2 but found 1');
    assert.equal((await fails(t, 'EXECUTE my_select9', DB)).error!.message, 'line 1:1: Prepared statement not found: my_select9');
    // https://docs.aws.amazon.com/athena/latest/ug/sql-deallocate-prepare.html
    await q(t, 'DEALLOCATE PREPARE my_select1', DB);
    assert.equal((await fails(t, 'EXECUTE my_select1', DB)).error!.message, 'line 1:1: Prepared statement not found: my_select1');
    assert.equal((await fails(t, 'DEALLOCATE PREPARE my_select1', DB)).error!.message, 'line 1:1: Prepared statement not found: my_select1');
  });

  it('prepared statements belong to their workgroup; preparing a name again replaces it', async () => {
    const wg = async (sql: string, workgroup: string) => t.queries.wait((await t.queries.start(sql, { database: DB, workgroup })).id);
    assert.equal((await wg('PREPARE only_here FROM SELECT 1 AS one', 'analysts')).state, 'SUCCEEDED');
    assert.equal((await wg('EXECUTE only_here', 'analysts')).state, 'SUCCEEDED');
    const elsewhere = await wg('EXECUTE only_here', 'primary');
    assert.equal(elsewhere.error?.message, 'line 1:1: Prepared statement not found: only_here');
    await wg('PREPARE only_here FROM SELECT 2 AS two', 'analysts');
    const replaced = await wg('EXECUTE only_here', 'analysts');
    assert.deepEqual((await t.queries.page(replaced.id)).rows, [[2]]);
  });
});
