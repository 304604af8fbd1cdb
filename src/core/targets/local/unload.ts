/**
 * `UNLOAD (query) TO 's3://…/' WITH (format = …, compression, field_delimiter, partitioned_by)` as Athena runs it
 * (https://docs.aws.amazon.com/athena/latest/ug/unload.html): the query's rows written as files under a location
 * that must hold no data yet, no table made; the answer is the number of rows written (Athena's UpdateCount).
 * - PARQUET (compression GZIP unless `compression` names another), JSON and TEXTFILE (gzip-compressed, as Athena
 *   writes them: `.gz` files); TEXTFILE fields split by `field_delimiter` (one character, default `\001`), NULL as
 *   `\N`. ORC and AVRO are refused by name: DuckDB cannot write them.
 * - `partitioned_by = ARRAY['k']`: the partition columns last in the SELECT, rows written to `k=v/` folders, at
 *   most 100 partitions.
 */
import { promises as fs } from 'node:fs';
import { DEFAULT_SEPARATORS } from './hiveText';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import type { UnloadStatement } from '../../sql/dml';
import { ident } from './duck';
import { PARQUET_COMPRESSION, stagePartitions } from './insertInto';
import type { CommitOutcome, CommitRequest } from './outputCommit';
import { escapePathName } from './partitions';
import { describeColumns, discardStaged, stageSelect, stagedFiles, type StagedWrite, type WriterContext, type WriteTarget } from './writer';

/** UNLOAD's `format` values → how the local engine writes them, or why it cannot */
const FORMATS: Record<string, { write: 'parquet' | 'json' | 'text' } | { refused: string }> = {
  PARQUET: { write: 'parquet' },
  JSON: { write: 'json' },
  TEXTFILE: { write: 'text' },
  ORC: { refused: 'DuckDB cannot write ORC files' },
  AVRO: { refused: 'DuckDB cannot write Avro files' },
  ION: { refused: 'DuckDB cannot write Amazon Ion files' },
};


export interface UnloadContext {
  writer: WriterContext;
}

/** An UNLOAD's files, staged: nothing visible yet. */
export interface StagedUnload {
  rows: number;
  files: number;
  staged: StagedWrite[];
}

export interface UnloadPlan {
  location: string;
  target: Omit<WriteTarget, 'location'>;
  partitionedBy: string[];
  compressionLevel?: number;
}

function prop(s: UnloadStatement, key: string): string | undefined {
  const v = s.properties[key];
  return Array.isArray(v) ? v.join(',') : v;
}

/** The statement's properties checked, before the query runs; errors at `at` (the statement). */
export function planUnload(s: UnloadStatement, at: { line: number; column: number }): UnloadPlan {
  const known = ['format', 'compression', 'compression_level', 'field_delimiter', 'partitioned_by'];
  const unknown = Object.keys(s.properties).find((k) => !known.includes(k));
  if (unknown) throw new LakehouseError('SqlError', `UNLOAD does not take the property '${unknown}' (it takes ${known.join(', ')})`, at);
  const formatName = prop(s, 'format')?.toUpperCase();
  if (formatName === undefined) throw new LakehouseError('SqlError', "UNLOAD needs WITH (format = 'PARQUET' | 'ORC' | 'AVRO' | 'JSON' | 'TEXTFILE')", at);
  const format = FORMATS[formatName];
  if (!format) throw new LakehouseError('SqlError', `UNLOAD format '${formatName}' is not one of ${Object.keys(FORMATS).join(', ')}`, at);
  if ('refused' in format) throw new LakehouseError('SqlUnsupported', `UNLOAD format '${formatName}' is not supported by the local engine (${format.refused}); Athena has it`, at);
  const compression = prop(s, 'compression')?.toUpperCase();
  const partitionedBy = ((s.properties['partitioned_by'] ?? []) as string[] | string);
  const keys = (Array.isArray(partitionedBy) ? partitionedBy : [partitionedBy]).map((k) => k.toLowerCase());
  const level = prop(s, 'compression_level');
  let target: UnloadPlan['target'];
  if (format.write === 'parquet') {
    const codec = PARQUET_COMPRESSION[compression ?? 'GZIP'];
    if (!codec) throw new LakehouseError('SqlError', `UNLOAD compression '${compression}' is not one of ${Object.keys(PARQUET_COMPRESSION).join(', ')} for PARQUET`, at);
    target = { format: 'parquet', compression: codec };
  } else {
    // "Athena uses gzip for the JSON and TEXTFILE formats."
    if (compression !== undefined && compression !== 'GZIP')
      throw new LakehouseError('SqlUnsupported', `UNLOAD compression '${compression}' is not supported by the local engine for ${formatName} (Athena writes it gzip-compressed)`, at);
    // lines as CTAS's format = 'JSON' writes them (Trino's Hive JsonSerializer: athenaJson.ts) — UNLOAD's
    // formats are CTAS's (unload.html names no SerDe for JSON)
    if (format.write === 'json') target = { format: 'json', gzip: true, athenaJson: { serde: 'hive' } };
    else {
      const delim = prop(s, 'field_delimiter') ?? '\u0001';
      if ([...delim].length !== 1) throw new LakehouseError('SqlError', `UNLOAD field_delimiter must be one character, not '${delim}' (multicharacter field delimiters are not supported)`, at);
      target = { format: 'csv', fieldDelimiter: delim, hiveSeparators: DEFAULT_SEPARATORS, gzip: true };
    }
  }
  if (prop(s, 'field_delimiter') !== undefined && format.write !== 'text') throw new LakehouseError('SqlError', `UNLOAD field_delimiter applies to TEXTFILE, not ${formatName}`, at);
  if (level !== undefined && !(target.format === 'parquet' && target.compression === 'zstd'))
    throw new LakehouseError('SqlError', 'UNLOAD compression_level applies to ZSTD compression only', at);
  const compressionLevel = level !== undefined ? Number(level) : undefined;
  if (compressionLevel !== undefined && !(Number.isInteger(compressionLevel) && compressionLevel >= 1 && compressionLevel <= 22))
    throw new LakehouseError('SqlError', `UNLOAD compression_level must be between 1 and 22, not ${level}`, at);
  return { location: s.location, target, partitionedBy: keys, ...(compressionLevel !== undefined ? { compressionLevel } : {}) };
}

