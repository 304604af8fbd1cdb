/**
 * Row-level outcomes: the `rowLevelOutcomes` frame of `EvaluateDataQuality().process_rows(…)` — the evaluated frame
 * with four columns added, as awslabs/deequ builds it (commit 0b8cea54: dqdl/EvaluateDataQuality.scala `processRows`,
 * dqdl/execution/RowLevelResultHelper.scala, VerificationResult.rowLevelResultsAsDataFrame):
 * - `DataQualityRulesPass`, `DataQualityRulesFail`: the texts of the rules whose row-level result for the record is
 *   true / false (arrays of strings);
 * - `DataQualityRulesSkip`: the rules that give no row-level result (a rule on the whole dataset: RowCount, Mean…),
 *   then those whose result for the record is NULL;
 * - `DataQualityEvaluationResult`: "Passed" when no rule failed on the record, else "Failed".
 * A ruleset without any row-level rule gives every record empty Pass and Fail, every rule in Skip, and "Passed".
 *
 * A rule gives a row-level result when its Deequ check holds a row-level constraint (constraints/Constraint.scala:
 * RowLevelConstraint, RowLevelAssertedConstraint, RowLevelGroupedConstraint); the result is the constraints' columns
 * joined by `and`. The rule types whose column is reproduced here are {@link ROW_LEVEL}; those that give none are
 * {@link NO_COLUMN}; a composite rule's is its rules' joined by its operator; every other rule is refused by name when
 * rowLevelOutcomes is selected.
 *
 * Order of the rules in the arrays: the ruleset's. Deequ keys the rules by their check's random UUID in a Scala Map,
 * whose order is the insertion order up to 4 entries; past 4 rules the order on Glue is that of a hash of random ids,
 * so any order is one Glue may give.
 */
import { LakehouseError } from '../../errors';
import { quoteString, absolutePosition, type SourceBase } from '../../sql/lexer';
import type { DqdlRule, DqdlRuleset, LeafRule, NumericOperand, StringOperand } from './ast';
import { formatRule } from './format';
import { Frame, q, whereToDuckDb, type FrameColumn, type RuleSpark } from './frame';
import { loadSparkTranslator } from '../../sql/spark/load';
import { javaDouble } from '../../sql/dialects/javaNumbers';
import { sparkTypeClass, sparkTypeName } from './jvmText';
import { datePredicate, dateOf, patternPredicate, sparkToDate, stringPredicate } from './rowRules';
import type { DuckDBConnection } from '@duckdb/node-api';

export const ROW_LEVEL_PASS = 'DataQualityRulesPass';
export const ROW_LEVEL_FAIL = 'DataQualityRulesFail';
export const ROW_LEVEL_SKIP = 'DataQualityRulesSkip';
export const ROW_LEVEL_OUTCOME = 'DataQualityEvaluationResult';
const ADDED = [ROW_LEVEL_PASS, ROW_LEVEL_FAIL, ROW_LEVEL_SKIP, ROW_LEVEL_OUTCOME];

/**
 * Rule types whose Deequ check has no row-level constraint (hasSize, hasColumnCount, hasColumn, hasMean, hasSum,
 * hasStandardDeviation, hasVariance, hasEntropy, hasNumberOfDistinctValues, hasCorrelation; and the rules Deequ runs
 * with executors of their own, whose RuleOutcome keeps the default NoColumn): in Skip on every record. So is CustomSql
 * with a number condition (Check.customSql: an AnalysisBasedConstraint); CustomSql without one returns rows
 * (CustomSqlRowLevelExecutor), not reproduced row by row here.
 */
export const NO_COLUMN = new Set([
  'RowCount',
  'ColumnCount',
  'ColumnExists',
  'Mean',
  'Sum',
  'StandardDeviation',
  'Variance',
  'Entropy',
  'DistinctValuesCount',
  'ColumnCorrelation',
  'DataFreshness',
  'ColumnDataType',
  'ReferentialIntegrity',
  'RowCountMatch',
  'ColumnNamesMatchPattern',
]);

