/**
 * The script reader follows Python (variables, functions, loops over known lists, f-strings) and translates the
 * Glue and Spark calls of the vocabulary into plan nodes; what it cannot follow is refused before anything runs,
 * naming the construct as written, its line and column, and what to write instead. The constructs are those of
 * Glue Studio's generated scripts and of the public scripts in test/fixtures/glue-public (cited per test); the
 * expected plans are written by hand.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LakehouseError } from '../../src/core/errors';
import type { ColExpr } from '../../src/core/jobs/expr';
import type { PlanNode } from '../../src/core/jobs/plan';
import { readGlueScript } from '../../src/core/jobs/script';
import { assertRefusedAt, find } from './refusals';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'jobs');

const HEADER = `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.dynamicframe import DynamicFrame
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ['JOB_NAME'])
glueContext = GlueContext(SparkContext())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)
src = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="customer_landing")
`;
const SINK = (frame: string) => `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://b/out/"})\n`;

const plan = (body: string, args?: Record<string, string>) => readGlueScript(`${HEADER}${body}`, 'job.py', args ? { arguments: args } : {});
const kinds = (nodes: PlanNode[]) => nodes.map((n) => n.kind);

const refused = (body: string, needle: string, message: RegExp): Promise<void> => assertRefusedAt(`${HEADER}${body}`, needle, message);

describe('constructs the reader refused before and now follows', () => {
  it('Filter.apply with the lambda Glue Studio generates (test/fixtures/jobs/refused/filter.py)', async () => {
    const file = path.join(FIXTURES, 'refused', 'filter.py');
    const p = await readGlueScript(await readFile(file, 'utf8'), file);
    const f = p.nodes.find((n) => n.kind === 'filter')!;
    assert.ok(f.kind === 'filter');
    assert.equal(f.id, 'Filter_node2');
    assert.equal(f.name, 'Filter');
    assert.equal(f.construct, 'Filter.apply');
    assert.deepEqual(strip(f.predicate), { k: 'call', fn: 'bool', args: [{ k: 'field', path: ['shareWithResearchAsOfDate'] }] });
  });

  it('createOrReplaceTempView + spark.sql, a toDF() chain with an SQL filter, a for loop over a list, a def, an f-string', async () => {
    const read = async (f: string) => {
      const file = path.join(FIXTURES, 'refused', f);
      return readGlueScript(await readFile(file, 'utf8'), file);
    };
    const sql = await read('spark_sql_assign.py');
    assert.deepEqual(kinds(sql.nodes), ['catalogSource', 'sql']);
    const chain = await read('todf_chain.py');
    const where = chain.nodes.find((n) => n.kind === 'where')!;
    assert.ok(where.kind === 'where');
    assert.equal(where.id, 'Consenting_node2');
    // the text's place in the script: line 25, column 77 is its first character (after the opening quote)
    assert.deepEqual(strip(where.condition), { k: 'sql', text: 'shareWithResearchAsOfDate is not null', line: where.line, column: 77 });
    const loop = await read('for_loop.py');
    assert.deepEqual(loop.purges.map((p) => p.path), ['s3://stedi-lakehouse/customer_landing/', 's3://stedi-lakehouse/accelerometer_landing/']);
    const fstring = await read('fstring.py');
    assert.deepEqual(fstring.purges.map((p) => p.path), ['s3://stedi-lakehouse/customer/trusted/']);
    assert.equal((await read('function_def.py')).sinks.length, 1);
    const view = await read('temp_view.py');
    assert.deepEqual(kinds(view.nodes), ['catalogSource']);
  });
});

describe('the Python around the nodes', () => {
  it('print, the Glue logger and logging: log lines with the counts they print', async () => {
    const p = await plan(`import logging
logger = glueContext.get_logger()
log = logging.getLogger(__name__)
n = src.count()
print("rows:", n, sep=" ")
logger.info(f"{args['JOB_NAME']} read {n} rows")
log.info("below WARNING: not logged")
log.warning("%s rows", n)
${SINK('src')}`, { '--JOB_NAME': 'my_job' });
    assert.deepEqual(
      p.logs.map((l) => [l.level, l.parts]),
      [
        ['print', [{ text: 'rows: ' }, { count: 'src' }]],
        ['info', [{ text: 'my_job read ' }, { count: 'src' }, { text: ' rows' }]],
        ['warn', [{ count: 'src' }, { text: ' rows' }]],
      ],
    );
  });

  it("Glue Studio's sparkAggregate helper: getattr on the functions module, *groups, a conditional expression", async () => {
    const p = await plan(`from pyspark.sql import functions as SqlFuncs
def sparkAggregate(glueContext, parentFrame, groups, aggs, transformation_ctx) -> DynamicFrame:
    aggsFuncs = []
    for column, func in aggs:
        aggsFuncs.append(getattr(SqlFuncs, func)(column))
    result = parentFrame.toDF().groupBy(*groups).agg(*aggsFuncs) if len(groups) > 0 else parentFrame.toDF().agg(*aggsFuncs)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)

Aggregate_node3 = sparkAggregate(glueContext, parentFrame = src, groups = ["email"], aggs = [["registrationDate", "max"], ["email", "countDistinct"]], transformation_ctx = "Aggregate_node3")
${SINK('Aggregate_node3')}`);
    const agg = p.nodes.find((n) => n.kind === 'aggregate')!;
    assert.ok(agg.kind === 'aggregate');
    assert.equal(agg.id, 'Aggregate_node3');
    assert.deepEqual(agg.groupBy.map(strip), [{ k: 'col', name: 'email' }]);
    assert.deepEqual(agg.aggs.map(strip), [
      { k: 'fn', name: 'max', args: [{ k: 'col', name: 'registrationDate' }] },
      { k: 'fn', name: 'countDistinct', args: [{ k: 'col', name: 'email' }] },
    ]);
  });

  it('chained and method forms: Join.apply(…).drop_fields([…]), frame.filter(f=…), select_fields, apply_mapping, rename_field, resolveChoice', async () => {
    const p = await plan(`other = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="accelerometer_landing")
j = Join.apply(frame1=src, frame2=other, keys1=["email"], keys2=["user"]).drop_fields(["user"])
f = j.filter(f=lambda r: r["x"] > 0).select_fields(["email", "x"])
m = f.apply_mapping([("email", "string", "mail", "string"), ("x", "double", "x", "double")]).rename_field("mail", "address")
r = m.resolveChoice(specs=[("x", "cast:double")])
${SINK('r')}`);
    assert.deepEqual(kinds(p.nodes), ['catalogSource', 'catalogSource', 'join', 'dropFields', 'filter', 'selectFields', 'applyMapping', 'renameField', 'resolveChoice']);
    // a step no variable holds is named after its method and place; the last of a statement after its variable
    const j = find(`${HEADER}`, 'src = ');
    assert.ok(j.line > 0);
    assert.deepEqual(p.nodes.slice(2).map((n) => n.id.replace(/@\d+:\d+$/, '@…')), ['join@…', 'j', 'filter@…', 'f', 'apply_mapping@…', 'm', 'r']);
  });

  it('DataFrame code: join with every how, unionByName, groupBy().agg(), orderBy, limit, withColumn with when/otherwise', async () => {
    const p = await plan(`a = src.toDF()
b = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="accelerometer_landing").toDF()
joined = a.join(b, a["email"] == b["user"], "left_outer").join(b, on="user", how="leftanti")
u = joined.unionByName(a, allowMissingColumns=True)
g = u.groupBy("email").agg(F.count("*").alias("n")).orderBy(F.col("n").desc()).limit(10)
w = g.withColumn("big", F.when(F.col("n") > 5, "yes").otherwise("no"))
${SINK('DynamicFrame.fromDF(w, glueContext, "w")')}`);
    assert.deepEqual(kinds(p.nodes), ['catalogSource', 'toDF', 'catalogSource', 'toDF', 'dfJoin', 'dfJoin', 'union', 'aggregate', 'orderBy', 'limit', 'withColumns']);
    const [j1, j2] = p.nodes.filter((n): n is Extract<PlanNode, { kind: 'dfJoin' }> => n.kind === 'dfJoin');
    assert.equal(j1!.how, 'left');
    assert.equal(j1!.on.kind, 'expr');
    assert.deepEqual(j2!.on, { kind: 'using', columns: ['user'] });
    assert.equal(j2!.how, 'anti');
  });

  it('a lambda reads the value a variable has when the script is read; one that changes later is refused (Spark calls it later)', async () => {
    const p = await plan(`limit = 5
kept = Filter.apply(frame=src, f=lambda row: row["x"] > limit)
${SINK('kept')}`);
    const f = p.nodes.find((n) => n.kind === 'filter')!;
    assert.ok(f.kind === 'filter');
    assert.deepEqual(strip(f.predicate), { k: 'compare', ops: ['>'], operands: [{ k: 'field', path: ['x'] }, { k: 'const', value: { py: 'int', v: 5 } }] });
    await refused(
      `frames = []
for name in ["a", "b"]:
    frames.append(Filter.apply(frame=src, f=lambda row: row[name] is not None))
${SINK('frames[0]')}`,
      'lambda row: row[name]',
      /the function given to Filter\.apply cannot run on the local engine: it reads the variable name, which changes after this line, and Spark calls the function later with the variable's last value; pass the value as a default argument \(lambda row, name=name: …\)/,
    );
  });
});

describe('refused before anything runs, naming the construct as written and its place', () => {
  const cases: [string, string, string, RegExp][] = [
    ['a loop over collect()', 'for row in src.toDF().collect():\n    print(row)\n', 'for row in', /a for loop over src\.toDF\(\)\.collect\(\) cannot run on the local engine: its items .* are only known when the job runs/],
    ['a loop over rows', 'for row in src.toDF():\n    print(row)\n', 'for row in', /a for loop over src\.toDF\(\) cannot run on the local engine: looping over rows runs Python on every record/],
    ['a loop over df.schema.fields', 'for f in src.toDF().schema.fields:\n    print(f.name)\n', 'for f in', /a for loop over src\.toDF\(\)\.schema\.fields cannot run on the local engine: its items .* are only known when the job runs/],
    ['a seeded random function', 'r = src.toDF().withColumn("r", F.rand(seed=42))\n', '42))', /pyspark\.sql\.functions\.rand with seed=42 cannot run on the local engine: with a seed, Spark's values are its XORShiftRandom sequence/],
    ['an unknown function of pyspark.sql.functions', 'r = src.toDF().withColumn("r", F.call_udf("f", "a"))\n', 'F.call_udf', /pyspark\.sql\.functions\.call_udf cannot run on the local engine: this function is not one the local engine translates/],
    ['and between Columns', 'r = src.toDF().filter(F.col("a") > 1 and F.col("b") < 2)\n', 'F.col("a") > 1 and', /PySpark raises ValueError: Cannot convert column into bool/],
    ['ORC', 'r = spark.read.orc("s3://b/x/")\n', 'spark.read.orc("s3://b/x/")', /DataFrameReader\.orc cannot run on the local engine: the local engine \(DuckDB\) does not read ORC/],
    ['a function Filter cannot translate', 'k = Filter.apply(frame=src, f=lambda row: sorted(row["a"]))\n', 'sorted(row["a"])', /sorted\(\) in the function given to Filter\.apply cannot run on the local engine: this function is not translated/],
    ['FillMissingValues', 'from awsglueml.transforms import FillMissingValues\nk = FillMissingValues.apply(frame=src, missing_values_column="a")\n', 'FillMissingValues.apply(', /FillMissingValues\.apply cannot run on the local engine: FillMissingValues predicts missing values with a machine-learning model/],
    ['a Custom transform with Python per record', 'from awsglue.dynamicframe import DynamicFrameCollection\ndef MyTransform(glueContext, dfc):\n    df = dfc.select(list(dfc.keys())[0]).toDF()\n    return df.rdd.map(lambda r: r)\nk = MyTransform(glueContext, DynamicFrameCollection({"a": src}, glueContext))\n', 'df.rdd', /DataFrame\.rdd cannot run on the local engine: RDD code runs Python on the rows/],
  ];
  for (const [what, body, needle, message] of cases) it(what, () => refused(body + SINK('src'), needle, message));
});

describe("a script that needs a frame's field names, read without the data", () => {
  // the names come from the data (Glue's schema on read): the plan records the first frame they are needed of, where
  // and by what, and is read on as if it had none (FieldsPending: a run learns them and reads the script again);
  // (a toDF() read by nothing else is the DynamicFrame it converts: the same fields)
  const cases: [string, string, string, string][] = [
    ['a loop over df.columns', 'df = src.toDF()\nfor c in df.columns:\n    print(c)\n', 'for c in', 'a for loop over df.columns'],
    ['df.columns turned into something else', 'df = src.toDF()\ncols = [c.upper() for c in df.columns]\n', '[c.upper()', '[c.upper() for c in df.columns]'],
    ['x in df.columns', 'df = src.toDF()\nif "a" in df.columns:\n    df = df.drop("a")\n', '"a" in', '"a" in df.columns'],
    ['len(df.columns)', 'df = src.toDF()\nn = len(df.columns)\n', 'len(', 'len(df.columns)'],
  ];
  for (const [what, body, needle, construct] of cases)
    it(what, async () => {
      const text = `${HEADER}${body}${SINK('src')}`;
      const p = await readGlueScript(text, 'job.py');
      assert.deepEqual(p.fieldsPending && { frame: p.fieldsPending.frame, line: p.fieldsPending.line, column: p.fieldsPending.column, construct: p.fieldsPending.construct }, { frame: 'src', ...find(text, needle), construct });
      assert.deepEqual(p.fieldsPending?.upTo.sinks, []);
    });
});

describe('a typo in a pyspark.sql.functions name', () => {
  // Spark 3.5's functions (apache/spark-website site/docs/3.5.0/api/sql/index.html) have no "colum" nor "to_timstamp":
  // pyspark.sql.functions raises AttributeError for them on Glue, so the refusal says "has no", not "not translated"
  for (const [typo, near] of [['colum', 'column'], ['to_timstamp', 'to_timestamp'], ['countdistinct', 'countDistinct']] as const)
    it(`F.${typo} names the function meant (${near}) and its place`, async () => {
      const text = `${HEADER}r = src.toDF().withColumn("r", F.${typo}("a"))\n${SINK('src')}`;
      const at = find(text, `F.${typo}`);
      await assert.rejects(readGlueScript(text, 'job.py'), (e: unknown) => {
        assert.ok(e instanceof LakehouseError, String(e));
        assert.equal(e.code, 'InvalidInput', e.message);
        assert.deepEqual({ line: e.detail.line, column: e.detail.column }, at, e.message);
        assert.match(e.message, new RegExp(`pyspark\\.sql\\.functions has no function ${typo} \\(did you mean ${near}\\?\\): Glue fails on it too \\(AttributeError\\)`));
        return true;
      });
    });
});

/** A plan expression without its positions. */
function strip(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(strip);
  if (e === null || typeof e !== 'object') return e;
  return Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'pos').map(([k, v]) => [k, strip(v)]));
}

