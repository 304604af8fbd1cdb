/**
 * A STEDI project for the preview tests: the sample project laid out by `initProject`, data from the generator,
 * tables created and the pipeline run (the later jobs read what the earlier ones wrote). Expected rows are computed
 * by a DuckDB of the tests' own, with SQL written here by hand over the files on disk — not by the engine under test.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { runPipeline } from '../../src/core/actions/pipeline';
import { createTables } from '../../src/core/actions/tables';
import { planUpload, upload } from '../../src/core/actions/upload';
import type { CellValue } from '../../src/core/model';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { generateStediSample, type StediSample } from '../../src/core/sample';
import { LocalTarget } from '../../src/core/targets/local';

export const REPO = path.resolve(__dirname, '..', '..');

export interface StediProject {
  root: string;
  project: Project;
  target: LocalTarget;
  sample: StediSample;
  /** the folder on disk of `s3://<bucket>/<prefix>` */
  dir(prefix: string): string;
  close(): Promise<void>;
}

export async function makeStediProject(options: { customers: number; accelerometerRows: number; recordNodeRows?: boolean }): Promise<StediProject> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-preview-'));
  await initProject(root, { sample: 'stedi', sampleDir: REPO });
  const sample = await generateStediSample({ outDir: path.join(root, 'data'), seed: 7, customers: options.customers, accelerometerRows: options.accelerometerRows, fileBytes: 40_000 });
  const project = await loadProject(root);
  const target = await LocalTarget.open(project, { threads: 2, ...(options.recordNodeRows ? { recordNodeRows: true } : {}) });
  const sp: StediProject = {
    root,
    project,
    target,
    sample,
    dir: (prefix) => path.join(root, '.lakehouse', 's3', project.manifest.bucket, ...prefix.split('/').filter(Boolean)),
    close: async () => {
      await target.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
  try {
    await upload(target, await planUpload(project, path.join(root, 'data')));
    await createTables(project, target);
    const run = await runPipeline(project, target);
    if (!run.ok) throw new Error(`the pipeline failed: ${run.runs.map((r) => `${r.jobName} ${r.state} ${r.errorMessage ?? ''}`).join('; ')}`);
  } catch (e) {
    await sp.close();
    throw e;
  }
  return sp;
}

let raw: Promise<DuckDBInstance> | undefined;

/** Rows of hand-written SQL, run by the tests' own DuckDB; `{dir:prefix}` in the SQL is the files of that folder. */
export async function handSql(sp: StediProject, sql: string): Promise<Record<string, unknown>[]> {
  raw ??= DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await (await raw).connect();
  try {
    const text = sql.replace(/\{dir:([^}]+)\}/g, (_m, prefix: string) => `'${path.join(sp.dir(prefix), '*.json').replace(/'/g, "''")}'`);
    return (await conn.runAndReadAll(text)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
  }
}

/** A row as comparable text: every value as JSON, numbers as numbers (big integers arrive as text from one side). */
function canonical(values: unknown[]): string {
  return JSON.stringify(values.map((v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)));
}

/** Rows as a sorted list of canonical texts (a multiset: order aside). */
export function rowSet(rows: readonly (readonly unknown[])[]): string[] {
  return rows.map((r) => canonical([...r])).sort();
}

export function objectRowSet(rows: readonly Record<string, unknown>[], columns: readonly string[]): string[] {
  return rowSet(rows.map((r) => columns.map((c) => r[c] ?? null)));
}

/** Every row of a SUCCEEDED execution, paged from the engine. */
export async function allRows(target: LocalTarget, executionId: string): Promise<{ columns: string[]; rows: CellValue[][] }> {
  const rows: CellValue[][] = [];
  let token: string | undefined;
  let columns: string[] = [];
  do {
    const page = await target.queries.page(executionId, { maxRows: 5000, ...(token ? { pageToken: token } : {}) });
    columns = page.columns.map((c) => c.name);
    rows.push(...page.rows);
    token = page.nextPageToken;
  } while (token);
  return { columns, rows };
}

/**
 * What the lake holds: every file under the data folder's objects, the catalog and the run records, with a hash of
 * its content (caches and scratch space aside) — equal before and after means nothing was written.
 */
export async function lakeSnapshot(sp: StediProject): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const base = path.join(sp.root, '.lakehouse');
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(path.join(base, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) await walk(r);
      else out.set(r, createHash('sha256').update(await fs.readFile(path.join(base, r))).digest('hex'));
    }
  };
  for (const top of ['s3', 'runs', 'locks', 'staging']) await walk(top);
  out.set('catalog.json', createHash('sha256').update(await fs.readFile(path.join(base, 'catalog.json'))).digest('hex'));
  return out;
}
