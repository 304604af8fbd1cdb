/**
 * The Athena statements that write a table or a view, run by the local engine: `CREATE TABLE … AS SELECT` (CTAS),
 * `INSERT INTO` (insertInto.ts) and `CREATE [OR REPLACE] VIEW`. The engine hands them here with what they need of it
 * (`TableWriteHost`); their query runs through the engine, the files they write come in through a commit
 * (outputCommit.ts) together with the catalog's change.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DEFAULT_SEPARATORS } from './hiveText';
import { LakehouseError } from '../../errors';
import type { CatalogColumn, CatalogTable, StorageDescriptor } from '../../model';
import type { Position } from '../../sql/alter';
import { normalizeLocation } from '../../sql/ddl';
import { icebergRefusal, isIcebergType } from '../../sql/iceberg';
import type { ParsedStatement, TableName } from '../../sql/statements';
import type { TranslatedQuery } from '../../sql/trino';
import { hiveTypeOf } from '../../sql/dialects/sqlType';
import { duckDbTypeToHive } from '../../sql/types';
import type { Catalog } from '../../target';
import { loadTrino } from './athenaSql';
import { positioned, rowCount, withSkipped, type StatementOutcome } from './athenaStatements';
import { ident } from './duck';
import type { BoundQuery } from './tableViews';
import { trinoTypeOfHive } from './insertCoercion';
import { MAX_WRITTEN_PARTITIONS, PARQUET_COMPRESSION, TOO_MANY_PARTITIONS, commitInsert, planInsert, stageInsert } from './insertInto';
import type { JsonKeyCache } from './jsonKeys';
import type { CommitOutcome, CommitRequest } from './outputCommit';
import { partitionName } from './partitions';
import { listDataFiles } from './tableSource';
import { describeColumns, discardStaged, registerStagedKeys, stageSelect, stagedFiles, stagedPartitions, textCompression, type WriterContext } from './writer';

export type TableWrite = Extract<ParsedStatement, { kind: 'CTAS' | 'INSERT' | 'CREATE_VIEW' }>;

export interface TableWriteHost {
  catalog: Catalog;
  /** the folder of an `s3://` location */
  localPath(location: string): string;
  /** where CTAS puts a table that names no `external_location` */
  defaultTableLocation(database: string, table: string): string;
  keyCache: JsonKeyCache;
  /** the default database (the query's context) */
  database: string | undefined;
  dbOf(table: TableName): string;
  mustTable(table: TableName): Promise<CatalogTable>;
  ensureDatabase(name: string): Promise<void>;
  /**
   * runs a statement's query (errors positioned from `at`; `database` the default one), its tables bound;
   * `readsRows` false when `body` only describes it
   */
  runQuery<T>(
    query: string,
    at: Position,
    database: string | undefined,
    body: (conn: DuckDBConnection, bound: BoundQuery & { query: TranslatedQuery }) => Promise<T>,
    readsRows?: boolean,
  ): Promise<{ value: T; bytes: number; skipped?: string }>;
  writerContext(conn: DuckDBConnection): WriterContext;
  /** commits staged output all together (outputCommit.ts) */
  commit(request: CommitRequest): Promise<CommitOutcome>;
  /** the position in the submitted text of an offset in the statement's text */
  offsetAt(offset: number): Position;
}

export function runTableWrite(host: TableWriteHost, s: TableWrite, line: number, column: number): Promise<StatementOutcome> {
  switch (s.kind) {
    case 'CTAS':
      return createTableAs(host, s, line, column);
    case 'INSERT':
      return insertInto(host, s, line, column);
    case 'CREATE_VIEW':
      return createView(host, s);
  }
}

