/**
 * JSON functions (Spark 3.5 reference, json_funcs), on DuckDB's JSON functions:
 * - `get_json_object(json, path)`: Spark's path subset (`$`, `.name`, `['name']`, `[n]`); the value's text (strings
 *   unquoted, objects and arrays as JSON); invalid JSON or a missing path NULL;
 * - `json_tuple(json, k1, …)`: the same for top-level keys, as columns c0, c1, …;
 * - `json_array_length`, `json_object_keys`: NULL unless the text is a JSON array / object;
 * - `to_json(struct | array | map)`: Spark's JSON writer — NULL struct fields left out, doubles as Java writes them;
 * - `from_json(json, schema)`: the schema in DDL (`a INT, b DOUBLE`, `STRUCT<…>`, `ARRAY<…>`); a JSON value of
 *   another type than the schema's (or invalid JSON) is refused when the query runs (Spark's PERMISSIVE handling
 *   of malformed records is not translated), except a text that begins with a bare word ("not json", "None"):
 *   Jackson cannot read it, and PERMISSIVE makes it a struct of NULL fields (another schema NULL).
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
import { formatTimestamp } from './dates';
import { PatternError, SparkPatternFailure, translatePattern } from './datetimeFormats';
import { zonedParse } from './dates';
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

// ---------------------------------------------------------------- options

interface TextOptions {
  timestampFormat?: string;
  dateFormat?: string;
}

/** An options map (`map('timestampFormat', 'dd/MM/yyyy')`): the keys the translation honours; others refused. */
function textOptions(c: Call, i: number, allowed: readonly string[] = ['timestampFormat', 'dateFormat']): TextOptions {
  const a = c.args[i];
  if (!a) return {};
  if (!a.constantMap) throw c.t.unsupported(a.at, `${c.name} with options that are not a map of string constants`);
  const out: Record<string, string> = {};
  for (const [k, v] of a.constantMap) {
    const key = allowed.find((x) => x.toLowerCase() === k.toLowerCase());
    if (!key) throw c.t.unsupported(a.at, `${c.name} with the option ${k}`);
    out[key] = v;
  }
  return out;
}

function patternFormat(c: Call, pattern: string): string {
  try {
    return translatePattern(pattern).format;
  } catch (e) {
    // Spark's JacksonGenerator / JacksonParser build the options' formatter with TimestampFormatter, which fails the same way
    if (e instanceof SparkPatternFailure) throw c.t.fail(c.node, `java.lang.IllegalArgumentException: ${e.message} (${c.name}'s pattern '${pattern}')`);
    if (e instanceof PatternError) throw c.t.unsupported(c.node, `${c.name} with ${e.message} in the pattern '${pattern}'`);
    throw e;
  }
}

// ---------------------------------------------------------------- to_json

