/**
 * `print(df.collect())`, `print(df.take(n))`, `print(df.first())`: the rows as Python prints PySpark's Row objects.
 * PySpark 3.3 (Glue 4.0's) `Row.__repr__` (pyspark/sql/types.py): `Row(%s)` of `"%s=%r" % (k, v)` over the fields in
 * the frame's order; the values are what PySpark's converters give — a string a `str` (`'Alice'`, Python's repr
 * quoting), an integer an `int`, a double a `float` (Python's repr: `3.5`, `2.1213203435596424`, `1e+20`), a boolean
 * `True`/`False`, a null `None`, an array a `list`, a struct a nested `Row`, a decimal `Decimal('1.50')`, a date
 * `datetime.date(2024, 1, 31)`, a map a `dict` (`{'Alice': 2}`) whose keys are in the order of the JVM's
 * java.util.HashMap PySpark's collect goes through (javaHashMap.ts; keys of strings, whole numbers and booleans).
 * A top-level binary field is a `bytearray` (`bytearray(b'ABC')`, bytearrayRepr). Timestamps (`datetime.datetime` in
 * the driver's time zone), maps of other keys, binary values inside nested ones and choice values are refused by
 * name: their Python values depend on more than the data.
 */
import { floatRepr, strRepr } from '../../jobs/values';
import { glueTypeOf, type GlueType } from './glueSchema';
import { javaHashMapOrder, type JavaKey } from '../../jobs/javaHashMap';

/** Thrown for a value whose Python form is not followed; the caller names the line. */
export class RowValueUnsupported extends Error {}

function valueRepr(v: unknown, t: GlueType): string {
  if (v === null || v === undefined) return 'None';
  switch (t.kind) {
    case 'struct': {
      const o = v as Record<string, unknown>;
      return `Row(${t.fields.map((f) => `${f.name}=${valueRepr(o[f.name], f.type)}`).join(', ')})`;
    }
    case 'array':
      return `[${(v as unknown[]).map((x) => valueRepr(x, t.element)).join(', ')}]`;
    case 'map': {
      const entries = v as { key: unknown; value: unknown }[];
      const keyType = t.key?.kind === 'atomic' ? t.key.name : undefined;
      const keys = entries.map((e) => javaKey(e.key, keyType));
      const order = keys.every((k) => k !== undefined) ? javaHashMapOrder(keys as JavaKey[]) : undefined;
      if (order === undefined) throw new RowValueUnsupported(`a map field (a Python dict, whose order of keys is the JVM's HashMap's: followed for keys of strings, whole numbers and booleans, not ${t.key === undefined ? 'these' : `for ${keyType ?? 'nested'} keys`} or a bucket of 8 keys)`);
      return `{${order.map((i) => `${valueRepr(entries[i]!.key, t.key!)}: ${valueRepr(entries[i]!.value, t.value)}`).join(', ')}}`;
    }
    case 'choice':
      throw new RowValueUnsupported('a field of two types (a ChoiceType)');
    case 'atomic': {
      const name = t.name;
      if (name === 'string') return strRepr(String(v));
      if (name === 'long' || name === 'int' || name === 'short' || name === 'byte') return String(v);
      if (name === 'double' || name === 'float') return floatRepr(Number(v));
      if (name === 'boolean') return v === true || v === 'true' ? 'True' : 'False';
      if (name.startsWith('decimal(')) return `Decimal('${String(v)}')`;
      if (name === 'date') {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(v));
        if (m === null) throw new RowValueUnsupported(`the date ${String(v)}`);
        return `datetime.date(${Number(m[1])}, ${Number(m[2])}, ${Number(m[3])})`;
      }
      throw new RowValueUnsupported(`a ${name} field`);
    }
  }
}

/** A map's key as the Java object Spark's EvaluatePython.toJava makes of it, for the types whose hashCode is followed. */
function javaKey(k: unknown, type: string | undefined): JavaKey | undefined {
  if (k === null || k === undefined) return undefined;
  if (type === 'string') return { t: 'string', v: String(k) };
  if (type === 'int' || type === 'short' || type === 'byte') return { t: 'int', v: Number(k) };
  if (type === 'long') return { t: 'long', v: BigInt(String(k)) };
  if (type === 'boolean') return { t: 'boolean', v: k === true || k === 'true' };
  return undefined;
}

/**
 * A binary value as PySpark 3.3 gives it: Pyrolite pickles a Java byte[] as `bytearray(<latin-1 str>, 'latin-1')`
 * (Pickler.put_arrayOfPrimitives) and BinaryType needs no conversion, so Python prints a bytearray — CPython's
 * bytearray repr (Objects/bytearrayobject.c, as bytes' PyBytes_Repr): `bytearray(b'…')`, single quotes unless the
 * bytes hold a ' and no ", the quote and \\ escaped, \t \n \r, other bytes below 0x20 or from 0x7f as \xhh.
 * `hex`: the bytes in hexadecimal (the query selects hex(…) for a top-level binary field).
 */
export function bytearrayRepr(hex: string): string {
  const bytes = (hex.match(/../g) ?? []).map((h) => parseInt(h, 16));
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  const q = quote.charCodeAt(0);
  let out = '';
  for (const b of bytes) {
    if (b === q || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `bytearray(b${quote}${out}${quote})`;
}

/** One row's repr: `Row(age=2, name='Alice')`; a top-level BLOB field's value is its hex (bytearrayRepr). */
export function pythonRowRepr(cols: readonly { name: string; type: string }[], values: readonly unknown[]): string {
  return `Row(${cols.map((c, i) => `${c.name}=${c.type === 'BLOB' && values[i] !== null && values[i] !== undefined ? bytearrayRepr(String(values[i])) : valueRepr(values[i], glueTypeOf(c.type))}`).join(', ')})`;
}

/** A list of rows' repr: `[Row(…), Row(…)]`, `[]` for none. */
export function pythonRowsRepr(cols: readonly { name: string; type: string }[], rows: readonly (readonly unknown[])[]): string {
  return `[${rows.map((r) => pythonRowRepr(cols, r)).join(', ')}]`;
}
