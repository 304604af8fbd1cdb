/**
 * A column's value as Athena's Hive text writer (LazySimpleSerDe: CTAS and UNLOAD `format = 'TEXTFILE'`) writes it,
 * where DuckDB's own text of the value differs: arrays, maps and structs, and varbinary.
 *
 * Trino's text encodings (trinodb/trino lib/trino-hive-formats …/encodings/text: ListEncoding, MapEncoding,
 * StructEncoding, BinaryEncoding): an array's elements and a struct's fields are joined by the separator of their
 * nesting level — \u0002 (collection items, or the table's `collection.delim`) for a column's own elements, \u0003
 * (map keys, or `mapkey.delim`) one level down, then \u0004 … \u0008 —, a map's entries by its level's separator and each key from its value by the next one; a NULL
 * element, value or field is the null sequence (`\N`); varbinary is Base64 (java.util.Base64's encoder, padded). The
 * reader (delimited text, `docs/athena-sql.md`) splits them back on the same levels.
 */
import { LakehouseError } from '../../errors';
import { parseDuckDbType, type DuckDbType } from '../../sql/types';
import { literal } from './duck';

/** Hive's default separators of the nesting levels 1 … 8 (the field delimiter first; LazySimpleSerDe's LEGACY levels) */
export const DEFAULT_SEPARATORS: readonly string[] = ['\u0001', '\u0002', '\u0003', '\u0004', '\u0005', '\u0006', '\u0007', '\u0008'];

function separatorOf(separators: readonly string[], level: number, column: string): string {
  const c = separators[level - 1];
  if (c === undefined)
    throw new LakehouseError('SqlUnsupported', `the column ${column} is nested more than ${separators.length - 1} levels deep: writing it as Hive text is not supported by the local engine (Hive's separators end at level ${separators.length})`, { object: column });
  return c.charCodeAt(0) < 32 ? `chr(${c.charCodeAt(0)})` : literal(c);
}

/** DuckDB's names of a varbinary (written as Base64) */
const BINARY = /^(BLOB|BYTEA|BINARY|VARBINARY)$/;

function needsEncoding(t: DuckDbType): boolean {
  return t.kind !== 'named' || BINARY.test(t.name);
}

/** SQL giving the text of `expr` (not NULL) of type `t`, nested at `level` (its own items split on separator `level`). */
function encode(expr: string, t: DuckDbType, level: number, nul: string, column: string, separators: readonly string[]): string {
  const orNull = (e: string, inner: DuckDbType, innerLevel: number) => `coalesce(${encode(e, inner, innerLevel, nul, column, separators)}, ${nul})`;
  const separator = (l: number, c: string) => separatorOf(separators, l, c);
  const v = `x${level}`;
  switch (t.kind) {
    case 'named':
      if (BINARY.test(t.name)) return `to_base64(${expr})`;
      return `CAST(${expr} AS VARCHAR)`;
    case 'list':
      return `array_to_string(list_transform(${expr}, ${v} -> ${orNull(v, t.element, level + 1)}), ${separator(level, column)})`;
    case 'map':
      return `array_to_string(list_transform(map_entries(${expr}), ${v} -> ${encode(`${v}.key`, t.key, level + 2, nul, column, separators)} || ${separator(level + 1, column)} || ${orNull(`${v}.value`, t.value, level + 2)}), ${separator(level, column)})`;
    case 'struct':
      if (t.fields.length === 0) return "''";
      return t.fields.map((f) => orNull(`struct_extract(${expr}, ${literal(f.name)})`, f.type, level + 1)).join(` || ${separator(level, column)} || `);
    case 'union':
      throw new LakehouseError('SqlUnsupported', `the column ${column} is a union: writing it as Hive text is not supported by the local engine`, { object: column });
  }
}

/**
 * The SQL of `expr`'s Hive text when DuckDB's own text of it differs (a nested or varbinary column), else undefined.
 * NULL stays NULL (the writer writes the null format for it).
 */
export function hiveTextColumn(expr: string, duckType: string, nullString: string, column: string, separators: readonly string[] = DEFAULT_SEPARATORS): string | undefined {
  const t = parseDuckDbType(duckType);
  if (!needsEncoding(t)) return undefined;
  // a column's own items split on \u0002: level 2 (level 1 is the field delimiter)
  return `CASE WHEN ${expr} IS NULL THEN NULL ELSE ${encode(expr, t, 2, literal(nullString), column, separators)} END`;
}
