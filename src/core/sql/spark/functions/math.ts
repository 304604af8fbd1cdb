/**
 * Math functions (Spark 3.5 reference, math_funcs). Spark computes with java.lang.Math on doubles; where DuckDB's
 * function of the same name answers otherwise, the row says how Spark's answer is made:
 * - `ln`/`log`/`log10`/`log2`/`log1p` of a value ≤ 0 (or ≤ -1) are NULL (DuckDB fails); `sqrt` of a negative NaN;
 * - `round(x, d)` rounds half up on the decimal text of a double (Java's BigDecimal of `Double.toString`), `bround`
 *   half even; both keep the argument's type (a decimal's scale shrinks to d);
 * - `ceil`/`floor` of a double are bigints; `pmod` is never negative; `abs` of the smallest integer is itself;
 * - `factorial` is NULL outside 0..20; `bin` is the two's complement bits of a bigint.
 */
import { type Sql } from '../../dialects/emit';
import { duckDbType, isIntegral, T, type SqlType } from '../../dialects/sqlType';
import { coerce } from '../coerce';
import type { Typed } from '../model';
import { arithmetic } from '../operators';
import { sql, wrapInteger } from '../sqlText';
import { isFloating } from '../types';
import { intervalNumber, numberInterval, type IntervalType } from './intervals';
import { constantArg, custom, fn, type Call, type FunctionTable } from './registry';

const WIDTH: Record<string, 8 | 16 | 32 | 64> = { tinyint: 8, smallint: 16, integer: 32, bigint: 64 };

/** a double function of doubles */
function dbl(arity: number, f: (...x: Sql[]) => Sql) {
  return fn(Array.from({ length: arity }, () => 'double' as const), 'double', f);
}

/** a logarithm: NULL at or below the domain's bound */
function logOf(bound: number, f: (x: Sql) => Sql) {
  return dbl(1, (x) => sql`CASE WHEN ${x} <= ${bound} THEN NULL ELSE ${f(x)} END`);
}

function numericOf(c: Call, i: number): Typed {
  const a = c.args[i]!;
  if (a.type.kind === 'varchar' || a.type.kind === 'unknown') return c.arg(i, T.double);
  return c.arg(i, 'numeric');
}

/** ceil/floor: bigint for integral and floating arguments, decimal(p - s + 1, 0) for decimals; a scale (3.3+) */
function ceilFloor(f: 'ceil' | 'floor') {
  return custom([1, 2], (c) => {
    const x = numericOf(c, 0);
    if (c.args.length === 2) {
      const d = constantArg(c, 1, 'scale');
      if (typeof d !== 'number') throw c.t.unsupported(c.args[1]!.at, `${f} with a scale that is not a constant`);
      if (x.type.kind === 'decimal') {
        const { precision: p, scale: s } = x.type;
        const type = d < 0 ? T.decimal(Math.min(38, Math.max(p - s + 1, -d + 1)), 0) : T.decimal(Math.min(38, p - s + 1 + Math.min(s, d)), Math.min(s, d));
        const unit = `CAST('1${'0'.repeat(Math.abs(d))}' AS DECIMAL(38,0))`;
        const body = d >= 0 ? sql`${f}(${x.sql} * ${unit}) / ${unit}` : sql`${f}(${x.sql} / ${unit}) * ${unit}`;
        return { sql: sql`CAST(${body} AS ${duckDbType(type)})`, type, at: c.at };
      }
      if (isIntegral(x.type) && d >= 0) return { sql: sql`CAST(${x.sql} AS BIGINT)`, type: T.bigint, at: c.at };
      throw c.t.unsupported(c.node, `${f} of a ${x.type.kind} with a scale`);
    }
    if (x.type.kind === 'decimal') {
      const type = T.decimal(Math.min(38, x.type.precision - x.type.scale + 1), 0);
      return { sql: sql`CAST(${f}(${x.sql}) AS ${duckDbType(type)})`, type, at: c.at, atom: true };
    }
    if (isIntegral(x.type)) return { sql: sql`CAST(${x.sql} AS BIGINT)`, type: T.bigint, at: c.at, atom: true };
    const d = coerce(c.t, x, T.double);
    return { sql: sql`CASE WHEN isnan(${d.sql}) THEN 0 WHEN ${d.sql} >= 9223372036854775807 THEN 9223372036854775807 WHEN ${d.sql} <= -9223372036854775808 THEN -9223372036854775808 ELSE CAST(${f}(${d.sql}) AS BIGINT) END`, type: T.bigint, at: c.at, atom: true };
  });
}

