/**
 * An Evaluate Data Quality node in a local job run: `EvaluateDataQuality().process_rows(frame=…, ruleset=…,
 * publishing_options={…}, additional_options={…})` (and `EvaluateDataQuality.apply(…)`), as the job runner meets it.
 * The ruleset is checked when the plan is made (refusals name the script line), evaluated on the frame's view when the
 * run gets there, its outcomes logged and recorded with the run (JobRun.dataQuality), and — when the script has Glue
 * Studio's generated assert ("Fail job when data quality fails") — a failed rule fails the run as the assert does on
 * Glue: `AssertionError: The job failed due to failing DQ rules for node: …`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LakehouseError } from '../../errors';
import { dataQualityNodeOptions, evaluateRuleset, outcomeLines, prepareRuleset, type DqdlRuleset } from '../../jobs/dqdl';
import type { DataQualityEvaluation } from '../../model';

type OptionValue = string | number | boolean | null | undefined;

/** What the plan holds for one Evaluate Data Quality node. */
export interface DataQualityStep {
  /** the ruleset: the Python string's value */
  ruleset: string;
  /** where that string's text starts in the script (1-based), so ruleset errors point into the script */
  rulesetLine: number;
  rulesetColumn: number;
  /** line of the `process_rows` call */
  line: number;
  publishingOptions?: Record<string, OptionValue>;
  additionalOptions?: Record<string, OptionValue>;
  /** `additional_data_sources={"reference": frame}`: alias → the frame's view on the run's connection */
  additionalSources?: Record<string, string>;
  /** the generated assert after the node, when there is one: its message and line */
  failJob?: { message: string; line: number };
}

/** At plan time: the options and the ruleset checked — a rule not evaluated locally is refused with its script line. */
export function prepareDataQualityStep(step: DataQualityStep, file: string): DqdlRuleset {
  const at = (e: unknown) => (e instanceof LakehouseError && e.detail.line !== undefined ? e : new LakehouseError('ScriptUnsupported', `${file}:${step.line}: ${(e as Error).message}`, { file, line: step.line }));
  try {
    const options = dataQualityNodeOptions(step.publishingOptions, step.additionalOptions);
    return prepareRuleset(step.ruleset, {
      base: { file, line: step.rulesetLine, column: step.rulesetColumn },
      compositeRuleEvaluationMethod: options.compositeRuleEvaluationMethod,
    });
  } catch (e) {
    throw at(e);
  }
}

export interface DataQualityRunContext {
  file: string;
  log(line: string): void;
  /** records the node's results with the run */
  record?(evaluation: DataQualityEvaluation): void;
  now?: Date;
}

/**
 * Evaluates the node on `view` (the frame, on the run's connection), logs and records the outcomes, and fails the run
 * as the generated assert does when a rule failed and the script asserts.
 */
export async function runDataQualityStep(conn: DuckDBConnection, view: string, step: DataQualityStep, ctx: DataQualityRunContext): Promise<DataQualityEvaluation> {
  const options = dataQualityNodeOptions(step.publishingOptions, step.additionalOptions);
  const ruleset = prepareDataQualityStep(step, ctx.file);
  const result = await evaluateRuleset(conn, view, ruleset, {
    additionalSources: step.additionalSources ?? {},
    base: { file: ctx.file, line: step.rulesetLine, column: step.rulesetColumn },
    compositeRuleEvaluationMethod: options.compositeRuleEvaluationMethod,
    ...(ctx.now ? { now: ctx.now } : {}),
  });
  const evaluation: DataQualityEvaluation = { context: options.evaluationContext, line: step.line, score: result.score, rules: result.rules };
  ctx.record?.(evaluation);
  const head = `data quality "${options.evaluationContext}" (line ${step.line})`;
  for (const l of outcomeLines(result)) ctx.log(`${head}: ${l}`);
  for (const n of options.notes) ctx.log(`${head}: ${n}`);
  const failed = result.rules.filter((r) => r.outcome === 'Failed').length;
  if (step.failJob && failed > 0)
    throw new LakehouseError('DataError', `${ctx.file}:${step.failJob.line}: AssertionError: ${step.failJob.message} (${failed} of ${result.rules.length} rule(s) failed)`, {
      file: ctx.file,
      line: step.failJob.line,
    });
  return evaluation;
}
