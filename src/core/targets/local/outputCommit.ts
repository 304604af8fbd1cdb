/**
 * Committing an output to the local lake: a job's every sink and purge (and the catalog changes that go with them),
 * a CTAS's or an INSERT's files — all of it or nothing, as readers see it and across `kill -9`. (A job run whose later
 * step fails commits the steps before it, as Glue leaves the sinks written before a failure: `partial`.)
 *
 * 1. The writer stages its files first (`.lakehouse/staging/`), nothing visible.
 * 2. It takes the exclusive lock on every location it changes (dataLocks.ts): readers of those locations finish
 *    first, later ones wait.
 * 3. Under the lock it decides everything, in the order of its steps — as Glue runs them in the script's order: a
 *    write adds its staged files beside what is there (S3 keys `part-…-<uuid>`, never an existing name); a purge
 *    takes away the objects under its path last modified before its cutoff (its own time minus its retention),
 *    those the earlier steps added included; CTAS requires an empty location — then the catalog changes.
 * 4. It writes the **journal** (`.lakehouse/commits/<id>.json`: every file to move aside, every file to move in, the
 *    catalog changes). Writing it is the commit point: before, nothing changed; after, the commit is finished by
 *    whoever comes next — this process, or recovery when the project is next opened (or a reader that meets the dead
 *    writer's lock) — by doing the same renames again where they are not done yet (roll forward). A journal whose
 *    staged files are gone cannot be finished and is undone (roll back).
 * 5. It moves the files (renames on one file system), applies the catalog changes in one catalog write (each only
 *    where the table is still as it was decided), removes what was set aside, the journal, and the lock.
 *
 * Renames are not fsynced (as before: a killed process loses nothing, the page cache outlives it; a power loss may
 * lose the newest output, which a run again rebuilds).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError, errorMessage } from '../../errors';
import type { LocalCatalog, TableChange } from './catalog';
import type { DataLocks } from './dataLocks';
import { TEMP_MARKER, acquireLockFile, errnoCode, exists, isProcessAlive, readJsonFile, writeFileAtomic } from './fsutil';
import { RESERVED_PREFIX, isInside, objectKeyProblem, parseS3Uri } from './objectKeys';

/** A write's staged files, going to a location. */
export interface StagedFiles {
  /** `s3://bucket/prefix/` */
  location: string;
  /** the staging folder (consumed by the commit) */
  dir: string;
  /** the files, relative to `dir`, `/`-separated: the keys they get under the location */
  files: string[];
}

export type CommitStep =
  | {
      kind: 'write';
      output: StagedFiles;
      /**
       * Spark's save modes "error" and "ignore" (df.write): when the location exists as this step runs — an object
       * under its prefix, or an object whose key is the prefix without its "/" (Hadoop's `fs.exists` of the path), the
       * earlier steps' adds and removes counted — the commit fails with `message`, or the write is left out
       */
      ifExists?: { mode: 'error' | 'ignore'; message: string };
    }
  /** CTAS, UNLOAD: the location must hold no data (files not starting with `_` or `.`) here; else `message` */
  | { kind: 'requireEmpty'; location: string; message: string }
  | {
      kind: 'purge';
      /** `s3://bucket/prefix/` as the script gives it */
      location: string;
      /** objects last modified before this time (epoch ms) go */
      before: number;
      /** objects of these S3 storage classes stay (every local object is STANDARD) */
      excludeStorageClasses: readonly string[];
      /**
       * Spark's dynamic partition overwrite: only the objects under the partition folders (their first n levels) the
       * next write to the same location stages files into go; the location's other objects stay
       */
      partitionsOfNextWrite?: number;
    };

export interface CommitRequest {
  /** for lock messages: `job x (run jr_…)`, `CTAS db.t` */
  what: string;
  steps: CommitStep[];
  /**
   * the catalog changes that go with the files, decided under the lock (the tables as they are then); `done`: how
   * many of the steps are committed (all of them, unless `partial` stopped at a failing one)
   */
  catalogChanges?: (done: number) => Promise<TableChange[]>;
  /**
   * a job run's commit: a write step whose save mode "error" meets an existing path commits the steps before it (on
   * Glue, they have run by then) and reports the failure in the outcome (`failed`) instead of committing nothing
   */
  partial?: boolean;
  signal?: AbortSignal;
}

export interface CommitOutcome {
  /** per write or purge step: files added, or objects purged */
  steps: { kind: 'write' | 'purge'; location: string; files: number; skipped?: true }[];
  /** `db.table` of the catalog tables created or updated */
  tables: string[];
  /** a `partial` commit that stopped at a failing step: the failure (`steps` holds those before it) */
  failed?: LakehouseError;
}

