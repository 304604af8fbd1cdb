/**
 * `INSERT INTO table [(columns)] query` as Athena runs it on Hive tables
 * (https://docs.aws.amazon.com/athena/latest/ug/insert-into.html):
 * - the query's columns go to the table's columns in order — its data columns, then its partition keys (so "the
 *   partitioned column [is] the last column in the list of projected columns"), or to the listed columns (others
 *   NULL); the types must coerce as Trino's do (`Insert query has mismatched column types: …`);
 * - each INSERT adds new files, never rewrites old ones; a partitioned table's rows go to their partition's folder —
 *   the registered partition's location, or `<table location>/k=v/` for a new one, which is then registered — and at
 *   most 100 partitions are written (`HIVE_TOO_MANY_OPEN_PARTITIONS`), checked before anything is written;
 * - formats: JSON, Parquet, text (LazySimpleSerDe, any single-character delimiter) and CSV (OpenCSVSerde, only when
 *   every column is a string, as Athena's table of supported formats says).
 * The rows are staged first ({@link stageInsert}), while the query's tables are read under their lease; then the
 * files and the partitions they add are committed together ({@link commitInsert}, outputCommit.ts).
 */
import { projectionEnabled } from './partitionProjection';
import type { DuckDBConnection } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { LakehouseError } from '../../errors';
import type { CatalogColumn, CatalogPartition, CatalogTable, DataFormat } from '../../model';
import type { Position } from '../../sql/alter';
import { tableFormat } from '../../sql/ddl';
import { icebergRefusal, isIcebergTable } from '../../sql/iceberg';
import { duckDbTypeToAthena, hiveTypeToDuckDb, parseHiveType } from '../../sql/types';
import type { Catalog } from '../../target';
import { ident, literal } from './duck';
import { insertCoercible, trinoTypeOfHive } from './insertCoercion';
import { defaultPartitionLocation, findPartition, HIVE_DEFAULT_PARTITION } from './partitions';
import { nestingSeparators, textFieldDelimiter } from './csvSerde';
import type { TableChange } from './catalog';
import type { CommitOutcome, CommitRequest } from './outputCommit';
import { describeColumns, discardStaged, registerStagedKeys, stageSelect, stagedFiles, textCompression, type StagedWrite, type WriterContext, type WriteTarget } from './writer';
import { jsonSerdeKind } from './jsonSerde';

/** Athena's limit of partitions one INSERT INTO (or CTAS) writes */
export const MAX_WRITTEN_PARTITIONS = 100;
export const TOO_MANY_PARTITIONS = `HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of ${MAX_WRITTEN_PARTITIONS} open writers for partitions/buckets`;

/** Parquet compressions Athena names (UNLOAD's `compression`, the `parquet.compression` table property) → DuckDB's */
export const PARQUET_COMPRESSION: Record<string, string> = { GZIP: 'gzip', SNAPPY: 'snappy', ZSTD: 'zstd', LZ4: 'lz4_raw', NONE: 'uncompressed', UNCOMPRESSED: 'uncompressed' };

export interface InsertPlan {
  table: CatalogTable;
  /** every column an INSERT fills, in the table's order: data columns, then partition keys */
  targets: CatalogColumn[];
  /** per query column, the index in `targets` it goes to */
  given: number[];
  /** how the files are written (the location set per write) */
  write: Omit<WriteTarget, 'location'>;
}

function refuse(message: string, at: Position, table: CatalogTable, code: 'SqlError' | 'SqlUnsupported' = 'SqlUnsupported'): LakehouseError {
  return new LakehouseError(code, message, { ...at, object: `${table.database}.${table.name}` });
}

/**
 * How Athena writes an OpenCSVSerde table: Trino's CsvSerializer ("bug for bug compatible with OpenCSVSerde") quotes
 * every value that is not NULL, escapes the quote and escape characters inside it with the escape character, and
 * writes NULL as nothing; its CsvSerializerFactory takes each property's first character, with the escape character
 * `"` when none is given (SERIALIZER_DEFAULT_ESCAPE — the reader's default is `\`: "data that does not roundtrip"),
 * and CsvSerializer refuses characters past 7-bit ASCII, a NUL separator, and a separator equal to the quote or escape
 * character (trinodb/trino lib/trino-hive-formats/…/line/csv/CsvConstants.java, CsvSerializer.java).
 */
