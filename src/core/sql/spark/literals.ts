/**
 * Spark SQL literals (apache/spark sql/catalyst …/parser/AstBuilder.scala, ParserUtils.unescapeSQLString):
 * - integers are `int`, else `bigint`, else `decimal(n,0)`; `1L`/`1S`/`1Y` bigint/smallint/tinyint, `1D` double,
 *   `1F` float, `1BD` decimal; a number with a point is a decimal (`1.5` is decimal(2,1)), with an exponent a double;
 * - strings in single or double quotes, with backslash escapes; adjacent strings are concatenated;
 * - `DATE '…'`, `TIMESTAMP '…'`, `TIMESTAMP_NTZ '…'`, `X'…'` (binary), `INTERVAL …` (year-month or day-time).
 */
import type { ConstantContext, IntervalContext, NumberContext, StringLitContext } from 'dt-sql-parser/dist/lib/spark/SparkSqlParser';

import { javaDouble } from '../dialects/javaNumbers';
import { T, type SqlType } from '../dialects/sqlType';
import { hiveUnescape } from '../lexer';
import type { Typed } from './model';
import { sql, str } from './sqlText';
import { offsetOf, type Translator } from './translator';
import { SPARK_TIMESTAMP, SPARK_TIMESTAMP_NTZ } from './types';

/** ParserUtils.unescapeSQLString: the value of a quoted string literal (the escapes are Hive's: lexer.ts). */
export function unescapeSqlString(raw: string): string {
  return hiveUnescape(raw.slice(1, -1));
}

/** The text of one or more adjacent string literals. */
export function stringLitText(lits: StringLitContext[]): string {
  return lits.map((l) => unescapeSqlString(l.getText())).join('');
}

export function stringConstant(value: string, at: number): Typed {
  return { sql: str(value), type: T.varchar, at, value, name: value, atom: true };
}

const INT_RANGE = { tinyint: [-128n, 127n], smallint: [-32768n, 32767n], integer: [-2147483648n, 2147483647n], bigint: [-(2n ** 63n), 2n ** 63n - 1n] } as const;

/** A decimal constant from its text: Spark's DecimalType(max(precision, scale), scale). */
export function decimalConstant(text: string, at: number): Typed {
  const negative = text.startsWith('-');
  const t = text.replace(/^[+-]/, '');
  const [i = '', f = ''] = t.split('.');
  const digits = (i + f).replace(/^0+/, '');
  const scale = f.length;
  const precision = Math.max(digits.length || 1, scale);
  const normalized = `${negative ? '-' : ''}${i === '' ? '0' : i}${f ? `.${f}` : ''}`;
  if (precision > 38) throw new RangeError(`decimal literal ${text} has ${precision} digits; at most 38`);
  const type = T.decimal(precision, scale);
  return { sql: `CAST(${str(normalized)} AS DECIMAL(${precision},${scale}))`, type, at, exact: normalized, value: Number(normalized), name: normalized, atom: true };
}

export function numberLiteral(t: Translator, ctx: NumberContext): Typed {
  const at = offsetOf(ctx);
  const text = ctx.getText();
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const integral = (digits: string, kind: 'tinyint' | 'smallint' | 'integer' | 'bigint'): Typed => {
    const v = BigInt(`${negative ? '-' : ''}${digits}`);
    const [lo, hi] = INT_RANGE[kind];
    if (v < lo || v > hi) throw t.fail(ctx, `[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal ${negative ? '-' : ''}${digits} is outside the valid range for ${kind === 'integer' ? 'int' : kind} with minimum value of ${lo} and maximum value of ${hi}. Please adjust the value accordingly.`);
    const type: SqlType = { kind } as SqlType;
    const s = v.toString();
    const duck = kind === 'integer' ? s : `CAST(${s} AS ${kind.toUpperCase()})`;
    return { sql: v < 0n && kind === 'integer' ? `(${s})` : duck, type, at, value: Number(v), exact: s, name: s, atom: true };
  };
  if (ctx.INTEGER_VALUE()) {
    const v = BigInt(`${negative ? '-' : ''}${body}`);
    if (v >= INT_RANGE.integer[0] && v <= INT_RANGE.integer[1]) return integral(body, 'integer');
    if (v >= INT_RANGE.bigint[0] && v <= INT_RANGE.bigint[1]) return integral(body, 'bigint');
    return decimalConstant(text, at);
  }
  if (ctx.BIGINT_LITERAL()) return integral(body.slice(0, -1), 'bigint');
  if (ctx.SMALLINT_LITERAL()) return integral(body.slice(0, -1), 'smallint');
  if (ctx.TINYINT_LITERAL()) return integral(body.slice(0, -1), 'tinyint');
  if (ctx.DECIMAL_VALUE()) return decimalConstant(text, at);
  if (ctx.BIGDECIMAL_LITERAL()) return decimalConstant(text.slice(0, -2), at);
  if (ctx.EXPONENT_VALUE() || ctx.DOUBLE_LITERAL()) {
    const v = Number(ctx.DOUBLE_LITERAL() ? text.slice(0, -1) : text);
    if (!Number.isFinite(v)) throw t.fail(ctx, `[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal ${text} is outside the valid range for double.`);
    return { sql: `CAST(${str(String(v))} AS DOUBLE)`, type: T.double, at, value: v, name: javaDouble(v), atom: true };
  }
  if (ctx.FLOAT_LITERAL()) {
    const v = Math.fround(Number(text.slice(0, -1)));
    return { sql: `CAST(${str(text.slice(0, -1))} AS FLOAT)`, type: T.real, at, value: v, name: text.slice(0, -1), atom: true };
  }
  throw t.unsupported(ctx, `the number ${text}`);
}

