/**
 * S3 semantics over a folder: `<root>/<bucket>/<key>`, a key's `/`-separated parts being folders.
 *
 * - Keys are validated so that none can leave its bucket (no `..`/`.`/empty segments, no leading `/`, no
 *   backslash or NUL, S3's 1024-byte limit, the file system's 255-byte name limit), and every resolved path is
 *   checked to lie inside the bucket folder after symlinks are resolved.
 * - Writes are atomic (temp file beside the target, fsync, rename); a failed or cancelled put leaves nothing.
 * - Listings follow S3: UTF-8 binary key order, common prefixes with a delimiter, `maxKeys` counting objects and
 *   common prefixes, opaque page tokens holding the last key returned (stable while objects are added).
 * - Names starting with `.lh-` are the store's own (temp files, an earlier version's replace journal) and are never keys.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants, createReadStream, promises as fs, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { Readable, addAbortSignal } from 'node:stream';
import { LakehouseError, errorMessage } from '../../errors';
import type { Bucket, ListOptions, ObjectPage, StoredObject } from '../../model';
import type { ObjectStore } from '../../target';
import { errnoCode, fsyncDir, isProcessAlive, pidOfTempName, readJsonFile, tempName, writeError } from './fsutil';

/**
 * An object's LastModified as S3 keeps it: whole seconds (ListObjectsV2 shows `2009-10-12T17:50:30.000Z`, HeadObject's
 * Last-Modified is an HTTP date), so that what the local target lists, and Athena's `"$file_modified_time"`, carry
 * the precision they have on AWS.
 */
export function s3Time(mtimeMs: number): Date {
  return new Date(Math.floor(mtimeMs / 1000) * 1000);
}

/** Names beginning with this are reserved for the store (temp files, journal): never valid key segments. */
export const RESERVED_PREFIX = '.lh-';
/** Folder under the store root holding replace journals and the folders they set aside. */
export const REPLACE_DIR = '.lh-replace';

const MAX_KEY_BYTES = 1024;
const MAX_SEGMENT_BYTES = 255;
const DEFAULT_MAX_KEYS = 1000;

// ---------------------------------------------------------------- names and URIs

/** Why `name` is not a valid S3 bucket name (general purpose bucket rules), or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.length < 3 || name.length > 63) return 'bucket names are 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'bucket names contain only lower-case letters, digits, dots and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'bucket names begin and end with a letter or digit';
  if (name.includes('..')) return 'bucket names have no two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'bucket names are not formatted as IP addresses';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'bucket names do not begin with xn--, sthree- or amzn-s3-demo-';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'bucket names do not end with a reserved suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)';
  return undefined;
}

export function validateBucketName(name: string): void {
  const problem = bucketNameProblem(name);
  if (problem) throw new LakehouseError('InvalidInput', `invalid bucket name "${name}": ${problem}`, { object: name });
}

function segmentProblem(seg: string): string | undefined {
  if (seg === '') return 'empty path segment ("//", or a trailing "/": folder-marker keys are not stored locally)';
  if (seg === '.' || seg === '..') return `"${seg}" segments are not allowed`;
  if (Buffer.byteLength(seg) > MAX_SEGMENT_BYTES) return `a segment is longer than ${MAX_SEGMENT_BYTES} bytes`;
  if (seg.startsWith(RESERVED_PREFIX)) return `segments starting with "${RESERVED_PREFIX}" are reserved for the local store's own files`;
  return undefined;
}

/** Why `key` cannot be stored, or undefined when it can. */
export function objectKeyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key === '') return 'the key is empty';
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return `the key is longer than ${MAX_KEY_BYTES} bytes`;
  if (key.includes('\0')) return 'the key contains a NUL character';
  if (key.includes('\\')) return 'the key contains a backslash';
  if (key.startsWith('/')) return 'the key starts with "/"';
  for (const seg of key.split('/')) {
    const problem = segmentProblem(seg);
    if (problem) return problem;
  }
  return undefined;
}

export function validateObjectKey(key: string): void {
  const problem = objectKeyProblem(key);
  if (problem) throw new LakehouseError('InvalidObjectKey', `invalid object key "${key}": ${problem}`, { object: key });
}

