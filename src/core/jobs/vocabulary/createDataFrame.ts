/**
 * `spark.createDataFrame(data, schema)` of rows written in the script, as PySpark 3.3 makes the DataFrame
 * (pyspark/sql/session.py `_createFromLocal`, pyspark/sql/types.py `_infer_schema`, `_infer_type`, `_merge_type`,
 * `_make_type_verifier`):
 *   - `schema` None or a list of names: the types are inferred from every row — None is NullType, bool BooleanType,
 *     int LongType (bigint), float DoubleType, str StringType (`_type_mappings`, by the value's exact type); a field's
 *     types over the rows merge (NullType gives way to the other; two others: TypeError "Can not merge type"); a field
 *     only ever None: ValueError "Some of types cannot be determined after inferring"; no rows: ValueError "can not
 *     infer schema from empty dataset". Names default to `_1`, `_2`, … (a list of names shorter than the rows is
 *     extended so). All fields nullable.
 *   - `schema` a StructType: each value verified (verifySchema=True): an exact type the field's type accepts
 *     (`_acceptable_types`: bool for BooleanType, int for Byte/Short/Integer/LongType within their ranges, float for
 *     Float/DoubleType — an int there is a TypeError "DoubleType() can not accept object 1 in type <class 'int'>"),
 *     None where the field is nullable (else ValueError "field a: This field is not nullable, but got None",
 *     `verify_nullability`); no rows: an empty frame of those fields. A field's nullability is the StructField's.
 *   - rows written as `Row(name=…)` (fields in the order written) or as dicts (their keys sorted: `sorted(row.items())`
 *     in 3.3; the current PySpark reference still shows `[{'name': 'Alice', 'age': 1}]` as the columns `age`, `name`);
 *     with a StructType their values are taken by the fields' names. A DDL string schema (`"name string, age int"`) is a StructType of those
 *     simple types.
 *   - a list value (types inferred): an ArrayType of its first element's type (3.3's `_infer_type`), `[]` and lists of
 *     None only giving way to another row's type; its elements of that one type. A dict value: a MapType of the types
 *     of its first entry whose key and value are not None (else map<null,null>, giving way likewise); held in the
 *     plan's row as its (key, value) tuples. A Row(name=…) value: a struct of its fields in the order written (held as
 *     a tuple of its values), every row's of the same fields and types.
 * Refused by name, as not followed: rows of different fields, nested values other than lists, dicts and Rows of
 * scalars (tuples, lists of lists, a list or dict with a StructType schema), lists or dicts of values of several types,
 * a non-str value for a StringType field (which StringType's verifier lets through and the JVM turns into text), a DDL string of other types, a names list of another length than the rows, duplicate field names, types other than the simple ones,
 * integers beyond 2^53 (the reader keeps numbers as doubles), and verifySchema=False. A Python error PySpark raises
 * fails the job on Glue too: the run is refused with it.
 */
import { pickledDictOrder, pickledKey } from '../javaHashMap';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { PyConst } from '../expr';
import { toConst, type PyValue, type SchemaField } from '../values';
import type { CallCtx } from './registry';

/** PySpark's type names (DataType.simpleString → its class), as their repr in messages */
const TYPE_CLASS: Record<string, string> = {
  string: 'StringType()',
  bigint: 'LongType()',
  int: 'IntegerType()',
  smallint: 'ShortType()',
  tinyint: 'ByteType()',
  double: 'DoubleType()',
  float: 'FloatType()',
  boolean: 'BooleanType()',
};

const INT_RANGE: Record<string, [number, number, string]> = {
  tinyint: [-128, 127, 'ByteType'],
  smallint: [-32768, 32767, 'ShortType'],
  int: [-2147483648, 2147483647, 'IntegerType'],
};

const PY_TYPE: Record<PyConst['py'], string> = { none: 'NoneType', bool: 'bool', int: 'int', float: 'float', str: 'str', list: 'list', tuple: 'tuple' };

/** the Spark type PySpark's `_infer_type` gives a value (null: NullType) */
const INFERRED: Partial<Record<PyConst['py'], string | null>> = { none: null, bool: 'boolean', int: 'bigint', float: 'double', str: 'string' };

