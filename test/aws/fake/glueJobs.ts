/**
 * Glue jobs for the fake AWS endpoint: job definitions (CreateJob, UpdateJob, GetJob, GetJobs, ListJobs, BatchGetJobs,
 * DeleteJob) and job runs (StartJobRun, GetJobRun, GetJobRuns, BatchStopJobRun), validated as Glue validates them.
 *
 * A run executes for real: the fake downloads the job's script from s3rver, puts it into the local target's scripts
 * folder and runs it with the local job runner inside `fake.exclusive` (so it sees s3rver's objects and its output
 * goes back to s3rver). The run moves STARTING → RUNNING → SUCCEEDED / FAILED / STOPPED; its final state is set only
 * once the output is back in s3rver. The local run's log lines go to CloudWatch Logs (`/aws-glue/jobs/output`, stream
 * = the run id) while it runs; a failure's message goes to `/aws-glue/jobs/error` and to the run's ErrorMessage.
 *
 * As strict as Glue where the AWS target could go wrong:
 * - the role: CreateJob/UpdateJob need iam:PassRole on it (AccessDeniedException in AWS's words) and a role Glue can
 *   assume ("Service is unable to assume provided role. Please verify role's TrustPolicy." — Glue's message, as
 *   public code that retries on it quotes it: e.g. the cdkd retry table, cost-optimizer crawler scripts);
 * - worker types per job type (AWS Glue API reference, CreateJob WorkerType: G.025X "only available for Glue
 *   version 3.0 or later streaming jobs", Z.2X for Ray jobs; G.4X/G.8X need Glue 3.0+, G.12X/G.16X/R.* 4.0+) and
 *   timeouts ("Jobs must have timeout values less than 7 days or 10080 minutes. Otherwise, the jobs will throw an
 *   exception", CreateJob Timeout). The refusals' wording is the fake's own (Glue's is not documented);
 * - UpdateJob replaces the whole definition (what it leaves out goes back to its default), as Glue documents;
 * - tags (CreateJob Tags, GetTags, TagResource on `arn:aws:glue:<region>:<account>:job/<name>`);
 * - runs end TIMEOUT or ERROR when a test says so ({@link FakeGlueJobs.endNextRun}); the last lines of a run reach
 *   CloudWatch late (after two more reads), as CloudWatch delivers events seconds after they are written.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { FAKE_ACCOUNT, FakeAwsError, type FakeAws } from './server';
import type { FakeLogStore } from './logs';
import type { FakeIam } from './iam';

export const OUTPUT_LOG_GROUP = '/aws-glue/jobs/output';
export const ERROR_LOG_GROUP = '/aws-glue/jobs/error';

export interface GlueJobsFakeOptions {
  /** how often a running job's local log is copied to CloudWatch (default 50 ms) */
  logPollMs?: number;
  /** the account's IAM (roles Glue can assume, what the caller may pass); absent: any role goes */
  iam?: FakeIam;
  /** reads of a run's stream after which its last lines show (CloudWatch delivers late); default 2 */
  lateReads?: number;
}

/** What a test can make the fake Glue do. */
export interface FakeGlueJobs {
  /** the next run of the job ends in this state (after running its script), with this ErrorMessage */
  endNextRun(job: string, state: 'TIMEOUT' | 'ERROR' | 'FAILED', message?: string): void;
  /** the job as the fake holds it */
  job(name: string): Record<string, unknown> | undefined;
  /** the tags of the job */
  tags(name: string): Record<string, string>;
  /**
   * GetJobRuns answers pages of at most `n` runs (with a NextToken when more follow), whatever MaxResults asks: the API
   * reference gives MaxResults as "The maximum size of the response", not a size every page has; undefined: MaxResults
   */
  capRunPages(n: number | undefined): void;
}

