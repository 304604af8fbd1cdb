/**
 * How long translating a Glue job's Spark SQL takes (issue 13: ≤ 5 ms at the 95th percentile): every statement of
 * the Spark conformance corpus (test/conformance/spark) and the SQL Query nodes of the STEDI sample's jobs
 * (glue-scripts/*.py, over views with the columns of the tables they read: sql/*.sql), parsed and translated to
 * DuckDB SQL as the job runner does before a run (DuckDB's own time is not counted); and SQL expression strings
 * (`filter("…")`, `selectExpr`, `F.expr`, Derived Column: EXPRESSIONS, the PySpark reference's examples and the
 * public corpus's Derived Column) over a frame's columns, as the runner translates them while compiling a plan.
 *
 *   node --import tsx scripts/bench-spark-translate.ts [--rounds 20]
 *
 * Prints, in milliseconds:
 * - load: importing the translator (the grammar's code), as the first Spark SQL of a process pays;
 * - warm-up: `warmUp()` (ANTLR's prediction caches taught typical statements; a job with SQL Query nodes runs it
 *   while DuckDB reads the sources);
 * - first call: each statement's first translation, after the warm-up (the caches hold what it and earlier
 *   statements taught them, as in a job run that translates its nodes one after another);
 * - warm: each statement translated again, `--rounds` times (the figure is per translation);
 * each as p50 / p95 / max over the statements (wall-clock time, then the process's CPU time), with the slowest
 * statements named.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readGlueScript } from '../src/core/jobs/script';
import { parseCreateTable } from '../src/core/sql/ddl';
import type { ViewInfo } from '../src/core/sql/spark';
import { sqlTypeOfHive } from '../src/core/sql/dialects/sqlType';
import { parseHiveType } from '../src/core/sql/types';
import { allCases, loadCorpus } from '../test/conformance/corpus';

interface Statement {
  where: string;
  sql: string;
  views?: Record<string, ViewInfo>;
}

async function statements(): Promise<Statement[]> {
  const out: Statement[] = [];
  for (const { c } of allCases(loadCorpus('spark'))) out.push({ where: `conformance ${c.id}`, sql: c.sql });
  const root = path.resolve(__dirname, '..');
  // the sample's tables, by name, with their columns as Spark reads them
  const tables = new Map<string, ViewInfo>();
  for (const f of readdirSync(path.join(root, 'sql')).filter((n) => n.endsWith('.sql'))) {
    const text = readFileSync(path.join(root, 'sql', f), 'utf8').replace(/\$\{database\}/g, 'stedi').replace(/\$\{bucket\}/g, 'bucket');
    const { table } = parseCreateTable(text.split(/;\s*$/m)[0]!);
    tables.set(table.name, { duckName: `"stedi"."${table.name}"`, columns: table.storage.columns.map((c) => ({ name: c.name, type: sqlTypeOfHive(parseHiveType(c.type)) })) });
  }
  for (const f of readdirSync(path.join(root, 'glue-scripts')).filter((n) => n.endsWith('.py'))) {
    const text = readFileSync(path.join(root, 'glue-scripts', f), 'utf8').replace(/\$\{database\}/g, 'stedi').replace(/\$\{bucket\}/g, 'bucket');
    const plan = await readGlueScript(text, f);
    const sourceTable = new Map(plan.nodes.flatMap((n) => (n.kind === 'catalogSource' ? [[n.id, n.table] as const] : [])));
    for (const n of plan.nodes) {
      if (n.kind !== 'sql') continue;
      const views: Record<string, ViewInfo> = {};
      for (const [alias, id] of Object.entries(n.mapping)) {
        const t = tables.get(sourceTable.get(id) ?? '');
        if (t) views[alias] = t;
      }
      out.push({ where: `glue-scripts/${f}:${n.queryLine}`, sql: n.query, views });
    }
  }
  return out;
}

/** SQL expression strings as DataFrame code and Glue Studio write them, over the columns of their frame */
const EXPRESSION_COLUMNS = [
  { name: 'age', type: 'BIGINT' },
  { name: 'name', type: 'VARCHAR' },
  { name: 'day', type: 'VARCHAR' },
  { name: 'tag', type: 'VARCHAR' },
  { name: 'n', type: 'BIGINT' },
  { name: 'code', type: 'VARCHAR' },
  { name: 'turnover', type: 'DOUBLE' },
  { name: 'shareWithResearchAsOfDate', type: 'BIGINT' },
];
const EXPRESSIONS = [
  // PySpark reference: DataFrame.filter/where, selectExpr, functions.expr
  'age > 3',
  'age = 2',
  'age * 2',
  'abs(age)',
  'length(name)',
  // Glue Studio's Derived Column in the public corpus (test/fixtures/glue-public), and filters of STEDI scripts
  "CASE WHEN turnover > 200 THEN 'big' ELSE 'small' END",
  'shareWithResearchAsOfDate is not null',
  "concat('#', tag) AS t",
  "date_format(day, 'y') AS y",
  'n / 2',
  'code = 1',
  'explode(array(n, age)) AS v',
  'sum(n)',
  'count(*)',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function line(label: string, times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  return `${label.padEnd(12)} p50 ${percentile(s, 50).toFixed(2)} ms   p95 ${percentile(s, 95).toFixed(2)} ms   max ${s[s.length - 1]!.toFixed(2)} ms   (${s.length} statements)`;
}

/** the process's CPU time (user + system) of a `process.cpuUsage(start)` difference, in ms: on a shared machine it
 * shows the translation's own cost where the wall-clock time also holds the waits for a core */
function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

function slowestOf(times: { where: string; ms: number }[]): string {
  const slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, 5);
  return slowest.map((s) => `${s.where} ${s.ms.toFixed(2)} ms`).join('; ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 20;
  const list = await statements();
  const loadStart = performance.now();
  const spark = await import('../src/core/sql/spark');
  const loadMs = performance.now() - loadStart;
  /** translates; false when the translation is an error (a refusal, Spark's analysis error) */
  const translate = (s: Statement): boolean => {
    try {
      spark.translateSparkQuery(s.sql, { glueVersion: '5.0', ...(s.views ? { views: s.views } : {}) });
      return true;
    } catch {
      return false;
    }
  };
  const warmUpStart = performance.now();
  await spark.warmUp(() => Promise.resolve());
  const warmUpMs = performance.now() - warmUpStart;
  const first: { where: string; ms: number; cpu: number }[] = [];
  let failures = 0;
  for (const s of list) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    if (!translate(s)) failures++;
    first.push({ where: s.where, ms: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)) });
  }
  const warm: { where: string; ms: number; cpu: number }[] = [];
  for (const s of list) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < rounds; i++) translate(s);
    warm.push({ where: s.where, ms: (performance.now() - t0) / rounds, cpu: cpuMs(process.cpuUsage(c0)) / rounds });
  }
  process.stdout.write(
    `Spark SQL translation, ${list.length} statements (${failures} refused or failing), ${rounds} warm rounds; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs\n`,
  );
  process.stdout.write(`load         ${loadMs.toFixed(1)} ms (the translator and the grammar's code)\n`);
  process.stdout.write(`warm-up      ${warmUpMs.toFixed(1)} ms (warmUp: the grammar's caches taught typical statements, as a job run does in the background)\n`);
  process.stdout.write(`${line('first call', first.map((f) => f.ms))}\n`);
  process.stdout.write(`${line('  (CPU)', first.map((f) => f.cpu))}\n`);
  process.stdout.write(`slowest (first call): ${slowestOf(first)}\n`);
  process.stdout.write(`${line('warm', warm.map((w) => w.ms))}\n`);
  process.stdout.write(`${line('  (CPU)', warm.map((w) => w.cpu))}\n`);
  process.stdout.write(`slowest (warm): ${slowestOf(warm)}\n`);
  const sample = warm.filter((w) => w.where.startsWith('glue-scripts/'));
  if (sample.length > 0) process.stdout.write(`${line('sample jobs', sample.map((w) => w.ms))}\n`);
  // SQL expression strings: first call (after the statements above) and warm, per expression
  const expression = (text: string) => spark.translateSparkItems(text, { columns: EXPRESSION_COLUMNS, generator: true, glueVersion: '5.0' });
  const exprFirst: number[] = [];
  const exprWarm: number[] = [];
  for (const text of EXPRESSIONS) {
    const t0 = performance.now();
    expression(text);
    exprFirst.push(performance.now() - t0);
  }
  for (const text of EXPRESSIONS) {
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) expression(text);
    exprWarm.push((performance.now() - t0) / rounds);
  }
  process.stdout.write(`${line('expressions', exprFirst).replace('statements', 'expression strings, first call')}\n`);
  process.stdout.write(`${line('  (warm)', exprWarm).replace('statements', 'expression strings')}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
