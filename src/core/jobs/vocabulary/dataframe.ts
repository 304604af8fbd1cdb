/**
 * The Spark DataFrame API Glue scripts use, as tables: DataFrame methods → plan nodes, GroupedData, Column methods,
 * Window, SparkSession (`spark.sql`, temporary views) and pyspark.sql.functions (functions.ts holds their SQL).
 * Semantics from the PySpark API reference (spark.apache.org/docs/latest/api/python/reference/pyspark.sql/): field
 * names resolve case-insensitively (spark.sql.caseSensitive is false), `drop` and `withColumnRenamed` of a missing
 * field do nothing, `join(on="k")` keeps one `k`, `union` is by position, `unionByName` by name.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { asString, asStrings, excerpt, type Arg, type Bound } from '../callArgs';
import { sqlText, type ColExpr, type PyConst, type WindowSpec } from '../expr';
import type { JoinCondition, JoinHow } from '../plan';
import { NONE, describe, iterate, str, toConst, type PyValue } from '../values';
import { SPARK_DDL_NUMBERS_AND_TEXT, createDataFrame } from './createDataFrame';
import { functionRow } from './functions';
import type { CallCtx, Table } from './registry';
import { refusal } from './registry';

const SPARK_DOC = 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql';

const df = (id: string): PyValue => ({ t: 'df', id });
const col = (expr: ColExpr): PyValue => ({ t: 'column', expr });
const selfDf = (c: CallCtx): string => (c.self as { id: string }).id;
const selfCol = (c: CallCtx): ColExpr => (c.self as { expr: ColExpr }).expr;
const pos = (c: CallCtx) => c.host.pos(c.call);

/** `*cols` that may also be given as one list (PySpark accepts both). */
function columnsArg(c: CallCtx, b: Bound, literals = false): ColExpr[] {
  const rest = b.rest;
  const items: Arg[] = rest.length === 1 && (rest[0]!.value.t === 'list' || rest[0]!.value.t === 'tuple') ? (iterate(rest[0]!.value) ?? []).map((value) => ({ value, node: rest[0]!.node })) : rest;
  return items.map((a) => c.host.columnOf(a.value, a.node, `a column of ${c.construct}`, literals));
}

function namesArg(c: CallCtx, b: Bound): string[] {
  const rest = b.rest;
  if (rest.length === 1 && (rest[0]!.value.t === 'list' || rest[0]!.value.t === 'tuple')) return asStrings(c.host, rest[0]!, `the fields of ${c.construct}`);
  return rest.map((a) => asString(c.host, a, `a field of ${c.construct}`));
}

function node(c: CallCtx, body: Parameters<CallCtx['host']['node']>[0], label: string): PyValue {
  return df(c.host.node(body, c.call, label));
}

/** A condition: a Column, or an SQL expression string. */
function condition(c: CallCtx, a: Arg): ColExpr {
  if (a.value.t === 'str') return sqlText(c.host.pos(a.node), a.value);
  if (a.value.t === 'column') return a.value.expr;
  throw c.host.unsupported(a.node, `${excerpt(a.node)} as the condition of ${c.construct}`, `expected a Column or an SQL string, not ${describe(a.value)}`, 'write F.col("a") > 1 or "a > 1"');
}

const HOW: Record<string, JoinHow> = {
  inner: 'inner',
  cross: 'cross',
  outer: 'full',
  full: 'full',
  fullouter: 'full',
  full_outer: 'full',
  left: 'left',
  leftouter: 'left',
  left_outer: 'left',
  right: 'right',
  rightouter: 'right',
  right_outer: 'right',
  semi: 'semi',
  leftsemi: 'semi',
  left_semi: 'semi',
  anti: 'anti',
  leftanti: 'anti',
  left_anti: 'anti',
};

function join(c: CallCtx): PyValue {
  const b = c.bound();
  const left = selfDf(c);
  const right = c.host.df(b.need('other'), `the other frame of ${c.construct}`);
  let how: JoinHow = 'inner';
  const howArg = b.get('how');
  if (howArg !== undefined && howArg.value.t !== 'none') {
    const h = asString(c.host, howArg, `${c.construct} how`);
    const mapped = HOW[h.toLowerCase()];
    if (mapped === undefined) throw c.host.invalid(howArg.node, `${c.construct}: unknown join type "${h}" (Spark knows ${Object.keys(HOW).join(', ')})`);
    how = mapped;
  }
  const onArg = b.get('on');
  let on: JoinCondition;
  if (onArg === undefined || onArg.value.t === 'none') on = { kind: 'cross' };
  else if (onArg.value.t === 'str') on = { kind: 'using', columns: [onArg.value.v] };
  else if ((onArg.value.t === 'list' || onArg.value.t === 'tuple') && onArg.value.items.every((x) => x.t === 'str'))
    on = { kind: 'using', columns: onArg.value.items.map((x) => (x as { v: string }).v) };
  else if (onArg.value.t === 'list' || onArg.value.t === 'tuple') {
    // a list of Columns: their conjunction
    const exprs = onArg.value.items.map((x) => c.host.columnOf(x, onArg.node, `the condition of ${c.construct}`));
    on = { kind: 'expr', expr: exprs.reduce((l, r) => ({ pos: pos(c), k: 'op', op: 'and', args: [l, r] })) };
  } else on = { kind: 'expr', expr: condition(c, onArg) };
  if (on.kind === 'cross' && how !== 'cross' && how !== 'inner')
    throw c.host.invalid(c.call, `${c.construct}: a ${how} join needs on=`);
  return node(c, { kind: 'dfJoin', left, right, on, how: on.kind === 'cross' ? 'cross' : how }, 'join');
}

