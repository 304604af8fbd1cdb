/**
 * How a job's sources are read, as Glue reads them: a Data Catalog table over JSON gives the fields the data has, with
 * the types Spark infers (Glue's schema on read), other tables their declared columns; an S3 source's files are read
 * with the schema Spark would infer; spark.read with its options. runNodes.ts builds the frames over these reads.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { LakehouseError, errorMessage } from '../../errors';
import type { PlanNode } from '../../jobs/plan';
import { normalizeS3Path } from '../../jobs/pipeline';
import type { CatalogColumn, CatalogTable } from '../../model';
import { tableFormat } from '../../sql/ddl';
import { hiveTypeToDuckDb, parseDuckDbType, type DuckDbType } from '../../sql/types';
import { formatBytes } from '../../units';
import { ident, listLiteral, literal } from './duck';
import { diagnoseJsonFileError } from './diagnose';
import { NO_FIELDS } from './frames';
import { inferCsvSelect } from './csvInferSchema';
import { refuseTrailingCommas } from './jsonTrailingCommas';
import { refuseDoubledQuotes } from './csvDoubledQuotes';
import { JsonSchemaCache } from './jsonSchemas';
import { learntJsonColumns } from './learntSchema';
import { sparkReadOfWritten } from './writtenSchema';
import { jsonIgnoresMalformed } from './jsonSerde';
import { nestedKeysEqualButForCase, refuseKeysEqualButForCase } from './jsonCaseKeys';
import { listDataFiles, type TableSource } from './tableSource';
import { describeColumns } from './writer';
import { typedByValues } from './csvValueTypes';
import { delimitedDialect } from './csvSerde';
import { pushDownPartitions } from './pushDown';
import { globDataFiles, isGlob } from './hadoopGlob';
import { parseS3Uri } from './objectKeys';
import { jsonPlaceTypes } from './nestedChoice';
import type { SparkText } from './sparkExpr';
import type { NodeRunContext } from './runNodes';

/** The JSON files a source node read, for the null-or-missing analysis of record predicates. */
export interface JsonSource {
  files: string[];
  /** key → whether some record holds it with an explicit null */
  nulls: Map<string, boolean>;
}

// ---------------------------------------------------------------- sources

