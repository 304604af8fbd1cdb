/**
 * Evaluating a DQDL ruleset on a DuckDB relation, with the outcomes Glue gives: each rule Passed or Failed, the
 * failure reason and the evaluated metrics (the rule outcomes of `EvaluateDataQuality().process_rows`), and the score —
 * "the ratio of rules that passed to the total number of rules" (API DataQualityResult.Score).
 *
 * Which rule types run here, and why the others do not, is the table RULE_TYPES below; a ruleset holding a rule that
 * cannot be evaluated faithfully is refused by {@link checkRuleset} before anything runs, naming the rule and its
 * line. Composite rules are evaluated rule by rule and combined (Glue's default `compositeRuleEvaluation.method`
 * COLUMN; RuleOutcomeTranslator.scala in awslabs/deequ): `and` passes when all pass, `or` when one does; the failure
 * reasons are joined by line breaks and the metrics merged.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LakehouseError } from '../../errors';
import type { DataQualityRuleOutcome } from '../../model';
import { absolutePosition, type SourceBase } from '../../sql/lexer';
import { AGGREGATE_RULES } from './aggregateRules';
import type { Condition, DqdlRule, DqdlRuleset, LeafRule, NumericOperand } from './ast';
import { formatRule } from './format';
import { loadSparkTranslator } from '../../sql/spark/load';
import { Frame, whereToDuckDb } from './frame';
import { failed, RuleUnsupported, type RuleContext, type RuleResult } from './outcome';
import { parseDqdl } from './parser';
import { columnDataType, columnNamesMatchPattern, columnValues, customSqlRows, dataFreshness, referentialIntegrity, rowCountMatch } from './rowRules';

/** One rule's outcome, as Glue's `ruleOutcomes` rows (Rule, Outcome, FailureReason, EvaluatedMetrics). */
export type DqdlRuleOutcome = DataQualityRuleOutcome;

export interface DqdlResult {
  rules: DqdlRuleOutcome[];
  /** passed rules / rules; null for a ruleset without rules */
  score: number | null;
}

type ConditionKind = Condition['kind'];

interface RuleType {
  /** how many parameters: [least, most] */
  parameters: [number, number];
  /** the condition kinds it takes; 'none': no condition; with 'optional' it may have none */
  conditions: (ConditionKind | 'none')[];
  where: boolean;
  threshold: boolean;
  run: (rule: LeafRule, ctx: RuleContext, where: string | undefined) => Promise<RuleResult>;
}

const ONE: [number, number] = [1, 1];
const MANY: [number, number] = [1, Infinity];
const number = (run: RuleType['run'], parameters: [number, number] = ONE, where = true): RuleType => ({ parameters, conditions: ['number'], where, threshold: false, run });
const check = (run: RuleType['run'], parameters: [number, number] = ONE, where = true): RuleType => ({ parameters, conditions: ['none'], where, threshold: false, run });
const A = AGGREGATE_RULES;

/**
 * The rule types evaluated here (DQDL rule type reference, https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types.html;
 * parameters, where clauses and thresholds as in awslabs/dqdl configuration/rules/rules-config.json).
 */
export const RULE_TYPES: Record<string, RuleType> = {
  RowCount: number(A.RowCount!, [0, 0]),
  ColumnCount: number(A.ColumnCount!, [0, 0], false),
  Completeness: number(A.Completeness!),
  IsComplete: check(A.IsComplete!),
  ColumnExists: check(A.ColumnExists!, ONE, false),
  Uniqueness: number(A.Uniqueness!, MANY),
  IsUnique: check(A.IsUnique!, MANY),
  IsPrimaryKey: check(A.IsPrimaryKey!, MANY),
  DistinctValuesCount: number(A.DistinctValuesCount!),
  Entropy: number(A.Entropy!),
  Mean: number(A.Mean!),
  Sum: number(A.Sum!),
  StandardDeviation: number(A.StandardDeviation!),
  Variance: number(A.Variance!),
  UniqueValueRatio: number(A.UniqueValueRatio!),
  ColumnCorrelation: number(A.ColumnCorrelation!, [2, 2]),
  ColumnLength: number(A.ColumnLength!),
  ColumnValues: { parameters: ONE, conditions: ['number', 'string', 'date'], where: true, threshold: true, run: columnValues },
  DataFreshness: { parameters: ONE, conditions: ['duration'], where: true, threshold: false, run: dataFreshness },
  ColumnDataType: { parameters: ONE, conditions: ['string'], where: true, threshold: true, run: columnDataType },
  CustomSql: {
    parameters: ONE,
    conditions: ['number', 'none'],
    where: false,
    threshold: true,
    run: (rule, ctx, where) => (rule.condition ? A.CustomSql!(rule, ctx, where) : customSqlRows(rule, ctx)),
  },
  ReferentialIntegrity: number((rule, ctx) => referentialIntegrity(rule, ctx), [2, 2], false),
  RowCountMatch: number((rule, ctx) => rowCountMatch(rule, ctx), ONE, false),
  ColumnNamesMatchPattern: check((rule, ctx) => columnNamesMatchPattern(rule, ctx), ONE, false),
};

