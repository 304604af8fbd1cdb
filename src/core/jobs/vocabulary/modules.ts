/**
 * Names a script can reach: the modules it imports (awsglue, pyspark, logging, sys, re) and what they export,
 * attributes of every kind of value (a DynamicFrame's methods, a DataFrame's methods and columns, a Column's methods,
 * GlueContext's namespaces), Python's builtins, and the dispatch of a call to its vocabulary row.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { asString, excerpt, type Arg, type CallArgs } from '../callArgs';
import { binop, constMethod, pyBuiltin } from '../pyops';
import { NONE, describe, pendingFrame, str, type PyValue, type SchemaField } from '../values';

/** the builtins that read the items of what they are given */
const NEEDS_ITEMS = new Set(['len', 'list', 'tuple', 'set', 'sorted', 'reversed', 'enumerate', 'zip', 'min', 'max', 'any', 'all', 'dict', 'sum', 'frozenset']);
import { DATAFRAME } from './dataframe';
import { functionSpec, nearestFunctionName } from './pysparkFunctions';
import { SPARK_FUNCTION_NAMES } from '../../sql/spark/functions/names';
import { DATAFRAME_WRITER } from './writer';
import { GLUE, collectionItem } from './glue';
import { refusal, runSpec, type CallSpec, type Host, type Table } from './registry';
import { sessionSetting } from './sessionSettings';

const cls = (name: string): PyValue => ({ t: 'class', name });
const fn = (name: string, self?: PyValue): PyValue => ({ t: 'builtin', name, ...(self !== undefined ? { self } : {}) });

export const TRANSFORM_CLASSES = [
  'ApplyMapping',
  'DropFields',
  'DropNullFields',
  'Filter',
  'Join',
  'Map',
  'FlatMap',
  'RenameField',
  'ResolveChoice',
  'SelectFields',
  'SelectFromCollection',
  'SplitFields',
  'SplitRows',
  'Spigot',
  'Unbox',
  'UnnestFrame',
  'Relationalize',
  'MapToCollection',
  'ErrorsAsDynamicFrame',
  'Repartition',
  'Coalesce',
  'Union',
];

const SQL_TYPES: Record<string, string> = {
  StructType: 'struct',
  StructField: 'field',
  StringType: 'string',
  IntegerType: 'int',
  LongType: 'bigint',
  ShortType: 'smallint',
  ByteType: 'tinyint',
  DoubleType: 'double',
  FloatType: 'float',
  BooleanType: 'boolean',
  DateType: 'date',
  TimestampType: 'timestamp',
  BinaryType: 'binary',
  DecimalType: 'decimal',
};

const LOG_LEVELS: Record<string, number> = { CRITICAL: 50, FATAL: 50, ERROR: 40, WARNING: 30, WARN: 30, INFO: 20, DEBUG: 10, NOTSET: 0 };

/** What `from <module> import …` binds. */
export function moduleMember(module: string): Record<string, PyValue> {
  switch (module) {
    case 'awsglue.transforms':
      return Object.fromEntries([...TRANSFORM_CLASSES, 'GlueTransform'].map((n) => [n, cls(n)]));
    case 'awsglue.context':
      return { GlueContext: cls('GlueContext') };
    case 'awsglue.job':
      return { Job: cls('Job') };
    case 'awsglue.utils':
      return { getResolvedOptions: fn('getResolvedOptions') };
    case 'awsglue':
    case 'awsglue.dynamicframe':
      return { DynamicFrame: cls('DynamicFrame'), DynamicFrameCollection: cls('DynamicFrameCollection') };
    case 'awsgluedq.transforms':
      return { EvaluateDataQuality: cls('EvaluateDataQuality') };
    case 'awsglueml.transforms':
      return { FillMissingValues: cls('FillMissingValues'), FindMatches: cls('FindMatches'), FindIncrementalMatches: cls('FindIncrementalMatches') };
    case 'pyspark':
    case 'pyspark.context':
      return { SparkContext: cls('SparkContext'), SparkConf: cls('SparkConf') };
    case 'pyspark.sql':
      return {
        SparkSession: cls('SparkSession'),
        SQLContext: cls('SQLContext'),
        functions: { t: 'module', name: 'pyspark.sql.functions' },
        types: { t: 'module', name: 'pyspark.sql.types' },
        Window: cls('Window'),
        DataFrame: cls('DataFrame'),
        Row: cls('Row'),
        Column: cls('Column'),
      };
    case 'pyspark.sql.window':
      return { Window: cls('Window') };
    case 'pyspark.sql.functions':
      return new Proxy({} as Record<string, PyValue>, {
        get: (_t, name: string) => (functionSpec(name) !== undefined ? fn(`F.${name}`) : undefined),
        ownKeys: () => [],
      });
    case 'pyspark.sql.types':
      return { ...Object.fromEntries(Object.keys(SQL_TYPES).map((n) => [n, cls(n)])), ArrayType: cls('ArrayType'), Row: cls('Row') };
    case 'sys':
      return { argv: { t: 'opaque', what: 'sys.argv' } };
    default:
      return {};
  }
}

