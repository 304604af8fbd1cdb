/**
 * Translating Trino expressions: the walk over the parse tree's expression nodes, with operators, literals, CASE,
 * CAST, subscripts, lambdas and the special forms (TRY, IF, EXTRACT, AT TIME ZONE, trim(… FROM …), …). Function
 * calls are looked up in the tables of functions/ (call.ts binds them).
 */
import type { ParserRuleContext } from 'antlr4ng';
import * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { at, join, sql } from '../dialects/emit';
import { duckDbType, isExactNumeric, isIntegral, isNumeric, rowFieldKey, T, trinoTypeName, type SqlType } from '../dialects/sqlType';
import { castSql, castToZoned, str } from './casts';
import { translateCall } from './call';
import { arithmetic, compare, concatenate, negate } from './operators';
import { binaryLiteral, canonicalZone, intervalLiteral, numberLiteral, stringLiteral, stringText, typedLiteral } from './literals';
import type { Scope, Typed } from './model';
import { queryExpression } from './queries';
import { offsetOf, type Translator } from './translator';
import { sqlTypeOf } from './types';
import { extractField } from './functions/dates';
import { localIn } from './zones';

type Node = ParserRuleContext;

/** Translates any expression node (expression, booleanExpression, valueExpression, primaryExpression). */
export function expr(t: Translator, node: Node, scope: Scope): Typed {
  const e = translate(t, node, scope);
  return e;
}

