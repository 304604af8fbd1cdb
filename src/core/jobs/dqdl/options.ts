/**
 * The options of an Evaluate Data Quality node as Glue Studio generates them, and what each means locally.
 *
 * `EvaluateDataQuality().process_rows(frame=…, ruleset=…, publishing_options={…}, additional_options={…})`
 * - publishing_options (EvaluateDataQuality class, https://docs.aws.amazon.com/glue/latest/dg/glue-etl-scala-apis-glue-dq-EvaluateDataQuality.html):
 *   `dataQualityEvaluationContext` (default "default_context"), `enableDataQualityCloudWatchMetrics` (default False),
 *   `enableDataQualityResultsPublishing` (default True), `resultsS3Prefix` (default "");
 * - additional_options (API EvaluateDataQualityMultiFrame.AdditionalOptions, https://docs.aws.amazon.com/glue/latest/webapi/API_EvaluateDataQualityMultiFrame.html):
 *   `performanceTuning.caching`, `observations.scope`, `compositeRuleEvaluation.method`; and
 *   `dataQualityResultsPublishing.strategy` ("BEST_EFFORT"), which Glue Studio writes for the data-quality checks it
 *   attaches to a target node.
 * Failing the job is not an option but the code Glue Studio generates after the node ("Fail job when data quality
 * fails"): `assert <node>[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda x: x["Outcome"] ==
 * "Failed").count() == 0, "The job failed due to failing DQ rules for node: <node>"` (API DQStopJobOnFailureOptions:
 * Immediate or AfterDataLoad — where the assert is placed). {@link assertionFailure} gives that assert's outcome.
 */
import { LakehouseError } from '../../errors';
import type { DqdlResult } from './evaluate';

export interface DataQualityNodeOptions {
  evaluationContext: string;
  cloudWatchMetrics: boolean;
  resultsPublishing: boolean;
  resultsS3Prefix: string;
  /** `dataQualityResultsPublishing.strategy` */
  publishingStrategy?: string;
  /** `observations.scope` */
  observationsScope?: string;
  /** `performanceTuning.caching` */
  caching?: string;
  /** `compositeRuleEvaluation.method`: COLUMN (the default) or ROW */
  compositeRuleEvaluationMethod: 'COLUMN' | 'ROW';
  /** what Glue does with these options that the local run does not (publishing), for the run's log */
  notes: string[];
}

type OptionValue = string | number | boolean | null | undefined;

function bool(key: string, v: OptionValue, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw new LakehouseError('ScriptUnsupported', `publishing_options "${key}" must be True or False, not ${JSON.stringify(v)}`);
}

function str(key: string, v: OptionValue): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new LakehouseError('ScriptUnsupported', `"${key}" must be a string, not ${JSON.stringify(v)}`);
  return v;
}

const PUBLISHING = ['dataQualityEvaluationContext', 'enableDataQualityCloudWatchMetrics', 'enableDataQualityResultsPublishing', 'resultsS3Prefix'];
const ADDITIONAL: Record<string, string[] | undefined> = {
  'performanceTuning.caching': ['CACHE_NOTHING', 'CACHE_INPUT'],
  'observations.scope': undefined,
  'compositeRuleEvaluation.method': ['COLUMN', 'ROW'],
  'dataQualityResultsPublishing.strategy': undefined,
};

/**
 * The node's options, checked: an option Glue does not document is refused by name (it would be silently ignored
 * here), as is a value outside the documented ones.
 */
export function dataQualityNodeOptions(publishing: Record<string, OptionValue> = {}, additional: Record<string, OptionValue> = {}): DataQualityNodeOptions {
  for (const k of Object.keys(publishing))
    if (!PUBLISHING.includes(k)) throw new LakehouseError('ScriptUnsupported', `publishing_options "${k}" is not an option of EvaluateDataQuality (${PUBLISHING.join(', ')})`);
  for (const [k, v] of Object.entries(additional)) {
    if (!(k in ADDITIONAL)) throw new LakehouseError('ScriptUnsupported', `additional_options "${k}" is not an option of EvaluateDataQuality (${Object.keys(ADDITIONAL).join(', ')})`);
    const allowed = ADDITIONAL[k];
    const s = str(k, v);
    if (allowed && s !== undefined && !allowed.includes(s.toUpperCase())) throw new LakehouseError('ScriptUnsupported', `additional_options "${k}" is ${JSON.stringify(s)}: Glue takes ${allowed.join(' or ')}`);
  }
  const options: DataQualityNodeOptions = {
    evaluationContext: str('dataQualityEvaluationContext', publishing['dataQualityEvaluationContext']) ?? 'default_context',
    cloudWatchMetrics: bool('enableDataQualityCloudWatchMetrics', publishing['enableDataQualityCloudWatchMetrics'], false),
    resultsPublishing: bool('enableDataQualityResultsPublishing', publishing['enableDataQualityResultsPublishing'], true),
    resultsS3Prefix: str('resultsS3Prefix', publishing['resultsS3Prefix']) ?? '',
    compositeRuleEvaluationMethod: (str('compositeRuleEvaluation.method', additional['compositeRuleEvaluation.method']) ?? 'COLUMN').toUpperCase() as 'COLUMN' | 'ROW',
    notes: [],
  };
  const strategy = str('dataQualityResultsPublishing.strategy', additional['dataQualityResultsPublishing.strategy']);
  const scope = str('observations.scope', additional['observations.scope']);
  const caching = str('performanceTuning.caching', additional['performanceTuning.caching']);
  if (strategy !== undefined) options.publishingStrategy = strategy;
  if (scope !== undefined) options.observationsScope = scope;
  if (caching !== undefined) options.caching = caching;
  if (options.resultsPublishing) options.notes.push(`results of "${options.evaluationContext}" are recorded with the run (Glue publishes them to its Data quality tab)`);
  if (options.cloudWatchMetrics) options.notes.push('CloudWatch metrics are not published locally');
  if (options.resultsS3Prefix !== '') options.notes.push(`results are not written to ${options.resultsS3Prefix} locally`);
  if (scope !== undefined && scope.toUpperCase() !== 'NONE') options.notes.push('observations (anomalies against earlier runs) are not computed locally');
  return options;
}

/**
 * The generated "fail the job" assert after a node: undefined when no rule failed, else the error the run ends with
 * (Python's `AssertionError: <message>`).
 */
export function assertionFailure(result: DqdlResult, message: string): string | undefined {
  return result.rules.some((r) => r.outcome === 'Failed') ? `AssertionError: ${message}` : undefined;
}
