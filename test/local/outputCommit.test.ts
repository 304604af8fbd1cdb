/**
 * The commit of an output (outputCommit.ts): writes add their staged files, purges take away what is older than
 * their cutoff — in the order of the steps, as Glue runs a script — and the catalog changes come with the files; a
 * commit that fails changes nothing; a journal left by a killed process is finished (or, its staged files gone,
 * undone) by recovery.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { CatalogTable } from '../../src/core/model';
import { LocalCatalog } from '../../src/core/targets/local/catalog';
import { DataLocks } from '../../src/core/targets/local/dataLocks';
import { newTable } from '../../src/core/targets/local/tableWrites';
import { parseS3Uri } from '../../src/core/targets/local/objectKeys';
import { LocalObjectStore } from '../../src/core/targets/local/objectStore';
import { OutputCommitter, type CommitJournal, type StagedFiles } from '../../src/core/targets/local/outputCommit';
import { isCode } from './helpers';

let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-commit-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

let n = 0;
async function setup(options: { catalog?: (c: LocalCatalog) => LocalCatalog } = {}) {
  const dir = path.join(tmp, `data-${++n}`);
  const store = new LocalObjectStore(path.join(dir, 's3'));
  await store.createBucket('bkt');
  const realCatalog = new LocalCatalog(path.join(dir, 'catalog.json'));
  await realCatalog.createDatabase({ name: 'db' });
  const catalog = options.catalog ? options.catalog(realCatalog) : realCatalog;
  const localPath = (location: string) => {
    const { bucket, prefix } = parseS3Uri(location);
    return store.prefixPath(bucket, prefix);
  };
  const holder: { committer?: OutputCommitter } = {};
  const locks = new DataLocks(path.join(dir, 'locks', 'data'), async (id) => {
    await holder.committer!.recoverOne(id);
  });
  const committer = new OutputCommitter({ storeRoot: store.root, localPath, createBucket: (b) => store.createBucket(b), catalog, locks, journalDir: path.join(dir, 'commits') });
  holder.committer = committer;
  let staged = 0;
  /** a staging folder with these files (relative path → content), going to `location` */
  const stage = async (location: string, files: Record<string, string>): Promise<StagedFiles> => {
    const sdir = path.join(dir, 'staging', String(process.pid), `w${++staged}`);
    for (const [rel, body] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(sdir, rel)), { recursive: true });
      await fs.writeFile(path.join(sdir, rel), body);
    }
    await fs.mkdir(sdir, { recursive: true });
    return { location, dir: sdir, files: Object.keys(files) };
  };
  const keys = async (): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    for (const o of (await store.list('bkt')).objects) out[o.key] = (await store.get('bkt', o.key)).toString();
    return out;
  };
  const put = async (key: string, body: string, hoursAgo = 0) => {
    await store.put('bkt', key, body);
    const when = new Date(Date.now() - hoursAgo * 3_600_000);
    await fs.utimes(store.pathOf('bkt', key), when, when);
  };
  return { dir, store, catalog: realCatalog, committer, stage, keys, put, locks };
}

const table = (name: string, location: string): CatalogTable => newTable('db', name, 'json', location, [{ name: 'a', type: 'bigint' }]);

test('writes add their files beside what is there; a purge takes away what is older than its cutoff, in the order of the steps', async () => {
  const s = await setup();
  await s.put('out/old.json', 'old', 2);
  await s.put('out/sub/older.json', 'older', 200);
  await s.put('keep/x.json', 'x', 200);
  const outcome = await s.committer.commit({
    what: 'test',
    steps: [
      { kind: 'write', output: await s.stage('s3://bkt/out/', { 'part-0-aa.json': 'first sink' }) },
      // a purge after the first sink's write: what it wrote is older than the purge, so it goes too (retention 0)
      { kind: 'purge', location: 's3://bkt/out/', before: Date.now() + 1000, excludeStorageClasses: [] },
      { kind: 'write', output: await s.stage('s3://bkt/out/', { 'part-0-bb.json': 'second sink', 'p=1/part-0-bb.json': 'nested' }) },
    ],
  });
  assert.deepEqual(await s.keys(), { 'keep/x.json': 'x', 'out/p=1/part-0-bb.json': 'nested', 'out/part-0-bb.json': 'second sink' });
  assert.deepEqual(outcome.steps, [
    { kind: 'write', location: 's3://bkt/out/', files: 1 },
    { kind: 'purge', location: 's3://bkt/out/', files: 3 },
    { kind: 'write', location: 's3://bkt/out/', files: 2 },
  ]);
  // nothing left behind: staging, journal, what was set aside (removed in the background), empty folders
  await s.committer.settle();
  assert.deepEqual(await fs.readdir(path.join(s.dir, 'staging', String(process.pid))), []);
  assert.deepEqual((await fs.readdir(path.join(s.dir, 'commits'))).filter((f) => !f.startsWith('.')), []);
  assert.equal(await fs.stat(path.join(s.store.root, 'bkt', 'out', 'sub')).catch(() => 'gone'), 'gone');
});

