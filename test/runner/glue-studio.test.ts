/**
 * Glue Studio's nodes and the PySpark around them, run by the local runner over small hand-made data
 * (test/fixtures/glue-studio/project/data): each script is written in the shape Glue Studio generates (the shapes
 * are those of the public scripts in test/fixtures/glue-public and the AWS Glue developer guide, cited per test), and
 * the expected rows are worked out by hand from the data, never by the code under test.
 *
 * The data, by hand:
 *   customers (JSON keys in camelCase; the catalog declares lower-case columns and `timestamp timestamp`):
 *     Ann  ann@example.com  consent 1655564100000  timeStamp 1655564444103
 *     Bob  bob@example.com  consent 0              timeStamp 1655564444104
 *     Cid  cid@example.com  (no consent key)       timeStamp 1655564444105
 *     Dee  dee@example.com  consent 1655564500000  timeStamp 1655564444106
 *   readings (keys user, time, x; the catalog declares `timestamp` and `x` and forgot `user`):
 *     ann t1 x1.0, ann t2 x-0.5, bob t3 x0.0, cid t4 x2.5, eve t5 x7.0
 *   flags: id1 flag 0, id2 flag null, id3 (no flag key), id4 flag 5
 *   orders (read with from_options): nested customer.address structs, tags arrays, dotted ips, names
 *     1 Ann Oslo/0150  tags [a, b]  ip 54.240.197.238  first Ann  last Lee   nick "NA"
 *     2 Bob Rome/00100 tags []      ip 192.168         first Bob  last null  nick Bobby
 *     3 Cid Lima/15001 tags null    ip 10.0.0.1        first null last Moe   nick C
 *   providers (the catalog declares provider string): 1 provider 123, 2 provider "ABC", 3 (no provider key),
 *     4 provider 456 — a ChoiceType (long, string) for a DynamicFrame
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTables } from '../../src/core/actions/tables';
import type { JobRun } from '../../src/core/model';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local';
import { jsonRows, sorted } from './harness';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'glue-studio', 'project');
const BUCKET = 'gs-test';

/** The header of every script Glue Studio generates (imports, job arguments, contexts), as in its exported scripts. */
const HEADER = `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.dynamicframe import DynamicFrame
from awsgluedq.transforms import EvaluateDataQuality
from pyspark.sql import functions as SqlFuncs
import re

args = getResolvedOptions(sys.argv, ['JOB_NAME'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)
`;

const CUSTOMERS = `# Script generated for node Customer Landing
CustomerLanding_node1 = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="customer_landing", transformation_ctx="CustomerLanding_node1")
`;
/**
 * customers.json's shareWithResearchAsOfDate holds 0 (an int) and epoch milliseconds (longs): a choice of int and
 * long to Glue's reader (SuperCowPowers/workbench issue #287), which toDF() makes a struct of one field per type (the
 * Scala DynamicFrame class, def toDF); the DataFrame tests resolve it first, as a script over such data would
 */
const CUSTOMERS_RESOLVED = `${CUSTOMERS}CustomerLanding_node1 = CustomerLanding_node1.resolveChoice(specs=[("shareWithResearchAsOfDate", "cast:long")])
`;
const READINGS = `# Script generated for node Reading Landing
ReadingLanding_node2 = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing", transformation_ctx="ReadingLanding_node2")
`;
const sink = (frame: string, out: string) =>
  `# Script generated for node Amazon S3
AmazonS3_node9 = glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/${out}/", "partitionKeys": []}, transformation_ctx="AmazonS3_node9")
job.commit()
`;

let root: string;
let target: LocalTarget;

async function run(name: string, body: string): Promise<{ run: JobRun; log: string; text: string }> {
  const text = `${HEADER}\n${body}`;
  await fs.writeFile(path.join(root, 'glue-scripts', `${name}.py`), text);
  const started = await target.jobs.start(name);
  const r = await target.jobs.wait(name, started.id);
  return { run: r, log: (await target.jobs.logs(name, r.id)).join('\n'), text };
}

async function runOk(name: string, body: string): Promise<{ run: JobRun; log: string; text: string }> {
  const r = await run(name, body);
  if (r.run.state !== 'SUCCEEDED') assert.fail(`${name}: ${r.run.state} ${r.run.errorMessage ?? ''}\n${r.log}`);
  return r;
}

/**
 * The rows a job wrote, keys lower-cased: the local writer writes lower-case keys (writer.ts, so the files match the
 * catalog's columns), which is the writer's business, not the translation's tested here.
 */
const out = async (name: string) =>
  (await jsonRows(path.join(root, '.lakehouse', 's3', BUCKET, 'out', name))).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])));

