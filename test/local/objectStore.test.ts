import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { LakehouseError } from '../../src/core/errors';
import type { ObjectPage } from '../../src/core/model';
import { REPLACE_DIR, parseS3Uri } from '../../src/core/targets/local/objectKeys';
import { LocalObjectStore } from '../../src/core/targets/local/objectStore';
import type { ReplaceJournal } from '../../src/core/targets/local/replaceJournals';
import { isCode } from './helpers';

let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-objects-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

let n = 0;
/** A fresh store with bucket `bkt` (root `<dir>/s3`, a sibling folder `<dir>/outside`). */
async function freshStore(): Promise<{ store: LocalObjectStore; dir: string; root: string; bucketDir: string }> {
  const dir = path.join(tmp, `case${++n}`);
  const root = path.join(dir, 's3');
  await fs.mkdir(path.join(dir, 'outside'), { recursive: true });
  const store = new LocalObjectStore(root);
  await store.createBucket('bkt');
  return { store, dir, root, bucketDir: path.join(root, 'bkt') };
}

/** Every file below `dir`, relative, with `/` separators. */
async function filesBelow(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const ent of await fs.readdir(d, { withFileTypes: true })) {
      if (ent.isDirectory()) await walk(path.join(d, ent.name), `${rel}${ent.name}/`);
      else out.push(rel + ent.name);
    }
  };
  await walk(dir, '');
  return out.sort();
}


async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('buckets', () => {
  test('names are validated like S3; create is idempotent; listing and missing buckets', async () => {
    const { store } = await freshStore();
    for (const bad of ['ab', 'A-bucket', 'bucket_x', '-abc', 'abc-', 'a..b', '192.168.1.1', 'xn--abc', 'x'.repeat(64), 'abc-s3alias']) {
      await assert.rejects(store.createBucket(bad), isCode('InvalidInput', new RegExp(`"${bad.replace(/\./g, '\\.')}"`)), bad);
    }
    await store.createBucket('stedi-lakehouse');
    await store.createBucket('stedi-lakehouse'); // S3: BucketAlreadyOwnedByYou; here a no-op
    await store.createBucket('a.b-c');
    assert.deepEqual((await store.listBuckets()).map((b) => b.name), ['a.b-c', 'bkt', 'stedi-lakehouse']);
    await assert.rejects(store.list('nope-bucket'), isCode('NoSuchBucket', /nope-bucket/));
    await assert.rejects(store.put('nope-bucket', 'k', 'x'), isCode('NoSuchBucket'));
    await assert.rejects(store.get('nope-bucket', 'k'), isCode('NoSuchBucket'));
  });

  test('a store without a root folder lists no buckets', async () => {
    const store = new LocalObjectStore(path.join(tmp, 'never-created'));
    assert.deepEqual(await store.listBuckets(), []);
  });
});

