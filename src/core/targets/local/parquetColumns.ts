/**
 * How a Parquet table's declared column reads the column its files hold, as Athena engine 3's Parquet reader decides
 * it — trinodb/trino lib/trino-parquet/src/main/java/io/trino/parquet/reader/ColumnReaderFactory.java (`create`):
 * every pairing it has no reader for fails the query (`Unsupported Trino column type (bigint) for Parquet column
 * (… double d)`), where DuckDB's CAST would give another answer without a word (a double 1.7 read as the bigint 2,
 * an integer as the text '12345', a timestamp as text). Types are compared as DuckDB reads the files (DESCRIBE of
 * read_parquet).
 *
 * | declared                       | Parquet column (as DuckDB reads it)                       | read as                      |
 * | ------------------------------ | --------------------------------------------------------- | ---------------------------- |
 * | boolean                        | BOOLEAN                                                   | itself                       |
 * | tinyint, smallint, int, bigint | an integer (INT32/INT64), or a DECIMAL(p ≤ 18, 0)         | the integer                  |
 * | float                          | FLOAT                                                     | itself                       |
 * | double                         | DOUBLE, FLOAT                                             | the double                   |
 * | decimal(p,s)                   | a DECIMAL of scale ≤ s, or for p ≤ 18 an INT32            | the decimal                  |
 * | string                         | VARCHAR, BLOB                                             | the text (BLOB: its UTF-8)   |
 * | varchar(n)                     | VARCHAR, BLOB                                             | its first n characters       |
 * | binary                         | BLOB, VARCHAR                                             | the bytes                    |
 * | date                           | DATE                                                      | itself                       |
 * | timestamp                      | a TIMESTAMP (INT96; INT64 in ms, µs or ns; UTC-adjusted)  | rounded half up to the ms    |
 * | array, map, struct             | the same kind, element by element, field by field by name | the CAST (see `nestedExact`) |
 *
 * Refused here by name, though Athena may read them: a double over integers (Trino's Hive connector reads it since
 * its ParquetTypeTranslator, older readers fail — which one Athena runs is not known here), a date over plain INT32
 * days (DuckDB's schema does not tell a plain INT32 from an annotated one), a decimal of fewer digits after the point
 * than the files' (rounded by DecimalConversions.shortToShortCast now, "target scale must be larger than source
 * scale" in older readers), char(n) (Trino pads and compares
 * without trailing spaces), and nested columns holding a timestamp, varchar(n), char(n) or a text/binary crossing.
 */
import { hiveTypeToDuckDb, parseDuckDbType, type DuckDbType, type HiveType } from '../../sql/types';
import { ident } from './duck';

const INTEGERS = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'HUGEINT', 'INT1', 'INT2', 'INT4', 'INT8']);
/** what Parquet stores as INT32 (signed or not) */
const INT32S = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'INT1', 'INT2', 'INT4']);
const TIMESTAMPS = new Set(['TIMESTAMP', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'TIMESTAMP_S', 'TIMESTAMPTZ', 'TIMESTAMP WITH TIME ZONE']);
const SHORT_DECIMAL = 18;

/** How a declared column reads a Parquet column: a SQL expression, or why it cannot be read. */
export type ParquetColumnRead = { sql: string } | { fails: string } | { refused: string };

/**
 * `declared` read from the Parquet column `name` that DuckDB types `actualText` (DESCRIBE). `fails`: Athena's
 * reader fails on it too; `refused`: not read here (Athena's answer is not known to be one DuckDB gives).
 */
export function readParquetColumn(declared: HiveType, name: string, actualText: string): ParquetColumnRead {
  const actual = duckTypeOf(actualText);
  const column = ident(name);
  if (actual === undefined) return { refused: `the Parquet files hold ${actualText}, a type the local engine does not read` };
  const holds = `the Parquet files hold ${describe(actual)}`;
  if (declared.kind === 'array' || declared.kind === 'map' || declared.kind === 'struct') {
    if (!readable(declared, actual)) return { fails: holds };
    const why = nestedExact(declared, actual);
    if (why !== undefined) return { refused: `${holds}, and the local engine does not read ${why} inside an array, map or struct` };
    return { sql: `CAST(${column} AS ${hiveTypeToDuckDb(declared)})` };
  }
  const named = actual.kind === 'named' ? actual.name : '';
  if (declared.kind === 'primitive' && declared.name === 'double' && INTEGERS.has(named)) {
    return { refused: `${holds}: Athena reads integers as a double column or fails, depending on its Trino version (ParquetTypeTranslator)` };
  }
  if (declared.kind === 'primitive' && declared.name === 'date' && named === 'INTEGER') {
    return { refused: `${holds}: Athena reads a plain INT32 as days since 1970-01-01 and fails on an annotated one, which the local engine cannot tell apart` };
  }
  if (declared.kind === 'decimal' && named === 'DECIMAL' && actual.kind === 'named' && Number(actual.params[1] ?? 0) > declared.scale) {
    return { refused: `${holds}: Athena rounds a decimal to fewer digits after the point or fails ("target scale must be larger than source scale"), depending on its Trino version` };
  }
  if (declared.kind === 'char') return { refused: `${holds}: char(n) columns (padded, compared without trailing spaces) are not read by the local engine` };
  if (!readable(declared, actual)) return { fails: holds };
  if (declared.kind === 'primitive') {
    switch (declared.name) {
      case 'timestamp': {
        // timestamp(3): the fraction rounded half up to milliseconds; a UTC-adjusted instant read as its UTC wall clock
        const ts = named === 'TIMESTAMPTZ' || named === 'TIMESTAMP WITH TIME ZONE' ? `make_timestamp(epoch_us(${column}))` : `CAST(${column} AS TIMESTAMP)`;
        return { sql: `date_trunc('millisecond', ${ts} + INTERVAL 500 MICROSECOND)` };
      }
      case 'string':
        // the bytes as UTF-8 text (a CAST would write bytes over 0x7F as \xNN escapes)
        return { sql: named === 'BLOB' ? `decode(${column})` : column };
      case 'binary':
        // the text's UTF-8 bytes (a CAST would read \xNN in the text as escapes)
        return { sql: named === 'VARCHAR' ? `encode(${column})` : column };
    }
  }
  if (declared.kind === 'varchar') {
    // ValueDecoders.getBoundedVarcharBinaryDecoder: truncated to the declared length in characters
    return { sql: `left(${named === 'BLOB' ? `decode(${column})` : column}, ${declared.length})` };
  }
  return { sql: `CAST(${column} AS ${hiveTypeToDuckDb(declared)})` };
}

