/**
 * JSON functions (trinodb/trino docs/src/main/sphinx/functions/json.md). JSON values are held as DuckDB JSON
 * (minified text, as Trino's json_parse gives them).
 *
 * - json_extract, json_extract_scalar, json_size take Trino's JSONPath (`$.a.b`, `$.a[0]`, `$["a b"]`), translated
 *   to DuckDB's path syntax; input that is not JSON gives NULL, as in Trino.
 * - json_query, json_value, json_exists take the SQL/JSON path language: paths of members and subscripts (`lax` or
 *   `strict`) are translated; where lax mode would unwrap an array or wrap a scalar — which DuckDB's paths do not —
 *   the query fails at that row with a refusal rather than answer otherwise; filters, item methods, arithmetic,
 *   `last` and ranges are refused by name.
 * - json_array and json_object (SQL standard syntax) build JSON text; ABSENT/NULL ON NULL as documented.
 */
import type { ParserRuleContext } from 'antlr4ng';
import * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { at, failure, join, refusal, sql, type Sql } from '../../dialects/emit';
import { duckDbType, isExactNumeric, isFloating, T, trinoTypeName, type SqlType } from '../../dialects/sqlType';
import { castSql, str } from '../casts';
import { expr } from '../expressions';
import { stringText } from '../literals';
import type { Scope, Typed } from '../model';
import { offsetOf, type Translator } from '../translator';
import { sqlTypeOf } from '../types';
import { decodeUtf, encodeUtf } from './binary';
import { TRINO_JSON_PARSE, trinoJsonParse } from './jsonParse';
import { constantString, custom, type Call, type FunctionTable } from './registry';

// ---------------------------------------------------------------- Trino's JSONPath (json_extract & co.)

class PathError extends Error {}

