/**
 * Date/time patterns: MySQL's (date_format, date_parse) and Joda-Time's (format_datetime, parse_datetime),
 * translated specifier by specifier into DuckDB's strftime/strptime. A specifier with no exact strftime equal is
 * refused by name; so are the ones Trino itself does not support (docs functions/datetime.md, "MySQL date
 * functions": `%D %U %u %V %w %X`).
 */

export class PatternError extends Error {
  /** `trino`: Trino itself refuses the pattern (its message, raised when the function runs) */
  constructor(message: string, readonly trino = false) {
    super(message);
  }
}

/** MySQL specifier → strftime (formatting). */
const MYSQL_FORMAT: Record<string, string> = {
  a: '%a', // Sun..Sat
  b: '%b', // Jan..Dec
  c: '%-m', // month 1..12
  d: '%d',
  e: '%-d',
  f: '%g000', // microseconds of the timestamp rounded to milliseconds (dates.ts toMillis)
  H: '%H',
  h: '%I',
  I: '%I',
  i: '%M',
  j: '%j',
  k: '%-H',
  l: '%-I',
  M: '%B',
  m: '%m',
  p: '%p',
  r: '%I:%M:%S %p',
  S: '%S',
  s: '%S',
  T: '%H:%M:%S',
  v: '%V',
  W: '%A',
  x: '%G',
  Y: '%Y',
  y: '%y',
  '%': '%%',
};

/** MySQL specifier → strptime (parsing); DuckDB reads one or two digits for %d/%m/%H… */
const MYSQL_PARSE: Record<string, string> = {
  a: '%a',
  b: '%b',
  c: '%m',
  d: '%d',
  e: '%d',
  f: '%n', // 1 to 9 digits (datetime.md: "1 - 9 digits for parsing"); %f reads at most 6
  H: '%H',
  h: '%I',
  I: '%I',
  i: '%M',
  j: '%j',
  k: '%H',
  l: '%I',
  M: '%B',
  m: '%m',
  p: '%p',
  r: '%I:%M:%S %p',
  S: '%S',
  s: '%S',
  T: '%H:%M:%S',
  W: '%A',
  Y: '%Y',
  // two digits in 1970..2069 (datetime.md: "70" is 1970, "69" is 2069); strptime reads 69 as 1969 (parseTemporal
  // moves it a century on)
  y: '%y',
  '%': '%%',
};

const MYSQL_UNSUPPORTED_BY_TRINO = new Set(['D', 'U', 'u', 'V', 'w', 'X']);

export interface TranslatedPattern {
  pattern: string;
  /** the pattern names a year (strptime's default year is 1900, Trino's 1970) */
  hasYear: boolean;
  /** MySQL's %y alone names the year: two digits read in 1970..2069 */
  twoDigitYear?: boolean;
}

export function mysqlPattern(format: string, parse: boolean): TranslatedPattern {
  let out = '';
  let hasYear = false;
  let twoDigitYear = false;
  let fullYear = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const spec = format[i + 1];
    i++;
    if (spec === undefined) {
      out += '%%';
      break;
    }
    if (MYSQL_UNSUPPORTED_BY_TRINO.has(spec)) throw new PatternError(`%${spec} not supported in date format string`, true);
    const mapped = (parse ? MYSQL_PARSE : MYSQL_FORMAT)[spec];
    if (mapped === undefined) {
      if (/[a-zA-Z]/.test(spec)) throw new PatternError(`the specifier %${spec}`);
      out += spec === '%' ? '%%' : spec;
      continue;
    }
    if (spec === 'Y' || spec === 'y' || spec === 'x') hasYear = true;
    if (spec === 'y') twoDigitYear = true;
    if (spec === 'Y' || spec === 'x') fullYear = true;
    out += mapped;
  }
  return { pattern: out, hasYear, ...(parse && twoDigitYear && !fullYear ? { twoDigitYear: true } : {}) };
}

/** Joda's one- or two-digit fields and the strftime specifier each is: day of month, hour (0-23), clock hour (1-12), minute, second. */
const JODA_TWO_DIGIT_FIELDS: Record<'d' | 'H' | 'h' | 'm' | 's', string> = { d: 'd', H: 'H', h: 'I', m: 'M', s: 'S' };

/**
 * A Joda field strftime has no equal for, computed in SQL and written with Joda's printer
 * (DateTimeFormatterBuilder): a number zero-padded to `width` digits (FormatUtils.appendPaddedInteger), the
 * weekyear's last two digits (TwoDigitYear: the absolute year % 100), or the zone offset (TimeZoneOffset with
 * min 2 and max 2 fields: `±HHMM`, or `±HH:MM` with the separator; a zero offset prints `+0000`).
 */
export type JodaField =
  | { field: 'dayOfYear' | 'weekOfWeekyear' | 'dayOfWeek' | 'clockhourOfDay' | 'hourOfHalfday'; width: number }
  | { field: 'weekyearTwoDigits' }
  | { field: 'offset'; colon: boolean }
  | { field: 'zoneId' | 'zoneShortName' };

/** A formatting pattern in pieces: strftime text, or a field computed in SQL. */
export type JodaSegment = { strftime: string } | JodaField;