/** Splits `s3://bucket/prefix/` (also `s3a://`, `s3n://`) into bucket and prefix (`''` for the bucket itself). */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3[an]?:\/\/([^/]*)(?:\/(.*))?$/s.exec(typeof uri === 'string' ? uri : '');
  if (!m) throw new LakehouseError('InvalidInput', `not an S3 URI: "${uri}" (expected s3://bucket/prefix/)`, { object: String(uri) });
  const bucket = m[1];
  const problem = bucketNameProblem(bucket);
  if (problem) throw new LakehouseError('InvalidInput', `invalid bucket in S3 URI "${uri}": ${problem}`, { object: uri });
  return { bucket, prefix: m[2] ?? '' };
}

function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

// ---------------------------------------------------------------- page tokens

interface PageMarker {
  /** last key or common prefix returned */
  k: string;
  /** it was a common prefix: everything below it was returned too */
  p?: boolean;
}

function encodeToken(marker: PageMarker): string {
  return Buffer.from(JSON.stringify(marker), 'utf8').toString('base64url');
}

function decodeToken(token: string): PageMarker {
  try {
    const m = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageMarker;
    if (m && typeof m.k === 'string') return m;
  } catch {
    // fall through
  }
  throw new LakehouseError('InvalidInput', `invalid page token "${token.slice(0, 40)}": pass the nextPageToken of a previous page`);
}

// ---------------------------------------------------------------- the replace journal

/** What an earlier version's prefix replace wrote to `<root>/.lh-replace/<id>.json` before its first rename. */
export interface ReplaceJournal {
  version: 1;
  id: string;
  pid: number;
  bucket: string;
  prefix: string;
  /** the prefix's folder */
  target: string;
  /** the complete staged folder that becomes the prefix */
  staged: string;
  /** where the previous content is set aside: `<root>/.lh-replace/<id>.old` */
  old: string;
  /** files and bytes in the staged folder, to tell a complete one from a damaged one */
  files: number;
  bytes: number;
  createdOn: string;
}

export interface RecoverReport {
  /** journals rolled forward (the staged content is in place) */
  rolledForward: string[];
  /** journals rolled back (the previous content is in place) */
  rolledBack: string[];
  /** temp files of dead processes removed */
  tempFilesRemoved: number;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return false;
    throw e;
  }
}

/** Files and bytes below a folder (symlinks count as problems for the caller to decide). */
async function tally(dir: string): Promise<{ files: number; bytes: number; symlinks: string[] }> {
  const out = { files: 0, bytes: 0, symlinks: [] as string[] };
  const walk = async (d: string): Promise<void> => {
    for (const ent of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) await walk(p);
      else if (ent.isFile()) {
        out.files++;
        out.bytes += (await fs.stat(p)).size;
      } else out.symlinks.push(p);
    }
  };
  await walk(dir);
  return out;
}

// ---------------------------------------------------------------- the store

/** What a put wrote into its temp file: its size, its MD5 when read on the way, its stat when taken already. */
interface Written {
  size: number;
  etag?: string;
  stat?: { ino: number; size: number; mtimeMs: number };
}

export class LocalObjectStore implements ObjectStore {
  /** per batch of puts (an upload: putFile's `batch`), the folders made and checked, each once */
  private readonly batchFolders = new WeakMap<object, Map<string, Promise<void>>>();
  /** MD5s computed on demand, keyed by path and invalidated by inode/size/mtime */
  private readonly etags = new Map<string, { ino: number; size: number; mtimeMs: number; etag: string }>();

  constructor(readonly root: string) {
    this.root = path.resolve(root);
  }

  keyProblem(key: string): string | undefined {
    return objectKeyProblem(key);
  }

  // ------------------------------------------------------------ paths

  private bucketDir(bucket: string): string {
    validateBucketName(bucket);
    return path.join(this.root, bucket);
  }

  private async requireBucket(bucket: string): Promise<string> {
    const dir = this.bucketDir(bucket);
    try {
      if ((await fs.stat(dir)).isDirectory()) return dir;
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw e;
    }
    throw new LakehouseError('NoSuchBucket', `bucket "${bucket}" does not exist (create it first)`, { object: bucket });
  }

  /** The absolute path of an object's file (validated; the file need not exist). */
  pathOf(bucket: string, key: string): string {
    validateObjectKey(key);
    const dir = this.bucketDir(bucket);
    const p = path.join(dir, ...key.split('/'));
    this.checkContained(dir, p, key);
    return p;
  }

