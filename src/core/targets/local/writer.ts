/**
 * Writing query results as table data: `COPY` into a staging folder, nothing visible yet. The staged files reach
 * the lake through a commit (outputCommit.ts): all of a job's (or a statement's) output at once, or none of it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { LakehouseError } from '../../errors';
import type { CatalogColumn, DataFormat } from '../../model';
import { text as sqlText } from '../../sql/dialects/emit';
import { javaFloatingText } from '../../sql/spark/sqlText';
import { javaDoublesInFile } from './javaDoubles';
import { sparkDecimalColumns, sparkDecimalNumbersInFile, sparkDecimalSql } from './sparkJsonDecimals';
import { athenaJsonLineSql, type AthenaJsonWriter } from './athenaJson';
import { duckDbTypeToHive } from '../../sql/types';
import { ident, literal } from './duck';
import type { JsonKeyCache } from './jsonKeys';
import { dropNullFields, hasMap } from './jsonNulls';
import { JsonSchemaCache } from './jsonSchemas';
import { hiveTextColumn } from './hiveText';
import { hasFloatingPoint, quoteNonFiniteNumbers } from './nonFinite';
import { escapePathName, HIVE_DEFAULT_PARTITION, unescapePathName } from './partitions';
import type { StagedFiles } from './outputCommit';
import { listDataFiles } from './tableSource';
import { writtenJsonColumns, type WrittenColumn } from './writtenSchema';

export interface WriteTarget {
  /** `s3://bucket/prefix/` */
  location: string;
  format: Exclude<DataFormat, 'text'>;
  partitionKeys?: string[];
  /** parquet: snappy (Glue's default), zstd, gzip, uncompressed */
  compression?: string;
  /** csv only: write Hive text (LazySimpleSerDe) instead — fields split by this character, unquoted, NULL as `\N` */
  fieldDelimiter?: string;
  /** csv only (quoted CSV, as OpenCSVSerde reads it): a header line first */
  header?: boolean;
  /** csv only (quoted CSV): the table's separator, quote and escape characters; `quoteAll`: every value not NULL quoted */
  csvDialect?: { delim: string; quote: string; escape: string; quoteAll?: boolean };
  /** csv with `fieldDelimiter` (Hive text): how NULL is written (default `\N`, serialization.null.format) */
  nullString?: string;
  /**
   * csv with `fieldDelimiter`, written by Athena (CTAS, UNLOAD, INSERT INTO): arrays, maps and structs split by these
   * separators of the nesting levels 1 … 8 (the field delimiter first; Hive's defaults for CTAS and UNLOAD, the
   * table's for INSERT) and varbinary as Base64, as Trino's text encodings write them (hiveText.ts)
   */
  hiveSeparators?: readonly string[];
  /** json and csv: each file gzip-compressed (`part-….json.gz`), as Athena writes text and JSON by default */
  gzip?: boolean;
  /** json only: leave object members whose value is null out, as Spark's JSON writer does (ignoreNullFields) */
  omitNullFields?: boolean;
  /**
   * the files keep the columns' names as spelt (a Glue job's sink: Glue's and Spark's writers write a field as the
   * frame names it; the catalog's columns are still lower case); otherwise the names are written lower case, as
   * Athena's (Trino's) are
   */
  keepNameCase?: boolean;
  /**
   * json and csv: timestamps as Spark's DataFrameWriter writes them (a `df.write…json/csv` sink): its JSON and CSV
   * data sources format a timestamp with `timestampFormat`, default `yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]` in the
   * session time zone (UTC on Glue) — `2024-01-31T12:00:00.000Z` — where DuckDB writes `2024-01-31 12:00:00`
   */
  sparkTimestamps?: boolean;
  /**
   * json: doubles (floats) at the top level written as Spark's JSON writer (and Trino's Hive JsonSerializer) write them, Java's Double.toString
   * (`1.0E7`, `1.0E-5`) where DuckDB writes `10000000.0`, `0.00001` (javaDoubles.ts)
   */
  javaDoubles?: boolean;
  /**
   * json: a top-level decimal as Spark's JSON writer writes it, Java's BigDecimal.toString (JacksonGenerator:
   * `gen.writeNumber(…toJavaBigDecimal)`): a decimal(8,2) 120.50 is `120.50`, where DuckDB writes `120.5`; a decimal
   * nested in an array, a map or a struct is refused by name (sparkJsonDecimals.ts)
   */
  sparkDecimals?: boolean;
  /**
   * csv: written as Glue's own CSV writer (a DynamicFrame sink) writes it — Jackson's CsvEncoder with its default,
   * loose quoting (Glue's `strictCheckForQuoting`, false by default, is Jackson's STRICT_CHECK_FOR_QUOTING): a
   * string (a header name too) is quoted when it is longer than 24 UTF-16 units (MAX_QUOTE_CHECK) or holds a
   * character below `-` (the column separator `,` is the highest of separator, quote and line feed, plus one), a
   * quote inside doubled; numbers, booleans and null (empty) as they are — every field of the DIQA outputs
   * (vijayanand-88/DIQA @d8848dc, `run-…-part-r-…` CSV files) is written so
   */
  glueCsv?: boolean;
  /**
   * json written by Athena (CTAS, UNLOAD, INSERT INTO): each line as Trino's JSON writer of the table's SerDe writes
   * it — Hive JsonSerDe or OpenX JsonSerDe — byte for byte, or the column refused by name (athenaJson.ts)
   */
  athenaJson?: AthenaJsonWriter;
}

