/**
 * Translating a Spark query's FROM clause: tables and the job's frames, subqueries and VALUES, table-valued functions
 * and generators, joins of every Spark kind (USING and NATURAL), LATERAL VIEW. Every relation gets a DuckDB alias
 * unique in the statement (queries.ts translates the rest of the query).
 */
import type { ParserRuleContext } from 'antlr4ng';
import * as P from 'dt-sql-parser/dist/lib/spark/SparkSqlParser';
import { join, type Sql } from '../dialects/emit';
import { T, type SqlType } from '../dialects/sqlType';
import { quoteIdentifier } from '../lexer';
import { coerce } from './coerce';
import { condition, expr } from './expressions';
import { generatorColumns, GENERATORS } from './functions/generators';
import type { QueryOut, Scope, ScopeColumn, ScopeRelation } from './model';
import { type Translator } from './translator';
import { sql } from './sqlText';
import { query, uniqueNames, values } from './queries';

const q = quoteIdentifier;

export interface FromOut {
  sql: Sql;
  relations: ScopeRelation[];
  using?: Map<string, ScopeColumn>;
}

export function tableAliasOf(t: Translator, a: P.TableAliasContext | null | undefined): { alias?: string; columns?: string[] } {
  if (!a) return {};
  const alias = a._alias ? t.identifier(a._alias) : undefined;
  const columns = a.identifierList()?.identifierSeq().errorCapturingIdentifier().map((i) => t.identifier(i));
  return { ...(alias !== undefined ? { alias } : {}), ...(columns ? { columns } : {}) };
}

/** A relation as the FROM clause sees it: its DuckDB SQL with an alias, and its columns. */
interface Rel {
  sql: Sql;
  qualifiers: string[][];
  columns: { name: string; type: SqlType; ref: Sql }[];
}

/** A subquery's rows as a relation named `alias` (columns renamed when the alias lists names). */
export function derived(t: Translator, body: QueryOut, alias: string | undefined, columnAliases: string[] | undefined, node: ParserRuleContext): Rel {
  if (columnAliases && columnAliases.length !== body.columns.length) throw t.fail(node, `[ASSIGNMENT_ARITY_MISMATCH] Number of column aliases does not match number of columns. Number of column aliases: ${columnAliases.length}; number of columns: ${body.columns.length}.`);
  const duck = t.uniqueName(alias ?? 'sq');
  return {
    sql: sql`(${body.sql}) AS ${q(duck)}`,
    qualifiers: alias !== undefined ? [[alias.toLowerCase()]] : [],
    columns: body.columns.map((c, i) => ({ name: columnAliases?.[i] ?? c.name, type: c.type, ref: sql`${q(duck)}.${q(body.duckNames[i]!)}` })),
  };
}