/** The typed literals: DATE, TIMESTAMP, TIMESTAMP_NTZ, TIMESTAMP_LTZ, X'…'. */
export function typedLiteral(t: Translator, typeName: string, value: string, node: ConstantContext): Typed {
  const at = offsetOf(node);
  const kind = typeName.toUpperCase();
  // QueryParsingErrors.cannotParseValueTypeError: Spark 3.3's ParseException text, the INVALID_TYPED_LITERAL error
  // class from Spark 3.4 (valueType by toSQLType, value by toSQLValue)
  const invalid = () => t.fail(node, t.spark33 ? `Cannot parse the ${kind} value: ${value}` : `[INVALID_TYPED_LITERAL] The value of the typed literal "${kind}" is invalid: '${value}'.`);
  switch (kind) {
    case 'DATE': {
      const m = /^\s*([+-]?\d{4,7})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T].*)?)?)?\s*$/.exec(value);
      if (!m) throw invalid();
      const [y, mo = 1, d = 1] = [Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1];
      const date = new Date(Date.UTC(2000, mo - 1, d));
      date.setUTCFullYear(y);
      if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) throw invalid();
      const text = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      return { sql: `DATE ${str(text)}`, type: T.date, at, value: text, name: `DATE '${text}'`, atom: true };
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_NTZ': {
      const m = /^\s*([+-]?\d{4,7})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?)?)?)?)?\s*(Z|UTC|[+-]\d{1,2}(?::?\d{2})?)?\s*$/i.exec(value);
      if (!m) {
        if (/^\s*[+-]?\d{4}/.test(value)) throw t.unsupported(node, `the ${kind} literal '${value}'`, 'its time zone or form is not translated');
        throw invalid();
      }
      const [, y, mo = '1', d = '1', h = '0', mi = '0', s = '0', f = '', z] = m;
      const frac = f.slice(0, 6).replace(/0+$/, '');
      const text = `${y!.padStart(4, '0')}-${mo.padStart(2, '0')}-${d.padStart(2, '0')} ${h.padStart(2, '0')}:${mi.padStart(2, '0')}:${s.padStart(2, '0')}${frac ? `.${frac}` : ''}`;
      const check = new Date(`${text.slice(0, 10)}T${text.slice(11, 19)}Z`);
      if (Number.isNaN(check.getTime()) || Number(mo) > 12 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) throw invalid();
      let sqlText = `TIMESTAMP ${str(text)}`;
      if (z && !/^(z|utc)$/i.test(z)) {
        if (kind === 'TIMESTAMP_NTZ') throw invalid();
        const om = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z)!;
        const seconds = (om[1] === '-' ? -1 : 1) * (Number(om[2]) * 3600 + Number(om[3] ?? 0) * 60);
        sqlText = `(TIMESTAMP ${str(text)} - INTERVAL ${seconds} SECOND)`;
      }
      const type = kind === 'TIMESTAMP_NTZ' ? SPARK_TIMESTAMP_NTZ : SPARK_TIMESTAMP;
      return { sql: sqlText, type, at, name: `${kind === 'TIMESTAMP_LTZ' ? 'TIMESTAMP' : kind} '${text}'`, atom: true };
    }
    case 'X': {
      if (!/^([0-9a-fA-F]{2})*$/.test(value) && !/^[0-9a-fA-F]*$/.test(value)) throw invalid();
      const hex = value.length % 2 === 1 ? `0${value}` : value;
      return { sql: `from_hex(${str(hex)})`, type: T.varbinary, at, name: `X'${value.toUpperCase()}'`, atom: true };
    }
    case 'INTERVAL':
      throw t.unsupported(node, `INTERVAL '${value}' without a unit`);
    default:
      throw t.fail(node, `[UNSUPPORTED_TYPED_LITERAL] Literals of the type "${kind}" are not supported. Supported types are "DATE", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP", "INTERVAL", "X".`);
  }
}

const UNIT_MICROS: Record<string, bigint> = {
  microsecond: 1n,
  millisecond: 1000n,
  second: 1_000_000n,
  minute: 60_000_000n,
  hour: 3_600_000_000n,
  day: 86_400_000_000n,
  week: 7n * 86_400_000_000n,
};

