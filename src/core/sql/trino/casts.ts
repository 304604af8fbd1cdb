/**
 * CAST, TRY_CAST and implicit conversions with Trino's semantics, as DuckDB SQL. Where DuckDB's own CAST gives
 * another answer, the rule says what Trino does (from trinodb/trino core/trino-main …/type/*Operators.java and
 * docs/src/main/sphinx/functions/conversion.md):
 *
 * | from → to | Trino | emitted |
 * | --- | --- | --- |
 * | varchar → integer types | `Long.parseLong(trim(s))`: digits only, else fails | checked, then CAST |
 * | varchar → boolean | `t`/`f`/`1`/`0`/`true`/`false`, any case, no spaces | CASE over lower(s) |
 * | varchar → date / timestamp | `YYYY-MM-DD[ hh:mm[:ss[.fff]]]` | checked, then CAST |
 * | varchar → varchar(n) | cut to n characters | left(s, n) |
 * | double/real → integer types | `Math.round` (half up) | CAST(floor(x + 0.5)) |
 * | timestamp(p) → timestamp(q<p) | rounded to q digits | on epoch microseconds |
 * | timestamp(p) → varchar | `2001-08-22 03:04:05.321` (p digits) | strftime |
 * | timestamp with zone → timestamp, date, varchar | in the value's zone | AT TIME ZONE the zone |
 * | varchar → json | a JSON string | to_json |
 * | row → row | field by field, by position | struct_pack |
 * | array, map | element by element | CAST, or list_transform when an element needs a rule |
 */
import { call, failure as raise, sql, type Sql } from '../dialects/emit';
import { duckDbType, isExactNumeric, isFloating, isIntegral, rowFieldKey, trinoTypeName, type SqlType } from '../dialects/sqlType';
import type { Typed } from './model';
import type { Translator } from './translator';
import { canCoerce } from './typing';
import { localIn } from './zones';

export type CastMode = 'implicit' | 'cast' | 'try';

