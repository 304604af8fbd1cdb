/**
 * Trino's literals, each read as Trino reads it (trinodb/trino docs/src/main/sphinx/language/types.md and
 * core/trino-spi …/Decimals.java) and written as a DuckDB constant of the same value and type:
 *
 * | literal | Trino type | emitted |
 * | --- | --- | --- |
 * | `42`, `0x2A`, `0b101010`, `0o52`, `1_000` | integer, or bigint past 2^31 | decimal digits |
 * | `1.50`, `.5` | decimal(p,s): p digits without leading zeros, s after the point | CAST('1.50' AS DECIMAL(3,2)) |
 * | `1e3` | double | the same |
 * | `'text'`, `U&'\0041'` | varchar(n) | a DuckDB string |
 * | `X'0A 0B'` | varbinary | from_hex('0A0B') |
 * | `DATE '…'`, `TIME '…'`, `TIMESTAMP '…'` (precision = digits given, zone → with time zone) | date, time(p), timestamp(p) | DuckDB constants |
 * | `DECIMAL '…'`, `JSON '…'`, `CHAR '…'`, `VARCHAR '…'`, `BIGINT '…'` … | the named type | a cast |
 * | `INTERVAL '2' DAY`, `INTERVAL '1-2' YEAR TO MONTH` | interval day to second / year to month | to_microseconds(n) / to_months(n) |
 */
import type { ParserRuleContext } from 'antlr4ng';
import {
  DecimalLiteralContext,
  DoubleLiteralContext,
  IntegerLiteralContext,
  UnicodeStringLiteralContext,
  type IntervalContext,
  type NumberContext,
  type StringContext,
} from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { sql } from '../dialects/emit';
import { parseIpAddress } from '../dialects/ipaddress';
import { T, type SqlType } from '../dialects/sqlType';
import { castSql, str } from './casts';
import type { Typed } from './model';
import { offsetOf, type Translator } from './translator';
import { trinoZoneName } from './zoneNames';
import { trinoJsonParse } from './functions/jsonParse';
import { instantOf } from './zones';

const INT_MAX = 2n ** 31n - 1n;
const INT_MIN = -(2n ** 31n);
const BIGINT_MAX = 2n ** 63n - 1n;
const BIGINT_MIN = -(2n ** 63n);

export function numberLiteral(t: Translator, ctx: NumberContext): Typed {
  const at = offsetOf(ctx);
  const negative = ctx.getText().startsWith('-');
  if (ctx instanceof IntegerLiteralContext) {
    const raw = ctx.INTEGER_VALUE().getText().replace(/_/g, '').toLowerCase();
    const digits = raw.startsWith('0x') || raw.startsWith('0b') || raw.startsWith('0o') ? raw : raw.replace(/^0+(?=\d)/, '');
    let value = BigInt(digits);
    if (negative) value = -value;
    if (value < BIGINT_MIN || value > BIGINT_MAX) throw t.fail(ctx, `Invalid numeric literal: ${ctx.getText()}`);
    const type = value >= INT_MIN && value <= INT_MAX ? T.integer : T.bigint;
    const text = value.toString();
    // DuckDB reads -2147483648 as the negation of a BIGINT: the integer is cast
    const plain = type.kind === 'integer' && value !== INT_MIN;
    return { sql: plain ? text : `CAST(${text} AS ${type.kind === 'integer' ? 'INTEGER' : 'BIGINT'})`, type, at, value: Number(value), atom: true };
  }
  if (ctx instanceof DecimalLiteralContext) return decimalLiteral(t, ctx.getText(), at);
  if (ctx instanceof DoubleLiteralContext) {
    const text = ctx.getText();
    const value = Number(text);
    return { sql: `CAST('${text}' AS DOUBLE)`, type: T.double, at, value, atom: true };
  }
  throw t.unsupported(ctx, `the numeric literal ${ctx.getText()}`);
}

/** A decimal literal as Trino's Decimals.parse types it. */
export function decimalLiteral(t: Translator, text: string, at: number): Typed {
  const m = /^\s*([+-]?)(\d(?:_?\d)*)?(?:\.(\d(?:_?\d)*)?)?\s*$/.exec(text);
  if (!m || (m[2] === undefined && m[3] === undefined)) throw t.fail(at, `'${text}' is not a valid decimal literal`);
  const sign = m[1] === '-' ? '-' : '';
  const integral = (m[2] ?? '').replace(/_/g, '').replace(/^0+/, '');
  const fraction = (m[3] ?? '').replace(/_/g, '');
  const scale = fraction.length;
  const precision = Math.max(1, integral.length + scale);
  if (precision > 38) throw t.fail(at, 'Value exceeds maximum precision');
  const canonical = `${sign}${integral || '0'}${fraction ? `.${fraction}` : ''}`;
  return { sql: `CAST('${canonical}' AS DECIMAL(${precision},${scale}))`, type: T.decimal(precision, scale), at, value: Number(canonical), atom: true };
}

