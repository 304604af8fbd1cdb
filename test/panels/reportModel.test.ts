// The zone report's model on a real local target: after the STEDI pipeline, the rows per table are the generator's
// expected counts, grouped by dataset and zone, and the graph links each job to what it reads and writes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildZoneReport } from '../../src/extension/panels/reportModel';
import type { ZoneReportModel } from '../../src/webview/protocol';
import { sampleProject, type SampleProject } from './helpers';

let p: SampleProject;
let report: ZoneReportModel;

before(async () => {
  p = await sampleProject({ pipeline: true });
  report = await buildZoneReport(p.project, p.target);
});
after(async () => p?.close());

test('rows per table, by dataset and zone, are the generator\'s expected counts', () => {
  const e = p.sample.expected;
  const zones = Object.fromEntries(report.datasets.map((d) => [d.name, Object.fromEntries(d.zones.map((z) => [z.zone, z.tables.map((t) => [t.name, t.rows])]))]));
  assert.deepEqual(zones, {
    customer: {
      landing: [['customer_landing', e.customer_landing]],
      trusted: [['customer_trusted', e.customer_trusted]],
      curated: [['customer_curated', e.customer_curated]],
    },
    accelerometer: { landing: [['accelerometer_landing', e.accelerometer_landing]], trusted: [['accelerometer_trusted', e.accelerometer_trusted]] },
    step_trainer: {
      landing: [['step_trainer_landing', e.step_trainer_landing]],
      trusted: [['step_trainer_trusted', e.step_trainer_trusted]],
      curated: [['machine_learning_curated', e.machine_learning_curated]],
    },
  });
  assert.equal(report.datasets.find((d) => d.name === 'customer')!.zones[0]!.rows, e.customer_landing);
  assert.deepEqual(report.otherTables, []);
});

test('every job succeeded last, in pipeline order, with edges from what it reads and to what it writes', () => {
  assert.deepEqual(
    report.jobs.map((j) => [j.name, j.state]).sort(),
    [
      ['accelerometer_landing_to_trusted', 'SUCCEEDED'],
      ['customer_landing_to_trusted', 'SUCCEEDED'],
      ['customer_trusted_to_curated', 'SUCCEEDED'],
      ['machine_learning_curated', 'SUCCEEDED'],
      ['step_trainer_landing_to_trusted', 'SUCCEEDED'],
    ],
  );
  const at = (name: string): number => report.jobs.findIndex((j) => j.name === name);
  assert.ok(at('customer_landing_to_trusted') < at('customer_trusted_to_curated'), 'a job comes after the job it reads from');
  assert.ok(at('customer_trusted_to_curated') < at('step_trainer_landing_to_trusted'));
  assert.ok(at('step_trainer_landing_to_trusted') < at('machine_learning_curated'));
  const e = p.sample.expected;
  const edge = (from: string, to: string) => report.edges.find((x) => x.from === from && x.to === to);
  assert.equal(edge('table:stedi.customer_landing', 'job:customer_landing_to_trusted')?.rows, e.customer_landing);
  assert.equal(edge('job:customer_landing_to_trusted', 'table:stedi.customer_trusted')?.rows, e.customer_trusted);
  assert.equal(edge('job:machine_learning_curated', 'table:stedi.machine_learning_curated')?.rows, e.machine_learning_curated);
  // the ML job reads the trusted step-trainer and accelerometer data
  assert.ok(edge('table:stedi.step_trainer_trusted', 'job:machine_learning_curated'));
  assert.ok(edge('table:stedi.accelerometer_trusted', 'job:machine_learning_curated'));
  assert.equal(report.unreadable.length, 0);
  // the last run's rows written are the sink table's rows (the jobs purge and rewrite their output)
  assert.equal(report.jobs.find((j) => j.name === 'customer_landing_to_trusted')?.rowsWritten, e.customer_trusted);
});

test('a table that cannot be counted shows its error; the others keep their counts (runs last: it breaks a landing object)', async () => {
  const e = p.sample.expected;
  const landing = (await p.target.storage.list(p.project.manifest.bucket, { prefix: 'step_trainer/landing/' })).objects;
  const key = landing[0]!.key;
  const lines = (await p.target.storage.get(p.project.manifest.bucket, key)).toString('utf8').split('\n');
  // line 2 cut short, as a bad upload would leave it
  lines[1] = lines[1]!.slice(0, 15);
  await p.target.storage.put(p.project.manifest.bucket, key, lines.join('\n'));
  const broken = await buildZoneReport(p.project, p.target);
  const tables = new Map([...broken.datasets.flatMap((d) => d.zones.flatMap((z) => z.tables))].map((t) => [t.name, t]));
  const stepLanding = tables.get('step_trainer_landing')!;
  assert.equal(stepLanding.rows, null);
  assert.match(stepLanding.error!, new RegExp(`s3://${p.project.manifest.bucket}/${key.replace(/[.]/g, '\\.')} line 2: malformed JSON`));
  for (const name of ['customer_landing', 'customer_trusted', 'accelerometer_trusted', 'step_trainer_trusted', 'machine_learning_curated'] as const) {
    assert.equal(tables.get(name)!.rows, e[name], name);
    assert.equal(tables.get(name)!.error, undefined, name);
  }
});

test('a partitioned table counting 0 rows over objects carries the hint that no partition is registered', async () => {
  // Athena reads only the partitions registered in the catalog; MSCK REPAIR TABLE (Hive-style folders) or ALTER TABLE
  // ADD PARTITION registers them (Athena user guide, partitions.md and msck-repair-table.md). The customer landing
  // objects are there (the pipeline read them), under no dt= folder: the new table has no partition, 0 rows.
  const { bucket, database } = p.project.manifest;
  const location = `s3://${bucket}/${p.project.manifest.datasets['customer']!.landing!}`;
  const started = await p.target.queries.start(
    `CREATE EXTERNAL TABLE customer_landing_by_day (customername string) PARTITIONED BY (dt string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION '${location}'`,
    { database },
  );
  assert.equal((await p.target.queries.wait(started.id)).state, 'SUCCEEDED');
  const model = await buildZoneReport(p.project, p.target);
  const landing = model.datasets.find((d) => d.name === 'customer')!.zones.find((z) => z.zone === 'landing')!.tables;
  const byDay = landing.find((t) => t.name === 'customer_landing_by_day')!;
  assert.equal(byDay.rows, 0);
  assert.match(byDay.hint!, new RegExp(`^${database}\\.customer_landing_by_day counts 0 rows but objects are under its location: it is partitioned by dt and no partition of it is registered in the catalog`));
  assert.match(byDay.hint!, /MSCK REPAIR TABLE \S+ registers them \(Hive-style key=value folders\), or ALTER TABLE \S+ ADD PARTITION \(dt='\.\.\.'\)/);
  // a table that counts its rows has no hint
  assert.equal(landing.find((t) => t.name === 'customer_landing')!.hint, undefined);
});
