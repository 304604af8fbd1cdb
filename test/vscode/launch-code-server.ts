// Runs the extension-host suite (out/test/vscode/suite/index.js, built by scripts/build-vscode-tests.mjs)
// inside code-server (the build test/vscode/code-server.ts picks: LAKEHOUSE_VSCODE=current or oldest), offline:
// the workbench in headless Chromium loads the extension from this folder (extensionDevelopmentPath) and the suite (extensionTestsPath) through the `payload` URL parameter, reports
// the suite's output through window.codeAutomationLog and its result through window.codeAutomationExit.
// Exits with the suite's result. Environment:
//   LAKEHOUSE_VSCODE_TEST_TIMEOUT_MS  the whole run's limit, to catch a hang (default 1200000)
//   LAKEHOUSE_MOCHA_GREP              run only the tests whose title matches
//   LAKEHOUSE_VSCODE_TEST_VERBOSE=1   also print the workbench's own log lines and browser console
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { parseSummaryLine, SUITE_PREFIX, type SuiteSummary } from './suite/report';
import type { Page } from 'playwright-core';
import { createProfile, launchChromium, remoteUri, removeProfile, ROOT, startCodeServer, type CodeServer, type Profile } from './code-server';

const SUITE = join(ROOT, 'out', 'test', 'vscode', 'suite', 'index.js');
// a limit that catches a hang (the suite waits on events; how long it takes depends on the machine)
const TIMEOUT_MS = Number(process.env.LAKEHOUSE_VSCODE_TEST_TIMEOUT_MS ?? 1_200_000);
const VERBOSE = process.env.LAKEHOUSE_VSCODE_TEST_VERBOSE === '1';
/** What the web workbench logs when the payload's paths are not vscode-remote:// URIs it can load. */
const NO_TEST_RUNNER = 'No extension host found that can launch the test runner';

class RunFailed extends Error {}

