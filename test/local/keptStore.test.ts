/**
 * The stores kept in files (keptStore.ts: job plans, SQL translations): the temporary files a crashed process left in
 * the user's cache folder — which every process of every project writes, and nothing else cleans — are removed at
 * the next write of a shared store there; a write under way (its process alive, or too recent to tell) is left alone.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { PlanStore, sharedStoreFile } from '../../src/core/targets/local/planStore';
import { TranslationCache } from '../../src/core/targets/local/translationCache';
import type { JobPlan } from '../../src/core/jobs/plan';

let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-kept-store-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** A pid no process has (a child that has exited). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

async function leftover(dir: string, name: string, ageMs: number): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, 'half a cache');
  const t = new Date(Date.now() - ageMs);
  await fs.utimes(file, t, t);
  return file;
}

const MIN = 60_000;
const DAY = 86_400_000;

for (const kind of ['plans', 'translations'] as const) {
  test(`a shared ${kind} store's write removes the temporary files of dead processes in the user cache folder, and only those`, async () => {
    const dir = path.join(tmp, `user-cache-${kind}`);
    await fs.mkdir(dir, { recursive: true });
    const dead = deadPid();
    const live = process.ppid; // the test runner: alive
    const crashed = await leftover(dir, `.plans-b-old.bin.lh-tmp-${dead}-0a1b2c3d4e5f`, 2 * MIN);
    const crashedCodeCache = await leftover(dir, `.cli-main.run-b-old-v20-x64.v8cache.lh-tmp-${dead}-abcdef`, 5 * MIN);
    const justWritten = await leftover(dir, `.translations-b-old.bin.lh-tmp-${dead}-123456`, 0);
    const running = await leftover(dir, `.plans-b-other.bin.lh-tmp-${live}-654321`, 2 * MIN);
    const ancient = await leftover(dir, `.plans-b-other.bin.lh-tmp-${live}-fedcba`, 2 * DAY);
    const notATemp = await leftover(dir, 'notes.lh-tmp-x', 2 * DAY);

    if (kind === 'plans') {
      const shared = new PlanStore(sharedStoreFile(dir, 'plans', 'b1'), 'b1', undefined, { userCache: true });
      const local = new PlanStore(path.join(tmp, `data-${kind}`, 'plans.bin'), 'b1', shared);
      local.set('key', { nodes: [] } as unknown as JobPlan);
      await local.settle();
    } else {
      const shared = new TranslationCache(sharedStoreFile(dir, 'translations', 'b1'), 'b1', undefined, { userCache: true });
      const local = new TranslationCache(path.join(tmp, `data-${kind}`, 'translations.bin'), 'b1', shared);
      await local.set(['key'], 'SELECT 1');
      await local.save();
    }
    assert.ok(existsSync(sharedStoreFile(dir, kind, 'b1')), 'the shared store was written');
    assert.equal(existsSync(crashed), false, 'a dead process, a minute ago: removed');
    assert.equal(existsSync(crashedCodeCache), false, "a dead process's code cache: removed");
    assert.equal(existsSync(ancient), false, 'a day old: removed whatever its pid');
    assert.ok(existsSync(justWritten), 'too recent to tell: kept');
    assert.ok(existsSync(running), 'its process alive: kept');
    assert.ok(existsSync(notATemp), 'not a temp name: kept');
    // no temp file of this process is left either
    assert.deepEqual((await fs.readdir(dir)).filter((n) => n.includes(`lh-tmp-${process.pid}-`)), []);
  });
}

test("a data folder's store does not sweep its folder (only the user cache folder's do)", async () => {
  const dir = path.join(tmp, 'data-folder', 'cache');
  await fs.mkdir(dir, { recursive: true });
  const other = await leftover(dir, `.json-keys.json.lh-tmp-${deadPid()}-0a0a0a`, 2 * MIN);
  const store = new PlanStore(path.join(dir, 'plans.bin'), 'b1');
  store.set('key', { nodes: [] } as unknown as JobPlan);
  await store.settle();
  assert.ok(existsSync(path.join(dir, 'plans.bin')));
  assert.ok(existsSync(other), "the data folder's leftovers are the target's to sweep when it opens (leftovers.ts)");
});
