import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { isLakehouseError } from '../../src/core/errors';
import { AwsConnection, isAwsError } from '../../src/core/targets/aws/connection';
import { S3ObjectStore, partSizeFor } from '../../src/core/targets/aws/s3';
import { s3ErrorXml, s3rverSettings, startFakeHttp, startS3rver, type S3rverHandle } from './s3rver';

const MiB = 1024 * 1024;
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

async function drain(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Calls `onBytes(total so far)` as the stream is read (without switching it to flowing mode). */
function tap(r: Readable, onBytes: (total: number) => void): Readable {
  let total = 0;
  return r.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        total += chunk.length;
        onBytes(total);
        done(null, chunk);
      },
    }),
  );
}

/** A stream of `data` in chunks of `chunk` bytes (not a file stream: its length is unknown to the SDK). */
function chunked(data: Buffer, chunk = 64 * 1024): Readable {
  let at = 0;
  return new Readable({
    read() {
      if (at >= data.length) this.push(null);
      else {
        this.push(data.subarray(at, at + chunk));
        at += chunk;
      }
    },
  });
}

let server: S3rverHandle;
let conn: AwsConnection;
let store: S3ObjectStore;

before(async () => {
  server = await startS3rver();
  conn = await AwsConnection.open(s3rverSettings(server.endpoint));
  store = new S3ObjectStore(conn, { partSize: 5 * MiB, queueSize: 2 });
  await store.createBucket('lake');
});

after(async () => {
  conn?.close();
  await server?.stop();
});

describe('S3ObjectStore on s3rver: buckets', () => {
  test('createBucket is idempotent and listBuckets lists by name', async () => {
    await store.createBucket('zeta-bucket');
    await store.createBucket('alpha-bucket');
    await store.createBucket('alpha-bucket');
    const names = (await store.listBuckets()).map((b) => b.name);
    assert.deepEqual(names, ['alpha-bucket', 'lake', 'zeta-bucket']);
  });

  test('an invalid bucket name is refused before any request', async () => {
    await assert.rejects(store.createBucket('Not_A_Bucket'), (e) => isLakehouseError(e, 'InvalidInput') && /Not_A_Bucket/.test(e.message));
  });
});

