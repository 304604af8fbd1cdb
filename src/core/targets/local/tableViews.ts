/**
 * Catalog tables as DuckDB views: the view of each table a statement reads, created or refreshed just before it runs
 * (tableSource.ts gives its SQL) and kept while nothing changed; the rows of a table read again kept parsed in
 * TABLE_CACHE_SCHEMA (LocalEngineDeps.tableCacheBytes); and the read lease under which a query's tables are listed
 * and read (dataLocks.ts). One TableViews per DuckDB instance (LocalQueryEngine).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { errorMessage, isLakehouseError } from '../../errors';
import type { CatalogTable } from '../../model';
import { normalizeS3Path } from '../../jobs/pipeline';
import { tableFormat } from '../../sql/ddl';
import type { Catalog } from '../../target';
import { ident, parseDuckError } from './duck';
import { diagnoseDataError } from './diagnose';
import { prepareAthenaQuery, viewError, type PreparedQuery } from './athenaSql';
import type { TranslationCache } from './translationCache';
import type { DataFile, JsonKeyCache } from './jsonKeys';
import { assertReadOnlyQuery } from './queryGuard';
import { tableSource, type TableSource } from './tableSource';
import { FILE_COLUMN, HIDDEN_SCHEMA, hiddenViewName, hiddenViewSql } from './hiddenColumns';
import type { DataLease, DataLockOptions } from './dataLocks';
import { RESULTS_SCHEMA } from './queryResults';


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

/** tables read again, kept parsed (see LocalEngineDeps.tableCacheBytes) */
export const TABLE_CACHE_SCHEMA = '__lakehouse_cache';

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

/** What the views of an engine's tables need of it (LocalEngineDeps, and the engine's own caches). */
export interface TableViewsDeps {
  catalog: Catalog;
  keyCache: JsonKeyCache;
  translations: TranslationCache;
  /** the folder on disk of an `s3://bucket/prefix/` location */
  localPath(location: string): string;
  /** `s3://bucket/key` of a file on disk, for messages */
  locationOf(file: string): string;
  /** a shared lease on locations, held while their files are listed and read: dataLocks.ts */
  readLease(locations: readonly string[], options: DataLockOptions): Promise<DataLease>;
  /** LocalEngineDeps.tableCacheBytes, resolved */
  tableCacheBytes: number;
}

export class TableViews {
  /**
   * What this instance's DuckDB catalog holds, so a table bound again with nothing changed is not re-created: the
   * schemas created, and per `"db"."table"` the view of a catalog table. Any other change to those names drops the
   * entry.
   */
  private readonly schemas = new Set<string>();
  private readonly boundViews = new Map<string, BoundView>();
  private readonly tableCacheBytes: number;
  /** names the cached tables, and orders their reads */
  private cacheClock = 0;

  constructor(private readonly deps: TableViewsDeps) {
    this.tableCacheBytes = deps.tableCacheBytes;
  }

  /** Forgets what the DuckDB instance held (it is closed). */
  clear(): void {
    this.schemas.clear();
    this.boundViews.clear();
  }

  private catalogChanges: Promise<unknown> = Promise.resolve();
  /**
   * Runs a statement that changes DuckDB's schemas or views, one at a time: two connections replacing the same view
   * at once fail with a write-write conflict (concurrent queries over one table, a job run beside a query).
   */
  alterCatalog(conn: DuckDBConnection, sql: string): Promise<void> {
    return this.exclusive(() => conn.run(sql).then(() => undefined));
  }

  /** Runs `work` (which changes DuckDB's schemas or views) after the changes before it, and before those after. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.catalogChanges.then(work);
    this.catalogChanges = run.catch(() => undefined);
    return run;
  }

  async ensureSchema(conn: DuckDBConnection, database: string): Promise<void> {
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
        view = await prepareAthenaQuery(this.deps.catalog, table.viewText ?? '', { base: { line: 1, column: 1 }, database: table.database, translations: this.deps.translations }, 1, views).catch((e: unknown) => {
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
      source = await tableSource(table, { conn, keyCache: this.deps.keyCache, localPath: this.deps.localPath });
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
      return await tableSource(table, { conn, keyCache: this.deps.keyCache, localPath: this.deps.localPath, skip });
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
    const source = await tableSource(table, { conn, keyCache: this.deps.keyCache, localPath: this.deps.localPath, fileColumn: FILE_COLUMN });
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
  async unbind(conn: DuckDBConnection, database: string, name: string, databaseExists: boolean): Promise<void> {
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
  async readUnderLease<T>(
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
}
