/**
 * Writing query results as table data: `COPY` into a staging folder, then — for a replace — the staged folder is
 * swapped in as the whole content of the location (a re-run replaces, a failed run leaves the previous data), or —
 * for an append — the staged files are moved in one by one, each atomically.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import type { CatalogColumn, DataFormat } from '../../model';
import { duckDbTypeToHive } from '../../sql/types';
import { ident, literal } from './duck';
import type { JsonKeyCache } from './jsonKeys';
import { hasFloatingPoint, quoteNonFiniteNumbers } from './nonFinite';
import { listDataFiles } from './tableSource';

export interface WriteTarget {
  /** `s3://bucket/prefix/` */
  location: string;
  format: Exclude<DataFormat, 'text'>;
  partitionKeys?: string[];
  /** parquet: snappy (Glue's default), zstd, gzip, uncompressed */
  compression?: string;
  mode: 'replace' | 'append';
  /** csv only: write Hive text (LazySimpleSerDe) instead — fields split by this character, unquoted, NULL as `\N` */
  fieldDelimiter?: string;
  /** csv only (quoted CSV, as OpenCSVSerde reads it): a header line first */
  header?: boolean;
  /** csv only (quoted CSV): the table's separator, quote and escape characters (default `,`, `"`, `\`) */
  csvDialect?: { delim: string; quote: string; escape: string };
  /** csv with `fieldDelimiter` (Hive text): how NULL is written (default `\N`, serialization.null.format) */
  nullString?: string;
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
  replacePrefix(location: string, stagedDir: string): Promise<void>;
}

/** Parquet codecs DuckDB writes; a CTAS's `write_compression` or a sink's `compression` must be one of them. */
const PARQUET_CODECS = ['snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'lz4_raw', 'uncompressed'];

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
}

/** Writes a SELECT's rows into a new staging folder; nothing at the target location changes yet. */
export async function stageSelect(ctx: WriterContext, select: string, target: WriteTarget): Promise<StagedWrite> {
  const codec = (target.compression ?? 'snappy').toLowerCase();
  if (target.format === 'parquet' && !PARQUET_CODECS.includes(codec))
    throw new LakehouseError('SqlUnsupported', `Parquet compression '${target.compression}' is not supported by the local engine (${PARQUET_CODECS.join(', ')})`, { object: target.compression });
  const described = await describeColumns(ctx.conn, select);
  const partitionNames = new Set((target.partitionKeys ?? []).map((k) => k.toLowerCase()));
  const columns: CatalogColumn[] = [];
  const partitionKeys: CatalogColumn[] = [];
  for (const d of described) {
    const col = { name: d.name.toLowerCase(), type: duckDbTypeToHive(d.duckType) };
    (partitionNames.has(col.name) ? partitionKeys : columns).push(col);
  }
  const lowerNames = described.map((d) => d.name.toLowerCase());
  const duplicate = lowerNames.find((n, i) => lowerNames.indexOf(n) !== i);
  if (duplicate !== undefined)
    throw new LakehouseError('SqlError', `the output has two columns named ${duplicate} (names are case-insensitive in the catalog): alias one of them`, { object: duplicate });
  for (const k of partitionNames)
    if (!lowerNames.includes(k)) throw new LakehouseError('SqlError', `partition key ${k} is not a column of the output`, { object: k });
  // catalog columns are lower case: write the data that way, so the files and the catalog agree
  const lowered = `SELECT ${described.map((d) => `${ident(d.name)} AS ${ident(d.name.toLowerCase())}`).join(', ')} FROM (${select})`;
  const id = randomUUID();
  const dir = path.join(ctx.stagingRoot, id);
  await fs.mkdir(dir, { recursive: true });
  try {
    const options = [`FORMAT ${target.format === 'parquet' ? 'parquet' : target.format === 'csv' ? 'csv' : 'json'}`, `FILENAME_PATTERN ${literal(`part-{i}-${id}`)}`];
    // DuckDB cannot combine FILE_SIZE_BYTES with PARTITION_BY: partitioned output gets one file per partition
    if (partitionKeys.length === 0) options.push(`FILE_SIZE_BYTES ${literal(FILE_SIZE)}`);
    if (target.format === 'parquet') options.push(`COMPRESSION ${literal(codec)}`);
    if (target.format === 'csv' && target.fieldDelimiter !== undefined)
      options.push('HEADER false', `DELIMITER ${literal(target.fieldDelimiter)}`, "QUOTE ''", "ESCAPE ''", `NULLSTR ${literal(target.nullString ?? '\\N')}`);
    // quoted CSV as OpenCSVSerde reads it: quotes inside values escaped with a backslash
    else if (target.format === 'csv' && target.csvDialect)
      options.push(`HEADER ${target.header ? 'true' : 'false'}`, `DELIMITER ${literal(target.csvDialect.delim)}`, `QUOTE ${literal(target.csvDialect.quote)}`, `ESCAPE ${literal(target.csvDialect.escape)}`);
    else if (target.format === 'csv') options.push(`HEADER ${target.header ? 'true' : 'false'}`, `ESCAPE '\\'`);
    if (partitionKeys.length > 0) options.push(`PARTITION_BY (${partitionKeys.map((k) => ident(k.name)).join(', ')})`, 'OVERWRITE_OR_IGNORE');
    const reader = await ctx.conn.runAndReadAll(`COPY (${lowered}) TO ${literal(dir)} (${options.join(', ')})`);
    const rows = Number((reader.getRowsJson() as string[][])[0]?.[0] ?? 0);
    const written = await listDataFiles(dir);
    // DuckDB writes a double that is not finite as a bare Infinity/NaN (not JSON): as strings, as Spark does
    if (target.format === 'json' && described.some((d) => hasFloatingPoint(d.duckType))) for (const f of written) await quoteNonFiniteNumbers(f.path);
    const files = written.map((f) => path.relative(dir, f.path));
    return { target, dir, rows, columns, partitionKeys, files };
  } catch (e) {
    await fs.rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Puts staged files in place: the whole content of the location (replace) or beside what is there (append). */
export async function commitStaged(ctx: WriterContext, staged: StagedWrite): Promise<void> {
  const dest = ctx.localPath(staged.target.location);
  if (staged.target.mode === 'replace') {
    await ctx.replacePrefix(staged.target.location, staged.dir);
  } else {
    for (const rel of staged.files) {
      await fs.mkdir(path.dirname(path.join(dest, rel)), { recursive: true });
      await fs.rename(path.join(staged.dir, rel), path.join(dest, rel));
    }
    await fs.rm(staged.dir, { recursive: true, force: true });
  }
  if (staged.target.format === 'json') {
    const keys = staged.columns.map((c) => c.name);
    await Promise.all(staged.files.map((rel) => ctx.keyCache.register(path.join(dest, rel), keys)));
    ctx.keyCache.saveLater();
  }
}

/** Discards a staged write. */
export async function discardStaged(staged: StagedWrite): Promise<void> {
  await fs.rm(staged.dir, { recursive: true, force: true });
}

export async function writeSelect(ctx: WriterContext, select: string, target: WriteTarget): Promise<WriteResult> {
  const staged = await stageSelect(ctx, select, target);
  try {
    await commitStaged(ctx, staged);
  } catch (e) {
    await discardStaged(staged);
    throw e;
  }
  const { rows, columns, partitionKeys, files } = staged;
  return { rows, columns, partitionKeys, files };
}
