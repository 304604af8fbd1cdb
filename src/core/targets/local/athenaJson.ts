/**
 * The JSON lines Athena writes (CTAS and UNLOAD `format = 'JSON'`, INSERT INTO a JSON table), made in SQL one line per
 * row, byte for byte as Trino's two JSON writers make them (trinodb/trino lib/trino-hive-formats …/line/json/
 * JsonSerializer.java for the Hive JsonSerDe, …/line/openxjson/OpenXJsonSerializer.java and JsonWriter.java for the
 * OpenX JsonSerDe). DuckDB's own JSON writer differs in most types (`5.5` for a decimal(10,2) 5.50, `1e+20`,
 * `"2024-01-31 12:00:00"` for both SerDes, nulls always written), so the engine writes these lines itself:
 *
 * | value | Hive JsonSerDe (Jackson's generator) | OpenX JsonSerDe (its JsonWriter) |
 * | --- | --- | --- |
 * | NULL column or row field | `null` | left out (`{}` for a row of NULLs), `null` with `explicit.null` |
 * | NULL array element, map value | `null` | `null` |
 * | boolean, integers | `true`, `42` | `true`, `42` |
 * | decimal | Java's `BigDecimal.toString()`, a number: `5.50`, `1E-8` | the same text as a string: `"5.50"` |
 * | double (real) | `Double.toString` (`Float.toString`): `2.0`, `1.0E20`; not finite: `"NaN"`, `"Infinity"` | an integral value as a Java long: `2`, `100000000000000000000` is `1.0E20`, -0.0 `-0` (a real's `0`); else `Double.toString`; not finite: refused (JsonWriter writes a bare `NaN`, which is not JSON) |
 * | date | `"2024-01-31"` (the year unpadded: `"999-01-01"`) | the same |
 * | timestamp | `"2024-01-31 12:00:00"`, `"… 12:00:00.5"` (the fraction's trailing zeros cut, none when zero) | `"2024-01-31T12:00:00Z"`, `"…T12:00:00.5Z"` |
 * | varbinary | its bytes read as UTF-8 text (Hive's corruption; bytes that are not UTF-8 are refused) | Base64 (java.util.Base64, padded) |
 * | varchar | a string: `"` and `\` escaped, \b \t \n \f \r short, other controls `\u001F` (upper-case hex) | the same, controls `\u001f` (lower case), and `/` after `<` as `\/` |
 * | map key | its text: `String.valueOf` of a boolean, an integer, a double (`1.0`), the plain decimal text (`0.00000001`), the date and timestamp text | `toString()` of the value written: the same, but a decimal's `BigDecimal.toString()` (`1E-8`) and OpenX's timestamp text |
 * | map key of an array, a map or a row | refused (`Unsupported map key type`) | refused (`Unsupported map key type`) |
 *
 * Column names are written lower case, row field names as the catalog holds them (lower case); no spaces anywhere.
 * Types the Hive table formats do not have (time, timestamp with time zone, uuid, json, interval, …) are refused by
 * name, as Athena refuses to write them. A timestamp is written to the millisecond (Athena's Hive timestamps are
 * timestamp(3)): a value with finer digits is refused as the statement runs.
 */
import { LakehouseError } from '../../errors';
import { text as sqlText } from '../../sql/dialects/emit';
import { javaDecimalText, javaFloatingText } from '../../sql/spark/sqlText';
import { parseDuckDbType, type DuckDbType } from '../../sql/types';
import { literal } from './duck';

/** Which of Trino's JSON writers writes the table: the Hive JsonSerDe's, or the OpenX JsonSerDe's. */
export interface AthenaJsonWriter {
  serde: 'hive' | 'openx';
  /** OpenX only: the table's `explicit.null` SERDEPROPERTY (NULL fields written as `null`, not left out) */
  explicitNull?: boolean;
}

/** Escapes of the control characters that both writers write short (Jackson's CharTypes, JsonWriter.writeJsonString). */
const SHORT_ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

