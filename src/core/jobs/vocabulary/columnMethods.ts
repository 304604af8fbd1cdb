/**
 * Column methods and Window specs of the PySpark API as a table (pyspark.sql.Column, pyspark.sql.Window): each call
 * becomes a column expression or a window spec the plan's SQL translation reads.
 */
import { asString, excerpt, type Arg } from '../callArgs';
import type { WindowSpec } from '../expr';
import { describe, iterate, toConst, type PyValue } from '../values';
import { SPARK_DOC, col, columnsArg, pos, selfCol } from './dataframeArgs';
import type { CallCtx, Table } from './registry';

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
  if (names.length === 0) throw c.host.unsupported(c.call, `${c.construct} with no name`, 'PySpark needs a name there', 'give one name');
  // several names are a MultiAlias (column.py: `as` of the names' Seq), for a generator's columns: posexplode(…)
  // .alias("pos", "value"), explode of a map .alias("k", "v")
  return col({ pos: pos(c), k: 'alias', arg: selfCol(c), name: names[0]!, ...(names.length > 1 ? { names } : {}) });
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

export const COLUMN_METHODS: Table = {
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
};
