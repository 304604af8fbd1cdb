/// <reference lib="dom" />
// Making a result tab's grid: AG Grid Community's Infinite Row Model, in blocks the host answers, with the options
// every tab's grid shares.
import { createGrid, type ColDef, type GridApi, type IDatasource, type SortChangedEvent } from 'ag-grid-community';
import { h } from '../dom';
import { pageNonce } from '../vscode';
import { rowNumberColumn, theme, type Row } from './columns';

/** What a grid's callbacks go to: the result tab that shows it. */
export interface GridUser {
  onCellDown(row: number | null, colId: string, shift: boolean): void;
  onCellOver(row: number | null, colId: string): void;
  columnsMoved(): void;
  /** the empty result's overlay text */
  emptyText(): string;
  sortChanged(e: SortChangedEvent<Row>): void;
}

/** The tab a grid's callbacks go to. */
export interface GridOwner {
  view: GridUser | undefined;
}

/** A grid and the element it is drawn in. */
export interface MadeGrid {
  div: HTMLElement;
  api: GridApi<Row>;
  /** the block size it was made with (it cannot change on a grid) */
  blockSize: number;
  owner: GridOwner;
}

/** The element a grid is drawn in; a cell whose text does not fit shows it whole on hover. */
export function gridElement(): HTMLElement {
  const div = h('div', { class: 'grid' });
  // the browser's own tooltip (text, never markup), set when the pointer comes (nothing per cell while rows are drawn)
  div.addEventListener('mouseover', (e) => {
    const cell = e.target instanceof Element ? e.target.closest('.ag-cell') : null;
    if (!(cell instanceof HTMLElement)) return;
    if (cell.scrollWidth > cell.clientWidth) cell.title = cell.textContent ?? '';
    else cell.removeAttribute('title');
  });
  return div;
}

/**
 * A grid of `blockSize` blocks in `div` with these columns (none: a grid made before a result comes — while the page
 * waits for its first messages or the statement runs, or in a tab made ahead of time; the result then goes into it
 * as into a reused one, see buildGrid). Its callbacks go to the tab `owner` names.
 */
export function makeGrid(div: HTMLElement, owner: GridOwner, blockSize: number, rowCount = 0, columns?: ColDef<Row>[], datasource?: IDatasource): MadeGrid {
  const initialRows = rowCount > 0 ? { infiniteInitialRowCount: rowCount } : {};
  const api = createGrid<Row>(div, {
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
    onCellMouseDown: (e) => owner.view?.onCellDown(e.rowIndex, e.column.getColId(), (e.event as MouseEvent | undefined)?.shiftKey === true),
    onCellMouseOver: (e) => owner.view?.onCellOver(e.rowIndex, e.column.getColId()),
    onDisplayedColumnsChanged: () => owner.view?.columnsMoved(),
    tooltipShowDelay: 600,
    // the empty result's overlay in words of this page (AG Grid's own says "No Rows To Show")
    getLocaleText: (p) => (p.key === 'noRowsToShow' ? (owner.view?.emptyText() ?? p.defaultValue) : p.defaultValue),
    // rows only move when scrolled: no transitions (they cost frames on a long scroll)
    animateRows: false,
    rowBuffer: 6,
    enableCellTextSelection: false,
    suppressDragLeaveHidesColumns: true,
    getRowId: undefined,
    // a row whose block has not come yet (the infinite row model draws it without data): a placeholder, not a blank row
    rowClassRules: { 'row-loading': (p) => p.data === undefined },
    ...(datasource ? { datasource } : {}),
    onSortChanged: (e) => owner.view?.sortChanged(e),
  });
  return { div, api, blockSize, owner };
}

