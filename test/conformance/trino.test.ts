/**
 * The Trino (Athena) conformance corpus: well-formed, and run on the local engine no worse than the committed
 * baseline (test/conformance/baseline-trino.json). See test/conformance/README.md to tighten it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { allCases, corpusProblems, loadCorpus } from './corpus';
import { readBaseline, regressions, runCorpus } from './harness';
import { markdown, reportPath, summary, summaryPath } from './report';

const corpus = loadCorpus('trino');

test('the Trino corpus is well-formed: unique ids, a source and a doc line per case, an expected result', () => {
  assert.deepEqual(corpusProblems(corpus), []);
  const cases = allCases(corpus);
  assert.ok(cases.length >= 500, `at least 500 cases (has ${cases.length})`);
  for (const f of corpus.families) assert.equal(f.source.repository, 'trinodb/trino', `${f.family}: source`);
  for (const { c } of cases) assert.match(c.doc, /^docs\/src\/main\/sphinx\/.+\.md:\d+$/, `${c.id}: doc`);
});

test('the Trino corpus runs on the local engine no worse than its baseline (no case that passed fails, none becomes wrong)', async () => {
  const baseline = await readBaseline('trino');
  assert.ok(baseline, 'test/conformance/baseline-trino.json exists (npm run conformance -- trino --update-baseline)');
  const results = await runCorpus(corpus);
  assert.equal(results.length, allCases(corpus).length);
  assert.deepEqual(regressions(results, baseline), []);
  // the committed table and summary are this run's (npm run conformance writes them): the docs cannot drift
  assert.equal(readFileSync(reportPath('trino'), 'utf8'), markdown(corpus, results), 'docs/conformance-trino.md is stale: npm run conformance');
  assert.equal(readFileSync(summaryPath('trino'), 'utf8'), summary(corpus, results), 'test/conformance/results-trino.json is stale: npm run conformance');
});
