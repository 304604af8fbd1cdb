/**
 * Glue's sources, sinks and GlueContext utilities — each a row: the call → its parameters → the plan's source node,
 * sink or purge, or why it is refused and what to write instead. Sources: the AWS Glue developer guide, "GlueContext
 * class", "Data format options for inputs and outputs" (aws-glue-programming-etl-format.html), "Updating the schema,
 * and adding new partitions in the Data Catalog using AWS Glue ETL jobs" (update-from-job.html), awslabs/aws-glue-libs
 * awsglue/context.py and data_sink.py, and scripts Glue Studio generates.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { asString, asStrings, type Arg, type Bound } from '../callArgs';
import type { PlanFormat } from '../plan';
import { sqlText, type ColExpr } from '../expr';
import { NONE, str, toConst, type PendingSink, type PyValue } from '../values';
import type { CallCtx, Table } from './registry';
import { GLUE_DOC, TRANSFORM_PARAMS, dyf, transform } from './glueCommon';

/** `s3://bucket/prefix` check; the path as given. */
function s3Path(c: CallCtx, a: Arg, what: string): string {
  const p = asString(c.host, a, what);
  if (!/^s3a?:\/\/[^/]+/.test(p)) throw c.host.invalid(a.node, `${what} must be an s3://bucket/prefix/ path, not ${JSON.stringify(p)}`);
  return p;
}

const withSlash = (p: string): string => (p.endsWith('/') ? p : `${p}/`);

function connectionType(c: CallCtx, b: Bound): void {
  const a = b.need('connection_type');
  const t = asString(c.host, a, `${c.construct} connection_type`);
  if (t === 'redshift') {
    // Glue Studio's Amazon Redshift source and target nodes: there is no cluster to reach in a local run
    const role = c.construct.includes('write_') ? 'target' : 'source';
    throw c.host.unsupported(
      a.node,
      `${c.construct} with connection_type="redshift" (an Amazon Redshift ${role} node)`,
      'a local run reaches no Amazon Redshift cluster: the local engine reads and writes S3 only',
      `run this job on Glue; to run it locally, ${role === 'source' ? 'read the S3 data or Data Catalog table the Redshift table is loaded from' : 'write to S3 or a Data Catalog table'} instead`,
    );
  }
  if (t !== 's3')
    throw c.host.unsupported(a.node, `${c.construct} with connection_type="${t}"`, 'the local engine reads and writes S3 only', 'use an S3 or Data Catalog node');
}

/** Formats: what DuckDB reads and writes with Glue's results, and those refused by name. */
const FORMAT_REFUSED: Record<string, string> = {
  orc: 'the local engine (DuckDB) does not read or write ORC',
  avro: 'the local engine (DuckDB) does not read or write Avro',
  xml: 'the local engine does not read XML',
  ion: 'the local engine does not read Amazon Ion',
  grokLog: 'the local engine does not read grok logs',
  hudi: 'the local engine does not read or write Hudi tables',
  delta: 'the local engine does not read or write Delta tables',
  iceberg: 'the local engine does not read or write Iceberg tables',
  excel: 'the local engine does not read Excel files',
};

function format(c: CallCtx, a: Arg, sink: boolean): PlanFormat {
  const f = asString(c.host, a, `${c.construct} format`);
  if (f === 'json' || f === 'parquet' || f === 'csv') return f;
  if (f === 'glueparquet') return 'parquet';
  const why = FORMAT_REFUSED[f] ?? `the format "${f}" is not one the local engine ${sink ? 'writes' : 'reads'}`;
  throw c.host.unsupported(a.node, `${c.construct} with format="${f}"`, why, 'use json, csv or parquet');
}

