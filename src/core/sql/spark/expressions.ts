/**
 * Translating Spark expressions: the walk over the parse tree's expression nodes (dt-sql-parser's Spark grammar
 * keeps Spark's alternatives unlabelled, so each node is told apart by the tokens it holds), with operators,
 * predicates, literals, CASE, CAST, subscripts, struct fields and the special forms (EXTRACT, SUBSTRING … FROM,
 * TRIM … FROM, OVERLAY, POSITION … IN). Function calls go to call.ts.
 */
import type { ParserRuleContext } from 'antlr4ng';
import * as P from 'dt-sql-parser/dist/lib/spark/SparkSqlParser';
import { at, join, type Sql } from '../dialects/emit';
import { isIntegral, T, type SqlType } from '../dialects/sqlType';
import { translateCall, translateNamedCall } from './call';
import { castSql } from './casts';
import { coerce, comparisonOperands, unify } from './coerce';
import { intervalLiteral, numberLiteral, stringConstant, stringLitText, typedLiteral } from './literals';
import type { Scope, Typed } from './model';
import { arithmetic, bitwise, compare, concatenate, unary } from './operators';
import { parseSparkExpression } from './parser';
import { queryExpression } from './queries';
import { sql, str } from './sqlText';
import { offsetOf, type Translator } from './translator';
import { sparkSqlTypeName, sparkTypeOf, TypeSyntaxError } from './types';
import { likeExpression, rlikeExpression } from './functions/regexp';

type Node = ParserRuleContext;

/** Translates any expression node (expression, booleanExpression, valueExpression, primaryExpression). */
export function expr(t: Translator, node: Node, scope: Scope): Typed {
  if (node instanceof P.ExpressionContext) return expr(t, node.booleanExpression(), scope);
  if (node instanceof P.BooleanExpressionContext) return booleanExpression(t, node, scope);
  if (node instanceof P.ValueExpressionContext) return valueExpression(t, node, scope);
  if (node instanceof P.PrimaryExpressionContext) return primary(t, node, scope);
  if (node instanceof P.ColumnNameContext) return columnName(t, node, scope);
  throw t.unsupported(node, node.getText().slice(0, 40));
}

/** A boolean condition (WHERE, HAVING, ON, CASE WHEN): Spark requires BOOLEAN (NULL is one). */
export function condition(t: Translator, node: Node, scope: Scope, what: string): Typed {
  const e = expr(t, node, scope);
  if (e.type.kind === 'boolean') return e;
  if (e.type.kind === 'unknown') return coerce(t, e, T.boolean);
  throw t.fail(node, `[DATATYPE_MISMATCH.${what}] Cannot resolve "${e.name ?? node.getText()}" due to data type mismatch: the ${what === 'FILTER_NOT_BOOLEAN' ? 'filter expression' : 'condition'} must be of the boolean type, not "${sparkSqlTypeName(e.type)}".`);
}

