/**
 * How Athena's JSON SerDes turn a JSON value into a BOOLEAN, DATE or TIMESTAMP column — the types where DuckDB's own
 * conversion of JSON gives another answer (`1`, `"yes"` and `"t"` read as true; an offset in `…+01:00` dropped; epoch
 * numbers refused; a date-only text read as a timestamp). Athena engine 3 runs Trino's readers of the two SerDes:
 *
 * - OpenX (`org.openx.data.jsonserde.JsonSerDe`): trinodb/trino lib/trino-hive-formats/src/main/java/io/trino/hive/
 *   formats/line/openxjson/OpenXJsonDeserializer.java (commit 110c9818f45b2a2797a705db4f08b1fd22ea7ccf: BooleanDecoder,
 *   DateDecoder, TimestampDecoder.parseTimestamp) and its README.md (commit a297801863bf76a30f250eeeffedc39618ece191:
 *   "Numeric formats are the number of seconds or milliseconds since 1970-01-01 … 13 or more digits: millis, 12 or
 *   fewer digits: seconds"); the numeric rule is rcongiu/Hive-JSON-Serde's too (ParsePrimitiveUtils.parseTimestamp).
 * - Hive (`org.apache.hive.hcatalog.data.JsonSerDe`, `org.apache.hadoop.hive.serde2.JsonSerDe`): …/line/json/
 *   JsonDeserializer.java (same commit: BooleanDecoder, DateDecoder, TimestampDecoder) and …/HiveFormatUtils.java
 *   (commit 212cdb99b83680299427f00c85e19d4e635fd1bd: parseHiveDate, DEFAULT_TIMESTAMP_PARSER, ISO_TIMESTAMP_PARSER).
 *
 * A Hive table's `timestamp` is Trino's timestamp(3): the fraction is rounded half up to milliseconds
 * (ShortTimestampEncoder: `round(nanosOfSecond, 9 - precision)`). A value the reader does not parse fails the query
 * (Athena: HIVE_BAD_DATA), or is NULL with `ignore.malformed.json`. Hex and octal day counts, and the
 * `timestamp.formats` SerDe property, are not read here (refused by name).
 *
 * | column    | JSON value                                   | OpenX                                   | Hive                          |
 * | --------- | -------------------------------------------- | --------------------------------------- | ----------------------------- |
 * | boolean   | true / false                                 | itself                                  | itself                        |
 * | boolean   | a string, a number                           | its text equals "true" ignoring case    | the same                      |
 * | boolean   | an object or an array                        | false                                   | fails                         |
 * | date      | `y-M-d`, anything after a space ignored      | that date                               | that date                     |
 * | date      | a whole number                               | that many days after 1970-01-01         | fails                         |
 * | timestamp | `y-M-d H:m:s[.f]`, `yyyy-MM-ddTHH:mm[:ss[.f]]` | that time                             | that time                     |
 * | timestamp | `y-M-d`                                      | fails                                   | its midnight                  |
 * | timestamp | `yyyy-MM-ddTHH:mm[:ss[.f]]` + `Z` or `±hh[:]mm` | the same instant in UTC              | fails                         |
 * | timestamp | digits (a number or a string), no `.`        | ≥ 13 characters: ms, else s since 1970  | fails                         |
 * | timestamp | digits with a `.`                            | seconds, to the millisecond (truncated) | fails                         |
 */
import { literal } from './duck';

export type JsonSerdeKind = 'openx' | 'hive';

/** The SQL types whose reading from JSON follows the SerDe's rules here rather than DuckDB's cast. */
export const SERDE_SCALARS: ReadonlySet<string> = new Set(['boolean', 'date', 'timestamp']);