/** Trino's JSONPath (JsonPathTokenizer: `$`, `.key`, `["key"]`, `[key]`, `[n]`) → a DuckDB JSON path. */
export function jsonPath(path: string): string {
  let i = 0;
  const p = path.trim();
  if (p[i] !== '$') throw new PathError(`Invalid JSON path: '${path}'`);
  i++;
  let out = '$';
  while (i < p.length) {
    if (p[i] === '.') {
      i++;
      let key = '';
      if (p[i] === '"') {
        i++;
        while (i < p.length && p[i] !== '"') key += p[i++];
        if (p[i] !== '"') throw new PathError(`Invalid JSON path: '${path}'`);
        i++;
      } else {
        while (i < p.length && p[i] !== '.' && p[i] !== '[') key += p[i++];
      }
      if (key === '' || key === '*') throw new PathError(`Invalid JSON path: '${path}'`);
      out += `.${quoteKey(key)}`;
    } else if (p[i] === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) throw new PathError(`Invalid JSON path: '${path}'`);
      let inner = p.slice(i + 1, end).trim();
      i = end + 1;
      if (/^\d+$/.test(inner)) out += `[${inner}]`;
      else {
        if (/^(["']).*\1$/.test(inner)) inner = inner.slice(1, -1);
        if (inner === '' || inner === '*') throw new PathError(`Invalid JSON path: '${path}'`);
        out += `.${quoteKey(inner)}`;
      }
    } else throw new PathError(`Invalid JSON path: '${path}'`);
  }
  return out;
}

function quoteKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `"${key.replace(/"/g, '\\"')}"`;
}

function pathArg(c: Call, i: number): string {
  const text = constantString(c, i, 'JSON path');
  try {
    return jsonPath(text);
  } catch (e) {
    if (e instanceof PathError) throw c.t.fail(c.given[i]!.at, e.message);
    throw e;
  }
}

/** JSON text that may not be JSON: NULL when it is not (Trino's JSON functions answer NULL on malformed input). */
const valid = (j: Typed): Sql => (j.type.kind === 'json' ? j.sql : sql`CASE WHEN json_valid(${j.sql}) THEN ${j.sql} END`);

// ---------------------------------------------------------------- SQL/JSON path (json_query & co.)

interface SqlJsonPath {
  lax: boolean;
  steps: ({ kind: 'member'; key: string } | { kind: 'index'; index: number } | { kind: 'last'; minus: number } | { kind: 'wildcard' })[];
  /** a final filter `?(@ <op> <literal>)`, kept when true: what comparing the item with the literal gives */
  filter?: { op: string; literal: number | string | boolean };
}

const FILTER_OPS: Record<string, string> = { '==': '=', '!=': '<>', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function sqlJsonPath(t: Translator, text: string, node: ParserRuleContext): SqlJsonPath {
  const m = /^\s*(lax|strict)?\s*\$(.*)$/s.exec(text);
  if (!m) throw t.unsupported(node, `the JSON path '${text}'`);
  const lax = m[1] !== 'strict';
  const steps: SqlJsonPath['steps'] = [];
  let body = m[2]!;
  // a final filter on the item(s) selected: ?(@ op literal)
  let filter: SqlJsonPath['filter'];
  const f = /\s*\?\s*\(\s*@\s*(==|!=|<>|<=|>=|<|>)\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\]|\\.)*"|true|false)\s*\)\s*$/.exec(body);
  if (f) {
    const lit = f[2]!;
    filter = { op: FILTER_OPS[f[1]!]!, literal: lit.startsWith('"') ? (globalThis.JSON.parse(lit) as string) : lit === 'true' ? true : lit === 'false' ? false : Number(lit) };
    body = body.slice(0, f.index);
  }
  const re = /\s*(?:\.([A-Za-z_][A-Za-z0-9_]*)|\."((?:[^"\\]|\\.)*)"|\[\s*(\d+)\s*\]|\[\s*last\s*(?:-\s*(\d+)\s*)?\]|\[\s*\*\s*\])/y;
  let i = 0;
  while (i < body.length) {
    if (/^\s*$/.test(body.slice(i))) break;
    re.lastIndex = i;
    const s = re.exec(body);
    if (!s) throw t.unsupported(node, `the JSON path '${text}'`, 'member and subscript steps, last, and a final filter comparing @ with a literal are translated (no other filters, methods, arithmetic or ranges)');
    if (s[1] !== undefined) steps.push({ kind: 'member', key: s[1] });
    else if (s[2] !== undefined) steps.push({ kind: 'member', key: s[2].replace(/\\(.)/g, '$1') });
    else if (s[3] !== undefined) steps.push({ kind: 'index', index: Number(s[3]) });
    else if (/last/.test(s[0])) steps.push({ kind: 'last', minus: Number(s[4] ?? 0) });
    else steps.push({ kind: 'wildcard' });
    i = re.lastIndex;
  }
  if (steps.some((s, k) => s.kind === 'wildcard' && k !== steps.length - 1)) throw t.unsupported(node, `the JSON path '${text}'`, 'a wildcard before the last step');
  return { lax, steps, ...(filter ? { filter } : {}) };
}

/**
 * The item a path selects (DuckDB JSON, NULL when the path selects nothing), and the checks that make lax mode
 * exact: a member step on an array or a subscript on a non-array fails at run time with a refusal.
 */
function selectItem(path: SqlJsonPath, j: Sql): { item: Sql; guards: Sql[]; duckPath: Sql } {
  let duckPath: Sql = "'$'";
  let constant = '$';
  const guards: Sql[] = [];
  for (const s of path.steps) {
    if (path.lax) {
      if (s.kind === 'member') guards.push(sql`json_type(${j}, ${duckPath}) = 'ARRAY'`);
      else guards.push(sql`json_type(${j}, ${duckPath}) NOT IN ('ARRAY', 'NULL')`);
    }
    if (s.kind === 'last') {
      // [last - n]: the index counted from the array's length (a negative one selects nothing)
      const index: Sql = sql`(json_array_length(${j}, ${duckPath}) - ${String(1 + s.minus)})`;
      duckPath = sql`CASE WHEN ${index} < 0 THEN NULL ELSE ${duckPath} || '[' || ${index} || ']' END`;
      constant = '';
      continue;
    }
    const piece = s.kind === 'member' ? `.${quoteKey(s.key)}` : s.kind === 'index' ? `[${s.index}]` : '';
    if (constant !== '') {
      constant += piece;
      duckPath = str(constant);
    } else if (piece !== '') duckPath = sql`${duckPath} || ${str(piece)}`;
  }
  return { item: sql`json_extract(${j}, ${duckPath})`, guards, duckPath };
}

