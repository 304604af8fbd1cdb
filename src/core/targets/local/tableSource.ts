/**
 * How the local engine reads a catalog table: a SELECT over the files under the table's LOCATION (or its
 * registered partitions) that yields the table's columns, lower case, with their declared types — by the rules of
 * the table's SerDe, as Athena reads them:
 * - JSON: as the JSON SerDes read it (jsonSerde.ts): every line a row, keys matched to columns and struct fields
 *   case-insensitively, absent keys NULL, a malformed line or a wrong-typed value a failure naming the object and the
 *   line (or, with `ignore.malformed.json`, a row of NULLs / a NULL).
 * - Parquet: columns by name, case-insensitively; missing ones NULL.
 * - CSV / delimited text: as OpenCSVSerde and LazySimpleSerDe read it (csvSerde.ts): line by line, fields by
 *   position, quotes by opencsv's rules, values parsed as Athena parses them.
 * Files whose names start with `_` or `.` are not data (Hive's rule; `_SUCCESS`, temp files).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import type { CatalogColumn, CatalogPartition, CatalogTable } from '../../model';
import { READ_FORMATS, tableFormat, unsupportedFormatReason } from '../../sql/ddl';
import { icebergRefusal, isIcebergTable } from '../../sql/iceberg';
import { hiveTypeToDuckDb, parseHiveType } from '../../sql/types';
import { ident, listLiteral, literal } from './duck';
import { readDelimited } from './csvSerde';
import type { DataFile, JsonKeyCache } from './jsonKeys';
import { nullRowsMessage, readJson, type NullRowLines } from './jsonSerde';
import { HIVE_DEFAULT_PARTITION, partitionName } from './partitions';
import { readParquetColumn } from './parquetColumns';
import { readRegex } from './regexSerde';
import { projectedPartitions, projectionEnabled } from './partitionProjection';

export interface TableSource {
  /** a SELECT yielding the table's columns (and partition keys) */
  sql: string;
  files: DataFile[];
  bytes: number;
  /** JSON files with lines the table reads as rows of NULLs (blank, not an object, malformed and ignored), how many */
  nullRows?: NullRowLines[];
  /**
   * a projected table's partition of each file (path → `k=v/k2=v2`), as Trino's PartitionProjection names the
   * partitions it projects: the hidden column `"$partition"` (registered partitions are named from the catalog)
   */
  projectedPartitionOf?: Map<string, string>;
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
  /**
   * a column to add, last, holding each row's file on disk as the source has it (for the hidden columns `"$path"`
   * and the like: hiddenColumns.ts); none by default
   */
  fileColumn?: string;
  /** files the read leaves out (a job run's: those its purge_s3_path deleted before Glue read the table) */
  skip?: (file: DataFile) => boolean;
}

interface PartitionFiles {
  /** partition key → value */
  values: Record<string, string>;
  /** the `s3://` location the files are under */
  location: string;
  files: DataFile[];
}

/**
 * The table with the properties its reader sees: the SerDe's, overridden by the table's. Trino (Athena's engine)
 * hands a reader one set of properties made so (trinodb/trino plugin/trino-hive/…/metastore/MetastoreUtil.java
 * `getHiveSchema`, commit 029c93b693c7a3dbff995062fb9997f4acd86d77: "Mimics function in Hive:
 * MetaStoreUtils.getSchema" — the serde parameters, then the table parameters), so `'serialization.null.format'=''`
 * in TBLPROPERTIES applies as in SERDEPROPERTIES, and `skip.header.line.count` in SERDEPROPERTIES as in TBLPROPERTIES.
 */
export function withReaderProperties(table: CatalogTable): CatalogTable {
  const merged = { ...table.storage.serde.parameters, ...table.parameters };
  return { ...table, parameters: merged, storage: { ...table.storage, serde: { ...table.storage.serde, parameters: merged } } };
}