  /** The folder of a prefix ending in `/` (or the bucket folder for `''`). */
  prefixPath(bucket: string, prefix: string): string {
    const dir = this.bucketDir(bucket);
    if (prefix === '') return dir;
    if (!prefix.endsWith('/')) {
      throw new LakehouseError('InvalidObjectKey', `invalid prefix "${prefix}": a folder prefix ends with "/"`, { object: prefix });
    }
    const problem = objectKeyProblem(prefix.slice(0, -1));
    if (problem) throw new LakehouseError('InvalidObjectKey', `invalid prefix "${prefix}": ${problem}`, { object: prefix });
    const p = path.join(dir, ...prefix.slice(0, -1).split('/'));
    this.checkContained(dir, p, prefix);
    return p;
  }

  /**
   * Defence in depth: the path must be inside the bucket folder lexically and after resolving symlinks of its
   * deepest existing ancestor (a symlinked folder inside the bucket could otherwise lead out of it).
   */
  private checkContained(bucketDir: string, p: string, key: string): void {
    if (!isInside(bucketDir, p) || p === bucketDir) {
      throw new LakehouseError('InvalidObjectKey', `invalid object key "${key}": it resolves outside its bucket`, { object: key });
    }
    let realBucket: string;
    try {
      realBucket = realpathSync.native(bucketDir);
    } catch {
      return; // no bucket folder yet: nothing on disk to lead anywhere
    }
    let probe = p;
    for (;;) {
      try {
        const real = realpathSync.native(probe);
        const rel = path.relative(bucketDir, probe);
        if (!isInside(realBucket, real) || (real !== path.join(realBucket, rel) && rel !== '')) {
          throw new LakehouseError(
            'InvalidObjectKey',
            `invalid object key "${key}": ${path.relative(bucketDir, probe) || 'its folder'} is a symbolic link; links inside a bucket are not followed`,
            { object: key },
          );
        }
        return;
      } catch (e) {
        if (e instanceof LakehouseError) throw e;
        if (probe === bucketDir) return;
        probe = path.dirname(probe);
      }
    }
  }

  /** A key's file for reading: missing bucket → NoSuchBucket; the file itself must not be a symlink. */
  private async objectFile(bucket: string, key: string): Promise<string | undefined> {
    await this.requireBucket(bucket);
    const p = this.pathOf(bucket, key);
    try {
      const st = await fs.lstat(p);
      if (st.isSymbolicLink()) {
        throw new LakehouseError('InvalidObjectKey', `invalid object key "${key}": the file is a symbolic link; links inside a bucket are not followed`, { object: key });
      }
      return st.isFile() ? p : undefined;
    } catch (e) {
      if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return undefined;
      throw e;
    }
  }

  private noSuchKey(bucket: string, key: string): LakehouseError {
    return new LakehouseError('NoSuchKey', `object ${s3Uri(bucket, key)} not found`, { object: key });
  }

  // ------------------------------------------------------------ buckets

  async listBuckets(): Promise<Bucket[]> {
    let entries;
    try {
      entries = await fs.readdir(this.root, { withFileTypes: true });
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return [];
      throw e;
    }
    const out: Bucket[] = [];
    for (const ent of entries) {
      if (!ent.isDirectory() || bucketNameProblem(ent.name)) continue;
      const st = await fs.stat(path.join(this.root, ent.name));
      out.push({ name: ent.name, created: st.birthtimeMs > 0 ? st.birthtime : st.mtime });
    }
    return out.sort((a, b) => byteCompare(a.name, b.name));
  }

  /** Creates the bucket; creating one that exists succeeds (S3: BucketAlreadyOwnedByYou). */
  async createBucket(name: string): Promise<void> {
    const dir = this.bucketDir(name);
    await fs.mkdir(dir, { recursive: true });
  }

  async ensureBucket(name: string): Promise<'exists' | 'created'> {
    const st = await fs.stat(this.bucketDir(name)).catch(() => undefined);
    if (st?.isDirectory()) return 'exists';
    await this.createBucket(name);
    return 'created';
  }

  // ------------------------------------------------------------ listing

