// What the grid E2E and the VS Code benchmark share: a STEDI workspace made with the core (data from the
// generator, tables, the pipeline run, a small table of hand-written rows), and the workbench steps a person takes
// (command palette, quick open, reading the results grid inside its webview).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { initProject } from '../../../src/core/actions/init';
import { runPipeline } from '../../../src/core/actions/pipeline';
import { createTables } from '../../../src/core/actions/tables';
import { planUpload, upload } from '../../../src/core/actions/upload';
import { loadProject } from '../../../src/core/project/manifest';
import { generateStediSample, type StediSample } from '../../../src/core/sample';
import { LocalTarget } from '../../../src/core/targets/local';
import { ROOT } from '../code-server';

/**
 * Limits that catch a hang, not measures of speed: every wait is for an event a person would see (a tab, a row, the
 * grid's final state), and how long it takes depends on the machine — CI's 2 cores are shared.
 * UI_MS bounds a step of the workbench itself (a menu, a quick input, a tree row); WORK_MS a step that waits for
 * the extension's work (DuckDB loading, a query, a job, a report counting rows).
 */
export const UI_MS = 60_000;
export const WORK_MS = 300_000;

/** The rows of the small table, as written to its file: a customer whose name is markup among them. */
export const PEOPLE = [
  { name: 'Ann', n: 1, city: 'Oslo' },
  { name: '<img src=x onerror=alert(1)>', n: 2, city: null },
  { name: 'Bob, "the builder"', n: 3, city: 'Lima' },
  { name: 'Chloé', n: 4, city: 'Paris' },
] as const;
export const PEOPLE_DB = 'e2e';

/** A STEDI project in `dir` with its tables created and (unless `pipeline: false`) the pipeline run, plus `e2e.people`. */
export async function makeWorkspace(dir: string, size: { customers?: number; accelerometerRows?: number; pipeline?: boolean } = {}): Promise<{ sample: StediSample }> {
  await initProject(dir, { sample: 'stedi', sampleDir: ROOT });
  const sample = await generateStediSample({
    outDir: path.join(dir, 'data'),
    seed: 11,
    ...(size.customers !== undefined ? { customers: size.customers } : {}),
    ...(size.accelerometerRows !== undefined ? { accelerometerRows: size.accelerometerRows } : {}),
  });
  const project = await loadProject(dir);
  const target = await LocalTarget.open(project);
  try {
    await upload(target, await planUpload(project, path.join(dir, 'data')));
    await createTables(project, target);
    const run = size.pipeline === false ? { ok: true, runs: [] } : await runPipeline(project, target);
    if (!run.ok) throw new Error(`the pipeline failed: ${run.runs.map((r) => `${r.jobName} ${r.state} ${r.errorMessage ?? ''}`).join('; ')}`);
    await target.storage.put(project.manifest.bucket, 'e2e/people/people.json', PEOPLE.map((p) => JSON.stringify(p)).join('\n') + '\n');
    for (const sql of [
      `CREATE DATABASE IF NOT EXISTS ${PEOPLE_DB}`,
      `CREATE EXTERNAL TABLE ${PEOPLE_DB}.people (name string, n bigint, city string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${project.manifest.bucket}/e2e/people/'`,
    ]) {
      const exec = await target.queries.run(sql);
      if (exec.state !== 'SUCCEEDED') throw new Error(`${sql}: ${exec.error?.message}`);
    }
  } finally {
    await target.close();
  }
  return { sample };
}

/**
 * `SELECT n, 'row ' || n AS label` for n = 0 … rows−1, in order, in SQL Athena runs and the local engine allows (its
 * table functions such as DuckDB's range() are refused): a cross join of two UNNESTed `sequence`s (an array literal
 * takes at most 254 elements in Athena — "Too many arguments for array constructor" — and `sequence` at most 10,000).
 */
export function numberedRowsSql(rows: number, extra = ''): string {
  const inner = 1000;
  const outer = Math.ceil(rows / inner);
  const arr = (n: number): string => `sequence(0, ${n - 1})`;
  const n = `a.n * ${inner} + b.n`;
  return `SELECT ${n} AS n, 'row ' || CAST(${n} AS varchar) AS label${extra.replace(/\{n\}/g, n)}\nFROM UNNEST(${arr(outer)}) AS a(n) CROSS JOIN UNNEST(${arr(inner)}) AS b(n)\nWHERE ${n} < ${rows}\nORDER BY n`;
}

/** A statement that runs for minutes (10^9 rows joined), for cancelling. */
export function slowSql(): string {
  const arr = 'sequence(0, 999)';
  return `SELECT count(*) AS c FROM UNNEST(${arr}) AS a(x) CROSS JOIN UNNEST(${arr}) AS b(y) CROSS JOIN UNNEST(${arr}) AS c(z) WHERE a.x * b.y + c.z = -1`;
}

export async function writeSql(dir: string, name: string, sql: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, `${sql}\n`);
  return file;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Picks the entry of the open quick input whose label is exactly `label`. */
export async function pickExactly(page: Page, label: string): Promise<void> {
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
    .first();
  await row.waitFor({ timeout: UI_MS });
  await row.click();
}