export async function tableSource(catalogTable: CatalogTable, ctx: SourceContext): Promise<TableSource> {
  const table = withReaderProperties(catalogTable);
  const format = tableFormat(table);
  if (isIcebergTable(table)) throw icebergRefusal(`${table.database}.${table.name}`);
  if (format === 'unsupported')
    throw new LakehouseError(
      'SqlUnsupported',
      `table ${table.database}.${table.name}: ${unsupportedFormatReason(table)}; the local engine reads ${READ_FORMATS} tables`,
      { object: `${table.database}.${table.name}` },
    );
  refuseUnreadProperties(table, format);
  const columns = table.storage.columns;
  const groups: PartitionFiles[] = [];
  let projectedPartitionOf: Map<string, string> | undefined;
  // a location the local store cannot hold (`s3://b/../x/`) is named with its table
  const localPath = (location: string): string => {
    try {
      return ctx.localPath(location);
    } catch (e) {
      if (e instanceof LakehouseError) throw new LakehouseError(e.code, `table ${table.database}.${table.name}: its location ${location} cannot be read by the local engine: ${e.message}`, { object: `${table.database}.${table.name}` });
      throw e;
    }
  };
  if (table.partitionKeys.length === 0) {
    groups.push({ values: {}, location: table.storage.location, files: await listDataFiles(localPath(table.storage.location)) });
  } else if (projectionEnabled(catalogTable)) {
    // partition projection: the partitions the table's properties describe; the registered ones are ignored
    const projected = await projectedPartitions(catalogTable, { localPath, list: listDataFiles });
    groups.push(...projected);
    projectedPartitionOf = new Map(projected.flatMap((p) => {
      const name = partitionName(table, table.partitionKeys.map((k) => p.texts[k.name] ?? ''));
      return p.files.map((f) => [f.path, name] as const);
    }));
  } else {
    for (const p of table.partitions ?? []) {
      refuseOwnPartitionSchema(table, p, format === 'parquet');
      const values = Object.fromEntries(table.partitionKeys.map((k, i) => [k.name, p.values[i] ?? '']));
      groups.push({ values, location: p.location, files: await listDataFiles(localPath(p.location)) });
    }
  }
  const skip = ctx.skip;
  if (skip) for (const g of groups) g.files = g.files.filter((f) => !skip(f));
  const parts: string[] = [];
  const all: DataFile[] = [];
  const nullRows: NullRowLines[] = [];
  for (const g of groups) {
    if (format !== 'parquet')
      for (const f of g.files) {
        const codec = UNREAD_CODECS[/\.([a-z0-9]+)$/i.exec(f.path)?.[1]?.toLowerCase() ?? ''];
        if (codec === undefined) continue;
        const object = `${g.location.replace(/\/?$/, '/')}${path.relative(ctx.localPath(g.location), f.path).split(path.sep).join('/')}`;
        throw new LakehouseError('SqlUnsupported', `table ${table.database}.${table.name}: ${codec}-compressed files are not read by the local engine (Athena reads them): ${object}; gzip (.gz) and zstd (.zst) are`, { object });
      }
    all.push(...g.files);
    // a value Hive names __HIVE_DEFAULT_PARTITION__ is NULL (a NULL key's rows, written by INSERT or CTAS)
    const partitionCols = table.partitionKeys.map((k) => {
      const v = g.values[k.name] ?? '';
      return `CAST(${v === HIVE_DEFAULT_PARTITION ? 'NULL' : literal(v)} AS ${hiveTypeToDuckDb(k.type)}) AS ${ident(k.name)}`;
    });
    const read = await readFiles(format, table, g.files, ctx);
    nullRows.push(...read.nullRows);
    for (const body of read.sql) {
      parts.push(partitionCols.length > 0 ? `SELECT *, ${partitionCols.join(', ')} FROM (${body})` : body);
    }
  }
  const allColumns = [...columns, ...table.partitionKeys];
  const sql = parts.length > 0 ? parts.join('\nUNION ALL\n') : emptySelect(allColumns, ctx.fileColumn);
  return { sql, files: all, bytes: all.reduce((n, f) => n + f.size, 0), ...(nullRows.length > 0 ? { nullRows } : {}), ...(projectedPartitionOf ? { projectedPartitionOf } : {}) };
}

/**
 * Properties Athena's readers honour that the local engine does not read, refused rather than ignored. Trino skips
 * `skip.header.line.count` and `skip.footer.line.count` lines of each file for every line-based SerDe — JSON ones
 * too (trino-hive-formats LinePageSourceFactory: the header and footer counts before the deserializer) — and its
 * delimited text reader parses timestamps with `timestamp.formats`.
 */
