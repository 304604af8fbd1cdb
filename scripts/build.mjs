// Bundles the CLI and the extension with esbuild and copies the run-time assets next to them.
// Type-checking is separate (`npm run typecheck`): esbuild does not check types.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const dist = 'dist';

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// assets the bundles load at run time
cpSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
cpSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'), join(dist, 'tree-sitter-python.wasm'));
cpSync('src/core/project/lakehouse.schema.json', join(dist, 'lakehouse.schema.json'));
// the STEDI sample project that `lakehouse init --sample stedi` lays out
for (const d of ['sql', 'glue-scripts']) if (existsSync(d)) cpSync(d, join(dist, 'sample', 'stedi', d), { recursive: true });

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  mainFields: ['module', 'main'],
  // native and per-platform: resolved from node_modules at run time
  external: ['vscode', '@duckdb/node-api', '@duckdb/node-bindings'],
  logLevel: 'warning',
};

const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
];
if (existsSync('src/extension/extension.ts')) entries.push({ entryPoints: ['src/extension/extension.ts'], outfile: join(dist, 'extension.js') });

/** The webview pages (src/webview): browser bundles with their own tsconfig (DOM lib), each page's JS and CSS. */
const webview = {
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  sourcemap: !production,
  minify: production,
  tsconfig: 'src/webview/tsconfig.json',
  logLevel: 'warning',
};
const webviewEntries = [];
for (const page of ['grid', 'report'])
  if (existsSync(`src/webview/${page}/main.ts`))
    webviewEntries.push(
      { entryPoints: [`src/webview/${page}/main.ts`], outfile: join(dist, 'webview', `${page}.js`) },
      { entryPoints: [`src/webview/${page}/${page}.css`], outfile: join(dist, 'webview', `${page}.css`) },
    );

const contexts = await Promise.all([
  ...entries.map((e) => esbuild.context({ ...common, ...e })),
  ...webviewEntries.map((e) => esbuild.context({ ...webview, ...e })),
]);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
