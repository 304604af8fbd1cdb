/**
 * The rule types that judge rows: ColumnValues, DataFreshness, ColumnDataType, CustomSql without a number condition,
 * and those that compare with another data source (ReferentialIntegrity, RowCountMatch) or with the schema
 * (ColumnNamesMatchPattern) — each as awslabs/deequ evaluates it (src/main/scala/com/amazon/deequ/dqdl/translation/rules/
 * and execution/executors/, commit 0b8cea54), a port of Glue's own engine.
 *
 * ColumnValues: every row must satisfy the condition; NULL fails it except under `!=` and `not in`
 * (https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnValues.html, "Null behavior"); `between` excludes
 * both bounds; `matches` is a match of the whole value; dates compare by day (`now()` is today, UTC). `with threshold`
 * turns "every row" into "this share of rows" (the rule type supports a threshold: awslabs/dqdl rules-config.json).
 */
import type { DateOperand, LeafRule, NumericOperand, StringOperand } from './ast';
import { assertionOf, checkColumn, compliance, customSqlOf, deequOutcome, parameterValues } from './aggregateRules';
import { constraint, emptyState, failure, numberAssertion, some, value, type ConstraintResult, type Metric } from './deequ';
import { q, type Frame, type FrameColumn } from './frame';
import { javaDouble } from '../../sql/dialects/javaNumbers';
import { javaFixed2, sparkTypeClass, sparkTypeName } from './jvmText';
import { failed, passed, RuleUnsupported, type RuleContext, type RuleResult } from './outcome';

const lit = (s: string) => `'${s.split("'").join("''")}'`;
const IS_ONE = (v: number) => v === 1.0;
const NULL_REASON = 'Value: NULL does not meet the constraint requirement!';

/** the outcome of a row-level rule with an optional threshold: the compliance ratio asserted (default: all rows) */
function thresholdAssertion(rule: LeafRule): (v: number) => boolean {
  return rule.threshold ? numberAssertion(rule.threshold.operator, rule.threshold.operands) : IS_ONE;
}

/** a column's ColumnValues.Compliance over a row predicate, against the threshold (every row when none) */
async function columnCompliance(rule: LeafRule, frame: Frame, col: string, predicate: string, where: string | undefined): Promise<RuleResult> {
  const metric = await compliance(frame, predicate, where, `Compliance(${col},${predicate},${some(rule.where)})`);
  return deequOutcome([constraint(metric, thresholdAssertion(rule), { where: rule.where !== undefined })], { [`Column.${col}.ColumnValues.Compliance`]: metric });
}

export async function columnValues(rule: LeafRule, ctx: RuleContext, where: string | undefined): Promise<RuleResult> {
  const { frame } = ctx;
  const [col] = parameterValues(rule);
  const found = frame.column(col!);
  const c = rule.condition!;
  if (!found) return deequOutcome([{ passed: false, message: `Input data does not include column ${col}!` }], {});
  const x = q(found.name);
  switch (c.kind) {
    case 'number':
      return numericValues(rule, frame, col!, found, c.operator, c.operands, where);
    case 'string': {
      if (c.operator === 'matches' || c.operator === 'notMatches') {
        if (sparkTypeClass(found.type) !== 'string') return deequOutcome([{ passed: false, message: `Expected type of column ${col} to be StringType, but found ${sparkTypeName(found.type)} instead!` }], {});
        const pattern = (c.operands[0] as Extract<StringOperand, { kind: 'string' }>).value;
        const metric = await patternMatch(frame, x, pattern, c.operator === 'notMatches', where, `PatternMatch(${col},${pattern},${some(rule.where)})`);
        return deequOutcome([constraint(metric, thresholdAssertion(rule), { where: rule.where !== undefined })], { [`Column.${col}.PatternMatch`]: metric });
      }
      return columnCompliance(rule, frame, col!, stringPredicate(x, c.operands, c.operator === 'ne' || c.operator === 'notIn'), where);
    }
    case 'date': {
      const date = sparkToDate(x, found.type);
      if (date === undefined) return failed(`ColumnValues compares dates in a date, timestamp or string column; ${col} is ${sparkTypeName(found.type)}`);
      return columnCompliance(rule, frame, col!, datePredicate(x, date, c.operator, c.operands.map((o) => dateOf(o, ctx.now))), where);
    }
    default:
      return failed(`Unsupported condition type for ColumnValues rule: ${c.kind}`);
  }
}

