/**
 * Date and time functions (Spark 3.5 reference, datetime_funcs), in the session time zone of a Glue job: UTC.
 * Strings are read as Spark casts them (casts.ts); patterns are Java's (datetimeFormats.ts). Where DuckDB's
 * function answers otherwise, the row says how Spark's answer is made:
 * - `dayofweek` is 1 for Sunday, `weekday` 0 for Monday, `weekofyear` the ISO week;
 * - `make_date`/`make_timestamp` are NULL for impossible fields (non-ANSI), second 60 is the next minute;
 * - `to_date`/`to_timestamp`/`unix_timestamp` with a pattern: text not in the pattern's strict form is NULL, or
 *   refused when Spark 3 would fail on it (its parser policy); `from_unixtime`/`date_format` format with the pattern;
 * - `trunc(date, fmt)` and `date_trunc(fmt, ts)` take Spark's unit names; an unknown unit is NULL;
 * - `months_between` counts 31-day months on the time of day, rounded to 8 digits unless told not to.
 */
import { type Sql } from '../../dialects/emit';
import { duckDbType, T, type SqlType } from '../../dialects/sqlType';
import { coerce } from '../coerce';
import type { Typed } from '../model';
import { bind, sql, str } from '../sqlText';
import type { Translator } from '../translator';
import { isStringType, isTimestamp, SPARK_TIMESTAMP, SPARK_TIMESTAMP_NTZ } from '../types';
import { PatternError, SparkPatternFailure, translatePattern } from './datetimeFormats';
import { intervalField } from './intervals';
import { constantArg, custom, type Call, type FunctionTable } from './registry';

const out = (c: Call, s: Sql, type: SqlType): Typed => ({ sql: s, type, at: c.at, atom: true });

/** argument `i` as a date (strings and timestamps converted as Spark does) */
function dateArg(c: Call, i: number): Typed {
  return c.arg(i, T.date);
}

function timestampArg(c: Call, i: number): Typed {
  const a = c.args[i]!;
  if (isTimestamp(a.type)) return a;
  return c.arg(i, SPARK_TIMESTAMP);
}

function pattern(c: Call, i: number, what = 'pattern') {
  const p = constantArg(c, i, what);
  if (p === null) return null;
  try {
    return { text: String(p), ...translatePattern(String(p)) };
  } catch (e) {
    if (e instanceof SparkPatternFailure) throw c.t.fail(c.args[i]!.at, `java.lang.IllegalArgumentException: ${e.message} (${c.name}'s pattern '${String(p)}': literal text goes in single quotes inside the pattern, e.g. "yyyy-MM-dd'T'HH:mm")`);
    if (e instanceof PatternError) throw c.t.unsupported(c.args[i]!.at, `${c.name} with ${e.message} in the pattern '${String(p)}'`);
    throw e;
  }
}

/** a timestamp formatted with a translated pattern (fractions and quarters computed beside strftime) */
export function formatTimestamp(ts: Sql, format: string): Sql {
  // eslint-disable-next-line no-control-regex -- the markers datetimeFormats.ts puts for pieces strftime lacks
  const pieces = format.split(/(\u0001\d|\u00020?)/).filter((p) => p !== '');
  const parts = pieces.map((p) => {
    if (p.startsWith('\u0001')) return sql`left(strftime(${ts}, '%f'), ${Number(p.slice(1))})`;
    if (p === '\u0002') return sql`CAST(quarter(${ts}) AS VARCHAR)`;
    if (p === '\u00020') return sql`lpad(CAST(quarter(${ts}) AS VARCHAR), 2, '0')`;
    return sql`strftime(${ts}, ${str(p)})`;
  });
  if (parts.length === 0) return sql`''`;
  return parts.reduce((a, b) => sql`${a} || ${b}`);
}

