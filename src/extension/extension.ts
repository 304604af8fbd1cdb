// The extension's entry point: a thin shell over the core. activate() builds the context (Ctx), the explorer,
// the diagnostics and the commands, registers everything into context.subscriptions and returns; the project and
// the target open on first use (DuckDB loads with the first query), so activation does no I/O beyond a stat.
import { bundleStart } from './startTime';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerAwsCommands } from './commands/aws';
import { registerCatalogCommands } from './commands/catalog';
import { registerJobCommands } from './commands/jobs';
import { registerProjectCommands } from './commands/project';
import { command } from './commands/register';
import { registerSqlCommands, RunCodeLens, SqlDiagnostics } from './commands/sql';
import { registerStorageCommands } from './commands/storage';
import { CONTEXT, Ctx } from './ctx';
import { ExplorerProvider } from './explorer/provider';
import { ManifestDiagnostics } from './manifestDiagnostics';
import type { HistoryEntry } from './history/historyModel';
import { refreshZoneReport, registerPanels, showQueryResults, showZoneReport } from './panels';
import { registerPreview, type PreviewApi } from './preview';
import { ReadonlyDocs } from './readonlyDocs';
import { SqlLanguage } from './sql/sqlLanguage';
import { ScriptDiagnostics } from './scriptDiagnostics';
import { SettingsCheck } from './settingsCheck';

/** when the bundle's modules had been evaluated (startTime.ts is evaluated first) */
const bundleEvaluated = performance.now();

/** What activate() returns: the pieces the extension-host tests inspect (tree contents, diagnostics). */
export interface LakehouseApi {
  ctx: Ctx;
  explorer: ExplorerProvider;
  manifestDiagnostics: ManifestDiagnostics;
  sqlDiagnostics: SqlDiagnostics;
  scriptDiagnostics: ScriptDiagnostics;
  /** the settings the extension cannot use (an invalid lakehouse.local.memoryLimit) */
  settingsCheck: SettingsCheck;
  /** completion, hover, definition and catalog warnings of the SQL editor */
  sqlLanguage: SqlLanguage;
  /** the Glue scripts' previews, CodeLens, inlay hints and graph (src/extension/preview) */
  preview: PreviewApi;
  /** ms spent evaluating the bundle's modules and in activate() (VS Code's own work between them is not counted) */
  activation: { bundleMs: number; activateMs: number };
}

