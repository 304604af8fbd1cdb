/**
 * The first `lakehouse run` after an upload takes the landing files' DynamicFrame schemas from what the upload's
 * line-shape scan learnt of them (learntSchema.ts), with no `DESCRIBE` over the files — and its outputs are those
 * of a run that described them. Two copies of one generated STEDI project are uploaded; in one, what the upload
 * learnt of the types is taken out of its cache (as an upload before this work left it), so its run describes
 * the landing files as before. Both run the five jobs: every output is the same, line for line; only the
 * described project has schemas learnt from landing records in `json-schemas.json` (where every `DESCRIBE` is
 * kept), and only the learnt one says so in its job logs. Run with the bundled dist/cli.js, as a user does.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const BUCKET = 'stedi-lakehouse';
const JOBS = ['customer_landing_to_trusted', 'accelerometer_landing_to_trusted', 'customer_trusted_to_curated', 'step_trainer_landing_to_trusted', 'machine_learning_curated'];

function ok(args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `lakehouse ${args.join(' ')} failed:\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
before(async () => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-learnt-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** every line of every object under the zone folders the jobs write, sorted, per folder */
async function outputs(dir: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const root = path.join(dir, '.lakehouse', 's3', BUCKET);
  for (const dataset of await fs.readdir(root))
    for (const zone of ['trusted', 'curated']) {
      const folder = path.join(root, dataset, zone);
      if (!existsSync(folder)) continue;
      const lines: string[] = [];
      for (const f of await fs.readdir(folder)) lines.push(...(await fs.readFile(path.join(folder, f), 'utf8')).split('\n').filter((l) => l !== ''));
      out[`${dataset}/${zone}`] = lines.sort();
    }
  return out;
}

/** the keys of json-schemas.json for schemas learnt by a DESCRIBE over landing files */
async function describedLanding(dir: string): Promise<string[]> {
  const file = path.join(dir, '.lakehouse', 'cache', 'json-schemas.json');
  const cache = existsSync(file) ? (JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>) : {};
  return Object.keys(cache).filter((k) => !k.startsWith('written:') && k.includes(`${path.sep}landing${path.sep}`));
}

test('the first run after an upload reads the landing files with the types the upload learnt, and writes what a run describing them writes', async () => {
  const learnt = path.join(tmp, 'learnt');
  const described = path.join(tmp, 'described');
  ok(['-q', 'init', learnt, '--sample', 'stedi']);
  ok(['-q', '--dir', learnt, 'sample', '--customers', '120', '--accelerometer-rows', '8000', '--seed', '11']);
  await fs.cp(learnt, described, { recursive: true });
  for (const dir of [learnt, described]) ok(['-q', '--dir', dir, 'upload', path.join(dir, 'data')]);

  // what the upload learnt: the types of every landing file's fields
  const keysFile = (dir: string) => path.join(dir, '.lakehouse', 'cache', 'json-keys.json');
  const keys = JSON.parse(await fs.readFile(keysFile(described), 'utf8')) as Record<string, { types?: unknown }>;
  const landing = Object.keys(keys).filter((k) => k.includes(`${path.sep}landing${path.sep}`));
  assert.ok(landing.length >= 3);
  for (const k of landing) assert.ok(keys[k]!.types !== undefined, `the upload learnt the types of ${k}`);
  // … taken out of the other project's cache: its run describes the files, as before
  for (const k of landing) delete keys[k]!.types;
  await fs.writeFile(keysFile(described), JSON.stringify(keys));

  for (const dir of [learnt, described]) {
    ok(['-q', '--dir', dir, 'tables']);
    ok(['-q', '--dir', dir, 'run']);
  }
  assert.deepEqual(await describedLanding(learnt), [], 'no DESCRIBE over the landing files in the first run after the upload');
  assert.ok((await describedLanding(described)).length >= 3, 'the other project described its landing files');
  const said = (dir: string) => JOBS.map((j) => ok(['--dir', dir, 'logs', j]).stdout).join('\n');
  assert.match(said(learnt), /the fields' types learnt by the line-shape scan/);
  assert.doesNotMatch(said(described), /the fields' types learnt by the line-shape scan/);

  const [a, b] = [await outputs(learnt), await outputs(described)];
  assert.deepEqual(Object.keys(a).sort(), ['accelerometer/trusted', 'customer/curated', 'customer/trusted', 'step_trainer/curated', 'step_trainer/trusted']);
  for (const folder of Object.keys(b)) assert.ok(b[folder]!.length > 0, `${folder} has rows`);
  assert.deepEqual(a, b);
});