/** Format options Glue documents, per format: those with an effect the runner honours, and those without effect here. */
const SOURCE_FORMAT_OPTIONS: Record<PlanFormat, string[]> = {
  json: ['multiline', 'multiLine', 'jsonPath', 'optimizePerformance', 'withSchema'],
  csv: ['separator', 'withHeader', 'quoteChar', 'escaper', 'multiLine', 'multiline', 'skipFirst', 'optimizePerformance', 'strictCheckForQuoting', 'writeHeader'],
  parquet: ['useGlueParquetWriter', 'compression', 'blockSize', 'pageSize', 'optimizePerformance'],
};
const SINK_FORMAT_OPTIONS: Record<PlanFormat, string[]> = {
  json: ['compression'],
  csv: ['separator', 'writeHeader', 'quoteChar', 'escaper', 'compression', 'withHeader', 'optimizePerformance'],
  parquet: ['useGlueParquetWriter', 'compression', 'blockSize', 'pageSize', 'enableUpdateCatalog'],
};

function formatOptions(c: CallCtx, b: Bound, fmt: PlanFormat, sink: boolean): Record<string, unknown> {
  const opts = b.dict('format_options');
  const allowed = (sink ? SINK_FORMAT_OPTIONS : SOURCE_FORMAT_OPTIONS)[fmt];
  for (const k of Object.keys(opts))
    if (!sink && FILE_FIELD_OPTIONS.includes(k)) refuseFileField(c, b.need('format_options').node, k);
    else if (!allowed.includes(k))
      throw c.host.unsupported(b.need('format_options').node, `${c.construct} with format option "${k}"`, `it is not one of the ${fmt} options the local engine honours (${allowed.join(', ')})`, 'remove it');
  if (!sink && fmt === 'json' && opts['jsonPath'] !== undefined && opts['jsonPath'] !== '$[*]')
    throw c.host.unsupported(b.need('format_options').node, `${c.construct} with format option "jsonPath"`, 'only "$[*]" (the elements of a top-level array) is read locally', 'remove it');
  // Glue's CSV writer with another separator, quote or an escape character: what it writes is not seen in any
  // published output (the quoting rule follows from the separator and the quote: writer.ts glueCsv)
  if (sink && fmt === 'csv')
    for (const [k, dflt] of [['separator', ','], ['quoteChar', '"'], ['escaper', undefined]] as const)
      if (opts[k] !== undefined && opts[k] !== dflt)
        throw c.host.unsupported(b.need('format_options').node, `${c.construct} with format option "${k}"`, `what Glue's CSV writer writes with it is not documented nor seen in a published output (the local sink writes Glue's default: "," and '"', quotes doubled)`, 'remove it, or write with df.write (Spark\'s CSV writer)');
  // a CSV source's escaper: "the character which immediately follows is used as-is, except for a small set of
  // well-known escapes (\n, \r, \t, and \0)" (the CSV format page) - not followed by the local reader (it was ignored)
  if (!sink && fmt === 'csv' && opts['escaper'] !== undefined && opts['escaper'] !== '')
    throw c.host.unsupported(b.need('format_options').node, `${c.construct} with format option "escaper"`, 'the local reader does not follow Glue\'s escaper (the character after it used as-is, \\n \\r \\t \\0 read as escapes): the option was ignored, the escapes left in the values', 'remove it and quote values with doubled quotes (RFC 4180), or read with spark.read.csv and its escape option');
  if (!sink && fmt === 'csv' && opts['skipFirst'] === true)
    throw c.host.unsupported(b.need('format_options').node, `${c.construct} with format option "skipFirst"`, 'skipping the first line without a header is not read locally', 'use withHeader');
  return opts;
}

/** Connection and additional options that do not change the rows read (file grouping, listing). */
const NO_EFFECT_OPTIONS = ['groupFiles', 'groupSize', 'useS3ListImplementation', 'boundedFiles', 'boundedSize', 'maxBand', 'maxFilesInBand', 'isFailFast', 'compressionType'];

/**
 * Read options that add a field to every record (the source file's name, its modification time): they change the
 * rows, and the text Glue gives the field is not found in a public page or output, so a read with one is refused.
 * On a sink they are no read at all and change nothing there.
 */
const FILE_FIELD_OPTIONS = ['attachFilename', 'attachTimestamp'];

function refuseFileField(c: CallCtx, at: SyntaxNode, key: string): never {
  throw c.host.unsupported(
    at,
    `${c.construct} with the option "${key}"`,
    `it adds the field ${key === 'attachFilename' ? "holding each record's source file name" : "holding each record's source file's modification time"}, whose text on Glue (the object's s3:// URI or its key; the time's type and zone) is not shown in any public page or output`,
    'remove it (a per-file value can be kept in the data itself, or the files read one prefix at a time)',
  );
}

