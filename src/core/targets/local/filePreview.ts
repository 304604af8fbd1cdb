/**
 * A data file's rows as a result of the local engine, without a table in the catalog: an S3 object clicked in the
 * explorer (JSON lines, CSV, Parquet — read by DuckDB's own readers) and a query's result kept as Parquet (the query
 * history's "Open Result"). The rows become an execution of LocalQueryEngine.startComputed, so the results grid
 * pages, sorts, filters and exports them as any query's. The file must be inside the engine's data folder (the
 * sandbox refuses any other: sandbox.ts).
 *
 * What a preview shows is the file's own content, not a table's reading of it:
 * - JSON lines: one row per line, a column per key, with JSON's types: numbers, booleans, nested objects and arrays
 *   (structs and lists), and every string as the text it is — DuckDB's reader would make a date, time, timestamp or
 *   UUID of a string that looks like one (`"2024-01-10T12:34:56"` shown `2024-01-10 12:34:56`, of type timestamp), so
 *   the columns it detects are read again with those types as VARCHAR (jsonColumns). A number is shown as its value
 *   (`1.10` as 1.1, as JSON.parse reads it; an integer exactly up to 128 bits, past them as a double); a key whose
 *   values are of several JSON types shows each as its JSON text;
 * - CSV: every value as the text the file holds (no type guessed: an Athena table over the file would give the
 *   types its DDL declares, and the object has none), the header row as the columns' names when the file has one;
 * - Parquet: the columns and types the file declares;
 * - never a column made of the path's `key=value` folders (a partitioned sink's files hold none).
 */
import * as path from 'node:path';
import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import { LakehouseError } from '../../errors';
import type { QueryExecution } from '../../model';
import { ident, literal, loadDuckDb } from './duck';
import type { LocalQueryEngine } from './engine';

export type DataFileFormat = 'jsonl' | 'csv' | 'parquet';

/** Rows a preview of an object shows at most (the file is read up to them). */
export const FILE_PREVIEW_ROWS = 100_000;

/** File name endings and the format they are read as (a compressed text file is read through its compression). */
const FORMAT_OF_SUFFIX: readonly (readonly [RegExp, DataFileFormat])[] = [
  [/\.(json|jsonl|ndjson)(\.(gz|zst))?$/i, 'jsonl'],
  [/\.csv(\.(gz|zst))?$/i, 'csv'],
  [/\.parquet$/i, 'parquet'],
];

/** The format an object's key names, or undefined for any other file (shown as text, or not at all). */
export function dataFileFormat(key: string): DataFileFormat | undefined {
  return FORMAT_OF_SUFFIX.find(([re]) => re.test(key))?.[1];
}

export const FORMAT_NAMES: Record<DataFileFormat, string> = { jsonl: 'JSON lines', csv: 'CSV', parquet: 'Parquet' };

/**
 * The DuckDB table function that reads `file` as `format`; `columns` (JSON lines only) names the columns and their
 * DuckDB types (read_json's `columns`: https://duckdb.org/docs/stable/data/json/loading_json), else they are detected.
 */
export function fileReader(file: string, format: DataFileFormat, columns?: readonly (readonly [string, string])[]): string {
  const f = literal(file);
  // the file's own columns: DuckDB's readers add a column per `key=value` folder of the path by default
  // (https://duckdb.org/docs/stable/data/partitioning/hive_partitioning), which a partitioned sink's output is under
  // (region=eu/part-0.parquet) — and whose data files hold no such column
  const own = 'hive_partitioning = false';
  switch (format) {
    case 'jsonl': {
      const typed = columns !== undefined ? `, columns = {${columns.map(([n, t]) => `${literal(n)}: ${literal(t)}`).join(', ')}}` : '';
      return `read_json(${f}, format = 'newline_delimited', records = true, ${own}${typed})`;
    }
    case 'csv':
      // an empty field is empty text, as the file holds it (DuckDB reads it as NULL by default): the null string is
      // one no field can be — a line break, which ends an unquoted field — and a quoted field is never NULL
      return `read_csv(${f}, all_varchar = true, nullstr = chr(10), allow_quoted_nulls = false, ${own})`;
    case 'parquet':
      return `read_parquet(${f}, ${own})`;
  }
}

