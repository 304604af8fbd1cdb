/**
 * The shape of JSON data files: their key spellings, and the lines that are not plain JSON objects. Athena's JSON
 * SerDe matches keys to columns case-insensitively (`customerName` fills `customername`); DuckDB matches exactly.
 * So the engine learns which spellings each file uses and reads those. The SerDe also reads every line of a file as
 * a row — a blank line or one that does not start with `{` or `[` as a row of NULLs, a malformed one as a failure
 * (or a row of NULLs with `ignore.malformed.json`), an object with two keys equal but for case as a failure
 * (`Duplicate key`) — where DuckDB skips blank lines: so the same pass counts those lines, and a file holding any
 * is read line by line (tableSource.ts). Learning means reading every line of the file once (all files, all lines:
 * a spelling first seen on the last line of the last file counts), when an upload puts the files
 * (QueryEngine.prepareObjects) or else at their first read; the result is cached by path, size and mtime, in memory
 * and in `<data>/cache/json-keys.json`, so a file is scanned once in its life. Files the engine writes itself are
 * registered as they are written, without a scan.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listLiteral } from './duck';
import { readJsonFile, writeFileAtomic } from './fsutil';
import { fastShapes } from './jsonShapeFiles';
import type { LearntTypes } from './learntSchema';

export interface DataFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** What the lines of a JSON data file hold, beyond its keys. */
export interface JsonFileShape {
  /** the distinct keys of its objects (top level), in no particular order */
  keys: string[];
  /** lines that are blank or do not start with `{` or `[` (leading white space aside): rows of NULLs to the SerDe */
  blank: number;
  /** lines starting with `{` or `[` that are not JSON */
  malformed: number;
  /** lines that are JSON arrays */
  arrays: number;
  /** objects with a key twice, exactly as spelled */
  duplicateKeys: number;
  /** objects with two keys equal but for case (the exact duplicates included) */
  caseDuplicateKeys: number;
  /** the kinds of the fields' values, when the fast scan learnt them (learntSchema.ts) */
  types?: LearntTypes;
}

interface Entry extends JsonFileShape {
  size: number;
  mtimeMs: number;
}

/** the shape of a file the engine wrote: objects, one a line */
const WRITTEN = { blank: 0, malformed: 0, arrays: 0, duplicateKeys: 0, caseDuplicateKeys: 0 } as const;

export class JsonKeyCache {
  private entries: Record<string, Entry> | undefined;
  private dirty = false;

  constructor(private readonly file: string) {}

  /** the cache folder (other per-file caches live beside it) */
  get dir(): string {
    return path.dirname(this.file);
  }

  private async load(): Promise<Record<string, Entry>> {
    this.entries ??= await readJsonFile<Record<string, Entry>>(this.file, {}).catch(() => ({}));
    return this.entries;
  }

  /** The shape of each file (in file order), scanning those not known yet in one DuckDB pass. */
  async shapesOf(conn: DuckDBConnection, files: readonly DataFile[]): Promise<JsonFileShape[]> {
    const entries = await this.load();
    const unknown = files.filter((f) => !this.fresh(entries, f));
    if (unknown.length > 0) this.remember(unknown, await shapePerFile(conn, unknown));
    return files.map((f) => entries[f.path]!);
  }

