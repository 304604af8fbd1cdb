/**
 * Deploy on an account that already has things in it: nothing is clobbered, nothing another project (or a person)
 * made is taken over without asking, and the role is checked before anything is sent.
 *
 * What Glue does, from its API reference: UpdateJob "Updates an existing job definition. The previous job
 * definition is completely overwritten by this information" and JobUpdate "Unspecified configuration is removed or
 * reset to default values" — the fake does exactly that, so a deploy that sent only its own fields would lose the
 * rest here as on Glue. CreateJob Timeout: "When the value is left blank, the timeout is defaulted to 2880
 * minutes"; "Jobs must have timeout values less than 7 days or 10080 minutes". WorkerType: G.025X "is only
 * available for Glue version 3.0 or later streaming jobs"; Z.2X is for Ray jobs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateJobCommand, GetJobCommand } from '@aws-sdk/client-glue';
import { initProject } from '../../src/core/actions/init';
import { isLakehouseError } from '../../src/core/errors';
import { checkManifestText, loadProject, type Project } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { isAwsError } from '../../src/core/targets/aws/connection';
import { mergeJobUpdate } from '../../src/core/targets/aws/glueDeploy';
import { startFakeAws, TEST_GLUE_ROLE, useTestRole, type OfflineAws } from './fake';

const JOB = 'customer_landing_to_trusted';

describe('deploy that does not clobber (fake Glue with UpdateJob\'s reset semantics)', () => {
  let tmp: string;
  let aws: OfflineAws;
  let project: Project;
  let target: AwsTarget;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-deploy-'));
    const dir = path.join(tmp, 'p');
    await initProject(dir, { sample: 'stedi', bucket: 'deploy-test', region: 'us-east-1' });
    await useTestRole(dir);
    project = await loadProject(dir);
    aws = await startFakeAws({ bucket: 'deploy-test', database: 'stedi' });
    target = await AwsTarget.open(project, aws.targetOptions());
    await target.storage.ensureBucket('deploy-test');
  });
  after(async () => {
    await target?.close();
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('a job someone else made (the course\'s name) is not touched: the plan says whose it is and shows the diff; deploy refuses, naming --adopt', async () => {
    // made in the console with settings lakehouse.json does not know about, and a Glue Studio graph
    const glue = await target.connection.glue();
    await glue.send(
      new CreateJobCommand({
        Name: JOB,
        Role: TEST_GLUE_ROLE,
        Description: 'made in Glue Studio',
        Command: { Name: 'glueetl', ScriptLocation: 's3://deploy-test/console/customer.py', PythonVersion: '3' },
        GlueVersion: '4.0',
        WorkerType: 'G.2X',
        NumberOfWorkers: 10,
        Timeout: 30,
        MaxRetries: 2,
        ExecutionProperty: { MaxConcurrentRuns: 3 },
        Connections: { Connections: ['vpc-connection'] },
        SecurityConfiguration: 'kms-at-rest',
        NonOverridableArguments: { '--secret-source': 'ssm' },
        DefaultArguments: { '--extra-py-files': 's3://deploy-test/lib.zip', '--job-bookmark-option': 'job-bookmark-enable' },
        CodeGenConfigurationNodes: { node1: { S3JsonSource: { Name: 'landing', Paths: ['s3://deploy-test/customer/landing/'] } } },
      }),
    );
    const plan = (await target.jobs.deployPlan({ jobs: [JOB] }))[0]!;
    assert.equal(plan.action, 'update');
    assert.equal(plan.owner, 'other');
    assert.equal(plan.needsAdoption, true);
    assert.match(plan.ownerDetail ?? '', /no lakehouse:project tag/);
    const byField = Object.fromEntries(plan.changes.map((c) => [c.field, [c.deployed, c.local]]));
    assert.deepEqual(byField['workerType'], ['G.2X', 'G.1X']);
    assert.deepEqual(byField['numberOfWorkers'], [10, 2]);
    assert.deepEqual(byField['timeout'], [30, 60]);
    assert.deepEqual(byField['defaultArguments.--job-bookmark-option'], ['job-bookmark-enable', 'job-bookmark-disable']);
    assert.ok(plan.warnings.some((w) => /Glue Studio visual job/.test(w)), plan.warnings.join('\n'));

    const updates = aws.fake.callsOf('AWSGlue.UpdateJob').length;
    await assert.rejects(target.jobs.deploy({ jobs: [JOB] }), (e) => isLakehouseError(e, 'InvalidInput') && /job customer_landing_to_trusted exists in Glue/.test(e.message) && /--adopt customer_landing_to_trusted/.test(e.message));
    assert.equal(aws.fake.callsOf('AWSGlue.UpdateJob').length, updates, 'nothing was sent');
  });

  test('adopted: lakehouse.json\'s fields merged over the job as Glue has it — connections, security, retries, concurrency, non-overridable arguments, description, the visual graph and other arguments all stay; the job is tagged', async () => {
    const [done] = await target.jobs.deploy({ jobs: [JOB], adopt: [JOB] });
    assert.equal(done?.adopted, true);
    const job = (await (await target.connection.glue()).send(new GetJobCommand({ JobName: JOB }))).Job!;
    // ours
    assert.equal(job.Role, TEST_GLUE_ROLE);
    assert.equal(job.WorkerType, 'G.1X');
    assert.equal(job.NumberOfWorkers, 2);
    assert.equal(job.Timeout, 60);
    assert.equal(job.Command?.ScriptLocation, `s3://deploy-test/scripts/${JOB}.py`);
    assert.equal(job.DefaultArguments?.['--job-bookmark-option'], 'job-bookmark-disable');
    // theirs, kept
    assert.equal(job.Description, 'made in Glue Studio');
    assert.equal(job.MaxRetries, 2);
    assert.equal(job.ExecutionProperty?.MaxConcurrentRuns, 3);
    assert.deepEqual(job.Connections?.Connections, ['vpc-connection']);
    assert.equal(job.SecurityConfiguration, 'kms-at-rest');
    assert.deepEqual(job.NonOverridableArguments, { '--secret-source': 'ssm' });
    assert.equal(job.DefaultArguments?.['--extra-py-files'], 's3://deploy-test/lib.zip');
    assert.ok(job.CodeGenConfigurationNodes?.['node1'], 'the Glue Studio graph is kept');
    assert.deepEqual(aws.glue.tags(JOB), { 'lakehouse:project': 'stedi' });

    // from now on it is the project's: an update needs no adoption
    const plan = (await target.jobs.deployPlan({ jobs: [JOB] }))[0]!;
    assert.equal(plan.owner, 'project');
    assert.equal(plan.action, 'unchanged');
  });

  test('a new job gets the project tag and a timeout (lakehouse.json\'s, else 60 minutes — not Glue\'s 48 hours)', async () => {
    const [done] = await target.jobs.deploy({ jobs: ['accelerometer_landing_to_trusted'] });
    assert.equal(done?.action, 'create');
    assert.equal(aws.glue.job('accelerometer_landing_to_trusted')?.['Timeout'], 60);
    assert.deepEqual(aws.glue.tags('accelerometer_landing_to_trusted'), { 'lakehouse:project': 'stedi' });
  });

  test('a job of another lakehouse project (its tag) needs adopting too', async () => {
    const glue = await target.connection.glue();
    await glue.send(
      new CreateJobCommand({
        Name: 'step_trainer_landing_to_trusted',
        Role: TEST_GLUE_ROLE,
        Command: { Name: 'glueetl', ScriptLocation: 's3://deploy-test/other/x.py', PythonVersion: '3' },
        GlueVersion: '4.0',
        WorkerType: 'G.1X',
        NumberOfWorkers: 2,
        Tags: { 'lakehouse:project': 'someone-elses' },
      }),
    );
    const plan = (await target.jobs.deployPlan({ jobs: ['step_trainer_landing_to_trusted'] }))[0]!;
    assert.equal(plan.needsAdoption, true);
    assert.match(plan.ownerDetail ?? '', /the lakehouse project "someone-elses"/);
  });

  test('mergeJobUpdate: worker type and count replace a MaxCapacity (Glue takes one or the other); a Command\'s Runtime stays', () => {
    const update = mergeJobUpdate(
      { Name: 'j', Role: 'r', MaxCapacity: 10, Command: { Name: 'glueetl', ScriptLocation: 's3://b/old.py', Runtime: 'x' }, DefaultArguments: { '--a': '1' } },
      { role: 'r2', scriptLocation: 's3://b/new.py', glueVersion: '4.0', workerType: 'G.1X', numberOfWorkers: 3, defaultArguments: { '--b': '2' } },
    );
    assert.equal(update.MaxCapacity, undefined);
    assert.deepEqual(update.Command, { Name: 'glueetl', ScriptLocation: 's3://b/new.py', PythonVersion: '3', Runtime: 'x' });
    assert.deepEqual(update.DefaultArguments, { '--a': '1', '--b': '2' });
  });
});

describe('the role, checked before a deploy sends anything (fake IAM)', () => {
  let tmp: string;
  let aws: OfflineAws;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-deploy-role-'));
    aws = await startFakeAws({ bucket: 'role-test' });
  });
  after(async () => {
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  async function projectWithRole(name: string, role: string | undefined): Promise<AwsTarget> {
    const dir = path.join(tmp, name);
    await initProject(dir, { sample: 'stedi', bucket: 'role-test', region: 'us-east-1' });
    if (role) {
      const file = path.join(dir, 'lakehouse.json');
      const m = JSON.parse(await fs.readFile(file, 'utf8')) as { glue: Record<string, unknown> };
      m.glue['role'] = role;
      await fs.writeFile(file, JSON.stringify(m, null, 2));
    }
    const t = await AwsTarget.open(await loadProject(dir), aws.targetOptions());
    await t.storage.ensureBucket('role-test');
    return t;
  }

  test('no role: the sample ships none, and deploy says how to get one', async () => {
    const t = await projectWithRole('none', undefined);
    try {
      await assert.rejects(t.jobs.deploy(), (e) => isLakehouseError(e, 'ManifestInvalid') && /glue\.role is not set/.test(e.message) && /lakehouse role --create/.test(e.message));
    } finally {
      await t.close();
    }
  });

  test('a role the account does not have (the old placeholder) is named before any CreateJob', async () => {
    const t = await projectWithRole('missing', 'arn:aws:iam::123456789012:role/stedi-glue-role');
    try {
      const creates = aws.fake.callsOf('AWSGlue.CreateJob').length;
      await assert.rejects(t.jobs.deploy(), (e) => isLakehouseError(e, 'InvalidInput') && /stedi-glue-role does not exist in this account/.test(e.message));
      assert.equal(aws.fake.callsOf('AWSGlue.CreateJob').length, creates);
    } finally {
      await t.close();
    }
  });

  test('a role Glue cannot assume (its trust policy is for EC2) is refused by name', async () => {
    aws.iam.addRole('ec2-role', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const t = await projectWithRole('ec2', 'arn:aws:iam::123456789012:role/ec2-role');
    try {
      await assert.rejects(t.jobs.deploy(), (e) => isLakehouseError(e) && /Glue cannot assume the IAM role arn:aws:iam::123456789012:role\/ec2-role/.test(e.message));
    } finally {
      await t.close();
    }
  });

  test('iam:PassRole denied: Glue\'s AccessDeniedException keeps AWS\'s text, and the fix names iam:PassRole on the role — not glue:CreateJob', async () => {
    aws.iam.deny({ action: 'iam:PassRole', resource: TEST_GLUE_ROLE });
    const t = await projectWithRole('nopass', TEST_GLUE_ROLE);
    try {
      await assert.rejects(t.jobs.deploy({ jobs: [JOB] }), (e) => {
        assert.ok(isAwsError(e, 'AccessDenied'), String(e));
        assert.match(e.message, /^AccessDenied: glue:CreateJob on job customer_landing_to_trusted was refused/);
        assert.match(e.message, /AWS says: User: arn:aws:iam::123456789012:user\/test is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role\/lakehouse-test-glue because no identity-based policy allows the iam:PassRole action/);
        assert.match(e.message, /Fix: grant iam:PassRole on arn:aws:iam::123456789012:role\/lakehouse-test-glue/);
        assert.doesNotMatch(e.message, /grant glue:CreateJob/);
        assert.deepEqual(e.remedy.grant, { action: 'iam:PassRole', resource: TEST_GLUE_ROLE });
        return true;
      });
    } finally {
      aws.iam.clearDenials();
      await t.close();
    }
  });

  test('BatchGetJobs is named as the IAM action it is (glue:BatchGetJobs, not glue:GetJob)', async () => {
    aws.fake.inject({ operation: 'AWSGlue.BatchGetJobs', kind: 'access-denied', times: 1 });
    const t = await projectWithRole('batch', TEST_GLUE_ROLE);
    try {
      await assert.rejects(t.jobs.jobs(), (e) => isAwsError(e, 'AccessDenied') && /^AccessDenied: glue:BatchGetJobs on jobs /.test(e.message) && /Fix: grant glue:BatchGetJobs/.test(e.message));
    } finally {
      aws.fake.clearFaults();
      await t.close();
    }
  });
});

describe('Glue\'s limits: lakehouse.json\'s schema and the fake Glue refuse what Glue refuses', () => {
  const manifest = (glue: object) => JSON.stringify({ name: 'x', bucket: 'x-bucket', database: 'x', datasets: { a: { landing: 'a/landing/' } }, glue }, null, 2);

  test('worker types: a Spark ETL job cannot have G.025X (streaming only) or Z.2X (Ray only); G.12X needs Glue 4.0', () => {
    for (const bad of ['G.025X', 'Z.2X', 'Standard']) {
      const p = checkManifestText(manifest({ workerType: bad }));
      assert.equal(p[0]?.field, 'glue.workerType', bad);
      assert.match(p[0]!.message, /must be one of "G\.1X", "G\.2X", "G\.4X", "G\.8X", "G\.12X"/);
    }
    assert.deepEqual(checkManifestText(manifest({ workerType: 'G.12X', glueVersion: '4.0' })), []);
    const v3 = checkManifestText(manifest({ workerType: 'G.12X', glueVersion: '3.0' }));
    assert.equal(v3.length, 1);
    assert.match(v3[0]!.message, /glue\.workerType must be one of "G\.1X", "G\.2X", "G\.4X", "G\.8X" with glueVersion 3\.0/);
    assert.equal(checkManifestText(manifest({ jobs: { j: { workerType: 'G.025X' } } }))[0]?.field, 'glue.jobs.j.workerType');
  });

  test('timeouts: 1 to 10,080 minutes (7 days), per job too', () => {
    assert.deepEqual(checkManifestText(manifest({ timeout: 10080 })), []);
    const over = checkManifestText(manifest({ timeout: 10081 }));
    assert.match(over[0]!.message, /glue\.timeout must be at most 10080 minutes \(7 days: Glue refuses a longer job timeout\)/);
    assert.equal(checkManifestText(manifest({ jobs: { j: { timeout: 0 } } }))[0]?.field, 'glue.jobs.j.timeout');
  });

  test('the fake Glue refuses G.025X for glueetl and a timeout above 10,080', async () => {
    const aws = await startFakeAws();
    try {
      const glue = new (await import('@aws-sdk/client-glue')).GlueClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, maxAttempts: 1 });
      const job = (over: object) =>
        glue.send(new CreateJobCommand({ Name: 'j', Role: TEST_GLUE_ROLE, Command: { Name: 'glueetl', ScriptLocation: 's3://b/j.py' }, GlueVersion: '4.0', WorkerType: 'G.1X', NumberOfWorkers: 2, ...over }));
      await assert.rejects(job({ WorkerType: 'G.025X' }), /Worker type G\.025X is not supported for glueetl jobs/);
      await assert.rejects(job({ WorkerType: 'Z.2X' }), /Worker type Z\.2X is not supported for glueetl jobs/);
      await assert.rejects(job({ Timeout: 20000 }), /less than 7 days or 10080 minutes/);
      await assert.rejects(job({ Role: 'arn:aws:iam::123456789012:role/no-such-role' }), /Service is unable to assume provided role/);
      glue.destroy();
    } finally {
      await aws.stop();
    }
  });
});
