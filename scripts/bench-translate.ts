/**
 * How long translating Athena SQL takes (issue 13: ≤ 5 ms at the 95th percentile): every query of the suites — the
 * Trino conformance corpus (test/conformance/trino) and the queries of the STEDI sample project (sql/*.sql: the
 * queries of its CTAS, INSERT and CREATE VIEW statements) — parsed and translated to DuckDB SQL, as the local engine
 * does before it runs one (DuckDB's own time is not counted).
 *
 *   node --import tsx scripts/bench-translate.ts [--rounds 20] [--warm-up]
 *
 * Prints, in milliseconds:
 * - cold: the process's first translation (the grammar's code loaded, ANTLR's prediction caches empty — what the
 *   first Run SQL of a session pays unless the engine's warm-up has run); with --warm-up, the engine's warm-up
 *   (`warmUp`, run in the background when a session starts) runs first, as in a session;
 * - first call: each statement's first translation, after the cold one (ANTLR's caches hold what earlier statements
 *   taught them, as in a session);
 * - warm: each statement translated again, `--rounds` times (the figure is per translation);
 * each as p50 / p95 / max over the statements, with the slowest statements named.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { splitStatements } from '../src/core/sql/split';
import { parseStatement } from '../src/core/sql/statements';
import { allCases, loadCorpus } from '../test/conformance/corpus';

interface Statement {
  where: string;
  sql: string;
}

function statements(): Statement[] {
  const out: Statement[] = [];
  for (const { c } of allCases(loadCorpus('trino'))) out.push({ where: `conformance ${c.id}`, sql: c.sql.replace(/;\s*$/, '') });
  const dir = path.resolve(__dirname, '..', 'sql');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.sql'))) {
    for (const s of splitStatements(readFileSync(path.join(dir, f), 'utf8'))) {
      try {
        const p = parseStatement(s.text);
        if ('query' in p && typeof p.query === 'string') out.push({ where: `sql/${f}:${s.line}`, sql: p.query });
      } catch {
        // DDL the statement parser refuses is not a query
      }
    }
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function line(label: string, times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  return `${label.padEnd(12)} p50 ${percentile(s, 50).toFixed(2)} ms   p95 ${percentile(s, 95).toFixed(2)} ms   max ${s[s.length - 1]!.toFixed(2)} ms   (${s.length} statements)`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 20;
  const list = statements();
  const loadStart = performance.now();
  const trino = await import('../src/core/sql/trino');
  const loadMs = performance.now() - loadStart;
  /** translates; false when the translation is an error (a refusal, a syntax error: what the user sees then) */
  const translate = (sql: string): boolean => {
    try {
      // no catalog: a query naming a table fails after its parse and the translation of what precedes the name
      trino.parseQuery(sql).translate({ table: () => undefined, database: () => false });
      return true;
    } catch {
      return false;
    }
  };
  const warmed = args.includes('--warm-up');
  let warmUpMs = 0;
  if (warmed) {
    const t0 = performance.now();
    await trino.warmUp(async () => undefined);
    warmUpMs = performance.now() - t0;
  }
  const coldStart = performance.now();
  translate(list[0]!.sql);
  const cold = performance.now() - coldStart;
  const first: number[] = [];
  for (const s of list.slice(1)) {
    const t0 = performance.now();
    translate(s.sql);
    first.push(performance.now() - t0);
  }
  const warm: { where: string; ms: number; ok: boolean }[] = [];
  for (const s of list) {
    let ok = true;
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) ok = translate(s.sql);
    warm.push({ where: s.where, ms: (performance.now() - t0) / rounds, ok });
  }
  process.stdout.write(
    `translator module loaded in ${loadMs.toFixed(0)} ms;${warmed ? ` engine's warm-up (warmUp) ${warmUpMs.toFixed(0)} ms, then` : ''} first translation in the process: ${cold.toFixed(1)} ms\n`,
  );
  process.stdout.write(`${line('first call', first)}\n${line('warm', warm.map((w) => w.ms))}\n`);
  process.stdout.write(`${line('  translated', warm.filter((w) => w.ok).map((w) => w.ms))}\n${line('  failed', warm.filter((w) => !w.ok).map((w) => w.ms))}\n`);
  const slowest = [...warm].sort((a, b) => b.ms - a.ms).slice(0, 5);
  process.stdout.write(`slowest warm: ${slowest.map((w) => `${w.where} ${w.ms.toFixed(2)} ms`).join('; ')}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
