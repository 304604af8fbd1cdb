/**
 * Temp projects for the job runner's tests: the fixture project (test/fixtures/runner/project) copied into a temp
 * folder, its tables created, its landing data uploaded, and ways to read what the jobs wrote straight from the
 * files (JSON parsed here, Parquet read by a DuckDB of the test's own — not the engine under test).
 */
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPipeline, type PipelineResult } from '../../src/core/actions/pipeline';
import { createTables } from '../../src/core/actions/tables';
import type { JobRun } from '../../src/core/model';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'runner');
export const BUCKET = 'runner-test';
export const REPO = path.resolve(__dirname, '..', '..');

export interface TestProject {
  root: string;
  project: Project;
  target: LocalTarget;
  /** the local folder of an `s3://runner-test/<prefix>` */
  dir(prefix: string): string;
  /** replaces a job's script with a variant from test/fixtures/runner/variants */
  useScript(job: string, variant: string): Promise<void>;
  /** puts a job's fixture script back */
  restoreScript(job: string): Promise<void>;
  close(): Promise<void>;
}

/** Models as a Parquet file: model, maker, weight_g. */
export const MODELS: [string, string, number][] = [
  ['A1', 'Acme', 120],
  ['B2', 'Bolt', 95],
];

let rawDb: Promise<DuckDBInstance> | undefined;
/** A DuckDB of the test's own, to write and read Parquet independently of the engine under test. */
export async function rawDuckDb(): Promise<DuckDBInstance> {
  rawDb ??= DuckDBInstance.create(':memory:', { threads: '1' });
  return rawDb;
}

export async function makeProject(options: { data?: boolean } = {}): Promise<TestProject> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-runner-'));
  await fs.cp(path.join(FIXTURES, 'project'), root, { recursive: true });
  const project = await loadProject(root);
  const target = await LocalTarget.open(project, { threads: 2 });
  const tp: TestProject = {
    root,
    project,
    target,
    dir: (prefix) => path.join(root, '.lakehouse', 's3', BUCKET, ...prefix.split('/').filter(Boolean)),
    useScript: async (job, variant) => {
      await fs.copyFile(path.join(FIXTURES, 'variants', `${variant}.py`), path.join(root, 'glue-scripts', `${job}.py`));
    },
    restoreScript: async (job) => {
      await fs.copyFile(path.join(FIXTURES, 'project', 'glue-scripts', `${job}.py`), path.join(root, 'glue-scripts', `${job}.py`));
    },
    close: async () => {
      await target.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
  try {
    await createTables(project, target);
    if (options.data !== false) await uploadFixtureData(tp);
  } catch (e) {
    await tp.close();
    throw e;
  }
  return tp;
}

async function uploadFixtureData(tp: TestProject): Promise<void> {
  const s = tp.target.storage;
  await s.createBucket(BUCKET);
  const data = path.join(FIXTURES, 'project', 'data');
  await s.put(BUCKET, 'customers/landing/customers-1.json', await fs.readFile(path.join(data, 'customers.json')));
  await s.put(BUCKET, 'readings/landing/readings-1.json', await fs.readFile(path.join(data, 'readings.json')));
  await s.put(BUCKET, 'devices/landing/devices-1.json', await fs.readFile(path.join(data, 'devices.json')));
  await s.put(BUCKET, 'owners/owners.csv', await fs.readFile(path.join(data, 'owners.csv')));
  const parquet = path.join(tp.root, 'models.parquet');
  const conn = await (await rawDuckDb()).connect();
  try {
    const values = MODELS.map(([m, k, w]) => `('${m}', '${k}', ${w}::INTEGER)`).join(', ');
    await conn.run(`COPY (SELECT * FROM (VALUES ${values}) t(model, maker, weight_g)) TO '${parquet}' (FORMAT parquet)`);
  } finally {
    conn.closeSync();
  }
  await s.put(BUCKET, 'models/models.parquet', await fs.readFile(parquet));
  await fs.rm(parquet);
}

/** Starts a run and waits for its end. */
export async function runJob(tp: TestProject, job: string): Promise<JobRun> {
  const started = await tp.target.jobs.start(job);
  return tp.target.jobs.wait(job, started.id);
}

/** Runs a job and asserts it succeeded (showing the log when it did not). */
export async function runOk(tp: TestProject, job: string): Promise<JobRun> {
  const run = await runJob(tp, job);
  if (run.state !== 'SUCCEEDED') assert.fail(`${job}: ${run.state} ${run.errorMessage ?? ''}\n${(await tp.target.jobs.logs(job, run.id)).join('\n')}`);
  return run;
}

/** Every file under a folder: path relative to it (with `/`) → content. */
export async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (d: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const ent of entries) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) await walk(p, `${rel}${ent.name}/`);
      else out.set(`${rel}${ent.name}`, await fs.readFile(p));
    }
  };
  await walk(dir, '');
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The JSON lines of every file under a folder, parsed. */
export async function jsonRows(dir: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const [, buf] of await filesUnder(dir))
    for (const line of buf.toString('utf8').split('\n')) if (line.trim() !== '') rows.push(JSON.parse(line) as Record<string, unknown>);
  return rows;
}

/** The rows of one Parquet file (read by the test's own DuckDB), values as JSON. */
export async function parquetRows(file: string): Promise<Record<string, unknown>[]> {
  const conn = await (await rawDuckDb()).connect();
  try {
    const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet('${file.replace(/'/g, "''")}', hive_partitioning = false)`);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
  }
}

/** Rows in a stable order, for comparing sets of rows. */
export function sorted<T>(rows: T[]): T[] {
  return [...rows].sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Polls until `check` returns a value; fails after `ms`. Not a timing assertion: a guard against hanging. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A fixture project run whole, as a new user runs it: copied to a temp folder, its landing files put, its DDL and every job run once. */
export interface FixturePipeline {
  root: string;
  target: LocalTarget;
  result: PipelineResult;
  /** the local store's folder of a key prefix of the bucket */
  dir: (prefix: string) => string;
  /** a query of the test's own DuckDB (session zone UTC) over the `.ext` files under a prefix (`{files}` in `q`) */
  duck: (prefix: string, ext: string, q: string) => Promise<Record<string, unknown>[]>;
  close: () => Promise<void>;
}

/** `landing`: [dataset, file of the fixture's data/ folder], put at `<dataset>/landing/<file>` of `bucket`. */
export async function runFixturePipeline(fixture: string, bucket: string, landing: readonly (readonly [string, string])[]): Promise<FixturePipeline> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), `lh-${path.basename(fixture)}-`));
  await fs.cp(fixture, root, { recursive: true });
  const project = await loadProject(root);
  const target = await LocalTarget.open(project, { threads: 2 });
  await target.storage.createBucket(bucket);
  for (const [dataset, file] of landing) await target.storage.put(bucket, `${dataset}/landing/${file}`, await fs.readFile(path.join(fixture, 'data', file)));
  await createTables(project, target);
  const result = await runPipeline(project, target);
  const dir = (prefix: string) => path.join(root, '.lakehouse', 's3', bucket, ...prefix.split('/').filter(Boolean));
  return {
    root,
    target,
    result,
    dir,
    duck: async (prefix, ext, q) => {
      const conn = await (await rawDuckDb()).connect();
      try {
        await conn.run("SET TimeZone = 'UTC'");
        return (await conn.runAndReadAll(q.replace('{files}', `'${dir(prefix)}/**/*.${ext}'`))).getRowObjectsJson() as Record<string, unknown>[];
      } finally {
        conn.closeSync();
      }
    },
    close: async () => {
      await target.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}
