/**
 * Evaluate Data Quality's row-level outcomes (`SelectFromCollection.apply(dfc=<process_rows result>,
 * key="rowLevelOutcomes")`), run by the local runner over the Glue Studio fixture's readings.
 *
 * What Glue gives, from public sources:
 * - the frame evaluated with four columns added: DataQualityRulesPass, DataQualityRulesFail, DataQualityRulesSkip
 *   (arrays of the rules' texts) and DataQualityEvaluationResult ("Passed" when no rule failed on the record, else
 *   "Failed") — awslabs/deequ commit 0b8cea54, src/main/scala/com/amazon/deequ/dqdl/execution/RowLevelResultHelper.scala
 *   (`convert`) and dqdl/EvaluateDataQuality.scala (`processRows`, the keys originalData/ruleOutcomes/rowLevelOutcomes);
 *   the same column names in public Glue Studio scripts that split on them (e.g. an ApplyMapping of
 *   ("DataQualityRulesPass", "array", …) … ("DataQualityEvaluationResult", "string", …), and
 *   `rowOutComes.toDF().filter(df['DataQualityEvaluationResult'] == 'Passed')` then dropping the four columns);
 * - which rules give a row-level result: those whose Deequ check holds a row-level constraint
 *   (constraints/Constraint.scala: completeness, uniqueness, compliance, min/max) — a rule on the whole dataset
 *   (RowCount) gives none and is in Skip on every record;
 * - the per-record result of each rule: IsComplete → the value is not NULL (analyzers/Completeness.scala
 *   rowLevelResults); IsUnique → the value occurs once (analyzers/Uniqueness.scala, a window over the column);
 *   ColumnValues "x" > 0 → hasMin's assertion on the value and isComplete (dqdl/translation/rules/ColumnValuesRule.scala).
 *
 * The data, by hand (test/fixtures/glue-studio/project/data/readings.json):
 *   user ann t1 x 1.0 · ann t2 x -0.5 · bob t3 x 0.0 · cid t4 x 2.5 · eve t5 x 7.0
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JobRun } from '../../src/core/model';
import { jsonRows } from './harness';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

/** The header Glue Studio generates, with the data-quality import it adds for an Evaluate Data Quality node. */
const HEADER = `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsgluedq.transforms import EvaluateDataQuality
import re

args = getResolvedOptions(sys.argv, ['JOB_NAME'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)

# Script generated for node Reading Landing
ReadingLanding_node2 = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing", transformation_ctx="ReadingLanding_node2")
`;

/** The Evaluate Data Quality node and the rowLevelOutcomes node Glue Studio generates for it. */
const dq = (rules: string) => `# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node3_ruleset = """
    Rules = [
        ${rules}
    ]
"""
EvaluateDataQuality_node3 = EvaluateDataQuality().process_rows(frame=ReadingLanding_node2, ruleset=EvaluateDataQuality_node3_ruleset, publishing_options={"dataQualityEvaluationContext": "EvaluateDataQuality_node3", "enableDataQualityResultsPublishing": True}, additional_options={"dataQualityResultsPublishing.strategy": "BEST_EFFORT", "observations.scope": "ALL"})

# Script generated for node rowLevelOutcomes
rowLevelOutcomes_node4 = SelectFromCollection.apply(dfc=EvaluateDataQuality_node3, key="rowLevelOutcomes", transformation_ctx="rowLevelOutcomes_node4")
`;
const sink = (frame: string, out: string) => `# Script generated for node Amazon S3
AmazonS3_${out} = glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/${out}/", "partitionKeys": []}, transformation_ctx="AmazonS3_${out}")
`;

let p: ScriptProject;

async function run(name: string, body: string): Promise<JobRun> {
  return p.runScript(name, `${HEADER}\n${body}\njob.commit()\n`);
}
async function runOk(name: string, body: string): Promise<void> {
  const r = await run(name, body);
  if (r.state !== 'SUCCEEDED') assert.fail(`${name}: ${r.state} ${r.errorMessage ?? ''}\n${(await p.target.jobs.logs(name, r.id)).join('\n')}`);
}
/** the rows written, by `time`, with the fields named as written */
const out = async (name: string) => (await jsonRows(p.objects(`out/${name}`))).sort((a, b) => Number(a['time']) - Number(b['time']));

before(async () => {
  p = await glueStudioProject('lh-dq-rows-');
});
after(async () => {
  await p?.close();
});