export async function readCatalog(
  node: Extract<PlanNode, { kind: 'catalogSource' }>,
  table: CatalogTable,
  rc: NodeRunContext,
  jsonSources: Map<string, JsonSource>,
  spark: SparkText | undefined,
): Promise<{ select: string; source: TableSource; byValues?: true }> {
  const { engine, conn } = rc;
  // Spark reads a RegexSerDe table with Hive's RegexSerDe, not Athena's reader (regexSerde.ts): not modelled
  if (tableFormat(table) === 'regex')
    throw new LakehouseError('ScriptUnsupported', `${rc.file}:${node.line}: ${node.id} reads ${table.database}.${table.name}, a RegexSerDe table: a Glue job reading a RegexSerDe table is not supported by the local engine (Athena's queries read it)`, {
      file: rc.file,
      line: node.line,
    });
  if (node.pushDownPredicate !== undefined) {
    // push_down_predicate: only the partitions it picks are listed and read (pushDown.ts)
    const all = table.partitions ?? [];
    const picked = await pushDownPartitions(conn, table, node.pushDownPredicate, rc.file, spark);
    rc.log(`${node.id} (line ${node.line}): push_down_predicate ${JSON.stringify(node.pushDownPredicate.text)} keeps ${picked.length} of ${all.length} partition(s) of ${table.database}.${table.name}`);
    table = { ...table, partitions: picked };
  }
  const pruned = node.pushDownPredicate !== undefined;
  const loc = normalizeS3Path(table.storage.location);
  const purges = rc.readPurges.filter((p) => p.loc.startsWith(loc) || loc.startsWith(p.loc));
  const skip = (f: { path: string; mtimeMs: number }) => purges.some((p) => f.mtimeMs < p.before && engine.locationOf(f.path).startsWith(p.loc));
  for (const p of purges) rc.log(`${node.id} (line ${node.line}): the files under ${p.loc} are purged before Glue reads ${table.database}.${table.name}: not read`);
  // Spark SQL (spark.table) and non-JSON tables: the table's declared columns, as Athena reads them
  if (node.declared || tableFormat(table) !== 'json' || jsonIgnoresMalformed(table) || table.tableType === 'VIRTUAL_VIEW') {
    const fmt = tableFormat(table);
    // a DynamicFrame over a CSV table (classification csv): the SerDe's fields, named by the catalog's columns, with the
    // types of their values, not the declared ones (csvValueTypes.ts); Spark SQL's spark.table takes the declared ones
    const byValues = !node.declared && table.tableType !== 'VIRTUAL_VIEW' && (fmt === 'csv' || fmt === 'text') && (table.parameters['classification'] ?? '').toLowerCase() === 'csv';
    const src =
      byValues || purges.length > 0 || pruned
        ? await engine.tableSourceWithout(conn, byValues ? asTextColumns(table) : table, skip)
        : await engine.bindTable(conn, table, rc.lease ? { lease: rc.lease } : {});
    rc.log(`${node.id} (line ${node.line}): read ${table.database}.${table.name} — ${src.files.length} file(s), ${formatBytes(src.bytes)}${byValues ? ' (the types of the values: Glue\'s CSV reader)' : ''}`);
    // a DynamicFrame computes its schema from the records: a table with no data file gives no field but its partition
    // keys, whatever the catalog declares (Parquet included: docs/glue-jobs.md, "A read of no objects"); Spark SQL's
    // spark.table and a view take the catalog's columns
    if (src.files.length === 0 && !node.declared && table.tableType !== 'VIRTUAL_VIEW' && (fmt === 'parquet' || fmt === 'csv' || fmt === 'text')) {
      const cols = table.partitionKeys.map((k) => `CAST(NULL AS ${hiveTypeToDuckDb(k.type)}) AS ${ident(k.name)}`);
      return { select: cols.length > 0 ? `SELECT ${cols.join(', ')} WHERE false` : `SELECT 1 AS ${NO_FIELDS} WHERE false`, source: src };
    }
    // lines the SerDe reads as rows of NULLs (blank, not an object, malformed with 'ignore.malformed.json'='TRUE'):
    // say how many, per object (counted once per file)
    for (const s of src.nullRows ?? [])
      rc.log(`${node.id} (line ${node.line}): ${s.lines} line(s) read as rows of NULLs in ${engine.locationOf(s.file)} (table ${s.table}: blank, not a JSON object, or malformed with ignore.malformed.json)`);
    if (byValues && (await holdsQuote(src.files))) return { select: await quotedCatalogCsv(node, table, src, rc), source: src, byValues: true };
    if (byValues) {
      // an empty field is NULL, as the S3 CSV source's read_csv gives it (s3SourceSelect)
      const text = `SELECT ${[...table.storage.columns.map((c) => `NULLIF(${ident(c.name)}, '') AS ${ident(c.name)}`), ...table.partitionKeys.map((k) => ident(k.name))].join(', ')} FROM (${src.sql})`;
      const fields = table.storage.columns.map((c) => ({ col: c.name, as: c.name }));
      return { select: await typedByValues(conn, text, fields, table.partitionKeys.map((k) => k.name)), source: src, byValues: true };
    }
    return { select: purges.length > 0 || pruned ? `SELECT * FROM (${src.sql})` : `SELECT * FROM ${ident(table.database)}.${ident(table.name)}`, source: src };
  }
  // a DynamicFrame over JSON: the fields of the data (Glue's schema on read), the partition keys from the catalog
  const groups: { values: Record<string, string>; files: string[] }[] = [];
  const files = async (location: string) => (await listDataFiles(rc.localPath(location))).filter((f) => !skip(f)).map((f) => f.path);
  if (table.partitionKeys.length === 0) groups.push({ values: {}, files: await files(table.storage.location) });
  else for (const p of table.partitions ?? []) groups.push({ values: Object.fromEntries(table.partitionKeys.map((k, i) => [k.name, p.values[i] ?? ''])), files: await files(p.location) });
  const all = groups.flatMap((g) => g.files);
  const sizes = await Promise.all(all.map((f) => fs.stat(f).then((s) => s.size)));
  const bytes = sizes.reduce((a, b) => a + b, 0);
  rc.log(`${node.id} (line ${node.line}): read ${table.database}.${table.name} — ${all.length} file(s), ${formatBytes(bytes)} (the fields of the data: Glue's schema on read)`);
  const source: TableSource = { sql: '', files: all.map((path, i) => ({ path, size: sizes[i]!, mtimeMs: 0 })), bytes };
  const partitionCols = (values: Record<string, string>) => table.partitionKeys.map((k) => `CAST(${literal(values[k.name] ?? '')} AS ${hiveTypeToDuckDb(k.type)}) AS ${ident(k.name)}`);
  if (all.length === 0) {
    const cols = table.partitionKeys.map((k) => `CAST(NULL AS ${hiveTypeToDuckDb(k.type)}) AS ${ident(k.name)}`);
    return { select: cols.length > 0 ? `SELECT ${cols.join(', ')} WHERE false` : `SELECT 1 AS ${NO_FIELDS} WHERE false`, source };
  }
  const columns = await jsonColumns(conn, all, rc, `Data Catalog source ${node.id} at ${rc.file}:${node.line}`, node.line, false, { catalog: true });
  jsonSources.set(node.id, { files: all, nulls: new Map() });
  const parts = groups
    .filter((g) => g.files.length > 0)
    .map((g) => {
      const pc = partitionCols(g.values);
      const read = `SELECT * FROM read_json(${listLiteral(g.files)}, format='newline_delimited', columns={${columns}}, hive_partitioning=false)`;
      return pc.length > 0 ? `SELECT *, ${pc.join(', ')} FROM (${read})` : read;
    });
  return { select: parts.join('\nUNION ALL BY NAME\n'), source };
}

