/**
 * The `lakehouse` CLI end to end, as a user runs it: the bundled dist/cli.js (built by `npm test` before the tests)
 * in a fresh temp project, on generated data. Expected counts come from the generator's own bookkeeping (it knows
 * which customers consented and which readings it made), never from the engine.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

function lakehouse(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd, encoding: 'utf8', input: options.input, maxBuffer: 64 << 20, ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(args: string[], options: { cwd?: string; input?: string } = {}) {
  const r = lakehouse(args, options);
  assert.equal(r.code, 0, `lakehouse ${args.join(' ')} failed:\n${r.stderr}`);
  return r;
}

/** The CLI in the background, to act on while it runs: its output so far, a wait for a text on stderr, its exit. */
function background(args: string[], options: { cwd?: string } = {}) {
  const proc: ChildProcess = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  const waiters: { text: string; resolve: () => void }[] = [];
  proc.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => {
    out.stderr += d.toString();
    for (const w of waiters.filter((x) => out.stderr.includes(x.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal })));
  /** resolves once stderr holds `text`; rejects if the process ends first */
  const stderrHas = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.stderr.includes(text)) return resolve();
      waiters.push({ text, resolve });
      void exited.then((e) => reject(new Error(`the CLI ended (${e.code ?? e.signal}) before printing "${text}":\n${out.stderr}`)));
    });
  return { proc, out, exited, stderrHas };
}

