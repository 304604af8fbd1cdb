/**
 * One Target interface, two implementations: `local` (files under `.lakehouse/`, DuckDB) and `aws` (SDK v3).
 * The CLI, the extension's views and commands, and most tests are written once against it.
 */
import type { Readable } from 'node:stream';
import type { ParsedStatement, StatementOptions } from './sql/statements';
import type {
  Bucket,
  CatalogDatabase,
  CatalogTable,
  JobDefinition,
  JobRun,
  ListOptions,
  ObjectPage,
  QueryContext,
  QueryExecution,
  ResultPage,
  ResultView,
  StoredObject,
} from './model';

export interface ObjectStore {
  listBuckets(): Promise<Bucket[]>;
  createBucket(name: string): Promise<void>;
  /** makes sure the bucket exists (creating it only when it is missing); needs no listing of every bucket */
  ensureBucket(name: string): Promise<'exists' | 'created'>;
  list(bucket: string, options?: ListOptions): Promise<ObjectPage>;
  head(bucket: string, key: string): Promise<StoredObject | undefined>;
  get(bucket: string, key: string): Promise<Buffer>;
  getStream(bucket: string, key: string): Promise<Readable>;
  /**
   * writes the whole object or nothing: readers never see a partial object; `size` (when known) picks multipart part
   * sizes; `md5` (hex, when known) is kept with the object so that a later sync can compare it whatever its ETag
   */
  put(bucket: string, key: string, body: Buffer | string | Readable, options?: { signal?: AbortSignal; size?: number; md5?: string }): Promise<StoredObject>;
  /**
   * optional: puts a local file as an object, copied the way the store does it best (the local store: by the file
   * system, its MD5 computed when asked for); a sync uses it when the store has it. `batch`: the same object for
   * every put of one sync, so that the store may do once per batch what does not change between its puts (the
   * local store: make and check each folder)
   */
  putFile?(bucket: string, key: string, file: string, options?: { signal?: AbortSignal; batch?: object }): Promise<StoredObject>;
  delete(bucket: string, key: string): Promise<void>;
  /** deletes every object under the prefix but those under an `except` prefix (a nested zone's); returns how many */
  deletePrefix(bucket: string, prefix: string, options?: { except?: readonly string[] }): Promise<number>;
  /** why `key` cannot name an object of this store, or undefined when it can (uploads check every key first) */
  keyProblem?(key: string): string | undefined;
}

export interface Catalog {
  databases(): Promise<CatalogDatabase[]>;
  database(name: string): Promise<CatalogDatabase | undefined>;
  createDatabase(db: CatalogDatabase, options?: { ifNotExists?: boolean }): Promise<void>;
  /** with `cascade`, drops the tables too; without, fails when tables remain */
  dropDatabase(name: string, options?: { ifExists?: boolean; cascade?: boolean }): Promise<void>;
  tables(database: string): Promise<CatalogTable[]>;
  table(database: string, name: string): Promise<CatalogTable | undefined>;
  /** creates the table; with `replace` an existing one is updated (Glue's UpdateTable) */
  putTable(table: CatalogTable, options?: { replace?: boolean; ifNotExists?: boolean }): Promise<void>;
  dropTable(database: string, name: string, options?: { ifExists?: boolean }): Promise<void>;
  /**
   * optional: runs statements that change the catalog one after another (`lakehouse tables`), storing their changes
   * once at the end — each change still made as it comes; a catalog without it stores each at once
   */
  batch?<T>(work: () => Promise<T>): Promise<T>;
}

