/**
 * SQL expression strings in a job's DataFrame code — `df.filter("…")`/`where("…")`, `selectExpr(…)`, `F.expr(…)`,
 * Glue Studio's Derived Column (`gs_derived(colName=…, expr=…)`) — run as Spark SQL: Spark's functions, coercions,
 * NULL handling and column names, or a refusal naming the script's line and column. Each script runs over small data
 * put in the bucket (read with `from_options`, JSON: whole numbers are longs, text strings), and the expected values
 * come from the cited documentation, worked out by hand:
 * - the PySpark API reference (https://spark.apache.org/docs/3.5.0/api/python/reference/pyspark.sql/): the examples
 *   of DataFrame.filter / DataFrame.where (`df.filter("age > 3")` → Bob, `df.where("age = 2")` → Alice),
 *   DataFrame.selectExpr (`df.selectExpr("age * 2", "abs(age)")` → columns `(age * 2)`, `abs(age)`: 4, 2 / 10, 5) and
 *   functions.expr (`df.select("name", expr("length(name)"))` → column `length(name)`: 5, 3), on their DataFrame
 *   `[(2, "Alice"), (5, "Bob")]` with columns age, name;
 * - the Spark SQL built-in functions reference (https://spark.apache.org/docs/3.5.0/api/sql/, the examples the Spark
 *   conformance suite runs: docs/conformance-spark.md): `date_format('2016-04-08', 'y')` → 2016;
 * - Spark's semantics that DuckDB's own functions do not share: `concat` is NULL when an input is NULL (apache/spark
 *   sql/catalyst/.../expressions/collectionOperations.scala, Concat.eval; PySpark's functions.concat example
 *   `Row(arr=None)`), a string compared with a number is cast to the number (non-ANSI mode, as Glue runs Spark:
 *   `'01' = 1` is true), `/` divides as doubles (Divide: "dividend / divisor. It always performs floating point
 *   division": `3 / 2` → 1.5).
 * Column names are checked in the run's log (`printSchema()` prints them as Spark names them).
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JobRun } from '../../src/core/model';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local';
import { jsonRows, sorted } from './harness';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'glue-studio', 'project');
const BUCKET = 'gs-test';

const HEADER = `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.dynamicframe import DynamicFrame
from pyspark.sql import functions as F
from pyspark.sql.functions import expr

args = getResolvedOptions(sys.argv, ['JOB_NAME'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)
`;

/** a source of JSON lines put under s3://gs-test/<name>/ */
const source = (name: string) =>
  `${name}_dyf = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${BUCKET}/${name}/"]}, format="json")
${name} = ${name}_dyf.toDF()
`;
const sink = (df: string, out: string) =>
  `out_dyf = DynamicFrame.fromDF(${df}, glueContext, "out")
glueContext.write_dynamic_frame.from_options(frame=out_dyf, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/${out}/"})
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

/** The run fails with a message naming the script, the line holding `needle` and its column. */
async function refusedAt(name: string, body: string, needle: string, message: RegExp): Promise<JobRun> {
  const r = await run(name, body);
  assert.equal(r.run.state, 'FAILED', r.log);
  const offset = r.text.indexOf(needle);
  const line = r.text.slice(0, offset).split('\n').length;
  const column = offset - r.text.lastIndexOf('\n', offset - 1);
  assert.equal(r.run.errorLine, line, r.run.errorMessage);
  assert.match(r.run.errorMessage ?? '', new RegExp(`glue-scripts/${name}\\.py:${line}:${column}: `));
  assert.match(r.run.errorMessage ?? '', message);
  assert.deepEqual(await fs.readdir(path.join(root, '.lakehouse', 's3', BUCKET, 'out', name)).catch(() => []), [], 'nothing written');
  return r.run;
}

const out = async (name: string) => jsonRows(path.join(root, '.lakehouse', 's3', BUCKET, 'out', name));

/** the `printSchema()` lines of the log: `name: type` */
// a field Spark calls not nullable (sparkNullable.ts) is marked so
const schema = (log: string) => [...log.matchAll(/ \|-- (.*) \(nullable = (true|false)\)/g)].map((m) => (m[2] === 'false' ? `${m[1]!} (not nullable)` : m[1]!));

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-sql-expr-'));
  await fs.cp(FIXTURE, root, { recursive: true });
  await fs.mkdir(path.join(root, 'glue-scripts'), { recursive: true });
  const project = await loadProject(root);
  target = await LocalTarget.open(project, { threads: 2 });
  await target.storage.createBucket(BUCKET);
  const put = (key: string, lines: object[]) => target.storage.put(BUCKET, key, Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
  // the PySpark reference's DataFrame: [(2, "Alice"), (5, "Bob")], columns age, name
  await put('people/people.json', [
    { age: 2, name: 'Alice' },
    { age: 5, name: 'Bob' },
  ]);
  // text where Spark reads numbers and dates; a name that is NULL
  await put('events/events.json', [
    { id: 1, code: '01', day: '2016-04-08', n: 3, tag: 'a' },
    { id: 2, code: '2', day: '2017-01-01', n: 4, tag: null },
    { id: 3, code: 'x', day: '2016-12-31', n: 2, tag: 'c' },
  ]);
  // v has numbers and text: a ChoiceType in a DynamicFrame
  await put('mixed/mixed.json', [
    { id: 1, v: 5 },
    { id: 2, v: 'five' },
  ]);
});
after(async () => {
  await target.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('the PySpark reference examples, in a job', () => {
  test('DataFrame.filter("age > 3") and DataFrame.where("age = 2")', async () => {
    await runOk('filter_doc', `${source('people')}older = people.filter("age > 3")\nolder.printSchema()\n${sink('older', 'filter_doc')}`);
    assert.deepEqual(await out('filter_doc'), [{ age: 5, name: 'Bob' }]);
    await runOk('where_doc', `${source('people')}two = people.where("age = 2")\n${sink('two', 'where_doc')}`);
    assert.deepEqual(await out('where_doc'), [{ age: 2, name: 'Alice' }]);
  });

  test('DataFrame.selectExpr("age * 2", "abs(age)"): Spark’s values and column names', async () => {
    const { log } = await runOk('select_expr_doc', `${source('people')}doubled = people.selectExpr("age * 2", "abs(age)")\ndoubled.printSchema()\n${sink('doubled', 'select_expr_doc')}`);
    // (the reference's df holds Python ints, LongType; read here by a DynamicFrame, 2 and 5 are ints — the
    // legislators sample's `seats: int` — so Spark types int * int and abs(int) integer)
    assert.deepEqual(schema(log), ['(age * 2): integer', 'abs(age): integer']);
    assert.deepEqual(sorted(await out('select_expr_doc')), sorted([{ '(age * 2)': 4, 'abs(age)': 2 }, { '(age * 2)': 10, 'abs(age)': 5 }]));
  });

  test('functions.expr: df.select("name", expr("length(name)"))', async () => {
    const { log } = await runOk('expr_doc', `${source('people')}lengths = people.select("name", expr("length(name)"))\nlengths.printSchema()\n${sink('lengths', 'expr_doc')}`);
    assert.deepEqual(schema(log), ['name: string', 'length(name): integer']);
    assert.deepEqual(sorted(await out('expr_doc')), sorted([{ name: 'Alice', 'length(name)': 5 }, { name: 'Bob', 'length(name)': 3 }]));
  });
});

describe("Spark's semantics where DuckDB's differ", () => {
  test('concat with a NULL input is NULL; date_format takes a Java pattern; "/" divides as doubles', async () => {
    const body = `${source('events')}made = events.select("id", expr("concat('#', tag) AS t"), expr("date_format(day, 'y') AS y"), F.expr("n / 2").alias("half"))
