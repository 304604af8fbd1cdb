/**
 * The AWS target: S3 for the zones, the Glue Data Catalog, Athena for SQL, Glue for jobs (with CloudWatch Logs) —
 * the same {@link Target} interface as the local target, so the CLI, the explorer and the commands work unchanged.
 * The SDK clients load on first use (see {@link AwsConnection}).
 */
import { LakehouseError } from '../../errors';
import { projectJobDefinitions, type Project } from '../../project/manifest';
import type { Target } from '../../target';
import { AthenaQueryEngine } from './athena';
import { AwsConnection, type AwsConnectionSettings } from './connection';
import { checkAwsSetup, type SetupCheck } from './doctor';
import { GlueCatalog } from './glueCatalog';
import { GlueJobService } from './glueJobs';
import { undeploy, undeployPlan, type UndeployContext, type UndeployPlan, type UndeployResult } from './glueUndeploy';
import { S3ObjectStore, type S3StoreOptions } from './s3';

export interface AwsTargetOptions extends AwsConnectionSettings {
  /** Athena workgroup; default: lakehouse.json's `athena.workgroup` (`primary`) */
  workgroup?: string;
  /** Athena result location; default: lakehouse.json's `athena.outputLocation` (`s3://<bucket>/athena-results/`) */
  outputLocation?: string;
  s3?: S3StoreOptions;
  /** job-run polling intervals (tests make them short) */
  jobPollMs?: { initial: number; max: number };
  /** for this long after a run ended, reading its log goes on until two reads are quiet (CloudWatch delivers late); default 10 s */
  jobLogSettleMs?: number;
  /** how long polls (job runs, queries) keep trying through transient failures; default 5 minutes */
  pollPatienceMs?: number;
}

export class AwsTarget implements Target {
  readonly kind = 'aws' as const;
  readonly storage: S3ObjectStore;
  readonly catalog: GlueCatalog;
  readonly queries: AthenaQueryEngine;
  readonly jobs: GlueJobService;

  private constructor(
    readonly project: Project,
    readonly connection: AwsConnection,
    options: AwsTargetOptions,
  ) {
    this.storage = new S3ObjectStore(connection, options.s3 ?? {});
    this.catalog = new GlueCatalog(connection);
    const athena = project.manifest.athena;
    const outputLocation = options.outputLocation ?? athena.outputLocation;
    this.queries = new AthenaQueryEngine(connection, {
      workgroup: options.workgroup ?? athena.workgroup,
      outputLocation: outputLocation.endsWith('/') ? outputLocation : `${outputLocation}/`,
      s3: this.storage,
      ...(options.pollPatienceMs !== undefined ? { pollPatienceMs: options.pollPatienceMs } : {}),
    });
    this.jobs = new GlueJobService(connection, project, this.storage, {
      ...(options.jobPollMs ? { pollMs: options.jobPollMs } : {}),
      ...(options.jobLogSettleMs !== undefined ? { logSettleMs: options.jobLogSettleMs } : {}),
      ...(options.pollPatienceMs !== undefined ? { pollPatienceMs: options.pollPatienceMs } : {}),
    });
  }

  /**
   * Opens the target for a project. The region is `options.region` (the command line), else lakehouse.json's
   * `region` when it names one, else as the AWS CLI finds it (`AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's).
   * `${region}` in scripts and DDL then expands to that region. Nothing is called yet: credentials resolve on the
   * first request (or {@link AwsConnection.checkCredentials}).
   */
  static async open(project: Project, options: AwsTargetOptions = {}): Promise<AwsTarget> {
    // a workgroup or result location given beside lakehouse.json (a flag, a setting) is checked as its schema checks
    // lakehouse.json's: Athena's WorkGroup pattern [a-zA-Z0-9._-]{1,128} (API reference, StartQueryExecution)
    if (options.workgroup !== undefined && !/^[A-Za-z0-9._-]{1,128}$/.test(options.workgroup))
      throw new LakehouseError('InvalidInput', `workgroup ${JSON.stringify(options.workgroup)} is not an Athena workgroup name: 1 to 128 letters, digits, ".", "_" or "-"`, { field: 'athena.workgroup' });
    if (options.outputLocation !== undefined && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(options.outputLocation))
      throw new LakehouseError('InvalidInput', `output location ${JSON.stringify(options.outputLocation)} is not an S3 location of a valid bucket: s3://<bucket>/<prefix>/ (bucket names: 3 to 63 lower-case letters, digits, dots, hyphens)`, { field: 'athena.outputLocation' });
    const fromFile = options.region === undefined ? project.manifest.regionSetting : undefined;
    const connection = await AwsConnection.open({
      ...options,
      ...(options.region !== undefined ? { region: options.region } : fromFile !== undefined ? { region: fromFile, regionSource: 'lakehouse.json' } : {}),
    });
    // the project as seen on AWS: `${region}` is the region the target talks to
    const seen = connection.region === project.manifest.region ? project : { ...project, manifest: { ...project.manifest, region: connection.region } };
    return new AwsTarget(seen, connection, options);
  }

  /** The rows of `lakehouse doctor` / "Check AWS Setup" (./doctor.ts). */
  checkSetup(options: { signal?: AbortSignal } = {}): Promise<SetupCheck[]> {
    return checkAwsSetup(
      {
        project: this.project,
        connection: this.connection,
        storage: this.storage,
        queries: this.queries,
        jobNames: async () => (await projectJobDefinitions(this.project)).map((j) => j.name),
      },
      options,
    );
  }

  private undeployContext(): UndeployContext {
    return { conn: this.connection, project: this.project, storage: this.storage, catalog: this.catalog, scriptLocation: (job) => this.jobs.scriptLocation(job) };
  }

  /** What `lakehouse undeploy` would remove -- the project's tagged Glue jobs and their scripts; with `catalog`, its DDL's tables and its database -- and what it leaves (./glueUndeploy.ts). */
  undeployPlan(options: { catalog?: boolean; signal?: AbortSignal } = {}): Promise<UndeployPlan> {
    return undeployPlan(this.undeployContext(), options);
  }

  /** Removes what the plan lists; returns what was deleted and what was left. */
  undeploy(plan: UndeployPlan, options: { signal?: AbortSignal } = {}): Promise<UndeployResult> {
    return undeploy(this.undeployContext(), plan, options);
  }

  /** "AWS dev (eu-west-1)" */
  get label(): string {
    return this.connection.label;
  }

  async close(): Promise<void> {
    await this.queries.close().catch(() => undefined);
    this.connection.close();
  }
}
