/**
 * Trino's operators (trinodb/trino docs functions/math.md "Mathematical operators", decimal.md, datetime.md
 * "Date and time operators", comparison.md, array.md "||"):
 *
 * | operator | Trino | emitted |
 * | --- | --- | --- |
 * | integer `/` | truncates toward zero; by zero fails | `//` (DuckDB's integer division truncates), with the zero check |
 * | integer `%` | sign of the dividend; by zero fails | `%`, with the zero check |
 * | integer `+ - *` | overflow fails | DuckDB's (its overflow checks fail too) |
 * | decimal `+ - *` | decimal(p,s) by the documented rules | DuckDB's, cast to Trino's result type |
 * | decimal `/` | exact, rounded half up, scale max(xs, ys) | exact 128-bit arithmetic on the unscaled values |
 * | double `/ %` | IEEE: Infinity, NaN | DuckDB's (IEEE) |
 * | double `= <> < <= > >=` | IEEE: NaN equal to nothing, not ordered | DuckDB's, with NaN spelt out (DuckDB: NaN = NaN, NaN greatest) |
 * | date ± interval | a date | CAST(… AS DATE) |
 * | timestamp with time zone ± interval year to month | calendar months in the value's zone | in the local time of that zone |
 * | timestamp − timestamp | interval day to second | difference of epoch microseconds |
 * | `||` | varchar, varbinary, array ∥ array, array ∥ element, element ∥ array; NULL in, NULL out | `||`, list_concat/append/prepend guarded for NULL |
 */
import type { ParserRuleContext } from 'antlr4ng';
import { at, refusal, sql, type Sql } from '../dialects/emit';
import { duckDbType, integralAsDecimal, isFloating, isIntegral, isNumeric, T, trinoTypeName, type SqlType } from '../dialects/sqlType';
import type { Typed } from './model';
import { offsetOf, type Translator } from './translator';
import { commonSuperType } from './typing';
import { instantOf, localIn } from './zones';

type Node = ParserRuleContext;

function cannotApply(t: Translator, node: Node, op: string, l: Typed, r?: Typed): Error {
  return t.fail(node, `Cannot apply operator: ${r ? `${trinoTypeName(l.type)} ${op} ${trinoTypeName(r.type)}` : `${op}${trinoTypeName(l.type)}`}`);
}

const COMPARISON: Record<string, string> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export function compare(t: Translator, op: string, l: Typed, r: Typed, node: Node): Typed {
  const type = commonSuperType(l.type, r.type);
  if (!type) throw cannotApply(t, node, ` ${op} `.trim(), l, r);
  if (type.kind === 'json' || (op !== '=' && op !== '<>' && op !== '!=' && type.kind === 'map')) throw cannotApply(t, node, op, l, r);
  const a = t.coerce(l, type);
  const b = t.coerce(r, type);
  const pos = offsetOf(node);
  const plain = sql`${t.paren(a)} ${COMPARISON[op]!} ${t.paren(b)}`;
  return { sql: at(pos, isFloating(type) ? nanAware(COMPARISON[op]!, a, b, plain) : plain), type: T.boolean, at: l.at };
}

const notNaN = (v: Typed) => typeof v.value === 'number' && !Number.isNaN(v.value);

/**
 * A comparison of doubles as Trino's: IEEE, NaN equal to nothing, not even itself (DoubleType's EQUAL and
 * LESS_THAN operators are Java's `==` and `<`: `nan() = nan()` false, `nan() <> nan()` true, `nan() > 1` false).
 * DuckDB holds NaN equal to itself and greater than any number. Against a number constant only `>`/`>=` with the
 * constant on the right (`<`/`<=` on the left) differ — DuckDB says true for NaN — and get `AND NOT isnan(x)`, which
 * keeps the comparison a filter DuckDB can push into a scan; between two expressions the NaN case is spelt out.
 */
