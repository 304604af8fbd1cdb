/**
 * `node --import tsx scripts/bench-plan.ts` — what reading a Glue script costs, and what the translated Python costs
 * in a run (figures, not tests: nothing here asserts a time).
 *
 *   1. Planning: every Glue script at hand — the public corpus (test/fixtures/glue-public/*\/upstream, fetched by
 *      scripts/glue-corpus-fetch.ts), the job fixtures (test/fixtures/jobs) and the sample's glue-scripts — read
 *      into a plan with the plan cache cleared each time (what a script costs the first time it is read, the Python
 *      grammar loaded once per process beforehand). Per script the median of --reps reads; over the scripts p50,
 *      p95 and the slowest. A refused script counts too (it is read up to its refusal).
 *   2. Translated Python in a run: the Filter lambdas of the corpus's scripts, compiled to SQL as the runner compiles
 *      them (rowSql.ts), against hand-written SQL giving the same rows with Python's semantics, over --rows rows in
 *      DuckDB: `SELECT count(*) … WHERE <predicate>`, medians of --reps interleaved rounds, and the ratio. The counts
 *      of both are compared (a bench that measured different answers would measure nothing).
 *
 * Options: --reps 15 --rows 2000000 --json FILE
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { getPythonParser } from '../src/core/jobs/python';
import { clearPlanCache, readGlueScript } from '../src/core/jobs/script';
import { compileRowPredicate } from '../src/core/targets/local/rowSql';
import type { FrameCol } from '../src/core/targets/local/frames';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const REPS = Number(opt('reps', '15'));
const ROWS = Number(opt('rows', '2000000'));
const ROOT = path.join(__dirname, '..');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

async function pyFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    let entries;
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.py')) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

async function planning(): Promise<Record<string, unknown>> {
  const files = [
    ...(await pyFiles(path.join(ROOT, 'test', 'fixtures', 'glue-public'))).filter((f) => f.includes(`${path.sep}upstream${path.sep}`)),
    ...(await pyFiles(path.join(ROOT, 'test', 'fixtures', 'jobs'))),
    ...(await pyFiles(path.join(ROOT, 'glue-scripts'))),
  ];
  await getPythonParser();
  const per: { file: string; ms: number; min: number; refused: boolean; lines: number }[] = [];
  for (const f of files) {
    // the sample's ${…} variables, as the project expands them
    const text = (await fs.readFile(f, 'utf8')).replace(/\$\{database\}/g, 'stedi').replace(/\$\{bucket\}/g, 'stedi-lakehouse');
    const times: number[] = [];
    let refused = false;
    for (let i = 0; i < REPS; i++) {
      clearPlanCache();
      const t0 = performance.now();
      try {
        await readGlueScript(text, path.relative(ROOT, f), { arguments: { '--JOB_NAME': 'bench' } });
      } catch {
        refused = true;
      }
      times.push(performance.now() - t0);
    }
    per.push({ file: path.relative(ROOT, f), ms: median(times), min: Math.min(...times), refused, lines: text.split('\n').length });
  }
  const ms = per.map((p) => p.ms);
  const slowest = [...per].sort((a, b) => b.ms - a.ms).slice(0, 3);
  const result = {
    scripts: per.length,
    refused: per.filter((p) => p.refused).length,
    p50: median(ms),
    p95: quantile(ms, 0.95),
    max: Math.max(...ms),
    // the fastest of each script's reads: its cost when nothing else on the machine takes the CPU
    minP50: median(per.map((p) => p.min)),
    minP95: quantile(
      per.map((p) => p.min),
      0.95,
    ),
    slowest: slowest.map((s) => `${s.file} (${s.lines} lines): ${s.ms.toFixed(2)} ms`),
  };
  console.log(`planning: ${result.scripts} scripts (${result.refused} refused), median of ${REPS} reads each, plan cache cleared each time`);
  console.log(`  p50 ${result.p50.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms, max ${result.max.toFixed(2)} ms (each script's fastest read: p50 ${result.minP50.toFixed(2)} ms, p95 ${result.minP95.toFixed(2)} ms)`);
  for (const s of result.slowest) console.log(`  slowest: ${s}`);
  return result;
}

/** The corpus's Filter lambdas (as written in its scripts) and the same filter written by hand in SQL. */
const LAMBDAS: { lambda: string; from: string; hand: string }[] = [
  {
    lambda: 'lambda row: (not (row["shareWithResearchAsOfDate"] == 0))',
    from: "Glue Studio's generated Filter (several STEDI solutions)",
    // a record without the key: KeyError, the record is dropped
    hand: 'sharewithresearchasofdate IS NOT NULL AND sharewithresearchasofdate <> 0',
  },
  { lambda: 'lambda row: (row["customerid"] <= 20)', from: 'a generated Filter (customerid <= 20)', hand: 'customerid <= 20' },
  {
    lambda: 'lambda row: (bool(re.match("John$", row["firstname"])))',
    from: 'a generated Filter (regex match)',
    // Python's $ also matches before a final newline
    hand: "regexp_matches(firstname, '^John\\n?$')",
  },
  {
    lambda: 'lambda row: row.get("shareWithResearchAsOfDate") not in (0, None)',
    from: 'a hand-written STEDI Filter',
    hand: 'sharewithresearchasofdate IS NOT NULL AND sharewithresearchasofdate <> 0',
  },
  { lambda: "lambda x:x['citizen'] in [\"US\"]", from: 'a hand-written job (citizen in ["US"])', hand: "citizen = 'US'" },
];

