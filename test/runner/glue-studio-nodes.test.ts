/**
 * Glue Studio's Pivot Rows Into Columns (gs_pivot), To Timestamp with a number type (gs_to_timestamp colType="seconds"
 * / "milliseconds" / "microseconds") and Add UUID (gs_uuid), run by the local runner over small hand-made data, in the
 * shape Glue Studio generates them, and what stays refused. Sources:
 *   - gs_uuid's code, as Glue ships it (a copy: aws-samples/retrieval-augmented-generation-large-data-sets,
 *     cdk/templates/glue/gs_uuid.py @8b3c8c9e3922738f604f6b46fed6d7a181fc538b):
 *     `enrich_df('gs_uuid', lambda self, colName="uuid": self.withColumn(colName, F.expr("uuid()")))` — Spark's
 *     uuid(), a random version-4 UUID string per row: tested by format, uniqueness and count, never by value;
 *     enrich_df (gs_common.py, same commit) passes keyword arguments only (`def transform_dynf(self, **kwargs)`).
 *   - gs_pivot's generated call, from public scripts (`SQLQuery_node….gs_pivot(aggCol="score", aggFunction="mean",
 *     colList=["measure_id"])` over facility_id, facility_name, measure_id, score; the ApplyMapping Glue Studio
 *     generated after it lists facility_id, facility_name, then one double field per measure, in sorted order) and
 *     https://docs.aws.amazon.com/glue/latest/dg/transforms-pivot-rows-to-columns.html / the SageMaker Unified Studio
 *     page of the same node ("aggregate the values of a numeric column into categories by using the values of the
 *     columns configured"; Aggregation: "a Spark function"). The node's code is not public: expected rows are Spark's
 *     groupBy(other fields).pivot(column).agg(fn(aggCol)) worked out by hand — values sorted ascending with null first
 *     (RelationalGroupedDataset.pivot), a column named by the value's text, "null" for null (ResolvePivot), avg and
 *     sum ignoring nulls and null over no value.
 *   - To Timestamp: https://docs.aws.amazon.com/glue/latest/dg/transforms-to-timestamp.html ("If the value is a
 *     number, it can be expressed in seconds (Unix/Python timestamp), milliseconds or microseconds"); the generated
 *     value "milliseconds" from a public script (`gs_to_timestamp(colName="purchase_warranty_expire_date",
 *     colType="milliseconds")`). Instants worked out by hand: 1655564444 s after 1970-01-01T00:00:00Z is
 *     2022-06-18T15:00:44Z (19161 days = 2022-06-18, + 54044 s = 15:00:44).
 *
 * The data, by hand:
 *   scores (facility_id, facility_name, measure_id, score):
 *     F1 Alpha SEP_1 80 | F1 Alpha IMM_3 90 | F1 Alpha SEP_1 70 | F2 Beta IMM_3 60 | F2 Beta OP_18b null |
 *     F2 Beta IMM_3 61 | F3 Gamma null 10
 *   events (id, secs, millis, micros, whole, half):
 *     1 1655564444 1655564444103 1655564444103456 1655564444.0 1.5
 *     2 0          -2208988800000 556640756386084 null        null
 *     3 null       null          null             null         null
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JobRun } from '../../src/core/model';
import { filesUnder, jsonRows } from './harness';
import { GLUE_PROLOGUE, GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

const BUCKET = GS_BUCKET;
const SCORES = [
  { facility_id: 'F1', facility_name: 'Alpha', measure_id: 'SEP_1', score: 80 },
  { facility_id: 'F1', facility_name: 'Alpha', measure_id: 'IMM_3', score: 90 },
  { facility_id: 'F1', facility_name: 'Alpha', measure_id: 'SEP_1', score: 70 },
  { facility_id: 'F2', facility_name: 'Beta', measure_id: 'IMM_3', score: 60 },
  { facility_id: 'F2', facility_name: 'Beta', measure_id: 'OP_18b', score: null },
  { facility_id: 'F2', facility_name: 'Beta', measure_id: 'IMM_3', score: 61 },
  { facility_id: 'F3', facility_name: 'Gamma', measure_id: null, score: 10 },
];
const EVENTS = [
  '{"id": 1, "secs": 1655564444, "millis": 1655564444103, "micros": 1655564444103456, "whole": 1655564444.0, "half": 1.5}',
  '{"id": 2, "secs": 0, "millis": -2208988800000, "micros": 556640756386084, "whole": null, "half": null}',
  '{"id": 3, "secs": null, "millis": null, "micros": null, "whole": null, "half": null}',
];

const HEADER = `${GLUE_PROLOGUE}import gs_pivot
import gs_to_timestamp
import gs_uuid

# Script generated for node Scores
Scores_node1 = glueContext.create_dynamic_frame.from_options(format_options={"multiline": False}, connection_type="s3", format="json", connection_options={"paths": ["s3://${BUCKET}/scores/landing/"], "recurse": True}, transformation_ctx="Scores_node1")

# Script generated for node Events
Events_node1 = glueContext.create_dynamic_frame.from_options(format_options={"multiline": False}, connection_type="s3", format="json", connection_options={"paths": ["s3://${BUCKET}/events/landing/"], "recurse": True}, transformation_ctx="Events_node1")
`;
const sink = (frame: string, out: string, format = 'json') =>
  `# Script generated for node Amazon S3
AmazonS3_node9 = glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="${format}", connection_options={"path": "s3://${BUCKET}/out/${out}/", "partitionKeys": []}, transformation_ctx="AmazonS3_node9")
job.commit()
`;

let p: ScriptProject;

async function run(name: string, body: string): Promise<{ run: JobRun; text: string }> {
  const text = `${HEADER}\n${body}`;
  return { run: await p.runScript(name, text), text };
}
async function runOk(name: string, body: string): Promise<void> {
  const r = await run(name, body);
  if (r.run.state !== 'SUCCEEDED') assert.fail(`${name}: ${r.run.state} ${r.run.errorMessage ?? ''}`);
}
const outDir = (name: string) => path.join(p.objects('out'), name);
/** the rows of a JSON output; a field the writer left out (null) reads as null */
const rowsOf = async (name: string) => jsonRows(outDir(name));
/** the fields of a CSV output, in the order written (its header) */
/** the keys of the first record a JSON sink wrote, in the order written */
async function jsonKeys(name: string): Promise<string[]> {
  const files = [...(await filesUnder(outDir(name))).entries()];
  assert.ok(files.length > 0, `${name}: no output`);
  return Object.keys(JSON.parse(files[0]![1].toString('utf8').split('\n')[0]!) as Record<string, unknown>);
}
const byId = (rows: Record<string, unknown>[], key: string) => [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

before(async () => {
  p = await glueStudioProject('lh-glue-studio-nodes-');
  await p.target.storage.put(BUCKET, 'scores/landing/scores-1.json', Buffer.from(SCORES.map((p) => JSON.stringify(p)).join('\n') + '\n'));
  await p.target.storage.put(BUCKET, 'events/landing/events-1.json', Buffer.from(EVENTS.join('\n') + '\n'));
});
after(async () => {
  await p.close();
});

describe('Pivot Rows Into Columns (gs_pivot)', () => {
  test('as the public scripts generate it: the other fields grouped, one double field per measure (sorted, null first), the mean of score', async () => {
    const pivot = `# Script generated for node Pivot Rows Into Columns\nPivotRowsIntoColumns_node2 = Scores_node1.gs_pivot(aggCol="score", aggFunction="mean", colList=["measure_id"])\n`;
    await runOk('pivot_mean', `${pivot}${sink('PivotRowsIntoColumns_node2', 'pivot_mean')}`);
    const rows = byId(await rowsOf('pivot_mean'), 'facility_id');
    // the fields, in order: the grouped ones as the input had them, then the values ascending with null first (the
    // sinks write the names as the frame spells them, as Glue's writer does)
    // (a JSON sink's keys: a CSV sink of these records stops the run — their first record has no value for a field,
    // and where Glue's CSV writer puts such a field is shown for one case only: glueCsvHeader.test.ts)
    assert.deepEqual(await jsonKeys('pivot_mean'), ['facility_id', 'facility_name', 'null', 'IMM_3', 'OP_18b', 'SEP_1']);
    assert.deepEqual(
      rows.map((r) => [r['facility_id'], r['facility_name'], num(r['null']), num(r['IMM_3']), num(r['OP_18b']), num(r['SEP_1'])]),
      [
        // F1: IMM_3 90; SEP_1 (80 + 70) / 2
        ['F1', 'Alpha', null, 90, null, 75],
        // F2: IMM_3 (60 + 61) / 2; OP_18b's only score is null: the mean of no value is null
        ['F2', 'Beta', null, 60.5, null, null],
        // F3: its record has no measure: a field named "null"
        ['F3', 'Gamma', 10, null, null, null],
      ],
    );
    // then, as the public script does, a Change Schema naming the measures' fields as the pivot made them
    await runOk('pivot_mapped', `${pivot}ChangeSchema_node3 = ApplyMapping.apply(frame=PivotRowsIntoColumns_node2, mappings=[("facility_id", "string", "facility_id", "string"), ("IMM_3", "double", "flu_vaccination", "double"), ("SEP_1", "double", "sepsis_care", "double")], transformation_ctx="ChangeSchema_node3")\n${sink('ChangeSchema_node3', 'pivot_mapped')}`);
    assert.deepEqual(
      byId(await rowsOf('pivot_mapped'), 'facility_id').map((r) => [r['facility_id'], num(r['flu_vaccination']), num(r['sepsis_care'])]),
      [
        ['F1', 90, 75],
        ['F2', 60.5, null],
        ['F3', null, null],
      ],
    );
  });

  test('sum, min and max (Spark functions): nulls ignored, null where a group has no value', async () => {
    await runOk('pivot_sum', `PivotRowsIntoColumns_node2 = Scores_node1.gs_pivot(aggCol="score", aggFunction="sum", colList=["measure_id"])\n${sink('PivotRowsIntoColumns_node2', 'pivot_sum')}`);
    assert.deepEqual(
      byId(await rowsOf('pivot_sum'), 'facility_id').map((r) => [r['facility_id'], num(r['null']), num(r['IMM_3']), num(r['OP_18b']), num(r['SEP_1'])]),
      [
        ['F1', null, 90, null, 150],
        ['F2', null, 121, null, null],
        ['F3', 10, null, null, null],
      ],
    );
    await runOk('pivot_max', `PivotRowsIntoColumns_node2 = Scores_node1.gs_pivot(aggCol="score", aggFunction="max", colList="measure_id")\n${sink('PivotRowsIntoColumns_node2', 'pivot_max')}`);
    assert.deepEqual(
      byId(await rowsOf('pivot_max'), 'facility_id').map((r) => [r['facility_id'], num(r['IMM_3']), num(r['SEP_1'])]),
      [
        ['F1', 90, 80],
        ['F2', 61, null],
        ['F3', null, null],
      ],
    );
  });

  test('refused by name: several columns to convert, another function, a name that differs in case, a text aggregation column', async () => {
    const two = await run('pivot_two', `PivotRowsIntoColumns_node2 = Scores_node1.gs_pivot(aggCol="score", aggFunction="mean", colList=["measure_id", "facility_name"])\n${sink('PivotRowsIntoColumns_node2', 'pivot_two')}`);
    assert.equal(two.run.state, 'FAILED');
    assert.match(two.run.errorMessage ?? '', new RegExp(`pivot_two\\.py:${lineOf(two.text, 'PivotRowsIntoColumns_node2 =')}:\\d+: DynamicFrame\\.gs_pivot with 2 columns to convert cannot run on the local engine: how the node names the new columns`));
    const stddev = await run('pivot_stddev', `PivotRowsIntoColumns_node2 = Scores_node1.gs_pivot(aggCol="score", aggFunction="stddev", colList=["measure_id"])\n${sink('PivotRowsIntoColumns_node2', 'pivot_stddev')}`);
    assert.equal(stddev.run.state, 'FAILED');
    assert.match(stddev.run.errorMessage ?? '', /gs_pivot with aggFunction="stddev" cannot run on the local engine: the aggregations reproduced here are Spark's sum, avg, mean, min, max, count/);
    const cased = await run('pivot_case', `PivotRowsIntoColumns_node2 = Scores_node1.gs_pivot(aggCol="score", aggFunction="sum", colList=["Measure_ID"])\n${sink('PivotRowsIntoColumns_node2', 'pivot_case')}`);
    assert.equal(cased.run.state, 'FAILED');
    assert.match(cased.run.errorMessage ?? '', /gs_pivot with column to convert "Measure_ID" cannot run on the local engine: the frame's field is measure_id/);
    const text = await run('pivot_text', `PivotRowsIntoColumns_node2 = Scores_node1.gs_pivot(aggCol="facility_name", aggFunction="max", colList=["measure_id"])\n${sink('PivotRowsIntoColumns_node2', 'pivot_text')}`);
    assert.equal(text.run.state, 'FAILED');
    assert.match(text.run.errorMessage ?? '', /gs_pivot aggregating facility_name cannot run on the local engine: facility_name holds VARCHAR/);
    for (const name of ['pivot_two', 'pivot_stddev', 'pivot_case', 'pivot_text']) assert.deepEqual(await jsonRows(outDir(name)), []);
  });

  test('count: null where a group has no record of the value (Spark pivots in two steps), 0 where its records hold only nulls', async () => {
    // apache/spark Analyzer ResolvePivot: for aggregates of atomic types (a count is a long) an Aggregate by the
    // groups and the pivot column, then PivotFirst — a (group, value) with no record has no first-step row: null
    await runOk('pivot_count', `PivotRowsIntoColumns_node2 = Scores_node1.gs_pivot(aggCol="score", aggFunction="count", colList=["measure_id"])\n${sink('PivotRowsIntoColumns_node2', 'pivot_count')}`);
    assert.deepEqual(
      byId(await rowsOf('pivot_count'), 'facility_id').map((r) => [r['facility_id'], num(r['null']), num(r['IMM_3']), num(r['OP_18b']), num(r['SEP_1'])]),
      [
        ['F1', null, 1, null, 2],
        // F2's OP_18b record has a null score: counted 0
        ['F2', null, 2, 0, null],
        ['F3', 1, null, null, null],
      ],
    );
  });

  test("DataFrame code: groupBy(…).pivot(column) without values takes the column's distinct values, sorted, as Spark does", async () => {
    // Spark's RelationalGroupedDataset.pivot(pivotColumn): "computes the distinct values" (pyspark GroupedData.pivot:
    // "one that does not [require the values] … Spark needs to first compute the list of distinct values internally")
    const body = `df = Scores_node1.toDF()\nout = df.groupBy("facility_id").pivot("measure_id").agg(F.sum("score"))\nOut_node3 = DynamicFrame.fromDF(out, glueContext, "Out_node3")\n`;
    await runOk('df_pivot', `${body}${sink('Out_node3', 'df_pivot')}`);
    const rows = byId(await rowsOf('df_pivot'), 'facility_id');
    assert.deepEqual(await jsonKeys('df_pivot'), ['facility_id', 'null', 'IMM_3', 'OP_18b', 'SEP_1']);
    assert.deepEqual(
      rows.map((r) => [r['facility_id'], num(r['null']), num(r['IMM_3']), num(r['OP_18b']), num(r['SEP_1'])]),
      [
        ['F1', null, 90, null, 150],
        ['F2', null, 121, null, null],
        ['F3', 10, null, null, null],
      ],
    );
  });
});

describe('To Timestamp (gs_to_timestamp) with a number type', () => {
  const formatted = (from: string, col: string) => `FormatTimestamp_node3 = ${from}.gs_format_timestamp(colName="${col}", dateFormat="yyyy-MM-dd HH:mm:ss.SSSSSS")\n`;
  const out = async (name: string, field: string) =>
    (await jsonRows(outDir(name))).sort((a, b) => Number(a['id']) - Number(b['id'])).map((r) => [Number(r['id']), r[field] ?? null]);

  test('seconds, milliseconds and microseconds since 1970-01-01T00:00:00Z (UTC), into the column or a new one; null stays null', async () => {
    await runOk('epoch_seconds', `ToTimestamp_node2 = Events_node1.gs_to_timestamp(colName="secs", colType="seconds", newColName="at")\n${formatted('ToTimestamp_node2', 'at')}${sink('FormatTimestamp_node3', 'epoch_seconds')}`);
    assert.deepEqual(await out('epoch_seconds', 'at'), [
      [1, '2022-06-18 15:00:44.000000'],
      [2, '1970-01-01 00:00:00.000000'],
      [3, null],
    ]);
    // as the public script writes it: the column itself replaced
    await runOk('epoch_millis', `ToTimestamp_node2 = Events_node1.gs_to_timestamp(colName="millis", colType="milliseconds")\n${formatted('ToTimestamp_node2', 'millis')}${sink('FormatTimestamp_node3', 'epoch_millis')}`);
    assert.deepEqual(await out('epoch_millis', 'millis'), [
      [1, '2022-06-18 15:00:44.103000'],
      // -2208988800000 ms: 25567 days (70 years, 17 of them leap) before the epoch, 1900-01-01 (a long like the
      // other value: -1000 would be an int, and millis a choice of int and long to Glue's reader)
      [2, '1900-01-01 00:00:00.000000'],
      [3, null],
    ]);
    // microseconds, on the record whose instant both ways of computing it agree on (the next test: one they do not)
    await runOk('epoch_micros_one', `Filter_node2 = Filter.apply(frame=Events_node1, f=lambda row: (row["id"] == 1))\nToTimestamp_node2 = Filter_node2.gs_to_timestamp(colName="micros", colType="microseconds")\n${formatted('ToTimestamp_node2', 'micros')}${sink('FormatTimestamp_node3', 'epoch_micros_one')}`);
    assert.deepEqual(await out('epoch_micros_one', 'micros'), [[1, '2022-06-18 15:00:44.103456']]);
    // a whole number held as a double reads as that number
    await runOk('epoch_whole', `ToTimestamp_node2 = Events_node1.gs_to_timestamp(colName="whole", colType="seconds")\n${formatted('ToTimestamp_node2', 'whole')}${sink('FormatTimestamp_node3', 'epoch_whole')}`);
    assert.deepEqual(await out('epoch_whole', 'whole'), [
      [1, '2022-06-18 15:00:44.000000'],
      [2, null],
      [3, null],
    ]);
  });

  test('a value whose instant depends on how the node computes it stops the run by name, as does a fraction of the unit', async () => {
    // 556640756386084 µs: exactly …:56.386084, but 556640756386084 / 1e6 as a double, times 1e6, truncated (Spark's
    // cast of a double to a timestamp) is …:56.386083 — which the node does is not documented
    const micros = await run('epoch_micros', `ToTimestamp_node2 = Events_node1.gs_to_timestamp(colName="micros", colType="microseconds")\n${sink('ToTimestamp_node2', 'epoch_micros')}`);
    assert.equal(micros.run.state, 'FAILED');
    assert.match(micros.run.errorMessage ?? '', new RegExp(`epoch_micros\\.py:${lineOf(micros.text, 'ToTimestamp_node2 =')}:\\d+: the To Timestamp node \\(gs_to_timestamp\\) cannot run on the local engine: a value of micros gives an instant that depends on how the node computes it`));
    const half = await run('epoch_half', `ToTimestamp_node2 = Events_node1.gs_to_timestamp(colName="half", colType="seconds")\n${sink('ToTimestamp_node2', 'epoch_half')}`);
    assert.equal(half.run.state, 'FAILED');
    assert.match(half.run.errorMessage ?? '', /a value of half is not a whole number of seconds/);
    for (const name of ['epoch_micros', 'epoch_half']) assert.deepEqual(await jsonRows(outDir(name)), []);
  });

  test('refused by name: autodetect (its formats are not documented), another colType, a text column', async () => {
    const auto = await run('epoch_auto', `ToTimestamp_node2 = Events_node1.gs_to_timestamp(colName="secs", colType="autodetect")\n${sink('ToTimestamp_node2', 'epoch_auto')}`);
    assert.equal(auto.run.state, 'FAILED');
    assert.match(auto.run.errorMessage ?? '', /gs_to_timestamp with colType="autodetect" cannot run on the local engine: the page says only that "the system will make its best guess"/);
    assert.match(auto.run.errorMessage ?? '', /colType="iso" for ISO 8601 text, "seconds", "milliseconds" or "microseconds" for numbers/);
    const other = await run('epoch_nanos', `ToTimestamp_node2 = Events_node1.gs_to_timestamp(colName="secs", colType="nanoseconds")\n${sink('ToTimestamp_node2', 'epoch_nanos')}`);
    assert.equal(other.run.state, 'FAILED');
    assert.match(other.run.errorMessage ?? '', /colType="nanoseconds" cannot run on the local engine/);
    const text = await run('epoch_text', `ToTimestamp_node2 = Scores_node1.gs_to_timestamp(colName="facility_id", colType="seconds")\n${sink('ToTimestamp_node2', 'epoch_text')}`);
    assert.equal(text.run.state, 'FAILED');
    assert.match(text.run.errorMessage ?? '', /the To Timestamp node \(gs_to_timestamp\) with colType="seconds" on facility_id cannot run on the local engine: facility_id holds VARCHAR, not numbers/);
  });
});

describe('Add UUID (gs_uuid)', () => {
  const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  test('a random version-4 UUID per record, as a string, in "uuid" unless named; every record kept', async () => {
    await runOk('uuid_default', `# Script generated for node Add UUID\nAddUUID_node2 = Scores_node1.gs_uuid()\n${sink('AddUUID_node2', 'uuid_default')}`);
    const rows = await jsonRows(outDir('uuid_default'));
    assert.equal(rows.length, SCORES.length);
    const ids = rows.map((r) => r['uuid']);
    for (const id of ids) assert.match(String(id), V4);
    assert.equal(new Set(ids).size, rows.length, 'one UUID per record, all distinct');
    assert.deepEqual(Object.keys(rows[0]!).sort(), ['facility_id', 'facility_name', 'measure_id', 'score', 'uuid']);
    await runOk('uuid_named', `AddUUID_node2 = Scores_node1.gs_uuid(colName="row_id")\n${sink('AddUUID_node2', 'uuid_named')}`);
    const named = await jsonRows(outDir('uuid_named'));
    assert.equal(named.length, SCORES.length);
    for (const r of named) assert.match(String(r['row_id']), V4);
    // another run, other values (as on Glue): none of the first run's
    const again = new Set(named.map((r) => r['row_id']));
    assert.ok(ids.every((id) => !again.has(id)));
  });

  test('a positional argument fails, as enrich_df takes keyword arguments only', async () => {
    const r = await run('uuid_positional', `AddUUID_node2 = Scores_node1.gs_uuid("row_id")\n${sink('AddUUID_node2', 'uuid_positional')}`);
    assert.equal(r.run.state, 'FAILED');
    assert.match(r.run.errorMessage ?? '', /gs_uuid[^\n]*positional/);
  });
});

describe('still refused by name', () => {
  test('Unpivot Columns To Rows: its generated parameters are not known', async () => {
    const r = await run('unpivot', `Node_node2 = Scores_node1.gs_unpivot(unpivotColName="measure", valueColName="value", colList=["score"])\n${sink('Node_node2', 'unpivot')}`);
    assert.equal(r.run.state, 'FAILED');
    assert.match(r.run.errorMessage ?? '', /gs_unpivot\) is not reproduced locally: the names of its generated call's parameters \(no public script calls it/);
  });

  test('Array To Columns with indexes: whether they count from 0 or 1 is not documented', async () => {
    const r = await run('array_indexes', `SplitString_node2 = Scores_node1.gs_split(colName="measure_id", pattern="_", newColName="parts")\nArrayToColumns_node3 = SplitString_node2.gs_array_to_cols(colName="parts", colList="kind", indexes="1")\n${sink('ArrayToColumns_node3', 'array_indexes')}`);
    assert.equal(r.run.state, 'FAILED');
    assert.match(r.run.errorMessage ?? '', /gs_array_to_cols with indexes="1" cannot run on the local engine: whether its positions count from 0 or from 1 is not documented/);
    assert.match(r.run.errorMessage ?? '', /leave indexes out and name a column for every position/);
  });
});
