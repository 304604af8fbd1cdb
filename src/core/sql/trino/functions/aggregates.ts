/**
 * Aggregate and window functions (trinodb/trino docs/src/main/sphinx/functions/aggregate.md, window.md). Result
 * types are Trino's: `sum` of integers is a bigint (DuckDB: a 128-bit integer), `avg` of a decimal a decimal of
 * the same scale rounded half up (DuckDB: a double), `avg` of a real a real.
 */
import * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { failure, refusal, sql, type Sql } from '../../dialects/emit';
import { duckDbType, isFloating, T, type SqlType } from '../../dialects/sqlType';
import { javaDoubleText, str } from '../casts';
import { apply } from './arrays';
import { agg, constant, win, type Call, type FunctionTable } from './registry';

const cast = (s: Sql, type: SqlType): Sql => sql`CAST(${s} AS ${duckDbType(type)})`;

/** sum / count exactly, rounded half up to the scale of decimal(p,s) */
function decimalAverage(sum: Sql, count: Sql, type: { precision: number; scale: number }): Sql {
  const scaled = sql`CAST(${sum} * ${String(10n ** BigInt(type.scale))} AS HUGEINT)`;
  const q = sql`(abs(${scaled}) * 2 + ${count}) // (2 * ${count})`;
  const unscaled = sql`sign(${scaled}) * ${q}`;
  const value = type.scale === 0 ? unscaled : sql`CAST(${unscaled} AS DECIMAL(38,0)) * CAST('${(1 / 10 ** type.scale).toFixed(type.scale)}' AS DECIMAL(${String(type.scale + 1)},${String(type.scale)}))`;
  return sql`CASE WHEN ${count} = 0 THEN NULL ELSE CAST(${value} AS DECIMAL(${String(type.precision)},${String(type.scale)})) END`;
}

/**
 * reduce_agg(value, initial, input, combine): the values folded in with `input` (Trino folds partial states with
 * `combine`; one fold in input order gives the same answer for the associative functions it requires). NULL values
 * are skipped, as in Trino.
 */
const reduceAgg = agg('list', 'T, S, function(S, T, S), function(S, S, S) -> S', {
  args: (c) => [c.args[0]!.sql],
  wrap: (l, c) => {
    const [value, init, input] = c.args;
    const items = sql`list_filter(${l}, lambda x: x IS NOT NULL)`;
    if (duckDbType(value!.type) === duckDbType(init!.type)) return sql`list_reduce(${items}, ${input!.sql}, ${init!.sql})`;
    const carry = (s: Sql, e: Sql) => sql`{'s': ${s}, 'x': ${e}}`;
    const nullOf = (t: SqlType) => sql`CAST(NULL AS ${duckDbType(t)})`;
    const wrapped = sql`list_transform(${items}, lambda e: ${carry(nullOf(init!.type), 'e')})`;
    const fold = sql`lambda acc, e: ${carry(apply(input!, "acc['s']", "e['x']"), nullOf(value!.type))}`;
    return sql`list_reduce(${wrapped}, ${fold}, ${carry(init!.sql, nullOf(value!.type))}).s`;
  },
});

/** Trino's bounds on approx_distinct's maximum standard error (ApproximateCountDistinctAggregation) */
const LOWEST_MAX_STANDARD_ERROR = 0.0040625;
const HIGHEST_MAX_STANDARD_ERROR = 0.26;

/**
 * The HyperLogLog's number of buckets for a maximum standard error, as Trino computes it
 * (ApproximateCountDistinctAggregation.standardErrorToBuckets: the power of two at or above 1.0816 / e²).
 */
export function approxDistinctBuckets(maxStandardError: number): number {
  const n = Math.ceil(1.0816 / (maxStandardError * maxStandardError));
  return 2 ** Math.ceil(Math.log2(n));
}

