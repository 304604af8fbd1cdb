/**
 * Translating a query's FROM clause: tables, joins (USING merges its columns), subqueries and LATERAL, UNNEST (beside
 * the relations to its left too) and TABLESAMPLE. Every relation gets a DuckDB alias unique in the statement
 * (queries.ts translates the rest of a query).
 */
import type { ParserRuleContext, ParseTree } from 'antlr4ng';
import * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { at, join, sql, type Sql } from '../dialects/emit';
import { rowFieldKey, T, trinoTypeName, type SqlType } from '../dialects/sqlType';
import { quoteIdentifier } from '../lexer';
import { str } from './casts';
import { boolean, expr } from './expressions';
import type { OutputColumn, Scope, ScopeColumn, ScopeRelation } from './model';
import { aliasedNames, plainSelect, query, uniqueNames } from './queries';
import { scopeColumn } from './rowZones';
import { offsetOf, type Translator } from './translator';
import { commonSuperTypeOf } from './typing';

const q = quoteIdentifier;

export interface RelationOut {
  sql: Sql;
  relations: ScopeRelation[];
  using?: Map<string, ScopeColumn>;
  usingOrder?: string[];
}

/** the columns a USING column merges (so `*` lists it once) */
export const usingSources = new WeakMap<ScopeColumn, ScopeColumn[]>();

/** A FROM item; `scope` holds the relations to its left (UNNEST and LATERAL see them) and the outer query. */
export function relation(t: Translator, ctx: P.RelationContext, scope: Scope): RelationOut {
  if (ctx instanceof P.RelationDefaultContext) return sampled(t, ctx.sampledRelation(), scope);
  if (!(ctx instanceof P.JoinRelationContext)) throw t.unsupported(ctx, 'this relation');
  if (ctx.KW_NATURAL()) throw t.fail(ctx, 'Natural join not supported');
  const left = relation(t, ctx._left!, scope);
  const beside = ctx.KW_CROSS() && ctx._right && !left.using ? unnestOf(ctx._right) : undefined;
  if (beside) return unnestBeside(t, left, beside, scope);
  // `LEFT JOIN UNNEST(x) … ON TRUE`: the same, a row of NULLs kept for an empty or NULL array (select.md:1368)
  const leftBeside = isLeftOnTrue(ctx) && ctx._rightRelation instanceof P.RelationDefaultContext && !left.using ? unnestOf(ctx._rightRelation.sampledRelation()) : undefined;
  if (leftBeside) return unnestBeside(t, left, leftBeside, scope, true);
  const lateral: Scope = { ...scope, relations: [...scope.relations, ...left.relations], ...(left.using ? { using: new Map([...(scope.using ?? []), ...left.using]) } : {}) };
  const right = ctx._right ? sampled(t, ctx._right, lateral) : relation(t, ctx._rightRelation!, lateral);
  if (ctx.KW_CROSS()) return { sql: sql`${left.sql} CROSS JOIN ${right.sql}`, relations: [...left.relations, ...right.relations], ...mergeUsing(left) };
  const jt = ctx.joinType()!;
  const kind = jt.KW_LEFT() ? 'LEFT' : jt.KW_RIGHT() ? 'RIGHT' : jt.KW_FULL() ? 'FULL' : 'INNER';
  const criteria = ctx.joinCriteria()!;
  const both: Scope = { ...lateral, relations: [...lateral.relations, ...right.relations] };
  if (criteria.KW_ON()) {
    const eq = criteria.joinColumnEquality();
    const cond = eq
      ? (() => {
          const [a, b] = eq.joinColumnReference().map((r) => t.resolve(r.getText().split('.').map((x) => x.replace(/^"|"$/g, '').toLowerCase()), both, r));
          return sql`${a!.sql} = ${b!.sql}`;
        })()
      : boolean(t, expr(t, criteria.booleanExpression()!, both), criteria).sql;
    return { sql: sql`${left.sql} ${kind} JOIN ${right.sql} ON ${cond}`, relations: [...left.relations, ...right.relations], ...mergeUsing(left) };
  }
  // USING (a, b): equality on each name; the merged column is the left one (RIGHT: the right one; FULL: the first non-NULL)
  const names = criteria.identifier().map((i) => t.identifier(i));
  const using = new Map<string, ScopeColumn>(left.using ?? []);
  const conds: Sql[] = [];
  for (const name of names) {
    const find = (rels: ScopeRelation[], side: string) => {
      const found = rels.flatMap((r) => r.columns.filter((c) => c.name?.toLowerCase() === name));
      if (found.length !== 1) throw t.fail(criteria, `Column '${name}' is ${found.length === 0 ? 'missing from' : 'ambiguous in'} the ${side} side of the join`);
      return found[0]!;
    };
    const l = find(left.relations, 'left');
    const r = find(right.relations, 'right');
    const type = commonSuperTypeOf([l.type, r.type]);
    if (!type) throw t.fail(criteria, `Column types of left and right side are different for '${name}'`);
    const lt = t.coerce({ sql: l.ref, type: l.type, at: offsetOf(criteria), atom: true }, type).sql;
    const rt = t.coerce({ sql: r.ref, type: r.type, at: offsetOf(criteria), atom: true }, type).sql;
    conds.push(sql`${lt} = ${rt}`);
    const merged: ScopeColumn = { name, type, ref: kind === 'RIGHT' ? rt : kind === 'FULL' ? sql`COALESCE(${lt}, ${rt})` : lt };
    usingSources.set(merged, [l, r]);
    using.set(name, merged);
  }
  return {
    sql: sql`${left.sql} ${kind} JOIN ${right.sql} ON ${join(conds, ' AND ')}`,
    relations: [...left.relations, ...right.relations],
    using,
    usingOrder: [...(left.usingOrder ?? []), ...names],
  };
}

