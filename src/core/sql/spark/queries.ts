/**
 * Translating Spark queries: WITH, set operations (UNION is DISTINCT unless ALL; EXCEPT/MINUS, INTERSECT), VALUES,
 * SELECT (its FROM clause — tables and the job's frames, joins of every Spark kind, LATERAL VIEW, subqueries,
 * inline tables, generators — in relations.ts), GROUP BY (ordinals, aliases, ROLLUP, CUBE, GROUPING SETS), HAVING,
 * WINDOW, ORDER BY (Spark's null ordering: NULLS FIRST ascending), SORT BY, LIMIT, OFFSET. Every relation gets a DuckDB alias unique
 * in the statement and every column reference is qualified with it; output columns get Spark's names.
 */
import type { ParserRuleContext } from 'antlr4ng';
import * as P from 'dt-sql-parser/dist/lib/spark/SparkSqlParser';
import { at, join, text, type Sql } from '../dialects/emit';
import { T, type SqlType } from '../dialects/sqlType';
import { quoteIdentifier } from '../lexer';
import { sortItems, windowSpec } from './call';
import { coerce } from './coerce';
import { columnName, condition, expr, namedExpressionValue, namedItem } from './expressions';
import { generatorColumns, GENERATORS } from './functions/generators';
import type { NamedRelation, QueryOut, Scope, Typed } from './model';
import { offsetOf, type Translator } from './translator';
import { sameSparkType, sparkSqlTypeName, widerCommonType, widerTypeWithoutStringPromotion } from './types';
import { sql } from './sqlText';

const q = quoteIdentifier;

interface Term extends QueryOut {
  /** for ORDER BY after a plain SELECT: its select items and input scope */
  orderScope?: Scope;
  /** a plain SELECT's parts, so ORDER BY can be added inside it */
  select?: boolean;
}

/** A query used as an expression (subquery, IN, EXISTS) or as a statement. */
export function queryExpression(t: Translator, ctx: P.QueryContext, outer?: Scope): QueryOut {
  return query(t, ctx, outer);
}

export function query(t: Translator, ctx: P.QueryContext, outer?: Scope): Term {
  if (!(ctx instanceof P.QueryStatementContext)) throw t.unsupported(ctx, 'this query form');
  const ctesCtx = ctx.ctes();
  let scope = outer;
  const defs: Sql[] = [];
  if (ctesCtx) {
    const ctes = new Map<string, NamedRelation>(outer?.ctes ?? []);
    scope = { relations: [], ...(outer ? { parent: outer } : {}), ctes };
    for (const nq of ctesCtx.namedQuery()) {
      const name = t.identifier(nq._name!);
      if (ctes.has(name.toLowerCase()) && defs.length > 0 && [...ctes.keys()].includes(name.toLowerCase())) {
        // Spark: a CTE name defined twice in one WITH fails
      }
      const body = query(t, nq.query(), scope);
      const aliases = nq._columnAliases?.identifierSeq().errorCapturingIdentifier().map((i) => t.identifier(i));
      if (aliases && aliases.length !== body.columns.length) throw t.fail(nq, `[ASSIGNMENT_ARITY_MISMATCH] The number of columns or variables assigned or aliased: ${aliases.length} does not match the number of source values: ${body.columns.length}.`);
      const duckName = t.uniqueName(name);
      ctes.set(name.toLowerCase(), { duckName, columns: body.columns.map((c, i) => ({ name: aliases?.[i] ?? c.name, duckName: body.duckNames[i]!, type: c.type })) });
      defs.push(sql`${q(duckName)} AS (${body.sql})`);
    }
  }
  const term = queryTerm(t, ctx.queryTerm(), scope);
  const organized = organization(t, term, ctx.queryOrganization(), scope);
  return defs.length > 0 ? { ...organized, sql: sql`WITH ${join(defs)} ${organized.sql}` } : organized;
}

