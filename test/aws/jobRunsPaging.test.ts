/**
 * The runs of a job are read only as far as they are shown: `lakehouse jobs` shows the last run, so it asks Glue for
 * one (GetJobRuns MaxResults 1), not for every run the job ever had.
 *
 * AWS Glue API reference, GetJobRuns: "GetJobRuns returns the job runs in chronological order, with the newest jobs
 * returned first"; MaxResults "The maximum size of the response. ... Valid Range: Minimum value of 1. Maximum value of
 * 200" (the fake refuses 0 and 201 with InvalidInputException, as the service refuses a value out of its range);
 * a page holds at most MaxResults runs, so a client asking for N follows NextToken until it has N.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateJobCommand, GetJobRunCommand, GetJobRunsCommand, GlueClient, StartJobRunCommand } from '@aws-sdk/client-glue';
import { initProject } from '../../src/core/actions/init';
import { loadProject } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { startFakeAws, TEST_GLUE_ROLE, useTestRole, type OfflineAws } from './fake';
import { S3RVER_CREDENTIALS } from './s3rver';

const JOB = 'paging_job';

describe('GetJobRuns read as far as needed', () => {
  let tmp: string;
  let aws: OfflineAws;
  let target: AwsTarget;
  let glue: GlueClient;
  /** the run ids, newest first */
  const ids: string[] = [];

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-runs-paging-'));
    const dir = path.join(tmp, 'p');
    await initProject(dir, { sample: 'stedi', bucket: 'paging-lake', region: 'us-east-1' });
    await useTestRole(dir);
    aws = await startFakeAws({ bucket: 'paging-lake', database: 'stedi' });
    target = await AwsTarget.open(await loadProject(dir), aws.targetOptions());
    glue = new GlueClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    // a job whose script is not there: each run fails at once (Glue cannot download it), which is all a run list needs
    await glue.send(
      new CreateJobCommand({ Name: JOB, Role: TEST_GLUE_ROLE, Command: { Name: 'glueetl', ScriptLocation: 's3://paging-lake/scripts/none.py', PythonVersion: '3' }, GlueVersion: '4.0', WorkerType: 'G.1X', NumberOfWorkers: 2 }),
    );
    for (let i = 0; i < 5; i++) {
      const { JobRunId } = await glue.send(new StartJobRunCommand({ JobName: JOB }));
      for (;;) {
        const run = (await glue.send(new GetJobRunCommand({ JobName: JOB, RunId: JobRunId! }))).JobRun!;
        if (run.JobRunState === 'FAILED') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      ids.unshift(JobRunId!);
      await new Promise((r) => setTimeout(r, 5)); // distinct StartedOn
    }
  });
  after(async () => {
    glue?.destroy();
    await target?.close();
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const getJobRuns = () => aws.fake.callsOf('AWSGlue.GetJobRuns').filter((c) => (c.input as { JobName?: string }).JobName === JOB);

  test('the last run: one GetJobRuns of MaxResults 1', async () => {
    const before = getJobRuns().length;
    const runs = await target.jobs.runs(JOB, { limit: 1 });
    assert.deepEqual(runs.map((r) => r.id), ids.slice(0, 1));
    const calls = getJobRuns().slice(before);
    assert.deepEqual(calls.map((c) => c.input['MaxResults']), [1]);
  });

  test('pages that hold fewer runs than asked: NextToken is followed until enough, asking only for what is missing', async () => {
    aws.glue.capRunPages(2);
    try {
      const before = getJobRuns().length;
      const runs = await target.jobs.runs(JOB, { limit: 3 });
      assert.deepEqual(runs.map((r) => r.id), ids.slice(0, 3));
      assert.deepEqual(getJobRuns().slice(before).map((c) => [c.input['MaxResults'], c.input['NextToken'] !== undefined]), [
        [3, false],
        [1, true],
      ]);
      // every run, newest first, when no limit is given
      assert.deepEqual((await target.jobs.runs(JOB)).map((r) => r.id), ids);
    } finally {
      aws.glue.capRunPages(undefined);
    }
  });

  test('the fake refuses MaxResults outside 1-200, as Glue does', async () => {
    for (const MaxResults of [0, 201]) await assert.rejects(glue.send(new GetJobRunsCommand({ JobName: JOB, MaxResults })), (e: unknown) => (e as { name?: string }).name === 'InvalidInputException');
    assert.equal((await glue.send(new GetJobRunsCommand({ JobName: JOB, MaxResults: 200 }))).JobRuns?.length, 5);
  });
});