/**
 * Rule types whose row-level column is reproduced (a where clause: see {@link Part}):
 * - IsComplete, Completeness: `isComplete` / `hasCompleteness` — Completeness.rowLevelResults, `col IS NOT NULL`;
 * - IsUnique, Uniqueness: `isUnique` / `hasUniqueness` — Uniqueness's full column, true when the record's values occur
 *   once (a window over the columns, NULLs one group);
 * - IsPrimaryKey: one column: uniqueness and completeness; several: uniqueness only (IsPrimaryKeyRule.scala's
 *   completeness checks on several columns are built and dropped);
 * - ColumnValues with a number condition: `>`, `>=`, `<`, `<=`, `=` as hasMin/hasMax (the value, as a double, against
 *   the operand; NULL for a NULL value) and isComplete — a NULL value fails; `between` as isContainedIn (bounds
 *   excluded) and isComplete; `in`, `not in`, `!=`, `= NULL` as the compliance predicate the rule's SQL is;
 * - ColumnValues with a string condition `=`, `in`, `!=`, `not in`: the compliance predicate (a NULL result: Skip);
 *   with a date condition: buildDateSql's predicate over to_date(col) (a text that is no date: NULL, skipped); a
 *   threshold changes the rule's outcome only, not a record's result;
 *   `matches` / `not matches`: PatternMatch's row-level column (analyzers/PatternMatch.scala: 1 when the match is
 *   not empty, else 0 — a NULL value fails);
 * - ColumnLength (a string column): `>`, `>=`, `<`, `<=`, `=`, `!=`, `between` as hasMinLength/hasMaxLength — the
 *   length against the operands, NULL for a NULL value (no analyzer options: NullBehavior's default, the row
 *   assertion's `None => null`), so skipped; `in`, `not in`, `not between` as the compliance predicate.
 */
export const ROW_LEVEL = new Set(['IsComplete', 'Completeness', 'IsUnique', 'Uniqueness', 'IsPrimaryKey', 'ColumnValues', 'ColumnLength']);

function refuse(base: SourceBase, rule: DqdlRule, why: string, instead: string): LakehouseError {
  const pos = absolutePosition(base, rule.position.line, rule.position.column);
  const at = base.file !== undefined ? `${base.file}:${pos.line}:${pos.column}` : `DQDL line ${pos.line}, column ${pos.column}`;
  return new LakehouseError('ScriptUnsupported', `${at}: ${formatRule(rule)}: its row-level outcomes (rowLevelOutcomes) are not computed locally: ${why}; ${instead}`, {
    ...(base.file !== undefined ? { file: base.file } : {}),
    line: pos.line,
    column: pos.column,
  });
}

const INSTEAD = 'select ruleOutcomes (the rule outcomes are evaluated) or originalData, or drop the rule from a ruleset whose rowLevelOutcomes you read';

/** the reason a rule's row-level outcome is not reproduced, if it is not */
const noColumn = (rule: LeafRule) => NO_COLUMN.has(rule.type) || (rule.type === 'CustomSql' && rule.condition !== undefined);

function leafRefusal(rule: LeafRule): string | undefined {
  if (noColumn(rule)) return undefined;
  if (rule.type === 'CustomSql') return 'the records a CustomSql query returns (CustomSqlRowLevelExecutor) are not matched to the frame\'s records here';
  if (!ROW_LEVEL.has(rule.type))
    return `which records a ${rule.type} rule passes or fails is not reproduced here (the row-level rule types reproduced: ${[...ROW_LEVEL].join(', ')}; rules that give none: ${[...NO_COLUMN].join(', ')})`;
  // a threshold changes the rule's assertion, not a record's result (ColumnValues: the record complies or not)
  if (rule.threshold && rule.type !== 'ColumnValues') return 'with a threshold, a record\'s result is not reproduced';
  const c = rule.condition;
  if (rule.type === 'ColumnValues') {
    if (c?.kind === 'string' && (c.operator === 'ne' || c.operator === 'notIn')) {
      const keywords = new Set(c.operands.flatMap((o: StringOperand) => (o.kind === 'keyword' ? [o.keyword] : [])));
      if (!keywords.has('NULL') && (keywords.has('EMPTY') || keywords.has('WHITESPACES_ONLY')))
        return 'for a NULL record, the documentation ("negated rules … allow NULL rows") and the published port (a NULL result: skipped) disagree';
    }
  }
  return undefined;
}

