/**
 * Partitioned sinks as Glue writes them: `connection_options={"path": …, "partitionKeys": [...]}` makes Hive-style
 * `key=value/` folders under the path, the partition keys left out of the files, in every format (JSON included).
 * Folder names are escaped as Spark's ExternalCatalogUtils.escapePathName escapes them (apache/spark,
 * sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/catalog/ExternalCatalogUtils.scala, commit da81d8e):
 * the characters 0x01–0x1F, `"`, `#`, `%`, `'`, `*`, `/`, `:`, `=`, `?`, `\`, 0x7F, `{`, `[`, `]`, `^` become `%XX`
 * (upper-case hex) — not `@`, not a space, not non-ASCII letters (the space is escaped on Windows only, and Glue runs
 * Linux); a NULL or empty value is `__HIVE_DEFAULT_PARTITION__` (getPartitionValueString). AWS Glue, "Managing
 * partitions for ETL output" (aws-glue-programming-etl-partitions.html): `partitionKeys` writes `key=value` folders.
 * Expected folders are worked out by hand from test/fixtures/glue-studio/project/data/readings.json
 * (users ann@example.com ×2, bob@, cid@, eve@; times 1–5).
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JobRun } from '../../src/core/model';
import { jsonRows, parquetRows } from './harness';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

const BUCKET = GS_BUCKET;
// what every script here reads first
const SOURCES = `readings = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing")\n`;

let p: ScriptProject;
const outDir = (out: string) => p.objects(`out/${out}`);
const runOk = (name: string, body: string): Promise<JobRun> => p.runOk(name, `${SOURCES}${body}`);
const folders = async (dir: string) => (await fs.readdir(dir)).filter((f) => !f.startsWith('.')).sort();

before(async () => {
  p = await glueStudioProject('lh-parts-');
});
after(() => p.close());

describe('partitioned sinks', () => {
  test('JSON with partitionKeys: a user=<e-mail>/ folder per user, @ as it is, the key not in the files', async () => {
    await runOk(
      'json_parts',
      `glueContext.write_dynamic_frame.from_options(frame=readings, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/json_parts/", "partitionKeys": ["user"]})`,
    );
    assert.deepEqual(await folders(outDir('json_parts')), ['user=ann@example.com', 'user=bob@example.com', 'user=cid@example.com', 'user=eve@example.com']);
    const ann = await jsonRows(path.join(outDir('json_parts'), 'user=ann@example.com'));
    assert.deepEqual(ann.map((r) => r['time']).sort(), [1, 2]);
    assert.ok(ann.every((r) => !('user' in r)), 'the partition key is in the folder name, not the records');
    const files = await fs.readdir(path.join(outDir('json_parts'), 'user=eve@example.com'));
    assert.ok(files.length > 0 && files.every((f) => f.endsWith('.json')), files.join(', '));
  });

  test('getSink with partitionKeys and the catalog: the table gets its partitions, Athena reads the key from the folders', async () => {
    await runOk(
      'json_catalog_parts',
      `sink = glueContext.getSink(path="s3://${BUCKET}/out/by_user/", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE", partitionKeys=["user"], enableUpdateCatalog=True)
sink.setCatalogInfo(catalogDatabase="lake", catalogTableName="readings_by_user")
sink.setFormat("json")
sink.writeFrame(readings)`,
    );
    const table = await p.target.catalog.table('lake', 'readings_by_user');
    assert.deepEqual(table?.partitionKeys.map((k) => k.name), ['user']);
    assert.deepEqual(
      (table?.partitions ?? []).map((p) => p.values[0]).sort(),
      ['ann@example.com', 'bob@example.com', 'cid@example.com', 'eve@example.com'],
    );
    const q = await p.target.queries.run('SELECT "user", count(*) FROM lake.readings_by_user GROUP BY "user" ORDER BY "user"');
    assert.equal(q.state, 'SUCCEEDED', q.error?.message);
    assert.deepEqual((await p.target.queries.page(q.id)).rows, [['ann@example.com', 2], ['bob@example.com', 1], ['cid@example.com', 1], ['eve@example.com', 1]]);
  });

  test('escaping as Spark\'s escapePathName: / : # = % escaped, space, @ and ü kept; NULL and "" as __HIVE_DEFAULT_PARTITION__', async () => {
    await runOk(
      'json_escaped',
      `df = readings.toDF().withColumn("k", F.when(F.col("time") == 1, F.lit("a/b:c d@e"))
    .when(F.col("time") == 2, F.lit("50%#x=y"))
    .when(F.col("time") == 3, F.lit("grüße"))
    .when(F.col("time") == 4, F.lit("")))
out = DynamicFrame.fromDF(df, glueContext, "out")
glueContext.write_dynamic_frame.from_options(frame=out, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/json_escaped/", "partitionKeys": ["k"]})`,
    );
    // time 1: a/b:c d@e → a%2Fb%3Ac d@e; time 2: 50%#x=y → 50%25%23x%3Dy; time 3: grüße; times 4 ("") and 5 (NULL)
    assert.deepEqual(await folders(outDir('json_escaped')), ['k=50%25%23x%3Dy', 'k=__HIVE_DEFAULT_PARTITION__', 'k=a%2Fb%3Ac d@e', 'k=grüße'].sort());
    const dflt = await jsonRows(path.join(outDir('json_escaped'), 'k=__HIVE_DEFAULT_PARTITION__'));
    assert.deepEqual(dflt.map((r) => r['time']).sort(), [4, 5]);
  });

  test('Parquet with two partition keys: nested folders, the same escaping', async () => {
    await runOk(
      'parquet_parts',
      `df = readings.toDF().withColumn("day", F.when(F.col("time") <= 2, F.lit("2024/01/01")).otherwise(F.lit("2024/01/02")))
out = DynamicFrame.fromDF(df, glueContext, "out")
glueContext.write_dynamic_frame.from_options(frame=out, connection_type="s3", format="parquet", connection_options={"path": "s3://${BUCKET}/out/parquet_parts/", "partitionKeys": ["day", "user"]})`,
    );
    assert.deepEqual(await folders(outDir('parquet_parts')), ['day=2024%2F01%2F01', 'day=2024%2F01%2F02']);
    assert.deepEqual(await folders(path.join(outDir('parquet_parts'), 'day=2024%2F01%2F02')), ['user=bob@example.com', 'user=cid@example.com', 'user=eve@example.com']);
    const rows = await parquetRows(path.join(outDir('parquet_parts'), 'day=2024%2F01%2F01', 'user=ann@example.com'));
    assert.deepEqual(rows.map((r) => Number(r['time'])).sort(), [1, 2]);
    assert.ok(rows.every((r) => !('user' in r) && !('day' in r)));
  });
});