async function createTableAs(host: TableWriteHost, s: Extract<TableWrite, { kind: 'CTAS' }>, line: number, column: number): Promise<StatementOutcome> {
  const { catalog } = host;
  const database = host.dbOf(s.table);
  await host.ensureDatabase(database);
  const existing = await catalog.table(database, s.table.name);
  if (existing) {
    if (s.ifNotExists) return { message: `Table ${database}.${s.table.name} already exists` };
    throw new LakehouseError('AlreadyExists', `Table ${database}.${s.table.name} already exists`, { object: `${database}.${s.table.name}` });
  }
  const prop = (k: string) => {
    const v = s.properties[k];
    return Array.isArray(v) ? v.join(',') : v;
  };
  // no fallback: a Hive table made instead would be another table, elsewhere
  if (isIcebergType(prop('table_type'))) throw icebergRefusal(`${database}.${s.table.name}`, { line, column });
  checkCtasProperties(s.properties, { line, column });
  const formatName = (prop('format') ?? 'PARQUET').toUpperCase();
  const format = formatName === 'JSON' ? 'json' : formatName === 'PARQUET' ? 'parquet' : formatName === 'TEXTFILE' || formatName === 'CSV' ? 'csv' : undefined;
  if (!format) throw new LakehouseError('SqlUnsupported', `CTAS format '${formatName}' is not supported by the local engine (PARQUET, JSON, TEXTFILE)`);
  const location = normalizeLocation(prop('external_location') ?? host.defaultTableLocation(database, s.table.name));
  const partitionedBy = s.properties['partitioned_by'];
  const partitionKeys = (Array.isArray(partitionedBy) ? partitionedBy : partitionedBy ? [partitionedBy] : []).map((k) => k.toLowerCase());
  if ((await listDataFiles(host.localPath(location))).length > 0)
    throw new LakehouseError('AlreadyExists', `CTAS: the location ${location} is not empty (Athena refuses that too); choose an empty external_location`, { object: location });
  const at = host.offsetAt(s.queryOffset);
  // TEXTFILE as Athena writes it: Hive text, fields split by `field_delimiter` (default \001), unquoted
  const fieldDelimiter = format === 'csv' ? (prop('field_delimiter') ?? '\u0001') : undefined;
  // GZIP unless write_compression names another, for Parquet as for text and JSON (Athena's default for Hive tables)
  // `parquet_compression` is `write_compression` for PARQUET (create-table-as.md; checkCtasProperties refuses both)
  const writeCompression = prop('write_compression') ?? (format === 'parquet' ? prop('parquet_compression') : undefined);
  if (prop('parquet_compression') !== undefined && format !== 'parquet')
    throw new LakehouseError('SqlError', `CTAS parquet_compression applies to the PARQUET format, not ${formatName}: write write_compression`, { line, column });
  const compression =
    format === 'parquet' ? { compression: PARQUET_COMPRESSION[(writeCompression ?? 'GZIP').toUpperCase()] ?? writeCompression!.toLowerCase() } : { gzip: textCompression(writeCompression, 'CTAS write_compression') };
  const { value: written, bytes, skipped } = await host.runQuery(s.query, at, host.database, async (conn, bound) => {
    // a column of a type a Hive table cannot hold fails as Athena's Hive connector fails (HiveTypeTranslator):
    // `CREATE TABLE t AS SELECT uuid() AS id` (engine-versions-reference-0003.html, "uuid() function return type change")
    const unwritable = bound.query.columns.find((c) => hiveTypeOf(c.type) === undefined);
    if (unwritable) throw new LakehouseError('SqlError', `NOT_SUPPORTED: Unsupported Hive type: ${unwritable.typeName}`, { line, column });
    const named = namedForTable(bound.query, s.table.name);
    if (partitionKeys.length > 0) {
      // Athena writes at most 100 partitions per CTAS, and fails before: checked before anything is written
      const keys = partitionKeys.map((k) => ident(k)).join(', ');
      const counted = await conn.runAndReadAll(`SELECT count(*) FROM (SELECT DISTINCT ${keys} FROM (\n${named}\n))`);
      if (Number((counted.getRowsJson() as string[][])[0]?.[0] ?? 0) > MAX_WRITTEN_PARTITIONS) throw new LakehouseError('SqlError', TOO_MANY_PARTITIONS, { line: 1, column: 1 });
    }
    return stageSelect(host.writerContext(conn), `SELECT * FROM (\n${named}\n)${s.withData ? '' : ' WHERE false'}`, {
      location,
      format,
      partitionKeys,
      ...(fieldDelimiter !== undefined ? { fieldDelimiter, hiveSeparators: DEFAULT_SEPARATORS } : {}),
      // a Hive JsonSerDe table: each line as Trino's JsonSerializer writes it (athenaJson.ts)
      ...(format === 'json' ? { athenaJson: { serde: 'hive' as const } } : {}),
      ...compression,
    });
  });
  // the files and the table come together (outputCommit.ts)
  try {
    const table = newTable(database, s.table.name, fieldDelimiter !== undefined ? 'text' : format, location, written.columns, written.partitionKeys, { fieldDelimiter, jsonSerde: 'hive' });
    if (written.partitionKeys.length > 0) table.partitions = stagedPartitions(written);
    await registerStagedKeys({ keyCache: host.keyCache, localPath: host.localPath }, written);
    await host.commit({
      what: `CTAS ${database}.${s.table.name}`,
      steps: [
        { kind: 'requireEmpty', location, message: `CTAS: the location ${location} is not empty (Athena refuses that too); choose an empty external_location` },
        { kind: 'write', output: stagedFiles(written) },
      ],
      catalogChanges: async () => {
        if (await catalog.table(database, s.table.name))
          throw new LakehouseError('AlreadyExists', `Table ${database}.${s.table.name} already exists`, { object: `${database}.${s.table.name}` });
        return [{ after: table }];
      },
    });
  } finally {
    await discardStaged(written);
  }
  return { rows: written.rows, bytes, message: withSkipped(`Table ${database}.${s.table.name} created with ${rowCount(written.rows)}`, skipped) };
}

