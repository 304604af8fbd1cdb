/**
 * Column methods and generators through the one Spark SQL translation (columnCall.ts translateColumnSql,
 * translateColumnGenerator): `-c`, `c ** x`, isin, like/ilike/rlike, startswith/endswith/contains, substr,
 * getItem/getField/`c[k]`, explode/posexplode of arrays and maps, json_tuple.
 *
 * Expected values are the docstring examples of python/pyspark/sql/column.py and functions.py (the PySpark API
 * reference's pages, spark.apache.org/docs/3.3.0/api/python/reference/pyspark.sql/api/pyspark.sql.Column.<name>.html
 * and pyspark.sql.functions.<name>.html), run over the examples' rows read from JSON:
 *   df = [(2, "Alice"), (5, "Bob")]:
 *     isin: df[df.name.isin("Bob", "Mike")] → Bob; df[df.age.isin([1, 2, 3])] → Alice
 *     like('Al%') → Alice; rlike('ice$') → Alice; ilike('%Ice') → Alice; startswith('Al') → Alice; endswith('ice') → Alice
 *     substr: df.name.substr(1, 3).alias("col") → 'Ali', 'Bob'
 *   getItem: [([1, 2], {"key": "value"})] as (l, d): df.select(df.l.getItem(0), df.d.getItem("key")) → the columns
 *     l[0] = 1 and d[key] = 'value'
 *   getField: [Row(r=Row(a=1, b="b"))]: df.select(df.r.getField("b")) → the column r.b = 'b'; df.r.a → r.a = 1
 *   explode: eDF = [Row(a=1, intlist=[1, 2, 3], mapfield={"a": "b"})]: explode(intlist).alias("anInt") → 1, 2, 3;
 *     explode(mapfield) → the columns key, value: a, b
 *   posexplode: posexplode(intlist) → (pos, col) (0, 1), (1, 2), (2, 3); posexplode(mapfield) → (pos, key, value) (0, a, b)
 *   json_tuple: [("1", '{"f1": "value1", "f2": "value2"}'), ("2", '{"f1": "value12"}')]: select(key,
 *     json_tuple(jstring, 'f1', 'f2')) → (1, value1, value2), (2, value12, None)
 *   pow (functions.py, 3.4.1 page): pow(lit(3), lit(2)) → the column POWER(3, 2) = 9.0; `**` is the same Pow
 * and where the F form and the SQL text must agree (the same Catalyst expression): each method beside its SQL text
 * over the same rows, including what the examples do not show (a negative array index, isin of a string and numbers).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jsonRows } from './harness';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

const DATA: Record<string, unknown[]> = {
  people: [
    { age: 2, name: 'Alice' },
    { age: 5, name: 'Bob' },
  ],
  items: [{ l: [1, 2], r: { a: 1, b: 'b' } }],
  lists: [{ a: 1, intlist: [1, 2, 3] }],
  win: [
    { g: 'a', o: 1, x: 10 },
    { g: 'a', o: 2, x: null },
    { g: 'a', o: 3, x: 30 },
    { g: 'b', o: 1, x: 5 },
    { g: 'b', o: null, x: 7 },
  ],
  json: [
    { key: '1', jstring: '{"f1": "value1", "f2": "value2"}' },
    { key: '2', jstring: '{"f1": "value12"}' },
  ],
};

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lh-fmethods-');
  for (const [name, rows] of Object.entries(DATA)) await p.target.storage.put(GS_BUCKET, `${name}/landing/r.json`, Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));
});
after(() => p?.close());

const read = (name: string) => `spark.read.json("s3://${GS_BUCKET}/${name}/landing/")`;
async function rows(job: string, df: string): Promise<Record<string, unknown>[]> {
  await p.runOk(job, `from pyspark.sql import functions as F\ndf = ${df}\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/${job}/")\n`);
  return jsonRows(p.objects(`out/${job}`));
}
/** the getItem example's d is a map (createDataFrame of a dict): made by SQL, as JSON reads an object as a struct */
const items = () => `${read('items')}.selectExpr("l", "map('key', 'value') AS d", "r")`;
const names = (out: Record<string, unknown>[]) => out.map((r) => r['name']).sort();

describe('Column methods, as the docs run them', () => {
  test('isin, like, rlike, ilike, startswith, endswith filter the rows the docs give', async () => {
    const people = read('people');
    assert.deepEqual(names(await rows('m_isin', `${people}.filter(F.col("name").isin("Bob", "Mike"))`)), ['Bob']);
    assert.deepEqual(names(await rows('m_isin_list', `${people}.filter(F.col("age").isin([1, 2, 3]))`)), ['Alice']);
    for (const [job, cond] of [
      ['m_like', 'F.col("name").like("Al%")'],
      ['m_rlike', 'F.col("name").rlike("ice$")'],
      ['m_ilike', 'F.col("name").ilike("%Ice")'],
      ['m_startswith', 'F.col("name").startswith("Al")'],
      ['m_endswith', 'F.col("name").endswith("ice")'],
    ] as const)
      assert.deepEqual(names(await rows(job, `${people}.filter(${cond})`)), ['Alice'], job);
  });

  test('substr(1, 3); getItem and getField with Spark\'s names; ** is POWER', async () => {
    const sub = await rows('m_substr', `${read('people')}.select(F.col("name").substr(1, 3).alias("col"))`);
    assert.deepEqual(sub.map((r) => r['col']).sort(), ['Ali', 'Bob']);
    const [got] = await rows('m_items', `${items()}.select(F.col("l").getItem(0), F.col("d").getItem("key"), F.col("r").getField("b"), F.col("l")[1].alias("second"))`);
    assert.deepEqual(got, { 'l[0]': 1, 'd[key]': 'value', 'r.b': 'b', second: 2 });
    const [pw] = await rows('m_pow', `${read('lists')}.select(F.pow(F.lit(3), F.lit(2)), (F.col("a") + 2) ** 2)`);
    assert.deepEqual(pw, { 'POWER(3, 2)': 9, 'POWER((a + 2), 2)': 9 });
  });
});

