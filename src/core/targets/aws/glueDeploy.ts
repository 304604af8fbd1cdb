/**
 * Deploying the project's scripts as Glue jobs without clobbering anything.
 *
 * - UpdateJob replaces the whole definition: "The previous job definition is completely overwritten by this
 *   information … Unspecified configuration is removed or reset to default values" (AWS Glue API reference,
 *   UpdateJob). So an update sends the job as Glue has it (GetJob/BatchGetJobs) with lakehouse.json's fields merged
 *   over it ({@link mergeJobUpdate}): Connections, SecurityConfiguration, MaxRetries, MaxConcurrentRuns,
 *   NonOverridableArguments, Description, a Glue Studio job's visual graph (CodeGenConfigurationNodes) and the
 *   default arguments lakehouse.json does not name all stay.
 * - Jobs this project creates carry the tag `lakehouse:project=<name>`. A job of the same name it did not create
 *   (no such tag: the course's job names are common) is only updated when the caller adopts it (`--adopt`); the plan
 *   shows its diff first. Adopting tags it.
 * - A new job gets a timeout: lakehouse.json's, else {@link DEFAULT_JOB_TIMEOUT_MINUTES} (Glue's own default is
 *   2,880 minutes a run). An existing job keeps its own unless lakehouse.json sets one.
 * - Before anything is sent: the role must be set, exist and be one Glue can assume (IAM GetRole, when allowed).
 * - Plans carry `warnings` (what the user should know before deploying); other checks of a script add theirs there.
 */
import type { GlueClient, Job as GlueJob, JobUpdate } from '@aws-sdk/client-glue';
import { LakehouseError } from '../../errors';
import type { JobDefinition } from '../../model';
import { DEFAULT_JOB_TIMEOUT_MINUTES } from '../../project/manifest';
import { isAwsError, type AwsCallContext, type AwsConnection } from './connection';
import { PROJECT_TAG, glueRoleProblem } from './glueRole';

export type DeployAction = 'create' | 'update' | 'unchanged';

/** One setting of a job that a deploy changes, with the values on both sides (for the diff). */
export interface SettingChange {
  /** `role`, `glueVersion`, `workerType`, `numberOfWorkers`, `timeout`, `scriptLocation`, `command`, `defaultArguments.<name>` */
  field: string;
  deployed: string | number | undefined;
  local: string | number | undefined;
}

/** Who a Glue job of the project's name belongs to. */
export type JobOwner = 'new' | 'project' | 'other';

/** What deploying one job would do. */
export interface JobDeployPlan {
  /** the job (with `deployedScript` when it exists in Glue) */
  job: JobDefinition;
  action: DeployAction;
  /** the local script (after `${variable}` expansion) differs from the deployed one (always true for `create`) */
  scriptChanged: boolean;
  /** the script at the deployed job's ScriptLocation; absent when not deployed or the object is gone */
  deployedScriptText?: string;
  /** the script as it would be deployed (after `${variable}` expansion) */
  localScriptText: string;
  /** the fields of {@link changes} */
  settingsChanged: string[];
  /** settings that differ from lakehouse.json, with both values */
  changes: SettingChange[];
  /** where the script goes: `s3://<bucket>/<glue.scriptsPrefix><job>.py` */
  scriptLocation: string;
  /**
   * `new`: not in Glue; `project`: tagged `lakehouse:project=<this project>`; `other`: a job of that name this project
   * did not create (another project's tag, or none) — updating it needs adopting it
   */
  owner: JobOwner;
  /** the owner's tag value when it is another project's, or why the tags could not be read */
  ownerDetail?: string;
  /** an update of a job this project did not create: refused unless adopted */
  needsAdoption: boolean;
  /**
   * a purge the script makes that no target runs (a bucket's root, a landing zone, the scripts' folder:
   * outputChecks.ts), as `file:line:column: message`: a deploy of the job is refused
   */
  refused?: string;
  /** what the user should know before deploying (`file:line: message` where a line is known): sinks a re-run duplicates, purges that cannot be checked, Glue Studio visual jobs */
  warnings: string[];
}

/** What a deploy did to one job. */
export interface JobDeployResult {
  job: string;
  action: DeployAction;
  scriptLocation: string;
  scriptChanged: boolean;
  settingsChanged: string[];
  /** the job was taken over (tagged as this project's) */
  adopted?: boolean;
}

/** The default arguments a job created in the Glue console gets (the manifest's arguments override them). */
export function consoleDefaultArguments(bucket: string): Record<string, string> {
  return {
    '--job-language': 'python',
    '--enable-continuous-cloudwatch-log': 'true',
    '--enable-metrics': 'true',
    '--enable-glue-datacatalog': 'true',
    '--TempDir': `s3://${bucket}/glue-temp/`,
    '--job-bookmark-option': 'job-bookmark-disable',
  };
}