/**
 * The compressions Athena names for text and JSON output (a table's `write.compression`, CTAS's `write_compression`,
 * UNLOAD's `compression`; GZIP when none is named — https://docs.aws.amazon.com/athena/latest/ug/compression-formats.html)
 * → whether the local engine gzips the files; the others Athena writes (BZIP2, LZ4, SNAPPY, ZSTD) are refused by name.
 */
export const TEXT_COMPRESSION: Record<string, { gzip: boolean }> = { GZIP: { gzip: true }, NONE: { gzip: false } };

/** `gzip` for text or JSON output compressed as `named` (undefined: Athena's default, GZIP); throws for the others. */
export function textCompression(named: string | undefined, what: string, at?: { line: number; column: number }): boolean {
  const key = (named ?? 'GZIP').toUpperCase();
  const known = TEXT_COMPRESSION[key];
  if (!known) throw new LakehouseError('SqlUnsupported', `${what}: the local engine writes text and JSON files gzip-compressed (GZIP) or uncompressed (NONE), not ${named}`, { ...at, object: named });
  return known.gzip;
}

export interface WriteResult {
  rows: number;
  /** the written columns, as catalog columns (partition keys excluded) */
  columns: CatalogColumn[];
  partitionKeys: CatalogColumn[];
  /** written files, relative to the location */
  files: string[];
}

export interface WriterContext {
  conn: DuckDBConnection;
  stagingRoot: string;
  keyCache: JsonKeyCache;
  localPath(location: string): string;
}

