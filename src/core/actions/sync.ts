/**
 * Sync local files to an object store (any {@link ObjectStore}: the local target's folder store or S3): an object
 * whose size and checksum already match the file is skipped, the others are uploaded with bounded concurrency,
 * progress is reported in bytes, and a cancelled or failed sync leaves every finished object in place — so a
 * re-run uploads only what is missing.
 *
 * What is already there comes from listing the folders the keys live in (one ListObjectsV2 per 1000 objects
 * rather than a HEAD per file); a store whose listing carries no ETag (the local store) is asked per object whose
 * size matches. Checksums:
 * - an ETag of 32 hex digits is the MD5 of the content (single-part uploads, and every object of the local store);
 * - an ETag `<hex>-N` is S3's multipart ETag: the MD5 of the concatenated binary MD5s of the N parts. The file's
 *   ETag is recomputed with the part size the store uses for a file of that size (`store.partSizeFor(size)` when
 *   the store has it — S3ObjectStore: 8 MiB, more above 80 GiB), then with the other common part sizes that give
 *   N parts (8 MiB: the AWS CLI's default; 5 MiB: lib-storage's; 16 MiB), so objects uploaded by other tools with
 *   their defaults are recognised too;
 * - an ETag that does not match is not the end: objects encrypted with SSE-KMS or SSE-C "have ETags that are not an
 *   MD5 digest of their object data" (S3 API reference, Object.ETag). The object is then asked (HEAD with checksum
 *   mode) what it says of its content: the MD5 that uploads write into its `md5chksum` metadata, else S3's
 *   full-object CRC64NVME checksum (which S3 adds to every object uploaded since 2025, and this tool asks for on
 *   AWS), compared with the file's. Only when neither is there is the file uploaded again.
 * Every upload writes the file's MD5 into the object's metadata, so a second sync uploads nothing on any bucket.
 */
import { createHash } from 'node:crypto';
import type { Checksum } from '@aws-sdk/types';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { LakehouseError, errorMessage, isLakehouseError } from '../errors';
import type { StoredObject } from '../model';
import type { ObjectStore } from '../target';

const MiB = 1024 * 1024;
export const DEFAULT_SYNC_CONCURRENCY = 4;
/** Files below this size are read whole (one read: hashed and sent from memory); larger ones are streamed. */
const WHOLE_FILE_BYTES = 8 * MiB;
/** Part sizes tried for a multipart ETag after the store's own: the AWS CLI's, lib-storage's, and 16 MiB. */
const COMMON_PART_SIZES = [8 * MiB, 5 * MiB, 16 * MiB];

export interface SyncItem {
  /** absolute path of the local file */
  file: string;
  /** the object key it goes to */
  key: string;
}