/** 1-based line of the first line of `text` holding `needle` (plain text search). */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-glue-studio-'));
  await fs.cp(FIXTURE, root, { recursive: true });
  // the scripts' folder is empty in the fixture, and git keeps no empty folders
  await fs.mkdir(path.join(root, 'glue-scripts'), { recursive: true });
  const project = await loadProject(root);
  target = await LocalTarget.open(project, { threads: 2 });
  await createTables(project, target);
  await target.storage.createBucket(BUCKET);
  for (const [key, file] of [
    ['customers/landing/customers-1.json', 'customers.json'],
    ['readings/landing/readings-1.json', 'readings.json'],
    ['flags/landing/flags-1.json', 'flags.json'],
    ['orders/landing/orders-1.json', 'orders.json'],
    ['providers/landing/providers-1.json', 'providers.json'],
  ] as const)
    await target.storage.put(BUCKET, key, await fs.readFile(path.join(root, 'data', file)));
});
after(async () => {
  await target.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe("Glue's schema on read (from_catalog over JSON)", () => {
  // "AWS Glue DynamicFrames … each record is self-describing, so no schema is required initially" (AWS Glue developer
  // guide, DynamicFrame class); from_catalog reads the table's files with Glue's JSON reader
  test('a declared `timestamp timestamp` over epoch numbers neither fails nor casts: the records keep their fields and types', async () => {
    await runOk('schema_on_read', `${CUSTOMERS}\n${sink('CustomerLanding_node1', 'schema_on_read')}`);
    const rows = sorted(await out('schema_on_read'));
    assert.equal(rows.length, 4);
    const ann = rows.find((r) => r['email'] === 'ann@example.com')!;
    // the data's values, not cast to the catalog's `timestamp timestamp`
    assert.equal(ann['timestamp'], 1655564444103);
    assert.equal(ann['customername'], 'Ann Lee');
    assert.equal(ann['sharewithresearchasofdate'], 1655564100000);
    // Cid's record has no consent key: the field is not set (null) in the output
  });

  test('the fields of every record of every file: a key only the 40th file holds is a field (DuckDB alone would infer from the first 32 files)', async () => {
    for (let i = 1; i <= 40; i++)
      await target.storage.put(BUCKET, `many/landing/part-${String(i).padStart(2, '0')}.json`, Buffer.from(i === 40 ? '{"id":40,"late":"x"}\n' : `{"id":${i}}\n`));
    await runOk('many_files', `Many_node1 = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="many_landing")\n${sink('Many_node1', 'many_files')}`);
    const rows = await out('many_files');
    assert.equal(rows.length, 40);
    assert.deepEqual(rows.filter((r) => r['late'] !== undefined && r['late'] !== null).map((r) => ({ id: r['id'], late: r['late'] })), [{ id: 40, late: 'x' }]);
    // the fields inferred are remembered for these files only: a file added with a new key is read with it
    await target.storage.put(BUCKET, 'many/landing/part-41.json', Buffer.from('{"id":41,"later":"y"}\n'));
    await runOk('many_files_again', `Many_node1 = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="many_landing")\n${sink('Many_node1', 'many_files_again')}`);
    const again = await out('many_files_again');
    assert.equal(again.length, 41);
    const noNulls = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null));
    assert.deepEqual(again.filter((r) => r['later'] !== undefined && r['later'] !== null).map(noNulls), [{ id: 41, later: 'y' }]);
  });

  test('a join on a field the DDL forgot (`user`) finds it in the data', async () => {
    const body = `${CUSTOMERS}${READINGS}
# Script generated for node Join
Join_node3 = Join.apply(frame1=ReadingLanding_node2, frame2=CustomerLanding_node1, keys1=["user"], keys2=["email"], transformation_ctx="Join_node3")
${sink('Join_node3', 'join_user')}`;
    await runOk('join_user', body);
    // readings of known customers: ann t1, ann t2, bob t3, cid t4 (eve has no customer)
    assert.deepEqual(sorted((await out('join_user')).map((r) => [r['user'], r['time'], r['customername']])), sorted([
      ['ann@example.com', 1, 'Ann Lee'],
      ['ann@example.com', 2, 'Ann Lee'],
      ['bob@example.com', 3, 'Bob Ray'],
      ['cid@example.com', 4, 'Cid Moe'],
    ]));
  });
});