/** The text of a string literal (`'it''s'`, `U&'\0041'`, `U&'#0041' UESCAPE '#'`). */
export function stringText(t: Translator, ctx: StringContext): string {
  if (ctx instanceof UnicodeStringLiteralContext) {
    const raw = ctx.UNICODE_STRING().getText().slice(3, -1).replace(/''/g, "'");
    const escapeToken = ctx.STRING();
    const escape = escapeToken ? escapeToken.getText().slice(1, -1).replace(/''/g, "'") : '\\';
    if (escape.length !== 1 || /[0-9a-fA-F+'"\s]/.test(escape)) throw t.fail(ctx, `Invalid Unicode escape character: ${escape}`);
    let out = '';
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i]!;
      if (ch !== escape) {
        out += ch;
        continue;
      }
      if (raw[i + 1] === escape) {
        out += escape;
        i++;
        continue;
      }
      const long = raw[i + 1] === '+';
      const hex = long ? raw.slice(i + 2, i + 8) : raw.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== (long ? 6 : 4)) throw t.fail(ctx, `Incomplete escape sequence: ${raw.slice(i, i + (long ? 8 : 5))}`);
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw t.fail(ctx, `Invalid escaped character: ${raw.slice(i, i + (long ? 8 : 5))}`);
      out += String.fromCodePoint(cp);
      i += long ? 7 : 4;
    }
    return out;
  }
  return ctx.getText().slice(1, -1).replace(/''/g, "'");
}

export function stringLiteral(t: Translator, ctx: StringContext): Typed {
  const text = stringText(t, ctx);
  return { sql: str(text), type: T.varcharN([...text].length), at: offsetOf(ctx), value: text, atom: true };
}

export function varcharConstant(text: string, at: number): Typed {
  return { sql: str(text), type: T.varcharN([...text].length), at, value: text, atom: true };
}

export function binaryLiteral(t: Translator, ctx: ParserRuleContext): Typed {
  const hex = ctx.getText().slice(2, -1).replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw t.fail(ctx, 'Binary literal can only contain hexadecimal digits');
  if (hex.length % 2 !== 0) throw t.fail(ctx, 'Binary literal must contain an even number of digits');
  return { sql: `from_hex('${hex}')`, type: T.varbinary, at: offsetOf(ctx), atom: true };
}

// ---------------------------------------------------------------- date and time literals

const DATE_RE = /^\s*([+-]?\d{4,})-(\d{1,2})-(\d{1,2})\s*$/;
const TIMESTAMP_RE = /^\s*([+-]?\d{4,})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,12}))?)?)?\s*(?:\s(.+?))?\s*$/;
const TIME_RE = /^\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,12}))?)?\s*$/;

const pad = (s: string | undefined, n: number) => (s ?? '0').padStart(n, '0');

/**
 * A known zone name (one of Trino's zone names, or a ±hh:mm offset) as Trino writes it, or undefined. As Trino's
 * `TimeZoneKey.getTimeZoneKey`: the UTC equivalents are `UTC`; `UTC+h`, `GMT-hh:mm`, `UT+h`, `Etc/GMT+h` (whose
 * sign POSIX inverts: `Etc/GMT+5` is `-05:00`) are offsets; a name is found ignoring case and keeps Trino's
 * spelling — an alias is not resolved (`Asia/Kolkata` stays `Asia/Kolkata`, where ICU says `Asia/Calcutta`).
 */
export function canonicalZone(zone: string): string | undefined {
  const z = zone.trim();
  if (/^(etc\/)?(utc|z|gmt|ut|zulu|universal|utc0|gmt0|uct|greenwich)$/i.test(z)) return 'UTC';
  const off = /^(etc\/gmt|etc\/utc|etc\/ut|utc|gmt|ut)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(z);
  if (off) {
    const h = Number(off[3]);
    const m = Number(off[4] ?? '0');
    if (h > 14 || m > 59) return undefined;
    if (h === 0 && m === 0) return 'UTC';
    const sign = off[1]?.toLowerCase() === 'etc/gmt' ? (off[2] === '+' ? '-' : '+') : off[2];
    return `${sign}${pad(String(h), 2)}:${pad(String(m), 2)}`;
  }
  return trinoZoneName(z);
}

