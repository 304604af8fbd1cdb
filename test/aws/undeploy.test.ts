/**
 * Undeploy's plan and its execution (AwsTarget.undeployPlan / undeploy) where the CLI test does not reach: a tagged
 * job whose script is not where deploy puts it (edited in the console since: the job goes, that script stays), a job
 * whose tag changed between the plan and the deletion (left), and the fake's ListJobs as Glue documents it (AWS Glue
 * API reference, ListJobs: MaxResults 1-1000; Tags "Specifies to return only these tagged resources"; DeleteJob: "If
 * the job definition is not found, no exception is thrown").
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateJobCommand, DeleteJobCommand, GlueClient, ListJobsCommand, TagResourceCommand } from '@aws-sdk/client-glue';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { initProject } from '../../src/core/actions/init';
import { loadProject } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { startFakeAws, TEST_GLUE_ROLE, useTestRole, type OfflineAws } from './fake';
import { S3RVER_CREDENTIALS } from './s3rver';

const BUCKET = 'undeploy-lake';
const refused = (e: unknown) => (e as { name?: string }).name === 'InvalidInputException';

describe('undeploy: the plan and what is left', () => {
  let tmp: string;
  let aws: OfflineAws;
  let target: AwsTarget;
  let glue: GlueClient;

  const job = (Name: string, script: string, project?: string) =>
    new CreateJobCommand({
      Name,
      Role: TEST_GLUE_ROLE,
      Command: { Name: 'glueetl', ScriptLocation: `s3://${BUCKET}/${script}`, PythonVersion: '3' },
      GlueVersion: '4.0',
      WorkerType: 'G.1X',
      NumberOfWorkers: 2,
      ...(project ? { Tags: { 'lakehouse:project': project } } : {}),
    });

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-undeploy-'));
    const dir = path.join(tmp, 'p');
    await initProject(dir, { sample: 'stedi', bucket: BUCKET, region: 'us-east-1' });
    await useTestRole(dir);
    aws = await startFakeAws({ bucket: BUCKET, database: 'stedi' });
    target = await AwsTarget.open(await loadProject(dir), aws.targetOptions());
    await target.storage.ensureBucket(BUCKET);
    glue = new GlueClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
  });
  after(async () => {
    glue?.destroy();
    await target?.close();
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('ListJobs in the fake: the tag filter, MaxResults 1-1000, paging', async () => {
    await glue.send(job('list_a', 'scripts/list_a.py', 'listing'));
    await glue.send(job('list_b', 'scripts/list_b.py', 'listing'));
    await glue.send(job('list_c', 'scripts/list_c.py', 'elsewhere'));
    const first = await glue.send(new ListJobsCommand({ Tags: { 'lakehouse:project': 'listing' }, MaxResults: 1 }));
    assert.deepEqual(first.JobNames, ['list_a']);
    const second = await glue.send(new ListJobsCommand({ Tags: { 'lakehouse:project': 'listing' }, MaxResults: 1, NextToken: first.NextToken! }));
    assert.deepEqual(second.JobNames, ['list_b']);
    assert.equal(second.NextToken, undefined);
    for (const MaxResults of [0, 1001]) await assert.rejects(glue.send(new ListJobsCommand({ MaxResults })), refused);
    for (const n of ['list_a', 'list_b', 'list_c']) await glue.send(new DeleteJobCommand({ JobName: n }));
    // a job that is not there: no exception
    await glue.send(new DeleteJobCommand({ JobName: 'list_a' }));
  });

  test('a tagged job whose script is elsewhere: the job is deleted, the script left and said', async () => {
    await aws.fake.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'console/edited.py', Body: 'print(1)\n' }));
    await glue.send(job('machine_learning_curated', 'console/edited.py', 'stedi'));
    const plan = await target.undeployPlan();
    assert.deepEqual(plan.jobs, [{ name: 'machine_learning_curated', scriptLocation: `s3://${BUCKET}/console/edited.py` }]);
    assert.deepEqual(plan.scripts, []);
    assert.ok(plan.left.some((l) => l.what === `s3://${BUCKET}/console/edited.py` && /not in the project's scripts folder/.test(l.why)), JSON.stringify(plan.left));
    const done = await target.undeploy(plan);
    assert.deepEqual(done.deleted.jobs, ['machine_learning_curated']);
    assert.deepEqual(done.deleted.scripts, []);
    assert.equal(aws.glue.job('machine_learning_curated'), undefined);
    await aws.fake.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'console/edited.py' }));
  });

  test('a job taken over by another project between the plan and the deletion is left', async () => {
    await aws.fake.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'scripts/customer_trusted_to_curated.py', Body: 'print(1)\n' }));
    await glue.send(job('customer_trusted_to_curated', 'scripts/customer_trusted_to_curated.py', 'stedi'));
    const plan = await target.undeployPlan();
    assert.deepEqual(plan.jobs.map((j) => j.name), ['customer_trusted_to_curated']);
    assert.deepEqual(plan.scripts, [`s3://${BUCKET}/scripts/customer_trusted_to_curated.py`]);
    await glue.send(new TagResourceCommand({ ResourceArn: 'arn:aws:glue:us-east-1:123456789012:job/customer_trusted_to_curated', TagsToAdd: { 'lakehouse:project': 'someone-else' } }));
    const done = await target.undeploy(plan);
    assert.deepEqual(done.deleted.jobs, []);
    assert.deepEqual(done.deleted.scripts, []);
    assert.ok(done.left.some((l) => l.what === 'job customer_trusted_to_curated' && /tag changed since the plan/.test(l.why)));
    assert.notEqual(aws.glue.job('customer_trusted_to_curated'), undefined);
    await aws.fake.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'scripts/customer_trusted_to_curated.py' }));
  });
});
