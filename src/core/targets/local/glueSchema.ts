/**
 * A frame's fields as Glue shows them: DynamicFrame types named as aws-glue-libs names them (`awsglue/gluetypes.py`,
 * awslabs/aws-glue-libs@0825fdafc76aadffa3d7846aaf867f253e473bc8: a type's name is its class name without `Type`,
 * lower-cased — `LongType` → `long` — except `IntegerType` → `int`), from the DuckDB types the local runner holds
 * them in. A field whose values have several types (held as JSON by the runner: runNodes.ts) is a `choice`.
 */
import { parseDuckDbType, type DuckDbType } from '../../sql/types';
import { literal } from './duck';
import { jsonKindSql } from './nestedChoice';

/**
 * The type a value `v` of a ChoiceType (SQL: a JSON value of a column) has to Glue, as Glue names it: a whole number
 * `int` when it fits in 32 bits, else `long`; a number with a fraction or an exponent `double`; `string`, `boolean`,
 * `struct`, `array` (nestedChoice.ts). `wholeAsLong`: a field of a CSV read, whose whole numbers Glue's CSV reader types
 * `long` whatever their size (the medicare sample's `provider id: choice` of `long` and `string`, csvValueTypes.ts).
 */
export function choiceMemberSql(v: string, wholeAsLong = false): string {
  return `CASE ${jsonKindSql(v)} WHEN 'INTEGER' THEN '${wholeAsLong ? 'long' : 'int'}' WHEN 'BIGINT' THEN 'long' WHEN 'UBIGINT' THEN 'long' WHEN 'DOUBLE' THEN 'double' WHEN 'VARCHAR' THEN 'string' WHEN 'BOOLEAN' THEN 'boolean' WHEN 'OBJECT' THEN 'struct' WHEN 'ARRAY' THEN 'array' ELSE lower(json_type(${v})) END`;
}

/**
 * The member types of a ChoiceType column (a JSON column of `from`), as Glue names them, in name order — as every
 * printed choice found shows them (`long`, `string` in the developer guide's medicare sample; `double`, `string`;
 * `int`, `string` in awslabs/aws-glue-libs issue #44).
 */
export function choiceMembersQuery(column: string, from: string, wholeAsLong = false): string {
  return `SELECT DISTINCT ${choiceMemberSql(column, wholeAsLong)} AS t FROM ${from} WHERE ${column} IS NOT NULL AND json_type(${column}) <> 'NULL' ORDER BY t`;
}

/** a ChoiceType's member types (Glue's names) → DuckDB's, for the struct of one field per member */
export const CHOICE_DUCK: Record<string, string> = { string: 'VARCHAR', int: 'INTEGER', long: 'BIGINT', double: 'DOUBLE', boolean: 'BOOLEAN' };

/**
 * A ChoiceType column (JSON) as a struct of one field per member type, named by the type, in name order (`types`, from
 * choiceMembersQuery), each holding the values of its type and null for the others — `make_struct` ("provider id:
 * struct", "long: long", "string: string": awslabs/aws-glue-samples examples/resolve_choice.md) and what toDF() makes
 * of a choice (the same resolution: aws-glue-libs awsglue/context.py convert_resolve_option, "KeepAsStruct" →
 * "make_struct"). A record without a value has a null struct. `types` holds only atomic members (CHOICE_DUCK).
 */
export function choiceStructSql(column: string, types: string[], wholeAsLong = false): string {
  if (types.length === 0) return 'NULL';
  const part = (t: string) => `CASE WHEN ${choiceMemberSql(column, wholeAsLong)} = ${literal(t)} THEN TRY_CAST(json_extract_string(${column}, '$') AS ${CHOICE_DUCK[t]!}) END`;
  return `CASE WHEN ${column} IS NOT NULL THEN struct_pack(${types.map((t) => `"${t}" := ${part(t)}`).join(', ')}) END`;
}

export type GlueType =
  | { kind: 'atomic'; name: string }
  | { kind: 'array'; element: GlueType }
  /** `key`: the map's key type (Glue's maps have string keys; Spark's any) */
  | { kind: 'map'; value: GlueType; key?: GlueType }
  | { kind: 'struct'; fields: GlueField[] }
  | { kind: 'choice'; members?: string[] };

export interface GlueField {
  name: string;
  type: GlueType;
}

/** DuckDB type name → Glue type name (gluetypes.py's atomic types). */
const GLUE_ATOMIC: [RegExp, string][] = [
  [/^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|UUID|ENUM|TIME|INTERVAL)$/, 'string'],
  [/^(BIGINT|INT8|LONG|UINTEGER)$/, 'long'],
  [/^(INTEGER|INT|INT4|USMALLINT)$/, 'int'],
  [/^(SMALLINT|INT2|UTINYINT)$/, 'short'],
  [/^(TINYINT|INT1)$/, 'byte'],
  [/^(DOUBLE|FLOAT8)$/, 'double'],
  [/^(FLOAT|FLOAT4|REAL)$/, 'float'],
  [/^(BOOLEAN|BOOL)$/, 'boolean'],
  [/^DATE$/, 'date'],
  [/^TIMESTAMP/, 'timestamp'],
  [/^(BLOB|BYTEA|BINARY|VARBINARY)$/, 'binary'],
  [/^(NULL|SQLNULL)$/, 'null'],
];