export type { ColExpr };

/**
 * `from pyspark.sql.functions import *`, as hand-written Glue jobs write it (jergadi/aws-glue,
 * job_member_captured_list_load_to_member.py @ b28dd528e21325f3bde26d9729f7658a32ab3d1f: `upper(col("first_name"))`,
 * `to_date(from_unixtime(unix_timestamp(…)))`, `hex(sha1(concat(encode(…))))` after the star import). Python binds
 * every public name of the module ("If the list of identifiers is replaced by a star ('*'), all public names defined
 * in the module are bound in the local namespace", the Python reference, the import statement), so the module's
 * max and sum shadow Python's builtins (pyspark.sql.functions.max: "Aggregate function: returns the maximum value of
 * the expression in a group"). Before, the names were refused as NameErrors that "fail on Glue too".
 */
describe('from pyspark.sql.functions import *', () => {
  const STAR = 'from pyspark.sql.functions import *\n';

  it('binds the functions: upper(col(…)) in a select, max and sum in agg() are the module\'s, not Python\'s', async () => {
    const p = await plan(`${STAR}out = DynamicFrame.fromDF(src.toDF().groupBy("email").agg(max("registrationDate").alias("m"), sum("lastUpdateDate").alias("s")).select(upper(col("email")).alias("e"), "m", "s"), glueContext, "out")\n${SINK('out')}`);
    const agg = p.nodes.find((n) => n.kind === 'aggregate');
    assert.ok(agg && agg.kind === 'aggregate', JSON.stringify(kinds(p.nodes)));
    assert.deepEqual(strip(agg.aggs), [
      { k: 'alias', arg: { k: 'fn', name: 'max', args: [{ k: 'col', name: 'registrationDate' }] }, name: 'm' },
      { k: 'alias', arg: { k: 'fn', name: 'sum', args: [{ k: 'col', name: 'lastUpdateDate' }] }, name: 's' },
    ]);
    const out = p.nodes.find((n) => n.id === 'out');
    assert.ok(out && out.kind === 'project');
    assert.deepEqual(strip(out.items[0]), { k: 'alias', arg: { k: 'fn', name: 'upper', args: [{ k: 'col', name: 'email' }] }, name: 'e' });
  });

  it('a name bound before the import that the module has is the module\'s after it', async () => {
    const p = await plan(`upper = "not a function"\n${STAR}out = DynamicFrame.fromDF(src.toDF().select(upper(col("email")).alias("e")), glueContext, "out")\n${SINK('out')}`);
    const out = p.nodes.find((n) => n.id === 'out');
    assert.ok(out && out.kind === 'project');
    assert.deepEqual(strip(out.items[0]), { k: 'alias', arg: { k: 'fn', name: 'upper', args: [{ k: 'col', name: 'email' }] }, name: 'e' });
  });

  // Spark 3's python/pyspark/sql/functions.py defines no __all__ (apache/spark @58add883fbe91a826bcd72cc9a623a90718cf3ef;
  // Spark 2.4's @003e77500e80 kept `[k for k, v in globals().items() if … callable(v) …]`), so the star import binds
  // its own `import sys` too: a name the script never defines may still be bound there
  it('a name neither the script nor the local engine defines is refused by name, not called a NameError', async () => {
    await refused(
      `${STAR}out = DynamicFrame.fromDF(src.toDF().select(no_such_function(col("email"))), glueContext, "out")\n${SINK('out')}`,
      'no_such_function',
      /no_such_function cannot run on the local engine: the script does not define it, and `from pyspark\.sql\.functions import \*` \(line \d+\) binds every public name of that module \(Spark 3's has no __all__: its own imports too\), which may include it/,
    );
  });
});

/**
 * write_dynamic_frame.from_options takes exactly `frame, connection_type, connection_options={}, format=None,
 * format_options={}, transformation_ctx=""` (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-dynamic-frame-writer.html;
 * awslabs/aws-glue-libs glue-4.0 and glue-5.0, awsglue/dynamicframe.py, no **kwargs): the additional_options=
 * riveramatthew/STEDI-Human-Balance-Analytics's customer_curated_etl.py passes it (@ its recorded commit) is a
 * TypeError on Glue, said so — not an option the local engine lacks.
 */
describe('an argument the Glue function does not have', () => {
  it('write_dynamic_frame.from_options(…, additional_options=…) fails on Glue too: Python raises TypeError', async () => {
    const body = `glueContext.write_dynamic_frame.from_options(frame=src, connection_type="s3", format="json", connection_options={"path": "s3://b/out/"}, additional_options={"enableUpdateCatalog": True})\n`;
    const text = `${HEADER}${body}`;
    const at = find(text, 'additional_options=');
    await assert.rejects(readGlueScript(text, 'job.py'), (e: unknown) => {
      assert.ok(e instanceof LakehouseError, String(e));
      assert.deepEqual({ line: e.detail.line, column: e.detail.column }, at, e.message);
      assert.match(e.message, /GlueContext\.write_dynamic_frame\.from_options has no argument additional_options \(its parameters: frame, connection_type, connection_options, format, format_options, transformation_ctx\): Python raises TypeError here, so the job fails on Glue too/);
      return true;
    });
  });
});
