/**
 * JSON functions (Spark 3.5 reference, json_funcs), on DuckDB's JSON functions:
 * - `get_json_object(json, path)`: Spark's path subset (`$`, `.name`, `['name']`, `[n]`); the value's text (strings
 *   unquoted, objects and arrays as JSON); invalid JSON or a missing path NULL;
 * - `json_tuple(json, k1, …)`: the same for top-level keys, as columns c0, c1, …;
 * - `json_array_length`, `json_object_keys`: NULL unless the text is a JSON array / object;
 * - `to_json(struct | array | map)`: Spark's JSON writer — NULL struct fields left out, doubles as Java writes them;
 * - `from_json(json, schema)`: the schema in DDL (`a INT, b DOUBLE`, `STRUCT<…>`, `ARRAY<…>`); a JSON value of
 *   another type than the schema's (or invalid JSON) is refused when the query runs (Spark's PERMISSIVE handling
 *   of malformed records is not translated).
 * Options maps (timestampFormat, …), schema_of_json and the CSV functions are not translated.
 */
import type { ParserRuleContext } from 'antlr4ng';
import { join, type Sql } from '../../dialects/emit';
import { duckDbType, isFloating, isIntegral, rowFieldKey, T, type SqlType } from '../../dialects/sqlType';
import { castSql, stringToDate, stringToTimestamp } from '../casts';
import type { Typed } from '../model';
import { parseSparkExpression } from '../parser';
import { bind, freshName, javaDecimalText, javaFloatingText, sql, str } from '../sqlText';
import type { Translator } from '../translator';
import { isTimestamp, sparkTypeOf } from '../types';
import * as P from 'dt-sql-parser/dist/lib/spark/SparkSqlParser';
import type { GeneratedColumn } from './generators';
import { constantArg, custom, type Call, type FunctionTable } from './registry';

/** Spark's JSON path (`$.a.b[0]['c']`) as DuckDB's, or undefined when it uses what is not translated. */
export function jsonPath(path: string): string | undefined {
  if (!path.startsWith('$')) return undefined;
  let out = '$';
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    let m = /^\.([^.[\]'*]+)/.exec(rest);
    if (m) {
      out += `."${m[1]!.replace(/"/g, '\\"')}"`;
      i += m[0].length;
      continue;
    }
    m = /^\['([^']*)'\]/.exec(rest);
    if (m) {
      out += `."${m[1]!.replace(/"/g, '\\"')}"`;
      i += m[0].length;
      continue;
    }
    m = /^\[(\d+)\]/.exec(rest);
    if (m) {
      out += `[${m[1]}]`;
      i += m[0].length;
      continue;
    }
    return undefined;
  }
  return out;
}

/** The text Spark gives a JSON value found by get_json_object: a string unquoted, anything else as JSON. */
function valueText(j: Sql, path: string): Sql {
  return bind(sql`json_extract(${j}, ${str(path)})`, (v) => sql`CASE WHEN ${v} IS NULL OR json_type(${v}) = 'NULL' THEN NULL WHEN json_type(${v}) = 'VARCHAR' THEN json_extract_string(${v}, '$') ELSE CAST(${v} AS VARCHAR) END`);
}

function getJsonObject(c: Call): Typed {
  const j = c.arg(0, T.varchar);
  const p = constantArg(c, 1, 'path');
  if (p === null) return { sql: 'CAST(NULL AS VARCHAR)', type: T.varchar, at: c.at };
  const path = jsonPath(String(p));
  if (path === undefined) throw c.t.unsupported(c.args[1]!.at, `get_json_object with the path ${String(p)}`, 'wildcards and recursive paths are not translated');
  return { sql: bind(j.sql, (v) => sql`CASE WHEN json_valid(${v}) THEN ${valueText(v, path)} END`), type: T.varchar, at: c.at, atom: true };
}

export function jsonTupleColumns(t: Translator, args: Typed[], node: ParserRuleContext): GeneratedColumn[] {
  if (args.length < 2) throw t.fail(node, '[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `json_tuple` requires at least 2 parameters.');
  const j = args[0]!;
  return args.slice(1).map((k, i) => {
    if (typeof k.value !== 'string') throw t.unsupported(k.at, 'json_tuple with a key that is not a string constant');
    const path = `$."${k.value.replace(/"/g, '\\"')}"`;
    return { name: `c${i}`, type: T.varchar, sql: sql`CASE WHEN json_valid(${j.sql}) AND json_type(${j.sql}) = 'OBJECT' THEN ${valueText(j.sql, path)} END` };
  });
}

