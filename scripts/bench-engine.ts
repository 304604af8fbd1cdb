/**
 * `npm run bench` — benchmarks of the local engine (figures, not tests: nothing here asserts a time).
 *
 *   1. The whole STEDI pipeline (tables + 5 jobs + zone report) on data the size of the real set (~81k
 *      accelerometer rows), in a fresh process each time: engine time, median of 3. Then one query after another
 *      on that data, as in the extension: `SELECT *` of each landing table with the parsed-table cache, without it,
 *      and on DuckDB directly (medians of at least 9 rounds, ratios per round).
 *   2. 1M and 10M accelerometer rows: the 5 jobs through Lakehouse Studio vs the same SQL run directly on DuckDB in
 *      the same process over the same files (raw `read_json` with the files' key spellings, `COPY … TO` JSON; its
 *      output row counts are checked against the generator's);
 *      wall time, peak RSS, ratio. "cold" is the first run after an upload: a catalog made anew from the DDL, no
 *      plan cached, nothing known about the files but the key spellings an upload learns — that learning ("learn",
 *      the price of the JSON SerDe's case-insensitive keys, paid once per file) is timed apart, and "learn+cold"
 *      is the first run over files copied into the store by hand, which learns them itself. "warm" is a re-run.
 *      Each of the --reps rounds runs learn, cold, raw, warm, raw; a ratio divides a run of ours by the raw run right
 *      after it (the machine is shared: neighbours in time see the same load), and the medians over the rounds are
 *      reported. The Python grammar and DuckDB's library are loaded before the rounds (once per process, for both).
 *
 * Options: --sizes real,1M,10M (default all) --reps 3 --keep (keep the temp folders) --json FILE (write results).
 * Each measurement runs in its own child process so peak RSS belongs to it alone.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runPipeline } from '../src/core/actions/pipeline';
import { createTables } from '../src/core/actions/tables';
import { planUpload, upload } from '../src/core/actions/upload';
import { loadProject } from '../src/core/project/manifest';
import { zoneReport } from '../src/core/report/zoneReport';
import { generateStediSample } from '../src/core/sample';
import { getPythonParser } from '../src/core/jobs/python';
import { clearPlanCache } from '../src/core/jobs/script';
import { LocalTarget } from '../src/core/targets/local';
import { initProject } from '../src/core/actions/init';

const args = process.argv.slice(2);
const opt = (name: string, dflt?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};

/** peak RSS while `body` runs, sampled every 20 ms */
async function measured<T>(body: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const value = await body();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms: performance.now() - t0, peakRssMb: Math.round(peak / 1048576) };
  } finally {
    clearInterval(timer);
  }
}

// ------------------------------------------------------------------------------------------------ child: one project

