/**
 * Trino's message for a text that `date_parse` or `parse_datetime` cannot read: Joda-Time's. Both parse with a Joda
 * `DateTimeFormatter` (date_parse's MySQL pattern built by `DateTimeFunctions.createDateTimeFormatter`,
 * parse_datetime's by `DateTimeFormat.forPattern`) and Trino passes Joda's IllegalArgumentException message through
 * (`new TrinoException(INVALID_FUNCTION_ARGUMENT, e)`). Joda parses element by element without going back
 * (`DateTimeParserBucket.doParseMillis`): a number takes as many digits as it may (up to its maximum; a signed one
 * a sign first), a literal must match ignoring case; the first element that reads nothing fails at its start, and
 * text left over after the last fails there — `FormatUtils.createErrorMessage`:
 *
 * | where | message |
 * | --- | --- |
 * | position 0 | `Invalid format: "x"` |
 * | at the end | `Invalid format: "2020-01" is too short` |
 * | inside | `Invalid format: "2020/01/01" is malformed at "/01/01"` |
 *
 * (the text cut to its first position + 32 characters and `...` when longer by more than 3). When every element
 * reads, a field out of its range fails as `computeMillis` sets the fields, largest first: `Cannot parse
 * "2020-13-01": Value 13 for monthOfYear must be in the range [1,12]` (a day against its month's length).
 *
 * Patterns with text elements (month and day names, AM/PM), two-digit years or week fields are not modelled: their
 * failure keeps DuckDB's words.
 */
import { join, sql, type Sql } from '../../dialects/emit';
import { str } from '../casts';

type Field = 'year' | 'yearOfEra' | 'monthOfYear' | 'dayOfYear' | 'dayOfMonth' | 'hourOfDay' | 'clockhourOfHalfday' | 'minuteOfHour' | 'secondOfMinute' | 'fraction';

/** One parser of a Joda formatter: a number of a field (up to `max` digits) or a literal (ignoring case). */
export type ParseElement = { kind: 'number'; field: Field; max: number; signed: boolean } | { kind: 'literal'; text: string };

/** The order `DateTimeParserBucket.computeMillis` sets fields in (SavedField.compareTo: largest range, then duration). */
const SET_ORDER: Field[] = ['year', 'yearOfEra', 'monthOfYear', 'dayOfYear', 'dayOfMonth', 'hourOfDay', 'clockhourOfHalfday', 'minuteOfHour', 'secondOfMinute'];

/** Fixed ranges (Joda's ISOChronology fields); the day of the month and of the year depend on the date. */
const RANGE: Partial<Record<Field, [number, number]>> = {
  yearOfEra: [1, 292278993],
  monthOfYear: [1, 12],
  hourOfDay: [0, 23],
  clockhourOfHalfday: [1, 12],
  minuteOfHour: [0, 59],
  secondOfMinute: [0, 59],
};

const number = (field: Field, max: number, signed = false): ParseElement => ({ kind: 'number', field, max, signed });

/** createDateTimeFormatter's builder calls for the MySQL specifiers modelled here. */
const MYSQL: Record<string, ParseElement[]> = {
  c: [number('monthOfYear', 2)],
  d: [number('dayOfMonth', 2)],
  e: [number('dayOfMonth', 2)],
  f: [number('fraction', 9)],
  H: [number('hourOfDay', 2)],
  h: [number('clockhourOfHalfday', 2)],
  I: [number('clockhourOfHalfday', 2)],
  i: [number('minuteOfHour', 2)],
  j: [number('dayOfYear', 3)],
  k: [number('hourOfDay', 2)],
  l: [number('clockhourOfHalfday', 2)],
  m: [number('monthOfYear', 2)],
  S: [number('secondOfMinute', 2)],
  s: [number('secondOfMinute', 2)],
  T: [number('hourOfDay', 2), { kind: 'literal', text: ':' }, number('minuteOfHour', 2), { kind: 'literal', text: ':' }, number('secondOfMinute', 2)],
  Y: [number('year', 4, true)],
};

