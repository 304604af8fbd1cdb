// The extension on the AWS target, in a real VS Code: s3rver and the fake Glue / Athena / CloudWatch Logs endpoint
// run inside the extension host (test/aws/fake), the endpoints reach the extension through the environment
// variables the CLI reads too (AWS_ENDPOINT_URL_<SERVICE>), the target is switched with "Select Target…".
// Checked: the tree shows the fake's bucket, catalog and jobs under the connection's label; Deploy Jobs creates
// the Glue job; Run Job follows the run's CloudWatch log live into the Lakehouse output; switching back to Local
// leaves nothing of AWS on screen. Expected values come from what this spec put into the fake (rows, keys, names).
//
// Runs first (files run in name order) in the launcher's empty workspace: it lays out its own small project there
// and removes it afterwards, with the settings it changed, so the other specs find the workspace as it was.
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { CatalogTable, JobRun, QueryExecution } from '../../../src/core/model';
import type { TargetChoice } from '../../../src/extension/commands/project';
import type { LakehouseApi } from '../../../src/extension/extension';
import { startFakeAws, TEST_GLUE_ROLE, type OfflineAws } from '../../aws/fake';
import { explorerTree, label, logUntil, until } from './helpers';

const EXTENSION_ID = 'lakehouse-studio.lakehouse-studio';
const WORKSPACE = process.env.LAKEHOUSE_TEST_WORKSPACE ?? '';
/** the repository (this file runs as out/test/vscode/suite/aws.spec.js) */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const BUCKET = 'ext-aws-spec';
const DB = 'awsspec';
const ROWS = 40;