/**
 * At plan time, when a script selects rowLevelOutcomes: refuses (by rule and line) a ruleset whose row-level outcomes
 * are not reproduced.
 */
export function checkRowLevel(ruleset: DqdlRuleset, base: SourceBase = {}): void {
  const texts = new Set<string>();
  let rowLevel = false;
  const visit = (rule: DqdlRule): void => {
    if (rule.kind === 'composite') return rule.rules.forEach(visit);
    const why = leafRefusal(rule);
    if (why !== undefined) throw refuse(base, rule, why, INSTEAD);
    if (ROW_LEVEL.has(rule.type)) rowLevel = true;
  };
  for (const rule of ruleset.rules) {
    visit(rule);
    const text = formatRule(rule);
    if (texts.has(text) && rowLevel) throw refuse(base, rule, 'the ruleset holds this rule twice; Glue keys the row-level results by rule, so one of the two is dropped', 'write each rule once');
    texts.add(text);
  }
}

const number = (o: NumericOperand | undefined): string => (o?.kind === 'number' ? javaDouble(o.value) : 'NULL');

/**
 * One constraint's row-level column, by the kind of Deequ constraint it is — which decides what a where clause does to
 * the records it leaves out (FilteredRowOutcome.TRUE, Deequ's default):
 * - completeness (Completeness.rowLevelResults): left out → true, the clause NULL → NULL;
 * - compliance (Compliance.rowLevelResults): left out or the clause NULL → true;
 * - asserted (Minimum/Maximum/MinLength/MaxLength through the row assertion): in scope only where the clause holds,
 *   else "FilteredData" → true;
 * - pattern (PatternMatch.rowLevelResults): left out → true, the clause NULL → the match;
 * - unique (Uniqueness): left out → true, else whether the record's values occur once among the records the clause
 *   holds for (a window count of those records).
 */
type Part = { kind: 'completeness' | 'compliance' | 'asserted' | 'pattern'; sql: string } | { kind: 'unique'; cols: string[] };

function partSql(p: Part, w: string | undefined): string {
  if (p.kind === 'unique') {
    const by = p.cols.join(', ');
    if (w === undefined) return `(count(*) OVER (PARTITION BY ${by}) = 1)`;
    return `(CASE WHEN NOT (${w}) THEN TRUE WHEN count(CASE WHEN (${w}) THEN 1 END) OVER (PARTITION BY ${by}) = 1 THEN TRUE ELSE FALSE END)`;
  }
  if (w === undefined) return `(${p.sql})`;
  switch (p.kind) {
    case 'completeness':
      return `(CASE WHEN NOT (${w}) THEN TRUE WHEN (${w}) THEN (${p.sql}) END)`;
    case 'compliance':
      return `(CASE WHEN NOT (${w}) OR (${w}) IS NULL THEN TRUE ELSE (${p.sql}) END)`;
    case 'asserted':
      return `(CASE WHEN (${w}) THEN (${p.sql}) ELSE TRUE END)`;
    case 'pattern':
      return `(CASE WHEN NOT (${w}) THEN TRUE ELSE (${p.sql}) END)`;
  }
}

/**
 * The record's row-level result (SQL, NULL where Deequ's column is NULL), or null for a rule that gives none: its
 * check's constraints' columns joined by `and` (VerificationResult.columnForCheckResult). A composite rule's is its
 * rules' joined by its operator when each of them has one, else none (RowLevelResultHelper.aggregateOutcomes).
 */
