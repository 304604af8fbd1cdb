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
import * as path from 'node:path';
import type { JobPlan } from '../../jobs/plan';
import type { PersistentPlans } from '../../jobs/script';
import { KeptStore, type SharedStore } from './keptStore';

declare const __LAKEHOUSE_BUILD__: string | undefined;

/** The build of the code that reads scripts: set in the bundles, undefined when run from source. */
export const BUILD_ID: string | undefined = typeof __LAKEHOUSE_BUILD__ === 'string' ? __LAKEHOUSE_BUILD__ : undefined;

export const MAX_PLANS = 256;

/** A plan store: a kept store (keptStore.ts) of plans by the hash of their key, written right after each change. */
export class PlanStore extends KeptStore<string, JobPlan> implements PersistentPlans {
  /**
   * `build`: the build of the reading code; the plans are kept for it and this V8 (the file's format) only. `shared`:
   * the store asked on a miss, and given every plan this one is given (see the module comment).
   */
  constructor(file: string, build: string, shared?: SharedStore<string, JobPlan>, options: { userCache?: boolean } = {}) {
    super(file, `${build} v8 ${process.versions.v8}`, {
      hash: (key) => createHash('sha256').update(key).digest('base64url'),
      max: MAX_PLANS,
      shared,
      writes: 'soon',
      ...(options.userCache === true ? { sweepTemps: true } : {}),
    });
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