let tmp: string;
before(async () => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-cli-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('help', () => {
  test('every command has --help and exits 0', () => {
    for (const cmd of [[], ['init'], ['sample'], ['upload'], ['tables'], ['run'], ['query'], ['report'], ['demo'], ['jobs'], ['logs']]) {
      const r = ok([...cmd, '--help']);
      assert.match(r.stdout, /Usage: lakehouse/);
    }
  });
  test('--version and -V print package.json\'s version, alone or after other options', () => {
    const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    for (const args of [['--version'], ['-V'], ['-q', '--version'], ['--dir', tmp, '-V']]) assert.equal(ok(args).stdout, `${version}\n`, args.join(' '));
  });
  test('a --memory-limit (or LAKEHOUSE_MEMORY_LIMIT) the engine cannot take is a usage error naming it, before anything runs', () => {
    const bad = lakehouse(['--memory-limit', '2 gigs', 'query', 'SELECT 1'], { cwd: tmp });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /option '--memory-limit <size>' argument '2 gigs' is invalid\. give a size with its unit, e\.g\. 2GB, 1\.5GiB, 512MB, or a share of the machine's memory, e\.g\. 40%/);
    const small = lakehouse(['--memory-limit', '10MB', 'query', 'SELECT 1'], { cwd: tmp });
    assert.match(small.stderr, /argument '10MB' is invalid\. that is 9\.5 MiB: the engine needs at least 64 MiB/);
    const env = lakehouse(['query', 'SELECT 1'], { cwd: tmp, env: { LAKEHOUSE_MEMORY_LIMIT: 'lots' } });
    assert.equal(env.code, 2);
    assert.match(env.stderr, /value 'lots' from env 'LAKEHOUSE_MEMORY_LIMIT' is invalid/);
  });
  test('an unknown command exits non-zero', () => {
    assert.notEqual(lakehouse(['frobnicate']).code, 0);
  });
});

describe('what a command keeps for the next one', () => {
  test("the program's compiled code (and its bundles'): in the user's cache folder, per build; a cache V8 refuses is made again; LAKEHOUSE_CODE_CACHE=0 keeps none", async () => {
    const cacheHome = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-xdg-'));
    try {
      const env = { XDG_CACHE_HOME: cacheHome };
      const dir = path.join(cacheHome, 'lakehouse-studio');
      const files = async () => (existsSync(dir) ? (await fs.readdir(dir)).filter((f) => f.endsWith('.v8cache')) : []);
      assert.deepEqual(await files(), []);
      // other builds' caches: one not written for two days (removed when a new one is written), one of today (kept)
      await fs.mkdir(dir, { recursive: true });
      const stale = path.join(dir, 'cli-main-oldbuild-v20.0.0-x64.v8cache');
      const recent = path.join(dir, 'cli-main-otherbuild-v20.0.0-x64.v8cache');
      await fs.writeFile(stale, 'old');
      await fs.writeFile(recent, 'new');
      const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
      await fs.utimes(stale, twoDaysAgo, twoDaysAgo);
      // a cache a crashed process was writing (its process gone, two minutes ago): removed at the next write there
      const crashedPid = spawnSync(process.execPath, ['-e', '0']).pid!;
      const crashed = path.join(dir, `.cli-main.run-b-somebuild-v20.0.0-x64.v8cache.lh-tmp-${crashedPid}-0a1b2c`);
      await fs.writeFile(crashed, 'half');
      const twoMinutesAgo = new Date(Date.now() - 120_000);
      await fs.utimes(crashed, twoMinutesAgo, twoMinutesAgo);
      const project = path.join(tmp, 'code-cache');
      assert.equal(lakehouse(['init', project, '--sample', 'stedi'], { env }).code, 0);
      assert.ok(!existsSync(crashed), "a crashed process's temporary file is removed");
      assert.deepEqual((await fs.readdir(dir)).filter((f) => f.includes('.lh-tmp-')), [], 'and the command left none');
      assert.equal(lakehouse(['tables'], { cwd: project, env }).code, 0);
      const first = lakehouse(['query', 'SELECT 41 + 1 AS answer'], { cwd: project, env });
      assert.equal(first.code, 0, first.stderr);
      assert.ok(!existsSync(stale), "a stale build's cache is removed");
      assert.ok(existsSync(recent), "another build's recent cache is kept");
      await fs.rm(recent);
      // the program's — one made by `init` (shared by the commands without one of their own), one by `tables`, one by
      // `query`: each holds what its command compiled —, and the Trino grammar's (the query loaded the bundle)
      const kept = (await files()).sort();
      assert.equal(kept.length, 4, kept.join(', '));
      const tail = `-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`;
      assert.match(kept[0]!, new RegExp(`^cli-main-b-.+${tail}`));
      assert.match(kept[1]!, new RegExp(`^cli-main\\.query-b-.+${tail}`));
      assert.match(kept[2]!, new RegExp(`^cli-main\\.tables-b-.+${tail}`));
      assert.match(kept[3]!, new RegExp(`^trino-grammar-.+${tail}`));
      assert.ok((await fs.stat(path.join(dir, kept[3]!))).size > 10_000, "the grammar's compiled code");
      const sizeOf = async (f: string) => (await fs.stat(path.join(dir, f))).size;
      assert.ok((await sizeOf(kept[1]!)) > (await sizeOf(kept[0]!)), `the query's cache holds more than init's (${await sizeOf(kept[1]!)} against ${await sizeOf(kept[0]!)} bytes)`);
      const file = path.join(dir, kept[1]!);
      const size = (await fs.stat(file)).size;
      assert.ok(size > 10_000, 'compiled code');
      // the next command runs from it, and answers the same
      const second = lakehouse(['query', 'SELECT 41 + 1 AS answer'], { cwd: project, env });
      assert.equal(second.code, 0, second.stderr);
      assert.equal(second.stdout, first.stdout);
      // a damaged cache: V8 refuses it, the command is right all the same, and the cache is made again
      await fs.writeFile(file, Buffer.alloc(size, 7));
      const third = lakehouse(['query', 'SELECT 41 + 1 AS answer'], { cwd: project, env });
      assert.equal(third.code, 0, third.stderr);
      assert.equal(third.stdout, first.stdout);
      assert.notDeepEqual(await fs.readFile(file), Buffer.alloc(size, 7));
      await fs.rm(dir, { recursive: true });
      assert.equal(lakehouse(['query', 'SELECT 1'], { cwd: project, env: { ...env, LAKEHOUSE_CODE_CACHE: '0' } }).code, 0);
      assert.deepEqual(await files(), []);
    } finally {
      await fs.rm(cacheHome, { recursive: true, force: true });
    }
  });
  test('upload and tables load no SQL grammar: a bundle the program loads leaves its code cache, and theirs leave only their own program cache', async () => {
    // (the Trino grammar, 1.8 MB, was loaded by every command that opened the local target — through the RegexSerDe's
    // import of a helper from the Trino regexp functions — and made `upload` ~30 MiB larger)
    const cacheHome = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-xdg-nogrammar-'));
    try {
      const env = { XDG_CACHE_HOME: cacheHome };
      const dir = path.join(cacheHome, 'lakehouse-studio');
      const files = async () => (existsSync(dir) ? (await fs.readdir(dir)).filter((f) => f.endsWith('.v8cache')).sort() : []);
      const project = path.join(tmp, 'no-grammar');
      assert.equal(lakehouse(['init', project, '--sample', 'stedi'], { env }).code, 0);
      assert.equal(lakehouse(['sample', '--customers', '20', '--accelerometer-rows', '300'], { cwd: project, env }).code, 0);
      const up = lakehouse(['upload', 'data'], { cwd: project, env });
      assert.equal(up.code, 0, up.stderr);
      const tables = lakehouse(['tables'], { cwd: project, env });
      assert.equal(tables.code, 0, tables.stderr);
      const kept = await files();
      assert.deepEqual(kept.map((f) => f.replace(/-b-.*$/, '')), ['cli-main', 'cli-main.tables', 'cli-main.upload'], kept.join(', '));
      // …and a query does load the Trino grammar (so the absence above is the commands', not the cache's)
      assert.equal(lakehouse(['query', 'SELECT 1'], { cwd: project, env }).code, 0);
      assert.ok((await files()).some((f) => f.startsWith('trino-grammar-')), (await files()).join(', '));
    } finally {
      await fs.rm(cacheHome, { recursive: true, force: true });
    }
  });
  test("translations (and plans) that hold for any project: in the user's cache folder per build, served to a data folder made anew; other builds' removed after a day; LAKEHOUSE_SHARED_CACHE=0 keeps none", async () => {
    const cacheHome = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-xdg-shared-'));
    try {
      const env = { XDG_CACHE_HOME: cacheHome };
      const dir = path.join(cacheHome, 'lakehouse-studio');
      const shared = async () => (existsSync(dir) ? (await fs.readdir(dir)).filter((f) => f.endsWith('.bin')).sort() : []);
      await fs.mkdir(dir, { recursive: true });
      const stale = path.join(dir, 'translations-b-oldbuild.bin');
      const recent = path.join(dir, 'plans-b-otherbuild.bin');
      await fs.writeFile(stale, 'old');
      await fs.writeFile(recent, 'new');
      const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
      await fs.utimes(stale, twoDaysAgo, twoDaysAgo);
      const project = path.join(tmp, 'shared-cache');
      assert.equal(lakehouse(['init', project, '--sample', 'stedi'], { env }).code, 0);
      const sql = 'SELECT 41 + 1 AS answer';
      assert.equal(lakehouse(['tables'], { cwd: project, env }).code, 0);
      const first = lakehouse(['query', sql], { cwd: project, env });
      assert.equal(first.code, 0, first.stderr);
      assert.ok(!existsSync(stale), "a stale build's shared translations are removed");
      assert.ok(existsSync(recent), "another build's recent ones are kept");
      const mine = (await shared()).filter((f) => f.startsWith('translations-b-'));
      assert.equal(mine.length, 1, (await shared()).join(', '));
      // the data folder made anew (its caches gone): the query is served from the user's cache, with the same answer,
      // and the data folder keeps the translation again
      await fs.rm(path.join(project, '.lakehouse'), { recursive: true });
      assert.equal(lakehouse(['tables'], { cwd: project, env }).code, 0);
      const again = lakehouse(['query', sql], { cwd: project, env });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stdout, first.stdout);
      assert.ok(existsSync(path.join(project, '.lakehouse', 'cache', 'translations.bin')));
      // turned off: nothing shared is written
      const off = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-xdg-off-'));
      try {
        assert.equal(lakehouse(['query', 'SELECT 2 AS two'], { cwd: project, env: { XDG_CACHE_HOME: off, LAKEHOUSE_SHARED_CACHE: '0' } }).code, 0);
        const offDir = path.join(off, 'lakehouse-studio');
        assert.deepEqual(existsSync(offDir) ? (await fs.readdir(offDir)).filter((f) => f.endsWith('.bin')) : [], []);
      } finally {
        await fs.rm(off, { recursive: true, force: true });
      }
    } finally {
      await fs.rm(cacheHome, { recursive: true, force: true });
    }
  });
  test("the SQL grammars' prediction caches: in the data folder's cache, written when a query taught the grammar something", async () => {
    const project = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-predictions-'));
    try {
      ok(['init', project, '--sample', 'stedi']);
      ok(['tables'], { cwd: project });
      const file = path.join(project, '.lakehouse', 'cache', 'trino-predictions.bin');
      // a shape the build's caches do not hold (they come from its warm-up statements and the conformance corpora)
      const sql = 'SELECT n, count(*) AS c FROM (VALUES (1), (2), (2)) AS t(n) GROUP BY n HAVING count(*) > 1 ORDER BY c DESC NULLS FIRST';
      const first = lakehouse(['query', sql], { cwd: project });
      assert.equal(first.code, 0, first.stderr);
      assert.ok(existsSync(file), 'kept');
      assert.match(readFileSync(file).subarray(0, 80).toString('latin1'), /^lakehouse grammar predictions \S+\n/);
      const written = (await fs.stat(file)).mtimeMs;
      await new Promise((r) => setTimeout(r, 20));
      // the same query again: served by what was kept, nothing new to write; the same answer
      const second = lakehouse(['query', sql], { cwd: project });
      assert.equal(second.code, 0, second.stderr);
      assert.equal(second.stdout, first.stdout);
      assert.equal((await fs.stat(file)).mtimeMs, written, 'nothing learnt, nothing written');
    } finally {
      await fs.rm(project, { recursive: true, force: true });
    }
  });
});

