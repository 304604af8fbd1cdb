/**
 * The local query engine: Athena SQL on DuckDB, in process.
 *
 * Each catalog database is a DuckDB schema; each catalog table a view over its files (tableSource.ts), created
 * or refreshed for the tables a statement references, just before it runs — so `"stedi"."customer_landing"`,
 * `stedi.customer_landing` and, with a default database, `customer_landing` all resolve as in Athena. Athena's
 * DDL and catalog statements are carried out against the catalog (catalog.ts); SELECTs run on DuckDB and their
 * results are kept in a results schema, so they can be paged (and exported) without holding them in JavaScript.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError, errorMessage, isLakehouseError, positionAt } from '../../errors';
import type { CatalogTable, CellValue, QueryColumn, QueryContext, QueryExecution, ResultPage } from '../../model';
import { normalizeS3Path } from '../../jobs/pipeline';
import { tableFormat } from '../../sql/ddl';
import { splitStatements } from '../../sql/split';
import { refuseTimeTravel } from '../../sql/iceberg';
import { parseStatement, type ParsedStatement, type TableName } from '../../sql/statements';
import { duckDbTypeToAthena, parseDuckDbType } from '../../sql/types';
import type { Catalog, ExportOptions, PrepareObjectsOptions, QueryEngine } from '../../target';
import type { TranslatedQuery } from '../../sql/trino';
import { createInstance, ident, literal, loadDuckDb, parseDuckError, toCell, type EngineOptions } from './duck';
import { diagnoseDataError } from './diagnose';
import { writeNestedText } from './exportText';
import { keepTrinoPredictions, loadTrino, prepareAthenaQuery, saveTrinoPredictions, sourcePosition, viewError, type PreparedQuery } from './athenaSql';
import { BUILD_ID, sharedStoreFile } from './planStore';
import { TranslationCache } from './translationCache';
import { JsonKeyCache, type DataFile } from './jsonKeys';
import type { LearntTypes } from './learntSchema';
import { keepSparkPredictions, saveSparkPredictions } from './sparkSql';
import { moveFile, tempName } from './fsutil';
import { hasFloatingPoint, quoteNonFiniteNumbers } from './nonFinite';
import { assertReadOnlyQuery, learnInternalViews, statementKeyword } from './queryGuard';
import { sourcesNullRowsMessage, tableSource, type TableSource } from './tableSource';
import { runAthenaStatement } from './athenaStatements';
import { runTableWrite } from './tableWrites';
import { discoverPartitions, ensureDatabase, runCatalogStatement } from './catalogStatements';
import { formatMemory } from './memoryLimit';
import { PreparedStatements } from './preparedStatements';
import { FILE_COLUMN, HIDDEN_SCHEMA, hiddenViewName, hiddenViewSql } from './hiddenColumns';
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

/**
 * How a table is bound: `query`: by a query (see bindTable); `lease`: the read lease it must be covered by; `views`:
 * the views the query reads, translated.
 */
export interface BindOptions {
  query?: boolean;
  lease?: DataLease;
  /** the views of the query being bound, translated (athenaSql.ts): `"db.name"` → their query */
  views?: Map<string, PreparedQuery>;
}

/** A table to bind lies outside the lease taken (the catalog changed since the lease's locations were found). */
class LeaseMiss extends Error {
  constructor(readonly locations: string[]) {
    super(`not covered by the read lease: ${locations.join(', ')}`);
  }
}

/** Where a table's files are: its location and its partitions' (normalised `s3://bucket/prefix/`). */
export function tableLocations(table: CatalogTable): string[] {
  const all = [table.storage.location, ...(table.partitions ?? []).map((p) => p.location)].filter((l) => l !== '');
  return [...new Set(all.map(normalizeS3Path))];
}

const RESULTS_SCHEMA = '__lakehouse_results';
/** the temporary table of a CSV export's nested columns as text (exportText.ts) */
const NESTED_TEXT = '__export_nested_text';
/** tables read again, kept parsed (see LocalEngineDeps.tableCacheBytes) */
export const TABLE_CACHE_SCHEMA = '__lakehouse_cache';
/** results kept for paging and export; older ones are dropped */
const KEEP_RESULTS = 24;

type Result =
  /** `columns`: Trino's names and types; `duckNames`: the columns of the DuckDB table holding the rows */
  | { kind: 'table'; table: string; columns: QueryColumn[]; duckNames?: string[]; duckTypes: string[]; rows: number }
  | { kind: 'rows'; columns: QueryColumn[]; rows: CellValue[][] };

/** The DuckDB view of a catalog table (not a catalog view), as this instance has it. */
interface BoundView {
  /** its SQL and its files' sizes and times when it was made */
  signature: string;
  /** what it reads from the files */
  sql: string;
  /** how many queries (not jobs) bound it: a second keeps its rows */
  queryReads: number;
  /** the table in TABLE_CACHE_SCHEMA the view reads instead, once read again; `failed` when loading it failed */
  cache?: { table: string; bytes: number; used: number } | 'failed';
}