function nanAware(op: string, a: Typed, b: Typed, plain: Sql): Sql {
  if (notNaN(b) || notNaN(a)) {
    const [x, right] = notNaN(b) ? [a, true] : [b, false];
    const greater = right ? op === '>' || op === '>=' : op === '<' || op === '<=';
    return greater ? sql`(${plain} AND NOT isnan(${x.sql}))` : plain;
  }
  const onNaN = op === '<>' ? 'true' : 'false';
  return sql`(CASE WHEN isnan(${a.sql}) OR isnan(${b.sql}) THEN (CASE WHEN (${a.sql}) IS NULL OR (${b.sql}) IS NULL THEN NULL ELSE ${onNaN} END) ELSE ${plain} END)`;
}

const INTEGRAL_MIN: Record<string, string> = { tinyint: '-128', smallint: '-32768', integer: '-2147483648', bigint: '-9223372036854775808' };

export function negate(t: Translator, v: Typed, node: Node): Typed {
  const pos = offsetOf(node);
  if (v.type.kind === 'unknown') return v;
  if (!isNumeric(v.type) && v.type.kind !== 'interval') throw cannotApply(t, node, '-', v);
  if (typeof v.value === 'number') return { ...v, sql: at(pos, sql`(-${v.sql})`), value: -v.value, at: pos, atom: true };
  const min = isIntegral(v.type) ? INTEGRAL_MIN[v.type.kind] : undefined;
  if (min !== undefined) {
    // Trino's NEGATION operators: `integer negation overflow: -2147483648` (IntegerOperators.negate, and the
    // tinyint/smallint/bigint ones); DuckDB's message names neither the type nor the value
    const overflow = t.raise(`'${v.type.kind} negation overflow: ${min}'`, v.type);
    return { sql: at(pos, sql`(CASE WHEN ${t.paren(v)} = ${min} THEN ${overflow} ELSE -${t.paren(v)} END)`), type: v.type, at: pos, atom: true };
  }
  return { sql: at(pos, sql`(-${t.paren(v)})`), type: v.type, at: pos, atom: true };
}

/** Trino's decimal result types (docs functions/decimal.md). */
function decimalResult(op: string, x: { precision: number; scale: number }, y: { precision: number; scale: number }): SqlType {
  const s = Math.max(x.scale, y.scale);
  switch (op) {
    case '+':
    case '-':
      return T.decimal(Math.min(38, 1 + s + Math.max(x.precision - x.scale, y.precision - y.scale)), s);
    case '*':
      return T.decimal(Math.min(38, x.precision + y.precision), x.scale + y.scale);
    case '/':
      // DecimalOperators.decimalDivideOperator: min(38, a_precision + b_scale + max(b_scale - a_scale, 0))
      return T.decimal(Math.min(38, x.precision + y.scale + Math.max(0, y.scale - x.scale)), s);
    default:
      return T.decimal(Math.min(x.precision - x.scale, y.precision - y.scale) + s, s);
  }
}

