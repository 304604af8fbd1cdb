/**
 * The preview of a Glue job's nodes on the local engine (src/core/targets/local/preview.ts): for every node of the
 * five STEDI jobs, the rows and the schema are those hand-written DuckDB SQL computes from the generated files (the
 * job's logic written out by hand, run by a DuckDB of the test's own); sinks show the rows they would write and their
 * columns against the catalog table; a sample, cancellation, "Run to here", counts, errors — and nothing is written.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readProjectScript } from '../../src/core/actions/jobPreview';
import type { JobPlan } from '../../src/core/jobs/plan';
import { formatGlueType, printGlueSchema, type GlueField } from '../../src/core/targets/local/glueSchema';
import { planOutputs, previewNode, schemaDiffIsEmpty } from '../../src/core/targets/local/preview';
import { allRows, handSql, lakeSnapshot, makeStediProject, objectRowSet, rowSet, type StediProject } from './helpers';

const CUSTOMER_LANDING = `read_json({dir:customer/landing}, format='newline_delimited', columns={customerName: 'VARCHAR', email: 'VARCHAR', phone: 'VARCHAR', birthDay: 'VARCHAR', serialNumber: 'VARCHAR', registrationDate: 'BIGINT', lastUpdateDate: 'BIGINT', shareWithResearchAsOfDate: 'BIGINT', shareWithPublicAsOfDate: 'BIGINT', shareWithFriendsAsOfDate: 'BIGINT'})`;
const CUSTOMER = (zone: string) =>
  `read_json({dir:customer/${zone}}, format='newline_delimited', columns={customerName: 'VARCHAR', email: 'VARCHAR', phone: 'VARCHAR', birthDay: 'VARCHAR', serialNumber: 'VARCHAR', registrationDate: 'BIGINT', lastUpdateDate: 'BIGINT', shareWithResearchAsOfDate: 'BIGINT', shareWithPublicAsOfDate: 'BIGINT', shareWithFriendsAsOfDate: 'BIGINT'})`;
const ACCEL = (zone: string) => `read_json({dir:accelerometer/${zone}}, format='newline_delimited', columns={user: 'VARCHAR', timestamp: 'BIGINT', x: 'DOUBLE', y: 'DOUBLE', z: 'DOUBLE'})`;
// (distanceFromObject: 150 … 320, whole numbers that fit in 32 bits — an int to Glue's reader, the legislators sample's
// `seats: int`; the hand-written SQL reads the values, whatever their width)
const STEP_LANDING = `read_json({dir:step_trainer/landing}, format='newline_delimited', columns={sensorReadingTime: 'BIGINT', serialNumber: 'VARCHAR', distanceFromObject: 'BIGINT'})`;
const STEP_TRUSTED = `read_json({dir:step_trainer/trusted}, format='newline_delimited', columns={sensorReadingTime: 'BIGINT', serialNumber: 'VARCHAR', distanceFromObject: 'BIGINT'})`;

const CUSTOMER_TYPES: [string, string][] = [
  ['customerName', 'string'],
  ['email', 'string'],
  ['phone', 'string'],
  ['birthDay', 'string'],
  ['serialNumber', 'string'],
  ['registrationDate', 'long'],
  ['lastUpdateDate', 'long'],
  ['shareWithResearchAsOfDate', 'long'],
  ['shareWithPublicAsOfDate', 'long'],
  ['shareWithFriendsAsOfDate', 'long'],
];
const ACCEL_TYPES: [string, string][] = [
  ['user', 'string'],
  ['timestamp', 'long'],
  ['x', 'double'],
  ['y', 'double'],
  ['z', 'double'],
];

/**
 * SPARK_NAMES: a column Spark SQL selects by name is named as the field it resolves to, whatever the query's spelling
 * (names resolve case-insensitively, spark.sql.caseSensitive being false by default —
 * https://spark.apache.org/docs/latest/sql-ref-identifier.html — and case-preserving: "the mixed case will show up in
 * the result", https://github.com/eakmanrq/sqlframe/pull/280; https://github.com/delta-io/delta-kernel-rs/issues/1805
 * quotes the same rule). The catalog's columns are lower case, the STEDI
 * landing data's keys camelCase: a SQL node names its fields as the data does, and the sinks write them so (Glue's
 * and Spark's writers keep a field's name; only the catalog's columns are lower case).
 */

