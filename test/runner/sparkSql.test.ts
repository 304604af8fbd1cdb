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

test('spark.sql.legacy.timeParserPolicy CORRECTED: the text the new parser cannot read is NULL, not an error', async () => {
  // apache/spark docs/sql-migration-guide.md (Upgrading from Spark SQL 2.4 to 3.0): "set
  // spark.sql.legacy.timeParserPolicy to CORRECTED and treat it as an invalid datetime string"; DateTimeFormatterHelper
  // .checkParsedDiff converts the new parser's failure into SparkUpgradeException only under EXCEPTION, and non-ANSI
  // to_date gives NULL for text it cannot parse
  await tp.useScript('sql_node', 'sql_node_time_corrected');
  try {
    const run = await runJob(tp, 'sql_node');
    assert.equal(run.state, 'SUCCEEDED', run.errorMessage);
    const text = [...(await filesUnder(tp.dir('out/per_user'))).values()].map((b) => b.toString('utf8')).join('');
    const rows = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(rows.length > 0);
    // the SQL Query node's, F.to_date's and F.expr's (the variant has all three)
    for (const r of rows) for (const k of ['d', 'e', 'f']) assert.equal(r[k] ?? null, null, JSON.stringify(r));
  } finally {
    await tp.restoreScript('sql_node');
  }
});

test('spark.sql.legacy.timeParserPolicy LEGACY is refused by name: Spark 2’s lenient parse is not translated', async () => {
  await tp.useScript('sql_node', 'sql_node_time_legacy');
  try {
    const run = await runJob(tp, 'sql_node');
    assert.equal(run.state, 'FAILED');
    assert.equal(run.errorLine, await lineOf('sql_node_time_legacy', 'timeParserPolicy'));
    assert.match(run.errorMessage ?? '', /spark\.conf\.set\("spark\.sql\.legacy\.timeParserPolicy", "LEGACY"\) cannot run on the local engine: Spark 2's lenient SimpleDateFormat parsing is not translated/);
  } finally {
    await tp.restoreScript('sql_node');
  }
});