/**
 * How many distinct values approx_distinct answers exactly: Trino's HyperLogLog (airlift's) starts sparse — one entry
 * per distinct 26-bit hash prefix, its cardinality linear counting over 2^26 buckets, which rounds to the number of
 * entries below ~8,000 — and turns dense (the estimate with its standard error) once the sparse entries' array
 * (grown 10 at a time, 4 bytes each) would take more memory than the dense one (4 bits a bucket):
 * airlift stats/src/main/java/io/airlift/stats/cardinality/{HyperLogLog,SparseHll,DenseHll}.java. For the default
 * 2,048 buckets that is at the 252nd distinct value; this bound keeps a margin below it for the JVM's object sizes.
 * Below it Athena's answer is the exact count — unless two values' 26-bit hash prefixes collide, which makes it one
 * less: a chance of about n²/2²⁷, 0.04% at 240 values, so never more than 240 (at 2,000 values it would be 3%).
 */
export function approxDistinctExactUpTo(buckets: number): number {
  return Math.min(240, Math.max(0, Math.floor(buckets / 8) - 16));
}

/**
 * approx_distinct(x [, e]): the exact count where Athena's HyperLogLog is still exact (above), a refusal when a
 * group has more distinct values than that (raised as the query runs: `error()`, which TRY does not turn into a
 * NULL, since Athena would give a number). An `e` out of Trino's bounds fails as Trino does, once a value reaches it.
 */
function approxDistinct(counted: Sql, c: Call): Sql {
  let e = 0.023;
  if (c.args.length > 1) {
    const given = constant(c, 1, 'maximum standard error');
    e = Number(given);
    if (!(e >= LOWEST_MAX_STANDARD_ERROR && e <= HIGHEST_MAX_STANDARD_ERROR)) {
      const message = `Max standard error must be in [${javaDoubleText(LOWEST_MAX_STANDARD_ERROR)}, ${javaDoubleText(HIGHEST_MAX_STANDARD_ERROR)}]: ${javaDoubleText(e)}`;
      return sql`CASE WHEN ${counted} > 0 THEN ${failure(str(message))} ELSE 0 END`;
    }
  }
  const exactUpTo = approxDistinctExactUpTo(approxDistinctBuckets(e));
  const why = `approx_distinct over more than ${exactUpTo} distinct values${c.args.length > 1 ? ` (maximum standard error ${javaDoubleText(e)})` : ''} is not supported by the local engine (Athena has it): Athena's answer is then a HyperLogLog estimate the local engine cannot reproduce; count(DISTINCT …) gives the exact count`;
  return sql`CASE WHEN ${counted} > ${String(exactUpTo)} THEN ${refusal(str(why), `approx_distinct over more than ${exactUpTo} distinct values`)} ELSE ${counted} END`;
}

/**
 * sum of bigints: DuckDB sums in 128 bits; a sum past bigint's range fails as Trino's does (LongSumAggregation adds
 * with BigintOperators.add: `bigint addition overflow: <sum so far> + <value>`). Trino's two operands depend on the
 * order the rows reach its (partial) aggregations, so the message gives the group's whole sum instead. Over a window
 * Trino sums with LongSumWindowAccumulator, which adds without checking (`sum += …`): past the range is refused.
 */
function bigintSum(s: Sql, c: Call): Sql {
  const inRange = sql`${s} BETWEEN -9223372036854775808 AND 9223372036854775807`;
  const windowed = 'over' in c.node && typeof c.node.over === 'function' && c.node.over() != null;
  const overflow = windowed
    ? refusal(str("sum of bigints over a window past bigint's range is not supported by the local engine (Athena has it): Trino's window sum (LongSumWindowAccumulator) adds without an overflow check"), "sum of bigints over a window past bigint's range")
    : c.t.raise(sql`'bigint addition overflow: the sum ' || CAST(${s} AS VARCHAR) || ' is out of bigint''s range (Athena''s message names the sum so far and the value added where it overflowed)'`);
  return sql`CASE WHEN ${inRange} THEN CAST(${s} AS BIGINT) WHEN ${s} IS NOT NULL THEN ${overflow} END`;
}