describe('what a command loads', () => {
  // the bundles the program requires at first use (scripts/build.mjs): a command that does not need one must not pay
  // for its load (the Trino grammar alone is ~60–90 ms of CPU at every start, with its code cache)
  const LAZY = ['trino-grammar.js', 'spark-grammar.js', 'web-tree-sitter.js', 'aws-sdk.js', 'csv-parse.js'];
  /** the files of dist/ and the DuckDB packages a command had loaded when it exited */
  const loadedBy = async (args: string[], cwd: string) => {
    const preload = path.join(tmp, 'loaded-modules.cjs');
    await fs.writeFile(preload, `process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n`);
    const r = spawnSync(process.execPath, ['--require', preload, CLI, ...args], { cwd, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
    assert.ok(line, r.stderr);
    return (JSON.parse(line.slice('LOADED '.length)) as string[]).flatMap((f) => (path.dirname(f) === path.dirname(CLI) ? [path.basename(f)] : /@duckdb/.test(f) ? ['@duckdb'] : []));
  };
  test('the program and the extension are ASCII: V8 holds them as one-byte text, not decoded from UTF-8 to UTF-16 at every start', () => {
    for (const file of ['cli.js', 'cli-main.js', 'extension.js']) {
      const text = readFileSync(path.join(path.dirname(CLI), file), 'latin1');
      const at = text.search(/[\u0080-\uffff]/);
      assert.equal(at, -1, `${file}: ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 10))}`);
    }
  });
  test('the program loads none of its lazily required bundles when it starts', () => {
    const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(path.dirname(CLI), 'cli-main.js'))}); console.log(JSON.stringify(Object.keys(require.cache).map((f) => require('path').basename(f))))`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const loaded = JSON.parse(r.stdout) as string[];
    assert.deepEqual(loaded.filter((f) => LAZY.includes(f)), []);
  });
  test('the program builds no Intl.Segmenter when it starts (string-width, required for a wide cell: ICU locales and emoji sets, a quarter of `lakehouse tables`)', () => {
    // counts the Segmenters made while the program loads, then while string-width loads (that the count sees one)
    const script = `
      let made = 0;
      const S = Intl.Segmenter;
      Intl.Segmenter = class extends S { constructor(...a) { super(...a); made++; } };
      require(${JSON.stringify(path.join(path.dirname(CLI), 'cli-main.js'))});
      const atStart = made;
      require('string-width');
      console.log(JSON.stringify([atStart, made]));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [0, 1]);
  });
  test('`lakehouse tables` loads no grammar, no Python runtime, no AWS SDK and no DuckDB', async () => {
    const project = path.join(tmp, 'loads');
    ok(['init', project, '--sample', 'stedi']);
    const loaded = await loadedBy(['-q', 'tables'], project);
    assert.deepEqual(loaded.filter((f) => LAZY.includes(f) || f === '@duckdb'), []);
    assert.ok(existsSync(path.join(project, '.lakehouse', 'catalog.json')), 'the tables were made');
    // (what is seen: a query not translated before loads the Trino grammar and DuckDB)
    const query = await loadedBy(['-q', 'query', `SELECT ${Date.now()} AS n`], project);
    assert.ok(query.includes('trino-grammar.js') && query.includes('@duckdb'), query.join(', '));
  });
});

describe('init', () => {
  const manifest = async (dir: string) => JSON.parse(await fs.readFile(path.join(dir, 'lakehouse.json'), 'utf8')) as Record<string, unknown>;

  test('--name, --bucket, --database and --region reach lakehouse.json, wherever --region is written', async () => {
    const dir = path.join(tmp, 'init-given');
    ok(['init', dir, '--name', 'taxi', '--bucket', 'taxi-data-2024', '--database', 'taxi_db', '--region', 'eu-west-1']);
    assert.deepEqual(await manifest(dir), { ...(await manifest(dir)), name: 'taxi', bucket: 'taxi-data-2024', database: 'taxi_db', region: 'eu-west-1' });
    const before = path.join(tmp, 'init-region-first');
    ok(['--region', 'ap-southeast-2', 'init', before, '--sample', 'stedi']);
    assert.equal((await manifest(before))['region'], 'ap-southeast-2');
  });

  test('invalid values are refused up front, naming the option and why; nothing is written', async () => {
    const dir = path.join(tmp, 'init-bad');
    const r = lakehouse(['init', dir, '--region', 'eu-west-1', '--bucket', 'BAD', '--name', 'bad name']);
    assert.equal(r.code, 1);
    // S3 bucket names are lower case; a project name has no spaces
    assert.match(r.stderr, /--bucket "BAD": must be a valid S3 bucket name/);
    assert.match(r.stderr, /--name "bad name": must start with a letter or digit/);
    assert.match(r.stderr, /nothing was written/);
    assert.equal(existsSync(dir), false);
    // a sample into an existing folder: not one file of it copied
    await fs.mkdir(dir);
    const sample = lakehouse(['init', dir, '--sample', 'stedi', '--region', 'eu-west']);
    assert.equal(sample.code, 1);
    assert.match(sample.stderr, /--region "eu-west": must be an AWS region such as us-east-1/);
    assert.deepEqual(await fs.readdir(dir), []);
  });
});

