/**
 * Translating queries: WITH, set operations, VALUES, SELECT with its FROM clause (tables, joins, subqueries,
 * UNNEST, TABLESAMPLE), GROUP BY, HAVING, WINDOW, ORDER BY, LIMIT. Every relation gets a DuckDB alias unique in
 * the statement and every column reference is qualified with it, so DuckDB binds exactly what Trino binds; output
 * columns get Trino's names (`_col<i>` for anonymous ones).
 */
import type { ParserRuleContext } from 'antlr4ng';
import * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { join, sql, text, withoutFailures, type Sql } from '../dialects/emit';
import { duckDbType, rowFieldKey, sameType, trinoTypeName, type SqlType } from '../dialects/sqlType';
import { quoteIdentifier } from '../lexer';
import { str } from './casts';
import { boolean, expr } from './expressions';
import { groupingSql } from './groupBy';
import { checkGroupedNames } from './groupedNames';
import type { Cte, OutputColumn, QueryOut, Scope, Typed } from './model';
import { companionItems, shownItems } from './rowZones';
import { offsetOf, type Translator } from './translator';
import { relation, tableRelation, unnestBeside, unnestOf, usingSources } from './relations';
import { commonSuperTypeOf } from './typing';

const q = quoteIdentifier;

interface Term {
  sql: Sql;
  columns: OutputColumn[];
  /** the DuckDB names of the columns */
  duckNames: string[];
  /** for ORDER BY: the scope of a plain SELECT (with its outputs), absent after a set operation */
  orderScope?: Scope;
  /**
   * a plain SELECT DISTINCT whose items are all expressions (no `*`): ORDER BY may only sort by its outputs; the
   * items' source text (ANTLR's getText, without spaces), for an ORDER BY expression written as an item is
   */
  distinctOutputs?: string[];
}

/** A query used as an expression (subquery, IN, EXISTS) or as a statement. */
export function queryExpression(t: Translator, ctx: P.QueryContext, outer?: Scope): QueryOut {
  const term = query(t, ctx, outer);
  return { sql: term.sql, columns: term.columns };
}

export function query(t: Translator, ctx: P.QueryContext, outer?: Scope): Term {
  t.queryDepth++;
  try {
    return queryWith(t, ctx, outer);
  } finally {
    t.queryDepth--;
  }
}

function queryWith(t: Translator, ctx: P.QueryContext, outer?: Scope): Term {
  if (!(ctx instanceof P.QueryStatementContext)) throw t.unsupported(ctx, 'this query form');
  const withCtx = ctx.with();
  if (!withCtx) return queryNoWith(t, ctx.queryNoWith(), outer);
  // Athena's SELECT page (select.md, the live page too): "Using the WITH clause to create recursive queries is not
  // supported" - so the refusal does not say Athena has it
  if (withCtx.KW_RECURSIVE()) {
    throw t.source.error(offsetOf(withCtx), 'WITH RECURSIVE is not supported by the local engine; Athena\'s SELECT reference says "Using the WITH clause to create recursive queries is not supported"', 'SqlUnsupported');
  }
  const ctes = new Map<string, Cte>();
  const scope: Scope = { relations: [], ...(outer ? { parent: outer } : {}), ctes };
  const defs: Sql[] = [];
  for (const nq of withCtx.namedQuery()) {
    const name = t.identifier(nq._name!);
    if (ctes.has(name)) throw t.fail(nq, `WITH query name '${name}' specified more than once`);
    const select = plainSelect(nq.query());
    if (select) t.companionSelects.add(select);
    const body = query(t, nq.query(), scope);
    const aliases = nq.columnAliases()?.identifier().map((i) => t.identifier(i));
    const visible = body.columns.filter((c) => !c.hidden).length;
    if (aliases && aliases.length !== visible) throw t.fail(nq, `WITH column alias list has ${aliases.length} entries but WITH query has ${visible} columns`);
    const duckName = t.uniqueName(name);
    const given = aliasedNames(body.columns, aliases);
    const names = uniqueNames(given.map((n, i) => n ?? `_col${i}`));
    ctes.set(name, {
      duckName,
      columns: body.columns.map((c, i) => ({ ...(given[i] !== undefined ? { name: given[i] } : {}), duckName: names[i]!, type: c.type, ...(c.hidden ? { hidden: true } : {}), ...(c.companions ? { companions: c.companions } : {}) })),
    });
    defs.push(sql`${q(duckName)}(${names.map(q).join(', ')}) AS (${body.sql})`);
  }
  const body = queryNoWith(t, ctx.queryNoWith(), scope);
  return { ...body, sql: sql`WITH ${join(defs)} ${body.sql}` };
}

