/**
 * A project whose bucket lives in another region than the one the target works in, as a real account meets it: S3's
 * regional endpoint answers a HEAD with a bare 301 and `x-amz-bucket-region`, anything else with 301
 * PermanentRedirect naming the bucket's endpoint (S3 API reference, "Error responses"; HeadBucket's
 * x-amz-bucket-region) — modelled by the test S3 proxy (fake/s3proxy.ts, `bucketRegions`). The user is told the
 * bucket's region and the setting that stays (lakehouse.json's "region"), not a flag to repeat on every command.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { loadProject } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { AthenaClient, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { isLakehouseError } from '../../src/core/errors';
import { isAwsError } from '../../src/core/targets/aws/connection';
import { startFakeAws, useTestRole, type OfflineAws } from './fake';
import { S3RVER_CREDENTIALS } from './s3rver';

let tmp: string;
let aws: OfflineAws;
let target: AwsTarget;

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-bucket-region-'));
  aws = await startFakeAws({ bucket: 'eu-lake', database: 'stedi' });
  aws.s3.bucketRegions.set('eu-lake', 'eu-west-1');
  const dir = path.join(tmp, 'p');
  await initProject(dir, { sample: 'stedi', bucket: 'eu-lake', region: 'us-east-1' });
  await useTestRole(dir);
  target = await AwsTarget.open(await loadProject(dir), aws.targetOptions());
});
after(async () => {
  await target?.close();
  await aws?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('a bucket in another region', () => {
  test('the proxy answers as S3 does: HEAD a bare 301 with x-amz-bucket-region, GET a PermanentRedirect naming the endpoint', async () => {
    const head = await fetch(`${aws.s3.endpoint}/eu-lake`, { method: 'HEAD', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261207/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x' } });
    assert.equal(head.status, 301);
    assert.equal(head.headers.get('x-amz-bucket-region'), 'eu-west-1');
    const get = await fetch(`${aws.s3.endpoint}/eu-lake?list-type=2`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261207/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x' }, redirect: 'manual' });
    assert.equal(get.status, 301);
    const body = await get.text();
    assert.match(body, /<Code>PermanentRedirect<\/Code>/);
    assert.match(body, /<Endpoint>eu-lake\.s3\.eu-west-1\.amazonaws\.com<\/Endpoint>/);
  });

  test('upload (HeadBucket first) names the region and the lasting fix', async () => {
    await assert.rejects(target.storage.ensureBucket('eu-lake'), (e) => {
      assert.ok(isAwsError(e, 'WrongRegion'));
      assert.equal(e.remedy.region, 'eu-west-1');
      assert.match(e.message, /^WrongRegion: s3:\/\/eu-lake\/ is in region eu-west-1, not us-east-1 \(s3:ListBucket on s3:\/\/eu-lake\/\)/);
      assert.match(e.message, /Fix: set "region": "eu-west-1" in lakehouse\.json \(or pass --region eu-west-1\), or choose a bucket of us-east-1/);
      return true;
    });
  });

  test('a PutObject (deploy\'s scripts) says the same', async () => {
    await assert.rejects(target.storage.put('eu-lake', 'scripts/x.py', 'print(1)\n'), (e) => {
      assert.ok(isAwsError(e, 'WrongRegion'));
      assert.match(e.message, /is in region eu-west-1, not us-east-1/);
      assert.match(e.message, /"region": "eu-west-1" in lakehouse\.json/);
      return true;
    });
  });

  test('doctor: the bucket row fails with the region, the fix once', async () => {
    const rows = await target.checkSetup();
    const bucket = rows.find((r) => r.id === 'bucket')!;
    assert.equal(bucket.status, 'fail');
    assert.match(bucket.detail, /is in region eu-west-1, not us-east-1/);
    // the detail does not carry the fix the fix line gives
    assert.doesNotMatch(bucket.detail, /Fix:/);
    assert.equal(bucket.fix, 'set "region": "eu-west-1" in lakehouse.json (or pass --region eu-west-1), or choose a bucket of us-east-1');
  });

  test('Athena with its result location in the bucket of another region: refused at StartQueryExecution as Athena refuses it, then said with the bucket\'s region and the fix', async () => {
    // Athena user guide, troubleshooting-athena.md: "The S3 location provided to save your query results is invalid
    // ... if your output bucket location is not in the same Region as the Region in which you run your query"; the
    // InvalidRequestException's message as a public boto3 transcript of StartQueryExecution quotes it
    const athena = new AthenaClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    try {
      await assert.rejects(
        athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ClientRequestToken: 'a'.repeat(32), ResultConfiguration: { OutputLocation: 's3://eu-lake/athena-results/' } })),
        (e: unknown) => {
          assert.equal((e as { name?: string }).name, 'InvalidRequestException');
          assert.match((e as Error).message, /^The S3 location provided to save your query results is invalid\. Please check your S3 location is correct and is in the same region and try again\./);
          return true;
        },
      );
    } finally {
      athena.destroy();
    }
    await assert.rejects(target.queries.start('SELECT 1'), (e: unknown) => {
      assert.ok(isLakehouseError(e, 'InvalidInput'), String(e));
      assert.match(e.message, /^Athena in us-east-1 cannot write query results to s3:\/\/eu-lake\/athena-results\/: bucket eu-lake is in region eu-west-1, and Athena writes results only to a bucket of the region the query runs in\. Fix: set athena\.outputLocation in lakehouse\.json \(or --output-location\) to a bucket of us-east-1, or work in eu-west-1/);
      assert.match(e.message, /AWS says: .*The S3 location provided to save your query results is invalid/);
      return true;
    });
  });

  test('reaching the bucket\'s own region signed for another (AuthorizationHeaderMalformed, 400, <Region>) says the same', async () => {
    aws.s3.regionAnswer = 'malformed';
    try {
      await assert.rejects(target.storage.list('eu-lake'), (e) => {
        assert.ok(isAwsError(e, 'WrongRegion'), String(e));
        assert.equal(e.remedy.region, 'eu-west-1');
        assert.match(e.message, /is in region eu-west-1, not us-east-1/);
        assert.match(e.message, /"region": "eu-west-1" in lakehouse\.json/);
        return true;
      });
    } finally {
      aws.s3.regionAnswer = 'redirect';
    }
  });
});
