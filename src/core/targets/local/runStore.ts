/**
 * Local job runs, recorded like Glue's JobRuns, and the one-run-per-job lock.
 *
 * ```
 * <root>/runs/<job>/<runId>.json   the run (JobRun), written atomically
 * <root>/runs/<job>/<runId>.log    its log lines
 * <root>/locks/<job>.lock          held while a run of the job executes (pid, runId, start time)
 * ```
 * `root` is the `.lakehouse` folder. Runs whose process died while RUNNING/STARTING are marked FAILED by
 * {@link RunStore.reconcile}, and a lock whose process is dead is taken over. Records are replaced atomically but
 * not fsynced: they are written right after a job's output, and the first fsync after a large write waits for
 * all of it to reach the disk (a power loss may lose the newest records; a killed process loses nothing).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import type { JobRun } from '../../model';
import { KeyedQueue, acquireLockFile, errnoCode, isProcessAlive, lockHolder, readJsonFile, writeError, writeFileAtomic, type LockInfo } from './fsutil';

export const RUN_ID_RE = /^jr_[0-9a-f]{64}$/;
export const DIED_MESSAGE = 'the process running the job ended during the run (killed or crashed)';

/** A new run id in Glue's form: `jr_` and 64 hex digits. */
export function newRunId(): string {
  return `jr_${randomBytes(32).toString('hex')}`;
}