function refuseUnreadProperties(table: CatalogTable, format: string): void {
  if (format === 'parquet') return;
  const name = `${table.database}.${table.name}`;
  const count = (key: string) => Number(table.parameters[key] ?? '0') || 0;
  const refuse = (what: string, fix = '') => new LakehouseError('SqlUnsupported', `table ${name}: ${what} is not supported by the local engine (Athena has it)${fix}`, { object: name });
  if (count('skip.footer.line.count') > 0) throw refuse(`'skip.footer.line.count' (the last lines of each file left out)`);
  if (format === 'json' && count('skip.header.line.count') > 0) throw refuse(`'skip.header.line.count' on a JSON table (the first lines of each file left out)`);
  if (format === 'text' && table.parameters['timestamp.formats'] !== undefined && table.storage.columns.some((c) => /\btimestamp\b/i.test(c.type)))
    throw refuse(`the SerDe property 'timestamp.formats' of delimited text`, ': declare the column string and parse it in the query');
  // Hive's SerDes read 'serialization.encoding' (HIVE-7142, HIVE-15826); Trino's readers, which Athena engine 3
  // runs, read UTF-8 only (trinodb/trino#8139, open) and Athena's pages do not say which it honours: refused
  const encoding = table.storage.serde.parameters['serialization.encoding'] ?? table.parameters['serialization.encoding'];
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding.trim()))
    throw new LakehouseError(
      'SqlUnsupported',
      `table ${name}: 'serialization.encoding'='${encoding}' is not supported by the local engine: it reads UTF-8 text only, and Athena's documentation does not say how it reads another encoding — convert the objects to UTF-8 and drop the property`,
      { object: name },
    );
}

const columnText = (c: CatalogColumn): string => `${c.name.toLowerCase()} ${c.type.replace(/\s+/g, '').toLowerCase()}`;

/**
 * A partition added before the table's columns changed keeps the columns it was added with (catalog.ts), and Athena
 * reads it with those: for CSV, JSON and text by position, validated against the table's (a type that cannot be
 * coerced fails the query: HIVE_PARTITION_SCHEMA_MISMATCH); for Parquet by name
 * (https://docs.aws.amazon.com/athena/latest/ug/updates-and-partitions.html). The local engine reads every
 * partition with the table's columns, so such a partition is refused by name — for Parquet only where a column of
 * the same name has another type — with the documented fix.
 */
function refuseOwnPartitionSchema(table: CatalogTable, p: CatalogPartition, byName: boolean): void {
  if (!p.columns) return;
  const own = p.columns.map(columnText);
  const current = table.storage.columns.map(columnText);
  const differs = byName
    ? p.columns.some((c) => {
        const now = table.storage.columns.find((t) => t.name.toLowerCase() === c.name.toLowerCase());
        return now !== undefined && columnText(now) !== columnText(c);
      })
    : own.length !== current.length || own.some((c, i) => c !== current[i]);
  if (!differs) return;
  const name = `${table.database}.${table.name}`;
  const partition = table.partitionKeys.map((k, i) => `${k.name}=${p.values[i] ?? ''}`).join('/');
  throw new LakehouseError(
    'SqlUnsupported',
    `table ${name}: partition ${partition} was added when the table's columns were (${own.join(', ')}), and Athena reads it with those columns, not the table's (${current.join(', ')}): a partition with columns of its own is not supported by the local engine; drop the partition and add it again (ALTER TABLE ${name} DROP PARTITION (…), then ADD PARTITION or MSCK REPAIR TABLE) so that it has the table's columns`,
    { object: `${name}/${partition}` },
  );
}

/** What the tables of a query read as rows of NULLs, in a sentence (see nullRowsMessage); undefined when none. */
export function sourcesNullRowsMessage(sources: readonly TableSource[], locationOf: (file: string) => string): string | undefined {
  return nullRowsMessage(
    sources.flatMap((s) => s.nullRows ?? []),
    locationOf,
  );
}

function emptySelect(columns: readonly CatalogColumn[], fileColumn?: string): string {
  const file = fileColumn !== undefined ? [`CAST(NULL AS VARCHAR) AS ${ident(fileColumn)}`] : [];
  return `SELECT ${[...columns.map((c) => `CAST(NULL AS ${hiveTypeToDuckDb(c.type)}) AS ${ident(c.name)}`), ...file].join(', ')} WHERE false`;
}