export interface SyncFileEvent<T extends SyncItem> {
  item: T;
  /** uploaded, or skipped because an object with the same size and checksum is there */
  action: 'uploaded' | 'skipped';
  /** its size in bytes */
  size: number;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface SyncBytesEvent {
  /** bytes of files skipped or sent so far */
  bytesDone: number;
  bytesTotal: number;
  /** bytes sent so far (the part of bytesDone that was uploaded) */
  bytesUploaded: number;
}

export interface SyncOptions<T extends SyncItem> {
  /** files uploaded at the same time; default 4 */
  concurrency?: number;
  signal?: AbortSignal;
  /** after each file */
  onFile?: (e: SyncFileEvent<T>) => void;
  /** as bytes are read for upload (and when a file is skipped) */
  onBytes?: (e: SyncBytesEvent) => void;
}

export interface SyncResult<T extends SyncItem> {
  /** in the order of the items given */
  uploaded: T[];
  skipped: T[];
  bytesUploaded: number;
  bytesSkipped: number;
}

/** A store that says which part size it uses for multipart uploads (S3ObjectStore does). */
interface PartSizeAware {
  partSizeFor(size: number): number;
}

function hasPartSize(store: ObjectStore): store is ObjectStore & PartSizeAware {
  return typeof (store as Partial<PartSizeAware>).partSizeFor === 'function';
}

// ---------------------------------------------------------------- checksums

/** Hex MD5 of a file. */
export async function md5File(file: string, signal?: AbortSignal): Promise<string> {
  const h = createHash('md5');
  for await (const chunk of createReadStream(file, signal ? { signal } : {})) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** S3's multipart ETag of a file uploaded in parts of `partSize` bytes: `md5(md5(part1) ‖ … ‖ md5(partN))-N`. */
export async function multipartEtag(file: string, partSize: number, signal?: AbortSignal): Promise<string> {
  if (!Number.isInteger(partSize) || partSize < 1) throw new LakehouseError('InvalidInput', `part size must be a positive integer (got ${partSize})`);
  const digests: Buffer[] = [];
  let part = createHash('md5');
  let inPart = 0;
  for await (const c of createReadStream(file, { highWaterMark: Math.min(partSize, 1 * MiB), ...(signal ? { signal } : {}) })) {
    let chunk = c as Buffer;
    while (chunk.length > 0) {
      const take = Math.min(chunk.length, partSize - inPart);
      part.update(chunk.subarray(0, take));
      inPart += take;
      chunk = chunk.subarray(take);
      if (inPart === partSize) {
        digests.push(part.digest());
        part = createHash('md5');
        inPart = 0;
      }
    }
  }
  if (inPart > 0 || digests.length === 0) digests.push(part.digest());
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
}

/** Base64 of a file's CRC64NVME (S3's full-object checksum), computed by the AWS SDK's own implementation. */
export async function crc64nvmeFile(file: string, signal?: AbortSignal): Promise<string> {
  const { Crc64Nvme } = await import('@aws-sdk/crc64-nvme');
  const crc: Checksum = new Crc64Nvme();
  for await (const chunk of createReadStream(file, signal ? { signal } : {})) crc.update(chunk as Buffer);
  return Buffer.from(await crc.digest()).toString('base64');
}

/**
 * Whether the file's content has the given ETag (see the module comment). `partSizeFor` is the part size the
 * store would use for a file of this size; `md5` gives the file's MD5 when the caller has it (or will reuse it).
 */
export async function etagMatches(
  file: string,
  size: number,
  etag: string,
  partSizeFor?: (size: number) => number,
  signal?: AbortSignal,
  md5: () => Promise<string> = () => md5File(file, signal),
): Promise<boolean> {
  const m = /^([0-9a-f]{32})(?:-(\d+))?$/i.exec(etag.replace(/"/g, ''));
  if (!m) return false;
  const hex = m[1].toLowerCase();
  if (m[2] === undefined) return (await md5()) === hex;
  const parts = Number(m[2]);
  const candidates = [...new Set([...(partSizeFor ? [partSizeFor(size)] : []), ...COMMON_PART_SIZES])].filter(
    (p) => Math.max(1, Math.ceil(size / p)) === parts,
  );
  for (const p of candidates) if ((await multipartEtag(file, p, signal)) === `${hex}-${parts}`) return true;
  return false;
}

// ---------------------------------------------------------------- what is there

/** The folders (key prefixes ending in `/`, or `''`) to list so that every key is covered, none inside another. */
export function coveringPrefixes(keys: string[]): string[] {
  const dirs = [...new Set(keys.map((k) => k.slice(0, k.lastIndexOf('/') + 1)))].sort();
  const out: string[] = [];
  for (const d of dirs) if (!out.some((o) => d.startsWith(o))) out.push(d);
  return out;
}

async function remoteObjects(store: ObjectStore, bucket: string, keys: string[], signal?: AbortSignal): Promise<Map<string, StoredObject>> {
  const wanted = new Set(keys);
  const found = new Map<string, StoredObject>();
  for (const prefix of coveringPrefixes(keys)) {
    let token: string | undefined;
    do {
      if (signal?.aborted) throw cancelled(0, keys.length, 0);
      const page = await store.list(bucket, { prefix, ...(token ? { pageToken: token } : {}) });
      for (const o of page.objects) if (wanted.has(o.key)) found.set(o.key, o);
      token = page.nextPageToken;
    } while (token);
  }
  return found;
}

function cancelled(uploaded: number, total: number, done: number): LakehouseError {
  return new LakehouseError(
    'Cancelled',
    `upload cancelled after ${done} of ${total} files (${uploaded} uploaded); run it again to upload the rest`,
  );
}

// ---------------------------------------------------------------- the sync

/**
 * Uploads the files whose object is missing or differs. Items are processed in order by up to `concurrency`
 * workers; on a failure no new file is started, the ones in flight finish, and the error names the file and how
 * many were uploaded. Cancelling (`signal`) stops the uploads in flight (S3: multipart uploads are aborted) and
 * rejects with a `Cancelled` LakehouseError.
 */
export async function syncFiles<T extends SyncItem>(store: ObjectStore, bucket: string, items: T[], options: SyncOptions<T> = {}): Promise<SyncResult<T>> {
  const concurrency = options.concurrency ?? DEFAULT_SYNC_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new LakehouseError('InvalidInput', `concurrency must be a positive integer (got ${concurrency})`, { field: 'concurrency' });
  }
  const { signal } = options;
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.key)) throw new LakehouseError('InvalidInput', `two files go to the same key ${it.key} (one is ${it.file})`, { file: it.file, object: it.key });
    seen.add(it.key);
  }
  const sizes = await Promise.all(
    items.map(async (it) => {
      const st = await fs.stat(it.file).catch(() => undefined);
      if (!st?.isFile()) throw new LakehouseError('InvalidInput', `${it.file} is not a readable file`, { file: it.file });
      return st.size;
    }),
  );
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  if (signal?.aborted) throw cancelled(0, items.length, 0);
  const remote = items.length ? await remoteObjects(store, bucket, items.map((i) => i.key), signal) : new Map<string, StoredObject>();
  const partSizeFor = hasPartSize(store) ? (n: number) => store.partSizeFor(n) : undefined;
  // a file the store sends in one request is read whole; one it sends in parts is streamed
  const threshold = (store as { multipartThreshold?: unknown }).multipartThreshold;
  const wholeFileBytes = typeof threshold === 'number' ? Math.min(threshold, WHOLE_FILE_BYTES) : WHOLE_FILE_BYTES;

