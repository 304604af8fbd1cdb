// Browser E2E of Glue Studio's data preview and canvas on the packaged extension (the VSIX installed into
// code-server, the workbench in headless Chromium): a STEDI script's CodeLens, a click on "Preview" showing the
// node's rows in the results grid, the job graph beside the script with the script's nodes, and a click on a graph
// node moving the editor to its line and previewing it — in the dark and the light theme. Expected counts are the
// generator's own (it knows which customers consented); the node names come from the script's comments.
// Screenshots go to test-results/vscode-preview/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import type { StediSample } from '../../../src/core/sample';
import { createProfile, installVsix, launchChromium, removeProfile, ROOT, startCodeServer, type CodeServer, type Profile } from '../code-server';
import { closeAllEditors, makeWorkspace, openFile, palette, UI_MS } from './gridPage';

const VSIX = process.env.LAKEHOUSE_VSIX ?? join(ROOT, 'out', 'lakehouse-studio-linux-x64.vsix');
const SHOTS = join(ROOT, 'test-results', 'vscode-preview');
const WORKBENCH_MS = 90_000;
const SCRIPT = 'customer_landing_to_trusted.py';

/** The page inside the webview that holds `selector`, among the `count` webviews shown. */
async function webviewWith(page: Page, selector: string, count: number): Promise<FrameLocator> {
  await page.locator('iframe.webview.ready').nth(count - 1).waitFor({ timeout: UI_MS });
  const frames = Array.from({ length: count }, (_, i) => page.frameLocator(`iframe.webview.ready >> nth=${i}`).frameLocator('iframe#active-frame'));
  return Promise.any(
    frames.map(async (f) => {
      await f.locator(selector).first().waitFor({ timeout: UI_MS });
      return f;
    }),
  );
}