const PY_BUILTINS = new Set([
  'print',
  'len',
  'str',
  'int',
  'float',
  'bool',
  'list',
  'tuple',
  'dict',
  'set',
  'range',
  'enumerate',
  'zip',
  'sorted',
  'reversed',
  'min',
  'max',
  'sum',
  'abs',
  'round',
  'any',
  'all',
  'repr',
  'getattr',
  'hasattr',
  'isinstance',
  'type',
  'open',
  'eval',
  'exec',
  'input',
  '__import__',
  'map',
  'filter',
]);

/** A name no statement of the script binds: Python's builtins. */
export function resolveGlobal(name: string): PyValue | undefined {
  if (PY_BUILTINS.has(name)) return fn(`builtins.${name}`);
  if (name === 'Exception' || name === 'ValueError' || name === 'KeyError' || name === 'TypeError') return cls(name);
  return undefined;
}

/** EvaluateDataQuality's collection keys (awsgluedq), as generated scripts name them */
const DQ_KEYS: Record<string, string> = { DATA_QUALITY_RULE_OUTCOMES_KEY: 'ruleOutcomes', DATA_QUALITY_ROW_LEVEL_OUTCOMES_KEY: 'rowLevelOutcomes', DATA_QUALITY_ORIGINAL_DATA_KEY: 'originalData' };

const WINDOW_BOUNDS: Record<string, number> = { unboundedPreceding: Number.MIN_SAFE_INTEGER, unboundedFollowing: Number.MAX_SAFE_INTEGER, currentRow: 0 };

