/**
 * Aggregate and window functions (Spark 3.5 reference: agg_funcs, window_funcs). Where DuckDB's aggregate answers
 * otherwise, the row says how Spark's answer is made:
 * - `sum` of integers is a bigint that wraps around, of decimal(p,s) a decimal(p+10,s); `avg` of decimal(p,s) is
 *   decimal(p+4,s+4), exact;
 * - `stddev`, `variance`, `skewness`, `kurtosis`: Spark's own one-pass update of the central moments
 *   (CentralMomentAgg), in the rows' order — the same digits as Spark on one partition (Spark's last digits depend
 *   on how its rows are split into partitions);
 * - `collect_list` skips NULLs; `collect_set` too, its elements sorted (Spark's order is its hash set's);
 * - `first`/`last` take the first/last row's value (`first(x, true)` the first non-NULL one);
 * - `count(DISTINCT a, b)` counts rows where every argument is non-NULL;
 * - `percentile` interpolates (quantile_cont), `percentile_approx` is the value at rank ⌈p·n⌉ — exact, as Spark's
 *   is while a group holds fewer rows than its accuracy; a larger group is refused when the query runs.
 */
import { join, render, type Sql } from '../../dialects/emit';
import { duckDbType, isIntegral, isNumeric, T, type SqlType } from '../../dialects/sqlType';
import type { Typed } from '../model';
import { bind, sql, wrapInteger } from '../sqlText';
import { isStringType, sparkSqlTypeName } from '../types';
import { intervalNumber, numberInterval } from './intervals';
import { agg, constantArg, custom, win, type AggregateCall, type Call, type FunctionTable } from './registry';