/** The commit journal: what recovery needs to finish (or undo) a commit. */
export interface CommitJournal {
  version: 1;
  id: string;
  pid: number;
  what: string;
  createdOn: string;
  /** existing objects that go: moved aside first, removed at the end */
  removes: { from: string; aside: string }[];
  /** staged files that come in */
  adds: { from: string; to: string }[];
  /** folders that may be left empty by the removes (pruned up to their bucket folder) */
  prune: string[];
  catalog: TableChange[];
  /** staging folders to remove once done */
  staging: string[];
}

/** What the committer needs of the target. */
export interface CommitDeps {
  /** the object store's root (`.lakehouse/s3`): bucket folders are below it */
  storeRoot: string;
  /** the folder of an `s3://bucket/prefix/` location on disk (validated) */
  localPath(location: string): string;
  /** creates a bucket's folder */
  createBucket(bucket: string): Promise<void>;
  catalog: LocalCatalog;
  locks: DataLocks;
  /** `.lakehouse/commits` */
  journalDir: string;
}

/** Ids of commits under way in this process (their journals are not recovery's). */
const active = new Set<string>();


/** Every file below a folder (its store keys), with its modification time; the store's own `.lh-` files excluded. */
async function filesUnder(dir: string): Promise<{ abs: string; mtimeMs: number }[]> {
  const out: { abs: string; mtimeMs: number }[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch (e) {
      if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return;
      throw e;
    }
    const own = entries.filter((ent) => !ent.name.startsWith(RESERVED_PREFIX) && !ent.name.includes(TEMP_MARKER));
    // (a folder's files stated side by side: a zone holds hundreds)
    await Promise.all(own.filter((ent) => ent.isFile()).map(async (ent) => out.push({ abs: path.join(d, ent.name), mtimeMs: (await fs.stat(path.join(d, ent.name))).mtimeMs })));
    for (const ent of own) if (ent.isDirectory()) await walk(path.join(d, ent.name));
  };
  await walk(dir);
  return out;
}

export class OutputCommitter {
  /** buckets made (or found) by this committer: a bucket's folder is not removed by the store */
  private readonly buckets = new Set<string>();

  constructor(private readonly deps: CommitDeps) {}

  /** Commits the steps all together (see the module's comment); the staged folders are consumed either way. */
  async commit(request: CommitRequest): Promise<CommitOutcome> {
    const stagingDirs = request.steps.flatMap((s) => (s.kind === 'write' ? [s.output.dir] : []));
    const locations = request.steps.map((s) => (s.kind === 'write' ? s.output.location : s.location));
    try {
      for (const bucket of new Set(locations.map((l) => parseS3Uri(l).bucket))) {
        if (this.buckets.has(bucket)) continue;
        await this.deps.createBucket(bucket);
        this.buckets.add(bucket);
      }
      const lock = await this.deps.locks.write(locations, { what: request.what, ...(request.signal ? { signal: request.signal } : {}) });
      active.add(lock.id);
      try {
        const { journal, outcome } = await this.decide(lock.id, request, stagingDirs);
        const journalFile = path.join(this.deps.journalDir, `${lock.id}.json`);
        await writeFileAtomic(journalFile, JSON.stringify(journal), { fsync: false });
        try {
          outcome.tables = await this.apply(journal);
        } catch (e) {
          // not killed, failed (a full disk making a folder): put the previous content back, then say so
          try {
            await this.undo(journal);
            await fs.rm(journalFile, { force: true });
          } catch (undoError) {
            throw new LakehouseError(
              'DataError',
              `${request.what}: committing the output failed (${errorMessage(e)}) and so did undoing it (${errorMessage(undoError)}): ` +
                `${journalFile} finishes it when the project is next opened`,
              { file: journalFile },
              { cause: e },
            );
          }
          throw e;
        }
        await this.finish(journal, journalFile, { background: true });
        return outcome;
      } finally {
        active.delete(lock.id);
        await lock.release();
      }
    } finally {
      await Promise.all(stagingDirs.map((d) => fs.rm(d, { recursive: true, force: true })));
    }
  }

