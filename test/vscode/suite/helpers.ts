// What the extension-host specs share (bundled into each *.spec.js by scripts/build-vscode-tests.mjs).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LakehouseApi } from '../../../src/extension/extension';
import type { ExplorerNode } from '../../../src/extension/explorer/nodes';

/**
 * What the specs are waiting for right now, printed by the suite when a test fails (index.ts). On globalThis: each
 * spec is a bundle of its own, with its own copy of this module.
 */
const WAITING = Symbol.for('lakehouse.test.waitingFor');
export const waitingFor: Set<string> = ((globalThis as Record<symbol, Set<string> | undefined>)[WAITING] ??= new Set<string>());

/**
 * Resolves with the first value of `probe()` that is not undefined: checked now, then again each time one of
 * `events` fires — the events that can change the answer (a tab opened, a document changed, the tree changed…).
 * It sets no time limit of its own: how long a step takes depends on the machine, so the only limit is the test's
 * (mocha's timeout, there to catch a hang), and on a failure the suite prints what was still awaited.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, events: vscode.Event<unknown>[]): Promise<T> {
  waitingFor.add(what);
  const subs: vscode.Disposable[] = [];
  try {
    return await new Promise<T>((resolve, reject) => {
      let checking = false;
      let again = false;
      const check = async (): Promise<void> => {
        // one probe at a time; an event during a probe checks once more after it
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          do {
            again = false;
            const v = await probe();
            if (v !== undefined) {
              resolve(v);
              return;
            }
          } while (again);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        } finally {
          checking = false;
        }
      };
      for (const e of events) subs.push(e(() => void check()));
      void check();
    });
  } finally {
    for (const s of subs) s.dispose();
    waitingFor.delete(what);
  }
}

/** Events of the workbench the specs wait on. */
export const on = {
  tabs: vscode.window.tabGroups.onDidChangeTabs as vscode.Event<unknown>,
  activeEditor: vscode.window.onDidChangeActiveTextEditor as vscode.Event<unknown>,
  diagnostics: vscode.languages.onDidChangeDiagnostics as vscode.Event<unknown>,
  /** a document opened or changed (an output channel's document grows as lines are logged) */
  documents: [vscode.workspace.onDidOpenTextDocument, vscode.workspace.onDidChangeTextDocument] as vscode.Event<unknown>[],
  /** a file of the workspace created, changed or deleted (matching `glob`, relative to `base`) */
  files(base: string, glob: string): { events: vscode.Event<unknown>[]; dispose(): void } {
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(base), glob));
    return { events: [w.onDidCreate, w.onDidChange, w.onDidDelete], dispose: () => w.dispose() };
  },
};

/** The Lakehouse output channel's document (shown by "Lakehouse: Show Log"), once the workbench has opened it. */
export async function lakehouseLog(): Promise<vscode.TextDocument> {
  await vscode.commands.executeCommand('lakehouse.showLog');
  // output:extension-output-<extension id>-#1-Lakehouse (VS Code 1.100), output:<extension id>.Lakehouse.log (1.139)
  const find = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && /Lakehouse(\.log)?$/.test(d.uri.path));
  return until('the Lakehouse log', find, on.documents);
}

/** Waits until the Lakehouse log's text satisfies `probe`. */
export async function logUntil<T>(what: string, probe: (text: string) => T | undefined): Promise<T> {
  const doc = await lakehouseLog();
  return until(what, () => probe(doc.getText()), on.documents);
}

/** A tree item's label as text. */
export function label(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/**
 * The Lakehouse tree as a test reads it: `explorer` gives the extension's tree provider (once activated).
 * `child` is the child of a node whose label is `name`; `walk` follows labels down from the root.
 */
export function explorerTree(explorer: () => LakehouseApi['explorer']) {
  const children = (node?: ExplorerNode) => explorer().getChildren(node);
  const item = (node: ExplorerNode) => explorer().getTreeItem(node);
  const child = async (node: ExplorerNode | undefined, name: string): Promise<ExplorerNode> => {
    const all = await children(node);
    const found = all.find((n) => label(item(n)) === name);
    assert.ok(found, `no "${name}" under ${node ? label(item(node)) : 'the root'}; found: ${all.map((n) => label(item(n))).join(', ')}`);
    return found;
  };
  const walk = async (...names: string[]): Promise<ExplorerNode> => {
    let node: ExplorerNode | undefined;
    for (const n of names) node = await child(node, n);
    return node!;
  };
  return { children, item, child, walk };
}
