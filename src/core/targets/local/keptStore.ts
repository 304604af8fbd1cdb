/**
 * A cache kept in a file: a map from a key's hash to a value, at most `max` entries (the least recently used go
 * first), written atomically but not fsynced, v8-serialized with a **stamp** — what its values depend on besides
 * their keys (the build of the code that made them, the runtime's versions): a file of another stamp, or one that
 * cannot be read, holds nothing. Job plans (planStore.ts) and SQL translations (translationCache.ts) are each one.
 *
 * A store can have a **shared** store behind it (a file in the user's cache folder, outside every project): asked
 * when this one has no entry for a key — what it has is kept here too — and given every entry this one is given. A
 * shared store's folder is the user's, written by every process of every project: a temporary file a crashed process
 * left there (its process gone, or a day old) is removed when the store is next written (sweepStaleTempFiles).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { writeFileAtomic } from './fsutil';
import { sweepStaleTempFiles } from '../../userCache';

/**
 * The key's hash. The key is serialized as V8 clones values (its objects' properties in their order, undefined ones
 * included): two keys are the same only when they are built the same way from the same values.
 */
export function hashOf(key: unknown): string {
  return createHash('sha256').update(v8.serialize(key)).digest('base64url');
}

interface StoreFile {
  stamp: string;
  /** hash of the key → value, least recently used first */
  entries: [string, unknown][];
}

/** A store asked on a miss and given every entry, by the same keys (a KeptStore is one). */
export interface SharedStore<K, V> {
  get(key: K): Promise<V | undefined>;
  has?(key: K): Promise<boolean>;
  set(key: K, value: V): void | Promise<void>;
  settle(): Promise<void>;
}

export interface KeptStoreOptions<K, V> {
  /** the key's hash, the file's key of the entry */
  hash: (key: K) => string;
  /** at most this many entries */
  max: number;
  /** asked on a miss and given every entry (see the module comment) */
  shared?: SharedStore<K, V> | undefined;
  /** `soon`: written in the next turn of the event loop after a change; `on-settle`: when settle() is called */
  writes: 'soon' | 'on-settle';
  /** the store's folder is the user's cache folder: stale temporary files there are swept at each write */
  sweepTemps?: boolean;
}

export class KeptStore<K, V> implements SharedStore<K, V> {
  private entries: Map<string, V> | undefined;
  private loading: Promise<Map<string, V>> | undefined;
  private dirty = false;
  private saving: Promise<void> | undefined;

  /** `stamp`: see the module comment; undefined keeps nothing (every get misses, set is ignored). */
  constructor(
    readonly file: string,
    private readonly stamp: string | undefined,
    private readonly options: KeptStoreOptions<K, V>,
  ) {}

  /** whether this store keeps anything */
  get enabled(): boolean {
    return this.stamp !== undefined;
  }

  private load(): Promise<Map<string, V>> {
    this.loading ??= (async () => {
      let entries = new Map<string, V>();
      try {
        const data = v8.deserialize(await fs.readFile(this.file)) as StoreFile;
        // a file of another stamp (or none readable) holds nothing for this one
        if (data && data.stamp === this.stamp && Array.isArray(data.entries)) entries = new Map(data.entries as [string, V][]);
      } catch {
        // missing or unreadable: start empty
      }
      this.entries = entries;
      return entries;
    })();
    return this.loading;
  }

  /** The value kept for the key (a copy: the caller may change it), here or in the shared store; or undefined. */
  async get(key: K): Promise<V | undefined> {
    if (this.stamp === undefined) return undefined;
    const entries = await this.load();
    const hash = this.options.hash(key);
    if (!entries.has(hash)) {
      const found = await this.options.shared?.get(key);
      // (kept here too: the next process finds it in its own file)
      if (found !== undefined) this.keep(entries, hash, structuredClone(found));
      return found;
    }
    const value = entries.get(hash)!;
    // most recently used last
    entries.delete(hash);
    entries.set(hash, value);
    return structuredClone(value);
  }

  /** Whether a value is kept for the key, here or in the shared store. */
  async has(key: K): Promise<boolean> {
    if (this.stamp === undefined) return false;
    return (await this.load()).has(this.options.hash(key)) || ((await this.options.shared?.has?.(key)) ?? false);
  }

  /** Keeps a copy of `value` for the key, here and in the shared store. */
  async set(key: K, value: V): Promise<void> {
    if (this.stamp === undefined) return;
    // (copied now: the caller may change it once this returns)
    const copy = structuredClone(value);
    const shared = this.options.shared?.set(key, value);
    this.keep(await this.load(), this.options.hash(key), copy);
    await shared;
  }

  private keep(entries: Map<string, V>, hash: string, value: V): void {
    entries.delete(hash);
    entries.set(hash, value);
    while (entries.size > this.options.max) entries.delete(entries.keys().next().value!);
    this.dirty = true;
    if (this.options.writes === 'soon') this.saveLater();
  }

  private saveLater(): void {
    this.saving ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.write())
      .catch(() => undefined) // a cache: a failed write only means computing the values again
      .finally(() => {
        this.saving = undefined;
        if (this.dirty && this.options.writes === 'soon') this.saveLater();
      });
  }

  private async write(): Promise<void> {
    if (!this.dirty || !this.entries || this.stamp === undefined) return;
    this.dirty = false;
    const data: StoreFile = { stamp: this.stamp, entries: [...this.entries] };
    if (this.options.sweepTemps === true) await sweepStaleTempFiles(path.dirname(this.file));
    await writeFileAtomic(this.file, v8.serialize(data), { fsync: false });
  }

  /** Writes what changed and waits for the writes under way, here and in the shared store (the owner is closing). */
  async settle(): Promise<void> {
    await this.loading?.catch(() => undefined);
    // a set() queues its change behind the load: let those run first
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.saving) await this.saving;
    if (this.dirty) await this.write().catch(() => undefined);
    await this.options.shared?.settle();
  }
}
