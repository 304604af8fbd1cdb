/**
 * Date and time functions (trinodb/trino docs/src/main/sphinx/functions/datetime.md). A `timestamp with time zone`
 * is read in its own zone (its local date and time there) for fields, truncation and calendar arithmetic; a
 * zone only known when the query runs is refused where it matters.
 *
 * | Trino | DuckDB | difference handled |
 * | --- | --- | --- |
 * | millisecond(x) | millisecond(x) % 1000 | DuckDB counts the seconds' milliseconds too |
 * | day_of_week / dow | isodow | |
 * | week, year_of_week | weekofyear, isoyear | |
 * | date_trunc(unit, date) | date_trunc → CAST AS DATE | DuckDB gives a timestamp |
 * | date_add(unit, n, x) | x + to_<unit>(n) | a date stays a date; months of a zoned value in its zone |
 * | date_diff(unit, a, b) | datesub | DuckDB's date_diff counts boundaries, Trino whole units |
 * | date_format / date_parse | strftime / strptime | MySQL patterns translated (datetimeFormats.ts) |
 * | format_datetime / parse_datetime | strftime / strptime | Joda patterns translated |
 * | from_unixtime(x) | epoch milliseconds → TIMESTAMPTZ | rounded to milliseconds, zone UTC |
 */
import type { ParserRuleContext } from 'antlr4ng';
import { at, failure, join, sql, type Sql } from '../../dialects/emit';
import { duckDbType, T, trinoTypeName, type SqlType } from '../../dialects/sqlType';
import { castSql, str, temporalText } from '../casts';
import { canonicalZone } from '../literals';
import type { Typed } from '../model';
import { offsetOf, type Translator } from '../translator';
import { instantOf, localIn } from '../zones';
import { jodaPattern, mysqlPattern, PatternError, type JodaField } from './datetimeFormats';
import { jodaParseElements, jodaParseFailure, mysqlParseElements, type ParseElement } from './parseErrors';
import { constantString, custom, fn, type Call, type FunctionTable } from './registry';

/** The local date-time of a temporal value (a zoned value in its zone). */
export function local(t: Translator, e: Typed, what: string): Sql {
  if (e.type.kind === 'timestamptz') {
    if (e.type.zone === undefined) {
      if (e.rowZone) return e.rowZone.local;
      throw t.unsupported(e.at, `${what} of a timestamp with time zone whose zone is only known when the query runs`);
    }
    return localIn(e.sql, e.type.zone);
  }
  return e.sql;
}

const FIELDS: Record<string, { duck: (x: Sql) => Sql; on: 'date' | 'time' | 'both' }> = {
  year: { duck: (x) => sql`year(${x})`, on: 'date' },
  quarter: { duck: (x) => sql`quarter(${x})`, on: 'date' },
  month: { duck: (x) => sql`month(${x})`, on: 'date' },
  week: { duck: (x) => sql`weekofyear(${x})`, on: 'date' },
  week_of_year: { duck: (x) => sql`weekofyear(${x})`, on: 'date' },
  day: { duck: (x) => sql`day(${x})`, on: 'date' },
  day_of_month: { duck: (x) => sql`day(${x})`, on: 'date' },
  day_of_week: { duck: (x) => sql`isodow(${x})`, on: 'date' },
  dow: { duck: (x) => sql`isodow(${x})`, on: 'date' },
  day_of_year: { duck: (x) => sql`dayofyear(${x})`, on: 'date' },
  doy: { duck: (x) => sql`dayofyear(${x})`, on: 'date' },
  year_of_week: { duck: (x) => sql`isoyear(${x})`, on: 'date' },
  yow: { duck: (x) => sql`isoyear(${x})`, on: 'date' },
  hour: { duck: (x) => sql`hour(${x})`, on: 'time' },
  minute: { duck: (x) => sql`minute(${x})`, on: 'time' },
  second: { duck: (x) => sql`second(${x})`, on: 'time' },
  millisecond: { duck: (x) => sql`(millisecond(${x}) % 1000)`, on: 'time' },
};

/** EXTRACT(field FROM x) and the functions of the same names: a bigint. */
export function extractField(t: Translator, field: string, e: Typed, node: ParserRuleContext): Typed {
  const pos = offsetOf(node);
  const f = field.toLowerCase();
  if (f === 'timezone_hour' || f === 'timezone_minute') return zoneOffsetPart(t, e, f, node);
  const rule = FIELDS[f];
  if (!rule) throw t.fail(node, `Invalid EXTRACT field: ${field}`);
  const k = e.type.kind;
  if (k === 'unknown') return { sql: 'CAST(NULL AS BIGINT)', type: T.bigint, at: pos, atom: true };
  const ok = k === 'timestamp' || k === 'timestamptz' || (k === 'date' && rule.on === 'date') || (k === 'time' && rule.on === 'time');
  if (!ok) throw t.fail(node, `Cannot extract ${field.toUpperCase()} from ${trinoTypeName(e.type)}`);
  return { sql: at(pos, sql`CAST(${rule.duck(local(t, e, field))} AS BIGINT)`), type: T.bigint, at: pos, atom: true };
}

