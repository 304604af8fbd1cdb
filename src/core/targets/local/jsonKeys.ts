/**
 * The key spellings of JSON data files. Athena's JSON SerDe matches keys to columns case-insensitively
 * (`customerName` fills `customername`); DuckDB matches exactly. So the engine learns which spellings each file
 * uses and reads those. Learning means parsing the file once; the result is cached by path, size and mtime, in
 * memory and in `<data>/cache/json-keys.json`, so a file is scanned once in its life. Files the engine writes
 * itself are registered as they are written, without a scan.
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
      const union = await unionOfKeys(conn, unknown);
      // one spelling per key across the files (the usual case): every file reads with those spellings
      const found = union !== undefined ? new Map(unknown.map((f) => [f.path, union])) : await keysPerFile(conn, unknown);
      for (const f of unknown) entries[f.path] = { size: f.size, mtimeMs: f.mtimeMs, keys: found.get(f.path) ?? [] };
      this.dirty = true;
      await this.save();
    }
    return files.map((f) => entries[f.path]!.keys);
  }

  /** Records the keys of a file the engine wrote itself. */
  async register(filePath: string, keys: readonly string[]): Promise<void> {
    const entries = await this.load();
    const st = await fs.stat(filePath);
    entries[filePath] = { size: st.size, mtimeMs: st.mtimeMs, keys: [...keys] };
    this.dirty = true;
  }

  /** Drops entries of files that no longer exist and writes the cache. */
  async save(): Promise<void> {
    if (!this.dirty || !this.entries) return;
    const entries = this.entries;
    const alive = await Promise.all(Object.keys(entries).map(async (p) => [p, await fs.stat(p).then(() => true, () => false)] as const));
    for (const [p, ok] of alive) if (!ok) delete entries[p];
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify(entries));
    this.dirty = false;
  }
}

/**
 * The keys of all the files together, from DuckDB's schema detection over every line without looking inside
 * values (about twice the cost of reading the data once). Undefined when a key comes in two spellings (DuckDB
 * then names the second `name_1`): the files must be told apart, one by one.
 */
async function unionOfKeys(conn: DuckDBConnection, files: readonly DataFile[]): Promise<string[] | undefined> {
  let rows: string[][];
  try {
    const reader = await conn.runAndReadAll(
      `DESCRIBE SELECT * FROM read_json(${listLiteral(files.map((f) => f.path))}, format='newline_delimited', sample_size=-1, ` +
        `maximum_depth=1, ignore_errors=true, maximum_object_size=67108864)`,
    );
    rows = reader.getRowsJson() as string[][];
  } catch {
    return undefined; // e.g. no line is an object: let the per-file scan say what is there
  }
  const names = rows.map((r) => r[0]!);
  const lower = new Set<string>();
  for (const n of names) {
    const l = n.toLowerCase();
    if (lower.has(l) || (/_\d+$/.test(l) && names.some((m) => m !== n && m.toLowerCase() === l.replace(/_\d+$/, '')))) return undefined;
    lower.add(l);
  }
  return names;
}

/** Each file's own keys: every line's keys, distinct per file (the slower, exact scan). */
async function keysPerFile(conn: DuckDBConnection, files: readonly DataFile[]): Promise<Map<string, string[]>> {
  // malformed lines are skipped here; reading the table reports them with file and line
  const reader = await conn.runAndReadAll(
    `SELECT DISTINCT filename, json_keys(json) AS keys FROM read_json_objects(${listLiteral(files.map((f) => f.path))}, ` +
      `format='newline_delimited', filename=true, ignore_errors=true, maximum_object_size=67108864) WHERE json_type(json) = 'OBJECT'`,
  );
  const found = new Map<string, Set<string>>(files.map((f) => [f.path, new Set<string>()]));
  for (const [file, keys] of reader.getRowsJson() as [string, string[] | null][]) for (const k of keys ?? []) found.get(file)?.add(k);
  return new Map([...found].map(([f, keys]) => [f, [...keys]]));
}
