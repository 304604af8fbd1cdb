/**
 * DataFrame.show(n, truncate, vertical) prints Spark's table as Dataset.showString makes it (apache/spark
 * sql/core/src/main/scala/org/apache/spark/sql/Dataset.scala @0fea96b92114ff7e58ac4b80974231c06ea540c8, `showString`
 * and `getRows`; PySpark's DataFrame.show passes truncate=True as 20, False as 0):
 *   - it takes n + 1 rows and prints `only showing top n rows` (`row` for 1) only when there were more than n;
 *   - a cell longer than `truncate` (> 0) keeps its first truncate - 3 characters and `...`, or its first truncate
 *     characters when truncate < 4; null prints `null`;
 *   - a column is at least 3 wide (`minimumColWidth`); cells are left-padded when truncating, right-padded when not;
 *   - a cell is its value cast to a string (Spark 3.3, Glue 4.0's: Cast.castToString with
 *     spark.sql.legacy.castComplexTypesToString.enabled false): a double as Java's Double.toString (`1.0E20`), a struct
 *     its values in braces (`{alice, [a, b]}`), an array `[a, b]`, a timestamp without trailing zeros in its fraction.
 *   - Spark 3.5 (Glue 5.0's) casts the cells with ToPrettyString (apache/spark sql/catalyst/src/main/scala/org/apache/
 *     spark/sql/catalyst/expressions/ToPrettyString.scala: "It prints null values (either from column or struct
 *     field) as "NULL"", and binary values in hex) — Spark 3.3's Dataset.getRows prints a null cell `null`.
 * Expected tables are written by hand from those rules and the data below.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sparkShowTable } from '../../src/core/targets/local/sparkShow';
import { bodyLine, glueStudioProject, GS_BUCKET, type ScriptProject } from './glueStudioProject';

const NESTED = '{"id": 1, "d": 1e20, "st": {"name": "alice", "tags": ["a", "b"]}}';
const ROWS = ['{"a": 1, "s": "abcdefghijklmnopqrstuvwxy"}', '{"a": 22, "s": "short"}', '{"a": 3, "s": null}'].join('\n');

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-dfshow-');
  await p.target.storage.put(GS_BUCKET, 'rows/landing/r.json', Buffer.from(`${ROWS}\n`));
  await p.target.storage.put(GS_BUCKET, 'nested/landing/n.json', Buffer.from(`${NESTED}\n`));
  await p.target.storage.put(GS_BUCKET, 'dates/landing/d.json', Buffer.from('{"d": "2024-01-31", "tags": ["a", "b"]}\n'));
  await p.target.storage.put(GS_BUCKET, 'arrays/landing/a.json', Buffer.from('{"xs": ["b", "a", "b", null, "a"]}\n'));
  await p.target.storage.put(GS_BUCKET, 'prices/landing/p.json', Buffer.from('{"v": 19.95, "n": 1}\n{"v": 20.0, "n": 2}\n'));
  await p.target.storage.put(GS_BUCKET, 'unsorted/landing/u.json', Buffer.from('{"z": 1, "a": "x", "m": {"y": 2, "b": 3}}\n'));
  await p.target.storage.put(GS_BUCKET, 'zoned/landing/z.json', Buffer.from('{"ts": "2024-03-10T02:30:00+01:00", "r": [{"s": "t", "v": 1.5}]}\n{"ts": "2024-03-10T23:00:00.123Z", "r": []}\n'));
});
after(async () => {
  await p?.close();
});

describe('DataFrame.show() as Spark prints it', () => {
  test('n, truncate and the footer', async () => {
    const r = await p.runOk(
      'df_show',
      `df = spark.read.json("s3://${GS_BUCKET}/rows/landing/").select("a", "s")
df.show(3)
df.show(truncate=False)
df.show(1, truncate=5)
df.show(n=2, truncate=3)
`,
    );
    // exactly n rows: no footer; a 25-character cell cut to 17 + "..."; column a 3 wide
    assert.deepEqual(await p.printed('df_show', r.id, bodyLine(2)), [
      '+---+--------------------+',
      '|  a|                   s|',
      '+---+--------------------+',
      '|  1|abcdefghijklmnopq...|',
      '| 22|               short|',
      '|  3|                null|',
      '+---+--------------------+',
    ]);
    // truncate=False: whole cells, left-aligned
    assert.deepEqual(await p.printed('df_show', r.id, bodyLine(3)), [
      '+---+-------------------------+',
      '|a  |s                        |',
      '+---+-------------------------+',
      '|1  |abcdefghijklmnopqrstuvwxy|',
      '|22 |short                    |',
      '|3  |null                     |',
      '+---+-------------------------+',
    ]);
    assert.deepEqual(await p.printed('df_show', r.id, bodyLine(4)), ['+---+-----+', '|  a|    s|', '+---+-----+', '|  1|ab...|', '+---+-----+', 'only showing top 1 row']);
    assert.deepEqual(await p.printed('df_show', r.id, bodyLine(5)), ['+---+---+', '|  a|  s|', '+---+---+', '|  1|abc|', '| 22|sho|', '+---+---+', 'only showing top 2 rows']);
  });

  test("cells are Spark's text of the values: doubles, structs, arrays, timestamps", async () => {
    const r = await p.runOk(
      'df_show_cells',
      `df = spark.read.json("s3://${GS_BUCKET}/nested/landing/").select("id", "d", "st", F.to_timestamp(F.lit("2024-01-05 10:00:00.120")).alias("t"))
df.show(truncate=False)
`,
    );
    assert.deepEqual(await p.printed('df_show_cells', r.id, bodyLine(2)), [
      '+---+------+---------------+----------------------+',
      '|id |d     |st             |t                     |',
      '+---+------+---------------+----------------------+',
      '|1  |1.0E20|{alice, [a, b]}|2024-01-05 10:00:00.12|',
      '+---+------+---------------+----------------------+',
    ]);
  });

  test("spark.read.json's columns and struct fields are sorted by name, as Spark infers them", async () => {
    // apache/spark JsonInferSchema.inferField: the fields of an object are sorted ("Note: other code relies on this
    // sorting for correctness, so don't remove it!", java.util.Arrays.sort(fields, structFieldComparator), by name)
    const r = await p.runOk('df_show_sorted', `df = spark.read.json("s3://${GS_BUCKET}/unsorted/landing/")\nprint(df.columns)\ndf.show()\n`);
    assert.deepEqual(await p.printed('df_show_sorted', r.id, bodyLine(2)), ["['a', 'm', 'z']"]);
    assert.deepEqual(await p.printed('df_show_sorted', r.id, bodyLine(3)), ['+---+------+---+', '|  a|     m|  z|', '+---+------+---+', '|  x|{3, 2}|  1|', '+---+------+---+']);
  });

  test('F.round / F.bround of a double round its decimal text, as Spark does: round(1.005, 2) is 1.01', async () => {
    // apache/spark mathExpressions.scala RoundBase (commit 0017da54a2973dcea23d8f848a5319a0644bc346), DoubleType:
    // java.math.BigDecimal.valueOf(d).setScale(scale, HALF_UP | HALF_EVEN).doubleValue() — valueOf takes
    // Double.toString(d), "1.005", not the binary 1.00499999999999989…; 2.675 → 2.68; bround(0.125, 2) → 0.12
    const r = await p.runOk('df_round', `df = spark.read.json("s3://${GS_BUCKET}/rows/landing/").limit(1).select(F.round(F.lit(1.005), 2).alias("r"), F.round(F.lit(2.675), 2).alias("r2"), F.bround(F.lit(0.125), 2).alias("b"), F.round(F.lit(-2.5)).alias("n"), F.pow(F.lit(3), 2).alias("pw"))\ndf.show()\n`);
    // (F.pow takes a number as float(col2): PySpark's _create_binary_mathfunction)
    assert.deepEqual(await p.printed('df_round', r.id, bodyLine(2)), ['+----+----+----+----+---+', '|   r|  r2|   b|   n| pw|', '+----+----+----+----+---+', '|1.01|2.68|0.12|-3.0|9.0|', '+----+----+----+----+---+']);
  });

  test('F.date_add / date_sub / add_months / array_contains take a field name as their column, as PySpark does', async () => {
    // pyspark/sql/functions.py (3.3): date_add(start: ColumnOrName, days) → _to_java_column(start), days an int as
    // lit(days); add_months likewise; array_contains(col: ColumnOrName, value) → value a literal. Spark's results:
    // 2024-01-31 + 1 day = 2024-02-01, - 1 day = 2024-01-30, + 1 month = 2024-02-29 (AddMonths keeps the month's end)
    const r = await p.runOk(
      'df_dates',
      `df = spark.read.json("s3://${GS_BUCKET}/dates/landing/").select(F.to_date("d").alias("d"), "tags")\ndf.select(F.date_add("d", 1).alias("p1"), F.date_sub("d", 1).alias("m1"), F.add_months("d", 1).alias("am"), F.array_contains("tags", "b").alias("hasb"), F.array_contains("tags", "z").alias("hasz")).show()\n`,
    );
    assert.deepEqual(await p.printed('df_dates', r.id, bodyLine(2)), [
      '+----------+----------+----------+----+-----+',
      '|        p1|        m1|        am|hasb| hasz|',
      '+----------+----------+----------+----+-----+',
      '|2024-02-01|2024-01-30|2024-02-29|true|false|',
      '+----------+----------+----------+----+-----+',
    ]);
  });

  test('F.array_distinct keeps the first occurrences in order; F.array_contains is NULL when not found in an array holding a NULL', async () => {
    // apache/spark collectionOperations.scala: ArrayDistinct ("Removes duplicate values from the array", the first of
    // each kept in order: SELECT array_distinct(array(1, 2, 3, null, 3)) → [1,2,3,null], the functions reference);
    // ArrayContains.nullSafeEval: true when found, else null if an element is null, else false
    const r = await p.runOk('df_arrays', `df = spark.read.json("s3://${GS_BUCKET}/arrays/landing/")\ndf.select(F.array_distinct("xs").alias("d"), F.array_contains("xs", "a").alias("ha"), F.array_contains("xs", "z").alias("hz")).show()\n`);
    assert.deepEqual(await p.printed('df_arrays', r.id, bodyLine(2)), ['+------------+----+----+', '|           d|  ha|  hz|', '+------------+----+----+', '|[b, a, null]|true|null|', '+------------+----+----+']);
  });

  test("F.var_samp / skewness are Spark's CentralMomentAgg; F.sum and F.avg keep Spark's types (bigint, decimal(p+10,s), decimal(p+4,s+4))", async () => {
    // apache/spark CentralMomentAgg.updateExpressions (n, avg, m2 … updated per row in double): for 19.95 then 20.0,
    // m2 / (n - 1) = 0.0012500000000000356 (computed by hand with those updates; DuckDB's var_samp gives
    // 0.0012499999999999467); Sum: "decimal(p + 10, s)" for decimals, LongType for integers; Average of a
    // decimal(p,s): decimal(p + 4, s + 4) (DecimalPrecision), 39.95 / 2 = 19.975000
    const r = await p.runOk(
      'df_aggs',
      `df = spark.read.json("s3://${GS_BUCKET}/prices/landing/")\nagg = df.agg(F.var_samp("v").alias("var"), F.sum(F.col("v").cast("decimal(10,2)")).alias("sd"), F.avg(F.col("v").cast("decimal(10,2)")).alias("ad"), F.sum(F.col("n").cast("int")).alias("si"), F.skewness("v").alias("sk"))\nprint(agg)\nagg.show(truncate=False)\n`,
    );
    assert.deepEqual(await p.printed('df_aggs', r.id, bodyLine(3)), ['DataFrame[var: double, sd: decimal(20,2), ad: decimal(14,6), si: bigint, sk: double]']);
    assert.deepEqual(await p.printed('df_aggs', r.id, bodyLine(4)), [
      '+---------------------+-----+---------+---+---+',
      '|var                  |sd   |ad       |si |sk |',
      '+---------------------+-----+---------+---+---+',
      '|0.0012500000000000356|39.95|19.975000|3  |0.0|',
      '+---------------------+-----+---------+---+---+',
    ]);
  });

  test('F.concat_ws joins the elements of an array argument, skipping NULLs; a Column division of a decimal is Spark\'s decimal division', async () => {
    // Spark's built-in functions reference: "concat_ws(sep[, str | array(str)]+) - Returns the concatenation of the
    // strings separated by sep, skipping null values."; decimal division (DecimalPrecision) is not the double one
    const r = await p.runOk('df_concat_ws', `df = spark.read.json("s3://${GS_BUCKET}/prices/landing/").limit(1)\ndf.select(F.concat_ws("/", F.array(F.lit("a"), F.lit(None).cast("string"), F.lit("b")), F.lit("c")).alias("j")).show()\n`);
    assert.deepEqual(await p.printed('df_concat_ws', r.id, bodyLine(2)), ['+-----+', '|    j|', '+-----+', '|a/b/c|', '+-----+']);
    // decimal(12,2) / 3 (an integer literal is decimal(1,0) to DecimalPrecision): decimal(16,6), rounded half up
    const d = await p.runOk('df_decimal_div', `df = spark.read.json("s3://${GS_BUCKET}/prices/landing/")\ndf.select((F.col("v").cast("decimal(12,2)") / 3).alias("d")).show()\n`);
    assert.deepEqual(await p.printed('df_decimal_div', d.id, bodyLine(2)), ['+--------+', '|       d|', '+--------+', '|6.650000|', '|6.666667|', '+--------+']);
  });

  test('Column arithmetic of whole numbers wraps around on overflow, as Spark with ANSI mode off (Glue) does', async () => {
    // Spark SQL's ANSI compliance page: with spark.sql.ansi.enabled=false, "SELECT 2147483647 + 1" is -2147483648
    const r = await p.runOk('df_overflow', `df = spark.read.json("s3://${GS_BUCKET}/prices/landing/").limit(1)\ndf.select((F.lit(2147483647).cast("int") + F.lit(1).cast("int")).alias("i"), (F.col("n") * 3).alias("m"), (F.col("n") / 2).alias("h")).show()\n`);
    // (and / of whole numbers is a double division: 1 / 2 = 0.5)
    assert.deepEqual(await p.printed('df_overflow', r.id, bodyLine(2)), ['+-----------+---+---+', '|          i|  m|  h|', '+-----------+---+---+', '|-2147483648|  3|0.5|', '+-----------+---+---+']);
  });

  test('a string with a zone offset read as a timestamp is the instant it names, in UTC, as Spark casts it', async () => {
    // apache/spark DateTimeUtils.stringToTimestamp (used by Cast and by to_timestamp without a format): "the time zone
    // id ... +01:00" is applied, so '2024-03-10T02:30:00+01:00' is 2024-03-10 01:30:00 in the session time zone (UTC
    // on Glue); cast to a date (stringToDate) the text after yyyy-mm-dd is ignored. DuckDB's CAST dropped the offset.
    const r = await p.runOk(
      'df_zoned',
      `df = spark.read.json("s3://${GS_BUCKET}/zoned/landing/")\ndf.select(F.to_timestamp("ts").alias("a"), F.col("ts").cast("timestamp").alias("b"), F.hour("ts").alias("h"), F.to_date("ts").alias("d"), F.dayofmonth("ts").alias("dm")).show(truncate=False)\n`,
    );
    assert.deepEqual(await p.printed('df_zoned', r.id, bodyLine(2)), [
      '+-----------------------+-----------------------+---+----------+---+',
      '|a                      |b                      |h  |d         |dm |',
      '+-----------------------+-----------------------+---+----------+---+',
      '|2024-03-10 01:30:00    |2024-03-10 01:30:00    |1  |2024-03-10|10 |',
      '|2024-03-10 23:00:00.123|2024-03-10 23:00:00.123|23 |2024-03-10|10 |',
      '+-----------------------+-----------------------+---+----------+---+',
    ]);
  });

  test('a number of seconds cast to a timestamp keeps whole microseconds, truncated toward zero, as Spark casts it', async () => {
    // apache/spark Cast.scala: doubleToTimestamp(d) = (d * MICROS_PER_SECOND).toLong (truncated toward zero). The
    // double 0.0000015 is 1.4999999999999999e-6, times 1e6 1.4999999999999998: 1 µs (DuckDB's CAST rounded it to 2);
    // -0.0000015 is -1 µs: 1969-12-31 23:59:59.999999. Worked out by hand.
    const r = await p.runOk(
      'df_secs',
      `df = spark.read.json("s3://${GS_BUCKET}/rows/landing/").limit(1)\ndf.select(F.lit(0.0000015).cast("timestamp").alias("a"), F.lit(-0.0000015).cast("timestamp").alias("b"), F.lit(1710111600).cast("timestamp").alias("c")).show(truncate=False)\n`,
    );
    assert.deepEqual(await p.printed('df_secs', r.id, bodyLine(2)), [
      '+--------------------------+--------------------------+-------------------+',
      '|a                         |b                         |c                  |',
      '+--------------------------+--------------------------+-------------------+',
      '|1970-01-01 00:00:00.000001|1969-12-31 23:59:59.999999|2024-03-10 23:00:00|',
      '+--------------------------+--------------------------+-------------------+',
    ]);
  });

  test("printSchema draws a struct's fields and an array's element below them, as Spark's treeString does", async () => {
    // apache/spark StructType.treeString → StructField.buildFormattedString (`$prefix-- $name: $typeName (nullable =
    // true)`), ArrayType.buildFormattedString (`$prefix-- element: $typeName (containsNull = true)`), nested with the
    // prefix + "    |"; DecimalType's typeName is `decimal(p,s)`. spark.read.json sorts fields by name.
    const r = await p.runOk('df_tree', `df = spark.read.json("s3://${GS_BUCKET}/zoned/landing/")\ndf.withColumn("n", F.lit(1.5).cast("decimal(10,2)")).printSchema()\n`);
    assert.deepEqual(await p.printed('df_tree', r.id, bodyLine(2)), [
      'root',
      ' |-- r: array (nullable = true)',
      ' |    |-- element: struct (containsNull = true)',
      ' |    |    |-- s: string (nullable = true)',
      ' |    |    |-- v: double (nullable = true)',
      ' |-- ts: string (nullable = true)',
      ' |-- n: decimal(10,2) (nullable = true)',
    ]);
  });

  test('vertical=True is refused by name', async () => {
    await assert.rejects(
      p.runOk('df_show_vertical', `df = spark.read.json("s3://${GS_BUCKET}/rows/landing/")\ndf.show(vertical=True)\n`),
      /vertical=True/,
    );
  });

  test('Glue 5.0 (Spark 3.5) prints NULL, at the top and inside a struct; Glue 4.0 (Spark 3.3) null', () => {
    const cols = [
      { name: 'id', type: 'BIGINT' },
      { name: 's', type: 'STRUCT(a BIGINT, b VARCHAR)' },
    ];
    const values = [[null, { a: 1, b: null }]];
    assert.equal(sparkShowTable(cols, values, 20, 20, '5.0'), ['+----+---------+', '|  id|        s|', '+----+---------+', '|NULL|{1, NULL}|', '+----+---------+'].join('\n'));
    assert.equal(sparkShowTable(cols, values, 20, 20, '4.0'), ['+----+---------+', '|  id|        s|', '+----+---------+', '|null|{1, null}|', '+----+---------+'].join('\n'));
  });
});
