/**
 * format(pattern, args…): Java's Formatter (trinodb/trino docs functions/conversion.md "Formatting"). The pattern
 * must be a constant. When every argument is a constant the text is made here, with Java's rules (HALF_UP
 * rounding of the shortest decimal form of a double, `,` grouping, `%2$s` argument indexes); otherwise `%s` of
 * strings and integers and `%d` are emitted as SQL, and any other conversion of a value only known when the query
 * runs is refused.
 */
import { failure, join, sql, type Sql } from '../../dialects/emit';
import { isIntegral, T, trinoTypeName } from '../../dialects/sqlType';
import { castSql, javaDoubleText, str } from '../casts';
import type { Typed } from '../model';
import { constantString, custom, fn, type Call, type FunctionTable } from './registry';

class FormatError extends Error {}

interface Spec {
  index?: number;
  flags: string;
  width?: number;
  precision?: number;
  conversion: string;
}

type Piece = string | Spec;

const SPEC = /%(\d+\$)?([-#+ 0,(<]*)(\d+)?(?:\.(\d+))?([tT][a-zA-Z]|[a-zA-Z%])/y;

function parse(pattern: string): Piece[] {
  const out: Piece[] = [];
  let text = '';
  for (let i = 0; i < pattern.length; ) {
    if (pattern[i] !== '%') {
      text += pattern[i++];
      continue;
    }
    SPEC.lastIndex = i;
    const m = SPEC.exec(pattern);
    if (!m) throw new FormatError(`Format specifier '${pattern.slice(i, i + 2)}'`);
    i = SPEC.lastIndex;
    const conversion = m[5]!;
    if (conversion === '%') {
      text += '%';
      continue;
    }
    if (conversion === 'n') {
      text += '\n';
      continue;
    }
    if (text) out.push(text);
    text = '';
    out.push({ ...(m[1] ? { index: Number(m[1].slice(0, -1)) } : {}), flags: m[2] ?? '', ...(m[3] ? { width: Number(m[3]) } : {}), ...(m[4] ? { precision: Number(m[4]) } : {}), conversion });
  }
  if (text) out.push(text);
  return out;
}

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** decimal digits text `d.ddd` rounded HALF_UP to `p` places */
function roundHalfUp(text: string, p: number): string {
  const negative = text.startsWith('-');
  const [i = '0', f = ''] = (negative ? text.slice(1) : text).split('.');
  const digits = (i + f.padEnd(p + 1, '0')).split('').map(Number);
  const keep = i.length + p;
  let carry = digits[keep]! >= 5 ? 1 : 0;
  const kept = digits.slice(0, keep);
  for (let k = kept.length - 1; k >= 0 && carry; k--) {
    const d = kept[k]! + carry;
    kept[k] = d % 10;
    carry = d >= 10 ? 1 : 0;
  }
  if (carry) kept.unshift(1);
  const s = kept.join('');
  const intLen = s.length - p;
  const out = p > 0 ? `${s.slice(0, intLen) || '0'}.${s.slice(intLen)}` : s || '0';
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

/** plain decimal text of a number (no exponent) */
function plain(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
  const [m, e] = v.toExponential().split('e');
  const exp = Number(e);
  const negative = m!.startsWith('-');
  const digits = m!.replace(/^-/, '').replace('.', '');
  let s: string;
  if (exp >= 0) s = digits.length > exp + 1 ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}` : digits.padEnd(exp + 1, '0');
  else s = `0.${'0'.repeat(-exp - 1)}${digits}`;
  return negative ? `-${s}` : s;
}

function pad(text: string, spec: Spec, zeroable: boolean): string {
  if (spec.width === undefined || text.length >= spec.width) return text;
  if (spec.flags.includes('-')) return text.padEnd(spec.width, ' ');
  if (zeroable && spec.flags.includes('0')) {
    const sign = /^[-+ ]/.test(text) ? text[0]! : '';
    return sign + text.slice(sign.length).padStart(spec.width - sign.length, '0');
  }
  return text.padStart(spec.width, ' ');
}

/** One conversion of a constant argument, as Java writes it. */
function convert(spec: Spec, arg: Typed): string {
  const v = arg.value;
  const c = spec.conversion;
  if (v === null || v === undefined) return pad('null', spec, false);
  switch (c) {
    case 's':
    case 'S': {
      let text = typeof v === 'number' ? (arg.type.kind === 'double' || arg.type.kind === 'real' ? javaDoubleText(v, arg.type.kind === 'real') : isIntegral(arg.type) ? String(v) : plain(v)) : String(v);
      if (arg.type.kind === 'decimal' && typeof arg.sql === 'string') text = /'([^']*)'/.exec(arg.sql)?.[1] ?? text;
      if (spec.precision !== undefined) text = text.slice(0, spec.precision);
      return pad(c === 'S' ? text.toUpperCase() : text, spec, false);
    }
    case 'b':
    case 'B':
      return pad(String(v !== false), spec, false);
    case 'd': {
      if (typeof v !== 'number' || !isIntegral(arg.type)) throw new FormatError(`%d of ${arg.type.kind}`);
      let text = String(Math.abs(v));
      if (spec.flags.includes(',')) text = group(text);
      text = (v < 0 ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '') + text;
      return pad(text, spec, true);
    }
    case 'x':
    case 'X':
    case 'o': {
      if (typeof v !== 'number' || !isIntegral(arg.type)) throw new FormatError(`%${c} of ${arg.type.kind}`);
      const bits = arg.type.kind === 'bigint' ? 64n : arg.type.kind === 'integer' ? 32n : arg.type.kind === 'smallint' ? 16n : 8n;
      const u = v < 0 ? (1n << bits) + BigInt(v) : BigInt(v);
      const text = u.toString(c === 'o' ? 8 : 16);
      return pad(c === 'X' ? text.toUpperCase() : text, spec, true);
    }
    case 'f': {
      if (typeof v !== 'number') throw new FormatError(`%f of ${arg.type.kind}`);
      if (isIntegral(arg.type)) throw new FormatError('%f of an integer');
      const p = spec.precision ?? 6;
      const source = arg.type.kind === 'decimal' && typeof arg.sql === 'string' ? (/'([^']*)'/.exec(arg.sql)?.[1] ?? plain(v)) : plain(v);
      let text = roundHalfUp(source, p);
      const negative = text.startsWith('-');
      if (negative) text = text.slice(1);
      if (spec.flags.includes(',')) {
        const [i, f] = text.split('.');
        text = group(i!) + (f !== undefined ? `.${f}` : '');
      }
      text = (negative ? '-' : spec.flags.includes('+') ? '+' : '') + text;
      return pad(text, spec, true);
    }
    default:
      throw new FormatError(`the conversion %${c}`);
  }
}

/** java.util.Formatter's date conversions (%tX) with an exact strftime equal (English names, as Trino's JVM) */
const DATE_CONVERSIONS: Record<string, string> = {
  A: '%A', a: '%a', B: '%B', b: '%b', h: '%b', d: '%d', e: '%-d', Y: '%Y', y: '%y', m: '%m', j: '%j', F: '%Y-%m-%d', D: '%m/%d/%y',
};
/** … and its time conversions (a date has none: Java fails) */
const TIME_CONVERSIONS: Record<string, string> = {
  H: '%H', I: '%I', k: '%-H', l: '%-I', M: '%M', S: '%S', L: '%g', p: '%p', R: '%H:%M', T: '%H:%M:%S', r: '%I:%M:%S %p',
};

function format(c: Call): Sql {
  const pattern = constantString(c, 0, 'format');
  let pieces: Piece[];
  try {
    pieces = parse(pattern);
  } catch (e) {
    throw c.t.unsupported(c.given[0]!.at, `format with ${(e as Error).message}`);
  }
  const args = c.given.slice(1);
  let next = 0;
  let previous = -1;
  const parts: Sql[] = [];
  let constant = '';
  const flush = () => {
    if (constant) parts.push(str(constant));
    constant = '';
  };
  for (const p of pieces) {
    if (typeof p === 'string') {
      constant += p;
      continue;
    }
    // `%<…`: the argument of the specifier before
    const index = p.flags.includes('<') ? previous : p.index !== undefined ? p.index - 1 : next++;
    previous = index;
    const arg = args[index];
    if (!arg) throw c.t.fail(c.node, `Format specifier '%${p.conversion}' has no argument`);
    if (arg.value !== undefined) {
      try {
        constant += convert(p, arg);
        continue;
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        throw c.t.unsupported(arg.at, `format with ${e.message}`);
      }
    }
    // a value known only when the query runs: dates and times (%t…), strings and integers
    const s = p.conversion;
    const ty = arg.type;
    if (/^[tT]/.test(s)) {
      const date = DATE_CONVERSIONS[s[1]!];
      const time = TIME_CONVERSIONS[s[1]!];
      const spec = ty.kind === 'date' ? date : ty.kind === 'timestamp' ? (date ?? time) : undefined;
      if (spec === undefined || p.width !== undefined || p.flags.replace('<', '') !== '') throw c.t.unsupported(arg.at, `format('%${p.flags}${p.width ?? ''}${s}') of a ${trinoTypeName(ty)}`);
      flush();
      let text: Sql = sql`strftime(${arg.sql}, ${str(spec)})`;
      if (s[1] === 'p') text = sql`lower(${text})`;
      parts.push(s[0] === 'T' ? sql`upper(${text})` : text);
      continue;
    }
    const simple = (s === 's' && (ty.kind === 'varchar' || ty.kind === 'char' || isIntegral(ty) || ty.kind === 'boolean')) || (s === 'd' && isIntegral(ty));
    if (!simple || p.precision !== undefined || /[,(+ #<]/.test(p.flags)) throw c.t.unsupported(arg.at, `format('%${p.flags}${p.width ?? ''}${p.precision !== undefined ? `.${p.precision}` : ''}${s}') of a value only known when the query runs`);
    flush();
    const text = sql`coalesce(${ty.kind === 'varchar' ? arg.sql : castSql(c.t, arg, T.varchar, 'cast')}, 'null')`;
    const w = p.width;
    parts.push(
      w === undefined
        ? text
        : p.flags.includes('-')
          ? sql`rpad(${text}, CAST(greatest(${String(w)}, length(${text})) AS INTEGER), ' ')`
          : p.flags.includes('0') && s === 'd'
            ? sql`CASE WHEN ${arg.sql} < 0 THEN '-' || lpad(CAST(abs(${arg.sql}) AS VARCHAR), CAST(greatest(${String(w - 1)}, length(CAST(abs(${arg.sql}) AS VARCHAR))) AS INTEGER), '0') ELSE lpad(${text}, CAST(greatest(${String(w)}, length(${text})) AS INTEGER), '0') END`
            : sql`lpad(${text}, CAST(greatest(${String(w)}, length(${text})) AS INTEGER), ' ')`,
    );
  }
  flush();
  return parts.length === 0 ? "''" : parts.length === 1 ? parts[0]! : sql`(${join(parts, ' || ')})`;
}

const UNITS: Record<string, number> = { B: 0, kB: 1, MB: 2, GB: 3, TB: 4, PB: 5, EB: 6, ZB: 7, YB: 8 };

/**
 * format_number (Trino's FormatNumberFunction): the number (a double truncated to a long first) divided by 1000 while
 * it is 1000 or more in magnitude (at most five times: K M B T Q), then written with java.text.DecimalFormat's
 * `#.##` below 10 (every negative number too), `#.#` below 100, `#` above — HALF_UP, no trailing zeros.
 */
function formatNumber(c: Call): Sql {
  const a = c.args[0]!;
  const n = a.type.kind === 'double' ? sql`least(greatest(trunc(CASE WHEN isnan(${a.sql}) THEN 0 ELSE ${a.sql} END), -9.223372036854775808e18), 9.223372036854775807e18)` : sql`CAST(${a.sql} AS DOUBLE)`;
  const units = ['', 'K', 'M', 'B', 'T', 'Q'];
  const level = (f: Sql) => sql`CASE ${join([5, 4, 3, 2, 1].map((k) => sql`WHEN abs(${f}) >= 1e${String(3 * k)} THEN ${String(k)}`), ' ')} ELSE 0 END`;
  const scaled = (f: Sql, k: number) => (k === 0 ? f : sql`${f}${'/1000'.repeat(k)}`);
  const text = (v: Sql) => {
    const digits = (d: number) => sql`printf('%.${String(d)}f', sign(${v}) * floor(abs(${v}) * ${String(10 ** d)} + 0.5) / ${String(10 ** d)})`;
    return sql`CASE WHEN ${v} < 10 THEN regexp_replace(${digits(2)}, '\\.?0+$', '') WHEN ${v} < 100 THEN regexp_replace(${digits(1)}, '\\.?0+$', '') ELSE ${digits(0)} END`;
  };
  const body = (f: Sql) => sql`CASE ${level(f)} ${join(units.map((u, k) => sql`WHEN ${String(k)} THEN ${text(scaled(f, k))} || ${str(u)}`), ' ')} END`;
  // (0 is written "0": DecimalFormat writes zero as its one digit)
  return sql`CASE WHEN ${n} IS NULL THEN NULL WHEN ${n} = 0 THEN '0' ELSE ${body(n)} END`;
}

export const FORMAT: FunctionTable = {
  format_number: custom(['bigint -> varchar', 'double -> varchar'], formatNumber),
  format: custom('varchar, any... -> varchar', format),
  parse_data_size: fn('varchar -> decimal(38,0)', (s) => {
    const m = sql`regexp_extract(${s}, '^\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]+)\\s*$', ['n', 'u'])`;
    const cases = Object.entries(UNITS).map(([u, k]) => sql` WHEN '${u}' THEN ${String(1024n ** BigInt(k))}`);
    return sql`CASE WHEN ${m}.n = '' THEN ${failure(sql`'Invalid data size: ''' || ${s} || ''''`)} ELSE CAST(floor(CAST(${m}.n AS DECIMAL(38,10)) * CASE ${m}.u${join(cases, '')} ELSE ${failure(sql`'Invalid data size: ''' || ${s} || ''''`)} END) AS DECIMAL(38,0)) END`;
  }),
};