/** round / bround: HALF_UP / HALF_EVEN, the argument's type kept (RoundBase.dataType). */
function rounding(even: boolean) {
  return custom([1, 2], (c) => {
    const x = numericOf(c, 0);
    const d = c.args.length > 1 ? constantArg(c, 1, 'scale') : 0;
    if (d === null) return { sql: sql`CAST(NULL AS ${duckDbType(x.type)})`, type: x.type, at: c.at };
    if (typeof d !== 'number' || !Number.isInteger(d)) throw c.t.unsupported(c.args[1]!.at, `${c.name} with a scale that is not an integer constant`);
    const fn = even ? 'round_even' : 'round';
    if (x.type.kind === 'decimal') {
      const { precision: p, scale: s } = x.type;
      const type: SqlType = d < 0 ? T.decimal(Math.min(38, Math.max(p - s + 1, -d + 1)), 0) : T.decimal(Math.min(38, p - s + 1 + Math.min(s, d)), Math.min(s, d));
      return { sql: sql`CAST(${fn}(${x.sql}, ${d}) AS ${duckDbType(type)})`, type, at: c.at, atom: true };
    }
    if (isIntegral(x.type)) {
      if (d >= 0) return x;
      const unit = 10n ** BigInt(-d);
      const q = sql`CAST(${x.sql} AS HUGEINT)`;
      const rounded = even ? sql`CAST(round_even(CAST(${q} AS DECIMAL(38,0)) / ${unit.toString()}, 0) AS HUGEINT) * ${unit.toString()}` : sql`(sign(${q}) * ((abs(${q}) + ${(unit / 2n).toString()}) // ${unit.toString()}) * ${unit.toString()})`;
      return { sql: wrapInteger(rounded, WIDTH[x.type.kind]!, duckDbType(x.type)), type: x.type, at: c.at, atom: true };
    }
    // a double (or float): on its decimal text, as Java's BigDecimal(Double.toString(x))
    const dx = coerce(c.t, x, T.double);
    const body = sql`CASE WHEN NOT isfinite(${dx.sql}) OR abs(${dx.sql}) >= 1e17 THEN ${dx.sql} ELSE CAST(${fn}(CAST(CAST(${dx.sql} AS VARCHAR) AS DECIMAL(38,18)), ${Math.min(d, 18)}) AS DOUBLE) END`;
    return { sql: x.type.kind === 'real' ? sql`CAST(${body} AS FLOAT)` : body, type: x.type, at: c.at, atom: true };
  });
}

function abs(c: Call): Typed {
  const i = c.args[0]!;
  if (i.type.kind === 'interval') return { sql: numberInterval(sql`abs(${intervalNumber(i.sql, i.type)})`, i.type), type: i.type, at: c.at, atom: true };
  const x = numericOf(c, 0);
  if (isIntegral(x.type)) return { sql: wrapInteger(sql`abs(CAST(${x.sql} AS HUGEINT))`, WIDTH[x.type.kind]!, duckDbType(x.type)), type: x.type, at: c.at, atom: true };
  return { sql: sql`abs(${x.sql})`, type: x.type, at: c.at, atom: true };
}

function pmod(c: Call): Typed {
  const r = arithmetic(c.t, '%', c.args[0]!, c.args[1]!, c.node);
  const n = coerce(c.t, c.args[1]!, r.type.kind === 'unknown' ? T.integer : r.type);
  const plus = arithmetic(c.t, '+', r, n, c.node);
  const again = arithmetic(c.t, '%', plus, n, c.node);
  return { sql: sql`CASE WHEN ${r.sql} < 0 THEN ${again.sql} ELSE ${r.sql} END`, type: r.type, at: c.at, atom: true };
}