describe('the STEDI pipeline, command by command', () => {
  let dir: string;
  let expected: Record<string, number>;
  before(async () => {
    dir = path.join(tmp, 'stedi');
    ok(['init', dir, '--sample', 'stedi']);
  });

  test('init lays out the sample and refuses to overwrite it', () => {
    for (const f of ['lakehouse.json', 'sql/customer_landing.sql', 'glue-scripts/machine_learning_curated.py']) assert.ok(existsSync(path.join(dir, f)), f);
    const again = lakehouse(['init', dir, '--sample', 'stedi']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /lakehouse\.json already exists/);
  });

  test('sample generates landing data and says what each table will hold', () => {
    const r = ok(['--dir', dir, 'sample', '--customers', '80', '--accelerometer-rows', '6000', '--seed', '7', '--json']);
    const summary = JSON.parse(r.stdout) as { rows: Record<string, number>; expected: Record<string, number> };
    expected = summary.expected;
    assert.equal(summary.rows['customer'], 80);
    assert.equal(expected['customer_landing'], 80);
    assert.ok(expected['customer_trusted']! > 0 && expected['customer_trusted']! < 80);
  });

  test('upload, tables, run and report give the generator\'s counts', () => {
    ok(['--dir', dir, 'upload', path.join(dir, 'data')]);
    ok(['--dir', dir, 'tables']);
    // (every STEDI job purges its path before its sink, and no two write the same table: nothing to warn about)
    assert.doesNotMatch(ok(['--dir', dir, 'run']).stderr, /warning/);
    const report = JSON.parse(ok(['--dir', dir, 'report', '--json']).stdout) as { tables: { database: string; table: string; zone: string; location: string; rows: number }[] };
    const got = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
    assert.deepEqual(got, expected);
    const ml = report.tables.find((t) => t.table === 'machine_learning_curated')!;
    assert.deepEqual({ database: ml.database, zone: ml.zone, location: ml.location }, { database: 'stedi', zone: 'curated', location: 's3://stedi-lakehouse/step_trainer/curated/' });
    assert.deepEqual(Object.keys(ml).sort(), ['database', 'location', 'rows', 'table', 'zone']);
  });

  test('a second upload skips what is there; re-running the jobs gives the same counts (each purges its path before its sink writes)', () => {
    const up = JSON.parse(ok(['--dir', dir, 'upload', path.join(dir, 'data'), '--json']).stdout) as { uploaded: string[]; skipped: string[] };
    assert.equal(up.uploaded.length, 0);
    assert.ok(up.skipped.length > 0);
    const run = ok(['--dir', dir, 'run', 'customer_landing_to_trusted', 'machine_learning_curated']);
    assert.doesNotMatch(run.stderr, /warning/);
    // the local engine measures the run's wall time itself: to the hundredth of a second (a run on AWS says Glue's whole seconds)
    assert.match(run.stderr, /^ {2}succeeded in \d+\.\d\d s — /m);
    const report = JSON.parse(ok(['--dir', dir, 'report', '--json']).stdout) as { tables: { table: string; rows: number }[] };
    assert.deepEqual(Object.fromEntries(report.tables.map((t) => [t.table, t.rows])), expected);
  });

  test('without its purge a re-run appends, as on Glue: run warns naming the script and line, and the rows double', async () => {
    const script = path.join(dir, 'glue-scripts', 'customer_landing_to_trusted.py');
    const shipped = await fs.readFile(script, 'utf8');
    const purge = shipped.split('\n').find((l) => l.includes('purge_s3_path'))!;
    const unpurged = shipped.replace(`${purge}\n`, '');
    const sinkLine = unpurged.split('\n').findIndex((l) => l.includes('glueContext.getSink(')) + 1;
    await fs.writeFile(script, unpurged);
    try {
      const run = ok(['--dir', dir, '-q', 'run', 'customer_landing_to_trusted']);
      assert.match(run.stderr, new RegExp(`^warning: glue-scripts/customer_landing_to_trusted\\.py:${sinkLine}: the sink writing s3://stedi-lakehouse/customer/trusted/ \\(stedi\\.customer_trusted\\) adds its files .* a re-run adds the same rows again — to replace them instead, put glueContext\\.purge_s3_path\\("s3://stedi-lakehouse/customer/trusted/", \\{"retentionPeriod": 0\\}\\) before it$`, 'm'));
      const doubled = JSON.parse(ok(['--dir', dir, 'query', 'SELECT count(*) AS n FROM stedi.customer_trusted', '--json']).stdout) as { rows: { n: number }[] };
      assert.equal(Number(doubled.rows[0]!.n), 2 * expected['customer_trusted']!);
    } finally {
      await fs.writeFile(script, shipped);
    }
    // with its purge again, a run replaces what both runs wrote
    ok(['--dir', dir, 'run', 'customer_landing_to_trusted']);
    const report = JSON.parse(ok(['--dir', dir, 'report', '--json']).stdout) as { tables: { table: string; rows: number }[] };
    assert.equal(report.tables.find((t) => t.table === 'customer_trusted')?.rows, expected['customer_trusted']);
  });

  test('query prints a table, CSV and JSON; the project is found from a sub-folder', () => {
    const sql = 'SELECT count(*) AS n, count(DISTINCT serialnumber) AS serials FROM customer_trusted';
    const table = ok(['query', sql], { cwd: path.join(dir, 'sql') });
    assert.match(table.stdout, new RegExp(`\\b${expected['customer_trusted']}\\b`));
    const csv = ok(['--dir', dir, 'query', sql, '--format', 'csv']).stdout.trim().split('\n');
    assert.deepEqual(csv, ['n,serials', `${expected['customer_trusted']},${expected['customer_trusted']}`]);
    const json = JSON.parse(ok(['--dir', dir, 'query', sql, '--json']).stdout) as { columns: { name: string; type: string }[]; rows: Record<string, unknown>[] };
    assert.deepEqual(json.columns, [
      { name: 'n', type: 'bigint' },
      { name: 'serials', type: 'bigint' },
    ]);
    assert.deepEqual(json.rows, [{ n: expected['customer_trusted'], serials: expected['customer_trusted'] }]);
    // a map in the order Athena shows it (https://docs.aws.amazon.com/athena/latest/ug/arrays-create-maps.html), or refused
    assert.match(ok(['--dir', dir, 'query', "SELECT MAP(ARRAY['first', 'last', 'age'], ARRAY['Bob', 'Smith', '35']) AS u"]).stdout, /^\{last=Smith, first=Bob, age=35\}$/m);
    const unordered = lakehouse(['--dir', dir, 'query', "SELECT MAP(ARRAY[17, 1], ARRAY['b', 'a']) AS m"]);
    assert.equal(unordered.code, 1);
    assert.match(unordered.stderr, /the order of a map's entries with keys 17, 1 is not supported by the local engine/);
    const fromStdin = ok(['--dir', dir, 'query', '-', '--format', 'csv'], { input: 'SELECT 1 + 1 AS two' });
    assert.equal(fromStdin.stdout.trim(), 'two\n2');
    // with a memory limit of its own (the engine spills beyond it)
    for (const limit of ['256MiB', '25%']) assert.equal(ok(['--dir', dir, '--memory-limit', limit, 'query', sql, '--format', 'csv']).stdout, csv.join('\n') + '\n', limit);
  });

  test('query --out writes the result (or its first --max-rows rows) as CSV, JSON or Parquet', async () => {
    const sql = 'SELECT email FROM customer_trusted ORDER BY email';
    const csvFile = path.join(tmp, 'trusted.csv');
    ok(['--dir', dir, 'query', sql, '--out', csvFile]);
    const csv = (await fs.readFile(csvFile, 'utf8')).trim().split('\n');
    assert.equal(csv[0], 'email');
    assert.equal(csv.length - 1, expected['customer_trusted']);
    assert.deepEqual(csv.slice(1), [...csv.slice(1)].sort());
    const jsonFile = path.join(tmp, 'trusted.json');
    ok(['--dir', dir, 'query', sql, '--out', jsonFile, '--max-rows', '5']);
    const rows = JSON.parse(await fs.readFile(jsonFile, 'utf8')) as { email: string }[];
    assert.deepEqual(rows.map((r) => r.email), csv.slice(1, 6));
    const pq = path.join(tmp, 'trusted.parquet');
    ok(['--dir', dir, 'query', sql, '--out', pq]);
    // read back by a DuckDB of the test's own (the engine reads no file by path: read_parquet is refused)
    const own = await DuckDBInstance.create(':memory:');
    const conn = await own.connect();
    const back = (await conn.runAndReadAll(`SELECT count(*)::INTEGER FROM read_parquet('${pq.replace(/'/g, "''")}')`)).getRowsJson() as number[][];
    conn.closeSync();
    own.closeSync();
    assert.equal(back[0]![0], expected['customer_trusted']);
    const bad = lakehouse(['--dir', dir, 'query', sql, '--out', path.join(tmp, 'x.txt')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /\.csv, \.json or \.parquet/);
  });

  test('-q (--quiet) silences progress and the statistics line, wherever it is written', () => {
    const sql = 'SELECT count(*) AS n FROM customer_trusted';
    const loud = ok(['--dir', dir, 'query', sql]);
    assert.match(loud.stderr, /^1 row\(s\) in .* — DuckDB \(local\)\n$/);
    for (const args of [
      ['-q', '--dir', dir, 'query', sql],
      ['--dir', dir, 'query', '-q', sql],
      ['--dir', dir, 'query', sql, '--quiet'],
      ['--dir', dir, 'query', sql, '--out', path.join(tmp, 'quiet.csv'), '-q'],
      ['--dir', dir, 'upload', path.join(dir, 'data'), '-q'],
    ]) {
      const r = ok(args);
      assert.equal(r.stderr, '', args.join(' '));
    }
    assert.equal(ok(['--dir', dir, 'query', sql, '-q']).stdout, loud.stdout);
  });

  test('query --out: a missing folder, or a --format the extension contradicts, is refused naming the path; --help says what --max-rows does', async () => {
    const sql = 'SELECT email FROM customer_trusted';
    const missing = lakehouse(['--dir', dir, 'query', sql, '--out', path.join('nodir', 'x.csv')], { cwd: tmp });
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `lakehouse: --out ${path.join('nodir', 'x.csv')}: the folder nodir does not exist\n`);
    const notFolder = lakehouse(['--dir', dir, 'query', sql, '--out', path.join('lakehouse.json', 'x.csv')], { cwd: dir });
    assert.match(notFolder.stderr, /--out lakehouse\.json.x\.csv: lakehouse\.json is not a folder\n/);
    for (const [args, message] of [
      [['-f', 'csv', '--out', 'z.json'], '--format csv contradicts --out z.json (a .json file is written as json): drop --format or name the file z.csv'],
      [['--json', '--out', 'z.csv'], '--json contradicts --out z.csv (a .csv file is written as csv): drop --json or name the file z.json'],
      [['--format', 'table', '--out', 'z.parquet'], '--format table contradicts --out z.parquet (a .parquet file is written as parquet): a table is for the terminal'],
    ] as const) {
      const r = lakehouse(['--dir', dir, 'query', sql, ...args], { cwd: tmp });
      assert.equal(r.code, 1, args.join(' '));
      assert.equal(r.stderr, `lakehouse: ${message}\n`);
    }
    for (const f of ['z.json', 'z.csv', 'z.parquet']) assert.equal(existsSync(path.join(tmp, f)), false, f);
    // a format that agrees with the extension is fine
    ok(['--dir', dir, '-q', 'query', sql, '-f', 'json', '--out', 'agree.json', '--max-rows', '2'], { cwd: tmp });
    assert.equal((JSON.parse(await fs.readFile(path.join(tmp, 'agree.json'), 'utf8')) as unknown[]).length, 2);
    const help = ok(['query', '--help']).stdout.replace(/\s+/g, ' ');
    assert.doesNotMatch(help, /whole result/);
    assert.match(help, /-o, --out <file> write the result to a file instead — all of it, or the first --max-rows rows/);
  });

  test('query --json: an integer or decimal column is JSON numbers with every digit, however big', () => {
    // 9007199254740993 = 2^53 + 1, the first integer a JavaScript number cannot hold
    const sql = "SELECT x, ARRAY[x] AS xs, CAST(x AS DECIMAL(20,2)) AS d, CAST(x AS VARCHAR) AS s FROM (VALUES (CAST(1 AS BIGINT)), (9007199254740993)) t(x) ORDER BY x";
    const text = ok(['--dir', dir, 'query', sql, '--json']).stdout;
    const rows = text.slice(text.indexOf('"rows": ['), text.indexOf('"statistics"')).replace(/\s+/g, '');
    assert.equal(rows, '"rows":[{"x":1,"xs":[1],"d":1.00,"s":"1"},{"x":9007199254740993,"xs":[9007199254740993],"d":9007199254740993.00,"s":"9007199254740993"}],');
    const parsed = JSON.parse(text) as { rows: Record<string, unknown>[] };
    for (const r of parsed.rows) assert.deepEqual([typeof r['x'], typeof r['d'], typeof r['s']], ['number', 'number', 'string']);
    // the same rule as --out .json, which the engine writes
    const file = path.join(tmp, 'big.json');
    ok(['--dir', dir, '-q', 'query', sql, '--out', file]);
    assert.match(readFileSync(file, 'utf8').replace(/\s+/g, ''), /"x":9007199254740993,"xs":\[9007199254740993\],"d":9007199254740993\.00,"s":"9007199254740993"/);
  });

  test('no PII reaches the machine-learning table', () => {
    const json = JSON.parse(ok(['--dir', dir, 'query', 'SHOW COLUMNS IN machine_learning_curated', '--json']).stdout) as { rows: { field: string }[] };
    const cols = json.rows.map((r) => r.field).sort();
    assert.deepEqual(cols, ['distancefromobject', 'sensorreadingtime', 'serialnumber', 'timestamp', 'x', 'y', 'z']);
  });

  test('SQL errors exit 1 with the position', () => {
    const r = lakehouse(['--dir', dir, 'query', 'SELECT nosuchcolumn\nFROM customer_landing']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /line 1:8: .*nosuchcolumn/);
    const t = lakehouse(['--dir', dir, 'query', 'SELECT * FROM nosuchtable']);
    assert.equal(t.code, 1);
    assert.match(t.stderr, /nosuchtable does not exist/);
  });

  test('jobs and logs show the runs', () => {
    const jobs = JSON.parse(ok(['--dir', dir, 'jobs', '--json']).stdout) as { name: string; lastRun: { state: string } | null }[];
    assert.equal(jobs.length, 5);
    for (const j of jobs) assert.equal(j.lastRun?.state, 'SUCCEEDED', j.name);
    const logs = ok(['--dir', dir, 'logs', 'customer_landing_to_trusted']).stdout;
    assert.match(logs, new RegExp(`wrote ${expected['customer_trusted']} row\\(s\\)`));
    // a name no script has is no job: said so, with the jobs there are (not "has no runs")
    const none = lakehouse(['--dir', dir, 'logs', 'nosuchjob']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no job is named nosuchjob: the jobs are accelerometer_landing_to_trusted, .*machine_learning_curated.* \(scripts in glue-scripts\/\)/);
  });
});

describe('demo', () => {
  test('runs the whole pipeline in a fresh project and reports the generator\'s counts', () => {
    const dir = path.join(tmp, 'demo');
    const r = ok(['--dir', dir, 'demo', '--customers', '50', '--accelerometer-rows', '4000', '--seed', '3', '--json']);
    const out = JSON.parse(r.stdout) as { report: { tables: { table: string; rows: number }[] }; expected: Record<string, number>; timings: Record<string, number> };
    assert.deepEqual(Object.fromEntries(out.report.tables.map((t) => [t.table, t.rows])), out.expected);
    assert.equal(out.report.tables.length, 8);
    assert.ok(out.timings['engine']! > 0);
    assert.match(r.stderr, /job 5\/5/);
  });

  test('--data takes landing data laid out as <dataset>/landing/*.json', async () => {
    const data = path.join(tmp, 'mydata');
    for (const [d, lines] of Object.entries({
      // every field the sample's SQL Query nodes name: a job's DynamicFrame has the fields its data has (schema on read)
      customer: [
        '{"customerName":"A","email":"a@x","phone":"1","birthDay":"1990-01-01","serialNumber":"s1","registrationDate":1,"lastUpdateDate":1,"shareWithResearchAsOfDate":1,"shareWithPublicAsOfDate":1,"shareWithFriendsAsOfDate":1}',
        '{"customerName":"B","email":"b@x","phone":"2","birthDay":"1990-01-02","serialNumber":"s2","registrationDate":2,"lastUpdateDate":2,"shareWithPublicAsOfDate":2,"shareWithFriendsAsOfDate":2}',
      ],
      accelerometer: ['{"user":"a@x","timestamp":10,"x":1,"y":2,"z":3}', '{"user":"a@x","timestamp":10,"x":4,"y":5,"z":6}', '{"user":"b@x","timestamp":10,"x":0,"y":0,"z":0}'],
      step_trainer: ['{"sensorReadingTime":10,"serialNumber":"s1","distanceFromObject":5}', '{"sensorReadingTime":10,"serialNumber":"s2","distanceFromObject":7}'],
    })) {
      await fs.mkdir(path.join(data, d, 'landing'), { recursive: true });
      await fs.writeFile(path.join(data, d, 'landing', `${d}-1.json`), `${lines.join('\n')}\n`);
    }
    const r = ok(['--dir', path.join(tmp, 'demo-data'), 'demo', '--data', data, '--json']);
    const out = JSON.parse(r.stdout) as { report: { tables: { table: string; rows: number }[] } };
    // by hand: A consented (1 trusted), both A readings trusted, A curated, s1's reading trusted, it meets A's 2 readings
    assert.deepEqual(Object.fromEntries(out.report.tables.map((t) => [t.table, t.rows])), {
      customer_landing: 2,
      customer_trusted: 1,
      customer_curated: 1,
      accelerometer_landing: 3,
      accelerometer_trusted: 2,
      step_trainer_landing: 2,
      step_trainer_trusted: 1,
      machine_learning_curated: 2,
    });
  });
});

describe('bad input: a clear error, nothing lost', () => {
  test('an invalid lakehouse.json names the field and its line', async () => {
    const dir = path.join(tmp, 'badmanifest');
    ok(['init', dir, '--sample', 'stedi']);
    const file = path.join(dir, 'lakehouse.json');
    const text = (await fs.readFile(file, 'utf8')).replace('"bucket": "stedi-lakehouse"', '"bucket": "Not_A_Bucket"');
    await fs.writeFile(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('Not_A_Bucket')) + 1;
    const r = lakehouse(['--dir', dir, 'report']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`lakehouse\\.json:${line}:\\d+: bucket must be a valid S3 bucket name`));
  });

  test('a missing data folder, or one without data, is an error naming it; an empty landing folder is a warning, the others are uploaded', async () => {
    const dir = path.join(tmp, 'emptyland');
    ok(['init', dir, '--sample', 'stedi']);
    const missing = lakehouse(['--dir', dir, 'upload', path.join(tmp, 'nope')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope does not exist/);
    await fs.mkdir(path.join(tmp, 'empty', 'customer', 'landing'), { recursive: true });
    const empty = lakehouse(['--dir', dir, 'upload', path.join(tmp, 'empty')]);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /holds no landing data: .*customer[/\\]landing[/\\]? is empty/);
    // the data of one dataset has not arrived yet: the others' is uploaded, and the empty folder is said
    const landing = path.join(tmp, 'empty', 'accelerometer', 'landing');
    await fs.mkdir(landing, { recursive: true });
    await fs.writeFile(path.join(landing, 'a.json'), '{"user":"a@x","timeStamp":1,"x":1,"y":2,"z":3}\n');
    const some = lakehouse(['--dir', dir, 'upload', path.join(tmp, 'empty'), '--json']);
    assert.equal(some.code, 0, some.stderr);
    assert.deepEqual((JSON.parse(some.stdout) as { uploaded: string[] }).uploaded, ['accelerometer/landing/a.json']);
    assert.ok(some.stderr.includes(`warning: skipped ${path.join(tmp, 'empty', 'customer', 'landing')}${path.sep}: empty: no customer data uploaded`), some.stderr);
  });

  test('tables in a project without DDL yet makes its database, so that queries run, and says where the DDL goes', () => {
    const dir = path.join(tmp, 'noddl');
    ok(['init', dir]);
    const before = lakehouse(['--dir', dir, 'query', 'SELECT 1 AS one']);
    assert.equal(before.code, 1);
    const r = lakehouse(['--dir', dir, 'tables']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes(`warning: no .sql files in ${path.join(dir, 'sql')}: only the database noddl was created`), r.stderr);
    assert.match(ok(['--dir', dir, 'query', 'SELECT 1 AS one']).stdout, /\b1\b/);
    assert.match(ok(['--dir', dir, 'query', 'SHOW DATABASES']).stdout, /noddl/);
  });

  test('upload says what it skips and why (even with -q): links, hidden files, unknown datasets, other zones, loose files', async () => {
    const dir = path.join(tmp, 'skips');
    ok(['init', dir, '--sample', 'stedi']);
    const data = path.join(dir, 'data');
    const put = async (rel: string, text = '{"customerName":"A","email":"a@x","serialNumber":"s1"}\n') => {
      await fs.mkdir(path.dirname(path.join(data, rel)), { recursive: true });
      await fs.writeFile(path.join(data, rel), text);
    };
    await put('customer/landing/c.json');
    await put('customer/landing/.DS_Store', 'x');
    await put('customer/trusted/t.json');
    await put('unknownds/landing/a.json');
    await put('Customer/landing/c2.json'); // a case typo
    await put('notes.txt', 'x');
    await fs.writeFile(path.join(tmp, 'elsewhere.json'), '{"customerName":"B"}\n');
    await fs.symlink(path.join(tmp, 'elsewhere.json'), path.join(data, 'customer', 'landing', 'link.json'));
    const r = ok(['--dir', dir, '-q', 'upload', data, '--json']);
    const out = JSON.parse(r.stdout) as { uploaded: string[]; ignored: { path: string; reason: string }[]; missing: string[] };
    assert.deepEqual(out.uploaded, ['customer/landing/c.json']);
    assert.deepEqual(out.missing, ['accelerometer', 'step_trainer']);
    const expected = [
      ['Customer/', 'no dataset "Customer" in lakehouse.json (did you mean customer?)'],
      ['notes.txt', 'not in a <dataset>/landing/ folder'],
      ['unknownds/', 'no dataset "unknownds" in lakehouse.json (its datasets: customer, accelerometer, step_trainer)'],
      ['customer/trusted/', 'only customer/landing/ is uploaded'],
      ['customer/landing/.DS_Store', 'hidden (its name starts with ".")'],
      ['customer/landing/link.json', 'a symbolic link (links are not followed)'],
    ];
    assert.deepEqual(out.ignored.map((i) => [i.path, i.reason]), expected);
    const warnings = r.stderr.trimEnd().split('\n');
    for (const m of ['accelerometer', 'step_trainer']) assert.ok(warnings.includes(`warning: ${path.join(data, m, 'landing')} does not exist: no ${m} data uploaded`), r.stderr);
    for (const [p, reason] of expected) assert.ok(warnings.includes(`warning: skipped ${path.join(data, p!)}: ${reason}`), `${p}:\n${r.stderr}`);
    assert.equal(warnings.length, 2 + expected.length, r.stderr);

    const file = lakehouse(['--dir', dir, 'upload', path.join(data, 'notes.txt')]);
    assert.equal(file.code, 1);
    assert.match(file.stderr, /notes\.txt is a file, not a folder: give the data folder/);
  });

  test('a file whose name cannot be an object key is named before anything is uploaded, without promising a re-run', { skip: process.platform === 'win32' && 'a backslash separates folders there' }, async () => {
    const dir = path.join(tmp, 'backslash');
    ok(['init', dir, '--sample', 'stedi']);
    const landing = path.join(dir, 'data', 'customer', 'landing');
    await fs.mkdir(landing, { recursive: true });
    await fs.writeFile(path.join(landing, 'good.json'), '{"customerName":"A"}\n');
    await fs.writeFile(path.join(landing, 'back\\slash.json'), '{"customerName":"B"}\n');
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = lakehouse(['--dir', dir, '-q', 'upload', path.join(dir, 'data')]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`${path.join(landing, 'back\\slash.json').replace(/[\\.]/g, '\\$&')}: its name cannot be part of an object key .*backslash — rename it; nothing was uploaded`));
      assert.doesNotMatch(r.stderr, /run it again/);
    }
    assert.equal(existsSync(path.join(dir, '.lakehouse', 's3', 'stedi-lakehouse', 'customer')), false);
  });

  test('a zone prefix that climbs out of the bucket ("../") is refused when lakehouse.json is read, naming the field', async () => {
    const dir = path.join(tmp, 'dotdot');
    ok(['init', dir, '--sample', 'stedi']);
    const file = path.join(dir, 'lakehouse.json');
    const text = (await fs.readFile(file, 'utf8')).replace('"landing": "customer/landing/"', '"landing": "../a/landing/"');
    await fs.writeFile(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('../a/landing/')) + 1;
    const r = lakehouse(['--dir', dir, 'report']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`lakehouse\\.json:${line}:\\d+: datasets\\.customer\\.landing must be a key prefix of folder names`));
  });

  test('a DDL syntax error names file, line and column, and the tables before it stay', async () => {
    const dir = path.join(tmp, 'badddl');
    ok(['init', dir, '--sample', 'stedi']);
    const f = path.join(dir, 'sql', 'step_trainer_trusted.sql');
    const lines = (await fs.readFile(f, 'utf8')).split('\n');
    const i = lines.findIndex((l) => l.includes('LOCATION'));
    lines[i] = lines[i]!.replace('LOCATION', 'LOCATON');
    await fs.writeFile(f, lines.join('\n'));
    const r = lakehouse(['--dir', dir, 'tables']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`sql/step_trainer_trusted\\.sql:${i + 1}:1: .*LOCATON`));
    const shown = JSON.parse(ok(['--dir', dir, 'query', 'SHOW TABLES', '--json']).stdout) as { rows: { tab_name: string }[] };
    // files run in name order: everything before step_trainer_trusted.sql was created
    assert.deepEqual(shown.rows.map((r) => r.tab_name), ['accelerometer_landing', 'accelerometer_trusted', 'customer_curated', 'customer_landing', 'customer_trusted', 'machine_learning_curated', 'step_trainer_landing']);
  });

  test('a malformed landing line fails the job naming the object and line; the zone keeps its previous data; the report counts the other tables', async () => {
    const dir = path.join(tmp, 'badline');
    ok(['init', dir, '--sample', 'stedi']);
    const { expected } = JSON.parse(ok(['--dir', dir, 'sample', '--customers', '30', '--accelerometer-rows', '1500', '--seed', '5', '--json']).stdout) as { expected: Record<string, number> };
    ok(['--dir', dir, 'upload', path.join(dir, 'data')]);
    ok(['--dir', dir, 'tables']);
    ok(['--dir', dir, 'run', 'customer_landing_to_trusted']);
    const before = JSON.parse(ok(['--dir', dir, 'query', 'SELECT count(*) AS n FROM customer_trusted', '--json']).stdout) as { rows: { n: number }[] };
    // break line 7 of the stored customer file (as a bad re-upload would)
    const landing = path.join(dir, '.lakehouse', 's3', 'stedi-lakehouse', 'customer', 'landing');
    const [file] = await fs.readdir(landing);
    const lines = (await fs.readFile(path.join(landing, file!), 'utf8')).split('\n');
    lines[6] = lines[6]!.slice(0, 20);
    await fs.writeFile(path.join(landing, file!), lines.join('\n'));
    const r = lakehouse(['--dir', dir, 'run', 'customer_landing_to_trusted']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`s3://stedi-lakehouse/customer/landing/${file!.replace(/\./g, '\\.')} line 7: malformed JSON`));
    const after = JSON.parse(ok(['--dir', dir, 'query', 'SELECT count(*) AS n FROM customer_trusted', '--json']).stdout) as { rows: { n: number }[] };
    assert.equal(after.rows[0]!.n, before.rows[0]!.n);
    const jobs = JSON.parse(ok(['--dir', dir, 'jobs', '--json']).stdout) as { name: string; lastRun: { state: string; errorMessage?: string } | null }[];
    const last = jobs.find((j) => j.name === 'customer_landing_to_trusted')!.lastRun!;
    assert.equal(last.state, 'FAILED');
    assert.match(last.errorMessage!, /line 7: malformed JSON/);

    // the zone report still counts every other table, shows the broken one with its error, and exits 1
    const where = new RegExp(`s3://stedi-lakehouse/customer/landing/${file!.replace(/\./g, '\\.')} line 7: malformed JSON`);
    const json = lakehouse(['--dir', dir, 'report', '--json']);
    assert.equal(json.code, 1);
    assert.match(json.stderr, /1 table\(s\) could not be counted: stedi\.customer_landing/);
    const report = JSON.parse(json.stdout) as { tables: { table: string; rows: number | null; error?: string }[] };
    const rows = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
    // only customer_landing_to_trusted ran: the landing tables hold the generator's rows, customer_trusted its run's
    assert.deepEqual(rows, {
      customer_landing: null,
      customer_trusted: expected['customer_trusted'],
      customer_curated: 0,
      accelerometer_landing: expected['accelerometer_landing'],
      accelerometer_trusted: 0,
      step_trainer_landing: expected['step_trainer_landing'],
      step_trainer_trusted: 0,
      machine_learning_curated: 0,
    });
    assert.match(report.tables.find((t) => t.table === 'customer_landing')!.error!, where);
    assert.deepEqual(report.tables.filter((t) => t.error !== undefined).map((t) => t.table), ['customer_landing']);
    const text = lakehouse(['--dir', dir, 'report']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^stedi\.customer_landing +landing +error +s3:\/\/stedi-lakehouse\/customer\/landing\/$/m);
    assert.match(text.stdout, new RegExp(`^stedi\\.accelerometer_landing +landing +${expected['accelerometer_landing']!.toLocaleString('en-US')} `, 'm'));
    assert.match(text.stdout, new RegExp(`^stedi\\.customer_landing: ${where.source}`, 'm'));
  });

  test('a script the runner cannot execute is refused with its line, and an unknown job is named', async () => {
    const dir = path.join(tmp, 'badscript');
    ok(['init', dir, '--sample', 'stedi']);
    const f = path.join(dir, 'glue-scripts', 'customer_landing_to_trusted.py');
    const lines = (await fs.readFile(f, 'utf8')).split('\n');
    const at = lines.findIndex((l) => l.startsWith('job.commit()'));
    lines.splice(at, 0, 'Mapped = Map.apply(frame=CustomerLanding_node1718049871201, f=lambda row: row)');
    await fs.writeFile(f, lines.join('\n'));
    const r = lakehouse(['--dir', dir, 'run', 'customer_landing_to_trusted']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`customer_landing_to_trusted\\.py:${at + 1}:\\d+: a lambda in the function given to Map\\.apply cannot run on the local engine`));
    const u = lakehouse(['--dir', dir, 'run', 'no_such_job']);
    assert.equal(u.code, 1);
    assert.match(u.stderr, /Job no_such_job not found/);
  });
});