/**
 * Whether any of the files holds a double quote. Glue reads a Data Catalog CSV table with its own CSV reader, where
 * `"` quotes a field whatever the table's SerDe: awslabs/aws-glue-libs#2 ("create_dynamic_frame.from_catalog choke on
 * double quote") — a pipe-delimited table that Athena reads fine, one field starting with a lone `"`, made
 * `from_catalog` hang until the job failed. A file without one splits the same under either reading.
 */
async function holdsQuote(files: readonly { path: string }[]): Promise<boolean> {
  for (const f of files) {
    const stream: NodeJS.ReadableStream = /\.gz$/i.test(f.path) ? createReadStream(f.path).pipe(createGunzip()) : createReadStream(f.path);
    for await (const chunk of stream) if ((chunk as Buffer).includes(0x22)) {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      return true;
    }
  }
  return false;
}

/**
 * A Data Catalog CSV table whose files hold quotes, read as Glue's CSV reader reads them (the S3 CSV source's reading,
 * s3SourceSelect): the table's field delimiter, `"` quoting fields (a doubled quote inside is one quote, RFC 4180, which
 * the Glue CSV page refers to), `skip.header.line.count` lines skipped, the fields by position named by the catalog's
 * columns, typed by their values. Athena reads the same files with the table's SerDe, which for a delimited text table
 * keeps the quotes. What is not known of Glue's reader is refused: a quoted empty field, a line with more or fewer
 * fields than the table has columns, a partitioned table (its files are not read this way yet).
 */
async function quotedCatalogCsv(node: Extract<PlanNode, { kind: 'catalogSource' }>, table: CatalogTable, src: TableSource, rc: NodeRunContext): Promise<string> {
  const name = `${table.database}.${table.name}`;
  const refuse = (why: string) =>
    new LakehouseError('ScriptUnsupported', `${rc.file}:${node.line}: Data Catalog source ${node.name ?? node.id} (${name}) cannot run on the local engine: ${why}`, { file: rc.file, line: node.line, object: name });
  if (table.partitionKeys.length > 0)
    throw refuse(`its files hold double quotes, which Glue's CSV reader takes as quoting (where the table's SerDe may not: Athena's answer differs), and a partitioned table's quoted files are not read that way locally; read the partitions' paths with create_dynamic_frame.from_options(connection_type="s3", format="csv", …)`);
  const skip = Number(table.parameters['skip.header.line.count'] ?? '0') || 0;
  const cols = table.storage.columns;
  const read = `SELECT * FROM read_csv(${listLiteral(src.files.map((f) => f.path))}, header=false, skip=${skip}, delim=${literal(delimitedDialect(table).delim)}, quote='"', escape='"', columns={${cols.map((c) => `${literal(c.name)}: 'VARCHAR'`).join(', ')}}, allow_quoted_nulls=false, auto_detect=false)`;
  try {
    await rc.conn.run(`SELECT count(*) FROM (${read})`);
  } catch (e) {
    // DuckDB's CSV error: "CSV Error on Line: N", the reason on its own line, and "file = <path>" among the options
    const text = errorMessage(e);
    const line = /CSV Error on Line: (\d+)/.exec(text)?.[1];
    const file = /^\s*file = (.+)$/m.exec(text)?.[1];
    const reason = /\n\n([^\n]+)\n\nPossible fixes/.exec(text)?.[1]?.replace(/\.$/, '');
    const where = file !== undefined ? `${rc.engine.locationOf(file)}${line !== undefined ? ` line ${line}` : ''}: ${reason ?? text.split('\n')[0]}` : text.split('\n')[0];
    throw refuse(`its files hold double quotes, which Glue's CSV reader takes as quoting, and a line does not read so (${where}): a line with more or fewer fields than the table's ${cols.length} columns, or a quote left open, is not known to read the same on Glue (a lone quote made from_catalog fail there: awslabs/aws-glue-libs#2)`);
  }
  rc.log(`${node.id} (line ${node.line}): ${name}'s files hold double quotes: read as Glue's CSV reader reads them (quoted fields), not as the table's SerDe does`);
  const quotedEmpty = (field: string) =>
    refuse(`the field ${field} holds a quoted empty value (""), and whether Glue's CSV reader makes it an empty string or no value is not documented nor seen in a published output (an unquoted empty field is no value); write the field unquoted (a,,c) or with a value`);
  const lineBreak = (field: string) =>
    refuse(`the field ${field} holds a quoted line break (a record across lines), which Glue's CSV reader reads as one record only with the format option multiLine ("You must set this option to True if any record spans multiple lines": the CSV configuration reference), and a Data Catalog read takes none; read the files with create_dynamic_frame.from_options(connection_type="s3", format="csv", format_options={"multiLine": True, …})`);
  return typedByValues(rc.conn, read, cols.map((c) => ({ col: c.name, as: c.name })), [], { quotedEmpty, lineBreak });
}

