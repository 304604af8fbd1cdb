/** Athena's result types and values as the rest of the tool sees them (the cells the local engine gives for the same types). */
import type { ColumnInfo } from '@aws-sdk/client-athena';
import type { CellValue } from '../../model';

/** The type of a result column: Athena's type name, with precision and scale for decimals. */
export function columnType(c: ColumnInfo): string {
  const t = (c.Type ?? 'varchar').toLowerCase();
  if (t === 'decimal' && c.Precision !== undefined) return `decimal(${c.Precision},${c.Scale ?? 0})`;
  return t;
}

export const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
export const FLOAT_TYPES = new Set(['double', 'float', 'real']);

/** Athena's text of a value → the cell the local engine gives for the same type. */
export function cellFromAthena(text: string | undefined | null, type: string): CellValue {
  if (text === undefined || text === null) return null;
  const base = type.replace(/\(.*$/s, '').trim();
  if (INTEGER_TYPES.has(base)) {
    if (!/^-?\d+$/.test(text)) return text;
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  if (FLOAT_TYPES.has(base)) {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  if (base === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

