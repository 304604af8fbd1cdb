// One result tab per query, inside the results panel (resultsPanel.ts): runs the statement on the target, answers
// the grid's row requests page by page from the engine (the result stays engine-side), re-runs the query wrapped in
// ORDER BY / WHERE for the grid's sort and quick filter, exports the whole result through the engine, and brings the
// tab back after a window reload.
// A new tab is a preview, as VS Code's preview editors are: the next query is shown in it until the user keeps it —
// by sorting, filtering, exporting, copying, running it again, or with its "Keep Open" button; the next query then
// gets a tab of its own in the same panel (a tab in the loaded page: much faster than making a webview).
import * as vscode from 'vscode';
import { errorMessage, isLakehouseError } from '../../core/errors';
import type { CellValue, QueryExecution } from '../../core/model';
import type { QueryEngine, Target } from '../../core/target';
import type { ExportFormat, HeadRows, ResultMessageToHost, ResultMessageToPage, ResultTabState, StatusView, ViewSpec } from '../../webview/protocol';
import { ResultCursor } from './resultCursor';
import { exportTo, exportWithDialog, type ExportSource } from './resultExport';
import { ResultsPanel, type PanelTab } from './resultsPanel';
import { isPlainView, isRerunnable, positionInSource, reshapeSql, titleOfSql, viewKey } from './resultQuery';
import { columnStats, statusOf } from './resultStatus';
import { tracePhase } from './trace';
import type { ExecutionSource, PanelHost, QueryRequest } from './types';

/**
 * Rows per block the grid asks for (and of the first block, sent with the status): a few windows' worth. A small
 * first message and a quick first block from the engine, quick blocks on a jump far away. (A/B in the bench against
 * 1,000: the first rows ~20 ms sooner into the open tab; steady scrolling of 1M rows as smooth. Blocks of 100 were
 * as quick to the first rows and a little less smooth to scroll.)
 */
export const GRID_BLOCK_ROWS = 200;

/** How long the query history waits for the page to draw a result's first rows before it writes anyway. */
const DRAWN_WAIT_MS = 3000;

/** Rows per page fetched from an engine that pages with opaque tokens (Athena): `lakehouse.results.pageSize`. */
function pageSize(): number {
  const v = vscode.workspace.getConfiguration('lakehouse').get<number>('results.pageSize');
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(100_000, Math.max(50, Math.floor(v))) : 1000;
}

interface ViewResult {
  execution: QueryExecution;
  cursor: ResultCursor;
  /** the target that ran it: results live in its engine and go when it is closed (lakehouse.json changed…) */
  target: Target;
}

const isFinal = (s: QueryExecution['state']): boolean => s === 'SUCCEEDED' || s === 'FAILED' || s === 'CANCELLED';

export class ResultTab implements vscode.Disposable, PanelTab {
  /** the result tabs open, in every results panel (one, unless a reload brought back several) */
  static readonly open = new Set<ResultTab>();

  private disposed = false;
  /** the statement's own execution (the last run of it) */
  private base: QueryExecution | undefined;
  private baseResult: Promise<ViewResult> | undefined;
  /** executions computing sorted/filtered views of the base, by view key */
  private readonly views = new Map<string, Promise<ViewResult>>();
  private running: string | undefined;
  private lastStatus: StatusView | undefined;
  /** the first block of the base result, sent with its status */
  private head: HeadRows | undefined;
  private run: Promise<QueryExecution> | undefined;
  /** what starts the execution, when it is not `sql` run by the engine */
  private executionSource: ExecutionSource | undefined;
  /** restored after a window reload, shown later: its statement runs again (or its kept result is read) when shown */
  private restoreWhenShown = false;

  constructor(
    private readonly host: PanelHost,
    readonly panel: ResultsPanel,
    private state: ResultTabState,
  ) {
    ResultTab.open.add(this);
  }

  /** The tab's number in its panel. */
  get id(): number {
    return this.state.id;
  }

  get title(): string {
    return this.state.title;
  }