/** A node of a job: the SQL that computes its rows by hand, and its fields with their Glue types. */
interface Expected {
  node: string;
  sql: string;
  fields: [string, string][];
  /** the fields' order is the query's (a SQL node); a source's fields are compared as a set */
  ordered?: boolean;
}

const JOBS: Record<string, Expected[]> = {
  customer_landing_to_trusted: [
    { node: 'CustomerLanding_node1718049871201', sql: `SELECT * FROM ${CUSTOMER_LANDING}`, fields: CUSTOMER_TYPES },
    {
      // Spark resolves `customername` to the frame's field `customerName` and keeps the field's name (SPARK_NAMES)
      node: 'ResearchConsent_node1718049902544',
      sql: `SELECT customerName, email, phone, birthDay, serialNumber, registrationDate, lastUpdateDate, shareWithResearchAsOfDate, shareWithPublicAsOfDate,
              shareWithFriendsAsOfDate
            FROM ${CUSTOMER_LANDING} WHERE shareWithResearchAsOfDate IS NOT NULL`,
      fields: CUSTOMER_TYPES,
      ordered: true,
    },
  ],
  accelerometer_landing_to_trusted: [
    { node: 'AccelerometerLanding_node1718050226103', sql: `SELECT * FROM ${ACCEL('landing')}`, fields: ACCEL_TYPES },
    { node: 'CustomerTrusted_node1718050223474', sql: `SELECT * FROM ${CUSTOMER('trusted')}`, fields: CUSTOMER_TYPES },
    {
      node: 'ReadingsOfTrustedCustomers_node1718050282522',
      sql: `SELECT a."user", a."timestamp", a.x, a.y, a.z FROM ${ACCEL('landing')} a WHERE a."user" IN (SELECT email FROM ${CUSTOMER('trusted')})`,
      fields: ACCEL_TYPES,
      ordered: true,
    },
  ],
  customer_trusted_to_curated: [
    { node: 'CustomerTrusted_node1718051077310', sql: `SELECT * FROM ${CUSTOMER('trusted')}`, fields: CUSTOMER_TYPES },
    { node: 'AccelerometerTrusted_node1718051079865', sql: `SELECT * FROM ${ACCEL('trusted')}`, fields: ACCEL_TYPES },
    {
      node: 'CustomersWithReadings_node1718051130947',
      sql: `SELECT c.* FROM ${CUSTOMER('trusted')} c WHERE c.email IN (SELECT "user" FROM ${ACCEL('trusted')})`,
      fields: CUSTOMER_TYPES,
      ordered: true,
    },
  ],
  step_trainer_landing_to_trusted: [
    {
      node: 'StepTrainerLanding_node1718052001458',
      sql: `SELECT * FROM ${STEP_LANDING}`,
      fields: [
        ['sensorReadingTime', 'long'],
        ['serialNumber', 'string'],
        ['distanceFromObject', 'int'],
      ],
    },
    { node: 'CustomerCurated_node1718052004127', sql: `SELECT * FROM ${CUSTOMER('curated')}`, fields: CUSTOMER_TYPES },
    {
      node: 'ReadingsOfCuratedCustomers_node1718052047736',
      sql: `SELECT sensorReadingTime, serialNumber, distanceFromObject
            FROM ${STEP_LANDING} WHERE serialNumber IN (SELECT serialnumber FROM ${CUSTOMER('curated')})`,
      fields: [
        ['sensorReadingTime', 'long'],
        ['serialNumber', 'string'],
        ['distanceFromObject', 'int'],
      ],
      ordered: true,
    },
  ],
  machine_learning_curated: [
    {
      node: 'StepTrainerTrusted_node1718053012674',
      sql: `SELECT * FROM ${STEP_TRUSTED}`,
      fields: [
        ['sensorReadingTime', 'long'],
        ['serialNumber', 'string'],
        ['distanceFromObject', 'int'],
      ],
    },
    { node: 'AccelerometerTrusted_node1718053015090', sql: `SELECT * FROM ${ACCEL('trusted')}`, fields: ACCEL_TYPES },
    { node: 'CustomerCurated_node1718053017745', sql: `SELECT * FROM ${CUSTOMER('curated')}`, fields: CUSTOMER_TYPES },
    {
      node: 'ReadingsAtTheSameTime_node1718053064321',
      sql: `SELECT s.sensorreadingtime, s.serialnumber, s.distancefromobject, a."timestamp", a.x, a.y, a.z
            FROM ${STEP_TRUSTED} s JOIN ${CUSTOMER('curated')} c ON c.serialnumber = s.serialnumber
            JOIN ${ACCEL('trusted')} a ON a."user" = c.email AND a."timestamp" = s.sensorreadingtime`,
      fields: [
        ['sensorReadingTime', 'long'],
        ['serialNumber', 'string'],
        ['distanceFromObject', 'int'],
        ['timestamp', 'long'],
        ['x', 'double'],
        ['y', 'double'],
        ['z', 'double'],
      ],
      ordered: true,
    },
  ],
};