async function rowPredicate(rule: DqdlRule, frame: Frame, base: SourceBase, spark: RuleSpark | undefined, now: Date): Promise<string | null> {
  if (rule.kind === 'composite') {
    const nested: (string | null)[] = [];
    for (const r of rule.rules) {
      const p = await rowPredicate(r, frame, base, spark, now);
      // a nested rule that judges records but has no column for this data: the composite refers to a column Deequ
      // never added (RowLevelResultHelper.aggregateOutcomes takes a SingularColumn's name as given)
      if (p === null && r.kind === 'rule' && !noColumn(r))
        throw refuse(base, rule, `${formatRule(r)} gives no row-level column for this data (no record has a value), and how the composite then fails on Glue is not reproduced`, INSTEAD);
      nested.push(p);
    }
    if (nested.some((p) => p === null)) return null;
    return `(${nested.join(rule.operator === 'and' ? ' AND ' : ' OR ')})`;
  }
  if (noColumn(rule)) return null;
  let w: string | undefined;
  if (rule.where !== undefined) {
    try {
      w = whereToDuckDb(spark!, frame, rule.where);
    } catch (e) {
      throw refuse(base, rule, `its where clause: ${(e as Error).message}`, INSTEAD);
    }
  }
  const kept: Part[] = [];
  for (const p of ruleParts(rule, frame, base, now)) {
    if (p.kind === 'unique') {
      // no record with a value (among those the clause holds for): Uniqueness' metric is empty, without a row-level
      // column (ScanShareableFrequencyBasedAnalyzer.fromAggregationResult → metricFromEmpty)
      const any = `(${p.cols.map((c) => `${c} IS NOT NULL`).join(' OR ')})`;
      if ((await frame.count(w === undefined ? any : `${any} AND (${w})`)) === 0) continue;
    }
    if (p.kind === 'pattern' && w !== undefined && (await frame.count(w)) === 0)
      throw refuse(base, rule, 'its where clause holds for no record, and PatternMatch then gives no metric, whose row-level column is not reproduced', INSTEAD);
    kept.push(p);
  }
  if (kept.length === 0) return null;
  return `(${kept.map((p) => partSql(p, w)).join(' AND ')})`;
}

/** the constraints of the rule's Deequ check (DQDLRuleTranslator's converters), each a row-level column */
function ruleParts(rule: LeafRule, frame: Frame, base: SourceBase, now: Date): Part[] {
  const names = rule.parameters.map((p) => p.value);
  const columns = names.map((n) => {
    const c = frame.column(n);
    if (!c) throw refuse(base, rule, `the frame has no column ${n} (Deequ's row-level column for a failed check is not reproduced)`, 'name a column of the frame');
    return c;
  });
  const cols = columns.map((c) => q(c.name));
  const complete: Part = { kind: 'completeness', sql: `${cols[0]} IS NOT NULL` };
  const unique: Part = { kind: 'unique', cols };
  switch (rule.type) {
    case 'IsComplete':
    case 'Completeness':
      return [complete];
    case 'IsUnique':
    case 'Uniqueness':
      return [unique];
    case 'IsPrimaryKey':
      // one column: isPrimaryKey and isComplete; several: isPrimaryKey only (the completeness checks are dropped)
      return cols.length === 1 ? [unique, complete] : [unique];
    case 'ColumnValues':
      break;
    case 'ColumnLength':
      return lengthParts(rule, columns[0]!, base);
    default:
      throw refuse(base, rule, `${rule.type} is not a row-level rule here`, INSTEAD);
  }
  const c = rule.condition!;
  const x = cols[0]!;
  const column = columns[0]!;
  const compliance = (sql: string): Part[] => [{ kind: 'compliance', sql }];
  if (c.kind === 'string' && (c.operator === 'matches' || c.operator === 'notMatches')) {
    if (sparkTypeClass(column.type) !== 'string') throw refuse(base, rule, `the column ${column.name} is ${sparkTypeName(column.type)}, not a string (the check fails on Glue; its row-level column is not reproduced)`, 'match a string column');
    const pattern = c.operands[0];
    if (pattern?.kind !== 'string') throw refuse(base, rule, 'the pattern is not a string', INSTEAD);
    return [{ kind: 'pattern', sql: patternPredicate(x, pattern.value, c.operator === 'notMatches') }];
  }
  if (c.kind === 'string') return compliance(stringPredicate(x, c.operands, c.operator === 'ne' || c.operator === 'notIn'));
  if (c.kind === 'date') {
    // buildDateSql's compliance predicate over to_date(col) (NULL where the text is no date: skipped)
    const dc = sparkToDate(x, column.type);
    if (dc === undefined) throw refuse(base, rule, `the column ${column.name} is ${sparkTypeName(column.type)}, not a date, timestamp or string`, 'compare dates in a date, timestamp or string column');
    return compliance(datePredicate(x, dc, c.operator, c.operands.map((o) => dateOf(o, now))));
  }
  if (c.kind !== 'number') throw refuse(base, rule, `a ${c.kind} condition is evaluated for the rule outcome only`, INSTEAD);
  if (sparkTypeClass(column.type) !== 'numeric')
    throw refuse(base, rule, `the column ${column.name} is ${sparkTypeName(column.type)}, not a number (the check fails on Glue; its row-level column is not reproduced)`, 'compare a numeric column');
  const hasNull = c.operands.some((o) => o.kind === 'null');
  const nums = c.operands.filter((o) => o.kind === 'number').map(number);
  const list = nums.join(', ');
  switch (c.operator) {
    case 'in':
      return compliance(nums.length > 0 ? (hasNull ? `${x} IN (${list}) OR ${x} IS NULL` : `${x} IS NOT NULL AND ${x} IN (${list})`) : hasNull ? `${x} IS NULL` : 'FALSE');
    case 'notIn':
      return compliance(nums.length > 0 ? (hasNull ? `${x} NOT IN (${list}) AND ${x} IS NOT NULL` : `${x} IS NULL OR ${x} NOT IN (${list})`) : hasNull ? `${x} IS NOT NULL` : 'TRUE');
    case 'ne':
      return compliance(hasNull ? `${x} IS NOT NULL` : `${x} IS NULL OR ${x} != ${nums[0]}`);
    case 'notBetween':
      return compliance(`${x} IS NOT NULL AND (${x} <= ${nums[0]} OR ${x} >= ${nums[nums.length - 1]})`);
    case 'between':
      // isContainedIn (a NULL complies) and isComplete
      return [{ kind: 'compliance', sql: `${x} IS NULL OR (${x} > ${nums[0]} AND ${x} < ${nums[nums.length - 1]})` }, complete];
    case 'eq':
      if (hasNull) return compliance(`${x} IS NULL`);
      break;
  }
  // hasMin/hasMax: the value as Spark's text parsed to a double (Java's comparisons: NaN compares false; NULL for a
  // NULL value), and isComplete
  const v = `CAST(${x} AS DOUBLE)`;
  const op: Record<string, string> = { gt: '>', ge: '>=', lt: '<', le: '<=', eq: '=' };
  const sym = op[c.operator];
  if (sym === undefined) throw refuse(base, rule, `the operator of ${c.text} is not reproduced row by row`, INSTEAD);
  return [{ kind: 'asserted', sql: `NOT isnan(${v}) AND ${v} ${sym} ${nums[0]}` }, complete];
}

