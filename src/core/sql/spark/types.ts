/**
 * Spark's types on the shared type model, and Spark's (non-ANSI) coercion rules — apache/spark
 * sql/catalyst/…/analysis/TypeCoercion.scala (findTightestCommonType, findWiderTypeForTwo, the binary comparison's
 * common type, implicitCast) and DecimalPrecision (the result types of decimal arithmetic).
 *
 * | Spark | model | DuckDB |
 * | --- | --- | --- |
 * | boolean, tinyint, smallint, int, bigint | boolean, tinyint, smallint, integer, bigint | same |
 * | float, double | real, double | FLOAT, DOUBLE |
 * | decimal(p,s) | decimal | DECIMAL(p,s) |
 * | string | varchar | VARCHAR |
 * | binary | varbinary | BLOB |
 * | date | date | DATE |
 * | timestamp (an instant, shown in the session zone: UTC on Glue) | timestamp(6) | TIMESTAMP |
 * | timestamp_ntz | timestamp(6) ntz | TIMESTAMP |
 * | interval year to month, interval day to second | interval | INTERVAL |
 * | array<T>, map<K,V>, struct<a:T,…> | array, map, row (field names as written) | T[], MAP, STRUCT |
 * | void (the type of NULL) | unknown | INTEGER |
 */
import type { DataTypeContext } from 'dt-sql-parser/dist/lib/spark/SparkSqlParser';
import { splitTop } from '../dialects/render';
import { isFloating, isIntegral, isNumeric, T, type SqlType } from '../dialects/sqlType';

export const SPARK_TIMESTAMP = T.timestamp(6);
export const SPARK_TIMESTAMP_NTZ: SqlType = { kind: 'timestamp', precision: 6, ntz: true };

// ---------------------------------------------------------------- names

/** Spark's name of a type, as `typeof` and DDL write it: `int`, `decimal(10,2)`, `array<int>`, `struct<a:int>`. */
export function sparkTypeName(t: SqlType): string {
  switch (t.kind) {
    case 'unknown':
      return 'void';
    case 'integer':
      return 'int';
    case 'real':
      return 'float';
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'varchar':
    case 'char':
    case 'json':
    case 'uuid':
    case 'ipaddress':
      return 'string';
    case 'varbinary':
      return 'binary';
    case 'timestamp':
      return t.ntz ? 'timestamp_ntz' : 'timestamp';
    case 'timestamptz':
      return 'timestamp';
    case 'time':
      return 'string';
    case 'interval':
      return `interval ${t.unit}`;
    case 'array':
      return `array<${sparkTypeName(t.element)}>`;
    case 'map':
      return `map<${sparkTypeName(t.key)},${sparkTypeName(t.value)}>`;
    case 'row':
      return `struct<${t.fields.map((f, i) => `${quoteIfNeeded(f.name ?? `col${i + 1}`)}:${sparkTypeName(f.type)}`).join(',')}>`;
    default:
      return t.kind;
  }
}