function queryNoWith(t: Translator, ctx: P.QueryNoWithContext, outer?: Scope): Term {
  const term = queryTerm(t, ctx.queryTerm(), outer);
  const parts: Sql[] = [term.sql];
  const sorts = ctx.sortItem();
  if (sorts.length > 0) {
    const scope: Scope = term.orderScope ?? {
      relations: [{ qualifier: [], columns: term.columns.map((c, i) => ({ ...(c.name !== undefined ? { name: c.name } : {}), type: c.type, ref: q(term.duckNames[i]!) })) }],
      ...(outer ? { parent: outer } : {}),
    };
    parts.push(sql` ORDER BY ${sortItems(t, sorts, scope, term.orderScope ? term : undefined)}`);
  }
  const rowCounts = ctx.rowCount();
  let idx = 0;
  if (ctx.KW_TIES()) return withTies(t, ctx, term, parts, outer);
  if (ctx.KW_OFFSET()) {
    const offset = rowCounts[idx++]!;
    if (offset.QUESTION_MARK()) throw t.unsupported(offset, 'a parameter (?) as OFFSET');
    parts.push(` OFFSET ${offset.getText()}`);
  }
  if (ctx.KW_LIMIT()) {
    const lim = ctx.limitRowCount()!;
    if (lim.rowCount()?.QUESTION_MARK()) throw t.unsupported(lim, 'a parameter (?) as LIMIT');
    // Trino's TopNNode (ORDER BY … LIMIT n): checkCondition(count <= Integer.MAX_VALUE, NOT_SUPPORTED, "ORDER BY LIMIT
    // > %s is not supported"); other-notable-limitations.md quotes it
    if (sorts.length > 0 && !lim.KW_ALL() && BigInt(lim.getText()) > 2147483647n) throw t.fail(lim, 'ORDER BY LIMIT > 2147483647 is not supported');
    if (!lim.KW_ALL()) parts.push(` LIMIT ${lim.getText()}`);
  } else if (ctx.KW_FETCH()) {
    const n = rowCounts[idx];
    if (n && !n.QUESTION_MARK() && BigInt(n.getText()) === 0n) throw fetchNotPositive(t, ctx.KW_FETCH()!.symbol.start);
    if (sorts.length > 0 && n && !n.QUESTION_MARK() && BigInt(n.getText()) > 2147483647n) throw t.fail(n, 'ORDER BY LIMIT > 2147483647 is not supported');
    parts.push(` LIMIT ${n ? n.getText() : '1'}`);
  }
  if (parts.length === 1) return term;
  // ORDER BY / LIMIT after a set operation apply to its result
  return { ...term, sql: term.orderScope ? join(parts, '') : sql`SELECT * FROM (${term.sql}) ${join(parts.slice(1), '')}` };
}

/**
 * `ORDER BY ... [OFFSET k] FETCH FIRST n ROWS WITH TIES`: the sorted rows from k + 1 to k + n and the rows that sort equal
 * to the last of them (select.md: "the rows in the same peer group as the last one"; Trino's Offset node runs before
 * its TopN/Limit with ties). Those are the rows whose rank() over the sort is at most k + n, after the first k of them
 * - kept with QUALIFY, the sort keys written over the select's own scope (a position as its select item).
 */