  /**
   * A new tab (a preview) for the request, in the results panel — made first when there is none (from a SQL editor
   * beside it, or below it with `lakehouse.results.location: "below"`; the editor keeps the focus); `execute()` runs
   * it.
   */
  static async create(host: PanelHost, request: QueryRequest): Promise<ResultTab> {
    const existing = ResultsPanel.current();
    const panel = existing ?? (await ResultsPanel.create(host, request, titleOfSql(request.sql)));
    const tab = new ResultTab(host, panel, ResultTab.stateOf(panel.newTabId(), request, 1));
    tab.executionSource = request.execution;
    panel.add(tab, { preserveFocus: !!request.source });
    // the page makes the tab (and its grid) while the statement starts
    tab.postInit();
    return tab;
  }

  /** The tab a new query is shown in instead of a new one: the latest preview tab still open. */
  static previewTab(): ResultTab | undefined {
    return [...ResultTab.open].reverse().find((p) => p.isPreview);
  }

  private static stateOf(id: number, request: QueryRequest, run: number): ResultTabState {
    const r = request.source?.range;
    return {
      id,
      sql: request.sql,
      ...(request.database !== undefined ? { database: request.database } : {}),
      ...(request.source && r ? { source: { uri: request.source.uri.toString(), range: [r.start.line, r.start.character, r.end.line, r.end.character] } } : {}),
      title: titleOfSql(request.sql),
      rerunnable: false,
      view: { sort: [], filter: '' },
      preview: true,
      run,
    };
  }

  /** The tab is a preview: the next query replaces its statement. */
  get isPreview(): boolean {
    return !this.disposed && this.state.preview === true;
  }

  /**
   * Tables may have changed under the result this tab shows (a job or the pipeline wrote them): says so, with "Run
   * again" at hand. A tab whose statement is still running, or that shows no result, is left alone.
   */
  noteTablesChanged(what: string): void {
    if (this.disposed || this.running !== undefined || this.base?.state !== 'SUCCEEDED') return;
    const base = this.base;
    const note = (): void => {
      if (this.disposed || this.base !== base) return;
      this.post({ type: 'notice', level: 'info', text: `${what} after this result was computed: Run again to see the current rows.` });
    };
    const unchanged = this.executionSource?.unchanged?.bind(this.executionSource);
    if (unchanged === undefined) return note();
    // a source that can tell (an S3 object's rows) is told only when what it read changed: a job reading a landing
    // file and writing its trusted zone leaves the file's preview as it was
    void this.host
      .target()
      .then((target) => unchanged(target))
      .then((same) => (same ? undefined : note()), note);
  }

  /** Keeps the tab: the next query opens a tab of its own. */
  keep(why: string): void {
    if (!this.state.preview) return;
    const { preview: _, ...kept } = this.state;
    this.state = kept;
    this.host.log.info(`results tab "${this.state.title}" kept (${why})`);
    this.post({ type: 'preview', preview: false });
  }

  /**
   * Shows another statement in this (preview) tab: a query still running here is cancelled, the tab takes the new
   * title and comes to the front, and its page — already loaded — gets the new statement. `execute()` runs it.
   */
  replaceQuery(request: QueryRequest): void {
    this.cancelRunning();
    this.run = undefined;
    this.state = ResultTab.stateOf(this.state.id, request, (this.state.run ?? 0) + 1);
    this.executionSource = request.execution;
    this.lastStatus = undefined;
    this.head = undefined;
    this.staleReason = undefined;
    this.restoreWhenShown = false;
    this.panel.show(this, !!request.source);
    // the page empties the tab of the previous statement's rows while this one starts
    this.postInit();
  }

  private cancelRunning(): void {
    if (!this.running) return;
    const id = this.running;
    this.running = undefined;
    // the engine of the statement running now (the tab may be given another one next)
    const engine = this.executionSource?.engine;
    void this.host
      .target()
      .then((t) => (engine ?? t.queries).cancel(id))
      .catch(() => undefined);
  }

  /**
   * A tab restored after a window reload. The tab shown runs now, the others when they are shown (a reload does not
   * run every query that was open): a result Athena keeps is shown again (no new query: Athena would bill it); else
   * a read-only query runs again; anything else waits for "Run again".
   */
  static restore(host: PanelHost, panel: ResultsPanel, state: ResultTabState, shown: boolean): ResultTab {
    const p = new ResultTab(host, panel, state);
    panel.add(p, { preserveFocus: true, activate: shown, reveal: false });
    p.postInit();
    if (shown) p.restoreNow();
    else p.restoreWhenShown = true;
    return p;
  }

