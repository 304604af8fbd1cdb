/**
 * Shared and exclusive locks on locations across processes (dataLocks.ts): readers share, a writer waits for the
 * readers of what it changes and goes before readers that come after it, writers of overlapping locations take
 * turns, holders of dead processes are removed (a dead writer's commit finished first), waiting ends with the
 * caller's signal or its time limit, naming the holder.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { DataLocks, coveringLocations, locationsOverlap } from '../../src/core/targets/local/dataLocks';
import { isCode } from './helpers';

let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-datalocks-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

let n = 0;
function freshLocks(onDeadWriter: (id: string) => Promise<void> = async () => undefined): DataLocks {
  return new DataLocks(path.join(tmp, `locks-${++n}`), onDeadWriter);
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

/** Whether a promise has settled after the event loop had a few turns (it is waiting, or not). */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, 60));
  return done;
}

const what = (w: string) => ({ what: w });

test('locations overlap when one lies inside the other, as S3 prefixes do', () => {
  assert.equal(locationsOverlap('s3://b/t/', 's3://b/t/p=1/'), true);
  assert.equal(locationsOverlap('s3://b/t/p=1/', 's3://b/t/'), true);
  assert.equal(locationsOverlap('s3://b/t/', 's3://b/tt/'), false);
  assert.equal(locationsOverlap('s3://b/t/', 's3://c/t/'), false);
  assert.deepEqual(coveringLocations(['s3://b/t/p=1/', 's3://b/t/', 's3://b/u/', 's3://b/t/']), ['s3://b/t/', 's3://b/u/']);
});

test('readers share a location; a writer waits for them, and readers coming after the writer wait for it', async () => {
  const locks = freshLocks();
  const r1 = await locks.read(['s3://b/t/'], what('reader 1'));
  const r2 = await locks.read(['s3://b/t/p=1/'], what('reader 2'));
  const w = locks.write(['s3://b/t/'], what('writer'));
  assert.equal(await settled(w), false, 'the writer waits for the readers');
  const r3 = locks.read(['s3://b/t/'], what('reader 3'));
  assert.equal(await settled(r3), false, 'a reader after a waiting writer waits too');
  // another location is not held up
  const other = await locks.read(['s3://b/other/'], what('reader 4'));
  await r1.release();
  assert.equal(await settled(w), false, 'one reader is still there');
  await r2.release();
  const held = await w;
  assert.equal(await settled(r3), false, 'the writer holds the location');
  await held.release();
  await (await r3).release();
  await other.release();
  assert.deepEqual(await fs.readdir(locks.dir), []);
});

test('writers of overlapping locations take turns, in the order they asked', async () => {
  const locks = freshLocks();
  const first = await locks.write(['s3://b/t/'], what('first'));
  const second = locks.write(['s3://b/t/x/'], what('second'));
  const third = locks.write(['s3://b/u/'], what('third'));
  assert.equal(await settled(second), false);
  await (await third).release(); // no overlap: at once
  await first.release();
  await (await second).release();
});

test('holders of dead processes are removed; a dead writer\'s commit is finished first', async () => {
  const finished: string[] = [];
  const locks = freshLocks(async (id) => {
    finished.push(id);
  });
  await fs.mkdir(locks.dir, { recursive: true });
  const pid = await deadPid();
  const holder = (kind: string) => JSON.stringify({ pid, locations: ['s3://b/t/'], what: `dead ${kind}`, since: new Date().toISOString() });
  await fs.writeFile(path.join(locks.dir, `r-${pid}-aaaaaa.json`), holder('reader'));
  await fs.writeFile(path.join(locks.dir, `w-000000000000001-00000000-${pid}-bbbbbb.json`), holder('writer'));
  const w = await locks.write(['s3://b/t/'], what('writer'));
  assert.deepEqual(finished, [`w-000000000000001-00000000-${pid}-bbbbbb`]);
  assert.deepEqual((await fs.readdir(locks.dir)).filter((f) => f.includes(String(pid))), []);
  await w.release();

  // sweep: every dead holder, overlapping or not
  await fs.writeFile(path.join(locks.dir, `r-${pid}-cccccc.json`), holder('reader'));
  assert.equal(await locks.sweep(), 1);
  assert.deepEqual(await fs.readdir(locks.dir), []);
});

test('waiting ends with the signal (Cancelled) or the time limit (naming the holder)', async () => {
  const locks = freshLocks();
  const held = await locks.write(['s3://b/t/'], what('job x (run jr_1)'));
  const controller = new AbortController();
  const waiting = locks.read(['s3://b/t/'], { what: 'a query', signal: controller.signal });
  controller.abort();
  await assert.rejects(waiting, isCode('Cancelled', /a query: stopped while waiting for job x \(run jr_1\)/));
  await assert.rejects(locks.read(['s3://b/t/x/'], { what: 'a query', waitMs: 30 }), isCode('JobRunning', new RegExp(`s3://b/t/ is in use by job x \\(run jr_1\\) \\(process ${process.pid}, since `)));
  await held.release();
  // a waiting writer that gives up leaves no holder behind
  const r = await locks.read(['s3://b/t/'], what('reader'));
  await assert.rejects(locks.write(['s3://b/t/'], { what: 'writer', waitMs: 30 }), isCode('JobRunning', /in use by reader/));
  await r.release();
  assert.deepEqual(await fs.readdir(locks.dir), []);
});