function withTies(t: Translator, ctx: P.QueryNoWithContext, term: Term, parts: Sql[], outer?: Scope): Term {
  const fetch = ctx.KW_FETCH()!.symbol.start;
  const sorts = ctx.sortItem();
  // StatementAnalyzer: semanticException(MISSING_ORDER_BY, limit, "FETCH FIRST WITH TIES clause requires ORDER BY")
  if (sorts.length === 0) throw t.fail(fetch, 'FETCH FIRST WITH TIES clause requires ORDER BY');
  const rowCounts = ctx.rowCount();
  const offset = ctx.KW_OFFSET() ? rowCounts[0]! : undefined;
  const count = rowCounts[offset ? 1 : 0];
  if (offset?.QUESTION_MARK()) throw t.unsupported(offset, 'a parameter (?) as OFFSET');
  if (count?.QUESTION_MARK()) throw t.unsupported(count, 'a parameter (?) as FETCH FIRST');
  const n = count ? BigInt(count.getText()) : 1n;
  if (n > 2147483647n) throw t.fail(count!, 'ORDER BY LIMIT > 2147483647 is not supported');
  if (n === 0n) throw fetchNotPositive(t, fetch);
  const last = (offset ? BigInt(offset.getText()) : 0n) + n;
  const tail = offset ? ` OFFSET ${offset.getText()}` : '';
  if (term.orderScope) {
    // a SELECT DISTINCT's rows are made after QUALIFY would run
    if (isDistinctSelect(ctx)) throw t.unsupported(fetch, 'FETCH FIRST ... WITH TIES after SELECT DISTINCT', 'sort and rank in an outer query');
    const outputs = term.orderScope.outputs!;
    const keys = sortItems(t, sorts, term.orderScope, term, (i) => outputs[i]!.typed.sql);
    return { ...term, sql: sql`${term.sql} QUALIFY rank() OVER (ORDER BY ${keys}) <= ${String(last)}${join(parts.slice(1), '')}${tail}` };
  }
  const scope: Scope = {
    relations: [{ qualifier: [], columns: term.columns.map((c, i) => ({ ...(c.name !== undefined ? { name: c.name } : {}), type: c.type, ref: q(term.duckNames[i]!) })) }],
    ...(outer ? { parent: outer } : {}),
  };
  const keys = sortItems(t, sorts, scope, undefined, (i) => q(term.duckNames[i]!));
  return { ...term, sql: sql`SELECT * FROM (${term.sql}) QUALIFY rank() OVER (ORDER BY ${keys}) <= ${String(last)}${join(parts.slice(1), '')}${tail}` };
}

/** StatementAnalyzer.analyzeLimit(FetchFirst): a row count of 0 fails (LIMIT 0 does not), at FETCH. */
function fetchNotPositive(t: Translator, at: number) {
  return t.fail(at, 'FETCH FIRST row count must be positive (actual value: 0)');
}

function isDistinctSelect(ctx: P.QueryNoWithContext): boolean {
  const qt = ctx.queryTerm();
  if (!(qt instanceof P.QueryTermDefaultContext)) return false;
  const primary = qt.queryPrimary();
  return primary instanceof P.QueryPrimaryDefaultContext && !!primary.querySpecification().setQuantifier()?.KW_DISTINCT();
}

function queryTerm(t: Translator, ctx: P.QueryTermContext, outer?: Scope): Term {
  if (ctx instanceof P.QueryTermDefaultContext) return queryPrimary(t, ctx.queryPrimary(), outer);
  if (!(ctx instanceof P.SetOperationContext)) throw t.unsupported(ctx, 'this set operation');
  const op = ctx.KW_UNION() ? 'UNION' : ctx.KW_INTERSECT() ? 'INTERSECT' : 'EXCEPT';
  let left = queryTerm(t, ctx._left!, outer);
  let right = queryTerm(t, ctx._right!, outer);
  const word = t.corresponding.find((o) => o > ctx._left!.stop!.stop && o < ctx._right!.start!.start);
  if (word !== undefined) [left, right] = corresponding(t, left, right, op, word);
  if (left.columns.length !== right.columns.length) throw t.fail(ctx, `${op} query has different number of fields: ${left.columns.length}, ${right.columns.length}`);
  const types: SqlType[] = left.columns.map((c, i) => {
    const u = commonSuperTypeOf([c.type, right.columns[i]!.type]);
    if (!u) throw t.fail(ctx, `column ${i + 1} in ${op} query has incompatible types: ${trinoTypeName(c.type)}, ${trinoTypeName(right.columns[i]!.type)}`);
    return u;
  });
  const quantifier = ctx.setQuantifier()?.KW_ALL() ? ' ALL' : '';
  const names = uniqueNames(left.columns.map((c, i) => c.name ?? `_col${i}`));
  const side = (term: Term) => conform(t, term, types, names, ctx);
  return {
    sql: sql`(${side(left)}) ${op}${quantifier} (${side(right)})`,
    columns: left.columns.map((c, i) => ({ ...(c.name !== undefined ? { name: c.name } : {}), type: types[i]! })),
    duckNames: names,
  };
}

/**
 * The sides of `op CORRESPONDING` as a set operation by position: each side's columns whose names both sides have
 * (ignoring case), in the first side's order (trinodb/trino docs/src/main/sphinx/sql/select.md, "UNION clause":
 * "CORRESPONDING matches columns by name instead of by position"). Sides with an unnamed column, a name given
 * twice, or no name in common are refused by name (Trino fails on them; its words are not in its documentation).
 */