  /** The tab was brought to the front: a restored tab's statement runs (or its kept result is read) now. */
  shown(): void {
    if (!this.restoreWhenShown) return;
    this.restoreWhenShown = false;
    this.restoreNow();
  }

  private restoreNow(): void {
    const state = this.state;
    const stale = (reason: string): void => {
      this.staleReason = reason;
      this.postInit();
      this.post({ type: 'stale', reason });
    };
    if (state.keptExecutionId !== undefined) {
      // the result is gone (or the target changed): as for a statement that is not run on its own
      void this.execute(state.keptExecutionId).catch(() => stale('The window was reloaded and the result Athena kept could not be read again: Run again to run the query on Athena.'));
    } else if (state.rerunnable) void this.execute().catch(() => undefined);
    else stale('The window was reloaded. This statement is not run again on its own because it is not a read-only query.');
  }

  get sql(): string {
    return this.state.sql;
  }

  private post(message: ResultMessageToPage): void {
    if (this.disposed) return;
    this.panel.post({ ...message, tab: this.state.id });
  }

  private initSent = false;
  private staleReason: string | undefined;

  private initMessage(): ResultMessageToPage {
    return { type: 'init', sql: this.state.sql, title: this.state.title, state: this.state, blockSize: GRID_BLOCK_ROWS, active: this.panel.active === this };
  }

  /** The tab's statement to the page (it makes the tab when it has none of this number). */
  postInit(): void {
    this.initSent = true;
    const message = this.initMessage();
    // the same again (the statement started, as the tab was made): not sent — each message to the page is relayed by
    // the workbench's thread, which the page shares, while the result is on its way
    const text = JSON.stringify(message);
    if (text === this.lastInit) return;
    this.lastInit = text;
    this.post(message);
  }

  /** the last `init` posted, as JSON */
  private lastInit: string | undefined;

  /**
   * What a page made again (the panel was hidden: its page is not retained; or the first load) needs of this tab:
   * the latest of everything, not the messages it missed.
   */
  messagesForNewPage(): ResultMessageToPage[] {
    const out: ResultMessageToPage[] = [];
    if (this.initSent) out.push(this.initMessage());
    if (this.staleReason !== undefined) out.push({ type: 'stale', reason: this.staleReason });
    if (this.lastStatus) out.push(this.statusMessage(this.lastStatus));
    return out;
  }

  private sendStatus(status: StatusView): void {
    this.lastStatus = status;
    this.post(this.statusMessage(status));
  }

  private statusMessage(status: StatusView): ResultMessageToPage {
    return { type: 'status', status, ...(this.head && this.head.executionId === status.executionId ? { head: this.head } : {}) };
  }

  private async database(): Promise<string | undefined> {
    if (this.state.database !== undefined) return this.state.database;
    try {
      return (await this.host.project()).manifest.database;
    } catch {
      return undefined;
    }
  }

  /**
   * Runs the statement (again) and resolves with its final execution. `executionId`: an execution of this statement
   * already started (one of several statements run together): the tab shows it instead of starting another.
   */
  execute(executionId?: string): Promise<QueryExecution> {
    this.run = this.runStatement(executionId);
    return this.run;
  }

