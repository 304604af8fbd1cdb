/**
 * The values of a Glue script as the interpreter (interpreter.ts) follows it without running Python: constants
 * (str, int, float, bool, None, list, tuple, dict) with Python's behaviour, and symbolic values for what only exists
 * when the job runs — DynamicFrames and DataFrames (plan nodes), Columns (expressions), the Glue and Spark objects,
 * functions defined by the script. A value known only on Glue (`args["JOB_NAME"]` without a default argument,
 * `df.count()`) is `opaque` or `runtime`: printing it is fine, computing with it is refused by name.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { ColExpr, PyConst, WindowSpec } from './expr';
import type { LogPart, PlanFormat } from './plan';
import type { DqdlRuleset } from './dqdl/ast';
import type { SourceBase } from '../sql/lexer';

export interface PendingSink {
  variable: string;
  line: number;
  name?: string;
  path: string;
  partitionKeys: string[];
  enableUpdateCatalog: boolean;
  updateBehavior?: string;
  format?: PlanFormat;
  compression?: string;
  formatOptions: Record<string, unknown>;
  catalog?: { database: string; table: string };
  /** getSink(format="parquet"): Spark SQL's Parquet sink (GlueContext.getSink: Spark_SQL_Formats), as from_options' */
  sparkSqlSink?: true;
  written: boolean;
}

/** A Python scope: a module's globals or a call's locals; `version` counts assignments, for late-binding checks. */
export class Scope {
  readonly vars = new Map<string, PyValue>();
  readonly versions = new Map<string, number>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): { value: PyValue; scope: Scope } | undefined {
    const v = this.vars.get(name);
    if (v !== undefined) return { value: v, scope: this };
    return this.parent?.lookup(name);
  }

  set(name: string, value: PyValue): void {
    this.vars.set(name, value);
    this.versions.set(name, (this.versions.get(name) ?? 0) + 1);
  }
}

export type LoggerKind = 'glue' | 'python';

/** A field of a Spark schema: its name and Spark SQL type (`string`, `bigint`, `decimal(10,2)`). */
export interface SchemaField {
  name: string;
  type: string;
  /** StructField(…, nullable=False) */
  nullable?: false;
}

