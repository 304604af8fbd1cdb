/**
 * How a DynamicFrame read of JSON types its numbers, and what a job then prints, computes and writes — each expected
 * value from Glue's public record, not from the runner:
 *   - a whole number that fits in 32 bits is an `int`: the AWS Glue developer guide's legislators sample
 *     (awsdocs/aws-glue-developer-guide doc_source/aws-glue-programming-python-samples-legislators.md: `orgs =
 *     glueContext.create_dynamic_frame.from_catalog(database="legislators", table_name="organizations_json")`,
 *     `orgs.printSchema()` prints `|-- seats: int` for organizations.json's seat counts);
 *   - a larger one is a `long`, and a field holding both is a ChoiceType of int and long: SuperCowPowers/workbench
 *     issue #287 ("AWS Glue: flow_id (int AND long)": JSON lines read by `create_dynamic_frame.from_options(format=
 *     "json")`, src/sageworks/core/transforms/data_loaders/heavy/s3_heavy_to_data_source.py, whose choice fields it
 *     then resolves with `cast:long`) — so Glue does not widen int to long, nor int to double: a field of ints and
 *     doubles is a choice too (the DynamicFrame class page: "the same field might be of a different type in different
 *     records … DynamicFrame … explicitly encodes schema inconsistencies using a choice (or union) type");
 *   - printSchema draws a choice with its types under it: `|-- provider id: choice`, `|    |-- long`,
 *     `|    |-- string` (the developer guide's "Data preparation using ResolveChoice, Lambda, and ApplyMapping"
 *     medicare sample), in name order as every printed choice found has them (`double`, `string`; `int`, `string` in
 *     awslabs/aws-glue-libs issue #44);
 *   - ResolveChoice's `make_cols` names a column per type `columnA_int` / `columnA_string`, `project:<type>` keeps the
 *     values of that type, `cast:<type>` casts them all (the ResolveChoice class page);
 *   - a row function (Filter.apply) sees each record's value as Python does: an int or a long is a Python int
 *     (awsglue/dynamicframe.py `filter` runs the function on each record as a dict);
 *   - spark.read has no ChoiceType: Spark's JSON reader types every whole number long and a field of whole and
 *     fractional numbers double (apache/spark JsonInferSchema: `LongType` for an integral number that fits,
 *     `compatibleType` widening to `DoubleType`);
 *   - a Parquet sink writes an int as INT32 and a long as INT64 (apache/spark ParquetSchemaConverter / ParquetWriteSupport:
 *     IntegerType → INT32, LongType → INT64), which Athena reads into a `bigint` column (its "Change a column data type"
 *     page lists INT to BIGINT as a safe widening).
 */
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bodyLine, GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';
import { jsonRows } from './harness';

let p: ScriptProject;

// (written as text: JSON.stringify would write 2.0 as 2)
const LINES = [
  '{"id":1,"small":1,"big":1655564444103,"mixed":0,"frac":1.5,"intdouble":1,"intstring":1}',
  '{"id":2,"small":-2147483648,"big":2147483648,"mixed":1655564444104,"frac":2.0,"intdouble":2.5,"intstring":"a"}',
  '{"id":3,"small":2147483647,"big":-2147483649,"mixed":7,"frac":-0.5,"intdouble":3,"intstring":2}',
];

before(async () => {
  p = await glueStudioProject('lh-json-types-');
  await p.target.storage.put(GS_BUCKET, 'types/types.json', Buffer.from(LINES.join('\n') + '\n'));
  await p.target.storage.put(GS_BUCKET, 'nested/nested.json', Buffer.from('{"id":1,"a":{"b":1},"l":[1,2.5]}\n{"id":2,"a":{"b":"x"},"l":[3]}\n'));
});
after(async () => {
  await p.close();
});

const READ = `S = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/types/"]}, transformation_ctx="S")\n`;
const WRITE = (frame: string, out: string, format = 'json') =>
  `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="${format}", connection_options={"path": "s3://${GS_BUCKET}/out/${out}/"})\n`;