/**
 * The type PySpark 3.3's `_infer_type` gives a value: a scalar's (INFERRED), a list's ArrayType of its first
 * element's type when it has a non-None element (`ArrayType(_infer_type(obj[0]))`: [None, 10] is array<null>, which a
 * merge with another row's array<bigint> resolves), else array<null>; `null` is NullType.
 */
function inferredType(v: PyConst, maps: WeakSet<PyConst>): string | null {
  // a dict (a map, held as its (key, value) tuples): MapType of the first entry whose key and value are not None
  // (3.3's `_infer_type`: `MapType(_infer_type(key), _infer_type(value), True)`), else map<null,null>
  if (maps.has(v)) {
    const entry = (v as { items: { items: PyConst[] }[] }).items.find((e) => e.items[0]!.py !== 'none' && e.items[1]!.py !== 'none');
    return entry === undefined ? 'map<null,null>' : `map<${INFERRED[entry.items[0]!.py]!},${INFERRED[entry.items[1]!.py]!}>`;
  }
  if (v.py !== 'list') return INFERRED[v.py]!;
  const first = v.items[0];
  // (a list of lists: the same rule for its first element, `_infer_type(obj[0])`)
  return `array<${first === undefined || v.items.every((x) => x.py === 'none') ? 'null' : (inferredType(first, maps) ?? 'null')}>`;
}

/** A list value's scalars, through its nested lists. */
function leaves(v: PyConst): PyConst[] {
  return v.py === 'list' ? v.items.flatMap(leaves) : [v];
}

/**
 * A list of scalars, or of lists (at any depth) whose scalars are all of one type (None aside) — an array of arrays,
 * which PySpark types by its first element; mixed types (converted by PySpark to the first's) are not followed.
 */
function listOfOneKind(v: PyConst): boolean {
  if (v.py !== 'list') return false;
  if (v.items.every((x) => x.py !== 'list' && x.py !== 'tuple')) return true;
  if (!v.items.every((x) => x.py === 'none' || (x.py === 'list' && listOfOneKind(x)))) return false;
  const depth = (x: PyConst): number => (x.py === 'list' ? 1 + Math.max(0, ...x.items.filter((y) => y.py === 'list').map(depth)) : 0);
  const lists = v.items.filter((x) => x.py === 'list');
  const kinds = new Set(leaves(v).filter((x) => x.py !== 'none').map((x) => x.py));
  return kinds.size <= 1 && new Set(lists.map(depth)).size <= 1;
}

/** `_merge_type` of two inferred types (NullType gives way, also as an array's element); undefined: TypeError */
function mergedType(a: string, b: string): string | undefined {
  if (a === b) return a;
  if (a === 'array<null>' && b.startsWith('array<')) return b;
  if (b === 'array<null>' && a.startsWith('array<')) return a;
  // two arrays of arrays: their elements merged (`ArrayType(_merge_type(a.elementType, b.elementType))`)
  if (a.startsWith('array<array<') && b.startsWith('array<array<')) {
    const inner = mergedType(a.slice(6, -1), b.slice(6, -1));
    return inner === undefined ? undefined : `array<${inner}>`;
  }
  if (a === 'map<null,null>' && b.startsWith('map<')) return b;
  if (b === 'map<null,null>' && a.startsWith('map<')) return a;
  return undefined;
}

/** the pyspark.sql.types class of a type name, as `_merge_type`'s TypeError names it */
const typeClassName = (t: string): string => (t.startsWith('array<') ? 'ArrayType' : t.startsWith('map<') ? 'MapType' : t.startsWith('struct<') ? 'StructType' : TYPE_CLASS[t]!.slice(0, -2));

function pyListRepr(v: PyConst): string {
  return v.py === 'list' ? `[${v.items.map(pyRepr).join(', ')}]` : pyRepr(v);
}

function pyRepr(v: PyConst): string {
  switch (v.py) {
    case 'none':
      return 'None';
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'str':
      return `'${v.v}'`;
    case 'int':
    case 'float':
      return String(v.v);
    default:
      return v.py;
  }
}

