// followRun on the AWS target: the real AwsTarget and SDK clients against s3rver and the fake Glue / CloudWatch
// Logs endpoint (which runs the scripts for real). The run's log lines arrive while it runs (tail), a failed run
// carries Glue's message, and cancelling sends BatchStopJobRun and waits for STOPPED.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CatalogTable } from '../../src/core/model';
import { loadProject } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { followRun } from '../../src/extension/jobFollow';
import { startFakeAws, type OfflineAws } from '../aws/fake';

const BUCKET = 'ext-follow';
const DB = 'follow';
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'aws-jobs');
const ROWS = 40;

const bigLanding: CatalogTable = {
  database: DB,
  name: 'big_landing',
  tableType: 'EXTERNAL_TABLE',
  storage: {
    columns: [
      { name: 'user', type: 'string' },
      { name: 'timestamp', type: 'bigint' },
      { name: 'x', type: 'double' },
      { name: 'y', type: 'double' },
      { name: 'z', type: 'double' },
    ],
    location: `s3://${BUCKET}/big/landing/`,
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serde: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: {} },
  },
  partitionKeys: [],
  parameters: { classification: 'json' },
};

describe('followRun on the AWS target (s3rver + fake Glue and CloudWatch Logs)', () => {
  let aws: OfflineAws;
  let dir: string;
  let target: AwsTarget;

  before(async () => {
    aws = await startFakeAws({ bucket: BUCKET, database: DB });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-ext-follow-'));
    await fs.writeFile(
      path.join(dir, 'lakehouse.json'),
      JSON.stringify({
        name: 'ext-follow',
        bucket: BUCKET,
        database: DB,
        region: 'us-east-1',
        datasets: { big: { landing: 'big/landing/', curated: 'big/copy/' } },
        glue: { role: 'arn:aws:iam::123456789012:role/lakehouse-test-glue' },
      }),
    );
    await fs.mkdir(path.join(dir, 'glue-scripts'));
    for (const s of ['big_copy.py', 'broken_job.py']) await fs.copyFile(path.join(FIXTURES, s), path.join(dir, 'glue-scripts', s));
    target = await AwsTarget.open(await loadProject(dir), aws.targetOptions());
    await target.storage.createBucket(BUCKET);
    // (y written as the double it is: `1.0`, not JSON.stringify's `1`, an int to Glue's reader — y would be a choice)
    const rows = Array.from({ length: ROWS }, (_, i) => JSON.stringify({ user: `u${i % 3}@example.com`, timestamp: 1655564100000 + i, x: i, y: i / 2, z: -i }).replace(/"y":(-?\d+)(?=[,}])/, '"y":$1.0'));
    await target.storage.put(BUCKET, 'big/landing/part-0.json', `${rows.join('\n')}\n`);
    await aws.fake.local.catalog.createDatabase({ name: DB }, { ifNotExists: true });
    await aws.fake.local.catalog.putTable(bigLanding);
    await target.jobs.deploy();
  });

  after(async () => {
    await target?.close();
    await aws?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a run that succeeds: its log lines arrive through the tail, then the final run', async () => {
    const started = await target.jobs.start('big_copy');
    const lines: string[] = [];
    const { run, tailed } = await followRun(target.jobs, target.jobs, 'big_copy', started.id, new AbortController().signal, { onLines: (l) => lines.push(...l) });
    assert.equal(run.state, 'SUCCEEDED', run.errorMessage);
    assert.equal(tailed, true);
    assert.ok(lines.length > 0, 'log lines were handed over');
    assert.ok(aws.fake.callsOf('Logs_20140328.FilterLogEvents').length > 0, 'read from CloudWatch Logs');
    // the job wrote the 40 rows to big/copy/
    const out = await target.storage.list(BUCKET, { prefix: 'big/copy/' });
    let written = 0;
    for (const o of out.objects) written += (await target.storage.get(BUCKET, o.key)).toString('utf8').trim().split('\n').filter(Boolean).length;
    assert.equal(written, ROWS);
  });

  it('a run that fails: FAILED with Glue\'s message, and the error lines came through the tail', async () => {
    const started = await target.jobs.start('broken_job');
    const lines: string[] = [];
    const { run } = await followRun(target.jobs, target.jobs, 'broken_job', started.id, undefined, { onLines: (l) => lines.push(...l) });
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage ?? '', /no_such_table/);
    assert.ok(lines.some((l) => l.includes('no_such_table')), lines.join('\n'));
  });

  it('cancelling sends BatchStopJobRun and resolves with the STOPPED run', async () => {
    const before = aws.fake.callsOf('AWSGlue.BatchStopJobRun').length;
    const started = await target.jobs.start('big_copy');
    const ac = new AbortController();
    ac.abort();
    const { run } = await followRun(target.jobs, target.jobs, 'big_copy', started.id, ac.signal);
    assert.equal(aws.fake.callsOf('AWSGlue.BatchStopJobRun').length, before + 1);
    assert.equal(run.state, 'STOPPED');
  });

  it('stopping refused (AccessDenied): the wait stops too and the failure is handed over', async () => {
    aws.fake.inject({ operation: 'AWSGlue.BatchStopJobRun', kind: 'access-denied', times: 1 });
    const started = await target.jobs.start('big_copy');
    const ac = new AbortController();
    ac.abort();
    const failures: unknown[] = [];
    await assert.rejects(followRun(target.jobs, target.jobs, 'big_copy', started.id, ac.signal, { onStopFailed: (e) => failures.push(e) }), { code: 'Cancelled' });
    assert.equal(failures.length, 1);
    assert.match(String((failures[0] as Error).message), /AccessDenied.*glue:BatchStopJobRun/);
    await target.jobs.wait('big_copy', started.id);
  });
});