/**
 * from_catalog's push_down_predicate ("Optimizing reads with pushdown in AWS Glue ETL", "Managing partitions for ETL
 * output in AWS Glue": a Spark SQL boolean expression over the partition columns, applied to the table's partitions in
 * the Data Catalog before any file is listed or read): kept as a Spark SQL text, evaluated over the partitions' values
 * when the job runs (runNodes.ts).
 */
function pushDownPredicate(c: CallCtx, b: Bound): Extract<ColExpr, { k: 'sql' }> | undefined {
  const a = b.get('push_down_predicate');
  if (a === undefined || a.value.t === 'none' || (a.value.t === 'str' && a.value.v.trim() === '')) return undefined;
  if (a.value.t !== 'str') throw b.notLiteral(a, `${c.construct} push_down_predicate`, 'a string holding a Spark SQL condition over the partition columns');
  const e = sqlText(c.host.pos(a.node), a.value);
  return e.k === 'sql' ? e : undefined;
}

function catalogSource(c: CallCtx): PyValue {
  const b = c.bound();
  const predicate = pushDownPredicate(c, b);
  const extra = b.dict('additional_options');
  for (const k of Object.keys(extra)) {
    if (k === 'catalogPartitionPredicate')
      throw c.host.unsupported(
        b.need('additional_options').node,
        `${c.construct} with additional option "${k}"`,
        'a catalog partition predicate is evaluated by the Data Catalog itself on the table\'s partition indexes, in its own expression syntax (JSQL, not Spark SQL), whose comparisons of partition values the local engine does not reproduce',
        'give the same condition as push_down_predicate="…" (Spark SQL over the partition columns), which the local engine evaluates as Glue does',
      );
    if (FILE_FIELD_OPTIONS.includes(k)) refuseFileField(c, b.need('additional_options').node, k);
    if (!NO_EFFECT_OPTIONS.includes(k) && k !== 'recurse' && k !== 'mergeSchema')
      throw c.host.unsupported(b.need('additional_options').node, `${c.construct} with additional option "${k}"`, 'it is not one the local engine honours', 'remove it');
  }
  b.optString('transformation_ctx', 'transformation_ctx');
  const id = c.host.node({ kind: 'catalogSource', database: b.string('database'), table: b.string('table_name'), ...(predicate ? { pushDownPredicate: predicate } : {}) }, c.call, 'from_catalog');
  return dyf(id);
}

function s3Source(c: CallCtx): PyValue {
  const b = c.bound();
  b.refuseIfSet(
    'push_down_predicate',
    'the local engine evaluates a pushdown predicate over a Data Catalog table\'s partitions only (S3 paths have none registered here)',
    'read the partitioned table with create_dynamic_frame.from_catalog(…, push_down_predicate="…"), or filter the records after reading',
  );
  connectionType(c, b);
  b.optString('transformation_ctx', 'transformation_ctx');
  const optsArg = b.need('connection_options');
  const opts = optsArg.value;
  if (opts.t !== 'dict') throw b.notLiteral(optsArg, `${c.construct} connection_options`, 'a dict');
  let paths: string[] | undefined;
  let recurse = false;
  const fmt = format(c, b.need('format'), false);
  const formatOpts = formatOptions(c, b, fmt, false);
  for (const [k, v] of opts.entries) {
    const key = k.t === 'str' ? k.v : '';
    const arg = { value: v, node: optsArg.node };
    if (key === 'paths') {
      paths = asStrings(c.host, arg, `${c.construct} paths`);
      for (const p of paths) s3Path(c, { value: str(p), node: optsArg.node }, `${c.construct} paths`);
    } else if (key === 'recurse') {
      if (v.t !== 'bool') throw b.notLiteral(arg, `${c.construct} recurse`, 'True or False');
      recurse = v.v;
    } else if (key === 'exclusions')
      throw c.host.unsupported(optsArg.node, `${c.construct} with connection option "exclusions"`, 'excluding files by pattern is not read locally', 'remove the files from the prefix, or filter the rows');
    else if (FILE_FIELD_OPTIONS.includes(key)) refuseFileField(c, optsArg.node, key);
    else if (!NO_EFFECT_OPTIONS.includes(key))
      throw c.host.unsupported(optsArg.node, `${c.construct} with connection option "${key}"`, 'only "paths" and "recurse" (and options without effect on the rows: groupFiles, groupSize, …) are read', 'remove it');
  }
  if (paths === undefined) throw c.host.invalid(optsArg.node, `${c.construct}: connection_options needs "paths": ["s3://…"]`);
  return dyf(c.host.node({ kind: 's3Source', paths, format: fmt, recurse, formatOptions: formatOpts }, c.call, 'from_options'));
}

