/**
 * Array functions and lambdas (trinodb/trino docs/src/main/sphinx/functions/array.md, lambda.md). Trino's NULL and
 * 0 rules kept where DuckDB's list functions differ:
 * - `array_position` is 0 when the element is absent (DuckDB: NULL);
 * - `contains` is NULL when the element is absent but the array holds a NULL; `array_max`/`array_min` NULL when an
 *   element is NULL (DuckDB skips NULLs);
 * - `array_distinct` keeps the first occurrence's order and one NULL (DuckDB: unordered, no NULL);
 * - `element_at(a, 0)` fails; `a[i]` past the end fails (expressions.ts) where `element_at` gives NULL;
 * - `any_match`/`all_match`/`none_match` are three-valued; `reduce` applies its output function;
 * - `array_sort` with a comparator: each element ranked by how many elements the comparator puts before it,
 *   then a stable sort on that rank (DuckDB has no comparator sort).
 * A lambda is a DuckDB lambda; where DuckDB has no function taking one (zip_with, the comparator), the lambda's body
 * is applied by substituting its parameters.
 */
import { failure, join, sql, substitute, type Sql } from '../../dialects/emit';
import { parseCidr } from '../../dialects/ipaddress';
import { duckDbType, T, type SqlType } from '../../dialects/sqlType';
import { castSql, str } from '../casts';
import type { Typed } from '../model';
import { constantString, custom, type Call, type FunctionTable } from './registry';

/** A lambda's body with its parameters replaced by `values`. */
export function apply(f: Typed, ...values: Sql[]): Sql {
  const l = f.lambda!;
  return { parts: ['(', substitute(l.body, Object.fromEntries(l.params.map((p, i) => [p, values[i]!]))), ')'] };
}

/** Elements in order of first occurrence, without repeats (one NULL kept). */
export function distinct(x: Sql): Sql {
  return sql`list_filter(${x}, lambda e, i: list_position(${x}, e) = i)`;
}

const hasNull = (x: Sql) => sql`list_count(${x}) < len(${x})`;

function matcher(kind: 'all' | 'any' | 'none'): (c: Call) => Sql {
  return (c) => {
    const [x, f] = c.args;
    const r = sql`list_transform(${x!.sql}, ${f!.sql})`;
    const body =
      kind === 'all'
        ? sql`CASE WHEN list_contains(${r}, false) THEN false WHEN ${hasNull(r)} THEN NULL ELSE true END`
        : kind === 'any'
          ? sql`CASE WHEN list_contains(${r}, true) THEN true WHEN ${hasNull(r)} THEN NULL ELSE false END`
          : sql`CASE WHEN list_contains(${r}, true) THEN false WHEN ${hasNull(r)} THEN NULL ELSE true END`;
    return sql`CASE WHEN ${x!.sql} IS NULL THEN NULL ELSE ${body} END`;
  };
}

function elementText(c: Call, x: Typed): Sql {
  const element = (x.type as Extract<SqlType, { kind: 'array' }>).element;
  if (element.kind === 'varchar' || element.kind === 'unknown') return x.sql;
  const body = castSql(c.t, { sql: 'e', type: element, at: x.at, atom: true }, T.varchar, 'cast');
  return sql`list_transform(${x.sql}, lambda e: ${body})`;
}

/**
 * Athena's limit on a sequence's entries, for every input type: 50000 (engine-versions-reference-0002.html, "Sequence
 * function maximum result size": `sequence(0,45000,1)` succeeds, `sequence(0,55000,1)` fails); Trino's own is 10000.
 */
const SEQUENCE_LIMIT = 50000;
const SEQUENCE_TOO_LONG = failure(`'The result of the sequence function must not have more than ${SEQUENCE_LIMIT} entries'`);

/** A list of dates or timestamps, or Athena's failure when it has more entries than the limit. */
function limited(series: Sql): Sql {
  return sql`list_transform([${series}], lambda l: CASE WHEN len(l) > ${String(SEQUENCE_LIMIT)} THEN ${SEQUENCE_TOO_LONG} ELSE l END)[1]`;
}

