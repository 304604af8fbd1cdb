/**
 * The local store's puts of one upload (putFile's `batch`: each folder made and checked once for the batch): the
 * same objects, ETags and refusals as puts one by one — symbolic links and `..` keys refused with nothing written
 * outside the bucket, a folder removed under the batch made again — and an upload killed midway leaves no object
 * that is not its whole file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syncFiles, syncFolder } from '../../src/core/actions/sync';
import { LocalObjectStore } from '../../src/core/targets/local/objectStore';
import { isCode } from './helpers';

let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-batch-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

let n = 0;
/** A fresh store with bucket `bkt`, a folder `outside` beside the store and a data folder `data` of files. */
async function fresh(): Promise<{ store: LocalObjectStore; dir: string; bucketDir: string; outside: string; data: string }> {
  const dir = path.join(tmp, `case${++n}`);
  const outside = path.join(dir, 'outside');
  const data = path.join(dir, 'data');
  await fs.mkdir(outside, { recursive: true });
  await fs.mkdir(data, { recursive: true });
  const store = new LocalObjectStore(path.join(dir, 's3'));
  await store.createBucket('bkt');
  return { store, dir, bucketDir: path.join(dir, 's3', 'bkt'), outside, data };
}

/** Every file below `dir` (links too, not followed), relative, with `/` separators. */
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

async function writeFiles(data: string, files: Record<string, Buffer | string>): Promise<void> {
  for (const [rel, body] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(data, rel)), { recursive: true });
    await fs.writeFile(path.join(data, rel), body);
  }
}

