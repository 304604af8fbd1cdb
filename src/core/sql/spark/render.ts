/**
 * A result cell as spark-sql prints it (apache/spark sql/core …/execution/HiveResult.toHiveString, Spark 3.5):
 * `NULL` (nested `null`), numbers as Java prints them (`1.0E10`), decimals with their scale, strings bare (quoted
 * inside arrays, maps and structs), dates `2020-01-31`, timestamps `2020-01-31 12:00:00.5` (the fraction's trailing
 * zeros dropped), binaries as their UTF-8 text, arrays `[1,2]`, maps `{1:"a",2:"b"}` (entries sorted by their
 * text), structs `{"a":1,"b":"x"}`, year-month intervals `1-2`, day-time intervals `1 12:30:01.001001000`.
 *
 * Plain TypeScript without Node APIs. The cell is what the local engine pages (`CellValue`), the type Spark's.
 */
import type { CellValue } from '../../model';
import { duckBlobBytes, javaNumberText } from '../dialects/render';
import type { SqlType } from '../dialects/sqlType';

function decimalText(value: CellValue, scale: number): string {
  const s = String(value);
  if (scale === 0 || !/^-?\d+(\.\d*)?$/.test(s)) return s;
  const [i, f = ''] = s.split('.');
  return `${i}.${f.padEnd(scale, '0')}`;
}

/** Spark's text of a timestamp: the fraction's trailing zeros dropped, none when it is zero. */
export function sparkTimestampText(value: CellValue): string {
  const s = String(value).replace('T', ' ');
  const m = /^(.*?:\d\d)(\.\d+)?$/.exec(s);
  if (!m) return s;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  return fraction === '.' ? m[1]! : `${m[1]}${fraction}`;
}

/** Spark prints a binary's bytes decoded as UTF-8 */
export function sparkBinaryText(value: CellValue): string {
  return new TextDecoder('utf-8').decode(duckBlobBytes(value));
}

function intervalText(value: CellValue, yearToMonth: boolean): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return String(value);
  const v = value as { months?: number; days?: number; micros?: string | number };
  if (yearToMonth) {
    const months = Number(v.months ?? 0);
    return `${months < 0 ? '-' : ''}${Math.trunc(Math.abs(months) / 12)}-${Math.abs(months) % 12}`;
  }
  const total = BigInt(v.days ?? 0) * 86_400_000_000n + BigInt(v.micros ?? 0);
  const sign = total < 0n ? '-' : '';
  let us = total < 0n ? -total : total;
  const days = us / 86_400_000_000n;
  us -= days * 86_400_000_000n;
  const two = (n: bigint) => String(n).padStart(2, '0');
  return `${sign}${days} ${two(us / 3_600_000_000n)}:${two((us % 3_600_000_000n) / 60_000_000n)}:${two((us % 60_000_000n) / 1_000_000n)}.${String(us % 1_000_000n).padStart(6, '0')}000`;
}

function parseKey(k: string): CellValue {
  try {
    return JSON.parse(k) as CellValue;
  } catch {
    return k;
  }
}

/** A cell's text as spark-sql prints it, by the column's Spark type. */
export function renderSpark(value: CellValue | undefined, type: SqlType, nested = false): string {
  if (value === null || value === undefined) return nested ? 'null' : 'NULL';
  switch (type.kind) {
    case 'boolean':
      return String(value);
    case 'real':
    case 'double':
      return typeof value === 'number' ? javaNumberText(value, type.kind === 'real') : String(value) === 'NaN' ? 'NaN' : String(value);
    case 'decimal':
      return decimalText(value, type.scale);
    case 'varchar':
    case 'char':
      return nested ? `"${String(value)}"` : String(value);
    case 'timestamp':
    case 'timestamptz':
      return sparkTimestampText(value);
    case 'varbinary':
      return sparkBinaryText(value);
    case 'interval':
      return intervalText(value, type.unit === 'year to month');
    case 'array':
      return Array.isArray(value) ? `[${value.map((v) => renderSpark(v, type.element, true)).join(',')}]` : String(value);
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return String(value);
      const textKey = type.key.kind === 'varchar' || type.key.kind === 'char';
      const entries = Object.entries(value).map(([k, v]) => `${renderSpark(textKey ? k : parseKey(k), type.key, true)}:${renderSpark(v, type.value, true)}`);
      return `{${entries.sort().join(',')}}`;
    }
    case 'row': {
      if (typeof value !== 'object' || Array.isArray(value)) return String(value);
      const values = Object.values(value);
      return `{${type.fields.map((f, i) => `"${f.name ?? `col${i + 1}`}":${renderSpark(values[i], f.type, true)}`).join(',')}}`;
    }
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
