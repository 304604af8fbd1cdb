/**
 * The refusal of `spark.read.csv` with inferSchema over a column of dates says what to write instead — and what it
 * says must run: it advised `.schema("…")`, a DDL string, which the local engine refuses in turn ("the schema must be
 * a StructType of StructFields"); it now names the StructType form. Read with that schema, a `yyyy-MM-dd` value is a
 * date and an empty field null: Spark's CSV data source options, `dateFormat` "yyyy-MM-dd" by default, `nullValue`
 * "" by default (Spark SQL guide, "CSV Files", Data Source Option).
 * A DDL-formatted schema string is the same schema: DataFrameReader.schema takes "a pyspark.sql.types.StructType
 * object or a DDL-formatted string (For example col0 INT, col1 DOUBLE)" (the PySpark API reference); Spark's type
 * names there include the synonyms INTEGER, LONG and DECIMAL(p,s) (Spark SQL reference, "Data Types"). A string with
 * types the local engine does not read this way (nested ones) is refused by name, as it was.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyLine, glueStudioProject, GS_BUCKET, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lh-csvadvice-');
  await p.target.storage.put(GS_BUCKET, 'csv/dates/part-1.csv', Buffer.from('id,day\n1,2024-01-05\n2,\n'));
});
after(() => p.close());

describe('spark.read.csv with inferSchema over dates: the advice given runs', () => {
  test('the refusal names the StructType form, not a DDL string', async () => {
    const r = await p.run('csv_dates_infer', `df = spark.read.option("header", "true").option("inferSchema", "true").csv("s3://${GS_BUCKET}/csv/dates/")\ndf.show()\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /the column day .*give the reader a schema \(\.schema\(StructType\(\[StructField\("…", DateType\(\), True\), …\]\)\)\)/);
  });

  test('the advised form reads the dates, an empty field null', async () => {
    const r = await p.runOk(
      'csv_dates_schema',
      `from pyspark.sql.types import StructType, StructField, IntegerType, DateType
df = spark.read.option("header", "true").schema(StructType([StructField("id", IntegerType(), True), StructField("day", DateType(), True)])).csv("s3://${GS_BUCKET}/csv/dates/")
df.orderBy("id").show()
`,
    );
    assert.deepEqual(await p.printed('csv_dates_schema', r.id, bodyLine(3)), ['+---+----------+', '| id|       day|', '+---+----------+', '|  1|2024-01-05|', '|  2|      null|', '+---+----------+']);
  });
});

describe('spark.read with a DDL-formatted schema string', () => {
  test('"id INT, day DATE" reads as the StructType of those fields does', async () => {
    const r = await p.runOk(
      'csv_dates_ddl',
      `df = spark.read.option("header", "true").schema("id INT, day DATE").csv("s3://${GS_BUCKET}/csv/dates/")
print(df.dtypes)
df.orderBy("id").show()
e = spark.read.csv("s3://${GS_BUCKET}/csv/dates/", header=True, schema="\`id\` LONG, day STRING")
print(e.dtypes)
`,
    );
    assert.deepEqual(await p.printed('csv_dates_ddl', r.id, bodyLine(2)), ["[('id', 'int'), ('day', 'date')]"]);
    assert.deepEqual(await p.printed('csv_dates_ddl', r.id, bodyLine(3)), ['+---+----------+', '| id|       day|', '+---+----------+', '|  1|2024-01-05|', '|  2|      null|', '+---+----------+']);
    assert.deepEqual(await p.printed('csv_dates_ddl', r.id, bodyLine(5)), ["[('id', 'bigint'), ('day', 'string')]"]);
  });

  test('a nested type in the string is refused by name', async () => {
    const r = await p.run('csv_ddl_nested', `df = spark.read.schema("id INT, tags ARRAY<STRING>").csv("s3://${GS_BUCKET}/csv/dates/")\ndf.show()\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /DataFrameReader\.schema with schema "id INT, tags ARRAY<STRING>" cannot run on the local engine: a DDL schema string is read here as "name type, …" of simple types/);
  });
});
