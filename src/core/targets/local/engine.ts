/**
 * The local query engine: Athena SQL on DuckDB, in process.
 *
 * Each catalog database is a DuckDB schema; each catalog table a view over its files (tableSource.ts), created
 * or refreshed for the tables a statement references, just before it runs — so `"stedi"."customer_landing"`,
 * `stedi.customer_landing` and, with a default database, `customer_landing` all resolve as in Athena. Athena's
 * DDL and catalog statements are carried out against the catalog (catalog.ts); SELECTs run on DuckDB and their
 * results are kept in a results schema, so they can be paged (and exported) without holding them in JavaScript.
 * Here: the DuckDB instance and its connections, and the executions of the QueryEngine interface; the tables' views,
 * cached rows and read leases are tableViews.ts's, a statement's run statementRunner.ts's, results queryResults.ts's.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError, isLakehouseError } from '../../errors';
import type { CatalogTable, QueryContext, QueryExecution, ResultPage } from '../../model';
import { tableFormat } from '../../sql/ddl';
import type { Catalog, ExportOptions, PrepareObjectsOptions, QueryEngine } from '../../target';
import { createInstance, ident, literal, loadDuckDb, parseDuckError, type EngineOptions } from './duck';
import { diagnoseDataError } from './diagnose';
import { keepTrinoPredictions, loadTrino, saveTrinoPredictions, type PreparedQuery } from './athenaSql';
import { BUILD_ID, sharedStoreFile } from './planStore';
import { TranslationCache } from './translationCache';
import { StatementRunner, type Execution } from './statementRunner';
import { TABLE_CACHE_SCHEMA, TableViews, type BindOptions, type BoundQuery } from './tableViews';
import { describeResult, exportResult, resultPage, resultRelation, RESULTS_SCHEMA, type Result } from './queryResults';
import { JsonKeyCache, type DataFile } from './jsonKeys';
import { JsonSchemaCache } from './jsonSchemas';
import type { LearntTypes } from './learntSchema';
import { keepSparkPredictions, saveSparkPredictions } from './sparkSql';
import { tempName } from './fsutil';
import { learnInternalViews } from './queryGuard';
import { tableSource, type TableSource } from './tableSource';
import { discoverPartitions } from './catalogStatements';
import { formatMemory } from './memoryLimit';
import { PreparedStatements } from './preparedStatements';
import { StatementCache } from './statementCache';
import type { ParsedStatement, StatementOptions } from '../../sql/statements';
import type { DataLease, DataLockOptions } from './dataLocks';
import type { CommitOutcome, CommitRequest } from './outputCommit';
import type { WriterContext } from './writer';

export interface LocalEngineDeps {
  catalog: Catalog;
  /** the data folder (`.lakehouse/`): spill files, staging, caches */
  dataDir: string;
  /** the folder on disk of an `s3://bucket/prefix/` location */
  localPath(location: string): string;
  /** `s3://bucket/key` of a file on disk, for messages */
  locationOf(file: string): string;
  /** commits staged output (files, purges, catalog changes) all together: outputCommit.ts */
  commit(request: CommitRequest): Promise<CommitOutcome>;
  /** a shared lease on locations, held while their files are listed and read: dataLocks.ts */
  readLease(locations: readonly string[], options: DataLockOptions): Promise<DataLease>;
  /** where CTAS puts a table that names no `external_location` */
  defaultTableLocation(database: string, table: string): string;
  engine?: Omit<EngineOptions, 'tempDirectory'>;
  /**
   * How many bytes of JSON and text files the engine keeps parsed in DuckDB (default 128 MiB; 0 keeps none): a
   * table read by a second query with its files unchanged is loaded into a DuckDB table, and its view (queries' and
   * jobs') reads that from then on. The least recently read go first when the total would pass the limit. Jobs'
   * reads do not count: a pipeline run in one process reads its tables once or twice, loading would cost more.
   */
  tableCacheBytes?: number;
  /**
   * The build of the translating code, for the translations kept in `<data>/cache/translations.bin`
   * (translationCache.ts). Default: the bundle's build id; run from source there is none, and none is kept.
   */
  translationBuild?: string | undefined;
  /** a folder of the user's for translations that hold for any project (LocalTargetOptions.sharedCacheDir) */
  sharedCacheDir?: string | undefined;
}

