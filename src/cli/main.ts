/**
 * `lakehouse` — the command line over the same core as the extension: scaffold a project, generate or upload
 * landing data, create tables, run the Glue jobs in pipeline order, query, report; `demo` does all of it.
 * Data goes to stdout (`--json` where it is data), progress to stderr; a failure exits non-zero.
 */
import { Command, Option } from 'commander';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runStatement } from '../core/actions/query';
import { createTables, type DdlSkipped } from '../core/actions/tables';
import { planUpload, upload } from '../core/actions/upload';
import { LakehouseError, errorMessage, isLakehouseError } from '../core/errors';
import type { CellValue } from '../core/model';
import { loadProject, MANIFEST_FILE } from '../core/project/manifest';
import { reportFailure, zoneReport } from '../core/report/zoneReport';
import { initProblems, initProject, type InitOptions } from '../core/actions/init';
import { generateStediSample, type StediSample } from '../core/sample';
import { confirmScan, deployJobs, doctor, glueRole, isAws, undeployProject, warnUndeployed } from './aws';
import { VERSION } from './version';
import { csvLine, dataQualitySummary, dataQualityText, formatBytes, formatCount, formatDuration, jsonCell, jsonText, numberShape, textTable, type NumberShape } from './format';
import { outFile, positiveNumber, nonNegativeNumber, memoryLimitOption, positiveInt } from './options';
import { printReport, pipelineWithProgress, failedRun, interruptedRun, queryAll } from './results';
import { Progress, globals, projectRoot, openTarget, session, print, onOutputError, stdoutFlushed, withTarget, withAws, printJson } from './session';

// ------------------------------------------------------------------------------------------------ the program

