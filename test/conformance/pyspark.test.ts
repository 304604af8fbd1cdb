/**
 * The PySpark doctests (test/conformance/pyspark/*.json) run as Glue jobs on the local runner: every case prints the
 * doctest's output, or is refused by name (`refused`), never a different answer.
 * - dataframe.json: apache/spark python/pyspark/sql/dataframe.py (and session.py's createDataFrame) of the PySpark 3.3
 *   line, Glue 4.0's;
 * - functions.json: python/pyspark/sql/functions.py of the same line (`from pyspark.sql.functions import *`, as its
 *   doctests run with the module's names).
 *
 * The cases that run share one job (each case defines the doctest globals it reads first, so a case's own `df2`
 * does not leak into the next); each refused case is a job of its own, failing before anything runs.
 * `node --import tsx scripts/pyspark-doctests.ts <file>` runs a corpus case by case, for finding which case and why.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, type ScriptProject } from '../runner/glueStudioProject';
import { FUNCTIONS_IMPORTS, IMPORTS, lastStatementExtraLines, loadPysparkCorpus, sameOutput, scriptLines, type PysparkCorpus } from './pysparkCorpus';

const CORPORA = [
  { file: 'dataframe.json', title: 'the PySpark DataFrame doctest corpus', path: /python\/pyspark\/sql\/dataframe\.py/, imports: IMPORTS },
  { file: 'functions.json', title: 'the PySpark functions doctest corpus', path: /python\/pyspark\/sql\/functions\.py/, imports: FUNCTIONS_IMPORTS },
];

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lh-pyspark-doc-');
});
after(() => p?.close());

for (const [k, { file, title, path, imports }] of CORPORA.entries()) {
  describe(title, () => {
    let corpus: PysparkCorpus;
    before(async () => {
      corpus = await loadPysparkCorpus(file);
    });

    test('is well formed: ids unique, an output for every case, a source for the corpus', () => {
      assert.ok(corpus.cases.length > 0);
      assert.equal(new Set(corpus.cases.map((c) => c.id)).size, corpus.cases.length);
      for (const c of corpus.cases) {
        assert.ok(c.doctest.length > 0 && c.doctest[0]!.startsWith('>>> '), c.id);
        assert.ok(c.expected.length > 0, c.id);
        if (c.refused !== undefined) assert.doesNotThrow(() => new RegExp(c.refused!), c.id);
      }
      assert.match(corpus.source['path'] ?? '', path);
    });

    test('every case that runs prints the doctest output', async () => {
      const running = corpus.cases.filter((c) => c.refused === undefined);
      let body = imports;
      const at: [string, number][] = [];
      for (const c of running) {
        body += `${scriptLines(c, corpus.globals.code).join('\n')}\n`;
        at.push([c.id, body.split('\n').length - 1 - lastStatementExtraLines(c)]);
      }
      const r = await p.run(`pyspark_doctests_${k}`, body);
      assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
      const wrong: string[] = [];
      for (const [i, c] of running.entries()) {
        const printed = await p.printed(`pyspark_doctests_${k}`, r.id, bodyLine(at[i]![1]));
        if (!sameOutput(c, printed)) wrong.push(`${c.id}\n  printed: ${JSON.stringify(printed)}\n  doctest: ${JSON.stringify(c.expected)}`);
      }
      assert.deepEqual(wrong, []);
    });

    test('every refused case is refused before anything runs, naming the construct', async () => {
      const refused = corpus.cases.filter((c) => c.refused !== undefined);
      const other: string[] = [];
      for (const [i, c] of refused.entries()) {
        const r = await p.run(`pyspark_refused_${k}_${i}`, imports + scriptLines(c, corpus.globals.code).join('\n') + '\n');
        const message = r.errorMessage ?? '';
        if (r.state !== 'FAILED' || !/cannot run on the local engine|is not supported by the local engine/.test(message) || !new RegExp(c.refused!).test(message)) other.push(`${c.id}: ${r.state} ${message}`);
      }
      assert.deepEqual(other, []);
    });
  });
}
