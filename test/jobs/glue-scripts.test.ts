// The shipped STEDI scripts (glue-scripts/*.py) must read into plans the local engine can run.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { CatalogTable } from '../../src/core/model';
import { jobInputs, jobOutputs, orderJobs } from '../../src/core/jobs/pipeline';
import type { JobPlan } from '../../src/core/jobs/plan';
import { readGlueScript } from '../../src/core/jobs/script';
import { expandVariables } from '../../src/core/project/manifest';

const DIR = path.join(__dirname, '..', '..', 'glue-scripts');
const VARS = { name: 'stedi', bucket: 'test-bucket', database: 'testdb', region: 'eu-west-1' };

// from the STEDI description: what each job reads (at least) and writes
const EXPECTED: Record<string, { reads: string[]; writes: string; location: string }> = {
  customer_landing_to_trusted: { reads: ['customer_landing'], writes: 'customer_trusted', location: 'customer/trusted/' },
  accelerometer_landing_to_trusted: { reads: ['accelerometer_landing', 'customer_trusted'], writes: 'accelerometer_trusted', location: 'accelerometer/trusted/' },
  customer_trusted_to_curated: { reads: ['customer_trusted', 'accelerometer_trusted'], writes: 'customer_curated', location: 'customer/curated/' },
  step_trainer_landing_to_trusted: { reads: ['step_trainer_landing', 'customer_curated'], writes: 'step_trainer_trusted', location: 'step_trainer/trusted/' },
  machine_learning_curated: { reads: ['step_trainer_trusted', 'accelerometer_trusted'], writes: 'machine_learning_curated', location: 'step_trainer/curated/' },
};

function table(name: string, prefix: string): CatalogTable {
  return {
    database: VARS.database,
    name,
    tableType: 'EXTERNAL_TABLE',
    storage: { columns: [], location: `s3://${VARS.bucket}/${prefix}`, serde: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: {} } },
    partitionKeys: [],
    parameters: {},
  };
}

const TABLES = [
  table('customer_landing', 'customer/landing/'),
  table('accelerometer_landing', 'accelerometer/landing/'),
  table('step_trainer_landing', 'step_trainer/landing/'),
  ...Object.values(EXPECTED).map((e) => table(e.writes, e.location)),
];

async function shipped(): Promise<{ name: string; plan: JobPlan }[]> {
  const files = (await readdir(DIR)).filter((f) => f.endsWith('.py')).sort();
  return Promise.all(
    files.map(async (f) => {
      const file = path.join(DIR, f);
      const text = expandVariables(await readFile(file, 'utf8'), VARS, file);
      return { name: f.replace(/\.py$/, ''), plan: await readGlueScript(text, file) };
    }),
  );
}

const present = existsSync(DIR) && readdirSync(DIR).some((f) => f.endsWith('.py'));

describe('the shipped glue-scripts', { skip: present ? false : 'glue-scripts/ has no scripts yet' }, () => {
  it('are the five STEDI jobs, read without errors', async () => {
    const jobs = await shipped();
    assert.deepEqual(jobs.map((j) => j.name).sort(), Object.keys(EXPECTED).sort());
  });

  it('read and write the tables STEDI describes, purging each output first', async () => {
    for (const { name, plan } of await shipped()) {
      const e = EXPECTED[name]!;
      const reads = jobInputs(plan, TABLES).map((i) => i.table);
      for (const t of e.reads) assert.ok(reads.includes(`${VARS.database}.${t}`), `${name} reads ${t} (reads ${reads.join(', ')})`);
      assert.deepEqual(jobOutputs(plan, TABLES), [{ table: `${VARS.database}.${e.writes}`, path: `s3://${VARS.bucket}/${e.location}` }], name);
      assert.deepEqual(plan.purges.map((p) => [p.path, p.retentionHours]), [[`s3://${VARS.bucket}/${e.location}`, 0]], name);
      assert.ok(plan.nodes.some((n) => n.kind === 'sql'), `${name} has an SQL Query node`);
      const purgeLine = plan.purges[0]!.line;
      assert.ok(plan.sinks.every((s) => s.line > purgeLine), `${name} purges before it writes`);
    }
  });

  it('run in the landing → trusted → curated order', async () => {
    assert.deepEqual(orderJobs(await shipped(), TABLES).order, [
      'customer_landing_to_trusted',
      'accelerometer_landing_to_trusted',
      'customer_trusted_to_curated',
      'step_trainer_landing_to_trusted',
      'machine_learning_curated',
    ]);
  });
});
