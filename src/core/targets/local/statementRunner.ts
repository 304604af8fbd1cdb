/**
 * One statement of Athena SQL run by the local engine (LocalQueryEngine.start): split and parsed, then carried out —
 * a query translated (src/core/sql/trino), its tables bound as DuckDB views under a read lease (tableViews.ts) and
 * its rows kept as a result (queryResults.ts); EXPLAIN; table writes (tableWrites.ts); catalog statements
 * (catalogStatements.ts) and the rest of Athena's (athenaStatements.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LakehouseError, errorMessage, isLakehouseError, positionAt } from '../../errors';
import type { CatalogTable, QueryExecution } from '../../model';
import { splitStatements } from '../../sql/split';
import { refuseTimeTravel } from '../../sql/iceberg';
import type { ParsedStatement, TableName } from '../../sql/statements';
import type { Catalog } from '../../target';
import type { TranslatedQuery } from '../../sql/trino';
import { trinoRuntimeMessage } from '../../sql/trino/runtimeErrors';
import { ident } from './duck';
import { prepareAthenaQuery, sourcePosition } from './athenaSql';
import type { TranslationCache } from './translationCache';
import type { StatementCache } from './statementCache';
import type { TableViews, BoundQuery } from './tableViews';
import { describeResult, displayed, RESULTS_SCHEMA, type Result } from './queryResults';
import type { JsonKeyCache } from './jsonKeys';
import { assertReadOnlyQuery, statementKeyword } from './queryGuard';
import { sourcesNullRowsMessage, type TableSource } from './tableSource';
import { runAthenaStatement } from './athenaStatements';
import { runTableWrite } from './tableWrites';
import { ensureDatabase, runCatalogStatement } from './catalogStatements';
import type { PreparedStatements } from './preparedStatements';
import type { CommitOutcome, CommitRequest } from './outputCommit';
import type { WriterContext } from './writer';

/** An execution of the engine's: what the QueryEngine interface shows of it, its connection while it runs, its result. */
export interface Execution {
  exec: QueryExecution;
  conn?: DuckDBConnection;
  cancelled: boolean;
  /** aborted by cancel(): stops waiting for a read lease */
  abort: AbortController;
  done: Promise<void>;
  result?: Result;
}

/** What running a statement needs of the engine (LocalQueryEngine: its deps, caches and connections). */
export interface StatementRunnerDeps {
  engineName: string;
  catalog: Catalog;
  /** the folder on disk of an `s3://bucket/prefix/` location */
  localPath(location: string): string;
  /** `s3://bucket/key` of a file on disk, for messages */
  locationOf(file: string): string;
  /** where CTAS puts a table that names no `external_location` */
  defaultTableLocation(database: string, table: string): string;
  /** commits staged output (files, purges, catalog changes) all together: outputCommit.ts */
  commit(request: CommitRequest): Promise<CommitOutcome>;
  keyCache: JsonKeyCache;
  translations: TranslationCache;
  parsedStatements: StatementCache;
  views: TableViews;
  prepared: PreparedStatements;
  /** a new DuckDB connection whose unqualified names resolve in `database` (LocalQueryEngine.connect) */
  connect(database?: string): Promise<DuckDBConnection>;
  /** LocalQueryEngine.explainFailure */
  explainFailure(e: unknown, sql: string, sources: readonly TableSource[], tables: readonly CatalogTable[], lineOffset?: number): Promise<LakehouseError>;
  /** LocalQueryEngine.writerContext */
  writerContext(conn: DuckDBConnection): WriterContext;
}

/** Runs the statement of an execution (LocalQueryEngine.start) to its end, recording its state, result and error. */
export class StatementRunner {
  constructor(private readonly deps: StatementRunnerDeps) {}

  async execute(entry: Execution): Promise<void> {
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
      const parsed = await this.deps.parsedStatements.parse(statement.text, {
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
        engine: this.deps.engineName,
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
      exec.statistics = { elapsedMs: Math.round(performance.now() - t0), bytesScanned, engine: this.deps.engineName };
    } finally {
      exec.completed = new Date();
      entry.conn?.closeSync();
      delete entry.conn;
    }
  }

  private async connFor(entry: Execution, database?: string): Promise<DuckDBConnection> {
    entry.conn ??= await this.deps.connect(database);
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
    const prepared = await prepareAthenaQuery(this.deps.catalog, sql, { base: at, database, missing: (d, n, exists) => this.deps.views.unbind(conn, d, n, exists), translations: this.deps.translations, display });
    if (entry.cancelled) throw new LakehouseError('Cancelled', 'the query was cancelled');
    let bound: BoundQuery = { tables: [], sources: [], sql: prepared.query.sql };
    try {
      // what DuckDB runs must be one read-only query (queryGuard.ts): the translation's, checked before it runs
      await assertReadOnlyQuery(conn, prepared.guardSql);
      // bound and read under a lease on what it reads: no commit in between (dataLocks.ts)
      const what = `a query (${JSON.stringify(sql.length > 60 ? `${sql.slice(0, 57)}…` : sql)})`;
      const value = await this.deps.views.readUnderLease(conn, prepared, { query: readsRows }, what, entry.abort.signal, (b) => body(conn, { ...(bound = b), query: prepared.query }));
      // lines the tables read as rows of NULLs (blank, not an object, malformed and ignored): said in the message
      const skipped = readsRows ? sourcesNullRowsMessage(bound.sources, this.deps.locationOf) : undefined;
      return { value, bytes: bound.sources.reduce((n, s) => n + s.bytes, 0), query: prepared.query, ...(skipped !== undefined ? { skipped } : {}) };
    } catch (e) {
      if (entry.cancelled) throw new LakehouseError('Cancelled', 'the query was cancelled');
      const duck = await this.deps.explainFailure(e, prepared.query.sql, bound.sources, bound.tables, 1);
      // an integer overflow in Trino's words (src/core/sql/trino/runtimeErrors.ts)
      const trino = trinoRuntimeMessage(duck.message);
      const err = trino === duck.message ? duck : new LakehouseError(duck.code, trino, duck.detail, { cause: e });
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
          return describeResult(conn, id, Number((created.getRowsJson() as string[][])[0]?.[0] ?? NaN), bound.query);
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
            keyCache: this.deps.keyCache,
            database: db,
            dbOf,
            mustTable,
            ensureDatabase: (name) => this.ensureDatabase(name),
            runQuery: (query, at, database, body, readsRows) => this.runQuery(entry, query, at, database, body, readsRows),
            writerContext: (conn) => this.deps.writerContext(conn),
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
            prepared: this.deps.prepared,
            workgroup: entry.exec.context.workgroup ?? 'primary',
            database: db,
            dbOf,
            mustTable,
            runQuery: (query, at, body) => this.runQuery(entry, query, at, db, body),
            writerContext: (conn) => this.deps.writerContext(conn),
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
}

/** What an EXPLAIN's plan is: it is not the plan Athena prints, and a user comparing the two must know it. */
const EXPLAIN_NOTE = "the local engine's plan: DuckDB's, of the query as translated from Athena SQL; Athena's plan (Trino's fragments) differs";
