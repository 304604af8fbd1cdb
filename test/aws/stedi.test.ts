/**
 * The whole STEDI flow through the AWS target — upload to S3, DDL through Athena, deploy the Glue jobs, run them,
 * query, zone report — against s3rver and the fake Glue/Athena/Logs endpoint, with the real SDK clients. The counts
 * must equal the generator's own bookkeeping (independent of any engine) and the local target's on the same data.
 * Then the CLI does the same with `--target aws`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { runPipeline } from '../../src/core/actions/pipeline';
import { runStatement } from '../../src/core/actions/query';
import { createTables } from '../../src/core/actions/tables';
import { planUpload, upload } from '../../src/core/actions/upload';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { zoneReport, type ZoneReport } from '../../src/core/report/zoneReport';
import { generateStediSample, type StediSample } from '../../src/core/sample';
import { AwsTarget } from '../../src/core/targets/aws';
import { LocalTarget } from '../../src/core/targets/local';
import { startFakeAws, useTestRole, type OfflineAws } from './fake';
import { CLI, runCli } from './cli';


function counts(report: ZoneReport): Record<string, number | null> {
  return Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
}

describe('the STEDI lakehouse on the AWS target (s3rver + fake Glue/Athena/Logs)', () => {
  let tmp: string;
  let aws: OfflineAws;
  let project: Project;
  let sample: StediSample;
  let target: AwsTarget;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-aws-stedi-'));
    await initProject(path.join(tmp, 'project'), { sample: 'stedi' });
    await useTestRole(path.join(tmp, 'project'));
    project = await loadProject(path.join(tmp, 'project'));
    sample = await generateStediSample({ outDir: path.join(tmp, 'data'), customers: 120, seed: 7, fileBytes: 200_000 });
    aws = await startFakeAws({ bucket: project.manifest.bucket, database: project.manifest.database });
    target = await AwsTarget.open(project, aws.targetOptions());
  });
  after(async () => {
    await target?.close();
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  let report: ZoneReport;

  test('upload, tables, deploy, run, report: the generator\'s counts', async () => {
    const plan = await planUpload(project, path.join(tmp, 'data'));
    const up = await upload(target, plan);
    assert.equal(up.uploaded.length, sample.files.length);
    // the objects are in s3rver, byte for byte
    const first = sample.files[0]!;
    const key = plan.files.find((f) => f.file === first)!.key;
    assert.deepEqual(await target.storage.get(project.manifest.bucket, key), await fs.readFile(first));

    const ddl = await createTables(project, target);
    assert.ok(ddl.every((r) => r.execution.state === 'SUCCEEDED'), JSON.stringify(ddl.filter((r) => r.execution.state !== 'SUCCEEDED').map((r) => r.execution.error)));
    // the DDL went through Athena into the Glue catalog
    const tables = (await target.catalog.tables(project.manifest.database)).map((t) => t.name).sort();
    const ddlFiles = (await fs.readdir(path.join(project.root, project.manifest.sql))).map((f) => f.replace(/\.sql$/, '')).sort();
    assert.deepEqual(tables, ddlFiles);

    const deployed = await target.jobs.deploy();
    assert.equal(deployed.length, 5);
    const jobs = await target.jobs.jobs();
    assert.ok(jobs.every((j) => j.deployedScript?.startsWith(`s3://${project.manifest.bucket}/`)), JSON.stringify(jobs));

    const result = await runPipeline(project, target);
    assert.ok(result.ok, JSON.stringify(result.runs.map((r) => [r.jobName, r.state, r.errorMessage])));
    assert.equal(result.runs.length, 5);

    report = await zoneReport(project, target);
    const got = counts(report);
    for (const [table, n] of Object.entries(sample.expected)) assert.equal(got[table], n, `${table}: ${got[table]} rows, the generator made ${n}`);
  });

  test('the same data on the local target gives the same counts', async () => {
    assert.ok(report, 'the AWS flow ran');
    const localProject = await loadProject(project.root);
    const local = await LocalTarget.open(localProject, { dataDir: path.join(tmp, 'local-data') });
    try {
      await upload(local, await planUpload(localProject, path.join(tmp, 'data')));
      await createTables(localProject, local);
      const r = await runPipeline(localProject, local);
      assert.ok(r.ok);
      assert.deepEqual(counts(await zoneReport(localProject, local)), counts(report));
    } finally {
      await local.close();
    }
  });

  test('re-running the pipeline replaces the outputs (no duplicates) and keeps the catalog', async () => {
    const r = await runPipeline(project, target);
    assert.ok(r.ok);
    assert.deepEqual(counts(await zoneReport(project, target)), counts(report));
    const curated = await target.catalog.table(project.manifest.database, 'machine_learning_curated');
    assert.ok(curated, 'the ML job keeps its catalog table');
  });

  test('a query through Athena pages typed rows, and a job\'s runs and logs are readable', async () => {
    const exec = await runStatement(target, 'SELECT serialnumber, count(*) AS n FROM step_trainer_trusted GROUP BY serialnumber ORDER BY n DESC, serialnumber', { database: project.manifest.database });
    assert.equal(exec.state, 'SUCCEEDED', exec.error?.message);
    const page = await target.queries.page(exec.id, { maxRows: 5 });
    assert.deepEqual(page.columns.map((c) => c.type), ['varchar', 'bigint']);
    assert.equal(typeof page.rows[0]![1], 'number');
    assert.ok(exec.statistics && exec.statistics.bytesScanned! > 0 && exec.statistics.costUsd! > 0);

    const runs = await target.jobs.runs('customer_landing_to_trusted');
    assert.equal(runs.length, 2);
    assert.ok(runs.every((r) => r.state === 'SUCCEEDED'));
    const lines = await target.jobs.logs('customer_landing_to_trusted', runs[0]!.id);
    assert.ok(lines.length > 0);
  });

  test('the CLI runs the same flow with --target aws (demo)', { skip: !existsSync(CLI) && 'dist/cli.js not built' }, async () => {
    // a second project on the same servers: the fake's catalog and s3rver already hold the first one's tables, so
    // this one uses its own bucket and database
    const dir = path.join(tmp, 'cli-project');
    await initProject(dir, { sample: 'stedi', bucket: 'stedi-cli-test', database: 'stedi_cli' });
    // the sample has no role: the CLI makes one (trust for glue.amazonaws.com) and writes it into lakehouse.json
    const role = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, '--dir', dir, 'role', '--create', '--name', 'stedi-cli-glue-role', '--yes'], { env: { ...process.env, ...aws.env(), AWS_PROFILE: '' } });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    assert.equal(role.code, 0, role.stderr);
    assert.match(role.stderr, /"Service": "glue\.amazonaws\.com"/);
    assert.equal((JSON.parse(await fs.readFile(path.join(dir, 'lakehouse.json'), 'utf8')) as { glue: { role: string } }).glue.role, 'arn:aws:iam::123456789012:role/service-role/stedi-cli-glue-role');
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, '--target', 'aws', '--dir', dir, 'demo', '--data', path.join(tmp, 'data'), '--json'], {
        env: { ...process.env, ...aws.env(), AWS_PROFILE: '', AWS_REGION: 'us-east-1' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { report: ZoneReport };
    const got = counts(out.report);
    for (const [table, n] of Object.entries(sample.expected)) assert.equal(got[table], n, `${table} via the CLI`);
    assert.match(r.stderr, /deployed/);
    // Glue's JobRun (API reference: GetJobRun) holds no row counts: a run on AWS says none (it said "0 written")
    // its time is Glue's ExecutionTime, whole seconds (GetJobRun: "ExecutionTime – Number (integer)"): no fake hundredths
    assert.match(r.stderr, /^ {2}succeeded in \d+ s$/m);
    assert.doesNotMatch(r.stderr, /written$/m);
    cliDir = dir;
  });

  let cliDir: string | undefined;
  const cli = (args: string[]) => runCli(['--target', 'aws', '--dir', cliDir!, ...args], { ...process.env, ...aws.env(), AWS_PROFILE: '', AWS_REGION: 'us-east-1' });

  test('the CLI\'s other commands on AWS: deploy --dry-run, jobs, logs, query (json, --out csv), report', { skip: !existsSync(CLI) && 'dist/cli.js not built' }, async () => {
    assert.ok(cliDir, 'the demo ran');
    const dry = await cli(['deploy', '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    const plan = JSON.parse(dry.stdout) as { job: string; action: string; deployed: boolean }[];
    assert.equal(plan.length, 5);
    assert.ok(plan.every((p) => p.action === 'unchanged' && !p.deployed), dry.stdout);

    // an edited script shows as an update with its diff, and --dry-run changes nothing
    const script = path.join(cliDir!, 'glue-scripts', 'customer_landing_to_trusted.py');
    await fs.appendFile(script, '\n# edited\n');
    const edited = await cli(['deploy', '--dry-run']);
    assert.equal(edited.code, 0, edited.stderr);
    assert.match(edited.stderr, /^ {2}customer_landing_to_trusted: update$/m);
    assert.match(edited.stderr, /^\+# edited$/m);
    // without --yes and without a terminal, deploy refuses rather than deploying unconfirmed
    const refused = await cli(['deploy']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /pass --yes/);

    const jobs = await cli(['jobs', '--json']);
    assert.equal(jobs.code, 0, jobs.stderr);
    const list = JSON.parse(jobs.stdout) as { name: string; deployedScript: string | null; lastRun: { state: string } | null }[];
    assert.ok(list.every((j) => j.deployedScript?.startsWith('s3://stedi-cli-test/') && j.lastRun?.state === 'SUCCEEDED'), jobs.stdout);

    const logs = await cli(['logs', 'machine_learning_curated']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.ok(logs.stdout.trim().split('\n').length > 0);

    const q = await cli(['query', 'SELECT count(*) AS n FROM customer_trusted', '--json']);
    assert.equal(q.code, 0, q.stderr);
    assert.deepEqual((JSON.parse(q.stdout) as { rows: { n: number }[] }).rows, [{ n: sample.expected.customer_trusted }]);

    const file = path.join(tmp, 'trusted.csv');
    const out = await cli(['query', 'SELECT * FROM customer_trusted', '--out', file]);
    assert.equal(out.code, 0, out.stderr);
    const lines = (await fs.readFile(file, 'utf8')).trim().split('\n');
    assert.equal(lines.length, sample.expected.customer_trusted + 1, 'a header line and one line per customer');

    const rep = await cli(['report', '--json']);
    assert.equal(rep.code, 0, rep.stderr);
    assert.equal(counts(JSON.parse(rep.stdout) as ZoneReport)['machine_learning_curated'], sample.expected.machine_learning_curated);
  });
});
