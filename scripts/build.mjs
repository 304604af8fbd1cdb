// Bundles the CLI and the extension with esbuild and copies the run-time assets next to them.
// Type-checking is separate (`npm run typecheck`): esbuild does not check types.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { functionCatalogPlugin } from './function-catalog.mjs';
import { writeGrammarPredictions } from './grammar-predictions.mjs';
import { editorSchema } from './editorSchema.mjs';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const dist = 'dist';

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// assets the bundles load at run time
cpSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
cpSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'), join(dist, 'tree-sitter-python.wasm'));
// (for completion and hovers: the extension's diagnostics validate it — scripts/editorSchema.mjs)
writeFileSync(join(dist, 'lakehouse.schema.json'), JSON.stringify(editorSchema(JSON.parse(readFileSync('src/core/project/lakehouse.schema.json', 'utf8'))), null, 2));
// the webviews' icons: the workbench's codicon font and its stylesheet (loaded from the bundle folder, CSP font-src)
mkdirSync(join(dist, 'webview'), { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) cpSync(join(dirname(require.resolve('@vscode/codicons/package.json')), 'dist', f), join(dist, 'webview', f));
// the STEDI sample project that `lakehouse init --sample stedi` lays out
for (const d of ['sql', 'glue-scripts', 'queries']) if (existsSync(d)) cpSync(d, join(dist, 'sample', 'stedi', d), { recursive: true });

/**
 * A set of packages bundled into a file of its own, which the CLI and the extension `require` the first time one of
 * the packages is imported: inlined into extension.js, their code would be parsed at every activation even though
 * most sessions never run it. The packages are the ones src/ imports (`import('pkg')`, `from 'pkg'`), found by a
 * scan; each is a lazy getter of the file, so a package's module code runs when it is first imported.
 */
function split(file, spec, { esm = false } = {}) {
  const found = new Set();
  for (const f of readdirSync('src', { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(f)) continue;
    const text = readFileSync(join('src', f), 'utf8');
    // value imports only: `import type …` is erased and needs nothing at run time
    for (const m of text.matchAll(/(?:^import\s+(?!type\b)[^;]*?\bfrom\s*|\bimport\(\s*)'([^']+)'/gm)) if (spec.test(m[1])) found.add(m[1]);
  }
  const packages = [...found].sort();
  /** Resolves the packages imported by our code to getters of the file (loaded with require at first use). */
  const plugin = {
    name: `${file}-split`,
    setup(build) {
      build.onResolve({ filter: spec }, (args) => {
        // the packages' own imports of each other stay inside the file (this plugin is not used to build it)
        if (args.importer.includes('node_modules')) return undefined;
        if (!packages.includes(args.path)) return { errors: [{ text: `${args.path} is not in ${file}: scripts/build.mjs found ${packages.join(', ')}` }] };
        return { path: args.path, namespace: `${file}-split` };
      });
      build.onLoad({ filter: /.*/, namespace: `${file}-split` }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./${file}`)})[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
      build.onResolve({ filter: new RegExp(`^\\./${file.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
    },
  };
  // the bundle: `exports['pkg']` is a getter that runs that package's modules on first access; with `esm`, the
  // packages are imported (not required) when the file loads, so that a package both import (antlr4ng, imported by
  // dt-sql-parser) resolves to the same build of it ("import" condition) and is one module, not two
  const contents = esm
    ? `${packages.map((p, i) => `import * as m${i} from ${JSON.stringify(p)};`).join('\n')}\nexport { ${packages.map((p, i) => `m${i} as ${JSON.stringify(p)}`).join(', ')} };`
    : packages.map((p) => `Object.defineProperty(exports, ${JSON.stringify(p)}, { enumerable: true, get: () => require(${JSON.stringify(p)}) });`).join('\n');
  const entry = {
    stdin: {
      contents,
      resolveDir: '.',
      sourcefile: `${file}-entry.js`,
      loader: 'js',
    },
    outfile: join(dist, file),
    plugins: [],
  };
  return { plugin, entry };
}
// The AWS SDK (S3, Glue, Athena, CloudWatch Logs clients, credential providers: ~1 MB minified), used by the AWS
// target only.
const awsSdk = split('aws-sdk.js', /^@(aws-sdk|smithy|aws-crypto)\//);
// The Trino grammar (dt-sql-parser's Trino parser and lexer) and antlr4ng, used when Athena SQL is first translated
// (src/core/sql/trino, itself reached through a dynamic import).
const trinoGrammar = split('trino-grammar.js', /^(antlr4ng$|dt-sql-parser\/dist\/lib\/trino\/)/, { esm: true });
// The Spark grammar (dt-sql-parser's Spark parser and lexer), used when a Glue job's Spark SQL is first translated
// (src/core/sql/spark, reached through a dynamic import): a file of its own, so that Athena SQL does not load it.
// Its antlr4ng is trino-grammar.js's (one antlr4ng in a process: the parsers' classes and ours must be the same).
const sparkGrammar = split('spark-grammar.js', /^dt-sql-parser\/dist\/lib\/spark\//, { esm: true });
sparkGrammar.entry.plugins = [
  {
    name: 'spark-grammar-shared-antlr4ng',
    setup(build) {
      build.onResolve({ filter: /^antlr4ng$/ }, () => ({ path: 'antlr4ng', namespace: 'shared-antlr4ng' }));
      build.onLoad({ filter: /.*/, namespace: 'shared-antlr4ng' }, () => ({ contents: `module.exports = require('./trino-grammar.js')['antlr4ng'];`, loader: 'js' }));
      build.onResolve({ filter: /^\.\/trino-grammar\.js$/ }, (args) => ({ path: args.path, external: true }));
    },
  },
];

// Packages only some commands need, each bundled into a file of its own that is `require`d at first use: the
// Python grammar's runtime (running jobs), the CSV parser of Athena's result files (the AWS target). Inlined, every
// command and every activation would parse them.
const SPLIT_PACKAGES = ['web-tree-sitter', 'csv-parse'];
const splitFile = (pkg) => `${pkg}.js`;
const packageSplit = {
  name: 'package-split',
  setup(build) {
    const filter = new RegExp(`^(${SPLIT_PACKAGES.map((p) => p.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => (args.importer.includes('node_modules') ? undefined : { path: args.path, namespace: 'package-split' }));
    build.onLoad({ filter: /.*/, namespace: 'package-split' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(`./${splitFile(args.path)}`)});`, loader: 'js' }));
    build.onResolve({ filter: new RegExp(`^\\./(${SPLIT_PACKAGES.map(splitFile).join('|').replace(/\./g, '\\.')})$`) }, (args) => ({ path: args.path, external: true }));
  },
};

// lakehouse.json's validator compiled at build time (src/core/project/manifestValidator.ts says why): the module is
// replaced by Ajv's standalone code for the schema, made by the module's own manifestValidatorSource()
const manifestValidator = {
  name: 'manifest-validator',
  setup(build) {
    build.onLoad({ filter: /src[\\/]core[\\/]project[\\/]manifestValidator\.ts$/ }, async (args) => {
      const r = await esbuild.build({ entryPoints: [args.path], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning' });
      const mod = { exports: {} };
      new Function('module', 'exports', 'require', r.outputFiles[0].text)(mod, mod.exports, require);
      return { contents: mod.exports.manifestValidatorSource(), loader: 'js', resolveDir: dirname(args.path), watchFiles: [join(dirname(args.path), 'lakehouse.schema.json')] };
    });
  },
};

// The build's id: a hash of the sources, the package's version and the locked versions of its dependencies (the
// Python grammar among them). The local target keeps the job plans it read per build
// (src/core/targets/local/planStore.ts): a plan read by other code is never served. None in --watch (the sources
// change under it): nothing is kept.
const buildId = watch ? undefined : (() => {
  const h = createHash('sha256').update(JSON.parse(readFileSync('package.json', 'utf8')).version);
  if (existsSync('package-lock.json')) h.update(readFileSync('package-lock.json'));
  for (const f of readdirSync('src', { recursive: true, encoding: 'utf8' }).sort()) {
    if (!/\.(ts|json)$/.test(f)) continue;
    h.update(f).update(readFileSync(join('src', f)));
  }
  return h.digest('base64url').slice(0, 22);
})();

// V8 holds a script that has any character beyond ASCII as UTF-16: the program (~2.7 MB) was decoded from UTF-8 at
// every command (~55 M instructions of `lakehouse tables`' ~410 M beyond Node's own start) and scanned as two-byte
// text. esbuild writes strings, regular expressions and names as ASCII escapes (its default charset) but keeps
// comments as written, and their dashes and arrows are the bundle's only other characters: on the lines that are
// comment lines only (`//`, `/*`, ` * `) they become `?`, one per UTF-16 unit, so that every column (and the source
// map) stays where it was. Kept only when the code without comments (esbuild's whitespace minification) is the same
// before and after; a bundle left with other characters is named in a warning.
const asciiComments = {
  name: 'ascii-comments',
  setup(build) {
    build.onEnd(async (result) => {
      const file = build.initialOptions.outfile;
      if (result.errors.length > 0 || file === undefined || !existsSync(file)) return;
      const text = readFileSync(file, 'utf8');
      if (!/[\u0080-\uffff]/.test(text)) return;
      const ascii = text
        .split('\n')
        .map((line) => (/^\s*(\/\/|\/\*|\*)/.test(line) ? line.replace(/[\u0080-\uffff]/g, '?') : line))
        .join('\n');
      const code = async (t) => (await esbuild.transform(t, { loader: 'js', minifyWhitespace: true, charset: 'utf8' })).code;
      const [before, after] = await Promise.all([code(text), code(ascii)]);
      if (before === after) writeFileSync(file, ascii);
      const left = (before === after ? ascii : text).match(/[\u0080-\uffff]/g)?.length ?? 0;
      if (left > 0) console.warn(`build: ${file} keeps ${left} characters beyond ASCII outside comment lines: V8 reads it as UTF-16 (write them as escapes)`);
    });
  },
};

// Node's built-in modules that only some commands use, required by the program at their first use rather than when
// it loads: each of these costs a `lakehouse tables` or `query` a few ms of CPU to load (child_process, through
// commander, brings net and dgram; zlib and worker_threads: gzip and the JSON scan; readline: a question asked of
// the user), and most commands use none. The program's imports of them resolve to a module of functions of the same
// names (every function the built-in module exports, as this Node has it) that require the built-in at their first
// call and call its function (`new` for a class: `new Worker(...)` is the built-in's Worker, though not `instanceof`
// the program's Worker: the program asks no such question). Values that are not functions are not exported: an
// import of one fails the build (esbuild: no matching export), never the command.
const LAZY_BUILTINS = ['child_process', 'zlib', 'worker_threads', 'readline/promises'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.map((b) => b.replace(/[/]/g, '\\/')).join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const real = require(`node:${args.path}`);
      const names = Object.keys(real).filter((k) => typeof real[k] === 'function' && /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
      const contents = [
        `let loaded;`,
        `const real = () => (loaded ??= require(${JSON.stringify(`node:${args.path}`)}));`,
        ...names.map((k) => `export function ${k}(...a) { return new.target ? Reflect.construct(real().${k}, a, real().${k}) : real().${k}.apply(this, a); }`),
      ].join('\n');
      return { contents, loader: 'js', resolveDir: '.' };
    });
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
  define: buildId !== undefined ? { __LAKEHOUSE_BUILD__: JSON.stringify(buildId) } : {},
  plugins: [awsSdk.plugin, trinoGrammar.plugin, sparkGrammar.plugin, packageSplit, manifestValidator, await functionCatalogPlugin(), asciiComments],
  logLevel: 'warning',
};

// The CLI: dist/cli.js is the entry (src/cli/launch.ts: `--version` answered there), which requires the program,
// dist/cli-main.js (src/cli/main.ts), for any other command — so the program's ~1 MB is not parsed to print a version.
const CLI_MAIN_FILE = 'cli-main.js';
const cliMainSplit = {
  name: 'cli-main-split',
  setup(build) {
    build.onResolve({ filter: /^\.\/main$/ }, (args) => (args.importer.endsWith(join('src', 'cli', 'launch.ts')) ? { path: `./${CLI_MAIN_FILE}`, external: true } : undefined));
  },
};
const entries = [
  { entryPoints: ['src/cli/launch.ts'], outfile: join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' }, plugins: [cliMainSplit] },
  // DuckDB's JavaScript API (@duckdb/node-api: ~120 small CommonJS files, ~50 ms of CPU to resolve, read and compile
  // at every command) is bundled into the program, and so compiled once into its V8 code cache (src/cli/launch.ts);
  // the native bindings stay a package resolved at run time (per platform). Still loaded only when a command opens
  // the engine (esbuild's CommonJS wrappers run a module at its first require).
  { entryPoints: ['src/cli/main.ts'], outfile: join(dist, CLI_MAIN_FILE), external: common.external.filter((p) => p !== '@duckdb/node-api'), plugins: [lazyBuiltins, ...common.plugins] },
];
if (existsSync('src/extension/extension.ts')) entries.push({ entryPoints: ['src/extension/extension.ts'], outfile: join(dist, 'extension.js') });
entries.push(awsSdk.entry, trinoGrammar.entry, sparkGrammar.entry);

// the worker threads of the fast JSON line-shape scan (src/core/targets/local/jsonShapeFiles.ts)
entries.push({ entryPoints: ['src/core/targets/local/jsonShapeWorker.ts'], outfile: join(dist, 'json-shape-worker.js') });

// the split packages, one file each (CommonJS: require picks each package's CommonJS build)
for (const pkg of SPLIT_PACKAGES)
  entries.push({ stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: '.', sourcefile: `${pkg}-entry.js`, loader: 'js' }, outfile: join(dist, splitFile(pkg)), plugins: [] });

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
for (const page of ['grid', 'report', 'jobGraph'])
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
  // the grammars' prediction caches for this build (none in --watch: no build id, nothing is kept)
  await writeGrammarPredictions(dist, buildId);
}
