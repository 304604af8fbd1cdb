/**
 * The types of translated SQL: one model for the dialects the local engine speaks (Athena's Trino types, which
 * Spark's map onto), their names as the dialect writes them, and the DuckDB type each is held in.
 *
 * | Trino | DuckDB | notes |
 * | --- | --- | --- |
 * | boolean, tinyint, smallint, integer, bigint | BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT | |
 * | real, double | FLOAT, DOUBLE | |
 * | decimal(p,s) | DECIMAL(p,s) | p ≤ 38 both |
 * | varchar, varchar(n), char(n) | VARCHAR | the length is kept in the type only (char(n) values are padded) |
 * | varbinary | BLOB | |
 * | json | JSON | the JSON text, as Trino holds it (minified) |
 * | date | DATE | |
 * | time(p) | TIME | |
 * | timestamp(p) | TIMESTAMP (µs) | p ≤ 6; the precision is kept in the type and rendering |
 * | timestamp(p) with time zone | TIMESTAMPTZ | the instant; its zone is in the type when the translation knows it |
 * | interval year to month, interval day to second | INTERVAL | |
 * | array(T), map(K,V), row(a T, …) | T[], MAP(K, V), STRUCT("a" T, …) | |
 * | unknown (the type of NULL) | INTEGER | |
 * | uuid | UUID | |
 */
import { quoteIdentifier } from '../lexer';

export type SqlType =
  | { kind: 'unknown' }
  | { kind: 'boolean' | 'tinyint' | 'smallint' | 'integer' | 'bigint' | 'real' | 'double' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'varchar'; length?: number }
  | { kind: 'char'; length: number }
  | { kind: 'varbinary' | 'json' | 'date' | 'uuid' | 'ipaddress' }
  | { kind: 'time'; precision: number }
  /** `ntz`: Spark's TIMESTAMP_NTZ (a local date-time; Spark's TIMESTAMP is an instant shown in the session zone) */
  | { kind: 'timestamp'; precision: number; ntz?: true }
  /** `zone`: the zone of every value, when known at translation time (`AT TIME ZONE 'x'`, the session's UTC…) */
  | { kind: 'timestamptz'; precision: number; zone?: string }
  | { kind: 'interval'; unit: 'year to month' | 'day to second' }
  | { kind: 'array'; element: SqlType }
  | { kind: 'map'; key: SqlType; value: SqlType }
  | { kind: 'row'; fields: RowField[] };

export interface RowField {
  /** lower case; absent for the anonymous fields of `ROW(1, 2)` */
  name?: string;
  type: SqlType;
}

export type TypeKind = SqlType['kind'];

// ---------------------------------------------------------------- constructors

export const T = {
  unknown: { kind: 'unknown' } as SqlType,
  boolean: { kind: 'boolean' } as SqlType,
  tinyint: { kind: 'tinyint' } as SqlType,
  smallint: { kind: 'smallint' } as SqlType,
  integer: { kind: 'integer' } as SqlType,
  bigint: { kind: 'bigint' } as SqlType,
  real: { kind: 'real' } as SqlType,
  double: { kind: 'double' } as SqlType,
  varchar: { kind: 'varchar' } as SqlType,
  varbinary: { kind: 'varbinary' } as SqlType,
  json: { kind: 'json' } as SqlType,
  date: { kind: 'date' } as SqlType,
  uuid: { kind: 'uuid' } as SqlType,
  ipaddress: { kind: 'ipaddress' } as SqlType,
  intervalYM: { kind: 'interval', unit: 'year to month' } as SqlType,
  intervalDS: { kind: 'interval', unit: 'day to second' } as SqlType,
  decimal: (precision: number, scale: number): SqlType => ({ kind: 'decimal', precision, scale }),
  varcharN: (length: number): SqlType => ({ kind: 'varchar', length }),
  char: (length: number): SqlType => ({ kind: 'char', length }),
  time: (precision = 3): SqlType => ({ kind: 'time', precision }),
  timestamp: (precision = 3): SqlType => ({ kind: 'timestamp', precision }),
  timestamptz: (precision = 3, zone?: string): SqlType => (zone !== undefined ? { kind: 'timestamptz', precision, zone } : { kind: 'timestamptz', precision }),
  array: (element: SqlType): SqlType => ({ kind: 'array', element }),
  map: (key: SqlType, value: SqlType): SqlType => ({ kind: 'map', key, value }),
  row: (fields: RowField[]): SqlType => ({ kind: 'row', fields }),
};

// ---------------------------------------------------------------- classes of types

const INTEGRAL = new Set<TypeKind>(['tinyint', 'smallint', 'integer', 'bigint']);
export const isIntegral = (t: SqlType): boolean => INTEGRAL.has(t.kind);
export const isExactNumeric = (t: SqlType): boolean => INTEGRAL.has(t.kind) || t.kind === 'decimal';
export const isNumeric = (t: SqlType): boolean => isExactNumeric(t) || t.kind === 'real' || t.kind === 'double';
export const isFloating = (t: SqlType): boolean => t.kind === 'real' || t.kind === 'double';
export const isString = (t: SqlType): boolean => t.kind === 'varchar' || t.kind === 'char';
export const isDateTime = (t: SqlType): boolean => t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamptz' || t.kind === 'time';

/** The decimal type an integer type converts to exactly (Trino's rule). */
export function integralAsDecimal(t: SqlType): SqlType {
  switch (t.kind) {
    case 'tinyint':
      return T.decimal(3, 0);
    case 'smallint':
      return T.decimal(5, 0);
    case 'integer':
      return T.decimal(10, 0);
    case 'bigint':
      return T.decimal(19, 0);
    default:
      return t;
  }
}

