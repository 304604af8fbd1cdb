/**
 * `spark.read.csv(…)` with inferSchema, in its three spellings, typed as Spark's CSVInferSchema types the columns.
 * The expected types come from Spark's own CSVInferSchemaSuite (sql/catalyst/src/test/…/csv/CSVInferSchemaSuite.scala,
 * 3.x): "60" IntegerType, "100000000000" LongType, `${Long.MaxValue}1` DecimalType(20, 0), "3.5" DoubleType, "True"
 * and "FAlSE" BooleanType, "test" StringType, "" no evidence (NullType); Integer and Long merge to LongType, Double and
 * Long to DoubleType (mergeRowTypes); Long with "1.0" is DoubleType. "1e5" is a double: `new BigDecimal("1e5")` has
 * scale -5, a DecimalType Spark refuses (negative scale), so tryParseDecimal goes on to tryParseDouble. What cannot
 * be made faithful is refused by name: a column of timestamps (Spark's lenient parser) and a column mixing integers
 * beyond a long with smaller ones (its decimal precision depends on the reading order). A JSON read takes the option
 * `inferSchema` (PacktPublishing/Serverless-ETL-and-Analytics-with-AWS-Glue Chapter05/compression_by_dataframe.py
 * writes `spark.read.option('inferSchema', True).json(…)`) and ignores it, as Spark's JSONOptions has no such key.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, GS_BUCKET, type ScriptProject } from './glueStudioProject';
import { filesUnder, parquetRows } from './harness';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lh-csvinfer-');
  const put = (key: string, text: string) => p.target.storage.put(GS_BUCKET, key, Buffer.from(text));
  await put('csv/types/part-1.csv', 'id,count,big,price,flag,name,note,sci\n60,100000000000,92233720368547758071,3.5,True,ann,,1.0\n7,5,92233720368547758072,2,FAlSE,bob,x,1e5\n');
  await put('csv/na/part-1.csv', 'id,name\n1,NA\nNA,bob\n');
  await put('csv/ts/part-1.csv', 'id,at\n1,2015-08-20 15:57:00\n2,2015-08-21 10:00:00\n');
  await put('csv/mixed/part-1.csv', 'id\n5\n92233720368547758071\n');
  await put('json/one/part-1.json', '{"a":1,"b":"x"}\n');
});
after(() => p.close());

async function written(prefix: string): Promise<Record<string, unknown>[]> {
  const dir = p.objects(prefix);
  const rows: Record<string, unknown>[] = [];
  for (const f of (await filesUnder(dir)).keys()) rows.push(...(await parquetRows(path.join(dir, f))));
  return rows;
}

describe('spark.read.csv with inferSchema', () => {
  const TYPES = "[('id', 'int'), ('count', 'bigint'), ('big', 'decimal(20,0)'), ('price', 'double'), ('flag', 'boolean'), ('name', 'string'), ('note', 'string'), ('sci', 'double')]";
  test('option(…), options(…) and keyword arguments type the columns as Spark does, and read the values so', async () => {
    const r = await p.runOk(
      'csv_infer',
      `a = spark.read.option("header", "true").option("inferSchema", "true").csv("s3://gs-test/csv/types/")
b = spark.read.options(header=True, inferSchema=True).csv("s3://gs-test/csv/types/")
c = spark.read.csv("s3://gs-test/csv/types/", header=True, inferSchema=True)
print(a.dtypes)
print(b.dtypes)
print(c.dtypes)
c.write.mode("overwrite").parquet("s3://gs-test/out/csv_infer/")`,
    );
    for (const line of [4, 5, 6]) assert.deepEqual(await p.printed('csv_infer', r.id, bodyLine(line)), [TYPES]);
    const rows = (await written('out/csv_infer/')).sort((x, y) => Number(x['id']) - Number(y['id']));
    assert.deepEqual(
      rows.map((x) => [x['id'], String(x['count']), String(x['big']), x['price'], x['flag'], x['name'], x['note'], x['sci']]),
      [
        [7, '5', '92233720368547758072', 2, false, 'bob', 'x', 100000],
        [60, '100000000000', '92233720368547758071', 3.5, true, 'ann', null, 1],
      ],
    );
  });

  test('nullValue: the value is null and no evidence of a type', async () => {
    const r = await p.runOk('csv_na', `d = spark.read.csv("s3://gs-test/csv/na/", header=True, inferSchema=True, nullValue="NA")\nprint(d.dtypes)\nd.write.mode("overwrite").parquet("s3://gs-test/out/csv_na/")`);
    assert.deepEqual(await p.printed('csv_na', r.id, bodyLine(2)), ["[('id', 'int'), ('name', 'string')]"]);
    assert.deepEqual(
      (await written('out/csv_na/')).map((x) => [x['id'], x['name']]).sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
      [
        [null, 'bob'],
        [1, null],
      ],
    );
  });

  const refused: [string, string, RegExp][] = [
    ['a column of timestamps', 'csv/ts/', /the column at holds values Spark may read as timestamps or dates/],
    ['integers beyond a long beside smaller ones', 'csv/mixed/', /the column id holds integers beyond a long \(20 digits\) beside smaller ones/],
  ];
  for (const [what, prefix, message] of refused)
    test(`refused by name at the reader's line: ${what}`, async () => {
      const r = await p.run(`csv_refused_${what.replace(/\W+/g, '_')}`, `d = spark.read.csv("s3://gs-test/${prefix}", header=True, inferSchema=True)\nd.write.mode("overwrite").parquet("s3://gs-test/out/refused/")`);
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', new RegExp(`\\.py:${bodyLine(1)}: spark\\.read\\.csv with inferSchema cannot run on the local engine: ${message.source}`));
    });

  test('samplingRatio below 1 with inferSchema is refused before anything runs (the types would come from a random sample)', async () => {
    const r = await p.run('csv_sampling', `d = spark.read.csv("s3://gs-test/csv/types/", header=True, inferSchema=True, samplingRatio=0.5)\nprint(d.count())`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /spark\.read with samplingRatio 0\.5 cannot run on the local engine: Spark then infers the types from a random sample/);
  });

  // DataFrameReader.csv / .json, "mode" (Spark's documentation): PERMISSIVE (default) keeps a corrupted record,
  // DROPMALFORMED "ignores the whole corrupted records", FAILFAST "throws an exception when it meets corrupted
  // records". Which records are corrupted is Spark's parsers' decision, which the local readers do not make alike.
  test('mode DROPMALFORMED and FAILFAST are refused before anything runs, naming the mode and the format; PERMISSIVE reads', async () => {
    const drop = await p.run('csv_dropmalformed', `d = spark.read.csv("s3://gs-test/csv/types/", header=True, mode="DROPMALFORMED")\nprint(d.count())`);
    assert.equal(drop.state, 'FAILED');
    assert.match(drop.errorMessage ?? '', new RegExp(`\\.py:${bodyLine(1)}:\\d+: spark\\.read with mode "DROPMALFORMED" cannot run on the local engine: Spark drops the records its CSV parser finds corrupted \\(a line whose fields do not fit the schema\\), and the local reader does not find the same ones`));
    const fail = await p.run('json_failfast', `d = spark.read.option("mode", "failfast").json("s3://gs-test/json/one/")\nprint(d.count())`);
    assert.equal(fail.state, 'FAILED');
    assert.match(fail.errorMessage ?? '', /spark\.read with mode "failfast" cannot run on the local engine: Spark fails the read on the records its JSON parser finds corrupted/);
    await p.runOk('json_permissive', `d = spark.read.option("mode", "PERMISSIVE").json("s3://gs-test/json/one/")\nprint(d.count())`);
  });

  test('a JSON read takes option("inferSchema", True) and ignores it', async () => {
    const r = await p.runOk('json_infer_option', `d = spark.read.option("inferSchema", True).json("s3://gs-test/json/one/")\nprint(d.dtypes)`);
    assert.deepEqual(await p.printed('json_infer_option', r.id, bodyLine(2)), ["[('a', 'bigint'), ('b', 'string')]"]);
  });
});
