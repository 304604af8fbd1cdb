/**
 * The hidden columns of Hive tables in Athena (Trino's Hive connector): `"$path"` (the object's `s3://` URI),
 * `"$file_size"` (bigint), `"$file_modified_time"` (timestamp(3) with time zone) and, for a partitioned table,
 * `"$partition"` (`k=v/k2=v2`). A query may select them and filter on them; `SELECT *` does not show them.
 * Types: trinodb/trino plugin/trino-hive/src/main/java/io/trino/plugin/hive/HiveColumnHandle.java; use:
 * https://docs.aws.amazon.com/athena/latest/ug/select.html#select-path
 *
 * How: a query that names one of them (a quoted identifier: they start with `$`) reads each table it names through a
 * second view that has them (in the schema `__lakehouse_hidden`), and the query is rewritten on DuckDB's parse of
 * it (`json_serialize_sql`, parsing only): its references to those tables go to the hidden views (keeping the name
 * they are known by), and each `*` over them excludes the hidden columns. Only that query pays for it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogTable } from '../../model';
import type { TableName } from '../../sql/cursor';
import { tokenize, type Token } from '../../sql/lexer';
import { ident, literal } from './duck';
import { s3Time } from './objectKeys';
import { partitionName } from './partitions';
import type { TableSource } from './tableSource';

export const HIDDEN_SCHEMA = '__lakehouse_hidden';
/** the column tableSource adds with each row's file, for the hidden view */
export const FILE_COLUMN = '__lakehouse_file';

/** hidden column → DuckDB type (Trino: varchar, bigint, timestamp(3) with time zone, varchar) */
const HIDDEN_COLUMNS: Record<string, string> = {
  $path: 'VARCHAR',
  $file_size: 'BIGINT',
  $file_modified_time: 'TIMESTAMP WITH TIME ZONE',
  $partition: 'VARCHAR',
};

/** The hidden columns a table has: `$partition` only when partitioned, as in Trino. */
export function hiddenColumnsOf(table: CatalogTable): string[] {
  return Object.keys(HIDDEN_COLUMNS).filter((c) => c !== '$partition' || table.partitionKeys.length > 0);
}

/** Whether a query (DuckDB SQL) names a hidden column: `"$path"` (any case), `` `$path` ``. */
export function mentionsHiddenColumns(sql: string): boolean {
  if (!sql.includes('$')) return false;
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch {
    return false;
  }
  return tokens.some((t) => (t.kind === 'dquoted' || t.kind === 'backtick') && Object.prototype.hasOwnProperty.call(HIDDEN_COLUMNS, t.value.toLowerCase()));
}

/** `"__lakehouse_hidden"."db.table"` */
export function hiddenViewName(table: CatalogTable): string {
  return `${ident(HIDDEN_SCHEMA)}.${ident(`${table.database}.${table.name}`)}`;
}

/**
 * The hidden view's SQL: the table's rows (`source`, made with `fileColumn: FILE_COLUMN`) with the hidden columns
 * of the file each row comes from. `locationOf` gives a file's `s3://` URI.
 */
export function hiddenViewSql(table: CatalogTable, source: TableSource, locationOf: (file: string) => string): string {
  const hidden = hiddenColumnsOf(table);
  const partitionOf = new Map<string, string>();
  if (table.partitionKeys.length > 0)
    for (const p of table.partitions ?? []) partitionOf.set(p.location, partitionName(table, p.values));
  const fileRows = source.files.map((f) => {
    const uri = locationOf(f.path);
    // the partition whose folder holds the file (the deepest, should one lie inside another)
    const part = source.projectedPartitionOf
      ? source.projectedPartitionOf.get(f.path)
      : [...partitionOf].filter(([loc]) => uri.startsWith(loc)).sort((a, b) => b[0].length - a[0].length)[0]?.[1];
    // the object's time as the object store lists it: whole seconds, as S3 keeps LastModified
    const values = [literal(f.path), literal(uri), String(f.size), `make_timestamptz(${s3Time(f.mtimeMs).getTime() * 1000}::BIGINT)`];
    if (table.partitionKeys.length > 0) values.push(part !== undefined ? literal(part) : 'NULL');
    return `(${values.join(', ')})`;
  });
  const fileColumns = [FILE_COLUMN, ...hidden];
  const files =
    fileRows.length > 0
      ? `(VALUES ${fileRows.join(', ')}) AS f(${fileColumns.map(ident).join(', ')})`
      : `(SELECT ${fileColumns.map((c, i) => `CAST(NULL AS ${i === 0 ? 'VARCHAR' : HIDDEN_COLUMNS[c]}) AS ${ident(c)}`).join(', ')} WHERE false) AS f`;
  const cast = hidden.map((c) => `CAST(f.${ident(c)} AS ${HIDDEN_COLUMNS[c]}) AS ${ident(c)}`);
  return `SELECT t.* EXCLUDE (${ident(FILE_COLUMN)}), ${cast.join(', ')} FROM (${source.sql}) AS t LEFT JOIN ${files} ON f.${ident(FILE_COLUMN)} = t.${ident(FILE_COLUMN)}`;
}

