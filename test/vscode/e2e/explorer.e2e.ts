// Browser E2E of the explorer, Run SQL, the pipeline and the zone report, on the packaged VSIX installed into
// code-server: what a person sees and clicks. The workspace is a STEDI sample project prepared by the core before
// the workbench opens (init, generated landing data, upload, tables); expected values come from the generated
// data, not from the extension. Screenshots go to test-results/vscode-e2e-explorer/.
// Run: node --import tsx --test --test-reporter=spec test/vscode/e2e/explorer.e2e.ts (after npm run package:vsix).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { initProject } from '../../../src/core/actions/init';
import { createTables } from '../../../src/core/actions/tables';
import { planUpload, upload } from '../../../src/core/actions/upload';
import { loadProject } from '../../../src/core/project/manifest';
import { generateStediSample, type StediSample } from '../../../src/core/sample';
import { LocalTarget } from '../../../src/core/targets/local';
import { createProfile, installVsix, launchChromium, removeProfile, ROOT, startCodeServer, type CodeServer, type Profile } from '../code-server';
import { titleOfSql } from '../../../src/extension/panels/resultQuery';
import { settled, SHOWN_RESULT, UI_MS, webviewFrame, WORK_MS } from './gridPage';

const VSIX = process.env.LAKEHOUSE_VSIX ?? join(ROOT, 'out', 'lakehouse-studio-linux-x64.vsix');
// its own folder: workbench.e2e.ts empties test-results/vscode-e2e/ when it starts
const SHOTS = join(ROOT, 'test-results', 'vscode-e2e-explorer');
const WORKBENCH_MS = 180_000;
/** objects put into customer/curated/ for the multi-selection test */
const EXTRA = ['extra-1.json', 'extra-2.json'];
/** the statement of queries/customers.sql */
const QUERY = 'SELECT email, customername FROM customer_landing ORDER BY email LIMIT 5';

