// The job's graph beside its script, as Glue Studio's canvas: one panel per window, showing the script of the active
// editor (it follows the editor from script to script) and redrawn as the script is typed (JobDocuments reads it in
// the background). A click on a node moves the editor to its line and previews it; the error banner moves the
// editor to the refused construct. The page (src/webview/jobGraph) lays the graph out and draws it.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { JOB_GRAPH_VIEW_TYPE, type GraphPanelState, type GraphToHost, type GraphToPage } from '../../webview/jobGraph/protocol';
import type { Ctx } from '../ctx';
import { pageHtml, webviewOptions } from '../panels/html';
import { tracePhase } from '../panels/trace';
import type { JobDocuments } from './jobDocuments';
import { graphViewModel } from './model';

/** What the panel asks of the rest of the preview feature. */
export interface GraphActions {
  /** previews a node of a script (a click on it); a new results tab opens in `viewColumn` */
  preview(uri: vscode.Uri, nodeId: string, viewColumn?: vscode.ViewColumn): Promise<unknown>;
}

/** A model drawn by the page: `ms` its layout and drawing, `roundTripMs` from posting it to the page's answer. */
export interface GraphRendered {
  uri: string;
  version: number;
  nodes: number;
  ms: number;
  roundTripMs?: number;
}

export class JobGraphPanel implements vscode.Disposable {
  static current: JobGraphPanel | undefined;
  private static readonly renderedAny = new vscode.EventEmitter<GraphRendered>();
  /** any graph page drew a model (tests and the benchmark wait on it) */
  static readonly onDidRenderAny = JobGraphPanel.renderedAny.event;

  private ready = false;
  private last: GraphToPage | undefined;
  private version = 0;
  private uri: vscode.Uri | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rendered = new vscode.EventEmitter<GraphRendered>();
  /** when each model was posted (performance.now()), by version: the page's answer gives the round trip */
  private readonly postedAt = new Map<number, number>();
  /** the page drew a model (tests and the benchmark wait on it) */
  readonly onDidRender = this.rendered.event;
  /** the version of the last model posted */
  lastVersion = 0;

