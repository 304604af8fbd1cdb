/**
 * Spark's number formats (to_char / to_varchar, to_number / try_to_number; Spark 3.5 reference and
 * ToNumberParser): a constant format of `0`/`9` digit slots, a decimal point `.`/`D`, grouping separators `,`/`G`,
 * `$`, and a sign `S` at the start or end. The format is read here; the value is formatted or parsed in SQL.
 * - to_char: the value rounded half up to the fraction slots; leading slots padded with zeros when the integer
 *   slots start with `0`, with spaces otherwise (a separator among the padding becomes a space); a value with more
 *   integer digits than slots is refused when the query runs;
 * - to_number: text that matches the format exactly (a `0` slot sequence needs all its digits, a `9` one up to
 *   its size, separators where the format puts them for that many digits) gives decimal(slots, fraction slots);
 *   anything else fails (try_to_number: NULL).
 * `MI` and `PR` are not translated.
 */
import type { Sql } from '../../dialects/emit';
import { duckDbType, T } from '../../dialects/sqlType';
import type { Typed } from '../model';
import { bind, sql, str } from '../sqlText';
import { constantArg, custom, type Call, type FunctionTable } from './registry';

interface NumberFormat {
  /** the integer part: digit slots and separators, left to right ('0', '9', ',') */
  integer: string;
  fraction: string;
  hasPoint: boolean;
  dollar: 'start' | 'none';
  sign: 'start' | 'end' | 'none';
}

class FormatError extends Error {}

function readFormat(text: string): NumberFormat {
  let f = text.toUpperCase();
  let sign: NumberFormat['sign'] = 'none';
  if (f.startsWith('S')) {
    sign = 'start';
    f = f.slice(1);
  } else if (f.endsWith('S')) {
    sign = 'end';
    f = f.slice(0, -1);
  }
  if (/MI|PR/.test(f)) throw new FormatError('MI and PR');
  let dollar: NumberFormat['dollar'] = 'none';
  if (f.startsWith('$')) {
    dollar = 'start';
    f = f.slice(1);
  }
  f = f.replace(/D/g, '.').replace(/G/g, ',');
  if (!/^[09,]*(\.[09]*)?$/.test(f) || !/[09]/.test(f)) throw new FormatError(`the format ${text}`);
  const [integer = '', fraction = ''] = f.split('.');
  if (integer.startsWith(',') || integer.endsWith(',') || integer.includes(',,')) throw new FormatError(`grouping separators in ${text}`);
  return { integer, fraction, hasPoint: f.includes('.'), dollar, sign };
}

function formatOf(c: Call, i: number): NumberFormat | null {
  const v = constantArg(c, i, 'format');
  if (v === null) return null;
  try {
    return readFormat(String(v));
  } catch (e) {
    if (e instanceof FormatError) throw c.t.unsupported(c.args[i]!.at, `${c.name} with ${e.message}`);
    throw e;
  }
}

/** to_char(number, format) */
function toChar(c: Call): Typed {
  const f = formatOf(c, 1);
  if (!f) return { sql: sql`CAST(NULL AS VARCHAR)`, type: T.varchar, at: c.at };
  const x = c.arg(0, 'decimal');
  const slots = f.integer.replace(/,/g, '').length;
  const scale = f.fraction.length;
  const zeroPad = f.integer.startsWith('0');
  const xScale = x.type.kind === 'decimal' ? x.type.scale : 0;
  // the absolute value rounded half up to the fraction slots, as text
  const rounded = (xv: string) => sql`CAST(CAST(round(abs(CAST(${xv} AS DECIMAL(38,${Math.max(scale, xScale)}))), ${scale}) AS DECIMAL(38,${scale})) AS VARCHAR)`;
  return {
    sql: bind(x.sql, (xv) => bind(rounded(xv), (text) => {
      const intDigits = `split_part(${text}, '.', 1)`;
      const fracDigits = `rpad(split_part(${text}, '.', 2), ${scale}, '0')`;
      const digits = `lpad(CASE WHEN ${intDigits} = '0' AND ${slots} > 0 THEN '' ELSE ${intDigits} END, ${slots}, '${zeroPad ? '0' : ' '}')`;
      // the integer slots with their separators, from the digits right-aligned into the slots
      const pieces: string[] = [];
      let k = 0;
      const chars = [...f.integer];
      chars.forEach((ch, idx) => {
        if (ch === ',') {
          const left = `substr(${digits}, ${k}, 1)`;
          pieces.push(`CASE WHEN ${left} = ' ' THEN ' ' ELSE ',' END`);
          void idx;
        } else {
          k++;
          pieces.push(`substr(${digits}, ${k}, 1)`);
        }
      });
      const integer = pieces.length > 0 ? pieces.join(' || ') : `''`;
      const negative = `(${xv} < 0)`;
      const body = `${f.dollar === 'start' ? `'$' || ` : ''}${integer}${f.hasPoint ? ` || '.' || ${fracDigits}` : ''}`;
      const withSign = f.sign === 'start' ? `CASE WHEN ${negative} THEN '-' ELSE '+' END || ${body}` : f.sign === 'end' ? `${body} || CASE WHEN ${negative} THEN '-' ELSE '+' END` : `${body}`;
      const overflow = c.t.runtimeError(c.at, `${c.name}: the value has more integer digits than the format's slots; Spark prints # for it — not supported by the local engine (Spark has it)`);
      const unsignedNegative = f.sign === 'none' ? sql`WHEN ${negative} THEN ${c.t.runtimeError(c.at, `${c.name}: a negative value with a format without a sign is not supported by the local engine (Spark has it)`)} ` : '';
      return sql`CASE WHEN length(${intDigits}) > ${slots} AND ${intDigits} <> '0' THEN ${overflow} ${unsignedNegative}ELSE ${withSign} END`;
    })),
    type: T.varchar,
    at: c.at,
    atom: true,
  };
}

