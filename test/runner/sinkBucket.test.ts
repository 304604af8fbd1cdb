/**
 * A sink to a bucket S3 cannot have — the placeholder `s3://TARGET_BUCKET_NAME/target_prefix/` the jobs of
 * PacktPublishing/Serverless-ETL-and-Analytics-with-AWS-Glue (Chapter03/02_ingestion_from_s3_spark_glue_dyf.py,
 * @091dfd9471bf81b159baaae89ee5e34b8ed597c7) leave for the reader to replace: S3's bucket naming rules
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html: lower-case letters, digits, dots, hyphens)
 * make the write fail on Glue. The run is refused before anything runs, naming the sink's line; before, it failed
 * with "invalid bucket in S3 URI …", naming no line.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bodyLine, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lh-sinkbucket-');
});
after(() => p.close());

test('a sink to s3://TARGET_BUCKET_NAME/… is refused at its line, saying the write fails on Glue too', async () => {
  const r = await p.run(
    'placeholder_bucket',
    `readings = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing")
glueContext.write_dynamic_frame.from_options(frame=readings, connection_type="s3", connection_options={"path": "s3://TARGET_BUCKET_NAME/target_prefix/"}, format="json")`,
  );
  assert.equal(r.state, 'FAILED');
  assert.match(
    r.errorMessage ?? '',
    new RegExp(`^glue-scripts/placeholder_bucket\\.py:${bodyLine(2)}: the sink writes to s3://TARGET_BUCKET_NAME/target_prefix/, whose bucket "TARGET_BUCKET_NAME" S3 cannot have \\(bucket names contain only lower-case letters, digits, dots and hyphens\\): the write fails, on Glue too`),
  );
  assert.equal(r.rowsWritten ?? 0, 0);
});

// A sink to a bucket that does not exist: S3's PUT answers NoSuchBucket, "The specified bucket does not exist" (Amazon
// S3 API reference, "Error responses": NoSuchBucket, 404); Glue's writers create no bucket (the Glue documentation's
// S3 connection options take a path in an existing bucket: "Connection types and options for ETL in AWS Glue").
// Before, the local store created the bucket and the run succeeded.
test('a sink to a bucket that does not exist is refused at its line, naming the bucket, with nothing written', async () => {
  const r = await p.run(
    'missing_bucket',
    `readings = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing")
glueContext.write_dynamic_frame.from_options(frame=readings, connection_type="s3", connection_options={"path": "s3://gs-test/ok/"}, format="json")
readings.toDF().write.mode("append").json("s3://other-bucket-xyz/out/")`,
  );
  assert.equal(r.state, 'FAILED');
  assert.match(r.errorMessage ?? '', new RegExp(`^glue-scripts/missing_bucket\\.py:${bodyLine(3)}: the sink writes to s3://other-bucket-xyz/out/, whose bucket "other-bucket-xyz" does not exist: S3 answers NoSuchBucket`));
  assert.ok(!(await p.target.storage.listBuckets()).some((b) => b.name === 'other-bucket-xyz'));
  assert.equal(r.rowsWritten ?? 0, 0);
});

test('a sink to another bucket that exists writes there', async () => {
  await p.target.storage.createBucket('other-bucket-made');
  await p.runOk(
    'existing_bucket',
    `readings = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing")
glueContext.write_dynamic_frame.from_options(frame=readings, connection_type="s3", connection_options={"path": "s3://other-bucket-made/out/"}, format="json")`,
  );
  assert.equal((await p.target.storage.list('other-bucket-made', { prefix: 'out/' })).objects.length, 1);
});

test('a from_catalog sink to a table located in a bucket that does not exist is refused the same way, naming the table', async () => {
  const q = await p.target.queries.run(`CREATE EXTERNAL TABLE lake.elsewhere (user string, x double) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://no-such-bucket-abc/elsewhere/'`);
  assert.equal(q.state, 'SUCCEEDED', q.error?.message);
  const r = await p.run(
    'missing_table_bucket',
    `readings = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing")
glueContext.write_dynamic_frame.from_catalog(frame=readings, database="lake", table_name="elsewhere")`,
  );
  assert.equal(r.state, 'FAILED');
  assert.match(r.errorMessage ?? '', new RegExp(`^glue-scripts/missing_table_bucket\\.py:${bodyLine(2)}: the sink writes to s3://no-such-bucket-abc/elsewhere/ \\(table lake\\.elsewhere\\), whose bucket "no-such-bucket-abc" does not exist`));
});
