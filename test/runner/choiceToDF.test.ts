/**
 * A DynamicFrame field whose values have two types in the data (a ChoiceType) taken into DataFrame land. Glue's
 * DynamicFrame "explicitly encodes schema inconsistencies using a choice (or union) type", which must be resolved
 * "to make your datasets compatible with data stores that require a fixed schema"; "after you resolve any schema
 * inconsistencies, you can convert back and forth between DynamicFrames and DataFrames" (AWS Glue developer guide,
 * DynamicFrame class: docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html).
 * A DataFrame has no choice type: `toDF()` gives a struct of one field per type, named by the types Glue's reader gave
 * the values (`choice` of `int` and `string` in awslabs/aws-glue-libs issue #44's printSchema; make_struct's "a
 * structure that contains both an int and a string", ResolveChoice class). The local engine does not make that
 * struct, so every way from such a frame into DataFrame code — `toDF()` and what is built on it (select, withColumn,
 * filter, join, groupBy, a temp view and spark.sql, fromDF back, writes), the gs_* methods (which convert to a
 * DataFrame) and Glue Studio's sparkAggregate helper — is refused at the construct's line, naming the field and the
 * fix (resolveChoice), decided when the run learns the data's schema; before it was written raw (a wrong answer).
 * Resolved first, or counted, the same code runs.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { JobRun } from '../../src/core/model';
import { GLUE_PROLOGUE, GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';
import { jsonRows, sorted } from './harness';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-choice-todf-');
  // v holds a number in one record and text in another: a ChoiceType in a DynamicFrame
  const lines = [
    { id: 1, v: 5, g: 'a' },
    { id: 2, v: 'five', g: 'a' },
    { id: 3, g: 'b' },
  ];
  await p.target.storage.put(GS_BUCKET, 'mixed/mixed.json', Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
  await p.target.storage.put(GS_BUCKET, 'plain/plain.json', Buffer.from('{"id": 1, "w": "x"}\n{"id": 2, "w": "y"}\n'));
  // a.b and the elements of l have values of two types (nested ChoiceTypes); a.n is only ever null and e only empty
  const nested = [
    { id: 1, a: { b: 1, n: null }, l: [1, 'z'], e: [] },
    { id: 2, a: { b: 'x' }, l: null, e: [] },
  ];
  await p.target.storage.put(GS_BUCKET, 'nested/nested.json', Buffer.from(nested.map((l) => JSON.stringify(l)).join('\n') + '\n'));
  await p.target.storage.put(GS_BUCKET, 'nulls/nulls.json', Buffer.from('{"id": 1, "a": {"n": null, "c": 1}, "e": []}\n{"id": 2, "a": {"c": 2}, "e": []}\n'));
});
after(async () => {
  await p.close();
});

const READ = `mixed_dyf = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/mixed/"]}, format="json")\n`;
const PLAIN = `plain_dyf = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/plain/"]}, format="json")\n`;
const WRITE = (frame: string, out: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/${out}/"})\n`;

/** The run fails at the line and column of `needle` (in the whole script), with `message`, and writes nothing. */
async function refusedAt(name: string, body: string, needle: string, message: RegExp): Promise<JobRun> {
  const r = await p.run(name, body);
  const text = `${GLUE_PROLOGUE}${body}`;
  assert.equal(r.state, 'FAILED', `${name} ran`);
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const line = text.slice(0, offset).split('\n').length;
  const column = offset - text.lastIndexOf('\n', offset - 1);
  assert.equal(r.errorLine, line, r.errorMessage);
  assert.match(r.errorMessage ?? '', new RegExp(`glue-scripts/${name}\\.py:${line}:${column}: `));
  assert.match(r.errorMessage ?? '', message);
  assert.deepEqual(await fs.readdir(p.objects(`out/${name}`)).catch(() => []), [], 'nothing written');
  return r;
}

// 5 is an int to Glue's reader (a whole number that fits in 32 bits: the legislators sample's `seats: int`)
const NAMES_V = /the field v has values of two types \(int and string\).*ChoiceType.*toDF\(\) makes a struct of one field per type on Glue.*resolveChoice\(specs=\[\("v", "cast:string"\)\]\).*make_cols/;