/** `, "<file column>"` for a select list and `, filename='<file column>'` for a read_* call, or nothing */
function fileParts(ctx: SourceContext): { column: string; option: string } {
  return ctx.fileColumn === undefined ? { column: '', option: '' } : { column: `, ${ident(ctx.fileColumn)}`, option: `, filename=${literal(ctx.fileColumn)}` };
}

/**
 * Compressed text files Athena reads (it picks the codec by the file name's extension) and DuckDB does not: DuckDB
 * would read their bytes as text. `.gz` and `.zst` are read (DuckDB decompresses them).
 */
const UNREAD_CODECS: Record<string, string> = { bz2: 'BZIP2', snappy: 'SNAPPY', lz4: 'LZ4', deflate: 'DEFLATE', lzo: 'LZO', br: 'Brotli' };

async function readFiles(format: string, table: CatalogTable, files: DataFile[], ctx: SourceContext): Promise<{ sql: string[]; nullRows: NullRowLines[] }> {
  if (files.length === 0) return { sql: [], nullRows: [] };
  switch (format) {
    case 'json':
      return readJson(table, files, ctx);
    case 'parquet':
      return { sql: [await readParquet(table, files, ctx)], nullRows: [] };
    case 'regex':
      return { sql: [readRegex(table, files, ctx.fileColumn !== undefined ? { fileColumn: ctx.fileColumn } : {})], nullRows: [] };
    default:
      return {
        sql: await readDelimited(table, files, { conn: ctx.conn, cacheDir: path.join(ctx.keyCache.dir, 'delimited'), ...(ctx.fileColumn !== undefined ? { fileColumn: ctx.fileColumn } : {}) }),
        nullRows: [],
      };
  }
}

// ------------------------------------------------------------------------------------------------ Parquet

/**
 * Parquet columns by name (Athena's default), or with `parquet.column.index.access` = true by position: the table's
 * n-th column reads each file's n-th column, whatever its name (Athena's "Handling schema updates": "Parquet: read by
 * index … allow you to rename columns") — each file by its own order.
 */
async function readParquet(table: CatalogTable, files: DataFile[], ctx: SourceContext): Promise<string> {
  if ((table.storage.serde.parameters['parquet.column.index.access'] ?? '').trim().toLowerCase() === 'true')
    return (await Promise.all(files.map((f) => readParquetFiles(table, [f], ctx, true)))).join('\nUNION ALL\n');
  return readParquetFiles(table, files, ctx, false);
}

async function readParquetFiles(table: CatalogTable, files: DataFile[], ctx: SourceContext, byIndex: boolean): Promise<string> {
  const from = `read_parquet(${listLiteral(files.map((f) => f.path))}, union_by_name=true`;
  const described = await ctx.conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from})`);
  const fileColumns = (described.getRowsJson() as string[][]).map((r) => ({ name: r[0]!, type: r[1]! }));
  const actual = new Map(fileColumns.map((f) => [f.name.toLowerCase(), f]));
  const select = table.storage.columns.map((c, i) => {
    const found = byIndex ? fileColumns[i] : actual.get(c.name.toLowerCase());
    if (found === undefined) return `CAST(NULL AS ${hiveTypeToDuckDb(c.type)}) AS ${ident(c.name)}`;
    // as Athena's Parquet reader reads the declared type from the files' type, or an error when the query reads it
    const read = readParquetColumn(parseHiveType(c.type), found.name, found.type);
    if ('sql' in read) return `${read.sql} AS ${ident(c.name)}`;
    const where = `table ${table.database}.${table.name}: column ${c.name} is declared ${c.type} but ${'fails' in read ? read.fails : read.refused} under ${table.storage.location}`;
    const message =
      'fails' in read
        ? `${where}: Athena's Parquet reader fails on it too (Unsupported Trino column type for Parquet column); declare the column as the files hold it`
        : `${where}: not supported by the local engine; declare the column as the files hold it`;
    return `CAST(error(${literal(message)}) AS ${hiveTypeToDuckDb(c.type)}) AS ${ident(c.name)}`;
  });
  const file = fileParts(ctx);
  return `SELECT ${select.join(', ')}${file.column} FROM ${from}${file.option})`;
}