describe('the Filter node (Filter.apply with the lambda Glue Studio generates)', () => {
  // Glue Studio's Filter node for "shareWithResearchAsOfDate != 0" generates `not(row[…] == 0)` (e.g. the STEDI
  // solutions in test/fixtures/glue-public); awsglue/dynamicframe.py `filter` drops a record whose predicate raises
  // KeyError, ValueError or TypeError
  test('not(row["k"] == 0): a record without the key raises KeyError and is dropped; 0 is dropped; the rest kept', async () => {
    const body = `${CUSTOMERS}
# Script generated for node Filter
Filter_node3 = Filter.apply(frame=CustomerLanding_node1, f=lambda row: (not(row["shareWithResearchAsOfDate"] == 0)), transformation_ctx="Filter_node3")
${sink('Filter_node3', 'filter_consent')}`;
    await runOk('filter_consent', body);
    assert.deepEqual(sorted((await out('filter_consent')).map((r) => r['email'])), ['ann@example.com', 'dee@example.com']);
  });

  test('a key that is null in one record and missing in another: the run stops, naming the lambda and what to write', async () => {
    const body = `flags = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="flag_landing")
kept = Filter.apply(frame=flags, f=lambda row: (not(row["flag"] == 0)))
${sink('kept', 'flags_undecided')}`;
    const r = await run('flags_undecided', body);
    assert.equal(r.run.state, 'FAILED');
    const line = lineOf(r.text, 'kept = Filter.apply');
    assert.match(r.run.errorMessage ?? '', new RegExp(`flags_undecided\\.py:${line}:\\d+: the function given to Filter\\.apply cannot run on the local engine: a record has no value for flag`));
    assert.match(r.run.errorMessage ?? '', /row\["flag"\] is not None and/);
    assert.deepEqual(await out('flags_undecided'), []);
  });

  test('testing the key first decides every record: is not None and != 0', async () => {
    const body = `flags = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="flag_landing")
kept = Filter.apply(frame=flags, f=lambda row: row["flag"] is not None and row["flag"] != 0)
${sink('kept', 'flags_decided')}`;
    await runOk('flags_decided', body);
    // id1 (0) fails !=, id2 (None) and id3 (KeyError) fail the first test; id4 (5) passes
    assert.deepEqual(await out('flags_decided'), [{ id: 4, flag: 5 }]);
  });

  test('comparisons, re.match, in, len and a def with if/return, as Glue Studio and people write them', async () => {
    // Glue Studio's string "matches" condition: bool(re.match("…", row["…"])) (re.match anchors at the start)
    const body = `${READINGS}
def keep(row):
    if row["x"] >= 2.5:
        return True
    return row["user"] in ["ann@example.com"] and len(row["user"]) > 3

Filter_node3 = Filter.apply(frame=ReadingLanding_node2, f=lambda row: (bool(re.match("[a-c]", row["user"]))), transformation_ctx="Filter_node3")
Filter_node4 = Filter.apply(frame=Filter_node3, f=keep, transformation_ctx="Filter_node4")
${sink('Filter_node4', 'filter_python')}`;
    await runOk('filter_python', body);
    // re.match("[a-c]"): ann, ann, bob, cid (eve out); keep: x >= 2.5 → cid; else user in [ann] → ann t1, ann t2
    assert.deepEqual(sorted((await out('filter_python')).map((r) => r['time'])), [1, 2, 4]);
  });
});

describe('Glue Studio nodes that generate helpers or DataFrame code', () => {
  test('Aggregate (the sparkAggregate helper): columns named as Spark names them', async () => {
    // the helper exactly as Glue Studio generates it (see test/fixtures/glue-public for scripts holding it)
    const body = `def sparkAggregate(glueContext, parentFrame, groups, aggs, transformation_ctx) -> DynamicFrame:
    aggsFuncs = []
    for column, func in aggs:
        aggsFuncs.append(getattr(SqlFuncs, func)(column))
    result = parentFrame.toDF().groupBy(*groups).agg(*aggsFuncs) if len(groups) > 0 else parentFrame.toDF().agg(*aggsFuncs)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)

${READINGS}
# Script generated for node Aggregate
Aggregate_node3 = sparkAggregate(glueContext, parentFrame = ReadingLanding_node2, groups = ["user"], aggs = [["x", "sum"], ["x", "count"], ["time", "max"]], transformation_ctx = "Aggregate_node3")
${sink('Aggregate_node3', 'aggregate')}`;
    await runOk('aggregate', body);
    assert.deepEqual(sorted(await out('aggregate')), sorted([
      { user: 'ann@example.com', 'sum(x)': 0.5, 'count(x)': 1 + 1, 'max(time)': 2 },
      { user: 'bob@example.com', 'sum(x)': 0.0, 'count(x)': 1, 'max(time)': 3 },
      { user: 'cid@example.com', 'sum(x)': 2.5, 'count(x)': 1, 'max(time)': 4 },
      { user: 'eve@example.com', 'sum(x)': 7.0, 'count(x)': 1, 'max(time)': 5 },
    ]));
  });

  test('Join of type "leftanti" and "left" (the DataFrame code Glue Studio generates for them)', async () => {
    const join = (how: string, node: string) => `# Script generated for node Join
CustomerLanding_node1DF = CustomerLanding_node1.toDF()
ReadingLanding_node2DF = ReadingLanding_node2.toDF()
${node} = DynamicFrame.fromDF(CustomerLanding_node1DF.join(ReadingLanding_node2DF, (CustomerLanding_node1DF['email'] == ReadingLanding_node2DF['user']), "${how}"), glueContext, "${node}")
`;
    await runOk('join_anti', `${CUSTOMERS_RESOLVED}${READINGS}${join('leftanti', 'Join_node3')}${sink('Join_node3', 'join_anti')}`);
    // customers without readings: Dee
    assert.deepEqual((await out('join_anti')).map((r) => r['email']), ['dee@example.com']);
    await runOk('join_left', `${CUSTOMERS_RESOLVED}${READINGS}${join('left', 'Join_node3')}${sink('Join_node3', 'join_left')}`);
    // unresolved, the choice of int and long becomes at toDF() the struct Glue documents ("this method automatically
    // converts ChoiceType columns into StructTypes", the Scala DynamicFrame class): a field per type, int and long
    await runOk('join_choice', `${CUSTOMERS}${READINGS}${join('left', 'Join_node3')}${sink('Join_node3', 'join_choice')}`);
    const members = (await out('join_choice')).flatMap((r) => Object.entries((r['sharewithresearchasofdate'] ?? {}) as Record<string, unknown>).filter(([, v]) => v !== null).map(([k]) => k));
    assert.deepEqual([...new Set(members)].sort(), ['int', 'long']);
    // Ann ×2, Bob, Cid, and Dee with no reading
    assert.deepEqual(sorted((await out('join_left')).map((r) => [r['email'], r['time'] ?? null])), sorted([
      ['ann@example.com', 1],
      ['ann@example.com', 2],
      ['bob@example.com', 3],
      ['cid@example.com', 4],
      ['dee@example.com', null],
    ]));
  });

  test('Union (the sparkUnion helper), ALL and DISTINCT', async () => {
    const helper = `def sparkUnion(glueContext, unionType, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql("(select * from source1) UNION " + unionType + " (select * from source2)")
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)
`;
    const body = (type: string, name: string) => `${helper}\n${READINGS}
Union_node3 = sparkUnion(glueContext, unionType = "${type}", mapping = {"source1": ReadingLanding_node2, "source2": ReadingLanding_node2}, transformation_ctx = "Union_node3")
${sink('Union_node3', name)}`;
    await runOk('union_all', body('ALL', 'union_all'));
    assert.equal((await out('union_all')).length, 10);
    await runOk('union_distinct', body('DISTINCT', 'union_distinct'));
    assert.equal((await out('union_distinct')).length, 5);
  });

  test('Derived Column and Concatenate Columns (gs_derived, gs_concat)', async () => {
    const body = `${READINGS}
# Script generated for node Derived Column
DerivedColumn_node3 = ReadingLanding_node2.gs_derived(colName="x10", expr="x * 10")
# Script generated for node Concatenate Columns
ConcatenateColumns_node4 = DerivedColumn_node3.gs_concat(colName="key", colList=["user", "time"], spacer="#")
${sink('ConcatenateColumns_node4', 'derived')}`;
    await runOk('derived', body);
    const rows = await out('derived');
    const cid = rows.find((r) => r['time'] === 4)!;
    assert.equal(cid['x10'], 25);
    assert.equal(cid['key'], 'cid@example.com#4');
  });
});

