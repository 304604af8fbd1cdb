// The zone report panel: one per window. Rows per table by dataset and zone with a funnel chart, and the pipeline
// as a graph; computed on the host (reportModel.ts) and drawn by the page (src/webview/report). Refreshed on
// demand (its button, refreshZoneReport() after a pipeline run) and restored after a window reload.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { ZONE_REPORT_VIEW_TYPE, type ReportToHost, type ReportToPage, type ZoneReportModel } from '../../webview/protocol';
import { pageHtml, webviewOptions } from './html';
import type { PanelHost } from './types';

export class ZoneReportPanel implements vscode.Disposable {
  static current: ZoneReportPanel | undefined;

  private ready = false;
  private last: ReportToPage | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshing: Promise<void> | undefined;
  private again = false;
  private model: ZoneReportModel | undefined;

  private constructor(
    private readonly host: PanelHost,
    readonly panel: vscode.WebviewPanel,
  ) {
    ZoneReportPanel.current = this;
    panel.webview.options = webviewOptions(host.extensionUri);
    panel.webview.html = pageHtml(panel.webview, host.extensionUri, 'report', 'Zone report');
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'lakehouse.svg');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: ReportToHost) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.ready = false;
      }),
    );
  }

  /** Shows the panel (creating it when there is none) and refreshes it. */
  static async show(host: PanelHost): Promise<ZoneReportPanel> {
    let p = ZoneReportPanel.current;
    if (p) p.panel.reveal(undefined, false);
    else {
      const panel = vscode.window.createWebviewPanel(ZONE_REPORT_VIEW_TYPE, 'Zone report', vscode.ViewColumn.Active, webviewOptions(host.extensionUri));
      p = new ZoneReportPanel(host, panel);
    }
    await p.refresh();
    return p;
  }

  static restore(host: PanelHost, panel: vscode.WebviewPanel): ZoneReportPanel {
    ZoneReportPanel.current?.dispose();
    const p = new ZoneReportPanel(host, panel);
    void p.refresh();
    return p;
  }

  private post(m: ReportToPage): void {
    if (m.type !== 'loading' || !this.last) this.last = m;
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  /** Recomputes the report; a refresh asked for while one runs runs once more after it. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        this.post({ type: 'loading' });
        try {
          const [project, target] = await Promise.all([this.host.project(), this.host.target()]);
          // loaded with the first report: its core modules (the job script reader, its parser) are not needed to activate
          const { buildZoneReport } = await import('./reportModel');
          this.model = await buildZoneReport(project, target);
          this.post({ type: 'report', report: this.model });
        } catch (e) {
          this.host.log.error(`zone report: ${errorMessage(e)}`);
          this.post({ type: 'error', message: errorMessage(e) });
        }
      } while (this.again);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  get report(): ZoneReportModel | undefined {
    return this.model;
  }

  private async onMessage(m: ReportToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.last) void this.panel.webview.postMessage(this.last);
        if (this.refreshing) void this.panel.webview.postMessage({ type: 'loading' } satisfies ReportToPage);
        return;
      case 'refresh':
        await this.refresh();
        return;
      case 'previewTable': {
        // its first rows in the results grid, as the tree's "Preview Table" shows them
        const table = await (await this.host.target()).catalog.table(m.database, m.table);
        if (table) await vscode.commands.executeCommand('lakehouse.table.preview', { kind: 'table', id: `table:${m.database}.${m.table}`, table, format: '' });
        return;
      }
      case 'openScript': {
        const job = this.model?.jobs.find((j) => j.name === m.job);
        if (!job) return;
        const project = await this.host.project();
        await vscode.window.showTextDocument(vscode.Uri.file(path.resolve(project.root, job.scriptPath)), { viewColumn: vscode.ViewColumn.One });
        return;
      }
    }
  }

  dispose(): void {
    if (ZoneReportPanel.current === this) ZoneReportPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