/** Rule types Glue has that are not evaluated here, and why. */
export const REFUSED_RULE_TYPES: Record<string, string> = {
  DatasetMatch: "compares records with a reference dataset by Spark's value equality across types; not evaluated locally",
  SchemaMatch: "compares Spark schemas (types, nullability) with a reference dataset; the local engine's types are not Spark's",
  AggregateMatch: 'is not evaluated locally',
  DetectAnomalies: 'needs the statistics of earlier runs (anomaly detection), which only Glue keeps',
  AllStatistics: 'is an analyzer of statistics, not a rule',
  FileFreshness: "judges the files' timestamps in S3, not the frame's rows",
  FileMatch: "compares files' checksums in S3, not the frame's rows",
  FileUniqueness: "compares files' checksums in S3, not the frame's rows",
  FileSize: "judges the files' sizes in S3, not the frame's rows",
};

function where(base: SourceBase, rule: { position: { line: number; column: number } }): string {
  const pos = absolutePosition(base, rule.position.line, rule.position.column);
  return base.file !== undefined ? `${base.file}:${pos.line}:${pos.column}` : `DQDL line ${pos.line}, column ${pos.column}`;
}

function refuse(base: SourceBase, rule: DqdlRule, message: string): LakehouseError {
  const pos = absolutePosition(base, rule.position.line, rule.position.column);
  return new LakehouseError('ScriptUnsupported', `${where(base, rule)}: ${formatRule(rule)}: ${message}`, {
    ...(base.file !== undefined ? { file: base.file } : {}),
    line: pos.line,
    column: pos.column,
  });
}

function hasCall(o: NumericOperand): boolean {
  return o.kind === 'call' || (o.kind === 'binary' && (hasCall(o.left) || hasCall(o.right)));
}

function checkLeaf(rule: LeafRule, base: SourceBase): void {
  const refused = REFUSED_RULE_TYPES[rule.type];
  if (refused !== undefined) throw refuse(base, rule, `${rule.type} ${refused}`);
  const type = RULE_TYPES[rule.type];
  if (!type) throw refuse(base, rule, `unknown rule type ${rule.type} (DQDL's rule types: ${[...Object.keys(RULE_TYPES), ...Object.keys(REFUSED_RULE_TYPES)].sort().join(', ')})`);
  const [least, most] = type.parameters;
  const n = rule.parameters.length;
  if (n < least || n > most) throw refuse(base, rule, `${rule.type} takes ${least === most ? least : most === Infinity ? `${least} or more` : `${least} to ${most}`} parameter(s), not ${n}`);
  const kind = rule.condition?.kind ?? 'none';
  if (!type.conditions.includes(kind))
    throw refuse(base, rule, kind === 'none' ? `${rule.type} needs a condition (e.g. ${rule.type} ${'"col" '.repeat(least)}> 0)` : `${rule.type} does not take a ${kind} condition`);
  if (rule.where !== undefined && !type.where) throw refuse(base, rule, `${rule.type} does not take a where clause`);
  if (rule.threshold && !type.threshold) throw refuse(base, rule, `${rule.type} does not take with threshold`);
  const c = rule.condition;
  if (c?.kind === 'number' || rule.threshold) {
    const operands = [...(c?.kind === 'number' ? c.operands : []), ...(rule.threshold?.operands ?? [])];
    if (operands.some(hasCall)) throw refuse(base, rule, 'dynamic rules (last(), avg(), min(), max() …) compare with the results of earlier runs, which only Glue keeps: not evaluated locally');
    if (rule.type !== 'ColumnValues' && operands.some((o) => o.kind === 'null')) throw refuse(base, rule, 'NULL is a value only in ColumnValues conditions');
    if (rule.type === 'ColumnValues' && operands.some((o) => o.kind === 'binary')) throw refuse(base, rule, 'ColumnValues compares with numbers or NULL, not arithmetic');
  }
  if (c?.kind === 'date' && c.operands.some((o) => o.kind === 'time')) throw refuse(base, rule, 'times of day ("9:30 AM") in ColumnValues are not evaluated locally');
  // (where clauses and CustomSql are Spark SQL, translated with the frames' columns when the rule is evaluated)
}

/** Refuses a ruleset holding a rule that is not evaluated here, naming the rule and its line. */
export interface CheckOptions {
  base?: SourceBase;
  compositeRuleEvaluationMethod?: string;
}

export function checkRuleset(ruleset: DqdlRuleset, options: CheckOptions = {}): void {
  const base = options.base ?? {};
  const visit = (rule: DqdlRule): void => {
    if (rule.kind === 'composite') {
      if (options.compositeRuleEvaluationMethod !== undefined && options.compositeRuleEvaluationMethod.toUpperCase() === 'ROW')
        throw refuse(base, rule, 'composite rules evaluated row by row ("compositeRuleEvaluation.method": "ROW") are not evaluated locally; the default, COLUMN, is');
      rule.rules.forEach(visit);
    } else checkLeaf(rule, base);
  };
  ruleset.rules.forEach(visit);
}

