/**
 * The AWS target's Glue jobs against s3rver and the fake Glue/CloudWatch Logs endpoint, with the real SDK clients:
 * deploy plans and deploys, runs that succeed (output checked against the generated input), fail and are
 * cancelled, logs read and followed, and the errors users meet (not deployed, AccessDenied, throttling).
 *
 * The project is a small one of the test's own (lakehouse.json written here, scripts from test/fixtures/aws-jobs);
 * the tables its scripts read are put straight into the fake's catalog (the local target behind the endpoint).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeLogStreamsCommand, GetLogEventsCommand, paginateFilterLogEvents, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { GetJobCommand } from '@aws-sdk/client-glue';
import { LakehouseError, isLakehouseError } from '../../src/core/errors';
import type { CatalogTable, JobRun } from '../../src/core/model';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { AwsConnection, isAwsError } from '../../src/core/targets/aws/connection';
import { deployJobs } from '../../src/cli/aws';
import type { AwsTarget } from '../../src/core/targets/aws';
import { GlueJobService, describeJobRun } from '../../src/core/targets/aws/glueJobs';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';
import { installGlueJobs } from './fake/glueJobs';
import { FakeIam, installIam } from './fake/iam';
import { FakeLogStore, installLogs } from './fake/logs';
import { FakeAws } from './fake/server';
import { s3rverSettings, startS3rver, type S3rverHandle } from './s3rver';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'aws-jobs');
const BUCKET = 'jobs-test';
const DB = 'shop';
const ROLE = 'arn:aws:iam::123456789012:role/GlueJobsTest';
const JOBS = ['big_copy', 'broken_job', 'readings_to_curated'];
const READINGS = 'readings_to_curated';

const MANIFEST = {
  name: 'jobs-test',
  bucket: BUCKET,
  database: DB,
  datasets: {
    readings: { landing: 'readings/landing/', curated: 'readings/curated/' },
    big: { landing: 'big/landing/' },
  },
  glue: {
    role: ROLE,
    defaultArguments: { '--source': 'lakehouse-test' },
    jobs: { [READINGS]: { numberOfWorkers: 3 } },
  },
};

/** The Glue defaults of a console job, written out here (not taken from the code under test). */
const CONSOLE_DEFAULTS = {
  '--job-language': 'python',
  '--enable-continuous-cloudwatch-log': 'true',
  '--enable-metrics': 'true',
  '--enable-glue-datacatalog': 'true',
  '--TempDir': `s3://${BUCKET}/glue-temp/`,
  '--job-bookmark-option': 'job-bookmark-disable',
};

interface Reading {
  user: string;
  timestamp: number;
  x: number;
  y: number;
  z: number;
}

const USERS = ['ann@example.com', 'bob@example.com', 'cid@example.com'];
/**
 * A reading as its JSON line, y written as the double it is (`1.0`, not JSON.stringify's `1`: a whole number is an int
 * to Glue's reader, and y would be a choice of int and double)
 */
const readingLine = (r: Reading): string => JSON.stringify(r).replace(/"y":(-?\d+)(?=[,}])/, '"y":$1.0');

/** 30 readings; x runs -3 … 3, so 12 of them have x > 0 */
const READING_ROWS: Reading[] = Array.from({ length: 30 }, (_, i) => ({ user: USERS[i % 3]!, timestamp: 1655564100000 + i, x: (i % 7) - 3, y: i / 4, z: -i }));
const BIG_ROWS = 400_000;

function readingTable(name: string, prefix: string): CatalogTable {
  return {
    database: DB,
    name,
    tableType: 'EXTERNAL_TABLE',
    storage: {
      columns: [
        { name: 'user', type: 'string' },
        { name: 'timestamp', type: 'bigint' },
        { name: 'x', type: 'double' },
        { name: 'y', type: 'double' },
        { name: 'z', type: 'double' },
      ],
      location: `s3://${BUCKET}/${prefix}`,
      inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      serde: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: {} },
    },
    partitionKeys: [],
    parameters: { classification: 'json' },
  };
}

/** A script as the deploy must upload it: the fixture with ${bucket} and ${database} replaced (by hand, here). */
async function expanded(file: string): Promise<string> {
  const text = await fs.readFile(file, 'utf8');
  return text.split('${bucket}').join(BUCKET).split('${database}').join(DB);
}