/**
 * A text as Trino casts it to a timestamp with time zone (the TIMESTAMP literal's form, `y-M-d[ H:m[:s[.f]]][ zone]`):
 * its local date-time, fraction digits and zone — the session's, UTC, when it names none; undefined when it is none.
 */
export function zonedTimestampText(text: string): { local: string; precision: number; zone: string } | undefined {
  const m = TIMESTAMP_RE.exec(text);
  if (!m || !validDate(m[1]!, m[2]!, m[3]!) || Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59) return undefined;
  const fraction = m[7] ?? '';
  const zone = m[8] === undefined ? 'UTC' : canonicalZone(m[8]);
  if (zone === undefined) return undefined;
  const local = `${m[1]}-${pad(m[2], 2)}-${pad(m[3], 2)} ${pad(m[4], 2)}:${pad(m[5], 2)}:${pad(m[6], 2)}${fraction ? `.${fraction}` : ''}`;
  return { local, precision: fraction.length, zone };
}

export function typedLiteral(t: Translator, typeName: string, text: string, node: ParserRuleContext): Typed {
  const at = offsetOf(node);
  switch (typeName) {
    case 'date': {
      const m = DATE_RE.exec(text);
      if (!m || !validDate(m[1]!, m[2]!, m[3]!)) throw t.fail(node, `Value cannot be cast to date: ${text}`);
      return { sql: `DATE '${m[1]}-${pad(m[2], 2)}-${pad(m[3], 2)}'`, type: T.date, at, atom: true };
    }
    case 'timestamp': {
      const m = TIMESTAMP_RE.exec(text);
      if (!m || !validDate(m[1]!, m[2]!, m[3]!) || Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59)
        throw t.fail(node, `Value cannot be cast to timestamp: ${text}`);
      const fraction = m[7] ?? '';
      const precision = fraction.length;
      if (precision > 6) throw t.unsupported(node, `a timestamp with ${precision} fractional digits`, 'DuckDB keeps microseconds');
      const local = `${m[1]}-${pad(m[2], 2)}-${pad(m[3], 2)} ${pad(m[4], 2)}:${pad(m[5], 2)}:${pad(m[6], 2)}${fraction ? `.${fraction}` : ''}`;
      if (m[8] === undefined) return { sql: `TIMESTAMP '${local}'`, type: T.timestamp(precision), at, atom: true };
      const zone = canonicalZone(m[8]);
      if (zone === undefined) throw t.fail(node, `Time zone not supported: ${m[8]}`);
      return { sql: instantOf(`TIMESTAMP '${local}'`, zone), type: T.timestamptz(precision, zone), at, atom: true };
    }
    case 'time': {
      // a TIME's zone is an offset only (Trino's DateTimes: `[+-]hh:mm`): a political zone is no TIME literal in
      // Athena (engine-versions-reference-0003.html, "Political time zones with TIME not supported": INVALID LITERAL)
      if (/^\s*\d{1,2}:\d{1,2}(:\d{1,2}(\.\d+)?)?\s*[A-Za-z]/.test(text)) throw t.fail(node, `'${text}' is not a valid TIME literal`);
      if (/^\s*\d{1,2}:\d{1,2}(:\d{1,2}(\.\d+)?)?\s*[-+]/.test(text)) throw t.unsupported(node, 'time with time zone');
      const m = TIME_RE.exec(text);
      if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) throw t.fail(node, `Value cannot be cast to time: ${text}`);
      const fraction = m[4] ?? '';
      if (fraction.length > 6) throw t.unsupported(node, `a time with ${fraction.length} fractional digits`, 'DuckDB keeps microseconds');
      return { sql: `TIME '${pad(m[1], 2)}:${pad(m[2], 2)}:${pad(m[3], 2)}${fraction ? `.${fraction}` : ''}'`, type: T.time(fraction.length), at, atom: true };
    }
    case 'decimal':
    case 'numeric':
      return decimalLiteral(t, text, at);
    case 'json': {
      // read as json_parse reads it (keys sorted, the last of a repeated key kept: functions/jsonParse.ts)
      const parsed = trinoJsonParse(text);
      if (parsed === undefined) throw t.fail(node, `Cannot convert value to JSON: '${text}'`);
      return { sql: sql`CAST(${str(parsed)} AS JSON)`, type: T.json, at, atom: true };
    }
    case 'char':
      return { sql: str(text), type: T.char(Math.max(1, [...text].length)), at, atom: true };
    case 'varchar':
      // `VARCHAR '…'` is an unbounded varchar, unlike a bare '…' (varchar(n)): Trino's AbstractTestRegexpFunctions
      // types regexp_replace(VARCHAR 'x', '.*', 'xxxxx') createUnboundedVarcharType()
      return { ...varcharConstant(text, at), type: T.varchar };
    case 'ipaddress':
      return ipAddressConstant(t, node, text, at);
    case 'uuid':
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text.trim())) throw t.fail(node, `Invalid UUID string length: ${text.length}`);
      return { sql: `UUID '${text.trim()}'`, type: T.uuid, at, atom: true };
    default: {
      const target = SIMPLE_TYPES[typeName];
      if (!target) throw t.fail(node, `Unknown type: ${typeName}`);
      const source = varcharConstant(text, at);
      return { sql: castSql(t, source, target, 'cast'), type: target, at };
    }
  }
}

