// What the extension-host specs share (bundled into each *.spec.js by scripts/build-vscode-tests.mjs).
import type * as vscode from 'vscode';

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
