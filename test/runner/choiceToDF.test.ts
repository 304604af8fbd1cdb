/**
 * A DynamicFrame field whose values have two types in the data (a ChoiceType) taken into DataFrame land. A DataFrame
 * has no choice type: "Because DataFrames don't support ChoiceTypes, this method automatically converts ChoiceType
 * columns into StructTypes" (AWS Glue developer guide, the Scala DynamicFrame class, def toDF). That conversion is the
 * make_struct resolution — aws-glue-libs awsglue/context.py convert_resolve_option turns toDF()'s "KeepAsStruct"
 * option into `ResolveSpec(path, "make_struct")` — whose struct has one field per type, named by the type, holding the
 * values of that type (`provider id: struct`, `|    |-- long: long`, `|    |-- string: string`: awslabs/aws-glue-samples
 * examples/resolve_choice.md). Its fields come in name order here, as make_struct's and every printed choice found
 * (`long`/`string`, `int`/`string` in awslabs/aws-glue-libs issue #44) — followed, not confirmed by an output whose
 * first-seen order differs. So every way from such a frame into DataFrame code — `toDF()` and what is built on it
 * (select, withColumn, filter, join, a temp view and spark.sql, fromDF back, writes), the gs_* methods and Glue
 * Studio's sparkAggregate helper — sees that struct. A choice inside a struct or an array is still refused by name.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JobRun } from '../../src/core/model';
import { GLUE_PROLOGUE, GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';
import { jsonRows, parquetRows, sorted } from './harness';

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
/** the records of out/<name>, as [id, v], with the null members of a struct left out (how a sink writes a null is the writer's business) */
async function idAndV(name: string): Promise<[unknown, unknown][]> {
  return sorted(await jsonRows(p.objects(`out/${name}`))).map((r) => {
    const v = r['v'] ?? null;
    return [r['id'], v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null)) : v];
  });
}
const V_STRUCT: [unknown, unknown][] = [
  [1, { int: 5 }],
  [2, { string: 'five' }],
  [3, null],
];