async function insertInto(host: TableWriteHost, s: Extract<TableWrite, { kind: 'INSERT' }>, line: number, column: number): Promise<StatementOutcome> {
  const { catalog } = host;
  const table = await host.mustTable(s.table).catch((e) => Promise.reject(positioned(e, line, column)));
  const plan = planInsert(table, s.columns, { line, column });
  const at = host.offsetAt(s.queryOffset);
  const { value: staged, bytes, skipped } = await host.runQuery(s.query, at, host.database, async (conn, bound) => {
    // Trino inserts what converts implicitly to the columns' types, and refuses the rest (by the translation's types)
    const given = bound.query.columns;
    const targets = plan.given.map((i) => plan.targets[i]!);
    if (given.length === targets.length) {
      const trino = await loadTrino();
      if (targets.some((c, i) => !trino.insertable(given[i]!.type, c.type)))
        throw new LakehouseError(
          'SqlError',
          `Insert query has mismatched column types: Table: [${targets.map((c) => trinoTypeOfHive(c.type)).join(', ')}], Query: [${given.map((g) => g.typeName).join(', ')}]`,
          // (at the query's start, as stageInsert's own errors: positions in the query run)
          { line: 1, column: 1 },
        );
    }
    return stageInsert({ writer: host.writerContext(conn) }, plan, bound.sql);
  });
  // the files and the partitions they add come together (outputCommit.ts)
  const written = await commitInsert(plan, staged, {
    catalog,
    commit: (request) => host.commit(request),
    writer: { keyCache: host.keyCache, localPath: host.localPath },
  });
  const added = written.added.length > 0 ? `; partition(s) added: ${written.added.map((p) => partitionName(table, p.values)).join(', ')}` : '';
  return { rows: written.rows, bytes, message: withSkipped(`${rowCount(written.rows)} inserted into ${table.database}.${table.name}${added}`, skipped) };
}