export function arithmetic(t: Translator, op: string, l: Typed, r: Typed, node: Node): Typed {
  const pos = offsetOf(node);
  const lt = l.type;
  const rt = r.type;
  const out = (s: Sql, type: SqlType): Typed => ({ sql: at(pos, s), type, at: l.at, atom: true });

  // NULL with anything: the other side's type (Trino types `NULL + 1` as integer)
  if (lt.kind === 'unknown' && rt.kind === 'unknown') return out('CAST(NULL AS INTEGER)', T.integer);
  if (lt.kind === 'unknown' || rt.kind === 'unknown') {
    const other = lt.kind === 'unknown' ? r : l;
    if (isNumeric(other.type) || other.type.kind === 'interval' || other.type.kind === 'date' || other.type.kind === 'timestamp' || other.type.kind === 'timestamptz')
      return out(sql`CAST(NULL AS ${duckDbType(other.type)})`, other.type);
  }

  if (isNumeric(lt) && isNumeric(rt)) return numeric(t, op, l, r, node);

  // date and time arithmetic
  const interval = (x: SqlType) => x.kind === 'interval';
  if (op === '+' || op === '-') {
    const [temporal, iv] = interval(rt.kind === 'interval' ? rt : lt) && !interval(lt) ? [l, r] : interval(lt) && !interval(rt) && op === '+' ? [r, l] : [undefined, undefined];
    if (temporal && iv && iv.type.kind === 'interval') {
      const ym = iv.type.unit === 'year to month';
      const tt = temporal.type;
      const ivSql = op === '-' ? sql`(-${t.paren(iv)})` : iv.sql;
      if (tt.kind === 'date') {
        const sum = sql`(${temporal.sql} + ${ivSql})`;
        if (ym) return out(sql`CAST(${sum} AS DATE)`, T.date);
        return out(sql`CASE WHEN ${sum} <> date_trunc('day', ${sum}) THEN ${t.raise("'Cannot add hour, minutes or seconds to a date'", T.date)} ELSE CAST(${sum} AS DATE) END`, T.date);
      }
      if (tt.kind === 'timestamp') return out(sql`(${t.paren(temporal)} + ${ivSql})`, tt);
      if (tt.kind === 'time') {
        if (ym) throw cannotApply(t, node, op, l, r);
        return out(sql`(${t.paren(temporal)} + ${ivSql})`, tt);
      }
      if (tt.kind === 'timestamptz') {
        if (!ym) return out(sql`(${t.paren(temporal)} + ${ivSql})`, tt);
        if (tt.zone === undefined) throw t.unsupported(node, 'adding months to a timestamp with time zone whose zone is only known when the query runs');
        return out(instantOf(sql`(${localIn(temporal.sql, tt.zone)} + ${ivSql})`, tt.zone), tt);
      }
    }
    if (lt.kind === 'interval' && rt.kind === 'interval') {
      if (lt.unit !== rt.unit) throw cannotApply(t, node, op, l, r);
      return out(sql`(${t.paren(l)} ${op} ${t.paren(r)})`, lt);
    }
    if (op === '-' && (lt.kind === 'timestamp' || lt.kind === 'timestamptz') && (rt.kind === 'timestamp' || rt.kind === 'timestamptz')) {
      return out(sql`to_microseconds(epoch_us(${l.sql}) - epoch_us(${r.sql}))`, T.intervalDS);
    }
    // time - time: an interval day to second (Athena's engine-versions-reference-0002.html, "Time subtraction")
    if (op === '-' && lt.kind === 'time' && rt.kind === 'time') {
      return out(sql`to_microseconds(epoch_us(DATE '1970-01-01' + ${t.paren(l)}) - epoch_us(DATE '1970-01-01' + ${t.paren(r)}))`, T.intervalDS);
    }
    if (op === '-' && lt.kind === 'date' && rt.kind === 'date') {
      return out(sql`to_microseconds((${t.paren(l)} - ${t.paren(r)}) * CAST(86400000000 AS BIGINT))`, T.intervalDS);
    }
  }
  if ((op === '*' || op === '/') && (lt.kind === 'interval' || rt.kind === 'interval')) {
    const [iv, n] = lt.kind === 'interval' ? [l, r] : [r, l];
    if (!isNumeric(n.type) || (op === '/' && lt.kind !== 'interval')) throw cannotApply(t, node, op, l, r);
    const ivType = iv.type as Extract<SqlType, { kind: 'interval' }>;
    if (ivType.unit === 'year to month') {
      const months = sql`(datepart('year', ${iv.sql}) * 12 + datepart('month', ${iv.sql}))`;
      const factor = op === '*' ? sql`${months} * ${t.paren(n)}` : sql`${months} / ${t.paren(n)}`;
      return out(sql`to_months(CAST(${isFloating(n.type) || op === '/' ? sql`trunc(${factor})` : factor} AS INTEGER))`, ivType);
    }
    const micros = sql`epoch_us(TIMESTAMP '1970-01-01' + ${iv.sql})`;
    const scaled = op === '*' ? sql`${micros} * ${t.paren(n)}` : sql`${micros} / ${t.paren(n)}`;
    return out(sql`to_microseconds(CAST(round(${scaled}) AS BIGINT))`, ivType);
  }
  throw cannotApply(t, node, op, l, r);
}

