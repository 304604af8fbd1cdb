/**
 * CAST with Spark's non-ANSI semantics (`spark.sql.ansi.enabled=false`, Glue 4.0 and 5.0's default), as DuckDB SQL.
 * An invalid value gives NULL, never an error. Where DuckDB's own CAST answers otherwise, the row says what Spark
 * does (apache/spark sql/catalyst …/expressions/Cast.scala, UTF8String.toLong/toInt, DateTimeUtils.stringToDate /
 * stringToTimestamp, java.lang.Double.parseDouble):
 *
 * | from → to | Spark | emitted |
 * | --- | --- | --- |
 * | string → integral | spaces and control characters trimmed, `[+-]digits[.digits]`, the fraction dropped; else or out of range NULL | checked, integer part TRY_CAST |
 * | string → double/float | Java's `parseDouble` (`1e3`, `1.`, `.5`, a `d`/`f` suffix, `NaN`, `Infinity`) or `inf`/`nan` | checked, TRY_CAST |
 * | string → decimal | `new BigDecimal(trim(s))`, rounded half up; too wide NULL | checked, TRY_CAST |
 * | string → boolean | `t`/`true`/`y`/`yes`/`1`, `f`/`false`/`n`/`no`/`0`, any case | CASE |
 * | string → date | `yyyy`, `yyyy-m`, `yyyy-m-d`, anything after `yyyy-m-d ` or `T` ignored | parsed, make_date |
 * | string → timestamp | `yyyy[-m[-d[ h[:m[:s[.f]]]]]][zone]`, `T` or space, zones `Z`, `±hh[:mm]`, `UTC±…`, region names | parsed, make_timestamp |
 * | double/float → integral | Java's (int)/(long): truncated, NaN 0, saturated | CASE |
 * | integral → narrower integral, decimal → integral | Java's wrap-around | bits masked |
 * | double → decimal | from Java's text of the double, rounded half up | via the text |
 * | numeric → timestamp | seconds since the epoch | to_timestamp |
 * | timestamp → integral / double | seconds since the epoch (floor; beyond an int, short or byte wrapped, as before Spark 4.0) / with the fraction | epoch |
 * | date → numeric or boolean | NULL (as Hive) | NULL |
 * | boolean → timestamp | 1 or 0 microseconds after the epoch | make_timestamp |
 * | double/float → string | `Double.toString` (`1.0E10`) | javaFloatingText |
 * | decimal → string | `BigDecimal.toString` (`1E-7` below 10⁻⁶) | javaDecimalText |
 * | timestamp → string | `yyyy-MM-dd HH:mm:ss[.ffffff]`, trailing zeros of the fraction dropped | CAST (DuckDB writes the same) |
 * | binary → string | the bytes as UTF-8 | decode |
 * | array → string | `[1, 2, null]` | element by element |
 */
import { type Sql } from '../dialects/emit';
import { duckDbType, isFloating, isIntegral, rowFieldKey, T, type SqlType } from '../dialects/sqlType';
import type { Typed } from './model';
import { bind, javaDecimalText, javaFloatingText, sql, str, trimControl, wrapInteger } from './sqlText';
import type { Translator } from './translator';
import { isStringType, isTimestamp, sameSparkType, sparkSqlTypeName } from './types';

const BITS: Record<string, 8 | 16 | 32 | 64> = { tinyint: 8, smallint: 16, integer: 32, bigint: 64 };
const RANGE: Record<string, [string, string]> = {
  tinyint: ['-128', '127'],
  smallint: ['-32768', '32767'],
  integer: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
};

/** Java's (int)/(long) of a double: truncated toward zero, NaN is 0, out of range the nearest bound. */
function floatingToIntegral(x: Sql, to: SqlType): Sql {
  // (byte)/(short) go through (int): saturate to int, then wrap
  const via = to.kind === 'bigint' ? 'bigint' : 'integer';
  const [lo, hi] = RANGE[via]!;
  const saturated = sql`CASE WHEN isnan(${x}) THEN 0 WHEN ${x} >= ${hi} THEN ${hi} WHEN ${x} <= ${lo} THEN ${lo} ELSE CAST(trunc(${x}) AS ${via === 'bigint' ? 'HUGEINT' : 'BIGINT'}) END`;
  if (to.kind === 'bigint' || to.kind === 'integer') return sql`CAST(${saturated} AS ${duckDbType(to)})`;
  return wrapInteger(saturated, BITS[to.kind]!, duckDbType(to));
}

