/**
 * The columns a DynamicFrame reads from JSON files (Glue's schema on read: every record's fields) take a full scan
 * of the files to infer (runNodes.ts jsonColumns). They are remembered by the files' paths, sizes and mtimes — in
 * memory and in `<data>/cache/json-schemas.json` — so a job run over files already seen does not scan them twice;
 * any file added, removed or changed makes a new entry. (The same idea as jsonKeys.ts, for a set of files.)
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
}

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

  /** The key of a set of files as they are now (undefined when one cannot be read: no caching then). */
  static async keyOf(files: readonly string[], variant: string): Promise<string | undefined> {
    try {
      const stats = await Promise.all(files.map((f) => fs.stat(f)));
      return JSON.stringify([variant, ...files.map((f, i) => [f, stats[i]!.size, stats[i]!.mtimeMs])]);
    } catch {
      return undefined;
    }
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

  async set(key: string, columns: string): Promise<void> {
    const entries = await this.load();
    entries[key] = { columns, used: Date.now() };
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