function corresponding(t: Translator, left: Term, right: Term, op: string, at: number): [Term, Term] {
  const what = `${op} CORRESPONDING`;
  const names = (term: Term) => {
    const lower = term.columns.map((c) => c.name?.toLowerCase());
    if (lower.some((n) => n === undefined)) throw t.unsupported(at, `${what} over a column without a name`);
    if (new Set(lower).size !== lower.length) throw t.unsupported(at, `${what} over two columns of one name`);
    return lower as string[];
  };
  const [l, r] = [names(left), names(right)];
  const common = l.filter((n) => r.includes(n));
  if (common.length === 0) throw t.unsupported(at, `${what} of queries with no column name in common`);
  const pick = (term: Term, own: string[]): Term => {
    const alias = t.uniqueName('c');
    const idx = common.map((n) => own.indexOf(n));
    if (idx.every((j, i) => j === i) && idx.length === own.length) return term;
    return {
      sql: sql`SELECT ${join(idx.map((j) => sql`${q(alias)}.${q(term.duckNames[j]!)}`))} FROM (${term.sql}) AS ${q(alias)}(${term.duckNames.map(q).join(', ')})`,
      columns: idx.map((j) => term.columns[j]!),
      duckNames: idx.map((j) => term.duckNames[j]!),
    };
  };
  return [pick(left, l), pick(right, r)];
}

/** A query's rows with its columns converted to `types` and named `names` (a side of a set operation). */
function conform(t: Translator, term: Term, types: SqlType[], names: string[], node: ParserRuleContext): Sql {
  const needs = term.columns.some((c, i) => !sameType(c.type, types[i]!) || term.duckNames[i] !== names[i]);
  if (!needs) return term.sql;
  const alias = t.uniqueName('s');
  const cols = term.columns.map((c, i) => {
    const typed: Typed = { sql: sql`${q(alias)}.${q(term.duckNames[i]!)}`, type: c.type, at: offsetOf(node), atom: true };
    return sql`${t.coerce(typed, types[i]!).sql} AS ${q(names[i]!)}`;
  });
  return sql`SELECT ${join(cols)} FROM (${term.sql}) AS ${q(alias)}(${term.duckNames.map(q).join(', ')})`;
}

function queryPrimary(t: Translator, ctx: P.QueryPrimaryContext, outer?: Scope): Term {
  if (ctx instanceof P.QueryPrimaryDefaultContext) return querySpecification(t, ctx.querySpecification(), outer);
  if (ctx instanceof P.SubqueryContext) {
    const inner = queryNoWith(t, ctx.queryNoWith(), outer);
    return { sql: sql`SELECT * FROM (${inner.sql})`, columns: inner.columns, duckNames: inner.duckNames };
  }
  if (ctx instanceof P.InlineTableContext) return values(t, ctx, outer);
  if (ctx instanceof P.TableContext) {
    const rel = tableRelation(t, ctx.tableRef().identifier().map((i) => t.identifier(i)), undefined, ctx.tableRef(), outer);
    const names = uniqueNames(rel.columns.filter((c) => !c.hidden).map((c) => c.name!));
    const visible = rel.columns.filter((c) => !c.hidden);
    return {
      sql: sql`SELECT ${join(visible.map((c, i) => sql`${c.ref} AS ${q(names[i]!)}`))} FROM ${rel.sql}`,
      columns: visible.map((c) => ({ name: c.name!, type: c.type })),
      duckNames: names,
    };
  }
  throw t.unsupported(ctx, 'this query form');
}

/** `VALUES 1, 2` / `VALUES (1, 'a'), (2, 'b')`: columns typed by their common super type. */
function values(t: Translator, ctx: P.InlineTableContext, outer?: Scope): Term {
  const scope: Scope = { relations: [], ...(outer ? { parent: outer } : {}) };
  const rows: Typed[][] = ctx.expression().map((e) => {
    const v = expr(t, e, scope);
    // a row constructor is a row of the table; any other value a row of one column
    const isRow = v.type.kind === 'row' && isRowConstructor(e);
    if (!isRow) return [v];
    const ty = v.type as Extract<SqlType, { kind: 'row' }>;
    return ty.fields.map((f, i) => ({ sql: sql`struct_extract(${v.sql}, ${str(rowFieldKey(f, i))})`, type: f.type, at: v.at }));
  });
  const width = rows[0]!.length;
  if (rows.some((r) => r.length !== width)) throw t.fail(ctx, 'Values rows have mismatched sizes');
  const types = Array.from({ length: width }, (_, c) => {
    const u = commonSuperTypeOf(rows.map((r) => r[c]!.type));
    if (!u) throw t.fail(ctx, `Values rows have mismatched types: ${rows.map((r) => trinoTypeName(r[c]!.type)).join(', ')}`);
    return u;
  });
  const names = types.map((_, i) => `_col${i}`);
  const body = rows.map((r) => sql`(${join(r.map((v, i) => t.coerce(v, types[i]!).sql))})`);
  const alias = t.uniqueName('v');
  return {
    sql: sql`SELECT * FROM (VALUES ${join(body)}) AS ${q(alias)}(${names.map(q).join(', ')})`,
    columns: types.map((type) => ({ type })),
    duckNames: names,
  };
}