function s3Sink(c: CallCtx): PyValue {
  const b = c.bound();
  const ctx = b.optString('transformation_ctx', 'transformation_ctx');
  const input = c.host.dyf(b.need('frame'), `the frame of ${c.construct}`);
  connectionType(c, b);
  const optsArg = b.need('connection_options');
  if (optsArg.value.t !== 'dict') throw b.notLiteral(optsArg, `${c.construct} connection_options`, 'a dict');
  let path: string | undefined;
  let partitionKeys: string[] = [];
  let compression: string | undefined;
  for (const [k, v] of optsArg.value.entries) {
    const key = k.t === 'str' ? k.v : '';
    const arg = { value: v, node: optsArg.node };
    if (key === 'path') path = s3Path(c, arg, `${c.construct} path`);
    else if (key === 'partitionKeys') partitionKeys = asStrings(c.host, arg, `${c.construct} partitionKeys`);
    else if (key === 'compression') compression = asString(c.host, arg, `${c.construct} compression`);
    else throw c.host.unsupported(optsArg.node, `${c.construct} with connection option "${key}"`, 'only "path", "partitionKeys" and "compression" are read', 'remove it');
  }
  if (path === undefined) throw c.host.invalid(optsArg.node, `${c.construct}: connection_options needs "path": "s3://…/"`);
  const fmt = format(c, b.need('format'), true);
  const fo = formatOptions(c, b, fmt, true);
  if (typeof fo['compression'] === 'string') compression = fo['compression'];
  delete fo['compression'];
  // format="parquet" (as written: write_from_options compares it as is) takes Spark SQL's Parquet sink
  // (aws-glue-libs awsglue/context.py write_from_options: "Handle parquet and ORC case, make sure to get the right
  // SparkSQL sink"); "glueparquet", or useGlueParquetWriter, asks for Glue's own writer ("a custom Parquet writer type
  // that is optimized for Dynamic Frames": the format options page)
  const formatArg = b.need('format').value;
  const sparkSqlSink = formatArg.t === 'str' && formatArg.v === 'parquet' && fo['useGlueParquetWriter'] === undefined;
  const name = c.host.takeName();
  const id = c.host.target() ?? ctx;
  c.host.addSink({
    kind: 's3',
    line: c.host.pos(statementOf(c.call)).line,
    input,
    ...(id !== undefined ? { id } : {}),
    ...(name !== undefined ? { name } : {}),
    path: withSlash(path),
    format: fmt,
    partitionKeys,
    ...(compression !== undefined ? { compression } : {}),
    formatOptions: fo,
    ...(sparkSqlSink ? { sparkSqlSink: true as const } : {}),
  });
  return NONE;
}

/**
 * Spigot / DynamicFrame.spigot: writes a sample of the frame's records to `path` as JSON and passes the frame on
 * unchanged. Glue's options: `topk` (at most k records, "The default is 100") and `prob` (the probability of picking
 * each record, "Default is 1") — AWS Glue, "Spigot class" and the Scala DynamicFrame's spigot
 * (glue-etl-scala-apis-glue-dynamicframe-class.html). Locally it is a JSON sink in the project's store, committed with
 * the job's other output; a `prob` below 1 is a random sample, which is refused rather than drawn differently.
 */