describe('a ChoiceType field into DataFrame code is refused at the toDF() that takes it there', () => {
  test('toDF().select(…) → fromDF → a JSON sink (the wrong answer this fixes: the values were written raw)', async () => {
    await refusedAt(
      'choice_select',
      `${READ}df = mixed_dyf.toDF().select("id", "v")\nout = DynamicFrame.fromDF(df, glueContext, "out")\n${WRITE('out', 'choice_select')}`,
      'mixed_dyf.toDF()',
      NAMES_V,
    );
  });

  test('fromDF(toDF()) straight back, withColumn, filter, join, groupBy().agg() and df.write', async () => {
    const cases: [string, string][] = [
      ['choice_roundtrip', `out = DynamicFrame.fromDF(mixed_dyf.toDF(), glueContext, "out")\n${WRITE('out', 'choice_roundtrip')}`],
      ['choice_withcolumn', `df = mixed_dyf.toDF().withColumn("k", F.lit(1))\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_withcolumn')}`],
      ['choice_filter', `df = mixed_dyf.toDF().filter(F.col("id") > 1)\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_filter')}`],
      ['choice_join', `${PLAIN}df = mixed_dyf.toDF().join(plain_dyf.toDF(), "id", "left")\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_join')}`],
      ['choice_groupby', `df = mixed_dyf.toDF().groupBy("g").agg(F.max("v"))\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_groupby')}`],
      ['choice_write', `mixed_dyf.toDF().write.mode("append").json("s3://${GS_BUCKET}/out/choice_write/")\n`],
    ];
    for (const [name, body] of cases) await refusedAt(name, `${READ}${body}`, 'mixed_dyf.toDF()', NAMES_V);
  });

  test('a temp view and spark.sql: refused naming the query (as the SQL Query node is)', async () => {
    const r = await p.run('choice_view', `${READ}mixed_dyf.toDF().createOrReplaceTempView("m")\ndf = spark.sql("select id, v from m")\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_view')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /spark\.sql\(…\).*the field v of "m" has values of two types \(a ChoiceType\).*resolveChoice\(specs=\[\("v", "cast:string"\)\]\)/);
  });

  test('a Glue Studio visual transform (gs_concat converts to a DataFrame) is refused at its line', async () => {
    await refusedAt('choice_gs', `${READ}c = mixed_dyf.gs_concat(colName="c", colList=["g", "id"], spacer="-")\n${WRITE('c', 'choice_gs')}`, 'mixed_dyf.gs_concat', /DynamicFrame\.gs_concat cannot run on the local engine: the field v has values of two types/);
  });

  test("Glue Studio's Aggregate node (the generated sparkAggregate) is refused at the node's line, naming its toDF()", async () => {
    const helper = `from pyspark.sql import functions as SqlFuncs
def sparkAggregate(glueContext, parentFrame, groups, aggs, transformation_ctx) -> DynamicFrame:
    aggsFuncs = []
    for column, func in aggs:
        aggsFuncs.append(getattr(SqlFuncs, func)(column))
    result = parentFrame.toDF().groupBy(*groups).agg(*aggsFuncs) if len(groups) > 0 else parentFrame.toDF().agg(*aggsFuncs)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)

`;
    await refusedAt(
      'choice_agg',
      `${helper}${READ}Aggregate_node2 = sparkAggregate(glueContext, parentFrame = mixed_dyf, groups = ["g"], aggs = [["id", "count"]], transformation_ctx = "Aggregate_node2")\n${WRITE('Aggregate_node2', 'choice_agg')}`,
      'sparkAggregate(glueContext, parentFrame = mixed_dyf',
      /sparkAggregate\(…\) \(its parentFrame\.toDF\(\), line \d+\) cannot run on the local engine: the field v has values of two types/,
    );
  });
});

describe('a choice as a Join key', () => {
  test('Join.apply on a key whose values have two types is refused (how Glue compares it is not documented)', async () => {
    const r = await p.run('choice_joinkey', `${READ}${PLAIN}j = Join.apply(frame1=mixed_dyf, frame2=plain_dyf, keys1=["v"], keys2=["w"])\n${WRITE('j', 'choice_joinkey')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /Join on v cannot run on the local engine: the key v has values of two types in the data \(a ChoiceType\)/);
  });
});

