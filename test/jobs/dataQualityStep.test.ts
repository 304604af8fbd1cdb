/**
 * An Evaluate Data Quality node in a local run: the ruleset checked at plan time with its script line, evaluated on the
 * frame's view, logged and recorded; Glue Studio's generated assert ("Fail job when data quality fails") failing the
 * run as on Glue. The node's code is as Glue Studio generates it (public scripts; e.g.
 * `EvaluateDataQuality().process_rows(frame=…, ruleset=EvaluateDataQuality_node1736981880298_ruleset,
 * publishing_options={"dataQualityEvaluationContext": "EvaluateDataQuality_node1736981880298", …},
 * additional_options={"observations.scope":"ALL","performanceTuning.caching":"CACHE_NOTHING"})` followed by
 * `assert …[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda x: x["Outcome"] == "Failed").count() == 0,
 * "The job failed due to failing DQ rules for node: AWSGlueDataCatalog_node1736981826603"`); the run record's
 * fields shown by `lakehouse jobs` and `lakehouse logs`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { LakehouseError } from '../../src/core/errors';
import type { DataQualityEvaluation } from '../../src/core/model';
import { prepareDataQualityStep, runDataQualityStep, type DataQualityStep } from '../../src/core/targets/local/dataQuality';
import { RunStore, newRunId } from '../../src/core/targets/local/runStore';

let db: DuckDBInstance;
let conn: DuckDBConnection;
before(async () => {
  db = await DuckDBInstance.create(':memory:', { threads: '1' });
  conn = await db.connect();
  // 3 subjects, one without a value
  await conn.run(`CREATE TABLE __node_4 AS SELECT * FROM (VALUES ('math', 1), ('art', 2), (NULL, 3)) t(subject, id)`);
});
after(() => conn?.closeSync());

const step = (rules: string, extra: Partial<DataQualityStep> = {}): DataQualityStep => ({
  ruleset: `\n    # Example rules: Completeness "colA" between 0.4 and 0.8, ColumnCount > 10\n    Rules = [\n${rules}\n    ]\n`,
  rulesetLine: 29,
  rulesetColumn: 49,
  line: 36,
  publishingOptions: { dataQualityEvaluationContext: 'EvaluateDataQuality_node1736981880298', enableDataQualityCloudWatchMetrics: true, enableDataQualityResultsPublishing: true, resultsS3Prefix: 's3://raw-prd-5201201' },
  additionalOptions: { 'observations.scope': 'ALL', 'performanceTuning.caching': 'CACHE_NOTHING' },
  ...extra,
});

describe('an Evaluate Data Quality node in a run', () => {
  test('evaluated, logged and recorded; without the assert a failed rule does not fail the run', async () => {
    const log: string[] = [];
    const recorded: DataQualityEvaluation[] = [];
    const evaluation = await runDataQualityStep(conn, '__node_4', step('        RowCount > 0,\n        ColumnCount = 2,\n        IsComplete "subject"'), {
      file: 'glue-scripts/j.py',
      log: (l) => log.push(l),
      record: (e) => recorded.push(e),
    });
    // 3 rows, 2 columns; subject complete for 2 of 3
    assert.deepEqual(evaluation, {
      context: 'EvaluateDataQuality_node1736981880298',
      line: 36,
      score: 2 / 3,
      rules: [
        { rule: 'RowCount > 0', outcome: 'Passed', metrics: { 'Dataset.*.RowCount': 3 } },
        { rule: 'ColumnCount = 2', outcome: 'Passed', metrics: { 'Dataset.*.ColumnCount': 2 } },
        { rule: 'IsComplete "subject"', outcome: 'Failed', reason: 'Value: 0.6666666666666666 does not meet the constraint requirement!', metrics: { 'Column.subject.Completeness': 2 / 3 } },
      ],
    });
    assert.deepEqual(recorded, [evaluation]);
    assert.ok(log.includes('data quality "EvaluateDataQuality_node1736981880298" (line 36): Failed: IsComplete "subject" (Column.subject.Completeness = 0.6666666666666666) — Value: 0.6666666666666666 does not meet the constraint requirement!'), log.join('\n'));
    assert.ok(log.some((l) => /CloudWatch metrics are not published locally/.test(l)));
    assert.ok(log.some((l) => /results are not written to s3:\/\/raw-prd-5201201 locally/.test(l)));
  });

  test("with Glue Studio's assert, a failed rule fails the run with Python's AssertionError and the assert's line", async () => {
    const recorded: DataQualityEvaluation[] = [];
    const failJob = { message: 'The job failed due to failing DQ rules for node: AWSGlueDataCatalog_node1736981826603', line: 38 };
    await assert.rejects(
      runDataQualityStep(conn, '__node_4', step('        IsComplete "subject"', { failJob }), { file: 'glue-scripts/j.py', log: () => undefined, record: (e) => recorded.push(e) }),
      (e: unknown) => {
        assert.ok(e instanceof LakehouseError);
        assert.equal(e.message, 'glue-scripts/j.py:38: AssertionError: The job failed due to failing DQ rules for node: AWSGlueDataCatalog_node1736981826603 (1 of 1 rule(s) failed)');
        assert.deepEqual([e.detail.file, e.detail.line], ['glue-scripts/j.py', 38]);
        return true;
      },
    );
    // the results are recorded even so
    assert.equal(recorded.length, 1);
    await runDataQualityStep(conn, '__node_4', step('        RowCount = 3', { failJob }), { file: 'glue-scripts/j.py', log: () => undefined });
  });

  test('at plan time a rule not evaluated locally, or a syntax error, is refused at its line in the script', () => {
    // the ruleset string starts at line 29, column 49; its 4th line is line 32 of the script
    assert.throws(() => prepareDataQualityStep(step('        DetectAnomalies "RowCount"'), 'glue-scripts/j.py'), (e: unknown) => {
      assert.ok(e instanceof LakehouseError && e.code === 'ScriptUnsupported');
      assert.match(e.message, /^glue-scripts\/j\.py:32:9: DetectAnomalies "RowCount": DetectAnomalies needs the statistics of earlier runs/);
      return true;
    });
    assert.throws(() => prepareDataQualityStep(step('        IsComplete "subject" IsUnique'), 'glue-scripts/j.py'), /^LakehouseError: glue-scripts\/j\.py:32:9: IsComplete "subject" IsUnique: IsComplete takes 1 parameter/);
    assert.throws(() => prepareDataQualityStep(step('        RowCount > ', {}), 'glue-scripts/j.py'), /^LakehouseError: glue-scripts\/j\.py:33:5: expected a number but found '\]'/);
    assert.throws(() => prepareDataQualityStep(step('        RowCount > 0', { additionalOptions: { 'compositeRuleEvaluation.method': 'ROWS' } }), 'glue-scripts/j.py'), /^LakehouseError: glue-scripts\/j\.py:36: additional_options "compositeRuleEvaluation.method" is "ROWS": Glue takes COLUMN or ROW/);
  });
});

describe('the run record and the CLI', () => {
  const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-dq-run-'));
    await fs.writeFile(path.join(dir, 'lakehouse.json'), JSON.stringify({ name: 'dq', bucket: 'dq-bucket', database: 'dq', datasets: { a: { landing: 'a/landing/' } } }));
    await fs.mkdir(path.join(dir, 'glue-scripts'));
    await fs.writeFile(path.join(dir, 'glue-scripts', 'checked.py'), '# a job\n');
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('JobRun.dataQuality is stored and read back; `jobs` sums it, `logs` lists every rule', async () => {
    const runs = new RunStore(path.join(dir, '.lakehouse'));
    const dataQuality: DataQualityEvaluation[] = [
      {
        context: 'EvaluateDataQuality_node1',
        line: 36,
        score: 0.5,
        rules: [
          { rule: 'RowCount > 0', outcome: 'Passed', metrics: { 'Dataset.*.RowCount': 3 } },
          { rule: 'IsComplete "subject"', outcome: 'Failed', reason: 'Value: 0.5 does not meet the constraint requirement!', metrics: { 'Column.subject.Completeness': 0.5 } },
        ],
      },
    ];
    const id = newRunId();
    await runs.create({ id, jobName: 'checked', state: 'SUCCEEDED', startedOn: '2026-01-01T00:00:00.000Z', completedOn: '2026-01-01T00:00:01.000Z', dataQuality });
    await runs.appendLog('checked', id, '2026-01-01T00:00:00.000Z INFO run started');
    assert.deepEqual((await runs.get('checked', id))?.dataQuality, dataQuality);
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
    const jobs = spawnSync(process.execPath, [CLI, 'jobs'], { cwd: dir, encoding: 'utf8' });
    assert.equal(jobs.status, 0, jobs.stderr);
    assert.match(jobs.stdout, /data quality\n.*\nchecked\s+glue-scripts\/checked\.py\s+SUCCEEDED\s+2026-01-01T00:00:00\.000Z\s+1\/2 passed/);
    const logs = spawnSync(process.execPath, [CLI, 'logs', 'checked'], { cwd: dir, encoding: 'utf8' });
    assert.equal(logs.status, 0, logs.stderr);
    assert.match(logs.stdout, /run started\n\ndata quality "EvaluateDataQuality_node1" \(line 36\): 1 of 2 rule\(s\) passed, score 50%\n/);
    assert.match(logs.stdout, /Failed\s+IsComplete "subject"\s+Column\.subject\.Completeness = 0\.5\s+Value: 0\.5 does not meet the constraint requirement!/);
  });
});