function spigot(c: CallCtx): PyValue {
  const b = c.bound();
  const input = c.self?.t === 'dyf' ? c.self.id : c.host.dyf(b.need('frame'), `the frame of ${c.construct}`);
  const path = s3Path(c, b.need('path'), `${c.construct} path`);
  const options = b.has('options') ? b.need('options') : undefined;
  let topk = 100;
  for (const [key, v] of Object.entries(b.dict('options'))) {
    const at = options!.node;
    if (key === 'topk') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw c.host.invalid(at, `${c.construct}: topk must be a whole number of records, not ${JSON.stringify(v)}`);
      topk = v;
    } else if (key === 'prob') {
      if (typeof v !== 'number' || v < 0 || v > 1) throw c.host.invalid(at, `${c.construct}: prob must be a probability between 0 and 1, not ${JSON.stringify(v)}`);
      if (v < 1)
        throw c.host.unsupported(at, `${c.construct} with prob=${v}`, 'Glue picks each record at random with this probability, so its sample differs on every run and cannot be reproduced locally', 'remove prob (topk alone writes the first records), or set it to 1');
    } else throw c.host.unsupported(at, `${c.construct} with the option "${key}"`, 'Glue documents the options topk and prob only', 'remove it');
  }
  const ctx = b.optString('transformation_ctx', 'transformation_ctx');
  c.host.addSink({
    kind: 's3',
    line: c.host.pos(statementOf(c.call)).line,
    input,
    ...(ctx !== undefined && ctx !== '' ? { id: ctx } : {}),
    path: withSlash(path),
    format: 'json',
    partitionKeys: [],
    formatOptions: {},
    spigot: { topk },
  });
  return dyf(input);
}

function catalogSink(c: CallCtx): PyValue {
  const b = c.bound();
  const ctx = b.optString('transformation_ctx', 'transformation_ctx');
  const input = c.host.dyf(b.need('frame'), `the frame of ${c.construct}`);
  const extra = b.dict('additional_options');
  for (const k of Object.keys(extra))
    if (!['enableUpdateCatalog', 'updateBehavior', 'partitionKeys', ...NO_EFFECT_OPTIONS, ...FILE_FIELD_OPTIONS].includes(k))
      throw c.host.unsupported(b.need('additional_options').node, `${c.construct} with additional option "${k}"`, 'it is not one the local engine honours', 'remove it');
  if (Array.isArray(extra['partitionKeys']) && extra['partitionKeys'].length > 0)
    throw c.host.unsupported(b.need('additional_options').node, `${c.construct} with additional option "partitionKeys"`, 'the table\'s own partition keys are used when writing locally', 'declare the partition keys in the table');
  const name = c.host.takeName();
  const id = c.host.target() ?? ctx;
  c.host.addSink({
    kind: 'catalog',
    line: c.host.pos(statementOf(c.call)).line,
    input,
    ...(id !== undefined ? { id } : {}),
    ...(name !== undefined ? { name } : {}),
    database: b.string('database'),
    table: b.string('table_name'),
  });
  return NONE;
}

function getSink(c: CallCtx): PyValue {
  const b = c.bound();
  const variable = c.host.target();
  if (variable === undefined) throw c.host.invalid(c.call, 'assign the result of getSink(…) to a variable and call its writeFrame(…)');
  b.optString('transformation_ctx', 'transformation_ctx');
  connectionType(c, b);
  const name = c.host.takeName();
  const sink: PendingSink = {
    variable,
    line: c.host.pos(statementOf(c.call)).line,
    ...(name !== undefined ? { name } : {}),
    path: withSlash(s3Path(c, b.need('path'), `${c.construct} path`)),
    partitionKeys: b.has('partitionKeys') ? b.strings('partitionKeys') : [],
    enableUpdateCatalog: b.bool('enableUpdateCatalog', false),
    formatOptions: {},
    written: false,
  };
  const ub = b.optString('updateBehavior');
  if (ub !== undefined) sink.updateBehavior = ub;
  const comp = b.optString('compression');
  if (comp !== undefined) sink.compression = comp;
  if (b.has('format')) {
    sink.format = format(c, b.need('format'), true);
    // aws-glue-libs awsglue/context.py getSink: "Check SparkSQL format first to make sure to return the expected
    // sink": a format in Spark_SQL_Formats ({"parquet", "orc"}, compared lower-cased) becomes the connection type,
    // Spark SQL's Parquet sink, as write_dynamic_frame.from_options(format="parquet") takes
    const f = b.need('format').value;
    if (f.t === 'str' && f.v.toLowerCase() === 'parquet') sink.sparkSqlSink = true;
  }
  c.host.addPendingSink(sink);
  return { t: 'sink', sink };
}