function sequence(c: Call): Sql {
  const [start, stop, step] = c.args;
  const st = start!.type;
  if (st.kind === 'bigint') {
    const s = step?.sql ?? sql`CASE WHEN ${start!.sql} <= ${stop!.sql} THEN 1 ELSE -1 END`;
    const count = sql`(${stop!.sql} - ${start!.sql}) // ${s} + 1`;
    return sql`CASE WHEN ${s} = 0 THEN ${failure("'step must not be zero'")} WHEN sign(${stop!.sql} - ${start!.sql}) * sign(${s}) < 0 THEN ${failure("'sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start'")} WHEN ${count} > ${String(SEQUENCE_LIMIT)} THEN ${SEQUENCE_TOO_LONG} ELSE generate_series(${start!.sql}, ${stop!.sql}, ${s}) END`;
  }
  if (step && step.type.kind === 'interval' && step.type.unit === 'year to month') {
    // start + i × step for i = 0, 1, … (Trino's SequenceFunction: datePlusIntervalYearToMonth(start, value), value
    // growing by step), each from start — so a month's end is not carried on: 01-31, 02-29, 03-31 (DuckDB's
    // generate_series adds the step to the last element: 03-29)
    const months = sql`(12 * datepart('year', ${step.sql}) + datepart('month', ${step.sql}))`;
    const span = sql`abs(12 * (year(${stop!.sql}) - year(${start!.sql})) + month(${stop!.sql}) - month(${start!.sql})) // abs(${months}) + 1`;
    const stepped = sql`list_filter(list_transform(range(0, ${span} + 1), lambda i: CAST(${start!.sql} AS TIMESTAMP) + to_months(CAST(i * ${months} AS INTEGER))), lambda e: CASE WHEN ${months} > 0 THEN e <= ${stop!.sql} ELSE e >= ${stop!.sql} END)`;
    const checked = sql`CASE WHEN ${months} = 0 THEN ${failure("'step must not be zero'")} WHEN sign(epoch_us(CAST(${stop!.sql} AS TIMESTAMP)) - epoch_us(CAST(${start!.sql} AS TIMESTAMP))) * sign(${months}) < 0 THEN ${failure("'sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start'")} ELSE ${stepped} END`;
    return limited(st.kind === 'date' ? sql`list_transform(${checked}, lambda e: CAST(e AS DATE))` : checked);
  }
  const stepSql = step?.sql ?? sql`to_days(CASE WHEN ${start!.sql} <= ${stop!.sql} THEN 1 ELSE -1 END)`;
  const series = sql`generate_series(CAST(${start!.sql} AS TIMESTAMP), CAST(${stop!.sql} AS TIMESTAMP), ${stepSql})`;
  if (st.kind === 'date') {
    if (step && step.type.kind === 'interval' && step.type.unit === 'day to second') {
      const whole = sql`(epoch_us(TIMESTAMP '1970-01-01' + ${step.sql}) % 86400000000 = 0)`;
      return sql`CASE WHEN NOT ${whole} THEN ${failure("'sequence step must be a day interval if start and end values are dates'")} ELSE ${limited(sql`list_transform(${series}, lambda e: CAST(e AS DATE))`)} END`;
    }
    return limited(sql`list_transform(${series}, lambda e: CAST(e AS DATE))`);
  }
  return limited(series);
}

function slice(c: Call): Sql {
  const [x, start, length] = c.args.map((a) => a.sql);
  const begin = sql`CASE WHEN ${start} > 0 THEN ${start} ELSE len(${x}) + ${start} + 1 END`;
  return sql`CASE WHEN ${start} = 0 THEN ${failure("'SQL array indices start at 1'")} WHEN ${length} < 0 THEN ${failure("'length must be greater than or equal to 0'")} WHEN ${begin} < 1 THEN CAST([] AS ${duckDbType(c.returns)}) ELSE list_slice(${x}, ${begin}, ${begin} + ${length} - 1) END`;
}

function comparatorSort(c: Call): Sql {
  const [x, f] = c.args;
  const a = x!.sql;
  // rank of element i: how many other elements the comparator puts strictly before it; ties keep their order
  const cmp = apply(f!, sql`${a}[j]`, sql`${a}[i]`);
  const ranked = sql`list_transform(range(1, len(${a}) + 1), lambda i: {'k': len(list_filter(range(1, len(${a}) + 1), lambda j: j <> i AND ${cmp} < 0)), 'i': i})`;
  // array.md: a comparator returning anything but -1, 0 or 1 (NULL included) fails the query (Trino's
  // ArraySortComparatorFunction: "Lambda comparator must return either -1, 0, or 1")
  const bad = sql`len(list_filter(range(1, len(${a}) + 1), lambda i: len(list_filter(range(1, len(${a}) + 1), lambda j: j <> i AND coalesce(${cmp} NOT IN (-1, 0, 1), true))) > 0)) > 0`;
  return sql`CASE WHEN ${a} IS NULL THEN NULL WHEN ${bad} THEN ${failure("'Lambda comparator must return either -1, 0, or 1'")} ELSE list_transform(list_sort(${ranked}), lambda p: ${a}[p['i']]) END`;
}

