/**
 * Implicit conversions the translation inserts where Spark's analyzer does (TypeCoercion's rules), and the typing
 * of binary operators' operands: comparisons (PromoteStrings, BooleanEquality, DecimalPrecision) and arithmetic.
 */
import type { ParserRuleContext } from 'antlr4ng';
import { isIntegral, isNumeric, T, type SqlType } from '../dialects/sqlType';
import { castSql } from './casts';
import type { Typed } from './model';
import type { Translator } from './translator';
import { comparisonType, decimalForType, isFloating, isStringType, sameSparkType, sparkSqlTypeName, tightestCommonType, widerCommonType, widerDecimal } from './types';

/** `e` converted to `to` (an implicit cast Spark inserts: the same as CAST, non-ANSI). */
export function coerce(t: Translator, e: Typed, to: SqlType): Typed {
  if (sameSparkType(e.type, to) && e.type.kind !== 'unknown') return e;
  const out: Typed = { ...e, sql: castSql(t, e, to), type: to, atom: true };
  if (e.value !== undefined && e.value === null) out.value = null;
  else {
    delete out.value;
    delete out.exact;
  }
  return out;
}

/** DecimalType.fromLiteral: an integral constant next to a decimal takes only the digits it has. */
function literalDecimal(e: Typed): SqlType | undefined {
  if (!isIntegral(e.type) || e.exact === undefined) return undefined;
  const digits = e.exact.replace(/^-/, '').length;
  return T.decimal(Math.max(digits, 1), 0);
}

/** The decimal a non-decimal operand of a decimal operation takes (DecimalPrecision.nondecimalAndDecimal). */
export function asDecimalOperand(e: Typed): SqlType {
  if (e.type.kind === 'decimal') return e.type;
  return literalDecimal(e) ?? decimalForType(e.type);
}

/** The common type of a comparison's operands, or a failure as Spark's analyzer reports it. */
export function comparisonOperands(t: Translator, l: Typed, r: Typed, op: string, node: ParserRuleContext): [Typed, Typed] {
  const a = l.type;
  const b = r.type;
  if (sameSparkType(a, b)) return [l, r];
  const promoted = comparisonType(a, b);
  if (promoted) return [coerce(t, l, promoted), coerce(t, r, promoted)];
  // BooleanEquality: true = 1
  if ((op === '=' || op === '==' || op === '<=>') && a.kind === 'boolean' && isNumeric(b)) return [coerce(t, l, b), r];
  if ((op === '=' || op === '==' || op === '<=>') && isNumeric(a) && b.kind === 'boolean') return [l, coerce(t, r, a)];
  if (a.kind === 'decimal' || b.kind === 'decimal') {
    if (isFloating(a) || isFloating(b)) return [coerce(t, l, T.double), coerce(t, r, T.double)];
    if (isNumeric(a) && isNumeric(b)) {
      const da = asDecimalOperand(l) as Extract<SqlType, { kind: 'decimal' }>;
      const db = asDecimalOperand(r) as Extract<SqlType, { kind: 'decimal' }>;
      const w = widerDecimal(da, db);
      return [coerce(t, l, w), coerce(t, r, w)];
    }
  }
  const common = tightestCommonType(a, b) ?? (a.kind !== 'row' && b.kind !== 'row' ? undefined : undefined);
  if (common) return [coerce(t, l, common), coerce(t, r, common)];
  throw t.fail(
    node,
    `[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "(${l.name ?? 'left'} ${op} ${r.name ?? 'right'})" due to data type mismatch: the left and right operands of the binary operator have incompatible types ("${sparkSqlTypeName(a)}" and "${sparkSqlTypeName(b)}").`,
  );
}

/** The items converted to their wider common type (CASE, IF, COALESCE, array(…), IN lists…), or Spark's failure. */
export function unify(t: Translator, items: Typed[], what: string, node: ParserRuleContext | number): { type: SqlType; items: Typed[] } {
  const type = widerCommonType(items.map((i) => i.type));
  if (!type) {
    throw t.fail(node, `[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve ${what} due to data type mismatch: Input to ${what} should all be the same type, but it's [${items.map((i) => `"${sparkSqlTypeName(i.type)}"`).join(', ')}].`);
  }
  return { type, items: items.map((i) => coerce(t, i, type)) };
}

export { isStringType };