export function program(): Command {
  const cli = new Command('lakehouse')
    .description('Build and run a data lakehouse (S3 zones, Glue catalog and jobs, Athena SQL) — locally on an embedded engine, or on AWS.')
    .version(VERSION)
    .option('-d, --dir <folder>', 'the project folder (default: the nearest folder upwards holding lakehouse.json)')
    .addOption(new Option('-t, --target <target>', 'where the lakehouse runs: the embedded engine, or AWS (S3, Glue, Athena)').choices(['local', 'aws']).default('local').env('LAKEHOUSE_TARGET'))
    .option('--data-dir <folder>', 'local target: the data folder (default <project>/.lakehouse)')
    .addOption(
      new Option('--memory-limit <size>', 'local target: the memory the engine may use before it spills to the data folder, e.g. 2GB, 1.5GiB, 40% (default: half the machine\'s memory)')
        .env('LAKEHOUSE_MEMORY_LIMIT')
        .argParser(memoryLimitOption),
    )
    .option('--profile <profile>', 'aws target: a profile of ~/.aws/config or ~/.aws/credentials (default: AWS_PROFILE, else default)')
    .option('--region <region>', 'aws target: the region (default: lakehouse.json\'s region, else AWS_REGION, AWS_DEFAULT_REGION, the profile\'s — as the AWS CLI)')
    .option('--endpoint-url <url>', 'aws target: send every request to this endpoint (MinIO, LocalStack, test servers); AWS_ENDPOINT_URL_<SERVICE> sets one service\'s')
    .option('--workgroup <name>', 'aws target: the Athena workgroup (default: lakehouse.json\'s athena.workgroup, else primary)')
    .option('--output-location <s3uri>', 'aws target: where Athena writes results (default: s3://<bucket>/athena-results/)')
    .option('--connect-timeout <seconds>', 'aws target: give up on connecting to an AWS endpoint after this long (default 10)', positiveNumber)
    .option('--request-timeout <seconds>', 'aws target: give up on a request AWS does not answer after this long (default 60; a timed-out request is not retried)', positiveNumber)
    .option('-q, --quiet', 'no progress on stderr')
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true });

  cli
    .command('init')
    .description('create a project: lakehouse.json, sql/ and glue-scripts/ (--sample stedi: the STEDI Human Balance sample)')
    .argument('[folder]', 'where to create it (default: --dir or the current folder)')
    .option('--sample <name>', 'lay out a sample project (stedi)')
    .option('--name <name>', 'project name')
    .option('--bucket <bucket>', 'S3 bucket')
    .option('--database <database>', 'Glue database')
    .option('--region <region>', 'AWS region written to lakehouse.json (default: none — on AWS the region comes from AWS_REGION or the profile, as in the AWS CLI)')
    .option('--force', 'overwrite an existing lakehouse.json and sample files')
    .action(async (folder: string | undefined, o: { sample?: string; name?: string; bucket?: string; database?: string; region?: string; force?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const dir = path.resolve(folder ?? g.dir ?? '.');
      // the program's own --region (the AWS target's) takes the option wherever it is written: it is this one here
      const region = o.region ?? g.region;
      const options: InitOptions = { ...o, ...(region !== undefined ? { region } : {}) };
      // refused up front, by lakehouse.json's own validation, naming the option; nothing written
      const problems = initProblems(dir, options);
      if (problems.length > 0)
        throw new LakehouseError(
          'InvalidInput',
          `${problems.map((p) => (p.derived ? `--name ${JSON.stringify(options.name)} makes the ${p.field} ${JSON.stringify(p.value)}, which ${p.reason}: give --${p.field}` : `--${p.field} ${JSON.stringify(p.value)}: ${p.reason}`)).join('; ')} (nothing was written)`,
          { field: problems[0]!.field },
        );
      const written = await initProject(dir, options);
      print(`Created ${o.sample ? `the ${o.sample} sample project` : 'a project'} in ${dir}:\n${written.map((w) => `  ${w}`).join('\n')}\n`);
      if (o.sample) print(`Next: lakehouse sample && lakehouse upload data && lakehouse tables && lakehouse run && lakehouse report  (or: lakehouse demo --dir ${dir})\n`);
    });

  cli
    .command('sample')
    .description('generate STEDI landing data (deterministic for a seed) laid out as <dataset>/landing/*.json')
    .option('-o, --out <folder>', 'output folder (default <project>/data)')
    .option('--customers <n>', 'customers (default 956, or scaled with --accelerometer-rows)', positiveInt)
    .option('--accelerometer-rows <n>', 'accelerometer readings (default ~81k, the real set\'s size)', positiveInt)
    .option('--seed <n>', 'random seed', positiveInt, 1)
    .option('--json', 'print the summary (files, rows, expected table counts) as JSON')
    .action(async (o: { out?: string; customers?: number; accelerometerRows?: number; seed: number; json?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const out = path.resolve(o.out ?? path.join(projectRoot(g), 'data'));
      const progress = new Progress(!!g.quiet);
      const sample = await progress.step(`generating sample data into ${out}`, () => generate(out, o), (s) => `${formatCount(s.files.length)} files, ${formatBytes(s.bytes)}`);
      if (o.json) printJson({ outDir: sample.outDir, files: sample.files.length, bytes: sample.bytes, rows: sample.rows, expected: sample.expected });
      else
        print(
          `${textTable(
            ['dataset', 'rows'],
            Object.entries(sample.rows).map(([d, n]) => [d, formatCount(n)]),
            { rightAlign: [false, true] },
          )}\n`,
        );
    });

  cli
    .command('upload')
    .description('upload a folder laid out as <dataset>/landing/* into the landing zones (skips files already there)')
    .argument('<folder>', 'the data folder')
    .option('--json', 'print the result as JSON')
    .action(async (folder: string, o: { json?: boolean }, cmd: Command) =>
      withTarget(cmd, async (project, target, progress, signal) => {
        const plan = await planUpload(project, folder);
        // warnings: printed even with -q (it silences progress, not what the user should know)
        for (const m of plan.missing) progress.warn(`warning: ${path.join(folder, m, 'landing')} does not exist: no ${m} data uploaded`);
        for (const i of plan.ignored) progress.warn(`warning: skipped ${path.join(folder, i.path)}: ${i.reason}`);
        const result = await progress.step(`uploading ${plan.files.length} file(s) to s3://${plan.bucket}/`, () => upload(target, plan, { signal }), (r) => `${r.uploaded.length} uploaded (${formatBytes(r.bytesUploaded)}), ${r.skipped.length} already there`);
        if (o.json) printJson({ bucket: plan.bucket, uploaded: result.uploaded.map((f) => f.key), skipped: result.skipped.map((f) => f.key), bytesUploaded: result.bytesUploaded, missing: result.missing, ignored: result.ignored });
      }),
    );

  cli
    .command('tables')
    .description('create the Glue database and run the DDL files of the sql folder')
    .option('--json', 'print each statement\'s outcome as JSON')
    .action(async (o: { json?: boolean }, cmd: Command) =>
      withTarget(cmd, async (project, target, progress, signal) => {
        // statements that did not run, said after the step's line: not DDL (a note), or needing what a failed one should have made
        const skipped: DdlSkipped[] = [];
        let empty: string | undefined;
        const results = await progress
          .step('creating tables', () => createTables(project, target, { signal, onSkipped: (s) => skipped.push(s), onNoFiles: (folder) => (empty = folder) }), (r) => `${r.length} statement(s)`)
          .finally(() => {
            if (empty !== undefined) progress.warn(`warning: no .sql files in ${empty}: only the database ${project.manifest.database} was created; put the CREATE EXTERNAL TABLE statements of your datasets there`);
            for (const s of skipped) (s.why === 'depends' ? progress.warn.bind(progress) : progress.info.bind(progress))(`${s.why === 'depends' ? 'warning' : 'note'}: ${s.file}:${s.line}:${s.column}: skipped: ${s.reason}`);
          });
        if (o.json) printJson(results.map((r) => ({ file: r.file, line: r.line, state: r.execution.state, message: r.execution.message ?? null })));
        else for (const r of results) print(`${r.file}:${r.line}  ${r.execution.message ?? r.execution.state}\n`);
      }),
    );

  cli
    .command('run')
    .description('run Glue jobs on the target — all of them in pipeline order by default')
    .argument('[jobs...]', 'job names (the scripts\' file names without .py)')
    .option('--json', 'print the runs as JSON')
    .option('--deploy', 'aws target: deploy the scripts that changed first (shown, and confirmed on a terminal as deploy does)')
    .option('-y, --yes', 'with --deploy: deploy without asking (CI); without a terminal to confirm on, --deploy needs it')
    .action(async (jobs: string[], o: { json?: boolean; deploy?: boolean; yes?: boolean }, cmd: Command) =>
      withTarget(cmd, async (project, target, progress, signal) => {
        const wanted = jobs.length > 0 ? jobs : undefined;
        if (isAws(target)) {
          if (o.deploy) await deployJobs(target, progress, { yes: !!o.yes, command: 'run --deploy', ...(wanted ? { jobs: wanted } : {}), signal });
          else await warnUndeployed(target, progress, wanted, signal);
        }
        const result = await pipelineWithProgress(project, target, progress, wanted, signal);
        if (o.json) printJson({ order: result.order, runs: result.runs, skipped: result.skipped, interrupted: result.interrupted });
        if (result.interrupted) throw interruptedRun(result);
        const failed = failedRun(result);
        if (failed) throw failed;
      }),
    );

  cli
    .command('deploy')
    .description('aws target: upload the scripts to s3://<bucket>/<glue.scriptsPrefix> and create or update their Glue jobs; shows what changed first')
    .argument('[jobs...]', 'job names (default: every script)')
    .option('-y, --yes', 'deploy without asking (CI); without it, changed scripts are shown as a diff and confirmed on a terminal')
    .option('--dry-run', 'show what would change and stop')
    .option('--adopt [jobs...]', 'also update Glue jobs of these names that this project did not create (all such jobs when no name follows); they are tagged lakehouse:project')
    .option('--json', 'print the outcome per job as JSON')
    .action(async (jobs: string[], o: { yes?: boolean; dryRun?: boolean; adopt?: boolean | string[]; json?: boolean }, cmd: Command) =>
      withTarget(cmd, async (_project, target, progress, signal) => {
        if (!isAws(target)) throw new LakehouseError('InvalidInput', 'deploy needs the AWS target (--target aws): the local target runs the scripts from the folder as they are');
        const outcome = await deployJobs(target, progress, { ...(jobs.length > 0 ? { jobs } : {}), yes: !!o.yes, dryRun: !!o.dryRun, ...(o.adopt !== undefined ? { adopt: o.adopt } : {}), signal });
        if (o.json) printJson(outcome);
      }),
    );

  cli
    .command('undeploy')
    .description('aws target: delete what deploy made for this project -- its Glue jobs (tagged lakehouse:project) and their scripts; with --catalog also its tables and database; never data')
    .option('-y, --yes', 'delete without asking (CI); without it, what goes and what stays is shown and confirmed on a terminal')
    .option('--dry-run', 'show what would be deleted and what stays, and stop')
    .option('--catalog', 'also delete the tables and views the DDL files define (their definitions: the files stay), and the project\'s database when nothing else is in it')
    .option('--json', 'print what was deleted and what was left as JSON')
    .action(async (o: { yes?: boolean; dryRun?: boolean; catalog?: boolean; json?: boolean }, cmd: Command) =>
      withTarget(cmd, async (project, target, progress, signal) => {
        if (!isAws(target)) {
          // the local target deploys nothing: its jobs are the scripts, run from the folder
          const why = `the local target deploys nothing: its jobs are the scripts of ${project.manifest.scripts}/, run from there; its catalog and data are in the data folder (delete it to start over)`;
          if (o.json) printJson({ deleted: { jobs: [], scripts: [], tables: [] }, left: [{ what: 'everything', why }] });
          else print(`nothing to undeploy: ${why}\n`);
          return;
        }
        const result = await undeployProject(target, progress, { yes: !!o.yes, dryRun: !!o.dryRun, catalog: !!o.catalog, signal });
        if (o.json) printJson(result);
        else {
          const d = result.deleted;
          for (const j of d.jobs) print(`deleted job ${j}\n`);
          for (const s of d.scripts) print(`deleted ${s}\n`);
          for (const t of d.tables) print(`deleted table ${t}\n`);
          if (d.database !== undefined) print(`deleted database ${d.database}\n`);
          for (const l of result.left) print(`left ${l.what}: ${l.why}\n`);
        }
      }),
    );

  cli
    .command('jobs')
    .description('list the jobs and their last run')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }, cmd: Command) =>
      withTarget(cmd, async (_project, target) => {
        const jobs = await target.jobs.jobs();
        const rows = await Promise.all(jobs.map(async (j) => ({ job: j, last: (await target.jobs.runs(j.name, { limit: 1 }))[0] })));
        const aws = isAws(target);
        if (o.json) printJson(rows.map((r) => ({ name: r.job.name, script: r.job.scriptPath, ...(aws ? { deployedScript: r.job.deployedScript ?? null } : {}), lastRun: r.last ?? null })));
        else {
          // a column for the last runs' data quality rules, when one of them evaluated any
          const dq = rows.some((r) => dataQualitySummary(r.last?.dataQuality) !== undefined);
          print(
            `${textTable(
              ['job', 'script', ...(aws ? ['deployed'] : []), 'last run', 'started', ...(dq ? ['data quality'] : [])],
              rows.map((r) => [
                r.job.name,
                r.job.scriptPath,
                ...(aws ? [r.job.deployedScript ?? 'not deployed'] : []),
                r.last?.state ?? '-',
                r.last?.startedOn ?? '-',
                ...(dq ? [dataQualitySummary(r.last?.dataQuality) ?? '-'] : []),
              ]),
            )}\n`,
          );
        }
      }),
    );

  cli
    .command('logs')
    .description('print the log of a job run (default: the job\'s last run)')
    .argument('<job>', 'job name')
    .argument('[run]', 'run id')
    .option('-f, --follow', 'aws target: keep printing new lines while the run is in progress')
    .action(async (job: string, runId: string | undefined, o: { follow?: boolean }, cmd: Command) =>
      withTarget(cmd, async (project, target, _progress, signal) => {
        const known = (await target.jobs.jobs()).map((j) => j.name).sort();
        if (!known.includes(job))
          throw new LakehouseError('EntityNotFound', `no job is named ${job}: the jobs are ${known.join(', ') || 'none'} (scripts in ${project.manifest.scripts}/)`, { object: job });
        const id = runId ?? (await target.jobs.runs(job, { limit: 1 }))[0]?.id;
        if (!id) throw new LakehouseError('EntityNotFound', `job ${job} has not run yet: \`lakehouse run ${job}\` runs it`, { object: job });
        let run = await target.jobs.run(job, id);
        if (o.follow && isAws(target)) run = await target.jobs.tail(job, id, (lines) => print(lines.map((l) => `${l}\n`).join('')), { signal });
        else for (const l of await target.jobs.logs(job, id)) print(`${l}\n`);
        if (run?.dataQuality && run.dataQuality.length > 0) print(`\n${dataQualityText(run.dataQuality)}`);
        if (run?.errorMessage) process.stderr.write(`${run.state}: ${run.errorMessage}${run.logLocation ? ` (log: ${run.logLocation})` : ''}\n`);
      }),
    );

  cli
    .command('query')
    .description('run one SQL statement (Athena SQL) and print the result')
    .argument('<sql>', 'the statement; - reads it from stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--json', 'same as --format json')
    .option('--database <database>', 'database for unqualified table names (default: the project\'s)')
    .option('--max-rows <n>', 'print (or write to --out) at most this many rows (default: 1000 for table; all for csv, json and --out)', positiveInt)
    .option('-o, --out <file>', 'write the result to a file instead — all of it, or the first --max-rows rows — streamed by the engine; the extension sets the format (.csv, .json, .parquet) and a --format or --json given with it must agree')
    .option('--confirm-scan-above <GB>', 'aws target: ask before a query whose tables hold more than this many gigabytes (estimated from their files; Athena bills $5 per TB scanned)', nonNegativeNumber, 10)
    .option('-y, --yes', 'aws target: run without asking, whatever the scan estimate')
    .action(async (sqlArg: string, o: { format: string; json?: boolean; database?: string; maxRows?: number; out?: string; confirmScanAbove: number; yes?: boolean }, cmd: Command) =>
      withTarget(cmd, async (project, target, progress, signal) => {
        const format = o.json ? 'json' : o.format;
        const explicitFormat = o.json ? { format: 'json', option: '--json' } : cmd.getOptionValueSource('format') === 'cli' ? { format: o.format, option: `--format ${o.format}` } : undefined;
        // a bad --out is refused before the statement runs
        const out = o.out !== undefined ? await outFile(o.out, explicitFormat) : undefined;
        const sql = sqlArg === '-' ? await readStdin() : sqlArg;
        if (isAws(target)) {
          const line = await confirmScan(target, project, sql, o.database ?? project.manifest.database, { thresholdBytes: o.confirmScanAbove * 1e9, yes: !!o.yes, signal });
          if (line) progress.info(line);
        }
        const exec = await runStatement(target, sql, { database: o.database ?? project.manifest.database }, signal);
        if (exec.state !== 'SUCCEEDED') throw new LakehouseError('SqlError', exec.error?.message ?? exec.state, { ...(exec.error?.line !== undefined ? { line: exec.error.line, column: exec.error.column } : {}) });
        const stats = exec.statistics!;
        if (out) {
          const written = await target.queries.export(exec.id, { format: out.format, file: out.file, signal, ...(o.maxRows !== undefined ? { maxRows: o.maxRows } : {}) }).catch((e: unknown) => {
            throw isLakehouseError(e) ? e : new LakehouseError('InvalidInput', `--out ${o.out}: could not write the file: ${errorMessage(e)}`, { file: out.file }, { cause: e });
          });
          progress.info(`${formatCount(written.rows)} row(s) written to ${out.file} (${formatBytes(written.bytes)})`);
          // a warning (lines skipped as malformed): said even with -q
          if (exec.message) process.stderr.write(`${exec.message}\n`);
          return;
        }
        const max = o.maxRows ?? (format === 'table' ? 1000 : Infinity);
        // Athena's statistics hold no row count: it is known once the result has been read to its end
        let complete = true;
        let shown = 0;
        if (format === 'json') {
          const rows: Record<string, unknown>[] = [];
          let columns: { name: string; type: string }[] = [];
          let shapes: NumberShape[] = [];
          await queryAll(target, exec, (p) => {
            if (columns !== p.columns) shapes = p.columns.map((c) => numberShape(c.type));
            columns = p.columns;
            for (const r of p.rows) {
              if (shown >= max) return (complete = false);
              // one column, one JSON type: integers and decimals are numbers with every digit, however big
              rows.push(Object.fromEntries(columns.map((c, i) => [c.name, jsonCell(r[i] ?? null, shapes[i]!)])));
              shown++;
            }
            return true;
          });
          const statistics = stats.rows === undefined && complete ? { ...stats, rows: shown } : stats;
          print(`${jsonText({ columns, rows, statistics, ...(exec.message ? { message: exec.message } : {}) })}\n`);
          return;
        }
        if (format === 'csv') {
          let header = false;
          await queryAll(target, exec, (p) => {
            if (!header) {
              print(`${csvLine(p.columns.map((c) => c.name))}\n`);
              header = true;
            }
            const lines: string[] = [];
            for (const r of p.rows) {
              if (shown >= max) break;
              lines.push(csvLine(r, p.columns.map((c) => c.type)));
              shown++;
            }
            if (lines.length) print(`${lines.join('\n')}\n`);
            // a reader that has gone (`| head`) wants no more pages
            return shown < max && !session.outputClosed;
          });
          // (not in the CSV: malformed lines skipped, say)
          if (exec.message) process.stderr.write(`${exec.message}\n`);
          return;
        }
        const rows: CellValue[][] = [];
        let columns: { name: string; type: string }[] = [];
        await queryAll(target, exec, (p) => {
          columns = p.columns;
          for (const r of p.rows) {
            if (rows.length >= max) return (complete = false);
            rows.push(r);
          }
          return true;
        });
        const total = stats.rows ?? (complete ? rows.length : undefined);
        if (columns.length > 0 && (exec.kind === 'QUERY' || rows.length > 0 || !exec.message)) print(`${textTable(columns.map((c) => c.name), rows, { types: columns.map((c) => c.type) })}\n`);
        if (exec.message) print(`${exec.message}\n`);
        progress.info(
          `${total === undefined ? `more than ${formatCount(rows.length)} row(s) (showing ${formatCount(rows.length)})` : `${formatCount(total)} row(s)${rows.length < total ? ` (showing ${formatCount(rows.length)})` : ''}`} in ${formatDuration(stats.elapsedMs)}, ${formatBytes(stats.bytesScanned ?? 0)} scanned${stats.costUsd !== undefined ? ` (~$${stats.costUsd.toFixed(stats.costUsd < 0.01 ? 6 : 4)})` : ''} — ${stats.engine}`,
        );
      }),
    );

  cli
    .command('report')
    .description('rows per table and zone (landing → trusted → curated)')
    .option('--json', 'print {"tables":[{database, table, zone, location, rows, error?, readsNested?, hint?}]} (rows null where a table could not be counted; hint: a partitioned table counting 0 rows over objects has no registered partition)')
    .action(async (o: { json?: boolean }, cmd: Command) =>
      withTarget(cmd, async (project, target, _progress, signal) => {
        const report = await zoneReport(project, target, { signal });
        if (o.json) printJson(report);
        else printReport(report);
        // every table is listed; one that could not be counted fails the command
        const failed = reportFailure(report);
        if (failed) throw failed;
      }),
    );

  cli
    .command('doctor')
    .description('check the AWS setup the project needs: credentials, region, bucket, Glue catalog and jobs, the Glue role, the Athena workgroup and results, CloudWatch log groups — each ok / warn / fail with the fix')
    .option('--json', 'print the rows as JSON')
    .action(async (o: { json?: boolean }, cmd: Command) =>
      withAws(cmd, (_project, target, _progress, signal) => doctor(target, { json: o.json === true }, { print, printJson }, signal)),
    );

  cli
    .command('role')
    .description("the IAM role the Glue jobs run as (lakehouse.json glue.role): show it and check it; --create makes one for the project (trust policy for glue.amazonaws.com, the AWSGlueServiceRole managed policy, an inline policy for the project's bucket); --use names an existing one")
    .option('--create', 'create the role (shows what it holds and asks first; --yes skips the question)')
    .option('--name <role>', 'the name of the role --create makes (default: <project>-glue-role)')
    .option('--use <role>', 'use this existing role (name or ARN): checked to be one Glue can assume, then written to lakehouse.json')
    .option('--list', 'list the roles of the account Glue can assume')
    .option('-y, --yes', 'create without asking')
    .option('--json', 'print the role as JSON')
    .action(async (o: { create?: boolean; name?: string; use?: string; list?: boolean; yes?: boolean; json?: boolean }, cmd: Command) =>
      withAws(cmd, (project, target, progress, signal) => glueRole(project, target, o, { print, printJson, progress }, signal)),
    );

  cli
    .command('demo')
    .description('the whole pipeline in a fresh project: generate data (or take --data), upload, create tables, run every job, print the zone report')
    .option('--data <folder>', 'use this landing data (laid out as <dataset>/landing/*) instead of generating it')
    .option('--customers <n>', 'generated customers', positiveInt)
    .option('--accelerometer-rows <n>', 'generated accelerometer readings (default ~81k)', positiveInt)
    .option('--seed <n>', 'random seed', positiveInt, 1)
    .option('--json', 'print the report, timings and expected counts as JSON')
    .action(async (o: { data?: string; customers?: number; accelerometerRows?: number; seed: number; json?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const progress = new Progress(!!g.quiet);
      const dir = g.dir ? path.resolve(g.dir) : await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-demo-'));
      if (!existsSync(path.join(dir, MANIFEST_FILE))) await progress.step(`creating the STEDI sample project in ${dir}`, () => initProject(dir, { sample: 'stedi' }));
      else progress.info(`• using the project in ${dir}`);
      const project = await loadProject(dir);
      let sample: StediSample | undefined;
      let data = o.data ? path.resolve(o.data) : undefined;
      if (!data) {
        data = path.join(dir, 'data');
        sample = await progress.step('generating sample data', () => generate(data!, o), (s) => `${formatCount(s.rows.customer)} customers, ${formatCount(s.rows.accelerometer)} accelerometer and ${formatCount(s.rows.step_trainer)} step-trainer rows`);
      }
      const target = await openTarget(project, g);
      const timings: Record<string, number> = {};
      const timed = async <T>(name: string, label: string, body: () => Promise<T>, summary?: (v: T) => string) => {
        const t0 = performance.now();
        const v = await progress.step(label, body, summary);
        timings[name] = Math.round(performance.now() - t0);
        return v;
      };
      try {
        const plan = await planUpload(project, data);
        await timed('upload', `uploading ${plan.files.length} landing file(s)`, () => upload(target, plan), (r) => `${formatBytes(r.bytesUploaded)} uploaded, ${r.skipped.length} already there`);
        if (isAws(target)) await deployJobs(target, progress, { yes: true });
        const tEngine = performance.now();
        await timed('tables', 'creating tables', () => createTables(project, target), (r) => `${r.length} statements`);
        const t0 = performance.now();
        const result = await pipelineWithProgress(project, target, progress);
        timings['jobs'] = Math.round(performance.now() - t0);
        const failed = failedRun(result);
        if (failed) throw failed;
        const report = await timed('report', 'counting rows', () => zoneReport(project, target));
        timings['engine'] = Math.round(performance.now() - tEngine);
        const expected = sample?.expected;
        const mismatches = expected ? report.tables.filter((t) => expected[t.table as keyof typeof expected] !== undefined && expected[t.table as keyof typeof expected] !== t.rows) : [];
        if (o.json) printJson({ dir, data, timings, report, runs: result.runs, ...(expected ? { expected } : {}) });
        else {
          printReport(report, expected);
          print(`\nEngine time (tables + ${result.runs.length} jobs + report): ${formatDuration(timings['engine'])}. Project: ${dir}\n`);
          print(`Try: lakehouse --dir ${dir} query "SELECT * FROM machine_learning_curated LIMIT 10"\n`);
        }
        const failedCount = reportFailure(report);
        if (failedCount) throw failedCount;
        if (mismatches.length > 0)
          throw new LakehouseError('DataError', `row counts differ from the generator's: ${mismatches.map((m) => `${m.table} ${m.rows} (expected ${expected![m.table as keyof typeof expected]})`).join(', ')}`);
      } finally {
        await target.close();
      }
    });

  return cli;
}

