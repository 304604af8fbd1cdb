/**
 * The rule types Deequ answers with one metric each (RowCount, ColumnCount, Completeness, IsComplete, Uniqueness,
 * IsUnique, IsPrimaryKey, DistinctValuesCount, Entropy, Mean, Sum, StandardDeviation, Variance, UniqueValueRatio,
 * ColumnCorrelation, ColumnExists, ColumnLength, CustomSql with a number condition), each as its translation in
 * awslabs/deequ (src/main/scala/com/amazon/deequ/dqdl/translation/rules/<Type>Rule.scala, commit 0b8cea54) computes it:
 * the analyzer (analyzers/<Analyzer>.scala), the metric's name in the outcome, the constraint.
 *
 * Metric semantics kept from the analyzers: Completeness = non-NULL rows / rows; Uniqueness = values occurring exactly
 * once / rows with a non-NULL value (NULLs left out: FrequencyBasedAnalyzer.computeFrequencies); UniqueValueRatio =
 * values occurring once / distinct values; Entropy = −Σ p·ln p over the non-NULL values; DistinctValuesCount = the
 * histogram's bins, NULL counted as one value ("NullValue"); StandardDeviation and Variance over the population;
 * ColumnLength = the shortest and longest length of the non-NULL strings.
 */
import { isLakehouseError } from '../../errors';
import type { LeafRule, NumericOperand } from './ast';
import { analyzerText, constraint, emptyState, failure, numberAssertion, some, value, type ConstraintResult, type Metric } from './deequ';
import { customSqlToDuckDb, q, type Frame, type FrameColumn } from './frame';
import { sparkTypeClass, sparkTypeName } from './jvmText';
import { failed, RuleUnsupported, type RuleContext, type RuleResult } from './outcome';

/** A Deequ rule's outcome: passed when every constraint passed; the failures' messages joined by line breaks. */
export function deequOutcome(results: ConstraintResult[], metrics: Record<string, Metric>): RuleResult {
  const messages = results.flatMap((r) => (r.message !== undefined ? [r.message] : []));
  const evaluated: Record<string, number> = {};
  for (const [name, m] of Object.entries(metrics)) if (m.ok) evaluated[name] = m.value;
  return { passed: results.every((r) => r.passed), ...(messages.length > 0 ? { reason: messages.join('\n') } : {}), metrics: evaluated };
}

export function parameterValues(rule: LeafRule): string[] {
  return rule.parameters.map((p) => p.value);
}

/** the condition's assertion on a number metric */
export function assertionOf(rule: LeafRule): (m: number) => boolean {
  const c = rule.condition;
  if (!c || c.kind !== 'number') throw new Error(`${rule.type} needs a number condition`);
  return numberAssertion(c.operator, c.operands);
}

/** Deequ's preconditions on a column: it exists (`Input data does not include column x!`), of the wanted kind */
export function checkColumn(frame: Frame, name: string, kind?: 'numeric' | 'string' | 'notNested'): { column: FrameColumn } | { error: string } {
  const column = frame.column(name);
  if (!column) return { error: `Input data does not include column ${name}!` };
  const cls = sparkTypeClass(column.type);
  if (kind === 'numeric' && cls !== 'numeric')
    return { error: `Expected type of column ${name} to be one of (ByteType,ShortType,IntegerType,LongType,FloatType,DoubleType,DecimalType), but found ${sparkTypeName(column.type)} instead!` };
  if (kind === 'string' && cls !== 'string') return { error: `Expected type of column ${name} to be StringType, but found ${sparkTypeName(column.type)} instead!` };
  if (kind === 'notNested' && cls === 'nested') return { error: `Unsupported nested column type of column ${name}: ${sparkTypeName(column.type)}!` };
  return { column };
}

const filter = (where: string | undefined) => (where !== undefined ? ` WHERE (${where})` : '');