describe('S3ObjectStore on s3rver: byte-for-byte round trips', () => {
  test('Buffer body', async () => {
    const data = randomBytes(100_003);
    const put = await store.put('lake', 'rt/buffer.bin', data);
    assert.equal(put.size, data.length);
    assert.equal(put.etag, md5(data));
    assert.ok(Buffer.from(await store.get('lake', 'rt/buffer.bin')).equals(data));
    const head = await store.head('lake', 'rt/buffer.bin');
    assert.equal(head?.size, data.length);
    assert.equal(head?.etag, md5(data), 'ETag unquoted');
  });

  test('string body is stored as UTF-8', async () => {
    const text = 'näïve — 数据湖 🧊\nline 2\n';
    await store.put('lake', 'rt/text.txt', text);
    const back = await store.get('lake', 'rt/text.txt');
    assert.equal(back.length, Buffer.byteLength(text, 'utf8'));
    assert.equal(back.toString('utf8'), text);
  });

  test('stream body of 20,000 bytes arrives unframed (no aws-chunked bytes inside)', async () => {
    const data = randomBytes(20_000);
    const put = await store.put('lake', 'rt/stream.bin', chunked(data, 3000));
    assert.equal(put.size, 20_000);
    const back = await drain(await store.getStream('lake', 'rt/stream.bin'));
    assert.equal(back.length, 20_000);
    assert.ok(back.equals(data));
  });

  test('a stream of known size below the multipart threshold goes up in one streamed PutObject', async () => {
    const data = randomBytes(300_000);
    const put = await store.put('lake', 'rt/sized.bin', chunked(data, 7000), { size: data.length });
    assert.equal(put.size, data.length);
    // one PutObject: the ETag is the plain MD5 of the content (a multipart ETag would not be)
    assert.equal(put.etag, createHash('md5').update(data).digest('hex'));
    assert.ok((await drain(await store.getStream('lake', 'rt/sized.bin'))).equals(data));
  });

  test('a stream shorter than its announced size fails naming the object', async () => {
    const data = randomBytes(10_000);
    await assert.rejects(store.put('lake', 'rt/short.bin', chunked(data, 1000), { size: 20_000 }), (e) => {
      assert.ok(e instanceof Error && /rt\/short\.bin/.test(e.message), String(e));
      return true;
    });
    // (S3 discards a body shorter than its Content-Length; s3rver keeps what arrived — a later sync sees the size
    // differ from the file's and uploads it again)
  });

  test('empty body', async () => {
    await store.put('lake', 'rt/empty', Buffer.alloc(0));
    assert.equal((await store.head('lake', 'rt/empty'))?.size, 0);
    assert.equal((await store.get('lake', 'rt/empty')).length, 0);
  });

  test('a ~20 MB stream goes up as multipart and comes back identical', async () => {
    const data = randomBytes(20 * MiB + 12_345);
    const put = await store.put('lake', 'rt/big.bin', chunked(data));
    assert.equal(put.size, data.length);
    const back = await drain(await store.getStream('lake', 'rt/big.bin'));
    assert.equal(back.length, data.length);
    assert.equal(md5(back), md5(data));
    assert.equal((await store.head('lake', 'rt/big.bin'))?.size, data.length);
  });

  test('a large Buffer body goes up as multipart too', async () => {
    const data = randomBytes(11 * MiB);
    await store.put('lake', 'rt/bigbuf.bin', data);
    assert.ok((await store.get('lake', 'rt/bigbuf.bin')).equals(data));
  });

  test('a cancelled multipart upload leaves no object', async () => {
    const data = randomBytes(16 * MiB);
    const ac = new AbortController();
    const source = tap(chunked(data), (n) => n >= 7 * MiB && ac.abort());
    await assert.rejects(store.put('lake', 'rt/cancelled.bin', source, { signal: ac.signal }), (e) => isLakehouseError(e, 'Cancelled') && /rt\/cancelled\.bin/.test(e.message));
    assert.equal(await store.head('lake', 'rt/cancelled.bin'), undefined);
    const page = await store.list('lake', { prefix: 'rt/cancelled' });
    assert.deepEqual(page.objects, []);
  });

  test('missing key and missing bucket', async () => {
    assert.equal(await store.head('lake', 'rt/nope'), undefined);
    await assert.rejects(store.get('lake', 'rt/nope'), (e) => isLakehouseError(e, 'NoSuchKey') && e.message.includes('s3://lake/rt/nope'));
    await assert.rejects(store.head('no-such-bucket', 'k'), (e) => isLakehouseError(e, 'NoSuchBucket') && e.message.includes('no-such-bucket'));
    await assert.rejects(store.list('no-such-bucket'), (e) => isAwsError(e, 'NoSuchBucket') && e.message.startsWith('NoSuchBucket: bucket no-such-bucket does not exist'));
    await assert.rejects(store.put('no-such-bucket', 'k', 'x'), (e) => isLakehouseError(e, 'NoSuchBucket'));
  });
});

