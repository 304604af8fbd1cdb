/**
 * The Athena statements a lakehouse uses beside queries and CREATE/DROP, run by the local engine: ALTER TABLE,
 * SHOW TBLPROPERTIES, SHOW VIEWS, UNLOAD, PREPARE / EXECUTE / DEALLOCATE PREPARE, and the refusals of SHOW CREATE
 * VIEW and of the statements Athena runs on Iceberg tables only. The engine hands them here with what they need of
 * it (`AthenaStatementHost`); each case's logic is in its own module (alterTable.ts, unload.ts, …).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { isLakehouseError, LakehouseError } from '../../errors';
import type { CatalogTable, CellValue, QueryColumn } from '../../model';
import type { Position } from '../../sql/alter';
import { bindParameters } from '../../sql/dml';
import { icebergRefusal, isIcebergTable } from '../../sql/iceberg';
import { parseStatement, type ParsedStatement, type TableName } from '../../sql/statements';
import type { Catalog } from '../../target';
import { alterTable } from './alterTable';
import type { BoundQuery } from './tableViews';
import type { PreparedStatements } from './preparedStatements';
import type { CommitOutcome, CommitRequest } from './outputCommit';
import { checkUnloadLocation, commitUnload, planUnload, stageUnload } from './unload';
import type { WriterContext } from './writer';

export type AthenaStatement = Extract<
  ParsedStatement,
  { kind: 'ALTER_TABLE' | 'SHOW_TBLPROPERTIES' | 'SHOW_VIEWS' | 'SHOW_CREATE_VIEW' | 'ICEBERG_DML' | 'UNLOAD' | 'PREPARE' | 'EXECUTE' | 'DEALLOCATE' }
>;

/** What a statement answers: rows, or a count and a message (as the engine's dispatch returns it). */
export interface StatementOutcome {
  result?: { kind: 'rows'; columns: QueryColumn[]; rows: CellValue[][] } | { kind: 'table'; table: string; columns: QueryColumn[]; duckTypes: string[]; rows: number };
  rows?: number;
  bytes?: number;
  message?: string;
}

export interface AthenaStatementHost {
  catalog: Catalog;
  /** the folder of an `s3://` location (throws for a key that cannot be one) */
  localPath(location: string): string;
  prepared: PreparedStatements;
  /** the workgroup the statement runs in (QueryContext.workgroup; default `primary`) */
  workgroup: string;
  /** the default database */
  database: string | undefined;
  dbOf(table: TableName): string;
  mustTable(table: TableName): Promise<CatalogTable>;
  /** runs a statement's query (errors positioned from `at`), its tables bound */
  runQuery<T>(query: string, at: Position, body: (conn: DuckDBConnection, bound: BoundQuery) => Promise<T>): Promise<{ value: T; bytes: number; skipped?: string }>;
  writerContext(conn: DuckDBConnection): WriterContext;
  /** commits staged output all together (outputCommit.ts) */
  commit(request: CommitRequest): Promise<CommitOutcome>;
  /** the position in the submitted text of an offset in the statement's text */
  offsetAt(offset: number): Position;
  /** runs a prepared statement, its parameters bound, as if it had been submitted */
  execute(statement: ParsedStatement, text: string): Promise<StatementOutcome>;
}

/** An error without a position, placed at the statement's (`line`, `column`). */
export function positioned(e: unknown, line: number, column: number): unknown {
  if (isLakehouseError(e) && e.detail.line === undefined) return new LakehouseError(e.code, e.message, { ...e.detail, line, column }, { cause: e });
  return e;
}

/** A statement's message, then what its tables skipped as malformed. */
export function withSkipped(message: string, skipped: string | undefined): string {
  return skipped === undefined ? message : `${message}; ${skipped}`;
}

/** `1 row`, `2 rows`: a count of rows as a statement's message says it. */
export function rowCount(n: number): string {
  return `${n} ${n === 1 ? 'row' : 'rows'}`;
}

/** Athena's LIKE patterns for SHOW: `*` any characters, `|` alternatives; SQL `%`/`_` as well. */
export function likeMatch(name: string, pattern: string | undefined): boolean {
  if (pattern === undefined) return true;
  return pattern.split('|').some((alt) => {
    const re = alt
      .trim()
      .split('')
      .map((ch) => (ch === '*' || ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.+?^${}()[\]\\]/g, '\\$&')))
      .join('');
    return new RegExp(`^${re}$`, 'i').test(name);
  });
}

