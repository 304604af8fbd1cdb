// Bundles the CLI and the extension with esbuild and copies the run-time assets next to them.
// Type-checking is separate (`npm run typecheck`): esbuild does not check types.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
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
// the webviews' icons: the workbench's codicon font and its stylesheet (loaded from the bundle folder, CSP font-src)
mkdirSync(join(dist, 'webview'), { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) cpSync(join(dirname(require.resolve('@vscode/codicons/package.json')), 'dist', f), join(dist, 'webview', f));
// the STEDI sample project that `lakehouse init --sample stedi` lays out
for (const d of ['sql', 'glue-scripts', 'queries']) if (existsSync(d)) cpSync(d, join(dist, 'sample', 'stedi', d), { recursive: true });

// The AWS SDK (S3, Glue, Athena, CloudWatch Logs clients, credential providers: ~1 MB minified) is bundled into a
// file of its own, dist/aws-sdk.js, which the CLI and the extension `require` the first time the AWS target is
// used: inlined into extension.js, its code would be parsed at every activation even though the local target never
// runs it. The packages are the ones src/ imports (`import('@aws-sdk/…')`, `from '@smithy/…'`), found by a scan;
// each is a lazy getter of aws-sdk.js, so a package's module code runs when it is first imported.
const AWS_SDK_FILE = 'aws-sdk.js';
const AWS_SDK_SPEC = /^@(aws-sdk|smithy|aws-crypto)\//;
function awsSdkImports() {
  const found = new Set();
  for (const f of readdirSync('src', { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(f)) continue;
    const text = readFileSync(join('src', f), 'utf8');
    // value imports only: `import type …` is erased and needs nothing at run time
    for (const m of text.matchAll(/(?:^import\s+(?!type\b)[^;]*?\bfrom\s*|\bimport\(\s*)'((?:@aws-sdk|@smithy|@aws-crypto)\/[^']+)'/gm)) found.add(m[1]);
  }
  return [...found].sort();
}
const awsSdk = awsSdkImports();
/** Resolves the SDK's packages imported by our code to getters of dist/aws-sdk.js (loaded with require at first use). */
const awsSdkSplit = {
  name: 'aws-sdk-split',
  setup(build) {
    build.onResolve({ filter: AWS_SDK_SPEC }, (args) => {
      // the SDK's own imports of each other stay inside aws-sdk.js (this plugin is not used to build it)
      if (args.importer.includes('node_modules')) return undefined;
      if (!awsSdk.includes(args.path)) return { errors: [{ text: `${args.path} is not in the AWS SDK bundle: scripts/build.mjs found ${awsSdk.join(', ')}` }] };
      return { path: args.path, namespace: 'aws-sdk-split' };
    });
    build.onLoad({ filter: /.*/, namespace: 'aws-sdk-split' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`./${AWS_SDK_FILE}`)})[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
    build.onResolve({ filter: new RegExp(`^\\./${AWS_SDK_FILE.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
  },
};

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
  plugins: [awsSdkSplit],
  logLevel: 'warning',
};

const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
];
if (existsSync('src/extension/extension.ts')) entries.push({ entryPoints: ['src/extension/extension.ts'], outfile: join(dist, 'extension.js') });
// the SDK bundle: `exports['@aws-sdk/client-s3']` is a getter that runs that package's modules on first access
entries.push({
  stdin: {
    contents: awsSdk.map((spec) => `Object.defineProperty(exports, ${JSON.stringify(spec)}, { enumerable: true, get: () => require(${JSON.stringify(spec)}) });`).join('\n'),
    resolveDir: '.',
    sourcefile: 'aws-sdk-entry.js',
    loader: 'js',
  },
  outfile: join(dist, AWS_SDK_FILE),
  plugins: [],
});

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
