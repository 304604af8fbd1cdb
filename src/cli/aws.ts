/**
 * The CLI's AWS parts: connection settings from the flags and the environment; `deploy` (a plan, a diff of the
 * scripts and settings that change, jobs this project did not create left alone unless adopted, a confirmation on
 * a terminal, then the deployment); `role` (show, create or pick the Glue role); `doctor`; the MFA code prompt; and
 * the question before a query that would scan more than a threshold.
 */
import { createTwoFilesPatch } from 'diff';
import * as readline from 'node:readline/promises';
import { LakehouseError } from '../core/errors';
import type { Project } from '../core/project/manifest';
import type { Target } from '../core/target';
import type { AwsTarget, AwsTargetOptions } from '../core/targets/aws';
import type { AwsService } from '../core/targets/aws/connection';
import { describeChanges, type JobDeployPlan } from '../core/targets/aws/glueDeploy';
import type { UndeployPlan, UndeployResult } from '../core/targets/aws/glueUndeploy';

export interface AwsCliOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  workgroup?: string;
  outputLocation?: string;
  /** seconds */
  connectTimeout?: number;
  /** seconds */
  requestTimeout?: number;
}

export interface ProgressSink {
  info(line: string): void;
  /** a warning: printed even when progress is silenced */
  warn(line: string): void;
}

/** Environment variables of service-specific endpoints, as the AWS CLI and SDKs name them. */
const SERVICE_ENDPOINT_ENV: Record<AwsService, string> = {
  s3: 'AWS_ENDPOINT_URL_S3',
  glue: 'AWS_ENDPOINT_URL_GLUE',
  athena: 'AWS_ENDPOINT_URL_ATHENA',
  logs: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
  iam: 'AWS_ENDPOINT_URL_IAM',
  sts: 'AWS_ENDPOINT_URL_STS',
};

/**
 * The AWS target's settings: flags first, then the environment (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`;
 * `AWS_PROFILE` and the credentials are read by the SDK's provider chain).
 */
export function awsSettingsFromEnv(o: AwsCliOptions, env: NodeJS.ProcessEnv): AwsTargetOptions {
  const endpoints: Partial<Record<AwsService, string>> = {};
  for (const [service, name] of Object.entries(SERVICE_ENDPOINT_ENV) as [AwsService, string][]) {
    const v = env[name];
    if (v) endpoints[service] = v;
  }
  const endpoint = o.endpointUrl ?? (env['AWS_ENDPOINT_URL'] || undefined);
  const timeouts = {
    ...(o.connectTimeout !== undefined ? { connectMs: o.connectTimeout * 1000 } : {}),
    ...(o.requestTimeout !== undefined ? { requestMs: o.requestTimeout * 1000, idleMs: o.requestTimeout * 1000 } : {}),
  };
  return {
    ...(o.profile !== undefined ? { profile: o.profile } : {}),
    ...(o.region !== undefined ? { region: o.region } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(Object.keys(endpoints).length > 0 && o.endpointUrl === undefined ? { endpoints } : {}),
    ...(o.workgroup !== undefined ? { workgroup: o.workgroup } : {}),
    ...(o.outputLocation !== undefined ? { outputLocation: o.outputLocation } : {}),
    ...(Object.keys(timeouts).length > 0 ? { timeouts } : {}),
  };
}

export function isAws(target: Target): target is AwsTarget {
  return target.kind === 'aws';
}

/** Asks a question on the terminal (stderr), or undefined when there is none to ask on. */
async function ask(question: string, signal?: AbortSignal): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question, signal ? { signal } : {});
  } finally {
    rl.close();
  }
}

/**
 * The MFA code prompt of a profile that assumes a role with `mfa_serial`: asked on the terminal; without one, the
 * error says how to get credentials another way.
 */
export function terminalMfaCode(profile: () => string): (serial: string) => Promise<string> {
  return async (serial) => {
    const code = await ask(`MFA code for ${serial} (profile ${profile()}): `);
    if (code === undefined) {
      throw new LakehouseError(
        'InvalidInput',
        `AWS profile "${profile()}" assumes a role that needs an MFA code (mfa_serial ${serial}) and there is no terminal to ask for it on: run on a terminal, or use credentials from \`aws sts get-session-token --serial-number ${serial} --token-code <code>\``,
        { field: 'profile' },
      );
    }
    const trimmed = code.trim();
    if (!/^\d{6}$/.test(trimmed)) throw new LakehouseError('InvalidInput', `"${trimmed}" is not an MFA code (six digits)`, { field: 'mfa' });
    return trimmed;
  };
}

export interface DeployOutcome {
  job: string;
  action: 'create' | 'update' | 'unchanged';
  scriptChanged: boolean;
  settingsChanged: string[];
  /** a job this project did not create, taken over with --adopt */
  adopted: boolean;
  deployed: boolean;
}

