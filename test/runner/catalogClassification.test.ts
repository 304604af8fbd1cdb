/**
 * Tables made by Athena's DDL carry no `classification` table property, and a Glue job cannot use such a table through
 * the Data Catalog. Evidence (awsdocs/amazon-athena-user-guide at 765e909):
 *   - doc_source/create-table.md, TBLPROPERTIES: "To run ETL jobs, AWS Glue requires that you create a table with the
 *     `classification` property to indicate the data type for AWS Glue as `csv`, `parquet`, `orc`, `avro`, or `json`.
 *     For example, `'classification'='csv'`. ETL jobs will fail if you do not specify this property. You can
 *     subsequently specify it using the AWS Glue console, API, or CLI."
 *   - doc_source/glue-best-practices.md, "Creating tables using Athena for AWS Glue ETL jobs": "Tables that you create in
 *     Athena must have a table property added to them called a `classification` … This allows AWS Glue to use the
 *     tables for ETL jobs", with `STORED AS PARQUET TBLPROPERTIES ('classification'='parquet')` as the example.
 *   - awsdocs/aws-glue-developer-guide (c4620ef) add-classifier.md: the built-in CSV classifier's classification is
 *     `csv`, and it "creates tables referencing the LazySimpleSerDe" — so a delimited-text table's is csv.
 * Glue's own error text for the failure was searched for (issues, pages, code) and not found: the refusal words it.
 * Athena itself needs no classification: its queries over the same table run as before.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { bodyLine, GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';
import { jsonRows, sorted } from './harness';

let p: ScriptProject;

const sql = async (text: string) => {
  const q = await p.target.queries.run(text);
  assert.equal(q.state, 'SUCCEEDED', `${text}: ${q.error?.message ?? ''}`);
  return (await p.target.queries.page(q.id)).rows;
};

// hand-made: three records
const PLAIN = [
  { id: 1, name: 'a' },
  { id: 2, name: 'b' },
  { id: 3, name: 'c' },
];

before(async () => {
  p = await glueStudioProject('lh-classification-');
  await p.target.storage.put(GS_BUCKET, 'plain/p.json', Buffer.from(PLAIN.map((r) => JSON.stringify(r)).join('\n') + '\n'));
  await p.target.storage.put(GS_BUCKET, 'keep/k.json', Buffer.from('{"k":1}\n'));
  // as a user writes it, without TBLPROPERTIES
  await sql(`CREATE EXTERNAL TABLE lake.plain (id bigint, name string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${GS_BUCKET}/plain/'`);
});
after(async () => {
  await p.close();
});

const READ = (table: string) => `S = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="${table}", transformation_ctx="S")\n`;
const SINK = (out: string) => `glueContext.write_dynamic_frame.from_options(frame=S, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/${out}/"})\n`;

describe("Athena's queries over a table without classification", () => {
  test('run as before, and SHOW TBLPROPERTIES shows no classification (Athena adds none)', async () => {
    assert.deepEqual(await sql('SELECT count(*), sum(id) FROM lake.plain'), [[3, 6]]);
    assert.deepEqual(await sql('SHOW TBLPROPERTIES lake.plain'), []);
    // show-tblproperties.md: a property the table lacks, in Hive's words
    assert.deepEqual(await sql("SHOW TBLPROPERTIES lake.plain('classification')"), [['Table lake.plain does not have property: classification']]);
  });
});

describe('a Glue job over a table without classification', () => {
  test('from_catalog is refused before anything runs: the line, the table and the TBLPROPERTIES to add', async () => {
    const body = `glueContext.purge_s3_path("s3://${GS_BUCKET}/keep/", {"retentionPeriod": 0})\n${READ('plain')}${SINK('plain')}`;
    const r = await p.run('plain_read', body);
    assert.equal(r.state, 'FAILED');
    assert.equal(r.errorLine, bodyLine(2));
    assert.equal(
      r.errorMessage,
      `glue-scripts/plain_read.py:${bodyLine(2)}: create_dynamic_frame.from_catalog reads lake.plain, a table with no 'classification' table property: a Glue job fails on it (Athena's CREATE EXTERNAL TABLE adds none; the Glue console and crawlers do) — add TBLPROPERTIES ('classification'='json') to its CREATE EXTERNAL TABLE, or run ALTER TABLE lake.plain SET TBLPROPERTIES ('classification'='json')`,
    );
    // nothing ran: the purge before the read deleted nothing, the sink wrote nothing
    assert.ok(existsSync(`${p.objects('keep')}/k.json`));
    assert.deepEqual(await p.writtenLines('out/plain/'), []);
  });

  test("the classification to add follows the table's format: Parquet, delimited text (csv), OpenCSVSerde (csv)", async () => {
    await sql(`CREATE EXTERNAL TABLE lake.pq (id bigint) STORED AS PARQUET LOCATION 's3://${GS_BUCKET}/pq/'`);
    await sql(`CREATE EXTERNAL TABLE lake.txt (id bigint) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://${GS_BUCKET}/txt/'`);
    await sql(`CREATE EXTERNAL TABLE lake.ocsv (id string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION 's3://${GS_BUCKET}/ocsv/'`);
    for (const [table, value] of [
      ['pq', 'parquet'],
      ['txt', 'csv'],
      ['ocsv', 'csv'],
    ] as const) {
      const r = await p.run(`read_${table}`, `${READ(table)}${SINK(table)}`);
      assert.equal(r.state, 'FAILED', table);
      assert.match(r.errorMessage ?? '', new RegExp(`reads lake\\.${table}, a table with no 'classification' table property: .* add TBLPROPERTIES \\('classification'='${value}'\\)`));
    }
  });

  test('write_dynamic_frame.from_catalog to such a table is refused at its line', async () => {
    await sql(`CREATE EXTERNAL TABLE lake.plain_out (id bigint, name string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${GS_BUCKET}/out/plain_out/'`);
    const body = `S = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/plain/"]})\nglueContext.write_dynamic_frame.from_catalog(frame=S, database="lake", table_name="plain_out")\n`;
    const r = await p.run('plain_write', body);
    assert.equal(r.state, 'FAILED');
    assert.equal(r.errorLine, bodyLine(2));
    assert.match(r.errorMessage ?? '', /write_dynamic_frame\.from_catalog writes lake\.plain_out, a table with no 'classification' table property: .*TBLPROPERTIES \('classification'='json'\)/);
    assert.deepEqual(await p.writtenLines('out/plain_out/'), []);
  });

  test("Spark SQL's spark.table reads it through its SerDe, as Athena does: not refused", async () => {
    const r = await p.runOk('plain_spark', 'print(spark.table("lake.plain").count())\n');
    assert.deepEqual(await p.printed('plain_spark', r.id, bodyLine(1)), ['3']);
  });

  test('once the classification is set (glue-best-practices.md: "you can add it" afterwards), the same job runs', async () => {
    await sql("ALTER TABLE lake.plain SET TBLPROPERTIES ('classification'='json')");
    await p.runOk('plain_read_after', `${READ('plain')}${SINK('plain_after')}`);
    assert.deepEqual(sorted(await jsonRows(p.objects('out/plain_after'))), PLAIN);
  });
});