/** Spark's quoteIfNeeded: a name that is not a plain identifier in backquotes */
function quoteIfNeeded(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

/** Spark's SQL text of a type (`Cast`'s column name, error messages): `INT`, `DECIMAL(10,2)`, `ARRAY<INT>`. */
export function sparkSqlTypeName(t: SqlType): string {
  switch (t.kind) {
    case 'array':
      return `ARRAY<${sparkSqlTypeName(t.element)}>`;
    case 'map':
      return `MAP<${sparkSqlTypeName(t.key)}, ${sparkSqlTypeName(t.value)}>`;
    case 'row':
      return `STRUCT<${t.fields.map((f, i) => `${quoteIfNeeded(f.name ?? `col${i + 1}`)}: ${sparkSqlTypeName(f.type)}`).join(', ')}>`;
    case 'interval':
      return `INTERVAL ${t.unit.toUpperCase()}`;
    default:
      return sparkTypeName(t).toUpperCase();
  }
}

/** The Spark type of a DuckDB column type (a frame's column, as DESCRIBE gives it). */
export function sparkTypeOfDuckDb(duck: string): SqlType {
  const s = duck.trim();
  const upper = s.toUpperCase();
  if (upper.endsWith('[]')) return T.array(sparkTypeOfDuckDb(s.slice(0, -2)));
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(s);
  if (dec) return T.decimal(Number(dec[1]), Number(dec[2]));
  const open = s.indexOf('(');
  if (open > 0 && s.endsWith(')')) {
    const head = upper.slice(0, open).trim();
    const inner = splitTop(s.slice(open + 1, -1));
    if (head === 'MAP' && inner.length === 2) return T.map(sparkTypeOfDuckDb(inner[0]!), sparkTypeOfDuckDb(inner[1]!));
    if (head === 'STRUCT') {
      return T.row(
        inner.map((f) => {
          const m = /^\s*("(?:[^"]|"")*"|[^\s]+)\s+([\s\S]+)$/.exec(f)!;
          const name = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!;
          return { name, type: sparkTypeOfDuckDb(m[2]!) };
        }),
      );
    }
  }
  switch (upper) {
    case 'BOOLEAN':
    case 'BOOL':
      return T.boolean;
    case 'TINYINT':
    case 'INT1':
      return T.tinyint;
    case 'SMALLINT':
    case 'INT2':
      return T.smallint;
    case 'INTEGER':
    case 'INT':
    case 'INT4':
      return T.integer;
    case 'BIGINT':
    case 'INT8':
    case 'LONG':
      return T.bigint;
    case 'FLOAT':
    case 'REAL':
    case 'FLOAT4':
      return T.real;
    case 'DOUBLE':
    case 'FLOAT8':
      return T.double;
    case 'VARCHAR':
    case 'TEXT':
    case 'STRING':
    case 'JSON':
    case 'UUID':
      return T.varchar;
    case 'BLOB':
    case 'BYTEA':
      return T.varbinary;
    case 'DATE':
      return T.date;
    case 'TIMESTAMP':
    case 'TIMESTAMP WITH TIME ZONE':
    case 'TIMESTAMPTZ':
    case 'TIMESTAMP_MS':
    case 'TIMESTAMP_S':
    case 'TIMESTAMP_NS':
      return SPARK_TIMESTAMP;
    case 'INTERVAL':
      return T.intervalDS;
    case 'HUGEINT':
      return T.decimal(38, 0);
    default:
      return T.varchar;
  }
}

// ---------------------------------------------------------------- Spark's DDL type syntax

export class TypeSyntaxError extends Error {
  constructor(
    message: string,
    readonly node: DataTypeContext,
  ) {
    super(message);
  }
}

/** A data type as written in Spark SQL (CAST targets, schemas): `int`, `decimal(10,2)`, `array<struct<a:int>>`. */
export function sparkTypeOf(ctx: DataTypeContext): SqlType {
  const complex = ctx._complex?.text?.toUpperCase();
  if (complex === 'ARRAY') return T.array(sparkTypeOf(ctx.dataType(0)!));
  if (complex === 'MAP') return T.map(sparkTypeOf(ctx.dataType(0)!), sparkTypeOf(ctx.dataType(1)!));
  if (complex === 'STRUCT') return T.row(ctx.complexColType().map((f) => ({ name: identifierText(f.identifier().getText()), type: sparkTypeOf(f.dataType()) })));
  if (ctx.KW_INTERVAL()) {
    const text = ctx.getText().toUpperCase();
    return /YEAR|MONTH/.test(text) ? T.intervalYM : T.intervalDS;
  }
  const typeCtx = ctx.type();
  if (!typeCtx) throw new TypeSyntaxError(`unknown type ${ctx.getText()}`, ctx);
  const name = typeCtx.getText().toLowerCase();
  const params = ctx.INTEGER_VALUE().map((n) => Number(n.getText()));
  const noParams = (t: SqlType): SqlType => {
    if (params.length > 0) throw new TypeSyntaxError(`[DATATYPE_MISMATCH] the type ${name} takes no parameters`, ctx);
    return t;
  };
  switch (name) {
    case 'boolean':
      return noParams(T.boolean);
    case 'tinyint':
    case 'byte':
      return noParams(T.tinyint);
    case 'smallint':
    case 'short':
      return noParams(T.smallint);
    case 'int':
    case 'integer':
      return noParams(T.integer);
    case 'bigint':
    case 'long':
      return noParams(T.bigint);
    case 'float':
    case 'real':
      return noParams(T.real);
    case 'double':
      return noParams(T.double);
    case 'date':
      return noParams(T.date);
    case 'timestamp':
    case 'timestamp_ltz':
      return noParams(SPARK_TIMESTAMP);
    case 'timestamp_ntz':
      return noParams(SPARK_TIMESTAMP_NTZ);
    case 'string':
      return noParams(T.varchar);
    case 'binary':
      return noParams(T.varbinary);
    case 'void':
      return noParams(T.unknown);
    case 'decimal':
    case 'dec':
    case 'numeric': {
      const [p = 10, s = 0] = params;
      if (params.length > 2 || p < 1 || p > 38 || s > p) throw new TypeSyntaxError(`[INVALID_PARAMETER_VALUE] decimal(${params.join(',')}): precision must be 1 to 38, scale at most the precision`, ctx);
      return T.decimal(p, s);
    }
    case 'char':
    case 'character':
    case 'varchar':
      throw new TypeSyntaxError(`${name.toUpperCase()}(n)`, ctx);
    default:
      throw new TypeSyntaxError(`[UNSUPPORTED_DATATYPE] Unsupported data type "${name.toUpperCase()}"`, ctx);
  }
}