function numericArg(c: Call, i: number): Typed {
  const a = c.args[i]!;
  if (isStringType(a.type) || a.type.kind === 'unknown') return c.arg(i, T.double);
  if (!isNumeric(a.type)) throw c.t.fail(a.at, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${c.name}(${a.name ?? '…'})" due to data type mismatch: Parameter 1 requires the "NUMERIC" type, however "${a.name ?? 'the argument'}" has the type "${sparkSqlTypeName(a.type)}".`);
  return a;
}

function sum(c: Call, tryIt = false): AggregateCall {
  const x = numericArg(c, 0);
  if (x.type.kind === 'decimal') {
    const type = T.decimal(Math.min(38, x.type.precision + 10), x.type.scale);
    return { fn: 'sum', args: [x.sql], type, wrap: (s) => sql`TRY_CAST(${s} AS ${duckDbType(type)})` };
  }
  if (isIntegral(x.type)) {
    return { fn: 'sum', args: [sql`CAST(${x.sql} AS HUGEINT)`], type: T.bigint, wrap: (s) => (tryIt ? sql`TRY_CAST(${s} AS BIGINT)` : wrapInteger(s, 64, 'BIGINT')) };
  }
  return { fn: 'sum', args: [sql`CAST(${x.sql} AS DOUBLE)`], type: T.double };
}

function avg(c: Call): AggregateCall {
  const x = numericArg(c, 0);
  if (x.type.kind === 'decimal') {
    const { precision: p, scale: s } = x.type;
    const type = { kind: 'decimal' as const, precision: Math.min(38, p + 4), scale: Math.min(38, s + 4) };
    const sumType = T.decimal(Math.min(38, p + 10), s);
    // exact: the decimal sum divided by the count, half up to the result scale (Average with DecimalPrecision)
    return {
      fn: 'sum',
      args: [x.sql],
      type,
      wrap: (total, make) =>
        bind(sql`CAST(${total} AS ${duckDbType(sumType)})`, (sv) =>
          bind(make('count', [x.sql]), (n) => {
            const unscaled = sql`CAST(replace(CAST(${sv} AS VARCHAR), '.', '') AS HUGEINT) * ${10 ** (type.scale - s)}`;
            const q = sql`((2 * abs(${unscaled}) + ${n}) // (2 * ${n})) * sign(${unscaled})`;
            return sql`CASE WHEN ${n} = 0 THEN NULL ELSE TRY_CAST(CAST(${q} AS DECIMAL(38,0)) * CAST('0.${'0'.repeat(type.scale - 1)}1' AS DECIMAL(${type.scale + 1},${type.scale})) AS ${duckDbType(type)}) END`;
          }),
        ),
    };
  }
  return { fn: 'sum', args: [sql`CAST(${x.sql} AS DOUBLE)`], type: T.double, wrap: (total, make) => sql`(${total} / NULLIF(${make('count', [x.sql])}, 0))` };
}

/** Spark's CentralMomentAgg: n, avg, m2, m3, m4 updated row by row (updateExpressionsDef), in double. */
function moments(values: Sql, order: 2 | 3 | 4): Sql {
  const s = '_m';
  // the elements carry the value in a state-shaped struct (list_reduce wants one type): its n is the value
  const x = '_x.n';
  const n = `(${s}.n + 1.0)`;
  const delta = `(${x} - ${s}.avg)`;
  const deltaN = `(${delta} / ${n})`;
  const newM2 = `(${s}.m2 + ${delta} * (${delta} - ${deltaN}))`;
  const delta2 = `(${delta} * ${delta})`;
  const deltaN2 = `(${deltaN} * ${deltaN})`;
  const newM3 = order >= 3 ? `(${s}.m3 - 3.0 * ${deltaN} * ${newM2} + ${delta} * (${delta2} - ${deltaN2}))` : '0.0';
  const newM4 = order >= 4 ? `(${s}.m4 - 4.0 * ${deltaN} * ${newM3} - 6.0 * ${deltaN2} * ${newM2} + ${delta} * (${delta} * ${delta2} - ${deltaN} * ${deltaN2}))` : '0.0';
  const step = `{'n': ${n}, 'avg': ${s}.avg + ${deltaN}, 'm2': ${newM2}, 'm3': ${newM3}, 'm4': ${newM4}}`;
  const zero = `{'n': 0.0::DOUBLE, 'avg': 0.0::DOUBLE, 'm2': 0.0::DOUBLE, 'm3': 0.0::DOUBLE, 'm4': 0.0::DOUBLE}`;
  const element = `{'n': _v, 'avg': 0.0::DOUBLE, 'm2': 0.0::DOUBLE, 'm3': 0.0::DOUBLE, 'm4': 0.0::DOUBLE}`;
  return sql`list_reduce(list_transform(list_filter(${values}, lambda _v: _v IS NOT NULL), lambda _v: ${element}), lambda ${s}, _x: ${step}, ${zero})`;
}

export type Moments = 'stddev_pop' | 'stddev_samp' | 'var_pop' | 'var_samp' | 'skewness' | 'kurtosis';

const FINISH: Record<Moments, [2 | 3 | 4, (m: string) => string]> = {
  stddev_pop: [2, (m) => `CASE WHEN ${m}.n = 0 THEN NULL ELSE sqrt(${m}.m2 / ${m}.n) END`],
  stddev_samp: [2, (m) => `CASE WHEN ${m}.n = 0 THEN NULL WHEN ${m}.n = 1 THEN NULL ELSE sqrt(${m}.m2 / (${m}.n - 1.0)) END`],
  var_pop: [2, (m) => `CASE WHEN ${m}.n = 0 THEN NULL ELSE ${m}.m2 / ${m}.n END`],
  var_samp: [2, (m) => `CASE WHEN ${m}.n = 0 THEN NULL WHEN ${m}.n = 1 THEN NULL ELSE ${m}.m2 / (${m}.n - 1.0) END`],
  skewness: [3, (m) => `CASE WHEN ${m}.n = 0 THEN NULL WHEN ${m}.m2 = 0.0 THEN NULL ELSE sqrt(${m}.n) * ${m}.m3 / sqrt(${m}.m2 * ${m}.m2 * ${m}.m2) END`],
  kurtosis: [4, (m) => `CASE WHEN ${m}.n = 0 THEN NULL WHEN ${m}.m2 = 0.0 THEN NULL ELSE ${m}.n * ${m}.m4 / (${m}.m2 * ${m}.m2) - 3.0 END`],
};

/**
 * A moment aggregate (stddev, variance, skewness, kurtosis) as Spark computes it, over a DOUBLE expression, as the
 * text of one DuckDB aggregate expression: for the DataFrame functions (F.stddev …, jobs/vocabulary/functions.ts),
 * which must answer as the SQL Query node does.
 */
export function sparkMomentAggregate(kind: Moments, doubleSql: string): string {
  const [order, finish] = FINISH[kind];
  return render(bind(moments(sql`list(${doubleSql})`, order), (m) => sql`${finish(m)}`)).text;
}

function momentAgg(kind: Moments) {
  return agg([1, 1], (c) => {
    const x = numericArg(c, 0);
    const [order, finish] = FINISH[kind];
    return { fn: 'list', args: [sql`CAST(${x.sql} AS DOUBLE)`], type: T.double, distinct: 'refused', wrap: (s) => bind(moments(s, order), (m) => sql`${finish(m)}`) };
  });
}

/**
 * Spark's Covariance / PearsonCorrelation state (n, xAvg, yAvg, ck, xMk, yMk), updated row by row on the pairs
 * where both values are non-NULL (their update expressions, in double). Spark's x is the first argument.
 */
function pairState(list: Sql): Sql {
  const s = '_c';
  const p = '_p';
  const n = `(${s}.n + 1.0)`;
  // the pairs carry x and y in a state-shaped struct (list_reduce wants one type): n is x, xAvg is y
  const px = `${p}.n`;
  const py = `${p}.xAvg`;
  const dx = `(${px} - ${s}.xAvg)`;
  const dy = `(${py} - ${s}.yAvg)`;
  const dyN = `(${dy} / ${n})`;
  const dxN = `(${dx} / ${n})`;
  const newXAvg = `(${s}.xAvg + ${dxN})`;
  const newYAvg = `(${s}.yAvg + ${dyN})`;
  const ck = `(${s}.ck + ${dx} * (${py} - ${newYAvg}))`;
  const xMk = `(${s}.xMk + ${dx} * (${px} - ${newXAvg}))`;
  const yMk = `(${s}.yMk + ${dy} * (${py} - ${newYAvg}))`;
  const step = `{'n': ${n}, 'xAvg': ${newXAvg}, 'yAvg': ${newYAvg}, 'ck': ${ck}, 'xMk': ${xMk}, 'yMk': ${yMk}}`;
  const zero = `{'n': 0.0::DOUBLE, 'xAvg': 0.0::DOUBLE, 'yAvg': 0.0::DOUBLE, 'ck': 0.0::DOUBLE, 'xMk': 0.0::DOUBLE, 'yMk': 0.0::DOUBLE}`;
  return sql`list_reduce(list_transform(list_filter(${list}, lambda _q: _q.x IS NOT NULL AND _q.y IS NOT NULL), lambda _q: {'n': _q.x, 'xAvg': _q.y, 'yAvg': 0.0::DOUBLE, 'ck': 0.0::DOUBLE, 'xMk': 0.0::DOUBLE, 'yMk': 0.0::DOUBLE}), lambda ${s}, ${p}: ${step}, ${zero})`;
}

type PairKind = 'covar_pop' | 'covar_samp' | 'corr' | 'regr_r2' | 'regr_sxy' | 'regr_slope' | 'regr_intercept';

/** `m` the pair state, `v` (regr_slope, regr_intercept) the x values' CentralMomentAgg state */
const PAIR_FINISH: Record<PairKind, (m: string, v: string) => string> = {
  covar_pop: (m) => `CASE WHEN ${m}.n = 0 THEN NULL ELSE ${m}.ck / ${m}.n END`,
  covar_samp: (m) => `CASE WHEN ${m}.n = 0 THEN NULL WHEN ${m}.n = 1 THEN NULL ELSE ${m}.ck / (${m}.n - 1.0) END`,
  corr: (m) => `CASE WHEN ${m}.n = 0 THEN NULL WHEN ${m}.n = 1 THEN NULL ELSE ${m}.ck / sqrt(${m}.xMk * ${m}.yMk) END`,
  // RegrR2 is PearsonCorrelation(y, x): its x is the dependent variable
  regr_r2: (m) => `CASE WHEN ${m}.xMk = 0.0 THEN NULL WHEN ${m}.yMk = 0.0 THEN 1.0 ELSE (${m}.ck / sqrt(${m}.xMk * ${m}.yMk)) * (${m}.ck / sqrt(${m}.xMk * ${m}.yMk)) END`,
  regr_sxy: (m) => `CASE WHEN ${m}.n = 0 THEN NULL ELSE ${m}.ck END`,
  // RegrSlope / RegrIntercept: CovPopulation(x, y) on the pairs and VariancePop(x) on every non-NULL x
  regr_slope: (m, v) => `CASE WHEN ${v}.m2 = 0.0 THEN NULL ELSE ${m}.ck / ${v}.m2 END`,
  regr_intercept: (m, v) => `CASE WHEN ${v}.m2 = 0.0 THEN NULL ELSE ${m}.yAvg - ${m}.ck / ${v}.m2 * ${m}.xAvg END`,
};

function pairAgg(kind: PairKind, since?: string) {
  const def = agg([2, 2], (c) => {
    const [a, b] = [c.arg(0, T.double), c.arg(1, T.double)];
    // Spark's state x: the first argument (corr, covar, RegrR2(y, x), RegrSXY(y, x)); the regression's x for slope and intercept
    const regression = kind === 'regr_slope' || kind === 'regr_intercept';
    const [x, y] = regression ? [b, a] : [a, b];
    const finish = PAIR_FINISH[kind];
    return {
      fn: 'list',
      args: [sql`{'x': ${x.sql}, 'y': ${y.sql}}`],
      type: T.double,
      distinct: 'refused',
      wrap: (l) =>
        bind(pairState(l), (m) =>
          regression ? bind(moments(sql`list_transform(${l}, lambda _r: _r.x)`, 2), (v) => sql`${finish(m, v)}`) : sql`${finish(m, '')}`,
        ),
    };
  });
  return since ? { ...def, since } : def;
}

/** regr_sxx / regr_syy: RegrReplacement, CentralMomentAgg's m2 of x (y) over the pairs where both are non-NULL */
function regrSquares(which: 0 | 1) {
  return {
    ...agg([2, 2], (c) => {
      const [y, x] = [c.arg(0, T.double), c.arg(1, T.double)];
      const v = which === 1 ? x : y;
      return {
        fn: 'list',
        args: [sql`CASE WHEN ${y.sql} IS NOT NULL AND ${x.sql} IS NOT NULL THEN ${v.sql} END`],
        type: T.double,
        distinct: 'refused' as const,
        wrap: (l) => bind(moments(l, 2), (m) => sql`CASE WHEN ${m}.n = 0 THEN NULL ELSE ${m}.m2 END`),
      };
    }),
    since: '3.4.0',
  };
}

/** regr_avgx / regr_avgy: avg of x (y) over the pairs where both are non-NULL */
function regrAvg(which: 0 | 1) {
  return agg([2, 2], (c) => {
    const [y, x] = [c.arg(0, 'numeric'), c.arg(1, 'numeric')];
    const v = which === 1 ? x : y;
    const only: Typed = { ...v, sql: sql`CASE WHEN ${y.sql} IS NOT NULL AND ${x.sql} IS NOT NULL THEN ${v.sql} END` };
    return avg({ ...c, args: [only], arg: (i, e) => (i === 0 ? only : c.arg(i, e)) });
  });
}

function minMax(f: 'min' | 'max') {
  return agg([1, 1], (c) => {
    const x = c.args[0]!;
    if (x.type.kind === 'map') throw c.t.fail(c.node, `[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] The \`${f}\` does not support ordering on type "MAP".`);
    return { fn: f, args: [x.sql], type: x.type, distinct: 'ignored' };
  });
}

function firstLast(f: 'first' | 'last') {
  return agg([1, 2], (c) => {
    const x = c.args[0]!;
    const ignoreNulls = c.args[1] ? constantArg(c, 1, 'ignoreNulls flag') : false;
    if (typeof ignoreNulls !== 'boolean') throw c.t.fail(c.args[1]!.at, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] ${c.name}: the second argument must be a boolean constant`);
    const duck = f === 'first' ? 'first' : 'last';
    if (!ignoreNulls) return { fn: duck, args: [x.sql], type: x.type };
    return { fn: 'list', args: [x.sql], type: x.type, wrap: (s) => sql`list_filter(${s}, lambda _v: _v IS NOT NULL)[${f === 'first' ? '1' : '-1'}]` };
  });
}

function count(c: Call): AggregateCall {
  if (c.args.length === 0) return { fn: 'count_star', args: [], type: T.bigint };
  if (c.args.length === 1) return { fn: 'count', args: [c.args[0]!.sql], type: T.bigint };
  const all = join(c.args.map((a) => sql`${a.sql} IS NOT NULL`), ' AND ');
  return { fn: 'count', args: [sql`CASE WHEN ${all} THEN {${join(c.args.map((a, i) => sql`'a${i}': ${a.sql}`))}} END`], type: T.bigint };
}

function boolAgg(f: 'bool_and' | 'bool_or') {
  return agg([1, 1], (c) => ({ fn: f, args: [c.arg(0, T.boolean).sql], type: T.boolean, distinct: 'ignored' }));
}

function bitAgg(f: 'bit_and' | 'bit_or' | 'bit_xor') {
  return agg([1, 1], (c) => {
    const x = c.arg(0, 'integral');
    return { fn: f, args: [x.sql], type: x.type };
  });
}

function percentile(c: Call, approximate: boolean): AggregateCall {
  const x = c.args[0]!;
  if (x.type.kind === 'interval') {
    // on the interval's months or microseconds, the result made an interval again
    const type = x.type;
    const asNumber: Typed = { sql: intervalNumber(x.sql, type), type: T.bigint, at: x.at, atom: true };
    const inner = percentile({ ...c, args: [asNumber, ...c.args.slice(1)], arg: (i, e) => (i === 0 ? asNumber : c.arg(i, e)) }, approximate);
    const back = (s: Sql) => (inner.type.kind === 'array' ? sql`list_transform(${s}, lambda _n: ${numberInterval(sql`_n`, type)})` : numberInterval(s, type));
    const previous = inner.wrap;
    return { ...inner, type: inner.type.kind === 'array' ? T.array(type) : type, wrap: (s, make) => back(previous ? previous(s, make) : s) };
  }
  const v = numericArg(c, 0);
  const p = c.args[1]!;
  const ps = p.type.kind === 'array' ? p : undefined;
  if (approximate) {
    const accuracy = c.args[2] ? constantArg(c, 2, 'accuracy') : 10000;
    if (typeof accuracy !== 'number') throw c.t.unsupported(c.args[2]!.at, `${c.name} with an accuracy that is not a constant`);
    const rank = (q: Sql, n: string, sorted: string) => sql`${sorted}[CAST(greatest(ceil(${q} * ${n}), 1) AS BIGINT)]`;
    const tooMany = c.t.runtimeError(c.at, `${c.name} over a group of more than ${accuracy} rows (its accuracy) is not supported by the local engine (Spark has it): Spark approximates the ranks there, the local engine computes exact ones only`);
    return {
      fn: 'list',
      args: [v.sql],
      type: ps ? T.array(v.type) : v.type,
      wrap: (s) =>
        bind(sql`list_sort(list_filter(${s}, lambda _v: _v IS NOT NULL))`, (sorted) =>
          sql`CASE WHEN len(${sorted}) = 0 THEN NULL WHEN len(${sorted}) > ${accuracy} THEN ${tooMany} ELSE ${ps ? sql`list_transform(${ps.sql}, lambda _q: ${rank(sql`_q`, `len(${sorted})`, sorted)})` : rank(p.sql, `len(${sorted})`, sorted)} END`,
        ),
    };
  }
  const d = sql`CAST(${v.sql} AS DOUBLE)`;
  if (c.args[2]) throw c.t.unsupported(c.args[2].at, 'percentile with a frequency');
  if (ps) {
    if (ps.value === undefined && !ps.sql) throw c.t.unsupported(ps.at, 'percentile with percentages that are not constants');
    return { fn: 'quantile_cont', args: [d, ps.sql], type: T.array(T.double) };
  }
  return { fn: 'quantile_cont', args: [d, p.sql], type: T.double };
}

function collect(set: boolean): (c: Call) => AggregateCall {
  return (c) => {
    const x = c.args[0]!;
    return {
      fn: 'list',
      args: [x.sql],
      type: T.array(x.type),
      ...(set ? { distinct: 'ignored' as const } : {}),
      wrap: (s) => (set ? sql`list_sort(list_distinct(coalesce(${s}, [])))` : sql`list_filter(coalesce(${s}, []), lambda _v: _v IS NOT NULL)`),
    };
  };
}

/** row_number, rank and dense_rank are IntegerType in Spark (windowExpressions.scala: RowNumberLike's and RankLike's
 * `dataType`), where DuckDB's are BIGINT: cast, so a written column and printSchema say `integer` */
function rankLike(fn: string, type: SqlType) {
  return win([0, 1000], () => ({ fn, args: [], type, ...(type === T.integer ? { wrap: (s: Sql) => sql`CAST(${s} AS INTEGER)` } : {}) }));
}

function navigation(f: 'lag' | 'lead') {
  return win([1, 3], (c) => {
    const x = c.args[0]!;
    const offset = c.args[1] ? constantArg(c, 1, 'offset') : 1;
    if (typeof offset !== 'number') throw c.t.unsupported(c.args[1]!.at, `${f} with an offset that is not a constant`);
    const args: Sql[] = [x.sql, String(offset)];
    if (c.args[2]) args.push(c.args[2].sql);
    return { fn: f, args, type: x.type };
  });
}

/** grouping(col): 1 when the row aggregates over col (ROLLUP, CUBE, GROUPING SETS); grouping_id(): the bits of all */
function groupingFn(id: boolean) {
  return custom([id ? 0 : 1, id ? 1000 : 1], (c) => {
    if (!c.t.groupingColumns) throw c.t.fail(c.node, `[UNSUPPORTED_GROUPING_EXPRESSION] ${c.name} can only be used with GroupingSets/Cube/Rollup.`);
    const args = id && c.args.length === 0 ? c.t.groupingColumns : join(c.args.map((a) => a.sql));
    return { sql: sql`CAST(GROUPING(${args}) AS ${id ? 'BIGINT' : 'TINYINT'})`, type: id ? T.bigint : T.tinyint, at: c.at, atom: true, aggregate: true };
  });
}

export const AGGREGATES: FunctionTable = {
  grouping: groupingFn(false),
  grouping_id: groupingFn(true),
  count: agg([0, 1000], count),
  count_if: agg([1, 1], (c) => ({ fn: 'count_if', args: [c.arg(0, T.boolean).sql], type: T.bigint })),
  sum: agg([1, 1], (c) => sum(c)),
  try_sum: { ...agg([1, 1], (c) => sum(c, true)), since: '3.3.0' },
  avg: agg([1, 1], avg),
  mean: agg([1, 1], avg),
  try_avg: { ...agg([1, 1], avg), since: '3.3.0' },
  min: minMax('min'),
  max: minMax('max'),
  first: firstLast('first'),
  first_value: firstLast('first'),
  last: firstLast('last'),
  last_value: firstLast('last'),
  any_value: { ...firstLast('first'), since: '3.4.0' },
  // functions.product (Spark's Product, not an SQL function): the product of the non-NULL values as doubles, NULL
  // when there are none (its update `product * child`, initially NULL); the PySpark 3.3 doctest's product of
  // 3, 6, 9 is 162.0
  product: {
    ...agg([1, 1], (c) => ({ fn: 'product', args: [sql`CAST(${numericArg(c, 0).sql} AS DOUBLE)`], type: T.double })),
    columnOnly: true,
  },
  collect_list: agg([1, 1], collect(false)),
  array_agg: { ...agg([1, 1], collect(false)), since: '3.3.0' },
  collect_set: agg([1, 1], collect(true)),
  bool_and: boolAgg('bool_and'),
  every: boolAgg('bool_and'),
  bool_or: boolAgg('bool_or'),
  some: boolAgg('bool_or'),
  any: boolAgg('bool_or'),
  bit_and: bitAgg('bit_and'),
  bit_or: bitAgg('bit_or'),
  bit_xor: bitAgg('bit_xor'),
  stddev: momentAgg('stddev_samp'),
  std: momentAgg('stddev_samp'),
  stddev_samp: momentAgg('stddev_samp'),
  stddev_pop: momentAgg('stddev_pop'),
  variance: momentAgg('var_samp'),
  var_samp: momentAgg('var_samp'),
  var_pop: momentAgg('var_pop'),
  skewness: momentAgg('skewness'),
  kurtosis: momentAgg('kurtosis'),
  covar_pop: pairAgg('covar_pop'),
  covar_samp: pairAgg('covar_samp'),
  corr: pairAgg('corr'),
  max_by: agg([2, 2], (c) => ({ fn: 'arg_max', args: [c.args[0]!.sql, c.args[1]!.sql], type: c.args[0]!.type })),
  min_by: agg([2, 2], (c) => ({ fn: 'arg_min', args: [c.args[0]!.sql, c.args[1]!.sql], type: c.args[0]!.type })),
  median: { ...agg([1, 1], (c) => percentile({ ...c, args: [c.args[0]!, { sql: '0.5', type: T.double, at: c.at, value: 0.5, atom: true }] }, false)), since: '3.4.0' },
  percentile: agg([2, 3], (c) => percentile(c, false)),
  percentile_approx: agg([2, 3], (c) => percentile(c, true)),
  approx_percentile: agg([2, 3], (c) => percentile(c, true)),
  mode: {
    ...agg([1, 1], (c) => {
      const x = c.args[0]!;
      if (x.type.kind === 'interval') {
        const type = x.type;
        return { fn: 'mode', args: [intervalNumber(x.sql, type)], type, wrap: (s) => numberInterval(s, type) };
      }
      return { fn: 'mode', args: [x.sql], type: x.type };
    }),
    since: '3.4.0',
  },
  regr_count: { ...agg([2, 2], (c) => ({ fn: 'count', args: [sql`CASE WHEN ${c.arg(0, 'numeric').sql} IS NOT NULL AND ${c.arg(1, 'numeric').sql} IS NOT NULL THEN 1 END`], type: T.bigint })), since: '3.3.0' },
  regr_avgx: { ...regrAvg(1), since: '3.3.0' },
  regr_avgy: { ...regrAvg(0), since: '3.3.0' },
  regr_r2: pairAgg('regr_r2', '3.3.0'),
  regr_sxx: regrSquares(1),
  regr_syy: regrSquares(0),
  regr_sxy: pairAgg('regr_sxy', '3.4.0'),
  regr_slope: pairAgg('regr_slope', '3.4.0'),
  regr_intercept: pairAgg('regr_intercept', '3.4.0'),
  row_number: rankLike('row_number', T.integer),
  rank: rankLike('rank', T.integer),
  dense_rank: rankLike('dense_rank', T.integer),
  percent_rank: rankLike('percent_rank', T.double),
  cume_dist: rankLike('cume_dist', T.double),
  ntile: win([0, 1], (c) => ({ fn: 'ntile', args: [c.args[0] ? c.arg(0, T.integer).sql : '1'], type: T.integer, wrap: (s) => sql`CAST(${s} AS INTEGER)` })),
  lag: navigation('lag'),
  lead: navigation('lead'),
  nth_value: win([2, 3], (c) => {
    const n = constantArg(c, 1, 'offset');
    if (typeof n !== 'number' || n < 1) throw c.t.fail(c.args[1]!.at, '[DATATYPE_MISMATCH] The offset of nth_value must be a positive integer constant');
    return { fn: 'nth_value', args: [c.args[0]!.sql, String(n)], type: c.args[0]!.type };
  }),
};