/** Parses and checks a ruleset (see {@link checkRuleset}); errors name the file, line and rule. */
export function prepareRuleset(text: string, options: CheckOptions = {}): DqdlRuleset {
  const ruleset = parseDqdl(text, options.base ?? {});
  checkRuleset(ruleset, options);
  return ruleset;
}

export interface EvaluateOptions {
  /** the ruleset's other data sources (ReferentialIntegrity, RowCountMatch, CustomSql): alias → relation name */
  additionalSources?: Record<string, string>;
  /** "now" for now() and DataFreshness (default: the current time) */
  now?: Date;
  /** where the ruleset text sits in its file, for errors */
  base?: SourceBase;
  compositeRuleEvaluationMethod?: string;
  /** the job's glueVersion: its where clauses and CustomSql are Spark 3.3's on 4.0, 3.5's on 5.0 */
  glueVersion?: string | undefined;
}

async function evaluateLeaf(rule: LeafRule, ctx: RuleContext, base: SourceBase): Promise<RuleResult> {
  const type = RULE_TYPES[rule.type]!;
  let whereSql: string | undefined;
  if (rule.where !== undefined) {
    try {
      whereSql = whereToDuckDb(ctx.spark!, ctx.frame, rule.where);
      await ctx.frame.conn.runAndReadAll(`SELECT 1 FROM ${ctx.frame.sql} WHERE (${whereSql}) LIMIT 0`);
    } catch (e) {
      if (e instanceof RuleUnsupported) throw refuse(base, rule, e.message);
      return failed('The provided where clause is invalid');
    }
  }
  try {
    return await type.run(rule, ctx, whereSql);
  } catch (e) {
    if (e instanceof RuleUnsupported || e instanceof LakehouseError) throw refuse(base, rule, e.message);
    throw e;
  }
}

async function evaluate(rule: DqdlRule, ctx: RuleContext, base: SourceBase): Promise<RuleResult> {
  if (rule.kind === 'rule') return evaluateLeaf(rule, ctx, base);
  const nested = [];
  for (const r of rule.rules) nested.push(await evaluate(r, ctx, base));
  const ok = rule.operator === 'and' ? nested.every((r) => r.passed) : nested.some((r) => r.passed);
  const reasons = nested.flatMap((r) => (r.reason !== undefined ? [r.reason] : []));
  return { passed: ok, ...(reasons.length > 0 ? { reason: reasons.join('\n') } : {}), metrics: Object.assign({}, ...nested.map((r) => r.metrics)) };
}

/**
 * Evaluates a DQDL ruleset on `relation` (a view or table on `conn`, the connection the job runs on — its SQL dialect
 * settings are Spark's). The ruleset may be text or already parsed. Throws (LakehouseError ScriptUnsupported /
 * ScriptSyntax) for a ruleset that cannot be evaluated here; a rule that fails is an outcome, not an error.
 */
export async function evaluateRuleset(conn: DuckDBConnection, relation: string, ruleset: string | DqdlRuleset, options: EvaluateOptions = {}): Promise<DqdlResult> {
  const base = options.base ?? {};
  const parsed = typeof ruleset === 'string' ? parseDqdl(ruleset, base) : ruleset;
  checkRuleset(parsed, {
    base,
    ...(options.compositeRuleEvaluationMethod !== undefined ? { compositeRuleEvaluationMethod: options.compositeRuleEvaluationMethod } : {}),
  });
  const frame = await Frame.open(conn, relation);
  const sources: Record<string, Frame> = {};
  for (const [alias, rel] of Object.entries(options.additionalSources ?? {})) sources[alias] = await Frame.open(conn, rel);
  // where clauses and CustomSql are Spark SQL: the translator is loaded for a ruleset that has any
  const hasSql = (rule: DqdlRule): boolean => (rule.kind === 'composite' ? rule.rules.some(hasSql) : rule.where !== undefined || rule.type === 'CustomSql');
  const spark = parsed.rules.some(hasSql) ? { translator: await loadSparkTranslator(), glueVersion: options.glueVersion } : undefined;
  const ctx: RuleContext = { frame, sources, now: options.now ?? new Date(), ...(spark ? { spark } : {}) };
  const rules: DqdlRuleOutcome[] = [];
  for (const rule of parsed.rules) {
    const r = await evaluate(rule, ctx, base);
    rules.push({ rule: formatRule(rule), outcome: r.passed ? 'Passed' : 'Failed', ...(r.reason !== undefined ? { reason: r.reason } : {}), metrics: r.metrics });
  }
  const passedCount = rules.filter((r) => r.outcome === 'Passed').length;
  return { rules, score: rules.length === 0 ? null : passedCount / rules.length };
}