/** A table name: a WITH query, or one of the relations the statement may read (the job's frames, temp views). */
export function namedTable(t: Translator, ctx: P.TableNameContext | P.ViewNameContext | P.IdentifierReferenceContext, aliasCtx: P.TableAliasContext | null | undefined, scope: Scope | undefined): Rel {
  const ident = ctx instanceof P.IdentifierReferenceContext ? ctx.multipartIdentifier() : ctx instanceof P.TableNameContext ? ctx.tableIdentifier() : ctx.viewIdentifier();
  if (!ident) throw t.unsupported(ctx, 'IDENTIFIER(…) as a table name');
  const parts = (ident instanceof P.MultipartIdentifierContext ? ident.errorCapturingIdentifier() : ident.errorCapturingIdentifier()).map((i) => t.identifier(i));
  const { alias, columns: colAliases } = tableAliasOf(t, aliasCtx);
  const key = parts.join('.').toLowerCase();
  if (parts.length === 1) {
    for (let s = scope; s; s = s.parent) {
      const cte = s.ctes?.get(key);
      if (cte) {
        const duck = t.uniqueName(alias ?? parts[0]!);
        if (colAliases && colAliases.length !== cte.columns.length) throw t.fail(ctx, `[ASSIGNMENT_ARITY_MISMATCH] Number of column aliases does not match number of columns.`);
        return {
          sql: sql`${q(cte.duckName)} AS ${q(duck)}`,
          qualifiers: [[(alias ?? parts[0]!).toLowerCase()]],
          columns: cte.columns.map((c, i) => ({ name: colAliases?.[i] ?? c.name, type: c.type, ref: sql`${q(duck)}.${q(c.duckName)}` })),
        };
      }
    }
  }
  const views = t.options.views ?? {};
  const found = Object.entries(views).find(([k]) => k.toLowerCase() === key);
  // Spark reads `format`.`path` as the file itself (ResolveSQLOnFile) when no table has the name: refused here, a table
  // is read through the catalog (and DuckDB would read the file)
  if (!found && parts.length === 2 && SQL_ON_FILE_FORMATS.has(parts[0]!.toLowerCase()))
    throw t.unsupported(ctx, `SQL on a file (${parts[0]}.\`${parts[1]}\`)`, 'a table is read through the catalog, never a file named in the query');
  if (!found) throw t.fail(ctx, `[TABLE_OR_VIEW_NOT_FOUND] The table or view ${parts.map((p) => `\`${p}\``).join('.')} cannot be found. Verify the spelling and correctness of the schema and catalog.`);
  const view = found[1];
  const duck = t.uniqueName(alias ?? parts[parts.length - 1]!);
  if (colAliases && colAliases.length !== view.columns.length) throw t.fail(ctx, `[ASSIGNMENT_ARITY_MISMATCH] Number of column aliases does not match number of columns.`);
  return {
    sql: sql`${view.duckName} AS ${q(duck)}`,
    qualifiers: alias !== undefined ? [[alias.toLowerCase()]] : [parts.map((p) => p.toLowerCase())],
    columns: view.columns.map((c, i) => ({ name: colAliases?.[i] ?? c.name, type: c.type, ref: sql`${q(duck)}.${q(c.name)}` })),
  };
}

function relationPrimary(t: Translator, ctx: P.RelationPrimaryContext, scope: Scope, lateralScope?: Scope): Rel {
  if (ctx instanceof P.TableSourceContext) {
    if (ctx.temporalClause()) throw t.unsupported(ctx.temporalClause()!, 'time travel (VERSION AS OF / TIMESTAMP AS OF)');
    if (ctx.sample()) throw t.unsupported(ctx.sample()!, 'TABLESAMPLE');
    return namedTable(t, ctx.tableName() ?? ctx.viewName() ?? ctx.identifierReference()!, ctx.tableAlias(), scope);
  }
  if (ctx instanceof P.SubQueryTableSourceContext) {
    if (ctx.sample()) throw t.unsupported(ctx.sample()!, 'TABLESAMPLE');
    const body = query(t, ctx.atomSubQueryTableSource().query(), lateralScope ?? scope.parent ?? { relations: [], ...(scope.ctes ? { ctes: scope.ctes } : {}) });
    const { alias, columns } = tableAliasOf(t, ctx.tableAlias());
    return derived(t, body, alias, columns, ctx);
  }
  if (ctx instanceof P.InlineTableSourceContext) {
    const body = values(t, ctx.inlineTable().expression(), ctx.tableAlias(), scope.parent, ctx);
    const { alias } = tableAliasOf(t, ctx.tableAlias());
    return derived(t, body, alias, undefined, ctx);
  }
  if (ctx instanceof P.JoinTableSourceContext) {
    if (ctx.sample()) throw t.unsupported(ctx.sample()!, 'TABLESAMPLE');
    const inner = relation(t, ctx.relation(), scope);
    const { alias } = tableAliasOf(t, ctx.tableAlias());
    if (alias !== undefined) throw t.unsupported(ctx, 'an alias on a parenthesised join');
    return { sql: sql`(${inner.sql})`, qualifiers: [], columns: [], ...{ relations: inner.relations } } as Rel & { relations: ScopeRelation[] };
  }
  if (ctx instanceof P.FunctionTableSourceContext) return functionTable(t, ctx.functionTable(), lateralScope ?? scope);
  throw t.unsupported(ctx, 'this relation');
}

/** data sources Spark's SQL on files names (`json.\`s3://…\``) */
const SQL_ON_FILE_FORMATS = new Set(['json', 'parquet', 'csv', 'orc', 'text', 'avro', 'binaryfile', 'delta', 'hudi', 'iceberg']);