/**
 * The sequence a path with a final filter gives, as a DuckDB list of JSON items: the selected item or the elements a
 * final [*] selects, those the filter keeps (a comparison of items of another type is unknown: not kept).
 */
function filtered(path: SqlJsonPath, j: Sql, item: Sql, duckPath: Sql): Sql {
  const wildcard = path.steps[path.steps.length - 1]?.kind === 'wildcard';
  const seq = wildcard ? sql`json_extract(${j}, ${duckPath} || '[*]')` : sql`CASE WHEN ${item} IS NULL THEN CAST([] AS JSON[]) ELSE [${item}] END`;
  const f = path.filter!;
  const test =
    typeof f.literal === 'number'
      ? sql`json_type(x) IN ('UBIGINT', 'BIGINT', 'DOUBLE') AND CAST(x AS DOUBLE) ${f.op} ${String(f.literal)}`
      : typeof f.literal === 'boolean'
        ? sql`json_type(x) = 'BOOLEAN' AND CAST(x AS BOOLEAN) ${f.op} ${String(f.literal)}`
        : sql`json_type(x) = 'VARCHAR' AND json_extract_string(x, '$') ${f.op} ${str(f.literal)}`;
  return sql`list_filter(${seq}, lambda x: ${test})`;
}

const LAX_REFUSAL = "'the JSON path needs lax mode''s array unwrapping, which is not supported by the local engine (Athena has it)'";

function jsonInput(t: Translator, ctx: P.JsonValueExpressionContext, scope: Scope): Typed {
  const e = expr(t, ctx.expression(), scope);
  if (e.type.kind === 'json') return e;
  if (e.type.kind === 'varchar' || e.type.kind === 'char' || e.type.kind === 'unknown') return e;
  if (e.type.kind === 'varbinary') return { ...e, sql: sql`decode(${e.sql})`, type: T.varchar };
  throw t.fail(ctx, `JSON input must be a character string, a binary string or JSON, not ${trinoTypeName(e.type)}`);
}

function invocation(t: Translator, ctx: P.JsonPathInvocationContext, scope: Scope) {
  if (ctx.KW_PASSING()) throw t.unsupported(ctx, 'JSON path PASSING arguments');
  const input = jsonInput(t, ctx.jsonValueExpression(), scope);
  const text = stringText(t, ctx._path!);
  return { input, path: sqlJsonPath(t, text, ctx._path!) };
}

function jsonExists(t: Translator, node: P.JsonExistsContext, scope: Scope): Typed {
  const pos = offsetOf(node);
  const { input, path } = invocation(t, node.jsonPathInvocation(), scope);
  const onError = node.jsonExistsErrorBehavior()?.getText().toUpperCase() ?? 'FALSE';
  const j = valid(input);
  const { item, guards, duckPath } = selectItem(path, j);
  const found = path.filter
    ? sql`len(${filtered(path, j, item, duckPath)}) > 0`
    : path.steps[path.steps.length - 1]?.kind === 'wildcard'
      ? sql`coalesce(json_array_length(${j}, ${duckPath}) > 0, false)`
      : sql`${item} IS NOT NULL`;
  const errorValue = onError === 'TRUE' ? 'true' : onError === 'UNKNOWN' ? 'NULL' : onError === 'ERROR' ? failure("'JSON path evaluation failed'") : 'false';
  const strictMissing = path.lax ? undefined : sql`${item} IS NULL`;
  const branches = [
    sql`WHEN ${j} IS NULL THEN ${input.sql === j ? 'NULL' : errorValue}`,
    ...guards.map((g) => sql`WHEN ${g} THEN ${refusal(LAX_REFUSAL, "a JSON path needing lax mode's array unwrapping")}`),
    ...(strictMissing ? [sql`WHEN ${strictMissing} THEN ${errorValue}`] : []),
  ];
  return { sql: at(pos, sql`CASE ${join(branches, ' ')} ELSE ${found} END`), type: T.boolean, at: pos, atom: true };
}

