import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LakehouseError } from '../../src/core/errors';
import { nodeInputs } from '../../src/core/jobs/plan';
import { readGlueScript } from '../../src/core/jobs/script';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'jobs');

async function fixture(rel: string): Promise<{ file: string; text: string }> {
  const file = path.join(FIXTURES, rel);
  return { file, text: await readFile(file, 'utf8') };
}

async function read(rel: string, options?: Parameters<typeof readGlueScript>[2]) {
  const { file, text } = await fixture(rel);
  return readGlueScript(text, file, options);
}

/** 1-based line and column of the first occurrence of `needle` (found by plain text search, not by the reader). */
function find(text: string, needle: string, from = 0): { line: number; column: number } {
  const i = text.indexOf(needle, from);
  assert.ok(i >= 0, `fixture lacks ${needle}`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

/** A script: the Glue Studio boilerplate, then `body`. */
function script(body: string): string {
  return `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job

args = getResolvedOptions(sys.argv, ['JOB_NAME'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)
${body}
job.commit()
`;
}

const SOURCE = `CustomerLanding_node1 = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="customer_landing", transformation_ctx="CustomerLanding_node1")`;
const SINK = `Out_node9 = glueContext.write_dynamic_frame.from_options(frame=CustomerLanding_node1, connection_type="s3", format="json", connection_options={"path": "s3://b/out/", "partitionKeys": []}, transformation_ctx="Out_node9")`;

async function rejects(text: string, code: string, pattern: RegExp, where?: { line: number; column?: number }): Promise<LakehouseError> {
  let caught: unknown;
  try {
    await readGlueScript(text, 'job.py');
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof LakehouseError, `expected a LakehouseError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, pattern);
  if (where !== undefined) {
    assert.equal(caught.detail.line, where.line, caught.message);
    if (where.column !== undefined) assert.equal(caught.detail.column, where.column, caught.message);
    assert.ok(caught.message.startsWith(`job.py:${where.line}:`), caught.message);
  }
  return caught;
}

describe('readGlueScript: the STEDI job in Glue Studio style', () => {
  it('reads catalog source, SQL Query node, purge and getSink with setCatalogInfo', async () => {
    const { file, text } = await fixture('stedi/customer_landing_to_trusted.py');
    const plan = await readGlueScript(text, file);
    assert.deepEqual(plan, {
      file,
      nodes: [
        {
          id: 'CustomerLanding_node1718049355427',
          line: find(text, 'CustomerLanding_node1718049355427 = ').line,
          name: 'Customer Landing',
          kind: 'catalogSource',
          database: 'stedi',
          table: 'customer_landing',
        },
        {
          id: 'ShareWithResearch_node1718049366345',
          line: find(text, 'ShareWithResearch_node1718049366345 = ').line,
          name: 'Share With Research',
          kind: 'sql',
          query: '\nselect * from customer_landing\nwhere shareWithResearchAsOfDate is not null;\n',
          queryLine: find(text, "SqlQuery0 = '''").line,
          mapping: { customer_landing: 'CustomerLanding_node1718049355427' },
        },
      ],
      sinks: [
        {
          kind: 's3',
          line: find(text, 'CustomerTrusted_node1718049372081 = ').line,
          input: 'ShareWithResearch_node1718049366345',
          id: 'CustomerTrusted_node1718049372081',
          name: 'Customer Trusted',
          path: 's3://stedi-lakehouse/customer/trusted/',
          format: 'json',
          partitionKeys: [],
          catalog: { database: 'stedi', table: 'customer_trusted' },
          updateBehavior: 'UPDATE_IN_DATABASE',
          formatOptions: {},
        },
      ],
      purges: [{ path: 's3://stedi-lakehouse/customer/trusted/', line: find(text, 'glueContext.purge_s3_path').line, retentionHours: 0, excludeStorageClasses: [], afterSinks: 0 }],
      logs: [],
      dataQuality: [],
      assertions: [],
    });
  });

  it('maps SQL line n to script line queryLine + n - 1', async () => {
    const { text } = await fixture('stedi/customer_landing_to_trusted.py');
    const plan = await read('stedi/customer_landing_to_trusted.py');
    const sql = plan.nodes.find((n) => n.kind === 'sql');
    assert.ok(sql?.kind === 'sql');
    const sqlLines = sql.query.split('\n');
    const where = sqlLines.findIndex((l) => l.startsWith('where')) + 1;
    assert.equal(sql.queryLine + where - 1, find(text, 'where shareWithResearchAsOfDate').line);
  });

  it('tolerates the data-quality boilerplate and reads options= on purge', async () => {
    const plan = await read('stedi/accelerometer_landing_to_trusted.py');
    assert.deepEqual(
      plan.nodes.map((n) => [n.kind, n.id]),
      [
        ['catalogSource', 'AccelerometerLanding_node1718050226103'],
        ['catalogSource', 'CustomerTrusted_node1718050223474'],
        ['sql', 'JoinCustomer_node1718050282522'],
      ],
    );
    const sql = plan.nodes[2]!;
    assert.ok(sql.kind === 'sql');
    assert.deepEqual(sql.mapping, { accelerometer: 'AccelerometerLanding_node1718050226103', customer: 'CustomerTrusted_node1718050223474' });
    assert.equal(plan.sinks.length, 1);
    assert.equal(plan.sinks[0]!.name, 'Accelerometer Trusted');
    assert.equal(plan.sinks[0]!.input, 'JoinCustomer_node1718050282522');
    assert.deepEqual(plan.purges.map((p) => [p.path, p.retentionHours]), [['s3://stedi-lakehouse/accelerometer/trusted/', 0]]);
  });
});

describe('readGlueScript: constructs', () => {
  it('reads S3 sources (json, csv, several paths) and from_options sinks', async () => {
    const { file, text } = await fixture('constructs/s3_source.py');
    const plan = await readGlueScript(text, file);
    assert.deepEqual(plan.nodes, [
      {
        id: 'AccelerometerLanding_node1',
        line: find(text, 'AccelerometerLanding_node1 = ').line,
        name: 'Accelerometer Landing',
        kind: 's3Source',
        paths: ['s3://stedi-lakehouse/accelerometer/landing/'],
        format: 'json',
        recurse: true,
        formatOptions: { multiline: false },
      },
      {
        id: 'StepTrainerLanding_node2',
        line: find(text, 'StepTrainerLanding_node2 = ').line,
        name: 'Step Trainer Landing',
        kind: 's3Source',
        paths: ['s3://stedi-lakehouse/step_trainer/landing/a/', 's3://stedi-lakehouse/step_trainer/landing/b/'],
        format: 'csv',
        recurse: false,
        formatOptions: { withHeader: true, separator: ',' },
      },
    ]);
    assert.deepEqual(plan.sinks, [
      {
        kind: 's3',
        line: find(text, 'AmazonS3_node3 = ').line,
        input: 'AccelerometerLanding_node1',
        id: 'AmazonS3_node3',
        name: 'Amazon S3',
        path: 's3://stedi-lakehouse/accelerometer/trusted/', // the trailing slash is added
        format: 'json',
        partitionKeys: [],
        formatOptions: {},
      },
      {
        kind: 's3',
        line: find(text, 'ParquetOut_node4 = ').line,
        input: 'StepTrainerLanding_node2',
        id: 'ParquetOut_node4',
        name: 'Parquet Out',
        path: 's3://stedi-lakehouse/step_trainer/trusted/',
        format: 'parquet',
        partitionKeys: ['serialNumber'],
        compression: 'snappy',
        formatOptions: {},
      },
    ]);
    assert.deepEqual(plan.purges, []);
  });

  it('reads strings in every quoting, constants, keyword arguments in any order and positional ones', async () => {
    const { text } = await fixture('constructs/sql_strings.py');
    const plan = await read('constructs/sql_strings.py');
    assert.deepEqual(
      plan.nodes.map((n) => (n.kind === 'sql' ? [n.id, n.query, n.queryLine, n.mapping] : [n.id, n.kind === 'catalogSource' ? `${n.database}.${n.table}` : n.kind])),
      [
        ['CustomerLanding_node1', 'stedi.customer_landing'],
        ['PlainQuery_node2', 'select * from src where email is not null', find(text, 'SqlQuery0 = ').line, { src: 'CustomerLanding_node1' }],
        ['ConcatenatedQuery_node3', 'select email, phone from src', find(text, 'SqlQuery1 = ').line, { src: 'PlainQuery_node2' }],
        ['InlineQuery_node4', 'select\tupper(email) as e from "src"', find(text, 'InlineQuery_node4 = ').line, { src: 'ConcatenatedQuery_node3' }],
      ],
    );
    assert.equal(plan.nodes[2]!.name, 'Concatenated Query');
    const sink = plan.sinks[0]!;
    assert.ok(sink.kind === 's3');
    assert.equal(sink.path, 's3://stedi-lakehouse/customer/trusted/');
    assert.equal(sink.input, 'InlineQuery_node4');
  });

  it('reads Join, DropFields, SelectFields, ApplyMapping, DropNullFields, both drop-duplicates forms and a catalog sink', async () => {
    const { text } = await fixture('constructs/transforms.py');
    const plan = await read('constructs/transforms.py');
    // a toDF() (Drop Duplicates' DataFrame) is a node of its own, unnamed: it refuses a ChoiceType at run time
    const strip = plan.nodes.map(({ line, name, ...rest }) => {
      if (rest.kind === 'toDF') {
        assert.equal(line, find(text, `${rest.construct}.`).line);
        return { ...rest, id: rest.id.replace(/@.*/, '@…') };
      }
      assert.equal(line, find(text, `${rest.id} = `).line);
      assert.ok(name !== undefined);
      return rest;
    });
    assert.deepEqual(strip, [
      { id: 'CustomerTrusted_node1', kind: 'catalogSource', database: 'stedi', table: 'customer_trusted' },
      { id: 'AccelerometerTrusted_node2', kind: 'catalogSource', database: 'stedi', table: 'accelerometer_trusted' },
      { id: 'Join_node3', kind: 'join', left: 'AccelerometerTrusted_node2', right: 'CustomerTrusted_node1', leftKeys: ['user'], rightKeys: ['email'] },
      { id: 'DropFields_node4', kind: 'dropFields', input: 'Join_node3', paths: ['customerName', 'phone', 'birthDay'] },
      { id: 'SelectFields_node5', kind: 'selectFields', input: 'DropFields_node4', paths: ['user', 'timestamp', 'x', 'y', 'z'] },
      {
        id: 'ChangeSchema_node6',
        kind: 'applyMapping',
        input: 'SelectFields_node5',
        mappings: [
          { source: 'user', sourceType: 'string', target: 'email', targetType: 'string' },
          { source: 'timestamp', sourceType: 'long', target: 'timestamp', targetType: 'bigint' },
          { source: 'x', sourceType: 'double', target: 'x', targetType: 'float' },
        ],
      },
      { id: 'DropNullFields_node7', kind: 'dropNullFields', input: 'ChangeSchema_node6' },
      { id: 'toDF@…', kind: 'toDF', input: 'DropNullFields_node7', construct: 'DropNullFields_node7.toDF()', column: 44 },
      { id: 'DropDuplicates_node8', kind: 'dropDuplicates', input: plan.nodes[7]!.id },
      { id: 'toDF@…', kind: 'toDF', input: 'DropDuplicates_node8', construct: 'DropDuplicates_node8.toDF()', column: 51 },
      { id: 'DropDuplicateReadings_node9', kind: 'dropDuplicates', input: plan.nodes[9]!.id, columns: ['email', 'timestamp'] },
    ]);
    assert.deepEqual(plan.nodes.map((n) => n.name).slice(2, 5), ['Join', 'Drop Fields', 'Select Fields']);
    assert.deepEqual(plan.sinks, [
      {
        kind: 'catalog',
        line: find(text, 'DataCatalog_node10 = ').line,
        input: 'DropDuplicateReadings_node9',
        id: 'DataCatalog_node10',
        name: 'Data Catalog',
        database: 'stedi',
        table: 'accelerometer_curated',
      },
    ]);
    assert.deepEqual(nodeInputs(plan.nodes[2]!), ['AccelerometerTrusted_node2', 'CustomerTrusted_node1']);
  });

  it('reads getSink with setFormat options; without enableUpdateCatalog the catalog is not updated', async () => {
    const { text } = await fixture('constructs/getsink_parquet.py');
    const plan = await read('constructs/getsink_parquet.py');
    assert.deepEqual(plan.sinks, [
      {
        kind: 's3',
        line: find(text, 'CuratedParquet_node2 = ').line,
        input: 'StepTrainerTrusted_node1',
        id: 'CuratedParquet_node2',
        name: 'Curated Parquet',
        path: 's3://stedi-lakehouse/step_trainer/curated/',
        format: 'parquet',
        partitionKeys: ['serialNumber'],
        updateBehavior: 'LOG',
        compression: 'gzip', // setFormat's option comes after getSink's
        formatOptions: {},
      },
    ]);
    // no options: Glue keeps files younger than 168 hours
    assert.deepEqual(plan.purges, [{ path: 's3://stedi-lakehouse/step_trainer/curated/', line: find(text, 'purge_s3_path').line, retentionHours: 168, excludeStorageClasses: [], afterSinks: 0 }]);
  });

  it('gives a reassigned variable a new id and resolves aliases', async () => {
    const plan = await readGlueScript(
      script(`
df = glueContext.create_dynamic_frame.from_catalog(database="stedi", table_name="customer_landing")
df = DropFields.apply(frame=df, paths=["phone"])
out = df
glueContext.write_dynamic_frame.from_catalog(frame=out, database="stedi", table_name="customer_trusted")
`),
      'job.py',
    );
    assert.deepEqual(
      plan.nodes.map((n) => [n.id, n.line, nodeInputs(n)]),
      [
        ['df', 15, []],
        ['df@16', 16, ['df']],
      ],
    );
    assert.equal(plan.sinks[0]!.input, 'df@16');
    assert.equal(plan.sinks[0]!.id, undefined);
  });

  it('records an assigned data-quality evaluation, and reads .distinct() as whole-row dropDuplicates', async () => {
    const plan = await readGlueScript(
      script(`from awsgluedq.transforms import EvaluateDataQuality; from awsglue.dynamicframe import DynamicFrame
${SOURCE}
EvaluateDataQuality_node2 = EvaluateDataQuality.apply(frame=CustomerLanding_node1, ruleset="Rules = [ RowCount > 0 ]", publishing_options={"dataQualityEvaluationContext": "EvaluateDataQuality_node2"})
Distinct_node3 = DynamicFrame.fromDF(CustomerLanding_node1.toDF().distinct(), glueContext, "Distinct_node3")
glueContext.write_dynamic_frame.from_catalog(frame=Distinct_node3, database="stedi", table_name="customer_trusted", transformation_ctx="Sink_node4")`),
      'job.py',
    );
    assert.deepEqual(
      plan.nodes.map((n) => n.kind),
      ['catalogSource', 'toDF', 'dropDuplicates'],
    );
    assert.deepEqual(plan.nodes[2], { id: 'Distinct_node3', line: 17, kind: 'dropDuplicates', input: 'toDF@17:38' });
    assert.equal(plan.sinks[0]!.id, 'Sink_node4'); // no variable: the transformation_ctx
    assert.deepEqual(plan.dataQuality, [
      {
        line: 16,
        input: 'CustomerLanding_node1',
        ruleset: 'Rules = [ RowCount > 0 ]',
        publishingOptions: { dataQualityEvaluationContext: 'EvaluateDataQuality_node2' },
        additionalOptions: {},
        context: 'EvaluateDataQuality_node2',
        rulesetAt: { line: 16, column: 1 },
      },
    ]);
  });

  it('resolves args["name"] from job arguments', async () => {
    const plan = await read('refused/args_unresolved.py', { arguments: { '--bucket': 'my-bucket' } });
    const sink = plan.sinks[0]!;
    assert.ok(sink.kind === 's3');
    assert.equal(sink.path, 's3://my-bucket/customer/trusted/');
  });

  it('accepts positional arguments where Glue allows them', async () => {
    const plan = await readGlueScript(
      script(`
src = glueContext.create_dynamic_frame.from_catalog("stedi", "customer_landing")
j = Join.apply(src, src, ["email"], ["email"])
glueContext.write_dynamic_frame.from_options(j, "s3", {"path": "s3://b/x"}, "csv", {"writeHeader": True})
glueContext.purge_s3_path("s3://b/x/", {"retentionPeriod": 1})
`),
      'job.py',
    );
    assert.deepEqual(plan.nodes[0], { id: 'src', line: 15, kind: 'catalogSource', database: 'stedi', table: 'customer_landing' });
    assert.deepEqual(plan.nodes[1], { id: 'j', line: 16, kind: 'join', left: 'src', right: 'src', leftKeys: ['email'], rightKeys: ['email'] });
    assert.deepEqual(plan.sinks[0], { kind: 's3', line: 17, input: 'j', path: 's3://b/x/', format: 'csv', partitionKeys: [], formatOptions: { writeHeader: true } });
    // (after the sink: it comes after one sink's write)
    assert.deepEqual(plan.purges, [{ path: 's3://b/x/', line: 18, retentionHours: 1, excludeStorageClasses: [], afterSinks: 1 }]);
  });
});

describe('readGlueScript: refused constructs', () => {
  const cases: { file: string; needle: string; message: RegExp }[] = [
    { file: 'map.py', needle: 'lambda r: r', message: /a lambda in the function given to Map\.apply cannot run on the local engine: a Map function sets and deletes the record's keys: write a def/ },
    { file: 'udf_decorator.py', needle: '@udf', message: /Python UDF/ },
    { file: 'udf_call.py', needle: 'udf(lambda', message: /pyspark\.sql\.functions\.udf cannot run on the local engine: a Python UDF runs Python code on every row/ },
    { file: 'unknown_call.py', needle: 'os.system', message: /os\.system\(\) cannot run on the local engine: it is an unknown call/ },
    { file: 'args_unresolved.py', needle: 'args["bucket"]', message: /args\["bucket"\].*its value is only known when the job runs; give the job the default argument --bucket/ },
    { file: 'if_statement.py', needle: 'if CustomerLanding_node1', message: /an if statement on CustomerLanding_node1\.count\(\) > 0 cannot run on the local engine: its condition depends on the data/ },
    { file: 'catalog_partition_predicate.py', needle: '{"catalogPartitionPredicate"', message: /additional option "catalogPartitionPredicate" cannot run on the local engine/ },
    { file: 'jdbc_source.py', needle: '"postgresql"', message: /connection_type="postgresql" cannot run on the local engine: the local engine reads and writes S3 only/ },
  ];
  for (const c of cases)
    it(`refuses ${c.file} at the construct's line and column`, async () => {
      const { file, text } = await fixture(`refused/${c.file}`);
      const { line, column } = find(text, c.needle);
      await assert.rejects(readGlueScript(text, file), (e: unknown) => {
        assert.ok(e instanceof LakehouseError);
        assert.equal(e.code, 'ScriptUnsupported', e.message);
        assert.deepEqual(e.detail, { file, line, column });
        assert.ok(e.message.startsWith(`${file}:${line}:${column}: `), e.message);
        assert.match(e.message, c.message);
        return true;
      });
    });

  it("refuses writing process_rows' result, a DynamicFrameCollection, as Glue does (Gaurav-Singh-DS/aws-glue-etl-project-join glue_job.py)", async () => {
    const text = script(`from awsgluedq.transforms import EvaluateDataQuality
${SOURCE}
dq = EvaluateDataQuality().process_rows(frame=CustomerLanding_node1, ruleset="Rules = [ RowCount > 0 ]")
glueContext.write_dynamic_frame.from_catalog(frame=dq, database="stedi", table_name="t")`);
    const at = find(text, 'frame=dq');
    await rejects(
      text,
      'InvalidInput',
      /dq is the DynamicFrameCollection EvaluateDataQuality\(\)\.process_rows returns \(ruleOutcomes, rowLevelOutcomes, originalData\), not a DynamicFrame .*: Glue fails here too; select the frame the rules were evaluated on: SelectFromCollection\.apply\(dfc=dq, key="originalData"\)/,
      { line: at.line, column: at.column + 'frame='.length },
    );
  });

  it('refuses a boto3 call by name: the job calls AWS itself (afonsoaugusto/aws-glue-csv-parquet src/etl.py, aws-samples DMSCDC_LoadIncremental.py)', async () => {
    const text = script(`import boto3
${SOURCE}
s3 = boto3.client('s3')`);
    const at = find(text, "boto3.client('s3')");
    await rejects(text, 'ScriptUnsupported', /boto3\.client\(\) cannot run on the local engine: the script calls AWS through boto3 \(the AWS SDK for Python\), and a local run sends no request to AWS; read and write the lake with Glue sources and sinks/, { line: at.line, column: at.column });
  });

  it("refuses writing EvaluateDataQuality.apply's frame of rule outcomes (not computed as a frame locally)", async () => {
    const text = script(`from awsgluedq.transforms import EvaluateDataQuality
${SOURCE}
dq = EvaluateDataQuality.apply(frame=CustomerLanding_node1, ruleset="Rules = [ RowCount > 0 ]")
glueContext.write_dynamic_frame.from_catalog(frame=dq, database="stedi", table_name="t")`);
    const at = find(text, 'frame=dq');
    await rejects(text, 'ScriptUnsupported', /data-quality result/, { line: at.line, column: at.column + 'frame='.length });
  });

  it('refuses unknown arguments and connection options', async () => {
    const text = script(`${SOURCE}
Out = glueContext.write_dynamic_frame.from_options(frame=CustomerLanding_node1, connection_type="s3", format="json", connection_options={"path": "s3://b/out/", "blockSize": 1}, transformation_ctx="Out")`);
    await rejects(text, 'ScriptUnsupported', /connection option "blockSize"/, { line: find(text, '"blockSize"').line });
  });
});