describe('a DynamicFrame read of JSON types whole numbers int or long, and a field of two types is a choice', () => {
  test('printSchema: int, long, double, and each choice with its types under it', async () => {
    const r = await p.runOk('types_schema', `${READ}S.printSchema()\n`);
    assert.deepEqual(await p.printed('types_schema', r.id, bodyLine(2)), [
      'root',
      '|-- id: int',
      '|-- small: int',
      '|-- big: long',
      '|-- mixed: choice',
      '|    |-- int',
      '|    |-- long',
      '|-- frac: double',
      '|-- intdouble: choice',
      '|    |-- double',
      '|    |-- int',
      '|-- intstring: choice',
      '|    |-- int',
      '|    |-- string',
    ]);
  });

  test('printSchema of choices inside a struct and an array: their types under them, as a top-level one\'s', async () => {
    // (nesting drawn as the legislators sample draws `|-- links: array`, `|    |-- element: struct`, `|    |    |-- note: string`)
    const r = await p.runOk('types_nested', `N = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ["s3://${GS_BUCKET}/nested/"]})\nN.printSchema()\n`);
    assert.deepEqual(await p.printed('types_nested', r.id, bodyLine(2)), [
      'root',
      '|-- id: int',
      '|-- a: struct',
      '|    |-- b: choice',
      '|    |    |-- int',
      '|    |    |-- string',
      '|-- l: array',
      '|    |-- element: choice',
      '|    |    |-- double',
      '|    |    |-- int',
    ]);
  });

  test('resolveChoice: cast:long keeps every number, make_cols a column per type, project:int the ints only', async () => {
    await p.runOk('types_cast', `${READ}R = S.resolveChoice(specs=[("mixed", "cast:long")]).select_fields(["id", "mixed"])\n${WRITE('R', 'types_cast')}`);
    assert.deepEqual((await jsonRows(p.objects('out/types_cast'))).map((x) => [x['id'], x['mixed']]).sort(), [[1, 0], [2, 1655564444104], [3, 7]]);
    await p.runOk('types_cols', `${READ}R = S.resolveChoice(specs=[("intdouble", "make_cols")]).select_fields(["id", "intdouble_int", "intdouble_double"])\n${WRITE('R', 'types_cols')}`);
    assert.deepEqual(
      (await jsonRows(p.objects('out/types_cols'))).map((x) => [x['id'], x['intdouble_int'] ?? null, x['intdouble_double'] ?? null]).sort(),
      [[1, 1, null], [2, null, 2.5], [3, 3, null]],
    );
    await p.runOk('types_project', `${READ}R = S.resolveChoice(specs=[("mixed", "project:int")]).select_fields(["id", "mixed"])\n${WRITE('R', 'types_project')}`);
    assert.deepEqual((await jsonRows(p.objects('out/types_project'))).map((x) => [x['id'], x['mixed'] ?? null]).sort(), [[1, 0], [2, null], [3, 7]]);
  });

  test('a Filter function over a choice of int and long compares each value as the Python int it is', async () => {
    // Glue Studio's Filter node ("mixed != 0"): not(row["mixed"] == 0) — record 1 (0, an int) dropped, 2 (a long) and 3 kept
    await p.runOk('types_filter', `${READ}F = Filter.apply(frame=S, f=lambda row: (not(row["mixed"] == 0)))\n${WRITE('F', 'types_filter')}`);
    assert.deepEqual((await jsonRows(p.objects('out/types_filter'))).map((x) => x['id']).sort(), [2, 3]);
    // arithmetic on ints is Python's, unbounded: 2147483647 + 1 is no overflow
    await p.runOk('types_sum', `${READ}F = Filter.apply(frame=S, f=lambda row: row["small"] + 1 > 2147483647)\n${WRITE('F', 'types_sum')}`);
    assert.deepEqual((await jsonRows(p.objects('out/types_sum'))).map((x) => x['id']), [3]);
    // nor is the negation or abs() of -2147483648 (record 2's small)
    await p.runOk('types_neg', `${READ}F = Filter.apply(frame=S, f=lambda row: -row["small"] > 2147483647 and abs(row["small"]) == 2147483648)\n${WRITE('F', 'types_neg')}`);
    assert.deepEqual((await jsonRows(p.objects('out/types_neg'))).map((x) => x['id']), [2]);
  });

  test('a Filter function reading a choice of a number and a string is refused by name, with the resolveChoice to write', async () => {
    const r = await p.run('types_filter_str', `${READ}F = Filter.apply(frame=S, f=lambda row: row["intstring"] == 1)\n${WRITE('F', 'types_filter_str')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /row\["intstring"\] in the function given to Filter\.apply cannot run on the local engine: its values have several types in the data \(a ChoiceType: int and string\).*resolveChoice\(specs=\[\("intstring", "cast:string"\)\]\)/);
  });

  test('DynamicFrame.union of a field that is an int in one frame and a long in the other is refused by name (a choice on Glue)', async () => {
    // the DynamicFrame class page: union keeps each record as it is (self-describing records): the field's values keep their types
    const same = await p.runOk('types_union_same', `${READ}A = S.select_fields(["id", "small"])\nU = A.union(A)\nprint(U.count())\n`);
    assert.deepEqual(await p.printed('types_union_same', same.id, bodyLine(4)), ['6']);
    const r = await p.run('types_union', `${READ}A = S.select_fields(["id", "small"])\nB = S.select_fields(["id", "big"]).rename_field("big", "small")\nU = A.union(B)\nprint(U.count())\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /DynamicFrame\.union cannot run on the local engine: the field small is int in one frame and long in the other.*ApplyMapping: \("small", "int", "small", "long"\) on the first frame/);
  });

  test('spark.read has no choice: every whole number a bigint, whole and fractional numbers a double, numbers and text a string', async () => {
    const r = await p.runOk('types_spark', `df = spark.read.json("s3://${GS_BUCKET}/types/")\nprint(df)\n`);
    assert.deepEqual(await p.printed('types_spark', r.id, bodyLine(2)), ['DataFrame[big: bigint, frac: double, id: bigint, intdouble: double, intstring: string, mixed: bigint, small: bigint]']);
  });

  test('a Parquet sink writes an int as INT32 and a long as INT64; Athena reads them into bigint columns', async () => {
    await p.runOk('types_parquet', `${READ}R = S.select_fields(["id", "small", "big"])\n${WRITE('R', 'types_parquet', 'parquet')}`);
    const dir = p.objects('out/types_parquet');
    const files = (await fs.readdir(dir)).filter((f) => !f.startsWith('.'));
    assert.ok(files.length > 0);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const rows = (await conn.runAndReadAll(`SELECT name, type FROM parquet_schema('${path.join(dir, files[0]!).replace(/'/g, "''")}') WHERE name IN ('id', 'small', 'big') ORDER BY name`)).getRowsJson();
      assert.deepEqual(rows, [['big', 'INT64'], ['id', 'INT32'], ['small', 'INT32']]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
    const ddl = await p.target.queries.run(`CREATE EXTERNAL TABLE lake.types_out (id bigint, small bigint, big bigint) STORED AS PARQUET LOCATION 's3://${GS_BUCKET}/out/types_parquet/'`);
    assert.equal(ddl.state, 'SUCCEEDED', ddl.error?.message);
    const q = await p.target.queries.run('SELECT sum(small), sum(big), count(*) FROM lake.types_out');
    assert.equal(q.state, 'SUCCEEDED', q.error?.message);
    assert.deepEqual((await p.target.queries.page(q.id)).rows.map((row) => row.map(Number)), [[1 - 2147483648 + 2147483647, 1655564444103 + 2147483648 - 2147483649, 3]]);
  });
});