/** The extension host's and the server's log files of a run (printed when the run failed). */
function logFiles(userDataDir: string): string[] {
  const dir = join(userDataDir, 'logs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /(exthost\d*\/(exthost|remoteexthost)|remoteagent|Lakehouse)\.log$/.test(f))
    .map((f) => join(dir, f));
}

async function main(): Promise<number> {
  if (!existsSync(SUITE)) throw new RunFailed(`${SUITE} is missing: run \`node scripts/build-vscode-tests.mjs\``);
  if (!existsSync(join(ROOT, 'dist', 'extension.js'))) throw new RunFailed('dist/extension.js is missing: run `npm run build`');

  const started = Date.now();
  const profile: Profile = createProfile('ext-host');
  let server: CodeServer | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const workspace = join(profile.root, 'workspace');
    mkdirSync(workspace);
    server = await startCodeServer(profile, workspace, { LAKEHOUSE_TEST_WORKSPACE: workspace });
    const { context, page } = await launchChromium(profile);
    closeBrowser = () => context.close();

    let settle: (code: number) => void = () => undefined;
    let fail: (e: Error) => void = () => undefined;
    const result = new Promise<number>((res, rej) => {
      settle = res;
      fail = rej;
    });
    result.catch(() => undefined); // may reject before the race below is awaited; the race still sees it

    // Every workbench log line arrives here, and the extension host's console (mocha's reporter) among them:
    // print from the suite's first line (index.ts starts with "extension-host:") on, and errors always.
    let suiteStarted = false;
    let summary: SuiteSummary | undefined;
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const line = format(...(Array.isArray(args) ? (args as unknown[]) : [args]));
      if (!suiteStarted && line.startsWith(SUITE_PREFIX)) suiteStarted = true;
      if (suiteStarted || VERBOSE) process.stdout.write(`${line}\n`);
      else if (type === 'error') process.stdout.write(`[workbench error] ${line}\n`);
      if (line.includes(NO_TEST_RUNNER)) fail(new RunFailed(line));
      summary = parseSummaryLine(line) ?? summary;
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    page.on('console', (m) => {
      const text = m.text();
      if (VERBOSE) process.stdout.write(`[browser ${m.type()}] ${text}\n`);
      if (text.includes(NO_TEST_RUNNER)) fail(new RunFailed(`${text}\n(are the payload paths vscode-remote:// URIs?)`));
    });
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    void server.exited.then((code) => fail(new RunFailed(`code-server exited (${code}) during the run:\n${server?.output()}`)));
    const timeout = new Promise<never>((_, rej) => {
      timer = setTimeout(() => rej(new RunFailed(`no result within ${TIMEOUT_MS} ms (LAKEHOUSE_VSCODE_TEST_TIMEOUT_MS)`)), TIMEOUT_MS - (Date.now() - started));
    });
    timeout.catch(() => undefined);

    const payload = [
      ['extensionDevelopmentPath', remoteUri(server, ROOT)],
      ['extensionTestsPath', remoteUri(server, SUITE)],
    ];
    // VS Code 1.101+ reads the test payload only when the workbench runs with its smoke-test driver, an option
    // of the page's web configuration that code-server's command line does not set: the page is served with it on
    await enableTestPayload(page);
    const url = `${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const exitCode = await Promise.race([result, timeout]);
    // The workbench also reports 0 when the extension host died under the suite (seen with a test that killed
    // it): only the suite's own closing line, with no failure, counts as a pass.
    if (exitCode === 0 && !summary) throw new RunFailed('the workbench reported success but the suite never printed its result: did the extension host die?');
    const code = exitCode === 0 && summary && summary.failed > 0 ? 1 : exitCode;
    // a failed test: what the extension logged (its Lakehouse channel) and the extension host's own log
    if (code !== 0) for (const f of logFiles(profile.userDataDir)) process.stderr.write(`--- ${f} ---\n${readFileSync(f, 'utf8').slice(-8000)}\n`);
    process.stdout.write(`code-server extension-host suite ${code === 0 ? 'passed' : 'failed'} (exit ${code}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return code;
  } catch (e) {
    // what the server and its extension host said: why a run that never reported a result did not
    if (server) process.stderr.write(`--- code-server's output ---\n${server.output()}\n`);
    for (const f of logFiles(profile.userDataDir)) process.stderr.write(`--- ${f} ---\n${readFileSync(f, 'utf8').slice(-4000)}\n`);
    throw e;
  } finally {
    clearTimeout(timer);
    await closeBrowser?.().catch(() => undefined);
    await server?.stop();
    removeProfile(profile);
  }
}

/**
 * The web workbench of VS Code 1.139 (unlike 1.100) honours `extensionDevelopmentPath` / `extensionTestsPath` of the `payload`
 * URL parameter only in a development build or with `developmentOptions.enableSmokeTestDriver` (what `code serve-web
 * --enable-smoke-test-driver` sets; code-server's command line refuses that flag). The page reads its web
 * configuration from the `data-settings` attribute of a meta element: a script run before the page's own adds the
 * option as the workbench reads it. (Serving a rewritten page through page.route instead makes Chromium treat the
 * page as public and block its WebSockets to 127.0.0.1: Local Network Access.) The oldest build reads the payload
 * without it and is given the same.
 */
export async function enableTestPayload(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const getAttribute = Element.prototype.getAttribute;
    Element.prototype.getAttribute = function (this: Element, name: string): string | null {
      const value = getAttribute.call(this, name);
      if (this.id !== 'vscode-workbench-web-configuration' || name !== 'data-settings' || value === null) return value;
      const config = JSON.parse(value) as { developmentOptions?: Record<string, unknown> };
      config.developmentOptions = { ...config.developmentOptions, enableSmokeTestDriver: true };
      return JSON.stringify(config);
    };
  });
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`launch-code-server: ${e instanceof RunFailed ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
