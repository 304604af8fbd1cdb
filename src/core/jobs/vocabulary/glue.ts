/**
 * The Glue vocabulary: GlueContext's sources, sinks and utilities, the transforms of awsglue.transforms (as
 * `X.apply(…)` and as DynamicFrame methods), the Glue Studio visual transforms (`frame.gs_*`, from the gs_common.py
 * Glue ships), and EvaluateDataQuality — each a row: Glue call → parameters → plan node, or why it is refused and
 * what to write instead. Sources: the AWS Glue developer guide, "AWS Glue PySpark transforms reference"
 * (docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-python-transforms.html), "DynamicFrame class",
 * "GlueContext class", "Data format options for inputs and outputs" (aws-glue-programming-etl-format.html),
 * awslabs/aws-glue-libs awsglue/*.py, and scripts Glue Studio generates.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { asString, asStrings, excerpt, type Arg, type Bound } from '../callArgs';
import { sqlText, type ColExpr, type PyConst } from '../expr';
import type { PlanFormat } from '../plan';
import { NONE, describe, iterate, str, toConst, type PendingSink, type PyValue } from '../values';
import { LakehouseError } from '../../errors';
import { dataQualityNodeOptions, prepareRuleset } from '../dqdl';
import type { CallCtx, Host, Table } from './registry';

const GLUE_DOC = 'https://docs.aws.amazon.com/glue/latest/dg';
const TRANSFORM_PARAMS = 'transformation_ctx, info~, stageThreshold~, totalThreshold~';

const dyf = (id: string): PyValue => ({ t: 'dyf', id });

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
    if (!allowed.includes(k))
      throw c.host.unsupported(b.need('format_options').node, `${c.construct} with format option "${k}"`, `it is not one of the ${fmt} options the local engine honours (${allowed.join(', ')})`, 'remove it');
  if (!sink && fmt === 'json' && opts['jsonPath'] !== undefined && opts['jsonPath'] !== '$[*]')
    throw c.host.unsupported(b.need('format_options').node, `${c.construct} with format option "jsonPath"`, 'only "$[*]" (the elements of a top-level array) is read locally', 'remove it');
  if (!sink && fmt === 'csv' && opts['skipFirst'] === true)
    throw c.host.unsupported(b.need('format_options').node, `${c.construct} with format option "skipFirst"`, 'skipping the first line without a header is not read locally', 'use withHeader');
  return opts;
}

/** Connection and additional options that do not change the rows read (file grouping, listing). */
const NO_EFFECT_OPTIONS = ['groupFiles', 'groupSize', 'useS3ListImplementation', 'boundedFiles', 'boundedSize', 'maxBand', 'maxFilesInBand', 'isFailFast', 'attachFilename', 'attachTimestamp', 'compressionType'];

function catalogSource(c: CallCtx): PyValue {
  const b = c.bound();
  b.refuseIfSet('push_down_predicate', 'a partition predicate is not supported', 'filter in an SQL Query node instead');
  const extra = b.dict('additional_options');
  for (const k of Object.keys(extra)) {
    if (k === 'catalogPartitionPredicate') throw c.host.unsupported(b.need('additional_options').node, `${c.construct} with additional option "${k}"`, 'a partition predicate is not supported', 'filter in an SQL Query node instead');
    if (!NO_EFFECT_OPTIONS.includes(k) && k !== 'recurse' && k !== 'mergeSchema')
      throw c.host.unsupported(b.need('additional_options').node, `${c.construct} with additional option "${k}"`, 'it is not one the local engine honours', 'remove it');
  }
  b.optString('transformation_ctx', 'transformation_ctx');
  const id = c.host.node({ kind: 'catalogSource', database: b.string('database'), table: b.string('table_name') }, c.call, 'from_catalog');
  return dyf(id);
}

function s3Source(c: CallCtx): PyValue {
  const b = c.bound();
  b.refuseIfSet('push_down_predicate', 'a partition predicate is not supported', 'filter in an SQL Query node instead');
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
  });
  return NONE;
}

