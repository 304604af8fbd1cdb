/**
 * Text made from numbers and bytes the way Java makes it:
 * - format_string / printf: java.util.Formatter with a constant pattern — `%s` (Java's text of the value, `null`
 *   for NULL), `%d` and `%,d`, `%.nf` (half up on the decimal text), widths with `-` and `0`, `%%`, `%n`; other
 *   conversions are refused by name;
 * - format_number(x, d | pattern): java.text.DecimalFormat, HALF_EVEN, `#,###,##0.00…` or a pattern of `#`, `0`,
 *   `,` and `.`;
 * - conv(num, from, to): Spark's NumberConverter (a negative base is signed; an unsigned 64-bit value otherwise);
 * - crc32 (CRC-32/IEEE of the bytes), soundex (UTF8String.soundex: American Soundex, H and W transparent).
 */
import { join, type Sql } from '../../dialects/emit';
import { duckDbType, isFloating, isIntegral, T } from '../../dialects/sqlType';
import { castSql } from '../casts';
import type { Typed } from '../model';
import { bind, freshName, sql, str } from '../sqlText';
import { constantArg, custom, type Call, type FunctionTable } from './registry';

// ---------------------------------------------------------------- format_string

interface Spec {
  flags: string;
  width?: number;
  precision?: number;
  conversion: string;
  index?: number;
}