/** `obj.name` (and `obj[key]` as `__getitem__`). */
export function attribute(host: Host, obj: PyValue, name: string, n: SyntaxNode, index?: Arg[]): PyValue {
  const refuse = (construct: string, why: string, hint: string): never => {
    throw host.unsupported(n, construct, why, hint);
  };
  if (name === '__getitem__') return getItem(host, obj, n, index![0]!);
  switch (obj.t) {
    case 'module':
      return moduleAttribute(host, obj.name, name, n);
    case 'class': {
      if (obj.name === 'Window' && name in WINDOW_BOUNDS) return { t: 'int', v: WINDOW_BOUNDS[name]! };
      if (obj.name === 'SparkSession' && name === 'builder') return { t: 'module', name: 'SparkSession.builder' };
      if (obj.name === 'EvaluateDataQuality' && name in DQ_KEYS) return { t: 'str', v: DQ_KEYS[name]! };
      return fn(`${obj.name}.${name}`);
    }
    case 'glueContext':
      if (name === 'spark_session') return { t: 'spark' };
      if (name === 'sparkSession') return { t: 'spark' };
      if (['create_dynamic_frame', 'write_dynamic_frame', 'create_data_frame', 'write_data_frame'].includes(name)) return { t: 'module', name: `GlueContext.${name}` };
      return fn(`GlueContext.${name}`, obj);
    case 'spark':
      if (name === 'sparkContext') return { t: 'sparkContext' };
      if (name === 'read') return { t: 'reader', options: {} };
      if (name === 'conf') return { t: 'module', name: 'SparkSession.conf' };
      if (name === 'catalog') return refuse('spark.catalog', 'the Spark catalog API is not followed', 'use the Data Catalog through from_catalog');
      if (name === 'udf') return refuse('spark.udf', 'Python UDFs run Python code on every row', 'write the computation with pyspark.sql.functions');
      return fn(`SparkSession.${name}`, obj);
    case 'sparkContext':
      return fn(`SparkContext.${name}`, obj);
    case 'job':
      return fn(`Job.${name}`, obj);
    case 'logger':
      return fn(`Logger.${name}`, obj);
    case 'sink':
      return fn(`DataSink.${name}`, obj);
    case 'dyf':
      if (name === 'count') return fn('DynamicFrame.count', obj);
      return fn(`DynamicFrame.${name}`, obj);
    case 'df': {
      if (name === 'na') return { t: 'na', df: obj.id };
      if (name === 'write') return { t: 'writer', df: obj.id, options: {}, partitionBy: [] };
      if (name === 'rdd') {
        // properties in PySpark: refused where they are read, not where their methods are called
        const row = DATAFRAME[`DataFrame.${name}`];
        if (row !== undefined && 'refuse' in row && row.refuse !== undefined) return refuse(`DataFrame.${name}`, row.refuse, row.instead ?? 'use DataFrame code');
      }
      if (`DataFrame.${name}` in DATAFRAME) return fn(`DataFrame.${name}`, obj);
      // df.columns, df.dtypes: the names (and types) the data gives the frame, once a run learnt them for a script
      // that computes with them (FieldsPending); until then symbolic — text the run computes (print, logging,
      // f-strings), and a use that needs the values (a loop, `in`) asks the runner for them
      const known = name === 'columns' || name === 'dtypes' ? host.knownFields(obj.id) : undefined;
      if (known !== undefined && name === 'columns') return { t: 'list', items: known.map((f) => str(f.name)) };
      if (known !== undefined && known.every((f) => f.type !== undefined)) return { t: 'list', items: known.map((f) => ({ t: 'tuple', items: [str(f.name), str(f.type!)] })) };
      if (name === 'columns') return { t: 'fieldNames', frame: obj.id, prefix: '', suffix: '', exclude: [] };
      // df.schema: what the script would compute from it (an index, .fields) is refused where it reads it
      if (name === 'dtypes' || name === 'schema') return { t: 'runtime', parts: [{ dataFrame: obj.id, as: name }], what: excerpt(n) };
      if (['storageLevel', 'isStreaming', 'sparkSession', 'sql_ctx', 'stat', 'writeStream'].includes(name))
        return refuse(`DataFrame.${name}`, 'it is not followed locally', 'name the fields in the script');
      if (name.startsWith('gs_') || name.startsWith('_')) return fn(`DynamicFrame.${name}`, obj);
      // PySpark: df.name is the column `name` of df
      return { t: 'column', expr: { pos: host.pos(n), k: 'col', name: `\`${name.replace(/`/g, '``')}\``, frame: obj.id } };
    }
    case 'na':
      return fn(`DataFrameNaFunctions.${name}`, obj);
    case 'reader':
      return fn(`DataFrameReader.${name}`, obj);
    case 'writer':
      return fn(`DataFrameWriter.${name}`, obj);
    case 'column':
      if (`Column.${name}` in DATAFRAME) return fn(`Column.${name}`, obj);
      // PySpark: col.name is the struct field `name` of col
      return { t: 'column', expr: { pos: host.pos(n), k: 'op', op: 'getField', args: [obj.expr, { pos: host.pos(n), k: 'lit', value: { py: 'str', v: name } }] } };
    case 'grouped':
      return fn(`GroupedData.${name}`, obj);
    case 'window':
      return fn(`WindowSpec.${name}`, obj);
    case 'dfc':
      return fn(`DynamicFrameCollection.${name}`, obj);
    case 'record': {
      const hit = obj.attrs.find(([k]) => k === name);
      if (hit === undefined) throw host.invalid(n, `a ${obj.cls} object has no attribute ${name}`);
      return hit[1];
    }
    case 'dq':
      return refuse(`the data-quality result's ${name}`, 'data-quality outcomes are not frames the local engine produces', 'use the frame the rules were evaluated on');
    case 'str':
    case 'list':
    case 'dict':
    case 'tuple':
    case 'set':
      return fn(`${obj.t}.${name}`, obj);
    case 'args':
      return fn(`args.${name}`, obj);
    case 'opaque':
    case 'runtime': {
      // df.schema.names: the field names, as df.columns (StructType.names)
      const part = obj.t === 'runtime' && obj.parts.length === 1 ? obj.parts[0]! : undefined;
      if (name === 'names' && part !== undefined && 'dataFrame' in part && part.as === 'schema') {
        const known = host.knownFields(part.dataFrame);
        if (known !== undefined) return { t: 'list', items: known.map((f) => str(f.name)) };
        return { t: 'fieldNames', frame: part.dataFrame, prefix: '', suffix: '', exclude: [] };
      }
      // print(df.schema.fields): the StructFields' list, text the run computes (a loop over it stays refused)
      if (name === 'fields' && part !== undefined && 'dataFrame' in part && part.as === 'schema') return { t: 'runtime', parts: [{ dataFrame: part.dataFrame, as: 'fields' }], what: `${obj.what}.fields` };
      return refuse(`${obj.what}.${name}`, 'its value is only known when the job runs', 'write the script without it');
    }
    default:
      return refuse(`${excerpt(n)}`, `${describe(obj)} has no attribute ${name} the local engine knows`, 'check the script');
  }
}

