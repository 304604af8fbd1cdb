/**
 * The CLI on AWS where it protects a first-time user's account: deploy leaves a job it did not create alone until
 * `--adopt` (showing the diff with the values first), and a query whose tables hold more than
 * `--confirm-scan-above` is asked about — refused without a terminal unless `--yes`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateJobCommand, GlueClient } from '@aws-sdk/client-glue';
import { initProject } from '../../src/core/actions/init';
import { startFakeAws, TEST_GLUE_ROLE, useTestRole, type OfflineAws } from './fake';
import { CLI, runCli } from './cli';


describe('the CLI on AWS: adopting jobs, confirming big scans', { skip: !existsSync(CLI) && 'dist/cli.js not built' }, () => {
  let tmp: string;
  let dir: string;
  let aws: OfflineAws;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-cli-aws-'));
    dir = path.join(tmp, 'p');
    await initProject(dir, { sample: 'stedi', bucket: 'cli-aws-lake', region: 'us-east-1' });
    await useTestRole(dir);
    aws = await startFakeAws({ bucket: 'cli-aws-lake', database: 'stedi' });
  });
  after(async () => {
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const cli = (args: string[]) => runCli(['--target', 'aws', '--dir', dir, ...args], { ...process.env, ...aws.env(), AWS_PROFILE: '' });

  test('deploy: a job of the same name made elsewhere is shown with its diff and left alone; --adopt takes it over', async () => {
    const glue = new GlueClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await glue.send(
      new CreateJobCommand({
        Name: 'customer_landing_to_trusted',
        Role: TEST_GLUE_ROLE,
        Command: { Name: 'glueetl', ScriptLocation: 's3://cli-aws-lake/course/customer.py', PythonVersion: '3' },
        GlueVersion: '4.0',
        WorkerType: 'G.2X',
        NumberOfWorkers: 10,
        MaxRetries: 3,
      }),
    );
    glue.destroy();
    const dry = await cli(['deploy', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, /customer_landing_to_trusted: update — NOT created by this project \(it has no lakehouse:project tag: it was not created by this project\): --adopt customer_landing_to_trusted to take it over/);
    assert.match(dry.stderr, /workerType: "G\.2X" → "G\.1X"/);
    assert.match(dry.stderr, /numberOfWorkers: 10 → 2/);

    const refused = await cli(['deploy', '--yes']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /nothing was deployed: job customer_landing_to_trusted exists in Glue/);
    assert.equal(aws.glue.job('customer_landing_to_trusted')?.['WorkerType'], 'G.2X');

    const adopted = await cli(['deploy', '--yes', '--adopt', 'customer_landing_to_trusted', '--json']);
    assert.equal(adopted.code, 0, adopted.stderr);
    const outcome = JSON.parse(adopted.stdout) as { job: string; action: string; adopted: boolean; deployed: boolean }[];
    const mine = outcome.find((o) => o.job === 'customer_landing_to_trusted')!;
    assert.deepEqual([mine.action, mine.adopted, mine.deployed], ['update', true, true]);
    assert.ok(outcome.filter((o) => o.job !== 'customer_landing_to_trusted').every((o) => o.action === 'create' && !o.adopted && o.deployed));
    assert.equal(aws.glue.job('customer_landing_to_trusted')?.['MaxRetries'], 3, 'kept');
    assert.equal(aws.glue.job('customer_landing_to_trusted')?.['WorkerType'], 'G.1X');
    assert.deepEqual(aws.glue.tags('customer_landing_to_trusted'), { 'lakehouse:project': 'stedi' });
  });

  test('query: a scan estimate above --confirm-scan-above is asked about; without a terminal it is refused, --yes runs it', async () => {
    // a table of two small files
    const data = path.join(tmp, 'data', 'customer', 'landing');
    await fs.mkdir(data, { recursive: true });
    await fs.writeFile(path.join(data, 'a.json'), '{"email":"a@x","customername":"A"}\n');
    await fs.writeFile(path.join(data, 'b.json'), '{"email":"b@x","customername":"B"}\n');
    assert.equal((await cli(['upload', path.join(tmp, 'data')])).code, 0);
    const tables = await cli(['tables']);
    assert.equal(tables.code, 0, tables.stderr);

    const starts = aws.fake.callsOf('AmazonAthena.StartQueryExecution').length;
    const refused = await cli(['query', 'SELECT count(*) FROM customer_landing', '--confirm-scan-above', '0']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /scan estimate: up to 0\.0 MB in 1 table \(stedi\.customer_landing\)/);
    assert.match(refused.stderr, /pass --yes to run it without a terminal/);
    assert.equal(aws.fake.callsOf('AmazonAthena.StartQueryExecution').length, starts, 'nothing ran on Athena');

    const ran = await cli(['query', 'SELECT count(*) AS n FROM customer_landing', '--confirm-scan-above', '0', '--yes', '--json']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual((JSON.parse(ran.stdout) as { rows: unknown[] }).rows, [{ n: 2 }]);
    // below the default limit (10 GB) nothing is asked; a statement that reads no table has no estimate line
    const one = await cli(['query', 'SELECT 1']);
    assert.equal(one.code, 0, one.stderr);
    assert.doesNotMatch(one.stderr, /scan estimate|0 tables/);
    assert.match(one.stderr, /^1 row\(s\) in /m);
    // a statement the local parser does not read: no estimate line (its parser text was noise), Athena's error only
    const typo = await cli(['query', 'SELEC 1']);
    assert.equal(typo.code, 1);
    assert.doesNotMatch(typo.stderr, /scan estimate/);
    assert.match(typo.stderr, /SYNTAX_ERROR/);
  });

  // Athena's QueryExecutionStatistics (API reference) has no row count: DataScannedInBytes, EngineExecutionTimeInMillis, …
  test('query: the row count is the rows Athena returned (its statistics hold none), or "more than" when not all were read', async () => {
    // customer_landing holds the 2 rows the previous test uploaded (a.json, b.json)
    const all = await cli(['query', 'SELECT email FROM customer_landing']);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stderr, /^2 row\(s\) in /m);
    const json = await cli(['query', 'SELECT email FROM customer_landing', '--json']);
    assert.equal((JSON.parse(json.stdout) as { statistics: { rows: number } }).statistics.rows, 2);
    const first = await cli(['query', 'SELECT email FROM customer_landing', '--max-rows', '1']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /^more than 1 row\(s\) \(showing 1\) in /m);
  });

  test('a first deploy runs the setup check first and says what fails (the name is another account\'s bucket)', async () => {
    const other = path.join(tmp, 'first');
    await initProject(other, { sample: 'stedi', bucket: 'someone-elses-lake', region: 'us-east-1' });
    await useTestRole(other);
    // job names of its own (the first project's jobs are in the fake Glue already)
    const file = path.join(other, 'lakehouse.json');
    const m = JSON.parse(await fs.readFile(file, 'utf8')) as { glue: Record<string, unknown> };
    m.glue['jobPrefix'] = 'first_';
    await fs.writeFile(file, JSON.stringify(m, null, 2));
    aws.s3.foreignBuckets.add('someone-elses-lake');
    try {
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, '--target', 'aws', '--dir', other, 'deploy', '--dry-run'], { env: { ...process.env, ...aws.env(), AWS_PROFILE: '' } });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /warning: a first deploy to AWS .* and the setup check \(lakehouse doctor\) finds:/);
      assert.match(r.stderr, /✘ Bucket someone-elses-lake +HeadBucket answered 403 Forbidden/);
    } finally {
      aws.s3.foreignBuckets.delete('someone-elses-lake');
    }
  });
});
