import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { isLakehouseError } from '../../src/core/errors';
import type { ListOptions, ObjectPage } from '../../src/core/model';
import type { ObjectStore } from '../../src/core/target';
import { coveringPrefixes, etagMatches, multipartEtag, syncFiles, syncFolder, type SyncBytesEvent } from '../../src/core/actions/sync';
import { AwsConnection } from '../../src/core/targets/aws/connection';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';
import { LocalObjectStore } from '../../src/core/targets/local/objectStore';
import { s3rverSettings, startS3rver, type S3rverHandle } from './s3rver';

const MiB = 1024 * 1024;
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** S3's multipart ETag computed from a Buffer held in memory (independent of the streaming implementation). */
function expectedMultipartEtag(data: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let at = 0; at < data.length; at += partSize) digests.push(createHash('md5').update(data.subarray(at, at + partSize)).digest());
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
}

let tmp: string;
let server: S3rverHandle;
let conn: AwsConnection;
let store: S3ObjectStore;

/** The folder's files: [relative path, content]; sizes 0 B … 6 MiB (the last goes up in 2 parts of 5 MiB + 1 MiB). */
const files: [string, Buffer][] = [
  ['customer/landing/customer-1.json', randomBytes(1000)],
  ['customer/landing/customer-2.json', randomBytes(2500)],
  ['customer/landing/empty.json', Buffer.alloc(0)],
  ['accelerometer/landing/a-1.json', randomBytes(70_000)],
  ['accelerometer/landing/a-2.json', randomBytes(123_457)],
  ['accelerometer/landing/sub/a-3.json', randomBytes(4096)],
  ['step_trainer/landing/s-1.json', randomBytes(300_000)],
  ['step_trainer/landing/s-2.json', randomBytes(1)],
  ['step_trainer/landing/s-3.json', randomBytes(77)],
  ['step_trainer/landing/s-4.json', randomBytes(5000)],
  ['step_trainer/landing/s-5.json', randomBytes(65_536)],
  ['step_trainer/landing/big.bin', randomBytes(6 * MiB)],
];
const totalBytes = files.reduce((n, [, b]) => n + b.length, 0);
let folder: string;

async function allKeys(s: ObjectStore, bucket: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await s.list(bucket, { prefix, ...(token ? { pageToken: token } : {}) });
    out.push(...page.objects.map((o) => o.key));
    token = page.nextPageToken;
  } while (token);
  return out;
}

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-sync-'));
  folder = path.join(tmp, 'data');
  for (const [rel, data] of files) {
    await fs.mkdir(path.dirname(path.join(folder, rel)), { recursive: true });
    await fs.writeFile(path.join(folder, rel), data);
  }
  await fs.writeFile(path.join(folder, '.DS_Store'), 'ignored');
  server = await startS3rver();
  conn = await AwsConnection.open(s3rverSettings(server.endpoint));
  store = new S3ObjectStore(conn, { partSize: 5 * MiB, queueSize: 2 });
  await store.createBucket('sync');
});

