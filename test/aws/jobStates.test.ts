/**
 * Job runs on AWS as Glue has them and as a long run meets them: the final states Glue documents (TIMEOUT, ERROR:
 * AWS Glue API reference, JobRun.JobRunState "STARTING | RUNNING | STOPPING | STOPPED | SUCCEEDED | FAILED | TIMEOUT
 * | ERROR | WAITING | EXPIRED"), polls that survive transient failures (the run goes on in Glue whatever happens to
 * one poll), and the lines CloudWatch delivers after the run has ended (the fake delivers a run's last lines two
 * reads late).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { isLakehouseError } from '../../src/core/errors';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { describeJobRun } from '../../src/core/targets/aws/glueJobs';
import { startFakeAws, useTestRole, type OfflineAws } from './fake';
import { fastRetries } from './s3rver';

const JOB = 'customer_landing_to_trusted';

describe('Glue job runs: final states, transient failures while polling, late log lines', () => {
  let tmp: string;
  let aws: OfflineAws;
  let project: Project;
  let target: AwsTarget;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-jobstates-'));
    const dir = path.join(tmp, 'p');
    await initProject(dir, { sample: 'stedi', bucket: 'states-test', region: 'us-east-1' });
    await useTestRole(dir);
    project = await loadProject(dir);
    aws = await startFakeAws({ bucket: 'states-test', database: 'stedi' });
    target = await AwsTarget.open(project, aws.targetOptions({ retryStrategy: fastRetries(3) }));
    await target.storage.ensureBucket('states-test');
    await target.jobs.deploy({ jobs: [JOB] });
  });
  after(async () => {
    aws?.fake.clearFaults();
    await target?.close();
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('TIMEOUT: the run ends TIMEOUT with Glue\'s message, its log named', async () => {
    aws.glue.endNextRun(JOB, 'TIMEOUT', 'Job run timed out after 60 minutes');
    const run = await target.jobs.wait(JOB, (await target.jobs.start(JOB)).id);
    assert.equal(run.state, 'TIMEOUT');
    assert.equal(run.errorMessage, 'Job run timed out after 60 minutes');
    assert.equal(run.executionTime, 3600, 'ExecutionTime: the timeout (60 minutes)');
    assert.match(describeJobRun(run), /TIMEOUT: Job run timed out after 60 minutes; its log: CloudWatch Logs \/aws-glue\/jobs\/error/);
  });

  test('ERROR: Glue\'s internal error is a failed run, said so when Glue gives no message', async () => {
    aws.glue.endNextRun(JOB, 'ERROR');
    const run = await target.jobs.wait(JOB, (await target.jobs.start(JOB)).id);
    assert.equal(run.state, 'FAILED');
    assert.equal(run.errorMessage, 'Glue ended the run with an internal error (state ERROR)');
  });

  test('a poll that fails (5xx beyond the SDK\'s retries) is tried again: the wait ends with the run', async () => {
    const started = await target.jobs.start(JOB);
    // 3 attempts per call: the first poll fails whole, the second after two 500s goes through
    aws.fake.inject({ operation: 'AWSGlue.GetJobRun', kind: 'server-error', times: 5 });
    const run = await target.jobs.wait(JOB, started.id);
    assert.ok(['FAILED', 'SUCCEEDED'].includes(run.state), run.state);
    aws.fake.clearFaults();
  });

  test('failures that outlast the poll patience are reported, saying the run goes on in Glue', async () => {
    const impatient = await AwsTarget.open(project, aws.targetOptions({ retryStrategy: fastRetries(1), pollPatienceMs: 0 }));
    const started = await impatient.jobs.start(JOB);
    aws.fake.inject({ operation: 'AWSGlue.GetJobRun', kind: 'throttle' });
    try {
      await assert.rejects(impatient.jobs.wait(JOB, started.id), (e) => isLakehouseError(e) && /ThrottlingException/.test(e.message) && /the run itself goes on in Glue/.test(e.message));
    } finally {
      aws.fake.clearFaults();
      await impatient.jobs.wait(JOB, started.id);
      await impatient.close();
    }
  });

  test('following a run: the lines CloudWatch delivers after the run ended are still read (the error line comes late)', async () => {
    const started = await target.jobs.start(JOB);
    const seen: string[] = [];
    const run = await target.jobs.tail(JOB, started.id, (lines) => seen.push(...lines));
    assert.equal(run.state, 'FAILED');
    // the error message reaches CloudWatch two reads after the run is final
    assert.ok(seen.includes(`[error] ${run.errorMessage}`), seen.join('\n'));
    // and read once, after the fact, the log holds it too
    assert.ok((await target.jobs.logs(JOB, started.id)).includes(`[error] ${run.errorMessage}`));
  });
});