/** The five STEDI jobs as plain DuckDB SQL over the same files: what "the raw engine" does. Returns rows per table. */
async function rawPipeline(store: string, out: string): Promise<Record<string, number>> {
  const inst = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', temp_directory: path.join(out, 'tmp') });
  const con = await inst.connect();
  const land = (d: string) => `'${path.join(store, 'stedi-lakehouse', d, 'landing')}/*.json'`;
  const zone = (d: string) => `'${path.join(out, d)}/*.json'`;
  await fs.mkdir(out, { recursive: true });
  const rows: Record<string, number> = {};
  const copy = async (sql: string, name: string) => {
    await fs.mkdir(path.join(out, name), { recursive: true });
    const r = await con.runAndReadAll(`COPY (${sql}) TO '${path.join(out, name, 'part-0.json')}' (FORMAT json)`);
    rows[name] = Number(r.getRowsJson()[0]?.[0]);
  };
  const customer = `read_json(${land('customer')}, format='newline_delimited', columns={customerName:'VARCHAR', email:'VARCHAR', phone:'VARCHAR', birthDay:'VARCHAR', serialNumber:'VARCHAR', registrationDate:'BIGINT', lastUpdateDate:'BIGINT', shareWithResearchAsOfDate:'BIGINT', shareWithPublicAsOfDate:'BIGINT', shareWithFriendsAsOfDate:'BIGINT'})`;
  const accel = `read_json(${land('accelerometer')}, format='newline_delimited', columns={user:'VARCHAR', timestamp:'BIGINT', x:'DOUBLE', y:'DOUBLE', z:'DOUBLE'})`;
  const step = `read_json(${land('step_trainer')}, format='newline_delimited', columns={sensorReadingTime:'BIGINT', serialNumber:'VARCHAR', distanceFromObject:'BIGINT'})`;
  const trusted = (name: string, cols: string) => `read_json(${zone(name)}, format='newline_delimited', columns={${cols}})`;
  const custCols = `customername:'VARCHAR', email:'VARCHAR', phone:'VARCHAR', birthday:'VARCHAR', serialnumber:'VARCHAR', registrationdate:'BIGINT', lastupdatedate:'BIGINT', sharewithresearchasofdate:'BIGINT', sharewithpublicasofdate:'BIGINT', sharewithfriendsasofdate:'BIGINT'`;
  await copy(`SELECT customerName AS customername, email, phone, birthDay AS birthday, serialNumber AS serialnumber, registrationDate AS registrationdate, lastUpdateDate AS lastupdatedate, shareWithResearchAsOfDate AS sharewithresearchasofdate, shareWithPublicAsOfDate AS sharewithpublicasofdate, shareWithFriendsAsOfDate AS sharewithfriendsasofdate FROM ${customer} WHERE shareWithResearchAsOfDate IS NOT NULL`, 'customer_trusted');
  await copy(`SELECT a.user, a.timestamp, a.x, a.y, a.z FROM ${accel} a WHERE a.user IN (SELECT c.email FROM ${trusted('customer_trusted', custCols)} c)`, 'accelerometer_trusted');
  const accelTrusted = trusted('accelerometer_trusted', `user:'VARCHAR', timestamp:'BIGINT', x:'DOUBLE', y:'DOUBLE', z:'DOUBLE'`);
  await copy(`SELECT * FROM ${trusted('customer_trusted', custCols)} c WHERE c.email IN (SELECT a.user FROM ${accelTrusted} a)`, 'customer_curated');
  await copy(`SELECT s.sensorReadingTime AS sensorreadingtime, s.serialNumber AS serialnumber, s.distanceFromObject AS distancefromobject FROM ${step} s WHERE s.serialNumber IN (SELECT c.serialnumber FROM ${trusted('customer_curated', custCols)} c)`, 'step_trainer_trusted');
  await copy(
    `SELECT s.sensorreadingtime, s.serialnumber, s.distancefromobject, a.timestamp, a.x, a.y, a.z FROM ${trusted('step_trainer_trusted', `sensorreadingtime:'BIGINT', serialnumber:'VARCHAR', distancefromobject:'BIGINT'`)} s ` +
      `JOIN ${trusted('customer_curated', custCols)} c ON c.serialnumber = s.serialnumber JOIN ${accelTrusted} a ON a.user = c.email AND a.timestamp = s.sensorreadingtime`,
    'machine_learning_curated',
  );
  con.closeSync();
  inst.closeSync();
  return rows;
}

