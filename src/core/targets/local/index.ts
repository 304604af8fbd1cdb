/**
 * The local target: a lakehouse on this machine, under the project's `.lakehouse/` folder — S3 objects as files,
 * the Glue catalog as a JSON file, DuckDB as Athena, and Glue jobs run by reading their scripts.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError, errorMessage, isLakehouseError } from '../../errors';
import { refuseDangerousPurges } from '../../jobs/outputChecks';
import { persistentPlanStore, readGlueScript, usePersistentPlans } from '../../jobs/script';
import type { JobPlan } from '../../jobs/plan';

/** the frames whose field names one run may learn from the data before it runs (plan.ts FieldsPending) */
const MAX_LEARNT_FRAMES = 16;
import type { DataQualityEvaluation, JobDefinition, JobRun } from '../../model';
import { expandVariables, manifestVariables, projectJobDefinitions, readProjectFile, type Project } from '../../project/manifest';
import type { JobService, Target } from '../../target';
import { LocalCatalog } from './catalog';
import { DataLocks } from './dataLocks';
import { LocalQueryEngine } from './engine';
import { isProcessAlive } from './fsutil';
import { learnFrameFields, runPlan, type RunContext } from './jobRunner';
import type { KnownField } from '../../jobs/planBuilder';
import { sweepLeftovers } from './leftovers';
import { defaultMemoryLimit, duckDbMemoryLimit, parseMemoryLimit } from './memoryLimit';
import type { PreviewDeps } from './preview';
import { bucketNameProblem, parseS3Uri } from './objectKeys';
import { LocalObjectStore } from './objectStore';
import { OutputCommitter } from './outputCommit';
import { BUILD_ID, PlanStore, sharedStoreFile } from './planStore';
import { RunStore, newRunId } from './runStore';

export interface LocalTargetOptions {
  /** the data folder; default `<project>/.lakehouse` */
  dataDir?: string;
  /** DuckDB threads (default: all cores) */
  threads?: number;
  /**
   * How much memory the engine may use before it spills to `<data>/tmp`, as a user writes it (`2GB`, `1.5GiB`, `40%`:
   * memoryLimit.ts); default: half the machine's memory (DEFAULT_MEMORY_SHARE). A value it cannot read is refused.
   */
  memoryLimit?: string;
  /** bytes of JSON and text files kept parsed in memory once read again (default 128 MiB; 0: none) */
  tableCacheBytes?: number;
  /**
   * The build of the code reading job scripts and translating SQL, for the plans and translations kept in
   * `<data>/cache/` (planStore.ts, translationCache.ts). Default: the bundle's build id; run from source there is
   * none, and nothing is kept (tests give one to test the stores).
   */
  planBuild?: string;
  /**
   * A folder of the user's, outside every project, for the plans and translations that hold for any project (keyed
   * by everything they depend on; one file per build): asked when the data folder's caches have nothing for a key
   * (planStore.ts, translationCache.ts). The CLI gives its user cache folder; default: none.
   */
  sharedCacheDir?: string;
  /** job runs count the rows of every node of the plan and record them with the run (JobRun.nodeRows: the editor's counts) */
  recordNodeRows?: boolean;
}

export const DEFAULT_DATA_DIR = '.lakehouse';

/**
 * The data folder at its default place, `<project>/.lakehouse`, is part of the project's folder: a link there to a
 * folder outside the project (a project can ship one: git keeps links) would have every CTAS, UNLOAD and job output
 * written outside it. It is refused; a data folder elsewhere is given as such (`--data-dir`, the
 * `lakehouse.local.dataFolder` setting), which is the user's choice, not the project's.
 */
async function refuseProjectDataLink(root: string, dataDir: string): Promise<void> {
  if (dataDir !== path.resolve(root, DEFAULT_DATA_DIR)) return;
  let real: string;
  try {
    if (!(await fs.lstat(dataDir)).isSymbolicLink()) return;
    real = await fs.realpath(dataDir);
  } catch {
    return; // no such folder yet, or a dangling link: mkdir below fails on the latter, naming it
  }
  const rel = path.relative(await fs.realpath(root), real);
  if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return;
  throw new LakehouseError(
    'InvalidInput',
    `${dataDir} leads outside the project (to ${real}): the project's data folder is not followed out of its folder; to keep the data elsewhere, name that folder: --data-dir ${real} (CLI) or the lakehouse.local.dataFolder setting (VS Code)`,
    { file: dataDir },
  );
}

