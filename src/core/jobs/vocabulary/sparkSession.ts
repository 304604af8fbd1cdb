/**
 * SparkSession (`spark.sql`, temporary views, `spark.table`, `createDataFrame`, `range`) and DataFrameReader
 * (`spark.read…`) as a table: each call becomes a plan node — a query, a catalog source, rows, an S3 source.
 */
import { asStrings, excerpt, type Arg } from '../callArgs';
import { NONE, toConst, type PyValue } from '../values';
import { SPARK_DDL_NUMBERS_AND_TEXT, createDataFrame } from './createDataFrame';
import { SPARK_DOC, df, node, selfDf } from './dataframeArgs';
import type { CallCtx, Table } from './registry';

// ---------------------------------------------------------------- SparkSession

function sparkSql(c: CallCtx): PyValue {
  const b = c.bound();
  const a = b.need('sqlQuery');
  const v = a.value;
  if (v.t !== 'str') throw b.notLiteral(a, 'the query of spark.sql', 'an SQL string');
  const mapping = Object.fromEntries(c.host.tempViews);
  return df(c.host.node({ kind: 'sql', query: v.v, queryLine: v.line ?? c.host.pos(a.node).line, mapping }, c.call, 'sql'));
}

export function tempView(c: CallCtx): PyValue {
  const b = c.bound();
  const name = b.string('name');
  c.host.tempViews.set(name.toLowerCase(), selfDf(c));
  // the view's alias keeps the spelling of its last registration (the SQL names it case-insensitively)
  for (const k of [...c.host.tempViews.keys()]) if (k !== name.toLowerCase() && k.toLowerCase() === name.toLowerCase()) c.host.tempViews.delete(k);
  return NONE;
}

/**
 * A table name as Spark's `parseMultipartIdentifier` reads it (SqlBase grammar `multipartIdentifier`): parts
 * separated by `.` (spaces around them skipped); an unquoted part is letters, digits and `_` (the lexer's
 * IDENTIFIER); a part in backticks holds any character, a doubled backtick inside being one backtick
 * (BACKQUOTED_IDENTIFIER; https://spark.apache.org/docs/latest/sql-ref-identifier.html). An unquoted part with a
 * `-` is Spark's ParseException "Possibly unquoted identifier shop-dev detected. Please consider quoting it with
 * back-quotes as `shop-dev`" (QueryParsingErrors.unquotedIdentifierError); anything else is a syntax error.
 * Returns the parts, or the ParseException's text.
 */
