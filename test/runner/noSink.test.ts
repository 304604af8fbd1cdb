/**
 * A Glue job without a sink runs on Glue: a script that reads, counts and prints, or only evaluates data quality, is
 * an ordinary job (nothing in awsglue requires a write: `Job.commit()` only records the job bookmark's state — AWS
 * Glue developer guide, "Tracking processed data using job bookmarks": `job.commit()` records the bookmark's state;
 * the guide's "Code example: Joining and relationalizing data" explores the data with reads, `count()` and
 * `printSchema()` alone before anything is written). The local run does the same: the reads happen, the prints and
 * logger lines go to the run's log with their figures, data quality is evaluated and recorded, the run succeeds,
 * nothing is written. The data (test/fixtures/glue-studio/project/data/readings.json) holds 5 readings of 4 users
 * (ann twice, bob, cid, eve), counted by hand.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { glueStudioProject, type ScriptProject } from './glueStudioProject';

const READINGS = `# Script generated for node Reading Landing
ReadingLanding_node1 = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing", transformation_ctx="ReadingLanding_node1")
`;

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-nosink-');
});
after(async () => {
  await p?.close();
});

/** every object under the project's bucket, as keys */
async function objects(): Promise<string[]> {
  const root = p.objects('');
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(path.join(dir, e.name));
      else out.push(path.relative(root, path.join(dir, e.name)));
    }
  };
  await walk(root);
  return out.sort();
}

describe('a job without a sink', () => {
  test('reads, counts and prints: the figures are in the log, the run succeeds, nothing is written', async () => {
    const before = await objects();
    const r = await p.runOk(
      'count_only',
      `${READINGS}
import logging
logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)
print("readings:", ReadingLanding_node1.count())
users = ReadingLanding_node1.toDF().select("user").distinct()
logger.info(f"users: {users.count()}")
`,
    );
    const log = (await p.target.jobs.logs('count_only', r.id)).join('\n');
    assert.match(log, /readings: 5/);
    assert.match(log, /users: 4/);
    assert.equal(r.state, 'SUCCEEDED');
    assert.match(log, /run succeeded: the job has no sink, nothing was written/);
    assert.equal(r.rowsWritten, 0);
    assert.deepEqual(await objects(), before);
  });

  test('only evaluates data quality: the outcomes are recorded with the run, nothing is written', async () => {
    const before = await objects();
    const r = await p.runOk(
      'dq_only',
      `from awsgluedq.transforms import EvaluateDataQuality
${READINGS}
# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node2_ruleset = """
    Rules = [
        RowCount = 5,
        IsComplete "user",
        ColumnValues "time" > 100
    ]
"""
EvaluateDataQuality_node2 = EvaluateDataQuality().process_rows(frame=ReadingLanding_node1, ruleset=EvaluateDataQuality_node2_ruleset, publishing_options={"dataQualityEvaluationContext": "EvaluateDataQuality_node2", "enableDataQualityResultsPublishing": True}, additional_options={"dataQualityResultsPublishing.strategy": "BEST_EFFORT", "observations.scope": "ALL"})
`,
    );
    assert.deepEqual(
      r.dataQuality?.map((e) => [e.context, e.rules.map((x) => x.outcome)]),
      [['EvaluateDataQuality_node2', ['Passed', 'Passed', 'Failed']]],
    );
    assert.deepEqual(await objects(), before);
  });

  test('a purge after the count: the count reads the data before it, the purge deletes its path', async () => {
    await p.target.storage.put('gs-test', 'scratch/old.json', Buffer.from('{"a": 1}\n'));
    const r = await p.runOk(
      'count_then_purge',
      `${READINGS}
print("readings:", ReadingLanding_node1.count())
glueContext.purge_s3_path("s3://gs-test/scratch/", {"retentionPeriod": 0})
`,
    );
    const log = (await p.target.jobs.logs('count_then_purge', r.id)).join('\n');
    assert.match(log, /readings: 5/);
    assert.ok(!(await objects()).some((k) => k.startsWith('scratch/')), 'the purged path is empty');
  });

  test('a getSink never given a frame is still an error when nothing else is written', async () => {
    const r = await p.run(
      'unwritten',
      `${READINGS}
S = glueContext.getSink(path="s3://gs-test/out/unwritten/", connection_type="s3", transformation_ctx="S")
S.setFormat("json")
`,
    );
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /the sink S is never written/);
  });
});