  /**
   * Keys under `dirAbs` (whose key prefix is `dirKey`) in UTF-8 binary order, restricted to `prefix`, after
   * `marker`, and skipping whatever starts with `state.skip` (a common prefix already returned).
   */
  private async *walk(
    dirAbs: string,
    dirKey: string,
    prefix: string,
    marker: string | undefined,
    state: { skip?: string },
  ): AsyncGenerator<{ key: string; abs: string }> {
    let entries;
    try {
      entries = await fs.readdir(dirAbs, { withFileTypes: true });
    } catch (e) {
      if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return;
      throw e;
    }
    const items = entries
      .filter((ent) => (ent.isFile() || ent.isDirectory()) && !segmentProblem(ent.name) && !ent.name.includes('\\'))
      .map((ent) => {
        const dir = ent.isDirectory();
        const key = dirKey + ent.name + (dir ? '/' : '');
        return { name: ent.name, dir, key, sort: Buffer.from(key) };
      })
      .sort((a, b) => Buffer.compare(a.sort, b.sort));
    for (const item of items) {
      const { key } = item;
      if (state.skip !== undefined && key.startsWith(state.skip)) continue;
      if (item.dir) {
        // descend when keys below may match the prefix and may come after the marker
        if (!(key.startsWith(prefix) || prefix.startsWith(key))) continue;
        if (marker !== undefined && byteCompare(key, marker) <= 0 && !marker.startsWith(key)) continue;
        if (Buffer.byteLength(key) >= MAX_KEY_BYTES) continue;
        yield* this.walk(path.join(dirAbs, item.name), key, prefix, marker, state);
      } else {
        if (!key.startsWith(prefix) || Buffer.byteLength(key) > MAX_KEY_BYTES) continue;
        if (marker !== undefined && byteCompare(key, marker) <= 0) continue;
        yield { key, abs: path.join(dirAbs, item.name) };
      }
    }
  }

  /** The folder to walk for a prefix: the deepest one the prefix fixes; undefined when no key can match. */
  private async walkStart(bucketDir: string, prefix: string): Promise<{ dir: string; dirKey: string } | undefined> {
    const cut = prefix.lastIndexOf('/');
    if (cut < 0) return { dir: bucketDir, dirKey: '' };
    const dirKey = prefix.slice(0, cut + 1);
    if (objectKeyProblem(dirKey.slice(0, -1))) return undefined;
    const dir = path.join(bucketDir, ...dirKey.slice(0, -1).split('/'));
    // a symlinked folder on the way is not followed (the full walk skips it too)
    try {
      const real = await fs.realpath(dir);
      if (real !== path.join(await fs.realpath(bucketDir), ...dirKey.slice(0, -1).split('/'))) return undefined;
    } catch (e) {
      if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return undefined;
      throw e;
    }
    return { dir, dirKey };
  }

  async list(bucket: string, options: ListOptions = {}): Promise<ObjectPage> {
    const bucketDir = await this.requireBucket(bucket);
    const prefix = options.prefix ?? '';
    const delimiter = options.delimiter || undefined;
    const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    if (!Number.isInteger(maxKeys) || maxKeys < 1) {
      throw new LakehouseError('InvalidInput', `maxKeys must be a positive integer (got ${maxKeys})`, { field: 'maxKeys' });
    }
    const marker = options.pageToken ? decodeToken(options.pageToken) : options.startAfter ? { k: options.startAfter } : undefined;
    const page: ObjectPage = { objects: [], commonPrefixes: [] };
    const start = await this.walkStart(bucketDir, prefix);
    if (!start) return page;

    const state: { skip?: string } = { skip: marker?.p ? marker.k : undefined };
    let count = 0;
    let last: PageMarker | undefined;
    for await (const { key, abs } of this.walk(start.dir, start.dirKey, prefix, marker?.k, state)) {
      let commonPrefix: string | undefined;
      if (delimiter) {
        const at = key.indexOf(delimiter, prefix.length);
        if (at >= 0) commonPrefix = key.slice(0, at + delimiter.length);
      }
      if (commonPrefix === undefined) {
        let st;
        try {
          st = await fs.stat(abs);
        } catch (e) {
          if (errnoCode(e) === 'ENOENT') continue; // deleted while listing
          throw e;
        }
        if (count === maxKeys) {
          page.nextPageToken = encodeToken(last!);
          break;
        }
        page.objects.push({ key, size: st.size, lastModified: s3Time(st.mtimeMs) });
        last = { k: key };
      } else {
        if (count === maxKeys) {
          page.nextPageToken = encodeToken(last!);
          break;
        }
        page.commonPrefixes.push(commonPrefix);
        state.skip = commonPrefix;
        last = { k: commonPrefix, p: true };
      }
      count++;
    }
    return page;
  }

  // ------------------------------------------------------------ reading

