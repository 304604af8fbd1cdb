/**
 * `npm run bench` — Lakehouse Studio timed as a user meets it: whole `lakehouse` processes, each started as the
 * user starts it (`node dist/cli.js …`, which is what the `lakehouse` bin runs), against independent baselines that
 * do the same work without any of our code:
 *
 *   pipeline   `lakehouse tables` then `lakehouse run` (the five STEDI jobs), first run after an upload
 *              vs `node scripts/bench-baseline.cjs pipeline` — the same five jobs in plain DuckDB over the same files
 *   re-run     `lakehouse run` again (outputs replaced) vs the baseline again
 *   query      `lakehouse query "SELECT count(*) AS n, avg(x) AS avg_x FROM accelerometer_landing"`
 *              vs `node scripts/bench-baseline.cjs query` — the same aggregate over read_json of the same files
 *   upload     `lakehouse upload data` (local target, into a fresh data folder) vs `cp -r data <fresh folder>`; and
 *              `node -e 0` vs the same `cp -r` ("upload floor": the speed no Node process can beat)
 *   startup    `lakehouse --version` vs `node -e 0`
 *
 * A and B alternate (A B A B …: a busy machine weighs on both alike); each side's min / median / max are reported,
 * and the ratio is the median over the rounds of A divided by the B run right after it. Peak RSS is each process's
 * own (GNU time's maximum resident set size; a two-process measurement reports the larger). Row counts of both
 * sides are checked against the data generator's expected counts: a benchmark of wrong answers fails.
 *
 *   npm run bench                                       # sizes real,1M,10M
 *   npm run bench -- --large                            # … and 30M
 *   npm run bench -- --sizes 1M --only pipeline,query --reps 5
 *   npm run bench -- --sizes 1M,10M,30M,100M --only pipeline --reps 1     # the scale curve
 *
 * Options: --sizes LIST (real, or accelerometer rows: 1M, 500k, 10M …), --large (adds 30M), --reps N (default per
 * size: real 7, 1M 5, 10M 3, larger 2), --only LIST (pipeline,rerun,query,upload,startup), --cli FILE (the build to
 * time; default dist/cli.js; given twice or more — `--cli A/cli.js --cli B/cli.js` — the builds are timed in the
 * same rounds, A B … baseline, each on a project of its own with the same generated data: a before/after from one
 * run, each build's figures against the baseline runs of its rounds), --root DIR (work folder; kept, and its generated data reused by a later run with the
 * same --root), --keep (keep a temp work folder), --json FILE, --memory-limit X (passed to every lakehouse command),
 * --report FILE (prints the tables of an earlier run's --json FILE, and runs nothing).
 * Needs GNU time at /usr/bin/time (Debian: apt-get install time) for peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const flag = (name: string) => args.includes(`--${name}`);

/**
 * the builds given (`--cli`, repeatable), each copied into the work folder at the start: a rebuild during a long run
 * cannot change it. Named A, B, … in the report when there are several.
 */
const givenClis = args.flatMap((a, i) => (a === '--cli' && args[i + 1] !== undefined ? [path.resolve(args[i + 1]!)] : []));
const builds = (givenClis.length > 0 ? givenClis : [path.join(repo, 'dist', 'cli.js')]).map((cli, i) => ({ name: String.fromCharCode(65 + i), given: cli, cli }));
const several = builds.length > 1;
/** where the copied build finds its packages (DuckDB is not bundled) */
const childEnv = { ...process.env, NODE_PATH: [path.join(repo, 'node_modules'), process.env['NODE_PATH']].filter(Boolean).join(path.delimiter) };
const baseline = path.join(repo, 'scripts', 'bench-baseline.cjs');
const GNU_TIME = '/usr/bin/time';
const ALL = ['pipeline', 'rerun', 'query', 'upload', 'startup'] as const;
type Part = (typeof ALL)[number];
const only = new Set((opt('only') ?? ALL.join(',')).split(',') as Part[]);
for (const p of only) if (!ALL.includes(p)) throw new Error(`--only: unknown part ${p} (${ALL.join(', ')})`);
const memoryLimit = opt('memory-limit');
const QUERY = 'SELECT count(*) AS n, avg(x) AS avg_x FROM accelerometer_landing';

// ------------------------------------------------------------------------------------------------ measuring

