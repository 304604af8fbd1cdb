/**
 * `lakehouse undeploy`: what deploy made for the project goes — its Glue jobs, found by the tag deploy puts on them
 * (`lakehouse:project=<name>`, with ListJobs' tag filter: "If you choose to use tags filtering, only resources with
 * the tag are retrieved", AWS Glue API reference, ListJobs), and their scripts — and nothing else: a job of the same
 * name made in the console, another project's job, the zones' data stay. It asks first (refused without a terminal
 * unless --yes), and says what it deleted and what it left. With --catalog the DDL's tables go (Glue DeleteTable:
 * the definition), and the database only when nothing else is in it (DeleteDatabase takes its tables along: "After
 * completing this operation, you no longer have access to the tables ... in the deleted database", API reference).
 *
 * Also `run --deploy`: it asks as deploy does; `--yes` passes the answer on; without a terminal it fails at once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateJobCommand, CreateTableCommand, GetDatabaseCommand, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { initProject } from '../../src/core/actions/init';
import { startFakeAws, TEST_GLUE_ROLE, useTestRole, type OfflineAws } from './fake';
import { S3RVER_CREDENTIALS } from './s3rver';
import { CLI, runCli } from './cli';

const BUCKET = 'cli-undeploy-lake';
/** the sample's jobs (its glue-scripts/*.py) */
const CONSOLE_JOB = 'customer_landing_to_trusted';
const OURS = ['accelerometer_landing_to_trusted', 'customer_trusted_to_curated', 'machine_learning_curated', 'step_trainer_landing_to_trusted'];