/** A MySQL pattern's parsers, as date_parse builds them; undefined when one is not modelled. */
export function mysqlParseElements(format: string): ParseElement[] | undefined {
  const out: ParseElement[] = [];
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      out.push({ kind: 'literal', text: ch });
      continue;
    }
    const spec = format[++i];
    if (spec === undefined) return undefined;
    const elements = MYSQL[spec];
    if (elements) out.push(...elements);
    else if (/[a-zA-Z]/.test(spec)) return undefined;
    else out.push({ kind: 'literal', text: spec });
  }
  return out;
}

const JODA_NUMBERS: Record<string, Field> = { d: 'dayOfMonth', H: 'hourOfDay', h: 'clockhourOfHalfday', m: 'minuteOfHour', s: 'secondOfMinute', D: 'dayOfYear' };

/** Joda's numeric tokens (DateTimeFormat.isNumericToken), for a year followed by another number. */
function numericToken(token: string): boolean {
  const c = token[0]!;
  if (c === "'") return false;
  if ('cCxyYdhHmsSeDFwWkK'.includes(c)) return true;
  return c === 'M' && token.length <= 2;
}

/** Joda's tokens of a pattern (DateTimeFormat.parseToken): a run of one letter, or literal text (quoted or not). */
function jodaTokens(format: string): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < format.length; ) {
    const c = format[i]!;
    if (/[a-zA-Z]/.test(c)) {
      let j = i;
      while (format[j] === c) j++;
      tokens.push(format.slice(i, j));
      i = j;
      continue;
    }
    let text = '';
    let quoted = false;
    for (; i < format.length; i++) {
      const d = format[i]!;
      if (d === "'") {
        if (format[i + 1] === "'") {
          text += "'";
          i++;
        } else quoted = !quoted;
      } else if (!quoted && /[a-zA-Z]/.test(d)) break;
      else text += d;
    }
    tokens.push(`'${text}`);
  }
  return tokens;
}

/** A Joda pattern's parsers, as parse_datetime builds them (DateTimeFormat.parsePatternTo); undefined when one is not modelled. */
export function jodaParseElements(format: string): ParseElement[] | undefined {
  const tokens = jodaTokens(format);
  const out: ParseElement[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    const c = token[0]!;
    const n = token.length;
    if (c === "'") {
      if (n > 1) out.push({ kind: 'literal', text: token.slice(1) });
      continue;
    }
    if (c === 'y' || c === 'Y') {
      if (n === 2) return undefined;
      // a long year unless the next token is a number
      const next = tokens[k + 1];
      out.push(number(c === 'y' ? 'year' : 'yearOfEra', next !== undefined && numericToken(next) ? n : 9, c === 'y'));
    } else if (c === 'M') {
      if (n >= 3) return undefined;
      out.push(number('monthOfYear', 2));
    } else if (c === 'S') out.push(number('fraction', n));
    else if (JODA_NUMBERS[c]) out.push(number(JODA_NUMBERS[c], c === 'D' ? 3 : 2));
    else return undefined;
  }
  return out;
}

const regexEscape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

function elementRegex(e: ParseElement): string {
  if (e.kind === 'literal') return `^(?i)${regexEscape(e.text)}`;
  return `^${e.signed ? '[+-]?' : ''}[0-9]{1,${e.max}}`;
}

/**
 * The SQL of Trino's message for a text `s` (VARCHAR SQL) the elements do not read, or NULL where Joda would read it
 * (a difference the caller leaves to DuckDB's own error). Undefined when the elements are not modelled (non-ASCII
 * literals).
 */
