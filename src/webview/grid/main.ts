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
import { cellText, charWidthSum, columnWidths, formatBytes, formatCount, formatMs, formatUsd, toTsv } from '../format';
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

const stateBadge = h('span', { class: 'state', attrs: { 'data-testid': 'state' } });
const cancelButton = h('button', { class: 'danger', title: 'Stop the query (the engine stops its work)', on: { click: () => vscode.postMessage({ type: 'cancel' }) } }, 'Cancel');
const rerunButton = h('button', { title: 'Run the statement again', on: { click: () => vscode.postMessage({ type: 'rerun' }) } }, 'Run again');
const filterInput = h('input', { class: 'filter', attrs: { type: 'search', placeholder: 'Filter rows…', 'aria-label': 'Quick filter (run by the engine)' } });
const copyCellButton = h('button', { title: 'Copy the focused cell', on: { click: () => copy('cell') } }, 'Copy cell');
const copyRowButton = h('button', { title: 'Copy the focused row as TSV', on: { click: () => copy('row') } }, 'Copy row');
const copySelectionButton = h('button', { title: 'Copy the selected rows (with a header line) as TSV', on: { click: () => copy('selection') } }, 'Copy selection');
const exportButtons = (['csv', 'json', 'parquet'] as ExportFormat[]).map((f) =>
  h('button', { title: `Export the whole result as ${f.toUpperCase()}`, attrs: { 'data-format': f }, on: { click: () => vscode.postMessage({ type: 'export', format: f, run: state?.run ?? 0, view: currentView() }) } }, f.toUpperCase()),
);
const keepButton = h(
  'button',
  { title: 'Keep this tab: the next query opens a tab of its own (sorting, filtering, exporting or copying keeps it too)', attrs: { 'data-testid': 'keep' }, on: { click: () => keep() } },
  'Keep Open',
);
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
    h('span', { class: 'spacer' }),
    copyCellButton,
    copyRowButton,
    copySelectionButton,
    h('span', { class: 'group', attrs: { role: 'group', 'aria-label': 'Export' } }, h('span', { class: 'label' }, 'Export'), ...exportButtons),
  ),
  sqlLine,
  errorBox,
  noticeBox,
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
    valueFormatter: (p) => (p.value === null ? 'NULL' : cellText(p.value as CellValue)),
    cellClassRules: { 'cell-null': (p) => p.value === null },
    cellClass: NUMERIC.test(c.type) ? 'cell-number' : undefined,
    sortable,
    resizable: true,
    minWidth: 60,
    width: widths?.[i] ?? Math.min(320, Math.max(90, c.name.length * 9 + 40)),
  }));
}

function toSortSpec(model: SortModelItem[]): SortSpec[] {
  return model.map((m) => ({ column: Number(m.colId.slice(1)), direction: m.sort }));
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
    // another result in the same page (a preview tab that took the next query, a statement run again): the grid
    // takes the new columns and rows — making a new one costs a good part of the time to the first rows. The
    // rows of the previous result were dropped when the statement came (while it ran), or are now.
    if (!emptied) api.ensureIndexVisible(0, 'top');
    emptied = false;
    gridDiv.classList.remove('replaced');
    if (currentView().sort.length === 0 && api.getColumnState().some((c) => c.sort)) api.applyColumnState({ defaultState: { sort: null } });
    const update = (): void => api!.updateGridOptions({ columnDefs: columns, ...initialRows, datasource: datasource(rowCount) });
    // the first block came with the status: the grid gets it in this task (drawn once, with its data)
    if (widths) runZeroTimersAfter(update);
    else update();
    performance.mark('lakehouse:grid-updated');
    return;
  }
  gridDiv.classList.remove('replaced');
  emptied = false;
  api?.destroy();
  gridBlockSize = blockSize;
  const make = (): GridApi<Row> => createGrid<Row>(gridDiv, {
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
    columnDefs: restoredSort.length > 0 ? columnDefs(s.columns, s.canReshape, widths, restoredSort) : columns,
    defaultColDef: { suppressMovable: false },
    rowSelection: { mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true },
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
    datasource: datasource(rowCount),
    onSortChanged: (e) => {
      saveState();
      // sorting by a header click keeps a preview tab
      if (e.source === 'uiColumnSorted') keep();
    },
  });
  // the first block came with the status: the grid gets it in this task, if it asks for it while being made
  api = widths ? runZeroTimersAfter(make) : make();
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

// ------------------------------------------------------------------------------------------ copy

function focusedRow(): { row: Row; column: number } | undefined {
  const cell = api?.getFocusedCell();
  if (!api || !cell) return undefined;
  const node = api.getDisplayedRowAtIndex(cell.rowIndex);
  if (!node?.data) return undefined;
  return { row: node.data, column: Number(cell.column.getColId().slice(1)) };
}

function selectionTsv(): { text: string; rows: number } | undefined {
  if (!api || !status) return undefined;
  const nodes = api.getSelectedNodes().filter((n) => n.data);
  nodes.sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
  if (nodes.length === 0) return undefined;
  return { text: toTsv(nodes.map((n) => n.data!), status.columns.map((c) => c.name)), rows: nodes.length };
}

function copyText(what: 'cell' | 'row' | 'selection'): { text: string; what: string } | undefined {
  if (what === 'selection') {
    const sel = selectionTsv();
    return sel ? { text: sel.text, what: `${sel.rows} row${sel.rows === 1 ? '' : 's'} with a header line` } : undefined;
  }
  const f = focusedRow();
  if (!f) return undefined;
  return what === 'cell' ? { text: cellText(f.row[f.column]), what: 'the cell' } : { text: toTsv([f.row]), what: 'the row' };
}

function copy(what: 'cell' | 'row' | 'selection'): void {
  const c = copyText(what);
  if (!c) {
    showNotice('info', what === 'selection' ? 'Select rows first (click, Shift+click, Ctrl+click).' : 'Click a cell first.');
    return;
  }
  vscode.postMessage({ type: 'copy', text: c.text, what: c.what });
}

// Ctrl/Cmd+C in the grid: the selected rows when there are several, else the focused cell
document.addEventListener('copy', (e) => {
  if (e.target instanceof HTMLInputElement || !gridDiv.contains(document.activeElement)) return;
  const selected = api?.getSelectedNodes().length ?? 0;
  const c = copyText(selected > 1 ? 'selection' : 'cell');
  if (!c || !e.clipboardData) return;
  e.clipboardData.setData('text/plain', c.text);
  e.preventDefault();
});

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
  // a new datasource: the grid drops its blocks and asks again (the host runs the filtered query)
  api.setGridOption('datasource', datasource(status.viewRows ?? 0));
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
  for (const b of [...exportButtons, copyCellButton, copyRowButton, copySelectionButton]) b.disabled = !hasRows;
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
    case 'response':
      onRows(m);
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