/** The table with its columns (and its partitions' own) read as text: the values, typed later by csvValueTypes.ts. */
function asTextColumns(table: CatalogTable): CatalogTable {
  const text = (cols: CatalogColumn[]) => cols.map((c) => ({ ...c, type: 'string' }));
  return {
    ...table,
    storage: { ...table.storage, columns: text(table.storage.columns) },
    ...(table.partitions ? { partitions: table.partitions.map((p) => (p.columns ? { ...p, columns: text(p.columns) } : p)) } : {}),
  };
}

/**
 * The files an S3 source path names: the object itself when the path is an object's key (`s3://b/x/aids.csv`, as
 * Glue's paths may be), else the data files under the prefix.
 */
async function s3PathFiles(rc: NodeRunContext, p: string, glob: boolean): Promise<{ path: string; size: number; mtimeMs: number }[]> {
  if (glob) {
    const { bucket, prefix } = parseS3Uri(p);
    if (isGlob(prefix)) return globDataFiles(rc.localPath(`s3://${bucket}/`), prefix);
  }
  const dir = rc.localPath(normalizeS3Path(p));
  if (!p.endsWith('/')) {
    const file = dir.replace(/[\\/]+$/, '');
    const st = await fs.stat(file).catch(() => undefined);
    if (st?.isFile()) return st.size > 0 ? [{ path: file, size: st.size, mtimeMs: st.mtimeMs }] : [];
  }
  return listDataFiles(dir);
}

/**
 * Parquet files as Spark and Glue read them: a UTC-adjusted timestamp column (DuckDB's TIMESTAMP WITH TIME ZONE) is a
 * TimestampType, an instant shown in the session's zone — UTC on Glue — so it is read as its UTC wall clock, as a
 * catalog table's timestamp column is (parquetColumns.ts); kept as DuckDB's type, its text carried the zone (a cast to
 * string gave `2024-05-20 10:00:00+00` where Spark gives `2024-05-20 10:00:00`).
 */
async function parquetSelect(conn: DuckDBConnection, list: string): Promise<string> {
  const read = `SELECT * FROM read_parquet(${list}, union_by_name=true)`;
  const cols = await describeColumns(conn, read);
  const zoned = (t: string) => t === 'TIMESTAMP WITH TIME ZONE';
  if (!cols.some((c) => zoned(c.duckType))) return read;
  return `SELECT ${cols.map((c) => (zoned(c.duckType) ? `make_timestamp(epoch_us(${ident(c.name)})) AS ${ident(c.name)}` : ident(c.name))).join(', ')} FROM read_parquet(${list}, union_by_name=true)`;
}