/** the rows a collect()/take()/first() brings into Python: text the run computes */
function rowsValue(c: CallCtx, o: { n?: number; one?: true }): PyValue {
  return { t: 'runtime', parts: [{ collect: selfDf(c), ...o }], what: excerpt(c.call) };
}

/**
 * DataFrame.replace / na.replace as PySpark 3.3 reads its arguments (pyspark/sql/dataframe.py replace): a dict maps
 * values to replacements (`value` ignored); a scalar or list `to_replace` takes `value` (one for all, or a list of as
 * many); the values must all be bool, all str or all numbers ("Mixed type replacements are not supported"); then
 * DataFrameNaFunctions.replace0 over the fields (statNodes.ts).
 */
function replace(c: CallCtx, input: string): PyValue {
  const b = c.bound();
  const t = b.need('to_replace');
  const v = b.get('value');
  const literal = (x: PyValue, a: Arg): PyConst => {
    const k = toConst(x);
    if (k === undefined || k.py === 'list' || k.py === 'tuple') throw b.notLiteral(a, `${c.construct} value`, 'a bool, int, float, str or None');
    return k;
  };
  let pairs: [PyConst, PyConst][];
  if (t.value.t === 'dict') pairs = t.value.entries.map(([k, x]) => [literal(k, t), literal(x, t)]);
  else {
    if (v === undefined) throw c.host.unsupported(c.call, c.construct, 'PySpark raises TypeError: value argument is required when to_replace is not a dictionary', 'give the value');
    const keys = t.value.t === 'list' || t.value.t === 'tuple' ? t.value.items.map((x) => literal(x, t)) : [literal(t.value, t)];
    const values = v.value.t === 'list' || v.value.t === 'tuple' ? v.value.items.map((x) => literal(x, v)) : keys.map(() => literal(v.value, v));
    if (values.length !== keys.length) throw c.host.unsupported(c.call, c.construct, `PySpark raises ValueError: to_replace and value lists should be of the same length. Got ${keys.length} and ${values.length}`, 'give as many values');
    // dict(zip(to_replace, value)): a repeated key keeps its last value
    pairs = [];
    keys.forEach((k, i) => {
      const at = pairs.findIndex(([x]) => x.py === k.py && (x as { v: unknown }).v === (k as { v: unknown }).v);
      if (at >= 0) pairs[at] = [k, values[i]!];
      else pairs.push([k, values[i]!]);
    });
  }
  if (pairs.some(([k]) => k.py === 'none')) throw c.host.unsupported(c.call, c.construct, 'PySpark raises TypeError: to_replace should be a bool, float, int, string, list, tuple, or dict', 'replace values, not None (use fillna for None)');
  const all = pairs.flatMap(([k, x]) => (x.py === 'none' ? [k] : [k, x]));
  const kind = all.every((x) => x.py === 'bool') ? 'bool' : all.every((x) => x.py === 'str') ? 'str' : all.every((x) => x.py === 'int' || x.py === 'float') ? 'number' : undefined;
  if (kind === undefined) {
    // bool is an int in Python: PySpark accepts bools among numbers, and the JVM then picks the fields by the first key of a hash map
    if (all.every((x) => x.py === 'int' || x.py === 'float' || x.py === 'bool')) throw c.host.unsupported(c.call, c.construct, 'bools mixed with numbers: Spark picks the fields to replace by the first key of a Java hash map', 'replace bools and numbers in two calls');
    throw c.host.unsupported(c.call, c.construct, 'PySpark raises ValueError: Mixed type replacements are not supported', 'replace values of one type at a time');
  }
  const s = b.get('subset');
  const subset = s === undefined || s.value.t === 'none' ? undefined : s.value.t === 'str' ? [s.value.v] : asStrings(c.host, s, `${c.construct} subset`);
  if (pairs.length === 0 || (subset !== undefined && subset.length === 0)) return { t: 'df', id: input };
  return node(c, { kind: 'replace', input, pairs, ...(subset !== undefined ? { subset } : {}) }, 'replace');
}

function setOp(op: 'intersect' | 'except', all: boolean) {
  return (c: CallCtx): PyValue => {
    const b = c.bound();
    return node(c, { kind: 'setOp', op, all, left: selfDf(c), right: c.host.df(b.need('other'), `the other frame of ${c.construct}`) }, op);
  };
}

function fillna(c: CallCtx, input: string): PyValue {
  const b = c.bound();
  const v = b.need('value');
  const subset = b.get('subset');
  const subsetNames = subset === undefined || subset.value.t === 'none' ? undefined : subset.value.t === 'str' ? [subset.value.v] : asStrings(c.host, subset, `${c.construct} subset`);
  if (v.value.t === 'dict') {
    const values: Record<string, PyConst> = {};
    for (const [k, x] of v.value.entries) {
      const cv = toConst(x);
      if (k.t !== 'str' || cv === undefined || cv.py === 'list' || cv.py === 'tuple' || cv.py === 'none') throw b.notLiteral(v, `${c.construct} value`, 'a dict of field name → int, float, str or bool');
      values[k.v] = cv;
    }
    return node(c, { kind: 'fillna', input, values }, 'fillna');
  }
  const value = toConst(v.value);
  if (value === undefined || value.py === 'list' || value.py === 'tuple' || value.py === 'none') throw b.notLiteral(v, `${c.construct} value`, 'an int, float, str, bool or dict');
  return node(c, { kind: 'fillna', input, value, ...(subsetNames ? { subset: subsetNames } : {}) }, 'fillna');
}