describe('toDF() makes a ChoiceType a struct of one field per type (the Scala DynamicFrame class, def toDF)', () => {
  test('toDF().select(…) → fromDF → a JSON sink: v is {int: 5} and {string: "five"}, null where the record has none', async () => {
    await p.runOk('choice_select', `${READ}df = mixed_dyf.toDF().select("id", "v")
out = DynamicFrame.fromDF(df, glueContext, "out")
${WRITE('out', 'choice_select')}`);
    assert.deepEqual(await idAndV('choice_select'), V_STRUCT);
  });

  test("the DataFrame's printSchema: a struct whose fields are named by the types (resolve_choice.md's make_struct)", async () => {
    const r = await p.runOk('choice_schema', `${READ}mixed_dyf.toDF().printSchema()
`);
    const log = (await p.target.jobs.logs('choice_schema', r.id)).map((l) => l.replace(/^\S+ INFO line \d+: /, '')).join('\n');
    assert.match(log, / \|-- v: struct \(nullable = true\)\n \| {4}\|-- int: integer \(nullable = true\)\n \| {4}\|-- string: string \(nullable = true\)/);
  });

  test("show(): the struct's cells as Spark 3 draws a struct, {5, null} (Dataset.showString, at least 3 wide)", async () => {
    const r = await p.runOk('choice_show', `${READ}mixed_dyf.toDF().select("id", "v").show()\n`);
    const log = (await p.target.jobs.logs('choice_show', r.id)).map((l) => l.replace(/^\S+ INFO line \d+: /, '')).join('\n');
    assert.ok(
      log.includes(['+---+------------+', '| id|           v|', '+---+------------+', '|  1|   {5, null}|', '|  2|{null, five}|', '|  3|        null|', '+---+------------+'].join('\n')),
      log,
    );
  });

  test('fromDF(toDF()) straight back, withColumn, filter, join and df.write keep the struct', async () => {
    const cases: [string, string][] = [
      ['choice_roundtrip', `out = DynamicFrame.fromDF(mixed_dyf.toDF(), glueContext, "out")\n${WRITE('out', 'choice_roundtrip')}`],
      ['choice_withcolumn', `df = mixed_dyf.toDF().withColumn("k", F.lit(1))\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_withcolumn')}`],
      ['choice_filter', `df = mixed_dyf.toDF().filter(F.col("id") > 0)\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_filter')}`],
      ['choice_join', `${PLAIN}df = mixed_dyf.toDF().join(plain_dyf.toDF().select("id"), "id", "left")\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_join')}`],
      ['choice_write', `mixed_dyf.toDF().write.mode("append").json("s3://${GS_BUCKET}/out/choice_write/")\n`],
    ];
    for (const [name, body] of cases) {
      await p.runOk(name, `${READ}${body}`);
      assert.deepEqual(await idAndV(name), V_STRUCT, name);
    }
  });

  test("a struct field read by name: v.int and v.string, in DataFrame code and in spark.sql over a temp view", async () => {
    await p.runOk('choice_member', `${READ}df = mixed_dyf.toDF().select("id", F.col("v.int").alias("n"), F.col("v.string").alias("s"))\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_member')}`);
    assert.deepEqual(
      sorted(await jsonRows(p.objects('out/choice_member'))).map((r) => [r['id'], r['n'] ?? null, r['s'] ?? null]),
      [
        [1, 5, null],
        [2, null, 'five'],
        [3, null, null],
      ],
    );
    await p.runOk('choice_view', `${READ}mixed_dyf.toDF().createOrReplaceTempView("m")\ndf = spark.sql("select id, v.string as s from m where v.string is not null")\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_view')}`);
    assert.deepEqual(await jsonRows(p.objects('out/choice_view')), [{ id: 2, s: 'five' }]);
  });

  test('a Glue Studio visual transform (gs_concat converts to a DataFrame and back) and the generated sparkAggregate run', async () => {
    await p.runOk('choice_gs', `${READ}c = mixed_dyf.gs_concat(colName="c", colList=["g", "id"], spacer="-")\n${WRITE('c', 'choice_gs')}`);
    assert.deepEqual(await idAndV('choice_gs'), V_STRUCT);
    const helper = `from pyspark.sql import functions as SqlFuncs
def sparkAggregate(glueContext, parentFrame, groups, aggs, transformation_ctx) -> DynamicFrame:
    aggsFuncs = []
    for column, func in aggs:
        aggsFuncs.append(getattr(SqlFuncs, func)(column))
    result = parentFrame.toDF().groupBy(*groups).agg(*aggsFuncs) if len(groups) > 0 else parentFrame.toDF().agg(*aggsFuncs)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)

`;
    await p.runOk('choice_agg', `${helper}${READ}Aggregate_node2 = sparkAggregate(glueContext, parentFrame = mixed_dyf, groups = ["g"], aggs = [["id", "count"]], transformation_ctx = "Aggregate_node2")\n${WRITE('Aggregate_node2', 'choice_agg')}`);
    assert.deepEqual(sorted(await jsonRows(p.objects('out/choice_agg'))).map((r) => Object.values(r)), [
      ['a', 2],
      ['b', 1],
    ]);
  });

  test("a CSV read's choice of long and string (Glue's CSV reader: every whole number a long) is {long, string}", async () => {
    await p.target.storage.put(GS_BUCKET, 'ids/ids.csv', Buffer.from('id,v\n1,10001\n2,ABC\n'));
    const r = await p.runOk(
      'choice_csv',
      `ids = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/ids/"]}, format="csv", format_options={"withHeader": True})\ndf = ids.toDF()\ndf.printSchema()\n${WRITE('DynamicFrame.fromDF(df, glueContext, "o")', 'choice_csv')}`,
    );
    const log = (await p.target.jobs.logs('choice_csv', r.id)).map((l) => l.replace(/^\S+ INFO line \d+: /, '')).join('\n');
    assert.match(log, / \|-- v: struct \(nullable = true\)\n \| {4}\|-- long: long \(nullable = true\)\n \| {4}\|-- string: string \(nullable = true\)/);
    assert.deepEqual(await idAndV('choice_csv'), [
      [1, { long: 10001 }],
      [2, { string: 'ABC' }],
    ]);
  });
});

