/**
 * The pipeline: the project's jobs in the order their sources and sinks imply (src/core/jobs/pipeline.ts), run
 * one after another on a target, stopping at the first job that does not succeed.
 */
import * as path from 'node:path';
import { LakehouseError } from '../errors';
import type { JobPlan } from '../jobs/plan';
import { duplicatingSinks, planPurgeRefusals, scriptPurgeRefusals } from '../jobs/outputChecks';
import { orderJobs, sharedOutputs, type PipelineEdge, type SharedOutput } from '../jobs/pipeline';
import { readGlueScript } from '../jobs/script';
import type { CatalogTable, JobRun } from '../model';
import { jobDefinition, projectFiles, type Project } from '../project/manifest';
import type { Target } from '../target';

export interface ProjectJob {
  name: string;
  scriptPath: string;
  plan: JobPlan;
}

/** A script that could not be read into a plan (a syntax error, a construct the runner refuses). */
export interface UnreadableJob {
  name: string;
  scriptPath: string;
  error: unknown;
}

/**
 * Every script of the project read into its plan (after `${variable}` expansion). A script with a purge refused on
 * every target (outputChecks.ts: a bucket's root, a landing zone, the scripts' folder) is unreadable, with that as
 * its error, whether or not the local runner reads the rest of it.
 */
export async function projectJobs(project: Project): Promise<{ jobs: ProjectJob[]; unreadable: UnreadableJob[] }> {
  const files = await projectFiles(project, 'scripts');
  const jobs: ProjectJob[] = [];
  const unreadable: UnreadableJob[] = [];
  const refusal = (scriptPath: string, r: { line: number; column: number; path: string; message: string }) =>
    new LakehouseError('ScriptUnsupported', `${scriptPath}:${r.line}:${r.column}: ${r.message}`, { file: scriptPath, line: r.line, column: r.column, object: r.path });
  for (const f of files) {
    const scriptPath = path.relative(project.root, f.path);
    const def = jobDefinition(project.manifest, scriptPath);
    try {
      // Glue passes the job's name as --JOB_NAME, as the local run does (targets/local: plan)
      const plan = await readGlueScript(f.text, scriptPath, { arguments: { '--JOB_NAME': def.name, ...def.defaultArguments } });
      const [refused] = planPurgeRefusals(plan, project.manifest);
      if (refused) unreadable.push({ name: def.name, scriptPath, error: refusal(scriptPath, refused) });
      else jobs.push({ name: def.name, scriptPath, plan });
    } catch (error) {
      const [refused] = (await scriptPurgeRefusals(f.text, project.manifest).catch(() => ({ refused: [] }))).refused;
      unreadable.push({ name: def.name, scriptPath, error: refused ? refusal(scriptPath, refused) : error });
    }
  }
  return { jobs, unreadable };
}

/** Something a run should know before it starts: `file:line: message`. */
export interface PipelineWarning {
  kind: 'rerun-duplicates' | 'shared-output';
  job: string;
  file: string;
  line: number;
  message: string;
}

/**
 * The warnings about what the jobs' output does: sinks a re-run makes write their rows again (no purge of their
 * path before them), and tables two jobs write (on the sink of the one that runs later).
 */