/** The wire shape of a Glue Job (the fields the fake keeps). */
interface WireJob {
  Name: string;
  Description?: string;
  Role: string;
  CreatedOn: Date;
  LastModifiedOn: Date;
  ExecutionProperty: { MaxConcurrentRuns: number };
  Command: { Name: string; ScriptLocation: string; PythonVersion?: string };
  DefaultArguments?: Record<string, string>;
  NonOverridableArguments?: Record<string, string>;
  MaxRetries: number;
  Timeout: number;
  GlueVersion: string;
  WorkerType?: string;
  NumberOfWorkers?: number;
  MaxCapacity?: number;
  Connections?: { Connections: string[] };
  SecurityConfiguration?: string;
  NotificationProperty?: { NotifyDelayAfter?: number };
  CodeGenConfigurationNodes?: Record<string, unknown>;
  ExecutionClass?: string;
  LogUri?: string;
  JobMode?: string;
  JobRunQueuingEnabled?: boolean;
  MaintenanceWindow?: string;
  SourceControlDetails?: Record<string, unknown>;
}

type RunState = 'STARTING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'SUCCEEDED' | 'FAILED' | 'TIMEOUT' | 'ERROR' | 'WAITING';
const ACTIVE: ReadonlySet<RunState> = new Set(['STARTING', 'RUNNING', 'STOPPING', 'WAITING']);

interface WireJobRun {
  Id: string;
  Attempt: number;
  JobName: string;
  JobMode: 'SCRIPT';
  StartedOn: Date;
  LastModifiedOn: Date;
  CompletedOn?: Date;
  JobRunState: RunState;
  Arguments?: Record<string, string>;
  ErrorMessage?: string;
  PredecessorRuns: [];
  ExecutionTime: number;
  Timeout: number;
  GlueVersion: string;
  WorkerType?: string;
  NumberOfWorkers?: number;
  LogGroupName: string;
}

interface RunRecord {
  run: WireJobRun;
  /** the local target's run executing it, once started */
  localId?: string;
  stopRequested: boolean;
}

const WORKER_TYPES = new Set(['Standard', 'G.1X', 'G.2X', 'G.025X', 'G.4X', 'G.8X', 'G.12X', 'G.16X', 'R.1X', 'R.2X', 'R.4X', 'R.8X', 'Z.2X']);
/** Worker types by job type and the Glue version they need (CreateJob WorkerType, AWS Glue API reference). */
const WORKERS_OF: Record<string, Record<string, number>> = {
  glueetl: { 'G.1X': 2, 'G.2X': 2, 'G.4X': 3, 'G.8X': 3, 'G.12X': 4, 'G.16X': 4, 'R.1X': 4, 'R.2X': 4, 'R.4X': 4, 'R.8X': 4, Standard: 0 },
  gluestreaming: { 'G.025X': 3, 'G.1X': 2, 'G.2X': 2, 'G.4X': 3, 'G.8X': 3 },
  glueray: { 'Z.2X': 4 },
  pythonshell: {},
};
const MAX_TIMEOUT_MINUTES = 10_080;
const GLUE_VERSIONS = new Set(['0.9', '1.0', '2.0', '3.0', '4.0', '5.0']);
/**
 * Glue versions past their end of life (AWS Glue developer guide, "AWS Glue version support policy": Spark 0.9, 1.0
 * and 2.0 reached end of life on 4/1/2026; at EOL "You can no longer create new AWS Glue jobs … on EOL versions",
 * "You can no longer start job runs on these AWS Glue versions"). A job created without a GlueVersion is a 0.9 job
 * (API reference, CreateJob GlueVersion: "Jobs that are created without specifying a Glue version default to Glue
 * 0.9"). The refusals' wording is the fake's own.
 */
const END_OF_LIFE_VERSIONS = new Set(['0.9', '1.0', '2.0']);
/** Glue's name pattern: 1–255 characters, no control characters but tab. */
function validName(name: string): boolean {
  return name.length >= 1 && name.length <= 255 && [...name].every((ch) => ch === '\t' || ch.charCodeAt(0) >= 0x20);
}

