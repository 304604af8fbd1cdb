/**
 * The functions the SQL editor offers (engineFunctions): exactly the functions the local engine translates — the
 * rows of the Trino translator's tables, plus the call-like special forms `if` and `try` — with Trino's signatures,
 * each linked to the Trino documentation; and the extension's bundle holds them as data, without the grammar.
 *
 * Documented signatures: trinodb/trino docs/src/main/sphinx/functions/{string,datetime,aggregate,json,regexp,
 * window}.md (https://trino.io/docs/current/functions/…), e.g. `length(string) -> bigint`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { engineFunctions, type SqlFunctionInfo } from '../../src/core/sql/functions';
import { FUNCTIONS } from '../../src/core/sql/trino/functions';
import { TRINO_FUNCTION_NAMES } from '../../src/core/sql/trino/functions/names';

const ROOT = resolve(__dirname, '..', '..');

async function offered(name: string): Promise<SqlFunctionInfo> {
  const f = (await engineFunctions()).find((x) => x.name === name);
  assert.ok(f, `${name} is offered`);
  return f;
}

test('offers exactly the functions the engine translates: every table row, if and try; nothing DuckDB-only, nothing refused', async () => {
  const names = (await engineFunctions()).map((f) => f.name);
  assert.deepEqual([...names].sort(), [...Object.keys(FUNCTIONS), 'if', 'try'].sort());
  assert.equal(new Set(names).size, names.length, 'one entry per name');
  // every name is one Trino documents: in list.md (names.ts), or linked there as a special form (coalesce), or in
  // array.md of a later release than names.ts's list (euclidean_distance, dot_product: trinodb/trino docs)
  assert.deepEqual(names.filter((n) => !TRINO_FUNCTION_NAMES.has(n)).sort(), ['coalesce', 'dot_product', 'euclidean_distance']);
  // DuckDB's own functions fail on Athena ("Function 'range' not registered"): never offered
  for (const duckOnly of ['range', 'read_csv', 'list_transform', 'strftime', 'epoch_ms']) assert.ok(!names.includes(duckOnly), duckOnly);
  // Trino functions the engine refuses as not supported here are not offered either
  const refused = [...TRINO_FUNCTION_NAMES].filter((n) => !(n in FUNCTIONS) && n !== 'if' && n !== 'try');
  assert.ok(refused.includes('st_area') && refused.includes('approx_set'), 'the spatial and sketch functions are refused');
  for (const n of refused) assert.ok(!names.includes(n), n);
});

test("signatures are Trino's: arity and result type as the Trino documentation gives them", async () => {
  const cases: [name: string, documented: string, params: number, result: string][] = [
    ['length', 'length(string) -> bigint', 1, 'bigint'],
    ['lpad', 'lpad(string, size, padstring) -> varchar', 3, 'varchar'],
    ['date_diff', 'date_diff(unit, timestamp1, timestamp2) -> bigint', 3, 'bigint'],
    ['from_unixtime', 'from_unixtime(unixtime) -> timestamp(3) with time zone', 1, 'timestamp(3) with time zone'],
    ['date_trunc', 'date_trunc(unit, x) -> [same as input]', 2, 'timestamp with time zone'],
    ['json_extract_scalar', 'json_extract_scalar(json, json_path) -> varchar', 2, 'varchar'],
    ['regexp_like', 'regexp_like(string, pattern) -> boolean', 2, 'boolean'],
    ['approx_distinct', 'approx_distinct(x) -> bigint', 1, 'bigint'],
    ['row_number', 'row_number() -> bigint', 0, 'bigint'],
  ];
  for (const [name, documented, params, result] of cases) {
    const f = await offered(name);
    const match = f.signatures.some((s) => {
      const m = /^(\w+)\((.*)\) → (.+)$/.exec(s);
      return m !== null && m[1] === name && (m[2] === '' ? 0 : m[2]!.split(/,(?![^(]*\))/).length) === params && m[3] === result;
    });
    assert.ok(match, `${name}: ${f.signatures.join(' | ')} has no form like ${documented}`);
  }
  assert.deepEqual((await offered('count')).signatures[0], 'count(*) → bigint');
  assert.equal((await offered('count')).kind, 'aggregate');
  assert.equal((await offered('row_number')).kind, 'window');
  assert.equal((await offered('lower')).kind, 'scalar');
});

test('each function links to its entry in the Trino documentation', async () => {
  for (const f of await engineFunctions()) assert.match(f.docs, /^https:\/\/trino\.io\/docs\/current\/functions\/(string|math|datetime|json|array|map|regexp|aggregate|window|conditional|comparison|conversion|url|bitwise|binary)\.html#[a-z0-9_-]+$/, f.name);
  assert.equal((await offered('lpad')).docs, 'https://trino.io/docs/current/functions/string.html#lpad');
  assert.equal((await offered('rank')).docs, 'https://trino.io/docs/current/functions/window.html#rank');
  assert.equal((await offered('if')).docs, 'https://trino.io/docs/current/functions/conditional.html#if-expression');
  assert.equal((await offered('format')).docs, 'https://trino.io/docs/current/functions/conversion.html#format');
});

test("the extension's bundle holds the list as data: offering functions loads neither the tables nor the Trino grammar", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lh-catalog-'));
  try {
    const { functionCatalogPlugin } = (await import(join(ROOT, 'scripts', 'function-catalog.mjs'))) as { functionCatalogPlugin: () => Promise<esbuild.Plugin> };
    const outfile = join(dir, 'probe.cjs');
    await esbuild.build({
      stdin: {
        contents: `import { engineFunctions } from './src/core/sql/functions';
engineFunctions().then((functions) => process.stdout.write(JSON.stringify({ functions, modules: Object.keys(require.cache) })));`,
        resolveDir: ROOT,
        sourcefile: 'probe.ts',
        loader: 'ts',
      },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      mainFields: ['module', 'main'],
      // as in scripts/build.mjs, the grammar is not inlined: were it reached, it would be required (and seen below)
      external: ['antlr4ng', 'dt-sql-parser', 'dt-sql-parser/*'],
      plugins: [await functionCatalogPlugin()],
      logLevel: 'warning',
    });
    const bundle = readFileSync(outfile, 'utf8');
    assert.ok(!bundle.includes('dt-sql-parser') && !bundle.includes('antlr4ng'), 'the bundle does not reach the grammar');
    writeFileSync(join(dir, 'package.json'), '{}');
    const out = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as { functions: SqlFunctionInfo[]; modules: string[] };
    assert.deepEqual(out.modules.filter((m) => /antlr4ng|dt-sql-parser/.test(m)), []);
    assert.deepEqual(out.functions, await engineFunctions(), 'the same list as the sources make');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
