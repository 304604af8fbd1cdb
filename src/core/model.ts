/**
 * The lakehouse domain, one name per concept. Shapes follow AWS (S3 objects, Glue tables and job runs, Athena
 * query executions) in camelCase, so the local and the AWS target fill the same structures.
 */

// ---------------------------------------------------------------- zones and datasets

export const ZONES = ['landing', 'trusted', 'curated'] as const;
export type Zone = (typeof ZONES)[number];

/** A dataset (customer, accelerometer, …) and the S3 prefix of each of its zones inside the project bucket. */
export interface Dataset {
  name: string;
  /** zone → key prefix ending in `/`, e.g. `customer/landing/` */
  zones: Partial<Record<Zone, string>>;
}

// ---------------------------------------------------------------- object storage (S3 semantics)

export interface Bucket {
  name: string;
  created?: Date;
}

export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
  /** the ETag without its quotes: the hex MD5 of the content for a plain single-part object, else an opaque tag */
  etag?: string;
  /** hex MD5 of the whole content, when the object says so (S3: the `md5chksum` metadata rclone and this tool write) */
  contentMd5?: string;
  /** S3's full-object CRC64NVME checksum (base64), when it has one (HEAD with checksum mode) */
  crc64nvme?: string;
}

export interface ListOptions {
  prefix?: string;
  delimiter?: string;
  /** opaque token from a previous page */
  pageToken?: string;
  /** list only keys after this one, in UTF-8 byte order (S3's StartAfter); ignored with a `pageToken` */
  startAfter?: string;
  /** at most this many keys (objects + common prefixes); default 1000 */
  maxKeys?: number;
}

export interface ObjectPage {
  objects: StoredObject[];
  /** with a delimiter: the "folders" directly below the prefix, each ending in the delimiter */
  commonPrefixes: string[];
  /** present when more keys follow */
  nextPageToken?: string;
}

// ---------------------------------------------------------------- the Glue Data Catalog

export interface CatalogDatabase {
  name: string;
  description?: string;
  locationUri?: string;
  createTime?: string;
}

export interface CatalogColumn {
  name: string;
  /** Hive/Athena type text, lower case: `string`, `bigint`, `array<struct<a:int>>`, `decimal(10,2)` */
  type: string;
  comment?: string;
}

export interface SerdeInfo {
  serializationLibrary: string;
  parameters: Record<string, string>;
}

/** A Glue table's StorageDescriptor (the parts the lakehouse uses). */
export interface StorageDescriptor {
  columns: CatalogColumn[];
  /** `s3://bucket/prefix/` */
  location: string;
  inputFormat?: string;
  outputFormat?: string;
  serde: SerdeInfo;
}

export interface CatalogPartition {
  values: string[];
  location: string;
  /**
   * The partition's own columns, as Glue keeps them in its storage descriptor: the table's columns when it was added.
   * Absent while they are the table's; the local catalog sets them when the table's columns change after it.
   */
  columns?: CatalogColumn[];
}

/** A Glue catalog table (Glue's `Table` shape). */
export interface CatalogTable {
  database: string;
  name: string;
  tableType: 'EXTERNAL_TABLE' | 'VIRTUAL_VIEW' | 'MANAGED_TABLE';
  storage: StorageDescriptor;
  partitionKeys: CatalogColumn[];
  /** TBLPROPERTIES, e.g. `classification: json` */
  parameters: Record<string, string>;
  /** partitions registered by MSCK REPAIR TABLE or a job sink */
  partitions?: CatalogPartition[];
  comment?: string;
  /** a view's SQL (Glue's ViewOriginalText); unqualified names in it resolve in the view's database */
  viewText?: string;
  createTime?: string;
  updateTime?: string;
}

export type DataFormat = 'json' | 'parquet' | 'csv' | 'text';

// ---------------------------------------------------------------- queries (Athena's QueryExecution)

export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface QueryContext {
  /** the default database for unqualified names */
  database?: string;
  /** Athena workgroup; ignored locally */
  workgroup?: string;
}

export interface QueryColumn {
  name: string;
  /** Athena type name: varchar, bigint, double, boolean, date, timestamp, array(…), row(…), … */
  type: string;
}

export type CellValue = string | number | boolean | null | CellValue[] | { [key: string]: CellValue };