function dropna(c: CallCtx, input: string): PyValue {
  const b = c.bound();
  const how = b.optString('how') ?? 'any';
  if (how !== 'any' && how !== 'all') throw c.host.invalid(b.need('how').node, `${c.construct}: how must be "any" or "all"`);
  const thresh = b.get('thresh');
  const subset = b.get('subset');
  const subsetNames = subset === undefined || subset.value.t === 'none' ? undefined : subset.value.t === 'str' ? [subset.value.v] : asStrings(c.host, subset, `${c.construct} subset`);
  return node(
    c,
    { kind: 'dropna', input, how, ...(thresh !== undefined && thresh.value.t !== 'none' ? { thresh: b.int('thresh') } : {}), ...(subsetNames ? { subset: subsetNames } : {}) },
    'dropna',
  );
}

function orderBy(c: CallCtx): PyValue {
  const b = c.bound();
  let keys = columnsArg(c, b);
  const asc = b.get('ascending');
  if (asc !== undefined) {
    const flags = asc.value.t === 'bool' || asc.value.t === 'int' ? keys.map(() => asc.value) : iterate(asc.value);
    if (flags === undefined || flags.length !== keys.length || !flags.every((f) => f.t === 'bool' || f.t === 'int'))
      throw b.notLiteral(asc, `${c.construct} ascending`, 'True, False or a list of them, one per column');
    keys = keys.map((k, i) => ({ pos: k.pos, k: 'sort', arg: k, desc: !(flags[i] as { v: boolean | number }).v }));
  }
  return node(c, { kind: 'orderBy', input: selfDf(c), keys }, 'orderBy');
}

/** Aggregations: `agg(F.sum("x"), …)` or `agg({"x": "sum"})`. */
function aggExprs(c: CallCtx, b: Bound): ColExpr[] {
  if (b.rest.length === 1 && b.rest[0]!.value.t === 'dict') {
    const a = b.rest[0]!;
    return (a.value as Extract<PyValue, { t: 'dict' }>).entries.map(([k, v]) => {
      if (k.t !== 'str' || v.t !== 'str') throw b.notLiteral(a, `${c.construct}`, 'a dict of field name → function name');
      const name = v.v === 'mean' ? 'avg' : v.v;
      const row = functionRow(name);
      if (row === undefined || 'refuse' in row || row.kind !== 'agg') throw c.host.unsupported(a.node, `${c.construct} with "${v.v}"`, `"${v.v}" is not an aggregate function the local engine runs`, 'use count, sum, avg, min, max, …');
      return { pos: pos(c), k: 'fn', name, args: [k.v === '*' ? { pos: pos(c), k: 'star' } : { pos: pos(c), k: 'col', name: k.v }] } as ColExpr;
    });
  }
  const exprs = columnsArg(c, b);
  if (exprs.length === 0) throw c.host.invalid(c.call, `${c.construct} needs at least one aggregate`);
  return exprs;
}

function groupBy(c: CallCtx): PyValue {
  const b = c.bound();
  return { t: 'grouped', df: selfDf(c), keys: columnsArg(c, b) };
}

function grouped(c: CallCtx): Extract<PyValue, { t: 'grouped' }> {
  return c.self as Extract<PyValue, { t: 'grouped' }>;
}

function aggregateNode(c: CallCtx, aggs: ColExpr[]): PyValue {
  const g = grouped(c);
  return node(c, { kind: 'aggregate', input: g.df, groupBy: g.keys, aggs, ...(g.pivot ? { pivot: g.pivot } : {}) }, 'agg');
}

/** GroupedData.sum("a", "b") and its kin: the function over each named field (all numeric fields when none). */
function groupedFn(fnName: string) {
  return (c: CallCtx): PyValue => {
    const b = c.bound();
    let names = namesArg(c, b);
    if (names.length === 0) {
      // every numeric field of the frame (RelationalGroupedDataset.aggregateNumericColumns: df.numericColumns, the
      // grouping ones too), learnt from the data when the script is read without them
      const g = grouped(c);
      const known = c.host.knownFields(g.df);
      if (known === undefined) c.host.fieldsNeeded(g.df, c.call, `${c.construct}()`);
      else if (known.some((f) => f.type === undefined)) throw c.host.unsupported(c.call, `${c.construct}() without field names`, "it applies to every numeric field, and a field's type is not known here", `name the fields: ${c.construct}("a", "b")`);
      names = (known ?? []).filter((f) => /^(tinyint|smallint|int|bigint|float|double|decimal\(.*\))$/.test(f.type!)).map((f) => f.name);
    }
    return aggregateNode(c, names.map((n) => ({ pos: pos(c), k: 'fn', name: fnName, args: [{ pos: pos(c), k: 'col', name: n }] })));
  };
}

// ---------------------------------------------------------------- Column methods

function colOp(op: string, literalArgs = true) {
  return (c: CallCtx): PyValue => {
    const b = c.bound();
    const args = [...b.values.values(), ...b.rest].map((a) => c.host.columnOf(a.value, a.node, `an argument of ${c.construct}`, literalArgs));
    return col({ pos: pos(c), k: 'op', op, args: [selfCol(c), ...args] });
  };
}

function alias(c: CallCtx): PyValue {
  const b = c.bound();
  const names = b.rest.map((a) => asString(c.host, a, `${c.construct} name`));
  if (names.length !== 1) throw c.host.unsupported(c.call, `${c.construct} with ${names.length} names`, 'only one name per column is supported', 'give one name');
  return col({ pos: pos(c), k: 'alias', arg: selfCol(c), name: names[0]! });
}