/** ORDER BY / SORT BY, LIMIT, OFFSET (DISTRIBUTE BY and CLUSTER BY change no result; CLUSTER BY also sorts). */
function organization(t: Translator, term: Term, o: P.QueryOrganizationContext, outer?: Scope): Term {
  const sorts = o.orderOrSortByClause();
  if (o.windowClause()) throw t.unsupported(o.windowClause()!, 'a WINDOW clause after a set operation');
  const parts: Sql[] = [];
  if (sorts.length > 0 || o.KW_CLUSTER()) {
    const items = sorts.flatMap((s) => s.sortItem());
    let scope: Scope;
    if (term.orderScope) scope = term.orderScope;
    else scope = { relations: [{ qualifiers: [], columns: term.columns.map((c, i) => ({ name: c.name, type: c.type, ref: q(term.duckNames[i]!) })) }], ...(outer ? { parent: outer } : {}) };
    const ordinal = (s: P.SortItemContext): Typed | undefined => {
      const e = s.expression();
      if (!e) return undefined;
      const v = expr(t, e, scope);
      if (typeof v.value === 'number' && Number.isInteger(v.value) && v.type.kind === 'integer') {
        if (v.value < 1 || v.value > term.columns.length) throw t.fail(s, `[ORDER_BY_POS_OUT_OF_RANGE] ORDER BY position ${v.value} is not in select list (valid range is [1, ${term.columns.length}]).`);
        const i = v.value - 1;
        return { sql: term.orderScope ? term.orderScope.outputs![i]!.typed.sql : q(term.duckNames[i]!), type: term.columns[i]!.type, at: offsetOf(s) };
      }
      return v;
    };
    let order = items.length > 0 ? sortItems(t, items, scope, (s) => ordinal(s) ?? expr(t, s.columnName() ?? s.expression()!, scope)) : undefined;
    if (o.KW_CLUSTER()) {
      const cluster = o.clusterOrDistributeBy().flatMap((c) => c.expression()).map((e) => sql`${expr(t, e, scope).sql} ASC NULLS FIRST`);
      order = order ? sql`${join(cluster)}, ${order}` : join(cluster);
    }
    if (order) parts.push(sql` ORDER BY ${order}`);
  }
  const limit = o.limitClause();
  if (limit && !limit.KW_ALL()) {
    const e = expr(t, limit.expression()!, outer ?? { relations: [] });
    if (typeof e.value !== 'number' || !Number.isInteger(e.value)) throw t.fail(limit, '[INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE] The limit like expression must be an integer constant.');
    if (e.value < 0) throw t.fail(limit, `[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression "${e.value}" must be equal to or greater than 0.`);
    parts.push(` LIMIT ${e.value}`);
  }
  if (o.KW_OFFSET()) {
    if (t.spark33) throw t.notIn33(o, 'OFFSET', '3.4.0');
    const e = expr(t, o._offset!, outer ?? { relations: [] });
    if (typeof e.value !== 'number' || !Number.isInteger(e.value) || e.value < 0) throw t.fail(o, '[INVALID_LIMIT_LIKE_EXPRESSION] The offset expression must be a non-negative integer constant.');
    parts.push(` OFFSET ${e.value}`);
  }
  if (parts.length === 0) return term;
  if (term.select) return { ...term, sql: join([term.sql, ...parts], '') };
  const alias = t.uniqueName('o');
  return { ...term, sql: sql`SELECT * FROM (${term.sql}) AS ${q(alias)}${join(parts, '')}`, orderScope: undefined as never, select: false };
}

