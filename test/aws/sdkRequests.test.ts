/**
 * The requests the SDK builds for AWS itself — no custom endpoint — recorded by an HTTP handler that answers
 * without any network, and checked against what AWS documents. The offline servers of the other tests need a
 * custom endpoint (path-style, checksums only where required); this is the configuration real accounts get.
 *
 * - Virtual-hosted-style addressing: "https://bucket-name.s3.region-code.amazonaws.com/key-name"
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html).
 * - Checksums on upload (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity-upload.html):
 *   "For single part uploads, you can provide checksum values as headers" (x-amz-checksum-<algorithm>, with
 *   x-amz-sdk-checksum-algorithm); "For multipart uploads, AWS SDKs can automatically create trailing checksums for
 *   chunked uploads" — a streamed body is sent aws-chunked with the checksum in a trailer (x-amz-trailer,
 *   STREAMING-UNSIGNED-PAYLOAD-TRAILER). The algorithm is CRC64NVME, S3's full-object checksum.
 * - CRC-64/NVME of "123456789" is 0xAE8B14860A799888 (the CRC catalogue's check value, reveng.sourceforge.net
 *   crc-catalogue "CRC-64/NVME"): the trailer carries it, base64 of its 8 bytes.
 * - HeadObject asks for the stored checksum (x-amz-checksum-mode: ENABLED, API reference HeadObject ChecksumMode).
 * - Glue: awsJson1_1 to glue.<region>.amazonaws.com with X-Amz-Target AWSGlue.<Operation>; IAM: the global
 *   endpoint iam.amazonaws.com, signed for us-east-1 (IAM is global: https://docs.aws.amazon.com/general/latest/gr/iam-service.html).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/core/protocols';
import { AwsConnection } from '../../src/core/targets/aws/connection';
import { GlueCatalog } from '../../src/core/targets/aws/glueCatalog';
import { getRole } from '../../src/core/targets/aws/glueRole';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';

interface Recorded {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** An HTTP handler of the SDK's shape that records each request and answers `reply(request)`. */
function recorder(reply: (r: Recorded) => { status?: number; headers?: Record<string, string>; body?: string }) {
  const requests: Recorded[] = [];
  const handler = {
    async handle(req: { method: string; hostname: string; path: string; headers: Record<string, string>; body?: unknown }) {
      const chunks: Buffer[] = [];
      const b = req.body as AsyncIterable<Uint8Array> | Uint8Array | string | undefined;
      if (b && typeof b === 'object' && Symbol.asyncIterator in b) for await (const c of b) chunks.push(Buffer.from(c));
      else if (b !== undefined) chunks.push(Buffer.from(b as Uint8Array));
      const r: Recorded = { method: req.method, hostname: req.hostname, path: req.path, headers: { ...req.headers }, body: Buffer.concat(chunks) };
      requests.push(r);
      const out = reply(r);
      return { response: new HttpResponse({ statusCode: out.status ?? 200, headers: out.headers ?? {}, body: Readable.from(out.body ? [Buffer.from(out.body)] : []) }) };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  };
  return { requests, handler };
}

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

test('S3 on AWS: virtual-hosted addressing, CRC64NVME checksums on every upload (header, or an aws-chunked trailer), the MD5 in metadata, checksum mode on HEAD', async () => {
  const rec = recorder((r): { headers: Record<string, string> } => ({ headers: r.method === 'HEAD' ? { 'content-length': '9', etag: '"x"', 'x-amz-meta-md5chksum': 'JfnnlDI7RTiF9RgfG2JNCw==' } : { etag: '"x"' } }));
  const conn = await AwsConnection.open({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: rec.handler });
  try {
    const s3 = new S3ObjectStore(conn);
    // a small Buffer: one PutObject with the checksum as a header and Content-MD5
    await s3.put('my-bucket', 'landing/a.json', Buffer.from('123456789'), { md5: '25f9e794323b453885f5181f1b624d0b' });
    // a stream of known size: one PutObject, aws-chunked, the checksum in a trailer
    await s3.put('my-bucket', 'landing/b.json', Readable.from([Buffer.from('12345'), Buffer.from('6789')]), { size: 9 });
    const head = await s3.head('my-bucket', 'landing/a.json');
    await s3.headBucket('my-bucket');

    const [put, stream, headReq, headBucket] = rec.requests;
    for (const r of rec.requests) assert.equal(r.hostname, 'my-bucket.s3.eu-west-1.amazonaws.com', 'virtual-hosted style: bucket.s3.region.amazonaws.com');
    assert.equal(put!.path, '/landing/a.json');
    assert.equal(headBucket!.path, '/');

    // CRC-64/NVME("123456789") = 0xAE8B14860A799888 (the CRC catalogue's check value)
    const check = Buffer.from('ae8b14860a799888', 'hex').toString('base64');
    assert.equal(put!.headers['x-amz-sdk-checksum-algorithm'], 'CRC64NVME');
    assert.equal(put!.headers['x-amz-checksum-crc64nvme'], check);
    // MD5("123456789") = 25f9e794323b453885f5181f1b624d0b (RFC 1321's algorithm), kept base64 in the metadata
    assert.equal(put!.headers['x-amz-meta-md5chksum'], Buffer.from('25f9e794323b453885f5181f1b624d0b', 'hex').toString('base64'));

    assert.equal(stream!.headers['content-encoding'], 'aws-chunked');
    assert.equal(stream!.headers['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    assert.equal(stream!.headers['x-amz-trailer'], 'x-amz-checksum-crc64nvme');
    assert.equal(stream!.headers['x-amz-decoded-content-length'], '9');
    assert.ok(stream!.body.toString('latin1').includes(`x-amz-checksum-crc64nvme:${check}`), stream!.body.toString('latin1'));

    assert.equal(headReq!.method, 'HEAD');
    assert.equal(headReq!.headers['x-amz-checksum-mode'], 'ENABLED');
    assert.equal(head?.contentMd5, '25f9e794323b453885f5181f1b624d0b', 'the md5chksum metadata read back as hex');
  } finally {
    conn.close();
  }
});

test('Glue on AWS: awsJson1_1 to glue.<region>.amazonaws.com; IAM: the global endpoint, signed for us-east-1', async () => {
  const rec = recorder((r) =>
    r.hostname.startsWith('glue.')
      ? { headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ Database: { Name: 'stedi' } }) }
      : {
          headers: { 'content-type': 'text/xml' },
          body: '<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><Path>/</Path><RoleName>r</RoleName><RoleId>AROAEXAMPLE</RoleId><Arn>arn:aws:iam::123456789012:role/r</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument></Role></GetRoleResult></GetRoleResponse>',
        },
  );
  const conn = await AwsConnection.open({ region: 'ap-southeast-2', credentials: CREDENTIALS, requestHandler: rec.handler });
  try {
    await new GlueCatalog(conn).database('stedi');
    await getRole(conn, 'r');
    const [glue, iam] = rec.requests;
    assert.equal(glue!.hostname, 'glue.ap-southeast-2.amazonaws.com');
    assert.equal(glue!.headers['x-amz-target'], 'AWSGlue.GetDatabase');
    assert.equal(glue!.headers['content-type'], 'application/x-amz-json-1.1');
    assert.deepEqual(JSON.parse(glue!.body.toString()), { Name: 'stedi' });
    assert.equal(iam!.hostname, 'iam.amazonaws.com');
    assert.match(iam!.headers['authorization'] ?? '', /Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/iam\/aws4_request/);
    assert.match(iam!.body.toString(), /Action=GetRole/);
  } finally {
    conn.close();
  }
});