  private async runStatement(executionId?: string): Promise<QueryExecution> {
    this.staleReason = undefined;
    this.views.clear();
    this.baseResult = undefined;
    this.base = undefined;
    this.head = undefined;
    // another statement replaced this one in the tab while it ran: it no longer touches the tab
    const run = this.state.run;
    const replaced = (): boolean => this.state.run !== run || this.disposed;
    let target: Target;
    const database = await this.database().catch(() => undefined);
    tracePhase('database');
    try {
      target = await this.host.target();
    } catch (e) {
      if (replaced()) throw e;
      const failed: QueryExecution = {
        id: 'unstarted',
        sql: this.state.sql,
        state: 'FAILED',
        context: database !== undefined ? { database } : {},
        submitted: new Date(),
        error: { message: errorMessage(e) },
      };
      this.sendStatus(this.statusOf(failed));
      throw e;
    }
    if (replaced()) return { id: 'unstarted', sql: this.state.sql, state: 'CANCELLED', context: {}, submitted: new Date(), message: 'replaced by another statement in its tab' };
    tracePhase('target');
    this.postInit();
    const sql = this.state.sql;
    const source = this.executionSource;
    const queries = this.queriesOf(target);
    const started =
      executionId !== undefined ? await queries.status(executionId) : source ? await source.start(target) : await queries.start(sql, database !== undefined ? { database } : {});
    if (replaced()) {
      void queries.cancel(started.id).catch(() => undefined);
      return queries.wait(started.id);
    }
    this.running = started.id;
    this.host.log.info(`query ${started.id} started: ${titleOfSql(sql, 120)}`);
    tracePhase('started');
    this.sendStatus({ ...this.statusOf(started), state: 'RUNNING' });
    const final = await queries.wait(started.id);
    tracePhase('finished');
    if (replaced()) return final;
    this.running = undefined;
    this.base = final;
    // Athena keeps a result (and bills every new query): the tab remembers it, a reload shows it again
    const { keptExecutionId: _kept, ...rest } = this.state;
    this.state = { ...rest, rerunnable: isRerunnable(final.kind), ...(target.kind === 'aws' && final.state === 'SUCCEEDED' ? { keptExecutionId: final.id } : {}) };
    const status = this.statusOf(final);
    if (final.state === 'SUCCEEDED') {
      // the columns, and the grid's first block with them (it would ask for it at once)
      const cursor = this.cursor(target, final);
      const block = Math.min(GRID_BLOCK_ROWS, cursor.total);
      const head = await cursor.head(block);
      tracePhase('head');
      if (replaced()) {
        if (!source) this.host.noteQueryFinished?.(final, this.state.source ? vscode.Uri.parse(this.state.source.uri) : undefined);
        return final;
      }
      status.columns = head.columns;
      if (head.rows.length === block) this.head = { executionId: final.id, rows: head.rows, lastRow: cursor.total };
      this.baseResult = Promise.resolve({ execution: final, cursor, target });
    }
    const s = final.statistics;
    // an error from a SQL file is logged once, by Run SQL, at its file:line:col; one without a source here
    this.host.log.info(
      `query ${final.id} ${final.state}${s ? ` in ${s.elapsedMs} ms` : ''}${s?.rows !== undefined ? `, ${s.rows} rows` : ''}${final.error && !this.state.source ? `: ${final.error.message}` : ''}`,
    );
    this.postInit();
    this.sendStatus(status);
    tracePhase('posted');
    // into the query history once the page has drawn the first rows (the history's write and the result's Parquet
    // file would take the cores while it draws them); a preview, an object's rows or a kept result shown again is no
    // query of the user's
    if (!source) this.host.noteQueryFinished?.(final, this.state.source ? vscode.Uri.parse(this.state.source.uri) : undefined, status.columns.length > 0 && this.panel.active === this ? this.rowsDrawn(final.id) : undefined);
    return final;
  }

  /** the page's word that it drew the first rows of an execution (`drawn`), awaited by rowsDrawn */
  private readonly drawnWaiters = new Map<string, () => void>();

