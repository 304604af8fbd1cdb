/**
 * The DDL corpus (test/conformance/ddl/*.json, ddlCorpus.ts): public `CREATE EXTERNAL TABLE` statements — Athena's
 * User Guide and public lakehouse projects — each run verbatim on a local project, with data of its shape, and a
 * query whose answer is Athena's by its documented semantics. A case passes, or is refused naming what is refused;
 * never a different answer. `baseline-ddl.json` holds each case's outcome: a case may only get better.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ddlCorpusProblems, ddlCounts, loadDdlCorpus, runDdlCorpus, type DdlOutcome } from './ddlCorpus';

const BASELINE = path.join(__dirname, 'baseline-ddl.json');
const RANK: Record<DdlOutcome, number> = { pass: 3, refused: 2, error: 1, wrong: 0 };

test('the DDL corpus is well-formed: unique ids, a source for each statement, an answer or a named refusal', async () => {
  const families = await loadDdlCorpus();
  assert.deepEqual(ddlCorpusProblems(families), []);
  assert.ok(families.flatMap((f) => f.cases).length >= 30);
});

test('public CREATE EXTERNAL TABLE statements give Athena\'s answer on the local engine, or a refusal naming what is refused', async () => {
  const families = await loadDdlCorpus();
  const results = await runDdlCorpus(families);
  const cases = new Map(families.flatMap((f) => f.cases).map((c) => [c.id, c]));
  const baseline = JSON.parse(await fs.readFile(BASELINE, 'utf8')) as { outcomes: Record<string, DdlOutcome>; counts: { pass: number } };
  const problems: string[] = [];
  for (const r of results) {
    const c = cases.get(r.id)!;
    if (r.outcome === 'wrong') problems.push(`${r.id}: a different answer ${JSON.stringify(r.actual ?? r.message)}`);
    if (r.outcome === 'error') problems.push(`${r.id}: fails without naming a refusal: ${r.message}`);
    if (r.outcome === 'refused' && c.mustName && !r.message!.includes(c.mustName)) problems.push(`${r.id}: the refusal does not name ${c.mustName}: ${r.message}`);
    if (r.outcome === 'refused' && !c.mustName) problems.push(`${r.id}: refused: ${r.message}`);
    const before = baseline.outcomes[r.id];
    if (before !== undefined && RANK[r.outcome] < RANK[before]) problems.push(`${r.id}: ${before} before, ${r.outcome} now`);
  }
  for (const id of Object.keys(baseline.outcomes)) if (!cases.has(id)) problems.push(`${id}: in baseline-ddl.json, not in the corpus`);
  assert.deepEqual(problems, []);
  // (a case that gets better than its baseline passes: node --import tsx test/conformance/ddlBaseline.ts records it)
  assert.ok(ddlCounts(results).pass >= baseline.counts.pass);
});