  const outcome: ('uploaded' | 'skipped' | undefined)[] = new Array(items.length);
  /** names this sync's puts to a store that copies files itself (each folder is made and checked once) */
  const batch = {};
  let bytesDone = 0;
  let bytesUploaded = 0;
  let bytesSkipped = 0;
  let filesDone = 0;
  let uploadedCount = 0;
  // set by the workers (a holder, so TypeScript does not narrow it to its initial value)
  const state: { failure?: { index: number; error: unknown } } = {};
  let next = 0;

  const bytes = () => options.onBytes?.({ bytesDone, bytesTotal, bytesUploaded });

  /** the file's MD5, computed once (for the comparison and for the upload's metadata) */
  const md5s = new Map<number, Promise<string>>();
  const md5Of = (i: number): Promise<string> => {
    let p = md5s.get(i);
    if (!p) md5s.set(i, (p = md5File(items[i].file, signal)));
    return p;
  };

  const matches = async (i: number): Promise<boolean> => {
    const it = items[i];
    const there = remote.get(it.key);
    if (!there || there.size !== sizes[i]) return false;
    let head: StoredObject | undefined;
    const etag = there.etag ?? (head = await store.head(bucket, it.key))?.etag;
    if (etag !== undefined && (await etagMatches(it.file, sizes[i], etag, partSizeFor, signal, () => md5Of(i)))) return true;
    // an ETag that is not the content's MD5 (SSE-KMS, SSE-C): what the object says of its content
    head ??= await store.head(bucket, it.key);
    if (!head || head.size !== sizes[i]) return false;
    if (head.contentMd5 !== undefined) return head.contentMd5 === (await md5Of(i));
    if (head.crc64nvme !== undefined) return head.crc64nvme === (await crc64nvmeFile(it.file, signal));
    return false;
  };

