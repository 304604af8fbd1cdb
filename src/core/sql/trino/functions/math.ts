/**
 * Mathematical functions (trinodb/trino docs/src/main/sphinx/functions/math.md). Trino computes doubles with
 * java.lang.Math: a logarithm or square root of a negative number is NaN (DuckDB fails), of zero -Infinity.
 */
import { call, failure, refusal, sql, type Sql } from '../../dialects/emit';
import { duckDbType, T, type SqlType } from '../../dialects/sqlType';
import { arithmetic } from '../operators';
import type { Typed } from '../model';
import { custom, fn, rename, same, type Call, type FunctionTable } from './registry';

const NUMERIC_SAME = ['tinyint -> tinyint', 'smallint -> smallint', 'integer -> integer', 'bigint -> bigint', 'decimal -> decimal', 'real -> real', 'double -> double'];

/** decimal(p,s) → decimal(p − s + min(s, 1), 0): ceiling, floor, round(x) */
function wholeDecimal(args: Typed[]): SqlType {
  const t = args[0]!.type;
  return t.kind === 'decimal' ? T.decimal(t.precision - t.scale + Math.min(t.scale, 1), 0) : t;
}

function castTo(s: Sql, type: SqlType): Sql {
  return sql`CAST(${s} AS ${duckDbType(type)})`;
}

/** java.lang.Math's answer where DuckDB fails: NaN below the domain, -Infinity at 0 */
function logLike(f: (x: Sql) => Sql): (x: Sql) => Sql {
  return (x) => sql`CASE WHEN ${x} < 0 OR isnan(${x}) THEN CAST('NaN' AS DOUBLE) WHEN ${x} = 0 THEN CAST('-Infinity' AS DOUBLE) ELSE ${f(x)} END`;
}

function unitDomain(name: string): (x: Sql) => Sql {
  return (x) => sql`CASE WHEN ${x} < -1 OR ${x} > 1 THEN CAST('NaN' AS DOUBLE) ELSE ${name}(${x}) END`;
}

/** Sparse vectors (maps): the dot product over shared keys, and each norm. */
const sparseDot = (a: Sql, b: Sql) => sql`coalesce(list_sum(list_transform(map_keys(${a}), lambda k: ${a}[k] * coalesce(${b}[k], 0))), 0)`;
const sparseNorm = (a: Sql) => sql`sqrt(coalesce(list_sum(list_transform(map_values(${a}), lambda v: v * v)), 0))`;
const cosine = (c: Call) => {
  const [a, b] = c.args.map((x) => x.sql);
  return c.args[0]!.type.kind === 'map' ? sql`(${sparseDot(a!, b!)} / (${sparseNorm(a!)} * ${sparseNorm(b!)}))` : sql`list_cosine_similarity(${a}, ${b})`;
};

