/**
 * Shared and exclusive locks on the S3 locations of the local target, across processes: what lets a reader see a
 * table's old rows or its new rows and never anything between, while a job in another process (the CLI beside the
 * extension, each with its own DuckDB) commits new output there.
 *
 * - A **reader** (a query, a job reading its sources) holds a shared lease on the locations it reads, from before it
 *   lists their files until DuckDB has read them.
 * - A **writer** (a job's commit, CTAS, INSERT) holds an exclusive lock on the locations it changes while it moves
 *   files in and out. It waits for the readers of those locations to finish, and readers coming after it wait for
 *   it (writers go first, so a stream of readers cannot starve one). Two writers of overlapping locations go one at
 *   a time, in the order they asked.
 * - Locations overlap when one is a prefix of the other (`s3://b/t/` and `s3://b/t/dt=1/`).
 *
 * Each holder is a file in `<dataDir>/locks/data/` — `r-<pid>-<hex>.json` for a reader, `w-<time>-<seq>-<pid>-<hex>.json`
 * for a writer (names sort in the order writers asked) — holding its pid, locations and what it is. Files appear
 * whole (written beside, then renamed in). A reader writes its file, then looks for writers; a writer writes its
 * file, then looks for readers: whichever comes second sees the first (the folder's operations are ordered), so they
 * never both go ahead. A holder whose process is gone is removed — a writer's only after its commit was finished
 * (`onDeadWriter`: the commit journal is rolled forward), so nobody reads a half-moved output.
 *
 * Nothing here is timed against the data: waiting is polling with backoff, bounded by `waitMs` (then an error naming
 * the holder) and by the caller's AbortSignal.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import { TEMP_MARKER, errnoCode, isProcessAlive, sleep, writeError } from './fsutil';

/** What a lock file holds. */
export interface LockHolder {
  pid: number;
  /** `s3://bucket/prefix/` locations */
  locations: string[];
  /** what holds it, for messages: `query …`, `job x (run jr_…)` */
  what: string;
  since: string;
}

export interface DataLease {
  /** the holder file's id (a writer's names its commit journal) */
  readonly id: string;
  readonly locations: readonly string[];
  /** whether `location` is covered by this lease (it lies inside one of its locations) */
  covers(location: string): boolean;
  release(): Promise<void>;
}

export interface DataLockOptions {
  /** for messages: what wants the lock */
  what: string;
  signal?: AbortSignal;
  /** how long to wait for other holders (ms); default 10 minutes */
  waitMs?: number;
}

const DEFAULT_WAIT_MS = 10 * 60_000;