  private constructor(
    private readonly ctx: Ctx,
    private readonly docs: JobDocuments,
    private readonly actions: GraphActions,
    readonly panel: vscode.WebviewPanel,
  ) {
    JobGraphPanel.current = this;
    panel.webview.options = webviewOptions(ctx.extensionUri);
    panel.webview.html = pageHtml(panel.webview, ctx.extensionUri, 'jobGraph', 'Job graph');
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'lakehouse.svg');
    this.disposables.push(
      this.rendered,
      panel.webview.onDidReceiveMessage((m: GraphToHost) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.ready = false;
      }),
      docs.onDidChange((uri) => {
        if (this.uri?.toString() === uri.toString()) this.update();
      }),
      // it follows the editor: another script in front shows its graph
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && docs.isJobScript(e.document) && e.document.uri.toString() !== this.uri?.toString()) void this.showDocument(e.document);
      }),
    );
  }

  /** Shows the graph of a script beside its editor (creating the panel when there is none). */
  static async show(ctx: Ctx, docs: JobDocuments, actions: GraphActions, doc: vscode.TextDocument): Promise<JobGraphPanel> {
    let p = JobGraphPanel.current;
    if (p) p.panel.reveal(undefined, true);
    else {
      const panel = vscode.window.createWebviewPanel(JOB_GRAPH_VIEW_TYPE, 'Job graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(ctx.extensionUri));
      p = new JobGraphPanel(ctx, docs, actions, panel);
    }
    await p.showDocument(doc);
    return p;
  }

  /** A panel brought back after a window reload: the script it showed. */
  static restore(ctx: Ctx, docs: JobDocuments, actions: GraphActions, panel: vscode.WebviewPanel, state: GraphPanelState | undefined): JobGraphPanel {
    JobGraphPanel.current?.dispose();
    const p = new JobGraphPanel(ctx, docs, actions, panel);
    const uri = state?.uri ? vscode.Uri.parse(state.uri) : vscode.window.activeTextEditor?.document.uri;
    if (uri)
      void vscode.workspace.openTextDocument(uri).then(
        (d) => p.showDocument(d),
        () => p.post({ type: 'empty', message: `${uri.fsPath} is gone` }),
      );
    else p.post({ type: 'empty', message: 'Open a Glue script of the project to see its graph.' });
    return p;
  }

  get document(): vscode.Uri | undefined {
    return this.uri;
  }

  private async showDocument(doc: vscode.TextDocument): Promise<void> {
    this.uri = doc.uri;
    const state = await this.docs.current(doc);
    if (state === undefined) {
      this.post({ type: 'empty', message: `${vscode.workspace.asRelativePath(doc.uri)} is not a Glue script of this project.` });
      return;
    }
    this.update();
  }

  private update(): void {
    if (this.uri === undefined) return;
    const state = this.docs.state(this.uri);
    if (state === undefined) return;
    this.panel.title = `Job graph: ${state.jobName}`;
    const model = graphViewModel(state.graph, this.docs.figuresOf(this.uri), ++this.version, { stale: state.stale });
    this.lastVersion = model.version;
    this.postedAt.set(model.version, performance.now());
    if (this.postedAt.size > 16) this.postedAt.delete(this.postedAt.keys().next().value!);
    this.post({ type: 'graph', model, uri: this.uri.toString() });
    tracePhase('graph-posted');
  }

  private post(m: GraphToPage): void {
    this.last = m;
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  private async onMessage(m: GraphToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.last) void this.panel.webview.postMessage(this.last);
        return;
      case 'rendered':
        tracePhase('graph-rendered');
        if (this.uri) {
          const posted = this.postedAt.get(m.version);
          const r: GraphRendered = { uri: this.uri.toString(), version: m.version, nodes: m.nodes, ms: m.ms, ...(posted !== undefined ? { roundTripMs: performance.now() - posted } : {}) };
          this.rendered.fire(r);
          JobGraphPanel.renderedAny.fire(r);
        }
        return;
      case 'reveal':
        await this.revealLine(m.line);
        return;
      case 'open': {
        const uri = this.uri;
        const node = uri ? this.docs.state(uri)?.graph.nodes.find((n) => n.id === m.id) : undefined;
        if (uri === undefined || node === undefined) return;
        const editorColumn = await this.revealLine(node.line);
        if (node.preview !== undefined) await this.actions.preview(uri, node.id, this.resultsColumn(editorColumn)).catch((e: unknown) => this.ctx.showError(`Previewing ${node.name}`, e));
        return;
      }
    }
  }

  /**
   * Where a preview started from the graph opens a new results tab: the first group that is neither the graph's nor
   * the script's (a new one to their right when there are only those), so that the rows, the graph and the line
   * clicked are all in view. ("Beside" the active editor would be the graph's own group: the focus stays on the
   * graph, the script's group is the active one.)
   */
  private resultsColumn(editorColumn: vscode.ViewColumn | undefined): vscode.ViewColumn {
    const taken = new Set([this.panel.viewColumn, editorColumn].filter((c): c is vscode.ViewColumn => c !== undefined));
    let column = vscode.ViewColumn.One as number;
    while (taken.has(column)) column++;
    return column as vscode.ViewColumn;
  }

  /** Moves the script's editor to a line (1-based), leaving the focus on the graph; the editor's column. */
  private async revealLine(line: number): Promise<vscode.ViewColumn | undefined> {
    if (this.uri === undefined) return undefined;
    try {
      const doc = await vscode.workspace.openTextDocument(this.uri);
      const l = Math.max(0, Math.min(line - 1, doc.lineCount - 1));
      const at = new vscode.Position(l, doc.lineAt(l).firstNonWhitespaceCharacterIndex);
      const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString());
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: true, preview: false });
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return editor.viewColumn;
    } catch (e) {
      this.ctx.log.error(`job graph: moving the editor to line ${line}: ${errorMessage(e)}`);
      return undefined;
    }
  }

  dispose(): void {
    if (JobGraphPanel.current === this) JobGraphPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