export const MATH: FunctionTable = {
  cosine_similarity: custom(['array(double), array(double) -> double', 'map(varchar, double), map(varchar, double) -> double'], cosine),
  cosine_distance: custom(['array(double), array(double) -> double', 'map(varchar, double), map(varchar, double) -> double'], (c) => sql`(1 - ${cosine(c)})`),
  abs: same(NUMERIC_SAME),
  ceiling: custom(NUMERIC_SAME, (c) => castTo(call('ceil', c.args[0]!.sql), c.returns), { returns: wholeDecimal }),
  ceil: custom(NUMERIC_SAME, (c) => castTo(call('ceil', c.args[0]!.sql), c.returns), { returns: wholeDecimal }),
  floor: custom(NUMERIC_SAME, (c) => castTo(call('floor', c.args[0]!.sql), c.returns), { returns: wholeDecimal }),
  round: custom([...NUMERIC_SAME, 'tinyint, bigint -> tinyint', 'smallint, bigint -> smallint', 'integer, bigint -> integer', 'bigint, bigint -> bigint', 'decimal, bigint -> decimal', 'real, bigint -> real', 'double, bigint -> double'], (c) => {
    const x = c.args[0]!;
    const d = c.args[1] ? sql`CAST(${c.args[1].sql} AS INTEGER)` : '0';
    if (x.type.kind === 'double' || x.type.kind === 'real') {
      // MathFunctions.round: sign(x) · floor(|x| · 10^d + 0.5) / 10^d
      return castTo(sql`sign(${x.sql}) * floor(abs(${x.sql}) * pow(10, ${d}) + 0.5) / pow(10, ${d})`, c.returns);
    }
    return castTo(call('round', x.sql, d), c.returns);
  }, {
    returns: (args) => {
      const t = args[0]!.type;
      if (t.kind !== 'decimal') return t;
      return args.length === 1 ? wholeDecimal(args) : T.decimal(Math.min(38, t.precision + 1), t.scale);
    },
  }),
  // decimal first: a decimal argument binds to the decimal overload, as Trino picks the most specific one
  truncate: custom(['decimal -> decimal', 'decimal, bigint -> decimal', 'real -> real', 'real, bigint -> real', 'double -> double', 'double, bigint -> double'], (c) => castTo(c.args[1] ? call('trunc', c.args[0]!.sql, sql`CAST(${c.args[1].sql} AS INTEGER)`) : call('trunc', c.args[0]!.sql), c.returns), {
    // MathFunctions.Truncate: decimal(p, s) → decimal(max(1, p − s), 0); TruncateN keeps decimal(p, s)
    returns: (args) => {
      const t = args[0]!.type;
      return args.length === 1 && t.kind === 'decimal' ? T.decimal(Math.max(1, t.precision - t.scale), 0) : t;
    },
  }),
  sign: custom(NUMERIC_SAME, (c) => {
    const x = c.args[0]!.sql;
    const t = c.args[0]!.type;
    // NaN is NaN (math.md: "NaN if the argument is NaN"); DuckDB's NaN is greater than 0
    if (t.kind === 'double' || t.kind === 'real') return sql`CASE WHEN isnan(${x}) THEN ${x} WHEN ${x} > 0 THEN ${castTo('1', t)} WHEN ${x} < 0 THEN ${castTo('-1', t)} ELSE ${x} END`;
    return castTo(call('sign', x), c.returns);
  }, { returns: (args) => (args[0]!.type.kind === 'decimal' ? T.decimal(1, 0) : args[0]!.type) }),
  mod: custom(['bigint, bigint -> bigint', 'decimal, decimal -> decimal', 'double, double -> double'], (c) => arithmetic(c.t, '%', c.given[0]!, c.given[1]!, c.node), {
    returns: (_args, c) => arithmetic(c.t, '%', c.given[0]!, c.given[1]!, c.node).type,
  }),
  sqrt: fn('double -> double', (x) => sql`CASE WHEN ${x} < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt(${x}) END`),
  // Math.cbrt is exact on cubes; DuckDB's is pow-based: one Newton step corrects it
  cbrt: fn('double -> double', (x) => sql`CASE WHEN ${x} = 0 OR isnan(${x}) OR isinf(${x}) THEN ${x} ELSE (SELECT c - (c * c * c - ${x}) / (3 * c * c) FROM (SELECT cbrt(${x}) AS c)) END`),
  exp: same('double -> double'),
  ln: fn('double -> double', logLike((x) => sql`ln(${x})`)),
  log2: fn('double -> double', logLike((x) => sql`log2(${x})`)),
  log10: fn('double -> double', logLike((x) => sql`log10(${x})`)),
  log: fn('double, double -> double', (b, x) => sql`(${logLike((v) => sql`ln(${v})`)(x)} / ${logLike((v) => sql`ln(${v})`)(b)})`),
  pow: rename('pow', 'double, double -> double'),
  power: rename('pow', 'double, double -> double'),
  degrees: same('double -> double'),
  radians: same('double -> double'),
  e: custom('-> double', (c) => ({ sql: 'exp(1)', type: T.double, at: c.at, value: Math.E, atom: true })),
  pi: custom('-> double', (c) => ({ sql: 'pi()', type: T.double, at: c.at, value: Math.PI, atom: true })),
  infinity: fn('-> double', () => "CAST('Infinity' AS DOUBLE)"),
  nan: fn('-> double', () => "CAST('NaN' AS DOUBLE)"),
  is_finite: rename('isfinite', 'double -> boolean'),
  is_infinite: rename('isinf', 'double -> boolean'),
  is_nan: rename('isnan', 'double -> boolean'),
  acos: fn('double -> double', unitDomain('acos')),
  asin: fn('double -> double', unitDomain('asin')),
  atan: same('double -> double'),
  atan2: same('double, double -> double'),
  cos: same('double -> double'),
  cosh: fn('double -> double', (x) => sql`((exp(${x}) + exp(-${x})) / 2)`),
  sin: same('double -> double'),
  sinh: fn('double -> double', (x) => sql`((exp(${x}) - exp(-${x})) / 2)`),
  tan: same('double -> double'),
  tanh: same('double -> double'),
  rand: fn(['-> double', 'bigint -> bigint'], (n) => (n === undefined ? 'random()' : sql`CAST(floor(random() * ${n}) AS BIGINT)`)),
  random: fn(['-> double', 'bigint -> bigint'], (n) => (n === undefined ? 'random()' : sql`CAST(floor(random() * ${n}) AS BIGINT)`)),
  // "a pseudo randomly generated UUID (type 4)" (Trino's uuid()): random on both sides, as rand() is
  uuid: fn('-> uuid', () => 'gen_random_uuid()'),
  // MathFunctions.toBase/fromBase: Long.toString(value, radix) and Long.parseLong(value, radix), the radix checked
  // ("Radix must be between 2 and 36"); a text Java cannot read fails "Not a valid base-16 number: xyz"
  to_base: fn('bigint, bigint -> varchar', (x, r) =>
    sql`CASE WHEN ${r} < 2 OR ${r} > 36 THEN ${failure("'Radix must be between 2 and 36'")} WHEN ${x} < 0 THEN '-' || lower(to_base(-${x}, CAST(${r} AS INTEGER))) ELSE lower(to_base(${x}, CAST(${r} AS INTEGER))) END`,
  ),
  from_base: fn('varchar, bigint -> bigint', (s, r) => {
    const body = sql`regexp_replace(${s}, '^[+-]', '')`;
    const digits = sql`list_transform(string_split(lower(${body}), ''), lambda ch: CASE WHEN ch BETWEEN '0' AND '9' THEN ascii(ch) - 48 WHEN ch BETWEEN 'a' AND 'z' THEN ascii(ch) - 87 ELSE 99 END)`;
    // at most 64 digits (a long in base 2); first summed as doubles (no overflow), then, when the magnitude fits,
    // exactly in 128 bits and compared with the range of a long
    const approx = sql`list_reduce(list_transform(${digits}, lambda d: CAST(d AS DOUBLE)), lambda a, b: a * ${r} + b)`;
    const value = sql`list_reduce(list_transform(${digits}, lambda d: CAST(d AS HUGEINT)), lambda a, b: a * ${r} + b)`;
    const signed = sql`(CASE WHEN starts_with(${s}, '-') THEN -1 ELSE 1 END) * ${value}`;
    const invalid = failure(sql`'Not a valid base-' || CAST(${r} AS VARCHAR) || ' number: ' || ${s}`);
    return sql`CASE WHEN ${r} < 2 OR ${r} > 36 THEN ${failure("'Radix must be between 2 and 36'")} WHEN ${s} IS NULL THEN NULL WHEN regexp_matches(${s}, '[[:^ascii:]]') THEN ${refusal("'from_base of digits past ASCII is not supported by the local engine (Athena has it)'", 'from_base of digits past ASCII')} WHEN NOT regexp_full_match(${s}, '[+-]?[0-9A-Za-z]{1,64}') OR list_max(${digits}) >= ${r} OR ${approx} > 1e19 THEN ${invalid} WHEN ${signed} NOT BETWEEN -9223372036854775808 AND 9223372036854775807 THEN ${invalid} ELSE CAST(${signed} AS BIGINT) END`;
  }),
  width_bucket: fn('double, double, double, bigint -> bigint', (x, b1, b2, n) =>
    sql`CASE WHEN ${b1} < ${b2} THEN (CASE WHEN ${x} < ${b1} THEN 0 WHEN ${x} >= ${b2} THEN ${n} + 1 ELSE CAST(floor((${x} - ${b1}) / (${b2} - ${b1}) * ${n}) AS BIGINT) + 1 END) ELSE (CASE WHEN ${x} > ${b1} THEN 0 WHEN ${x} <= ${b2} THEN ${n} + 1 ELSE CAST(floor((${b1} - ${x}) / (${b1} - ${b2}) * ${n}) AS BIGINT) + 1 END) END`,
  ),
};