/** The integer part of a string as Spark's UTF8String.toLong reads it (`' -12.7 '` → -12), else NULL. */
function stringToIntegral(s: Sql, to: SqlType): Sql {
  return bind(trimControl(s), (v) =>
    sql`CASE WHEN regexp_full_match(${v}, '[+-]?[0-9]*(\\.[0-9]*)?') AND ${v} NOT IN ('', '+', '-') THEN TRY_CAST(coalesce(nullif(regexp_extract(${v}, '^([+-]?[0-9]*)', 1), ''), '0') || CASE WHEN regexp_full_match(${v}, '[+-]?(\\..*)?') THEN '0' ELSE '' END AS ${duckDbType(to)}) END`,
  );
}

/** `parseDouble` after Java's trim, or Spark's special literals (`inf`, `-infinity`, `nan`, any case). */
function stringToFloating(s: Sql, to: SqlType): Sql {
  return bind(sql`trim(${s}, ${str(javaTrimChars())})`, (v) =>
    sql`CASE WHEN regexp_full_match(${v}, '[+-]?(NaN|Infinity|([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)') THEN TRY_CAST(CASE WHEN regexp_full_match(${v}, '.*[fFdD]') THEN left(${v}, -1) ELSE ${v} END AS ${duckDbType(to)}) WHEN lower(${v}) IN ('inf', '+inf', 'infinity', '+infinity') THEN CAST('inf' AS ${duckDbType(to)}) WHEN lower(${v}) IN ('-inf', '-infinity') THEN CAST('-inf' AS ${duckDbType(to)}) WHEN lower(${v}) IN ('nan', '+nan', '-nan') THEN CAST('nan' AS ${duckDbType(to)}) END`,
  );
}

/** the characters `String.trim` removes: every char ≤ U+0020 */
function javaTrimChars(): string {
  let s = '';
  for (let c = 1; c <= 32; c++) s += String.fromCharCode(c);
  return s;
}

function stringToDecimal(s: Sql, to: SqlType): Sql {
  return bind(sql`trim(${s}, ${str(javaTrimChars())})`, (v) => sql`CASE WHEN regexp_full_match(${v}, '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?') THEN TRY_CAST(${v} AS ${duckDbType(to)}) END`);
}

function stringToBoolean(s: Sql): Sql {
  return bind(sql`lower(${trimControl(s)})`, (v) => sql`CASE WHEN ${v} IN ('t', 'true', 'y', 'yes', '1') THEN true WHEN ${v} IN ('f', 'false', 'n', 'no', '0') THEN false END`);
}

/** DateTimeUtils.stringToDate */
export function stringToDate(s: Sql): Sql {
  return bind(sql`regexp_extract(${trimControl(s)}, '^([+-]?[0-9]{4,7})(?:-([0-9]{1,2})(?:-([0-9]{1,2})(?:[ T].*)?)?)?$', ['y', 'm', 'd'])`, (p) =>
    sql`CASE WHEN ${p}.y <> '' THEN TRY(make_date(CAST(${p}.y AS INTEGER), CAST(coalesce(nullif(${p}.m, ''), '1') AS INTEGER), CAST(coalesce(nullif(${p}.d, ''), '1') AS INTEGER))) END`,
  );
}

const ZONE = '(Z|[+-][0-9]{1,2}(?::?[0-9]{2})?(?::?[0-9]{2})?|(?:UTC|GMT|UT)(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?|[A-Za-z][A-Za-z_]*/[A-Za-z_/+-]+)?';

