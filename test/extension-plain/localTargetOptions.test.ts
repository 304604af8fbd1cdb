// The extension's local target options (src/extension/localTargetOptions.ts): the settings, and the user's cache
// folder for the plans and translations every project shares — the CLI's folder and files (src/core/userCache.ts),
// so a script the editor read is not read again by `lakehouse run`, nor the other way round.
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { initProject } from '../../src/core/actions/init';
import { clearPlanCache, persistentPlanStore, usePersistentPlans } from '../../src/core/jobs/script';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local';
import { sharedStoreFile } from '../../src/core/targets/local/planStore';
import { sharedCacheDir } from '../../src/core/userCache';
import { localTargetOptions } from '../../src/extension/localTargetOptions';
import { counted } from '../local/helpers';

let tmp: string;
const saved = { xdg: process.env['XDG_CACHE_HOME'], off: process.env['LAKEHOUSE_SHARED_CACHE'] };
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-ext-options-'));
  process.env['XDG_CACHE_HOME'] = path.join(tmp, 'xdg');
  delete process.env['LAKEHOUSE_SHARED_CACHE'];
});
after(async () => {
  usePersistentPlans(undefined);
  if (saved.xdg === undefined) delete process.env['XDG_CACHE_HOME'];
  else process.env['XDG_CACHE_HOME'] = saved.xdg;
  if (saved.off !== undefined) process.env['LAKEHOUSE_SHARED_CACHE'] = saved.off;
  await fs.rm(tmp, { recursive: true, force: true });
});

test('the options: the data folder and memory limit of the settings, the user cache folder as the shared cache; none with LAKEHOUSE_SHARED_CACHE=0', () => {
  const root = path.join(tmp, 'p');
  assert.deepEqual(localTargetOptions(root, { localDataFolder: '.lakehouse', localMemoryLimit: '' }), {
    dataDir: path.join(root, '.lakehouse'),
    sharedCacheDir: path.join(tmp, 'xdg', 'lakehouse-studio'),
  });
  assert.deepEqual(localTargetOptions(root, { localDataFolder: '../data', localMemoryLimit: '2GB' }, { recordNodeRows: true }), {
    dataDir: path.join(tmp, 'data'),
    memoryLimit: '2GB',
    sharedCacheDir: path.join(tmp, 'xdg', 'lakehouse-studio'),
    recordNodeRows: true,
  });
  process.env['LAKEHOUSE_SHARED_CACHE'] = '0';
  try {
    assert.equal(localTargetOptions(root, { localDataFolder: '.lakehouse', localMemoryLimit: '' }).sharedCacheDir, undefined);
  } finally {
    delete process.env['LAKEHOUSE_SHARED_CACHE'];
  }
});

test("a plan the extension's target read is served to the CLI's target of another project from the shared store, not parsed", async () => {
  const one = path.join(tmp, 'editor-project');
  const two = path.join(tmp, 'cli-project');
  await initProject(one, { sample: 'stedi' });
  await initProject(two, { sample: 'stedi' });
  // the extension's target (the build id is the bundle's; from source the tests give one)
  const editor = await LocalTarget.open(await loadProject(one), localTargetOptions(one, { localDataFolder: '.lakehouse', localMemoryLimit: '' }, { recordNodeRows: true, planBuild: 'test-build' }));
  clearPlanCache();
  const plan = await editor.jobs.plan('customer_landing_to_trusted');
  await editor.close();
  assert.ok(existsSync(sharedStoreFile(path.join(tmp, 'xdg', 'lakehouse-studio'), 'plans', 'test-build')));

  // the CLI's target (src/cli/main.ts openTarget) on another project, with nothing in its data folder
  const cli = await LocalTarget.open(await loadProject(two), { planBuild: 'test-build', sharedCacheDir: sharedCacheDir()! });
  const inner = persistentPlanStore()!;
  const { store: counting, seen } = counted(inner);
  usePersistentPlans(counting);
  clearPlanCache();
  assert.deepEqual(await cli.jobs.plan('customer_landing_to_trusted'), plan);
  assert.deepEqual(seen, { gets: 1, hits: 1, sets: 0 }, 'served by the store: the script was not parsed');
  usePersistentPlans(inner);
  await cli.close();
});