describe('DataFrame code around the nodes', () => {
  test("a frame's field names (df.columns) in select and drop, as MazeParty/d609's jobs use them", async () => {
    // MazeParty/d609: customer_trusted_to_curated.py selects [f"cust.{col}" for col in customers_df.columns] after a
    // join of aliased frames; accelerometer_landing_to_trusted.py drops *[col for col in customers_df.columns if
    // col != "email"]; step_trainer_trusted.py selects step_trainer_df.columns
    const body = `${CUSTOMERS_RESOLVED}${READINGS}
readings = ReadingLanding_node2.toDF()
customers = CustomerLanding_node1.toDF()
rd = readings.alias("rd")
cust = customers.alias("cust")
joined = rd.join(cust, rd["user"] == cust["email"], "inner")
only_readings = joined.select([f"rd.{col}" for col in readings.columns])
with_email = joined.drop(*[col for col in customers.columns if col != "email"])
same = readings.select(readings.columns)
AmazonS3_node7 = glueContext.write_dynamic_frame.from_options(frame=DynamicFrame.fromDF(only_readings, glueContext, "a"), connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/columns_select/"})
AmazonS3_node8 = glueContext.write_dynamic_frame.from_options(frame=DynamicFrame.fromDF(with_email, glueContext, "b"), connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/columns_drop/"})
${sink('DynamicFrame.fromDF(same, glueContext, "c")', 'columns_same')}`;
    await runOk('columns', body);
    // readings of known customers (ann t1, ann t2, bob t3, cid t4), with the readings' fields user, time, x
    assert.deepEqual(sorted(await out('columns_select')), sorted([
      { user: 'ann@example.com', time: 1, x: 1.0 },
      { user: 'ann@example.com', time: 2, x: -0.5 },
      { user: 'bob@example.com', time: 3, x: 0.0 },
      { user: 'cid@example.com', time: 4, x: 2.5 },
    ]));
    // the readings' fields and the customers' email (every other customer field dropped)
    assert.deepEqual(sorted((await out('columns_drop')).map((r) => Object.keys(r).sort().join(','))), ['email,time,user,x', 'email,time,user,x', 'email,time,user,x', 'email,time,user,x']);
    assert.equal((await out('columns_same')).length, 5);
  });

  test('toDF, filter with a Column, withColumn, withColumnRenamed, drop, fromDF', async () => {
    const body = `from pyspark.sql.functions import col
${READINGS}
df = ReadingLanding_node2.toDF()
df2 = df.filter(col("x") > 0).withColumn("double_x", col("x") * 2).withColumnRenamed("user", "email").drop("time")
out = DynamicFrame.fromDF(df2, glueContext, "out")
${sink('out', 'dataframe')}`;
    await runOk('dataframe', body);
    assert.deepEqual(sorted(await out('dataframe')), sorted([
      { email: 'ann@example.com', x: 1.0, double_x: 2.0 },
      { email: 'cid@example.com', x: 2.5, double_x: 5.0 },
      { email: 'eve@example.com', x: 7.0, double_x: 14.0 },
    ]));
  });

  test('createOrReplaceTempView + spark.sql, groupBy().agg() with aliases, orderBy and limit', async () => {
    const body = `from pyspark.sql import functions as F
${READINGS}
ReadingLanding_node2.toDF().createOrReplaceTempView("readings")
top = spark.sql("select user, max(x) as best from readings group by user").orderBy(F.col("best").desc()).limit(2)
per_user = ReadingLanding_node2.toDF().groupBy("user").agg(F.count("*").alias("n"), F.avg("x").alias("mean_x"))
joined = top.join(per_user, on="user", how="inner")
out = DynamicFrame.fromDF(joined, glueContext, "out")
${sink('out', 'spark_sql')}`;
    await runOk('spark_sql', body);
    // the two best users: eve (7.0) and cid (2.5), one reading each
    assert.deepEqual(sorted(await out('spark_sql')), sorted([
      { user: 'eve@example.com', best: 7.0, n: 1, mean_x: 7.0 },
      { user: 'cid@example.com', best: 2.5, n: 1, mean_x: 2.5 },
    ]));
  });

  test('print and the Glue logger write to the run log, with the counts they print', async () => {
    const body = `${READINGS}
logger = glueContext.get_logger()
n = ReadingLanding_node2.count()
print("readings:", n)
logger.info(f"counted {n} readings in {args['JOB_NAME']}")
${sink('ReadingLanding_node2', 'logged')}`;
    const r = await runOk('logged', body);
    assert.match(r.log, new RegExp(`line ${lineOf(r.text, 'print(')}: readings: 5`));
    assert.match(r.log, new RegExp(`line ${lineOf(r.text, 'logger.info')}: INFO counted 5 readings in logged`));
  });

  test("print(df.columns): the frame's field names when the job runs, as Python prints a list", async () => {
    const body = `${READINGS}
df = ReadingLanding_node2.toDF()
print("columns:", df.columns)
print(f"kept {[c for c in df.columns if c != 'x']}")
${sink('ReadingLanding_node2', 'columns')}`;
    const r = await runOk('columns', body);
    // readings.json's keys, in the order of its records
    assert.match(r.log, new RegExp(`line ${lineOf(r.text, 'print("columns:"')}: columns: \\['user', 'time', 'x'\\]$`, 'm'));
    assert.match(r.log, new RegExp(`line ${lineOf(r.text, 'print(f"kept')}: kept \\['user', 'time'\\]$`, 'm'));
  });

  test('print(df): PySpark\'s repr, DataFrame[name: type, …] with the types of its dtypes', async () => {
    // pyspark/sql/dataframe.py __repr__ (not eager): "DataFrame[%s]" % ", ".join("%s: %s" % c for c in self.dtypes)
    const body = `${READINGS}
df = ReadingLanding_node2.toDF()
print(df)
${sink('ReadingLanding_node2', 'df_repr')}`;
    const r = await runOk('df_repr', body);
    assert.match(r.log, new RegExp(`line ${lineOf(r.text, 'print(df)')}: DataFrame\\[user: string, time: int, x: double\\]$`, 'm'));
  });

  test("printSchema: a DynamicFrame's as Glue draws it, a DataFrame's as Spark does", async () => {
    // Glue: `root` then `|-- name: type` (the legislators sample's persons.printSchema() output, AWS Glue developer
    // guide, awsdocs/aws-glue-developer-guide doc_source/aws-glue-programming-python-samples-legislators.md; the same
    // form in awslabs/aws-glue-libs issue #6); Spark: ` |-- name: type (nullable = true)`
    const body = `${READINGS}
ReadingLanding_node2.printSchema()
ReadingLanding_node2.toDF().printSchema()
${sink('ReadingLanding_node2', 'schemas')}`;
    const r = await runOk('schemas', body);
    const at = (needle: string) => `line ${lineOf(r.text, needle)}: `;
    const dyf = at('ReadingLanding_node2.printSchema()');
    const df = at('ReadingLanding_node2.toDF().printSchema()');
    // readings.json: user text, time whole numbers that fit in 32 bits — an int to Glue's reader (the legislators
    // sample's `|-- seats: int`), an IntegerType in the DataFrame (Spark's simpleString `integer` in a printed schema,
    // `int` in dtypes) — x decimals
    const linesOf = (prefix: string) => r.log.split('\n').flatMap((l) => (l.includes(prefix) ? [l.slice(l.indexOf(prefix) + prefix.length)] : []));
    assert.deepEqual(linesOf(dyf), ['root', '|-- user: string', '|-- time: int', '|-- x: double']);
    assert.deepEqual(linesOf(df), ['root', ' |-- user: string (nullable = true)', ' |-- time: integer (nullable = true)', ' |-- x: double (nullable = true)']);
  });
});