function catalogSink(c: CallCtx): PyValue {
  const b = c.bound();
  const ctx = b.optString('transformation_ctx', 'transformation_ctx');
  const input = c.host.dyf(b.need('frame'), `the frame of ${c.construct}`);
  const extra = b.dict('additional_options');
  for (const k of Object.keys(extra))
    if (!['enableUpdateCatalog', 'updateBehavior', 'partitionKeys', ...NO_EFFECT_OPTIONS].includes(k))
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
  if (b.has('format')) sink.format = format(c, b.need('format'), true);
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

// ---------------------------------------------------------------- transforms

function frameArg(c: CallCtx, b: Bound): { input: string } {
  b.optString('transformation_ctx', 'transformation_ctx');
  return { input: c.self?.t === 'dyf' ? c.self.id : c.host.dyf(b.need('frame'), `the frame of ${c.construct}`) };
}

function fields(kind: 'dropFields' | 'selectFields') {
  return (c: CallCtx): PyValue => {
    const b = c.bound();
    const { input } = frameArg(c, b);
    return dyf(c.host.node({ kind, input, paths: b.strings('paths') }, c.call, kind === 'dropFields' ? 'drop_fields' : 'select_fields'));
  };
}

function renameField(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const from = b.has('old_name') ? b.string('old_name') : b.string('oldName');
  const to = b.has('new_name') ? b.string('new_name') : b.string('newName');
  return dyf(c.host.node({ kind: 'renameField', input, from, to }, c.call, 'rename_field'));
}

function applyMapping(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const m = b.need('mappings');
  const list = m.value;
  if (list.t !== 'list' && list.t !== 'tuple') throw b.notLiteral(m, `${c.construct} mappings`, 'a list of ("source", "type", "target", "type") tuples');
  const mappings = list.items.map((t) => {
    const items = t.t === 'tuple' || t.t === 'list' ? t.items : [];
    if (items.length !== 4 || !items.every((x) => x.t === 'str'))
      throw c.host.invalid(itemNode(m.node, list.items.indexOf(t)), `${c.construct}: each mapping must be ("source", "source type", "target", "target type"), not ${t.t === 'tuple' || t.t === 'list' ? `a ${t.t} of ${items.length}` : describe(t)}`);
    const [source, sourceType, target, targetType] = items.map((x) => (x as { v: string }).v) as [string, string, string, string];
    return { source, sourceType, target, targetType };
  });
  return dyf(c.host.node({ kind: 'applyMapping', input, mappings }, c.call, 'apply_mapping'));
}

/** The node of a literal list's i-th item (positions of errors), else the list. */
function itemNode(list: SyntaxNode, i: number): SyntaxNode {
  const items = list.type === 'list' || list.type === 'tuple' ? list.namedChildren.filter((x) => x.type !== 'comment') : [];
  return items[i] ?? list;
}

function join(c: CallCtx): PyValue {
  const b = c.bound();
  b.optString('transformation_ctx', 'transformation_ctx');
  let left: string;
  let right: string;
  let leftKeys: string[];
  let rightKeys: string[];
  // DynamicFrame.join takes one name as a string too (awslabs/aws-glue-libs awsglue/dynamicframe.py:
  // `if isinstance(paths1, basestring): paths1 = [paths1]`); Join.apply passes keys1 and keys2 to it as they are
  const keys = (name: string) => {
    const v = b.get(name)?.value;
    return v?.t === 'str' ? [v.v] : b.strings(name);
  };
  if (c.self?.t === 'dyf') {
    // frame.join(paths1, paths2, frame2)
    left = c.self.id;
    right = c.host.dyf(b.need('frame2'), `frame2 of ${c.construct}`);
    leftKeys = keys('paths1');
    rightKeys = keys('paths2');
  } else {
    left = c.host.dyf(b.need('frame1'), `frame1 of ${c.construct}`);
    right = c.host.dyf(b.need('frame2'), `frame2 of ${c.construct}`);
    leftKeys = keys('keys1');
    rightKeys = keys('keys2');
  }
  if (leftKeys.length === 0 || leftKeys.length !== rightKeys.length)
    throw c.host.invalid(c.call, `${c.construct}: keys1 and keys2 must name the same number of fields (at least one); got ${leftKeys.length} and ${rightKeys.length}`);
  return dyf(c.host.node({ kind: 'join', left, right, leftKeys, rightKeys }, c.call, 'join'));
}

function dropNullFields(c: CallCtx): PyValue {
  const b = c.bound();
  return dyf(c.host.node({ kind: 'dropNullFields', ...frameArg(c, b) }, c.call, 'drop_null_fields'));
}

function filter(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const predicate = c.host.rowPredicate(b.need('f'), c.construct);
  return dyf(c.host.node({ kind: 'filter', input, predicate, construct: c.construct }, c.call, 'filter'));
}

/**
 * `Map.apply(frame, f)`: f (a def setting and deleting the record's keys, returning it) translated (rowLambda.ts
 * rowMapping). A record for which f raises is an error record, not in the output; a stageThreshold or totalThreshold
 * above 0 fails the job past that many error records, which is refused (the default, 0, never fails).
 */
function mapRecords(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  for (const t of ['stageThreshold', 'totalThreshold'])
    if (b.has(t)) {
      const v = b.need(t);
      if (!(v.value.t === 'int' && v.value.v === 0))
        throw c.host.unsupported(v.node, `${c.construct} with ${t}=${excerpt(v.node)}`, 'the job then fails past that many error records (records whose function raises), which the local engine does not count', 'remove it (0, the default, never fails)');
    }
  const mapping = c.host.rowMapping(b.need('f'), c.construct);
  return dyf(c.host.node({ kind: 'map', input, check: mapping.check, fields: mapping.fields, construct: c.construct }, c.call, 'map'));
}

function union(c: CallCtx): PyValue {
  const b = c.bound();
  b.optString('transformation_ctx', 'transformation_ctx');
  const first = c.self?.t === 'dyf' ? c.self.id : c.host.dyf(b.need('frame1'), `frame1 of ${c.construct}`);
  const other = c.host.dyf(b.need(c.self?.t === 'dyf' ? 'other_frame' : 'frame2'), `the other frame of ${c.construct}`);
  // DynamicFrames are self-describing records: a union keeps each record's fields (by name; a missing one is absent)
  return dyf(c.host.node({ kind: 'union', inputs: [first, other], byName: true, allowMissing: true, distinct: false }, c.call, 'union'));
}

/** ResolveChoice: the actions Glue documents for a ChoiceType (cast:T, project:T, make_cols, make_struct, match_catalog). */
function resolveChoice(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const specs: { path: string; action: string }[] = [];
  const s = b.get('specs');
  if (s !== undefined && s.value.t !== 'none') {
    const list = s.value.t === 'tuple' && s.value.items.length === 2 && s.value.items[0]!.t === 'str' ? [s.value] : s.value.t === 'list' || s.value.t === 'tuple' ? s.value.items : undefined;
    if (list === undefined) throw b.notLiteral(s, `${c.construct} specs`, 'a list of ("field", "action") pairs');
    for (const item of list) {
      const pair = item.t === 'tuple' || item.t === 'list' ? item.items : [];
      if (pair.length !== 2 || pair[0]!.t !== 'str' || pair[1]!.t !== 'str') throw b.notLiteral(s, `${c.construct} specs`, 'a list of ("field", "action") pairs');
      specs.push({ path: (pair[0] as { v: string }).v, action: checkAction(c, s.node, (pair[1] as { v: string }).v) });
    }
  }
  const choice = b.optString('choice');
  if (choice !== undefined && choice !== '') checkAction(c, b.need('choice').node, choice);
  if (specs.length === 0 && (choice === undefined || choice === '')) throw c.host.invalid(c.call, `${c.construct}: give specs=[("field", "action")] or choice="…"`);
  const database = b.optString('database');
  const table = b.optString('table_name');
  if ([choice, ...specs.map((x) => x.action)].some((a) => (a ?? '').toLowerCase() === 'match_catalog') && (database === undefined || table === undefined))
    throw c.host.invalid(c.call, `${c.construct}: match_catalog needs database= and table_name=`);
  return dyf(
    c.host.node(
      { kind: 'resolveChoice', input, specs, ...(choice !== undefined && choice !== '' ? { choice } : {}), ...(database !== undefined ? { database } : {}), ...(table !== undefined ? { table } : {}) },
      c.call,
      'resolveChoice',
    ),
  );
}

function checkAction(c: CallCtx, n: SyntaxNode, action: string): string {
  const a = action.toLowerCase();
  if (/^(cast|project):\w+(\(\d+,\s*\d+\))?$/.test(a) || a === 'make_cols' || a === 'make_struct' || a === 'match_catalog') return action;
  throw c.host.unsupported(n, `${c.construct} with the action "${action}"`, 'Glue documents cast:<type>, project:<type>, make_cols, make_struct and match_catalog', 'use one of those');
}

function fromDF(c: CallCtx): PyValue {
  const b = c.bound();
  b.optString('name', `${c.construct} name`);
  return dyf(c.host.df(b.need('dataframe'), `the DataFrame of ${c.construct}`));
}

function toDF(c: CallCtx): PyValue {
  const b = c.bound();
  const o = b.get('options');
  if (o !== undefined && !(o.value.t === 'none' || ((o.value.t === 'list' || o.value.t === 'tuple') && o.value.items.length === 0)))
    throw c.host.unsupported(o.node, `${c.construct} with options`, 'ResolveOption lists are not read locally', 'resolve choices with resolveChoice(…) first');
  return { t: 'df', id: (c.self as { id: string }).id };
}

/**
 * EvaluateDataQuality: the ruleset is parsed and checked now (a rule the local engine cannot evaluate is refused
 * before anything runs, at its line), its options checked; the run evaluates it (dqdl.ts).
 */
function evaluateDataQuality(c: CallCtx): PyValue {
  const b = c.bound();
  const input = c.host.dyf(b.need('frame'), `the frame of ${c.construct}`);
  const rulesetArg = b.need('ruleset');
  const ruleset = b.string('ruleset');
  const at = c.host.pos(rulesetArg.node);
  const rulesetLine = rulesetArg.value.t === 'str' && rulesetArg.value.line !== undefined ? rulesetArg.value.line : at.line;
  const publishingOptions = b.dict('publishing_options');
  const additionalOptions = b.dict('additional_options');
  const sources: Record<string, string> = {};
  const extra = b.get('additional_data_sources');
  if (extra !== undefined && extra.value.t !== 'none') {
    if (extra.value.t !== 'dict') throw b.notLiteral(extra, `${c.construct} additional_data_sources`, 'a dict of alias → DynamicFrame');
    for (const [k, v] of extra.value.entries) {
      if (k.t !== 'str') throw c.host.invalid(extra.node, `${c.construct}: the aliases of additional_data_sources must be strings`);
      sources[k.v] = c.host.dyf({ value: v, node: extra.node }, `the data source "${k.v}" of ${c.construct}`);
    }
  }
  let options: ReturnType<typeof dataQualityNodeOptions>;
  try {
    options = dataQualityNodeOptions(publishingOptions as Record<string, string>, additionalOptions as Record<string, string>);
    prepareRuleset(ruleset, { base: { file: c.host.file, line: rulesetLine, column: 1 }, compositeRuleEvaluationMethod: options.compositeRuleEvaluationMethod });
  } catch (e) {
    if (e instanceof LakehouseError && e.detail.line === undefined) throw c.host.unsupported(c.call, c.construct, e.message, 'remove the option');
    throw e;
  }
  const context = typeof publishingOptions['dataQualityEvaluationContext'] === 'string' ? publishingOptions['dataQualityEvaluationContext'] : undefined;
  const index = c.host.addDataQuality({
    line: c.host.pos(c.call).line,
    input,
    ruleset,
    publishingOptions,
    additionalOptions,
    ...(context !== undefined ? { context } : {}),
    ...(Object.keys(sources).length > 0 ? { sources } : {}),
    rulesetAt: { line: rulesetLine, column: 1 },
  });
  return { t: 'dq', input, index };
}

function selectFromCollection(c: CallCtx): PyValue {
  const b = c.bound();
  b.optString('transformation_ctx', 'transformation_ctx');
  const dfc = b.need('dfc');
  const key = b.string('key');
  return collectionItem(c, dfc, key, b.need('key').node);
}

export function collectionItem(c: { host: Host; construct: string }, dfc: Arg, key: string, n: SyntaxNode): PyValue {
  const v = dfc.value;
  if (v.t === 'dq') {
    if (key === 'originalData') return dyf(v.input);
    if (key === 'ruleOutcomes') return dyf(c.host.node({ kind: 'dataQualityOutcomes', dq: v.index }, n, 'ruleOutcomes'));
    throw c.host.unsupported(n, `${c.construct} of the data-quality outcome "${key}"`, key === 'rowLevelOutcomes' ? 'row-level outcomes are not computed locally' : `EvaluateDataQuality's collection holds ruleOutcomes, rowLevelOutcomes and originalData, not "${key}"`, 'select ruleOutcomes or originalData');
  }
  if (v.t !== 'dfc') throw c.host.invalid(dfc.node, `${c.construct}: ${excerpt(dfc.node)} is ${describe(v)}, not a DynamicFrameCollection`);
  const hit = v.entries.find(([k]) => k === key);
  if (hit === undefined) throw c.host.invalid(n, `${c.construct}: the collection has no frame "${key}" (it has ${v.entries.map(([k]) => `"${k}"`).join(', ') || 'none'})`);
  return dyf(hit[1]);
}

/**
 * Glue Studio's Conditional Router: `threadedRoute(glueContext, source_DyF=…, group_filters=[GroupFilter(name=…,
 * filters=lambda row: …), …])`, the helper it generates, runs the script's `apply_group_filter(source_DyF, gf)` (a
 * Filter.apply) for each group in a thread pool and collects the frames by group name. The threads change nothing
 * the job computes, so each group's filter is followed in turn.
 */
function threadedRoute(c: CallCtx): PyValue {
  const b = c.bound();
  const helper = c.self?.t === 'func' ? c.self.closure.lookup('apply_group_filter')?.value : undefined;
  if (helper === undefined) throw c.host.invalid(c.call, `${c.construct}: apply_group_filter, which Glue Studio generates beside threadedRoute, is not defined`);
  const source = b.need('source_DyF');
  const groups = iterate(b.need('group_filters').value);
  if (groups === undefined) throw b.notLiteral(b.need('group_filters'), `${c.construct} group_filters`, 'a list of GroupFilter(name=…, filters=…)');
  const entries: [string, string][] = [];
  for (const g of groups) {
    const name = g.t === 'record' ? g.attrs.find(([k]) => k === 'name')?.[1] : undefined;
    if (name?.t !== 'str') throw c.host.invalid(c.call, `${c.construct}: each group filter needs a name (a string), not ${describe(name ?? g)}`);
    const frame = c.host.call(helper, [source.value, g], c.call);
    if (frame.t !== 'dyf') throw c.host.invalid(c.call, `${c.construct}: apply_group_filter gave ${describe(frame)}, not a DynamicFrame`);
    // a dict keyed by name: a later group of the same name replaces the earlier one
    const at = entries.findIndex(([k]) => k === name.v);
    if (at >= 0) entries.splice(at, 1);
    entries.push([name.v, frame.id]);
  }
  return { t: 'dfc', entries };
}

function dynamicFrameCollection(c: CallCtx): PyValue {
  const b = c.bound();
  const d = b.need('dynamic_frames');
  if (d.value.t !== 'dict') throw b.notLiteral(d, `${c.construct} dynamic_frames`, 'a dict of name → DynamicFrame');
  const entries: [string, string][] = d.value.entries.map(([k, v]) => {
    if (k.t !== 'str') throw c.host.invalid(d.node, `${c.construct}: the keys must be strings`);
    return [k.v, c.host.dyf({ value: v, node: d.node }, `the frame "${k.v}" of ${c.construct}`)];
  });
  return { t: 'dfc', entries };
}

function splitFields(c: CallCtx): PyValue {
  const b = c.bound();
  const { input } = frameArg(c, b);
  const paths = b.strings('paths');
  const name1 = b.optString('name1') ?? `${c.host.target() ?? 'frame'}0`;
  const name2 = b.optString('name2') ?? `${c.host.target() ?? 'frame'}1`;
  const selected = c.host.node({ kind: 'selectFields', input, paths }, c.call, 'split_fields');
  const rest = c.host.node({ kind: 'dropFields', input, paths }, c.call, 'split_fields');
  return { t: 'dfc', entries: [[name1, selected], [name2, rest]] };
}

// ---------------------------------------------------------------- Glue Studio visual transforms (gs_*)

/** The gs_* methods convert to a DataFrame, apply the Spark code and convert back (gs_common.py `enrich_df`). */
function gs(build: (c: CallCtx, input: string, b: Bound) => string) {
  return (c: CallCtx): PyValue => {
    const self = c.self;
    if (self?.t !== 'dyf' && self?.t !== 'df') throw c.host.invalid(c.call, `${c.construct} needs a frame`);
    const id = build(c, self.id, c.bound());
    return self.t === 'dyf' ? dyf(id) : { t: 'df', id };
  };
}

const pos = (c: CallCtx) => c.host.pos(c.call);
/** A field name as Glue Studio writes it: plain, or in backticks when it holds a dot ("`geometry.coordinates`"). */
const unquote = (name: string) => (/^`.*`$/s.test(name) ? name.slice(1, -1).replace(/``/g, '`') : name);
const colRef = (c: CallCtx, name: string): ColExpr => ({ pos: pos(c), k: 'col', name: `\`${unquote(name).replace(/`/g, '``')}\`` });
/** A list of names: a Python list, or one string of comma-separated names as Glue Studio generates it ("a, b, c"). */
function nameList(b: Bound, param: string): string[] {
  const v = b.need(param).value;
  if (v.t === 'str')
    return v.v
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
  return b.strings(param);
}
const truthy = (v: PyValue) => !(v.t === 'none' || (v.t === 'bool' && !v.v) || (v.t === 'int' && v.v === 0) || (v.t === 'str' && v.v === ''));
const sqlExpr = (c: CallCtx, b: Bound, name: string): ColExpr => {
  const a = b.need(name);
  return sqlText(pos(c), { ...(a.value.t === 'str' ? a.value : { line: c.host.pos(a.node).line }), v: b.string(name) });
};
const lit = (c: CallCtx, value: PyConst): ColExpr => ({ pos: pos(c), k: 'lit', value });
const fn = (c: CallCtx, name: string, args: ColExpr[], options?: Record<string, PyConst>): ColExpr => ({ pos: pos(c), k: 'fn', name, args, ...(options ? { options } : {}) });

