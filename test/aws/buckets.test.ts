/**
 * Buckets as S3 wants them used, and sync on every kind of bucket — against s3rver behind a proxy that behaves as
 * S3 does where s3rver cannot (test/aws/fake/s3proxy.ts: SSE-KMS ETags, default CRC64NVME checksums, buckets of
 * other accounts, access denials in S3's words).
 *
 * - HeadBucket: "returns a 200 OK if the bucket exists and you have permission to access it … a generic 400 Bad
 *   Request, 403 Forbidden or 404 Not Found code. A message body is not included" (S3 API reference, HeadBucket);
 *   create only on 404; CreateBucket of a name another account owns: BucketAlreadyExists, "The bucket namespace is
 *   shared by all users of the system" (CreateBucket). Nothing needs s3:ListAllMyBuckets (ListBuckets).
 * - SSE-KMS: "Objects … encrypted by SSE-C or SSE-KMS, have ETags that are not an MD5 digest of their object data"
 *   (Object.ETag): a sync that compares ETags with MD5s uploads everything again at every run there.
 * - "with an explicit deny in a service control policy" (S3 user guide, troubleshoot-403-errors, access denied
 *   message examples): kept, and the fix says no IAM policy of the user's can override it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { crc64nvmeFile, syncFolder } from '../../src/core/actions/sync';
import { AwsConnection, isAwsError } from '../../src/core/targets/aws/connection';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';
import { startS3Proxy, type S3Proxy } from './fake/s3proxy';
import { S3RVER_CREDENTIALS, s3rverSettings, startS3rver, type S3rverHandle } from './s3rver';

describe('buckets and sync as on S3 (s3rver behind an S3-like proxy)', () => {
  let s3rver: S3rverHandle;
  let proxy: S3Proxy;
  let conn: AwsConnection;
  let store: S3ObjectStore;
  let tmp: string;

  before(async () => {
    s3rver = await startS3rver();
    proxy = await startS3Proxy(s3rver.endpoint);
    conn = await AwsConnection.open(s3rverSettings(proxy.endpoint));
    store = new S3ObjectStore(conn, { partSize: 5 * 1024 * 1024 });
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-buckets-'));
  });
  after(async () => {
    conn?.close();
    await proxy?.close();
    await s3rver?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const listCalls = () => proxy.requests.filter((r) => r.method === 'GET' && new URL(r.url, 'http://x').pathname === '/').length;

  test('ensureBucket: HeadBucket first, CreateBucket only on a 404, and never a listing of every bucket', async () => {
    const before = proxy.requests.length;
    assert.equal(await store.ensureBucket('fresh-bucket'), 'created');
    assert.equal(await store.ensureBucket('fresh-bucket'), 'exists');
    const calls = proxy.requests.slice(before).map((r) => `${r.method} ${new URL(r.url, 'http://x').pathname.replace(/\/$/, '')}`);
    assert.deepEqual(calls, ['HEAD /fresh-bucket', 'PUT /fresh-bucket', 'HEAD /fresh-bucket']);
    assert.equal(listCalls(), 0, 'no ListBuckets (s3:ListAllMyBuckets)');
  });

  test('a name another account owns: HeadBucket\'s 403 says the name may be taken; CreateBucket\'s BucketAlreadyExists says it is', async () => {
    proxy.foreignBuckets.add('stedi-lakehouse');
    await assert.rejects(store.ensureBucket('stedi-lakehouse'), (e) => {
      assert.ok(isAwsError(e, 'AccessDenied'), String(e));
      assert.match(e.message, /bucket stedi-lakehouse exists but these credentials may not use it/);
      assert.match(e.message, /another AWS account owns the name/);
      assert.match(e.message, /choose another "bucket" in lakehouse\.json/);
      return true;
    });
    await assert.rejects(store.createBucket('stedi-lakehouse'), (e) => {
      assert.ok(isAwsError(e, 'AlreadyExists'), String(e));
      assert.match(e.message, /^BucketAlreadyExists: the bucket name stedi-lakehouse is taken by another AWS account/);
      return true;
    });
  });

  test('HeadBucket with the expected owner: a bucket of another account is a 403 (doctor\'s "owned" check)', async () => {
    await store.ensureBucket('mine-bucket');
    await store.headBucket('mine-bucket', { expectedOwner: '123456789012' });
    await assert.rejects(store.headBucket('mine-bucket', { expectedOwner: '999999999999' }), (e) => isAwsError(e, 'AccessDenied'));
  });

  test('an explicit deny in a service control policy: S3\'s words kept, and the fix says an administrator must change it', async () => {
    await store.ensureBucket('scp-bucket');
    proxy.denials.push({ action: 's3:GetObject', method: 'GET', pathPrefix: '/scp-bucket/', explicitIn: 'service control policy' });
    try {
      await assert.rejects(store.get('scp-bucket', 'a.json'), (e) => {
        assert.ok(isAwsError(e, 'AccessDenied'), String(e));
        assert.match(e.message, /with an explicit deny in a service control policy/);
        assert.match(e.message, /an administrator of your AWS Organization must change the service control policy that denies s3:GetObject/);
        return true;
      });
    } finally {
      proxy.denials.splice(0);
    }
  });

  async function folder(name: string, files: Record<string, string | Buffer>): Promise<string> {
    const dir = path.join(tmp, name);
    for (const [f, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await fs.writeFile(path.join(dir, f), content);
    }
    return dir;
  }

  test('SSE-KMS bucket: ETags are not MD5s, yet a second sync uploads 0 bytes (the MD5 kept in the object\'s metadata)', async () => {
    proxy.kmsBuckets.add('kms-bucket');
    await store.ensureBucket('kms-bucket');
    const big = Buffer.alloc(12 * 1024 * 1024, 7); // multipart at 5 MiB parts
    const dir = await folder('kms', { 'a.json': '{"a":1}\n', 'b/c.json': '{"c":2}\n', 'big.bin': big });
    const first = await syncFolder(store, dir, 'kms-bucket', 'landing/');
    assert.equal(first.uploaded.length, 3);
    // the bucket's ETags are not the MD5 of the content (as S3 does for SSE-KMS)
    const listed = await store.list('kms-bucket', { prefix: 'landing/' });
    const md5 = createHash('md5').update('{"a":1}\n').digest('hex');
    assert.notEqual(listed.objects.find((o) => o.key === 'landing/a.json')?.etag, md5);
    const second = await syncFolder(store, dir, 'kms-bucket', 'landing/');
    assert.equal(second.bytesUploaded, 0);
    assert.equal(second.skipped.length, 3);
    // a file changed at the same size is uploaded again
    await fs.writeFile(path.join(dir, 'a.json'), '{"a":9}\n');
    const third = await syncFolder(store, dir, 'kms-bucket', 'landing/');
    assert.deepEqual(third.uploaded.map((u) => u.key), ['landing/a.json']);
  });

  test('objects another tool uploaded without our metadata: S3\'s full-object CRC64NVME (checksum mode) tells them equal', async () => {
    proxy.kmsBuckets.add('crc-bucket');
    proxy.defaultChecksums = true;
    try {
      await store.ensureBucket('crc-bucket');
      const dir = await folder('crc', { 'x.json': '{"x":1}\n', 'y.json': '{"y":22}\n' });
      // uploaded by "another tool": a plain PutObject to s3rver, no md5chksum metadata
      const raw = new S3Client({ endpoint: s3rver.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
      for (const f of ['x.json', 'y.json']) await raw.send(new PutObjectCommand({ Bucket: 'crc-bucket', Key: `landing/${f}`, Body: await fs.readFile(path.join(dir, f)) }));
      raw.destroy();
      const r = await syncFolder(store, dir, 'crc-bucket', 'landing/');
      assert.equal(r.bytesUploaded, 0);
      assert.equal(r.skipped.length, 2);
    } finally {
      proxy.defaultChecksums = false;
    }
  });

  test('crc64nvmeFile: CRC-64/NVME of "123456789" is 0xAE8B14860A799888 (the CRC catalogue\'s check value)', async () => {
    const file = path.join(tmp, 'check.txt');
    await fs.writeFile(file, '123456789');
    assert.equal(await crc64nvmeFile(file), Buffer.from('ae8b14860a799888', 'hex').toString('base64'));
  });
});
