/**
 * Translating GROUP BY: grouping terms, ROLLUP, CUBE and GROUPING SETS as DuckDB writes them, GROUP BY DISTINCT
 * written out as its unique grouping sets, and Trino's limit on how many sets a GROUP BY may make.
 */
import * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { join, sql, text, withoutFailures, type Sql } from '../dialects/emit';
import { expr } from './expressions';
import type { Scope } from './model';
import type { Translator } from './translator';

export function groupingSql(t: Translator, g: P.GroupByContext, scope: Scope): Sql {
  const term = (gt: P.GroupingTermContext): Sql => {
    const ref = gt.columnRef();
    if (ref?.qualifiedName()) return t.resolve(t.qualifiedName(ref.qualifiedName()!), scope, ref).sql;
    return expr(t, gt.expression()!, scope).sql;
  };
  const set = (s: P.GroupingSetContext): Sql => {
    const terms = s.groupingTerm().map(term);
    return s.getText().startsWith('(') ? sql`(${join(terms)})` : join(terms);
  };
  if (g.setQuantifier()?.KW_DISTINCT()) {
    groupingSetsLimit(t, g);
    return distinctGroupingSets(t, g, (s) => s.groupingTerm().map(term));
  }
  const elements = g.groupingElement().map((el) => {
    if (el instanceof P.SingleGroupingSetContext) return set(el.groupingSet());
    if (el instanceof P.RollupContext) return sql`ROLLUP (${join(el.groupingSet().map(set))})`;
    if (el instanceof P.CubeContext) return sql`CUBE (${join(el.groupingSet().map(set))})`;
    if (el instanceof P.MultipleGroupingSetsContext) return sql`GROUPING SETS (${join(el.groupingSet().map((s) => sql`(${join(s.groupingTerm().map(term))})`))})`;
    throw t.unsupported(el, 'this grouping');
  });
  groupingSetsLimit(t, g);
  return join(elements);
}

/**
 * GROUP BY DISTINCT: the elements' grouping sets crossed (select.md, "Combining multiple grouping expressions": a
 * cross product; ROLLUP (a, b) is (a, b), (a), (); CUBE its power set), then "only unique grouping sets are generated"
 * — a set compared as its columns, in any order — written out as GROUPING SETS.
 */
function distinctGroupingSets(t: Translator, g: P.GroupByContext, termsOf: (s: P.GroupingSetContext) => Sql[]): Sql {
  const setsOf = (el: P.GroupingElementContext): Sql[][] => {
    if (el instanceof P.SingleGroupingSetContext) return [termsOf(el.groupingSet())];
    if (el instanceof P.MultipleGroupingSetsContext) return el.groupingSet().map(termsOf);
    if (el instanceof P.RollupContext || el instanceof P.CubeContext) {
      const parts = el.groupingSet().map(termsOf);
      if (el instanceof P.RollupContext) return parts.map((_, i) => parts.slice(0, parts.length - i).flat()).concat([[]]);
      const out: Sql[][] = [];
      for (let mask = 2 ** parts.length - 1; mask >= 0; mask--) out.push(parts.filter((_, i) => (mask >> (parts.length - 1 - i)) & 1).flat());
      return out;
    }
    throw t.unsupported(el, 'this grouping');
  };
  let sets: Sql[][] = [[]];
  for (const el of g.groupingElement()) {
    const next = setsOf(el);
    sets = sets.flatMap((a) => next.map((b) => [...a, ...b]));
  }
  const seen = new Set<string>();
  const unique: Sql[][] = [];
  for (const s of sets) {
    const columns = new Map<string, Sql>();
    for (const x of s) columns.set(text(withoutFailures(x)), x);
    const key = [...columns.keys()].sort().join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push([...columns.values()]);
  }
  return sql`GROUPING SETS (${join(unique.map((s) => sql`(${join(s)})`))})`;
}

/**
 * Trino's StatementAnalyzer.checkGroupingSetsCount: the product of the elements' grouping sets (a plain element 1,
 * ROLLUP of n n + 1, CUBE of n 2^n, GROUPING SETS its sets) is at most max-grouping-sets, 2048 by default
 * (FeaturesConfig; engine-versions-reference-0002.md "The maximum number of slices in a grouping set is 2048").
 */
function groupingSetsLimit(t: Translator, g: P.GroupByContext): void {
  let product = 1;
  for (const el of g.groupingElement()) {
    const n = el instanceof P.RollupContext ? el.groupingSet().length + 1 : el instanceof P.CubeContext ? 2 ** el.groupingSet().length : el instanceof P.MultipleGroupingSetsContext ? el.groupingSet().length : 1;
    product *= n;
    if (product > 2147483647) throw t.fail(g, 'GROUP BY has more than 2147483647 grouping sets but can contain at most 2048');
  }
  if (product > 2048) throw t.fail(g, `GROUP BY has ${product} grouping sets but can contain at most 2048`);
}
