// What the extension-host specs share (bundled into each *.spec.js by scripts/build-vscode-tests.mjs).
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { LakehouseApi } from '../../../src/extension/extension';
import type { ExplorerNode } from '../../../src/extension/explorer/nodes';

/** Resolves with the first value of `probe()` that is not undefined, polling every 100 ms until `ms` have passed. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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