export class LocalTarget implements Target {
  readonly kind = 'local' as const;
  readonly label = 'Local (embedded)';
  readonly storage: LocalObjectStore;
  readonly catalog: LocalCatalog;
  readonly queries: LocalQueryEngine;
  readonly jobs: LocalJobService;
  readonly runs: RunStore;
  /** shared and exclusive locks on locations, across processes (dataLocks.ts) */
  readonly locks: DataLocks;
  /** how output reaches the lake: all together or not at all (outputCommit.ts) */
  readonly committer: OutputCommitter;
  /** job plans kept in the data folder, when this build has an id */
  private readonly plans: PlanStore | undefined;
  /** the engine's memory limit in bytes (see LocalTargetOptions.memoryLimit) */
  readonly memoryLimit: number;
  /** what previews of a job's nodes need (preview.ts) */
  readonly preview: PreviewDeps;

  private constructor(
    readonly project: Project,
    readonly dataDir: string,
    options: LocalTargetOptions,
  ) {
    this.memoryLimit = options.memoryLimit !== undefined ? parseMemoryLimit(options.memoryLimit) : defaultMemoryLimit();
    const build = options.planBuild ?? BUILD_ID;
    const shared = options.sharedCacheDir;
    this.plans =
      build !== undefined
        ? new PlanStore(path.join(dataDir, 'cache', 'plans.bin'), build, shared !== undefined ? new PlanStore(sharedStoreFile(shared, 'plans', build), build, undefined, { userCache: true }) : undefined)
        : undefined;
    this.storage = new LocalObjectStore(path.join(dataDir, 's3'));
    this.catalog = new LocalCatalog(path.join(dataDir, 'catalog.json'));
    this.runs = new RunStore(dataDir);
    const localPath = (location: string) => {
      const { bucket, prefix } = parseS3Uri(location);
      return this.storage.prefixPath(bucket, prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`);
    };
    // a writer that died holding its lock: its commit is finished (or undone) before anyone reads its locations
    this.locks = new DataLocks(path.join(dataDir, 'locks', 'data'), async (id) => {
      await this.committer.recoverOne(id);
    });
    this.committer = new OutputCommitter({
      storeRoot: this.storage.root,
      localPath,
      createBucket: (bucket) => this.storage.createBucket(bucket),
      catalog: this.catalog,
      locks: this.locks,
      journalDir: path.join(dataDir, 'commits'),
    });
    this.queries = new LocalQueryEngine({
      catalog: this.catalog,
      dataDir,
      localPath,
      locationOf: (file) => {
        const rel = path.relative(this.storage.root, file);
        return rel.startsWith('..') ? file : `s3://${rel.split(path.sep).join('/')}`;
      },
      commit: (request) => this.committer.commit(request),
      readLease: (locations, options) => this.locks.read(locations, options),
      defaultTableLocation: (database, table) => `s3://${project.manifest.bucket}/tables/${database}/${table}/`,
      engine: {
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
        memoryLimit: duckDbMemoryLimit(this.memoryLimit),
      },
      ...(options.tableCacheBytes !== undefined ? { tableCacheBytes: options.tableCacheBytes } : {}),
      translationBuild: build,
      ...(shared !== undefined ? { sharedCacheDir: shared } : {}),
    });
    this.jobs = new LocalJobService(this, localPath, options.recordNodeRows === true);
    this.preview = { engine: this.queries, catalog: this.catalog, localPath, glueVersion: project.manifest.glue.glueVersion };
  }

  /**
   * Opens the target, repairing what a killed process left: commits cut short (finished, or undone when their
   * staged output is incomplete), locks and runs of dead processes, and their leftovers (staging, scratch files).
   */
  static async open(project: Project, options: LocalTargetOptions = {}): Promise<LocalTarget> {
    const dataDir = path.resolve(project.root, options.dataDir ?? DEFAULT_DATA_DIR);
    await refuseProjectDataLink(project.root, dataDir);
    await fs.mkdir(dataDir, { recursive: true });
    const target = new LocalTarget(project, dataDir, options);
    // (an earlier version's replace journals, then this one's commits)
    await target.storage.recover();
    await target.locks.sweep();
    await target.committer.recover();
    await target.runs.reconcile();
    await sweepLeftovers(dataDir);
    // scripts read from now on are kept in this target's data folder
    if (target.plans) usePersistentPlans(target.plans);
    return target;
  }

  async close(): Promise<void> {
    await this.jobs.stopAll();
    await this.queries.close();
    await this.committer.settle();
    if (this.plans) {
      if (persistentPlanStore() === this.plans) usePersistentPlans(undefined);
      await this.plans.settle();
    }
  }
}