function queryTerm(t: Translator, ctx: P.QueryTermContext, outer?: Scope): Term {
  const primaryCtx = ctx.queryPrimary();
  if (primaryCtx) return queryPrimary(t, primaryCtx, outer);
  const left = queryTerm(t, ctx._left!, outer);
  const right = queryTerm(t, ctx._right!, outer);
  const opText = ctx._operator!.text!.toUpperCase();
  const op = opText === 'MINUS' ? 'EXCEPT' : opText;
  if (left.columns.length !== right.columns.length) {
    throw t.fail(ctx, `[NUM_COLUMNS_MISMATCH] ${op} can only be performed on inputs with the same number of columns, but the first input has ${left.columns.length} columns and the second input has ${right.columns.length} columns.`);
  }
  const types = left.columns.map((c, i) => {
    const u = widerCommonType([c.type, right.columns[i]!.type]);
    if (!u) throw t.fail(ctx, `[INCOMPATIBLE_COLUMN_TYPE] ${op} can only be performed on tables with compatible column types. The ${i + 1} column of the second table is "${sparkSqlTypeName(right.columns[i]!.type)}" type which is not compatible with "${sparkSqlTypeName(c.type)}" at the same column of the first table.`);
    return u;
  });
  const all = ctx.setQuantifier()?.KW_ALL() ? ' ALL' : '';
  const names = left.duckNames;
  const side = (term: Term) => conform(t, term, types, names);
  return {
    sql: sql`(${side(left)}) ${op}${all} (${side(right)})`,
    columns: left.columns.map((c, i) => ({ ...c, type: types[i]! })),
    duckNames: names,
  };
}

/** A query's rows with its columns converted to `types` and named `names` (a side of a set operation). */
function conform(t: Translator, term: Term, types: SqlType[], names: string[]): Sql {
  const needs = term.columns.some((c, i) => !sameSparkType(c.type, types[i]!) || term.duckNames[i] !== names[i]);
  if (!needs) return term.sql;
  const alias = t.uniqueName('s');
  const cols = term.columns.map((c, i) => sql`${coerce(t, { sql: sql`${q(alias)}.${q(term.duckNames[i]!)}`, type: c.type, at: 0, atom: true }, types[i]!).sql} AS ${q(names[i]!)}`);
  return sql`SELECT ${join(cols)} FROM (${term.sql}) AS ${q(alias)}`;
}

function queryPrimary(t: Translator, ctx: P.QueryPrimaryContext, outer?: Scope): Term {
  const spec = ctx.querySpecification();
  if (spec) return querySpecification(t, spec, outer);
  if (ctx.KW_VALUES()) return values(t, ctx.expression(), ctx.tableAlias(), outer, ctx);
  if (ctx.KW_TABLE()) {
    const rel = namedTable(t, ctx.tableName()!, undefined, outer);
    const names = uniqueNames(rel.columns.map((c) => c.name));
    return { sql: sql`SELECT ${join(rel.columns.map((c, i) => sql`${c.ref} AS ${q(names[i]!)}`))} FROM ${rel.sql}`, columns: rel.columns.map((c) => ({ name: c.name, type: c.type })), duckNames: names };
  }
  const inner = ctx.query();
  if (inner) {
    const sub = query(t, inner, outer);
    return { sql: sub.sql, columns: sub.columns, duckNames: sub.duckNames };
  }
  throw t.unsupported(ctx, 'FROM … SELECT (a FROM clause first)');
}

// ---------------------------------------------------------------- VALUES