function translate(t: Translator, node: Node, scope: Scope): Typed {
  const pos = offsetOf(node);
  // ------------------------------------------------------------ wrappers
  if (node instanceof P.ExpressionContext) return expr(t, node.booleanExpression(), scope);
  if (node instanceof P.ValueExpressionDefaultContext) return expr(t, node.primaryExpression(), scope);
  if (node instanceof P.ParenthesizedExpressionContext) {
    const inner = expr(t, node.expression(), scope);
    return { ...inner, sql: at(pos, sql`(${inner.sql})`), atom: true, at: pos };
  }
  // ------------------------------------------------------------ logic and predicates
  if (node instanceof P.PredicatedContext) {
    const value = expr(t, node.valueExpression(), scope);
    const predicate = node.predicate();
    return predicate ? predicateOf(t, value, predicate, scope) : value;
  }
  if (node instanceof P.LogicalNotContext) {
    const inner = boolean(t, expr(t, node.booleanExpression(), scope), node);
    return { sql: at(pos, sql`NOT ${t.paren(inner)}`), type: T.boolean, at: pos };
  }
  if (node instanceof P.AndContext || node instanceof P.OrContext) {
    const [l, r] = node.booleanExpression().map((b) => boolean(t, expr(t, b, scope), b));
    const op = node instanceof P.AndContext ? 'AND' : 'OR';
    return { sql: at(pos, sql`${t.paren(l!)} ${op} ${t.paren(r!)}`), type: T.boolean, at: pos };
  }
  // ------------------------------------------------------------ operators
  if (node instanceof P.ArithmeticBinaryContext) {
    const [l, r] = node.valueExpression().map((v) => expr(t, v, scope));
    return arithmetic(t, node._operator!.text!, l!, r!, node);
  }
  if (node instanceof P.ArithmeticUnaryContext) {
    const v = expr(t, node.valueExpression(), scope);
    return node.MINUS() ? negate(t, v, node) : v;
  }
  if (node instanceof P.ConcatenationContext) {
    const [l, r] = node.valueExpression().map((v) => expr(t, v, scope));
    return concatenate(t, l!, r!, node);
  }
  if (node instanceof P.AtTimeZoneContext) return atTimeZone(t, expr(t, node.valueExpression(), scope), node.timeZoneSpecifier(), scope, node);
  // ------------------------------------------------------------ literals
  if (node instanceof P.NullLiteralContext) return { sql: 'NULL', type: T.unknown, at: pos, value: null, atom: true };
  if (node instanceof P.BooleanLiteralContext) {
    const v = node.getText().toLowerCase() === 'true';
    return { sql: v ? 'true' : 'false', type: T.boolean, at: pos, value: v, atom: true };
  }
  if (node instanceof P.NumericLiteralContext) return numberLiteral(t, node.number());
  if (node instanceof P.StringLiteralContext) return stringLiteral(t, node.string());
  if (node instanceof P.BinaryLiteralContext) return binaryLiteral(t, node);
  if (node instanceof P.IntervalLiteralContext) return intervalLiteral(t, node.interval());
  if (node instanceof P.TypeConstructorContext) {
    // a quoted type name is no type (Trino's GenericLiteral keeps the quotes): `"date" '2020-02-02'` fails
    // (engine-versions-reference-0002.html, "Types with quotation marks are no longer allowed")
    if (node.identifier() instanceof P.QuotedIdentifierContext) throw t.fail(node, `Unknown type: ${node.identifier()!.getText()}`);
    const typeName = node.KW_DOUBLE() ? 'double' : t.identifier(node.identifier()!);
    return typedLiteral(t, typeName, stringText(t, node.string()), node);
  }
  if (node instanceof P.ParameterContext) throw t.unsupported(node, 'a parameter (?) outside EXECUTE … USING');
  // ------------------------------------------------------------ names
  if (node instanceof P.ColumnReferenceContext) return t.resolve(t.qualifiedName(node.columnName().qualifiedName()), scope, node);
  if (node instanceof P.DereferenceContext) return dereference(t, node, scope);
  if (node instanceof P.SubscriptContext) return subscript(t, expr(t, node.primaryExpression(), scope), expr(t, node.valueExpression(), scope), node);
  // ------------------------------------------------------------ constructors
  if (node instanceof P.ArrayConstructorContext) {
    // other-notable-limitations.md: "it is not possible to initialize an array in Athena that has more than 254
    // arguments" (Trino's ArrayConstructor: checkCondition(size <= 254, NOT_SUPPORTED, …))
    if (node.expression().length > 254) throw t.fail(node, 'Too many arguments for array constructor');
    const items = node.expression().map((e) => expr(t, e, scope));
    if (items.length === 0) return { sql: at(pos, 'CAST([] AS INTEGER[])'), type: T.array(T.unknown), at: pos, atom: true };
    const u = t.unify(items, 'ARRAY elements', node);
    return { sql: at(pos, sql`[${join(u.items.map((i) => i.sql))}]`), type: T.array(u.type), at: pos, atom: true };
  }
  if (node instanceof P.RowConstructorContext) {
    const items = node.expression().map((e) => expr(t, e, scope));
    const type = T.row(items.map((i) => ({ type: i.type })));
    const fields = items.map((i, k) => sql`${str(rowFieldKey({ type: i.type }, k))}: ${i.type.kind === 'unknown' ? 'CAST(NULL AS INTEGER)' : i.sql}`);
    return { sql: at(pos, sql`{${join(fields)}}`), type, at: pos, atom: true };
  }
  // ------------------------------------------------------------ conditionals
  if (node instanceof P.SearchedCaseContext) {
    const whens = node.whenClause().map((w) => ({ cond: boolean(t, expr(t, w._condition!, scope), w._condition!), result: expr(t, w._result!, scope) }));
    const otherwise = node._elseExpression ? expr(t, node._elseExpression, scope) : undefined;
    const u = t.unify([...whens.map((w) => w.result), ...(otherwise ? [otherwise] : [])], 'CASE results', node);
    const parts = whens.map((w, i) => sql` WHEN ${w.cond.sql} THEN ${u.items[i]!.sql}`);
    return { sql: at(pos, sql`CASE${join(parts, '')}${otherwise ? sql` ELSE ${u.items[u.items.length - 1]!.sql}` : ''} END`), type: u.type, at: pos, atom: true };
  }
  if (node instanceof P.SimpleCaseContext) {
    const operand = expr(t, node._operand!, scope);
    const whens = node.whenClause().map((w) => ({ value: expr(t, w._condition!, scope), result: expr(t, w._result!, scope) }));
    const otherwise = node._elseExpression ? expr(t, node._elseExpression, scope) : undefined;
    const keys = t.unify([operand, ...whens.map((w) => w.value)], 'CASE operand and WHEN values', node);
    const u = t.unify([...whens.map((w) => w.result), ...(otherwise ? [otherwise] : [])], 'CASE results', node);
    const parts = whens.map((_, i) => sql` WHEN ${keys.items[i + 1]!.sql} THEN ${u.items[i]!.sql}`);
    return { sql: at(pos, sql`CASE ${keys.items[0]!.sql}${join(parts, '')}${otherwise ? sql` ELSE ${u.items[u.items.length - 1]!.sql}` : ''} END`), type: u.type, at: pos, atom: true };
  }
  if (node instanceof P.CoalesceContext) {
    const items = node.expression().map((e) => expr(t, e, scope));
    const u = t.unify(items, 'COALESCE operands', node);
    return { sql: at(pos, sql`COALESCE(${join(u.items.map((i) => i.sql))})`), type: u.type, at: pos, atom: true };
  }
  if (node instanceof P.CastContext) {
    const value = expr(t, node.expression(), scope);
    const to = sqlTypeOf(t, node.type());
    const mode = node.KW_TRY_CAST() ? 'try' : 'cast';
    const zoned = to.kind === 'timestamptz' ? castToZoned(t, value, to, mode, pos) : undefined;
    if (zoned) return { ...zoned, sql: at(pos, zoned.sql) };
    return { sql: at(pos, castSql(t, value, to, mode)), type: to, at: pos, atom: true };
  }
  // ------------------------------------------------------------ subqueries
  if (node instanceof P.SubqueryExpressionContext) {
    const q = queryExpression(t, node.query(), scope);
    if (q.columns.length !== 1) throw t.fail(node, `Multiple columns returned by subquery are not yet supported. Found ${q.columns.length}`);
    return { sql: at(pos, sql`(${q.sql})`), type: q.columns[0]!.type, at: pos, atom: true };
  }
  if (node instanceof P.ExistsContext) {
    const q = queryExpression(t, node.query(), scope);
    return { sql: at(pos, sql`EXISTS (${q.sql})`), type: T.boolean, at: pos, atom: true };
  }
  // ------------------------------------------------------------ calls and special forms
  if (node instanceof P.FunctionCallContext) return translateCall(t, node, scope);
  if (node instanceof P.LambdaContext) throw t.fail(node, 'Lambda expression is only allowed as a function argument');
  if (node instanceof P.ListAggContext) return translateCall(t, node, scope);
  if (node instanceof P.ExtractContext) {
    const field = t.identifier(node.identifier());
    return extractField(t, field, expr(t, node.valueExpression(), scope), node);
  }
  if (node instanceof P.PositionContext) {
    const [sub, s] = node.valueExpression().map((v) => stringArg(t, expr(t, v, scope), 'position'));
    return { sql: at(pos, sql`strpos(${s!.sql}, ${sub!.sql})`), type: T.bigint, at: pos, atom: true };
  }
  if (node instanceof P.SubstringContext) {
    const [s, from, len] = node.valueExpression().map((v) => expr(t, v, scope));
    return translateCall(t, node, scope, 'substring', [s!, from!, ...(len ? [len] : [])]);
  }
  if (node instanceof P.TrimContext) return trim(t, node, scope);
  if (node instanceof P.NormalizeContext) {
    const s = stringArg(t, expr(t, node.valueExpression(), scope), 'normalize');
    const form = node.normalForm()?.getText().toUpperCase() ?? 'NFC';
    if (form !== 'NFC') throw t.unsupported(node, `normalize(…, ${form})`, 'DuckDB normalizes to NFC only');
    return { sql: at(pos, sql`nfc_normalize(${s.sql})`), type: T.varchar, at: pos, atom: true };
  }
  if (node instanceof P.CurrentDateContext) return { sql: at(pos, "CAST(get_current_timestamp() AT TIME ZONE 'UTC' AS DATE)"), type: T.date, at: pos, atom: true };
  if (node instanceof P.CurrentTimestampContext || node instanceof P.LocalTimestampContext) {
    const p = node._precision ? Number(node._precision.text) : 3;
    if (p > 6) throw t.unsupported(node, `${node._name?.text ?? 'current_timestamp'}(${p})`, 'DuckDB keeps microseconds');
    const now = p >= 6 ? 'get_current_timestamp()' : `make_timestamp(CAST(floor(epoch_us(get_current_timestamp()) / ${10 ** (6 - p)}) AS BIGINT) * ${10 ** (6 - p)})`;
    if (node instanceof P.LocalTimestampContext) return { sql: at(pos, `(CAST(${now} AS TIMESTAMPTZ) AT TIME ZONE 'UTC')`), type: T.timestamp(p), at: pos, atom: true };
    return { sql: at(pos, p >= 6 ? now : `CAST(${now} AS TIMESTAMPTZ)`), type: T.timestamptz(p, 'UTC'), at: pos, atom: true };
  }
  if (node instanceof P.CurrentTimeContext || node instanceof P.LocalTimeContext) throw t.unsupported(node, node.getText().replace(/\(.*$/, '').toLowerCase());
  if (node instanceof P.CurrentCatalogContext) return { sql: at(pos, "'awsdatacatalog'"), type: T.varchar, at: pos, atom: true };
  if (node instanceof P.CurrentSchemaContext) {
    const db = t.options.defaultDatabase;
    return { sql: at(pos, db === undefined ? 'CAST(NULL AS VARCHAR)' : str(db)), type: T.varchar, at: pos, atom: true };
  }
  if (node instanceof P.CurrentUserContext || node instanceof P.CurrentPathContext) throw t.unsupported(node, node.getText().toLowerCase(), 'the local engine has no Athena identity');
  if (node instanceof P.GroupingOperationContext) {
    const cols = node.qualifiedName().map((q) => t.resolve(t.qualifiedName(q), scope, q));
    return { sql: at(pos, sql`CAST(grouping(${join(cols.map((c) => c.sql))}) AS BIGINT)`), type: T.bigint, at: pos, atom: true };
  }
  if (node instanceof P.JsonExistsContext || node instanceof P.JsonValueContext || node instanceof P.JsonQueryContext || node instanceof P.JsonObjectContext || node instanceof P.JsonArrayContext) {
    return translateCall(t, node, scope);
  }
  if (node instanceof P.MeasureContext) throw t.unsupported(node, 'MATCH_RECOGNIZE measures');
  throw t.unsupported(node, `the expression ${node.getText().slice(0, 40)}`);
}

/** `e` as a boolean condition (Trino does not turn numbers or strings into booleans). */
export function boolean(t: Translator, e: Typed, node: Node): Typed {
  if (e.type.kind === 'boolean') return e;
  if (e.type.kind === 'unknown') return { ...e, sql: 'CAST(NULL AS BOOLEAN)', type: T.boolean };
  throw t.fail(node, `Value of type ${trinoTypeName(e.type)} is not a boolean`);
}

export function stringArg(t: Translator, e: Typed, what: string): Typed {
  if (e.type.kind === 'varchar' || e.type.kind === 'char') return e;
  if (e.type.kind === 'unknown') return { ...e, sql: 'CAST(NULL AS VARCHAR)', type: T.varchar };
  throw t.fail(e.at, `Unexpected parameters (${trinoTypeName(e.type)}) for function ${what}`);
}

// ---------------------------------------------------------------- predicates

function predicateOf(t: Translator, value: Typed, p: P.PredicateContext, scope: Scope): Typed {
  const pos = value.at;
  const not = (p as { KW_NOT?: () => unknown }).KW_NOT?.() ? 'NOT ' : '';
  if (p instanceof P.ComparisonContext) return compare(t, p.comparisonOperator().getText(), value, expr(t, p.valueExpression(), scope), p);
  if (p instanceof P.NullPredicateContext) return { sql: at(pos, sql`${t.paren(value)} IS ${not}NULL`), type: T.boolean, at: pos };
  if (p instanceof P.DistinctFromContext) {
    const u = t.unify([value, expr(t, p.valueExpression(), scope)], 'operands of IS DISTINCT FROM', p);
    return { sql: at(pos, sql`${t.paren(u.items[0]!)} IS ${not}DISTINCT FROM ${t.paren(u.items[1]!)}`), type: T.boolean, at: pos };
  }
  if (p instanceof P.BetweenContext) {
    const [lo, hi] = p.valueExpression().map((v) => expr(t, v, scope));
    const u = t.unify([value, lo!, hi!], 'BETWEEN operands', p);
    return { sql: at(pos, sql`${t.paren(u.items[0]!)} ${not}BETWEEN ${t.paren(u.items[1]!)} AND ${t.paren(u.items[2]!)}`), type: T.boolean, at: pos };
  }
  if (p instanceof P.InListContext) {
    const items = p.expression().map((e) => expr(t, e, scope));
    const u = t.unify([value, ...items], 'IN value and list items', p);
    return { sql: at(pos, sql`${t.paren(u.items[0]!)} ${not}IN (${join(u.items.slice(1).map((i) => i.sql))})`), type: T.boolean, at: pos };
  }
  if (p instanceof P.InSubqueryContext) {
    const q = queryExpression(t, p.query(), scope);
    if (q.columns.length !== 1) throw t.fail(p, `Multiple columns returned by subquery are not yet supported. Found ${q.columns.length}`);
    const u = t.unify([value, { sql: 'x', type: q.columns[0]!.type, at: pos }], 'IN value and subquery column', p);
    return { sql: at(pos, sql`${t.paren(u.items[0]!)} ${not}IN (${q.sql})`), type: T.boolean, at: pos };
  }
  if (p instanceof P.LikeContext) {
    const [pattern, escape] = p.valueExpression().map((v) => stringArg(t, expr(t, v, scope), 'LIKE'));
    const s = stringArg(t, value, 'LIKE');
    if (escape) {
      if (typeof escape.value === 'string' && [...escape.value].length !== 1) throw t.fail(escape.at, 'Escape string must be a single character');
      return { sql: at(pos, sql`${t.paren(s)} ${not}LIKE ${t.paren(pattern!)} ESCAPE ${t.paren(escape)}`), type: T.boolean, at: pos };
    }
    return { sql: at(pos, sql`${t.paren(s)} ${not}LIKE ${t.paren(pattern!)}`), type: T.boolean, at: pos };
  }
  if (p instanceof P.QuantifiedComparisonContext) {
    const q = queryExpression(t, p.query(), scope);
    if (q.columns.length !== 1) throw t.fail(p, `Multiple columns returned by subquery are not yet supported. Found ${q.columns.length}`);
    const u = t.unify([value, { sql: 'x', type: q.columns[0]!.type, at: pos }], 'comparison operands', p);
    const quantifier = p.comparisonQuantifier().getText().toUpperCase() === 'ALL' ? 'ALL' : 'ANY';
    return { sql: at(pos, sql`${t.paren(u.items[0]!)} ${p.comparisonOperator().getText()} ${quantifier} (${q.sql})`), type: T.boolean, at: pos };
  }
  throw t.unsupported(p, `the predicate ${p.getText().slice(0, 30)}`);
}

// ---------------------------------------------------------------- names, fields, subscripts

function dereference(t: Translator, node: P.DereferenceContext, scope: Scope): Typed {
  // a.b.c parsed as a dereference chain over a column reference: resolve the whole name first (qualified columns)
  const names: string[] = [];
  let base: P.PrimaryExpressionContext = node;
  while (base instanceof P.DereferenceContext) {
    names.unshift(t.identifier(base._fieldName!));
    base = base._base!;
  }
  if (base instanceof P.ColumnReferenceContext) return t.resolve([...t.qualifiedName(base.columnName().qualifiedName()), ...names], scope, node);
  return t.fields(expr(t, base, scope), names, node);
}

function subscript(t: Translator, value: Typed, index: Typed, node: Node): Typed {
  const pos = offsetOf(node);
  const ty = value.type;
  if (ty.kind === 'array') {
    if (!isIntegral(index.type) && index.type.kind !== 'unknown') throw t.fail(node, `Cannot use ${trinoTypeName(index.type)} for subscript of ${trinoTypeName(ty)}`);
    const i = t.paren(index);
    const failure = t.raise(sql`'Array subscript must be less than or equal to array length: ' || ${i} || ' > ' || len(${value.sql})`, ty.element);
    const below = t.raise(sql`'Array subscript is negative or zero: ' || ${i}`, ty.element);
    return {
      sql: at(pos, sql`CASE WHEN ${i} < 1 THEN ${below} WHEN ${i} > len(${value.sql}) THEN ${failure} ELSE ${t.paren(value)}[${index.sql}] END`),
      type: ty.element,
      at: pos,
      atom: true,
    };
  }
  if (ty.kind === 'map') {
    const key = t.coerce(index, ty.key, node);
    const missing = t.raise(sql`'Key not present in map: ' || CAST(${key.sql} AS VARCHAR)`, ty.value);
    return { sql: at(pos, sql`CASE WHEN NOT map_contains(${value.sql}, ${key.sql}) THEN ${missing} ELSE ${t.paren(value)}[${key.sql}] END`), type: ty.value, at: pos, atom: true };
  }
  if (ty.kind === 'row') {
    if (typeof index.value !== 'number' || !Number.isInteger(index.value)) throw t.fail(node, 'Subscript expression on ROW requires a constant index');
    const i = index.value;
    if (i < 1 || i > ty.fields.length) throw t.fail(node, `Invalid subscript index: ${i}. ROW indices start at 1 and must be less than or equal to the number of fields`);
    const f = ty.fields[i - 1]!;
    return { sql: at(pos, sql`struct_extract(${value.sql}, ${str(rowFieldKey(f, i - 1))})`), type: f.type, at: pos, atom: true };
  }
  if (ty.kind === 'unknown') return { sql: 'NULL', type: T.unknown, at: pos, atom: true };
  throw t.fail(node, `Cannot use subscript on ${trinoTypeName(ty)}`);
}

// ---------------------------------------------------------------- AT TIME ZONE, trim

function atTimeZone(t: Translator, value: Typed, spec: P.TimeZoneSpecifierContext, scope: Scope, node: Node): Typed {
  const pos = offsetOf(node);
  let zone: string | undefined;
  if (spec instanceof P.TimeZoneStringContext) {
    const text = stringText(t, spec.string());
    zone = canonicalZone(text);
    if (zone === undefined) throw t.fail(spec, `Time zone not supported: ${text}`);
  } else if (spec instanceof P.TimeZoneIntervalContext) {
    // Trino's at_timezone(value, interval day to second): the zone of that offset (whole minutes; 0 is UTC), as
    // TIMESTAMP '... +05:30' names it; an offset with seconds or past +-14:00 fails there, in words not published
    const iv = intervalLiteral(t, spec.interval());
    const micros = /^to_microseconds\(CAST\((-?\d+) AS BIGINT\)\)$/.exec(String(iv.sql));
    if (!micros) throw t.source.error(offsetOf(spec), 'AT TIME ZONE with an interval year to month is not supported by the local engine (Trino takes an interval day to second)', 'SqlUnsupported');
    const us = BigInt(micros[1]!);
    if (us % 60_000_000n !== 0n || us > 14n * 3_600_000_000n || us < -14n * 3_600_000_000n) throw t.unsupported(spec, 'AT TIME ZONE with an interval of seconds or past 14 hours');
    const minutes = Number(us / 60_000_000n);
    const abs = Math.abs(minutes);
    const offset = minutes === 0 ? 'UTC' : `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    zone = canonicalZone(offset);
    if (zone === undefined) throw t.unsupported(spec, `AT TIME ZONE INTERVAL of offset ${offset}`);
  }
  void scope;
  const ty = value.type;
  if (ty.kind === 'timestamptz') return { sql: value.sql, type: T.timestamptz(ty.precision, zone), at: pos, atom: value.atom };
  if (ty.kind === 'timestamp') {
    // a timestamp is first taken in the session's zone (UTC)
    return { sql: at(pos, sql`CAST(${value.sql} AS TIMESTAMPTZ)`), type: T.timestamptz(ty.precision, zone), at: pos, atom: true };
  }
  if (ty.kind === 'date') return { sql: at(pos, sql`CAST(${value.sql} AS TIMESTAMPTZ)`), type: T.timestamptz(0, zone), at: pos, atom: true };
  throw t.fail(node, `Type of value must be a time or timestamp with or without time zone (actual ${trinoTypeName(ty)})`);
}

function trim(t: Translator, node: P.TrimContext, scope: Scope): Typed {
  const pos = offsetOf(node);
  const source = stringArg(t, expr(t, node._trimSource!, scope), 'trim');
  const chars = node._trimChar ? stringArg(t, expr(t, node._trimChar, scope), 'trim') : undefined;
  const spec = node.trimsSpecification()?.getText().toUpperCase() ?? 'BOTH';
  const fn = spec === 'LEADING' ? 'ltrim' : spec === 'TRAILING' ? 'rtrim' : 'trim';
  return { sql: at(pos, chars ? sql`${fn}(${source.sql}, ${chars.sql})` : sql`${fn}(${source.sql}, ' ')`), type: source.type.kind === 'char' ? T.varchar : source.type, at: pos, atom: true };
}

// ---------------------------------------------------------------- used by rules

/** The DuckDB type name for a CAST in emitted SQL. */
export function duck(type: SqlType): string {
  return duckDbType(type);
}

export { isExactNumeric, isNumeric, localIn };