describe('S3ObjectStore on s3rver: listing', () => {
  // 3 folders × 100 keys + 2 top-level keys, written in shuffled order; expected order by hand: "data/a/000.json" …
  // "data/a/099.json", "data/b/…", "data/c/…", then "data/top.txt" ('t' > 'c'), and "other.txt" ('o' > 'd')
  const folders = ['a', 'b', 'c'];
  const expected: string[] = [];
  for (const f of folders) for (let i = 0; i < 100; i++) expected.push(`data/${f}/${String(i).padStart(3, '0')}.json`);
  expected.push('data/top.txt');

  before(async () => {
    await store.createBucket('listing');
    const keys = [...expected, 'other.txt'];
    // shuffled (deterministically) so that the order cannot come from upload order
    const shuffled = keys.map((k, i) => ({ k, r: (i * 7919) % keys.length })).sort((x, y) => x.r - y.r).map((x) => x.k);
    for (let i = 0; i < shuffled.length; i += 16) await Promise.all(shuffled.slice(i, i + 16).map((k) => store.put('listing', k, k)));
  });

  test('pages of 70 under a prefix, in key order, with tokens until the end', async () => {
    const got: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const page = await store.list('listing', { prefix: 'data/', maxKeys: 70, ...(token ? { pageToken: token } : {}) });
      got.push(...page.objects.map((o) => o.key));
      sizes.push(page.objects.length);
      token = page.nextPageToken;
    } while (token);
    assert.deepEqual(got, expected);
    assert.deepEqual(sizes, [70, 70, 70, 70, 21]);
  });

  test('objects carry size and the MD5 ETag', async () => {
    const page = await store.list('listing', { prefix: 'data/b/00', maxKeys: 3 });
    assert.deepEqual(
      page.objects.map((o) => [o.key, o.size, o.etag]),
      ['data/b/000.json', 'data/b/001.json', 'data/b/002.json'].map((k) => [k, k.length, md5(k)]),
    );
    assert.ok(page.nextPageToken);
  });

  test('a delimiter gives the folders below the prefix', async () => {
    const page = await store.list('listing', { prefix: 'data/', delimiter: '/' });
    assert.deepEqual(page.commonPrefixes, ['data/a/', 'data/b/', 'data/c/']);
    assert.deepEqual(page.objects.map((o) => o.key), ['data/top.txt']);
    assert.equal(page.nextPageToken, undefined);
    const root = await store.list('listing', { delimiter: '/' });
    assert.deepEqual(root.commonPrefixes, ['data/']);
    assert.deepEqual(root.objects.map((o) => o.key), ['other.txt']);
  });

  test('a prefix filter', async () => {
    const page = await store.list('listing', { prefix: 'data/c/05' });
    assert.deepEqual(page.objects.map((o) => o.key), Array.from({ length: 10 }, (_, i) => `data/c/05${i}.json`));
  });

  test('delete and deletePrefix', async () => {
    await store.delete('listing', 'data/a/000.json');
    await store.delete('listing', 'data/a/000.json'); // missing: still fine
    assert.equal(await store.head('listing', 'data/a/000.json'), undefined);
    assert.equal(await store.deletePrefix('listing', 'data/b/'), 100);
    assert.equal(await store.deletePrefix('listing', 'data/b/'), 0);
    const left: string[] = [];
    let token: string | undefined;
    do {
      const page = await store.list('listing', { ...(token ? { pageToken: token } : {}) });
      left.push(...page.objects.map((o) => o.key));
      token = page.nextPageToken;
    } while (token);
    assert.deepEqual(left, [...expected.filter((k) => !k.startsWith('data/b/') && k !== 'data/a/000.json'), 'other.txt']);
  });
});

