// Job commands: run one Glue job (explorer node, a script in the explorer or editor, or picked), run the whole
// pipeline, open a job's script, show a run's log or go to its error. Runs go under a cancellable progress
// notification whose cancel stops the run; the tree shows the state; rows and errors go to the log channel; a
// failed run's notification offers "Show Log" and "Open Script" at the failing line.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LakehouseError } from '../../core/errors';
import type { JobRun } from '../../core/model';
import { formatDuration } from '../../core/units';
import { revealPosition, type Ctx } from '../ctx';
import type { ExplorerNode } from '../explorer/nodes';
import type { ExplorerProvider } from '../explorer/provider';
import { runSummary } from '../explorer/render';
import { refreshZoneReport } from '../panels';
import type { ReadonlyDocs } from '../readonlyDocs';
import { command } from './register';

export function registerJobCommands(ctx: Ctx, explorer: ExplorerProvider, docs: ReadonlyDocs): vscode.Disposable[] {
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

  /** The log lines of a run into the channel, and its outcome. */
  const logRun = async (run: JobRun): Promise<void> => {
    const target = await ctx.target();
    for (const l of await target.jobs.logs(run.jobName, run.id).catch(() => [] as string[])) ctx.log.info(`[${run.jobName}] ${l}`);
    const line = `job ${run.jobName} run ${run.id}: ${run.state}${run.executionTime !== undefined ? ` in ${formatDuration(run.executionTime * 1000)}` : ''} — ${runSummary(run) || 'no rows'}`;
    if (run.state === 'SUCCEEDED') ctx.log.info(line);
    else ctx.log.error(`${line}${run.errorLine !== undefined ? ` (script line ${run.errorLine})` : ''}`);
  };

  /** The notification of a run that did not succeed: "Show Log" and "Open Script" (at its error line). */
  const reportFailed = (run: JobRun): void => {
    if (run.state === 'STOPPED') {
      void vscode.window.showInformationMessage(`Job ${run.jobName} was stopped.`);
      return;
    }
    const where = run.errorLine !== undefined ? ` (line ${run.errorLine})` : '';
    void vscode.window.showErrorMessage(`Job ${run.jobName} ${run.state.toLowerCase()}${where}: ${run.errorMessage ?? ''}`, 'Show Log', 'Open Script').then((a) => {
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
    explorer.setJobRunning(name, true);
    let run: JobRun;
    try {
      run = await ctx.withProgress(`Running job ${name}`, async (report, signal) => {
        const target = await ctx.target();
        const started = await target.jobs.start(name);
        ctx.log.info(`job ${name}: run ${started.id} started`);
        report(`run ${started.id}`);
        return target.jobs.wait(name, started.id, { signal });
      });
    } finally {
      explorer.setJobRunning(name, false);
    }
    await logRun(run);
    explorer.refreshSection('buckets');
    refreshZoneReport();
    if (run.state !== 'SUCCEEDED') reportFailed(run);
    else vscode.window.setStatusBarMessage(`$(pass) Job ${name}: ${runSummary(run)}`, 10_000);
    return run;
  };

  const runPipelineCommand = async () => {
    const project = await ctx.project();
    const { runPipeline } = await import('../../core/actions/pipeline');
    const result = await ctx.withProgress('Running the pipeline', async (report, signal) => {
      const target = await ctx.target();
      return runPipeline(project, target, {
        signal,
        onEvent: (e) => {
          if (e.phase === 'started') {
            report(`${e.index + 1} of ${e.total}: ${e.job}`, 100 / e.total);
            explorer.setJobRunning(e.job, true);
          } else if (e.phase === 'finished') {
            explorer.setJobRunning(e.job, false);
            if (e.run) void logRun(e.run);
          } else ctx.log.warn(`pipeline: ${e.job} skipped (an earlier job did not succeed)`);
        },
      });
    });
    explorer.refreshSection('jobs');
    explorer.refreshSection('buckets');
    explorer.refreshSection('catalog');
    refreshZoneReport();
    const failed = result.runs.find((r) => r.state !== 'SUCCEEDED');
    ctx.log.info(`pipeline: ${result.runs.length} of ${result.order.length} job(s) ran${result.skipped.length ? `, skipped ${result.skipped.join(', ')}` : ''}${failed ? `; ${failed.jobName} ${failed.state}` : ' — all succeeded'}`);
    if (failed) reportFailed(failed);
    else
      void vscode.window.showInformationMessage(`Pipeline: ${result.runs.length} job(s) succeeded.`, 'Show Zone Report').then((a) => {
        if (a) void vscode.commands.executeCommand('lakehouse.report.show');
      });
    return result;
  };

  const runOf = (node: ExplorerNode | undefined): { run: JobRun; scriptPath: string } => {
    if (node?.kind !== 'run') throw new LakehouseError('InvalidInput', 'choose a job run in the Lakehouse explorer');
    return { run: node.run, scriptPath: node.scriptPath };
  };

  const showRunLog = async (node?: ExplorerNode): Promise<string> => {
    const { run } = runOf(node);
    const lines = await (await ctx.target()).jobs.logs(run.jobName, run.id);
    const text = [...lines, ...(run.errorMessage ? ['', `${run.state}: ${run.errorMessage}${run.errorLine !== undefined ? ` (script line ${run.errorLine})` : ''}`] : [])].join('\n');
    await docs.show(`${run.jobName}-${run.id}.log`, `${text}\n`);
    return text;
  };

  const showRunError = async (node?: ExplorerNode): Promise<void> => {
    const { run, scriptPath } = runOf(node);
    if (run.errorLine !== undefined) await openScript(run.jobName, run.errorLine, scriptPath);
    else await showRunLog(node);
  };

  return [
    command(ctx, 'lakehouse.job.run', 'Running the job', runJob),
    command(ctx, 'lakehouse.pipeline.run', 'Running the pipeline', runPipelineCommand),
    command(ctx, 'lakehouse.job.openScript', 'Opening the script', async (node?: ExplorerNode) => {
      if (node?.kind === 'run') return openScript(node.run.jobName, node.run.errorLine, node.scriptPath);
      const name = await jobOf(node);
      return name === undefined ? undefined : openScript(name, undefined, node?.kind === 'job' ? node.job.scriptPath : undefined);
    }),
    command(ctx, 'lakehouse.run.showLog', 'Showing the run log', showRunLog),
    command(ctx, 'lakehouse.run.showError', 'Showing the run error', showRunError),
  ];
}