  /**
   * Resolves when the page says it has drawn the first rows of execution `id`, or after DRAWN_WAIT_MS (a panel out
   * of sight, a tab that took another statement meanwhile), or when the tab is closed.
   */
  private rowsDrawn(id: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.drawnWaiters.get(id) === done) this.drawnWaiters.delete(id);
        resolve();
      };
      const timer = setTimeout(done, DRAWN_WAIT_MS);
      this.drawnWaiters.get(id)?.();
      this.drawnWaiters.set(id, done);
    });
  }

  /** The engine of the tab's executions: its ExecutionSource's own, else the target's. */
  private queriesOf(target: Target): QueryEngine {
    return this.executionSource?.engine ?? target.queries;
  }

  private cursor(target: Target, exec: QueryExecution): ResultCursor {
    return new ResultCursor(this.queriesOf(target), exec.id, exec.statistics?.rows ?? 0, target.kind === 'local' || exec.offsetPaging === true, pageSize());
  }

  /** The execution behind a view: the base for the plain view, else the base re-run sorted/filtered. */
  private viewResult(view: ViewSpec): Promise<ViewResult> {
    if (isPlainView(view) || !this.lastStatus?.canReshape) {
      if (!this.baseResult) return Promise.reject(new Error('the query has no result'));
      return this.baseResult;
    }
    const key = viewKey(view);
    let result = this.views.get(key);
    if (!result) {
      const base = this.base!;
      const columns = this.lastStatus.columns;
      result = (async () => {
        const target = await this.host.target();
        // a preview of a job's node reshapes its own rows (its ExecutionSource): no SQL to run again
        if (this.executionSource) {
          const started = await this.executionSource.reshape(target, base, columns, view);
          const final = await this.queriesOf(target).wait(started.id);
          if (final.state !== 'SUCCEEDED') throw new Error(final.error?.message ?? `the sorted/filtered query ${final.state}`);
          return { execution: final, cursor: this.cursor(target, final), target };
        }
        // an engine that keeps its results (Athena) sorts and filters the result it computed: no new query, nothing billed
        if (target.queries.view) {
          const kept = await target.queries.view(base.id, { sort: view.sort, filter: view.filter });
          return { execution: kept, cursor: this.cursor(target, kept), target };
        }
        const started = await target.queries.start(reshapeSql(this.state.sql, columns, view), base.context);
        const final = await target.queries.wait(started.id);
        if (final.state !== 'SUCCEEDED') throw new Error(final.error?.message ?? `the sorted/filtered query ${final.state}`);
        return { execution: final, cursor: this.cursor(target, final), target };
      })();
      result.catch(() => this.views.delete(key));
      // a handful of recent views; older ones are computed again when asked for
      if (this.views.size >= 8) this.views.delete(this.views.keys().next().value!);
      this.views.set(key, result);
    }
    return result;
  }

  /**
   * The execution behind a view, computed again when its result is gone: the engine keeps a bounded number of
   * results, and a closed target (lakehouse.json or the target settings changed) takes its results with it. Only
   * a read-only query is run again on its own.
   */
  private async currentView(view: ViewSpec, failed?: { result: ViewResult; error: unknown }): Promise<ViewResult> {
    const v = failed?.result ?? (await this.viewResult(view));
    const closed = v.target !== (await this.host.target());
    if (!closed && !failed) return v;
    if (!this.state.rerunnable && !this.executionSource) {
      if (failed) throw failed.error;
      throw new Error('the target was closed since this statement ran (lakehouse.json or the target settings changed): run it again');
    }
    this.host.log.info(`the result of query ${v.execution.id} is gone (${closed ? 'the target was closed' : errorMessage(failed?.error)}): running it again`);
    if (v === (await this.baseResult)) await this.execute();
    else this.views.delete(viewKey(view));
    return this.viewResult(view);
  }

  private async rows(view: ViewSpec, startRow: number, endRow: number): Promise<{ rows: CellValue[][]; lastRow: number }> {
    const v = await this.currentView(view);
    try {
      return { rows: await v.cursor.rows(startRow, endRow), lastRow: v.cursor.total };
    } catch (e) {
      if (!isLakehouseError(e, 'EntityNotFound')) throw e;
      const again = await this.currentView(view, { result: v, error: e });
      return { rows: await again.cursor.rows(startRow, endRow), lastRow: again.cursor.total };
    }
  }

  async onMessage(m: ResultMessageToHost): Promise<void> {
    switch (m.type) {
      case 'shown':
        this.shown();
        return;
      case 'close':
        this.dispose();
        return;
      case 'drawn':
        this.drawnWaiters.get(m.executionId)?.();
        return;
      case 'keep':
        this.keep('kept by the user');
        return;
      case 'rows': {
        if (m.run !== (this.state.run ?? 0)) {
          // a block of the statement this tab showed before
          this.post({ type: 'response', id: m.id, ok: false, error: 'the tab shows another statement now' });
          return;
        }
        try {
          const { rows, lastRow } = await this.rows(m.view, m.startRow, m.endRow);
          if (!isPlainView(m.view) && this.lastStatus && this.lastStatus.viewRows !== lastRow) this.sendStatus({ ...this.lastStatus, viewRows: lastRow });
          else if (isPlainView(m.view) && this.lastStatus && this.lastStatus.viewRows !== this.lastStatus.rows)
            this.sendStatus({ ...this.lastStatus, ...(this.lastStatus.rows !== undefined ? { viewRows: this.lastStatus.rows } : {}) });
          this.post({ type: 'response', id: m.id, ok: true, rows, lastRow });
        } catch (e) {
          this.host.log.error(`rows ${m.startRow}-${m.endRow} of "${titleOfSql(this.state.sql)}": ${errorMessage(e)}`);
          this.post({ type: 'response', id: m.id, ok: false, error: errorMessage(e) });
        }
        if (m.run === (this.state.run ?? 0)) this.state = { ...this.state, view: m.view };
        return;
      }
      case 'cancel':
        if (this.running) await this.queriesOf(await this.host.target()).cancel(this.running).catch((e: unknown) => this.host.log.error(errorMessage(e)));
        return;
      case 'rerun':
        this.keep('run again');
        await this.execute().catch((e: unknown) => this.host.log.error(errorMessage(e)));
        return;
      case 'export':
        this.keep('exported');
        // what the grid shows: the page answers some blocks itself (the first one of the plain view), so the view
        // the host saw last may be an older one
        if (m.run === (this.state.run ?? 0)) this.state = { ...this.state, view: m.view };
        await this.exportWithDialog(m.format);
        return;
      case 'copy':
        this.keep('copied from');
        await vscode.env.clipboard.writeText(m.text);
        vscode.window.setStatusBarMessage(`Copied ${m.what}`, 3000);
        return;
      case 'revealSource':
        await this.revealSource();
        return;
      case 'stats':
        this.post(await this.columnStats(m.view));
        return;
    }
  }

  /**
   * Column statistics (NULLs, distinct values, min and max) of the rows the grid shows — the quick filter applies,
   * the sort does not matter — computed by the engine over the query, as sort and filter are.
   */
  columnStats(view: ViewSpec): Promise<ResultMessageToPage> {
    return columnStats(this.host, this.state.sql, this.lastStatus, this.base?.context ?? {}, view);
  }

  private statusOf(exec: QueryExecution, view?: { rows: number }): StatusView {
    return statusOf(exec, this.state.source, this.executionSource !== undefined, view);
  }

  /** The execution whose result an export writes: what the grid shows (sorted/filtered, if it is). */
  private async shownExecution(): Promise<QueryExecution | undefined> {
    if (!this.base || this.base.state !== 'SUCCEEDED') return undefined;
    return (await this.currentView(this.state.view)).execution;
  }

  /** Asks where to save and exports; returns the file written, or undefined when the user cancelled. */
  async exportWithDialog(format: ExportFormat): Promise<string | undefined> {
    return exportWithDialog(this.exportSource(), format);
  }

  /** Exports the shown result to a file, under a cancellable progress notification. */
  async exportTo(format: ExportFormat, file: string): Promise<{ rows: number; bytes: number } | undefined> {
    return exportTo(this.exportSource(), format, file);
  }

  private exportSource(): ExportSource {
    return {
      sql: this.state.sql,
      log: this.host.log,
      shownExecution: () => this.shownExecution(),
      engine: async () => this.queriesOf(await this.host.target()),
      notice: (level, text) => this.post({ type: 'notice', level, text }),
    };
  }

  /** Opens the SQL the query came from, selecting the error's position when there is one. */
  async revealSource(): Promise<void> {
    const s = this.state.source;
    if (!s) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(s.uri));
    const [l0, c0, l1, c1] = s.range;
    let selection = new vscode.Range(l0, c0, l1, c1);
    const e = this.base?.error;
    if (e?.line !== undefined) {
      const p = positionInSource({ line: l0, character: c0 }, e.line, e.column ?? 1);
      // the cursor at the error
      const at = doc.validatePosition(new vscode.Position(p.line, p.character));
      selection = new vscode.Range(at, at);
    }
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Resolves when the current run has finished. */
  async settled(): Promise<QueryExecution | undefined> {
    return this.run?.catch(() => undefined);
  }

  get execution(): QueryExecution | undefined {
    return this.base;
  }

  /** Closes the tab (the last one closes its panel); a query still running in it is stopped. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    ResultTab.open.delete(this);
    for (const done of [...this.drawnWaiters.values()]) done();
    this.cancelRunning();
    this.panel.remove(this);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** True when the panel shows a final state. */
  get finished(): boolean {
    return this.base !== undefined && isFinal(this.base.state);
  }
}