  /**
   * Scans the files not known yet (newly uploaded ones), so that the first query over them need not. `files` may
   * arrive over time (as an upload puts them: each is scanned as it comes; `bytes`, the total to expect, says whether
   * to start worker threads). `connect` opens DuckDB, asked only for the files the fast path leaves to DuckDB's scan.
   * A file DuckDB cannot read as lines of text (bytes that are not UTF-8) is left unknown: the query reading it says
   * where.
   */
  async learn(
    connect: () => Promise<DuckDBConnection>,
    files: readonly DataFile[] | AsyncIterable<DataFile>,
    options: { signal?: AbortSignal; bytes?: number } = {},
  ): Promise<void> {
    const entries = await this.load();
    const unknown: DataFile[] = [];
    const fresh = (f: DataFile) => this.fresh(entries, f);
    const toScan = (async function* () {
      for await (const f of files)
        if (!fresh(f)) {
          unknown.push(f);
          yield f;
        }
    })();
    const fast = await fastShapes(toScan, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.bytes !== undefined ? { bytes: options.bytes } : Array.isArray(files) ? { bytes: (files as readonly DataFile[]).filter((f) => !fresh(f)).reduce((n, f) => n + f.size, 0) } : {}),
    });
    if (unknown.length === 0) return;
    this.remember(unknown, fast);
    const rest = unknown.filter((f) => !fast.has(f.path));
    if (rest.length === 0 || options.signal?.aborted) return;
    const conn = await connect();
    try {
      this.remember(rest, await duckdbShapes(conn, rest));
    } catch (e) {
      if (rest.length === 1 || /INTERRUPT/i.test(String(e))) throw e;
      // one file at a time: the readable ones are learnt
      for (const f of rest) this.remember([f], await duckdbShapes(conn, [f]).catch(() => new Map<string, JsonFileShape>()));
    }
  }

  /**
   * The kinds of the fields of each file (in file order) as the line-shape scan learnt them (learntSchema.ts), when
   * every file has them and is unchanged since (same size and mtime); else undefined.
   */
  async learntTypes(files: readonly DataFile[]): Promise<LearntTypes[] | undefined> {
    const entries = await this.load();
    const out: LearntTypes[] = [];
    for (const f of files) {
      const e = entries[f.path];
      if (e?.types === undefined || !this.fresh(entries, f)) return undefined;
      out.push(e.types);
    }
    return out;
  }

  private fresh(entries: Record<string, Entry>, f: DataFile): boolean {
    const e = entries[f.path];
    // (an entry of an earlier version of the cache has no line counts: scanned again)
    return e !== undefined && e.size === f.size && e.mtimeMs === f.mtimeMs && typeof e.caseDuplicateKeys === 'number';
  }

  private remember(files: readonly DataFile[], found: Map<string, JsonFileShape>): void {
    const entries = this.entries!;
    let added = false;
    for (const f of files) {
      const shape = found.get(f.path);
      if (!shape) continue;
      entries[f.path] = { size: f.size, mtimeMs: f.mtimeMs, ...shape };
      added = true;
    }
    if (!added) return;
    this.dirty = true;
    this.saveLater();
  }

  /**
   * Records the keys of a file the engine wrote itself (kept in memory until the next {@link save}). `stat`: its
   * size and time when known — a staged file registered under the path a commit renames it to (a rename keeps both).
   */
  async register(filePath: string, keys: readonly string[], stat?: { size: number; mtimeMs: number }): Promise<void> {
    const entries = await this.load();
    const st = stat ?? (await fs.stat(filePath));
    // DuckDB wrote it: every line is an object, its keys distinct
    entries[filePath] = { size: st.size, mtimeMs: st.mtimeMs, keys: [...keys], ...WRITTEN };
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
 * Each file's shape: by the fast path in JavaScript (jsonShapeScan.ts) where it is sure of the answer — plain ASCII
 * JSON lines, the usual case — on worker threads when there is much to read, and by DuckDB's scan
 * ({@link duckdbShapes}, the definition) for the other files.
 */
async function shapePerFile(conn: DuckDBConnection, files: readonly DataFile[]): Promise<Map<string, JsonFileShape>> {
  const fast = await fastShapes(files);
  const rest = files.filter((f) => !fast.has(f.path));
  if (rest.length > 0) for (const [file, shape] of await duckdbShapes(conn, rest)) fast.set(file, shape);
  return fast;
}

/**
 * Each file's shape, in one parallel pass over every line of every file. Each line is read as text (every line,
 * blank ones too), its first character after white space taken, and its top-level keys listed by parsing it once
 * (a line that is not JSON lists none). The lines are grouped by file, first character and a 64-bit hash of their
 * key list, one list kept per group: two different key lists of one file would have to share a 64-bit hash to be
 * missed. A key list holding a key twice — exactly, or but for case — is an object with a duplicate key.
 */
export async function duckdbShapes(conn: DuckDBConnection, files: readonly DataFile[]): Promise<Map<string, JsonFileShape>> {
  // the code point of the first character after what Java's String.trim() takes off (code points up to U+0020):
  // the first one when it is past U+0020 (almost every line: no regular expression), else the expression finds it.
  // Only lines that start like JSON ({ or [) are parsed for their keys.
  const first = `CASE WHEN ord(line) > 32 THEN ord(line) ELSE ord(regexp_extract(line, '^[\\x01-\\x20]*(.)', 1)) END`;
  const scan = (longLines: boolean) =>
    conn.runAndReadAll(
      `SELECT filename, first, any_value(keys), count(*) FROM (SELECT filename, first, CASE WHEN first = ${OPEN_BRACE} OR first = ${OPEN_BRACKET} THEN TRY(json_keys(line)) END AS keys ` +
        `FROM (SELECT filename, line, ${first} AS first FROM ${rawLines(files.map((f) => f.path), { filename: true, longLines })})) GROUP BY filename, first, hash(keys)`,
    );
  const reader = await scan(false).catch((e: unknown) => {
    if (/Maximum line size/i.test(String(e))) return scan(true);
    throw e;
  });
  const found = new Map<string, JsonFileShape & { keySet: Set<string> }>(files.map((f) => [f.path, { keys: [], keySet: new Set<string>(), ...WRITTEN }]));
  for (const [file, first, keys, n] of reader.getRowsJson() as [string, number | null, string[] | null, string][]) {
    const shape = found.get(file);
    if (!shape) continue;
    const lines = Number(n);
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) shape.blank += lines;
    else if (keys === null) shape.malformed += lines;
    else if (first === OPEN_BRACKET) shape.arrays += lines;
    else {
      for (const k of keys) shape.keySet.add(k);
      if (new Set(keys).size < keys.length) shape.duplicateKeys += lines;
      if (new Set(keys.map((k) => k.toLowerCase())).size < keys.length) shape.caseDuplicateKeys += lines;
    }
  }
  return new Map([...found].map(([f, { keySet, ...shape }]) => [f, { ...shape, keys: [...keySet] }]));
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** the longest line read with `longLines` (DuckDB's JSON reader reads lines of up to twice its 16 MiB maximum_object_size) */
const MAX_LINE_BYTES = 32 * 1024 * 1024;

/**
 * The lines of newline-delimited files as text, one row each in file order, blank lines as NULL (a CSV read with
 * one column: no quoting, no escaping, NUL as the separator — a byte no JSON text holds). `filename` adds the file.
 * Lines of up to 2 MiB are read, `longLines` up to 32 MiB (larger buffers: slower, so only when needed).
 */
export function rawLines(paths: readonly string[], options: { filename?: boolean; longLines?: boolean } = {}): string {
  return (
    `read_csv(${listLiteral(paths)}, columns={'line': 'VARCHAR'}, delim=chr(0), quote='', escape='', header=false, ` +
    `auto_detect=false, strict_mode=false, null_padding=true${options.longLines ? `, max_line_size=${MAX_LINE_BYTES}` : ''}${options.filename ? ', filename=true' : ''})`
  );
}