  const one = async (i: number): Promise<void> => {
    const it = items[i];
    let action: 'uploaded' | 'skipped';
    if (await matches(i)) {
      action = 'skipped';
      bytesDone += sizes[i];
      bytesSkipped += sizes[i];
      bytes();
    } else if (store.putFile || sizes[i] < wholeFileBytes) {
      if (store.putFile) {
        // a store that copies files itself (the local one: by the file system, its MD5 computed when asked for): no
        // bytes through this process
        await store.putFile(bucket, it.key, it.file, { batch, ...(signal ? { signal } : {}) });
      } else {
        // a small file is read once: its MD5 (kept with the object, so the next sync can compare it whatever ETag
        // the bucket gives it) and its bytes come from the same read
        const buf = await fs.readFile(it.file, signal ? { signal } : {});
        const md5 = createHash('md5').update(buf).digest('hex');
        await store.put(bucket, it.key, buf, { size: buf.length, md5, ...(signal ? { signal } : {}) });
      }
      bytesDone += sizes[i];
      bytesUploaded += sizes[i];
      bytes();
      action = 'uploaded';
      uploadedCount++;
    } else {
      // a big file: its MD5 first (read once more), then its bytes streamed (multipart)
      const md5 = await md5Of(i);
      let sent = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          sent += chunk.length;
          bytesDone += chunk.length;
          bytesUploaded += chunk.length;
          bytes();
          done(null, chunk);
        },
      });
      const source = createReadStream(it.file);
      source.on('error', (e) => counter.destroy(e));
      source.pipe(counter);
      // `size` lets a store that splits large bodies into parts (S3) choose the part size the ETag check expects
      const putOptions: { signal?: AbortSignal; size: number; md5: string } = { size: sizes[i], md5, ...(signal ? { signal } : {}) };
      try {
        await store.put(bucket, it.key, counter, putOptions);
      } catch (e) {
        source.destroy();
        bytesDone -= sent;
        bytesUploaded -= sent;
        throw e;
      }
      // a file that changed size while being read still counts as its stat size in the totals
      bytesDone += sizes[i] - sent;
      bytesUploaded += sizes[i] - sent;
      action = 'uploaded';
      uploadedCount++;
    }
    outcome[i] = action;
    filesDone++;
    options.onFile?.({ item: it, action, size: sizes[i], filesDone, filesTotal: items.length, bytesDone, bytesTotal });
  };

  /** keeps the failure of the earliest file */
  const fail = (index: number, error: unknown) => {
    if (!state.failure || index < state.failure.index) state.failure = { index, error };
  };

  const worker = async (): Promise<void> => {
    while (!state.failure && !signal?.aborted && next < items.length) {
      const i = next++;
      try {
        await one(i);
      } catch (e) {
        fail(i, e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, () => worker()));

  if (signal?.aborted) throw cancelled(uploadedCount, items.length, filesDone);
  const { failure } = state;
  if (failure) {
    const it = items[failure.index];
    const e = failure.error;
    if (isLakehouseError(e, 'Cancelled')) throw cancelled(uploadedCount, items.length, filesDone);
    throw new LakehouseError(
      isLakehouseError(e) ? e.code : 'DataError',
      `upload of ${it.file} to s3://${bucket}/${it.key} failed: ${errorMessage(e)} — ${uploadedCount} of ${items.length} files were uploaded; ${
        // a key the store refuses is refused again at every run: only renaming the file helps
        isLakehouseError(e, 'InvalidObjectKey') ? 'rename the file (a re-run would fail the same way)' : 'run it again to upload the rest'
      }`,
      { file: it.file, object: it.key },
      { cause: e },
    );
  }
  const result: SyncResult<T> = { uploaded: [], skipped: [], bytesUploaded, bytesSkipped };
  items.forEach((it, i) => (outcome[i] === 'skipped' ? result.skipped : result.uploaded).push(it));
  return result;
}

/** The files under `dir` (recursively, names starting with `.` left out), sorted by path. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const ent of await fs.readdir(dir, { withFileTypes: true })) {
    if (ent.name.startsWith('.')) continue;
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) out.push(...(await filesUnder(p)));
    else if (ent.isFile()) out.push(p);
  }
  return out.sort();
}

/**
 * Syncs the folder `dir` to `s3://bucket/prefix…`: each file goes to `prefix` + its path below `dir` with `/`
 * separators (`prefix` normally ends in `/`). Objects under the prefix without a local file are left alone.
 */
export async function syncFolder(
  store: ObjectStore,
  dir: string,
  bucket: string,
  prefix: string,
  options: SyncOptions<SyncItem> = {},
): Promise<SyncResult<SyncItem>> {
  const root = path.resolve(dir);
  const st = await fs.stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw new LakehouseError('InvalidInput', `the folder ${root} does not exist`, { file: root });
  const items = (await filesUnder(root)).map((file) => ({ file, key: prefix + path.relative(root, file).split(path.sep).join('/') }));
  return syncFiles(store, bucket, items, options);
}