function openCsvWriteDialect(table: CatalogTable, name: string, at: Position): NonNullable<WriteTarget['csvDialect']> {
  const params = { ...table.storage.serde.parameters, ...table.parameters };
  const char = (key: string, fallback: string): string => {
    const v = params[key];
    if (v === undefined) return fallback;
    // Java's charAt(0) of an empty property fails
    if (v === '') throw refuse(`INSERT INTO ${name}: the SerDe property ${key} is empty, and Athena's CSV writer takes its first character`, at, table, 'SqlError');
    const c = v[0]!;
    if (c.charCodeAt(0) > 0x7f) throw refuse(`INSERT INTO ${name}: ${key} must be 7-bit ASCII: ${c.charCodeAt(0).toString(16).padStart(2, '0')}`, at, table, 'SqlError');
    return c;
  };
  const delim = char('separatorChar', ',');
  const quote = char('quoteChar', '"');
  const escape = char('escapeChar', '"');
  if (delim === '\0') throw refuse(`INSERT INTO ${name}: Separator can not be the null character (ASCII 0)`, at, table, 'SqlError');
  if (delim === quote) throw refuse(`INSERT INTO ${name}: Separator and quote character can not be the same`, at, table, 'SqlError');
  if (delim === escape) throw refuse(`INSERT INTO ${name}: Separator and escape character can not be the same`, at, table, 'SqlError');
  return { delim, quote, escape, quoteAll: true };
}

/** What an INSERT INTO `table` writes, checked before the query runs; errors at `at` (the statement). */
export function planInsert(table: CatalogTable, columns: readonly string[] | undefined, at: Position): InsertPlan {
  const name = `${table.database}.${table.name}`;
  if (table.tableType === 'VIRTUAL_VIEW') throw refuse(`Inserting into views is not supported (${name} is a view)`, at, table, 'SqlError');
  if (isIcebergTable(table)) throw icebergRefusal(name, at);
  const format = tableFormat(table);
  if (format === 'unsupported')
    throw refuse(`INSERT INTO ${name}: the local engine writes JSON, Parquet, CSV and delimited text tables, not ${table.storage.serde.serializationLibrary || table.storage.inputFormat}`, at, table);
  // a projected table's partitions are where its template says, and the registered ones are not read: not modelled
  if (projectionEnabled(table)) throw refuse(`INSERT INTO ${name}: writing a table with partition projection (projection.enabled) is not supported by the local engine`, at, table);
  // Hive's RegexSerDe only reads (Trino's RegexDeserializer has no serializer: Athena refuses to write the table)
  if (format === 'regex') throw refuse(`INSERT INTO ${name}: writing a RegexSerDe table is not supported by the local engine (Athena's INSERT INTO does not list RegexSerDe among the formats it writes)`, at, table);
  const targets = [...table.storage.columns, ...table.partitionKeys];
  const params = table.storage.serde.parameters;
  if (Number(table.parameters['skip.header.line.count'] ?? '0') > 0)
    throw refuse(`INSERT INTO ${name}: the table skips header lines (skip.header.line.count), and the local engine does not write them`, at, table);
  let write: InsertPlan['write'];
  // text file formats (CSV, delimited text, JSON): GZIP unless the table's write.compression names another
  const textGzip = () => textCompression(table.parameters['write.compression'], `INSERT INTO ${name} (write.compression)`, at);
  if (format === 'csv') {
    // "Writing is supported only for string types. You cannot write from Athena to a table that contains any
    // non-string types in the Glue schema." (INSERT INTO, supported formats and SerDes)
    const typed = targets.find((c) => !/^(string|varchar\(\d+\)|char\(\d+\))$/.test(c.type));
    if (typed) throw refuse(`INSERT INTO ${name}: Athena writes OpenCSVSerde tables only when every column is a string, and ${typed.name} is ${typed.type}`, at, table);
    write = { format: 'csv', csvDialect: openCsvWriteDialect(table, name, at), gzip: textGzip() };
  } else if (format === 'text') {
    if (params['escape.delim'] !== undefined) throw refuse(`INSERT INTO ${name}: the local engine does not write text tables with an escape character (ESCAPED BY)`, at, table);
    if (params['line.delim'] !== undefined && params['line.delim'] !== '\n') throw refuse(`INSERT INTO ${name}: the local engine writes lines ended by \\n only (LINES TERMINATED BY)`, at, table);
    const delim = textFieldDelimiter(table);
    // arrays, maps and structs split by the table's separators of their levels (collection.delim, mapkey.delim …)
    write = { format: 'csv', fieldDelimiter: delim, nullString: params['serialization.null.format'] ?? '\\N', hiveSeparators: nestingSeparators(table, delim), gzip: textGzip() };
  } else if (format === 'parquet') {
    // "For Hive tables … GZIP is the default write compression format for files in the Parquet … storage formats"
    // (https://docs.aws.amazon.com/athena/latest/ug/compression-formats.html), or the table's parquet.compression
    const named = (table.parameters['parquet.compression'] ?? table.parameters['write.compression'] ?? 'GZIP').toUpperCase();
    write = { format: 'parquet', compression: PARQUET_COMPRESSION[named] ?? 'gzip' };
  } else {
    // each line as Trino's writer of the table's SerDe writes it (athenaJson.ts): OpenX's leaves NULL fields out
    // unless the table says explicit.null
    const athenaJson =
      format === 'json' ? { athenaJson: jsonSerdeKind(table) === 'hive' ? { serde: 'hive' as const } : { serde: 'openx' as const, explicitNull: (params['explicit.null'] ?? '').toLowerCase() === 'true' } } : {};
    write = { format: format as Exclude<DataFormat, 'text' | 'csv' | 'parquet'>, gzip: textGzip(), ...athenaJson };
  }
  const names = targets.map((c) => c.name);
  let given: number[];
  if (columns && columns.length > 0) {
    given = [];
    for (const c of columns) {
      const i = names.indexOf(c.toLowerCase());
      if (i < 0) throw refuse(`Insert column name does not exist in target table: ${c}`, at, table, 'SqlError');
      if (given.includes(i)) throw refuse(`Insert column name is specified more than once: ${c}`, at, table, 'SqlError');
      given.push(i);
    }
  } else given = targets.map((_, i) => i);
  return { table, targets, given, write };
}