function widthBucket(c: Call): Typed {
  const intervals = c.args.slice(0, 3).map((a) => a.type);
  let v: Sql, lo: Sql, hi: Sql;
  if (intervals.every((x) => x.kind === 'interval')) {
    if (new Set(intervals.map((x) => (x as IntervalType).unit)).size > 1) throw c.t.fail(c.node, '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] width_bucket: the value and bounds must be intervals of the same kind');
    [v, lo, hi] = [0, 1, 2].map((i) => sql`CAST(${intervalNumber(c.args[i]!.sql, c.args[i]!.type as IntervalType)} AS DOUBLE)`) as [Sql, Sql, Sql];
  } else [v, lo, hi] = [0, 1, 2].map((i) => c.arg(i, T.double).sql) as [Sql, Sql, Sql];
  const n = c.arg(3, T.bigint).sql;
  return {
    sql: sql`CASE WHEN ${n} <= 0 OR ${lo} = ${hi} OR NOT isfinite(${v}) OR NOT isfinite(${lo}) OR NOT isfinite(${hi}) THEN NULL WHEN ${lo} < ${hi} THEN CASE WHEN ${v} < ${lo} THEN 0 WHEN ${v} >= ${hi} THEN ${n} + 1 ELSE CAST(floor((${v} - ${lo}) / ((${hi} - ${lo}) / ${n})) AS BIGINT) + 1 END ELSE CASE WHEN ${v} > ${lo} THEN 0 WHEN ${v} <= ${hi} THEN ${n} + 1 ELSE CAST(floor((${lo} - ${v}) / ((${lo} - ${hi}) / ${n})) AS BIGINT) + 1 END END`,
    type: T.bigint,
    at: c.at,
    atom: true,
  };
}

/** try_add and friends: the operator, NULL where Spark's would overflow. */
function tryArith(op: string) {
  return custom([2, 2], (c) => {
    const [a, b] = c.args as [Typed, Typed];
    const r = arithmetic(c.t, op, a, b, c.node, true);
    if (isIntegral(r.type) && op !== '/') {
      const wide = sql`CAST(${coerce(c.t, a, r.type).sql} AS HUGEINT) ${op} CAST(${coerce(c.t, b, r.type).sql} AS HUGEINT)`;
      return { sql: sql`TRY_CAST(${wide} AS ${duckDbType(r.type)})`, type: r.type, at: c.at, atom: true };
    }
    return r;
  });
}

function sign(c: Call): Typed {
  const x = c.args[0]!;
  if (x.type.kind === 'interval') return { sql: sql`CAST(sign(${x.type.unit === 'year to month' ? sql`datepart('month', ${x.sql}) + 12 * datepart('year', ${x.sql})` : sql`epoch_us(${x.sql})`}) AS DOUBLE)`, type: T.double, at: c.at };
  return { sql: sql`CAST(sign(${c.arg(0, T.double).sql}) AS DOUBLE)`, type: T.double, at: c.at };
}

