/** What evaluating one rule gives, and the context every rule type evaluates in. */
import type { Frame, RuleSpark } from './frame';

/** A rule's result, as Glue's rule outcomes (`Outcome`, `FailureReason`, `EvaluatedMetrics`). */
export interface RuleResult {
  passed: boolean;
  /** Glue's FailureReason (a passed rule may carry one too, e.g. "No rows matched the filter") */
  reason?: string;
  /** Glue's EvaluatedMetrics: `Dataset.*.RowCount`, `Column.email.Completeness`, … */
  metrics: Record<string, number>;
}

export interface RuleContext {
  frame: Frame;
  /** the additional data sources by alias (`reference`), as frames */
  sources: Record<string, Frame>;
  /** the evaluation's "now" (UTC), for now() and DataFreshness */
  now: Date;
  /** the Spark SQL translator, for where clauses and CustomSql (loaded when the ruleset has any) */
  spark?: RuleSpark;
}

export function passed(metrics: Record<string, number> = {}, reason?: string): RuleResult {
  return { passed: true, metrics, ...(reason !== undefined ? { reason } : {}) };
}

export function failed(reason: string, metrics: Record<string, number> = {}): RuleResult {
  return { passed: false, reason, metrics };
}

/** A rule (or a part of it) the local evaluation does not do faithfully: refused, naming the rule. */
export class RuleUnsupported extends Error {}