/** a string parsed with a pattern: NULL when it is not of the pattern's form, refused when Spark would fail */
function parseWith(c: Call, s: Sql, p: NonNullable<ReturnType<typeof pattern>>): Sql {
  if (p.parse === undefined) throw c.t.unsupported(c.args[1]!.at, `${c.name} parsing with the pattern '${p.text}'`, 'a letter in it is only translated for formatting');
  // Spark 3 fails on text its parser rejects and Spark 2's lenient one read: DateTimeFormatterHelper.checkParsedDiff
  // throws SparkUpgradeException when the legacy parser (LegacySimpleTimestampFormatter: SimpleDateFormat.parse(s),
  // which reads a prefix — DateFormat.parse "may not use the entire text" — leniently) reads the text. Spark 3.3's
  // message as a Spark 3.3 job prints it (QueryExecutionErrors.failToParseDateTimeInNewParserError), e.g. for
  // to_date('2021-01-01 07:54:21', 'yyyy-MM-dd')
  const refused = (v: Sql) =>
    c.t.runtimeError(
      c.at,
      sql`${str(`${c.name}: SparkUpgradeException: You may get a different result due to the upgrading to Spark >= 3.0: Fail to parse '`)} || ${v} || ${str(
        `' in the new parser. You can set spark.sql.legacy.timeParserPolicy to LEGACY to restore the behavior before Spark 3.0, or set to CORRECTED and treat it as an invalid datetime string. (Spark 3 parses only text of the pattern '${p.text}' exactly, Spark 2 read this one, and Glue runs with the policy EXCEPTION, Spark's default: fix the text or the pattern — e.g. parse the prefix of the pattern's length with substring(…) first —, or set the policy CORRECTED before the first read, for NULL; the local engine does not run LEGACY)`,
      )}`,
    );
  // CORRECTED: "treat it as an invalid datetime string" — DateTimeFormatterHelper.checkParsedDiff converts the new
  // parser's failure only under EXCEPTION; under CORRECTED the caller's non-ANSI NULL stands
  if (c.t.options.timeParserPolicy === 'CORRECTED') return bind(s, (v) => sql`CASE WHEN regexp_full_match(${v}, ${str(p.strict!)}) THEN ${zonedParse(v, p)} END`);
  return bind(s, (v) => sql`CASE WHEN regexp_full_match(${v}, ${str(p.strict!)}) THEN ${zonedParse(v, p)} WHEN regexp_full_match(${v}, ${str(`${p.lenient!}.*`)}) THEN ${refused(v)} END`);
}

/** strptime of a text matching the pattern; with an offset in it, the instant it names as a UTC timestamp */
export function zonedParse(v: Sql, p: { parse?: string; zoned?: boolean; trailingZ?: boolean }): Sql {
  if (!p.zoned) return sql`try_strptime(${v}, ${str(p.parse!)})`;
  const text = p.trailingZ ? sql`regexp_replace(${v}, 'Z$', '+00:00')` : v;
  return sql`timezone('UTC', try_strptime(${text}, ${str(p.parse!)}))`;
}

/** to_timestamp / to_date / unix_timestamp's reading of a value: a timestamp, a date, or a string (with a pattern) */
function toTimestampSql(c: Call, i: number, patternIndex: number | undefined): Sql {
  const a = c.args[i]!;
  if (isTimestamp(a.type)) return a.sql;
  if (a.type.kind === 'date') return sql`CAST(${a.sql} AS TIMESTAMP)`;
  const s = c.arg(i, T.varchar);
  if (patternIndex === undefined || c.args[patternIndex] === undefined) return coerce(c.t, s, SPARK_TIMESTAMP).sql;
  const p = pattern(c, patternIndex);
  if (!p) return sql`CAST(NULL AS TIMESTAMP)`;
  return parseWith(c, s.sql, p);
}

function toTimestamp(ntz: boolean) {
  return custom([1, 2], (c) => out(c, toTimestampSql(c, 0, 1), ntz ? SPARK_TIMESTAMP_NTZ : SPARK_TIMESTAMP));
}

function unixTimestamp(c: Call): Typed {
  if (c.args.length === 0) return out(c, sql`CAST(epoch(get_current_timestamp()) AS BIGINT)`, T.bigint);
  const a = c.args[0]!;
  const ts = isStringType(a.type) && c.args[1] === undefined ? (() => {
    const p = translatePattern('yyyy-MM-dd HH:mm:ss');
    return parseWith(c, c.arg(0, T.varchar).sql, { text: 'yyyy-MM-dd HH:mm:ss', ...p });
  })() : toTimestampSql(c, 0, 1);
  return out(c, sql`CAST(floor(epoch_us(${ts}) / 1000000) AS BIGINT)`, T.bigint);
}

function fromUnixtime(c: Call): Typed {
  const secs = c.arg(0, T.bigint);
  const p = c.args[1] ? pattern(c, 1) : { text: 'yyyy-MM-dd HH:mm:ss', ...translatePattern('yyyy-MM-dd HH:mm:ss') };
  if (!p) return out(c, sql`CAST(NULL AS VARCHAR)`, T.varchar);
  return out(c, bind(sql`make_timestamp(${secs.sql} * 1000000)`, (ts) => formatTimestamp(ts, p.format)), T.varchar);
}

function dateFormat(c: Call): Typed {
  const ts = timestampArg(c, 0);
  const p = pattern(c, 1);
  if (!p) return out(c, sql`CAST(NULL AS VARCHAR)`, T.varchar);
  return out(c, bind(ts.sql, (v) => formatTimestamp(v, p.format)), T.varchar);
}

function toDate(c: Call): Typed {
  if (c.args.length === 1) return out(c, dateArg(c, 0).sql, T.date);
  return out(c, sql`CAST(${toTimestampSql(c, 0, 1)} AS DATE)`, T.date);
}

/** make_timestamp: seconds as decimal(8,6); 60 is the next minute; impossible fields NULL */
function makeTimestamp(ntz: boolean) {
  return custom([6, 7], (c) => {
    const [y, mo, d, h, mi] = [0, 1, 2, 3, 4].map((i) => c.arg(i, T.integer).sql) as [Sql, Sql, Sql, Sql, Sql];
    const sec = c.arg(5, T.decimal(16, 6));
    if (c.args[6] && ntz) throw c.t.fail(c.node, '[WRONG_NUM_ARGS] make_timestamp_ntz takes 6 arguments');
    const micros = sql`CAST(round(${sec.sql} * 1000000) AS BIGINT)`;
    const whole = sql`CAST(floor(${sec.sql}) AS INTEGER)`;
    const base = sql`TRY(make_timestamp(${y}, ${mo}, ${d}, ${h}, ${mi}, 0))`;
    let value: Sql = sql`CASE WHEN ${sec.sql} < 0 OR ${sec.sql} > 60 OR (${sec.sql} = 60 AND false) THEN NULL WHEN ${whole} = 60 AND ${sec.sql} <> 60 THEN NULL ELSE ${base} + to_microseconds(${micros}) END`;
    const tz = c.args[6];
    if (tz) {
      if (typeof tz.value !== 'string') throw c.t.unsupported(tz.at, 'make_timestamp with a time zone that is not a string constant');
      value = sql`CAST(timezone(${str(tz.value)}, ${value}) AT TIME ZONE 'UTC' AS TIMESTAMP)`;
    }
    return out(c, value, ntz ? SPARK_TIMESTAMP_NTZ : SPARK_TIMESTAMP);
  });
}

const EXTRACT: Record<string, (x: Sql) => Sql> = {
  YEAR: (x) => sql`year(${x})`,
  YEAROFWEEK: (x) => sql`yearweek(${x}) // 100`,
  QUARTER: (x) => sql`quarter(${x})`,
  MONTH: (x) => sql`month(${x})`,
  WEEK: (x) => sql`week(${x})`,
  DAY: (x) => sql`day(${x})`,
  DAYOFWEEK: (x) => sql`dayofweek(${x}) + 1`,
  DOW: (x) => sql`dayofweek(${x}) + 1`,
  DAYOFWEEK_ISO: (x) => sql`isodow(${x})`,
  DOW_ISO: (x) => sql`isodow(${x})`,
  DOY: (x) => sql`dayofyear(${x})`,
  HOUR: (x) => sql`hour(${x})`,
  MINUTE: (x) => sql`minute(${x})`,
};

