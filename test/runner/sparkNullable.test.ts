/**
 * DataFrame.printSchema and print(df.schema) print Spark's nullability of each field, which Catalyst decides from the
 * expression that makes it (`Expression.nullable`, apache/spark branch-3.3 sql/catalyst/src/main/scala/org/apache/
 * spark/sql/catalyst/expressions): Literal `nullable = value == null`; Count `false`; Sum / Max `true`; RowNumber
 * (RowNumberLike) `false`, a WindowExpression its function's; CurrentTimestamp `false`; Coalesce
 * `children.forall(_.nullable)`; Add (BinaryArithmetic) `left.nullable || right.nullable`; Divide (DivModLike) `true`;
 * CaseWhen a value's or the else value's, `true` without else; IsNull `false`; Cast `child.nullable ||
 * Cast.forceNullable(from, to)` (string → int: true; int → string: false). A field of a read is nullable (Spark's
 * readers). Where the rule of an expression is not followed, the print stops naming the field (never a guess).
 * DynamicFrame.printSchema (Glue's tree) has no nullability and is unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, GS_BUCKET, type ScriptProject } from './glueStudioProject';

const READ = `df = spark.read.json("s3://${GS_BUCKET}/rows/landing/")\n`;

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-nullable-');
  await p.target.storage.put(GS_BUCKET, 'rows/landing/r.json', Buffer.from('{"a": 1, "s": "x"}\n{"a": 2, "s": null}\n'));
});
after(async () => {
  await p?.close();
});

describe("printSchema follows Spark's nullability of an expression", () => {
  test('literals, window ranks, counts, coalesce, arithmetic, when, casts', async () => {
    const r = await p.runOk(
      'null_exprs',
      `${READ}from pyspark.sql.window import Window
w = Window.orderBy("a")
out = df.select("a", F.lit(1).alias("one"), F.lit(None).cast("string").alias("none"), F.row_number().over(w).alias("rn"), F.coalesce("s", F.lit("-")).alias("co"), F.coalesce("s", "s").alias("co2"), (F.col("a") + 1).alias("plus"), (F.lit(1) + F.lit(2)).alias("three"), (F.lit(4) / F.lit(2)).alias("half"), F.when(F.col("a") > 1, F.lit("big")).otherwise(F.lit("small")).alias("w1"), F.when(F.col("a") > 1, F.lit("big")).alias("w2"), F.col("s").isNull().alias("isn"), F.lit(1).cast("string").alias("c1"), F.lit("1").cast("int").alias("c2"), F.current_timestamp().alias("now"))
out.printSchema()
`,
    );
    assert.deepEqual(await p.printed('null_exprs', r.id, bodyLine(5)), [
      'root',
      ' |-- a: long (nullable = true)',
      ' |-- one: integer (nullable = false)',
      ' |-- none: string (nullable = true)',
      ' |-- rn: integer (nullable = false)',
      ' |-- co: string (nullable = false)',
      ' |-- co2: string (nullable = true)',
      ' |-- plus: long (nullable = true)',
      ' |-- three: integer (nullable = false)',
      ' |-- half: double (nullable = true)',
      ' |-- w1: string (nullable = false)',
      ' |-- w2: string (nullable = true)',
      ' |-- isn: boolean (nullable = false)',
      ' |-- c1: string (nullable = false)',
      ' |-- c2: integer (nullable = true)',
      ' |-- now: timestamp (nullable = false)',
    ]);
  });

  test('an aggregation: the groups keep theirs, count is not nullable, sum is; print(df.schema) says the same', async () => {
    const r = await p.runOk('null_agg', `${READ}g = df.groupBy("s").agg(F.count("a").alias("n"), F.sum("a").alias("t"))\ng.printSchema()\nprint(g.schema)\n`);
    assert.deepEqual(await p.printed('null_agg', r.id, bodyLine(3)), ['root', ' |-- s: string (nullable = true)', ' |-- n: long (nullable = false)', ' |-- t: long (nullable = true)']);
    // pyspark/sql/types.py (3.3): StructField.__repr__ "StructField(%s,%s,%s)" % (name, dataType, str(nullable).lower())
    assert.deepEqual(await p.printed('null_agg', r.id, bodyLine(4)), ['StructType(List(StructField(s,StringType,true),StructField(n,LongType,false),StructField(t,LongType,true)))']);
  });

  test('a field whose nullability is not followed prints "?" (never a guess) with a line naming it; the run goes on', async () => {
    // (abs of a string literal: Spark casts it to a double, Cast.forceNullable(StringType, _) — not followed here)
    const a = await p.runOk('null_abs', `${READ}df.select(F.abs(F.lit("1")).alias("x"), F.lit(1).alias("one")).printSchema()\n`);
    const printedA = await p.printed('null_abs', a.id, bodyLine(2));
    assert.deepEqual(printedA.slice(0, 3), ['root', ' |-- x: double (nullable = ?)', ' |-- one: integer (nullable = false)']);
    assert.match(printedA[3] ?? '', /^\(local engine: "\?" is Spark's nullable true or false, not followed here for x \(/);
    const r = await p.runOk('null_split', `${READ}d = df.withColumn("parts", F.split("s", ","))\nprint(d.dtypes)\nd.printSchema()\n`);
    assert.ok((await p.printed('null_split', r.id, bodyLine(4))).includes(' |-- parts: array (nullable = ?)'));
    // a field that is not nullable through an outer join: Spark makes the other side's nullable, not followed here
    const j = await p.runOk('null_join', `${READ}one = df.select("a", F.lit(1).alias("one"))\nj = df.join(one, "a", "left")\nprint(j.schema)\n`);
    const printedJ = (await p.printed('null_join', j.id, bodyLine(4))).join('\n');
    assert.match(printedJ, /StructField\(one,IntegerType,\?\)/);
    assert.match(printedJ, /not followed here for .*one \(/);
    // a Spark SQL query's fields: the select items of a query are not followed here
    const q = await p.runOk('null_sql', `${READ}df.createOrReplaceTempView("t")\nspark.sql("SELECT s, count(*) AS n FROM t GROUP BY s").printSchema()\n`);
    assert.ok((await p.printed('null_sql', q.id, bodyLine(3))).includes(' |-- s: string (nullable = ?)'));
  });

  test("spark.range's id is not nullable; % makes a nullable field (PySpark's percentile_approx doctest)", async () => {
    // functions.percentile_approx doctest (PySpark 3.3, test/conformance/pyspark/functions.json): `key = (col("id") % 3)`
    // over spark.range prints ` |-- key: long (nullable = true)`; Range's output is StructField("id", LongType,
    // nullable = false) (basicLogicalOperators.scala)
    const r = await p.runOk('null_range', `df = spark.range(0, 10, 1, 1).select((F.col("id") % 3).alias("key"), "id", (F.col("id") + 1).alias("next"))\ndf.printSchema()\n`);
    assert.deepEqual(await p.printed('null_range', r.id, bodyLine(2)), ['root', ' |-- key: long (nullable = true)', ' |-- id: long (nullable = false)', ' |-- next: long (nullable = false)']);
  });

  test("DynamicFrame.printSchema is Glue's tree, without nullability", async () => {
    const r = await p.runOk('null_dyf', `${READ}d = DynamicFrame.fromDF(df.select("s", F.lit(1).alias("one")), glueContext, "d")\nd.printSchema()\n`);
    assert.deepEqual(await p.printed('null_dyf', r.id, bodyLine(3)), ['root', '|-- s: string', '|-- one: int']);
  });
});
