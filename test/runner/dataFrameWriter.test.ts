/**
 * Spark's DataFrameWriter (`df.write…`), as the public scripts write it (MazeParty/d609 machine_learning_curated.py:
 * `df.write.mode("overwrite").parquet("s3://…/")`; fangyiasano/AWS-Data-Lakehouse-for-Machine-Learning), with the
 * save modes of the Spark documentation (DataFrameWriter.mode: "append" adds the rows, "overwrite" replaces what is
 * at the path, "error"/"errorifexists" — the default — fails and "ignore" does nothing when the path holds data) and
 * partitionBy's `column=value/` folders. The data, by hand (test/fixtures/glue-studio/project/data/readings.json):
 *   ann t1 x1.0, ann t2 x-0.5, bob t3 x0.0, cid t4 x2.5, eve t5 x7.0
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTables } from '../../src/core/actions/tables';
import type { JobRun } from '../../src/core/model';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local';
import { filesUnder, jsonRows, parquetRows } from './harness';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'glue-studio', 'project');
const BUCKET = 'gs-test';
const HEADER = `import sys
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job

args = getResolvedOptions(sys.argv, ['JOB_NAME'])
glueContext = GlueContext(SparkContext())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)
df = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing").toDF()
`;

let root: string;
let target: LocalTarget;
const dir = (prefix: string) => path.join(root, '.lakehouse', 's3', BUCKET, ...prefix.split('/').filter(Boolean));

async function run(name: string, body: string): Promise<JobRun> {
  await fs.writeFile(path.join(root, 'glue-scripts', `${name}.py`), `${HEADER}${body}\njob.commit()\n`);
  const started = await target.jobs.start(name);
  return target.jobs.wait(name, started.id);
}
async function runOk(name: string, body: string): Promise<void> {
  const r = await run(name, body);
  if (r.state !== 'SUCCEEDED') assert.fail(`${name}: ${r.state} ${r.errorMessage ?? ''}`);
}

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-dfwriter-'));
  await fs.cp(FIXTURE, root, { recursive: true });
  // the scripts' folder is empty in the fixture, and git keeps no empty folders
  await fs.mkdir(path.join(root, 'glue-scripts'), { recursive: true });
  const project = await loadProject(root);
  target = await LocalTarget.open(project, { threads: 2 });
  await createTables(project, target);
  await target.storage.createBucket(BUCKET);
  await target.storage.put(BUCKET, 'readings/landing/readings-1.json', await fs.readFile(path.join(root, 'data', 'readings.json')));
});
after(async () => {
  await target.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('df.write', () => {
  test('mode("overwrite").parquet(path): what was under the path is gone, the rows are there', async () => {
    await target.storage.put(BUCKET, 'out/ow/old.json', Buffer.from('{"user":"old"}\n'));
    await target.storage.put(BUCKET, 'out/ow/sub/older.json', Buffer.from('{"user":"older"}\n'));
    await runOk('write_overwrite', `df.select("user", "x").write.mode("overwrite").parquet("s3://${BUCKET}/out/ow/")`);
    const files = [...(await filesUnder(dir('out/ow'))).keys()];
    assert.equal(files.length, 1, files.join(', '));
    assert.match(files[0]!, /\.parquet$/);
    const rows = (await parquetRows(path.join(dir('out/ow'), files[0]!))).map((r) => `${String(r['user'])} ${Number(r['x'])}`).sort();
    assert.deepEqual(rows, ['ann@example.com -0.5', 'ann@example.com 1', 'bob@example.com 0', 'cid@example.com 2.5', 'eve@example.com 7']);
  });

  test('mode("append").json(path) adds files beside those there; format(…).save(path) and mode as a keyword too', async () => {
    await target.storage.put(BUCKET, 'out/ap/old.json', Buffer.from('{"user":"old"}\n'));
    await runOk('write_append', `df.filter(df.x > 0).select("user").write.mode("append").json("s3://${BUCKET}/out/ap")\ndf.select("user").write.format("json").save("s3://${BUCKET}/out/ap2/", mode="append")`);
    assert.deepEqual((await jsonRows(dir('out/ap'))).map((r) => r['user']).sort(), ['ann@example.com', 'cid@example.com', 'eve@example.com', 'old']);
    assert.equal((await jsonRows(dir('out/ap2'))).length, 5);
  });

  test('partitionBy writes column=value/ folders', async () => {
    await runOk('write_partitioned', `df.write.mode("overwrite").partitionBy("time").parquet("s3://${BUCKET}/out/parts/")`);
    const folders = [...new Set([...(await filesUnder(dir('out/parts'))).keys()].map((k) => k.split('/')[0]))].sort();
    assert.deepEqual(folders, ['time=1', 'time=2', 'time=3', 'time=4', 'time=5']);
  });

  test('a frame with two fields of one name (after a join) fails as Spark fails, writing nothing', async () => {
    const r = await run('write_duplicates', `other = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing").toDF().select("user", "x")\ndf.join(other, df["user"] == other["user"]).write.mode("overwrite").parquet("s3://${BUCKET}/out/dup/")`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /Found duplicate column\(s\) in the data to save: `(user|x)`/);
    assert.equal((await filesUnder(dir('out/dup'))).size, 0);
  });

  test('json(path) leaves null fields out as Spark does, so the next job reading the files sees the fields Spark would', async () => {
    // Spark's JSON data source: ignoreNullFields "Whether to ignore null fields when generating JSON objects", default
    // true (https://spark.apache.org/docs/latest/sql-data-sources-json.html); a field no written record holds is not
    // in the schema a reader infers (spark.read.json, a DynamicFrame's schema on read)
    await runOk('write_nulls', `from pyspark.sql import functions as F\ndf.select("user", F.lit(None).cast("string").alias("note"), F.when(df.x > 0, df.x).alias("pos")).write.mode("append").json("s3://${BUCKET}/out/nulls/")`);
    const written = [...(await filesUnder(dir('out/nulls'))).values()].map((b) => b.toString('utf8')).join('');
    assert.doesNotMatch(written, /null/);
    assert.deepEqual(
      (await jsonRows(dir('out/nulls'))).map((r) => JSON.stringify(r)).sort(),
      ['{"user":"ann@example.com","pos":1}', '{"user":"ann@example.com"}', '{"user":"bob@example.com"}', '{"user":"cid@example.com","pos":2.5}', '{"user":"eve@example.com","pos":7}'],
    );
    // the second job of the pipeline: the field every record had null is no field at all
    const second = await run(
      'read_nulls',
      `glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${BUCKET}/out/nulls/"]}).toDF().printSchema()\nread = spark.read.json("s3://${BUCKET}/out/nulls/")\nread.printSchema()\nread.write.mode("append").parquet("s3://${BUCKET}/out/nulls_read/")`,
    );
    assert.equal(second.state, 'SUCCEEDED', second.errorMessage);
    const log = (await target.jobs.logs('read_nulls', second.id)).join('\n');
    const fields = [...log.matchAll(/ \|-- (\w+): /g)].map((m) => m[1]!);
    assert.ok(fields.length > 0, log);
    assert.ok(!fields.includes('note'), log);
    assert.deepEqual([...new Set(fields)].sort(), ['pos', 'user']);
    const [file] = [...(await filesUnder(dir('out/nulls_read'))).keys()];
    assert.deepEqual(Object.keys((await parquetRows(path.join(dir('out/nulls_read'), file!)))[0]!).sort(), ['pos', 'user']);
  });

  test('json(path) and csv(path) write timestamps as Spark does: yyyy-MM-dd\'T\'HH:mm:ss.SSSXXX in UTC', async () => {
    // Spark's JSON and CSV options (JSONOptions/CSVOptions timestampFormatInWrite, 3.3 and 3.5): default
    // "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]" in the session time zone (UTC on Glue); the commit that made the writers
    // zone-aware shows the text, apache/spark 865b2fd (SPARK-18937): a 2016-01-01 00:00:00 GMT timestamp written by
    // df.write.json is {"ts":"2016-01-01T00:00:00.000Z"}. SSS prints the milliseconds (a formatter cuts, not rounds).
    const select = `spark.sql("SELECT user, CAST('2016-01-01 00:00:00' AS TIMESTAMP) AS ts, CAST('2024-01-31 12:00:00.123456' AS TIMESTAMP) AS frac FROM readings WHERE user = 'bob@example.com'")`;
    await runOk('write_ts', `df.createOrReplaceTempView("readings")\n${select}.write.mode("overwrite").json("s3://${BUCKET}/out/ts_json/")\n${select}.write.mode("overwrite").csv("s3://${BUCKET}/out/ts_csv/", header=True)`);
    const text = async (prefix: string) => [...(await filesUnder(dir(prefix))).values()].map((b) => b.toString('utf8')).join('');
    assert.equal((await text('out/ts_json')).trim(), '{"user":"bob@example.com","ts":"2016-01-01T00:00:00.000Z","frac":"2024-01-31T12:00:00.123Z"}');
    assert.equal((await text('out/ts_csv')).trim(), 'user,ts,frac\nbob@example.com,2016-01-01T00:00:00.000Z,2024-01-31T12:00:00.123Z');
  });

  test('json(path) of timestamps inside a struct is refused by name, writing nothing', async () => {
    const r = await run('write_ts_nested', `df.createOrReplaceTempView("readings")\nspark.sql("SELECT user, named_struct('at', CAST('2016-01-01 00:00:00' AS TIMESTAMP)) AS s FROM readings").write.mode("overwrite").json("s3://${BUCKET}/out/ts_nested/")`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /the column s holds timestamps inside a struct/);
    assert.equal((await filesUnder(dir('out/ts_nested'))).size, 0);
  });

  test('json(path) of a map column fails before anything is written (a map is not told from a struct in the text)', async () => {
    const r = await run('write_map', `df.createOrReplaceTempView("readings")\nspark.sql("SELECT user, map('x', x) AS m FROM readings").write.mode("append").json("s3://${BUCKET}/out/map/")`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /the column m is a map: Spark's JSON writer leaves null struct fields out/);
    assert.equal((await filesUnder(dir('out/map'))).size, 0);
  });

  test('a path that climbs out of its bucket (s3://b/../../x/) is refused at its line before anything is read or written', async () => {
    // S3 keys may hold ".." segments; the local store keeps each bucket in a folder no key may leave (local-engine.md)
    await fs.mkdir(path.join(root, 'escaped'), { recursive: true });
    const r = await run('write_escape', `df.write.mode("overwrite").parquet("s3://${BUCKET}/../../../escaped/")\nglueContext.purge_s3_path("s3://${BUCKET}/a/../../b/", {"retentionPeriod": 0})`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /\.py:13: the sink writes s3:\/\/gs-test\/\.\.\/\.\.\/\.\.\/escaped\/, a path the local engine cannot hold: "\.\." segments are not allowed/);
    assert.deepEqual(await fs.readdir(path.join(root, 'escaped')), []);
  });

  // The save modes that look at the path (Spark's InsertIntoHadoopFsRelationCommand, 3.3 and 3.5: ErrorIfExists →
  // `if (fs.exists(qualifiedOutputPath)) throw QueryCompilationErrors.outputPathAlreadyExistsError(qualifiedOutputPath)`,
  // Ignore → `!fs.exists(qualifiedOutputPath)`: no write). The text: Spark 3.3 (Glue 4.0, this fixture's
  // glueVersion) `new AnalysisException(s"path $outputPath already exists.")`; Spark 3.5 (Glue 5.0) error class
  // PATH_ALREADY_EXISTS, docs/sql-error-conditions.md: `Path <outputPath> already exists. Set mode as "overwrite" to
  // overwrite the existing path.` The path is Hadoop's qualified Path: no trailing "/".
  test('the default mode (errorifexists) writes a path that does not exist, and fails naming the path once it exists', async () => {
    await runOk('write_default', `df.select("user").write.json("s3://${BUCKET}/out/def/")`);
    assert.equal((await jsonRows(dir('out/def'))).length, 5);
    const again = await run('write_default', `df.select("user").write.json("s3://${BUCKET}/out/def/")`);
    assert.equal(again.state, 'FAILED');
    assert.match(again.errorMessage ?? '', /write_default\.py:13: df\.write: AnalysisException: path s3:\/\/gs-test\/out\/def already exists\.$/);
    // nothing was added by the failed run
    assert.equal((await jsonRows(dir('out/def'))).length, 5);
  });

  // Each df.write is a Spark action run at its line; nothing rolls the S3 objects of an earlier one back when a later
  // one fails (only a Lake Formation governed table's transaction does: "without this call [DeleteObjectsOnCancel], no
  // Amazon S3 objects are automatically deleted when a transaction cancels", Lake Formation API reference).
  test('mode("error") fails when an object is under the path, or when an earlier sink of the job wrote there; the earlier sink\'s files stay, the failing one writes nothing', async () => {
    await target.storage.put(BUCKET, 'out/err/old.json', Buffer.from('{"user":"old"}\n'));
    const r = await run('write_error', `df.select("user").write.mode("append").json("s3://${BUCKET}/out/err_other/")\ndf.select("user").write.mode("error").json("s3://${BUCKET}/out/err")`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /write_error\.py:14: df\.write: AnalysisException: path s3:\/\/gs-test\/out\/err already exists\./);
    assert.equal((await jsonRows(dir('out/err_other'))).length, 5);
    assert.deepEqual([...(await filesUnder(dir('out/err'))).keys()], ['old.json']);
    const twice = await run('write_error_twice', `df.select("user").write.mode("append").json("s3://${BUCKET}/out/err2/")\ndf.select("x").write.mode("errorifexists").json("s3://${BUCKET}/out/err2/")`);
    assert.equal(twice.state, 'FAILED');
    assert.match(twice.errorMessage ?? '', /write_error_twice\.py:14: .*path s3:\/\/gs-test\/out\/err2 already exists\./);
    assert.deepEqual((await jsonRows(dir('out/err2'))).map((x) => Object.keys(x)), Array(5).fill(['user']));
  });

  test('mode("ignore") writes nothing where the path exists, and writes where it does not', async () => {
    await target.storage.put(BUCKET, 'out/ign/old.json', Buffer.from('{"user":"old"}\n'));
    const r = await run('write_ignore', `df.select("user").write.mode("ignore").json("s3://${BUCKET}/out/ign/")\ndf.select("user").write.mode("ignore").json("s3://${BUCKET}/out/ign_new/")`);
    assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
    assert.deepEqual((await jsonRows(dir('out/ign'))).map((x) => x['user']), ['old']);
    assert.equal((await jsonRows(dir('out/ign_new'))).length, 5);
    assert.equal(r.rowsWritten, 5);
  });

  const refused: [string, string, RegExp][] = [
    ['saveAsTable', `df.write.saveAsTable("t")`, /DataFrameWriter\.saveAsTable cannot run on the local engine/],
    ['an unknown mode', `df.write.mode("replace").parquet("s3://${BUCKET}/out/r3/")`, /unknown save mode "replace"/],
  ];
  for (const [what, code, message] of refused)
    test(`refused before anything runs: ${what}`, async () => {
      const r = await run(`write_refused_${what.replace(/\W+/g, '_')}`, code);
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', message);
      assert.match(r.errorMessage ?? '', /\.py:13:\d+: /);
    });
});