describe('object keys cannot escape their bucket', () => {
  const badKeys = [
    '../../etc/passwd',
    '../outside/x',
    '..',
    '.',
    'a/../../../outside/x',
    'a/../b',
    './a',
    'a/./b',
    'a//b',
    'a/',
    '/etc/passwd',
    '/',
    '',
    'a\\..\\..\\outside\\x',
    '..\\x',
    'a\0b',
    'x'.repeat(1025),
    `${'y'.repeat(256)}/z`,
    `a/${'é'.repeat(128)}`, // 256 bytes in one segment
    '.lh-tmp-123-abc',
    'a/.lh-replace/x',
  ];

  test('bad keys are rejected by every operation, naming the key', async () => {
    const { store, dir } = await freshStore();
    await store.put('bkt', 'a/ok', 'fine');
    const before = await filesBelow(dir);
    for (const key of badKeys) {
      const named = (e: unknown) => {
        assert.ok(e instanceof LakehouseError);
        assert.equal(e.code, 'InvalidObjectKey', `${JSON.stringify(key)}: ${e.message}`);
        assert.ok(e.message.includes(`"${key}"`), e.message);
        assert.equal(e.detail.object, key);
        return true;
      };
      await assert.rejects(store.put('bkt', key, 'evil'), named);
      await assert.rejects(store.put('bkt', key, Readable.from(['evil'])), named);
      await assert.rejects(store.get('bkt', key), named);
      await assert.rejects(store.head('bkt', key), named);
      await assert.rejects(store.getStream('bkt', key), named);
      await assert.rejects(store.delete('bkt', key), named);
      assert.throws(() => store.pathOf('bkt', key), named);
    }
    assert.deepEqual(await filesBelow(dir), before);
    assert.deepEqual(before, ['s3/bkt/a/ok']);
  });

  test('a key of exactly 1024 bytes and a segment of 255 bytes are fine', async () => {
    const { store } = await freshStore();
    const key = Array.from({ length: 5 }, () => 'k'.repeat(200)).join('/') + '/' + 'z'.repeat(19);
    assert.equal(Buffer.byteLength(key), 1024);
    await store.put('bkt', key, 'long');
    assert.equal((await store.get('bkt', key)).toString(), 'long');
    const wide = `w/${'é'.repeat(127)}x`;
    await store.put('bkt', wide, 'wide');
    assert.equal((await store.get('bkt', wide)).toString(), 'wide');
    assert.deepEqual((await store.list('bkt')).objects.map((o) => o.key), [key, wide]);
  });

  test('symlinks inside a bucket do not lead out of it', async () => {
    const { store, dir, bucketDir } = await freshStore();
    const outside = path.join(dir, 'outside');
    await fs.writeFile(path.join(outside, 'secret'), 'secret');
    await fs.symlink(outside, path.join(bucketDir, 'link'));
    await fs.symlink(path.join(outside, 'secret'), path.join(bucketDir, 'secret-link'));
    await assert.rejects(store.put('bkt', 'link/evil', 'x'), isCode('InvalidObjectKey', /symbolic link/));
    await assert.rejects(store.get('bkt', 'link/secret'), isCode('InvalidObjectKey', /symbolic link/));
    await assert.rejects(store.get('bkt', 'secret-link'), isCode('InvalidObjectKey', /symbolic link/));
    await assert.rejects(store.head('bkt', 'secret-link'), isCode('InvalidObjectKey'));
    assert.throws(() => store.pathOf('bkt', 'link/secret'), isCode('InvalidObjectKey'));
    assert.deepEqual(await filesBelow(outside), ['secret']);
    // listings skip links altogether
    assert.deepEqual(await store.list('bkt'), { objects: [], commonPrefixes: [] });
    assert.deepEqual(await store.list('bkt', { prefix: 'link/' }), { objects: [], commonPrefixes: [] });
    assert.equal(await store.deletePrefix('bkt', 'link/'), 0);
    assert.deepEqual(await filesBelow(outside), ['secret']);
  });

  test('a link made inside a bucket after its paths were checked is refused too (the bucket folder real path is kept, a path is resolved again)', async () => {
    const { store, dir, bucketDir } = await freshStore();
    const outside = path.join(dir, 'outside');
    await fs.writeFile(path.join(outside, 'secret'), 'secret');
    // paths checked first: the bucket folder's real path is known from here on (objectPaths.ts realBuckets)
    await store.put('bkt', 'zone/a.json', 'a');
    assert.equal(store.prefixPath('bkt', 'zone/'), path.join(bucketDir, 'zone'));
    // then the folder is replaced by a link leading out, and a file by a link
    await fs.rm(path.join(bucketDir, 'zone'), { recursive: true });
    await fs.symlink(outside, path.join(bucketDir, 'zone'));
    await fs.symlink(path.join(outside, 'secret'), path.join(bucketDir, 'secret-link'));
    assert.throws(() => store.prefixPath('bkt', 'zone/'), isCode('InvalidObjectKey', /symbolic link/));
    assert.throws(() => store.pathOf('bkt', 'zone/secret'), isCode('InvalidObjectKey', /symbolic link/));
    await assert.rejects(store.get('bkt', 'zone/secret'), isCode('InvalidObjectKey', /symbolic link/));
    await assert.rejects(store.put('bkt', 'zone/evil', 'x'), isCode('InvalidObjectKey', /symbolic link/));
    await assert.rejects(store.get('bkt', 'secret-link'), isCode('InvalidObjectKey', /symbolic link/));
    // listings and deletes under the link do not follow it either
    assert.deepEqual(await store.list('bkt', { prefix: 'zone/' }), { objects: [], commonPrefixes: [] });
    assert.equal(await store.deletePrefix('bkt', 'zone/'), 0);
    assert.deepEqual(await filesBelow(outside), ['secret']);
  });

  test('a bucket folder moved after its paths were checked, and linked back, is followed as before (a link inside it is still refused)', async () => {
    const { store, dir, root, bucketDir } = await freshStore();
    await store.put('bkt', 'zone/a.json', 'a');
    assert.equal(store.prefixPath('bkt', 'zone/'), path.join(bucketDir, 'zone'));
    // the bucket folder itself moved and a link left in its place: a link to the bucket folder is followed (only links
    // inside a bucket are refused), with or without a real path kept from before the move
    const moved = path.join(dir, 'moved-bkt');
    await fs.rename(bucketDir, moved);
    await fs.symlink(moved, path.join(root, 'bkt'));
    assert.equal(store.prefixPath('bkt', 'zone/'), path.join(bucketDir, 'zone'));
    assert.equal((await store.get('bkt', 'zone/a.json')).toString(), 'a');
    await fs.symlink(path.join(dir, 'outside'), path.join(moved, 'out'));
    assert.throws(() => store.prefixPath('bkt', 'out/'), isCode('InvalidObjectKey', /symbolic link/));
    assert.deepEqual((await store.list('bkt', { prefix: 'zone/' })).objects.map((o) => o.key), ['zone/a.json']);
    assert.deepEqual(await store.list('bkt', { prefix: 'out/' }), { objects: [], commonPrefixes: [] });
  });

  test('a key cannot be both an object and a prefix (S3 allows it; files cannot)', async () => {
    const { store } = await freshStore();
    await store.put('bkt', 'a', 'object a');
    await assert.rejects(store.put('bkt', 'a/b', 'x'), isCode('InvalidObjectKey', /"a" is an object.*S3 allows/));
    await store.put('bkt', 'x/y', 'object x/y');
    await assert.rejects(store.put('bkt', 'x', 'x'), isCode('InvalidObjectKey', /"x\/" is a prefix of other objects.*S3 allows/));
    assert.equal((await store.get('bkt', 'a')).toString(), 'object a');
    assert.equal((await store.get('bkt', 'x/y')).toString(), 'object x/y');
    // once the prefix is empty again, the key is free
    await store.delete('bkt', 'x/y');
    await store.put('bkt', 'x', 'now an object');
    assert.equal((await store.get('bkt', 'x')).toString(), 'now an object');
  });
});