/** DateTimeUtils.stringToTimestamp (in the session time zone, UTC on Glue): NULL when it is not one */
export function stringToTimestamp(s: Sql): Sql {
  const pattern = `^([+-]?[0-9]{4,7})(?:-([0-9]{1,2})(?:-([0-9]{1,2})(?:[ T]([0-9]{1,2})(?::([0-9]{1,2})(?::([0-9]{1,2})(?:\\.([0-9]{0,9}))?)?)?)?)?)?\\s*${ZONE}$`;
  return bind(sql`regexp_extract(${trimControl(s)}, ${str(pattern)}, ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z'])`, (p) => {
    const num = (g: string, dflt: string) => `CAST(coalesce(nullif(${p}.${g}, ''), '${dflt}') AS INTEGER)`;
    const micros = `CAST(rpad(left(${p}.f, 6), 6, '0') AS INTEGER)`;
    const local = `(TRY(make_timestamp(CAST(${p}.y AS BIGINT), ${num('mo', '1')}, ${num('d', '1')}, ${num('h', '0')}, ${num('mi', '0')}, ${num('s', '0')})) + to_microseconds(${micros}))`;
    // a zone: an offset in seconds, or a region's rules (ICU)
    const sign = `CASE WHEN contains(${p}.z, '-') THEN -1 ELSE 1 END`;
    const offsetDigits = `regexp_extract(${p}.z, '([0-9]{1,2})(?::?([0-9]{2}))?(?::?([0-9]{2}))?$', ['h', 'm', 's'])`;
    const offsetSeconds = bind(sql`${offsetDigits}`, (o) => sql`${sign} * (CAST(coalesce(nullif(${o}.h, ''), '0') AS INTEGER) * 3600 + CAST(coalesce(nullif(${o}.m, ''), '0') AS INTEGER) * 60 + CAST(coalesce(nullif(${o}.s, ''), '0') AS INTEGER))`);
    return sql`CASE WHEN ${p}.y = '' THEN NULL WHEN ${p}.z = '' OR upper(${p}.z) IN ('Z', 'UTC', 'GMT', 'UT') THEN ${local} WHEN regexp_full_match(${p}.z, '[+-].*|(UTC|GMT|UT)[+-].*') THEN ${local} - to_seconds(${offsetSeconds}) ELSE CAST(timezone(${p}.z, ${local}) AT TIME ZONE 'UTC' AS TIMESTAMP) END`;
  });
}

/** Spark's text of an array (CAST to string): `[1, 2, null]` */
function arrayText(t: Translator, e: Typed, element: SqlType): Sql {
  const x = `_c${t.lambdaDepth + 1}_${t.uniqueName('e')}`;
  const inner = castSql(t, { sql: x, type: element, at: e.at, atom: true }, T.varchar);
  return sql`'[' || array_to_string(list_transform(${e.sql}, lambda ${x}: coalesce(${inner}, 'null')), ', ') || ']'`;
}

