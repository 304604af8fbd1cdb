/**
 * Uploading landing data: a folder laid out as `<dataset>/landing/**` (the public STEDI starter data's layout) goes
 * into each dataset's landing zone, as a sync — an object whose size and MD5 already match is skipped, so a
 * re-run after an interruption uploads only what is missing.
 */
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../errors';
import { zoneOfKey, type Project } from '../project/manifest';
import type { PrepareObjectsOptions, Target } from '../target';
import { syncFiles, type SyncResult } from './sync';

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
  /** what is in the folder but not uploaded, and why (see {@link planUpload}) */
  ignored: IgnoredPath[];
}

/** A file or folder of the data folder that an upload leaves out. */
export interface IgnoredPath {
  /** relative to the data folder, with `/` separators; a folder ends in `/` */
  path: string;
  reason: string;
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
  ignored: IgnoredPath[];
}

/**
 * What an upload of `source` would do: the regular files under `<dataset>/landing/` of each dataset lakehouse.json
 * gives a landing zone. Everything else in the folder is left out and listed in `ignored` with the reason: files
 * outside a `<dataset>/landing/` folder, folders of datasets lakehouse.json does not have (or without a landing
 * zone), other zones' folders (`<dataset>/trusted/`), symbolic links (not followed), hidden files (`.DS_Store`) and
 * anything that is not a regular file; an empty landing folder is listed there too. Errors name the data folder when
 * it is missing, a file, or no dataset in it has data to upload.
 */
export async function planUpload(project: Project, source: string): Promise<UploadPlan> {
  const root = path.resolve(source);
  const st = await fs.stat(root).catch(() => undefined);
  if (!st) throw new LakehouseError('InvalidInput', `the data folder ${root} does not exist`, { file: root });
  if (!st.isDirectory()) throw new LakehouseError('InvalidInput', `${root} is a file, not a folder: give the data folder, laid out as <dataset>/landing/*`, { file: root });
  const datasets = project.manifest.datasets;
  const withLanding = Object.entries(datasets)
    .filter(([, z]) => z.landing !== undefined)
    .map(([d]) => d);
  const files: UploadFile[] = [];
  const missing: string[] = [];
  const ignored: IgnoredPath[] = [];
  const ignore = (rel: string, reason: string) => ignored.push({ path: rel, reason });

  // the data folder: one folder per dataset
  for (const ent of await sortedEntries(root)) {
    const kind = entryKind(ent);
    if (ent.name.startsWith('.')) ignore(`${ent.name}${kind === 'folder' ? '/' : ''}`, HIDDEN);
    else if (kind !== 'folder') {
      ignore(ent.name, kind === 'file' ? 'not in a <dataset>/landing/ folder' : kind);
      continue;
    }
    const zones = datasets[ent.name];
    if (!zones) {
      const near = Object.keys(datasets).find((d) => d.toLowerCase() === ent.name.toLowerCase());
      ignore(`${ent.name}/`, `no dataset "${ent.name}" in lakehouse.json${near ? ` (did you mean ${near}?)` : ` (its datasets: ${Object.keys(datasets).join(', ')})`}`);
    } else if (zones.landing === undefined) ignore(`${ent.name}/`, `dataset ${ent.name} has no landing zone in lakehouse.json`);
  }

  for (const dataset of withLanding) {
    const prefix = datasets[dataset]!.landing!;
    const datasetDir = path.join(root, dataset);
    if (!(await fs.lstat(datasetDir).catch(() => undefined))?.isDirectory()) {
      missing.push(dataset);
      continue;
    }
    // only the landing zone's folder is uploaded
    let landing = false;
    for (const ent of await sortedEntries(datasetDir)) {
      const kind = entryKind(ent);
      if (ent.name === 'landing' && kind === 'folder') landing = true;
      else if (ent.name.startsWith('.')) ignore(`${dataset}/${ent.name}${kind === 'folder' ? '/' : ''}`, HIDDEN);
      else ignore(`${dataset}/${ent.name}${kind === 'folder' ? '/' : ''}`, kind === 'folder' || kind === 'file' ? `only ${dataset}/landing/ is uploaded` : kind);
    }
    if (!landing) {
      missing.push(dataset);
      continue;
    }
    const dir = path.join(datasetDir, 'landing');
    const found: string[] = [];
    const before = ignored.length;
    await landingFiles(dir, `${dataset}/landing/`, found, ignore);
    // an empty landing folder (or one holding only what is left out, each listed with its reason): nothing of this
    // dataset is uploaded, said as a warning; the other datasets' data still is
    if (found.length === 0) {
      if (ignored.length === before) ignore(`${dataset}/landing/`, `empty: no ${dataset} data uploaded`);
      continue;
    }
    for (const f of found.sort()) {
      const rel = path.relative(dir, f).split(path.sep).join('/');
      // zones may nest (trusted at <landing>/trusted/): a file whose key falls in a nested zone is not landing data
      const owner = zoneOfKey(project.manifest, prefix + rel);
      if (owner && (owner.dataset !== dataset || owner.zone !== 'landing')) {
        const ownerPrefix = project.manifest.datasets[owner.dataset]![owner.zone]!;
        ignore(`${dataset}/landing/${rel}`, `its key would be in ${owner.dataset}'s ${owner.zone} zone (s3://${project.manifest.bucket}/${ownerPrefix}), nested in the landing zone: only landing data is uploaded`);
        continue;
      }
      const size = (await fs.stat(f)).size;
      files.push({ dataset, file: f, key: prefix + rel, size });
    }
  }
  if (files.length === 0) {
    const expected = withLanding.map((d) => `${d}/landing/`).join(', ');
    const empty = ignored.filter((i) => i.path.endsWith('/landing/')).map((i) => `${path.join(root, i.path)} is ${i.reason.startsWith('empty') ? 'empty' : i.reason}`);
    throw new LakehouseError('InvalidInput', `${root} holds no landing data: expected folders ${expected} with the data files${empty.length ? ` (${empty.join('; ')})` : ''}`, { file: root });
  }
  return { bucket: project.manifest.bucket, files, missing, ignored };
}

