/**
 * The PySpark doctest corpora (test/conformance/pyspark/<file>.json), each case run as a job of its own on a fresh
 * copy of the Glue Studio fixture project, counted: pass (prints the doctest's output), wrong (prints something
 * else: what the product must never do), refused ("… cannot run on the local engine"), error (any other failure).
 * `node --import tsx scripts/pyspark-doctests.ts functions.json [id-substring]` prints one line per case and the counts.
 * pyspark.test.ts runs the same corpora as a test (the running cases in one job); this finds which case and why.
 */
import { glueStudioProject, bodyLine } from '../test/runner/glueStudioProject';
import { FUNCTIONS_IMPORTS, IMPORTS, lastStatementExtraLines, loadPysparkCorpus, sameOutput, scriptLines } from '../test/conformance/pysparkCorpus';

async function main(): Promise<void> {
  const file = process.argv[2] ?? 'dataframe.json';
  const only = process.argv[3];
  const corpus = await loadPysparkCorpus(file);
  const imports = file === 'functions.json' ? FUNCTIONS_IMPORTS : IMPORTS;
  const p = await glueStudioProject('lh-pyspark-report-');
  const counts: Record<string, number> = { pass: 0, wrong: 0, refused: 0, error: 0 };
  try {
    for (const [i, c] of corpus.cases.entries()) {
      if (only !== undefined && !c.id.includes(only)) continue;
      const body = `${imports}${scriptLines(c, corpus.globals.code).join('\n')}\n`;
      const r = await p.run(`doctest_${i}`, body);
      let outcome: string;
      let detail = '';
      if (r.state === 'SUCCEEDED') {
        const printed = await p.printed(`doctest_${i}`, r.id, bodyLine(body.split('\n').length - 1 - lastStatementExtraLines(c)));
        outcome = sameOutput(c, printed) ? 'pass' : 'wrong';
        if (outcome === 'wrong') detail = `printed ${JSON.stringify(printed)} doctest ${JSON.stringify(c.expected)}`;
      } else {
        const message = r.errorMessage ?? '';
        outcome = /cannot run on the local engine|is not supported by the local engine/.test(message) ? 'refused' : 'error';
        detail = message.split('\n')[0]!.slice(0, 300);
      }
      counts[outcome]! += 1;
      console.log(`${outcome.padEnd(7)} ${c.id}${c.refused !== undefined ? ' (corpus: refused)' : ''} ${detail}`);
    }
  } finally {
    await p.close();
  }
  console.log(Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', '));
}

void main();