/** The rows of `VALUES …`: each a parenthesised list `(1, 'a')` or a single value; columns `col1`, `col2`, … */
export function values(t: Translator, rowsCtx: P.ExpressionContext[], aliasCtx: P.TableAliasContext | null, outer: Scope | undefined, node: ParserRuleContext): Term {
  const scope: Scope = { relations: [], ...(outer ? { parent: outer } : {}) };
  const rows: Typed[][] = rowsCtx.map((e) => {
    const p = e.booleanExpression().valueExpression()?.primaryExpression();
    const items = p && !e.booleanExpression().predicate() && p.namedExpression().length > 1 && !p.KW_STRUCT() ? p.namedExpression() : undefined;
    if (items) return items.map((n) => namedExpressionValue(t, n, scope));
    return [expr(t, e, scope)];
  });
  const width = rows[0]!.length;
  if (rows.some((r) => r.length !== width)) throw t.fail(node, '[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Invalid inline table. Inline table expected ' + width + ' columns but found a different number of columns in a row.');
  for (const r of rows) for (const v of r) if (v.value === undefined && !isFoldable(v)) throw t.fail(v.at, '[INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE] Invalid inline table. Cannot evaluate the expression in inline table definition.');
  const types = Array.from({ length: width }, (_, c) => {
    const u = widerTypeWithoutStringPromotion(rows.map((r) => r[c]!.type));
    if (!u) throw t.fail(node, `[INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE] Invalid inline table. Found incompatible types in the column col${c + 1} for inline table.`);
    return u;
  });
  const alias = aliasCtx?._alias ? t.identifier(aliasCtx._alias) : undefined;
  const colAliases = aliasCtx?.identifierList()?.identifierSeq().errorCapturingIdentifier().map((i) => t.identifier(i));
  if (colAliases && colAliases.length !== width) throw t.fail(aliasCtx!, `[ASSIGNMENT_ARITY_MISMATCH] Number of column aliases does not match number of columns. Number of column aliases: ${colAliases.length}; number of columns: ${width}.`);
  const names = types.map((_, i) => colAliases?.[i] ?? `col${i + 1}`);
  const duckNames = uniqueNames(names);
  const body = rows.map((r) => sql`(${join(r.map((v, i) => sql`${coerce(t, v, types[i]!.kind === 'unknown' ? T.unknown : types[i]!).sql}`))})`);
  const valuesAlias = t.uniqueName(alias ?? 'v');
  return {
    sql: sql`SELECT * FROM (VALUES ${join(body)}) AS ${q(valuesAlias)}(${duckNames.map(q).join(', ')})`,
    columns: types.map((type, i) => ({ name: names[i]!, type })),
    duckNames,
  };
}

/** a value made only of constants (an inline table's cell) */
function isFoldable(v: Typed): boolean {
  return !v.column && !v.aggregate;
}

import { lateralView, namedTable, relation, usingColumns, type FromOut } from './relations';
// ---------------------------------------------------------------- SELECT

interface Item {
  typed: Typed;
  name: string;
  uncertain?: boolean;
  /** a generator's columns come as several items from one call */
  generator?: boolean;
}