/** Job names become file names: reject what a file system can't hold or could use to leave the runs folder. */
export function validateJobName(name: string): void {
  let problem: string | undefined;
  if (typeof name !== 'string' || name === '') problem = 'the name is empty';
  else if (Buffer.byteLength(name) > 200) problem = 'the name is longer than 200 bytes';
  else if (name.startsWith('.')) problem = 'the name starts with "."';
  // eslint-disable-next-line no-control-regex
  else if (/[/\\<>:"|?*\u0000-\u001f]/.test(name)) problem = 'the name contains a character that cannot be in a file name (/ \\ < > : " | ? * or a control character)';
  if (problem) throw new LakehouseError('InvalidInput', `invalid job name "${name}": ${problem}`, { object: String(name) });
}

function validateRunId(runId: string): void {
  if (typeof runId !== 'string' || !RUN_ID_RE.test(runId)) {
    throw new LakehouseError('InvalidInput', `invalid job run id "${runId}": expected jr_ followed by 64 hex digits`, { object: String(runId) });
  }
}

const ACTIVE_STATES = new Set(['RUNNING', 'STARTING']);
const STATES = new Set(['STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT']);

export class RunStore {
  private readonly queue = new KeyedQueue();

  /** @param root the `.lakehouse` folder */
  constructor(readonly root: string) {
    this.root = path.resolve(root);
  }

  private jobDir(jobName: string): string {
    validateJobName(jobName);
    return path.join(this.root, 'runs', jobName);
  }

  /** The run's record file. */
  runPath(jobName: string, runId: string): string {
    validateRunId(runId);
    return path.join(this.jobDir(jobName), `${runId}.json`);
  }

  /** The run's log file (may not exist yet). */
  logPath(jobName: string, runId: string): string {
    validateRunId(runId);
    return path.join(this.jobDir(jobName), `${runId}.log`);
  }

  lockPath(jobName: string): string {
    validateJobName(jobName);
    return path.join(this.root, 'locks', `${jobName}.lock`);
  }

  private async read(file: string): Promise<JobRun | undefined> {
    const run = await readJsonFile<JobRun | undefined>(file, undefined);
    if (run === undefined) return undefined;
    if (typeof run !== 'object' || run === null || typeof run.id !== 'string' || typeof run.jobName !== 'string' ||
      !STATES.has(run.state) || typeof run.startedOn !== 'string') {
      throw new LakehouseError('DataError', `${file}: not a job run (id, jobName, state and startedOn are required)`, { file });
    }
    if (run.dataQuality !== undefined && (!Array.isArray(run.dataQuality) || run.dataQuality.some((d) => typeof d !== 'object' || d === null || !Array.isArray(d.rules))))
      throw new LakehouseError('DataError', `${file}: dataQuality must be a list of evaluations, each with its rules`, { file });
    return run;
  }

  /** Records a new run; its id must be new. */
  async create(run: JobRun): Promise<JobRun> {
    const file = this.runPath(run.jobName, run.id);
    if (!STATES.has(run.state)) throw new LakehouseError('InvalidInput', `invalid job run state "${run.state}"`, { field: 'state' });
    return this.queue.run(file, async () => {
      try {
        await fs.access(file);
        throw new LakehouseError('AlreadyExists', `Job run ${run.id} of job ${run.jobName} already exists`, { object: run.id });
      } catch (e) {
        if (errnoCode(e) !== 'ENOENT') throw e;
      }
      const record = structuredClone(run);
      await writeFileAtomic(file, JSON.stringify(record, null, 2), { fsync: false });
      return record;
    });
  }

  /** Changes fields of a run (not its id or job) and returns the updated run. */
  async update(jobName: string, runId: string, patch: Partial<JobRun>): Promise<JobRun> {
    const file = this.runPath(jobName, runId);
    if (patch.state !== undefined && !STATES.has(patch.state)) {
      throw new LakehouseError('InvalidInput', `invalid job run state "${patch.state}"`, { field: 'state' });
    }
    return this.queue.run(file, async () => {
      // another process (reconcile, a cancel from the CLI) may update the same run: lock the record
      const lock = await acquireLockFile(`${file}.lock`, { waitMs: 10_000, staleAfterMs: 60_000 });
      if (!lock.acquired) {
        throw new LakehouseError('InvalidInput', `job run ${runId} is locked by process ${lock.holder.pid} (${file}.lock)`, { file: `${file}.lock` });
      }
      try {
        const run = await this.read(file);
        if (!run) throw new LakehouseError('EntityNotFound', `Job run ${runId} of job ${jobName} not found`, { object: runId });
        const next: JobRun = { ...run, ...structuredClone(patch), id: run.id, jobName: run.jobName };
        for (const k of Object.keys(next) as (keyof JobRun)[]) if (next[k] === undefined) delete next[k];
        await writeFileAtomic(file, JSON.stringify(next, null, 2), { fsync: false });
        return next;
      } finally {
        await lock.release();
      }
    });
  }

  async get(jobName: string, runId: string): Promise<JobRun | undefined> {
    return this.read(this.runPath(jobName, runId));
  }

  /** The job's runs, newest first. */
  async list(jobName: string): Promise<JobRun[]> {
    const dir = this.jobDir(jobName);
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return [];
      throw e;
    }
    // read side by side: a job with a long history has many small records
    const read = await Promise.all(names.filter((name) => name.endsWith('.json') && RUN_ID_RE.test(name.slice(0, -5))).map((name) => this.read(path.join(dir, name))));
    const runs = read.filter((run): run is JobRun => run !== undefined);
    return runs.sort((a, b) => Date.parse(b.startedOn) - Date.parse(a.startedOn) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  /** Names of the jobs that have recorded runs. */
  async jobNames(): Promise<string[]> {
    try {
      const entries = await fs.readdir(path.join(this.root, 'runs'), { withFileTypes: true });
      return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return [];
      throw e;
    }
  }

  /** Appends a line to the run's log (a trailing newline is added; embedded newlines make several lines). */
  async appendLog(jobName: string, runId: string, line: string): Promise<void> {
    const file = this.logPath(jobName, runId);
    const text = line.endsWith('\n') ? line : `${line}\n`;
    try {
      await fs.appendFile(file, text, 'utf8');
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw writeError(e, file);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.appendFile(file, text, 'utf8').catch((again: unknown) => {
        throw writeError(again, file);
      });
    }
  }

  /** The run's log lines; a run without log has none; an unknown run is `EntityNotFound`. */
  async logs(jobName: string, runId: string): Promise<string[]> {
    const file = this.logPath(jobName, runId);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw e;
      if (!(await this.get(jobName, runId))) {
        throw new LakehouseError('EntityNotFound', `Job run ${runId} of job ${jobName} not found`, { object: runId });
      }
      return [];
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines;
  }

  /**
   * Takes the job's lock for a run: one run of a job at a time across processes. A live holder gives
   * `JobRunning`; a holder whose process is gone is taken over. Returns the release function.
   */
  async acquireJobLock(jobName: string, runId: string): Promise<() => Promise<void>> {
    validateRunId(runId);
    const file = this.lockPath(jobName);
    // a lock left by a dead process is taken over below: its run is failed first (see reconcile)
    const left = await lockHolder(file);
    if (left && !isProcessAlive(left.pid)) await this.failOrphanOf(jobName, left);
    const lock = await acquireLockFile(file, { waitMs: 0, info: { jobName, runId } });
    if (!lock.acquired) {
      const h = lock.holder;
      const run = typeof h.runId === 'string' ? h.runId : 'unknown';
      throw new LakehouseError(
        'JobRunning',
        `job ${jobName} is already running (run ${run} started ${h.acquiredOn}, process ${h.pid})`,
        { object: jobName },
      );
    }
    return lock.release;
  }

  /** The run holding the job's lock, if a live process holds it. */
  async runningRun(jobName: string): Promise<string | undefined> {
    const h = await lockHolder(this.lockPath(jobName));
    return h && isProcessAlive(h.pid) && typeof h.runId === 'string' ? h.runId : undefined;
  }

  /**
   * Marks the run FAILED (completedOn: now) if it is still RUNNING/STARTING and its process no longer exists;
   * returns the updated run then, otherwise undefined.
   */
  async failIfOrphaned(jobName: string, runId: string): Promise<JobRun | undefined> {
    const run = await this.get(jobName, runId);
    if (!run || !ACTIVE_STATES.has(run.state) || run.pid === undefined || isProcessAlive(run.pid)) return undefined;
    const completedOn = new Date().toISOString();
    const updated = await this.update(jobName, runId, { state: 'FAILED', errorMessage: DIED_MESSAGE, completedOn });
    await this.appendLog(jobName, runId, `${completedOn} ERROR ${DIED_MESSAGE}`);
    return updated;
  }

  /**
   * Marks runs left RUNNING/STARTING by a process that no longer exists as FAILED and removes the job locks of
   * dead processes. Returns the runs it changed. Call when the target opens.
   *
   * A run holds its job's lock from before its record is written until after its final state is: a run left
   * behind by a dead process is the one named in a lock that process still holds. So only the locks are read, not
   * the history (which grows with every run). {@link acquireJobLock} does the same for a lock it takes over.
   */
  async reconcile(): Promise<JobRun[]> {
    const changed: JobRun[] = [];
    let locks: string[] = [];
    try {
      locks = await fs.readdir(path.join(this.root, 'locks'));
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw e;
    }
    for (const name of locks) {
      if (!name.endsWith('.lock')) continue;
      const file = path.join(this.root, 'locks', name);
      const h = await lockHolder(file);
      if (!h || isProcessAlive(h.pid)) continue;
      const orphan = await this.failOrphanOf(name.slice(0, -'.lock'.length), h);
      if (orphan) changed.push(orphan);
      // take it over and let go: the same stale-lock logic as acquire, without racing a new holder
      const lock = await acquireLockFile(file, { waitMs: 0 });
      if (lock.acquired) await lock.release();
    }
    return changed;
  }

  /** The run a dead process's job lock names, failed if it was left running. */
  private async failOrphanOf(jobName: string, holder: LockInfo): Promise<JobRun | undefined> {
    const runId = holder['runId'];
    try {
      validateJobName(jobName);
      if (typeof runId !== 'string') return undefined;
      validateRunId(runId);
    } catch {
      return undefined; // not a job's lock
    }
    return this.failIfOrphaned(jobName, runId);
  }
}
