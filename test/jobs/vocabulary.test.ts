/**
 * The vocabulary tables are the documentation: the "what runs" list of docs/glue-jobs.md is generated from them
 * (scripts/vocabulary-table.ts) and must be exactly what they hold; every row either builds something or says why
 * it is refused and what to write instead.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { sig } from '../../src/core/jobs/callArgs';
import { vocabularyMarkdown, vocabularyRows } from '../../src/core/jobs/vocabulary/table';

test("docs/glue-jobs.md's list of calls is the one the vocabulary tables give", async () => {
  const readme = await readFile(path.join(__dirname, '..', '..', 'docs', 'glue-jobs.md'), 'utf8');
  const start = '<!-- vocabulary:start -->';
  const end = '<!-- vocabulary:end -->';
  const between = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim();
  assert.equal(between, vocabularyMarkdown().trim(), 'docs/glue-jobs.md is out of date: run node --import tsx scripts/vocabulary-table.ts');
});

test('every row builds a plan part or is refused with a reason and what to write instead; signatures parse', () => {
  const rows = vocabularyRows();
  assert.ok(rows.length > 150, `${rows.length} rows`);
  for (const r of rows) {
    if (r.refused) {
      assert.ok(r.refused.why.length > 10 && r.refused.instead.length > 5, r.call);
      continue;
    }
    assert.ok(r.becomes !== undefined && r.becomes !== '', r.call);
    const s = sig(r.params);
    for (const p of s.params) assert.match(p.name, /^[A-Za-z_]\w*$/, `${r.call}: ${r.params}`);
  }
  // the Glue Studio nodes of the developer guide's transform list each have a row
  const calls = new Set(rows.map((r) => r.call));
  for (const c of [
    'ApplyMapping.apply',
    'SelectFields.apply',
    'DropFields.apply',
    'RenameField.apply',
    'Filter.apply',
    'Join.apply',
    'DropNullFields.apply',
    'SelectFromCollection.apply',
    'SplitFields.apply',
    'Spigot.apply',
    'FillMissingValues.apply',
    'EvaluateDataQuality.process_rows',
    'DynamicFrame.gs_derived',
    'DynamicFrame.gs_concat',
    'DynamicFrame.gs_split',
    'DynamicFrame.gs_array_to_cols',
    'DynamicFrame.gs_explode',
    'DynamicFrame.gs_flatten',
    'DynamicFrame.gs_now',
    'DynamicFrame.gs_pivot',
    'DynamicFrame.gs_unpivot',
    'GlueContext.create_dynamic_frame.from_catalog',
    'GlueContext.create_dynamic_frame.from_options',
    'GlueContext.write_dynamic_frame.from_options',
    'GlueContext.write_dynamic_frame.from_catalog',
    'GlueContext.getSink',
  ])
    assert.ok(calls.has(c), c);
});