/** see LocalEngineDeps.tableCacheBytes */
export const DEFAULT_TABLE_CACHE_BYTES = 128 * 1024 * 1024;

/**
 * The SQL dialect of a connection, as DuckDB settings of its session. Both run in UTC, as Athena's sessions and
 * Glue's JVMs do (the instance's setting: createInstance). Athena SQL is translated before DuckDB sees it (src/core/sql/trino: integer division, division by
 * zero and the rest are explicit in the SQL it gives); Spark SQL (Glue jobs' SQL, Spark's default non-ANSI mode)
 * still runs as written: `/` is a floating-point division and a division or remainder by zero is NULL, not
 * ±Infinity or NaN.
 */
export type SqlDialect = 'athena' | 'spark';
const SQL_DIALECT: Record<SqlDialect, string> = {
  athena: '',
  spark: 'SET ieee_floating_point_ops = false',
};

/** results kept for paging and export; older ones are dropped */
const KEEP_RESULTS = 24;

/**
 * What an execution computed by its caller (LocalQueryEngine.startComputed) runs on its connection: it prepares what
 * it reads and returns the SELECT whose rows are the result. `isCancelled()` turns true when the execution is
 * cancelled (DuckDB is interrupted too): long preparation checks it between steps; `signal` is aborted then too
 * (waiting for a read lease stops). A `lease` returned is held until the result is stored, then released.
 */
export type ComputeResult = (
  conn: DuckDBConnection,
  isCancelled: () => boolean,
  signal: AbortSignal,
) => Promise<{ select: string; bytesScanned?: number; message?: string; lease?: DataLease }>;

/** What to do when DuckDB ran out of the memory it may use (memoryLimit.ts): name the limit and how to raise it. */
function outOfMemoryHint(duckLimit: string | undefined, dataDir: string): string {
  const bytes = /^(\d+)B$/.exec(duckLimit ?? '')?.[1];
  const limit = bytes !== undefined ? `the local engine's memory limit, ${formatMemory(Number(bytes))},` : `the local engine's memory limit`;
  return `${limit} was not enough even spilling to ${path.join(dataDir, 'tmp')}: raise it with --memory-limit (CLI) or lakehouse.local.memoryLimit (VS Code), or use the AWS target`;
}

