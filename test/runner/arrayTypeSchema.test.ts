/**
 * ArrayType(…) from pyspark.sql.types as from_json's schema (PySpark 3.3 passes a DataType as `schema.json()`, which
 * the JVM reads as that type). Expected values: PySpark 3.3's from_json doctests (apache/spark
 * python/pyspark/sql/functions.py): `[(1, '''[{"a": 1}]''')]` read with `ArrayType(StructType([StructField("a",
 * IntegerType())]))` is `[Row(json=[Row(a=1)])]`, `[(1, '''[1, 2, 3]''')]` with `ArrayType(IntegerType())`
 * `[Row(json=[1, 2, 3])]`. Where an array type is not followed it is refused by name: a StructField of an ArrayType
 * (the readers and createDataFrame do not follow it) and containsNull=False (nullability is not followed).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lh-arraytype-');
});
after(() => p.close());

const TYPES = 'from pyspark.sql.types import ArrayType, StructType, StructField, IntegerType, StringType\n';

describe('ArrayType', () => {
  test("from_json with an ArrayType schema, as PySpark's doctests print it", async () => {
    const r = await p.runOk(
      'arraytype_from_json',
      `${TYPES}df = spark.createDataFrame([(1, '''[{"a": 1}]''')], ("key", "value"))
print(df.select(F.from_json(df.value, ArrayType(StructType([StructField("a", IntegerType())]))).alias("json")).collect())
df2 = spark.createDataFrame([(1, '''[1, 2, 3]''')], ("key", "value"))
print(df2.select(F.from_json(df2.value, ArrayType(IntegerType())).alias("json")).collect())
`,
    );
    assert.deepEqual(await p.printed('arraytype_from_json', r.id, bodyLine(3)), ['[Row(json=[Row(a=1)])]']);
    assert.deepEqual(await p.printed('arraytype_from_json', r.id, bodyLine(5)), ['[Row(json=[1, 2, 3])]']);
  });

  for (const [what, line, message] of [
    ['a StructField of an ArrayType', 'schema = StructType([StructField("tags", ArrayType(StringType()))])\n', /StructField\(…\) cannot run on the local engine/],
    ['containsNull=False', 'schema = ArrayType(StringType(), False)\n', /ArrayType\(…, containsNull=False\) cannot run on the local engine/],
  ] as const)
    test(`refused by name: ${what}`, async () => {
      const r = await p.run(`arraytype_refused_${what.replace(/\W+/g, '_')}`, `${TYPES}${line}`);
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', message);
    });
});
