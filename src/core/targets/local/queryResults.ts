/**
 * The results of the local engine's executions: kept as tables of a results schema in DuckDB (not in JavaScript),
 * described with Trino's names and types, paged by rowid and exported by DuckDB's COPY; or, for the few statements
 * whose answer is a handful of rows (SHOW …, DESCRIBE …), held as rows.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import { LakehouseError } from '../../errors';
import type { CellValue, QueryColumn, ResultPage } from '../../model';
import { duckDbTypeToAthena, parseDuckDbType } from '../../sql/types';
import type { ExportOptions } from '../../target';
import type { TranslatedQuery } from '../../sql/trino';
import { ident, literal, toCell } from './duck';
import { writeNestedText } from './exportText';
import { moveFile } from './fsutil';
import { hasFloatingPoint, quoteNonFiniteNumbers } from './nonFinite';

export const RESULTS_SCHEMA = '__lakehouse_results';
/** the temporary table of a CSV export's nested columns as text (exportText.ts) */
const NESTED_TEXT = '__export_nested_text';

export type Result =
  /** `columns`: Trino's names and types; `duckNames`: the columns of the DuckDB table holding the rows */
  | { kind: 'table'; table: string; columns: QueryColumn[]; duckNames?: string[]; duckTypes: string[]; rows: number }
  | { kind: 'rows'; columns: QueryColumn[]; rows: CellValue[][] };

/**
 * A page of a result: at most `max` rows from row `offset`. A result table is read on a connection of `connect()`'s,
 * closed after.
 */
export async function resultPage(result: Result, offset: number, max: number, connect: () => Promise<DuckDBConnection>): Promise<ResultPage> {
  if (result.kind === 'rows') {
    const rows = result.rows.slice(offset, offset + max);
    return { columns: result.columns, rows, ...(offset + max < result.rows.length ? { nextPageToken: String(offset + max) } : {}) };
  }
  const conn = await connect();
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

/**
 * Writes a result to `tmp` (in the data folder: DuckDB writes only there, sandbox.ts) in the format asked, then moves
 * it to `options.file`. The caller removes `tmp` when this fails.
 */
export async function exportResult(conn: DuckDBConnection, result: Result, options: ExportOptions, tmp: string): Promise<{ rows: number; bytes: number }> {
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
}

/**
 * The DuckDB relation holding a result table's rows (for export by COPY) and its columns, or undefined for results
 * held as rows.
 */
export function resultRelation(r: Result | undefined): { relation: string; columns: string[] } | undefined {
  if (r?.kind !== 'table') return undefined;
  const select = r.columns.map((c, i) => `${ident(r.duckNames?.[i] ?? c.name)} AS ${ident(c.name)}`).join(', ');
  return { relation: `(SELECT ${select} FROM ${ident(RESULTS_SCHEMA)}.${ident(r.table)} ORDER BY rowid)`, columns: r.columns.map((c) => c.name) };
}

/** The result held in RESULTS_SCHEMA's table `id`: its columns (Trino's, when `query`'s translation gives them) and rows. */
export async function describeResult(conn: DuckDBConnection, id: string, rows?: number, query?: TranslatedQuery): Promise<Result> {
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

/** Whether a DuckDB column type is an array, a struct or a map. */
function isNested(duckType: string): boolean {
  try {
    const kind = parseDuckDbType(duckType).kind;
    return kind === 'list' || kind === 'struct' || kind === 'map';
  } catch {
    return false;
  }
}

/**
 * A query's SQL for a result shown to the user: its columns as the translation gives them, except the few types
 * DuckDB holds without what Athena shows (a timestamp's zone), which become Athena's text. The query stays on the
 * lines after the first (DuckDB's error positions map back through it).
 */
export function displayed(query: TranslatedQuery): string {
  return query.displayList === undefined ? query.sql : `SELECT ${query.displayList} FROM (\n${query.sql}\n) AS "q"`;
}