/** the regular expression of the integer slots for `d` digits: separators where the format has them, from the right */
function integerPattern(f: NumberFormat): string {
  const slots = [...f.integer];
  const count = slots.filter((ch) => ch !== ',').length;
  const zeroPad = f.integer.startsWith('0');
  const alternatives: string[] = [];
  for (let d = zeroPad ? count : 1; d <= count; d++) {
    // the last d digit slots and the separators between them
    let seen = 0;
    let out = '';
    for (let i = slots.length - 1; i >= 0 && seen < d; i--) {
      if (slots[i] === ',') {
        out = `,${out}`;
        continue;
      }
      out = `[0-9]${out}`;
      seen++;
    }
    alternatives.push(out.replace(/^,/, ''));
  }
  return `(${alternatives.join('|')})`;
}

/** to_number / try_to_number(text, format) */
function toNumber(tryIt: boolean) {
  return custom([2, 2], (c) => {
    const f = formatOf(c, 1);
    const slots = f ? f.integer.replace(/,/g, '').length + f.fraction.length : 1;
    const scale = f ? f.fraction.length : 0;
    const type = T.decimal(Math.max(slots, 1), scale);
    if (!f) return { sql: sql`CAST(NULL AS ${duckDbType(type)})`, type, at: c.at };
    const s = c.arg(0, T.varchar);
    const sign = f.sign === 'none' ? '' : '([+-])';
    const pattern = `^${f.sign === 'start' ? sign : ''}${f.dollar === 'start' ? '\\$' : ''}${f.integer ? integerPattern(f) : '()'}${f.hasPoint ? `(?:\\.([0-9]{0,${f.fraction.length}}))?` : '()'}${f.sign === 'end' ? sign : ''}$`;
    const fail: Sql = tryIt ? sql`NULL` : c.t.runtimeError(c.at, sql`'[INVALID_FORMAT.MISMATCH_INPUT] The input ' || ${s.sql} || ' does not match the format ' || ${str(String(c.args[1]!.value))} || '.'`);
    const value = bind(sql`regexp_extract(${s.sql}, ${str(pattern)}, ${f.sign === 'start' ? "['sign', 'i', 'f']" : f.sign === 'end' ? "['i', 'f', 'sign']" : "['i', 'f']"})`, (m) => {
      const digits = sql`replace(${m}.i, ',', '') || '.' || rpad(${m}.f, ${Math.max(scale, 1)}, '0')`;
      const magnitude = sql`CAST(${digits} AS ${duckDbType(type)})`;
      return f.sign === 'none' ? magnitude : sql`CASE WHEN ${m}.sign = '-' THEN - ${magnitude} ELSE ${magnitude} END`;
    });
    return { sql: sql`CASE WHEN ${s.sql} IS NULL THEN NULL WHEN regexp_full_match(${s.sql}, ${str(pattern)}) THEN ${value} ELSE ${fail} END`, type, at: c.at, atom: true };
  });
}

export const NUMBER_FORMATS: FunctionTable = {
  to_char: { ...custom([2, 2], toChar), since: '3.4.0' },
  to_varchar: { ...custom([2, 2], toChar), since: '3.5.0' },
  to_number: toNumber(false),
  try_to_number: toNumber(true),
};
