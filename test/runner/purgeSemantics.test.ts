/**
 * purge_s3_path and the sinks around it, as Glue documents them, on the local runner. The cases come from the
 * GlueContext reference (awsdocs/aws-glue-developer-guide, doc_source/aws-glue-api-crawler-pyspark-extensions-glue-context.md
 * at 5a32b8e0f7b3f474001df990d1b1f769b9737b28; https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-glue-context.html):
 *
 * - `purge_s3_path(s3_path, options={}, transformation_ctx="")` "Deletes files from the specified Amazon S3 path
 *   recursively", `s3_path` "in the format s3://<bucket>/<prefix>/";
 * - `retentionPeriod`: "Files newer than the retention period are retained. Set to 168 hours (7 days) by default.";
 * - `excludeStorageClasses`: "Files with storage class in the excludeStorageClasses set are not deleted. The default
 *   is Set() – an empty set." (every object of the local store is of the STANDARD class);
 * - `manifestFilePath` (Success.csv / Failed.csv written there) — refused locally, by name;
 * - the example `glueContext.purge_s3_path("s3://bucket/path/", {"retentionPeriod": 1, "excludeStorageClasses":
 *   ["STANDARD_IA"], "manifestFilePath": "s3://bucketmanifest/"})`.
 *
 * The purge happens where the script calls it: after the sinks before it wrote, before those after it write. And
 * some purges no target runs: a bucket's root, a landing zone, the folder the scripts deploy to.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runPipeline } from '../../src/core/actions/pipeline';
import { BUCKET, filesUnder, jsonRows, makeProject, runJob, runOk, type TestProject } from './harness';

let tp: TestProject;
before(async () => {
  tp = await makeProject();
});
after(async () => {
  await tp.close();
});

const CUSTOMER_ROWS = 4; // test/fixtures/runner/project/data/customers.json

const HEAD = `import sys
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
Customers_node1 = glueContext.create_dynamic_frame.from_catalog(database="\${database}", table_name="customer_landing", transformation_ctx="Customers_node1")
`;
const sink = (prefix: string) =>
  `glueContext.write_dynamic_frame.from_options(frame=Customers_node1, connection_type="s3", format="json", connection_options={"path": "s3://\${bucket}/${prefix}", "partitionKeys": []})\n`;

/** Writes glue-scripts/<job>.py from lines after the common head; returns the 1-based line of each given marker. */
async function script(job: string, body: string): Promise<void> {
  await fs.writeFile(path.join(tp.root, 'glue-scripts', `${job}.py`), `${HEAD}${body}job.commit()\n`);
}

const hoursAgo = async (key: string, h: number) => {
  await tp.target.storage.put(BUCKET, key, '{"a":1}\n');
  const when = new Date(Date.now() - h * 3_600_000);
  await fs.utimes(path.join(tp.dir(''), ...key.split('/')), when, when);
};
const keysUnder = async (prefix: string) => (await tp.target.storage.list(BUCKET, { prefix })).objects.map((o) => o.key);

describe('purge_s3_path options', () => {
  test('retentionPeriod (the documented example\'s 1 hour) with excludeStorageClasses ["STANDARD_IA"]: files older than an hour go, newer ones stay', async () => {
    await hoursAgo('p1/old.json', 2);
    await hoursAgo('p1/deep/er/old.json', 30);
    await hoursAgo('p1/new.json', 0.5);
    await script('purge_opts', `glueContext.purge_s3_path("s3://\${bucket}/p1/", {"retentionPeriod": 1, "excludeStorageClasses": ["STANDARD_IA"]})\n${sink('out/purge_opts/')}`);
    const run = await runOk(tp, 'purge_opts');
    assert.deepEqual(await keysUnder('p1/'), ['p1/new.json']);
    assert.match((await tp.target.jobs.logs('purge_opts', run.id)).join('\n'), /purge \(line 14\): deleted 2 object\(s\) under s3:\/\/runner-test\/p1\/ last modified more than 1 hour\(s\) before/);
  });

  test('excludeStorageClasses ["STANDARD"]: the local store\'s objects (all STANDARD) stay', async () => {
    await hoursAgo('p2/old.json', 500);
    await script('purge_std', `glueContext.purge_s3_path("s3://\${bucket}/p2/", {"retentionPeriod": 0, "excludeStorageClasses": ["STANDARD"]})\n${sink('out/purge_std/')}`);
    await runOk(tp, 'purge_std');
    assert.deepEqual(await keysUnder('p2/'), ['p2/old.json']);
  });

  test('keyword arguments (s3_path=, options=) as real scripts write them; no options: the default 168 hours', async () => {
    await hoursAgo('p3/a.json', 169);
    await hoursAgo('p3/b.json', 167);
    await script('purge_kw', `glueContext.purge_s3_path(s3_path="s3://\${bucket}/p3/", transformation_ctx="purge")\n${sink('out/purge_kw/')}`);
    await runOk(tp, 'purge_kw');
    assert.deepEqual(await keysUnder('p3/'), ['p3/b.json']);
  });

  test('manifestFilePath (the documented example) is refused by name; a path without its trailing "/" is refused, not completed', async () => {
    await hoursAgo('p4/old.json', 500);
    await script('purge_manifest', `glueContext.purge_s3_path("s3://\${bucket}/p4/", {"retentionPeriod": 1, "excludeStorageClasses": ["STANDARD_IA"], "manifestFilePath": "s3://\${bucket}/manifests/"})\n`);
    const run = await runJob(tp, 'purge_manifest');
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage ?? '', /purge_s3_path with "manifestFilePath" .*Success\.csv, Failed\.csv/);
    assert.equal(run.errorLine, 14);
    await script('purge_noslash', `glueContext.purge_s3_path("s3://\${bucket}/p4", {"retentionPeriod": 0})\n`);
    const run2 = await runJob(tp, 'purge_noslash');
    assert.match(run2.errorMessage ?? '', /the path must be in the form s3:\/\/<bucket>\/<prefix>\/ .*not "s3:\/\/runner-test\/p4"/);
    assert.deepEqual(await keysUnder('p4/'), ['p4/old.json']);
  });
});