function bool(t: Translator, e: Typed, node: Node): Typed {
  if (e.type.kind === 'boolean') return e;
  if (e.type.kind === 'unknown') return coerce(t, e, T.boolean);
  throw t.fail(node, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${e.name ?? node.getText()}": the input must be BOOLEAN, not "${sparkSqlTypeName(e.type)}".`);
}

function named(e: Omit<Typed, 'name'>, name: string | undefined): Typed {
  return name === undefined ? e : { ...e, name };
}

function booleanExpression(t: Translator, node: P.BooleanExpressionContext, scope: Scope): Typed {
  const pos = offsetOf(node);
  const ops = node.booleanExpression();
  if (node._operator && ops.length === 2) {
    const [l, r] = ops.map((b) => bool(t, expr(t, b, scope), b));
    const op = node.KW_AND() ? 'AND' : 'OR';
    return named({ sql: at(pos, sql`(${l!.sql} ${op} ${r!.sql})`), type: T.boolean, at: pos, ...(l!.aggregate || r!.aggregate ? { aggregate: true } : {}) }, l!.name !== undefined && r!.name !== undefined ? `(${l!.name} ${op} ${r!.name})` : undefined);
  }
  if ((node.KW_NOT() || node.NOT()) && ops.length === 1) {
    const inner = bool(t, expr(t, ops[0]!, scope), ops[0]!);
    return named({ sql: at(pos, sql`(NOT ${t.paren(inner)})`), type: T.boolean, at: pos, ...(inner.aggregate ? { aggregate: true } : {}) }, inner.name !== undefined ? `(NOT ${inner.name})` : undefined);
  }
  if (node.KW_EXISTS()) {
    const q = queryExpression(t, node.query()!, scope);
    return { sql: at(pos, sql`EXISTS (${q.sql})`), type: T.boolean, at: pos, name: 'exists(listquery())' };
  }
  const value = valueExpression(t, node.valueExpression()!, scope);
  const predicate = node.predicate();
  return predicate ? predicateOf(t, value, predicate, scope) : value;
}

function predicateOf(t: Translator, value: Typed, p: P.PredicateContext, scope: Scope): Typed {
  const pos = value.at;
  const not = p.KW_NOT() !== null;
  const kind = p._kind?.type;
  const negate = (e: Typed): Typed => (not ? named({ ...e, sql: sql`(NOT ${t.paren(e)})` }, e.name !== undefined ? `(NOT ${e.name})` : undefined) : e);
  switch (kind) {
    case P.SparkSqlParser.KW_BETWEEN: {
      const lower = valueExpression(t, p._lower!, scope);
      const upper = valueExpression(t, p._upper!, scope);
      const ge = compare(t, '>=', value, lower, p);
      const le = compare(t, '<=', value, upper, p);
      return negate(named({ sql: at(pos, sql`(${ge.sql} AND ${le.sql})`), type: T.boolean, at: pos }, ge.name !== undefined && le.name !== undefined ? `(${ge.name} AND ${le.name})` : undefined));
    }
    case P.SparkSqlParser.KW_IN: {
      const q = p.query();
      if (q) {
        const sub = queryExpression(t, q, scope);
        if (sub.columns.length !== 1) throw t.unsupported(p, 'IN with a subquery of several columns');
        const col: Typed = { sql: sql`${'_in'}`, type: sub.columns[0]!.type, at: pos };
        const [a, b] = comparisonOperands(t, value, col, '=', p);
        const subSql = b.sql === col.sql ? sub.sql : sql`SELECT ${castSql(t, { ...col, sql: sql`"${sub.duckNames[0]!}"` }, b.type)} FROM (${sub.sql})`;
        return negate({ sql: at(pos, sql`(${a.sql} IN (${subSql}))`), type: T.boolean, at: pos });
      }
      const items = p.expression().map((e) => expr(t, e, scope));
      const u = unify(t, [value, ...items], 'IN', p);
      const name = [value, ...items].every((i) => i.name !== undefined) ? `(${value.name} IN (${items.map((i) => i.name).join(', ')}))` : undefined;
      return negate(named({ sql: at(pos, sql`(${t.paren(u.items[0]!)} IN (${join(u.items.slice(1).map((i) => i.sql))}))`), type: T.boolean, at: pos }, name));
    }
    case P.SparkSqlParser.KW_RLIKE:
    case P.SparkSqlParser.KW_REGEXP:
      return negate(rlikeExpression(t, value, valueExpression(t, p._pattern!, scope), p));
    case P.SparkSqlParser.KW_LIKE:
    case P.SparkSqlParser.KW_ILIKE: {
      const ci = kind === P.SparkSqlParser.KW_ILIKE;
      if (p._quantifier) {
        const patterns = p.expression().map((e) => expr(t, e, scope));
        if (patterns.length === 0) throw t.fail(p, '[PARSE_SYNTAX_ERROR] Syntax error: Expected something between \'(\' and \')\'');
        const each = patterns.map((pat) => likeExpression(t, value, pat, undefined, ci, p));
        const all = p._quantifier.type === P.SparkSqlParser.KW_ALL;
        return negate({ sql: at(pos, sql`(${join(each.map((e) => e.sql), all ? ' AND ' : ' OR ')})`), type: T.boolean, at: pos });
      }
      const escape = p._escapeChar ? stringLitText([p._escapeChar]) : undefined;
      return negate(likeExpression(t, value, valueExpression(t, p._pattern!, scope), escape, ci, p));
    }
    case P.SparkSqlParser.KW_NULL:
      return named({ sql: at(pos, sql`(${t.paren(value)} IS ${not ? 'NOT ' : ''}NULL)`), type: T.boolean, at: pos, ...(value.aggregate ? { aggregate: true } : {}) }, value.name !== undefined ? `(${value.name} IS ${not ? 'NOT ' : ''}NULL)` : undefined);
    case P.SparkSqlParser.KW_TRUE:
    case P.SparkSqlParser.KW_FALSE:
    case P.SparkSqlParser.KW_UNKNOWN: {
      const v = bool(t, value, p);
      const what = kind === P.SparkSqlParser.KW_TRUE ? 'true' : kind === P.SparkSqlParser.KW_FALSE ? 'false' : 'NULL';
      const test = what === 'NULL' ? sql`(${t.paren(v)} IS ${not ? 'NOT ' : ''}NULL)` : sql`(${t.paren(v)} IS ${not ? 'DISTINCT' : 'NOT DISTINCT'} FROM ${what})`;
      return { sql: at(pos, test), type: T.boolean, at: pos };
    }
    case P.SparkSqlParser.KW_DISTINCT: {
      const right = valueExpression(t, p._right!, scope);
      const eq = compare(t, '<=>', value, right, p);
      return not ? named({ ...eq }, value.name !== undefined && right.name !== undefined ? `(${value.name} <=> ${right.name})` : undefined) : named({ ...eq, sql: sql`(NOT ${eq.sql})` }, value.name !== undefined && right.name !== undefined ? `(NOT (${value.name} <=> ${right.name}))` : undefined);
    }
    default:
      throw t.unsupported(p, `the predicate ${p.getText().slice(0, 30)}`);
  }
}

function valueExpression(t: Translator, node: P.ValueExpressionContext, scope: Scope): Typed {
  const prim = node.primaryExpression();
  if (prim) return primary(t, prim, scope);
  const values = node.valueExpression();
  const pos = offsetOf(node);
  if (values.length === 1) {
    const op = node._operator!.text!;
    // `- INTERVAL …` and `-` before a number literal
    const inner = values[0]!;
    const v = valueExpression(t, inner, scope);
    return { ...unary(t, op, v, node), at: pos };
  }
  const l = valueExpression(t, node._left!, scope);
  const r = valueExpression(t, node._right!, scope);
  const cmp = node.comparisonOperator();
  let out: Typed;
  if (cmp) out = compare(t, cmp.getText(), l, r, node);
  else {
    const op = node._operator!.text!;
    if (op === '||') out = concatenate(t, l, r, node);
    else if (op === '&' || op === '|' || op === '^') out = bitwise(t, op, l, r, node);
    else out = arithmetic(t, op.toLowerCase() === 'div' ? 'div' : op, l, r, node);
  }
  return { ...out, sql: at(pos, out.sql), at: pos };
}

/** A column name as a select item, GROUP BY or ORDER BY item (`a`, `t.a`, `s.f`); `"x"` is a string in Spark. */
export function columnName(t: Translator, node: P.ColumnNameContext, scope: Scope): Typed {
  const mp = node.multipartIdentifierAllowEmpty()?.multipartIdentifier();
  if (!mp) throw t.fail(node, '[PARSE_SYNTAX_ERROR] Syntax error: a column name is missing');
  return multipart(t, mp, scope);
}

function multipart(t: Translator, mp: P.MultipartIdentifierContext, scope: Scope): Typed {
  const parts = mp.errorCapturingIdentifier();
  const first = parts[0]!.getText();
  if (first.startsWith('"')) {
    if (parts.length > 1) throw t.fail(mp, `[PARSE_SYNTAX_ERROR] Syntax error at or near '.'`);
    return stringConstant(stringLitText([{ getText: () => first } as P.StringLitContext]), offsetOf(mp));
  }
  return t.resolve(
    parts.map((p) => t.identifier(p)),
    scope,
    mp,
  );
}

// ---------------------------------------------------------------- primary expressions

const CURRENT_LIKE = new Set([P.SparkSqlParser.KW_CURRENT_DATE, P.SparkSqlParser.KW_CURRENT_TIMESTAMP, P.SparkSqlParser.KW_CURRENT_USER, P.SparkSqlParser.KW_USER, P.SparkSqlParser.KW_SESSION_USER]);

function primary(t: Translator, node: P.PrimaryExpressionContext, scope: Scope): Typed {
  const pos = offsetOf(node);
  if (node.functionName()) return translateCall(t, node, scope);
  const constant = node.constant();
  if (constant) return constantOf(t, constant);
  const path = node.columnNamePath();
  if (path) return multipart(t, path.multipartIdentifier(), scope);
  if (node.ARROW()) throw t.fail(node, '[INVALID_LAMBDA_FUNCTION_CALL] A lambda function should only be used in a higher order function.');
  if (node.LEFT_BRACKET()) return subscript(t, primary(t, node._value!, scope), valueExpression(t, node._index!, scope), node);
  if (node._fieldName) {
    const base = primary(t, node._base!, scope);
    return t.field(base, t.identifier(node._fieldName), node._fieldName);
  }
  if (node.ASTERISK()) throw t.fail(node, '[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of \'*\' in expression.');
  const name = node._name?.type;
  if (node.KW_CASE()) return caseExpression(t, node, scope);
  if (name === P.SparkSqlParser.KW_CAST || name === P.SparkSqlParser.KW_TRY_CAST) return castExpression(t, node, scope);
  // CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_USER, USER, SESSION_USER without parentheses: outside ANSI mode Spark's
  // AstBuilder.visitCurrentLike makes them a column name ("in case there are columns named `CURRENT_DATE`…"), the
  // function only when no column has the name — `select user from readings` reads the column user
  // (Translator.resolve: a column of the name, else the function)
  if (name !== undefined && CURRENT_LIKE.has(name)) return t.resolve([node._name!.text!], scope, node);
  if (name === P.SparkSqlParser.KW_TIMESTAMPADD || name === P.SparkSqlParser.KW_DATEADD || name === P.SparkSqlParser.KW_DATE_ADD) {
    return translateNamedCall(t, node, scope, 'timestampadd', [unitConstant(t, node), valueExpression(t, node._unitsAmount!, scope), valueExpression(t, node._timestamp!, scope)]);
  }
  if (name === P.SparkSqlParser.KW_TIMESTAMPDIFF || name === P.SparkSqlParser.KW_DATEDIFF || name === P.SparkSqlParser.KW_DATE_DIFF || name === P.SparkSqlParser.KW_TIMEDIFF) {
    return translateNamedCall(t, node, scope, 'timestampdiff', [unitConstant(t, node), valueExpression(t, node._startTimestamp!, scope), valueExpression(t, node._endTimestamp!, scope)]);
  }
  if (node.KW_STRUCT()) return translateNamedCall(t, node, scope, 'struct', node.namedExpression().map((n) => structField(t, n, scope)));
  if (node.KW_FIRST() || node.KW_LAST() || node.KW_ANY_VALUE()) {
    const fname = node.KW_FIRST() ? 'first' : node.KW_LAST() ? 'last' : 'any_value';
    const args = [expr(t, node.expression(0)!, scope)];
    if (node.KW_IGNORE()) args.push({ sql: 'true', type: T.boolean, at: pos, value: true, name: 'true', atom: true });
    return translateNamedCall(t, node, scope, fname, args);
  }
  if (node.KW_POSITION()) return translateNamedCall(t, node, scope, 'locate', [valueExpression(t, node._substr!, scope), valueExpression(t, node._str!, scope)], 'position');
  if (node.KW_EXTRACT()) {
    const field = t.identifier(node._field!);
    return translateNamedCall(t, node, scope, 'date_part', [stringConstant(field, offsetOf(node._field!)), valueExpression(t, node._source!, scope)], 'extract');
  }
  if (node.KW_SUBSTR() || node.KW_SUBSTRING()) {
    const args = [valueExpression(t, node._str!, scope), valueExpression(t, node._pos!, scope)];
    if (node._len) args.push(valueExpression(t, node._len, scope));
    return translateNamedCall(t, node, scope, node.KW_SUBSTR() ? 'substr' : 'substring', args);
  }
  if (node.KW_TRIM()) {
    const src = valueExpression(t, node._srcStr!, scope);
    const option = node._trimOption?.text?.toUpperCase() ?? 'BOTH';
    const fname = option === 'LEADING' ? 'ltrim' : option === 'TRAILING' ? 'rtrim' : 'trim';
    const args = node._trimStr ? [valueExpression(t, node._trimStr, scope), src] : [src];
    return translateNamedCall(t, node, scope, fname, args);
  }
  if (node.KW_OVERLAY()) {
    const args = [valueExpression(t, node._input!, scope), valueExpression(t, node._replace!, scope), valueExpression(t, node._position!, scope)];
    if (node._length) args.push(valueExpression(t, node._length, scope));
    return translateNamedCall(t, node, scope, 'overlay', args);
  }
  if (node.KW_PERCENTILE_CONT() || node.KW_PERCENTILE_DISC()) throw t.unsupported(node, `${node._name!.text!.toLowerCase()}(…) WITHIN GROUP`);
  if (node.KW_IDENTIFIER()) throw t.unsupported(node, 'IDENTIFIER(…)');
  const q = node.query();
  if (q) {
    const sub = queryExpression(t, q, scope);
    if (sub.columns.length !== 1) throw t.fail(node, `[INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN] Scalar subquery must return only one column, but got ${sub.columns.length}.`);
    return { sql: at(pos, sql`(${sub.sql})`), type: sub.columns[0]!.type, at: pos, name: 'scalarsubquery()', atom: true };
  }
  const nexprs = node.namedExpression();
  if (nexprs.length > 1) return translateNamedCall(t, node, scope, 'struct', nexprs.map((n) => structField(t, n, scope)));
  const inner = node.expression();
  if (inner.length === 1 && node.LEFT_PAREN().length > 0) {
    const e = expr(t, inner[0]!, scope);
    return { ...e, sql: at(pos, sql`(${e.sql})`), atom: true, at: pos };
  }
  throw t.unsupported(node, node.getText().slice(0, 40));
}

/** The unit of TIMESTAMPADD/TIMESTAMPDIFF as a string constant. */
function unitConstant(t: Translator, node: P.PrimaryExpressionContext): Typed {
  if (node._invalidUnit) throw t.fail(node._invalidUnit, `[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) \`unit\` in \`${node._name!.text!.toLowerCase()}\` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal ${node._invalidUnit.getText()}.`);
  const unit = node._unit!.getText().toUpperCase();
  return { ...stringConstant(unit, offsetOf(node._unit!)), name: unit };
}

/** A struct(…) / (a, b) field: its value, named by its alias or column name (Spark's `col<i>` otherwise). */
function structField(t: Translator, n: P.NamedExpressionContext, scope: Scope): Typed {
  const e = namedExpressionValue(t, n, scope);
  const item = namedItem(t, n);
  const alias = item.alias ? t.identifier(item.alias) : undefined;
  return alias !== undefined ? { ...e, alias } : e;
}

/** A select item or struct field as Spark reads it: `*`, or an expression with an alias or a list of aliases. */
export interface NamedItem {
  star?: P.TableAllColumnsContext;
  expression?: P.ExpressionContext;
  column?: P.ColumnNameContext;
  alias?: P.ErrorCapturingIdentifierContext;
  aliases?: P.IdentifierListContext;
}

/**
 * dt-sql-parser's grammar lets a select item be a column name with an alias without AS before an expression, so
 * `sum(col)` parses as the column `sum` aliased `(col)` and `not true` as `not` aliased `true`; Spark's grammar
 * reads both as expressions. Such an item is read again as an expression (the text padded so offsets stay).
 */
export function namedItem(t: Translator, n: P.NamedExpressionContext): NamedItem {
  const star = n.tableAllColumns();
  if (star) return { star, ...(n._alias ? { alias: n._alias } : {}) };
  const lit = n.selectLiteralColumnName();
  const alias = n._alias;
  const aliases = n.identifierList() ?? undefined;
  if (lit) {
    const text = lit.getText().toLowerCase();
    const keyword = text === 'null' || text === 'true' || text === 'false';
    if ((!n.KW_AS() && (aliases || alias)) || keyword) {
      const start = n.start!.start;
      const stop = n.stop!.stop;
      try {
        const padded = ' '.repeat(start) + t.text.slice(start, stop + 1);
        const reparsed = parseSparkExpression(padded).tree;
        return { expression: reparsed };
      } catch {
        // not one expression: the alias reading stands
      }
    }
    return { column: lit.columnName(), ...(alias ? { alias } : {}), ...(aliases ? { aliases } : {}) };
  }
  return { expression: n.selectExpressionColumnName()!.expression(), ...(alias ? { alias } : {}), ...(aliases ? { aliases } : {}) };
}

/** The value of a select item or struct field (not `*`). */
export function namedExpressionValue(t: Translator, n: P.NamedExpressionContext, scope: Scope): Typed {
  const item = namedItem(t, n);
  if (item.star) throw t.fail(n, "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression.");
  if (item.aliases) throw t.fail(n, '[MULTI_ALIAS_WITHOUT_GENERATOR] Multi part aliasing is only supported with a generator function.');
  if (item.column) return columnName(t, item.column, scope);
  return expr(t, item.expression!, scope);
}

function constantOf(t: Translator, c: P.ConstantContext): Typed {
  const pos = offsetOf(c);
  if (c.KW_NULL()) return { sql: 'NULL', type: T.unknown, at: pos, value: null, name: 'NULL', atom: true };
  const b = c.booleanValue();
  if (b) {
    const v = b.getText().toLowerCase() === 'true';
    return { sql: v ? 'true' : 'false', type: T.boolean, at: pos, value: v, name: String(v), atom: true };
  }
  const n = c.number();
  if (n) {
    try {
      return numberLiteral(t, n);
    } catch (e) {
      if (e instanceof RangeError) throw t.fail(n, `[INVALID_NUMERIC_LITERAL_RANGE] ${e.message}`);
      throw e;
    }
  }
  const interval = c.interval();
  if (interval) return intervalLiteral(t, interval);
  const lits = c.stringLit();
  const type = c.literalType();
  if (type) return typedLiteral(t, type.getText(), stringLitText(lits), c);
  if (lits.length > 0) return stringConstant(stringLitText(lits), pos);
  if (c.QUESTION() || c.COLON()) throw t.unsupported(c, 'a query parameter');
  throw t.unsupported(c, c.getText());
}

function subscript(t: Translator, base: Typed, index: Typed, node: Node): Typed {
  const pos = offsetOf(node);
  const name = base.name !== undefined && index.name !== undefined ? `${base.name}[${index.name}]` : undefined;
  // arr['f'] of an array of structs: each element's field (ExtractValue takes a string literal there as a field name)
  if (base.type.kind === 'array' && base.type.element.kind === 'row' && typeof index.value === 'string') return t.field(base, index.value, node);
  if (base.type.kind === 'array') {
    // arr[i] is 0-based; out of range NULL (non-ANSI)
    const i = coerce(t, index, isIntegral(index.type) ? index.type : T.integer);
    if (!isIntegral(i.type)) throw t.fail(node, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] the array index must be an integer`);
    return named({ sql: at(pos, sql`CASE WHEN ${i.sql} >= 0 THEN ${t.paren(base)}[${i.sql} + 1] END`), type: base.type.element, at: pos, atom: true }, name);
  }
  if (base.type.kind === 'map') {
    const k = coerce(t, index, base.type.key);
    return named({ sql: at(pos, sql`element_at(${base.sql}, ${k.sql})[1]`), type: base.type.value, at: pos, atom: true }, name);
  }
  if (base.type.kind === 'row' && typeof index.value === 'string') return t.field(base, index.value, node);
  throw t.fail(node, `[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from "${base.name ?? 'expr'}". Need a complex type [STRUCT, ARRAY, MAP] but got "${sparkSqlTypeName(base.type)}".`);
}

function caseExpression(t: Translator, node: P.PrimaryExpressionContext, scope: Scope): Typed {
  const pos = offsetOf(node);
  const whens = node.whenClause();
  const exprs = node.expression();
  const operandCtx = node._elseExpression ? (exprs.length > 1 ? exprs[0] : undefined) : exprs[0];
  const operand = operandCtx ? expr(t, operandCtx, scope) : undefined;
  const results = whens.map((w) => expr(t, w._result!, scope));
  const otherwise = node._elseExpression ? expr(t, node._elseExpression, scope) : undefined;
  const u = unify(t, [...results, ...(otherwise ? [otherwise] : [])], 'CASE WHEN', node);
  const conds = whens.map((w) => {
    if (!operand) return condition(t, w._condition!, scope, 'UNEXPECTED_INPUT_TYPE');
    return compare(t, '=', operand, expr(t, w._condition!, scope), w);
  });
  const parts = conds.map((c, i) => sql` WHEN ${c.sql} THEN ${u.items[i]!.sql}`);
  const all = [...conds, ...results, ...(otherwise ? [otherwise] : [])];
  const name = all.every((x) => x.name !== undefined)
    ? `CASE${conds.map((c, i) => ` WHEN ${c.name} THEN ${results[i]!.name}`).join('')}${otherwise ? ` ELSE ${otherwise.name}` : ''} END`
    : undefined;
  const out: Typed = { sql: at(pos, sql`CASE${join(parts, '')}${otherwise ? sql` ELSE ${u.items[u.items.length - 1]!.sql}` : ''} END`), type: u.type, at: pos, atom: true, ...(all.some((x) => x.aggregate) ? { aggregate: true } : {}) };
  return named(out, name);
}

function castExpression(t: Translator, node: P.PrimaryExpressionContext, scope: Scope): Typed {
  const pos = offsetOf(node);
  const e = expr(t, node.expression(0)!, scope);
  let to: SqlType;
  try {
    to = sparkTypeOf(node.dataType()!);
  } catch (err) {
    if (err instanceof TypeSyntaxError) {
      if (/^(CHAR|CHARACTER|VARCHAR)/.test(err.message)) throw t.unsupported(err.node, `CAST to ${node.dataType()!.getText().toUpperCase()}`, 'Spark reads it as STRING with length checks');
      throw t.fail(err.node, err.message);
    }
    throw err;
  }
  const tryCast = node._name?.type === P.SparkSqlParser.KW_TRY_CAST;
  const name = e.name !== undefined ? `${tryCast ? 'TRY_CAST' : 'CAST'}(${e.name} AS ${sparkSqlTypeName(to)})` : undefined;
  return named({ sql: at(pos, castSql(t, e, to)), type: to, at: pos, atom: true, ...(e.aggregate ? { aggregate: true } : {}) }, name);
}

export { str };
export type { Sql };
