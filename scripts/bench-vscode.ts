/**
 * `npm run bench:vscode` — the results grid in a real VS Code (figures, not tests: nothing here asserts a time).
 * The packaged VSIX is installed into code-server (the current build: 4.139.1, VS Code 1.139, on Node 24) and driven in headless Chromium, as the E2E does.
 *
 *   1. Run SQL → first rows painted: from the click on "Lakehouse: Run SQL" in the command palette (a .sql file
 *      open in the editor) to the first row of the grid in the webview's DOM, on the STEDI sample at the size of
 *      the real set (956 customers). "cold" is the first query of the window (DuckDB loads, the target opens);
 *      "warm" the median of the following runs.
 *      "again" is Run SQL with the previous results tab still open (no "Close All Editors" before it): the way a person
 *      runs one query after another — from the palette, then with Ctrl+Enter in the SQL editor (the keybinding);
 *      then "Run SQL in a New Tab" (palette, Ctrl+Shift+Enter): a new result tab in the open results panel each time.
 *      "cold" and "warm" open the first results panel (all editors closed before): a webview made each time.
 *   0. Activation (first, on a fresh window and after each "Developer: Reload Window"): VS Code's own figure from
 *      "Developer: Show Running Extensions" (loading the extension's code + its activate() call) and the
 *      extension's own log line (its activate() and the evaluation of its bundle's modules).
 *   3. The job graph after an edit: keystrokes in a Glue script, each timed from its keydown to the graph beside
 *      it showing the changed node (timeGraphEdits).
 *   2. A 1M-row result: time to the first row; JS heap of the renderer that holds the webview (CDP
 *      Runtime.getHeapUsage after a GC) before the query, after it and after scrolling; the rows the grid keeps;
 *      frames during a scripted scroll (steady: 3 rows a frame; fling: the whole result in 4 s) and jumps to far
 *      rows (time until the rows there are drawn).
 *
 * Options: --json FILE (write the figures), --runs N (warm runs, default 7), --activations N (window loads
 * measured, default 5), --only scroll (the 1M-row part alone), first-rows (activation and Run SQL only), again (Run SQL
 * into the open results tab, with one run of each other kind before it), new-tab (Run SQL in a New Tab into the
 * open results panel, with one or two runs of each other kind before it) or graph (the job graph after an edit only). BENCH_PHASES=1 prints when each part of
 * the grid appeared (=marks: the page's marks and the host's hops only, without the polling), and the CPU time each
 * side took meanwhile (code-server's processes, the browser's, everyone else's: Linux's /proc); BENCH_PROFILE=1 a CPU
 * profile of the webview during the steady scroll, =again one of each Run SQL into the open results tab.
 * BENCH_TRACE=PREFIX writes a Chrome trace (every thread of the browser, for chrome://tracing or Perfetto) of each
 * Run SQL into an open results panel to PREFIX-N.json (with the marks bench:down and bench:row, the input and the
 * first row, in the trace's clock); BENCH_WS=1 prints the WebSocket frames between the
 * workbench and the server (when, which way, how many bytes) during each of them.
 * Needs `bash scripts/setup-vscode-test.sh` and `npm run package:vsix` first (the npm script packages).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM, createProfile, installVsix, removeProfile, ROOT, startCodeServer } from '../test/vscode/code-server';
import { innerFrame, measureActivations, scriptedScroll, topFunctions, waitActivated, type Activation } from './bench-vscode-probes';
import { closeAllEditors, gridRow, makeWorkspace, numberedRowsSql, openFile, palette, UI_MS, webviewFrame, writeSql } from '../test/vscode/e2e/gridPage';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(opt('runs') ?? 7);
const ACTIVATIONS = Number(opt('activations') ?? 5);
/** `--only scroll`: the 1M-row part alone (for profiling); `--only first-rows`: activation and first rows */
const ONLY = opt('only');
const VSIX = process.env.LAKEHOUSE_VSIX ?? join(ROOT, 'out', 'lakehouse-studio-linux-x64.vsix');
const MILLION = 1_000_000;
/** BENCH_PHASES=1: the page's parts polled as they appear, the page's marks and the host's trace; =marks: marks and trace only (no polling that slows the page) */
const PHASES = process.env.BENCH_PHASES;
const PROBE = PHASES !== undefined && PHASES !== 'marks';
/** the extension host's hops (src/extension/panels/trace.ts), one "<name> <epoch ms>" a line */
let hostTrace: string | undefined;