describe('Evaluate Data Quality', () => {
  // the node and the assert Glue Studio generates for "Fail job when data quality fails" (the Glue Studio scripts
  // in test/fixtures/glue-public; EvaluateDataQuality class in the AWS Glue developer guide)
  const dq = (rules: string, name: string) => `${READINGS}
# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node3_ruleset = """
    Rules = [
        ${rules}
    ]
"""
EvaluateDataQuality_node3 = EvaluateDataQuality().process_rows(frame=ReadingLanding_node2, ruleset=EvaluateDataQuality_node3_ruleset, publishing_options={"dataQualityEvaluationContext": "EvaluateDataQuality_node3", "enableDataQualityResultsPublishing": True}, additional_options={"dataQualityResultsPublishing.strategy": "BEST_EFFORT", "observations.scope": "ALL"})
assert EvaluateDataQuality_node3[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda x: x["Outcome"] == "Failed").count() == 0, "The job failed due to failing DQ rules for node: ReadingLanding_node2"
originalData_node4 = SelectFromCollection.apply(dfc=EvaluateDataQuality_node3, key="originalData", transformation_ctx="originalData_node4")
${sink('originalData_node4', name)}`;

  test('rules that pass: the outcomes are in the log, the assert holds, the data is written', async () => {
    const r = await runOk('dq_pass', dq('RowCount = 5,\n        IsComplete "user"', 'dq_pass'));
    assert.match(r.log, /Passed: RowCount = 5/);
    assert.match(r.log, /Passed: IsComplete "user"/);
    assert.match(r.log, /assert \(line \d+\): 0 == 0 — holds/);
    assert.equal((await out('dq_pass')).length, 5);
    // recorded with the run (JobRun.dataQuality), as lakehouse jobs and logs show them
    assert.deepEqual(
      r.run.dataQuality?.map((e) => [e.context, e.score, e.rules.map((x) => x.outcome)]),
      [['EvaluateDataQuality_node3', 1, ['Passed', 'Passed']]],
    );
  });

  test("a failing rule fails the job at the assert with Glue Studio's message, and nothing is written", async () => {
    const r = await run('dq_fail', dq('RowCount > 100', 'dq_fail'));
    assert.equal(r.run.state, 'FAILED');
    assert.equal(r.run.errorLine, lineOf(r.text, 'assert EvaluateDataQuality_node3'));
    assert.match(r.run.errorMessage ?? '', /AssertionError: The job failed due to failing DQ rules for node: ReadingLanding_node2/);
    assert.match(r.log, /Failed: RowCount > 100/);
    assert.deepEqual(await out('dq_fail'), []);
  });
});