function numeric(t: Translator, op: string, l: Typed, r: Typed, node: Node): Typed {
  const pos = offsetOf(node);
  const type = commonSuperType(l.type, r.type)!;
  const out = (s: Sql, ty: SqlType): Typed => ({ sql: at(pos, s), type: ty, at: l.at, atom: true });
  if (isIntegral(type)) {
    const a = t.coerce(l, type);
    const b = t.coerce(r, type);
    if (op === '/' || op === '%') {
      const zero = t.raise("'Division by zero'", type);
      const operator = op === '/' ? '//' : '%';
      if (typeof b.value === 'number' && b.value !== 0) return out(sql`(${t.paren(a)} ${operator} ${t.paren(b)})`, type);
      return out(sql`CASE WHEN ${t.paren(b)} = 0 AND ${t.paren(a)} IS NOT NULL THEN ${zero} ELSE ${t.paren(a)} ${operator} ${t.paren(b)} END`, type);
    }
    return out(sql`(${t.paren(a)} ${op} ${t.paren(b)})`, type);
  }
  if (type.kind === 'real' || type.kind === 'double') {
    const a = t.coerce(l, type);
    const b = t.coerce(r, type);
    return out(sql`(${t.paren(a)} ${op} ${t.paren(b)})`, type);
  }
  // decimals: each side keeps its own precision and scale (integers as their exact decimal)
  const x = integralAsDecimal(l.type) as { kind: 'decimal'; precision: number; scale: number };
  const y = integralAsDecimal(r.type) as { kind: 'decimal'; precision: number; scale: number };
  const a = t.coerce(l, x);
  const b = t.coerce(r, y);
  const result = decimalResult(op, x, y) as { kind: 'decimal'; precision: number; scale: number };
  const target = duckDbType(result);
  if (op === '+' || op === '-' || op === '*') {
    if (op === '*' && x.scale + y.scale > 38) throw t.fail(node, 'DECIMAL scale must be in range [0, precision]');
    return out(sql`CAST(${t.paren(a)} ${op} ${t.paren(b)} AS ${target})`, result);
  }
  const zero = t.raise("'Division by zero'", result);
  if (op === '%') return out(sql`CASE WHEN ${t.paren(b)} = 0 AND ${t.paren(a)} IS NOT NULL THEN ${zero} ELSE CAST(${t.paren(a)} % ${t.paren(b)} AS ${target}) END`, result);
  // exact division: R = round_half_up(A · 10^(s − xs + ys) / B) on the unscaled values A, B
  const unscaled = (v: Typed, s: number) => sql`CAST(${t.paren(v)} * ${String(10n ** BigInt(s))} AS HUGEINT)`;
  const A = unscaled(a, x.scale);
  const B = unscaled(b, y.scale);
  const k = result.scale - x.scale + y.scale;
  // wide types (a sum's decimal(38,2), `100.0 * sum(x) / sum(sum(x)) OVER ()`) hold small values nearly always: the
  // 128-bit arithmetic below is exact while A·10^k·2 and B·2 fit, checked on each row; past that, refused by name
  const wide = x.precision + x.scale + k + 1 > 38 || y.precision + y.scale + 1 > 38;
  const tooLarge = refusal(`'decimal division of ${trinoTypeName(x)} by ${trinoTypeName(y)} with operands this large is not supported by the local engine (Athena has it): exact 128-bit arithmetic cannot hold them'`, `decimal division of ${trinoTypeName(x)} by ${trinoTypeName(y)} with operands this large`);
  const guard = (inner: Sql) =>
    wide ? sql`CASE WHEN abs(CAST(${t.paren(a)} AS DOUBLE)) >= 1e${String(37 - x.scale - k)} OR abs(CAST(${t.paren(b)} AS DOUBLE)) >= 1e${String(37 - y.scale)} THEN ${tooLarge} ELSE ${inner} END` : inner;
  const q = sql`(abs(${A}) * ${(10n ** BigInt(k) * 2n).toString()}::HUGEINT + abs(${B})) // (2 * abs(${B}))`;
  const signed = sql`(sign(${A}) * sign(${B}) * (${q}))`;
  const scaled = result.scale === 0 ? sql`CAST(${signed} AS ${target})` : sql`CAST(CAST(${signed} AS DECIMAL(38,0)) * CAST('${(1 / 10 ** result.scale).toFixed(result.scale)}' AS DECIMAL(${String(result.scale + 1)},${String(result.scale)})) AS ${target})`;
  return out(sql`CASE WHEN ${t.paren(b)} = 0 AND ${t.paren(a)} IS NOT NULL THEN ${zero} ELSE ${guard(scaled)} END`, result);
}

