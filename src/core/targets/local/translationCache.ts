/**
 * Translations of SQL kept in the data folder (`<data>/cache/translations.bin`): Athena SQL (a query's) and Spark SQL
 * (a job's SQL Query node's) as the translators turned them into DuckDB SQL, so that a process translating a text an
 * earlier one translated — every `lakehouse query` of a query run before, every `lakehouse run` of the same jobs —
 * need not load a grammar (a bundle of its own, its ATN deserialized: a few hundred ms of CPU with Spark's) nor
 * parse.
 *
 * An entry is found only by a key that holds **every input of the translation**: the text, where it starts in its
 * file, the dialect's settings (the default database; the job's Glue version), and what the translator was told of
 * the relations it reads — for Athena SQL the columns and types of the catalog tables and views the query names and
 * whether their databases exist, for Spark SQL the relations and DuckDB columns of the node's frames. Those facts are
 * looked up afresh by the caller each time (from the catalog, from DuckDB) and are part of the key, so a changed
 * table misses; and the code that translates is the key's too: entries are kept per build of the code (the bundles'
 * build id, which covers the grammars' packages through the lock file), Node's V8, ICU and time-zone data (time
 * zones are resolved through `Intl`). A store without a build id (the TypeScript run from source, as the tests do,
 * unless they give one) keeps nothing. Translations that fail (syntax, analysis, refusals) are not kept: they are
 * computed again and fail the same way, with their messages.
 *
 * It is a cache: written atomically but not fsynced, at most {@link MAX_TRANSLATIONS} entries (the least recently
 * used go first), and a file it cannot read is as good as none. Two processes writing it at once: the last one's
 * entries are kept, the other's are computed again later.
 *
 * Nothing in a key or a translation is the data folder's (tables are named, and described by their columns, not by
 * their files): a cache can be given a **shared** one — a file per build in the user's cache folder, outside every
 * project (the CLI gives one; planStore.ts sharedStoreFile) — which it asks when it has no entry for a key and which
 * keeps every entry it is given too, so that a data folder made anew (a new upload, another project with the same
 * jobs) does not load the grammars to translate what was translated before.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as v8 from 'node:v8';
import { writeFileAtomic } from './fsutil';

export const MAX_TRANSLATIONS = 512;

interface StoreFile {
  stamp: string;
  /** hash of the key → value, least recently used first */
  entries: [string, unknown][];
}

/** What the translators' output depends on besides the key's own inputs: the code and the runtime's data. */
export function translationStamp(build: string): string {
  const v = process.versions as Record<string, string | undefined>;
  return `${build} v8 ${v['v8']} icu ${v['icu'] ?? '-'} tz ${v['tz'] ?? '-'} unicode ${v['unicode'] ?? '-'}`;
}

export class TranslationCache {
  private entries: Map<string, unknown> | undefined;
  private loading: Promise<Map<string, unknown>> | undefined;
  private dirty = false;
  private readonly stamp: string | undefined;
  /** lookups that found a value / found none, in this process */
  readonly stats = { hits: 0, misses: 0 };

  /** `build`: the build of the translating code; undefined keeps nothing. `shared`: see the module comment. */
  constructor(
    readonly file: string,
    build: string | undefined,
    private readonly shared?: TranslationCache,
  ) {
    this.stamp = build !== undefined ? translationStamp(build) : undefined;
  }

  /** whether this store keeps anything (a build id was given) */
  get enabled(): boolean {
    return this.stamp !== undefined;
  }

  private load(): Promise<Map<string, unknown>> {
    this.loading ??= (async () => {
      let entries = new Map<string, unknown>();
      try {
        const data = v8.deserialize(await fs.readFile(this.file)) as StoreFile;
        // a file of another build (or none readable) holds nothing for this one
        if (data && data.stamp === this.stamp && Array.isArray(data.entries)) entries = new Map(data.entries);
      } catch {
        // missing or unreadable: start empty
      }
      this.entries = entries;
      return entries;
    })();
    return this.loading;
  }

  /**
   * The key's hash. The key is serialized as V8 clones values (its objects' properties in their order, undefined ones
   * included): two keys are the same only when they are built the same way from the same values.
   */
  private static hash(key: unknown): string {
    return createHash('sha256').update(v8.serialize(key)).digest('base64url');
  }

  /** The value kept for `key` (a copy: the caller may change it), or undefined. */
  async get<T>(key: unknown): Promise<T | undefined> {
    if (this.stamp === undefined) return undefined;
    const entries = await this.load();
    const h = TranslationCache.hash(key);
    if (!entries.has(h)) {
      const found = await this.shared?.get<T>(key);
      if (found === undefined) {
        this.stats.misses++;
        return undefined;
      }
      // (kept here too: the next process finds it in its own data folder)
      this.stats.hits++;
      this.keep(entries, h, structuredClone(found));
      return found;
    }
    this.stats.hits++;
    const value = entries.get(h);
    // most recently used last
    entries.delete(h);
    entries.set(h, value);
    return structuredClone(value) as T;
  }

  /** Whether a value is kept for `key`. */
  async has(key: unknown): Promise<boolean> {
    if (this.stamp === undefined) return false;
    return (await this.load()).has(TranslationCache.hash(key)) || ((await this.shared?.has(key)) ?? false);
  }

  /** Keeps `value` (a copy) for `key`. */
  async set(key: unknown, value: unknown): Promise<void> {
    if (this.stamp === undefined) return;
    this.keep(await this.load(), TranslationCache.hash(key), structuredClone(value));
    await this.shared?.set(key, value);
  }

  private keep(entries: Map<string, unknown>, h: string, value: unknown): void {
    entries.delete(h);
    entries.set(h, value);
    while (entries.size > MAX_TRANSLATIONS) entries.delete(entries.keys().next().value!);
    this.dirty = true;
  }

  /** Writes what was added since the last save (the engine is closing). */
  async save(): Promise<void> {
    await this.shared?.save();
    if (!this.dirty || !this.entries || this.stamp === undefined) return;
    this.dirty = false;
    const data: StoreFile = { stamp: this.stamp, entries: [...this.entries] };
    await writeFileAtomic(this.file, v8.serialize(data), { fsync: false }).catch(() => undefined);
  }
}
