/**
 * The Spark DataFrame API Glue scripts use, as tables: DataFrame methods → plan nodes, GroupedData, Column methods,
 * Window (columnMethods.ts), SparkSession and spark.read (sparkSession.ts) and pyspark.sql.functions (functions.ts
 * holds their SQL).
 * Semantics from the PySpark API reference (spark.apache.org/docs/latest/api/python/reference/pyspark.sql/): field
 * names resolve case-insensitively (spark.sql.caseSensitive is false), `drop` and `withColumnRenamed` of a missing
 * field do nothing, `join(on="k")` keeps one `k`, `union` is by position, `unionByName` by name.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { asString, asStrings, excerpt, type Arg, type Bound } from '../callArgs';
import { sqlText, type ColExpr, type PyConst } from '../expr';
import type { JoinCondition, JoinHow } from '../plan';
import { NONE, describe, iterate, str, toConst, type PyValue } from '../values';
import { functionRow } from './functions';
import type { CallCtx, Table } from './registry';
import { refusal } from './registry';
import { COLUMN_METHODS } from './columnMethods';
import { SPARK_DOC, columnsArg, namesArg, node, pos, selfDf } from './dataframeArgs';
import { SPARK_SESSION, tempView } from './sparkSession';

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

/** df.rollup(…) / df.cube(…): GROUP BY ROLLUP / CUBE (Spark's RelationalGroupedDataset of RollupType / CubeType) */
function groupingSets(sets: 'rollup' | 'cube') {
  return (c: CallCtx): PyValue => {
    const b = c.bound();
    return { t: 'grouped', df: selfDf(c), keys: columnsArg(c, b), sets };
  };
}

function grouped(c: CallCtx): Extract<PyValue, { t: 'grouped' }> {
  return c.self as Extract<PyValue, { t: 'grouped' }>;
}

function aggregateNode(c: CallCtx, aggs: ColExpr[]): PyValue {
  const g = grouped(c);
  return node(c, { kind: 'aggregate', input: g.df, groupBy: g.keys, aggs, ...(g.pivot ? { pivot: g.pivot } : {}), ...(g.sets ? { sets: g.sets } : {}) }, 'agg');
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
  'DataFrame.rollup': { sig: '*cols', becomes: 'aggregate', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.rollup.html`, run: groupingSets('rollup') },
  'DataFrame.cube': { sig: '*cols', becomes: 'aggregate', doc: `${SPARK_DOC}/api/pyspark.sql.DataFrame.cube.html`, run: groupingSets('cube') },
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
      // RelationalGroupedDataset.pivot: `case _ => throw QueryExecutionErrors.pivotNotAfterGroupByUnsupportedError()`
      if (g.sets !== undefined) throw c.host.invalid(c.call, `java.lang.UnsupportedOperationException: pivot is only supported after a groupBy (the frame is grouped by ${g.sets})`);
      const v = b.get('values');
      const values = v === undefined || v.value.t === 'none' ? undefined : (iterate(v.value) ?? []).map((x) => toConst(x) ?? { py: 'none' as const });
      // without values: the column's distinct values, sorted, as Spark computes them when the job runs (dataframeNodes.ts)
      return { ...g, pivot: { column: c.host.column(b.need('pivot_col'), `${c.construct} pivot_col`), ...(values !== undefined ? { values } : {}) } };
    },
  },

  ...COLUMN_METHODS,
  ...SPARK_SESSION,
};

/** Refusal helper for Column operators that do not exist in PySpark. */
export function noSuchMethod(c: CallCtx, kind: string, name: string, n: SyntaxNode): never {
  throw refusal(c.host, n, `${kind}.${name}`, { refuse: `${kind} has no method ${name} the local engine knows`, instead: 'check the PySpark API reference' });
}

export { str as pyStrValue };
