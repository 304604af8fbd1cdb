/**
 * Deequ's side of a rule outcome: AWS Glue Data Quality "is built on the open-source DeeQu framework"
 * (https://docs.aws.amazon.com/glue/latest/dg/glue-data-quality.html). A rule becomes Deequ constraints over metrics
 * (awslabs/deequ src/main/scala/com/amazon/deequ/dqdl/translation/rules/*, commit 0b8cea54 — "ported from
 * AwsGlueMlDataQualityETL to maintain compatibility"); a constraint fails with
 * `Value: <metric> does not meet the constraint requirement!` (constraints/AnalysisBasedConstraint.scala), a metric
 * that cannot be computed with its analyzer's error (`Empty state for analyzer Mean(x,None), all input values were
 * NULL.`, `Input data does not include column x!`). An analyzer with a where clause that selects no row passes.
 */
import type { ComparisonOperator, NumericOperand } from './ast';
import { javaDouble } from '../../sql/dialects/javaNumbers';

/** A metric's value, or why it could not be computed (`empty`: no non-NULL input — Deequ's EmptyStateException). */
export type Metric = { ok: true; value: number } | { ok: false; error: string; empty?: boolean };

export const value = (v: number): Metric => ({ ok: true, value: v });
export const failure = (error: string, empty = false): Metric => ({ ok: false, error, ...(empty ? { empty } : {}) });

/** Deequ's analyzers print as Scala case classes: `Completeness(email,None,None)`, `Mean(x,Some(y > 1))`. */
export function analyzerText(name: string, args: (string | string[] | undefined)[]): string {
  const arg = (a: string | string[] | undefined) => (a === undefined ? 'None' : Array.isArray(a) ? `List(${a.join(', ')})` : a);
  return `${name}(${args.map(arg).join(',')})`;
}

export function emptyState(analyzer: string): Metric {
  return failure(`Empty state for analyzer ${analyzer}, all input values were NULL.`, true);
}

export function some(where: string | undefined): string | undefined {
  return where === undefined ? 'None' : `Some(${where})`;
}

export interface ConstraintResult {
  passed: boolean;
  message?: string;
}

/**
 * A Deequ constraint on a metric: the assertion runs on the value (`long`: the metric as a whole number, as Size,
 * ColumnCount and histogram bins assert on a Long). A failed metric fails the constraint with its error, except an
 * empty one under a where clause (nothing to check: it passes).
 */
export function constraint(metric: Metric, assertion: (v: number) => boolean, options: { long?: boolean; where?: boolean } = {}): ConstraintResult {
  if (!metric.ok) return metric.empty && options.where ? { passed: true } : { passed: false, message: metric.error };
  const v = options.long ? Math.trunc(metric.value) : metric.value;
  let ok: boolean;
  try {
    ok = assertion(v);
  } catch (e) {
    return { passed: false, message: `Can't execute the assertion: ${(e as Error).message}!` };
  }
  if (ok) return { passed: true };
  return { passed: false, message: `Value: ${options.long ? String(v) : javaDouble(v)} does not meet the constraint requirement!` };
}

/** NumericOperand → a number, as DefaultOperandEvaluator does (one precedence: the parse tree decides) */
export function operandValue(o: NumericOperand): number {
  switch (o.kind) {
    case 'number':
      return o.value;
    case 'binary': {
      const a = operandValue(o.left);
      const b = operandValue(o.right);
      return o.operator === '+' ? a + b : o.operator === '-' ? a - b : o.operator === '*' ? a * b : a / b;
    }
    case 'null':
      throw new Error('NULL is not a number');
    case 'call':
      throw new Error(`${o.name}() needs the results of earlier runs (a dynamic rule)`);
  }
}

/** Double.equals: exact, NaN equal to itself, 0.0 and -0.0 different */
function javaEquals(a: number, b: number): boolean {
  return Object.is(a, b);
}

/**
 * NumberBasedCondition.evaluate (awslabs/dqdl src/…/condition/number/NumberBasedCondition.java): `between` excludes
 * both bounds, `=` is Double.equals.
 */
export function numberAssertion(operator: ComparisonOperator, operands: NumericOperand[]): (metric: number) => boolean {
  return (m) => {
    const ops = operands.map(operandValue);
    switch (operator) {
      case 'between':
        return m > ops[0]! && m < ops[1]!;
      case 'notBetween':
        return m <= ops[0]! || m >= ops[1]!;
      case 'gt':
        return m > ops[0]!;
      case 'ge':
        return m >= ops[0]!;
      case 'lt':
        return m < ops[0]!;
      case 'le':
        return m <= ops[0]!;
      case 'eq':
        return javaEquals(m, ops[0]!);
      case 'ne':
        return !javaEquals(m, ops[0]!);
      case 'in':
        return ops.some((o) => javaEquals(m, o));
      case 'notIn':
        return !ops.some((o) => javaEquals(m, o));
    }
  };
}