describe('nothing to run', () => {
  test('run in a project without scripts says so (even with -q), naming the scripts folder, and exits 0', () => {
    const dir = path.join(tmp, 'noscripts');
    ok(['init', dir]);
    const r = lakehouse(['--dir', dir, '-q', 'run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: no job ran: the scripts folder glue-scripts\/ holds no \.py script/);
  });
});

describe('interrupting a run (Ctrl-C)', () => {
  let dir: string;
  before(() => {
    dir = path.join(tmp, 'interrupt');
    ok(['init', dir, '--sample', 'stedi']);
    // enough accelerometer readings for its job to take a moment, so that Ctrl-C lands while it runs
    ok(['--dir', dir, '-q', 'sample', '--customers', '200', '--accelerometer-rows', '400000', '--seed', '11']);
    ok(['--dir', dir, '-q', 'upload', path.join(dir, 'data')]);
    ok(['--dir', dir, '-q', 'tables']);
  });

  test('before the first job starts: no job runs, each is "not started" because of the interrupt, exit 130', { skip: process.platform === 'win32' && 'needs a named pipe (mkfifo)' }, async () => {
    // a script that is a named pipe: reading the scripts (before any job starts) waits until this test writes it
    const fifo = path.join(dir, 'glue-scripts', 'zz_read_slowly.py');
    const made = spawnSync('mkfifo', [fifo]);
    assert.equal(made.status, 0, `mkfifo: ${made.stderr?.toString()}`);
    try {
      const cli = background(['--dir', dir, 'run', 'customer_landing_to_trusted', 'accelerometer_landing_to_trusted', '--json']);
      // opening the pipe for writing returns once the CLI opens it for reading: it is past its start, jobs not begun
      const writer = await Promise.race([
        fs.open(fifo, 'w'),
        cli.exited.then((e) => {
          throw new Error(`the CLI ended (${e.code ?? e.signal}) before reading the scripts:\n${cli.out.stderr}`);
        }),
      ]);
      cli.proc.kill('SIGINT');
      await cli.stderrHas('interrupted: stopping');
      await writer.close(); // the script reads as empty: not a job this run asks for
      const { code } = await cli.exited;
      assert.equal(code, 130, cli.out.stderr);
      for (const job of ['customer_landing_to_trusted', 'accelerometer_landing_to_trusted']) assert.match(cli.out.stderr, new RegExp(`${job}: not started \\(the run was interrupted\\)`));
      assert.doesNotMatch(cli.out.stderr, /earlier job did not succeed/);
      assert.match(cli.out.stderr, /lakehouse: interrupted: no job was started; not started: customer_landing_to_trusted, accelerometer_landing_to_trusted\n/);
      const json = JSON.parse(cli.out.stdout) as { runs: unknown[]; skipped: string[]; interrupted: boolean };
      assert.deepEqual(json, { ...json, runs: [], skipped: ['customer_landing_to_trusted', 'accelerometer_landing_to_trusted'], interrupted: true });
    } finally {
      await fs.rm(fifo, { force: true });
    }
    const jobs = JSON.parse(ok(['--dir', dir, 'jobs', '--json']).stdout) as { name: string; lastRun: unknown }[];
    assert.deepEqual(jobs.filter((j) => j.lastRun !== null), []);
  });

  test('mid-job: the running job is stopped, the next is "not started", exit 130', async () => {
    ok(['--dir', dir, '-q', 'run', 'customer_landing_to_trusted']);
    const cli = background(['--dir', dir, 'run', 'accelerometer_landing_to_trusted', 'customer_trusted_to_curated']);
    await cli.stderrHas('• job 1/2 accelerometer_landing_to_trusted…');
    cli.proc.kill('SIGINT');
    const { code } = await cli.exited;
    assert.equal(code, 130, cli.out.stderr);
    assert.match(cli.out.stderr, /\n {2}stopped in [\d.]+ s — the job run was stopped\n {2}customer_trusted_to_curated: not started \(the run was interrupted\)\n/);
    assert.match(cli.out.stderr, /lakehouse: interrupted: job accelerometer_landing_to_trusted was stopped; not started: customer_trusted_to_curated\n$/);
    const jobs = JSON.parse(ok(['--dir', dir, 'jobs', '--json']).stdout) as { name: string; lastRun: { state: string } | null }[];
    const last = Object.fromEntries(jobs.map((j) => [j.name, j.lastRun?.state ?? null]));
    assert.deepEqual(last, { ...last, accelerometer_landing_to_trusted: 'STOPPED', customer_trusted_to_curated: null });
  });
});

describe('a reader that stops early (`lakehouse query … | head -1`)', () => {
  let dir: string;
  before(() => {
    dir = path.join(tmp, 'pipe');
    ok(['init', dir, '--sample', 'stedi']);
    ok(['--dir', dir, '-q', 'tables']); // the project's database, where queries run
  });

  // far more output than a pipe holds, so the CLI is still writing when the reader goes
  for (const [format, first] of [
    ['csv', 'n\n'],
    ['json', '{\n  "columns": ['],
    ['table', '     n\n'],
  ] as const)
    test(`-f ${format}: the CLI stops quietly (no stack trace) with status 141, as a tool killed by SIGPIPE`, async () => {
      const cli = background(['--dir', dir, '-q', 'query', 'SELECT a.x * 1000 + b.y AS n FROM UNNEST(sequence(0, 199)) a(x), UNNEST(sequence(0, 999)) b(y)', '-f', format, '--max-rows', '200000']);
      const head = await new Promise<string>((resolve, reject) => {
        cli.proc.stdout!.once('data', (d: Buffer) => resolve(d.toString()));
        void cli.exited.then((e) => reject(new Error(`the CLI ended (${e.code ?? e.signal}) before writing:\n${cli.out.stderr}`)));
      });
      cli.proc.stdout!.destroy(); // the reader closes its end of the pipe, as `head` does once it has its lines
      const { code, signal } = await cli.exited;
      assert.ok(head.startsWith(first), head.slice(0, 80));
      assert.equal(cli.out.stderr, '');
      assert.deepEqual({ code, signal }, { code: 141, signal: null });
    });
});