async function numericValues(
  rule: LeafRule,
  frame: Frame,
  col: string,
  found: FrameColumn,
  operator: string,
  operands: NumericOperand[],
  where: string | undefined,
): Promise<RuleResult> {
  const x = q(found.name);
  const hasNull = operands.some((o) => o.kind === 'null');
  const nums = operands.flatMap((o) => (o.kind === 'number' ? [javaDouble(o.value)] : []));
  const compare: Record<string, string> = { gt: '>', ge: '>=', lt: '<', le: '<=', eq: '=' };
  // with a threshold, every form is a share of complying rows (NULL complying only under != and not in)
  if (rule.threshold || ['notBetween', 'in', 'notIn', 'ne'].includes(operator) || (operator === 'eq' && hasNull)) {
    let predicate: string;
    if (operator === 'between') predicate = `${x} IS NOT NULL AND ${x} > ${nums[0]} AND ${x} < ${nums[1]}`;
    else if (operator === 'notBetween') predicate = `${x} IS NOT NULL AND (${x} <= ${nums[0]} OR ${x} >= ${nums[1]})`;
    else if (operator === 'in') predicate = nums.length > 0 ? (hasNull ? `${x} IN (${nums.join(', ')}) OR ${x} IS NULL` : `${x} IS NOT NULL AND ${x} IN (${nums.join(', ')})`) : hasNull ? `${x} IS NULL` : 'FALSE';
    else if (operator === 'notIn') predicate = nums.length > 0 ? (hasNull ? `${x} NOT IN (${nums.join(', ')}) AND ${x} IS NOT NULL` : `${x} IS NULL OR ${x} NOT IN (${nums.join(', ')})`) : hasNull ? `${x} IS NOT NULL` : 'TRUE';
    else if (operator === 'eq') predicate = hasNull ? `${x} IS NULL` : `${x} IS NOT NULL AND ${x} = ${nums[0]}`;
    else if (operator === 'ne') predicate = hasNull ? `${x} IS NOT NULL` : `${x} IS NULL OR ${x} != ${nums[0]}`;
    else predicate = `${x} IS NOT NULL AND ${x} ${compare[operator]} ${nums[0]}`;
    return columnCompliance(rule, frame, col, predicate, where);
  }
  const w = rule.where !== undefined;
  const filter = where !== undefined ? ` WHERE (${where})` : '';
  const results: ConstraintResult[] = [];
  const metrics: Record<string, Metric> = {};
  if (operator === 'between') {
    // isContainedIn (both bounds excluded) and complete
    const metric = await compliance(frame, `${x} IS NULL OR (${x} > ${nums[0]} AND ${x} < ${nums[1]})`, where, `Compliance(${col} between ${nums[0]} and ${nums[1]},${some(rule.where)})`);
    results.push(constraint(metric, IS_ONE, { where: w }));
    metrics[`Column.${col}.ColumnValues.Compliance`] = metric;
  } else {
    // the smallest and/or largest value against the operand (Minimum/Maximum need a numeric column), and complete
    const numeric = checkColumn(frame, col, 'numeric');
    let min: Metric;
    let max: Metric;
    if ('error' in numeric) min = max = failure(numeric.error);
    else {
      const [lo, hi] = await frame.row(`SELECT min(${x})::DOUBLE, max(${x})::DOUBLE FROM ${frame.sql}${filter}`);
      min = lo === null ? emptyState(`Minimum(${col},${some(rule.where)},None)`) : value(Number(lo));
      max = hi === null ? emptyState(`Maximum(${col},${some(rule.where)},None)`) : value(Number(hi));
    }
    const v = (operands[0] as Extract<NumericOperand, { kind: 'number' }>).value;
    if (operator === 'gt' || operator === 'ge' || operator === 'eq') {
      results.push(constraint(min, operator === 'gt' ? (m) => m > v : operator === 'ge' ? (m) => m >= v : (m) => m === v, { where: w }));
      metrics[`Column.${col}.Minimum`] = min;
    }
    if (operator === 'lt' || operator === 'le' || operator === 'eq') {
      results.push(constraint(max, operator === 'lt' ? (m) => m < v : operator === 'le' ? (m) => m <= v : (m) => m === v, { where: w }));
      metrics[`Column.${col}.Maximum`] = max;
    }
  }
  // every row complete; ColumnValues reports a failed completeness as NULL values (RuleOutcome.scala)
  const [matches, count] = await frame.row(
    where === undefined
      ? `SELECT sum((${x} IS NOT NULL)::INTEGER), count(*) FROM ${frame.sql}`
      : `SELECT sum(((CASE WHEN (${where}) THEN ${x} END) IS NOT NULL)::INTEGER), sum(((${where}))::BIGINT) FROM ${frame.sql}`,
  );
  const complete = matches === null || count === null || (w && Number(count) === 0) ? emptyState('Completeness') : value(Number(matches) / Number(count));
  const completeResult = constraint(complete, IS_ONE, { where: w });
  results.push(completeResult.passed ? completeResult : { passed: false, message: NULL_REASON });
  return deequOutcome(results, metrics);
}

