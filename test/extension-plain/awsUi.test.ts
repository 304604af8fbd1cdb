// The plain helpers behind the extension's AWS UI (no `vscode`): settings → AwsTarget options, the region check,
// the profile pick (from real shared config files in a temp dir), the actions an AWS error offers (a real SSO
// failure of the connection, offline), the deploy confirmation, live log lines.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LakehouseError } from '../../src/core/errors';
import { AwsConnection, AwsError, listProfiles } from '../../src/core/targets/aws/connection';
import { awsTargetOptions, type AwsConfig, type DeployPlanItem } from '../../src/extension/awsSettings';
import { deployConfirmation, isRemedyCommand, isTargetChoice, jobLogLines, profileItems, regionProblem, remedyActions } from '../../src/extension/awsUi';

const NO_SETTINGS: AwsConfig = { profile: '', region: '', endpoint: '', athenaWorkgroup: '', athenaOutputLocation: '' };

describe('awsTargetOptions', () => {
  it('empty settings: nothing set but the per-service endpoints of the environment', () => {
    const env = {
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4001',
      AWS_ENDPOINT_URL_GLUE: 'http://127.0.0.1:4002',
      AWS_ENDPOINT_URL_ATHENA: 'http://127.0.0.1:4002',
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://127.0.0.1:4003',
    };
    assert.deepEqual(awsTargetOptions(NO_SETTINGS, env), {
      endpoints: { s3: 'http://127.0.0.1:4001', glue: 'http://127.0.0.1:4002', athena: 'http://127.0.0.1:4002', logs: 'http://127.0.0.1:4003' },
    });
    assert.deepEqual(awsTargetOptions(NO_SETTINGS, {}), {});
  });

  it('every setting given: profile, region, endpoint (which replaces the per-service ones), workgroup, output location', () => {
    const settings: AwsConfig = { profile: 'dev', region: 'eu-west-1', endpoint: 'http://127.0.0.1:9000', athenaWorkgroup: 'analysts', athenaOutputLocation: 's3://results/q/' };
    assert.deepEqual(awsTargetOptions(settings, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4001' }), {
      profile: 'dev',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9000',
      workgroup: 'analysts',
      outputLocation: 's3://results/q/',
    });
  });

  it('AWS_ENDPOINT_URL applies when the endpoint setting is empty', () => {
    assert.deepEqual(awsTargetOptions({ ...NO_SETTINGS, profile: 'ci' }, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }), { profile: 'ci', endpoint: 'http://127.0.0.1:4566' });
  });
});

describe('regionProblem', () => {
  it('accepts region names', () => {
    for (const r of ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'us-gov-west-1', ' eu-central-1 ']) assert.equal(regionProblem(r), undefined, r);
  });
  it('refuses anything else, saying what is expected', () => {
    assert.match(regionProblem('')!, /e\.g\. eu-west-1/);
    for (const r of ['Europe', 'eu-west', 'EU-WEST-1', 'eu_west_1', 'eu-west-1a']) assert.match(regionProblem(r)!, new RegExp(`"${r}" is not a region name`), r);
  });
});

describe('AWS config files: the profile pick and the SSO remedy', () => {
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const VARS = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION'];

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-ext-aws-'));
    for (const v of VARS) {
      saved[v] = process.env[v];
      delete process.env[v];
    }
    await fs.writeFile(
      path.join(dir, 'config'),
      [
        '[default]',
        'region = us-east-1',
        '[profile dev]',
        'sso_session = corp',
        'sso_account_id = 111122223333',
        'sso_role_name = Developer',
        'region = eu-west-1',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = eu-west-1',
        '[profile build]',
        'credential_process = /bin/false',
        '',
      ].join('\n'),
    );
    await fs.writeFile(path.join(dir, 'credentials'), ['[ci]', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key = not-a-real-secret', ''].join('\n'));
    process.env['AWS_CONFIG_FILE'] = path.join(dir, 'config');
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = path.join(dir, 'credentials');
  });

  after(async () => {
    for (const v of VARS) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('lists the default chain first, then each profile with its kind and region; the current one is checked', async () => {
    const items = profileItems(await listProfiles(), 'dev');
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.profile, i.region]),
      [
        ['Default credential chain', 'environment variables, AWS_PROFILE, else the "default" profile', undefined, undefined],
        ['build', 'credential_process · no region', 'build', undefined],
        ['ci', 'access keys · no region', 'ci', undefined],
        ['default', 'settings only · us-east-1', 'default', 'us-east-1'],
        ['$(check) dev', 'SSO · eu-west-1', 'dev', 'eu-west-1'],
      ],
    );
    assert.equal(profileItems([], '')[0]!.label, '$(check) Default credential chain');
  });

  it('an SSO profile that never logged in: the error offers "Run aws sso login --profile dev"', async () => {
    const conn = await AwsConnection.open({ profile: 'dev' });
    const e = await conn.checkCredentials().then(
      () => undefined,
      (err: unknown) => err,
    );
    conn.close();
    assert.ok(e instanceof AwsError, `an AwsError, got ${String(e)}`);
    assert.equal(e.kind, 'Credentials');
    assert.deepEqual(remedyActions(e), [{ kind: 'command', title: 'Run aws sso login --profile dev', command: 'aws sso login --profile dev' }]);
    assert.equal(isRemedyCommand('aws sso login --profile dev'), true);
  });
});

