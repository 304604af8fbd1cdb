/**
 * Uploading landing data: a folder laid out as `<dataset>/landing/**` (the public STEDI starter data's layout) goes
 * into each dataset's landing zone, as a sync — an object whose size and MD5 already match is skipped, so a
 * re-run after an interruption uploads only what is missing.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../errors';
import type { Project } from '../project/manifest';
import type { Target } from '../target';
import { filesUnder, syncFiles } from './sync';

export interface UploadFile {
  dataset: string;
  /** absolute path of the local file */
  file: string;
  key: string;
  size: number;
}

export interface UploadPlan {
  bucket: string;
  files: UploadFile[];
  /** datasets with a landing zone that the folder has no data for */
  missing: string[];
}

export interface UploadProgress {
  file: UploadFile;
  /** uploaded or skipped (already there) */
  action: 'uploaded' | 'skipped';
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface UploadResult {
  uploaded: UploadFile[];
  skipped: UploadFile[];
  bytesUploaded: number;
  missing: string[];
}

/** What an upload of `source` would do; errors name the folder that is missing or empty. */
export async function planUpload(project: Project, source: string): Promise<UploadPlan> {
  const root = path.resolve(source);
  const st = await fs.stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw new LakehouseError('InvalidInput', `the data folder ${root} does not exist`, { file: root });
  const files: UploadFile[] = [];
  const missing: string[] = [];
  for (const [dataset, zones] of Object.entries(project.manifest.datasets)) {
    const prefix = zones.landing;
    if (prefix === undefined) continue;
    const dir = path.join(root, dataset, 'landing');
    const dst = await fs.stat(dir).catch(() => undefined);
    if (!dst?.isDirectory()) {
      missing.push(dataset);
      continue;
    }
    const found = await filesUnder(dir);
    if (found.length === 0) throw new LakehouseError('InvalidInput', `the landing folder ${dir} is empty: put the ${dataset} data files there`, { file: dir });
    for (const f of found) {
      const rel = path.relative(dir, f).split(path.sep).join('/');
      const size = (await fs.stat(f)).size;
      files.push({ dataset, file: f, key: prefix + rel, size });
    }
  }
  if (files.length === 0) {
    const expected = Object.entries(project.manifest.datasets)
      .filter(([, z]) => z.landing !== undefined)
      .map(([d]) => `${d}/landing/`)
      .join(', ');
    throw new LakehouseError('InvalidInput', `${root} holds no landing data: expected folders ${expected} with the data files`, { file: root });
  }
  return { bucket: project.manifest.bucket, files, missing };
}

/**
 * Uploads the planned files as a sync (./sync.ts): objects whose size and checksum match are skipped, up to
 * `concurrency` files (default 4) go up at once; a failure names the file, and what was uploaded before it stays
 * (and is skipped next time).
 */
export async function upload(
  target: Target,
  plan: UploadPlan,
  options: {
    signal?: AbortSignal;
    onProgress?: (p: UploadProgress) => void;
    /** the files are up; the engine now reads what it needs of them (see below) */
    onPreparing?: () => void;
    concurrency?: number;
  } = {},
): Promise<UploadResult> {
  const existing = await target.storage.listBuckets();
  if (!existing.some((b) => b.name === plan.bucket)) await target.storage.createBucket(plan.bucket);
  const { onProgress } = options;
  const r = await syncFiles(target.storage, plan.bucket, plan.files, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(onProgress
      ? { onFile: (e) => onProgress({ file: e.item, action: e.action, done: e.filesDone, total: e.filesTotal, bytesDone: e.bytesDone, bytesTotal: e.bytesTotal }) }
      : {}),
  });
  if (target.queries.prepareObjects) options.onPreparing?.();
  await prepareUploaded(target, plan.bucket, plan.files.map((f) => f.key), options.signal);
  return { uploaded: r.uploaded, skipped: r.skipped, bytesUploaded: r.bytesUploaded, missing: plan.missing };
}

/**
 * After an upload: the engine learns what it needs of the new objects now, not at the first query (local: JSON key
 * spellings; an engine without `prepareObjects` has nothing to learn). The upload is complete either way: a failure
 * here only leaves that work to the first read, which reports any error; a cancel is passed on.
 */
export async function prepareUploaded(target: Target, bucket: string, keys: readonly string[], signal?: AbortSignal): Promise<void> {
  await target.queries.prepareObjects?.(bucket, keys, signal ? { signal } : {}).catch((e: unknown) => {
    if (signal?.aborted) throw e;
  });
}
