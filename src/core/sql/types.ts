/**
 * Column types: Hive/Athena DDL type text (what the Glue catalog stores), DuckDB type strings (what the local
 * engine reports) and Athena/Trino type names (what Athena shows in result headers).
 */
import { LakehouseError } from '../errors';
import { TokenCursor } from './cursor';
import { quoteIdentifier, type SourceBase } from './lexer';

// ---------------------------------------------------------------- Hive types

export const HIVE_PRIMITIVES = ['string', 'int', 'bigint', 'smallint', 'tinyint', 'float', 'double', 'boolean', 'date', 'timestamp', 'binary'] as const;
export type HivePrimitive = (typeof HIVE_PRIMITIVES)[number];

export interface HiveStructField {
  name: string;
  type: HiveType;
}

export type HiveType =
  | { kind: 'primitive'; name: HivePrimitive }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'varchar' | 'char'; length: number }
  | { kind: 'array'; element: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType }
  | { kind: 'struct'; fields: HiveStructField[] };

const ALIASES: Record<string, HivePrimitive> = { integer: 'int' };

function positiveInt(cursor: TokenCursor, what: string, min: number, max: number): number {
  const t = cursor.peek();
  if (!t || t.kind !== 'number' || !/^\d+$/.test(t.value)) throw cursor.expected(what);
  const n = Number(t.value);
  if (n < min || n > max) throw cursor.errorAt(t, `${what} must be between ${min} and ${max}, not ${n}`);
  cursor.pos++;
  return n;
}

/** Reads one Hive type at the cursor (used by the DDL parser for column lists). */
export function readHiveType(cursor: TokenCursor): HiveType {
  const t = cursor.peek();
  if (!t || t.kind !== 'word') throw cursor.expected('a column type');
  const word = t.value.toLowerCase();
  cursor.pos++;
  switch (word) {
    case 'array': {
      cursor.expectOp('<');
      const element = readHiveType(cursor);
      cursor.expectOp('>');
      return { kind: 'array', element };
    }
    case 'map': {
      cursor.expectOp('<');
      const keyToken = cursor.peek();
      const key = readHiveType(cursor);
      if (key.kind === 'array' || key.kind === 'map' || key.kind === 'struct') {
        throw cursor.errorAt(keyToken, `a map key must be a primitive type, not ${formatHiveType(key)}`);
      }
      cursor.expectOp(',');
      const value = readHiveType(cursor);
      cursor.expectOp('>');
      return { kind: 'map', key, value };
    }
    case 'struct': {
      cursor.expectOp('<');
      const fields: HiveStructField[] = [];
      do {
        const nameToken = cursor.peek();
        const name = cursor.identifier('a struct field name');
        if (fields.some((f) => f.name === name)) throw cursor.errorAt(nameToken, `duplicate struct field '${name}'`);
        cursor.expectOp(':');
        fields.push({ name, type: readHiveType(cursor) });
      } while (cursor.acceptOp(','));
      cursor.expectOp('>');
      return { kind: 'struct', fields };
    }
    case 'decimal':
    case 'numeric': {
      if (!cursor.acceptOp('(')) return { kind: 'decimal', precision: 10, scale: 0 };
      const precision = positiveInt(cursor, 'a decimal precision', 1, 38);
      let scale = 0;
      if (cursor.acceptOp(',')) {
        const scaleToken = cursor.peek();
        scale = positiveInt(cursor, 'a decimal scale', 0, 38);
        if (scale > precision) throw cursor.errorAt(scaleToken, `decimal scale ${scale} exceeds precision ${precision}`);
      }
      cursor.expectOp(')');
      return { kind: 'decimal', precision, scale };
    }
    case 'varchar':
    case 'char': {
      cursor.expectOp('(');
      const length = positiveInt(cursor, `a ${word} length`, 1, word === 'char' ? 255 : 65535);
      cursor.expectOp(')');
      return { kind: word, length };
    }
    case 'double':
      cursor.acceptWord('PRECISION');
      return { kind: 'primitive', name: 'double' };
    default: {
      const name = ALIASES[word] ?? (HIVE_PRIMITIVES as readonly string[]).find((p) => p === word);
      if (!name) {
        throw cursor.errorAt(t, `unknown column type '${t.value}' (expected string, int, bigint, double, boolean, date, timestamp, decimal(p,s), array<…>, map<…>, struct<…> …)`);
      }
      return { kind: 'primitive', name: name as HivePrimitive };
    }
  }
}

