/**
 * tree-sitter's Python grammar, loaded once with web-tree-sitter (WASM: no native build, works in Node and in the
 * extension host). The two `.wasm` files are looked up next to the running bundle first (`scripts/build.mjs` copies
 * them into `dist/`), then resolved from node_modules (tests run the TypeScript through tsx).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';
import type { Parser } from 'web-tree-sitter';

/**
 * The runtime, required at first use: only reading a job's script needs it (scripts/build.mjs bundles it into a file
 * of its own). `require`, not `import`: esbuild resolves an import through the package's "import" condition to its
 * ES module, which calls createRequire(import.meta.url) — undefined in the CommonJS bundles. require picks the CJS
 * build.
 */
function treeSitter(): typeof TreeSitter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('web-tree-sitter') as typeof TreeSitter;
}

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const PYTHON_WASM = 'tree-sitter-python.wasm';

/** `require.resolve` as seen by the running module (CommonJS under tsx and in the esbuild bundles). */
function resolveModule(id: string): string | undefined {
  try {
    return typeof require === 'function' ? require.resolve(id) : undefined;
  } catch {
    return undefined;
  }
}

/** Where a `.wasm` file is: next to the bundle, else in its npm package. */
function locateWasm(file: string): string {
  const candidates: (string | undefined)[] = [];
  if (typeof __dirname === 'string') candidates.push(path.join(__dirname, file));
  if (file === RUNTIME_WASM) candidates.push(resolveModule(`web-tree-sitter/${RUNTIME_WASM}`));
  if (file === PYTHON_WASM) {
    const pkg = resolveModule('tree-sitter-python/package.json');
    if (pkg !== undefined) candidates.push(path.join(path.dirname(pkg), PYTHON_WASM));
  }
  const found = candidates.find((c): c is string => c !== undefined && existsSync(c));
  if (found === undefined)
    throw new Error(`cannot find ${file} (looked in: ${candidates.filter((c) => c !== undefined).join(', ') || 'nowhere'}); reinstall the package or rebuild with "npm run build"`);
  return found;
}

let shared: Promise<Parser> | undefined;

async function load(): Promise<Parser> {
  const { Parser: ParserClass, Language } = treeSitter();
  await ParserClass.init({ locateFile: (name: string) => (name.endsWith('.wasm') ? locateWasm(name) : name) });
  const python = await Language.load(new Uint8Array(await readFile(locateWasm(PYTHON_WASM))));
  return new ParserClass().setLanguage(python);
}

/**
 * The shared parser, set to Python. The WASM runtime and the grammar are loaded on the first call only.
 * Parsing is synchronous, so sharing is safe; callers must not `delete()` it (but should `delete()` their trees).
 */
export function getPythonParser(): Promise<Parser> {
  shared ??= load().catch((e: unknown) => {
    shared = undefined; // let a later call try again
    throw e;
  });
  return shared;
}
