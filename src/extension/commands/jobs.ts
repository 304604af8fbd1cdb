// Job commands: run one Glue job (explorer node, a script in the explorer or editor, or picked), run the whole
// pipeline, open a job's script, show a run's log or go to its error, deploy the jobs to Glue (AWS target). Runs go
// under a cancellable progress notification whose cancel stops the run (BatchStopJobRun on AWS); the tree shows the
// state; on AWS the run's CloudWatch lines go live into the log channel as `[job] line`; a failed run's
// notification offers "Show Log" and "Open Script" at the failing line.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isLakehouseError, LakehouseError } from '../../core/errors';
import type { JobRun } from '../../core/model';
import type { JobService, Target } from '../../core/target';
import { formatDuration } from '../../core/units';
import type { AwsTargetApi, DeployPlanItem } from '../awsSettings';
import { deployConfirmation, jobLogLines } from '../awsUi';
import { revealPosition, withActions, type Ctx } from '../ctx';
import { followRun } from '../jobFollow';
import type { ExplorerNode } from '../explorer/nodes';
import type { ExplorerProvider } from '../explorer/provider';
import { localDateTime } from '../explorer/relativeTime';
import { runSummary } from '../explorer/render';
import { noteTablesChanged, refreshZoneReport } from '../panels';
import type { ReadonlyDocs } from '../readonlyDocs';
import { command } from './register';

/** Problems of the last run of each job: a failed run at its script's failing line (line 1 when it names none). */
export const JOB_DIAGNOSTIC_SOURCE = 'Glue job';