/**
 * The name of a select item that is a column or a row field, as the query writes it (Trino's analyzeSelect names
 * the output by the Identifier's value; tables-databases-columns-names.md: Athena displays "the column heading using
 * the casing that you chose in the query").
 */
function writtenName(t: Translator, e: P.ExpressionContext | P.ColumnRefContext): string | undefined {
  if (e instanceof P.ColumnRefContext) return e.qualifiedName()?.identifier().at(-1) && t.identifierAsWritten(e.qualifiedName()!.identifier().at(-1)!);
  const b = e.booleanExpression();
  if (!(b instanceof P.PredicatedContext) || b.predicate()) return undefined;
  const v = b.valueExpression();
  const p = v instanceof P.ValueExpressionDefaultContext ? v.primaryExpression() : undefined;
  if (p instanceof P.ColumnReferenceContext) return t.identifierAsWritten(p.columnName().qualifiedName().identifier().at(-1)!);
  if (p instanceof P.DereferenceContext) return t.identifierAsWritten(p._fieldName!);
  return undefined;
}

function isRowConstructor(e: P.ExpressionContext): boolean {
  const b = e.booleanExpression();
  if (!(b instanceof P.PredicatedContext) || b.predicate()) return false;
  const v = b.valueExpression();
  return v instanceof P.ValueExpressionDefaultContext && v.primaryExpression() instanceof P.RowConstructorContext;
}

// ---------------------------------------------------------------- SELECT