/** Whether Spark can CAST `from` to `to` (Cast.canCast, non-ANSI), for the ones this translation knows. */
export function castSql(t: Translator, e: Typed, to: SqlType): Sql {
  const from = e.type;
  const target = duckDbType(to);
  if (from.kind === 'unknown') return sql`CAST(NULL AS ${target})`;
  if (sameSparkType(from, to)) return e.sql;
  const cannot = () =>
    t.fail(e.at, `[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve "CAST(${e.name ?? 'expr'} AS ${sparkSqlTypeName(to)})" due to data type mismatch: cannot cast "${sparkSqlTypeName(from)}" to "${sparkSqlTypeName(to)}".`);
  const unsupported = () => t.unsupported(e.at, `CAST(${sparkSqlTypeName(from)} AS ${sparkSqlTypeName(to)})`);
  const plain = () => sql`CAST(${e.sql} AS ${target})`;

  switch (to.kind) {
    case 'varchar': {
      if (isStringType(from)) return e.sql;
      if (isIntegral(from) || from.kind === 'date') return plain();
      if (from.kind === 'boolean') return sql`CASE WHEN ${e.sql} THEN 'true' WHEN NOT ${e.sql} THEN 'false' END`;
      if (isFloating(from)) return javaFloatingText(e.sql);
      if (from.kind === 'decimal') return javaDecimalText(e.sql, from.scale);
      if (isTimestamp(from)) return plain();
      if (from.kind === 'varbinary') return sql`decode(${e.sql})`;
      if (from.kind === 'array') return arrayText(t, e, from.element);
      throw unsupported();
    }
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint': {
      if (isStringType(from)) return stringToIntegral(e.sql, to);
      if (isIntegral(from)) return BITS[from.kind]! <= BITS[to.kind]! ? plain() : wrapInteger(e.sql, BITS[to.kind]!, target);
      if (isFloating(from)) return floatingToIntegral(e.sql, to);
      if (from.kind === 'decimal') return wrapInteger(sql`trunc(${e.sql})`, BITS[to.kind]!, target);
      if (from.kind === 'boolean') return sql`CAST(${e.sql} AS ${target})`;
      if (isTimestamp(from)) return to.kind === 'bigint' ? sql`CAST(floor(epoch_us(${e.sql}) / 1000000) AS BIGINT)` : wrapInteger(sql`floor(epoch_us(${e.sql}) / 1000000)`, BITS[to.kind]!, target);
      if (from.kind === 'date') return sql`CAST(NULL AS ${target})`;
      throw cannot();
    }
    case 'real':
    case 'double':
      if (isStringType(from)) return stringToFloating(e.sql, to);
      if (isIntegral(from) || isFloating(from) || from.kind === 'decimal' || from.kind === 'boolean') return plain();
      if (isTimestamp(from)) return sql`CAST(epoch_us(${e.sql}) / 1000000.0 AS ${target})`;
      if (from.kind === 'date') return sql`CAST(NULL AS ${target})`;
      throw cannot();
    case 'decimal':
      if (isStringType(from)) return stringToDecimal(e.sql, to);
      if (isIntegral(from) || from.kind === 'decimal') return sql`TRY_CAST(${e.sql} AS ${target})`;
      if (isFloating(from)) return sql`CASE WHEN isfinite(${e.sql}) THEN TRY_CAST(${javaFloatingText(e.sql)} AS ${target}) END`;
      if (from.kind === 'boolean') return sql`CAST(CAST(${e.sql} AS INTEGER) AS ${target})`;
      if (isTimestamp(from)) return sql`TRY_CAST(epoch_us(${e.sql}) / 1000000.0 AS ${target})`;
      if (from.kind === 'date') return sql`CAST(NULL AS ${target})`;
      throw cannot();
    case 'boolean':
      if (isStringType(from)) return stringToBoolean(e.sql);
      if (isIntegral(from) || from.kind === 'decimal') return sql`(${e.sql} <> 0)`;
      if (isFloating(from)) return sql`(${e.sql} <> 0)`;
      if (isTimestamp(from)) return sql`(epoch_us(${e.sql}) <> 0)`;
      if (from.kind === 'date') return sql`CAST(NULL AS BOOLEAN)`;
      throw cannot();
    case 'date':
      if (isStringType(from)) return stringToDate(e.sql);
      if (isTimestamp(from)) return plain();
      throw cannot();
    case 'timestamp':
      if (isStringType(from)) return stringToTimestamp(e.sql);
      if (from.kind === 'date' || isTimestamp(from)) return plain();
      if (isIntegral(from)) return sql`TRY(make_timestamp(CAST(${e.sql} AS BIGINT) * 1000000))`;
      if (isFloating(from) || from.kind === 'decimal') return sql`CASE WHEN isfinite(CAST(${e.sql} AS DOUBLE)) THEN TRY(make_timestamp(CAST(trunc(CAST(${e.sql} AS DOUBLE) * 1000000) AS BIGINT))) END`;
      if (from.kind === 'boolean') return sql`make_timestamp(CASE WHEN ${e.sql} THEN 1 WHEN NOT ${e.sql} THEN 0 END)`;
      throw cannot();
    case 'varbinary':
      if (isStringType(from)) return sql`encode(${e.sql})`;
      if (isIntegral(from)) throw unsupported();
      throw cannot();
    case 'array': {
      if (from.kind !== 'array') throw cannot();
      const x = `_c${t.uniqueName('x')}`;
      return sql`list_transform(${e.sql}, lambda ${x}: ${castSql(t, { sql: x, type: from.element, at: e.at, atom: true }, to.element)})`;
    }
    case 'map': {
      if (from.kind !== 'map') throw cannot();
      const x = `_c${t.uniqueName('m')}`;
      const k = castSql(t, { sql: `${x}.key`, type: from.key, at: e.at, atom: true }, to.key);
      const v = castSql(t, { sql: `${x}.value`, type: from.value, at: e.at, atom: true }, to.value);
      return sql`map_from_entries(list_transform(map_entries(${e.sql}), lambda ${x}: {'key': ${k}, 'value': ${v}}))`;
    }
    case 'row': {
      if (from.kind !== 'row' || from.fields.length !== to.fields.length) throw cannot();
      const fields = to.fields.map((f, i) => {
        const ff = from.fields[i]!;
        const value = castSql(t, { sql: sql`struct_extract(${e.sql}, ${str(rowFieldKey(ff, i))})`, type: ff.type, at: e.at, atom: true }, f.type);
        return sql`${str(rowFieldKey(f, i))}: ${value}`;
      });
      return sql`CASE WHEN ${e.sql} IS NOT NULL THEN {${fields.reduce<Sql>((acc, f, i) => (i === 0 ? f : sql`${acc}, ${f}`), '')}} END`;
    }
    case 'interval':
      if (from.kind === 'interval' && from.unit === to.unit) return e.sql;
      throw unsupported();
    default:
      throw unsupported();
  }
}