/** The SQL of a JSON string of `s` (VARCHAR, not NULL) as `serde`'s writer escapes it. */
export function jsonStringSql(s: string, serde: AthenaJsonWriter['serde']): string {
  let chain = `replace(replace(${s}, '\\', '\\\\'), '"', '\\"')`;
  for (let c = 0; c < 32; c++) {
    const hex = c.toString(16).padStart(4, '0');
    const escape = SHORT_ESCAPES[c] ?? `\\u${serde === 'hive' ? hex.toUpperCase() : hex}`;
    chain = `replace(${chain}, chr(${c}), ${literal(escape)})`;
  }
  if (serde === 'openx') chain = `replace(${chain}, '</', '<\\/')`;
  const special = serde === 'openx' ? `'[\\x00-\\x1f"\\\\]|</'` : `'[\\x00-\\x1f"\\\\]'`;
  return `CASE WHEN regexp_matches(${s}, ${special}) THEN '"' || ${chain} || '"' ELSE '"' || ${s} || '"' END`;
}

function refusal(column: string, what: string): LakehouseError {
  return new LakehouseError('SqlUnsupported', `the column ${column} ${what}`, { object: column });
}

/** SQL that fails the statement, naming the column, when it evaluates */
function failing(column: string, what: string): string {
  return `error(${literal(`the column ${column} ${what}`)})`;
}

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const TIMESTAMP = /^(TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS)$/;
const BINARY = /^(BLOB|BYTEA|BINARY|VARBINARY)$/;

/** Java's `BigDecimal.toString()` of a DECIMAL(p, scale): `5.50`, `1E-8`, `0E-8` */
function bigDecimalTextSql(e: string, scale: number): string {
  return sqlText(javaDecimalText(e, scale));
}

function decimalScaleOf(t: DuckDbType): number | undefined {
  if (t.kind !== 'named' || !/^(DECIMAL|NUMERIC|DEC)$/.test(t.name)) return undefined;
  return Number(t.params[1] ?? 3);
}

/** `2024-01-31` of a DATE or TIMESTAMP: the year as Java's appendValue(YEAR, 1, 10, NORMAL) prints it (unpadded). */
function dateText(e: string): string {
  return `CAST(year(${e}) AS VARCHAR) || '-' || lpad(CAST(month(${e}) AS VARCHAR), 2, '0') || '-' || lpad(CAST(day(${e}) AS VARCHAR), 2, '0')`;
}

/**
 * A timestamp's text: HiveFormatUtils.TIMESTAMP_FORMATTER (`yyyy-MM-dd HH:mm:ss[.fraction]`) or OpenXJsonSerializer's
 * UTC_PRINT_FORMATTER (`yyyy-MM-ddTHH:mm:ss[.fraction]Z`): appendFraction(NANO_OF_SECOND, 0, 9, true) prints the
 * fraction without its trailing zeros, and nothing (no `.`) when it is zero.
 */
function timestampText(expr: string, serde: AthenaJsonWriter['serde'], column: string, nanos = false): string {
  const e = `CAST(${expr} AS TIMESTAMP)`;
  const micros = `(microsecond(${e}) % 1000000)`;
  // a TIMESTAMP_NS's digits below the microsecond are lost by the cast: checked on the value itself
  const finer = nanos ? `epoch_ns(${expr}) % 1000000 <> 0` : `${micros} % 1000 <> 0`;
  const two = (f: string) => `lpad(CAST(${f}(${e}) AS VARCHAR), 2, '0')`;
  const fraction = `CASE WHEN ${finer} THEN ${failing(column, "holds a timestamp with digits below the millisecond: Athena's timestamps in Hive tables are timestamp(3); round it first (date_trunc('millisecond', …))")} WHEN ${micros} = 0 THEN '' ELSE '.' || rtrim(lpad(CAST(${micros} AS VARCHAR), 6, '0'), '0') END`;
  return `${dateText(e)} || ${serde === 'hive' ? "' '" : "'T'"} || ${two('hour')} || ':' || ${two('minute')} || ':' || lpad(CAST(second(${e}) AS VARCHAR), 2, '0') || ${fraction}${serde === 'openx' ? " || 'Z'" : ''}`;
}

