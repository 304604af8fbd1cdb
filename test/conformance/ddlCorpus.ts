/**
 * The DDL corpus (test/conformance/ddl/*.json): `CREATE EXTERNAL TABLE` statements as public sources print them —
 * Athena's User Guide first — each with small data of the shape the statement describes, a query, and the answer
 * Athena gives by the semantics its documentation states. A case runs the statement verbatim (only its LOCATION is
 * pointed at the case's own folder), puts the files under that location, runs the setup statements (ADD
 * PARTITION, MSCK REPAIR TABLE) and the query, and compares the printed cells.
 *
 * Outcomes: `pass`; `wrong` (a different answer, no error: what the product must never give); `refused` (the local
 * engine's "… is not supported by the local engine", which must name what it refuses: `mustName`); `error` (any
 * other failure, the statement refused as a syntax error included).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { initProject } from '../../src/core/actions/init';
import { loadProject } from '../../src/core/project/manifest';
import { parseCreateTable } from '../../src/core/sql/ddl';
import { LocalTarget } from '../../src/core/targets/local/index';
import { renderers, REFUSAL, runTrinoStatement } from './harness';

export const DDL_DIR = path.join(__dirname, 'ddl');

/** A file of the case's data: text as it is, or a Parquet file DuckDB writes from a query (`parquet`). */
export type CaseFile = string | { parquet: string } | { gzip: string };

export interface DdlCase {
  id: string;
  /** the statement's page and line in the source (`doc_source/<page>.md:<line>`), or a repository path */
  doc: string;
  url: string;
  /** the statement, verbatim from the source */
  ddl: string;
  /** files under the table's LOCATION (key relative to it) */
  files?: Record<string, CaseFile>;
  /** objects at `s3://` URIs of their own (a partition projection's storage.location.template) */
  objects?: Record<string, string>;
  /** placeholders the source asks to replace (`DOC-EXAMPLE-BUCKET`, which is no valid bucket name): [from, to] */
  edits?: [string, string][];
  /** statements run after the files are put (ALTER TABLE … ADD PARTITION, MSCK REPAIR TABLE); `{location}` is the table's */
  setup?: string[];
  sql?: string;
  /** Athena's answer: rows of cells as the console prints them */
  expected?: string[][];
  /** Athena's answer is a failure: the statement or the query fails (not by a refusal) with a message holding this text */
  expectedError?: string;
  /** the statement is not verbatim: how it was made from the source (a fragment in a statement, a template filled) */
  composed?: string;
  unordered?: boolean;
  /** why `expected` is Athena's answer: the documentation's words or rule */
  why: string;
  /** what a refusal must name (the SerDe, the property, the clause) */
  mustName?: string;
  /** the answer needs what the local engine cannot write (ORC, Avro, Ion): the case checks the refusal only */
  refusalOnly?: boolean;
  note?: string;
}

export interface DdlFamily {
  family: string;
  source: { repository: string; commit: string; ref: string };
  cases: DdlCase[];
}

export type DdlOutcome = 'pass' | 'wrong' | 'refused' | 'error';

export interface DdlResult {
  id: string;
  outcome: DdlOutcome;
  actual?: string[][];
  message?: string;
}

export async function loadDdlCorpus(): Promise<DdlFamily[]> {
  const names = (await fs.readdir(DDL_DIR)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => JSON.parse(await fs.readFile(path.join(DDL_DIR, n), 'utf8')) as DdlFamily));
}

/** Problems with the corpus's shape: ids, sources, an answer or a refusal for each case. */
export function ddlCorpusProblems(families: readonly DdlFamily[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const f of families)
    for (const c of f.cases) {
      if (ids.has(c.id)) problems.push(`${c.id}: id given twice`);
      ids.add(c.id);
      if (!/create\s+external\s+table/i.test(c.ddl)) problems.push(`${c.id}: no CREATE EXTERNAL TABLE`);
      if (!c.url.startsWith('https://')) problems.push(`${c.id}: url`);
      if (!c.why) problems.push(`${c.id}: why`);
      if (c.refusalOnly ? !c.mustName : !(c.sql && (c.expected || c.expectedError))) problems.push(`${c.id}: a query and its expected rows or error, or refusalOnly with mustName`);
    }
  return problems;
}

const LOCATION = /\bLOCATION(\s+)'[^']*'/i;

/** The case's statement with its LOCATION pointed at the case's folder (the statement keeps every other character). */
export function relocated(ddl: string, location: string): string {
  if (!LOCATION.test(ddl)) throw new Error('the statement has no LOCATION');
  return ddl.replace(LOCATION, (_m, space: string) => `LOCATION${space}'${location}'`);
}

const run = runTrinoStatement;

const BUCKET = 'ddl-corpus';

function failed(id: string, message: string): DdlResult {
  return { id, outcome: REFUSAL.test(message) ? 'refused' : 'error', message };
}