/** The fields of a job this project sets; the rest of a deployed job's definition is kept. */
export interface OwnedJobFields {
  role: string;
  scriptLocation: string;
  glueVersion: string;
  workerType: string;
  numberOfWorkers: number;
  /** absent: the job keeps its own (a new one gets the default) */
  timeout?: number;
  defaultArguments: Record<string, string>;
}

/**
 * UpdateJob's input for a job Glue has as `deployed`: every field JobUpdate takes, as the job has it, with ours
 * over it. Our default arguments go over the job's (arguments lakehouse.json does not name stay); worker type and
 * count replace a MaxCapacity (Glue takes one or the other).
 */
export function mergeJobUpdate(deployed: GlueJob, ours: OwnedJobFields): JobUpdate {
  const kept: JobUpdate = {
    ...(deployed.JobMode !== undefined ? { JobMode: deployed.JobMode } : {}),
    ...(deployed.JobRunQueuingEnabled !== undefined ? { JobRunQueuingEnabled: deployed.JobRunQueuingEnabled } : {}),
    ...(deployed.Description !== undefined ? { Description: deployed.Description } : {}),
    ...(deployed.LogUri !== undefined ? { LogUri: deployed.LogUri } : {}),
    ...(deployed.ExecutionProperty !== undefined ? { ExecutionProperty: deployed.ExecutionProperty } : {}),
    ...(deployed.NonOverridableArguments !== undefined ? { NonOverridableArguments: deployed.NonOverridableArguments } : {}),
    ...(deployed.Connections !== undefined ? { Connections: deployed.Connections } : {}),
    ...(deployed.MaxRetries !== undefined ? { MaxRetries: deployed.MaxRetries } : {}),
    ...(deployed.Timeout !== undefined ? { Timeout: deployed.Timeout } : {}),
    ...(deployed.SecurityConfiguration !== undefined ? { SecurityConfiguration: deployed.SecurityConfiguration } : {}),
    ...(deployed.NotificationProperty !== undefined ? { NotificationProperty: deployed.NotificationProperty } : {}),
    ...(deployed.CodeGenConfigurationNodes !== undefined ? { CodeGenConfigurationNodes: deployed.CodeGenConfigurationNodes } : {}),
    ...(deployed.ExecutionClass !== undefined ? { ExecutionClass: deployed.ExecutionClass } : {}),
    ...(deployed.SourceControlDetails !== undefined ? { SourceControlDetails: deployed.SourceControlDetails } : {}),
    ...(deployed.MaintenanceWindow !== undefined ? { MaintenanceWindow: deployed.MaintenanceWindow } : {}),
  };
  return {
    ...kept,
    Role: ours.role,
    // the job's command with our script: a Runtime (or other field) of it stays
    Command: { ...deployed.Command, Name: 'glueetl', ScriptLocation: ours.scriptLocation, PythonVersion: '3' },
    GlueVersion: ours.glueVersion,
    WorkerType: ours.workerType as JobUpdate['WorkerType'],
    NumberOfWorkers: ours.numberOfWorkers,
    ...(ours.timeout !== undefined ? { Timeout: ours.timeout } : {}),
    DefaultArguments: { ...deployed.DefaultArguments, ...ours.defaultArguments },
  };
}

/** The settings of `deployed` that a deploy of `ours` changes. */
export function jobChanges(deployed: GlueJob, ours: OwnedJobFields): SettingChange[] {
  const out: SettingChange[] = [];
  const add = (field: string, was: string | number | undefined, now: string | number | undefined) => {
    if (was !== now) out.push({ field, deployed: was, local: now });
  };
  add('role', deployed.Role, ours.role);
  add('glueVersion', deployed.GlueVersion, ours.glueVersion);
  add('workerType', deployed.WorkerType, ours.workerType);
  add('numberOfWorkers', deployed.NumberOfWorkers, ours.numberOfWorkers);
  if (ours.timeout !== undefined) add('timeout', deployed.Timeout, ours.timeout);
  add('scriptLocation', deployed.Command?.ScriptLocation, ours.scriptLocation);
  const command = (c: GlueJob['Command']) => (c ? `${c.Name ?? '?'} (Python ${c.PythonVersion ?? '?'})` : undefined);
  add('command', command(deployed.Command), 'glueetl (Python 3)');
  const args = deployed.DefaultArguments ?? {};
  for (const k of Object.keys(ours.defaultArguments).sort()) add(`defaultArguments.${k}`, args[k], ours.defaultArguments[k]);
  return out;
}

/** `field: deployed → local` lines of a plan's changes, for a terminal or a modal. */
export function describeChanges(changes: SettingChange[]): string[] {
  const v = (x: string | number | undefined) => (x === undefined ? '(not set)' : JSON.stringify(x));
  return changes.map((c) => `${c.field}: ${v(c.deployed)} → ${v(c.local)}`);
}