/** Parses Hive type text (any case, any spacing). Errors are `SqlSyntax` at the position, relative to `base`. */
export function parseHiveType(text: string, base: SourceBase = {}): HiveType {
  const cursor = new TokenCursor(text, base, { quoting: 'hive' });
  cursor.endName = 'end of type';
  if (cursor.atEnd()) throw cursor.expected('a column type');
  const type = readHiveType(cursor);
  if (!cursor.atEnd()) throw cursor.expected('end of type');
  return type;
}

function hiveFieldName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `\`${name.split('`').join('``')}\``;
}

/** Canonical lower-case text, as Glue stores it: `array<struct<a:int,b:string>>`, `decimal(10,2)`. */
export function formatHiveType(type: HiveType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'varchar':
    case 'char':
      return `${type.kind}(${type.length})`;
    case 'array':
      return `array<${formatHiveType(type.element)}>`;
    case 'map':
      return `map<${formatHiveType(type.key)},${formatHiveType(type.value)}>`;
    case 'struct':
      return `struct<${type.fields.map((f) => `${hiveFieldName(f.name)}:${formatHiveType(f.type)}`).join(',')}>`;
  }
}

/** `ARRAY< Struct<A: INT> >` → `array<struct<a:int>>` */
export function normalizeHiveType(text: string, base?: SourceBase): string {
  return formatHiveType(parseHiveType(text, base));
}

const HIVE_TO_DUCKDB: Record<HivePrimitive, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  tinyint: 'TINYINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  binary: 'BLOB',
};

function toDuckDb(type: HiveType): string {
  switch (type.kind) {
    case 'primitive':
      return HIVE_TO_DUCKDB[type.name];
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'varchar':
    case 'char':
      return 'VARCHAR';
    case 'array':
      return `${toDuckDb(type.element)}[]`;
    case 'map':
      return `MAP(${toDuckDb(type.key)}, ${toDuckDb(type.value)})`;
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${quoteIdentifier(f.name)} ${toDuckDb(f.type)}`).join(', ')})`;
  }
}

/** `array<struct<a:int,b:string>>` → `STRUCT("a" INTEGER, "b" VARCHAR)[]`; `varchar(n)`/`char(n)` → `VARCHAR`. */
export function hiveTypeToDuckDb(type: string | HiveType): string {
  return toDuckDb(typeof type === 'string' ? parseHiveType(type) : type);
}

// ---------------------------------------------------------------- DuckDB types

/** A DuckDB type string as `DuckDBType.toString()` prints it, parsed. */
export type DuckDbType =
  | { kind: 'named'; name: string; params: string[] }
  | { kind: 'list'; element: DuckDbType; size?: number }
  | { kind: 'struct'; fields: { name: string; type: DuckDbType }[] }
  | { kind: 'map'; key: DuckDbType; value: DuckDbType }
  | { kind: 'union'; members: { name: string; type: DuckDbType }[] };

function readDuckDbFieldName(cursor: TokenCursor): string {
  const t = cursor.peek();
  if (t && (t.kind === 'word' || t.kind === 'dquoted')) {
    cursor.pos++;
    return t.value;
  }
  throw cursor.expected('a field name');
}