export function createDataFrame(c: CallCtx): PyValue {
  const b = c.bound();
  const host = c.host;
  const dataArg = b.need('data');
  const schemaArg = b.get('schema');
  const construct = 'spark.createDataFrame';
  const refuse = (n: SyntaxNode, what: string, why: string, hint = 'read the rows from S3 or the Data Catalog, or write them as PySpark 3.3 infers them: tuples of str, int, float, bool and None'): never => {
    throw host.unsupported(n, what, why, hint);
  };
  // a Python error PySpark raises: the job fails on Glue with it
  const pythonError = (n: SyntaxNode, error: string): never => {
    throw host.unsupported(n, construct, `PySpark raises ${error}, so the job fails on Glue too`, 'fix the rows or the schema');
  };
  const verify = b.get('verifySchema');
  if (verify !== undefined && !(verify.value.t === 'bool' && verify.value.v)) refuse(verify.node, `${construct} with verifySchema=`, 'without the verification, how each value is converted is not followed');
  if (b.get('samplingRatio') !== undefined && b.get('samplingRatio')!.value.t !== 'none') refuse(b.get('samplingRatio')!.node, `${construct} with samplingRatio=`, 'inferring from a sample of the rows is not followed');

  const data = dataArg.value;
  if (data.t !== 'list' && data.t !== 'tuple') return refuse(dataArg.node, `${construct} of ${dataArg.node.text.slice(0, 40)}`, 'only a list of rows written in the script is followed (an RDD, a pandas DataFrame or a value computed by the run is not)');
  const schemaValue0 = schemaArg?.value;
  const structSchema = schemaValue0?.t === 'schema' ? schemaValue0 : schemaValue0?.t === 'str' ? ddlSchema(schemaValue0.v, (why) => refuse(schemaArg!.node, `${construct} with the DDL schema "${schemaValue0.v}"`, why, 'write it as "name string, age int" (simple types) or as StructType([…])')) : undefined;
  // rows written as Row(name=…) or dicts: their fields by name (pyspark/sql/types.py _infer_schema: a Row's fields in
  // the order written, a dict's keys sorted; StructType.toInternal takes a dict's or a keyword Row's values by name)
  let keyedNames: string[] | undefined;
  const keyed = data.items.some((row) => row.t === 'dict' || row.t === 'record');
  const items: PyValue[] = !keyed
    ? data.items
    : data.items.map((row) => {
        const entries: [string, PyValue][] | undefined =
          row.t === 'record' && row.cls === 'Row' ? row.attrs : row.t === 'dict' && row.entries.every(([k]) => k.t === 'str') ? row.entries.map(([k, v]) => [(k as { v: string }).v, v]) : undefined;
        if (entries === undefined) return refuse(dataArg.node, `${construct} of ${row.t} rows among keyed ones`, 'rows are followed as all tuples, all Row(name=…) objects or all dicts with str keys', 'write every row the same way');
        // a dict's keys sorted (Python's str order: by code point), as `sorted(row.items())` does
        if (row.t === 'dict') entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        const names = entries.map(([k]) => k);
        if (structSchema !== undefined) {
          return {
            t: 'tuple',
            items: structSchema.fields.map((f) => {
              const hit = entries.find(([k]) => k === f.name);
              if (hit === undefined) return refuse(dataArg.node, `${construct}: a row without the field ${f.name}`, 'a missing field is None for a dict and a KeyError for a Row in PySpark, which is not followed', 'give every row every field');
              return hit[1];
            }),
          };
        }
        if (keyedNames === undefined) keyedNames = names;
        else if (keyedNames.length !== names.length || keyedNames.some((k, i) => k !== names[i])) refuse(dataArg.node, `${construct} of rows with different fields`, "PySpark merges the rows' fields by name, which is not followed", 'give every row the same fields in the same order');
        return { t: 'tuple', items: entries.map(([, v]) => v) };
      });
  if (keyed && schemaValue0 !== undefined && schemaValue0.t !== 'none' && structSchema === undefined) refuse(schemaArg!.node, `${construct} of Row objects or dicts with a list of names`, 'the names would be matched to fields by position, which is not followed', 'leave out the names or give a StructType');
  const maps = new WeakSet<PyConst>();
  const structs = new WeakMap<PyConst, string[]>();
  const rows: PyConst[][] = items.map((row) => {
    if (row.t !== 'tuple' && row.t !== 'list') return refuse(dataArg.node, `${construct} of ${row.t} values`, 'each row must be a tuple or a list of values', 'write each row as a tuple');
    return row.items.map((v) => {
      if (v.t === 'dict' && structSchema === undefined) return mapValue(v);
      if (v.t === 'record' && v.cls === 'Row' && structSchema === undefined) return structValue(v);
      const k = toConst(v);
      // a list of scalars is an array when the types are inferred (not with a StructType: its verifier is not followed)
      // (or a list of such lists, each of one type: an array of arrays)
      const list = k?.py === 'list' && structSchema === undefined && v.t === 'list' && listOfOneKind(k);
      if (k === undefined || (k.py === 'list' && !list) || k.py === 'tuple')
        return refuse(dataArg.node, `${construct} with ${k?.py ?? v.t} values`, `only str, int, float, bool and None values${structSchema === undefined ? ' and lists of them' : ''} are followed`, 'write the values as those, or build nested fields with F.struct / F.array');
      for (const x of leaves(k)) if (x.py === 'int' && !Number.isSafeInteger(x.v)) return refuse(dataArg.node, `${construct} with the integer ${x.v}`, 'integers beyond 2^53 are not followed');
      if (k.py === 'list') {
        const first = k.items.find((x) => x.py !== 'none');
        if (first !== undefined && k.items.some((x) => x.py !== 'none' && x.py !== first.py))
          return refuse(dataArg.node, `${construct} with the list ${dataArg.node.text.length > 0 ? pyListRepr(k) : ''}`, "its elements are of several types: PySpark infers the array's type from the first element and converts the others to it, which is not followed", 'write the elements as one type');
      }
      return k;
    });
  });
  /**
   * A dict value (types inferred): a map, held as a list of (key, value) tuples in the dict's order; its keys and its
   * values scalars, each of one type (PySpark infers the map's types from one entry and converts the others to them).
   */
  function mapValue(v: Extract<PyValue, { t: 'dict' }>): PyConst {
    let entries = v.entries.map(([key, value]) => [toConst(key), toConst(value)] as const);
    const scalar = (x: PyConst | undefined): x is PyConst => x !== undefined && x.py !== 'list' && x.py !== 'tuple' && (x.py !== 'int' || Number.isSafeInteger(x.v));
    if (!entries.every(([key, value]) => scalar(key) && scalar(value) && key.py !== 'none'))
      return refuse(dataArg.node, `${construct} with a dict value of other keys or values than str, int, float, bool (and None values)`, 'only dicts of scalars are followed', 'write the dict with scalar keys and values');
    for (const at of [0, 1] as const) {
      const typed = entries.map((e) => e[at]!).filter((x) => x.py !== 'none');
      if (typed.some((x) => x.py !== typed[0]!.py)) refuse(dataArg.node, `${construct} with a dict of ${at === 0 ? 'keys' : 'values'} of several types`, "PySpark infers the map's types from one entry and converts the others to them, which is not followed", `write the ${at === 0 ? 'keys' : 'values'} as one type`);
    }
    // the map's entries are not in the dict's order on Spark but in the order of the JVM's maps the pickled dict goes
    // through (javaHashMap.ts pickledDictOrder): the PySpark 3.3 doctests show {"foo": -2.0, "bar": 2.0} as
    // {bar -> 2.0, foo -> -2.0} (transform_keys), {"IT": 24.0, "SALES": 12.0} as SALES first (map_zip_with)
    const order = pickledDictOrder(entries.map(([key]) => pickledKey(key!) ?? { t: 'string', v: '' }));
    if (order === undefined || (entries.length > 1 && !entries.every(([key]) => pickledKey(key!) !== undefined)))
      return refuse(dataArg.node, `${construct} with a dict value of ${entries.length} entries`, "Spark's map keeps its entries in the order of the JVM hash maps PySpark's dict goes through (not the dict's order), which is followed for up to 1000 keys of str, int or bool where no bucket of the hash map holds 8 keys", 'give the map fewer entries, or build it with F.create_map(…) (its entries in the order written)');
    entries = order.map((i) => entries[i]!);
    const map: PyConst = { py: 'list', items: entries.map(([key, value]) => ({ py: 'tuple', items: [key!, value!] })) };
    maps.add(map);
    return map;
  }
  /**
   * A Row(name=…) value (types inferred): a struct of its fields in the order written (3.3's `_infer_schema` of a
   * Row), held as a tuple of its values; the field names recorded for the inference. Scalars only.
   */
  function structValue(v: Extract<PyValue, { t: 'record' }>): PyConst {
    const values = v.attrs.map(([, x]) => toConst(x));
    if (!values.every((x) => x !== undefined && x.py !== 'list' && x.py !== 'tuple' && (x.py !== 'int' || Number.isSafeInteger(x.v))))
      return refuse(dataArg.node, `${construct} with a Row value of other values than str, int, float, bool and None`, 'only Rows of scalars are followed', 'write the Row with scalar values');
    const struct: PyConst = { py: 'tuple', items: values as PyConst[] };
    structs.set(struct, v.attrs.map(([k]) => k));
    return struct;
  }
  const width = rows[0]?.length;
  if (rows.some((r) => r.length !== width)) refuse(dataArg.node, construct, 'rows of different lengths are not followed', 'give every row the same fields');

  const schemaValue = keyedNames !== undefined && (schemaValue0 === undefined || schemaValue0.t === 'none') ? ({ t: 'list', items: keyedNames.map((n) => ({ t: 'str', v: n })) } as PyValue) : schemaValue0;
  let columns: { name: string; type: string; nullable?: false }[];
  if (structSchema !== undefined) {
    const fields: SchemaField[] = structSchema.fields;
    for (const f of fields) {
      if (rows.length > 0 && TYPE_CLASS[f.type] === undefined) refuse(schemaArg!.node, `${construct} with a ${f.type} field (${f.name})`, 'rows for that type are not followed', 'use StringType, LongType, IntegerType, DoubleType or BooleanType');
    }
    for (const r of rows) {
      // PySpark's StructType verifier: "Length of object (%d) does not match with length of fields (%d)"
      if (r.length !== fields.length) pythonError(dataArg.node, `ValueError: Length of object (${r.length}) does not match with length of fields (${fields.length})`);
      r.forEach((v, j) => {
        const f = fields[j]!;
        // verify_nullability: `raise ValueError(new_msg("This field is not nullable, but got None"))`, the field's
        // name being "field <name>" at the top level
        if (v.py === 'none' && f.nullable === false) pythonError(dataArg.node, `ValueError: field ${f.name}: This field is not nullable, but got None`);
        if (v.py === 'none') return;
        const cls = TYPE_CLASS[f.type]!;
        if (f.type === 'string') {
          if (v.py !== 'str') refuse(dataArg.node, `${construct} with ${pyRepr(v)} for the StringType field ${f.name}`, "StringType's verifier accepts any value and the JVM turns it into text, which is not followed", 'write the value as a str');
          return;
        }
        const accepted = f.type === 'boolean' ? 'bool' : f.type === 'double' || f.type === 'float' ? 'float' : 'int';
        // (the verifier's own words: "field x: <the type's repr> can not accept object 1 in type <class 'int'>")
        if (v.py !== accepted) pythonError(dataArg.node, `TypeError from its type verifier: the field ${f.name} is ${cls.slice(0, -2)}, which accepts a Python ${accepted}, not the ${PY_TYPE[v.py]} ${pyRepr(v)}`);
        const range = INT_RANGE[f.type];
        if (range !== undefined && v.py === 'int' && (v.v < range[0] || v.v > range[1])) pythonError(dataArg.node, `ValueError: field ${f.name}: object of ${range[2]} out of range, got: ${v.v}`);
      });
    }
    columns = fields.map((f) => ({ name: f.name, type: f.type, ...(f.nullable === false ? { nullable: false as const } : {}) }));
  } else {
    let names: string[] | undefined;
    if (schemaValue !== undefined && schemaValue.t !== 'none') {
      if ((schemaValue.t !== 'list' && schemaValue.t !== 'tuple') || !schemaValue.items.every((x) => x.t === 'str')) return refuse(schemaArg!.node, `${construct} with schema ${schemaArg!.node.text.slice(0, 40)}`, 'the schema must be a StructType or a list of names', 'write a list of names');
      names = schemaValue.items.map((x) => (x as { v: string }).v);
    }
    if (rows.length === 0) return pythonError(dataArg.node, 'ValueError: can not infer schema from empty dataset');
    if (names !== undefined && names.length !== width) refuse(schemaArg!.node, `${construct} with ${names.length} names for rows of ${width} values`, 'names and values of different counts are not followed', 'name every value');
    names ??= Array.from({ length: width! }, (_, i) => `_${i + 1}`);
    const types: (string | null)[] = names.map(() => null);
    for (const r of rows)
      r.forEach((v, j) => {
        const rowFields = structs.get(v);
        // a Row: struct<name:type,…> of its values' types (a None field cannot be determined: refused below)
        const t = rowFields !== undefined ? `struct<${rowFields.map((n, i) => `${n}:${INFERRED[(v as { items: PyConst[] }).items[i]!.py] ?? 'null'}`).join(',')}>` : inferredType(v, maps);
        if (t === null) return;
        const had = types[j];
        const merged = had === null ? t : mergedType(had, t);
        if (merged === undefined && (had!.startsWith('struct<') || t.startsWith('struct<')))
          refuse(dataArg.node, `${construct} of Row values of different fields or types in the field ${names![j]}`, "PySpark merges the Rows' types field by field, which is not followed", 'give every Row the same fields and types');
        if (merged === undefined) {
          // two arrays: their elements' types (_merge_type's `name='element in array %s' % name`)
          const both = had!.startsWith('array<') && t.startsWith('array<');
          const [x, y] = both ? [had!.slice(6, -1), t.slice(6, -1)] : [had!, t];
          pythonError(dataArg.node, `TypeError: ${both ? 'element in array ' : ''}field ${names![j]}: Can not merge type <class 'pyspark.sql.types.${typeClassName(x)}'> and <class 'pyspark.sql.types.${typeClassName(y)}'>`);
        }
        types[j] = merged!;
      });
    if (types.some((t) => t === null || t.includes('null'))) pythonError(dataArg.node, 'ValueError: Some of types cannot be determined after inferring');
    columns = names.map((name, j) => ({ name, type: types[j]! }));
  }
  const seen = new Set<string>();
  for (const col of columns) {
    if (seen.has(col.name.toLowerCase())) refuse(schemaArg?.node ?? dataArg.node, `${construct} with two fields named ${col.name}`, 'fields of one name are not followed here', 'name the fields apart');
    seen.add(col.name.toLowerCase());
  }
  return { t: 'df', id: host.node({ kind: 'rows', columns, rows }, c.call, 'createDataFrame') };
}

