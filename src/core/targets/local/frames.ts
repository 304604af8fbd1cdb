/**
 * The fields of a frame as the job runner tracks them: each field's name (as Spark or Glue sees it), its column in
 * the DuckDB view (unique, since a DataFrame join may hold two fields of one name — DuckDB would rename them), its
 * DuckDB type, and the frames it passes through unchanged (so `df["id"]` finds the `id` that came from `df` after a
 * join, as Spark resolves attributes). Names resolve case-insensitively, as Spark's do by default.
 */
import { LakehouseError } from '../../errors';
import type { Pos } from '../../jobs/expr';
import { ident } from './duck';

/** A marker the runner recognizes in DuckDB's error text, to report the construct instead of DuckDB's words. */
export const UNDECIDED_MARKER = '[lakehouse:undecided]';

/**
 * The one column of a frame with no fields (a DynamicFrame read from no records: Glue computes its schema from the
 * records, so it has none), which DuckDB needs to hold zero rows; it is no field: never shown or suggested.
 */
export const NO_FIELDS = '__lakehouse_no_fields';

export interface FrameCol {
  /** the field's name */
  name: string;
  /** the view's column */
  phys: string;
  /** DuckDB type */
  type: string;
  /** the frames (plan node ids) whose output holds this field unchanged */
  ids: string[];
  /**
   * Spark's nullability of the DataFrame column (sparkNullable.ts): absent is nullable (a read's fields), false not
   * nullable, a string the construct whose nullability is not followed (printSchema and df.schema refuse it)
   */
  nullable?: false | string;
}

export interface Frame {
  /** the view holding the frame's rows */
  view: string;
  cols: FrameCol[];
}

/** Unique view columns for a list of field names: a name repeated (case-insensitively) gets `name__2`, `name__3`, … */
export function physNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  const used = new Set(names.map((n) => n.toLowerCase()));
  return names.map((n) => {
    const k = n.toLowerCase();
    const count = (seen.get(k) ?? 0) + 1;
    seen.set(k, count);
    if (count === 1) return n;
    let p = `${n}__${count}`;
    for (let i = count; used.has(p.toLowerCase()); i++) p = `${n}__${i + 1}`;
    used.add(p.toLowerCase());
    return p;
  });
}

/** The fields called `name` (case-insensitively), optionally only those from the frame `frame`. */
export function matching(cols: FrameCol[], name: string, frame?: string): FrameCol[] {
  const lower = name.toLowerCase();
  return cols.filter((c) => c.name.toLowerCase() === lower && (frame === undefined || c.ids.includes(frame)));
}

/** A refusal or error at a construct of the script. */
export function errorAt(file: string, pos: Pos, message: string, code: 'ScriptUnsupported' | 'SqlError' = 'SqlError'): LakehouseError {
  return new LakehouseError(code, `${file}:${pos.line}:${pos.column}: ${message}`, { file, line: pos.line, column: pos.column });
}

export function unsupportedAt(file: string, pos: Pos, construct: string, why: string, hint: string): LakehouseError {
  return errorAt(file, pos, `${construct} cannot run on the local engine: ${why}; ${hint}`, 'ScriptUnsupported');
}

/** `"phys" AS "name"`-free select list keeping the frame as it is (qualified by `alias` when given). */
export function selectAll(cols: FrameCol[], alias?: string): string {
  return cols.map((c) => (alias ? `${alias}.${ident(c.phys)}` : ident(c.phys))).join(', ');
}

/** DuckDB type name → the kind of value Python sees in a DynamicRecord. */
export type PyKind = 'int' | 'float' | 'decimal' | 'str' | 'bool' | 'date' | 'datetime' | 'list' | 'dict' | 'other';

export function pyKind(duckType: string): PyKind {
  const t = duckType.toUpperCase();
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|UHUGEINT)$/.test(t)) return 'int';
  if (t === 'DOUBLE' || t === 'FLOAT' || t === 'REAL') return 'float';
  if (t.startsWith('DECIMAL')) return 'decimal';
  if (t === 'VARCHAR') return 'str';
  if (t === 'BOOLEAN') return 'bool';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'datetime';
  if (t.endsWith('[]')) return 'list';
  if (t.startsWith('STRUCT') || t.startsWith('MAP')) return 'dict';
  return 'other';
}