function identifierText(raw: string): string {
  return raw.startsWith('`') ? raw.slice(1, -1).replace(/``/g, '`') : raw;
}

// ---------------------------------------------------------------- classes

export const isStringType = (t: SqlType): boolean => t.kind === 'varchar' || t.kind === 'char';
export const isNull = (t: SqlType): boolean => t.kind === 'unknown';
export const isDecimal = (t: SqlType): boolean => t.kind === 'decimal';
export const isDatetime = (t: SqlType): boolean => t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamptz';
export const isTimestamp = (t: SqlType): boolean => t.kind === 'timestamp' || t.kind === 'timestamptz';
/** Spark's AtomicType: not complex, not NULL, not an interval */
export const isAtomic = (t: SqlType): boolean => !['array', 'map', 'row', 'unknown', 'interval'].includes(t.kind);
export { isFloating, isIntegral, isNumeric };

const NUMERIC_PRECEDENCE = ['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double'];

export function sameSparkType(a: SqlType, b: SqlType): boolean {
  return sparkTypeName(a) === sparkTypeName(b);
}

/** DecimalType.forType: the decimal an integral or floating type converts to. */
export function decimalForType(t: SqlType): Extract<SqlType, { kind: 'decimal' }> {
  switch (t.kind) {
    case 'tinyint':
      return { kind: 'decimal', precision: 3, scale: 0 };
    case 'smallint':
      return { kind: 'decimal', precision: 5, scale: 0 };
    case 'integer':
      return { kind: 'decimal', precision: 10, scale: 0 };
    case 'bigint':
      return { kind: 'decimal', precision: 20, scale: 0 };
    case 'real':
      return { kind: 'decimal', precision: 14, scale: 7 };
    case 'double':
      return { kind: 'decimal', precision: 30, scale: 15 };
    case 'decimal':
      return t;
    default:
      return { kind: 'decimal', precision: 38, scale: 18 };
  }
}

/** DecimalType.isWiderThan for an integral type */
function decimalWiderThan(d: Extract<SqlType, { kind: 'decimal' }>, t: SqlType): boolean {
  const i = decimalForType(t);
  return d.precision - d.scale >= i.precision - i.scale && d.scale >= i.scale;
}

/** DecimalType.bounded */
export function boundedDecimal(precision: number, scale: number): SqlType {
  return T.decimal(Math.min(precision, 38), Math.min(scale, 38));
}

/** DecimalType.adjustPrecisionScale (spark.sql.decimalOperations.allowPrecisionLoss = true, the default) */
export function adjustedDecimal(precision: number, scale: number): Extract<SqlType, { kind: 'decimal' }> {
  if (precision <= 38) return { kind: 'decimal', precision, scale };
  const intDigits = precision - scale;
  const minScale = Math.min(scale, 6);
  return { kind: 'decimal', precision: 38, scale: Math.max(38 - intDigits, minScale) };
}

/** DecimalPrecision.widerDecimalType */
export function widerDecimal(a: Extract<SqlType, { kind: 'decimal' }>, b: Extract<SqlType, { kind: 'decimal' }>): SqlType {
  const scale = Math.max(a.scale, b.scale);
  const range = Math.max(a.precision - a.scale, b.precision - b.scale);
  return boundedDecimal(range + scale, scale);
}

// ---------------------------------------------------------------- common types

/** TypeCoercion.findTightestCommonType */
export function tightestCommonType(a: SqlType, b: SqlType): SqlType | undefined {
  if (sameSparkType(a, b)) return a;
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  if (isIntegral(a) && b.kind === 'decimal' && decimalWiderThan(b, a)) return b;
  if (a.kind === 'decimal' && isIntegral(b) && decimalWiderThan(a, b)) return a;
  if (isNumeric(a) && isNumeric(b) && a.kind !== 'decimal' && b.kind !== 'decimal') {
    const i = Math.max(NUMERIC_PRECEDENCE.indexOf(a.kind), NUMERIC_PRECEDENCE.indexOf(b.kind));
    return { kind: NUMERIC_PRECEDENCE[i] } as SqlType;
  }
  if ((isTimestamp(a) && b.kind === 'date') || (a.kind === 'date' && isTimestamp(b))) return isTimestamp(a) ? a : b;
  return complexCommonType(a, b, tightestCommonType);
}