after(async () => {
  conn?.close();
  await server?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('sync to S3 (s3rver)', () => {
  test('first sync uploads everything byte for byte; a second uploads 0 bytes', async () => {
    const events: SyncBytesEvent[] = [];
    let fileEvents = 0;
    const first = await syncFolder(store, folder, 'sync', 'lake/', { concurrency: 3, onBytes: (e) => events.push(e), onFile: () => fileEvents++ });
    assert.equal(first.uploaded.length, files.length);
    assert.equal(first.skipped.length, 0);
    assert.equal(first.bytesUploaded, totalBytes);
    assert.equal(fileEvents, files.length);
    // progress in bytes: never goes back, ends at the total
    for (let i = 1; i < events.length; i++) assert.ok(events[i].bytesDone >= events[i - 1].bytesDone);
    assert.equal(events.at(-1)?.bytesDone, totalBytes);
    assert.equal(events.at(-1)?.bytesTotal, totalBytes);

    assert.deepEqual(await allKeys(store, 'sync', 'lake/'), files.map(([rel]) => `lake/${rel}`).sort());
    for (const [rel, data] of files) assert.ok((await store.get('sync', `lake/${rel}`)).equals(data), rel);

    const second = await syncFolder(store, folder, 'sync', 'lake/');
    assert.equal(second.uploaded.length, 0);
    assert.equal(second.bytesUploaded, 0);
    assert.equal(second.skipped.length, files.length);
    assert.equal(second.bytesSkipped, totalBytes);
  });

  test('a file changed in place (same size) is uploaded again, the others are not', async () => {
    const rel = 'accelerometer/landing/a-1.json';
    const changed = randomBytes(70_000);
    await fs.writeFile(path.join(folder, rel), changed);
    try {
      const r = await syncFolder(store, folder, 'sync', 'lake/');
      assert.deepEqual(r.uploaded.map((i) => i.key), [`lake/${rel}`]);
      assert.equal(r.bytesUploaded, 70_000);
      assert.ok((await store.get('sync', `lake/${rel}`)).equals(changed));
    } finally {
      await fs.writeFile(path.join(folder, rel), files[3][1]);
      await syncFolder(store, folder, 'sync', 'lake/');
    }
  });

  test('a sync cancelled midway, then re-run, uploads only the rest', async () => {
    const ac = new AbortController();
    const firstRun: string[] = [];
    await assert.rejects(
      syncFolder(store, folder, 'sync', 'again/', {
        concurrency: 1,
        signal: ac.signal,
        onFile: (e) => {
          if (e.action === 'uploaded') firstRun.push(e.item.key);
          if (e.filesDone === 5) ac.abort();
        },
      }),
      (e) => isLakehouseError(e, 'Cancelled') && /upload cancelled after 5 of 12 files \(5 uploaded\); run it again/.test(e.message),
    );
    assert.equal(firstRun.length, 5);
    assert.deepEqual(await allKeys(store, 'sync', 'again/'), [...firstRun].sort());

    const rerun = await syncFolder(store, folder, 'sync', 'again/');
    const all = files.map(([rel]) => `again/${rel}`);
    assert.deepEqual(rerun.skipped.map((i) => i.key).sort(), [...firstRun].sort());
    assert.deepEqual(rerun.uploaded.map((i) => i.key).sort(), all.filter((k) => !firstRun.includes(k)).sort());
    for (const [rel, data] of files) assert.ok((await store.get('sync', `again/${rel}`)).equals(data), rel);
  });

  test('a cancel during a multipart upload leaves that object absent; the re-run completes it', async () => {
    const ac = new AbortController();
    await assert.rejects(
      syncFiles(store, 'sync', [{ file: path.join(folder, 'step_trainer/landing/big.bin'), key: 'cut/big.bin' }], {
        signal: ac.signal,
        onBytes: (e) => e.bytesDone >= 5.5 * MiB && ac.abort(),
      }),
      (e) => isLakehouseError(e, 'Cancelled'),
    );
    assert.equal(await store.head('sync', 'cut/big.bin'), undefined);
    const r = await syncFiles(store, 'sync', [{ file: path.join(folder, 'step_trainer/landing/big.bin'), key: 'cut/big.bin' }]);
    assert.equal(r.bytesUploaded, 6 * MiB);
    assert.ok((await store.get('sync', 'cut/big.bin')).equals(files[11][1]));
  });

  test('at most `concurrency` uploads run at once, and they do run in parallel', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    // every put waits until 3 are in flight (or 5 s have passed), so a sequential sync could not reach 3
    const gated: ObjectStore = Object.assign(Object.create(store) as S3ObjectStore, {
      put: async (b: string, k: string, body: Readable, o?: { signal?: AbortSignal }) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        if (inFlight >= 3) release();
        await Promise.race([gate, new Promise((r) => setTimeout(r, 5000))]);
        try {
          return await store.put(b, k, body, o);
        } finally {
          inFlight--;
        }
      },
    });
    const r = await syncFolder(gated, folder, 'sync', 'parallel/', { concurrency: 3 });
    assert.equal(r.uploaded.length, files.length);
    assert.equal(maxInFlight, 3);
  });

  test('an upload failure names the file; what was uploaded before stays and is skipped next time', async () => {
    let puts = 0;
    const failing: ObjectStore = Object.assign(Object.create(store) as S3ObjectStore, {
      put: async (b: string, k: string, body: Readable, o?: { signal?: AbortSignal }) => {
        if (++puts === 3) {
          // (a small file comes as a Buffer, read whole; a big one as a stream)
          if (body instanceof Readable) body.destroy();
          throw new Error('disk on fire');
        }
        return store.put(b, k, body, o);
      },
    });
    const items = files.slice(0, 5).map(([rel]) => ({ file: path.join(folder, rel), key: `fail/${rel}` }));
    await assert.rejects(syncFiles(failing, 'sync', items, { concurrency: 1 }), (e) => {
      assert.ok(isLakehouseError(e));
      assert.equal(e.message, `upload of ${items[2].file} to s3://sync/${items[2].key} failed: disk on fire — 2 of 5 files were uploaded; run it again to upload the rest`);
      return true;
    });
    const r = await syncFiles(store, 'sync', items);
    assert.deepEqual(r.skipped.map((i) => i.key), [items[0].key, items[1].key]);
    assert.deepEqual(r.uploaded.map((i) => i.key), [items[2].key, items[3].key, items[4].key]);
  });
});

