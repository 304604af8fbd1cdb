/// <reference lib="dom" />
// The results grid page: AG Grid Community with its Infinite Row Model. Rows are fetched from the host in blocks
// (request ids matched to responses); the grid keeps a bounded number of blocks, so a 1M-row result is browsed
// without ever being held here. Sort and the quick filter are done by the engine (the host re-runs the query
// wrapped in ORDER BY / WHERE); the page only says which. Cells are rendered as text by the grid.
import {
  CellStyleModule,
  ColumnApiModule,
  EventApiModule,
  InfiniteRowModelModule,
  LocaleModule,
  ModuleRegistry,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TooltipModule,
  createGrid,
  themeQuartz,
  type ColDef,
  type GridApi,
  type IDatasource,
  type IGetRowsParams,
  type IHeaderParams,
  type SortModelItem,
} from 'ag-grid-community';
import type { CellValue, QueryColumn } from '../../core/model';
import type { ExportFormat, HeadRows, ResultsPanelState, ResultsToHost, ResultsToPage, SortSpec, StatusView, ViewSpec } from '../protocol';
import { fill, h } from '../dom';
import { bounds, cellCount, inRange, rangeTsv, type CellRange } from './cellRange';
import { cellText, charWidthSum, columnWidths, formatBytes, formatCount, formatMs, formatUsd } from '../format';
import { runZeroTimersAfter } from '../timers';
import { pageNonce, vscodeApi } from '../vscode';

performance.mark('lakehouse:script');
ModuleRegistry.registerModules([
  InfiniteRowModelModule,
  // the empty result's overlay text (getLocaleText)
  LocaleModule,
  RowSelectionModule,
  TooltipModule,
  CellStyleModule,
  ColumnApiModule,
  RowApiModule,
  ScrollApiModule,
  EventApiModule,
  RenderApiModule,
  // rowClassRules: the loading mark of a row whose block has not come yet
  RowStyleModule,
]);

type Row = CellValue[];

const vscode = vscodeApi<ResultsToHost, ResultsPanelState>();