const FIELD_ALIASES: Record<string, string> = {
  Y: 'YEAR', YEARS: 'YEAR', YR: 'YEAR', YRS: 'YEAR', QTR: 'QUARTER', M: 'MONTH', MON: 'MONTH', MONS: 'MONTH', MONTHS: 'MONTH', W: 'WEEK', WEEKS: 'WEEK',
  D: 'DAY', DAYS: 'DAY', H: 'HOUR', HOURS: 'HOUR', HR: 'HOUR', HRS: 'HOUR', MIN: 'MINUTE', MINS: 'MINUTE', MINUTES: 'MINUTE', S: 'SECOND', SEC: 'SECOND', SECONDS: 'SECOND', SECS: 'SECOND',
};

function datePart(c: Call): Typed {
  const f = constantArg(c, 0, 'field');
  if (typeof f !== 'string') throw c.t.unsupported(c.args[0]!.at, 'date_part with a field that is not a string constant');
  const field = FIELD_ALIASES[f.toUpperCase()] ?? f.toUpperCase();
  const src = c.args[1]!;
  if (src.type.kind === 'interval') return intervalField(c, f, src);
  if (field === 'SECOND') {
    const ts = timestampArg(c, 1);
    return out(c, sql`CAST(second(${ts.sql}) + microsecond(${ts.sql}) % 1000000 / 1000000.0 AS DECIMAL(8,6))`, T.decimal(8, 6));
  }
  const rule = EXTRACT[field];
  if (!rule) throw c.t.fail(c.args[0]!.at, `[INVALID_EXTRACT_FIELD] Cannot extract ${f} from ${src.name ?? 'the value'}.`);
  const timeField = field === 'HOUR' || field === 'MINUTE';
  const x = timeField ? timestampArg(c, 1) : src.type.kind === 'date' ? src : isTimestamp(src.type) ? src : dateArg(c, 1);
  return out(c, sql`CAST(${rule(x.sql)} AS INTEGER)`, T.integer);
}

