/**
 * `pyspark.sql.functions` (`F.*`) is the Spark SQL function of the same name (the SQL Query node's translation,
 * src/core/sql/spark/functions): the functions the F vocabulary used to refuse while the SQL side translated them run
 * in F with the same answers, and what the SQL side refuses F refuses with the same words.
 *
 * Cases and expected values are the docstring examples of apache/spark python/pyspark/sql/functions.py (Spark 3.5,
 * the PySpark API reference's pages of each function: spark.apache.org/docs/3.5.0/api/python/reference/pyspark.sql/
 * api/pyspark.sql.functions.<name>.html), run through `F.*` over the same rows read from JSON (the examples'
 * `spark.createDataFrame` is not followed locally):
 *   format_number: [(5,)] → format_number('a', 4) = '5.0000'
 *   months_between: [('1997-02-28 10:30:00', '1996-10-30')] → 3.94959677; roundOff=False 3.9495967741935485
 *   next_day: [('2015-07-27',)] → next_day(d, 'Sun') = 2015-08-02
 *   levenshtein: [('kitten', 'sitting')] → 3
 *   crc32: [('ABC',)] → 2743272264
 *   array_join: [(["a", "b", "c"],), (["a", None],)] → 'a,b,c', 'a'; null_replacement "NULL": 'a,b,c', 'a,NULL'
 *   array_max: [([2, 1, 3],), ([None, 10, -1],)] → 3, 10
 *   array_position: [(["c", "b", "a"],), ([],)] → array_position(data, "a") = 3, 0, in the column `array_position(data, a)`
 *   slice: [([1, 2, 3],), ([4, 5],)] → slice(x, 2, 2) = [2, 3], [5] (unaliased, the column `slice(x, 2, 2)`: the
 *     Databricks PySpark reference's show() of the same example)
 *   substring_index: [('a.b.c.d',)] → (s, '.', 2) 'a.b'; (s, '.', -3) 'b.c.d'
 *   repeat: [('ab',)] → repeat(s, 3) 'ababab'
 *   ascii / base64: ["Spark"] → 83 / 'U3Bhcms='
 *   signum: signum(lit(-5)) = -1.0, signum(lit(6)) = 1.0
 *   trunc: [('1997-02-28',)] → trunc(d, 'year') 1997-01-01, trunc(d, 'mon') 1997-02-01
 *   split: [('oneAtwoBthreeC',)] → split(s, '[ABC]', 2) ['one', 'twoBthreeC']; split(s, '[ABC]', -1) ['one', 'two', 'three', '']
 *   max_by: [("Java", 2012, 20000), ("dotNET", 2012, 5000), ("dotNET", 2013, 48000), ("Java", 2013, 30000)] →
 *     groupby("course").agg(max_by("year", "earnings")): Java 2013, dotNET 2013
 *   collect_set: [(2,), (5,), (5,)] → array_sort(collect_set('age')) = [2, 5]
 * and where PySpark passes a string as a value, not a field name:
 *   regexp_extract: [('100-200',)] → regexp_extract('str', r'(\d+)-(\d+)', 1) = '100'
 *   regexp_replace: [('100-200',)] → regexp_replace('str', r'(\d+)', '--') = '-----'
 *   date_format: [('2015-04-08',)] → date_format('dt', 'MM/dd/yyy') = '04/08/2015'
 *   concat_ws: [('abcd', '123')] → concat_ws('-', df.s, df.d) = 'abcd-123'
 *   when: spark.range(3) → when(df.id == 2, 3).otherwise(4) = 4, 4, 3
 *   round / bround: [(2.5,)] → round('a', 0) = 3.0, bround('a', 0) = 2.0
 *   lit: lit(5) = 5
 * and a Column method made of Spark SQL's operators (pyspark/sql/column.py, Column.between's docstring):
 *   [(2, "Alice"), (5, "Bob")] → df.age.between(2, 4): the column `((age >= 2) AND (age <= 4))`, true, false
 * and Spark's Cast (a double to a string is Java's Double.toString, `1.0E20`: Cast.castToString; the F vocabulary
 * refused it before, the SQL side translated it).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jsonRows } from './harness';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

const DATA: Record<string, unknown[]> = {
  nums: [{ a: 5 }],
  dates: [{ date1: '1997-02-28 10:30:00', date2: '1996-10-30', d: '2015-07-27', t: '1997-02-28' }],
  words: [{ l: 'kitten', r: 'sitting', a: 'ABC', s: 'a.b.c.d', ab: 'ab', v: 'Spark', sp: 'oneAtwoBthreeC' }],
  joins: [{ id: 1, data: ['a', 'b', 'c'], m: [2, 1, 3], p: ['c', 'b', 'a'], x: [1, 2, 3] }, { id: 2, data: ['a', null], m: [null, 10, -1], p: [], x: [4, 5] }],
  earnings: [
    { course: 'Java', year: 2012, earnings: 20000 },
    { course: 'dotNET', year: 2012, earnings: 5000 },
    { course: 'dotNET', year: 2013, earnings: 48000 },
    { course: 'Java', year: 2013, earnings: 30000 },
  ],
  ages: [{ age: 2 }, { age: 5 }, { age: 5 }],
  people: [{ age: 2, name: 'Alice' }, { age: 5, name: 'Bob' }],
  conventions: [{ id: 0, str: '100-200', dt: '2015-04-08', s: 'abcd', d: '123', a: 2.5 }, { id: 1, str: '100-200', dt: '2015-04-08', s: 'abcd', d: '123', a: 2.5 }, { id: 2, str: '100-200', dt: '2015-04-08', s: 'abcd', d: '123', a: 2.5 }],
};

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lh-fvocab-');
  for (const [name, rows] of Object.entries(DATA)) await p.target.storage.put(GS_BUCKET, `${name}/landing/r.json`, Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));
});
after(() => p?.close());

const read = (name: string) => `spark.read.json("s3://${GS_BUCKET}/${name}/landing/")`;
/** runs `df = <expr>` and writes df as JSON; the rows written */
async function rows(job: string, df: string): Promise<Record<string, unknown>[]> {
  await p.runOk(job, `from pyspark.sql import functions as F\nfrom pyspark.sql.window import Window\ndf = ${df}\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/${job}/")\n`);
  return jsonRows(p.objects(`out/${job}`));
}

