// The SQL grammars' prediction caches the build ships (src/core/targets/local/grammarPredictions.ts): the Trino and
// Spark translators' warm-up statements, the statements of the conformance corpora (test/conformance/<engine>:
// the engines' documented examples) and the STEDI sample's (its SQL Query nodes' Spark SQL, its Athena queries:
// what a new user runs first), parsed once here from a bundle of the sources run in this process, and the
// DFAs written next to the bundles for this build. A process whose data folder has no caches of its own yet (a
// first `lakehouse run` or `query`) starts from these instead of ANTLR's empty ones.
// Used by scripts/build.mjs.
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const ENTRY = `
import * as trino from './src/core/sql/trino';
import * as spark from './src/core/sql/spark';
import { parseTrinoStatement } from './src/core/sql/trino/parser';
import { parseSparkStatement } from './src/core/sql/spark/parser';
import { predictionFile } from './src/core/targets/local/grammarPredictions';
export async function files(build, corpora) {
  const now = async () => undefined;
  await trino.warmUp(now);
  await spark.warmUp(now);
  for (const [statements, parse] of [[corpora.trino, parseTrinoStatement], [corpora.spark, parseSparkStatement]])
    for (const sql of statements) {
      try {
        parse(sql);
      } catch {
        // (a statement the grammar refuses teaches it as much)
      }
    }
  const out = {};
  for (const [name, g] of [['trino', trino], ['spark', spark]]) {
    const snapshot = g.predictionSnapshot();
    if (!snapshot) throw new Error(name + ': the warm-up learnt nothing');
    out[name + '-predictions.bin'] = predictionFile(build, snapshot);
  }
  return out;
}
`;

/** The statements of an engine's conformance corpus (none when the folder is not there). */
function corpus(engine) {
  const dir = join(ROOT, 'test', 'conformance', engine);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).cases.map((c) => c.sql));
}

/**
 * The sample project's statements: the Spark SQL of its jobs' SQL Query nodes (the `SqlQueryN = """…"""` strings
 * Glue Studio generates) and the Athena queries of `queries/*.sql` (split at `;` ending a line: the sample's own files).
 */
function sample() {
  const texts = (dir, ext) => (existsSync(join(ROOT, dir)) ? readdirSync(join(ROOT, dir)).filter((f) => f.endsWith(ext)).sort().map((f) => readFileSync(join(ROOT, dir, f), 'utf8')) : []);
  const spark = texts('glue-scripts', '.py').flatMap((py) => [...py.matchAll(/^SqlQuery\d+ = """([\s\S]*?)"""/gm)].map((m) => m[1]));
  const trino = texts('queries', '.sql')
    .flatMap((sql) => sql.split(/;\s*$/m))
    .map((q) => q.replace(/^\s*--.*$/gm, '').trim())
    .filter((q) => q !== '');
  return { spark, trino };
}

/** Writes `<dist>/trino-predictions.bin` and `<dist>/spark-predictions.bin` for `build`. */
export async function writeGrammarPredictions(dist, build) {
  const outfile = join(mkdtempSync(join(tmpdir(), 'lakehouse-build-')), 'predictions.cjs');
  try {
    await esbuild.build({
      stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'grammar-predictions-entry.ts', loader: 'ts' },
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      mainFields: ['module', 'main'],
      external: ['@duckdb/node-api', '@duckdb/node-bindings'],
      logLevel: 'warning',
    });
    const stedi = sample();
    const files = await require(outfile).files(build, { trino: [...corpus('trino'), ...stedi.trino], spark: [...corpus('spark'), ...stedi.spark] });
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dist, name), data);
  } finally {
    rmSync(dirname(outfile), { recursive: true, force: true });
  }
}