function complexCommonType(a: SqlType, b: SqlType, f: (x: SqlType, y: SqlType) => SqlType | undefined): SqlType | undefined {
  if (a.kind === 'array' && b.kind === 'array') {
    const e = f(a.element, b.element);
    return e && T.array(e);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const k = f(a.key, b.key);
    const v = k && f(a.value, b.value);
    return k && v && T.map(k, v);
  }
  if (a.kind === 'row' && b.kind === 'row' && a.fields.length === b.fields.length) {
    const fields = [];
    for (let i = 0; i < a.fields.length; i++) {
      const fa = a.fields[i]!;
      const fb = b.fields[i]!;
      if ((fa.name ?? '').toLowerCase() !== (fb.name ?? '').toLowerCase()) return undefined;
      const ft = f(fa.type, fb.type);
      if (!ft) return undefined;
      fields.push({ ...(fa.name !== undefined ? { name: fa.name } : {}), type: ft });
    }
    return T.row(fields);
  }
  return undefined;
}

function widerTypeForDecimal(a: SqlType, b: SqlType): SqlType | undefined {
  if (a.kind === 'decimal' && b.kind === 'decimal') return widerDecimal(a, b);
  if (isIntegral(a) && b.kind === 'decimal') return widerDecimal(decimalForType(a), b);
  if (a.kind === 'decimal' && isIntegral(b)) return widerDecimal(decimalForType(b), a);
  if ((isFloating(a) && b.kind === 'decimal') || (a.kind === 'decimal' && isFloating(b))) return T.double;
  return undefined;
}

function stringPromotion(a: SqlType, b: SqlType): SqlType | undefined {
  if (isStringType(a) && isAtomic(b) && b.kind !== 'varbinary' && b.kind !== 'boolean') return T.varchar;
  if (isStringType(b) && isAtomic(a) && a.kind !== 'varbinary' && a.kind !== 'boolean') return T.varchar;
  return undefined;
}

/** TypeCoercion.findWiderTypeForTwo: decimals widened, strings promote. */
export function widerTypeForTwo(a: SqlType, b: SqlType): SqlType | undefined {
  return tightestCommonType(a, b) ?? widerTypeForDecimal(a, b) ?? stringPromotion(a, b) ?? complexCommonType(a, b, widerTypeForTwo);
}

function hasStringType(t: SqlType): boolean {
  return isStringType(t) || (t.kind === 'array' && hasStringType(t.element));
}

/** TypeCoercion.findWiderCommonType (CASE, IF, COALESCE, array(…), map(…), IN lists, set operations). */
export function widerCommonType(types: readonly SqlType[]): SqlType | undefined {
  const strings: SqlType[] = [];
  for (const t of types.filter(hasStringType)) if (!strings.some((s) => sameSparkType(s, t))) strings.push(t);
  let r: SqlType | undefined = T.unknown;
  for (const t of [...strings, ...types.filter((x) => !hasStringType(x))]) {
    r = widerTypeForTwo(r!, t);
    if (!r) return undefined;
  }
  return r;
}

/** TypeCoercion.findWiderTypeWithoutStringPromotion (greatest, least). */
export function widerTypeWithoutStringPromotion(types: readonly SqlType[]): SqlType | undefined {
  const two = (a: SqlType, b: SqlType): SqlType | undefined => tightestCommonType(a, b) ?? widerTypeForDecimal(a, b) ?? complexCommonType(a, b, two);
  let r: SqlType | undefined = T.unknown;
  for (const t of types) {
    r = two(r!, t);
    if (!r) return undefined;
  }
  return r;
}