/** The table each job's sink writes, and the generator's own count of its rows. */
const SINK_TABLE: Record<string, string> = {
  customer_landing_to_trusted: 'customer_trusted',
  accelerometer_landing_to_trusted: 'accelerometer_trusted',
  customer_trusted_to_curated: 'customer_curated',
  step_trainer_landing_to_trusted: 'step_trainer_trusted',
  machine_learning_curated: 'machine_learning_curated',
};

const fieldList = (schema: GlueField[]): [string, string][] => schema.map((f) => [f.name, formatGlueType(f.type)]);
const sorted = (fields: [string, string][]) => [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('previews of the STEDI jobs\' nodes', { timeout: 300_000 }, () => {
  let sp: StediProject;
  let before0: Map<string, string>;

  async function plan(job: string, text?: string): Promise<JobPlan> {
    const rel = `glue-scripts/${job}.py`;
    const reading = await readProjectScript(sp.project, rel, text ?? (await fs.readFile(path.join(sp.root, rel), 'utf8')));
    assert.equal(reading.error, undefined, reading.error?.message);
    return reading.plan;
  }

  before(async () => {
    sp = await makeStediProject({ customers: 120, accelerometerRows: 2500 });
    before0 = await lakeSnapshot(sp);
  });
  after(async () => {
    await sp?.close();
  });

  test("a node after a loop over a frame's field names is not previewed (the run learns them first); one before it is", async () => {
    const sample = await fs.readFile(path.join(sp.root, 'glue-scripts/accelerometer_landing_to_trusted.py'), 'utf8');
    const header = sample.slice(0, sample.indexOf('# Script generated for node Accelerometer Landing'));
    const text = `${header}Readings_node1 = glueContext.create_dynamic_frame.from_catalog(database="\${database}", table_name="accelerometer_landing", transformation_ctx="Readings_node1")
df = Readings_node1.toDF()
for c in df.columns:
    df = df.withColumnRenamed(c, c.upper())
out = df.select("user")
job.commit()
`;
    const p = await plan('accelerometer_landing_to_trusted', text);
    assert.ok(p.fieldsPending !== undefined);
    const after = await previewNode(p, { node: 'out' }, sp.target.preview);
    assert.equal(after.execution.state, 'FAILED');
    assert.match(after.execution.error?.message ?? '', /the preview cannot show this node: a for loop over df\.columns \(line \d+\) reads the field names of Readings_node1, which Glue learns from the data/);
    const before = await previewNode(p, { node: 'Readings_node1' }, sp.target.preview);
    assert.equal(before.execution.state, 'SUCCEEDED', before.execution.error?.message);
  });

  test("a SQL Query node's preview speaks the project's Spark: Glue 4.0 is Spark 3.3 (array_append, since Spark 3.4, fails as there), 5.0 is Spark 3.5", async () => {
    // array_append: "Since: 3.4.0" in Spark's built-in functions reference (https://spark.apache.org/docs/latest/api/sql/#array_append)
    assert.equal(sp.target.preview.glueVersion, sp.project.manifest.glue.glueVersion, "the target's previews take the project's glueVersion");
    assert.equal(sp.project.manifest.glue.glueVersion, '4.0');
    const sample = await fs.readFile(path.join(sp.root, 'glue-scripts/accelerometer_landing_to_trusted.py'), 'utf8');
    const header = sample.slice(0, sample.indexOf('# Script generated for node Accelerometer Landing'));
    const text = `${header}# Script generated for node Accelerometer Landing
Readings_node1 = glueContext.create_dynamic_frame.from_catalog(database="\${database}", table_name="accelerometer_landing", transformation_ctx="Readings_node1")

# Script generated for node With X
SqlQuery0 = """
select r.user, array_append(array(r.x), 1.0) as xs from readings r
"""
WithX_node2 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = {"readings": Readings_node1}, transformation_ctx = "WithX_node2")

# Script generated for node Amazon S3
AmazonS3_node3 = glueContext.write_dynamic_frame.from_options(frame=WithX_node2, connection_type="s3", format="json", connection_options={"path": "s3://\${bucket}/out/with_x/", "partitionKeys": []}, transformation_ctx="AmazonS3_node3")
job.commit()
`;
    const p = await plan('accelerometer_landing_to_trusted', text);
    const on4 = await previewNode(p, { node: 'WithX_node2' }, sp.target.preview);
    assert.equal(on4.execution.state, 'FAILED');
    assert.match(on4.execution.error?.message ?? '', /array_append.*Glue 4\.0 runs Spark 3\.3/);
    const on5 = await previewNode(p, { node: 'WithX_node2' }, { ...sp.target.preview, glueVersion: '5.0' });
    assert.equal(on5.execution.state, 'SUCCEEDED', on5.execution.error?.message);
    const source = await previewNode(p, { node: 'Readings_node1' }, sp.target.preview);
    assert.equal(on5.rows, source.rows, 'a row per reading');
    assert.deepEqual(fieldList(on5.schema), [
      ['user', 'string'],
      ['xs', 'array<double>'],
    ]);
  });

  for (const [job, nodes] of Object.entries(JOBS)) {
    test(`${job}: every node's rows and schema are those of the hand-written SQL; the sink shows the rows it would write`, async () => {
      const p = await plan(job);
      assert.deepEqual(
        p.nodes.map((n) => n.id),
        nodes.map((n) => n.node),
        'the plan has the nodes of the script',
      );
      for (const e of nodes) {
        const preview = await previewNode(p, { node: e.node }, sp.target.preview);
        assert.equal(preview.execution.state, 'SUCCEEDED', `${e.node}: ${preview.execution.error?.message}`);
        assert.equal(preview.sampled, false);
        const got = fieldList(preview.schema);
        if (e.ordered) assert.deepEqual(got, e.fields, `${e.node}: its fields, in the query's order`);
        else assert.deepEqual(sorted(got), sorted(e.fields), `${e.node}: its fields`);
        const { columns, rows } = await allRows(sp.target, preview.execution.id);
        assert.deepEqual(columns, got.map(([n]) => n), `${e.node}: the result's columns are the frame's fields`);
        const expected = await handSql(sp, e.sql);
        assert.equal(preview.rows, expected.length, `${e.node}: row count`);
        assert.deepEqual(rowSet(rows), objectRowSet(expected, columns), `${e.node}: rows`);
      }
      // the sink: the last node's rows, its columns lower-cased as the writer writes them, against the catalog table
      const sink = await previewNode(p, { sink: 0 }, sp.target.preview);
      assert.equal(sink.execution.state, 'SUCCEEDED', sink.execution.error?.message);
      assert.equal(sink.rows, sp.sample.expected[SINK_TABLE[job] as keyof typeof sp.sample.expected], 'the sink writes the table the generator expects');
      const last = nodes[nodes.length - 1]!;
      assert.deepEqual(fieldList(sink.schema), last.fields.map(([n, t]) => [n.toLowerCase(), t]));
      assert.ok(sink.schemaDiff, 'the sink writes a catalog table');
      assert.equal(sink.schemaDiff.table, `${sp.project.manifest.database}.${SINK_TABLE[job]}`);
      assert.ok(schemaDiffIsEmpty(sink.schemaDiff), `the run left the table with the columns the job writes: ${JSON.stringify(sink.schemaDiff)}`);
    });
  }

  test('the schema prints as DynamicFrame.printSchema draws it', async () => {
    const p = await plan('machine_learning_curated');
    const preview = await previewNode(p, { node: 'ReadingsAtTheSameTime_node1718053064321' }, sp.target.preview);
    assert.equal(
      printGlueSchema(preview.schema),
      ['root', '|-- sensorReadingTime: long', '|-- serialNumber: string', '|-- distanceFromObject: int', '|-- timestamp: long', '|-- x: double', '|-- y: double', '|-- z: double'].join('\n'),
    );
  });

  test('planOutputs counts every node and compares every sink with its table, in one pass', async () => {
    for (const [job, nodes] of Object.entries(JOBS)) {
      const outputs = await planOutputs(await plan(job), sp.target.preview, { counts: true });
      assert.equal(outputs.error, undefined);
      for (const e of nodes) {
        const n = outputs.nodes.find((x) => x.id === e.node);
        assert.ok(n, e.node);
        assert.equal(n.rows, (await handSql(sp, e.sql)).length, `${job} ${e.node}`);
      }
      assert.equal(outputs.sinks.length, 1);
      assert.ok(outputs.sinks[0]!.schemaDiff && schemaDiffIsEmpty(outputs.sinks[0]!.schemaDiff));
    }
  });

  test('a schema diff names the columns a sink adds, drops and retypes in its catalog table (before the job runs)', async () => {
    const text = (await fs.readFile(path.join(sp.root, 'glue-scripts/customer_landing_to_trusted.py'), 'utf8')).replace(
      /select customername, email, phone, birthday, serialnumber, registrationdate, lastupdatedate,\n {2}sharewithresearchasofdate, sharewithpublicasofdate, sharewithfriendsasofdate/,
      'select customername, email, cast(registrationdate as string) as registrationdate, cast(0.5 as double) as score',
    );
    assert.notEqual(text, await fs.readFile(path.join(sp.root, 'glue-scripts/customer_landing_to_trusted.py'), 'utf8'), 'the query was edited');
    const p = await plan('customer_landing_to_trusted', text);
    const outputs = await planOutputs(p, sp.target.preview);
    const diff = outputs.sinks[0]!.schemaDiff!;
    assert.equal(diff.exists, true);
    assert.equal(diff.updatesCatalog, true);
    assert.deepEqual(diff.added, [{ name: 'score', type: 'double' }]);
    assert.deepEqual(
      diff.dropped.map((c) => c.name),
      ['phone', 'birthday', 'serialnumber', 'lastupdatedate', 'sharewithresearchasofdate', 'sharewithpublicasofdate', 'sharewithfriendsasofdate'],
    );
    assert.deepEqual(diff.changed, [{ name: 'registrationdate', from: 'bigint', to: 'string' }]);
    // the preview of the sink gives the same diff
    const sink = await previewNode(p, { sink: 0 }, sp.target.preview);
    assert.deepEqual(sink.schemaDiff, diff);
  });

  test('a sample: each source gives its first records only, and the preview says so', async () => {
    const p = await plan('accelerometer_landing_to_trusted');
    const preview = await previewNode(p, { node: 'AccelerometerLanding_node1718050226103' }, sp.target.preview, { sample: 25 });
    assert.equal(preview.execution.state, 'SUCCEEDED');
    assert.equal(preview.sampled, true);
    assert.equal(preview.rows, 25);
    assert.match(preview.execution.message ?? '', /first 25 record/);
    const { columns, rows } = await allRows(sp.target, preview.execution.id);
    const all = new Set(objectRowSet(await handSql(sp, `SELECT * FROM ${ACCEL('landing')}`), columns));
    for (const r of rowSet(rows)) assert.ok(all.has(r), `a sampled row is a record of the data: ${r}`);
  });

  test('cancelling a preview (before or while it runs) ends it CANCELLED', async () => {
    const p = await plan('machine_learning_curated');
    const early = new AbortController();
    early.abort();
    const first = await previewNode(p, { node: 'ReadingsAtTheSameTime_node1718053064321' }, sp.target.preview, { signal: early.signal });
    assert.equal(first.execution.state, 'CANCELLED');
    // aborted from inside the run: when the first source says what it read
    const during = new AbortController();
    const second = await previewNode(p, { node: 'ReadingsAtTheSameTime_node1718053064321' }, sp.target.preview, { signal: during.signal, log: () => during.abort() });
    assert.equal(second.execution.state, 'CANCELLED');
    assert.deepEqual(second.schema, []);
  });

  test('a node that fails: the execution FAILED with the script line, as a run would fail', async () => {
    const text = (await fs.readFile(path.join(sp.root, 'glue-scripts/customer_landing_to_trusted.py'), 'utf8')).replace('where sharewithresearchasofdate is not null', 'where no_such_field is not null');
    const p = await plan('customer_landing_to_trusted', text);
    const preview = await previewNode(p, { node: 'ResearchConsent_node1718049902544' }, sp.target.preview);
    assert.equal(preview.execution.state, 'FAILED');
    const queryLine = text.split('\n').findIndex((l) => l.includes('no_such_field')) + 1;
    assert.match(preview.execution.error!.message, new RegExp(`customer_landing_to_trusted\\.py:${queryLine}: SQL Query node Research Consent: .*no_such_field`));
    assert.equal(preview.execution.error!.line, queryLine);
    // the source before it still previews
    const source = await previewNode(p, { node: 'CustomerLanding_node1718049871201' }, sp.target.preview);
    assert.equal(source.execution.state, 'SUCCEEDED');
  });

  test('Run to here: the print lines and sinks before the node run (sinks counted, not written), the node\'s rows shown', async () => {
    const db = sp.project.manifest.database;
    const bucket = sp.project.manifest.bucket;
    const text = [
      'import sys',
      'from awsglue import DynamicFrame',
      'from awsglue.transforms import *',
      'from awsglue.utils import getResolvedOptions',
      'from pyspark.context import SparkContext',
      'from awsglue.context import GlueContext',
      'from awsglue.job import Job',
      'args = getResolvedOptions(sys.argv, ["JOB_NAME"])',
      'glueContext = GlueContext(SparkContext())',
      'job = Job(glueContext)',
      'job.init(args["JOB_NAME"], args)',
      '# Script generated for node Customer Landing',
      `CustomerLanding = glueContext.create_dynamic_frame.from_catalog(database="${db}", table_name="customer_landing", transformation_ctx="CustomerLanding")`,
      'print("landing rows:", CustomerLanding.count())',
      '# Script generated for node Consenting',
      'Consenting = Filter.apply(frame=CustomerLanding, f=lambda row: row["shareWithResearchAsOfDate"] is not None)',
      `glueContext.write_dynamic_frame.from_options(frame=Consenting, connection_type="s3", format="json", connection_options={"path": "s3://${bucket}/preview-test/consenting/"})`,
      '# Script generated for node Adults',
      'df = Consenting.toDF()',
      'adults = df.filter(df.birthDay < "2000-01-01").select("email", "birthDay")',
      'print("adults:", adults.count())',
      `glueContext.write_dynamic_frame.from_options(frame=DynamicFrame.fromDF(adults, glueContext, "adults"), connection_type="s3", format="json", connection_options={"path": "s3://${bucket}/preview-test/adults/"})`,
      'job.commit()',
      '',
    ].join('\n');
    const reading = await readProjectScript(sp.project, 'glue-scripts/preview_test.py', text);
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.equal(reading.error, undefined, reading.error?.message);
    const p = reading.plan;
    const adults = p.nodes.find((n) => n.id === 'adults');
    assert.ok(adults, `the DataFrame chain's last step is named after its variable: ${p.nodes.map((n) => n.id).join(', ')}`);
    const lines: string[] = [];
    const preview = await previewNode(p, { node: 'adults' }, sp.target.preview, { scope: 'script', log: (l) => lines.push(l) });
    assert.equal(preview.execution.state, 'SUCCEEDED', preview.execution.error?.message);
    const consenting = await handSql(sp, `SELECT * FROM ${CUSTOMER_LANDING} WHERE shareWithResearchAsOfDate IS NOT NULL`);
    const landing = await handSql(sp, `SELECT count(*) AS n FROM ${CUSTOMER_LANDING}`);
    assert.ok(lines.includes(`line ${lineOf('print("landing')}: landing rows: ${Number(landing[0]!.n)}`), lines.join('\n'));
    assert.ok(lines.some((l) => l === `sink (line ${lineOf('frame=Consenting')}): would write ${consenting.length} row(s) to s3://${bucket}/preview-test/consenting/ — not written (a preview writes nothing)`), lines.join('\n'));
    assert.ok(!lines.some((l) => l.includes('adults:')), 'a print after the node does not run');
    const expected = await handSql(sp, `SELECT email, birthDay FROM ${CUSTOMER_LANDING} WHERE shareWithResearchAsOfDate IS NOT NULL AND birthDay < '2000-01-01'`);
    const { columns, rows } = await allRows(sp.target, preview.execution.id);
    assert.deepEqual(columns, ['email', 'birthDay']);
    assert.deepEqual(rowSet(rows), objectRowSet(expected, columns));
    // the chain's first step (the filter) previews on its own
    const filterStep = p.nodes.find((n) => n.kind === 'where');
    assert.ok(filterStep);
    const step = await previewNode(p, { node: filterStep.id }, sp.target.preview);
    assert.equal(step.rows, (await handSql(sp, `SELECT * FROM ${CUSTOMER_LANDING} WHERE shareWithResearchAsOfDate IS NOT NULL AND birthDay < '2000-01-01'`)).length);
  });

  test('a preview and Count Rows read their sources under a shared lease on their locations, as a run does, released once done', async () => {
    // the design's rule for readers (src/core/targets/local/dataLocks.ts): a shared lease on what they read while
    // they list and read files, so a job committing there is never seen half-way
    const p = await plan('machine_learning_curated');
    const locks = sp.target.locks;
    const asked: { locations: readonly string[]; released: boolean }[] = [];
    const read = locks.read.bind(locks);
    locks.read = async (locations, options) => {
      const lease = await read(locations, options);
      const entry = { locations, released: false };
      asked.push(entry);
      return { ...lease, covers: (l: string) => lease.covers(l), release: async () => ((entry.released = true), lease.release()) };
    };
    try {
      const tables = await Promise.all(
        p.nodes.flatMap((n) => (n.kind === 'catalogSource' ? [sp.target.catalog.table(n.database.toLowerCase(), n.table.toLowerCase())] : [])),
      );
      const sourceLocations = tables.map((t) => t!.storage.location);
      assert.equal(sourceLocations.length, 3);
      const preview = await previewNode(p, { node: 'ReadingsAtTheSameTime_node1718053064321' }, sp.target.preview);
      assert.equal(preview.execution.state, 'SUCCEEDED');
      assert.equal(asked.length, 1, 'one lease for the preview');
      for (const l of sourceLocations) assert.ok(asked[0]!.locations.some((x) => l.startsWith(x)), `the preview's lease covers ${l}: ${asked[0]!.locations.join(', ')}`);
      assert.ok(asked[0]!.released, 'released when the preview is done');
      await planOutputs(p, sp.target.preview, { counts: true });
      assert.equal(asked.length, 2, 'one lease for Count Rows');
      for (const l of sourceLocations) assert.ok(asked[1]!.locations.some((x) => l.startsWith(x)), `Count Rows' lease covers ${l}`);
      assert.ok(asked[1]!.released, 'released when the counts are done');
    } finally {
      locks.read = read;
    }
  });

  test('no preview, count or Run to here wrote anything: objects, catalog, runs and staging are as the pipeline left them', async () => {
    assert.deepEqual(await lakeSnapshot(sp), before0);
  });
});

describe('a run of a target opened with recordNodeRows', { timeout: 300_000 }, () => {
  test('records the rows of every node of the plan with the run (the editor\'s counts after a run)', async () => {
    const sp = await makeStediProject({ customers: 60, accelerometerRows: 900, recordNodeRows: true });
    try {
      const run = (await sp.target.jobs.runs('machine_learning_curated'))[0]!;
      assert.equal(run.state, 'SUCCEEDED');
      for (const e of JOBS.machine_learning_curated!) assert.equal(run.nodeRows?.[e.node], (await handSql(sp, e.sql)).length, e.node);
    } finally {
      await sp.close();
    }
  });
});
