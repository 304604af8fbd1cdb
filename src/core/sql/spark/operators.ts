/**
 * Spark's operators (non-ANSI): arithmetic with Java's wrap-around for integers, `/` always a floating division
 * (or a decimal one, with DecimalPrecision's result type), a division or remainder by zero NULL, `div`, date and
 * interval arithmetic, `||`, the bitwise operators, comparisons with Spark's implicit conversions, `<=>`.
 *
 * | expression | Spark | emitted |
 * | --- | --- | --- |
 * | int + int (also -, *; tinyint, smallint, bigint) | wraps around on overflow | computed wider, masked to the width |
 * | a / b | double (decimal: exact, rounded half up to the result scale); b = 0 → NULL | l / NULLIF(r, 0), decimals on their unscaled integers |
 * | a % b, pmod | sign of the dividend; b = 0 → NULL | % with NULLIF |
 * | a div b | bigint, truncated; b = 0 → NULL | // on BIGINT |
 * | decimal ± × | DecimalPrecision (precision loss allowed), overflow → NULL | exact, TRY_CAST to the result type |
 * | string op number | the string read as a double | CAST as Spark |
 * | date ± int, date ± interval, timestamp ± interval, date - date | date_add…, a day-time interval | + / - on DuckDB dates and intervals |
 * | a \|\| b | concat (NULL if any NULL), arrays too | \|\| / list_concat |
 */
import type { ParserRuleContext } from 'antlr4ng';
import { type Sql } from '../dialects/emit';
import { duckDbType, isIntegral, isNumeric, T, type SqlType } from '../dialects/sqlType';
import { asDecimalOperand, coerce, comparisonOperands } from './coerce';
import type { Typed } from './model';
import { intervalNumber, scaleInterval } from './functions/intervals';
import { sql, str, wrapInteger } from './sqlText';
import type { Translator } from './translator';
import { adjustedDecimal, isFloating, isStringType, isTimestamp, sparkSqlTypeName, tightestCommonType } from './types';

type Node = ParserRuleContext;

const WIDTH: Record<string, 8 | 16 | 32 | 64> = { tinyint: 8, smallint: 16, integer: 32, bigint: 64 };

function result(l: Typed, r: Typed, sqlText: Sql, type: SqlType, name: string | undefined, at: number): Typed {
  return { sql: sqlText, type, at, ...(name !== undefined ? { name } : {}), ...(l.aggregate || r.aggregate ? { aggregate: true } : {}) };
}

function binaryName(l: Typed, op: string, r: Typed): string | undefined {
  return l.name !== undefined && r.name !== undefined ? `(${l.name} ${op} ${r.name})` : undefined;
}

function mismatch(t: Translator, l: Typed, op: string, r: Typed, node: Node, why = 'the left and right operands of the binary operator have incompatible types'): Error {
  return t.fail(node, `[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "(${l.name ?? 'left'} ${op} ${r.name ?? 'right'})" due to data type mismatch: ${why} ("${sparkSqlTypeName(l.type)}" and "${sparkSqlTypeName(r.type)}").`);
}

/** The unscaled integer of a decimal (HUGEINT): its digits without the point. */
function unscaled(x: Sql): Sql {
  return sql`CAST(replace(CAST(${x} AS VARCHAR), '.', '') AS HUGEINT)`;
}

/** A HUGEINT of unscaled digits as DECIMAL(p, s). */
function scaled(q: Sql, type: Extract<SqlType, { kind: 'decimal' }>): Sql {
  if (type.scale === 0) return sql`TRY_CAST(${q} AS ${duckDbType(type)})`;
  const unit = `0.${'0'.repeat(type.scale - 1)}1`;
  return sql`TRY_CAST(CAST(${q} AS DECIMAL(38,0)) * CAST('${unit}' AS DECIMAL(${type.scale + 1},${type.scale})) AS ${duckDbType(type)})`;
}