// ---------------------------------------------------------------- to_json

/** Spark's JSON text of a value of type `t` (JacksonGenerator): NULL struct fields left out. */
function jsonText(c: Call, x: Sql, t: SqlType): Sql {
  switch (t.kind) {
    case 'varchar':
      return sql`to_json(${x})::VARCHAR`;
    case 'boolean':
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      return sql`CAST(${x} AS VARCHAR)`;
    case 'decimal':
      return javaDecimalText(x, t.scale);
    case 'real':
    case 'double':
      return bind(javaFloatingText(x), (s) => sql`CASE WHEN ${s} IN ('NaN', 'Infinity', '-Infinity') THEN '"' || ${s} || '"' ELSE ${s} END`);
    case 'date':
      return sql`'"' || CAST(${x} AS VARCHAR) || '"'`;
    case 'timestamp':
      return sql`'"' || strftime(${x}, '%Y-%m-%dT%H:%M:%S.%g') || 'Z"'`;
    case 'array': {
      const e = freshName('j');
      return sql`'[' || array_to_string(list_transform(${x}, lambda ${e}: coalesce(${jsonText(c, e, t.element)}, 'null')), ',') || ']'`;
    }
    case 'row': {
      const parts = t.fields.map((f, i) => {
        const v = sql`struct_extract(${x}, ${str(rowFieldKey(f, i))})`;
        return sql`CASE WHEN ${v} IS NULL THEN NULL ELSE ${str(`${JSON.stringify(f.name ?? `col${i + 1}`)}:`)} || ${jsonText(c, v, f.type)} END`;
      });
      return sql`'{' || concat_ws(',', ${join(parts)}) || '}'`;
    }
    case 'map': {
      const e = freshName('j');
      const key = t.key.kind === 'varchar' ? sql`to_json(${e}.key)::VARCHAR` : t.key.kind === 'row' ? sql`to_json('[' || ${structText(sql`${e}.key`, t.key)} || ']')::VARCHAR` : sql`to_json(CAST(${e}.key AS VARCHAR))::VARCHAR`;
      return sql`'{' || array_to_string(list_transform(map_entries(${x}), lambda ${e}: ${key} || ':' || coalesce(${jsonText(c, sql`${e}.value`, t.value)}, 'null')), ',') || '}'`;
    }
    default:
      throw c.t.unsupported(c.node, `to_json of a ${t.kind}`);
  }
}

/** InternalRow's toString of a struct of simple values (a map key to_json writes): its values, comma-separated */
function structText(x: Sql, t: Extract<SqlType, { kind: 'row' }>): Sql {
  return join(
    t.fields.map((f, i) => sql`coalesce(CAST(struct_extract(${x}, ${str(rowFieldKey(f, i))}) AS VARCHAR), 'null')`),
    " || ',' || ",
  );
}

function toJson(c: Call): Typed {
  if (c.args[1]) throw c.t.unsupported(c.args[1].at, 'to_json with options');
  const x = c.args[0]!;
  if (!['row', 'array', 'map'].includes(x.type.kind)) throw c.t.fail(c.node, `[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Input schema "${x.type.kind}" must be a struct, an array, a map or a variant.`);
  return { sql: sql`CASE WHEN ${x.sql} IS NOT NULL THEN ${jsonText(c, x.sql, x.type)} END`, type: T.varchar, at: c.at, atom: true };
}

// ---------------------------------------------------------------- from_json

/** A DDL schema (`a INT, b DOUBLE` or `STRUCT<…>`, `ARRAY<…>`, `MAP<…>`) as a type, by Spark's own grammar. */
function schemaType(c: Call, text: string): SqlType {
  const trimmed = text.trim();
  const ddl = /^(struct|array|map)\s*</i.test(trimmed) ? trimmed : `STRUCT<${trimmed}>`;
  try {
    const parsed = parseSparkExpression(`CAST(NULL AS ${ddl})`);
    const prim = parsed.tree.booleanExpression().valueExpression()?.primaryExpression();
    const dt = prim?.dataType();
    if (!dt) throw new Error('not a type');
    return sparkTypeOf(dt as P.DataTypeContext);
  } catch {
    throw c.t.fail(c.args[1]!.at, `[PARSE_SYNTAX_ERROR] the schema ${JSON.stringify(text)} is not a DDL type`);
  }
}