export type PyValue =
  | { t: 'none' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  /** `line`: where a string literal starts (SQL text maps its lines to the script) */
  /** a literal's text starts at `line` and `column` of the script (1-based) */
  | { t: 'str'; v: string; line?: number; column?: number }
  /** `view`: a dict's keys() or values() (DynamicFrameCollection.keys: aws-glue-libs returns the dict's), not a list */
  | { t: 'list'; items: PyValue[]; view?: 'dict_keys' | 'dict_values' }
  | { t: 'tuple'; items: PyValue[] }
  | { t: 'set'; items: PyValue[] }
  | { t: 'dict'; entries: [PyValue, PyValue][] }
  | { t: 'glueContext' }
  | { t: 'sparkContext' }
  | { t: 'spark' }
  | { t: 'job' }
  /** a logger: GlueContext.get_logger() (always logs), or Python's logging (WARNING and above unless set lower) */
  | { t: 'logger'; kind: LoggerKind; level: number }
  | { t: 'args'; names: string[] }
  /** a value only Glue knows (`args["JOB_NAME"]`, `sys.argv`): fine to pass along or print, refused as data */
  | { t: 'opaque'; what: string; at?: SyntaxNode }
  /** text with figures computed by the run (`df.count()`, `f"{n} rows"`): may be printed or logged */
  | { t: 'runtime'; parts: LogPart[]; what: string; cond?: { count: string; op: string; value: number } }
  | { t: 'dyf'; id: string }
  | { t: 'df'; id: string }
  /** a DynamicFrameCollection: key → DynamicFrame node id */
  /**
   * a DynamicFrameCollection: key → frame; `namedByKeys` when each frame's DynamicFrame name is its key (SplitRows
   * and SplitFields name their frames name1/name2: aws-glue-libs dynamicframe.py), which FlatMap keys results by
   */
  | {
      t: 'dfc';
      entries: [string, string][];
      namedByKeys?: true;
      /**
       * a Relationalize collection: its root table is `entries`' one frame; the tables of its array fields, which the
       * data decides, are made when selected by name (`<root>_<field>`)
       */
      relationalize?: { input: string; root: string; construct: string };
    }
  | { t: 'grouped'; df: string; keys: ColExpr[]; pivot?: { column: ColExpr; values?: PyConst[] }; sets?: 'rollup' | 'cube' }
  /** `spark.read`, with the format, options and schema given so far */
  | { t: 'reader'; format?: string; options: Record<string, unknown>; schema?: SchemaField[] }
  /** `df.write`, with the save mode, format, options and partition columns given so far */
  | { t: 'writer'; df: string; mode?: string; format?: string; options: Record<string, unknown>; partitionBy: string[] }
  /** a pyspark.sql.types StructType (or a StructField: one field) */
  | { t: 'schema'; fields: SchemaField[]; single?: boolean }
  /** `df.na`: DataFrameNaFunctions of a DataFrame */
  | { t: 'na'; df: string }
  | { t: 'column'; expr: ColExpr }
  | { t: 'window'; spec: WindowSpec }
  /** a pyspark.sql.types type (`StringType()`), by its Spark SQL name */
  | { t: 'sqlType'; name: string }
  | { t: 'sink'; sink: PendingSink }
  /** the result of EvaluateDataQuality: a collection of outcomes, evaluated by the runner */
  /** an EvaluateDataQuality result: `collection` for process_rows' DynamicFrameCollection (ruleOutcomes, rowLevelOutcomes, originalData), else apply's DynamicFrame of rule outcomes */
  | { t: 'dq'; input: string; index: number; collection?: true; ruleset?: DqdlRuleset; rulesetBase?: SourceBase }
  | { t: 'func'; name: string; node: SyntaxNode; closure: Scope; defaults: Map<string, PyValue> }
  /** a callable the interpreter implements: a builtin, a module function, a method bound to `self` */
  | { t: 'builtin'; name: string; self?: PyValue }
  /** a module or a namespace object (`glueContext.create_dynamic_frame`) */
  | { t: 'module'; name: string }
  /** a class the interpreter knows (Glue transforms, DynamicFrame, Window, …) */
  | { t: 'class'; name: string }
  /**
   * a class the script defines that only holds values: its `__init__` assigns parameters to attributes (Glue Studio's
   * generated `GroupFilter`); `params`: the parameters after self, `attrs`: attribute → parameter
   */
  | { t: 'recordClass'; name: string; params: string[]; attrs: [string, string][] }
  /** `df.columns`: the names of a frame's fields, known when the job runs (see expr.ts `fields`) */
  | { t: 'fieldNames'; frame: string; prefix: string; suffix: string; exclude: string[]; include?: string[] }
  /** an instance of a recordClass */
  | { t: 'record'; cls: string; attrs: [string, PyValue][] };

export type PyType = PyValue['t'];

export const NONE: PyValue = { t: 'none' };

export const str = (v: string): PyValue => ({ t: 'str', v });
export const int = (v: number): PyValue => ({ t: 'int', v });
export const bool = (v: boolean): PyValue => ({ t: 'bool', v });

/** What a value is, for messages: `a DynamicFrame`, `the string "x"`. */
export function describe(v: PyValue): string {
  switch (v.t) {
    case 'none':
      return 'None';
    case 'bool':
    case 'int':
    case 'float':
      return `the ${v.t === 'bool' ? 'bool' : v.t} ${repr(v)}`;
    case 'str':
      return `the string ${repr(v).slice(0, 40)}`;
    case 'list':
    case 'tuple':
    case 'set':
    case 'dict':
      return `a ${v.t}`;
    case 'glueContext':
      return 'the GlueContext';
    case 'sparkContext':
      return 'the SparkContext';
    case 'spark':
      return 'the Spark session';
    case 'job':
      return 'the Job';
    case 'logger':
      return 'a logger';
    case 'args':
      return 'the job arguments';
    case 'opaque':
      return `${v.what} (known only when the job runs on Glue)`;
    case 'runtime':
      return `${v.what} (computed by the run)`;
    case 'dyf':
      return 'a DynamicFrame';
    case 'df':
      return 'a DataFrame';
    case 'dfc':
      return 'a DynamicFrameCollection';
    case 'grouped':
      return 'grouped data (groupBy)';
    case 'na':
      return 'df.na';
    case 'reader':
      return 'spark.read';
    case 'writer':
      return 'df.write';
    case 'schema':
      return v.single ? 'a StructField' : 'a StructType';
    case 'column':
      return 'a Column';
    case 'window':
      return 'a window specification';
    case 'sqlType':
      return `the type ${v.name}`;
    case 'sink':
      return 'a sink';
    case 'dq':
      return 'a data-quality result';
    case 'func':
      return `the function ${v.name}`;
    case 'builtin':
      return `${v.name}`;
    case 'module':
      return `the module ${v.name}`;
    case 'class':
      return `the class ${v.name}`;
    case 'recordClass':
      return `the class ${v.name}`;
    case 'fieldNames':
      return "a frame's field names (known only when the job runs)";
    case 'record':
      return `a ${v.cls} object`;
  }
}

/** Python's repr() of a constant; symbolic values get their description. */
export function repr(v: PyValue): string {
  switch (v.t) {
    case 'none':
      return 'None';
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'int':
      return String(v.v);
    case 'float':
      return floatRepr(v.v);
    case 'str':
      return strRepr(v.v);
    case 'list':
      return v.view !== undefined ? `${v.view}([${v.items.map(repr).join(', ')}])` : `[${v.items.map(repr).join(', ')}]`;
    case 'tuple':
      return v.items.length === 1 ? `(${repr(v.items[0]!)},)` : `(${v.items.map(repr).join(', ')})`;
    case 'set':
      return v.items.length === 0 ? 'set()' : `{${v.items.map(repr).join(', ')}}`;
    case 'dict':
      return `{${v.entries.map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`;
    case 'df':
      return 'DataFrame';
    case 'dyf':
      return '<awsglue.dynamicframe.DynamicFrame object>';
    case 'column':
      // PySpark 3.3 Column.__repr__: "Column<'%s'>" % the JVM Column's toString; a field by name is its name
      return v.expr.k === 'col' ? `Column<'${v.expr.name}'>` : `<${describe(v)}>`;
    default:
      return `<${describe(v)}>`;
  }
}

/** Python's str(): strings as they are, the rest as repr. */
export function pyStr(v: PyValue): string {
  return v.t === 'str' ? v.v : repr(v);
}

export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

/** Python's repr of a float: shortest round-trip digits, `1.0`, `1e+16`, `inf`, `nan`. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) {
    // JavaScript: 1e+21, 1.5e-7; Python: 1e+21, 1.5e-07 (two-digit exponent at least)
    const [mant, exp] = x.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  const s = String(x);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/** Python's truthiness of a known value; undefined for symbolic values. */
export function truthy(v: PyValue): boolean | undefined {
  switch (v.t) {
    case 'none':
      return false;
    case 'bool':
      return v.v;
    case 'int':
    case 'float':
      return v.v !== 0;
    case 'str':
      return v.v.length > 0;
    case 'list':
    case 'tuple':
    case 'set':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0;
    case 'opaque':
    case 'runtime':
    case 'column':
      return undefined;
    default:
      return true; // objects, frames, functions
  }
}

const isNumber = (v: PyValue): v is Extract<PyValue, { t: 'int' | 'float' | 'bool' }> => v.t === 'int' || v.t === 'float' || v.t === 'bool';
export const numberOf = (v: Extract<PyValue, { t: 'int' | 'float' | 'bool' }>): number => (v.t === 'bool' ? (v.v ? 1 : 0) : v.v);

/** Python's `==` of known values; undefined when a value is symbolic. */
export function pyEquals(a: PyValue, b: PyValue): boolean | undefined {
  if (isNumber(a) && isNumber(b)) return numberOf(a) === numberOf(b);
  if (a.t === 'str' && b.t === 'str') return a.v === b.v;
  if (a.t === 'none' || b.t === 'none') return a.t === b.t;
  if ((a.t === 'list' && b.t === 'list') || (a.t === 'tuple' && b.t === 'tuple')) {
    if (a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) {
      const e = pyEquals(a.items[i]!, b.items[i]!);
      if (e !== true) return e;
    }
    return true;
  }
  if (a.t === 'dict' && b.t === 'dict') {
    if (a.entries.length !== b.entries.length) return false;
    for (const [k, x] of a.entries) {
      const other = b.entries.find(([k2]) => pyEquals(k, k2) === true);
      if (!other) return false;
      const e = pyEquals(x, other[1]);
      if (e !== true) return e;
    }
    return true;
  }
  const constant = (v: PyValue) => ['int', 'float', 'bool', 'str', 'none', 'list', 'tuple', 'dict', 'set'].includes(v.t);
  if (constant(a) && constant(b)) return false; // different types: not equal
  return undefined;
}

/** A known value as a constant of the plan (str, numbers, bool, None, lists and tuples of them). */
export function toConst(v: PyValue): PyConst | undefined {
  switch (v.t) {
    case 'none':
      return { py: 'none' };
    case 'bool':
      return { py: 'bool', v: v.v };
    case 'int':
      return { py: 'int', v: v.v };
    case 'float':
      return { py: 'float', v: v.v };
    case 'str':
      return { py: 'str', v: v.v };
    case 'list':
    case 'tuple': {
      const items = v.items.map(toConst);
      return items.every((i): i is PyConst => i !== undefined) ? { py: v.t, items } : undefined;
    }
    default:
      return undefined;
  }
}

/** A known value as plain data (JSON-like: strings, numbers, booleans, null, arrays, objects with string keys). */
export function toData(v: PyValue): unknown {
  switch (v.t) {
    case 'none':
      return null;
    case 'bool':
    case 'int':
    case 'float':
    case 'str':
      return v.v;
    case 'list':
    case 'tuple':
    case 'set': {
      const items = v.items.map(toData);
      return items.includes(undefined) ? undefined : items;
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v.entries) {
        if (k.t !== 'str') return undefined;
        const d = toData(x);
        if (d === undefined) return undefined;
        out[k.v] = d;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** Items of an iterable known value (str: its characters; dict: its keys). */
/** The frame whose field names (`df.columns`, `df.schema.names`, a list made from them) or `df.dtypes` `v` is, while they are not known. */
export function pendingFrame(v: PyValue): string | undefined {
  if (v.t === 'fieldNames') return v.frame;
  const p = v.t === 'runtime' && v.parts.length === 1 ? v.parts[0]! : undefined;
  return p !== undefined && 'dataFrame' in p && p.as === 'dtypes' ? p.dataFrame : undefined;
}

export function iterate(v: PyValue): PyValue[] | undefined {
  switch (v.t) {
    case 'list':
    case 'tuple':
    case 'set':
      return v.items;
    case 'dict':
      return v.entries.map(([k]) => k);
    case 'str':
      return [...v.v].map((c) => str(c));
    default:
      return undefined;
  }
}