export function pipelineWarnings(jobs: ProjectJob[], tables: CatalogTable[], order: string[]): PipelineWarning[] {
  const out: PipelineWarning[] = [];
  for (const j of jobs)
    for (const d of duplicatingSinks(j.plan, tables)) out.push({ kind: 'rerun-duplicates', job: j.name, file: j.scriptPath, line: d.line, message: d.message });
  for (const s of sharedOutputs(jobs, tables, order)) out.push({ kind: 'shared-output', job: s.later.job, file: s.later.file, line: s.later.line, message: sharedOutputMessage(s) });
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

/** The warning on the later sink of a table two jobs write. */
export function sharedOutputMessage(s: SharedOutput): string {
  return `job ${s.earlier.job} writes ${s.via} too (${s.earlier.file}:${s.earlier.line}), and runs before this one: both add their rows there (Glue's sinks add files), so the table holds the rows of both — write another table, or make one job purge it first`;
}

async function catalogTables(target: Target, plans: JobPlan[], defaultDb: string): Promise<CatalogTable[]> {
  const dbs = new Set([defaultDb]);
  for (const p of plans) {
    for (const n of p.nodes) if (n.kind === 'catalogSource') dbs.add(n.database.toLowerCase());
    for (const s of p.sinks) {
      if (s.kind === 'catalog') dbs.add(s.database.toLowerCase());
      else if (s.catalog) dbs.add(s.catalog.database.toLowerCase());
    }
  }
  const out: CatalogTable[] = [];
  for (const db of dbs) if (await target.catalog.database(db)) out.push(...(await target.catalog.tables(db)));
  return out;
}

export interface PipelineGraph {
  jobs: ProjectJob[];
  /** scripts left out of the graph because they could not be read */
  unreadable: UnreadableJob[];
  order: string[];
  edges: PipelineEdge[];
  /** tables (or paths) two jobs write */
  sharedOutputs: SharedOutput[];
  /** what a run should know first: sinks a re-run duplicates, tables two jobs write */
  warnings: PipelineWarning[];
}

export async function pipelineGraph(project: Project, target: Target): Promise<PipelineGraph> {
  const { jobs, unreadable } = await projectJobs(project);
  const tables = await catalogTables(target, jobs.map((j) => j.plan), project.manifest.database);
  const { order, edges } = orderJobs(jobs, tables);
  return { jobs, unreadable, order, edges, sharedOutputs: sharedOutputs(jobs, tables, order), warnings: pipelineWarnings(jobs, tables, order) };
}

export interface PipelineEvent {
  job: string;
  index: number;
  total: number;
  phase: 'started' | 'finished' | 'skipped';
  run?: JobRun;
  /** why a job was skipped: an earlier job did not succeed, or the signal aborted before it started */
  reason?: 'failed' | 'interrupted';
}

export interface PipelineResult {
  order: string[];
  runs: JobRun[];
  /** jobs not started, because an earlier one did not succeed or the run was interrupted */
  skipped: string[];
  /** the signal aborted (the pipeline was interrupted) before the last job finished */
  interrupted: boolean;
  /** every job ran and succeeded */
  ok: boolean;
}

/** Runs the given jobs (default: all) in pipeline order. */
export async function runPipeline(
  project: Project,
  target: Target,
  options: { jobs?: string[]; signal?: AbortSignal; onEvent?: (e: PipelineEvent) => void; onWarning?: (w: PipelineWarning) => void } = {},
): Promise<PipelineResult> {
  // an engine that can open itself in the background does so while the scripts are read
  void target.queries.warm?.({ for: 'jobs' });
  const graph = await pipelineGraph(project, target);
  const known = [...graph.order, ...graph.unreadable.map((u) => u.name)].sort();
  const wanted = options.jobs && options.jobs.length > 0 ? options.jobs : known;
  for (const j of wanted)
    if (!known.includes(j)) throw new LakehouseError('EntityNotFound', `Job ${j} not found: the jobs are ${known.join(', ') || 'none'} (scripts in ${project.manifest.scripts}/)`, { object: j });
  // a script that cannot run is refused before any job runs
  const refused = graph.unreadable.find((u) => wanted.includes(u.name));
  if (refused) {
    // recorded as the job's latest run (FAILED, the refusal its error and log): `jobs` and `logs` show this attempt,
    // not the run before it
    await target.jobs.recordRefusal?.(refused.name, refused.error).catch(() => undefined);
    throw refused.error;
  }
  const order = graph.order.filter((j) => wanted.includes(j));
  for (const w of graph.warnings) if (order.includes(w.job)) options.onWarning?.(w);
  const result: PipelineResult = { order, runs: [], skipped: [], interrupted: false, ok: true };
  for (const [index, job] of order.entries()) {
    if (options.signal?.aborted) {
      result.interrupted = true;
      result.ok = false;
    }
    if (!result.ok) {
      result.skipped.push(job);
      options.onEvent?.({ job, index, total: order.length, phase: 'skipped', reason: result.interrupted ? 'interrupted' : 'failed' });
      continue;
    }
    options.onEvent?.({ job, index, total: order.length, phase: 'started' });
    const started = await target.jobs.start(job);
    const run = await waitOrStop(target, job, started.id, options.signal);
    result.runs.push(run);
    options.onEvent?.({ job, index, total: order.length, phase: 'finished', run });
    if (run.state !== 'SUCCEEDED') result.ok = false;
    if (options.signal?.aborted) result.interrupted = true;
  }
  return result;
}

/**
 * Waits for a run; when `signal` aborts, stops the run (Glue's BatchStopJobRun, or the local runner's cancel) and
 * waits for its final state, so an interrupted pipeline never leaves a job running behind it.
 */
async function waitOrStop(target: Target, job: string, runId: string, signal?: AbortSignal): Promise<JobRun> {
  if (!signal) return target.jobs.wait(job, runId);
  const stop = () => void target.jobs.cancel(job, runId).catch(() => undefined);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  try {
    return await target.jobs.wait(job, runId);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