describe('F.* functions the SQL side translates run in F with the docs\' answers', () => {
  test('strings: format_number, levenshtein, crc32, substring_index, repeat, ascii, base64, split with a limit', async () => {
    const [n] = await rows('f_nums', `${read('nums')}.select(F.format_number("a", 4).alias("v"))`);
    assert.equal(n!['v'], '5.0000');
    const [w] = await rows(
      'f_words',
      `${read('words')}.select(F.levenshtein("l", "r").alias("d"), F.crc32("a").alias("crc32"), F.substring_index("s", ".", 2).alias("i2"), F.substring_index(F.col("s"), ".", -3).alias("i3"), F.repeat("ab", 3).alias("rep"), F.ascii("v").alias("asc"), F.base64("v").alias("b64"), F.split("sp", "[ABC]", 2).alias("s2"), F.split("sp", "[ABC]", -1).alias("s1"), F.signum(F.lit(-5)).alias("neg"), F.signum(F.lit(6)).alias("pos"))`,
    );
    assert.deepEqual(w, { d: 3, crc32: 2743272264, i2: 'a.b', i3: 'b.c.d', rep: 'ababab', asc: 83, b64: 'U3Bhcms=', s2: ['one', 'twoBthreeC'], s1: ['one', 'two', 'three', ''], neg: -1, pos: 1 });
  });

  test('dates: months_between (rounded and not), next_day, trunc', async () => {
    const [d] = await rows(
      'f_dates',
      `${read('dates')}.select(F.months_between("date1", "date2").alias("months"), F.months_between(F.col("date1"), F.col("date2"), False).alias("exact"), F.next_day("d", "Sun").alias("date"), F.trunc("t", "year").alias("y"), F.trunc("t", "mon").alias("m"))`,
    );
    assert.deepEqual(d, { months: 3.94959677, exact: 3.9495967741935485, date: '2015-08-02', y: '1997-01-01', m: '1997-02-01' });
  });

  test('arrays: array_join (with null_replacement), array_max, array_position, slice', async () => {
    const out = await rows(
      'f_arrays',
      `${read('joins')}.select("id", F.array_join("data", ",").alias("joined"), F.array_join(F.col("data"), ",", "NULL").alias("nulls"), F.array_max("m").alias("max"), F.array_position("p", "a").alias("pos"), F.slice("x", 2, 2).alias("sliced"), F.slice(F.col("x"), 2, 2), F.array_position("p", "a"))`,
    );
    assert.deepEqual(
      out.sort((a, b) => (a['id'] as number) - (b['id'] as number)),
      [
        { id: 1, joined: 'a,b,c', nulls: 'a,b,c', max: 3, pos: 3, sliced: [2, 3], 'slice(x, 2, 2)': [2, 3], 'array_position(p, a)': 3 },
        { id: 2, joined: 'a', nulls: 'a,NULL', max: 10, pos: 0, sliced: [5], 'slice(x, 2, 2)': [5], 'array_position(p, a)': 0 },
      ],
    );
  });

  test('aggregates: max_by, and collect_set sorted as the docs sort it', async () => {
    const out = await rows('f_max_by', `${read('earnings')}.groupBy("course").agg(F.max_by("year", "earnings").alias("y"))`);
    assert.deepEqual(out.map((r) => JSON.stringify(r)).sort(), ['{"course":"Java","y":2013}', '{"course":"dotNET","y":2013}']);
    const [c] = await rows('f_collect_set', `${read('ages')}.agg(F.array_sort(F.collect_set("age")).alias("c"))`);
    assert.deepEqual(c, { c: [2, 5] });
  });
});

