/**
 * Map.apply (Glue's Map transform) with a Python def translated, never run: the def sets and deletes the record's
 * keys and returns it (the shape of vijayanand-88/DIQA QATest812.py, test/fixtures/glue-public/corpus.json). The
 * semantics are aws-glue-libs awsglue/dynamicframe.py `map` (commit 0af215e): the function gets the record as a dict
 * (gluetypes.py DynamicRecord), and a record for which it raises — KeyError for a key the record lacks, TypeError
 * for None + 1 — is an error record, not in the output (stageThreshold 0, the default, never fails the job). The
 * expected rows are worked out by hand from test/fixtures/glue-studio/project/data:
 *   readings: ann t1 x1.0, ann t2 x-0.5, bob t3 x0.0, cid t4 x2.5, eve t5 x7.0 (keys user, time, x)
 *   flags: id1 flag 0, id2 flag null, id3 (no flag key), id4 flag 5
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
import { jsonRows } from './harness';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'glue-studio', 'project');
const BUCKET = 'gs-test';
const HEADER = `import sys
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
`;
const READINGS = `readings = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing")\n`;
const FLAGS = `flags = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="flag_landing")\n`;
const sink = (frame: string, out: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/${out}/"})\njob.commit()\n`;

let root: string;
let target: LocalTarget;

async function run(name: string, body: string): Promise<JobRun> {
  await fs.writeFile(path.join(root, 'glue-scripts', `${name}.py`), `${HEADER}\n${body}`);
  const started = await target.jobs.start(name);
  return target.jobs.wait(name, started.id);
}
async function rows(name: string, body: string): Promise<Record<string, unknown>[]> {
  const r = await run(name, body);
  if (r.state !== 'SUCCEEDED') assert.fail(`${name}: ${r.state} ${r.errorMessage ?? ''}`);
  const out = await jsonRows(path.join(root, '.lakehouse', 's3', BUCKET, 'out', name));
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-map-'));
  await fs.cp(FIXTURE, root, { recursive: true });
  // the scripts' folder is empty in the fixture, and git keeps no empty folders
  await fs.mkdir(path.join(root, 'glue-scripts'), { recursive: true });
  const project = await loadProject(root);
  target = await LocalTarget.open(project, { threads: 2 });
  await createTables(project, target);
  await target.storage.createBucket(BUCKET);
  for (const [key, file] of [
    ['readings/landing/readings-1.json', 'readings.json'],
    ['flags/landing/flags-1.json', 'flags.json'],
  ] as const)
    await target.storage.put(BUCKET, key, await fs.readFile(path.join(root, 'data', file)));
});
after(async () => {
  await target.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('Map.apply with a def that sets and deletes keys', () => {
  test('keys set from the record as the statements before left it, a key deleted, a key renamed (QATest812.py\'s shape)', async () => {
    const body = `def shift(rec):
    rec["x"] = rec["x"] + 10
    rec["step"] = rec["time"] * 2
    rec["when"] = rec["time"]
    del rec["time"]
    rec.doubled = rec.x * 2
    return rec

${READINGS}mapped = Map.apply(frame=readings, f=shift, transformation_ctx="mapped")
${sink('mapped', 'map_shift')}`;
    // x + 10 first, so doubled reads the new x: (x + 10) * 2; rec.doubled is rec["doubled"] (DynamicRecord's __setattr__)
    assert.deepEqual(await rows('map_shift', body), [
      { user: 'ann@example.com', x: 11, step: 2, when: 1, doubled: 22 },
      { user: 'ann@example.com', x: 9.5, step: 4, when: 2, doubled: 19 },
      { user: 'bob@example.com', x: 10, step: 6, when: 3, doubled: 20 },
      { user: 'cid@example.com', x: 12.5, step: 8, when: 4, doubled: 25 },
      { user: 'eve@example.com', x: 17, step: 10, when: 5, doubled: 34 },
    ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  });

  test('a record for which the function raises is not in the output: None + 1 (TypeError), a missing key (KeyError)', async () => {
    const body = `def bump(rec):
    rec["flag"] = rec["flag"] + 1
    return rec

${FLAGS}mapped = flags.map(f=bump)
${sink('mapped', 'map_bump')}`;
    assert.deepEqual(await rows('map_bump', body), [
      { id: 1, flag: 1 },
      { id: 4, flag: 6 },
    ]);
  });

  test('del of a key a record holds as null succeeds and of a key it lacks raises: where the data cannot tell them apart the run stops, naming the function', async () => {
    const body = `def strip(rec):
    del rec["flag"]
    return rec

${FLAGS}mapped = Map.apply(frame=flags, f=strip)
${sink('mapped', 'map_strip')}`;
    const r = await run('map_strip', body);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /map_strip\.py:\d+:\d+: the function given to Map\.apply cannot run on the local engine: a record has no value for flag/);
  });

  test('over CSV files named by their keys (QATest812.py reads two objects): only those objects are read; fields with a value in every record need no null-or-missing decision', async () => {
    // Glue's from_options "paths" may name objects: https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-s3-home.html
    await target.storage.put(BUCKET, 'csv/in/a.csv', Buffer.from('id,n,m\n1,5,x\n2,7,y\n'));
    await target.storage.put(BUCKET, 'csv/in/b.csv', Buffer.from('id,n,m\n3,9,z\n'));
    const body = `def bump(rec):
    rec["n"] = rec["n"] + 1
    del rec["m"]
    return rec

src = glueContext.create_dynamic_frame.from_options("s3", {"paths": ["s3://${BUCKET}/csv/in/a.csv"]}, format="csv", format_options={"withHeader": True, "separator": ","})
mapped = Map.apply(frame=src, f=bump)
${sink('mapped', 'map_csv')}`;
    assert.deepEqual(await rows('map_csv', body), [
      { id: 1, n: 6 },
      { id: 2, n: 8 },
    ]);
  });

  test('a function reading more fields than are decided per record runs when the frame holds no NULL in them (one scan of the frame says so)', async () => {
    await target.storage.put(BUCKET, 'csv/wide/w.csv', Buffer.from('a,b,c,d,e,f\n1,2,3,4,5,x\n10,20,30,40,50,y\n'));
    const body = `def total(rec):
    rec["s"] = rec["a"] + rec["b"] + rec["c"] + rec["d"] + rec["e"]
    del rec["f"]
    return rec

src = glueContext.create_dynamic_frame.from_options("s3", {"paths": ["s3://${BUCKET}/csv/wide/"]}, format="csv", format_options={"withHeader": True})
mapped = Map.apply(frame=src, f=total)
${sink('mapped', 'map_wide')}`;
    assert.deepEqual(await rows('map_wide', body), [
      { a: 1, b: 2, c: 3, d: 4, e: 5, s: 15 },
      { a: 10, b: 20, c: 30, d: 40, e: 50, s: 150 },
    ]);
  });

  test('a local variable holds the value it had when assigned, not the key set later', async () => {
    const body = `def swap(rec):
    old = rec["x"]
    rec["x"] = rec["time"]
    rec["time"] = old
    return rec

${READINGS}mapped = Map.apply(frame=readings, f=swap)
${sink('mapped', 'map_swap')}`;
    const out = await rows('map_swap', body);
    assert.deepEqual(
      out.map((r) => [r['x'], r['time']]).sort((a, b) => Number(a[0]) - Number(b[0])),
      [
        [1, 1.0],
        [2, -0.5],
        [3, 0.0],
        [4, 2.5],
        [5, 7.0],
      ],
    );
  });
});

describe('Map.apply: refused before anything runs, naming the construct and its line', () => {
  const cases: [string, string, RegExp][] = [
    ['a lambda', `${READINGS}m = Map.apply(frame=readings, f=lambda r: r)`, /:\d+:\d+: a lambda in the function given to Map\.apply cannot run on the local engine/],
    ['an if statement', `def f(rec):\n    if rec["x"] > 0:\n        rec["y"] = 1\n    return rec\n${READINGS}m = Map.apply(frame=readings, f=f)`, /:\d+:\d+: if rec\["x"\] > 0:.* in the function given to Map\.apply cannot run on the local engine/s],
    ['no return of the record', `def f(rec):\n    rec["y"] = 1\n${READINGS}m = Map.apply(frame=readings, f=f)`, /does not end with return rec/],
    ['a stageThreshold', `def f(rec):\n    return rec\n${READINGS}m = Map.apply(frame=readings, f=f, stageThreshold=5)`, /Map\.apply with stageThreshold=5 cannot run on the local engine/],
  ];
  for (const [what, code, message] of cases)
    test(what, async () => {
      const name = `map_refused_${what.replace(/\W+/g, '_')}`;
      const r = await run(name, `${code}\n${sink('m', name)}`);
      assert.equal(r.state, 'FAILED');
      assert.match(r.errorMessage ?? '', message);
      await assert.rejects(fs.access(path.join(root, '.lakehouse', 's3', BUCKET, 'out', name)));
    });
});
