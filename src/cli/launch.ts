/**
 * The `lakehouse` command's entry point (dist/cli.js): as little as possible runs before a command's own code.
 * `lakehouse --version` is answered here, without loading the program; any other command line loads the program
 * (src/cli/main.ts, bundled apart as dist/cli-main.js by scripts/build.mjs) and runs it.
 *
 * The program (~2 MB of JavaScript) is compiled by V8 at every command: ~50 ms of CPU on a 2-core machine, more than
 * a small command's own work. V8 can keep what it compiled (its code cache): the program is loaded through
 * `vm.Script` with the cache the last command left, and the cache is written again when V8 refused it or there was
 * none. It is kept in the user's cache folder (`$XDG_CACHE_HOME` or `~/.cache`, `~/Library/Caches` on macOS,
 * `%LOCALAPPDATA%` on Windows: `lakehouse-studio/`), one file per build of the program, Node version and
 * architecture (another build's, not written for a day, is removed when a new one is written);
 * `LAKEHOUSE_CODE_CACHE=0` turns it off. V8's cache holds the functions compiled when it was made — those the command
 * that made it ran —, so the commands that run most of the program (`run`, `query`, `tables`, `upload`) keep one
 * each, and every other command shares one: the cache made by a user's first command (`init`, `--help`) would
 * otherwise leave a later `lakehouse run` compiling its own code at every start. It is only a cache: V8 checks it
 * against the source and its own version and flags, and rejects it otherwise (the program is then compiled as
 * without it); a file that cannot be read or written changes nothing.
 *
 * The SQL grammars' bundles and the CSV parser's, which the program loads on first use (files next to it, required
 * by name), are compiled the same way, each with a cache of its own: a grammar is ~1.5 MB of JavaScript that a
 * `lakehouse run` of jobs with Spark SQL, or a query not translated before, would otherwise compile every time.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { sweepStaleTempFiles, userCacheDir, userCacheTempName } from '../core/userCache';
import { VERSION } from './version';

declare const __LAKEHOUSE_BUILD__: string | undefined;

type Program = typeof import('./main');

/** A script compiled with V8's code cache kept in `cacheFile`; `keep` writes a new cache when there was none or V8 refused it. */
function compileCached(file: string, source: string, cacheFile: string, build: string): { script: vm.Script; keep: () => void } {
  let cached: Buffer | undefined;
  try {
    cached = fs.readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, ...(cached ? { cachedData: cached } : {}) });
  const stale = cached === undefined || script.cachedDataRejected === true;
  return {
    script,
    keep: () => {
      if (!stale) return;
      try {
        // after the command: the functions it ran are compiled by now, and go into the cache too
        const data = script.createCachedData();
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        const tmp = userCacheTempName(cacheFile);
        sweepStaleTempFiles(path.dirname(cacheFile));
        fs.writeFileSync(tmp, data);
        fs.renameSync(tmp, cacheFile);
        pruneOtherBuilds(path.dirname(cacheFile), path.basename(cacheFile), build);
      } catch {
        // (a cache: not kept this time)
      }
    },
  };
}

/** Runs a compiled CommonJS wrapper as `require` would, for the module `mod`. */
function runModule(script: vm.Script, mod: { exports: unknown; filename: string }, require: NodeJS.Require): void {
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, require, mod, mod.filename, path.dirname(mod.filename));
}

/**
 * The bundles next to the program that it requires on first use (scripts/build.mjs), compiled with a code cache too.
 * Not the AWS SDK's nor web-tree-sitter's: they hold dynamic `import()`s, which a script compiled by `vm` can run
 * only with Node's default loader given as an option that Node 20 still calls experimental (and warns about).
 */
const LAZY_BUNDLES = new Set(['trino-grammar.js', 'spark-grammar.js', 'csv-parse.js']);

/** The commands with a program cache of their own (see the module comment); the others share one. */
const OWN_CACHE = new Set(['run', 'query', 'tables', 'upload']);

/**
 * Which of the program's caches a command line uses: the first of its words naming a command with a cache of its
 * own (an option's value that happens to be such a name picks another cache: only a cache).
 */
export function programCacheName(argv: readonly string[]): string {
  const own = argv.find((a) => OWN_CACHE.has(a));
  return own === undefined ? 'cli-main.js' : `cli-main.${own}.js`;
}

/** The program, compiled with V8's code cache when it can be; `done` keeps the caches V8 made anew. */
function loadProgram(): { program: Program; done: () => void } {
  const build = typeof __LAKEHOUSE_BUILD__ === 'string' ? __LAKEHOUSE_BUILD__ : undefined;
  const dir = userCacheDir();
  if (build === undefined || dir === undefined || process.env['LAKEHOUSE_CODE_CACHE'] === '0') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { program: require('./main') as Program, done: () => undefined };
  }
  const cacheFileOf = (name: string) => path.join(dir, `${name.replace(/\.js$/, '')}${BUILD_TAG}${build}-${process.version}-${process.arch}.v8cache`);
  const toKeep: (() => void)[] = [];
  // the lazily required bundles: compiled through the same cache when Node's loader compiles them
  type Compile = (this: Module, content: string, filename: string) => unknown;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const compile = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string) {
    if (path.dirname(filename) !== __dirname || !LAZY_BUNDLES.has(path.basename(filename))) return compile.call(this, content, filename);
    const { script, keep } = compileCached(filename, content, cacheFileOf(path.basename(filename)), build);
    toKeep.push(keep);
    runModule(script, this as unknown as { exports: unknown; filename: string }, Module.createRequire(filename));
    return undefined;
  };
  const file = path.join(__dirname, 'cli-main.js');
  const { script, keep } = compileCached(file, fs.readFileSync(file, 'utf8'), cacheFileOf(programCacheName(args)), build);
  toKeep.push(keep);
  const mod = { exports: {} as Program, id: file, filename: file, loaded: false };
  runModule(script, mod, Module.createRequire(file));
  mod.loaded = true;
  return { program: mod.exports, done: () => toKeep.forEach((k) => k()) };
}

/** between a bundle's name and the build in a cache's file name */
const BUILD_TAG = '-b-';

/** a day: other builds' caches not written for that long are removed when a new one is written */
const STALE_MS = 86_400_000;

/**
 * Removes the caches of other builds (or Node versions) not written for a day: one file per build would pile up.
 * The plans, translations and parsed statements shared by every project (planStore.ts sharedStoreFile) are kept per build too.
 */
function pruneOtherBuilds(dir: string, keep: string, build: string): void {
  const now = Date.now();
  const sharedOfThisBuild = `${BUILD_TAG}${build.replace(/[^\w.-]/g, '_')}.bin`;
  for (const f of fs.readdirSync(dir)) {
    if (f === keep) continue;
    if (/\.v8cache$/.test(f) ? f.endsWith(keep.slice(keep.indexOf(BUILD_TAG))) : !/^(plans|translations|statements)-b-.*\.bin$/.test(f) || f.endsWith(sharedOfThisBuild)) continue;
    const file = path.join(dir, f);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    } catch {
      // (gone already, or not ours to remove)
    }
  }
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) process.stdout.write(`${VERSION}\n`);
else {
  const { program, done } = loadProgram();
  void program.main(process.argv).then((code) => {
    process.exitCode = code;
    done();
  });
}
