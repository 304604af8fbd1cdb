/**
 * Arrays, maps and structs, with the higher-order functions (Spark 3.5 reference: array_funcs, map_funcs,
 * struct_funcs, lambda_funcs, collection_funcs). Where DuckDB's list function answers otherwise, the row says how
 * Spark's answer is made:
 * - `array_contains`, `arrays_overlap`, `exists`, `forall` are three-valued: NULL when a NULL element could decide;
 * - `array_distinct`/`array_union`/`array_intersect`/`array_except` keep the first occurrence's order and one NULL;
 * - `size`/`cardinality` of NULL are -1 (spark.sql.legacy.sizeOfNull, true on Glue 4.0 and 5.0);
 * - `sort_array` puts NULLs first ascending, `array_sort` last; `transform`/`filter` indexes are 0-based;
 * - `element_at` is 1-based (negative from the end, 0 fails), `arr[i]` and `get` 0-based; out of range NULL;
 * - `map`, `map_concat`, `map_from_arrays` fail on a duplicate or NULL key (spark.sql.mapKeyDedupPolicy=EXCEPTION);
 * - `struct(a, b)` names fields after columns (`col1`, … otherwise); `concat` is NULL when an argument is.
 */
import { join, type Sql } from '../../dialects/emit';
import { duckDbType, isIntegral, rowFieldKey, T, type SqlType } from '../../dialects/sqlType';
import { coerce, unify } from '../coerce';
import type { Typed } from '../model';
import { bind, freshName, sql, str } from '../sqlText';
import { sparkSqlTypeName, tightestCommonType, widerCommonType } from '../types';
import { constantArg, custom, type Call, type FunctionTable } from './registry';

const out = (c: Call, s: Sql, type: SqlType): Typed => ({ sql: s, type, at: c.at, atom: true });

