/**
 * Athena's own User Guide examples (test/conformance/athena/*.json): the queries its pages print with the results
 * they show — creating, concatenating, accessing, filtering, flattening, sorting and aggregating arrays, maps, rows,
 * and the JSON functions — run on the local engine as a user's query runs. Each case names its page (`url`) and
 * the line in the guide's archived source (awsdocs/amazon-athena-user-guide). Where a page's transcript is Athena
 * engine 1's (Presto 0.172) and engine 3 (Trino) answers otherwise, `implemented` has Trino's answer and its source.
 * Every case must pass: the local answer is Athena's, or — for the cases with `mustName` — a refusal naming that
 * construct (a function the local engine does not have).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { allCases, CONFORMANCE_DIR, corpusProblems, loadCorpus } from './corpus';
import { runCorpus } from './harness';

const corpus = loadCorpus('trino', path.join(CONFORMANCE_DIR, 'athena'));

test("Athena's User Guide corpus is well-formed: unique ids, the page and the line of each query, a result", () => {
  assert.deepEqual(corpusProblems(corpus), []);
  const cases = allCases(corpus);
  assert.ok(cases.length >= 50, `at least 50 cases (has ${cases.length})`);
  for (const f of corpus.families) assert.equal(f.source.repository, 'awsdocs/amazon-athena-user-guide', `${f.family}: source`);
  for (const { c } of cases) {
    assert.match(c.doc, /^doc_source\/[\w-]+\.md:\d+$/, `${c.id}: doc`);
    assert.equal(c.url, `https://docs.aws.amazon.com/athena/latest/ug/${/^doc_source\/([\w-]+)\.md/.exec(c.doc)![1]}.html`, `${c.id}: url`);
  }
});

test("Athena's User Guide examples give the pages' answers on the local engine", async () => {
  const results = await runCorpus(corpus);
  assert.equal(results.length, allCases(corpus).length);
  const mustName = new Map(allCases(corpus).map(({ c }) => [c.id, c.mustName]));
  // a case with `mustName` is refused by name (a refusal that names the construct); every other case passes
  const refusedByName = (r: (typeof results)[number]): boolean => {
    const name = mustName.get(r.id);
    return name !== undefined && r.outcome === 'refused' && (r.message ?? '').includes(name);
  };
  const notPassing = results.filter((r) => r.outcome !== 'pass' && !refusedByName(r)).map((r) => `${r.id}: ${r.outcome} ${r.outcome === 'wrong' ? JSON.stringify(r.actual) : (r.message ?? '')}`);
  assert.deepEqual(notPassing, []);
  // a case marked refused that now passes: drop its mustName (it is implemented)
  const passingButMarked = results.filter((r) => r.outcome === 'pass' && mustName.get(r.id) !== undefined).map((r) => r.id);
  assert.deepEqual(passingButMarked, []);
});