interface Edit {
  /** character offsets in the query */
  from: number;
  to: number;
  text: string;
}

/** char index of each UTF-8 byte offset DuckDB reports (`query_location` counts bytes) */
function byteToChar(sql: string): (byte: number) => number {
  const starts: number[] = [];
  let bytes = 0;
  for (let i = 0; i < sql.length; i++) {
    starts[bytes] = i;
    const c = sql.codePointAt(i)!;
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (c >= 0x10000) i++;
    bytes += n;
  }
  starts[bytes] = sql.length;
  return (b) => starts[b] ?? -1;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Rewrites `sql` (DuckDB SQL) so that its references to `tables` read their hidden views, and so that `*` over them
 * leaves the hidden columns out. `resolve` maps a reference (schema or not) to a bound table, or undefined. Returns
 * `sql` unchanged when DuckDB cannot parse it (DuckDB then reports the error where the query runs).
 */
export async function rewriteForHiddenColumns(conn: DuckDBConnection, sql: string, resolve: (ref: TableName) => CatalogTable | undefined): Promise<string> {
  let parsed: unknown;
  try {
    const reader = await conn.runAndReadAll(`SELECT json_serialize_sql(${literal(sql)})`);
    parsed = JSON.parse(String((reader.getRowsJson() as unknown[][])[0]?.[0] ?? '{}'));
  } catch {
    return sql;
  }
  if (!isObject(parsed) || parsed['error'] === true) return sql;
  const charAt = byteToChar(sql);
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch {
    return sql;
  }
  const tokenAt = (offset: number): number => tokens.findIndex((t) => t.offset === offset);
  const edits: Edit[] = [];
  const ctes = new Set<string>();

  // the base tables directly in a FROM clause (through joins, not into subqueries)
  const baseTables = (from: unknown, out: Json[]): Json[] => {
    if (!isObject(from)) return out;
    if (from['type'] === 'BASE_TABLE') out.push(from);
    else if (from['type'] === 'JOIN') {
      baseTables(from['left'], out);
      baseTables(from['right'], out);
    }
    return out;
  };

  const selectNode = (node: Json): void => {
    const replaced: { names: string[]; hidden: string[] }[] = [];
    for (const ref of baseTables(node['from_table'], [])) {
      const schema = String(ref['schema_name'] ?? '');
      const name = String(ref['table_name'] ?? '');
      if (schema === '' && ctes.has(name.toLowerCase())) continue;
      const table = resolve(schema !== '' ? { database: schema.toLowerCase(), name: name.toLowerCase() } : { name: name.toLowerCase() });
      const loc = Number(ref['query_location']);
      const start = charAt(loc);
      let i = start >= 0 ? tokenAt(start) : -1;
      if (!table || i < 0) continue;
      // the reference's own text: name tokens joined by dots
      let end = tokens[i]!.end;
      while (tokens[i + 1]?.value === '.' && tokens[i + 2] && (tokens[i + 2]!.kind === 'word' || tokens[i + 2]!.kind === 'dquoted')) {
        i += 2;
        end = tokens[i]!.end;
      }
      const alias = String(ref['alias'] ?? '');
      edits.push({ from: start, to: end, text: `${hiddenViewName(table)}${alias === '' ? ` AS ${ident(name)}` : ''}` });
      replaced.push({ names: [alias !== '' ? alias.toLowerCase() : name.toLowerCase()], hidden: hiddenColumnsOf(table) });
    }
    if (replaced.length === 0) return;
    for (const item of (node['select_list'] as unknown[] | undefined) ?? []) {
      if (!isObject(item) || item['class'] !== 'STAR' || item['columns'] === true) continue;
      const relation = String(item['relation_name'] ?? '').toLowerCase();
      const over = relation === '' ? replaced : replaced.filter((r) => r.names.includes(relation));
      if (over.length === 0) continue;
      const names = [...new Set(over.flatMap((r) => r.hidden))];
      // the `*` token from where the star starts (`*` or `t.*`)
      const start = charAt(Number(item['query_location']));
      let k = start >= 0 ? tokenAt(start) : -1;
      while (k >= 0 && k < tokens.length && tokens[k]!.value !== '*') k++;
      if (k < 0 || k >= tokens.length) continue;
      edits.push({ from: tokens[k]!.end, to: tokens[k]!.end, text: ` EXCLUDE (${names.map(ident).join(', ')})` });
    }
  };

  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (!isObject(v)) return;
    const cteMap = v['cte_map'] as { map?: { key?: unknown }[] } | undefined;
    for (const e of cteMap?.map ?? []) if (typeof e.key === 'string') ctes.add(e.key.toLowerCase());
    if (v['type'] === 'SELECT_NODE') selectNode(v);
    for (const x of Object.values(v)) walk(x);
  };
  walk(parsed['statements']);
  if (edits.length === 0) return sql;
  let out = sql;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

