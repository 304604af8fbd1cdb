/**
 * Job plans kept in the data folder (`<data>/cache/plans.bin`), so that a process reading scripts it has read before
 * — every `lakehouse run` reads all of them to order the pipeline — need not load the Python grammar (a WASM runtime
 * whose first parse costs more than the rest of a small job) to read them again. A plan is a function of the script's
 * text, its name and arguments, and of the code that reads it: entries are kept per build of that code (the bundles'
 * build id, from scripts/build.mjs: a hash of the sources and the locked dependencies), and a store without a build
 * id (the TypeScript run from source, as the tests do, unless they give one) keeps nothing. It is a cache: written
 * atomically but not fsynced, at most {@link MAX_PLANS} plans (the least recently used go first), and a file it
 * cannot read is as good as none.
 *
 * A plan holds for any project (it depends on nothing of the data folder): a store can be given a **shared** store
 * — a file per build in the user's cache folder, outside every project (the CLI gives one: sharedStoreFile) — which it
 * asks when it has no plan for a key, and which keeps every plan it is given too. So a data folder made anew (a new
 * upload, `rm -rf .lakehouse`, another project with the same scripts) does not read the scripts again. The key is the
 * same in both: the script's text, name and arguments; the build is the file's.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { JobPlan } from '../../jobs/plan';
import type { PersistentPlans } from '../../jobs/script';
import { writeFileAtomic } from './fsutil';

declare const __LAKEHOUSE_BUILD__: string | undefined;

/** The build of the code that reads scripts: set in the bundles, undefined when run from source. */
export const BUILD_ID: string | undefined = typeof __LAKEHOUSE_BUILD__ === 'string' ? __LAKEHOUSE_BUILD__ : undefined;

export const MAX_PLANS = 256;

interface StoreFile {
  build: string;
  /** hash of the plan's key → plan, least recently used first */
  plans: [string, JobPlan][];
}

export class PlanStore implements PersistentPlans {
  private plans: Map<string, JobPlan> | undefined;
  private loading: Promise<Map<string, JobPlan>> | undefined;
  private dirty = false;
  private saving: Promise<void> | undefined;

  private readonly build: string;

  /**
   * `build`: the build of the reading code; the plans are kept for it and this V8 (the file's format) only. `shared`:
   * the store asked on a miss, and given every plan this one is given (see the module comment).
   */
  constructor(
    readonly file: string,
    build: string,
    private readonly shared?: PersistentPlans & { settle(): Promise<void> },
  ) {
    this.build = `${build} v8 ${process.versions.v8}`;
  }

  private load(): Promise<Map<string, JobPlan>> {
    this.loading ??= (async () => {
      let plans = new Map<string, JobPlan>();
      try {
        const data = v8.deserialize(await fs.readFile(this.file)) as StoreFile;
        // a file of another build (or none readable) holds nothing for this one
        if (data && data.build === this.build && Array.isArray(data.plans)) plans = new Map(data.plans);
      } catch {
        // missing or unreadable: start empty
      }
      this.plans = plans;
      return plans;
    })();
    return this.loading;
  }

  private static hash(key: string): string {
    return createHash('sha256').update(key).digest('base64url');
  }

  async get(key: string): Promise<JobPlan | undefined> {
    const plans = await this.load();
    const h = PlanStore.hash(key);
    const plan = plans.get(h);
    if (plan === undefined) {
      const found = await this.shared?.get(key);
      // (kept here too: the next process finds it in its own data folder)
      if (found !== undefined) this.keep(plans, h, structuredClone(found));
      return found;
    }
    // most recently used last
    plans.delete(h);
    plans.set(h, plan);
    return structuredClone(plan);
  }

  set(key: string, plan: JobPlan): void {
    const copy = structuredClone(plan);
    void this.load().then((plans) => this.keep(plans, PlanStore.hash(key), copy));
    this.shared?.set(key, plan);
  }

  private keep(plans: Map<string, JobPlan>, h: string, plan: JobPlan): void {
    plans.delete(h);
    plans.set(h, plan);
    while (plans.size > MAX_PLANS) plans.delete(plans.keys().next().value!);
    this.dirty = true;
    this.saveLater();
  }

  private saveLater(): void {
    this.saving ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.write())
      .catch(() => undefined) // a cache: a failed write only means reading the scripts again
      .finally(() => {
        this.saving = undefined;
        if (this.dirty) this.saveLater();
      });
  }

  private async write(): Promise<void> {
    if (!this.dirty || !this.plans) return;
    this.dirty = false;
    const data: StoreFile = { build: this.build, plans: [...this.plans] };
    await writeFileAtomic(this.file, v8.serialize(data), { fsync: false });
  }

  /** Waits for the writes under way (the target is closing). */
  async settle(): Promise<void> {
    await this.loading?.catch(() => undefined);
    // a set() queues its change behind the load: let those run first
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.saving) await this.saving;
    await this.shared?.settle();
  }
}

/**
 * The file of a store shared by every project (PlanStore's `shared`, TranslationCache's): `<dir>/<name>-b-<build>.bin`,
 * one per build, so that two builds used in turn (an upgrade, a benchmark of two) do not wipe each other's.
 */
export function sharedStoreFile(dir: string, name: string, build: string): string {
  return path.join(dir, `${name}${SHARED_BUILD_TAG}${build.replace(/[^\w.-]/g, '_')}.bin`);
}

/** between a shared store's name and its build in the file's name */
export const SHARED_BUILD_TAG = '-b-';