/** n-element sub-groups by index, in Trino's order ([[0,1],[0,2],[1,2]]): n nested ranges, each above the last. */
function combinations(c: Call): Sql {
  const n = c.given[1]!.value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw c.t.unsupported(c.given[1]!.at, 'combinations with a group size that is not a constant');
  if (n > 5) throw c.t.fail(c.given[1]!.at, `combination size must not exceed 5: ${n}`);
  if (n < 0) throw c.t.fail(c.given[1]!.at, `combination size must not be negative: ${n}`);
  const a = c.args[0]!.sql;
  if (n === 0) return sql`CASE WHEN ${a} IS NULL THEN NULL ELSE [CAST([] AS ${duckDbType(c.args[0]!.type)})] END`;
  const idx = Array.from({ length: n }, (_, k) => `i${k}`);
  let body: Sql = sql`[[${join(idx.map((i) => sql`${a}[${i}]`))}]]`;
  for (let k = n - 1; k >= 0; k--) {
    const from = k === 0 ? '1' : `${idx[k - 1]} + 1`;
    body = sql`flatten(list_transform(range(${from}, len(${a}) + 1), lambda ${idx[k]!}: ${body}))`;
  }
  return sql`CASE WHEN ${a} IS NULL THEN NULL ELSE ${body} END`;
}

