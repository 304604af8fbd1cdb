/**
 * spark.createDataFrame of rows written in the script, as PySpark 3.3 makes the DataFrame (pyspark/sql/session.py
 * `_createFromLocal`; pyspark/sql/types.py `_infer_type`, `_merge_type`, `_make_type_verifier`). Expected values:
 *   - PySpark's DataFrame.dtypes documentation (spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/
 *     pyspark.sql.DataFrame.dtypes.html): `spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age",
 *     "name"]).dtypes` is `[('age', 'bigint'), ('name', 'string')]` — a Python int is inferred LongType;
 *   - SparkSession.createDataFrame's documentation (…/api/pyspark.sql.SparkSession.createDataFrame.html):
 *     `spark.createDataFrame([('Alice', 1)])` has the fields `_1`, `_2`; with a StructType of StringType and
 *     IntegerType fields the types are the schema's;
 *   - DataFrame.columns' documentation, Example 2: `df.select([col for col in df.columns if col != "age"]).show()`
 *     of (14, "Tom", "CA"), (23, "Alice", "NY"), (16, "Bob", "TX") shows name and state;
 *   - types.py's verifier: a DoubleType field refuses a Python int (`_acceptable_types[DoubleType] = (float,)`, by
 *     exact type: "DoubleType can not accept object 1 in type <class 'int'>", apache/spark pull 33372's report), an
 *     IntegerType field a value beyond 32 bits ("object of IntegerType out of range"); inference of a field only None
 *     fails ("Some of types cannot be determined after inferring").
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-create-df-');
});
after(async () => {
  await p?.close();
});

const TYPES = 'from pyspark.sql.types import StructType, StructField, StringType, IntegerType, DoubleType\n';

describe('spark.createDataFrame of rows written in the script', () => {
  test("inferred types and names, as PySpark's documentation shows them", async () => {
    const r = await p.runOk(
      'create_df_doc',
      `df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
print(df.dtypes)
print(spark.createDataFrame([('Alice', 1)]).columns)
people = spark.createDataFrame([(14, "Tom", "CA"), (23, "Alice", "NY"), (16, "Bob", "TX")], ["age", "name", "state"])
people.select([col for col in people.columns if col != "age"]).show()
print(spark.createDataFrame([(1, None, 2.5, True), (2, "x", None, None)], ["a", "b", "c", "d"]).dtypes)
`,
    );
    assert.deepEqual(await p.printed('create_df_doc', r.id, bodyLine(2)), ["[('age', 'bigint'), ('name', 'string')]"]);
    assert.deepEqual(await p.printed('create_df_doc', r.id, bodyLine(3)), ["['_1', '_2']"]);
    assert.deepEqual(await p.printed('create_df_doc', r.id, bodyLine(5)), ['+-----+-----+', '| name|state|', '+-----+-----+', '|  Tom|   CA|', '|Alice|   NY|', '|  Bob|   TX|', '+-----+-----+']);
    // None gives way to the other rows' types (_merge_type: NullType merges into any type)
    assert.deepEqual(await p.printed('create_df_doc', r.id, bodyLine(6)), ["[('a', 'bigint'), ('b', 'string'), ('c', 'double'), ('d', 'boolean')]"]);
  });

  test("a StructType gives the types, an empty list a frame of its fields; the rows' counts are the rows", async () => {
    const r = await p.runOk(
      'create_df_schema',
      `${TYPES}schema = StructType([StructField("name", StringType(), True), StructField("age", IntegerType(), True)])
df3 = spark.createDataFrame([('Alice', 1), ('Bob', None)], schema)
print(df3.dtypes, df3.count())
empty = spark.createDataFrame([], schema)
print(empty.columns, empty.count())
`,
    );
    assert.deepEqual(await p.printed('create_df_schema', r.id, bodyLine(4)), ["[('name', 'string'), ('age', 'int')] 2"]);
    assert.deepEqual(await p.printed('create_df_schema', r.id, bodyLine(6)), ["['name', 'age'] 0"]);
  });

  test('print(df.schema.fields): the StructFields as PySpark 3.3 prints them', async () => {
    // pyspark/sql/types.py (3.3): StructField.__repr__ "StructField(%s,%s,%s)" % (name, dataType, str(nullable).lower());
    // StructType.__repr__ "StructType(List(%s))" % ",".join(str(field) …) — dataframe.py's df.schema doctest prints
    // StructType(List(StructField(age,IntegerType,true),StructField(name,StringType,true))); a list prints its items' repr
    const r = await p.runOk('create_df_fields', `${TYPES}df = spark.createDataFrame([(2, "Alice")], StructType([StructField("age", IntegerType()), StructField("name", StringType())]))\nprint(df.schema.fields)\n`);
    assert.deepEqual(await p.printed('create_df_fields', r.id, bodyLine(3)), ['[StructField(age,IntegerType,true), StructField(name,StringType,true)]']);
  });

  test('drop() of every field is refused: Spark keeps the rows, with no fields', async () => {
    // apache/spark Dataset.drop (3.3): the remaining columns are selected, and a select of none keeps every row (a
    // frame of no fields whose count() is unchanged) — the local engine gave no rows; now it is refused by name
    const r = await p.run('create_df_drop_all', 'df = spark.createDataFrame([(1, "a"), (2, "b")], ["x", "y"])\nd = df.drop("x", "y")\nprint(d.count())\n');
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', new RegExp(`\\.py:${bodyLine(2)}:\\d+: drop\\(…\\) of every field cannot run on the local engine: Spark keeps the rows`));
  });

  test('nullable=False: printSchema says "(nullable = false)", and a projection of it keeps that (an AttributeReference)', async () => {
    // StructField("x", StringType(), False) is the schema's; PySpark's printSchema prints a field as
    // ` |-- name: string (nullable = false)` (the DataFrame.printSchema reference: ` |-- age: long (nullable = true)`);
    // F.upper keeps its child's nullability (Catalyst's UnaryExpression), coalesce with a literal is not nullable
    const r = await p.runOk(
      'create_df_not_nullable',
      `${TYPES}df = spark.createDataFrame([("a", 1)], StructType([StructField("x", StringType(), False), StructField("n", IntegerType(), True)]))\ndf.printSchema()\ndf.select("x", F.upper("x").alias("u")).printSchema()\nprint(df.count())\n`,
    );
    assert.deepEqual(await p.printed('create_df_not_nullable', r.id, bodyLine(3)), ['root', ' |-- x: string (nullable = false)', ' |-- n: integer (nullable = true)']);
    assert.deepEqual(await p.printed('create_df_not_nullable', r.id, bodyLine(4)), ['root', ' |-- x: string (nullable = false)', ' |-- u: string (nullable = false)']);
    assert.deepEqual(await p.printed('create_df_not_nullable', r.id, bodyLine(5)), ['1']);
  });

  test('a field that is not nullable through a union or a join: printed "?", never a guessed true', async () => {
    // Spark's Union makes a field nullable when either side's is; a join's using key takes one side's: not followed
    // here, so printSchema prints "?" and says so (the local engine once printed true for both)
    const r = await p.runOk(
      'create_df_not_nullable_union',
      `${TYPES}df = spark.createDataFrame([("a", 1)], StructType([StructField("x", StringType(), False), StructField("n", IntegerType(), True)]))\ndf.union(df).printSchema()\ndf.join(df, "x").printSchema()\n`,
    );
    const union = await p.printed('create_df_not_nullable_union', r.id, bodyLine(3));
    assert.deepEqual(union.slice(0, 3), ['root', ' |-- x: string (nullable = ?)', ' |-- n: integer (nullable = ?)']);
    const join = await p.printed('create_df_not_nullable_union', r.id, bodyLine(4));
    assert.equal(join[1], ' |-- x: string (nullable = ?)');
  });

  test("lists of lists: an array of arrays typed by the first element, merged over the rows (PySpark's flatten doctest)", async () => {
    // pyspark/sql/types.py 3.3 _infer_type: a list is ArrayType(_infer_type(obj[0])) — [None, [4, 5]] is
    // array<null>, which _merge_type merges with the first row's array<array<bigint>>; the values are the flatten
    // doctest's (functions.py 3.3: `[Row(r=[1, 2, 3, 4, 5, 6]), Row(r=None)]`)
    const r = await p.runOk('create_df_nested_lists', `df = spark.createDataFrame([([[1, 2, 3], [4, 5], [6]],), ([None, [4, 5]],)], ['data'])\nprint(df.dtypes)\nprint(df.select(F.flatten(df.data).alias('r')).collect())\n`);
    assert.deepEqual(await p.printed('create_df_nested_lists', r.id, bodyLine(2)), ["[('data', 'array<array<bigint>>')]"]);
    assert.deepEqual(await p.printed('create_df_nested_lists', r.id, bodyLine(3)), ['[Row(r=[1, 2, 3, 4, 5, 6]), Row(r=None)]']);
  });

  const failing: [string, string, RegExp][] = [
    ['a list of lists whose first is empty', 'df = spark.createDataFrame([([[], [1]],)], ["a"])\n', /ValueError: Some of types cannot be determined after inferring/],
    ['lists of ints and floats in one list', 'df = spark.createDataFrame([([[1], [2.5]],)], ["a"])\n', /spark\.createDataFrame with list values cannot run on the local engine/],
    ['an int in a DoubleType field', `${TYPES}df = spark.createDataFrame([(1,)], StructType([StructField("x", DoubleType(), True)]))\n`, /PySpark raises TypeError from its type verifier: the field x is DoubleType, which accepts a Python float, not the int 1, so the job fails on Glue too/],
    ['an IntegerType value beyond 32 bits', `${TYPES}df = spark.createDataFrame([(2147483648,)], StructType([StructField("x", IntegerType(), True)]))\n`, /ValueError: field x: object of IntegerType out of range, got: 2147483648/],
    ['a field only ever None', 'df = spark.createDataFrame([(1, None)], ["a", "b"])\n', /ValueError: Some of types cannot be determined after inferring/],
    ['no rows and no StructType', 'df = spark.createDataFrame([], ["a"])\n', /ValueError: can not infer schema from empty dataset/],
    ['an int and a str in one field', 'df = spark.createDataFrame([(1,), ("x",)], ["a"])\n', /TypeError: field a: Can not merge type/],
    ['dict rows of different keys', 'df = spark.createDataFrame([{"b": 1, "a": 2}, {"a": 3}])\n', /spark\.createDataFrame of rows with different fields cannot run on the local engine/],
    // types.py verify_nullability: `raise ValueError(new_msg("This field is not nullable, but got None"))`, the name
    // "field x" (new_name); a run's own words in a public script's comment: "ValueError: field cid: This field is not
    // nullable, but got None"
    ['None in a nullable=False field', `${TYPES}df = spark.createDataFrame([(None,)], StructType([StructField("x", StringType(), False)]))\n`, /ValueError: field x: This field is not nullable, but got None/],
  ];
  for (const [what, body, message] of failing)
    test(`refused before anything runs, at its line: ${what}`, async () => {
      const r = await p.run(`create_df_${what.replace(/\W+/g, '_')}`, body);
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', new RegExp(`\\.py:${bodyLine(body.startsWith('from') ? 2 : 1)}:\\d+: .*${message.source}`));
    });
});
