/**
 * The role story and the setup check, against the fake IAM/STS/Glue/Athena/Logs endpoint and S3.
 *
 * A Glue role (AWS Glue developer guide, "Step 2: Create an IAM role for AWS Glue"): the trust policy lets the
 * service principal glue.amazonaws.com sts:AssumeRole; the AWS managed policy AWSGlueServiceRole
 * (arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole, AWS managed policy reference) grants S3 objects only in
 * buckets named aws-glue-* — so the project's bucket needs a policy of its own. IAM returns policy documents
 * URL-encoded (IAM API reference, Role.AssumeRolePolicyDocument).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { isLakehouseError } from '../../src/core/errors';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import type { SetupCheck } from '../../src/core/targets/aws/doctor';
import { createGlueRole, getRole, glueRolePlan, listGlueRoles, passRoleCheck, trustsGlue, writeGlueRole } from '../../src/core/targets/aws/glueRole';
import { startFakeAws, TEST_GLUE_ROLE, type OfflineAws } from './fake';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

let tmp: string;
let aws: OfflineAws;

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-role-'));
  aws = await startFakeAws({ bucket: 'role-lake', database: 'stedi' });
});
after(async () => {
  await aws?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function project(name: string, bucket = 'role-lake'): Promise<Project> {
  const dir = path.join(tmp, name);
  await initProject(dir, { sample: 'stedi', name, bucket, region: 'us-east-1' });
  return loadProject(dir);
}

describe('the Glue role: what it holds, creating it, picking one', () => {
  test('the plan: trust for glue.amazonaws.com, AWSGlueServiceRole, an inline policy on the project\'s bucket only, the project tag', async () => {
    const p = await project('planned');
    const plan = glueRolePlan(p);
    assert.equal(plan.roleName, 'planned-glue-role');
    assert.deepEqual(plan.trustPolicy, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    assert.deepEqual(plan.managedPolicyArns, ['arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole']);
    const resources = plan.inlinePolicy.Statement.map((s) => s['Resource']);
    assert.deepEqual(resources, ['arn:aws:s3:::role-lake', 'arn:aws:s3:::role-lake/*']);
    assert.deepEqual(plan.tags, { 'lakehouse:project': 'planned' });
    assert.throws(() => glueRolePlan(p, 'bad name!'), (e) => isLakehouseError(e, 'InvalidInput') && /not an IAM role name/.test(e.message));
  });

  test('created with the IAM client: the role, its two policies and its tag; glue.role written into lakehouse.json, the rest of the file as it was', async () => {
    const p = await project('created');
    const before = await fs.readFile(p.manifestPath, 'utf8');
    const t = await AwsTarget.open(p, aws.targetOptions());
    try {
      const made = await createGlueRole(t.connection, glueRolePlan(p));
      assert.equal(made.arn, 'arn:aws:iam::123456789012:role/service-role/created-glue-role');
      const r = aws.iam.roles.get('created-glue-role')!;
      assert.deepEqual(r.attached, ['arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole']);
      assert.deepEqual([...r.inline.keys()], ['created-bucket']);
      assert.deepEqual(r.tags, { 'lakehouse:project': 'created' });
      assert.ok(aws.iam.glueCanAssume(made.arn));

      await writeGlueRole(p, made.arn);
      const after = await fs.readFile(p.manifestPath, 'utf8');
      assert.equal((await loadProject(p.root)).manifest.glue.role, made.arn);
      // only the role line was added: every other line is unchanged, in order
      const added = after.split('\n').filter((l) => !before.split('\n').includes(l));
      assert.equal(added.length, 1);
      assert.match(added[0]!, /"role": "arn:aws:iam::123456789012:role\/service-role\/created-glue-role"/);

      await assert.rejects(createGlueRole(t.connection, glueRolePlan(p)), (e) => isLakehouseError(e, 'AlreadyExists') && /lakehouse role --use created-glue-role/.test(e.message));
    } finally {
      await t.close();
    }
  });

  test('picking an existing role: the roles Glue can assume are listed, read back URL-encoded and decoded', async () => {
    aws.iam.addRole('lambda-role', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const p = await project('picked');
    const t = await AwsTarget.open(p, aws.targetOptions());
    try {
      const names = (await listGlueRoles(t.connection)).map((r) => r.name);
      assert.ok(names.includes('lakehouse-test-glue'));
      assert.ok(!names.includes('lambda-role'));
      assert.equal((await getRole(t.connection, 'lambda-role'))?.trustsGlue, false);
      assert.equal((await getRole(t.connection, TEST_GLUE_ROLE))?.trustsGlue, true);
      assert.equal(await getRole(t.connection, 'no-such-role'), undefined);
    } finally {
      await t.close();
    }
    // trust documents as IAM returns them (URL-encoded) and as given
    const doc = { Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'glue.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] };
    assert.ok(trustsGlue(encodeURIComponent(JSON.stringify(doc))));
    assert.ok(trustsGlue(JSON.stringify(doc)));
    assert.ok(!trustsGlue(JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' }] })));
  });

  test('iam:PassRole by the policy simulator: allowed, or denied for the caller', async () => {
    const p = await project('passing');
    const t = await AwsTarget.open(p, aws.targetOptions());
    try {
      assert.deepEqual(await passRoleCheck(t.connection, TEST_GLUE_ROLE), { decision: 'allowed', principal: 'arn:aws:iam::123456789012:user/test' });
      aws.iam.deny({ action: 'iam:PassRole', resource: TEST_GLUE_ROLE });
      assert.equal((await passRoleCheck(t.connection, TEST_GLUE_ROLE)).decision, 'denied');
    } finally {
      aws.iam.clearDenials();
      await t.close();
    }
  });
});

describe('doctor: the setup a first deploy needs, row by row', () => {
  const byId = (rows: SetupCheck[]) => Object.fromEntries(rows.map((r) => [r.id, r]));

  test('an empty account and a new project: what is missing, each with its fix', async () => {
    const p = await project('fresh', 'fresh-lake');
    // no --region: the project's
    const { region: _region, ...options } = aws.targetOptions();
    const t = await AwsTarget.open(p, options);
    try {
      const rows = byId(await t.checkSetup());
      assert.equal(rows['credentials']?.status, 'ok');
      assert.match(rows['credentials']!.detail, /arn:aws:iam::123456789012:user\/test \(account 123456789012\)/);
      assert.deepEqual([rows['region']?.status, rows['region']?.detail], ['ok', 'us-east-1 (from lakehouse.json)']);
      assert.deepEqual([rows['bucket']?.status, rows['bucket']?.fix], ['warn', '`lakehouse upload` creates it (HeadBucket, then CreateBucket)']);
      assert.deepEqual([rows['glue-catalog']?.status, rows['glue-catalog']?.fix], ['warn', '`lakehouse tables` creates it']);
      assert.match(rows['glue-jobs']!.detail, /0 of 5 deployed/);
      assert.equal(rows['role']?.status, 'fail');
      assert.match(rows['role']!.fix ?? '', /lakehouse role --create/);
      assert.equal(rows['athena-workgroup']?.status, 'ok');
      assert.equal(rows['athena-results']?.status, 'warn');
      assert.equal(rows['logs']?.status, 'warn');
      assert.match(rows['logs']!.fix ?? '', /creates them at a job's first run/);
      assert.equal(rows['node']?.status, Number(process.versions.node.split('.')[0]) >= 22 ? 'ok' : 'warn');
    } finally {
      await t.close();
    }
  });

  test('the name is another account\'s bucket, and iam:PassRole is denied: both fail, saying what to do', async () => {
    const p = await project('blocked', 'taken-lake');
    await writeGlueRole(p, TEST_GLUE_ROLE);
    const t = await AwsTarget.open(await loadProject(p.root), aws.targetOptions());
    aws.s3.foreignBuckets.add('taken-lake');
    aws.iam.deny({ action: 'iam:PassRole', resource: TEST_GLUE_ROLE });
    try {
      const rows = byId(await t.checkSetup());
      assert.equal(rows['bucket']?.status, 'fail');
      assert.match(rows['bucket']!.detail, /another account's/);
      assert.equal(rows['role']?.status, 'fail');
      assert.match(rows['role']!.fix ?? '', /grant iam:PassRole on arn:aws:iam::123456789012:role\/lakehouse-test-glue/);
    } finally {
      aws.s3.foreignBuckets.delete('taken-lake');
      aws.iam.clearDenials();
      await t.close();
    }
  });

  test('a project set up: the bucket, the role and the results are ok', async () => {
    const p = await project('ready', 'ready-lake');
    await writeGlueRole(p, TEST_GLUE_ROLE);
    const t = await AwsTarget.open(await loadProject(p.root), aws.targetOptions());
    try {
      await t.storage.ensureBucket('ready-lake');
      const rows = byId(await t.checkSetup());
      for (const id of ['credentials', 'region', 'bucket', 'role', 'athena-workgroup', 'athena-results']) assert.equal(rows[id]?.status, 'ok', `${id}: ${rows[id]?.detail}`);
    } finally {
      await t.close();
    }
  });
});

describe('the CLI: lakehouse role and lakehouse doctor', { skip: !existsSync(CLI) && 'dist/cli.js not built' }, () => {
  const cli = (dir: string, args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, '--dir', dir, ...args], { env: { ...process.env, ...aws.env(), AWS_PROFILE: '' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  test('doctor fails (exit 1) while the role is missing, with ✘ rows and their fixes; role --use fixes it', async () => {
    const p = await project('cli-doctor', 'cli-doctor-lake');
    const first = await cli(p.root, ['doctor']);
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stdout, /✘ Glue role +lakehouse\.json has no glue\.role/);
    assert.match(first.stdout, /→ `lakehouse role --create`/);
    assert.match(first.stderr, /check\(s\) failed: Glue role/);

    const none = await cli(p.root, ['role']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /has no glue\.role/);
    const listed = await cli(p.root, ['role', '--list']);
    assert.match(listed.stdout, /arn:aws:iam::123456789012:role\/lakehouse-test-glue/);
    const used = await cli(p.root, ['role', '--use', 'lakehouse-test-glue']);
    assert.equal(used.code, 0, used.stderr);
    assert.equal((await loadProject(p.root)).manifest.glue.role, TEST_GLUE_ROLE);
    const shown = await cli(p.root, ['role']);
    assert.match(shown.stdout, /exists; Glue may assume it/);
    const refused = await cli(p.root, ['role', '--use', 'lambda-role']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Glue cannot assume/);

    const again = await cli(p.root, ['doctor', '--json']);
    const rows = JSON.parse(again.stdout) as SetupCheck[];
    assert.equal(rows.find((r) => r.id === 'role')?.status, 'ok');
  });

  test('role --create without --yes and without a terminal refuses, creating nothing', async () => {
    const p = await project('cli-create');
    const r = await cli(p.root, ['role', '--create']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pass --yes/);
    assert.match(r.stderr, /Trust policy/);
    assert.equal(aws.iam.roles.has('cli-create-glue-role'), false);
  });
});