describe('readGlueScript: bad scripts', () => {
  it('reports Python syntax errors with line and column', async () => {
    const text = script(`${SOURCE}
Out_node9 = glueContext.write_dynamic_frame.from_options(frame=CustomerLanding_node1 connection_type="s3")`);
    const e = await rejects(text, 'ScriptSyntax', /^job\.py:\d+:\d+: Python syntax error/);
    assert.equal(e.detail.line, find(text, 'Out_node9 =').line);
  });

  it('reports an unclosed triple-quoted string', async () => {
    const text = script(`SqlQuery0 = """
select * from x
${SOURCE}`);
    const e = await rejects(text, 'ScriptSyntax', /Python syntax error/);
    assert.ok(e.detail.line! >= find(text, 'SqlQuery0').line, e.message);
  });

  it('reports a bad indentation', async () => {
    const text = script(`${SOURCE}
    ${SINK}`);
    await rejects(text, 'ScriptSyntax', /Python syntax error: unexpected indent/, { line: find(text, 'Out_node9').line, column: 5 });
    const helper = script(`
def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
  return DynamicFrame.fromDF(result, glueContext, transformation_ctx)
${SOURCE}
${SINK}`);
    await rejects(helper, 'ScriptSyntax', /unindent does not match/, { line: find(helper, '  return').line, column: 3 });
  });

  it('reports two statements on one line without a semicolon (tree-sitter reads them as two)', async () => {
    // found by a new user (session 13): `orders = ….toDF()extra = …` ran both statements; Python's grammar ends a
    // simple statement at a NEWLINE or a ";" (https://docs.python.org/3/reference/simple_stmts.html), so CPython
    // stops at compile time with "SyntaxError: invalid syntax" and the job never starts
    const text = script(`${SOURCE}
Out_node9 = DropFields.apply(frame=CustomerLanding_node1, paths=["phone"])Other = DropFields.apply(frame=CustomerLanding_node1, paths=["email"])
${SINK}`);
    await rejects(text, 'ScriptSyntax', /Python syntax error: invalid syntax/, { line: find(text, 'Other =').line, column: find(text, 'Other =').column });
    // with the semicolon it is two statements, as in Python
    const ok = script(`${SOURCE}
a = 1; b = 2
${SINK}`);
    await readGlueScript(ok, 'job.py', {});
  });

  it('names an undefined frame and its line', async () => {
    const text = script(`${SOURCE}
Out = DropFields.apply(frame=CustomerLandng_node1, paths=["phone"])
${SINK}`);
    const at = find(text, 'CustomerLandng_node1');
    await rejects(text, 'InvalidInput', new RegExp(`CustomerLandng_node1 is not defined before line ${at.line}: Python raises NameError here, so the job fails on Glue too`), at);
  });

  it('tells a Python builtin it does not follow from a name the script never defines (only the second is a NameError)', async () => {
    const text = script(`${SOURCE}
x = vars()
${SINK}`);
    await rejects(text, 'ScriptUnsupported', /the Python builtin vars cannot run on the local engine: the local engine does not follow it/, find(text, 'vars'));
  });

  it('names a variable that is not a frame', async () => {
    const text = script(`${SOURCE}
Out = DropFields.apply(frame=sc, paths=["phone"])
${SINK}`);
    const at = find(text, 'frame=sc');
    await rejects(text, 'InvalidInput', /sc is the SparkContext, not a DynamicFrame/, { line: at.line, column: at.column + 'frame='.length });
  });

  it('refuses a frame referenced before it is assigned', async () => {
    const text = script(`Out = DropFields.apply(frame=CustomerLanding_node1, paths=["phone"])
${SOURCE}
${SINK}`);
    await rejects(text, 'InvalidInput', /CustomerLanding_node1 is not defined before line 14/, { line: 14 });
  });

  it('reads a script without a sink (Glue runs it: reads, prints, writes nothing)', async () => {
    const plan = await readGlueScript(script(`${SOURCE}\nprint(CustomerLanding_node1.count())`), 'job.py');
    assert.deepEqual(plan.sinks, []);
    assert.deepEqual(plan.logs.map((l) => l.parts), [[{ count: 'CustomerLanding_node1' }]]);
  });

  it('refuses a getSink that is never written', async () => {
    const text = script(`${SOURCE}
S = glueContext.getSink(path="s3://b/out/", connection_type="s3", transformation_ctx="S")
S.setFormat("json")`);
    await rejects(text, 'InvalidInput', /the sink S is never written/, { line: 15 });
  });

  it('refuses writeFrame without a format and calls to sparkSqlQuery without the helper', async () => {
    await rejects(
      script(`${SOURCE}
S = glueContext.getSink(path="s3://b/out/", connection_type="s3")
S.writeFrame(CustomerLanding_node1)`),
      'InvalidInput',
      /the sink has no format: call S\.setFormat\("json"\)/,
      { line: 16 },
    );
    await rejects(
      script(`${SOURCE}
Q = sparkSqlQuery(glueContext, query="select 1", mapping={"a": CustomerLanding_node1}, transformation_ctx="Q")
${SINK}`),
      'InvalidInput',
      /sparkSqlQuery is called before it is defined/,
      { line: 15 },
    );
  });

  it('refuses non-S3 paths and bad mappings', async () => {
    await rejects(
      script(`${SOURCE}
glueContext.purge_s3_path("/tmp/out", {"retentionPeriod": 0})
${SINK}`),
      'InvalidInput',
      /purge_s3_path: the path must be in the form s3:\/\/<bucket>\/<prefix>\/ \(Glue's documented form, with the trailing "\/"\), not "\/tmp\/out"/,
      { line: 15 },
    );
    await rejects(
      script(`${SOURCE}
M = ApplyMapping.apply(frame=CustomerLanding_node1, mappings=[("email", "string", "email")])
${SINK}`),
      'InvalidInput',
      /each mapping must be \("source", "source type", "target", "target type"\)/,
      { line: 15 },
    );
  });
});