// the text forms, as regular expressions (RE2 in DuckDB, the same in JavaScript)
const HIVE_DATE = '^-?[0-9]{1,10}-[0-9]{1,2}-[0-9]{1,2}$';
/** Hive's DEFAULT_TIMESTAMP_PARSER: a date, optionally a space and a time with up to 9 fraction digits */
const HIVE_TIMESTAMP = '^-?[0-9]{1,10}-[0-9]{1,2}-[0-9]{1,2}( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]{1,9})?)?$';
/** ISO_LOCAL_DATE_TIME */
const ISO_LOCAL = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{0,9})?)?$';
/** ISO_LOCAL_DATE_TIME followed by Z or an offset (+HHMM or +HH:MM) */
const ISO_ZONED = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{0,9})?)?([zZ]|[+-][0-9]{2}:?[0-9]{2})$';
/** the text the OpenX reader takes for a zoned value (then parsed, or failing) */
const LOOKS_ZONED = '([zZ]|.+[+-][0-9]{2}:?[0-9]{2})$';
const WHOLE = '^[+-]?[0-9]+$';
const DECIMAL = '^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)$';
const DAYS = '^-?(0|[1-9][0-9]*)$';

/** the trimmed text before the first space, as parseHiveDate reads a date */
const dateText = (t: string) => `split_part(trim(${t}), ' ', 1)`;

/** A timestamp rounded half up to milliseconds (Trino's timestamp(3)). */
const toMillis = (ts: string) => `date_trunc('millisecond', ${ts} + INTERVAL 500 MICROSECOND)`;

/** Hive's timestamp parser (HiveFormatUtils.parseHiveTimestamp) on a VARCHAR expression: NULL when it does not parse. */
function hiveTimestampText(t: string): string {
  return (
    `CASE WHEN regexp_matches(trim(${t}), ${literal(HIVE_TIMESTAMP)}) THEN TRY_CAST(trim(${t}) AS TIMESTAMP) ` +
    `WHEN regexp_matches(trim(${t}), ${literal(ISO_LOCAL)}) THEN TRY_CAST(upper(trim(${t})) AS TIMESTAMP) END`
  );
}

/** Hive's timestamp parser on a VARCHAR expression, rounded to milliseconds (Trino's timestamp(3)); NULL when it does not parse. */
export function hiveTimestampSql(t: string): string {
  return toMillis(hiveTimestampText(t));
}

/**
 * A delimited text (LazySimpleSerDe) field as a `timestamp` column, as Trino's text TimestampEncoding reads it
 * (lib/trino-hive-formats/…/encodings/text/TimestampEncoding.java, commit 16b994ac1cbdd126ef600c9d0880b87883ba5166):
 * shorter than 8 characters NULL ("Hive has a hard coded minimum length of 8 bytes"), else Hive's parser — a date
 * alone is its midnight, ISO 8601 with a T and no zone is read — rounded to milliseconds; NULL when it does not parse.
 */
export function textTimestampSql(t: string): string {
  return `CASE WHEN length(${t}) >= 8 THEN ${toMillis(hiveTimestampText(t))} END`;
}

/**
 * SQL reading `json` (an expression of DuckDB's JSON type) as a column of `type` — one of SERDE_SCALARS — by
 * `serde`'s rules: NULL for JSON null and for a value the reader refuses (the caller tells them apart).
 */