  /** Under the lock: which files go, which come, and the catalog changes, in the steps' order. */
  private async decide(id: string, request: CommitRequest, staging: string[]): Promise<{ journal: CommitJournal; outcome: CommitOutcome }> {
    const aside = path.join(this.deps.journalDir, id);
    /** existing objects listed so far (abs → mtime), and those taken away */
    const existing = new Map<string, number>();
    const listed = new Set<string>();
    const removed = new Set<string>();
    /** staged files coming in: destination → source and mtime */
    const adds = new Map<string, { from: string; mtimeMs: number }>();
    const outcome: CommitOutcome = { steps: [], tables: [] };
    /** folders found to be folders (not objects) already */
    const placed = new Set<string>();
    const listExisting = async (dir: string): Promise<void> => {
      if ([...listed].some((l) => isInside(l, dir))) return;
      for (const f of await filesUnder(dir)) existing.set(f.abs, f.mtimeMs);
      listed.add(dir);
    };
    const present = (dir: string): { abs: string; mtimeMs: number; staged: boolean }[] => [
      ...[...existing].filter(([abs]) => isInside(dir, abs) && !removed.has(abs)).map(([abs, mtimeMs]) => ({ abs, mtimeMs, staged: false })),
      ...[...adds].filter(([abs]) => isInside(dir, abs)).map(([abs, a]) => ({ abs, mtimeMs: a.mtimeMs, staged: true })),
    ];
    for (const [index, step] of request.steps.entries()) {
      if (step.kind === 'write') {
        const { output } = step;
        const { bucket, prefix } = parseS3Uri(output.location);
        const dest = this.deps.localPath(output.location);
        if (step.ifExists !== undefined) {
          await listExisting(dest);
          // (the key without its "/" is a file beside the folder: an object S3 would list at that path)
          const asObject = prefix !== '' && (adds.has(dest) || (!removed.has(dest) && (await fs.stat(dest).then((st) => st.isFile(), () => false))));
          if (asObject || present(dest).length > 0) {
            if (step.ifExists.mode === 'error') {
              const failed = new LakehouseError('AlreadyExists', step.ifExists.message, { object: output.location });
              if (!request.partial) throw failed;
              outcome.failed = failed;
              break;
            }
            outcome.steps.push({ kind: 'write', location: output.location, files: 0, skipped: true });
            continue;
          }
        }
        for (const rel of output.files) {
          const key = prefix + rel;
          const problem = objectKeyProblem(key);
          if (problem) throw new LakehouseError('InvalidObjectKey', `cannot write s3://${bucket}/${key}: ${problem}`, { object: key });
          const to = path.join(dest, ...rel.split('/'));
          await this.checkPlace(bucket, key, to, placed);
          const from = path.join(output.dir, ...rel.split('/'));
          adds.set(to, { from, mtimeMs: (await fs.stat(from)).mtimeMs });
        }
        outcome.steps.push({ kind: 'write', location: output.location, files: output.files.length });
      } else if (step.kind === 'requireEmpty') {
        const dir = this.deps.localPath(step.location);
        await listExisting(dir);
        if (present(dir).some((f) => !/^[._]/.test(path.basename(f.abs)))) throw new LakehouseError('AlreadyExists', step.message, { object: step.location });
      } else {
        const { bucket, prefix } = parseS3Uri(step.location);
        if (prefix === '' || !prefix.endsWith('/'))
          throw new LakehouseError('InvalidInput', `purge of ${step.location}: the local store purges a prefix ending in "/", not a whole bucket`, { object: step.location });
        const dir = this.deps.localPath(step.location);
        await listExisting(dir);
        let n = 0;
        // (local objects are all of the STANDARD storage class)
        const classKept = step.excludeStorageClasses.includes('STANDARD');
        const depth = step.partitionsOfNextWrite;
        const next = depth === undefined ? undefined : request.steps.slice(index + 1).find((s) => s.kind === 'write' && s.output.location === step.location);
        const partitions =
          depth === undefined ? undefined : new Set((next?.kind === 'write' ? next.output.files : []).map((rel) => rel.split('/')).filter((parts) => parts.length > depth).map((parts) => path.join(dir, ...parts.slice(0, depth))));
        for (const f of present(dir)) {
          if (classKept || !(f.mtimeMs < step.before)) continue;
          if (partitions !== undefined && ![...partitions].some((p) => isInside(p, f.abs))) continue;
          if (f.staged) adds.delete(f.abs);
          else removed.add(f.abs);
          n++;
        }
        outcome.steps.push({ kind: 'purge', location: `s3://${bucket}/${prefix}`, files: n });
      }
    }
    const removes = [...removed].sort().map((from, i) => ({ from, aside: path.join(aside, String(i)) }));
    const catalog = request.catalogChanges ? await request.catalogChanges(outcome.steps.length) : [];
    const journal: CommitJournal = {
      version: 1,
      id,
      pid: process.pid,
      what: request.what,
      createdOn: new Date().toISOString(),
      removes,
      adds: [...adds].map(([to, a]) => ({ from: a.from, to })),
      prune: [...new Set(removes.map((r) => path.dirname(r.from)))],
      catalog,
      staging,
    };
    return { journal, outcome };
  }