function getItem(host: Host, obj: PyValue, n: SyntaxNode, a: Arg): PyValue {
  switch (obj.t) {
    case 'df': {
      const k = a.value;
      if (k.t === 'str') return { t: 'column', expr: k.v === '*' ? { pos: host.pos(n), k: 'star', frame: obj.id } : { pos: host.pos(n), k: 'col', name: k.v, frame: obj.id } };
      if (k.t === 'column') return { t: 'df', id: host.node({ kind: 'where', input: obj.id, condition: k.expr }, n, 'filter') };
      if (k.t === 'list' && k.items.every((x) => x.t === 'str'))
        return { t: 'df', id: host.node({ kind: 'project', input: obj.id, items: k.items.map((x) => ({ pos: host.pos(n), k: 'col', name: (x as { v: string }).v, frame: obj.id })) }, n, 'select') };
      if (k.t === 'int') {
        // df[i]: the column df.columns[i] (PySpark's __getitem__), the names learnt from the data when not known yet
        const known = host.knownFields(obj.id);
        if (known === undefined) {
          host.fieldsNeeded(obj.id, n, excerpt(n));
          return { t: 'column', expr: { pos: host.pos(n), k: 'lit', value: { py: 'none' } } };
        }
        const f = known[k.v < 0 ? known.length + k.v : k.v];
        if (f === undefined) throw host.unsupported(n, excerpt(n), `Python raises IndexError: the frame has ${known.length} fields`, 'index a field that exists');
        return { t: 'column', expr: { pos: host.pos(n), k: 'col', name: `\`${f.name.replace(/`/g, '``')}\``, frame: obj.id } };
      }
      throw host.unsupported(n, excerpt(n), `a DataFrame is indexed by a field name or a Column, not ${describe(k)}`, 'write df["field"]');
    }
    case 'column':
      return callBuiltin(host, { t: 'builtin', name: '__getitem__.Column', self: obj }, { positional: [a], keywords: new Map(), call: n }, n);
    case 'dfc': {
      return collectionItem({ host, construct: 'DynamicFrameCollection[…]' }, { value: obj, node: n }, asString(host, a, 'the key of a DynamicFrameCollection'), a.node);
    }
    case 'dq':
      return collectionItem({ host, construct: 'the data-quality result' }, { value: obj, node: n }, asString(host, a, 'the key of a data-quality result'), a.node);
    default:
      throw host.unsupported(n, excerpt(n), `indexing ${describe(obj)} is not followed`, 'index a value written in the script');
  }
}

/**
 * Functions of pyspark.sql.functions (3.3–3.5, the PySpark API reference's Functions page) whose names are not Spark
 * SQL functions' (SPARK_FUNCTION_NAMES): a name in neither is not a PySpark function (AttributeError on Glue).
 */
const PYSPARK_ONLY_FUNCTIONS: ReadonlySet<string> = new Set(
  `asc asc_nulls_first asc_nulls_last desc desc_nulls_first desc_nulls_last broadcast udf udtf pandas_udf bitwiseNOT
  bitwise_not toDegrees toRadians approxCountDistinct sumDistinct sum_distinct countDistinct count_distinct shiftLeft
  shiftRight shiftRightUnsigned call_udf call_function unwrap_udt product years months days hours bucket create_map
  col column lit expr session_window window_time`.split(/\s+/),
);

function moduleAttribute(host: Host, module: string, name: string, n: SyntaxNode): PyValue {
  if (module === 'pyspark.sql.functions') {
    if (functionSpec(name) !== undefined) return fn(`F.${name}`);
    // a name Spark has not, near one it has, is a typo (Glue fails too: AttributeError), not a missing translation
    const near = SPARK_FUNCTION_NAMES.has(name.toLowerCase()) || PYSPARK_ONLY_FUNCTIONS.has(name) ? undefined : nearestFunctionName(name);
    if (near !== undefined) throw host.invalid(n, `pyspark.sql.functions has no function ${name} (did you mean ${near}?): Glue fails on it too (AttributeError)`);
    throw host.unsupported(n, `pyspark.sql.functions.${name}`, 'this function is not one the local engine translates', 'use another function, or an SQL Query node');
  }
  if (module.startsWith('GlueContext.')) return fn(`${module}.${name}`, { t: 'glueContext' });
  if (module === 'SparkSession.builder') return name === 'getOrCreate' ? fn('SparkSession.builder.getOrCreate') : name === 'config' ? fn('SparkSession.builder.config') : fn('SparkSession.builder.option');
  if (module === 'SparkSession.conf') return fn(`SparkSession.conf.${name}`);
  if (module === 'EvaluateDataQuality()') return fn(`EvaluateDataQuality.${name}`);
  if (module === 'logging') {
    if (name in LOG_LEVELS) return { t: 'int', v: LOG_LEVELS[name]! };
    return fn(`logging.${name}`);
  }
  if (module === 'sys') {
    if (name === 'argv') return { t: 'opaque', what: 'sys.argv' };
    if (name === 'stdout' || name === 'stderr') return { t: 'module', name: `sys.${name}` };
    return fn(`sys.${name}`);
  }
  if (module === 're') {
    if (name === 'I' || name === 'IGNORECASE') return { t: 'int', v: 2 };
    return fn(`re.${name}`);
  }
  const member = moduleMember(module)[name];
  if (member !== undefined) return member;
  if (module === 'pyspark.sql' || module === 'pyspark' || module === 'awsglue') return { t: 'module', name: `${module}.${name}` };
  return { t: 'module', name: `${module}.${name}` };
}

