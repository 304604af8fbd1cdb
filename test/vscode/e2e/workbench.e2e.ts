// Browser E2E on the packaged extension: the VSIX (out/lakehouse-studio-linux-x64.vsix, from `npm run package:vsix`)
// is installed into code-server (test/vscode/code-server.ts: the current build unless LAKEHOUSE_VSCODE=oldest) with --install-extension, the workbench is opened in headless Chromium on
// an empty workspace, and the tests do what a person does. Screenshots go to test-results/vscode-e2e/.
// Run: node --import tsx --test --test-reporter=spec test/vscode/e2e/*.e2e.ts (after scripts/setup-vscode-test.sh).
// Named *.e2e.ts, not *.test.ts: the plain `npm test` run must not need code-server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { createProfile, installVsix, launchChromium, removeProfile, ROOT, startCodeServer, type CodeServer, type Profile } from '../code-server';

interface PackageJson {
  main: string;
  contributes: {
    viewsContainers?: Record<string, { icon?: string }[]>;
    views?: Record<string, { icon?: string }[]>;
    jsonValidation?: { url: string }[];
  };
}

const VSIX = process.env.LAKEHOUSE_VSIX ?? join(ROOT, 'out', 'lakehouse-studio-linux-x64.vsix');
const SHOTS = join(ROOT, 'test-results', 'vscode-e2e');
const EXTENSION_ID = 'lakehouse-studio.lakehouse-studio';
/**
 * Limits that catch a hang, not measures of speed (the workbench needs 12–20 s to show the activity bar on 2 idle
 * cores, the extension host starts after it; CI's cores are shared): each step waits for what a person would see.
 */
const WORKBENCH_MS = 180_000;
const UI_MS = 60_000;