let current: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): LakehouseApi {
  const t0 = performance.now();
  // the AWS SDK's Node-version notice (its own switch): "Check AWS Setup" shows it as a row instead
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const ctx = new Ctx(context);
  current = ctx;
  const docs = new ReadonlyDocs();
  const explorer = new ExplorerProvider(ctx);
  const sqlDiagnostics = new SqlDiagnostics();
  const manifestDiagnostics = new ManifestDiagnostics(ctx);
  const scriptDiagnostics = new ScriptDiagnostics(ctx);
  const codeLens = new RunCodeLens(ctx);
  const settingsCheck = new SettingsCheck(ctx);
  const sqlLanguage = new SqlLanguage(ctx, (key) => explorer.rowCountOf(key));
  // several objects can be selected and deleted at once; the other context-menu commands act on one node and are
  // hidden while several are selected (package.json: !listMultiSelection)
  const view = vscode.window.createTreeView('lakehouse.explorer', { treeDataProvider: explorer, showCollapseAll: true, canSelectMany: true });
  const historyView = vscode.window.createTreeView('lakehouse.history', { treeDataProvider: ctx.history });

  context.subscriptions.push(
    ctx,
    docs,
    explorer,
    view,
    sqlDiagnostics,
    sqlLanguage,
    // the catalog section redrawn (tables created, dropped, a statement that changes the catalog): read it again,
    // and check the open Glue scripts' names against it again
    explorer.onDidChangeTreeData((n) => {
      if (n === undefined || (n.kind === 'section' && n.section === 'catalog') || n.kind === 'database') {
        sqlLanguage.invalidate();
        scriptDiagnostics.checkOpen();
      }
    }),
    manifestDiagnostics,
    scriptDiagnostics,
    settingsCheck,
    vscode.languages.registerCodeLensProvider([{ language: 'sql', scheme: 'file' }, { language: 'sql', scheme: 'untitled' }], codeLens),
    vscode.commands.registerCommand('lakehouse.showLog', () => ctx.log.show(true)),
    historyView,
    command(ctx, 'lakehouse.history.rerun', 'Running the query again', async (e?: HistoryEntry) => {
      if (!e?.sql) return undefined;
      return showQueryResults(ctx, { sql: e.sql, ...(e.database !== undefined ? { database: e.database } : {}) });
    }),
    command(ctx, 'lakehouse.history.openSql', 'Opening the query', async (e?: HistoryEntry) => {
      if (!e?.sql) return undefined;
      return vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'sql', content: `${e.sql};\n` }));
    }),
    command(ctx, 'lakehouse.history.openResult', 'Opening the result', async (e?: HistoryEntry) => {
      if (!e?.sql) return undefined;
      const { openHistoryResult } = await import('./history/openResult');
      return openHistoryResult(ctx, e);
    }),
    command(ctx, 'lakehouse.history.clear', 'Clearing the query history', () => ctx.clearHistory()),
    command(ctx, 'lakehouse.report.show', 'Showing the zone report', async () => {
      await ctx.project();
      await showZoneReport(ctx);
      ctx.walkthrough.reportShown();
    }),
    ...registerProjectCommands(ctx, explorer, sqlDiagnostics),
    ...registerCatalogCommands(ctx, explorer, docs),
    ...registerJobCommands(ctx, explorer, docs),
    ...registerAwsCommands(ctx, docs),
    ...registerSqlCommands(ctx, explorer, sqlDiagnostics),
    ...registerStorageCommands(ctx, explorer, docs),
  );
  registerPanels(context, ctx); // adds its own disposables to context.subscriptions
  const preview = registerPreview(ctx, context); // likewise

  // lakehouse.json appearing, changing or going away: the welcome content's key, the diagnostics, and — when its
  // text changed — a fresh project and target
  const onManifest = async (): Promise<void> => {
    await vscode.commands.executeCommand('setContext', CONTEXT.manifestFound, ctx.projectRoot() !== undefined);
    ctx.refreshStatusBar();
    await manifestDiagnostics.checkWorkspace();
    if (await ctx.manifestChanged()) await ctx.reset('lakehouse.json changed');
    scriptDiagnostics.checkOpen();
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/lakehouse.json');
  // the local catalog's file changed (the CLI in a terminal, another window): the scripts' names checked again
  const catalogWatcher = vscode.workspace.createFileSystemWatcher('**/catalog.json');
  const onCatalogFile = (uri: vscode.Uri): void => {
    const root = ctx.projectRoot();
    if (root !== undefined && uri.fsPath === path.join(path.resolve(root, ctx.config.localDataFolder), 'catalog.json')) scriptDiagnostics.checkOpen();
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(() => void onManifest()),
    watcher.onDidChange(() => void onManifest()),
    watcher.onDidDelete(() => void onManifest()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void onManifest()),
    catalogWatcher,
    catalogWatcher.onDidCreate(onCatalogFile),
    catalogWatcher.onDidChange(onCatalogFile),
    catalogWatcher.onDidDelete(onCatalogFile),
    // a SQL editor in view: the user is about to run SQL, so the local engine opens meanwhile
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e?.document.languageId === 'sql') ctx.warmEngine('a SQL editor is open');
    }),
    ctx.onDidReset(() => {
      // a new target, profile or region: nothing loaded from the previous one stays on screen
      explorer.reset();
      codeLens.refresh();
      scriptDiagnostics.checkOpen();
      refreshZoneReport();
    }),
  );
  void vscode.commands.executeCommand('setContext', CONTEXT.manifestFound, ctx.projectRoot() !== undefined);
  // validating lakehouse.json loads the JSON Schema validator: after activation, not during it
  // (and loading the project sets the context key that offers "Run Job" on its scripts)
  setTimeout(() => {
    void manifestDiagnostics.checkWorkspace().catch((e: unknown) => ctx.log.warn(`checking lakehouse.json: ${String(e)}`));
    if (ctx.projectRoot() !== undefined) void ctx.project().catch(() => undefined);
    ctx.walkthrough.start();
    void settingsCheck.check().catch((e: unknown) => ctx.log.warn(`checking the settings: ${String(e)}`));
    if (vscode.window.visibleTextEditors.some((e) => e.document.languageId === 'sql')) ctx.warmEngine('a SQL editor is open');
    scriptDiagnostics.checkOpen();
  }, 0);

  const activateMs = performance.now() - t0;
  const bundleMs = bundleEvaluated - bundleStart;
  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  ctx.log.info(
    `Lakehouse Studio ${version} activated (${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI) ` +
      `in ${activateMs.toFixed(1)} ms (+${bundleMs.toFixed(1)} ms evaluating the bundle's modules)`,
  );
  return { ctx, explorer, manifestDiagnostics, sqlDiagnostics, sqlLanguage, scriptDiagnostics, settingsCheck, preview, activation: { bundleMs, activateMs } };
}

export async function deactivate(): Promise<void> {
  // close the target (DuckDB, running jobs) before the extension host goes away; the rest is disposed through
  // context.subscriptions
  await current?.reset('the extension is deactivating');
  current = undefined;
}