describe('the CLI on AWS: undeploy, and run --deploy --yes', { skip: !existsSync(CLI) && 'dist/cli.js not built' }, () => {
  let tmp: string;
  let dir: string;
  let aws: OfflineAws;
  let glue: GlueClient;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-cli-undeploy-'));
    dir = path.join(tmp, 'p');
    await initProject(dir, { sample: 'stedi', bucket: BUCKET, region: 'us-east-1' });
    await useTestRole(dir);
    aws = await startFakeAws({ bucket: BUCKET, database: 'stedi' });
    glue = new GlueClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
  });
  after(async () => {
    glue?.destroy();
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  /** the CLI with stdin a pipe (no terminal), as in CI */
  const cli = (args: string[], target: string[] = ['--target', 'aws']) => runCli([...target, '--dir', dir, ...args], { ...process.env, ...aws.env(), AWS_PROFILE: '' });

  test('run --deploy without --yes and without a terminal: refused at once, naming --yes; nothing deployed, nothing run', async () => {
    const r = await cli(['run', '--deploy', OURS[0]!]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /run --deploy would change 1 job\(s\) and there is no terminal to confirm on: nothing was deployed; pass --yes/);
    assert.equal(aws.fake.callsOf('AWSGlue.CreateJob').length, 0);
    assert.equal(aws.fake.callsOf('AWSGlue.StartJobRun').length, 0);
  });

  test('deploy of the project\'s jobs; a console job of one of its names and another project\'s job are there too', async () => {
    await glue.send(
      new CreateJobCommand({ Name: CONSOLE_JOB, Role: TEST_GLUE_ROLE, Command: { Name: 'glueetl', ScriptLocation: `s3://${BUCKET}/console/customer.py`, PythonVersion: '3' }, GlueVersion: '4.0', WorkerType: 'G.1X', NumberOfWorkers: 2 }),
    );
    await glue.send(
      new CreateJobCommand({
        Name: 'other_project_job',
        Role: TEST_GLUE_ROLE,
        Command: { Name: 'glueetl', ScriptLocation: `s3://${BUCKET}/scripts/other_project_job.py`, PythonVersion: '3' },
        GlueVersion: '4.0',
        WorkerType: 'G.1X',
        NumberOfWorkers: 2,
        Tags: { 'lakehouse:project': 'another' },
      }),
    );
    const r = await cli(['deploy', '--yes', ...OURS]);
    assert.equal(r.code, 0, r.stderr);
    for (const j of OURS) assert.equal(aws.glue.tags(j)['lakehouse:project'], 'stedi');
    // a landing file: data of a zone
    await aws.fake.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'customer/landing/customer-1.json', Body: '{"email":"a@b.c"}\n' }));
  });

  test('undeploy without --yes and without a terminal: lists what goes and what stays, deletes nothing', async () => {
    const r = await cli(['undeploy']);
    assert.equal(r.code, 1, r.stderr);
    for (const j of OURS) assert.match(r.stderr, new RegExp(`delete job ${j}\\n`));
    assert.match(r.stderr, new RegExp(`delete s3://${BUCKET}/scripts/${OURS[0]}\\.py`));
    assert.match(r.stderr, new RegExp(`leave job ${CONSOLE_JOB}: it has no lakehouse:project=stedi tag`));
    assert.match(r.stderr, /undeploy would delete 4 job\(s\), 4 script\(s\) and there is no terminal to confirm on: nothing was deleted; pass --yes/);
    assert.doesNotMatch(r.stderr, /other_project_job/);
    assert.equal(aws.fake.callsOf('AWSGlue.DeleteJob').length, 0);
  });

  test('undeploy --yes: the tagged jobs and their scripts are deleted; the console job, the other project\'s, scripts elsewhere and the data stay', async () => {
    const r = await cli(['undeploy', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    for (const j of OURS) {
      assert.match(r.stdout, new RegExp(`^deleted job ${j}$`, 'm'));
      assert.match(r.stdout, new RegExp(`^deleted s3://${BUCKET}/scripts/${j}\\.py$`, 'm'));
      assert.equal(aws.glue.job(j), undefined);
      await assert.rejects(aws.fake.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `scripts/${j}.py` })));
    }
    assert.match(r.stdout, new RegExp(`^left job ${CONSOLE_JOB}: `, 'm'));
    assert.match(r.stdout, /^left the catalog \(database stedi and its tables\): not asked for: --catalog/m);
    assert.match(r.stdout, new RegExp(`^left the zones' data \\(s3://${BUCKET}/\\.\\.\\.\\): undeploy never deletes data$`, 'm'));
    assert.notEqual(aws.glue.job(CONSOLE_JOB), undefined);
    assert.notEqual(aws.glue.job('other_project_job'), undefined);
    await aws.fake.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'customer/landing/customer-1.json' }));
    // the jobs were found by their tag, every call carrying the project's
    const lists = aws.fake.callsOf('AWSGlue.ListJobs');
    assert.ok(lists.length > 0);
    for (const c of lists) assert.deepEqual(c.input['Tags'], { 'lakehouse:project': 'stedi' });

    const again = await cli(['undeploy', '--yes']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /nothing to undeploy on .*: no Glue job carries the tag lakehouse:project=stedi/);
  });

  test('undeploy --catalog: the DDL\'s tables go; a table the DDL does not define keeps the database; once it is gone, so is the database', async () => {
    const tables = await cli(['tables']);
    assert.equal(tables.code, 0, tables.stderr);
    await glue.send(new CreateTableCommand({ DatabaseName: 'stedi', TableInput: { Name: 'notes', StorageDescriptor: { Columns: [{ Name: 'x', Type: 'string' }], Location: `s3://${BUCKET}/notes/` } } }));
    const dry = await cli(['undeploy', '--catalog', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, /delete table stedi\.customer_landing \(its definition; the files under its LOCATION stay\)/);
    assert.match(dry.stderr, /leave table stedi\.notes: the project's DDL \(sql\/\) does not define it/);
    assert.match(dry.stderr, /leave database stedi: it holds tables the project's DDL does not define/);

    const r = await cli(['undeploy', '--catalog', '--yes', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { deleted: { tables: string[]; database?: string } };
    // the sample's sql/*.sql, one table each
    assert.deepEqual(out.deleted.tables.sort(), [
      'stedi.accelerometer_landing',
      'stedi.accelerometer_trusted',
      'stedi.customer_curated',
      'stedi.customer_landing',
      'stedi.customer_trusted',
      'stedi.machine_learning_curated',
      'stedi.step_trainer_landing',
      'stedi.step_trainer_trusted',
    ]);
    assert.equal(out.deleted.database, undefined);
    assert.deepEqual((await glue.send(new GetTablesCommand({ DatabaseName: 'stedi' }))).TableList?.map((t) => t.Name), ['notes']);
    await aws.fake.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'customer/landing/customer-1.json' }));

    // the table another made, dropped: the database is empty and goes
    await glue.send(new (await import('@aws-sdk/client-glue')).DeleteTableCommand({ DatabaseName: 'stedi', Name: 'notes' }));
    const last = await cli(['undeploy', '--catalog', '--yes']);
    assert.equal(last.code, 0, last.stderr);
    assert.match(last.stdout, /^deleted database stedi$/m);
    await assert.rejects(glue.send(new GetDatabaseCommand({ Name: 'stedi' })), (e: unknown) => (e as { name?: string }).name === 'EntityNotFoundException');
  });

  test('run --deploy --yes: the answer is passed on -- the job is deployed without a question, then run', async () => {
    const r = await cli(['run', '--deploy', '--yes', OURS[0]!]);
    assert.doesNotMatch(r.stderr, /no terminal to confirm on/);
    assert.deepEqual(aws.fake.callsOf('AWSGlue.CreateJob').map((c) => c.input['Name']).filter((n) => n === OURS[0]).length, 2); // the deploy above, and this one
    assert.equal(aws.glue.tags(OURS[0]!)['lakehouse:project'], 'stedi');
    assert.deepEqual(aws.fake.callsOf('AWSGlue.StartJobRun').map((c) => c.input['JobName']), [OURS[0]]);
  });

  test('the local target: nothing to undeploy, said as such', async () => {
    const r = await cli(['undeploy'], []);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^nothing to undeploy: the local target deploys nothing/);
  });
});
