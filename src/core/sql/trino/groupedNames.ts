/**
 * A row field in GROUP BY and in the select list spelt with other quotes: Trino fails where DuckDB would group.
 *
 * Trino's AggregationAnalyzer takes a select item as grouped when it equals a GROUP BY expression under ScopeAware
 * (trinodb/trino core/trino-main/src/main/java/io/trino/sql/planner/ScopeAware.java): column references compare by
 * the field they resolve to, any other identifier — a row field's name — by CanonicalizationAware.canonicalize (a
 * quoted name as written, an unquoted one upper-cased). So `"user"."name"` is not `user.name` (`name` ≠ `NAME`),
 * and the select item fails unless the row column itself (or a shorter field path, spelt alike) is grouped:
 * `'"user"."name"' must be an aggregate expression or appear in GROUP BY clause` — the case Athena's engine 3 page
 * states (engine-versions-reference-0003.md, "Nested column names in GROUP BY clauses must be double quoted").
 * DuckDB groups both as one expression, so the translation checks it: where DuckDB would take the select item as
 * grouped (its column grouped with the same field path, ignoring case) and Trino would not, it fails as Trino does.
 * Aggregate calls' arguments, lambdas and subqueries are not looked into (Trino checks those otherwise).
 */
import type { ParseTree, ParserRuleContext } from 'antlr4ng';
import * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { text } from '../dialects/emit';
import { FUNCTIONS } from './functions';
import type { Scope } from './model';
import type { Translator } from './translator';

/** A name `a.b.c` resolved: its column's SQL and its row-field path (lower-cased, and canonical as Trino has it). */
interface Path {
  column: string;
  lower: string[];
  canonical: string[];
}

function canonical(id: P.IdentifierContext): string {
  const raw = id.getText();
  return id instanceof P.QuotedIdentifierContext ? raw.slice(1, -1).replace(/""/g, '"') : raw.toUpperCase();
}

/** The identifiers of each name `a.b.c` under `node` (a column, its qualifiers and row fields). */
function names(node: ParseTree, out: { node: ParserRuleContext; ids: P.IdentifierContext[] }[], inSelect: boolean): void {
  if (node instanceof P.LambdaContext || node instanceof P.SubqueryExpressionContext) return;
  if (inSelect && node instanceof P.FunctionCallContext && !node.over() && FUNCTIONS[node.functionName().getText().toLowerCase()]?.kind === 'aggregate') return;
  if (node instanceof P.DereferenceContext) {
    const fields: P.IdentifierContext[] = [];
    let base: P.PrimaryExpressionContext = node;
    while (base instanceof P.DereferenceContext) {
      fields.unshift(base._fieldName!);
      base = base._base!;
    }
    if (base instanceof P.ColumnReferenceContext) {
      out.push({ node, ids: [...base.columnName().qualifiedName().identifier(), ...fields] });
      return;
    }
    names(base, out, inSelect);
    return;
  }
  if (node instanceof P.ColumnReferenceContext) {
    out.push({ node, ids: node.columnName().qualifiedName().identifier() });
    return;
  }
  if (node instanceof P.ColumnRefContext) {
    const qn = node.qualifiedName();
    if (qn) out.push({ node, ids: qn.identifier() });
    return;
  }
  const children = (node as ParserRuleContext).children ?? [];
  for (const c of children) names(c, out, inSelect);
}

/** Where the name resolves: the shortest prefix that is a column; the rest are row fields. */
function paths(t: Translator, scope: Scope, node: ParseTree, inSelect: boolean): Path[] {
  const found: { node: ParserRuleContext; ids: P.IdentifierContext[] }[] = [];
  names(node, found, inSelect);
  const out: Path[] = [];
  for (const { node: at, ids } of found) {
    let parts: string[];
    try {
      parts = ids.map((i) => t.identifier(i));
    } catch {
      continue;
    }
    for (let j = 1; j <= parts.length; j++) {
      let column: string;
      try {
        column = text(t.resolve(parts.slice(0, j), scope, at).sql);
      } catch {
        continue;
      }
      out.push({ column, lower: parts.slice(j), canonical: ids.slice(j).map(canonical) });
      break;
    }
  }
  return out;
}

const startsWith = (path: string[], prefix: string[]) => prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

/** Fails as Trino does where a select item's (or HAVING's) row field is grouped only as DuckDB compares names. */
export function checkGroupedNames(t: Translator, ctx: P.QuerySpecificationContext, scope: Scope): void {
  const groupBy = ctx.groupBy();
  if (!groupBy) return;
  const grouped = paths(t, scope, groupBy, false);
  if (!grouped.some((g) => g.lower.length > 0)) return;
  const items: ParserRuleContext[] = [];
  for (const item of ctx.selectList().selectItem()) {
    const e = item.selectLiteralColumnName()?.columnRef() ?? item.selectExpressionColumnName()?.expression();
    if (e) items.push(e);
  }
  const having = ctx.havingClause()?.booleanExpression();
  if (having) items.push(having);
  for (const item of items) {
    for (const p of paths(t, scope, item, true)) {
      if (p.lower.length === 0) continue;
      const same = grouped.filter((g) => g.column === p.column);
      const trino = same.some((g) => startsWith(p.canonical, g.canonical));
      const duck = same.some((g) => startsWith(p.lower, g.lower));
      if (duck && !trino) {
        const source = t.text.slice(item.start!.start, item.stop!.stop + 1);
        throw t.fail(item, `'${source}' must be an aggregate expression or appear in GROUP BY clause`);
      }
    }
  }
}
