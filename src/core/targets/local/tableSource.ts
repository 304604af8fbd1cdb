/**
 * How the local engine reads a catalog table: a SELECT over the files under the table's LOCATION (or its
 * registered partitions) that yields the table's columns, lower case, with their declared types — by the rules of
 * the table's SerDe, as Athena reads them:
 * - JSON: keys match columns case-insensitively (and through `mapping.<column>` SERDEPROPERTIES), absent keys are
 *   NULL (at any depth: a struct's missing field too), extra keys are ignored; `ignore.malformed.json` = true skips
 *   malformed lines (counted), otherwise a malformed line or a wrong-typed value fails the query, naming the object
 *   and the line.
 * - Parquet: columns by name, case-insensitively; missing ones NULL.
 * - CSV / delimited text: columns by position, values cast (NULL where a value does not convert, as Hive does); a
 *   quoted CSV field may hold line breaks; quotes inside fields read as opencsv (OpenCSVSerde's parser) reads them.
 * Files whose names start with `_` or `.` are not data (Hive's rule; `_SUCCESS`, temp files).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import type { CatalogColumn, CatalogTable } from '../../model';
import { tableFormat } from '../../sql/ddl';
import { hiveTypeToDuckDb, parseHiveType, type HiveType } from '../../sql/types';
import { ident, listLiteral, literal } from './duck';
import { fileContainsAny } from './fsutil';
import type { DataFile, JsonKeyCache } from './jsonKeys';

export interface TableSource {
  /** a SELECT yielding the table's columns (and partition keys) */
  sql: string;
  files: DataFile[];
  bytes: number;
  /** files with lines the table skips as malformed (`ignore.malformed.json`), and how many, with the table's name */
  skipped?: SkippedLines[];
}

export interface SkippedLines {
  /** the file on disk */
  file: string;
  lines: number;
  /** `db.table` */
  table: string;
}

const STAT_BATCH = 256;

/** Data files under a folder, sorted by path; a missing folder has none. */
export async function listDataFiles(dir: string): Promise<DataFile[]> {
  const out: DataFile[] = [];
  async function walk(d: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw e;
    }
    const data = entries.filter((ent) => !ent.name.startsWith('.') && !ent.name.startsWith('_'));
    // the stats of a folder's files at once (a landing folder holds hundreds: one after another they add up)
    for (let i = 0; i < data.length; i += STAT_BATCH) {
      await Promise.all(
        data.slice(i, i + STAT_BATCH).map(async (ent) => {
          const p = path.join(d, ent.name);
          if (ent.isDirectory()) await walk(p);
          else if (ent.isFile()) {
            const st = await fs.stat(p).catch((e: NodeJS.ErrnoException) => {
              if (e.code === 'ENOENT') return undefined; // deleted since the listing
              throw e;
            });
            if (st && st.size > 0) out.push({ path: p, size: st.size, mtimeMs: st.mtimeMs });
          }
        }),
      );
    }
  }
  await walk(dir);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface SourceContext {
  conn: DuckDBConnection;
  keyCache: JsonKeyCache;
  /** the folder on disk of an `s3://` location */
  localPath(location: string): string;
}

interface PartitionFiles {
  /** partition key → value */
  values: Record<string, string>;
  files: DataFile[];
}

