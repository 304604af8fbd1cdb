import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LakehouseError } from '../../src/core/errors';
import { acquireLockFile, fileContainsAny, isProcessAlive, readJsonFile, writeFileAtomic } from '../../src/core/targets/local/fsutil';

let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-fsutil-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

test('writeFileAtomic creates folders, replaces content and leaves no temp file', async () => {
  const file = path.join(tmp, 'a', 'b', 'data.json');
  await writeFileAtomic(file, '{"v":1}');
  await writeFileAtomic(file, Buffer.from('{"v":2}'));
  assert.equal(await fs.readFile(file, 'utf8'), '{"v":2}');
  assert.deepEqual(await fs.readdir(path.dirname(file)), ['data.json']);
});

test('writeFileAtomic that fails leaves the old file and no temp file', async () => {
  const dir = path.join(tmp, 'fails');
  const file = path.join(dir, 'x');
  await writeFileAtomic(file, 'old');
  await fs.mkdir(path.join(dir, 'target-is-a-folder', 'inner'), { recursive: true });
  await assert.rejects(writeFileAtomic(path.join(dir, 'target-is-a-folder'), 'new'));
  assert.deepEqual((await fs.readdir(dir)).sort(), ['target-is-a-folder', 'x']);
  assert.equal(await fs.readFile(file, 'utf8'), 'old');
});

test('readJsonFile: fallback for a missing file; broken JSON names the file and position', async () => {
  assert.deepEqual(await readJsonFile(path.join(tmp, 'missing.json'), { empty: true }), { empty: true });
  const file = path.join(tmp, 'broken.json');
  await fs.writeFile(file, '{\n  "a": 1,\n  "b": oops\n}');
  await assert.rejects(readJsonFile(file, {}), (e: unknown) => {
    assert.ok(e instanceof LakehouseError);
    assert.equal(e.code, 'DataError');
    assert.equal(e.detail.file, file);
    assert.equal(e.detail.line, 3);
    assert.ok(e.message.startsWith(`${file}:3:`), e.message);
    return true;
  });
  await fs.writeFile(file, '[1,2]');
  assert.deepEqual(await readJsonFile(file, []), [1, 2]);
});

test('isProcessAlive', async () => {
  assert.equal(isProcessAlive(process.pid), true);
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(isProcessAlive(pid), false);
  assert.equal(isProcessAlive(0), false);
  assert.equal(isProcessAlive(-1), false);
});

test('lock files: exclusive while held, reported with their holder, released by token only', async () => {
  const file = path.join(tmp, 'locks', 'x.lock');
  const first = await acquireLockFile(file, { info: { purpose: 'test' } });
  assert.ok(first.acquired);
  const second = await acquireLockFile(file, { waitMs: 20 });
  assert.ok(!second.acquired);
  assert.equal(second.holder.pid, process.pid);
  assert.equal(second.holder.purpose, 'test');
  await first.release();
  await first.release(); // twice is harmless
  const third = await acquireLockFile(file);
  assert.ok(third.acquired);
  await first.release(); // an old holder's release doesn't free the new holder's lock
  assert.ok(!(await acquireLockFile(file)).acquired);
  await third.release();
  // a waiting acquirer gets the lock once it is released
  const held = await acquireLockFile(file);
  assert.ok(held.acquired);
  const waiting = acquireLockFile(file, { waitMs: 10_000 });
  setImmediate(() => void held.release());
  const got = await waiting;
  assert.ok(got.acquired);
  await got.release();
  assert.deepEqual(await fs.readdir(path.dirname(file)), []);
});

test('a stale lock (dead pid, or older than staleAfterMs) is taken over', async () => {
  const file = path.join(tmp, 'locks2', 'y.lock');
  await fs.mkdir(path.dirname(file), { recursive: true });
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((resolve) => child.on('exit', resolve));
  await fs.writeFile(file, JSON.stringify({ pid, token: 'dead', acquiredOn: '2020-01-01T00:00:00Z' }));
  const a = await acquireLockFile(file);
  assert.ok(a.acquired);
  await a.release();
  await fs.writeFile(file, JSON.stringify({ pid: process.ppid, token: 'old', acquiredOn: '2020-01-01T00:00:00Z' }));
  const old = new Date(Date.now() - 3_600_000);
  await fs.utimes(file, old, old);
  assert.ok(!(await acquireLockFile(file)).acquired);
  const b = await acquireLockFile(file, { staleAfterMs: 60_000 });
  assert.ok(b.acquired);
  await b.release();
});

test('fileContainsAny finds a needle anywhere: first bytes, last bytes, across the 4 MiB blocks it reads', async () => {
  const file = path.join(tmp, 'needles.bin');
  const MiB = 1 << 20;
  const words = [Buffer.from('Infinity'), Buffer.from('NaN')];
  const at = async (size: number, needle: string, offset: number) => {
    const b = Buffer.alloc(size, 'a');
    b.write(needle, offset);
    await fs.writeFile(file, b);
    return fileContainsAny(file, words);
  };
  await fs.writeFile(file, '');
  assert.equal(await fileContainsAny(file, words), false, 'empty');
  assert.equal(await at(10 * MiB, '', 0), false, 'none');
  assert.equal(await at(10 * MiB, 'Infinit', 4 * MiB - 7), false, 'a part of a needle is not the needle');
  for (const offset of [0, 4 * MiB - 8, 4 * MiB - 4, 4 * MiB - 1, 4 * MiB, 8 * MiB - 3, 10 * MiB - 8]) assert.equal(await at(10 * MiB, 'Infinity', offset), true, `Infinity at ${offset}`);
  for (const offset of [4 * MiB - 2, 4 * MiB - 1, 10 * MiB - 3]) assert.equal(await at(10 * MiB, 'NaN', offset), true, `NaN at ${offset}`);
  assert.equal(await at(3, 'NaN', 0), true, 'a file that is the needle');
});