interface ActiveRun {
  controller: AbortController;
  done: Promise<JobRun>;
}

/** Glue jobs, locally: one job per script in the project's scripts folder, run in this process. */
export class LocalJobService implements JobService {
  private readonly active = new Map<string, ActiveRun>();

  constructor(
    private readonly target: LocalTarget,
    private readonly localPath: (location: string) => string,
    private readonly recordNodeRows = false,
  ) {}

  private get project(): Project {
    return this.target.project;
  }

  async jobs(): Promise<JobDefinition[]> {
    return projectJobDefinitions(this.project);
  }

  async job(jobName: string): Promise<JobDefinition> {
    const all = await this.jobs();
    const def = all.find((j) => j.name === jobName);
    if (!def)
      throw new LakehouseError(
        'EntityNotFound',
        `Job ${jobName} not found: the jobs are the scripts in ${this.project.manifest.scripts}/ (${all.map((j) => j.name).join(', ') || 'none'})`,
        { object: jobName },
      );
    return def;
  }

  /**
   * The job's plan, read from its script after `${variable}` expansion. Refused before anything runs: a purge no
   * target runs (outputChecks.ts), and job bookmarks, which the local runner does not keep (with them Glue reads
   * only what is new since the last run; here a re-run would read and write everything again).
   */
  async plan(jobName: string, args?: Record<string, string>, learn?: RunContext): Promise<JobPlan> {
    const def = await this.job(jobName);
    const file = path.resolve(this.project.root, def.scriptPath);
    const text = expandVariables(await readProjectFile(this.project.root, file), manifestVariables(this.project.manifest), def.scriptPath);
    // Glue passes the job's name as --JOB_NAME (args["JOB_NAME"])
    const all: Record<string, string> = { '--JOB_NAME': def.name, ...def.defaultArguments, ...args };
    const bookmarks = all['--job-bookmark-option'];
    if (bookmarks !== undefined && bookmarks !== 'job-bookmark-disable')
      throw new LakehouseError(
        'ScriptUnsupported',
        `job ${jobName}: --job-bookmark-option ${bookmarks} cannot run on the local engine, which keeps no job bookmarks (Glue would read only the files new since the last run; here every run reads them all): set it to job-bookmark-disable in lakehouse.json's glue.defaultArguments to run the job locally`,
        { object: jobName, field: 'glue.defaultArguments' },
      );
    let plan = await readGlueScript(text, def.scriptPath, { arguments: all });
    // a script that computes with a frame's field names (a loop over df.columns, `x in df.columns`): Glue learns them
    // from the data; so does the run, building the frames the script made before, and the script is read again with
    // them — once per frame whose names it needs (FieldsPending, plan.ts)
    const fields: Record<string, KnownField[]> = {};
    while (learn !== undefined && plan.fieldsPending !== undefined) {
      const p = plan.fieldsPending;
      if (fields[p.key] !== undefined || Object.keys(fields).length >= MAX_LEARNT_FRAMES)
        throw new LakehouseError('ScriptUnsupported', `${def.scriptPath}:${p.line}:${p.column}: ${p.construct} cannot run on the local engine: the script needs the field names of more than ${MAX_LEARNT_FRAMES} frames, each learnt from the data by a run of its own; compute with fewer`, { file: def.scriptPath, line: p.line, column: p.column });
      fields[p.key] = await learnFrameFields(p.upTo, p.frame, learn);
      // the frame by the line that made it (its id is the plan's: `df@19:10#2` for a step of a chain, plan.ts)
      const made = p.upTo.nodes.find((n) => n.id === p.frame);
      learn.log(`the fields of ${made ? `the frame made at line ${made.line}` : p.frame}, which ${p.construct} (line ${p.line}) reads, learnt from the data before the run: ${fields[p.key]!.map((f) => f.name).join(', ') || '(none)'}`);
      plan = await readGlueScript(text, def.scriptPath, { arguments: all, fields });
    }
    refuseDangerousPurges(plan, this.project.manifest);
    refuseImpossibleBuckets(plan);
    return plan;
  }