function zoneOffsetPart(t: Translator, e: Typed, f: string, node: ParserRuleContext): Typed {
  const pos = offsetOf(node);
  if (e.type.kind !== 'timestamptz') throw t.fail(node, `Cannot extract ${f.toUpperCase()} from ${trinoTypeName(e.type)}`);
  const seconds = sql`CAST((epoch_us(${local(t, e, f)}) - epoch_us(${e.sql})) / 1000000 AS BIGINT)`;
  const value = f === 'timezone_hour' ? sql`CAST(trunc(${seconds} / 3600) AS BIGINT)` : sql`CAST(trunc((${seconds} % 3600) / 60) AS BIGINT)`;
  return { sql: at(pos, value), type: T.bigint, at: pos, atom: true };
}

const TEMPORAL = ['date -> bigint', 'timestamp -> bigint', 'timestamptz -> bigint', 'time -> bigint'];
const extraction = (field: string, signatures = TEMPORAL) => custom(signatures, (c) => extractField(c.t, field, c.given[0]!, c.node));

/** Units of date_add, date_diff and date_trunc (docs "Interval functions"). */
const UNITS = ['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];

function unitOf(c: Call, i = 0): string {
  const unit = constantString(c, i, 'unit').toLowerCase();
  if (!UNITS.includes(unit)) throw c.t.fail(c.given[i]!.at, `'${unit}' is not a valid ${c.name === 'date_trunc' ? 'Date/Time' : 'Time'} field`);
  return unit;
}

function interval(unit: string, n: Sql): Sql {
  switch (unit) {
    case 'millisecond':
      return sql`to_milliseconds(${n})`;
    case 'second':
      return sql`to_seconds(${n})`;
    case 'minute':
      return sql`to_minutes(${n})`;
    case 'hour':
      return sql`to_hours(${n})`;
    case 'day':
      return sql`to_days(CAST(${n} AS INTEGER))`;
    case 'week':
      return sql`to_days(CAST(${n} * 7 AS INTEGER))`;
    case 'month':
      return sql`to_months(CAST(${n} AS INTEGER))`;
    case 'quarter':
      return sql`to_months(CAST(${n} * 3 AS INTEGER))`;
    default:
      return sql`to_months(CAST(${n} * 12 AS INTEGER))`;
  }
}

const CALENDAR = new Set(['day', 'week', 'month', 'quarter', 'year']);

/**
 * A new local date-time of a value whose zone only its row knows (Typed.rowZone: a fixed offset or UTC), as the same
 * kind of value: its instant is the local date-time less the value's offset, and it keeps the zone.
 */
function shiftedInZone(x: Typed, local: Sql): Typed {
  const zone = x.rowZone!;
  const offset = sql`(${zone.local} - (${x.sql} AT TIME ZONE 'UTC'))`;
  return { sql: sql`timezone('UTC', ${local} - ${offset})`, type: x.type, at: x.at, atom: true, rowZone: { local, zone: zone.zone } };
}

function dateAdd(c: Call): Sql | Typed {
  const unit = unitOf(c);
  const n = c.args[1]!.sql;
  const x = c.args[2]!;
  const ty = x.type;
  if (ty.kind === 'timestamptz' && ty.zone === undefined && x.rowZone) return shiftedInZone(x, sql`(${x.rowZone.local} + ${interval(unit, n)})`);
  if (ty.kind === 'date') {
    if (!CALENDAR.has(unit)) throw c.t.fail(c.node, `'${unit}' is not a valid DATE field`);
    return sql`CAST(${x.sql} + ${interval(unit, n)} AS DATE)`;
  }
  if (ty.kind === 'time') {
    if (CALENDAR.has(unit)) throw c.t.fail(c.node, `'${unit}' is not a valid TIME field`);
    return sql`(${x.sql} + ${interval(unit, n)})`;
  }
  if (ty.kind === 'timestamptz' && CALENDAR.has(unit)) {
    if (ty.zone === undefined) throw c.t.unsupported(c.node, `date_add('${unit}', …) of a timestamp with time zone whose zone is only known when the query runs`);
    return instantOf(sql`(${localIn(x.sql, ty.zone)} + ${interval(unit, n)})`, ty.zone);
  }
  return sql`(${x.sql} + ${interval(unit, n)})`;
}

function dateDiff(c: Call): Sql {
  const unit = unitOf(c);
  const [a, b] = [c.args[1]!, c.args[2]!];
  if (a.type.kind === 'time') {
    // Trino's diffTime: getTimeField(UTC_CHRONOLOGY, unit).getDifferenceAsLong(time2, time1); DuckDB casts no TIME
    // to TIMESTAMP, so both are put on one day
    if (CALENDAR.has(unit)) throw c.t.fail(c.node, `'${unit}' is not a valid TIME field`);
    return diffInUnits(unit, sql`(DATE '1970-01-01' + ${a.sql})`, sql`(DATE '1970-01-01' + ${b.sql})`);
  }
  if (a.type.kind === 'timestamptz' && !CALENDAR.has(unit)) {
    // time units: the instants
    return diffInUnits(unit, sql`(${a.sql} AT TIME ZONE 'UTC')`, sql`(${b.sql} AT TIME ZONE 'UTC')`);
  }
  return diffInUnits(unit, local(c.t, a, 'date_diff'), local(c.t, b, 'date_diff'));
}

function diffInUnits(unit: string, a: Sql, b: Sql): Sql {
  const micros = sql`(epoch_us(CAST(${b} AS TIMESTAMP)) - epoch_us(CAST(${a} AS TIMESTAMP)))`;
  switch (unit) {
    case 'millisecond':
      return sql`CAST(trunc(${micros} / 1000) AS BIGINT)`;
    case 'second':
      return sql`CAST(trunc(${micros} / 1000000) AS BIGINT)`;
    case 'minute':
      return sql`CAST(trunc(${micros} / 60000000) AS BIGINT)`;
    case 'hour':
      return sql`CAST(trunc(${micros} / 3600000000) AS BIGINT)`;
    case 'day':
      return sql`CAST(trunc(${micros} / 86400000000) AS BIGINT)`;
    case 'week':
      return sql`CAST(trunc(${micros} / 604800000000) AS BIGINT)`;
    default:
      return sql`datesub(${str(unit)}, CAST(${a} AS TIMESTAMP), CAST(${b} AS TIMESTAMP))`;
  }
}

function dateTrunc(c: Call): Sql | Typed {
  const unit = unitOf(c);
  const x = c.args[1]!;
  const ty = x.type;
  if (ty.kind === 'timestamptz' && ty.zone === undefined && x.rowZone) return shiftedInZone(x, sql`date_trunc(${str(unit)}, ${x.rowZone.local})`);
  if (ty.kind === 'date') {
    if (!CALENDAR.has(unit)) throw c.t.fail(c.node, `'${unit}' is not a valid DATE field`);
    return sql`CAST(date_trunc(${str(unit)}, ${x.sql}) AS DATE)`;
  }
  if (ty.kind === 'timestamptz') {
    if (ty.zone === undefined) throw c.t.unsupported(c.node, 'date_trunc of a timestamp with time zone whose zone is only known when the query runs');
    return instantOf(sql`date_trunc(${str(unit)}, ${localIn(x.sql, ty.zone)})`, ty.zone);
  }
  if (ty.kind === 'time') return sql`CAST(date_trunc(${str(unit)}, DATE '1970-01-01' + ${x.sql}) AS TIME)`;
  return sql`date_trunc(${str(unit)}, ${x.sql})`;
}

/** The pattern argument translated, or, when Trino itself refuses it, the failure it raises when the function runs. */
function pattern<T>(c: Call, i: number, translate: (p: string) => T): T | { failed: Sql } {
  const p = constantString(c, i, 'format');
  try {
    return translate(p);
  } catch (e) {
    if (e instanceof PatternError && e.trino) return { failed: sql`CASE WHEN ${c.args[0]!.sql} IS NULL THEN NULL ELSE ${c.t.raise(str(e.message))} END` };
    if (e instanceof PatternError) throw c.t.unsupported(c.given[i]!.at, `${c.name} with ${e.message}`);
    throw e;
  }
}

function formatTemporal(c: Call, translate: (p: string) => { pattern: string }): Sql {
  const x = c.args[0]!;
  const p = pattern(c, 1, translate);
  if ('failed' in p) return p.failed;
  if (x.type.kind === 'timestamptz' && /%[zZ]/.test(p.pattern)) throw c.t.unsupported(c.node, `${c.name} of a zone`);
  return sql`strftime(${toMillis(x, local(c.t, x, c.name))}, ${str(p.pattern)})`;
}

/**
 * Trino formats milliseconds: format_datetime and date_format first round a timestamp(p > 3) to them, half up
 * (timestamp/FormatDateTime `scaleEpochMicrosToMillis(round(timestamp, 3))`, timestamp/DateFormat
 * `epochMicrosToMillisWithRounding`, roundToEpochMillis for a zoned one).
 */
function toMillis(x: Typed, l: Sql): Sql {
  const precision = x.type.kind === 'timestamp' || x.type.kind === 'timestamptz' ? x.type.precision : 3;
  return precision > 3 ? sql`make_timestamp(CAST(floor((epoch_us(${l}) + 500) / 1000) AS BIGINT) * 1000)` : l;
}

/**
 * format_datetime: Joda's pattern (Trino's timestamp/FormatDateTime and timestamptz/FormatDateTime print with
 * DateTimeFormat.forPattern(…).withChronology(the value's zone)). A TIMESTAMP's pattern naming `Z` or `z` outside
 * quotes fails before Joda reads it, in Trino's words (datetimeFormatSpecifiesZone).
 */
function formatDatetime(c: Call): Sql {
  const x = c.args[0]!;
  if (x.type.kind !== 'timestamptz' && zoneLetterOutsideQuotes(constantString(c, 1, 'format'))) {
    return sql`CASE WHEN ${x.sql} IS NULL THEN NULL ELSE ${c.t.raise(str("format_datetime for TIMESTAMP type, cannot use 'Z' nor 'z' in format, as this type does not contain TZ information"))} END`;
  }
  const p = pattern(c, 1, (f) => jodaPattern(f, false));
  if ('failed' in p) return p.failed;
  const l = toMillis(x, local(c.t, x, c.name));
  if (p.segments.every((s) => 'strftime' in s)) return sql`strftime(${l}, ${str(p.pattern)})`;
  const pieces = p.segments.map((s) => ('strftime' in s ? sql`strftime(${l}, ${str(s.strftime)})` : s.field === 'zoneId' || s.field === 'zoneShortName' ? jodaZoneName(c, s.field) : jodaField(s, l, x.sql)));
  return sql`(${join(pieces, ' || ')})`;
}

/**
 * `ZZZ` (Joda's appendTimeZoneId: DateTimeZone.getID()) and `z`…`zzz` (appendTimeZoneShortName:
 * DateTimeZone.getShortName) of a timestamp with time zone. Trino hands Joda the value's zone by its key's id
 * (DateTimeZoneIndex: DateTimeZone.forID, UTC as DateTimeZone.UTC). For UTC both print `UTC` (the JDK's short name
 * of UTC); for a fixed offset DateTimeZone.forID makes a FixedDateTimeZone whose id is the offset `+01:00` and which
 * has no name key, so getShortName prints the id too. A region's id is Joda's after its tz data's links
 * (ZoneInfoProvider.getZone follows a link to its target: `Europe/Amsterdam` can print `Europe/Brussels`, by the
 * tz data's version) and its short name the JDK's locale data: refused.
 */
function jodaZoneName(c: Call, field: 'zoneId' | 'zoneShortName'): Sql {
  const x = c.args[0]!;
  const zone = x.type.kind === 'timestamptz' ? x.type.zone : undefined;
  const letters = field === 'zoneId' ? 'ZZZ (the zone id)' : 'z (the zone name)';
  if (zone === undefined) throw c.t.unsupported(c.node, `format_datetime with ${letters} of a timestamp with time zone whose zone is only known when the query runs`);
  if (zone !== 'UTC' && !/^[+-]\d{2}:\d{2}$/.test(zone))
    throw c.t.unsupported(c.node, `format_datetime with ${letters} of a value in ${zone}`, "Joda's id of a region follows its tz data's links, and its name is the JDK's");
  return str(zone);
}

/** Trino's FormatDateTime.datetimeFormatSpecifiesZone: a `z` or `Z` outside quotes (`''` opens and closes). */
function zoneLetterOutsideQuotes(format: string): boolean {
  let quoted = false;
  for (const ch of format) {
    if (quoted) {
      if (ch === "'") quoted = false;
      continue;
    }
    if (ch === 'z' || ch === 'Z') return true;
    if (ch === "'") quoted = true;
  }
  return false;
}

/** A Joda field of the local date-time `l` (of the instant `instant`), printed as Joda prints it. */
function jodaField(f: JodaField, l: Sql, instant: Sql): Sql {
  const padded = (v: Sql, width: number) => (width === 1 ? sql`CAST(${v} AS VARCHAR)` : sql`printf(${str(`%0${width}d`)}, ${v})`);
  switch (f.field) {
    case 'dayOfYear':
      return padded(sql`dayofyear(${l})`, f.width);
    case 'dayOfWeek':
      return padded(sql`isodow(${l})`, f.width);
    case 'weekOfWeekyear':
      return padded(sql`weekofyear(${l})`, f.width);
    case 'clockhourOfDay':
      return padded(sql`CASE WHEN hour(${l}) = 0 THEN 24 ELSE hour(${l}) END`, f.width);
    case 'hourOfHalfday':
      return padded(sql`hour(${l}) % 12`, f.width);
    case 'weekyearTwoDigits':
      return padded(sql`abs(isoyear(${l})) % 100`, 2);
    case 'offset': {
      // the offset in whole minutes (Joda prints hours and minutes, dropping seconds)
      const secs = sql`((epoch_us(${l}) - epoch_us(${instant})) // 1000000)`;
      const sign = sql`CASE WHEN ${secs} < 0 THEN '-' ELSE '+' END`;
      return sql`${sign} || printf('%02d', abs(${secs}) // 3600) || ${str(f.colon ? ':' : '')} || printf('%02d', (abs(${secs}) % 3600) // 60)`;
    }
    case 'zoneId':
    case 'zoneShortName':
      // the zone's names come from the value's type (jodaZoneName), not from the row
      throw new Error(`${f.field} is written by jodaZoneName`);
  }
}

function parseTemporal(c: Call, translate: (p: string) => { pattern: string; hasYear: boolean; twoDigitYear?: boolean }, elements: (format: string) => ParseElement[] | undefined): Sql {
  const p = pattern(c, 1, translate);
  if ('failed' in p) return p.failed;
  const s = c.args[0]!.sql;
  // a text the pattern does not read fails in Joda's words, as Trino's does (parseErrors.ts); where Joda would read
  // it (or the pattern is not modelled), with DuckDB's own error
  const parts = elements(constantString(c, 1, 'format'));
  const joda = parts && jodaParseFailure(s, parts);
  const duck = sql`strptime(${s}, ${str(p.pattern)})`;
  const failed = joda ? sql`list_transform([${joda}], lambda __m: CASE WHEN __m IS NULL THEN ${duck} ELSE ${failure('__m')} END)[1]` : duck;
  const parsed = sql`coalesce(try_strptime(${s}, ${str(p.pattern)}), CASE WHEN ${s} IS NOT NULL THEN ${failed} END)`;
  // strptime's year without one in the pattern is 1900; Trino's (Joda's) 1970
  if (!p.hasYear) return sql`(${parsed} + INTERVAL 70 YEAR)`;
  // %y: strptime's 69 is 1969, Trino's 2069 (datetime.md: two digits in 1970 .. 2069)
  if (p.twoDigitYear) return sql`list_transform([${parsed}], lambda __t: CASE WHEN year(__t) = 1969 THEN __t + INTERVAL 100 YEAR ELSE __t END)[1]`;
  return parsed;
}

function zoneArg(c: Call, i: number): string {
  const text = constantString(c, i, 'time zone');
  const zone = canonicalZone(text);
  if (zone === undefined) throw c.t.fail(c.given[i]!.at, `'${text}' is not a valid time zone`);
  return zone;
}

/** epoch seconds (a double) → a UTC instant with millisecond precision */
function fromUnix(seconds: Sql): Sql {
  return sql`CAST(make_timestamp(CAST(round(${seconds} * 1000) AS BIGINT) * 1000) AS TIMESTAMPTZ)`;
}

function iso8601(t: Translator, x: Typed): Sql {
  const ty = x.type;
  if (ty.kind === 'date') return sql`strftime(${x.sql}, '%Y-%m-%d')`;
  if (ty.kind === 'timestamp') return sql`replace(${temporalText(x.sql, 'timestamp', ty.precision)}, ' ', 'T')`;
  if (ty.kind === 'timestamptz' && ty.zone === undefined && x.rowZone) {
    // Trino's ISO text of the value in its zone: UTC as `Z`, an offset as written (`+01:00`)
    const text = sql`replace(${temporalText(x.rowZone.local, 'timestamp', ty.precision)}, ' ', 'T')`;
    return sql`${text} || CASE WHEN ${x.rowZone.zone} = 'UTC' THEN 'Z' ELSE ${x.rowZone.zone} END`;
  }
  if (ty.kind === 'timestamptz') {
    if (ty.zone === undefined) throw t.unsupported(x.at, 'to_iso8601 of a timestamp with time zone whose zone is only known when the query runs');
    const text = sql`replace(${temporalText(localIn(x.sql, ty.zone), 'timestamp', ty.precision)}, ' ', 'T')`;
    if (ty.zone === 'UTC') return sql`${text} || 'Z'`;
    const secs = sql`CAST((epoch_us(${localIn(x.sql, ty.zone)}) - epoch_us(${x.sql})) / 1000000 AS BIGINT)`;
    return sql`${text} || CASE WHEN ${secs} < 0 THEN '-' ELSE '+' END || lpad(CAST(abs(${secs}) // 3600 AS VARCHAR), 2, '0') || ':' || lpad(CAST((abs(${secs}) % 3600) // 60 AS VARCHAR), 2, '0')`;
  }
  throw t.fail(x.at, `Unexpected parameters (${trinoTypeName(ty)}) for function to_iso8601`);
}

const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * from_iso8601_timestamp: a constant is read here (its zone, `Z` or an offset, becomes the value's zone; none is the
 * session's, UTC); a value known only when the query runs is read by DuckDB into its instant, its zone unknown to
 * the type — comparisons and arithmetic work on the instant — and the expression carries the zone the text names
 * (`rowZone`: Joda's parser with `withOffsetParsed`, which Trino uses, keeps the text's offset; `Z` and a zero offset
 * are UTC), so what reads it in place (a cast, fields, formatting, a displayed result column) has it.
 */
function fromIso8601Timestamp(c: Call): Typed {
  const arg = c.given[0]!;
  if (typeof arg.value === 'string') {
    const m = ISO_TIMESTAMP.exec(arg.value.trim());
    if (!m) throw c.t.fail(arg.at, `Invalid format: "${arg.value}"`);
    const zone = m[6] === undefined || m[6] === 'Z' ? 'UTC' : canonicalZone(m[6]);
    if (zone === undefined) throw c.t.fail(arg.at, `Invalid format: "${arg.value}"`);
    const local = `${m[1]} ${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}.${(m[5] ?? '').padEnd(3, '0')}`;
    return { sql: instantOf(`TIMESTAMP '${local}'`, zone), type: T.timestamptz(3, zone), at: c.at, atom: true };
  }
  const s = c.args[0]!.sql;
  // the text's fields, read as the constant's are (ISO_TIMESTAMP): DuckDB's own cast does not read every ISO form
  // (`2020-05-11T01:02Z`)
  const fields = sql`regexp_extract(${s}, '^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.]([0-9]{1,3}))?)?)?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$', ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z'])`;
  const int = (name: string, f: Sql = fields) => sql`coalesce(CAST(nullif(${f}.${name}, '') AS INTEGER), 0)`;
  // one regexp_extract per row, its struct bound by a lambda (the text is read once)
  const withFields = (body: (f: Sql) => Sql): Sql => sql`list_transform([${fields}], lambda f: ${body('f')})[1]`;
  const offset = (f: Sql) => sql`${f}.z`;
  const hours = (f: Sql) => sql`coalesce(CAST(nullif(substring(${offset(f)}, 2, 2), '') AS INTEGER), 0)`;
  const minutes = (f: Sql) => sql`coalesce(CAST(nullif(replace(substring(${offset(f)}, 4), ':', ''), '') AS INTEGER), 0)`;
  const zero = (f: Sql) => sql`(${hours(f)} = 0 AND ${minutes(f)} = 0)`;
  // an offset beyond ±14:59 fails as a constant's does (canonicalZone)
  const valid = (f: Sql) => sql`(${f}.y <> '' AND ${hours(f)} <= 14 AND ${minutes(f)} <= 59)`;
  const localOf = (f: Sql) =>
    sql`make_timestamp(${int('y', f)}, ${int('mo', f)}, ${int('d', f)}, ${int('h', f)}, ${int('mi', f)}, ${int('s', f)} + CAST(rpad(${f}.f, 3, '0') AS INTEGER) / 1000.0)`;
  const shift = (f: Sql) => sql`to_minutes(CAST((${hours(f)} * 60 + ${minutes(f)}) * CASE WHEN left(${offset(f)}, 1) = '-' THEN -1 ELSE 1 END AS BIGINT))`;
  const invalid = failure(sql`'Invalid format: "' || ${s} || '"'`);
  const instant = withFields((f) => sql`CASE WHEN ${valid(f)} THEN timezone('UTC', ${localOf(f)} - ${shift(f)}) ELSE ${invalid} END`);
  const local = withFields((f) => sql`CASE WHEN ${valid(f)} THEN ${localOf(f)} ELSE ${invalid} END`);
  const zone = withFields((f) => sql`CASE WHEN ${zero(f)} THEN 'UTC' ELSE left(${offset(f)}, 1) || lpad(CAST(${hours(f)} AS VARCHAR), 2, '0') || ':' || lpad(CAST(${minutes(f)} AS VARCHAR), 2, '0') END`);
  return { sql: sql`CASE WHEN ${s} IS NULL THEN NULL ELSE ${instant} END`, type: T.timestamptz(3), at: c.at, atom: true, rowZone: { local: sql`CASE WHEN ${s} IS NULL THEN NULL ELSE ${local} END`, zone: sql`CASE WHEN ${s} IS NULL THEN NULL ELSE ${zone} END` } };
}

/**
 * parse_datetime with a pattern ending in a zone offset (`Z`, `ZZ`: `'dd/MMM/yyyy:HH:mm:ss Z'`, the access log's
 * `[10/Mar/2024:02:00:01 +0100]`). Trino parses with Joda's formatter `withOffsetParsed()` (DateTimeFunctions
 * .parseDatetime), so the value is the instant the text names and keeps the text's offset as its zone — shown
 * `2024-03-10 02:00:01.000 +01:00`, a zero offset as `UTC` (TimeZoneKey.getTimeZoneKeyForOffset(0)); Joda's offset
 * parser (DateTimeFormatterBuilder.TimeZoneOffset, zero text "Z") reads `+0100`, `+01:00` and `Z`. The zone goes with
 * the expression per row (Typed.rowZone), as from_iso8601_timestamp's does. Undefined when the pattern does not end so.
 */
function parseDatetimeWithOffset(c: Call): Typed | undefined {
  const format = constantString(c, 1, 'format');
  const m = /^(.*?)(Z{1,2})$/s.exec(format);
  // a Z inside quotes is literal text; an odd number of quotes before the last Z means it is quoted
  if (!m || (m[1]!.match(/'/g)?.length ?? 0) % 2 === 1) return undefined;
  let p: ReturnType<typeof jodaPattern>;
  try {
    p = jodaPattern(m[1]!, true);
  } catch (e) {
    if (e instanceof PatternError) throw c.t.unsupported(c.given[1]!.at, `${c.name} with ${e.message}`);
    throw e;
  }
  const s = c.args[0]!.sql;
  return bindText(sql`regexp_replace(${s}, 'Z$', '+0000')`, (text) => {
    const years = p.hasYear ? '' : ' + INTERVAL 70 YEAR';
    // strptime's %z takes ±HH, ±HHMM and ±HH:MM; the value is the instant
    const instant = sql`(strptime(${text}, ${str(`${p.pattern}%z`)})${years})`;
    const o = sql`regexp_extract(${text}, '([+-])([0-9]{2}):?([0-9]{2})?$', ['sg', 'h', 'm'])`;
    const minutes = sql`(CAST(${o}.h AS INTEGER) * 60 + coalesce(CAST(nullif(${o}.m, '') AS INTEGER), 0)) * CASE WHEN ${o}.sg = '-' THEN -1 ELSE 1 END`;
    const local = sql`(CAST(timezone('UTC', ${instant}) AS TIMESTAMP) + to_minutes(${minutes}))`;
    const zone = sql`CASE WHEN ${o}.h = '00' AND coalesce(nullif(${o}.m, ''), '00') = '00' THEN 'UTC' ELSE ${o}.sg || ${o}.h || ':' || coalesce(nullif(${o}.m, ''), '00') END`;
    const ifText = (x: Sql) => sql`CASE WHEN ${text} IS NULL THEN NULL ELSE ${x} END`;
    return { sql: ifText(instant), type: T.timestamptz(3), at: c.at, atom: true, rowZone: { local: ifText(local), zone: ifText(zone) } };
  });
}

/** the parts of a Typed whose SQL reads `value` once per row: each part a lambda over it */
function bindText(value: Sql, body: (v: string) => Typed): Typed {
  const v = '__pdt';
  const t = body(v);
  const wrap = (x: Sql) => sql`list_transform([${value}], lambda ${v}: ${x})[1]`;
  return { ...t, sql: wrap(t.sql), ...(t.rowZone ? { rowZone: { local: wrap(t.rowZone.local), zone: wrap(t.rowZone.zone) } } : {}) };
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function humanReadableSeconds(x: Sql): Sql {
  const s = sql`CAST(round(${x}) AS BIGINT)`;
  const part = (value: Sql, unit: string) => sql`CASE WHEN ${value} > 0 THEN ${value} || ' ${unit}' || CASE WHEN ${value} = 1 THEN '' ELSE 's' END END`;
  const parts = [
    part(sql`(${s} // 604800)`, 'week'),
    part(sql`((${s} % 604800) // 86400)`, 'day'),
    part(sql`((${s} % 86400) // 3600)`, 'hour'),
    part(sql`((${s} % 3600) // 60)`, 'minute'),
    part(sql`(${s} % 60)`, 'second'),
  ];
  const text = sql`array_to_string(list_filter([${join(parts)}], lambda p: p IS NOT NULL), ', ')`;
  return sql`CASE WHEN isnan(${x}) OR isinf(${x}) THEN ${failure("'Invalid argument found: NaN or Infinity'")} WHEN ${s} = 0 THEN '0 seconds' ELSE ${text} END`;
}

export const DATES: FunctionTable = {
  from_iso8601_timestamp: custom('varchar -> timestamptz(3)', fromIso8601Timestamp),
  human_readable_seconds: fn('double -> varchar', humanReadableSeconds),
  parse_duration: fn('varchar -> interval_ds', (s) => {
    const m = sql`regexp_extract(${s}, '^ *([0-9]+(?:[.][0-9]+)?) *([a-zA-Z]+) *$', ['v', 'u'])`;
    const cases = Object.entries(DURATION_UNITS).map(([u, f]) => sql` WHEN '${u}' THEN ${String(f)}`);
    return sql`CASE WHEN ${m}.v = '' THEN ${failure(sql`'duration is not a valid data duration string: ' || ${s}`)} ELSE to_microseconds(CAST(round(CAST(${m}.v AS DOUBLE) * CASE ${m}.u${join(cases, '')} ELSE ${failure(sql`'Unknown time unit: ' || ${m}.u`)} END) AS BIGINT) * 1000) END`;
  }),
  year: extraction('year'),
  quarter: extraction('quarter'),
  month: extraction('month'),
  week: extraction('week'),
  week_of_year: extraction('week'),
  day: extraction('day'),
  day_of_month: extraction('day'),
  day_of_week: extraction('day_of_week'),
  dow: extraction('day_of_week'),
  day_of_year: extraction('day_of_year'),
  doy: extraction('day_of_year'),
  year_of_week: extraction('year_of_week'),
  yow: extraction('year_of_week'),
  hour: extraction('hour'),
  minute: extraction('minute'),
  second: extraction('second'),
  millisecond: extraction('millisecond'),
  timezone_hour: extraction('timezone_hour', ['timestamptz -> bigint']),
  timezone_minute: extraction('timezone_minute', ['timestamptz -> bigint']),
  date: custom(['varchar -> date', 'timestamp -> date', 'timestamptz -> date', 'date -> date'], (c) => castSql(c.t, c.given[0]!, T.date, 'cast')),
  last_day_of_month: custom(['date -> date', 'timestamp -> date', 'timestamptz -> date'], (c) => sql`last_day(${local(c.t, c.args[0]!, c.name)})`),
  current_timezone: fn('-> varchar', () => "'UTC'"),
  now: fn('-> timestamptz(3)', () => 'CAST(make_timestamp(CAST(floor(epoch_us(get_current_timestamp()) / 1000) AS BIGINT) * 1000) AS TIMESTAMPTZ)', {
    returns: () => T.timestamptz(3, 'UTC'),
  }),
  from_unixtime: custom(['double -> timestamptz(3)', 'double, varchar -> timestamptz(3)', 'double, bigint, bigint -> timestamptz(3)'], (c) => fromUnix(c.args[0]!.sql), {
    returns: (args, c) => {
      if (args.length === 1) return T.timestamptz(3, 'UTC');
      if (args.length === 2) return T.timestamptz(3, zoneArg({ ...c, returns: T.unknown }, 1));
      const h = c.given[1]!.value;
      const m = c.given[2]!.value;
      if (typeof h !== 'number' || typeof m !== 'number') throw c.t.unsupported(c.at, 'from_unixtime with hours and minutes that are not constants');
      const total = h * 60 + m;
      const zone = canonicalZone(`${total < 0 ? '-' : '+'}${String(Math.floor(Math.abs(total) / 60)).padStart(2, '0')}:${String(Math.abs(total) % 60).padStart(2, '0')}`);
      return T.timestamptz(3, zone ?? 'UTC');
    },
  }),
  to_unixtime: custom(['timestamp -> double', 'timestamptz -> double'], (c) => sql`(epoch_us(${c.args[0]!.sql}) / 1000000.0)`),
  with_timezone: custom('timestamp, varchar -> timestamptz', (c) => instantOf(c.args[0]!.sql, zoneArg(c, 1)), {
    returns: (args, c) => T.timestamptz((args[0]!.type as { precision: number }).precision, zoneArg({ ...c, returns: T.unknown }, 1)),
  }),
  at_timezone: custom(['timestamp, varchar -> timestamptz', 'timestamptz, varchar -> timestamptz'], (c) => (c.args[0]!.type.kind === 'timestamp' ? sql`CAST(${c.args[0]!.sql} AS TIMESTAMPTZ)` : c.args[0]!.sql), {
    returns: (args, c) => T.timestamptz((args[0]!.type as { precision: number }).precision, zoneArg({ ...c, returns: T.unknown }, 1)),
  }),
  timezone: custom('timestamptz -> varchar', (c) => {
    const ty = c.args[0]!.type;
    const rowZone = c.args[0]!.rowZone ?? c.given[0]!.rowZone;
    if (ty.kind === 'timestamptz' && ty.zone === undefined && rowZone) return rowZone.zone;
    if (ty.kind !== 'timestamptz' || ty.zone === undefined) throw c.t.unsupported(c.node, 'timezone() of a timestamp with time zone whose zone is only known when the query runs');
    return sql`CASE WHEN ${c.args[0]!.sql} IS NULL THEN NULL ELSE ${str(ty.zone)} END`;
  }),
  to_iso8601: custom(['date -> varchar', 'timestamp -> varchar', 'timestamptz -> varchar'], (c) => iso8601(c.t, c.args[0]!)),
  to_milliseconds: fn('interval_ds -> bigint', (iv) => sql`CAST(epoch_us(TIMESTAMP '1970-01-01' + ${iv}) // 1000 AS BIGINT)`),
  from_iso8601_date: fn('varchar -> date', (s) =>
    sql`CASE WHEN regexp_full_match(${s}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN CAST(${s} AS DATE)
      WHEN regexp_full_match(${s}, '[0-9]{4}-[0-9]{2}') THEN CAST(${s} || '-01' AS DATE)
      WHEN regexp_full_match(${s}, '[0-9]{4}') THEN CAST(${s} || '-01-01' AS DATE)
      WHEN regexp_full_match(${s}, '[0-9]{4}-W[0-9]{2}(-[1-7])?') THEN CAST(make_date(CAST(substring(${s}, 1, 4) AS INTEGER), 1, 4) - CAST(isodow(make_date(CAST(substring(${s}, 1, 4) AS INTEGER), 1, 4)) - 1 AS INTEGER) + (CAST(substring(${s}, 7, 2) AS INTEGER) - 1) * 7 + coalesce(CAST(nullif(substring(${s}, 10, 1), '') AS INTEGER), 1) - 1 AS DATE)
      WHEN regexp_full_match(${s}, '[0-9]{4}-[0-9]{3}') THEN CAST(make_date(CAST(substring(${s}, 1, 4) AS INTEGER), 1, 1) + CAST(substring(${s}, 6, 3) AS INTEGER) - 1 AS DATE)
      ELSE ${failure(sql`'Invalid format: "' || ${s} || '"'`)} END`,
  ),
  date_add: custom(['varchar, bigint, date -> date', 'varchar, bigint, timestamp -> timestamp', 'varchar, bigint, timestamptz -> timestamptz', 'varchar, bigint, time -> time'], dateAdd, { returns: (args) => args[2]!.type }),
  date_diff: custom(['varchar, date, date -> bigint', 'varchar, timestamp, timestamp -> bigint', 'varchar, timestamptz, timestamptz -> bigint', 'varchar, time, time -> bigint'], dateDiff),
  date_trunc: custom(['varchar, date -> date', 'varchar, timestamp -> timestamp', 'varchar, timestamptz -> timestamptz', 'varchar, time -> time'], dateTrunc, { returns: (args) => args[1]!.type }),
  date_format: custom(['timestamp, varchar -> varchar', 'timestamptz, varchar -> varchar'], (c) => formatTemporal(c, (p) => mysqlPattern(p, false))),
  date_parse: custom('varchar, varchar -> timestamp(3)', (c) => parseTemporal(c, (p) => mysqlPattern(p, true), mysqlParseElements)),
  format_datetime: custom(['timestamp, varchar -> varchar', 'timestamptz, varchar -> varchar'], formatDatetime),
  parse_datetime: custom('varchar, varchar -> timestamptz(3)', (c) => parseDatetimeWithOffset(c) ?? sql`CAST(${parseTemporal(c, (p) => jodaPattern(p, true), jodaParseElements)} AS TIMESTAMPTZ)`, { returns: () => T.timestamptz(3, 'UTC') }),
};

export function timestampType(x: SqlType): string {
  return duckDbType(x);
}

