/** Glue's type names (ApplyMapping, ResolveChoice) as DuckDB types, and the casts Glue's transforms make. */
import type { PlanNode } from '../../jobs/plan';
import { isText, sparkCast } from './colSql';
import { nodePos as pos } from './compiledNode';
import { literal } from './duck';
import { unsupportedAt } from './frames';

export const INTEGRAL = new Set(['BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT']);

/**
 * A Glue transform's cast (ApplyMapping, ResolveChoice cast:T) of a value of DuckDB type `from` to `to`: a fractional
 * number to a whole-number type drops its fraction (toward zero), as the JVM's narrowing conversion and Spark's Cast
 * do (Java Language Specification 5.1.3; 1.5 → 1, -1.5 → -1) — DuckDB's cast rounds (1.5 → 2); else DuckDB's TRY_CAST.
 */
export function glueCast(sql: string, from: string | undefined, to: string, undecided?: string, overflow?: string, numberToTime?: string): string {
  // a number to a timestamp or a date: Spark's Cast reads seconds since 1970 (a date: none), DuckDB has no such cast
  // (TRY_CAST gave null), and what Glue's transforms give is not documented: the run stops at the first value, with
  // `numberToTime` (the transform, its field, what to write)
  if (numberToTime !== undefined && (to === 'TIMESTAMP' || to === 'DATE') && from !== undefined && /^(HUGEINT|U?BIGINT|U?INTEGER|U?SMALLINT|U?TINYINT|DOUBLE|FLOAT|REAL|DECIMAL.*)$/.test(from))
    return `(CASE WHEN ${sql} IS NULL THEN CAST(NULL AS ${to}) ELSE error(${literal(numberToTime)}) END)`;
  // a number outside the whole-number type's range: the JVM wraps a long narrowed to an int and clamps a double (JLS
  // 5.1.3), DuckDB's TRY_CAST makes it null, and which one Glue's cast gives is not documented: the run stops with
  // `overflow` (the transform, its field and type) where one occurs
  const fits = (cast: string) =>
    overflow === undefined ? cast : `(CASE WHEN ${sql} IS NOT NULL AND ${cast} IS NULL THEN error(${literal(overflow)}) ELSE ${cast} END)`;
  if (INTEGRAL.has(to) && from !== undefined && /^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(from)) return fits(`TRY_CAST(trunc(${sql}) AS ${to})`);
  if (INTEGRAL.has(to) && from !== undefined && from !== to && /^(HUGEINT|U?BIGINT|U?INTEGER|U?SMALLINT|U?TINYINT)$/.test(from)) return fits(`TRY_CAST(${sql} AS ${to})`);
  // a text: where DuckDB's cast and Spark's (casts.ts: stringToTimestamp, UTF8String.toLong …) agree — both NULL or
  // the same value — that value; where they differ, the run stops with `undecided`
  if (undecided !== undefined && isText(from) && to !== 'VARCHAR' && to !== 'BLOB') {
    const spark = sparkCast(sql, from, { duck: to, spark: to });
    return `(CASE WHEN ${sql} IS NULL THEN CAST(NULL AS ${to}) WHEN TRY_CAST(${sql} AS ${to}) IS NOT DISTINCT FROM (${spark}) THEN TRY_CAST(${sql} AS ${to}) ELSE error(${literal(undecided)}) END)`;
  }
  return `TRY_CAST(${sql} AS ${to})`;
}

/** Spark/Glue type names (ApplyMapping, ResolveChoice) → DuckDB */
const GLUE_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  long: 'BIGINT',
  bigint: 'BIGINT',
  int: 'INTEGER',
  integer: 'INTEGER',
  short: 'SMALLINT',
  smallint: 'SMALLINT',
  byte: 'TINYINT',
  tinyint: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  binary: 'BLOB',
};

/** DuckDB's type for a Glue (or Spark) type name, `decimal(p,s)` included; undefined for one the local engine does not map. */
export function duckTypeOfGlue(name: string): string | undefined {
  const t = name.trim().toLowerCase();
  const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(t);
  return dec ? `DECIMAL(${dec[1]},${dec[2]})` : GLUE_TYPES[t];
}

export function glueType(name: string, node: PlanNode, file: string): string {
  const mapped = duckTypeOfGlue(name);
  if (!mapped) throw unsupportedAt(file, pos(node, name), `the type "${name}"`, 'it is not one of the types the local engine maps', 'use string, long, int, double, float, boolean, date, timestamp or decimal(p,s)');
  return mapped;
}