export interface QueryStatistics {
  /** rows in the result (for DDL/DML: rows affected, when known) */
  rows?: number;
  elapsedMs: number;
  /** bytes read from storage (Athena: DataScannedInBytes) */
  bytesScanned?: number;
  /** time the engine spent executing (Athena: EngineExecutionTimeInMillis) */
  engineMs?: number;
  /** estimated cost in US dollars (Athena: $5 per TB scanned, at least 10 MB per query); absent locally */
  costUsd?: number;
  engine: string;
}

export interface QueryErrorInfo {
  message: string;
  /** position in the submitted SQL, 1-based */
  line?: number;
  column?: number;
}

export interface QueryExecution {
  id: string;
  sql: string;
  state: QueryState;
  /** statement kind, e.g. `SELECT`, `CREATE_TABLE`, `DROP_TABLE` */
  kind?: string;
  context: QueryContext;
  submitted: Date;
  completed?: Date;
  statistics?: QueryStatistics;
  error?: QueryErrorInfo;
  /** for statements that return no rows: a one-line summary ("Table stedi.customer_landing created") */
  message?: string;
  /** where the engine wrote the result file (Athena: `s3://…/<id>.csv`); absent for Athena's managed results */
  outputLocation?: string;
  /** page tokens are row offsets (`String(n)`): any row is one `page` call away */
  offsetPaging?: boolean;
  /** for a view of another execution's result (sorted, filtered): that execution's id */
  viewOf?: string;
}

/** The order of a view: a column (0-based, names may repeat) and its direction. */
export interface ResultSort {
  column: number;
  direction: 'asc' | 'desc';
}

/** A view of a result: rows sorted, and kept when any (scalar) column's text holds `filter`, ignoring case. */
export interface ResultView {
  sort: ResultSort[];
  filter: string;
}

export interface ResultPage {
  columns: QueryColumn[];
  rows: CellValue[][];
  /** token for the following page; absent on the last page */
  nextPageToken?: string;
}

// ---------------------------------------------------------------- jobs (Glue's Job / JobRun)

export type JobRunState = 'STARTING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'STOPPED' | 'TIMEOUT';

export interface JobDefinition {
  name: string;
  /** path of the script, relative to the project root */
  scriptPath: string;
  role?: string;
  glueVersion?: string;
  workerType?: string;
  numberOfWorkers?: number;
  /** job timeout in minutes, from lakehouse.json (the job's own, else glue.timeout) */
  timeout?: number;
  defaultArguments?: Record<string, string>;
  /** AWS target: the deployed Glue job's script location, absent when the job is not deployed */
  deployedScript?: string;
}

export interface JobRun {
  id: string;
  jobName: string;
  state: JobRunState;
  startedOn: string;
  completedOn?: string;
  /** wall time in seconds, as Glue's ExecutionTime */
  executionTime?: number;
  rowsRead?: number;
  rowsWritten?: number;
  errorMessage?: string;
  /** script line of the failing construct, when known */
  errorLine?: number;
  arguments?: Record<string, string>;
  /** process that executes the run (local target), to recognise runs whose process died */
  pid?: number;
  /** where the run's log is: `/aws-glue/jobs/output` + stream (AWS), the run's log file (local) */
  logLocation?: string;
  /** the Evaluate Data Quality nodes' results, in the order the run evaluated them (local target) */
  dataQuality?: DataQualityEvaluation[];
  /**
   * rows of each frame of the job's plan, by node id (`CustomerLanding_node1718049871201`), counted by a local run
   * of a target opened with `recordNodeRows` (the editor shows them above the script's nodes)
   */
  nodeRows?: Record<string, number>;
}

/** One data quality rule's outcome, as Glue's rule outcomes (Rule, Outcome, FailureReason, EvaluatedMetrics). */
export interface DataQualityRuleOutcome {
  rule: string;
  outcome: 'Passed' | 'Failed';
  reason?: string;
  /** `Dataset.*.RowCount`, `Column.email.Completeness`, … */
  metrics: Record<string, number>;
}

/** The results of one Evaluate Data Quality node in a run: Glue's data quality result of an evaluation context. */
export interface DataQualityEvaluation {
  /** `dataQualityEvaluationContext` (the node's ruleset name; default `default_context`) */
  context: string;
  /** the script line of the `process_rows` call */
  line?: number;
  /** passed rules / rules; null without rules */
  score: number | null;
  rules: DataQualityRuleOutcome[];
}
