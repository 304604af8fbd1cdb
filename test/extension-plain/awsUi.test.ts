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
import type { SetupCheck } from '../../src/core/targets/aws/doctor';
import type { ScanEstimate } from '../../src/core/targets/aws/scanEstimate';
import {
  deployConfirmation,
  isRemedyCommand,
  isTargetChoice,
  jobLogLines,
  mfaCodeProblem,
  profileItems,
  regionProblem,
  remedyActions,
  roleItems,
  scanConfirmation,
  setupReport,
  setupSummary,
} from '../../src/extension/awsUi';

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

describe('the AWS setup commands\' logic: deploy takeovers, MFA codes, Check AWS Setup, Set Up Glue Role…, the scan question', () => {
  const job = (name: string) => ({ name, scriptPath: `glue-scripts/${name}.py` });

  it('a deploy that would take over a job this project did not create says so, with the values that change', () => {
    const plan: DeployPlanItem[] = [
      {
        job: job('customer_landing_to_trusted'),
        action: 'update',
        scriptChanged: true,
        localScriptText: 'a',
        settingsChanged: ['workerType'],
        changes: [{ field: 'workerType', deployed: 'G.2X', local: 'G.1X' }],
        needsAdoption: true,
        ownerDetail: 'it has no lakehouse:project tag: it was not created by this project',
        warnings: ['job customer_landing_to_trusted is a Glue Studio visual job: its graph is kept'],
      },
    ];
    const c = deployConfirmation(plan, 'AWS dev (eu-west-1)');
    assert.deepEqual(c.adopt, ['customer_landing_to_trusted']);
    assert.equal(c.message, 'Deploy 1 job to AWS dev (eu-west-1), taking over 1 job this project did not create (customer_landing_to_trusted)?');
    assert.equal(
      c.detail,
      [
        '• customer_landing_to_trusted: TAKE OVER and update (script changed; settings: workerType)',
        '    not created by this project: it has no lakehouse:project tag: it was not created by this project',
        '    workerType: "G.2X" → "G.1X"',
        '⚠ job customer_landing_to_trusted is a Glue Studio visual job: its graph is kept',
      ].join('\n'),
    );
  });

  it('the MFA code box takes six digits', () => {
    assert.equal(mfaCodeProblem('123456'), undefined);
    assert.equal(mfaCodeProblem(' 654321 '), undefined);
    assert.match(mfaCodeProblem('12345') ?? '', /six digits/);
    assert.match(mfaCodeProblem('abcdef') ?? '', /six digits/);
  });

  it('Check AWS Setup: a row per check with its mark, the fix under each that is not ok, and the outcome', () => {
    const rows: SetupCheck[] = [
      { id: 'credentials', title: 'Credentials', status: 'ok', detail: 'arn:aws:iam::123456789012:user/ana (account 123456789012)' },
      { id: 'bucket', title: 'Bucket stedi-lake', status: 'warn', detail: 'does not exist yet', fix: '`lakehouse upload` creates it' },
      { id: 'role', title: 'Glue role', status: 'fail', detail: 'lakehouse.json has no glue.role', fix: '`lakehouse role --create`' },
    ];
    assert.equal(
      setupReport(rows, 'AWS ana (eu-west-1)'),
      [
        '# AWS setup: AWS ana (eu-west-1)',
        '',
        '- ✔ **Credentials** — arn:aws:iam::123456789012:user/ana (account 123456789012)',
        '- ⚠ **Bucket stedi-lake** — does not exist yet',
        '  - Fix: `lakehouse upload` creates it',
        '- ✘ **Glue role** — lakehouse.json has no glue.role',
        '  - Fix: `lakehouse role --create`',
        '',
        '1 check failed: fix it before deploying.',
        '',
      ].join('\n'),
    );
    assert.deepEqual(setupSummary(rows), { level: 'error', text: 'AWS setup: Glue role failed.' });
    assert.deepEqual(setupSummary(rows.slice(0, 2)), { level: 'warning', text: 'AWS setup ready, with notes: Bucket stedi-lake.' });
    assert.deepEqual(setupSummary(rows.slice(0, 1)), { level: 'info', text: 'AWS setup ready to deploy.' });
  });

  it('Set Up Glue Role…: create the project\'s role first (unless a role of that name exists), then the roles Glue can assume, the current one checked', () => {
    const roles = [
      { name: 'AWSGlueServiceRole-course', arn: 'arn:aws:iam::1:role/service-role/AWSGlueServiceRole-course', trustsGlue: true, tags: {} },
      { name: 'etl', arn: 'arn:aws:iam::1:role/etl', trustsGlue: true, tags: {} },
    ];
    const items = roleItems(roles, 'stedi-glue-role', 'arn:aws:iam::1:role/etl');
    assert.deepEqual(
      items.map((i) => [i.label, i.action, i.arn ?? null]),
      [
        ['$(add) Create stedi-glue-role…', 'create', null],
        ['AWSGlueServiceRole-course', 'use', 'arn:aws:iam::1:role/service-role/AWSGlueServiceRole-course'],
        ['$(check) etl', 'use', 'arn:aws:iam::1:role/etl'],
      ],
    );
    assert.equal(roleItems([...roles, { name: 'stedi-glue-role', arn: 'arn:aws:iam::1:role/stedi-glue-role', trustsGlue: true, tags: {} }], 'stedi-glue-role', undefined)[0]!.action, 'use');
  });

  it('the scan question: asked only above the setting, with the tables, their sizes and the price', () => {
    const estimate: ScanEstimate = {
      bytes: 25e9,
      costUsd: 0.125,
      atLeast: false,
      tables: [{ table: 'stedi.accelerometer_landing', location: 's3://b/accelerometer/landing/', bytes: 25e9, objects: 1200, partial: false }],
    };
    assert.equal(scanConfirmation(estimate, 30), undefined);
    const q = scanConfirmation(estimate, 10)!;
    assert.equal(q.message, 'This query may scan up to 25.0 GB on Athena (~$0.13). Run it?');
    assert.match(q.detail, /stedi\.accelerometer_landing \(25\.00 GB in 1200 files\)/);
    assert.match(q.detail, /lakehouse\.aws\.confirmScanAboveGB \(10 GB\)/);
    assert.equal(scanConfirmation({ ...estimate, unread: 'the query could not be read' }, 0), undefined, 'no estimate: nothing asked');
  });
});
