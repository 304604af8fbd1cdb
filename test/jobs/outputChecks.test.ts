/**
 * What a job's output does, checked before it runs (outputChecks.ts, pipeline.ts's sharedOutputs): purges refused on
 * every target, purges found in scripts the local runner does not read, sinks whose re-run duplicates rows (Glue's
 * sinks add files: see test/runner/lifecycle.test.ts for the documentation), tables two jobs write.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duplicatingSinks, findPurgeCalls, purgeProblem, scriptPurgeRefusals, unexpandVariables } from '../../src/core/jobs/outputChecks';
import { sharedOutputs } from '../../src/core/jobs/pipeline';
import { readGlueScript } from '../../src/core/jobs/script';
import type { Manifest } from '../../src/core/project/manifest';
import { newTable } from '../../src/core/targets/local/tableWrites';

const manifest = {
  name: 'shop',
  bucket: 'shop-lake',
  database: 'shop',
  region: 'us-east-1',
  sql: 'sql',
  scripts: 'glue-scripts',
  datasets: { customer: { landing: 'customer/landing/', trusted: 'customer/trusted/' }, orders: { landing: 'raw/orders/' } },
  glue: { scriptsPrefix: 'glue/scripts/', glueVersion: '4.0', workerType: 'G.1X', numberOfWorkers: 2, defaultArguments: {}, jobs: {} },
  variables: {},
} as unknown as Manifest;

const HEAD = `from awsglue.context import GlueContext
from pyspark.context import SparkContext
glueContext = GlueContext(SparkContext())
src = glueContext.create_dynamic_frame.from_catalog(database="shop", table_name="customer_landing")
`;
const fromOptions = (p: string) => `glueContext.write_dynamic_frame.from_options(frame=src, connection_type="s3", format="json", connection_options={"path": "${p}"})\n`;
const plan = (body: string) => readGlueScript(HEAD + body, 'job.py');

describe('purges refused on every target', () => {
  it('a bucket\'s root (any bucket), a landing zone, a prefix holding one or one inside one, the scripts\' folder', () => {
    for (const [p, re] of [
      ['s3://shop-lake/', /every object of bucket shop-lake/],
      ['s3://shop-lake', /every object of bucket shop-lake/],
      ['s3://another-bucket/', /every object of bucket another-bucket/],
      ['s3://shop-lake/customer/landing/', /the whole of the landing zone of dataset customer/],
      ['s3://shop-lake/customer/', /the whole of the landing zone of dataset customer \(s3:\/\/shop-lake\/customer\/landing\/\)/],
      ['s3://shop-lake/customer/land', /landing zone of dataset customer/], // an S3 prefix: it holds customer/landing/…
      ['s3://shop-lake/raw/', /landing zone of dataset orders/],
      ['s3://shop-lake/raw/orders/2024/', /objects of the landing zone of dataset orders/],
      ['s3://shop-lake/glue/', /job scripts deployed to s3:\/\/shop-lake\/glue\/scripts\/ \(glue\.scriptsPrefix\)/],
      ['s3://shop-lake/glue/scripts/old/', /job scripts deployed/],
    ] as const)
      assert.match(purgeProblem(p, manifest) ?? '', re, p);
  });
  it('zones nested in a landing zone (trusted at <landing>/trusted/) own their keys: their purge runs; the landing\'s own is refused', () => {
    const nested = { ...manifest, datasets: { acc: { landing: 'acc_landing/', trusted: 'acc_landing/trusted/' } } } as unknown as Manifest;
    assert.equal(purgeProblem('s3://shop-lake/acc_landing/trusted/', nested), undefined);
    assert.equal(purgeProblem('s3://shop-lake/acc_landing/trusted/2024/', nested), undefined);
    assert.match(purgeProblem('s3://shop-lake/acc_landing/', nested) ?? '', /the whole of the landing zone of dataset acc/);
    assert.match(purgeProblem('s3://shop-lake/acc_landing/old/', nested) ?? '', /objects of the landing zone of dataset acc/);
    assert.match(purgeProblem('s3://shop-lake/acc_landing/tr', nested) ?? '', /objects of the landing zone of dataset acc/);
  });
  it('other zones, other prefixes and other buckets\' prefixes are purged as the script says', () => {
    for (const p of ['s3://shop-lake/customer/trusted/', 's3://shop-lake/customer/landingx/', 's3://shop-lake/raw/ordersx/', 's3://shop-lake/glue-temp/', 's3://another-bucket/customer/landing/'])
      assert.equal(purgeProblem(p, manifest), undefined, p);
  });
  it('finds purges in scripts the local runner does not read, literal or through a module-level constant; others are unchecked', async () => {
    const text = `import boto3
${HEAD}
TARGET = "s3://shop-lake/customer/"
x = boto3.client("s3")  # not something the local runner reads
glueContext.purge_s3_path(TARGET, {"retentionPeriod": 0})
glueContext.purge_s3_path(s3_path="s3://shop-lake/customer/trusted/", options={"retentionPeriod": 0})
glueContext.purge_s3_path(f"s3://{bucket}/x/")
`;
    const calls = await findPurgeCalls(text);
    assert.deepEqual(calls, [
      { line: 9, column: 1, path: 's3://shop-lake/customer/' },
      { line: 10, column: 1, path: 's3://shop-lake/customer/trusted/' },
      { line: 11, column: 1 },
    ]);
    const { refused, unchecked } = await scriptPurgeRefusals(text, manifest);
    assert.deepEqual(refused.map((r) => [r.line, r.path]), [[9, 's3://shop-lake/customer/']]);
    assert.deepEqual(unchecked.map((u) => u.line), [11]);
  });
});

describe('sinks a re-run duplicates', () => {
  it('a sink with no purge before it is named, with the purge to insert', async () => {
    const [d, ...rest] = duplicatingSinks(await plan(fromOptions('s3://shop-lake/customer/trusted/')));
    assert.deepEqual(rest, []);
    assert.equal(d?.line, 5);
    assert.equal(d?.fix, 'glueContext.purge_s3_path("s3://shop-lake/customer/trusted/", {"retentionPeriod": 0})');
    assert.match(d?.message ?? '', /adds its files beside those already there, as Glue's sinks do, and no purge_s3_path of s3:\/\/shop-lake\/customer\/trusted\/ comes before it: a re-run adds the same rows again/);
  });
  it('a purge of its path (or of a prefix holding it) before it, retentionPeriod 0: nothing to say', async () => {
    assert.deepEqual(duplicatingSinks(await plan(`glueContext.purge_s3_path("s3://shop-lake/customer/trusted/", {"retentionPeriod": 0})\n${fromOptions('s3://shop-lake/customer/trusted/')}`)), []);
    assert.deepEqual(duplicatingSinks(await plan(`glueContext.purge_s3_path("s3://shop-lake/customer/", {"retentionPeriod": 0})\n${fromOptions('s3://shop-lake/customer/trusted')}`)), []);
  });
  it('a purge after it, of another path, keeping recent files, or keeping STANDARD objects does not stop the duplicates', async () => {
    const after = duplicatingSinks(await plan(`${fromOptions('s3://shop-lake/customer/trusted/')}glueContext.purge_s3_path("s3://shop-lake/customer/trusted/", {"retentionPeriod": 0})\n`));
    assert.equal(after.length, 1);
    const other = duplicatingSinks(await plan(`glueContext.purge_s3_path("s3://shop-lake/customer/curated/", {"retentionPeriod": 0})\n${fromOptions('s3://shop-lake/customer/trusted/')}`));
    assert.equal(other.length, 1);
    const recent = duplicatingSinks(await plan(`glueContext.purge_s3_path("s3://shop-lake/customer/trusted/")\n${fromOptions('s3://shop-lake/customer/trusted/')}`));
    assert.match(recent[0]?.reason ?? '', /the purge at line 5 keeps the files written in the last 168 hour\(s\) \(retentionPeriod\)/);
    const standard = duplicatingSinks(await plan(`glueContext.purge_s3_path("s3://shop-lake/customer/trusted/", {"retentionPeriod": 0, "excludeStorageClasses": ["STANDARD"]})\n${fromOptions('s3://shop-lake/customer/trusted/')}`));
    assert.match(standard[0]?.reason ?? '', /keeps objects of the STANDARD storage class/);
  });
  it('a from_catalog sink writes its table\'s location (known from the catalog; without it, no fix is offered)', async () => {
    const p = await plan(`glueContext.write_dynamic_frame.from_catalog(frame=src, database="shop", table_name="customer_trusted")\n`);
    const [without] = duplicatingSinks(p);
    assert.equal(without?.table, 'shop.customer_trusted');
    assert.equal(without?.fix, undefined);
    const t = newTable('shop', 'customer_trusted', 'json', 's3://shop-lake/customer/trusted/', [{ name: 'a', type: 'string' }]);
    assert.equal(duplicatingSinks(p, [t])[0]?.fix, 'glueContext.purge_s3_path("s3://shop-lake/customer/trusted/", {"retentionPeriod": 0})');
  });
  it('the fix keeps the script\'s ${variables} in whole path segments', () => {
    assert.equal(unexpandVariables('s3://shop-lake/customer/trusted/', 'path="s3://${bucket}/customer/trusted/"', { bucket: 'shop-lake', database: 'customer' }), 's3://${bucket}/customer/trusted/');
    assert.equal(unexpandVariables('s3://shop-lake/customer/trusted/', 'no variables here', { bucket: 'shop-lake' }), 's3://shop-lake/customer/trusted/');
  });
});

describe('tables two jobs write', () => {
  it('names the sink of the job that runs later, once per pair; a job alone writes nothing shared', async () => {
    const a = { name: 'a_job', plan: await readGlueScript(HEAD + fromOptions('s3://shop-lake/customer/trusted/'), 'glue-scripts/a_job.py') };
    const b = { name: 'b_job', plan: await readGlueScript(`${HEAD}\n\n${fromOptions('s3://shop-lake/customer/trusted/part/')}`, 'glue-scripts/b_job.py') };
    const t = newTable('shop', 'customer_trusted', 'json', 's3://shop-lake/customer/trusted/', [{ name: 'a', type: 'string' }]);
    assert.deepEqual(sharedOutputs([a, b], [t], ['b_job', 'a_job']), [
      { via: 'shop.customer_trusted', earlier: { job: 'b_job', file: 'glue-scripts/b_job.py', line: 7 }, later: { job: 'a_job', file: 'glue-scripts/a_job.py', line: 5 } },
    ]);
    assert.deepEqual(sharedOutputs([a], [t], ['a_job']), []);
  });
  it('two folders of a partitioned table, neither inside the other, are two partitions: not shared; the whole table shares each', async () => {
    // A partitioned table's rows live in Hive-style folders `key=value/` under its location, one per partition
    // (Athena User Guide, "Partitioning your data"): a job writing region=eu/ and one writing region=us/ do not
    // write each other's rows; a sink of the table's location writes every partition.
    const t = newTable('shop', 'orders', 'json', 's3://shop-lake/orders/', [{ name: 'a', type: 'string' }], [{ name: 'region', type: 'string' }]);
    const job = async (name: string, p: string) => ({ name, plan: await readGlueScript(HEAD + fromOptions(p), `glue-scripts/${name}.py`) });
    const eu = await job('eu', 's3://shop-lake/orders/region=eu/');
    const us = await job('us', 's3://shop-lake/orders/region=us/');
    const eu2 = await job('eu2', 's3://shop-lake/orders/region=eu/');
    const all = await job('all', 's3://shop-lake/orders/');
    assert.deepEqual(sharedOutputs([eu, us], [t], ['eu', 'us']), []);
    assert.deepEqual(sharedOutputs([eu, eu2], [t], ['eu', 'eu2']).map((s) => s.via), ['shop.orders']);
    assert.deepEqual(sharedOutputs([eu, all], [t], ['eu', 'all']).map((s) => s.via), ['shop.orders']);
    // an unpartitioned table holds the files of every folder under it: two folders there still share the table
    const flat = newTable('shop', 'orders', 'json', 's3://shop-lake/orders/', [{ name: 'a', type: 'string' }]);
    assert.deepEqual(sharedOutputs([eu, us], [flat], ['eu', 'us']).map((s) => s.via), ['shop.orders']);
  });
});