export interface InsertContext {
  writer: WriterContext;
}

/** An INSERT's rows, staged: nothing visible yet. */
export interface StagedInsert {
  rows: number;
  /** the partitions written into (values), new or not */
  partitions: string[][];
  staged: StagedWrite[];
}

export interface InsertResult {
  rows: number;
  /** partitions the INSERT wrote into (values), new or not */
  partitions: string[][];
  /** the partitions it registered */
  added: CatalogPartition[];
}

async function scalar(conn: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await conn.runAndReadAll(sql)).getRowsJson() as unknown[][];
}

/**
 * Runs the query and stages its rows (`query` must be the statement's query: errors of DuckDB are positioned in it,
 * from its second line on what DuckDB is given). Positions of this function's own errors are relative to `query`.
 */
export async function stageInsert(ctx: InsertContext, plan: InsertPlan, query: string): Promise<StagedInsert> {
  const { table, targets, given } = plan;
  const conn = ctx.writer.conn;
  const described = await describeColumns(conn, `SELECT * FROM (\n${query}\n)`);
  const mismatch = (): LakehouseError =>
    new LakehouseError(
      'SqlError',
      `Insert query has mismatched column types: Table: [${given.map((i) => trinoTypeOfHive(targets[i]!.type)).join(', ')}], Query: [${described.map((d) => duckDbTypeToAthena(d.duckType)).join(', ')}]`,
      { line: 1, column: 1 },
    );
  if (described.length !== given.length) throw mismatch();
  // DuckDB types a NULL literal as INTEGER: such a column is checked on its values (all NULL: Trino's unknown type)
  const maybeNull: number[] = [];
  described.forEach((d, qi) => {
    const target = targets[given[qi]!]!;
    if (insertCoercible(d.duckType, target.type)) return;
    if (d.duckType === 'INTEGER') maybeNull.push(qi);
    else throw mismatch();
  });
  const raw = ident(`__lakehouse_insert_${randomUUID().replace(/-/g, '')}`);
  const aliases = given.map((_, qi) => ident(`__c${qi}`));
  await conn.run(`CREATE TEMP TABLE ${raw} AS SELECT * FROM (\n${query}\n) AS __q(${aliases.join(', ')})`);
  try {
    if (maybeNull.length > 0) {
      const counts = (await scalar(conn, `SELECT ${maybeNull.map((qi) => `count(${aliases[qi]})`).join(', ')} FROM ${raw}`))[0]!;
      if (counts.some((n) => Number(n) > 0)) throw mismatch();
    }
    const valueOf = (ti: number): string => {
      const qi = given.indexOf(ti);
      const value = `CAST(${qi >= 0 ? aliases[qi] : 'NULL'} AS ${hiveTypeToDuckDb(targets[ti]!.type)})`;
      return plan.write.athenaJson !== undefined && ti < table.storage.columns.length ? jsonCharValue(value, targets[ti]!) : value;
    };
    const data = table.storage.columns.map((c, ti) => `${valueOf(ti)} AS ${ident(c.name)}`);
    const keys = table.partitionKeys.map((_, k) => table.storage.columns.length + k);
    if (keys.length === 0) {
      const s = await stageSelect(ctx.writer, `SELECT ${data.join(', ')} FROM ${raw}`, { ...plan.write, location: table.storage.location });
      return { rows: s.rows, partitions: [], staged: [s] };
    }
    // the partition values as the folder names and the catalog hold them: text, NULL as __HIVE_DEFAULT_PARTITION__
    const keyText = keys.map((ti, k) => `${valueOf(ti)} AS ${ident(`__k${k}`)}`);
    return await stagePartitions(ctx.writer, `SELECT ${[...data, ...keyText].join(', ')} FROM ${raw}`, table.storage.columns.map((c) => c.name), keys.length, (values) => ({
      ...plan.write,
      location: findPartition(table, values)?.location ?? defaultPartitionLocation(table, values),
    }));
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${raw}`).catch(() => undefined);
  }
}

/**
 * A char(n) column's value as Trino's JSON writers write it: padded with spaces to n (`Chars.padSpaces`, in both
 * JsonSerializer and OpenXJsonSerializer); a longer value (its trailing spaces aside) fails the statement, naming the
 * column. Other columns as they are.
 */
function jsonCharValue(value: string, column: CatalogColumn): string {
  const type = parseHiveType(column.type);
  if (type.kind !== 'char') return value;
  const trimmed = `rtrim(${value}, ' ')`;
  return `CASE WHEN length(${trimmed}) > ${type.length} THEN error(${literal(`the value for the column ${column.name} is longer than its type char(${type.length})`)}) ELSE rpad(${trimmed}, ${type.length}, ' ') END`;
}

/**
 * Commits a staged INSERT: its files, and the partitions it wrote that the table does not have yet — decided under
 * the commit's lock, on the table as it is then (another statement may have added some meanwhile).
 */
export async function commitInsert(
  plan: InsertPlan,
  insert: StagedInsert,
  ctx: { catalog: Catalog; commit(request: CommitRequest): Promise<CommitOutcome>; writer: Pick<WriterContext, 'keyCache' | 'localPath'> },
): Promise<InsertResult> {
  const { table } = plan;
  let added: CatalogPartition[] = [];
  try {
    for (const s of insert.staged) await registerStagedKeys(ctx.writer, s);
    await ctx.commit({
      what: `INSERT INTO ${table.database}.${table.name}`,
      steps: insert.staged.map((s) => ({ kind: 'write', output: stagedFiles(s) })),
      catalogChanges: async (): Promise<TableChange[]> => {
        if (insert.partitions.length === 0) return [];
        const fresh = (await ctx.catalog.table(table.database, table.name)) ?? table;
        added = insert.partitions.filter((v) => !findPartition(fresh, v)).map((values) => ({ values, location: defaultPartitionLocation(fresh, values) }));
        return added.length > 0 ? [{ before: fresh, after: { ...fresh, partitions: [...(fresh.partitions ?? []), ...added] } }] : [];
      },
    });
  } finally {
    for (const s of insert.staged) await discardStaged(s);
  }
  return { rows: insert.rows, partitions: insert.partitions, added };
}

/**
 * Stages the rows of `select` — its data columns `dataColumns`, then `keyCount` partition key columns — partition
 * by partition: at most 100 partitions (checked before anything is written), each staged where `targetOf` says
 * (the caller commits them). Key values become text as folder names and the catalog hold them, NULL as
 * `__HIVE_DEFAULT_PARTITION__`. Returns the partitions' values (sorted), the rows and the staged writes.
 */
export async function stagePartitions(
  writer: WriterContext,
  select: string,
  dataColumns: readonly string[],
  keyCount: number,
  targetOf: (values: string[]) => WriteTarget,
): Promise<{ rows: number; partitions: string[][]; staged: StagedWrite[] }> {
  const conn = writer.conn;
  const keys = Array.from({ length: keyCount }, (_, k) => ident(`__k${k}`));
  const keyed = ident(`__lakehouse_partitions_${randomUUID().replace(/-/g, '')}`);
  const inner = ident('__lakehouse_rows');
  const textKeys = keys.map((k) => `coalesce(CAST(${inner}.${k} AS VARCHAR), ${literal(HIVE_DEFAULT_PARTITION)}) AS ${k}`);
  await conn.run(`CREATE TEMP TABLE ${keyed} AS SELECT ${[...dataColumns.map((c) => `${inner}.${ident(c)}`), ...textKeys].join(', ')} FROM (${select}) AS ${inner}`);
  const staged: StagedWrite[] = [];
  try {
    const groups = (await scalar(conn, `SELECT ${keys.join(', ')} FROM ${keyed} GROUP BY ALL ORDER BY ALL`)).map((r) => r.map(String));
    if (groups.length > MAX_WRITTEN_PARTITIONS) throw new LakehouseError('SqlError', TOO_MANY_PARTITIONS, { line: 1, column: 1 });
    let rows = 0;
    for (const values of groups) {
      const where = values.map((v, k) => `${keys[k]} = ${literal(v)}`).join(' AND ');
      const s = await stageSelect(writer, `SELECT ${dataColumns.map(ident).join(', ')} FROM ${keyed} WHERE ${where}`, targetOf(values));
      staged.push(s);
      rows += s.rows;
    }
    return { rows, partitions: groups, staged: staged.splice(0) };
  } finally {
    for (const s of staged) await discardStaged(s);
    await conn.run(`DROP TABLE IF EXISTS ${keyed}`).catch(() => undefined);
  }
}
