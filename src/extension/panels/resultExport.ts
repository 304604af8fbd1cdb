// Exporting a result tab's result: the whole result as the grid shows it (sorted and filtered), written by the
// engine to a file the user picks (CSV, JSON or Parquet), then "Open" and "Reveal" offered.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, isLakehouseError } from '../../core/errors';
import type { QueryExecution } from '../../core/model';
import type { QueryEngine } from '../../core/target';
import type { ExportFormat } from '../../webview/protocol';
import { exportBaseName } from './resultQuery';

/** What an export needs of its result tab. */
export interface ExportSource {
  sql: string;
  log: vscode.LogOutputChannel;
  /** the execution whose result the grid shows (sorted/filtered, if it is); undefined when there is none */
  shownExecution(): Promise<QueryExecution | undefined>;
  /** the engine that holds it */
  engine(): Promise<QueryEngine>;
  /** a line in the tab (the export's outcome) */
  notice(level: 'info' | 'error', text: string): void;
}

function exportMaxRows(): number | undefined {
  const v = vscode.workspace.getConfiguration('lakehouse').get<number | null>('export.maxRows');
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined;
}

/** Asks where to save and exports; returns the file written, or undefined when the user cancelled. */
export async function exportWithDialog(source: ExportSource, format: ExportFormat): Promise<string | undefined> {
  const exec = await source.shownExecution().catch(() => undefined);
  if (!exec) {
    void vscode.window.showErrorMessage('This query has no result to export.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const base = exportBaseName(source.sql);
  const filters: Record<ExportFormat, Record<string, string[]>> = { csv: { CSV: ['csv'] }, json: { JSON: ['json'] }, parquet: { Parquet: ['parquet'] } };
  const uri = await vscode.window.showSaveDialog({
    title: `Export ${exec.statistics?.rows ?? ''} rows as ${format.toUpperCase()}`,
    filters: filters[format],
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${base}.${format}`) } : {}),
  });
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Export writes a file on this machine; ${uri.toString()} is not one.`);
    return undefined;
  }
  await exportTo(source, format, uri.fsPath);
  return uri.fsPath;
}

/** Exports the shown result to a file, under a cancellable progress notification. */
export async function exportTo(source: ExportSource, format: ExportFormat, file: string): Promise<{ rows: number; bytes: number } | undefined> {
  const exec = await source.shownExecution();
  if (!exec) throw new Error('this query has no result to export');
  const engine = await source.engine();
  const maxRows = exportMaxRows();
  await fs.mkdir(path.dirname(file), { recursive: true });
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Exporting to ${path.basename(file)}`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await engine.export(exec.id, { format, file, signal: abort.signal, ...(maxRows !== undefined ? { maxRows } : {}) });
        } finally {
          sub.dispose();
        }
      },
    );
    const capped = maxRows !== undefined && (exec.statistics?.rows ?? 0) > maxRows ? ` (limited by lakehouse.export.maxRows = ${maxRows})` : '';
    const text = `Exported ${result.rows.toLocaleString('en-US')} rows to ${file}${capped}`;
    source.log.info(text);
    source.notice('info', text);
    void offerExported(file, format, text);
    return result;
  } catch (e) {
    const text = isLakehouseError(e, 'Cancelled') ? 'Export cancelled' : `Export failed: ${errorMessage(e)}`;
    source.log.error(text);
    source.notice('error', text);
    if (!isLakehouseError(e, 'Cancelled')) void vscode.window.showErrorMessage(text, 'Show Log').then((a) => a && source.log.show());
    return undefined;
  }
}

/** After an export: "Open" (CSV and JSON, in an editor) and "Reveal" (in the Explorer, or the OS's file manager). */
async function offerExported(file: string, format: ExportFormat, text: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  const actions: { title: string; run: () => Thenable<unknown> }[] = [];
  if (format !== 'parquet') actions.push({ title: 'Open', run: () => vscode.commands.executeCommand('vscode.open', uri) });
  if (inWorkspace) actions.push({ title: 'Reveal in Explorer', run: () => vscode.commands.executeCommand('revealInExplorer', uri) });
  else if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName) actions.push({ title: 'Reveal in File Manager', run: () => vscode.commands.executeCommand('revealFileInOS', uri) });
  const picked = await vscode.window.showInformationMessage(text, ...actions.map((a) => a.title));
  await actions.find((a) => a.title === picked)?.run();
}
