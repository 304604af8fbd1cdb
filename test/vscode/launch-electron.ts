// Runs the extension-host suite (out/test/vscode/suite/index.js, built by scripts/build-vscode-tests.mjs) in
// desktop VS Code, downloaded by @vscode/test-electron into .vscode-test/ — wherever VS Code can be downloaded
// (a laptop, public CI; not this offline machine: use launch-code-server.ts there). On Linux without a display,
// run it under xvfb-run. Runs the oldest VS Code the extension supports (package.json engines.vscode) and stable,
// or only the versions in LAKEHOUSE_VSCODE_VERSIONS (comma-separated, e.g. "stable" or "1.100.3,insiders").
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SUITE = join(ROOT, 'out', 'test', 'vscode', 'suite', 'index.js');

function versions(): string[] {
  const fromEnv = process.env.LAKEHOUSE_VSCODE_VERSIONS;
  if (fromEnv) return fromEnv.split(',').map((v) => v.trim()).filter(Boolean);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { vscode: string } };
  const oldest = /^\^?(\d+\.\d+\.\d+)$/.exec(pkg.engines.vscode)?.[1];
  if (!oldest) throw new Error(`package.json engines.vscode "${pkg.engines.vscode}" is not ^X.Y.Z`);
  return [oldest, 'stable'];
}

async function main(): Promise<void> {
  for (const [file, fix] of [[SUITE, 'node scripts/build-vscode-tests.mjs'], [join(ROOT, 'dist', 'extension.js'), 'npm run build']] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`${fix}\``);
  }
  for (const version of versions()) {
    // a fresh empty workspace and profile per run: no lakehouse.json, no other extensions, no user settings
    const root = mkdtempSync(join(tmpdir(), 'lakehouse-electron-'));
    try {
      const workspace = join(root, 'workspace');
      const userDataDir = join(root, 'user-data');
      mkdirSync(workspace);
      mkdirSync(join(userDataDir, 'User'), { recursive: true });
      writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off' }));
      process.stdout.write(`VS Code ${version}\n`);
      await runTests({
        version,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: SUITE,
        extensionTestsEnv: { LAKEHOUSE_TEST_WORKSPACE: workspace },
        // runTests adds --no-sandbox, --disable-updates, --skip-welcome, --disable-workspace-trust itself
        launchArgs: [
          workspace,
          '--disable-extensions', // other installed extensions; the one under development still loads
          '--user-data-dir', userDataDir,
          '--extensions-dir', join(root, 'extensions'),
        ],
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`launch-electron: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