/** The catalog tables a query reads, bound as DuckDB views, and the query to run over them. */
export interface BoundQuery {
  tables: CatalogTable[];
  sources: TableSource[];
  /** the query as DuckDB runs it: the query given, or rewritten to read tables' hidden columns (hiddenColumns.ts) */
  sql: string;
}

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

interface Execution {
  exec: QueryExecution;
  conn?: DuckDBConnection;
  cancelled: boolean;
  /** aborted by cancel(): stops waiting for a read lease */
  abort: AbortController;
  done: Promise<void>;
  result?: Result;
}

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
  /**
   * What this instance's DuckDB catalog holds, so a table bound again with nothing changed is not re-created: the
   * schemas created, and per `"db"."table"` the view of a catalog table. Any other change to those names drops the
   * entry.
   */
  private readonly schemas = new Set<string>();
  private readonly boundViews = new Map<string, BoundView>();
  private readonly tableCacheBytes: number;
  /** PREPARE'd statements, for as long as this engine lives (preparedStatements.ts) */
  private readonly prepared = new PreparedStatements();
  /** names the cached tables, and orders their reads */
  private cacheClock = 0;
  /** DuckDB's own views being learnt on a connection of the engine's (db()): awaited before the engine closes */
  private learning: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LocalEngineDeps) {
    this.keyCache = new JsonKeyCache(path.join(deps.dataDir, 'cache', 'json-keys.json'));
    keepTrinoPredictions(path.join(deps.dataDir, 'cache', 'trino-predictions.bin'));
    keepSparkPredictions(path.join(deps.dataDir, 'cache', 'spark-predictions.bin'));
    const build = 'translationBuild' in deps ? deps.translationBuild : BUILD_ID;
    const shared = build !== undefined && deps.sharedCacheDir !== undefined ? new TranslationCache(sharedStoreFile(deps.sharedCacheDir, 'translations', build), build, undefined, { userCache: true }) : undefined;
    this.translations = new TranslationCache(path.join(deps.dataDir, 'cache', 'translations.bin'), build, shared);
    this.engineName = 'DuckDB (local)';
    this.tableCacheBytes = Math.max(0, deps.tableCacheBytes ?? DEFAULT_TABLE_CACHE_BYTES);
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
    if (database) await this.ensureSchema(conn, database);
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

  async close(): Promise<void> {
    for (const e of this.executions.values()) if (e.conn && !isFinal(e.exec.state)) e.conn.interrupt();
    await Promise.allSettled([...this.executions.values()].map((e) => e.done));
    // (an engine that failed to open — a warm-up may have tried — has nothing to close)
    const inst = await this.instance?.catch(() => undefined);
    // (DuckDB's own views, once learnt, are kept with the translations)
    await this.learning.catch(() => undefined);
    await Promise.all([this.keyCache.save({ prune: true }), saveTrinoPredictions(), saveSparkPredictions(), this.translations.save()]);
    inst?.closeSync();
    this.instance = undefined;
    this.schemas.clear();
    this.boundViews.clear();
  }

  // ------------------------------------------------------------------------------------------ tables as views

  private catalogChanges: Promise<unknown> = Promise.resolve();
  /**
   * Runs a statement that changes DuckDB's schemas or views, one at a time: two connections replacing the same view
   * at once fail with a write-write conflict (concurrent queries over one table, a job run beside a query).
   */
  private alterCatalog(conn: DuckDBConnection, sql: string): Promise<void> {
    return this.exclusive(() => conn.run(sql).then(() => undefined));
  }

  /** Runs `work` (which changes DuckDB's schemas or views) after the changes before it, and before those after. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.catalogChanges.then(work);
    this.catalogChanges = run.catch(() => undefined);
    return run;
  }

  private async ensureSchema(conn: DuckDBConnection, database: string): Promise<void> {
    if (this.schemas.has(database)) return;
    await this.alterCatalog(conn, `CREATE SCHEMA IF NOT EXISTS ${ident(database)}`);
    this.schemas.add(database);
  }

  /**
   * Creates (or refreshes) the DuckDB view of a catalog table or view; returns what it reads. `query`: for a query
   * run by `start` (whose second read of a table keeps its rows: LocalEngineDeps.tableCacheBytes), not a job's.
   */
  async bindTable(conn: DuckDBConnection, table: CatalogTable, how: BindOptions = {}): Promise<TableSource> {
    // the files are listed under a lease on the table's locations (a reader never sees an output half-committed)
    if (how.lease && table.tableType !== 'VIRTUAL_VIEW') {
      const missing = tableLocations(table).filter((l) => !how.lease!.covers(l));
      if (missing.length > 0) throw new LeaseMiss(missing);
    }
    await this.ensureSchema(conn, table.database);
    const name = `${ident(table.database)}.${ident(table.name)}`;
    if (table.tableType === 'VIRTUAL_VIEW') {
      await this.exclusive(() => this.forgetView(conn, name));
      // the view's Athena SQL, translated (every name in it qualified, so DuckDB binds it as Athena does)
      const key = `${table.database}.${table.name}`;
      const views = how.views ?? new Map<string, PreparedQuery>();
      let view = views.get(key);
      if (!view) {
        view = await prepareAthenaQuery(this.deps.catalog, table.viewText ?? '', { base: { line: 1, column: 1 }, database: table.database, translations: this.translations }, 1, views).catch((e: unknown) => {
          throw viewError(table, e);
        });
        views.set(key, view);
      }
      const inner = await this.bindPrepared(conn, view, { ...how, views });
      // what the view runs must be one read-only query (queryGuard.ts), as a query's translation is
      await assertReadOnlyQuery(conn, view.guardSql).catch((e: unknown) => {
        throw isLakehouseError(e) ? viewError(table, e) : e;
      });
      await this.alterCatalog(conn, `CREATE OR REPLACE VIEW ${name}(${view.query.duckNames.map(ident).join(', ')}) AS ${view.query.sql}\n`);
      const files = inner.sources.flatMap((s) => s.files);
      const nullRows = inner.sources.flatMap((s) => s.nullRows ?? []);
      return { sql: view.query.sql, files, bytes: files.reduce((n, f) => n + f.size, 0), ...(nullRows.length > 0 ? { nullRows } : {}) };
    }
    let source: TableSource;
    try {
      source = await tableSource(table, { conn, keyCache: this.keyCache, localPath: this.deps.localPath });
    } catch (e) {
      // learning the files' key spellings reads every line: a line DuckDB cannot read fails here
      if (isLakehouseError(e)) throw e;
      throw (await diagnoseDataError(parseDuckError(e, '').message, [table], [], this.deps.locationOf).catch(() => undefined)) ?? e;
    }
    // the same SQL over the same files (size and time): the view DuckDB has is this one
    const signature = JSON.stringify([source.sql, source.files.map((f) => [f.size, f.mtimeMs])]);
    const cacheable = tableFormat(table) !== 'parquet' && source.bytes > 0 && source.bytes <= this.tableCacheBytes;
    try {
      await this.exclusive(async () => {
        const bound = this.boundViews.get(name);
        if (bound?.signature === signature) {
          if (typeof bound.cache === 'object') bound.cache.used = ++this.cacheClock;
          else if (bound.cache === undefined && how.query && ++bound.queryReads >= 2 && cacheable) await this.cacheView(conn, name, bound, source.bytes);
          return;
        }
        await conn.run(`CREATE OR REPLACE VIEW ${name} AS ${source.sql}`);
        await this.dropCached(conn, bound);
        this.boundViews.set(name, { signature, sql: source.sql, queryReads: how.query ? 1 : 0 });
      });
    } catch (e) {
      // DuckDB reads the first lines of a file to bind read_json: a bad first line fails here
      throw (await diagnoseDataError(parseDuckError(e, '').message, [table], [source], this.deps.locationOf).catch(() => undefined)) ?? e;
    }
    return source;
  }

  /**
   * A table's rows as a job run reads them when some of its files are gone by then (`skip`: those the run's
   * purge_s3_path deletes before Glue reads the table — with zones nested in the table's location). The SQL is the
   * run's own: the table's shared view is left as it is.
   */
  async tableSourceWithout(conn: DuckDBConnection, table: CatalogTable, skip: (file: DataFile) => boolean): Promise<TableSource> {
    try {
      return await tableSource(table, { conn, keyCache: this.keyCache, localPath: this.deps.localPath, skip });
    } catch (e) {
      if (isLakehouseError(e)) throw e;
      throw (await diagnoseDataError(parseDuckError(e, '').message, [table], [], this.deps.locationOf).catch(() => undefined)) ?? e;
    }
  }

  /**
   * Loads the rows of a table read again into TABLE_CACHE_SCHEMA and points its view there (called in `exclusive`).
   * Loading reads every line: if that fails, the view keeps reading the files, so a query fails only where it would
   * have.
   */
  private async cacheView(conn: DuckDBConnection, name: string, bound: BoundView, bytes: number): Promise<void> {
    const table = `t${++this.cacheClock}`;
    const cached = `${ident(TABLE_CACHE_SCHEMA)}.${ident(table)}`;
    try {
      await conn.run(`CREATE TABLE ${cached} AS ${bound.sql}`);
    } catch (e) {
      // a cancelled query stops here; any other failure leaves the view as it was
      if (/INTERRUPT/i.test(errorMessage(e))) throw e;
      bound.cache = 'failed';
      return;
    }
    try {
      await conn.run(`CREATE OR REPLACE VIEW ${name} AS SELECT * FROM ${cached}`);
    } catch (e) {
      await conn.run(`DROP TABLE IF EXISTS ${cached}`).catch(() => undefined);
      throw e;
    }
    bound.cache = { table, bytes, used: this.cacheClock };
    // the least recently read go, back to reading their files, until the rest fits
    const cachedViews = [...this.boundViews].flatMap(([n, b]) => (typeof b.cache === 'object' ? [{ name: n, bound: b, ...b.cache }] : []));
    let total = cachedViews.reduce((n, c) => n + c.bytes, 0);
    for (const victim of cachedViews.sort((a, b) => a.used - b.used)) {
      if (total <= this.tableCacheBytes) break;
      if (victim.name === name) continue;
      total -= victim.bytes;
      await conn.run(`CREATE OR REPLACE VIEW ${victim.name} AS ${victim.bound.sql}`);
      await this.dropCached(conn, victim.bound);
      delete victim.bound.cache;
    }
  }

  /** Drops the cached rows of a view whose view now reads elsewhere (called in `exclusive`). */
  private async dropCached(conn: DuckDBConnection, bound: BoundView | undefined): Promise<void> {
    if (typeof bound?.cache === 'object') await conn.run(`DROP TABLE IF EXISTS ${ident(TABLE_CACHE_SCHEMA)}.${ident(bound.cache.table)}`);
  }

  /** Forgets the view of a name that is no longer a table's (called in `exclusive`). */
  private async forgetView(conn: DuckDBConnection, name: string): Promise<void> {
    const bound = this.boundViews.get(name);
    this.boundViews.delete(name);
    await this.dropCached(conn, bound);
  }

  /** The view of a table with its hidden columns ("$path" …: hiddenColumns.ts), for a query that names them. */
  private async bindHiddenView(conn: DuckDBConnection, table: CatalogTable): Promise<void> {
    const source = await tableSource(table, { conn, keyCache: this.keyCache, localPath: this.deps.localPath, fileColumn: FILE_COLUMN });
    const viewSql = hiddenViewSql(table, source, this.deps.locationOf);
    const name = hiddenViewName(table);
    await this.ensureSchema(conn, HIDDEN_SCHEMA);
    await this.exclusive(async () => {
      if (this.boundViews.get(name)?.signature === viewSql) return;
      await conn.run(`CREATE OR REPLACE VIEW ${name} AS ${viewSql}`);
      this.boundViews.set(name, { signature: viewSql, sql: viewSql, queryReads: 0, cache: 'failed' });
    });
  }

  /**
   * Removes what DuckDB may still hold of a name the catalog does not have (a table dropped since, here or by
   * another engine on the project), with its cached rows.
   */
  private async unbind(conn: DuckDBConnection, database: string, name: string, databaseExists: boolean): Promise<void> {
    if (['main', 'temp', 'information_schema', 'pg_catalog', RESULTS_SCHEMA, TABLE_CACHE_SCHEMA, HIDDEN_SCHEMA].includes(database)) return;
    const viewName = `${ident(database)}.${ident(name)}`;
    await this.exclusive(async () => {
      if (databaseExists) {
        if (!this.schemas.has(database) && !this.boundViews.has(viewName)) return;
        await conn.run(`DROP VIEW IF EXISTS ${viewName}`);
        await this.forgetView(conn, viewName);
      } else {
        this.schemas.delete(database);
        await conn.run(`DROP SCHEMA IF EXISTS ${ident(database)} CASCADE`);
        for (const k of [...this.boundViews.keys()]) if (k.startsWith(`${ident(database)}.`)) await this.forgetView(conn, k);
      }
    });
  }

  /** The tables whose rows are kept parsed: `"db"."table"` → bytes of their files (for tests and diagnostics). */
  cachedTables(): Map<string, number> {
    return new Map([...this.boundViews].flatMap(([name, b]) => (typeof b.cache === 'object' ? [[name, b.cache.bytes] as const] : [])));
  }

  /** Binds the catalog tables and views a translated query reads (and the hidden-column views it reads instead). */
  async bindPrepared(conn: DuckDBConnection, prepared: PreparedQuery, how: BindOptions = {}): Promise<BoundQuery> {
    const tables: CatalogTable[] = [];
    const sources: TableSource[] = [];
    for (const table of prepared.tables) {
      tables.push(table);
      sources.push(await this.bindTable(conn, table, { ...how, views: how.views ?? prepared.views }));
    }
    for (const table of prepared.hidden) await this.bindHiddenView(conn, table);
    return { tables, sources, sql: prepared.query.sql };
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

  /**
   * The locations whose files a translated query reads: its catalog tables' (and their partitions'), through the
   * views it reads (themselves translated).
   */
  locationsRead(prepared: PreparedQuery, seen = new Set<PreparedQuery>()): string[] {
    if (seen.has(prepared)) return [];
    seen.add(prepared);
    const out: string[] = [];
    for (const table of prepared.tables) {
      if (table.tableType !== 'VIRTUAL_VIEW') out.push(...tableLocations(table));
      else {
        const view = prepared.views.get(`${table.database}.${table.name}`);
        if (view) out.push(...this.locationsRead(view, seen));
      }
    }
    return [...new Set(out)];
  }

  /**
   * Binds the tables a translated query reads and runs `body` under a shared lease on their locations, so that the
   * files are listed and read with no commit in between (a commit waits for the lease; the lease waits for a commit
   * under way). Should the catalog have moved a table meanwhile (the lease does not cover what binding finds), it
   * starts again with the locations found.
   */
  private async readUnderLease<T>(
    conn: DuckDBConnection,
    prepared: PreparedQuery,
    how: BindOptions,
    what: string,
    signal: AbortSignal | undefined,
    body: (bound: BoundQuery) => Promise<T>,
  ): Promise<T> {
    let locations = this.locationsRead(prepared);
    for (let attempt = 0; ; attempt++) {
      const lease = await this.deps.readLease(locations, { what, ...(signal ? { signal } : {}) });
      try {
        return await body(await this.bindPrepared(conn, prepared, { ...how, lease }));
      } catch (e) {
        if (!(e instanceof LeaseMiss) || attempt >= 8) throw e;
        locations = [...locations, ...e.locations];
      } finally {
        await lease.release();
      }
    }
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
    entry.done = this.execute(entry);
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
    if (result.kind === 'rows') {
      const rows = result.rows.slice(offset, offset + max);
      return { columns: result.columns, rows, ...(offset + max < result.rows.length ? { nextPageToken: String(offset + max) } : {}) };
    }
    const conn = await (await this.db()).connect();
    try {
      const reader = await conn.runAndReadAll(
        `SELECT * FROM ${ident(RESULTS_SCHEMA)}.${ident(result.table)} WHERE rowid >= ${offset} AND rowid < ${offset + max} ORDER BY rowid`,
      );
      const rows = (reader.getRowsJson() as unknown[][]).map((r) => r.map((v, i) => toCell(v, result.duckTypes[i]!)));
      return { columns: result.columns, rows, ...(offset + max < result.rows ? { nextPageToken: String(offset + max) } : {}) };
    } finally {
      conn.closeSync();
    }
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
      let relation: string;
      if (result.kind === 'table') {
        // CSV: arrays, maps and rows as the text Athena's CSV holds (`{last=Smith, first=Bob, age=35}`), as the
        // CLI's `-f csv` writes them, rendered into a table of their own (exportText.ts): DuckDB's own CSV writer
        // writes its literals ({'name': Zoë, 'id': 35})
        const table = `${ident(RESULTS_SCHEMA)}.${ident(result.table)}`;
        const nested = options.format === 'csv' ? result.columns.flatMap((column, index) => (isNested(result.duckTypes[index]!) ? [{ column, index, duckName: result.duckNames?.[index] ?? column.name, duckType: result.duckTypes[index]! }] : [])) : [];
        if (nested.length > 0) {
          const rows = options.maxRows !== undefined ? Math.min(result.rows, Math.max(0, Math.floor(options.maxRows))) : result.rows;
          await writeNestedText(conn, table, NESTED_TEXT, nested, rows, options.signal);
          if (options.signal?.aborted) throw new LakehouseError('Cancelled', 'the export was cancelled');
        }
        const columns = result.columns.map((c, i) =>
          nested.some((n) => n.index === i) ? `${ident(NESTED_TEXT)}.${ident(`c${i}`)} AS ${ident(c.name)}` : `${table}.${ident(result.duckNames?.[i] ?? c.name)} AS ${ident(c.name)}`,
        );
        relation =
          nested.length > 0
            ? `(SELECT ${columns.join(', ')} FROM ${table} JOIN ${ident(NESTED_TEXT)} ON ${ident(NESTED_TEXT)}.rid = ${table}.rowid ORDER BY ${table}.rowid)`
            : `(SELECT ${columns.join(', ')} FROM ${table} ORDER BY rowid)`;
      }
      else {
        // results held as rows (SHOW …, DESCRIBE …): a VALUES list of text
        const cols = result.columns.map((c) => ident(c.name)).join(', ');
        const rows = result.rows.map((r) => `(${r.map((v) => (v === null ? 'NULL' : literal(typeof v === 'object' ? JSON.stringify(v) : String(v)))).join(', ')})`);
        relation = rows.length > 0 ? `(SELECT * FROM (VALUES ${rows.join(', ')}) AS t(${cols}))` : `(SELECT ${result.columns.map((c) => `NULL::VARCHAR AS ${ident(c.name)}`).join(', ')} WHERE false)`;
      }
      const limited = options.maxRows !== undefined ? `(SELECT * FROM ${relation} LIMIT ${Math.max(0, Math.floor(options.maxRows))})` : relation;
      const format = options.format === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : options.format === 'json' ? 'FORMAT json, ARRAY true' : 'FORMAT csv, HEADER true';
      const reader = await conn.runAndReadAll(`COPY ${limited} TO ${literal(tmp)} (${format})`);
      const rows = Number((reader.getRowsJson() as string[][])[0]?.[0] ?? 0);
      // a double that is not finite: a string, not DuckDB's bare Infinity/NaN (not JSON; see nonFinite.ts)
      if (options.format === 'json' && result.kind === 'table' && result.duckTypes.some(hasFloatingPoint)) await quoteNonFiniteNumbers(tmp);
      await moveFile(tmp, options.file);
      const bytes = (await fs.stat(options.file)).size;
      return { rows, bytes };
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
    const r = this.entry(id).result;
    if (r?.kind !== 'table') return undefined;
    const select = r.columns.map((c, i) => `${ident(r.duckNames?.[i] ?? c.name)} AS ${ident(c.name)}`).join(', ');
    return { relation: `(SELECT ${select} FROM ${ident(RESULTS_SCHEMA)}.${ident(r.table)} ORDER BY rowid)`, columns: r.columns.map((c) => c.name) };
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
        entry.result = await this.describeResult(entry.conn, table, Number((created.getRowsJson() as string[][])[0]?.[0] ?? NaN));
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
        if (v.result?.kind === 'table' && conn) await this.alterCatalog(conn, `DROP TABLE IF EXISTS ${ident(RESULTS_SCHEMA)}.${ident(v.result.table)}`);
    } finally {
      conn?.closeSync();
    }
  }

  // ------------------------------------------------------------------------------------------ execution

  private async execute(entry: Execution): Promise<void> {
    const { exec } = entry;
    const t0 = performance.now();
    let bytesScanned = 0;
    try {
      await Promise.resolve();
      const statements = splitStatements(exec.sql);
      if (statements.length === 0) throw new LakehouseError('InvalidInput', 'there is no SQL statement to run');
      if (statements.length > 1) {
        const { line, column, text } = statements[1]!;
        throw new LakehouseError('InvalidInput', `only one statement can run at a time; a second one (${statementKeyword(text)}) starts at line ${line}, column ${column}`, { line, column });
      }
      const statement = statements[0]!;
      const parsed = parseStatement(statement.text, {
        line: statement.line,
        column: statement.column,
        ...(exec.context.database !== undefined ? { defaultDatabase: exec.context.database } : {}),
      });
      exec.kind = parsed.kind;
      exec.state = 'RUNNING';
      if (entry.cancelled) throw new LakehouseError('Cancelled', 'the query was cancelled');
      const db = exec.context.database;
      const outcome = await this.dispatch(entry, parsed, statement.text, statement.line, statement.column, db);
      bytesScanned = outcome.bytes ?? 0;
      entry.result = outcome.result;
      if (outcome.message !== undefined) exec.message = outcome.message;
      exec.state = 'SUCCEEDED';
      exec.statistics = {
        elapsedMs: Math.round(performance.now() - t0),
        bytesScanned,
        engine: this.engineName,
        ...(outcome.rows !== undefined ? { rows: outcome.rows } : {}),
      };
    } catch (e) {
      const cancelled = entry.cancelled || isLakehouseError(e, 'Cancelled');
      exec.state = cancelled ? 'CANCELLED' : 'FAILED';
      const err = isLakehouseError(e) ? e : new LakehouseError('SqlError', errorMessage(e));
      // one form for every positioned error, as Athena writes it: `line 3:17: message`
      const bare = err.message.replace(/^(line )?\d+:\d+: /, '');
      const message = err.detail.line !== undefined && err.detail.file === undefined ? `line ${err.detail.line}:${err.detail.column ?? 1}: ${bare}` : err.message;
      exec.error = {
        message: cancelled ? 'the query was cancelled' : message,
        ...(err.detail.line !== undefined ? { line: err.detail.line } : {}),
        ...(err.detail.column !== undefined ? { column: err.detail.column } : {}),
      };
      exec.statistics = { elapsedMs: Math.round(performance.now() - t0), bytesScanned, engine: this.engineName };
    } finally {
      exec.completed = new Date();
      entry.conn?.closeSync();
      delete entry.conn;
    }
  }

  private async connFor(entry: Execution, database?: string): Promise<DuckDBConnection> {
    entry.conn ??= await this.connect(database);
    if (entry.cancelled) throw new LakehouseError('Cancelled', 'the query was cancelled');
    return entry.conn;
  }

  /**
   * Runs a query (the SELECT of a statement) on DuckDB: translated from Athena SQL first (`at` is where `sql`
   * starts in the statement's file: syntax and translation errors are positioned there), its tables bound, then
   * `body` runs the translated SQL, which must start on the second line of what it gives DuckDB (`… AS\n${sql}\n…`)
   * so that DuckDB's positions map back through the translation. `readsRows` false: `body` only plans or describes
   * (EXPLAIN, CREATE VIEW), which does not count as a read of the tables (see bindTable).
   */
  private async runQuery<T>(
    entry: Execution,
    sql: string,
    at: { line: number; column: number },
    database: string | undefined,
    body: (conn: DuckDBConnection, bound: BoundQuery & { query: TranslatedQuery }) => Promise<T>,
    readsRows = true,
    display = false,
  ): Promise<{ value: T; bytes: number; skipped?: string; query: TranslatedQuery }> {
    // time travel (FOR TIMESTAMP AS OF) reads Iceberg tables
    refuseTimeTravel(sql, at);
    const conn = await this.connFor(entry, database);
    if (database !== undefined && !(await this.deps.catalog.database(database)))
      throw new LakehouseError('EntityNotFound', `Database ${database} does not exist`, { object: database });
    const prepared = await prepareAthenaQuery(this.deps.catalog, sql, { base: at, database, missing: (d, n, exists) => this.unbind(conn, d, n, exists), translations: this.translations, display });
    if (entry.cancelled) throw new LakehouseError('Cancelled', 'the query was cancelled');
    let bound: BoundQuery = { tables: [], sources: [], sql: prepared.query.sql };
    try {
      // what DuckDB runs must be one read-only query (queryGuard.ts): the translation's, checked before it runs
      await assertReadOnlyQuery(conn, prepared.guardSql);
      // bound and read under a lease on what it reads: no commit in between (dataLocks.ts)
      const what = `a query (${JSON.stringify(sql.length > 60 ? `${sql.slice(0, 57)}…` : sql)})`;
      const value = await this.readUnderLease(conn, prepared, { query: readsRows }, what, entry.abort.signal, (b) => body(conn, { ...(bound = b), query: prepared.query }));
      // lines the tables read as rows of NULLs (blank, not an object, malformed and ignored): said in the message
      const skipped = readsRows ? sourcesNullRowsMessage(bound.sources, this.deps.locationOf) : undefined;
      return { value, bytes: bound.sources.reduce((n, s) => n + s.bytes, 0), query: prepared.query, ...(skipped !== undefined ? { skipped } : {}) };
    } catch (e) {
      if (entry.cancelled) throw new LakehouseError('Cancelled', 'the query was cancelled');
      const err = await this.explainFailure(e, prepared.query.sql, bound.sources, bound.tables, 1);
      // a table the engine refuses to read (Iceberg, partition projection): at the query
      if (err.code === 'SqlUnsupported' && err.detail.line === undefined && err.detail.file === undefined)
        throw new LakehouseError(err.code, err.message, { ...err.detail, line: at.line, column: at.column }, { cause: e });
      if (err.detail.line !== undefined && err.detail.file === undefined) {
        // from a position in the translated SQL to the source node it was made for
        const position = sourcePosition(prepared, err.detail.line, err.detail.column ?? 1);
        const { line: _l, column: _c, ...rest } = err.detail;
        throw new LakehouseError(err.code, err.message, position ? { ...rest, ...position } : rest, { cause: e });
      }
      throw err;
    }
  }

  private async dispatch(
    entry: Execution,
    s: ParsedStatement,
    text: string,
    line: number,
    column: number,
    db: string | undefined,
  ): Promise<{ result?: Result; rows?: number; bytes?: number; message?: string }> {
    const catalog = this.deps.catalog;
    const dbOf = (t: TableName) => {
      const d = t.database ?? db;
      if (d === undefined) throw new LakehouseError('InvalidInput', `${t.name}: no database given — qualify the name (database.table) or choose a database`, { object: t.name });
      return d;
    };
    const mustTable = async (t: TableName): Promise<CatalogTable> => {
      const d = dbOf(t);
      const found = await catalog.table(d, t.name);
      if (!found) {
        if (!(await catalog.database(d))) throw new LakehouseError('EntityNotFound', `Database ${d} does not exist`, { object: d });
        throw new LakehouseError('EntityNotFound', `Table ${d}.${t.name} does not exist`, { object: `${d}.${t.name}` });
      }
      return found;
    };
    const offsetAt = (offset: number) => {
      const p = positionAt(text, offset);
      return { line: line + p.line - 1, column: p.line === 1 ? column + p.column - 1 : p.column };
    };

    switch (s.kind) {
      case 'QUERY': {
        const id = `r_${entry.exec.id.replace(/-/g, '')}`;
        const { value, bytes, skipped } = await this.runQuery(entry, text, { line, column }, db, async (conn, bound) => {
          // insertion order is the query's order (DuckDB preserves it), so rowid pages the result in order
          // CREATE TABLE AS answers with the number of rows it wrote
          const created = await conn.runAndReadAll(`CREATE TABLE ${ident(RESULTS_SCHEMA)}.${ident(id)} AS\n${displayed(bound.query)}\n`);
          return this.describeResult(conn, id, Number((created.getRowsJson() as string[][])[0]?.[0] ?? NaN), bound.query);
        }, true, true);
        return { result: value, rows: value.kind === 'table' ? value.rows : value.rows.length, bytes, ...(skipped !== undefined ? { message: skipped } : {}) };
      }
      case 'EXPLAIN': {
        const at = offsetAt(s.queryOffset);
        const { value, bytes } = await this.runQuery(
          entry,
          s.query,
          at,
          db,
          async (conn, bound) => {
            const reader = await conn.runAndReadAll(`EXPLAIN\n${bound.sql}\n`);
            // DuckDB's plan is one text cell of box drawing: a row per line, so that a table and the grid show it
            return (reader.getRowsJson() as string[][]).flatMap((r) => (r[1] ?? r[0] ?? '').replace(/\n+$/, '').split('\n').map((l) => [l]));
          },
          false,
        );
        return { result: { kind: 'rows', columns: [{ name: 'Query Plan', type: 'varchar' }], rows: value }, rows: value.length, bytes, message: EXPLAIN_NOTE };
      }
      case 'CTAS':
      case 'INSERT':
      case 'CREATE_VIEW':
        return runTableWrite(
          {
            catalog,
            localPath: this.deps.localPath,
            defaultTableLocation: this.deps.defaultTableLocation,
            keyCache: this.keyCache,
            database: db,
            dbOf,
            mustTable,
            ensureDatabase: (name) => this.ensureDatabase(name),
            runQuery: (query, at, database, body, readsRows) => this.runQuery(entry, query, at, database, body, readsRows),
            writerContext: (conn) => this.writerContext(conn),
            commit: (request) => this.deps.commit({ ...request, signal: entry.abort.signal }),
            offsetAt,
          },
          s,
          line,
          column,
        );
      case 'CREATE_DATABASE':
      case 'DROP_DATABASE':
      case 'CREATE_TABLE':
      case 'DROP_VIEW':
      case 'DROP_TABLE':
      case 'SHOW_DATABASES':
      case 'SHOW_TABLES':
      case 'SHOW_COLUMNS':
      case 'DESCRIBE':
      case 'SHOW_CREATE_TABLE':
      case 'SHOW_PARTITIONS':
      case 'MSCK_REPAIR':
      case 'USE':
      case 'UNSUPPORTED':
        return runCatalogStatement({ catalog, database: db, localPath: this.deps.localPath, dbOf, mustTable }, s, line, column);
      case 'ALTER_TABLE':
      case 'SHOW_TBLPROPERTIES':
      case 'SHOW_VIEWS':
      case 'SHOW_CREATE_VIEW':
      case 'ICEBERG_DML':
      case 'UNLOAD':
      case 'PREPARE':
      case 'EXECUTE':
      case 'DEALLOCATE':
        return runAthenaStatement(
          {
            catalog,
            localPath: this.deps.localPath,
            prepared: this.prepared,
            workgroup: entry.exec.context.workgroup ?? 'primary',
            database: db,
            dbOf,
            mustTable,
            runQuery: (query, at, body) => this.runQuery(entry, query, at, db, body),
            writerContext: (conn) => this.writerContext(conn),
            commit: (request) => this.deps.commit({ ...request, signal: entry.abort.signal }),
            offsetAt,
            execute: (inner, statement) => {
              entry.exec.kind = inner.kind;
              return this.dispatch(entry, inner, statement, 1, 1, db);
            },
          },
          s,
          line,
          column,
        );
    }
  }

  private ensureDatabase(name: string): Promise<void> {
    return ensureDatabase(this.deps.catalog, name);
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

  private async describeResult(conn: DuckDBConnection, id: string, rows?: number, query?: TranslatedQuery): Promise<Result> {
    const reader = await conn.runAndReadAll(`DESCRIBE ${ident(RESULTS_SCHEMA)}.${ident(id)}`);
    const described = reader.getRowsJson() as string[][];
    let count = rows;
    if (count === undefined || !Number.isInteger(count)) {
      const counted = await conn.runAndReadAll(`SELECT count(*) FROM ${ident(RESULTS_SCHEMA)}.${ident(id)}`);
      count = Number((counted.getRowsJson() as string[][])[0]![0]);
    }
    return {
      kind: 'table',
      table: id,
      // Trino's names and types, as the translation gives them (DuckDB's own only if it has none)
      columns: query && query.columns.length === described.length ? query.columns.map((c) => ({ name: c.name, type: c.typeName })) : described.map((r) => ({ name: r[0]!, type: duckDbTypeToAthena(r[1]!) })),
      duckNames: described.map((r) => r[0]!),
      duckTypes: described.map((r) => r[1]!),
      rows: count,
    };
  }
}

/** Whether a DuckDB column type is an array, a struct or a map. */
function isNested(duckType: string): boolean {
  try {
    const kind = parseDuckDbType(duckType).kind;
    return kind === 'list' || kind === 'struct' || kind === 'map';
  } catch {
    return false;
  }
}

function isFinal(state: QueryExecution['state']): boolean {
  return state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED';
}

/**
 * A query's SQL for a result shown to the user: its columns as the translation gives them, except the few types
 * DuckDB holds without what Athena shows (a timestamp's zone), which become Athena's text. The query stays on the
 * lines after the first (DuckDB's error positions map back through it).
 */
/** What an EXPLAIN's plan is: it is not the plan Athena prints, and a user comparing the two must know it. */
const EXPLAIN_NOTE = "the local engine's plan: DuckDB's, of the query as translated from Athena SQL; Athena's plan (Trino's fragments) differs";

function displayed(query: TranslatedQuery): string {
  return query.displayList === undefined ? query.sql : `SELECT ${query.displayList} FROM (\n${query.sql}\n) AS "q"`;
}

export { loadDuckDb };
