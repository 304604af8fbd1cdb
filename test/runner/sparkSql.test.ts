/**
 * The SQL Query node's Spark SQL in a local job run: what the translation refuses or Spark would fail on stops the
 * run before any output, naming the script's line (the query's own line, not the node's) and the node; the
 * fixture project's glueVersion (lakehouse.json without one: 4.0, Spark 3.3) decides which functions exist.
 * Variants of sql_node.py in test/fixtures/runner/variants/sql_node_*.py.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { JobRun } from '../../src/core/model';
import { FIXTURES, filesUnder, makeProject, runJob, type TestProject } from './harness';

let tp: TestProject;
before(async () => {
  tp = await makeProject();
});
after(async () => {
  await tp.close();
});

async function lineOf(variant: string, text: string): Promise<number> {
  const lines = (await fs.readFile(path.join(FIXTURES, 'variants', `${variant}.py`), 'utf8')).split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} is in ${variant}.py`);
  return i + 1;
}

/** Runs a variant of sql_node; it must fail at the line holding `at`, writing nothing. */
async function failsAt(variant: string, at: string): Promise<JobRun> {
  await tp.useScript('sql_node', variant);
  try {
    const run = await runJob(tp, 'sql_node');
    assert.equal(run.state, 'FAILED', `${variant}: ${run.errorMessage ?? ''}`);
    const line = await lineOf(variant, at);
    assert.equal(run.errorLine, line, run.errorMessage);
    assert.match(run.errorMessage ?? '', new RegExp(`glue-scripts/sql_node\\.py:${line}: `));
    assert.match(run.errorMessage ?? '', /Per User/); // the Glue Studio node's name
    assert.deepEqual(await filesUnder(tp.dir('out/per_user')), new Map());
    return run;
  } finally {
    await tp.restoreScript('sql_node');
  }
}

test('a function Spark has and the local engine does not translate is refused by name, at its line', async () => {
  const run = await failsAt('sql_node_refused_function', 'approx_count_distinct(');
  assert.match(run.errorMessage ?? '', /approx_count_distinct is not supported by the local engine \(Spark has it\)/);
});

test('a column whose name Spark makes up from an expression the translation does not reproduce must be aliased', async () => {
  const run = await failsAt('sql_node_unnamed_column', 'filter(array(r.x)');
  assert.match(run.errorMessage ?? '', /has a name Spark makes up from its expression.*give it an alias/);
});

test('glueVersion 4.0 (the fixture’s default) runs Spark 3.3: a function of Spark 3.4 fails as Spark 3.3 fails', async () => {
  const run = await failsAt('sql_node_spark35', 'array_append(');
  assert.match(run.errorMessage ?? '', /UNRESOLVED_ROUTINE.*array_append.*Glue 4\.0 runs Spark 3\.3/);
});

test('text Spark 3 fails to parse with a pattern (and Spark 2 parsed) fails the run when the query runs, at its line', async () => {
  const run = await failsAt('sql_node_runtime_error', "to_date('2016-1-1'");
  // Spark 3.3's SparkUpgradeException (test/sql/spark.test.ts has its source), without DuckDB's "Invalid Input Error"
  assert.match(run.errorMessage ?? '', /: to_date: SparkUpgradeException: You may get a different result due to the upgrading to Spark >= 3\.0: Fail to parse '2016-1-1' in the new parser\. You can set spark\.sql\.legacy\.timeParserPolicy to LEGACY/);
  assert.doesNotMatch(run.errorMessage ?? '', /Invalid Input Error|not supported by the local engine/);
});
