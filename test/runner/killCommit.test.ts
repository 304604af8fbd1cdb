/**
 * A job's whole output commits all together or not at all, across `kill -9`. The job (`multi`) has two sinks, both
 * updating the catalog, partitioned by gen and p (20 Parquet files each): table `a` is purged and written again by
 * each run (the newest generation of the landing data), table `b` is appended to (the history: one generation a
 * run). A process runs it in a loop, putting a new generation of landing data before each run, and is killed with
 * SIGKILL — after a random number of runs, either after a random delay or the moment its output folder starts to
 * change (in the middle of a commit). Then the project is opened (recovery) and checked:
 *
 * - every generation in `b` has all its rows (a commit is never half there), `a` holds exactly the newest of them
 *   (both sinks' output came in together, or neither did);
 * - the catalog agrees: `a` and `b` exist once a run committed, and `b`'s partitions are exactly its folders; `a`'s
 *   include its generation's and none of a generation never committed;
 * - nothing is left behind: no commit journal, no staging, no lock of the dead process.
 *
 * Many trials, a seeded random sequence, no timing asserted: a trial passes or fails by what is on disk.
 */
import assert from 'node:assert/strict';
import { watch, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { createTables } from '../../src/core/actions/tables';
import type { CatalogTable } from '../../src/core/model';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local';
import { nextEvent, spawnScript } from './child';
import { REPO, rawDuckDb } from './harness';
import { seededRandom } from '../engine/helpers';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'commit');
const TRIALS = 12;
const ROWS = 200; // per generation; p = v % 20
const PARTITIONS = 20;

const random = seededRandom;

/** Rows per generation and the (gen, p) folders of a sink's output, read by the test's own DuckDB. */
async function output(dir: string): Promise<{ rows: Map<number, number>; folders: Set<string> }> {
  const files: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const ent of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) await walk(p);
      else if (ent.name.endsWith('.parquet')) files.push(p);
    }
  };
  await walk(dir);
  const rows = new Map<number, number>();
  const folders = new Set<string>();
  if (files.length === 0) return { rows, folders };
  const conn = await (await rawDuckDb()).connect();
  try {
    const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
    const r = await conn.runAndReadAll(`SELECT gen, p, count(*) FROM read_parquet([${list}], hive_partitioning = true) GROUP BY gen, p`);
    for (const [gen, p, n] of r.getRowsJson() as [string, string, string][]) {
      rows.set(Number(gen), (rows.get(Number(gen)) ?? 0) + Number(n));
      folders.add(`${Number(gen)}/${Number(p)}`);
    }
  } finally {
    conn.closeSync();
  }
  return { rows, folders };
}

const partitionsOf = (t: CatalogTable | undefined) => new Set((t?.partitions ?? []).map((p) => `${Number(p.values[0])}/${Number(p.values[1])}`));

test('kill -9 at random points of a two-sink job: after recovery, both sinks hold all of a run or none of it, and the catalog agrees', async (t) => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-kill-'));
  const next = random(20240611);
  const outDir = path.join(root, '.lakehouse', 's3', 'commit-test', 'out');
  let midCommit = 0;
  try {
    await fs.cp(path.join(FIXTURES, 'project'), root, { recursive: true });
    const project = await loadProject(root);
    {
      const target = await LocalTarget.open(project, { threads: 1 });
      await createTables(project, target);
      await target.storage.createBucket('commit-test');
      await target.close();
    }
    await fs.mkdir(outDir, { recursive: true });
    let committedBefore = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const child = spawnScript(path.join(FIXTURES, 'job-loop.ts'), [root, 'multi', '--generations', String(ROWS)]);
      await nextEvent(child, 'ready');
      const runs = Math.floor(next() * 2);
      for (let i = 0; i < runs; i++) assert.equal((await nextEvent(child, 'run'))['state'], 'SUCCEEDED', child.stderr());
      if (trial % 2 === 0) {
        // the moment the output starts to change: in the middle of a commit
        await new Promise<void>((resolve) => {
          const w = watch(outDir, { recursive: true }, () => {
            w.close();
            resolve();
          });
          void child.exited.then(() => {
            w.close();
            resolve();
          });
        });
      } else await new Promise((r) => setTimeout(r, Math.floor(next() * 400)));
      child.proc.kill('SIGKILL');
      await child.exited;
      const journals = (await fs.readdir(path.join(root, '.lakehouse', 'commits')).catch(() => [])).filter((n) => n.endsWith('.json'));
      if (journals.length > 0) midCommit++;

      // recovery, then what is there
      const target = await LocalTarget.open(project, { threads: 1 });
      try {
        const a = await output(path.join(outDir, 'a'));
        const b = await output(path.join(outDir, 'b'));
        const where = `trial ${trial} (after ${runs} run(s), killed ${trial % 2 === 0 ? 'as the output changed' : 'after a delay'})`;
        for (const [gen, n] of b.rows) assert.equal(n, ROWS, `${where}: table b has ${n} rows of generation ${gen}`);
        const gens = [...b.rows.keys()].sort((x, y) => x - y);
        assert.ok(gens.length >= committedBefore, `${where}: b lost generations`);
        committedBefore = gens.length;
        if (gens.length === 0) assert.equal(a.rows.size, 0, `${where}: a has rows though b has none`);
        else assert.deepEqual([...a.rows], [[gens[gens.length - 1], ROWS]], `${where}: a holds generation(s) ${[...a.rows.keys()].join(', ')}, b's newest is ${gens[gens.length - 1]}`);

        const ta = await target.catalog.table('lake', 'a');
        const tb = await target.catalog.table('lake', 'b');
        assert.equal(tb !== undefined, gens.length > 0, `${where}: table b ${tb ? 'exists' : 'is missing'} in the catalog`);
        assert.equal(ta !== undefined, gens.length > 0, `${where}: table a ${ta ? 'exists' : 'is missing'} in the catalog`);
        assert.deepEqual([...partitionsOf(tb)].sort(), [...b.folders].sort(), `${where}: b's partitions in the catalog are not its folders`);
        for (const f of a.folders) assert.ok(partitionsOf(ta).has(f), `${where}: a's folder ${f} is not a partition in the catalog`);
        for (const f of partitionsOf(ta)) assert.ok(gens.includes(Number(f.split('/')[0])), `${where}: a's catalog partition ${f} is of a generation never committed`);
        assert.equal(a.folders.size, gens.length > 0 ? PARTITIONS : 0);

        assert.deepEqual((await fs.readdir(path.join(root, '.lakehouse', 'commits')).catch(() => [])).filter((n) => !n.startsWith('.') && n !== 'recovery.lock'), [], `${where}: commit journals left`);
        assert.deepEqual(await fs.readdir(path.join(root, '.lakehouse', 'staging')).catch(() => []), [], `${where}: staging left`);
        assert.deepEqual(await fs.readdir(path.join(root, '.lakehouse', 'locks', 'data')).catch(() => []), [], `${where}: locks left`);
      } finally {
        await target.close();
      }
    }
    t.diagnostic(`${TRIALS} kills, ${midCommit} of them with a commit journal on disk (killed between the commit point and its end); generations committed: ${committedBefore}`);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});