describe('generators through the SQL translation', () => {
  test('explode of an array and of a map (its key and value columns), posexplode of both', async () => {
    const m = `${read('lists')}.selectExpr("a", "intlist", "map('a', 'b') AS mapfield")`;
    const ints = await rows('g_explode', `${m}.select(F.explode("intlist").alias("anInt"))`);
    assert.deepEqual(ints.map((r) => r['anInt']).sort(), [1, 2, 3]);
    assert.deepEqual(await rows('g_explode_map', `${m}.select(F.explode(F.col("mapfield")))`), [{ key: 'a', value: 'b' }]);
    const pos = await rows('g_posexplode', `${m}.select(F.posexplode("intlist"))`);
    assert.deepEqual(pos.sort((x, y) => (x['pos'] as number) - (y['pos'] as number)), [
      { pos: 0, col: 1 },
      { pos: 1, col: 2 },
      { pos: 2, col: 3 },
    ]);
    assert.deepEqual(await rows('g_posexplode_map', `${m}.select(F.posexplode("mapfield"))`), [{ pos: 0, key: 'a', value: 'b' }]);
  });

  test('json_tuple: one column per field, c0, c1, …', async () => {
    const out = await rows('g_json_tuple', `${read('json')}.select(F.col("key"), F.json_tuple(F.col("jstring"), "f1", "f2"))`);
    assert.deepEqual(
      out.sort((a, b) => String(a['key']).localeCompare(String(b['key']))),
      [
        { key: '1', c0: 'value1', c1: 'value2' },
        { key: '2', c0: 'value12' },
      ],
    );
  });

  test('a map\'s explode with one alias, or in withColumn, is refused as Spark refuses it', async () => {
    const m = `${read('lists')}.selectExpr("map('a', 'b') AS mapfield")`;
    const aliased = await p.run('g_alias', `from pyspark.sql import functions as F\ndf = ${m}.select(F.explode("mapfield").alias("kv"))\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/g_alias/")\n`);
    assert.equal(aliased.state, 'FAILED');
    assert.match(aliased.errorMessage ?? '', /g_alias\.py:\d+:\d+: .*makes 2 columns \(key, value\)/);
    const withCol = await p.run('g_withcolumn', `from pyspark.sql import functions as F\ndf = ${m}.withColumn("kv", F.explode("mapfield"))\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/g_withcolumn/")\n`);
    assert.equal(withCol.state, 'FAILED');
    assert.match(withCol.errorMessage ?? '', /withColumn\("kv", …\).*makes 2 columns/);
  });
});

describe('the F form and the SQL text agree (one translation)', () => {
  test('negation, a negative array index, isin of a string among numbers, substr past the end, a missing map key', async () => {
    const [f] = await rows(
      'a_f',
      `${items()}.select((-F.col("r.a")).alias("neg"), F.col("l").getItem(-1).alias("last"), F.col("l")[5].alias("out"), F.col("r.a").isin("1", 2).alias("isin"), F.col("r.b").substr(2, 5).alias("sub"), F.col("d").getItem("nope").alias("miss"))`,
    );
    const [s] = await rows('a_sql', `${items()}.selectExpr("-r.a AS neg", "l[-1] AS last", "l[5] AS out", "r.a IN ('1', 2) AS isin", "substring(r.b, 2, 5) AS sub", "d['nope'] AS miss")`);
    assert.deepEqual(f, s);
    assert.deepEqual(f, { neg: -1, isin: true, sub: '' });
  });

  test('a window (partitionBy, orderBy with its null order, rowsBetween, the default frame) is the SQL OVER', async () => {
    const w = 'Window.partitionBy("g").orderBy("o")';
    const f = await p.runOk(
      'w_f',
      `from pyspark.sql import functions as F\nfrom pyspark.sql.window import Window\ndf = ${read('win')}.select("g", "o", F.sum("x").over(${w}.rowsBetween(-1, Window.currentRow)).alias("moving"), F.last("x").over(${w}).alias("last"), F.count("x").over(Window.partitionBy("g")).alias("n"), F.row_number().over(Window.partitionBy("g").orderBy(F.col("o").desc())).alias("rn"))\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/w_f/")\n`,
    );
    const s = await p.runOk(
      'w_sql',
      `df = ${read('win')}.selectExpr("g", "o", "sum(x) OVER (PARTITION BY g ORDER BY o ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS moving", "last(x) OVER (PARTITION BY g ORDER BY o) AS last", "count(x) OVER (PARTITION BY g) AS n", "row_number() OVER (PARTITION BY g ORDER BY o DESC) AS rn")\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/w_sql/")\n`,
    );
    assert.equal(f.state, s.state);
    const sorted = (rs: Record<string, unknown>[]) => rs.map((r) => JSON.stringify(r)).sort();
    const fr = await jsonRows(p.objects('out/w_f'));
    assert.deepEqual(sorted(fr), sorted(await jsonRows(p.objects('out/w_sql'))));
    assert.equal(fr.length, 5);
  });
});