function mergeUsing(left: RelationOut): Partial<RelationOut> {
  return left.using ? { using: left.using, ...(left.usingOrder ? { usingOrder: left.usingOrder } : {}) } : {};
}

function sampled(t: Translator, ctx: P.SampledRelationContext, scope: Scope): RelationOut {
  const pr = ctx.patternRecognition();
  if (pr.KW_MATCH_RECOGNIZE()) throw t.unsupported(pr, 'MATCH_RECOGNIZE');
  const inner = aliased(t, pr.aliasedRelation(), scope);
  const kind = ctx.sampleType();
  if (!kind) return inner;
  // Trino's analysis of the percentage (StatementAnalyzer.visitSampledRelation): a constant from 0 to 100
  const hasColumn = (n: ParseTree): boolean => n instanceof P.ColumnReferenceContext || Array.from({ length: n.getChildCount() }, (_, i) => n.getChild(i)!).some(hasColumn);
  if (hasColumn(ctx._percentage!)) throw t.fail(ctx._percentage!, 'Sample percentage cannot contain column references');
  const pct = expr(t, ctx._percentage!, { relations: [] });
  if (typeof pct.value !== 'number') throw t.unsupported(ctx._percentage!, 'TABLESAMPLE with a percentage that is not a constant');
  if (pct.value < 0) throw t.fail(ctx._percentage!, 'Sample percentage must be greater than or equal to 0');
  if (pct.value > 100) throw t.fail(ctx._percentage!, 'Sample percentage must be less than or equal to 100');
  const method = kind.KW_BERNOULLI() ? 'bernoulli' : 'system';
  return { ...inner, sql: sql`${inner.sql} TABLESAMPLE ${method}(${String(pct.value)} PERCENT)` };
}

function aliased(t: Translator, ctx: P.AliasedRelationContext, scope: Scope): RelationOut {
  const alias = ctx._alias ? t.identifier(ctx._alias) : undefined;
  const columnAliases = ctx.columnAliases()?.identifier().map((i) => t.identifier(i));
  const primary = ctx.relationPrimary();
  if (primary instanceof P.TableNameContext) {
    if (primary.queryPeriod()) throw t.unsupported(primary.queryPeriod()!, 'FOR TIMESTAMP AS OF (time travel)');
    const tableOrView = primary.tableOrViewName();
    const ref = tableOrView.tableRef() ?? tableOrView.viewRef()!;
    const rel = tableRelation(t, ref.identifier().map((i) => t.identifier(i)), alias, ref, scope, columnAliases);
    return { sql: rel.sql, relations: [rel.relation] };
  }
  if (primary instanceof P.ParenthesizedRelationContext) {
    const inner = relation(t, primary.relation(), scope);
    if (alias === undefined) return inner;
    // (a JOIN b) AS x: one relation named x
    const visible = inner.relations.flatMap((r) => r.columns.filter((c) => !c.hidden));
    return subqueryRelation(t, sql`SELECT ${join(visible.map((c, i) => sql`${c.ref} AS ${q(`c${i}`)}`))} FROM ${inner.sql}`, visible.map((c) => ({ ...(c.name !== undefined ? { name: c.name } : {}), type: c.type })), alias, columnAliases, primary);
  }
  if (!(primary instanceof P.ExpressionSourceTableContext)) throw t.unsupported(primary, 'this relation');
  const source = primary.relationSourceTable();
  if (source instanceof P.SubqueryRelationContext || source instanceof P.LateralContext) {
    const lateral = source instanceof P.LateralContext;
    const select = plainSelect(source.query());
    if (select) t.companionSelects.add(select);
    const body = query(t, source.query(), lateral ? scope : withoutRelations(scope));
    const out = subqueryRelation(t, body.sql, body.columns, alias, columnAliases, source);
    return lateral ? { ...out, sql: sql`LATERAL ${out.sql}` } : out;
  }
  if (source instanceof P.UnnestContext) return unnest(t, source, scope, alias, columnAliases);
  if (source instanceof P.TableFunctionInvocationContext) throw t.unsupported(source, 'table functions');
  if (source instanceof P.JsonTableContext) throw t.unsupported(source, 'JSON_TABLE');
  throw t.unsupported(source, 'this relation');
}