${sink('made', 'semantics')}`;
    await runOk('semantics', body);
    assert.deepEqual(sorted(await out('semantics')), [
      { id: 1, t: '#a', y: '2016', half: 1.5 },
      { id: 2, t: null, y: '2017', half: 2 },
      { id: 3, t: '#c', y: '2016', half: 1 },
    ]);
  });

  test('a string compared with a number is cast to the number (code "01" = 1; "x" is NULL and never equal)', async () => {
    await runOk('coercion', `${source('events')}ones = events.filter("code = 1")\n${sink('ones', 'coercion')}`);
    assert.deepEqual((await out('coercion')).map((r) => r['id']), [1]);
    await runOk('division', `${source('events')}halves = events.where("n / 2 = 1.5 OR n / 4 = 1")\n${sink('halves', 'division')}`);
    assert.deepEqual((await out('division')).map((r) => r['id']).sort(), [1, 2]);
  });

  test('selectExpr: aliases, *, a generator; expr(...) in withColumn and in agg(...)', async () => {
    const { log } = await runOk(
      'items',
      `${source('events')}items = events.selectExpr("*", "upper(tag) AS big", "explode(array(n, id)) AS v")
items.drop("v").printSchema()
print(items.dtypes)
sums = items.groupBy("id").agg(expr("sum(v)"), F.expr("count(*)").alias("k")).withColumn("flag", expr("id % 2 = 1"))
sums.printSchema()
${sink('sums', 'items')}`,
    );
    // (id and n ints to Glue's reader: explode of an array of ints an int, sum of ints a long — Spark's Sum)
    // (the generator's field v is printed by dtypes: whether Spark calls explode's output nullable is not followed, so
    // printSchema of it stops; count(*) is not nullable, Spark's Count.nullable = false)
    assert.deepEqual(schema(log), ['id: integer', 'code: string', 'day: string', 'n: integer', 'tag: string', 'big: string', 'id: integer', 'sum(v): long', 'k: long (not nullable)', 'flag: boolean']);
    assert.match(log, /\('v', 'int'\)\]/);
    // v: [3, 1], [4, 2], [2, 3]
    assert.deepEqual(sorted(await out('items')), [
      { id: 1, 'sum(v)': 4, k: 2, flag: true },
      { id: 2, 'sum(v)': 6, k: 2, flag: false },
      { id: 3, 'sum(v)': 5, k: 2, flag: true },
    ]);
  });

  test('df.alias names qualify the fields in SQL text: a join on F.expr("e.n = p.age"), then selectExpr("e.id", "p.name")', async () => {
    // events n: 3, 4, 2; people age: 2 (Alice), 5 (Bob) → the event with n = 2 (id 3) and Alice
    const { log } = await runOk(
      'aliases',
      `${source('events')}${source('people')}e = events.alias("e")