/** Whether Trino's Parquet reader has a reader for `declared` over a column DuckDB types `actual`. */
function readable(declared: HiveType, actual: DuckDbType): boolean {
  const name = actual.kind === 'named' ? actual.name : '';
  const decimal = name === 'DECIMAL' ? { precision: Number(actual.kind === 'named' ? actual.params[0] : 0), scale: Number(actual.kind === 'named' ? (actual.params[1] ?? 0) : 0) } : undefined;
  switch (declared.kind) {
    case 'primitive':
      switch (declared.name) {
        case 'boolean':
          return name === 'BOOLEAN';
        case 'tinyint':
        case 'smallint':
        case 'int':
        case 'bigint':
          // isIntegerAnnotationAndPrimitive, or isZeroScaleShortDecimalAnnotation
          return INTEGERS.has(name) || (decimal !== undefined && decimal.scale === 0 && decimal.precision <= SHORT_DECIMAL);
        case 'float':
          return name === 'FLOAT';
        case 'double':
          return name === 'DOUBLE' || name === 'FLOAT';
        case 'string':
          return name === 'VARCHAR' || name === 'BLOB';
        case 'binary':
          return name === 'BLOB' || name === 'VARCHAR';
        case 'date':
          return name === 'DATE';
        case 'timestamp':
          return TIMESTAMPS.has(name);
      }
      return false;
    case 'decimal':
      return decimal !== undefined || (declared.precision <= SHORT_DECIMAL && INT32S.has(name));
    case 'varchar':
    case 'char':
      return name === 'VARCHAR' || name === 'BLOB';
    case 'array':
      return actual.kind === 'list' && readable(declared.element, actual.element);
    case 'map':
      return actual.kind === 'map' && readable(declared.key, actual.key) && readable(declared.value, actual.value);
    case 'struct':
      // fields matched by name, case-insensitively; a field the files lack reads NULL
      return (
        actual.kind === 'struct' &&
        declared.fields.every((f) => {
          const field = actual.fields.find((a) => a.name.toLowerCase() === f.name.toLowerCase());
          return field === undefined || readable(f.type, field.type);
        })
      );
  }
}

/** What DuckDB's CAST of a nested value would read differently from Athena, or undefined when nothing. */
function nestedExact(declared: HiveType, actual: DuckDbType): string | undefined {
  switch (declared.kind) {
    case 'primitive': {
      const name = actual.kind === 'named' ? actual.name : '';
      if (declared.name === 'timestamp') return 'a timestamp (read to the millisecond)';
      if (declared.name === 'string' && name === 'BLOB') return 'binary as a string';
      if (declared.name === 'binary' && name === 'VARCHAR') return 'text as binary';
      if (declared.name === 'double' && INTEGERS.has(name)) return 'integers as a double';
      return undefined;
    }
    case 'varchar':
    case 'char':
      return `a ${declared.kind}(n)`;
    case 'decimal':
      return undefined;
    case 'array':
      return actual.kind === 'list' ? nestedExact(declared.element, actual.element) : undefined;
    case 'map':
      return actual.kind === 'map' ? (nestedExact(declared.key, actual.key) ?? nestedExact(declared.value, actual.value)) : undefined;
    case 'struct':
      if (actual.kind !== 'struct') return undefined;
      for (const f of declared.fields) {
        const field = actual.fields.find((a) => a.name.toLowerCase() === f.name.toLowerCase());
        const why = field !== undefined ? nestedExact(f.type, field.type) : undefined;
        if (why !== undefined) return why;
      }
      return undefined;
  }
}

function describe(t: DuckDbType): string {
  switch (t.kind) {
    case 'named':
      return t.params.length > 0 ? `${t.name}(${t.params.join(',')})` : t.name;
    case 'list':
      return `${describe(t.element)}[]`;
    case 'map':
      return `MAP(${describe(t.key)}, ${describe(t.value)})`;
    case 'struct':
      return `STRUCT(${t.fields.map((f) => `${f.name} ${describe(f.type)}`).join(', ')})`;
    case 'union':
      return 'UNION';
  }
}

/** `parseDuckDbType`, or undefined for a type it does not read */
function duckTypeOf(text: string): DuckDbType | undefined {
  try {
    return parseDuckDbType(text);
  } catch {
    return undefined;
  }
}