/** The scope a plain subquery in FROM sees: the outer query, not the relations beside it. */
function withoutRelations(scope: Scope): Scope {
  return { relations: [], ...(scope.parent ? { parent: scope.parent } : {}), ...(scope.ctes ? { ctes: scope.ctes } : {}) };
}

function subqueryRelation(t: Translator, body: Sql, columns: OutputColumn[], alias: string | undefined, columnAliases: string[] | undefined, node: ParserRuleContext): RelationOut {
  const visible = columns.filter((c) => !c.hidden).length;
  if (columnAliases && columnAliases.length !== visible) throw t.fail(node, `Column alias list has ${columnAliases.length} entries but relation has ${visible} columns`);
  const duckAlias = t.uniqueName(alias ?? 'q');
  const names = aliasedNames(columns, columnAliases);
  const duckNames = uniqueNames(names.map((n, i) => n ?? `_col${i}`));
  const rel: ScopeRelation = {
    qualifier: alias !== undefined ? [alias] : [`\u0000${duckAlias}`],
    columns: columns.map((c, i) => scopeColumn(c, names[i], (j) => sql`${q(duckAlias)}.${q(duckNames[j]!)}`, i)),
  };
  return { sql: sql`(${body}) AS ${q(duckAlias)}(${duckNames.map(q).join(', ')})`, relations: [rel] };
}


/** A table, view or WITH query by name. */
export function tableRelation(t: Translator, parts: string[], alias: string | undefined, node: ParserRuleContext, scope: Scope | undefined, columnAliases?: string[]): { sql: Sql; relation: ScopeRelation; columns: ScopeColumn[] } {
  // a WITH query, by an unqualified name
  if (parts.length === 1) {
    for (let s = scope; s; s = s.parent) {
      const cte = s.ctes?.get(parts[0]!);
      if (!cte) continue;
      const duckAlias = t.uniqueName(alias ?? parts[0]!);
      const visible = cte.columns.filter((c) => !c.hidden).length;
      if (columnAliases && columnAliases.length !== visible) throw t.fail(node, `Column alias list has ${columnAliases.length} entries but '${parts[0]}' has ${visible} columns`);
      const names = aliasedNames(cte.columns, columnAliases);
      const columns: ScopeColumn[] = cte.columns.map((c, i) => scopeColumn(c, names[i], (j) => sql`${q(duckAlias)}.${q(cte.columns[j]!.duckName)}`, i));
      return { sql: at(offsetOf(node), sql`${q(cte.duckName)} AS ${q(duckAlias)}`), relation: { qualifier: [alias ?? parts[0]!], columns }, columns };
    }
  }
  let catalog = 'awsdatacatalog';
  let database: string | undefined;
  let name: string;
  if (parts.length === 3) [catalog, database, name] = parts as [string, string, string];
  else if (parts.length === 2) [database, name] = parts as [string, string];
  else name = parts[0]!;
  if (catalog !== 'awsdatacatalog') throw t.unsupported(node, `the catalog '${catalog}' (the local engine has the AwsDataCatalog only)`);
  database ??= t.options.defaultDatabase;
  if (database === undefined) throw t.fail(node, `${name}: no database given — qualify the name (database.table) or choose a database`);
  const info = t.options.table(database, name);
  // Athena's information_schema: schemata, tables, columns and views are given by the catalog (TableInfo); not the rest
  if (database === 'information_schema' && !info) {
    // Trino's other information_schema tables (InformationSchemaTable): no local principal has grants or roles
    if (['table_privileges', 'roles', 'applicable_roles', 'enabled_roles'].includes(name)) throw t.unsupported(node, `information_schema.${name}`);
    throw t.fail(node, `Table ${database}.${name} does not exist`);
  }
  if (!info) {
    if (t.options.database && !t.options.database(database)) throw t.fail(node, `Database ${database} does not exist`);
    throw t.fail(node, `Table ${database}.${name} does not exist`);
  }
  const duckAlias = t.uniqueName(alias ?? name);
  const visible = info.columns;
  if (columnAliases && columnAliases.length !== visible.filter((c) => !c.hidden).length) throw t.fail(node, `Column alias list has ${columnAliases.length} entries but '${database}.${name}' has ${visible.length} columns`);
  let k = 0;
  const columns: ScopeColumn[] = visible.map((c) => ({
    name: c.hidden ? c.name : (columnAliases?.[k++] ?? c.name),
    type: c.type,
    ref: sql`${q(duckAlias)}.${q(c.name)}`,
    ...(c.hidden ? { hidden: true } : {}),
  }));
  return {
    sql: at(offsetOf(node), sql`${info.relation ?? sql`${q(database)}.${q(name)}`} AS ${q(duckAlias)}`),
    relation: { qualifier: alias !== undefined ? [alias] : ['awsdatacatalog', database, name], columns },
    columns,
  };
}