export class LocalQueryEngine implements QueryEngine {
  readonly engineName: string;
  private instance: Promise<DuckDBInstance> | undefined;
  private readonly executions = new Map<string, Execution>();
  private readonly keyCache: JsonKeyCache;
  /** SQL translations kept across processes (translationCache.ts) */
  readonly translations: TranslationCache;
  /** parsed statements (the DDL of `sql/`) kept across processes (statementCache.ts) */
  readonly parsedStatements: StatementCache;
  /** the DuckDB views of the catalog's tables, their cached rows and read leases (tableViews.ts) */
  private readonly views: TableViews;
  /** runs the statements of executions started (statementRunner.ts) */
  private readonly statements: StatementRunner;
  /** PREPARE'd statements, for as long as this engine lives (preparedStatements.ts) */
  private readonly prepared = new PreparedStatements();
  /** DuckDB's own views being learnt on a connection of the engine's (db()): awaited before the engine closes */
  private learning: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LocalEngineDeps) {
    this.keyCache = new JsonKeyCache(path.join(deps.dataDir, 'cache', 'json-keys.json'));
    keepTrinoPredictions(path.join(deps.dataDir, 'cache', 'trino-predictions.bin'));
    keepSparkPredictions(path.join(deps.dataDir, 'cache', 'spark-predictions.bin'));
    const build = 'translationBuild' in deps ? deps.translationBuild : BUILD_ID;
    const shared = build !== undefined && deps.sharedCacheDir !== undefined ? new TranslationCache(sharedStoreFile(deps.sharedCacheDir, 'translations', build), build, undefined, { userCache: true }) : undefined;
    this.translations = new TranslationCache(path.join(deps.dataDir, 'cache', 'translations.bin'), build, shared);
    const sharedStatements = build !== undefined && deps.sharedCacheDir !== undefined ? new StatementCache(sharedStoreFile(deps.sharedCacheDir, 'statements', build), build, undefined, { userCache: true }) : undefined;
    this.parsedStatements = new StatementCache(path.join(deps.dataDir, 'cache', 'statements.bin'), build, sharedStatements);
    this.engineName = 'DuckDB (local)';
    this.views = new TableViews({
      catalog: deps.catalog,
      keyCache: this.keyCache,
      translations: this.translations,
      localPath: (location) => deps.localPath(location),
      locationOf: (file) => deps.locationOf(file),
      readLease: (locations, options) => deps.readLease(locations, options),
      tableCacheBytes: Math.max(0, deps.tableCacheBytes ?? DEFAULT_TABLE_CACHE_BYTES),
    });
    this.statements = new StatementRunner({
      engineName: this.engineName,
      catalog: deps.catalog,
      localPath: (location) => deps.localPath(location),
      locationOf: (file) => deps.locationOf(file),
      defaultTableLocation: (database, table) => deps.defaultTableLocation(database, table),
      commit: (request) => deps.commit(request),
      keyCache: this.keyCache,
      translations: this.translations,
      parsedStatements: this.parsedStatements,
      views: this.views,
      prepared: this.prepared,
      connect: (database) => this.connect(database),
      explainFailure: (e, sql, sources, tables, lineOffset) => this.explainFailure(e, sql, sources, tables, lineOffset),
      writerContext: (conn) => this.writerContext(conn),
    });
  }

  /** the folder of the engine's caches of data files (key spellings, JSON schemas) */
  get cacheDir(): string {
    return path.join(this.deps.dataDir, 'cache');
  }

  /** What the upload's line-shape scan learnt of the files' fields (JsonKeyCache.learntTypes), when it did for all. */
  learntJsonTypes(files: readonly DataFile[]): Promise<LearntTypes[] | undefined> {
    return this.keyCache.learntTypes(files);
  }

  // ------------------------------------------------------------------------------------------ connections

  private db(): Promise<DuckDBInstance> {
    this.instance ??= (async () => {
      // DuckDB may touch the data folder and nothing else (sandbox.ts)
      // (spilling into a folder of this process's own: DuckDB's names would clash with another process's; swept when
      // the process is gone, leftovers.ts)
      const inst = await createInstance({ ...this.deps.engine, tempDirectory: path.join(this.deps.dataDir, 'tmp', `duckdb-${process.pid}`), allowedDirectories: [this.deps.dataDir] });
      const conn = await inst.connect();
      try {
        // one round trip: the statements run in order
        await conn.run([`CREATE SCHEMA IF NOT EXISTS ${ident(RESULTS_SCHEMA)}`, `CREATE SCHEMA IF NOT EXISTS ${ident(TABLE_CACHE_SCHEMA)}`].join(';\n'));
      } catch (e) {
        conn.closeSync();
        throw e;
      }
      // DuckDB's own views, which the read-only guard refuses (queryGuard.ts): asked now, in DuckDB's threads while
      // the process reads its plans and catalog, rather than at the first query or job
      const { version } = await loadDuckDb();
      this.learning = learnInternalViews(conn, this.translations.uncounted, version())
        .finally(() => conn.closeSync())
        .catch(() => undefined);
      return inst;
    })();
    return this.instance;
  }

  /**
   * Opens DuckDB and loads the Athena SQL translator (a few typical queries parsed warm ANTLR's caches) in the
   * background, for a caller about to run SQL: a pipeline reading its scripts, an editor showing a SQL file.
   * Resolves once both are ready; never rejects (a failure shows at the first real use). `for: 'jobs'`: DuckDB
   * only — a job binds the tables its plan names, without the translator (loading and warming it costs CPU at the
   * start of every `lakehouse run`).
   */
  async warm(options: { for?: 'queries' | 'jobs' } = {}): Promise<void> {
    await Promise.all([this.db(), ...(options.for === 'jobs' ? [] : [loadTrino().then((t) => t.warmUp())])]).then(
      () => undefined,
      () => undefined,
    );
  }

  /** A new DuckDB connection for SQL of `dialect` whose unqualified names resolve in `database`. */
  async connect(database?: string, dialect: SqlDialect = 'athena'): Promise<DuckDBConnection> {
    const conn = await (await this.db()).connect();
    if (database) await this.views.ensureSchema(conn, database);
    const settings = [SQL_DIALECT[dialect], ...(database ? [`SET search_path = ${literal(`${ident(database)},main`)}`] : [])].filter((x) => x !== '');
    if (settings.length > 0) await conn.run(settings.join(';\n'));
    return conn;
  }

  /** `s3://bucket/key` of a file on disk, for messages */
  locationOf(file: string): string {
    return this.deps.locationOf(file);
  }

  /** DuckDB's version, e.g. `v1.5.0` */
  async version(): Promise<string> {
    const conn = await (await this.db()).connect();
    try {
      return String((await conn.runAndReadAll('SELECT version()')).getRowsJson()[0]?.[0] ?? '');
    } finally {
      conn.closeSync();
    }
  }

  /** parseStatement as a statement started here is parsed, from the statements kept across processes (statementCache.ts) */
  parse(sql: string, options?: StatementOptions): Promise<ParsedStatement> {
    return this.parsedStatements.parse(sql, options);
  }

  async close(): Promise<void> {
    for (const e of this.executions.values()) if (e.conn && !isFinal(e.exec.state)) e.conn.interrupt();
    await Promise.allSettled([...this.executions.values()].map((e) => e.done));
    // (an engine that failed to open — a warm-up may have tried — has nothing to close)
    const inst = await this.instance?.catch(() => undefined);
    // (DuckDB's own views, once learnt, are kept with the translations)
    await this.learning.catch(() => undefined);
    await Promise.all([this.keyCache.save({ prune: true }), JsonSchemaCache.flushAll(), saveTrinoPredictions(), saveSparkPredictions(), this.translations.save(), this.parsedStatements.save()]);
    inst?.closeSync();
    this.instance = undefined;
    this.views.clear();
  }

  // ------------------------------------------------------------------------------------------ tables as views

  /**
   * Creates (or refreshes) the DuckDB view of a catalog table or view; returns what it reads. `query`: for a query
   * run by `start` (whose second read of a table keeps its rows: LocalEngineDeps.tableCacheBytes), not a job's.
   */
  bindTable(conn: DuckDBConnection, table: CatalogTable, how: BindOptions = {}): Promise<TableSource> {
    return this.views.bindTable(conn, table, how);
  }

  /** A table's rows as a job run reads them when some of its files are gone by then (TableViews.tableSourceWithout). */
  tableSourceWithout(conn: DuckDBConnection, table: CatalogTable, skip: (file: DataFile) => boolean): Promise<TableSource> {
    return this.views.tableSourceWithout(conn, table, skip);
  }

  /** The tables whose rows are kept parsed: `"db"."table"` → bytes of their files (for tests and diagnostics). */
  cachedTables(): Map<string, number> {
    return this.views.cachedTables();
  }

  /** Binds the catalog tables and views a translated query reads (and the hidden-column views it reads instead). */
  bindPrepared(conn: DuckDBConnection, prepared: PreparedQuery, how: BindOptions = {}): Promise<BoundQuery> {
    return this.views.bindPrepared(conn, prepared, how);
  }

  /** The locations whose files a translated query reads (TableViews.locationsRead). */
  locationsRead(prepared: PreparedQuery, seen = new Set<PreparedQuery>()): string[] {
    return this.views.locationsRead(prepared, seen);
  }

  /** What writer.ts needs to write through a connection. */
  writerContext(conn: DuckDBConnection): WriterContext {
    return {
      conn,
      stagingRoot: path.join(this.deps.dataDir, 'staging', String(process.pid)),
      keyCache: this.keyCache,
      localPath: this.deps.localPath,
    };
  }

  /** Commits staged output (see outputCommit.ts). */
  commit(request: CommitRequest): Promise<CommitOutcome> {
    return this.deps.commit(request);
  }

  /** A shared lease on locations, for a reader that lists and reads their files (see dataLocks.ts). */
  readLease(locations: readonly string[], options: DataLockOptions): Promise<DataLease> {
    return this.deps.readLease(locations, options);
  }

  /** Turns a DuckDB failure into a LakehouseError: data errors name the object and line, SQL errors the position. */
  async explainFailure(e: unknown, sql: string, sources: readonly TableSource[], tables: readonly CatalogTable[], lineOffset = 0): Promise<LakehouseError> {
    if (isLakehouseError(e)) return e;
    const info = parseDuckError(e, sql, lineOffset);
    const data = await diagnoseDataError(info.message, tables, sources, this.deps.locationOf).catch(() => undefined);
    if (data) return data;
    let message = info.message.replace(/^(Parser|Binder|Catalog|Conversion|Invalid Input|Out of Range|Constraint|Not implemented) Error: /, '');
    const missing = /^Table with name (.+?) does not exist!/.exec(message);
    // DuckDB suggests from its whole catalog, system tables included: keep only suggestions of catalog tables
    const suggestion = /Did you mean "([^"]+)"/.exec(info.message)?.[1];
    const [schemaPart, namePart] = suggestion?.includes('.') ? suggestion.split('.', 2) : [undefined, suggestion];
    const useful =
      suggestion !== undefined &&
      !/^(information_schema|pg_catalog|main|temp|system|__lakehouse_results|__lakehouse_cache|__lakehouse_hidden)$/.test(schemaPart ?? '') &&
      !/^(pg_|duckdb_|sqlite_)/.test(namePart ?? '');
    if (missing) message = `Table ${missing[1]} does not exist${useful ? ` (did you mean ${suggestion}?)` : ''}`;
    const schema = /^Schema with name (.+?) does not exist/.exec(message) ?? /^Table with name .+? does not exist because schema "?([^"]+?)"? does not exist/.exec(message);
    if (schema) message = `Database ${schema[1]} does not exist`;
    if (/^Out of Memory Error/.test(info.message)) message = `${info.message} — ${outOfMemoryHint(this.deps.engine?.memoryLimit, this.deps.dataDir)}`;
    const interrupted = /INTERRUPT/i.test(info.message);
    return new LakehouseError(interrupted ? 'Cancelled' : 'SqlError', interrupted ? 'the query was cancelled' : message, {
      ...(info.line !== undefined ? { line: info.line, column: info.column } : {}),
    });
  }

  // ------------------------------------------------------------------------------------------ QueryEngine

  /**
   * Learns the key spellings of newly uploaded JSON objects (`.json`, `.jsonl`, `.ndjson`, optionally compressed)
   * in one pass, so the first query or job over them does not make it; other objects are left alone. A file that
   * arrives another way is learnt at its first read instead. With `uploading`, the objects are still being put: each
   * is read once its upload is done (in the order of `keys`), while the next ones are copied.
   */
  async prepareObjects(bucket: string, keys: readonly string[], options: PrepareObjectsOptions = {}): Promise<void> {
    const json = keys.filter((k) => /\.(json|jsonl|ndjson)(\.(gz|zst))?$/i.test(k));
    if (json.length === 0) return;
    const { uploading } = options;
    const fileOf = async (key: string): Promise<DataFile | undefined> => {
      const p = this.deps.localPath(`s3://${bucket}/${key}`);
      const st = await fs.stat(p).catch(() => undefined);
      return st?.isFile() && st.size > 0 ? { path: p, size: st.size, mtimeMs: st.mtimeMs } : undefined;
    };
    const arriving = async function* (done: (key: string) => Promise<boolean>): AsyncGenerator<DataFile> {
      for (const key of json) {
        const f = (await done(key)) ? await fileOf(key) : undefined;
        if (f) yield f;
      }
    };
    const files = uploading ? arriving((key) => uploading.done(key)) : (await Promise.all(json.map(fileOf))).filter((f) => f !== undefined);
    if (Array.isArray(files) && files.length === 0) return;
    // DuckDB is opened only for the files the fast path of the scan leaves to it (jsonShapeScan.ts)
    let conn: DuckDBConnection | undefined;
    const onAbort = () => conn?.interrupt();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cancelled = (cause?: unknown) => new LakehouseError('Cancelled', 'learning the key spellings of the uploaded files was cancelled', {}, cause !== undefined ? { cause } : {});
    try {
      await this.keyCache.learn(async () => (conn ??= await this.connect()), files, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(uploading ? { bytes: uploading.bytes } : {}),
      });
      if (options.signal?.aborted) throw cancelled();
    } catch (e) {
      if (options.signal?.aborted) throw isLakehouseError(e, 'Cancelled') ? e : cancelled(e);
      throw e;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      conn?.closeSync();
    }
  }

  async start(sql: string, context: QueryContext = {}): Promise<QueryExecution> {
    const exec: QueryExecution = { id: randomUUID(), sql, state: 'QUEUED', context, submitted: new Date() };
    const entry: Execution = { exec, cancelled: false, abort: new AbortController(), done: Promise.resolve() };
    this.executions.set(exec.id, entry);
    entry.done = this.statements.execute(entry);
    await this.dropOldResults();
    return { ...exec };
  }

  async status(id: string): Promise<QueryExecution> {
    return { ...this.entry(id).exec };
  }

  async wait(id: string, options: { signal?: AbortSignal } = {}): Promise<QueryExecution> {
    const entry = this.entry(id);
    if (options.signal) {
      const onAbort = () => void this.cancel(id);
      if (options.signal.aborted) onAbort();
      options.signal.addEventListener('abort', onAbort, { once: true });
      try {
        await entry.done;
      } finally {
        options.signal.removeEventListener('abort', onAbort);
      }
    } else await entry.done;
    return { ...entry.exec };
  }

  async page(id: string, options: { pageToken?: string; maxRows?: number } = {}): Promise<ResultPage> {
    const entry = this.entry(id);
    if (entry.exec.state !== 'SUCCEEDED')
      throw new LakehouseError('InvalidInput', `query ${id} has no result (state ${entry.exec.state})`, { object: id });
    // a statement that returns no rows (DDL, INSERT) has an empty result, as in Athena
    const result: Result = entry.result ?? { kind: 'rows', columns: [], rows: [] };
    const offset = options.pageToken ? Number(options.pageToken) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new LakehouseError('InvalidInput', `invalid page token ${JSON.stringify(options.pageToken)}`);
    const max = Math.max(1, Math.min(options.maxRows ?? 1000, 100_000));
    return resultPage(result, offset, max, async () => (await this.db()).connect());
  }

  async cancel(id: string): Promise<void> {
    const entry = this.entry(id);
    if (isFinal(entry.exec.state)) return;
    entry.cancelled = true;
    entry.abort.abort();
    // DuckDB's interrupt stops the statement running on the connection at that moment: one that lands between two
    // statements (binding the tables, then the query) or before DuckDB has begun the query is lost, and the query
    // would run on. So it is repeated until the execution ends (each statement also checks `cancelled` first).
    entry.conn?.interrupt();
    const again = setInterval(() => entry.conn?.interrupt(), 50);
    try {
      await entry.done;
    } finally {
      clearInterval(again);
    }
  }

  async export(id: string, options: ExportOptions): Promise<{ rows: number; bytes: number }> {
    const entry = this.entry(id);
    if (entry.exec.state !== 'SUCCEEDED' || !entry.result)
      throw new LakehouseError('InvalidInput', `query ${id} has no result to export (state ${entry.exec.state})`, { object: id });
    const result = entry.result;
    const conn = await (await this.db()).connect();
    const onAbort = () => conn.interrupt();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // DuckDB writes only in the data folder (sandbox.ts): there first, then the file goes where the user asked
    const tmp = path.join(this.deps.dataDir, 'tmp', tempName('export'));
    try {
      return await exportResult(conn, result, options, tmp);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      if (options.signal?.aborted) throw new LakehouseError('Cancelled', 'the export was cancelled');
      throw e;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      conn.closeSync();
    }
  }

  /**
   * The DuckDB relation holding a SUCCEEDED query's rows (for export by COPY): `"schema"."table"` and its
   * columns, or undefined for results held as rows.
   */
  resultRelation(id: string): { relation: string; columns: string[] } | undefined {
    return resultRelation(this.entry(id).result);
  }

  /**
   * Starts an execution whose rows are computed by the caller on a connection of the engine's own, in `dialect`
   * (a Glue job's node previewed: preview.ts builds the plan's frames as temporary views there): `compute` returns
   * the SELECT whose rows become the result, kept in the results schema like a query's, so it is paged, exported and
   * cancelled (`cancel(id)` interrupts DuckDB and makes `isCancelled()` true) through the QueryEngine interface.
   * `label` is the execution's `sql` (a title, not SQL the engine runs again); `kind` its statement kind.
   */
  async startComputed(label: string, compute: ComputeResult, options: { kind: string; dialect?: SqlDialect; context?: QueryContext }): Promise<QueryExecution> {
    const exec: QueryExecution = { id: randomUUID(), sql: label, state: 'QUEUED', kind: options.kind, context: options.context ?? {}, submitted: new Date() };
    const entry: Execution = { exec, cancelled: false, abort: new AbortController(), done: Promise.resolve() };
    this.executions.set(exec.id, entry);
    entry.done = (async () => {
      const t0 = performance.now();
      let bytesScanned = 0;
      let lease: DataLease | undefined;
      try {
        await Promise.resolve();
        exec.state = 'RUNNING';
        entry.conn = await this.connect(undefined, options.dialect ?? 'athena');
        const cancelled = () => entry.cancelled;
        if (cancelled()) throw new LakehouseError('Cancelled', 'the execution was cancelled');
        const out = await compute(entry.conn, cancelled, entry.abort.signal);
        lease = out.lease;
        bytesScanned = out.bytesScanned ?? 0;
        if (cancelled()) throw new LakehouseError('Cancelled', 'the execution was cancelled');
        const table = `r_${exec.id.replace(/-/g, '')}`;
        const created = await entry.conn.runAndReadAll(`CREATE TABLE ${ident(RESULTS_SCHEMA)}.${ident(table)} AS\n${out.select}\n`);
        entry.result = await describeResult(entry.conn, table, Number((created.getRowsJson() as string[][])[0]?.[0] ?? NaN));
        if (out.message !== undefined) exec.message = out.message;
        exec.state = 'SUCCEEDED';
        exec.statistics = { elapsedMs: Math.round(performance.now() - t0), bytesScanned, engine: this.engineName, rows: entry.result.kind === 'table' ? entry.result.rows : 0 };
      } catch (e) {
        const cancelled = entry.cancelled || isLakehouseError(e, 'Cancelled');
        exec.state = cancelled ? 'CANCELLED' : 'FAILED';
        const err = isLakehouseError(e) ? e : new LakehouseError('SqlError', parseDuckError(e, '').message);
        exec.error = {
          message: cancelled ? 'the execution was cancelled' : err.message,
          ...(err.detail.line !== undefined ? { line: err.detail.line } : {}),
          ...(err.detail.column !== undefined ? { column: err.detail.column } : {}),
        };
        exec.statistics = { elapsedMs: Math.round(performance.now() - t0), bytesScanned, engine: this.engineName };
      } finally {
        exec.completed = new Date();
        entry.conn?.closeSync();
        delete entry.conn;
        await lease?.release();
      }
    })();
    await this.dropOldResults();
    return { ...exec };
  }

  /** Runs a SQL statement to completion and returns the execution (FAILED ones too). */
  async run(sql: string, context?: QueryContext, options?: { signal?: AbortSignal }): Promise<QueryExecution> {
    const exec = await this.start(sql, context);
    return this.wait(exec.id, options);
  }

  private entry(id: string): Execution {
    const e = this.executions.get(id);
    if (!e) throw new LakehouseError('EntityNotFound', `query execution ${id} not found`, { object: id });
    return e;
  }

  private async dropOldResults(): Promise<void> {
    const finished = [...this.executions.values()].filter((e) => isFinal(e.exec.state));
    const excess = this.executions.size - KEEP_RESULTS;
    if (excess <= 0) return;
    const victims = finished.slice(0, excess);
    // forgotten at once, so that queries started meanwhile do not pick the same victims
    for (const v of victims) this.executions.delete(v.exec.id);
    const conn = victims.some((v) => v.result?.kind === 'table') ? await (await this.db()).connect() : undefined;
    try {
      for (const v of victims)
        if (v.result?.kind === 'table' && conn) await this.views.alterCatalog(conn, `DROP TABLE IF EXISTS ${ident(RESULTS_SCHEMA)}.${ident(v.result.table)}`);
    } finally {
      conn?.closeSync();
    }
  }

  /** `key=value/` folders under a partitioned table's location, in key order. */
  discoverPartitions(t: CatalogTable): Promise<{ values: string[]; location: string }[]> {
    return discoverPartitions(t, this.deps.localPath);
  }


  /**
   * Lines a JSON table reads as rows of NULLs (blank, not an object, or malformed with `ignore.malformed.json`), per
   * object (`s3://…` → lines; none for other tables). Counted once per file, with its key spellings (JsonKeyCache).
   */
  async nullRowLines(table: CatalogTable): Promise<Map<string, number>> {
    if (tableFormat(table) !== 'json') return new Map();
    const conn = await this.connect();
    try {
      const source = await tableSource(table, { conn, keyCache: this.keyCache, localPath: this.deps.localPath });
      return new Map((source.nullRows ?? []).map((s) => [this.deps.locationOf(s.file), s.lines]));
    } finally {
      conn.closeSync();
    }
  }
}

function isFinal(state: QueryExecution['state']): boolean {
  return state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED';
}

export { loadDuckDb };