/** ColumnLengthRule.mkColumnLengthCheck, a record at a time */
function lengthParts(rule: LeafRule, column: FrameColumn, base: SourceBase): Part[] {
  const c = rule.condition;
  if (c?.kind !== 'number' || !c.operands.every((o) => o.kind === 'number')) throw refuse(base, rule, 'ColumnLength takes numbers', INSTEAD);
  if (sparkTypeClass(column.type) !== 'string') throw refuse(base, rule, `the column ${column.name} is ${sparkTypeName(column.type)}, not a string (the check fails on Glue; its row-level column is not reproduced)`, 'measure a string column');
  const x = q(column.name);
  const ops = c.operands.map(number);
  const [a, b] = [ops[0]!, ops[ops.length - 1]!];
  const zero = c.operands.some((o) => o.kind === 'number' && o.value === 0);
  const list = ops.join(', ');
  const len = `length(${x})::DOUBLE`;
  const notBetween = `(length(${x}) <= ${a}) OR (length(${x}) >= ${b})`;
  const compliance = (sql: string): Part[] => [{ kind: 'compliance', sql }];
  const asserted = (...sql: string[]): Part[] => sql.map((s) => ({ kind: 'asserted', sql: s }));
  switch (c.operator) {
    case 'in':
      return compliance(zero ? `${x} IS NULL OR length(${x}) IN (${list})` : `${x} IS NOT NULL AND length(${x}) IN (${list})`);
    case 'notIn':
      return compliance(zero ? `${x} IS NOT NULL OR length(${x}) NOT IN (${list})` : `${x} IS NULL OR length(${x}) NOT IN (${list})`);
    case 'notBetween':
      return compliance(zero ? `${x} IS NOT NULL OR (${notBetween})` : `${x} IS NULL OR (${notBetween})`);
    case 'between':
      return asserted(`${len} > ${a}`, `${len} < ${b}`);
    case 'gt':
      return asserted(`${len} > ${a}`);
    case 'ge':
      return asserted(`${len} >= ${a}`);
    case 'lt':
      return asserted(`${len} < ${a}`);
    case 'le':
      return asserted(`${len} <= ${a}`);
    case 'eq':
      return asserted(`${len} = ${a}`, `${len} = ${a}`);
    case 'ne':
      return asserted(`${len} != ${a}`, `${len} != ${a}`);
  }
}