describe('where the purge happens: between the sinks before and after it', () => {
  test('a purge after a sink of the same path takes away what that sink wrote; the sink after it adds', async () => {
    await tp.target.storage.deletePrefix(BUCKET, 'order/');
    await hoursAgo('order/x/earlier.json', 1);
    await script(
      'purge_order',
      `${sink('order/x/')}glueContext.purge_s3_path("s3://\${bucket}/order/", {"retentionPeriod": 0})\n${sink('order/y/')}`,
    );
    await runOk(tp, 'purge_order');
    assert.deepEqual(await filesUnder(tp.dir('order/x')), new Map());
    assert.equal((await jsonRows(tp.dir('order/y'))).length, CUSTOMER_ROWS);
  });

  test('a purge of a path the job reads, before a sink, is refused (Glue reads a source when a sink writes it); after the last sink it runs', async () => {
    const owners = `Owners_node2 = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="csv", connection_options={"paths": ["s3://\${bucket}/owners/"]}, format_options={"withHeader": True})\n`;
    const write = `glueContext.write_dynamic_frame.from_options(frame=Owners_node2, connection_type="s3", format="json", connection_options={"path": "s3://\${bucket}/out/purge_source/"})\n`;
    const purge = `glueContext.purge_s3_path("s3://\${bucket}/owners/", {"retentionPeriod": 0})\n`;
    await script('purge_source', `${owners}${purge}${write}`);
    const run = await runJob(tp, 'purge_source');
    assert.equal(run.state, 'FAILED');
    assert.equal(run.errorLine, 15);
    assert.match(run.errorMessage ?? '', /purge_s3_path\("s3:\/\/runner-test\/owners\/"\) deletes what source Owners_node2 \(line 14\) reads at s3:\/\/runner-test\/owners\/: Glue reads a source when a sink writes it/);
    assert.deepEqual(await keysUnder('owners/'), ['owners/owners.csv']);
    // after the last sink, the source was read already: the purge runs
    await script('purge_source', `${owners}${write}${purge}`);
    await runOk(tp, 'purge_source');
    assert.deepEqual(await keysUnder('owners/'), []);
    await tp.target.storage.put(BUCKET, 'owners/owners.csv', await fs.readFile(path.join(__dirname, '..', 'fixtures', 'runner', 'project', 'data', 'owners.csv')));
  });
});

describe('purges no target runs', () => {
  for (const [name, purge, why] of [
    ['root', 's3://${bucket}/', /would delete every object of bucket runner-test/],
    ['other_root', 's3://some-other-bucket/', /every object of bucket some-other-bucket/],
    ['landing', 's3://${bucket}/customers/landing/', /the whole of the landing zone of dataset customers \(s3:\/\/runner-test\/customers\/landing\/\)/],
    ['landing_parent', 's3://${bucket}/readings/', /the landing zone of dataset readings/],
    ['landing_inside', 's3://${bucket}/devices/landing/2024/', /objects of the landing zone of dataset devices/],
    ['scripts', 's3://${bucket}/scripts/', /the job scripts deployed to s3:\/\/runner-test\/scripts\/ \(glue\.scriptsPrefix\)/],
  ] as const) {
    test(`${purge}: refused before anything runs, on the job's run and on the pipeline's`, async () => {
      const job = `danger_${name}`;
      await script(job, `glueContext.purge_s3_path("${purge}", {"retentionPeriod": 0})\n${sink(`out/${job}/`)}`);
      try {
        const before = await filesUnder(tp.dir(''));
        const run = await runJob(tp, job);
        assert.equal(run.state, 'FAILED');
        assert.equal(run.errorLine, 14);
        assert.match(run.errorMessage ?? '', why);
        assert.match(run.errorMessage ?? '', /refused on every target/);
        assert.equal(run.rowsRead, undefined);
        await assert.rejects(runPipeline(tp.project, tp.target, { jobs: [job] }), (e: Error) => why.test(e.message) && new RegExp(`glue-scripts/${job}\\.py:14:1: `).test(e.message));
        const now = await filesUnder(tp.dir(''));
        assert.deepEqual([...now.keys()].filter((k) => !k.startsWith('out/')), [...before.keys()].filter((k) => !k.startsWith('out/')));
      } finally {
        await fs.rm(path.join(tp.root, 'glue-scripts', `${job}.py`));
      }
    });
  }
});

test('job bookmarks, which the local runner does not keep, are refused by name (Glue would read only the new files)', async () => {
  const manifest = JSON.parse(await fs.readFile(path.join(tp.root, 'lakehouse.json'), 'utf8')) as Record<string, unknown>;
  try {
    const started = await tp.target.jobs.start('sql_node', { arguments: { '--job-bookmark-option': 'job-bookmark-enable' } });
    const run = await tp.target.jobs.wait('sql_node', started.id);
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage ?? '', /--job-bookmark-option job-bookmark-enable cannot run on the local engine, which keeps no job bookmarks/);
  } finally {
    await fs.writeFile(path.join(tp.root, 'lakehouse.json'), JSON.stringify(manifest, null, 2));
  }
});
