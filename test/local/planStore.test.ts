/**
 * Job plans kept in the data folder (planStore.ts): a process that reads a script an earlier one read — with the same
 * code — gets the plan without parsing it; another build of the code, or a file it cannot read, gets nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JobPlan } from '../../src/core/jobs/plan';
import { clearPlanCache, persistentPlanStore, readGlueScript, usePersistentPlans } from '../../src/core/jobs/script';
import { counted } from './helpers';
import { MAX_PLANS, PlanStore, sharedStoreFile } from '../../src/core/targets/local/planStore';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local';
import { initProject } from '../../src/core/actions/init';

let tmp: string;
let script: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-plans-'));
  const text = await fs.readFile(path.join(__dirname, '..', '..', 'glue-scripts', 'customer_landing_to_trusted.py'), 'utf8');
  script = text.replace(/\$\{bucket\}/g, 'stedi-lakehouse').replace(/\$\{database\}/g, 'stedi');
});
after(async () => {
  usePersistentPlans(undefined);
  await fs.rm(tmp, { recursive: true, force: true });
});


test('a plan read once is served from the data folder to the next process of the same build, not parsed again', async () => {
  const file = path.join(tmp, 'a', 'plans.bin');
  const first = new PlanStore(file, 'build-1');
  const a = counted(first);
  usePersistentPlans(a.store);
  clearPlanCache();
  const plan = await readGlueScript(script, 'glue-scripts/customer_landing_to_trusted.py');
  assert.deepEqual(a.seen, { gets: 1, hits: 0, sets: 1 });
  await first.settle();
  assert.ok(existsSync(file));

  // another process: nothing in memory, the same build
  const b = counted(new PlanStore(file, 'build-1'));
  usePersistentPlans(b.store);
  clearPlanCache();
  const again = await readGlueScript(script, 'glue-scripts/customer_landing_to_trusted.py');
  assert.deepEqual(b.seen, { gets: 1, hits: 1, sets: 0 });
  assert.deepEqual(again, plan);
  // other arguments, another script name or text: another plan
  clearPlanCache();
  await readGlueScript(script, 'glue-scripts/other.py');
  await readGlueScript(`${script}\n# changed\n`, 'glue-scripts/customer_landing_to_trusted.py');
  assert.equal(b.seen.hits, 1);
  usePersistentPlans(undefined);
});

test('another build of the code, or a file it cannot read, serves nothing (and the file is written anew)', async () => {
  const file = path.join(tmp, 'b', 'plans.bin');
  const first = new PlanStore(file, 'build-1');
  usePersistentPlans(first);
  clearPlanCache();
  await readGlueScript(script, 'x.py');
  await first.settle();

  const other = counted(new PlanStore(file, 'build-2'));
  usePersistentPlans(other.store);
  clearPlanCache();
  await readGlueScript(script, 'x.py');
  assert.deepEqual(other.seen, { gets: 1, hits: 0, sets: 1 });

  await fs.writeFile(file, 'not a plan store');
  const broken = new PlanStore(file, 'build-1');
  const c = counted(broken);
  usePersistentPlans(c.store);
  clearPlanCache();
  await readGlueScript(script, 'x.py');
  assert.deepEqual(c.seen, { gets: 1, hits: 0, sets: 1 });
  await broken.settle();
  const reread = counted(new PlanStore(file, 'build-1'));
  usePersistentPlans(reread.store);
  clearPlanCache();
  await readGlueScript(script, 'x.py');
  assert.deepEqual(reread.seen, { gets: 1, hits: 1, sets: 0 }, 'written anew');
  usePersistentPlans(undefined);
});

test(`at most ${MAX_PLANS} plans are kept, the least recently used going first`, async () => {
  const file = path.join(tmp, 'c', 'plans.bin');
  const store = new PlanStore(file, 'build-1');
  const plan = (i: number) => ({ file: `f${i}.py`, nodes: [], sinks: [], purges: [] }) as unknown as JobPlan;
  for (let i = 0; i < MAX_PLANS; i++) store.set(`k${i}`, plan(i));
  assert.deepEqual(await store.get('k0'), plan(0)); // k0 used: k1 is now the least recent
  store.set('new', plan(-1));
  await store.settle();
  const reread = new PlanStore(file, 'build-1');
  assert.deepEqual(await reread.get('k0'), plan(0));
  assert.equal(await reread.get('k1'), undefined);
  assert.deepEqual(await reread.get('new'), plan(-1));
  assert.deepEqual(await reread.get(`k${MAX_PLANS - 1}`), plan(MAX_PLANS - 1));
});

test('the local target keeps the plans of its jobs in <data>/cache/plans.bin when its build has an id; run from source it keeps none', async () => {
  const dir = path.join(tmp, 'project');
  await initProject(dir, { sample: 'stedi' });
  const project = await loadProject(dir);
  const plain = await LocalTarget.open(project);
  clearPlanCache();
  await plain.jobs.plan('customer_landing_to_trusted');
  await plain.close();
  assert.equal(existsSync(path.join(dir, '.lakehouse', 'cache', 'plans.bin')), false);

  const built = await LocalTarget.open(project, { planBuild: 'test-build' });
  clearPlanCache();
  const plan = await built.jobs.plan('customer_landing_to_trusted');
  await built.close();
  // the next process of the same build: its plan comes from the data folder
  const next = await LocalTarget.open(project, { planBuild: 'test-build' });
  const c = counted(new PlanStore(path.join(dir, '.lakehouse', 'cache', 'plans.bin'), 'test-build'));
  usePersistentPlans(c.store);
  clearPlanCache();
  assert.deepEqual(await next.jobs.plan('customer_landing_to_trusted'), plan);
  assert.deepEqual(c.seen, { gets: 1, hits: 1, sets: 0 });
  await next.close();
  usePersistentPlans(undefined);
});

test('a data folder made anew gets its plans from the shared store (the user cache folder), not by parsing; changed text, name or arguments miss both', async () => {
  const sharedFile = sharedStoreFile(path.join(tmp, 'user-cache'), 'plans', 'build-1');
  assert.equal(path.basename(sharedFile), 'plans-b-build-1.bin');
  const first = new PlanStore(path.join(tmp, 'd1', 'plans.bin'), 'build-1', new PlanStore(sharedFile, 'build-1'));
  usePersistentPlans(first);
  clearPlanCache();
  const plan = await readGlueScript(script, 'glue-scripts/customer_landing_to_trusted.py');
  await first.settle();
  assert.ok(existsSync(sharedFile));

  // another data folder (an upload into a fresh one, another project): nothing of its own, the same shared store
  const sharedStore = new PlanStore(sharedFile, 'build-1');
  const sharedSeen = counted(sharedStore);
  const localFile = path.join(tmp, 'd2', 'plans.bin');
  const second = new PlanStore(localFile, 'build-1', { ...sharedSeen.store, settle: () => sharedStore.settle() });
  const b = counted(second);
  usePersistentPlans(b.store);
  clearPlanCache();
  assert.deepEqual(await readGlueScript(script, 'glue-scripts/customer_landing_to_trusted.py'), plan);
  assert.deepEqual(b.seen, { gets: 1, hits: 1, sets: 0 }, 'no parse: nothing set');
  assert.deepEqual(sharedSeen.seen, { gets: 1, hits: 1, sets: 0 });
  // each input of the plan, changed: a miss in both stores, the script read anew (and its plan is the new text's)
  clearPlanCache();
  const renamed = await readGlueScript(script, 'glue-scripts/other.py');
  assert.equal(renamed.file, 'glue-scripts/other.py');
  const changed = await readGlueScript(script.split('stedi-lakehouse').join('another-bucket'), 'glue-scripts/customer_landing_to_trusted.py');
  assert.ok(JSON.stringify(changed).includes('another-bucket') && !JSON.stringify(changed).includes('stedi-lakehouse'));
  await readGlueScript(script, 'glue-scripts/customer_landing_to_trusted.py', { arguments: { JOB_NAME: 'x' } });
  assert.equal(b.seen.hits, 1);
  assert.equal(sharedSeen.seen.hits, 1);
  assert.equal(sharedSeen.seen.sets, 3, 'what was read anew is shared too');
  await second.settle();

  // the plan served from the shared store is kept in the data folder: the next process there needs no shared store
  const third = counted(new PlanStore(localFile, 'build-1'));
  usePersistentPlans(third.store);
  clearPlanCache();
  assert.deepEqual(await readGlueScript(script, 'glue-scripts/customer_landing_to_trusted.py'), plan);
  assert.deepEqual(third.seen, { gets: 1, hits: 1, sets: 0 });

  // another build shares nothing with this one (its own file)
  const otherShared = new PlanStore(sharedStoreFile(path.join(tmp, 'user-cache'), 'plans', 'build-2'), 'build-2');
  const other = counted(new PlanStore(path.join(tmp, 'd3', 'plans.bin'), 'build-2', otherShared));
  usePersistentPlans(other.store);
  clearPlanCache();
  await readGlueScript(script, 'glue-scripts/customer_landing_to_trusted.py');
  assert.deepEqual(other.seen, { gets: 1, hits: 0, sets: 1 });
  usePersistentPlans(undefined);
});

test("the local target given a shared cache folder: a second project's first run reads no script the first project read, and an edited script is read anew", async () => {
  const shared = path.join(tmp, 'shared-target');
  const one = path.join(tmp, 'project-one');
  const two = path.join(tmp, 'project-two');
  await initProject(one, { sample: 'stedi' });
  await initProject(two, { sample: 'stedi' });
  const a = await LocalTarget.open(await loadProject(one), { planBuild: 'test-build', sharedCacheDir: shared });
  clearPlanCache();
  const plan = await a.jobs.plan('customer_landing_to_trusted');
  await a.close();
  assert.ok(existsSync(sharedStoreFile(shared, 'plans', 'test-build')));

  const b = await LocalTarget.open(await loadProject(two), { planBuild: 'test-build', sharedCacheDir: shared });
  const seen = counted(persistentPlanStore()!);
  usePersistentPlans(seen.store);
  clearPlanCache();
  assert.deepEqual(await b.jobs.plan('customer_landing_to_trusted'), plan);
  assert.deepEqual(seen.seen, { gets: 1, hits: 1, sets: 0 });
  // the script edited in the second project: another text, another plan
  const file = path.join(two, 'glue-scripts', 'customer_landing_to_trusted.py');
  const text = await fs.readFile(file, 'utf8');
  assert.ok(text.includes('where sharewithresearchasofdate is not null'));
  await fs.writeFile(file, text.replace('where sharewithresearchasofdate is not null', 'where sharewithfriendsasofdate is not null'));
  clearPlanCache();
  const edited = await b.jobs.plan('customer_landing_to_trusted');
  assert.deepEqual(seen.seen, { gets: 2, hits: 1, sets: 1 });
  assert.ok(JSON.stringify(edited).includes('where sharewithfriendsasofdate is not null') && !JSON.stringify(edited).includes('where sharewithresearchasofdate'));
  await b.close();
  usePersistentPlans(undefined);
});