/** Python's logging levels of the script's loggers (`logging.getLogger(…)` at WARNING unless set). */
const ROOT_LEVEL = new WeakMap<Host, number>();

const PYTHON: Table = {
  getResolvedOptions: {
    sig: 'args!, options!',
    becomes: 'value (the job arguments)',
    doc: 'https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-get-resolved-options.html',
    run: (c) => {
      const b = c.bound();
      const argv = b.need('args');
      if (!(argv.value.t === 'opaque' && argv.value.what === 'sys.argv')) throw c.host.unsupported(argv.node, `getResolvedOptions(${argv.node.text}, …)`, 'the arguments must be sys.argv', 'pass sys.argv');
      return { t: 'args', names: b.strings('options', 'the option names of getResolvedOptions') };
    },
  },
  'Job.init': { sig: 'job_name~, args~', becomes: 'ignored', run: () => NONE },
  'Job.commit': { sig: '', becomes: 'ignored', run: () => NONE },
  'SparkContext.setLogLevel': { sig: 'logLevel~', becomes: 'ignored', run: () => NONE },
  'SparkContext.getOrCreate': { sig: 'conf~', becomes: 'value', run: () => ({ t: 'sparkContext' }) },
  'SparkSession.builder.getOrCreate': { sig: '', becomes: 'value', run: () => ({ t: 'spark' }) },
  // builder.appName(…), .config(…), .enableHiveSupport(): the session Glue gives the job either way
  'SparkSession.builder.option': { sig: '*args, **kwargs', becomes: 'ignored', run: () => ({ t: 'module', name: 'SparkSession.builder' }) },
  'SparkSession.conf.set': {
    sig: 'key!, value!',
    becomes: "ignored (settings without effect on rows); spark.sql.legacy.timeParserPolicy EXCEPTION or CORRECTED: the job's; spark.sql.sources.partitionOverwriteMode: the writes after it",
    run: (c) => sessionSetting(c, c.bound().string('key'), c.bound().string('value'), 'spark.conf.set'),
  },
  // SparkSession.builder.config(key, value) (PySpark 3.3 getOrCreate: on the session that exists -- Glue's -- it sets
  // the builder's options too, `session._jsparkSession.sessionState().conf().setConfString(key, value)`)
  'SparkSession.builder.config': {
    sig: 'key, value, conf',
    becomes: 'as spark.conf.set',
    run: (c) => {
      const b = c.bound();
      if (b.has('conf') || !b.has('key')) throw c.host.unsupported(c.call, 'SparkSession.builder.config(conf=...)', 'a SparkConf object is not followed', 'set each setting with spark.conf.set(key, value)');
      const value = b.need('value').value;
      const text = value.t === 'str' ? value.v : value.t === 'bool' ? (value.v ? 'true' : 'false') : value.t === 'int' ? String(value.v) : undefined;
      if (text === undefined) throw c.host.unsupported(c.call, 'SparkSession.builder.config', 'its value is not a literal', 'write the value');
      sessionSetting(c, b.string('key'), text, 'SparkSession.builder.config');
      return { t: 'module', name: 'SparkSession.builder' };
    },
  },
  'GlueContext.get_logger': GLUE['GlueContext.get_logger']!,
  'logging.getLogger': { sig: 'name', becomes: 'value (a logger)', run: () => ({ t: 'logger', kind: 'python', level: 0 }) },
  'logging.basicConfig': {
    sig: '**kwargs',
    becomes: 'ignored',
    run: (c) => {
      const b = c.bound();
      const level = b.restKeywords.get('level');
      if (level?.value.t === 'int') ROOT_LEVEL.set(c.host, level.value.v);
      else if (level?.value.t === 'str') ROOT_LEVEL.set(c.host, LOG_LEVELS[level.value.v.toUpperCase()] ?? 30);
      return NONE;
    },
  },
};