/** TypeCoercion.findCommonTypeForBinaryComparison: a string compared with another atomic type. */
export function comparisonType(a: SqlType, b: SqlType): SqlType | undefined {
  if (isStringType(a) && b.kind === 'date') return T.date;
  if (a.kind === 'date' && isStringType(b)) return T.date;
  if (isStringType(a) && isTimestamp(b)) return b;
  if (isTimestamp(a) && isStringType(b)) return a;
  if (isStringType(a) && b.kind === 'unknown') return T.varchar;
  if (a.kind === 'unknown' && isStringType(b)) return T.varchar;
  if (isTimestamp(a) && b.kind === 'date') return a;
  if (a.kind === 'date' && isTimestamp(b)) return b;
  if ((a.kind === 'decimal' && isStringType(b)) || (isStringType(a) && b.kind === 'decimal')) return T.double;
  if (isStringType(a) && isAtomic(b) && !isStringType(b)) return b;
  if (isAtomic(a) && !isStringType(a) && isStringType(b)) return a;
  return undefined;
}

// ---------------------------------------------------------------- implicit casts to a function's input types

/** What a function's parameter accepts (Spark's AbstractDataType). */
export type Expect =
  | SqlType
  | 'any'
  | 'numeric'
  | 'integral'
  | 'decimal'
  | 'array'
  | 'map'
  | 'struct'
  | 'timestamp'
  | 'interval'
  | { oneOf: readonly Expect[] };

function accepts(expect: Expect, t: SqlType): boolean {
  if (expect === 'any') return true;
  if (expect === 'numeric') return isNumeric(t);
  if (expect === 'integral') return isIntegral(t);
  if (expect === 'decimal') return t.kind === 'decimal';
  if (expect === 'array') return t.kind === 'array';
  if (expect === 'map') return t.kind === 'map';
  if (expect === 'struct') return t.kind === 'row';
  if (expect === 'timestamp') return isTimestamp(t);
  if (expect === 'interval') return t.kind === 'interval';
  if (typeof expect === 'object' && 'oneOf' in expect) return expect.oneOf.some((e) => accepts(e, t));
  const e = expect as SqlType;
  if (e.kind === 'array' && t.kind === 'array') return e.element.kind === 'unknown' || accepts(e.element, t.element);
  if (e.kind === 'timestamp' && t.kind === 'timestamp') return !!e.ntz === !!t.ntz;
  if (e.kind === 'decimal' && t.kind === 'decimal') return true;
  return sameSparkType(e, t);
}

/** AbstractDataType.defaultConcreteType */
function defaultConcrete(expect: Expect): SqlType | undefined {
  if (expect === 'numeric') return T.double;
  if (expect === 'integral') return T.bigint;
  if (expect === 'decimal') return T.decimal(10, 0);
  if (expect === 'timestamp') return SPARK_TIMESTAMP;
  if (expect === 'any' || expect === 'array' || expect === 'map' || expect === 'struct' || expect === 'interval') return undefined;
  if (typeof expect === 'object' && 'oneOf' in expect) return defaultConcrete(expect.oneOf[0]!);
  return expect as SqlType;
}

/**
 * ImplicitTypeCasts.implicitCast: the type an argument of type `t` is converted to for a parameter expecting
 * `expect`, or undefined when Spark has no implicit conversion (the call fails with a type mismatch).
 */
export function implicitCast(t: SqlType, expect: Expect): SqlType | undefined {
  if (accepts(expect, t)) return t;
  if (t.kind === 'unknown') return defaultConcrete(expect) ?? t;
  if (typeof expect === 'object' && 'oneOf' in expect) {
    for (const e of expect.oneOf) {
      const r = implicitCast(t, e);
      if (r) return r;
    }
    return undefined;
  }
  if (isStringType(t) && expect === 'numeric') return T.double;
  if (isNumeric(t) && expect === 'decimal') return decimalForType(t);
  if (isStringType(t) && expect === 'decimal') return T.decimal(38, 18);
  if (isStringType(t) && expect === 'integral') return undefined;
  if (expect === 'timestamp' && (t.kind === 'date' || isStringType(t))) return SPARK_TIMESTAMP;
  if (typeof expect === 'string') return undefined;
  const e = expect as SqlType;
  if (isNumeric(t) && isNumeric(e)) return e;
  if (t.kind === 'date' && e.kind === 'timestamp') return e;
  if (isTimestamp(t) && e.kind === 'date') return T.date;
  if (isStringType(t) && (isNumeric(e) || e.kind === 'date' || e.kind === 'timestamp' || e.kind === 'varbinary')) return e;
  if (isAtomic(t) && isStringType(e)) return T.varchar;
  if (t.kind === 'array' && e.kind === 'array') {
    const el = implicitCast(t.element, e.element);
    return el && T.array(el);
  }
  if (t.kind === 'map' && e.kind === 'map') {
    const k = implicitCast(t.key, e.key);
    const v = implicitCast(t.value, e.value);
    return k && v && T.map(k, v);
  }
  return undefined;
}