function unsupportedNamed(name: string, column: string): LakehouseError {
  return refusal(column, `is ${name}: Athena's Hive tables have no such type, and Trino's JSON writers write none (write it as varchar)`);
}

/** The text of a primitive value `e` (not NULL) of type `t` as a map key, before it is written as a JSON string. */
function keyText(e: string, t: DuckDbType, w: AthenaJsonWriter, column: string): string {
  if (t.kind !== 'named') throw refusal(column, `is a map whose keys are ${t.kind === 'list' ? 'arrays' : t.kind === 'map' ? 'maps' : 'rows'}: Trino's JSON writers refuse it (Unsupported map key type)`);
  const scale = decimalScaleOf(t);
  if (scale !== undefined) return w.serde === 'hive' ? `CAST(${e} AS VARCHAR)` : bigDecimalTextSql(e, scale);
  if (t.name === 'BOOLEAN') return `CASE WHEN ${e} THEN 'true' ELSE 'false' END`;
  if (INTEGER.test(t.name)) return `CAST(${e} AS VARCHAR)`;
  // String.valueOf(double) / Object.toString of a Double: Double.toString, not finite as NaN / Infinity
  if (/^(DOUBLE|FLOAT)$/.test(t.name)) return sqlText(javaFloatingText(e));
  if (t.name === 'DATE') return dateText(e);
  if (TIMESTAMP.test(t.name)) return timestampText(e, w.serde, column, t.name === 'TIMESTAMP_NS');
  if (BINARY.test(t.name)) return binaryText(e, w, column);
  if (t.name === 'VARCHAR') return e;
  throw unsupportedNamed(t.name.toLowerCase(), column);
}

/** varbinary: Base64 (OpenX), or its bytes as UTF-8 text (Hive: `VARBINARY.getSlice(…).toStringUtf8()`) */
function binaryText(e: string, w: AthenaJsonWriter, column: string): string {
  if (w.serde === 'openx') return `to_base64(${e})`;
  return `CASE WHEN try(decode(${e})) IS NULL THEN ${failing(column, "holds varbinary bytes that are not UTF-8: Athena's Hive JsonSerDe writes them as UTF-8 text, replacing what is not (Hive's own corruption), which the local engine does not copy; write the table with the OpenX JsonSerDe (Base64) or Parquet")} ELSE decode(${e}) END`;
}

/** A double (a real) as the OpenX JsonWriter's writeJsonNumber writes it (see the table above). */
function openxFloating(e: string, real: boolean, column: string): string {
  const d = `CAST(${e} AS DOUBLE)`;
  return `CASE WHEN NOT isfinite(${d}) THEN ${failing(column, "holds NaN or Infinity: Athena's OpenX JsonSerDe writes it bare (NaN), which is not JSON; the local engine does not write it (filter it out, or write the table with the Hive JsonSerDe)")}${
    real ? '' : ` WHEN ${d} = 0 AND signbit(${d}) THEN '-0'`
  } WHEN ${d} = trunc(${d}) AND ${d} >= -9223372036854775808.0 AND ${d} <= 9223372036854775808.0 THEN CASE WHEN ${d} = 9223372036854775808.0 THEN '9223372036854775807' ELSE CAST(CAST(${d} AS HUGEINT) AS VARCHAR) END ELSE ${sqlText(javaFloatingText(e))} END`;
}