/** The plan as lines for the terminal: per job what happens, the settings with both values, the script's diff. */
export function describePlan(plan: JobDeployPlan[]): string[] {
  const out: string[] = [];
  for (const p of plan) {
    if (p.action === 'unchanged') out.push(`  ${p.job.name}: up to date`);
    else if (p.action === 'create') out.push(`  ${p.job.name}: new job (script ${p.job.scriptPath})`);
    else {
      const whose = p.owner === 'project' ? '' : ` — NOT created by this project (${p.ownerDetail ?? 'no project tag'}): --adopt ${p.job.name} to take it over`;
      out.push(`  ${p.job.name}: update${whose}`);
      for (const line of describeChanges(p.changes)) out.push(`    ${line}`);
      if (p.scriptChanged) {
        const patch = createTwoFilesPatch(`deployed ${p.job.deployedScript ?? p.job.name}`, `local ${p.job.scriptPath}`, p.deployedScriptText ?? '', p.localScriptText);
        out.push(patch.split('\n').slice(1).join('\n').trimEnd());
      }
    }
  }
  return out;
}

/**
 * Shows what a deployment changes, asks on a terminal unless `yes`, and deploys. Without `yes` and without a
 * terminal to ask on, it refuses (CI passes `--yes`). A job that exists in Glue but was not created by this project
 * is only updated when adopted (`adopt`: true for all, or the names).
 */
