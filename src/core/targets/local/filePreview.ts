/**
 * A data file's rows as a result of the local engine, without a table in the catalog: an S3 object clicked in the
 * explorer (JSON lines, CSV, Parquet — read by DuckDB's own readers) and a query's result kept as Parquet (the query
 * history's "Open Result"). The rows become an execution of LocalQueryEngine.startComputed, so the results grid
 * pages, sorts, filters and exports them as any query's. The file must be inside the engine's data folder (the
 * sandbox refuses any other: sandbox.ts).
 *
 * What a preview shows is the file's own content, not a table's reading of it:
 * - JSON lines: one row per line, a column per key, typed as DuckDB reads JSON (numbers, strings, booleans, nested
 *   objects and arrays as structs and lists);
 * - CSV: every value as the text the file holds (no type guessed: an Athena table over the file would give the
 *   types its DDL declares, and the object has none), the header row as the columns' names when the file has one;
 * - Parquet: the columns and types the file declares.
 */
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import type { QueryExecution } from '../../model';
import { literal } from './duck';
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

/** The DuckDB table function that reads `file` as `format`. */
export function fileReader(file: string, format: DataFileFormat): string {
  const f = literal(file);
  switch (format) {
    case 'jsonl':
      return `read_json(${f}, format = 'newline_delimited', records = true)`;
    case 'csv':
      // an empty field is empty text, as the file holds it (DuckDB reads it as NULL by default): the null string is
      // one no field can be — a line break, which ends an unquoted field — and a quoted field is never NULL
      return `read_csv(${f}, all_varchar = true, nullstr = chr(10), allow_quoted_nulls = false)`;
    case 'parquet':
      return `read_parquet(${f})`;
  }
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
    async () => ({ select: `SELECT * FROM ${fileReader(file, format)}${limit}`, ...(options.message !== undefined ? { message: options.message } : {}) }),
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