export const ARRAYS: FunctionTable = {
  combinations: custom('array(E), integer -> array(array(E))', combinations),
  euclidean_distance: custom('array(double), array(double) -> double', (c) => sql`list_distance(${c.args[0]!.sql}, ${c.args[1]!.sql})`),
  dot_product: custom('array(double), array(double) -> double', (c) => sql`list_dot_product(${c.args[0]!.sql}, ${c.args[1]!.sql})`),
  all_match: custom('array(T), function(T, boolean) -> boolean', matcher('all')),
  any_match: custom('array(T), function(T, boolean) -> boolean', matcher('any')),
  none_match: custom('array(T), function(T, boolean) -> boolean', matcher('none')),
  array_distinct: custom('array(E) -> array(E)', (c) => distinct(c.args[0]!.sql)),
  array_intersect: custom('array(E), array(E) -> array(E)', (c) => distinct(sql`list_filter(${c.args[0]!.sql}, lambda e: e IS NULL AND ${hasNull(c.args[1]!.sql)} OR list_contains(${c.args[1]!.sql}, e))`)),
  array_union: custom('array(E), array(E) -> array(E)', (c) => distinct(sql`list_concat(${c.args[0]!.sql}, ${c.args[1]!.sql})`)),
  array_except: custom('array(E), array(E) -> array(E)', (c) => distinct(sql`list_filter(${c.args[0]!.sql}, lambda e: NOT coalesce(list_contains(${c.args[1]!.sql}, e), false) AND NOT (e IS NULL AND ${hasNull(c.args[1]!.sql)}))`)),
  array_first: custom('array(E) -> E', (c) => sql`${c.args[0]!.sql}[1]`),
  array_last: custom('array(E) -> E', (c) => sql`${c.args[0]!.sql}[-1]`),
  array_histogram: custom('array(K) -> map(K, bigint)', (c) => {
    const x = c.args[0]!.sql;
    const keys = distinct(sql`list_filter(${x}, lambda e: e IS NOT NULL)`);
    return sql`map_from_entries(list_transform(${keys}, lambda k: {'key': k, 'value': CAST(len(list_filter(${x}, lambda e: e = k)) AS BIGINT)}))`;
  }),
  array_join: custom(['array(T), varchar -> varchar', 'array(T), varchar, varchar -> varchar'], (c) => {
    const [x, d, rep] = c.args;
    const text = elementText(c, x!);
    return rep ? sql`array_to_string(list_transform(${text}, lambda e: coalesce(e, ${rep.sql})), ${d!.sql})` : sql`array_to_string(${text}, ${d!.sql})`;
  }),
  array_max: custom('array(E) -> E', (c) => sql`CASE WHEN ${hasNull(c.args[0]!.sql)} THEN NULL ELSE list_max(${c.args[0]!.sql}) END`),
  array_min: custom('array(E) -> E', (c) => sql`CASE WHEN ${hasNull(c.args[0]!.sql)} THEN NULL ELSE list_min(${c.args[0]!.sql}) END`),
  array_position: custom('array(E), E -> bigint', (c) => {
    const [x, e] = c.args.map((a) => a.sql);
    return sql`CASE WHEN ${x} IS NULL OR ${e} IS NULL THEN NULL ELSE CAST(coalesce(list_position(${x}, ${e}), 0) AS BIGINT) END`;
  }),
  array_remove: custom('array(E), E -> array(E)', (c) => {
    const [x, e] = c.args.map((a) => a.sql);
    return sql`CASE WHEN ${e} IS NULL THEN NULL ELSE list_filter(${x}, lambda y: y IS NULL OR y <> ${e}) END`;
  }),
  array_sort: custom(['array(E) -> array(E)', 'array(E), function(E, E, integer) -> array(E)'], (c) => (c.args.length === 2 ? comparatorSort(c) : sql`list_sort(${c.args[0]!.sql}, 'ASC', 'NULLS LAST')`)),
  // Trino's ArrayContainsSequence: seq's values at consecutive positions of x, compared with IDENTICAL (NULL matches
  // NULL, NaN matches NaN: IS NOT DISTINCT FROM); an empty seq is in every array
  contains_sequence: custom('array(E), array(E) -> boolean', (c) => {
    const [x, s] = [c.args[0]!.sql, c.args[1]!.sql];
    return sql`CASE WHEN ${x} IS NULL OR ${s} IS NULL THEN NULL ELSE len(${s}) = 0 OR list_contains(list_transform(range(1, len(${x}) - len(${s}) + 2), lambda i: list_slice(${x}, i, i + len(${s}) - 1) IS NOT DISTINCT FROM ${s}), true) END`;
  }),
  arrays_overlap: custom('array(E), array(E) -> boolean', (c) => {
    const [x, y] = c.args.map((a) => a.sql);
    return sql`CASE WHEN ${x} IS NULL OR ${y} IS NULL THEN NULL WHEN len(list_filter(${x}, lambda e: e IS NOT NULL AND list_contains(${y}, e))) > 0 THEN true WHEN ${hasNull(x)} OR ${hasNull(y)} THEN NULL ELSE false END`;
  }),
  cardinality: custom(['array(E) -> bigint', 'map(K, V) -> bigint'], (c) => sql`CAST(${c.args[0]!.type.kind === 'map' ? 'cardinality' : 'len'}(${c.args[0]!.sql}) AS BIGINT)`),
  contains: custom(['array(E), E -> boolean', 'varchar, ipaddress -> boolean'], (c) => {
    if (c.args[1]!.type.kind === 'ipaddress') return ipContains(c);
    const [x, e] = c.args.map((a) => a.sql);
    return sql`CASE WHEN ${x} IS NULL OR ${e} IS NULL THEN NULL WHEN list_contains(${x}, ${e}) THEN true WHEN ${hasNull(x)} THEN NULL ELSE false END`;
  }),
  element_at: custom(['array(E), bigint -> E', 'map(K, V), K -> V'], (c) => {
    const [x, i] = c.args.map((a) => a.sql);
    if (c.args[0]!.type.kind === 'map') return sql`${x}[${i}]`;
    return sql`CASE WHEN ${i} = 0 THEN ${failure("'SQL array indices start at 1'")} ELSE ${x}[${i}] END`;
  }),
  filter: custom('array(T), function(T, boolean) -> array(T)', (c) => sql`list_filter(${c.args[0]!.sql}, ${c.args[1]!.sql})`),
  flatten: custom('array(array(E)) -> array(E)', (c) => sql`flatten(${c.args[0]!.sql})`),
  ngrams: custom('array(E), bigint -> array(array(E))', (c) => {
    const [x, n] = c.args.map((a) => a.sql);
    return sql`CASE WHEN ${n} <= 0 THEN ${failure("'N must be positive'")} WHEN len(${x}) <= ${n} THEN [${x}] ELSE list_transform(range(1, len(${x}) - ${n} + 2), lambda i: list_slice(${x}, i, i + ${n} - 1)) END`;
  }),
  reduce: custom('array(T), S, function(S, T, S), function(S, R) -> R', (c) => {
    const [x, init, step, output] = c.args;
    const t = (x!.type as Extract<SqlType, { kind: 'array' }>).element;
    let reduced: Sql;
    if (duckDbType(t) === duckDbType(init!.type) || t.kind === 'unknown') reduced = sql`list_reduce(${x!.sql}, ${step!.sql}, ${init!.sql})`;
    else {
      // DuckDB folds a list into a value of the elements' type: carry state and element in one struct type
      const carry = (s: Sql, e: Sql) => sql`{'s': ${s}, 'x': ${e}}`;
      const nullOf = (ty: SqlType) => sql`CAST(NULL AS ${duckDbType(ty)})`;
      const items = sql`list_transform(${x!.sql}, lambda e: ${carry(nullOf(init!.type), 'e')})`;
      const fold = sql`lambda acc, e: ${carry(apply(step!, "acc['s']", "e['x']"), nullOf(t))}`;
      reduced = sql`list_reduce(${items}, ${fold}, ${carry(init!.sql, nullOf(t))}).s`;
    }
    return sql`CASE WHEN ${x!.sql} IS NULL THEN NULL ELSE ${apply(output!, reduced)} END`;
  }),
  repeat: custom('E, bigint -> array(E)', (c) => {
    const [e, n] = c.args.map((a) => a.sql);
    return sql`CASE WHEN ${n} < 0 THEN ${failure("'count argument of repeat function must be greater than or equal to 0'")} WHEN ${n} > 10000 THEN ${failure("'count argument of repeat function must be less than or equal to 10000'")} ELSE list_transform(range(0, ${n}), lambda i: ${e}) END`;
  }),
  sequence: custom(
    ['bigint, bigint -> array(bigint)', 'bigint, bigint, bigint -> array(bigint)', 'date, date -> array(date)', 'date, date, interval_ds -> array(date)', 'date, date, interval_ym -> array(date)', 'timestamp, timestamp, interval_ds -> array(timestamp)', 'timestamp, timestamp, interval_ym -> array(timestamp)'],
    sequence,
    { returns: (args) => T.array(args[0]!.type.kind === 'unknown' ? T.bigint : args[0]!.type) },
  ),
  shuffle: custom('array(E) -> array(E)', (c) => sql`list_transform(list_sort(list_transform(${c.args[0]!.sql}, lambda e: {'r': random(), 'e': e})), lambda p: p['e'])`),
  slice: custom('array(E), bigint, bigint -> array(E)', slice),
  trim_array: custom('array(E), bigint -> array(E)', (c) => {
    const [x, n] = c.args.map((a) => a.sql);
    return sql`CASE WHEN ${n} < 0 OR ${n} > len(${x}) THEN ${failure(sql`'size must not be negative and must be less than or equal to array size: ' || ${n}`)} ELSE list_slice(${x}, 1, len(${x}) - ${n}) END`;
  }),
  transform: custom('array(T), function(T, U) -> array(U)', (c) => sql`list_transform(${c.args[0]!.sql}, ${c.args[1]!.sql})`),
  zip: custom('array(any)... -> array(any)', (c) => {
    const arrays = c.args.map((a) => a.sql);
    const longest = arrays.length === 1 ? sql`len(${arrays[0]!})` : sql`greatest(${join(arrays.map((a) => sql`len(${a})`))})`;
    const row = join(arrays.map((a, i) => sql`'field${String(i)}': ${a}[i]`));
    return sql`CASE WHEN ${join(arrays.map((a) => sql`${a} IS NULL`), ' OR ')} THEN NULL ELSE list_transform(range(1, ${longest} + 1), lambda i: {${row}}) END`;
  }, { returns: (args) => T.array(T.row(args.map((a) => ({ type: (a.type as Extract<SqlType, { kind: 'array' }>).element ?? T.unknown })))) }),
  zip_with: custom('array(T), array(U), function(T, U, R) -> array(R)', (c) => {
    const [a, b, f] = c.args;
    return sql`CASE WHEN ${a!.sql} IS NULL OR ${b!.sql} IS NULL THEN NULL ELSE list_transform(list_zip(${a!.sql}, ${b!.sql}), lambda z: ${apply(f!, sql`struct_extract(z, 1)`, sql`struct_extract(z, 2)`)}) END`;
  }),
};

/**
 * contains(network, address) of IP addresses (Trino's IpAddressFunctions.contains): the CIDR network is a constant,
 * read here; an IPv4 network holds only IPv4(-mapped) addresses, an IPv6 one only the others.
 */
function ipContains(c: Call): Sql {
  const network = constantString(c, 0, 'network');
  const cidr = parseCidr(network);
  const a = c.args[1]!.sql;
  if ('error' in cidr) return sql`CASE WHEN ${a} IS NULL THEN NULL ELSE ${failure(str(cidr.error))} END`;
  const mapped = sql`(${a} >> 32) = 65535`;
  const bits = cidr.ipv4 ? 32 : 128;
  const value = cidr.ipv4 ? sql`(${a} & 4294967295)` : a;
  const same = cidr.prefix === 0 ? 'true' : sql`(${value} >> ${String(bits - cidr.prefix)}) = CAST('${(cidr.base >> BigInt(bits - cidr.prefix)).toString()}' AS UHUGEINT)`;
  return sql`CASE WHEN ${a} IS NULL THEN NULL WHEN ${cidr.ipv4 ? sql`NOT ${mapped}` : mapped} THEN false ELSE ${same} END`;
}
