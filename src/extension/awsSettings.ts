// The AWS target as the extension sees it (plain TypeScript, no `vscode`): the options AwsTarget.open() gets from
// the settings and the environment, and the parts of the AWS target the commands use beyond the Target interface.
import { awsSettingsFromEnv } from '../cli/aws';
import type { JobDefinition, JobRun } from '../core/model';
import type { JobService, Target } from '../core/target';
import type { AwsTargetOptions } from '../core/targets/aws';

/** The `lakehouse.aws.*` settings; an empty string means "not set" (the default of each). */
export interface AwsConfig {
  /** a profile of the shared config files; "" = the SDK's default chain (environment, AWS_PROFILE, default) */
  profile: string;
  /** "" = lakehouse.json's region */
  region: string;
  /** "" = AWS itself (no custom endpoint); AWS_ENDPOINT_URL_<SERVICE> still applies */
  endpoint: string;
  /** "" = lakehouse.json's athena.workgroup */
  athenaWorkgroup: string;
  /** "" = lakehouse.json's athena.outputLocation */
  athenaOutputLocation: string;
}

/**
 * AwsTarget options: the settings first, then the environment the CLI reads too (`AWS_ENDPOINT_URL`,
 * `AWS_ENDPOINT_URL_S3`, `…_GLUE`, `…_ATHENA`, `…_CLOUDWATCH_LOGS`; the credentials and `AWS_PROFILE` are the SDK's).
 */
export function awsTargetOptions(aws: AwsConfig, env: NodeJS.ProcessEnv): AwsTargetOptions {
  return awsSettingsFromEnv(
    {
      ...(aws.profile ? { profile: aws.profile } : {}),
      ...(aws.region ? { region: aws.region } : {}),
      ...(aws.endpoint ? { endpointUrl: aws.endpoint } : {}),
      ...(aws.athenaWorkgroup ? { workgroup: aws.athenaWorkgroup } : {}),
      ...(aws.athenaOutputLocation ? { outputLocation: aws.athenaOutputLocation } : {}),
    },
    env,
  );
}

/** One job of a deployment plan (GlueJobService.deployPlan()). */
export interface DeployPlanItem {
  job: JobDefinition;
  action: 'create' | 'update' | 'unchanged';
  scriptChanged: boolean;
  deployedScriptText?: string;
  localScriptText: string;
  settingsChanged: string[];
  /** a purge no target runs (`file:line:column: message`): the deploy is refused */
  refused?: string;
  /** what the script's output does that the user should know (`file:line: message`) */
  warnings?: string[];
}

/** The Glue job service of the AWS target: the JobService, plus deployment and live logs. */
export interface AwsJobs extends JobService {
  deployPlan(options?: { jobs?: string[]; signal?: AbortSignal }): Promise<DeployPlanItem[]>;
  deploy(options?: { jobs?: string[]; signal?: AbortSignal; onJob?: (result: { job: string; action: DeployPlanItem['action'] }) => void }): Promise<unknown>;
  /** follows the run's CloudWatch logs while it is in progress; resolves with the final run */
  tail(jobName: string, runId: string, onLines: (lines: string[]) => void, options?: { signal?: AbortSignal }): Promise<JobRun>;
}

/** The AWS target as the extension uses it (AwsTarget satisfies it). */
export interface AwsTargetApi extends Target {
  readonly kind: 'aws';
  readonly connection: { readonly label: string; checkCredentials(): Promise<void>; refresh(): void };
  readonly jobs: AwsJobs;
}
