/**
 * File-system helpers of the local target: atomic writes, JSON files that name themselves when broken, and
 * inter-process lock files (O_EXCL-style, created with `link` so a lock never appears half-written) whose holder
 * is recognised as gone when its process no longer exists.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import * as path from 'node:path';
import { type ParseError, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import { LakehouseError, errorMessage, positionAt } from '../../errors';

/** Marker in the names of the temp files this module writes (`.<name>.lh-tmp-<pid>-<hex>`). */
export const TEMP_MARKER = '.lh-tmp-';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** A temp file name unique to this process and call, carrying the pid so leftovers of dead processes can be swept. */
/** Whether something is at `p` (a link counts, not followed); a missing folder on the way is "no". */
export async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return false;
    throw e;
  }
}

export function tempName(base = ''): string {
  return `${base ? `.${base}` : ''}${TEMP_MARKER}${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** The pid in a temp name made by {@link tempName}, if any. */
export function pidOfTempName(name: string): number | undefined {
  const m = /\.lh-tmp-(\d+)-[0-9a-f]+$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
}

/** fsync a folder so a rename or creation inside it survives a power loss; a no-op where folders can't be synced. */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // Windows and some file systems refuse to open or sync a directory; durability there rests on the OS.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/**
 * The error of a write to `file`, naming it. Node's errors of write, fsync and close name no path — a full disk
 * said only "ENOSPC: no space left on device, write" — so a full disk (or quota) becomes an error naming the file
 * and the folder to make room in, and another error without a path gets the file added. Errors that name their
 * path already, and errors that are not the file system's, are returned as they are.
 */
export function writeError(e: unknown, file: string): unknown {
  const code = errnoCode(e);
  if (!(e instanceof Error) || code === undefined || e instanceof LakehouseError) return e;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new LakehouseError(
      'DataError',
      `${code === 'ENOSPC' ? 'no space left on the device' : 'the disk quota is used up on the device'} holding ${path.dirname(file)} (${code}) while writing ${file}: make room there, then try again`,
      { file },
      { cause: e },
    );
  if ((e as NodeJS.ErrnoException).path !== undefined) return e;
  return Object.assign(new Error(`${e.message} (writing ${file})`, { cause: e }), { code, errno: (e as NodeJS.ErrnoException).errno, syscall: (e as NodeJS.ErrnoException).syscall, path: file });
}

/**
 * Writes `data` to `file` so that readers see the old content or the new, never a mix: a temp file in the same
 * folder is written and fsynced, then renamed over the target, then the folder is fsynced. Creates the folder.
 * `fsync: false` skips both syncs (caches: a power loss may lose the write, a reader still never sees a mix).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: { fsyncDir?: boolean; fsync?: boolean } = {}): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, tempName(path.basename(file)));
  let fh: fs.FileHandle | undefined;
  try {
    // the folder made only when it is missing (the temp file's creation says so): a write into a folder that exists
    // — almost every one — is one file-system call fewer
    fh = await fs.open(tmp, 'wx', 0o644).catch(async (e: unknown) => {
      if (errnoCode(e) !== 'ENOENT') throw e;
      await fs.mkdir(dir, { recursive: true });
      return fs.open(tmp, 'wx', 0o644);
    });
    await fh.writeFile(data);
    if (options.fsync !== false) await fh.sync();
    await fh.close();
    fh = undefined;
    await fs.rename(tmp, file);
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw writeError(e, file);
  }
  if (options.fsyncDir !== false && options.fsync !== false) await fsyncDir(dir);
}

/**
 * Moves a file to `to` (a path the user chose, possibly on another file system) so that a reader of `to` never sees
 * half of it: a rename, or across file systems (EXDEV) a copy into a temp file beside `to` renamed over it. `from`
 * is gone afterwards, moved or not.
 */
export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
    return;
  } catch (e) {
    if (errnoCode(e) !== 'EXDEV') {
      await fs.rm(from, { force: true });
      throw e;
    }
  }
  const tmp = path.join(path.dirname(to), tempName(path.basename(to)));
  try {
    await fs.copyFile(from, tmp);
    await fs.rename(tmp, to);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  } finally {
    await fs.rm(from, { force: true });
  }
}

/**
 * Reads and parses a JSON file; a missing file gives `fallback`; broken JSON raises `DataError` naming the file and,
 * when the parser says where, the line and column.
 */
export async function readJsonFile<T>(file: string, fallback: T): Promise<T> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return fallback;
    throw e;
  }
  return parseJsonText<T>(text, file);
}

/** JSON.parse with errors that name the file and position. */
export function parseJsonText<T>(text: string, file: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    if (text.trim() === '') throw new LakehouseError('DataError', `${file}: the file is empty`, { file }, { cause: e });
    // JSON.parse doesn't always say where; a strict JSON parse with jsonc-parser does
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    if (errors.length) {
      const { line, column } = positionAt(text, errors[0].offset);
      const what = printParseErrorCode(errors[0].error);
      throw new LakehouseError('DataError', `${file}:${line}:${column}: invalid JSON (${what})`, { file, line, column }, { cause: e });
    }
    throw new LakehouseError('DataError', `${file}: invalid JSON: ${errorMessage(e)}`, { file }, { cause: e });
  }
}

// ---------------------------------------------------------------- lock files

/** What a lock file holds: the owner's pid, a token identifying this acquisition, and whatever the caller adds. */
export interface LockInfo {
  pid: number;
  token: string;
  acquiredOn: string;
  [key: string]: unknown;
}

export interface LockOptions {
  /** wait for a live holder this long (ms) before giving up; 0: don't wait */
  waitMs?: number;
  /** a lock older than this (ms) is stale even if its pid lives (pid reuse); default: never */
  staleAfterMs?: number;
  /** extra fields written into the lock file */
  info?: Record<string, unknown>;
}

export type LockResult = { acquired: true; release: () => Promise<void> } | { acquired: false; holder: LockInfo };

async function readLock(file: string): Promise<{ raw: string; info?: LockInfo; mtimeMs: number } | undefined> {
  try {
    const [raw, st] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    let info: LockInfo | undefined;
    try {
      const parsed = JSON.parse(raw) as LockInfo;
      if (parsed && typeof parsed.pid === 'number') info = parsed;
    } catch {
      info = undefined;
    }
    return { raw, info, mtimeMs: st.mtimeMs };
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

/** Moves a stale lock out of the way, unless someone replaced it since we read it (then it is put back). */
async function breakStaleLock(file: string, seenRaw: string): Promise<void> {
  const aside = `${file}.${tempName('stale').slice(1)}`;
  try {
    await fs.rename(file, aside);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return;
    throw e;
  }
  try {
    const raw = await fs.readFile(aside, 'utf8');
    if (raw !== seenRaw) {
      // another process broke the same stale lock and took it between our read and our rename: give it back
      await fs.link(aside, file).catch(() => undefined);
    }
  } finally {
    await fs.rm(aside, { force: true });
  }
}

/**
 * Tries to take the lock file `file`. A lock whose pid is dead (or older than `staleAfterMs`) is taken over; a live
 * holder is waited for up to `waitMs`, then reported. The file appears atomically with its full content (written to
 * a temp file, then hard-linked into place, which fails if the lock exists).
 */
export async function acquireLockFile(file: string, options: LockOptions = {}): Promise<LockResult> {
  const waitMs = options.waitMs ?? 0;
  const token = randomBytes(12).toString('hex');
  const info: LockInfo = { ...options.info, pid: process.pid, token, acquiredOn: new Date().toISOString() };
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const deadline = Date.now() + waitMs;
  let delay = 2;
  let unreadable = 0;
  for (;;) {
    const tmp = path.join(dir, tempName(path.basename(file)));
    try {
      await fs.writeFile(tmp, JSON.stringify(info), { flag: 'wx' });
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw writeError(e, file);
    }
    let linked = false;
    try {
      await fs.link(tmp, file);
      linked = true;
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST') throw e;
    } finally {
      await fs.rm(tmp, { force: true });
    }
    if (linked) {
      return { acquired: true, release: () => releaseLockFile(file, token) };
    }
    const holder = await readLock(file);
    if (!holder) continue; // released meanwhile
    if (!holder.info) {
      // locks appear whole (link), so an unreadable lock was not written by us: stale after a few looks
      if (++unreadable >= 3) await breakStaleLock(file, holder.raw);
      await sleep(delay);
      continue;
    }
    const tooOld = options.staleAfterMs !== undefined && Date.now() - holder.mtimeMs > options.staleAfterMs;
    if (!isProcessAlive(holder.info.pid) || tooOld) {
      await breakStaleLock(file, holder.raw);
      continue;
    }
    if (Date.now() >= deadline) return { acquired: false, holder: holder.info };
    await sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 25);
  }
}

/** Removes the lock file if it is still the one taken with `token`. */
export async function releaseLockFile(file: string, token: string): Promise<void> {
  const holder = await readLock(file);
  if (holder?.info?.token === token) await fs.rm(file, { force: true });
}

/** Reads a lock file's holder, if the file exists and is readable. */
export async function lockHolder(file: string): Promise<LockInfo | undefined> {
  return (await readLock(file))?.info;
}

/** Runs `fn` after the previous call queued under the same key has finished (in-process serialisation). */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

/**
 * Whether a file holds any of `needles` (bytes), read in 4 MiB blocks into one buffer — a needle split across two
 * blocks is found too (the last bytes of a block are kept before the next) — stopping at the first found. No
 * block is copied: the search runs at memory speed (DuckDB's JSON outputs are scanned this way after every write).
 */
export async function fileContainsAny(file: string, needles: readonly Buffer[]): Promise<boolean> {
  const overlap = Math.max(0, ...needles.map((n) => n.length - 1));
  return fileSomeBlock(file, overlap, (view) => needles.some((n) => view.includes(n)));
}

/**
 * Whether `test` holds for any block of a file, read as {@link fileContainsAny} reads it: 4 MiB blocks into one buffer,
 * each starting with the last `overlap` bytes of the one before (so that a match up to `overlap` + 1 bytes long that
 * a block boundary splits is whole in the next); stops at the first block it holds for.
 */
export async function fileSomeBlock(file: string, overlap: number, test: (view: Buffer) => boolean): Promise<boolean> {
  const block = 4 << 20;
  const buf = Buffer.allocUnsafe(block + overlap);
  const fh = await fs.open(file, 'r');
  try {
    let kept = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, kept, block, null);
      if (bytesRead === 0) return false;
      const view = buf.subarray(0, kept + bytesRead);
      if (test(view)) return true;
      // the last `overlap` bytes go first in the buffer, to meet the rest of a needle the next block starts with
      kept = Math.min(overlap, view.length);
      view.copy(buf, 0, view.length - kept);
    }
  } finally {
    await fh.close();
  }
}

/**
 * Rewrites a file of JSON lines (as DuckDB writes them: a JSON string holds no raw newline, so each line is whole JSON
 * text, or whole values of one) line by line through `fix`, which returns the line itself when it has nothing to
 * change; returns whether any line changed. The new text goes to a temporary file beside it, which replaces the file
 * by a rename only when a line changed; on any failure the file is left as it was.
 */
export async function rewriteJsonLines(file: string, suffix: string, fix: (line: string) => string): Promise<boolean> {
  const tmp = `${file}.${suffix}`;
  let changed = false;
  const each = (line: string) => {
    const fixed = fix(line);
    if (fixed !== line) changed = true;
    return fixed;
  };
  try {
    const out = createWriteStream(tmp);
    let rest = '';
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      if (lines.length > 0 && !out.write(`${lines.map(each).join('\n')}\n`)) await once(out, 'drain');
    }
    out.end(each(rest));
    await finished(out);
    if (changed) await fs.rename(tmp, file);
  } catch (e) {
    throw writeError(e, file);
  } finally {
    await fs.rm(tmp, { force: true });
  }
  return changed;
}