/**
 * min_by/max_by(x, key, n): n from 1 to 10000 — engine-versions-reference-0002.md: "The number of result elements n
 * is restricted to 10,000 or less"; Trino's MinMaxByNStateFactory checks it as a row comes in (no rows, no error)
 */
function byN(name: string): (c: Call) => Sql[] {
  return (c) => {
    const args = c.args.map((a) => a.sql);
    if (args.length !== 3) return args;
    const n = args[2]!;
    const bad = (what: string) => failure(str(`third argument of ${name} must be ${what}`));
    return [args[0]!, args[1]!, sql`CASE WHEN ${n} <= 0 THEN ${bad('a positive integer')} WHEN ${n} > 10000 THEN ${bad('less than or equal to 10000')} ELSE ${n} END`];
  };
}

/**
 * min/max(x, n): the n smallest (ascending) or largest (descending) values, n from 1 to 10000 (the limit of
 * engine-versions-reference-0002.md); of doubles and reals refused — where NaN goes among them is not documented.
 */
function topN(name: 'min' | 'max'): (c: Call) => Sql[] {
  return (c) => {
    const args = c.args.map((a) => a.sql);
    if (args.length !== 2) return args;
    if (isFloating(c.args[0]!.type)) throw c.t.unsupported(c.node, `${name}(x, n) of a ${c.args[0]!.type.kind}`, 'where NaN goes among the n values is not documented');
    const n = args[1]!;
    const bad = (what: string) => failure(str(`second argument of ${name}_n must be ${what}`));
    return [args[0]!, sql`CASE WHEN ${n} <= 0 THEN ${bad('a positive integer')} WHEN ${n} > 10000 THEN ${bad('less than or equal to 10000')} ELSE ${n} END`];
  };
}

/** The window function's value, or Trino's failure where its offset (argument 2) is below `least`. */
function offsetAtLeast(finished: Sql, c: Call, least: number, frameRows?: Sql): Sql {
  const offset = c.args[1];
  if (!offset) return finished;
  const below = frameRows ? sql`${offset.sql} < ${String(least)} AND ${frameRows} > 0` : sql`${offset.sql} < ${String(least)}`;
  return sql`CASE WHEN ${below} THEN ${failure(`'Offset must be at least ${least}'`)} ELSE ${finished} END`;
}