  /**
   * A sink to a bucket that does not exist: S3 answers NoSuchBucket ("The specified bucket does not exist", S3's
   * error responses) and the write fails on Glue — Glue creates no bucket. Refused before anything runs, at the
   * sink's line, unless the bucket is one lakehouse.json declares (`bucket`, athena.outputLocation's: deploy and
   * upload make them) or one the local store has.
   */
  private async refuseMissingBuckets(plan: JobPlan): Promise<void> {
    const m = this.project.manifest;
    const declared = new Set([m.bucket, parseS3Uri(m.athena.outputLocation).bucket]);
    let existing: Set<string> | undefined;
    for (const sink of plan.sinks) {
      // (a from_catalog sink writes its table's location)
      const location = sink.kind === 's3' ? sink.path : (await this.target.catalog.table(sink.database, sink.table))?.storage.location;
      if (location === undefined) continue;
      const bucket = /^s3[an]?:\/\/([^/]+)/.exec(location)?.[1];
      if (bucket === undefined || declared.has(bucket)) continue;
      existing ??= new Set((await this.target.storage.listBuckets()).map((b) => b.name));
      if (existing.has(bucket)) continue;
      throw new LakehouseError(
        'NoSuchBucket',
        `${plan.file}:${sink.line}: the sink writes to ${location}${sink.kind === 'catalog' ? ` (table ${sink.database}.${sink.table})` : ''}, whose bucket "${bucket}" does not exist: S3 answers NoSuchBucket ("The specified bucket does not exist") and the write fails on Glue too, which creates no bucket — create the bucket, or write to the project's bucket "${m.bucket}"`,
        { file: plan.file, line: sink.line, object: location },
      );
    }
    // Relationalize stages its pivoted tables under its staging path ("Pivoted tables are read back from this path",
    // the Relationalize class), in the same S3
    for (const node of plan.nodes) {
      if (node.kind !== 'relationalize' || node.stagingPath === undefined) continue;
      const bucket = /^s3[an]?:\/\/([^/]+)/.exec(node.stagingPath)?.[1];
      if (bucket === undefined || declared.has(bucket)) continue;
      existing ??= new Set((await this.target.storage.listBuckets()).map((b) => b.name));
      if (existing.has(bucket)) continue;
      throw new LakehouseError(
        'NoSuchBucket',
        `${plan.file}:${node.line}: ${node.construct} stages its pivoted tables under ${node.stagingPath} ("Pivoted tables are read back from this path"), whose bucket "${bucket}" does not exist: S3 answers NoSuchBucket ("The specified bucket does not exist") to Glue's writes there, and Glue creates no bucket — create the bucket, or stage under the project's bucket "${m.bucket}"`,
        { file: plan.file, line: node.line, object: node.stagingPath },
      );
    }
  }