/** A table-valued function in FROM: a generator (`explode(…)`, `posexplode`, `inline`, `stack`), `range(…)`. */
function functionTable(t: Translator, f: P.FunctionTableContext, scope: Scope): Rel {
  const atom = f.atomFunctionTable();
  const name = atom.functionName().getText().toLowerCase();
  const args = atom.functionTableArgument().map((a) => {
    const fa = a.functionArgument();
    if (!fa || fa.namedArgumentExpression()) throw t.unsupported(a, `${name} with a TABLE argument`);
    return expr(t, fa.expression()!, scope);
  });
  const { alias, columns: colAliases } = tableAliasOf(t, f.tableAlias());
  let body: QueryOut;
  if (name === 'range') {
    const nums = args.map((a) => coerce(t, a, T.bigint));
    if (nums.length < 1 || nums.length > 4) throw t.fail(atom, `[WRONG_NUM_ARGS] range takes 1 to 4 arguments`);
    if (nums.length === 4) throw t.unsupported(atom, 'range with a number of partitions');
    const [a, b, c] = nums.length === 1 ? [sql`0`, nums[0]!.sql, sql`1`] : [nums[0]!.sql, nums[1]!.sql, nums[2]?.sql ?? sql`1`];
    body = { sql: sql`SELECT unnest(range(${a}, ${b}, ${c})) AS ${q('id')}`, columns: [{ name: 'id', type: T.bigint }], duckNames: ['id'] };
  } else if (GENERATORS.has(name)) {
    const cols = generatorColumns(t, name, args, atom);
    const names = uniqueNames(cols.map((c) => c.name));
    body = { sql: sql`SELECT ${join(cols.map((c, i) => sql`${c.sql} AS ${q(names[i]!)}`))}`, columns: cols.map((c) => ({ name: c.name, type: c.type })), duckNames: names };
  } else if (name === 'sql_keywords') throw t.unsupported(atom, `the table-valued function ${name}`);
  // Spark's built-in table-valued functions are range, the generators and sql_keywords (FunctionRegistry's
  // TableFunctionRegistry): any other name fails as Spark fails (read_text, read_csv… are DuckDB's, never run)
  else throw t.fail(atom, `[UNRESOLVABLE_TABLE_VALUED_FUNCTION] Could not resolve \`${name}\` to a table-valued function.`);
  return derived(t, body, alias, colAliases, f);
}

const JOIN_KIND: Record<string, string> = { '': 'INNER', INNER: 'INNER', CROSS: 'CROSS', LEFT: 'LEFT', LEFTOUTER: 'LEFT', RIGHT: 'RIGHT', RIGHTOUTER: 'RIGHT', FULL: 'FULL', FULLOUTER: 'FULL', SEMI: 'SEMI', LEFTSEMI: 'SEMI', ANTI: 'ANTI', LEFTANTI: 'ANTI' };

export function relation(t: Translator, ctx: P.RelationContext, scope: Scope): FromOut {
  const tn = ctx.tableName();
  if (tn) {
    const rel = namedTable(t, tn, undefined, scope);
    return { sql: rel.sql, relations: [{ qualifiers: rel.qualifiers, columns: rel.columns }] };
  }
  if (ctx.KW_LATERAL()) throw t.unsupported(ctx, 'LATERAL subqueries');
  if (ctx.pivotClause().length > 0) throw t.unsupported(ctx.pivotClause(0)!, 'PIVOT');
  if (ctx.unPivotClause().length > 0) throw t.unsupported(ctx.unPivotClause(0)!, 'UNPIVOT');
  const first = relationPrimary(t, ctx.relationPrimary()!, { ...scope, relations: [] });
  const out: FromOut = { sql: first.sql, relations: 'relations' in first ? (first as { relations: ScopeRelation[] }).relations : [{ qualifiers: first.qualifiers, columns: first.columns }] };
  for (const j of ctx.joinRelation()) {
    if (j.KW_LATERAL()) throw t.unsupported(j, 'JOIN LATERAL');
    const right = relationPrimary(t, j._right!, { ...scope, relations: [] });
    const rightRels: ScopeRelation[] = 'relations' in right ? (right as { relations: ScopeRelation[] }).relations : [{ qualifiers: right.qualifiers, columns: right.columns }];
    const typeText = (j.joinType()?.getText() ?? '').toUpperCase();
    const kind = JOIN_KIND[typeText];
    if (!kind) throw t.unsupported(j, `${typeText} JOIN`);
    if (j.KW_NATURAL()) throw t.unsupported(j, 'NATURAL JOIN');
    const criteria = j.joinCriteria();
    const joined: Scope = { ...scope, relations: [...out.relations, ...rightRels] };
    if (kind === 'CROSS' || !criteria) {
      if (kind === 'SEMI' || kind === 'ANTI') throw t.fail(j, `[INVALID_JOIN] ${kind} JOIN needs a condition`);
      out.sql = sql`${out.sql} ${kind === 'INNER' || kind === 'CROSS' ? 'CROSS' : kind} JOIN ${right.sql}${kind === 'INNER' || kind === 'CROSS' ? '' : ' ON true'}`;
    } else if (criteria.KW_USING()) {
      const names = criteria.identifierList()!.identifierSeq().errorCapturingIdentifier().map((i) => t.identifier(i));
      const conds: Sql[] = [];
      const merged = new Map<string, ScopeColumn>(out.using ?? []);
      for (const n of names) {
        const l = t.resolve([n], { relations: out.relations, ...(out.using ? { using: out.using } : {}) }, criteria);
        const r = t.resolve([n], { relations: rightRels }, criteria);
        conds.push(sql`${l.sql} = ${r.sql}`);
        const ref = kind === 'RIGHT' ? r.sql : kind === 'FULL' ? sql`coalesce(${l.sql}, ${r.sql})` : l.sql;
        merged.set(n.toLowerCase(), { name: n, type: l.type, ref });
      }
      out.sql = sql`${out.sql} ${kind} JOIN ${right.sql} ON ${join(conds, ' AND ')}`;
      out.using = merged;
      // the merged columns come first and once in *; the joined ones stay reachable qualified
      usingColumns.set(out, names);
    } else {
      const on = condition(t, criteria.booleanExpression()!, joined, 'UNEXPECTED_INPUT_TYPE');
      out.sql = sql`${out.sql} ${kind} JOIN ${right.sql} ON ${on.sql}`;
    }
    if (kind === 'SEMI' || kind === 'ANTI') continue;
    out.relations.push(...rightRels);
  }
  return out;
}