/** Spark's JSON text of a value of type `t` (JacksonGenerator): NULL struct fields left out. */
function jsonText(c: Call, x: Sql, t: SqlType, options: TextOptions = {}): Sql {
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
      return options.dateFormat ? sql`to_json(${formatTimestamp(x, patternFormat(c, options.dateFormat))})::VARCHAR` : sql`'"' || CAST(${x} AS VARCHAR) || '"'`;
    case 'timestamp':
      return options.timestampFormat ? sql`to_json(${formatTimestamp(x, patternFormat(c, options.timestampFormat))})::VARCHAR` : sql`'"' || strftime(${x}, '%Y-%m-%dT%H:%M:%S.%g') || 'Z"'`;
    case 'array': {
      const e = freshName('j');
      return sql`'[' || array_to_string(list_transform(${x}, lambda ${e}: coalesce(${jsonText(c, e, t.element, options)}, 'null')), ',') || ']'`;
    }
    case 'row': {
      const parts = t.fields.map((f, i) => {
        const v = sql`struct_extract(${x}, ${str(rowFieldKey(f, i))})`;
        return sql`CASE WHEN ${v} IS NULL THEN NULL ELSE ${str(`${JSON.stringify(f.name ?? `col${i + 1}`)}:`)} || ${jsonText(c, v, f.type, options)} END`;
      });
      return sql`'{' || concat_ws(',', ${join(parts)}) || '}'`;
    }
    case 'map': {
      const e = freshName('j');
      const key = t.key.kind === 'varchar' ? sql`to_json(${e}.key)::VARCHAR` : t.key.kind === 'row' ? sql`to_json('[' || ${structText(sql`${e}.key`, t.key)} || ']')::VARCHAR` : sql`to_json(CAST(${e}.key AS VARCHAR))::VARCHAR`;
      return sql`'{' || array_to_string(list_transform(map_entries(${x}), lambda ${e}: ${key} || ':' || coalesce(${jsonText(c, sql`${e}.value`, t.value, options)}, 'null')), ',') || '}'`;
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
  const options = textOptions(c, 1);
  const x = c.args[0]!;
  if (!['row', 'array', 'map'].includes(x.type.kind)) throw c.t.fail(c.node, `[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Input schema "${x.type.kind}" must be a struct, an array, a map or a variant.`);
  return { sql: sql`CASE WHEN ${x.sql} IS NOT NULL THEN ${jsonText(c, x.sql, x.type, options)} END`, type: T.varchar, at: c.at, atom: true };
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

const MISMATCH = (c: Call, what: string) => c.t.runtimeError(c.at, `from_json: a JSON value is not ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}; Spark's handling of malformed records (PERMISSIVE) is not supported by the local engine (Spark has it)`);

/** a JSON value (DuckDB JSON) as a value of the schema's type */
function fromJsonValue(c: Call, v: Sql, t: SqlType, options: TextOptions = {}): Sql {
  const jt = sql`json_type(${v})`;
  const isNull = sql`${v} IS NULL OR ${jt} = 'NULL'`;
  const scalar = (ok: Sql, value: Sql, what: string) => sql`CASE WHEN ${isNull} THEN NULL WHEN ${ok} THEN ${value} ELSE ${MISMATCH(c, what)} END`;
  if (isIntegral(t)) return scalar(sql`${jt} IN ('BIGINT', 'UBIGINT')`, sql`TRY_CAST(${v} AS ${duckDbType(t)})`, 'whole number');
  if (isFloating(t) || t.kind === 'decimal') return scalar(sql`${jt} IN ('BIGINT', 'UBIGINT', 'DOUBLE')`, sql`CAST(CAST(${v} AS VARCHAR) AS ${duckDbType(t)})`, 'number');
  if (t.kind === 'boolean') return scalar(sql`${jt} = 'BOOLEAN'`, sql`CAST(${v} AS BOOLEAN)`, 'boolean');
  if (t.kind === 'varchar') return sql`CASE WHEN ${isNull} THEN NULL WHEN ${jt} = 'VARCHAR' THEN json_extract_string(${v}, '$') ELSE CAST(${v} AS VARCHAR) END`;
  const text = sql`json_extract_string(${v}, '$')`;
  if (t.kind === 'date') return scalar(sql`${jt} = 'VARCHAR'`, options.dateFormat ? parsed(c, text, options.dateFormat, 'DATE') : stringToDate(text), 'date string');
  if (isTimestamp(t)) return scalar(sql`${jt} = 'VARCHAR'`, options.timestampFormat ? parsed(c, text, options.timestampFormat, 'TIMESTAMP') : stringToTimestamp(text), 'timestamp string');
  if (t.kind === 'array') {
    const e = freshName('j');
    return scalar(sql`${jt} = 'ARRAY'`, sql`list_transform(json_extract(${v}, '$[*]'), lambda ${e}: ${fromJsonValue(c, e, t.element, options)})`, 'array');
  }
  if (t.kind === 'row') {
    const fields = t.fields.map((f, i) => sql`${`"${rowFieldKey(f, i).replace(/"/g, '""')}"`} := ${fromJsonValue(c, sql`json_extract(${v}, ${str(`$."${(f.name ?? '').replace(/"/g, '\\"')}"`)})`, f.type, options)}`);
    return scalar(sql`${jt} = 'OBJECT'`, sql`struct_pack(${join(fields)})`, 'object');
  }
  throw c.t.unsupported(c.node, `from_json into a ${t.kind}`);
}

/** text parsed with a datetime pattern (options' timestampFormat / dateFormat): NULL when it does not parse */
function parsed(c: Call, text: Sql, pattern: string, to: 'DATE' | 'TIMESTAMP'): Sql {
  let p: ReturnType<typeof translatePattern>;
  try {
    p = translatePattern(pattern);
  } catch (e) {
    // Spark's JacksonGenerator / JacksonParser build the options' formatter with TimestampFormatter, which fails the same way
    if (e instanceof SparkPatternFailure) throw c.t.fail(c.node, `java.lang.IllegalArgumentException: ${e.message} (${c.name}'s pattern '${pattern}')`);
    if (e instanceof PatternError) throw c.t.unsupported(c.node, `${c.name} with ${e.message} in the pattern '${pattern}'`);
    throw e;
  }
  if (p.parse === undefined) throw c.t.unsupported(c.node, `${c.name} parsing with the pattern '${pattern}'`);
  return sql`CASE WHEN regexp_full_match(${text}, ${str(p.strict!)}) THEN CAST(${zonedParse(text, p)} AS ${to}) END`;
}

function fromJson(c: Call): Typed {
  const options = textOptions(c, 2);
  const j = c.arg(0, T.varchar);
  const schema = constantArg(c, 1, 'schema');
  if (typeof schema !== 'string') throw c.t.unsupported(c.args[1]!.at, 'from_json with a schema that is not a DDL string');
  const type = schemaType(c, schema);
  // Spark's JacksonParser.parse turns a text Jackson cannot read into BadRecordException with no partial result, and
  // FailureSafeParser (PERMISSIVE, from_json's default) makes it a row of nulls: a struct schema's every field NULL
  // (the migration guide, Spark 3.0: '{"a" 1}' with 'a INT' is Row(null)), another schema's value NULL
  // (JsonToStructs wraps it in a struct "value"). Only a text surely malformed to Jackson too is answered so: one that
  // begins with a bare word other than the literals Spark's options let Jackson read (true, false, null, NaN,
  // Infinity) -- "not json", "None", "N/A"; other texts DuckDB finds invalid (single quotes, trailing text after a
  // value, which Jackson reads) stay refused.
  const malformed = type.kind === 'row' ? sql`struct_pack(${join(type.fields.map((f, i) => sql`${`"${rowFieldKey(f, i).replace(/"/g, '""')}"`} := CAST(NULL AS ${duckDbType(f.type)})`))})` : sql`CAST(NULL AS ${duckDbType(type)})`;
  const bareWord = (v: Sql) => sql`regexp_matches(${v}, ${str('^\\s*[A-Za-z_]')}) AND NOT regexp_matches(${v}, ${str('^\\s*(true|false|null|NaN|Infinity)')})`;
  const body = bind(j.sql, (v) => sql`CASE WHEN ${v} IS NULL THEN NULL WHEN NOT json_valid(${v}) THEN CASE WHEN ${bareWord(v)} THEN ${malformed} ELSE ${MISMATCH(c, 'valid JSON text')} END ELSE ${fromJsonValue(c, sql`json(${v})`, type, options)} END`);
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

// ---------------------------------------------------------------- schema_of_json, schema_of_csv, to_csv, from_csv

/**
 * A field's name in a DDL type, as StructType.sql writes it: Spark 3.3 always quotes it (StructField.sql's
 * quoteIdentifier: the 3.3 doctests of schema_of_json and schema_of_csv print STRUCT<`a`: BIGINT>, STRUCT<`_c0`: INT,
 * `_c1`: STRING>), later versions only when needed (STRUCT<a: BIGINT>)
 */
function ddlFieldName(k: string, spark33: boolean): string {
  return !spark33 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : `\`${k.replace(/`/g, '``')}\``;
}

/** Spark's JSON type inference (JsonInferSchema) of a parsed value, as a DDL type; undefined for NULL */
function inferJson(v: unknown, spark33: boolean): string | undefined {
  if (v === null) return undefined;
  if (typeof v === 'boolean') return 'BOOLEAN';
  if (typeof v === 'string') return 'STRING';
  if (typeof v === 'bigint') return v >= -(2n ** 63n) && v < 2n ** 63n ? 'BIGINT' : 'DECIMAL(38,0)';
  if (typeof v === 'number') return 'DOUBLE';
  if (Array.isArray(v)) {
    const types = v.map((x) => inferJson(x, spark33)).filter((x): x is string => x !== undefined);
    return `ARRAY<${types.reduce<string | undefined>((a, b) => mergeInferred(a, b), undefined) ?? 'STRING'}>`;
  }
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `STRUCT<${entries.map(([k, x]) => `${ddlFieldName(k, spark33)}: ${inferJson(x, spark33) ?? 'STRING'}`).join(', ')}>`;
}

function mergeInferred(a: string | undefined, b: string): string {
  if (a === undefined || a === b) return b;
  if ((a === 'BIGINT' && b === 'DOUBLE') || (a === 'DOUBLE' && b === 'BIGINT')) return 'DOUBLE';
  return 'STRING';
}

/** JSON text with integers kept exact (bigint), leading zeros allowed when the option says so */
function parseJsonText(text: string, leadingZeros: boolean): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const value = (): unknown => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        const k = value();
        if (typeof k !== 'string') throw new SyntaxError('key');
        ws();
        if (text[i++] !== ':') throw new SyntaxError(':');
        out[k] = value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i++] === '}') return out;
        throw new SyntaxError('}');
      }
    }
    if (ch === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i++] === ']') return out;
        throw new SyntaxError(']');
      }
    }
    if (ch === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
      if (!m) throw new SyntaxError('string');
      i += m[0].length;
      return JSON.parse(m[0]) as string;
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (m) {
      if (!leadingZeros && /^-?0\d/.test(m[0])) throw new SyntaxError('leading zero');
      i += m[0].length;
      return m[1] || m[2] ? Number(m[0]) : BigInt(m[0]);
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    throw new SyntaxError('value');
  };
  const v = value();
  ws();
  if (i !== text.length) throw new SyntaxError('trailing');
  return v;
}