function isCode(code: LakehouseError['code'], pattern?: RegExp) {
  return (e: unknown) => {
    assert.ok(isLakehouseError(e), `expected a LakehouseError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

describe('Glue jobs on the AWS target (s3rver + fake Glue and CloudWatch Logs)', () => {
  let s3: S3rverHandle;
  let fake: FakeAws;
  let logStore: FakeLogStore;
  let conn: AwsConnection;
  let storage: S3ObjectStore;
  let root: string;
  let project: Project;
  let jobs: GlueJobService;

  /** The JSON lines of every object under a prefix in s3rver. */
  async function jsonRowsIn(prefix: string): Promise<Record<string, unknown>[]> {
    const listed = await fake.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    const rows: Record<string, unknown>[] = [];
    for (const o of listed.Contents ?? []) {
      const got = await fake.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.Key! }));
      for (const line of (await got.Body!.transformToString()).split('\n')) if (line.trim()) rows.push(JSON.parse(line) as Record<string, unknown>);
    }
    return rows;
  }

  async function glueJob(name: string) {
    const glue = await conn.glue();
    return (await glue.send(new GetJobCommand({ JobName: name }))).Job!;
  }

  before(async () => {
    s3 = await startS3rver();
    fake = await FakeAws.start({ s3Endpoint: s3.endpoint, bucket: BUCKET, database: DB });
    logStore = new FakeLogStore();
    installLogs(fake, logStore);
    const iam = new FakeIam();
    iam.addGlueRole('GlueJobsTest');
    installIam(fake, iam);
    installGlueJobs(fake, logStore, { logPollMs: 20, iam });

    root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-gluejobs-'));
    await fs.writeFile(path.join(root, 'lakehouse.json'), JSON.stringify(MANIFEST, null, 2));
    await fs.mkdir(path.join(root, 'glue-scripts'));
    for (const j of JOBS) await fs.copyFile(path.join(FIXTURES, `${j}.py`), path.join(root, 'glue-scripts', `${j}.py`));
    project = await loadProject(root);

    conn = await AwsConnection.open(
      s3rverSettings(s3.endpoint, { endpoints: { s3: s3.endpoint, glue: fake.endpoint, athena: fake.endpoint, logs: fake.endpoint, iam: fake.endpoint, sts: fake.endpoint } }),
    );
    storage = new S3ObjectStore(conn);
    jobs = new GlueJobService(conn, project, storage, { pollMs: { initial: 10, max: 80 }, logSettleMs: 600_000 });

    // the data in "S3" and its tables in the fake's Glue catalog
    await fake.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await fake.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'readings/landing/readings-1.json', Body: READING_ROWS.map(readingLine).join('\n') + '\n' }));
    await fake.local.catalog.createDatabase({ name: DB }, { ifNotExists: true });
    await fake.local.catalog.putTable(readingTable('reading_landing', 'readings/landing/'));
    await fake.local.catalog.putTable(readingTable('big_landing', 'big/landing/'));
  });

  after(async () => {
    conn?.close();
    await fake?.close();
    await s3?.stop();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  test('on a fresh account every job is to be created; jobs() lists the project\'s scripts, none deployed', async () => {
    const listed = await jobs.jobs();
    assert.deepEqual(
      listed.map((j) => [j.name, j.deployedScript]),
      JOBS.map((j) => [j, undefined]),
    );
    const plan = await jobs.deployPlan();
    assert.deepEqual(
      plan.map((p) => [p.job.name, p.action, p.scriptChanged, p.deployedScriptText, p.settingsChanged]),
      JOBS.map((j) => [j, 'create', true, undefined, []]),
    );
    for (const p of plan) {
      assert.equal(p.localScriptText, await expanded(path.join(FIXTURES, `${p.job.name}.py`)));
      assert.equal(p.scriptLocation, `s3://${BUCKET}/scripts/${p.job.name}.py`);
    }
  });

  test('deploy without glue.role fails naming the field in lakehouse.json, and changes nothing', async () => {
    const noRole = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-gluejobs-norole-'));
    try {
      const { role: _role, ...glue } = MANIFEST.glue;
      await fs.writeFile(path.join(noRole, 'lakehouse.json'), JSON.stringify({ ...MANIFEST, glue }, null, 2));
      await fs.cp(path.join(root, 'glue-scripts'), path.join(noRole, 'glue-scripts'), { recursive: true });
      const other = new GlueJobService(conn, await loadProject(noRole), storage);
      const creates = fake.callsOf('AWSGlue.CreateJob').length;
      await assert.rejects(other.deploy(), (e: unknown) => {
        assert.ok(isCode('ManifestInvalid', /glue\.role/)(e));
        const err = e as LakehouseError;
        assert.match(err.message, /lakehouse\.json/);
        assert.equal(err.detail.field, 'glue.role');
        assert.equal(err.detail.file, path.join(noRole, 'lakehouse.json'));
        return true;
      });
      assert.equal(fake.callsOf('AWSGlue.CreateJob').length, creates);
      const listed = await fake.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'scripts/' }));
      assert.equal(listed.KeyCount ?? 0, 0, 'no script uploaded');
    } finally {
      await fs.rm(noRole, { recursive: true, force: true });
    }
  });

  test('deploy uploads the expanded scripts and creates the jobs with the manifest\'s settings and Glue\'s defaults', async () => {
    const heard: string[] = [];
    const done = await jobs.deploy({ onJob: (r) => heard.push(`${r.job}:${r.action}`) });
    assert.deepEqual(
      done.map((r) => [r.job, r.action]),
      JOBS.map((j) => [j, 'create']),
    );
    assert.deepEqual(heard, JOBS.map((j) => `${j}:create`));
    for (const name of JOBS) {
      const got = await fake.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `scripts/${name}.py` }));
      assert.equal(await got.Body!.transformToString(), await expanded(path.join(FIXTURES, `${name}.py`)));
      const job = await glueJob(name);
      assert.equal(job.Role, ROLE);
      assert.deepEqual(job.Command, { Name: 'glueetl', ScriptLocation: `s3://${BUCKET}/scripts/${name}.py`, PythonVersion: '3' });
      assert.equal(job.GlueVersion, '4.0');
      assert.equal(job.WorkerType, 'G.1X');
      assert.equal(job.NumberOfWorkers, name === READINGS ? 3 : 2);
      assert.deepEqual(job.DefaultArguments, { ...CONSOLE_DEFAULTS, '--source': 'lakehouse-test' });
    }
    const listed = await jobs.jobs();
    assert.deepEqual(
      listed.map((j) => [j.name, j.deployedScript]),
      JOBS.map((j) => [j, `s3://${BUCKET}/scripts/${j}.py`]),
    );
  });

  test('after a deploy the plan is unchanged, and deploying again changes nothing', async () => {
    const plan = await jobs.deployPlan();
    assert.deepEqual(
      plan.map((p) => [p.job.name, p.action, p.scriptChanged, p.settingsChanged]),
      JOBS.map((j) => [j, 'unchanged', false, []]),
    );
    for (const p of plan) assert.equal(p.deployedScriptText, p.localScriptText);
    const updates = fake.callsOf('AWSGlue.UpdateJob').length;
    const again = await jobs.deploy();
    assert.deepEqual(
      again.map((r) => r.action),
      ['unchanged', 'unchanged', 'unchanged'],
    );
    assert.equal(fake.callsOf('AWSGlue.UpdateJob').length, updates);
  });

  test('an edited script is an update with the deployed text for the diff; changed settings are named', async () => {
    const file = path.join(root, 'glue-scripts', `${READINGS}.py`);
    const before = await expanded(file);
    await fs.appendFile(file, '# edited in the test: write to ${bucket} again\n');
    const after = before + `# edited in the test: write to ${BUCKET} again\n`;

    const plan = await jobs.deployPlan();
    const p = plan.find((x) => x.job.name === READINGS)!;
    assert.equal(p.action, 'update');
    assert.equal(p.scriptChanged, true);
    assert.deepEqual(p.settingsChanged, []);
    assert.equal(p.deployedScriptText, before);
    assert.equal(p.localScriptText, after);
    assert.equal(p.job.deployedScript, `s3://${BUCKET}/scripts/${READINGS}.py`);
    assert.deepEqual(
      plan.filter((x) => x.job.name !== READINGS).map((x) => x.action),
      ['unchanged', 'unchanged'],
    );

    // the same project with other settings: the plan names them
    const changed: Project = {
      ...project,
      // (a new job got the default 60-minute timeout: 90 is a change)
      manifest: { ...project.manifest, glue: { ...project.manifest.glue, workerType: 'G.2X', timeout: 90, defaultArguments: { '--source': 'other' } } },
    };
    const other = new GlueJobService(conn, changed, storage);
    const big = (await other.deployPlan({ jobs: ['big_copy'] }))[0]!;
    assert.equal(big.action, 'update');
    assert.equal(big.scriptChanged, false);
    assert.deepEqual(big.settingsChanged, ['workerType', 'timeout', 'defaultArguments.--source']);

    const done = await jobs.deploy({ jobs: [READINGS] });
    assert.deepEqual(
      done.map((r) => [r.job, r.action, r.scriptChanged]),
      [[READINGS, 'update', true]],
    );
    const got = await fake.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `scripts/${READINGS}.py` }));
    assert.equal(await got.Body!.transformToString(), after);
    assert.equal((await jobs.deployPlan({ jobs: [READINGS] }))[0]!.action, 'unchanged');
    await assert.rejects(jobs.deployPlan({ jobs: ['nope'] }), isCode('EntityNotFound', /no script for job nope/));
  });

  test('a script purging a landing zone is refused before anything is deployed; sinks a re-run duplicates are warnings of the plan, printed by deploy', async () => {
    // big_copy writes big/copy/ without a purge before it: each run adds the same rows again on Glue
    const plan = await jobs.deployPlan();
    const big = plan.find((p) => p.job.name === 'big_copy')!;
    assert.equal(big.refused, undefined);
    assert.equal(big.warnings.length, 1);
    assert.match(big.warnings[0]!, /^glue-scripts\/big_copy\.py:\d+: the sink writing s3:\/\/jobs-test\/big\/copy\/ adds its files beside those already there, as Glue's sinks do/);
    assert.deepEqual(plan.find((p) => p.job.name === READINGS)!.warnings, []);

    const wipe = path.join(root, 'glue-scripts', 'wipe_landing.py');
    const fixture = await fs.readFile(path.join(FIXTURES, `${READINGS}.py`), 'utf8');
    await fs.writeFile(wipe, fixture.replace('purge_s3_path("s3://${bucket}/readings/curated/"', 'purge_s3_path("s3://${bucket}/readings/landing/"'));
    try {
      const p = (await jobs.deployPlan({ jobs: ['wipe_landing'] }))[0]!;
      assert.match(p.refused ?? '', /^glue-scripts\/wipe_landing\.py:\d+:\d+: purge_s3_path\("s3:\/\/jobs-test\/readings\/landing\/"\) would delete the whole of the landing zone of dataset readings/);
      const creates = fake.callsOf('AWSGlue.CreateJob').length;
      await assert.rejects(jobs.deploy(), isCode('ScriptUnsupported', /deploy of job wipe_landing refused: .*landing zone of dataset readings/));
      // the CLI refuses before it shows or asks anything, and prints the warnings of what it would deploy
      const warned: string[] = [];
      const progress = { info: () => undefined, warn: (l: string) => warned.push(l) };
      await assert.rejects(deployJobs({ jobs } as unknown as AwsTarget, progress, { dryRun: true }), isCode('ScriptUnsupported', /wipe_landing/));
      await deployJobs({ jobs } as unknown as AwsTarget, progress, { jobs: ['big_copy'], dryRun: true });
      assert.deepEqual(warned.map((w) => w.replace(/:\d+: .*/, '')), ['warning: glue-scripts/big_copy.py']);
      assert.equal(fake.callsOf('AWSGlue.CreateJob').length, creates);
      const listed = await fake.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'scripts/wipe_landing' }));
      assert.equal(listed.KeyCount ?? 0, 0, 'nothing uploaded');
    } finally {
      await fs.rm(wipe);
    }
  });

  test('a run that succeeds: output in S3, state, arguments, and its log read and followed', async () => {
    const started = await jobs.start(READINGS, { arguments: { '--run-tag': 'first' } });
    assert.equal(started.state, 'STARTING');
    assert.match(started.id, /^jr_[0-9a-f]{64}$/);
    const tailed: string[] = [];
    let batches = 0;
    const run = await jobs.tail(
      READINGS,
      started.id,
      (lines) => {
        batches++;
        tailed.push(...lines);
      },
      { intervalMs: 15 },
    );
    assert.equal(run.state, 'SUCCEEDED', describeJobRun(run));
    assert.equal(run.id, started.id);
    assert.ok(run.completedOn && run.executionTime !== undefined);
    assert.deepEqual(run.arguments, { '--run-tag': 'first' });
    assert.equal(run.logLocation, `/aws-glue/jobs/output/${run.id}`);
    assert.ok(batches >= 1);

    // the output: the readings with x > 0, as the generator made them
    const expected = READING_ROWS.filter((r) => r.x > 0).map((r) => ({ user: r.user, timestamp: r.timestamp, x: r.x }));
    assert.equal(expected.length, 12);
    const rows = await jsonRowsIn('readings/curated/');
    const key = (r: Record<string, unknown>) => `${String(r['user'])}|${String(r['timestamp'])}|${String(r['x'])}`;
    assert.deepEqual(rows.map(key).sort(), expected.map(key).sort());

    // the log: what the runner wrote for this run, line for line, read at once and followed
    const localRun = (await fake.local.jobs.runs(READINGS))[0]!;
    assert.deepEqual(localRun.arguments, { ...CONSOLE_DEFAULTS, '--source': 'lakehouse-test', '--run-tag': 'first' }, 'the run gets its arguments over the defaults');
    const runnerLines = await fake.local.jobs.logs(READINGS, localRun.id);
    assert.ok(runnerLines.length >= 3);
    assert.deepEqual(await jobs.logs(READINGS, run.id), runnerLines);
    assert.deepEqual(tailed, runnerLines);

    const runs = await jobs.runs(READINGS);
    assert.equal(runs[0]!.id, run.id);
    assert.deepEqual(await jobs.run(READINGS, run.id), run);
    assert.equal(await jobs.run(READINGS, `jr_${'0'.repeat(64)}`), undefined);
  });

  test('a run that fails: Glue\'s error message, and where its log is', async () => {
    const started = await jobs.start('broken_job');
    const run = await jobs.wait('broken_job', started.id);
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage ?? '', /no_such_table/);
    assert.equal(run.logLocation, `/aws-glue/jobs/error/${run.id}`);
    const summary = describeJobRun(run);
    assert.ok(summary.includes(run.errorMessage!));
    assert.ok(summary.includes(`/aws-glue/jobs/error`) && summary.includes(`stream ${run.id}`), summary);

    const lines = await jobs.logs('broken_job', run.id);
    assert.ok(lines.includes(`[error] ${run.errorMessage}`), lines.join('\n'));
    assert.deepEqual(logStore.messages('/aws-glue/jobs/error', run.id), [run.errorMessage]);
    // the output lines come first, as they were written
    assert.ok(lines.length > 1 && !lines[0]!.startsWith('[error]'));
  });

  test('a run of a job that is not deployed: a clear error naming the job', async () => {
    const file = path.join(root, 'glue-scripts', 'later_job.py');
    await fs.copyFile(path.join(FIXTURES, 'broken_job.py'), file);
    try {
      const listed = await jobs.jobs();
      assert.equal(listed.find((j) => j.name === 'later_job')?.deployedScript, undefined);
      await assert.rejects(jobs.start('later_job'), isCode('EntityNotFound', /job later_job is not deployed to AWS Glue.*deploy it first/));
      assert.deepEqual(await jobs.runs('later_job'), []);
    } finally {
      await fs.rm(file);
    }
  });

  test('logs() reads every page of both groups and merges them by time ([error] marks the error group)', async () => {
    const runId = `jr_${'a'.repeat(64)}`;
    const expected: string[] = [];
    // 10,050 output events (more than one FilterLogEvents page of 10,000), an error event after every 1,000th
    for (let i = 0; i < 10_050; i++) {
      logStore.put('/aws-glue/jobs/output', runId, `out ${i}\n`, 1_000_000 + 2 * i);
      expected.push(`out ${i}`);
      if (i % 1000 === 0) {
        logStore.put('/aws-glue/jobs/error', runId, `err ${i}`, 1_000_000 + 2 * i + 1);
        expected.push(`[error] err ${i}`);
      }
    }
    // an error event at the same time as an output event comes after it
    logStore.put('/aws-glue/jobs/error', runId, 'Traceback:\n  tie', 1_000_000 + 2 * 5);
    expected.splice(expected.indexOf('out 5') + 1, 0, '[error] Traceback:', '[error]   tie');
    const calls = fake.callsOf('Logs_20140328.FilterLogEvents').length;
    assert.deepEqual(await jobs.logs(READINGS, runId), expected);
    // each search starts with a page of no events (the fake does as CloudWatch may): 1 + 2 pages of output, 1 + 1 of errors
    assert.equal(fake.callsOf('Logs_20140328.FilterLogEvents').length, calls + 5, 'two pages of output, one of errors, each search after an empty first page');
    // a run without any log yet: no lines
    assert.deepEqual(await jobs.logs(READINGS, `jr_${'b'.repeat(64)}`), []);
  });

  test('the CloudWatch Logs fake answers the SDK as CloudWatch does (GetLogEvents, DescribeLogStreams, paging)', async () => {
    const client = await conn.logs();
    const group = '/test/fake-logs';
    for (let i = 0; i < 5; i++) logStore.put(group, 'b-stream', `b${i}`, 100 + i);
    logStore.put(group, 'a-stream', 'a0', 50);

    const first = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'b-stream', startFromHead: true, limit: 2 }));
    assert.deepEqual(first.events?.map((e) => [e.message, e.timestamp]), [['b0', 100], ['b1', 101]]);
    const second = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'b-stream', nextToken: first.nextForwardToken, limit: 10 }));
    assert.deepEqual(second.events?.map((e) => e.message), ['b2', 'b3', 'b4']);
    const end = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'b-stream', nextToken: second.nextForwardToken }));
    assert.deepEqual(end.events, []);
    assert.equal(end.nextForwardToken, second.nextForwardToken, 'at the end the same token comes back');
    const latest = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'b-stream', limit: 2 }));
    assert.deepEqual(latest.events?.map((e) => e.message), ['b3', 'b4'], 'without startFromHead: the latest events');

    const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', descending: true }));
    assert.deepEqual(streams.logStreams?.map((s) => [s.logStreamName, s.firstEventTimestamp, s.lastEventTimestamp]), [['b-stream', 100, 104], ['a-stream', 50, 50]]);

    const pages: string[][] = [];
    for await (const page of paginateFilterLogEvents({ client, pageSize: 4 }, { logGroupName: group, startTime: 50, endTime: 103 })) pages.push((page.events ?? []).map((e) => e.message!));
    // a search's first page may hold no events and a nextToken: "If the results don't include a nextToken, then
    // pagination is finished" (CloudWatch Logs API reference, FilterLogEvents) — the paginator goes on through it
    assert.deepEqual(pages, [[], ['a0', 'b0', 'b1', 'b2'], ['b3']]);

    await assert.rejects(client.send(new GetLogEventsCommand({ logGroupName: '/no/such/group', logStreamName: 'x' })), ResourceNotFoundException);
    await assert.rejects(client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'no-such-stream' })), ResourceNotFoundException);
  });

  test('AccessDenied on StartJobRun names glue:StartJobRun and the job', async () => {
    fake.inject({ operation: 'AWSGlue.StartJobRun', kind: 'access-denied', times: 1 });
    await assert.rejects(jobs.start(READINGS), (e: unknown) => {
      assert.ok(isAwsError(e, 'AccessDenied'), String(e));
      assert.match(e.message, /glue:StartJobRun/);
      assert.match(e.message, new RegExp(`job ${READINGS}\\b`));
      return true;
    });
  });

  test('a throttled GetJobRun is retried', async () => {
    const [last] = await jobs.runs(READINGS);
    const calls = fake.callsOf('AWSGlue.GetJobRun').length;
    fake.inject({ operation: 'AWSGlue.GetJobRun', kind: 'throttle', times: 2 });
    const run = await jobs.run(READINGS, last!.id);
    assert.equal(run?.state, 'SUCCEEDED');
    assert.equal(fake.callsOf('AWSGlue.GetJobRun').length, calls + 3);
  });

  test('a second run while one is queued is refused; a queued run cancelled is STOPPED without running', async () => {
    // hold the fake's work queue: the run stays STARTING until released
    let release!: () => void;
    let held!: Promise<void>;
    await new Promise<void>((entered) => {
      held = fake.exclusive(
        () =>
          new Promise<void>((r) => {
            release = r;
            entered();
          }),
      );
    });
    try {
      const first = await jobs.start(READINGS);
      await assert.rejects(jobs.start(READINGS), isCode('JobRunning', new RegExp(`job ${READINGS} is already running`)));
      await jobs.cancel(READINGS, first.id);
      const run = await jobs.wait(READINGS, first.id);
      assert.equal(run.state, 'STOPPED');
      assert.deepEqual(await jobs.logs(READINGS, first.id), []);
      // a run that is over cannot be stopped: Glue's error, reported
      await assert.rejects(jobs.cancel(READINGS, first.id), isCode('InvalidInput', new RegExp(`cannot stop run ${first.id} of job ${READINGS}: InvalidInputException`)));
    } finally {
      release();
      await held;
    }
  });

  test('cancel of a run in progress: STOPPED; aborting a wait stops the waiting, not the run', async () => {
    const lines: string[] = [];
    for (let i = 0; i < BIG_ROWS; i++) lines.push(`{"user":"${USERS[i % 3]}","timestamp":${1655564500000 + i},"x":${(i % 200) / 8},"y":${(i % 7) / 4},"z":${-(i % 5) / 2}}`);
    await fake.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big/landing/big-1.json', Body: `${lines.join('\n')}\n` }));
    try {
      const started = await jobs.start('big_copy');
      const ac = new AbortController();
      const waiting = jobs.wait('big_copy', started.id, { signal: ac.signal });
      ac.abort();
      await assert.rejects(waiting, isCode('Cancelled', /stopped waiting for run .* the run itself goes on/));
      assert.equal(fake.callsOf('AWSGlue.BatchStopJobRun').filter((c) => (c.input['JobName'] as string) === 'big_copy').length, 0);

      // once the runner has begun (its first log line), stop the run
      let run: JobRun | undefined;
      for (;;) {
        run = await jobs.run('big_copy', started.id);
        if (run?.state === 'RUNNING' && (await jobs.logs('big_copy', started.id)).length > 0) break;
        assert.ok(run && (run.state === 'STARTING' || run.state === 'RUNNING'), `unexpected ${run?.state}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await jobs.cancel('big_copy', started.id);
      const stopped = await jobs.wait('big_copy', started.id);
      assert.equal(stopped.state, 'STOPPED', describeJobRun(stopped));
      const localRun = (await fake.local.jobs.runs('big_copy'))[0]!;
      assert.equal(localRun.state, 'STOPPED', 'the runner was stopped');
      assert.deepEqual(await jsonRowsIn('big/copy/'), [], 'a stopped run writes nothing');
    } finally {
      await fake.s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'big/landing/big-1.json' }] } }));
    }
  });
  // Glue's S3 sinks add their files beside those already under the path: a re-run without a purge doubles the rows
  // (purge_s3_path before the sink is what replaces: the GlueContext reference,
  // https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-glue-context.html). The fake
  // Glue runs scripts on the local runner, whose sinks append as Glue's do.
  test('two runs of a job without a purge on the fake Glue: the second adds the same rows again, as on Glue', async () => {
    const script = path.join(root, 'glue-scripts', 'readings_append.py');
    const fixture = await fs.readFile(path.join(FIXTURES, `${READINGS}.py`), 'utf8');
    const appending = fixture
      .replace(/^glueContext\.purge_s3_path\(.*\n/m, '')
      .split('readings/curated/')
      .join('readings/appended/');
    assert.ok(!appending.includes('purge_s3_path') && appending.includes('readings/appended/'));
    await fs.writeFile(script, appending);
    try {
      const plan = (await jobs.deployPlan({ jobs: ['readings_append'] }))[0]!;
      assert.match(plan.warnings.join('\n'), /readings\/appended\/ adds its files beside those already there/);
      await jobs.deploy({ jobs: ['readings_append'] });
      const expected = READING_ROWS.filter((r) => r.x > 0).map((r) => `${r.user}|${r.timestamp}|${r.x}`);
      const key = (r: Record<string, unknown>) => `${String(r['user'])}|${String(r['timestamp'])}|${String(r['x'])}`;
      const once = await jobs.wait('readings_append', (await jobs.start('readings_append')).id);
      assert.equal(once.state, 'SUCCEEDED', describeJobRun(once));
      assert.deepEqual((await jsonRowsIn('readings/appended/')).map(key).sort(), [...expected].sort());
      const firstKeys = ((await fake.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'readings/appended/' }))).Contents ?? []).map((o) => o.Key!);
      const twice = await jobs.wait('readings_append', (await jobs.start('readings_append')).id);
      assert.equal(twice.state, 'SUCCEEDED', describeJobRun(twice));
      assert.deepEqual((await jsonRowsIn('readings/appended/')).map(key).sort(), [...expected, ...expected].sort());
      const keys = ((await fake.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'readings/appended/' }))).Contents ?? []).map((o) => o.Key!);
      for (const k of firstKeys) assert.ok(keys.includes(k), `${k} of the first run is still there`);
      assert.equal(keys.length, 2 * firstKeys.length);
    } finally {
      await fs.rm(script);
    }
  });
});
