/**
 * S3's request limits that s3rver does not enforce, enforced by the test S3 proxy (fake/s3proxy.ts) as S3 does —
 * so that a client sending more than S3 takes fails here as it would on AWS:
 * - DeleteObjects: "The request can contain a list of up to 1,000 keys that you want to delete" (S3 API reference,
 *   DeleteObjects); more is a 400 MalformedXML (Error responses);
 * - a key of more than 1,024 bytes of UTF-8 (S3 user guide, "Naming Amazon S3 objects"): 400 KeyTooLongError, "Your
 *   key is too long" (Error responses). The AWS target refuses such a key itself, before any request.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, DeleteObjectsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { isLakehouseError } from '../../src/core/errors';
import { AwsConnection } from '../../src/core/targets/aws/connection';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';
import { startS3Proxy, type S3Proxy } from './fake/s3proxy';
import { S3RVER_CREDENTIALS, s3rverSettings, startS3rver, type S3rverHandle } from './s3rver';

let s3rver: S3rverHandle;
let proxy: S3Proxy;
let client: S3Client;

before(async () => {
  s3rver = await startS3rver();
  proxy = await startS3Proxy(s3rver.endpoint);
  client = new S3Client({
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await client.send(new CreateBucketCommand({ Bucket: 'limits' }));
});
after(async () => {
  client?.destroy();
  await proxy?.close();
  await s3rver?.stop();
});

describe('S3 limits s3rver lacks', () => {
  test('DeleteObjects: 1,000 keys go (missing keys count as deleted, as on S3); 1,001 are MalformedXML', async () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `gone/${i}` }));
    const ok = await client.send(new DeleteObjectsCommand({ Bucket: 'limits', Delete: { Objects: keys(1000), Quiet: true } }));
    assert.deepEqual(ok.Errors ?? [], []);
    await assert.rejects(client.send(new DeleteObjectsCommand({ Bucket: 'limits', Delete: { Objects: keys(1001), Quiet: true } })), (e) => (e as Error).name === 'MalformedXML');
  });

  test('a key of 1,024 bytes goes, 1,025 is KeyTooLongError; the target refuses it before sending', async () => {
    // in folders of 100 bytes: s3rver keeps a key as a file path, whose names have at most 255 bytes
    const longest = `${`${'a'.repeat(99)}/`.repeat(10)}${'a'.repeat(24)}`;
    assert.equal(Buffer.byteLength(longest), 1024);
    await client.send(new PutObjectCommand({ Bucket: 'limits', Key: longest, Body: 'x' }));
    // two-byte characters: 513 × 2 bytes
    await assert.rejects(client.send(new PutObjectCommand({ Bucket: 'limits', Key: 'é'.repeat(513), Body: 'x' })), (e) => (e as Error).name === 'KeyTooLongError');
    const conn = await AwsConnection.open(s3rverSettings(proxy.endpoint));
    try {
      const before = proxy.requests.length;
      await assert.rejects(new S3ObjectStore(conn).put('limits', 'é'.repeat(513), 'x'), (e) => isLakehouseError(e, 'InvalidObjectKey') && /longer than 1024 bytes/.test(e.message));
      assert.equal(proxy.requests.length, before);
    } finally {
      conn.close();
    }
  });
});
