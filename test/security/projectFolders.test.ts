/**
 * A project's DDL and scripts are read from its own folder only: lakehouse.json's `sql` and `scripts` cannot name a
 * folder outside it, and a link inside those folders to a file elsewhere is refused, naming it. Before, `"sql":
 * "../outside"` made `lakehouse tables` run DDL nobody opened as part of the project, and `"scripts": "/elsewhere"`
 * made `lakehouse run` run its scripts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

function lakehouse(dir: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, '--dir', dir, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const DDL = "CREATE EXTERNAL TABLE outside_table (a int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${bucket}/example/landing/';\n";
const SCRIPT = 'import sys\nfrom awsglue.context import GlueContext\nfrom pyspark.context import SparkContext\nglueContext = GlueContext(SparkContext.getOrCreate())\nprint("ran from outside")\n';

let tmp: string;
let outside: string;
before(async () => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-folders-'));
  outside = path.join(tmp, 'outside');
  await fs.mkdir(outside);
  await fs.writeFile(path.join(outside, 'outside.sql'), DDL);
  await fs.writeFile(path.join(outside, 'outside_job.py'), SCRIPT);
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function project(name: string, edit: (manifest: Record<string, unknown>) => void = () => {}): Promise<string> {
  const dir = path.join(tmp, name);
  const init = spawnSync(process.execPath, [CLI, 'init', dir], { encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  const file = path.join(dir, 'lakehouse.json');
  const manifest = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
  edit(manifest);
  await fs.writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

describe("lakehouse.json's sql and scripts folders", () => {
  for (const [field, value, command] of [
    ['sql', '../outside', 'tables'],
    ['scripts', '/etc', 'run'],
    ['scripts', 'glue-scripts/../../outside', 'run'],
    ['scripts', 'C:\\outside', 'run'],
  ] as const) {
    test(`"${field}": "${value}" is refused naming the field, and nothing of it runs`, async () => {
      const dir = await project(`${field}-${command}-${value.replace(/[^a-z]/gi, '')}`, (m) => (m[field] = value));
      const r = lakehouse(dir, [command]);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, new RegExp(`lakehouse\\.json:\\d+:\\d+: ${field} \\("${value.replace(/[\\.]/g, '\\$&')}"\\) must be a folder inside the project, relative to lakehouse\\.json`));
      assert.doesNotMatch(r.stdout + r.stderr, /outside_table|ran from outside/);
    });
  }

  test('a folder inside the project, written with ./ or a subfolder, is accepted', async () => {
    const dir = await project('inside', (m) => {
      m['sql'] = './ddl/athena';
      m['scripts'] = 'jobs';
    });
    await fs.mkdir(path.join(dir, 'ddl', 'athena'), { recursive: true });
    await fs.writeFile(path.join(dir, 'ddl', 'athena', 't.sql'), DDL.replace('outside_table', 'inside_table'));
    const r = lakehouse(dir, ['tables']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /inside_table created/);
  });
});

describe('links in the project folders to files elsewhere', () => {
  test('a DDL file that is a link to a file outside: tables refuses it, naming it, and creates nothing', async () => {
    const dir = await project('sql-link');
    const link = path.join(dir, 'sql', 'outside.sql');
    await fs.symlink(path.join(outside, 'outside.sql'), link);
    const r = lakehouse(dir, ['tables']);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`${link} leads outside the project (to ${await fs.realpath(path.join(outside, 'outside.sql'))})`), r.stderr);
    const shown = lakehouse(dir, ['query', 'SHOW TABLES']);
    assert.doesNotMatch(shown.stdout + shown.stderr, /outside_table/);
  });

  test('a scripts folder that is a link to a folder outside: run refuses its script, naming it, and runs nothing', async () => {
    const dir = await project('scripts-link');
    await fs.rm(path.join(dir, 'glue-scripts'), { recursive: true });
    await fs.symlink(outside, path.join(dir, 'glue-scripts'));
    const r = lakehouse(dir, ['run', 'outside_job']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr + r.stdout, /outside_job\.py leads outside the project/);
    assert.doesNotMatch(r.stdout, /ran from outside/);
    const logs = lakehouse(dir, ['logs', 'outside_job']);
    assert.doesNotMatch(logs.stdout, /ran from outside/);
  });
});

describe("the project's data folder", () => {
  test('a .lakehouse that is a link to a folder outside the project: refused, naming it; nothing is written there', async () => {
    const dir = await project('data-link');
    const elsewhere = path.join(tmp, 'elsewhere-data');
    await fs.mkdir(elsewhere);
    await fs.rm(path.join(dir, '.lakehouse'), { recursive: true, force: true });
    await fs.symlink(elsewhere, path.join(dir, '.lakehouse'));
    for (const args of [['tables'], ['query', 'SELECT 1']]) {
      const r = lakehouse(dir, args);
      assert.equal(r.code, 1, r.stdout);
      assert.ok(r.stderr.includes(`${path.join(dir, '.lakehouse')} leads outside the project (to ${await fs.realpath(elsewhere)})`), r.stderr);
      assert.match(r.stderr, /--data-dir/);
    }
    assert.deepEqual(await fs.readdir(elsewhere), [], 'nothing written through the link');
    // the same folder named by the user is theirs to choose
    const named = lakehouse(dir, ['--data-dir', elsewhere, 'tables']);
    assert.equal(named.code, 0, named.stderr);
  });

  test('a .lakehouse that is a link to a folder inside the project is followed', async () => {
    const dir = await project('data-link-inside');
    await fs.rm(path.join(dir, '.lakehouse'), { recursive: true, force: true });
    await fs.mkdir(path.join(dir, 'data-store'));
    await fs.symlink(path.join(dir, 'data-store'), path.join(dir, '.lakehouse'));
    const r = lakehouse(dir, ['tables']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(path.join(dir, 'data-store', 'catalog.json')), 'the catalog is written through the link');
  });
});
