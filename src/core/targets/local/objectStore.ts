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
 *
 * S3's rules for names, keys and URIs are objectKeys.ts; the containment of paths, objectPaths.ts; the listing's walk and
 * page tokens, objectListing.ts; the repair of what an earlier version left, replaceJournals.ts.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants, createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable, addAbortSignal } from 'node:stream';
import { LakehouseError, errorMessage } from '../../errors';
import type { Bucket, ListOptions, ObjectPage, StoredObject } from '../../model';
import type { ObjectStore } from '../../target';
import { errnoCode, tempName, writeError } from './fsutil';
import { bucketNameProblem, byteCompare, isInside, objectKeyProblem, s3Time, s3Uri, validateBucketName, validateObjectKey } from './objectKeys';
import { decodeToken, encodeToken, walkKeys, walkStart, type PageMarker } from './objectListing';
import { checkContained, lexicalPathOf, realBucketOf } from './objectPaths';
import { recoverStore, type RecoverReport } from './replaceJournals';

const DEFAULT_MAX_KEYS = 1000;

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
    checkContained(dir, p, key);
    return p;
  }

  /** The folder of a prefix ending in `/` (or the bucket folder for `''`). */
  prefixPath(bucket: string, prefix: string): string {
    const dir = this.bucketDir(bucket);
    if (prefix === '') {
      realBucketOf(dir, false); // (refuses a bucket folder that is a symbolic link)
      return dir;
    }
    if (!prefix.endsWith('/')) {
      throw new LakehouseError('InvalidObjectKey', `invalid prefix "${prefix}": a folder prefix ends with "/"`, { object: prefix });
    }
    const problem = objectKeyProblem(prefix.slice(0, -1));
    if (problem) throw new LakehouseError('InvalidObjectKey', `invalid prefix "${prefix}": ${problem}`, { object: prefix });
    const p = path.join(dir, ...prefix.slice(0, -1).split('/'));
    checkContained(dir, p, prefix);
    return p;
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
    const start = await walkStart(bucketDir, prefix);
    if (!start) return page;

    const state: { skip?: string } = { skip: marker?.p ? marker.k : undefined };
    let count = 0;
    let last: PageMarker | undefined;
    for await (const { key, abs } of walkKeys(start.dir, start.dirKey, prefix, marker?.k, state)) {
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
   * folder on the way is a symbolic link (see objectPaths.ts `checkContained`). Outside a batch, done at every put; in a
   * `batch` (one upload), once per folder — the store's own puts are then the only writers making those folders,
   * and every object's own name is still checked at its put (writeObject: a link there is refused, its temp file is
   * created exclusively and renamed, which replaces a name and never follows it).
   */
  private async readyFolder(bucketDir: string, file: string, key: string, batch?: object): Promise<string> {
    const folder = path.dirname(file);
    if (!batch) {
      await this.makeParents(bucketDir, key);
      checkContained(bucketDir, file, key);
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
    const file = batch ? lexicalPathOf(bucketDir, key) : this.pathOf(bucket, key);
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
    const start = await walkStart(bucketDir, prefix);
    if (!start) return 0;
    let n = 0;
    const dirs = new Set<string>();
    const except = options.except ?? [];
    for await (const { key, abs } of walkKeys(start.dir, start.dirKey, prefix, undefined, {})) {
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

  // ------------------------------------------------------------ what an earlier version left

  /**
   * Repairs what a process of an earlier version killed while it replaced a prefix left, and removes temp files of
   * puts whose process is gone (replaceJournals.ts). Call when the target opens; journals of live processes are left
   * alone.
   */
  async recover(): Promise<RecoverReport> {
    return recoverStore(this.root, () => this.listBuckets());
  }
}