function sinkOf(c: CallCtx): PendingSink {
  const s = c.self;
  if (s?.t !== 'sink') throw c.host.invalid(c.call, `${c.construct} needs a sink`);
  if (s.sink.written && !c.construct.endsWith('writeFrame')) throw c.host.invalid(c.call, `${c.construct}(…) comes after ${s.sink.variable}.writeFrame(…): set the sink up before writing`);
  return s.sink;
}

/**
 * `purge_s3_path(s3_path, options={}, transformation_ctx="")` as Glue documents it: `s3_path` in the form
 * `s3://<bucket>/<prefix>/`, taken as given; options `retentionPeriod` (hours, default 168), `excludeStorageClasses`
 * (S3 storage class names); `manifestFilePath` (Glue writes Success.csv/Failed.csv there) is refused.
 */
function purge(c: CallCtx): PyValue {
  const b = c.bound();
  b.optString('transformation_ctx', 'transformation_ctx');
  const p = b.need('s3_path');
  const path = asString(c.host, p, `${c.construct} path`);
  if (!/^s3:\/\/[^/]+\//.test(path) || !path.endsWith('/'))
    throw c.host.invalid(p.node, `${c.construct}: the path must be in the form s3://<bucket>/<prefix>/ (Glue's documented form, with the trailing "/"), not ${JSON.stringify(path)}`);
  let retentionHours = 168;
  let excludeStorageClasses: string[] = [];
  if (b.has('options')) {
    const opts = b.dict('options');
    const at = b.need('options').node;
    if (opts['retentionPeriod'] !== undefined) {
      if (typeof opts['retentionPeriod'] !== 'number' || !Number.isFinite(opts['retentionPeriod']))
        throw c.host.invalid(at, `${c.construct}: "retentionPeriod" must be a number of hours (0: every object older than now)`);
      retentionHours = opts['retentionPeriod'];
    }
    if (opts['excludeStorageClasses'] !== undefined) {
      const classes = opts['excludeStorageClasses'];
      if (!Array.isArray(classes) || classes.some((x) => typeof x !== 'string'))
        throw c.host.invalid(at, `${c.construct}: "excludeStorageClasses" must be a list of S3 storage class names, e.g. ["GLACIER"]`);
      const unknown = (classes as string[]).find((x) => !S3_STORAGE_CLASSES.includes(x));
      if (unknown !== undefined) throw c.host.invalid(at, `${c.construct}: "${unknown}" is not an S3 storage class (${S3_STORAGE_CLASSES.join(', ')})`);
      excludeStorageClasses = classes as string[];
    }
    for (const key of Object.keys(opts)) {
      if (key === 'manifestFilePath')
        throw c.host.unsupported(at, `${c.construct} with "manifestFilePath"`, 'the manifest files Glue writes there (Success.csv, Failed.csv) are not written locally', 'remove it to run the job here');
      if (key !== 'retentionPeriod' && key !== 'excludeStorageClasses')
        throw c.host.unsupported(at, `${c.construct} with option "${key}"`, 'only "retentionPeriod" and "excludeStorageClasses" are read', 'remove it');
    }
  }
  c.host.addPurge({ path, line: c.host.pos(c.call).line, retentionHours, excludeStorageClasses });
  return NONE;
}

/** S3's storage classes (the API's StorageClass values), as `excludeStorageClasses` names them. */
const S3_STORAGE_CLASSES = ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'OUTPOSTS', 'GLACIER_IR', 'SNOW', 'EXPRESS_ONEZONE'];

/** The statement a call is part of (a sink's line is its statement's). */
function statementOf(n: SyntaxNode): SyntaxNode {
  let x: SyntaxNode = n;
  while (x.parent !== null && x.parent.type !== 'module' && x.parent.type !== 'block') x = x.parent;
  return x;
}

