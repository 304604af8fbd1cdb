/**
 * What dead processes leave in the data folder is removed when a project is opened (leftovers.ts): staged output,
 * the profiler's files, DuckDB's spill folders, cut-short temp files — of processes that no longer exist only.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { sweepLeftovers } from '../../src/core/targets/local/leftovers';

let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-leftovers-'));
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

test('a dead process\'s staging, profiles, spill folder and temp files go; a live process\'s stay', async () => {
  const data = path.join(tmp, '.lakehouse');
  const dead = await deadPid();
  const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    const alive = live.pid!;
    const files = (pid: number) => [
      `staging/${pid}/0a1b/part-0.json`,
      `tmp/profile-${pid}-1718000000000-x1y2.json`,
      `tmp/duckdb-${pid}/duckdb_temp_storage-0.tmp`,
      `.catalog.json.lh-tmp-${pid}-0a0b0c0d0e0f`,
      `cache/.json-keys.json.lh-tmp-${pid}-0a0b0c0d0e0f`,
      `locks/.x.lock.lh-tmp-${pid}-0a0b0c0d0e0f`,
    ];
    for (const f of [...files(dead), ...files(alive), 'tmp/not-ours.txt', 'catalog.json']) {
      await fs.mkdir(path.dirname(path.join(data, f)), { recursive: true });
      await fs.writeFile(path.join(data, f), 'x');
    }
    assert.equal(await sweepLeftovers(data), 6);
    const left: string[] = [];
    const walk = async (d: string, rel: string) => {
      for (const e of await fs.readdir(d, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(path.join(d, e.name), `${rel}${e.name}/`);
        else left.push(`${rel}${e.name}`);
      }
    };
    await walk(data, '');
    assert.deepEqual(left.sort(), [...files(alive), 'tmp/not-ours.txt', 'catalog.json'].sort());
  } finally {
    live.kill('SIGKILL');
  }
});