/** Completeness (analyzers/Completeness.scala): non-NULL rows among those the where clause selects */
export async function completeness(frame: Frame, name: string, where: string | undefined, rawWhere: string | undefined): Promise<Metric> {
  const checked = checkColumn(frame, name, 'notNested');
  if ('error' in checked) return failure(checked.error);
  const c = q(checked.column.name);
  const [matches, count] = await frame.row(
    where === undefined
      ? `SELECT sum((${c} IS NOT NULL)::INTEGER), count(*) FROM ${frame.sql}`
      : `SELECT sum(((CASE WHEN (${where}) THEN ${c} END) IS NOT NULL)::INTEGER), sum(((${where}))::BIGINT) FROM ${frame.sql}`,
  );
  const analyzer = analyzerText('Completeness', [name, some(rawWhere), 'None']);
  if (matches === null || count === null || (where !== undefined && Number(count) === 0)) return emptyState(analyzer);
  return value(Number(count) === 0 ? NaN : Number(matches) / Number(count));
}

interface Frequencies {
  /** rows with a non-NULL value in one of the columns (and selected by the where clause) */
  rows: number;
  groups: number;
  uniques: number;
  entropy: number | null;
}

/** FrequencyBasedAnalyzer.computeFrequencies: groups of the columns' values, rows where all are NULL left out */
async function frequencies(frame: Frame, columns: FrameColumn[], where: string | undefined): Promise<Frequencies> {
  const cols = columns.map((c) => q(c.name)).join(', ');
  const anyNotNull = columns.map((c) => `${q(c.name)} IS NOT NULL`).join(' OR ');
  const [rows, groups, uniques, entropy] = await frame.row(
    `WITH f AS (SELECT count(*) AS n FROM ${frame.sql} WHERE (${anyNotNull})${where !== undefined ? ` AND (${where})` : ''} GROUP BY ${cols}),
          t AS (SELECT sum(n) AS total FROM f)
     SELECT (SELECT total FROM t), count(*), sum((n = 1)::INTEGER), sum(-(n / (SELECT total FROM t)) * ln(n / (SELECT total FROM t))) FROM f`,
  );
  return { rows: Number(rows ?? 0), groups: Number(groups ?? 0), uniques: Number(uniques ?? 0), entropy: entropy === null ? null : Number(entropy) };
}

function columnsOf(frame: Frame, names: string[], kind: 'notNested'): FrameColumn[] | string {
  const out: FrameColumn[] = [];
  for (const n of names) {
    const checked = checkColumn(frame, n, kind);
    if ('error' in checked) return checked.error;
    out.push(checked.column);
  }
  return out;
}

/** the metric instance of one column (`Column.x.…`) or several (`Multicolumn.x,y.…`) */
function instance(names: string[]): string {
  return names.length === 1 ? `Column.${names[0]}` : `Multicolumn.${names.join(',')}`;
}

async function uniqueness(frame: Frame, names: string[], where: string | undefined, rawWhere: string | undefined, analyzerName: 'Uniqueness' | 'UniqueValueRatio'): Promise<Metric> {
  const cols = columnsOf(frame, names, 'notNested');
  if (typeof cols === 'string') return failure(cols);
  const f = await frequencies(frame, cols, where);
  if (f.groups === 0) return emptyState(analyzerText(analyzerName, [names, some(rawWhere), 'None']));
  return value(analyzerName === 'Uniqueness' ? f.uniques / f.rows : f.uniques / f.groups);
}

const IS_ONE = (v: number) => v === 1.0;

type Evaluator = (rule: LeafRule, ctx: RuleContext, where: string | undefined) => Promise<RuleResult>;

/** one-column numeric statistics (Mean, Sum, StandardDeviation, Variance) */
function statistic(name: 'Mean' | 'Sum' | 'StandardDeviation' | 'Variance', sqlOf: (c: string) => string): Evaluator {
  return async (rule, { frame }, where) => {
    const [col] = parameterValues(rule);
    const checked = checkColumn(frame, col!, 'numeric');
    let metric: Metric;
    if ('error' in checked) metric = failure(checked.error);
    else {
      const c = q(checked.column.name);
      const [v, n] = await frame.row(`SELECT (${sqlOf(c)})::DOUBLE, count(${c}) FROM ${frame.sql}${filter(where)}`);
      metric = v === null || Number(n) === 0 ? emptyState(analyzerText(name, [col!, some(rule.where)])) : value(Number(v));
    }
    return deequOutcome([constraint(metric, assertionOf(rule), { where: rule.where !== undefined })], { [`Column.${col}.${name}`]: metric });
  };
}