/** Python strftime directives → Java (Spark) date patterns, as gs_common.py maps them (py2j_date_format). */
const PY2J: Record<string, string> = { Y: 'yyyy', m: 'MM', d: 'dd', H: 'HH', M: 'mm', S: 'ss', a: 'E', A: 'EEEE', b: 'MMM', B: 'MMMM', y: 'yy', I: 'hh', p: 'a', f: 'SSSSSS', z: 'Z', Z: 'z', j: 'DDD', c: 'EEE MMM d HH:mm:ss yyyy', X: 'HH:MM:ss', G: 'yyyy' };

export function pyToJavaDateFormat(fmt: string): string {
  // string.Template with delimiter '%': `%Y` → its Java pattern; unknown directives stay as written
  return fmt.replace(/%(%|[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})/g, (m, d: string) => {
    if (d === '%') return '%';
    const key = d.replace(/^\{|\}$/g, '');
    const hit = PY2J[key];
    return hit === undefined ? m : hit;
  });
}

const GS: Table = {
  'DynamicFrame.gs_derived': {
    sig: 'colName!, expr!',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-derived-column.html`,
    run: gs((c, input, b) => c.host.node({ kind: 'withColumns', input, columns: [{ name: b.string('colName'), expr: sqlExpr(c, b, 'expr') }] }, c.call, 'gs_derived')),
  },
  'DynamicFrame.gs_now': {
    sig: 'colName, dateFormat',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-add-current-timestamp.html`,
    run: gs((c, input, b) => {
      const fmt = b.optString('dateFormat');
      let e = fn(c, 'current_timestamp', []);
      if (fmt !== undefined && fmt !== '') e = fn(c, 'date_format', [e, lit(c, { py: 'str', v: pyToJavaDateFormat(fmt) })]);
      return c.host.node({ kind: 'withColumns', input, columns: [{ name: b.optString('colName') ?? 'timestamp', expr: e }] }, c.call, 'gs_now');
    }),
  },
  'DynamicFrame.gs_concat': {
    sig: 'colName!, colList!, spacer',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-concatenate-columns.html`,
    run: gs((c, input, b) => {
      // "By default, … an empty string is used" for a null value (the page's Null value option); the values are
      // Spark's text of each column (concat_ws casts them)
      const cols = nameList(b, 'colList').map((n): ColExpr => ({ pos: pos(c), k: 'op', op: 'gsConcatPart', args: [{ pos: pos(c), k: 'cast', arg: colRef(c, n), type: 'string' }] }));
      const spacer = b.optString('spacer') ?? '';
      return c.host.node({ kind: 'withColumns', input, columns: [{ name: b.string('colName'), expr: fn(c, 'concat_ws', [lit(c, { py: 'str', v: spacer }), ...cols]) }] }, c.call, 'gs_concat');
    }),
  },
  'DynamicFrame.gs_split': {
    sig: 'colName!, pattern!, newColName',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-split-string.html`,
    run: gs((c, input, b) => {
      // the array of the pieces (a regular expression splits, as Spark's split), in newColName or in place
      const source = b.string('colName');
      const split = fn(c, 'split', [colRef(c, source), lit(c, { py: 'str', v: b.string('pattern') })]);
      const target = b.optString('newColName');
      return c.host.node({ kind: 'withColumns', input, columns: [{ name: target !== undefined && target !== '' ? target : unquote(source), expr: split }] }, c.call, 'gs_split');
    }),
  },
  'DynamicFrame.gs_array_to_cols': {
    sig: 'colName!, colList!, indexes',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-array-to-columns.html`,
    run: gs((c, input, b) => {
      const source = colRef(c, b.string('colName'));
      const names = nameList(b, 'colList');
      const indexes = b.optString('indexes');
      if (indexes !== undefined && indexes.trim() !== '')
        throw c.host.unsupported(b.need('indexes').node, `${c.construct} with indexes="${indexes}"`, 'whether its positions count from 0 or from 1 is not documented', 'leave the positions out (the first elements in order), or pick them with F.col(…)[i] in DataFrame code');
      // an array shorter than the list leaves the last columns null ("fill the new columns as much as possible")
      return c.host.node(
        { kind: 'withColumns', input, columns: names.map((name, i) => ({ name, expr: { pos: pos(c), k: 'op', op: 'getItem', args: [source, lit(c, { py: 'int', v: i })] } as ColExpr })) },
        c.call,
        'gs_array_to_cols',
      );
    }),
  },
  'DynamicFrame.gs_explode': {
    sig: 'colName!, newCol, outer',
    becomes: 'withColumns (explode)',
    doc: `${GLUE_DOC}/transforms-explode-array.html`,
    run: gs((c, input, b) => {
      // a row per element, the other columns repeated; into a column of the same name it replaces the array; with
      // outer (Include NULLs) an empty or null array keeps its row with a null
      const source = b.string('colName');
      const target = b.optString('newCol') ?? unquote(source);
      const outer = b.has('outer') && truthy(b.need('outer').value);
      return c.host.node({ kind: 'withColumns', input, columns: [{ name: target, expr: fn(c, outer ? 'explode_outer' : 'explode', [colRef(c, source)]) }] }, c.call, 'gs_explode');
    }),
  },
  'DynamicFrame.gs_flatten': {
    sig: 'maxLevels, separator',
    becomes: 'flatten',
    doc: `${GLUE_DOC}/transforms-flatten.html`,
    run: gs((c, input, b) => {
      const levels = b.has('maxLevels') ? b.need('maxLevels').value : { t: 'int' as const, v: 0 };
      if (levels.t !== 'int' || levels.v < 0) throw b.notLiteral(b.need('maxLevels'), `${c.construct} maxLevels`, 'a whole number (0: every level)');
      return c.host.node({ kind: 'flatten', input, maxLevels: levels.v, separator: b.optString('separator') ?? '.' }, c.call, 'gs_flatten');
    }),
  },
  'DynamicFrame.gs_pivot': { refuse: 'the Pivot rows to columns transform is not read locally yet', instead: 'write groupBy(…).pivot(…).agg(…) in DataFrame code', doc: `${GLUE_DOC}/transforms-pivot-rows-to-columns.html` },
  'DynamicFrame.gs_unpivot': { refuse: 'the Unpivot columns to rows transform is not read locally yet', instead: 'write it with UNION ALL in an SQL Query node', doc: `${GLUE_DOC}/transforms-unpivot-columns-to-rows.html` },
  'DynamicFrame.gs_to_timestamp': { refuse: 'the To timestamp transform is not read locally yet', instead: 'write F.to_timestamp / F.from_unixtime in DataFrame code', doc: `${GLUE_DOC}/transforms-to-timestamp.html` },
  'DynamicFrame.gs_format_timestamp': { refuse: 'the Format timestamp transform is not read locally yet', instead: 'write F.date_format in DataFrame code', doc: `${GLUE_DOC}/transforms-format-timestamp.html` },
  'DynamicFrame.gs_uuid': { refuse: 'a random UUID per row differs on every run', instead: 'derive an identifier from the row\'s fields', doc: `${GLUE_DOC}/transforms-uuid.html` },
  'DynamicFrame.gs_regex_extract': { refuse: 'the Regex extractor transform is not read locally yet', instead: 'write F.regexp_extract in DataFrame code', doc: `${GLUE_DOC}/transforms-regex-extractor.html` },
};

// ---------------------------------------------------------------- the table

const transform = (run: (c: CallCtx) => PyValue, sigText: string, becomes: string, doc: string) => ({ sig: sigText, becomes, doc, run });

export const GLUE: Table = {
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
  'GlueContext.write_dynamic_frame.from_options': transform(s3Sink, 'frame!, connection_type!, connection_options!, format, format_options, transformation_ctx', 'sink', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-glue-context.html#aws-glue-api-crawler-pyspark-extensions-glue-context-write_dynamic_frame_from_options`),
  'GlueContext.write_dynamic_frame_from_options': transform(s3Sink, 'frame!, connection_type!, connection_options!, format, format_options, transformation_ctx', 'sink', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-glue-context.html`),
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
      });
      return NONE;
    },
  },
  'GlueContext.purge_s3_path': transform(purge, 's3_path!, options, transformation_ctx', 'purge', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-glue-context.html#aws-glue-api-crawler-pyspark-extensions-glue-context-purge_s3_path`),
  'GlueContext.purge_table': { refuse: 'purging a table\'s partitions is not done locally yet', instead: 'use purge_s3_path on the table\'s location' },
  'GlueContext.get_logger': { sig: '', becomes: 'value', run: () => ({ t: 'logger', kind: 'glue', level: 0 }) },

  // awsglue.transforms, as X.apply(…) (GlueTransform.apply) and as DynamicFrame methods
  'ApplyMapping.apply': transform(applyMapping, `frame!, mappings!, case_sensitive~, ${TRANSFORM_PARAMS}`, 'applyMapping', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-ApplyMapping.html`),
  'DynamicFrame.apply_mapping': transform(applyMapping, `mappings!, case_sensitive~, ${TRANSFORM_PARAMS}`, 'applyMapping', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-apply_mapping`),
  'DynamicFrame.applyMapping': transform(applyMapping, `mappings!, case_sensitive~, ${TRANSFORM_PARAMS}`, 'applyMapping', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html`),
  'SelectFields.apply': transform(fields('selectFields'), `frame!, paths!, ${TRANSFORM_PARAMS}`, 'selectFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-SelectFields.html`),
  'DynamicFrame.select_fields': transform(fields('selectFields'), `paths!, ${TRANSFORM_PARAMS}`, 'selectFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-select_fields`),
  'DropFields.apply': transform(fields('dropFields'), `frame!, paths!, ${TRANSFORM_PARAMS}`, 'dropFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-DropFields.html`),
  'DynamicFrame.drop_fields': transform(fields('dropFields'), `paths!, ${TRANSFORM_PARAMS}`, 'dropFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-drop_fields`),
  'RenameField.apply': transform(renameField, `frame!, old_name!, new_name!, ${TRANSFORM_PARAMS}`, 'renameField', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-RenameField.html`),
  'DynamicFrame.rename_field': transform(renameField, `oldName!, newName!, ${TRANSFORM_PARAMS}`, 'renameField', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-rename_field`),
  'Join.apply': transform(join, 'frame1!, frame2!, keys1!, keys2!, transformation_ctx', 'join', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-join.html`),
  'DynamicFrame.join': transform(join, `paths1!, paths2!, frame2!, ${TRANSFORM_PARAMS}`, 'join', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-join`),
  'DropNullFields.apply': transform(dropNullFields, `frame!, ${TRANSFORM_PARAMS}`, 'dropNullFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-DropNullFields.html`),
  'Filter.apply': transform(filter, `frame!, f!, ${TRANSFORM_PARAMS}`, 'filter', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-filter.html`),
  'Map.apply': transform(mapRecords, 'frame!, f!, transformation_ctx, info~, stageThreshold, totalThreshold', 'map', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-map.html`),
  'DynamicFrame.map': transform(mapRecords, 'f!, preservesPartitioning~, transformation_ctx, info~, stageThreshold, totalThreshold', 'map', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-map`),
  'DynamicFrame.filter': transform(filter, `f!, ${TRANSFORM_PARAMS}`, 'filter', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-filter`),
  'ResolveChoice.apply': transform(resolveChoice, `frame!, specs, choice, database, table_name, ${TRANSFORM_PARAMS}, catalog_id~`, 'resolveChoice', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-ResolveChoice.html`),
  'DynamicFrame.resolveChoice': transform(resolveChoice, `specs, choice, database, table_name, ${TRANSFORM_PARAMS}, catalog_id~`, 'resolveChoice', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-resolveChoice`),
  'DynamicFrame.union': transform(union, `other_frame!, ${TRANSFORM_PARAMS}`, 'union', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html`),
  'Union.apply': {
    refuse: 'Union.apply fails on Glue: awsglue/transforms/union.py calls frame1.union(mappings, case_sensitive), names it never defines',
    instead: 'write frame1.union(frame2), or Glue Studio\'s Union node (sparkUnion)',
    doc: 'https://github.com/awslabs/aws-glue-libs/blob/master/awsglue/transforms/union.py',
  },
  'GlueStudio.threadedRoute': transform(threadedRoute, 'glue_ctx!, source_DyF!, group_filters!', 'filter (one per group)', `${GLUE_DOC}/transforms-conditional-router.html`),
  'SelectFromCollection.apply': transform(selectFromCollection, 'dfc!, key!, transformation_ctx', 'value', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-SelectFromCollection.html`),
  'SplitFields.apply': transform(splitFields, `frame!, paths!, name1, name2, ${TRANSFORM_PARAMS}`, 'selectFields + dropFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-SplitFields.html`),
  'DynamicFrame.split_fields': transform(splitFields, `paths!, name1, name2, ${TRANSFORM_PARAMS}`, 'selectFields + dropFields', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html`),
  'DynamicFrame.toDF': transform(toDF, 'options', 'value', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-toDF`),
  'DynamicFrame.fromDF': transform(fromDF, 'dataframe!, glue_ctx!, name', 'value', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-fromDF`),
  'DynamicFrameCollection()': transform(dynamicFrameCollection, 'dynamic_frames!, glue_ctx~', 'value', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame-collection.html`),
  'DynamicFrameCollection.select': {
    sig: 'key!, transformation_ctx~',
    becomes: 'value',
    doc: `${GLUE_DOC}/aws-glue-api-crawler-pyspark-extensions-dynamic-frame-collection.html`,
    run: (c) => {
      const b = c.bound();
      return collectionItem(c, { value: c.self!, node: c.call }, b.string('key'), b.need('key').node);
    },
  },
  'DynamicFrameCollection.keys': { sig: '', becomes: 'value', run: (c) => ({ t: 'list', items: (c.self as Extract<PyValue, { t: 'dfc' }>).entries.map(([k]) => str(k)) }) },
  'DynamicFrameCollection.values': { sig: '', becomes: 'value', run: (c) => ({ t: 'list', items: (c.self as Extract<PyValue, { t: 'dfc' }>).entries.map(([, id]) => dyf(id)) }) },
  'EvaluateDataQuality.apply': transform(evaluateDataQuality, 'frame!, ruleset!, publishing_options, additional_options, additional_data_sources', 'dataQuality', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html`),
  'EvaluateDataQuality.process_rows': transform(evaluateDataQuality, 'frame!, ruleset!, publishing_options, additional_options, additional_data_sources', 'dataQuality', `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html`),

  // refused, each with what to write instead
  'FlatMap.apply': { refuse: 'its function is Python code run on every frame', instead: 'use an SQL Query node' },
  'MapToCollection.apply': { refuse: 'its function is Python code', instead: 'apply the transform to each frame' },
  'DynamicFrameCollection.map': { refuse: 'its function is Python code', instead: 'apply the transform to each frame' },
  'Relationalize.apply': { refuse: 'relationalizing nested data into several tables is not done locally', instead: 'select the nested fields in an SQL Query node', doc: `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-Relationalize.html` },
  'DynamicFrame.relationalize': { refuse: 'relationalizing nested data into several tables is not done locally', instead: 'select the nested fields in an SQL Query node' },
  'Unbox.apply': { refuse: 'parsing a string field as JSON or CSV is not done locally', instead: 'parse it with F.from_json in DataFrame code' },
  'DynamicFrame.unbox': { refuse: 'parsing a string field as JSON or CSV is not done locally', instead: 'parse it with F.from_json in DataFrame code' },
  'UnnestFrame.apply': { refuse: 'unnesting is not done locally yet', instead: 'select the nested fields in an SQL Query node' },
  'DynamicFrame.unnest': { refuse: 'unnesting is not done locally yet', instead: 'select the nested fields in an SQL Query node' },
  'SplitRows.apply': { refuse: 'splitting rows into a collection is not done locally yet', instead: 'write two Filter nodes' },
  'DynamicFrame.split_rows': { refuse: 'splitting rows into a collection is not done locally yet', instead: 'write two Filter nodes' },
  'Spigot.apply': { refuse: 'Spigot writes a sample of the rows beside the job\'s sinks, which the local engine does not do', instead: 'remove the Spigot node (it does not change the data)', doc: `${GLUE_DOC}/transforms-configure-spigot.html` },
  'DynamicFrame.spigot': { refuse: 'Spigot writes a sample of the rows beside the job\'s sinks, which the local engine does not do', instead: 'remove it (it does not change the data)' },
  'ErrorsAsDynamicFrame.apply': { refuse: 'error records are not kept locally (a failing record fails the run)', instead: 'remove it' },
  'DynamicFrame.errorsAsDynamicFrame': { refuse: 'error records are not kept locally (a failing record fails the run)', instead: 'remove it' },
  'DynamicFrame.mergeDynamicFrame': { refuse: 'merging a staging frame by primary keys is not done locally yet', instead: 'write the merge as an SQL Query node' },
  'FillMissingValues.apply': {
    refuse: 'FillMissingValues predicts missing values with a machine-learning model, whose results cannot be reproduced locally',
    instead: 'fill the values with coalesce(…) in an SQL Query node or F.coalesce in DataFrame code',
    doc: `${GLUE_DOC}/aws-glue-api-crawler-pyspark-transforms-fillmissingvalues.html`,
  },
  'FindMatches.apply': { refuse: 'FindMatches runs a trained machine-learning transform', instead: 'match records with an SQL Query node' },
  'FindIncrementalMatches.apply': { refuse: 'FindIncrementalMatches runs a trained machine-learning transform', instead: 'match records with an SQL Query node' },
  'EntityDetector.detect': { refuse: 'sensitive-data detection runs Glue\'s detectors', instead: 'remove the Detect Sensitive Data node' },
  'Repartition.apply': { sig: `frame!, num_partitions!, ${TRANSFORM_PARAMS}`, becomes: 'value (no effect on rows)', run: (c) => ({ t: 'dyf', id: c.host.dyf(c.bound().need('frame'), `the frame of ${c.construct}`) }) },
  'Coalesce.apply': { sig: `frame!, num_partitions!, shuffle~, ${TRANSFORM_PARAMS}`, becomes: 'value (no effect on rows)', run: (c) => ({ t: 'dyf', id: c.host.dyf(c.bound().need('frame'), `the frame of ${c.construct}`) }) },
  'DynamicFrame.repartition': { sig: `num_partitions!, ${TRANSFORM_PARAMS}`, becomes: 'value (no effect on rows)', run: (c) => c.self! },
  'DynamicFrame.coalesce': { sig: `num_partitions!, shuffle~, ${TRANSFORM_PARAMS}`, becomes: 'value (no effect on rows)', run: (c) => c.self! },
  ...GS,
};
