// The functions the SQL editor offers (src/core/sql/functions.ts) are the Trino translator's function tables, whose
// modules import the Trino grammar. They are read here, once per build, from a bundle of
// src/core/sql/trino/functions/catalog.ts run in this process; the extension's and the CLI's bundles get the list
// as data in that module's place, so offering functions loads neither the tables nor the grammar.
// Used by scripts/build.mjs; test/sql/functionCatalog.test.ts checks a bundle made with it.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** the module whose import of the catalog is replaced */
const IMPORTER = join(ROOT, 'src', 'core', 'sql', 'functions.ts');

/** What functionCatalog() answers, run from the sources. */
export async function readFunctionCatalog() {
  const outfile = join(mkdtempSync(join(tmpdir(), 'lakehouse-build-')), 'catalog.cjs');
  try {
    await esbuild.build({
      entryPoints: [join(ROOT, 'src', 'core', 'sql', 'trino', 'functions', 'catalog.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      mainFields: ['module', 'main'],
      logLevel: 'warning',
    });
    return require(outfile).functionCatalog();
  } finally {
    rmSync(dirname(outfile), { recursive: true, force: true });
  }
}

/** An esbuild plugin: src/core/sql/functions.ts's `import('./trino/functions/catalog')` becomes the list as data. */
export async function functionCatalogPlugin() {
  // as a JSON string: scanned at load far faster than the same data as an object literal (parsed when first asked)
  const contents = `export function functionCatalog() { return JSON.parse(${JSON.stringify(JSON.stringify(await readFunctionCatalog()))}); }`;
  return {
    name: 'function-catalog',
    setup(build) {
      build.onResolve({ filter: /^\.\/trino\/functions\/catalog$/ }, (args) => (resolve(args.importer) === IMPORTER ? { path: 'catalog', namespace: 'function-catalog' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'function-catalog' }, () => ({ contents, loader: 'js' }));
    },
  };
}
