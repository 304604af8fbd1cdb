/**
 * Join.apply with several keys: records match when their key values are equal in order. A DynamicFrame join has been
 * seen to also match records whose key values are a permutation of each other (awslabs/aws-glue-libs issue #76:
 * (1, 2) joined (2, 1) with keys ["a", "b"]), which AWS does not document: where a pair of records has the same key
 * values in another order the run stops, naming the Join; elsewhere the answer does not depend on it. Expected rows
 * by hand from test/fixtures/glue-studio/project/data/readings.json (times 1–5).
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { JobRun } from '../../src/core/model';
import { jsonRows } from './harness';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

const BUCKET = GS_BUCKET;
// what every script here reads first
const SOURCES = `readings = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing")\n`;

let p: ScriptProject;
const outDir = (out: string) => p.objects(`out/${out}`);
const run = (name: string, body: string): Promise<JobRun> => p.run(name, `${SOURCES}${body}`);
const frames = `f1 = DynamicFrame.fromDF(readings.toDF().select(F.col("time").alias("a"), (F.col("time") + 1).alias("b")), glueContext, "f1")
same = DynamicFrame.fromDF(readings.toDF().select(F.col("time").alias("c"), (F.col("time") + 1).alias("d")), glueContext, "same")
swapped = DynamicFrame.fromDF(readings.toDF().select((F.col("time") + 1).alias("c"), F.col("time").alias("d")), glueContext, "swapped")
`;
const sink = (frame: string, out: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/${out}/"})`;

before(async () => {
  p = await glueStudioProject('lh-joinkeys-');
});
after(() => p.close());

describe('Join.apply with two keys', () => {
  test('keys equal in order: every record joins its own (a, b) = (c, d)', async () => {
    const r = await run('join_two', `${frames}j = Join.apply(frame1=f1, frame2=same, keys1=["a", "b"], keys2=["c", "d"])\n${sink('j', 'join_two')}`);
    assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
    assert.deepEqual((await jsonRows(outDir('join_two'))).map((x) => x['a']).sort(), [1, 2, 3, 4, 5]);
  });

  test('records with the same key values in another order stop the run: (1, 2) of frame1 and (2, 1) of frame2', async () => {
    const r = await run('join_swapped', `${frames}j = Join.apply(frame1=f1, frame2=swapped, keys1=["a", "b"], keys2=["c", "d"])\n${sink('j', 'join_swapped')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /Join on a, b = c, d cannot run on the local engine: a record of frame1 and one of frame2 have the same key values in another order.*aws-glue-libs issue #76/);
    await assert.rejects(fs.access(outDir('join_swapped')));
  });
});

/**
 * A key no record of its frame has — TamokiLoi/data-engineering-with-aws-project3 (commit d0f65179) has it:
 * machine_learning_curated.py joins step_trainer_trusted on right_sensorreadingtime while step_trainer_trusted.py at
 * the same commit writes sensorreadingtime (its ApplyMapping renamed it right_sensorreadingtime only before commit
 * 8dc8000). Join.apply hands the keys to Glue's JVM DynamicFrame.join (awslabs/aws-glue-libs
 * awsglue/transforms/field_transforms.py → dynamicframe.py `self._jdf.join(…)`), which is not public, and no page says
 * whether it then fails or joins nothing (joinEmpty.test.ts has what was searched): the run stops before any sink,
 * naming the key, the frame's fields and the field it probably meant.
 */
describe('Join.apply on a key no record of the frame has', () => {
  test('the run stops, names the key, lists frame1\'s fields and the likely one; nothing is written', async () => {
    const body = `st = DynamicFrame.fromDF(readings.toDF().select(F.col("time").alias("sensorreadingtime")), glueContext, "st")
acc = DynamicFrame.fromDF(readings.toDF().select(F.col("time").alias("timestamp")), glueContext, "acc")
j = Join.apply(frame1=st, frame2=acc, keys1=["right_sensorreadingtime"], keys2=["timestamp"])
${sink('j', 'join_missing')}`;
    const r = await run('join_missing', body);
    assert.equal(r.state, 'FAILED');
    assert.match(
      r.errorMessage ?? '',
      /Join key right_sensorreadingtime cannot run on the local engine: frame1 has records, none with a field right_sensorreadingtime \(frame1 has sensorreadingtime\), and whether Glue's DynamicFrame\.join then fails on a key its schema does not have or joins nothing is not documented; name a field frame1 has \(sensorreadingtime\?\)/,
    );
    await assert.rejects(fs.access(outDir('join_missing')));
  });
});

/**
 * Glue Studio's "Renamed keys for Join" node maps frame2's fields to backquoted names and joins on them — as
 * LaurentBl/udacity_data_engineer_project3 (commit 1bab09ea, steptrainer_landing_to_trusted.py) has it:
 * `ApplyMapping.apply(…, mappings=[("serialnumber", "string", "`(right) serialnumber`", "string"), …])` then
 * `Join.apply(…, keys2=["`(right) serialnumber`"])`. ApplyMapping's paths quote a name in backticks ("If the source
 * column has a dot "." in the name, you must place back-ticks "``" around it",
 * https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-transforms-ApplyMapping.html): the field
 * is `(right) serialnumber`, without the backticks, and the Join's key path names it. Expected by hand from
 * readings.json: times 1–5, each once, so every record joins its own renamed copy.
 */
describe('ApplyMapping to a backquoted name, then a Join on it', () => {
  test('the field is named without the backticks, and the Join finds it', async () => {
    const body = `right = ApplyMapping.apply(frame=readings, mappings=[("time", "long", "\`(right) time\`", "long"), ("user", "string", "\`(right) user\`", "string")])
j = Join.apply(frame1=readings, frame2=right, keys1=["time"], keys2=["\`(right) time\`"])
${sink('j', 'join_renamed')}`;
    const r = await run('join_renamed', body);
    assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
    const rows = await jsonRows(outDir('join_renamed'));
    assert.deepEqual(rows.map((x) => [x['time'], x['(right) time'], x['user'] === x['(right) user']]).sort(), [1, 2, 3, 4, 5].map((t) => [t, t, true]));
  });

  test('a source path in backticks names the field with a dot in its name (the page: "`this.old.name`")', async () => {
    const body = `dotted = DynamicFrame.fromDF(readings.toDF().select(F.col("time").alias("this.old.name")), glueContext, "dotted")
m = ApplyMapping.apply(frame=dotted, mappings=[("\`this.old.name\`", "long", "thisNewName", "long")])
${sink('m', 'map_dotted')}`;
    const r = await run('map_dotted', body);
    assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
    assert.deepEqual((await jsonRows(outDir('map_dotted'))).map((x) => x['thisNewName']).sort(), [1, 2, 3, 4, 5]);
  });
});