/** Whether two `s3://bucket/prefix/` locations overlap (one lies inside the other). */
export function locationsOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/** Sorted, without duplicates, without locations inside another of the list. */
export function coveringLocations(locations: readonly string[]): string[] {
  const sorted = [...new Set(locations)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const out: string[] = [];
  for (const l of sorted) if (!out.some((o) => l.startsWith(o))) out.push(l);
  return out.sort();
}

let writerSeq = 0;

export class DataLocks {
  /**
   * @param dir the folder of the lock files (`<dataDir>/locks/data`)
   * @param onDeadWriter called (once per file, before it is removed) for a writer whose process is gone: finish
   *   its commit. Its id names the commit journal.
   */
  constructor(
    readonly dir: string,
    private readonly onDeadWriter: (id: string, holder: LockHolder) => Promise<void>,
  ) {}

  /** A shared lease on `locations` (readers side by side; none while a writer of an overlapping location holds or waits). */
  async read(locations: readonly string[], options: DataLockOptions): Promise<DataLease> {
    const mine = coveringLocations(locations);
    const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
    for (;;) {
      const lease = await this.create('r', mine, options.what);
      const writer = await this.firstConflict(lease.id, mine, (kind) => kind === 'w');
      if (!writer) return lease;
      // a writer holds or waits for an overlapping location: step back until it is done
      await lease.release();
      await this.waitGone(writer, deadline, options);
    }
  }

  /** An exclusive lock on `locations` (no reader, no other writer of an overlapping location). */
  async write(locations: readonly string[], options: DataLockOptions): Promise<DataLease> {
    const mine = coveringLocations(locations);
    const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
    const lease = await this.create('w', mine, options.what);
    try {
      let delay = 1;
      for (;;) {
        // readers of an overlapping location, and writers that asked before this one
        const blocker = await this.firstConflict(lease.id, mine, (kind, id) => kind === 'r' || id < lease.id);
        if (!blocker) return lease;
        this.checkWait(blocker, deadline, options);
        await sleep(delay);
        delay = Math.min(delay * 2, 20);
      }
    } catch (e) {
      await lease.release();
      throw e;
    }
  }

  /** Removes the files of holders whose process is gone (finishing dead writers' commits first). */
  async sweep(): Promise<number> {
    let removed = 0;
    for (const name of await this.names()) {
      const holder = await this.holder(name);
      if (holder && !isProcessAlive(holder.pid)) {
        await this.removeDead(name, holder);
        removed++;
      }
    }
    return removed;
  }

  // ------------------------------------------------------------ holders

  private async create(kind: 'r' | 'w', locations: string[], what: string): Promise<DataLease> {
    const hex = randomBytes(6).toString('hex');
    const id =
      kind === 'w'
        ? `w-${Date.now().toString().padStart(15, '0')}-${(writerSeq++).toString().padStart(8, '0')}-${process.pid}-${hex}`
        : `r-${process.pid}-${hex}`;
    const holder: LockHolder = { pid: process.pid, locations, what, since: new Date().toISOString() };
    // (atomic: written beside, renamed in — a reader of the folder never sees half a holder)
    const file = path.join(this.dir, `${id}.json`);
    const tmp = path.join(this.dir, `.${id}${TEMP_MARKER}${process.pid}-${hex}`);
    try {
      await this.writeNew(tmp, JSON.stringify(holder));
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw writeError(e, file);
    }
    let released = false;
    return {
      id,
      locations,
      covers: (location) => locations.some((l) => location.startsWith(l)),
      release: async () => {
        if (released) return;
        released = true;
        await fs.rm(path.join(this.dir, `${id}.json`), { force: true });
      },
    };
  }

  /** Writes a new file, making the folder first if it is not there (once, not at every lease). */
  private async writeNew(file: string, text: string): Promise<void> {
    try {
      await fs.writeFile(file, text, { flag: 'wx' });
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw e;
      await fs.mkdir(this.dir, { recursive: true });
      await fs.writeFile(file, text, { flag: 'wx' });
    }
  }

  private async names(): Promise<string[]> {
    try {
      return (await fs.readdir(this.dir)).filter((n) => /^[rw]-.+\.json$/.test(n));
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return [];
      throw e;
    }
  }

  private async holder(name: string): Promise<LockHolder | undefined> {
    try {
      const h = JSON.parse(await fs.readFile(path.join(this.dir, name), 'utf8')) as LockHolder;
      if (typeof h?.pid === 'number' && Array.isArray(h.locations)) return h;
    } catch {
      // gone meanwhile (released), or not ours: not a holder
    }
    return undefined;
  }

  /** The first other live holder overlapping `mine` that `blocks`; dead ones met on the way are removed. */
  private async firstConflict(
    myId: string,
    mine: string[],
    blocks: (kind: 'r' | 'w', id: string) => boolean,
  ): Promise<{ name: string; holder: LockHolder } | undefined> {
    for (const name of (await this.names()).sort()) {
      const id = name.slice(0, -'.json'.length);
      const kind = name[0] as 'r' | 'w';
      if (id === myId || !blocks(kind, id)) continue;
      const holder = await this.holder(name);
      if (!holder || !holder.locations.some((l) => mine.some((m) => locationsOverlap(l, m)))) continue;
      if (!isProcessAlive(holder.pid)) {
        await this.removeDead(name, holder);
        continue;
      }
      return { name, holder };
    }
    return undefined;
  }

  private async removeDead(name: string, holder: LockHolder): Promise<void> {
    if (name.startsWith('w-')) await this.onDeadWriter(name.slice(0, -'.json'.length), holder);
    await fs.rm(path.join(this.dir, name), { force: true });
  }

  private checkWait(blocker: { holder: LockHolder }, deadline: number, options: DataLockOptions): void {
    if (options.signal?.aborted) throw new LakehouseError('Cancelled', `${options.what}: stopped while waiting for ${blocker.holder.what}`);
    if (Date.now() > deadline) {
      const h = blocker.holder;
      throw new LakehouseError(
        'JobRunning',
        `${options.what}: ${h.locations.join(', ')} ${h.locations.length === 1 ? 'is' : 'are'} in use by ${h.what} (process ${h.pid}, since ${h.since}); try again when it has finished`,
        { object: h.locations[0] ?? '' },
      );
    }
  }

  private async waitGone(blocker: { name: string; holder: LockHolder }, deadline: number, options: DataLockOptions): Promise<void> {
    for (let delay = 1; ; delay = Math.min(delay * 2, 20)) {
      this.checkWait(blocker, deadline, options);
      const still = await this.holder(blocker.name);
      if (!still) return;
      if (!isProcessAlive(still.pid)) {
        await this.removeDead(blocker.name, still);
        return;
      }
      await sleep(delay);
    }
  }
}