async function child(dir: string, mode: string): Promise<void> {
  const project = await loadProject(dir);
  const result: Record<string, unknown> = {};
  if (mode === 'engine') {
    // a fresh process: tables + 5 jobs + report, cold (nothing learnt about the files yet)
    await fs.rm(path.join(dir, '.lakehouse', 'catalog.json'), { force: true });
    await fs.rm(path.join(dir, '.lakehouse', 'cache'), { recursive: true, force: true });
    // loading the native DuckDB library and the Python grammar happens once per process (in VS Code, once per
    // session): timed apart from the engine's work
    const load = await measured(async () => {
      await import('@duckdb/node-api');
      await getPythonParser();
    });
    result['libraryLoadMs'] = Math.round(load.ms);
    const m = await measured(async () => {
      const target = await LocalTarget.open(project);
      await createTables(project, target);
      const r = await runPipeline(project, target);
      if (!r.ok) throw new Error(`pipeline failed: ${JSON.stringify(r.runs.map((x) => x.errorMessage))}`);
      const report = await zoneReport(project, target);
      await target.close();
      return report;
    });
    Object.assign(result, { engineMs: Math.round(m.ms), peakRssMb: m.peakRssMb, rows: Object.fromEntries(m.value.tables.map((t) => [t.table, t.rows])) });
  } else if (mode === 'requery') {
    // one query after another, as in the extension (one long-lived engine): each landing table read whole
    // (`SELECT *`, into the engine's result table) by ours with its parsed-table cache, by ours without it, and by
    // DuckDB directly over the same files; the first two rounds (the cache is loaded at the second read) are not counted
    const reps = Math.max(3, Number(process.argv[process.argv.indexOf('--child') + 3] ?? '9'));
    const cached = await LocalTarget.open(project);
    const uncached = await LocalTarget.open(project, { tableCacheBytes: 0 });
    await createTables(project, cached);
    const inst = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    const raw = await inst.connect();
    const tables = Object.entries(project.manifest.datasets).map(([dataset, zones]) => ({
      table: `${dataset}_landing`,
      glob: path.join(dir, '.lakehouse', 's3', project.manifest.bucket, zones.landing ?? '', '*.json'),
    }));
    const times: Record<string, { cached: number[]; uncached: number[]; raw: number[] }> = {};
    const ours = async (target: LocalTarget, table: string) => {
      const t0 = performance.now();
      const e = await target.queries.run(`SELECT * FROM ${table}`, { database: project.manifest.database });
      if (e.state !== 'SUCCEEDED') throw new Error(`${table}: ${e.error?.message}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < reps + 2; i++) {
      for (const { table, glob } of tables) {
        const t = (times[table] ??= { cached: [], uncached: [], raw: [] });
        const c = await ours(cached, table);
        const u = await ours(uncached, table);
        const t0 = performance.now();
        await raw.run(`CREATE OR REPLACE TABLE r AS SELECT * FROM read_json(${JSON.stringify(glob).replace(/"/g, "'")}, format = 'newline_delimited')`);
        const r = performance.now() - t0;
        if (i >= 2) {
          t.cached.push(c);
          t.uncached.push(u);
          t.raw.push(r);
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    result['requery'] = Object.fromEntries(
      Object.entries(times).map(([table, t]) => [
        table,
        {
          cachedMs: +median(t.cached).toFixed(1),
          uncachedMs: +median(t.uncached).toFixed(1),
          rawMs: +median(t.raw).toFixed(1),
          // per round, then the median: neighbours in time see the same load
          cachedOverUncached: +median(t.cached.map((c, i) => c / t.uncached[i]!)).toFixed(2),
          cachedOverRaw: +median(t.cached.map((c, i) => c / t.raw[i]!)).toFixed(2),
        },
      ]),
    );
    result['cachedTables'] = Object.fromEntries(cached.queries.cachedTables());
    raw.closeSync();
    inst.closeSync();
    await cached.close();
    await uncached.close();
  } else {
    const reps = Number(process.argv[process.argv.indexOf('--child') + 3] ?? '3');
    // the Python grammar loads once per process (in VS Code once per session), as DuckDB's library does for both
    // sides (imported above): not part of a run
    await getPythonParser();
    const store = path.join(dir, '.lakehouse', 's3');
    // cold: the catalog made anew from the DDL, nothing known about the files but what an upload learns (their key
    // spellings, timed apart: `learn`), no plan cached
    const landing = async () => {
      const keys: string[] = [];
      for (const zones of Object.values(project.manifest.datasets)) {
        const d = path.join(store, project.manifest.bucket, zones.landing ?? '');
        for (const f of await fs.readdir(d)) keys.push(`${zones.landing}${f}`);
      }
      return keys;
    };
    const setUp = async () => {
      await fs.rm(path.join(dir, '.lakehouse', 'catalog.json'), { force: true });
      await fs.rm(path.join(dir, '.lakehouse', 'cache'), { recursive: true, force: true });
      clearPlanCache();
      const setup = await LocalTarget.open(project);
      await createTables(project, setup);
      const keys = await landing();
      const learn = await measured(() => setup.queries.prepareObjects(project.manifest.bucket, keys));
      await setup.close();
      return learn.ms;
    };
    const runOurs = async () => {
      const target = await LocalTarget.open(project);
      const r = await runPipeline(project, target);
      await target.close();
      if (!r.ok) throw new Error(`pipeline failed: ${JSON.stringify(r.runs.map((x) => x.errorMessage))}`);
    };
    const runRaw = () => rawPipeline(store, path.join(dir, 'raw-out'));
    const rounds: { learn: number; cold: number; warm: number; raw: number[]; ratioCold: number; ratioWarm: number; ratioLearnCold: number; rss: number[] }[] = [];
    let rawRows: Record<string, number> = {};
    for (let i = 0; i < reps; i++) {
      const learnMs = await setUp();
      const cold = await measured(runOurs);
      const raw1 = await measured(runRaw);
      const warm = await measured(runOurs);
      const raw2 = await measured(runRaw);
      rawRows = raw2.value;
      rounds.push({
        learn: learnMs,
        cold: cold.ms,
        warm: warm.ms,
        raw: [raw1.ms, raw2.ms],
        ratioCold: cold.ms / raw1.ms,
        ratioWarm: warm.ms / raw2.ms,
        ratioLearnCold: (learnMs + cold.ms) / raw1.ms,
        rss: [cold.peakRssMb, warm.peakRssMb, raw1.peakRssMb, raw2.peakRssMb],
      });
    }
    const median = (xs: number[]) => {
      const v = [...xs].sort((a, b) => a - b);
      return v.length % 2 ? v[v.length >> 1]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
    };
    Object.assign(result, {
      oursColdMs: Math.round(median(rounds.map((r) => r.cold))),
      oursWarmMs: Math.round(median(rounds.map((r) => r.warm))),
      rawMs: Math.round(median(rounds.flatMap((r) => r.raw))),
      ratioCold: +median(rounds.map((r) => r.ratioCold)).toFixed(2),
      ratioWarm: +median(rounds.map((r) => r.ratioWarm)).toFixed(2),
      // the first read of files nobody learnt (copied into the store by hand): their spellings learnt, then the run
      learnMs: Math.round(median(rounds.map((r) => r.learn))),
      ratioLearnCold: +median(rounds.map((r) => r.ratioLearnCold)).toFixed(2),
      rounds: rounds.map((r) => ({
        learnMs: Math.round(r.learn),
        coldMs: Math.round(r.cold),
        warmMs: Math.round(r.warm),
        rawMs: r.raw.map(Math.round),
        ratioCold: +r.ratioCold.toFixed(2),
        ratioWarm: +r.ratioWarm.toFixed(2),
        ratioLearnCold: +r.ratioLearnCold.toFixed(2),
      })),
      peakRssMb: {
        oursCold: Math.max(...rounds.map((r) => r.rss[0]!)),
        oursWarm: Math.max(...rounds.map((r) => r.rss[1]!)),
        raw: Math.max(...rounds.flatMap((r) => [r.rss[2]!, r.rss[3]!])),
      },
      rawRows,
    });
  }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

// ------------------------------------------------------------------------------------------------ parent

async function prepare(rows: number | undefined, root: string): Promise<{ dir: string; expected: Record<string, number>; bytes: number; accelerometer: number }> {
  const dir = path.join(root, `project-${rows ?? 'real'}`);
  await initProject(dir, { sample: 'stedi' });
  const sample = await generateStediSample({ outDir: path.join(dir, 'data'), ...(rows ? { accelerometerRows: rows } : {}) });
  const project = await loadProject(dir);
  const target = await LocalTarget.open(project);
  await upload(target, await planUpload(project, path.join(dir, 'data')));
  await target.close();
  await fs.rm(path.join(dir, 'data'), { recursive: true, force: true });
  return { dir, expected: sample.expected, bytes: sample.bytes, accelerometer: sample.rows.accelerometer };
}

function runChild(dir: string, mode: string, reps = 1): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', dir, mode, String(reps)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) throw new Error(`benchmark child failed (${mode} in ${dir}):\n${r.stderr}`);
  return JSON.parse(line.slice(7)) as Record<string, unknown>;
}

async function parent(): Promise<void> {
  const sizes = (opt('sizes', 'real,1M,10M') ?? '').split(',');
  const reps = Number(opt('reps', '3'));
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-bench-'));
  const results: Record<string, unknown> = { machine: { cpus: os.cpus().length, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version } };
  try {
    for (const size of sizes) {
      const rows = size === 'real' ? undefined : Number(size.replace(/M$/i, '000000').replace(/k$/i, '000'));
      process.stderr.write(`• preparing ${size} (${rows ? `${rows} accelerometer rows` : 'the real set\'s size'})…\n`);
      const p = await prepare(rows, root);
      if (size === 'real') {
        const runs = Array.from({ length: reps }, () => runChild(p.dir, 'engine'));
        const times = runs.map((r) => r['engineMs'] as number).sort((a, b) => a - b);
        const mismatch = Object.entries(p.expected).filter(([t, n]) => (runs[0]!['rows'] as Record<string, number>)[t] !== n);
        const loads = runs.map((r) => r['libraryLoadMs'] as number).sort((a, b) => a - b);
        results['real'] = {
          accelerometerRows: p.accelerometer,
          engineMsMedian: times[Math.floor(times.length / 2)],
          engineMs: times,
          libraryLoadMsMedian: loads[Math.floor(loads.length / 2)],
          peakRssMb: runs.map((r) => r['peakRssMb']),
          countsMatchGenerator: mismatch.length === 0,
        };
        process.stderr.write(`  engine time (tables + 5 jobs + report; fresh process, nothing cached): median ${times[Math.floor(times.length / 2)]} ms of ${times.join(', ')}; loading DuckDB + the Python grammar first: ${loads.join(', ')} ms\n`);
        const requery = runChild(p.dir, 'requery', Math.max(9, reps));
        (results['real'] as Record<string, unknown>)['requery'] = requery['requery'];
        process.stderr.write(`  one query after another (SELECT * of each landing table; cached / uncached / DuckDB directly): ${JSON.stringify(requery['requery'])}\n`);
      } else {
        const r = runChild(p.dir, 'pipeline', reps);
        // the baseline must do the whole work: its outputs hold the rows the generator expects
        const rawRows = r['rawRows'] as Record<string, number>;
        const rawMismatch = Object.keys(rawRows).filter((t) => p.expected[t] !== undefined && p.expected[t] !== rawRows[t]);
        if (Object.keys(rawRows).some((t) => p.expected[t] === undefined)) throw new Error(`raw baseline wrote tables the generator does not know: ${Object.keys(rawRows).join(', ')}`);
        results[size] = { accelerometerRows: p.accelerometer, landingBytes: p.bytes, ...r, rawCountsMatchGenerator: rawMismatch.length === 0 };
        process.stderr.write(`  ${JSON.stringify(r)}\n`);
      }
      if (!args.includes('--keep')) await fs.rm(p.dir, { recursive: true, force: true });
    }
  } finally {
    if (!args.includes('--keep')) await fs.rm(root, { recursive: true, force: true });
  }
  const out = opt('json');
  if (out) await fs.writeFile(out, JSON.stringify(results, null, 2));
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

const ci = args.indexOf('--child');
void (ci >= 0 ? child(args[ci + 1]!, args[ci + 2]!) : parent()).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