/** ColumnValuesRule.constructComplianceCondition: the keywords, then the quoted strings */
export function stringPredicate(x: string, operands: StringOperand[], negated: boolean): string {
  const keywords = new Set(operands.flatMap((o) => (o.kind === 'keyword' ? [o.keyword] : [])));
  const strings = operands.flatMap((o) => (o.kind === 'string' ? [o.value] : []));
  const parts: string[] = [];
  const list = strings.map(lit).join(', ');
  if (negated) {
    // "negated ColumnValues rules using != and not in syntax will allow NULL rows" unless NULL is listed
    // (dqdl-rule-types-ColumnValues.html, "Null behavior"; the port's SQL lets a NULL row fail `not in [EMPTY]`)
    if (keywords.has('EMPTY')) parts.push(`${x} != ''`);
    if (keywords.has('WHITESPACES_ONLY')) parts.push(`(length(trim(${x})) > 0 OR length(${x}) = 0)`);
    if (strings.length > 0) parts.push(`${x} NOT IN (${list})`);
    const rest = parts.length === 0 ? 'TRUE' : parts.join(' AND ');
    return keywords.has('NULL') ? `${x} IS NOT NULL AND ${rest}` : `${x} IS NULL OR (${rest})`;
  }
  if (keywords.has('NULL')) parts.push(`${x} IS NULL`);
  if (keywords.has('EMPTY')) parts.push(`${x} = ''`);
  if (keywords.has('WHITESPACES_ONLY')) parts.push(`(length(trim(${x})) = 0 AND length(${x}) > 0)`);
  if (strings.length > 0) parts.push(`(${x} IS NOT NULL AND ${x} IN (${list}))`);
  return parts.length === 0 ? 'FALSE' : parts.join(' OR ');
}

/** Java's line terminators, which `.` does not match and before the last of which `$` matches */
const LINE_END = '\\n\\r\\x{85}\\x{2028}\\x{2029}';

/**
 * PatternMatch (analyzers/PatternMatch.scala) of `^pattern$` (matches) or `^(?!\bpattern\b).*$` (not matches): a row
 * complies when Spark's regexp_extract finds a match that is not empty. Java's `$` also matches before a final line
 * terminator; RE2 (DuckDB) lacks look-arounds, so the negative look-ahead is evaluated as "no match of
 * `^\b(?:pattern)\b`". A construct RE2 does not have (back-references, look-arounds) is refused.
 */
/** a record's PatternMatch: true when it complies, false otherwise (NULL included) */
export function patternPredicate(x: string, pattern: string, negated: boolean): string {
  const p = lit(pattern);
  // the value without one final line terminator (Java's `$` may match before it)
  const trimmed = `regexp_replace(${x}, '(\\r\\n|[${LINE_END}])$', '')`;
  return negated
    ? `${x} IS NOT NULL AND regexp_full_match(${x}, '[^${LINE_END}]+(\\r\\n|[${LINE_END}])?') AND NOT regexp_matches(${x}, '^\\b(?:' || ${p} || ')\\b')`
    : `${x} IS NOT NULL AND ((${x} != '' AND regexp_full_match(${x}, ${p})) OR (${trimmed} != ${x} AND ${trimmed} != '' AND regexp_full_match(${trimmed}, ${p})))`;
}

async function patternMatch(frame: Frame, x: string, pattern: string, negated: boolean, where: string | undefined, analyzer: string): Promise<Metric> {
  const predicate = patternPredicate(x, pattern, negated);
  try {
    return await compliance(frame, predicate, where, analyzer);
  } catch (e) {
    const message = (e as Error).message;
    if (/regex|perl|invalid escape|missing|repetition/i.test(message))
      throw unsupported(`the regular expression "${pattern}" uses a construct the local engine (RE2) does not have (${message.split('\n')[0]}); Glue uses Java's regular expressions`);
    throw e;
  }
}