  private async md5(file: string): Promise<string> {
    const hash = createHash('md5');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  private rememberEtag(file: string, st: { ino: number; size: number; mtimeMs: number }, etag: string): void {
    this.etags.delete(file);
    this.etags.set(file, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, etag });
    if (this.etags.size > 10_000) this.etags.delete(this.etags.keys().next().value as string);
  }

  /** The object's metadata with its MD5 etag, or undefined when there is no such object. */
  async head(bucket: string, key: string): Promise<StoredObject | undefined> {
    const file = await this.objectFile(bucket, key);
    if (!file) return undefined;
    try {
      const st = await fs.stat(file);
      const cached = this.etags.get(file);
      let etag: string;
      if (cached && cached.ino === st.ino && cached.size === st.size && cached.mtimeMs === st.mtimeMs) etag = cached.etag;
      else {
        etag = await this.md5(file);
        this.rememberEtag(file, st, etag);
      }
      return { key, size: st.size, lastModified: s3Time(st.mtimeMs), etag };
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return undefined;
      throw e;
    }
  }

  async get(bucket: string, key: string): Promise<Buffer> {
    const file = await this.objectFile(bucket, key);
    if (!file) throw this.noSuchKey(bucket, key);
    try {
      return await fs.readFile(file);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') throw this.noSuchKey(bucket, key);
      throw e;
    }
  }