function querySpecification(t: Translator, ctx: P.QuerySpecificationContext, outer?: Scope): Term {
  if (ctx.transformClause()) throw t.unsupported(ctx.transformClause()!, 'SELECT TRANSFORM (scripts)');
  const scope: Scope = { relations: [], ...(outer ? { parent: outer } : {}), ...(outer?.ctes ? { ctes: outer.ctes } : {}) };
  const fromCtx = ctx.fromClause();
  let from: FromOut | undefined;
  if (fromCtx) {
    if (fromCtx.pivotClause()) throw t.unsupported(fromCtx.pivotClause()!, 'PIVOT');
    if (fromCtx.unPivotClause()) throw t.unsupported(fromCtx.unPivotClause()!, 'UNPIVOT');
    for (const r of fromCtx.relation()) {
      const rel = relation(t, r, scope);
      if (!from) from = rel;
      else {
        from.sql = sql`${from.sql} CROSS JOIN ${rel.sql}`;
        from.relations.push(...rel.relations);
        if (rel.using) from.using = new Map([...(from.using ?? []), ...rel.using]);
      }
    }
    for (const lv of [...fromCtx.lateralView(), ...ctx.lateralView()]) lateralView(t, lv, from!, scope);
    scope.relations = from!.relations;
    if (from!.using) scope.using = from!.using;
  }
  // the WINDOW clause names windows for OVER
  const previousWindows = t.windows;
  t.windows = new Map(previousWindows);
  const windowClause = ctx.windowClause();
  if (windowClause) {
    const names = windowClause.errorCapturingIdentifier();
    windowClause.windowSpec().forEach((w, i) => t.windows.set(t.identifier(names[i]!).toLowerCase(), w));
  }
  const previousGrouping = t.groupingColumns;
  t.groupingColumns = ctx.aggregationClause() ? { parts: [] } : undefined;
  try {
    const select = ctx.selectClause()!;
    const items: Item[] = [];
    for (const n of select.selectList().namedExpressionSeq().namedExpression()) items.push(...selectItem(t, n, scope, from));
    if (items.filter((i) => i.generator).length > 0 && new Set(items.filter((i) => i.generator).map((i) => i.typed.at)).size > 1) {
      throw t.fail(select, '[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] Only one generator allowed per SELECT clause.');
    }
    const duckNames = uniqueNames(items.map((i) => i.name));
    const distinct = select.setQuantifier()?.KW_DISTINCT() ? 'DISTINCT ' : '';
    const parts: Sql[] = [sql`SELECT ${distinct}${join(items.map((it, i) => sql`${it.typed.sql} AS ${q(duckNames[i]!)}`))}`];
    if (from) parts.push(sql` FROM ${from.sql}`);
    const where = ctx.whereClause();
    if (where) parts.push(sql` WHERE ${condition(t, where.booleanExpression(), scope, 'FILTER_NOT_BOOLEAN').sql}`);
    const outputs = items.map((it, i) => ({ name: it.name, typed: it.typed, duckName: duckNames[i]! }));
    const agg = ctx.aggregationClause();
    if (agg) parts.push(sql` GROUP BY ${grouping(t, agg, scope, outputs)}`);
    // HAVING and ORDER BY see the select list's names before the input's columns
    const aliasScope: Scope = { relations: [{ qualifiers: [], columns: outputs.filter((o) => !o.typed.column || o.name !== o.typed.name).map((o) => ({ name: o.name, type: o.typed.type, ref: o.typed.sql })) }], parent: scope };
    const having = ctx.havingClause();
    if (having) parts.push(sql` HAVING ${condition(t, having.booleanExpression(), agg ? { ...scope, relations: [...scope.relations, ...aliasScope.relations] } : aliasScope, 'FILTER_NOT_BOOLEAN').sql}`);
    if (windowClause) parts.push(sql` WINDOW ${join(windowClause.windowSpec().map((w, i) => sql`${q(t.identifier(windowClause.errorCapturingIdentifier(i)!))} AS ${windowSpec(t, w, scope)}`))}`);
    const orderScope: Scope = { ...aliasScope, outputs };
    return {
      sql: join(parts, ''),
      columns: items.map((it) => ({ name: it.name, type: it.typed.type, ...(it.uncertain ? { uncertainName: true, at: it.typed.at } : {}) })),
      duckNames,
      orderScope,
      select: true,
    };
  } finally {
    t.windows = previousWindows;
    t.groupingColumns = previousGrouping;
  }
}

function selectItem(t: Translator, n: P.NamedExpressionContext, scope: Scope, from: FromOut | undefined): Item[] {
  const item = namedItem(t, n);
  if (item.star) {
    const qualifier = item.star.qualifiedName().flatMap((qn) => qn.identifier().map((i) => t.identifier(i).toLowerCase()));
    return star(t, scope, qualifier, item.star, from);
  }
  const alias = item.alias ? t.identifier(item.alias) : undefined;
  const multi = item.aliases?.identifierSeq().errorCapturingIdentifier().map((i) => t.identifier(i));
  const exprCtx = item.expression;
  const call = exprCtx?.booleanExpression().valueExpression()?.primaryExpression();
  const fname = call?.functionName()?.getText().toLowerCase();
  if (call && fname && GENERATORS.has(fname) && !exprCtx!.booleanExpression().predicate()) {
    const args = call.functionArgument().map((a) => expr(t, a.expression()!, scope));
    const cols = generatorColumns(t, fname, args, call);
    const names = multi ?? (alias !== undefined ? [alias] : undefined);
    if (names && names.length !== cols.length) throw t.fail(n, `[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${cols.length} aliases, but got ${names.join(', ')}.`);
    return cols.map((c, i) => ({ typed: { sql: c.sql, type: c.type, at: offsetOf(call) }, name: names?.[i] ?? c.name, generator: true }));
  }
  if (multi) throw t.fail(n, '[MULTI_ALIAS_WITHOUT_GENERATOR] Multi part aliasing is only supported with a generator function.');
  const e = item.column ? columnName(t, item.column, scope) : expr(t, exprCtx!, scope);
  if (alias !== undefined) return [{ typed: e, name: alias }];
  if (e.name !== undefined) return [{ typed: e, name: e.name }];
  return [{ typed: e, name: t.text.slice(n.start!.start, n.stop!.stop + 1), uncertain: true }];
}

