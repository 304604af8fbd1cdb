/**
 * Runs Spark SQL through the Spark translation on an in-memory DuckDB set up as the local engine sets a Spark SQL
 * session (engine.ts: UTC, `ieee_floating_point_ops = false`): the translated SQL, the result as spark-sql prints it
 * (src/core/sql/spark/render.ts) and Spark's type names. Views are given per query, as VALUES with Spark types.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { isLakehouseError } from '../../src/core/errors';
import { renderSpark, sparkTypeOfName, translateSparkQuery, type TranslatedSparkQuery, type ViewInfo } from '../../src/core/sql/spark';
import { toCell } from '../../src/core/targets/local/duck';

let conn: Promise<DuckDBConnection> | undefined;

function connection(): Promise<DuckDBConnection> {
  conn ??= (async () => {
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '2' });
    const c = await instance.connect();
    await c.run("SET TimeZone='UTC'; SET ieee_floating_point_ops = false");
    return c;
  })();
  return conn;
}

/**
 * A view (a SQL Query node's frame): `columns` are `name type` pairs with Spark's type names, `rows` the values as
 * DuckDB literals (written by the test, not by the translator under test).
 */
export interface View {
  columns: string;
  rows: string[][];
}

/** The views as the translator reads them, and as DuckDB common table expressions holding their rows. */
export function viewInfos(views: Record<string, View>): { infos: Record<string, ViewInfo>; ctes: string[] } {
  const infos: Record<string, ViewInfo> = {};
  const ctes: string[] = [];
  for (const [name, v] of Object.entries(views)) {
    const columns = v.columns.split(',').map((c) => {
      const [n, ...type] = c.trim().split(/\s+/);
      return { name: n!, type: sparkTypeOfName(type.join(' ')) };
    });
    const duck = `"v_${name}"`;
    infos[name] = { duckName: duck, columns };
    ctes.push(`${duck}(${columns.map((c) => `"${c.name}"`).join(', ')}) AS (VALUES ${v.rows.map((r) => `(${r.join(', ')})`).join(', ')})`);
  }
  return { infos, ctes };
}

export interface SparkAnswer {
  /** cells as spark-sql prints them */
  rows: string[][];
  /** Spark's type names of the columns */
  types: string[];
  names: string[];
  translated: TranslatedSparkQuery;
}

/** Runs a Spark SQL query (a bare expression is selected) over `views` (DuckDB literals in their rows). */
export async function spark(text: string, options: { views?: Record<string, View>; glueVersion?: string; timeParserPolicy?: 'EXCEPTION' | 'CORRECTED' } = {}): Promise<SparkAnswer> {
  const query = /^\s*(?:select|with|values|table|from)\b/i.test(text) ? text : `SELECT ${text}`;
  const { infos, ctes } = viewInfos(options.views ?? {});
  const translated = translateSparkQuery(query, { views: infos, glueVersion: options.glueVersion ?? '5.0', timeParserPolicy: options.timeParserPolicy });
  const c = await connection();
  const statement = ctes.length > 0 ? `WITH ${ctes.join(', ')} SELECT * FROM (\n${translated.sql}\n)` : translated.sql;
  const reader = await c.runAndReadAll(statement);
  const duckTypes = reader.columnTypes().map((t) => t.toString());
  const types = translated.columns.map((col) => col.typeName);
  const rows = (reader.getRowsJson() as unknown[][]).map((r) => r.map((v, i) => renderSpark(toCell(v, duckTypes[i]!), translated.columns[i]!.type)));
  return { rows, types, names: translated.columns.map((col) => col.name), translated };
}

/** The one value of a one-row, one-column query, as spark-sql prints it. */
export async function value(text: string, glueVersion?: string): Promise<string> {
  const a = await spark(text, glueVersion ? { glueVersion } : {});
  return a.rows[0]![0]!;
}

export interface Failure {
  message: string;
  code?: string;
  line?: number;
  column?: number;
}

/** How a Spark SQL query fails (translation or run time); throws if it does not. */
export async function failure(text: string, options: { views?: Record<string, View>; glueVersion?: string } = {}): Promise<Failure> {
  try {
    await spark(text, options);
  } catch (e) {
    if (isLakehouseError(e)) return { message: e.message.replace(/^line \d+:\d+: /, ''), code: e.code, ...(e.detail.line !== undefined ? { line: e.detail.line, column: e.detail.column ?? 1 } : {}) };
    return { message: e instanceof Error ? e.message : String(e) };
  }
  throw new Error(`${text} did not fail`);
}

/** The message of a refusal `<what> is not supported by the local engine (Spark has it)`. */
export const NOT_SUPPORTED = /is not supported by the local engine \(Spark has it\)/;