const BIG_LANDING: CatalogTable = {
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

describe('The AWS target (s3rver and the fake AWS endpoint in the extension host)', function () {
  this.timeout(240_000);
  let api: LakehouseApi;
  let aws: OfflineAws;
  let awsDir: string;
  const savedEnv = new Map<string, string | undefined>();
  let hadSettingsFile = false;
  // (y written as the double it is: `1.0`, not JSON.stringify's `1`, an int to Glue's reader — y would be a choice)
  const landingText = `${Array.from({ length: ROWS }, (_, i) => JSON.stringify({ user: `u${i % 3}@example.com`, timestamp: 1655564100000 + i, x: i, y: i / 2, z: -i }).replace(/"y":(-?\d+)(?=[,}])/, '"y":$1.0')).join('\n')}\n`;

  const { children, item, walk } = explorerTree(() => api.explorer);
  const setEnv = (name: string, value: string | undefined) => {
    if (!savedEnv.has(name)) savedEnv.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };

  before(async () => {
    assert.ok(WORKSPACE, 'LAKEHOUSE_TEST_WORKSPACE is set by the launcher');
    assert.equal(existsSync(path.join(WORKSPACE, 'lakehouse.json')), false, 'this spec runs first, in the empty workspace');
    hadSettingsFile = existsSync(path.join(WORKSPACE, '.vscode', 'settings.json'));
    const ext = vscode.extensions.getExtension<LakehouseApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();

    aws = await startFakeAws({ bucket: BUCKET, database: DB });
    // the AWS side: the bucket with landing data, the catalog's database and table
    await aws.fake.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await aws.fake.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big/landing/part-0.json', Body: landingText }));
    await aws.fake.local.catalog.createDatabase({ name: DB }, { ifNotExists: true });
    await aws.fake.local.catalog.putTable(BIG_LANDING);

    // the extension reads the endpoints and credentials from the environment (its process is this one); the shared
    // config files are empty ones, so nothing of this machine's ~/.aws is used
    awsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-aws-spec-'));
    await fs.writeFile(path.join(awsDir, 'config'), '');
    await fs.writeFile(path.join(awsDir, 'credentials'), '');
    for (const [k, v] of Object.entries(aws.env())) setEnv(k, v);
    setEnv('AWS_CONFIG_FILE', path.join(awsDir, 'config'));
    setEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(awsDir, 'credentials'));
    for (const k of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL']) setEnv(k, undefined);

    // the project: one dataset, one Glue script
    await fs.writeFile(
      path.join(WORKSPACE, 'lakehouse.json'),
      JSON.stringify(
        {
          name: 'aws-spec',
          bucket: BUCKET,
          database: DB,
          region: 'us-east-1',
          datasets: { big: { landing: 'big/landing/', curated: 'big/copy/' } },
          // a role the fake account's IAM has (deploy checks it, as on AWS)
          glue: { role: TEST_GLUE_ROLE },
        },
        null,
        2,
      ),
    );
    await fs.mkdir(path.join(WORKSPACE, 'glue-scripts'));
    await fs.copyFile(path.join(ROOT, 'test', 'fixtures', 'aws-jobs', 'big_copy.py'), path.join(WORKSPACE, 'glue-scripts', 'big_copy.py'));
    await until('the project', async () => ((await children()).length > 0 ? true : undefined), [api.explorer.onDidChangeTreeData, api.ctx.onDidReset]);
  });

  after(async () => {
    // the project goes first (then no target opens again), then the settings, then what the local target made
    await fs.rm(path.join(WORKSPACE, 'lakehouse.json'), { force: true });
    await until('an empty tree', async () => ((await children()).length === 0 ? true : undefined), [api.explorer.onDidChangeTreeData, api.ctx.onDidReset]);
    const settings = vscode.workspace.getConfiguration('lakehouse');
    for (const key of ['target', 'aws.profile', 'aws.region']) await settings.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    for (const p of ['glue-scripts', '.lakehouse']) await fs.rm(path.join(WORKSPACE, p), { recursive: true, force: true });
    if (!hadSettingsFile) await fs.rm(path.join(WORKSPACE, '.vscode'), { recursive: true, force: true });
    await api?.ctx.reset('the AWS spec is done');
    for (const [k, v] of savedEnv) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await aws?.stop();
    if (awsDir) await fs.rm(awsDir, { recursive: true, force: true });
  });

  it('"Select Target…" → AWS keeps the choice in the workspace\'s state (not the project\'s files); the tree shows the connection and the fake\'s bucket, catalog and jobs', async () => {
    const choice: TargetChoice = { target: 'aws', profile: '', region: 'us-east-1' };
    const saved = await vscode.commands.executeCommand<TargetChoice>('lakehouse.target.select', choice);
    assert.deepEqual(saved, choice);
    assert.deepEqual(api.ctx.targetChoice, choice);
    assert.equal(api.ctx.config.target, 'aws');
    // nothing written into the project's settings file
    assert.equal(vscode.workspace.getConfiguration('lakehouse').inspect('target')?.workspaceValue, undefined);
    assert.equal(existsSync(path.join(WORKSPACE, '.vscode', 'settings.json')), hadSettingsFile);

    // the S3 endpoint is the one named by AWS_ENDPOINT_URL_S3; no profile named and AWS_PROFILE unset: "default"
    const rootLabels = await until(
      'the AWS tree',
      async () => {
        const labels = (await children()).map((n) => label(item(n)));
        return labels[0]?.startsWith('AWS') ? labels : undefined;
      },
      [api.explorer.onDidChangeTreeData, api.ctx.onDidReset],
    );
    assert.deepEqual(rootLabels, [`AWS default (us-east-1) at ${aws.s3.endpoint}`, 'Buckets', 'Glue Catalog', 'Glue Jobs']);

    const landing = await walk('Buckets', BUCKET, 'big', 'landing');
    assert.ok(landing.kind === 'zone' && landing.stats);
    assert.deepEqual({ objects: landing.stats.objects, bytes: landing.stats.bytes, truncated: landing.stats.truncated }, { objects: 1, bytes: Buffer.byteLength(landingText), truncated: false });
    assert.deepEqual((await children(landing)).map((n) => label(item(n))), ['part-0.json']);

    const db = await walk('Glue Catalog', DB);
    assert.deepEqual((await children(db)).map((n) => label(item(n))), ['big_landing']);

    const job = await walk('Glue Jobs', 'big_copy');
    assert.equal(item(job).description, 'not deployed');
    assert.match(String(item(job).contextValue), /\bundeployed\b/);
  });

  it('"Deploy Jobs" creates the Glue job (the script goes to S3); deploying again has nothing to do', async () => {
    const first = await vscode.commands.executeCommand<{ deployed: string[] }>('lakehouse.jobs.deploy', { confirm: false });
    assert.deepEqual(first?.deployed, ['big_copy']);
    assert.equal(aws.fake.callsOf('AWSGlue.CreateJob').length, 1);
    const again = await vscode.commands.executeCommand<{ deployed: string[] }>('lakehouse.jobs.deploy', { confirm: false });
    assert.deepEqual(again?.deployed, []);
    const job = await walk('Glue Jobs', 'big_copy');
    assert.equal(item(job).description, 'never run');
  });

  it('"Check AWS Setup" shows the setup check\'s rows in a document and completes the walkthrough\'s AWS step', async () => {
    assert.equal(api.ctx.walkthrough.value('lakehouse.awsSetupChecked'), false);
    const result = await vscode.commands.executeCommand<{ report: string }>('lakehouse.aws.checkSetup');
    assert.match(String(result?.report), new RegExp(`^# AWS setup: AWS default \\(us-east-1\\) at `));
    assert.match(String(result?.report), new RegExp(BUCKET));
    assert.equal(api.ctx.walkthrough.value('lakehouse.awsSetupChecked'), true);
  });

  it('"Run Job" follows the run: CloudWatch lines go live into the Lakehouse log as [big_copy] …; the output lands in S3', async () => {
    const job = await walk('Glue Jobs', 'big_copy');
    const run = await vscode.commands.executeCommand<JobRun>('lakehouse.job.run', job);
    assert.equal(run?.state, 'SUCCEEDED', run?.errorMessage);
    assert.ok(aws.fake.callsOf('Logs_20140328.FilterLogEvents').length > 0, 'the log was read from CloudWatch Logs');
    const text = await logUntil('the run\'s lines in the log', (t) => (t.includes(`[big_copy]`) && t.includes(`${ROWS} row(s) written`) ? t : undefined));
    assert.match(text, /\[big_copy\] .*run .* of big_copy started/);
    const curated = await walk('Buckets', BUCKET, 'big', 'curated');
    assert.ok(curated.kind === 'zone' && curated.stats && curated.stats.objects > 0, 'the job wrote into big/copy/');
    const ran = await walk('Glue Jobs', 'big_copy');
    assert.match(String(item(ran).description), /^succeeded · /);
  });

  it('a click on a data object shows its rows in the grid (downloaded, read by the local engine); Open as Text shows its text', async () => {
    const csv = 'user,zip\nu1@example.com,01234\nu2@example.com,90210\n';
    await aws.fake.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big/landing/zips.csv', Body: csv }));
    api.explorer.refresh();
    const zone = await walk('Buckets', BUCKET, 'big', 'landing');
    const node = (await children(zone)).find((n) => label(item(n)) === 'part-0.json');
    assert.ok(node, 'the landing object is in the tree');
    assert.match(String(item(node).contextValue), /^object rows text\b/);
    const exec = await vscode.commands.executeCommand<QueryExecution>('lakehouse.object.open', node);
    assert.equal(exec?.state, 'SUCCEEDED', exec?.error?.message);
    assert.equal(exec.statistics?.rows, ROWS);
    const { local, own } = await api.ctx.fileEngine();
    assert.equal(own, true, 'an engine of its own while the target is AWS');
    const page = await local.queries.page(exec.id, { maxRows: 1000 });
    assert.deepEqual(page.columns.map((c) => c.name), ['user', 'timestamp', 'x', 'y', 'z']);
    assert.deepEqual(page.rows.map((r) => [r[0], Number(r[1])]), landingText.trim().split('\n').map((l) => JSON.parse(l) as { user: string; timestamp: number }).map((o) => [o.user, o.timestamp]));
    assert.match(exec.message ?? '', /s3:\/\/ext-aws-spec\/big\/landing\/part-0\.json read as JSON lines/);
    // the downloaded copy is gone once read
    const previews = path.join(WORKSPACE, '.lakehouse', 'tmp', 'object-previews');
    assert.deepEqual(await fs.readdir(previews), []);
    // CSV: the file's text, leading zeros kept
    const zips = (await children(await walk('Buckets', BUCKET, 'big', 'landing'))).find((n) => label(item(n)) === 'zips.csv');
    assert.ok(zips);
    const shown = await vscode.commands.executeCommand<QueryExecution>('lakehouse.object.open', zips);
    assert.equal(shown?.state, 'SUCCEEDED', shown?.error?.message);
    assert.deepEqual((await local.queries.page(shown.id)).rows, [
      ['u1@example.com', '01234'],
      ['u2@example.com', '90210'],
    ]);
    assert.equal(await vscode.commands.executeCommand<string>('lakehouse.object.openText', zips), csv);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // (the table over the landing zone reads JSON lines: the CSV goes)
    await (await api.ctx.target()).storage.delete(BUCKET, 'big/landing/zips.csv');
  });

  it('the query history keeps an Athena query\'s execution id: Open Result shows its rows again without a new query', async () => {
    const sql = `SELECT user, count(*) AS n FROM ${DB}.big_landing GROUP BY user ORDER BY user`;
    const ran = await vscode.commands.executeCommand<{ id: string; state: string; rows?: number }>('lakehouse.internal.showQueryResults', { sql });
    assert.equal(ran.state, 'SUCCEEDED');
    await api.ctx.keptResult;
    const entry = api.ctx.history.entries.find((e) => e.executionId === ran.id);
    assert.ok(entry, 'the query is in the history');
    assert.deepEqual(entry.result, { kind: 'athena', executionId: ran.id });
    assert.equal(api.ctx.history.getTreeItem(entry).command?.command, 'lakehouse.history.openResult');
    const started = aws.fake.callsOf('AmazonAthena.StartQueryExecution').length;
    const shown = await vscode.commands.executeCommand<QueryExecution>('lakehouse.history.openResult', entry);
    assert.equal(shown?.state, 'SUCCEEDED');
    assert.equal(shown.id, ran.id, 'the execution Athena kept');
    // the rows of the result Athena kept: the users of the landing data this spec wrote, counted
    const counts = new Map<string, number>();
    for (const line of landingText.trim().split('\n')) {
      const user = (JSON.parse(line) as { user: string }).user;
      counts.set(user, (counts.get(user) ?? 0) + 1);
    }
    const page = await (await api.ctx.target()).queries.page(shown.id);
    assert.deepEqual(page.rows.map((r) => [r[0], Number(r[1])]), [...counts].sort(([a], [b]) => a.localeCompare(b)));
    assert.equal(aws.fake.callsOf('AmazonAthena.StartQueryExecution').length, started, 'no new Athena query');
  });

  it('switching back to Local leaves nothing of AWS on screen', async () => {
    await vscode.commands.executeCommand('lakehouse.target.select', { target: 'local' } satisfies TargetChoice);
    const roots = await until(
      'the local tree',
      async () => {
        const r = await children();
        return r[0] && label(item(r[0])) === 'Local (embedded)' ? r : undefined;
      },
      [api.explorer.onDidChangeTreeData, api.ctx.onDidReset],
    );
    assert.equal(roots.length, 4);
    // the project's bucket exists on AWS, not locally; the job ran on AWS, never here
    const bucket = await walk('Buckets', BUCKET);
    assert.equal(item(bucket).description, 'not created yet');
    const job = await walk('Glue Jobs', 'big_copy');
    assert.equal(item(job).description, 'never run');
  });
});