export function concatenate(t: Translator, l: Typed, r: Typed, node: Node, forced?: 'append' | 'prepend'): Typed {
  const pos = offsetOf(node);
  const out = (s: Sql, type: SqlType): Typed => ({ sql: at(pos, s), type, at: l.at, atom: true });
  const lt = l.type;
  const rt = r.type;
  const stringy = (x: SqlType) => x.kind === 'varchar' || x.kind === 'char' || x.kind === 'unknown';
  if (stringy(lt) && stringy(rt) && !(lt.kind === 'unknown' && rt.kind === 'unknown')) {
    const len = (x: SqlType) => (x.kind === 'varchar' ? x.length : x.kind === 'char' ? x.length : 0);
    const ll = len(lt);
    const rl = len(rt);
    const type = ll === undefined || rl === undefined ? T.varchar : T.varcharN(ll + rl);
    const a = lt.kind === 'unknown' ? 'CAST(NULL AS VARCHAR)' : t.paren(l);
    const b = rt.kind === 'unknown' ? 'CAST(NULL AS VARCHAR)' : t.paren(r);
    return out(sql`(${a} || ${b})`, type);
  }
  if (lt.kind === 'varbinary' && rt.kind === 'varbinary') return out(sql`(${t.paren(l)} || ${t.paren(r)})`, T.varbinary);
  if (lt.kind === 'array' || rt.kind === 'array') {
    // Trino's concat(array(E), array(E)) when the two arrays have a common type; else concat(E, array(E)) or
    // concat(array(E), E): `ARRAY[4,5] || ARRAY[ARRAY[1,2], ARRAY[3,4]]` is `[[4, 5], [1, 2], [3, 4]]`
    const bothArrays = lt.kind === 'array' && rt.kind === 'array';
    if (bothArrays && !forced && !commonSuperType(lt, rt)) {
      if (commonSuperType(lt, rt.element)) return concatenate(t, l, r, node, 'prepend');
      if (commonSuperType(rt, lt.element)) return concatenate(t, l, r, node, 'append');
    }
    if (bothArrays && !forced) {
      const u = t.unify([l, r], 'concatenated arrays', node);
      const [a, b] = u.items;
      return out(sql`CASE WHEN ${a!.sql} IS NULL OR ${b!.sql} IS NULL THEN NULL ELSE list_concat(${a!.sql}, ${b!.sql}) END`, u.type);
    }
    const [arr, el, append] = forced ? (forced === 'append' ? [l, r, true] : [r, l, false]) : lt.kind === 'array' ? [l, r, true] : [r, l, false];
    const arrType = arr.type as Extract<SqlType, { kind: 'array' }>;
    const element = commonSuperType(arrType.element, el.type);
    if (!element) throw cannotApply(t, node, '||', l, r);
    const a = t.coerce(arr, T.array(element));
    const e = t.coerce(el, element);
    return out(sql`CASE WHEN ${a.sql} IS NULL THEN NULL ELSE ${append ? sql`list_append(${a.sql}, ${e.sql})` : sql`list_prepend(${e.sql}, ${a.sql})`} END`, T.array(element));
  }
  throw cannotApply(t, node, '||', l, r);
}
