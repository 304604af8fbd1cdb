/**
 * Random numbers in Glue jobs and Athena queries. Sources:
 *   - pyspark.sql.functions.rand / randn (https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.functions.rand.html):
 *     "i.i.d. samples uniformly distributed in [0.0, 1.0)" / "from the standard normal distribution"; "The function is
 *     non-deterministic in general case". An unseeded call's values are any values of the distribution — tested by
 *     range and count, never by value.
 *   - The column's name: apache/spark functions.scala `def rand(): Column = rand(Utils.random.nextLong)` — the seed
 *     Spark draws is in the name (the Databricks PySpark reference prints `rand(-158884697681280011)` for
 *     `select("*", rand())`), so the local run needs an alias there.
 *   - Seeded calls: the same page's example `rand(seed=42) * 3` gives 2.4052597283576684 in the 3.2.0 docs and
 *     1.4385751892400076 in the 3.4.1 docs (`spark.range(2)`, partitioned otherwise): a seeded value depends on
 *     Spark's XORShiftRandom per partition, which the local engine cannot reproduce — refused by name, in the
 *     DataFrame API and in Spark SQL (SQL Query node, `F.expr`, `spark.sql`).
 *   - Athena (Trino's math functions, trino.io/docs/current/functions/math.html): `rand()`/`random()` is a double in
 *     [0.0, 1.0), `random(n)` an integer in [0, n) — a bound, not a seed; Trino has no seeded form.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readGlueScript } from '../../src/core/jobs/script';
import * as sparkSql from '../sql/sparkRun';
import * as trino from '../sql/trinoRun';
import { jsonRows } from './harness';
import { GLUE_PROLOGUE, glueStudioProject, type ScriptProject } from './glueStudioProject';

const READINGS = `ReadingLanding_node1 = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing", transformation_ctx="ReadingLanding_node1")
df = ReadingLanding_node1.toDF()
`;
const sink = (frame: string, out: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=DynamicFrame.fromDF(${frame}, glueContext, "out"), connection_type="s3", format="json", connection_options={"path": "s3://gs-test/out/${out}/", "partitionKeys": []})\n`;

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-random-');
});
after(async () => {
  await p?.close();
});

describe('unseeded F.rand() and F.randn() run', () => {
  test('each record gets a uniform value in [0, 1) and a finite normal value', async () => {
    await p.runOk(
      'rand_cols',
      `${READINGS}r = df.withColumn("u", F.rand()).withColumn("n", F.randn(seed=None)).select("user", "u", "n", (F.rand() * 10).alias("ten"))
${sink('r', 'rand_cols')}`,
    );
    const rows = await jsonRows(p.objects('out/rand_cols'));
    assert.equal(rows.length, 5);
    for (const r of rows) {
      assert.ok(typeof r['u'] === 'number' && r['u'] >= 0 && r['u'] < 1, `u = ${String(r['u'])}`);
      assert.ok(typeof r['n'] === 'number' && Number.isFinite(r['n']), `n = ${String(r['n'])}`);
      assert.ok(typeof r['ten'] === 'number' && r['ten'] >= 0 && r['ten'] < 10, `ten = ${String(r['ten'])}`);
    }
    // a value per record, not one per run
    assert.ok(new Set(rows.map((r) => r['u'])).size > 1);
  });

  test('without an alias in select, the column would have the name of the seed Spark draws: an alias is needed', async () => {
    const r = await p.run('rand_unnamed', `${READINGS}r = df.select("user", F.rand())\n${sink('r', 'rand_unnamed')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /alias/);
  });
});

describe('seeded random functions are refused by name', () => {
  const script = (body: string) => `${GLUE_PROLOGUE}${READINGS}${body}\n${sink('r', 'seeded')}job.commit()\n`;
  const refusedAt = async (body: string, needle: string, message: RegExp) => {
    const text = script(body);
    await assert.rejects(readGlueScript(text, 'job.py'), (e: Error & { detail?: { line?: number } }) => {
      assert.match(e.message, message);
      const line = text.slice(0, text.indexOf(needle)).split('\n').length;
      assert.equal(e.detail?.line, line, e.message);
      return true;
    });
  };

  test('in the DataFrame API, when the script is read: F.rand(42), F.rand(seed=42), F.randn(7)', async () => {
    const why = /with a seed, Spark's values are its XORShiftRandom sequence seeded per partition/;
    await refusedAt('r = df.withColumn("u", F.rand(42))', 'F.rand(42)', /pyspark\.sql\.functions\.rand with seed=42 cannot run on the local engine/);
    await refusedAt('r = df.withColumn("u", F.rand(seed=42))', 'F.rand(seed=42)', why);
    await refusedAt('r = df.withColumn("n", F.randn(7))', 'F.randn(7)', /pyspark\.sql\.functions\.randn with seed=7 cannot run on the local engine: with a seed/);
  });

  test('in Spark SQL (SQL Query node, F.expr, spark.sql): rand(42), random(1), randn(7); rand() runs', async () => {
    for (const q of ['rand(42)', 'random(1)', 'randn(7)', 'rand(NULL)']) assert.match((await sparkSql.failure(`SELECT ${q} AS r`)).message, /with a seed is not supported by the local engine \(Spark has it\)/, q);
    for (const q of ['rand()', 'random()']) {
      const v = Number(await sparkSql.value(`SELECT ${q} AS r`));
      assert.ok(v >= 0 && v < 1, `${q} = ${v}`);
    }
    assert.ok(Number.isFinite(Number(await sparkSql.value('SELECT randn() AS r'))));
    // F.expr("rand(42)") is read as Spark SQL too, when the job runs
    const r = await p.run('expr_seeded', `${READINGS}r = df.withColumn("u", F.expr("rand(42)"))\n${sink('r', 'expr_seeded')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /rand with a seed is not supported by the local engine/);
  });

  test('in Athena SQL there is no seed: rand() is in [0, 1), random(10) an integer in [0, 10)', async () => {
    const u = Number(await trino.value('rand()'));
    assert.ok(u >= 0 && u < 1);
    const n = await trino.athena('random(10)');
    assert.equal(n.types[0], 'bigint');
    assert.ok(Number(n.rows[0]![0]) >= 0 && Number(n.rows[0]![0]) < 10 && Number.isInteger(Number(n.rows[0]![0])));
  });
});

// Spark fixes a random expression's seed when the DataFrame's plan is analysed (functions.scala
// `def rand(): Column = rand(Utils.random.nextLong)`; the analyser's ResolveRandomSeed rule gives uuid() its seed), so
// every action on one frame recomputes the same values (XORShiftRandom(seed + partition index) over the same
// partitions): each sink of the frame writes the same values, and two filters of it split its records.
describe('a frame of random values holds the same values for every read of it, as on Spark', () => {
  const byKey = (rows: Record<string, unknown>[], field: string) =>
    rows.map((r) => `${String(r['user'])}|${String(r['time'])}|${String(r[field])}`).sort();

  test('two sinks of one frame write the same rand() and uuid() values', async () => {
    await p.runOk(
      'rand_twice',
      `${READINGS}r = df.withColumn("u", F.rand()).withColumn("id", F.expr("uuid()"))
${sink('r', 'rand_twice_a')}${sink('r', 'rand_twice_b')}`,
    );
    const a = await jsonRows(p.objects('out/rand_twice_a'));
    const b = await jsonRows(p.objects('out/rand_twice_b'));
    assert.equal(a.length, 5);
    assert.deepEqual(byKey(b, 'u'), byKey(a, 'u'));
    assert.deepEqual(byKey(b, 'id'), byKey(a, 'id'));
  });

  test('two filters of one frame split its records: every record in exactly one of them', async () => {
    await p.runOk(
      'rand_split',
      `${READINGS}r = df.withColumn("u", F.rand())
low = r.filter(F.col("u") < 0.5)
high = r.filter(F.col("u") >= 0.5)
${sink('low', 'rand_low')}${sink('high', 'rand_high')}${sink('r', 'rand_all')}`,
    );
    const low = await jsonRows(p.objects('out/rand_low'));
    const high = await jsonRows(p.objects('out/rand_high'));
    for (const r of low) assert.ok((r['u'] as number) < 0.5);
    for (const r of high) assert.ok((r['u'] as number) >= 0.5);
    const all = await jsonRows(p.objects('out/rand_all'));
    assert.equal(all.length, 5);
    assert.deepEqual([...byKey(low, 'u'), ...byKey(high, 'u')].sort(), byKey(all, 'u'));
  });
});