describe('a ChoiceType written to Parquet', () => {
  // write_dynamic_frame.from_options with format="parquet" takes Spark SQL's Parquet sink: awslabs/aws-glue-libs
  // awsglue/context.py write_from_options, "# Handle parquet and ORC case, make sure to get the right SparkSQL sink"
  // (getSink's connection type becomes the format for `Spark_SQL_Formats = {"parquet", "orc"}`, and no setFormat
  // follows); the format options page (awsdocs/aws-glue-developer-guide doc_source/aws-glue-programming-etl-format.md):
  // format="parquet" takes "any options that are accepted by the underlying SparkSQL code", where glueparquet is "a
  // custom Parquet writer type that is optimized for Dynamic Frames. A pre-computed schema is not required before
  // writing". Spark SQL writes a DataFrame, and "Because DataFrames don't support ChoiceTypes, [toDF] automatically
  // converts ChoiceType columns into StructTypes" (the Scala DynamicFrame class, def toDF): the struct of the tests
  // above. What Glue's own Parquet writer (glueparquet, useGlueParquetWriter), its CSV writer or a catalog table's
  // sink does with an unresolved choice is documented nowhere; the developer guide's blueprint sample resolves with
  // make_struct before its glueparquet sink ("Resolve choice type with make_struct"): refused there, by name.
  const PARQUET = (frame: string, out: string, format = 'parquet', options = '') =>
    `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="${format}", connection_options={"path": "s3://${GS_BUCKET}/out/${out}/"}${options})\n`;
  /** the records of the Parquet files under out/<name>, as [id, v] (a struct's null members left out) */
  const parquetIdAndV = async (name: string) => {
    const rows: Record<string, unknown>[] = [];
    for (const f of await fs.readdir(p.objects(`out/${name}`))) rows.push(...(await parquetRows(path.join(p.objects(`out/${name}`), f))));
    return sorted(rows.map((r) => [r['id'], r['v'] === null || r['v'] === undefined ? null : Object.fromEntries(Object.entries(r['v'] as object).filter(([, x]) => x !== null))] as [unknown, unknown]));
  };
  test('format="parquet" (Spark SQL\'s Parquet sink): the choice is written as toDF() makes it, {int: 5}, {string: "five"}, null', async () => {
    await p.runOk('choice_parquet', `${READ}${PARQUET('mixed_dyf', 'choice_parquet')}`);
    assert.deepEqual(await parquetIdAndV('choice_parquet'), V_STRUCT);
  });
  test("a CSV read without withHeader (Glue's default: the header line is a record) to Parquet: {long, string}, as the corpus's PREETIGHATAGE/Terraform-Assignments job", async () => {
    await p.target.storage.put(GS_BUCKET, 'nohead/ids.csv', Buffer.from('id,v\n1,x\n2,y\n'));
    await p.runOk(
      'choice_csv_parquet',
      `ids = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/nohead/"]}, format="csv")\n${PARQUET('ids', 'choice_csv_parquet')}`,
    );
    const rows: Record<string, unknown>[] = [];
    for (const f of await fs.readdir(p.objects('out/choice_csv_parquet'))) rows.push(...(await parquetRows(path.join(p.objects('out/choice_csv_parquet'), f))));
    // the long member is a BIGINT (INT64), which the reader gives as JSON text
    assert.deepEqual(sorted(rows.map((r) => [r['col0'], r['col1']])), sorted([[{ long: null, string: 'id' }, 'v'], [{ long: '1', string: null }, 'x'], [{ long: '2', string: null }, 'y']]));
  });
  test("Glue's own Parquet writer (glueparquet, useGlueParquetWriter) and CSV: refused at the sink, naming the field, its types and the resolutions", async () => {
    const cases: [string, string, RegExp][] = [
      ['choice_glueparquet', PARQUET('mixed_dyf', 'choice_glueparquet', 'glueparquet'), /how Glue writes one to parquet through glueparquet \(its own writer\), useGlueParquetWriter or a getSink with setFormat is not documented/],
      ['choice_gluewriter', PARQUET('mixed_dyf', 'choice_gluewriter', 'parquet', ', format_options={"useGlueParquetWriter": True}'), /how Glue writes one to parquet through glueparquet \(its own writer\), useGlueParquetWriter or a getSink with setFormat is not documented/],
      ['choice_csv_sink', PARQUET('mixed_dyf', 'choice_csv_sink', 'csv'), /how Glue writes one to csv is not documented/],
    ];
    for (const [name, body, message] of cases) {
      const r = await p.run(name, `${READ}${body}`);
      assert.equal(r.state, 'FAILED', name);
      assert.match(r.errorMessage ?? '', new RegExp(`glue-scripts/${name}\\.py:\\d+: the field v holds values of several types \\(int and string\\) — a ChoiceType, and `));
      assert.match(r.errorMessage ?? '', message);
      assert.match(r.errorMessage ?? '', /resolve it before writing: resolveChoice\(specs=\[\("v", "cast:string"\)\]\), or "make_struct"/);
      assert.deepEqual(await fs.readdir(p.objects(`out/${name}`)).catch(() => []), [], 'nothing written');
    }
  });
  // getSink (awslabs/aws-glue-libs awsglue/context.py): "Check SparkSQL format first to make sure to return the
  // expected sink" — `if(format and format.lower() in self.Spark_SQL_Formats): connection_type = format`, so
  // getSink(…, format="parquet") is the Spark SQL Parquet sink write_dynamic_frame.from_options(format="parquet") takes;
  // getSink("s3") then DataSink.setFormat("parquet") sets the format of Glue's own S3 sink (j_sink.setFormat)
  test('getSink(…, format="parquet") is Spark SQL\'s Parquet sink: the choice written as from_options writes it', async () => {
    await p.runOk('choice_getsink', `${READ}s = glueContext.getSink(connection_type="s3", path="s3://${GS_BUCKET}/out/choice_getsink/", format="parquet")\ns.writeFrame(mixed_dyf)\n`);
    assert.deepEqual(await parquetIdAndV('choice_getsink'), V_STRUCT);
  });
  test('getSink("s3") with setFormat("parquet") is Glue\'s own writer: refused as glueparquet is', async () => {
    const r = await p.run('choice_setformat', `${READ}s = glueContext.getSink(connection_type="s3", path="s3://${GS_BUCKET}/out/choice_setformat/")\ns.setFormat("parquet")\ns.writeFrame(mixed_dyf)\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /how Glue writes one to parquet through glueparquet \(its own writer\), useGlueParquetWriter or a getSink with setFormat is not documented/);
  });
  test('resolved with make_struct first (as the blueprint sample does), the struct is written by glueparquet too', async () => {
    await p.runOk('choice_parquet_struct', `${READ}s = mixed_dyf.resolveChoice(choice="make_struct")\n${PARQUET('s', 'choice_parquet_struct', 'glueparquet')}`);
    assert.deepEqual(await parquetIdAndV('choice_parquet_struct'), V_STRUCT);
  });
});

describe('ApplyMapping of a ChoiceType', () => {
  // each record's value is cast to the target type as a value of its own type is: ApplyMapping casts a value whose
  // type is not the declared source type (a real run — Gaurav-Singh-DS/AWS-Glue-ETL-Project-CSV-JSON @05b8fdc,
  // scripts/country_gdp_json.py maps ("gdp", "string", "Gross_domestic_price", "string") over a CSV field of whole
  // numbers, and the run's target/run-1757099598893-part-r-00000.json holds `"Gross_domestic_price":"55"` for every
  // row: not the empty column of awsdocs/aws-glue-developer-guide issue #3), and a DynamicRecord is self-describing,
  // a choice being the schema of records whose values differ in type (the DynamicFrame class page). The NYC taxi
  // json2parquet jobs of the corpus map trip_distance ("double") over ints and doubles.
  test('to string: the number as text, the text as it is; a record without the field: null', async () => {
    await p.runOk('choice_mapping', `${READ}m = ApplyMapping.apply(frame=mixed_dyf, mappings=[("id", "int", "id", "int"), ("v", "string", "v", "string")])\n${WRITE('m', 'choice_mapping')}`);
    const rows = (await jsonRows(p.objects('out/choice_mapping'))).sort((a, b) => Number(a['id']) - Number(b['id']));
    assert.deepEqual(rows.map((r) => [r['id'], r['v'] ?? null]), [[1, '5'], [2, 'five'], [3, null]]);
  });
  test('an int and a double declared double: every value a double (1 → 1.0), none null', async () => {
    await p.target.storage.put(GS_BUCKET, 'trips/trips.json', Buffer.from('{"id":1,"d":1}\n{"id":2,"d":2.5}\n'));
    await p.runOk(
      'choice_mapping_num',
      `t = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/trips/"]}, format="json")\nm = ApplyMapping.apply(frame=t, mappings=[("id", "int", "id", "int"), ("d", "double", "d", "double")])\n${WRITE('m', 'choice_mapping_num')}`,
    );
    assert.deepEqual((await p.writtenLines('out/choice_mapping_num')).sort(), ['{"id":1,"d":1.0}', '{"id":2,"d":2.5}']);
  });
  test('a choice with a struct among its types: still refused, naming the types', async () => {
    await p.target.storage.put(GS_BUCKET, 'deep/deep.json', Buffer.from('{"id":1,"s":{"a":1}}\n{"id":2,"s":"x"}\n'));
    const r = await p.run('choice_mapping_struct', `t = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/deep/"]}, format="json")\nm = ApplyMapping.apply(frame=t, mappings=[("s", "string", "s", "string")])\n${WRITE('m', 'choice_mapping_struct')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /ApplyMapping of "s" cannot run on the local engine: its values have several types in the data \(string and struct\), one of them nested, and how ApplyMapping casts such a value is not documented/);
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