export async function tableSource(table: CatalogTable, ctx: SourceContext): Promise<TableSource> {
  const format = tableFormat(table);
  if (format === 'unsupported')
    throw new LakehouseError(
      'SqlUnsupported',
      `table ${table.database}.${table.name}: its format (${table.storage.serde.serializationLibrary || table.storage.inputFormat || 'unknown'}) cannot be read by the local engine (JSON, Parquet, CSV and delimited text can)`,
      { object: `${table.database}.${table.name}` },
    );
  const columns = table.storage.columns;
  const groups: PartitionFiles[] = [];
  if (table.partitionKeys.length === 0) {
    groups.push({ values: {}, files: await listDataFiles(ctx.localPath(table.storage.location)) });
  } else {
    for (const p of table.partitions ?? []) {
      const values = Object.fromEntries(table.partitionKeys.map((k, i) => [k.name, p.values[i] ?? '']));
      groups.push({ values, files: await listDataFiles(ctx.localPath(p.location)) });
    }
  }
  const parts: string[] = [];
  const all: DataFile[] = [];
  for (const g of groups) {
    all.push(...g.files);
    const partitionCols = table.partitionKeys.map((k) => `CAST(${literal(g.values[k.name] ?? '')} AS ${hiveTypeToDuckDb(k.type)}) AS ${ident(k.name)}`);
    for (const body of await readFiles(format, table, g.files, ctx)) {
      parts.push(partitionCols.length > 0 ? `SELECT *, ${partitionCols.join(', ')} FROM (${body})` : body);
    }
  }
  const allColumns = [...columns, ...table.partitionKeys];
  const sql = parts.length > 0 ? parts.join('\nUNION ALL\n') : emptySelect(allColumns);
  const source: TableSource = { sql, files: all, bytes: all.reduce((n, f) => n + f.size, 0) };
  if (format === 'json' && jsonIgnoresMalformed(table) && all.length > 0) {
    // counted once per file (with its keys, cached): a query does not read the files again to say so
    const counts = await ctx.keyCache.malformedLines(ctx.conn, all);
    source.skipped = all.flatMap((f, i) => (counts[i]! > 0 ? [{ file: f.path, lines: counts[i]!, table: `${table.database}.${table.name}` }] : []));
  }
  return source;
}

/**
 * What the tables skipped as malformed, in a sentence: `3 malformed line(s) skipped (ignore.malformed.json):
 * s3://b/a.json 2, s3://b/c.json 1 (table db.t)`; undefined when nothing was.
 */
export function skippedLinesMessage(sources: readonly TableSource[], locationOf: (file: string) => string): string | undefined {
  const all = sources.flatMap((s) => s.skipped ?? []);
  if (all.length === 0) return undefined;
  const total = all.reduce((n, s) => n + s.lines, 0);
  const byTable = new Map<string, SkippedLines[]>();
  for (const s of all) byTable.set(s.table, [...(byTable.get(s.table) ?? []), s]);
  const SHOWN = 5;
  const parts = [...byTable].map(([table, files]) => {
    const listed = files.slice(0, SHOWN).map((f) => `${locationOf(f.file)} ${f.lines}`);
    const more = files.length > SHOWN ? `, and ${files.length - SHOWN} more object(s)` : '';
    return `${listed.join(', ')}${more} (table ${table})`;
  });
  return `${total} malformed line(s) skipped (ignore.malformed.json): ${parts.join('; ')}`;
}

function emptySelect(columns: readonly CatalogColumn[]): string {
  return `SELECT ${columns.map((c) => `CAST(NULL AS ${hiveTypeToDuckDb(c.type)}) AS ${ident(c.name)}`).join(', ')} WHERE false`;
}

async function readFiles(format: string, table: CatalogTable, files: DataFile[], ctx: SourceContext): Promise<string[]> {
  if (files.length === 0) return [];
  switch (format) {
    case 'json':
      return readJson(table, files, ctx);
    case 'parquet':
      return [await readParquet(table, files, ctx)];
    default:
      return readDelimited(table, files, format === 'csv');
  }
}

// ------------------------------------------------------------------------------------------------ JSON

export function jsonIgnoresMalformed(table: CatalogTable): boolean {
  return (table.storage.serde.parameters['ignore.malformed.json'] ?? 'false').toLowerCase() === 'true';
}

/** the JSON key a column reads: its name, or the SerDe's `mapping.<column>` property */
function sourceKey(table: CatalogTable, column: string): string {
  const params = table.storage.serde.parameters;
  return params[`mapping.${column}`] ?? params[`mapping.${column.toLowerCase()}`] ?? column;
}

const NO_KEY = '__lakehouse_no_such_key__';