export function serdeScalarSql(json: string, type: string, serde: JsonSerdeKind): string {
  const t = `(${json} ->> '$')`;
  const kind = `json_type(${json})`;
  const scalar = `${kind} IN ('VARCHAR', 'BIGINT', 'UBIGINT', 'DOUBLE')`;
  switch (type) {
    case 'boolean':
      return (
        `CASE WHEN ${kind} = 'BOOLEAN' THEN CAST(${json} AS BOOLEAN) ` +
        `WHEN ${scalar} THEN lower(${t}) = 'true' ` +
        (serde === 'openx' ? `WHEN ${kind} IN ('OBJECT', 'ARRAY') THEN false END` : 'END')
      );
    case 'date': {
      const days = serde === 'openx' ? `WHEN ${scalar} AND regexp_matches(${t}, ${literal(DAYS)}) THEN DATE '1970-01-01' + CAST(${t} AS INTEGER) ` : '';
      return (
        `CASE WHEN ${scalar} AND regexp_matches(${dateText(t)}, ${literal(HIVE_DATE)}) THEN TRY_CAST(${dateText(t)} AS DATE) ` +
        days +
        `ELSE NULL END`
      );
    }
    case 'timestamp': {
      const parsed =
        serde === 'openx'
          ? `CASE WHEN strpos(${t}, ':') > 1 THEN (CASE ` +
            `WHEN regexp_matches(${t}, ${literal(LOOKS_ZONED)}) THEN (CASE WHEN regexp_matches(${t}, ${literal(ISO_ZONED)}) ` +
            `THEN make_timestamp(epoch_us(TRY_CAST(upper(${t}) AS TIMESTAMPTZ))) END) ` +
            `WHEN regexp_matches(trim(${t}), ${literal(HIVE_TIMESTAMP)}) AND strpos(trim(${t}), ' ') > 0 THEN TRY_CAST(trim(${t}) AS TIMESTAMP) ` +
            `WHEN regexp_matches(trim(${t}), ${literal(ISO_LOCAL)}) THEN TRY_CAST(upper(trim(${t})) AS TIMESTAMP) END) ` +
            `WHEN regexp_matches(${t}, ${literal(WHOLE)}) THEN (CASE WHEN length(${t}) >= 13 THEN epoch_ms(TRY_CAST(${t} AS BIGINT)) ` +
            `ELSE epoch_ms(TRY_CAST(${t} AS BIGINT) * 1000) END) ` +
            `WHEN regexp_matches(${t}, ${literal(DECIMAL)}) THEN epoch_ms(TRY_CAST(trunc(TRY_CAST(${t} AS DECIMAL(38, 9)) * 1000) AS BIGINT)) END`
          : hiveTimestampText(t);
      return `CASE WHEN ${scalar} THEN ${toMillis(parsed)} END`;
    }
    default:
      throw new Error(`not a SerDe scalar: ${type}`);
  }
}

const re = (pattern: string) => new RegExp(pattern);

/**
 * Why the SerDe does not read a JSON value (parsed by JSON.parse) as `type`, or undefined if it does — the same rules
 * as serdeScalarSql, for naming the line at fault (diagnose.ts).
 */
export function serdeScalarProblem(v: unknown, type: string, serde: JsonSerdeKind): string | undefined {
  const shown = JSON.stringify(v).slice(0, 60);
  const structured = typeof v === 'object' && v !== null;
  const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  switch (type) {
    case 'boolean':
      return serde === 'hive' && structured ? `is ${shown}, not a boolean` : undefined;
    case 'date': {
      if (text === undefined) return `is ${shown}, not a date`;
      const d = text.trim().split(' ')[0]!;
      if (re(HIVE_DATE).test(d) && isRealDate(d)) return undefined;
      if (serde === 'openx' && re(DAYS).test(text)) return undefined;
      return `is ${shown}, not a date the JSON SerDe reads (y-M-d${serde === 'openx' ? ', or a number of days since 1970-01-01' : ''})`;
    }
    case 'timestamp': {
      const problem = `is ${shown}, not a timestamp the JSON SerDe reads (${
        serde === 'openx' ? 'y-M-d H:m:s, ISO 8601 with T and an optional Z or offset, or seconds or milliseconds since 1970' : 'y-M-d[ H:m:s], or ISO 8601 with T and no offset'
      })`;
      if (text === undefined) return problem;
      if (serde === 'hive') return re(HIVE_TIMESTAMP).test(text.trim()) || re(ISO_LOCAL).test(text.trim()) ? undefined : problem;
      if (text.indexOf(':') > 0) {
        if (re(LOOKS_ZONED).test(text)) return re(ISO_ZONED).test(text) ? undefined : problem;
        const trimmed = text.trim();
        return (re(HIVE_TIMESTAMP).test(trimmed) && trimmed.includes(' ')) || re(ISO_LOCAL).test(trimmed) ? undefined : problem;
      }
      return re(WHOLE).test(text) || re(DECIMAL).test(text) ? undefined : problem;
    }
    default:
      return undefined;
  }
}

/** whether `y-M-d` names a day of the calendar (DuckDB refuses 2024-02-30) */
function isRealDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