export async function deployJobs(
  target: AwsTarget,
  progress: ProgressSink,
  options: { jobs?: string[]; yes?: boolean; dryRun?: boolean; adopt?: boolean | string[]; signal?: AbortSignal; /** the command, for messages (default `deploy`) */ command?: string } = {},
): Promise<DeployOutcome[]> {
  const command = options.command ?? 'deploy';
  const plan = await target.jobs.deployPlan({ ...(options.jobs ? { jobs: options.jobs } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  const changes = plan.filter((p) => p.action !== 'unchanged');
  // before anything is shown or asked: a purge no target runs stops the deploy; the rest are warnings
  const refused = changes.find((p) => p.refused !== undefined);
  if (refused) throw new LakehouseError('ScriptUnsupported', `deploy of job ${refused.job.name} refused: ${refused.refused}`, { file: refused.job.scriptPath, object: refused.job.name });
  for (const p of plan) for (const w of p.warnings) progress.warn(`warning: ${w}`);
  for (const line of describePlan(plan)) progress.info(line);
  const adopting = (name: string) => options.adopt === true || (Array.isArray(options.adopt) && options.adopt.includes(name));
  const outcome = (deployed: boolean): DeployOutcome[] =>
    plan.map((p) => ({
      job: p.job.name,
      action: p.action,
      scriptChanged: p.scriptChanged,
      settingsChanged: p.settingsChanged,
      adopted: deployed && p.needsAdoption && adopting(p.job.name),
      deployed: deployed && p.action !== 'unchanged',
    }));
  // a first deploy (no job of the project is in Glue yet): the setup is checked first, and what is wrong said
  if (plan.length > 0 && plan.every((p) => p.action === 'create')) {
    const { formatChecks } = await import('../core/targets/aws/doctor');
    const rows = (await target.checkSetup(options.signal ? { signal: options.signal } : {})).filter((r) => r.status === 'fail');
    if (rows.length > 0) progress.warn(`warning: a first deploy to ${target.label}, and the setup check (lakehouse doctor) finds:\n${formatChecks(rows)}`);
  }
  if (changes.length === 0 || options.dryRun) return outcome(false);
  if (Array.isArray(options.adopt)) {
    const unknown = options.adopt.filter((n) => !plan.some((p) => p.job.name === n));
    if (unknown.length > 0) throw new LakehouseError('EntityNotFound', `--adopt ${unknown.join(' ')}: no such job in this project`, { object: unknown[0]! });
  }
  if (!options.yes) {
    const answer = await ask(`Deploy ${changes.length} job(s) to ${target.label}? [y/N] `, options.signal);
    if (answer === undefined)
      throw new LakehouseError('InvalidInput', `${command} would change ${changes.length} job(s) and there is no terminal to confirm on: nothing was deployed; pass --yes (\`lakehouse --target aws ${command} --yes\`) to deploy without asking`);
    if (!/^y(es)?$/i.test(answer.trim())) throw new LakehouseError('Cancelled', `${command} cancelled: nothing was changed`);
  }
  const done = await target.jobs.deploy({
    plans: changes,
    ...(options.adopt !== undefined ? { adopt: options.adopt } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  progress.info(`• deployed ${done.map((c) => `${c.job}${c.adopted ? ' (adopted)' : ''}`).join(', ')}`);
  return outcome(true);
}

/** The plan of an undeploy as lines for the terminal: what goes, then what stays and why. */
export function describeUndeploy(plan: UndeployPlan): string[] {
  return [
    ...plan.jobs.map((j) => `  delete job ${j.name}`),
    ...plan.scripts.map((s) => `  delete ${s}`),
    ...plan.tables.map((t) => `  delete table ${t} (its definition; the files under its LOCATION stay)`),
    ...(plan.database !== undefined ? [`  delete database ${plan.database}`] : []),
    ...plan.left.map((l) => `  leave ${l.what}: ${l.why}`),
  ];
}

/**
 * `lakehouse undeploy`: shows what goes and what stays, asks on a terminal unless `yes` (refused without one), and
 * deletes. Returns the plan alone (nothing deleted) for `dryRun` or when there is nothing to delete.
 */
export async function undeployProject(
  target: AwsTarget,
  progress: ProgressSink,
  options: { yes?: boolean; dryRun?: boolean; catalog?: boolean; signal?: AbortSignal } = {},
): Promise<UndeployResult> {
  const plan = await target.undeployPlan({ ...(options.catalog ? { catalog: true } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  for (const line of describeUndeploy(plan)) progress.info(line);
  const count = plan.jobs.length + plan.scripts.length + plan.tables.length + (plan.database !== undefined ? 1 : 0);
  const nothing: UndeployResult = { deleted: { jobs: [], scripts: [], tables: [] }, left: plan.left };
  if (count === 0) {
    progress.info(`\u2022 nothing to undeploy on ${target.label}: no Glue job carries the tag lakehouse:project=${target.project.manifest.name}${options.catalog ? ' and no table of the project\'s DDL is in the catalog' : ''}`);
    return nothing;
  }
  if (options.dryRun) return nothing;
  const what = [
    `${plan.jobs.length} job(s)`,
    `${plan.scripts.length} script(s)`,
    ...(plan.tables.length > 0 ? [`${plan.tables.length} table(s)`] : []),
    ...(plan.database !== undefined ? [`database ${plan.database}`] : []),
  ].join(', ');
  if (!options.yes) {
    const answer = await ask(`Delete ${what} from ${target.label}? [y/N] `, options.signal);
    if (answer === undefined)
      throw new LakehouseError('InvalidInput', `undeploy would delete ${what} and there is no terminal to confirm on: nothing was deleted; pass --yes (\`lakehouse --target aws undeploy --yes\`) to delete without asking`);
    if (!/^y(es)?$/i.test(answer.trim())) throw new LakehouseError('Cancelled', 'undeploy cancelled: nothing was deleted');
  }
  return target.undeploy(plan, options.signal ? { signal: options.signal } : {});
}

/** Warns (on stderr) about jobs whose local script differs from the deployed one, before a run. */
export async function warnUndeployed(target: AwsTarget, progress: ProgressSink, jobs?: string[], signal?: AbortSignal): Promise<void> {
  const plan = await target.jobs.deployPlan({ ...(jobs ? { jobs } : {}), ...(signal ? { signal } : {}) });
  for (const p of plan) {
    if (p.action === 'create') progress.warn(`warning: job ${p.job.name} is not deployed: run \`lakehouse --target aws deploy\` (or \`run --deploy\`)`);
    else if (p.action === 'update') progress.warn(`warning: job ${p.job.name} on AWS differs from ${p.job.scriptPath}: it runs the deployed version (\`lakehouse --target aws deploy\` to update it)`);
  }
}

/**
 * Before a query on Athena: the scan estimate from the tables' file sizes; above `thresholdBytes` the user is asked
 * on a terminal (refused without one, unless `yes`). Returns the estimate line to print, if any.
 */
export async function confirmScan(
  target: AwsTarget,
  project: Project,
  sql: string,
  database: string,
  options: { thresholdBytes: number; yes: boolean; signal?: AbortSignal },
): Promise<string | undefined> {
  const { estimateScan, describeEstimate, needsConfirmation } = await import('../core/targets/aws/scanEstimate');
  const estimate = await target.connection.withSignal(options.signal, () => estimateScan(sql, database ?? project.manifest.database, target, options.signal ? { signal: options.signal } : {}));
  // a query DuckDB's parser does not read (a typo, or Trino syntax it lacks) runs on Athena with no line: its parser
  // text (`syntax error at or near "SELEC"`) before Athena's own answer would be noise
  if (estimate.unparsed) return undefined;
  if (estimate.unread !== undefined) return `scan estimate: none (${estimate.unread})`;
  // a statement that reads no table (SELECT 1, DDL) scans nothing: no line
  if (estimate.tables.length === 0) return undefined;
  const line = `scan estimate: ${describeEstimate(estimate)}`;
  if (!needsConfirmation(estimate, options.thresholdBytes) || options.yes) return line;
  const limit = `${(options.thresholdBytes / 1e9).toFixed(1)} GB`;
  const answer = await ask(`${line}\nThis is more than --confirm-scan-above (${limit}). Run it on Athena? [y/N] `, options.signal);
  if (answer === undefined) {
    throw new LakehouseError('InvalidInput', `${line}: more than ${limit} (--confirm-scan-above): pass --yes to run it without a terminal to confirm on, or raise the limit`);
  }
  if (!/^y(es)?$/i.test(answer.trim())) throw new LakehouseError('Cancelled', 'query not run: nothing was scanned');
  return undefined;
}


/** Where a command's data (stdout) and progress (stderr) go. */
export interface CommandOutput {
  print(text: string): void;
  printJson(value: unknown): void;
}

/** `lakehouse doctor`: the setup checks, ok / warn / fail with the fix; fails when a check fails. */
export async function doctor(target: AwsTarget, o: { json: boolean }, out: CommandOutput, signal: AbortSignal): Promise<void> {
  const { formatChecks } = await import('../core/targets/aws/doctor');
  const rows = await target.checkSetup({ signal });
  if (o.json) out.printJson(rows);
  else out.print(`${formatChecks(rows)}\n`);
  const failed = rows.filter((r) => r.status === 'fail');
  if (failed.length > 0) throw new LakehouseError('InvalidInput', `${failed.length} check(s) failed: ${failed.map((r) => r.title).join(', ')}`);
}

export interface RoleCommandOptions {
  create?: boolean;
  name?: string;
  use?: string;
  list?: boolean;
  yes?: boolean;
  json?: boolean;
}

/**
 * `lakehouse role`: shows and checks lakehouse.json's glue.role; `--list` the account's roles Glue may assume;
 * `--create` makes one for the project (after showing what it holds and asking); `--use` checks an existing one and
 * writes it to lakehouse.json.
 */
export async function glueRole(project: Project, target: AwsTarget, o: RoleCommandOptions, out: CommandOutput & { progress: ProgressSink }, signal: AbortSignal): Promise<void> {
  const role = await import('../core/targets/aws/glueRole');
  const conn = target.connection;
  await conn.withSignal(signal, async () => {
    if (o.list) {
      const roles = await role.listGlueRoles(conn);
      if (o.json) out.printJson(roles);
      else out.print(roles.length > 0 ? `${roles.map((r) => r.arn).join('\n')}\n` : 'no role of this account lets glue.amazonaws.com assume it\n');
      return;
    }
    if (o.create && o.use) throw new LakehouseError('InvalidInput', '--create and --use: choose one');
    if (o.create) {
      const plan = role.glueRolePlan(project, o.name);
      const account = (await conn.callerIdentity()).account;
      out.progress.info(role.describeGlueRolePlan(plan, account));
      if (!o.yes) {
        const answer = await ask(`Create this role in account ${account}? [y/N] `, signal);
        if (answer === undefined) throw new LakehouseError('InvalidInput', 'role --create: pass --yes to create the role without a terminal to confirm on');
        if (!/^y(es)?$/i.test(answer.trim())) throw new LakehouseError('Cancelled', 'no role was created');
      }
      const made = await role.createGlueRole(conn, plan);
      await role.writeGlueRole(project, made.arn);
      out.progress.info(`• created ${made.arn}; lakehouse.json glue.role set`);
      if (o.json) out.printJson(made);
      return;
    }
    if (o.use) {
      const found = await role.getRole(conn, o.use);
      if (!found) throw new LakehouseError('EntityNotFound', `no IAM role ${o.use} in this account (lakehouse role --list shows the ones Glue can assume)`, { object: o.use });
      if (!found.trustsGlue) throw new LakehouseError('InvalidInput', `Glue cannot assume ${found.arn}: its trust policy does not allow glue.amazonaws.com to sts:AssumeRole`, { object: found.arn });
      await role.writeGlueRole(project, found.arn);
      out.progress.info(`• lakehouse.json glue.role set to ${found.arn}`);
      if (o.json) out.printJson(found);
      return;
    }
    const set = project.manifest.glue.role;
    if (!set) throw new LakehouseError('InvalidInput', 'lakehouse.json has no glue.role: create one (lakehouse role --create) or use an existing one (lakehouse role --use <name>; --list shows them)', { field: 'glue.role' });
    const found = await role.getRole(conn, set);
    if (o.json) out.printJson(found ?? null);
    else out.print(`${set}: ${!found ? 'does not exist in this account' : found.trustsGlue ? 'exists; Glue may assume it' : 'exists, but its trust policy does not let Glue assume it'}\n`);
    if (!found || !found.trustsGlue) throw new LakehouseError('InvalidInput', `glue.role ${set} cannot be used by Glue`, { field: 'glue.role' });
  });
}

