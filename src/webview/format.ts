// Formatting cell values and figures as text, and rows as TSV for the clipboard. No DOM: tested with node:test.
import type { CellValue } from '../core/model';
import { renderAthena } from '../core/sql/dialects/render';

/**
 * A cell's text (NULL as the empty string): as Athena shows a value of its column's `type` (Trino's name) when given
 * (src/core/sql/dialects/render.ts), else JSON for structures.
 */
export function cellText(v: CellValue | undefined, type?: string): string {
  if (v === null || v === undefined) return '';
  if (type !== undefined) return renderAthena(v, type);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A TSV field: quoted ("…" with doubled quotes) when it holds a tab, a line break or a quote, as spreadsheets read it. */
export function tsvField(text: string): string {
  return /[\t\r\n"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as TSV, one line per row, with an optional header line. */
export function toTsv(rows: readonly (readonly (CellValue | undefined)[])[], header?: readonly string[], types?: readonly (string | undefined)[]): string {
  const lines = rows.map((r) => r.map((v, i) => tsvField(cellText(v, types?.[i]))).join('\t'));
  if (header) lines.unshift(header.map(tsvField).join('\t'));
  return lines.join('\n');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[i]}`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * A count with thousands separators, as `toLocaleString('en-US')` writes an integer — without it: the first
 * `toLocaleString` of a page loads the locale's data, ~40 ms before the first rows of a new results tab.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The width of a text as the sum of the widths of its characters, each measured once (`measureChar`): fitting the
 * columns to the first rows measures thousands of cell texts, and most share a few dozen characters. (Kerning is
 * left out: a pixel or two on a column.)
 */
export function charWidthSum(measureChar: (ch: string) => number): (text: string) => number {
  const widths = new Map<string, number>();
  return (text) => {
    let w = 0;
    for (const ch of text) {
      let c = widths.get(ch);
      if (c === undefined) {
        c = measureChar(ch);
        widths.set(ch, c);
      }
      w += c;
    }
    return w;
  };
}

/** An estimated cost in US dollars: `$0.000049` below a cent (two significant digits), `$1.23` above. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(2)}`;
}

/** How column widths are fitted: the header's name and type, and the cells of the first rows. */
export const FIT = { rows: 200, headerPad: 36, cellPad: 24, min: 70, max: 400 } as const;

/**
 * Column widths (px) for the first rows of a result: the widest of the header (its name and its type) and the
 * cells' text (NULL as "NULL") of the first `FIT.rows` rows, plus padding, between `FIT.min` and `FIT.max`.
 * `measure` gives the width of a text in the header's font (`header`) or the cells'.
 */
export function columnWidths(
  columns: readonly { name: string; type: string }[],
  rows: readonly (readonly (CellValue | undefined)[])[],
  measure: (text: string, header: boolean) => number,
): number[] {
  const first = rows.slice(0, FIT.rows);
  return columns.map((c, i) => {
    let w = Math.max(measure(c.name, true), measure(c.type, true)) + FIT.headerPad;
    for (const r of first) w = Math.max(w, measure(r[i] === null ? 'NULL' : cellText(r[i], c.type), false) + FIT.cellPad);
    return Math.round(Math.min(FIT.max, Math.max(FIT.min, w)));
  });
}
