/**
 * Writes test/conformance/baseline-ddl.json from a run of the DDL corpus: each case's outcome and the counts.
 * Run after fixing cases: `node --import tsx test/conformance/ddlBaseline.ts`. ddl.test.ts fails when a case gets
 * worse than its baseline outcome, so known refusals can only become answers.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ddlCounts, loadDdlCorpus, runDdlCorpus } from './ddlCorpus';

async function main(): Promise<void> {
  const results = await runDdlCorpus(await loadDdlCorpus());
  const baseline = { counts: ddlCounts(results), outcomes: Object.fromEntries(results.map((r) => [r.id, r.outcome])) };
  await fs.writeFile(path.join(__dirname, 'baseline-ddl.json'), `${JSON.stringify(baseline, null, 1)}\n`);
  process.stdout.write(`${JSON.stringify(baseline.counts)}\n`);
}

void main();