interface Sample {
  ms: number;
  /** CPU time, user + system (less swayed than wall time by other work on a busy machine) */
  cpuMs: number;
  rssMb: number;
  stdout: string;
}

/** One process, from spawn to exit, with its peak RSS (GNU time). Fails on a non-zero exit. */
function run(command: string, argv: string[], cwd: string): Sample {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(GNU_TIME, ['-f', 'LAKEHOUSE_BENCH_RSS_KB %M %U %S', command, ...argv], { cwd, env: childEnv, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const lines = (r.stderr ?? '').trimEnd().split('\n');
  const rss = /^LAKEHOUSE_BENCH_RSS_KB (\d+) ([\d.]+) ([\d.]+)$/.exec(lines[lines.length - 1] ?? '');
  if (r.error) throw r.error;
  if (r.status !== 0 || !rss) throw new Error(`${command} ${argv.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stderr}`);
  return { ms, cpuMs: (Number(rss[2]) + Number(rss[3])) * 1000, rssMb: Math.round(Number(rss[1]) / 1024), stdout: r.stdout };
}

/** Several processes one after another, as one measurement: times add up, the peak RSS is the largest. */
function runAll(steps: [string, string[]][], cwd: string): Sample {
  const samples = steps.map(([c, a]) => run(c, a, cwd));
  return { ms: samples.reduce((s, x) => s + x.ms, 0), cpuMs: samples.reduce((s, x) => s + x.cpuMs, 0), rssMb: Math.max(...samples.map((s) => s.rssMb)), stdout: samples.map((s) => s.stdout).join('') };
}

const lakehouse = (cli: string, dir: string, ...rest: string[]): [string, string[]] => [
  process.execPath,
  [cli, '-q', '--dir', dir, ...(memoryLimit ? ['--memory-limit', memoryLimit] : []), ...rest],
];

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
}

interface Comparison {
  what: string;
  /** the build (A, B, … when several were timed) */
  build?: string;
  ours: string;
  baseline: string;
  oursMs: number[];
  baselineMs: number[];
  oursRssMb: number[];
  baselineRssMb: number[];
  oursCpuMs: number[];
  baselineCpuMs: number[];
  /** per round: ours / baseline (times) */
  ratios: number[];
  /** per round: ours / baseline (CPU times); none when the baseline's is under GNU time's 10 ms resolution */
  cpuRatios: number[];
}

/**
 * A B A B …: `before` (untimed) readies each side's run. `check` sees each result (row counts); `ratio` turns a
 * round's two times into the figure reported (default ours / baseline).
 */
interface Side {
  label: string;
  /** readies the run (not timed) */
  before?: () => Promise<void> | void;
  run: () => Sample;
  check?: (s: Sample) => void;
}

/** `ours`: one side per build, run in each round in turn before the baseline; one comparison per build. */
async function compare(what: string, reps: number, ours: Side[], base: Side): Promise<Comparison[]> {
  const cs: Comparison[] = ours.map((o, k) => ({
    what,
    ...(several ? { build: builds[k]!.name } : {}),
    ours: o.label,
    baseline: base.label,
    oursMs: [],
    baselineMs: [],
    oursRssMb: [],
    baselineRssMb: [],
    oursCpuMs: [],
    baselineCpuMs: [],
    ratios: [],
    cpuRatios: [],
  }));
  for (let i = 0; i < reps; i++) {
    const as: Sample[] = [];
    for (const o of ours) {
      await o.before?.();
      const a = o.run();
      o.check?.(a);
      as.push(a);
    }
    await base.before?.();
    const b = base.run();
    base.check?.(b);
    as.forEach((a, k) => {
      const c = cs[k]!;
      c.oursMs.push(a.ms);
      c.baselineMs.push(b.ms);
      c.oursRssMb.push(a.rssMb);
      c.baselineRssMb.push(b.rssMb);
      c.ratios.push(a.ms / b.ms);
      c.oursCpuMs.push(a.cpuMs);
      c.baselineCpuMs.push(b.cpuMs);
      if (b.cpuMs > 0) c.cpuRatios.push(a.cpuMs / b.cpuMs);
      process.stderr.write(
        `  ${what} round ${i + 1}/${reps}: ${several ? `build ${builds[k]!.name}` : 'ours'} ${fmtMs(a.ms)} (CPU ${fmtMs(a.cpuMs)}, ${a.rssMb} MiB), baseline ${fmtMs(b.ms)} (CPU ${fmtMs(b.cpuMs)}, ${b.rssMb} MiB): ${(a.ms / b.ms).toFixed(2)}× (CPU ${b.cpuMs > 0 ? `${(a.cpuMs / b.cpuMs).toFixed(2)}×` : 'under 10 ms for the baseline'})\n`,
      );
    });
  }
  return cs;
}

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const range = (xs: number[]) => `${fmtMs(Math.min(...xs))} / **${fmtMs(median(xs))}** / ${fmtMs(Math.max(...xs))}`;

// ------------------------------------------------------------------------------------------------ a project

interface Project {
  size: string;
  dir: string;
  data: string;
  bucketDir: string;
  expected: Record<string, number>;
  bytes: number;
  files: number;
  rows: Record<string, number>;
}

function rowsOf(size: string): number | undefined {
  if (size === 'real') return undefined;
  const m = /^(\d+(?:\.\d+)?)([kM]?)$/i.exec(size);
  if (!m) throw new Error(`--sizes: ${size} is not real or a row count like 1M, 500k`);
  return Math.round(Number(m[1]) * (m[2]!.toLowerCase() === 'm' ? 1e6 : m[2]!.toLowerCase() === 'k' ? 1e3 : 1));
}

/** A STEDI project with generated landing data (reused when `root` already has it); `suffix`: one per build. */
function prepare(root: string, size: string, cli: string, suffix = ''): Project {
  const dir = path.join(root, `project-${size}${suffix}`);
  const data = path.join(dir, 'data');
  const summaryFile = path.join(dir, 'sample.json');
  if (!existsSync(summaryFile)) {
    run(process.execPath, [cli, '-q', 'init', dir, '--sample', 'stedi'], root);
    const rows = rowsOf(size);
    const s = run(process.execPath, [cli, '-q', '--dir', dir, 'sample', '--json', ...(rows ? ['--accelerometer-rows', String(rows)] : [])], dir);
    writeFileSync(summaryFile, s.stdout);
  }
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { expected: Record<string, number>; bytes: number; files: number; rows: Record<string, number> };
  const manifest = JSON.parse(readFileSync(path.join(dir, 'lakehouse.json'), 'utf8')) as { bucket: string };
  return { size, dir, data, bucketDir: path.join(dir, '.lakehouse', 's3', manifest.bucket), ...summary };
}

async function rmrf(p: string): Promise<void> {
  await fs.rm(p, { recursive: true, force: true });
}

/**
 * The data folder as an upload leaves it: the landing objects and what the upload learnt of them (`cache/`), and
 * nothing else — no catalog, no runs, no outputs. `snapshot` is the cache folder saved right after the upload.
 */
async function resetToUploaded(p: Project, snapshot: string): Promise<void> {
  const lh = path.join(p.dir, '.lakehouse');
  for (const e of await fs.readdir(lh)) if (e !== 's3') await rmrf(path.join(lh, e));
  for (const e of await fs.readdir(path.join(lh, 's3'))) if (path.join(lh, 's3', e) !== p.bucketDir) await rmrf(path.join(lh, 's3', e));
  for (const d of await fs.readdir(p.bucketDir)) {
    const ds = path.join(p.bucketDir, d);
    if (!(await fs.stat(ds)).isDirectory() || !existsSync(path.join(p.data, d))) {
      await rmrf(ds);
      continue;
    }
    for (const z of await fs.readdir(ds)) if (z !== 'landing') await rmrf(path.join(ds, z));
  }
  await fs.cp(snapshot, path.join(lh, 'cache'), { recursive: true });
}

function checkCounts(side: string, got: Record<string, number | null>, expected: Record<string, number>): void {
  const bad = Object.entries(got).filter(([t, n]) => expected[t] !== undefined && expected[t] !== n);
  const missing = Object.keys(expected).filter((t) => !(t in got) && !t.endsWith('_landing'));
  if (bad.length > 0 || missing.length > 0)
    throw new Error(`${side}: row counts differ from the generator's: ${bad.map(([t, n]) => `${t} ${n} (expected ${expected[t]})`).join(', ')}${missing.length ? ` missing ${missing.join(', ')}` : ''}`);
}

// ------------------------------------------------------------------------------------------------ the parts

/** `ps`: the project of each build (the same data) */
async function benchSize(ps: Project[], reps: number): Promise<Comparison[]> {
  const out: Comparison[] = [];
  const p = ps[0]!;
  const lhOf = (q: Project) => path.join(q.dir, '.lakehouse');
  const snapshotOf = (q: Project) => path.join(q.dir, 'cache-after-upload');
  const cpCopy = path.join(p.dir, 'cp-copy');
  const baseOut = path.join(p.dir, 'baseline-out');
  const step = (label: string) => process.stderr.write(`• ${p.size}: ${label}\n`);
  const each = <T>(f: (q: Project, cli: string) => T): T[] => ps.map((q, k) => f(q, builds[k]!.cli));

  if (only.has('upload')) {
    step(`upload (${p.files} files, ${(p.bytes / 2 ** 20).toFixed(0)} MiB)`);
    // each copy starts with nothing of the previous one's left to write to the disk (untimed `sync`): otherwise the
    // side that runs second pays for the first one's write-back (at 10M, cp -r took 3-14 s after our upload)
    const fresh = (folder: string) => {
      spawnSync('rm', ['-rf', folder]);
      spawnSync('sync');
    };
    // for upload the goal is a speed: cp -r's time over ours
    const asSpeed = (cs: Comparison[]) => cs.map((c) => ({ ...c, ratios: c.ratios.map((r) => 1 / r) }));
    out.push(
      ...asSpeed(
        await compare(
          'upload',
          reps,
          each((q, cli) => ({ label: 'lakehouse upload data', before: () => fresh(lhOf(q)), run: () => runAll([lakehouse(cli, q.dir, 'upload', 'data')], q.dir) })),
          { label: 'cp -r data <folder>', before: () => fresh(cpCopy), run: () => run('cp', ['-r', p.data, cpCopy], p.dir) },
        ),
      ),
    );
    // the fastest any Node process can be: starting Node and doing nothing, against the same copy
    out.push(
      ...asSpeed(
        await compare('upload floor', reps, [{ label: 'node -e 0', run: () => run(process.execPath, ['-e', '0'], p.dir) }], {
          label: 'cp -r data <folder>',
          before: () => fresh(cpCopy),
          run: () => run('cp', ['-r', p.data, cpCopy], p.dir),
        }),
      ),
    );
    await rmrf(cpCopy);
  }
  for (const [k, q] of ps.entries()) {
    if (!only.has('upload') && !existsSync(q.bucketDir)) {
      step(`upload (not timed)${several ? `, build ${builds[k]!.name}` : ''}`);
      run(...lakehouse(builds[k]!.cli, q.dir, 'upload', 'data'), q.dir);
    }
    // what the upload learnt (the key spellings): restored before each first run
    const lh = lhOf(q);
    const snapshot = snapshotOf(q);
    if (existsSync(path.join(lh, 'cache')) && (only.has('upload') || !existsSync(snapshot))) {
      await rmrf(snapshot);
      await fs.cp(path.join(lh, 'cache'), snapshot, { recursive: true });
    }
  }

  const baselineRun = () => run(process.execPath, [baseline, 'pipeline', p.bucketDir, baseOut], p.dir);
  const baselineCheck = (s: Sample) => checkCounts('baseline', JSON.parse(s.stdout) as Record<string, number>, p.expected);
  const reportCheck = () =>
    each((q, cli) => {
      const r = run(...lakehouse(cli, q.dir, 'report', '--json'), q.dir);
      const tables = (JSON.parse(r.stdout) as { tables: { table: string; rows: number | null }[] }).tables;
      checkCounts('lakehouse', Object.fromEntries(tables.map((t) => [t.table, t.rows])), q.expected);
    });
  if (only.has('pipeline')) {
    step('pipeline, first run after the upload');
    out.push(
      ...(await compare(
        'pipeline',
        reps,
        each((q, cli) => ({
          label: 'lakehouse tables && lakehouse run',
          before: () => resetToUploaded(q, snapshotOf(q)),
          run: () => runAll([lakehouse(cli, q.dir, 'tables'), lakehouse(cli, q.dir, 'run')], q.dir),
        })),
        { label: 'node bench-baseline.cjs pipeline', before: () => void spawnSync('rm', ['-rf', baseOut]), run: baselineRun, check: baselineCheck },
      )),
    );
    reportCheck();
  }
  if (only.has('rerun')) {
    step('pipeline, run again');
    if (!only.has('pipeline')) each((q, cli) => runAll([lakehouse(cli, q.dir, 'tables'), lakehouse(cli, q.dir, 'run')], q.dir));
    out.push(
      ...(await compare(
        'rerun',
        reps,
        each((q, cli) => ({ label: 'lakehouse run', run: () => runAll([lakehouse(cli, q.dir, 'run')], q.dir) })),
        { label: 'node bench-baseline.cjs pipeline', before: () => void spawnSync('rm', ['-rf', baseOut]), run: baselineRun, check: baselineCheck },
      )),
    );
    reportCheck();
  }
  await rmrf(baseOut);
  if (only.has('query')) {
    step('query');
    if (!only.has('pipeline') && !only.has('rerun')) each((q, cli) => run(...lakehouse(cli, q.dir, 'tables'), q.dir));
    const n = (s: Sample) => {
      const m = /\b(\d[\d,]*)\b/.exec(s.stdout.split('\n').find((l) => /^\s*[\d,]+\s/.test(l)) ?? '');
      const rows = m ? Number(m[1]!.replace(/,/g, '')) : NaN;
      if (rows !== p.rows['accelerometer']) throw new Error(`query counted ${rows} rows, expected ${p.rows['accelerometer']}:\n${s.stdout}`);
    };
    out.push(
      ...(await compare(
        'query',
        reps,
        each((q, cli) => ({ label: `lakehouse query "${QUERY}"`, run: () => runAll([lakehouse(cli, q.dir, 'query', QUERY)], q.dir), check: n })),
        { label: 'node bench-baseline.cjs query', run: () => run(process.execPath, [baseline, 'query', p.bucketDir], p.dir), check: n },
      )),
    );
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const saved = opt('report');
  if (saved !== undefined) {
    // the tables of an earlier run's --json
    process.stdout.write(report(JSON.parse(readFileSync(saved, 'utf8')) as Parameters<typeof report>[0]));
    return;
  }
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed for peak RSS: apt-get install time`);
  for (const b of builds) if (!existsSync(b.cli)) throw new Error(`${b.cli} does not exist: npm run build`);
  const sizes = (opt('sizes') ?? 'real,1M,10M').split(',').filter(Boolean);
  if (flag('large') && !sizes.includes('30M')) sizes.push('30M');
  const givenRoot = opt('root');
  const root = givenRoot ? path.resolve(givenRoot) : await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-bench-'));
  await fs.mkdir(root, { recursive: true });
  const copies = builds.map((b) => path.join(root, `build-${process.pid}${several ? `-${b.name}` : ''}`));
  for (const [k, b] of builds.entries()) {
    await fs.cp(path.dirname(b.cli), copies[k]!, { recursive: true });
    b.cli = path.join(copies[k]!, path.basename(b.cli));
  }
  const defaultReps = (size: string) => {
    const n = rowsOf(size) ?? 0;
    return n <= 100_000 ? 7 : n <= 1_000_000 ? 5 : n <= 10_000_000 ? 3 : 2;
  };
  const results: Results = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg().map((l) => +l.toFixed(1)) },
    ...(several ? { builds: Object.fromEntries(builds.map((b) => [b.name, b.given])) } : {}),
    sizes: {},
  };
  try {
    if (only.has('startup')) {
      process.stderr.write('• startup\n');
      results.startup = await compare(
        'startup',
        Number(opt('reps') ?? 21),
        builds.map((b) => ({ label: 'lakehouse --version', run: () => run(process.execPath, [b.cli, '--version'], root) })),
        { label: 'node -e 0', run: () => run(process.execPath, ['-e', '0'], root) },
      );
    }
    for (const size of [...only].some((o) => o !== 'startup') ? sizes : []) {
      process.stderr.write(`• ${size}: preparing the project and its data…\n`);
      const ps = builds.map((b, k) => prepare(root, size, b.cli, k === 0 ? '' : `-${b.name}`));
      const p = ps[0]!;
      const reps = Number(opt('reps') ?? defaultReps(size));
      const comparisons = await benchSize(ps, reps);
      const { dir: _d, data: _a, bucketDir: _b, ...project } = p;
      results.sizes[size] = { project, comparisons };
    }
  } finally {
    for (const c of copies) await rmrf(c);
    if (!givenRoot && !flag('keep')) await rmrf(root);
    else process.stderr.write(`work folder kept: ${root}\n`);
  }
  const file = opt('json');
  if (file) await fs.writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(report(results));
}

interface Results {
  machine: Record<string, unknown>;
  /** when several builds were timed: each one's name and the build given */
  builds?: Record<string, string>;
  sizes: Record<string, { project: Omit<Project, 'dir' | 'data' | 'bucketDir'>; comparisons: Comparison[] }>;
  /** (one per build; an earlier run's JSON holds one) */
  startup?: Comparison[] | Comparison;
}

/** The results as the Markdown table the docs hold. */
function report(r: Results): string {
  const lines = [
    `machine: ${JSON.stringify(r.machine)}`,
    ...(r.builds ? Object.entries(r.builds).map(([name, cli]) => `build ${name}: ${cli}`) : []),
    '',
    '| size | measurement | ours: min / **median** / max | baseline: min / **median** / max | ratio, median of rounds (min–max) | CPU time ratio, median | peak RSS ours / baseline |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const row = (size: string, c: Comparison) => {
    const ratio = `**${median(c.ratios).toFixed(2)}×** (${Math.min(...c.ratios).toFixed(2)}–${Math.max(...c.ratios).toFixed(2)}; ${c.ratios.length} rounds)`;
    // (an earlier run's JSON may hold a null: Infinity, before rounds under 10 ms were left out)
    const cpuRatios = c.cpuRatios.filter((x) => Number.isFinite(x));
    const cpu = `${cpuRatios.length > 0 ? `${median(cpuRatios).toFixed(2)}×` : '—'} (${fmtMs(median(c.oursCpuMs))} / ${fmtMs(median(c.baselineCpuMs))})`;
    lines.push(`| ${size} | ${c.build ? `**${c.build}** ` : ''}${c.what}: \`${c.ours}\` vs \`${c.baseline}\` | ${range(c.oursMs)} | ${range(c.baselineMs)} | ${c.what.startsWith('upload') ? 'speed ' : ''}${ratio} | ${cpu} | ${Math.max(...c.oursRssMb)} / ${Math.max(...c.baselineRssMb)} MiB |`);
  };
  const startup = r.startup === undefined ? [] : Array.isArray(r.startup) ? r.startup : [r.startup];
  for (const c of startup) row('-', c);
  for (const [size, s] of Object.entries(r.sizes)) {
    const label = `${size} (${s.project.rows['accelerometer']?.toLocaleString('en-US')} accelerometer rows, ${(s.project.bytes / 2 ** 20).toFixed(0)} MiB)`;
    for (const c of s.comparisons) row(label, c);
  }
  // issue 17's goals (medians of the rounds' ratios, this machine), each against the figure measured
  const goals: string[] = [];
  const goal = (what: string, found: Comparison[], bound: number, atMost: boolean) => {
    for (const c of found) {
      const m = median(c.ratios);
      const met = atMost ? m <= bound : m >= bound;
      goals.push(`| ${c.build ? `**${c.build}** ` : ''}${what} | ${atMost ? '≤' : '≥'} ${bound}× | ${m.toFixed(2)}× | ${met ? 'met' : '**not met**'} |`);
    }
  };
  goal('`lakehouse --version` / `node -e 0`', startup, 1.2, true);
  for (const [size, s] of Object.entries(r.sizes)) {
    const find = (what: string) => s.comparisons.filter((c) => c.what === what);
    // the pipeline's goals are for the real size, 1M and 10M
    if (['real', '1M', '10M'].includes(size)) goal(`pipeline / plain DuckDB, ${size}`, find('pipeline'), size === 'real' ? 1.25 : 1.1, true);
    goal(`query of an aggregate / node over read_json, ${size}`, find('query'), 1.3, true);
    goal(`upload speed / cp -r, ${size}`, find('upload'), 0.5, false);
  }
  if (goals.length > 0) lines.push('', '| goal | bound | measured (median of the rounds) | |', '| --- | --- | --- | --- |', ...goals);
  return `${lines.join('\n')}\n`;
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
