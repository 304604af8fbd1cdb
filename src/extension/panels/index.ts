// The panels' API for the rest of the extension: the results panel (a tab per result inside it) and the zone report.
// activate() calls registerPanels() once; commands call showQueryResults / showZoneReport / refreshZoneReport.
import * as vscode from 'vscode';
import type { QueryExecution } from '../../core/model';
import { RESULTS_VIEW_TYPE, ZONE_REPORT_VIEW_TYPE } from '../../webview/protocol';
import { webviewOptions } from './html';
import { ZoneReportPanel } from './reportPanel';
import { ResultTab } from './resultTab';
import type { ExecutionSource, QueryRequest } from './types';
import { ResultsPanel, savedTabs } from './resultsPanel';
import { tracePhase } from './trace';
import type { PanelHost } from './types';

export type { PanelHost } from './types';
export { ResultTab } from './resultTab';
export type { ExecutionSource } from './types';
export { ResultsPanel } from './resultsPanel';
export { ZoneReportPanel } from './reportPanel';

/** A test-only command (hidden from the palette) that runs `showQueryResults` with the extension's own host. */
export const SHOW_QUERY_RESULTS_INTERNAL = 'lakehouse.internal.showQueryResults';

let activeHost: PanelHost | undefined;

/** Registers the panel serializers (tabs come back after a window reload) and the internal test command. */
export function registerPanels(context: vscode.ExtensionContext, host: PanelHost): vscode.Disposable[] {
  activeHost = host;
  const disposables: vscode.Disposable[] = [
    vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        panel.webview.options = webviewOptions(host.extensionUri);
        const saved = savedTabs(state);
        if (saved.tabs.length === 0) {
          // a panel closed before its page saved anything: nothing to show again
          panel.dispose();
          return;
        }
        const p = ResultsPanel.restored(host, panel, saved.tabs.map((t) => t.id));
        const shown = saved.tabs.some((t) => t.id === saved.active) ? saved.active : saved.tabs[saved.tabs.length - 1]!.id;
        for (const t of saved.tabs) ResultTab.restore(host, p, t, t.id === shown);
      },
    }),
    vscode.window.registerWebviewPanelSerializer(ZONE_REPORT_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
        ZoneReportPanel.restore(host, panel);
      },
    }),
    vscode.commands.registerCommand(SHOW_QUERY_RESULTS_INTERNAL, async (request: { sql: string; database?: string; newTab?: boolean }) => {
      const exec = await showQueryResults(host, request);
      // the titles of the tabs of the results panel it went to
      const tabs = ResultsPanel.current()?.tabList.map((t) => t.title);
      return { id: exec.id, state: exec.state, rows: exec.statistics?.rows, error: exec.error, tabs };
    }),
    { dispose: () => disposeAll() },
  ];
  context.subscriptions.push(...disposables);
  return disposables;
}

function disposeAll(): void {
  for (const p of [...ResultsPanel.open]) p.dispose();
  for (const t of [...ResultTab.open]) t.dispose();
  ZoneReportPanel.current?.dispose();
  activeHost = undefined;
}

/**
 * Runs the query in a result tab and resolves with its final execution (FAILED and CANCELLED ones too): the preview
 * tab when one is open (its statement is replaced, as VS Code's preview editors are), else — or with `newTab` — a
 * new tab in the results panel (the panel is made when there is none).
 */
export async function showQueryResults(
  host: PanelHost,
  request: { sql: string; database?: string; source?: { uri: vscode.Uri; range: vscode.Range }; newTab?: boolean },
): Promise<QueryExecution> {
  const req: QueryRequest = { sql: request.sql };
  if (request.database !== undefined) req.database = request.database;
  if (request.source !== undefined) req.source = request.source;
  tracePhase('show');
  const preview = request.newTab ? undefined : ResultTab.previewTab();
  let exec: QueryExecution;
  if (preview) {
    preview.replaceQuery(req);
    exec = await preview.execute();
  } else {
    // a new tab: the preview tab, if any, is kept (it is no longer the one the next query replaces)
    if (request.newTab) for (const t of ResultTab.open) t.keep('a query was run in a new tab');
    exec = await (await ResultTab.create(host, req)).execute();
  }
  if (exec.state === 'SUCCEEDED') host.noteQueryRan?.();
  return exec;
}

/**
 * Shows an execution its owner starts (a Glue job node's preview: `execution`) in a results tab — the preview tab when
 * one is open, else a new one — and resolves with its final execution. `sql` titles the tab.
 */
export async function showComputedResults(
  host: PanelHost,
  request: { sql: string; source?: { uri: vscode.Uri; range: vscode.Range }; viewColumn?: vscode.ViewColumn },
  execution: ExecutionSource,
): Promise<QueryExecution> {
  const req: QueryRequest = { sql: request.sql, execution };
  if (request.source !== undefined) req.source = request.source;
  if (request.viewColumn !== undefined) req.viewColumn = request.viewColumn;
  const preview = ResultTab.previewTab();
  if (preview) {
    preview.replaceQuery(req);
    return preview.execute();
  }
  return (await ResultTab.create(host, req)).execute();
}

/**
 * Shows the result of an execution already run (one of several statements run together, before the last) in a tab
 * of its own, kept: the next query does not replace it.
 */
export async function showExecutionResults(
  host: PanelHost,
  request: { sql: string; database?: string; source?: { uri: vscode.Uri; range: vscode.Range } },
  executionId: string,
): Promise<QueryExecution> {
  const req: QueryRequest = { sql: request.sql };
  if (request.database !== undefined) req.database = request.database;
  if (request.source !== undefined) req.source = request.source;
  const tab = await ResultTab.create(host, req);
  tab.keep('one of several statements run together');
  return tab.execute(executionId);
}

/** Opens the zone report (or brings it forward) and refreshes it. */
export async function showZoneReport(host: PanelHost): Promise<void> {
  await ZoneReportPanel.show(host);
}

/** Refreshes an open zone report (after a pipeline run); does nothing when none is open. */
export function refreshZoneReport(): void {
  void ZoneReportPanel.current?.refresh();
}

/** Tells the open results tabs that tables were written since their results were computed (see noteTablesChanged). */
export function noteTablesChanged(what: string): void {
  for (const t of ResultTab.open) t.noteTablesChanged(what);
}

/** The host registerPanels() was given (for the panels' own tests). */
export function panelHost(): PanelHost | undefined {
  return activeHost;
}