export function multipartIdentifier(text: string): { parts: string[] } | { error: string } {
  const parts: string[] = [];
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  for (;;) {
    skip();
    if (text[i] === '`') {
      let part = '';
      i++;
      for (;;) {
        if (i >= text.length) return { error: `Syntax error: the backtick-quoted name in "${text}" is not closed` };
        if (text[i] === '`') {
          if (text[i + 1] === '`') {
            part += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += text[i++];
      }
      parts.push(part);
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(text.slice(i));
      if (!m) return { error: `Syntax error at or near ${i < text.length ? `'${text[i]}'` : 'end of input'} in "${text}"` };
      i += m[0].length;
      const extra = /^(?:-[A-Za-z0-9_]+)+/.exec(text.slice(i));
      if (extra) {
        const ident = m[0] + extra[0];
        return { error: `Possibly unquoted identifier ${ident} detected. Please consider quoting it with back-quotes as \`${ident}\`` };
      }
      parts.push(m[0]);
    }
    skip();
    if (i >= text.length) return { parts };
    if (text[i] !== '.') return { error: `Syntax error at or near '${text[i]}' in "${text}"` };
    i++;
  }
}

/** Spark's name for its session catalog (CatalogManager.SESSION_CATALOG_NAME), the Glue Data Catalog on Glue. */
const SESSION_CATALOG = 'spark_catalog';

function sparkTable(c: CallCtx): PyValue {
  const b = c.bound();
  const name = b.string('tableName');
  const at = b.need('tableName').node;
  const parsed = multipartIdentifier(name);
  if ('error' in parsed) throw c.host.invalid(at, `${c.construct}("${name}") fails on Glue with Spark's ParseException: ${parsed.error}`);
  const { parts } = parsed;
  // one part: a temporary view first (Spark resolves a one-part name against the session's views)
  const view = parts.length === 1 ? c.host.tempViews.get(parts[0]!.toLowerCase()) : undefined;
  if (view !== undefined) return df(view);
  // three parts: a first part naming the session catalog (CatalogManager.SESSION_CATALOG_NAME "spark_catalog", matched
  // with equalsIgnoreCase) is that catalog, the Glue Data Catalog on Glue, and the rest its database.table
  // (LookupCatalog.CatalogAndIdentifier: "Catalog name takes precedence over identifier")
  const table = parts.length === 3 && parts[0]!.toLowerCase() === SESSION_CATALOG ? parts.slice(1) : parts;
  if (table.length !== 2)
    throw c.host.unsupported(
      at,
      `spark.table("${name}")`,
      parts.length === 3
        ? `"${parts[0]}" is not the session catalog (spark_catalog, the Glue Data Catalog on Glue): another catalog is one the job configures itself (spark.sql.catalog.${parts[0]}: Iceberg, Delta...), which the local engine does not follow`
        : 'a Data Catalog table is named database.table (or spark_catalog.database.table)',
      'write "database.table" (a name with a hyphen in backticks: "`shop-dev`.orders")',
    );
  return df(c.host.node({ kind: 'catalogSource', database: table[0]!, table: table[1]!, declared: true }, c.call, 'table'));
}

// ---------------------------------------------------------------- DataFrameReader (spark.read)

/**
 * Spark SQL's simple type names in a DDL schema (DataFrameReader.schema: "a DDL-formatted string (For example col0
 * INT, col1 DOUBLE)", the PySpark reference) → the names StructField's types take here (modules.ts SQL_TYPES); the
 * synonyms as Spark's parser takes them (AstBuilder visitPrimitiveDataType: integer, long, short, byte, real).
 */
const DDL_TYPES: Record<string, string> = { ...SPARK_DDL_NUMBERS_AND_TEXT, date: 'date', timestamp: 'timestamp', binary: 'binary' };

/** `"id INT, price DECIMAL(10,2), day DATE"` as fields; undefined for anything else (nested types, NOT NULL, COMMENT, a colon). */
export function ddlSchemaFields(text: string): { name: string; type: string }[] | undefined {
  const parts = text.split(/,(?![^(]*\))/).map((x) => x.trim());
  const fields: { name: string; type: string }[] = [];
  for (const part of parts) {
    const m = /^(`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)\s+([A-Za-z]+)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(part);
    if (!m) return undefined;
    const name = m[1]!.startsWith('`') ? m[1]!.slice(1, -1).replace(/``/g, '`') : m[1]!;
    const kind = m[2]!.toLowerCase();
    if (kind === 'decimal' || kind === 'dec' || kind === 'numeric') {
      // DECIMAL alone is decimal(10,0) (Spark's DecimalType.USER_DEFAULT)
      fields.push({ name, type: `decimal(${m[3] ?? 10},${m[4] ?? 0})` });
      continue;
    }
    const type = DDL_TYPES[kind];
    if (type === undefined || m[3] !== undefined) return undefined;
    fields.push({ name, type });
  }
  return fields.length > 0 ? fields : undefined;
}

type Reader = Extract<PyValue, { t: 'reader' }>;
const reader = (c: CallCtx): Reader => c.self as Reader;

/** Options Spark's readers take that the local run honours, and those without effect on the rows. */
const READER_OPTIONS: Record<string, string[]> = {
  // (inferSchema is no JSON option: Spark's JSONOptions has no such key and ignores it, the JSON reader always infers)
  json: ['multiLine', 'multiline', 'samplingRatio', 'mode', 'dropFieldIfAllNull', 'primitivesAsString', 'inferSchema'],
  csv: ['header', 'inferSchema', 'sep', 'delimiter', 'quote', 'escape', 'multiLine', 'multiline', 'mode', 'samplingRatio', 'encoding', 'nullValue'],
  parquet: ['mergeSchema'],
  // DataFrameReader.text: wholetext (a file is one row); lineSep is refused (the default reads \n, \r\n and \r)
  text: ['wholetext'],
};

function readerWith(c: CallCtx, patch: Partial<Reader>): PyValue {
  return { ...reader(c), options: { ...reader(c).options, ...(patch.options ?? {}) }, ...(patch.format !== undefined ? { format: patch.format } : {}), ...(patch.schema !== undefined ? { schema: patch.schema } : {}) };
}

function schemaArg(c: CallCtx, a: Arg | undefined): { name: string; type: string }[] | undefined {
  if (a === undefined || a.value.t === 'none') return undefined;
  if (a.value.t === 'schema' && !a.value.single) return a.value.fields;
  if (a.value.t === 'str') {
    const fields = ddlSchemaFields(a.value.v);
    if (fields !== undefined) return fields;
    throw c.host.unsupported(a.node, `${c.construct} with schema ${excerpt(a.node)}`, 'a DDL schema string is read here as "name type, …" of simple types (string, int, bigint, double, decimal(p,s), date, timestamp, …)', 'write StructType([StructField("a", StringType(), True), …])');
  }
  throw c.host.unsupported(a.node, `${c.construct} with schema ${excerpt(a.node)}`, 'the schema must be a StructType of StructFields written in the script', 'write StructType([StructField("a", StringType(), True), …])');
}

function read(format: string | undefined) {
  return (c: CallCtx): PyValue => {
    const b = c.bound();
    const r = reader(c);
    const fmt = (format ?? (b.optString('format') ?? r.format ?? 'parquet')).toLowerCase();
    if (fmt !== 'json' && fmt !== 'csv' && fmt !== 'parquet' && fmt !== 'text')
      throw c.host.unsupported(c.call, `spark.read with the format "${fmt}"`, fmt === 'orc' ? 'the local engine (DuckDB) does not read ORC' : 'the local engine reads json, csv, parquet and text', 'use one of those');
    const options: Record<string, unknown> = { ...r.options };
    for (const [k, a] of b.restKeywords) {
      const v = toConst(a.value);
      if (v === undefined || v.py === 'list' || v.py === 'tuple') throw b.notLiteral(a, `${c.construct} ${k}`, 'a literal value');
      options[k] = v.py === 'none' ? null : (v as { v: unknown }).v;
    }
    for (const k of Object.keys(options))
      if (!READER_OPTIONS[fmt]!.includes(k)) throw c.host.unsupported(c.call, `spark.read with the option "${k}"`, `it is not one of the ${fmt} options the local engine honours (${READER_OPTIONS[fmt]!.join(', ')})`, 'remove it');
    // a sample's types depend on the rows Spark happens to draw (samplingRatio < 1 infers from a random sample)
    if (options['samplingRatio'] !== undefined && Number(options['samplingRatio']) !== 1 && (fmt === 'json' || String(options['inferSchema']).toLowerCase() === 'true'))
      throw c.host.unsupported(c.call, `spark.read with samplingRatio ${String(options['samplingRatio'])}`, 'Spark then infers the types from a random sample of the rows', 'remove the option (every row is read), or give a schema');
    // Spark's parse modes (DataFrameReader.json/csv "mode": DROPMALFORMED "ignores the whole corrupted records",
    // FAILFAST "throws an exception when it meets corrupted records"): which records are corrupted is what Spark's
    // parsers decide — a JSON line Jackson rejects under Spark's JSONOptions (single quotes and NaN allowed, comments
    // and unquoted names not), a CSV line whose fields do not fit the schema — which the local readers (DuckDB's) do
    // not decide alike; the local read refuses a malformed JSON line by name instead
    const mode = options['mode'] === undefined || options['mode'] === null ? undefined : String(options['mode']);
    if (mode !== undefined && mode.toUpperCase() !== 'PERMISSIVE') {
      const known = mode.toUpperCase() === 'DROPMALFORMED' || mode.toUpperCase() === 'FAILFAST';
      throw c.host.unsupported(
        c.call,
        `spark.read with mode "${mode}"`,
        known
          ? `Spark ${mode.toUpperCase() === 'DROPMALFORMED' ? 'drops' : 'fails the read on'} the records its ${fmt === 'csv' ? 'CSV' : 'JSON'} parser finds corrupted (${fmt === 'csv' ? 'a line whose fields do not fit the schema' : 'a line Jackson rejects under Spark\'s JSON options'}), and the local reader does not find the same ones`
          : `"${mode}" is not one of Spark's parse modes (PERMISSIVE, DROPMALFORMED, FAILFAST)`,
        'remove the option: the default, PERMISSIVE, is read locally (a JSON line the local reader finds malformed is refused naming the object and the line)',
      );
    }
    const pathArg = b.need('path');
    const paths = pathArg.value.t === 'str' ? [pathArg.value.v] : asStrings(c.host, pathArg, `${c.construct} path`);
    for (const p of paths) if (!/^s3a?:\/\/[^/]+/.test(p)) throw c.host.invalid(pathArg.node, `${c.construct}: the path must be an s3://bucket/prefix/ path, not ${JSON.stringify(p)}`);
    const schema = schemaArg(c, b.get('schema')) ?? r.schema;
    return df(
      c.host.node(
        { kind: 's3Source', paths, format: fmt, recurse: true, formatOptions: {}, reader: { options, ...(schema ? { schema } : {}) } },
        c.call,
        `read.${fmt}`,
      ),
    );
  };
}

export const SPARK_SESSION: Table = {
  'SparkSession.sql': { sig: 'sqlQuery!, args~, **kwargs', becomes: 'sql', doc: `${SPARK_DOC}/api/pyspark.sql.SparkSession.sql.html`, run: sparkSql },
  'SparkSession.table': { sig: 'tableName!', becomes: 'catalogSource (declared columns)', doc: `${SPARK_DOC}/api/pyspark.sql.SparkSession.table.html`, run: sparkTable },
  'DataFrameReader.format': { sig: 'source!', becomes: 'value (a reader)', run: (c) => readerWith(c, { format: c.bound().string('source') }) },
  'DataFrameReader.option': {
    sig: 'key!, value!',
    becomes: 'value (a reader)',
    run: (c) => {
      const b = c.bound();
      const v = toConst(b.need('value').value);
      if (v === undefined || v.py === 'list' || v.py === 'tuple') throw b.notLiteral(b.need('value'), `${c.construct} value`, 'a literal value');
      return readerWith(c, { options: { [b.string('key')]: v.py === 'none' ? null : (v as { v: unknown }).v } });
    },
  },
  'DataFrameReader.options': {
    sig: '**options',
    becomes: 'value (a reader)',
    run: (c) => {
      const b = c.bound();
      const options: Record<string, unknown> = {};
      for (const [k, a] of b.restKeywords) {
        const v = toConst(a.value);
        if (v === undefined || v.py === 'list' || v.py === 'tuple') throw b.notLiteral(a, `${c.construct} ${k}`, 'a literal value');
        options[k] = v.py === 'none' ? null : (v as { v: unknown }).v;
      }
      return readerWith(c, { options });
    },
  },
  'DataFrameReader.schema': { sig: 'schema!', becomes: 'value (a reader)', run: (c) => readerWith(c, { schema: schemaArg(c, c.bound().need('schema'))! }) },
  'DataFrameReader.json': { sig: 'path!, schema, **options', becomes: 's3Source', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrameReader.json.html`, run: read('json') },
  'DataFrameReader.csv': { sig: 'path!, schema, **options', becomes: 's3Source', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrameReader.csv.html`, run: read('csv') },
  'DataFrameReader.parquet': { sig: 'path!, **options', becomes: 's3Source', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrameReader.parquet.html`, run: read('parquet') },
  'DataFrameReader.load': { sig: 'path!, format, schema, **options', becomes: 's3Source', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrameReader.load.html`, run: read(undefined) },
  'DataFrameReader.table': { sig: 'tableName!', becomes: 'catalogSource (declared columns)', run: sparkTable },
  'DataFrameReader.orc': { refuse: 'the local engine (DuckDB) does not read ORC', instead: 'read json, csv or parquet' },
  'DataFrameReader.text': { sig: 'path!, **options', becomes: 's3Source', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrameReader.text.html`, run: read('text') },
  'DataFrameReader.jdbc': { refuse: 'the local engine reads S3 only', instead: 'read from S3 or the Data Catalog' },
  'SparkSession.createDataFrame': { sig: 'data!, schema, samplingRatio, verifySchema', becomes: 'rows', doc: `${SPARK_DOC}/api/pyspark.sql.SparkSession.createDataFrame.html`, run: createDataFrame },
  // spark.range(end) / range(start, end, step): one bigint column `id` (SparkSession.range; numPartitions changes no row)
  'SparkSession.range': {
    sig: 'start!, end, step, numPartitions',
    becomes: 'rows',
    doc: `${SPARK_DOC}/api/pyspark.sql.SparkSession.range.html`,
    run: (c) => {
      const b = c.bound();
      const hasEnd = b.get('end') !== undefined && b.get('end')!.value.t !== 'none';
      const [start, end] = hasEnd ? [b.int('start'), b.int('end')] : [0, b.int('start')];
      const step = b.int('step', 1);
      if (step === 0) throw c.host.invalid(c.call, `${c.construct}: the step cannot be 0`);
      const n = Math.max(0, Math.ceil((end - start) / step));
      if (n > 100_000) throw c.host.unsupported(c.call, `${c.construct} of ${n} rows`, 'more than 100000 generated rows are not followed', 'read the data from S3 or the Data Catalog');
      const rows = Array.from({ length: n }, (_, i) => [{ py: 'int' as const, v: start + i * step }]);
      // Spark's Range: `StructField("id", LongType, nullable = false)` (basicLogicalOperators.scala)
      return node(c, { kind: 'rows', columns: [{ name: 'id', type: 'bigint', nullable: false }], rows }, 'range');
    },
  },
  'SparkSession.stop': { sig: '', becomes: 'ignored', run: () => NONE },
};
