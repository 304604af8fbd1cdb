/**
 * What `scripts/bench-vscode.ts` reads from VS Code and the browser: a CDP profile's busiest functions, the
 * extension's activation time (VS Code's figure and the extension's log line), and frame statistics of a scripted
 * scroll of the results grid. Figures only: nothing here asserts a time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Frame, FrameLocator, Page } from 'playwright-core';
import { closeAllEditors, palette, UI_MS } from '../test/vscode/e2e/gridPage';

/** Stops the profiler of `cdp` and lists the functions with the most self time. */
export async function topFunctions(cdp: CDPSession, n = 25): Promise<string> {
  const { profile: prof } = await cdp.send('Profiler.stop');
  const self = new Map<string, number>();
  const dt = new Map<number, number>();
  prof.samples?.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas?.[i] ?? 0)));
  for (const node of prof.nodes) {
    const k = `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.slice(-25)}:${node.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (dt.get(node.id) ?? 0));
  }
  const lines = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `   ${(v / 1000).toFixed(1)} ms ${k}`);
  if (process.env.BENCH_TIMELINE) {
    // what the renderer did in each 25 ms from the start of the profile (≈ the click): the busiest functions
    const byId = new Map(prof.nodes.map((node) => [node.id, node]));
    const buckets = new Map<number, Map<string, number>>();
    let at = prof.startTime;
    prof.samples?.forEach((id, i) => {
      at += prof.timeDeltas?.[i] ?? 0;
      const b = Math.floor((at - prof.startTime) / 25_000);
      const f = byId.get(id)?.callFrame;
      const k = `${f?.functionName || '(anon)'}${f?.url ? `@${f.url.slice(-12)}` : ''}`;
      const m = buckets.get(b) ?? new Map<string, number>();
      m.set(k, (m.get(k) ?? 0) + (prof.timeDeltas?.[i] ?? 0));
      buckets.set(b, m);
    });
    for (const [b, m] of [...buckets].sort((x, y) => x[0] - y[0])) {
      const idle = (m.get('(idle)') ?? 0) / 1000;
      const busy = [...m].filter(([k]) => k !== '(idle)').sort((x, y) => y[1] - x[1]).slice(0, 3);
      lines.push(`   ${b * 25}ms idle ${idle.toFixed(0)}: ${busy.map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`).join(', ')}`);
    }
  }
  if (process.env.BENCH_CALLERS) {
    // where the time of the named functions comes from: their callers, 4 frames up
    const parent = new Map<number, number>();
    for (const node of prof.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
    const byId = new Map(prof.nodes.map((node) => [node.id, node]));
    const chains = new Map<string, number>();
    for (const node of prof.nodes) {
      if (!process.env.BENCH_CALLERS.split(',').includes(node.callFrame.functionName)) continue;
      const names: string[] = [node.callFrame.functionName];
      for (let p = parent.get(node.id), i = 0; p !== undefined && i < 6; p = parent.get(p), i++) names.push(byId.get(p)?.callFrame.functionName || '(anon)');
      const k = names.join(' < ');
      chains.set(k, (chains.get(k) ?? 0) + (dt.get(node.id) ?? 0));
    }
    for (const [k, v] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`   ${(v / 1000).toFixed(1)} ms ${k}`);
  }
  return lines.join('\n');
}

export interface Activation {
  /** VS Code's "Activation: N ms" of Developer: Show Running Extensions (code loading + the activate() call) */
  vscodeMs: number;
  /** the extension's log line: its activate() and the evaluation of its bundle's modules */
  activateMs?: number;
  bundleMs?: number;
}

/** The "activated in X ms (+Y ms evaluating …)" lines of the extension's log, in the order written. */
export function loggedActivations(root: string): { activateMs: number; bundleMs: number }[] {
  const out: { activateMs: number; bundleMs: number; at: string }[] = [];
  for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!/Lakehouse\.log$/.test(f)) continue;
    for (const m of readFileSync(join(root, f), 'utf8').matchAll(/^(\S+ \S+) .*activated .* in ([\d.]+) ms \(\+([\d.]+) ms evaluating/gm))
      out.push({ at: m[1]!, activateMs: Number(m[2]), bundleMs: Number(m[3]) });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at)).map(({ activateMs, bundleMs }) => ({ activateMs, bundleMs }));
}