/** An S3 source read the way Spark reads it: the schema inferred from all records, strings left as strings. */
export async function s3SourceSelect(node: Extract<PlanNode, { kind: 's3Source' }>, rc: NodeRunContext, jsonSources: Map<string, JsonSource>): Promise<string> {
  const { conn } = rc;
  // spark.read expands Hadoop glob patterns (hadoopGlob.ts); what Glue's DynamicFrame reader does with one is not
  // documented: its paths are read as they are
  const dataFiles = (
    await Promise.all(
      node.paths.map((p) =>
        s3PathFiles(rc, p, node.reader !== undefined).catch((e: unknown) => {
          // a path the local data folder cannot hold (`..` segments, a bucket S3 cannot have): named with its line
          throw new LakehouseError('InvalidInput', `${rc.file}:${node.line}: S3 source ${node.name ?? node.id} reads ${p}: ${errorMessage(e)}`, { file: rc.file, line: node.line });
        }),
      ),
    )
  ).flat();
  rc.log(`${node.id} (line ${node.line}): read ${node.paths.join(', ')} — ${dataFiles.length} file(s)`);
  if (dataFiles.length === 0) {
    // spark.read over a path with no data: Spark fails (it cannot infer a schema, or the path does not exist)
    if (node.reader !== undefined) throw new LakehouseError('SqlError', `${rc.file}:${node.line}: no data files under ${node.paths.join(', ')}`, { file: rc.file, line: node.line });
    // a DynamicFrame takes its schema from the records: with none it is an empty frame with no fields, as from_catalog
    // over an empty table is (docs/glue-jobs.md, "A read of no objects")
    rc.log(`${node.id} (line ${node.line}): no objects under ${node.paths.join(', ')}: an empty DynamicFrame with no fields, as Glue gives`);
    return `SELECT 1 AS ${NO_FIELDS} WHERE false`;
  }
  const files = dataFiles.map((f) => f.path);
  const list = listLiteral(files);
  if (node.format === 'parquet') return parquetSelect(conn, list);
  if (node.reader !== undefined) return sparkReaderSelect(node, node.reader, files, rc);
  if (node.format === 'csv') {
    const header = node.formatOptions['withHeader'] === true || node.formatOptions['withHeader'] === 'true';
    const sep = typeof node.formatOptions['separator'] === 'string' ? (node.formatOptions['separator'] as string) : ',';
    const quote = typeof node.formatOptions['quoteChar'] === 'string' ? (node.formatOptions['quoteChar'] as string) : '"';
    // (a quoted empty field read as '', an unquoted one as NULL: the first is refused below)
    const read = `SELECT * FROM read_csv(${list}, header=${header}, delim=${literal(sep)}, quote=${literal(quote === '-1' ? '' : quote)}, all_varchar=true, allow_quoted_nulls=false)`;
    const cols = await describeColumns(conn, read);
    // without a header Glue names the fields col0, col1, … (DuckDB: column0, column1, …); the types are the values'
    // (csvValueTypes.ts). An unquoted empty field is no value (DIQA's outputs: docs/glue-jobs.md, "An empty CSV field
    // read by a Glue job"); what Glue's reader makes of a quoted one (`""`) is not known: refused by name
    const quotedEmpty = (field: string) =>
      new LakehouseError(
        'ScriptUnsupported',
        `${rc.file}:${node.line}: S3 source ${node.name ?? node.id} cannot run on the local engine: the field ${field} of ${node.paths.join(', ')} holds a quoted empty value (""), and whether Glue's CSV reader makes it an empty string or no value is not documented nor seen in a published output (an unquoted empty field is no value); write the field unquoted (a,,c) or with a value`,
        { file: rc.file, line: node.line },
      );
    // a quoted field across lines: one record only with multiLine (Glue's CSV configuration reference: "You must set
    // this option to True if any record spans multiple lines"; without it the reader splits files by lines)
    const multiLine = node.formatOptions['multiLine'] === true || node.formatOptions['multiLine'] === 'true' || node.formatOptions['multiline'] === true;
    const lineBreak = (field: string) =>
      new LakehouseError(
        'ScriptUnsupported',
        `${rc.file}:${node.line}: S3 source ${node.name ?? node.id} cannot run on the local engine: the field ${field} of ${node.paths.join(', ')} holds a quoted line break (a record across lines), which Glue's CSV reader reads as one record only with format_options multiLine ("You must set this option to True if any record spans multiple lines": the CSV configuration reference); add "multiLine": True to format_options`,
        { file: rc.file, line: node.line },
      );
    return typedByValues(conn, read, cols.map((c, i) => ({ col: c.name, as: header ? c.name : `col${i}` })), [], { ...(quote === '-1' ? {} : { quotedEmpty }), ...(multiLine || quote === '-1' ? {} : { lineBreak }) });
  }
  const multiline = node.formatOptions['multiline'] === true || node.formatOptions['multiLine'] === true || node.formatOptions['jsonPath'] === '$[*]';
  const columns = await jsonColumns(conn, files, rc, `S3 source ${node.id} at ${rc.file}:${node.line}`, node.line, multiline);
  if (!multiline) jsonSources.set(node.id, { files, nulls: new Map() });
  return `SELECT * FROM read_json(${list}, format=${multiline ? "'auto'" : "'newline_delimited'"}, columns={${columns}})`;
}

const SPARK_TO_DUCK: Record<string, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  tinyint: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

function duckOfSpark(t: string): string {
  const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(t);
  return dec ? `DECIMAL(${dec[1]},${dec[2]})` : (SPARK_TO_DUCK[t] ?? 'VARCHAR');
}

/**
 * Files read by Spark's DataFrameReader (`spark.read`), with its defaults: JSON fields of two types are strings; a
 * CSV has no header and every field is a string (`_c0`, `_c1`, …) unless `header` / `inferSchema` say otherwise; a
 * schema gives the fields (missing ones null, others dropped) and their types (a value that does not convert is null).
 */