function cast(c: CallCtx): PyValue {
  const b = c.bound();
  const a = b.need('dataType');
  const type = a.value.t === 'str' ? a.value.v : a.value.t === 'sqlType' ? a.value.name : undefined;
  if (type === undefined) throw b.notLiteral(a, `${c.construct} type`, 'a type name ("int") or a pyspark.sql.types type (IntegerType())');
  return col({ pos: pos(c), k: 'cast', arg: selfCol(c), type });
}

function sortOrder(desc: boolean, nulls?: 'first' | 'last') {
  return (c: CallCtx): PyValue => {
    c.bound();
    return col({ pos: pos(c), k: 'sort', arg: selfCol(c), desc, ...(nulls ? { nulls } : {}) });
  };
}

function isin(c: CallCtx): PyValue {
  const b = c.bound();
  const items: Arg[] = b.rest.length === 1 && (b.rest[0]!.value.t === 'list' || b.rest[0]!.value.t === 'tuple' || b.rest[0]!.value.t === 'set') ? (iterate(b.rest[0]!.value) ?? []).map((value) => ({ value, node: b.rest[0]!.node })) : b.rest;
  return col({ pos: pos(c), k: 'op', op: 'isin', args: [selfCol(c), ...items.map((a) => c.host.columnOf(a.value, a.node, `a value of ${c.construct}`, true))] });
}

function otherwise(c: CallCtx): PyValue {
  const e = selfCol(c);
  if (e.k !== 'when' || e.otherwise !== undefined) throw c.host.unsupported(c.call, c.construct, 'otherwise() follows F.when(…) once', 'write F.when(…).otherwise(…)');
  const a = c.bound().need('value');
  return col({ ...e, otherwise: c.host.columnOf(a.value, a.node, 'the value of otherwise', true) });
}

function chainedWhen(c: CallCtx): PyValue {
  const e = selfCol(c);
  if (e.k !== 'when' || e.otherwise !== undefined) throw c.host.unsupported(c.call, c.construct, 'when() chains after F.when(…)', 'write F.when(…).when(…)');
  const b = c.bound();
  const v = b.need('value');
  return col({ ...e, branches: [...e.branches, { cond: c.host.column(b.need('condition'), 'the condition of when'), value: c.host.columnOf(v.value, v.node, 'the value of when', true) }] });
}

function over(c: CallCtx): PyValue {
  const b = c.bound();
  const w = b.get('window');
  const spec: WindowSpec = w === undefined ? { partitionBy: [], orderBy: [] } : c.host.window(w.value, w.node, `the window of ${c.construct}`);
  return col({ pos: pos(c), k: 'over', arg: selfCol(c), window: spec });
}

function getItem(c: CallCtx): PyValue {
  const a = c.bound().need('key');
  const key = toConst(a.value);
  if (a.value.t === 'column') return col({ pos: pos(c), k: 'op', op: 'getItem', args: [selfCol(c), a.value.expr] });
  if (key === undefined) throw c.host.unsupported(a.node, `${c.construct}(${excerpt(a.node)})`, `the key must be a literal or a Column, not ${describe(a.value)}`, 'write the key');
  return col({ pos: pos(c), k: 'op', op: 'getItem', args: [selfCol(c), { pos: c.host.pos(a.node), k: 'lit', value: key }] });
}

// ---------------------------------------------------------------- Window

function windowSpec(c: CallCtx): WindowSpec {
  return c.self?.t === 'window' ? c.self.spec : { partitionBy: [], orderBy: [] };
}

function windowPart(part: 'partitionBy' | 'orderBy') {
  return (c: CallCtx): PyValue => {
    const b = c.bound();
    const spec = windowSpec(c);
    return { t: 'window', spec: { ...spec, [part]: [...spec[part], ...columnsArg(c, b)] } };
  };
}

function windowFrame(kind: 'rows' | 'range') {
  return (c: CallCtx): PyValue => {
    const b = c.bound();
    const bound = (name: string): number => {
      const a = b.need(name);
      if (a.value.t !== 'int') throw b.notLiteral(a, `${c.construct} ${name}`, 'an integer (Window.unboundedPreceding, Window.currentRow, …)');
      return a.value.v;
    };
    return { t: 'window', spec: { ...windowSpec(c), frame: { kind, start: bound('start'), end: bound('end') } } };
  };
}

// ---------------------------------------------------------------- SparkSession

function sparkSql(c: CallCtx): PyValue {
  const b = c.bound();
  const a = b.need('sqlQuery');
  const v = a.value;
  if (v.t !== 'str') throw b.notLiteral(a, 'the query of spark.sql', 'an SQL string');
  const mapping = Object.fromEntries(c.host.tempViews);
  return df(c.host.node({ kind: 'sql', query: v.v, queryLine: v.line ?? c.host.pos(a.node).line, mapping }, c.call, 'sql'));
}

function tempView(c: CallCtx): PyValue {
  const b = c.bound();
  const name = b.string('name');
  c.host.tempViews.set(name.toLowerCase(), selfDf(c));
  // the view's alias keeps the spelling of its last registration (the SQL names it case-insensitively)
  for (const k of [...c.host.tempViews.keys()]) if (k !== name.toLowerCase() && k.toLowerCase() === name.toLowerCase()) c.host.tempViews.delete(k);
  return NONE;
}