  async start(jobName: string, options: { arguments?: Record<string, string> } = {}): Promise<JobRun> {
    const definition = await this.job(jobName);
    const runs = this.target.runs;
    const id = newRunId();
    const release = await runs.acquireJobLock(jobName, id);
    let run: JobRun;
    try {
      run = await runs.create({
        id,
        jobName,
        state: 'RUNNING',
        startedOn: new Date().toISOString(),
        pid: process.pid,
        ...(options.arguments ? { arguments: options.arguments } : {}),
      });
    } catch (e) {
      await release();
      throw e;
    }
    const controller = new AbortController();
    // appends one after another: lines logged in a row (a printSchema block) stay in their order in the file; the
    // lines logged while an append is under way go in the next one together (one open, write and close for them all)
    let appended: Promise<unknown> = Promise.resolve();
    let queued: string[] = [];
    const log = (level: string, line: string) => {
      queued.push(`${new Date().toISOString()} ${level} ${line}`);
      if (queued.length === 1)
        appended = appended
          .then(() => {
            const lines = queued;
            queued = [];
            return runs.appendLog(jobName, id, lines.join('\n'));
          })
          .catch(() => undefined);
      return appended;
    };
    const started = performance.now();
    const done = (async (): Promise<JobRun> => {
      const pending: Promise<unknown>[] = [];
      // the Evaluate Data Quality nodes' results, recorded with the run whether it succeeds or fails
      const dataQuality: DataQualityEvaluation[] = [];
      let nodeRows: Record<string, number> | undefined;
      try {
        pending.push(log('INFO', `run ${id} of ${jobName} started (local engine)`));
        const ctx: RunContext = {
          engine: this.target.queries,
          catalog: this.target.catalog,
          localPath: this.localPath,
          what: `job ${jobName} (run ${id})`,
          log: (line) => pending.push(log('INFO', line)),
          tempDir: path.join(this.target.dataDir, 'tmp'),
          signal: controller.signal,
          dataQuality: (evaluation) => dataQuality.push(evaluation),
          ...(this.recordNodeRows ? { nodeRows: (rows: Record<string, number>) => (nodeRows = rows) } : {}),
          ...(definition.glueVersion ? { glueVersion: definition.glueVersion } : {}),
        };
        const plan = await this.plan(jobName, options.arguments, ctx);
        await this.refuseMissingBuckets(plan);
        const outcome = await runPlan(plan, ctx);
        await Promise.all(pending);
        // rows read are those the sinks' queries scan: a job without a sink (it prints, counts, evaluates data
        // quality) has no such figure
        const sinkless = outcome.sinks.length === 0;
        await log('INFO', sinkless ? 'run succeeded: the job has no sink, nothing was written' : `run succeeded: ${outcome.rowsRead} row(s) read, ${outcome.rowsWritten} row(s) written`);
        return await runs.update(jobName, id, {
          state: 'SUCCEEDED',
          completedOn: new Date().toISOString(),
          executionTime: Math.round((performance.now() - started) / 10) / 100,
          ...(sinkless ? {} : { rowsRead: outcome.rowsRead }),
          rowsWritten: outcome.rowsWritten,
          ...(dataQuality.length > 0 ? { dataQuality } : {}),
          ...(nodeRows !== undefined ? { nodeRows } : {}),
        });
      } catch (e) {
        await Promise.all(pending);
        const stopped = controller.signal.aborted || isLakehouseError(e, 'Cancelled');
        const message = stopped ? 'the job run was stopped' : errorMessage(e);
        await log(stopped ? 'WARN' : 'ERROR', message);
        const line = isLakehouseError(e) ? e.detail.line : undefined;
        return await runs.update(jobName, id, {
          state: stopped ? 'STOPPED' : 'FAILED',
          completedOn: new Date().toISOString(),
          executionTime: Math.round((performance.now() - started) / 10) / 100,
          errorMessage: message,
          ...(dataQuality.length > 0 ? { dataQuality } : {}),
          ...(line !== undefined && isLakehouseError(e) && e.detail.file === this.scriptPathOf(jobName) ? { errorLine: line } : {}),
        });
      } finally {
        await release();
        this.active.delete(id);
      }
    })();
    this.active.set(id, { controller, done });
    return run;
  }

  private scriptPathOf(jobName: string): string {
    return path.join(this.project.manifest.scripts, `${jobName.slice((this.project.manifest.glue.jobPrefix ?? '').length)}.py`);
  }

