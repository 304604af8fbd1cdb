import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LakehouseError } from '../../src/core/errors';
import type { CatalogTable } from '../../src/core/model';
import { jobInputs, jobOutputs, normalizeS3Path, orderJobs } from '../../src/core/jobs/pipeline';
import type { JobPlan } from '../../src/core/jobs/plan';
import { readGlueScript } from '../../src/core/jobs/script';

const STEDI = path.join(__dirname, '..', 'fixtures', 'jobs', 'stedi');
const BUCKET = 's3://stedi-lakehouse';

function table(name: string, location: string, database = 'stedi'): CatalogTable {
  return {
    database,
    name,
    tableType: 'EXTERNAL_TABLE',
    storage: { columns: [], location, serde: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: {} } },
    partitionKeys: [],
    parameters: { classification: 'json' },
  };
}

const TABLES: CatalogTable[] = [
  table('customer_landing', `${BUCKET}/customer/landing/`),
  table('customer_trusted', `${BUCKET}/customer/trusted/`),
  table('customer_curated', `${BUCKET}/customer/curated/`),
  table('accelerometer_landing', `${BUCKET}/accelerometer/landing/`),
  table('accelerometer_trusted', `${BUCKET}/accelerometer/trusted/`),
  table('step_trainer_landing', `${BUCKET}/step_trainer/landing/`),
  table('step_trainer_trusted', `${BUCKET}/step_trainer/trusted`), // no trailing slash: normalised
  table('machine_learning_curated', `${BUCKET}/step_trainer/curated/`),
];

const FIVE = ['machine_learning_curated', 'step_trainer_landing_to_trusted', 'customer_trusted_to_curated', 'accelerometer_landing_to_trusted', 'customer_landing_to_trusted'];

async function stediJobs(): Promise<{ name: string; plan: JobPlan }[]> {
  return Promise.all(
    FIVE.map(async (name) => {
      const file = path.join(STEDI, `${name}.py`);
      return { name, plan: await readGlueScript(await readFile(file, 'utf8'), file) };
    }),
  );
}

/** A job from a few statements after the Glue boilerplate. */
async function job(name: string, body: string): Promise<{ name: string; plan: JobPlan }> {
  const text = `import sys
from awsglue.transforms import *
from awsglue.context import GlueContext
from pyspark.context import SparkContext
glueContext = GlueContext(SparkContext.getOrCreate())
${body}
`;
  return { name, plan: await readGlueScript(text, `${name}.py`) };
}

const fromCatalog = (v: string, t: string, db = 'stedi') => `${v} = glueContext.create_dynamic_frame.from_catalog(database="${db}", table_name="${t}")`;
const fromPaths = (v: string, ...paths: string[]) =>
  `${v} = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json", connection_options={"paths": ${JSON.stringify(paths)}, "recurse": True})`;
const toPath = (v: string, p: string) => `glueContext.write_dynamic_frame.from_options(frame=${v}, connection_type="s3", format="json", connection_options={"path": "${p}"})`;
const toCatalog = (v: string, t: string, db = 'stedi') => `glueContext.write_dynamic_frame.from_catalog(frame=${v}, database="${db}", table_name="${t}")`;

