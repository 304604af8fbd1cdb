/// <reference lib="dom" />
// The cells chosen in a result tab's grid, as the mouse chooses them — click a cell, Shift+click or drag to another,
// click a row number for the whole row — and their copy as TSV (from the grid's rows when it holds them all, else
// fetched from the host). The rectangle and its text are cellRange.ts; this is the part that follows the grid.
import type { GridApi } from 'ag-grid-community';
import { bounds, cellCount, inRange, rangeTsv, type CellRange } from './cellRange';
import { ROW_NUMBER, type Row } from './columns';
import { formatCount } from '../format';

const COPY_MAX_ROWS = 100_000;

/** What a selection needs from its tab. */
export interface SelectionHost {
  grid(): GridApi<Row> | undefined;
  /** the type of the result's column `c` (copied cells are written by type) */
  columnType(c: number): string | undefined;
  /** the result's rows startRow…endRow-1 as the tab shows them */
  fetchRows(startRow: number, endRow: number): Promise<Row[]>;
  notice(level: 'info' | 'error', text: string): void;
  copied(text: string, what: string): void;
}

export class CellSelection {
  /** the cells chosen (undefined: none) */
  private range: CellRange | undefined;
  /** the mouse button is down on the grid: moving over cells extends the range */
  private dragging = false;
  /** displayed data columns: position → colId, and colId → position (recomputed when columns move) */
  private positions: { ids: string[]; of: Map<string, number> } | undefined;

  constructor(private readonly host: SelectionHost) {}

  /** No cell chosen (a new result, sort or filter). */
  clear(): void {
    this.range = undefined;
  }

  /** No cell chosen and no columns known (the grid was dropped). */
  reset(): void {
    this.range = undefined;
    this.positions = undefined;
  }

  columnsMoved(): void {
    this.positions = undefined;
  }

  /** The cell is among the cells chosen (the grid's cell class rule). */
  readonly contains = (row: number, colId: string): boolean => inRange(this.range, row, this.position(colId));

  private displayed(): { ids: string[]; of: Map<string, number> } {
    if (!this.positions) {
      const ids = (this.host.grid()?.getAllDisplayedColumns() ?? []).map((c) => c.getColId()).filter((id) => id !== ROW_NUMBER);
      this.positions = { ids, of: new Map(ids.map((id, i) => [id, i])) };
    }
    return this.positions;
  }

  private position(colId: string): number {
    return this.displayed().of.get(colId) ?? -1;
  }

  private redraw(): void {
    this.host.grid()?.refreshCells({ force: true });
  }

  down(row: number | null, colId: string, shift: boolean): void {
    if (row === null) return;
    const last = this.displayed().ids.length - 1;
    const range = this.range;
    if (colId === ROW_NUMBER) {
      // the whole row (Shift: the rows from the anchor's to this one)
      this.range = shift && range ? { anchor: { row: range.anchor.row, col: 0 }, extent: { row, col: last } } : { anchor: { row, col: 0 }, extent: { row, col: last } };
    } else {
      const col = this.position(colId);
      this.range = shift && range ? { anchor: range.anchor, extent: { row, col } } : { anchor: { row, col }, extent: { row, col } };
      this.dragging = true;
    }
    this.redraw();
  }

  over(row: number | null, colId: string): void {
    if (!this.dragging || row === null) return;
    const range = this.range;
    if (!range || colId === ROW_NUMBER) return;
    const col = this.position(colId);
    if (range.extent.row === row && range.extent.col === col) return;
    this.range = { anchor: range.anchor, extent: { row, col } };
    this.redraw();
  }

  up(): void {
    this.dragging = false;
  }

  /** The range's text: from the grid's rows when it holds them all, else fetched from the host. */
  private async text(r: CellRange): Promise<string> {
    const ids = this.displayed().ids;
    const columnAt = (p: number): number => Number(ids[p]!.slice(1));
    const typeOf = (c: number): string | undefined => this.host.columnType(c);
    const local = rangeTsv(r, columnAt, (i) => this.host.grid()?.getDisplayedRowAtIndex(i)?.data, undefined, typeOf);
    if (local !== undefined) return local;
    const b = bounds(r);
    const rows = await this.host.fetchRows(b.top, b.bottom + 1);
    return rangeTsv(r, columnAt, (i) => rows[i - b.top], undefined, typeOf)!;
  }

  /** Copies the chosen cells (the focused cell when none are chosen) as TSV. */
  async copy(): Promise<void> {
    let r = this.range;
    if (!r) {
      const f = this.host.grid()?.getFocusedCell();
      if (!f || f.column.getColId() === ROW_NUMBER) {
        this.host.notice('info', 'Click a cell first (Shift+click or drag for more; a row number for the whole row).');
        return;
      }
      const col = this.position(f.column.getColId());
      r = { anchor: { row: f.rowIndex, col }, extent: { row: f.rowIndex, col } };
    }
    const b = bounds(r);
    if (b.bottom - b.top + 1 > COPY_MAX_ROWS) {
      this.host.notice('error', `Copy takes at most ${formatCount(COPY_MAX_ROWS)} rows: export the result instead.`);
      return;
    }
    try {
      const text = await this.text(r);
      const n = cellCount(r);
      this.host.copied(text, n === 1 ? 'the cell' : `${formatCount(b.bottom - b.top + 1)} × ${b.right - b.left + 1} cells`);
    } catch (e) {
      this.host.notice('error', `Could not copy: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
