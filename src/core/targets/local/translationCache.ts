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
import { hashOf, KeptStore } from './keptStore';

export const MAX_TRANSLATIONS = 512;

/** What the translators' output depends on besides the key's own inputs: the code and the runtime's data. */
export function translationStamp(build: string): string {
  const v = process.versions as Record<string, string | undefined>;
  return `${build} v8 ${v['v8']} icu ${v['icu'] ?? '-'} tz ${v['tz'] ?? '-'} unicode ${v['unicode'] ?? '-'}`;
}


/** A kept store (keptStore.ts) of translations, written when the engine closes (save). */
export class TranslationCache {
  private readonly store: KeptStore<unknown, unknown>;
  /** lookups that found a value / found none, in this process */
  readonly stats = { hits: 0, misses: 0 };

  /** `build`: the build of the translating code; undefined keeps nothing. `shared`: see the module comment. */
  constructor(
    readonly file: string,
    build: string | undefined,
    shared?: TranslationCache,
    options: { userCache?: boolean } = {},
  ) {
    this.store = new KeptStore(file, build !== undefined ? translationStamp(build) : undefined, {
      hash: hashOf,
      max: MAX_TRANSLATIONS,
      shared: shared?.store,
      writes: 'on-settle',
      ...(options.userCache === true ? { sweepTemps: true } : {}),
    });
  }

  /** whether this store keeps anything (a build id was given) */
  get enabled(): boolean {
    return this.store.enabled;
  }

  /** The value kept for `key` (a copy: the caller may change it), or undefined. */
  async get<T>(key: unknown): Promise<T | undefined> {
    if (!this.store.enabled) return undefined;
    const found = await this.store.get(key);
    if (found === undefined) this.stats.misses++;
    else this.stats.hits++;
    return found as T | undefined;
  }

  /** Whether a value is kept for `key`. */
  has(key: unknown): Promise<boolean> {
    return this.store.has(key);
  }

  /** Keeps `value` (a copy) for `key`. */
  set(key: unknown, value: unknown): Promise<void> {
    return this.store.set(key, value);
  }

  /**
   * The same store, its lookups not counted in `stats`: for the facts of the engine kept beside the translations, as
   * dependent on the build and the runtime as they are (DuckDB's own views, queryGuard.ts learnInternalViews).
   */
  get uncounted(): { get(key: unknown): Promise<unknown>; set(key: unknown, value: unknown): Promise<void> } {
    return { get: (key) => this.store.get(key), set: (key, value) => this.store.set(key, value) };
  }

  /** Writes what was added since the last save (the engine is closing). */
  save(): Promise<void> {
    return this.store.settle();
  }
}