describe('orderJobs: the STEDI pipeline', () => {
  it('orders landing → trusted → curated and lists what links the jobs', async () => {
    const { order, edges } = orderJobs(await stediJobs(), TABLES);
    assert.deepEqual(order, ['customer_landing_to_trusted', 'accelerometer_landing_to_trusted', 'customer_trusted_to_curated', 'step_trainer_landing_to_trusted', 'machine_learning_curated']);
    assert.deepEqual(edges, [
      { from: 'accelerometer_landing_to_trusted', to: 'customer_trusted_to_curated', via: 'stedi.accelerometer_trusted' },
      { from: 'accelerometer_landing_to_trusted', to: 'machine_learning_curated', via: 'stedi.accelerometer_trusted' },
      { from: 'customer_landing_to_trusted', to: 'accelerometer_landing_to_trusted', via: 'stedi.customer_trusted' },
      { from: 'customer_landing_to_trusted', to: 'customer_trusted_to_curated', via: 'stedi.customer_trusted' },
      { from: 'customer_trusted_to_curated', to: 'step_trainer_landing_to_trusted', via: 'stedi.customer_curated' },
      { from: 'step_trainer_landing_to_trusted', to: 'machine_learning_curated', via: 'stedi.step_trainer_trusted' },
    ]);
  });

  it('reports inputs and outputs with the tables and locations', async () => {
    const jobs = await stediJobs();
    const ml = jobs.find((j) => j.name === 'machine_learning_curated')!.plan;
    assert.deepEqual(jobInputs(ml, TABLES), [
      { table: 'stedi.step_trainer_trusted', path: `${BUCKET}/step_trainer/trusted/` },
      { table: 'stedi.accelerometer_trusted', path: `${BUCKET}/accelerometer/trusted/` },
    ]);
    assert.deepEqual(jobOutputs(ml, TABLES), [{ table: 'stedi.machine_learning_curated', path: `${BUCKET}/step_trainer/curated/` }]);
    // without the catalog, catalog sources still name their table
    assert.deepEqual(jobInputs(ml, []), [{ table: 'stedi.step_trainer_trusted' }, { table: 'stedi.accelerometer_trusted' }]);
  });

  it('breaks ties by name', async () => {
    const audit = await job('audit_landing', `${fromCatalog('c', 'customer_landing')}\n${toPath('c', 's3://other-bucket/audit/')}`);
    const { order } = orderJobs([...(await stediJobs()), audit], TABLES);
    assert.deepEqual(order, ['audit_landing', 'customer_landing_to_trusted', 'accelerometer_landing_to_trusted', 'customer_trusted_to_curated', 'step_trainer_landing_to_trusted', 'machine_learning_curated']);
    const independent = await Promise.all(['c', 'a', 'b'].map((n) => job(n, `${fromCatalog('x', `in_${n}`)}\n${toCatalog('x', `out_${n}`)}`)));
    assert.deepEqual(orderJobs(independent, []), { order: ['a', 'b', 'c'], edges: [] });
  });
});

