/// <reference lib="dom" />
// One result tab of the results page: its toolbar, statement, banners, column statistics, grid and status line.
// AG Grid Community with its Infinite Row Model: rows are fetched from the host in blocks (request ids matched to
// responses); the grid keeps a bounded number of blocks, so a 1M-row result is browsed without ever being held
// here. Sort and the quick filter are done by the engine (the host re-runs the query wrapped in ORDER BY / WHERE);
// the page only says which. Cells are rendered as text by the grid.
import type { GridApi, IDatasource, IGetRowsParams, SortChangedEvent } from 'ag-grid-community';
import type { ExportFormat, HeadRows, ResultMessageToHost, ResultMessageToPage, ResultTabState, StatusView, ViewSpec } from '../protocol';
import { fill, h } from '../dom';
import { CellSelection } from './cellSelection';
import { columnDefs, fittedWidths, fontsRead, readFonts, rowNumberColumn, toSortSpec, type Row } from './columns';
import { gridElement, makeGrid, type GridUser, type MadeGrid } from './grid';
import { renderStats } from './statsTable';
import { formatCount } from '../format';
import { fillErrorBox, iconButton, STATE_TEXT, statusText } from './statusLine';
import { runZeroTimersAfter } from '../timers';

/** What a tab needs from its page. */
export interface ViewHost {
  post(view: ResultView, message: ResultMessageToHost): void;
  /** the page's state changed (a tab's view, sort, scroll…): saved with setState */
  save(): void;
  /** a request id, unique in the page */
  nextId(): number;
  /** the tab's state or title changed (the tab strip shows it) */
  changed(view: ResultView): void;
}

export class ResultView implements GridUser {
  readonly root: HTMLElement;
  private readonly stateBadge = h('span', { class: 'state', attrs: { 'data-testid': 'state' } });
  private readonly cancelButton: HTMLButtonElement;
  private readonly rerunButton: HTMLButtonElement;
  private readonly filterInput = h('input', { class: 'filter', attrs: { type: 'search', placeholder: 'Filter rows…', 'aria-label': 'Quick filter (run by the engine)' } });
  private readonly copyButton: HTMLButtonElement;
  private readonly statsButton: HTMLButtonElement;
  private readonly exportButtons: HTMLButtonElement[];
  private readonly previewBadge: HTMLElement;
  private readonly sqlLine = h('div', { class: 'sql' });
  private readonly errorBox = h('div', { class: 'banner error', attrs: { role: 'alert' } });
  private readonly noticeBox = h('div', { class: 'banner notice', attrs: { role: 'status' } });
  private gridDiv = gridElement();
  private readonly statusLine = h('footer', { class: 'status', attrs: { 'data-testid': 'status' } });
  private readonly statsBox = h('div', { class: 'stats', attrs: { 'data-testid': 'stats-box', role: 'region', 'aria-label': 'Column statistics' } });

  status: StatusView | undefined;
  /** rows per block the grid asks for (the host says, with `init`) */
  private blockSize = 200;
  private grid: MadeGrid | undefined;
  /** the execution and columns the grid was built for */
  private gridKey = '';
  /** the first block of the result, sent with its status: the grid's first request is answered from it */
  private head: HeadRows | undefined;
  /** the columns were fitted to the first rows of this grid */
  private autosized = false;
  /** the rows of the previous statement were dropped (and the grid scrolled to the top) when this one came */
  private emptied = false;
  private readonly pending = new Map<number, IGetRowsParams>();
  /** the cells chosen, and their copy */
  private readonly selection = new CellSelection({
    grid: () => this.grid?.api,
    columnType: (c) => this.status?.columns[c]?.type,
    fetchRows: (startRow, endRow) => this.fetchRows(startRow, endRow),
    notice: (level, text) => this.showNotice(level, text),
    copied: (text, what) => this.post({ type: 'copy', text, what }),
  });
  /** rows fetched from the host for a copy of rows the grid does not hold, by request id */
  private readonly copyRequests = new Map<number, (rows: Row[] | undefined, error?: string) => void>();
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  /** when the tab was last shown (the page keeps the rows of the tabs shown last) */
  lastShown = 0;
  /** the page shows this tab */
  active = false;
  /** set once the statement's `init` came from the host (a tab restored from the page's state waits for it) */
  initialized = false;
  /** the execution whose first rows the host was told are drawn */
  private drawnExecution: string | undefined;