/**
 * `INTERVAL '1' YEAR`, `INTERVAL 1 DAY`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '1 10:00:00' DAY TO SECOND`,
 * `interval 1 year 2 months`: a year-month interval (months) or a day-time interval (microseconds). A literal
 * mixing the two is Spark's CalendarInterval, not translated.
 */
export function intervalLiteral(t: Translator, ctx: IntervalContext, negate = false): Typed {
  const at = offsetOf(ctx);
  const multi = ctx.errorCapturingMultiUnitsInterval();
  let months = 0n;
  let micros = 0n;
  let hasYm = false;
  let hasDt = false;
  const valueOf = (v: { getText(): string; stringLit(): StringLitContext | null }): string => {
    const lit = v.stringLit();
    const sign = v.getText().startsWith('-') ? '-' : '';
    return lit ? `${sign}${unescapeSqlString(lit.getText()).trim()}` : v.getText();
  };
  let name: string;
  if (multi) {
    if (multi.unitToUnitInterval()) throw t.fail(ctx, '[INVALID_INTERVAL_FORMAT] Cannot mix year-month and day-time fields');
    const body = multi._body!;
    const values = body.intervalValue();
    const units = body.unitInMultiUnits();
    const parts: string[] = [];
    values.forEach((v, i) => {
      const text = valueOf(v);
      const unit = units[i]!.getText().toLowerCase().replace(/s$/, '');
      if (!/^[+-]?\d+(\.\d+)?$/.test(text)) throw t.fail(v, `[INVALID_INTERVAL_FORMAT] Error parsing interval string '${text}' for unit ${unit}`);
      if (unit === 'year' || unit === 'month') {
        if (text.includes('.')) throw t.fail(v, `[INVALID_INTERVAL_FORMAT] the interval value must be an integer: ${text}`);
        months += BigInt(text) * (unit === 'year' ? 12n : 1n);
        hasYm = true;
      } else {
        const m = UNIT_MICROS[unit];
        if (m === undefined) throw t.unsupported(units[i]!, `INTERVAL … ${unit.toUpperCase()}`);
        const [ip, fp = ''] = text.replace(/^[+-]/, '').split('.');
        const sign = text.startsWith('-') ? -1n : 1n;
        const frac = fp ? (BigInt(fp.padEnd(18, '0').slice(0, 18)) * m) / 10n ** 18n : 0n;
        micros += sign * (BigInt(ip!) * m + frac);
        hasDt = true;
      }
      parts.push(`${text} ${unit.toUpperCase()}`);
    });
    if (hasYm && hasDt) throw t.unsupported(ctx, 'an INTERVAL mixing year-month and day-time units (a CalendarInterval)');
    name = `INTERVAL ${parts.join(' ')}`;
  } else {
    const u = ctx.errorCapturingUnitToUnitInterval()!._body!;
    const text = valueOf(u._value!);
    const from = u.unitInUnitToUnit(0)!.getText().toUpperCase();
    const to = u.unitInUnitToUnit(1)!.getText().toUpperCase();
    name = `INTERVAL '${text}' ${from} TO ${to}`;
    if (from === 'YEAR' && to === 'MONTH') {
      const m = /^([+-])?(\d+)-(\d+)$/.exec(text);
      if (!m || Number(m[3]) > 11) throw t.fail(ctx, `[INVALID_INTERVAL_FORMAT] Interval string does not match year-month format of \`[+|-]y-m\`: ${text}`);
      months = (m[1] === '-' ? -1n : 1n) * (BigInt(m[2]!) * 12n + BigInt(m[3]!));
      hasYm = true;
    } else if (from === 'DAY' && (to === 'SECOND' || to === 'MINUTE' || to === 'HOUR')) {
      const m = /^([+-])?(\d+)(?: (\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?)?$/.exec(text);
      if (!m) throw t.fail(ctx, `[INVALID_INTERVAL_FORMAT] Interval string does not match day-time format: ${text}`);
      const total = BigInt(m[2]!) * UNIT_MICROS.day! + BigInt(m[3] ?? 0) * UNIT_MICROS.hour! + BigInt(m[4] ?? 0) * UNIT_MICROS.minute! + BigInt(m[5] ?? 0) * UNIT_MICROS.second! + BigInt((m[6] ?? '').padEnd(6, '0').slice(0, 6) || '0');
      micros = (m[1] === '-' ? -1n : 1n) * total;
      hasDt = true;
    } else throw t.unsupported(ctx, `INTERVAL … ${from} TO ${to}`);
  }
  if (negate) {
    months = -months;
    micros = -micros;
  }
  if (hasYm) return { sql: `INTERVAL ${str(`${months} months`)}`, type: T.intervalYM, at, name, value: Number(months), atom: true };
  const days = micros % 86_400_000_000n === 0n && /^INTERVAL (\S+ (DAY|WEEK) ?)+$/.test(name);
  return { sql: `to_microseconds(CAST(${micros.toString()} AS BIGINT))`, type: T.intervalDS, at, name, value: Number(micros), atom: true, ...(days ? { dayInterval: true as const } : {}) };
}

export { sql };