/**
 * Spark's simple type names in a DDL string → DataType.simpleString (StructType.fromDDL / CatalystSqlParser), with the
 * synonyms Spark's parser takes (AstBuilder visitPrimitiveDataType: integer, long, short, byte, real); spark.read's
 * schema string (dataframe.ts) takes these and date, timestamp, binary.
 */
export const SPARK_DDL_NUMBERS_AND_TEXT: Readonly<Record<string, string>> = {
  string: 'string',
  int: 'int',
  integer: 'int',
  bigint: 'bigint',
  long: 'bigint',
  smallint: 'smallint',
  short: 'smallint',
  tinyint: 'tinyint',
  byte: 'tinyint',
  double: 'double',
  float: 'float',
  real: 'float',
  boolean: 'boolean',
};

/** The type names createDataFrame's schema string takes (as before: also varchar and bool). */
const DDL_TYPES: Record<string, string> = { ...SPARK_DDL_NUMBERS_AND_TEXT, varchar: 'string', bool: 'boolean' };

/**
 * A DDL schema string as PySpark's `_parse_datatype_string` reads it for createDataFrame: `"name string, age int"`
 * (also `name: string`), field names case kept, type names in any case. Only simple types are followed.
 */
function ddlSchema(text: string, refuse: (why: string) => never): { fields: SchemaField[] } {
  const fields: SchemaField[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:?\s+([A-Za-z]+)\s*$/.exec(part) ?? /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([A-Za-z]+)\s*$/.exec(part);
    if (m === null) return refuse(`"${part.trim()}" is not a field written as "name type"`);
    const type = DDL_TYPES[m[2]!.toLowerCase()];
    if (type === undefined) return refuse(`the type ${m[2]} is not one of the simple types followed (string, int, bigint, double, float, boolean, smallint, tinyint)`);
    fields.push({ name: m[1]!, type });
  }
  return { fields };
}