async function readJson(table: CatalogTable, files: DataFile[], ctx: SourceContext): Promise<string[]> {
  const columns = table.storage.columns;
  const ignoreMalformed = jsonIgnoresMalformed(table);
  const keysPerFile = await ctx.keyCache.keysOf(ctx.conn, files);
  // group files by the spelling each column has in them; a file with two spellings of one column is "mixed". A
  // file without a column's key joins a group whatever spelling it reads that column by (an absent key is NULL)
  const groups: { spellings: (string | undefined)[]; files: DataFile[] }[] = [];
  const mixed: { spellings: string[][]; files: DataFile[] } = { spellings: columns.map(() => []), files: [] };
  const lowerKeys = columns.map((c) => sourceKey(table, c.name).toLowerCase());
  files.forEach((f, i) => {
    const byLower = new Map<string, string[]>();
    for (const k of keysPerFile[i]!) {
      const l = k.toLowerCase();
      const seen = byLower.get(l);
      if (seen) seen.push(k);
      else byLower.set(l, [k]);
    }
    const spellings = lowerKeys.map((l) => byLower.get(l) ?? []);
    if (ignoreMalformed || spellings.some((s) => s.length > 1)) {
      mixed.files.push(f);
      spellings.forEach((s, ci) => (mixed.spellings[ci] = [...new Set([...mixed.spellings[ci]!, ...s])]));
      return;
    }
    const one = spellings.map((s) => s[0]);
    const g = groups.find((x) => x.spellings.every((sp, ci) => sp === undefined || one[ci] === undefined || sp === one[ci]));
    if (g) {
      one.forEach((sp, ci) => (g.spellings[ci] ??= sp));
      g.files.push(f);
    } else groups.push({ spellings: one, files: [f] });
  });
  const out: string[] = [];
  for (const g of groups) {
    const present = columns.flatMap((c, i) => (g.spellings[i] !== undefined ? [{ c, key: g.spellings[i]! }] : []));
    const readColumns = present.length > 0 ? present.map(({ c, key }) => `${literal(key)}: ${literal(hiveTypeToDuckDb(c.type))}`) : [`${literal(NO_KEY)}: 'VARCHAR'`];
    const select = columns.map((c, i) =>
      g.spellings[i] !== undefined ? `${ident(g.spellings[i]!)} AS ${ident(c.name)}` : `CAST(NULL AS ${hiveTypeToDuckDb(c.type)}) AS ${ident(c.name)}`,
    );
    out.push(
      `SELECT ${select.join(', ')} FROM read_json(${listLiteral(g.files.map((f) => f.path))}, format='newline_delimited', ` +
        `columns={${readColumns.join(', ')}})`,
    );
  }
  if (mixed.files.length > 0) {
    // per-line extraction: slower, used only for files that spell a column two ways or skip malformed lines. Each
    // column's value is taken out of the line once (inner SELECT), then converted to the column's type
    const values: string[] = [];
    const select = columns.map((c, i) => {
      const type = parseHiveType(c.type);
      const duckType = hiveTypeToDuckDb(type);
      const spellings = mixed.spellings[i]!;
      if (spellings.length === 0) return `CAST(NULL AS ${duckType}) AS ${ident(c.name)}`;
      const isText = duckType === 'VARCHAR';
      const read = spellings.map((k, j) => {
        const v = ident(`v${i}_${j}`);
        values.push(`${isText ? 'json_extract_string' : 'json_extract'}(json, ${literal(jsonKeyPath(k))}) AS ${v}`);
        return isText ? v : jsonToType(v, type, ignoreMalformed);
      });
      return `${read.length === 1 ? read[0]! : `coalesce(${read.join(', ')})`} AS ${ident(c.name)}`;
    });
    out.push(
      `SELECT ${select.join(', ')} FROM (SELECT ${values.length > 0 ? values.join(', ') : 'NULL AS v'} ` +
        `FROM read_json_objects(${listLiteral(mixed.files.map((f) => f.path))}, format='newline_delimited'` +
        `${ignoreMalformed ? ', ignore_errors=true) WHERE json IS NOT NULL)' : '))'}`,
    );
  }
  return out;
}

/** the JSONPath of one key of an object: `$."key"` */
function jsonKeyPath(key: string): string {
  return `$."${key.replace(/"/g, '\\"')}"`;
}