test('a purge keeps what is newer than its cutoff (retentionPeriod), and objects of an excluded storage class (all local objects are STANDARD)', async () => {
  const s = await setup();
  await s.put('out/3h.json', '3h', 3);
  await s.put('out/1h.json', '1h', 1);
  await s.committer.commit({ what: 'test', steps: [{ kind: 'purge', location: 's3://bkt/out/', before: Date.now() - 2 * 3_600_000, excludeStorageClasses: ['STANDARD_IA'] }] });
  assert.deepEqual(await s.keys(), { 'out/1h.json': '1h' });
  await s.committer.commit({ what: 'test', steps: [{ kind: 'purge', location: 's3://bkt/out/', before: Date.now() + 1000, excludeStorageClasses: ['STANDARD'] }] });
  assert.deepEqual(await s.keys(), { 'out/1h.json': '1h' });
  // a bucket's root is never purged here (the runner refuses it earlier, with the script's line)
  await assert.rejects(s.committer.commit({ what: 'test', steps: [{ kind: 'purge', location: 's3://bkt/', before: Date.now(), excludeStorageClasses: [] }] }), isCode('InvalidInput', /not a whole bucket/));
});

test('the catalog changes come with the files; a commit that cannot be made changes nothing and consumes its staging', async () => {
  const s = await setup();
  await s.committer.commit({
    what: 'test',
    steps: [{ kind: 'write', output: await s.stage('s3://bkt/t/', { 'part-0-a.json': '{"a":1}\n' }) }],
    catalogChanges: async () => [{ after: table('t', 's3://bkt/t/') }],
  });
  assert.equal((await s.catalog.table('db', 't'))?.storage.location, 's3://bkt/t/');

  // CTAS into a location holding data: refused under the lock, nothing changes
  const before = await s.keys();
  await assert.rejects(
    s.committer.commit({
      what: 'CTAS db.u',
      steps: [
        { kind: 'requireEmpty', location: 's3://bkt/t/', message: 'the location s3://bkt/t/ is not empty' },
        { kind: 'write', output: await s.stage('s3://bkt/t/', { 'part-0-b.json': 'x' }) },
      ],
    }),
    isCode('AlreadyExists', /not empty/),
  );
  // a key that is both an object and a prefix
  await s.put('obj', 'o');
  await assert.rejects(s.committer.commit({ what: 'test', steps: [{ kind: 'write', output: await s.stage('s3://bkt/obj/', { 'part-0-c.json': 'x' }) }] }), isCode('InvalidObjectKey', /"obj" is an object/));
  // a catalog change that fails to be decided
  await assert.rejects(
    s.committer.commit({
      what: 'test',
      steps: [{ kind: 'write', output: await s.stage('s3://bkt/t/', { 'part-0-d.json': 'x' }) }],
      catalogChanges: async () => {
        throw new Error('the table changed');
      },
    }),
    /the table changed/,
  );
  assert.deepEqual(await s.keys(), { ...before, obj: 'o' });
  assert.deepEqual(await fs.readdir(path.join(s.dir, 'staging', String(process.pid))), []);
});

test('a commit whose catalog write fails after the files moved is undone: the previous files back, the new ones gone', async () => {
  const s = await setup({
    catalog: (c) => Object.assign(Object.create(c) as LocalCatalog, { applyTableChanges: async () => Promise.reject(new Error('ENOSPC: no space left on device, write')) }),
  });
  await s.put('t/old.json', 'old', 1);
  await assert.rejects(
    s.committer.commit({
      what: 'test',
      steps: [
        { kind: 'purge', location: 's3://bkt/t/', before: Date.now() + 1000, excludeStorageClasses: [] },
        { kind: 'write', output: await s.stage('s3://bkt/t/', { 'part-0-a.json': 'new' }) },
      ],
      catalogChanges: async () => [{ after: table('t', 's3://bkt/t/') }],
    }),
    /ENOSPC/,
  );
  assert.deepEqual(await s.keys(), { 't/old.json': 'old' });
  assert.deepEqual((await fs.readdir(path.join(s.dir, 'commits'))).filter((f) => !f.startsWith('.')), []);
});

