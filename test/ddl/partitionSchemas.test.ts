/**
 * A partition's own columns: "If your table's schema changes, the schemas for partitions are not updated to remain in
 * sync with the table's schema"; Athena reads each partition with its own, validating CSV, JSON and Avro by position
 * and Parquet by name (https://docs.aws.amazon.com/athena/latest/ug/updates-and-partitions.html). The local engine
 * reads every partition with the table's columns, so it keeps each partition's columns as Glue does and refuses a
 * query that reads a partition whose columns differ — never an answer read with the wrong columns.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, ndjson, q, projectWithDatabase, type TestProject } from '../engine/helpers';

let project: TestProject;
let t: LocalTarget;
const DB = 'sales';

before(async () => {
  ({ project, t } = await projectWithDatabase(DB));
});
after(async () => {
  await project.cleanup();
});

const partitions = async (table: string) => (await t.catalog.table(DB, table))!.partitions ?? [];

describe("a partition's own columns", () => {
  it('JSON (checked by position): a partition added before ADD COLUMNS is refused; one added after is read', async () => {
    await t.storage.put(BUCKET, 'orders/dt=2024-01-01/a.json', ndjson([{ id: 1, amount: 5, note: 'old' }]));
    await q(t, `CREATE EXTERNAL TABLE orders (id int, amount int) PARTITIONED BY (dt string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/orders/'`, DB);
    await q(t, "ALTER TABLE orders ADD PARTITION (dt = '2024-01-01')", DB);
    assert.deepEqual((await q(t, 'SELECT id, amount FROM orders', DB)).rows, [[1, 5]]);
    await q(t, 'ALTER TABLE orders ADD COLUMNS (note string)', DB);
    // a partition added now has the table's columns (none of its own)
    await t.storage.put(BUCKET, 'orders/dt=2024-01-02/b.json', ndjson([{ id: 2, amount: 7, note: 'new' }]));
    await q(t, "ALTER TABLE orders ADD PARTITION (dt = '2024-01-02')", DB);
    assert.deepEqual(await partitions('orders'), [
      { values: ['2024-01-01'], location: `s3://${BUCKET}/orders/dt=2024-01-01/`, columns: [{ name: 'id', type: 'int' }, { name: 'amount', type: 'int' }] },
      { values: ['2024-01-02'], location: `s3://${BUCKET}/orders/dt=2024-01-02/` },
    ]);
    const e = await fails(t, 'SELECT count(*) FROM orders', DB);
    assert.match(e.error!.message, /^(line \d+:\d+: )?table sales\.orders: partition dt=2024-01-01 was added when the table's columns were \(id int, amount int\), and Athena reads it with those columns, not the table's \(id int, amount int, note string\)/);
    // the fix the page gives: drop the partition, add it again
    await q(t, "ALTER TABLE orders DROP PARTITION (dt = '2024-01-01')", DB);
    await q(t, "ALTER TABLE orders ADD PARTITION (dt = '2024-01-01')", DB);
    assert.deepEqual((await q(t, 'SELECT id, note FROM orders ORDER BY id', DB)).rows, [[1, 'old'], [2, 'new']]);
  });

  it('a change made and undone leaves nothing to refuse; a second change keeps the first columns', async () => {
    await t.storage.put(BUCKET, 'csv/dt=1/a.csv', '1,x\n');
    await q(t, `CREATE EXTERNAL TABLE flat (id int, v string) PARTITIONED BY (dt string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://${BUCKET}/csv/'`, DB);
    await q(t, 'MSCK REPAIR TABLE flat', DB);
    await q(t, 'ALTER TABLE flat REPLACE COLUMNS (id int, label string)', DB);
    assert.match((await fails(t, 'SELECT * FROM flat', DB)).error!.message, /partition dt=1 was added when the table's columns were \(id int, v string\)/);
    await q(t, 'ALTER TABLE flat REPLACE COLUMNS (id int, w string, z int)', DB);
    // still the columns it was added with, not the intermediate ones
    assert.deepEqual((await partitions('flat'))[0]!.columns, [{ name: 'id', type: 'int' }, { name: 'v', type: 'string' }]);
    await q(t, 'ALTER TABLE flat REPLACE COLUMNS (id int, v string)', DB);
    assert.deepEqual((await q(t, 'SELECT * FROM flat', DB)).rows, [[1, 'x', '1']]);
  });

  it('Parquet (checked by name): an added column reads as NULL where the files lack it; a column retyped is refused', async () => {
    await q(t, `CREATE TABLE pq WITH (format = 'PARQUET', partitioned_by = ARRAY['dt'], external_location = 's3://${BUCKET}/pq/') AS SELECT 1 AS id, 'a' AS dt`, DB);
    await q(t, 'ALTER TABLE pq ADD COLUMNS (extra string)', DB);
    assert.deepEqual((await q(t, 'SELECT id, extra, dt FROM pq', DB)).rows, [[1, null, 'a']]);
    await q(t, 'ALTER TABLE pq CHANGE COLUMN id id bigint', DB);
    assert.match((await fails(t, 'SELECT id FROM pq', DB)).error!.message, /partition dt=a was added when the table's columns were \(id int\)/);
  });

  it("a catalog file whose partition columns are not columns is refused naming the field", async () => {
    const table = (await t.catalog.table(DB, 'orders'))!;
    const bad = { ...table, partitions: [{ values: ['x'], location: `s3://${BUCKET}/orders/dt=x/`, columns: [{ name: 'id' }] }] };
    await assert.rejects(t.catalog.putTable(bad as never, { replace: true }), /partitions\[0\]\.columns\[0\]\.type must be a non-empty string/);
  });
});
