// Bundles the extension-host test suite (test/vscode/suite) into out/test/vscode/suite: index.js (the module
// VS Code loads as extensionTestsPath) and one *.spec.js per test file. `vscode` comes from the extension host
// and mocha from node_modules at run time. Other modules in the folder (report.ts) are bundled into their users.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const src = 'test/vscode/suite';
const outdir = 'out/test/vscode/suite';
rmSync(outdir, { recursive: true, force: true });

const entryPoints = readdirSync(src)
  .filter((f) => f === 'index.ts' || f.endsWith('.spec.ts'))
  .map((f) => join(src, f));

await esbuild.build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  // as scripts/build.mjs: ESM builds first (jsonc-parser's UMD build does not bundle), native DuckDB external
  mainFields: ['module', 'main'],
  external: ['vscode', 'mocha', '@duckdb/node-api', '@duckdb/node-bindings'],
  logLevel: 'warning',
});