describe("Glue Studio's Conditional Router and Join's key forms", () => {
  // the helper (GroupFilter, apply_group_filter, threadedRoute) exactly as Glue Studio generates it for a Conditional
  // Router node (test/fixtures/glue-public TrainMeCloud/testpythonpush scripts/conditionalrouter.py; AWS Glue
  // developer guide, "Using a Conditional Router transform")
  const ROUTER = `from awsglue.dynamicframe import DynamicFrameCollection
import concurrent.futures

class GroupFilter:
      def __init__(self, name, filters):
        self.name = name
        self.filters = filters

def apply_group_filter(source_DyF, group):
    return(Filter.apply(frame = source_DyF, f = group.filters))

def threadedRoute(glue_ctx, source_DyF, group_filters) -> DynamicFrameCollection:
    dynamic_frames = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:
        future_to_filter = {executor.submit(apply_group_filter, source_DyF, gf): gf for gf in group_filters}
        for future in concurrent.futures.as_completed(future_to_filter):
            gf = future_to_filter[future]
            if future.exception() is not None:
                print('%r generated an exception: %s' % (gf, future.exception()))
            else:
                dynamic_frames[gf.name] = future.result()
    return DynamicFrameCollection(dynamic_frames, glue_ctx)
`;

  test('each group is the Filter of its lambda; the default group is the negation Glue Studio writes', async () => {
    const body = `${ROUTER}${READINGS}
# Script generated for node Conditional Router
ConditionalRouter_node3 = threadedRoute(glueContext,
  source_DyF = ReadingLanding_node2,
  group_filters = [GroupFilter(name = "positive", filters = lambda row: (row["x"] > 0)), GroupFilter(name = "default_group", filters = lambda row: (not(row["x"] > 0)))])

# Script generated for node positive
positive_node4 = SelectFromCollection.apply(dfc=ConditionalRouter_node3, key="positive", transformation_ctx="positive_node4")

# Script generated for node default_group
default_group_node5 = SelectFromCollection.apply(dfc=ConditionalRouter_node3, key="default_group", transformation_ctx="default_group_node5")
AmazonS3_node6 = glueContext.write_dynamic_frame.from_options(frame=positive_node4, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/router_positive/", "partitionKeys": []}, transformation_ctx="AmazonS3_node6")
${sink('default_group_node5', 'router_default')}`;
    await runOk('router', body);
    // x: t1 1.0, t2 -0.5, t3 0.0, t4 2.5, t5 7.0 → x > 0: t1, t4, t5; the rest: t2, t3
    assert.deepEqual(sorted((await out('router_positive')).map((r) => r['time'])), [1, 4, 5]);
    assert.deepEqual(sorted((await out('router_default')).map((r) => r['time'])), [2, 3]);
  });

  test('a class that does more than hold values is still refused by name', async () => {
    const body = `${READINGS}
class Doubler:
    def __init__(self, k):
        self.k = k * 2
${sink('ReadingLanding_node2', 'class_refused')}`;
    const r = await run('class_refused', body);
    assert.equal(r.run.state, 'FAILED');
    assert.match(r.run.errorMessage ?? '', new RegExp(`class_refused\\.py:${lineOf(r.text, 'class Doubler')}:1: the class Doubler cannot run on the local engine`));
  });

  test('keys1 and keys2 given as one string each: one key (awsglue/dynamicframe.py join wraps a string in a list)', async () => {
    const body = `${CUSTOMERS}${READINGS}
Join_node3 = Join.apply(frame1=ReadingLanding_node2, frame2=CustomerLanding_node1, keys1="user", keys2="email", transformation_ctx="Join_node3")
${sink('Join_node3', 'join_string_keys')}`;
    await runOk('join_string_keys', body);
    // as the list form: ann t1, ann t2, bob t3, cid t4
    assert.deepEqual(sorted((await out('join_string_keys')).map((r) => r['time'])), [1, 2, 3, 4]);
  });

  test('a number key against a string key: no record matches while no string holds a number; refused when one does', async () => {
    // MaximilianLutz/stedi-lakehouse machine_learning.py joins sensorReadingTime (a number) to an e-mail
    const none = `${CUSTOMERS}${READINGS}
Join_node3 = Join.apply(frame1=ReadingLanding_node2, frame2=CustomerLanding_node1, keys1=["time"], keys2=["email"], transformation_ctx="Join_node3")
${sink('Join_node3', 'join_number_email')}`;
    await runOk('join_number_email', none);
    assert.deepEqual(await out('join_number_email'), []);
    const some = `${READINGS}
AsText_node3 = ApplyMapping.apply(frame=ReadingLanding_node2, mappings=[("time", "long", "t", "string")], transformation_ctx="AsText_node3")
Join_node4 = Join.apply(frame1=ReadingLanding_node2, frame2=AsText_node3, keys1=["time"], keys2=["t"], transformation_ctx="Join_node4")
${sink('Join_node4', 'join_number_text')}`;
    const r = await run('join_number_text', some);
    assert.equal(r.run.state, 'FAILED');
    assert.match(r.run.errorMessage ?? '', new RegExp(`join_number_text\\.py:${lineOf(r.text, 'Join_node4 =')}:\\d+: Join on time = t cannot run on the local engine: it compares the string field t with a number field`));
  });
});

