/**
 * `lakehouse --target aws jobs` on a project of more than ten jobs, as a new user's project grows: each job's runs are
 * asked at once, and each request in flight listens to the command's abort signal (Ctrl-C). Node warns past ten
 * listeners on one EventTarget ("MaxListenersExceededWarning: Possible EventTarget memory leak detected. 11 abort
 * listeners added to [AbortSignal]") — printed to the user's terminal before the table, about no leak. It must not be.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { startFakeAws, useTestRole, type OfflineAws } from './fake';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

describe('the CLI on AWS: jobs of a project with many jobs', { skip: !existsSync(CLI) && 'dist/cli.js not built' }, () => {
  let tmp: string;
  let dir: string;
  let aws: OfflineAws;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-cli-jobs-'));
    dir = path.join(tmp, 'p');
    await initProject(dir, { sample: 'stedi', bucket: 'cli-jobs-lake', region: 'us-east-1' });
    await useTestRole(dir);
    // the sample's jobs and 12 more
    const scripts = path.join(dir, 'glue-scripts');
    const first = (await fs.readdir(scripts)).find((f) => f.endsWith('.py'))!;
    for (let i = 0; i < 12; i++) await fs.copyFile(path.join(scripts, first), path.join(scripts, `extra_job_${i}.py`));
    aws = await startFakeAws({ bucket: 'cli-jobs-lake', database: 'stedi' });
  });
  after(async () => {
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('every job is listed; stderr carries no MaxListenersExceededWarning', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, '--target', 'aws', '--dir', dir, 'jobs'], { env: { ...process.env, ...aws.env(), AWS_PROFILE: '' } });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.stdin.end();
      child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
    });
    assert.equal(code, 0, stderr);
    for (let i = 0; i < 12; i++) assert.match(stdout, new RegExp(`^extra_job_${i} `, 'm'));
    assert.ok(aws.fake.callsOf('AWSGlue.GetJobRuns').length > 12);
    // the last run of each, not every run: GetJobRuns "returns the job runs in chronological order, with the newest
    // jobs returned first" (AWS Glue API reference, GetJobRuns), so one of MaxResults 1 is the last run
    assert.deepEqual([...new Set(aws.fake.callsOf('AWSGlue.GetJobRuns').map((c) => c.input['MaxResults']))], [1]);
    assert.doesNotMatch(stderr, /MaxListenersExceededWarning|memory leak/);
  });
});