/** The grid's colours, fonts and sizes from the workbench theme: light, dark and high contrast follow it. */
const theme = themeQuartz.withParams({
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

// ------------------------------------------------------------------------------------------ page elements

/** A toolbar button showing a codicon (its name says what it does: the title, and the accessible name). */
function iconButton(icon: string, title: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  return h('button', { class: 'icon', title, attrs: { 'aria-label': title, ...attrs }, on: { click: onClick } }, h('span', { class: `codicon codicon-${icon}`, attrs: { 'aria-hidden': 'true' } }));
}

const stateBadge = h('span', { class: 'state', attrs: { 'data-testid': 'state' } });
const cancelButton = iconButton('debug-stop', 'Cancel: stop the query (the engine stops its work)', () => vscode.postMessage({ type: 'cancel' }), { 'data-testid': 'cancel', class: 'icon danger' });
cancelButton.className = 'icon danger';
const rerunButton = iconButton('play', 'Run again', () => vscode.postMessage({ type: 'rerun' }), { 'data-testid': 'rerun' });
const filterInput = h('input', { class: 'filter', attrs: { type: 'search', placeholder: 'Filter rows…', 'aria-label': 'Quick filter (run by the engine)' } });
const copyButton = iconButton('copy', 'Copy the selected cells as TSV (Ctrl+C); click a row number to select its row, Shift+click or drag for more', () => void copyRange(), { 'data-testid': 'copy' });
const statsButton = iconButton('graph', 'Column statistics: NULLs, distinct values, min and max of each column (computed by the engine)', () => askStats(), { 'data-testid': 'stats' });
const exportButtons = (['csv', 'json', 'parquet'] as ExportFormat[]).map((f) =>
  h('button', { class: 'text', title: `Export the whole result as ${f.toUpperCase()}`, attrs: { 'data-format': f }, on: { click: () => vscode.postMessage({ type: 'export', format: f, run: state?.run ?? 0, view: currentView() }) } }, f.toUpperCase()),
);
const keepButton = iconButton('pin', 'Keep Open: the next query opens a tab of its own (sorting, filtering, exporting or copying keeps it too)', () => keep(), { 'data-testid': 'keep' });
const previewBadge = h(
  'span',
  { class: 'preview', attrs: { 'data-testid': 'preview', title: 'A preview tab: the next query you run is shown here instead of in a new tab' } },
  h('span', { class: 'preview-label' }, 'Preview'),
  keepButton,
);
const sqlLine = h('div', { class: 'sql' });
const errorBox = h('div', { class: 'banner error', attrs: { role: 'alert' } });
const noticeBox = h('div', { class: 'banner notice', attrs: { role: 'status' } });
const gridDiv = h('div', { class: 'grid' });
// a cell whose text does not fit its column shows it whole on hover: the browser's own tooltip (text, never markup),
// set when the pointer comes (nothing per cell while rows are drawn)
gridDiv.addEventListener('mouseover', (e) => {
  const cell = e.target instanceof Element ? e.target.closest('.ag-cell') : null;
  if (!(cell instanceof HTMLElement)) return;
  if (cell.scrollWidth > cell.clientWidth) cell.title = cell.textContent ?? '';
  else cell.removeAttribute('title');
});
const statusLine = h('footer', { class: 'status', attrs: { 'data-testid': 'status' } });
const statsBox = h('div', { class: 'stats', attrs: { 'data-testid': 'stats-box', role: 'region', 'aria-label': 'Column statistics' } });
statsBox.hidden = true;

const app = document.getElementById('app')!;
app.append(
  h(
    'header',
    { class: 'toolbar' },
    stateBadge,
    previewBadge,
    cancelButton,
    rerunButton,
    filterInput,
    copyButton,
    statsButton,
    h('span', { class: 'group', attrs: { role: 'group', 'aria-label': 'Export' } }, h('span', { class: 'codicon codicon-export', attrs: { title: 'Export', 'aria-hidden': 'true' } }), ...exportButtons),
  ),
  sqlLine,
  errorBox,
  noticeBox,
  statsBox,
  gridDiv,
  statusLine,
);

// ------------------------------------------------------------------------------------------ state

let state: ResultsPanelState | undefined = vscode.getState();
let status: StatusView | undefined;
/** rows per block the grid asks for (the host says, with `init`) */
let blockSize = 200;
let api: GridApi<Row> | undefined;
/** the block size the grid was made with (it cannot change on a grid) */
let gridBlockSize = 0;
/** the execution and columns the grid was built for */
let gridKey = '';
let nextId = 1;
/** the first block of the result, sent with its status: the grid's first request is answered from it */
let head: HeadRows | undefined;
/** the columns were fitted to the first rows of this grid */
let autosized = false;
/** the rows of the previous statement were dropped (and the grid scrolled to the top) when this one came */
let emptied = false;
const pending = new Map<number, IGetRowsParams>();

function saveState(): void {
  if (state) vscode.setState(state);
}

function currentView(): ViewSpec {
  return state?.view ?? { sort: [], filter: '' };
}

/** Shows whether the tab is a preview (the next query replaces it). */
function renderPreview(): void {
  previewBadge.hidden = state?.preview !== true;
  document.body.classList.toggle('is-preview', state?.preview === true);
}

/** The user keeps the tab (a gesture, or "Keep Open"). */
function keep(): void {
  if (!state?.preview) return;
  delete state.preview;
  saveState();
  renderPreview();
  vscode.postMessage({ type: 'keep' });
}

// ------------------------------------------------------------------------------------------ the grid

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
 */
function columnDefs(columns: QueryColumn[], sortable: boolean, widths?: number[], sort: readonly SortSpec[] = []): ColDef<Row>[] {
  return columns.map((c, i) => ({
    ...(sortable && sort.some((x) => x.column === i) ? { sort: sort.find((x) => x.column === i)!.direction, sortIndex: sort.findIndex((x) => x.column === i) } : {}),
    colId: `c${i}`,
    headerName: c.name,
    headerTooltip: `${c.name}: ${c.type}`,
    headerComponentParams: { innerHeaderComponent: TypedHeader, innerHeaderComponentParams: { typeName: c.type } },
    valueGetter: (p) => p.data?.[i],
    valueFormatter: (p) => (p.value === null ? 'NULL' : cellText(p.value as CellValue, c.type)),
    cellClassRules: { 'cell-null': (p) => p.value === null, 'cell-in-range': (p) => inRange(range, p.node?.rowIndex ?? -1, displayedPosition(`c${i}`)) },
    cellClass: NUMERIC.test(c.type) ? 'cell-number' : undefined,
    sortable,
    resizable: true,
    minWidth: 60,
    width: widths?.[i] ?? Math.min(320, Math.max(90, c.name.length * 9 + 40)),
  }));
}

/** The row numbers, pinned left: 1-based positions in the view (click one to select its row). */
function rowNumberColumn(rowCount: number): ColDef<Row> {
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

function toSortSpec(model: SortModelItem[]): SortSpec[] {
  return model.filter((m) => m.colId !== ROW_NUMBER).map((m) => ({ column: Number(m.colId.slice(1)), direction: m.sort }));
}

function datasource(rowCount: number): IDatasource {
  return {
    rowCount,
    getRows(params: IGetRowsParams): void {
      performance.mark('lakehouse:getRows');
      const id = nextId++;
      pending.set(id, params);
      const view: ViewSpec = { sort: toSortSpec(params.sortModel), filter: currentView().filter };
      if (state && JSON.stringify(state.view.sort) !== JSON.stringify(view.sort)) {
        state.view = view;
        saveState();
      }
      const first = head;
      if (first && params.startRow === 0 && first.executionId === status?.executionId && view.sort.length === 0 && view.filter === '' && first.rows.length >= Math.min(params.endRow, first.lastRow)) {
        // the block came with the status: no request
        head = undefined;
        queueMicrotask(() => onRows({ type: 'response', id, ok: true, rows: first.rows.slice(0, params.endRow), lastRow: first.lastRow }));
        return;
      }
      vscode.postMessage({ type: 'rows', id, run: state?.run ?? 0, startRow: params.startRow, endRow: params.endRow, view });
    },
  };
}

function buildGrid(s: StatusView): void {
  const key = `${s.executionId}|${JSON.stringify(s.columns)}`;
  if (key === gridKey && api) {
    gridDiv.classList.remove('replaced');
    return;
  }
  gridKey = key;
  performance.mark('lakehouse:grid');
  pending.clear();
  // the columns fitted to the first block when it came with the status (one layout of the grid, not two)
  const widths = head && head.executionId === s.executionId ? fittedWidths(s.columns, head.rows) : undefined;
  autosized = widths !== undefined;
  const columns = columnDefs(s.columns, s.canReshape, widths);
  // a restored tab's sort: given to a new grid with its columns (its first request is then sorted, and the block
  // that came with the status — unsorted — is not used)
  const restoredSort = currentView().sort.filter((x) => x.column < s.columns.length);
  const rowCount = s.viewRows ?? s.rows ?? 0;
  // the grid is told the result's size before its first block comes (it would draw the rows again when the block
  // told it); an empty result leaves the grid's own minimum
  const initialRows = rowCount > 0 ? { infiniteInitialRowCount: rowCount } : {};
  if (api && gridBlockSize === blockSize) {
    // the grid made while the page waited for its first messages (makeGrid), or another result in the same page (a
    // preview tab that took the next query, a statement run again): the grid takes the new columns and rows — making
    // a new one costs a good part of the time to the first rows. The rows of the previous result were dropped when
    // the statement came (while it ran), or are now.
    if (!emptied) api.ensureIndexVisible(0, 'top');
    emptied = false;
    gridDiv.classList.remove('replaced');
    if (currentView().sort.length === 0 && api.getColumnState().some((c) => c.sort)) api.applyColumnState({ defaultState: { sort: null } });
    range = undefined;
    const defs = restoredSort.length > 0 ? columnDefs(s.columns, s.canReshape, widths, restoredSort) : columns;
    const update = (): void => api!.updateGridOptions({ columnDefs: [rowNumberColumn(rowCount), ...defs], ...initialRows, datasource: datasource(rowCount) });
    // the first block came with the status: the grid gets it in this task (drawn once, with its data)
    if (widths) runZeroTimersAfter(update);
    else update();
    performance.mark('lakehouse:grid-updated');
    return;
  }
  gridDiv.classList.remove('replaced');
  emptied = false;
  api?.destroy();
  api = widths ? runZeroTimersAfter(() => makeGrid(rowCount, restoredSort.length > 0 ? columnDefs(s.columns, s.canReshape, widths, restoredSort) : columns)) : makeGrid(rowCount, columns);
}

/**
 * A grid of `blockSize` blocks with these columns (none: the grid made before the first result, while the page
 * waits for its first messages — the webview delivers them only once the page has loaded, its icon font too; the
 * result then goes into that grid as into a reused one, see buildGrid).
 */
function makeGrid(rowCount: number, columns: ColDef<Row>[] | undefined): GridApi<Row> {
  gridBlockSize = blockSize;
  const initialRows = rowCount > 0 ? { infiniteInitialRowCount: rowCount } : {};
  return createGrid<Row>(gridDiv, {
    theme,
    styleNonce: pageNonce(),
    loadThemeGoogleFonts: false,
    rowModelType: 'infinite',
    cacheBlockSize: blockSize,
    // about 20,000 rows are held at most; scrolling far away drops the oldest blocks (memory stays flat on 1M rows)
    maxBlocksInCache: Math.max(2, Math.ceil(20_000 / blockSize)),
    maxConcurrentDatasourceRequests: 2,
    // a block is asked for as soon as its rows are drawn: the first block (answered from the rows that came with
    // the status) without waiting out a debounce. The blocks a fling passes that have not started loading are
    // dropped once out of view; at most two requests run at once. (A/B in the bench: a debounce of 25 ms made the
    // first rows ~70 ms later into an open tab and did not make scrolling or the jumps of a 1M-row result smoother.)
    blockLoadDebounceMillis: 0,
    ...initialRows,
    columnDefs: columns ? [rowNumberColumn(rowCount), ...columns] : [],
    defaultColDef: { suppressMovable: false },
    // cells are chosen as a range (cellRange.ts): click, Shift+click or drag; a row number chooses its row
    onCellMouseDown: (e) => onCellDown(e.rowIndex, e.column.getColId(), (e.event as MouseEvent | undefined)?.shiftKey === true),
    onCellMouseOver: (e) => {
      if (dragging && e.rowIndex !== null) extendRange(e.rowIndex, e.column.getColId());
    },
    onDisplayedColumnsChanged: () => (positions = undefined),
    tooltipShowDelay: 600,
    // the empty result's overlay in words of this page (AG Grid's own says "No Rows To Show")
    getLocaleText: (p) => (p.key === 'noRowsToShow' ? (currentView().filter !== '' ? 'No row contains the filter text' : 'The query returned no rows') : p.defaultValue),
    // rows only move when scrolled: no transitions (they cost frames on a long scroll)
    animateRows: false,
    rowBuffer: 6,
    enableCellTextSelection: false,
    suppressDragLeaveHidesColumns: true,
    getRowId: undefined,
    // a row whose block has not come yet (the infinite row model draws it without data): a placeholder, not a blank row
    rowClassRules: { 'row-loading': (p) => p.data === undefined },
    ...(columns ? { datasource: datasource(rowCount) } : {}),
    onSortChanged: (e) => {
      saveState();
      // the sorted view from its first row (the grid would stay where it was scrolled)
      range = undefined;
      api?.ensureIndexVisible(0, 'top');
      // sorting by a header click keeps a preview tab
      if (e.source === 'uiColumnSorted') keep();
    },
  });
}

function onRows(m: Extract<ResultsToPage, { type: 'response' }>): void {
  const params = pending.get(m.id);
  if (!params) return;
  pending.delete(m.id);
  if (m.ok) {
    performance.mark('lakehouse:rows');
    params.successCallback(m.rows, m.lastRow);
    performance.mark('lakehouse:rows-set');
    if (!autosized && m.rows.length > 0) {
      autosized = true;
      fitColumns(m.rows);
      performance.mark('lakehouse:fitted');
      requestAnimationFrame(() => performance.mark('lakehouse:frame'));
    }
  }
  else {
    params.failCallback();
    showNotice('error', `Could not load rows ${formatCount(params.startRow + 1)}–${formatCount(params.endRow)}: ${m.error}`);
  }
}

/** The fonts of the headers and the cells (the grid's theme takes the cells' from the editor font). */
let fonts: { header: string; cell: string } | undefined;
let measureCtx: CanvasRenderingContext2D | null | undefined;

/**
 * Reads the fonts, when the page's layout is clean (a style read after DOM changes makes the browser lay out the
 * page first). Again when the theme or the editor font changes (the webview's CSS variables change then).
 */
function readFonts(): void {
  const root = getComputedStyle(document.documentElement);
  const body = getComputedStyle(document.body);
  const family = root.getPropertyValue('--vscode-editor-font-family').trim() || body.fontFamily;
  const size = root.getPropertyValue('--vscode-editor-font-size').trim() || body.fontSize;
  fonts = { header: `600 ${body.fontSize} ${body.fontFamily}`, cell: `${size} ${family}` };
}
new MutationObserver(() => (fonts = undefined)).observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

/** The widths of texts in the header's and the cells' fonts, for the fonts read last. */
let textWidths: { fonts: NonNullable<typeof fonts>; header: (text: string) => number; cell: (text: string) => number } | undefined;

/** Column widths for the first rows of a result (see `columnWidths`), measured on a canvas in the grid's fonts. */
function fittedWidths(columns: QueryColumn[], rows: Row[]): number[] | undefined {
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

/** Fits the columns to the first rows of a grid whose first block did not come with the status. */
function fitColumns(rows: Row[]): void {
  if (!api || !status) return;
  const widths = fittedWidths(status.columns, rows);
  if (widths) api.setColumnWidths(widths.map((newWidth, i) => ({ key: `c${i}`, newWidth })));
}

// ------------------------------------------------------------------------------------------ cell range and copy

const ROW_NUMBER = 'rownum';
/** the cells chosen (undefined: none) */
let range: CellRange | undefined;
/** the mouse button is down on the grid: moving over cells extends the range */
let dragging = false;
document.addEventListener('mouseup', () => (dragging = false));
/** displayed data columns: position → colId, and colId → position (recomputed when columns move) */
let positions: { ids: string[]; of: Map<string, number> } | undefined;

function displayed(): { ids: string[]; of: Map<string, number> } {
  if (!positions) {
    const ids = (api?.getAllDisplayedColumns() ?? []).map((c) => c.getColId()).filter((id) => id !== ROW_NUMBER);
    positions = { ids, of: new Map(ids.map((id, i) => [id, i])) };
  }
  return positions;
}

function displayedPosition(colId: string): number {
  return displayed().of.get(colId) ?? -1;
}

function redrawRange(): void {
  api?.refreshCells({ force: true });
}

function onCellDown(row: number | null, colId: string, shift: boolean): void {
  if (row === null) return;
  const last = displayed().ids.length - 1;
  if (colId === ROW_NUMBER) {
    // the whole row (Shift: the rows from the anchor's to this one)
    range = shift && range ? { anchor: { row: range.anchor.row, col: 0 }, extent: { row, col: last } } : { anchor: { row, col: 0 }, extent: { row, col: last } };
  } else {
    const col = displayedPosition(colId);
    range = shift && range ? { anchor: range.anchor, extent: { row, col } } : { anchor: { row, col }, extent: { row, col } };
    dragging = true;
  }
  redrawRange();
}

function extendRange(row: number, colId: string): void {
  if (!range || colId === ROW_NUMBER) return;
  const col = displayedPosition(colId);
  if (range.extent.row === row && range.extent.col === col) return;
  range = { anchor: range.anchor, extent: { row, col } };
  redrawRange();
}

/** rows fetched from the host for a copy of rows the grid does not hold, by request id */
const copyRequests = new Map<number, (rows: Row[] | undefined, error?: string) => void>();
const COPY_MAX_ROWS = 100_000;

/** The range's text: from the grid's rows when it holds them all, else fetched from the host. */
async function rangeText(r: CellRange): Promise<string> {
  const ids = displayed().ids;
  const columnAt = (p: number): number => Number(ids[p]!.slice(1));
  const typeOf = (c: number): string | undefined => status?.columns[c]?.type;
  const local = rangeTsv(r, columnAt, (i) => api?.getDisplayedRowAtIndex(i)?.data, undefined, typeOf);
  if (local !== undefined) return local;
  const b = bounds(r);
  const id = nextId++;
  const rows = await new Promise<Row[]>((resolve, reject) => {
    copyRequests.set(id, (got, error) => (got ? resolve(got) : reject(new Error(error ?? 'no rows'))));
    vscode.postMessage({ type: 'rows', id, run: state?.run ?? 0, startRow: b.top, endRow: b.bottom + 1, view: currentView() });
  });
  return rangeTsv(r, columnAt, (i) => rows[i - b.top], undefined, typeOf)!;
}

/** Copies the chosen cells (the focused cell when none are chosen) as TSV. */
async function copyRange(): Promise<void> {
  let r = range;
  if (!r) {
    const f = api?.getFocusedCell();
    if (!f || f.column.getColId() === ROW_NUMBER) {
      showNotice('info', 'Click a cell first (Shift+click or drag for more; a row number for the whole row).');
      return;
    }
    const col = displayedPosition(f.column.getColId());
    r = { anchor: { row: f.rowIndex, col }, extent: { row: f.rowIndex, col } };
  }
  const b = bounds(r);
  if (b.bottom - b.top + 1 > COPY_MAX_ROWS) {
    showNotice('error', `Copy takes at most ${formatCount(COPY_MAX_ROWS)} rows: export the result instead.`);
    return;
  }
  try {
    const text = await rangeText(r);
    const n = cellCount(r);
    vscode.postMessage({ type: 'copy', text, what: n === 1 ? 'the cell' : `${formatCount(b.bottom - b.top + 1)} × ${b.right - b.left + 1} cells` });
  } catch (e) {
    showNotice('error', `Could not copy: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// Ctrl/Cmd+C in the grid: the chosen cells
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement || !gridDiv.contains(document.activeElement)) return;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') {
    e.preventDefault();
    void copyRange();
  }
});

// ------------------------------------------------------------------------------------------ column statistics

function askStats(): void {
  statsBox.hidden = false;
  fill(statsBox, h('span', { class: 'codicon codicon-loading codicon-modifier-spin' }), ' Computing the statistics of each column…');
  vscode.postMessage({ type: 'stats', run: state?.run ?? 0, view: currentView() });
}

function renderStats(m: Extract<ResultsToPage, { type: 'stats' }>): void {
  statsBox.hidden = false;
  const close = h('button', { class: 'icon', title: 'Close the statistics', attrs: { 'aria-label': 'Close the statistics' }, on: { click: () => (statsBox.hidden = true) } }, h('span', { class: 'codicon codicon-close' }));
  if (!m.ok) {
    fill(statsBox, h('div', { class: 'stats-head' }, h('span', {}, m.error), close));
    return;
  }
  const cell = (v: string | number | null, cls = ''): HTMLTableCellElement => h('td', { class: `${cls}${v === null ? ' cell-null' : ''}` }, v === null ? '—' : typeof v === 'number' ? formatCount(v) : v);
  const filter = currentView().filter;
  fill(
    statsBox,
    h('div', { class: 'stats-head' }, h('strong', {}, 'Column statistics'), ` over ${formatCount(m.rows)} rows${filter ? ` containing "${filter}"` : ''} · ${formatMs(m.elapsedMs)}`, close),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...['Column', 'Type', 'NULLs', 'Distinct', 'Min', 'Max'].map((t) => h('th', {}, t)))),
      h('tbody', {}, ...m.columns.map((c) => h('tr', {}, cell(c.name), cell(c.type, 'col-type'), cell(c.nulls, 'num'), cell(c.distinct, 'num'), cell(c.min), cell(c.max)))),
    ),
  );
}

// ------------------------------------------------------------------------------------------ filter

let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterInput.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(applyFilter, 350);
});
filterInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    clearTimeout(filterTimer);
    applyFilter();
  }
});

function applyFilter(): void {
  if (!state || !api || !status) return;
  const filter = filterInput.value.trim();
  if (filter === state.view.filter) return;
  keep();
  state.view = { ...state.view, filter };
  saveState();
  // a new datasource: the grid drops its blocks and asks again (the host runs the filtered query), from the top
  range = undefined;
  api.setGridOption('datasource', datasource(status.viewRows ?? 0));
  api.ensureIndexVisible(0, 'top');
}

// ------------------------------------------------------------------------------------------ status

function showNotice(level: 'info' | 'error', text: string): void {
  noticeBox.className = `banner notice ${level}`;
  fill(noticeBox, text, h('button', { class: 'link', title: 'Dismiss', on: { click: () => fill(noticeBox) } }, '×'));
}

const STATE_TEXT: Record<StatusView['state'], string> = {
  QUEUED: 'Queued…',
  RUNNING: 'Running…',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

function render(s: StatusView): void {
  status = s;
  const running = s.state === 'RUNNING' || s.state === 'QUEUED';
  document.body.dataset['state'] = s.state;
  stateBadge.textContent = STATE_TEXT[s.state];
  stateBadge.className = `state state-${s.state.toLowerCase()}`;
  cancelButton.hidden = !running;
  rerunButton.hidden = running;
  const hasRows = s.state === 'SUCCEEDED' && s.columns.length > 0;
  for (const b of [...exportButtons, copyButton]) b.disabled = !hasRows;
  statsButton.disabled = !hasRows || !s.canReshape;
  filterInput.disabled = !s.canReshape;
  filterInput.title = s.canReshape ? 'Rows whose text contains this (the engine runs the filtered query)' : 'Only the result of a query can be filtered';

  if (s.state === 'CANCELLED') {
    // stopped by the user: said plainly, not as an error
    errorBox.className = 'banner notice info';
    fill(errorBox, h('strong', {}, 'Cancelled'), ': the query was stopped before it finished.');
  } else if (s.error) {
    errorBox.className = 'banner error';
    // one position format: the file's `name.sql:line:col` when the statement came from one, else the statement's own
    const pos = s.error.where ?? (s.error.line !== undefined ? `line ${s.error.line}, column ${s.error.column ?? 1}` : undefined);
    fill(
      errorBox,
      h('strong', {}, 'Error'),
      pos ? h('span', { class: 'pos' }, ` at ${pos}`) : null,
      ': ',
      // the engine's own "line 2:3: " prefix repeats the position already shown
      h('span', { class: 'message' }, pos ? s.error.message.replace(/^line \d+:\d+: /, '') : s.error.message),
      s.error.canReveal ? h('button', { class: 'link', attrs: { 'data-testid': 'reveal' }, on: { click: () => vscode.postMessage({ type: 'revealSource' }) } }, 'Show in editor') : null,
    );
  } else fill(errorBox);

  const parts: string[] = [];
  if (s.state === 'SUCCEEDED') {
    if (s.columns.length === 0) parts.push(s.message ?? 'Done');
    else if (s.viewRows !== undefined && s.rows !== undefined && s.viewRows !== s.rows) parts.push(`${formatCount(s.viewRows)} of ${formatCount(s.rows)} rows`);
    else if (s.rows !== undefined) parts.push(`${formatCount(s.rows)} row${s.rows === 1 ? '' : 's'}`);
    // a query's note beside its rows (lines a table skipped as malformed)
    if (s.columns.length > 0 && s.message) parts.push(s.message);
  } else parts.push(STATE_TEXT[s.state]);
  if (s.elapsedMs !== undefined) parts.push(s.engineMs !== undefined ? `${formatMs(s.elapsedMs)} (engine ${formatMs(s.engineMs)})` : formatMs(s.elapsedMs));
  if (s.bytesScanned !== undefined) parts.push(`${formatBytes(s.bytesScanned)} scanned`);
  if (s.costUsd !== undefined) parts.push(`~${formatUsd(s.costUsd)}`);
  if (s.engine) parts.push(s.engine);
  statusLine.textContent = parts.join('  ·  ');

  if (hasRows) {
    gridDiv.hidden = false;
    buildGrid(s);
    // the filtered row count changed: tell the grid how many rows the view has
    if (api && s.viewRows !== undefined && api.getDisplayedRowCount() !== s.viewRows && api.isLastRowIndexKnown()) api.setRowCount(s.viewRows, true);
  } else if (!running) {
    gridDiv.hidden = true;
    api?.destroy();
    api = undefined;
    gridKey = '';
  }
}

// ------------------------------------------------------------------------------------------ messages

window.addEventListener('message', (event: MessageEvent<ResultsToPage>) => {
  const m = event.data;
  switch (m.type) {
    case 'init': {
      blockSize = m.blockSize;
      // the same statement (this page made again after the tab was hidden, or a restored tab): the page's own view
      // is the latest; another statement (a preview tab reused): everything of the previous one goes
      const same = state !== undefined && state.sql === m.state.sql && (state.run ?? 0) === (m.state.run ?? 0);
      if (!same) {
        performance.mark('lakehouse:init');
        // while the statement runs: the previous result's rows go (the grid is kept for the new result's columns),
        // so that taking the new result lays out the header and the new rows only. Scrolled to the top first, while
        // the page's layout is clean, and the fonts read (for fitting the columns) before anything changes.
        if (api && gridKey !== '') {
          api.ensureIndexVisible(0, 'top');
          if (!fonts) readFonts();
          api.setRowCount(0, true);
          emptied = true;
        }
        fill(noticeBox);
        fill(errorBox);
        // the previous statement's final state goes with it: the page says SUCCEEDED/FAILED again only for this one
        document.body.dataset['state'] = 'PENDING';
        statsBox.hidden = true;
        range = undefined;
        head = undefined;
        pending.clear();
        // the previous rows stay out of sight until the new ones come (the grid is kept: rebuilt when they do)
        gridDiv.classList.add('replaced');
      }
      state = { ...m.state, view: same ? state!.view : m.state.view };
      saveState();
      sqlLine.textContent = m.sql;
      sqlLine.title = m.sql;
      if (filterInput.value !== state.view.filter) filterInput.value = state.view.filter;
      renderPreview();
      return;
    }
    case 'status':
      performance.mark(`lakehouse:status-${m.status.state}`);
      if (m.head) head = m.head;
      render(m.status);
      return;
    case 'preview':
      if (state) {
        if (m.preview) state.preview = true;
        else delete state.preview;
        saveState();
      }
      renderPreview();
      return;
    case 'response': {
      const copying = copyRequests.get(m.id);
      if (copying) {
        copyRequests.delete(m.id);
        copying(m.ok ? m.rows : undefined, m.ok ? undefined : m.error);
      } else onRows(m);
      return;
    }
    case 'stats':
      renderStats(m);
      return;
    case 'notice':
      showNotice(m.level, m.text);
      return;
    case 'stale':
      document.body.dataset['state'] = 'STALE';
      stateBadge.textContent = 'Not run';
      stateBadge.className = 'state state-cancelled';
      cancelButton.hidden = true;
      rerunButton.hidden = false;
      showNotice('info', m.reason);
      return;
  }
});

if (state) {
  sqlLine.textContent = state.sql;
  filterInput.value = state.view.filter;
}
renderPreview();
cancelButton.hidden = true;
performance.mark('lakehouse:ready');
vscode.postMessage({ type: 'ready' });
// The webview delivers the host's first messages once this page has loaded: the grid is made then, out of sight,
// while they are on their way (not before: the page's load would wait for it), unless a result came first.
window.addEventListener(
  'load',
  () =>
    setTimeout(() => {
      if (api !== undefined || gridKey !== '') return;
      gridDiv.classList.add('replaced');
      api = makeGrid(0, undefined);
      performance.mark('lakehouse:grid-made');
    }, 0),
  { once: true },
);
