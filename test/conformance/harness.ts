/**
 * Runs a conformance corpus through the local engine as a user's query runs, renders each result as the reference
 * engine's console prints it, and classifies every case:
 * - `pass`: the same answer;
 * - `wrong`: it ran and gave a different answer — the worst outcome (the product promises AWS's answer or a refusal);
 * - `refused`: it failed with the local engine's "… is not supported by the local engine" message;
 * - `error`: it failed any other way;
 * - `skipped`: the doc's result assumes a session setting Athena does not have (a session time zone).
 *
 * The two seams a translator repoints are `runTrinoStatement`/`runSparkStatement` (how a statement runs) and
 * `renderers` (how a cell is printed: the product's renderers).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CellValue, QueryColumn } from '../../src/core/model';
import { initProject } from '../../src/core/actions/init';
import { loadProject } from '../../src/core/project/manifest';
import { toCell } from '../../src/core/targets/local/duck';
import { LocalTarget } from '../../src/core/targets/local/index';
import { allCases, CONFORMANCE_DIR, type ConformanceCase, type Corpus, type Engine } from './corpus';
import { renderAthena } from '../../src/core/sql/dialects/render';
import { renderSpark, sparkTypeOfName, translateSparkQuery } from '../../src/core/sql/spark';

export type Outcome = 'pass' | 'wrong' | 'refused' | 'error' | 'skipped';
export const OUTCOMES: readonly Outcome[] = ['pass', 'wrong', 'refused', 'error', 'skipped'];

export type Ran = { ok: true; columns: QueryColumn[]; rows: CellValue[][] } | { ok: false; message: string };

export interface CaseResult {
  id: string;
  family: string;
  outcome: Outcome;
  /** what the local engine printed (rendered rows) or its error message */
  actual?: string | string[][];
  message?: string;
}

/** The local engine's refusal, as issue 13 words it: `<name> is not supported by the local engine (Athena has it)`. */
export const REFUSAL = /is not supported by the local engine/i;

// ---------------------------------------------------------------- the local engine, as a user's project has it

export interface LocalSession {
  target: LocalTarget;
  close(): Promise<void>;
}

const DATABASE = 'conformance';

