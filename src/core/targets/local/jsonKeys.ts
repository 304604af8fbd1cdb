/**
 * The key spellings of JSON data files. Athena's JSON SerDe matches keys to columns case-insensitively
 * (`customerName` fills `customername`); DuckDB matches exactly. So the engine learns which spellings each file
 * uses and reads those. Learning means parsing every line of the file once (all files, all lines: a spelling first
 * seen on the last line of the last file counts), when an upload puts the files (QueryEngine.prepareObjects) or
 * else at their first read; the result is cached by path, size and mtime, in memory and in
 * `<data>/cache/json-keys.json`, so a file is scanned once in its life. Files the engine writes itself are
 * registered as they are written, without a scan. The same cache keeps, for files read by a table with
 * `ignore.malformed.json`, how many of their lines are malformed (counted in a second pass at their first such read).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listLiteral } from './duck';
import { readJsonFile, writeFileAtomic } from './fsutil';

export interface DataFile {
  path: string;
  size: number;
  mtimeMs: number;
}

interface Entry {
  size: number;
  mtimeMs: number;
  keys: string[];
  /** lines that are not JSON (counted for tables with `ignore.malformed.json`, which skip them) */
  malformed?: number;
}

export class JsonKeyCache {
  private entries: Record<string, Entry> | undefined;
  private dirty = false;

  constructor(private readonly file: string) {}

  private async load(): Promise<Record<string, Entry>> {
    this.entries ??= await readJsonFile<Record<string, Entry>>(this.file, {}).catch(() => ({}));
    return this.entries;
  }

  /** Keys of each file (in file order), scanning those not known yet in one DuckDB pass. */
  async keysOf(conn: DuckDBConnection, files: readonly DataFile[]): Promise<string[][]> {
    const entries = await this.load();
    const fresh = (f: DataFile) => {
      const e = entries[f.path];
      return e !== undefined && e.size === f.size && e.mtimeMs === f.mtimeMs;
    };
    const unknown = files.filter((f) => !fresh(f));
    if (unknown.length > 0) {
      const found = await keysPerFile(conn, unknown);
      for (const f of unknown) entries[f.path] = { size: f.size, mtimeMs: f.mtimeMs, keys: found.get(f.path) ?? [] };
      this.dirty = true;
      this.saveLater();
    }
    return files.map((f) => entries[f.path]!.keys);
  }

  /**
   * How many lines of each file (in file order) are not JSON — what a table with `ignore.malformed.json` skips —
   * counting in one DuckDB pass those files whose count is not known yet: a file is counted once in its life, as
   * its keys are learnt once.
   */
  async malformedLines(conn: DuckDBConnection, files: readonly DataFile[]): Promise<number[]> {
    await this.keysOf(conn, files);
    const entries = this.entries!;
    const uncounted = files.filter((f) => entries[f.path]!.malformed === undefined);
    if (uncounted.length > 0) {
      const counted = await malformedPerFile(conn, uncounted);
      for (const f of uncounted) entries[f.path]!.malformed = counted.get(f.path) ?? 0;
      this.dirty = true;
      this.saveLater();
    }
    return files.map((f) => entries[f.path]!.malformed!);
  }

  /** Records the keys of a file the engine wrote itself (kept in memory until the next {@link save}). */
  async register(filePath: string, keys: readonly string[]): Promise<void> {
    const entries = await this.load();
    const st = await fs.stat(filePath);
    // DuckDB wrote it: every line is JSON
    entries[filePath] = { size: st.size, mtimeMs: st.mtimeMs, keys: [...keys], malformed: 0 };
    this.dirty = true;
  }

  private saving: Promise<void> | undefined;
  private again = false;

  /**
   * Writes the cache in the background (after a job's output is registered: the next job need not wait for it).
   * Several calls before the write starts make one write; {@link save} waits for a write under way first.
   */
  saveLater(): void {
    if (this.saving) {
      this.again = true; // entries added during the write: one more write after it
      return;
    }
    this.saving = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.write({}))
      .catch(() => undefined) // a cache: a failed write only means a rescan
      .finally(() => {
        this.saving = undefined;
        if (this.again) {
          this.again = false;
          this.saveLater();
        }
      });
  }

  /**
   * Writes the cache. It is a cache — a lost or torn file only means a rescan — so it is written atomically but
   * not fsynced. `prune` first drops the entries of files that no longer exist (a stat per entry: done when the
   * engine closes, not after every write).
   */
  async save(options: { prune?: boolean } = {}): Promise<void> {
    while (this.saving) await this.saving;
    await this.write(options);
  }

  private async write(options: { prune?: boolean }): Promise<void> {
    if (!this.entries) return;
    const entries = this.entries;
    if (options.prune) {
      const alive = await Promise.all(Object.keys(entries).map(async (p) => [p, await fs.stat(p).then(() => true, () => false)] as const));
      for (const [p, ok] of alive)
        if (!ok) {
          delete entries[p];
          this.dirty = true;
        }
    }
    if (!this.dirty) return;
    // the snapshot is taken now: entries added while it is written make the cache dirty again
    const text = JSON.stringify(entries);
    this.dirty = false;
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, text, { fsync: false });
    } catch (e) {
      this.dirty = true;
      throw e;
    }
  }
}

/**
 * Each file's own keys: the distinct key lists of its lines, in one parallel pass over every line of every file.
 * Each line is read as a MAP from key to the NULL type, so values are skipped, not converted (about the cost of
 * reading the data once; DuckDB's schema detection is slower and looks at 32 files at most). The lines are grouped
 * by file and by a 64-bit hash of their key list, one list kept per group: grouping by the lists themselves costs
 * half as much again, and two different key lists of one file would have to share a 64-bit hash to be missed.
 * Lines that are not objects give no keys; malformed lines are skipped here, and reading the table reports them
 * with file and line.
 */
async function keysPerFile(conn: DuckDBConnection, files: readonly DataFile[]): Promise<Map<string, string[]>> {
  const reader = await conn.runAndReadAll(
    `SELECT filename, any_value(map_keys(j)) AS keys FROM read_json(${listLiteral(files.map((f) => f.path))}, format='newline_delimited', ` +
      `records=false, columns={j: 'MAP(VARCHAR, "NULL")'}, filename=true, ignore_errors=true) ` +
      `GROUP BY filename, hash(map_keys(j))`,
  );
  const found = new Map<string, Set<string>>(files.map((f) => [f.path, new Set<string>()]));
  for (const [file, keys] of reader.getRowsJson() as [string, string[] | null][]) for (const k of keys ?? []) found.get(file)?.add(k);
  return new Map([...found].map(([f, keys]) => [f, [...keys]]));
}

/** Lines of each file that are not JSON (blank lines are not data), in one pass over every file. */
async function malformedPerFile(conn: DuckDBConnection, files: readonly DataFile[]): Promise<Map<string, number>> {
  const reader = await conn.runAndReadAll(
    `SELECT filename, count(*) FILTER (WHERE json IS NULL) FROM read_json_objects(${listLiteral(files.map((f) => f.path))}, ` +
      `format='newline_delimited', filename=true, ignore_errors=true) GROUP BY filename`,
  );
  return new Map((reader.getRowsJson() as [string, string][]).map(([file, n]) => [file, Number(n)]));
}