export const AGGREGATE_RULES: Record<string, Evaluator> = {
  async RowCount(rule, { frame }, where) {
    // Size (analyzers/Size.scala): count(*), or the rows the where clause selects; asserted as a Long
    const [n] = await frame.row(where === undefined ? `SELECT count(*) FROM ${frame.sql}` : `SELECT sum(((${where}))::BIGINT) FROM ${frame.sql}`);
    const metric = n === null ? emptyState(analyzerText('Size', [some(rule.where)])) : value(Number(n));
    return deequOutcome([constraint(metric, assertionOf(rule), { long: true, where: rule.where !== undefined })], { 'Dataset.*.RowCount': metric });
  },

  async ColumnCount(rule, { frame }) {
    const metric = value(frame.columns.length);
    return deequOutcome([constraint(metric, assertionOf(rule), { long: true })], { 'Dataset.*.ColumnCount': metric });
  },

  async Completeness(rule, { frame }, where) {
    const [col] = parameterValues(rule);
    const metric = await completeness(frame, col!, where, rule.where);
    return deequOutcome([constraint(metric, assertionOf(rule), { where: rule.where !== undefined })], { [`Column.${col}.Completeness`]: metric });
  },

  async IsComplete(rule, { frame }, where) {
    const [col] = parameterValues(rule);
    const metric = await completeness(frame, col!, where, rule.where);
    return deequOutcome([constraint(metric, IS_ONE, { where: rule.where !== undefined })], { [`Column.${col}.Completeness`]: metric });
  },

  async Uniqueness(rule, { frame }, where) {
    const cols = parameterValues(rule);
    const metric = await uniqueness(frame, cols, where, rule.where, 'Uniqueness');
    return deequOutcome([constraint(metric, assertionOf(rule), { where: rule.where !== undefined })], { [`${instance(cols)}.Uniqueness`]: metric });
  },

  async IsUnique(rule, { frame }, where) {
    const cols = parameterValues(rule);
    const metric = await uniqueness(frame, cols, where, rule.where, 'Uniqueness');
    return deequOutcome([constraint(metric, IS_ONE, { where: rule.where !== undefined })], { [`${instance(cols)}.Uniqueness`]: metric });
  },

  async IsPrimaryKey(rule, { frame }, where) {
    // uniqueness of the columns together, and each column complete (IsPrimaryKeyRule.scala)
    const cols = parameterValues(rule);
    const w = rule.where !== undefined;
    const unique = await uniqueness(frame, cols, where, rule.where, 'Uniqueness');
    const complete = await Promise.all(cols.map((c) => completeness(frame, c, where, rule.where)));
    const metrics: Record<string, Metric> = { [`${instance(cols)}.Uniqueness`]: unique };
    cols.forEach((c, i) => (metrics[`Column.${c}.Completeness`] = complete[i]!));
    return deequOutcome([constraint(unique, IS_ONE, { where: w }), ...complete.map((m) => constraint(m, IS_ONE, { where: w }))], metrics);
  },

  async UniqueValueRatio(rule, { frame }, where) {
    const [col] = parameterValues(rule);
    const metric = await uniqueness(frame, [col!], where, rule.where, 'UniqueValueRatio');
    return deequOutcome([constraint(metric, assertionOf(rule), { where: rule.where !== undefined })], { [`Column.${col}.UniqueValueRatio`]: metric });
  },

  async Entropy(rule, { frame }, where) {
    const [col] = parameterValues(rule);
    const cols = columnsOf(frame, [col!], 'notNested');
    let metric: Metric;
    if (typeof cols === 'string') metric = failure(cols);
    else {
      const f = await frequencies(frame, cols, where);
      metric = f.groups === 0 || f.entropy === null ? emptyState(analyzerText('Entropy', [col!, some(rule.where)])) : value(f.entropy);
    }
    return deequOutcome([constraint(metric, assertionOf(rule), { where: rule.where !== undefined })], { [`Column.${col}.Entropy`]: metric });
  },

  async DistinctValuesCount(rule, { frame }, where) {
    // Histogram (analyzers/Histogram.scala): values cast to strings, NULL as "NullValue"; the bins asserted as a Long
    const [col] = parameterValues(rule);
    const checked = checkColumn(frame, col!);
    let metric: Metric;
    if ('error' in checked) metric = failure(checked.error);
    else {
      const [n] = await frame.row(`SELECT count(DISTINCT coalesce(CAST(${q(checked.column.name)} AS VARCHAR), 'NullValue')) FROM ${frame.sql}${filter(where)}`);
      metric = value(Number(n));
    }
    return deequOutcome([constraint(metric, assertionOf(rule), { long: true, where: rule.where !== undefined })], { [`Column.${col}.DistinctValuesCount`]: metric });
  },

  Mean: statistic('Mean', (c) => `sum(${c})::DOUBLE / count(${c})`),
  Sum: statistic('Sum', (c) => `sum(${c})`),
  StandardDeviation: statistic('StandardDeviation', (c) => `stddev_pop(${c})`),
  Variance: statistic('Variance', (c) => `var_pop(${c})`),

  async ColumnCorrelation(rule, { frame }, where) {
    const [a, b] = parameterValues(rule);
    const ca = checkColumn(frame, a!, 'numeric');
    const cb = checkColumn(frame, b!, 'numeric');
    let metric: Metric;
    if ('error' in ca) metric = failure(ca.error);
    else if ('error' in cb) metric = failure(cb.error);
    else {
      const x = q(ca.column.name);
      const y = q(cb.column.name);
      const [r, n] = await frame.row(`SELECT corr(${x}, ${y}), count(*) FILTER (WHERE ${x} IS NOT NULL AND ${y} IS NOT NULL) FROM ${frame.sql}${filter(where)}`);
      metric = Number(n) === 0 || r === null ? emptyState(analyzerText('Correlation', [a!, b!, some(rule.where)])) : value(Number(r));
    }
    return deequOutcome([constraint(metric, assertionOf(rule), { where: rule.where !== undefined })], { [`Multicolumn.${a},${b}.ColumnCorrelation`]: metric });
  },

  async ColumnExists(rule, { frame }) {
    // ColumnExists (analyzers/ColumnExists.scala): the name as written, case included
    const [col] = parameterValues(rule);
    const metric = value(frame.columns.some((c) => c.name === col) ? 1 : 0);
    return deequOutcome([constraint(metric, IS_ONE)], { [`Dataset.${col}.ColumnExists`]: metric });
  },

  async ColumnLength(rule, { frame }, where) {
    return columnLength(rule, frame, where);
  },

  async CustomSql(rule, ctx) {
    // with a number condition: the SQL gives one number (analyzers/CustomSql.scala); asserted as a Double
    const [statement] = parameterValues(rule);
    const metric = await customSqlValue(ctx, statement!);
    return deequOutcome([constraint(metric, assertionOf(rule))], { 'Dataset.*.CustomSQL': metric });
  },
};