const SIMPLE_TYPES: Record<string, SqlType> = {
  bigint: T.bigint,
  integer: T.integer,
  int: T.integer,
  smallint: T.smallint,
  tinyint: T.tinyint,
  double: T.double,
  real: T.real,
  boolean: T.boolean,
  varbinary: T.varbinary,
};

function validDate(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const year = Number(y);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

// ---------------------------------------------------------------- intervals

const FIELD_MICROS: Record<string, bigint> = { day: 86_400_000_000n, hour: 3_600_000_000n, minute: 60_000_000n, second: 1_000_000n };

export function intervalLiteral(t: Translator, ctx: IntervalContext): Typed {
  const at = offsetOf(ctx);
  const text = stringText(t, ctx.string());
  const fields = ctx.intervalField().map((f) => f.getText().toLowerCase());
  const from = fields[0]!;
  const to = fields[1];
  const negative = ctx.MINUS() !== null;
  const bad = () => t.fail(ctx, `Invalid INTERVAL ${from.toUpperCase()}${to ? ` TO ${to.toUpperCase()}` : ''} value: ${text}`);
  if (from === 'year' || from === 'month') {
    let months: bigint;
    if (to === undefined) {
      const m = /^\s*([+-]?)(\d+)\s*$/.exec(text);
      if (!m) throw bad();
      months = BigInt(m[2]!) * (from === 'year' ? 12n : 1n) * (m[1] === '-' ? -1n : 1n);
    } else {
      if (from !== 'year' || to !== 'month') throw bad();
      const m = /^\s*([+-]?)(\d+)-(\d+)\s*$/.exec(text);
      if (!m) throw bad();
      months = (BigInt(m[2]!) * 12n + BigInt(m[3]!)) * (m[1] === '-' ? -1n : 1n);
    }
    if (negative) months = -months;
    return { sql: `to_months(${months})`, type: T.intervalYM, at, atom: true };
  }
  const order = ['day', 'hour', 'minute', 'second'];
  const first = order.indexOf(from);
  const last = to === undefined ? first : order.indexOf(to);
  if (first < 0 || last < first) throw bad();
  const m = /^\s*([+-]?)(.*?)\s*$/.exec(text)!;
  const body = m[2]!;
  // day: "d", day to hour: "d h", … hour to second: "h:m:s", each lower field optional from the right
  const parts = body.split(/[ :]/);
  const used = order.slice(first, last + 1);
  if (parts.length === 0 || parts.length > used.length) throw bad();
  let micros = 0n;
  for (let i = 0; i < parts.length; i++) {
    const field = used[i]!;
    const p = parts[i]!;
    if (field === 'second') {
      const s = /^(\d+)(?:\.(\d{1,9}))?$/.exec(p);
      if (!s) throw bad();
      micros += BigInt(s[1]!) * 1_000_000n + BigInt(((s[2] ?? '') + '000000').slice(0, 6));
    } else {
      if (!/^\d+$/.test(p)) throw bad();
      micros += BigInt(p) * FIELD_MICROS[field]!;
    }
  }
  if (m[1] === '-') micros = -micros;
  if (negative) micros = -micros;
  return { sql: `to_microseconds(CAST(${micros} AS BIGINT))`, type: T.intervalDS, at, atom: true };
}

/** An IPADDRESS constant: its 16 bytes as DuckDB's UHUGEINT (src/core/sql/dialects/ipaddress.ts). */
export function ipAddressConstant(t: Translator, node: ParserRuleContext | number, text: string, at: number): Typed {
  const n = parseIpAddress(text);
  if (n === undefined) throw t.fail(node, `Cannot cast value to IPADDRESS: ${text}`);
  return { sql: `CAST('${n.toString()}' AS UHUGEINT)`, type: T.ipaddress, at, atom: true };
}