  /** A file may go to `to`: no ancestor folder of it is an object (or a link), and it is not a folder itself. */
  private async checkPlace(bucket: string, key: string, to: string, placed: Set<string>): Promise<void> {
    const bucketDir = path.join(this.deps.storeRoot, bucket);
    const collision = (what: string) =>
      new LakehouseError(
        'InvalidObjectKey',
        `cannot store object "${key}": ${what}. S3 allows a key to be both an object and a prefix of other keys; the local store keeps objects as files and folders, so it cannot`,
        { object: key },
      );
    let dir = path.dirname(to);
    while (isInside(bucketDir, dir) && dir !== bucketDir && !placed.has(dir)) {
      try {
        const st = await fs.lstat(dir);
        if (!st.isDirectory()) throw collision(`"${path.relative(bucketDir, dir).split(path.sep).join('/')}" is an object${st.isSymbolicLink() ? ' (a symbolic link)' : ''}`);
      } catch (e) {
        if (e instanceof LakehouseError) throw e;
        if (errnoCode(e) !== 'ENOENT' && errnoCode(e) !== 'ENOTDIR') throw e;
      }
      placed.add(dir);
      dir = path.dirname(dir);
    }
    try {
      if ((await fs.lstat(to)).isDirectory()) throw collision(`"${key}/" is a prefix of other objects`);
    } catch (e) {
      if (e instanceof LakehouseError) throw e;
      if (errnoCode(e) !== 'ENOENT' && errnoCode(e) !== 'ENOTDIR') throw e;
    }
  }

  /** Does what the journal says where it is not done yet (roll forward); returns the tables changed. */
  private async apply(j: CommitJournal): Promise<string[]> {
    for (const r of j.removes) {
      try {
        await fs.mkdir(path.dirname(r.aside), { recursive: true });
        await fs.rename(r.from, r.aside);
      } catch (e) {
        // moved aside already (recovery doing it again), or gone meanwhile
        if (errnoCode(e) !== 'ENOENT') throw e;
      }
    }
    for (const a of j.adds) {
      try {
        await fs.mkdir(path.dirname(a.to), { recursive: true });
        await fs.rename(a.from, a.to);
      } catch (e) {
        if (errnoCode(e) !== 'ENOENT' || !(await exists(a.to))) throw e;
      }
    }
    return this.deps.catalog.applyTableChanges(j.catalog);
  }

  /** Undoes what `apply` did of a journal: the added files go back to staging, the removed ones come back. */
  private async undo(j: CommitJournal): Promise<void> {
    for (const a of j.adds) {
      if (!(await exists(a.to)) || (await exists(a.from))) continue;
      await fs.mkdir(path.dirname(a.from), { recursive: true });
      await fs.rename(a.to, a.from);
    }
    for (const r of j.removes) {
      if (!(await exists(r.aside)) || (await exists(r.from))) continue;
      await fs.mkdir(path.dirname(r.from), { recursive: true });
      await fs.rename(r.aside, r.from);
    }
    await fs.rm(path.join(this.deps.journalDir, j.id), { recursive: true, force: true });
    await this.pruneEmpty(j.adds.map((a) => path.dirname(a.to)));
  }

  /**
   * After a commit: empty folders go, then the journal (the commit is complete); what was set aside and the staging
   * folders are garbage then, removed in the background (a large output's files need not be unlinked before the
   * next job starts; one cut short by the process ending is removed by recover: a set-aside folder without journal).
   */
  private async finish(j: CommitJournal, journalFile: string, options: { background: boolean }): Promise<void> {
    await this.pruneEmpty(j.prune);
    await fs.rm(journalFile, { force: true });
    const garbage = [path.join(this.deps.journalDir, j.id), ...j.staging];
    if (options.background) this.removeLater(garbage);
    else await Promise.all(garbage.map((p) => fs.rm(p, { recursive: true, force: true })));
  }

  private readonly removals = new Set<Promise<void>>();

  private removeLater(paths: string[]): void {
    const removal: Promise<void> = Promise.all(paths.map((p) => fs.rm(p, { recursive: true, force: true }).catch(() => undefined)))
      .then(() => undefined)
      .finally(() => this.removals.delete(removal));
    this.removals.add(removal);
  }

  /** Waits for the removals still going on (the target is closing). */
  async settle(): Promise<void> {
    while (this.removals.size > 0) await Promise.all([...this.removals]);
  }