function behaviorOf(ctx: P.JsonValueBehaviorContext | P.JsonQueryBehaviorContext | undefined): string {
  return ctx ? ctx.getText().toUpperCase().replace(/\s+/g, ' ') : 'NULL';
}

function jsonValue(t: Translator, node: P.JsonValueContext, scope: Scope): Typed {
  const pos = offsetOf(node);
  const { input, path } = invocation(t, node.jsonPathInvocation(), scope);
  const type = node.type() ? sqlTypeOf(t, node.type()!) : T.varchar;
  const j = valid(input);
  const { item, guards } = selectItem(path, j);
  if (path.steps.some((s) => s.kind === 'wildcard') || path.filter) throw t.unsupported(node, 'json_value with a wildcard or a filter in its path');
  const handle = (b: P.JsonValueBehaviorContext | undefined, what: string): Sql => {
    const text = behaviorOf(b);
    if (text === 'NULL') return sql`CAST(NULL AS ${duckDbType(type)})`;
    if (text === 'ERROR') return failure(str(`JSON path ${what}`));
    const d = expr(t, (b as P.JsonValueBehaviorContext).expression()!, scope);
    return castSql(t, d, type, 'cast');
  };
  const onEmpty = handle(node._emptyBehavior, 'found no item');
  const onError = handle(node._errorBehavior, 'evaluation failed');
  const scalar = sql`json_extract_string(${item}, '$')`;
  const value = castSql(t, { sql: scalar, type: T.varchar, at: pos, atom: true }, type, 'try');
  const branches = [
    sql`WHEN ${j} IS NULL THEN ${input.sql === j ? sql`CAST(NULL AS ${duckDbType(type)})` : onError}`,
    ...guards.map((g) => sql`WHEN ${g} THEN ${refusal(LAX_REFUSAL, "a JSON path needing lax mode's array unwrapping")}`),
    sql`WHEN ${item} IS NULL THEN ${path.lax ? onEmpty : onError}`,
    sql`WHEN json_type(${item}) IN ('ARRAY', 'OBJECT') THEN ${onError}`,
    sql`WHEN json_type(${item}) = 'NULL' THEN CAST(NULL AS ${duckDbType(type)})`,
    sql`WHEN ${value} IS NULL THEN ${onError}`,
  ];
  return { sql: at(pos, sql`CASE ${join(branches, ' ')} ELSE ${value} END`), type, at: pos, atom: true };
}

