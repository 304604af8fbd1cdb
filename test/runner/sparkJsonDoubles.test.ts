/**
 * Doubles in `df.write.json` (Spark's JSON writer) — the expected text from Spark's and Jackson's public source:
 * JacksonGenerator writes a DoubleType with `gen.writeNumber(row.getDouble(ordinal))` (apache/spark
 * sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/json/JacksonGenerator.scala), and jackson-core's
 * `NumberOutput.toString(double)` is `Double.toString(value)` (FasterXML/jackson-core
 * src/main/java/com/fasterxml/jackson/core/io/NumberOutput.java): Java's computerized scientific notation from 10^7 on
 * and below 10^-3 (`1.0E7`, `1.0E-5`, `1.0E20`), `.0` on a whole number (`1947.0`). DuckDB's JSON writer writes
 * `10000000.0`, `0.00001`, `100000000000000000000.0`; the local engine rewrites them. (Glue's own DynamicFrame JSON
 * writer is not settled: no published output holds such a double — docs/glue-jobs.md.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { javaDoubleFields } from '../../src/core/targets/local/javaDoubles';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-spark-json-doubles-');
  await p.target.storage.put(GS_BUCKET, 'dbl/src/d.json', Buffer.from('{"id":1,"d":10000000.5,"n":"a, \\"b\\": 0.00001"}\n{"id":2,"d":0.00001,"n":"x"}\n{"id":3,"d":1947.0,"n":"y"}\n{"id":4,"d":1e20,"n":"z"}\n{"id":5,"d":-0.25,"n":"w"}\n'));
});
after(() => p.close());

describe('df.write.json of doubles', () => {
  test("each double as Java's Double.toString writes it; strings and whole numbers as they are", async () => {
    await p.runOk(
      'spark_json_doubles',
      `df = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/dbl/src/"]}).toDF()\ndf.write.mode("append").json("s3://${GS_BUCKET}/out/dbl/")\n`,
    );
    assert.deepEqual((await p.writtenLines('out/dbl')).sort(), [
      '{"id":1,"d":1.00000005E7,"n":"a, \\"b\\": 0.00001"}',
      '{"id":2,"d":1.0E-5,"n":"x"}',
      '{"id":3,"d":1947.0,"n":"y"}',
      '{"id":4,"d":1.0E20,"n":"z"}',
      '{"id":5,"d":-0.25,"n":"w"}',
    ]);
  });

  test('only the named top-level fields are rewritten; nested values and strings are left', () => {
    const fields = new Map([['d', false]]);
    assert.equal(javaDoubleFields('{"a":{"d":0.00001},"d":0.00001,"s":"0.00001"}', fields), '{"a":{"d":0.00001},"d":1.0E-5,"s":"0.00001"}');
    assert.equal(javaDoubleFields('{"d":null}', fields), '{"d":null}');
    assert.equal(javaDoubleFields('{"d":"NaN"}', fields), '{"d":"NaN"}');
  });
});
