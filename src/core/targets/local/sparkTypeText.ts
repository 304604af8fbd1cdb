/**
 * A frame's field types as PySpark prints them, from the DuckDB types the local engine holds:
 *
 * - `df.dtypes`: `[(name, dataType.simpleString()) for f in schema.fields]` — `string`, `bigint`, `int`, `double`,
 *   `decimal(10,2)`, `array<string>`, `struct<a:string,b:bigint>`, `map<string,bigint>` (pyspark/sql/types.py);
 * - `df.schema`: StructType's repr, which changed between the Spark versions Glue runs. Spark 3.3 (Glue 4.0):
 *   `StructType(List(StructField(a,StringType,true)))` — DataType `__repr__` is the class name, ArrayType
 *   `ArrayType(%s,%s)` with `str(containsNull).lower()`, MapType `MapType(%s,%s,%s)`, DecimalType `DecimalType(%d,%d)`;
 *   Spark 3.5 (Glue 5.0): `StructType([StructField('a', StringType(), True)])` — the class name and `()`,
 *   `ArrayType(%s, %s)` / `MapType(%s, %s, %s)` with Python's `True`, DecimalType still `DecimalType(%d,%d)`.
 *
 * Every field of a frame read from data is nullable, and every array and map may hold nulls (Spark's readers infer
 * them so). A type with no Spark counterpart here (a ChoiceType, held as JSON) gives undefined: the caller refuses.
 */
import { parseDuckDbType, type DuckDbType } from '../../sql/types';

const SIMPLE: Record<string, string> = {
  VARCHAR: 'string',
  BIGINT: 'bigint',
  INTEGER: 'int',
  SMALLINT: 'smallint',
  TINYINT: 'tinyint',
  DOUBLE: 'double',
  FLOAT: 'float',
  BOOLEAN: 'boolean',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp',
  BLOB: 'binary',
};
const CLASS: Record<string, string> = {
  string: 'StringType',
  bigint: 'LongType',
  int: 'IntegerType',
  smallint: 'ShortType',
  tinyint: 'ByteType',
  double: 'DoubleType',
  float: 'FloatType',
  boolean: 'BooleanType',
  date: 'DateType',
  timestamp: 'TimestampType',
  binary: 'BinaryType',
};

function decimal(t: DuckDbType): [string, string] | undefined {
  if (t.kind !== 'named' || t.name !== 'DECIMAL') return undefined;
  return [t.params[0] ?? '18', t.params[1] ?? '3'];
}

function simple(t: DuckDbType): string | undefined {
  switch (t.kind) {
    case 'named': {
      const d = decimal(t);
      return d ? `decimal(${d[0]},${d[1]})` : SIMPLE[t.name];
    }
    case 'list': {
      const e = simple(t.element);
      return e === undefined ? undefined : `array<${e}>`;
    }
    case 'map': {
      const k = simple(t.key);
      const v = simple(t.value);
      return k === undefined || v === undefined ? undefined : `map<${k},${v}>`;
    }
    case 'struct': {
      const fields = t.fields.map((f) => [f.name, simple(f.type)] as const);
      return fields.some(([, x]) => x === undefined) ? undefined : `struct<${fields.map(([n, x]) => `${n}:${x!}`).join(',')}>`;
    }
    default:
      return undefined;
  }
}

function repr(t: DuckDbType, v35: boolean): string | undefined {
  const bool = (b: boolean) => (v35 ? (b ? 'True' : 'False') : String(b));
  const sep = v35 ? ', ' : ',';
  switch (t.kind) {
    case 'named': {
      const d = decimal(t);
      if (d) return `DecimalType(${d[0]},${d[1]})`;
      const s = SIMPLE[t.name];
      return s === undefined ? undefined : `${CLASS[s]!}${v35 ? '()' : ''}`;
    }
    case 'list': {
      const e = repr(t.element, v35);
      return e === undefined ? undefined : `ArrayType(${e}${sep}${bool(true)})`;
    }
    case 'map': {
      const k = repr(t.key, v35);
      const v = repr(t.value, v35);
      return k === undefined || v === undefined ? undefined : `MapType(${k}${sep}${v}${sep}${bool(true)})`;
    }
    case 'struct':
      return structRepr(
        t.fields.map((f) => ({ name: f.name, type: f.type })),
        v35,
      );
    default:
      return undefined;
  }
}

function structRepr(fields: { name: string; type: DuckDbType; nullable?: boolean | '?' }[], v35: boolean, list = false): string | undefined {
  const parts: string[] = [];
  for (const f of fields) {
    const r = repr(f.type, v35);
    if (r === undefined) return undefined;
    const n = f.nullable ?? true;
    parts.push(v35 ? `StructField('${f.name}', ${r}, ${n === '?' ? '?' : n ? 'True' : 'False'})` : `StructField(${f.name},${r},${String(n)})`);
  }
  // schema.fields: a Python list of the StructFields, each its repr (3.3: StructField.__repr__ is the same text)
  if (list) return `[${parts.join(', ')}]`;
  return v35 ? `StructType([${parts.join(', ')}])` : `StructType(List(${parts.join(',')}))`;
}

/** `df.dtypes`' (name, simpleString) pairs; undefined when a field has a type Spark would not give it. */
export function sparkDtypes(cols: readonly { name: string; type: string }[]): [string, string][] | undefined {
  const out: [string, string][] = [];
  for (const c of cols) {
    const s = simple(parseDuckDbType(c.type));
    if (s === undefined) return undefined;
    out.push([c.name, s]);
  }
  return out;
}

/**
 * `str(df.schema)` for the job's glueVersion (4.0: Spark 3.3; 5.0: Spark 3.5); undefined as for sparkDtypes. A
 * field's `nullable: false` (sparkNullable.ts) prints `false` / `False`; a field not followed prints `?` (the caller says why below).
 */
export function sparkSchemaRepr(cols: readonly { name: string; type: string; nullable?: false | string }[], glueVersion: string | undefined, fields = false): string | undefined {
  const v35 = !(glueVersion === '4.0' || glueVersion === '3.0');
  return structRepr(
    cols.map((c) => ({ name: c.name, type: parseDuckDbType(c.type), nullable: c.nullable === false ? false : typeof c.nullable === 'string' ? ('?' as const) : true })),
    v35,
    fields,
  );
}