function jsonQuery(t: Translator, node: P.JsonQueryContext, scope: Scope): Typed {
  const pos = offsetOf(node);
  const { input, path } = invocation(t, node.jsonPathInvocation(), scope);
  const wrapper = node.jsonQueryWrapperBehavior()?.getText().toUpperCase() ?? 'WITHOUT';
  const omitQuotes = node.KW_OMIT() !== null;
  const returning = node.type() ? sqlTypeOf(t, node.type()!) : input.type.kind === 'json' ? T.json : T.varchar;
  if (returning.kind !== 'varchar' && returning.kind !== 'json') throw t.unsupported(node, `json_query RETURNING ${trinoTypeName(returning)}`);
  const j = valid(input);
  const { item, guards, duckPath } = selectItem(path, j);
  const wildcard = path.steps[path.steps.length - 1]?.kind === 'wildcard';
  const without = wrapper.startsWith('WITHOUT');
  const unconditional = !without && (/UNCONDITIONAL/.test(wrapper) || !/CONDITIONAL/.test(wrapper));
  const conditional = !without && !unconditional;
  // the sequence the path gives: one item, or every element of the array for a final [*]
  const elements = path.filter ? filtered(path, j, item, duckPath) : sql`json_extract(${j}, ${duckPath} || '[*]')`;
  const many = wildcard || path.filter !== undefined;
  let result: Sql;
  if (many) {
    if (!unconditional && !conditional) result = sql`CASE WHEN len(${elements}) = 1 THEN CAST(${elements}[1] AS VARCHAR) ELSE NULL END`;
    else result = sql`CAST(to_json(${elements}) AS VARCHAR)`;
  } else if (unconditional) result = sql`'[' || CAST(${item} AS VARCHAR) || ']'`;
  else if (conditional) result = sql`CASE WHEN json_type(${item}) IN ('ARRAY', 'OBJECT') THEN CAST(${item} AS VARCHAR) ELSE '[' || CAST(${item} AS VARCHAR) || ']' END`;
  else if (omitQuotes) result = sql`CASE WHEN json_type(${item}) = 'VARCHAR' THEN json_extract_string(${item}, '$') ELSE CAST(${item} AS VARCHAR) END`;
  else result = sql`CAST(${item} AS VARCHAR)`;
  const handle = (b: P.JsonQueryBehaviorContext | undefined, what: string): Sql => {
    const text = behaviorOf(b);
    if (text === 'NULL') return 'CAST(NULL AS VARCHAR)';
    if (text === 'ERROR') return failure(str(`JSON path ${what}`));
    return text.includes('OBJECT') ? "'{}'" : "'[]'";
  };
  const onEmpty = handle(node._emptyBehavior, 'found no item');
  const onError = handle(node._errorBehavior, 'evaluation failed');
  const empty = many ? sql`coalesce(len(${elements}), 0) = 0` : sql`${item} IS NULL`;
  const branches = [
    sql`WHEN ${j} IS NULL THEN ${input.sql === j ? 'CAST(NULL AS VARCHAR)' : onError}`,
    ...guards.map((g) => sql`WHEN ${g} THEN ${refusal(LAX_REFUSAL, "a JSON path needing lax mode's array unwrapping")}`),
    // strict mode: a step that finds nothing is an error; an empty sequence from [*] or a filter is empty
    ...(path.lax ? [] : [sql`WHEN ${many ? sql`json_type(${j}, ${duckPath}) IS DISTINCT FROM 'ARRAY' AND ${wildcard ? 'true' : sql`${item} IS NULL`}` : sql`${item} IS NULL`} THEN ${onError}`]),
    sql`WHEN ${empty} THEN ${onEmpty}`,
    ...(many && !unconditional && !conditional ? [sql`WHEN len(${elements}) > 1 THEN ${onError}`] : []),
  ];
  const body = sql`CASE ${join(branches, ' ')} ELSE ${result} END`;
  return { sql: at(pos, returning.kind === 'json' ? sql`json(${body})` : body), type: returning, at: pos, atom: true };
}

/** A value as a JSON item of json_array/json_object: numbers, booleans, strings as literals, JSON as itself. */
function jsonItem(t: Translator, ctx: P.JsonValueExpressionContext, scope: Scope): Sql {
  const encoding = ctx.jsonRepresentation()?.getText().toUpperCase();
  const bits = encoding?.includes('UTF16') ? 16 : encoding?.includes('UTF32') ? 32 : undefined;
  const e = expr(t, ctx.expression(), scope);
  // a JSON-returning function's result is JSON (its FORMAT JSON is implicit)
  if (returnsJson(ctx.expression())) return sql`CAST(json(${e.sql}) AS VARCHAR)`;
  if (ctx.jsonRepresentation()) {
    // FORMAT JSON [ENCODING UTF8|UTF16|UTF32]: a varbinary is text in that encoding
    const text = e.type.kind === 'varbinary' ? (bits ? decodeUtf(e.sql, bits) : sql`decode(${e.sql})`) : e.sql;
    return sql`CAST(json(${text}) AS VARCHAR)`;
  }
  const ty = e.type;
  if (ty.kind === 'json') return sql`CAST(${e.sql} AS VARCHAR)`;
  if (isExactNumeric(ty) || ty.kind === 'boolean' || ty.kind === 'varchar' || ty.kind === 'char' || ty.kind === 'unknown') return sql`CAST(to_json(${e.sql}) AS VARCHAR)`;
  if (isFloating(ty)) return sql`CASE WHEN isnan(${e.sql}) OR isinf(${e.sql}) THEN ${failure("'JSON does not allow NaN or Infinity'")} ELSE CAST(to_json(${e.sql}) AS VARCHAR) END`;
  return sql`CAST(to_json(${castSql(t, e, T.varchar, 'cast')}) AS VARCHAR)`;
}

