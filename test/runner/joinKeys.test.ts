/**
 * Join.apply with several keys: records match when their key values are equal in order. A DynamicFrame join has been
 * seen to also match records whose key values are a permutation of each other (awslabs/aws-glue-libs issue #76:
 * (1, 2) joined (2, 1) with keys ["a", "b"]), which AWS does not document: where a pair of records has the same key
 * values in another order the run stops, naming the Join; elsewhere the answer does not depend on it. Expected rows
 * by hand from test/fixtures/glue-studio/project/data/readings.json (times 1–5).
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
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
import pyspark.sql.functions as F

args = getResolvedOptions(sys.argv, ['JOB_NAME'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)
readings = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="reading_landing")
`;

let root: string;
let target: LocalTarget;
const outDir = (out: string) => path.join(root, '.lakehouse', 's3', BUCKET, 'out', out);

async function run(name: string, body: string): Promise<JobRun> {
  await fs.writeFile(path.join(root, 'glue-scripts', `${name}.py`), `${HEADER}\n${body}\njob.commit()\n`);
  const started = await target.jobs.start(name);
  return target.jobs.wait(name, started.id);
}
const frames = `f1 = DynamicFrame.fromDF(readings.toDF().select(F.col("time").alias("a"), (F.col("time") + 1).alias("b")), glueContext, "f1")
same = DynamicFrame.fromDF(readings.toDF().select(F.col("time").alias("c"), (F.col("time") + 1).alias("d")), glueContext, "same")
swapped = DynamicFrame.fromDF(readings.toDF().select((F.col("time") + 1).alias("c"), F.col("time").alias("d")), glueContext, "swapped")
`;
const sink = (frame: string, out: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/${out}/"})`;

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-joinkeys-'));
  await fs.cp(FIXTURE, root, { recursive: true });
  await fs.mkdir(path.join(root, 'glue-scripts'), { recursive: true });
  const project = await loadProject(root);
  target = await LocalTarget.open(project, { threads: 2 });
  await createTables(project, target);
  await target.storage.createBucket(BUCKET);
  await target.storage.put(BUCKET, 'readings/landing/readings-1.json', await fs.readFile(path.join(root, 'data', 'readings.json')));
});
after(async () => {
  await target.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('Join.apply with two keys', () => {
  test('keys equal in order: every record joins its own (a, b) = (c, d)', async () => {
    const r = await run('join_two', `${frames}j = Join.apply(frame1=f1, frame2=same, keys1=["a", "b"], keys2=["c", "d"])\n${sink('j', 'join_two')}`);
    assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
    assert.deepEqual((await jsonRows(outDir('join_two'))).map((x) => x['a']).sort(), [1, 2, 3, 4, 5]);
  });

  test('records with the same key values in another order stop the run: (1, 2) of frame1 and (2, 1) of frame2', async () => {
    const r = await run('join_swapped', `${frames}j = Join.apply(frame1=f1, frame2=swapped, keys1=["a", "b"], keys2=["c", "d"])\n${sink('j', 'join_swapped')}`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /Join on a, b = c, d cannot run on the local engine: a record of frame1 and one of frame2 have the same key values in another order.*aws-glue-libs issue #76/);
    await assert.rejects(fs.access(outDir('join_swapped')));
  });
});