/** Parquet codecs DuckDB writes; a CTAS's `write_compression` or a sink's `compression` must be one of them. */
const PARQUET_CODECS = ['snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'lz4_raw', 'uncompressed'];

/** the one text column of a write whose lines are made in SQL (Athena's JSON) */
const ATHENA_LINE = '__lakehouse_json_line';

/** Output files of one write get names like Spark's: `part-00000-<id>.json`. */
const FILE_SIZE = '256MB';

export async function describeColumns(conn: DuckDBConnection, select: string): Promise<{ name: string; duckType: string }[]> {
  const reader = await conn.runAndReadAll(`DESCRIBE ${select}`);
  return (reader.getRowsJson() as string[][]).map((r) => ({ name: r[0]!, duckType: r[1]! }));
}

export interface StagedWrite extends WriteResult {
  target: WriteTarget;
  /** the staging folder holding the written files */
  dir: string;
  /** JSON: the columns a DynamicFrame read of these files would infer, when the write knows them (writtenSchema.ts) */
  readColumns?: string;
  /**
   * JSON: the written columns (names as the files spell them, DuckDB's types) from which {@link readColumns} is
   * learnt from the files themselves at their first read as a DynamicFrame (writtenSchema.ts writtenJsonColumns,
   * through the cache of written files, jsonSchemas.ts), not at the write: an output no later read takes as a
   * DynamicFrame is not read back at all. Set instead of `readColumns` for an uncompressed write.
   */
  readColumnsOf?: WrittenColumn[];
  /** the data columns' names as the files spell them (the partition keys are in the folders' names) */
  fileColumns: string[];
}

/**
 * Writes a SELECT's rows into a new staging folder; nothing at the target location changes yet. `known`: the
 * SELECT's columns as `DESCRIBE` gives them, when the caller knows them already (else described here).
 */
export async function stageSelect(ctx: WriterContext, select: string, target: WriteTarget, known?: readonly { name: string; duckType: string }[]): Promise<StagedWrite> {
  const codec = (target.compression ?? 'snappy').toLowerCase();
  if (target.format === 'parquet' && !PARQUET_CODECS.includes(codec))
    throw new LakehouseError('SqlUnsupported', `Parquet compression '${target.compression}' is not supported by the local engine (${PARQUET_CODECS.join(', ')})`, { object: target.compression });
  const described = known ?? (await describeColumns(ctx.conn, select));
  const partitionNames = new Set((target.partitionKeys ?? []).map((k) => k.toLowerCase()));
  const columns: CatalogColumn[] = [];
  const partitionKeys: CatalogColumn[] = [];
  for (const d of described) {
    const col = { name: d.name.toLowerCase(), type: duckDbTypeToHive(d.duckType) };
    (partitionNames.has(col.name) ? partitionKeys : columns).push(col);
  }
  // the folders nest in the order the keys are given (Spark's partitionBy, Glue's partitionKeys), not the columns'
  const keyOrder = (target.partitionKeys ?? []).map((k) => k.toLowerCase());
  partitionKeys.sort((a, b) => keyOrder.indexOf(a.name) - keyOrder.indexOf(b.name));
  const omitNulls = target.format === 'json' && target.omitNullFields === true;
  const map = omitNulls ? described.find((d) => hasMap(d.duckType)) : undefined;
  if (map !== undefined)
    throw new LakehouseError('ScriptUnsupported', `the column ${map.name} is a map: Spark's JSON writer leaves null struct fields out (ignoreNullFields), which the local engine does on the written text, where a map cannot be told from a struct; write it as Parquet, or turn the map into a struct first`, { object: map.name });
  const lowerNames = described.map((d) => d.name.toLowerCase());
  const duplicate = lowerNames.find((n, i) => lowerNames.indexOf(n) !== i);
  if (duplicate !== undefined)
    throw new LakehouseError('SqlError', `the output has two columns named ${duplicate} (names are case-insensitive in the catalog): alias one of them`, { object: duplicate });
  for (const k of partitionNames)
    if (!lowerNames.includes(k)) throw new LakehouseError('SqlError', `partition key ${k} is not a column of the output`, { object: k });
  // Athena's columns are lower case (Trino's names are); a Glue sink writes the frame's names as they are spelt
  const fileName = (name: string) => (target.keepNameCase === true ? name : name.toLowerCase());
  const fileColumns = described.filter((d) => !partitionNames.has(d.name.toLowerCase())).map((d) => fileName(d.name));
  const sparkText = target.sparkTimestamps === true && target.format !== 'parquet';
  const glueCsv = target.format === 'csv' && target.glueCsv === true;
  // Hive text (LazySimpleSerDe): arrays, maps, structs and varbinary as Trino's text encodings write them (hiveText.ts)
  const hiveText = target.format === 'csv' && target.fieldDelimiter !== undefined && target.hiveSeparators !== undefined;
  // Glue's CSV: each line made here as one text column, named as the header line (written raw: no quoting by DuckDB)
  const glueLine = glueCsv ? glueCsvLine(described.filter((d) => !partitionNames.has(d.name.toLowerCase())).map((d) => ({ name: fileName(d.name), expr: ident(d.name), duckType: d.duckType }))) : undefined;
  // Athena's JSON: each line made in SQL as Trino's writer of the table's SerDe makes it (athenaJson.ts)
  const athenaJson = target.format === 'json' ? target.athenaJson : undefined;
  const athenaLine = athenaJson ? athenaJsonLineSql(described.filter((d) => !partitionNames.has(d.name.toLowerCase())).map((d) => ({ name: fileName(d.name), expr: ident(d.name), duckType: d.duckType })), athenaJson) : undefined;
  const lineColumn = glueLine ? glueLine.header : ATHENA_LINE;
  const line = glueLine?.line ?? athenaLine;
  // Spark's JSON writer: top-level decimals as Java's BigDecimal text, written as strings and unquoted after DuckDB
  const decimals = target.format === 'json' && line === undefined && target.sparkDecimals === true ? sparkDecimalColumns(described.filter((d) => !partitionNames.has(d.name.toLowerCase()))) : new Map<string, number>();
  const column = (d: { name: string; duckType: string }) =>
    decimals.has(d.name) ? sparkDecimalSql(ident(d.name), decimals.get(d.name)!) : sparkText && !partitionNames.has(d.name.toLowerCase()) ? sparkTimestampColumn(d, target.format) : hiveText && !partitionNames.has(d.name.toLowerCase()) ? (hiveTextColumn(ident(d.name), d.duckType, target.nullString ?? '\\N', d.name, target.hiveSeparators) ?? ident(d.name)) : ident(d.name);
  const named = line !== undefined
    ? `SELECT ${line} AS ${ident(lineColumn)}${described.filter((d) => partitionNames.has(d.name.toLowerCase())).map((d) => `, ${ident(d.name)} AS ${ident(fileName(d.name))}`).join('')} FROM (${select})`
    : `SELECT ${described.map((d) => `${column(d)} AS ${ident(fileName(d.name))}`).join(', ')} FROM (${select})`;
  const id = randomUUID();
  const dir = path.join(ctx.stagingRoot, id);
  await fs.mkdir(dir, { recursive: true });
  try {
    const options = [`FORMAT ${target.format === 'parquet' ? 'parquet' : target.format === 'csv' ? 'csv' : 'json'}`, `FILENAME_PATTERN ${literal(`part-{i}-${id}`)}`];
    options.push(`FILE_SIZE_BYTES ${literal(FILE_SIZE)}`);
    if (target.format === 'parquet') options.push(`COMPRESSION ${literal(codec)}`);
    if (target.format === 'csv' && target.fieldDelimiter !== undefined)
      options.push('HEADER false', `DELIMITER ${literal(target.fieldDelimiter)}`, "QUOTE ''", "ESCAPE ''", `NULLSTR ${literal(target.nullString ?? '\\N')}`);
    // quoted CSV as OpenCSVSerde reads it: quotes inside values escaped with a backslash
    else if (target.format === 'csv' && target.csvDialect)
      options.push(`HEADER ${target.header ? 'true' : 'false'}`, `DELIMITER ${literal(target.csvDialect.delim)}`, `QUOTE ${literal(target.csvDialect.quote)}`, `ESCAPE ${literal(target.csvDialect.escape)}`, ...(target.csvDialect.quoteAll ? ['FORCE_QUOTE *'] : []));
    else if (glueCsv) options.push(`HEADER ${target.header ? 'true' : 'false'}`, "QUOTE ''", "ESCAPE ''", "NULLSTR ''");
    // Athena's JSON lines, made above: written raw, one text column
    else if (athenaLine !== undefined) options.splice(0, 1, 'FORMAT csv', 'HEADER false', "QUOTE ''", "ESCAPE ''", "FILE_EXTENSION 'json'");
    else if (target.format === 'csv') options.push(`HEADER ${target.header ? 'true' : 'false'}`, `ESCAPE '\\'`);
    const rows = partitionKeys.length === 0 ? await copyTo(ctx.conn, named, dir, options) : await copyPartitions(ctx.conn, named, dir, options, line !== undefined ? [lineColumn] : fileColumns, partitionKeys.map((k) => fileName(described.find((d) => d.name.toLowerCase() === k.name)!.name)));
    const written = await listDataFiles(dir);
    if (omitNulls) for (const f of written) await dropNullFields(f.path);
    // DuckDB writes a double that is not finite as a bare Infinity/NaN (not JSON): as strings, as Spark does
    let quoted = false;
    if (target.format === 'json' && athenaLine === undefined && described.some((d) => hasFloatingPoint(d.duckType))) for (const f of written) if (await quoteNonFiniteNumbers(f.path)) quoted = true;
    if (decimals.size > 0) {
      const fields = new Set([...decimals.keys()].map(fileName));
      for (const f of written) await sparkDecimalNumbersInFile(f.path, fields);
    }
    if (target.format === 'json' && athenaLine === undefined && target.javaDoubles === true) {
      const fields = new Map(described.filter((d) => /^(DOUBLE|FLOAT8|FLOAT|FLOAT4|REAL)$/i.test(d.duckType.trim())).map((d) => [fileName(d.name), !/^(DOUBLE|FLOAT8)$/i.test(d.duckType.trim())] as const));
      for (const f of written) await javaDoublesInFile(f.path, fields);
    }
    // what a read of the files as a DynamicFrame would infer, known from the write (not after quoting: a field of
    // numbers and strings; nor of a partitioned write, whose keys are in the folders' names; nor with the null fields
    // left out: a column null in every record is then no field at all; nor of Athena's lines but the Hive SerDe's
    // without doubles, which may be written as strings — OpenX's leave nulls out, write integral doubles as integers).
    // The files are read for it at their first read (readColumnsOf), unless they are gzipped below
    const athenaKnown = athenaJson === undefined || (athenaJson.serde === 'hive' && !described.some((d) => hasFloatingPoint(d.duckType)));
    const predictable = target.format === 'json' && partitionKeys.length === 0 && !quoted && !omitNulls && athenaKnown && rows > 0;
    const writtenColumns = described.map((d) => ({ name: fileName(d.name), duckType: d.duckType }));
    const gzip = target.gzip === true && target.format !== 'parquet';
    const readColumns = predictable && gzip ? await writtenJsonColumns(writtenColumns, written.map((f) => f.path)) : undefined;
    if (gzip) for (const f of written) f.path = await gzipInPlace(f.path);
    const files = written.map((f) => path.relative(dir, f.path));
    return {
      target,
      dir,
      rows,
      columns,
      partitionKeys,
      files,
      fileColumns,
      ...(readColumns !== undefined ? { readColumns } : {}),
      ...(predictable && !gzip ? { readColumnsOf: writtenColumns } : {}),
    };
  } catch (e) {
    await fs.rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Jackson's loose check (CsvEncoder._mayNeedQuotes with `,`, `"`, `\n`): longer than 24 UTF-16 units, or a character below `-`. */
export function jacksonNeedsQuotes(text: string): boolean {
  if (text.length > 24) return true;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x2d) return true;
  return false;
}

/** A text as Jackson's CsvEncoder writes it: quoted (a quote inside doubled) when {@link jacksonNeedsQuotes}. */
export function jacksonCsvText(text: string): string {
  return jacksonNeedsQuotes(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The SQL of one Glue CSV line per row (see {@link WriteTarget.glueCsv}) and its header line. A string is quoted as
 * Jackson quotes it (its UTF-16 length: code points, plus one for each beyond U+FFFF); a double or a float as Java
 * writes it (Double.toString: DIQA's Target611 outputs write the catalog's double fare 16 as `16.0`; from 10^7 on, and
 * below 10^-3, Java's computerized scientific notation `1.0E20`, `1.0E-5`, where DuckDB writes `1e+20`, `1e-05`);
 * other values are DuckDB's text, which holds no character that asks for quotes in a number, a boolean or a date;
 * null is empty.
 */
function glueCsvLine(cols: { name: string; expr: string; duckType: string }[]): { line: string; header: string } {
  const field = (c: { expr: string; duckType: string }) => {
    const t = `CAST(${c.expr} AS VARCHAR)`;
    const type = c.duckType.trim();
    // a double (a float) as Jackson's CsvEncoder writes one: Double.toString (Float.toString) — `16.0`, `1.0E20`
    if (type === 'DOUBLE' || type === 'FLOAT') return `coalesce(${sqlText(javaFloatingText(c.expr))}, '')`;
    if (type !== 'VARCHAR') return `coalesce(${t}, '')`;
    const utf16 = `(length(${t}) + length(regexp_replace(${t}, '[^\\x{10000}-\\x{10FFFF}]', '', 'g')))`;
    return `CASE WHEN ${t} IS NULL THEN '' WHEN length(${t}) > 24 OR (length(${t}) > 12 AND ${utf16} > 24) OR regexp_matches(${t}, '[\\x00-\\x2c]') THEN '"' || replace(${t}, '"', '""') || '"' ELSE ${t} END`;
  };
  return { line: cols.length === 0 ? "''" : cols.map(field).join(" || ',' || "), header: cols.map((c) => jacksonCsvText(c.name)).join(',') };
}

/** a timestamp type DuckDB names (top level or inside a STRUCT, a list, a MAP: not a field named `timestamp`) */
const TIMESTAMP_TYPE = /(^| )TIMESTAMP(_S|_MS|_NS| WITH TIME ZONE)?(?=[),[]|$)/;

/**
 * A column as Spark's JSON and CSV writers write it (JSONOptions / CSVOptions `timestampFormatInWrite`, Spark 3.3 and
 * 3.5: `yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]`, formatted in the session time zone, UTC on Glue — the optional sections
 * are printed, the fraction cut to milliseconds, a zero offset `Z`; apache/spark commit 865b2fd, SPARK-18937:
 * `df.write.json(…)` of 2016-01-01 00:00:00 GMT → `{"ts":"2016-01-01T00:00:00.000Z"}`). Other columns as they are; a
 * timestamp inside a struct, an array or a map is refused by name (the text of nested values is DuckDB's).
 */
function sparkTimestampColumn(d: { name: string; duckType: string }, format: string): string {
  const type = d.duckType.trim();
  if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(type)) return `strftime(CAST(${ident(d.name)} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%g') || 'Z'`;
  if (type === 'TIMESTAMP WITH TIME ZONE') return `strftime(timezone('UTC', ${ident(d.name)}), '%Y-%m-%dT%H:%M:%S.%g') || 'Z'`;
  if (TIMESTAMP_TYPE.test(type))
    throw new LakehouseError(
      'ScriptUnsupported',
      `the column ${d.name} holds timestamps inside a ${type.startsWith('STRUCT') ? 'struct' : type.startsWith('MAP') ? 'map' : 'array'}: Spark's ${format.toUpperCase()} writer writes them as yyyy-MM-dd'T'HH:mm:ss.SSSXXX text, which the local engine writes only for top-level columns; cast them to string first, or write Parquet`,
      { object: d.name },
    );
  return ident(d.name);
}

/** gzips a written file in place (`x.json` → `x.json.gz`); returns the new path */
async function gzipInPlace(file: string): Promise<string> {
  await pipeline(createReadStream(file), createGzip(), createWriteStream(`${file}.gz`));
  await fs.rm(file);
  return `${file}.gz`;
}

async function copyTo(conn: DuckDBConnection, select: string, dir: string, options: string[]): Promise<number> {
  const reader = await conn.runAndReadAll(`COPY (${select}) TO ${literal(dir)} (${options.join(', ')})`);
  return Number((reader.getRowsJson() as string[][])[0]?.[0] ?? 0);
}

/**
 * A partitioned write as Spark (and Glue's sinks) lay it out: a Hive-style `key=value/` folder per partition, the
 * key and the value escaped as ExternalCatalogUtils.escapePathName escapes them (partitions.ts), a NULL or empty value
 * as `__HIVE_DEFAULT_PARTITION__`, the partition keys left out of the files. (DuckDB's own PARTITION_BY escapes
 * otherwise — `@` as `%40` — and does not write JSON.) Every format, one COPY per partition.
 */
async function copyPartitions(conn: DuckDBConnection, select: string, dir: string, options: string[], dataColumns: string[], keys: string[]): Promise<number> {
  const rowsTable = ident(`__lakehouse_sink_${randomUUID().replace(/-/g, '')}`);
  await conn.run(`CREATE TEMP TABLE ${rowsTable} AS ${select}`);
  // a job run profiles its sink's write to count the rows its sources gave (jobRunner.ts): the profile of the query
  // that read them stays, the COPYs from the table below are not profiled
  await conn.run('PRAGMA disable_profiling');
  try {
    // the folder each row goes to, computed once: its values as Spark casts them to text
    const folderOf = keys.map((k) => `coalesce(nullif(CAST(${ident(k)} AS VARCHAR), ''), ${literal(HIVE_DEFAULT_PARTITION)})`);
    const groups = (await conn.runAndReadAll(`SELECT DISTINCT ${folderOf.map((f, i) => `${f} AS ${ident(`__k${i}`)}`).join(', ')} FROM ${rowsTable} ORDER BY ALL`)).getRowsJson() as string[][];
    let rows = 0;
    for (const values of groups) {
      const folder = path.join(dir, ...keys.map((k, i) => `${escapePathName(k)}=${values[i] === HIVE_DEFAULT_PARTITION ? HIVE_DEFAULT_PARTITION : escapePathName(values[i]!)}`));
      await fs.mkdir(folder, { recursive: true });
      const where = folderOf.map((f, i) => `${f} = ${literal(values[i]!)}`).join(' AND ');
      rows += await copyTo(conn, `SELECT ${dataColumns.map(ident).join(', ')} FROM ${rowsTable} WHERE ${where}`, folder, options);
    }
    return rows;
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${rowsTable}`).catch(() => undefined);
  }
}

/** What a commit moves of a staged write: its files, to its location. */
export function stagedFiles(staged: StagedWrite): StagedFiles {
  return {
    location: staged.target.location,
    dir: staged.dir,
    files: staged.files.map((f) => f.split(path.sep).join('/')),
  };
}

/**
 * Records the key spellings of a staged JSON write under the paths its files get at the location (the commit
 * renames them, which keeps their size and time), so no read has to learn them; and the columns a DynamicFrame
 * read of exactly these files infers, when the write knows them (writtenSchema.ts).
 */
export async function registerStagedKeys(ctx: Pick<WriterContext, 'keyCache' | 'localPath'>, staged: StagedWrite): Promise<void> {
  if (staged.target.format !== 'json') return;
  const keys = staged.fileColumns;
  const dest = ctx.localPath(staged.target.location);
  const stats = await Promise.all(
    staged.files.map(async (rel) => {
      const st = await fs.stat(path.join(staged.dir, rel));
      const at = { path: path.join(dest, rel), size: st.size, mtimeMs: st.mtimeMs };
      await ctx.keyCache.register(at.path, keys, at);
      return at;
    }),
  );
  ctx.keyCache.saveLater();
  if (staged.readColumns !== undefined) await JsonSchemaCache.of(ctx.keyCache.dir).registerWritten(staged.dir, stats, staged.readColumns);
  else if (staged.readColumnsOf !== undefined) await JsonSchemaCache.of(ctx.keyCache.dir).registerWrittenLater(staged.dir, stats, staged.readColumnsOf);
}

/**
 * The partitions a staged partitioned write makes — its `key=value/` folders, the value decoded as Hive's folder
 * names encode it — each at its location under the write's location.
 */
export function stagedPartitions(staged: StagedWrite): { values: string[]; location: string }[] {
  const depth = staged.partitionKeys.length;
  const seen = new Map<string, { values: string[]; location: string }>();
  for (const rel of staged.files) {
    const segs = rel.split(path.sep).slice(0, depth);
    if (segs.length < depth || segs.some((s) => !s.includes('='))) continue;
    const folder = segs.join('/');
    if (!seen.has(folder))
      seen.set(folder, { values: segs.map((s) => unescapePathName(s.slice(s.indexOf('=') + 1))), location: `${staged.target.location}${folder}/` });
  }
  return [...seen.values()].sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
}

/** Discards a staged write. */
export async function discardStaged(staged: StagedWrite): Promise<void> {
  await fs.rm(staged.dir, { recursive: true, force: true });
}