const HEADER = `from awsglue.transforms import *
from awsglue.context import GlueContext
from pyspark.context import SparkContext
import re
glueContext = GlueContext(SparkContext())
src = glueContext.create_dynamic_frame.from_catalog(database="d", table_name="t")
`;

const SINK = 'glueContext.write_dynamic_frame.from_options(frame=k, connection_type="s3", format="json", connection_options={"path": "s3://b/out/"})\n';

async function runCost(): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  // NULLs stand for missing keys (the JSON key analysis tells the runner so for data like STEDI's)
  await conn.run(`CREATE TABLE t AS SELECT
      CASE WHEN i % 10 = 0 THEN NULL WHEN i % 3 = 0 THEN 0 ELSE 1655564000000 + i END::BIGINT AS sharewithresearchasofdate,
      CASE WHEN i % 17 = 0 THEN NULL ELSE i % 40 END::BIGINT AS customerid,
      CASE WHEN i % 19 = 0 THEN NULL WHEN i % 5 = 0 THEN 'John' WHEN i % 7 = 0 THEN 'John' || chr(10) ELSE 'Johnny' END AS firstname,
      CASE WHEN i % 23 = 0 THEN NULL WHEN i % 2 = 0 THEN 'US' ELSE 'CA' END AS citizen
    FROM range(${ROWS}) r(i)`);
  const cols: FrameCol[] = [
    { name: 'shareWithResearchAsOfDate', phys: 'sharewithresearchasofdate', type: 'BIGINT', ids: ['src'] },
    { name: 'customerid', phys: 'customerid', type: 'BIGINT', ids: ['src'] },
    { name: 'firstname', phys: 'firstname', type: 'VARCHAR', ids: ['src'] },
    { name: 'citizen', phys: 'citizen', type: 'VARCHAR', ids: ['src'] },
  ];
  const absentOnly = new Set(cols.map((c) => c.name));
  // the same rows as JSON lines, read as a run reads a source (the scan is most of a run's time)
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-plan-'));
  const json = path.join(dir, 't.json');
  await conn.run(`COPY t TO '${json}' (FORMAT json)`);
  const out: Record<string, unknown>[] = [];
  for (const [what, from] of [
    ['a table in memory (the predicate alone)', 't'],
    ['JSON lines read with read_json (as a run reads a source)', `read_json('${json}', format = 'newline_delimited')`],
  ] as const) {
    console.log(`translated Python, ${what}: SELECT count(*) over ${ROWS.toLocaleString('en-US')} rows, median of ${REPS} interleaved rounds`);
    out.push(...(await compare(from)));
  }
  await fs.rm(dir, { recursive: true, force: true });
  conn.closeSync();
  return out;

  async function compare(from: string): Promise<Record<string, unknown>[]> {
  const count = async (where: string) => {
    const t0 = performance.now();
    const rows = (await conn.runAndReadAll(`SELECT count(*) FROM ${from} WHERE ${where}`)).getRowsJson() as (string | number)[][];
    return { ms: performance.now() - t0, n: Number(rows[0]![0]) };
  };
  const out: Record<string, unknown>[] = [];
  for (const l of LAMBDAS) {
    const plan = await readGlueScript(`${HEADER}k = Filter.apply(frame=src, f=${l.lambda})\n${SINK}`, 'bench.py');
    const node = plan.nodes.find((n) => n.kind === 'filter');
    if (node?.kind !== 'filter') throw new Error(`no filter for ${l.lambda}`);
    const t0 = performance.now();
    const { sql } = compileRowPredicate(node.predicate, { file: 'bench.py', cols, absentOnly, construct: 'Filter.apply', pos: { line: 1, column: 1, text: l.lambda } });
    const compileMs = performance.now() - t0;
    if (args.includes("--sql")) console.log(sql);
    const ours: number[] = [];
    const hand: number[] = [];
    let nOurs = -1;
    let nHand = -1;
    await count(sql); // warm
    await count(l.hand);
    for (let i = 0; i < REPS; i++) {
      const a = await count(sql);
      const b = await count(l.hand);
      ours.push(a.ms);
      hand.push(b.ms);
      nOurs = a.n;
      nHand = b.n;
    }
    if (nOurs !== nHand) throw new Error(`${l.lambda}: the translation keeps ${nOurs} rows, the hand-written SQL ${nHand}`);
    const r = { lambda: l.lambda, from: l.from, over: from === 't' ? 'memory' : 'json', rows: nOurs, compileMs, translatedMs: median(ours), handMs: median(hand), ratio: median(ours.map((x, i) => x / hand[i]!)) };
    out.push(r);
    console.log(`  ${l.lambda}\n    ${r.rows.toLocaleString('en-US')} rows kept; translated ${r.translatedMs.toFixed(1)} ms, hand-written ${r.handMs.toFixed(1)} ms, ratio ${r.ratio.toFixed(2)}; compiling it ${r.compileMs.toFixed(3)} ms`);
  }
  return out;
  }
}

async function main(): Promise<void> {
  const plan = await planning();
  const run = await runCost();
  const json = opt('json', '');
  if (json) await fs.writeFile(json, JSON.stringify({ reps: REPS, rows: ROWS, planning: plan, run }, null, 2));
}

void main().catch((e: unknown) => {
  process.exitCode = 1;
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
});