/**
 * The rowLevelOutcomes frame as a query over `relation` (the frame the ruleset was evaluated on): its columns, then
 * DataQualityRulesPass, DataQualityRulesFail, DataQualityRulesSkip, DataQualityEvaluationResult.
 */
export async function rowLevelOutcomesSql(conn: DuckDBConnection, relation: string, ruleset: DqdlRuleset, base: SourceBase = {}, options: { glueVersion?: string | undefined; now?: Date } = {}): Promise<string> {
  checkRowLevel(ruleset, base);
  const frame = await Frame.open(conn, relation);
  const clash = frame.columns.find((c) => ADDED.some((a) => a.toLowerCase() === c.name.toLowerCase()));
  if (clash)
    throw new LakehouseError(
      'ScriptUnsupported',
      `${base.file ?? 'DQDL'}${base.line !== undefined ? `:${base.line}` : ''}: the frame evaluated already has a field ${clash.name}; Glue's rowLevelOutcomes replaces it, which is not reproduced locally — rename or drop the field before Evaluate Data Quality`,
      { ...(base.file !== undefined ? { file: base.file } : {}), ...(base.line !== undefined ? { line: base.line } : {}) },
    );
  const rules = ruleset.rules;
  const texts = rules.map((r) => formatRule(r));
  const hasWhere = (r: DqdlRule): boolean => (r.kind === 'composite' ? r.rules.some(hasWhere) : r.where !== undefined);
  const spark = rules.some(hasWhere) ? { translator: await loadSparkTranslator(), glueVersion: options.glueVersion } : undefined;
  const now = options.now ?? new Date();
  const predicates: (string | null)[] = [];
  for (const r of rules) predicates.push(await rowPredicate(r, frame, base, spark, now));
  const list = (items: string[]) => (items.length === 0 ? '[]::VARCHAR[]' : `[${items.join(', ')}]::VARCHAR[]`);
  const [pass, fail, skip, outcome] = ADDED.map(q);
  const rowLevel = predicates.flatMap((p, i) => (p === null ? [] : [i]));
  if (rowLevel.length === 0) return `SELECT *, ${list([])} AS ${pass}, ${list([])} AS ${fail}, ${list(texts.map(quoteString))} AS ${skip}, 'Passed' AS ${outcome} FROM ${frame.sql}`;
  const r = (i: number) => q(`__dq_row_${i}`);
  const picked = (when: (col: string) => string) => `list_filter(${list(rowLevel.map((i) => `CASE WHEN ${when(r(i))} THEN ${quoteString(texts[i]!)} END`))}, lambda x: x IS NOT NULL)`;
  const noColumn = predicates.flatMap((p, i) => (p === null ? [quoteString(texts[i]!)] : []));
  const inner = `SELECT *, ${rowLevel.map((i) => `(${predicates[i]})::BOOLEAN AS ${r(i)}`).join(', ')} FROM ${frame.sql}`;
  const middle =
    `SELECT * EXCLUDE (${rowLevel.map(r).join(', ')}), ${picked((x) => x)} AS ${pass}, ${picked((x) => `NOT ${x}`)} AS ${fail}, ` +
    `list_concat(${list(noColumn)}, ${picked((x) => `${x} IS NULL`)}) AS ${skip} FROM (${inner})`;
  return `SELECT *, CASE WHEN len(${fail}) = 0 THEN 'Passed' ELSE 'Failed' END AS ${outcome} FROM (${middle})`;
}