export function sameType(a: SqlType, b: SqlType): boolean {
  return trinoTypeName(a) === trinoTypeName(b);
}

// ---------------------------------------------------------------- names

function fieldName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Trino's name of a type, as `typeof` and result headers write it: `decimal(10,2)`, `array(row(x integer))`. */
export function trinoTypeName(t: SqlType): string {
  switch (t.kind) {
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'varchar':
      return t.length === undefined ? 'varchar' : `varchar(${t.length})`;
    case 'char':
      return `char(${t.length})`;
    case 'time':
      return `time(${t.precision})`;
    case 'timestamp':
      return `timestamp(${t.precision})`;
    case 'timestamptz':
      return `timestamp(${t.precision}) with time zone`;
    case 'interval':
      return `interval ${t.unit}`;
    case 'array':
      return `array(${trinoTypeName(t.element)})`;
    case 'map':
      return `map(${trinoTypeName(t.key)}, ${trinoTypeName(t.value)})`;
    case 'row':
      return `row(${t.fields.map((f) => (f.name !== undefined ? `${fieldName(f.name)} ${trinoTypeName(f.type)}` : trinoTypeName(f.type))).join(', ')})`;
    default:
      return t.kind;
  }
}

// ---------------------------------------------------------------- DuckDB

/** The DuckDB type a value of `t` is held in (see the table above). */
export function duckDbType(t: SqlType): string {
  switch (t.kind) {
    case 'unknown':
      return 'INTEGER';
    case 'boolean':
      return 'BOOLEAN';
    case 'tinyint':
      return 'TINYINT';
    case 'smallint':
      return 'SMALLINT';
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'real':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'decimal':
      return `DECIMAL(${t.precision},${t.scale})`;
    case 'varchar':
    case 'char':
      return 'VARCHAR';
    case 'ipaddress':
      // its 16 bytes as a number (src/core/sql/dialects/ipaddress.ts)
      return 'UHUGEINT';
    case 'varbinary':
      return 'BLOB';
    case 'json':
      return 'JSON';
    case 'date':
      return 'DATE';
    case 'uuid':
      return 'UUID';
    case 'time':
      return 'TIME';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'timestamptz':
      return 'TIMESTAMPTZ';
    case 'interval':
      return 'INTERVAL';
    case 'array':
      return `${duckDbType(t.element)}[]`;
    case 'map':
      return `MAP(${duckDbType(t.key)}, ${duckDbType(t.value)})`;
    case 'row':
      return `STRUCT(${t.fields.map((f, i) => `${quoteIdentifier(rowFieldKey(f, i))} ${duckDbType(f.type)}`).join(', ')})`;
  }
}

/** The DuckDB struct key of a row field: its name, or `field<i>` for an anonymous one (Trino's own default names). */
export function rowFieldKey(f: RowField, index: number): string {
  return f.name ?? `field${index}`;
}

// ---------------------------------------------------------------- Hive (the catalog's column types)

/** A Hive/Glue column type as Athena reads it: `string` → varchar, `timestamp` → timestamp(3), `struct<…>` → row. */
export function sqlTypeOfHive(h: import('../types').HiveType): SqlType {
  switch (h.kind) {
    case 'primitive':
      switch (h.name) {
        case 'string':
          return T.varchar;
        case 'int':
          return T.integer;
        case 'float':
          return T.real;
        case 'binary':
          return T.varbinary;
        case 'timestamp':
          return T.timestamp(3);
        default:
          return { kind: h.name };
      }
    case 'decimal':
      return T.decimal(h.precision, h.scale);
    case 'varchar':
      return T.varcharN(h.length);
    case 'char':
      return T.char(h.length);
    case 'array':
      return T.array(sqlTypeOfHive(h.element));
    case 'map':
      return T.map(sqlTypeOfHive(h.key), sqlTypeOfHive(h.value));
    case 'struct':
      return T.row(h.fields.map((f) => ({ name: f.name.toLowerCase(), type: sqlTypeOfHive(f.type) })));
  }
}

/** The Hive/Glue type text of a translated column (a view's columns, a CTAS table's), or undefined if Hive has none. */
export function hiveTypeOf(t: SqlType): string | undefined {
  switch (t.kind) {
    case 'boolean':
    case 'tinyint':
    case 'smallint':
    case 'bigint':
    case 'double':
    case 'date':
      return t.kind;
    case 'integer':
      return 'int';
    case 'real':
      return 'float';
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'varchar':
      return t.length === undefined ? 'string' : `varchar(${t.length})`;
    case 'char':
      return `char(${t.length})`;
    case 'varbinary':
      return 'binary';
    case 'timestamp':
      return 'timestamp';
    case 'unknown':
      return 'string';
    case 'array': {
      const e = hiveTypeOf(t.element);
      return e === undefined ? undefined : `array<${e}>`;
    }
    case 'map': {
      const k = hiveTypeOf(t.key);
      const v = hiveTypeOf(t.value);
      return k === undefined || v === undefined ? undefined : `map<${k},${v}>`;
    }
    case 'row': {
      const fields = t.fields.map((f, i) => {
        const ft = hiveTypeOf(f.type);
        return ft === undefined ? undefined : `${rowFieldKey(f, i)}:${ft}`;
      });
      return fields.some((f) => f === undefined) ? undefined : `struct<${fields.join(',')}>`;
    }
    default:
      return undefined;
  }
}