function returnsJson(e: P.ExpressionContext): boolean {
  let node: ParserRuleContext = e;
  for (;;) {
    if (node instanceof P.ExpressionContext) node = node.booleanExpression();
    else if (node instanceof P.PredicatedContext && !node.predicate()) node = node.valueExpression();
    else if (node instanceof P.ValueExpressionDefaultContext) node = node.primaryExpression();
    else if (node instanceof P.ParenthesizedExpressionContext) node = node.expression();
    else break;
  }
  return node instanceof P.JsonQueryContext || node instanceof P.JsonArrayContext || node instanceof P.JsonObjectContext;
}

function returningText(t: Translator, node: ParserRuleContext & { type(): P.TypeContext | null }, text: Sql): { sql: Sql; type: SqlType } {
  const encoding = /ENCODINGUTF(16|32)\)$/i.exec(node.getText());
  const r = node.type() ? sqlTypeOf(t, node.type()!) : T.varchar;
  if (r.kind === 'varchar') return { sql: text, type: r };
  if (r.kind === 'varbinary') return { sql: encoding ? encodeUtf(text, encoding[1] === '16' ? 16 : 32) : sql`encode(${text})`, type: r };
  throw t.unsupported(node, `RETURNING ${trinoTypeName(r)}`);
}

function jsonArray(t: Translator, node: P.JsonArrayContext, scope: Scope): Typed {
  const pos = offsetOf(node);
  const items = node.jsonValueExpression().map((v) => jsonItem(t, v, scope));
  const nullOnNull = node.getText().toUpperCase().includes('NULLONNULL');
  const list = items.length === 0 ? "CAST([] AS VARCHAR[])" : sql`[${join(items.map((i) => (nullOnNull ? sql`coalesce(${i}, 'null')` : i)))}]`;
  const text = sql`'[' || array_to_string(${list}, ',') || ']'`;
  const r = returningText(t, node, text);
  return { sql: at(pos, r.sql), type: r.type, at: pos, atom: true };
}

function jsonObject(t: Translator, node: P.JsonObjectContext, scope: Scope): Typed {
  const pos = offsetOf(node);
  const absent = node.KW_ABSENT() !== null;
  const unique = node.KW_UNIQUE() !== null && node.KW_WITHOUT() === null;
  const members = node.jsonObjectMember().map((m) => {
    const key = expr(t, m.expression(), scope);
    if (key.type.kind !== 'varchar' && key.type.kind !== 'char') throw t.fail(m, `JSON object key must be a character string, not ${trinoTypeName(key.type)}`);
    const value = jsonItem(t, m.jsonValueExpression(), scope);
    const pair = sql`CASE WHEN ${key.sql} IS NULL THEN ${failure("'null value passed for JSON object key to JSON_OBJECT function'")} ELSE CAST(to_json(${key.sql}) AS VARCHAR) || ':' || ${absent ? value : sql`coalesce(${value}, 'null')`} END`;
    return { key, pair };
  });
  if (unique) {
    const keys = members.map((m) => m.key.value);
    if (keys.some((k) => typeof k !== 'string')) throw t.unsupported(node, 'json_object … WITH UNIQUE KEYS with keys that are not constants');
    if (new Set(keys).size !== keys.length) {
      const text = sql`${failure("'duplicate key passed to JSON_OBJECT function'")}`;
      return { sql: at(pos, text), type: T.varchar, at: pos, atom: true };
    }
  }
  const list = members.length === 0 ? 'CAST([] AS VARCHAR[])' : sql`[${join(members.map((m) => m.pair))}]`;
  const r = returningText(t, node, sql`'{' || array_to_string(${list}, ',') || '}'`);
  return { sql: at(pos, r.sql), type: r.type, at: pos, atom: true };
}