/** `*` or `t.*`: every column of the FROM clause (JOIN … USING's merged columns first, once). */
function star(t: Translator, scope: Scope, qualifier: string[], node: ParserRuleContext, from: FromOut | undefined): Item[] {
  const out: Item[] = [];
  const merged = from ? (usingColumns.get(from) ?? []) : [];
  const mergedLower = new Set(merged.map((m) => m.toLowerCase()));
  if (qualifier.length === 0) {
    if (!from) throw t.fail(node, "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in a SELECT without FROM.");
    for (const m of merged) {
      const c = scope.using!.get(m.toLowerCase())!;
      out.push({ typed: { sql: c.ref, type: c.type, at: offsetOf(node), name: c.name, column: true }, name: c.name });
    }
  }
  let matched = false;
  const seenMerged = new Set<string>();
  for (const r of scope.relations) {
    if (qualifier.length > 0 && !r.qualifiers.some((qq) => qq.length >= qualifier.length && qualifier.every((x, i) => x === qq[qq.length - qualifier.length + i]))) continue;
    matched = true;
    for (const c of r.columns) {
      if (qualifier.length === 0 && mergedLower.has(c.name.toLowerCase()) && !seenMerged.has(`${scope.relations.indexOf(r)}`)) {
        // each side of the USING join keeps its column reachable qualified, but * lists it once
        continue;
      }
      out.push({ typed: { sql: c.ref, type: c.type, at: offsetOf(node), name: c.name, column: true }, name: c.name });
    }
  }
  if (qualifier.length > 0 && !matched) throw t.fail(node, `[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve ${qualifier.map((x) => `\`${x}\``).join('.')}.* given input columns.`);
  return out;
}

/** GROUP BY items: ordinals and select aliases as Spark resolves them (spark.sql.groupByOrdinal / groupByAliases). */
function grouping(t: Translator, agg: P.AggregationClauseContext, scope: Scope, outputs: { name: string; typed: Typed }[]): Sql {
  const columns: Sql[] = [];
  const seen = new Set<string>();
  const collected = (s: Sql): Sql => {
    const key = text(s);
    if (!seen.has(key)) {
      seen.add(key);
      columns.push(s);
    }
    return s;
  };
  const out = groupingBody(t, agg, scope, outputs, collected);
  if (t.groupingColumns) t.groupingColumns.parts.push(join(columns));
  return out;
}

function groupingBody(t: Translator, agg: P.AggregationClauseContext, scope: Scope, outputs: { name: string; typed: Typed }[], collected: (s: Sql) => Sql): Sql {
  const item = (ctx: P.ExpressionContext | P.ColumnNameContext): Sql => collected(itemOf(ctx));
  const itemOf = (ctx: P.ExpressionContext | P.ColumnNameContext): Sql => {
    if (ctx instanceof P.ColumnNameContext) {
      try {
        return columnName(t, ctx, scope).sql;
      } catch (e) {
        const text = ctx.getText().replace(/`/g, '').toLowerCase();
        const o = outputs.find((x) => x.name.toLowerCase() === text);
        if (o) {
          if (o.typed.aggregate) throw t.fail(ctx, `[GROUP_BY_AGGREGATE] Aggregate functions are not allowed in GROUP BY, but found ${o.name}.`);
          return o.typed.sql;
        }
        throw e;
      }
    }
    const e = tryExpr(t, ctx, scope, outputs);
    return e;
  };
  const set = (s: P.GroupingSetContext): Sql => {
    const terms: Sql[] = [];
    for (let i = 0; i < s.getChildCount(); i++) {
      const c = s.getChild(i);
      if (c instanceof P.ColumnNameContext || c instanceof P.ExpressionContext) terms.push(item(c));
    }
    return s.LEFT_PAREN() ? sql`(${join(terms)})` : join(terms);
  };
  const analytics = (g: P.GroupingAnalyticsContext): Sql => {
    if (g.KW_ROLLUP()) return sql`ROLLUP (${join(g.groupingSet().map(set))})`;
    if (g.KW_CUBE()) return sql`CUBE (${join(g.groupingSet().map(set))})`;
    const sets: Sql[] = [];
    for (let i = 0; i < g.getChildCount(); i++) {
      const c = g.getChild(i);
      if (c instanceof P.GroupingSetContext) sets.push(s0(set(c)));
      else if (c instanceof P.GroupingAnalyticsContext) sets.push(analytics(c));
    }
    return sql`GROUPING SETS (${join(sets)})`;
  };
  const s0 = (x: Sql): Sql => x;
  const groupBys = agg.groupByClause();
  if (groupBys.length > 0) {
    return join(
      groupBys.map((g) => {
        const ga = g.groupingAnalytics();
        if (ga) return analytics(ga);
        const cn = g.columnName();
        return cn ? item(cn) : item(g.expression()!);
      }),
    );
  }
  const exprs = agg.expression().map((e) => item(e));
  const kind = agg._kind?.type;
  if (kind === P.SparkSqlParser.KW_ROLLUP) return sql`ROLLUP (${join(exprs)})`;
  if (kind === P.SparkSqlParser.KW_CUBE) return sql`CUBE (${join(exprs)})`;
  if (kind === P.SparkSqlParser.KW_GROUPING) return sql`GROUPING SETS (${join(agg.groupingSet().map(set))})`;
  return join(exprs);
}