const SPEC = /%(\d+\$)?([-#+ 0,(]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/y;

/** a decimal value's text rounded half up to `p` places (Java's Formatter on the value's decimal text) */
function fixed(x: Typed, p: number): Sql {
  const decimal = isFloating(x.type) ? sql`CAST(CAST(${x.sql} AS VARCHAR) AS DECIMAL(38,18))` : sql`CAST(${x.sql} AS DECIMAL(38,${Math.max(p, x.type.kind === 'decimal' ? x.type.scale : 0)}))`;
  return sql`CAST(CAST(round(${decimal}, ${p}) AS DECIMAL(38,${p})) AS VARCHAR)`;
}

function groupDigits(text: Sql): Sql {
  return bind(text, (v) => sql`format('{:,}', CAST(split_part(${v}, '.', 1) AS HUGEINT)) || CASE WHEN contains(${v}, '.') THEN '.' || split_part(${v}, '.', 2) ELSE '' END`);
}

function formatString(c: Call): Typed {
  const pattern = constantArg(c, 0, 'format');
  if (pattern === null) return { sql: sql`CAST(NULL AS VARCHAR)`, type: T.varchar, at: c.at };
  const p = String(pattern);
  const parts: Sql[] = [];
  let text = '';
  let next = 1;
  for (let i = 0; i < p.length; ) {
    if (p[i] !== '%') {
      text += p[i++];
      continue;
    }
    SPEC.lastIndex = i;
    const m = SPEC.exec(p);
    if (!m) throw c.t.unsupported(c.args[0]!.at, `${c.name} with the format specifier ${p.slice(i, i + 2)}`);
    i = SPEC.lastIndex;
    const spec: Spec = { flags: m[2] ?? '', conversion: m[5]!, ...(m[3] ? { width: Number(m[3]) } : {}), ...(m[4] ? { precision: Number(m[4]) } : {}), ...(m[1] ? { index: Number(m[1].slice(0, -1)) } : {}) };
    if (spec.conversion === '%') {
      text += '%';
      continue;
    }
    if (spec.conversion === 'n') {
      text += '\n';
      continue;
    }
    if (text) parts.push(str(text));
    text = '';
    const argIndex = spec.index ?? next++;
    const arg = c.args[argIndex];
    if (!arg) throw c.t.fail(c.node, `[INVALID_PARAMETER_VALUE] ${c.name}: the format needs an argument for ${m[0]}`);
    if (/[^-0,]/.test(spec.flags)) throw c.t.unsupported(c.args[0]!.at, `${c.name} with the flags ${spec.flags}`);
    let value: Sql;
    switch (spec.conversion) {
      case 's':
      case 'S':
        if (spec.precision !== undefined) throw c.t.unsupported(c.args[0]!.at, `${c.name} with %.ns`);
        value = arg.type.kind === 'unknown' ? sql`'null'` : sql`coalesce(${castSql(c.t, arg, T.varchar)}, 'null')`;
        if (spec.conversion === 'S') value = sql`upper(${value})`;
        break;
      case 'd':
        if (!isIntegral(arg.type) && arg.type.kind !== 'decimal') throw c.t.fail(arg.at, `[FORMAT] ${c.name}: %d needs an integral value`);
        value = spec.flags.includes(',') ? sql`format('{:,}', CAST(${arg.sql} AS HUGEINT))` : sql`CAST(${arg.sql} AS VARCHAR)`;
        value = sql`coalesce(${value}, 'null')`;
        break;
      case 'f': {
        const text2 = fixed(arg, spec.precision ?? 6);
        value = sql`coalesce(${spec.flags.includes(',') ? groupDigits(text2) : text2}, 'null')`;
        break;
      }
      default:
        throw c.t.unsupported(c.args[0]!.at, `${c.name} with the conversion %${spec.conversion}`);
    }
    if (spec.width !== undefined) {
      if (spec.flags.includes('-')) value = sql`rpad(${value}, greatest(${spec.width}, length(${value})), ' ')`;
      else if (spec.flags.includes('0')) value = bind(value, (v) => sql`CASE WHEN starts_with(${v}, '-') THEN '-' || lpad(substr(${v}, 2), greatest(${spec.width! - 1}, length(${v}) - 1), '0') ELSE lpad(${v}, greatest(${spec.width!}, length(${v})), '0') END`);
      else value = sql`lpad(${value}, greatest(${spec.width}, length(${value})), ' ')`;
    }
    parts.push(value);
  }
  if (text) parts.push(str(text));
  return { sql: parts.length === 0 ? sql`''` : sql`(${join(parts, ' || ')})`, type: T.varchar, at: c.at, atom: true };
}

// ---------------------------------------------------------------- format_number

/** DecimalFormat with HALF_EVEN: `min`..`max` fraction digits, grouping by 3 when `grouped` */
function decimalFormat(x: Typed, minFraction: number, maxFraction: number, grouped: boolean, minInteger: number): Sql {
  const k = Math.max(maxFraction + 1, x.type.kind === 'decimal' ? x.type.scale : 0, 1);
  const exact = isFloating(x.type) ? sql`CAST(CAST(${x.sql} AS VARCHAR) AS DECIMAL(38,${Math.min(k, 18)}))` : sql`CAST(${x.sql} AS DECIMAL(38,${Math.min(k, 37)}))`;
  const unit = `CAST('1${'0'.repeat(maxFraction)}' AS DECIMAL(38,0))`;
  // half even: q = x·10^d; floor; compare the rest with one half
  const rounded = bind(sql`${exact} * ${unit}`, (q) =>
    bind(sql`floor(${q})`, (f) => sql`CAST((CASE WHEN ${q} - ${f} > 0.5 THEN ${f} + 1 WHEN ${q} - ${f} < 0.5 THEN ${f} WHEN ${f} % 2 = 0 THEN ${f} ELSE ${f} + 1 END) / ${unit} AS DECIMAL(38,${maxFraction}))`),
  );
  return bind(sql`CAST(${rounded} AS VARCHAR)`, (v) => {
    const intPart = sql`ltrim(split_part(${v}, '.', 1), '-')`;
    const frac = sql`rtrim(split_part(${v}, '.', 2), '0')`;
    const fracText = sql`rpad(${frac}, CAST(greatest(length(${frac}), ${minFraction}) AS INTEGER), '0')`;
    const intDigits = sql`lpad(ltrim(${intPart}, '0'), CAST(greatest(length(ltrim(${intPart}, '0')), ${minInteger}) AS INTEGER), '0')`;
    const grouping = grouped ? sql`CASE WHEN ${intDigits} = '' THEN '' ELSE format('{:,}', CAST(${intDigits} AS HUGEINT)) END` : intDigits;
    const negative = sql`CASE WHEN starts_with(${v}, '-') AND (ltrim(${intPart}, '0') <> '' OR ${frac} <> '') THEN '-' ELSE '' END`;
    return sql`${negative} || ${grouping} || CASE WHEN ${fracText} = '' THEN '' ELSE '.' || ${fracText} END`;
  });
}

function formatNumber(c: Call): Typed {
  const x = c.arg(0, 'numeric');
  const d = constantArg(c, 1, 'number of decimal places or pattern');
  if (d === null) return { sql: sql`CAST(NULL AS VARCHAR)`, type: T.varchar, at: c.at };
  if (typeof d === 'number') {
    if (d < 0) return { sql: sql`CAST(NULL AS VARCHAR)`, type: T.varchar, at: c.at };
    return { sql: decimalFormat(x, d, d, true, 1), type: T.varchar, at: c.at, atom: true };
  }
  const pattern = String(d);
  if (pattern === '') return { sql: decimalFormat(x, 0, 0, true, 1), type: T.varchar, at: c.at, atom: true };
  const m = /^([#0,]*)(?:\.([#0]*))?$/.exec(pattern);
  if (!m || (m[1] ?? '').endsWith(',')) throw c.t.unsupported(c.args[1]!.at, `format_number with the pattern '${pattern}'`);
  const integer = m[1] ?? '';
  const fraction = m[2] ?? '';
  const groups = integer.split(',');
  if (groups.length > 1 && groups[groups.length - 1]!.length !== 3) throw c.t.unsupported(c.args[1]!.at, `format_number with a grouping size other than 3 ('${pattern}')`);
  const minInteger = (integer.match(/0/g) ?? []).length;
  const minFraction = (fraction.match(/0/g) ?? []).length;
  return { sql: decimalFormat(x, minFraction, fraction.length, groups.length > 1, minInteger), type: T.varchar, at: c.at, atom: true };
}

// ---------------------------------------------------------------- conv, crc32, soundex

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

function conv(c: Call): Typed {
  const num = c.arg(0, T.varchar);
  const from = constantArg(c, 1, 'base');
  const to = constantArg(c, 2, 'base');
  if (from === null || to === null) return { sql: sql`CAST(NULL AS VARCHAR)`, type: T.varchar, at: c.at };
  const fb = Number(from);
  const tb = Number(to);
  if (!Number.isInteger(fb) || !Number.isInteger(tb) || Math.abs(fb) < 2 || Math.abs(fb) > 36 || Math.abs(tb) < 2 || Math.abs(tb) > 36) return { sql: sql`CAST(NULL AS VARCHAR)`, type: T.varchar, at: c.at };
  const base = Math.abs(fb);
  const valid = DIGITS.slice(0, base);
  const ch = freshName('d');
  const acc = freshName('a');
  // the valid prefix's digits, as an unsigned 64-bit value (wrapping as Spark's does)
  const value = bind(sql`regexp_extract(lower(trim(${num.sql})), ${str(`^(-?)([${valid}]*)`)}, ['sign', 'digits'])`, (p) => {
    const magnitude = sql`list_reduce(list_transform(string_split(${p}.digits, ''), lambda ${ch}: CAST(strpos(${str(DIGITS)}, ${ch}) - 1 AS HUGEINT)), lambda ${acc}, ${ch}: (${acc} * ${base} + ${ch}) % 18446744073709551616, 0::HUGEINT)`;
    return sql`CASE WHEN ${p}.digits = '' THEN NULL WHEN ${p}.sign = '-' THEN (18446744073709551616 - ${magnitude}) % 18446744073709551616 ELSE ${magnitude} END`;
  });
  const toBase = Math.abs(tb);
  const maxDigits = Math.ceil(64 / Math.log2(toBase)) + 1;
  const render = (v: Sql) => {
    const i = freshName('i');
    const digits = sql`array_to_string(list_reverse(list_transform(range(${maxDigits}), lambda ${i}: substr(${str(DIGITS.toUpperCase())}, CAST((${v} // CAST(pow(${toBase}::HUGEINT, ${i}) AS HUGEINT)) % ${toBase} AS INTEGER) + 1, 1))), '')`;
    return sql`coalesce(nullif(ltrim(${digits}, '0'), ''), '0')`;
  };
  const out = bind(value, (v) => {
    if (tb > 0) return render(v);
    const signed = sql`CASE WHEN ${v} >= 9223372036854775808 THEN ${v} - 18446744073709551616 ELSE ${v} END`;
    return bind(signed, (s) => sql`CASE WHEN ${s} < 0 THEN '-' || ${render(sql`(- ${s})`)} ELSE ${render(s)} END`);
  });
  return { sql: sql`CASE WHEN ${num.sql} IS NULL THEN NULL ELSE ${out} END`, type: T.varchar, at: c.at, atom: true };
}

/** CRC-32 (IEEE 802.3), the table computed here */
const CRC_TABLE = (() => {
  const t: number[] = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t.push(c >>> 0);
  }
  return t;
})();

function crc32(c: Call): Typed {
  const b = c.arg(0, T.varbinary);
  const i = freshName('i');
  const acc = freshName('c');
  const byte = freshName('b');
  const bytes = sql`list_transform(range(octet_length(${b.sql})), lambda ${i}: CAST('0x' || substr(hex(${b.sql}), 2 * ${i} + 1, 2) AS BIGINT))`;
  const table = `([${CRC_TABLE.join(', ')}]::BIGINT[])`;
  const step = sql`xor(${table}[(xor(${acc}, ${byte}) & 255) + 1], ${acc} >> 8)`;
  return { sql: sql`CASE WHEN ${b.sql} IS NULL THEN NULL ELSE xor(list_reduce(${bytes}, lambda ${acc}, ${byte}: ${step}, 4294967295::BIGINT), 4294967295) END`, type: T.bigint, at: c.at, atom: true };
}

/** UTF8String.soundex */
function soundex(c: Call): Typed {
  const s = c.arg(0, T.varchar);
  const mapping = '01230127022455012623017202';
  const code = (ch: Sql) => sql`substr(${str(mapping)}, ascii(upper(${ch})) - 64, 1)`;
  const st = freshName('s');
  const ch = freshName('ch');
  // state: the code so far and the last letter's code; non-letters reset it, H and W ('7') are skipped
  const step = sql`CASE WHEN length(${st}.out) >= 4 THEN ${st} WHEN NOT regexp_full_match(${ch}, '[A-Za-z]') THEN {'out': ${st}.out, 'last': '0'} WHEN ${code(ch)} = '7' THEN ${st} WHEN ${code(ch)} <> '0' AND ${code(ch)} <> ${st}.last THEN {'out': ${st}.out || ${code(ch)}, 'last': ${code(ch)}} ELSE {'out': ${st}.out, 'last': ${code(ch)}} END`;
  const body = bind(s.sql, (v) => {
    const first = sql`upper(left(${v}, 1))`;
    const rest = sql`list_reduce(list_transform(string_split(substr(${v}, 2), ''), lambda ${ch}: {'out': ${ch}, 'last': ''}), lambda ${st}, ${ch}x: list_transform([${ch}x.out], lambda ${ch}: ${step})[1], {'out': ${first}, 'last': ${code(first)}})`;
    return sql`CASE WHEN ${v} = '' THEN '' WHEN NOT regexp_full_match(left(${v}, 1), '[A-Za-z]') THEN ${v} WHEN length(${v}) = 1 THEN ${first} || '000' ELSE rpad((${rest}).out, 4, '0') END`;
  });
  return { sql: body, type: T.varchar, at: c.at, atom: true };
}

export const TEXT_FORMATS: FunctionTable = {
  format_string: custom([1, 1000], formatString),
  printf: custom([1, 1000], formatString),
  format_number: custom([2, 2], formatNumber),
  conv: custom([3, 3], conv),
  crc32: custom([1, 1], crc32),
  soundex: custom([1, 1], soundex),
};

export { duckDbType };