/** Reads the extension's activation time from "Developer: Show Running Extensions" (and closes it). */
export async function vscodeActivationMs(page: Page): Promise<number> {
  await palette(page, 'Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .extension', { has: page.locator('.name', { hasText: 'Lakehouse Studio' }) }).locator('.activation-time');
  for (let i = 0; ; i++) {
    const text = (await row.textContent({ timeout: UI_MS })) ?? '';
    const m = /Activation: (\d+)ms/.exec(text);
    if (m) {
      // VS Code 1.139 shows the running extensions in a modal editor that keeps the keys (F1 does not reach the
      // workbench): it is closed with its close button, then the empty editor area takes the focus
      await page
        .locator('.modal-editor-part', { has: page.locator('.runtime-extensions-editor') })
        .locator('.codicon-close, [aria-label^="Close"]')
        .first()
        .click({ timeout: UI_MS });
      await page.locator('.runtime-extensions-editor').waitFor({ state: 'detached', timeout: UI_MS });
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
      await closeAllEditors(page);
      return Number(m[1]);
    }
    if (i > 100) throw new Error(`no activation time in the running extensions editor: "${text}"`);
    await page.waitForTimeout(100);
  }
}

/** Waits until the workbench shows the extension's status bar item (it has activated). */
export async function waitActivated(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await page.locator('.statusbar-item', { hasText: 'Local (embedded)' }).first().waitFor({ timeout: 90_000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
}

/** Activation on this window load and `n - 1` reloads. */
export async function measureActivations(page: Page, logRoot: string, n: number): Promise<Activation[]> {
  const vscodeMs: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      await closeAllEditors(page);
      // waited for from before the command: a quick reload can fire the event before the palette step returns
      const loaded = page.waitForEvent('load', { timeout: 90_000 });
      await palette(page, 'Developer: Reload Window');
      await loaded;
      await waitActivated(page);
    }
    vscodeMs.push(await vscodeActivationMs(page));
  }
  const logged = loggedActivations(logRoot).slice(-n);
  return vscodeMs.map((v, i) => ({ vscodeMs: v, ...(logged.length === n ? logged[i] : {}) }));
}

export interface FrameStats {
  frames: number;
  seconds: number;
  fps: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** frames longer than 50 ms */
  long: number;
}

/**
 * Scrolls the grid `rowsPerFrame` rows each animation frame for `seconds`, inside the webview; frame statistics.
 * Page code as text: what tsx compiles a function into may call its own helpers, which the page does not have.
 */
const SCROLL_SCRIPT = `(async ({ rowsPerFrame, seconds }) => {
  const viewport = document.querySelector('.ag-grid-viewport');
  const row = viewport.querySelector('.ag-row');
  const step = (row && row.offsetHeight ? row.offsetHeight : 24) * rowsPerFrame;
  const times = [];
  const start = performance.now();
  await new Promise((resolve) => {
    const tick = (now) => {
      times.push(now);
      viewport.scrollTop += step;
      if (now - start < seconds * 1000) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame(tick);
  });
  const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  const q = (p) => Math.round(gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))] * 10) / 10;
  const secs = (times[times.length - 1] - times[0]) / 1000;
  return { frames: times.length, seconds: Math.round(secs * 100) / 100, fps: Math.round(((times.length - 1) / secs) * 10) / 10,
    p50Ms: q(0.5), p95Ms: q(0.95), maxMs: q(1), long: gaps.filter((g) => g > 50).length };
})`;

export async function innerFrame(frame: FrameLocator): Promise<Frame> {
  const body = await frame.locator('body').elementHandle();
  const f = await body?.ownerFrame();
  if (!f) throw new Error('the webview frame is not there');
  return f;
}

export async function scriptedScroll(frame: FrameLocator, rowsPerFrame: number, seconds: number): Promise<FrameStats> {
  return (await innerFrame(frame)).evaluate(`${SCROLL_SCRIPT}(${JSON.stringify({ rowsPerFrame, seconds })})`) as Promise<FrameStats>;
}