function invalid(message: string): FakeAwsError {
  return new FakeAwsError('InvalidInputException', message);
}

function notFound(jobName: string): FakeAwsError {
  return new FakeAwsError('EntityNotFoundException', `Job with name: ${jobName} not found`);
}

function requireString(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') throw invalid(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  return v;
}

function checkStringMap(v: unknown, field: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(`${field} must be a map of strings`);
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x !== 'string') throw invalid(`${field}.${k} must be a string`);
  return { ...(v as Record<string, string>) };
}

/**
 * Glue's tags (API reference, CreateJob Tags / TagResource TagsToAdd: "Map Entries: Maximum number of 50 items", keys
 * 1–128 characters, values at most 256; API_Tag: key and value "must not contain the prefix aws"). The refusal's
 * wording is the fake's own, in the shape of the service's validation messages.
 */
function checkTags(v: unknown, field: string, existing: Record<string, string> = {}): Record<string, string> | undefined {
  const tags = checkStringMap(v, field);
  if (tags === undefined) return undefined;
  for (const [k, x] of Object.entries(tags)) {
    if ([...k].length < 1 || [...k].length > 128) throw invalid(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length between 1 and 128]`);
    if ([...x].length > 256) throw invalid(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 256]`);
    if (/^aws:/i.test(k)) throw invalid(`Tag key ${k} uses the reserved prefix aws:`);
  }
  if (Object.keys({ ...existing, ...tags }).length > 50) throw invalid(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to 50`);
  return tags;
}

function checkPaging(input: Record<string, unknown>, max: number): { offset: number; size: number } {
  const mr = input['MaxResults'];
  if (mr !== undefined && (typeof mr !== 'number' || !Number.isInteger(mr) || mr < 1 || mr > max))
    throw invalid(`1 validation error detected: Value '${String(mr)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${max}`);
  let offset = 0;
  if (input['NextToken'] !== undefined) {
    const m = /^o(\d+)$/.exec(Buffer.from(String(input['NextToken']), 'base64').toString('utf8'));
    if (!m) throw invalid('Invalid pagination token');
    offset = Number(m[1]);
  }
  return { offset, size: (mr as number | undefined) ?? 100 };
}

function nextToken(offset: number, size: number, total: number): { NextToken?: string } {
  return offset + size < total ? { NextToken: Buffer.from(`o${offset + size}`).toString('base64') } : {};
}

