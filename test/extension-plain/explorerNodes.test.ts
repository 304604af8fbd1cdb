// The explorer's nodes (plain TypeScript, no `vscode`) on the AWS target: the real AwsTarget and SDK clients
// against s3rver and the fake Glue/Athena/CloudWatch Logs endpoint. Zone counts stop at the limit and say so; a job
// not deployed shows as such with "Deploy Jobs"; errors are nodes whose action fixes them (an expired SSO login
// runs `aws sso login`, AccessDenied names the action and the resource).
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { AwsError } from '../../src/core/targets/aws/connection';
import { parseManifest } from '../../src/core/project/manifest';
import { AWS_REMEDY_COMMAND, AWS_SWITCH_REGION_COMMAND, childNodes, errorNode, objectCount, rootNodes, zoneStats, type ExplorerNode, type LoadEnv } from '../../src/extension/explorer/nodes';
import { startFakeAws, type OfflineAws } from '../aws/fake';

const BUCKET = 'ext-nodes';
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'aws-jobs');

function env(project: Project, target: () => Promise<AwsTarget>, statsLimit: number): LoadEnv {
  return {
    project: async () => project,
    target,
    pageSize: 100,
    pages: new Map(),
    filters: new Map(),
    rowCounts: new Map(),
    runningJobs: new Set(),
    targetWhere: () => 'S3 · Glue · Athena',
    statsLimit,
  };
}