describe('S3ObjectStore against a fake S3: multipart abort and delete batches', () => {
  test('cancelling a multipart upload sends AbortMultipartUpload before put rejects', async () => {
    const fake = await startFakeHttp((req) => {
      if (req.method === 'POST' && req.url.includes('uploads')) {
        return { status: 200, body: '<InitiateMultipartUploadResult><Bucket>b1b</Bucket><Key>k</Key><UploadId>UP1</UploadId></InitiateMultipartUploadResult>' };
      }
      if (req.method === 'PUT' && req.url.includes('partNumber=')) return { status: 200, headers: { etag: `"${md5(req.body)}"` } };
      if (req.method === 'DELETE' && req.url.includes('uploadId=UP1')) return { status: 204 };
      return { status: 400, body: s3ErrorXml('InvalidRequest', `unexpected ${req.method} ${req.url}`) };
    });
    const c = await AwsConnection.open(s3rverSettings(fake.endpoint));
    try {
      const s = new S3ObjectStore(c, { partSize: 5 * MiB, queueSize: 1 });
      const ac = new AbortController();
      const data = randomBytes(30 * MiB);
      const source = tap(chunked(data), (n) => n >= 12 * MiB && ac.abort());
      await assert.rejects(s.put('b1b', 'k', source, { signal: ac.signal }), (e) => isLakehouseError(e, 'Cancelled'));
      const kinds = fake.requests.map((r) => `${r.method} ${r.url.includes('partNumber') ? 'part' : r.url.includes('uploads') ? 'create' : r.url.includes('uploadId') ? 'upload' : r.url}`);
      assert.equal(kinds[0], 'POST create');
      assert.equal(kinds.at(-1), 'DELETE upload', `requests: ${kinds.join(', ')}`);
      assert.ok(!kinds.includes('POST upload'), 'never completed');
    } finally {
      c.close();
      await fake.close();
    }
  });

  test('the size hint picks the part size (more than 10,000 parts of the minimum would be needed)', async () => {
    const partBodies: number[] = [];
    const fake = await startFakeHttp((req) => {
      if (req.method === 'POST' && req.url.includes('uploads')) {
        return { status: 200, body: '<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>k</Key><UploadId>UP2</UploadId></InitiateMultipartUploadResult>' };
      }
      if (req.method === 'PUT' && req.url.includes('partNumber=')) {
        partBodies.push(req.body.length);
        return { status: 200, headers: { etag: `"${md5(req.body)}"` } };
      }
      if (req.method === 'POST' && req.url.includes('uploadId=UP2')) {
        return { status: 200, body: '<CompleteMultipartUploadResult><Bucket>bkt</Bucket><Key>k</Key><ETag>"abc-2"</ETag></CompleteMultipartUploadResult>' };
      }
      return { status: 400, body: s3ErrorXml('InvalidRequest', `unexpected ${req.method} ${req.url}`) };
    });
    const c = await AwsConnection.open(s3rverSettings(fake.endpoint));
    try {
      const s = new S3ObjectStore(c, { partSize: 5 * MiB });
      // a hint of 10,000 × 5 MiB + 1 byte needs 6 MiB parts; the 12 MiB sent then go up as 6 + 6
      const put = await s.put('bkt', 'k', chunked(randomBytes(12 * MiB)), { size: 10_000 * 5 * MiB + 1 });
      assert.deepEqual(partBodies, [6 * MiB, 6 * MiB]);
      assert.equal(put.etag, 'abc-2');
      assert.equal(put.size, 12 * MiB);
    } finally {
      c.close();
      await fake.close();
    }
  });

  test('deletePrefix deletes 2,500 keys in DeleteObjects batches of 1000, 1000, 500', async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `p/${String(i).padStart(5, '0')}`);
    const deleteBodies: string[] = [];
    const fake = await startFakeHttp((req) => {
      const u = new URL(req.url, 'http://x');
      if (req.method === 'GET' && u.searchParams.get('list-type') === '2') {
        const start = Number(u.searchParams.get('continuation-token') ?? '0');
        const max = Number(u.searchParams.get('max-keys') ?? '1000');
        const slice = keys.slice(start, start + max);
        const more = start + max < keys.length;
        return {
          status: 200,
          body:
            `<ListBucketResult><Name>bkt</Name><Prefix>p/</Prefix><KeyCount>${slice.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${more}</IsTruncated>` +
            slice.map((k) => `<Contents><Key>${k}</Key><Size>1</Size><ETag>"x"</ETag></Contents>`).join('') +
            (more ? `<NextContinuationToken>${start + max}</NextContinuationToken>` : '') +
            '</ListBucketResult>',
        };
      }
      if (req.method === 'POST' && u.searchParams.has('delete')) {
        deleteBodies.push(req.body.toString());
        return { status: 200, body: '<DeleteResult></DeleteResult>' };
      }
      return { status: 400, body: s3ErrorXml('InvalidRequest', 'unexpected') };
    });
    const c = await AwsConnection.open(s3rverSettings(fake.endpoint));
    try {
      const s = new S3ObjectStore(c);
      assert.equal(await s.deletePrefix('bkt', 'p/'), 2500);
      const counts = deleteBodies.map((b) => (b.match(/<Key>/g) ?? []).length);
      assert.deepEqual(counts, [1000, 1000, 500]);
      assert.ok(deleteBodies[2].includes('<Key>p/02499</Key>') && deleteBodies[0].includes('<Key>p/00000</Key>'));
    } finally {
      c.close();
      await fake.close();
    }
  });

  test('a key DeleteObjects could not delete is named in the error', async () => {
    const fake = await startFakeHttp((req) => {
      if (req.method === 'GET') {
        return { status: 200, body: '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>p/locked</Key><Size>1</Size></Contents></ListBucketResult>' };
      }
      return { status: 200, body: '<DeleteResult><Error><Key>p/locked</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>' };
    });
    const c = await AwsConnection.open(s3rverSettings(fake.endpoint));
    try {
      await assert.rejects(new S3ObjectStore(c).deletePrefix('bkt', 'p/'), (e) => isAwsError(e, 'AccessDenied') && e.message.includes('s3:DeleteObject on s3://bkt/p/locked'));
    } finally {
      c.close();
      await fake.close();
    }
  });
});

describe('part sizes', () => {
  test('8 MiB up to 80 GiB (10,000 parts), then whole MiB so no upload needs more than 10,000 parts', () => {
    assert.equal(partSizeFor(0), 8 * MiB);
    assert.equal(partSizeFor(10_000 * 8 * MiB), 8 * MiB);
    assert.equal(partSizeFor(10_000 * 8 * MiB + 1), 9 * MiB);
    const huge = 5 * 1024 * 1024 * MiB; // 5 TiB, S3's object size limit
    assert.ok(Math.ceil(huge / partSizeFor(huge)) <= 10_000);
    assert.equal(partSizeFor(100, 5 * MiB), 5 * MiB);
  });
});
