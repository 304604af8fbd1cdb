/**
 * DQDL, evaluated locally: the Evaluate Data Quality node's ruleset parsed (dqdl/parser.ts), checked (rule types that
 * cannot be evaluated faithfully are refused by name before anything runs) and evaluated on a DuckDB relation
 * (dqdl/evaluate.ts) with Glue's outcomes; the node's options (dqdl/options.ts); the outcomes as text for the run's log
 * and as a relation (Glue's `ruleOutcomes` frame).
 *
 * For the job runner:
 * ```ts
 * const ruleset = prepareRuleset(text, { base: { file, line, column } });      // at plan time: refusals with the line
 * const result = await evaluateRuleset(conn, view, ruleset, { additionalSources: { reference: refView }, now });
 * // result.rules: [{ rule: 'IsComplete "email"', outcome: 'Failed', reason: 'Value: 0.5 does not meet …', metrics: { 'Column.email.Completeness': 0.5 } }]
 * ```
 */
import { quoteString } from '../sql/lexer';
import { dmlIdentifier } from '../glueNames';
import type { DqdlResult } from './dqdl/evaluate';
import { javaDouble } from '../sql/dialects/javaNumbers';

export type { DqdlRuleset, DqdlRule, LeafRule, CompositeRule, Condition } from './dqdl/ast';
export { parseDqdl } from './dqdl/parser';
export { formatRule } from './dqdl/format';
export { evaluateRuleset, checkRuleset, prepareRuleset, RULE_TYPES, REFUSED_RULE_TYPES, type DqdlResult, type DqdlRuleOutcome, type EvaluateOptions } from './dqdl/evaluate';
export { checkRowLevel, rowLevelOutcomesSql, ROW_LEVEL, NO_COLUMN } from './dqdl/rowLevel';
export { dataQualityNodeOptions, assertionFailure, type DataQualityNodeOptions } from './dqdl/options';

/** The outcomes as log lines: `Passed: RowCount > 0 (Dataset.*.RowCount = 4.0)`, `Failed: … — <reason>`. */
export function outcomeLines(result: DqdlResult): string[] {
  const lines = result.rules.map((r) => {
    const metrics = Object.entries(r.metrics).map(([k, v]) => `${k} = ${javaDouble(v)}`).join(', ');
    return `${r.outcome}: ${r.rule}${metrics ? ` (${metrics})` : ''}${r.reason !== undefined ? ` — ${r.reason.split('\n').join('; ')}` : ''}`;
  });
  const passed = result.rules.filter((r) => r.outcome === 'Passed').length;
  lines.push(`score ${passed}/${result.rules.length}${result.score !== null ? ` (${Math.round(result.score * 100)}%)` : ''}`);
  return lines;
}

/**
 * The outcomes as a relation with Glue's `ruleOutcomes` columns (Rule, Outcome, FailureReason, EvaluatedMetrics as a
 * map of doubles), for `SelectFromCollection.apply(dfc=…, key="ruleOutcomes")`.
 */
export function ruleOutcomesSql(result: DqdlResult): string {
  const columns = `${dmlIdentifier('Rule')}, ${dmlIdentifier('Outcome')}, ${dmlIdentifier('FailureReason')}, ${dmlIdentifier('EvaluatedMetrics')}`;
  if (result.rules.length === 0)
    return `SELECT NULL::VARCHAR AS ${dmlIdentifier('Rule')}, NULL::VARCHAR AS ${dmlIdentifier('Outcome')}, NULL::VARCHAR AS ${dmlIdentifier('FailureReason')}, NULL::MAP(VARCHAR, DOUBLE) AS ${dmlIdentifier('EvaluatedMetrics')} WHERE false`;
  const rows = result.rules.map((r) => {
    const keys = Object.keys(r.metrics);
    const double = (v: number) => (Number.isFinite(v) ? `${v}::DOUBLE` : `${quoteString(String(v))}::DOUBLE`);
    const map = `MAP([${keys.map(quoteString).join(', ')}]::VARCHAR[], [${keys.map((k) => double(r.metrics[k]!)).join(', ')}]::DOUBLE[])`;
    return `(${quoteString(r.rule)}, ${quoteString(r.outcome)}, ${r.reason !== undefined ? quoteString(r.reason) : 'NULL::VARCHAR'}, ${map})`;
  });
  return `SELECT * FROM (VALUES ${rows.join(', ')}) AS t(${columns})`;
}