  async getStream(bucket: string, key: string): Promise<Readable> {
    const file = await this.objectFile(bucket, key);
    if (!file) throw this.noSuchKey(bucket, key);
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(file, 'r');
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') throw this.noSuchKey(bucket, key);
      throw e;
    }
    return fh.createReadStream({ autoClose: true });
  }

  // ------------------------------------------------------------ writing

  private collision(key: string, what: string): LakehouseError {
    return new LakehouseError(
      'InvalidObjectKey',
      `cannot store object "${key}": ${what}. S3 allows a key to be both an object and a prefix of other keys; ` +
        'the local store keeps objects as files and folders, so it cannot',
      { object: key },
    );
  }

  /** Creates the folders of a key's parent, reporting an ancestor that is an object. */
  private async makeParents(bucketDir: string, key: string): Promise<string> {
    const segs = key.split('/');
    let dir = bucketDir;
    for (let i = 0; i < segs.length - 1; i++) {
      dir = path.join(dir, segs[i]);
      try {
        await fs.mkdir(dir);
      } catch (e) {
        if (errnoCode(e) !== 'EEXIST') throw e;
        const st = await fs.lstat(dir);
        if (!st.isDirectory()) {
          throw this.collision(key, `"${segs.slice(0, i + 1).join('/')}" is an object${st.isSymbolicLink() ? ' (a symbolic link)' : ''}`);
        }
      }
    }
    return dir;
  }

  /**
   * The folder of an object about to be put, made (its missing parents too) and checked to be where the key says
   * after links are resolved: its real path must be the bucket's real path joined with the key's folders, so no
   * folder on the way is a symbolic link (see {@link checkContained}). Outside a batch, done at every put; in a
   * `batch` (one upload), once per folder — the store's own puts are then the only writers making those folders,
   * and every object's own name is still checked at its put (writeObject: a link there is refused, its temp file is
   * created exclusively and renamed, which replaces a name and never follows it).
   */
  private async readyFolder(bucketDir: string, file: string, key: string, batch?: object): Promise<string> {
    const folder = path.dirname(file);
    if (!batch) {
      await this.makeParents(bucketDir, key);
      this.checkContained(bucketDir, file, key);
      return folder;
    }
    let folders = this.batchFolders.get(batch);
    if (!folders) this.batchFolders.set(batch, (folders = new Map()));
    let ready = folders.get(folder);
    if (!ready) {
      ready = (async () => {
        await this.makeParents(bucketDir, key);
        const [realBucket, real] = await Promise.all([fs.realpath(bucketDir), fs.realpath(folder)]);
        const rel = path.relative(bucketDir, folder);
        if (real !== path.join(realBucket, rel)) {
          throw new LakehouseError('InvalidObjectKey', `invalid object key "${key}": ${rel} is or passes through a symbolic link; links inside a bucket are not followed`, { object: key });
        }
      })();
      folders.set(folder, ready);
      const made = folders;
      ready.catch(() => made.delete(folder));
    }
    await ready;
    return folder;
  }

  /** An object's path from its key, checked as text only (the key's rules, inside the bucket folder). */
  private lexicalPathOf(bucketDir: string, key: string): string {
    validateObjectKey(key);
    const p = path.join(bucketDir, ...key.split('/'));
    if (!isInside(bucketDir, p) || p === bucketDir) {
      throw new LakehouseError('InvalidObjectKey', `invalid object key "${key}": it resolves outside its bucket`, { object: key });
    }
    return p;
  }

  /** Removes empty folders from `dir` up to (not including) the bucket folder. */
  private async pruneEmpty(dir: string, bucketDir: string): Promise<void> {
    while (dir !== bucketDir && isInside(bucketDir, dir)) {
      try {
        await fs.rmdir(dir);
      } catch {
        return; // not empty (or gone): stop
      }
      dir = path.dirname(dir);
    }
  }

  async put(bucket: string, key: string, body: Buffer | string | Readable, options: { signal?: AbortSignal } = {}): Promise<StoredObject> {
    const { signal } = options;
    return this.writeObject(bucket, key, signal, async (tmp, cancelled) => {
      const fh = await fs.open(tmp, 'wx', 0o644);
      const hash = createHash('md5');
      let size = 0;
      try {
        if (typeof body === 'string' || Buffer.isBuffer(body)) {
          const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
          hash.update(buf);
          size = buf.length;
          await fh.writeFile(buf);
        } else {
          const stream = signal ? addAbortSignal(signal, body) : body;
          for await (const chunk of stream) {
            const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Uint8Array);
            hash.update(buf);
            size += buf.length;
            await fh.write(buf);
          }
        }
        if (signal?.aborted) throw cancelled();
        await fh.sync();
      } finally {
        await fh.close();
      }
      return { size, etag: hash.digest('hex') };
    });
  }

  /**
   * Puts a local file as an object: a copy made by the file system (copy_file_range, or a reflink where the file
   * system shares blocks), renamed into place — readers see the whole object or none, as with {@link put}. Neither
   * read by this process nor fsynced: its MD5 is computed when asked for (head, a sync comparing it), and a power loss
   * right after may lose it — an upload is a sync, so running it again puts back what is missing or differs.
   * `batch`: the same object for every put of one upload (any object: it only names the batch) — each folder is then
   * made and checked once for the batch rather than at every put (see {@link readyFolder}).
   */
  async putFile(bucket: string, key: string, source: string, options: { signal?: AbortSignal; batch?: object } = {}): Promise<StoredObject> {
    const { signal } = options;
    return this.writeObject(
      bucket,
      key,
      signal,
      async (tmp, cancelled) => {
        try {
          await fs.copyFile(source, tmp, fsConstants.COPYFILE_EXCL | fsConstants.COPYFILE_FICLONE);
        } catch (e) {
          // the source is gone (a folder pruned under the temp file is made again by writeObject)
          if (errnoCode(e) === 'ENOENT' && !(await fs.stat(source).catch(() => undefined)))
            throw new LakehouseError('InvalidInput', `${source} is not a readable file`, { file: source, object: key }, { cause: e });
          throw e;
        }
        if (signal?.aborted) throw cancelled();
        // (a rename keeps the inode and its modification time: what is stat'ed here is the object's)
        const st = await fs.stat(tmp);
        return { size: st.size, stat: st };
      },
      options.batch,
    );
  }

  /**
   * The common part of a put: the key must not name a folder of other objects (an empty leftover folder is
   * removed), the parents are made, `write` fills a temp file beside the object, which is then renamed over it. On
   * failure nothing is left (the temp file and folders made for it are removed); errors name the object.
   */
  private async writeObject(
    bucket: string,
    key: string,
    signal: AbortSignal | undefined,
    write: (tmp: string, cancelled: () => LakehouseError) => Promise<Written>,
    batch?: object,
  ): Promise<StoredObject> {
    const bucketDir = await this.requireBucket(bucket);
    // in a batch the key is checked here as text, its folder once for the batch (readyFolder), the file below
    const file = batch ? this.lexicalPathOf(bucketDir, key) : this.pathOf(bucket, key);
    const cancelled = () => new LakehouseError('Cancelled', `upload of ${s3Uri(bucket, key)} cancelled`, { object: key });
    if (signal?.aborted) throw cancelled();

    try {
      const st = await fs.lstat(file);
      if (st.isDirectory()) {
        try {
          await fs.rmdir(file);
        } catch {
          throw this.collision(key, `"${key}/" is a prefix of other objects`);
        }
      } else if (st.isSymbolicLink()) {
        // (outside a batch, pathOf refused it already)
        throw new LakehouseError('InvalidObjectKey', `invalid object key "${key}": the file is a symbolic link; links inside a bucket are not followed`, { object: key });
      }
    } catch (e) {
      if (e instanceof LakehouseError) throw e;
      if (errnoCode(e) !== 'ENOENT' && errnoCode(e) !== 'ENOTDIR') throw e;
    }

    let tmp: string | undefined;
    let parent = path.dirname(file);
    try {
      let written: Written;
      for (let attempt = 0; ; attempt++) {
        // (a retry makes and checks the folder again: it was removed under the put)
        parent = await this.readyFolder(bucketDir, file, key, attempt === 0 ? batch : undefined);
        tmp = path.join(parent, tempName());
        try {
          written = await write(tmp, cancelled);
          break;
        } catch (e) {
          // a concurrent delete may prune the folder between mkdir and the temp file's creation: make it again
          const retry = errnoCode(e) === 'ENOENT' && attempt < 3 && !(await fs.stat(parent).catch(() => undefined));
          if (!retry) throw e;
          await fs.rm(tmp, { force: true }).catch(() => undefined);
        }
      }
      try {
        await fs.rename(tmp, file);
      } catch (e) {
        if (errnoCode(e) === 'EISDIR' || errnoCode(e) === 'ENOTEMPTY' || errnoCode(e) === 'EEXIST') {
          throw this.collision(key, `"${key}/" is a prefix of other objects`);
        }
        throw e;
      }
      tmp = undefined;
      const st = written.stat ?? (await fs.stat(file));
      if (written.etag !== undefined) this.rememberEtag(file, st, written.etag);
      else this.etags.delete(file);
      return { key, size: written.size, lastModified: s3Time(st.mtimeMs), ...(written.etag !== undefined ? { etag: written.etag } : {}) };
    } catch (e) {
      if (tmp) await fs.rm(tmp, { force: true }).catch(() => undefined);
      await this.pruneEmpty(parent, bucketDir);
      // (the folder may be gone now: the batch's next put into it makes and checks it again)
      if (batch) this.batchFolders.get(batch)?.delete(parent);
      if (e instanceof LakehouseError) throw e;
      if (signal?.aborted || (e instanceof Error && e.name === 'AbortError')) throw cancelled();
      throw new LakehouseError('DataError', `upload of ${s3Uri(bucket, key)} failed: ${errorMessage(writeError(e, file))}`, { object: key, file }, { cause: e });
    }
  }

  /** Deletes the object; deleting a missing one succeeds (as in S3). Empty folders left behind are removed. */
  async delete(bucket: string, key: string): Promise<void> {
    const bucketDir = await this.requireBucket(bucket);
    const file = this.pathOf(bucket, key);
    try {
      const st = await fs.lstat(file);
      if (st.isDirectory()) return; // a prefix, not an object
      await fs.unlink(file);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return;
      throw e;
    }
    this.etags.delete(file);
    await this.pruneEmpty(path.dirname(file), bucketDir);
  }

  async deletePrefix(bucket: string, prefix: string, options: { except?: readonly string[] } = {}): Promise<number> {
    const bucketDir = await this.requireBucket(bucket);
    const start = await this.walkStart(bucketDir, prefix);
    if (!start) return 0;
    let n = 0;
    const dirs = new Set<string>();
    const except = options.except ?? [];
    for await (const { key, abs } of this.walk(start.dir, start.dirKey, prefix, undefined, {})) {
      if (except.some((e) => key.startsWith(e))) continue;
      try {
        await fs.unlink(abs);
        n++;
        this.etags.delete(abs);
        dirs.add(path.dirname(abs));
      } catch (e) {
        if (errnoCode(e) !== 'ENOENT') throw e;
      }
    }
    // deepest folders first
    for (const dir of [...dirs].sort((a, b) => b.length - a.length)) await this.pruneEmpty(dir, bucketDir);
    return n;
  }

  // ------------------------------------------------------------ journals of earlier versions

  private journalDir(): string {
    return path.join(this.root, REPLACE_DIR);
  }

  /**
   * Repairs what a process of an earlier version killed while it replaced a prefix left (a journal in
   * `.lh-replace/`; job output now reaches the store through outputCommit.ts): with the staged folder complete the
   * switch is finished (roll forward), otherwise the previous content is put back (roll back). Also removes temp
   * files of puts whose process is gone. Call when the target opens; journals of live processes are left alone.
   */
  async recover(): Promise<RecoverReport> {
    const report: RecoverReport = { rolledForward: [], rolledBack: [], tempFilesRemoved: 0 };
    const jdir = this.journalDir();
    let names: string[] = [];
    try {
      names = await fs.readdir(jdir);
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw e;
    }
    const journaled = new Set<string>();
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const file = path.join(jdir, name);
      const j = await readJsonFile<ReplaceJournal | undefined>(file, undefined);
      if (!j) continue;
      if (typeof j.id !== 'string' || typeof j.target !== 'string' || typeof j.staged !== 'string' || typeof j.old !== 'string') {
        throw new LakehouseError('DataError', `${file}: not a replace journal (id, target, staged and old are required)`, { file });
      }
      journaled.add(`${j.id}.old`);
      const live = isProcessAlive(j.pid) && j.pid !== process.pid;
      if (live) continue;
      if (!isInside(this.root, j.target) || !isInside(jdir, j.old)) {
        throw new LakehouseError('DataError', `${file}: the journal's folders lie outside ${this.root}`, { file });
      }
      const outcome = await this.repair(j);
      await fs.rm(file, { force: true });
      (outcome === 'forward' ? report.rolledForward : report.rolledBack).push(j.id);
    }
    // (only after a repair: an fsync waits for every large write still in the page cache, anyone's)
    if (report.rolledForward.length + report.rolledBack.length > 0) await fsyncDir(jdir);
    // folders set aside whose journal is gone: the switch was committed, only the removal was missed
    for (const name of names) {
      // (another process may be removing its own at the same time: a failure here is left for the next time)
      if (name.endsWith('.old') && !journaled.has(name)) await fs.rm(path.join(jdir, name), { recursive: true, force: true }).catch(() => undefined);
    }
    report.tempFilesRemoved = await this.sweepTempFiles();
    return report;
  }

  private async repair(j: ReplaceJournal): Promise<'forward' | 'back'> {
    const [stagedThere, targetThere, oldThere] = await Promise.all([exists(j.staged), exists(j.target), exists(j.old)]);
    let stagedComplete = false;
    if (stagedThere) {
      const t = await tally(j.staged).catch(() => undefined);
      stagedComplete = !!t && t.files === j.files && t.bytes === j.bytes && t.symlinks.length === 0;
    }
    if (stagedComplete) {
      // roll forward: set the previous content aside (if not done yet), move the staged folder in
      if (targetThere) {
        if (oldThere) await fs.rm(j.target, { recursive: true, force: true });
        else await fs.rename(j.target, j.old);
      }
      await fs.mkdir(path.dirname(j.target), { recursive: true });
      await fs.rename(j.staged, j.target);
      await fsyncDir(path.dirname(j.target));
      await fs.rm(j.old, { recursive: true, force: true });
      return 'forward';
    }
    if (!stagedThere && targetThere && oldThere) {
      // both renames happened: only the old content's removal is left
      await fs.rm(j.old, { recursive: true, force: true });
      return 'forward';
    }
    if (!stagedThere && targetThere && !oldThere) {
      // either nothing was renamed and the staged folder vanished, or the prefix was new and the switch done
      return 'forward';
    }
    // roll back: the staged content is missing or damaged; put the previous content back
    if (oldThere) {
      if (targetThere) await fs.rm(j.target, { recursive: true, force: true });
      await fs.mkdir(path.dirname(j.target), { recursive: true });
      await fs.rename(j.old, j.target);
      await fsyncDir(path.dirname(j.target));
    }
    return 'back';
  }

  /** Removes `.lh-tmp-*` files of processes that no longer exist, in every bucket. */
  private async sweepTempFiles(): Promise<number> {
    let removed = 0;
    const sweep = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const ent of entries) {
        const p = path.join(dir, ent.name);
        if (ent.isDirectory() && !ent.name.startsWith(RESERVED_PREFIX)) await sweep(p);
        else if (ent.isFile() && ent.name.startsWith(RESERVED_PREFIX)) {
          const pid = pidOfTempName(ent.name);
          if (pid !== undefined && !isProcessAlive(pid)) {
            await fs.rm(p, { force: true });
            removed++;
          }
        }
      }
    };
    for (const b of await this.listBuckets()) await sweep(path.join(this.root, b.name));
    return removed;
  }
}