async function createView(host: TableWriteHost, s: Extract<TableWrite, { kind: 'CREATE_VIEW' }>): Promise<StatementOutcome> {
  const { catalog } = host;
  const database = host.dbOf(s.view);
  // querying-glue-catalog.md: "You cannot use CREATE VIEW to create a view on the information_schema database"
  const onInformationSchema =
    database === 'information_schema' || (await loadTrino()).parseQuery(s.query, host.offsetAt(s.queryOffset)).tables.some((r) => (r.database ?? database) === 'information_schema');
  if (onInformationSchema) throw new LakehouseError('SqlUnsupported', `CREATE VIEW ${database}.${s.view.name}: Athena cannot create a view on the information_schema database`, { object: `${database}.${s.view.name}` });
  await host.ensureDatabase(database);
  const existing = await catalog.table(database, s.view.name);
  if (existing && existing.tableType !== 'VIRTUAL_VIEW')
    throw new LakehouseError('AlreadyExists', `${database}.${s.view.name} is a table, not a view`, { object: `${database}.${s.view.name}` });
  if (existing && !s.orReplace)
    throw new LakehouseError('AlreadyExists', `View ${database}.${s.view.name} already exists (use CREATE OR REPLACE VIEW)`, { object: `${database}.${s.view.name}` });
  const describe = (conn: DuckDBConnection, bound: BoundQuery & { query: TranslatedQuery }) => describeColumns(conn, `SELECT * FROM (\n${namedForTable(bound.query, s.view.name)}\n)`);
  const { value: described } = await host.runQuery(s.query, host.offsetAt(s.queryOffset), database, describe, false);
  await catalog.putTable(
    {
      database,
      name: s.view.name,
      tableType: 'VIRTUAL_VIEW',
      storage: { columns: described.map((d) => ({ name: d.name.toLowerCase(), type: duckDbTypeToHive(d.duckType) })), location: '', serde: { serializationLibrary: '', parameters: {} } },
      partitionKeys: [],
      parameters: { presto_view: 'true', ...(s.comment !== undefined ? { comment: s.comment } : {}) },
      viewText: s.query,
    },
    { replace: existing !== undefined },
  );
  return { message: `View ${database}.${s.view.name} ${existing ? 'replaced' : 'created'}` };
}