export function registerJobCommands(ctx: Ctx, explorer: ExplorerProvider, docs: ReadonlyDocs): vscode.Disposable[] {
  const problems = vscode.languages.createDiagnosticCollection('lakehouse-jobs');
  const scriptUri = async (jobName: string, scriptPath?: string): Promise<vscode.Uri> => {
    const project = await ctx.project();
    if (scriptPath !== undefined) return vscode.Uri.file(path.resolve(project.root, scriptPath));
    const def = (await (await ctx.target()).jobs.jobs()).find((j) => j.name === jobName);
    if (!def) throw new LakehouseError('EntityNotFound', `job ${jobName} has no script in ${project.manifest.scripts}/`, { object: jobName });
    return vscode.Uri.file(path.resolve(project.root, def.scriptPath));
  };

  const openScript = async (jobName: string, line?: number, scriptPath?: string): Promise<void> => {
    await revealPosition(await scriptUri(jobName, scriptPath), new vscode.Position(Math.max(0, (line ?? 1) - 1), 0));
  };

  /**
   * The log lines of a run into the channel (unless they went there live), its outcome (a failure once, as
   * `script:line: …`), and the job's problem: a failed run's error at its script line, cleared by a run that succeeds.
   */
  const logRun = async (run: JobRun, tailed = false): Promise<void> => {
    const target = await ctx.target();
    if (!tailed) for (const l of jobLogLines(run.jobName, await target.jobs.logs(run.jobName, run.id).catch(() => [] as string[]))) ctx.log.info(l);
    const uri = await scriptUri(run.jobName).catch(() => undefined);
    if (run.state === 'SUCCEEDED') {
      ctx.log.info(`job ${run.jobName} run ${run.id}: SUCCEEDED${run.executionTime !== undefined ? ` in ${formatDuration(run.executionTime * 1000)}` : ''} — ${runSummary(run) || 'no rows'}`);
      if (uri) problems.delete(uri);
      return;
    }
    const where = uri ? `${vscode.workspace.asRelativePath(uri)}:${run.errorLine ?? 1}: ` : '';
    ctx.log.error(`${where}job ${run.jobName} run ${run.id} ${run.state}: ${run.errorMessage ?? 'no message'}${run.logLocation ? ` — log: ${run.logLocation}` : ''}`);
    if (uri && run.state !== 'STOPPED') {
      const line = Math.max(0, (run.errorLine ?? 1) - 1);
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), `${run.jobName} ${run.state.toLowerCase()}: ${run.errorMessage ?? 'no message'}`, vscode.DiagnosticSeverity.Error);
      d.source = JOB_DIAGNOSTIC_SOURCE;
      d.code = run.id;
      problems.set(uri, [d]);
    }
  };

  /** Follows a run to its end: live log lines into the channel (AWS), cancelling stops the run. */
  const follow = (target: Target, aws: AwsTargetApi | undefined, name: string, runId: string, signal: AbortSignal) =>
    followRun(target.jobs, aws?.jobs, name, runId, signal, {
      onLines: (lines) => {
        for (const l of jobLogLines(name, lines)) ctx.log.info(l);
      },
      onStopping: () => ctx.log.info(`job ${name}: stopping run ${runId}`),
      onStopFailed: (e) => void ctx.showError(`Stopping job ${name}`, e),
      onNoLiveLog: (message) => ctx.log.warn(`job ${name}: no live log: ${message}`),
    });

  /** "Deploy Jobs" as an action next to an error or warning. */
  const deployAction = (jobs: string[]) => ({ title: 'Deploy Jobs', run: () => vscode.commands.executeCommand('lakehouse.jobs.deploy', { jobs }) });

  /**
   * AWS: a job that is not deployed cannot run (an error offering "Deploy Jobs"); one whose local script or
   * settings differ runs its deployed version (a warning offering "Deploy Jobs").
   */
  const checkDeployed = async (aws: AwsTargetApi, names: string[] | undefined): Promise<void> => {
    const plan = await aws.jobs.deployPlan(names ? { jobs: names } : {});
    const missing = plan.filter((p) => p.action === 'create').map((p) => p.job.name);
    if (missing.length > 0)
      throw withActions(
        new LakehouseError('EntityNotFound', `job ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not deployed to Glue on ${aws.label}: deploy the jobs first`, { object: missing[0]! }),
        [deployAction(missing)],
      );
    const stale = plan.filter((p) => p.action === 'update').map((p) => p.job.name);
    if (stale.length > 0) {
      const msg = `Job ${stale.join(', ')} on AWS differs from the local script or settings: the deployed version runs.`;
      ctx.log.warn(msg);
      void vscode.window.showWarningMessage(msg, 'Deploy Jobs').then((a) => {
        if (a) void deployAction(stale).run();
      });
    }
  };

  /** The notification of a run that did not succeed: "Show Log" and "Open Script" (at its error line). */
  const reportFailed = (run: JobRun): void => {
    if (run.state === 'STOPPED') {
      void vscode.window.showInformationMessage(`Job ${run.jobName} was stopped.`);
      return;
    }
    const where = run.errorLine !== undefined ? ` (line ${run.errorLine})` : '';
    const log = run.logLocation ? ` Log: ${run.logLocation}.` : '';
    void vscode.window.showErrorMessage(`Job ${run.jobName} ${run.state.toLowerCase()}${where}: ${run.errorMessage ?? 'no message'}.${log}`, 'Show Log', 'Open Script').then((a) => {
      if (a === 'Show Log') ctx.log.show(true);
      else if (a === 'Open Script') void openScript(run.jobName, run.errorLine).catch((e: unknown) => ctx.showError('Opening the script', e));
    });
  };

  /** The job a command applies to: a job or run node, a script URI, the active script editor, or a pick. */
  const jobOf = async (arg?: unknown): Promise<string | undefined> => {
    const node = arg as ExplorerNode | undefined;
    if (node && typeof node === 'object' && 'kind' in node) {
      if (node.kind === 'job') return node.job.name;
      if (node.kind === 'run') return node.run.jobName;
    }
    const project = await ctx.project();
    const scripts = path.resolve(project.root, project.manifest.scripts);
    const uri = arg instanceof vscode.Uri ? arg : undefined;
    const file = uri?.fsPath ?? (arg === undefined ? vscode.window.activeTextEditor?.document.uri.fsPath : undefined);
    if (file !== undefined && file.endsWith('.py')) {
      if (path.dirname(file) !== scripts) throw new LakehouseError('InvalidInput', `${file} is not a Glue script of this project: the jobs are the scripts in ${project.manifest.scripts}/`, { file });
      const { jobNameOfScript } = await import('../../core/project/manifest');
      return jobNameOfScript(project.manifest, file);
    }
    const jobs = await (await ctx.target()).jobs.jobs();
    if (jobs.length === 0) throw new LakehouseError('EntityNotFound', `no Glue scripts in ${project.manifest.scripts}/`);
    return (await vscode.window.showQuickPick(jobs.map((j) => ({ label: j.name, description: j.scriptPath })), { title: 'Run job' }))?.label;
  };

  const runJob = async (arg?: unknown): Promise<JobRun | undefined> => {
    const name = await jobOf(arg);
    if (name === undefined) return undefined;
    // a script edited but not saved would run in its saved form
    await vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.fsPath.endsWith(`${path.sep}${name}.py`))?.save();
    const aws = await ctx.awsTarget();
    if (aws) await checkDeployed(aws, [name]);
    explorer.setJobRunning(name, true);
    let outcome: { run: JobRun; tailed: boolean };
    try {
      outcome = await ctx.withProgress(`Running job ${name}${aws ? ` on ${aws.label}` : ''}`, async (report, signal) => {
        const target = await ctx.target();
        const started = await startRun(target, aws, name);
        ctx.log.info(`job ${name}: run ${started.id} started`);
        report(aws ? `run ${started.id} — live log in the Lakehouse output` : `run ${started.id}`);
        return follow(target, aws, name, started.id, signal);
      });
    } finally {
      explorer.setJobRunning(name, false);
    }
    const { run, tailed } = outcome;
    ctx.noteJobRunFinished(run);
    await logRun(run, tailed);
    explorer.refreshSection('buckets');
    // a sink with enableUpdateCatalog (or a catalog sink) made or changed its table: the catalog shows it
    explorer.refreshSection('catalog');
    void ctx.walkthrough.check(`job ${name} ran`);
    refreshZoneReport();
    if (run.state === 'SUCCEEDED') noteTablesChanged(`Job ${name} wrote its tables`);
    if (run.state !== 'SUCCEEDED') reportFailed(run);
    else vscode.window.setStatusBarMessage(`$(pass) Job ${name}: ${runSummary(run)}`, 10_000);
    return run;
  };

  const runPipelineCommand = async () => {
    const project = await ctx.project();
    const { runPipeline } = await import('../../core/actions/pipeline');
    const aws = await ctx.awsTarget();
    if (aws) await checkDeployed(aws, undefined);
    const tailed = new Set<string>();
    const result = await ctx.withProgress(`Running the pipeline${aws ? ` on ${aws.label}` : ''}`, async (report, signal) => {
      const tracked = await ctx.target();
      // each run is followed as "Run Job" follows it: live log on AWS, cancel stops the run
      const jobs: JobService = {
        jobs: () => tracked.jobs.jobs(),
        start: (job, options) => startRun(tracked, aws, job, options),
        run: (job, id) => tracked.jobs.run(job, id),
        runs: (job) => tracked.jobs.runs(job),
        cancel: (job, id) => tracked.jobs.cancel(job, id),
        logs: (job, id) => tracked.jobs.logs(job, id),
        wait: async (job, id) => {
          const r = await follow(tracked, aws, job, id, signal);
          if (r.tailed) tailed.add(r.run.id);
          return r.run;
        },
      };
      const target: Target = { ...tracked, jobs };
      return runPipeline(project, target, {
        signal,
        onEvent: (e) => {
          if (e.phase === 'started') {
            report(`${e.index + 1} of ${e.total}: ${e.job}`, 100 / e.total);
            explorer.setJobRunning(e.job, true);
          } else if (e.phase === 'finished') {
            explorer.setJobRunning(e.job, false);
            if (e.run) ctx.noteJobRunFinished(e.run);
            if (e.run) void logRun(e.run, tailed.has(e.run.id));
          } else ctx.log.warn(`pipeline: ${e.job} ${e.reason === 'interrupted' ? 'not started (the pipeline was cancelled)' : 'skipped (an earlier job did not succeed)'}`);
        },
        // sinks a re-run duplicates, tables two jobs write (also diagnostics in the scripts' editors)
        onWarning: (w) => ctx.log.warn(`pipeline: ${w.file}:${w.line}: ${w.message}`),
      });
    });
    explorer.refreshSection('jobs');
    explorer.refreshSection('buckets');
    explorer.refreshSection('catalog');
    refreshZoneReport();
    void ctx.walkthrough.check('the pipeline ran');
    const wrote = result.runs.filter((r) => r.state === 'SUCCEEDED').map((r) => r.jobName);
    if (wrote.length > 0) noteTablesChanged(`The pipeline ran ${wrote.length === 1 ? `job ${wrote[0]}` : `${wrote.length} jobs`}, which wrote their tables,`);
    const failed = result.runs.find((r) => r.state !== 'SUCCEEDED');
    ctx.log.info(`pipeline: ${result.runs.length} of ${result.order.length} job(s) ran${result.skipped.length ? `, skipped ${result.skipped.join(', ')}` : ''}${failed ? `; ${failed.jobName} ${failed.state}` : ' — all succeeded'}`);
    if (failed) reportFailed(failed);
    else if (result.interrupted) void vscode.window.showInformationMessage(`Pipeline cancelled: ${result.runs.length} job(s) ran, ${result.skipped.length} not started.`);
    else
      void vscode.window.showInformationMessage(`Pipeline: ${result.runs.length} job(s) succeeded.`, 'Show Zone Report').then((a) => {
        if (a) void vscode.commands.executeCommand('lakehouse.report.show');
      });
    return result;
  };

  /** Starts a run; on AWS a job Glue does not know is an error offering "Deploy Jobs". */
  const startRun = async (target: Target, aws: AwsTargetApi | undefined, name: string, options?: { arguments?: Record<string, string> }): Promise<JobRun> => {
    try {
      return await target.jobs.start(name, options);
    } catch (e) {
      if (aws && isLakehouseError(e, 'EntityNotFound')) throw withActions(e, [deployAction([name])]);
      throw e;
    }
  };

  /**
   * Deploys the jobs to Glue: the plan first; nothing changed → says so; else a modal confirmation listing what is
   * created and updated, with "Show Diff" (deployed script ↔ local file) for the changed scripts; then the
   * deployment under a cancellable progress. `options.jobs` limits it to those jobs (a job node: that job);
   * `options.confirm: false` skips the confirmation (tests).
   */
  const deploy = async (arg?: unknown): Promise<{ deployed: string[]; plan: DeployPlanItem[] } | undefined> => {
    const aws = await ctx.requireAws('Deploy Jobs');
    const node = arg as ExplorerNode | undefined;
    const options = (node && typeof node === 'object' && !('kind' in node) ? arg : {}) as { jobs?: string[]; confirm?: boolean; adopt?: boolean };
    const only = node && typeof node === 'object' && 'kind' in node && node.kind === 'job' ? [node.job.name] : options.jobs;
    const plan = (await ctx.withProgress(`Comparing the jobs with ${aws.label}`, (_report, signal) => aws.jobs.deployPlan({ ...(only ? { jobs: only } : {}), signal }))).filter(
      (p) => !only || only.includes(p.job.name),
    );
    if (only) {
      const unknown = only.filter((j) => !plan.some((p) => p.job.name === j));
      if (unknown.length > 0) throw new LakehouseError('EntityNotFound', `no script for job ${unknown.join(', ')} in the scripts folder`, { object: unknown[0]! });
    }
    const { changes, adopt, message, detail } = deployConfirmation(plan, aws.label);
    for (const p of plan) ctx.log.info(`deploy plan: ${p.job.name}: ${p.action}${p.scriptChanged ? ', script changed' : ''}${p.settingsChanged.length ? `, settings: ${p.settingsChanged.join(', ')}` : ''}`);
    // what the scripts' output does: a purge no target runs stops the deploy; the rest goes to the log
    for (const p of plan) for (const w of p.warnings ?? []) ctx.log.warn(`deploy: ${w}`);
    const refused = changes.find((p) => p.refused !== undefined);
    if (refused) throw new LakehouseError('ScriptUnsupported', `deploy of job ${refused.job.name} refused: ${refused.refused}`, { file: refused.job.scriptPath, object: refused.job.name });
    if (changes.length === 0) {
      void vscode.window.showInformationMessage(`Nothing to deploy: ${plan.length === 1 ? `job ${plan[0]!.job.name} is` : `the ${plan.length} jobs are`} up to date on ${aws.label}.`);
      return { deployed: [], plan };
    }
    // a Glue job this project did not create is only updated when the user takes it over here (the CLI: --adopt)
    const go = adopt.length > 0 ? 'Take Over and Deploy' : 'Deploy';
    if (options.confirm !== false) {
      const diffs = changes.filter((c) => c.scriptChanged && c.action === 'update');
      for (;;) {
        const buttons = [go, ...(diffs.length > 0 ? ['Show Diff'] : [])];
        const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
        if (answer === go) break;
        if (answer !== 'Show Diff') return undefined;
        for (const d of diffs) await showDiff(d);
        // the diffs stay open next to a (non-modal) question, so they can be read before answering
        const again = await vscode.window.showWarningMessage(`${message} (the diffs are open)`, go, 'Cancel');
        if (again === go) break;
        return undefined;
      }
    } else if (adopt.length > 0 && !options.adopt) {
      throw new LakehouseError('InvalidInput', `job ${adopt.join(', ')} exists in Glue and was not created by this project: deploying would take ${adopt.length === 1 ? 'it' : 'them'} over`, { object: adopt[0]! });
    }
    const names = changes.map((c) => c.job.name);
    await ctx.withProgress(`Deploying ${names.length} job(s) to ${aws.label}`, async (report, signal) => {
      report(names.join(', '));
      await aws.jobs.deploy({
        jobs: names,
        ...(adopt.length > 0 ? { adopt } : {}),
        signal,
        onJob: (r) => {
          ctx.log.info(`deploy: ${r.job}: ${r.action === 'create' ? 'created' : r.action === 'update' ? (r.adopted ? 'taken over and updated' : 'updated') : 'up to date'}`);
          report(`${r.job} ${r.action === 'create' ? 'created' : 'updated'}`, 100 / names.length);
        },
      });
    });
    ctx.log.info(`deployed ${names.join(', ')} to ${aws.label}`);
    explorer.refreshSection('jobs');
    vscode.window.setStatusBarMessage(`$(cloud-upload) Deployed ${names.length} job(s) to ${aws.label}`, 10_000);
    return { deployed: names, plan };
  };

  /** vscode.diff: the deployed script (read-only) on the left, the local file on the right. */
  const showDiff = async (p: DeployPlanItem): Promise<void> => {
    const project = await ctx.project();
    const local = vscode.Uri.file(path.resolve(project.root, p.job.scriptPath));
    const deployed = docs.put(`deployed/${p.job.name}.py`, p.deployedScriptText ?? '');
    await vscode.commands.executeCommand('vscode.diff', deployed, local, `${p.job.name}.py: deployed ↔ local`, { preview: false });
  };

  const runOf = (node: ExplorerNode | undefined): { run: JobRun; scriptPath: string } => {
    if (node?.kind !== 'run') throw new LakehouseError('InvalidInput', 'choose a job run in the Lakehouse explorer');
    return { run: node.run, scriptPath: node.scriptPath };
  };

  const showRunLog = async (node?: ExplorerNode): Promise<string> => {
    const { run } = runOf(node);
    const lines = await (await ctx.target()).jobs.logs(run.jobName, run.id);
    const text = [...lines, ...(run.errorMessage ? ['', `${run.state}: ${run.errorMessage}${run.errorLine !== undefined ? ` (script line ${run.errorLine})` : ''}`] : [])].join('\n');
    // titled "<job> · <start time>" (the run id is in the log's first lines and the tree's tooltip)
    await docs.show(`${run.jobName} · ${localDateTime(run.startedOn)}`, `${text}\n`, 'log');
    return text;
  };

  const showRunError = async (node?: ExplorerNode): Promise<void> => {
    const { run, scriptPath } = runOf(node);
    if (run.errorLine !== undefined) await openScript(run.jobName, run.errorLine, scriptPath);
    else await showRunLog(node);
  };

  return [
    problems,
    command(ctx, 'lakehouse.job.run', 'Running the job', runJob),
    command(ctx, 'lakehouse.pipeline.run', 'Running the pipeline', runPipelineCommand),
    command(ctx, 'lakehouse.job.openScript', 'Opening the script', async (node?: ExplorerNode) => {
      if (node?.kind === 'run') return openScript(node.run.jobName, node.run.errorLine, node.scriptPath);
      const name = await jobOf(node);
      return name === undefined ? undefined : openScript(name, undefined, node?.kind === 'job' ? node.job.scriptPath : undefined);
    }),
    command(ctx, 'lakehouse.run.showLog', 'Showing the run log', showRunLog),
    command(ctx, 'lakehouse.run.showError', 'Showing the run error', showRunError),
    command(ctx, 'lakehouse.jobs.deploy', 'Deploying the jobs', deploy),
  ];
}