describe('objects', () => {
  test('put, head, get, getStream round-trip with MD5 etags', async () => {
    const { store } = await freshStore();
    const put = await store.put('bkt', 'greeting/hello.txt', 'hello');
    assert.equal(put.size, 5);
    assert.equal(put.etag, '5d41402abc4b2a76b9719d911017c592'); // md5("hello")
    const head = await store.head('bkt', 'greeting/hello.txt');
    assert.equal(head?.size, 5);
    assert.equal(head?.etag, '5d41402abc4b2a76b9719d911017c592');
    assert.ok(head?.lastModified instanceof Date);
    assert.equal((await store.get('bkt', 'greeting/hello.txt')).toString(), 'hello');

    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(10_000, i));
    const whole = Buffer.concat(chunks);
    const streamed = await store.put('bkt', 'big.bin', Readable.from(chunks));
    assert.equal(streamed.size, 500_000);
    assert.equal(streamed.etag, createHash('md5').update(whole).digest('hex'));
    const back: Buffer[] = [];
    for await (const c of await store.getStream('bkt', 'big.bin')) back.push(c as Buffer);
    assert.ok(Buffer.concat(back).equals(whole));
    // etag on demand for a file written by someone else
    await fs.writeFile(store.pathOf('bkt', 'greeting/hello.txt'), 'hello!');
    assert.equal((await store.head('bkt', 'greeting/hello.txt'))?.etag, createHash('md5').update('hello!').digest('hex'));

    assert.equal(await store.head('bkt', 'missing'), undefined);
    await assert.rejects(store.get('bkt', 'missing/key'), isCode('NoSuchKey', /s3:\/\/bkt\/missing\/key/));
    await assert.rejects(store.getStream('bkt', 'missing'), isCode('NoSuchKey'));
    await assert.rejects(store.get('bkt', 'greeting'), isCode('NoSuchKey')); // a prefix is not an object
  });

  test('delete is idempotent and removes empty folders up to the bucket', async () => {
    const { store, bucketDir } = await freshStore();
    await store.put('bkt', 'p/q/r/one', '1');
    await store.put('bkt', 'p/two', '2');
    await store.delete('bkt', 'p/q/r/one');
    await store.delete('bkt', 'p/q/r/one');
    await store.delete('bkt', 'never/was');
    await store.delete('bkt', 'p'); // a prefix: nothing happens
    assert.deepEqual(await filesBelow(bucketDir), ['p/two']);
    assert.deepEqual(await fs.readdir(path.join(bucketDir, 'p')), ['two']);
    await store.delete('bkt', 'p/two');
    assert.deepEqual(await fs.readdir(bucketDir), []);
  });

  test('deletePrefix deletes what starts with the prefix and counts it', async () => {
    const { store } = await freshStore();
    for (const k of ['c/landing/1.json', 'c/landing/2.json', 'c/landing/sub/3.json', 'c/landingx', 'c/trusted/1.json', 'd']) {
      await store.put('bkt', k, k);
    }
    assert.equal(await store.deletePrefix('bkt', 'c/landing/'), 3);
    assert.deepEqual((await store.list('bkt')).objects.map((o) => o.key), ['c/landingx', 'c/trusted/1.json', 'd']);
    assert.equal(await store.deletePrefix('bkt', 'c/land'), 1);
    assert.equal(await store.deletePrefix('bkt', 'zzz/'), 0);
    assert.equal(await store.deletePrefix('bkt', '../'), 0);
    assert.deepEqual((await store.list('bkt')).objects.map((o) => o.key), ['c/trusted/1.json', 'd']);
  });

  test('a cancelled streaming put leaves neither object nor temp file, and readers keep the old object', async () => {
    const { store, bucketDir } = await freshStore();
    await store.put('bkt', 'zone/obj.json', 'old content');
    const ac = new AbortController();
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent++ < 3) this.push(Buffer.alloc(1000, 'n'));
        // then stall: the producer never finishes
      },
    });
    const putting = store.put('bkt', 'zone/obj.json', body, { signal: ac.signal });
    const putting2 = store.put('bkt', 'zone/new.json', new Readable({ read() { if (sent++ < 6) this.push('x'); } }), { signal: ac.signal });
    // wait until both uploads have their temp files
    for (;;) {
      const names = await fs.readdir(path.join(bucketDir, 'zone'));
      if (names.filter((f) => f.startsWith('.lh-tmp-')).length === 2) break;
      await new Promise((r) => setImmediate(r));
    }
    // while the upload is under way, readers see the previous object only
    assert.equal((await store.get('bkt', 'zone/obj.json')).toString(), 'old content');
    assert.deepEqual((await store.list('bkt')).objects.map((o) => o.key), ['zone/obj.json']);
    ac.abort();
    await Promise.all([
      assert.rejects(putting, isCode('Cancelled', /s3:\/\/bkt\/zone\/obj\.json/)),
      assert.rejects(putting2, isCode('Cancelled', /s3:\/\/bkt\/zone\/new\.json/)),
    ]);
    assert.deepEqual(await filesBelow(bucketDir), ['zone/obj.json']);
    assert.equal((await store.get('bkt', 'zone/obj.json')).toString(), 'old content');
    assert.equal(await store.head('bkt', 'zone/new.json'), undefined);
  });

  test('a put whose stream fails leaves nothing, not even its folders', async () => {
    const { store, bucketDir } = await freshStore();
    const body = new Readable({
      read() {
        this.push('partial');
        this.destroy(new Error('disk on fire'));
      },
    });
    await assert.rejects(store.put('bkt', 'deep/er/obj', body), isCode('DataError', /s3:\/\/bkt\/deep\/er\/obj.*disk on fire/));
    assert.deepEqual(await filesBelow(bucketDir), []);
    assert.deepEqual(await fs.readdir(bucketDir), []);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(store.put('bkt', 'k', 'x', { signal: ac.signal }), isCode('Cancelled'));
    assert.deepEqual(await fs.readdir(bucketDir), []);
  });

  test('putFile copies a local file in as an object: the same bytes, its MD5 when asked, replacing an older object whole', async () => {
    const { store, dir, bucketDir } = await freshStore();
    const source = path.join(dir, 'outside', 'readings.json');
    const text = Array.from({ length: 20_000 }, (_, i) => `{"i":${i}}`).join('\n');
    await fs.writeFile(source, text);
    await store.put('bkt', 'landing/readings.json', 'an older object');
    const put = await store.putFile('bkt', 'landing/readings.json', source);
    assert.equal(put.size, Buffer.byteLength(text));
    assert.equal(put.etag, undefined, 'not read by the process: the MD5 is computed when asked for');
    assert.equal((await store.get('bkt', 'landing/readings.json')).toString(), text);
    assert.equal((await store.head('bkt', 'landing/readings.json'))?.etag, createHash('md5').update(text).digest('hex'));
    assert.deepEqual(await filesBelow(bucketDir), ['landing/readings.json']);
  });

  test('putFile refuses what put refuses and leaves nothing behind: a missing source, a key that is a prefix, a cancel', async () => {
    const { store, dir, bucketDir } = await freshStore();
    const source = path.join(dir, 'outside', 'x.json');
    await fs.writeFile(source, '{}');
    await assert.rejects(store.putFile('bkt', 'deep/er/gone.json', path.join(dir, 'outside', 'missing.json')), isCode('InvalidInput', /missing\.json is not a readable file/));
    assert.deepEqual(await fs.readdir(bucketDir), []);
    await store.put('bkt', 'a/b/c', 'x');
    await assert.rejects(store.putFile('bkt', 'a/b', source), isCode('InvalidObjectKey', /"a\/b\/" is a prefix of other objects/));
    await assert.rejects(store.putFile('bkt', '../escape', source), isCode('InvalidObjectKey'));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(store.putFile('bkt', 'k', source, { signal: ac.signal }), isCode('Cancelled'));
    assert.deepEqual(await filesBelow(bucketDir), ['a/b/c']);
  });
});