describe('checksums', () => {
  test('multipartEtag equals S3 multipart ETag computed in memory (exact multiple, remainder, single part)', async () => {
    const data = randomBytes(10 * MiB + 17);
    const file = path.join(tmp, 'mp.bin');
    await fs.writeFile(file, data);
    assert.equal(await multipartEtag(file, 5 * MiB), expectedMultipartEtag(data, 5 * MiB));
    assert.equal(await multipartEtag(file, 1 * MiB), expectedMultipartEtag(data, 1 * MiB));
    const exact = path.join(tmp, 'exact.bin');
    await fs.writeFile(exact, data.subarray(0, 10 * MiB));
    assert.equal(await multipartEtag(exact, 5 * MiB), expectedMultipartEtag(data.subarray(0, 10 * MiB), 5 * MiB));
    assert.ok((await multipartEtag(exact, 5 * MiB)).endsWith('-2'));
  });

  test('etagMatches: MD5, multipart at the store part size or a common one, mismatches', async () => {
    const data = randomBytes(17 * MiB + 3);
    const file = path.join(tmp, 'm.bin');
    await fs.writeFile(file, data);
    const size = data.length;
    assert.equal(await etagMatches(file, size, md5(data)), true);
    assert.equal(await etagMatches(file, size, `"${md5(data)}"`), true, 'quoted');
    assert.equal(await etagMatches(file, size, md5(Buffer.from('other'))), false);
    // 6 MiB parts: only found when the store says it uses them
    assert.equal(await etagMatches(file, size, expectedMultipartEtag(data, 6 * MiB), () => 6 * MiB), true);
    assert.equal(await etagMatches(file, size, expectedMultipartEtag(data, 6 * MiB)), false);
    // the AWS CLI's 8 MiB and lib-storage's 5 MiB defaults are recognised without being told
    assert.equal(await etagMatches(file, size, expectedMultipartEtag(data, 8 * MiB)), true);
    assert.equal(await etagMatches(file, size, expectedMultipartEtag(data, 5 * MiB)), true);
    // same part count, other content
    const other = Buffer.from(data);
    other[size - 1] ^= 0xff;
    assert.equal(await etagMatches(file, size, expectedMultipartEtag(other, 8 * MiB)), false);
    // not an MD5 at all (SSE-KMS)
    assert.equal(await etagMatches(file, size, 'kms-opaque-etag'), false);
  });

  test('a sync skips an object whose stored ETag is the multipart form (as real S3 reports)', async () => {
    // s3rver gives multipart objects a plain MD5 ETag; real S3 gives md5-of-md5s-N: make the listing say so
    const big = files[11];
    const realS3Etag = expectedMultipartEtag(big[1], 5 * MiB); // the store's part size: 2 parts
    const asRealS3: ObjectStore = Object.assign(Object.create(store) as S3ObjectStore, {
      list: async (b: string, o?: ListOptions): Promise<ObjectPage> => {
        const page = await store.list(b, o);
        return { ...page, objects: page.objects.map((x) => (x.key.endsWith('big.bin') ? { ...x, etag: realS3Etag } : x)) };
      },
    });
    const r = await syncFolder(asRealS3, folder, 'sync', 'lake/');
    assert.equal(r.uploaded.length, 0);
    assert.equal(r.bytesUploaded, 0);
  });

  test('coveringPrefixes lists each folder once, none inside another', () => {
    assert.deepEqual(coveringPrefixes(['a/b/1', 'a/b/c/2', 'a/x/3', 'd/4', 'a/b/5']), ['a/b/', 'a/x/', 'd/']);
    assert.deepEqual(coveringPrefixes(['top', 'a/b/1']), ['']);
  });
});

describe('the same sync on the local target', () => {
  test('uploads, then skips everything (the local store lists no ETags: sizes, then HEAD)', async () => {
    const local = new LocalObjectStore(path.join(tmp, 'local-store'));
    await local.createBucket('lake');
    const first = await syncFolder(local, folder, 'lake', 'in/', { concurrency: 4 });
    assert.equal(first.uploaded.length, files.length);
    for (const [rel, data] of files) assert.ok((await local.get('lake', `in/${rel}`)).equals(data));
    const second = await syncFolder(local, folder, 'lake', 'in/');
    assert.equal(second.bytesUploaded, 0);
    assert.equal(second.skipped.length, files.length);
  });

  test('a key the store refuses is named, with no promise that a re-run uploads it', async () => {
    const local = new LocalObjectStore(path.join(tmp, 'local-store'));
    await local.createBucket('lake');
    const file = path.join(folder, files[0]![0]);
    const items = [{ file, key: 'keys/ok.json' }, { file, key: 'keys/back\\slash.json' }];
    await assert.rejects(syncFiles(local, 'lake', items, { concurrency: 1 }), (e) => {
      assert.ok(isLakehouseError(e, 'InvalidObjectKey'), String(e));
      assert.match(e.message, /^upload of .* to s3:\/\/lake\/keys\/back\\slash\.json failed: invalid object key .*backslash — 1 of 2 files were uploaded; rename the file \(a re-run would fail the same way\)$/);
      return true;
    });
  });
});