async function sparkReaderSelect(
  node: Extract<PlanNode, { kind: 's3Source' }>,
  reader: { options: Record<string, unknown>; schema?: { name: string; type: string }[] },
  files: string[],
  rc: NodeRunContext,
): Promise<string> {
  const { conn } = rc;
  const list = listLiteral(files);
  const opt = (k: string) => reader.options[k];
  const yes = (k: string) => opt(k) === true || String(opt(k)).toLowerCase() === 'true';
  if (node.format === 'text') {
    // spark.read.text: one string field `value`, a row per line (Hadoop's LineRecordReader: a line ends at \n, \r\n
    // or \r, and a final line terminator starts no row; an empty file has none), or a row per file with wholetext
    if (reader.schema !== undefined) throw new LakehouseError('ScriptUnsupported', `${rc.file}:${node.line}: spark.read.text with a schema cannot run on the local engine: the text source's one field is value (string)`, { file: rc.file, line: node.line });
    if (yes('wholetext')) return `SELECT content AS value FROM read_text(${list})`;
    return `SELECT unnest(CASE WHEN content = '' THEN []::VARCHAR[] ELSE regexp_split_to_array(regexp_replace(content, '(\\r\\n|\\r|\\n)$', ''), '\\r\\n|\\r|\\n') END) AS value FROM read_text(${list})`;
  }
  if (node.format === 'json') {
    const multiline = yes('multiLine') || yes('multiline');
    const format = multiline ? "'auto'" : "'newline_delimited'";
    if (reader.schema !== undefined) await refuseTrailingCommas(files, (f) => rc.engine.locationOf(f), `spark.read at ${rc.file}:${node.line}`);
    if (reader.schema !== undefined)
      return `SELECT ${reader.schema.map((f) => `TRY_CAST(${ident(f.name)} AS ${duckOfSpark(f.type)}) AS ${ident(f.name)}`).join(', ')} FROM read_json(${list}, format=${format}, columns={${reader.schema.map((f) => `${literal(f.name)}: 'VARCHAR'`).join(', ')}})`;
    // Spark's reader has no choice: a field of mixed types is a string (top level here; inside, sparkReader)
    const columns = (await jsonColumns(conn, files, rc, `spark.read at ${rc.file}:${node.line}`, node.line, multiline, { sparkReader: true })).replace(/: 'JSON'/g, ": 'VARCHAR'");
    const read = `read_json(${list}, format=${format}, columns={${columns}})`;
    // Spark's inferred schema has its fields sorted by name, at every depth (JsonInferSchema: "other code relies on
    // this sorting for correctness", java.util.Arrays.sort(fields, structFieldComparator), String.compareTo order)
    const names = (await describeColumns(conn, `SELECT * FROM ${read}`)).map((c) => c.name).sort(byUtf16);
    return `SELECT ${names.map(ident).join(', ')} FROM ${read}`;
  }
  const sep = String(opt('sep') ?? opt('delimiter') ?? ',');
  const quote = String(opt('quote') ?? '"');
  const header = yes('header');
  // escape: the option, or Spark's default \ (Spark's CSV options: "escape (default \)"), always given to DuckDB
  // (left out, DuckDB's sniffer picks one per file) - none where no file escapes a quote or the escape; where univocity
  // and DuckDB part (a doubled quote, or the escape before another character, in a quoted value): refused
  // (csvDoubledQuotes.ts)
  const escapeChar = opt('escape') === undefined || opt('escape') === null ? '\\' : String(opt('escape'));
  const duckEscape = await refuseDoubledQuotes(files, { quote, sep, escape: escapeChar }, (f) => rc.engine.locationOf(f), { file: rc.file, line: node.line });
  const escape = `, escape=${literal(duckEscape)}`;
  const read = `SELECT * FROM read_csv(${list}, header=${header}, delim=${literal(sep)}, quote=${literal(quote)}${escape}, all_varchar=true)`;
  const cols = await describeColumns(conn, read);
  // a quoted value holding a line break: one row only with multiLine (Spark's CSV options: "multiLine (default false):
  // Allows a row to span multiple lines, by parsing line breaks within quoted values as part of the value itself";
  // without it Spark reads the file line by line — DuckDB's reader takes the row whole either way)
  if (!yes('multiLine') && !yes('multiline') && cols.length > 0) {
    const found = (await conn.runAndReadAll(`SELECT ${cols.map((c) => `bool_or(contains(${ident(c.name)}, chr(10)) OR contains(${ident(c.name)}, chr(13)))`).join(', ')} FROM (${read})`)).getRowsJson()[0] as (boolean | null)[];
    const at = found.findIndex((b) => b === true);
    if (at >= 0)
      throw new LakehouseError(
        'ScriptUnsupported',
        `${rc.file}:${node.line}: spark.read.csv cannot run on the local engine: the column ${header ? cols[at]!.name : `_c${at}`} of ${node.paths.join(', ')} holds a quoted line break (a row across lines), which Spark reads as one row only with the option multiLine (default false: the file is read line by line); add .option("multiLine", True)`,
        { file: rc.file, line: node.line },
      );
  }
  // Spark's nullValue option (default ""): a value equal to it is null, whatever the column's type
  const nullValue = opt('nullValue') === undefined || opt('nullValue') === null ? undefined : String(opt('nullValue'));
  const text = (c: { name: string }) => (nullValue ? `nullif(${ident(c.name)}, ${literal(nullValue)})` : ident(c.name));
  if (reader.schema !== undefined)
    return `SELECT ${reader.schema.map((f, i) => `${cols[i] ? `TRY_CAST(${text(cols[i]!)} AS ${duckOfSpark(f.type)})` : 'NULL'} AS ${ident(f.name)}`).join(', ')} FROM (${read})`;
  const names = cols.map((c, i) => (header ? c.name : `_c${i}`));
  if (!yes('inferSchema')) return `SELECT ${cols.map((c, i) => `${text(c)} AS ${ident(names[i]!)}`).join(', ')} FROM (${read})`;
  return inferCsvSelect(conn, read, cols, names, nullValue, { file: rc.file, line: node.line });
}