/** Logger methods: Glue's logger logs every level; Python's logging logs at its level (WARNING by default). */
function loggerCall(c: { host: Host; construct: string; args: CallArgs; self: PyValue }, method: string): PyValue {
  const logger = c.self as Extract<PyValue, { t: 'logger' }>;
  const levels: Record<string, number> = { debug: 10, info: 20, warn: 30, warning: 30, error: 40, exception: 40, critical: 50, fatal: 50 };
  if (method === 'setLevel') {
    const v = c.args.positional[0]?.value;
    logger.level = v?.t === 'int' ? v.v : v?.t === 'str' ? (LOG_LEVELS[v.v.toUpperCase()] ?? 0) : 0;
    return NONE;
  }
  if (method === 'addHandler' || method === 'removeHandler' || method === 'propagate') return NONE;
  const level = levels[method];
  if (level === undefined) throw c.host.unsupported(c.args.call, `logger.${method}()`, 'it is not a logging method the local engine knows', 'use info, warning or error');
  const [msg, ...rest] = c.args.positional;
  if (msg === undefined) throw c.host.invalid(c.args.call, `logger.${method}() needs a message`);
  if (logger.kind === 'python') {
    const effective = logger.level > 0 ? logger.level : (ROOT_LEVEL.get(c.host) ?? 30);
    if (level < effective) return NONE;
  }
  let parts = c.host.text([msg.value], '');
  if (rest.length > 0) {
    // logging formats the message with msg % args
    const formatted = binop(c.host, c.args.call, '%', msg.value, { t: 'tuple', items: rest.map((a) => a.value) });
    if (formatted === undefined) throw c.host.unsupported(c.args.call, `logger.${method}()`, 'its message is not a format string known when the script is read', 'write an f-string');
    parts = c.host.text([formatted], '');
  }
  const lvl = level >= 40 ? 'error' : level >= 30 ? 'warn' : level >= 20 ? 'info' : 'debug';
  c.host.addLog({ line: c.host.pos(c.args.call).line, level: lvl, parts });
  return NONE;
}

const TABLE: Table = { ...GLUE, ...DATAFRAME, ...DATAFRAME_WRITER, ...PYTHON };

/** The vocabulary: every row, by name, for the "what runs" table. */
export function vocabulary(): Table {
  return TABLE;
}

/** Calls a builtin, a method or a class of the vocabulary. */
export function callBuiltin(host: Host, f: Extract<PyValue, { t: 'builtin' | 'class' }>, args: CallArgs, fnNode: SyntaxNode): PyValue {
  const n = args.call;
  if (f.t === 'class') return construct(host, f.name, args, fnNode);
  const name = f.name;
  const spec: CallSpec | undefined = TABLE[name] ?? (name.startsWith('F.') ? functionSpec(name.slice(2)) : undefined);
  if (spec !== undefined) return runSpec(spec, host, name.startsWith('F.') ? `pyspark.sql.functions.${name.slice(2)}` : name, args, f.self);
  const dot = name.indexOf('.');
  const kind = name.slice(0, dot);
  const method = name.slice(dot + 1);
  const values = args.positional.map((a) => a.value);
  const kwargs = new Map([...args.keywords].map(([k, a]) => [k, a.value]));
  switch (kind) {
    case 'builtins':
      return pythonBuiltin(host, method, args, fnNode);
    case 'str':
    case 'list':
    case 'dict':
    case 'tuple':
    case 'set': {
      const v = constMethod(f.self!, method, { r: host, n, args: values, kwargs });
      if (v !== undefined) return v;
      throw host.unsupported(n, `${kind}.${method}()`, `the ${kind} method ${method} is not followed`, 'compute the value in the script');
    }
    case 'Logger':
      return loggerCall({ host, construct: name, args, self: f.self! }, method);
    case 'DynamicFrame':
      if (method === 'count') return { t: 'runtime', parts: [{ count: (f.self as { id: string }).id }], what: `${excerpt(fnNode)}()` };
      if (method === 'show' || method === 'printSchema') {
        const id = (f.self as { id: string }).id;
        const rows = values[0]?.t === 'int' ? values[0].v : 20;
        host.addLog({ line: host.pos(n).line, level: 'print', parts: [method === 'show' ? { show: id, rows, dynamic: true } : { schema: id, dynamic: true }] });
        return NONE;
      }
      if (method === 'schema' || method === 'getNumPartitions' || method === 'errorsCount' || method === 'stageErrorsCount')
        throw host.unsupported(n, `DynamicFrame.${method}()`, 'its value is known only when the job runs', 'write the script without it');
      throw host.unsupported(n, `DynamicFrame.${method}()`, 'it is not a DynamicFrame method the local engine knows', 'docs/glue-jobs.md lists the Glue calls that run');
    case 'GlueContext':
      throw host.unsupported(n, `${excerpt(fnNode)}()`, 'this GlueContext method is not part of the Glue vocabulary the local engine runs', 'docs/glue-jobs.md lists the Glue calls that run');
    case 'DataFrame':
    case 'GroupedData':
    case 'Column':
    case 'WindowSpec':
    case 'DataFrameNaFunctions':
    case 'SparkSession':
    case 'SparkContext':
    case 'DynamicFrameCollection':
    case 'DataSink':
    case 'Job':
      throw host.unsupported(n, `${name}()`, `it is not a ${kind} method the local engine knows`, 'docs/glue-jobs.md lists what runs');
    case 'sys':
      if (method === 'exit') throw host.unsupported(n, 'sys.exit()', 'the script stops here on Glue', 'remove it, or write the script so it does not reach it');
      break;
    case 're':
      throw host.unsupported(n, `re.${method}()`, 'regular expressions are translated inside Filter functions only', 'use it in a Filter lambda, or F.regexp_extract in DataFrame code');
    case 'logging':
      throw host.unsupported(n, `logging.${method}()`, 'it is not a logging function the local engine knows', 'use logging.getLogger(…)');
  }
  if (TRANSFORM_CLASSES.includes(kind) && method !== 'apply')
    throw host.unsupported(n, `${name}()`, `the Glue transform ${kind} is called as ${kind}.apply(…)`, `write ${kind}.apply(…)`);
  if (/^[A-Z]/.test(kind) && method === 'apply') throw host.unsupported(n, `${name}`, `the Glue transform ${kind} is not one the local engine runs`, 'docs/glue-jobs.md lists the transforms that run');
  throw host.unsupported(n, `${excerpt(fnNode)}()`, 'it is an unknown call', 'remove it');
}

