// The extension's entry point: a thin shell over the core. activate() builds what the views and commands need,
// registers everything into context.subscriptions and returns; heavy modules (DuckDB, the AWS SDK) load on first use.
import * as vscode from 'vscode';

/** The file whose presence makes a workspace folder a lakehouse project. */
const MANIFEST_GLOB = '**/lakehouse.json';
/** Context key read by the explorer's welcome content (`viewsWelcome` in package.json). */
const MANIFEST_FOUND_KEY = 'lakehouse.manifestFound';

/**
 * The explorer tree. Until the core's catalog lands it has no nodes, so VS Code shows the view's welcome
 * content instead: the empty state is the welcome view, never an empty tree.
 */
class LakehouseExplorer implements vscode.TreeDataProvider<vscode.TreeItem> {
  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(): vscode.TreeItem[] {
    return [];
  }
}

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Lakehouse', { log: true });
  context.subscriptions.push(log);

  context.subscriptions.push(
    vscode.commands.registerCommand('lakehouse.showLog', () => log.show(true)),
    vscode.window.createTreeView('lakehouse.explorer', { treeDataProvider: new LakehouseExplorer() }),
  );

  // keep the welcome content's context key in step with lakehouse.json appearing or going away
  const updateManifestFound = async (): Promise<void> => {
    const found = (await vscode.workspace.findFiles(MANIFEST_GLOB, '**/node_modules/**', 1)).length > 0;
    await vscode.commands.executeCommand('setContext', MANIFEST_FOUND_KEY, found);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB, false, true, false);
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(() => void updateManifestFound()),
    watcher.onDidDelete(() => void updateManifestFound()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void updateManifestFound()),
  );
  void updateManifestFound();

  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  log.info(`Lakehouse Studio ${version} activated (${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`);
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