/**
 * The columns DuckDB's JSON reader detects in `file`, each with the type it is read as to keep JSON's types: a type
 * DuckDB reads from a JSON string (DATE, TIME, TIMESTAMP, UUID, … — anything but a number, a boolean, a string or
 * JSON) is VARCHAR, at any depth of structs, lists and maps. Undefined when nothing needs changing (or when keys
 * differ only in case, below).
 */
export async function jsonColumns(conn: DuckDBConnection, file: string): Promise<[string, string][] | undefined> {
  const { DuckDBTypeId: Id } = await loadDuckDb();
  const kept = new Set<number>([
    Id.BOOLEAN, Id.TINYINT, Id.SMALLINT, Id.INTEGER, Id.BIGINT, Id.HUGEINT, Id.UTINYINT, Id.USMALLINT, Id.UINTEGER, Id.UBIGINT,
    Id.UHUGEINT, Id.FLOAT, Id.DOUBLE, Id.DECIMAL, Id.VARCHAR, Id.SQLNULL,
  ]);
  let changed = false;
  const sql = (t: DuckDBType): string => {
    switch (t.typeId) {
      case Id.STRUCT:
        return `STRUCT(${t.entryNames.map((n, i) => `${ident(n)} ${sql(t.entryTypes[i]!)}`).join(', ')})`;
      case Id.LIST:
        return `${sql(t.valueType)}[]`;
      case Id.ARRAY:
        return `${sql(t.valueType)}[${t.length}]`;
      case Id.MAP:
        return `MAP(${sql(t.keyType)}, ${sql(t.valueType)})`;
      default:
        if (kept.has(t.typeId)) return t.alias ?? t.toString();
        changed = true;
        return 'VARCHAR';
    }
  };
  const probe = await conn.runAndReadAll(`SELECT * FROM ${fileReader(file, 'jsonl')} LIMIT 0`);
  const names = probe.columnNames();
  // keys differing only in case ("a", "A") are detected as a and A_1, and `columns` cannot name both (DuckDB: Duplicate
  // struct entry name): such a file keeps DuckDB's own reading rather than a column of NULLs under a name no key has
  const lower = new Set(names.map((n) => n.toLowerCase()));
  if (names.some((n) => lower.has(/^(.*)_\d+$/.exec(n)?.[1]?.toLowerCase() ?? '\0'))) return undefined;
  const types = probe.columnTypes();
  const columns = names.map((n, i): [string, string] => [n, sql(types[i]!)]);
  return changed ? columns : undefined;
}

/**
 * Starts an execution whose result is `file`'s rows (at most `maxRows`, in the file's order); `label` titles it.
 * `message`, when given, is the execution's message (what the rows are: "the first 16 MiB of …").
 */
export async function startFilePreview(
  engine: LocalQueryEngine,
  file: string,
  format: DataFileFormat,
  options: { label: string; maxRows?: number; message?: string },
): Promise<QueryExecution> {
  if (!path.isAbsolute(file)) throw new LakehouseError('InvalidInput', `not an absolute path: ${file}`, { file });
  const limit = options.maxRows !== undefined ? ` LIMIT ${Math.max(0, Math.floor(options.maxRows))}` : '';
  return engine.startComputed(
    options.label,
    async (conn) => {
      const columns = format === 'jsonl' ? await jsonColumns(conn, file) : undefined;
      return { select: `SELECT * FROM ${fileReader(file, format, columns)}${limit}`, ...(options.message !== undefined ? { message: options.message } : {}) };
    },
    { kind: 'PREVIEW' },
  );
}

/**
 * The result of an execution the engine keeps (a file's rows), sorted and filtered as the results grid asks: a new
 * execution over the kept rows — the file is not read again. `reshape` turns the kept relation into the SELECT.
 */
export async function startReshapeOf(engine: LocalQueryEngine, base: QueryExecution, reshape: (relation: string) => string): Promise<QueryExecution> {
  const kept = engine.resultRelation(base.id);
  if (kept === undefined) throw new LakehouseError('EntityNotFound', `the result of ${base.id} is gone`, { object: base.id });
  return engine.startComputed(base.sql, async () => ({ select: reshape(kept.relation), ...(base.message !== undefined ? { message: base.message } : {}) }), { kind: 'PREVIEW' });
}