  constructor(
    public state: ResultTabState,
    private readonly host: ViewHost,
  ) {
    this.cancelButton = iconButton('debug-stop', 'Cancel: stop the query (the engine stops its work)', () => this.post({ type: 'cancel' }), { 'data-testid': 'cancel' });
    this.cancelButton.className = 'icon danger';
    this.rerunButton = iconButton('play', 'Run again', () => this.post({ type: 'rerun' }), { 'data-testid': 'rerun' });
    this.copyButton = iconButton('copy', 'Copy the selected cells as TSV (Ctrl+C); click a row number to select its row, Shift+click or drag for more', () => void this.copyRange(), { 'data-testid': 'copy' });
    this.statsButton = iconButton('graph', 'Column statistics: NULLs, distinct values, min and max of each column (computed by the engine)', () => this.askStats(), { 'data-testid': 'stats' });
    this.exportButtons = (['csv', 'json', 'parquet'] as ExportFormat[]).map((f) =>
      h('button', { class: 'text', title: `Export the whole result as ${f.toUpperCase()}`, attrs: { 'data-format': f }, on: { click: () => this.post({ type: 'export', format: f, run: this.state.run ?? 0, view: this.currentView() }) } }, f.toUpperCase()),
    );
    const keepButton = iconButton('pin', 'Keep Open: the next query opens a tab of its own (sorting, filtering, exporting or copying keeps it too)', () => this.keep(), { 'data-testid': 'keep' });
    this.previewBadge = h(
      'span',
      { class: 'preview', attrs: { 'data-testid': 'preview', title: 'A preview tab: the next query you run is shown here instead of in a new tab' } },
      h('span', { class: 'preview-label' }, 'Preview'),
      keepButton,
    );
    this.statsBox.hidden = true;
    this.filterInput.addEventListener('input', () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.applyFilter(), 350);
    });
    this.filterInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        clearTimeout(this.filterTimer);
        this.applyFilter();
      }
    });
    this.root = h(
      'section',
      { class: 'result', attrs: { role: 'tabpanel', id: `result-${state.id}`, 'aria-labelledby': `tab-${state.id}`, 'data-tab': String(state.id) } },
      h(
        'header',
        { class: 'toolbar' },
        this.stateBadge,
        this.previewBadge,
        this.cancelButton,
        this.rerunButton,
        this.filterInput,
        this.copyButton,
        this.statsButton,
        h('span', { class: 'group', attrs: { role: 'group', 'aria-label': 'Export' } }, h('span', { class: 'codicon codicon-export', attrs: { title: 'Export', 'aria-hidden': 'true' } }), ...this.exportButtons),
      ),
      this.sqlLine,
      this.errorBox,
      this.noticeBox,
      this.statsBox,
      this.gridDiv,
      this.statusLine,
    );
    this.root.hidden = true;
    this.root.dataset['state'] = 'PENDING';
    this.sqlLine.textContent = state.sql;
    this.sqlLine.title = state.sql;
    this.filterInput.value = state.view.filter;
    this.cancelButton.hidden = true;
    this.renderPreview();
  }

  get id(): number {
    return this.state.id;
  }

  /** What the tab strip shows of the tab's state: running, failed, or nothing. */
  get pageState(): string {
    return this.root.dataset['state'] ?? 'PENDING';
  }

  private post(message: ResultMessageToHost): void {
    this.host.post(this, message);
  }

  private save(): void {
    this.host.save();
  }

  currentView(): ViewSpec {
    return this.state.view;
  }

  /** The grid's API, when the tab holds a grid. */
  get api(): GridApi<Row> | undefined {
    return this.grid?.api;
  }

  /** Shows whether the tab is a preview (the next query replaces it). */
  private renderPreview(): void {
    this.previewBadge.hidden = this.state.preview !== true;
    this.root.classList.toggle('is-preview', this.state.preview === true);
  }

  /** The user keeps the tab (a gesture, or "Keep Open"). */
  keep(): void {
    if (!this.state.preview) return;
    delete this.state.preview;
    this.save();
    this.renderPreview();
    this.host.changed(this);
    this.post({ type: 'keep' });
  }

  // ---------------------------------------------------------------------------------------- shown and hidden

  /** The page shows this tab: its grid (made again if it was dropped) where it was left. */
  show(): void {
    this.active = true;
    this.root.hidden = false;
    document.body.dataset['state'] = this.pageState;
    if (this.status && !this.grid && this.status.state === 'SUCCEEDED' && this.status.columns.length > 0) this.render(this.status);
    // (a tab out of sight keeps its layout, and so its scroll position; a page made again does not)
    else if (this.grid && this.state.scroll && this.grid.api.getFirstDisplayedRowIndex() !== this.state.scroll.row) this.restoreScroll();
  }

  /** The page shows another tab: where this one's grid was scrolled is kept (a page made again goes back there). */
  hide(): void {
    this.keepScroll();
    this.active = false;
    this.root.hidden = true;
  }

  private keepScroll(): void {
    const api = this.grid?.api;
    if (!api || this.root.hidden) return;
    // (from the grid's own state: reading the page's layout here would lay out the new tab's changes at once)
    const row = api.getFirstDisplayedRowIndex();
    const left = api.getHorizontalPixelRange().left;
    if (row > 0 || left > 0) this.state.scroll = { row: Math.max(0, row), left };
    else delete this.state.scroll;
    this.save();
  }

  private restoreScroll(): void {
    const api = this.grid?.api;
    const s = this.state.scroll;
    if (!api || !s) return;
    if (s.row > 0) api.ensureIndexVisible(s.row, 'top');
    const viewport = this.gridDiv.querySelector('.ag-grid-viewport');
    if (viewport && s.left > 0) viewport.scrollLeft = s.left;
  }

  /**
   * Drops the grid and its rows (the page keeps the rows of the few tabs shown last); the tab keeps its statement,
   * status, sort, filter and where it was scrolled, and makes a grid again — its rows asked of the host — when shown.
   */
  dropRows(): void {
    if (!this.grid) return;
    this.keepScroll();
    this.grid.api.destroy();
    this.grid = undefined;
    const div = gridElement();
    this.gridDiv.replaceWith(div);
    this.gridDiv = div;
    this.gridKey = '';
    this.head = undefined;
    this.pending.clear();
    this.selection.reset();
  }

  get holdsRows(): boolean {
    return this.grid !== undefined && this.gridKey !== '';
  }

  /** Closes the tab: its grid goes. */
  destroy(): void {
    clearTimeout(this.filterTimer);
    this.grid?.api.destroy();
    this.grid = undefined;
    this.root.remove();
  }

  // ---------------------------------------------------------------------------------------- the grid

  private datasource(rowCount: number): IDatasource {
    return {
      rowCount,
      getRows: (params: IGetRowsParams): void => {
        performance.mark('lakehouse:getRows');
        const id = this.host.nextId();
        this.pending.set(id, params);
        const view: ViewSpec = { sort: toSortSpec(params.sortModel), filter: this.currentView().filter };
        if (JSON.stringify(this.state.view.sort) !== JSON.stringify(view.sort)) {
          this.state.view = view;
          this.save();
        }
        const first = this.head;
        // (only while the status counts the plain view's rows: after a quick filter is cleared, the host's answer
        // brings the status line back to the whole result's count)
        const plainStatus = this.status?.viewRows === undefined || this.status.viewRows === first?.lastRow;
        if (first && plainStatus && params.startRow === 0 && first.executionId === this.status?.executionId && view.sort.length === 0 && view.filter === '' && first.rows.length >= Math.min(params.endRow, first.lastRow)) {
          // the block came with the status: no request
          this.head = undefined;
          queueMicrotask(() => this.onRows({ type: 'response', id, ok: true, rows: first.rows.slice(0, params.endRow), lastRow: first.lastRow }));
          return;
        }
        this.post({ type: 'rows', id, run: this.state.run ?? 0, startRow: params.startRow, endRow: params.endRow, view });
      },
    };
  }

  /**
   * A grid made before a result comes, out of sight (while the statement runs, or in a tab made ahead of time for
   * the next result), so that the result goes into a made grid.
   */
  prepareGrid(): void {
    if (this.grid || this.gridKey !== '') return;
    this.gridDiv.classList.add('replaced');
    this.grid = makeGrid(this.gridDiv, { view: this }, this.blockSize);
    performance.mark('lakehouse:grid-made');
  }

  /**
   * This tab, made ahead of time (laid out, its grid made, out of sight), becomes the tab of `state`: a new result's
   * tab then costs no first layout of its parts — the time a new tab took over the open one.
   */
  adopt(state: ResultTabState): void {
    this.state = state;
    this.root.id = `result-${state.id}`;
    this.root.setAttribute('aria-labelledby', `tab-${state.id}`);
    this.root.dataset['tab'] = String(state.id);
    this.root.classList.remove('spare-view');
    this.sqlLine.textContent = state.sql;
    this.sqlLine.title = state.sql;
    this.filterInput.value = state.view.filter;
    this.renderPreview();
  }

  private buildGrid(s: StatusView): void {
    const key = `${s.executionId}|${JSON.stringify(s.columns)}`;
    if (key === this.gridKey && this.grid) {
      this.gridDiv.classList.remove('replaced');
      return;
    }
    this.gridKey = key;
    performance.mark('lakehouse:grid');
    this.pending.clear();
    const head = this.head;
    // the columns fitted to the first block when it came with the status (one layout of the grid, not two)
    const widths = head && head.executionId === s.executionId ? fittedWidths(s.columns, head.rows) : undefined;
    this.autosized = widths !== undefined;
    // a restored tab's sort: given to a new grid with its columns (its first request is then sorted, and the block
    // that came with the status — unsorted — is not used)
    const restoredSort = this.currentView().sort.filter((x) => x.column < s.columns.length);
    const columns = columnDefs(s.columns, s.canReshape, this.selection.contains, widths, restoredSort);
    const rowCount = s.viewRows ?? s.rows ?? 0;
    // the grid is told the result's size before its first block comes (it would draw the rows again when the block
    // told it); an empty result leaves the grid's own minimum
    const initialRows = rowCount > 0 ? { infiniteInitialRowCount: rowCount } : {};
    const scroll = this.state.scroll;
    const api = this.grid?.blockSize === this.blockSize ? this.grid.api : undefined;
    if (api) {
      // the grid made while the page waited for its first messages or the statement ran (prepareGrid), or
      // another result in the same tab (a preview tab that took the next query, a statement run again): the grid takes
      // the new columns and rows — making a new one costs a good part of the time to the first rows. The rows of the
      // previous result were dropped when the statement came (while it ran), or are now.
      if (!this.emptied) api.ensureIndexVisible(0, 'top');
      this.emptied = false;
      this.gridDiv.classList.remove('replaced');
      if (this.currentView().sort.length === 0 && api.getColumnState().some((c) => c.sort)) api.applyColumnState({ defaultState: { sort: null } });
      this.selection.clear();
      const update = (): void => api.updateGridOptions({ columnDefs: [rowNumberColumn(rowCount), ...columns], ...initialRows, datasource: this.datasource(rowCount) });
      // the first block came with the status: the grid gets it in this task (drawn once, with its data)
      if (widths) runZeroTimersAfter(update);
      else update();
      performance.mark('lakehouse:grid-updated');
    } else {
      this.gridDiv.classList.remove('replaced');
      this.emptied = false;
      if (this.grid) {
        this.grid.api.destroy();
        this.grid = undefined;
      }
      const make = (): MadeGrid => makeGrid(this.gridDiv, { view: this }, this.blockSize, rowCount, columns, this.datasource(rowCount));
      this.grid = widths ? runZeroTimersAfter(make) : make();
    }
    // a tab whose rows were dropped, shown again: where it was left
    if (scroll && this.active) this.restoreScroll();
  }

  private onRows(m: Extract<ResultMessageToPage, { type: 'response' }>): void {
    const params = this.pending.get(m.id);
    if (!params) return;
    this.pending.delete(m.id);
    if (m.ok) {
      performance.mark('lakehouse:rows');
      params.successCallback(m.rows, m.lastRow);
      performance.mark('lakehouse:rows-set');
      this.noteDrawn();
      if (!this.autosized && m.rows.length > 0) {
        this.autosized = true;
        this.fitColumns(m.rows);
        performance.mark('lakehouse:fitted');
        requestAnimationFrame(() => performance.mark('lakehouse:frame'));
      }
    } else {
      params.failCallback();
      this.showNotice('error', `Could not load rows ${formatCount(params.startRow + 1)}–${formatCount(params.endRow)}: ${m.error}`);
    }
  }

  /** The host is told once the first rows of each execution are painted (it writes the query history then). */
  private noteDrawn(): void {
    const id = this.status?.executionId;
    if (id === undefined || id === this.drawnExecution) return;
    this.drawnExecution = id;
    // after the frame that paints them
    requestAnimationFrame(() => setTimeout(() => this.post({ type: 'drawn', executionId: id }), 0));
  }

  /** Fits the columns to the first rows of a grid whose first block did not come with the status. */
  private fitColumns(rows: Row[]): void {
    if (!this.grid || !this.status) return;
    const widths = fittedWidths(this.status.columns, rows);
    if (widths) this.grid.api.setColumnWidths(widths.map((newWidth, i) => ({ key: `c${i}`, newWidth })));
  }

  emptyText(): string {
    return this.currentView().filter !== '' ? 'No row contains the filter text' : 'The query returned no rows';
  }

  sortChanged(e: SortChangedEvent<Row>): void {
    this.save();
    // the sorted view from its first row (the grid would stay where it was scrolled)
    this.selection.clear();
    delete this.state.scroll;
    this.grid?.api.ensureIndexVisible(0, 'top');
    // sorting by a header click keeps a preview tab
    if (e.source === 'uiColumnSorted') this.keep();
  }

  // ---------------------------------------------------------------------------------------- cell range and copy

  columnsMoved(): void {
    this.selection.columnsMoved();
  }

  onCellDown(row: number | null, colId: string, shift: boolean): void {
    this.selection.down(row, colId, shift);
  }

  onCellOver(row: number | null, colId: string): void {
    this.selection.over(row, colId);
  }

  mouseUp(): void {
    this.selection.up();
  }

  /** The focus is in this tab's grid. */
  hasGridFocus(): boolean {
    return this.gridDiv.contains(document.activeElement);
  }

  /** Copies the chosen cells (the focused cell when none are chosen) as TSV. */
  copyRange(): Promise<void> {
    return this.selection.copy();
  }

  /** Rows of the result as the tab shows them (its sort and filter), fetched from the host for a copy. */
  private fetchRows(startRow: number, endRow: number): Promise<Row[]> {
    const id = this.host.nextId();
    return new Promise<Row[]>((resolve, reject) => {
      this.copyRequests.set(id, (got, error) => (got ? resolve(got) : reject(new Error(error ?? 'no rows'))));
      this.post({ type: 'rows', id, run: this.state.run ?? 0, startRow, endRow, view: this.currentView() });
    });
  }

  // ---------------------------------------------------------------------------------------- column statistics

  private askStats(): void {
    this.statsBox.hidden = false;
    fill(this.statsBox, h('span', { class: 'codicon codicon-loading codicon-modifier-spin' }), ' Computing the statistics of each column…');
    this.post({ type: 'stats', run: this.state.run ?? 0, view: this.currentView() });
  }

  private renderStats(m: Extract<ResultMessageToPage, { type: 'stats' }>): void {
    renderStats(this.statsBox, m, this.currentView().filter);
  }

  // ---------------------------------------------------------------------------------------- filter

  private applyFilter(): void {
    const api = this.grid?.api;
    if (!api || !this.status) return;
    const filter = this.filterInput.value.trim();
    if (filter === this.state.view.filter) return;
    this.keep();
    this.state.view = { ...this.state.view, filter };
    delete this.state.scroll;
    this.save();
    // a new datasource: the grid drops its blocks and asks again (the host runs the filtered query), from the top
    this.selection.clear();
    api.setGridOption('datasource', this.datasource(this.status.viewRows ?? 0));
    api.ensureIndexVisible(0, 'top');
  }

  // ---------------------------------------------------------------------------------------- status

  private showNotice(level: 'info' | 'error', text: string): void {
    this.noticeBox.className = `banner notice ${level}`;
    fill(this.noticeBox, text, h('button', { class: 'link', title: 'Dismiss', on: { click: () => fill(this.noticeBox) } }, '×'));
  }

  private setPageState(state: string): void {
    this.root.dataset['state'] = state;
    if (this.active) document.body.dataset['state'] = state;
    this.host.changed(this);
  }

  private render(s: StatusView): void {
    this.status = s;
    const running = s.state === 'RUNNING' || s.state === 'QUEUED';
    this.setPageState(s.state);
    this.stateBadge.textContent = STATE_TEXT[s.state];
    this.stateBadge.className = `state state-${s.state.toLowerCase()}`;
    this.cancelButton.hidden = !running;
    this.rerunButton.hidden = running;
    const hasRows = s.state === 'SUCCEEDED' && s.columns.length > 0;
    for (const b of [...this.exportButtons, this.copyButton]) b.disabled = !hasRows;
    this.statsButton.disabled = !hasRows || !s.canReshape;
    this.filterInput.disabled = !s.canReshape;
    this.filterInput.title = s.canReshape ? 'Rows whose text contains this (the engine runs the filtered query)' : 'Only the result of a query can be filtered';

    fillErrorBox(this.errorBox, s, () => this.post({ type: 'revealSource' }));
    this.statusLine.textContent = statusText(s);

    if (hasRows) {
      this.gridDiv.hidden = false;
      // a tab out of sight whose rows were dropped makes its grid when it is shown again
      if (!this.active && !this.grid) return;
      this.buildGrid(s);
      // the filtered row count changed: tell the grid how many rows the view has
      const api = this.grid?.api;
      if (api && s.viewRows !== undefined && api.getDisplayedRowCount() !== s.viewRows && api.isLastRowIndexKnown()) api.setRowCount(s.viewRows, true);
    } else if (!running) {
      this.gridDiv.hidden = true;
      if (this.grid) {
        this.grid.api.destroy();
        this.grid = undefined;
        const div = gridElement();
        div.hidden = true;
        this.gridDiv.replaceWith(div);
        this.gridDiv = div;
      }
      this.gridKey = '';
    }
  }

  // ---------------------------------------------------------------------------------------- messages

  onMessage(m: ResultMessageToPage): void {
    switch (m.type) {
      case 'init': {
        this.initialized = true;
        this.blockSize = m.blockSize;
        // the same statement (this page made again after the panel was hidden, or a restored tab): the page's own
        // view is the latest; another statement (a preview tab reused): everything of the previous one goes
        const same = this.state.sql === m.state.sql && (this.state.run ?? 0) === (m.state.run ?? 0);
        if (!same) {
          performance.mark('lakehouse:init');
          // while the statement runs: the previous result's rows go (the grid is kept for the new result's columns),
          // so that taking the new result lays out the header and the new rows only. Scrolled to the top first, while
          // the page's layout is clean, and the fonts read (for fitting the columns) before anything changes.
          const api = this.grid?.api;
          if (api && this.gridKey !== '') {
            api.ensureIndexVisible(0, 'top');
            if (!fontsRead()) readFonts();
            api.setRowCount(0, true);
            this.emptied = true;
          }
          fill(this.noticeBox);
          fill(this.errorBox);
          // the previous statement's final state goes with it: the page says SUCCEEDED/FAILED again only for this one
          this.setPageState('PENDING');
          this.statsBox.hidden = true;
          this.selection.clear();
          this.head = undefined;
          this.pending.clear();
          // the previous rows stay out of sight until the new ones come (the grid is kept: rebuilt when they do)
          this.gridDiv.classList.add('replaced');
        }
        const { scroll } = this.state;
        this.state = { ...m.state, view: same ? this.state.view : m.state.view, ...(same && scroll ? { scroll } : {}) };
        this.save();
        this.sqlLine.textContent = m.sql;
        this.sqlLine.title = m.sql;
        if (this.filterInput.value !== this.state.view.filter) this.filterInput.value = this.state.view.filter;
        this.renderPreview();
        this.host.changed(this);
        return;
      }
      case 'status':
        performance.mark(`lakehouse:status-${m.status.state}`);
        if (m.head) this.head = m.head;
        this.render(m.status);
        return;
      case 'preview':
        if (m.preview) this.state.preview = true;
        else delete this.state.preview;
        this.save();
        this.renderPreview();
        this.host.changed(this);
        return;
      case 'response': {
        const copying = this.copyRequests.get(m.id);
        if (copying) {
          this.copyRequests.delete(m.id);
          copying(m.ok ? m.rows : undefined, m.ok ? undefined : m.error);
        } else this.onRows(m);
        return;
      }
      case 'stats':
        this.renderStats(m);
        return;
      case 'notice':
        this.showNotice(m.level, m.text);
        return;
      case 'stale':
        this.setPageState('STALE');
        this.stateBadge.textContent = 'Not run';
        this.stateBadge.className = 'state state-cancelled';
        this.cancelButton.hidden = true;
        this.rerunButton.hidden = false;
        this.showNotice('info', m.reason);
        return;
    }
  }
}