/** The ARN Glue tags a job by: `arn:<partition>:glue:<region>:<account>:job/<name>`. */
export function jobArn(region: string, account: string, name: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:glue:${region}:${account}:job/${name}`;
}

export interface DeployContext {
  conn: AwsConnection;
  projectName: string;
  role: string | undefined;
  manifestPath: string;
}

async function glueSend<T>(conn: AwsConnection, call: AwsCallContext, fn: (client: GlueClient, sdk: typeof import('@aws-sdk/client-glue')) => Promise<T>): Promise<T> {
  const [client, sdk] = await Promise.all([conn.glue(), import('@aws-sdk/client-glue')]);
  return conn.call(call, () => fn(client, sdk));
}

/**
 * Who the deployed job belongs to, by its `lakehouse:project` tag (Glue GetTags). Tags that cannot be read (no
 * account, glue:GetTags denied) leave the job someone else's: it is adopted explicitly or not touched.
 */
export async function jobOwner(ctx: DeployContext, name: string, account: { account?: string; why?: string }): Promise<{ owner: JobOwner; detail?: string }> {
  if (!account.account) return { owner: 'other', detail: `its tags could not be read (the account is not known: ${account.why ?? 'no answer'})` };
  try {
    const res = await glueSend(ctx.conn, { action: 'glue:GetTags', resource: `job ${name}` }, (c, { GetTagsCommand }) =>
      c.send(new GetTagsCommand({ ResourceArn: jobArn(ctx.conn.region, account.account!, name) })),
    );
    const tag = res.Tags?.[PROJECT_TAG];
    if (tag === ctx.projectName) return { owner: 'project' };
    return { owner: 'other', detail: tag !== undefined ? `it belongs to the lakehouse project "${tag}"` : `it has no ${PROJECT_TAG} tag: it was not created by this project` };
  } catch (e) {
    if (isAwsError(e, 'AccessDenied')) return { owner: 'other', detail: `its tags could not be read (glue:GetTags was refused)` };
    throw e;
  }
}

/** Adds the project tag to an adopted job (TagResource). */
export async function tagJob(ctx: DeployContext, name: string, account: string): Promise<void> {
  await glueSend(ctx.conn, { action: 'glue:TagResource', resource: `job ${name}` }, (c, { TagResourceCommand }) =>
    c.send(new TagResourceCommand({ ResourceArn: jobArn(ctx.conn.region, account, name), TagsToAdd: { [PROJECT_TAG]: ctx.projectName } })),
  );
}

/** The role lakehouse.json names, checked before anything is sent: set, existing, assumable by Glue. */
export async function requireDeployRole(ctx: DeployContext): Promise<string> {
  const role = ctx.role?.trim();
  if (!role) {
    throw new LakehouseError(
      'ManifestInvalid',
      `${ctx.manifestPath}: glue.role is not set: the Glue jobs need an IAM role to run as — create one for this project with \`lakehouse role --create\` (or "Lakehouse: Set Up Glue Role…"), or name an existing one with \`lakehouse role --use <name>\``,
      { file: ctx.manifestPath, field: 'glue.role' },
    );
  }
  const problem = await glueRoleProblem(ctx.conn, role);
  if (problem) throw new LakehouseError('InvalidInput', `${ctx.manifestPath}: glue.role: ${problem}`, { file: ctx.manifestPath, field: 'glue.role' });
  return role;
}

/** Creates the job (tagged as the project's) or updates it merged over its deployed definition. */
export async function putJob(
  ctx: DeployContext,
  name: string,
  ours: OwnedJobFields,
  deployed: GlueJob | undefined,
  signal: AbortSignal | undefined,
): Promise<'create' | 'update'> {
  const opts = signal ? { abortSignal: signal } : {};
  const update = (base: GlueJob) =>
    glueSend(ctx.conn, { action: 'glue:UpdateJob', resource: `job ${name}` }, (c, { UpdateJobCommand }) => c.send(new UpdateJobCommand({ JobName: name, JobUpdate: mergeJobUpdate(base, ours) }), opts));
  if (deployed) {
    await update(deployed);
    return 'update';
  }
  try {
    await glueSend(ctx.conn, { action: 'glue:CreateJob', resource: `job ${name}` }, (c, { CreateJobCommand }) =>
      c.send(
        new CreateJobCommand({
          Name: name,
          Role: ours.role,
          Command: { Name: 'glueetl', ScriptLocation: ours.scriptLocation, PythonVersion: '3' },
          GlueVersion: ours.glueVersion,
          WorkerType: ours.workerType as JobUpdate['WorkerType'],
          NumberOfWorkers: ours.numberOfWorkers,
          Timeout: ours.timeout ?? DEFAULT_JOB_TIMEOUT_MINUTES,
          DefaultArguments: ours.defaultArguments,
          Tags: { [PROJECT_TAG]: ctx.projectName },
        }),
        opts,
      ),
    );
    return 'create';
  } catch (e) {
    if (!isAwsError(e, 'AlreadyExists')) throw e;
    // created meanwhile (another deploy): it is not known to be ours, so it is not touched
    throw new LakehouseError('AlreadyExists', `job ${name} was created in Glue while this deploy ran: deploy again to see what it holds`, { object: name }, { cause: e });
  }
}