/**
 * SQL converting a JSON value (`json`, an expression of DuckDB's JSON type) to a column type by the SerDe's rules,
 * as read_json does for a file read whole: a key absent from an object, at any depth, is NULL, as is JSON null;
 * extra keys are ignored; a value of another type fails the conversion (DuckDB's error names the value, and
 * diagnose.ts finds its object and line) or, `lenient` (`ignore.malformed.json`), is NULL. DuckDB's CAST of JSON
 * to a STRUCT fails on an absent key instead, so types holding a struct are built field by field.
 */
function jsonToType(json: string, type: HiveType, lenient: boolean, depth = 0): string {
  const duckType = hiveTypeToDuckDb(type);
  const cast = lenient ? 'TRY_CAST' : 'CAST';
  if (!holdsStruct(type)) return duckType === 'VARCHAR' ? `(${json} ->> '$')` : `${cast}(${json} AS ${duckType})`;
  const x = `x${depth}`;
  let expected: string;
  let built: string;
  switch (type.kind) {
    case 'struct':
      expected = 'OBJECT';
      built = `struct_pack(${type.fields.map((f) => `${ident(f.name)} := ${jsonToType(`json_extract(${json}, ${literal(jsonKeyPath(f.name))})`, f.type, lenient, depth + 1)}`).join(', ')})`;
      break;
    case 'array':
      expected = 'ARRAY';
      built = `list_transform(CAST(${json} AS JSON[]), lambda ${x}: ${jsonToType(x, type.element, lenient, depth + 1)})`;
      break;
    case 'map':
      expected = 'OBJECT';
      built =
        `map_from_entries(list_transform(map_entries(CAST(${json} AS MAP(VARCHAR, JSON))), lambda ${x}: ` +
        `struct_pack(key := ${cast}(${x}.key AS ${hiveTypeToDuckDb(type.key)}), value := ${jsonToType(`${x}.value`, type.value, lenient, depth + 1)})))`;
      break;
    default:
      throw new Error(`unexpected type ${duckType}`);
  }
  // JSON null (and SQL NULL) is NULL; another kind of value: NULL when lenient, else the CAST's own error
  return `CASE json_type(${json}) WHEN ${literal(expected)} THEN ${built} WHEN 'NULL' THEN NULL ELSE ${lenient ? 'NULL' : `CAST(${json} AS ${duckType})`} END`;
}

function holdsStruct(type: HiveType): boolean {
  switch (type.kind) {
    case 'struct':
      return true;
    case 'array':
      return holdsStruct(type.element);
    case 'map':
      return holdsStruct(type.value);
    default:
      return false;
  }
}

// ------------------------------------------------------------------------------------------------ Parquet

async function readParquet(table: CatalogTable, files: DataFile[], ctx: SourceContext): Promise<string> {
  const from = `read_parquet(${listLiteral(files.map((f) => f.path))}, union_by_name=true)`;
  const described = await ctx.conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
  const names = new Map((described.getRowsJson() as string[][]).map((r) => [r[0]!.toLowerCase(), r[0]!]));
  const select = table.storage.columns.map((c) => {
    const actual = names.get(c.name.toLowerCase());
    return `CAST(${actual !== undefined ? ident(actual) : 'NULL'} AS ${hiveTypeToDuckDb(c.type)}) AS ${ident(c.name)}`;
  });
  return `SELECT ${select.join(', ')} FROM ${from}`;
}

// ------------------------------------------------------------------------------------------------ CSV / text

/**
 * How a CSV (OpenCSVSerde) or delimited text table splits its files: separator, quote and escape characters.
 * OpenCSVSerde takes the first character of `separatorChar` (default `,`), `quoteChar` (default `"`) and
 * `escapeChar`; its parser (opencsv) escapes with a backslash when `escapeChar` is absent or `"` (the default of
 * opencsv's writer, which OpenCSVSerde reads as "none given"), and reads a doubled quote in a field as one quote.
 */
export function delimitedDialect(table: CatalogTable): { delim: string; quote: string; escape: string } {
  const params = table.storage.serde.parameters;
  if (tableFormat(table) !== 'csv') {
    const delim = params['separatorChar'] ?? params['field.delim'] ?? params['serialization.format'] ?? '\u0001';
    return { delim, quote: '', escape: params['escape.delim'] ?? '' };
  }
  const first = (v: string | undefined) => (v === undefined || v === '' ? v : String.fromCodePoint(v.codePointAt(0)!));
  const escape = first(params['escapeChar']);
  // (an empty quoteChar: no quoting)
  return { delim: first(params['separatorChar']) || ',', quote: first(params['quoteChar']) ?? '"', escape: !escape || escape === '"' ? '\\' : escape };
}

