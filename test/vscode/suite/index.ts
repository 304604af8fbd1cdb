// The extension-host test suite: the module VS Code loads as `extensionTestsPath` and whose run() it awaits.
// The same compiled module runs under both launchers (launch-electron.ts: desktop VS Code downloaded by
// @vscode/test-electron; launch-code-server.ts: code-server in headless Chromium, offline).
// Test files are the compiled `*.spec.js` next to this file (bundled by scripts/build-vscode-tests.mjs); they
// are not named *.test.* so that the plain-Node test glob never picks them up (they need the `vscode` module).
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { SUITE_PREFIX, summaryLine } from './report';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    // a limit that catches a hang, not a measure of speed: the tests wait on events (helpers.ts `until`), and how long
    // a step takes depends on the machine (2 busy cores in CI); suites that do more set a larger one
    timeout: Number(process.env.LAKEHOUSE_MOCHA_TIMEOUT_MS ?? 120_000),
    grep: process.env.LAKEHOUSE_MOCHA_GREP,
  });
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.spec.js')).sort();
  if (files.length === 0) throw new Error(`no *.spec.js test files in ${__dirname}: run scripts/build-vscode-tests.mjs`);
  for (const f of files) mocha.addFile(join(__dirname, f));
  // a test that failed while waiting (helpers.ts `until`, which sets no time limit of its own): say for what
  const waiting = ((globalThis as Record<symbol, Set<string> | undefined>)[Symbol.for('lakehouse.test.waitingFor')] ??= new Set<string>());
  mocha.suite.afterEach(function () {
    if (this.currentTest?.state === 'failed' && waiting.size > 0) console.log(`      (still waiting for: ${[...waiting].join('; ')})`);
    waiting.clear();
  });
  // the launchers print the extension host's output from this line on
  console.log(`${SUITE_PREFIX} running ${files.join(', ')} in ${vscode.env.appName} ${vscode.version}`);

  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((n) => resolve(n));
      runner.on('end', () => {
        const s = runner.stats;
        if (s) console.log(summaryLine({ passed: s.passes, failed: s.failures, skipped: s.pending }));
      });
      runner.on('end', () => {
        if (runner.stats && runner.stats.tests === 0) reject(new Error('the extension-host suite ran no test'));
      });
    } catch (e) {
      reject(e);
    }
  });
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
