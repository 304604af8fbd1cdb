/**
 * The AWS target: S3 for the zones, the Glue Data Catalog, Athena for SQL, Glue for jobs (with CloudWatch Logs) —
 * the same {@link Target} interface as the local target, so the CLI, the explorer and the commands work unchanged.
 * The SDK clients load on first use (see {@link AwsConnection}).
 */
import type { Project } from '../../project/manifest';
import type { Target } from '../../target';
import { AthenaQueryEngine } from './athena';
import { AwsConnection, type AwsConnectionSettings } from './connection';
import { GlueCatalog } from './glueCatalog';
import { GlueJobService } from './glueJobs';
import { S3ObjectStore, type S3StoreOptions } from './s3';

export interface AwsTargetOptions extends AwsConnectionSettings {
  /** Athena workgroup; default: lakehouse.json's `athena.workgroup` (`primary`) */
  workgroup?: string;
  /** Athena result location; default: lakehouse.json's `athena.outputLocation` (`s3://<bucket>/athena-results/`) */
  outputLocation?: string;
  s3?: S3StoreOptions;
  /** job-run polling intervals (tests make them short) */
  jobPollMs?: { initial: number; max: number };
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
    });
    this.jobs = new GlueJobService(connection, project, this.storage, options.jobPollMs ? { pollMs: options.jobPollMs } : {});
  }

  /**
   * Opens the target for a project. The region is `options.region`, else the project's (lakehouse.json `region`).
   * Nothing is called yet: credentials resolve on the first request (or {@link AwsConnection.checkCredentials}).
   */
  static async open(project: Project, options: AwsTargetOptions = {}): Promise<AwsTarget> {
    const connection = await AwsConnection.open({ ...options, region: options.region ?? project.manifest.region });
    return new AwsTarget(project, connection, options);
  }

  /** "AWS dev (eu-west-1)" */
  get label(): string {
    return this.connection.label;
  }

  async close(): Promise<void> {
    this.connection.close();
  }
}
