/** What commands print of their results: the zone report, a job run's line, a pipeline's progress and failure, query pages. */
import { runPipeline, type PipelineResult } from '../core/actions/pipeline';
import { LakehouseError } from '../core/errors';
import type { JobRun, QueryExecution, ResultPage } from '../core/model';
import type { Project } from '../core/project/manifest';
import type { ZoneReport } from '../core/report/zoneReport';
import type { Target } from '../core/target';
import { formatCount, textTable } from './format';
import { print, type Progress } from './session';

/** The zone report as a table; a table that could not be counted shows `error`, and its error below the table. */
export function printReport(report: ZoneReport, expected?: Record<string, number>): void {
  const headers = ['table', 'zone', 'rows', ...(expected ? ['expected', ''] : []), 'location'];
  const rows = report.tables.map((t) => {
    const exp = expected?.[t.table];
    return [
      `${t.database}.${t.table}`,
      t.zone ?? '-',
      t.rows === null ? 'error' : formatCount(t.rows),
      ...(expected ? [exp !== undefined ? formatCount(exp) : '-', exp === undefined ? '' : exp === t.rows ? 'ok' : 'MISMATCH'] : []),
      t.location,
    ];
  });
  const errors = report.tables.filter((t) => t.error !== undefined).map((t) => `${t.database}.${t.table}: ${t.error}`);
  // a zone nested in a table's location: Athena reads its objects as the table's too (so does the local engine)
  const notes = report.tables
    .filter((t) => t.readsNested !== undefined)
    .map((t) => `note: ${t.database}.${t.table} also reads the objects of ${t.readsNested!.join(', ')}, nested under its location (Athena reads every object under a table's LOCATION)`);
  // a partitioned table counting 0 rows over objects: its partitions are not registered (Athena reads only those)
  const hints = report.tables.filter((t) => t.hint !== undefined).map((t) => `note: ${t.hint}`);
  const below = [...errors, ...notes, ...hints];
  print(`${textTable(headers, rows, { rightAlign: headers.map((h) => h === 'rows' || h === 'expected') })}\n${below.length > 0 ? `\n${below.join('\n')}\n` : ''}`);
}

/**
 * `succeeded in 1 s — …`. The time is what the target measured: the local engine's wall time (to the hundredth of a
 * second); Glue's GetJobRun ExecutionTime, whole seconds ("Number (integer)… in seconds", API reference), as Glue
 * gives it — none when Glue gave none.
 */
export function runLine(run: JobRun, kind: Target['kind']): string {
  // (no rows read: a job without a sink; no counts at all: Glue's GetJobRun reports none, so AWS runs say none)
  const counts = [
    ...(run.rowsRead !== undefined ? [`${formatCount(run.rowsRead)} read`] : []),
    ...(run.rowsWritten !== undefined ? [`${formatCount(run.rowsWritten)} written`] : []),
  ].join(', ');
  const rows = run.state === 'SUCCEEDED' ? counts : (run.errorMessage ?? '');
  const time = kind === 'aws' ? (run.executionTime !== undefined ? ` in ${run.executionTime} s` : '') : ` in ${(run.executionTime ?? 0).toFixed(2)} s`;
  return `${run.state.toLowerCase()}${time}${rows ? ` — ${rows}` : ''}`;
}

export async function pipelineWithProgress(project: Project, target: Target, progress: Progress, jobs?: string[], signal?: AbortSignal): Promise<PipelineResult> {
  const result = await runPipeline(project, target, {
    ...(jobs ? { jobs } : {}),
    ...(signal ? { signal } : {}),
    onEvent: (e) => {
      if (e.phase === 'started') progress.info(`• job ${e.index + 1}/${e.total} ${e.job}…`);
      else if (e.phase === 'finished' && e.run) progress.info(`  ${runLine(e.run, target.kind)}`);
      else if (e.phase === 'skipped') progress.info(`  ${e.job}: ${e.reason === 'interrupted' ? 'not started (the run was interrupted)' : 'skipped (an earlier job did not succeed)'}`);
    },
    // before the first job: what a re-run duplicates, what two jobs write (printed even with -q)
    onWarning: (w) => progress.warn(`warning: ${w.file}:${w.line}: ${w.message}`),
  });
  // nothing to run is not a success to pass over in silence: say where the scripts were looked for
  if (result.order.length === 0 && !jobs)
    progress.warn(`warning: no job ran: the scripts folder ${project.manifest.scripts}/ holds no .py script (lakehouse.json "scripts", a job per script)`);
  return result;
}

export function failedRun(result: PipelineResult): LakehouseError | undefined {
  const bad = result.runs.find((r) => r.state !== 'SUCCEEDED');
  if (!bad) return undefined;
  return new LakehouseError('InvalidInput', `job ${bad.jobName} ${bad.state.toLowerCase()}: ${bad.errorMessage ?? ''} (lakehouse logs ${bad.jobName})`, { object: bad.jobName });
}

/** What an interrupted pipeline did: the job it stopped (if any) and the jobs it did not start. */
export function interruptedRun(result: PipelineResult): LakehouseError {
  const last = result.runs[result.runs.length - 1];
  const parts: string[] = [];
  if (!last) parts.push('no job was started');
  else if (last.state === 'STOPPED') parts.push(`job ${last.jobName} was stopped`);
  else if (last.state !== 'SUCCEEDED') parts.push(`job ${last.jobName} ${last.state.toLowerCase()}: ${last.errorMessage ?? ''} (lakehouse logs ${last.jobName})`);
  else parts.push(`${result.runs.length} job(s) ran`);
  if (result.skipped.length > 0) parts.push(`not started: ${result.skipped.join(', ')}`);
  return new LakehouseError('Cancelled', `interrupted: ${parts.join('; ')}`, last ? { object: last.jobName } : {});
}

export async function queryAll(target: Target, exec: QueryExecution, onPage: (p: ResultPage) => boolean): Promise<void> {
  let token: string | undefined;
  do {
    const page = await target.queries.page(exec.id, { maxRows: 10_000, ...(token ? { pageToken: token } : {}) });
    if (!onPage(page)) return;
    token = page.nextPageToken;
  } while (token);
}

