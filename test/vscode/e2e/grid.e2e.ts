// Browser E2E of the results grid and the zone report on the packaged extension (the VSIX installed into
// code-server, the workbench in headless Chromium): Run SQL from a .sql file, read the rows from the grid's DOM,
// show the next query in the preview tab and keep it open, scroll far into a 100k-row result, export to CSV through
// the save dialog, check that markup in the data stays text, follow an error back to the SQL, get the tab back after
// a reload, and open the zone report — in the dark and light themes. Screenshots go to test-results/vscode-grid/.
// Expected values come from the data written here (hand-written rows, numbered rows, the generator's counts).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { StediSample } from '../../../src/core/sample';
import { createProfile, installVsix, launchChromium, removeProfile, ROOT, startCodeServer, type CodeServer, type Profile } from '../code-server';
import {
  closeAllEditors,
  gridRow,
  pickExactly,
  gridRows,
  makeWorkspace,
  openFile,
  palette,
  PEOPLE,
  PEOPLE_DB,
  scrollAndReadFirstFrame,
  settled,
  SHOWN_RESULT,
  slowSql,
  numberedRowsSql,
  tabLabels,
  UI_MS,
  webviewFrame,
  WORK_MS,
  writeSql,
  type FinalState,
} from './gridPage';

const VSIX = process.env.LAKEHOUSE_VSIX ?? join(ROOT, 'out', 'lakehouse-studio-linux-x64.vsix');
// its own folder: workbench.e2e.ts empties test-results/vscode-e2e when it starts
const SHOTS = join(ROOT, 'test-results', 'vscode-grid');
const WORKBENCH_MS = 180_000;
const BIG_ROWS = 100_000;

