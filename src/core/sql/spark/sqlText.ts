/**
 * Small pieces of DuckDB SQL the Spark rules share: string literals, binding a value once, Java's text of numbers.
 */
import { sql as emitSql, type Sql } from '../dialects/emit';

/** `sql\`…${x}…\`` — emit.ts's template, numbers allowed (written as their decimal text). */
export function sql(strings: TemplateStringsArray, ...values: readonly (Sql | number)[]): ReturnType<typeof emitSql> {
  return emitSql(strings, ...values.map((v) => (typeof v === 'number' ? String(v) : v)));
}

/** `'text'` as a DuckDB string literal. */
export function str(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

let bindCounter = 0;

/** Names bound values from `_b1` again (each statement's translation starts here, so its text is repeatable). */
export function resetBindNames(): void {
  bindCounter = 0;
}

/** A DuckDB lambda parameter name not used elsewhere in the statement (nested lambdas may not reuse one). */
export function freshName(base: string): string {
  return `_${base}${++bindCounter}`;
}

/**
 * `body(v)` with `v` the value of `value` computed once (a one-element list's lambda): for rules that read a value
 * several times (a string parsed by a regular expression, then checked, then converted).
 */
export function bind(value: Sql, body: (v: string) => Sql): Sql {
  const v = `_b${++bindCounter}`;
  return sql`list_transform([${value}], lambda ${v}: ${body(v)})[1]`;
}

/** Spark trims these around a number or a boolean it reads from a string (UTF8String's isWhitespaceOrISOControl). */
export function trimControl(s: Sql): Sql {
  return sql`regexp_replace(${s}, '^[\\x00-\\x20\\x7f]+|[\\x00-\\x20\\x7f]+$', '', 'g')`;
}

/**
 * Java's `Double.toString` / `Float.toString` of a DOUBLE or FLOAT: `1.0`, `0.001`, `1.0E7`, `1.0E-4`, `NaN`,
 * `Infinity`. DuckDB's text of a double has the same (shortest) digits; only the notation differs.
 */
export function javaFloatingText(x: Sql): Sql {
  return bind(sql`CAST(${x} AS VARCHAR)`, (s) => {
    const a = `ltrim(${s}, '-')`;
    const sign = `CASE WHEN starts_with(${s}, '-') THEN '-' ELSE '' END`;
    // digits and decimal exponent of the absolute value, from DuckDB's plain or scientific text
    const mant = `split_part(${a}, 'e', 1)`;
    const intPart = `split_part(${mant}, '.', 1)`;
    const fracPart = `split_part(${mant}, '.', 2)`;
    const sciDigits = `replace(${mant}, '.', '')`;
    const sciExp = `CAST(split_part(${a}, 'e', 2) AS INTEGER)`;
    const plainDigits = `CASE WHEN ${intPart} <> '0' THEN ${intPart} || ${fracPart} ELSE ltrim(${fracPart}, '0') END`;
    const plainExp = `CASE WHEN ${intPart} <> '0' THEN length(${intPart}) - 1 ELSE -(length(${fracPart}) - length(ltrim(${fracPart}, '0')) + 1) END`;
    const digits = `coalesce(nullif(rtrim(CASE WHEN contains(${a}, 'e') THEN ${sciDigits} ELSE ${plainDigits} END, '0'), ''), '0')`;
    const exp = `CASE WHEN contains(${a}, 'e') THEN ${sciExp} ELSE ${plainExp} END`;
    const scientific = `${sign} || left(${digits}, 1) || '.' || coalesce(nullif(substr(${digits}, 2), ''), '0') || 'E' || CAST(${exp} AS VARCHAR)`;
    return sql`CASE ${s} WHEN 'nan' THEN 'NaN' WHEN 'inf' THEN 'Infinity' WHEN '-inf' THEN '-Infinity' ELSE CASE WHEN ${a} = '0.0' THEN ${s} WHEN abs(${x}) >= 0.001 AND abs(${x}) < 10000000 THEN ${s} ELSE ${scientific} END END`;
  });
}

/**
 * Java's `BigDecimal.toString` of a DECIMAL(p, scale) (Spark's CAST of a decimal to a string): plain, except for a
 * value whose adjusted exponent is below -6 (`1E-7`, `0E-10`), which only a scale above 6 can give.
 */
export function javaDecimalText(x: Sql, scale: number): Sql {
  if (scale <= 6) return sql`CAST(${x} AS VARCHAR)`;
  return bind(sql`CAST(${x} AS VARCHAR)`, (s) => {
    const a = `ltrim(${s}, '-')`;
    const sign = `CASE WHEN starts_with(${s}, '-') THEN '-' ELSE '' END`;
    const unscaled = `coalesce(nullif(ltrim(replace(${a}, '.', ''), '0'), ''), '0')`;
    const adjusted = `(length(${unscaled}) - 1 - ${scale})`;
    const mantissa = `left(${unscaled}, 1) || CASE WHEN length(${unscaled}) > 1 THEN '.' || substr(${unscaled}, 2) ELSE '' END`;
    return sql`CASE WHEN ${adjusted} < -6 THEN ${sign} || ${mantissa} || 'E' || CAST(${adjusted} AS VARCHAR) ELSE ${s} END`;
  });
}

/** Wraps an integer computed in a wider type to `bits` bits, as Java's int and long arithmetic does. */
export function wrapInteger(x: Sql, bits: 8 | 16 | 32 | 64, duckType: string): Sql {
  const half = 2n ** BigInt(bits - 1);
  const mask = 2n ** BigInt(bits) - 1n;
  const wide = bits === 64 ? 'HUGEINT' : 'BIGINT';
  return sql`CAST(((CAST(${x} AS ${wide}) + ${half.toString()}) & ${mask.toString()}) - ${half.toString()} AS ${duckType})`;
}
