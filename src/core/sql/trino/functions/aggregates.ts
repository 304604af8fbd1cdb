/**
 * Aggregate and window functions (trinodb/trino docs/src/main/sphinx/functions/aggregate.md, window.md). Result
 * types are Trino's: `sum` of integers is a bigint (DuckDB: a 128-bit integer), `avg` of a decimal a decimal of
 * the same scale rounded half up (DuckDB: a double), `avg` of a real a real.
 */
import { sql, type Sql } from '../../dialects/emit';
import { duckDbType, T, type SqlType } from '../../dialects/sqlType';
import { apply } from './arrays';
import { agg, win, type FunctionTable } from './registry';

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

export const AGGREGATES: FunctionTable = {
  reduce_agg: reduceAgg,
  count: agg('count', ['-> bigint', 'any -> bigint']),
  count_if: agg('count_if', 'boolean -> bigint'),
  sum: agg('sum', ['bigint -> bigint', 'decimal -> decimal', 'real -> real', 'double -> double', 'interval_ds -> interval_ds', 'interval_ym -> interval_ym'], {
    returns: (args) => {
      const t = args[0]!.type;
      return t.kind === 'decimal' ? T.decimal(38, t.scale) : t;
    },
    wrap: (s, c) => cast(s, c.returns),
  }),
  avg: agg('avg', ['bigint -> double', 'decimal -> decimal', 'real -> real', 'double -> double'], {
    returns: (args) => (args[0]!.type.kind === 'decimal' || args[0]!.type.kind === 'real' ? args[0]!.type : T.double),
    wrap: (s, c, make) => {
      const t = c.returns;
      if (t.kind === 'decimal') return decimalAverage(make('sum', [c.args[0]!.sql]), make('count', [c.args[0]!.sql]), t);
      return cast(s, t);
    },
  }),
  min: agg('min', 'T -> T'),
  max: agg('max', 'T -> T'),
  min_by: agg('min_by', ['T, K -> T', 'T, K, bigint -> array(T)']),
  max_by: agg('max_by', ['T, K -> T', 'T, K, bigint -> array(T)']),
  arbitrary: agg('any_value', 'T -> T'),
  any_value: agg('any_value', 'T -> T'),
  bool_and: agg('bool_and', 'boolean -> boolean'),
  every: agg('bool_and', 'boolean -> boolean'),
  bool_or: agg('bool_or', 'boolean -> boolean'),
  // exact: within the documented standard error of Trino's estimate (2.3%), which it equals on small inputs
  approx_distinct: agg('count', ['T -> bigint', 'T, double -> bigint'], { args: (c) => [sql`DISTINCT ${c.args[0]!.sql}`] }),
  array_agg: agg('list', 'T -> array(T)', { ordered: true }),
  listagg: agg('string_agg', 'varchar, varchar -> varchar', { ordered: true }),
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
  geometric_mean: agg('geomean', 'double -> double'),
  bitwise_and_agg: agg('bit_and', 'bigint -> bigint'),
  bitwise_or_agg: agg('bit_or', 'bigint -> bigint'),
  // window functions
  row_number: win('row_number', '-> bigint'),
  rank: win('rank', '-> bigint'),
  dense_rank: win('dense_rank', '-> bigint'),
  percent_rank: win('percent_rank', '-> double'),
  cume_dist: win('cume_dist', '-> double'),
  ntile: win('ntile', 'bigint -> bigint'),
  lag: win('lag', ['T -> T', 'T, bigint -> T', 'T, bigint, T -> T']),
  lead: win('lead', ['T -> T', 'T, bigint -> T', 'T, bigint, T -> T']),
  first_value: win('first_value', 'T -> T'),
  last_value: win('last_value', 'T -> T'),
  nth_value: win('nth_value', 'T, bigint -> T'),
};
