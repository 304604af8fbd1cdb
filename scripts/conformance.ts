/**
 * `npm run conformance`: runs the conformance corpora (test/conformance/<engine>/*.json) on the local engine and
 * writes what they show, so the docs cannot drift from the runs:
 * - docs/conformance-<engine>.md — pass / wrong / refused / error by family, and every case that is not `pass`;
 * - test/conformance/results-<engine>.json — the machine-readable summary (counts, and each case's outcome).
 *
 *   npm run conformance                       # both corpora
 *   npm run conformance -- trino              # one
 *   npm run conformance -- --update-baseline  # also record today's outcomes as test/conformance/baseline-<engine>.json
 *
 * The baseline keeps its `requirements` when rewritten. A translator that has fixed cases runs --update-baseline and
 * commits the new baseline with the fix.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CONFORMANCE_DIR, corpusProblems, loadCorpus, type Engine } from '../test/conformance/corpus';
import { baselinePath, countByFamily, OUTCOMES, readBaseline, regressions, runCorpus, type Baseline } from '../test/conformance/harness';
import { markdown, reportPath, summary, summaryPath } from '../test/conformance/report';

const ROOT = path.resolve(CONFORMANCE_DIR, '..', '..');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const update = args.includes('--update-baseline');
  const engines = (args.filter((a) => !a.startsWith('--')) as Engine[]).filter((e) => e === 'trino' || e === 'spark');
  const wanted: Engine[] = engines.length > 0 ? engines : (['trino', 'spark'] as Engine[]).filter((e) => existsSync(path.join(CONFORMANCE_DIR, e)));
  let failed = false;
  for (const engine of wanted) {
    const corpus = loadCorpus(engine);
    const problems = corpusProblems(corpus);
    if (problems.length > 0) throw new Error(`the ${engine} corpus is not well-formed:\n${problems.join('\n')}`);
    const started = Date.now();
    const results = await runCorpus(corpus);
    const { total } = countByFamily(results);
    await fs.mkdir(path.dirname(reportPath(engine)), { recursive: true });
    await fs.writeFile(reportPath(engine), markdown(corpus, results));
    await fs.writeFile(summaryPath(engine), summary(corpus, results));
    const line = OUTCOMES.map((o) => `${total[o]} ${o}`).join(', ');
    process.stdout.write(`${engine}: ${total.total} cases — ${line} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    const baseline = await readBaseline(engine);
    if (update) {
      const next: Baseline = { engine, outcomes: Object.fromEntries(results.map((r) => [r.id, r.outcome])), ...(baseline?.requirements ? { requirements: baseline.requirements } : {}) };
      await fs.writeFile(baselinePath(engine), JSON.stringify(next, null, 2) + '\n');
      process.stdout.write(`${engine}: baseline written to ${path.relative(ROOT, baselinePath(engine))}\n`);
    } else if (baseline) {
      const worse = regressions(results, baseline);
      if (worse.length > 0) {
        failed = true;
        process.stdout.write(`${engine}: worse than the baseline:\n  ${worse.join('\n  ')}\n`);
      }
    }
  }
  if (failed) process.exitCode = 1;
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