/** Decimal division, exact: unscaled integers, rounded half up to the result scale (Spark's Decimal division). */
function decimalDivide(l: Sql, r: Sql, dl: Extract<SqlType, { kind: 'decimal' }>, dr: Extract<SqlType, { kind: 'decimal' }>, type: Extract<SqlType, { kind: 'decimal' }>): Sql {
  const k = type.scale - dl.scale + dr.scale;
  const num = k >= 0 ? sql`${unscaled(l)} * CAST('1${'0'.repeat(k)}' AS HUGEINT)` : unscaled(l);
  const den = k >= 0 ? unscaled(r) : sql`${unscaled(r)} * CAST('1${'0'.repeat(-k)}' AS HUGEINT)`;
  const q = sql`((2 * abs(${num}) + abs(${den})) // (2 * abs(${den}))) * sign(${num}) * sign(${den})`;
  return sql`CASE WHEN ${r} = 0 THEN NULL ELSE ${scaled(q, type)} END`;
}

/** Arithmetic: `+ - * / % div`. */
/** `nullOnZero`: the try_ functions' NULL for an interval divided by zero (Spark fails otherwise) */
export function arithmetic(t: Translator, op: string, l: Typed, r: Typed, node: Node, nullOnZero = false): Typed {
  const at = l.at;
  const name = binaryName(l, op, r);
  // PromoteStrings: a string in arithmetic is read as a double (not next to an interval)
  if (isStringType(l.type) && r.type.kind !== 'interval' && !(isDateLike(r.type) && (op === '+' || op === '-'))) l = coerce(t, l, T.double);
  if (isStringType(r.type) && l.type.kind !== 'interval' && !(isDateLike(l.type) && (op === '+' || op === '-'))) r = coerce(t, r, T.double);
  if (l.type.kind === 'unknown' && r.type.kind === 'unknown') return { sql: 'NULL', type: op === '/' ? T.double : T.unknown, at, value: null, ...(name ? { name } : {}) };
  if (l.type.kind === 'unknown') l = coerce(t, l, r.type.kind === 'interval' || isDateLike(r.type) ? T.integer : r.type);
  if (r.type.kind === 'unknown') r = coerce(t, r, l.type.kind === 'interval' || isDateLike(l.type) ? T.integer : l.type);

  const temporal = dateTimeArithmetic(t, op, l, r, node, name, nullOnZero);
  if (temporal) return temporal;
  if (!isNumeric(l.type) || !isNumeric(r.type)) throw mismatch(t, l, op, r, node);

  if (op === 'div') {
    const decimal = l.type.kind === 'decimal' || r.type.kind === 'decimal';
    if (decimal && !isFloating(l.type) && !isFloating(r.type)) {
      return result(l, r, sql`CASE WHEN ${r.sql} = 0 THEN NULL ELSE TRY_CAST(trunc(${t.paren(l)} / ${t.paren(r)}) AS BIGINT) END`, T.bigint, name, at);
    }
    const a = coerce(t, l, T.bigint);
    const b = coerce(t, r, T.bigint);
    return result(l, r, sql`CASE WHEN ${b.sql} = 0 THEN NULL ELSE ${wrapInteger(sql`CAST(${a.sql} AS HUGEINT) // ${b.sql}`, 64, 'BIGINT')} END`, T.bigint, name, at);
  }

  // decimals (DecimalPrecision); a float or double next to a decimal makes both doubles
  if ((l.type.kind === 'decimal' || r.type.kind === 'decimal') && !isFloating(l.type) && !isFloating(r.type)) {
    const dl = asDecimalOperand(l) as Extract<SqlType, { kind: 'decimal' }>;
    const dr = asDecimalOperand(r) as Extract<SqlType, { kind: 'decimal' }>;
    const a = coerce(t, l, dl);
    const b = coerce(t, r, dr);
    const [p1, s1, p2, s2] = [dl.precision, dl.scale, dr.precision, dr.scale];
    switch (op) {
      case '+':
      case '-': {
        const type = adjustedDecimal(Math.max(s1, s2) + Math.max(p1 - s1, p2 - s2) + 1, Math.max(s1, s2));
        return result(l, r, sql`TRY_CAST(${t.paren(a)} ${op} ${t.paren(b)} AS ${duckDbType(type)})`, type, name, at);
      }
      case '*': {
        const type = adjustedDecimal(p1 + p2 + 1, s1 + s2);
        if (p1 + p2 > 38) throw t.unsupported(node, `a decimal product of ${sparkSqlTypeName(dl)} and ${sparkSqlTypeName(dr)}`, 'its exact value can pass 38 digits');
        return result(l, r, sql`TRY_CAST(${t.paren(a)} * ${t.paren(b)} AS ${duckDbType(type)})`, type, name, at);
      }
      case '/': {
        const scale = Math.max(6, s1 + p2 + 1);
        const type = adjustedDecimal(p1 - s1 + s2 + scale, scale);
        return result(l, r, decimalDivide(a.sql, b.sql, dl, dr, type), type, name, at);
      }
      case '%': {
        const type = adjustedDecimal(Math.min(p1 - s1, p2 - s2) + Math.max(s1, s2), Math.max(s1, s2));
        return result(l, r, sql`CASE WHEN ${b.sql} = 0 THEN NULL ELSE TRY_CAST(${t.paren(a)} % ${t.paren(b)} AS ${duckDbType(type)}) END`, type, name, at);
      }
    }
  }

  if (op === '/') {
    const a = coerce(t, l, T.double);
    const b = coerce(t, r, T.double);
    return result(l, r, sql`(${t.paren(a)} / NULLIF(${b.sql}, 0))`, T.double, name, at);
  }

  const type = (isFloating(l.type) || isFloating(r.type) ? tightestCommonType(l.type, r.type) : tightestCommonType(l.type, r.type)) ?? T.double;
  const a = coerce(t, l, type);
  const b = coerce(t, r, type);
  if (op === '%') return result(l, r, sql`(${t.paren(a)} % NULLIF(${b.sql}, 0))`, type, name, at);
  if (isIntegral(type)) {
    const bits = WIDTH[type.kind]!;
    const wide = bits === 64 ? 'HUGEINT' : 'BIGINT';
    return result(l, r, wrapInteger(sql`CAST(${a.sql} AS ${wide}) ${op} ${t.paren(b)}`, bits, duckDbType(type)), type, name, at);
  }
  return result(l, r, sql`(${t.paren(a)} ${op} ${t.paren(b)})`, type, name, at);
}

function isDateLike(x: SqlType): boolean {
  return x.kind === 'date' || isTimestamp(x);
}

/** date ± int, date/timestamp ± interval, date - date, timestamp - timestamp, interval ± interval, interval × number. */
function dateTimeArithmetic(t: Translator, op: string, l: Typed, r: Typed, node: Node, name: string | undefined, nullOnZero: boolean): Typed | undefined {
  const a = l.type;
  const b = r.type;
  const at = l.at;
  const dayName = (fn: string) => (l.name !== undefined && r.name !== undefined ? `${fn}(${l.name}, ${r.name})` : undefined);
  if (op === '+' && a.kind === 'date' && isIntegral(b) && b.kind !== 'bigint') return result(l, r, sql`CAST(${t.paren(l)} + CAST(${r.sql} AS INTEGER) AS DATE)`, T.date, dayName('date_add'), at);
  if (op === '+' && isIntegral(a) && a.kind !== 'bigint' && b.kind === 'date') return result(l, r, sql`CAST(${t.paren(r)} + CAST(${l.sql} AS INTEGER) AS DATE)`, T.date, dayName('date_add'), at);
  if (op === '-' && a.kind === 'date' && isIntegral(b) && b.kind !== 'bigint') return result(l, r, sql`CAST(${t.paren(l)} - CAST(${r.sql} AS INTEGER) AS DATE)`, T.date, dayName('date_sub'), at);
  if (op === '-' && a.kind === 'date' && b.kind === 'date') return result(l, r, sql`to_days(CAST(${t.paren(l)} - ${t.paren(r)} AS INTEGER))`, T.intervalDS, name, at);
  if (op === '-' && isDateLike(a) && isDateLike(b)) {
    const ts = (x: Typed) => (x.type.kind === 'date' ? sql`CAST(${x.sql} AS TIMESTAMP)` : x.sql);
    return result(l, r, sql`to_microseconds(epoch_us(${ts(l)}) - epoch_us(${ts(r)}))`, T.intervalDS, name, at);
  }
  if ((op === '+' || op === '-') && isDateLike(a) && b.kind === 'interval') {
    if (a.kind === 'date' && b.unit === 'day to second' && !r.dayInterval) return result(l, r, sql`(CAST(${l.sql} AS TIMESTAMP) ${op} ${r.sql})`, isTimestamp(a) ? a : T.timestamp(6), name, at);
    const type = a.kind === 'date' ? T.date : a;
    return result(l, r, sql`CAST(${t.paren(l)} ${op} ${r.sql} AS ${duckDbType(type)})`, type, name, at);
  }
  if (op === '+' && a.kind === 'interval' && isDateLike(b)) return dateTimeArithmetic(t, op, r, l, node, name, nullOnZero);
  if ((op === '+' || op === '-') && a.kind === 'interval' && b.kind === 'interval') {
    if (a.unit !== b.unit) throw mismatch(t, l, op, r, node);
    return result(l, r, sql`(${l.sql} ${op} ${r.sql})`, a, name, at);
  }
  if ((op === '*' || op === '/') && a.kind === 'interval' && isNumeric(b)) return { ...scaleInterval(t, l, r, op, nullOnZero), ...(name ? { name } : {}) };
  if (op === '*' && isNumeric(a) && b.kind === 'interval') return { ...scaleInterval(t, r, l, '*', nullOnZero), ...(name ? { name } : {}) };
  if (op === 'div' && a.kind === 'interval' && b.kind === 'interval' && a.unit === b.unit) {
    const [x, y] = [intervalNumber(l.sql, a), intervalNumber(r.sql, b)];
    return result(l, r, sql`CASE WHEN ${y} = 0 THEN ${nullOnZero ? sql`NULL` : t.runtimeError(at, '[INTERVAL_DIVIDED_BY_ZERO] Division by zero.')} ELSE CAST(${x} // ${y} AS BIGINT) END`, T.bigint, name, at);
  }
  if (a.kind === 'interval' || b.kind === 'interval') throw t.unsupported(node, `interval arithmetic (${op})`);
  if (isDateLike(a) || isDateLike(b)) throw mismatch(t, l, op, r, node);
  return undefined;
}

/** Unary minus (wraps for the smallest integer), `+x`, `~x`. */
export function unary(t: Translator, op: string, v: Typed, node: Node): Typed {
  if (isStringType(v.type) && op !== '~') v = coerce(t, v, T.double);
  const at = v.at;
  if (op === '+') return { ...v, ...(v.name !== undefined ? { name: `(+ ${v.name})` } : {}) };
  if (op === '-') {
    const name = v.name !== undefined ? `(- ${v.name})` : undefined;
    if (v.type.kind === 'interval') return { sql: sql`(- ${t.paren(v)})`, type: v.type, at, ...(name ? { name } : {}) };
    if (!isNumeric(v.type)) throw t.fail(node, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "(- ${v.name ?? 'expr'})" due to data type mismatch: the input must be numeric ("${sparkSqlTypeName(v.type)}").`);
    if (isIntegral(v.type)) return { sql: wrapInteger(sql`- CAST(${v.sql} AS HUGEINT)`, WIDTH[v.type.kind]!, duckDbType(v.type)), type: v.type, at, ...(name ? { name } : {}) };
    return { sql: sql`(- ${t.paren(v)})`, type: v.type, at, ...(name ? { name } : {}) };
  }
  // ~
  if (!isIntegral(v.type)) throw t.fail(node, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "~${v.name ?? 'expr'}": the input must be an integral type ("${sparkSqlTypeName(v.type)}").`);
  return { sql: sql`(~ ${t.paren(v)})`, type: v.type, at, ...(v.name !== undefined ? { name: `~${v.name}` } : {}) };
}

/** `& | ^` on integral types (the common integral type). */
export function bitwise(t: Translator, op: string, l: Typed, r: Typed, node: Node): Typed {
  if (l.type.kind === 'unknown') l = coerce(t, l, r.type.kind === 'unknown' ? T.integer : r.type);
  if (r.type.kind === 'unknown') r = coerce(t, r, l.type);
  const type = tightestCommonType(l.type, r.type);
  if (!type || !isIntegral(type)) throw mismatch(t, l, op, r, node, 'the binary operator requires integral operands');
  const duckOp = op === '^' ? 'xor' : op;
  const a = coerce(t, l, type);
  const b = coerce(t, r, type);
  const s = op === '^' ? sql`xor(${a.sql}, ${b.sql})` : sql`(${t.paren(a)} ${duckOp} ${t.paren(b)})`;
  return result(l, r, s, type, binaryName(l, op, r), l.at);
}

const COMPARISON: Record<string, string> = { '=': '=', '==': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=', '<=>': 'IS NOT DISTINCT FROM' };

/** Comparisons, `<=>` (null-safe equality). */
export function compare(t: Translator, op: string, l: Typed, r: Typed, node: Node): Typed {
  const duckOp = COMPARISON[op];
  if (!duckOp) throw t.unsupported(node, `the operator ${op}`);
  const [a, b] = comparisonOperands(t, l, r, op, node);
  if (a.type.kind === 'map' || b.type.kind === 'map') throw t.fail(node, `[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve "(${l.name} ${op} ${r.name})" due to data type mismatch: the binary operator does not support ordering on type "${sparkSqlTypeName(a.type)}".`);
  const spelled = op === '==' ? '=' : op === '!=' ? '<>' : op;
  const name = l.name !== undefined && r.name !== undefined ? (op === '<>' || op === '!=' ? `(NOT (${l.name} = ${r.name}))` : `(${l.name} ${spelled} ${r.name})`) : undefined;
  return result(l, r, sql`(${t.paren(a)} ${duckOp} ${t.paren(b)})`, T.boolean, name, l.at);
}

/** `a || b`: string (or binary) concatenation, NULL when either is NULL; arrays concatenated. */
export function concatenate(t: Translator, l: Typed, r: Typed, node: Node): Typed {
  const name = l.name !== undefined && r.name !== undefined ? `concat(${l.name}, ${r.name})` : undefined;
  if (l.type.kind === 'array' || r.type.kind === 'array') {
    const u = tightestCommonType(l.type, r.type);
    if (!u || u.kind !== 'array') throw t.fail(node, `[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "concat(${l.name}, ${r.name})": input to function concat should all be the same type`);
    const a = coerce(t, l, u);
    const b = coerce(t, r, u);
    return result(l, r, sql`CASE WHEN ${a.sql} IS NULL OR ${b.sql} IS NULL THEN NULL ELSE list_concat(${a.sql}, ${b.sql}) END`, u, name, l.at);
  }
  if (l.type.kind === 'varbinary' && r.type.kind === 'varbinary') return result(l, r, sql`(${t.paren(l)} || ${t.paren(r)})`, T.varbinary, name, l.at);
  const a = coerce(t, l, T.varchar);
  const b = coerce(t, r, T.varchar);
  return result(l, r, sql`(${t.paren(a)} || ${t.paren(b)})`, T.varchar, name, l.at);
}

export { str };