describe("Glue Studio's visual transforms on nested data (gs_flatten, gs_explode, gs_split, gs_array_to_cols, gs_concat)", () => {
  // the calls as Glue Studio generates them (public scripts found by their "# Script generated for node" comments:
  // gs_flatten(maxLevels=0), gs_explode(colName=…, newCol=…, outer=True), gs_split(colName=…, pattern=…,
  // newColName=…), gs_array_to_cols(colName=…, colList="a, b"), gs_concat(colName=…, colList=[…], spacer=…));
  // semantics from each transform's page in the AWS Glue developer guide
  const ORDERS = `Orders_node1 = glueContext.create_dynamic_frame.from_options(format_options={"multiline": False}, connection_type="s3", format="json", connection_options={"paths": ["s3://${BUCKET}/orders/landing/"], "recurse": True}, transformation_ctx="Orders_node1")
`;

  test('Flatten: struct fields become top-level fields named by their path; maxLevels=1 stops at the first level', async () => {
    await runOk('flatten_all', `${ORDERS}Flatten_node2 = Orders_node1.gs_flatten(maxLevels=0)\n${sink('Flatten_node2', 'flatten_all')}`);
    const rows = sorted(await out('flatten_all'));
    assert.deepEqual(
      rows.map((r) => [r['id'], r['customer.name'], r['customer.address.city'], r['customer.address.zip']]),
      [
        [1, 'Ann', 'Oslo', '0150'],
        [2, 'Bob', 'Rome', '00100'],
        [3, 'Cid', 'Lima', '15001'],
      ],
    );
    assert.ok(rows.every((r) => !('customer' in r)));
    await runOk('flatten_one', `${ORDERS}Flatten_node2 = Orders_node1.gs_flatten(maxLevels=1)\n${sink('Flatten_node2', 'flatten_one')}`);
    const one = sorted(await out('flatten_one'));
    assert.deepEqual(one.map((r) => [r['customer.name'], r['customer.address']]), [
      ['Ann', { city: 'Oslo', zip: '0150' }],
      ['Bob', { city: 'Rome', zip: '00100' }],
      ['Cid', { city: 'Lima', zip: '15001' }],
    ]);
  });

  test('Explode: a row per element; an empty or null array drops its row unless outer=True (Include NULLs) keeps it with null', async () => {
    await runOk('explode', `${ORDERS}Explode_node2 = Orders_node1.gs_explode(colName="tags", newCol="tag")\n${sink('Explode_node2', 'explode')}`);
    assert.deepEqual(sorted((await out('explode')).map((r) => [r['id'], r['tag'], r['tags']])), [
      [1, 'a', ['a', 'b']],
      [1, 'b', ['a', 'b']],
    ]);
    await runOk('explode_outer', `${ORDERS}Explode_node2 = Orders_node1.gs_explode(colName="tags", newCol="tags", outer=True)\n${sink('Explode_node2', 'explode_outer')}`);
    // into the array's own column: the array is replaced by its element
    assert.deepEqual(sorted((await out('explode_outer')).map((r) => [r['id'], r['tags'] ?? null])), [
      [1, 'a'],
      [1, 'b'],
      [2, null],
      [3, null],
    ]);
  });

  test('Split String then Array To Columns: the pieces by a regular expression, then into columns as far as the array reaches', async () => {
    const body = `${ORDERS}SplitString_node2 = Orders_node1.gs_split(colName="ip", pattern="[.]", newColName="octets")
ArrayToColumns_node3 = SplitString_node2.gs_array_to_cols(colName="octets", colList="o1, o2, o3, o4")
${sink('ArrayToColumns_node3', 'split_cols')}`;
    await runOk('split_cols', body);
    assert.deepEqual(sorted((await out('split_cols')).map((r) => [r['id'], r['octets'], r['o1'], r['o2'], r['o3'] ?? null, r['o4'] ?? null])), [
      [1, ['54', '240', '197', '238'], '54', '240', '197', '238'],
      [2, ['192', '168'], '192', '168', null, null],
      [3, ['10', '0', '0', '1'], '10', '0', '0', '1'],
    ]);
  });

  test('Concatenate Columns: a null value is the empty string (the documented default); the text "NA" is refused when met', async () => {
    await runOk('concat', `${ORDERS}Concat_node2 = Orders_node1.gs_concat(colName="full", colList=["first", "last"], spacer=" ")\n${sink('Concat_node2', 'concat')}`);
    assert.deepEqual(sorted((await out('concat')).map((r) => [r['id'], r['full']])), [
      [1, 'Ann Lee'],
      [2, 'Bob '],
      [3, ' Moe'],
    ]);
    const r = await run('concat_na', `${ORDERS}Concat_node2 = Orders_node1.gs_concat(colName="full", colList=["first", "nick"], spacer="-")\n${sink('Concat_node2', 'concat_na')}`);
    assert.equal(r.run.state, 'FAILED');
    assert.match(r.run.errorMessage ?? '', new RegExp(`concat_na\\.py:${lineOf(r.text, 'Concat_node2 =')}:\\d+: the Concatenate Columns node \\(gs_concat\\) cannot run on the local engine: a value of nick is the text "NA"`));
    assert.deepEqual(await out('concat_na'), []);
  });

  test('Array To Columns with indexes: refused by name (whether they count from 0 or 1 is not documented)', async () => {
    const body = `${ORDERS}SplitString_node2 = Orders_node1.gs_split(colName="ip", pattern="[.]", newColName="octets")
ArrayToColumns_node3 = SplitString_node2.gs_array_to_cols(colName="octets", colList="o", indexes="1")
${sink('ArrayToColumns_node3', 'cols_indexes')}`;
    const r = await run('cols_indexes', body);
    assert.equal(r.run.state, 'FAILED');
    assert.match(r.run.errorMessage ?? '', /DynamicFrame\.gs_array_to_cols with indexes="1" cannot run on the local engine: whether its positions count from 0 or from 1 is not documented/);
  });
});