function schemaOfJson(c: Call): Typed {
  const text = constantArg(c, 0, 'JSON text');
  const options = c.args[1] ? (c.args[1].constantMap ?? null) : [];
  if (options === null) throw c.t.unsupported(c.args[1]!.at, 'schema_of_json with options that are not a map of string constants');
  let leadingZeros = false;
  for (const [k, v] of options) {
    if (k.toLowerCase() === 'allownumericleadingzeros') leadingZeros = v.toLowerCase() === 'true';
    else throw c.t.unsupported(c.args[1]!.at, `schema_of_json with the option ${k}`);
  }
  if (typeof text !== 'string') throw c.t.fail(c.args[0]!.at, '[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] the input json should be a foldable "STRING" expression');
  let parsed: unknown;
  try {
    parsed = parseJsonText(text, leadingZeros);
  } catch {
    throw c.t.fail(c.args[0]!.at, `[INVALID_JSON_SCHEMA] Cannot infer a schema from ${text}`);
  }
  const type = inferJson(parsed, c.t.spark33) ?? 'STRING';
  return { sql: str(type), type: T.varchar, at: c.at, value: type, atom: true };
}

/** CSVInferSchema of one field: INT, BIGINT, DECIMAL, DOUBLE, BOOLEAN, STRING (timestamps are not inferred by default) */
function inferCsvField(v: string): string {
  if (/^[+-]?\d+$/.test(v)) {
    const n = BigInt(v);
    if (n >= -(2n ** 31n) && n < 2n ** 31n) return 'INT';
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return 'BIGINT';
    return v.replace(/^[+-]/, '').length <= 38 ? `DECIMAL(${v.replace(/^[+-]/, '').length},0)` : 'DOUBLE';
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(v) || /^[+-]?(NaN|Infinity)$/.test(v)) return 'DOUBLE';
  if (/^(true|false)$/i.test(v)) return 'BOOLEAN';
  return 'STRING';
}