  async run(jobName: string, runId: string): Promise<JobRun | undefined> {
    return this.target.runs.get(jobName, runId);
  }

  async recordRefusal(jobName: string, error: unknown): Promise<JobRun> {
    const runs = this.target.runs;
    const id = newRunId();
    const release = await runs.acquireJobLock(jobName, id);
    try {
      const now = new Date().toISOString();
      const message = errorMessage(error);
      await runs.create({ id, jobName, state: 'RUNNING', startedOn: now, pid: process.pid });
      await runs.appendLog(jobName, id, `${now} INFO run ${id} of ${jobName} refused before it started (local engine): nothing was read or written`);
      await runs.appendLog(jobName, id, `${now} ERROR ${message}`);
      const line = isLakehouseError(error) ? error.detail.line : undefined;
      return await runs.update(jobName, id, {
        state: 'FAILED',
        completedOn: now,
        executionTime: 0,
        errorMessage: message,
        ...(line !== undefined && isLakehouseError(error) && error.detail.file === this.scriptPathOf(jobName) ? { errorLine: line } : {}),
      });
    } finally {
      await release();
    }
  }

  async runs(jobName: string, options: { limit?: number } = {}): Promise<JobRun[]> {
    const all = await this.target.runs.list(jobName);
    return options.limit !== undefined ? all.slice(0, options.limit) : all;
  }

  async wait(jobName: string, runId: string, options: { signal?: AbortSignal } = {}): Promise<JobRun> {
    const active = this.active.get(runId);
    if (active) {
      const onAbort = () => active.controller.abort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) onAbort();
      try {
        return await active.done;
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
      }
    }
    // a run of another process: poll its record
    for (;;) {
      const run = await this.target.runs.get(jobName, runId);
      if (!run) throw new LakehouseError('EntityNotFound', `Job run ${runId} of job ${jobName} not found`, { object: runId });
      if (run.state !== 'RUNNING' && run.state !== 'STARTING') return run;
      if (run.pid !== undefined && !isProcessAlive(run.pid)) {
        await this.target.runs.failIfOrphaned(jobName, runId);
        continue;
      }
      if (options.signal?.aborted) throw new LakehouseError('Cancelled', 'stopped waiting for the run');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async cancel(jobName: string, runId: string): Promise<void> {
    const active = this.active.get(runId);
    if (active) {
      active.controller.abort();
      await active.done;
      return;
    }
    const run = await this.target.runs.get(jobName, runId);
    if (run && (run.state === 'RUNNING' || run.state === 'STARTING'))
      throw new LakehouseError('InvalidInput', `run ${runId} of ${jobName} belongs to process ${run.pid}: stop it there`, { object: runId });
  }

  async logs(jobName: string, runId: string): Promise<string[]> {
    return this.target.runs.logs(jobName, runId);
  }

  /** Stops the runs of this process (the target is closing). */
  async stopAll(): Promise<void> {
    const all = [...this.active.values()];
    for (const a of all) a.controller.abort();
    await Promise.allSettled(all.map((a) => a.done));
  }
}

/**
 * A sink whose bucket S3 cannot have (`s3://TARGET_BUCKET_NAME/…`, a template's placeholder left in place): S3 refuses
 * the write, so the job fails on Glue too. Said before anything runs, at the sink's line (the store would otherwise
 * fail the run with a message naming no line).
 */
function refuseImpossibleBuckets(plan: JobPlan): void {
  for (const sink of plan.sinks) {
    if (sink.kind !== 's3') continue;
    const bucket = /^s3[an]?:\/\/([^/]*)/.exec(sink.path)?.[1];
    const problem = bucket === undefined ? undefined : bucketNameProblem(bucket);
    if (problem !== undefined)
      throw new LakehouseError('InvalidInput', `${plan.file}:${sink.line}: the sink writes to ${sink.path}, whose bucket "${bucket}" S3 cannot have (${problem}): the write fails, on Glue too`, {
        file: plan.file,
        line: sink.line,
        object: sink.path,
      });
  }
}