describe('ChoiceType and ResolveChoice (a field with numbers in some records and text in others)', () => {
  // AWS Glue developer guide: ResolveChoice class (cast, make_cols → columnA_int/columnA_string, make_struct,
  // project "retaining only values of a specified type", match_catalog) and "Example: Use ResolveChoice to handle a
  // column that contains multiple types" (cast:long makes the strings that are not numbers null)
  const PROVIDERS = `Providers_node1 = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="provider_landing", transformation_ctx="Providers_node1")
`;
  const resolved = async (name: string, call: string) => {
    await runOk(name, `${PROVIDERS}Resolved_node2 = ${call}\n${sink('Resolved_node2', name)}`);
    // top-level nulls left out: whether a sink writes a null field or leaves it out is the writer's business
    return sorted(await out(name)).map((r) => {
      const { id, city, ...rest } = r;
      void city;
      return [id, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null))];
    });
  };

  test('unresolved, the field keeps each record\'s value and type', async () => {
    assert.deepEqual(await resolved('choice_kept', 'Providers_node1'), [
      [1, { provider: 123 }],
      [2, { provider: 'ABC' }],
      [3, {}],
      [4, { provider: 456 }],
    ]);
  });

  test('cast:long: numbers stay, text that is no number becomes null', async () => {
    assert.deepEqual(await resolved('choice_cast', 'ResolveChoice.apply(frame=Providers_node1, specs=[("provider", "cast:long")], transformation_ctx="Resolved_node2")'), [
      [1, { provider: 123 }],
      [2, {}],
      [3, {}],
      [4, { provider: 456 }],
    ]);
  });

  test('project:string keeps the text values only', async () => {
    assert.deepEqual(await resolved('choice_project', 'Providers_node1.resolveChoice(specs=[("provider", "project:string")])'), [[1, {}], [2, { provider: 'ABC' }], [3, {}], [4, {}]]);
  });

  test('make_cols: a field per type, named <field>_<type> (123 and 456 are ints to Glue\'s reader: provider_int)', async () => {
    assert.deepEqual(await resolved('choice_cols', 'Providers_node1.resolveChoice(specs=[("provider", "make_cols")])'), [
      [1, { provider_int: 123 }],
      [2, { provider_string: 'ABC' }],
      [3, {}],
      [4, { provider_int: 456 }],
    ]);
  });

  test('make_struct: a struct with a field per type', async () => {
    assert.deepEqual(await resolved('choice_struct', 'Providers_node1.resolveChoice(choice="make_struct")'), [
      [1, { provider: { int: 123, string: null } }],
      [2, { provider: { int: null, string: 'ABC' } }],
      [3, {}],
      [4, { provider: { int: 456, string: null } }],
    ]);
  });

  test("match_catalog: cast to the type the catalog declares (provider string)", async () => {
    assert.deepEqual(await resolved('choice_catalog', 'Providers_node1.resolveChoice(choice="match_catalog", database="lake", table_name="provider_landing")'), [
      [1, { provider: '123' }],
      [2, { provider: 'ABC' }],
      [3, {}],
      [4, { provider: '456' }],
    ]);
  });
});