/** Whether a folder holds any file, at any depth (UNLOAD's location must hold none). */
async function holdsFiles(dir: string): Promise<boolean> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (e.isFile()) return true;
    if (e.isDirectory() && (await holdsFiles(path.join(dir, e.name)))) return true;
  }
  return false;
}

/** Checks the destination: its bucket exists, and nothing is there yet. */
export async function checkUnloadLocation(localPath: (location: string) => string, location: string, at: { line: number; column: number }): Promise<void> {
  const bucket = /^s3:\/\/([^/]+)/.exec(location)![1]!;
  const bucketDir = localPath(`s3://${bucket}/`);
  if (!(await fs.stat(bucketDir).catch(() => undefined))?.isDirectory())
    throw new LakehouseError('EntityNotFound', `UNLOAD: the bucket ${bucket} does not exist`, { ...at, object: bucket });
  if (await holdsFiles(localPath(location)))
    throw new LakehouseError('AlreadyExists', `UNLOAD: the location ${location} is not empty; Athena writes only to a location that has no data`, { ...at, object: location });
}

/**
 * Runs the query and stages its rows ({@link commitUnload} puts them in place). `query` is the statement's query
 * (DuckDB's positions map back to it from the second line on); this function's own errors are positioned relative
 * to `query`.
 */
export async function stageUnload(ctx: UnloadContext, plan: UnloadPlan, query: string): Promise<StagedUnload> {
  const select = `SELECT * FROM (\n${query}\n)`;
  const described = await describeColumns(ctx.writer.conn, select);
  const names = described.map((d) => d.name.toLowerCase());
  const keys = plan.partitionedBy;
  if (keys.length > 0) {
    const last = names.slice(names.length - keys.length);
    if (keys.some((k, i) => last[i] !== k))
      throw new LakehouseError('SqlError', `Partition keys must be the last columns in the table and in the same order as the table properties: [${keys.join(', ')}]`, { line: 1, column: 1 });
  }
  // TEXTFILE: arrays, maps and structs are written with Hive's default separators by the writer (hiveText.ts)
  const target = (location: string): WriteTarget => ({ ...plan.target, location });
  if (keys.length === 0) {
    const staged = await stageSelect(ctx.writer, select, target(plan.location));
    return { rows: staged.rows, files: staged.files.length, staged: [staged] };
  }
  const data = names.slice(0, names.length - keys.length);
  const renamed = `SELECT ${described.map((d, i) => `${ident(d.name)} AS ${ident(i < data.length ? names[i]! : `__k${i - data.length}`)}`).join(', ')} FROM (${select})`;
  const written = await stagePartitions(
    ctx.writer,
    renamed,
    data,
    keys.length,
    (values) => target(`${plan.location}${keys.map((k, i) => `${escapePathName(k)}=${escapePathName(values[i]!)}`).join('/')}/`),
  );
  return { rows: written.rows, files: written.partitions.length, staged: written.staged };
}

/**
 * Puts a staged UNLOAD's files in place, all together (outputCommit.ts) — if the location still holds no data then
 * (checked again under the commit's lock: Athena writes only to a location that has no data).
 */
export async function commitUnload(plan: UnloadPlan, unload: StagedUnload, commit: (request: CommitRequest) => Promise<CommitOutcome>): Promise<void> {
  const notEmpty = `UNLOAD: the location ${plan.location} is not empty; Athena writes only to a location that has no data`;
  try {
    await commit({
      what: `UNLOAD to ${plan.location}`,
      steps: [{ kind: 'requireEmpty', location: plan.location, message: notEmpty }, ...unload.staged.map((s) => ({ kind: 'write' as const, output: stagedFiles(s) }))],
    });
  } finally {
    for (const s of unload.staged) await discardStaged(s);
  }
}