/** Runs a command from the palette by its "Category: Title". */
export async function palette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: UI_MS });
  await input.fill(`>${title}`);
  await pickExactly(page, title);
}

/** Opens a workspace file in the editor with quick open. */
export async function openFile(page: Page, name: string): Promise<void> {
  // quick open opens the file in the active group: make that the first one (the results open beside it), so the
  // file and the editor that gets the focus below are the same
  await palette(page, 'View: Focus First Editor Group');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: UI_MS });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: UI_MS });
  await page.keyboard.press('Enter');
  const group = page.locator('.editor-group-container.active');
  await group.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: UI_MS });
  await group.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Home');
}

export async function closeAllEditors(page: Page): Promise<void> {
  await palette(page, 'View: Close All Editors');
  await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: UI_MS }).catch(() => undefined);
}

/** The labels of the editor tabs, in every group. */
export async function tabLabels(page: Page): Promise<string[]> {
  return (await page.locator('.tabs-container .tab .label-name').allTextContents()).map((t) => t.trim());
}

/**
 * The result tab shown in the results page: the page holds a section per result tab (the others hidden) and a grid
 * made ahead of time, out of sight, for the next tab. Selectors of a result's parts start with it.
 */
export const SHOWN_RESULT = 'section.result:not([hidden])';

/** The page inside the webview shown (the workbench hides the webviews of the editors not in view). */
export function webviewFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').filter({ visible: true }).contentFrame().locator('iframe#active-frame').contentFrame();
}

const FINAL_STATES = ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type FinalState = (typeof FINAL_STATES)[number];

/**
 * Waits until the results page shows a final state of its statement — `sql` when given (a preview tab that took
 * another statement says PENDING until that one's state comes) — and returns it. The state is the host's: the
 * page sets it when the extension host sends the statement's final status, so this waits on the query itself,
 * however long loading the engine and running it take on this machine. `expect`: the state the test expects; any
 * other fails at once with what the page shows.
 */
export async function settled(frame: FrameLocator, options: { sql?: string; expect?: FinalState } = {}): Promise<FinalState> {
  if (options.sql !== undefined) await frame.locator(`${SHOWN_RESULT} .sql`, { hasText: options.sql }).waitFor({ timeout: WORK_MS });
  const body = frame.locator(FINAL_STATES.map((s) => `body[data-state="${s}"]`).join(', '));
  await body.waitFor({ timeout: WORK_MS });
  const state = (await body.getAttribute('data-state')) as FinalState;
  const expected = options.expect ?? 'SUCCEEDED';
  if (state !== expected) {
    const shown = (await frame.locator(`${SHOWN_RESULT} .banner`).allTextContents()).join(' | ');
    throw new Error(`the query ${state === 'FAILED' ? 'failed' : state.toLowerCase()} (expected ${expected}): ${shown}`);
  }
  return state;
}

/** A grid row of the result tab shown, by its index in the result, once its cells hold data (not the loading placeholder). */
export function gridRow(frame: FrameLocator, index: number) {
  return frame.locator(`${SHOWN_RESULT} .ag-grid-scrolling-container .ag-row[row-index="${index}"]:not(.row-loading)`);
}

/**
 * The text of the data cells of the rendered rows, by row index and column order (the row numbers, pinned left in
 * a row element of their own, are not data).
 */
export async function gridRows(frame: FrameLocator): Promise<Map<number, string[]>> {
  const cells = await frame.locator(`${SHOWN_RESULT} .ag-grid-scrolling-container`).evaluate((container) =>
    Array.from(container.querySelectorAll('.ag-row:not(.row-loading) .ag-cell'))
      .map((c) => ({ row: Number(c.closest('.ag-row')?.getAttribute('row-index')), colId: c.getAttribute('col-id') ?? '', text: c.textContent ?? '' }))
      .filter((c) => /^c\d+$/.test(c.colId)),
  );
  const rows = new Map<number, { col: number; text: string }[]>();
  for (const c of cells) rows.set(c.row, [...(rows.get(c.row) ?? []), { col: Number(c.colId.slice(1)), text: c.text }]);
  return new Map([...rows].map(([i, cs]) => [i, cs.sort((a, b) => a.col - b.col).map((c) => c.text)]));
}

/**
 * Scrolls the grid so that row `index` is at the top and reads the rows in the first frame that draws that row:
 * its index, whether it is marked as loading, its text.
 */
export async function scrollAndReadFirstFrame(frame: FrameLocator, index: number): Promise<{ index: number; loading: boolean; text: string }[]> {
  return frame.locator(`${SHOWN_RESULT} .ag-grid-viewport`).evaluate(async (viewport, i) => {
    const height = viewport.querySelector<HTMLElement>('.ag-row')?.offsetHeight || 24;
    viewport.scrollTop = i * height;
    for (let n = 0; n < 120 && !viewport.querySelector(`.ag-grid-scrolling-container .ag-row[row-index="${i}"]`); n++)
      await new Promise((resolve) => requestAnimationFrame(resolve));
    return Array.from(viewport.querySelectorAll('.ag-grid-scrolling-container .ag-row')).map((r) => ({
      index: Number(r.getAttribute('row-index')),
      loading: r.classList.contains('row-loading'),
      text: (r.textContent ?? '').trim(),
    }));
  }, index);
}
