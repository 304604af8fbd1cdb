/**
 * The higher-order functions of pyspark.sql.functions given a Python function, as PySpark 3.3 builds them
 * (apache/spark python/pyspark/sql/functions.py `_get_lambda_parameters`, `_create_lambda`: the function is called
 * once with 1 to 3 lambda-variable Columns, and `if not isinstance(result, Column): raise ValueError("f should return
 * Column, got {}")`). PySpark's own doctests are in test/conformance/pyspark/functions.json; here, what they do not
 * show. Expected values: Spark's definitions of the functions (the SQL reference's transform: "Transforms elements in
 * an array using the function"; the lambda's body is the Column the Python function returned, so a field of the row
 * and an enclosing lambda's variable are read as in `transform(xss, xs -> transform(xs, x -> x + key))`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-hof-lambdas-');
});
after(async () => {
  await p?.close();
});

describe('F.transform & co given a Python function', () => {
  test('a nested lambda reads the enclosing one\'s variable and the row\'s field; a def of several statements', async () => {
    const r = await p.runOk(
      'hof_nested',
      `df = spark.createDataFrame([(10, [1, 2], [3])], ("key", "a", "b")).select("key", F.array("a", "b").alias("xss"))
def shifted(xs):
    n = F.size(xs)
    return F.transform(xs, lambda x: x + n + F.col("key"))
df.select(F.transform("xss", shifted).alias("out"), F.exists("xss", lambda xs: F.size(xs) > 1).alias("any2")).show()
`,
    );
    // [1, 2] has size 2: 1+2+10, 2+2+10; [3] has size 1: 3+1+10
    assert.deepEqual(await p.printed('hof_nested', r.id, bodyLine(5)), ['+----------------+----+', '|             out|any2|', '+----------------+----+', '|[[13, 14], [14]]|true|', '+----------------+----+']);
  });

  const failing: [string, string, RegExp][] = [
    ['a function of no parameters', 'df = spark.createDataFrame([(1, [1])], ("k", "xs"))\ndf.select(F.transform("xs", lambda: F.lit(1)).alias("o")).show()\n', /f should take between 1 and 3 arguments/],
    ['a function that returns no Column', 'df = spark.createDataFrame([(1, [1])], ("k", "xs"))\ndf.select(F.transform("xs", lambda x: 1).alias("o")).show()\n', /f should return Column, got the int 1/],
    ['a function with \\*args', 'df = spark.createDataFrame([(1, [1])], ("k", "xs"))\ndf.select(F.transform("xs", lambda *a: a[0]).alias("o")).show()\n', /f should use only POSITIONAL or POSITIONAL OR KEYWORD arguments/],
  ];
  for (const [what, body, message] of failing)
    test(`refused before anything runs, at its line: ${what}`, async () => {
      const r = await p.run(`hof_${what.replace(/\W+/g, '_')}`, body);
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', new RegExp(`\\.py:${bodyLine(2)}:\\d+: .*${message.source}`));
    });
});