describe('orderJobs: paths', () => {
  it('counts a sink path as the catalog table located there', async () => {
    const writer = await job('writer', `${fromCatalog('s', 'step_trainer_landing')}\n${toPath('s', `${BUCKET}/step_trainer/trusted`)}`);
    const reader = await job('reader', `${fromCatalog('t', 'step_trainer_trusted')}\n${toCatalog('t', 'machine_learning_curated')}`);
    assert.deepEqual(jobOutputs(writer.plan, TABLES), [{ table: 'stedi.step_trainer_trusted', path: `${BUCKET}/step_trainer/trusted/` }]);
    assert.deepEqual(orderJobs([reader, writer], TABLES), { order: ['writer', 'reader'], edges: [{ from: 'writer', to: 'reader', via: 'stedi.step_trainer_trusted' }] });
  });

  it('counts a source path inside a sink path, and a catalog sink read by path', async () => {
    const writer = await job('a_writer', `${fromCatalog('s', 'customer_landing')}\n${toCatalog('s', 'customer_trusted')}`);
    const reader = await job('b_reader', `${fromPaths('r', `${BUCKET}/customer/trusted/2024/`)}\n${toPath('r', 's3://elsewhere/out/')}`);
    assert.deepEqual(jobInputs(reader.plan, TABLES), [{ table: 'stedi.customer_trusted', path: `${BUCKET}/customer/trusted/2024/` }]);
    assert.deepEqual(orderJobs([reader, writer], TABLES).edges, [{ from: 'a_writer', to: 'b_reader', via: 'stedi.customer_trusted' }]);
  });

  it('links jobs through paths that no table is located at', async () => {
    const writer = await job('z_writer', `${fromCatalog('s', 'customer_landing')}\n${toPath('s', 's3://scratch//tmp/')}`);
    const reader = await job('a_reader', `${fromPaths('r', 's3://scratch/tmp/')}\n${toPath('r', 's3://scratch/final/')}`);
    const unrelated = await job('m_unrelated', `${fromPaths('r', 's3://scratch/tmpfile/')}\n${toPath('r', 's3://scratch/other/')}`);
    assert.deepEqual(orderJobs([reader, writer, unrelated], TABLES), {
      order: ['m_unrelated', 'z_writer', 'a_reader'],
      edges: [{ from: 'z_writer', to: 'a_reader', via: 's3://scratch/tmp/' }],
    });
  });

  it('links a sink to a read of a folder inside its path only when the sink is partitioned (its files go into k=v/ folders)', async () => {
    // Glue's S3 sink writes its part files directly under connection_options.path, and under path/<key>=<value>/
    // with partitionKeys (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-partitions.html);
    // ajinkyabhonsle/AWS-Data-Engineering (f436cb9) has two jobs writing s3://stedi-aj/ that read s3://stedi-aj/customertrusted/
    const flat = await job('a_flat', `${fromPaths('r', 's3://scratch/in/')}\n${toPath('r', 's3://scratch/')}`);
    const reader = await job('b_reader', `${fromPaths('r', 's3://scratch/tmp/part/')}\n${toPath('r', 's3://elsewhere/')}`);
    assert.deepEqual(orderJobs([reader, flat], TABLES), { order: ['a_flat', 'b_reader'], edges: [] });
    const partitioned = await job(
      'z_partitioned',
      `${fromPaths('r', 's3://scratch/in/')}\nglueContext.write_dynamic_frame.from_options(frame=r, connection_type="s3", format="json", connection_options={"path": "s3://scratch/tmp/", "partitionKeys": ["part"]})`,
    );
    assert.deepEqual(orderJobs([reader, partitioned], TABLES), { order: ['z_partitioned', 'b_reader'], edges: [{ from: 'z_partitioned', to: 'b_reader', via: 's3://scratch/tmp/part/' }] });
    // two flat sinks of the same root reading folders under it (each other's reads): no cycle
    const x = await job('x', `${fromPaths('r', 's3://scratch/y_out/')}\n${toPath('r', 's3://scratch/')}`);
    const y = await job('y', `${fromPaths('r', 's3://scratch/x_out/')}\n${toPath('r', 's3://scratch/')}`);
    assert.deepEqual(orderJobs([y, x], []).order, ['x', 'y']);
  });

  it('normalises S3 paths', () => {
    assert.equal(normalizeS3Path('S3://bucket/a//b'), 's3://bucket/a/b/');
    assert.equal(normalizeS3Path('s3a://bucket'), 's3://bucket/');
    assert.equal(normalizeS3Path('s3://bucket/'), 's3://bucket/');
    assert.equal(normalizeS3Path('s3://bucket/key.json'), 's3://bucket/key.json/');
  });
});

describe('orderJobs: cycles', () => {
  it('names the jobs of a cycle, not the jobs waiting behind it', async () => {
    const x = await job('x', `${fromCatalog('a', 't1')}\n${toCatalog('a', 't2')}`);
    const y = await job('y', `${fromCatalog('a', 't2')}\n${toPath('a', 's3://b/t1/')}`);
    const z = await job('z', `${fromCatalog('a', 't2')}\n${toCatalog('a', 't3')}`);
    const first = await job('first', `${fromCatalog('a', 't0')}\n${toCatalog('a', 't0_out')}`);
    const tables = [table('t1', 's3://b/t1/')];
    assert.throws(
      () => orderJobs([z, y, x, first], tables),
      (e: unknown) => {
        assert.ok(e instanceof LakehouseError);
        assert.equal(e.code, 'InvalidInput');
        assert.match(e.message, /^the jobs x, y form a cycle \(x writes stedi\.t2, which y reads; y writes stedi\.t1, which x reads\)/);
        assert.doesNotMatch(e.message, /\bz\b|first/);
        assert.equal(e.detail.object, 'x, y');
        return true;
      },
    );
  });

  it('ignores a job that reads its own output', async () => {
    const self = await job('self', `${fromCatalog('a', 'customer_trusted')}\n${toPath('a', `${BUCKET}/customer/trusted/`)}`);
    assert.deepEqual(orderJobs([self], TABLES), { order: ['self'], edges: [] });
  });

  it('refuses two jobs with the same name', async () => {
    const a = await job('same', `${fromCatalog('a', 't1')}\n${toCatalog('a', 't2')}`);
    assert.throws(() => orderJobs([a, a], []), /two jobs are named same/);
  });
});
