/**
 * A full disk names the file: Node's errors of a write (write, fsync, close) carry no path — the user saw only
 * "ENOSPC: no space left on device, write". The failure is injected into the file handles' writes (a real full disk
 * is not made for a test), except for the log, whose file can be a link to /dev/full: a real ENOSPC.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { LocalCatalog } from '../../src/core/targets/local/catalog';
import { LocalObjectStore } from '../../src/core/targets/local/objectStore';
import { RunStore, newRunId } from '../../src/core/targets/local/runStore';
import { isCode } from './helpers';

let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-fulldisk-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** The error Node gives for a write on a full disk: no path. */
function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}

/** Runs `body` with every file handle's writes failing as on a full disk. */
async function withFullDisk<T>(body: () => Promise<T>): Promise<T> {
  const probe = await fs.open(path.join(tmp, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as Record<string, unknown>;
  await probe.close();
  const saved = { write: proto['write'], writeFile: proto['writeFile'] };
  proto['write'] = () => Promise.reject(enospc());
  proto['writeFile'] = () => Promise.reject(enospc());
  try {
    return await body();
  } finally {
    Object.assign(proto, saved);
  }
}

test('the catalog written on a full disk: the error names catalog.json and its folder; the catalog and the folder stay as they were', async () => {
  const file = path.join(tmp, 'catalog', 'catalog.json');
  const catalog = new LocalCatalog(file);
  await catalog.createDatabase({ name: 'kept' });
  const before = await fs.readFile(file, 'utf8');
  await withFullDisk(() =>
    assert.rejects(catalog.createDatabase({ name: 'lost' }), isCode('DataError', new RegExp(`^no space left on the device holding ${path.dirname(file)} \\(ENOSPC\\) while writing ${file}: make room there`))),
  );
  assert.equal(await fs.readFile(file, 'utf8'), before);
  assert.deepEqual((await fs.readdir(path.dirname(file))).filter((n) => n !== 'catalog.json.lock'), ['catalog.json']);
});

test('an object put on a full disk names the object and its file; nothing is left behind', async () => {
  const store = new LocalObjectStore(path.join(tmp, 's3'));
  await store.createBucket('bkt');
  await withFullDisk(() =>
    assert.rejects(
      store.put('bkt', 'zone/a.json', '{"a":1}\n'),
      isCode('DataError', /^upload of s3:\/\/bkt\/zone\/a\.json failed: no space left on the device holding .*zone \(ENOSPC\) while writing .*zone\/a\.json/),
    ),
  );
  assert.deepEqual(await fs.readdir(path.join(tmp, 's3', 'bkt')), []);
});

test('a job\'s log on a full disk (a real ENOSPC: the log is a link to /dev/full) names the log file', { skip: process.platform !== 'linux' && 'needs /dev/full' }, async () => {
  const runs = new RunStore(path.join(tmp, 'data'));
  const id = newRunId();
  const log = runs.logPath('job', id);
  await fs.mkdir(path.dirname(log), { recursive: true });
  await fs.symlink('/dev/full', log);
  await assert.rejects(runs.appendLog('job', id, 'a line'), isCode('DataError', new RegExp(`no space left on the device holding ${path.dirname(log)} \\(ENOSPC\\) while writing ${log}`)));
});