/** The host's hops written since `epoch0`, as [name, ms after it]. */
function hostPhases(epoch0: number): [string, number][] {
  if (!hostTrace) return [];
  let text = '';
  try {
    text = readFileSync(hostTrace, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((l) => l.split(' '))
    .filter((p) => p.length === 2 && Number(p[1]) >= epoch0)
    .map((p) => [p[0]!, Number(p[1]) - epoch0]);
}

/**
 * CPU time (ms) used so far by the code-server's process group (server, extension host, DuckDB's threads), by the
 * browser (Chromium's processes) and by the whole machine, from /proc (Linux): over a Run SQL, how much of the two
 * cores went to what — our page waits for the cores as much as for its own work on a loaded machine.
 */
let serverGroup: number | undefined;
function cpuNow(): { server: number; browser: number; machine: number } | undefined {
  try {
    const tick = 10; // USER_HZ = 100 on Linux
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system (idle iowait excluded) irq softirq steal
    const machine = (fields[0]! + fields[1]! + fields[2]! + fields[5]! + fields[6]! + fields[7]!) * tick;
    const procs: { pid: number; ppid: number; pgrp: number; ms: number }[] = [];
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      } catch {
        continue;
      }
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.push({ pid: Number(d), ppid: Number(rest[1]), pgrp: Number(rest[2]), ms: (Number(rest[11]) + Number(rest[12])) * tick });
    }
    // this bench's descendants: code-server's process group, and the browser (every other one: Chromium's)
    const parent = new Map(procs.map((p) => [p.pid, p.ppid]));
    const ours = (pid: number): boolean => {
      for (let p = parent.get(pid), i = 0; p !== undefined && i < 20; p = parent.get(p), i++) if (p === process.pid) return true;
      return false;
    };
    let server = 0;
    let browser = 0;
    for (const p of procs) {
      if (serverGroup !== undefined && p.pgrp === serverGroup) server += p.ms;
      else if (ours(p.pid)) browser += p.ms;
    }
    return { server, browser, machine };
  } catch {
    return undefined;
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * Opens `file`, readies "Lakehouse: Run SQL" in the palette, and times the click to the grid's first row. With
 * `keepTabs` the editors stay open (the previous results tab among them): the rows shown before are marked, and
 * the time is to a first row that is not one of them.
 */
async function timeRunSql(page: Page, file: string, keepTabs = false, via: Via = 'palette'): Promise<number> {
  const command = via === 'palette-new' ? 'Lakehouse: Run SQL in a New Tab' : 'Lakehouse: Run SQL';
  const fromPalette = via === 'palette' || via === 'palette-new';
  if (!keepTabs) await closeAllEditors(page);
  else if ((await page.locator('iframe.webview.ready').count()) > 0)
    await (await innerFrame(webviewFrame(page))).evaluate(`document.querySelectorAll('.ag-row').forEach((r) => r.setAttribute('data-bench-stale', ''))`).catch(() => undefined);
  await openFile(page, file);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${command}$`) }) }).first();
  if (fromPalette) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input.input').fill(`>${command}`);
    await row.waitFor({ timeout: UI_MS });
  }
  // a row with its data: not marked loading and with text (a row drawn before its block came has none)
  const first = gridRow(webviewFrame(page), 0).and(webviewFrame(page).locator('.ag-row:not([data-bench-stale])')).filter({ hasText: /\S/ });
  const probes: [string, () => Promise<number>][] = [
    ['tab', () => page.locator('.tabs-container .tab', { hasText: /^(?!.*\.sql)/ }).count()],
    ['iframe', () => page.locator('iframe.webview.ready').count()],
    ['page', () => webviewFrame(page).locator('.toolbar').count()],
    ['status', () => webviewFrame(page).locator('[data-testid="status"]', { hasText: 'row' }).count()],
    ['grid', () => webviewFrame(page).locator('.ag-root-wrapper').count()],
  ];
  const seen: Record<string, number> = {};
  if (PHASES && keepTabs && (await page.locator('iframe.webview.ready').count()) > 0)
    await (await innerFrame(webviewFrame(page))).evaluate('performance.clearMarks()').catch(() => undefined);
  // BENCH_PROFILE=again: a CPU profile of the webview's renderer from the click to the first row (results tab open)
  let prof: CDPSession | undefined;
  if (process.env.BENCH_PROFILE === 'again' && keepTabs && (await page.locator('iframe.webview.ready').count()) > 0) {
    const inner = await innerFrame(webviewFrame(page));
    // the webview's renderer: a session on its frame, on the frame that holds it, else the page's (an in-process frame)
    for (const f of [inner, inner.parentFrame()]) if (f && !prof) prof = await page.context().newCDPSession(f).catch(() => undefined);
    prof ??= await page.context().newCDPSession(page);
    await prof?.send('Profiler.enable');
    await prof?.send('Profiler.setSamplingInterval', { interval: 200 });
    await prof?.send('Profiler.start');
  }
  // BENCH_TRACE=file: a Chrome trace (all threads) of the runs into an open results tab, written to file-N.json
  let tracing: CDPSession | undefined;
  if (process.env.BENCH_TRACE && keepTabs && (await page.locator('iframe.webview.ready').count()) > 0) {
    tracing = await page.context().newCDPSession(page);
    await tracing.send('Tracing.start', {
      transferMode: 'ReturnAsStream',
      traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute', 'toplevel', 'blink', 'loading', 'disabled-by-default-devtools.timeline.frame'] },
    });
  }
  // in a results tab already open: the time the first new row enters the page's DOM, taken in the page (a
  // MutationObserver), without the latency of the polling below
  let observed = false;
  if (keepTabs && (await page.locator('iframe.webview.ready').count()) > 0)
    observed = await (await innerFrame(webviewFrame(page)))
      .evaluate(
        `(() => { window.__benchRow = 0; const sel = 'section.result:not([hidden]) .ag-grid-scrolling-container .ag-row[row-index="0"]:not(.row-loading):not([data-bench-stale])';
          const shown = (r) => r && r.textContent.trim() !== '';
          const obs = new MutationObserver(() => { if (shown(document.querySelector(sel))) { window.__benchRow = Date.now(); performance.mark('bench:row'); obs.disconnect(); } });
          obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class'] }); return true; })()`,
      )
      .then(() => true)
      .catch(() => false);
  // when the mouse button went down on the entry (Playwright checks the entry is visible, stable and hit first)
  // (or the keydown of Ctrl+Enter in the editor)
  await page.evaluate(
    fromPalette
      ? `window.__benchDown = 0; window.addEventListener('mousedown', () => { window.__benchDown = Date.now(); performance.mark('bench:down'); }, { capture: true, once: true })`
      : `window.__benchDown = 0; window.addEventListener('keydown', function on(e) { if (e.key === 'Enter') { window.__benchDown = Date.now(); performance.mark('bench:down'); window.removeEventListener('keydown', on, true); } }, true)`,
  );
  const cpu0 = PHASES ? cpuNow() : undefined;
  const t0 = performance.now();
  const epoch0 = Date.now();
  if (fromPalette) await row.click();
  else await page.keyboard.press(via === 'keys-new' ? 'Control+Shift+Enter' : 'Control+Enter');
  // a tight poll (the locator's own waitFor backs off to 100s of ms between checks)
  for (;;) {
    if (PROBE) for (const [name, probe] of probes) if (seen[name] === undefined && (await probe()) > 0) seen[name] = Math.round(performance.now() - t0);
    if ((await first.count()) > 0) {
      const t = performance.now() - t0;
      const cpu1 = cpu0 ? cpuNow() : undefined;
      const down = Number(await page.evaluate('window.__benchDown')) - epoch0;
      const inPage = observed ? Number(await (await innerFrame(webviewFrame(page))).evaluate('window.__benchRow')) : 0;
      lastFromInput = down > 0 && inPage > 0 ? inPage - epoch0 - down : undefined;
      // a new tab: where the time went, from the page's own clock (a fresh frame: its clock and Date.now() agree)
      lastNewTab = undefined;
      if (!keepTabs && down > 0) {
        const split = JSON.parse(
          String(
            await (await innerFrame(webviewFrame(page))).evaluate(
              `JSON.stringify({ html: Math.min(...performance.getEntriesByType('resource').filter((e) => /\\/grid\\.(js|css)$/.test(new URL(e.name).pathname)).map((e) => e.startTime)) + performance.timeOrigin - ${epoch0}, sw: (performance.getEntriesByType('navigation')[0] || {}).workerStart || 0, rows: (performance.getEntriesByName('lakehouse:rows-set')[0] || { startTime: NaN }).startTime + performance.timeOrigin - ${epoch0} })`,
            ),
          ),
        ) as { html: number | null; sw: number; rows: number | null };
        if (split.html !== null && split.rows !== null && Number.isFinite(split.html) && Number.isFinite(split.rows))
          lastNewTab = { vscodeMs: split.html - down, serviceWorkerMs: split.sw, pageMs: split.rows - split.html };
      }
      if (PHASES) {
        const timing = await (await innerFrame(webviewFrame(page))).evaluate(
          `JSON.stringify({ origin: Math.round(performance.timeOrigin - ${epoch0}), marks: performance.getEntriesByType('mark').map((m) => [m.name.replace('lakehouse:', ''), Math.round(performance.timeOrigin + m.startTime - ${epoch0})]), nav: performance.getEntriesByType('navigation').map((e) => [Math.round(e.domContentLoadedEventEnd), Math.round(e.duration)]), res: performance.getEntriesByType('resource').map((e) => [e.name.slice(-12), Math.round(e.startTime), Math.round(e.duration)]) })`,
        );
        process.stdout.write(`  ${file}: ${JSON.stringify(seen)}${cpu0 && cpu1 ? ` cpu ms over ${Math.round(t)} ms of 2 cores: server ${cpu1.server - cpu0.server} browser ${cpu1.browser - cpu0.browser} others ${cpu1.machine - cpu0.machine - (cpu1.server - cpu0.server) - (cpu1.browser - cpu0.browser)}` : ''} row ${Math.round(t)} mousedown ${Math.round(down)} in-page row ${inPage > 0 ? inPage - epoch0 : '?'} host ${JSON.stringify(hostPhases(epoch0))} page ${timing}\n`);
      }
      if (tracing) {
        const done = new Promise<{ stream?: string }>((r) => tracing!.once('Tracing.tracingComplete', (e) => r(e)));
        await tracing.send('Tracing.end');
        const { stream } = await done;
        let text = '';
        for (;;) {
          const chunk = await tracing.send('IO.read', { handle: stream! });
          text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
          if (chunk.eof) break;
        }
        await tracing.send('IO.close', { handle: stream! });
        traceCount++;
        writeFileSync(`${process.env.BENCH_TRACE}-${traceCount}.json`, JSON.stringify({ epoch0, down, inPage, trace: JSON.parse(text) }));
      }
      // frames as "<ms after the mousedown><direction: < to the browser, > to the server><bytes>"
      if (process.env.BENCH_WS && keepTabs) process.stdout.write(`  ws: ${wsFrames.splice(0).filter((f) => f[0] >= epoch0).map((f) => `${f[0] - epoch0 - down}${f[1] === 'in' ? '<' : '>'}${f[2]}`).join(' ')}\n`);
      if (prof) process.stdout.write(`${await topFunctions(prof)}\n`);
      return t;
    }
    if (performance.now() - t0 > 60_000) {
      const marks = await (await innerFrame(webviewFrame(page)))
        .evaluate(`JSON.stringify(performance.getEntriesByType('mark').map((m) => m.name)) + ' ' + document.body.innerText.slice(0, 300)`)
        .catch((e: unknown) => String(e));
      throw new Error(`no row in the grid 60 s after Run SQL on ${file} (host ${JSON.stringify(hostPhases(epoch0))}, page ${marks})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * How Run SQL is started: "Lakehouse: Run SQL" from the palette or Ctrl+Enter in the SQL editor (into the preview
 * tab), "Lakehouse: Run SQL in a New Tab" from the palette or Ctrl+Shift+Enter (a new result tab in the open panel).
 */
type Via = 'palette' | 'keys' | 'palette-new' | 'keys-new';

/**
 * The last timeRunSql into an open results tab, taken by the pages themselves: from the mousedown on the palette
 * entry (not the start of Playwright's click, which first checks the entry is visible, stable and hit), or the
 * keydown of Ctrl+Enter, to the first row entering the webview's DOM (not when the polling saw it).
 */
let lastFromInput: number | undefined;
let traceCount = 0;
const wsFrames: [number, string, number][] = [];

/**
 * The last timeRunSql into a new tab, split: from the mousedown on the palette entry until our page's HTML is in
 * the webview's frame (it asks for grid.js and grid.css: VS Code ran the command, opened the editor, made and
 * loaded the webview — of which the wait for the webview's service worker, from the frame's navigation timing), and
 * from there until the first block of rows is in the grid (our page: its bundle loaded and run, the grid made, the
 * rows set; the page's own mark, without the polling's latency).
 */
let lastNewTab: { vscodeMs: number; serviceWorkerMs: number; pageMs: number } | undefined;

/**
 * The job graph after an edit (issue 18: ≤ 100 ms): the STEDI job customer_landing_to_trusted.py open with its graph
 * beside it, a character typed at the end of the `# Script generated for node Customer Landing` comment (the node's
 * name on the graph), then replaced by another, `edits` keystrokes (a new text each time); each timed in the pages, from the keydown in the workbench to the node's new name
 * in the graph page's DOM (a MutationObserver there), and split by the extension host's trace: the edit event in the
 * host, the end of the typing pause and the reading of the script into its plan and graph, the model posted, the
 * page's answer. The edits are reverted afterwards.
 */
async function timeGraphEdits(page: Page, edits: number): Promise<{ ms: number[]; hops: Record<string, number[]> }> {
  await closeAllEditors(page);
  const script = 'customer_landing_to_trusted.py';
  await openFile(page, script);
  await palette(page, 'Lakehouse: Show Job Graph');
  const frame = webviewFrame(page);
  const base = 'Customer Landing';
  await frame.locator('g.node .node-name', { hasText: new RegExp(`^${base}$`) }).waitFor({ timeout: UI_MS });
  // the editor again, its cursor at the end of the comment that names the node
  await openFile(page, script);
  await page.keyboard.press('Control+g');
  await page.keyboard.type('21');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  const ms: number[] = [];
  const hops: Record<string, number[]> = { hostEdit: [], readStart: [], readDone: [], posted: [], pageAnswered: [] };
  // each keystroke makes a text not read before (the reading of a text seen before is cached): the name's last
  // character is replaced by the next of these (a growing name would be elided on the graph)
  const KEYS = 'abcdefghijklmnopqrstuvwxyz0123456789';
  if (edits > KEYS.length) throw new Error(`at most ${KEYS.length} edits`);
  for (let i = 1; i <= edits; i++) {
    const key = KEYS[i - 1]!;
    const expected = `${base}${key}`;
    if (i > 1) await page.keyboard.press('Shift+ArrowLeft');
    const inner = await innerFrame(frame);
    await inner.evaluate(
      `(() => { window.__benchGraph = 0; const want = ${JSON.stringify(expected)};
        const has = () => Array.from(document.querySelectorAll('g.node .node-name')).some((e) => e.textContent === want);
        const obs = new MutationObserver(() => { if (has()) { window.__benchGraph = Date.now(); obs.disconnect(); } });
        obs.observe(document.body, { subtree: true, childList: true, characterData: true }); })()`,
    );
    await page.evaluate(`window.__benchDown = 0; window.addEventListener('keydown', function on(e) { if (e.key === '${key}') { window.__benchDown = Date.now(); window.removeEventListener('keydown', on, true); } }, true)`);
    const epoch0 = Date.now();
    await page.keyboard.press(key);
    const t0 = performance.now();
    let shown = 0;
    while (shown === 0) {
      if (performance.now() - t0 > 30_000) throw new Error(`the graph did not show "${expected}" within 30 s`);
      await new Promise((r) => setTimeout(r, 10));
      shown = Number(await inner.evaluate('window.__benchGraph'));
    }
    const down = Number(await page.evaluate('window.__benchDown'));
    ms.push(shown - down);
    // the host's hops of this edit, after the keydown (the first of each name)
    const first = (name: string): number | undefined => hostPhases(epoch0).find(([n]) => n === name)?.[1];
    const rel = (name: string): number | undefined => {
      const t = first(name);
      return t === undefined ? undefined : t + epoch0 - down;
    };
    for (const [key, name] of [['hostEdit', 'graph-edit'], ['readStart', 'graph-read'], ['readDone', 'graph-read-done'], ['posted', 'graph-posted'], ['pageAnswered', 'graph-rendered']] as const) {
      const t = rel(name);
      if (t !== undefined) hops[key]!.push(t);
    }
  }
  await palette(page, 'File: Revert File');
  return { ms, hops };
}

async function main(): Promise<void> {
  const profile = createProfile('bench-vscode');
  const figures: Record<string, unknown> = { date: new Date().toISOString() };
  try {
    process.stdout.write('installing the VSIX and making the STEDI workspace (real-set size)…\n');
    await installVsix(profile, VSIX);
    const workspace = join(profile.root, 'workspace');
    mkdirSync(workspace);
    const { sample } = await makeWorkspace(workspace, { pipeline: false });
    await writeSql(workspace, 'customers.sql', 'SELECT * FROM customer_landing');
    await writeSql(workspace, 'accelerometer.sql', 'SELECT * FROM accelerometer_landing');
    // (the local engine refuses DuckDB's range(): the numbers come from two UNNESTed arrays, as Athena would run them)
    await writeSql(workspace, 'million.sql', numberedRowsSql(MILLION, `, ({n}) * 0.5 AS half, ({n}) % 7 = 0 AS lucky, date_add('day', ({n}) % 365, DATE '2024-01-01') AS day`));
    // (the graph's figures are split by the host's hops: always traced there)
    if (PHASES || ONLY === 'graph') hostTrace = join(profile.root, 'phases.txt');
    const server = await startCodeServer(profile, workspace, hostTrace ? { LAKEHOUSE_TRACE_PHASES: hostTrace } : {});
    serverGroup = server.processGroup;
    // its own Chromium: precise heap figures need --enable-precise-memory-info
    const context = await chromium.launchPersistentContext(join(profile.root, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    if (process.env.BENCH_WS)
      page.on('websocket', (ws) => {
        ws.on('framereceived', (f) => wsFrames.push([Date.now(), 'in', f.payload.length]));
        ws.on('framesent', (f) => wsFrames.push([Date.now(), 'out', f.payload.length]));
      });
    try {
      await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.part.activitybar .action-item a.action-label[aria-label^="Lakehouse"]').waitFor({ timeout: 90_000 });
      await waitActivated(page);

      // ---------------------------------------------------------------- 0. activation
      if (ACTIVATIONS > 0 && ONLY !== 'scroll' && ONLY !== 'graph') {
        const acts = await measureActivations(page, profile.root, ACTIVATIONS);
        const pick = (k: keyof Activation): number[] => acts.map((a) => a[k]).filter((v): v is number => v !== undefined);
        const range = (xs: number[]): string => (xs.length ? `median ${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})` : '?');
        figures['activation'] = { runs: acts, vscodeMedianMs: median(pick('vscodeMs')), activateMedianMs: pick('activateMs').length ? median(pick('activateMs')) : null, bundleMedianMs: pick('bundleMs').length ? median(pick('bundleMs')) : null };
        process.stdout.write(
          `activation (${acts.length} window loads): VS Code's figure (code loading + activate()) ${range(pick('vscodeMs'))}; ` +
            `logged activate() ${range(pick('activateMs'))}, bundle modules evaluated ${range(pick('bundleMs'))}\n`,
        );
      }

      // ---------------------------------------------------------------- 1. first rows painted
      if (ONLY !== 'scroll' && ONLY !== 'graph') {
        const newTabs = ONLY !== 'again' && ONLY !== 'new-tab';
        /** runs into the open results tab (one each with --only new-tab: the new result tabs alone) */
        const againRuns = ONLY === 'new-tab' ? 2 : RUNS;
        const cold = await timeRunSql(page, 'customers.sql');
        const warm: number[] = [];
        const splits: NonNullable<typeof lastNewTab>[] = [];
        for (let i = 0; i < (newTabs ? RUNS : 1); i++) {
          warm.push(await timeRunSql(page, 'customers.sql'));
          if (lastNewTab) splits.push(lastNewTab);
        }
        // the same steady scroll on a small result (customer_landing, all in one block; the grid shows it now): what scrolling costs without fetching
        const smallSteady = await scriptedScroll(webviewFrame(page), 3, 3);
        figures['smallResultSteadyScroll'] = smallSteady;
        process.stdout.write(`steady scroll (3 rows/frame) on the ${sample.rows.customer}-row result: ${smallSteady.fps} fps, frame p50 ${smallSteady.p50Ms} ms, p95 ${smallSteady.p95Ms} ms\n`);
        const accel: number[] = [];
        for (let i = 0; i < (newTabs ? 3 : 1); i++) accel.push(await timeRunSql(page, 'accelerometer.sql'));
        // one query after another with the results tab left open (the first run opens it and is not counted)
        await closeAllEditors(page);
        await timeRunSql(page, 'customers.sql', true);
        const again: number[] = [];
        const againDown: number[] = [];
        const againDownBy: Record<string, number[]> = { 'customers.sql': [], 'accelerometer.sql': [] };
        for (let i = 0; i < againRuns; i++) {
          const file = i % 2 ? 'customers.sql' : 'accelerometer.sql';
          again.push(await timeRunSql(page, file, true));
          if (lastFromInput !== undefined) {
            againDown.push(lastFromInput);
            againDownBy[file]!.push(lastFromInput);
          }
        }
        // the same with Ctrl+Enter in the SQL editor (the keybinding): from its keydown
        const keysDownBy: Record<string, number[]> = { 'customers.sql': [], 'accelerometer.sql': [] };
        for (let i = 0; i < againRuns; i++) {
          const file = i % 2 ? 'customers.sql' : 'accelerometer.sql';
          await timeRunSql(page, file, true, 'keys');
          if (lastFromInput !== undefined) keysDownBy[file]!.push(lastFromInput);
        }
        // a new result tab in the open panel each time ("Run SQL in a New Tab"): from the palette, then Ctrl+Shift+Enter
        const newTabDownBy: Record<string, number[]> = { 'customers.sql': [], 'accelerometer.sql': [] };
        const newTabKeysDownBy: Record<string, number[]> = { 'customers.sql': [], 'accelerometer.sql': [] };
        for (const [via, by] of [['palette-new', newTabDownBy], ['keys-new', newTabKeysDownBy]] as const)
          for (let i = 0; i < RUNS; i++) {
            const file = i % 2 ? 'customers.sql' : 'accelerometer.sql';
            await timeRunSql(page, file, true, via);
            if (lastFromInput !== undefined) by[file]!.push(lastFromInput);
          }
        const tabsOpen = await (await innerFrame(webviewFrame(page))).evaluate(`JSON.stringify({ tabs: document.querySelectorAll('.tabs .tab').length, grids: document.querySelectorAll('section.result .ag-root-wrapper').length })`);
        const perTable = (file: string, by = againDownBy): string => {
          const xs = by[file]!;
          return xs.length ? `median ${Math.round(median(xs))} ms (${xs.map(Math.round).join(', ')})` : '?';
        };
        figures['firstRows'] = {
          customerRows: sample.rows.customer,
          coldMs: Math.round(cold),
          warmMedianMs: Math.round(median(warm)),
          warmMs: warm.map(Math.round),
          accelerometerRows: sample.rows.accelerometer,
          accelerometerMedianMs: Math.round(median(accel)),
          againMedianMs: Math.round(median(again)),
          againMs: again.map(Math.round),
          againInPageMedianMs: againDown.length ? Math.round(median(againDown)) : null,
          againInPageMs: againDown.map(Math.round),
          againInPageCustomersMedianMs: againDownBy['customers.sql']!.length ? Math.round(median(againDownBy['customers.sql']!)) : null,
          againInPageAccelerometerMedianMs: againDownBy['accelerometer.sql']!.length ? Math.round(median(againDownBy['accelerometer.sql']!)) : null,
          keysInPageCustomersMs: keysDownBy['customers.sql']!.map(Math.round),
          keysInPageAccelerometerMs: keysDownBy['accelerometer.sql']!.map(Math.round),
          newTabInPageCustomersMs: newTabDownBy['customers.sql']!.map(Math.round),
          newTabInPageAccelerometerMs: newTabDownBy['accelerometer.sql']!.map(Math.round),
          newTabKeysInPageCustomersMs: newTabKeysDownBy['customers.sql']!.map(Math.round),
          newTabKeysInPageAccelerometerMs: newTabKeysDownBy['accelerometer.sql']!.map(Math.round),
          loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
          newTabSplit: splits.map((x) => ({ vscodeMs: Math.round(x.vscodeMs), serviceWorkerMs: Math.round(x.serviceWorkerMs), pageMs: Math.round(x.pageMs) })),
        };
        if (splits.length)
          process.stdout.write(
            `into the FIRST results panel (none open: a webview made), where the time goes (medians of the warm runs): from the mousedown until our page's HTML is in the webview ${Math.round(median(splits.map((x) => x.vscodeMs)))} ms (VS Code: the command, the editor, the webview made and loaded; ` +
              `of which waiting for the webview's service worker ${Math.round(median(splits.map((x) => x.serviceWorkerMs)))} ms), then our page until the first rows are in the grid (bundle loaded and run, grid made, rows set) ${Math.round(median(splits.map((x) => x.pageMs)))} ms\n`,
          );
        process.stdout.write(`Run SQL → first row painted: cold ${Math.round(cold)} ms, the first results panel (no panel open; polled from the click) warm median ${Math.round(median(warm))} ms (${warm.map(Math.round).join(', ')}) on customer_landing (${sample.rows.customer} rows); accelerometer_landing (${sample.rows.accelerometer} rows) ${Math.round(median(accel))} ms; again with the results tab open: median ${Math.round(median(again))} ms (${again.map(Math.round).join(', ')}); taken in the pages (mousedown on the palette entry → first row in the webview's DOM, without Playwright's checks before its click and the polling): median ${againDown.length ? Math.round(median(againDown)) : '?'} ms (${againDown.map(Math.round).join(', ')}); by table: customer_landing ${perTable('customers.sql')}, accelerometer_landing ${perTable('accelerometer.sql')}\n`);
        process.stdout.write(`… with Ctrl+Enter in the SQL editor instead (from its keydown to the first row with text, taken in the pages): customer_landing ${perTable('customers.sql', keysDownBy)}, accelerometer_landing ${perTable('accelerometer.sql', keysDownBy)}\n`);
        process.stdout.write(
          `into a NEW result tab of the open results panel ("Run SQL in a New Tab", taken in the pages): from the palette customer_landing ${perTable('customers.sql', newTabDownBy)}, accelerometer_landing ${perTable('accelerometer.sql', newTabDownBy)}; ` +
            `with Ctrl+Shift+Enter customer_landing ${perTable('customers.sql', newTabKeysDownBy)}, accelerometer_landing ${perTable('accelerometer.sql', newTabKeysDownBy)} (then ${tabsOpen}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})\n`,
        );
      }

      // ---------------------------------------------------------------- 3. the job graph after an edit
      if (ONLY === undefined || ONLY === 'graph') {
        const { ms, hops } = await timeGraphEdits(page, Math.min(36, RUNS * 3));
        const show = (xs: number[]): string => (xs.length ? `median ${Math.round(median(xs))} ms (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})` : '? (BENCH_PHASES=marks for the host\'s hops)');
        figures['graphAfterEdit'] = { ms, medianMs: Math.round(median(ms)), hops };
        process.stdout.write(
          `job graph after an edit (${ms.length} keystrokes, keydown → the node's new name in the graph page's DOM, taken in the pages): ${show(ms)}, p90 ${Math.round([...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.9)]!)} ms\n` +
            `  after the keydown: the edit in the extension host ${show(hops.hostEdit!)}; the reading starts (after the typing pause) ${show(hops.readStart!)}, done ${show(hops.readDone!)}; the model posted ${show(hops.posted!)}; the page's answer back in the host ${show(hops.pageAnswered!)}\n`,
        );
      }

      // ---------------------------------------------------------------- 2. a 1M-row result
      if (ONLY !== 'first-rows' && ONLY !== 'again' && ONLY !== 'new-tab' && ONLY !== 'graph') {
        const cdp = await context.newCDPSession(page);
        const heap = async (): Promise<number> => {
          await cdp.send('HeapProfiler.collectGarbage');
          return (await cdp.send('Runtime.getHeapUsage')).usedSize;
        };
        await closeAllEditors(page);
        const before = await heap();
        const firstRowMs = await timeRunSql(page, 'million.sql');
        const frame = webviewFrame(page);
        const afterQuery = await heap();
        // the webview runs in a renderer of its own (another origin): its heap through a CDP session on its frame
        const inner = await innerFrame(frame);
        let webviewCdp: CDPSession | undefined;
        for (const f of [inner, inner.parentFrame()]) {
          if (!f || webviewCdp) continue;
          webviewCdp = await context.newCDPSession(f).catch(() => undefined);
        }
        const webviewHeap = async (): Promise<number | undefined> => {
          if (!webviewCdp) return undefined;
          await webviewCdp.send('HeapProfiler.collectGarbage');
          return (await webviewCdp.send('Runtime.getHeapUsage')).usedSize;
        };
        const webviewAfterFirstRows = await webviewHeap();
        const profiler = webviewCdp ?? cdp;
        if (process.env.BENCH_PROFILE) {
          await profiler.send('Profiler.enable');
          await profiler.send('Profiler.start');
        }
        const steady = await scriptedScroll(frame, 3, 4);
        if (process.env.BENCH_PROFILE) process.stdout.write(`${await topFunctions(profiler)}\n`);
        const fling = await scriptedScroll(frame, Math.ceil(MILLION / (4 * 60)), 4);
        // jumps: time until the rows at a far position are drawn
        const jumps: number[] = [];
        // (the grid may compress a very tall list into the height a browser allows: jump by fraction)
        for (const target of [500_000, 999_000, 123_456, 777_777, 10_000]) {
          const inner = await innerFrame(frame);
          const t0 = performance.now();
          await inner.evaluate(
            `(() => { const v = document.querySelector('.ag-grid-viewport'); v.scrollTop = ${target / MILLION} * (v.scrollHeight - v.clientHeight); })()`,
          );
          for (;;) {
            const near = await inner.evaluate(
              `Array.from(document.querySelectorAll('.ag-row:not(.row-loading)')).some((r) => r.textContent.trim() !== '' && Math.abs(Number(r.getAttribute('row-index')) - ${target}) < 2000)`,
            );
            if (near) break;
            if (performance.now() - t0 > 30_000) throw new Error(`rows near ${target} were not drawn within 30 s`);
            await new Promise((r) => setTimeout(r, 5));
          }
          jumps.push(Math.round(performance.now() - t0));
        }
        const afterScroll = await heap();
        const webviewAfterScroll = await webviewHeap();
        // Chromium's performance.memory: the heap of the renderer isolate that runs the webview
        const inFrame = (await (await innerFrame(frame)).evaluate(
          `({ domRows: document.querySelectorAll('.ag-row').length, usedJSHeapSize: performance.memory ? performance.memory.usedJSHeapSize : 0 })`,
        )) as { domRows: number; usedJSHeapSize: number };
        const metrics = await cdp.send('Performance.enable').then(() => cdp.send('Performance.getMetrics'));
        const metric = (name: string): number => metrics.metrics.find((m) => m.name === name)?.value ?? 0;
        figures['million'] = {
          firstRowMs: Math.round(firstRowMs),
          workbenchHeapMB: { beforeQuery: mb(before), afterFirstRows: mb(afterQuery), afterScrolling: mb(afterScroll) },
          webviewHeapMB: {
            afterFirstRows: webviewAfterFirstRows === undefined ? null : mb(webviewAfterFirstRows),
            afterScrolling: webviewAfterScroll === undefined ? null : mb(webviewAfterScroll),
            performanceMemoryUsed: mb(inFrame.usedJSHeapSize),
          },
          domRows: inFrame.domRows,
          domNodes: metric('Nodes'),
          steadyScroll: steady,
          flingScroll: fling,
          jumpToRowMs: jumps,
        };
        process.stdout.write(
          `1M rows: first row ${Math.round(firstRowMs)} ms; webview JS heap ${webviewAfterFirstRows === undefined ? '?' : mb(webviewAfterFirstRows)} MB after the first rows, ${webviewAfterScroll === undefined ? '?' : mb(webviewAfterScroll)} MB after scrolling (performance.memory ${mb(inFrame.usedJSHeapSize)} MB; DOM rows ${inFrame.domRows}); workbench heap ${mb(before)} → ${mb(afterScroll)} MB\n` +
            `  steady scroll (3 rows/frame): ${steady.fps} fps, frame p50 ${steady.p50Ms} ms, p95 ${steady.p95Ms} ms, max ${steady.maxMs} ms, ${steady.long} frames > 50 ms of ${steady.frames}\n` +
            `  fling (whole result in 4 s): ${fling.fps} fps, frame p50 ${fling.p50Ms} ms, p95 ${fling.p95Ms} ms, max ${fling.maxMs} ms, ${fling.long} frames > 50 ms of ${fling.frames}\n` +
            `  jump to a far row → drawn: ${jumps.join(', ')} ms\n`,
        );
      }
    } finally {
      await context.close().catch(() => undefined);
      await server.stop();
    }
    const json = opt('json');
    if (json) writeFileSync(json, `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    removeProfile(profile);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-vscode: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