function querySpecification(t: Translator, ctx: P.QuerySpecificationContext, outer?: Scope): Term {
  const from = ctx.relation();
  const scope: Scope = { relations: [], ...(outer ? { parent: outer } : {}) };
  const fromSql: Sql[] = [];
  for (const r of from) {
    // `FROM a, UNNEST(a.x)`: the UNNEST beside the relations to its left (see unnestBeside)
    const beside = r instanceof P.RelationDefaultContext && fromSql.length > 0 && !scope.using ? unnestOf(r.sampledRelation()) : undefined;
    if (beside) {
      const rel = unnestBeside(t, { sql: join(fromSql), relations: scope.relations }, beside, scope);
      fromSql.splice(0, fromSql.length, rel.sql);
      scope.relations = rel.relations;
      continue;
    }
    const rel = relation(t, r, scope);
    fromSql.push(rel.sql);
    scope.relations.push(...rel.relations);
    if (rel.using) scope.using = new Map([...(scope.using ?? []), ...rel.using]);
    if (rel.usingOrder) usingOrder.set(scope, [...(usingOrder.get(scope) ?? []), ...rel.usingOrder]);
  }
  // SELECT list
  const items: { sql: Sql; name?: string; type: SqlType; typed?: Typed; source?: string }[] = [];
  for (const item of ctx.selectList().selectItem()) {
    if (item.selectAllWithoutTable()) {
      for (const c of starColumns(t, scope, undefined, item)) items.push(c);
      continue;
    }
    const all = item.tableAllColumns();
    if (all) {
      const base = all.primaryExpression();
      let cols: { sql: Sql; name?: string; type: SqlType }[];
      if (base instanceof P.ColumnReferenceContext) {
        const qualifier = t.qualifiedName(base.columnName().qualifiedName());
        cols = starColumns(t, scope, qualifier, item, () => rowStar(t, expr(t, base, scope), item));
      } else cols = rowStar(t, expr(t, base, scope), item);
      const aliases = item.columnAliases()?.identifier();
      if (aliases && aliases.length !== cols.length) throw t.fail(item, `Column alias list has ${aliases.length} entries but ${cols.length} columns`);
      cols.forEach((c, i) => items.push(aliases ? { ...c, name: t.identifier(aliases[i]!) } : c));
      continue;
    }
    const exprCtx = item.selectLiteralColumnName()?.columnRef() ?? item.selectExpressionColumnName()?.expression();
    let e: Typed;
    if (exprCtx instanceof P.ColumnRefContext) {
      const qn = exprCtx.qualifiedName();
      if (!qn) throw t.fail(item, 'a column name is missing');
      e = t.resolve(t.qualifiedName(qn), scope, exprCtx);
    } else e = expr(t, exprCtx!, scope);
    const alias = item._alias ? t.identifierAsWritten(item._alias) : undefined;
    const name = alias ?? (e.name !== undefined ? writtenName(t, exprCtx!) : undefined) ?? e.name;
    items.push({ sql: e.sql, type: e.type, typed: e, source: exprCtx!.getText(), ...(name !== undefined ? { name } : {}) });
  }
  const names = uniqueNames(items.map((it, i) => it.name ?? `_col${i}`));
  const distinct = ctx.setQuantifier()?.KW_DISTINCT() ? 'DISTINCT ' : '';
  const shown = shownItems(t, ctx, items);
  const companions = companionItems(t, ctx, items, names);
  const selectList = [...items.map((it, i) => sql`${shown[i] ?? it.sql} AS ${q(names[i]!)}`), ...companions.items.map((c) => sql`${c.sql} AS ${q(c.name)}`)];
  const parts: Sql[] = [sql`SELECT ${distinct}${join(selectList)}`];
  if (fromSql.length > 0) parts.push(sql` FROM ${join(fromSql)}`);
  const where = ctx.whereClause();
  if (where) parts.push(sql` WHERE ${boolean(t, expr(t, where.booleanExpression(), scope), where).sql}`);
  const groupBy = ctx.groupBy();
  if (groupBy) parts.push(sql` GROUP BY ${groupingSql(t, groupBy, scope)}`);
  checkGroupedNames(t, ctx, scope);
  const having = ctx.havingClause();
  if (having) parts.push(sql` HAVING ${boolean(t, expr(t, having.booleanExpression(), scope), having).sql}`);
  const windows = ctx.windowDefinition();
  if (windows.length > 0) {
    parts.push(sql` WINDOW ${join(windows.map((w) => sql`${q(t.identifier(w._name!))} AS (${windowBody(t, w.windowSpecification(), scope)})`))}`);
  }
  const orderScope: Scope = {
    ...scope,
    outputs: items.map((it, i) => ({ ...(it.name !== undefined ? { name: it.name.toLowerCase() } : {}), typed: it.typed ?? { sql: q(names[i]!), type: it.type, at: offsetOf(ctx) } })),
  };
  return {
    sql: join(parts, ''),
    columns: [
      ...items.map((it, i) => ({ ...(it.name !== undefined ? { name: it.name } : {}), type: it.type, ...(shown[i] !== undefined ? { shown: true } : {}), ...(companions.of[i] ? { companions: companions.of[i] } : {}) })),
      ...companions.items.map((c) => ({ name: c.name, type: c.type, hidden: true })),
    ],
    duckNames: [...names, ...companions.items.map((c) => c.name)],
    orderScope,
    ...(distinct && items.every((it) => it.typed) ? { distinctOutputs: items.map((it) => it.source ?? '') } : {}),
  };
}


/** The names of a query's columns under a column alias list, which names the visible ones in order. */
export function aliasedNames(columns: OutputColumn[], aliases: string[] | undefined): (string | undefined)[] {
  let k = 0;
  return columns.map((c) => (c.hidden ? c.name : (aliases?.[k++] ?? c.name)));
}

/** The SELECT of a query that is one plain SELECT (with or without WITH, ORDER BY, LIMIT), not a set operation. */
export function plainSelect(q: P.QueryContext): P.QuerySpecificationContext | undefined {
  if (!(q instanceof P.QueryStatementContext)) return undefined;
  const term = q.queryNoWith().queryTerm();
  if (!(term instanceof P.QueryTermDefaultContext)) return undefined;
  const primary = term.queryPrimary();
  return primary instanceof P.QueryPrimaryDefaultContext ? primary.querySpecification() : undefined;
}


/** the order of JOIN … USING columns in `*` (they come first) */
const usingOrder = new WeakMap<Scope, string[]>();