describe('listing', () => {
  /** The reference model of S3 listing: every key, filtered, folded into common prefixes, in UTF-8 byte order. */
  function expected(keys: string[], prefix: string, delimiter?: string): { key: string; cp: boolean }[] {
    const seen = new Map<string, boolean>();
    for (const k of keys) {
      if (!k.startsWith(prefix)) continue;
      const at = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
      if (at >= 0) seen.set(k.slice(0, at + delimiter!.length), true);
      else seen.set(k, false);
    }
    return [...seen].map(([key, cp]) => ({ key, cp })).sort((a, b) => byteOrder(a.key, b.key));
  }

  async function listAll(store: LocalObjectStore, prefix: string, delimiter: string | undefined, maxKeys: number) {
    const items: { key: string; cp: boolean }[] = [];
    const pages: ObjectPage[] = [];
    let pageToken: string | undefined;
    do {
      const page = await store.list('bkt', { prefix, delimiter, maxKeys, pageToken });
      pages.push(page);
      const pageItems = [
        ...page.objects.map((o) => ({ key: o.key, cp: false })),
        ...page.commonPrefixes.map((key) => ({ key, cp: true })),
      ].sort((a, b) => byteOrder(a.key, b.key));
      items.push(...pageItems);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return { items, pages };
  }

  const keys: string[] = [];
  for (const ds of ['customer', 'accelerometer', 'step_trainer']) {
    for (const zone of ['landing', 'trusted', 'curated']) {
      for (let i = 0; i < 40; i++) keys.push(`${ds}/${zone}/part-${String(i).padStart(3, '0')}.json`);
    }
  }
  // keys whose order depends on '/' sorting between '-' (0x2d), '.' (0x2e) and '0' (0x30), and on UTF-8 vs UTF-16
  keys.push('customer-notes.txt', 'customer.json', 'customer0', 'customer/x/y/z/deep.json', 'customer/land.txt');
  keys.push('ü/a', 'é', '😀', '\uff5e', 'z', 'a b/c', 'A/upper');
  keys.push('customer/landing/sub/part-x.json', 'customer/landing/sub/part-y.json');

  let store: LocalObjectStore;
  before(async () => {
    ({ store } = await freshStore());
    // write in a scrambled order
    const scrambled = [...keys].sort((a, b) => createHash('md5').update(a).digest('hex').localeCompare(createHash('md5').update(b).digest('hex')));
    for (const k of scrambled) await store.put('bkt', k, `body of ${k}`);
  });

  test('a hand-checked top level and zone listing', async () => {
    const top = await store.list('bkt', { delimiter: '/' });
    assert.deepEqual(top.commonPrefixes, ['A/', 'a b/', 'accelerometer/', 'customer/', 'step_trainer/', 'ü/']);
    // '-' < '.' < '0' and U+FF5E (EF BD 9E) sorts before U+1F600 (F0 9F 98 80) in UTF-8 though not in UTF-16
    assert.deepEqual(top.objects.map((o) => o.key), ['customer-notes.txt', 'customer.json', 'customer0', 'z', 'é', '\uff5e', '😀']);
    assert.equal(top.nextPageToken, undefined);
    const zones = await store.list('bkt', { prefix: 'customer/', delimiter: '/' });
    assert.deepEqual(zones.commonPrefixes, ['customer/curated/', 'customer/landing/', 'customer/trusted/', 'customer/x/']);
    assert.deepEqual(zones.objects.map((o) => o.key), ['customer/land.txt']);
    const partial = await store.list('bkt', { prefix: 'customer/land', delimiter: '/' });
    assert.deepEqual(partial.commonPrefixes, ['customer/landing/']);
    assert.deepEqual(partial.objects.map((o) => o.key), ['customer/land.txt']);
    const obj = (await store.list('bkt', { prefix: 'customer/landing/part-007.json' })).objects[0];
    assert.equal(obj.key, 'customer/landing/part-007.json');
    assert.equal(obj.size, Buffer.byteLength('body of customer/landing/part-007.json'));
    assert.ok(obj.lastModified instanceof Date);
  });

  test('pages over every prefix and delimiter match the reference model', async () => {
    const prefixes = ['', 'customer', 'customer/', 'customer/landing/', 'customer/landing/part-01', 'customer/x/', 'step_trainer/curated/', 'nothing/', 'ü', '../', 'a//'];
    let compared = 0;
    for (const prefix of prefixes) {
      for (const delimiter of [undefined, '/', '-', 'ing/']) {
        const want = expected(keys, prefix, delimiter);
        for (const maxKeys of [1, 7, 1000]) {
          const { items, pages } = await listAll(store, prefix, delimiter, maxKeys);
          assert.deepEqual(items, want, `prefix ${prefix} delimiter ${delimiter} maxKeys ${maxKeys}`);
          // every page but the last is full; the last carries no token
          pages.forEach((p, i) => {
            const size = p.objects.length + p.commonPrefixes.length;
            if (i < pages.length - 1) assert.equal(size, maxKeys);
            else assert.ok(size <= maxKeys && p.nextPageToken === undefined);
          });
          compared += want.length;
        }
      }
    }
    assert.ok(compared > 3000);
  });

  test('maxKeys counts objects and common prefixes together', async () => {
    const { store: s } = await freshStore();
    for (const k of ['a/1', 'a/2', 'b', 'c/1', 'c/2/3', 'd', 'e/1']) await s.put('bkt', k, 'x');
    const p1 = await s.list('bkt', { delimiter: '/', maxKeys: 2 });
    assert.deepEqual([p1.commonPrefixes, p1.objects.map((o) => o.key)], [['a/'], ['b']]);
    const p2 = await s.list('bkt', { delimiter: '/', maxKeys: 2, pageToken: p1.nextPageToken });
    assert.deepEqual([p2.commonPrefixes, p2.objects.map((o) => o.key)], [['c/'], ['d']]);
    const p3 = await s.list('bkt', { delimiter: '/', maxKeys: 2, pageToken: p2.nextPageToken });
    assert.deepEqual([p3.commonPrefixes, p3.objects.map((o) => o.key)], [['e/'], []]);
    assert.equal(p3.nextPageToken, undefined);
    // exactly full: no token when nothing follows
    const all = await s.list('bkt', { delimiter: '/', maxKeys: 5 });
    assert.equal(all.nextPageToken, undefined);
    await assert.rejects(s.list('bkt', { maxKeys: 0 }), isCode('InvalidInput', /maxKeys/));
    await assert.rejects(s.list('bkt', { pageToken: 'garbage!' }), isCode('InvalidInput', /page token/));
  });

  test('page tokens stay valid while objects are added', async () => {
    const { store: s } = await freshStore();
    for (const k of ['k01', 'k03', 'k05', 'k07', 'k09']) await s.put('bkt', k, 'x');
    const p1 = await s.list('bkt', { maxKeys: 2 });
    assert.deepEqual(p1.objects.map((o) => o.key), ['k01', 'k03']);
    await s.put('bkt', 'k02', 'x'); // before the token: not seen by this listing
    await s.put('bkt', 'k04', 'x'); // after: seen
    const p2 = await s.list('bkt', { maxKeys: 2, pageToken: p1.nextPageToken });
    assert.deepEqual(p2.objects.map((o) => o.key), ['k04', 'k05']);
    await s.delete('bkt', 'k07');
    const p3 = await s.list('bkt', { maxKeys: 2, pageToken: p2.nextPageToken });
    assert.deepEqual(p3.objects.map((o) => o.key), ['k09']);
    assert.equal(p3.nextPageToken, undefined);
  });

  test('a prefix naming a folder is listed without reading the rest of the bucket', async () => {
    const { store: s, bucketDir } = await freshStore();
    for (const k of ['x/1', 'y/deep/1', 'y/deep/2', 'y/deeper/3', 'z/1']) await s.put('bkt', k, 'x');
    const readdir = mock.method(fs, 'readdir');
    try {
      const page = await s.list('bkt', { prefix: 'y/deep/' });
      assert.deepEqual(page.objects.map((o) => o.key), ['y/deep/1', 'y/deep/2']);
      const read = readdir.mock.calls.map((c) => path.relative(bucketDir, String(c.arguments[0])));
      assert.deepEqual(read, [path.join('y', 'deep')]);
    } finally {
      readdir.mock.restore();
    }
  });

  test('temp files and the store folder are not listed', async () => {
    const { store: s, bucketDir, root } = await freshStore();
    await s.put('bkt', 'real', 'x');
    await fs.writeFile(path.join(bucketDir, '.lh-tmp-1-abcdef'), 'half');
    await fs.mkdir(path.join(root, REPLACE_DIR), { recursive: true });
    assert.deepEqual((await s.list('bkt')).objects.map((o) => o.key), ['real']);
    assert.deepEqual((await s.listBuckets()).map((b) => b.name), ['bkt']);
  });
});

describe('paths and URIs', () => {
  test('parseS3Uri', () => {
    assert.deepEqual(parseS3Uri('s3://stedi-lakehouse/customer/landing/'), { bucket: 'stedi-lakehouse', prefix: 'customer/landing/' });
    assert.deepEqual(parseS3Uri('s3://stedi-lakehouse'), { bucket: 'stedi-lakehouse', prefix: '' });
    assert.deepEqual(parseS3Uri('s3://stedi-lakehouse/'), { bucket: 'stedi-lakehouse', prefix: '' });
    assert.deepEqual(parseS3Uri('s3a://bkt/x/y.json'), { bucket: 'bkt', prefix: 'x/y.json' });
    assert.throws(() => parseS3Uri('http://bkt/x'), isCode('InvalidInput', /"http:\/\/bkt\/x"/));
    assert.throws(() => parseS3Uri('s3:/bkt/x'), isCode('InvalidInput', /s3:\/bkt\/x/));
    assert.throws(() => parseS3Uri('s3://Bad_Bucket/x'), isCode('InvalidInput', /s3:\/\/Bad_Bucket\/x/));
  });

  test('pathOf and prefixPath', async () => {
    const { store, bucketDir } = await freshStore();
    assert.equal(store.pathOf('bkt', 'customer/landing/x.json'), path.join(bucketDir, 'customer', 'landing', 'x.json'));
    assert.equal(store.prefixPath('bkt', 'customer/landing/'), path.join(bucketDir, 'customer', 'landing'));
    assert.equal(store.prefixPath('bkt', ''), bucketDir);
    assert.throws(() => store.prefixPath('bkt', 'customer/landing'), isCode('InvalidObjectKey', /ends with "\/"/));
    assert.throws(() => store.prefixPath('bkt', '../'), isCode('InvalidObjectKey', /"\.\.\/"/));
    assert.throws(() => store.prefixPath('bkt', 'a//'), isCode('InvalidObjectKey'));
    assert.throws(() => store.pathOf('Bad', 'x'), isCode('InvalidInput'));
  });
});

// Job output now reaches the store through outputCommit.ts (test/local/outputCommit.test.ts); an earlier
// version replaced a prefix with a journal of its own, which recover() still finishes or undoes after a crash.
describe('recover (the replace journals of an earlier version)', () => {
  async function stage(dir: string, files: Record<string, string>): Promise<string> {
    await fs.mkdir(dir, { recursive: true });
    for (const [rel, body] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await fs.writeFile(path.join(dir, rel), body);
    }
    return dir;
  }

  async function keysOf(store: LocalObjectStore): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const o of (await store.list('bkt')).objects) out[o.key] = (await store.get('bkt', o.key)).toString();
    return out;
  }

  const OLD = { 'out/part-0.json': 'old0', 'out/part-1.json': 'old1', 'out/sub/x.json': 'oldx', 'outside/keep.json': 'keep' };
  const NEW = { 'out/part-0.json': 'new-0', 'out/nested/p.json': 'new-p', 'outside/keep.json': 'keep' };

  async function withOld(): Promise<{ store: LocalObjectStore; dir: string; root: string; bucketDir: string }> {
    const s = await freshStore();
    for (const [k, v] of Object.entries(OLD)) await s.store.put('bkt', k, v);
    return s;
  }

  /** Sets up the state a process of an earlier version killed in some window of its prefix replace leaves, with a dead pid in its journal. */
  async function crashed(
    window: 'journal-written' | 'old-set-aside' | 'staged-moved-in' | 'journal-removed',
    options: { damageStaged?: boolean } = {},
  ) {
    const s = await withOld();
    const staged = await stage(path.join(s.dir, 'staging', 'run'), { 'part-0.json': 'new-0', 'nested/p.json': 'new-p' });
    const jdir = path.join(s.root, REPLACE_DIR);
    await fs.mkdir(jdir, { recursive: true });
    const id = 'crash1';
    const journal: ReplaceJournal = {
      version: 1,
      id,
      pid: await deadPid(),
      bucket: 'bkt',
      prefix: 'out/',
      target: path.join(s.bucketDir, 'out'),
      staged,
      old: path.join(jdir, `${id}.old`),
      files: 2,
      bytes: 'new-0'.length + 'new-p'.length,
      createdOn: new Date().toISOString(),
    };
    if (window !== 'journal-removed') await fs.writeFile(path.join(jdir, `${id}.json`), JSON.stringify(journal));
    if (window !== 'journal-written') await fs.rename(journal.target, journal.old);
    if (window === 'staged-moved-in' || window === 'journal-removed') await fs.rename(staged, journal.target);
    if (options.damageStaged) await fs.rm(path.join(staged, 'nested', 'p.json'));
    return { ...s, journal, jdir };
  }

  for (const window of ['journal-written', 'old-set-aside', 'staged-moved-in', 'journal-removed'] as const) {
    test(`recover after a crash (${window}) rolls forward to the complete staged content`, async () => {
      const { root, jdir } = await crashed(window);
      const store = new LocalObjectStore(root); // the next open
      const report = await store.recover();
      assert.deepEqual(report.rolledForward, window === 'journal-removed' ? [] : ['crash1']);
      assert.deepEqual(report.rolledBack, []);
      assert.deepEqual(await keysOf(store), NEW);
      assert.deepEqual(await fs.readdir(jdir), []);
    });
  }

  for (const window of ['journal-written', 'old-set-aside'] as const) {
    test(`recover after a crash (${window}) with a damaged staged folder rolls back`, async () => {
      const { root, jdir } = await crashed(window, { damageStaged: true });
      const store = new LocalObjectStore(root);
      const report = await store.recover();
      assert.deepEqual(report.rolledBack, ['crash1']);
      assert.deepEqual(await keysOf(store), OLD);
      assert.deepEqual(await fs.readdir(jdir), []);
    });
  }

  test('recover leaves the journal of a live process alone and sweeps dead temp files only', async () => {
    const s = await crashed('old-set-aside');
    const jfile = path.join(s.jdir, 'crash1.json');
    await fs.writeFile(jfile, JSON.stringify({ ...s.journal, pid: process.ppid }));
    const dead = await deadPid();
    await fs.mkdir(path.join(s.bucketDir, 'zone'), { recursive: true });
    await fs.writeFile(path.join(s.bucketDir, 'zone', `.lh-tmp-${dead}-abc123`), 'half');
    await fs.writeFile(path.join(s.bucketDir, `.lh-tmp-${process.ppid}-abc123`), 'in flight');
    const report = await new LocalObjectStore(s.root).recover();
    assert.deepEqual(report, { rolledForward: [], rolledBack: [], tempFilesRemoved: 1 });
    assert.deepEqual((await fs.readdir(s.jdir)).sort(), ['crash1.json', 'crash1.old']);
    assert.deepEqual(await fs.readdir(path.join(s.bucketDir, 'zone')), []);
    assert.deepEqual((await fs.readdir(s.bucketDir)).filter((f) => f.startsWith('.lh-')), [`.lh-tmp-${process.ppid}-abc123`]);
  });

  test('a corrupted journal is reported with its file name', async () => {
    const s = await crashed('journal-written');
    await fs.writeFile(path.join(s.jdir, 'crash1.json'), '{"id": "crash1",');
    await assert.rejects(new LocalObjectStore(s.root).recover(), isCode('DataError', /crash1\.json/));
  });
});
