// The schema VS Code's JSON language service gets for lakehouse.json (scripts/editorSchema.mjs, written to
// dist/lakehouse.schema.json by the build): completion and hovers without a second copy of each problem that the
// extension's diagnostics already report (found by a new user, session 12: the Problems panel listed every mistake
// twice, once as "String does not match the pattern of \"^((?!\\.\\.?/)[^/\\\\]+/)+$\".").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import schema from '../../src/core/project/lakehouse.schema.json';
import { checkManifestText } from '../../src/core/project/manifest';
// @ts-expect-error: a build script in plain JavaScript, without types
import { editorSchema, VALIDATION_KEYWORDS } from '../../scripts/editorSchema.mjs';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const edited = (editorSchema as (s: Json) => Json)(schema as unknown as Json);

/** Every keyword used in a schema (the names under `properties`/`definitions` are data, not keywords), with its path. */
function keywords(s: Json, at = '#'): { path: string; key: string; value: Json }[] {
  if (s === null || typeof s !== 'object' || Array.isArray(s)) return [];
  return Object.entries(s).flatMap(([k, v]) =>
    k === 'properties' || k === 'definitions'
      ? Object.entries(v as Record<string, Json>).flatMap(([n, sub]) => keywords(sub, `${at}/${k}/${n}`))
      : [{ path: at, key: k, value: v }, ...keywords(v, `${at}/${k}`)],
  );
}

test('the editor schema holds no validation keyword, and no additionalProperties: false', () => {
  const left = keywords(edited).filter((k) => (VALIDATION_KEYWORDS as string[]).includes(k.key) || (k.key === 'additionalProperties' && k.value === false));
  assert.deepEqual(left, []);
});

test('the editor schema keeps every property, description and default of the full schema; enum values become examples', () => {
  assert.ok(keywords(schema as unknown as Json).some((k) => k.key === 'enum' && !/\/(if|then|else)\//.test(k.path)), 'the schema has enums');
  const full = keywords(schema as unknown as Json);
  const kept = keywords(edited);
  const at = (ks: typeof full, key: string) => ks.filter((k) => k.key === key).map((k) => `${k.path} ${JSON.stringify(k.value)}`).sort();
  for (const key of ['description', 'default', 'type', '$ref']) assert.deepEqual(at(kept, key), at(full, key), key);
  // (an enum inside if/then/else narrows a value under a condition: the unconditional one offers the values)
  for (const e of full.filter((k) => k.key === 'enum' && !/\/(if|then|else)\//.test(k.path))) {
    const examples = kept.find((k) => k.path === e.path && k.key === 'examples');
    assert.ok(examples, `${e.path}: its enum values are offered`);
    for (const v of e.value as Json[]) assert.ok((examples.value as Json[]).includes(v), `${e.path}: ${JSON.stringify(v)}`);
  }
});

test('what the editor schema no longer checks, the diagnostics still report (the same keywords, through Ajv)', () => {
  const text = JSON.stringify({ name: 'p', bucket: 'Not_A_Bucket', database: 'd', datasets: { a: { landing: 'a/landing' } }, glue: { glueVersion: '9.0' }, extra: 1 }, null, 2);
  const fields = checkManifestText(text).map((p) => p.field).sort();
  assert.deepEqual(fields, ['bucket', 'datasets.a.landing', 'extra', 'glue.glueVersion'].sort());
});