/** A catalog table for data the engine wrote (CTAS, job sinks), shaped as Glue's crawler/Athena would make it. */
export function newTable(
  database: string,
  name: string,
  format: 'json' | 'parquet' | 'csv' | 'text',
  location: string,
  columns: CatalogColumn[],
  partitionKeys: CatalogColumn[] = [],
  /**
   * csv: a header line (skip.header.line.count); text: the field delimiter (default \u0001); json: the SerDe — Glue's
   * sinks make OpenX tables, Athena's CTAS `format = 'JSON'` a Hive JSON SerDe one (trinodb/trino
   * HiveStorageFormat.JSON is `org.apache.hive.hcatalog.data.JsonSerDe`, OPENX_JSON a format of its own)
   */
  options: { header?: boolean; fieldDelimiter?: string | undefined; jsonSerde?: 'openx' | 'hive' } = {},
): CatalogTable {
  const storage: Omit<StorageDescriptor, 'columns' | 'location'> =
    format === 'parquet'
      ? {
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serde: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: { 'serialization.format': '1' } },
        }
      : format === 'json'
        ? {
            inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            serde:
              options.jsonSerde === 'hive'
                ? { serializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe', parameters: {} }
                : { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: { 'case.insensitive': 'TRUE', 'ignore.malformed.json': 'FALSE' } },
          }
        : format === 'csv'
          ? {
              inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
              outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
              serde: { serializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde', parameters: { separatorChar: ',', quoteChar: '"', escapeChar: '\\' } },
            }
          : {
              inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
              outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
              serde: {
                serializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
                parameters: { 'field.delim': options.fieldDelimiter ?? '\u0001', 'serialization.format': options.fieldDelimiter ?? '\u0001' },
              },
            };
  return {
    database,
    name,
    tableType: 'EXTERNAL_TABLE',
    storage: { columns, location: normalizeLocation(location), ...storage },
    partitionKeys,
    parameters: { classification: format === 'text' ? 'csv' : format, EXTERNAL: 'TRUE', ...(options.header ? { 'skip.header.line.count': '1' } : {}) },
  };
}

/** A query whose columns become a table's or a view's: each named, once (Trino's errors otherwise). */
function namedForTable(query: TranslatedQuery, what: string): string {
  const seen = new Set<string>();
  query.columns.forEach((c, i) => {
    if (/^_col\d+$/.test(c.name) && query.anonymous[i]) throw new LakehouseError('SqlError', `${what}: Column name not specified at position ${i + 1}`);
    const key = c.name.toLowerCase();
    if (seen.has(key)) throw new LakehouseError('SqlError', `${what}: Column name '${c.name}' specified more than once`);
    seen.add(key);
  });
  return query.sql;
}

/**
 * CTAS's `WITH (…)` properties of a Hive table as Athena's page lists them (create-table-as.md), checked before the
 * query runs: those the local engine writes as Athena does pass; the others are refused by name rather than ignored
 * (a table without its buckets, say, would be another table), and a name the page does not list fails as Trino's
 * property manager fails on it (AbstractPropertyManager: "Catalog '%s' table property '%s' does not exist").
 */
function checkCtasProperties(properties: Record<string, string | string[]>, at: { line: number; column: number }): void {
  const honoured = new Set(['table_type', 'external_location', 'format', 'partitioned_by', 'write_compression', 'parquet_compression', 'field_delimiter', 'is_external', 'compression_level']);
  const refused: Record<string, string> = {
    bucketed_by: 'Athena writes the rows into bucket_count files by Hive\'s bucketing hash of the columns, and the table says so (CLUSTERED BY … INTO n BUCKETS); leave bucketed_by and bucket_count out for the same rows unbucketed',
    bucket_count: 'it goes with bucketed_by, which the local engine does not write',
    orc_compression: 'the local engine writes no ORC',
  };
  const iceberg = ['location', 'partitioning', 'write_target_data_file_size_bytes', 'optimize_rewrite_min_data_file_size_bytes', 'optimize_rewrite_max_data_file_size_bytes', 'optimize_rewrite_data_file_threshold', 'optimize_rewrite_delete_file_threshold', 'vacuum_min_snapshots_to_keep', 'vacuum_max_snapshot_age_seconds'];
  for (const name of Object.keys(properties)) {
    if (honoured.has(name)) continue;
    const why = refused[name];
    if (why !== undefined) throw new LakehouseError('SqlUnsupported', `CTAS property ${name} is not supported by the local engine (Athena has it): ${why}`, { ...at, object: name });
    if (iceberg.includes(name)) throw new LakehouseError('SqlError', `CTAS property ${name} applies to Iceberg tables (table_type = 'ICEBERG'), not to a Hive table`, { ...at, object: name });
    throw new LakehouseError('SqlError', `Catalog 'awsdatacatalog' table property '${name}' does not exist`, { ...at, object: name });
  }
  if (properties['write_compression'] !== undefined && properties['parquet_compression'] !== undefined)
    throw new LakehouseError('SqlError', 'CTAS takes one of write_compression and parquet_compression, not both (create-table-as.md: "Multiple compression format table properties cannot be specified in the same CTAS query")', at);
  // as UNLOAD checks it (unload.ts planUnload): ZSTD's level changes the files' size, not the rows read back
  const level = properties['compression_level'];
  if (level !== undefined) {
    const codec = String(properties['write_compression'] ?? properties['parquet_compression'] ?? '').toUpperCase();
    if (codec !== 'ZSTD') throw new LakehouseError('SqlError', 'CTAS compression_level applies to ZSTD compression only', { ...at, object: 'compression_level' });
    const n = Number(level);
    if (!(Number.isInteger(n) && n >= 1 && n <= 22)) throw new LakehouseError('SqlError', `CTAS compression_level must be between 1 and 22, not ${String(level)}`, { ...at, object: 'compression_level' });
  }
  const external = properties['is_external'];
  if (external !== undefined && String(external).toLowerCase() !== 'true')
    throw new LakehouseError('SqlError', `CTAS is_external = ${String(external)} applies to Iceberg tables; a Hive table made by CTAS is external (the default, true)`, { ...at, object: 'is_external' });
}