function unsupported(message: string): RuleUnsupported {
  return new RuleUnsupported(message);
}

/** Spark's to_date of a column (DateType, TimestampType in UTC, or a string Spark casts to a date), as DuckDB SQL */
export function sparkToDate(x: string, type: string): string | undefined {
  const t = type.toUpperCase();
  if (t === 'DATE') return x;
  if (t === 'TIMESTAMP') return `CAST(${x} AS DATE)`;
  if (t === 'TIMESTAMP WITH TIME ZONE') return `CAST(timezone('UTC', ${x}) AS DATE)`;
  if (t === 'VARCHAR') return stringToDate(x);
  return undefined;
}

/**
 * Spark's cast of a string to a date (DateTimeUtils.stringToDate): surrounding whitespace ignored, then `yyyy`,
 * `yyyy-[m]m`, `yyyy-[m]m-[d]d`, optionally followed by a space or `T` and anything; anything else, or a day that
 * does not exist, is NULL.
 */
function stringToDate(x: string): string {
  const re = `'^[\\x00-\\x20]*(\\d{4})(-(\\d{1,2})(-(\\d{1,2})([ T].*)?)?)?[\\x00-\\x20]*$'`;
  const part = (i: number, dflt: string) => `coalesce(nullif(regexp_extract(${x}, ${re}, ${i}), ''), '${dflt}')`;
  return `CASE WHEN regexp_matches(${x}, ${re}) THEN TRY_CAST(${part(1, '0000')} || '-' || lpad(${part(3, '1')}, 2, '0') || '-' || lpad(${part(5, '1')}, 2, '0') AS DATE) END`;
}

/** a date operand as a `yyyy-mm-dd` day (DateExpression.getEvaluatedExpression, then toLocalDate), or NULL */
export function dateOf(o: DateOperand, now: Date): string | null {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  switch (o.kind) {
    case 'date':
      return o.text;
    case 'now':
      return day(now);
    case 'nowOffset': {
      const minutes = o.amount * (o.unit === 'days' ? 1440 : o.unit === 'hours' ? 60 : 1) * (o.sign === '-' ? -1 : 1);
      const truncated = Math.floor(now.getTime() / 60_000) * 60_000;
      return day(new Date(truncated + minutes * 60_000));
    }
    case 'time':
      return day(now);
    case 'null':
      return null;
  }
}

/** ColumnValuesRule.buildDateSql */
export function datePredicate(x: string, dc: string, operator: string, dates: (string | null)[]): string {
  const hasNull = dates.includes(null);
  const ds = dates.filter((d): d is string => d !== null).map((d) => `DATE ${lit(d)}`);
  const notNull = (e: string) => `${x} IS NOT NULL AND ${e}`;
  const nullOr = (e: string) => `${x} IS NULL OR ${e}`;
  const vals = ds.join(', ');
  switch (operator) {
    case 'gt':
      return notNull(`${dc} > ${ds[0]}`);
    case 'ge':
      return notNull(`${dc} >= ${ds[0]}`);
    case 'lt':
      return notNull(`${dc} < ${ds[0]}`);
    case 'le':
      return notNull(`${dc} <= ${ds[0]}`);
    case 'eq':
      return hasNull ? `${x} IS NULL` : notNull(`${dc} = ${ds[0]}`);
    case 'ne':
      return hasNull ? `${x} IS NOT NULL` : nullOr(`${dc} != ${ds[0]}`);
    case 'between':
      return notNull(`${dc} > ${ds[0]} AND ${dc} < ${ds[1]}`);
    case 'notBetween':
      return nullOr(`${dc} <= ${ds[0]} OR ${dc} >= ${ds[1]}`);
    case 'in':
      return ds.length > 0 ? (hasNull ? `${dc} IN (${vals}) OR ${x} IS NULL` : `${x} IS NOT NULL AND ${dc} IN (${vals})`) : hasNull ? `${x} IS NULL` : 'FALSE';
    default:
      return ds.length > 0 ? (hasNull ? `${dc} NOT IN (${vals}) AND ${x} IS NOT NULL` : `${x} IS NULL OR ${dc} NOT IN (${vals})`) : hasNull ? `${x} IS NOT NULL` : 'TRUE';
  }
}