function construct(host: Host, name: string, args: CallArgs, fnNode: SyntaxNode): PyValue {
  const n = args.call;
  switch (name) {
    case 'GlueContext':
      return { t: 'glueContext' };
    case 'SparkContext':
      return { t: 'sparkContext' };
    case 'Job':
      return { t: 'job' };
    case 'EvaluateDataQuality':
      return { t: 'module', name: 'EvaluateDataQuality()' };
    case 'DynamicFrameCollection':
      return runSpec(TABLE['DynamicFrameCollection()']!, host, 'DynamicFrameCollection', args);
    case 'Window':
      throw host.unsupported(n, 'Window()', 'a window is built with Window.partitionBy(…) / Window.orderBy(…)', 'use those');
  }
  if (name === 'Row') {
    // PySpark 3.x Row(**kwargs): a row whose fields are the keywords in the order written (since Spark 3.0 they
    // are no longer sorted: pyspark/sql/types.py Row.__new__); Row("a", "b") makes a Row class instead
    if (args.positional.length > 0) throw host.unsupported(n, `${excerpt(fnNode)}(…) with positional values`, 'Row("a", "b") makes a class of rows, which is not followed', 'write Row(a=…, b=…)');
    return { t: 'record', cls: 'Row', attrs: [...args.keywords].map(([k, a]) => [k, a.value]) };
  }
  if (name === 'StructField') {
    const [nameArg, typeArg] = args.positional.length > 0 ? args.positional : [args.keywords.get('name'), args.keywords.get('dataType')];
    const t = typeArg?.value ?? args.keywords.get('dataType')?.value;
    if (nameArg?.value.t !== 'str' || t?.t !== 'sqlType' || t.name.startsWith('array<')) throw host.unsupported(n, 'StructField(…)', 'a field needs a name and a simple type (StringType(), LongType(), …)', 'write StructField("name", StringType(), True)');
    const nullable = args.positional[2]?.value ?? args.keywords.get('nullable')?.value;
    return { t: 'schema', fields: [{ name: nameArg.value.v, type: t.name, ...(nullable?.t === 'bool' && !nullable.v ? { nullable: false } : {}) }], single: true };
  }
  if (name === 'StructType') {
    const list = args.positional[0]?.value ?? args.keywords.get('fields')?.value ?? { t: 'list', items: [] };
    const items = list.t === 'list' || list.t === 'tuple' ? list.items : undefined;
    if (items === undefined || !items.every((x) => x.t === 'schema' && x.single)) throw host.unsupported(n, 'StructType(…)', 'a schema is a list of StructField(…)', 'write StructType([StructField(…), …])');
    return { t: 'schema', fields: items.flatMap((x) => (x as { fields: SchemaField[] }).fields) };
  }
  if (name === 'ArrayType') {
    // ArrayType(elementType, containsNull=True): Spark's `array<…>` of a simple type or of a StructType (its fields as
    // DDL `struct<name:type,…>`); containsNull is not followed (printSchema would show it), so only its default runs
    const element = args.positional[0]?.value ?? args.keywords.get('elementType')?.value;
    const containsNull = args.positional[1]?.value ?? args.keywords.get('containsNull')?.value;
    if (containsNull !== undefined && !(containsNull.t === 'bool' && containsNull.v)) throw host.unsupported(n, 'ArrayType(…, containsNull=False)', 'whether the elements may be null is not followed', 'leave containsNull out');
    if (element?.t === 'sqlType' && element.name !== 'struct' && element.name !== 'field') return { t: 'sqlType', name: `array<${element.name}>` };
    if (element?.t === 'schema' && !element.single && element.fields.length > 0 && element.fields.every((f) => f.nullable !== false))
      return { t: 'sqlType', name: `array<struct<${element.fields.map((f) => `\`${f.name.replace(/`/g, '``')}\`:${f.type}`).join(',')}>>` };
    throw host.unsupported(n, 'ArrayType(…)', 'an array type is followed of a simple type (StringType(), …) or of a StructType of nullable fields', 'write ArrayType(StringType()) or ArrayType(StructType([…]))');
  }
  if (name in SQL_TYPES) {
    if (name === 'DecimalType') {
      const [p, s] = args.positional.map((a) => a.value);
      const precision = p?.t === 'int' ? p.v : 10;
      const scale = s?.t === 'int' ? s.v : 0;
      return { t: 'sqlType', name: `decimal(${precision},${scale})` };
    }
    return { t: 'sqlType', name: SQL_TYPES[name]! };
  }
  if (TRANSFORM_CLASSES.includes(name)) {
    if (args.positional.length === 0 && args.keywords.size === 0) return { t: 'class', name };
    throw host.unsupported(n, `${name}(…)`, `the Glue transform ${name} is called as ${name}.apply(…)`, `write ${name}.apply(…)`);
  }
  if (name === 'Exception' || name.endsWith('Error')) return { t: 'opaque', what: `${name}(…)` };
  throw host.unsupported(n, `${excerpt(fnNode)}()`, `the class ${name} is not one the local engine knows`, 'remove it');
}

function pythonBuiltin(host: Host, name: string, args: CallArgs, fnNode: SyntaxNode): PyValue {
  const n = args.call;
  const values = args.positional.map((a) => a.value);
  const kwargs = new Map([...args.keywords].map(([k, a]) => [k, a.value]));
  switch (name) {
    case 'print': {
      const column = values.find((v) => v.t === 'column' && v.expr.k !== 'col');
      if (column !== undefined) throw host.unsupported(n, `${excerpt(n)}`, "PySpark prints a Column as Column<'…'> with Spark's text of its expression, which the local engine writes only for a field by name", 'print a DataFrame (show) instead');
      const sep = kwargs.get('sep');
      const file = kwargs.get('file');
      const parts = host.text(values, sep?.t === 'str' ? sep.v : ' ');
      host.addLog({ line: host.pos(n).line, level: file?.t === 'module' && file.name === 'sys.stderr' ? 'error' : 'print', parts });
      return NONE;
    }
    case 'getattr': {
      const [obj, attr, dflt] = args.positional;
      if (obj === undefined || attr === undefined) throw host.invalid(n, 'getattr(object, name) needs two arguments');
      const key = asString(host, attr, 'the name given to getattr');
      try {
        return attribute(host, obj.value, key, n);
      } catch (e) {
        if (dflt !== undefined) return dflt.value;
        throw e;
      }
    }
    case 'hasattr':
    case 'isinstance':
    case 'type':
      throw host.unsupported(n, `${name}()`, 'types of values are only known when Python runs', 'write the script without it');
    case 'open':
    case 'input':
      throw host.unsupported(n, `${name}()`, 'files and input are outside the lakehouse', 'read data from S3 or the Data Catalog');
    case 'eval':
    case 'exec':
    case '__import__':
      throw host.unsupported(n, `${name}()`, 'it runs Python code given as text', 'write the code in the script');
    case 'map':
    case 'filter':
      throw host.unsupported(n, `${name}()`, 'it is not followed', 'write a list comprehension');
  }
  // sorted(df.collect()): the Rows as Python sorts tuples — by their values in order (the run sorts them: logLines.ts)
  const only = values.length === 1 && kwargs.size === 0 ? values[0]! : undefined;
  if (name === 'sorted' && only?.t === 'runtime' && only.parts.length === 1 && 'collect' in only.parts[0]! && !only.parts[0].one)
    return { t: 'runtime', parts: [{ ...only.parts[0], sorted: true }], what: excerpt(n) };
  // len(df.columns), sorted(df.columns), enumerate(df.dtypes)…: the names themselves are needed — the run learns them
  // and the script is read again (FieldsPending); until then the frame is taken to have none
  const given = NEEDS_ITEMS.has(name)
    ? values.map((v) => {
        const frame = pendingFrame(v);
        if (frame === undefined) return v;
        host.fieldsNeeded(frame, n, excerpt(n));
        return { t: 'list' as const, items: [] };
      })
    : values;
  const v = pyBuiltin(name, { r: host, n, args: given, kwargs });
  if (v !== undefined) return v;
  throw host.unsupported(n, `${excerpt(fnNode)}()`, 'it is an unknown function', 'remove it');
}

export { refusal };