/** `'text'` as a DuckDB string literal. */
export function str(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A runtime failure with Trino's message (a SQL expression giving the message text), or NULL under TRY_CAST. */
export function failure(mode: CastMode, message: Sql, type: SqlType): Sql {
  return mode === 'try' ? sql`CAST(NULL AS ${duckDbType(type)})` : raise(message);
}

const INTEGRAL_NAME: Record<string, string> = { tinyint: 'TINYINT', smallint: 'SMALLINT', integer: 'INT', bigint: 'BIGINT' };

/** The SQL of `e` as a value of `to`. */
export function castSql(t: Translator, e: Typed, to: SqlType, mode: CastMode): Sql {
  const from = e.type;
  const plain = (): Sql => (duckDbType(from) === duckDbType(to) && from.kind !== 'unknown' ? e.sql : sql`${mode === 'try' ? 'TRY_CAST' : 'CAST'}(${e.sql} AS ${duckDbType(to)})`);
  if (from.kind === 'unknown') return sql`CAST(${e.sql} AS ${duckDbType(to)})`;
  if (mode === 'implicit' && canCoerce(from, to)) {
    if (from.kind === 'row' && to.kind === 'row') return rowCast(t, e, to, mode);
    if (from.kind === 'timestamptz' && to.kind === 'timestamptz') return e.sql;
    return plain();
  }
  const fail = (msg: Sql) => failure(mode, msg, to);
  const cannot = () => t.fail(e.at, `Cannot cast ${trinoTypeName(from)} to ${trinoTypeName(to)}`);

  switch (to.kind) {
    case 'varchar':
    case 'char': {
      let text: Sql;
      if (from.kind === 'varchar' || from.kind === 'char') text = e.sql;
      else if (isExactNumeric(from) || from.kind === 'boolean' || from.kind === 'date' || from.kind === 'uuid') text = sql`CAST(${e.sql} AS VARCHAR)`;
      else if (from.kind === 'timestamp' || from.kind === 'time') text = temporalText(e.sql, from.kind, from.precision);
      else if (from.kind === 'timestamptz') {
        if (from.zone === undefined) throw t.unsupported(e.at, 'CAST of a timestamp with time zone whose zone is not known before the query runs to varchar');
        text = sql`${temporalText(localIn(e.sql, from.zone), 'timestamp', from.precision)} || ${str(` ${from.zone}`)}`;
      } else if (from.kind === 'json') return jsonToVarchar(e.sql, mode);
      else if (isFloating(from)) {
        if (typeof e.value === 'number') return str(javaDoubleText(e.value, from.kind === 'real'));
        throw t.unsupported(e.at, `CAST(${from.kind} AS varchar)`, "Java's number formatting is not translated yet");
      } else throw cannot();
      if (to.kind === 'varchar' && to.length !== undefined) {
        if (from.kind === 'varchar' || from.kind === 'char') return sql`left(${text}, ${String(to.length)})`;
        return sql`CASE WHEN length(${text}) > ${String(to.length)} THEN ${fail(sql`'Value cannot be represented as ' || ${str(trinoTypeName(to))}`)} ELSE ${text} END`;
      }
      if (to.kind === 'char') return sql`rpad(left(${text}, ${String(to.length)}), ${String(to.length)}, ' ')`;
      return text;
    }
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint': {
      const target = duckDbType(to);
      if (from.kind === 'varchar' || from.kind === 'char') {
        return sql`CASE WHEN regexp_full_match(trim(${e.sql}), '[+-]?[0-9]+') THEN ${mode === 'try' ? 'TRY_CAST' : 'CAST'}(trim(${e.sql}) AS ${target}) ELSE ${fail(sql`'Cannot cast ''' || ${e.sql} || ''' to ${INTEGRAL_NAME[to.kind]!}'`)} END`;
      }
      if (isFloating(from)) return sql`${mode === 'try' ? 'TRY_CAST' : 'CAST'}(floor(${e.sql} + 0.5) AS ${target})`;
      if (isIntegral(from) || from.kind === 'decimal' || from.kind === 'boolean') return plain();
      if (from.kind === 'json') return jsonToScalar(e.sql, to, mode);
      throw cannot();
    }
    case 'real':
    case 'double':
      if (isExactNumeric(from) || isFloating(from) || from.kind === 'boolean') return plain();
      if (from.kind === 'varchar' || from.kind === 'char') return sql`${mode === 'try' ? 'TRY_CAST' : 'CAST'}(trim(${e.sql}) AS ${duckDbType(to)})`;
      if (from.kind === 'json') return jsonToScalar(e.sql, to, mode);
      throw cannot();
    case 'decimal':
      if (isExactNumeric(from) || isFloating(from) || from.kind === 'varchar' || from.kind === 'char') return plain();
      if (from.kind === 'json') return jsonToScalar(e.sql, to, mode);
      throw cannot();
    case 'boolean':
      if (from.kind === 'boolean' || isExactNumeric(from) || isFloating(from)) return plain();
      if (from.kind === 'varchar' || from.kind === 'char') {
        return sql`CASE lower(${e.sql}) WHEN 'true' THEN true WHEN 't' THEN true WHEN '1' THEN true WHEN 'false' THEN false WHEN 'f' THEN false WHEN '0' THEN false ELSE ${fail(sql`'Cannot cast ''' || ${e.sql} || ''' to BOOLEAN'`)} END`;
      }
      if (from.kind === 'json') return jsonToScalar(e.sql, to, mode);
      throw cannot();
    case 'date':
      if (from.kind === 'date') return e.sql;
      if (from.kind === 'timestamp') return sql`CAST(${e.sql} AS DATE)`;
      if (from.kind === 'timestamptz') return sql`CAST(${zoned(t, e, from)} AS DATE)`;
      if (from.kind === 'varchar' || from.kind === 'char') {
        return sql`CASE WHEN regexp_full_match(trim(${e.sql}), '[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}') THEN ${mode === 'try' ? 'TRY_CAST' : 'CAST'}(trim(${e.sql}) AS DATE) ELSE ${fail(sql`'Value cannot be cast to date: ' || ${e.sql}`)} END`;
      }
      throw cannot();
    case 'timestamp': {
      let value: Sql;
      let precision: number;
      if (from.kind === 'timestamp') [value, precision] = [e.sql, from.precision];
      else if (from.kind === 'date') [value, precision] = [sql`CAST(${e.sql} AS TIMESTAMP)`, 0];
      else if (from.kind === 'timestamptz') [value, precision] = [zoned(t, e, from), from.precision];
      else if (from.kind === 'varchar' || from.kind === 'char') {
        value = sql`CASE WHEN regexp_full_match(trim(${e.sql}), '[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}( [0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}(\\.[0-9]+)?)?)?') THEN ${mode === 'try' ? 'TRY_CAST' : 'CAST'}(trim(${e.sql}) AS TIMESTAMP) ELSE ${fail(sql`'Value cannot be cast to timestamp: ' || ${e.sql}`)} END`;
        precision = 6;
      } else throw cannot();
      return to.precision < precision ? roundTimestamp(value, to.precision) : value;
    }
    case 'timestamptz': {
      if (from.kind === 'timestamptz') return to.precision < from.precision ? roundTimestamp(e.sql, to.precision) : e.sql;
      if (from.kind === 'timestamp' || from.kind === 'date') {
        const v = sql`CAST(${e.sql} AS TIMESTAMPTZ)`;
        return from.kind === 'timestamp' && to.precision < from.precision ? roundTimestamp(v, to.precision) : v;
      }
      throw cannot();
    }
    case 'json':
      return toJson(t, e, mode);
    case 'varbinary':
      if (from.kind === 'varbinary') return e.sql;
      if (from.kind === 'varchar' || from.kind === 'char') return sql`encode(${e.sql})`;
      throw cannot();
    case 'array': {
      if (from.kind === 'json') return jsonToStructure(t, e, to, mode);
      if (from.kind !== 'array') throw cannot();
      return elementwise(t, e, from.element, to.element, mode, (lambda) => sql`list_transform(${e.sql}, ${lambda})`, () => plain());
    }
    case 'map': {
      if (from.kind === 'json') return jsonToStructure(t, e, to, mode);
      if (from.kind !== 'map') throw cannot();
      const k = probe(t, from.key, to.key, mode);
      const v = probe(t, from.value, to.value, mode);
      if (k === undefined && v === undefined) return plain();
      const ke = castSql(t, { sql: 'e.key', type: from.key, at: e.at, atom: true }, to.key, mode);
      const ve = castSql(t, { sql: 'e.value', type: from.value, at: e.at, atom: true }, to.value, mode);
      return sql`map_from_entries(list_transform(map_entries(${e.sql}), lambda e: {'key': ${ke}, 'value': ${ve}}))`;
    }
    case 'row':
      if (from.kind === 'json') return jsonToStructure(t, e, to, mode);
      if (from.kind !== 'row' || from.fields.length !== to.fields.length) throw cannot();
      return rowCast(t, e, to, mode);
    case 'time':
      if (from.kind === 'time') return to.precision < from.precision ? sql`CAST(${roundTimestamp(sql`(DATE '1970-01-01' + ${e.sql})`, to.precision)} AS TIME)` : e.sql;
      if (from.kind === 'timestamp') return sql`CAST(${e.sql} AS TIME)`;
      if (from.kind === 'varchar') return plain();
      throw cannot();
    case 'interval':
      if (from.kind === 'interval' && from.unit === to.unit) return e.sql;
      throw cannot();
    case 'uuid':
      if (from.kind === 'uuid' || from.kind === 'varchar') return plain();
      throw cannot();
    default:
      throw t.unsupported(e.at, `CAST to ${trinoTypeName(to)}`);
  }
}

/** A timestamp with a zone known to the translation, as the local time in that zone. */
function zoned(t: Translator, e: Typed, from: Extract<SqlType, { kind: 'timestamptz' }>): Sql {
  if (from.zone === undefined) throw t.unsupported(e.at, 'a timestamp with time zone whose zone is only known when the query runs');
  return localIn(e.sql, from.zone);
}

/** Text of a timestamp or time with `precision` fractional digits, as Trino writes it. */
export function temporalText(value: Sql, kind: 'timestamp' | 'time', precision: number): Sql {
  const base = kind === 'timestamp' ? '%Y-%m-%d %H:%M:%S' : '%H:%M:%S';
  if (precision === 0) return sql`strftime(${value}, '${base}')`;
  if (precision === 3) return sql`strftime(${value}, '${base}.%g')`;
  if (precision === 6) return sql`strftime(${value}, '${base}.%f')`;
  if (precision < 6) return sql`left(strftime(${value}, '${base}.%f'), ${String((kind === 'timestamp' ? 20 : 9) + precision)})`;
  return sql`strftime(${value}, '${base}.%f') || '${'0'.repeat(precision - 6)}'`;
}

/** A timestamp rounded (half up) to `precision` fractional digits. */
export function roundTimestamp(value: Sql, precision: number): Sql {
  if (precision >= 6) return value;
  const unit = String(10 ** (6 - precision));
  return sql`make_timestamp(CAST(floor((epoch_us(${value}) + ${String(10 ** (6 - precision) / 2)}) / ${unit}) AS BIGINT) * ${unit})`;
}

function probe(t: Translator, from: SqlType, to: SqlType, mode: CastMode): Sql | undefined {
  const x = castSql(t, { sql: '__probe__', type: from, at: 0, atom: true }, to, mode);
  return typeof x === 'string' && x === '__probe__' ? undefined : isPlainCast(x, to) ? undefined : x;
}

function isPlainCast(s: Sql, to: SqlType): boolean {
  if (typeof s === 'string') return false;
  const parts = s.parts;
  return parts.length === 3 && (parts[0] === 'CAST(' || parts[0] === 'TRY_CAST(') && parts[1] === '__probe__' && parts[2] === ` AS ${duckDbType(to)})`;
}

/** An array cast element by element: DuckDB's CAST when each element casts as DuckDB casts it, a lambda otherwise. */
function elementwise(t: Translator, e: Typed, from: SqlType, to: SqlType, mode: CastMode, transform: (lambda: Sql) => Sql, plain: () => Sql): Sql {
  if (probe(t, from, to, mode) === undefined && from.kind !== 'row' && to.kind !== 'row') return plain();
  const body = castSql(t, { sql: 'x', type: from, at: e.at, atom: true }, to, mode);
  return transform(sql`lambda x: ${body}`);
}

function rowCast(t: Translator, e: Typed, to: Extract<SqlType, { kind: 'row' }>, mode: CastMode): Sql {
  const from = e.type as Extract<SqlType, { kind: 'row' }>;
  const fields = to.fields.map((f, i) => {
    const source = from.fields[i]!;
    const value = castSql(t, { sql: sql`struct_extract(${e.sql}, ${str(rowFieldKey(source, i))})`, type: source.type, at: e.at, atom: true }, f.type, mode);
    return sql`${str(rowFieldKey(f, i))}: ${value}`;
  });
  return sql`CASE WHEN ${e.sql} IS NULL THEN NULL ELSE {${{ parts: fields.flatMap((f, i) => (i > 0 ? [', ', f] : [f])) }}} END`;
}

// ---------------------------------------------------------------- JSON (trinodb/trino docs functions/json.md "Cast to JSON" / "Cast from JSON")

function jsonToVarchar(j: Sql, mode: CastMode): Sql {
  return sql`CASE WHEN json_type(${j}) IN ('ARRAY', 'OBJECT') THEN ${failure(mode, sql`'Cannot cast ' || ${j} || ' to varchar'`, { kind: 'varchar' })} ELSE json_extract_string(${j}, '$') END`;
}

function jsonToScalar(j: Sql, to: SqlType, mode: CastMode): Sql {
  const target = duckDbType(to);
  return sql`CASE WHEN json_type(${j}) IN ('ARRAY', 'OBJECT') THEN ${failure(mode, sql`'Cannot cast ' || ${j} || ' to ${trinoTypeName(to)}'`, to)} ELSE ${mode === 'try' ? 'TRY_CAST' : 'CAST'}(json_extract_string(${j}, '$') AS ${target}) END`;
}

function jsonToStructure(t: Translator, e: Typed, to: SqlType, mode: CastMode): Sql {
  const supported = (x: SqlType): boolean =>
    isExactNumeric(x) || isFloating(x) || x.kind === 'varchar' || x.kind === 'boolean' || x.kind === 'json' ||
    (x.kind === 'array' && supported(x.element)) ||
    (x.kind === 'map' && x.key.kind === 'varchar' && supported(x.value)) ||
    (x.kind === 'row' && x.fields.every((f) => f.name !== undefined && supported(f.type)));
  if (!supported(to)) throw t.unsupported(e.at, `CAST(json AS ${trinoTypeName(to)})`);
  // DuckDB's json_transform reads numbers, strings and booleans into the target types as Trino's cast does
  return sql`${mode === 'try' ? 'TRY_CAST' : 'CAST'}(${e.sql} AS ${duckDbType(to)})`;
}

function toJson(t: Translator, e: Typed, mode: CastMode): Sql {
  const from = e.type;
  if (from.kind === 'json') return e.sql;
  const ok = (x: SqlType): boolean =>
    isExactNumeric(x) || x.kind === 'double' || x.kind === 'boolean' || x.kind === 'varchar' || x.kind === 'json' ||
    (x.kind === 'array' && ok(x.element)) ||
    (x.kind === 'map' && (x.key.kind === 'varchar' || isIntegral(x.key)) && ok(x.value)) ||
    (x.kind === 'row' && x.fields.every((f) => ok(f.type)));
  if (!ok(from)) throw t.unsupported(e.at, `CAST(${trinoTypeName(from)} AS json)`);
  void mode;
  if (from.kind === 'map') return sql`json(to_json(map_from_entries(list_sort(map_entries(${e.sql})))))`;
  if (from.kind === 'row' && from.fields.some((f) => f.name === undefined)) {
    return sql`CASE WHEN ${e.sql} IS NULL THEN NULL ELSE json(to_json([${{ parts: from.fields.flatMap((f, i) => [i > 0 ? ', ' : '', sql`to_json(struct_extract(${e.sql}, ${str(rowFieldKey(f, i))}))`]) }}])) END`;
  }
  return sql`json(to_json(${e.sql}))`;
}

// ---------------------------------------------------------------- numbers as Java writes them

/** `Double.toString` / `Float.toString`: `1.0E10`, `0.001`, `3.0`, `NaN`, `Infinity`. */
export function javaDoubleText(x: number, real = false): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  let digits: string;
  if (real) {
    const f = Math.fround(x);
    let p = 1;
    for (; p < 10; p++) if (Math.fround(Number(f.toPrecision(p))) === f) break;
    digits = Number(f.toPrecision(p)).toExponential();
  } else digits = x.toExponential();
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(digits)!;
  const sign = m[1]!;
  const mantissa = m[2]! + (m[3] ?? '');
  const exp = Number(m[4]);
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp >= 0) {
      const intPart = mantissa.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = mantissa.slice(exp + 1) || '0';
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${mantissa}`;
  }
  return `${sign}${mantissa[0]}.${mantissa.slice(1) || '0'}E${exp}`;
}

export { call };