function sparkTable(c: CallCtx): PyValue {
  const b = c.bound();
  const name = b.string('tableName');
  const view = c.host.tempViews.get(name.toLowerCase());
  if (view !== undefined) return df(view);
  const parts = name.split('.');
  if (parts.length !== 2) throw c.host.unsupported(b.need('tableName').node, `spark.table("${name}")`, 'a Data Catalog table is named database.table', 'write "database.table"');
  return df(c.host.node({ kind: 'catalogSource', database: parts[0]!, table: parts[1]!, declared: true }, c.call, 'table'));
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

// ---------------------------------------------------------------- the tables

const same = (becomes = 'value (no effect on rows)') => ({ sig: '*args, **kwargs', becomes, run: (c: CallCtx) => c.self! });

export const DATAFRAME: Table = {
  'DataFrame.select': { sig: '*cols', becomes: 'project', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.select.html`, run: (c) => node(c, { kind: 'project', input: selfDf(c), items: columnsArg(c, c.bound()) }, 'select') },
  'DataFrame.selectExpr': {
    sig: '*expr',
    becomes: 'project',
    doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.selectExpr.html`,
    run: (c) => {
      const b = c.bound();
      const items = (b.rest.length === 1 && b.rest[0]!.value.t === 'list' ? (iterate(b.rest[0]!.value) ?? []).map((value) => ({ value, node: b.rest[0]!.node })) : b.rest).map((a) => condition(c, a));
      return node(c, { kind: 'project', input: selfDf(c), items }, 'selectExpr');
    },
  },
  'DataFrame.filter': { sig: 'condition!', becomes: 'where', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.filter.html`, run: (c) => node(c, { kind: 'where', input: selfDf(c), condition: condition(c, c.bound().need('condition')) }, 'filter') },
  'DataFrame.where': { sig: 'condition!', becomes: 'where', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.where.html`, run: (c) => node(c, { kind: 'where', input: selfDf(c), condition: condition(c, c.bound().need('condition')) }, 'where') },
  'DataFrame.withColumn': {
    sig: 'colName!, col!',
    becomes: 'withColumns',
    doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.withColumn.html`,
    run: (c) => {
      const b = c.bound();
      const a = b.need('col');
      if (a.value.t !== 'column') throw c.host.unsupported(a.node, `${c.construct} with ${excerpt(a.node)}`, `PySpark raises TypeError: col should be Column, not ${describe(a.value)}`, 'wrap a value in F.lit(…)');
      return node(c, { kind: 'withColumns', input: selfDf(c), columns: [{ name: b.string('colName'), expr: a.value.expr }] }, 'withColumn');
    },
  },
  'DataFrame.withColumns': {
    sig: 'colsMap!',
    becomes: 'withColumns',
    doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.withColumns.html`,
    run: (c) => {
      const a = c.bound().need('colsMap');
      if (a.value.t !== 'dict') throw c.host.invalid(a.node, `${c.construct} takes a dict of name → Column`);
      const columns = a.value.entries.map(([k, v]) => {
        if (k.t !== 'str' || v.t !== 'column') throw c.host.invalid(a.node, `${c.construct} takes a dict of name → Column`);
        return { name: k.v, expr: v.expr };
      });
      return node(c, { kind: 'withColumns', input: selfDf(c), columns }, 'withColumns');
    },
  },
  'DataFrame.withColumnRenamed': {
    sig: 'existing!, new!',
    becomes: 'renameColumns',
    doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.withColumnRenamed.html`,
    run: (c) => {
      const b = c.bound();
      return node(c, { kind: 'renameColumns', input: selfDf(c), renames: [{ from: b.string('existing'), to: b.string('new') }] }, 'withColumnRenamed');
    },
  },
  'DataFrame.withColumnsRenamed': {
    sig: 'colsMap!',
    becomes: 'renameColumns',
    run: (c) => {
      const a = c.bound().need('colsMap');
      if (a.value.t !== 'dict' || !a.value.entries.every(([k, v]) => k.t === 'str' && v.t === 'str')) throw c.host.invalid(a.node, `${c.construct} takes a dict of old name → new name`);
      return node(c, { kind: 'renameColumns', input: selfDf(c), renames: a.value.entries.map(([k, v]) => ({ from: (k as { v: string }).v, to: (v as { v: string }).v })) }, 'withColumnsRenamed');
    },
  },
  'DataFrame.drop': { sig: '*cols', becomes: 'dropColumns', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.drop.html`, run: (c) => node(c, { kind: 'dropColumns', input: selfDf(c), columns: columnsArg(c, c.bound()) }, 'drop') },
  'DataFrame.dropDuplicates': {
    sig: 'subset',
    becomes: 'dropDuplicates',
    doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.dropDuplicates.html`,
    run: (c) => {
      const b = c.bound();
      const s = b.get('subset');
      const columns = s === undefined || s.value.t === 'none' ? undefined : asStrings(c.host, s, `${c.construct} subset`);
      return node(c, { kind: 'dropDuplicates', input: selfDf(c), ...(columns !== undefined && columns.length > 0 ? { columns } : {}) }, 'dropDuplicates');
    },
  },
  'DataFrame.distinct': { sig: '', becomes: 'dropDuplicates', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.distinct.html`, run: (c) => (c.bound(), node(c, { kind: 'dropDuplicates', input: selfDf(c) }, 'distinct')) },
  'DataFrame.join': { sig: 'other!, on, how', becomes: 'dfJoin', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.join.html`, run: join },
  'DataFrame.crossJoin': { sig: 'other!', becomes: 'dfJoin', run: (c) => node(c, { kind: 'dfJoin', left: selfDf(c), right: c.host.df(c.bound().need('other'), `the other frame of ${c.construct}`), on: { kind: 'cross' }, how: 'cross' }, 'crossJoin') },
  'DataFrame.union': { sig: 'other!', becomes: 'union', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.union.html`, run: (c) => node(c, { kind: 'union', inputs: [selfDf(c), c.host.df(c.bound().need('other'), `the other frame of ${c.construct}`)], byName: false, allowMissing: false, distinct: false }, 'union') },
  'DataFrame.unionAll': { sig: 'other!', becomes: 'union', run: (c) => node(c, { kind: 'union', inputs: [selfDf(c), c.host.df(c.bound().need('other'), `the other frame of ${c.construct}`)], byName: false, allowMissing: false, distinct: false }, 'unionAll') },
  'DataFrame.unionByName': {
    sig: 'other!, allowMissingColumns',
    becomes: 'union',
    doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.unionByName.html`,
    run: (c) => {
      const b = c.bound();
      return node(c, { kind: 'union', inputs: [selfDf(c), c.host.df(b.need('other'), `the other frame of ${c.construct}`)], byName: true, allowMissing: b.bool('allowMissingColumns', false), distinct: false }, 'unionByName');
    },
  },
  'DataFrame.intersect': { sig: 'other!', becomes: 'setOp', run: setOp('intersect', false) },
  'DataFrame.intersectAll': { sig: 'other!', becomes: 'setOp', run: setOp('intersect', true) },
  'DataFrame.subtract': { sig: 'other!', becomes: 'setOp', run: setOp('except', false) },
  'DataFrame.exceptAll': { sig: 'other!', becomes: 'setOp', run: setOp('except', true) },
  'DataFrame.groupBy': { sig: '*cols', becomes: 'aggregate', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.groupBy.html`, run: groupBy },
  'DataFrame.groupby': { sig: '*cols', becomes: 'aggregate', run: groupBy },
  'DataFrame.agg': {
    sig: '*exprs',
    becomes: 'aggregate',
    doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.agg.html`,
    run: (c) => {
      const b = c.bound();
      return node(c, { kind: 'aggregate', input: selfDf(c), groupBy: [], aggs: aggExprs(c, b) }, 'agg');
    },
  },
  'DataFrame.orderBy': { sig: '*cols, ascending', becomes: 'orderBy', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.orderBy.html`, run: orderBy },
  'DataFrame.sort': { sig: '*cols, ascending', becomes: 'orderBy', run: orderBy },
  'DataFrame.limit': { sig: 'num!', becomes: 'limit', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.limit.html`, run: (c) => node(c, { kind: 'limit', input: selfDf(c), n: c.bound().int('num') }, 'limit') },
  'DataFrame.fillna': { sig: 'value!, subset', becomes: 'fillna', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.fillna.html`, run: (c) => fillna(c, selfDf(c)) },
  'DataFrame.dropna': { sig: 'how, thresh, subset', becomes: 'dropna', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.dropna.html`, run: (c) => dropna(c, selfDf(c)) },
  'DataFrameNaFunctions.fill': { sig: 'value!, subset', becomes: 'fillna', run: (c) => fillna(c, (c.self as { df: string }).df) },
  'DataFrameNaFunctions.drop': { sig: 'how, thresh, subset', becomes: 'dropna', run: (c) => dropna(c, (c.self as { df: string }).df) },
  'DataFrame.toDF': {
    sig: '*cols',
    becomes: 'renameAll',
    doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.toDF.html`,
    run: (c) => {
      const names = namesArg(c, c.bound());
      return names.length === 0 ? c.self! : node(c, { kind: 'renameAll', input: selfDf(c), names }, 'toDF');
    },
  },
  'DataFrame.alias': { sig: 'alias!', becomes: 'alias', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.alias.html`, run: (c) => node(c, { kind: 'alias', input: selfDf(c), alias: c.bound().string('alias') }, 'alias') },
  'DataFrame.createOrReplaceTempView': { sig: 'name!', becomes: 'temporary view', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.createOrReplaceTempView.html`, run: tempView },
  'DataFrame.createTempView': { sig: 'name!', becomes: 'temporary view', run: tempView },
  'DataFrame.registerTempTable': { sig: 'name!', becomes: 'temporary view', run: tempView },
  'DataFrame.createOrReplaceGlobalTempView': { refuse: 'global temporary views live in the global_temp database, which is not followed', instead: 'use createOrReplaceTempView' },
  'DataFrame.cache': same(),
  'DataFrame.persist': same(),
  'DataFrame.unpersist': same(),
  'DataFrame.checkpoint': same(),
  'DataFrame.localCheckpoint': same(),
  'DataFrame.repartition': same(),
  'DataFrame.coalesce': same(),
  'DataFrame.hint': same(),
  'DataFrame.count': { sig: '', becomes: 'log figure', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.count.html`, run: (c) => ({ t: 'runtime', parts: [{ count: selfDf(c) }], what: `${excerpt(c.call)}` }) },
  'DataFrame.show': {
    sig: 'n, truncate, vertical',
    becomes: 'log',
    run: (c) => {
      const b = c.bound();
      // PySpark's DataFrame.show: truncate=True cuts cells to 20 characters, False not at all, an int to that many
      const t = b.get('truncate');
      const truncate = t === undefined ? 20 : t.value.t === 'bool' ? (t.value.v ? 20 : 0) : b.int('truncate');
      if (b.bool('vertical', false)) throw c.host.unsupported(b.get('vertical')!.node, `${c.construct}(vertical=True)`, 'the local engine prints only the table layout', 'remove vertical=True');
      c.host.addLog({ line: c.host.pos(c.call).line, level: 'print', parts: [{ show: selfDf(c), rows: b.int('n', 20), truncate }] });
      return NONE;
    },
  },
  'DataFrame.printSchema': {
    sig: 'level~',
    becomes: 'log',
    run: (c) => {
      c.host.addLog({ line: c.host.pos(c.call).line, level: 'print', parts: [{ schema: selfDf(c) }] });
      return NONE;
    },
  },
  'DataFrame.explain': { sig: '*args, **kwargs', becomes: 'ignored', run: () => NONE },
  'DataFrame.isEmpty': { refuse: 'its value is known only when the job runs, and the script would branch on it', instead: 'write the script without the check' },
  // the rows brought into Python: text the run prints (print, logging) as PySpark's Row objects print
  // (pythonRows.ts); anything else done with them in Python (a loop, an index) is refused where it is done
  'DataFrame.collect': { sig: '', becomes: 'log figure (Row list)', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.collect.html`, run: (c) => (c.bound(), rowsValue(c, {})) },
  'DataFrame.take': { sig: 'num!', becomes: 'log figure (Row list)', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.take.html`, run: (c) => rowsValue(c, { n: c.bound().int('num') }) },
  'DataFrame.first': { sig: '', becomes: 'log figure (Row)', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.first.html`, run: (c) => (c.bound(), rowsValue(c, { one: true })) },
  // PySpark: head() is first(), head(n) take(n)
  'DataFrame.head': {
    sig: 'n',
    becomes: 'log figure (Row or Row list)',
    doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.head.html`,
    run: (c) => {
      const b = c.bound();
      const n = b.get('n');
      return n === undefined || n.value.t === 'none' ? rowsValue(c, { one: true }) : rowsValue(c, { n: b.int('n') });
    },
  },
  'DataFrame.tail': { refuse: 'it brings the last rows into Python, and which rows are last is not followed', instead: 'sort and use limit(n)' },
  'DataFrame.toLocalIterator': { refuse: 'it brings the rows into Python, which the local engine does not run', instead: 'keep the computation in DataFrame code' },
  'DataFrame.colRegex': { refuse: "columns picked by a Java regular expression over the names are not followed", instead: 'name the columns' },
  'DataFrame.sortWithinPartitions': { refuse: "the rows' order follows Spark's partitions, which the local engine does not have", instead: 'use orderBy(…)' },
  'DataFrame.rollup': { refuse: 'grouping sets (rollup) are not followed yet', instead: 'group by each level and union the results' },
  'DataFrame.cube': { refuse: 'grouping sets (cube) are not followed yet', instead: 'group by each combination and union the results' },
  'DataFrame.observe': { refuse: 'observed metrics are not followed', instead: 'compute them with agg(…)' },
  // df.transform(func): func(df) (PySpark's DataFrame.transform: `result = func(self)`, a DataFrame)
  'DataFrame.transform': {
    sig: 'func!',
    becomes: 'the function called on the frame',
    doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.transform.html`,
    run: (c) => {
      const out = c.host.call(c.bound().need('func').value, [c.self!], c.call);
      if (out.t !== 'df') throw c.host.unsupported(c.call, c.construct, `PySpark raises AssertionError: the function returned ${describe(out)}, not a DataFrame`, 'return a DataFrame');
      return out;
    },
  },
  'DataFrame.toPandas': { refuse: 'pandas code runs in Python', instead: 'keep the computation in DataFrame code' },
  'DataFrame.foreach': { refuse: 'it runs Python code on every row', instead: 'use DataFrame code' },
  'DataFrame.foreachPartition': { refuse: 'it runs Python code on every partition', instead: 'use DataFrame code' },
  'DataFrame.sample': { refuse: 'a random sample differs on every run', instead: 'filter rows by a condition' },
  'DataFrame.randomSplit': { refuse: 'a random split differs on every run', instead: 'split rows by a condition' },
  'DataFrame.describe': {
    sig: '*cols',
    becomes: 'summary',
    doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.describe.html`,
    run: (c) => node(c, { kind: 'summary', input: selfDf(c), columns: namesArg(c, c.bound()), stats: ['count', 'mean', 'stddev', 'min', 'max'] }, 'describe'),
  },
  'DataFrame.summary': { sig: '*statistics', becomes: 'summary', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.summary.html`, run: (c) => node(c, { kind: 'summary', input: selfDf(c), stats: namesArg(c, c.bound()) }, 'summary') },
  'DataFrame.replace': { sig: 'to_replace!, value, subset', becomes: 'replace', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.replace.html`, run: (c) => replace(c, selfDf(c)) },
  'DataFrameNaFunctions.replace': { sig: 'to_replace!, value, subset', becomes: 'replace', run: (c) => replace(c, (c.self as { df: string }).df) },
  'DataFrame.rdd': { refuse: 'RDD code runs Python on the rows', instead: 'use DataFrame code' },

  'GroupedData.agg': { sig: '*exprs', becomes: 'aggregate', doc: `${SPARK_DOC}/api/pyspark.sql.GroupedData.agg.html`, run: (c) => aggregateNode(c, aggExprs(c, c.bound())) },
  'GroupedData.count': { sig: '', becomes: 'aggregate', run: (c) => (c.bound(), aggregateNode(c, [{ pos: pos(c), k: 'alias', name: 'count', arg: { pos: pos(c), k: 'fn', name: 'count', args: [{ pos: pos(c), k: 'star' }] } }])) },
  'GroupedData.sum': { sig: '*cols', becomes: 'aggregate', run: groupedFn('sum') },
  'GroupedData.avg': { sig: '*cols', becomes: 'aggregate', run: groupedFn('avg') },
  'GroupedData.mean': { sig: '*cols', becomes: 'aggregate', run: groupedFn('avg') },
  'GroupedData.min': { sig: '*cols', becomes: 'aggregate', run: groupedFn('min') },
  'GroupedData.max': { sig: '*cols', becomes: 'aggregate', run: groupedFn('max') },
  'GroupedData.pivot': {
    sig: 'pivot_col!, values',
    becomes: 'aggregate',
    doc: `${SPARK_DOC}/api/pyspark.sql.GroupedData.pivot.html`,
    run: (c) => {
      const b = c.bound();
      const g = grouped(c);
      const v = b.get('values');
      const values = v === undefined || v.value.t === 'none' ? undefined : (iterate(v.value) ?? []).map((x) => toConst(x) ?? { py: 'none' as const });
      // without values: the column's distinct values, sorted, as Spark computes them when the job runs (dataframeNodes.ts)
      return { ...g, pivot: { column: c.host.column(b.need('pivot_col'), `${c.construct} pivot_col`), ...(values !== undefined ? { values } : {}) } };
    },
  },

  'Column.alias': { sig: '*alias, **kwargs', becomes: 'Column', run: alias },
  'Column.name': { sig: '*alias, **kwargs', becomes: 'Column', run: alias },
  'Column.cast': { sig: 'dataType!', becomes: 'Column', doc: `${SPARK_DOC}/api/pyspark.sql.Column.cast.html`, run: cast },
  'Column.astype': { sig: 'dataType!', becomes: 'Column', run: cast },
  'Column.isNull': { sig: '', becomes: 'Column', run: colOp('isNull') },
  'Column.isNotNull': { sig: '', becomes: 'Column', run: colOp('isNotNull') },
  'Column.isin': { sig: '*cols', becomes: 'Column', run: isin },
  'Column.like': { sig: 'other!', becomes: 'Column', run: colOp('like') },
  'Column.ilike': { sig: 'other!', becomes: 'Column', run: colOp('ilike') },
  'Column.rlike': { sig: 'other!', becomes: 'Column', run: colOp('rlike') },
  'Column.startswith': { sig: 'other!', becomes: 'Column', run: colOp('startswith') },
  'Column.endswith': { sig: 'other!', becomes: 'Column', run: colOp('endswith') },
  'Column.contains': { sig: 'other!', becomes: 'Column', run: colOp('contains') },
  'Column.between': { sig: 'lowerBound!, upperBound!', becomes: 'Column', run: colOp('between') },
  'Column.substr': { sig: 'startPos!, length!', becomes: 'Column', run: colOp('substr') },
  'Column.eqNullSafe': { sig: 'other!', becomes: 'Column', run: colOp('eqNullSafe') },
  'Column.getItem': { sig: 'key!', becomes: 'Column', run: getItem },
  '__getitem__.Column': { sig: 'key!', becomes: 'Column', run: getItem },
  'Column.getField': { sig: 'name!', becomes: 'Column', run: (c) => col({ pos: pos(c), k: 'op', op: 'getField', args: [selfCol(c), { pos: pos(c), k: 'lit', value: { py: 'str', v: c.bound().string('name') } }] }) },
  'Column.asc': { sig: '', becomes: 'sort order', run: sortOrder(false) },
  'Column.desc': { sig: '', becomes: 'sort order', run: sortOrder(true) },
  'Column.asc_nulls_first': { sig: '', becomes: 'sort order', run: sortOrder(false, 'first') },
  'Column.asc_nulls_last': { sig: '', becomes: 'sort order', run: sortOrder(false, 'last') },
  'Column.desc_nulls_first': { sig: '', becomes: 'sort order', run: sortOrder(true, 'first') },
  'Column.desc_nulls_last': { sig: '', becomes: 'sort order', run: sortOrder(true, 'last') },
  'Column.otherwise': { sig: 'value!', becomes: 'Column', run: otherwise },
  'Column.when': { sig: 'condition!, value!', becomes: 'Column', run: chainedWhen },
  'Column.over': { sig: 'window', becomes: 'Column', run: over },

  'Window.partitionBy': { sig: '*cols', becomes: 'window', doc: `${SPARK_DOC}/api/pyspark.sql.Window.partitionBy.html`, run: windowPart('partitionBy') },
  'Window.orderBy': { sig: '*cols', becomes: 'window', run: windowPart('orderBy') },
  'Window.rowsBetween': { sig: 'start!, end!', becomes: 'window', run: windowFrame('rows') },
  'Window.rangeBetween': { sig: 'start!, end!', becomes: 'window', run: windowFrame('range') },
  'WindowSpec.partitionBy': { sig: '*cols', becomes: 'window', run: windowPart('partitionBy') },
  'WindowSpec.orderBy': { sig: '*cols', becomes: 'window', run: windowPart('orderBy') },
  'WindowSpec.rowsBetween': { sig: 'start!, end!', becomes: 'window', run: windowFrame('rows') },
  'WindowSpec.rangeBetween': { sig: 'start!, end!', becomes: 'window', run: windowFrame('range') },

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
      return node(c, { kind: 'rows', columns: [{ name: 'id', type: 'bigint' }], rows }, 'range');
    },
  },
  'SparkSession.stop': { sig: '', becomes: 'ignored', run: () => NONE },
};

/** Refusal helper for Column operators that do not exist in PySpark. */
export function noSuchMethod(c: CallCtx, kind: string, name: string, n: SyntaxNode): never {
  throw refusal(c.host, n, `${kind}.${name}`, { refuse: `${kind} has no method ${name} the local engine knows`, instead: 'check the PySpark API reference' });
}

export { str as pyStrValue };