// (a limit that catches a hang: each step waits on what a person would see, however long this machine takes)
describe('the results grid and the zone report in code-server', { timeout: 2_400_000 }, () => {
  let profile: Profile | undefined;
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let workspace: string;
  let sample: StediSample;
  const dialogs: string[] = [];

  async function step(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      await page?.screenshot({ path: join(SHOTS, `failure-grid-${name}.png`) }).catch(() => undefined);
      throw e;
    }
  }

  /** Sets the colour theme before the workbench starts. */
  function setTheme(theme: string): void {
    const file = join(profile!.userDataDir, 'User', 'settings.json');
    const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...settings, 'workbench.colorTheme': theme }, null, 2));
  }

  /** Picks a colour theme as a person does: "Preferences: Color Theme", type its name, Enter. */
  async function pickTheme(label: string): Promise<void> {
    await palette(page, 'Preferences: Color Theme');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: UI_MS });
    await input.fill(label);
    await pickExactly(page, label);
  }

  /** Clicks "Export CSV" and saves to `file` through the workbench's save dialog; resolves when the export is done. */
  async function exportCsv(frame: ReturnType<typeof webviewFrame>, file: string, rows: string): Promise<void> {
    await frame.locator(`${SHOWN_RESULT} button[data-format="csv"]`).click();
    // code-server's save dialog is the workbench's own: a path in a quick input
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: UI_MS });
    // the dialog fills in its default (the workspace folder, a name from the query) once it is shown
    await defaultFileName();
    await input.fill(file);
    // the path typed is what the dialog holds (not a default it filled in after)
    await page.waitForFunction((want) => document.querySelector<HTMLInputElement>('.quick-input-widget input.input')?.value === want, file, { timeout: UI_MS });
    await page.locator('.quick-input-widget').getByRole('button', { name: 'OK', exact: true }).click();
    await frame.locator(`${SHOWN_RESULT} .banner.notice`, { hasText: `Exported ${rows} rows` }).waitFor({ timeout: WORK_MS });
  }

  /**
   * Moves the pointer to an empty part of the editor and waits until no workbench hover is shown (a results editor's
   * title hover, left by a click in the save dialog, covers the results page's tab strip).
   */
  async function clearHover(): Promise<void> {
    await page.mouse.move(500, 700);
    await page.locator('.context-view .hover-contents').waitFor({ state: 'hidden', timeout: UI_MS });
  }

  /** Waits until the save dialog's input holds its default, a path ending in .csv (checked every frame). */
  async function defaultFileName(): Promise<void> {
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('.quick-input-widget input.input')?.value.endsWith('.csv') === true, undefined, { timeout: UI_MS });
  }

  /**
   * Opens a .sql file and runs it with "Lakehouse: Run SQL" in a new results tab; resolves when the page shows the
   * statement's final state (`expect`, SUCCEEDED unless said) — or, with `expect: 'RUNNING'`, once it runs.
   */
  async function runSqlFile(name: string, expect: FinalState | 'RUNNING' = 'SUCCEEDED'): Promise<ReturnType<typeof webviewFrame>> {
    await closeAllEditors(page);
    await openFile(page, name);
    await palette(page, 'Lakehouse: Run SQL');
    const frame = webviewFrame(page);
    if (expect === 'RUNNING') await frame.locator('body[data-state="RUNNING"]').waitFor({ timeout: WORK_MS });
    else await settled(frame, { expect });
    return frame;
  }

  before(async () => {
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package:vsix\``);
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    profile = createProfile('grid-e2e');
    await installVsix(profile, VSIX);
    workspace = join(profile.root, 'workspace');
    mkdirSync(workspace);
    ({ sample } = await makeWorkspace(workspace, { customers: 120, accelerometerRows: 1500 }));
    await writeSql(workspace, 'people.sql', `SELECT name, n, city\nFROM ${PEOPLE_DB}.people\nORDER BY n`);
    await writeSql(workspace, 'big.sql', numberedRowsSql(BIG_ROWS));
    await writeSql(workspace, 'bad.sql', `-- a typo in the second line of the statement\nSELECT name,\n  nmae\nFROM ${PEOPLE_DB}.people`);
    await writeSql(workspace, 'customers.sql', 'SELECT * FROM customer_landing');
    // Trino's repeat(element, count) makes an array (trinodb/trino docs functions/array.md): joined into one text
    await writeSql(workspace, 'long.sql', `SELECT 'short' AS s, array_join(repeat('<b>bold</b> ', 30), '') AS long_text`);
    await writeSql(workspace, 'none.sql', 'SELECT 1 AS x WHERE false');
    // a billion rows joined: minutes of work, far longer than this test waits
    await writeSql(workspace, 'slow.sql', slowSql());
    mkdirSync(join(workspace, 'exports'));
    setTheme('Default Dark Modern');

    server = await startCodeServer(profile, workspace);
    ({ context: browser, page } = await launchChromium(profile));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_MS });
    await page.locator('.part.activitybar .action-item a.action-label[aria-label^="Lakehouse"]').waitFor({ timeout: WORKBENCH_MS });
    // the activity-bar icon is contributed statically; the extension's status-bar item appears once it has activated
    // (and set the context keys that offer its commands in the palette — the palette's list does not change while open)
    await page.locator('.statusbar-item', { hasText: 'Local (embedded)' }).first().waitFor({ timeout: WORKBENCH_MS });
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (profile) removeProfile(profile);
  });

  test('Run SQL on a .sql file opens a grid whose rows are the table\'s rows, with typed headers and the status line', async () => {
    await step('people', async () => {
      await runSqlFile('people.sql');
      const frame = webviewFrame(page);
      await gridRow(frame, PEOPLE.length - 1).waitFor({ timeout: UI_MS });
      const rows = await gridRows(frame);
      assert.deepEqual(
        [...rows.keys()].sort().map((i) => rows.get(i)),
        PEOPLE.map((p) => [p.name, String(p.n), p.city ?? 'NULL']),
      );
      const headers = await frame.locator(`${SHOWN_RESULT} .ag-header-cell .col-header`).allTextContents();
      assert.deepEqual(headers, ['namevarchar', 'nbigint', 'cityvarchar']);
      const status = await frame.locator(`${SHOWN_RESULT} [data-testid="status"]`).textContent();
      assert.match(status ?? '', /^4 rows {2}· {2}[\d.]+ (ms|s) {2}· {2}[\d.]+ (B|KB) scanned {2}· {2}DuckDB \(local\)$/);
      // the tab is titled by the SQL
      await page.locator('.tabs-container .tab', { hasText: 'SELECT name, n, city FROM e2e.people ORDER BY n' }).waitFor({ timeout: UI_MS });
      await page.screenshot({ path: join(SHOTS, 'grid-1-people-dark.png') });
    });
  });

  test('markup in the data is shown as text: no element is made of it and no script runs', async () => {
    await step('xss', async () => {
      const frame = webviewFrame(page);
      const cell = gridRow(frame, 1).locator('.ag-cell[col-id="c0"]');
      assert.equal(await cell.textContent(), '<img src=x onerror=alert(1)>');
      assert.equal(await cell.locator('*:not(span)').count(), 0, 'the cell holds text, not elements made of the data');
      assert.equal(await frame.locator('img').count(), 0, 'no <img> in the page');
      assert.deepEqual(dialogs, [], 'no dialog fired');
    });
  });

  test('the grid sorts through the engine (re-run with ORDER BY) when a header is clicked', async () => {
    await step('sort', async () => {
      const frame = webviewFrame(page);
      const header = frame.locator(`${SHOWN_RESULT} .ag-header-cell[col-id="c0"]`);
      await header.click();
      await header.click(); // ascending, then descending
      const expected = [...PEOPLE].map((p) => p.name).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
      await frame.locator(`${SHOWN_RESULT} .ag-row[row-index="0"] .ag-cell[col-id="c0"]`, { hasText: expected[0] }).waitFor({ timeout: WORK_MS });
      const rows = await gridRows(frame);
      assert.deepEqual([0, 1, 2, 3].map((i) => rows.get(i)?.[0]), expected);
    });
  });

  test('the quick filter keeps the rows whose text contains it (a WHERE run by the engine)', async () => {
    await step('filter', async () => {
      const frame = webviewFrame(page);
      await frame.locator(`${SHOWN_RESULT} input.filter`).fill('LIMA');
      await frame.locator(`${SHOWN_RESULT} [data-testid="status"]`, { hasText: /^1 of 4 rows/ }).waitFor({ timeout: WORK_MS });
      await frame.locator(`${SHOWN_RESULT} .ag-row[row-index="0"] .ag-cell[col-id="c0"]`, { hasText: 'Bob' }).waitFor({ timeout: WORK_MS });
      const rows = await gridRows(frame);
      assert.deepEqual([...rows.values()], [['Bob, "the builder"', '3', 'Lima']]);
      await frame.locator(`${SHOWN_RESULT} input.filter`).fill('');
      await frame.locator(`${SHOWN_RESULT} [data-testid="status"]`, { hasText: /^4 rows/ }).waitFor({ timeout: WORK_MS });
    });
  });

  test('Export writes the rows as the grid shows them: a sort cleared after filtering exports the query\'s own order', async () => {
    await step('export-view', async () => {
      const frame = webviewFrame(page);
      // sorted descending by name (the sort test), filtered and cleared (the filter test): one more click on the
      // header clears the sort, and the grid shows the query's order (ORDER BY n) again
      await frame.locator(`${SHOWN_RESULT} .ag-header-cell[col-id="c0"]`).click();
      await frame.locator(`${SHOWN_RESULT} .ag-row[row-index="0"] .ag-cell[col-id="c0"]`, { hasText: PEOPLE[0].name }).waitFor({ timeout: WORK_MS });
      const file = join(workspace, 'exports', 'people-view.csv');
      await exportCsv(frame, file, '4');
      const names = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
      // the CSV quotes the name with a comma; its first field is enough to know the row
      assert.deepEqual(names, PEOPLE.map((p) => (p.name.includes(',') ? `"${p.name.split(',')[0]}` : p.name)));
    });
  });

  test('a quick filter cleared on an unsorted result: the status line counts the whole result again', async () => {
    await step('filter-cleared', async () => {
      const frame = webviewFrame(page);
      // (the sort was cleared by the test before: the plain view, whose first block the page holds from the status)
      await frame.locator(`${SHOWN_RESULT} input.filter`).fill('LIMA');
      await frame.locator(`${SHOWN_RESULT} [data-testid="status"]`, { hasText: /^1 of 4 rows/ }).waitFor({ timeout: WORK_MS });
      await frame.locator(`${SHOWN_RESULT} input.filter`).fill('');
      await frame.locator(`${SHOWN_RESULT} .ag-row[row-index="3"] .ag-cell[col-id="c0"]`, { hasText: PEOPLE[3].name }).waitFor({ timeout: WORK_MS });
      // the page answered the first block itself, and said "1 of 4 rows" still (found by a new user, session 12)
      await frame.locator(`${SHOWN_RESULT} [data-testid="status"]`, { hasText: /^4 rows/ }).waitFor({ timeout: WORK_MS });
    });
  });

  test('cells chosen with a click and a Shift+click, or a row number, are marked and copied as tab-separated text', async () => {
    await step('copy', async () => {
      // the workbench writes the copy with the browser's clipboard API; reading it back needs the permission
      await browser!.grantPermissions(['clipboard-read', 'clipboard-write']);
      const clipboard = (): Promise<string> => page.evaluate(() => navigator.clipboard.readText());
      const frame = await runSqlFile('people.sql');
      await gridRow(frame, PEOPLE.length - 1).waitFor({ timeout: UI_MS });
      const cell = (row: number, col: string) => frame.locator(`${SHOWN_RESULT} .ag-row[row-index="${row}"] .ag-cell[col-id="${col}"]`);
      const marked = frame.locator(`${SHOWN_RESULT} .ag-cell.cell-in-range`);
      // the first row's three cells: Ann, 1, Oslo (ORDER BY n)
      await cell(0, 'c0').click();
      await cell(0, 'c2').click({ modifiers: ['Shift'] });
      await frame.locator(`${SHOWN_RESULT} .ag-row[row-index="0"] .ag-cell.cell-in-range[col-id="c2"]`).waitFor({ timeout: UI_MS });
      assert.equal(await marked.count(), 3);
      await frame.locator(`${SHOWN_RESULT} [data-testid="copy"]`).click();
      await page.locator('.statusbar-item', { hasText: 'Copied 1 × 3 cells' }).waitFor({ timeout: UI_MS });
      assert.equal(await clipboard(), 'Ann\t1\tOslo');
      // a row number chooses its whole row: the fourth (Chloé, 4, Paris)
      await cell(3, 'rownum').click();
      await frame.locator(`${SHOWN_RESULT} .ag-row[row-index="3"] .ag-cell.cell-in-range[col-id="c1"]`).waitFor({ timeout: UI_MS });
      assert.equal(await marked.count(), 3);
      assert.equal(await frame.locator(`${SHOWN_RESULT} .ag-row[row-index="0"] .ag-cell.cell-in-range`).count(), 0);
      // the status bar says the same as before: a mark put on the clipboard first tells when the second copy is done
      await page.evaluate(() => navigator.clipboard.writeText('-'));
      await frame.locator(`${SHOWN_RESULT} [data-testid="copy"]`).click();
      const since = Date.now();
      while ((await clipboard()) === '-' && Date.now() - since < UI_MS) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await clipboard(), 'Chloé\t4\tParis');
    });
  });

  test('a new result tab is a preview the next query replaces, until "Keep Open" keeps it: the next result is then a tab of its own in the same results panel', async () => {
    await step('preview', async () => {
      const customersTitle = 'SELECT * FROM customer_landing';
      const peopleTitle = 'SELECT name, n, city FROM e2e.people ORDER BY n';
      await runSqlFile('customers.sql');
      let frame = webviewFrame(page);
      await gridRow(frame, 0).waitFor({ timeout: UI_MS });
      await frame.locator(`${SHOWN_RESULT} [data-testid="preview"]`).waitFor({ state: 'visible', timeout: UI_MS });
      assert.match((await frame.locator(`${SHOWN_RESULT} [data-testid="status"]`).textContent()) ?? '', new RegExp(`^${sample.rows.customer.toLocaleString('en-US')} rows`));
      // the next query, with the results tab still open: shown in that tab, which takes its title
      await openFile(page, 'people.sql');
      await palette(page, 'Lakehouse: Run SQL');
      frame = webviewFrame(page);
      await settled(frame, { sql: peopleTitle });
      await frame.locator(`${SHOWN_RESULT} [data-testid="status"]`, { hasText: /^4 rows/ }).waitFor({ timeout: UI_MS });
      await gridRow(frame, PEOPLE.length - 1).waitFor({ timeout: UI_MS });
      const rows = await gridRows(frame);
      assert.deepEqual([...rows.keys()].sort().map((i) => rows.get(i)), PEOPLE.map((p) => [p.name, String(p.n), p.city ?? 'NULL']), 'the rows are the new query\'s, none of the previous one');
      assert.deepEqual((await frame.locator(`${SHOWN_RESULT} .ag-header-cell .col-header`).allTextContents()), ['namevarchar', 'nbigint', 'cityvarchar']);
      let labels = await tabLabels(page);
      assert.deepEqual(labels.filter((l) => l.startsWith('SELECT')), [peopleTitle], `one results tab, titled by the new query (tabs: ${labels.join(' | ')})`);
      // no tab strip while the panel holds one result
      assert.equal(await frame.locator('.tabs').isVisible(), false);
      // "Keep Open": the preview mark goes, and the next query opens a tab of its own — inside the same results panel
      await frame.locator(`${SHOWN_RESULT} [data-testid="keep"]`).click();
      await frame.locator(`${SHOWN_RESULT} [data-testid="preview"]`).waitFor({ state: 'hidden', timeout: UI_MS });
      await openFile(page, 'customers.sql');
      await palette(page, 'Lakehouse: Run SQL');
      // the results editor takes the title of the result it shows
      await page.locator('.tabs-container .tab', { hasText: customersTitle }).waitFor({ timeout: WORK_MS });
      frame = webviewFrame(page);
      await settled(frame, { sql: customersTitle });
      await gridRow(frame, 0).waitFor({ timeout: UI_MS });
      await frame.locator(`${SHOWN_RESULT} [data-testid="preview"]`).waitFor({ state: 'visible', timeout: UI_MS });
      labels = await tabLabels(page);
      assert.deepEqual(labels.filter((l) => l.startsWith('SELECT')), [customersTitle], `one results editor (tabs: ${labels.join(' | ')})`);
      assert.deepEqual(await frame.locator('.tabs .tab .tab-title').allTextContents(), [peopleTitle, customersTitle], 'the kept result and the new one, as tabs of the results panel');
      assert.equal(await frame.locator('.tabs .tab[aria-selected="true"] .tab-title').textContent(), customersTitle);
      await page.screenshot({ path: join(SHOTS, 'grid-1b-preview-dark.png') });
    });
  });

  test('results are tabs of one results panel: a second result is a tab of its own, the first keeps its sort, filter and scroll; export from the second; Ctrl+PageUp/PageDown, Run SQL in a New Tab, closing', async () => {
    await step('result-tabs', async () => {
      const peopleTitle = 'SELECT name, n, city FROM e2e.people ORDER BY n';
      const customersTitle = 'SELECT * FROM customer_landing';
      const frame = await runSqlFile('big.sql');
      await gridRow(frame, 0).waitFor({ timeout: UI_MS });
      // the first result: filtered to the labels containing "row 7" (n = 7, 70–79, 700–799, 7000–7999, 70000–79999:
      // 11,111 rows), sorted by n descending, scrolled to the 5,001st row (the 10,000 from 79999 down come first)
      await frame.locator(`${SHOWN_RESULT} input.filter`).fill('row 7');
      await frame.locator(`${SHOWN_RESULT} [data-testid="status"]`, { hasText: /^11,111 of 100,000 rows/ }).waitFor({ timeout: WORK_MS });
      const header = frame.locator(`${SHOWN_RESULT} .ag-header-cell[col-id="c0"]`);
      await header.click();
      await header.click();
      await gridRow(frame, 0).locator('.ag-cell[col-id="c0"]', { hasText: /^79999$/ }).waitFor({ timeout: WORK_MS });
      await scrollAndReadFirstFrame(frame, 5000);
      await gridRow(frame, 5000).locator('.ag-cell[col-id="c0"]', { hasText: /^74999$/ }).waitFor({ timeout: WORK_MS });

      // the next query: the first result was kept (filtered and sorted), so it gets a tab of its own in the same panel
      await openFile(page, 'people.sql');
      await palette(page, 'Lakehouse: Run SQL');
      await settled(frame, { sql: peopleTitle });
      await gridRow(frame, PEOPLE.length - 1).waitFor({ timeout: UI_MS });
      const tabs = frame.locator('.tabs .tab');
      assert.equal(await tabs.count(), 2);
      assert.equal(await tabs.nth(1).getAttribute('aria-selected'), 'true');
      const labels = await tabLabels(page);
      assert.equal(labels.filter((l) => l.startsWith('SELECT')).length, 1, `one results editor (tabs: ${labels.join(' | ')})`);
      assert.equal(await page.locator('iframe.webview').count(), 1, 'one webview');
      await page.screenshot({ path: join(SHOTS, 'grid-1c-result-tabs-dark.png') });

      // export from the second tab: its own rows
      const file = join(workspace, 'exports', 'people-second-tab.csv');
      await exportCsv(frame, file, '4');
      assert.deepEqual(
        readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]),
        PEOPLE.map((p) => (p.name.includes(',') ? `"${p.name.split(',')[0]}` : p.name)),
      );

      // back to the first tab: its filter, sort and scroll as they were, its rows still held (no query run again)
      await clearHover();
      await tabs.nth(0).click();
      await frame.locator(`${SHOWN_RESULT} [data-testid="status"]`, { hasText: /^11,111 of 100,000 rows/ }).waitFor({ timeout: UI_MS });
      assert.equal(await frame.locator(`${SHOWN_RESULT} input.filter`).inputValue(), 'row 7');
      assert.equal(await frame.locator(`${SHOWN_RESULT} .ag-header-cell[col-id="c0"][aria-sort="descending"]`).count(), 1, 'the header shows the sort');
      await gridRow(frame, 5000).locator('.ag-cell[col-id="c0"]', { hasText: /^74999$/ }).waitFor({ timeout: UI_MS });
      assert.equal(await gridRow(frame, 0).count(), 0, 'scrolled where it was left, not to the top');
      // the results editor takes the shown tab's title
      await page.locator('.tabs-container .tab.active', { hasText: /^SELECT a\.n \* 1000/ }).waitFor({ timeout: UI_MS });

      // Ctrl+PageDown / Ctrl+PageUp in the page: the next and previous result (the workbench keeps the results editor)
      await tabs.nth(0).focus();
      await page.keyboard.press('Control+PageDown');
      await frame.locator(`${SHOWN_RESULT} .sql`, { hasText: peopleTitle }).waitFor({ timeout: UI_MS });
      await page.locator('.tabs-container .tab.active', { hasText: peopleTitle }).waitFor({ timeout: UI_MS });
      await page.keyboard.press('Control+PageUp');
      await frame.locator('.tabs .tab[data-tab="1"][aria-selected="true"]').waitFor({ timeout: UI_MS });
      await page.locator('.tabs-container .tab.active', { hasText: /^SELECT a\.n \* 1000/ }).waitFor({ timeout: UI_MS });

      // "Run SQL in a New Tab" (Ctrl+Shift+Enter): a third tab, even though the second is a preview
      await clearHover();
      await frame.locator('.tabs .tab').nth(1).click();
      await openFile(page, 'customers.sql');
      await page.keyboard.press('Control+Shift+Enter');
      await settled(frame, { sql: customersTitle });
      assert.deepEqual(await frame.locator('.tabs .tab .tab-title').allTextContents(), [await tabs.nth(0).locator('.tab-title').textContent(), peopleTitle, customersTitle]);
      assert.equal(await frame.locator(`${SHOWN_RESULT} [data-testid="preview"]`).isVisible(), true, 'the new tab is the preview');

      // closing: × on the third (the second is shown), a middle click on the second (the first is shown, no strip)
      await clearHover();
      await frame.locator('.tabs .tab[aria-selected="true"] [data-testid="close-tab"]').click();
      await frame.locator(`${SHOWN_RESULT} .sql`, { hasText: peopleTitle }).waitFor({ timeout: UI_MS });
      await tabs.nth(1).click({ button: 'middle' });
      await frame.locator('.tabs').waitFor({ state: 'hidden', timeout: UI_MS });
      await frame.locator(`${SHOWN_RESULT} [data-testid="status"]`, { hasText: /^11,111 of 100,000 rows/ }).waitFor({ timeout: UI_MS });
      // the extension closed them too: the next query is a new tab (number 4), not one of those closed
      await openFile(page, 'people.sql');
      await page.keyboard.press('Control+Enter');
      await settled(frame, { sql: peopleTitle });
      assert.deepEqual(await frame.locator('.tabs .tab').evaluateAll((ts) => ts.map((t) => t.getAttribute('data-tab'))), ['1', '4']);
    });
  });

  test('scrolling far into a 100,000-row result shows the rows there', async () => {
    await step('scroll', async () => {
      await runSqlFile('big.sql');
      const frame = webviewFrame(page);
      await gridRow(frame, 0).waitFor({ timeout: UI_MS });
      assert.match((await frame.locator(`${SHOWN_RESULT} [data-testid="status"]`).textContent()) ?? '', /^100,000 rows/);
      // the rows there as the grid first draws them: their blocks (90,000's and, for the rows just above it, the one
      // before) are asked for when they are drawn and come a round trip through the extension host later
      const drawn = await scrollAndReadFirstFrame(frame, 90_000);
      assert.ok(drawn.some((r) => r.index === 90_000), `row 90,000 drawn (got ${drawn.map((r) => r.index).join(', ')})`);
      // ... and they are placeholders: marked loading, never a blank row that looks like data
      assert.deepEqual(drawn.filter((r) => !r.loading && r.text === ''), [], 'no blank row without the loading mark');
      await frame.locator(`${SHOWN_RESULT} .ag-grid-scrolling-container .ag-row.row-loading`).first().waitFor({ state: 'detached', timeout: WORK_MS });
      const rows = await gridRows(frame);
      const far = [...rows.keys()].filter((i) => i >= 89_000);
      assert.ok(far.length > 5, `rows near 90,000 rendered (got ${[...rows.keys()].join(', ')})`);
      for (const i of far) assert.deepEqual(rows.get(i), [String(i), `row ${i}`], `row ${i}`);
      // the grid holds a bounded set of rows: far fewer than the result
      assert.ok(rows.size < 200, `rendered rows: ${rows.size}`);
      await page.screenshot({ path: join(SHOTS, 'grid-2-scrolled-100k-dark.png') });
    });
  });

  test('Export CSV asks where to save and writes the whole result, streamed by the engine; then Open shows the file (Reveal in Explorer offered)', async () => {
    await step('export', async () => {
      const frame = webviewFrame(page);
      await frame.locator(`${SHOWN_RESULT} button[data-format="csv"]`).click();
      // code-server's save dialog is the workbench's own: a path in a quick input
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: UI_MS });
      // the dialog fills in its default (the workspace folder, a name from the query) once it is shown
      await defaultFileName();
      // (the query reads no table, so the name is not a table's: the rule is unit-tested with exportBaseName)
      assert.match(await input.inputValue(), /\/[^/]+\.csv$/, 'a default file name');
      await page.keyboard.press('Escape');
      // the dialog closed before the next one opens: the next export must not type into this one as it goes
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_MS });
      const file = join(workspace, 'exports', 'big.csv');
      await exportCsv(frame, file, '100,000');
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      assert.equal(lines.length, BIG_ROWS + 1);
      assert.equal(lines[0], 'n,label');
      assert.equal(lines[1], '0,row 0');
      assert.equal(lines[BIG_ROWS], `${BIG_ROWS - 1},row ${BIG_ROWS - 1}`);
      // then a notification offers Open and, the file being in the workspace, Reveal in Explorer; Open shows it
      const toast = page.locator('.notification-toast', { hasText: `Exported 100,000 rows to ${file}` });
      await toast.getByRole('button', { name: 'Reveal in Explorer', exact: true }).waitFor({ timeout: UI_MS });
      await page.screenshot({ path: join(SHOTS, 'grid-3-exported-dark.png') });
      await toast.getByRole('button', { name: 'Open', exact: true }).click();
      await page.locator('.tabs-container .tab.active', { hasText: 'big.csv' }).waitFor({ timeout: UI_MS });
    });
  });

  test('a cell whose text does not fit shows it whole on hover, as text; an empty result says so in words', async () => {
    await step('long', async () => {
      await runSqlFile('long.sql');
      const frame = webviewFrame(page);
      const cell = gridRow(frame, 0).locator('.ag-cell[col-id="c1"]');
      await cell.waitFor({ timeout: UI_MS });
      await cell.hover();
      // the browser's own tooltip: the cell's title, its whole text (the column is narrower than it)
      assert.equal(await cell.getAttribute('title'), '<b>bold</b> '.repeat(30));
      assert.equal(await cell.locator('b').count(), 0, 'the cell holds text, not elements made of the data');
      // a cell whose text fits has none
      const short = gridRow(frame, 0).locator('.ag-cell[col-id="c0"]');
      await short.hover();
      assert.equal(await short.getAttribute('title'), null);
      await runSqlFile('none.sql');
      await frame.locator(`${SHOWN_RESULT} .ag-overlay`, { hasText: 'The query returned no rows' }).waitFor({ timeout: UI_MS });
    });
  });

  test('an invalid query shows the engine\'s message and position; "Show in editor" selects it in the SQL', async () => {
    await step('error', async () => {
      await runSqlFile('bad.sql', 'FAILED');
      const frame = webviewFrame(page);
      const banner = frame.locator(`${SHOWN_RESULT} .banner.error`);
      await banner.waitFor({ timeout: UI_MS });
      // the statement starts on line 2 of the file; the typo is on its second line, column 3: the file's line 3
      assert.match((await banner.textContent()) ?? '', /at bad\.sql:3:3: .*nmae/);
      await page.screenshot({ path: join(SHOTS, 'grid-4-error-dark.png') });
      await frame.locator(`${SHOWN_RESULT} [data-testid="reveal"]`).click();
      await page.locator('.statusbar-item', { hasText: /Ln 3, Col 3/ }).first().waitFor({ timeout: UI_MS });
    });
  });

  test('a statement that runs a while shows "Running…" and a Cancel button, which stops it in the engine', async () => {
    await step('cancel', async () => {
      await runSqlFile('slow.sql', 'RUNNING');
      const frame = webviewFrame(page);
      await frame.locator(`${SHOWN_RESULT} [data-testid="state"]`, { hasText: 'Running…' }).waitFor({ timeout: UI_MS });
      const cancel = frame.locator(`${SHOWN_RESULT} [data-testid="cancel"]`);
      await cancel.click({ timeout: UI_MS });
      await frame.locator(`${SHOWN_RESULT} [data-testid="state"]`, { hasText: 'Cancelled' }).waitFor({ timeout: WORK_MS });
      // said as a notice, not an error, and without a link into the SQL
      assert.match((await frame.locator(`${SHOWN_RESULT} .banner.notice.info`).textContent()) ?? '', /^Cancelled: the query was stopped/);
      assert.equal(await frame.locator(`${SHOWN_RESULT} .banner.error`).isVisible(), false);
      assert.equal(await cancel.isVisible(), false, 'no Cancel button once the statement stopped');
      assert.equal(await frame.locator(`${SHOWN_RESULT} [data-testid="rerun"]`).isVisible(), true);
      // the engine stopped: the status bar's item no longer says "1 query running" but names the target again
      await page.locator('.statusbar-item', { hasText: 'Local (embedded)' }).first().waitFor({ timeout: WORK_MS });
    });
  });

  test('the result tabs come back after a window reload: the shown one\'s read-only query runs again, another\'s when it is shown, each with its sort', async () => {
    await step('restore', async () => {
      const peopleTitle = 'SELECT name, n, city FROM e2e.people ORDER BY n';
      const customersTitle = 'SELECT * FROM customer_landing';
      await runSqlFile('people.sql');
      const before = webviewFrame(page);
      await gridRow(before, 0).waitFor({ timeout: UI_MS });
      // sorted by name, descending: the restored tab shows the same sort
      const descending = [...PEOPLE].map((p) => p.name).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
      await before.locator(`${SHOWN_RESULT} .ag-header-cell[col-id="c0"]`).click();
      await before.locator(`${SHOWN_RESULT} .ag-header-cell[col-id="c0"]`).click();
      await before.locator(`${SHOWN_RESULT} .ag-row[row-index="0"] .ag-cell[col-id="c0"]`, { hasText: descending[0] }).waitFor({ timeout: WORK_MS });
      // a second result, in a tab of its own (Ctrl+Shift+Enter): the one shown when the window reloads
      await openFile(page, 'customers.sql');
      await page.keyboard.press('Control+Shift+Enter');
      await settled(before, { sql: customersTitle });
      // reload as a person does, with "Developer: Reload Window": the workbench saves its editors (and the
      // panel's state) before it reloads — a browser reload does not wait for that
      await palette(page, 'Developer: Reload Window');
      await page.waitForEvent('load', { timeout: WORKBENCH_MS });
      await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_MS });
      await page.locator('.tabs-container .tab', { hasText: customersTitle }).click({ timeout: WORKBENCH_MS });
      const frame = webviewFrame(page);
      await settled(frame, { sql: customersTitle });
      await gridRow(frame, 0).waitFor({ timeout: WORK_MS });
      assert.deepEqual(await frame.locator('.tabs .tab .tab-title').allTextContents(), [peopleTitle, customersTitle]);
      // the other tab: its query runs when it is shown, sorted as it was
      await clearHover();
      await frame.locator('.tabs .tab').nth(0).click();
      await settled(frame, { sql: peopleTitle });
      await gridRow(frame, PEOPLE.length - 1).waitFor({ timeout: WORK_MS });
      await frame.locator(`${SHOWN_RESULT} .ag-row[row-index="0"] .ag-cell[col-id="c0"]`, { hasText: descending[0] }).waitFor({ timeout: WORK_MS });
      const rows = await gridRows(frame);
      assert.deepEqual([0, 1, 2, 3].map((i) => rows.get(i)?.[0]), descending);
      assert.equal(await frame.locator(`${SHOWN_RESULT} .ag-header-cell[col-id="c0"][aria-sort="descending"]`).count(), 1, 'the header shows the sort');
    });
  });

  test('running the pipeline tells an open result that its tables were written since it was computed', async () => {
    await step('tables-changed', async () => {
      const frame = webviewFrame(page);
      await gridRow(frame, 0).waitFor({ timeout: UI_MS });
      await palette(page, 'Lakehouse: Run Pipeline');
      await frame.locator(`${SHOWN_RESULT} .banner.notice.info`, { hasText: /^The pipeline ran 5 jobs, which wrote their tables, after this result was computed: Run again/ }).waitFor({ timeout: WORK_MS });
      assert.equal(await frame.locator(`${SHOWN_RESULT} [data-testid="rerun"]`).isVisible(), true);
    });
  });

  test('the zone report shows rows per table by zone, the funnels and the pipeline graph with each job\'s state', async () => {
    await step('report', async () => {
      await closeAllEditors(page);
      await palette(page, 'Lakehouse: Show Zone Report');
      const frame = webviewFrame(page);
      await frame.locator('body[data-state="ready"]').waitFor({ timeout: WORK_MS });
      const e = sample.expected;
      const rowsOf = async (zone: string, dataset: string): Promise<string> =>
        ((await frame.locator(`tr[data-dataset="${dataset}"][data-zone="${zone}"] [data-testid="rows"]`).first().textContent()) ?? '').replace(/,/g, '');
      assert.equal(await rowsOf('landing', 'customer'), String(e.customer_landing));
      assert.equal(await rowsOf('trusted', 'customer'), String(e.customer_trusted));
      assert.equal(await rowsOf('curated', 'customer'), String(e.customer_curated));
      assert.equal(await rowsOf('curated', 'step_trainer'), String(e.machine_learning_curated));
      assert.equal(await frame.locator('svg.funnel').count(), 3);
      assert.equal(await frame.locator('.graph .node.job.state-succeeded').count(), 5, 'five jobs, each last SUCCEEDED');
      const edge = frame.locator('.graph .edge[data-from="table:stedi.customer_landing"][data-to="job:customer_landing_to_trusted"] .edge-label');
      assert.equal(((await edge.textContent()) ?? '').replace(/,/g, ''), String(e.customer_landing));
      await page.screenshot({ path: join(SHOTS, 'grid-5-report-dark.png') });
    });
  });

  test('light and high-contrast themes: the grid and the report take the workbench colours', async () => {
    await step('themes', async () => {
      await pickTheme('Light Modern');
      await page.locator('.monaco-workbench.vs').waitFor({ timeout: UI_MS });
      const frame = webviewFrame(page);
      await frame.locator('body.vscode-light').waitFor({ timeout: UI_MS });
      await page.screenshot({ path: join(SHOTS, 'grid-6-report-light.png') });
      await runSqlFile('customers.sql');
      await gridRow(webviewFrame(page), 0).waitFor({ timeout: UI_MS });
      const background = await webviewFrame(page).locator(`${SHOWN_RESULT} .ag-root-wrapper`).evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(background, 'rgb(255, 255, 255)', 'the grid is on the light editor background');
      await page.screenshot({ path: join(SHOTS, 'grid-7-customers-light.png') });
      await pickTheme('Dark High Contrast');
      await webviewFrame(page).locator('body.vscode-high-contrast').waitFor({ timeout: UI_MS });
      await page.screenshot({ path: join(SHOTS, 'grid-8-customers-high-contrast.png') });
    });
  });
});