// ---------------------------------------------------------------- the table

export const GLUE_IO: Table = {
  // GlueContext: sources
  'GlueContext.create_dynamic_frame.from_catalog': transform(
    catalogSource,
    'database!, table_name!, redshift_tmp_dir~, transformation_ctx, push_down_predicate, additional_options, catalog_id~',
    'catalogSource',
    `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-glue-context.html#aws-glue-api-crawler-pyspark-extensions-glue-context-create_dynamic_frame_from_catalog`,
  ),
  'GlueContext.create_dynamic_frame_from_catalog': transform(catalogSource, 'database!, table_name!, redshift_tmp_dir~, transformation_ctx, push_down_predicate, additional_options, catalog_id~', 'catalogSource', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-glue-context.html`),
  'GlueContext.create_dynamic_frame.from_options': transform(
    s3Source,
    'connection_type!, connection_options!, format, format_options, transformation_ctx, push_down_predicate',
    's3Source',
    `${GLUE_DOC}/aws-glue-programming-etl-connect-s3-home.html`,
  ),
  'GlueContext.create_dynamic_frame_from_options': transform(s3Source, 'connection_type!, connection_options!, format, format_options, transformation_ctx, push_down_predicate', 's3Source', `${GLUE_DOC}/aws-glue-programming-etl-connect-s3-home.html`),
  'GlueContext.create_data_frame.from_catalog': { refuse: 'create_data_frame reads with Spark\'s readers, which are not followed yet', instead: 'use create_dynamic_frame.from_catalog(…).toDF()' },
  'GlueContext.create_data_frame_from_catalog': { refuse: 'create_data_frame reads with Spark\'s readers, which are not followed yet', instead: 'use create_dynamic_frame.from_catalog(…).toDF()' },
  'GlueContext.create_data_frame.from_options': { refuse: 'create_data_frame reads with Spark\'s readers, which are not followed yet', instead: 'use create_dynamic_frame.from_options(…).toDF()' },
  'GlueContext.create_dynamic_frame.from_rdd': { refuse: 'an RDD holds Python objects made by running Python', instead: 'read the data from S3 or the Data Catalog' },
  // sinks
  // the parameters of DynamicFrameWriter.from_options and GlueContext.write_dynamic_frame_from_options, complete
  // (awslabs/aws-glue-libs, branches glue-4.0 2eca6844 and glue-5.0 23918d00: awsglue/dynamicframe.py, context.py — no
  // **kwargs): another keyword, such as additional_options, is a TypeError on Glue
  'GlueContext.write_dynamic_frame.from_options': transform(s3Sink, 'frame!, connection_type!, connection_options!, format, format_options, transformation_ctx, **-', 'sink', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-glue-context.html#aws-glue-api-crawler-pyspark-extensions-glue-context-write_dynamic_frame_from_options`),
  'GlueContext.write_dynamic_frame_from_options': transform(s3Sink, 'frame!, connection_type!, connection_options!, format, format_options, transformation_ctx, **-', 'sink', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-glue-context.html`),
  'GlueContext.write_dynamic_frame.from_catalog': transform(catalogSink, 'frame!, database!, table_name!, redshift_tmp_dir~, transformation_ctx, additional_options, catalog_id~', 'sink', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-glue-context.html#aws-glue-api-crawler-pyspark-extensions-glue-context-write_dynamic_frame_from_catalog`),
  'GlueContext.write_dynamic_frame_from_catalog': transform(catalogSink, 'frame!, database!, table_name!, redshift_tmp_dir~, transformation_ctx, additional_options, catalog_id~', 'sink', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-glue-context.html`),
  'GlueContext.write_dynamic_frame.from_jdbc_conf': { refuse: 'the local engine writes S3 only', instead: 'write to S3 or the Data Catalog' },
  'GlueContext.write_data_frame.from_catalog': { refuse: 'write_data_frame is not followed yet', instead: 'use write_dynamic_frame.from_catalog(DynamicFrame.fromDF(df, glueContext, "name"), …)' },
  'GlueContext.getSink': transform(getSink, 'connection_type!, format, transformation_ctx, *, path!, partitionKeys, enableUpdateCatalog, updateBehavior, compression', 'sink', `${GLUE_DOC}/update-from-job.html`),
  'DataSink.setCatalogInfo': {
    sig: 'catalogDatabase!, catalogTableName!, catalogId~',
    becomes: 'sink',
    doc: `${GLUE_DOC}/update-from-job.html`,
    run: (c) => {
      const sink = sinkOf(c);
      const b = c.bound();
      sink.catalog = { database: b.string('catalogDatabase'), table: b.string('catalogTableName') };
      return NONE;
    },
  },
  'DataSink.setFormat': {
    sig: 'format!, **options',
    becomes: 'sink',
    doc: `${GLUE_DOC}/update-from-job.html`,
    run: (c) => {
      const sink = sinkOf(c);
      const b = c.bound();
      sink.format = format(c, b.need('format'), true);
      // setFormat asks the sink the Java side made for its format (DataSink.setFormat): Glue's own writer for "s3";
      // what it does on getSink(format="parquet")'s Spark SQL sink is not documented, so no longer taken as that sink
      delete sink.sparkSqlSink;
      for (const [key, a] of b.restKeywords) {
        const value = toConst(a.value);
        if (value === undefined || value.py === 'list' || value.py === 'tuple') throw b.notLiteral(a, `${c.construct} ${key}`, 'a literal value');
        if (!SINK_FORMAT_OPTIONS[sink.format].includes(key)) throw c.host.unsupported(a.node, `${c.construct} with the option ${key}=`, `it is not one of the ${sink.format} options the local engine honours`, 'remove it');
        const v = value.py === 'none' ? null : (value as { v: string | number | boolean }).v;
        if (key === 'compression' && typeof v === 'string') sink.compression = v;
        else sink.formatOptions[key] = v;
      }
      return NONE;
    },
  },
  'DataSink.writeFrame': {
    sig: 'dynamic_frame!, info~',
    becomes: 'sink',
    doc: `${GLUE_DOC}/update-from-job.html`,
    run: (c) => {
      const sink = sinkOf(c);
      const b = c.bound();
      const input = c.host.dyf(b.need('dynamic_frame'), `the frame of ${c.construct}`);
      if (sink.format === undefined) throw c.host.invalid(c.call, `${c.construct}: the sink has no format: call ${sink.variable}.setFormat("json") before writing`);
      sink.written = true;
      c.host.addSink({
        kind: 's3',
        line: sink.line,
        input,
        id: sink.variable,
        ...(sink.name !== undefined ? { name: sink.name } : {}),
        path: sink.path,
        format: sink.format,
        partitionKeys: sink.partitionKeys,
        ...(sink.catalog !== undefined && sink.enableUpdateCatalog ? { catalog: sink.catalog } : {}),
        ...(sink.updateBehavior !== undefined ? { updateBehavior: sink.updateBehavior } : {}),
        ...(sink.compression !== undefined ? { compression: sink.compression } : {}),
        formatOptions: sink.formatOptions,
        ...(sink.sparkSqlSink ? { sparkSqlSink: true as const } : {}),
      });
      return NONE;
    },
  },
  'Spigot.apply': transform(spigot, 'frame!, path!, options, transformation_ctx', 'sink (a JSON sample; the frame unchanged)', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-spigot.html`),
  'DynamicFrame.spigot': transform(spigot, `path!, options, ${TRANSFORM_PARAMS}`, 'sink (a JSON sample; the frame unchanged)', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-spigot`),
  'GlueContext.purge_s3_path': transform(purge, 's3_path!, options, transformation_ctx', 'purge', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-glue-context.html#aws-glue-api-crawler-pyspark-extensions-glue-context-purge_s3_path`),
  'GlueContext.purge_table': { refuse: 'purging a table\'s partitions is not done locally yet', instead: 'use purge_s3_path on the table\'s location' },
  'GlueContext.get_logger': { sig: '', becomes: 'value', run: () => ({ t: 'logger', kind: 'glue', level: 0 }) },
};