/** the CREATE statement failed: the case's answer when Athena fails there too (`expectedError`) */
function createFailed(c: DdlCase, message: string): DdlResult {
  if (c.expectedError !== undefined && !REFUSAL.test(message) && message.includes(c.expectedError)) return { id: c.id, outcome: 'pass' };
  return failed(c.id, message);
}

/** Runs one case in a database of its own. */
async function runDdlCase(target: LocalTarget, duck: import('@duckdb/node-api').DuckDBConnection, root: string, c: DdlCase, n: number): Promise<DdlResult> {
  const database = `ddl_${n}`;
  const prefix = `case-${n}/`;
  const ddl = relocated((c.edits ?? []).reduce((text, [from, to]) => text.split(from).join(to), c.ddl), `s3://${BUCKET}/${prefix}`);
  let table: { database: string; name: string };
  try {
    table = parseCreateTable(ddl.replace(/;\s*$/, ''), { defaultDatabase: database }).table;
  } catch (e) {
    return createFailed(c, (e as Error).message);
  }
  for (const db of new Set([database, table.database])) {
    const made = await run(target, `CREATE DATABASE IF NOT EXISTS ${db}`, 'default');
    if (!made.ok) return failed(c.id, `CREATE DATABASE ${db}: ${made.message}`);
  }
  for (const [key, file] of Object.entries(c.files ?? {})) {
    if (typeof file === 'string') await target.storage.put(BUCKET, prefix + key, file);
    else if ('gzip' in file) await target.storage.put(BUCKET, prefix + key, (await import('node:zlib')).gzipSync(file.gzip));
    else {
      const out = path.join(root, `parquet-${n}-${Object.keys(c.files!).indexOf(key)}.parquet`);
      await duck.run(`COPY (${file.parquet}) TO '${out.replace(/'/g, "''")}' (FORMAT parquet)`);
      await target.storage.put(BUCKET, prefix + key, await fs.readFile(out));
    }
  }
  for (const [uri, body] of Object.entries(c.objects ?? {})) {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (!m) throw new Error(`${c.id}: objects: ${uri} is no s3:// URI`);
    await target.storage.createBucket(m[1]!).catch(() => undefined);
    await target.storage.put(m[1]!, m[2]!, body);
  }
  const created = await run(target, ddl, database);
  if (!created.ok) return createFailed(c, created.message);
  for (const s of c.setup ?? []) {
    const r = await run(target, s.replace('{location}', `s3://${BUCKET}/${prefix}`), table.database);
    if (!r.ok) return failed(c.id, `${s}: ${r.message}`);
  }
  const sql = c.sql ?? `SELECT * FROM ${table.database}.${table.name}`;
  const ran = await run(target, sql, table.database);
  if (!ran.ok) {
    if (c.expectedError !== undefined && !REFUSAL.test(ran.message)) return ran.message.includes(c.expectedError) ? { id: c.id, outcome: 'pass' } : { id: c.id, outcome: 'error', message: ran.message };
    return failed(c.id, ran.message);
  }
  if (c.expectedError !== undefined) return { id: c.id, outcome: 'wrong', message: `Athena fails with ${c.expectedError}; the local engine answered`, actual: [] };
  if (c.refusalOnly) return { id: c.id, outcome: 'wrong', message: 'the case expects a refusal' };
  const actual = ran.rows.map((r) => r.map((v, i) => renderers.trino(v, ran.columns[i]?.type ?? 'unknown')));
  const order = (rows: string[][]) => (c.unordered ? [...rows].map((r) => JSON.stringify(r)).sort() : rows.map((r) => JSON.stringify(r)));
  const same = JSON.stringify(order(actual)) === JSON.stringify(order(c.expected!));
  return same ? { id: c.id, outcome: 'pass' } : { id: c.id, outcome: 'wrong', actual };
}

/** Runs every case (or those `only` keeps) on one new project, as `lakehouse init` makes it. */
export async function runDdlCorpus(families: readonly DdlFamily[], only?: (c: DdlCase) => boolean): Promise<DdlResult[]> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-ddl-corpus-'));
  await initProject(root, { name: 'ddlcorpus', database: 'ddlcorpus' });
  const target = await LocalTarget.open(await loadProject(root), { threads: 1 });
  const instance = await DuckDBInstance.create(':memory:');
  const duck = await instance.connect();
  try {
    await target.storage.createBucket(BUCKET).catch(() => undefined);
    const results: DdlResult[] = [];
    let n = 0;
    for (const f of families)
      for (const c of f.cases) {
        n++;
        if (only && !only(c)) continue;
        try {
          results.push(await runDdlCase(target, duck, root, c, n));
        } catch (e) {
          results.push(failed(c.id, (e as Error).message));
        }
      }
    return results;
  } finally {
    duck.closeSync();
    await target.close();
    await fs.rm(root, { recursive: true, force: true });
  }
}

export function ddlCounts(results: readonly DdlResult[]): Record<DdlOutcome | 'total', number> {
  const counts = { pass: 0, wrong: 0, refused: 0, error: 0, total: results.length };
  for (const r of results) counts[r.outcome]++;
  return counts;
}