function readDuckDbType(cursor: TokenCursor): DuckDbType {
  const t = cursor.peek();
  if (!t || (t.kind !== 'word' && t.kind !== 'dquoted')) throw cursor.expected('a type name');
  cursor.pos++;
  let name = t.value.toUpperCase();
  let type: DuckDbType;
  if ((name === 'STRUCT' || name === 'UNION' || name === 'ROW') && cursor.isOp('(')) {
    cursor.pos++;
    const fields: { name: string; type: DuckDbType }[] = [];
    if (!cursor.isOp(')')) {
      do {
        const field = readDuckDbFieldName(cursor);
        fields.push({ name: field, type: readDuckDbType(cursor) });
      } while (cursor.acceptOp(','));
    }
    cursor.expectOp(')');
    type = name === 'UNION' ? { kind: 'union', members: fields } : { kind: 'struct', fields };
  } else if (name === 'MAP' && cursor.isOp('(')) {
    cursor.pos++;
    const key = readDuckDbType(cursor);
    cursor.expectOp(',');
    const value = readDuckDbType(cursor);
    cursor.expectOp(')');
    type = { kind: 'map', key, value };
  } else {
    if (cursor.isWords('WITH', 'TIME', 'ZONE')) {
      cursor.pos += 3;
      name += ' WITH TIME ZONE';
    } else if (name === 'DOUBLE' && cursor.acceptWord('PRECISION')) {
      name = 'DOUBLE';
    }
    const params: string[] = [];
    if (cursor.acceptOp('(')) {
      do {
        const p = cursor.next('a type parameter');
        if (p.kind !== 'number' && p.kind !== 'string') throw cursor.errorAt(p, `expected a type parameter but found '${p.text}'`);
        params.push(p.value);
      } while (cursor.acceptOp(','));
      cursor.expectOp(')');
    }
    type = { kind: 'named', name, params };
  }
  while (cursor.acceptOp('[')) {
    const size = cursor.peek()?.kind === 'number' ? Number(cursor.next().value) : undefined;
    cursor.expectOp(']');
    type = size === undefined ? { kind: 'list', element: type } : { kind: 'list', element: type, size };
  }
  return type;
}

export function parseDuckDbType(text: string): DuckDbType {
  const cursor = new TokenCursor(text, {});
  cursor.endName = 'end of type';
  const type = readDuckDbType(cursor);
  if (!cursor.atEnd()) throw cursor.expected('end of type');
  return type;
}