/**
 * UNNEST(a, b, …) [WITH ORDINALITY]: arrays zipped (the shorter padded with NULL), an array of rows spread into
 * its fields, a map into key and value columns — DuckDB's unnest of several lists pads as Trino zips.
 */
function unnest(t: Translator, ctx: P.UnnestContext, scope: Scope, alias: string | undefined, columnAliases: string[] | undefined): RelationOut {
  const { inner, outer, columns } = unnestParts(t, ctx, scope, alias, columnAliases);
  const body = sql`SELECT ${join(outer.map((o, i) => sql`${o.sql} AS ${q(`c${i}`)}`))} FROM (SELECT ${join(inner)})`;
  const rel = subqueryRelation(t, body, columns, alias, undefined, ctx);
  const lateral = scope.relations.length > 0;
  return { ...rel, sql: lateral ? sql`LATERAL ${rel.sql}` : rel.sql };
}

/** An UNNEST's unnest calls (`inner`), the columns made of them (`outer`) and their names and types. */
function unnestParts(t: Translator, ctx: P.UnnestContext, scope: Scope, alias: string | undefined, columnAliases: string[] | undefined, keepEmpty = false): { inner: Sql[]; outer: { sql: Sql; type: SqlType }[]; columns: OutputColumn[] } {
  // keepEmpty (LEFT JOIN … ON TRUE): an empty or NULL list unnests as one NULL, so the row stays with NULLs
  const list = (l: Sql): Sql => (keepEmpty ? sql`CASE WHEN len(${l}) > 0 THEN ${l} ELSE [NULL] END` : l);
  const args = ctx.expression().map((e) => expr(t, e, scope));
  const inner: Sql[] = [];
  const outer: { sql: Sql; type: SqlType }[] = [];
  args.forEach((a, i) => {
    const ty = a.type;
    if (ty.kind === 'array') {
      inner.push(sql`unnest(${list(a.sql)}) AS ${q(`u${i}`)}`);
      if (ty.element.kind === 'row') ty.element.fields.forEach((f, k) => outer.push({ sql: sql`struct_extract(${q(`u${i}`)}, ${str(rowFieldKey(f, k))})`, type: f.type }));
      else outer.push({ sql: q(`u${i}`), type: ty.element });
    } else if (ty.kind === 'map') {
      inner.push(sql`unnest(${list(sql`map_keys(${a.sql})`)}) AS ${q(`k${i}`)}`, sql`unnest(${list(sql`map_values(${a.sql})`)}) AS ${q(`v${i}`)}`);
      outer.push({ sql: q(`k${i}`), type: ty.key }, { sql: q(`v${i}`), type: ty.value });
    } else if (ty.kind === 'unknown') {
      inner.push(sql`unnest(CAST(NULL AS INTEGER[])) AS ${q(`u${i}`)}`);
      outer.push({ sql: q(`u${i}`), type: T.unknown });
    } else throw t.fail(a.at, `Cannot unnest type: ${trinoTypeName(ty)}`);
  });
  if (ctx.KW_ORDINALITY()) {
    // DuckDB's cardinality is a UBIGINT, which its range() does not take
    const lengths = args.map((a) => (a.type.kind === 'map' ? sql`coalesce(CAST(cardinality(${a.sql}) AS BIGINT), 0)` : sql`coalesce(len(${a.sql}), 0)`));
    const longest = lengths.length === 1 ? lengths[0]! : sql`greatest(${join(lengths)})`;
    inner.push(sql`unnest(${list(sql`range(1, ${longest} + 1)`)}) AS "ord"`);
    outer.push({ sql: '"ord"', type: T.bigint });
  }
  if (columnAliases && columnAliases.length !== outer.length) throw t.fail(ctx, `Column alias list has ${columnAliases.length} entries but '${alias ?? 'UNNEST'}' has ${outer.length} columns available`);
  const columns: OutputColumn[] = outer.map((o, i) => ({ ...(columnAliases?.[i] !== undefined ? { name: columnAliases[i] } : {}), type: o.type }));
  return { inner, outer, columns };
}

