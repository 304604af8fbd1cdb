/**
 * Loops over lists written in the script are followed as Python runs them: each turn's frames are the turn's own.
 * The body of a loop assigns its variables at the same line and column on every turn; before the fix the plan gave
 * the third and later turns' frames one id, so every one of those turns read the last turn's frame (found by the
 * issue-14 audit: a loop over join types printed 3001 rows for "left_anti" — the last turn's "fullouter" count).
 * Expected rows by hand from test/fixtures/glue-studio/project/data/readings.json (times 1–5).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jsonRows } from './harness';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
const SOURCES = `readings = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing")\n`;

before(async () => {
  p = await glueStudioProject('lh-loops-');
});
after(() => p.close());

describe('a for loop over a literal list', () => {
  test('each turn filters, counts, prints and writes its own frame', async () => {
    const r = await p.run(
      'loop_turns',
      `${SOURCES}from pyspark.sql import functions as F
df = readings.toDF()
for t in [0, 1, 2, 3, 4]:
    kept = df.filter(F.col("time") > t)
    print(f"time > {t}: {kept.count()}")
    glueContext.write_dynamic_frame.from_options(frame=DynamicFrame.fromDF(kept, glueContext, "kept"), connection_type="s3", format="json", connection_options={"path": f"s3://${GS_BUCKET}/out/loop/gt{t}/"})
`,
    );
    assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
    const log = (await p.target.jobs.logs('loop_turns', r.id)).join('\n');
    for (const [t, n] of [[0, 5], [1, 4], [2, 3], [3, 2], [4, 1]]) {
      assert.match(log, new RegExp(`time > ${t}: ${n}$`, 'm'));
      assert.deepEqual((await jsonRows(p.objects(`out/loop/gt${t}`))).map((x) => x['time']).sort(), [1, 2, 3, 4, 5].filter((x) => x > t!), `gt${t}`);
    }
  });

  test('a join in the loop: each turn its own join type (left_semi and left_anti after three others)', async () => {
    const r = await p.run(
      'loop_joins',
      `${SOURCES}from pyspark.sql import functions as F
a = readings.toDF().select(F.col("time").alias("t"))
b = readings.toDF().filter(F.col("time") <= 2).select(F.col("time").alias("u"))
for how in ["inner", "left", "full", "left_semi", "left_anti"]:
    j = a.join(b, a.t == b.u, how)
    print(f"{how}: {j.count()}")
glueContext.write_dynamic_frame.from_options(frame=DynamicFrame.fromDF(b, glueContext, "b"), connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/loop/b/"})
`,
    );
    assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
    const log = (await p.target.jobs.logs('loop_joins', r.id)).join('\n');
    // times 1–5 against 1–2: inner 2, left 5, full 5, left_semi 2, left_anti 3
    for (const [how, n] of [['inner', 2], ['left', 5], ['full', 5], ['left_semi', 2], ['left_anti', 3]]) assert.match(log, new RegExp(`${how}: ${n}$`, 'm'));
  });
});

describe('a record function whose field name is a parameter bound when the script is read', () => {
  // the late-binding refusal asks for `lambda row, name=name: …` (test/jobs/translate.test.ts); row[name] then names
  // the field the default holds, in a def's Filter as in a loop's
  test('def filtered(frame, key, low) with lambda row, key=key, low=low: row[key] > low; and a loop binding k=k', async () => {
    const sinkOf = (frame: string, out: string) =>
      `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/bound/${out}/"})\n`;
    const r = await p.run(
      'bound_keys',
      `${SOURCES}def filtered(frame, key, low):
    return Filter.apply(frame=frame, f=lambda row, key=key, low=low: row[key] > low)
positive = filtered(readings, "x", 0)
late = filtered(readings, "time", 2)
${sinkOf('positive', 'positive')}${sinkOf('late', 'late')}for k in ["x", "time"]:
    over = Filter.apply(frame=readings, f=lambda row, k=k: row[k] > 1)
    print(f"{k} > 1: {over.count()}")
`,
    );
    assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
    // readings.json: x is 1.0, -0.5, 0.0, 2.5, 7.0 at times 1–5
    assert.deepEqual((await jsonRows(p.objects('out/bound/positive'))).map((x) => x['time']).sort(), [1, 4, 5]);
    assert.deepEqual((await jsonRows(p.objects('out/bound/late'))).map((x) => x['time']).sort(), [3, 4, 5]);
    const log = (await p.target.jobs.logs('bound_keys', r.id)).join('\n');
    assert.match(log, /x > 1: 2$/m);
    assert.match(log, /time > 1: 4$/m);
  });
});
