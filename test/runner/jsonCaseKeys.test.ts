/**
 * A job reading JSON records whose keys are equal but for case (`Name` in one record, `NAME` in another).
 * Expected: Spark's answer is a failure — "In Spark 3.1, the Parquet, ORC, Avro and JSON datasources throw the exception
 * `org.apache.spark.sql.AnalysisException: Found duplicate column(s) in the data schema` in read if they detect
 * duplicate names in top-level columns as well in nested structures. The datasources take into account the SQL config
 * `spark.sql.caseSensitive`" (apache/spark docs/sql-migration-guide.md, pull request #29234; caseSensitive is false by
 * default, Glue 4.0 runs Spark 3.3); how a DynamicFrame reads them is not documented. So each read is refused by name —
 * before the change the runs succeeded, the second and third spellings' values read as null (DuckDB renamed them
 * `NAME_1`, `name_2` and found no such keys).
 * Keys that differ otherwise (`name` and `name_1`, both in the data) are read with their values.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-json-case-keys-');
  await p.target.storage.put(GS_BUCKET, 'cased/c.json', Buffer.from('{"id":1,"Name":"Ann"}\n{"id":2,"NAME":"Chloe"}\n{"id":3,"name":"Dan"}\n'));
  await p.target.storage.put(GS_BUCKET, 'suffixed/s.json', Buffer.from('{"id":1,"name":"Ann","name_1":"x"}\n{"id":2,"name":"Dan"}\n'));
});
after(async () => {
  await p.close();
});

const REFUSED = /the JSON records hold keys equal but for case: "NAME" \(s3:\/\/gs-test\/cased\/c\.json\), "Name" \(s3:\/\/gs-test\/cased\/c\.json\), "name" \(s3:\/\/gs-test\/cased\/c\.json\).*Found duplicate column\(s\) in the data schema.*not supported by the local engine/;

describe('JSON keys equal but for case', () => {
  test('a DynamicFrame read (from_options) is refused at its line, naming the spellings and the object', async () => {
    const r = await p.run('cased_dyf', `S = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/cased/"]})\nS.toDF().show()\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', REFUSED);
    assert.match(r.errorMessage ?? '', new RegExp(`^glue-scripts/cased_dyf\\.py:${bodyLine(1)}: `));
  });

  test('spark.read.json is refused too (Spark fails there)', async () => {
    const r = await p.run('cased_spark', `df = spark.read.json("s3://${GS_BUCKET}/cased/")\ndf.show()\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', REFUSED);
  });

  test('keys name and name_1, both in the data, keep their values', async () => {
    const r = await p.runOk('suffixed', `S = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/suffixed/"]})\nS.toDF().orderBy("id").show()\n`);
    assert.deepEqual(await p.printed('suffixed', r.id, bodyLine(2)), [
      '+---+----+------+',
      '| id|name|name_1|',
      '+---+----+------+',
      '|  1| Ann|     x|',
      '|  2| Dan|  null|',
      '+---+----+------+',
    ]);
  });
});

describe('JSON keys equal but for case inside an object', () => {
  test('a DynamicFrame read is refused naming the key (DuckDB cannot make the struct)', async () => {
    await p.target.storage.put(GS_BUCKET, 'nestedcase/n.json', Buffer.from('{"id":1,"a":{"City":"x"}}\n{"id":2,"a":{"city":"y"}}\n'));
    const r = await p.run('nested_case', `S = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/nestedcase/"]})\nS.printSchema()\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /^glue-scripts\/nested_case\.py:\d+: the JSON records hold keys equal but for case inside an object \("city" and another spelling\).*Found duplicate column\(s\) in the data schema.*not supported by the local engine/);
  });
});