/** months_between (DateTimeUtils.monthsBetween): whole months when the days match or are both month ends */
function monthsBetween(c: Call): Typed {
  const a = timestampArg(c, 0).sql;
  const b = timestampArg(c, 1).sql;
  const round = c.args[2] ? constantArg(c, 2, 'roundOff') : true;
  if (typeof round !== 'boolean') throw c.t.unsupported(c.args[2]!.at, 'months_between with a roundOff that is not a constant');
  const months = sql`((year(${a}) - year(${b})) * 12 + month(${a}) - month(${b}))`;
  const lastDay = (x: Sql) => sql`(day(${x}) = day(last_day(${x})))`;
  const secondsInDay = (x: Sql) => sql`(epoch_us(${x}) - epoch_us(date_trunc('day', ${x}))) / 1000000.0`;
  const diff = sql`(${months} + (day(${a}) - day(${b})) / 31.0 + (${secondsInDay(a)} - ${secondsInDay(b)}) / 2678400.0)`;
  const exact = sql`CASE WHEN day(${a}) = day(${b}) OR (${lastDay(a)} AND ${lastDay(b)}) THEN CAST(${months} AS DOUBLE) ELSE ${diff} END`;
  return out(c, round ? sql`round(${exact}, 8)` : exact, T.double);
}

/** trunc(date, fmt): year, quarter, month, week; anything else NULL */
function truncDate(c: Call): Typed {
  const d = dateArg(c, 0);
  const f = constantArg(c, 1, 'unit');
  const unit = typeof f === 'string' ? f.toUpperCase() : '';
  const map: Record<string, string> = { YEAR: 'year', YYYY: 'year', YY: 'year', QUARTER: 'quarter', MONTH: 'month', MM: 'month', MON: 'month', WEEK: 'week' };
  const u = map[unit];
  if (!u) return out(c, sql`CAST(NULL AS DATE)`, T.date);
  return out(c, sql`CAST(date_trunc(${str(u)}, ${d.sql}) AS DATE)`, T.date);
}