describe('puts of one upload (a batch)', () => {
  test("every object's ETag is the MD5 of its file (computed here by node:crypto), its bytes and size the file's", async () => {
    const { store, data } = await fresh();
    const files: Record<string, Buffer> = {
      'a/landing/one.json': Buffer.from('{"x":1}\n{"x":2}\n'),
      'a/landing/empty.json': Buffer.alloc(0),
      'a/landing/deep/er/two.json': randomBytes(200_003),
      'b/landing/three.bin': randomBytes(3 * 1024 * 1024 + 17),
    };
    await writeFiles(data, files);
    const r = await syncFolder(store, data, 'bkt', 'in/', { concurrency: 3 });
    assert.equal(r.uploaded.length, 4);
    for (const [rel, body] of Object.entries(files)) {
      const head = await store.head('bkt', `in/${rel}`);
      assert.equal(head?.etag, createHash('md5').update(body).digest('hex'), rel);
      assert.equal(head?.size, body.length, rel);
      assert.ok((await store.get('bkt', `in/${rel}`)).equals(body), rel);
      // S3 keeps whole seconds: the file's modification time, so
      const mtime = (await fs.stat(store.pathOf('bkt', `in/${rel}`))).mtimeMs;
      assert.equal(head?.lastModified.getTime(), Math.floor(mtime / 1000) * 1000, rel);
    }
    // nothing but the objects: no temp file left
    const listed = (await store.list('bkt')).objects.map((o) => o.key);
    assert.deepEqual(listed, Object.keys(files).map((k) => `in/${k}`).sort());
  });

  test('a folder of the bucket that is a symbolic link is refused, at any depth, and nothing is written through it', async () => {
    const { store, bucketDir, outside, data } = await fresh();
    await writeFiles(data, { 'x.json': '{"a":1}' });
    const file = path.join(data, 'x.json');
    await fs.symlink(outside, path.join(bucketDir, 'link'));
    await fs.mkdir(path.join(bucketDir, 'real', 'sub'), { recursive: true });
    await fs.symlink(outside, path.join(bucketDir, 'real', 'sub', 'inner'));
    const batch = {};
    for (const key of ['link/x.json', 'link/deeper/x.json', 'real/sub/inner/x.json', 'real/sub/inner/more/x.json']) {
      await assert.rejects(store.putFile('bkt', key, file, { batch }), isCode('InvalidObjectKey', /symbolic link/), key);
    }
    // through a sync too (the batch the upload uses), naming the file
    await assert.rejects(
      syncFiles(store, 'bkt', [{ file, key: 'real/ok.json' }, { file, key: 'link/x.json' }], { concurrency: 1 }),
      isCode('InvalidObjectKey', /link\/x\.json.*symbolic link/),
    );
    assert.deepEqual(await filesBelow(outside), [], 'nothing was written outside the bucket');
    assert.deepEqual(await filesBelow(path.join(bucketDir, 'real')), ['ok.json', 'sub/inner']);
  });

  test("a link at the object's own name is refused, neither followed nor replaced; `..` and other bad keys too", async () => {
    const { store, bucketDir, outside, data } = await fresh();
    await writeFiles(data, { 'x.json': 'new' });
    const file = path.join(data, 'x.json');
    await fs.writeFile(path.join(outside, 'secret'), 'secret');
    await fs.mkdir(path.join(bucketDir, 'zone'));
    await fs.symlink(path.join(outside, 'secret'), path.join(bucketDir, 'zone', 'obj.json'));
    const batch = {};
    await store.putFile('bkt', 'zone/first.json', file, { batch }); // the folder is checked and made ready
    await assert.rejects(store.putFile('bkt', 'zone/obj.json', file, { batch }), isCode('InvalidObjectKey', /symbolic link/));
    assert.equal(await fs.readFile(path.join(outside, 'secret'), 'utf8'), 'secret');
    assert.ok((await fs.lstat(path.join(bucketDir, 'zone', 'obj.json'))).isSymbolicLink());
    for (const key of ['../escape.json', 'zone/../../escape.json', 'zone/./x.json', '/abs.json', 'zone//x.json', 'zone\\x.json', 'zone/.lh-tmp-1-ab']) {
      await assert.rejects(store.putFile('bkt', key, file, { batch }), isCode('InvalidObjectKey'), key);
    }
    assert.deepEqual(await filesBelow(path.dirname(bucketDir)), ['bkt/zone/first.json', 'bkt/zone/obj.json']);
    assert.deepEqual(await filesBelow(outside), ['secret']);
  });

  test('a folder removed under the batch (a delete pruned it) is made again; an object over an empty folder replaces it, over a prefix is refused', async () => {
    const { store, bucketDir, data } = await fresh();
    await writeFiles(data, { 'x.json': 'x' });
    const file = path.join(data, 'x.json');
    const batch = {};
    await store.putFile('bkt', 'a/b/one.json', file, { batch });
    await store.delete('bkt', 'a/b/one.json'); // prunes a/b/ and a/
    assert.deepEqual(await fs.readdir(bucketDir), []);
    await store.putFile('bkt', 'a/b/two.json', file, { batch });
    assert.deepEqual(await filesBelow(bucketDir), ['a/b/two.json']);
    // a leftover empty folder where the object goes is replaced; a folder of objects is not
    await fs.mkdir(path.join(bucketDir, 'a', 'empty'));
    await store.putFile('bkt', 'a/empty', file, { batch });
    assert.equal((await store.get('bkt', 'a/empty')).toString(), 'x');
    await assert.rejects(store.putFile('bkt', 'a/b', file, { batch }), isCode('InvalidObjectKey', /"a\/b\/" is a prefix of other objects/));
    await assert.rejects(store.putFile('bkt', 'a/empty/under.json', file, { batch }), isCode('InvalidObjectKey', /"a\/empty" is an object/));
    assert.deepEqual(await filesBelow(bucketDir), ['a/b/two.json', 'a/empty']);
  });

  test('an upload killed midway leaves only whole objects (temp files are not listed, and recover() removes them)', async () => {
    const { dir, data } = await fresh();
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 40; i++) files[`z/landing/f-${String(i).padStart(2, '0')}.json`] = randomBytes(i % 4 === 0 ? 2 * 1024 * 1024 : 50_000);
    await writeFiles(data, files);
    // a separate process uploads, saying each object as it is in place; it is killed (SIGKILL) after the third
    const script = [
      `const { syncFolder } = require(${JSON.stringify(path.resolve('src/core/actions/sync.ts'))});`,
      `const { LocalObjectStore } = require(${JSON.stringify(path.resolve('src/core/targets/local/objectStore.ts'))});`,
      `const store = new LocalObjectStore(${JSON.stringify(path.join(dir, 's3'))});`,
      `syncFolder(store, ${JSON.stringify(data)}, 'bkt', '', { concurrency: 4, onFile: (e) => process.stdout.write(e.item.key + '\\n') }).then(() => process.stdout.write('done\\n'));`,
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let said = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        if (said.split('\n').length > 3) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    const store = new LocalObjectStore(path.join(dir, 's3'));
    const listed = (await store.list('bkt')).objects;
    assert.ok(listed.length >= 3, `the objects said to be in place are there (${listed.length})`);
    for (const o of listed) {
      const body = files[o.key]!;
      assert.equal(o.size, body.length, o.key);
      assert.equal((await store.head('bkt', o.key))?.etag, createHash('md5').update(body).digest('hex'), o.key);
    }
    // what the killed process left besides (temp files of copies under way) is swept
    await store.recover();
    const onDisk = await filesBelow(path.join(dir, 's3', 'bkt'));
    assert.deepEqual(onDisk, listed.map((o) => o.key).sort());
    // and a second upload puts the rest
    const r = await syncFolder(store, data, 'bkt', '');
    assert.equal(r.uploaded.length + r.skipped.length, 40);
    assert.equal(r.skipped.length, listed.length);
  });
});