describe('Glue script previews and the job graph in code-server', { timeout: 420_000 }, () => {
  let profile: Profile | undefined;
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let workspace: string;
  let sample: StediSample;
  let script: string[];
  const dialogs: string[] = [];

  async function step(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      await page?.screenshot({ path: join(SHOTS, `failure-preview-${name}.png`) }).catch(() => undefined);
      throw e;
    }
  }

  /** 1-based line of the script holding `needle`. */
  const lineOf = (needle: string) => script.findIndex((l) => l.includes(needle)) + 1;

  before(async () => {
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package:vsix\``);
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    profile = createProfile('preview-e2e');
    await installVsix(profile, VSIX);
    workspace = join(profile.root, 'workspace');
    mkdirSync(workspace);
    ({ sample } = await makeWorkspace(workspace, { customers: 120, accelerometerRows: 1500 }));
    script = readFileSync(join(workspace, 'glue-scripts', SCRIPT), 'utf8').split('\n');
    const settings = join(profile.userDataDir, 'User', 'settings.json');
    writeFileSync(settings, JSON.stringify({ ...(JSON.parse(readFileSync(settings, 'utf8')) as object), 'workbench.colorTheme': 'Default Dark Modern' }, null, 2));
    server = await startCodeServer(profile, workspace);
    ({ context: browser, page } = await launchChromium(profile));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_MS });
    await page.locator('.statusbar-item', { hasText: 'Local (embedded)' }).first().waitFor({ timeout: WORKBENCH_MS });
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (profile) removeProfile(profile);
  });

  test('the script shows "Preview" and "Run to here" above its nodes; Preview shows the node\'s rows in the grid', async () => {
    await step('codelens', async () => {
      await closeAllEditors(page);
      await openFile(page, SCRIPT);
      const lens = page.locator('.codelens-decoration a', { hasText: /^Preview/ });
      await lens.first().waitFor({ timeout: UI_MS });
      await page.locator('.codelens-decoration a', { hasText: 'Run to here' }).first().waitFor({ timeout: UI_MS });
      // one Preview above each of the three nodes (source, SQL Query, sink)
      await lens.nth(2).waitFor({ timeout: UI_MS });
      assert.equal(await lens.count(), 3);
      await page.screenshot({ path: join(SHOTS, 'preview-1-codelens-dark.png') });
      // the second node is the SQL Query: the customers who consented, as many as the generator made
      await lens.nth(1).click();
      const grid = await webviewWith(page, '[data-testid="status"]', 1);
      const consented = sample.expected.customer_trusted.toLocaleString('en-US');
      await grid.locator('[data-testid="status"]', { hasText: new RegExp(`^${consented} rows`) }).waitFor({ timeout: UI_MS });
      // the frame's fields, named as the data names them (the grid draws the columns in view)
      const headers = await grid.locator('.ag-header-cell .col-header').allTextContents();
      assert.ok(headers[0]!.startsWith('customerName'), headers.join(', '));
      await page.locator('.tabs-container .tab', { hasText: 'Preview: Research Consent' }).first().waitFor({ timeout: UI_MS });
      // the lens now says how many rows and columns — so does the sink's, which writes that node's rows
      const counted = page.locator('.codelens-decoration a', { hasText: `Preview · ${consented} rows · 10 columns` });
      await counted.first().waitFor({ timeout: UI_MS });
      await counted.nth(1).waitFor({ timeout: UI_MS });
      assert.deepEqual(await counted.evaluateAll((els) => els.map((e) => e.getAttribute('title')?.split(' (')[0])), ['Show the rows of Research Consent', 'Show the rows this sink would write']);
      await page.screenshot({ path: join(SHOTS, 'preview-2-rows-dark.png') });
    });
  });

  test('the job graph beside the script: its sources, SQL Query and target, as the comments name them', async () => {
    await step('graph', async () => {
      await closeAllEditors(page);
      await openFile(page, SCRIPT);
      await palette(page, 'Lakehouse: Show Job Graph');
      const graph = await webviewWith(page, '[data-testid="graph-canvas"] svg', 1);
      const names = await graph.locator('g.node .node-name').allTextContents();
      assert.deepEqual(names, ['Customer Landing', 'Research Consent', 'Customer Trusted']);
      assert.deepEqual(await graph.locator('g.node').evaluateAll((els) => els.map((e) => e.getAttribute('class'))), ['node source previewable', 'node transform previewable', 'node target previewable']);
      assert.equal(await graph.locator('path.edge').count(), 2);
      await page.screenshot({ path: join(SHOTS, 'preview-3-graph-dark.png') });
    });
  });

  test('a click on a graph node moves the editor to its line and previews it', async () => {
    await step('click', async () => {
      const graph = await webviewWith(page, '[data-testid="graph-canvas"] svg', 1);
      const line = lineOf('CustomerLanding_node1718049871201 =');
      await graph.locator('g.node[data-node-id="CustomerLanding_node1718049871201"]').click();
      // the focus stays on the graph: the script's editor shows its cursor line's number as the active one
      const editor = page.locator('.editor-instance', { has: page.locator('.monaco-editor[data-uri$="customer_landing_to_trusted.py"]') }).first();
      await editor.locator('.line-numbers.active-line-number', { hasText: new RegExp(`^${line}$`) }).waitFor({ timeout: UI_MS });
      const grid = await webviewWith(page, '[data-testid="status"]', 2);
      await grid.locator('[data-testid="status"]', { hasText: new RegExp(`^${sample.rows.customer.toLocaleString('en-US')} rows`) }).waitFor({ timeout: UI_MS });
      // the graph shows the figures of the node it previewed
      await graph.locator('g.node[data-node-id="CustomerLanding_node1718049871201"] [data-testid="node-figures"]', { hasText: `${sample.rows.customer.toLocaleString('en-US')} rows · 10 columns` }).waitFor({ timeout: UI_MS });
      await page.screenshot({ path: join(SHOTS, 'preview-4-clicked-dark.png') });
      assert.deepEqual(dialogs, []);
    });
  });

  test('the light theme: the graph and the lenses take the workbench\'s colours', async () => {
    await step('light', async () => {
      await palette(page, 'Preferences: Color Theme');
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: UI_MS });
      await input.fill('Light Modern');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Light Modern/ }).first().click();
      await page.locator('.monaco-workbench.vs:not(.vs-dark)').waitFor({ timeout: UI_MS });
      const graph = await webviewWith(page, '[data-testid="graph-canvas"] svg', 2);
      const fill = await graph.locator('g.node .node-name').first().evaluate((e) => getComputedStyle(e).fill);
      const background = await graph.locator('body').evaluate((e) => getComputedStyle(e).backgroundColor);
      assert.notEqual(fill, background, 'the node names are drawn in a colour other than the background');
      await page.screenshot({ path: join(SHOTS, 'preview-5-light.png') });
    });
  });
});