export const JSON_SPECIAL_FORMS = new Map<new (...a: never[]) => ParserRuleContext, (t: Translator, node: ParserRuleContext, scope: Scope) => Typed>([
  [P.JsonExistsContext, (t, n, s) => jsonExists(t, n as P.JsonExistsContext, s)],
  [P.JsonValueContext, (t, n, s) => jsonValue(t, n as P.JsonValueContext, s)],
  [P.JsonQueryContext, (t, n, s) => jsonQuery(t, n as P.JsonQueryContext, s)],
  [P.JsonArrayContext, (t, n, s) => jsonArray(t, n as P.JsonArrayContext, s)],
  [P.JsonObjectContext, (t, n, s) => jsonObject(t, n as P.JsonObjectContext, s)],
]);

const JSON_OR_TEXT = ['json, varchar -> json', 'varchar, varchar -> json'];

/**
 * A number json_extract_scalar finds in a varchar, as written there: Trino returns the parser's token text
 * (JsonExtract.ScalarValueJsonExtractor: `jsonParser.getText()`), so `{"price": 9.90}` gives `9.90` and `1e2` gives
 * `1e2`, where DuckDB re-writes the number (`9.9`, `100.0`); an integer is written one way (JSON has no `+`, no
 * leading zeros) but for `-0`. The number tokens of the text that have the item's value
 * hold the item's own token: one spelling among them is the answer; two (`1.5` and `1.50` in one text) are refused.
 */
function numberAsWritten(raw: Sql, canonical: Sql): Sql {
  // a number token follows `:`, `,`, `[` or white space (JSON's grammar), which keeps most digits inside strings out
  const tokens = sql`regexp_extract_all(${raw}, '(?:^|[:,\\[\\s])(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)', 1)`;
  const spellings = sql`list_distinct(list_filter(${tokens}, lambda tok: TRY_CAST(tok AS DOUBLE) = TRY_CAST(${canonical} AS DOUBLE)))`;
  const refused = refusal("'json_extract_scalar of a number the text writes in two ways (as 1.5 and 1.50) is not supported by the local engine (Athena has it)'", 'json_extract_scalar of a number the text writes in two ways');
  return sql`list_transform([${spellings}], lambda s: CASE WHEN len(s) = 1 THEN s[1] WHEN len(s) = 0 THEN ${canonical} ELSE ${refused} END)[1]`;
}