/** the CustomSql statement over primary and the additional sources, translated; Spark's error as the rule's failure */
export function customSqlOf(ctx: RuleContext, statement: string): { sql: string } | { error: string } {
  try {
    return { sql: customSqlToDuckDb(ctx.spark!, statement, { primary: ctx.frame, ...ctx.sources }) };
  } catch (e) {
    if (e instanceof RuleUnsupported || !isLakehouseError(e)) throw e;
    return { error: e.message.split('\n')[0]! };
  }
}

async function customSqlValue(ctx: RuleContext, statement: string): Promise<Metric> {
  const translated = customSqlOf(ctx, statement);
  if ('error' in translated) return failure(translated.error);
  let reader;
  try {
    reader = await ctx.frame.conn.runAndReadAll(`SELECT * FROM (${translated.sql}) LIMIT 2`);
  } catch (e) {
    return failure((e as Error).message.split('\n')[0]!);
  }
  if (reader.columnCount !== 1) return failure('Custom SQL did not return exactly 1 column');
  const rows = reader.getRowsJson();
  if (rows.length !== 1) return failure('Custom SQL did not return exactly 1 row');
  const v = rows[0]![0];
  const n = v === null ? NaN : Number(v);
  return Number.isNaN(n) && v !== null && String(v) !== 'NaN' ? failure(`Custom SQL returned ${String(v)}, which is not a number`) : value(n);
}

/**
 * ColumnLength (ColumnLengthRule.scala): the shortest and longest non-NULL string (MinLength/MaxLength) against the
 * condition — `between` excluding both bounds, `=`/`!=` on both — or, for `in`, `not in` and `not between`, the share
 * of rows whose length complies (NULL counting as length 0 only when 0 is listed).
 */
