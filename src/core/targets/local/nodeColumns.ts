/** What a plan node's Column expressions are made of: the SQL strings it embeds, whether it needs the Spark SQL translation, the view names of its aliases. */
import type { ColExpr } from '../../jobs/expr';
import type { PlanNode } from '../../jobs/plan';
import { COLUMN_METHOD_SQL, COLUMN_OPERATOR_NAMES } from './colSql';

/**
 * The view a mapping alias becomes, as Spark's `createOrReplaceTempView(alias)` reads it (Dataset.createTempView:
 * `parseMultipartIdentifier(viewName)`, one part for a temporary view): a name of letters, digits and `_` (not all
 * digits), or one `` `quoted` `` name. Undefined when Spark refuses it ("Invalid view name").
 */
export function sparkViewName(alias: string): string | undefined {
  if (/^[A-Za-z0-9_]+$/.test(alias) && !/^\d+$/.test(alias)) return alias;
  const quoted = /^`((?:[^`]|``)+)`$/.exec(alias);
  return quoted ? quoted[1]!.replace(/``/g, '`') : undefined;
}

/** The SQL expression strings a node embeds (filter("a > 1"), expr(…), selectExpr, Derived Column), for the guard. */
export function sqlExpressions(node: PlanNode): Extract<ColExpr, { k: 'sql' }>[] {
  const out: Extract<ColExpr, { k: 'sql' }>[] = [];
  walkColumns(node, (e) => {
    if (e.k === 'sql') out.push(e);
  });
  return out;
}

/** Whether a node's Columns use the Spark SQL translation: SQL text, functions (F.*), arithmetic and comparisons. */
export function usesSparkTranslation(node: PlanNode): boolean {
  // Glue Studio's Pivot aggregates with a Spark function, describe / summary with several (statNodes.ts)
  let uses = node.kind === 'gsPivot' || node.kind === 'summary';
  walkColumns(node, (e) => {
    if (e.k === 'sql' || e.k === 'fn' || e.k === 'cast' || e.k === 'when' || (e.k === 'op' && (e.op in COLUMN_OPERATOR_NAMES || e.op in COLUMN_METHOD_SQL || e.op === 'between'))) uses = true;
  });
  return uses;
}


/** Every Column expression of a node, nested ones too. */
function walkColumns(node: PlanNode, visit: (e: ColExpr) => void): void {
  const walk = (e: ColExpr): void => {
    visit(e);
    switch (e.k) {
      case 'fn':
      case 'op':
        e.args.forEach(walk);
        return;
      case 'when':
        e.branches.forEach((b) => (walk(b.cond), walk(b.value)));
        if (e.otherwise) walk(e.otherwise);
        return;
      case 'cast':
      case 'alias':
      case 'sort':
        walk(e.arg);
        return;
      case 'lambda':
        walk(e.body);
        return;
      case 'over':
        walk(e.arg);
        e.window.partitionBy.forEach(walk);
        e.window.orderBy.forEach(walk);
        return;
      default:
        return;
    }
  };
  switch (node.kind) {
    case 'catalogSource':
      if (node.pushDownPredicate) walk(node.pushDownPredicate);
      break;
    case 'where':
      walk(node.condition);
      break;
    case 'project':
      node.items.forEach(walk);
      break;
    case 'withColumns':
      node.columns.forEach((c) => walk(c.expr));
      break;
    case 'dropColumns':
      node.columns.forEach(walk);
      break;
    case 'aggregate':
      [...node.groupBy, ...node.aggs, ...(node.pivot ? [node.pivot.column] : [])].forEach(walk);
      break;
    case 'orderBy':
      node.keys.forEach(walk);
      break;
    case 'dfJoin':
      if (node.on.kind === 'expr') walk(node.on.expr);
      break;
    default:
      break;
  }
}
