/**
 * What a compiled Python value is (PV: its SQL, its Python kind, whether it may be None, when evaluating it raises) and
 * the SQL pieces rowSql.ts and rowCalls.ts build conditions with: TRUE/FALSE folding and/or/not, Python's `==`, constants.
 */
import type { PyConst } from '../../jobs/expr';
import { PY_WHITESPACE } from '../../jobs/pyops';
import { literal } from './duck';
import type { PyKind } from './frames';

export type Kind = PyKind | 'none' | 'match' | 'mixed';

/** A compiled Python value. `sql` is NULL for None; `raises` is a non-NULL SQL condition. */
export interface PV {
  sql: string;
  kind: Kind;
  /** the DuckDB type (lists, structs) */
  duck?: string;
  nullable: boolean;
  raises: string;
  /** truthiness when it is not computed from the value (results of and/or over different kinds) */
  truth?: string;
  /** the items of a constant list or tuple */
  items?: PV[];
  /** the field path read, for the null-or-missing analysis */
  path?: string;
}

export const T = 'TRUE';
export const F = 'FALSE';
export const or = (...xs: string[]): string => {
  const ys = [...new Set(xs.filter((x) => x !== F))];
  if (ys.includes(T)) return T;
  return ys.length === 0 ? F : ys.length === 1 ? ys[0]! : `(${ys.join(' OR ')})`;
};
export const and = (...xs: string[]): string => {
  const ys = [...new Set(xs.filter((x) => x !== T))];
  if (ys.includes(F)) return F;
  return ys.length === 0 ? T : ys.length === 1 ? ys[0]! : `(${ys.join(' AND ')})`;
};
export const not = (x: string): string => (x === T ? F : x === F ? T : `(NOT ${x})`);
export const isNull = (v: PV): string => (v.kind === 'none' ? T : v.nullable ? `(${v.sql} IS NULL)` : F);
/**
 * A condition `c` on values that is NULL only where one of them is: FALSE there (`x IS NOT NULL AND c` rather than
 * `coalesce(c, FALSE)`, which DuckDB cannot push into a scan). A value NULL only where Python raises needs no test.
 */
export const orFalse = (c: string, ...vs: PV[]): string => {
  if (c === T || c === F) return c;
  const tests = [...new Set(vs.filter((v) => v.nullable).map((v) => `(${v.sql} IS NOT NULL)`))];
  return tests.length === 0 ? `(${c})` : and(...tests, `(${c})`);
};
export const numeric = (k: Kind) => k === 'int' || k === 'float' || k === 'decimal' || k === 'bool';
export const PY_WS_CLASS = `[${[...PY_WHITESPACE].map((c) => `\\x{${c.codePointAt(0)!.toString(16)}}`).join('')}]`;

/**
 * A number's SQL for arithmetic, a bool or a whole number as a BIGINT: a field Glue's reader typed int is an INTEGER,
 * whose arithmetic DuckDB would do in 32 bits (-(-2147483648) fails there) — Python's ints do not overflow there.
 */
export function wide(v: PV): string {
  return v.kind === 'bool' || (v.kind === 'int' && v.duck !== undefined && v.duck !== 'BIGINT') ? `CAST(${v.sql} AS BIGINT)` : v.sql;
}

export function raising(v: PV, _what: string): PV {
  return { sql: 'NULL', kind: 'none', nullable: true, raises: or(v.raises, T) };
}

export function sameKind(a: PV, b: PV): boolean {
  if (a.kind === b.kind) return a.kind !== 'mixed' && a.kind !== 'match';
  return a.kind === 'none' || b.kind === 'none' || (numeric(a.kind) && numeric(b.kind) && a.kind !== 'decimal' && b.kind !== 'decimal');
}

/** Python's `a == b` as a non-NULL SQL condition. */
export function pyEq(a: PV, b: PV): string {
  if (a.kind === 'none' && b.kind === 'none') return T;
  if (a.kind === 'none') return isNull(b);
  if (b.kind === 'none') return isNull(a);
  if (a.kind === 'mixed' || b.kind === 'mixed' || a.kind === 'match' || b.kind === 'match') return `(${isNull(a)} AND ${isNull(b)})`;
  const bothNull = and(isNull(a), isNull(b));
  if (numeric(a.kind) && numeric(b.kind)) {
    const x = a.kind === 'bool' ? `CAST(${a.sql} AS BIGINT)` : a.sql;
    const y = b.kind === 'bool' ? `CAST(${b.sql} AS BIGINT)` : b.sql;
    const nan = a.kind === 'float' || b.kind === 'float' ? ` AND NOT isnan(CAST(${x} AS DOUBLE))` : '';
    return or(bothNull, orFalse(`${x} = ${y}${nan}`, a, b));
  }
  if (a.kind === b.kind && ['str', 'date', 'datetime', 'list'].includes(a.kind)) return or(bothNull, orFalse(`${a.sql} = ${b.sql}`, a, b));
  return bothNull;
}

export function constant(c: PyConst): PV {
  switch (c.py) {
    case 'none':
      return { sql: 'NULL', kind: 'none', nullable: true, raises: F };
    case 'bool':
      return { sql: c.v ? T : F, kind: 'bool', nullable: false, raises: F };
    case 'int':
      return { sql: `CAST(${c.v} AS BIGINT)`, kind: 'int', nullable: false, raises: F };
    case 'float':
      return { sql: Number.isFinite(c.v) ? `CAST(${c.v} AS DOUBLE)` : `CAST('${c.v}' AS DOUBLE)`, kind: 'float', nullable: false, raises: F };
    case 'str':
      return { sql: literal(c.v), kind: 'str', nullable: false, raises: F };
    case 'list':
    case 'tuple': {
      const items = c.items.map(constant);
      return { sql: 'NULL', kind: 'list', nullable: false, raises: F, items };
    }
  }
}
