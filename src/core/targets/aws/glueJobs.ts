/**
 * The AWS target's jobs: the project's Glue scripts as Glue jobs — deployed (script uploaded to S3, job created or
 * updated from lakehouse.json), run (StartJobRun, polled with backoff, stopped with BatchStopJobRun), and their
 * CloudWatch logs read or followed (`/aws-glue/jobs/output` and `/aws-glue/jobs/error`, stream = the run id).
 *
 * - The jobs are the project's: one per `*.py` in the scripts folder (as on the local target). Glue jobs of the
 *   account that are not the project's are not listed.
 * - Deployed scripts are the local scripts after `${variable}` expansion, so what Glue runs is what the local target
 *   runs; a deploy plan compares the two texts and the job settings before anything changes, and a deploy merges
 *   lakehouse.json's settings over what Glue has and leaves jobs the project did not create alone (./glueDeploy.ts).
 * - Waiting and following survive transient failures (throttling, 5xx, a dropped connection, a time-out): a poll
 *   that fails tries again with backoff, for {@link GlueJobServiceOptions.pollPatienceMs} — the run goes on in Glue
 *   either way, so giving up on the first error would only lose sight of it.
 * - CloudWatch delivers log events late (seconds after they were written): after a run ends, following keeps
 *   reading until no line has come for {@link GlueJobServiceOptions.logSettleMs} (./glueLogs.ts).
 * - Every SDK call goes through {@link AwsConnection.call}: failures become AwsErrors naming the IAM action and the job.
 */
import * as path from 'node:path';
import type { GlueClient, Job as GlueJob } from '@aws-sdk/client-glue';
import { LakehouseError, isLakehouseError } from '../../errors';
import type { JobDefinition, JobRun } from '../../model';
import { expandVariables, manifestVariables, projectJobDefinitions, readProjectFile, type Project } from '../../project/manifest';
import { duplicatingSinks, scriptPurgeRefusals } from '../../jobs/outputChecks';
import { readGlueScript } from '../../jobs/script';
import type { JobService, ObjectStore } from '../../target';
import { isAwsError, isTransientAwsError, type AwsCallContext, type AwsConnection } from './connection';
import {
  consoleDefaultArguments,
  jobChanges,
  jobOwner,
  putJob,
  requireDeployRole,
  tagJob,
  type DeployContext,
  type JobDeployPlan,
  type JobDeployResult,
  type OwnedJobFields,
} from './glueDeploy';
import { cancelledWaiting, logReader, settleLogs, sleep, type LogReader } from './glueLogs';
import { FINAL, jobRunLogLocation, toJobRun } from './glueRuns';

export { consoleDefaultArguments } from './glueDeploy';
export type { DeployAction, JobDeployPlan, JobDeployResult, SettingChange } from './glueDeploy';

export { ERROR_LOG_GROUP, OUTPUT_LOG_GROUP } from './glueLogs';
export { describeJobRun, isFinalJobRunState, jobRunLogLocation } from './glueRuns';

export interface GlueJobServiceOptions {
  /** polling of {@link GlueJobService.wait}: the first interval, growing ×`factor` (default 2) up to `max`; default 1 s → 15 s */
  pollMs?: { initial: number; max: number; factor?: number };
  /** how far back (ms) a tail re-reads to pick up events CloudWatch ingested late; default 5 s */
  tailLookbackMs?: number;
  /** for this long after a run ended, reading its log goes on until two reads bring nothing new (CloudWatch delivers late); default 10 s */
  logSettleMs?: number;
  /** how long polls keep trying through transient failures before giving up; default 5 minutes */
  pollPatienceMs?: number;
}

const BATCH_GET_JOBS = 25;
/** GetJobRuns' MaxResults: 1-200 (AWS Glue API reference, GetJobRuns) */
const GET_JOB_RUNS_MAX = 200;