/**
 * The columns Spark infers from every record of JSON files (`'name': 'TYPE'` pairs for read_json): numbers long or
 * double, strings stay strings (DuckDB would detect UUIDs and dates), a field with values of two types stays JSON
 * (Glue's ChoiceType), a field that is null in every record is a null string.
 */
/** How the files are read: `catalog`, a Data Catalog table's (its partition columns from the catalog); `sparkReader`, by spark.read (no ChoiceType). */
export interface JsonReadMode {
  catalog?: boolean;
  sparkReader?: boolean;
}

async function jsonColumns(conn: DuckDBConnection, files: string[], rc: NodeRunContext, readBy: string, line: number, multiline = false, mode: JsonReadMode = {}): Promise<string> {
  const cache = JsonSchemaCache.of(rc.engine.cacheDir);
  const stats = await JsonSchemaCache.statsOf(files);
  const key = stats === undefined ? undefined : JsonSchemaCache.keyOf(stats, `${multiline ? 'multiline' : 'lines'}${mode.catalog ? ':catalog' : ''}${mode.sparkReader ? ':spark-sorted' : ''}`);
  const known = key === undefined ? undefined : await cache.get(key);
  if (known !== undefined) return known;
  // files the engine wrote (as lines; outside a catalog read, DuckDB would add the columns of `key=value` folders)
  if (stats !== undefined && !multiline && (mode.catalog || !files.some((f) => f.includes('=')))) {
    const written = await cache.written(stats);
    if (written !== undefined) return mode.sparkReader ? sparkReadOfWritten(written) : written;
    // files whose line-shape scan learnt their fields' kinds — at their upload, or a first read (learntSchema.ts); not
    // for a multiline read, whose records span lines
    const learnt = await rc.engine.learntJsonTypes(stats);
    const columns = learnt === undefined ? undefined : learntJsonColumns(learnt, mode.sparkReader === true);
    if (columns !== undefined) {
      rc.log(`${readBy}: the fields' types learnt by the line-shape scan of the ${files.length} file(s) (at their upload or first read), unchanged since`);
      return columns;
    }
  }
  // (what DuckDB reads but Jackson rejects: refused before the types are learnt — and cached)
  await refuseTrailingCommas(files, (f) => rc.engine.locationOf(f), readBy);
  const columns = await inferJsonColumns(conn, files, rc, readBy, line, multiline, mode);
  if (key !== undefined) await cache.set(key, columns);
  return columns;
}