function tryExpr(t: Translator, ctx: P.ExpressionContext, scope: Scope, outputs: { name: string; typed: Typed }[]): Sql {
  const e = (() => {
    try {
      return expr(t, ctx, scope);
    } catch (err) {
      const text = ctx.getText().replace(/`/g, '').toLowerCase();
      const o = outputs.find((x) => x.name.toLowerCase() === text);
      if (o) return o.typed;
      throw err;
    }
  })();
  // GROUP BY 2: the second select item
  if (typeof e.value === 'number' && e.type.kind === 'integer' && Number.isInteger(e.value)) {
    if (e.value < 1 || e.value > outputs.length) throw t.fail(ctx, `[GROUP_BY_POS_OUT_OF_RANGE] GROUP BY position ${e.value} is not in select list (valid range is [1, ${outputs.length}]).`);
    const o = outputs[e.value - 1]!;
    if (o.typed.aggregate) throw t.fail(ctx, `[GROUP_BY_POS_AGGREGATE] GROUP BY ${e.value} refers to an expression ${o.name} that contains an aggregate function.`);
    return o.typed.sql;
  }
  if (e.aggregate) throw t.fail(ctx, `[GROUP_BY_AGGREGATE] Aggregate functions are not allowed in GROUP BY, but found ${e.name ?? ctx.getText()}.`);
  return e.sql;
}

/** Unique DuckDB names for output columns (Spark allows duplicates; DuckDB's subqueries need them distinct). */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const key = n.toLowerCase();
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    return k === 0 ? n : `${n}_${k + 1}`;
  });
}

export { at };
