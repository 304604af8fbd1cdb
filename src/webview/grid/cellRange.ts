// A rectangle of cells chosen in the grid — click a cell, Shift+click or drag to another; click a row number for
// the whole row — and its text as TSV, as a spreadsheet copies it (AG Grid Community has no range selection of its
// own). Rows are result rows (0-based), columns the positions of the displayed data columns (after moves).
// Plain TypeScript: no DOM here (tested with node:test).
import type { CellValue } from '../../core/model';
import { toTsv } from '../format';

export interface CellPos {
  row: number;
  col: number;
}

/** Where the choice started (`anchor`) and where it reaches now (`extent`): either corner may be the larger. */
export interface CellRange {
  anchor: CellPos;
  extent: CellPos;
}

export interface RangeBounds {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function bounds(r: CellRange): RangeBounds {
  return {
    top: Math.min(r.anchor.row, r.extent.row),
    bottom: Math.max(r.anchor.row, r.extent.row),
    left: Math.min(r.anchor.col, r.extent.col),
    right: Math.max(r.anchor.col, r.extent.col),
  };
}

export function inRange(r: CellRange | undefined, row: number, col: number): boolean {
  if (!r) return false;
  const b = bounds(r);
  return row >= b.top && row <= b.bottom && col >= b.left && col <= b.right;
}

export function cellCount(r: CellRange): number {
  const b = bounds(r);
  return (b.bottom - b.top + 1) * (b.right - b.left + 1);
}

/**
 * The range's cells as TSV, one line per row, columns in displayed order (`columnAt(position)` gives the result
 * column shown there); `rowAt(i)` gives result row i, or undefined when it is not loaded (then the range's text is
 * undefined: the caller fetches the rows first). With `header`, the column names come first;
 * with `typeOf`, cells read as Athena shows a value of their column's type.
 */
export function rangeTsv(
  r: CellRange,
  columnAt: (position: number) => number,
  rowAt: (row: number) => readonly CellValue[] | undefined,
  header?: (column: number) => string,
  typeOf?: (column: number) => string | undefined,
): string | undefined {
  const b = bounds(r);
  const cols: number[] = [];
  for (let c = b.left; c <= b.right; c++) cols.push(columnAt(c));
  const rows: CellValue[][] = [];
  for (let i = b.top; i <= b.bottom; i++) {
    const row = rowAt(i);
    if (!row) return undefined;
    rows.push(cols.map((c) => row[c] ?? null));
  }
  return toTsv(rows, header ? cols.map(header) : undefined, typeOf ? cols.map(typeOf) : undefined);
}