export function jodaParseFailure(s: Sql, elements: ParseElement[]): Sql | undefined {
  if (elements.some((e) => e.kind === 'literal' && /[^\x20-\x7e]/.test(e.text))) return undefined;
  if (elements.length === 0) return undefined;
  // q_k: the position after element k, or -(position + 1) where an element read nothing
  const q = (k: number) => (k === 0 ? '0' : `__q${k}`);
  let body: Sql = `[${elements.map((_, i) => q(i + 1)).join(', ')}]`;
  for (let k = elements.length; k >= 1; k--) {
    const prev = q(k - 1);
    const m = sql`length(regexp_extract(substring(${s}, ${prev} + 1), ${str(elementRegex(elements[k - 1]!))}, 0))`;
    const next = sql`CASE WHEN ${prev} < 0 THEN ${prev} WHEN ${m} = 0 THEN -${prev} - 1 ELSE ${prev} + ${m} END`;
    body = sql`list_transform([${next}], lambda ${q(k)}: ${body})[1]`;
  }
  const last = `__qs[${elements.length}]`;
  const pos = `CASE WHEN ${last} < 0 THEN -${last} - 1 ELSE ${last} END`;
  const message = sql`list_transform([${pos}], lambda __pos: ${invalidFormat(s, '__pos')})[1]`;
  const range = rangeFailure(s, elements);
  return sql`list_transform([${body}], lambda __qs: CASE WHEN ${last} < 0 OR ${last} < length(${s}) THEN ${message} ELSE ${range} END)[1]`;
}

/** FormatUtils.createErrorMessage(text, errorPos), `pos` SQL. */
function invalidFormat(s: Sql, pos: string): Sql {
  const sample = sql`CASE WHEN length(${s}) <= ${pos} + 35 THEN ${s} ELSE left(${s}, ${pos} + 32) || '...' END`;
  return sql`CASE WHEN ${pos} <= 0 THEN 'Invalid format: "' || ${sample} || '"' WHEN ${pos} >= length(${s}) THEN 'Invalid format: "' || ${sample} || '" is too short' ELSE 'Invalid format: "' || ${sample} || '" is malformed at "' || substring(${sample}, ${pos} + 1) || '"' END`;
}

/** The first field out of its range, in the order computeMillis sets them; NULL when none is. */
function rangeFailure(s: Sql, elements: ParseElement[]): Sql {
  const value = new Map<Field, Sql>();
  elements.forEach((e, i) => {
    if (e.kind !== 'number' || e.field === 'fraction') return;
    const start = i === 0 ? '0' : `__qs[${i}]`;
    // a field given twice: Joda keeps both and sets them in turn; the later one is the value that stays
    value.set(e.field, sql`CAST(substring(${s}, ${start} + 1, __qs[${String(i + 1)}] - ${start}) AS BIGINT)`);
  });
  const year = value.get('year') ?? value.get('yearOfEra') ?? '1970';
  const month = value.get('monthOfYear') ?? '1';
  const checks: Sql[] = [];
  for (const field of SET_ORDER) {
    const v = value.get(field);
    // a year of 4 (or 9) digits is always within Joda's years
    if (v === undefined || field === 'year') continue;
    const lo = String(RANGE[field]?.[0] ?? 1);
    let hi: Sql = String(RANGE[field]?.[1] ?? '');
    if (field === 'dayOfMonth') hi = sql`day(last_day(make_date(CAST(${year} AS INTEGER), CAST(${month} AS INTEGER), 1)))`;
    if (field === 'dayOfYear') hi = sql`dayofyear(make_date(CAST(${year} AS INTEGER), 12, 31))`;
    if (field === 'dayOfMonth' && value.get('monthOfYear') !== undefined) {
      // the month is set before the day: a day checked against an invalid month never comes to be
      const m = value.get('monthOfYear')!;
      hi = sql`CASE WHEN ${m} BETWEEN 1 AND 12 THEN ${hi} ELSE 31 END`;
    }
    checks.push(sql` WHEN ${v} NOT BETWEEN ${lo} AND ${hi} THEN 'Cannot parse "' || ${s} || '": Value ' || CAST(${v} AS VARCHAR) || ' for ${field} must be in the range [' || CAST(${lo} AS VARCHAR) || ',' || CAST(${hi} AS VARCHAR) || ']'`);
  }
  return checks.length === 0 ? 'CAST(NULL AS VARCHAR)' : sql`CASE${join(checks, '')} END`;
}