function dateTrunc(c: Call): Typed {
  const f = constantArg(c, 0, 'unit');
  const ts = timestampArg(c, 1);
  const unit = typeof f === 'string' ? f.toUpperCase() : '';
  const map: Record<string, string> = {
    YEAR: 'year', YYYY: 'year', YY: 'year', QUARTER: 'quarter', MONTH: 'month', MM: 'month', MON: 'month', WEEK: 'week', DAY: 'day', DD: 'day',
    HOUR: 'hour', MINUTE: 'minute', SECOND: 'second', MILLISECOND: 'millisecond', MICROSECOND: 'microsecond',
  };
  const u = map[unit];
  if (!u) return out(c, sql`CAST(NULL AS TIMESTAMP)`, ts.type);
  return out(c, sql`date_trunc(${str(u)}, ${ts.sql})`, ts.type);
}

const DAYS: Record<string, number> = { SU: 0, SUN: 0, SUNDAY: 0, MO: 1, MON: 1, MONDAY: 1, TU: 2, TUE: 2, TUESDAY: 2, WE: 3, WED: 3, WEDNESDAY: 3, TH: 4, THU: 4, THURSDAY: 4, FR: 5, FRI: 5, FRIDAY: 5, SA: 6, SAT: 6, SATURDAY: 6 };

function nextDay(c: Call): Typed {
  const d = dateArg(c, 0);
  const w = constantArg(c, 1, 'day of week');
  if (w === null) return out(c, sql`CAST(NULL AS DATE)`, T.date);
  const target = DAYS[String(w).toUpperCase()];
  if (target === undefined) return out(c, sql`CAST(NULL AS DATE)`, T.date);
  return out(c, sql`CAST(${d.sql} + CAST(((${target} - dayofweek(${d.sql}) + 6) % 7) + 1 AS INTEGER) AS DATE)`, T.date);
}

/** from_utc_timestamp / to_utc_timestamp: wall times between UTC and a zone */
function shiftZone(toUtc: boolean) {
  return custom([2, 2], (c) => {
    const ts = timestampArg(c, 0);
    const zone = constantArg(c, 1, 'time zone');
    if (zone === null) return out(c, sql`CAST(NULL AS TIMESTAMP)`, SPARK_TIMESTAMP);
    const z = str(String(zone));
    return out(c, toUtc ? sql`CAST(timezone(${z}, ${ts.sql}) AT TIME ZONE 'UTC' AS TIMESTAMP)` : sql`timezone(${z}, CAST(${ts.sql} AS TIMESTAMPTZ))`, SPARK_TIMESTAMP);
  });
}