/**
 * Spark's `to_timestamp(col).cast("long")` — whole seconds since 1970 — for a column of dates, timestamps, numbers
 * (seconds) or strings (`yyyy-[m]m-[d]d[ T][h]h:[m]m[:[s]s[.fraction]]`, optionally `Z` or `±hh:mm`; a date alone).
 */
function sparkEpochSeconds(x: string, type: string): string | undefined {
  const t = type.toUpperCase();
  if (t === 'DATE' || t === 'TIMESTAMP' || t === 'TIMESTAMP WITH TIME ZONE') return `floor(epoch(${x}))::BIGINT`;
  if (['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT'].includes(t)) return `${x}::BIGINT`;
  if (t === 'FLOAT' || t === 'DOUBLE' || t.startsWith('DECIMAL')) return `floor(${x})::BIGINT`;
  if (t !== 'VARCHAR') return undefined;
  const re = `'^[\\x00-\\x20]*(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.\\d{0,9})?)?)?(Z|[+-]\\d{2}:?\\d{2})?[\\x00-\\x20]*$'`;
  const g = (i: number, d: string) => `coalesce(nullif(regexp_extract(${x}, ${re}, ${i}), ''), '${d}')`;
  const zone = `nullif(regexp_extract(${x}, ${re}, 7), '')`;
  const local = `TRY_CAST(${g(1, '0000')} || '-' || lpad(${g(2, '1')}, 2, '0') || '-' || lpad(${g(3, '1')}, 2, '0') || ' ' || lpad(${g(4, '0')}, 2, '0') || ':' || lpad(${g(5, '0')}, 2, '0') || ':' || lpad(${g(6, '0')}, 2, '0') AS TIMESTAMP)`;
  const offset = `CASE WHEN ${zone} IS NULL OR ${zone} = 'Z' THEN 0 ELSE (CASE WHEN left(${zone}, 1) = '-' THEN -1 ELSE 1 END) * (substr(replace(${zone}, ':', ''), 2, 2)::INTEGER * 3600 + substr(replace(${zone}, ':', ''), 4, 2)::INTEGER * 60) END`;
  return `CASE WHEN regexp_matches(${x}, ${re}) THEN floor(epoch(${local}))::BIGINT - (${offset}) END`;
}

/**
 * DataFreshness (DataFreshnessRule.scala): a row is fresh when the hours since its timestamp — rounded to hundredths,
 * half up — satisfy the condition; minutes are hours rounded to 4 decimals. Every row must be — otherwise
 * `80.00 % of rows passed the threshold`, as the DQDL reference prints it; none selected passes.
 */
