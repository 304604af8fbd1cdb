/**
 * pyspark.sql.functions whose Python signature differs from the SQL function's: which arguments PySpark passes as
 * values (a string there is a string, not a field name), which as Columns, what it adds. Each case is the docstring
 * example of the function's page in the PySpark API reference (spark.apache.org/docs/<version>/api/python/reference/
 * pyspark.sql/api/pyspark.sql.functions.<name>.html), run through `F.*` over the example's rows read from JSON:
 *   get_json_object (3.5 page): [("1", '{"f1": "value1", "f2": "value2"}'), ("2", '{"f1": "value12"}')] →
 *     get_json_object(jstring, '$.f1') / '$.f2': value1, value2 / value12, None
 *   from_json (3.5.6 page): [(1, '{"a": 1}')] → from_json(value, "a INT") Row(a=1) (its "MAP<STRING,INT>" example is
 *     refused: the SQL side does not translate from_json into a map)
 *   conv (4.x page, the same example as 3.x's): [("010101",), ("101",), ("001",)] → conv(n, 2, 16) 15, 5, 1, the
 *     column conv(n, 2, 16)
 *   array_repeat (3.3.0 page, and the Databricks page's show()): [('ab',)] → array_repeat(data, 3) ['ab', 'ab', 'ab'],
 *     the column array_repeat(data, 3)
 *   nth_value (3.4.0 page): [("a", 1), ("a", 2), ("a", 3), ("b", 8), ("b", 2)], w = partitionBy("c1").orderBy("c2")
 *     → nth_value("c2", 1): 1, 1, 1 / 2, 2; nth_value("c2", 2): NULL, 2, 2 / NULL, 8
 *   log (the 4.x page's examples: [1, 2, 4] → log(2.0, value) 0.0, 1.0, 2.0; log(value) 0.0, 0.6931471805599453,
 *     1.3862943611198906; the 3.4.1 page's: log(value) is the column ln(value), 2.302585092994046 for 10 — its
 *     log(10.0, value) = 3.0 for 1000 is not run by the doctests: Spark's Logarithm is StrictMath.log(1000) /
 *     StrictMath.log(10) = 2.9999999999999996, so that row is left out)
 *   regexp_extract_all (3.5.7 page, Spark 3.5 only): [("100-200, 300-400", r"(\d+)-(\d+)")] → (str, lit(regexp))
 *     ['100', '300'], idx 2 ['200', '400']; (str, col("regexp")) — a pattern from a field — is refused by the SQL
 *     side (a pattern that is not a constant could use what RE2 lacks), and so is (str, "regexp"): a field name
 *   nvl / nvl2 (3.5.6 / 3.5.7 pages, "New in version 3.5.0"): [(None, 8, 6), (1, 9, 9)] → nvl(a, b) 8, 1; nvl2(a, b, c)
 *     6, 9 — on glueVersion 4.0 the AttributeError Python raises
 *   substr (3.5.3 page, Spark 3.5 only): [("Spark SQL", 5, 1)] → substr("a", "b", "c") 'k' (the fields b and c), the
 *     column substr(a, b, c); substr("a", "b") 'k SQL', the column substr(a, b, 2147483647)
 *   percentile_approx (3.4.1 page: the percentage a float, a list of floats or a Column; accuracy 10000 by default;
 *     "the smallest value in the ordered col values … such that no more than percentage of col values is less than
 *     the value or equal to that value"): over 1…10 the list [0.25, 0.5, 0.75] gives [3, 5, 8] and 0.5 gives 5 —
 *     worked out by hand from that definition (the page's own example draws randn(42))
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jsonRows } from './harness';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

const DATA: Record<string, unknown[]> = {
  json: [
    { key: '1', jstring: '{"f1": "value1", "f2": "value2"}', value: '{"a": 1}' },
    { key: '2', jstring: '{"f1": "value12"}', value: '{"a": 1}' },
  ],
  bases: [{ n: '010101' }, { n: '101' }, { n: '001' }],
  repeat: [{ data: 'ab' }],
  nth: [
    { c1: 'a', c2: 1 },
    { c1: 'a', c2: 2 },
    { c1: 'a', c2: 3 },
    { c1: 'b', c2: 8 },
    { c1: 'b', c2: 2 },
  ],
  logs: [{ value: 1 }, { value: 2 }, { value: 4 }, { value: 10 }],
  regexps: [{ str: '100-200, 300-400', regexp: '(\\d+)-(\\d+)' }],
  substrs: [{ a: 'Spark SQL', b: 5, c: 1 }],
  nulls: [
    { id: 1, b: 8, c: 6 },
    { id: 2, a: 1, b: 9, c: 9 },
  ],
  tens: Array.from({ length: 10 }, (_, i) => ({ v: i + 1 })),
};

const read = (name: string) => `spark.read.json("s3://${GS_BUCKET}/${name}/landing/")`;
const byKey = (k: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => String(a[k]).localeCompare(String(b[k]));

async function projectWith(glueVersion?: string): Promise<ScriptProject> {
  const p = await glueStudioProject('lh-fconv-', {}, glueVersion);
  for (const [name, rows] of Object.entries(DATA)) await p.target.storage.put(GS_BUCKET, `${name}/landing/r.json`, Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));
  return p;
}

/** runs `df = <expr>` and writes df as JSON; the rows written */
async function rows(p: ScriptProject, job: string, df: string): Promise<Record<string, unknown>[]> {
  await p.runOk(job, `from pyspark.sql import functions as F\nfrom pyspark.sql.window import Window\ndf = ${df}\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/${job}/")\n`);
  return jsonRows(p.objects(`out/${job}`));
}