describe('explorer nodes on the AWS target (s3rver + fake Glue)', () => {
  let aws: OfflineAws;
  let dir: string;
  let project: Project;
  let target: AwsTarget;

  before(async () => {
    aws = await startFakeAws({ bucket: BUCKET, database: 'nodes' });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-ext-nodes-'));
    await fs.writeFile(
      path.join(dir, 'lakehouse.json'),
      JSON.stringify({
        name: 'ext-nodes',
        bucket: BUCKET,
        database: 'nodes',
        region: 'us-east-1',
        datasets: { readings: { landing: 'readings/landing/' } },
        glue: { role: 'arn:aws:iam::123456789012:role/lakehouse-test-glue' },
      }),
    );
    await fs.mkdir(path.join(dir, 'glue-scripts'));
    for (const s of ['big_copy.py', 'readings_to_curated.py']) await fs.copyFile(path.join(FIXTURES, s), path.join(dir, 'glue-scripts', s));
    project = await loadProject(dir);
    target = await AwsTarget.open(project, aws.targetOptions());
    await target.storage.createBucket(BUCKET);
    // 12 objects of 10 bytes in landing, 1 elsewhere
    for (let i = 0; i < 12; i++) await target.storage.put(BUCKET, `readings/landing/part-${String(i).padStart(2, '0')}.json`, '{"x":1234}');
    await target.storage.put(BUCKET, 'other/file.txt', 'x');
  });

  after(async () => {
    await target?.close();
    await aws?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('zone counts page through S3 and stop at the limit, saying there are more', async () => {
    const capped = await zoneStats(target, BUCKET, 'readings/landing/', 5);
    assert.deepEqual(capped, { objects: 5, bytes: 50, truncated: true, limit: 5 });
    assert.equal(objectCount(capped), '5+ objects');
    const all = await zoneStats(target, BUCKET, 'readings/landing/', 1000);
    assert.deepEqual(all, { objects: 12, bytes: 120, truncated: false, limit: 1000 });
    assert.equal(objectCount(all), '12 objects');
    // exactly the limit: not "more"
    assert.equal((await zoneStats(target, BUCKET, 'readings/landing/', 12)).truncated, false);
    assert.equal(objectCount({ objects: 1, bytes: 1, truncated: false, limit: 1000 }), '1 object');
  });

  it('the tree: the target node carries the connection label; a zone node its capped count', async () => {
    const e = env(project, async () => target, 5);
    const root = await rootNodes(e, 'aws', true);
    assert.deepEqual(
      root.map((n) => (n.kind === 'target' ? `target:${n.label}` : n.id)),
      [`target:AWS default (us-east-1) at ${aws.s3.endpoint}`, 'section:buckets', 'section:catalog', 'section:jobs'],
    );
    const buckets = await childNodes(root[1]!, e);
    const own = buckets.find((b) => b.kind === 'bucket' && b.bucket === BUCKET)!;
    const [dataset] = await childNodes(own, e);
    assert.equal(dataset?.kind, 'dataset');
    const [zone] = await childNodes(dataset!, e);
    assert.ok(zone?.kind === 'zone');
    assert.deepEqual(zone.stats, { objects: 5, bytes: 50, truncated: true, limit: 5 });
  });

  it('jobs not deployed say so and offer "Deploy Jobs"; once deployed they do not', async () => {
    const e = env(project, async () => target, 1000);
    const jobsSection: ExplorerNode = { kind: 'section', id: 'section:jobs', section: 'jobs' };
    const before = await childNodes(jobsSection, e);
    assert.deepEqual(before.map((n) => (n.kind === 'job' ? [n.job.name, n.deployed] : n.id)), [['big_copy', false], ['readings_to_curated', false]]);
    const under = await childNodes(before[0]!, e);
    assert.equal(under.length, 1);
    assert.ok(under[0]!.kind === 'message' && under[0]!.action?.command === 'lakehouse.jobs.deploy', JSON.stringify(under));

    await target.jobs.deploy({ jobs: ['big_copy'] });
    const after = await childNodes(jobsSection, e);
    assert.deepEqual(after.map((n) => (n.kind === 'job' ? [n.job.name, n.deployed] : n.kind === 'message' ? n.label : n.id)), [['big_copy', true], ['readings_to_curated', false]]);
    const runs = await childNodes(after[0]!, e);
    assert.ok(runs[0]!.kind === 'message' && runs[0]!.action?.command === 'lakehouse.job.run', 'no runs yet: offers Run Job');
  });

  it('AccessDenied under a section: an error node naming the action and the resource', async () => {
    aws.fake.inject({ operation: 'AWSGlue.GetDatabases', kind: 'access-denied', times: 1 });
    const e = env(project, async () => target, 1000);
    const [node] = await childNodes({ kind: 'section', id: 'section:catalog', section: 'catalog' }, e);
    assert.ok(node?.kind === 'message' && node.severity === 'error');
    assert.match(node.label, /AccessDenied/);
    assert.match(node.label, /glue:GetDatabases/);
    assert.equal(node.action?.command, 'lakehouse.showLog');
  });

  it('a target that cannot open (SSO login expired): an error node under the target running `aws sso login`, then the ways to connect', async () => {
    const sso = new AwsError('InvalidInput', 'Credentials', 'the SSO session of AWS profile "dev" has expired', { action: 'resolve credentials', resource: 'profile dev' }, { command: 'aws sso login --profile dev' });
    const root = await rootNodes(env(project, () => Promise.reject(sso), 1000), 'aws', true);
    const [t, err, ...actions] = root;
    // as the AWS Toolkit offers them: another profile, the AWS files, back to Local
    assert.deepEqual(
      actions.map((a) => (a.kind === 'message' ? [a.label, a.action?.command, ...(a.action?.args ?? [])] : [])),
      [
        ['Connect to AWS…', 'lakehouse.aws.connect'],
        ['Open the AWS config file', 'lakehouse.aws.openConfigFile', 'config'],
        ['Open the AWS credentials file', 'lakehouse.aws.openConfigFile', 'credentials'],
        ['Back to Local (embedded)', 'lakehouse.target.useLocal'],
      ],
    );
    assert.ok(t?.kind === 'target' && t.label === 'AWS');
    assert.ok(err?.kind === 'message');
    assert.deepEqual(err.action, { command: AWS_REMEDY_COMMAND, title: 'Run aws sso login --profile dev', args: ['aws sso login --profile dev'] });
    const region = errorNode('x', 'Buckets', new AwsError('InvalidInput', 'WrongRegion', 'WrongRegion: s3://b is in eu-central-1', { action: 's3:ListObjectsV2', resource: 's3://b' }, { region: 'eu-central-1' }));
    assert.deepEqual(region.action, { command: AWS_SWITCH_REGION_COMMAND, title: 'Switch to eu-central-1', args: ['eu-central-1'] });
  });

  it('an invalid lakehouse.json: the node says its line and problem first (not the whole path), and opens it there', () => {
    const file = '/home/someone/projects/a-long-folder-name/lakehouse.json';
    let err: unknown;
    try {
      parseManifest('{\n  "name": "x",\n  "bucket": "BAD",\n  "database": "d",\n  "datasets": { "a": { "landing": "a/" } }\n}\n', file);
    } catch (e) {
      err = e;
    }
    const node = errorNode('project', 'lakehouse.json', err);
    assert.ok(node.kind === 'message');
    assert.equal(node.label, 'lakehouse.json:3:13: bucket must be a valid S3 bucket name (3–63 characters: lower-case letters, digits, dots, hyphens)');
    assert.deepEqual(node.action, { command: 'lakehouse.project.openManifest', title: 'Open lakehouse.json', args: [{ line: 3, column: 13 }] });
  });

  it('an invalid lakehouse.json with several problems: the first on the node\'s one line, the others counted', () => {
    const file = '/home/someone/p/lakehouse.json';
    let err: unknown;
    try {
      parseManifest('{\n  "name": "x",\n  "bucket": "b-lake",\n  "database": "d",\n  "dataset": { "a": { "landing": "a/" } }\n}\n', file);
    } catch (e) {
      err = e;
    }
    const node = errorNode('project', 'lakehouse.json', err);
    assert.ok(node.kind === 'message');
    assert.equal(node.label, 'lakehouse.json:1:1: datasets is required (and 1 more problem)');
  });
});