  /** Removes empty folders from each of `dirs` up to (not including) its bucket folder. */
  private async pruneEmpty(dirs: string[]): Promise<void> {
    for (const start of [...new Set(dirs)].sort((a, b) => b.length - a.length)) {
      const rel = path.relative(this.deps.storeRoot, start);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const bucketDir = path.join(this.deps.storeRoot, rel.split(path.sep)[0]!);
      let dir = start;
      while (dir !== bucketDir && isInside(bucketDir, dir)) {
        try {
          await fs.rmdir(dir);
        } catch {
          break; // not empty (or gone)
        }
        dir = path.dirname(dir);
      }
    }
  }

  /**
   * Finishes the commit of a writer whose process is gone: its journal, if it wrote one, is rolled forward (or,
   * its staged files being gone, back). Safe to call from several processes at once (one does it).
   */
  async recoverOne(id: string): Promise<'forward' | 'back' | 'none'> {
    const journalFile = path.join(this.deps.journalDir, `${id}.json`);
    if (!(await exists(journalFile))) {
      // no journal: nothing was changed; what was staged or set aside is leftovers
      await fs.rm(path.join(this.deps.journalDir, id), { recursive: true, force: true });
      return 'none';
    }
    const lock = await acquireLockFile(path.join(this.deps.journalDir, 'recovery.lock'), { waitMs: 60_000, info: { purpose: 'commit recovery' } });
    if (!lock.acquired) throw new LakehouseError('JobRunning', `commit recovery is under way in process ${lock.holder.pid} (${this.deps.journalDir})`, { file: this.deps.journalDir });
    try {
      const j = await readJsonFile<CommitJournal | undefined>(journalFile, undefined);
      if (!j) return 'none'; // finished by someone else meanwhile
      this.checkJournal(j, journalFile);
      const complete = await Promise.all(j.adds.map(async (a) => (await exists(a.to)) || (await exists(a.from))));
      if (complete.every(Boolean)) {
        await this.apply(j);
        await this.finish(j, journalFile, { background: false });
        return 'forward';
      }
      await this.undo(j);
      await Promise.all(j.staging.map((d) => fs.rm(d, { recursive: true, force: true })));
      await fs.rm(journalFile, { force: true });
      return 'back';
    } finally {
      await lock.release();
    }
  }

  /** Journals of processes that are gone (or of this one, not under way): finished or undone. Call at open. */
  async recover(): Promise<{ rolledForward: string[]; rolledBack: string[] }> {
    const out = { rolledForward: [] as string[], rolledBack: [] as string[] };
    let names: string[] = [];
    try {
      names = await fs.readdir(this.deps.journalDir);
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw e;
    }
    for (const name of names.sort()) {
      const m = /^(w-\d+-\d+-(\d+)-[0-9a-f]+)(\.json)?$/.exec(name);
      if (!m) continue;
      const [, id, pid] = m;
      if (active.has(id!) || (isProcessAlive(Number(pid)) && Number(pid) !== process.pid)) continue;
      if (m[3] === undefined) {
        // a folder of set-aside objects: finished if its journal is gone
        if (!names.includes(`${id}.json`)) await fs.rm(path.join(this.deps.journalDir, name), { recursive: true, force: true });
        continue;
      }
      const outcome = await this.recoverOne(id!);
      if (outcome === 'forward') out.rolledForward.push(id!);
      else if (outcome === 'back') out.rolledBack.push(id!);
    }
    return out;
  }

  private checkJournal(j: CommitJournal, file: string): void {
    const inStore = (p: unknown) => typeof p === 'string' && isInside(this.deps.storeRoot, p);
    const inData = (p: unknown) => typeof p === 'string' && isInside(path.dirname(this.deps.journalDir), p);
    const ok =
      j.version === 1 &&
      Array.isArray(j.removes) &&
      Array.isArray(j.adds) &&
      Array.isArray(j.catalog) &&
      Array.isArray(j.staging) &&
      Array.isArray(j.prune) &&
      j.removes.every((r) => inStore(r.from) && inData(r.aside)) &&
      j.adds.every((a) => inStore(a.to) && inData(a.from)) &&
      j.prune.every(inStore) &&
      j.staging.every(inData) &&
      j.catalog.every((c: TableChange) => typeof c?.after?.database === 'string' && typeof c.after.name === 'string');
    if (!ok) throw new LakehouseError('DataError', `${file}: not a commit journal of this project (its paths must lie inside ${path.dirname(this.deps.journalDir)})`, { file });
  }
}