/** A journal as a process killed after writing it left it, with part of the moves done (`done` of them). */
async function killedCommit(s: Awaited<ReturnType<typeof setup>>, done: number, options: { loseStaged?: boolean } = {}) {
  await s.put('t/old-1.json', 'old1', 1);
  await s.put('t/old-2.json', 'old2', 1);
  const staged = await s.stage('s3://bkt/t/', { 'part-0-n.json': 'new0', 'p=1/part-0-n.json': 'new1' });
  const pid = await deadPid();
  const id = `w-000000000000001-00000000-${pid}-abcdef`;
  const journalDir = path.join(s.dir, 'commits');
  const journal: CommitJournal = {
    version: 1,
    id,
    pid,
    what: 'job j (run jr_x)',
    createdOn: new Date().toISOString(),
    removes: ['t/old-1.json', 't/old-2.json'].map((k, i) => ({ from: s.store.pathOf('bkt', k), aside: path.join(journalDir, id, String(i)) })),
    adds: staged.files.map((rel) => ({ from: path.join(staged.dir, rel), to: path.join(s.store.root, 'bkt', 't', ...rel.split('/')) })),
    prune: [path.join(s.store.root, 'bkt', 't')],
    catalog: [{ after: table('t', 's3://bkt/t/') }],
    staging: [staged.dir],
  };
  await fs.mkdir(journalDir, { recursive: true });
  await fs.writeFile(path.join(journalDir, `${id}.json`), JSON.stringify(journal));
  // the dead writer's lock is still there
  await fs.mkdir(s.locks.dir, { recursive: true });
  await fs.writeFile(path.join(s.locks.dir, `${id}.json`), JSON.stringify({ pid, locations: ['s3://bkt/t/'], what: journal.what, since: journal.createdOn }));
  const moves = [...journal.removes.map((r) => [r.from, r.aside] as const), ...journal.adds.map((a) => [a.from, a.to] as const)];
  for (const [from, to] of moves.slice(0, done)) {
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.rename(from, to);
  }
  if (options.loseStaged) await fs.rm(path.join(staged.dir, 'p=1'), { recursive: true });
  return { id, journal };
}

for (const done of [0, 1, 2, 3, 4]) {
  test(`recovery finishes a commit killed after ${done} of its 4 moves: the new files, the catalog, nothing left behind`, async () => {
    const s = await setup();
    await killedCommit(s, done);
    // a reader meeting the dead writer's lock finishes the commit before it reads
    const lease = await s.locks.read(['s3://bkt/t/'], { what: 'a query' });
    await lease.release();
    assert.deepEqual(await s.keys(), { 't/p=1/part-0-n.json': 'new1', 't/part-0-n.json': 'new0' });
    assert.equal((await s.catalog.table('db', 't'))?.storage.location, 's3://bkt/t/');
    assert.deepEqual((await fs.readdir(path.join(s.dir, 'commits'))).filter((f) => !f.startsWith('.') && f !== 'recovery.lock'), []);
    assert.deepEqual(await fs.readdir(s.locks.dir), []);
    assert.deepEqual(await fs.readdir(path.join(s.dir, 'staging', String(process.pid))), []);
  });
}

test('recovery at open undoes a commit whose staged files are gone: the previous files back, no catalog change', async () => {
  const s = await setup();
  await killedCommit(s, 3, { loseStaged: true });
  const report = await s.committer.recover();
  assert.equal(report.rolledBack.length, 1);
  assert.deepEqual(await s.keys(), { 't/old-1.json': 'old1', 't/old-2.json': 'old2' });
  assert.equal(await s.catalog.table('db', 't'), undefined);
  // a journal naming paths outside the data folder is not followed
  const pid = await deadPid();
  const bad = `w-000000000000002-00000000-${pid}-abcdef`;
  await fs.writeFile(path.join(s.dir, 'commits', `${bad}.json`), JSON.stringify({ version: 1, id: bad, pid, removes: [{ from: '/etc/hostname', aside: '/tmp/x' }], adds: [], prune: [], catalog: [], staging: [] }));
  await assert.rejects(s.committer.recover(), isCode('DataError', new RegExp(`${bad}\\.json: not a commit journal`)));
});