async function columnLength(rule: LeafRule, frame: Frame, where: string | undefined): Promise<RuleResult> {
  const [col] = parameterValues(rule);
  const c = rule.condition!;
  if (c.kind !== 'number') return failed('ColumnLength rule only supports atomic operands in conditions.');
  if (!c.operands.every((o) => o.kind === 'number')) return failed('ColumnLength rule only supports atomic operands in conditions.');
  const ops = c.operands.map((o) => (o as Extract<NumericOperand, { kind: 'number' }>).value);
  const checked = checkColumn(frame, col!, 'string');
  const w = rule.where !== undefined;
  if (['in', 'notIn', 'notBetween'].includes(c.operator)) {
    if ('error' in checked) return deequOutcome([{ passed: false, message: checked.error }], {});
    const x = q(checked.column.name);
    const list = ops.map((o) => String(o)).join(',');
    const zero = ops.includes(0);
    const notBetween = `(length(${x}) <= ${ops[0]}) OR (length(${x}) >= ${ops[ops.length - 1]})`;
    const predicate =
      c.operator === 'in'
        ? zero ? `${x} IS NULL OR length(${x}) IN (${list})` : `${x} IS NOT NULL AND length(${x}) IN (${list})`
        : c.operator === 'notIn'
          ? zero ? `${x} IS NOT NULL OR length(${x}) NOT IN (${list})` : `${x} IS NULL OR length(${x}) NOT IN (${list})`
          : zero ? `${x} IS NOT NULL OR (${notBetween})` : `${x} IS NULL OR (${notBetween})`;
    const metric = await compliance(frame, predicate, where, `Compliance(${col},${predicate},${some(rule.where)})`);
    return deequOutcome([constraint(metric, IS_ONE, { where: w })], { [`Column.${col}.LengthCompliance`]: metric });
  }
  let min: Metric;
  let max: Metric;
  if ('error' in checked) min = max = failure(checked.error);
  else {
    const x = q(checked.column.name);
    const [lo, hi] = await frame.row(`SELECT min(length(${x}))::DOUBLE, max(length(${x}))::DOUBLE FROM ${frame.sql}${filter(where)}`);
    min = lo === null ? emptyState(analyzerText('MinLength', [col!, some(rule.where), 'None'])) : value(Number(lo));
    max = hi === null ? emptyState(analyzerText('MaxLength', [col!, some(rule.where), 'None'])) : value(Number(hi));
  }
  const [a, b] = [ops[0]!, ops[ops.length - 1]!];
  const mins: Record<string, (v: number) => boolean> = { between: (v) => v > a, ge: (v) => v >= a, gt: (v) => v > a, eq: (v) => v === a, ne: (v) => v !== a };
  const maxs: Record<string, (v: number) => boolean> = { between: (v) => v < b, le: (v) => v <= a, lt: (v) => v < a, eq: (v) => v === a, ne: (v) => v !== a };
  const results: ConstraintResult[] = [];
  const metrics: Record<string, Metric> = {};
  if (mins[c.operator]) {
    results.push(constraint(min, mins[c.operator]!, { where: w }));
    metrics[`Column.${col}.MinimumLength`] = min;
  }
  if (maxs[c.operator]) {
    results.push(constraint(max, maxs[c.operator]!, { where: w }));
    metrics[`Column.${col}.MaximumLength`] = max;
  }
  return deequOutcome(results, metrics);
}

/**
 * Compliance (analyzers/Compliance.scala): the rows where the predicate is true among those the where clause selects
 * (a NULL predicate counts as not complying).
 */
export async function compliance(frame: Frame, predicate: string, where: string | undefined, analyzer: string): Promise<Metric> {
  const [matches, count] = await frame.row(
    where === undefined
      ? `SELECT sum(coalesce((${predicate})::INTEGER, 0)), count(*) FROM ${frame.sql}`
      : `SELECT sum((CASE WHEN (${where}) THEN coalesce((${predicate})::INTEGER, 0) END)), sum(((${where}))::BIGINT) FROM ${frame.sql}`,
  );
  if (matches === null || count === null || Number(count) === 0) return emptyState(analyzer);
  return value(Number(matches) / Number(count));
}