function dateAdd(sign: 1 | -1) {
  return custom([2, 2], (c) => {
    const d = dateArg(c, 0);
    const n = c.args[1]!;
    if (n.type.kind === 'bigint' || n.type.kind === 'decimal' || n.type.kind === 'double' || n.type.kind === 'real') throw c.t.fail(n.at, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${c.name}(…)" due to data type mismatch: Parameter 2 requires the ("INT" or "SMALLINT" or "TINYINT") type, however "${n.name ?? 'the argument'}" has the type "${n.type.kind.toUpperCase()}".`);
    const days = c.arg(1, T.integer);
    return out(c, sql`CAST(${d.sql} ${sign > 0 ? '+' : '-'} ${days.sql} AS DATE)`, T.date);
  });
}

function timestampAdd(c: Call): Typed {
  const unit = String(constantArg(c, 0, 'unit')).toUpperCase();
  const n = c.arg(1, T.bigint);
  const ts = timestampArg(c, 2);
  const units: Record<string, string> = { MICROSECOND: 'microsecond', MILLISECOND: 'millisecond', SECOND: 'second', MINUTE: 'minute', HOUR: 'hour', DAY: 'day', DAYOFYEAR: 'day', WEEK: 'week', MONTH: 'month', QUARTER: 'quarter', YEAR: 'year' };
  const u = units[unit];
  if (!u) throw c.t.fail(c.args[0]!.at, `[INVALID_PARAMETER_VALUE.DATETIME_UNIT] invalid unit ${unit}`);
  const interval = u === 'quarter' ? sql`to_months(CAST(${n.sql} * 3 AS INTEGER))` : sql`(${n.sql} * INTERVAL 1 ${u.toUpperCase()})`;
  return out(c, sql`CAST(${ts.sql} + ${interval} AS TIMESTAMP)`, ts.type);
}

function timestampDiff(c: Call): Typed {
  const unit = String(constantArg(c, 0, 'unit')).toUpperCase();
  const a = timestampArg(c, 1);
  const b = timestampArg(c, 2);
  const units: Record<string, string> = { MICROSECOND: 'microsecond', MILLISECOND: 'millisecond', SECOND: 'second', MINUTE: 'minute', HOUR: 'hour', DAY: 'day', DAYOFYEAR: 'day', WEEK: 'week', MONTH: 'month', QUARTER: 'quarter', YEAR: 'year' };
  const u = units[unit];
  if (!u) throw c.t.fail(c.args[0]!.at, `[INVALID_PARAMETER_VALUE.DATETIME_UNIT] invalid unit ${unit}`);
  return out(c, sql`CAST(datesub(${str(u)}, ${a.sql}, ${b.sql}) AS BIGINT)`, T.bigint);
}

function fromEpoch(scale: number) {
  return custom([1, 1], (c) => {
    const a = c.args[0]!;
    if (scale === 1 && (a.type.kind === 'decimal' || a.type.kind === 'double' || a.type.kind === 'real')) {
      const x = c.arg(0, T.double);
      return out(c, sql`CASE WHEN isfinite(${x.sql}) THEN make_timestamp(CAST(trunc(${a.type.kind === 'decimal' ? sql`CAST(${a.sql} AS DECIMAL(38,6)) * 1000000` : sql`${x.sql} * 1000000`}) AS BIGINT)) END`, SPARK_TIMESTAMP);
    }
    const n = c.arg(0, T.bigint);
    return out(c, sql`make_timestamp(${n.sql} * ${1_000_000 / scale})`, SPARK_TIMESTAMP);
  });
}

function toEpoch(divisor: number) {
  return custom([1, 1], (c) => {
    const ts = timestampArg(c, 0);
    return out(c, divisor === 1 ? sql`epoch_us(${ts.sql})` : sql`CAST(floor(epoch_us(${ts.sql}) / ${divisor}) AS BIGINT)`, T.bigint);
  });
}

const dateOnly = (f: (x: Sql) => Sql, type: SqlType = T.integer) => custom([1, 1], (c) => out(c, sql`CAST(${f(dateArg(c, 0).sql)} AS ${duckDbType(type)})`, type));
const timeOnly = (f: (x: Sql) => Sql) => custom([1, 1], (c) => out(c, sql`CAST(${f(timestampArg(c, 0).sql)} AS INTEGER)`, T.integer));

export const DATES: FunctionTable = {
  current_date: custom([0, 0], (c) => out(c, sql`current_date`, T.date)),
  curdate: { ...custom([0, 0], (c) => out(c, sql`current_date`, T.date)), since: '3.4.0' },
  current_timestamp: custom([0, 0], (c) => out(c, sql`CAST(get_current_timestamp() AS TIMESTAMP)`, SPARK_TIMESTAMP)),
  now: custom([0, 0], (c) => out(c, sql`CAST(get_current_timestamp() AS TIMESTAMP)`, SPARK_TIMESTAMP)),
  current_timezone: custom([0, 0], (c) => out(c, sql`'UTC'`, T.varchar)),
  date_add: dateAdd(1),
  dateadd: { ...dateAdd(1), since: '3.4.0' },
  date_sub: dateAdd(-1),
  datediff: custom([2, 2], (c) => out(c, sql`CAST(${dateArg(c, 0).sql} - ${dateArg(c, 1).sql} AS INTEGER)`, T.integer)),
  date_diff: { ...custom([2, 2], (c) => out(c, sql`CAST(${dateArg(c, 0).sql} - ${dateArg(c, 1).sql} AS INTEGER)`, T.integer)), since: '3.4.0' },
  add_months: custom([2, 2], (c) => out(c, sql`CAST(${dateArg(c, 0).sql} + to_months(${c.arg(1, T.integer).sql}) AS DATE)`, T.date)),
  months_between: custom([2, 3], monthsBetween),
  last_day: custom([1, 1], (c) => out(c, sql`last_day(${dateArg(c, 0).sql})`, T.date)),
  next_day: custom([2, 2], nextDay),
  trunc: custom([2, 2], truncDate),
  date_trunc: custom([2, 2], dateTrunc),
  year: dateOnly((x) => sql`year(${x})`),
  quarter: dateOnly((x) => sql`quarter(${x})`),
  month: dateOnly((x) => sql`month(${x})`),
  day: dateOnly((x) => sql`day(${x})`),
  dayofmonth: dateOnly((x) => sql`day(${x})`),
  dayofweek: dateOnly((x) => sql`dayofweek(${x}) + 1`),
  dayofyear: dateOnly((x) => sql`dayofyear(${x})`),
  weekday: dateOnly((x) => sql`isodow(${x}) - 1`),
  weekofyear: dateOnly((x) => sql`week(${x})`),
  hour: timeOnly((x) => sql`hour(${x})`),
  minute: timeOnly((x) => sql`minute(${x})`),
  second: timeOnly((x) => sql`second(${x})`),
  date_part: custom([2, 2], datePart),
  datepart: { ...custom([2, 2], datePart), since: '3.4.0' },
  date_format: custom([2, 2], dateFormat),
  to_date: custom([1, 2], toDate),
  to_timestamp: toTimestamp(false),
  to_timestamp_ltz: { ...toTimestamp(false), since: '3.4.0' },
  to_timestamp_ntz: { ...toTimestamp(true), since: '3.4.0' },
  try_to_timestamp: {
    ...custom([1, 2], (c) => {
      const v = toTimestampSql(c, 0, 1);
      return out(c, sql`TRY(${v})`, SPARK_TIMESTAMP);
    }),
    since: '3.4.0',
  },
  unix_timestamp: custom([0, 2], unixTimestamp),
  to_unix_timestamp: custom([1, 2], unixTimestamp),
  from_unixtime: custom([1, 2], fromUnixtime),
  make_date: custom([3, 3], (c) => out(c, sql`TRY(make_date(${c.arg(0, T.integer).sql}, ${c.arg(1, T.integer).sql}, ${c.arg(2, T.integer).sql}))`, T.date)),
  make_timestamp: makeTimestamp(false),
  make_timestamp_ltz: { ...makeTimestamp(false), since: '3.4.0' },
  make_timestamp_ntz: { ...makeTimestamp(true), since: '3.4.0' },
  from_utc_timestamp: shiftZone(false),
  to_utc_timestamp: shiftZone(true),
  timestamp_seconds: fromEpoch(1),
  timestamp_millis: fromEpoch(1000),
  timestamp_micros: fromEpoch(1_000_000),
  unix_seconds: toEpoch(1_000_000),
  unix_millis: toEpoch(1000),
  unix_micros: toEpoch(1),
  unix_date: custom([1, 1], (c) => out(c, sql`CAST(${dateArg(c, 0).sql} - DATE '1970-01-01' AS INTEGER)`, T.integer)),
  date_from_unix_date: custom([1, 1], (c) => out(c, sql`CAST(DATE '1970-01-01' + ${c.arg(0, T.integer).sql} AS DATE)`, T.date)),
  timestampadd: { ...custom([3, 3], timestampAdd), since: '3.3.0' },
  timestampdiff: { ...custom([3, 3], timestampDiff), since: '3.3.0' },
  convert_timezone: {
    ...custom([2, 3], (c) => {
      const [from, to, ts] = c.args.length === 3 ? [constantArg(c, 0, 'source zone'), constantArg(c, 1, 'target zone'), timestampArg(c, 2)] : ['UTC', constantArg(c, 0, 'target zone'), timestampArg(c, 1)];
      return out(c, sql`CAST(timezone(${str(String(to))}, timezone(${str(String(from))}, ${ts.sql})) AS TIMESTAMP)`, SPARK_TIMESTAMP_NTZ);
    }),
    since: '3.4.0',
  },
};

export type { Translator };