p = people.alias("p")
joined = e.join(p, F.expr("e.n = p.age"), "inner").selectExpr("e.id", "p.name AS who", "p.age + e.id")
joined.printSchema()
${sink('joined', 'aliases')}`,
    );
    assert.deepEqual(schema(log), ['id: integer', 'who: string', '(age + id): integer']);
    assert.deepEqual(await out('aliases'), [{ id: 3, who: 'Alice', '(age + id)': 5 }]);
  });

  test('a select of aggregates alone is one row, as in Spark: selectExpr("count(*)", "max(n)")', async () => {
    const { log } = await runOk('global_agg', `${source('events')}totals = events.selectExpr("count(*)", "max(n)")\ntotals.printSchema()\n${sink('totals', 'global_agg')}`);
    // apache/spark Count.scala (3.3): `override def nullable: Boolean = false`; Max: `nullable = true`
    assert.deepEqual(schema(log), ['count(1): long (not nullable)', 'max(n): integer']);
    assert.deepEqual(await out('global_agg'), [{ 'count(1)': 3, 'max(n)': 4 }]);
  });

  test("Glue Studio's Derived Column: the expression is Spark SQL over the frame's fields", async () => {
    // transforms-derived-column.html: gs_derived(colName, expr) adds the column the SQL expression computes
    await runOk(
      'derived_spark',
      `events_dyf = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${BUCKET}/events/"]}, format="json")
