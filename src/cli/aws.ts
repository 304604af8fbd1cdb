/**
 * The CLI's AWS parts: connection settings from the flags and the environment, and `deploy` (a plan, a diff of the
 * scripts that changed, a confirmation on a terminal, then the deployment).
 */
import { createTwoFilesPatch } from 'diff';
import * as readline from 'node:readline/promises';
import { LakehouseError } from '../core/errors';
import type { Target } from '../core/target';
import type { AwsTarget, AwsTargetOptions } from '../core/targets/aws';
import type { AwsService } from '../core/targets/aws/connection';

export interface AwsCliOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  workgroup?: string;
  outputLocation?: string;
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
  return {
    ...(o.profile !== undefined ? { profile: o.profile } : {}),
    ...(o.region !== undefined ? { region: o.region } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(Object.keys(endpoints).length > 0 && o.endpointUrl === undefined ? { endpoints } : {}),
    ...(o.workgroup !== undefined ? { workgroup: o.workgroup } : {}),
    ...(o.outputLocation !== undefined ? { outputLocation: o.outputLocation } : {}),
  };
}

export function isAws(target: Target): target is AwsTarget {
  return target.kind === 'aws';
}

export interface DeployOutcome {
  job: string;
  action: 'create' | 'update' | 'unchanged';
  scriptChanged: boolean;
  settingsChanged: string[];
  deployed: boolean;
}

/**
 * Shows what a deployment changes (a unified diff per changed script, the settings that differ), asks on a
 * terminal unless `yes`, and deploys. Without `yes` and without a terminal to ask on, it refuses (CI passes `--yes`).
 */
export async function deployJobs(
  target: AwsTarget,
  progress: ProgressSink,
  options: { jobs?: string[]; yes?: boolean; dryRun?: boolean; signal?: AbortSignal } = {},
): Promise<DeployOutcome[]> {
  const plan = (await target.jobs.deployPlan()).filter((p) => !options.jobs || options.jobs.includes(p.job.name));
  if (options.jobs) {
    const unknown = options.jobs.filter((j) => !plan.some((p) => p.job.name === j));
    if (unknown.length > 0) throw new LakehouseError('EntityNotFound', `no script for job ${unknown.join(', ')} in the scripts folder`, { object: unknown[0]! });
  }
  const changes = plan.filter((p) => p.action !== 'unchanged');
  // before anything is shown or asked: a purge no target runs stops the deploy; the rest are warnings
  const refused = changes.find((p) => p.refused !== undefined);
  if (refused) throw new LakehouseError('ScriptUnsupported', `deploy of job ${refused.job.name} refused: ${refused.refused}`, { file: refused.job.scriptPath, object: refused.job.name });
  for (const p of plan) for (const w of p.warnings) progress.warn(`warning: ${w}`);
  for (const p of plan) {
    if (p.action === 'unchanged') progress.info(`  ${p.job.name}: up to date`);
    else if (p.action === 'create') progress.info(`  ${p.job.name}: new job (script ${p.job.scriptPath})`);
    else {
      progress.info(`  ${p.job.name}: update${p.settingsChanged.length > 0 ? ` (settings: ${p.settingsChanged.join(', ')})` : ''}${p.scriptChanged ? ', script changed:' : ''}`);
      if (p.scriptChanged) {
        const patch = createTwoFilesPatch(`deployed ${p.job.deployedScript ?? p.job.name}`, `local ${p.job.scriptPath}`, p.deployedScriptText ?? '', p.localScriptText);
        progress.info(patch.split('\n').slice(1).join('\n').trimEnd());
      }
    }
  }
  const outcome = (deployed: boolean): DeployOutcome[] =>
    plan.map((p) => ({ job: p.job.name, action: p.action, scriptChanged: p.scriptChanged, settingsChanged: p.settingsChanged, deployed: deployed && p.action !== 'unchanged' }));
  if (changes.length === 0 || options.dryRun) return outcome(false);
  if (!options.yes) {
    if (!process.stdin.isTTY) throw new LakehouseError('InvalidInput', `deploy would change ${changes.length} job(s): pass --yes to deploy without a terminal to confirm on`);
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`Deploy ${changes.length} job(s) to ${target.label}? [y/N] `).finally(() => rl.close());
    if (!/^y(es)?$/i.test(answer.trim())) throw new LakehouseError('Cancelled', 'deploy cancelled: nothing was changed');
  }
  await target.jobs.deploy({ jobs: changes.map((c) => c.job.name), ...(options.signal ? { signal: options.signal } : {}) });
  progress.info(`• deployed ${changes.map((c) => c.job.name).join(', ')}`);
  return outcome(true);
}

/** Warns (on stderr) about jobs whose local script differs from the deployed one, before a run. */
export async function warnUndeployed(target: AwsTarget, progress: ProgressSink, jobs?: string[]): Promise<void> {
  const plan = (await target.jobs.deployPlan()).filter((p) => !jobs || jobs.includes(p.job.name));
  for (const p of plan) {
    if (p.action === 'create') progress.info(`warning: job ${p.job.name} is not deployed: run \`lakehouse --target aws deploy\` (or \`run --deploy\`)`);
    else if (p.action === 'update') progress.info(`warning: job ${p.job.name} on AWS differs from ${p.job.scriptPath}: it runs the deployed version (\`lakehouse --target aws deploy\` to update it)`);
  }
}
