/**
 * Runs Athena SQL through the Trino translation on an in-memory DuckDB (as the local engine does, without its
 * catalog): the translated SQL, the result as Athena shows it (src/core/sql/dialects/render.ts) and Trino's type
 * names. One table, `s.t`, for queries over columns.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { registerEngineFunctions } from '../../src/core/targets/local/engineFunctions';
import { isLakehouseError } from '../../src/core/errors';
import { renderAthena } from '../../src/core/sql/dialects/render';
import { T, type SqlType } from '../../src/core/sql/dialects/sqlType';
import { parseQuery, type TranslatedQuery } from '../../src/core/sql/trino';
import { toCell } from '../../src/core/targets/local/duck';
import { trinoRuntimeMessage } from '../../src/core/sql/trino/runtimeErrors';

const TABLES: Record<string, { name: string; type: SqlType }[]> = {
  's.t': [
    { name: 'id', type: T.integer },
    { name: 'name', type: T.varchar },
    { name: 'x', type: T.double },
    { name: 'arr', type: T.array(T.integer) },
  ],
};

let conn: Promise<DuckDBConnection> | undefined;

function connection(): Promise<DuckDBConnection> {
  conn ??= (async () => {
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '2' });
    const c = await instance.connect();
    // the local engine's session (engine.ts SQL_DIALECT)
    await c.run("SET TimeZone='UTC'");
    registerEngineFunctions(c, await import('@duckdb/node-api'));
    await c.run(`CREATE SCHEMA s; CREATE TABLE s.t AS SELECT * FROM (VALUES (1, 'a', 1.5::DOUBLE, [1, 2]), (2, 'b', NULL, [3])) v(id, name, x, arr)`);
    return c;
  })();
  return conn;
}

/** The DuckDB translation of an Athena query (a bare expression is selected). */
export function translate(sql: string): TranslatedQuery {
  const text = /^\s*(?:(?:select|with|values|table)\b|\()/i.test(sql) ? sql : `SELECT ${sql}`;
  return parseQuery(text).translate({
    defaultDatabase: 's',
    table: (d, n) => (TABLES[`${d}.${n}`] ? { database: d, name: n, columns: TABLES[`${d}.${n}`]! } : undefined),
    database: (d) => d === 's',
    // shown as the engine shows a SELECT's result
    display: true,
  });
}

export interface Answer {
  /** cells as Athena shows them */
  rows: string[][];
  /** Trino's type names of the columns */
  types: string[];
  names: string[];
}

/** Runs an Athena query; a bare expression is selected. */
export async function athena(sql: string): Promise<Answer> {
  const q = translate(sql);
  const c = await connection();
  const reader = await c.runAndReadAll(q.displayList === undefined ? q.sql : `SELECT ${q.displayList} FROM (\n${q.sql}\n) AS "q"`).catch((e: unknown) => {
    // as the engine words a failed Athena query's integer overflow (engine.ts, runtimeErrors.ts)
    const message = e instanceof Error ? e.message : String(e);
    const trino = trinoRuntimeMessage(message);
    throw trino === message ? e : new Error(trino, { cause: e });
  });
  const duckTypes = reader.columnTypes().map((t) => t.toString());
  const types = q.columns.map((col) => col.typeName);
  const rows = (reader.getRowsJson() as unknown[][]).map((r) => r.map((v, i) => renderAthena(toCell(v, duckTypes[i]!), types[i]!)));
  return { rows, types, names: q.columns.map((col) => col.name) };
}

/** The one value of a one-row, one-column query, as Athena shows it. */
export async function value(sql: string): Promise<string> {
  const a = await athena(sql);
  return a.rows[0]![0]!;
}

export interface Failure {
  message: string;
  code?: string;
  line?: number;
  column?: number;
}

/** How an Athena query fails (translation or run time); throws if it does not. */
export async function failure(sql: string): Promise<Failure> {
  try {
    await athena(sql);
  } catch (e) {
    if (isLakehouseError(e)) return { message: e.message.replace(/^line \d+:\d+: /, ''), code: e.code, ...(e.detail.line !== undefined ? { line: e.detail.line, column: e.detail.column ?? 1 } : {}) };
    return { message: e instanceof Error ? e.message : String(e) };
  }
  throw new Error(`${sql} did not fail`);
}

/** The message of a refusal `<what> is not supported by the local engine (Athena has it)`. */
export const NOT_SUPPORTED = /is not supported by the local engine \(Athena has it\)/;