// (a limit that catches a hang: each step waits on what a person would see, however long this machine takes)
describe('the explorer, Run SQL, the pipeline and the zone report in code-server', { timeout: 1_800_000 }, () => {
  let profile: Profile | undefined;
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let sample: StediSample;
  let workspace: string;

  async function step(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      await page?.screenshot({ path: join(SHOTS, `failure-explorer-${name}.png`) }).catch(() => undefined);
      throw e;
    }
  }

  const view = (): Locator => page.locator('[id="workbench.view.extension.lakehouse"]');
  /** a row of the Lakehouse tree by its label */
  const treeRow = (name: string): Locator => view().locator('.monaco-list-row[role="treeitem"]', { has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) });

  async function expand(name: string): Promise<void> {
    const row = treeRow(name).first();
    await row.waitFor({ timeout: UI_MS });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: UI_MS });
  }

  /**
   * Right-clicks the row and waits for the item in its context menu. A menu closes when the focus moves, and on a
   * loaded machine the preview a click opened can take the focus after the menu is shown: then, as a person would,
   * close it and right-click again.
   */
  async function contextMenu(row: Locator, item: RegExp): Promise<Locator> {
    const menuItem = page.locator('.monaco-menu .action-item').filter({ hasText: item }).first();
    const until = Date.now() + UI_MS;
    for (;;) {
      await row.click({ button: 'right' });
      try {
        await menuItem.waitFor({ timeout: 5_000 });
        return menuItem;
      } catch (e) {
        if (Date.now() > until) throw e;
        await page.keyboard.press('Escape');
      }
    }
  }

  /** Shows a view container by its activity-bar icon; a click on the icon of the one shown would hide it. */
  async function showContainer(label: string, shown: Locator): Promise<void> {
    if (await shown.isVisible()) return;
    await page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${label}"]`).first().click();
    await shown.waitFor({ timeout: UI_MS });
  }

  async function palette(command: string): Promise<void> {
    await page.keyboard.press('Escape');
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 10 } });
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: UI_MS });
    await input.fill(`>${command}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor({ timeout: UI_MS });
    await page.keyboard.press('Enter');
  }

  before(async () => {
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package:vsix\``);
    mkdirSync(SHOTS, { recursive: true });
    profile = createProfile('e2e-explorer');
    await installVsix(profile, VSIX);

    // the project, its landing data uploaded and its tables created, through the core
    workspace = join(profile.root, 'workspace');
    await initProject(workspace, { sample: 'stedi' });
    sample = await generateStediSample({ outDir: join(workspace, 'data'), customers: 50, accelerometerRows: 600, seed: 11 });
    const project = await loadProject(workspace);
    const target = await LocalTarget.open(project);
    try {
      await upload(target, await planUpload(project, join(workspace, 'data')));
      await createTables(project, target);
      // two objects for the multi-selection test to delete (the pipeline rewrites this zone afterwards)
      for (const name of EXTRA) await target.storage.put(project.manifest.bucket, `customer/curated/${name}`, '{"email": "x@example.com"}\n');
    } finally {
      await target.close();
    }
    // (the sample ships queries/explore.sql: the folder is there)
    await fs.mkdir(join(workspace, 'queries'), { recursive: true });
    await fs.writeFile(join(workspace, 'queries', 'customers.sql'), `-- the first customers by email\n${QUERY};\n`);

    server = await startCodeServer(profile, workspace);
    ({ context: browser, page } = await launchChromium(profile));
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_MS });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (profile) removeProfile(profile);
  });

  test('the Lakehouse view shows the target, the zones with object counts and the catalog tables', async () => {
    await step('tree', async () => {
      const icon = page.locator('.part.activitybar .action-item a.action-label[aria-label^="Lakehouse"]');
      await icon.waitFor({ timeout: WORKBENCH_MS });
      await icon.click();
      await view().waitFor({ timeout: UI_MS });
      await treeRow('Local \\(embedded\\)').waitFor({ timeout: UI_MS });
      await expand('Buckets');
      await expand('customer');
      const landing = treeRow('landing').first();
      const files = sample.files.filter((f) => f.includes('/customer/landing/')).length;
      await landing.locator('.label-description', { hasText: new RegExp(`^${files} objects?, `) }).waitFor({ timeout: UI_MS });
      await treeRow('trusted').first().waitFor({ timeout: UI_MS });
      await expand('Glue Catalog');
      await treeRow('machine_learning_curated').waitFor({ timeout: UI_MS });
      await treeRow('customer_landing').locator('.label-description', { hasText: 'landing · json' }).waitFor({ timeout: UI_MS });
      await page.mouse.move(700, 400);
      await page.screenshot({ path: join(SHOTS, 'explorer-1-tree.png') });
    });
  });

  test('Ctrl+click two objects, right-click → Delete… deletes both after one confirmation; one-node commands are hidden', async () => {
    await step('multi-delete', async () => {
      // the customer dataset was expanded by the test above
      await expand('curated');
      const [first, second] = EXTRA.map((name) => treeRow(name.replace(/\./g, '\\.')));
      await first!.waitFor({ timeout: UI_MS });
      await first!.click();
      // a click previews the object: the editor it opens takes the focus, and one that came after the right-click
      // below would close its menu — wait until it is open
      await page.locator('.tabs-container .tab.active', { hasText: EXTRA[0] }).waitFor({ timeout: UI_MS });
      // and until it has shown the rows: the page may take the focus as it does
      await settled(webviewFrame(page), { sql: EXTRA[0]! });
      await second!.click({ modifiers: ['Control'] });
      await contextMenu(second!, /^Delete…/);
      const menu = page.locator('.monaco-menu .action-item');
      // Download acts on one object: not offered for two
      assert.equal(await menu.filter({ hasText: /^Download/ }).count(), 0);
      await page.screenshot({ path: join(SHOTS, 'explorer-1b-multi-select.png') });
      await menu.filter({ hasText: /^Delete…/ }).first().click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: UI_MS });
      assert.match((await dialog.textContent()) ?? '', /Delete 2 objects/);
      await dialog.locator('.monaco-button', { hasText: 'Delete 2 Objects' }).click();
      await first!.waitFor({ state: 'detached', timeout: UI_MS });
      await second!.waitFor({ state: 'detached', timeout: UI_MS });
      const dir = join(workspace, '.lakehouse', 's3', 'stedi-lakehouse', 'customer', 'curated');
      const left = existsSync(dir) ? await fs.readdir(dir) : [];
      assert.deepEqual(left.filter((f) => EXTRA.includes(f)), []);
    });
  });

  test('right-click a .sql file → Run SQL shows its rows in the results grid', async () => {
    await step('run-sql', async () => {
      // the expected rows, from the generated landing files
      const customers: { email: string; customerName: string }[] = [];
      for (const f of sample.files.filter((p) => p.includes('/customer/landing/')))
        for (const line of (await fs.readFile(f, 'utf8')).split('\n')) if (line.trim()) customers.push(JSON.parse(line) as { email: string; customerName: string });
      const firstEmails = customers.map((c) => c.email).sort().slice(0, 5);

      const files = page.locator('.explorer-folders-view');
      await showContainer('Explorer', files);
      const folder = files.locator('.monaco-list-row', { hasText: /^queries$/ });
      await folder.first().click();
      const file = files.locator('.monaco-list-row', { hasText: 'customers.sql' });
      await file.first().waitFor({ timeout: UI_MS });
      const item = await contextMenu(file.first(), /^Run SQL/);
      await page.screenshot({ path: join(SHOTS, 'explorer-2-context-menu.png') });
      await item.click();

      // the results tab titled by the query, then its page's final state: the query itself has finished (after
      // the engine loaded, however long that takes here), and then its rows
      await page.locator('.tabs-container .tab', { hasText: titleOfSql(QUERY) }).waitFor({ timeout: WORK_MS });
      const grid = webviewFrame(page);
      await settled(grid, { sql: QUERY });
      // each of the five rows, in order: row-index N holds the N-th email
      for (const [i, email] of firstEmails.entries())
        await grid.locator(`.ag-row[row-index="${i}"] .ag-cell`, { hasText: new RegExp(`^${email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first().waitFor({ timeout: UI_MS });
      assert.equal(await grid.locator('.ag-row[row-index="5"]').count(), 0, 'LIMIT 5: five rows');
      await page.screenshot({ path: join(SHOTS, 'explorer-3-results-grid.png') });
    });
  });

  test('"Lakehouse: Run Pipeline" from the palette runs every job; the tree shows their runs', async () => {
    await step('pipeline', async () => {
      // a landing object's rows open first: the pipeline reads that file and writes other zones
      await showContainer('Lakehouse', view());
      await expand('landing');
      const landingFile = sample.files.find((f) => f.includes('/customer/landing/'))!.split('/').pop()!;
      await treeRow(landingFile.replace(/\./g, '\\.')).first().click();
      const grid = webviewFrame(page);
      await settled(grid, { sql: landingFile });
      await palette('Lakehouse: Run Pipeline');
      await page.locator('.notification-toast', { hasText: 'Pipeline: 5 job(s) succeeded' }).waitFor({ timeout: WORK_MS });
      await showContainer('Lakehouse', view());
      await expand('Glue Jobs');
      for (const job of ['customer_landing_to_trusted', 'machine_learning_curated'])
        await treeRow(job).locator('.label-description', { hasText: /^succeeded · / }).waitFor({ timeout: UI_MS });
      // the file is as it was: its rows are not said to be out of date (found by a new user, session 13: every
      // open tab was told "…wrote their tables after this result was computed: Run again", an object's rows too);
      // a query's tab still is (grid.e2e.ts)
      assert.equal(await grid.locator(`${SHOWN_RESULT} .banner.notice.info`).count(), 0, 'no "Run again" notice on the landing file\'s rows');
      await page.mouse.move(700, 400);
      await page.screenshot({ path: join(SHOTS, 'explorer-4-pipeline-ran.png') });
    });
  });

  test('"Lakehouse: Show Zone Report" shows the rows per table the generator expects', async () => {
    await step('report', async () => {
      // the results tab of the Run SQL test stays beside: the report is then the only webview in view
      await palette('View: Close All Editors');
      await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: UI_MS });
      await palette('Lakehouse: Show Zone Report');
      await page.locator('.tabs-container .tab.active', { hasText: 'Zone Report' }).waitFor({ timeout: UI_MS });
      const report = webviewFrame(page);
      // the report counted the rows of every table
      await report.locator('body[data-state="ready"]').waitFor({ timeout: WORK_MS });
      for (const [table, rows] of Object.entries(sample.expected)) {
        const row = report.locator('tr', { has: report.locator('td.table-name', { hasText: new RegExp(`^${table}$`) }) });
        const text = await row.locator('td.num').first().textContent({ timeout: UI_MS });
        assert.equal(Number((text ?? '').replace(/[^0-9]/g, '')), rows, `${table}: rows in the report`);
      }
      await page.screenshot({ path: join(SHOTS, 'explorer-5-zone-report.png') });
    });
  });
});