async function readDelimited(table: CatalogTable, files: DataFile[], csv: boolean): Promise<string[]> {
  const { quote, escape } = delimitedDialect(table);
  if (!csv || quote === '' || escape === quote) return [readDelimitedFiles(table, files, csv, false)];
  // DuckDB reads one escape character. With the escape character (a backslash) it reads `\"` as `"` and keeps a
  // doubled quote doubled (the field goes on where a quote follows another), so a `""` it gives is one quote
  // doubled, as opencsv reads it — or two quotes escaped (`\"\"`, as the engine's own CSV writer writes `""`). A
  // file without any escaped quote has only the first kind; a file with escaped quotes is taken to have only the
  // second (one writer escapes quotes one way).
  const pair = Buffer.from(escape + quote);
  const escaping: DataFile[] = [];
  const doubling: DataFile[] = [];
  for (const f of files) ((await fileHolds(f, pair)) ? escaping : doubling).push(f);
  const out: string[] = [];
  if (doubling.length > 0) out.push(readDelimitedFiles(table, doubling, csv, true));
  if (escaping.length > 0) out.push(readDelimitedFiles(table, escaping, csv, false));
  return out;
}

/** whether a data file holds the bytes `pair`, by path, size and mtime (a file is read once while unchanged) */
const holdsCache = new Map<string, { size: number; mtimeMs: number; found: boolean }>();

async function fileHolds(file: DataFile, pair: Buffer): Promise<boolean> {
  const key = `${pair.toString('hex')} ${file.path}`;
  const known = holdsCache.get(key);
  if (known && known.size === file.size && known.mtimeMs === file.mtimeMs) return known.found;
  const found = await fileContainsAny(file.path, [pair]);
  if (holdsCache.size >= 10_000) holdsCache.clear();
  holdsCache.set(key, { size: file.size, mtimeMs: file.mtimeMs, found });
  return found;
}

/** `doubled`: read each doubled quote in a field as one quote (DuckDB keeps it doubled) */
function readDelimitedFiles(table: CatalogTable, files: DataFile[], csv: boolean, doubled: boolean): string {
  const params = table.storage.serde.parameters;
  const { delim, quote, escape } = delimitedDialect(table);
  const skip = Number(table.parameters['skip.header.line.count'] ?? '0') || 0;
  const columns = table.storage.columns;
  const readColumns = columns.map((_, i) => `${literal(`c${i}`)}: 'VARCHAR'`);
  const select = columns.map((c, i) => {
    const type = hiveTypeToDuckDb(c.type);
    const value = doubled ? `replace(${ident(`c${i}`)}, ${literal(quote + quote)}, ${literal(quote)})` : ident(`c${i}`);
    return `${type === 'VARCHAR' ? value : `TRY_CAST(${value} AS ${type})`} AS ${ident(c.name)}`;
  });
  const delimText = delim.length === 1 && delim.charCodeAt(0) < 32 ? `chr(${delim.charCodeAt(0)})` : literal(delim);
  // Hive text writes NULL as `\N` (serialization.null.format); an empty field reads as NULL too
  const nulls = csv ? '' : `, nullstr=${listLiteral([params['serialization.null.format'] ?? '\\N', ''])}`;
  // a quoted CSV field may hold a newline; DuckDB's parallel reader cannot pad short rows (null_padding) then
  const parallel = csv ? ', parallel=false' : '';
  return (
    `SELECT ${select.join(', ')} FROM read_csv(${listLiteral(files.map((f) => f.path))}, columns={${readColumns.join(', ')}}, ` +
    `delim=${delimText}, quote=${literal(quote)}, escape=${literal(escape)}, header=false, skip=${skip}, auto_detect=false, null_padding=true, strict_mode=false${nulls}${parallel})`
  );
}
