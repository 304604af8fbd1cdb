/** A temporary lakehouse project with a LocalTarget on it, for engine tests. */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CellValue, QueryColumn, QueryExecution } from '../../src/core/model';
import { loadProject } from '../../src/core/project/manifest';
import type { LocalQueryEngine } from '../../src/core/targets/local/engine';
import { LocalTarget, type LocalTargetOptions } from '../../src/core/targets/local/index';
import type { JsonReadMode } from '../../src/core/targets/local/sourceReads';

export const BUCKET = 'engine-test';

export interface TestProject {
  root: string;
  open(options?: LocalTargetOptions): Promise<LocalTarget>;
  cleanup(): Promise<void>;
}

/** Writes a lakehouse.json in a new temp folder; `open()` opens a LocalTarget on it (closed by cleanup). */
export async function tempProject(database = 'stedi'): Promise<TestProject> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-engine-'));
  const manifest = { name: 'enginetest', bucket: BUCKET, database, datasets: { customer: { landing: 'customer/landing/' } } };
  await fs.writeFile(path.join(root, 'lakehouse.json'), JSON.stringify(manifest, null, 2));
  const opened: LocalTarget[] = [];
  return {
    root,
    async open(options: LocalTargetOptions = {}) {
      const target = await LocalTarget.open(await loadProject(root), { threads: 2, ...options });
      opened.push(target);
      return target;
    },
    async cleanup() {
      for (const t of opened) await t.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/** A temp project opened, with its bucket made and the database `db` created: where the DDL tests start. */
export async function projectWithDatabase(db: string): Promise<{ project: TestProject; t: LocalTarget }> {
  const project = await tempProject(db);
  const t = await project.open();
  await t.storage.createBucket(BUCKET);
  await q(t, `CREATE DATABASE ${db}`);
  return { project, t };
}

export interface Ran {
  exec: QueryExecution;
  columns: QueryColumn[];
  rows: CellValue[][];
}

/** Runs one statement and reads every page of its result; fails the test unless it SUCCEEDED. */
export async function q(target: LocalTarget, sql: string, database?: string): Promise<Ran> {
  const started = await target.queries.start(sql, database !== undefined ? { database } : {});
  const exec = await target.queries.wait(started.id);
  assert.equal(exec.state, 'SUCCEEDED', `${sql}\n→ ${exec.state}: ${exec.error?.message}`);
  const rows: CellValue[][] = [];
  let columns: QueryColumn[] = [];
  let token: string | undefined;
  do {
    const page = await target.queries.page(exec.id, token !== undefined ? { pageToken: token } : {});
    columns = page.columns;
    rows.push(...page.rows);
    token = page.nextPageToken;
  } while (token !== undefined);
  return { exec, columns, rows };
}

/** Runs one statement that must FAIL; returns the execution. */
export async function fails(target: LocalTarget, sql: string, database?: string): Promise<QueryExecution> {
  const started = await target.queries.start(sql, database !== undefined ? { database } : {});
  const exec = await target.queries.wait(started.id);
  assert.equal(exec.state, 'FAILED', `${sql}\nshould have failed but ${exec.state}`);
  assert.ok(exec.error, 'a failed execution carries an error');
  return exec;
}

/**
 * The text of every object under `prefix` in `bucket`, concatenated in key order — gunzipped, for Athena writes text
 * and JSON gzip-compressed (`.gz`); asserts each key ends with `.gz` when `gzip` says so (or does not, when false).
 */
export async function objectsText(target: LocalTarget, bucket: string, prefix: string, gzip?: boolean): Promise<string> {
  const keys = (await target.storage.list(bucket, { prefix })).objects.map((o) => o.key).sort();
  assert.ok(keys.length > 0, `no object under s3://${bucket}/${prefix}`);
  const texts = await Promise.all(
    keys.map(async (key) => {
      if (gzip !== undefined) assert.equal(key.endsWith('.gz'), gzip, `${key} ${gzip ? 'is' : 'is not'} gzip-compressed (.gz)`);
      const bytes = await target.storage.get(bucket, key);
      return (key.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    }),
  );
  return texts.join('');
}

/** Newline-delimited JSON of the given objects. */
export function ndjson(objects: readonly unknown[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n') + '\n';
}

/** JSON SerDe DDL for a table at `s3://BUCKET/<prefix>/`. */
export function jsonDdl(table: string, columns: string, prefix: string, serdeProperties: Record<string, string> = {}): string {
  const props = Object.entries(serdeProperties)
    .map(([k, v]) => `'${k}'='${v}'`)
    .join(', ');
  return `CREATE EXTERNAL TABLE ${table} (${columns})
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'${props ? `\nWITH SERDEPROPERTIES (${props})` : ''}
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${BUCKET}/${prefix}/'`;
}

/** Sorts rows by their JSON text, for comparing results whose order is not defined. */
export function sorted(rows: readonly CellValue[][]): CellValue[][] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}

/** A small seeded generator (mulberry32), so a failing random case can be run again. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The context inferJsonColumns needs in a test (the files' paths are their locations) */
export const READ_CONTEXT = { file: 'job.py', engine: { locationOf: (f: string) => f } as unknown as LocalQueryEngine };

/** The three ways a job reads JSON files as a frame, each inferring the frame's columns */
export const JSON_READ_MODES: [string, JsonReadMode][] = [
  ['an S3 source', {}],
  ['a catalog table', { catalog: true }],
  ['spark.read', { sparkReader: true }],
];