/** `LEFT [OUTER] JOIN … ON TRUE` */
function isLeftOnTrue(ctx: P.JoinRelationContext): boolean {
  const criteria = ctx.joinCriteria();
  return ctx.joinType()?.KW_LEFT() != null && criteria?.KW_ON() != null && /^true$/i.test(criteria.booleanExpression()?.getText() ?? '');
}

/** The UNNEST of a FROM item (`UNNEST(x) [WITH ORDINALITY] [AS t(a, …)]`, not sampled), if it is one. */
export function unnestOf(ctx: P.SampledRelationContext): { ctx: P.UnnestContext; aliased: P.AliasedRelationContext } | undefined {
  if (ctx.sampleType()) return undefined;
  const pr = ctx.patternRecognition();
  if (pr.KW_MATCH_RECOGNIZE()) return undefined;
  const aliased = pr.aliasedRelation();
  const primary = aliased.relationPrimary();
  if (!(primary instanceof P.ExpressionSourceTableContext)) return undefined;
  const source = primary.relationSourceTable();
  return source instanceof P.UnnestContext ? { ctx: source, aliased } : undefined;
}

/**
 * `left CROSS JOIN UNNEST(left.x)` (or `left, UNNEST(left.x)`) as DuckDB's unnest in a select list over `left`:
 * `SELECT <left's columns>, unnest(x) FROM left`. Trino's Unnest operator emits each row's elements in the array's
 * order, so `array_agg` over them keeps that order; DuckDB's LATERAL join, once a WHERE on the elements is pushed
 * into it, is planned as a hash join that shuffles them (`[5, 4]` for `array_agg(i) … WHERE i > 3` over
 * `ARRAY[1,2,3,4,5]`, where Athena's page shows `[4, 5]`). The unnest in a select list streams in order.
 */
export function unnestBeside(t: Translator, left: { sql: Sql; relations: ScopeRelation[] }, un: { ctx: P.UnnestContext; aliased: P.AliasedRelationContext }, scope: Scope, keepEmpty = false): RelationOut {
  const alias = un.aliased._alias ? t.identifier(un.aliased._alias) : undefined;
  const columnAliases = un.aliased.columnAliases()?.identifier().map((i) => t.identifier(i));
  const lateral: Scope = { ...scope, relations: [...scope.relations.filter((r) => !left.relations.includes(r)), ...left.relations] };
  const parts = unnestParts(t, un.ctx, lateral, alias, columnAliases, keepEmpty);
  const leftColumns = left.relations.flatMap((r) => r.columns);
  const duckAlias = t.uniqueName(alias ?? 'unnest');
  const keep = leftColumns.map((c, i) => sql`${c.ref} AS ${q(`l${i}`)}`);
  const inner = sql`SELECT ${join([...keep, ...parts.inner])} FROM ${left.sql}`;
  const outer = sql`SELECT ${join([...leftColumns.map((_, i) => q(`l${i}`)), ...parts.outer.map((o, i) => sql`${o.sql} AS ${q(`c${i}`)}`)])} FROM (${inner})`;
  const ref = (name: string) => sql`${q(duckAlias)}.${q(name)}`;
  let k = 0;
  const relations: ScopeRelation[] = left.relations.map((r) => ({ ...r, columns: r.columns.map((c) => ({ ...c, ref: ref(`l${k++}`) })) }));
  const unnested: ScopeRelation = {
    qualifier: alias !== undefined ? [alias] : [`\u0000${duckAlias}`],
    columns: parts.columns.map((c, i) => ({ ...(c.name !== undefined ? { name: c.name } : {}), type: c.type, ref: ref(`c${i}`) })),
  };
  return { sql: at(offsetOf(un.ctx), sql`(${outer}) AS ${q(duckAlias)}`), relations: [...relations, unnested] };
}