/** A new lakehouse project in a temp folder (made by `lakehouse init`'s initProject) with the local target open on it. */
export async function openLocal(): Promise<LocalSession> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-conformance-'));
  await initProject(root, { name: 'conformance', database: DATABASE });
  const target = await LocalTarget.open(await loadProject(root), { threads: 1 });
  // the project's database, as the user creates it before querying (Athena's console always has one selected)
  const created = await target.queries.wait((await target.queries.start(`CREATE DATABASE IF NOT EXISTS ${DATABASE}`)).id);
  if (created.state !== 'SUCCEEDED') throw new Error(`CREATE DATABASE ${DATABASE}: ${created.error?.message ?? created.state}`);
  return {
    target,
    async close() {
      await target.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/** An Athena statement, as Run SQL runs it (`queries.start` → `wait` → every page). */
export async function runTrinoStatement(target: LocalTarget, sql: string, database = DATABASE): Promise<Ran> {
  const started = await target.queries.start(sql, { database });
  const exec = await target.queries.wait(started.id);
  if (exec.state !== 'SUCCEEDED') return { ok: false, message: exec.error?.message ?? exec.state };
  const rows: CellValue[][] = [];
  let columns: QueryColumn[] = [];
  let token: string | undefined;
  do {
    const page = await target.queries.page(exec.id, token !== undefined ? { pageToken: token } : {});
    columns = page.columns;
    rows.push(...page.rows);
    token = page.nextPageToken;
  } while (token !== undefined);
  return { ok: true, columns, rows };
}

/**
 * A Spark SQL statement, as a Glue job's SQL runs: translated by src/core/sql/spark (Glue 5.0's Spark 3.5) and run
 * on a connection in the 'spark' dialect (src/core/targets/local/jobRunner.ts); the columns carry Spark's types.
 */
export async function runSparkStatement(target: LocalTarget, sql: string): Promise<Ran> {
  let translated: ReturnType<typeof translateSparkQuery>;
  try {
    translated = translateSparkQuery(sql, { glueVersion: '5.0' });
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const conn = await target.queries.connect(undefined, 'spark');
  try {
    const reader = await conn.runAndReadAll(translated.sql);
    const duckTypes = reader.columnTypes().map((t) => t.toString());
    const columns = translated.columns.map((c) => ({ name: c.name, type: c.typeName }));
    const rows = (reader.getRowsJson() as unknown[][]).map((r) => r.map((v, i) => toCell(v, duckTypes[i]!)));
    return { ok: true, columns, rows };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  } finally {
    conn.closeSync();
  }
}

export const runners: Record<Engine, (target: LocalTarget, sql: string) => Promise<Ran>> = {
  trino: runTrinoStatement,
  spark: runSparkStatement,
};

/** How a cell is printed: the product's renderers (src/core/sql/dialects/render.ts, src/core/sql/spark/render.ts). */
export const renderers: Record<Engine, (value: CellValue, type: string) => string> = {
  trino: (v, t) => renderAthena(v, t),
  spark: (v, t) => renderSpark(v, sparkTypeOfName(t)),
};

// ---------------------------------------------------------------- classification

function sortRows(rows: string[][]): string[][] {
  return [...rows].sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * A map's entries, for comparing a map cell without its order: a map has no order (Trino's docs, functions/map.md),
 * and the docs' examples are not all printed by the CLI — `array_histogram(ARRAY[42, 7, 42, NULL])` is `{42=2, 7=1}`
 * there, where the CLI, which prints a java.util.HashMap, shows `{7=1, 42=2}`. The order Athena shows is tested
 * against Athena's own pages in test/sql/athenaDisplay.test.ts.
 */
function mapEntries(text: string): string[] | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const out: string[] = [];
  let depth = 0;
  let start = 1;
  for (let i = 1; i < text.length - 1; i++) {
    const ch = text[i]!;
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (depth === 0 && ch === ',' && text[i + 1] === ' ') {
      out.push(text.slice(start, i));
      start = i + 2;
    }
  }
  if (text.length > 2) out.push(text.slice(start, text.length - 1));
  return out.sort();
}

function sameCell(actual: string, expected: string, type: string | undefined): boolean {
  if (actual === expected) return true;
  if (!type?.startsWith('map(')) return false;
  const a = mapEntries(actual);
  const e = mapEntries(expected);
  return a !== undefined && e !== undefined && JSON.stringify(a) === JSON.stringify(e);
}

/** Compares what ran with what the doc prints. */
export function classify(engine: Engine, c: ConformanceCase, ran: Ran): Omit<CaseResult, 'id' | 'family'> {
  const expected = c.implemented?.expected ?? c.expected;
  if (!ran.ok) {
    if (REFUSAL.test(ran.message)) return { outcome: 'refused', message: ran.message };
    // a failure the doc documents: any error that is not a refusal is the documented answer
    if (typeof expected === 'object' && !Array.isArray(expected)) return { outcome: 'pass', message: ran.message };
    return { outcome: 'error', message: ran.message };
  }
  const render = renderers[engine];
  const actual = ran.rows.map((r) => r.map((v, i) => render(v, ran.columns[i]?.type ?? 'unknown')));
  if (typeof expected === 'object' && !Array.isArray(expected)) return { outcome: 'wrong', actual, message: `the doc says it fails: ${expected.error}` };
  if (typeof expected === 'string') {
    const single = actual.length === 1 && actual[0]!.length === 1 ? actual[0]![0]! : undefined;
    return single !== undefined && sameCell(single, expected, ran.columns[0]?.type) ? { outcome: 'pass' } : { outcome: 'wrong', actual: single ?? actual };
  }
  const same = c.unordered ? JSON.stringify(sortRows(actual)) === JSON.stringify(sortRows(expected)) : JSON.stringify(actual) === JSON.stringify(expected);
  return same ? { outcome: 'pass' } : { outcome: 'wrong', actual };
}

export async function runCase(engine: Engine, target: LocalTarget, c: ConformanceCase): Promise<Omit<CaseResult, 'id' | 'family'>> {
  if (c.newerThanAthena) return { outcome: 'skipped', message: `newer than Athena: ${c.newerThanAthena}` };
  if (c.sessionTimeZone && c.sessionTimeZone !== 'UTC')
    return { outcome: 'skipped', message: `the doc's result assumes the session time zone ${c.sessionTimeZone}; ${engine === 'trino' ? "Athena's" : "a Glue job's"} is UTC` };
  let ran: Ran;
  try {
    ran = await runners[engine](target, c.sql);
  } catch (e) {
    ran = { ok: false, message: (e as Error).message };
  }
  return classify(engine, c, ran);
}

/** Runs every case of a corpus (or those `only` keeps) on one local session. */
export async function runCorpus(corpus: Corpus, options: { only?: (c: ConformanceCase) => boolean } = {}): Promise<CaseResult[]> {
  const session = await openLocal();
  try {
    const results: CaseResult[] = [];
    for (const { family, c } of allCases(corpus)) {
      if (options.only && !options.only(c)) continue;
      results.push({ id: c.id, family, ...(await runCase(corpus.engine, session.target, c)) });
    }
    return results;
  } finally {
    await session.close();
  }
}

// ---------------------------------------------------------------- summaries and the baseline

export type Counts = Record<Outcome, number> & { total: number };

export function countByFamily(results: readonly CaseResult[]): { families: Map<string, Counts>; total: Counts } {
  const empty = (): Counts => ({ pass: 0, wrong: 0, refused: 0, error: 0, skipped: 0, total: 0 });
  const families = new Map<string, Counts>();
  const total = empty();
  for (const r of results) {
    let f = families.get(r.family);
    if (!f) families.set(r.family, (f = empty()));
    f[r.outcome]++;
    f.total++;
    total[r.outcome]++;
    total.total++;
  }
  return { families, total };
}

/**
 * The committed outcome of every case (`test/conformance/baseline-<engine>.json`). A case whose baseline is `pass`
 * must stay `pass`; no case may become `wrong` unless its baseline already says so (known wrong, listed to be fixed).
 * `requirements` tightens the whole run once the translators reach the goal.
 */
export interface Baseline {
  engine: Engine;
  /** case id → outcome recorded on the commit that last wrote the baseline */
  outcomes: Record<string, Outcome>;
  requirements?: { maxWrong?: number; minPassRate?: number };
}

export function baselinePath(engine: Engine): string {
  return path.join(CONFORMANCE_DIR, `baseline-${engine}.json`);
}

export async function readBaseline(engine: Engine): Promise<Baseline | undefined> {
  try {
    return JSON.parse(await fs.readFile(baselinePath(engine), 'utf8')) as Baseline;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** What got worse against the baseline: each line names the case, its baseline outcome and today's. */
export function regressions(results: readonly CaseResult[], baseline: Baseline): string[] {
  const out: string[] = [];
  for (const r of results) {
    const was = baseline.outcomes[r.id];
    const detail = r.outcome === 'wrong' ? ` (got ${JSON.stringify(r.actual)})` : r.message ? ` (${r.message.split('\n')[0]})` : '';
    if (was === 'pass' && r.outcome !== 'pass') out.push(`${r.id}: passed in the baseline, now ${r.outcome}${detail}`);
    else if (r.outcome === 'wrong' && was !== 'wrong') out.push(`${r.id}: ${was ?? 'new case'} in the baseline, now WRONG${detail}`);
  }
  const req = baseline.requirements;
  if (req) {
    const { total } = countByFamily(results);
    const ran = total.total - total.skipped;
    if (req.maxWrong !== undefined && total.wrong > req.maxWrong) out.push(`${total.wrong} wrong answers; at most ${req.maxWrong} allowed`);
    if (req.minPassRate !== undefined && ran > 0 && total.pass / ran < req.minPassRate)
      out.push(`pass rate ${((100 * total.pass) / ran).toFixed(1)}% is below ${(100 * req.minPassRate).toFixed(1)}%`);
  }
  return out;
}