const DUCKDB_NAMED: Record<string, { hive: string; athena: string }> = {};
function named(names: string[], hive: string, athena: string): void {
  for (const n of names) DUCKDB_NAMED[n] = { hive, athena };
}
named(['VARCHAR', 'TEXT', 'STRING', 'CHAR', 'BPCHAR', 'NVARCHAR'], 'string', 'varchar');
named(['BIGINT', 'INT8', 'LONG'], 'bigint', 'bigint');
named(['INTEGER', 'INT', 'INT4', 'SIGNED'], 'int', 'integer');
named(['SMALLINT', 'INT2', 'SHORT'], 'smallint', 'smallint');
named(['TINYINT', 'INT1'], 'tinyint', 'tinyint');
named(['DOUBLE', 'FLOAT8'], 'double', 'double');
named(['FLOAT', 'FLOAT4', 'REAL'], 'float', 'real');
named(['BOOLEAN', 'BOOL', 'LOGICAL'], 'boolean', 'boolean');
named(['DATE'], 'date', 'date');
named(['TIMESTAMP', 'DATETIME', 'TIMESTAMP_US', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS'], 'timestamp', 'timestamp');
named(['TIMESTAMP WITH TIME ZONE', 'TIMESTAMPTZ'], 'timestamp', 'timestamp with time zone');
// wider or unsigned integers: the smallest Hive type that holds every value
named(['HUGEINT', 'INT128', 'UHUGEINT', 'UINT128'], 'decimal(38,0)', 'decimal(38,0)');
named(['UBIGINT', 'UINT64'], 'decimal(20,0)', 'decimal(20,0)');
named(['UINTEGER', 'UINT32'], 'bigint', 'bigint');
named(['USMALLINT', 'UINT16'], 'int', 'integer');
named(['UTINYINT', 'UINT8'], 'smallint', 'smallint');
named(['BLOB', 'BYTEA', 'BINARY', 'VARBINARY'], 'binary', 'varbinary');
// no Hive counterpart: stored as text
named(['UUID'], 'string', 'uuid');
named(['JSON'], 'string', 'json');
named(['TIME'], 'string', 'time');
named(['TIME WITH TIME ZONE', 'TIMETZ'], 'string', 'time with time zone');
named(['INTERVAL'], 'string', 'interval day to second');
named(['ENUM', 'BIT', 'BITSTRING', 'BIGNUM', 'VARINT', 'NULL', 'SQLNULL'], 'string', 'varchar');

function namedDecimal(type: { name: string; params: string[] }): string | undefined {
  if (type.name !== 'DECIMAL' && type.name !== 'NUMERIC' && type.name !== 'DEC') return undefined;
  const [p = '18', s = '3'] = type.params;
  return `decimal(${p},${s})`;
}

function toHive(type: DuckDbType, source: string): string {
  switch (type.kind) {
    case 'named': {
      const decimal = namedDecimal(type);
      if (decimal) return decimal;
      const m = DUCKDB_NAMED[type.name];
      if (!m) throw new LakehouseError('InvalidInput', `DuckDB type ${type.name} (in ${source}) has no Hive/Glue column type`, { object: source });
      return m.hive;
    }
    case 'list':
      return `array<${toHive(type.element, source)}>`;
    case 'map':
      return `map<${toHive(type.key, source)},${toHive(type.value, source)}>`;
    case 'struct':
      return `struct<${type.fields.map((f) => `${hiveFieldName(f.name.toLowerCase())}:${toHive(f.type, source)}`).join(',')}>`;
    case 'union':
      return 'string';
  }
}

/**
 * DuckDB type string → lower-case Hive type text for catalog columns: `VARCHAR` → `string`, `INTEGER` → `int`,
 * `STRUCT(a INTEGER, "b c" VARCHAR)[]` → ``array<struct<a:int,`b c`:string>>``. Struct field names are lower-cased
 * (Glue does). Types without a Hive counterpart (UUID, JSON, TIME, INTERVAL, ENUM, BIT, UNION) become `string`;
 * HUGEINT and UBIGINT become `decimal(38,0)` / `decimal(20,0)`; the TIMESTAMP variants all become `timestamp`.
 */
export function duckDbTypeToHive(type: string): string {
  return toHive(parseDuckDbType(type), type);
}

function athenaFieldName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteIdentifier(name);
}

function toAthena(type: DuckDbType): string {
  switch (type.kind) {
    case 'named':
      return namedDecimal(type) ?? DUCKDB_NAMED[type.name]?.athena ?? type.name.toLowerCase();
    case 'list':
      return `array(${toAthena(type.element)})`;
    case 'map':
      return `map(${toAthena(type.key)}, ${toAthena(type.value)})`;
    case 'struct':
      return `row(${type.fields.map((f) => `${athenaFieldName(f.name)} ${toAthena(f.type)}`).join(', ')})`;
    case 'union':
      return 'varchar';
  }
}

/**
 * DuckDB type string → the Athena (Trino) type name shown in result headers: `varchar`, `integer`, `real`,
 * `decimal(18,3)`, `array(varchar)`, `map(varchar, integer)`, `row(a integer, b varchar)`. Never fails: an
 * unknown or unparsable type is shown lower-cased.
 */
export function duckDbTypeToAthena(type: string): string {
  let parsed: DuckDbType;
  try {
    parsed = parseDuckDbType(type);
  } catch {
    return type.toLowerCase();
  }
  return toAthena(parsed);
}

/**
 * Whether a DuckDB type holds JSON — itself, or somewhere inside a struct or an array. The job runner holds a Glue
 * ChoiceType (a field whose values have several types in the data) as JSON (targets/local/nestedChoice.ts).
 */
export function holdsChoice(duckType: string): boolean {
  return /(^|[\s(,])JSON($|[\s),[])/.test(duckType);
}
