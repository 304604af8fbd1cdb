/**
 * The columns a DynamicFrame reads from JSON files (Glue's schema on read: every record's fields) take a full scan
 * of the files to infer (runNodes.ts jsonColumns). They are remembered by the files' paths, sizes and mtimes — in
 * memory and in `<data>/cache/json-schemas.json` — so a job run over files already seen does not scan them twice;
 * any file added, removed or changed makes a new entry. (The same idea as jsonKeys.ts, for a set of files.)
 *
 * Files the engine wrote itself are registered as they are committed, each under its path, size and mtime, with
 * the columns their write knows (writtenSchema.ts): a read of exactly the files of one write — all of them, none
 * changed, nothing else — takes those columns without a scan. Most writes register their written columns only
 * (`registerWrittenLater`): what a read infers from them is learnt from the files (writtenSchema.ts
 * writtenJsonColumns, a read of their first records and of their whole numbers) at the first read that asks — an
 * output no later read takes as a DynamicFrame (a pipeline's last) is never read back — and then kept as a write's
 * own entry. The files are the same bytes the write left (their size and mtime unchanged), so the answer is the one
 * the write would have learnt.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readJsonFile, writeFileAtomic } from './fsutil';
import { writtenJsonColumns, type WrittenColumn } from './writtenSchema';

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
  /** an entry `written-later:`: the write's columns, what a read infers from them not learnt yet */
  later?: WrittenColumn[];
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
/** a file of a write whose read columns are learnt at its first read (its own key: an earlier build reads none) */
const LATER = 'written-later:v1:';

const caches = new Map<string, JsonSchemaCache>();

export class JsonSchemaCache {
  private entries: Record<string, Entry> | undefined;
  /** the writes whose read columns are being learnt, by write */
  private readonly learning = new Map<string, Promise<string | undefined>>();

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
    const known = oneWrite(entries, WRITTEN, files);
    if (known !== undefined) return known.columns;
    const later = oneWrite(entries, LATER, files);
    if (later?.later === undefined || later.write === undefined) return undefined;
    const write = later.write;
    let learning = this.learning.get(write);
    if (learning === undefined) {
      const columns = later.later;
      learning = (async () => {
        const read = await writtenJsonColumns(columns, files.map((f) => f.path)).catch(() => undefined);
        for (const f of files) if (entries[LATER + f.path]?.write === write) delete entries[LATER + f.path];
        if (read !== undefined) await this.registerWritten(write, files, read);
        else await this.store({});
        return read;
      })().finally(() => this.learning.delete(write));
      this.learning.set(write, learning);
    }
    return learning;
  }

  /**
   * Registers the files of one write (`write`: its id; the files under the paths they are committed to) with the
   * columns it knows.
   */
  async registerWritten(write: string, files: readonly FileStat[], columns: string): Promise<void> {
    const used = Date.now();
    await this.forget(LATER, files);
    await this.store(Object.fromEntries(files.map((f) => [WRITTEN + f.path, { columns, used, size: f.size, mtimeMs: f.mtimeMs, write, files: files.length }])));
  }

  /**
   * Registers the files of one write with its written columns (names as the files spell them, DuckDB's types): what
   * a read infers is learnt from the files at the first read that asks ({@link written}).
   */
  async registerWrittenLater(write: string, files: readonly FileStat[], columns: readonly WrittenColumn[]): Promise<void> {
    const used = Date.now();
    const later = columns.map((c) => ({ name: c.name, duckType: c.duckType }));
    await this.forget(WRITTEN, files);
    await this.store(Object.fromEntries(files.map((f) => [LATER + f.path, { columns: '', later, used, size: f.size, mtimeMs: f.mtimeMs, write, files: files.length }])));
  }

  /** Drops the entries of `prefix` of the files (a write's files registered again, by another write). */
  private async forget(prefix: string, files: readonly FileStat[]): Promise<void> {
    const entries = await this.load();
    for (const f of files) delete entries[prefix + f.path];
  }

  async set(key: string, columns: string): Promise<void> {
    await this.store({ [key]: { columns, used: Date.now() } });
  }

  private async store(added: Record<string, Entry>): Promise<void> {
    const entries = await this.load();
    Object.assign(entries, added);
    const keys = Object.keys(entries);
    if (keys.length > MAX_ENTRIES) for (const k of keys.sort((a, b) => entries[a]!.used - entries[b]!.used).slice(0, keys.length - MAX_ENTRIES)) delete entries[k];
    this.saveLater();
  }

  private saving: Promise<void> | undefined;
  private again = false;

  /**
   * Writes the entries in the background: the job that added them goes on (its next statements run on DuckDB's
   * threads while the file is written), and the entries added while a write is under way make one more write after
   * it. A cache: a failed write loses nothing but time, a lost one (power loss, a killed process) a scan — not
   * fsynced (a job's first fsync after writing its output would wait for all of it to reach the disk). The engine
   * waits for the writes when it closes ({@link flushAll}).
   */
  private saveLater(): void {
    if (this.saving) {
      this.again = true;
      return;
    }
    this.saving = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => (this.entries ? writeFileAtomic(this.file, JSON.stringify(this.entries), { fsync: false }) : undefined))
      .catch(() => undefined)
      .finally(() => {
        this.saving = undefined;
        if (this.again) {
          this.again = false;
          this.saveLater();
        }
      });
  }

  /** Waits for the writes under way (and the ones they make again). */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
  }

  /** Waits for the writes of every cache of this process (an engine closing). */
  static async flushAll(): Promise<void> {
    await Promise.all([...caches.values()].map((c) => c.flush()));
  }
}

/**
 * The entry (of `prefix`) of the write whose files are exactly `files`, each unchanged since (size and mtime), its
 * entries marked used; undefined when the files are not one write's.
 */
function oneWrite(entries: Record<string, Entry>, prefix: string, files: readonly FileStat[]): Entry | undefined {
  const first = files.length > 0 ? entries[prefix + files[0]!.path] : undefined;
  if (first?.write === undefined || first.files !== files.length || new Set(files.map((f) => f.path)).size !== files.length) return undefined;
  for (const f of files) {
    const e = entries[prefix + f.path];
    if (e?.write !== first.write || e.size !== f.size || e.mtimeMs !== f.mtimeMs) return undefined;
  }
  for (const f of files) entries[prefix + f.path]!.used = Date.now();
  return first;
}