/** The columns of a DynamicFrame read of the files, from a `DESCRIBE` of every record (the definition writtenSchema.ts predicts). */
export async function inferJsonColumns(conn: DuckDBConnection, files: string[], rc: Pick<NodeRunContext, 'engine' | 'file'>, readBy: string, line: number, multiline: boolean, mode: JsonReadMode): Promise<string> {
  const list = listLiteral(files);
  // every record of every file (union_by_name: DuckDB would otherwise take the fields of the first 32 files only); a
  // catalog table's files: the fields of the records only (its partition columns come from the catalog, not from
  // DuckDB's reading of `key=value/` folder names)
  const read = `read_json(${list}, format=${multiline ? "'auto'" : "'newline_delimited'"}, sample_size=-1, union_by_name=true${mode.catalog ? ', hive_partitioning=false' : ''})`;
  let described: string[][];
  try {
    described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${read}`)).getRowsJson() as string[][];
  } catch (e) {
    const text = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    // keys equal but for case inside an object (DuckDB cannot make the struct): refused as at the top level (jsonCaseKeys.ts)
    const nested = /Duplicate name "([^"]+)" in struct auto-detected in JSON/.exec(text);
    if (nested) throw nestedKeysEqualButForCase(nested[1]!, { readBy, file: rc.file, line });
    const data = await diagnoseJsonFileError(text, files, (f) => rc.engine.locationOf(f), readBy).catch(() => undefined);
    if (data) throw data;
    const message = text.replace(/"([^"]+)"/g, (quoted, f: string) => (files.includes(f) ? rc.engine.locationOf(f) : quoted));
    throw new LakehouseError('SqlError', `${rc.file}:${line}: the files cannot be read as JSON lines: ${message}`, { file: rc.file, line });
  }
  if (described.length === 0) throw new LakehouseError('SqlError', `${rc.file}:${line}: the files hold no JSON objects`, { file: rc.file, line });
  const parsed = described.map(([name, type]) => ({ name: name!, type: parseDuckDbType(type!) }));
  // keys equal but for case, which DuckDB renamed (jsonCaseKeys.ts)
  await refuseKeysEqualButForCase(conn, files, parsed.map((c) => c.name), multiline, { readBy, file: rc.file, line, locationOf: (f) => rc.engine.locationOf(f) });
  if (mode.sparkReader) {
    // Spark's reader: long and double, a field of two types a string (sparkReaderSelect); a field null in every record a string
    const json = described.filter(([, type]) => type === 'JSON').map(([name]) => name!);
    const counts = json.length === 0 ? [] : ((await conn.runAndReadAll(`SELECT ${json.map((c) => `count(${ident(c)})`).join(', ')} FROM ${read}`)).getRowsJson()[0] as (string | number)[]);
    const nullOnly = new Set(json.filter((_, i) => Number(counts[i]) === 0));
    return parsed.map(({ name, type }) => `${literal(name)}: ${literal(type.kind === 'named' && type.name === 'JSON' ? (nullOnly.has(name) ? 'VARCHAR' : 'JSON') : sparkJsonType(type, name, new Map(), true))}`).join(', ');
  }
  // Glue's reader: every number and every JSON place typed from its values — int, long, double, or a choice (nestedChoice.ts)
  const places = await jsonPlaceTypes(conn, (columns) => `read_json(${list}, format=${multiline ? "'auto'" : "'newline_delimited'"}, columns={${columns}}${mode.catalog ? ', hive_partitioning=false' : ''})`, parsed);
  return parsed.map(({ name, type }) => `${literal(name)}: ${literal(sparkJsonType(type, name, places, false))}`).join(', ');
}

/**
 * The type Spark's JSON reader gives a value DuckDB detected as `t`: long, double, boolean, string, arrays, structs;
 * a JSON place inside (`key`: `a.b`, `l[]`) as `nested` decided it from the data.
 */
function sparkJsonType(t: DuckDbType, key = '', nested = new Map<string, string>(), sortFields = false): string {
  switch (t.kind) {
    case 'list':
      return `${sparkJsonType(t.element, `${key}[]`, nested, sortFields)}[]`;
    case 'struct': {
      // Spark's reader sorts a struct's fields by name (JsonInferSchema); a DynamicFrame keeps the data's order
      const fields = sortFields ? [...t.fields].sort((a, b) => byUtf16(a.name, b.name)) : t.fields;
      return `STRUCT(${fields.map((f) => `${ident(f.name)} ${sparkJsonType(f.type, `${key}.${f.name}`, nested, sortFields)}`).join(', ')})`;
    }
    case 'map':
      return `MAP(VARCHAR, ${sparkJsonType(t.value, '', new Map(), sortFields)})`;
    case 'union':
      return 'VARCHAR';
    case 'named': {
      // a place typed from its values (a DynamicFrame read: nestedChoice.ts)
      const placed = nested.get(key);
      if (placed !== undefined) return placed;
      if (t.name === 'JSON') return 'VARCHAR';
      if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|UHUGEINT)$/.test(t.name)) return 'BIGINT';
      if (/^(DOUBLE|FLOAT|REAL|DECIMAL)$/.test(t.name)) return 'DOUBLE';
      if (t.name === 'BOOLEAN') return 'BOOLEAN';
      return 'VARCHAR';
    }
  }
}

/** Java's String.compareTo order (UTF-16 code units), as Spark sorts field names */
function byUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
