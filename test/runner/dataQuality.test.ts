/**
 * The job runner evaluating Evaluate Data Quality nodes (JobPlan.dataQuality): on the frame's view, between the
 * transforms and the sinks, recorded with the run; Glue Studio's generated assert failing the run before the sinks
 * write when it comes right after the node ("Immediate"), after they wrote when it comes after a sink
 * ("AfterDataLoad", API DQStopJobOnFailureOptions). The plan is written here as the script reader makes it from
 * Glue Studio's code (a catalog source, the node, an S3 sink). Expected outcomes counted by hand from
 * test/fixtures/runner/project/data/customers.json: 4 rows; emails ann, ann, bob, cid; Bob without a consent date.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { LakehouseError } from '../../src/core/errors';
import type { JobPlan, PlanDataQuality } from '../../src/core/jobs/plan';
import type { DataQualityEvaluation } from '../../src/core/model';
import { runPlan } from '../../src/core/targets/local/jobRunner';
import { filesUnder, makeProject, type TestProject } from './harness';

let tp: TestProject;
before(async () => {
  tp = await makeProject();
});
after(async () => {
  await tp?.close();
});

const RULESET = `
    Rules = [
        RowCount = 4,
        IsUnique "email",
        IsComplete "sharewithresearchasofdate"
    ]
`;

function plan(dq: Partial<PlanDataQuality>, out: string): JobPlan {
  return {
    file: 'glue-scripts/dq.py',
    nodes: [{ kind: 'catalogSource', id: 'Customers_node1', line: 10, database: 'shop', table: 'customer_landing' }],
    dataQuality: [{ line: 14, frame: 'Customers_node1', ruleset: RULESET, rulesetLine: 12, rulesetColumn: 40, publishingOptions: { dataQualityEvaluationContext: 'EvaluateDataQuality_node2' }, ...dq }],
    sinks: [{ kind: 's3', line: 20, input: 'Customers_node1', path: `s3://runner-test/${out}/`, format: 'json', partitionKeys: [], formatOptions: {} }],
    purges: [],
  };
}

async function run(p: JobPlan) {
  const log: string[] = [];
  const recorded: DataQualityEvaluation[] = [];
  const result = runPlan(p, {
    engine: tp.target.queries,
    catalog: tp.target.catalog,
    localPath: (location) => tp.dir(location.replace(/^s3:\/\/runner-test\//, '')),
    purge: async () => 0,
    log: (l) => log.push(l),
    tempDir: path.join(tp.root, '.lakehouse', 'tmp'),
    dataQuality: (e) => recorded.push(e),
  });
  return { result, log, recorded };
}

describe('Evaluate Data Quality nodes in a run', () => {
  test('evaluated and recorded; without an assert a failed rule does not stop the run', async () => {
    const { result, log, recorded } = await run(plan({}, 'dq-plain'));
    await result;
    // RowCount 4; emails once: bob, cid → 2/4; consent dates 3/4
    assert.deepEqual(
      recorded.map((e) => [e.context, e.line, e.score, e.rules.map((r) => [r.rule, r.outcome, r.metrics])]),
      [
        [
          'EvaluateDataQuality_node2',
          14,
          1 / 3,
          [
            ['RowCount = 4', 'Passed', { 'Dataset.*.RowCount': 4 }],
            ['IsUnique "email"', 'Failed', { 'Column.email.Uniqueness': 0.5 }],
            ['IsComplete "sharewithresearchasofdate"', 'Failed', { 'Column.sharewithresearchasofdate.Completeness': 0.75 }],
          ],
        ],
      ],
    );
    assert.ok(log.some((l) => l.startsWith('data quality "EvaluateDataQuality_node2" (line 14): score 1/3')), log.join('\n'));
    assert.equal((await filesUnder(tp.dir('dq-plain'))).size, 1);
  });

  test('the assert right after the node fails the run before any sink writes ("Immediate")', async () => {
    const { result, recorded } = await run(plan({ failJob: { message: 'The job failed due to failing DQ rules for node: Customers_node1', line: 16 } }, 'dq-immediate'));
    await assert.rejects(result, (e: unknown) => e instanceof LakehouseError && e.message === 'glue-scripts/dq.py:16: AssertionError: The job failed due to failing DQ rules for node: Customers_node1 (2 of 3 rule(s) failed)');
    assert.equal(recorded.length, 1);
    assert.equal((await filesUnder(tp.dir('dq-immediate'))).size, 0);
  });

  test('an assert after a sink fails the run once the sink has written ("AfterDataLoad")', async () => {
    const { result } = await run(plan({ failJob: { message: 'The job failed due to failing DQ rules for node: Customers_node1', line: 25 } }, 'dq-after'));
    await assert.rejects(result, /glue-scripts\/dq\.py:25: AssertionError/);
    assert.equal((await filesUnder(tp.dir('dq-after'))).size, 1);
  });

  test('a rule not evaluated locally is refused before anything runs, at its script line', async () => {
    const { result, recorded } = await run(plan({ ruleset: '\n    Rules = [\n        DetectAnomalies "RowCount"\n    ]\n' }, 'dq-refused'));
    await assert.rejects(result, (e: unknown) => e instanceof LakehouseError && e.code === 'ScriptUnsupported' && /^glue-scripts\/dq\.py:14:9: DetectAnomalies "RowCount"/.test(e.message));
    assert.equal(recorded.length, 0);
    assert.equal((await filesUnder(tp.dir('dq-refused'))).size, 0);
  });
});