function starColumns(t: Translator, scope: Scope, qualifier: string[] | undefined, node: ParserRuleContext, orElse?: () => { sql: Sql; name?: string; type: SqlType }[]) {
  const out: { sql: Sql; name?: string; type: SqlType; typed?: Typed }[] = [];
  const merged = usingOrder.get(scope) ?? [];
  if (qualifier === undefined) {
    for (const name of merged) {
      const c = scope.using!.get(name)!;
      out.push({ sql: c.ref, name, type: c.type });
    }
  }
  let matched = false;
  for (const r of scope.relations) {
    if (qualifier !== undefined && !suffix(qualifier, r.qualifier)) continue;
    matched = true;
    for (const c of r.columns) {
      if (c.hidden) continue;
      const lower = c.name?.toLowerCase();
      if (qualifier === undefined && lower !== undefined && merged.includes(lower) && scope.using?.get(lower) && usingSources.get(scope.using.get(lower)!)?.includes(c)) continue;
      // a per-row zone goes with the column (Typed.rowZone)
      const typed: Typed | undefined = c.rowZone ? { sql: c.ref, type: c.type, at: offsetOf(node), atom: true, rowZone: c.rowZone } : undefined;
      out.push({ sql: c.ref, ...(c.name !== undefined ? { name: c.name } : {}), type: c.type, ...(typed ? { typed } : {}) });
    }
  }
  if (qualifier !== undefined && !matched) {
    if (orElse) return orElse();
    throw t.fail(node, `Table '${qualifier.join('.')}' not found`);
  }
  if (qualifier === undefined && out.length === 0 && scope.relations.length === 0) throw t.fail(node, 'SELECT * not allowed in queries without FROM clause');
  return out;
}

function rowStar(t: Translator, e: Typed, node: ParserRuleContext) {
  if (e.type.kind !== 'row') throw t.fail(node, `Expression is not of type ROW`);
  return e.type.fields.map((f, i) => ({ sql: sql`struct_extract(${e.sql}, ${str(rowFieldKey(f, i))})`, ...(f.name !== undefined ? { name: f.name } : {}), type: f.type }));
}

function suffix(qualifier: string[], full: string[]): boolean {
  if (qualifier.length > full.length) return false;
  const offset = full.length - qualifier.length;
  return qualifier.every((x, i) => x === full[offset + i]);
}

/**
 * Trino's StatementAnalyzer: under SELECT DISTINCT an ORDER BY expression must be one of the select list's
 * (engine-versions-reference-0003.md, "ORDER BY expressions must appear in SELECT list"); DuckDB would sort by it.
 */
function distinctOrder(t: Translator, at: ParserRuleContext): Error {
  return t.fail(at, 'For SELECT DISTINCT, ORDER BY expressions must appear in select list');
}

/**
 * An ORDER BY expression is a select item's (Trino compares their trees) when it is written as the item is, or
 * translates to the same SQL (runtime failures' texts aside: `a` and `t.a` name the same column).
 */
function isOutput(sources: readonly string[], outputs: NonNullable<Scope['outputs']>, source: string, e: Sql): boolean {
  if (sources.includes(source)) return true;
  const wanted = text(withoutFailures(e));
  return outputs.some((o) => text(withoutFailures(o.typed.sql)) === wanted);
}