/** Checks a job definition (CreateJob input, or UpdateJob's JobUpdate) and returns what Glue stores. */
function jobFields(input: Record<string, unknown>, where: string, iam: FakeIam | undefined): Omit<WireJob, 'Name' | 'CreatedOn' | 'LastModifiedOn'> {
  const role = requireString(input['Role'], `${where}role`);
  if (iam) {
    // passing the role needs iam:PassRole; a role Glue cannot assume is refused
    iam.checkPassRole(role);
    if (!iam.glueCanAssume(role)) throw invalid("Service is unable to assume provided role. Please verify role's TrustPolicy.");
  }
  const command = input['Command'] as Record<string, unknown> | undefined;
  if (typeof command !== 'object' || command === null) throw invalid(`1 validation error detected: Value null at '${where}command' failed to satisfy constraint: Member must not be null`);
  const scriptLocation = command['ScriptLocation'];
  if (typeof scriptLocation !== 'string' || scriptLocation === '') throw invalid('ScriptLocation is required for the job command');
  if (!/^s3:\/\/[^/]+\/.+/.test(scriptLocation)) throw invalid(`ScriptLocation ${scriptLocation} is not an S3 location (s3://bucket/key)`);
  const commandName = (command['Name'] as string | undefined) ?? 'glueetl';
  if (!['glueetl', 'pythonshell', 'gluestreaming', 'glueray'].includes(commandName)) throw invalid(`Unsupported command name: ${commandName}`);
  const pythonVersion = command['PythonVersion'] as string | undefined;
  if (pythonVersion !== undefined && !['2', '3', '3.9'].includes(pythonVersion)) throw invalid(`Invalid PythonVersion: ${pythonVersion}`);

  const glueVersion = (input['GlueVersion'] as string | undefined) ?? '0.9';
  if (!GLUE_VERSIONS.has(glueVersion)) throw invalid(`Invalid Glue version: ${glueVersion}`);
  // CreateJob only: whether UpdateJob may leave a job on an EOL version is not documented
  if (where === '' && END_OF_LIFE_VERSIONS.has(glueVersion))
    throw invalid(`Glue version ${glueVersion}${input['GlueVersion'] === undefined ? ' (the default when GlueVersion is not given)' : ''} has reached end of life: jobs on it can no longer be created; use Glue version 3.0 or later`);
  const workerType = input['WorkerType'] as string | undefined;
  const workers = input['NumberOfWorkers'] as number | undefined;
  if (workerType !== undefined && !WORKER_TYPES.has(workerType))
    throw invalid(`1 validation error detected: Value '${workerType}' at '${where}workerType' failed to satisfy constraint: Member must satisfy enum value set`);
  if ((workerType === undefined) !== (workers === undefined)) throw invalid('Both WorkerType and NumberOfWorkers must be specified, or neither');
  if (workerType !== undefined) {
    const allowed = WORKERS_OF[commandName] ?? {};
    const since = allowed[workerType];
    if (since === undefined) throw invalid(`Worker type ${workerType} is not supported for ${commandName} jobs (supported: ${Object.keys(allowed).join(', ') || 'none'})`);
    if (Number(glueVersionOf(input)) < since) throw invalid(`Worker type ${workerType} requires Glue version ${since}.0 or later (the job has ${glueVersionOf(input)})`);
  }
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw invalid(`NumberOfWorkers must be a positive integer, got ${workers}`);
  if (workerType !== undefined && input['MaxCapacity'] !== undefined) throw invalid('Please set only Allocated Capacity or Max Capacity or WorkerType/NumberOfWorkers');
  const timeout = (input['Timeout'] as number | undefined) ?? 2880;
  if (!Number.isInteger(timeout) || timeout < 1) throw invalid(`1 validation error detected: Value '${timeout}' at '${where}timeout' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  if (commandName !== 'gluestreaming' && timeout > MAX_TIMEOUT_MINUTES) throw invalid(`Timeout ${timeout} is not valid: jobs must have timeout values less than 7 days or ${MAX_TIMEOUT_MINUTES} minutes`);
  const maxRuns = (input['ExecutionProperty'] as { MaxConcurrentRuns?: number } | undefined)?.MaxConcurrentRuns ?? 1;
  if (!Number.isInteger(maxRuns) || maxRuns < 1) throw invalid(`MaxConcurrentRuns must be a positive integer, got ${maxRuns}`);
  const defaults = checkStringMap(input['DefaultArguments'], `${where}defaultArguments`);
  const fixed = checkStringMap(input['NonOverridableArguments'], `${where}nonOverridableArguments`);
  return {
    ...(typeof input['Description'] === 'string' ? { Description: input['Description'] } : {}),
    Role: role,
    ExecutionProperty: { MaxConcurrentRuns: maxRuns },
    Command: { Name: commandName, ScriptLocation: scriptLocation, ...(pythonVersion !== undefined ? { PythonVersion: pythonVersion } : {}) },
    ...(defaults ? { DefaultArguments: defaults } : {}),
    ...(fixed ? { NonOverridableArguments: fixed } : {}),
    MaxRetries: (input['MaxRetries'] as number | undefined) ?? 0,
    Timeout: timeout,
    GlueVersion: glueVersion,
    ...(workerType !== undefined ? { WorkerType: workerType, NumberOfWorkers: workers! } : {}),
    ...(workerType === undefined ? { MaxCapacity: (input['MaxCapacity'] as number | undefined) ?? 10 } : {}),
    // kept as given: UpdateJob without them resets them
    ...pick(input, ['Connections', 'SecurityConfiguration', 'NotificationProperty', 'CodeGenConfigurationNodes', 'ExecutionClass', 'LogUri', 'JobMode', 'JobRunQueuingEnabled', 'MaintenanceWindow', 'SourceControlDetails']),
  };
}

function glueVersionOf(input: Record<string, unknown>): string {
  return (input['GlueVersion'] as string | undefined) ?? '0.9';
}

function pick(input: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
}

function parseS3(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not an S3 location: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

/** Epoch ms of a local log line (`2024-06-10T12:00:00.000Z INFO …`), else now. */
function timestampOf(line: string): number {
  const t = Date.parse(line.slice(0, line.indexOf(' ')));
  return Number.isFinite(t) ? t : Date.now();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Registers the Glue job operations on the fake endpoint; run logs go to `logs`. */
export function installGlueJobs(fake: FakeAws, logs: FakeLogStore, options: GlueJobsFakeOptions = {}): FakeGlueJobs {
  const logPollMs = options.logPollMs ?? 50;
  const lateReads = options.lateReads ?? 2;
  const iam = options.iam;
  const jobs = new Map<string, WireJob>();
  const tags = new Map<string, Record<string, string>>();
  const endings = new Map<string, { state: 'TIMEOUT' | 'ERROR' | 'FAILED'; message?: string }>();
  /** job name → its runs, oldest first */
  const runs = new Map<string, RunRecord[]>();
  let runPageCap: number | undefined;

  const jobOf = (name: unknown): WireJob => {
    const n = requireString(name, 'jobName');
    const job = jobs.get(n);
    if (!job) throw notFound(n);
    return job;
  };

  const touch = (rec: RunRecord, patch: Partial<WireJobRun>) => {
    Object.assign(rec.run, patch, { LastModifiedOn: new Date() });
  };

  const finish = (rec: RunRecord, state: 'SUCCEEDED' | 'FAILED' | 'STOPPED' | 'TIMEOUT' | 'ERROR', errorMessage?: string) => {
    if (!ACTIVE.has(rec.run.JobRunState)) return; // stopped before it began
    const now = new Date();
    touch(rec, {
      JobRunState: state,
      CompletedOn: now,
      ExecutionTime: state === 'TIMEOUT' ? rec.run.Timeout * 60 : Math.round((now.getTime() - rec.run.StartedOn.getTime()) / 1000),
      ...(errorMessage !== undefined ? { ErrorMessage: errorMessage } : {}),
    });
    // the error reaches CloudWatch after the run is final (late delivery)
    if (state !== 'SUCCEEDED' && state !== 'STOPPED' && errorMessage !== undefined) logs.put(ERROR_LOG_GROUP, rec.run.Id, errorMessage, Date.now(), { afterReads: lateReads });
  };

  /** Runs the job's script on the local target; resolves with the outcome once its output is back in s3rver. */
  const execute = async (rec: RunRecord, job: WireJob, args: Record<string, string>): Promise<void> => {
    const name = job.Name;
    let outcome: { state: 'SUCCEEDED' | 'FAILED' | 'STOPPED' | 'TIMEOUT' | 'ERROR'; message?: string };
    try {
      outcome = await fake.exclusive(async () => {
        if (rec.stopRequested) return { state: 'STOPPED' as const };
        touch(rec, { JobRunState: 'RUNNING' });
        let script: string;
        try {
          const { bucket, key } = parseS3(job.Command.ScriptLocation);
          const got = await fake.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          script = await got.Body!.transformToString('utf8');
        } catch (e) {
          const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          return { state: 'FAILED' as const, message: `Failed to download the script ${job.Command.ScriptLocation}: ${why}` };
        }
        const dir = path.join(fake.project.root, fake.project.manifest.scripts);
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(path.join(dir, `${name}.py`), script);
        if (rec.stopRequested) return { state: 'STOPPED' as const };

        const local = await fake.local.jobs.start(name, { arguments: args });
        rec.localId = local.id;
        if (rec.stopRequested) void fake.local.jobs.cancel(name, local.id).catch(() => undefined);
        // copy the local log to CloudWatch as it grows; what is copied once the run is over arrives late
        let copied = 0;
        let over = false;
        const copy = async () => {
          const lines = await fake.local.jobs.logs(name, local.id);
          for (const line of lines.slice(copied)) logs.put(OUTPUT_LOG_GROUP, rec.run.Id, line, timestampOf(line), over ? { afterReads: lateReads } : {});
          copied = Math.max(copied, lines.length);
        };
        let running = true;
        const copier = (async () => {
          while (running) {
            await copy().catch(() => undefined);
            await sleep(logPollMs);
          }
        })();
        try {
          const done = await fake.local.jobs.wait(name, local.id);
          if (done.state === 'SUCCEEDED') return { state: 'SUCCEEDED' as const };
          if (done.state === 'STOPPED' || rec.stopRequested) return { state: 'STOPPED' as const };
          return { state: 'FAILED' as const, message: done.errorMessage ?? `the run ended ${done.state}` };
        } finally {
          running = false;
          await copier;
          over = true;
          await copy().catch(() => undefined);
        }
      });
    } catch (e) {
      outcome = { state: 'FAILED', message: e instanceof Error ? e.message : String(e) };
    }
    const ending = endings.get(job.Name);
    if (ending && outcome.state !== 'STOPPED') {
      endings.delete(job.Name);
      outcome = { state: ending.state, ...(ending.message !== undefined ? { message: ending.message } : {}) };
    }
    finish(rec, outcome.state, outcome.message);
  };

  // ------------------------------------------------------------ job definitions

  fake.on('AWSGlue.CreateJob', (input: Record<string, unknown>) => {
    const name = requireString(input['Name'], 'name');
    if (!validName(name)) throw invalid(`Invalid job name: ${name}`);
    if (jobs.has(name)) throw new FakeAwsError('AlreadyExistsException', `${name} already exists.`);
    const fields = jobFields(input, '', iam);
    const given = checkTags(input['Tags'], 'tags');
    const now = new Date();
    jobs.set(name, { Name: name, CreatedOn: now, LastModifiedOn: now, ...fields });
    if (given) tags.set(name, given);
    return { Name: name };
  });

  fake.on('AWSGlue.UpdateJob', (input: Record<string, unknown>) => {
    const job = jobOf(input['JobName']);
    const update = input['JobUpdate'] as Record<string, unknown> | undefined;
    if (typeof update !== 'object' || update === null) throw invalid("1 validation error detected: Value null at 'jobUpdate' failed to satisfy constraint: Member must not be null");
    // UpdateJob replaces the whole definition: what the update leaves out goes back to its default
    jobs.set(job.Name, { Name: job.Name, CreatedOn: job.CreatedOn, LastModifiedOn: new Date(), ...jobFields(update, 'jobUpdate.', iam) });
    return { JobName: job.Name };
  });

  fake.on('AWSGlue.GetJob', (input: Record<string, unknown>) => ({ Job: jobOf(input['JobName']) }));

  fake.on('AWSGlue.GetJobs', (input: Record<string, unknown>) => {
    const all = [...jobs.values()].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    const { offset, size } = checkPaging(input, 1000);
    return { Jobs: all.slice(offset, offset + size), ...nextToken(offset, size, all.length) };
  });

  // ListJobs (AWS Glue API reference): MaxResults 1-1000; Tags "Specifies to return only these tagged resources"
  // (0-50 entries, keys 1-128 characters, values 0-256): "If you choose to use tags filtering, only resources with
  // the tag are retrieved" -- a job carrying every tag given, with its value
  fake.on('AWSGlue.ListJobs', (input: Record<string, unknown>) => {
    const filter = checkStringMap(input['Tags'], 'tags') ?? {};
    const entries = Object.entries(filter);
    if (entries.length > 50) throw invalid("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
    for (const [k, v] of entries) {
      if ([...k].length < 1 || [...k].length > 128) throw invalid("1 validation error detected: Value at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length between 1 and 128]");
      if ([...v].length > 256) throw invalid("1 validation error detected: Value at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 256]");
    }
    const names = [...jobs.keys()].filter((n) => entries.every(([k, v]) => tags.get(n)?.[k] === v)).sort();
    const { offset, size } = checkPaging(input, 1000);
    return { JobNames: names.slice(offset, offset + size), ...nextToken(offset, size, names.length) };
  });

  fake.on('AWSGlue.BatchGetJobs', (input: Record<string, unknown>) => {
    const names = input['JobNames'];
    if (!Array.isArray(names)) throw invalid("1 validation error detected: Value null at 'jobNames' failed to satisfy constraint: Member must not be null");
    if (names.length > 1000) throw invalid("Value at 'jobNames' failed to satisfy constraint: Member must have length less than or equal to 1000");
    const found: WireJob[] = [];
    const missing: string[] = [];
    for (const n of names as string[]) {
      const j = jobs.get(n);
      if (j) found.push(j);
      else missing.push(n);
    }
    return { Jobs: found, JobsNotFound: missing };
  });

  // tags: the job's ARN is arn:aws:glue:<region>:<account>:job/<name>
  const jobOfArn = (arn: unknown): string => {
    const m = /^arn:aws:glue:([a-z0-9-]+):(\d{12}):job\/(.+)$/.exec(String(arn ?? ''));
    if (!m) throw invalid(`Invalid resource ARN: ${String(arn)}`);
    if (m[2] !== FAKE_ACCOUNT || !jobs.has(m[3]!)) throw new FakeAwsError('EntityNotFoundException', `Job with name: ${m[3]} not found`);
    return m[3]!;
  };
  fake.on('AWSGlue.GetTags', (input: Record<string, unknown>) => ({ Tags: { ...(tags.get(jobOfArn(input['ResourceArn'])) ?? {}) } }));
  fake.on('AWSGlue.TagResource', (input: Record<string, unknown>) => {
    const name = jobOfArn(input['ResourceArn']);
    tags.set(name, { ...(tags.get(name) ?? {}), ...checkTags(input['TagsToAdd'], 'tagsToAdd', tags.get(name)) });
    return {};
  });

  fake.on('AWSGlue.DeleteJob', (input: Record<string, unknown>) => {
    // Glue: deleting a job that does not exist succeeds
    const name = requireString(input['JobName'], 'jobName');
    jobs.delete(name);
    runs.delete(name);
    tags.delete(name);
    return { JobName: name };
  });

  // ------------------------------------------------------------ runs

  fake.on('AWSGlue.StartJobRun', (input: Record<string, unknown>) => {
    const job = jobOf(input['JobName']);
    const args = checkStringMap(input['Arguments'], 'arguments');
    if (END_OF_LIFE_VERSIONS.has(job.GlueVersion)) throw invalid(`Glue version ${job.GlueVersion} of job ${job.Name} has reached end of life: its runs can no longer be started; update the job to Glue version 3.0 or later`);
    const list = runs.get(job.Name) ?? [];
    const active = list.filter((r) => ACTIVE.has(r.run.JobRunState)).length;
    if (active >= job.ExecutionProperty.MaxConcurrentRuns) throw new FakeAwsError('ConcurrentRunsExceededException', `Concurrent runs exceeded for ${job.Name}`);
    const now = new Date();
    const rec: RunRecord = {
      run: {
        Id: `jr_${randomBytes(32).toString('hex')}`,
        Attempt: 0,
        JobName: job.Name,
        JobMode: 'SCRIPT',
        StartedOn: now,
        LastModifiedOn: now,
        JobRunState: 'STARTING',
        ...(args ? { Arguments: args } : {}),
        PredecessorRuns: [],
        ExecutionTime: 0,
        Timeout: (input['Timeout'] as number | undefined) ?? job.Timeout,
        GlueVersion: job.GlueVersion,
        ...(job.WorkerType !== undefined ? { WorkerType: job.WorkerType, NumberOfWorkers: job.NumberOfWorkers! } : {}),
        LogGroupName: '/aws-glue/jobs',
      },
      stopRequested: false,
    };
    list.push(rec);
    runs.set(job.Name, list);
    // the run's arguments over the job's defaults; non-overridable ones win
    const merged = { ...job.DefaultArguments, ...args, ...job.NonOverridableArguments };
    void execute(rec, job, merged);
    return { JobRunId: rec.run.Id };
  });

  const runOf = (jobName: unknown, runId: unknown): RunRecord => {
    const job = jobOf(jobName);
    const id = requireString(runId, 'runId');
    const rec = (runs.get(job.Name) ?? []).find((r) => r.run.Id === id);
    if (!rec) throw new FakeAwsError('EntityNotFoundException', `Job Run with id: ${id} not found`);
    return rec;
  };

  fake.on('AWSGlue.GetJobRun', (input: Record<string, unknown>) => ({ JobRun: runOf(input['JobName'], input['RunId']).run }));

  fake.on('AWSGlue.GetJobRuns', (input: Record<string, unknown>) => {
    const job = jobOf(input['JobName']);
    // newest first: "GetJobRuns returns the job runs in chronological order, with the newest jobs returned first";
    // MaxResults "Valid Range: Minimum value of 1. Maximum value of 200" (AWS Glue API reference, GetJobRuns)
    const all = [...(runs.get(job.Name) ?? [])].reverse().map((r) => r.run);
    const paging = checkPaging(input, 200);
    const { offset } = paging;
    const size = runPageCap !== undefined ? Math.min(runPageCap, paging.size) : paging.size;
    return { JobRuns: all.slice(offset, offset + size), ...nextToken(offset, size, all.length) };
  });

  fake.on('AWSGlue.BatchStopJobRun', (input: Record<string, unknown>) => {
    const jobName = requireString(input['JobName'], 'jobName');
    const ids = input['JobRunIds'];
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > 25)
      throw invalid("1 validation error detected: Value at 'jobRunIds' failed to satisfy constraint: Member must have length between 1 and 25");
    const ok: { JobName: string; JobRunId: string }[] = [];
    const errors: { JobName: string; JobRunId: string; ErrorDetail: { ErrorCode: string; ErrorMessage: string } }[] = [];
    for (const id of ids as string[]) {
      const rec = (runs.get(jobName) ?? []).find((r) => r.run.Id === id);
      if (!jobs.has(jobName) || !rec) {
        errors.push({ JobName: jobName, JobRunId: id, ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: `Job Run with id: ${id} not found` } });
        continue;
      }
      const state = rec.run.JobRunState;
      if (!ACTIVE.has(state)) {
        errors.push({ JobName: jobName, JobRunId: id, ErrorDetail: { ErrorCode: 'InvalidInputException', ErrorMessage: `Job Run ${id} is ${state} and cannot be stopped` } });
        continue;
      }
      rec.stopRequested = true;
      if (state === 'STARTING' || state === 'WAITING') finish(rec, 'STOPPED');
      else if (state === 'RUNNING') {
        touch(rec, { JobRunState: 'STOPPING' });
        if (rec.localId) void fake.local.jobs.cancel(jobName, rec.localId).catch(() => undefined);
      }
      ok.push({ JobName: jobName, JobRunId: id });
    }
    return { SuccessfulSubmissions: ok, Errors: errors };
  });

  return {
    endNextRun: (job, state, message) => endings.set(job, { state, ...(message !== undefined ? { message } : {}) }),
    job: (name) => (jobs.has(name) ? JSON.parse(JSON.stringify(jobs.get(name))) : undefined),
    tags: (name) => ({ ...(tags.get(name) ?? {}) }),
    capRunPages: (n) => (runPageCap = n),
  };
}