describe('aggregates and window functions through the translation', () => {
  test('count("*"), countDistinct, sum; row_number, lag and sum over windows (worked out by hand from the rows)', async () => {
    const agg = await rows('f_aggs', `${read('earnings')}.groupBy("course").agg(F.count("*").alias("n"), F.countDistinct("year").alias("years"), F.sum("earnings").alias("total"))`);
    assert.deepEqual(agg.map((r) => JSON.stringify(r)).sort(), ['{"course":"Java","n":2,"years":2,"total":50000}', '{"course":"dotNET","n":2,"years":2,"total":53000}']);
    const win = await rows(
      'f_windows',
      `${read('earnings')}.select("course", "year", F.row_number().over(Window.partitionBy("course").orderBy("year")).alias("rn"), F.lag("earnings", 1).over(Window.partitionBy("course").orderBy("year")).alias("prev"), F.sum("earnings").over(Window.partitionBy("course")).alias("total"))`,
    );
    assert.deepEqual(win.map((r) => JSON.stringify(r)).sort(), [
      '{"course":"Java","year":2012,"rn":1,"total":50000}',
      '{"course":"Java","year":2013,"rn":2,"prev":20000,"total":50000}',
      '{"course":"dotNET","year":2012,"rn":1,"total":53000}',
      '{"course":"dotNET","year":2013,"rn":2,"prev":5000,"total":53000}',
    ]);
  });
});

describe('PySpark\'s argument conventions: a string is a value where PySpark passes one', () => {
  test('regexp_extract, regexp_replace, date_format, concat_ws, when, round, bround and lit, as the docs run them', async () => {
    const out = await rows(
      'f_conventions',
      `${read('conventions')}.select("id", F.regexp_extract("str", r"(\\d+)-(\\d+)", 1).alias("re"), F.regexp_replace("str", r"(\\d+)", "--").alias("rr"), F.date_format("dt", "MM/dd/yyy").alias("df"), F.concat_ws("-", F.col("s"), F.col("d")).alias("cw"), F.when(F.col("id") == 2, 3).otherwise(4).alias("w"), F.round("a", 0).alias("r"), F.bround("a", 0).alias("b"), F.lit(5).alias("height"))`,
    );
    assert.deepEqual(
      out.sort((a, b) => (a['id'] as number) - (b['id'] as number)).map(({ id, ...r }) => [id, r]),
      [0, 1, 2].map((id) => [id, { re: '100', rr: '-----', df: '04/08/2015', cw: 'abcd-123', w: id === 2 ? 3 : 4, r: 3, b: 2, height: 5 }]),
    );
  });
});