describe('glueVersion 4.0 (Spark 3.3): the arguments PySpark passes as values', () => {
  let p: ScriptProject;
  before(async () => (p = await projectWith()));
  after(() => p?.close());

  test('get_json_object and from_json: the path and the DDL schema are strings, not field names', async () => {
    const out = await rows(
      p,
      'f_json',
      `${read('json')}.select(F.col("key"), F.get_json_object(F.col("jstring"), '$.f1').alias("c0"), F.get_json_object("jstring", '$.f2').alias("c1"), F.from_json("value", "a INT").alias("json"))`,
    );
    assert.deepEqual(out.sort(byKey('key')), [
      { key: '1', c0: 'value1', c1: 'value2', json: { a: 1 } },
      { key: '2', c0: 'value12', json: { a: 1 } },
    ]);
  });

  test('conv and array_repeat: the bases and the count are values, named as Spark names them', async () => {
    const conv = await rows(p, 'f_conv', `${read('bases')}.select("n", F.conv(F.col("n"), 2, 16))`);
    assert.deepEqual(conv.sort(byKey('n')), [
      { n: '001', 'conv(n, 2, 16)': '1' },
      { n: '010101', 'conv(n, 2, 16)': '15' },
      { n: '101', 'conv(n, 2, 16)': '5' },
    ]);
    const rep = await rows(p, 'f_repeat', `${read('repeat')}.select(F.array_repeat("data", 3), F.array_repeat(F.col("data"), 3).alias("r"))`);
    assert.deepEqual(rep, [{ 'array_repeat(data, 3)': ['ab', 'ab', 'ab'], r: ['ab', 'ab', 'ab'] }]);
  });

  test('nth_value: the offset is a value; ignoreNulls=False is the plain call', async () => {
    const w = 'Window.partitionBy("c1").orderBy("c2")';
    const out = await rows(p, 'f_nth', `${read('nth')}.withColumn("first", F.nth_value("c2", 1).over(${w})).withColumn("second", F.nth_value("c2", 2, False).over(${w}))`);
    assert.deepEqual(
      out.map((r) => [r['c1'], r['c2'], r['first'], r['second'] ?? null]).sort((a, b) => String(a[0]).localeCompare(String(b[0])) || (a[1] as number) - (b[1] as number)),
      [
        ['a', 1, 1, null],
        ['a', 2, 1, 2],
        ['a', 3, 1, 2],
        ['b', 2, 2, null],
        ['b', 8, 2, 8],
      ],
    );
  });

  test('log: one argument is the natural logarithm, ln(value); with a float base it is that base\'s', async () => {
    const out = await rows(p, 'f_log', `${read('logs')}.select("value", F.log(2.0, F.col("value")).alias("log2_value"), F.log("value"))`);
    const by = new Map(out.map((r) => [r['value'], r]));
    assert.deepEqual([1, 2, 4].map((v) => by.get(v)!['log2_value']), [0, 1, 2]);
    assert.deepEqual([1, 2, 4, 10].map((v) => by.get(v)!['ln(value)']), [0, 0.6931471805599453, 1.3862943611198906, 2.302585092994046]);
  });

  test('log with an int base is refused, naming the float to write', async () => {
    const r = await p.run('f_log_int', `from pyspark.sql import functions as F\ndf = ${read('logs')}.select(F.log(10, "value").alias("x"))\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/f_log_int/")\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /f_log_int\.py:\d+:\d+: .*the base of F\.log.*write it as a float: 10\.0/);
  });

  test('a function PySpark 3.3 does not have fails as on Glue 4.0: AttributeError, at its line', async () => {
    // regexp_extract_all and substr are PySpark 3.5's (their pages say "New in version 3.5.0"); the PySpark 3.3.0
    // reference's function index has neither (src/core/jobs/vocabulary/pysparkVersions.ts)
    const r = await p.run('f_not_in_33', `from pyspark.sql import functions as F\ndf = ${read('regexps')}.select(F.regexp_extract_all("str", F.lit("(\\\\d+)")).alias("d"))\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/f_not_in_33/")\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /f_not_in_33\.py:\d+:\d+: AttributeError: module 'pyspark\.sql\.functions' has no attribute 'regexp_extract_all' — glueVersion 4\.0 runs PySpark 3\.3/);
  });

  test('percentile_approx: a list of percentages is an array of them; the accuracy is 10000 when not given', async () => {
    const [q] = await rows(p, 'f_pct', `${read('tens')}.agg(F.percentile_approx("v", [0.25, 0.5, 0.75]).alias("quantiles"), F.percentile_approx(F.col("v"), 0.5, 1000000).alias("median"), F.percentile_approx("v", 0.5))`);
    assert.deepEqual(q, { quantiles: [3, 5, 8], median: 5, 'percentile_approx(v, 0.5, 10000)': 5 });
  });
});

describe('glueVersion 5.0 (Spark 3.5): its functions with Columns where SQL has values', () => {
  let p: ScriptProject;
  before(async () => (p = await projectWith('5.0')));
  after(() => p?.close());

  test('regexp_extract_all: the pattern is a Column (a string is a field name), idx an int', async () => {
    const [r] = await rows(
      p,
      'f_extract_all',
      `${read('regexps')}.select(F.regexp_extract_all("str", F.lit(r"(\\d+)-(\\d+)")).alias("d"), F.regexp_extract_all("str", F.lit(r"(\\d+)-(\\d+)"), 2).alias("d2"))`,
    );
    assert.deepEqual(r, { d: ['100', '300'], d2: ['200', '400'] });
    const named = await p.run('f_extract_field', `from pyspark.sql import functions as F\ndf = ${read('regexps')}.select(F.regexp_extract_all("str", "regexp").alias("ds"))\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/f_extract_field/")\n`);
    assert.equal(named.state, 'FAILED');
    assert.match(named.errorMessage ?? '', /regexp_extract_all with a pattern that is not a constant is not supported by the local engine/);
  });

  test('substr: the position and the length are Columns or field names, not values', async () => {
    const [r] = await rows(p, 'f_substr', `${read('substrs')}.select(F.substr("a", "b", "c"), F.substr("a", "b"))`);
    assert.deepEqual(r, { 'substr(a, b, c)': 'k', 'substr(a, b, 2147483647)': 'k SQL' });
  });

  test('nvl and nvl2 are F functions of PySpark 3.5, over Columns or field names', async () => {
    const out = await rows(p, 'f_nvl', `${read('nulls')}.select("id", F.nvl(F.col("a"), F.col("b")).alias("r"), F.nvl2("a", "b", "c").alias("r2"))`);
    assert.deepEqual(out.sort((x, y) => (x['id'] as number) - (y['id'] as number)), [
      { id: 1, r: 8, r2: 6 },
      { id: 2, r: 1, r2: 9 },
    ]);
  });
});