export const JSON: FunctionTable = {
  // keys sorted, the last of a repeated key kept, doubles as Java writes them (jsonParse.ts)
  json_parse: custom('varchar -> json', (c) => {
    const x = c.args[0]!;
    const invalid = failure(sql`'Cannot convert value to JSON: ''' || ${x.sql} || ''''`);
    if (typeof x.value === 'string') {
      const parsed = trinoJsonParse(x.value);
      if (parsed !== undefined) return sql`CAST(${str(parsed)} AS JSON)`;
    }
    // a column's text: written as Trino writes it by the engine's JavaScript function (targets/local/duck.ts);
    // rebuilding it sorted in DuckDB SQL made json_parse ~80 times slower (scripts/bench-json-parse.ts)
    return sql`CASE WHEN json_valid(${x.sql}) THEN CAST(coalesce(${TRINO_JSON_PARSE}(${x.sql}), ${invalid}) AS JSON) ELSE ${invalid} END`;
  }),
  json_format: custom('json -> varchar', (c) => sql`CAST(${c.args[0]!.sql} AS VARCHAR)`),
  json_extract: custom(JSON_OR_TEXT, (c) => sql`json_extract(${valid(c.args[0]!)}, ${str(pathArg(c, 1))})`),
  json_extract_scalar: custom(['json, varchar -> varchar', 'varchar, varchar -> varchar'], (c) => {
    const item = sql`json_extract(${valid(c.args[0]!)}, ${str(pathArg(c, 1))})`;
    const text = sql`json_extract_string(${item}, '$')`;
    if (c.args[0]!.type.kind === 'json') return sql`CASE WHEN json_type(${item}) IN ('ARRAY', 'OBJECT') THEN NULL ELSE ${text} END`;
    return sql`CASE WHEN json_type(${item}) IN ('ARRAY', 'OBJECT') THEN NULL WHEN json_type(${item}) = 'DOUBLE' OR (json_type(${item}) IN ('BIGINT', 'UBIGINT') AND ${text} = '0') THEN ${numberAsWritten(c.args[0]!.sql, text)} ELSE ${text} END`;
  }),
  json_size: custom(['json, varchar -> bigint', 'varchar, varchar -> bigint'], (c) => {
    const item = sql`json_extract(${valid(c.args[0]!)}, ${str(pathArg(c, 1))})`;
    return sql`CASE json_type(${item}) WHEN 'ARRAY' THEN CAST(json_array_length(${item}) AS BIGINT) WHEN 'OBJECT' THEN CAST(len(json_keys(${item})) AS BIGINT) ELSE CASE WHEN ${item} IS NULL THEN NULL ELSE CAST(0 AS BIGINT) END END`;
  }),
  json_array_length: custom(['json -> bigint', 'varchar -> bigint'], (c) => {
    const j = valid(c.args[0]!);
    return sql`CASE WHEN json_type(${j}) = 'ARRAY' THEN CAST(json_array_length(${j}) AS BIGINT) END`;
  }),
  json_array_get: custom(['json, bigint -> json', 'varchar, bigint -> json'], (c) => {
    const j = valid(c.args[0]!);
    const i = c.args[1]!.sql;
    const element = sql`json_extract(${j}, CASE WHEN ${i} >= 0 THEN '$[' || ${i} || ']' ELSE '$[#' || ${i} || ']' END)`;
    // Trino's documented (broken) behaviour: a string element comes back without its quotes
    return sql`CASE WHEN json_type(${j}) <> 'ARRAY' THEN NULL WHEN json_type(${element}) = 'VARCHAR' THEN json_extract_string(${element}, '$') ELSE CAST(${element} AS VARCHAR) END`;
  }),
  json_array_contains: custom(['json, boolean -> boolean', 'varchar, boolean -> boolean', 'json, bigint -> boolean', 'varchar, bigint -> boolean', 'json, double -> boolean', 'varchar, double -> boolean', 'json, varchar -> boolean', 'varchar, varchar -> boolean'], (c) => {
    const j = valid(c.args[0]!);
    const v = c.args[1]!;
    const elements = sql`json_extract(${j}, '$[*]')`;
    const match =
      v.type.kind === 'boolean'
        ? sql`json_type(e) = 'BOOLEAN' AND CAST(e AS BOOLEAN) = ${v.sql}`
        : v.type.kind === 'bigint'
          ? sql`json_type(e) IN ('UBIGINT', 'BIGINT') AND CAST(e AS HUGEINT) = ${v.sql}`
          : v.type.kind === 'double'
            ? sql`json_type(e) IN ('UBIGINT', 'BIGINT', 'DOUBLE') AND CAST(e AS DOUBLE) = ${v.sql}`
            : sql`json_type(e) = 'VARCHAR' AND json_extract_string(e, '$') = ${v.sql}`;
    return sql`CASE WHEN json_type(${j}) <> 'ARRAY' OR ${v.sql} IS NULL THEN NULL ELSE len(list_filter(${elements}, lambda e: ${match})) > 0 END`;
  }),
  is_json_scalar: custom(['json -> boolean', 'varchar -> boolean'], (c) => {
    const x = c.args[0]!;
    const check = x.type.kind === 'json' ? '' : sql`WHEN NOT json_valid(${x.sql}) THEN ${failure(sql`'Invalid JSON value: ' || ${x.sql}`)} `;
    return sql`CASE ${check}WHEN json_type(${x.sql}) IN ('ARRAY', 'OBJECT') THEN false ELSE true END`;
  }),
};