describe('F.* and the SQL side agree', () => {
  test('decimal arithmetic has Spark\'s result types in F as in SQL (DecimalPrecision, its literal rule)', async () => {
    // DecimalPrecision (the Spark SQL reference's "Decimal arithmetic"): decimal(10,2) * decimal(10,2) is
    // decimal(21,4), + is decimal(11,2); written as the text of that type
    const out = await rows(
      'f_decimal',
      `${read('nums')}.select(F.col("a").cast("decimal(10,2)").alias("x")).select((F.col("x") * F.col("x")).cast("string").alias("f_mul"), F.expr("CAST(x * x AS STRING)").alias("s_mul"), (F.col("x") + F.col("x")).cast("string").alias("f_add"), F.expr("CAST(x + x AS STRING)").alias("s_add"))`,
    );
    assert.deepEqual(out, [{ f_mul: '25.0000', s_mul: '25.0000', f_add: '10.00', s_add: '10.00' }]);
    // decimal(10,2) / 3: an integer literal (lit(3) in F, 3 in SQL: both Catalyst Literals) is read as decimal(1,0)
    // (DecimalPrecision's literal rule), so scale max(6, s1 + p2 + 1) = 6, precision p1 - s1 + s2 + 6 = 14:
    // 1.666667; a column or a cast int is decimal(10,0): scale 13, 1.6666666666667 (the F operator refused decimal
    // division before)
    const [div] = await rows(
      'f_decimal_div',
      `${read('nums')}.select(F.col("a").cast("decimal(10,2)").alias("x")).select((F.col("x") / 3).cast("string").alias("f_div"), F.expr("CAST(x / 3 AS STRING)").alias("s_div"), (F.col("x") / F.lit(3).cast("int")).cast("string").alias("f_cast"), F.expr("CAST(x / CAST(3 AS INT) AS STRING)").alias("s_cast"))`,
    );
    assert.deepEqual(div, { f_div: '1.666667', s_div: '1.666667', f_cast: '1.6666666666667', s_cast: '1.6666666666667' });
  });

  test('Column.between is (self >= lower) & (self <= upper), named as Spark names it', async () => {
    const out = await rows('f_between', `${read('people')}.select("name", F.col("age").between(2, 4))`);
    assert.deepEqual(out.map((r) => JSON.stringify(r)).sort(), ['{"name":"Alice","((age >= 2) AND (age <= 4))":true}', '{"name":"Bob","((age >= 2) AND (age <= 4))":false}']);
  });

  test('when: the values of one type, as Spark coerces them; Spark\'s name of the CASE', async () => {
    // PySpark's when docstring: when(df.id == 2, df.id + 1) is null but for id 2; a double beside an int makes both
    // doubles (Spark's CaseWhen coercion), so 1 is written as the double 1.0
    const out = await rows('f_when', `${read('people')}.select("name", F.when(F.col("age") > 4, 1).otherwise(2.5).cast("string").alias("c"), F.when(F.col("age") == 5, F.col("age") + 1))`);
    assert.deepEqual(out.map((r) => JSON.stringify(r)).sort(), ['{"name":"Alice","c":"2.5"}', '{"name":"Bob","c":"1.0","CASE WHEN (age = 5) THEN (age + 1) END":6}']);
  });

  test('cast: a double as a string is Java\'s text, in F as in SQL', async () => {
    const [c] = await rows('f_cast', `${read('nums')}.select(F.lit(1e20).cast("string").alias("f"), F.expr("CAST(1e20 AS STRING)").alias("s"), (F.col("a") * 0.5).cast("string").alias("half"))`);
    assert.deepEqual(c, { f: '1.0E20', s: '1.0E20', half: '2.5' });
  });

  test('a function the SQL side refuses is refused in F with the same words, at the script\'s line', async () => {
    const f = await p.run('f_refused', `from pyspark.sql import functions as F\ndf = ${read('words')}.select(F.soundex("l").alias("x"), F.xxhash64("l").alias("h"))\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/f_refused/")\n`);
    const s = await p.run('s_refused', `df = ${read('words')}.selectExpr("xxhash64(l) AS h")\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/s_refused/")\n`);
    assert.equal(f.state, 'FAILED');
    assert.equal(s.state, 'FAILED');
    const words = (m: string | undefined) => /(xxhash64[^:]* is not supported by the local engine \(Spark has it\))/.exec(m ?? '')?.[1];
    assert.ok(words(s.errorMessage), s.errorMessage);
    assert.equal(words(f.errorMessage), words(s.errorMessage), f.errorMessage);
    assert.match(f.errorMessage ?? '', /f_refused\.py:\d+:\d+: pyspark\.sql\.functions\.xxhash64/);
  });
});