/**
 * A Joda-Time pattern (DateTimeFormat) → strftime. Letters repeat: the count picks the form (`M` 1, `MM` 01,
 * `MMM` Jan, `MMMM` January). Quoted text `'…'` is literal, `''` a quote. When formatting, a field strftime has no
 * equal for is a segment of its own (`segments`; `pattern` is then the strftime text of the others only).
 */

export function jodaPattern(format: string, parse: boolean): TranslatedPattern & { zone: boolean; segments: JodaSegment[] } {
  let out = '';
  let hasYear = false;
  let zone = false;
  const segments: JodaSegment[] = [];
  const flush = () => {
    if (out !== '') segments.push({ strftime: out });
  };
  let text = '';
  const field = (f: JodaField) => {
    if (parse) throw new PatternError('');
    flush();
    text += out;
    out = '';
    segments.push(f);
  };
  for (let i = 0; i < format.length; ) {
    const ch = format[i]!;
    if (ch === "'") {
      let j = i + 1;
      let quoted = '';
      if (format[j] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      while (j < format.length) {
        if (format[j] === "'" && format[j + 1] === "'") {
          quoted += "'";
          j += 2;
        } else if (format[j] === "'") break;
        else quoted += format[j++];
      }
      out += quoted.replace(/%/g, '%%');
      i = j + 1;
      continue;
    }
    if (!/[a-zA-Z]/.test(ch)) {
      out += ch === '%' ? '%%' : ch;
      i++;
      continue;
    }
    let n = 1;
    while (format[i + n] === ch) n++;
    i += n;
    const fail = () => new PatternError(`the pattern letter ${ch.repeat(n)}`);
    const computed = (f: JodaField) => {
      try {
        field(f);
      } catch {
        throw fail();
      }
    };
    switch (ch) {
      case 'y':
      case 'Y':
        hasYear = true;
        // Joda parses two digits within 80 years before and 20 after the year the query runs (DateTimeFormat:
        // appendTwoDigitYear(new DateTime().getYear() - 30)); strptime's %y within 1969..2068
        if (n === 2 && parse) throw new PatternError(`the two-digit year ${ch.repeat(n)} (Joda reads it relative to the year the query runs)`);
        if (n === 2) out += '%y';
        else if (n === 4 || n === 1 || n === 3) out += '%Y';
        else throw fail();
        break;
      case 'M':
        out += n === 1 ? (parse ? '%m' : '%-m') : n === 2 ? '%m' : n === 3 ? '%b' : '%B';
        break;
      case 'd':
      case 'H':
      case 'h':
      case 'm':
      case 's': {
        // a one- or two-digit field: one letter formats without padding (strftime's %-X), parses either width
        if (n > 2) throw fail();
        const spec = JODA_TWO_DIGIT_FIELDS[ch];
        out += n === 1 && !parse ? `%-${spec}` : `%${spec}`;
        break;
      }
      case 'S':
        if (n === 3) out += '%g';
        else if (n === 6) out += '%f';
        else throw fail();
        break;
      case 'a':
        out += '%p';
        break;
      case 'E':
        if (parse) throw fail();
        out += n >= 4 ? '%A' : '%a';
        break;
      case 'D':
        // day of year: Joda pads to the count of letters (`D` 5, `DD` 05, `DDD` 005)
        if (n === 3 || (n === 1 && parse)) out += '%j';
        else if (n === 1) out += '%-j';
        else computed({ field: 'dayOfYear', width: n });
        break;
      case 'e':
        // day of week as a number, Monday 1 … Sunday 7 (Joda's ISO chronology): strftime's %u
        if (parse) throw fail();
        if (n === 1) out += '%u';
        else computed({ field: 'dayOfWeek', width: n });
        break;
      case 'w':
        // week of the week-based year (ISO 8601), two digits: %V; other counts pad to their own width
        if (parse) throw fail();
        if (n === 2) out += '%V';
        else computed({ field: 'weekOfWeekyear', width: n });
        break;
      case 'k':
        // clock hour of day, 1…24 (midnight is 24)
        computed({ field: 'clockhourOfDay', width: n });
        break;
      case 'K':
        // hour of half day, 0…11
        computed({ field: 'hourOfHalfday', width: n });
        break;
      case 'x':
        // the week-based year (ISO 8601): %G; `xx` its last two digits (Joda's TwoDigitYear)
        if (n > 4 || parse) throw fail();
        hasYear = true;
        if (n === 2) computed({ field: 'weekyearTwoDigits' });
        else out += '%G';
        break;
      case 'Z':
        // `Z` the offset `+0100`, `ZZ` `+01:00`; `ZZZ` and more the zone's id (appendTimeZoneId: formatDatetime
        // prints it where Joda's id is known)
        zone = true;
        if (n > 2) {
          if (parse) throw fail();
          computed({ field: 'zoneId' });
        } else computed({ field: 'offset', colon: n === 2 });
        break;
      case 'z':
        // `z` … `zzz` the zone's short name (appendTimeZoneShortName), `zzzz` its long name (refused: the JDK's)
        zone = true;
        if (parse || n > 3) throw fail();
        computed({ field: 'zoneShortName' });
        break;
      default:
        throw fail();
    }
  }
  flush();
  return { pattern: text + out, hasYear, zone, segments };
}