function rows(columns: string[], values: CellValue[][]): StatementOutcome {
  return { result: { kind: 'rows', columns: columns.map((name) => ({ name, type: 'varchar' })), rows: values }, rows: values.length };
}

export async function runAthenaStatement(host: AthenaStatementHost, s: AthenaStatement, line: number, column: number): Promise<StatementOutcome> {
  const { catalog } = host;
  const at = { line, column };
  const table = (name: TableName, where: Position = at) => host.mustTable(name).catch((e) => Promise.reject(positioned(e, where.line, where.column)));
  switch (s.kind) {
    case 'ALTER_TABLE': {
      const checkLocation = (location: string) => void host.localPath(location);
      try {
        return await alterTable({ catalog, checkLocation }, host.dbOf(s.table), s);
      } catch (e) {
        throw positioned(e, s.at.line, s.at.column);
      }
    }
    case 'SHOW_TBLPROPERTIES': {
      // https://docs.aws.amazon.com/athena/latest/ug/show-tblproperties.html
      const t = await table(s.table);
      if (isIcebergTable(t)) throw icebergRefusal(`${t.database}.${t.name}`, at);
      if (s.property !== undefined) {
        // Hive prints the value alone, or that the table has no such property
        return rows(['prpt_value'], [[t.parameters[s.property] ?? `Table ${t.database}.${t.name} does not have property: ${s.property}`]]);
      }
      return rows(['prpt_name', 'prpt_value'], Object.entries(t.parameters));
    }
    case 'SHOW_VIEWS': {
      // https://docs.aws.amazon.com/athena/latest/ug/show-views.html
      const d = s.database ?? host.database;
      if (d === undefined) throw new LakehouseError('InvalidInput', 'SHOW VIEWS: no database given — use SHOW VIEWS IN database', at);
      if (!(await catalog.database(d))) throw new LakehouseError('EntityNotFound', `Database ${d} does not exist`, { object: d, ...at });
      const names = (await catalog.tables(d)).filter((t) => t.tableType === 'VIRTUAL_VIEW' && likeMatch(t.name, s.pattern)).map((t) => t.name);
      return rows(['tab_name'], names.sort().map((n) => [n]));
    }
    case 'SHOW_CREATE_VIEW':
      throw new LakehouseError(
        'SqlUnsupported',
        'SHOW CREATE VIEW is not supported by the local engine: Athena prints the view as Trino re-formats its SQL, which the local engine does not reproduce (DESCRIBE shows its columns)',
        at,
      );
    case 'ICEBERG_DML': {
      const t = await table(s.table, s.at);
      const name = `${t.database}.${t.name}`;
      if (isIcebergTable(t)) throw icebergRefusal(name, s.at);
      throw new LakehouseError('SqlUnsupported', `${s.keyword} runs on Iceberg tables only in Athena, and ${name} is a ${t.tableType === 'VIRTUAL_VIEW' ? 'view' : 'Hive table'}`, {
        ...s.at,
        object: name,
      });
    }
    case 'UNLOAD': {
      const plan = planUnload(s, at);
      await checkUnloadLocation(host.localPath, plan.location, s.locationAt).catch((e) => Promise.reject(positioned(e, s.locationAt.line, s.locationAt.column)));
      const { value, bytes, skipped } = await host.runQuery(s.query, host.offsetAt(s.queryOffset), (conn, bound) => stageUnload({ writer: host.writerContext(conn) }, plan, bound.sql));
      // (after the query's tables are read: the files come in together, the location still empty)
      await commitUnload(plan, value, host.commit);
      return { rows: value.rows, bytes, message: withSkipped(`${rowCount(value.rows)} unloaded to ${plan.location} in ${value.files} ${value.files === 1 ? 'file' : 'files'}`, skipped) };
    }
    case 'PREPARE':
      host.prepared.prepare({ workgroup: host.workgroup, name: s.name, text: s.statement, kind: s.statementKind }, at);
      return { message: `Prepared statement ${s.name.toLowerCase()} created` };
    case 'EXECUTE': {
      const prepared = host.prepared.get(host.workgroup, s.name, s.at);
      // the values as literals in the places of the `?`s (never spliced as text: see bindParameters)
      const statement = bindParameters(prepared.text, s.parameters, s.at);
      const inner = parseStatement(statement, host.database !== undefined ? { defaultDatabase: host.database } : {});
      return host.execute(inner, statement);
    }
    case 'DEALLOCATE':
      host.prepared.deallocate(host.workgroup, s.name, at);
      return { message: `Prepared statement ${s.name.toLowerCase()} deallocated` };
  }
}
