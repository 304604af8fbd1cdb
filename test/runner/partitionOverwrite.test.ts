/**
 * df.write.mode("overwrite").partitionBy(…) and Spark's spark.sql.sources.partitionOverwriteMode. Spark's
 * configuration page (sql-performance / configuration.html, since 2.3.0): "In static mode, Spark deletes all the
 * partitions that match the partition specification (e.g. PARTITION(a=1,b)) in the INSERT statement, before
 * overwriting. In dynamic mode, Spark doesn't delete partitions ahead, and only overwrite those partitions that have
 * data written into it at runtime. By default we use static mode ... This can also be set as an output option for a
 * data source using key partitionOverwriteMode (which takes precedence over this setting), e.g.
 * dataframe.write.option("partitionOverwriteMode", "dynamic").save(path)." A write without partition columns replaces
 * the whole path either way (InsertIntoHadoopFsRelationCommand: dynamic only when staticPartitions.size <
 * partitionColumns.length). Expected folders and rows worked out by hand from the two writes below.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { filesUnder, parquetRows } from './harness';
import * as path from 'node:path';
import { glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lh-partoverwrite-');
});
after(() => p.close());

/** day → the ids under day=<day>/ */
async function byDay(prefix: string): Promise<Record<string, number[]>> {
  const dir = p.objects(prefix);
  const out: Record<string, number[]> = {};
  for (const f of [...(await filesUnder(dir)).keys()].sort()) {
    const day = /day=([^/]+)\//.exec(f)?.[1] ?? '(root)';
    for (const r of await parquetRows(path.join(dir, f))) (out[day] ??= []).push(Number(r['id']));
  }
  for (const k of Object.keys(out)) out[k]!.sort((a, b) => a - b);
  return out;
}

// the first write: days 1 and 2; the second: days 2 and 3
const WRITES = (out: string, first = '', second = '') => `a = spark.createDataFrame([(1, "d1"), (2, "d2"), (3, "d2")], ["id", "day"])
b = spark.createDataFrame([(4, "d2"), (5, "d3")], ["id", "day"])
a.write${first}.mode("overwrite").partitionBy("day").parquet("s3://gs-test/out/${out}/")
b.write${second}.mode("overwrite").partitionBy("day").parquet("s3://gs-test/out/${out}/")`;

describe('partitionOverwriteMode', () => {
  test('static (the default): the second overwrite replaces the whole path', async () => {
    await p.runOk('po_static', WRITES('static'));
    assert.deepEqual(await byDay('out/static/'), { d2: [4], d3: [5] });
  });

  test('spark.conf.set(…, "dynamic"): only the partitions the write writes are replaced; d1 stays', async () => {
    await p.runOk('po_dynamic', `spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")\n${WRITES('dynamic')}`);
    assert.deepEqual(await byDay('out/dynamic/'), { d1: [1], d2: [4], d3: [5] });
  });

  test('the write option takes precedence over the session setting, both ways', async () => {
    await p.runOk('po_option_dyn', WRITES('option_dyn', '', '.option("partitionOverwriteMode", "dynamic")'));
    assert.deepEqual(await byDay('out/option_dyn/'), { d1: [1], d2: [4], d3: [5] });
    await p.runOk('po_option_static', `spark.conf.set("spark.sql.sources.partitionOverwriteMode", "DYNAMIC")\n${WRITES('option_static', '', '.option("partitionOverwriteMode", "static")')}`);
    assert.deepEqual(await byDay('out/option_static/'), { d2: [4], d3: [5] });
  });

  test('dynamic without partition columns replaces the whole path', async () => {
    await p.runOk('po_unpartitioned', `spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
a = spark.createDataFrame([(1, "d1")], ["id", "day"])
a.write.mode("overwrite").parquet("s3://gs-test/out/unpartitioned/")
a.filter(a.id > 5).write.mode("overwrite").parquet("s3://gs-test/out/unpartitioned/")`);
    const files = [...(await filesUnder(p.objects('out/unpartitioned/'))).keys()];
    const rows = (await Promise.all(files.map((f) => parquetRows(path.join(p.objects('out/unpartitioned/'), f))))).flat();
    assert.deepEqual(rows, []);
  });

  test('a value other than static or dynamic fails as Spark does', async () => {
    const r = await p.run('po_bad', 'spark.conf.set("spark.sql.sources.partitionOverwriteMode", "partial")');
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /should be one of STATIC, DYNAMIC, but was partial/);
  });
});

describe('SparkSession.builder.config', () => {
  // PySpark 3.3 SparkSession.Builder.getOrCreate: with a session already there (Glue's), "for key, value in
  // self._options.items(): session._jsparkSession.sessionState().conf().setConfString(key, value)"
  test('builder.config(key, value).getOrCreate() sets the setting on Glue\'s session, as spark.conf.set does', async () => {
    await p.runOk('po_builder', `from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.sql.sources.partitionOverwriteMode", "dynamic").getOrCreate()\n${WRITES('builder')}`);
    assert.deepEqual(await byDay('out/builder/'), { d1: [1], d2: [4], d3: [5] });
  });
  test('a setting that may change results is refused there too, by name', async () => {
    const r = await p.run('po_builder_tz', 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.sql.session.timeZone", "America/New_York").getOrCreate()');
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /SparkSession\.builder\.config\("spark\.sql\.session\.timeZone", …\) cannot run on the local engine: this setting may change results/);
  });
});

describe('the job parameter --conf (lakehouse.json glue.defaultArguments)', () => {
  // Glue's "Using job parameters in AWS Glue jobs": "--conf Controls Spark config parameters"; several joined by
  // " --conf " as people write them
  test('--conf spark.sql.sources.partitionOverwriteMode=dynamic is the session setting before the first line', async () => {
    const q = await glueStudioProject('lh-partconf-', {}, undefined, { '--conf': 'spark.sql.shuffle.partitions=4 --conf spark.sql.sources.partitionOverwriteMode=dynamic' });
    try {
      await q.runOk('po_conf', WRITES('conf'));
      const dir = q.objects('out/conf/');
      const days = [...(await filesUnder(dir)).keys()].map((f) => /day=([^/]+)\//.exec(f)?.[1]).sort();
      assert.deepEqual([...new Set(days)], ['d1', 'd2', 'd3']);
    } finally {
      await q.close();
    }
  });
  test('a --conf setting that may change results is refused by name', async () => {
    const q = await glueStudioProject('lh-partconf2-', {}, undefined, { '--conf': 'spark.sql.session.timeZone=America/New_York' });
    try {
      const r = await q.run('po_conf_tz', 'print(1)');
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', /the job argument --conf "spark\.sql\.session\.timeZone=America\/New_York" \(lakehouse\.json glue\.defaultArguments\) cannot run on the local engine/);
    } finally {
      await q.close();
    }
  });
});
