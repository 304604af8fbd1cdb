/** Text output of the CLI: aligned tables, CSV, human-readable numbers. */
import type { CellValue, QueryColumn } from '../core/model';

export function cellText(v: CellValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** An aligned text table; numbers right-aligned. */
export function textTable(headers: string[], rows: CellValue[][], options: { rightAlign?: boolean[] } = {}): string {
  const cells = rows.map((r) => r.map((v) => cellText(v).replace(/\n/g, '\\n')));
  // a loop, not Math.max(...cells): a spread of a few hundred thousand rows overflows the call stack
  const widths = headers.map((h) => h.length);
  for (const r of cells) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, (r[i] ?? '').length);
  const right = options.rightAlign ?? headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => (right[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** RFC 4180: quote fields holding a comma, quote or line break. */
export function csvLine(values: CellValue[]): string {
  return values
    .map((v) => {
      if (v === null) return '';
      const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}

export function rowObject(columns: QueryColumn[], row: CellValue[]): Record<string, CellValue> {
  return Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null]));
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export { formatBytes, formatDuration } from '../core/units';
