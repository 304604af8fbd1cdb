// The results panel: one webview panel whose page holds the results as tabs of its own (resultTab.ts), as DataGrip,
// DBeaver and SQLTools show several results in one results area. VS Code takes longer to make a webview panel
// (0.5–0.7 s on VS Code 1.139, before our page's HTML is in it) than a query takes, so a new result is a tab of the
// page already loaded, and the panel is made only when there is none. It carries the messages between the page and
// the tabs (each message names its tab), holds them while its page is being made again, and takes the active tab's
// title.
import * as vscode from 'vscode';
import { RESULTS_VIEW_TYPE, type ResultMessageToHost, type ResultMessageToPage, type ResultsPageState, type ResultsToHost, type ResultsToPage, type ResultTabState } from '../../webview/protocol';
import { pageHtml, webviewOptions } from './html';
import type { PanelHost } from './types';

/** What the panel needs of a result tab. */
export interface PanelTab {
  readonly id: number;
  readonly title: string;
  /** what a page made again needs of the tab (its statement, status…) */
  messagesForNewPage(): ResultMessageToPage[];
  onMessage(m: ResultMessageToHost): Promise<void>;
  dispose(): void;
}

/** Where a SQL editor's results open: `lakehouse.results.location`. */
function resultsLocation(): 'beside' | 'below' {
  return vscode.workspace.getConfiguration('lakehouse').get<string>('results.location') === 'below' ? 'below' : 'beside';
}

/** The tabs of a page's saved state (a page of an earlier version saved one result, without a tab number). */
export function savedTabs(state: unknown): { tabs: ResultTabState[]; active?: number } {
  if (typeof state !== 'object' || state === null) return { tabs: [] };
  const isTab = (s: unknown): s is Omit<ResultTabState, 'id'> & { id?: number } =>
    typeof s === 'object' && s !== null && typeof (s as ResultTabState).sql === 'string' && typeof (s as ResultTabState).title === 'string';
  const withView = <T extends { view?: ResultTabState['view'] }>(t: T): T & { view: ResultTabState['view'] } => ({ ...t, view: t.view ?? { sort: [], filter: '' } });
  if (Array.isArray((state as ResultsPageState).tabs)) {
    const s = state as ResultsPageState;
    const tabs = s.tabs.filter(isTab).filter((t) => typeof t.id === 'number').map(withView);
    return { tabs, ...(typeof s.active === 'number' ? { active: s.active } : {}) };
  }
  return isTab(state) ? { tabs: [withView({ ...state, id: 1 })], active: 1 } : { tabs: [] };
}

export class ResultsPanel implements vscode.Disposable {
  /** the results panels open: one, unless a window reload brought back several of an earlier version */
  static readonly open = new Set<ResultsPanel>();
  /** the panel shown last: new results go there */
  private static latest: ResultsPanel | undefined;

  private ready = false;
  /** the page has said `ready` once: before that, messages go out at once (the webview holds them until its page has loaded) */
  private loadedOnce = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly tabs: PanelTab[] = [];
  private nextTabId = 1;
  /** the tab the page shows */
  active: PanelTab | undefined;

