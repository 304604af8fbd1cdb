/**
 * DynamicFrame.printSchema of a field null in every record of a JSON read: Glue types it NullType and prints `null`.
 * The data is the AWS Glue developer guide's UnnestFrame/Unbox example's (awsdocs/aws-glue-developer-guide @ c4620ef
 * doc_source/aws-glue-api-crawler-pyspark-transforms-UnnestFrame.md: `dyf_unbox.printSchema()` prints
 * `| |-- pears: null` under `|-- data: struct`, and after `UnnestFrame.apply(frame = dyf_unbox)` `|-- data.pears: null`;
 * the members are printed `int` there, so the JSON here holds numbers), read from JSON rather than unboxed from a
 * string (Unbox is refused: test/conformance/glue/aws-glue-api-crawler-pyspark-transforms-Unbox.json). The tree is
 * drawn as the local printSchema draws every Glue schema (nested fields under `|    `: glueSchema.ts). A transform
 * that sets the type prints that type: ApplyMapping's target type, resolveChoice's `cast:` type (the DynamicFrame
 * class page: "cast:type – Attempts to cast all values to the specified type").
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, GS_BUCKET, type ScriptProject } from './glueStudioProject';

const DATA = [
  '{"warehouse_loc": "TX_WAREHOUSE", "data": {"strawberry": 220, "pineapple": 560, "mango": 350, "pears": null}, "note": null}',
  '{"warehouse_loc": "CA_WAREHOUSE", "data": {"strawberry": 34, "pineapple": 123, "mango": 42, "pears": null}, "note": null}',
  '{"warehouse_loc": "CO_WAREHOUSE", "data": {"strawberry": 340, "pineapple": 180, "mango": 2, "pears": null}}',
].join('\n');
const SOURCE = `S = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/nulltype/landing/"]})\n`;

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lakehouse-nulltype-');
  await p.target.storage.put(GS_BUCKET, 'nulltype/landing/n.json', Buffer.from(`${DATA}\n`));
  await p.target.storage.put(GS_BUCKET, 'nulltype/other/o.json', Buffer.from('{"loc": "TX_WAREHOUSE", "size": 3}\n'));
});
after(async () => {
  await p?.close();
});

/** the lines a job logged at `line` of the script body */
async function printedAt(job: string, body: string, line: number): Promise<string[]> {
  const r = await p.runOk(job, body);
  return p.printed(job, r.id, bodyLine(line));
}

describe('DynamicFrame.printSchema of NullType fields', () => {
  test("the guide's UnnestFrame example: pears is null in the struct and once unnested", async () => {
    const body = `${SOURCE}S.printSchema()\nU = UnnestFrame.apply(frame = S)\nU.printSchema()\n`;
    const r = await p.runOk('unnest_null', body);
    assert.deepEqual(await p.printed('unnest_null', r.id, bodyLine(2)), [
      'root',
      '|-- warehouse_loc: string',
      '|-- data: struct',
      '|    |-- strawberry: int',
      '|    |-- pineapple: int',
      '|    |-- mango: int',
      '|    |-- pears: null',
      '|-- note: null',
    ]);
    assert.deepEqual(await p.printed('unnest_null', r.id, bodyLine(4)), [
      'root',
      '|-- warehouse_loc: string',
      '|-- data.strawberry: int',
      '|-- data.pineapple: int',
      '|-- data.mango: int',
      '|-- data.pears: null',
      '|-- note: null',
    ]);
  });

  test('SelectFields, DropFields, RenameField, Filter and Join keep the field NullType', async () => {
    const body = `${SOURCE}O = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/nulltype/other/"]})
K = SelectFields.apply(frame=S, paths=["warehouse_loc", "data", "note"])
K = DropFields.apply(frame=K, paths=["data.mango", "data.pineapple"])
K = RenameField.apply(frame=K, old_name="note", new_name="remark")
K = Filter.apply(frame=K, f=lambda row: row["warehouse_loc"] != "CA_WAREHOUSE")
J = Join.apply(K, O, "warehouse_loc", "loc")
J.select_fields(["warehouse_loc", "data", "remark", "size"]).printSchema()
`;
    assert.deepEqual(await printedAt('keep_null', body, 8), ['root', '|-- warehouse_loc: string', '|-- data: struct', '|    |-- strawberry: int', '|    |-- pears: null', '|-- remark: null', '|-- size: int']);
  });

  test('ApplyMapping and resolveChoice cast print the type they set, where the read printed null', async () => {
    const body = `${SOURCE}S.select_fields(["note"]).printSchema()
M = ApplyMapping.apply(frame=S, mappings=[("warehouse_loc", "string", "warehouse_loc", "string"), ("note", "string", "note", "string"), ("data.pears", "string", "pears", "string")])
M.printSchema()
S.resolveChoice(specs=[("note", "cast:long")]).select_fields(["note", "data"]).printSchema()
`;
    const r = await p.runOk('typed_null', body);
    assert.deepEqual(await p.printed('typed_null', r.id, bodyLine(2)), ['root', '|-- note: null']);
    assert.deepEqual(await p.printed('typed_null', r.id, bodyLine(4)), ['root', '|-- warehouse_loc: string', '|-- note: string', '|-- pears: string']);
    assert.deepEqual(await p.printed('typed_null', r.id, bodyLine(5)), ['root', '|-- data: struct', '|    |-- strawberry: int', '|    |-- pineapple: int', '|    |-- mango: int', '|    |-- pears: null', '|-- note: long']);
  });

  test('a field a Filter left only nulls of is refused by name (its source holds values)', async () => {
    await p.target.storage.put(GS_BUCKET, 'nulltype/graded/g.json', Buffer.from('{"loc": "TX", "grade": "A"}\n{"loc": "CO", "grade": null}\n'));
    const r = await p.run(
      'filtered_null',
      `G = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/nulltype/graded/"]})\nF = Filter.apply(frame=G, f=lambda row: row["loc"] == "CO")\nF.printSchema()\n`,
    );
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', new RegExp(`filtered_null\\.py:${bodyLine(3)}: printSchema\\(\\) cannot run on the local engine: the field grade is null in every record of the frame`));
  });

  test('Glue Studio Flatten (through toDF and fromDF) of a NullType member is refused by name', async () => {
    const r = await p.run('flatten_null', `${SOURCE}S.select_fields(["data"]).gs_flatten(separator="_").printSchema()\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', new RegExp(`flatten_null\\.py:${bodyLine(2)}: printSchema\\(\\) cannot run on the local engine: the field data_pears is null in every record of the frame`));
  });

  test('a field whose lineage goes through a DataFrame (toDF, fromDF) is refused by name', async () => {
    const r = await p.run('df_null', `${SOURCE}D = DynamicFrame.fromDF(S.toDF(), glueContext, "d")\nD.printSchema()\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', new RegExp(`df_null\\.py:${bodyLine(3)}: printSchema\\(\\) cannot run on the local engine: the field data\\.pears is null in every record of the frame, .* a JSON read through a transform whose effect on a NullType field is not followed here`));
  });
});