/** argument `i` as an array (NULL as an array of the other arguments' element type) */
function arrayArg(c: Call, i: number): Typed & { type: Extract<SqlType, { kind: 'array' }> } {
  const a = c.args[i]!;
  if (a.type.kind === 'array') return a as Typed & { type: Extract<SqlType, { kind: 'array' }> };
  if (a.type.kind === 'unknown') return { ...a, sql: 'CAST(NULL AS INTEGER[])', type: T.array(T.unknown) as Extract<SqlType, { kind: 'array' }> };
  throw c.t.fail(a.at, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${c.name}(…)" due to data type mismatch: Parameter ${i + 1} requires the "ARRAY" type, however "${a.name ?? 'the argument'}" has the type "${sparkSqlTypeName(a.type)}".`);
}

function mapArg(c: Call, i: number): Typed & { type: Extract<SqlType, { kind: 'map' }> } {
  const a = c.args[i]!;
  if (a.type.kind === 'map') return a as Typed & { type: Extract<SqlType, { kind: 'map' }> };
  throw c.t.fail(a.at, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${c.name}(…)" due to data type mismatch: Parameter ${i + 1} requires the "MAP" type, however "${a.name ?? 'the argument'}" has the type "${sparkSqlTypeName(a.type)}".`);
}

/** An array and an element brought to their common element type. */
function arrayAndElement(c: Call, ai: number, ei: number): { arr: Typed; el: Typed; element: SqlType } {
  const arr = arrayArg(c, ai);
  const el = c.args[ei]!;
  const element = tightestCommonType(arr.type.element, el.type) ?? widerCommonType([arr.type.element, el.type]);
  if (!element) throw c.t.fail(c.node, `[DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES] Cannot resolve "${c.name}(…)": Input to \`${c.name}\` should have been "ARRAY" followed by a value with same element type, but it's ["${sparkSqlTypeName(arr.type)}", "${sparkSqlTypeName(el.type)}"].`);
  return { arr: coerce(c.t, arr, T.array(element)), el: coerce(c.t, el, element), element };
}

/** Two arrays brought to a common type. */
function twoArrays(c: Call): { a: Typed; b: Typed; type: Extract<SqlType, { kind: 'array' }> } {
  const a = arrayArg(c, 0);
  const b = arrayArg(c, 1);
  const type = widerCommonType([a.type, b.type]);
  if (!type || type.kind !== 'array') throw c.t.fail(c.node, `[DATATYPE_MISMATCH.BINARY_ARRAY_DIFF_TYPES] Cannot resolve "${c.name}(…)": Input to function \`${c.name}\` should have been two "ARRAY" with same element type, but it's ["${sparkSqlTypeName(a.type)}", "${sparkSqlTypeName(b.type)}"].`);
  return { a: coerce(c.t, a, type), b: coerce(c.t, b, type), type };
}

/** distinct elements in first-occurrence order, one NULL kept */
function distinct(x: Sql): Sql {
  const [e, i] = [freshName('e'), freshName('i')];
  return bind(x, (v) => sql`list_filter(${v}, lambda ${e}, ${i}: ${i} = list_position(${v}, ${e}))`);
}

function hasNull(x: Sql): Sql {
  return sql`list_position(${x}, NULL) IS NOT NULL`;
}

function arrayOf(c: Call): Typed {
  if (c.args.length === 0) return out(c, sql`CAST([] AS INTEGER[])`, T.array(T.unknown));
  const u = unify(c.t, c.args, '"array(…)"', c.node);
  const items = u.items.map((i) => (i.type.kind === 'unknown' ? 'CAST(NULL AS INTEGER)' : i.sql));
  return out(c, sql`[${join(items)}]`, T.array(u.type));
}

/** size/cardinality: -1 for NULL (legacy sizeOfNull, the default of Spark 3.3 and 3.5 without ANSI) */
function size(c: Call): Typed {
  const a = c.args[0]!;
  if (a.type.kind === 'map') return out(c, sql`CAST(coalesce(cardinality(${a.sql}), -1) AS INTEGER)`, T.integer);
  const arr = arrayArg(c, 0);
  return out(c, sql`CAST(coalesce(len(${arr.sql}), -1) AS INTEGER)`, T.integer);
}

function elementAt(c: Call, tryIt: boolean): Typed {
  const a = c.args[0]!;
  if (a.type.kind === 'map') {
    const k = coerce(c.t, c.args[1]!, a.type.key);
    return out(c, sql`element_at(${a.sql}, ${k.sql})[1]`, a.type.value);
  }
  const arr = arrayArg(c, 0);
  const i = c.arg(1, T.integer);
  const zero = tryIt ? sql`NULL` : c.t.runtimeError(c.at, '[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).');
  return out(c, sql`CASE WHEN ${i.sql} = 0 THEN ${zero} WHEN ${i.sql} > 0 THEN ${arr.sql}[${i.sql}] ELSE ${arr.sql}[len(${arr.sql}) + ${i.sql} + 1] END`, arr.type.element);
}

/** struct(a, b): fields named after columns, `col<i>` otherwise (CreateStruct) */
function struct(c: Call): Typed {
  const fields = c.args.map((a, i) => ({ name: a.alias ?? (a.column && a.name !== undefined ? a.name : `col${i + 1}`), value: a }));
  const type = T.row(fields.map((f) => ({ name: f.name, type: f.value.type })));
  const body = fields.map((f) => sql`${str(f.name)}: ${f.value.type.kind === 'unknown' ? 'CAST(NULL AS INTEGER)' : f.value.sql}`);
  return out(c, sql`struct_pack(${join(fields.map((f, i) => sql`${quoteField(f.name)} := ${f.value.type.kind === 'unknown' ? 'CAST(NULL AS INTEGER)' : fields[i]!.value.sql}`))})`, type);
  void body;
}

function quoteField(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function namedStruct(c: Call): Typed {
  if (c.args.length % 2 !== 0) throw c.t.fail(c.node, '[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] named_struct expects an even number of arguments.');
  const fields: { name: string; value: Typed }[] = [];
  for (let i = 0; i < c.args.length; i += 2) {
    const n = c.args[i]!.value;
    if (typeof n !== 'string') throw c.t.fail(c.args[i]!.at, `[DATATYPE_MISMATCH.CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING] Only foldable "STRING" expressions are allowed to appear at odd position.`);
    fields.push({ name: n, value: c.args[i + 1]! });
  }
  const type = T.row(fields.map((f) => ({ name: f.name, type: f.value.type })));
  return out(c, sql`struct_pack(${join(fields.map((f) => sql`${quoteField(f.name)} := ${f.value.type.kind === 'unknown' ? 'CAST(NULL AS INTEGER)' : f.value.sql}`))})`, type);
}

/** a map from key and value lists, failing on a NULL or duplicate key as Spark does */
function checkedMap(c: Call, keys: Sql, vals: Sql): Sql {
  const nullKey = c.t.runtimeError(c.at, '[NULL_MAP_KEY] Cannot use null as map key.');
  const duplicateKey = c.t.runtimeError(c.at, '[DUPLICATED_MAP_KEY] Duplicate map key was found, please check the input data.');
  return bind(keys, (k) => sql`CASE WHEN list_position(${k}, NULL) IS NOT NULL THEN ${nullKey} WHEN len(list_distinct(${k})) < len(${k}) THEN ${duplicateKey} ELSE MAP(${k}, ${vals}) END`);
}

function mapOf(c: Call): Typed {
  if (c.args.length % 2 !== 0) throw c.t.fail(c.node, `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`map\` requires an even number of parameters but the actual number is ${c.args.length}.`);
  if (c.args.length === 0) return out(c, sql`MAP()`, T.map(T.unknown, T.unknown));
  const keys = unify(c.t, c.args.filter((_, i) => i % 2 === 0), '"map(…)"', c.node);
  const vals = unify(c.t, c.args.filter((_, i) => i % 2 === 1), '"map(…)"', c.node);
  const v = vals.items.map((i) => (i.type.kind === 'unknown' ? 'CAST(NULL AS INTEGER)' : i.sql));
  const result = out(c, checkedMap(c, sql`[${join(keys.items.map((i) => i.sql))}]`, sql`[${join(v)}]`), T.map(keys.type, vals.type));
  if (c.args.every((a) => typeof a.value === 'string')) result.constantMap = Array.from({ length: c.args.length / 2 }, (_, i) => [c.args[2 * i]!.value as string, c.args[2 * i + 1]!.value as string]);
  return result;
}

/** `body` applied to each element with `transform`'s index 0-based */
function lambdaOver(c: Call, i: number, types: SqlType[]): { params: string[]; body: Typed } {
  return c.lambda(i, types);
}

function transform(c: Call): Typed {
  const [iN] = [freshName('i')];
  const arr = arrayArg(c, 0);
  const f = lambdaOver(c, 1, [arr.type.element, T.integer]);
  if (f.params.length === 2) return out(c, sql`list_transform(${arr.sql}, lambda ${f.params[0]!}, ${iN}: list_transform([CAST(${iN} - 1 AS INTEGER)], lambda ${f.params[1]!}: ${f.body.sql})[1])`, T.array(f.body.type));
  return out(c, sql`list_transform(${arr.sql}, lambda ${f.params[0]!}: ${f.body.sql})`, T.array(f.body.type));
}

function booleanBody(c: Call, f: { body: Typed }): Typed {
  if (f.body.type.kind === 'boolean') return f.body;
  if (f.body.type.kind === 'unknown') return coerce(c.t, f.body, T.boolean);
  throw c.t.fail(f.body.at, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${c.name}(…)": the lambda function must return BOOLEAN, not "${sparkSqlTypeName(f.body.type)}".`);
}

function filter(c: Call): Typed {
  const [iN] = [freshName('i')];
  const arr = arrayArg(c, 0);
  const f = lambdaOver(c, 1, [arr.type.element, T.integer]);
  const cond = booleanBody(c, f);
  if (f.params.length === 2) return out(c, sql`list_filter(${arr.sql}, lambda ${f.params[0]!}, ${iN}: coalesce(list_transform([CAST(${iN} - 1 AS INTEGER)], lambda ${f.params[1]!}: ${cond.sql})[1], false))`, arr.type);
  return out(c, sql`list_filter(${arr.sql}, lambda ${f.params[0]!}: coalesce(${cond.sql}, false))`, arr.type);
}

/** exists / forall: three-valued over the element predicates */
function quantified(all: boolean) {
  return custom([2, 2], (c) => {
    const arr = arrayArg(c, 0);
    const f = lambdaOver(c, 1, [arr.type.element]);
    const cond = booleanBody(c, f);
    const values = sql`list_transform(${arr.sql}, lambda ${f.params[0]!}: ${cond.sql})`;
    return out(
      c,
      bind(values, (v) =>
        all
          ? sql`CASE WHEN ${v} IS NULL THEN NULL WHEN list_position(${v}, false) IS NOT NULL THEN false WHEN list_position(${v}, NULL) IS NOT NULL THEN NULL ELSE true END`
          : sql`CASE WHEN ${v} IS NULL THEN NULL WHEN list_position(${v}, true) IS NOT NULL THEN true WHEN list_position(${v}, NULL) IS NOT NULL THEN NULL ELSE false END`,
      ),
      T.boolean,
    );
  });
}

function aggregate(c: Call): Typed {
  const arr = arrayArg(c, 0);
  const zero = c.args[1]!;
  const merge = c.lambda(2, [zero.type, arr.type.element]);
  if (merge.body.type.kind !== zero.type.kind && merge.body.type.kind !== 'unknown') {
    const again = tightestCommonType(zero.type, merge.body.type);
    if (!again || again.kind !== zero.type.kind) {
      throw c.t.fail(c.node, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${c.name}(…)": the merge function's result "${sparkSqlTypeName(merge.body.type)}" must be the type of the zero value "${sparkSqlTypeName(zero.type)}".`);
    }
  }
  const state = zero.type.kind === 'unknown' ? merge.body.type : zero.type;
  // DuckDB's list_reduce keeps its accumulator of the list's element type ("The initial value type must be the same as
  // the list child type or a common super type"): a state of another kind (a struct over doubles) is refused
  if (state.kind !== 'unknown' && arr.type.element.kind !== 'unknown' && tightestCommonType(state, arr.type.element) === undefined && widerCommonType([state, arr.type.element]) === undefined)
    throw c.t.unsupported(c.node, `${c.name} with a ${sparkSqlTypeName(state)} state over ${sparkSqlTypeName(arr.type.element)} elements`, "the local engine's fold keeps its state of the elements' type");
  const zeroSql = coerce(c.t, zero, state).sql;
  const body = coerce(c.t, merge.body, state).sql;
  let result: Sql = sql`list_reduce(${arr.sql}, lambda ${merge.params[0]!}, ${merge.params[1]!}: ${body}, ${zeroSql})`;
  result = sql`CASE WHEN ${arr.sql} IS NULL THEN NULL WHEN len(${arr.sql}) = 0 THEN ${zeroSql} ELSE ${result} END`;
  let type = state;
  if (c.args[3]) {
    const finish = c.lambda(3, [state]);
    result = sql`list_transform([${result}], lambda ${finish.params[0]!}: ${finish.body.sql})[1]`;
    type = finish.body.type;
  }
  return out(c, result, type);
}

function zipWith(c: Call): Typed {
  const [zN] = [freshName('z')];
  const a = arrayArg(c, 0);
  const b = arrayArg(c, 1);
  const f = c.lambda(2, [a.type.element, b.type.element]);
  const [x, y] = f.params as [string, string];
  return out(
    c,
    sql`CASE WHEN ${a.sql} IS NULL OR ${b.sql} IS NULL THEN NULL ELSE list_transform(range(1, greatest(len(${a.sql}), len(${b.sql})) + 1), lambda ${zN}: list_transform([${a.sql}[${zN}]], lambda ${x}: list_transform([${b.sql}[${zN}]], lambda ${y}: ${f.body.sql})[1])[1]) END`,
    T.array(f.body.type),
  );
}

function mapFilter(c: Call): Typed {
  const [eN, vN] = [freshName('e'), freshName('v')];
  const m = mapArg(c, 0);
  const f = c.lambda(1, [m.type.key, m.type.value]);
  const cond = booleanBody(c, f);
  const [k, v] = f.params as [string, string];
  return out(c, sql`map_from_entries(list_filter(map_entries(${m.sql}), lambda ${eN}: coalesce(list_transform([${eN}.key], lambda ${k}: list_transform([${eN}.value], lambda ${v ?? vN}: ${cond.sql})[1])[1], false)))`, m.type);
}

function transformMap(which: 'keys' | 'values') {
  return custom([2, 2], (c) => {
    const m = mapArg(c, 0);
    const f = c.lambda(1, [m.type.key, m.type.value]);
    const [k, v] = f.params as [string, string];
    const [eN, vN] = [freshName('e'), freshName('v')];
    const applied = sql`list_transform([${eN}.key], lambda ${k}: list_transform([${eN}.value], lambda ${v ?? vN}: ${f.body.sql})[1])[1]`;
    if (which === 'values') return out(c, sql`map_from_entries(list_transform(map_entries(${m.sql}), lambda ${eN}: {'key': ${eN}.key, 'value': ${applied}}))`, T.map(m.type.key, f.body.type));
    const keys = sql`list_transform(map_entries(${m.sql}), lambda ${eN}: ${applied})`;
    return out(c, checkedMap(c, keys, sql`map_values(${m.sql})`), T.map(f.body.type, m.type.value));
  });
}

function mapZipWith(c: Call): Typed {
  const [kN] = [freshName('k')];
  const a = mapArg(c, 0);
  const b = mapArg(c, 1);
  const key = tightestCommonType(a.type.key, b.type.key);
  if (!key) throw c.t.fail(c.node, `[DATATYPE_MISMATCH.MAP_ZIP_WITH_DIFF_TYPES] Input to the map_zip_with should have been two maps with compatible key types.`);
  const f = c.lambda(2, [key, a.type.value, b.type.value]);
  const [k, v1, v2] = f.params as [string, string, string];
  const am = coerce(c.t, a, T.map(key, a.type.value)).sql;
  const bm = coerce(c.t, b, T.map(key, b.type.value)).sql;
  const keys = sql`${distinct(sql`list_concat(map_keys(${am}), map_keys(${bm}))`)}`;
  const value = sql`list_transform([${kN}], lambda ${k}: list_transform([element_at(${am}, ${kN})[1]], lambda ${v1}: list_transform([element_at(${bm}, ${kN})[1]], lambda ${v2}: ${f.body.sql})[1])[1])[1]`;
  return out(c, sql`CASE WHEN ${am} IS NULL OR ${bm} IS NULL THEN NULL ELSE map_from_entries(list_transform(${keys}, lambda ${kN}: {'key': ${kN}, 'value': ${value}})) END`, T.map(key, f.body.type));
}

function sequence(c: Call): Typed {
  const [a, b] = c.args as [Typed, Typed];
  if (a.type.kind === 'date' || a.type.kind === 'timestamp' || b.type.kind === 'date') {
    const step = c.args[2];
    if (!step) {
      const s = sql`generate_series(CAST(${a.sql} AS DATE), CAST(${b.sql} AS DATE), CASE WHEN ${a.sql} <= ${b.sql} THEN INTERVAL 1 DAY ELSE INTERVAL -1 DAY END)`;
      return out(c, sql`CAST(${s} AS DATE[])`, T.array(T.date));
    }
    if (step.type.kind !== 'interval') throw c.t.unsupported(step.at, 'sequence of dates with a step that is not an interval');
    const type = a.type.kind === 'date' && b.type.kind === 'date' ? T.date : T.timestamp(6);
    const s = sql`generate_series(CAST(${a.sql} AS TIMESTAMP), CAST(${b.sql} AS TIMESTAMP), ${step.sql})`;
    return out(c, sql`CAST(${s} AS ${duckDbType(T.array(type))})`, T.array(type));
  }
  const type = widerCommonType(c.args.map((x) => x.type));
  if (!type || !isIntegral(type)) throw c.t.fail(c.node, `[DATATYPE_MISMATCH.SEQUENCE_WRONG_INPUT_TYPES] sequence uses the wrong parameter type: integral types, date or timestamp expected.`);
  const [s, e] = [coerce(c.t, a, type).sql, coerce(c.t, b, type).sql];
  const step = c.args[2] ? coerce(c.t, c.args[2], type).sql : sql`CASE WHEN ${s} <= ${e} THEN 1 ELSE -1 END`;
  const illegal = c.t.runtimeError(c.at, '[INVALID_SEQUENCE] Illegal sequence boundaries: the step must move from start toward stop');
  return out(c, sql`CASE WHEN ${step} = 0 AND ${s} <> ${e} THEN ${illegal} WHEN (${s} < ${e} AND ${step} < 0) OR (${s} > ${e} AND ${step} > 0) THEN ${illegal} ELSE CAST(generate_series(${s}, ${e}, CASE WHEN ${step} = 0 THEN 1 ELSE ${step} END) AS ${duckDbType(T.array(type))}) END`, T.array(type));
}

function slice(c: Call): Typed {
  const arr = arrayArg(c, 0);
  const start = c.arg(1, T.integer);
  const len = c.arg(2, T.integer);
  return out(
    c,
    bind(sql`CASE WHEN ${start.sql} > 0 THEN ${start.sql} ELSE len(${arr.sql}) + ${start.sql} + 1 END`, (s) =>
      sql`CASE WHEN ${start.sql} = 0 THEN ${c.t.runtimeError(c.at, '[INVALID_PARAMETER_VALUE.START] slice: the start index 0 is invalid: expects a positive or negative value for start')} WHEN ${len.sql} < 0 THEN ${c.t.runtimeError(c.at, '[INVALID_PARAMETER_VALUE.LENGTH] slice: the length must be non-negative')} WHEN ${s} < 1 THEN ${arr.sql}[1:0] ELSE ${arr.sql}[${s}:${s} + ${len.sql} - 1] END`,
    ),
    arr.type,
  );
}

function arraysZip(c: Call): Typed {
  const [zN] = [freshName('z')];
  const arrays = c.args.map((_, i) => arrayArg(c, i));
  // ArraysZip: a NamedExpression's name (an attribute, an alias: a DataFrame Column's arguments carry it as `alias`,
  // columnCall.ts), else the index (the PySpark 3.3 doctest: arrays_zip(df.vals1, df.vals2) has the fields vals1, vals2)
  const names = c.args.map((a, i) => a.alias ?? (a.column && a.name !== undefined ? a.name : String(i)));
  const type = T.row(arrays.map((a, i) => ({ name: names[i]!, type: a.type.element })));
  const lens = arrays.map((a) => sql`len(${a.sql})`);
  const fields = arrays.map((a, i) => sql`${quoteField(names[i]!)} := ${a.sql}[${zN}]`);
  const anyNull = arrays.map((a) => sql`${a.sql} IS NULL`);
  return out(c, sql`CASE WHEN ${join(anyNull, ' OR ')} THEN NULL ELSE list_transform(range(1, ${arrays.length > 1 ? sql`greatest(${join(lens)})` : lens[0]!} + 1), lambda ${zN}: struct_pack(${join(fields)})) END`, T.array(type));
}

function concat(c: Call): Typed {
  if (c.args.length === 0) return out(c, sql`''`, T.varchar);
  if (c.args.every((a) => a.type.kind === 'array' || a.type.kind === 'unknown') && c.args.some((a) => a.type.kind === 'array')) {
    const u = unify(c.t, c.args, '"concat(…)"', c.node);
    return out(c, sql`CASE WHEN ${join(u.items.map((i) => sql`${i.sql} IS NULL`), ' OR ')} THEN NULL ELSE list_concat(${join(u.items.map((i) => i.sql))}) END`, u.type);
  }
  if (c.args.every((a) => a.type.kind === 'varbinary')) return out(c, sql`(${join(c.args.map((a) => a.sql), ' || ')})`, T.varbinary);
  const items = c.args.map((_, i) => c.arg(i, T.varchar));
  return out(c, sql`(${join(items.map((i) => c.t.paren(i)), ' || ')})`, T.varchar);
}

function sortArray(c: Call): Typed {
  const arr = arrayArg(c, 0);
  const asc = c.args[1] ? constantArg(c, 1, 'sort order') : true;
  if (typeof asc !== 'boolean') throw c.t.fail(c.args[1]!.at, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] sort_array: the sort order must be a boolean constant`);
  return out(c, sql`list_sort(${arr.sql}, ${asc ? "'ASC', 'NULLS FIRST'" : "'DESC', 'NULLS LAST'"})`, arr.type);
}

function setOp(op: 'union' | 'intersect' | 'except') {
  return custom([2, 2], (c) => {
    const { a, b, type } = twoArrays(c);
    let body: Sql;
    if (op === 'union') body = distinct(sql`list_concat(${a.sql}, ${b.sql})`);
    else if (op === 'intersect') body = bind(b.sql, (bv) => distinct(sql`list_filter(${a.sql}, lambda e: list_position(${bv}, e) IS NOT NULL)`));
    else body = bind(b.sql, (bv) => distinct(sql`list_filter(${a.sql}, lambda e: list_position(${bv}, e) IS NULL)`));
    return out(c, sql`CASE WHEN ${a.sql} IS NULL OR ${b.sql} IS NULL THEN NULL ELSE ${body} END`, type);
  });
}

function arrayInsert(c: Call): Typed {
  const { arr, el } = arrayAndElement(c, 0, 2);
  const pos = c.arg(1, T.integer);
  return out(
    c,
    bind(arr.sql, (a) =>
      sql`CASE WHEN ${a} IS NULL OR ${pos.sql} IS NULL THEN NULL WHEN ${pos.sql} = 0 THEN ${c.t.runtimeError(c.at, '[INVALID_INDEX_OF_ZERO] The index 0 is invalid.')} WHEN ${pos.sql} > 0 THEN CASE WHEN ${pos.sql} > len(${a}) + 1 THEN list_concat(${a}, list_transform(range(${pos.sql} - len(${a}) - 1), lambda _n: NULL), [${el.sql}]) ELSE list_concat(${a}[1:${pos.sql} - 1], [${el.sql}], ${a}[${pos.sql}:]) END ELSE CASE WHEN -${pos.sql} > len(${a}) THEN list_concat([${el.sql}], list_transform(range(-${pos.sql} - len(${a}) - 1), lambda _n: NULL), ${a}) ELSE list_concat(${a}[1:len(${a}) + ${pos.sql} + 1], [${el.sql}], ${a}[len(${a}) + ${pos.sql} + 2:]) END END`,
    ),
    arr.type,
  );
}

export const COLLECTIONS: FunctionTable = {
  array: custom([0, 1000], arrayOf),
  array_contains: custom([2, 2], (c) => {
    const { arr, el } = arrayAndElement(c, 0, 1);
    return out(c, sql`CASE WHEN ${arr.sql} IS NULL OR ${el.sql} IS NULL THEN NULL WHEN list_contains(${arr.sql}, ${el.sql}) THEN true WHEN ${hasNull(arr.sql)} THEN NULL ELSE false END`, T.boolean);
  }),
  array_distinct: custom([1, 1], (c) => {
    const arr = arrayArg(c, 0);
    return out(c, distinct(arr.sql), arr.type);
  }),
  array_union: setOp('union'),
  array_intersect: setOp('intersect'),
  array_except: setOp('except'),
  arrays_overlap: custom([2, 2], (c) => {
    const { a, b } = twoArrays(c);
    return out(c, sql`CASE WHEN ${a.sql} IS NULL OR ${b.sql} IS NULL THEN NULL WHEN len(list_filter(${a.sql}, lambda e: e IS NOT NULL AND list_contains(${b.sql}, e))) > 0 THEN true WHEN len(${a.sql}) > 0 AND len(${b.sql}) > 0 AND (${hasNull(a.sql)} OR ${hasNull(b.sql)}) THEN NULL ELSE false END`, T.boolean);
  }),
  array_join: custom([2, 3], (c) => {
    const arr = coerce(c.t, arrayArg(c, 0), T.array(T.varchar));
    const d = c.arg(1, T.varchar);
    const list = c.args[2] ? sql`list_transform(${arr.sql}, lambda e: coalesce(e, ${c.arg(2, T.varchar).sql}))` : arr.sql;
    return out(c, sql`array_to_string(${list}, ${d.sql})`, T.varchar);
  }),
  array_max: custom([1, 1], (c) => {
    const arr = arrayArg(c, 0);
    return out(c, sql`list_max(${arr.sql})`, arr.type.element);
  }),
  array_min: custom([1, 1], (c) => {
    const arr = arrayArg(c, 0);
    return out(c, sql`list_min(${arr.sql})`, arr.type.element);
  }),
  array_position: custom([2, 2], (c) => {
    const { arr, el } = arrayAndElement(c, 0, 1);
    return out(c, sql`CASE WHEN ${arr.sql} IS NULL OR ${el.sql} IS NULL THEN NULL ELSE CAST(coalesce(list_position(list_transform(${arr.sql}, lambda e: coalesce(e = ${el.sql}, false)), true), 0) AS BIGINT) END`, T.bigint);
  }),
  array_remove: custom([2, 2], (c) => {
    const { arr, el } = arrayAndElement(c, 0, 1);
    return out(c, sql`CASE WHEN ${el.sql} IS NULL THEN NULL ELSE list_filter(${arr.sql}, lambda e: e IS NULL OR e <> ${el.sql}) END`, arr.type);
  }),
  array_repeat: custom([2, 2], (c) => {
    const e = c.args[0]!;
    const n = c.arg(1, T.integer);
    return out(c, sql`CASE WHEN ${n.sql} IS NULL THEN NULL ELSE list_transform(range(greatest(${n.sql}, 0)), lambda _n: ${e.type.kind === 'unknown' ? 'CAST(NULL AS INTEGER)' : e.sql}) END`, T.array(e.type));
  }),
  array_size: { ...custom([1, 1], (c) => out(c, sql`CAST(len(${arrayArg(c, 0).sql}) AS INTEGER)`, T.integer)), since: '3.3.0' },
  size: custom([1, 1], size),
  cardinality: custom([1, 1], size),
  array_sort: custom([1, 2], (c) => {
    const arr = arrayArg(c, 0);
    if (!c.args[1]) return out(c, sql`list_sort(${arr.sql}, 'ASC', 'NULLS LAST')`, arr.type);
    // with a comparator: a stable insertion sort (Spark's is a stable TimSort): each element goes before the first
    // one the comparator puts after it
    const f = c.lambda(1, [arr.type.element, arr.type.element]);
    if (!isIntegral(f.body.type)) throw c.t.fail(f.body.at, '[DATATYPE_MISMATCH.UNEXPECTED_RETURN_TYPE] The comparator of array_sort must return an integer');
    const [l, r] = f.params as [string, string];
    const [acc, xs, p] = [freshName('acc'), freshName('xs'), freshName('p')];
    const position = sql`list_position(list_transform([${xs}[1]], lambda ${l}: list_transform(${acc}, lambda ${r}: (${f.body.sql}) < 0))[1], true)`;
    const insert = bind(position, (pos) => sql`CASE WHEN ${pos} IS NULL THEN list_append(${acc}, ${xs}[1]) ELSE list_concat(${acc}[1:${pos} - 1], [${xs}[1]], ${acc}[${pos}:]) END`);
    void p;
    return out(c, sql`list_reduce(list_transform(${arr.sql}, lambda _e: [_e]), lambda ${acc}, ${xs}: ${insert}, CAST([] AS ${duckDbType(arr.type)}))`, arr.type);
  }),
  sort_array: custom([1, 2], sortArray),
  array_append: {
    ...custom([2, 2], (c) => {
      const { arr, el } = arrayAndElement(c, 0, 1);
      return out(c, sql`CASE WHEN ${arr.sql} IS NULL THEN NULL ELSE list_append(${arr.sql}, ${el.sql}) END`, arr.type);
    }),
    since: '3.4.0',
  },
  array_prepend: {
    ...custom([2, 2], (c) => {
      const { arr, el } = arrayAndElement(c, 0, 1);
      return out(c, sql`CASE WHEN ${arr.sql} IS NULL THEN NULL ELSE list_prepend(${el.sql}, ${arr.sql}) END`, arr.type);
    }),
    since: '3.5.0',
  },
  array_compact: {
    ...custom([1, 1], (c) => {
      const arr = arrayArg(c, 0);
      return out(c, sql`list_filter(${arr.sql}, lambda e: e IS NOT NULL)`, arr.type);
    }),
    since: '3.4.0',
  },
  array_insert: { ...custom([3, 3], arrayInsert), since: '3.4.0' },
  arrays_zip: custom([1, 1000], arraysZip),
  concat: custom([0, 1000], concat),
  element_at: custom([2, 2], (c) => elementAt(c, false)),
  try_element_at: { ...custom([2, 2], (c) => elementAt(c, true)), since: '3.3.0' },
  get: {
    ...custom([2, 2], (c) => {
      const arr = arrayArg(c, 0);
      const i = c.arg(1, T.integer);
      return out(c, sql`CASE WHEN ${i.sql} >= 0 THEN ${arr.sql}[${i.sql} + 1] END`, arr.type.element);
    }),
    since: '3.4.0',
  },
  flatten: custom([1, 1], (c) => {
    const arr = arrayArg(c, 0);
    if (arr.type.element.kind !== 'array') throw c.t.fail(c.node, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] flatten: the input must be an array of arrays`);
    return out(c, sql`CASE WHEN ${hasNull(arr.sql)} THEN NULL ELSE flatten(${arr.sql}) END`, arr.type.element);
  }),
  slice: custom([3, 3], slice),
  sequence: custom([2, 3], sequence),
  shuffle: custom([1, 2], (c) => {
    throw c.t.unsupported(c.node, 'shuffle', 'its order is random');
  }),
  transform: custom([2, 2], transform),
  filter: custom([2, 2], filter),
  exists: custom([2, 2], (c) => quantified(false).emit(c) as Typed),
  forall: custom([2, 2], (c) => quantified(true).emit(c) as Typed),
  aggregate: custom([3, 4], aggregate),
  reduce: { ...custom([3, 4], aggregate), since: '3.4.0' },
  zip_with: custom([3, 3], zipWith),
  map: custom([0, 1000], mapOf),
  map_keys: custom([1, 1], (c) => {
    const m = mapArg(c, 0);
    return out(c, sql`map_keys(${m.sql})`, T.array(m.type.key));
  }),
  map_values: custom([1, 1], (c) => {
    const m = mapArg(c, 0);
    return out(c, sql`map_values(${m.sql})`, T.array(m.type.value));
  }),
  map_entries: custom([1, 1], (c) => {
    const m = mapArg(c, 0);
    return out(c, sql`map_entries(${m.sql})`, T.array(T.row([{ name: 'key', type: m.type.key }, { name: 'value', type: m.type.value }])));
  }),
  map_contains_key: {
    ...custom([2, 2], (c) => {
      const m = mapArg(c, 0);
      const k = coerce(c.t, c.args[1]!, m.type.key);
      return out(c, sql`map_contains(${m.sql}, ${k.sql})`, T.boolean);
    }),
    since: '3.3.0',
  },
  map_concat: custom([0, 1000], (c) => {
    if (c.args.length === 0) return out(c, 'MAP()', T.map(T.unknown, T.unknown));
    const u = unify(c.t, c.args, '"map_concat(…)"', c.node);
    if (u.type.kind !== 'map') throw c.t.fail(c.node, '[DATATYPE_MISMATCH.MAP_CONCAT_DIFF_TYPES] The map_concat should all be of type map');
    const keys = sql`list_concat(${join(u.items.map((i) => sql`map_keys(${i.sql})`))})`;
    const vals = sql`list_concat(${join(u.items.map((i) => sql`map_values(${i.sql})`))})`;
    return out(c, sql`CASE WHEN ${join(u.items.map((i) => sql`${i.sql} IS NULL`), ' OR ')} THEN NULL ELSE ${checkedMap(c, keys, vals)} END`, u.type);
  }),
  map_from_arrays: custom([2, 2], (c) => {
    const k = arrayArg(c, 0);
    const v = arrayArg(c, 1);
    return out(c, sql`CASE WHEN len(${k.sql}) <> len(${v.sql}) THEN ${c.t.runtimeError(c.at, '[DATATYPE_MISMATCH] The key array and value array of MAP must have the same length.')} ELSE ${checkedMap(c, k.sql, v.sql)} END`, T.map(k.type.element, v.type.element));
  }),
  map_from_entries: custom([1, 1], (c) => {
    const arr = arrayArg(c, 0);
    const e = arr.type.element;
    if (e.kind !== 'row' || e.fields.length !== 2) throw c.t.fail(c.node, '[DATATYPE_MISMATCH.MAP_FROM_ENTRIES_WRONG_TYPE] The map_from_entries expects an array of key-value structs');
    const [kf, vf] = e.fields as [{ name?: string; type: SqlType }, { name?: string; type: SqlType }];
    const keys = sql`list_transform(${arr.sql}, lambda _e: struct_extract(_e, ${str(rowFieldKey(kf, 0))}))`;
    const vals = sql`list_transform(${arr.sql}, lambda _e: struct_extract(_e, ${str(rowFieldKey(vf, 1))}))`;
    return out(c, checkedMap(c, keys, vals), T.map(kf.type, vf.type));
  }),
  map_filter: custom([2, 2], mapFilter),
  transform_keys: transformMap('keys'),
  transform_values: transformMap('values'),
  map_zip_with: custom([3, 3], mapZipWith),
  struct: custom([0, 1000], struct, { prettyName: (c) => (c.args.every((a) => a.name !== undefined) ? `struct(${c.args.map((a, i) => `${a.alias ?? (a.column ? a.name : `col${i + 1}`)}`).join(', ')})` : undefined) }),
  named_struct: custom([0, 1000], namedStruct),
};

export { sparkSqlTypeName };