const HIDDEN = 'hidden (its name starts with ".")';

type EntryKind = 'folder' | 'file' | 'a symbolic link (links are not followed)' | 'not a regular file';

async function sortedEntries(dir: string): Promise<Dirent[]> {
  return (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function entryKind(ent: Dirent): EntryKind {
  if (ent.isSymbolicLink()) return 'a symbolic link (links are not followed)';
  if (ent.isDirectory()) return 'folder';
  if (ent.isFile()) return 'file';
  return 'not a regular file';
}

/** The regular files under a landing folder, recursively; hidden ones, links and the like go to `ignore`. */
async function landingFiles(dir: string, rel: string, found: string[], ignore: (rel: string, reason: string) => void): Promise<void> {
  for (const ent of await sortedEntries(dir)) {
    const kind = entryKind(ent);
    const name = `${rel}${ent.name}${kind === 'folder' ? '/' : ''}`;
    if (ent.name.startsWith('.')) ignore(name, HIDDEN);
    else if (kind === 'folder') await landingFiles(path.join(dir, ent.name), name, found, ignore);
    else if (kind === 'file') found.push(path.join(dir, ent.name));
    else ignore(name, kind);
  }
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
  // a name the store cannot take as a key would stop the upload halfway, and again at every re-run: refused first
  const badKeys = plan.files.flatMap((f) => {
    const problem = target.storage.keyProblem?.(f.key);
    return problem ? [{ f, problem }] : [];
  });
  if (badKeys.length > 0)
    throw new LakehouseError(
      'InvalidObjectKey',
      `${badKeys.map(({ f, problem }) => `${f.file}: its name cannot be part of an object key (s3://${plan.bucket}/${f.key}): ${problem}`).join('; ')} — rename ${badKeys.length === 1 ? 'it' : 'them'}; nothing was uploaded`,
      { file: badKeys[0]!.f.file, object: badKeys[0]!.f.key },
    );
  // HeadBucket, and CreateBucket only when it is missing: no listing of every bucket (s3:ListAllMyBuckets)
  await target.storage.ensureBucket(plan.bucket);
  const { onProgress, signal } = options;
  // the engine learns what it needs of each object (local: its key spellings) as soon as it is in place, while the
  // next ones are copied: each file's upload settles its arrival
  const arrivals = new Map(plan.files.map((f) => [f.key, settled<boolean>()]));
  const preparing = target.queries.prepareObjects
    ? prepareUploaded(target, plan.bucket, plan.files.map((f) => f.key), signal, {
        bytes: plan.files.reduce((n, f) => n + f.size, 0),
        done: (key) => arrivals.get(key)?.promise ?? Promise.resolve(false),
      })
    : undefined;
  // (handled now: a cancel rejects it while the sync is still going; it is awaited below)
  void preparing?.catch(() => undefined);
  let r: SyncResult<UploadFile>;
  try {
    r = await syncFiles(target.storage, plan.bucket, plan.files, {
      ...(signal ? { signal } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      onFile: (e) => {
        arrivals.get(e.item.key)?.resolve(true);
        onProgress?.({ file: e.item, action: e.action, done: e.filesDone, total: e.filesTotal, bytesDone: e.bytesDone, bytesTotal: e.bytesTotal });
      },
    });
  } catch (e) {
    // the files not put are not waited for; what was learnt of the others stays (they are in place)
    for (const a of arrivals.values()) a.resolve(false);
    await preparing?.catch(() => undefined);
    throw e;
  }
  if (preparing) options.onPreparing?.();
  await preparing;
  return { uploaded: r.uploaded, skipped: r.skipped, bytesUploaded: r.bytesUploaded, missing: plan.missing, ignored: plan.ignored };
}

/** A promise with its resolve (settling it again does nothing). */
function settled<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * After an upload: the engine learns what it needs of the new objects now, not at the first query (local: JSON key
 * spellings; an engine without `prepareObjects` has nothing to learn). The upload is complete either way: a failure
 * here only leaves that work to the first read, which reports any error; a cancel is passed on. `uploading`: the
 * objects are still being put (see PrepareObjectsOptions).
 */
export async function prepareUploaded(
  target: Target,
  bucket: string,
  keys: readonly string[],
  signal?: AbortSignal,
  uploading?: PrepareObjectsOptions['uploading'],
): Promise<void> {
  await target.queries.prepareObjects?.(bucket, keys, { ...(signal ? { signal } : {}), ...(uploading ? { uploading } : {}) }).catch((e: unknown) => {
    if (signal?.aborted) throw e;
  });
}
