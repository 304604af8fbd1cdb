/**
 * The columns a DynamicFrame reads from JSON files (Glue's schema on read: every record's fields) take a full scan
 * of the files to infer (runNodes.ts jsonColumns). They are remembered by the files' paths, sizes and mtimes — in
 * memory and in `<data>/cache/json-schemas.json` — so a job run over files already seen does not scan them twice;
 * any file added, removed or changed makes a new entry. (The same idea as jsonKeys.ts, for a set of files.)
 *
 * Files the engine wrote itself are registered as they are committed, each under its path, size and mtime, with
 * the columns their write knows (writtenSchema.ts): a read of exactly the files of one write — all of them, none
 * changed, nothing else — takes those columns without a scan.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readJsonFile, writeFileAtomic } from './fsutil';

/** entries kept on disk (the newest) */
const MAX_ENTRIES = 256;

interface Entry {
  /** the `columns={…}` text for read_json */
  columns: string;
  used: number;
  /** a file of a write (key `written:<path>`): its size and mtime, its write's id and number of files */
  size?: number;
  mtimeMs?: number;
  write?: string;
  files?: number;
}

export interface FileStat {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * The version of the entries' columns: 2 since a DynamicFrame read types a whole number int or long by its size and
 * a field of numbers of two types a choice (nestedChoice.ts); entries of an earlier version are not read. The entries
 * learnt from the records are of version 3 since records with keys equal but for case are refused (jsonCaseKeys.ts:
 * v2 entries hold DuckDB's renamed columns for them); a write's own entries (never such keys) stay at 2.
 */
const VERSION = 'v3';
const WRITTEN = 'written:v2:';

const caches = new Map<string, JsonSchemaCache>();

export class JsonSchemaCache {
  private entries: Record<string, Entry> | undefined;

  private constructor(private readonly file: string) {}

  /** The cache of a data folder's cache directory (one per directory in a process). */
  static of(cacheDir: string): JsonSchemaCache {
    const file = path.join(cacheDir, 'json-schemas.json');
    let c = caches.get(file);
    if (!c) caches.set(file, (c = new JsonSchemaCache(file)));
    return c;
  }

  /** The files' sizes and mtimes as they are now (undefined when one cannot be read: no caching then). */
  static async statsOf(files: readonly string[]): Promise<FileStat[] | undefined> {
    try {
      const stats = await Promise.all(files.map((f) => fs.stat(f)));
      return files.map((f, i) => ({ path: f, size: stats[i]!.size, mtimeMs: stats[i]!.mtimeMs }));
    } catch {
      return undefined;
    }
  }

  /** The key of a set of files as they are now. */
  static keyOf(stats: readonly FileStat[], variant: string): string {
    return JSON.stringify([`${variant}:${VERSION}`, ...stats.map((f) => [f.path, f.size, f.mtimeMs])]);
  }

  private async load(): Promise<Record<string, Entry>> {
    this.entries ??= await readJsonFile<Record<string, Entry>>(this.file, {}).catch(() => ({}));
    return this.entries;
  }

  async get(key: string): Promise<string | undefined> {
    const e = (await this.load())[key];
    if (e) e.used = Date.now();
    return e?.columns;
  }

  /**
   * The columns of files the engine wrote (see the module's comment): known when the files are exactly those of one
   * registered write, each unchanged since.
   */
  async written(files: readonly FileStat[]): Promise<string | undefined> {
    const entries = await this.load();
    const first = files.length > 0 ? entries[WRITTEN + files[0]!.path] : undefined;
    if (first?.write === undefined || first.files !== files.length || new Set(files.map((f) => f.path)).size !== files.length) return undefined;
    for (const f of files) {
      const e = entries[WRITTEN + f.path];
      if (e?.write !== first.write || e.size !== f.size || e.mtimeMs !== f.mtimeMs) return undefined;
    }
    for (const f of files) entries[WRITTEN + f.path]!.used = Date.now();
    return first.columns;
  }

  /**
   * Registers the files of one write (`write`: its id; the files under the paths they are committed to) with the
   * columns it knows.
   */
  async registerWritten(write: string, files: readonly FileStat[], columns: string): Promise<void> {
    const used = Date.now();
    await this.store(Object.fromEntries(files.map((f) => [WRITTEN + f.path, { columns, used, size: f.size, mtimeMs: f.mtimeMs, write, files: files.length }])));
  }

  async set(key: string, columns: string): Promise<void> {
    await this.store({ [key]: { columns, used: Date.now() } });
  }

  private async store(added: Record<string, Entry>): Promise<void> {
    const entries = await this.load();
    Object.assign(entries, added);
    const keys = Object.keys(entries);
    if (keys.length > MAX_ENTRIES) for (const k of keys.sort((a, b) => entries[a]!.used - entries[b]!.used).slice(0, keys.length - MAX_ENTRIES)) delete entries[k];
    // a cache: a failed write loses nothing but time, a lost one (power loss) a scan — not fsynced (a job's first
    // fsync after writing its output would wait for all of it to reach the disk)
    await fs
      .mkdir(path.dirname(this.file), { recursive: true })
      .then(() => writeFileAtomic(this.file, JSON.stringify(entries), { fsync: false }))
      .catch(() => undefined);
  }
}