function schemaOfCsv(c: Call): Typed {
  if (c.args[1]) throw c.t.unsupported(c.args[1].at, 'schema_of_csv with options');
  const text = constantArg(c, 0, 'CSV text');
  if (typeof text !== 'string') throw c.t.fail(c.args[0]!.at, '[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] the input csv should be a foldable "STRING" expression');
  if (/["\\]/.test(text)) throw c.t.unsupported(c.args[0]!.at, 'schema_of_csv of text with quotes or escapes');
  const type = `STRUCT<${text.split(',').map((f, i) => `${ddlFieldName(`_c${i}`, c.t.spark33)}: ${inferCsvField(f)}`).join(', ')}>`;
  return { sql: str(type), type: T.varchar, at: c.at, value: type, atom: true };
}

/** to_csv(struct[, options]): the fields' text joined with commas; text that would need quoting is refused when the query runs */
function toCsv(c: Call): Typed {
  const options = textOptions(c, 1);
  const x = c.args[0]!;
  if (x.type.kind !== 'row') throw c.t.fail(c.node, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] to_csv: the input must be a struct`);
  const fields = x.type.fields.map((f, i) => {
    const v = sql`struct_extract(${x.sql}, ${str(rowFieldKey(f, i))})`;
    let text: Sql;
    if (isTimestamp(f.type)) text = formatTimestamp(v, patternFormat(c, options.timestampFormat ?? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"));
    else if (f.type.kind === 'date') text = options.dateFormat ? formatTimestamp(v, patternFormat(c, options.dateFormat)) : sql`CAST(${v} AS VARCHAR)`;
    else if (['array', 'map', 'row'].includes(f.type.kind)) throw c.t.unsupported(c.node, 'to_csv of nested values');
    else text = castSql(c.t, { sql: v, type: f.type, at: c.at, atom: true }, T.varchar);
    return sql`coalesce(CASE WHEN regexp_matches(${text}, '[,"\\\\\\r\\n]') THEN ${c.t.runtimeError(c.at, 'to_csv: a value that CSV quotes is not supported by the local engine (Spark has it)')} ELSE ${text} END, '')`;
  });
  return { sql: sql`CASE WHEN ${x.sql} IS NOT NULL THEN ${join(fields, " || ',' || ")} END`, type: T.varchar, at: c.at, atom: true };
}

/** from_csv(text, schema): fields split on commas and read as CAST reads them (integers without spaces) */
function fromCsv(c: Call): Typed {
  if (c.args[2]) throw c.t.unsupported(c.args[2].at, 'from_csv with options');
  const s = c.arg(0, T.varchar);
  const schema = constantArg(c, 1, 'schema');
  if (typeof schema !== 'string') throw c.t.unsupported(c.args[1]!.at, 'from_csv with a schema that is not a DDL string');
  const type = schemaType(c, schema);
  if (type.kind !== 'row') throw c.t.fail(c.args[1]!.at, '[INVALID_SCHEMA] from_csv needs a struct schema');
  const body = bind(sql`string_split(${s.sql}, ',')`, (parts) => {
    const fields = type.fields.map((f, i) => {
      if (['array', 'map', 'row'].includes(f.type.kind)) throw c.t.unsupported(c.node, 'from_csv into nested types');
      const raw = sql`${parts}[${i + 1}]`;
      const value = castSql(c.t, { sql: raw, type: T.varchar, at: c.at, atom: true }, f.type);
      const strict = isIntegral(f.type) ? sql`CASE WHEN regexp_matches(${raw}, '^\\s|\\s$') THEN ${c.t.runtimeError(c.at, 'from_csv: a whole number with spaces around it is not supported by the local engine (Spark has it)')} ELSE ${value} END` : value;
      return sql`${`"${rowFieldKey(f, i).replace(/"/g, '""')}"`} := ${strict}`;
    });
    return sql`struct_pack(${join(fields)})`;
  });
  return { sql: sql`CASE WHEN ${s.sql} IS NULL THEN NULL WHEN contains(${s.sql}, '"') THEN ${c.t.runtimeError(c.at, 'from_csv: quoted fields are not supported by the local engine (Spark has it)')} ELSE ${body} END`, type, at: c.at, atom: true };
}

JSON_FUNCTIONS.schema_of_json = custom([1, 2], schemaOfJson);
JSON_FUNCTIONS.schema_of_csv = custom([1, 2], schemaOfCsv);
JSON_FUNCTIONS.to_csv = custom([1, 2], toCsv);
JSON_FUNCTIONS.from_csv = custom([2, 3], fromCsv);
