/**
 * The Spark SQL conformance corpus: well-formed, and run on the local engine no worse than the committed
 * baseline (test/conformance/baseline-spark.json). See test/conformance/README.md to tighten it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allCases, corpusProblems, loadCorpus } from './corpus';
import { readFileSync } from 'node:fs';
import { readBaseline, regressions, runCorpus } from './harness';
import { markdown, reportPath, summary, summaryPath } from './report';
import { statistic, type Statistic } from './sparkPartitions';

const corpus = loadCorpus('spark');

test('the Spark corpus is well-formed: unique ids, a source and a doc line per case, an expected result', () => {
  assert.deepEqual(corpusProblems(corpus), []);
  const cases = allCases(corpus);
  assert.ok(cases.length >= 300, `at least 300 cases (has ${cases.length})`);
  for (const f of corpus.families) assert.equal(f.source.repository, 'apache/spark-website', `${f.family}: source`);
  for (const { c } of cases) assert.match(c.doc, /^site\/docs\/3\.5\.\d+\/api\/sql\/index\.html#[\w-]+$/, `${c.id}: doc`);
});

test("a partition-dependent statistic's doc value is Spark's two-slice result; its implemented value the one-partition result", () => {
  const text = (x: number) => (/[.eE]/.test(String(x)) ? String(x) : `${x}.0`);
  let checked = 0;
  for (const { c } of allCases(corpus)) {
    if (!c.partitioned) continue;
    const { statistic: name, rows } = c.partitioned;
    assert.equal(text(statistic(name as Statistic, rows, 2)), c.expected, `${c.id}: the doc's value on two slices`);
    assert.equal(text(statistic(name as Statistic, rows, 1)), c.implemented?.expected, `${c.id}: the implemented value on one partition`);
    checked++;
  }
  assert.ok(checked >= 6);
});

test('the Spark corpus runs on the local engine no worse than its baseline (no case that passed fails, none becomes wrong)', async () => {
  const baseline = await readBaseline('spark');
  assert.ok(baseline, 'test/conformance/baseline-spark.json exists (npm run conformance -- spark --update-baseline)');
  const results = await runCorpus(corpus);
  assert.equal(results.length, allCases(corpus).length);
  assert.deepEqual(regressions(results, baseline), []);
  // the committed table and summary are this run's (npm run conformance writes them): the docs cannot drift
  assert.equal(readFileSync(reportPath('spark'), 'utf8'), markdown(corpus, results), 'docs/conformance-spark.md is stale: npm run conformance');
  assert.equal(readFileSync(summaryPath('spark'), 'utf8'), summary(corpus, results), 'test/conformance/results-spark.json is stale: npm run conformance');
});