  constructor(
    host: PanelHost,
    readonly panel: vscode.WebviewPanel,
  ) {
    ResultsPanel.open.add(this);
    ResultsPanel.latest = this;
    panel.webview.options = webviewOptions(host.extensionUri);
    panel.webview.html = pageHtml(panel.webview, host.extensionUri, 'grid', panel.title);
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'lakehouse.svg');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: ResultsToHost) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => {
        // a hidden page is torn down (no retainContextWhenHidden): hold messages until it says ready again
        if (!e.webviewPanel.visible) this.ready = false;
        if (e.webviewPanel.active) ResultsPanel.latest = this;
      }),
    );
  }

  /** The panel new results go to: the one shown last, when one is open. */
  static current(): ResultsPanel | undefined {
    const latest = ResultsPanel.latest;
    if (latest && ResultsPanel.open.has(latest)) return latest;
    return [...ResultsPanel.open].pop();
  }

  /**
   * A new results panel for a first result. From a SQL editor it opens beside it, or below it with
   * `lakehouse.results.location: "below"` (in the group under the editor's, made when there is none), and the editor
   * keeps the focus.
   */
  static async create(host: PanelHost, request: { source?: unknown; viewColumn?: vscode.ViewColumn }, title: string): Promise<ResultsPanel> {
    let viewColumn: vscode.ViewColumn = request.viewColumn ?? (request.source ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active);
    const editor = request.viewColumn === undefined ? vscode.window.activeTextEditor : undefined;
    const below = !!request.source && resultsLocation() === 'below' && editor !== undefined;
    if (below) {
      // a new group below the editor's (it takes the focus), the panel there, then the focus back to the editor
      await vscode.commands.executeCommand('workbench.action.newGroupBelow');
      viewColumn = vscode.window.tabGroups.activeTabGroup.viewColumn;
    }
    const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, title, { viewColumn, preserveFocus: !!request.source }, webviewOptions(host.extensionUri));
    const p = new ResultsPanel(host, panel);
    if (below && editor) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    return p;
  }

  /** A panel the workbench brought back after a window reload; its tabs are added by the caller. */
  static restored(host: PanelHost, panel: vscode.WebviewPanel, tabIds: number[]): ResultsPanel {
    const p = new ResultsPanel(host, panel);
    p.nextTabId = Math.max(0, ...tabIds) + 1;
    return p;
  }

  newTabId(): number {
    return this.nextTabId++;
  }

  /** The tabs, in the page's order. */
  get tabList(): readonly PanelTab[] {
    return this.tabs;
  }

  /**
   * Adds a tab (at the end, as the workbench adds editors) and, unless `activate` is false, shows it. `reveal`: the
   * panel comes to the front (not for a tab restored with its panel).
   */
  add(tab: PanelTab, options: { preserveFocus: boolean; activate?: boolean; reveal?: boolean }): void {
    this.tabs.push(tab);
    if (options.activate !== false) this.show(tab, options.preserveFocus, options.reveal !== false);
  }

  /**
   * Makes `tab` the one shown (the page is told with the tab's next `init`) and the panel's title its own. The panel
   * comes to the front — unless it is in view and the editor keeps the focus (a reveal costs the workbench a layout).
   */
  show(tab: PanelTab, preserveFocus: boolean, reveal = true): void {
    this.active = tab;
    if (this.panel.title !== tab.title) this.panel.title = tab.title;
    if (reveal && !(this.panel.visible && preserveFocus)) this.panel.reveal(this.panel.viewColumn, preserveFocus);
  }

  /** A tab was closed (in the page, or by the extension): the last one closes the panel. */
  remove(tab: PanelTab): void {
    const i = this.tabs.indexOf(tab);
    if (i < 0) return;
    this.tabs.splice(i, 1);
    if (this.disposed) return;
    if (this.tabs.length === 0) {
      this.dispose();
      return;
    }
    if (this.active === tab) {
      // the tab to its right, else the one to its left (as the page does)
      const next = this.tabs[i] ?? this.tabs[i - 1]!;
      this.active = next;
      this.panel.title = next.title;
    }
    this.post({ type: 'tabs', tabs: this.tabs.map((t) => t.id) });
  }

  /** A tab's title changed (another statement in a preview tab). */
  retitle(tab: PanelTab): void {
    if (this.active === tab && this.panel.title !== tab.title) this.panel.title = tab.title;
  }

  post(message: ResultsToPage): void {
    if (this.disposed) return;
    // the first load: the webview delivers messages once its page has loaded, a round trip before `ready` would
    // bring them (and on `ready` the latest of each tab is sent again anyway). A page being made again gets the
    // latest of everything on `ready`, not the messages it missed.
    if (!this.ready && this.loadedOnce) return;
    void this.panel.webview.postMessage(message);
  }

  private onMessage(m: ResultsToHost): void {
    if (m.type === 'ready') {
      this.ready = true;
      this.loadedOnce = true;
      this.active ??= this.tabs[this.tabs.length - 1];
      for (const t of this.tabs) for (const message of t.messagesForNewPage()) void this.panel.webview.postMessage({ ...message, tab: t.id } satisfies ResultsToPage);
      void this.panel.webview.postMessage({ type: 'tabs', tabs: this.tabs.map((t) => t.id) } satisfies ResultsToPage);
      return;
    }
    const tab = this.tabs.find((t) => t.id === m.tab);
    if (!tab) return;
    if (m.type === 'shown') {
      this.active = tab;
      this.retitle(tab);
    }
    const { tab: _, ...message } = m;
    void tab.onMessage(message as ResultMessageToHost);
  }

  /** Closes the panel and its tabs (queries still running in them are stopped). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    ResultsPanel.open.delete(this);
    for (const t of [...this.tabs]) t.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }
}
