/// <reference lib="dom" />
// What every result tab's grid shares: the theme from the workbench's colours, the columns (typed headers, cells as
// text, the row numbers) and their widths fitted to the first rows, measured in the grid's fonts.
import { themeQuartz, type ColDef, type IHeaderParams, type SortModelItem } from 'ag-grid-community';
import type { CellValue, QueryColumn } from '../../core/model';
import type { SortSpec } from '../protocol';
import { h } from '../dom';
import { cellText, charWidthSum, columnWidths, formatCount } from '../format';

export type Row = CellValue[];

/** The row numbers' column id (the data columns are `c<index in the result>`). */
export const ROW_NUMBER = 'rownum';

/** The grid's colours, fonts and sizes from the workbench theme: light, dark and high contrast follow it. */
export const theme = themeQuartz.withParams({
  backgroundColor: 'var(--vscode-editor-background)',
  foregroundColor: 'var(--vscode-editor-foreground)',
  textColor: 'var(--vscode-editor-foreground)',
  headerBackgroundColor: 'var(--vscode-editorGroupHeader-tabsBackground, var(--vscode-sideBar-background))',
  headerTextColor: 'var(--vscode-foreground)',
  borderColor: 'var(--vscode-panel-border, var(--vscode-editorGroup-border))',
  rowHoverColor: 'var(--vscode-list-hoverBackground)',
  selectedRowBackgroundColor: 'var(--vscode-list-inactiveSelectionBackground)',
  oddRowBackgroundColor: 'var(--vscode-editor-background)',
  accentColor: 'var(--vscode-focusBorder)',
  rangeSelectionBorderColor: 'var(--vscode-focusBorder)',
  fontFamily: 'var(--vscode-editor-font-family)',
  fontSize: 'var(--vscode-editor-font-size)',
  headerFontFamily: 'var(--vscode-font-family)',
  headerFontWeight: 600,
  spacing: 4,
  rowHeight: 24,
  headerHeight: 40,
  wrapperBorderRadius: 0,
  borderRadius: 2,
});

/** The header of a column: its name, and its type below in a quieter colour (both as text). */
class TypedHeader {
  private gui!: HTMLElement;
  init(params: IHeaderParams & { typeName?: string }): void {
    this.gui = h('span', { class: 'col-header' }, h('span', { class: 'col-name' }, params.displayName), h('span', { class: 'col-type' }, params.typeName ?? ''));
  }
  getGui(): HTMLElement {
    return this.gui;
  }
  refresh(): boolean {
    return false;
  }
}

const NUMERIC = /^(tinyint|smallint|integer|int|bigint|real|double|float|decimal)/i;

/**
 * `widths`: fitted to the first rows (else a width from the header's length, fitted when the first rows come).
 * `sort`: the columns the grid starts sorted by (a restored tab's), so that its first request is already sorted.
 * `inRange(row, colId)`: the cell is among the cells chosen.
 */
export function columnDefs(columns: QueryColumn[], sortable: boolean, inRange: (row: number, colId: string) => boolean, widths?: number[], sort: readonly SortSpec[] = []): ColDef<Row>[] {
  return columns.map((c, i) => ({
    ...(sortable && sort.some((x) => x.column === i) ? { sort: sort.find((x) => x.column === i)!.direction, sortIndex: sort.findIndex((x) => x.column === i) } : {}),
    colId: `c${i}`,
    headerName: c.name,
    headerTooltip: `${c.name}: ${c.type}`,
    headerComponentParams: { innerHeaderComponent: TypedHeader, innerHeaderComponentParams: { typeName: c.type } },
    valueGetter: (p) => p.data?.[i],
    valueFormatter: (p) => (p.value === null ? 'NULL' : cellText(p.value as CellValue, c.type)),
    cellClassRules: { 'cell-null': (p) => p.value === null, 'cell-in-range': (p) => inRange(p.node?.rowIndex ?? -1, `c${i}`) },
    cellClass: NUMERIC.test(c.type) ? 'cell-number' : undefined,
    sortable,
    resizable: true,
    minWidth: 60,
    width: widths?.[i] ?? Math.min(320, Math.max(90, c.name.length * 9 + 40)),
  }));
}

/** The row numbers, pinned left: 1-based positions in the view (click one to select its row). */
export function rowNumberColumn(rowCount: number): ColDef<Row> {
  const digits = String(Math.max(1, rowCount)).length;
  return {
    colId: ROW_NUMBER,
    headerName: '#',
    headerTooltip: 'Row number (click one to select the row)',
    valueGetter: (p) => (p.node?.rowIndex !== null && p.node?.rowIndex !== undefined ? p.node.rowIndex + 1 : ''),
    valueFormatter: (p) => (typeof p.value === 'number' ? formatCount(p.value) : ''),
    pinned: 'left',
    lockPinned: true,
    sortable: false,
    resizable: false,
    suppressMovable: true,
    cellClass: 'row-number',
    width: Math.max(44, 16 + digits * 9),
  };
}

export function toSortSpec(model: SortModelItem[]): SortSpec[] {
  return model.filter((m) => m.colId !== ROW_NUMBER).map((m) => ({ column: Number(m.colId.slice(1)), direction: m.sort }));
}

/** The fonts of the headers and the cells (the grid's theme takes the cells' from the editor font). */
let fonts: { header: string; cell: string } | undefined;
let measureCtx: CanvasRenderingContext2D | null | undefined;

/**
 * Reads the fonts, when the page's layout is clean (a style read after DOM changes makes the browser lay out the
 * page first). Again when the theme or the editor font changes (the webview's CSS variables change then).
 */
export function readFonts(): void {
  const root = getComputedStyle(document.documentElement);
  const body = getComputedStyle(document.body);
  const family = root.getPropertyValue('--vscode-editor-font-family').trim() || body.fontFamily;
  const size = root.getPropertyValue('--vscode-editor-font-size').trim() || body.fontSize;
  fonts = { header: `600 ${body.fontSize} ${body.fontFamily}`, cell: `${size} ${family}` };
}

/** The fonts have been read since they last changed. */
export function fontsRead(): boolean {
  return fonts !== undefined;
}

new MutationObserver(() => (fonts = undefined)).observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

/** The widths of texts in the header's and the cells' fonts, for the fonts read last. */
let textWidths: { fonts: NonNullable<typeof fonts>; header: (text: string) => number; cell: (text: string) => number } | undefined;

/** Column widths for the first rows of a result (see `columnWidths`), measured on a canvas in the grid's fonts. */
export function fittedWidths(columns: QueryColumn[], rows: Row[]): number[] | undefined {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  const ctx = measureCtx;
  if (!ctx) return undefined;
  if (!fonts) readFonts();
  const f = fonts!;
  // each character measured once per font while the fonts stay (they are read again when the theme changes)
  if (textWidths?.fonts !== f) {
    let font = '';
    const inFont = (want: string) =>
      charWidthSum((ch) => {
        if (font !== want) ctx.font = font = want;
        return ctx.measureText(ch).width;
      });
    textWidths = { fonts: f, header: inFont(f.header), cell: inFont(f.cell) };
  }
  const w = textWidths;
  return columnWidths(columns, rows, (text, header) => (header ? w.header(text) : w.cell(text)));
}
