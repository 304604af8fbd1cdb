/**
 * Job runs over their life: a re-run appends to its output as Glue's does (a purge first replaces it), a refused run
 * leaves the previous output intact and says why (message, script line, log), a failed one keeps what its sinks
 * before the failure wrote (as Glue's do), runs are recorded like Glue's JobRuns.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { LakehouseError } from '../../src/core/errors';
import { BUCKET, FIXTURES, filesUnder, jsonRows, makeProject, runJob, runOk, sorted, type TestProject } from './harness';

let tp: TestProject;
before(async () => {
  tp = await makeProject();
});
after(async () => {
  await tp.close();
});

/** The 1-based line of the first line of a fixture script holding `text`. */
async function lineOf(file: string, text: string): Promise<number> {
  const lines = (await fs.readFile(file, 'utf8')).split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} is in ${file}`);
  return i + 1;
}

/** What sql_node writes from the fixture data (see constructs.test.ts). */
const CONSENTED = sorted([
  { user: 'ann@example.com', timestamp: 1655564100001, x: 1, name: 'Ann Lee', purpose: 'research' },
  { user: 'ann@example.com', timestamp: 1655564100002, x: -0.5, name: 'Ann Lee', purpose: 'research' },
  { user: 'cid@example.com', timestamp: 1655564400001, x: 2.5, name: 'Cid Moe', purpose: 'research' },
  { user: 'cid@example.com', timestamp: 1655564400001, x: 2.75, name: 'Cid Moe', purpose: 'research' },
]);

const stagingLeft = async () => [...(await filesUnder(path.join(tp.root, '.lakehouse', 'staging'))).keys()];

// Glue's sinks add files to their path: "AWS Glue tracks which partitions the job has processed successfully to
// prevent duplicate processing and duplicate data in the job's target data store" (job bookmarks,
// https://docs.aws.amazon.com/glue/latest/dg/monitor-continuations.html) — without them (the lakehouse's jobs run
// with job-bookmark-disable), a re-run writes the same rows again beside the first ones. purge_s3_path
// ("Deletes files from the specified Amazon S3 path recursively", retentionPeriod 0: every file older than now,
// https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-glue-context.html) before the
// sink is what makes a re-run replace.
test('a re-run appends, as Glue\'s sinks do: without a purge the rows double; with a purge before the sink they stay the same', async () => {
  await tp.target.storage.deletePrefix(BUCKET, 'out/consented/');
  await runOk(tp, 'sql_node');
  const first = await filesUnder(tp.dir('out/consented'));
  assert.deepEqual(sorted(await jsonRows(tp.dir('out/consented'))), CONSENTED);
  const second = await runOk(tp, 'sql_node');
  assert.equal(second.rowsWritten, CONSENTED.length);
  const files = await filesUnder(tp.dir('out/consented'));
  assert.deepEqual(sorted(await jsonRows(tp.dir('out/consented'))), sorted([...CONSENTED, ...CONSENTED]));
  assert.equal(files.size, 2 * first.size);
  for (const [name, content] of first) assert.deepEqual(files.get(name), content, `${name} of the first run is still there, unchanged`);

  // the same script with glueContext.purge_s3_path(<its path>, {"retentionPeriod": 0}) before the sink
  await tp.useScript('sql_node', 'sql_node_purged');
  try {
    await runOk(tp, 'sql_node');
    assert.deepEqual(sorted(await jsonRows(tp.dir('out/consented'))), CONSENTED);
    const purged = await filesUnder(tp.dir('out/consented'));
    for (const name of files.keys()) assert.ok(!purged.has(name), `${name} of the earlier runs is gone`);
    await runOk(tp, 'sql_node');
    assert.deepEqual(sorted(await jsonRows(tp.dir('out/consented'))), CONSENTED);
  } finally {
    await tp.restoreScript('sql_node');
  }

  // a getSink sink that updates the catalog appends too; the table reads every row written
  await tp.target.storage.deletePrefix(BUCKET, 'devices/trusted/');
  await runOk(tp, 'devices_to_trusted');
  await runOk(tp, 'devices_to_trusted');
  assert.equal((await jsonRows(tp.dir('devices/trusted'))).length, 6);
  const q = await tp.target.queries.run('SELECT count(*), count(DISTINCT serialnumber) FROM shop.devices_trusted');
  assert.deepEqual((await tp.target.queries.page(q.id)).rows, [[6, 3]]);
  assert.deepEqual(await stagingLeft(), []);
});

test('a failed run (an SQL node naming an unknown column) keeps the previous output, records the error and its script line', async () => {
  await runOk(tp, 'sql_node');
  const before = await filesUnder(tp.dir('out/consented'));
  await tp.useScript('sql_node', 'sql_node_unknown_column');
  const run = await runJob(tp, 'sql_node');
  assert.equal(run.state, 'FAILED');
  const line = await lineOf(path.join(FIXTURES, 'variants', 'sql_node_unknown_column.py'), 'c.nickName');
  assert.equal(run.errorLine, line);
  assert.match(run.errorMessage ?? '', /nickName/);
  assert.match(run.errorMessage ?? '', new RegExp(`glue-scripts/sql_node\\.py:${line}\\b`));
  assert.match(run.errorMessage ?? '', /Consented Readings/); // the Glue Studio node's name
  assert.equal(run.rowsWritten, undefined);
  assert.ok(run.completedOn);
  assert.deepEqual(await filesUnder(tp.dir('out/consented')), before);
  const log = await tp.target.jobs.logs('sql_node', run.id);
  assert.match(log[log.length - 1]!, /ERROR .*sql_node\.py:\d+: .*nickName/);
  assert.deepEqual(await stagingLeft(), []);
  // the lock was released: the job runs again
  await tp.restoreScript('sql_node');
  await runOk(tp, 'sql_node');
});

// On Glue each sink writes at its line (a Spark action) and nothing rolls S3 objects back when a later one fails:
// only a Lake Formation governed table's transaction deletes what it wrote, and "without this call [DeleteObjectsOnCancel],
// no Amazon S3 objects are automatically deleted when a transaction cancels" (Lake Formation API reference,
// DeleteObjectsOnCancel; "Rolling back Amazon S3 writes"). So the first sink's files stay, the failing one writes none.
test('a run whose second sink fails keeps what the first sink wrote, as on Glue; the second writes nothing', async () => {
  await runOk(tp, 'sql_node');
  const before = await filesUnder(tp.dir('out/consented'));
  const rowsBefore = (await jsonRows(tp.dir('out/consented'))).length;
  await tp.useScript('sql_node', 'sql_node_second_sink_fails');
  const run = await runJob(tp, 'sql_node');
  assert.equal(run.state, 'FAILED');
  const line = await lineOf(path.join(FIXTURES, 'variants', 'sql_node_second_sink_fails.py'), 'ByRegion_node5 = ');
  assert.equal(run.errorLine, line);
  assert.match(run.errorMessage ?? '', /partition key region/);
  const after = await filesUnder(tp.dir('out/consented'));
  // the earlier files untouched, one file more: the first sink's rows once more (a sink adds its files)
  for (const [name, bytes] of before) assert.deepEqual(after.get(name), bytes);
  assert.equal(after.size, before.size + 1);
  assert.equal((await jsonRows(tp.dir('out/consented'))).length, rowsBefore + CONSENTED.length);
  assert.deepEqual(await filesUnder(tp.dir('out/consented_by_region')), new Map());
  const log = (await tp.target.jobs.logs('sql_node', run.id)).join('\n');
  assert.match(log, /wrote \d+ row\(s\) in 1 file\(s\) to s3:\/\/[^ ]+\/out\/consented\//);
  assert.deepEqual(await stagingLeft(), []);
  await tp.restoreScript('sql_node');
});

test('a refused script (Map.apply failing past 10 error records, which the local engine does not count) fails before any output is touched, naming the construct and line', async () => {
  await runOk(tp, 'sql_node');
  const before = await filesUnder(tp.dir('out/consented'));
  await tp.useScript('sql_node', 'sql_node_map_function');
  const run = await runJob(tp, 'sql_node');
  assert.equal(run.state, 'FAILED');
  const line = await lineOf(path.join(FIXTURES, 'variants', 'sql_node_map_function.py'), 'Map.apply(');
  assert.equal(run.errorLine, line);
  assert.match(run.errorMessage ?? '', /Map\.apply with stageThreshold=10 cannot run on the local engine/);
  assert.match(run.errorMessage ?? '', new RegExp(`sql_node\\.py:${line}:`));
  assert.equal(run.rowsRead, undefined);
  assert.deepEqual(await filesUnder(tp.dir('out/consented')), before);
  const log = (await tp.target.jobs.logs('sql_node', run.id)).join('\n');
  assert.match(log, /ERROR .*Map\.apply/);
  assert.doesNotMatch(log, /read shop\./); // nothing was read, let alone written
  await tp.restoreScript('sql_node');
});

test('a source table missing from the catalog fails the run naming the table and the line', async () => {
  const file = path.join(tp.root, 'glue-scripts', 'sql_node.py');
  const text = await fs.readFile(path.join(FIXTURES, 'project', 'glue-scripts', 'sql_node.py'), 'utf8');
  await fs.writeFile(file, text.replace('table_name="reading_landing"', 'table_name="reading_lnding"'));
  const before = await filesUnder(tp.dir('out/consented'));
  const run = await runJob(tp, 'sql_node');
  assert.equal(run.state, 'FAILED');
  assert.equal(run.errorLine, await lineOf(file, 'reading_lnding'));
  assert.match(run.errorMessage ?? '', /shop\.reading_lnding does not exist/);
  assert.deepEqual(await filesUnder(tp.dir('out/consented')), before);
  await tp.restoreScript('sql_node');
});

test('runs are listed newest first, each with its state, counts and readable log; unknown jobs are named', async () => {
  const job = 'heavy_models';
  const ok1 = await runOk(tp, job);
  await fs.writeFile(path.join(tp.root, 'glue-scripts', `${job}.py`), 'import sys\nx = Filter.apply(frame=y, f=lambda r: True)\n');
  const failed = await runJob(tp, job);
  await tp.restoreScript(job);
  const ok2 = await runOk(tp, job);
  const runs = await tp.target.jobs.runs(job);
  assert.deepEqual(runs.map((r) => r.id), [ok2.id, failed.id, ok1.id]);
  assert.deepEqual(runs.map((r) => r.state), ['SUCCEEDED', 'FAILED', 'SUCCEEDED']);
  assert.deepEqual(runs[0], ok2);
  assert.deepEqual(await tp.target.jobs.run(job, failed.id), failed);
  for (const r of runs) {
    assert.equal(r.jobName, job);
    assert.match(r.id, /^jr_[0-9a-f]{64}$/);
    assert.equal(r.pid, process.pid);
    assert.ok(typeof r.executionTime === 'number' && r.executionTime >= 0);
  }
  const log = await tp.target.jobs.logs(job, ok2.id);
  assert.match(log[0]!, new RegExp(`run ${ok2.id} of ${job} started`));
  assert.ok(log.some((l) => /wrote 1 row\(s\) in 1 file\(s\) to s3:\/\/runner-test\/out\/heavy_models\//.test(l)), log.join('\n'));
  assert.match(log[log.length - 1]!, /run succeeded: 2 row\(s\) read, 1 row\(s\) written/);
  await assert.rejects(tp.target.jobs.start('no_such_job'), (e: unknown) => e instanceof LakehouseError && e.code === 'EntityNotFound' && /no_such_job/.test(e.message));
});

test('a malformed line in a file an S3 JSON source (from_options) reads fails the run naming the s3:// object and its line', async () => {
  await runOk(tp, 'devices_to_trusted');
  const before = await filesUnder(tp.dir('devices/trusted'));
  // line 2 cut short, as a broken upload leaves it
  await tp.target.storage.put(BUCKET, 'devices/landing/devices-bad.json', '{"serialNumber":"a","model":"A1"}\n{"serialNumber":"b", "mo\n{"serialNumber":"c","model":"A1"}\n');
  try {
    const run = await runJob(tp, 'devices_to_trusted');
    assert.equal(run.state, 'FAILED');
    const line = await lineOf(path.join(FIXTURES, 'project', 'glue-scripts', 'devices_to_trusted.py'), 'DevicesLanding_node1 = ');
    assert.match(run.errorMessage ?? '', new RegExp(`^s3://${BUCKET}/devices/landing/devices-bad\\.json line 2: malformed JSON: .*\\(S3 source DevicesLanding_node1 at glue-scripts/devices_to_trusted\\.py:${line}\\)$`));
    assert.doesNotMatch(run.errorMessage ?? '', /\.lakehouse/);
    assert.deepEqual(await filesUnder(tp.dir('devices/trusted')), before);
  } finally {
    await tp.target.storage.delete(BUCKET, 'devices/landing/devices-bad.json');
  }
});