export const AGGREGATES: FunctionTable = {
  reduce_agg: reduceAgg,
  count: agg('count', ['-> bigint', 'any -> bigint']),
  // CountIfAggregation starts at 0: no rows, or no TRUE, is 0 (aggregate.md: count_if is one of the exceptions that do
  // not return null for no input rows; "equivalent to count(CASE WHEN x THEN 1 END)"); DuckDB's is NULL then
  count_if: agg('count_if', 'boolean -> bigint', { wrap: (s) => sql`coalesce(${s}, 0)` }),
  sum: agg('sum', ['bigint -> bigint', 'decimal -> decimal', 'real -> real', 'double -> double', 'interval_ds -> interval_ds', 'interval_ym -> interval_ym'], {
    returns: (args) => {
      const t = args[0]!.type;
      return t.kind === 'decimal' ? T.decimal(38, t.scale) : t;
    },
    // DuckDB has no sum of INTERVAL: an interval day to second is summed as microseconds, year to month as months
    args: (c) => {
      const t = c.args[0]!.type;
      const a = c.args[0]!.sql;
      if (t.kind === 'interval') return [t.unit === 'year to month' ? sql`(datepart('year', ${a}) * 12 + datepart('month', ${a}))` : sql`epoch_us(TIMESTAMP '1970-01-01' + ${a})`];
      return [a];
    },
    wrap: (s, c) => {
      const t = c.returns;
      if (t.kind === 'interval') return t.unit === 'year to month' ? sql`to_months(CAST(${s} AS INTEGER))` : sql`to_microseconds(CAST(${s} AS BIGINT))`;
      if (t.kind === 'bigint') return bigintSum(s, c);
      // Trino's decimal sum fails past 38 digits (DecimalSumAggregation: "Decimal overflow"); DuckDB's holds the sum
      // in 128 bits and gave 10^38 as a decimal(38,0)
      if (t.kind === 'decimal') {
        const max = `CAST('${'9'.repeat(38 - t.scale)}${t.scale > 0 ? `.${'9'.repeat(t.scale)}` : ''}' AS DECIMAL(38,${t.scale}))`;
        return sql`CASE WHEN ${s} > ${max} OR ${s} < -${max} THEN ${c.t.raise(str('Decimal overflow'))} ELSE ${cast(s, c.returns)} END`;
      }
      return cast(s, c.returns);
    },
  }),
  // Athena averages intervals too (engine-versions-reference-0002.html: "avg() and sum() … now support the INTERVAL
  // data type"): refused by name, not failed as if Athena had no such avg
  avg: agg('avg', ['bigint -> double', 'decimal -> decimal', 'real -> real', 'double -> double', 'interval_ds -> interval_ds', 'interval_ym -> interval_ym'], {
    returns: (args) => (args[0]!.type.kind === 'decimal' || args[0]!.type.kind === 'real' || args[0]!.type.kind === 'interval' ? args[0]!.type : T.double),
    // an interval day to second averaged as Trino's IntervalDayToSecondAverageAggregation does: its milliseconds
    // summed as a double, the mean rounded by Math.round (half up) to a whole millisecond
    args: (c) => {
      const t = c.args[0]!.type;
      const a = c.args[0]!.sql;
      return [t.kind === 'interval' && t.unit === 'day to second' ? sql`(epoch_us(TIMESTAMP '1970-01-01' + ${a}) / 1000.0)` : a];
    },
    wrap: (s, c, make) => {
      const t = c.returns;
      if (t.kind === 'interval' && t.unit === 'day to second') return sql`to_microseconds(CAST(floor(${s} + 0.5) AS BIGINT) * 1000)`;
      if (t.kind === 'interval') throw c.t.unsupported(c.node, 'avg of an interval year to month');
      if (t.kind === 'decimal') return decimalAverage(make('sum', [c.args[0]!.sql]), make('count', [c.args[0]!.sql]), t);
      return cast(s, t);
    },
  }),
  min: agg('min', ['T -> T', 'T, bigint -> array(T)'], { args: topN('min') }),
  // Trino's max of doubles passes over NaN unless every value is NaN (trinodb/trino#5851, "NaN is effectively
  // ignored, unless it is the only value"); DuckDB's max holds NaN the greatest. min agrees already.
  max: agg('max', ['T -> T', 'T, bigint -> array(T)'], {
    args: topN('max'),
    wrap: (s, c, make) => {
      if (!isFloating(c.returns)) return s;
      const x = c.args[0]!.sql;
      return sql`coalesce(${make('max', [sql`CASE WHEN isnan(${x}) THEN NULL ELSE ${x} END`])}, ${s})`;
    },
  }),
  min_by: agg('min_by', ['T, K -> T', 'T, K, bigint -> array(T)'], { args: byN('min_by') }),
  max_by: agg('max_by', ['T, K -> T', 'T, K, bigint -> array(T)'], { args: byN('max_by') }),
  arbitrary: agg('any_value', 'T -> T'),
  any_value: agg('any_value', 'T -> T'),
  bool_and: agg('bool_and', 'boolean -> boolean'),
  every: agg('bool_and', 'boolean -> boolean'),
  bool_or: agg('bool_or', 'boolean -> boolean'),
  approx_distinct: agg('count', ['T -> bigint', 'T, double -> bigint'], { args: (c) => [sql`DISTINCT ${c.args[0]!.sql}`], wrap: approxDistinct }),
  array_agg: agg('list', 'T -> array(T)', { ordered: true }),
  // aggregate.md: past 1048576 bytes listagg fails by default (ON OVERFLOW ERROR); ON OVERFLOW TRUNCATE cuts the
  // text there, which the local engine does not do: a result that long is refused by name when the query runs
  listagg: agg('string_agg', 'varchar, varchar -> varchar', {
    ordered: true,
    wrap: (s, c) => {
      const truncate = c.node instanceof P.ListAggContext && c.node.listAggOverflowBehavior()?.KW_TRUNCATE() != null;
      const over = truncate
        ? refusal("'listagg … ON OVERFLOW TRUNCATE of a result over 1048576 bytes is not supported by the local engine (Athena has it)'", 'listagg … ON OVERFLOW TRUNCATE of a result over 1048576 bytes')
        : failure("'Concatenated string has the length in bytes larger than the maximum output length 1048576'");
      return sql`list_transform([${s}], lambda __s: CASE WHEN octet_length(encode(__s)) > 1048576 THEN ${over} ELSE __s END)[1]`;
    },
  }),
  stddev: agg('stddev_samp', 'double -> double'),
  stddev_samp: agg('stddev_samp', 'double -> double'),
  stddev_pop: agg('stddev_pop', 'double -> double'),
  variance: agg('var_samp', 'double -> double'),
  var_samp: agg('var_samp', 'double -> double'),
  var_pop: agg('var_pop', 'double -> double'),
  corr: agg('corr', 'double, double -> double'),
  covar_pop: agg('covar_pop', 'double, double -> double'),
  covar_samp: agg('covar_samp', 'double, double -> double'),
  regr_slope: agg('regr_slope', 'double, double -> double'),
  regr_intercept: agg('regr_intercept', 'double, double -> double'),
  // Trino's GeometricMeanAggregations: exp(Σ Math.log(x) / count) — Java's log of 0 is -Infinity (the mean is 0.0)
  // and of a negative number NaN, where DuckDB's geomean (the same sum of logs) fails ("cannot take logarithm of zero")
  geometric_mean: agg('geomean', 'double -> double', {
    wrap: (_s, c, make) => {
      const x = c.args[0]!.sql;
      const log = sql`CASE WHEN ${x} = 0 THEN CAST('-Infinity' AS DOUBLE) WHEN ${x} < 0 OR isnan(${x}) THEN CAST('NaN' AS DOUBLE) ELSE ln(${x}) END`;
      return sql`exp(${make('sum', [log])} / ${make('count', [x])})`;
    },
  }),
  bitwise_and_agg: agg('bit_and', 'bigint -> bigint'),
  bitwise_or_agg: agg('bit_or', 'bigint -> bigint'),
  // window functions
  row_number: win('row_number', '-> bigint'),
  rank: win('rank', '-> bigint'),
  dense_rank: win('dense_rank', '-> bigint'),
  percent_rank: win('percent_rank', '-> double'),
  cume_dist: win('cume_dist', '-> double'),
  ntile: win('ntile', 'bigint -> bigint'),
  // LeadFunction/LagFunction: a negative offset fails ("Offset must be at least 0"; DuckDB would look the other way),
  // a NULL offset gives NULL
  lag: win('lag', ['T -> T', 'T, bigint -> T', 'T, bigint, T -> T'], { wrap: (s, c) => offsetAtLeast(s, c, 0) }),
  lead: win('lead', ['T -> T', 'T, bigint -> T', 'T, bigint, T -> T'], { wrap: (s, c) => offsetAtLeast(s, c, 0) }),
  first_value: win('first_value', 'T -> T'),
  last_value: win('last_value', 'T -> T'),
  // NthValueFunction: an offset below 1 fails ("Offset must be at least 1") where the frame has rows (an empty
  // frame gives NULL first); DuckDB gives NULL
  nth_value: win('nth_value', 'T, bigint -> T', { wrap: (s, c, make) => offsetAtLeast(s, c, 1, make('count', ['1'])) }),
};
