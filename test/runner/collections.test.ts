/**
 * Glue's transforms that make or take a DynamicFrameCollection — SplitRows (and DynamicFrame.split_rows),
 * MapToCollection (and DynamicFrameCollection.map), FlatMap — and Spigot, which writes a sample of a frame beside
 * the job's data. Sources:
 *   - AWS Glue, "SplitRows class" (aws-glue-api-crawler-pyspark-transforms-SplitRows.html): two frames, "One
 *     DynamicFrame contains only the specified rows to be split, and the other contains all remaining rows"; the
 *     example {"age": {">": 10, "<": 20}} ("between 10 and 20, exclusive"); name1/name2 default "frame1"/"frame2";
 *   - the Scala DynamicFrame's splitRows (glue-etl-scala-apis-glue-dynamicframe-class.html), which aws-glue-libs'
 *     split_rows calls: "Each operator must be one of !=, =, <=, <, >=, or >", several comparisons all hold for the
 *     first frame (the example: people over 65 from the USA, Seq(">=", "="));
 *   - aws-glue-libs awsglue/transforms/collection_transforms.py (MapToCollection, FlatMap) and awsglue/dynamicframe.py
 *     (DynamicFrameCollection.map: callable(frame, ctx + ":" + key), a DynamicFrame required; flatmap: a collection's
 *     frames merged with dict.update, a later key replacing an earlier one);
 *   - AWS Glue, "Spigot class" and the Scala DynamicFrame's spigot: "By default, writes 100 arbitrary records",
 *     `topk` ("The default is 100"), `prob` ("Default is 1"), the frame returned unchanged; the Spigot API shape
 *     (API_Spigot.html): "write a subset of records from the dataset to a JSON file".
 * Expected rows are worked out by hand from test/fixtures/glue-studio/project/data:
 *   readings: time 1 x 1.0, time 2 x -0.5, time 3 x 0.0, time 4 x 2.5, time 5 x 7.0 (users ann, ann, bob, cid, eve)
 *   flags: id1 flag 0, id2 flag null, id3 (no flag key), id4 flag 5
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { JobRun } from '../../src/core/model';
import { jsonRows } from './harness';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

const BUCKET = GS_BUCKET;
// what every script here reads first
const SOURCES = `readings = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing")\nflags = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="flag_landing")\n`;
const sink = (frame: string, out: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/${out}/"})\n`;

let p: ScriptProject;
const outDir = (out: string) => p.objects(out);
const run = (name: string, body: string): Promise<JobRun> => p.run(name, `${SOURCES}${body}`);
const succeeds = async (name: string, body: string): Promise<void> => void (await p.runOk(name, `${SOURCES}${body}`));
/** The values of `field` in the records written under out/<out>, sorted. */
async function values(out: string, field = 'time'): Promise<unknown[]> {
  return (await jsonRows(outDir(`out/${out}`))).map((r) => r[field]).sort();
}

before(async () => {
  p = await glueStudioProject('lh-dfc-');
});
after(() => p.close());