describe('the packaged extension in code-server', { timeout: 900_000 }, () => {
  let profile: Profile | undefined;
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let installedDir: string;

  /** Runs a step; on failure saves what the page showed as failure-<name>.png before rethrowing. */
  async function step(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      await page?.screenshot({ path: join(SHOTS, `failure-${name}.png`) }).catch(() => undefined);
      throw e;
    }
  }

  before(async () => {
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package:vsix\``);
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    profile = createProfile('e2e');
    await installVsix(profile, VSIX);
    const installed = readdirSync(profile.extensionsDir).filter((d) => d.startsWith(`${EXTENSION_ID}-`));
    assert.equal(installed.length, 1, `one installed copy of ${EXTENSION_ID} in ${profile.extensionsDir}, found: ${installed.join(', ')}`);
    installedDir = join(profile.extensionsDir, installed[0]!);

    const workspace = join(profile.root, 'workspace'); // empty: no lakehouse.json
    mkdirSync(workspace);
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

  test('every file package.json points at is in the installed copy', () => {
    const pkg = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8')) as PackageJson;
    const c = pkg.contributes;
    const paths = [
      pkg.main,
      ...Object.values(c.viewsContainers ?? {}).flat().map((v) => v.icon),
      ...Object.values(c.views ?? {}).flat().map((v) => v.icon),
      ...(c.jsonValidation ?? []).map((j) => j.url),
      // files in the extension, not URLs (https:) nor codicons ($(name))
    ].filter((p): p is string => typeof p === 'string' && !/^[a-z]+:|^\$\(/.test(p));
    assert.ok(paths.includes('./dist/extension.js'), 'main is among the checked paths');
    const missing = paths.filter((p) => !existsSync(join(installedDir, p)));
    assert.deepEqual(missing, [], 'named in package.json but not in the VSIX (.vscodeignore allow-list?)');
  });

  test('every bundle the extension requires at run time is in the installed copy', () => {
    // scripts/build.mjs bundles some packages into files of their own (the AWS SDK, the Trino grammar), required
    // on first use: a file missing from the VSIX fails only then (every local query did, "Cannot find module
    // './trino-grammar.js'", when the allow-list did not name it)
    const main = readFileSync(join(installedDir, 'dist', 'extension.js'), 'utf8');
    const required = [...new Set([...main.matchAll(/require\("(\.\/[^"]+)"\)/g)].map((m) => m[1]!))];
    assert.ok(required.includes('./trino-grammar.js') && required.includes('./aws-sdk.js'), required.join(', '));
    assert.deepEqual(required.filter((f) => !existsSync(join(installedDir, 'dist', f))), [], 'required by dist/extension.js but not in the VSIX (.vscodeignore allow-list?)');
  });

  test('the VSIX installs for linux-x64 and its DuckDB binding loads from the installed copy alone', async () => {
    // the installed copy keeps the VSIX manifest, which names the target vsce packaged for
    const manifest = readFileSync(join(installedDir, '.vsixmanifest'), 'utf8');
    assert.match(manifest, /TargetPlatform="linux-x64"/);
    // run by a separate Node from inside the installed folder: only what the VSIX carries can be resolved
    const script = `
      const { DuckDBInstance } = require('@duckdb/node-api');
      (async () => {
        const c = await (await DuckDBInstance.create(':memory:')).connect();
        const r = await c.runAndReadAll('SELECT 6 * 7 AS answer');
        process.stdout.write(JSON.stringify(r.getRowObjectsJS()));
      })().catch((e) => { process.stderr.write(String(e)); process.exit(1); });`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: installedDir, env: { PATH: process.env.PATH ?? '' } });
    assert.deepEqual(JSON.parse(stdout), [{ answer: 42 }]);
  });

  test('the Lakehouse activity-bar icon opens the view with its welcome content', async () => {
    await step('activity-bar', async () => {
      const icon = page.locator('.part.activitybar .action-item a.action-label[aria-label^="Lakehouse"]');
      await icon.waitFor({ timeout: WORKBENCH_MS });
      await icon.click();
      const container = page.locator('[id="workbench.view.extension.lakehouse"]');
      await container.waitFor({ timeout: UI_MS });
      // the view's header and the welcome content of package.json's viewsWelcome
      await container.getByText('There is no lakehouse.json in this workspace', { exact: false }).waitFor({ timeout: UI_MS });
      await container.getByRole('button', { name: 'Show Log' }).waitFor({ timeout: UI_MS });
      // settle before the picture: the icon carries a progress badge until the extension host has activated
      // the extension for the view (4-5 s after the icon appears on a cold start here)
      await page.mouse.move(700, 400);
      await icon.locator('xpath=..').locator('.badge.progress-badge').waitFor({ state: 'hidden', timeout: UI_MS });
      await page.screenshot({ path: join(SHOTS, '1-lakehouse-view-welcome.png') });
    });
  });

  test('"Lakehouse: Show Log" from the command palette shows the Lakehouse log', async () => {
    await step('show-log', async () => {
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: UI_MS });
      await input.fill('>Lakehouse: Show Log');
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Lakehouse: Show Log' });
      await row.first().waitFor({ timeout: UI_MS });
      await page.screenshot({ path: join(SHOTS, '2-command-palette.png') });
      await page.keyboard.press('Enter');

      // the Output panel, switched to the extension's channel, showing the line activate() logged
      const panel = page.locator('.part.panel');
      await panel.locator('.monaco-editor .view-lines', { hasText: 'Lakehouse Studio 0.1.0 activated' }).waitFor({ timeout: UI_MS });
      // the channel picker (VS Code 1.100 renders it twice in the panel: title-bar and view toolbar copies)
      const channels = await panel.locator('select.monaco-select-box option:checked').allTextContents();
      await page.screenshot({ path: join(SHOTS, '3-lakehouse-log.png') });
      assert.ok(channels.length > 0, 'an Output channel picker');
      assert.deepEqual(new Set(channels), new Set(['Lakehouse']), 'the channel the Output panel shows');
    });
  });
});