export async function dataFreshness(rule: LeafRule, ctx: RuleContext, where: string | undefined): Promise<RuleResult> {
  const { frame } = ctx;
  const col = parameterValues(rule)[0]!.replace(/"/g, '');
  const c = rule.condition!;
  if (c.kind !== 'duration') return failed('Rule (or nested rule) not supported due to: Unsupported condition type for DataFreshness rule');
  const found = frame.column(col);
  if (!found) return failed(`Column ${col} does not exist in the dataset`);
  const seconds = sparkEpochSeconds(q(found.name), found.type);
  if (seconds === undefined) throw unsupported(`DataFreshness reads dates, timestamps, numbers or strings; ${col} is ${sparkTypeName(found.type)}`);
  const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
  // hundredths of hours, rounded half up (away from zero), as Spark's round(secs / 3600, 2) of the exact quotient
  const diff = `(${nowSeconds} - (${seconds}))`;
  const hundredths = `(CASE WHEN ${diff} >= 0 THEN (${diff} * 100 + 1800) // 3600 ELSE -((-${diff} * 100 + 1800) // 3600) END)`;
  const hours = `(${hundredths})::DOUBLE / 100`;
  const ops = c.operands.map((o) => (o.unit === 'days' ? 24 * o.amount : o.unit === 'hours' ? o.amount : o.amount === 0 ? 0 : roundHalfUp(o.amount / 60, 4)));
  const lits = ops.map((o) => `${javaDouble(o)}::DOUBLE`);
  const predicate: Record<string, string> = {
    between: `${hours} > ${lits[0]} AND ${hours} < ${lits[1]}`,
    notBetween: `${hours} <= ${lits[0]} OR ${hours} >= ${lits[1]}`,
    gt: `${hours} > ${lits[0]}`,
    ge: `${hours} >= ${lits[0]}`,
    lt: `${hours} < ${lits[0]}`,
    le: `${hours} <= ${lits[0]}`,
    eq: `${hours} = ${lits[0]}`,
    ne: `${hours} != ${lits[0]}`,
    in: `${hours} IN (${lits.join(', ')})`,
    notIn: `NOT (${hours} IN (${lits.join(', ')}))`,
  };
  return ratioOutcome(frame, `Column.${col}.DataFreshness.Compliance`, predicate[c.operator]!, where, undefined);
}

/** `new BigDecimal(d).setScale(scale, HALF_UP).doubleValue` on the double's exact value */
function roundHalfUp(d: number, scale: number): number {
  const exact = d.toFixed(30);
  const [int, frac = ''] = exact.split('.') as [string, string];
  let units = BigInt(int + frac.slice(0, scale));
  if ((frac[scale] ?? '0') >= '5') units += 1n;
  return Number(units) / 10 ** scale;
}

/**
 * RuleEvaluationHelper.evaluateRuleAgainstColumn: the share of the selected rows where the predicate is true; no
 * assertion → every row (`xx.xx% of rows passed`), else `Value: r does not meet the constraint requirement.`
 */
async function ratioOutcome(frame: Frame, metricName: string, predicate: string, where: string | undefined, assertion: ((v: number) => boolean) | undefined): Promise<RuleResult> {
  const total = await frame.count(where);
  if (total === 0) return passed({}, 'No rows matched the filter');
  const [n] = await frame.row(`SELECT count(*) FROM ${frame.sql} WHERE ${where !== undefined ? `(${where}) AND ` : ''}coalesce((${predicate}), false)`);
  const ratio = Number(n) / total;
  const metrics = { [metricName]: ratio };
  if (assertion) return assertion(ratio) ? passed(metrics) : failed(`Value: ${javaDouble(ratio)} does not meet the constraint requirement.`, metrics);
  // the reason as the DQDL reference prints it (dqdl-rule-types-DataFreshness.html, "Null behavior")
  return ratio === 1.0 ? passed(metrics) : failed(`${javaFixed2(ratio * 100)} % of rows passed the threshold`, metrics);
}

/**
 * ColumnDataType (ColumnDataTypeRule.scala): the share of rows whose value Spark casts to the type without NULL
 * (`= "type"`; `!=` the opposite), against the threshold (every row when none). Spark's string casts are modelled for
 * BOOLEAN, INTEGER, LONG and DATE; a value of a column already of that family always casts. Other casts (DOUBLE or
 * TIMESTAMP from a string, DECIMAL, a `format` tag) are refused by name.
 */
export async function columnDataType(rule: LeafRule, ctx: RuleContext, where: string | undefined): Promise<RuleResult> {
  const { frame } = ctx;
  const [col] = parameterValues(rule);
  const c = rule.condition!;
  if (c.kind !== 'string' || (c.operator !== 'eq' && c.operator !== 'ne') || c.operands.length !== 1 || c.operands[0]!.kind !== 'string')
    return failed('Rule (or nested rule) not supported due to: ColumnDataType rule only supports EQUALS (=) or NOT_EQUALS (!=) operators');
  if (rule.tags.length > 0) throw unsupported(`ColumnDataType with ${rule.tags.map((t) => t.name).join(', ')} is not evaluated locally`);
  const wanted = c.operands[0].value.toUpperCase();
  if (!['BOOLEAN', 'DATE', 'TIMESTAMP', 'INTEGER', 'DOUBLE', 'FLOAT', 'LONG'].includes(wanted) && !/^DECIMAL\(\d+,\s*\d+\)$/.test(wanted))
    return failed(`Rule (or nested rule) not supported due to: Unrecognized data type: ${c.operands[0].value}`);
  const found = frame.column(col!);
  if (!found) return failed(`Column ${col} does not exist in the dataset`);
  const castable = castableSql(q(found.name), found.type, wanted);
  if (castable === undefined) throw unsupported(`ColumnDataType: Spark's cast of ${sparkTypeName(found.type)} to ${wanted} is not modelled locally`);
  const predicate = c.operator === 'eq' ? castable : `NOT (${castable})`;
  return ratioOutcome(frame, `Column.${col}.ColumnDataType.Compliance`, predicate, where, thresholdAssertion(rule));
}

/** SQL true when Spark (not ANSI) casts the value to the type without NULL; undefined when not modelled */
function castableSql(x: string, type: string, wanted: string): string | undefined {
  const t = type.toUpperCase();
  const cls = sparkTypeClass(type);
  const trimmed = `regexp_replace(${x}, '^[\\x00-\\x20]+|[\\x00-\\x20]+$', '', 'g')`;
  if (cls === 'string') {
    if (wanted === 'BOOLEAN') return `lower(${trimmed}) IN ('t', 'true', 'y', 'yes', '1', 'f', 'false', 'n', 'no', '0')`;
    if (wanted === 'INTEGER' || wanted === 'LONG') {
      // UTF8String.toInt/toLong: a sign, digits, optionally a '.' and digits (the fraction is dropped); in range
      const whole = `regexp_extract(${trimmed}, '^([+-]?\\d+)(\\.\\d*)?$', 1)`;
      return `regexp_full_match(${trimmed}, '[+-]?\\d+(\\.\\d*)?') AND TRY_CAST(${whole} AS ${wanted === 'INTEGER' ? 'INTEGER' : 'BIGINT'}) IS NOT NULL`;
    }
    if (wanted === 'DATE') return `(${stringToDate(x)}) IS NOT NULL`;
    return undefined;
  }
  const family: Record<string, string[]> = {
    BOOLEAN: ['BOOLEAN', 'INTEGER', 'LONG', 'DOUBLE', 'FLOAT'],
    DATE: ['DATE', 'TIMESTAMP'],
    TIMESTAMP: ['DATE', 'TIMESTAMP'],
  };
  const from = cls === 'numeric' ? (t === 'FLOAT' || t === 'DOUBLE' || t.startsWith('DECIMAL') ? 'FRACTIONAL' : 'INTEGRAL') : t === 'TIMESTAMP WITH TIME ZONE' ? 'TIMESTAMP' : t;
  const allowed: Record<string, string[]> = {
    INTEGRAL: ['BOOLEAN', 'INTEGER', 'LONG', 'DOUBLE', 'FLOAT'],
    FRACTIONAL: ['BOOLEAN', 'INTEGER', 'LONG', 'DOUBLE', 'FLOAT'],
    ...family,
  };
  return allowed[from]?.includes(wanted) ? `${x} IS NOT NULL` : undefined;
}

/**
 * CustomSql without a number condition (CustomSqlRowLevelExecutor.scala): the rows of primary that the statement
 * returns (matched on every column it returns, NULL matching NULL), over all rows, against the threshold.
 */
export async function customSqlRows(rule: LeafRule, ctx: RuleContext): Promise<RuleResult> {
  const { frame } = ctx;
  const translated = customSqlOf(ctx, parameterValues(rule)[0]!);
  const total = await frame.count();
  if (total === 0) return failed('Custom SQL rule could not be evaluated due to data frame being empty');
  if ('error' in translated) return failed(`Error executing SQL statement: ${translated.error}`);
  const { sql } = translated;
  let columns: string[];
  try {
    columns = (await frame.conn.runAndReadAll(`DESCRIBE SELECT * FROM (${sql})`)).getRowsJson().map((r) => String(r[0]));
  } catch (e) {
    return failed(`Error executing SQL statement: ${(e as Error).message.split('\n')[0]}`);
  }
  const frameNames = new Set(frame.columns.map((c) => c.name));
  if (!columns.some((c) => frameNames.has(c)))
    return failed('The output from CustomSQL must contain at least one column that matches the input dataset. Ensure that matching columns are returned from the SQL.');
  const foreign = columns.filter((c) => !frameNames.has(c));
  if (foreign.length > 0) return failed(`The columns returned from the SQL statement should only belong to the primary table. Columns not found: ${foreign.join(', ')}`);
  const on = columns.map((c) => `p.${q(c)} IS NOT DISTINCT FROM s.${q(c)}`).join(' AND ');
  const [n] = await frame.row(`SELECT count(*) FROM ${frame.sql} p JOIN (${sql}) s ON ${on}`);
  const ratio = Number(n) / total;
  const metrics = { 'Dataset.*.CustomSQL.Compliance': ratio };
  return thresholdAssertion(rule)(ratio) ? passed(metrics) : failed(`Value: ${javaDouble(ratio)} does not meet the constraint requirement.`, metrics);
}

/**
 * ReferentialIntegrity (ReferentialIntegrityRule.scala, comparison/ReferentialIntegrity.scala): the rows of primary
 * whose columns' values occur together in the reference's columns (NULL never matching), over all rows.
 */
export async function referentialIntegrity(rule: LeafRule, ctx: RuleContext): Promise<RuleResult> {
  const [primaryParam, referenceParam] = parameterValues(rule).map((p) => p.replace(/"/g, ''));
  const primaryCols = primaryParam!.split(',').map((s) => s.trim());
  const m = /^(.+)\.\{(.+)\}$/.exec(referenceParam!) ?? /^(.+)\.([^.]+)$/.exec(referenceParam!);
  if (!m) return failed('Rule (or nested rule) not supported due to: Could not parse ReferenceDatasetColumns parameter');
  const alias = m[1]!;
  const referenceCols = m[2]!.split(',').map((s) => s.trim());
  const reference = ctx.sources[alias];
  if (!reference) return failed(`${alias} not found in additional sources`);
  if (primaryCols.length !== referenceCols.length)
    return failed('The number of columns to check from the primary data frame must equal the number of columns to check from the reference data frame.');
  const missing = (f: Frame, cols: string[]) => cols.filter((c) => !f.column(c));
  const mp = missing(ctx.frame, primaryCols);
  if (mp.length > 0) return failed(mp.length === 1 ? `Column ${mp[0]} does not exist in primary data frame.` : `Columns ${mp.join(', ')} do not exist in primary data frame.`);
  const mr = missing(reference, referenceCols);
  if (mr.length > 0) return failed(mr.length === 1 ? `Column ${mr[0]} does not exist in reference data frame.` : `Columns ${mr.join(', ')} do not exist in reference data frame.`);
  const total = await ctx.frame.count();
  if (total === 0) return failed('Primary data frame contains no data.');
  const pc = primaryCols.map((c) => q(ctx.frame.column(c)!.name));
  const rc = referenceCols.map((c) => q(reference.column(c)!.name));
  const on = pc.map((c, i) => `p.${c} = r.${rc[i]}`).join(' AND ');
  const [n] = await ctx.frame.row(`SELECT count(*) FROM ${ctx.frame.sql} p WHERE EXISTS (SELECT 1 FROM ${reference.sql} r WHERE ${on})`);
  const ratio = Number(n) / total;
  const metrics = { [`Column.${alias}.ReferentialIntegrity`]: ratio };
  return assertionOf(rule)(ratio) ? passed(metrics) : failed(`Value: ${javaDouble(ratio)} does not meet the constraint requirement.`, metrics);
}

/** RowCountMatch (RowCountMatchExecutor.scala): the primary's rows over the reference's */
export async function rowCountMatch(rule: LeafRule, ctx: RuleContext): Promise<RuleResult> {
  const [alias] = parameterValues(rule);
  const reference = ctx.sources[alias!];
  if (!reference) return failed(`Reference dataset '${alias}' not found in additional data sources`);
  const ratio = (await ctx.frame.count()) / (await reference.count());
  const metrics = { [`Dataset.${alias}.RowCountMatch`]: ratio };
  return assertionOf(rule)(ratio) ? passed(metrics) : failed(`Value: ${javaDouble(ratio)} does not meet the constraint requirement.`, metrics);
}

/**
 * ColumnNamesMatchPattern (ColumnNamesMatchPatternExecutor.scala): every column name holds a match of the pattern
 * (found anywhere in the name). The pattern is Java's regular expression syntax, run here as a JavaScript one.
 */
export async function columnNamesMatchPattern(rule: LeafRule, ctx: RuleContext): Promise<RuleResult> {
  const [pattern] = parameterValues(rule);
  let re: RegExp;
  try {
    re = new RegExp(pattern!, 'u');
  } catch (e) {
    throw unsupported(`ColumnNamesMatchPattern: the pattern "${pattern}" is not a regular expression the local engine reads (${(e as Error).message})`);
  }
  const names = ctx.frame.columns.map((c) => c.name);
  const unmatched = names.filter((n) => !re.test(n));
  const metrics = { 'Dataset.*.ColumnNamesPatternMatchRatio': (names.length - unmatched.length) / names.length };
  return unmatched.length === 0 ? passed(metrics) : failed(`Columns that do not match the pattern: ${unmatched.join(', ')}`, metrics);
}