function parseS3Location(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

export class GlueJobService implements JobService {
  private readonly poll: { initial: number; max: number; factor: number };
  private readonly lookbackMs: number;
  private readonly settleMs: number;
  private readonly patienceMs: number;
  /**
   * Runs asked to stop ({@link cancel}): waiting for them goes on after the command's cancellation (the CLI's Ctrl-C
   * aborts every call of its connection) until Glue says STOPPED, so an interrupted pipeline reports the run stopped.
   */
  private readonly stopping = new Set<string>();

  constructor(
    private readonly conn: AwsConnection,
    private readonly project: Project,
    private readonly storage: ObjectStore,
    options: GlueJobServiceOptions = {},
  ) {
    const p = options.pollMs ?? { initial: 1000, max: 15_000 };
    if (!(p.initial > 0) || !(p.max >= p.initial)) {
      throw new LakehouseError('InvalidInput', `job polling: initial (${p.initial} ms) must be positive and max (${p.max} ms) at least initial`, { field: 'pollMs' });
    }
    this.poll = { initial: p.initial, max: p.max, factor: p.factor ?? 2 };
    this.lookbackMs = options.tailLookbackMs ?? 5000;
    this.settleMs = options.logSettleMs ?? 10_000;
    this.patienceMs = options.pollPatienceMs ?? 5 * 60_000;
  }

  // ------------------------------------------------------------ SDK plumbing

  private async glue<T>(call: AwsCallContext, fn: (client: GlueClient, sdk: typeof import('@aws-sdk/client-glue')) => Promise<T>): Promise<T> {
    const [client, sdk] = await Promise.all([this.conn.glue(), import('@aws-sdk/client-glue')]);
    return this.conn.call(call, () => fn(client, sdk));
  }



  // ------------------------------------------------------------ the project's jobs

  private get manifest() {
    return this.project.manifest;
  }

  /** The project's jobs from its scripts folder (sorted), without Glue state. */
  private localJobs(): Promise<JobDefinition[]> {
    return projectJobDefinitions(this.project);
  }

  /** The Glue jobs of these names that exist (BatchGetJobs, a batch at a time). */
  private async deployedJobs(names: string[], signal?: AbortSignal): Promise<Map<string, GlueJob>> {
    const out = new Map<string, GlueJob>();
    for (let i = 0; i < names.length; i += BATCH_GET_JOBS) {
      const batch = names.slice(i, i + BATCH_GET_JOBS);
      const res = await this.glue({ action: 'glue:BatchGetJobs', resource: batch.length === 1 ? `job ${batch[0]}` : `jobs ${batch.join(', ')}` }, (c, { BatchGetJobsCommand }) =>
        c.send(new BatchGetJobsCommand({ JobNames: batch }), signal ? { abortSignal: signal } : {}),
      );
      for (const j of res.Jobs ?? []) if (j.Name) out.set(j.Name, j);
    }
    return out;
  }

  /** The project's jobs, each with `deployedScript` when a Glue job of its name exists. */
  async jobs(): Promise<JobDefinition[]> {
    const defs = await this.localJobs();
    if (defs.length === 0) return [];
    const deployed = await this.deployedJobs(defs.map((d) => d.name));
    return defs.map((d) => {
      const loc = deployed.get(d.name)?.Command?.ScriptLocation;
      return loc ? { ...d, deployedScript: loc } : d;
    });
  }

  /** `s3://<bucket>/<glue.scriptsPrefix><job>.py` (a prefix without a trailing `/` gets one). */
  scriptLocation(jobName: string): string {
    let prefix = this.manifest.glue.scriptsPrefix.replace(/^\/+/, '');
    if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
    return `s3://${this.manifest.bucket}/${prefix}${jobName}.py`;
  }

  /** The job's DefaultArguments as deployed: the console's defaults, then lakehouse.json's (global, then the job's). */
  defaultArguments(job: JobDefinition): Record<string, string> {
    return { ...consoleDefaultArguments(this.manifest.bucket), ...job.defaultArguments };
  }

  private async localScript(job: JobDefinition): Promise<string> {
    const file = path.resolve(this.project.root, job.scriptPath);
    return expandVariables(await readProjectFile(this.project.root, file), manifestVariables(this.manifest), job.scriptPath);
  }

  /** The text at a deployed job's script location; undefined when it is not an S3 object that exists. */
  private async deployedScript(location: string | undefined): Promise<string | undefined> {
    const loc = location ? parseS3Location(location) : undefined;
    if (!loc) return undefined;
    try {
      return (await this.storage.get(loc.bucket, loc.key)).toString('utf8');
    } catch (e) {
      if (isLakehouseError(e, 'NoSuchKey') || isLakehouseError(e, 'NoSuchBucket') || isLakehouseError(e, 'EntityNotFound')) return undefined;
      throw e;
    }
  }

  private selectJobs(all: JobDefinition[], names: string[] | undefined): JobDefinition[] {
    if (!names) return all;
    const unknown = names.filter((n) => !all.some((j) => j.name === n));
    if (unknown.length > 0) {
      throw new LakehouseError(
        'EntityNotFound',
        `no script for job ${unknown.join(', ')} in ${this.manifest.scripts}/ (the jobs are ${all.map((j) => j.name).join(', ') || 'none'})`,
        { object: unknown[0]! },
      );
    }
    return all.filter((j) => names.includes(j.name));
  }

  /** The fields of the job this project sets (role, script, Glue version, workers, timeout, default arguments). */
  private ownedFields(job: JobDefinition, role: string): OwnedJobFields {
    return {
      role,
      scriptLocation: this.scriptLocation(job.name),
      glueVersion: job.glueVersion ?? this.manifest.glue.glueVersion,
      workerType: job.workerType ?? this.manifest.glue.workerType,
      numberOfWorkers: job.numberOfWorkers ?? this.manifest.glue.numberOfWorkers,
      ...(job.timeout !== undefined ? { timeout: job.timeout } : {}),
      defaultArguments: this.defaultArguments(job),
    };
  }

  private deployContext(): DeployContext {
    return { conn: this.conn, projectName: this.manifest.name, role: this.manifest.glue.role, manifestPath: this.project.manifestPath };
  }

  /**
   * What a deploy would do to each job (all the project's jobs, or those named): the script diff, the settings
   * that change (with both values), and whose the job is — one this project did not create needs adopting.
   */
  async deployPlan(options: { jobs?: string[]; signal?: AbortSignal } = {}): Promise<JobDeployPlan[]> {
    return this.conn.withSignal(options.signal, async () => {
      const defs = this.selectJobs(await this.localJobs(), options.jobs);
      if (defs.length === 0) return [];
      const deployed = await this.deployedJobs(defs.map((d) => d.name));
      const ctx = this.deployContext();
      const account = deployed.size > 0 ? await this.account() : {};
      const role = this.manifest.glue.role ?? '';
      const plans: JobDeployPlan[] = [];
      for (const def of defs) {
        const localScriptText = await this.localScript(def);
        const scriptLocation = this.scriptLocation(def.name);
        const glue = deployed.get(def.name);
        const ours = this.ownedFields(def, role);
        const checks = await this.scriptChecks(def, localScriptText);
        if (!glue) {
          plans.push({ job: def, action: 'create', scriptChanged: true, localScriptText, settingsChanged: [], changes: [], scriptLocation, owner: 'new', needsAdoption: false, ...checks });
          continue;
        }
        const location = glue.Command?.ScriptLocation;
        const deployedScriptText = await this.deployedScript(location);
        const scriptChanged = deployedScriptText !== localScriptText;
        const changes = jobChanges(glue, ours);
        const { owner, detail } = await jobOwner(ctx, def.name, account);
        const action = scriptChanged || changes.length > 0 ? 'update' : 'unchanged';
        const warnings = [...checks.warnings];
        if (glue.CodeGenConfigurationNodes && Object.keys(glue.CodeGenConfigurationNodes).length > 0 && action === 'update')
          warnings.push(
            `job ${def.name} is a Glue Studio visual job: its graph is kept, but saving it in Glue Studio generates the script again from the graph, replacing the one deployed here`,
          );
        plans.push({
          job: { ...def, ...(location ? { deployedScript: location } : {}) },
          action,
          scriptChanged,
          ...(deployedScriptText !== undefined ? { deployedScriptText } : {}),
          localScriptText,
          settingsChanged: changes.map((c) => c.field),
          changes,
          scriptLocation,
          owner,
          ...(detail ? { ownerDetail: detail } : {}),
          needsAdoption: owner !== 'project' && action === 'update',
          ...(checks.refused !== undefined ? { refused: checks.refused } : {}),
          warnings,
        });
      }
      return plans;
    });
  }

  /**
   * What a script's output does, checked before it is deployed: purges no target runs (refused), sinks a re-run
   * duplicates and purges whose path is only known when the script runs (warnings). The sinks are read with the
   * local runner's reader; a script it cannot read gets no sink warnings.
   */
  private async scriptChecks(def: JobDefinition, text: string): Promise<{ refused?: string; warnings: string[] }> {
    const { refused, unchecked } = await scriptPurgeRefusals(text, this.manifest);
    const warnings = unchecked.map(
      (u) => `${def.scriptPath}:${u.line}: purge_s3_path's path is computed when the script runs, so it cannot be checked before a deploy (a purge of a bucket's root, a landing zone or the scripts' folder is refused when the path is written out)`,
    );
    const plan = await readGlueScript(text, def.scriptPath, { arguments: def.defaultArguments ?? {} }).catch(() => undefined);
    if (plan) for (const d of duplicatingSinks(plan)) warnings.push(`${def.scriptPath}:${d.line}: ${d.message}`);
    const r = refused[0];
    return { ...(r ? { refused: `${def.scriptPath}:${r.line}:${r.column}: ${r.message}` } : {}), warnings };
  }

  private async account(): Promise<{ account?: string; why?: string }> {
    try {
      return { account: (await this.conn.callerIdentity()).account };
    } catch (e) {
      return { why: e instanceof Error ? e.message : String(e) };
    }
  }

  /**
   * Deploys the project's jobs (all, or those named): checks the role, uploads each changed script to its script
   * location, then creates the Glue job (tagged as the project's) or updates it merged over what Glue has. A job
   * this project did not create is updated only when `adopt` says so (`true`: any; a list: those named) — otherwise
   * nothing is deployed and the error names the jobs. Jobs already up to date are left alone. `onJob` hears of each
   * job when done.
   */
  async deploy(
    options: { jobs?: string[]; adopt?: boolean | string[]; signal?: AbortSignal; onJob?: (result: JobDeployResult) => void; plans?: JobDeployPlan[] } = {},
  ): Promise<JobDeployResult[]> {
    const { signal } = options;
    return this.conn.withSignal(signal, async () => {
      const ctx = this.deployContext();
      const role = await requireDeployRole(ctx);
      const plans = options.plans ?? (await this.deployPlan({ ...(options.jobs ? { jobs: options.jobs } : {}) }));
      // nothing is deployed while one script would purge what no job can rebuild
      const refused = plans.find((p) => p.refused !== undefined && p.action !== 'unchanged');
      if (refused) throw new LakehouseError('ScriptUnsupported', `deploy of job ${refused.job.name} refused: ${refused.refused}`, { file: refused.job.scriptPath, object: refused.job.name });
      const adopting = (name: string) => options.adopt === true || (Array.isArray(options.adopt) && options.adopt.includes(name));
      const blocked = plans.filter((p) => p.needsAdoption && !adopting(p.job.name));
      if (blocked.length > 0) {
        throw new LakehouseError(
          'InvalidInput',
          `nothing was deployed: ${blocked.map((p) => `job ${p.job.name} exists in Glue and ${p.ownerDetail ?? 'was not created by this project'}`).join('; ')}. ` +
            `See what would change with \`lakehouse --target aws deploy --dry-run\`, then take ${blocked.length === 1 ? 'it' : 'them'} over with \`--adopt ${blocked.map((p) => p.job.name).join(' ')}\`, or rename the scripts (or set glue.jobPrefix)`,
          { object: blocked[0]!.job.name },
        );
      }
      const deployed = await this.deployedJobs(plans.filter((p) => p.action === 'update').map((p) => p.job.name));
      const account = plans.some((p) => p.needsAdoption) ? (await this.account()).account : undefined;
      // the scripts go into the project's bucket: on a first deploy it may not be there yet
      if (plans.some((p) => p.action !== 'unchanged')) await this.storage.ensureBucket(this.manifest.bucket);
      const results: JobDeployResult[] = [];
      for (const plan of plans) {
        if (signal?.aborted) throw new LakehouseError('Cancelled', `deploy cancelled before job ${plan.job.name}${results.length ? ` (${results.map((r) => r.job).join(', ')} done)` : ''}`);
        const { job, scriptLocation } = plan;
        let adopted = false;
        if (plan.action !== 'unchanged') {
          const loc = parseS3Location(scriptLocation)!;
          await this.storage.put(loc.bucket, loc.key, plan.localScriptText, signal ? { signal } : {});
          await putJob(ctx, job.name, this.ownedFields(job, role), plan.action === 'update' ? deployed.get(job.name) : undefined, signal);
          if (plan.needsAdoption && account) {
            await tagJob(ctx, job.name, account);
            adopted = true;
          }
        }
        const result: JobDeployResult = {
          job: job.name,
          action: plan.action,
          scriptLocation,
          scriptChanged: plan.scriptChanged,
          settingsChanged: plan.settingsChanged,
          ...(adopted ? { adopted } : {}),
        };
        results.push(result);
        options.onJob?.(result);
      }
      return results;
    });
  }

  // ------------------------------------------------------------ runs

  /** Starts a run of the deployed job; `arguments` (`--name` → value) go over the job's default arguments. */
  async start(jobName: string, options: { arguments?: Record<string, string> } = {}): Promise<JobRun> {
    let runId: string | undefined;
    try {
      const res = await this.glue({ action: 'glue:StartJobRun', resource: `job ${jobName}` }, (c, { StartJobRunCommand }) =>
        c.send(new StartJobRunCommand({ JobName: jobName, ...(options.arguments ? { Arguments: options.arguments } : {}) })),
      );
      runId = res.JobRunId;
    } catch (e) {
      if (isAwsError(e, 'NotFound')) {
        throw new LakehouseError(
          'EntityNotFound',
          `job ${jobName} is not deployed to AWS Glue (${this.conn.region}): deploy it first (lakehouse --target aws deploy, or "Deploy Jobs" in the editor)`,
          { object: jobName },
          { cause: e },
        );
      }
      if (e instanceof LakehouseError && (e.cause as { name?: string } | undefined)?.name === 'ConcurrentRunsExceededException') {
        throw new LakehouseError('JobRunning', `job ${jobName} is already running (Glue allows no more concurrent runs of it): wait for the run to end or cancel it`, { object: jobName }, { cause: e });
      }
      throw e;
    }
    if (!runId) throw new LakehouseError('DataError', `Glue started job ${jobName} but returned no run id`, { object: jobName });
    return {
      id: runId,
      jobName,
      state: 'STARTING',
      startedOn: new Date().toISOString(),
      ...(options.arguments ? { arguments: options.arguments } : {}),
      logLocation: jobRunLogLocation(runId),
    };
  }

  private async getRun(jobName: string, runId: string, signal?: AbortSignal): Promise<JobRun | undefined> {
    try {
      const res = await this.glue({ action: 'glue:GetJobRun', resource: `job ${jobName} run ${runId}` }, (c, { GetJobRunCommand }) =>
        c.send(new GetJobRunCommand({ JobName: jobName, RunId: runId }), signal ? { abortSignal: signal } : {}),
      );
      return res.JobRun ? toJobRun(res.JobRun, jobName) : undefined;
    } catch (e) {
      if (isAwsError(e, 'NotFound')) return undefined;
      throw e;
    }
  }

  async run(jobName: string, runId: string): Promise<JobRun | undefined> {
    return this.getRun(jobName, runId);
  }

  private async requireRun(jobName: string, runId: string, signal: AbortSignal | undefined, what: string): Promise<JobRun> {
    let run: JobRun | undefined;
    try {
      run = await this.getRun(jobName, runId, signal);
    } catch (e) {
      if (signal?.aborted) throw cancelledWaiting(jobName, runId, what);
      throw e;
    }
    if (!run) throw new LakehouseError('EntityNotFound', `run ${runId} of job ${jobName} not found in AWS Glue (${this.conn.region})`, { object: runId });
    return run;
  }

  /**
   * Runs one poll; a transient failure (throttled, 5xx, network, time-out) is waited out with backoff — a poll is
   * repeated anyway, and the run goes on in Glue whatever happens here — for at most the poll patience since the
   * last success. A failure that persists that long is reported, saying the run goes on.
   */
  private async patiently<T>(jobName: string, runId: string, what: string, signal: AbortSignal | undefined, poll: () => Promise<T>): Promise<T> {
    const started = Date.now();
    let delay = this.poll.initial;
    for (;;) {
      try {
        return this.stopping.has(runId) ? await this.conn.detached(poll) : await poll();
      } catch (e) {
        if (signal?.aborted) throw cancelledWaiting(jobName, runId, what);
        // a poll the command's cancellation cut short, of a run being stopped: asked again, detached
        if (isAwsError(e, 'Cancelled') && this.stopping.has(runId)) continue;
        if (!isTransientAwsError(e) || Date.now() - started + delay > this.patienceMs) {
          if (!isTransientAwsError(e)) throw e;
          throw new LakehouseError(
            (e as LakehouseError).code,
            `${(e as Error).message} — gave up ${what} run ${runId} of job ${jobName} after ${Math.round((Date.now() - started) / 1000)} s of failures; the run itself goes on in Glue (lakehouse --target aws logs ${jobName} ${runId})`,
            { object: runId },
            { cause: e },
          );
        }
        await sleep(delay, signal, () => cancelledWaiting(jobName, runId, what));
        delay = Math.min(this.poll.max, delay * this.poll.factor);
      }
    }
  }

  /**
   * The job's runs, newest first (none when the job is not deployed); with `limit`, the newest `limit` only. Glue's
   * GetJobRuns "returns the job runs in chronological order, with the newest jobs returned first", pages of
   * MaxResults 1-200 (AWS Glue API reference, GetJobRuns): pages are asked for only until `limit` runs are in (a
   * page may hold fewer than asked, so the NextToken is followed until then).
   */
  async runs(jobName: string, options: { limit?: number } = {}): Promise<JobRun[]> {
    const { limit } = options;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new LakehouseError('InvalidInput', `runs of job ${jobName}: limit ${limit} is not a whole number of runs`, { field: 'limit' });
    if (limit === 0) return [];
    const out: JobRun[] = [];
    let token: string | undefined;
    try {
      do {
        const want = limit === undefined ? GET_JOB_RUNS_MAX : Math.min(GET_JOB_RUNS_MAX, limit - out.length);
        const res = await this.glue({ action: 'glue:GetJobRuns', resource: `job ${jobName}` }, (c, { GetJobRunsCommand }) =>
          c.send(new GetJobRunsCommand({ JobName: jobName, MaxResults: want, ...(token ? { NextToken: token } : {}) })),
        );
        for (const r of res.JobRuns ?? []) out.push(toJobRun(r, jobName));
        token = res.NextToken || undefined;
      } while (token && (limit === undefined || out.length < limit));
    } catch (e) {
      if (isAwsError(e, 'NotFound')) return [];
      throw e;
    }
    // (newest first as Glue sends them; sorted again should a page say otherwise: stable for equal times)
    const sorted = out.sort((a, b) => (a.startedOn < b.startedOn ? 1 : a.startedOn > b.startedOn ? -1 : 0));
    return limit === undefined ? sorted : sorted.slice(0, limit);
  }

  /**
   * Polls the run until it is final, the interval growing from `pollMs.initial` to `pollMs.max`. Aborting stops the
   * waiting (rejects with `Cancelled`), not the run: {@link cancel} stops it.
   */
  async wait(jobName: string, runId: string, options: { signal?: AbortSignal } = {}): Promise<JobRun> {
    const { signal } = options;
    return this.conn.withSignal(signal, async () => {
      let delay = this.poll.initial;
      for (;;) {
        if (signal?.aborted) throw cancelledWaiting(jobName, runId);
        const run = await this.patiently(jobName, runId, 'waiting for', signal, () => this.requireRun(jobName, runId, signal, 'waiting for'));
        if (FINAL.has(run.state)) return run;
        await sleep(delay, signal, () => cancelledWaiting(jobName, runId));
        delay = Math.min(this.poll.max, delay * this.poll.factor);
      }
    });
  }

  /** Asks Glue to stop the run (BatchStopJobRun); the run goes STOPPING → STOPPED (see {@link wait}). */
  async cancel(jobName: string, runId: string): Promise<void> {
    // (marked before anything is awaited: a poll in flight cut short by the same Ctrl-C is then asked again)
    this.stopping.add(runId);
    // (sent even when the command was cancelled: that is when it is needed)
    const res = await this.conn
      .detached(() =>
        this.glue({ action: 'glue:BatchStopJobRun', resource: `job ${jobName} run ${runId}` }, (c, { BatchStopJobRunCommand }) =>
          c.send(new BatchStopJobRunCommand({ JobName: jobName, JobRunIds: [runId] })),
        ),
      )
      .catch((e: unknown) => {
        this.stopping.delete(runId);
        throw e;
      });
    const err = (res.Errors ?? [])[0];
    if (err) {
      this.stopping.delete(runId);
      const code = err.ErrorDetail?.ErrorCode ?? 'Error';
      throw new LakehouseError(
        code === 'EntityNotFoundException' ? 'EntityNotFound' : 'InvalidInput',
        `cannot stop run ${runId} of job ${jobName}: ${code}: ${err.ErrorDetail?.ErrorMessage ?? 'Glue refused to stop it'}`,
        { object: runId },
      );
    }
  }

  // ------------------------------------------------------------ logs (./glueLogs.ts)

  private logReader(jobName: string, runId: string, signal: AbortSignal | undefined): LogReader {
    return logReader({
      conn: this.conn,
      jobName,
      runId,
      signal,
      lookbackMs: this.lookbackMs,
      patiently: (poll) => this.patiently(jobName, runId, 'following', signal, poll),
    });
  }

  /**
   * The run's log lines: `/aws-glue/jobs/output` and `/aws-glue/jobs/error` (marked `[error]`), merged by time. For
   * a run that has ended, the lines CloudWatch delivers late are waited for (see {@link settleLogs}).
   */
  async logs(jobName: string, runId: string, options: { signal?: AbortSignal } = {}): Promise<string[]> {
    const { signal } = options;
    return this.conn.withSignal(signal, async () => {
      const reader = this.logReader(jobName, runId, signal);
      const lines = await reader.read();
      const run = await this.getRun(jobName, runId, signal).catch(() => undefined);
      if (run && FINAL.has(run.state)) await settleLogs(reader, run, (more) => lines.push(...more), { intervalMs: Math.min(2000, this.poll.initial * 2), settleMs: this.settleMs, signal });
      return lines;
    });
  }

  /**
   * Follows the run's log while it is in progress: new lines (both groups, merged by time) go to `onLines` every
   * `intervalMs` (default: twice the first poll interval, at most 2 s); after the run is final, the lines CloudWatch
   * delivers late (see {@link settleLogs}). Resolves with the final run. Aborting stops following (rejects with
   * `Cancelled`), not the run.
   */
  async tail(jobName: string, runId: string, onLines: (lines: string[]) => void, options: { signal?: AbortSignal; intervalMs?: number } = {}): Promise<JobRun> {
    const { signal } = options;
    const interval = options.intervalMs ?? Math.min(2000, this.poll.initial * 2);
    const reader = this.logReader(jobName, runId, signal);
    return this.conn.withSignal(signal, async () => {
      for (;;) {
        if (signal?.aborted) throw cancelledWaiting(jobName, runId, 'following');
        // the state first: when it is final, every line was written before this read
        const run = await this.patiently(jobName, runId, 'following', signal, () => this.requireRun(jobName, runId, signal, 'following'));
        const lines = await reader.read();
        if (lines.length > 0) onLines(lines);
        if (FINAL.has(run.state)) {
          await settleLogs(reader, run, onLines, { intervalMs: interval, settleMs: this.settleMs, signal });
          return run;
        }
        await sleep(interval, signal, () => cancelledWaiting(jobName, runId, 'following'));
      }
    });
  }
}
