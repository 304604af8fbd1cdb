// Nested zones in the explorer's node model (plain TypeScript, no `vscode`), on the local target and on the AWS target
// (the real S3 client against s3rver, which pages and honours StartAfter as S3 does): with trusted at
// accelerometer_landing/trusted/ inside landing's accelerometer_landing/, the landing zone node counts, sizes and lists
// only its own objects — never the nested zone's — and "Delete all objects" of landing leaves trusted's. Expected
// counts and sizes are those of the objects the test puts.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadProject, type Project } from '../../src/core/project/manifest';
import type { Target } from '../../src/core/target';
import { AwsTarget } from '../../src/core/targets/aws';
import { LocalTarget } from '../../src/core/targets/local';
import { listZoneObjects } from '../../src/core/zoneObjects';
import { childNodes, loadPage, type ExplorerNode, type LoadEnv, type NodeOf } from '../../src/extension/explorer/nodes';
import { startFakeAws, type OfflineAws } from '../aws/fake';

const BUCKET = 'nested-nodes';
const MANIFEST = {
  name: 'nested-nodes',
  bucket: BUCKET,
  database: 'udacity-stedi',
  datasets: { accelerometer: { landing: 'accelerometer_landing/', trusted: 'accelerometer_landing/trusted/' } },
};

// landing's own: 5 readings (10 bytes each), a sibling folder named like the nested one, a key sorting after it
const LANDING_OWN = [...Array.from({ length: 5 }, (_, i) => `accelerometer_landing/a-${i}.json`), 'accelerometer_landing/trustedx/b.json', 'accelerometer_landing/z-1.json'];
// trusted's: 30 objects (10 bytes each), some in a subfolder
const TRUSTED = Array.from({ length: 30 }, (_, i) => `accelerometer_landing/trusted/${i < 10 ? 'sub/' : ''}part-${String(i).padStart(2, '0')}.json`);

function env(project: Project, target: Target, pageSize: number): LoadEnv {
  return {
    project: async () => project,
    target: async () => target,
    pageSize,
    pages: new Map(),
    filters: new Map(),
    rowCounts: new Map(),
    runningJobs: new Set(),
    targetWhere: () => 'test',
    statsLimit: 100_000,
  };
}

async function zonesOf(e: LoadEnv): Promise<NodeOf<'zone'>[]> {
  const dataset: ExplorerNode = { kind: 'dataset', id: `dataset:${BUCKET}/accelerometer`, bucket: BUCKET, dataset: 'accelerometer', zones: MANIFEST.datasets.accelerometer };
  return (await childNodes(dataset, e)) as NodeOf<'zone'>[];
}

/** every object key under a zone node, loading page after page ("Load more…") as the tree does */
async function listAll(zone: NodeOf<'zone'>, e: LoadEnv): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    await loadPage(zone, e);
    if (e.pages.get(zone.id)!.next === undefined) break;
  }
  return e.pages.get(zone.id)!.objects.map((o) => o.key);
}

for (const kind of ['local', 'aws'] as const) {
  describe(`nested zones in the explorer (${kind} target)`, () => {
    let dir: string;
    let project: Project;
    let target: Target & { close(): Promise<void> };
    let aws: OfflineAws | undefined;

    before(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-nested-nodes-'));
      await fs.writeFile(path.join(dir, 'lakehouse.json'), JSON.stringify(MANIFEST));
      project = await loadProject(dir);
      if (kind === 'aws') {
        aws = await startFakeAws({ bucket: BUCKET, database: 'udacity-stedi' });
        target = await AwsTarget.open(project, aws.targetOptions());
      } else target = await LocalTarget.open(project, { threads: 1 });
      await target.storage.createBucket(BUCKET);
      for (const key of [...LANDING_OWN, ...TRUSTED]) await target.storage.put(BUCKET, key, '0123456789');
    });
    after(async () => {
      await target?.close();
      await aws?.stop();
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('each zone node counts and sizes only its own objects', async () => {
      const [landing, trusted] = await zonesOf(env(project, target, 3));
      assert.deepEqual([landing?.zone, landing?.nested, landing?.stats], ['landing', ['accelerometer_landing/trusted/'], { objects: 7, bytes: 70, truncated: false, limit: 100_000 }]);
      assert.deepEqual([trusted?.zone, trusted?.nested, trusted?.stats], ['trusted', [], { objects: 30, bytes: 300, truncated: false, limit: 100_000 }]);
    });

    it("the landing zone's listing pages through its own objects only, in key order", async () => {
      const e = env(project, target, 2);
      const [landing, trusted] = await zonesOf(e);
      assert.deepEqual(await listAll(landing!, e), [...LANDING_OWN].sort());
      assert.deepEqual(await listAll(trusted!, e), [...TRUSTED].sort());
      // its children: the objects of the first page and "Load more…"
      const fresh = env(project, target, 4);
      const [first] = await zonesOf(fresh);
      const children = await childNodes(first!, fresh);
      assert.deepEqual(children.map((c) => (c.kind === 'object' ? c.label : c.kind)), ['a-0.json', 'a-1.json', 'a-2.json', 'a-3.json', 'loadMore']);
    });

    it('listZoneObjects: a page stops at maxKeys across the nested zone; a filter inside the nested zone finds nothing', async () => {
      const nested = ['accelerometer_landing/trusted/'];
      const p1 = await listZoneObjects(target.storage, BUCKET, 'accelerometer_landing/', nested, { maxKeys: 6 });
      assert.deepEqual(p1.objects.map((o) => o.key), [...LANDING_OWN].sort().slice(0, 6));
      const p2 = await listZoneObjects(target.storage, BUCKET, 'accelerometer_landing/', nested, { maxKeys: 6, pageToken: p1.nextPageToken! });
      assert.deepEqual(p2.objects.map((o) => o.key), [...LANDING_OWN].sort().slice(6));
      assert.equal(p2.nextPageToken, undefined);
      assert.deepEqual((await listZoneObjects(target.storage, BUCKET, 'accelerometer_landing/', nested, { filter: 'trusted/sub/' })).objects, []);
      assert.deepEqual((await listZoneObjects(target.storage, BUCKET, 'accelerometer_landing/', nested, { filter: 'trust' })).objects.map((o) => o.key), ['accelerometer_landing/trustedx/b.json']);
    });

    it("deleting the landing zone's objects leaves the nested trusted zone's", async () => {
      const deleted = await target.storage.deletePrefix(BUCKET, 'accelerometer_landing/', { except: ['accelerometer_landing/trusted/'] });
      assert.equal(deleted, LANDING_OWN.length);
      const [landing, trusted] = await zonesOf(env(project, target, 100));
      assert.equal(landing?.stats?.objects, 0);
      assert.equal(trusted?.stats?.objects, 30);
    });
  });
}