export const MATH: FunctionTable = {
  abs: custom([1, 1], abs),
  acos: dbl(1, (x) => sql`CASE WHEN abs(${x}) > 1 THEN 'nan'::DOUBLE ELSE acos(${x}) END`),
  asin: dbl(1, (x) => sql`CASE WHEN abs(${x}) > 1 THEN 'nan'::DOUBLE ELSE asin(${x}) END`),
  atan: dbl(1, (x) => sql`atan(${x})`),
  atan2: dbl(2, (y, x) => sql`atan2(${y}, ${x})`),
  acosh: dbl(1, (x) => sql`CASE WHEN ${x} < 1 THEN 'nan'::DOUBLE ELSE acosh(${x}) END`),
  asinh: dbl(1, (x) => sql`asinh(${x})`),
  atanh: dbl(1, (x) => sql`CASE WHEN abs(${x}) > 1 THEN 'nan'::DOUBLE WHEN ${x} = 1 THEN 'inf'::DOUBLE WHEN ${x} = -1 THEN '-inf'::DOUBLE ELSE atanh(${x}) END`),
  cos: dbl(1, (x) => sql`cos(${x})`),
  cosh: dbl(1, (x) => sql`(exp(${x}) + exp(-${x})) / 2`),
  sin: dbl(1, (x) => sql`sin(${x})`),
  sinh: dbl(1, (x) => sql`CASE WHEN ${x} = 0 THEN ${x} ELSE (exp(${x}) - exp(-${x})) / 2 END`),
  tan: dbl(1, (x) => sql`tan(${x})`),
  tanh: dbl(1, (x) => sql`tanh(${x})`),
  cot: dbl(1, (x) => sql`1.0 / tan(${x})`),
  csc: dbl(1, (x) => sql`1.0 / sin(${x})`),
  sec: { ...dbl(1, (x) => sql`1.0 / cos(${x})`) },
  degrees: dbl(1, (x) => sql`degrees(${x})`),
  radians: dbl(1, (x) => sql`radians(${x})`),
  // Java's cbrt is exact on perfect cubes (DuckDB's can be an ulp off)
  cbrt: dbl(1, (x) => sql`CASE WHEN round(cbrt(${x})) * round(cbrt(${x})) * round(cbrt(${x})) = ${x} THEN round(cbrt(${x})) ELSE cbrt(${x}) END`),
  sqrt: dbl(1, (x) => sql`CASE WHEN ${x} < 0 THEN 'nan'::DOUBLE ELSE sqrt(${x}) END`),
  exp: dbl(1, (x) => sql`exp(${x})`),
  expm1: dbl(1, (x) => sql`CASE WHEN ${x} = 0 THEN ${x} ELSE exp(${x}) - 1 END`),
  ln: logOf(0, (x) => sql`ln(${x})`),
  log10: logOf(0, (x) => sql`log10(${x})`),
  log2: logOf(0, (x) => sql`log2(${x})`),
  log1p: logOf(-1, (x) => sql`ln(1 + ${x})`),
  log: custom([1, 2], (c) => {
    if (c.args.length === 1) {
      const x = c.arg(0, T.double);
      return { sql: sql`CASE WHEN ${x.sql} <= 0 THEN NULL ELSE ln(${x.sql}) END`, type: T.double, at: c.at };
    }
    const [b, x] = [c.arg(0, T.double), c.arg(1, T.double)];
    return { sql: sql`CASE WHEN ${x.sql} <= 0 OR ${b.sql} <= 0 THEN NULL ELSE ln(${x.sql}) / ln(${b.sql}) END`, type: T.double, at: c.at };
  }),
  pow: dbl(2, (a, b) => sql`pow(${a}, ${b})`),
  power: dbl(2, (a, b) => sql`pow(${a}, ${b})`),
  e: custom([0, 0], (c) => ({ sql: 'exp(1)', type: T.double, at: c.at, atom: true })),
  pi: custom([0, 0], (c) => ({ sql: 'pi()', type: T.double, at: c.at, atom: true })),
  hypot: dbl(2, (a, b) => sql`sqrt(${a} * ${a} + ${b} * ${b})`),
  ceil: ceilFloor('ceil'),
  ceiling: ceilFloor('ceil'),
  floor: ceilFloor('floor'),
  round: rounding(false),
  bround: rounding(true),
  rint: dbl(1, (x) => sql`round_even(${x}, 0)`),
  sign: custom([1, 1], sign),
  signum: custom([1, 1], sign),
  negative: custom([1, 1], (c) => {
    const x = numericOf(c, 0);
    if (isIntegral(x.type)) return { sql: wrapInteger(sql`- CAST(${x.sql} AS HUGEINT)`, WIDTH[x.type.kind]!, duckDbType(x.type)), type: x.type, at: c.at };
    return { sql: sql`(- ${c.t.paren(x)})`, type: x.type, at: c.at };
  }),
  positive: custom([1, 1], (c) => numericOf(c, 0)),
  mod: custom([2, 2], (c) => arithmetic(c.t, '%', c.args[0]!, c.args[1]!, c.node)),
  pmod: custom([2, 2], pmod),
  factorial: fn(['int'], 'bigint', (n) => sql`CASE WHEN ${n} BETWEEN 0 AND 20 THEN CAST(factorial(${n}) AS BIGINT) END`),
  bin: fn(['bigint'], 'string', (n) => sql`CASE WHEN ${n} >= 0 THEN bin(${n}) ELSE bin(CAST(${n} AS HUGEINT) + 18446744073709551616) END`),
  width_bucket: { ...custom([4, 4], widthBucket) },
  try_add: tryArith('+'),
  try_subtract: { ...tryArith('-'), since: '3.3.0' },
  try_multiply: { ...tryArith('*'), since: '3.3.0' },
  try_divide: custom([2, 2], (c) => arithmetic(c.t, '/', c.args[0]!, c.args[1]!, c.node, true)),
};

export { isFloating };
