/**
 * Iceberg tables are refused everywhere on the local engine — with one message, and no fallback (a CTAS with
 * table_type 'ICEBERG' used to make a Hive Parquet table somewhere else). Statements from Athena's Iceberg pages:
 * https://docs.aws.amazon.com/athena/latest/ug/ctas-examples.html, …/querying-iceberg-creating-tables.html,
 * …/querying-iceberg-updating-iceberg-table-data.html, …/querying-iceberg-data-optimization.html,
 * …/querying-iceberg-table-data.html.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CatalogTable } from '../../src/core/model';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, ndjson, q, tempProject, type TestProject } from '../engine/helpers';

let project: TestProject;
let t: LocalTarget;
const DB = 'lake';
const REFUSED = 'is an Iceberg table: Iceberg tables are not supported by the local engine (Athena has them)';

before(async () => {
  project = await tempProject(DB);
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  await t.storage.put(BUCKET, 'table1/t.json', ndjson([{ key1: 'a', name1: 'x', dt: '2024-01-02' }]));
  await q(t, `CREATE DATABASE ${DB}`);
  await q(t, `CREATE EXTERNAL TABLE table1 (key1 string, name1 string, dt date) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/table1/'`, DB);
  // an Iceberg table in the catalog, as Athena (or Glue) registers one
  const iceberg: CatalogTable = {
    database: DB,
    name: 'iceberg_table',
    tableType: 'EXTERNAL_TABLE',
    storage: {
      columns: [
        { name: 'id', type: 'int' },
        { name: 'category', type: 'string' },
      ],
      location: `s3://${BUCKET}/iceberg-folder/`,
      serde: { serializationLibrary: '', parameters: {} },
    },
    partitionKeys: [],
    parameters: { table_type: 'ICEBERG', metadata_location: `s3://${BUCKET}/iceberg-folder/metadata/00000.metadata.json` },
  };
  await t.catalog.putTable(iceberg);
});
after(async () => {
  await project.cleanup();
});

describe('Iceberg tables are refused, everywhere, without fallback', () => {
  it('CTAS with table_type ICEBERG: refused; no table, no files, here or at the default location', async () => {
    const e = await fails(t, `CREATE TABLE ctas_iceberg_parquet
WITH (table_type = 'ICEBERG',
      format = 'PARQUET', 
      location = 's3://${BUCKET}/ctas_iceberg_parquet/', 
      is_external = false,
      partitioning = ARRAY['month(dt)'],
      vacuum_min_snapshots_to_keep = 10,
      vacuum_max_snapshot_age_ms = 259200
   ) 
AS SELECT key1, name1, dt FROM table1;`, DB);
    assert.equal(e.error!.message, `line 1:1: lake.ctas_iceberg_parquet ${REFUSED}`);
    const avro = await fails(t, `CREATE TABLE ctas_iceberg_avro
WITH ( format = 'AVRO', 
       location = 's3://${BUCKET}/ctas_iceberg_avro/', 
       is_external = false,
       table_type = 'ICEBERG',
       partitioning = ARRAY['key1']) 
AS SELECT key1, name1, dt FROM table1;`, DB);
    assert.equal(avro.error!.message, `line 1:1: lake.ctas_iceberg_avro ${REFUSED}`);
    assert.equal(await t.catalog.table(DB, 'ctas_iceberg_parquet'), undefined);
    assert.deepEqual((await t.storage.list(BUCKET, { prefix: 'ctas_iceberg' })).objects, []);
    assert.deepEqual((await t.storage.list(BUCKET, { prefix: 'tables/' })).objects, []);
  });

  it("CREATE TABLE … TBLPROPERTIES ('table_type' = 'ICEBERG'): refused at the table's name", async () => {
    const e = await fails(t, `CREATE TABLE iceberg_table2 (
  id int,
  data string,
  category string) 
PARTITIONED BY (category, bucket(16,id)) 
LOCATION 's3://${BUCKET}/iceberg-folder2' 
TBLPROPERTIES ( 'table_type' = 'ICEBERG' )`, DB);
    assert.equal(e.error!.message, `line 1:14: lake.iceberg_table2 ${REFUSED}`);
    assert.equal(await t.catalog.table(DB, 'iceberg_table2'), undefined);
  });

  it('an Iceberg table of the catalog is not read, written, altered or dropped; DESCRIBE shows its columns', async () => {
    const name = `lake.iceberg_table ${REFUSED}`;
    for (const sql of [
      'SELECT * FROM iceberg_table',
      'SELECT count(*) FROM table1 JOIN iceberg_table ON true',
      "INSERT INTO iceberg_table VALUES (1, 'c1')",
      'ALTER TABLE iceberg_table ADD COLUMNS (points int)',
      'MSCK REPAIR TABLE iceberg_table',
      'SHOW PARTITIONS iceberg_table',
      'SHOW CREATE TABLE iceberg_table',
      'SHOW TBLPROPERTIES iceberg_table',
      'DROP TABLE iceberg_table',
    ]) {
      const e = await fails(t, sql, DB);
      assert.match(e.error!.message, new RegExp(`${name.replace(/[.()]/g, '\\$&')}$`), sql);
      assert.ok(e.error!.line !== undefined, `${sql}: ${e.error!.message}`);
    }
    assert.ok(await t.catalog.table(DB, 'iceberg_table'));
    assert.deepEqual((await q(t, 'DESCRIBE iceberg_table', DB)).rows.map((r) => r[0]), ['id', 'category']);
    // a view over it: its columns cannot be found without reading it
    assert.equal((await fails(t, 'CREATE VIEW over_iceberg AS\nSELECT id FROM iceberg_table', DB)).error!.message, `line 2:1: ${name}`);
  });

  it('UPDATE, DELETE, MERGE, OPTIMIZE, VACUUM and time travel: refused naming the table', async () => {
    for (const [sql, at] of [
      ["DELETE FROM iceberg_table WHERE category='c3'", '1:13'],
      ["UPDATE iceberg_table SET category='c2' WHERE category='c1'", '1:8'],
      ["OPTIMIZE iceberg_table REWRITE DATA USING BIN_PACK\n  WHERE catalog = 'c1'", '1:10'],
      ['VACUUM iceberg_table', '1:8'],
      ['MERGE INTO iceberg_table t USING table1 s\nON t.category = s.key1\nWHEN MATCHED\nTHEN DELETE', '1:12'],
    ] as const) {
      const e = await fails(t, sql, DB);
      assert.equal(e.error!.message, `line ${at}: lake.iceberg_table ${REFUSED}`, sql);
    }
    for (const sql of [
      "SELECT * FROM iceberg_table FOR TIMESTAMP AS OF TIMESTAMP '2020-01-01 10:00:00 UTC'",
      "SELECT * FROM iceberg_table FOR TIMESTAMP AS OF (current_timestamp - interval '1' day)",
      'SELECT * FROM iceberg_table FOR VERSION AS OF 949530903748831860',
    ]) {
      const e = await fails(t, sql, DB);
      assert.match(e.error!.message, /^line 1:29: iceberg_table is read with FOR (TIMESTAMP|VERSION) AS OF \(time travel\), so it is an Iceberg table: Iceberg tables are not supported by the local engine \(Athena has them\)$/);
    }
    // the same statements on a Hive table: Athena runs them on Iceberg tables only
    assert.equal((await fails(t, "DELETE FROM table1 WHERE key1 = 'a'", DB)).error!.message, 'line 1:13: DELETE FROM runs on Iceberg tables only in Athena, and lake.table1 is a Hive table');
  });

  it("ALTER TABLE SET TBLPROPERTIES ('table_type'='ICEBERG') does not turn a Hive table into one", async () => {
    const e = await fails(t, "ALTER TABLE table1 SET TBLPROPERTIES ('table_type' = 'ICEBERG')", DB);
    assert.equal(e.error!.message, `line 1:20: lake.table1 ${REFUSED}`);
    assert.equal((await t.catalog.table(DB, 'table1'))!.parameters['table_type'], undefined);
  });
});