describe('remedyActions', () => {
  it('a wrong region offers the switch; errors without a remedy offer nothing', () => {
    const wrong = new AwsError('InvalidInput', 'WrongRegion', 'WrongRegion: s3://b is in region eu-central-1', { action: 's3:ListObjectsV2', resource: 's3://b' }, { region: 'eu-central-1' });
    assert.deepEqual(remedyActions(wrong), [{ kind: 'region', title: 'Switch to eu-central-1', region: 'eu-central-1' }]);
    const denied = new AwsError('InvalidInput', 'AccessDenied', 'AccessDenied: glue:GetTables on stedi.* is not allowed', { action: 'glue:GetTables', resource: 'stedi.*' });
    assert.deepEqual(remedyActions(denied), []);
    assert.deepEqual(remedyActions(new LakehouseError('InvalidInput', 'bad')), []);
    assert.deepEqual(remedyActions(new Error('x')), []);
  });
});

describe('isRemedyCommand and isTargetChoice', () => {
  it('only plain AWS CLI commands may go to a terminal', () => {
    assert.equal(isRemedyCommand('aws sso login'), true);
    for (const c of ['aws sso login; rm -rf ~', 'aws sso login && curl x', 'aws $(id)', 'rm -rf /', 'aws sso login\nrm x', 'aws `id`']) assert.equal(isRemedyCommand(c), false, c);
  });
  it('a choice is {target, profile?, region?}; an explorer node is not one', () => {
    assert.equal(isTargetChoice({ target: 'aws', profile: 'dev', region: 'eu-west-1' }), true);
    assert.equal(isTargetChoice({ target: 'local' }), true);
    assert.equal(isTargetChoice({ kind: 'target', id: 'target', targetKind: 'aws', target: 'aws' }), false);
    assert.equal(isTargetChoice({ target: 'gcp' }), false);
    assert.equal(isTargetChoice({ target: 'aws', region: 1 }), false);
    assert.equal(isTargetChoice(undefined), false);
  });
});

describe('deployConfirmation', () => {
  const job = (name: string) => ({ name, scriptPath: `glue-scripts/${name}.py` });
  const plan: DeployPlanItem[] = [
    { job: job('customer_trusted'), action: 'create', scriptChanged: true, localScriptText: 'a', settingsChanged: [] },
    { job: job('step_trainer_trusted'), action: 'update', scriptChanged: true, deployedScriptText: 'old', localScriptText: 'new', settingsChanged: ['workerType', 'numberOfWorkers'] },
    { job: job('accelerometer_trusted'), action: 'update', scriptChanged: false, deployedScriptText: 'x', localScriptText: 'x', settingsChanged: ['role'] },
    { job: job('customer_curated'), action: 'unchanged', scriptChanged: false, deployedScriptText: 'y', localScriptText: 'y', settingsChanged: [] },
  ];

  it('asks about the jobs that change and lists what changes for each', () => {
    const c = deployConfirmation(plan, 'AWS dev (eu-west-1)');
    assert.equal(c.message, 'Deploy 3 jobs to AWS dev (eu-west-1)?');
    assert.deepEqual(c.changes.map((p) => p.job.name), ['customer_trusted', 'step_trainer_trusted', 'accelerometer_trusted']);
    assert.equal(
      c.detail,
      [
        '• customer_trusted: create (script glue-scripts/customer_trusted.py)',
        '• step_trainer_trusted: update (script changed; settings: workerType, numberOfWorkers)',
        '• accelerometer_trusted: update (settings: role)',
        '1 other job up to date.',
      ].join('\n'),
    );
  });

  it('one job: singular; nothing changed: no changes', () => {
    assert.equal(deployConfirmation(plan.slice(0, 1), 'AWS ci (us-east-1)').message, 'Deploy 1 job to AWS ci (us-east-1)?');
    const none = deployConfirmation(plan.slice(3), 'AWS ci (us-east-1)');
    assert.deepEqual(none.changes, []);
  });
});

describe('jobLogLines', () => {
  it('prefixes each line with the job, splitting multi-line events and dropping their final newline', () => {
    assert.deepEqual(jobLogLines('customer_trusted', ['started\n', 'Traceback:\r\n  line 3', '[error] boom']), [
      '[customer_trusted] started',
      '[customer_trusted] Traceback:',
      '[customer_trusted]   line 3',
      '[customer_trusted] [error] boom',
    ]);
  });
});