async function generate(out: string, o: { customers?: number; accelerometerRows?: number; seed?: number }): Promise<StediSample> {
  return generateStediSample({
    outDir: out,
    ...(o.customers !== undefined ? { customers: o.customers } : {}),
    ...(o.accelerometerRows !== undefined ? { accelerometerRows: o.accelerometerRows } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(argv: string[]): Promise<number> {
  // the AWS SDK's notice that its releases after early 2027 need Node.js 22 would print at every command: it is a
  // row of `lakehouse doctor` instead (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED is the SDK's own switch)
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  session.interrupted = false;
  session.outputClosed = false;
  delete session.outputError;
  if (!process.stdout.listeners('error').includes(onOutputError)) {
    process.stdout.on('error', onOutputError);
    process.stderr.on('error', onOutputError);
  }
  let failure: unknown;
  try {
    await program().exitOverride().parseAsync(argv);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    failure = e;
  }
  await stdoutFlushed();
  // the output's reader has gone: nothing more to say (an error now is most likely the stop this caused)
  const outputError = session.outputError as Error | undefined;
  if (session.outputClosed && !outputError) return 141;
  if (outputError) failure = new LakehouseError('InvalidInput', `cannot write the output: ${outputError.message}`);
  if (failure === undefined && !session.interrupted) return 0;
  const message = failure === undefined ? 'interrupted' : isLakehouseError(failure) ? failure.message : errorMessage(failure);
  process.stderr.write(`lakehouse: ${message}\n`);
  if (failure !== undefined && !isLakehouseError(failure) && process.env['LAKEHOUSE_DEBUG'] && failure instanceof Error) process.stderr.write(`${failure.stack}\n`);
  return session.interrupted ? 130 : 1;
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}

