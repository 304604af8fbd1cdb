/**
 * What a failed run leaves written. On Glue each sink writes at its line (write_dynamic_frame and df.write are Spark
 * actions, run as the script reaches them) and purge_s3_path deletes at its line; nothing rolls S3 objects back when
 * a later statement fails — only a Lake Formation governed table's transaction deletes what it wrote, and "without
 * this call [DeleteObjectsOnCancel], no Amazon S3 objects are automatically deleted when a transaction cancels"
 * (AWS Lake Formation API reference, DeleteObjectsOnCancel; the Glue guide's "Rolling back Amazon S3 writes"). So a
 * run that fails where Glue fails too keeps the sinks and purges before the failure, each sink whole, and the run is
 * FAILED with the error. A refusal (what Glue does there is not known here) writes nothing: Glue would not have
 * stopped there, so no partial output would match it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-failed-run-');
});
after(async () => {
  await p?.close();
});

const READ = `S = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing", transformation_ctx="S")\n`;
const sink = (name: string, format = 'json') =>
  `glueContext.write_dynamic_frame.from_options(frame=S, connection_type="s3", format="${format}", connection_options={"path": "s3://gs-test/failed/${name}/"}, transformation_ctx="${name}")\n`;

describe('a run that fails after a sink', () => {
  test('an assertion failing after a sink and a purge: the sink before it wrote, the purge deleted, the sink after it did not; the run FAILED at the assert', async () => {
    await p.target.storage.put('gs-test', 'failed/purged/old.json', Buffer.from('{"old":1}\n'));
    const r = await p.run('assert_after_sink', `${READ}${sink('first')}glueContext.purge_s3_path("s3://gs-test/failed/purged/", {"retentionPeriod": 0})\nassert S.count() == 100, "not enough readings"\n${sink('second')}`);
    assert.equal(r.state, 'FAILED');
    assert.equal(r.errorLine, bodyLine(4));
    assert.match(r.errorMessage ?? '', /AssertionError: not enough readings/);
    // readings.json holds 5 readings (test/fixtures/glue-studio/project/data)
    assert.equal((await p.writtenLines('failed/first/')).length, 5);
    assert.deepEqual(await p.writtenLines('failed/purged/'), []);
    assert.deepEqual(await p.writtenLines('failed/second/'), []);
    const log = (await p.target.jobs.logs('assert_after_sink', r.id)).join('\n');
    assert.match(log, /wrote 5 row\(s\) in 1 file\(s\) to s3:\/\/gs-test\/failed\/first\//);
  });

  test('an assertion failing before every sink writes nothing (the Glue Studio data-quality check)', async () => {
    const r = await p.run('assert_first', `${READ}assert S.count() == 100\n${sink('never')}`);
    assert.equal(r.state, 'FAILED');
    assert.deepEqual(await p.writtenLines('failed/never/'), []);
  });

  test("df.write's mode(\"error\") over a path the job's earlier sink wrote: that sink's files stay, and so do those of a sink before it", async () => {
    const r = await p.run(
      'error_mode_after_sinks',
      `${READ}${sink('kept')}df = S.toDF()\ndf.select("x").write.mode("append").json("s3://gs-test/failed/twice/")\ndf.select("x").write.mode("error").json("s3://gs-test/failed/twice/")\n`,
    );
    assert.equal(r.state, 'FAILED');
    assert.equal(r.errorLine, bodyLine(5));
    assert.match(r.errorMessage ?? '', /path s3:\/\/gs-test\/failed\/twice already exists/);
    assert.equal((await p.writtenLines('failed/kept/')).length, 5);
    assert.deepEqual((await p.writtenLines('failed/twice/')).map((l) => Object.keys(JSON.parse(l) as object)), Array(5).fill(['x']));
  });

  test('a refusal at a later sink writes nothing at all: Glue would have written it, so no partial output matches', async () => {
    // a CSV sink of a nested field is refused (docs/glue-jobs.md: what Glue's CSV writer makes of it is not known)
    await p.target.storage.put('gs-test', 'failed/nested/landing/part-1.json', Buffer.from('{"id":1,"tags":["a","b"]}\n'));
    const r = await p.run(
      'refused_later',
      `N = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://gs-test/failed/nested/landing/"]})
glueContext.write_dynamic_frame.from_options(frame=N, connection_type="s3", format="json", connection_options={"path": "s3://gs-test/failed/refused_json/"})
glueContext.write_dynamic_frame.from_options(frame=N, connection_type="s3", format="csv", connection_options={"path": "s3://gs-test/failed/refused_csv/"})
`,
    );
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /holds nested values/);
    assert.deepEqual(await p.writtenLines('failed/refused_json/'), []);
    assert.deepEqual(await p.writtenLines('failed/refused_csv/'), []);
  });
});
