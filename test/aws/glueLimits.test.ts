/**
 * Glue's limits as the service enforces them, in the fake. Versions past their end of life (developer guide, "AWS Glue
 * version support policy": Spark 0.9, 1.0 and 2.0 reached end of life on 4/1/2026 — no new jobs, no new runs; a
 * job created without GlueVersion is a 0.9 job, API reference CreateJob GlueVersion). Tag limits, as the service enforces them (AWS Glue API reference: CreateJob Tags and TagResource TagsToAdd,
 * "Map Entries: Maximum number of 50 items", keys 1–128 characters, values at most 256; API_Tag: "must not contain the
 * prefix aws"), in the fake; and the project name — the value of the `lakehouse:project` tag deploy puts on every job
 * it creates — bounded by lakehouse.json's schema, so that a long name is refused when the project loads rather than
 * by Glue at the first CreateJob.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateJobCommand, GlueClient, StartJobRunCommand, TagResourceCommand, UpdateJobCommand } from '@aws-sdk/client-glue';
import { isLakehouseError } from '../../src/core/errors';
import { loadProject } from '../../src/core/project/manifest';
import { startFakeAws, TEST_GLUE_ROLE, type OfflineAws } from './fake';
import { S3RVER_CREDENTIALS } from './s3rver';

let aws: OfflineAws;
let glue: GlueClient;
let tmp: string;

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-glue-tags-'));
  aws = await startFakeAws({ bucket: 'tags-lake' });
  glue = new GlueClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
});
after(async () => {
  glue?.destroy();
  await aws?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

const job = (Name: string, Tags: Record<string, string>) =>
  new CreateJobCommand({ Name, Role: TEST_GLUE_ROLE, Command: { Name: 'glueetl', ScriptLocation: 's3://tags-lake/scripts/x.py', PythonVersion: '3' }, GlueVersion: '4.0', WorkerType: 'G.1X', NumberOfWorkers: 2, Tags });

const refused = (e: unknown) => (e as { name?: string }).name === 'InvalidInputException';

describe('Glue tags: the fake refuses what Glue refuses', () => {
  test('a tag value of 256 characters goes, 257 is refused; nothing is created', async () => {
    await glue.send(job('tag_256', { 'lakehouse:project': 'p'.repeat(256) }));
    await assert.rejects(glue.send(job('tag_257', { 'lakehouse:project': 'p'.repeat(257) })), refused);
    assert.equal(aws.glue.job('tag_257'), undefined);
  });

  test('a key of 129 characters, or with the reserved prefix aws:, is refused', async () => {
    await assert.rejects(glue.send(job('key_129', { ['k'.repeat(129)]: 'v' })), refused);
    await assert.rejects(glue.send(job('key_aws', { 'aws:project': 'v' })), refused);
  });

  test('at most 50 tags on a job, counting those it has', async () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await assert.rejects(glue.send(job('tags_51', { ...fifty, k50: 'v' })), refused);
    await glue.send(job('tags_50', fifty));
    const arn = 'arn:aws:glue:us-east-1:123456789012:job/tags_50';
    await assert.rejects(glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: { extra: 'v' } })), refused);
    // replacing a tag it has keeps 50
    await glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: { k0: 'w' } }));
    assert.equal(aws.glue.tags('tags_50')['k0'], 'w');
  });
});

describe('Glue versions past their end of life', () => {
  const eol = (Name: string, GlueVersion?: string) =>
    new CreateJobCommand({ Name, Role: TEST_GLUE_ROLE, Command: { Name: 'glueetl', ScriptLocation: 's3://tags-lake/scripts/x.py', PythonVersion: '3' }, ...(GlueVersion ? { GlueVersion } : {}) });

  test('CreateJob on 0.9, 1.0, 2.0 or without a GlueVersion (0.9) is refused; 3.0 goes', async () => {
    for (const v of ['0.9', '1.0', '2.0', undefined]) {
      await assert.rejects(glue.send(eol(`eol_${v ?? 'none'}`, v)), (e) => refused(e) && /end of life/.test((e as Error).message));
    }
    await glue.send(new CreateJobCommand({ Name: 'on_3', Role: TEST_GLUE_ROLE, Command: { Name: 'glueetl', ScriptLocation: 's3://tags-lake/scripts/x.py', PythonVersion: '3' }, GlueVersion: '3.0', WorkerType: 'G.1X', NumberOfWorkers: 2 }));
  });

  test('a job left on 2.0 (UpdateJob) cannot start a run', async () => {
    await glue.send(new UpdateJobCommand({ JobName: 'on_3', JobUpdate: { Role: TEST_GLUE_ROLE, Command: { Name: 'glueetl', ScriptLocation: 's3://tags-lake/scripts/x.py', PythonVersion: '3' }, GlueVersion: '2.0', WorkerType: 'G.1X', NumberOfWorkers: 2 } }));
    await assert.rejects(glue.send(new StartJobRunCommand({ JobName: 'on_3' })), (e) => refused(e) && /end of life/.test((e as Error).message));
  });
});

describe('the project name is a tag value: at most 256 characters', () => {
  const write = async (name: string) => {
    const dir = path.join(tmp, `p${name.length}`);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'lakehouse.json'), JSON.stringify({ name, bucket: 'tags-lake', database: 'db', datasets: { d: { landing: 'd/landing/' } } }));
    return dir;
  };

  test('256 loads; 257 is refused when the project loads, naming the field', async () => {
    assert.equal((await loadProject(await write('n'.repeat(256)))).manifest.name.length, 256);
    await assert.rejects(loadProject(await write('n'.repeat(257))), (e) => isLakehouseError(e) && /name/.test(e.message) && /256/.test(e.message));
  });
});