function glueType(t: DuckDbType): GlueType {
  switch (t.kind) {
    case 'list':
      return { kind: 'array', element: glueType(t.element) };
    case 'map':
      return { kind: 'map', value: glueType(t.value), key: glueType(t.key) };
    case 'struct':
      return { kind: 'struct', fields: t.fields.map((f) => ({ name: f.name, type: glueType(f.type) })) };
    case 'union':
      return { kind: 'choice' };
    case 'named': {
      if (t.name === 'JSON') return { kind: 'choice' };
      if (t.name === 'DECIMAL' || t.name === 'NUMERIC') return { kind: 'atomic', name: `decimal(${t.params[0] ?? '18'},${t.params[1] ?? '3'})` };
      if (/^(HUGEINT|UHUGEINT|INT128|UINT128)$/.test(t.name)) return { kind: 'atomic', name: 'decimal(38,0)' };
      if (/^(UBIGINT|UINT64)$/.test(t.name)) return { kind: 'atomic', name: 'decimal(20,0)' };
      return { kind: 'atomic', name: GLUE_ATOMIC.find(([re]) => re.test(t.name))?.[1] ?? t.name.toLowerCase() };
    }
  }
}

/** The Glue type of a value held in a DuckDB column of type `duckType`. */
export function glueTypeOf(duckType: string): GlueType {
  try {
    return glueType(parseDuckDbType(duckType));
  } catch {
    return { kind: 'atomic', name: duckType.toLowerCase() };
  }
}

/** One line of text: `long`, `array<string>`, `struct<city:string,zip:long>`, `map<string,double>`, `choice`. */
export function formatGlueType(t: GlueType): string {
  switch (t.kind) {
    case 'atomic':
      return t.name;
    case 'choice':
      return 'choice';
    case 'array':
      return `array<${formatGlueType(t.element)}>`;
    case 'map':
      return `map<string,${formatGlueType(t.value)}>`;
    case 'struct':
      return `struct<${t.fields.map((f) => `${f.name}:${formatGlueType(f.type)}`).join(',')}>`;
  }
}

/**
 * The query of the member types of each choice inside a struct or array column (`column`: its SQL, `t`: its DuckDB
 * type) of `from`: one row, a list of Glue's type names per place, for the place keys returned (`a.b`, `l[]`, as
 * {@link withChoiceMembers} reads them); undefined when the column holds no choice inside.
 */
export function nestedChoiceMembersQuery(column: string, t: DuckDbType, from: string): { sql: string; keys: string[] } | undefined {
  const places: { values: string; key: string }[] = [];
  const walk = (u: DuckDbType, values: string, key: string): void => {
    if (u.kind === 'named' && u.name === 'JSON') places.push({ values, key });
    else if (u.kind === 'struct') for (const f of u.fields) walk(f.type, `list_transform(${values}, lambda x: struct_extract(x, ${literal(f.name)}))`, `${key}.${f.name}`);
    else if (u.kind === 'list') walk(u.element, `flatten(${values})`, `${key}[]`);
  };
  if (t.kind === 'named') return undefined;
  walk(t, `[${column}]`, '');
  if (places.length === 0) return undefined;
  const inner = places.map((pl, i) => `(SELECT list(DISTINCT ${choiceMemberSql('v')}) FILTER (WHERE v IS NOT NULL AND json_type(v) <> 'NULL') FROM (SELECT unnest(${pl.values}) AS v)) AS t${i}`);
  const sql = `SELECT ${places.map((_, i) => `list_sort(list_distinct(flatten(list(t${i}))))`).join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${from})`;
  return { sql, keys: places.map((pl) => pl.key) };
}

/** `t` with the member types of the choices inside it, by place key (`.b`, `[]`, as {@link nestedChoiceMembersQuery} gives them). */
export function withChoiceMembers(t: GlueType, members: ReadonlyMap<string, string[]>, key = ''): void {
  if (t.kind === 'choice') t.members = members.get(key) ?? t.members;
  else if (t.kind === 'struct') for (const f of t.fields) withChoiceMembers(f.type, members, `${key}.${f.name}`);
  else if (t.kind === 'array') withChoiceMembers(t.element, members, `${key}[]`);
}

/**
 * The schema as a tree of lines, as DynamicFrame.printSchema() draws it (`root`, then `|-- name: type`, nested fields
 * indented under their struct, an array's element as `element`, a choice's member types under it: `|-- provider id:
 * choice`, `|    |-- long`, `|    |-- string` in the developer guide's medicare sample).
 */
export function printGlueSchema(fields: readonly GlueField[]): string {
  const lines = ['root'];
  const walk = (name: string, t: GlueType, depth: number): void => {
    const head = t.kind === 'atomic' || t.kind === 'choice' ? formatGlueType(t) : t.kind;
    lines.push(`${'|    '.repeat(depth)}|-- ${name}: ${head}`);
    if (t.kind === 'struct') for (const f of t.fields) walk(f.name, f.type, depth + 1);
    else if (t.kind === 'choice') for (const m of t.members ?? []) lines.push(`${'|    '.repeat(depth + 1)}|-- ${m}`);
    else if (t.kind === 'array') walk('element', t.element, depth + 1);
    else if (t.kind === 'map') walk('value', t.value, depth + 1);
  };
  for (const f of fields) walk(f.name, f.type, 0);
  return lines.join('\n');
}
