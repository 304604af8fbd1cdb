// The AWS target as the extension sees it (plain TypeScript, no `vscode`): the options AwsTarget.open() gets from
// the settings and the environment, and the parts of the AWS target the commands use beyond the Target interface.
import { awsSettingsFromEnv } from '../cli/aws';
import type { JobDefinition, JobRun } from '../core/model';
import type { JobService, Target } from '../core/target';
import type { Project } from '../core/project/manifest';
import type { AwsTargetOptions } from '../core/targets/aws';
import type { AwsConnection } from '../core/targets/aws/connection';
import type { SetupCheck } from '../core/targets/aws/doctor';
import type { SettingChange } from '../core/targets/aws/glueDeploy';

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
  /** seconds to connect to an AWS endpoint; absent: 10 */
  connectTimeout?: number;
  /** seconds a request may go unanswered; absent: 60 */
  requestTimeout?: number;
  /** ask before a query whose tables hold more than this many GB; absent: 10 */
  confirmScanAboveGB?: number;
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
      ...(aws.connectTimeout !== undefined ? { connectTimeout: aws.connectTimeout } : {}),
      ...(aws.requestTimeout !== undefined ? { requestTimeout: aws.requestTimeout } : {}),
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
  /** the settings that change, with both values (absent in plans of older callers: no values to show) */
  changes?: SettingChange[];
  /** an update of a Glue job this project did not create: deploying it takes it over */
  needsAdoption?: boolean;
  /** whose the job is, when not the project's */
  ownerDetail?: string;
  /** what the user should know first (`file:line: message` where a line is known) */
  warnings?: string[];
}

/** The Glue job service of the AWS target: the JobService, plus deployment and live logs. */
export interface AwsJobs extends JobService {
  deployPlan(options?: { jobs?: string[]; signal?: AbortSignal }): Promise<DeployPlanItem[]>;
  deploy(options?: {
    jobs?: string[];
    adopt?: boolean | string[];
    signal?: AbortSignal;
    onJob?: (result: { job: string; action: DeployPlanItem['action']; adopted?: boolean }) => void;
  }): Promise<unknown>;
  /** follows the run's CloudWatch logs while it is in progress; resolves with the final run */
  tail(jobName: string, runId: string, onLines: (lines: string[]) => void, options?: { signal?: AbortSignal }): Promise<JobRun>;
}

/** The AWS target as the extension uses it (AwsTarget satisfies it). */
export interface AwsTargetApi extends Target {
  readonly kind: 'aws';
  readonly project: Project;
  readonly connection: AwsConnection;
  readonly jobs: AwsJobs;
  checkSetup(options?: { signal?: AbortSignal }): Promise<SetupCheck[]>;
}