export const usingColumns = new WeakMap<FromOut, string[]>();

/** `LATERAL VIEW [OUTER] gen(args) alias AS c1, c2` */
export function lateralView(t: Translator, lv: P.LateralViewContext, from: FromOut, scope: Scope): void {
  const name = lv.viewName().getText().toLowerCase();
  if (!GENERATORS.has(name)) throw t.fail(lv, `[UNSUPPORTED_GENERATOR.NOT_GENERATOR] The function ${name} is not a generator.`);
  const inner: Scope = { ...scope, relations: from.relations, ...(from.using ? { using: from.using } : {}) };
  const args = lv.expression().map((e) => expr(t, e, inner));
  const outer = lv.KW_OUTER() !== null;
  const cols = generatorColumns(t, outer && !name.endsWith('_outer') ? `${name}_outer` : name, args, lv);
  // Spark's grammar: `… ) tblName=identifier (AS? colName, …)?`, the table's name required; `explode(x) AS c` has
  // the table name AS (a keyword Spark takes as a name) and the column c, where the grammar here reads a table alias
  const ta = lv.tableAlias();
  const asColumn = ta.KW_AS() !== null && ta._alias !== undefined && !ta.identifierList() && lv._colName.length === 0;
  const alias = asColumn ? 'AS' : ta._alias ? t.identifier(ta._alias) : undefined;
  const names = asColumn ? [t.identifier(ta._alias!)] : lv._colName.map((c) => t.identifier(c));
  if (names.length > 0 && names.length !== cols.length) throw t.fail(lv, `[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${cols.length} aliases, but got ${names.join(', ')}.`);
  const duck = t.uniqueName(alias ?? 'lv');
  const colNames = cols.map((c, i) => names[i] ?? c.name);
  const duckCols = uniqueNames(colNames);
  const body = sql`SELECT ${join(cols.map((c, i) => sql`${c.sql} AS ${q(duckCols[i]!)}`))}`;
  // an outer generator's columns give at least one row (NULLs for a NULL or empty input), so a cross join keeps every
  // input row — and keeps the rows in order (input row, then element), as Spark's Generate does, where DuckDB's
  // LEFT JOIN LATERAL gives them in its hash join's order
  from.sql = sql`${from.sql} CROSS JOIN LATERAL (${body}) AS ${q(duck)}`;
  from.relations.push({ qualifiers: alias !== undefined ? [[alias.toLowerCase()]] : [], columns: cols.map((c, i) => ({ name: colNames[i]!, type: c.type, ref: sql`${q(duck)}.${q(duckCols[i]!)}` })) });
}