describe('SplitRows', () => {
  test('the docs\' example shape: a range (exclusive) split off, every other record remains', async () => {
    await succeeds(
      'split_range',
      `parts = SplitRows.apply(frame=readings, comparison_dict={"x": {">": 0, "<": 5}}, name1="mid", name2="other", transformation_ctx="parts")
${sink('parts["mid"]', 'split_range_mid')}${sink('SelectFromCollection.apply(dfc=parts, key="other")', 'split_range_other')}`,
    );
    // x 1.0 (time 1) and 2.5 (time 4) are in (0, 5); -0.5, 0.0 and 7.0 are not
    assert.deepEqual(await values('split_range_mid'), [1, 4]);
    assert.deepEqual(await values('split_range_other'), [2, 3, 5]);
  });

  test('split_rows with comparisons on two fields (all hold), positional arguments as the corpus writes them', async () => {
    await succeeds(
      'split_two',
      `parts = readings.split_rows({"time": {">=": 2}, "user": {"=": "ann@example.com"}}, "ann_late", "rest")
${sink('parts.select("ann_late")', 'split_two_a')}${sink('parts["rest"]', 'split_two_b')}`,
    );
    assert.deepEqual(await values('split_two_a'), [2]);
    assert.deepEqual(await values('split_two_b'), [1, 3, 4, 5]);
  });

  test('!= and the default names frame1 and frame2', async () => {
    await succeeds(
      'split_ne',
      `parts = SplitRows.apply(readings, {"user": {"!=": "bob@example.com"}})
${sink('parts["frame1"]', 'split_ne_1')}${sink('parts["frame2"]', 'split_ne_2')}`,
    );
    assert.deepEqual(await values('split_ne_1'), [1, 2, 4, 5]);
    assert.deepEqual(await values('split_ne_2'), [3]);
  });

  test('a record without a value for a compared field fails the run, writing nothing: how Glue compares it is not documented', async () => {
    const r = await run('split_null', `parts = SplitRows.apply(frame=flags, comparison_dict={"flag": {">": 1}}, name1="hi", name2="lo")\n${sink('parts["hi"]', 'split_null')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /split_null\.py:\d+: SplitRows\.apply cannot run on the local engine: a record has no value \(null or missing\) for flag/);
    await assert.rejects(fs.access(outDir('out/split_null')));
  });

  test('a field compared with a constant of another type is refused, naming the field', async () => {
    const r = await run('split_type', `parts = SplitRows.apply(frame=readings, comparison_dict={"user": {">": 5}})\n${sink('parts["frame1"]', 'split_type')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /SplitRows\.apply on user cannot run on the local engine: it compares the VARCHAR field user with a number/);
  });

  const refused: [string, string, RegExp][] = [
    ['an operator Glue does not have', `parts = SplitRows.apply(frame=readings, comparison_dict={"x": {"==": 1}})\n${sink('parts["frame1"]', 'x')}`, /"==" is not an operator of Glue's splitRows \(!=, =, <=, <, >=, >\)/],
    ['the collection given to a sink (vijayanand-88/DIQA QATest711.py)', `parts = SplitRows.apply(readings, {"x": {">": 0}}, "a", "b")\n${sink('parts', 'x')}`, /:\d+:\d+: parts is a DynamicFrameCollection, not a DynamicFrame \(the frame of GlueContext\.write_dynamic_frame\.from_options\): Glue fails here too/],
  ];
  for (const [what, body, message] of refused)
    test(`refused before anything runs: ${what}`, async () => {
      const r = await run(`split_refused_${what.replace(/\W+/g, '_').slice(0, 30)}`, body);
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', message);
    });
});

describe('MapToCollection and FlatMap', () => {
  test('MapToCollection: the function followed on each frame, the keys kept', async () => {
    await succeeds(
      'map_dfc',
      `def no_x(frame, transformation_ctx):
    return DropFields.apply(frame=frame, paths=["x"], transformation_ctx=transformation_ctx)

parts = SplitRows.apply(frame=readings, comparison_dict={"x": {">": 0, "<": 5}}, name1="mid", name2="other")
mapped = MapToCollection.apply(dfc=parts, callable=no_x, transformation_ctx="mapped")
${sink('mapped["mid"]', 'map_dfc_mid')}${sink('parts.map(no_x)["other"]', 'map_dfc_other')}`,
    );
    const mid = await jsonRows(outDir('out/map_dfc_mid'));
    assert.deepEqual(mid.map((r) => r['time']).sort(), [1, 4]);
    assert.ok(mid.every((r) => !('x' in r)), 'x dropped');
    assert.deepEqual(await values('map_dfc_other'), [2, 3, 5]);
  });

  test('MapToCollection: a function that returns no DynamicFrame is refused (Glue raises TypeError)', async () => {
    const r = await run('map_dfc_bad', `def count(frame, ctx):\n    return 1\n\nparts = SplitRows.apply(readings, {"x": {">": 0}})\nm = MapToCollection.apply(dfc=parts, callable=count)\n${sink('m["frame1"]', 'x')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /MapToCollection\.apply with count cannot run on the local engine: it returns the int 1 for the frame "frame1", and Glue raises TypeError: callable must return a DynamicFrame/);
  });

  test('FlatMap with SplitRows: each frame split, the collections merged, a later key replacing an earlier one', async () => {
    await succeeds(
      'flat_split',
      `parts = SplitRows.apply(frame=readings, comparison_dict={"x": {">": 0, "<": 5}}, name1="mid", name2="other")
flat = FlatMap.apply(dfc=parts, BaseTransform=SplitRows, frame_name="frame", comparison_dict={"time": {"<": 3}}, name1="early", name2="late")
${sink('flat["early"]', 'flat_early')}${sink('flat["late"]', 'flat_late')}`,
    );
    // mid (times 1, 4) gives early {1}, late {4}; other (2, 3, 5) gives early {2}, late {3, 5}, which replace them
    assert.deepEqual(await values('flat_early'), [2]);
    assert.deepEqual(await values('flat_late'), [3, 5]);
  });

  test('FlatMap with a transform that returns a DynamicFrame: keyed by the frame\'s name, which SplitRows sets to the key and DropFields keeps', async () => {
    await succeeds(
      'flat_drop',
      `parts = SplitRows.apply(frame=readings, comparison_dict={"x": {">": 0, "<": 5}}, name1="mid", name2="other")
flat = FlatMap.apply(dfc=parts, BaseTransform=DropFields, frame_name="frame", paths=["x"])
${sink('flat["mid"]', 'flat_drop_mid')}${sink('flat["other"]', 'flat_drop_other')}`,
    );
    const mid = await jsonRows(outDir('out/flat_drop_mid'));
    assert.deepEqual(mid.map((r) => r['time']).sort(), [1, 4]);
    assert.ok(mid.every((r) => !('x' in r)), 'x dropped');
    assert.deepEqual(await values('flat_drop_other'), [2, 3, 5]);
  });

  test('FlatMap with a transform that returns a DynamicFrame, over frames whose names are not known here, is refused', async () => {
    const r = await run('flat_named', `from awsglue.dynamicframe import DynamicFrameCollection\nparts = DynamicFrameCollection({"a": readings, "b": flags}, glueContext)\nflat = FlatMap.apply(dfc=parts, BaseTransform=DropFields, frame_name="frame", paths=["x"])\n${sink('flat["a"]', 'x')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /FlatMap\.apply with DropFields cannot run on the local engine: DropFields returns a DynamicFrame, which FlatMap keys by the frame's name/);
  });
});

describe('Spigot', () => {
  test('options {}: Glue\'s defaults (topk 100, prob 1) write every record of a small frame as JSON; the frame goes on unchanged', async () => {
    await succeeds(
      'spigot_default',
      `sample = Spigot.apply(frame=readings, path="s3://${BUCKET}/spigot/default", options={})\n${sink('sample', 'spigot_default')}`,
    );
    const written = (await jsonRows(outDir('spigot/default'))).map((r) => r['time']).sort();
    assert.deepEqual(written, [1, 2, 3, 4, 5]);
    assert.deepEqual(await values('spigot_default'), [1, 2, 3, 4, 5]);
    const files = await fs.readdir(outDir('spigot/default'));
    assert.ok(files.length > 0 && files.every((f) => f.endsWith('.json')), `JSON files: ${files.join(', ')}`);
  });

  test('the method form with topk at least the number of records', async () => {
    await succeeds('spigot_method', `sample = readings.spigot("s3://${BUCKET}/spigot/method/", {"topk": 5, "prob": 1.0})\n${sink('sample', 'spigot_method')}`);
    assert.equal((await jsonRows(outDir('spigot/method'))).length, 5);
    assert.equal((await jsonRows(outDir('out/spigot_method'))).length, 5);
  });

  test('topk below the number of records fails the run, writing nothing: which records Glue picks depends on Spark\'s partitions', async () => {
    const r = await run('spigot_topk', `sample = Spigot.apply(frame=readings, path="s3://${BUCKET}/spigot/topk/", options={"topk": 3})\n${sink('sample', 'spigot_topk')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /Spigot cannot run on the local engine: the frame has 5 records, more than topk=3/);
    await assert.rejects(fs.access(outDir('spigot/topk')));
    await assert.rejects(fs.access(outDir('out/spigot_topk')));
  });

  test('prob below 1 is refused: a random sample differs on every run', async () => {
    const r = await run('spigot_prob', `sample = Spigot.apply(frame=readings, path="s3://${BUCKET}/spigot/prob/", options={"prob": 0.2})\n${sink('sample', 'spigot_prob')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /:\d+:\d+: Spigot\.apply with prob=0\.2 cannot run on the local engine: Glue picks each record at random/);
  });
});