describe('what runs: the choice resolved first, a frame without one, a count', () => {
  test('resolveChoice cast:string before toDF(): the DataFrame code runs on the strings', async () => {
    await p.runOk(
      'choice_resolved',
      `${READ}df = mixed_dyf.resolveChoice(specs=[("v", "cast:string")]).toDF().select("id", "v")\nout = DynamicFrame.fromDF(df, glueContext, "out")\n${WRITE('out', 'choice_resolved')}`,
    );
    const rows = sorted(await jsonRows(p.objects('out/choice_resolved'))).map((r) => [r['id'], r['v'] ?? null]);
    assert.deepEqual(rows, [
      [1, '5'],
      [2, 'five'],
      [3, null],
    ]);
  });

  test('make_cols before toDF(): a field per type (v_int and v_string, as the ResolveChoice class names columnA_int and columnA_string)', async () => {
    await p.runOk('choice_cols', `${READ}df = mixed_dyf.resolveChoice(choice="make_cols").toDF().select("id", "v_int", "v_string")\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_cols')}`);
    const rows = sorted(await jsonRows(p.objects('out/choice_cols'))).map((r) => [r['id'], r['v_int'] ?? null, r['v_string'] ?? null]);
    assert.deepEqual(rows, [
      [1, 5, null],
      [2, null, 'five'],
      [3, null, null],
    ]);
  });

  test('a frame without a ChoiceType goes through toDF() as before; counting a frame with one is no value read', async () => {
    const r = await p.runOk('choice_none', `${READ}${PLAIN}print(mixed_dyf.toDF().count())\ndf = plain_dyf.toDF().select("id")\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_none')}`);
    const log = (await p.target.jobs.logs('choice_none', r.id)).join('\n');
    assert.match(log, /: 3$/m);
    assert.deepEqual(sorted(await jsonRows(p.objects('out/choice_none'))), [{ id: 1 }, { id: 2 }]);
  });
});

describe('a choice inside a struct or an array (a.b: 1 in one record, "x" in another)', () => {
  const NESTED = `nested_dyf = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/nested/"]}, format="json")\n`;
  const NULLS = `nulls_dyf = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/nulls/"]}, format="json")\n`;

  test('written to JSON as a DynamicFrame, each value keeps its type (it was written as text: "1")', async () => {
    await p.runOk('nested_json', `${NESTED}${WRITE('nested_dyf', 'nested_json')}`);
    const rows = sorted(await jsonRows(p.objects('out/nested_json'))).map((r) => [r['id'], (r['a'] as Record<string, unknown>)['b'], r['l'] ?? null]);
    assert.deepEqual(rows, [
      [1, 1, [1, 'z']],
      [2, 'x', null],
    ]);
  });

  test('toDF(), ApplyMapping of it and a Parquet sink are refused by name', async () => {
    await refusedAt('nested_todf', `${NESTED}df = nested_dyf.toDF().select("id", "a")\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'nested_todf')}`, 'nested_dyf.toDF()', /a field inside a has values of two types in the data — a ChoiceType/);
    const r = await p.run('nested_map', `${NESTED}m = ApplyMapping.apply(frame=nested_dyf, mappings=[("a.b", "string", "b", "string")])\n${WRITE('m', 'nested_map')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /ApplyMapping of "a\.b" cannot run on the local engine: its values have two types in the data \(a ChoiceType\)/);
    const q = await p.run('nested_parquet', `${NESTED}glueContext.write_dynamic_frame.from_options(frame=nested_dyf, connection_type="s3", format="parquet", connection_options={"path": "s3://${GS_BUCKET}/out/nested_parquet/"})\n`);
    assert.equal(q.state, 'FAILED');
    assert.match(q.errorMessage ?? '', /a field inside a holds values of several types \(a ChoiceType/);
  });

  test("spark.read has no choice: Spark's JSON reader makes a field of conflicting types a string (JsonInferSchema.compatibleType), its text", async () => {
    await p.runOk('nested_spark', `df = spark.read.json("s3://${GS_BUCKET}/nested/")\nglueContext.write_dynamic_frame.from_options(frame=DynamicFrame.fromDF(df.select("id", "a"), glueContext, "o"), connection_type="s3", format="parquet", connection_options={"path": "s3://${GS_BUCKET}/out/nested_spark/"})\n`);
  });

  test('a field only ever null and arrays only ever empty are no choice: the frame goes to Parquet and through toDF()', async () => {
    await p.runOk('nulls_parquet', `${NULLS}df = nulls_dyf.toDF().select("id", "a", "e")\nglueContext.write_dynamic_frame.from_options(frame=DynamicFrame.fromDF(df, glueContext, "o"), connection_type="s3", format="parquet", connection_options={"path": "s3://${GS_BUCKET}/out/nulls_parquet/"})\n`);
  });
});