/** ORDER BY items; names of the select list's columns come before input columns (Trino's rule). */
/** `position`: a select item's SQL by its index, where a position cannot stand (a window's ORDER BY). */
export function sortItems(t: Translator, items: P.SortItemContext[], scope: Scope, term?: Term, position?: (index: number) => Sql): Sql {
  return join(
    items.map((s) => {
      let target: Sql;
      /** the sort key's type, where the key is an expression (not a position) */
      let type: SqlType | undefined;
      let nanKey: { sql: Sql; type: SqlType } | undefined;
      const ref = s.columnRef();
      const outputs = scope.outputs;
      if (ref?.qualifiedName()) {
        const parts = t.qualifiedName(ref.qualifiedName()!);
        const index = parts.length === 1 && outputs ? outputs.findIndex((o) => o.name === parts[0]) : -1;
        if (index >= 0 && outputs!.filter((o) => o.name === parts[0]).length > 1) throw t.fail(ref, `'${parts[0]}' in ORDER BY is ambiguous`);
        // a column shown as Athena's text sorts by its value
        if (index >= 0 && term) {
          target = position ? position(index) : term.columns[index]!.shown ? outputs![index]!.typed.sql : String(index + 1);
          nanKey = { sql: position ? position(index) : q(term.duckNames[index]!), type: outputs![index]!.typed.type };
        } else {
          const resolved = t.resolve(parts, scope, ref);
          if (term?.distinctOutputs && !isOutput(term.distinctOutputs, outputs!, ref.getText(), resolved.sql)) throw distinctOrder(t, ref);
          target = resolved.sql;
          type = resolved.type;
        }
      } else {
        const e = expr(t, s.expression()!, { ...scope, outputs: undefined as never });
        if (typeof e.value === 'number' && Number.isInteger(e.value)) {
          const width = outputs?.length ?? Infinity;
          if (e.value < 1 || e.value > width) throw t.fail(s, `ORDER BY position ${e.value} is not in select list`);
        } else if (term?.distinctOutputs && !isOutput(term.distinctOutputs, outputs!, s.expression()!.getText(), e.sql)) throw distinctOrder(t, s);
        const at = typeof e.value === 'number' && Number.isInteger(e.value) ? e.value - 1 : -1;
        target = at >= 0 && position ? position(at) : at >= 0 && term?.columns[at]?.shown ? outputs![at]!.typed.sql : e.sql;
        if (at < 0) type = e.type;
        else if (term) nanKey = { sql: position ? position(at) : q(term.duckNames[at]!), type: outputs![at]!.typed.type };
      }
      // an output column is keyed by its DuckDB name (a position cannot go inside the CASE below)
      const key = type ? { sql: target, type } : nanKey;
      const descending = s._ordering?.text?.toUpperCase() === 'DESC';
      const dir = s._ordering ? ` ${s._ordering.text!.toUpperCase()}` : '';
      const nulls = s._nullOrdering ? ` NULLS ${s._nullOrdering.text!.toUpperCase()}` : '';
      // NULLS FIRST puts NaN next to the NULLs: Trino's ordering operator is COMPARISON_UNORDERED_FIRST then (NaN the
      // least, so first ascending and last descending), COMPARISON_UNORDERED_LAST otherwise (NaN the greatest, as
      // DuckDB sorts it) — trinodb/trino core/trino-spi/…/type/TypeOperators.getOrderingOperator:
      // `sortOrder.isNullsFirst() ? COMPARISON_UNORDERED_FIRST : COMPARISON_UNORDERED_LAST`, negated for DESC
      if (s._nullOrdering?.text?.toUpperCase() === 'FIRST' && key && (key.type.kind === 'double' || key.type.kind === 'real')) {
        return sql`(CASE WHEN ${key.sql} IS NULL THEN 0 WHEN isnan(${key.sql}) THEN ${descending ? '2' : '1'} ELSE ${descending ? '1' : '2'} END), ${target}${dir}${nulls}`;
      }
      return sql`${target}${dir}${nulls}`;
    }),
  );
}

export function windowSpec(t: Translator, over: P.OverContext, scope: Scope): Sql {
  if (over._windowName) return q(t.identifier(over._windowName));
  return sql`(${windowBody(t, over.windowSpecification()!, scope)})`;
}

function windowBody(t: Translator, spec: P.WindowSpecificationContext, scope: Scope): Sql {
  const parts: Sql[] = [];
  if (spec._existingWindowName) parts.push(q(t.identifier(spec._existingWindowName)));
  const partition = spec.partitionBy();
  if (partition) parts.push(sql`PARTITION BY ${join(partition.expression().map((e) => expr(t, e, scope).sql))}`);
  if (spec.sortItem().length > 0) parts.push(sql`ORDER BY ${sortItems(t, spec.sortItem(), scope)}`);
  const frame = spec.windowFrame();
  if (frame) {
    if (frame.KW_MEASURES() || frame.KW_PATTERN()) throw t.unsupported(frame, 'row pattern recognition in a window');
    const extent = frame.frameExtent();
    const bound = (b: P.FrameBoundContext): Sql => {
      if (b instanceof P.UnboundedFrameContext) return `UNBOUNDED ${b.KW_PRECEDING() ? 'PRECEDING' : 'FOLLOWING'}`;
      if (b instanceof P.CurrentRowBoundContext) return 'CURRENT ROW';
      const bf = b as P.BoundedFrameContext;
      return sql`${expr(t, bf.expression(), scope).sql} ${bf.KW_PRECEDING() ? 'PRECEDING' : 'FOLLOWING'}`;
    };
    const type = extent._frameType!.text!.toUpperCase();
    const bounds = extent.frameBound();
    parts.push(bounds.length === 2 ? sql`${type} BETWEEN ${bound(bounds[0]!)} AND ${bound(bounds[1]!)}` : sql`${type} ${bound(bounds[0]!)}`);
  }
  return join(parts, ' ');
}

/** Names made unique case-insensitively (`a`, `a_2`), for DuckDB, which needs unique column names. */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let name = n;
    for (let i = 2; seen.has(name.toLowerCase()); i++) name = `${n}_${i}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

export { duckDbType };