const MISMATCH = (what: string) => sql`error(${str(`from_json: a JSON value is not a ${what}; Spark's handling of malformed records (PERMISSIVE) is not supported by the local engine (Spark has it)`)})`;

/** a JSON value (DuckDB JSON) as a value of the schema's type */
function fromJsonValue(c: Call, v: Sql, t: SqlType): Sql {
  const jt = sql`json_type(${v})`;
  const isNull = sql`${v} IS NULL OR ${jt} = 'NULL'`;
  const scalar = (ok: Sql, value: Sql, what: string) => sql`CASE WHEN ${isNull} THEN NULL WHEN ${ok} THEN ${value} ELSE ${MISMATCH(what)} END`;
  if (isIntegral(t)) return scalar(sql`${jt} IN ('BIGINT', 'UBIGINT')`, sql`TRY_CAST(${v} AS ${duckDbType(t)})`, 'whole number');
  if (isFloating(t) || t.kind === 'decimal') return scalar(sql`${jt} IN ('BIGINT', 'UBIGINT', 'DOUBLE')`, sql`CAST(CAST(${v} AS VARCHAR) AS ${duckDbType(t)})`, 'number');
  if (t.kind === 'boolean') return scalar(sql`${jt} = 'BOOLEAN'`, sql`CAST(${v} AS BOOLEAN)`, 'boolean');
  if (t.kind === 'varchar') return sql`CASE WHEN ${isNull} THEN NULL WHEN ${jt} = 'VARCHAR' THEN json_extract_string(${v}, '$') ELSE CAST(${v} AS VARCHAR) END`;
  if (t.kind === 'date') return scalar(sql`${jt} = 'VARCHAR'`, stringToDate(sql`json_extract_string(${v}, '$')`), 'date string');
  if (isTimestamp(t)) return scalar(sql`${jt} = 'VARCHAR'`, stringToTimestamp(sql`json_extract_string(${v}, '$')`), 'timestamp string');
  if (t.kind === 'array') {
    const e = freshName('j');
    return scalar(sql`${jt} = 'ARRAY'`, sql`list_transform(json_extract(${v}, '$[*]'), lambda ${e}: ${fromJsonValue(c, e, t.element)})`, 'array');
  }
  if (t.kind === 'row') {
    const fields = t.fields.map((f, i) => sql`${`"${rowFieldKey(f, i).replace(/"/g, '""')}"`} := ${fromJsonValue(c, sql`json_extract(${v}, ${str(`$."${(f.name ?? '').replace(/"/g, '\\"')}"`)})`, f.type)}`);
    return scalar(sql`${jt} = 'OBJECT'`, sql`struct_pack(${join(fields)})`, 'object');
  }
  throw c.t.unsupported(c.node, `from_json into a ${t.kind}`);
}

function fromJson(c: Call): Typed {
  if (c.args[2]) throw c.t.unsupported(c.args[2].at, 'from_json with options');
  const j = c.arg(0, T.varchar);
  const schema = constantArg(c, 1, 'schema');
  if (typeof schema !== 'string') throw c.t.unsupported(c.args[1]!.at, 'from_json with a schema that is not a DDL string');
  const type = schemaType(c, schema);
  const body = bind(j.sql, (v) => sql`CASE WHEN ${v} IS NULL THEN NULL WHEN NOT json_valid(${v}) THEN ${MISMATCH('valid JSON text')} ELSE ${fromJsonValue(c, sql`json(${v})`, type)} END`);
  return { sql: body, type, at: c.at, atom: true };
}

export const JSON_FUNCTIONS: FunctionTable = {
  get_json_object: custom([2, 2], getJsonObject),
  json_array_length: custom([1, 1], (c) => {
    const j = c.arg(0, T.varchar);
    return { sql: bind(j.sql, (v) => sql`CASE WHEN json_valid(${v}) AND json_type(${v}) = 'ARRAY' THEN CAST(json_array_length(${v}) AS INTEGER) END`), type: T.integer, at: c.at, atom: true };
  }),
  json_object_keys: custom([1, 1], (c) => {
    const j = c.arg(0, T.varchar);
    return { sql: bind(j.sql, (v) => sql`CASE WHEN json_valid(${v}) AND json_type(${v}) = 'OBJECT' THEN coalesce(json_keys(${v}), []::VARCHAR[]) END`), type: T.array(T.varchar), at: c.at, atom: true };
  }),
  to_json: custom([1, 2], toJson),
  from_json: custom([2, 3], fromJson),
};

export { castSql };