derived = events_dyf.gs_derived(colName="label", expr="concat(tag, '-', n)")
glueContext.write_dynamic_frame.from_options(frame=derived, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/derived_spark/"})
job.commit()
`,
    );
    assert.deepEqual(sorted((await out('derived_spark')).map((r) => ({ id: r['id'], label: r['label'] }))), [
      { id: 1, label: 'a-3' },
      { id: 2, label: null },
      { id: 3, label: 'c-2' },
    ]);
  });
});

describe('refusals and errors at the script’s line and column', () => {
  test('a function the local engine does not translate is refused by name', async () => {
    await refusedAt('refused_fn', `${source('people')}c = people.groupBy("name").agg(F.expr("approx_count_distinct(age)").alias("n"))\n${sink('c', 'refused_fn')}`, 'approx_count_distinct(age)', /approx_count_distinct is not supported by the local engine \(Spark has it\)/);
  });

  test('a column Spark names after an expression the translation does not reproduce needs an alias', async () => {
    await refusedAt('unnamed', `${source('people')}r = people.selectExpr("name", "row_number() over (order by age)")\n${sink('r', 'unnamed')}`, 'row_number() over', /give it an alias in the text \(… AS name\)/);
  });

  test("Spark's analysis errors: an unknown column, a filter that is not a boolean, an aggregate in a filter, a syntax error", async () => {
    await refusedAt('unknown_col', `${source('people')}r = people.filter("agee > 1")\n${sink('r', 'unknown_col')}`, 'agee > 1', /UNRESOLVED_COLUMN/);
    await refusedAt('not_boolean', `${source('people')}r = people.filter("name")\n${sink('r', 'not_boolean')}`, 'name")', /FILTER_NOT_BOOLEAN/);
    await refusedAt('agg_filter', `${source('people')}r = people.where("sum(age) > 1")\n${sink('r', 'agg_filter')}`, 'sum(age) > 1', /aggregate function is only allowed/);
    // the position is the token Spark's parser stops at: the second statement's first character
    await refusedAt('two_statements', `${source('people')}r = people.filter("age > 1; DROP TABLE x")\n${sink('r', 'two_statements')}`, '; DROP', /PARSE_SYNTAX_ERROR/);
  });

  test("an error Spark raises on a row fails the run at the expression's line (element_at(…, 0): SQL array indices start at 1)", async () => {
    const r = await run('row_error', `${source('people')}r = people.withColumn("e", expr("element_at(array(age), 0)"))\n${sink('r', 'row_error')}`);
    assert.equal(r.run.state, 'FAILED', r.log);
    const line = r.text.slice(0, r.text.indexOf('element_at(')).split('\n').length;
    assert.equal(r.run.errorLine, line, r.run.errorMessage);
    assert.match(r.run.errorMessage ?? '', new RegExp(`glue-scripts/row_error\\.py:${line}: .*INVALID_INDEX_OF_ZERO`));
  });

  test('a field with values of two types (a ChoiceType) is a struct after toDF(): comparing it with a number fails as Spark fails', async () => {
    // toDF() "automatically converts ChoiceType columns into StructTypes" (the Scala DynamicFrame class, def toDF;
    // test/runner/choiceToDF.test.ts): a struct against an int is Spark's DATATYPE_MISMATCH (BinaryComparison's check)
    await refusedAt('choice', `${source('mixed')}r = mixed.filter("v > 1")\n${sink('r', 'choice')}`, 'v > 1")', /the SQL expression "v > 1": \[DATATYPE_MISMATCH\.BINARY_OP_DIFF_TYPES\].*"STRUCT<int: INT, string: STRING>" and "INT"/);
  });

  test('a SQL Query node (sparkSqlQuery makes a DataFrame of each frame) reads the struct, and the values once resolved', async () => {
    const helper = `def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)
`;
    const read = `mixed = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${BUCKET}/mixed/"]}, format="json")\n`;
    const write = (frame: string, out: string) =>
      `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/${out}/"})\njob.commit()\n`;
    // unresolved, the view holds the struct toDF() makes (int: 5 / string: "five"): its members read by name
    await runOk('choice_sql', `${helper}${read}q = sparkSqlQuery(glueContext, query="select id, v.int as n, v.string as s from m", mapping={"m": mixed}, transformation_ctx="q")\n${write('q', 'choice_sql')}`);
    // (nulls left out: whether a sink writes a null field is the writer's business)
    const noNulls = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null));
    assert.deepEqual((await out('choice_sql')).map(noNulls), [{ id: 1, n: 5 }, { id: 2, s: 'five' }]);
    // resolved to strings first (ResolveChoice cast:string: 5 → "5"), the node runs
    await runOk(
      'choice_sql_ok',
      `${helper}${read}s = mixed.resolveChoice(specs=[("v", "cast:string")])\nq = sparkSqlQuery(glueContext, query="select id, v from m where v like 'f%'", mapping={"m": s}, transformation_ctx="q")\n${write('q', 'choice_sql_ok')}`,
    );
    assert.deepEqual(await out('choice_sql_ok'), [{ id: 2, v: 'five' }]);
  });

  test('the glueVersion decides the Spark: array_append is Spark 3.4’s, not in Glue 4.0’s Spark 3.3', async () => {
    await refusedAt('spark33', `${source('people')}r = people.withColumn("a", expr("array_append(array(age), 1)"))\n${sink('r', 'spark33')}`, 'array_append(', /UNRESOLVED_ROUTINE.*array_append/);
  });
});