export interface QueryEngine {
  /** submits one statement; resolves once it is accepted (not when it completes) */
  start(sql: string, context?: QueryContext): Promise<QueryExecution>;
  /** current state, statistics and error */
  status(id: string): Promise<QueryExecution>;
  /** resolves when the execution has reached a final state */
  wait(id: string, options?: { signal?: AbortSignal }): Promise<QueryExecution>;
  /** a page of the result of a SUCCEEDED execution */
  page(id: string, options?: { pageToken?: string; maxRows?: number }): Promise<ResultPage>;
  cancel(id: string): Promise<void>;
  /**
   * Writes the whole result of a SUCCEEDED execution to a local file, streamed by the engine (not through the
   * pages a client holds); returns rows and bytes written.
   */
  export(id: string, options: ExportOptions): Promise<{ rows: number; bytes: number }>;
  /**
   * optional: a sorted/filtered view of a SUCCEEDED execution's result, computed from the result the engine already
   * has — no new query (Athena: its result file, read once into a local engine; nothing more is scanned or billed).
   * Returns an execution whose `page`, `export` and `status` work as any other's. An engine without it runs a new
   * query for a view.
   */
  view?(id: string, view: ResultView, options?: { signal?: AbortSignal }): Promise<QueryExecution>;
  /**
   * optional: opens the engine in the background (the local DuckDB), so a later query does not wait for it;
   * resolves once it is open and never rejects (a failure shows at the first real use). `for: 'jobs'`: only what
   * running jobs needs (not what queries need besides)
   */
  warm?(options?: { for?: 'queries' | 'jobs' }): Promise<void>;
  /**
   * optional: learns what the engine must know about data objects that just arrived before it can read them (the
   * local engine: the key spellings of JSON lines), so the first query over them need not; an upload calls it
   */
  prepareObjects?(bucket: string, keys: readonly string[], options?: PrepareObjectsOptions): Promise<void>;
  /**
   * optional: parseStatement (sql/statements.ts) of a statement, as `start` would parse it, from what the engine keeps
   * of statements parsed before (the local engine: targets/local/statementCache.ts); throws as parseStatement does
   */
  parse?(sql: string, options?: StatementOptions): Promise<ParsedStatement>;
}

export interface PrepareObjectsOptions {
  signal?: AbortSignal;
  /**
   * the objects are still being uploaded: `done(key)` resolves once that object's upload has ended — true when it is
   * in place, false when it will not be (the upload failed first); `bytes`: about how many bytes they hold in all
   */
  uploading?: { bytes: number; done(key: string): Promise<boolean> };
}

export interface ExportOptions {
  format: 'csv' | 'json' | 'parquet';
  /** absolute path of the file to write (replaced atomically) */
  file: string;
  /** write at most this many rows */
  maxRows?: number;
  signal?: AbortSignal;
}

export interface JobService {
  /** the jobs known to the target (deployed, or — locally — found in the scripts folder) */
  jobs(): Promise<JobDefinition[]>;
  /** starts a run; resolves with the run once it is recorded */
  start(jobName: string, options?: { arguments?: Record<string, string> }): Promise<JobRun>;
  run(jobName: string, runId: string): Promise<JobRun | undefined>;
  /** newest first; `limit`: at most that many (the newest), read no further than needed */
  runs(jobName: string, options?: { limit?: number }): Promise<JobRun[]>;
  wait(jobName: string, runId: string, options?: { signal?: AbortSignal }): Promise<JobRun>;
  cancel(jobName: string, runId: string): Promise<void>;
  /** log lines of a run */
  logs(jobName: string, runId: string): Promise<string[]>;
  /**
   * Records a run refused before it started (its script cannot run here) as the job's latest run, FAILED with the
   * refusal as its error and log, so that `jobs` and `logs` show the last attempt (local target only).
   */
  recordRefusal?(jobName: string, error: unknown): Promise<JobRun>;
}

export interface Target {
  readonly kind: 'local' | 'aws';
  /** "Local (embedded)", "AWS default (eu-west-1)" */
  readonly label: string;
  readonly storage: ObjectStore;
  readonly catalog: Catalog;
  readonly queries: QueryEngine;
  readonly jobs: JobService;
  /** releases engines, connections and file handles */
  close(): Promise<void>;
}
