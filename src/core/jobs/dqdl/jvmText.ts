/**
 * Numbers and type names as the JVM writes them, for failure reasons Glue prints (its Data Quality engine runs on
 * Spark and Deequ): `Value: 0.5 does not meet the constraint requirement!` formats the metric with Java's
 * Double.toString (`4.0`, `0.5`, `1.0E-4`, `1.2345678E7`: sql/dialects/javaNumbers.ts) or, for counts, Long.toString (`4`).
 */

/** Java's `String.format("%.2f", d)`: two decimals, rounded half up (on the decimal value of the double). */
export function javaFixed2(d: number): string {
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity';
  // the exact decimal expansion of the double decides, as Java's BigDecimal-based formatting does
  const exact = d.toFixed(20);
  const negative = exact.startsWith('-');
  const [int, frac = ''] = (negative ? exact.slice(1) : exact).split('.') as [string, string];
  let cents = BigInt(int + frac.slice(0, 2).padEnd(2, '0'));
  if ((frac[2] ?? '0') >= '5') cents += 1n;
  const s = cents.toString().padStart(3, '0');
  return `${negative && cents !== 0n ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** Spark's name of the type of a DuckDB column (as Spark prints DataType.toString: `IntegerType`, `DecimalType(10,2)`). */
export function sparkTypeName(duckType: string): string {
  const t = duckType.toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (decimal) return `DecimalType(${decimal[1]},${decimal[2]})`;
  if (t.endsWith('[]')) return `ArrayType(${sparkTypeName(duckType.slice(0, -2))},true)`;
  if (t.startsWith('STRUCT')) return 'StructType';
  if (t.startsWith('MAP')) return 'MapType';
  const names: Record<string, string> = {
    VARCHAR: 'StringType',
    BOOLEAN: 'BooleanType',
    TINYINT: 'ByteType',
    SMALLINT: 'ShortType',
    INTEGER: 'IntegerType',
    BIGINT: 'LongType',
    HUGEINT: 'DecimalType(38,0)',
    FLOAT: 'FloatType',
    DOUBLE: 'DoubleType',
    DATE: 'DateType',
    TIMESTAMP: 'TimestampType',
    'TIMESTAMP WITH TIME ZONE': 'TimestampType',
    BLOB: 'BinaryType',
  };
  return names[t] ?? `${duckType}`;
}

export type SparkTypeClass = 'numeric' | 'string' | 'nested' | 'other';

export function sparkTypeClass(duckType: string): SparkTypeClass {
  const t = duckType.toUpperCase();
  if (t.endsWith('[]') || t.startsWith('STRUCT') || t.startsWith('MAP') || t.startsWith('UNION')) return 'nested';
  if (t === 'VARCHAR') return 'string';
  if (['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'FLOAT', 'DOUBLE'].includes(t) || t.startsWith('DECIMAL')) return 'numeric';
  return 'other';
}