describe('Evaluate Data Quality: rowLevelOutcomes', () => {
  const RULES = 'RowCount = 5,\n        IsComplete "user",\n        ColumnValues "x" > 0,\n        IsUnique "user"';

  test('each record with the rules it passed, failed and skipped, and its result', async () => {
    await runOk('dq_rows', `${dq(RULES)}${sink('rowLevelOutcomes_node4', 'dq_rows')}`);
    const rows = (await out('dq_rows')).map((r) => [r['time'], r['DataQualityRulesPass'], r['DataQualityRulesFail'], r['DataQualityRulesSkip'], r['DataQualityEvaluationResult']]);
    const all = ['IsComplete "user"', 'ColumnValues "x" > 0', 'IsUnique "user"'];
    assert.deepEqual(rows, [
      // ann twice: not unique; x 1.0 > 0
      [1, ['IsComplete "user"', 'ColumnValues "x" > 0'], ['IsUnique "user"'], ['RowCount = 5'], 'Failed'],
      [2, ['IsComplete "user"'], ['ColumnValues "x" > 0', 'IsUnique "user"'], ['RowCount = 5'], 'Failed'],
      // x 0.0 is not > 0
      [3, ['IsComplete "user"', 'IsUnique "user"'], ['ColumnValues "x" > 0'], ['RowCount = 5'], 'Failed'],
      [4, all, [], ['RowCount = 5'], 'Passed'],
      [5, all, [], ['RowCount = 5'], 'Passed'],
    ]);
    // the frame's own fields are kept
    assert.deepEqual((await out('dq_rows')).map((r) => [r['user'], r['x']]), [
      ['ann@example.com', 1],
      ['ann@example.com', -0.5],
      ['bob@example.com', 0],
      ['cid@example.com', 2.5],
      ['eve@example.com', 7],
    ]);
  });

  test("Glue Studio's split on the result: a Filter of the Passed records, the four columns dropped", async () => {
    // the Filter Glue Studio generates for "DataQualityEvaluationResult matches Passed" (public Glue Studio scripts:
    // Filter.apply(frame=rowLevelOutcomes_node…, f=lambda row: (bool(re.match("Passed", row["DataQualityEvaluationResult"])))))
    const body = `${dq(RULES)}
# Script generated for node Passed
Passed_node5 = Filter.apply(frame=rowLevelOutcomes_node4, f=lambda row: (bool(re.match("Passed", row["DataQualityEvaluationResult"]))), transformation_ctx="Passed_node5")
# Script generated for node Drop Fields
DropFields_node6 = DropFields.apply(frame=Passed_node5, paths=["DataQualityRulesPass", "DataQualityRulesFail", "DataQualityRulesSkip", "DataQualityEvaluationResult"], transformation_ctx="DropFields_node6")
${sink('DropFields_node6', 'dq_passed')}`;
    await runOk('dq_passed', body);
    assert.deepEqual(await out('dq_passed'), [
      { user: 'cid@example.com', time: 4, x: 2.5 },
      { user: 'eve@example.com', time: 5, x: 7 },
    ]);
  });

  test('a ruleset without a row-level rule: every rule skipped, every record Passed', async () => {
    // RowLevelResultHelper.convert: no row-level column → Pass [], Fail [], Skip = every rule, "Passed"
    await runOk('dq_none', `${dq('RowCount > 100,\n        ColumnCount = 3')}${sink('rowLevelOutcomes_node4', 'dq_none')}`);
    const rows = await out('dq_none');
    assert.equal(rows.length, 5);
    for (const r of rows) {
      assert.deepEqual(r['DataQualityRulesPass'], []);
      assert.deepEqual(r['DataQualityRulesFail'], []);
      assert.deepEqual(r['DataQualityRulesSkip'], ['RowCount > 100', 'ColumnCount = 3']);
      assert.equal(r['DataQualityEvaluationResult'], 'Passed');
    }
  });

  test('a rule whose row-level results are not reproduced is refused by name and line before anything runs', async () => {
    const r = await run('dq_refused', `${dq('RowCount > 0,\n        UniqueValueRatio "user" > 0.5')}${sink('rowLevelOutcomes_node4', 'dq_refused')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /dq_refused\.py:\d+:\d+: UniqueValueRatio "user" > 0\.5: its row-level outcomes \(rowLevelOutcomes\) are not computed locally/);
    assert.deepEqual(await out('dq_refused'), []);
  });
});