/** The SQL of the JSON text of `e` (NULL gives NULL) of type `t`, nested at `depth` (lambda variables' names). */
function valueSql(e: string, t: DuckDbType, w: AthenaJsonWriter, column: string, depth: number): string {
  const orNull = (x: string, inner: DuckDbType) => `coalesce(${valueSql(x, inner, w, column, depth + 1)}, 'null')`;
  const v = `__j${depth}`;
  const nonNull = (x: string) => `CASE WHEN ${e} IS NULL THEN NULL ELSE ${x} END`;
  switch (t.kind) {
    case 'named': {
      const scale = decimalScaleOf(t);
      if (scale !== undefined) return w.serde === 'hive' ? bigDecimalTextSql(e, scale) : `'"' || ${bigDecimalTextSql(e, scale)} || '"'`;
      if (t.name === 'BOOLEAN') return nonNull(`CASE WHEN ${e} THEN 'true' ELSE 'false' END`);
      if (INTEGER.test(t.name)) return `CAST(${e} AS VARCHAR)`;
      if (/^(DOUBLE|FLOAT)$/.test(t.name)) {
        if (w.serde === 'openx') return nonNull(openxFloating(e, t.name === 'FLOAT', column));
        // Jackson's QUOTE_NON_NUMERIC_NUMBERS (on by default): NaN and the infinities as strings
        const java = sqlText(javaFloatingText(e));
        return nonNull(`CASE WHEN isfinite(${e}) THEN ${java} ELSE '"' || ${java} || '"' END`);
      }
      if (t.name === 'DATE') return `'"' || ${dateText(e)} || '"'`;
      if (TIMESTAMP.test(t.name)) return nonNull(`'"' || ${timestampText(e, w.serde, column, t.name === 'TIMESTAMP_NS')} || '"'`);
      if (BINARY.test(t.name)) return nonNull(w.serde === 'openx' ? `'"' || to_base64(${e}) || '"'` : jsonStringSql(binaryText(e, w, column), 'hive'));
      if (t.name === 'VARCHAR') return nonNull(jsonStringSql(e, w.serde));
      throw unsupportedNamed(t.name === 'TIMESTAMP WITH TIME ZONE' ? 'a timestamp with time zone' : t.name.toLowerCase(), column);
    }
    case 'list':
      return nonNull(`'[' || array_to_string(list_transform(${e}, ${v} -> ${orNull(v, t.element)}), ',') || ']'`);
    case 'map': {
      const key = jsonStringSql(keyText(`${v}.key`, t.key, w, column), w.serde);
      return nonNull(`'{' || array_to_string(list_transform(map_entries(${e}), ${v} -> ${key} || ':' || ${orNull(`${v}.value`, t.value)}), ',') || '}'`);
    }
    case 'struct':
      return nonNull(objectSql(t.fields.map((f) => ({ name: f.name.toLowerCase(), expr: `struct_extract(${e}, ${literal(f.name)})`, type: f.type })), w, column, depth + 1));
    case 'union':
      throw refusal(column, "is a union: Athena's Hive tables have no such type");
  }
}

/** `{"a":…,"b":…}` of the fields (NULL fields left out by OpenX without explicit.null). */
function objectSql(fields: { name: string; expr: string; type: DuckDbType }[], w: AthenaJsonWriter, column: string | undefined, depth: number): string {
  const omit = w.serde === 'openx' && w.explicitNull !== true;
  const entries = fields.map((f) => {
    const name = JSON.stringify(f.name) === `"${f.name}"` && !f.name.includes('</') ? `"${f.name}"` : undefined;
    const key = name !== undefined ? literal(`${name}:`) : `${jsonStringSql(literal(f.name), w.serde)} || ':'`;
    const value = valueSql(f.expr, f.type, w, column ?? f.name, depth);
    return `${key} || ${omit ? value : `coalesce(${value}, 'null')`}`;
  });
  return `'{' || concat_ws(',', ${entries.join(', ')}) || '}'`;
}

/**
 * The SQL of one JSON line (VARCHAR, without its line feed) per row of the columns, as `w`'s writer writes it; throws
 * for a column of a type it cannot write.
 */
export function athenaJsonLineSql(columns: readonly { name: string; expr: string; duckType: string }[], w: AthenaJsonWriter): string {
  return objectSql(
    columns.map((c) => ({ name: c.name, expr: c.expr, type: parseDuckDbType(c.duckType) })),
    w,
    undefined,
    0,
  );
}
