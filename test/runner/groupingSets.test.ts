/**
 * df.rollup(…) and df.cube(…) (GroupedData of grouping sets), with F.grouping and F.grouping_id. Expected values: the
 * PySpark 3.3 reference's examples (pyspark.sql.DataFrame.rollup.html and DataFrame.cube.html: `df =
 * spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])`, `df.rollup("name", df.age).count()
 * .orderBy("name", "age").show()` and the same with cube), and by hand from Spark's definitions: grouping(c) is 1 in
 * the rows that aggregate over c, grouping_id() the bits of grouping(c1) … grouping(cn), c1 the highest (functions.
 * grouping_id: "(grouping(c1) << (n-1)) + (grouping(c2) << (n-2)) + ... + grouping(cn)").
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lh-groupingsets-');
});
after(() => p.close());

const DF = 'df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])';

describe('rollup and cube', () => {
  test("the PySpark reference's rollup example", async () => {
    const r = await p.runOk('rollup_doc', `${DF}\ndf.rollup("name", df.age).count().orderBy("name", "age").show()`);
    assert.deepEqual(await p.printed('rollup_doc', r.id, bodyLine(2)), [
      '+-----+----+-----+',
      '| name| age|count|',
      '+-----+----+-----+',
      '| null|null|    2|',
      '|Alice|null|    1|',
      '|Alice|   2|    1|',
      '|  Bob|null|    1|',
      '|  Bob|   5|    1|',
      '+-----+----+-----+',
    ]);
  });

  test("the PySpark reference's cube example", async () => {
    const r = await p.runOk('cube_doc', `${DF}\ndf.cube("name", df.age).count().orderBy("name", "age").show()`);
    assert.deepEqual(await p.printed('cube_doc', r.id, bodyLine(2)), [
      '+-----+----+-----+',
      '| name| age|count|',
      '+-----+----+-----+',
      '| null|null|    2|',
      '| null|   2|    1|',
      '| null|   5|    1|',
      '|Alice|null|    1|',
      '|Alice|   2|    1|',
      '|  Bob|null|    1|',
      '|  Bob|   5|    1|',
      '+-----+----+-----+',
    ]);
  });

  test('grouping(c) and grouping_id() in agg: the rows that aggregate over a key, as bits (name highest)', async () => {
    // cube("name", "age"): (name, age) rows 0, (name) rows 1 (age aggregated), (age) rows 2, () 3
    const r = await p.runOk('cube_ids', `${DF}\ndf.cube("name", "age").agg(F.sum("age").alias("s"), F.grouping("name").alias("gn"), F.grouping_id().alias("gid")).orderBy("gid", "name", "age").show()`);
    assert.deepEqual(await p.printed('cube_ids', r.id, bodyLine(2)), [
      '+-----+----+---+---+---+',
      '| name| age|  s| gn|gid|',
      '+-----+----+---+---+---+',
      '|Alice|   2|  2|  0|  0|',
      '|  Bob|   5|  5|  0|  0|',
      '|Alice|null|  2|  0|  1|',
      '|  Bob|null|  5|  0|  1|',
      '| null|   2|  2|  1|  2|',
      '| null|   5|  5|  1|  2|',
      '| null|null|  7|  1|  3|',
      '+-----+----+---+---+---+',
    ]);
  });

  test('grouping_id() of a plain groupBy fails as Spark does; pivot after rollup fails as Spark does', async () => {
    const a = await p.run('gid_plain', `${DF}\ndf.groupBy("name").agg(F.grouping_id().alias("g")).show()`);
    assert.equal(a.state, 'FAILED');
    assert.match(a.errorMessage ?? '', /UNSUPPORTED_GROUPING_EXPRESSION/);
    const b = await p.run('pivot_rollup', `${DF}\ndf.rollup("name").pivot("age").count().show()`);
    assert.equal(b.state, 'FAILED');
    assert.match(b.errorMessage ?? '', /pivot is only supported after a groupBy/);
  });
});
