/**
 * What a store of an earlier version may have left, repaired when the target opens: the journal of a prefix replace
 * killed midway (`.lh-replace/`; job output now reaches the store through outputCommit.ts), rolled forward or back,
 * and the temp files of puts whose process is gone.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import { errnoCode, exists, fsyncDir, isProcessAlive, pidOfTempName, readJsonFile } from './fsutil';
import { REPLACE_DIR, RESERVED_PREFIX, isInside } from './objectKeys';

/** What an earlier version's prefix replace wrote to `<root>/.lh-replace/<id>.json` before its first rename. */
export interface ReplaceJournal {
  version: 1;
  id: string;
  pid: number;
  bucket: string;
  prefix: string;
  /** the prefix's folder */
  target: string;
  /** the complete staged folder that becomes the prefix */
  staged: string;
  /** where the previous content is set aside: `<root>/.lh-replace/<id>.old` */
  old: string;
  /** files and bytes in the staged folder, to tell a complete one from a damaged one */
  files: number;
  bytes: number;
  createdOn: string;
}

export interface RecoverReport {
  /** journals rolled forward (the staged content is in place) */
  rolledForward: string[];
  /** journals rolled back (the previous content is in place) */
  rolledBack: string[];
  /** temp files of dead processes removed */
  tempFilesRemoved: number;
}

/** Files and bytes below a folder (symlinks count as problems for the caller to decide). */
async function tally(dir: string): Promise<{ files: number; bytes: number; symlinks: string[] }> {
  const out = { files: 0, bytes: 0, symlinks: [] as string[] };
  const walk = async (d: string): Promise<void> => {
    for (const ent of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) await walk(p);
      else if (ent.isFile()) {
        out.files++;
        out.bytes += (await fs.stat(p)).size;
      } else out.symlinks.push(p);
    }
  };
  await walk(dir);
  return out;
}

/**
 * Repairs what a process of an earlier version killed while it replaced a prefix left (a journal in
 * `.lh-replace/`; job output now reaches the store through outputCommit.ts): with the staged folder complete the
 * switch is finished (roll forward), otherwise the previous content is put back (roll back). Also removes temp
 * files of puts whose process is gone. Call when the target opens; journals of live processes are left alone.
 */
export async function recoverStore(root: string, buckets: () => Promise<readonly { name: string }[]>): Promise<RecoverReport> {
  const report: RecoverReport = { rolledForward: [], rolledBack: [], tempFilesRemoved: 0 };
  const jdir = path.join(root, REPLACE_DIR);
  let names: string[] = [];
  try {
    names = await fs.readdir(jdir);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw e;
  }
  const journaled = new Set<string>();
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(jdir, name);
    const j = await readJsonFile<ReplaceJournal | undefined>(file, undefined);
    if (!j) continue;
    if (typeof j.id !== 'string' || typeof j.target !== 'string' || typeof j.staged !== 'string' || typeof j.old !== 'string') {
      throw new LakehouseError('DataError', `${file}: not a replace journal (id, target, staged and old are required)`, { file });
    }
    journaled.add(`${j.id}.old`);
    const live = isProcessAlive(j.pid) && j.pid !== process.pid;
    if (live) continue;
    if (!isInside(root, j.target) || !isInside(jdir, j.old)) {
      throw new LakehouseError('DataError', `${file}: the journal's folders lie outside ${root}`, { file });
    }
    const outcome = await repair(j);
    await fs.rm(file, { force: true });
    (outcome === 'forward' ? report.rolledForward : report.rolledBack).push(j.id);
  }
  // (only after a repair: an fsync waits for every large write still in the page cache, anyone's)
  if (report.rolledForward.length + report.rolledBack.length > 0) await fsyncDir(jdir);
  // folders set aside whose journal is gone: the switch was committed, only the removal was missed
  for (const name of names) {
    // (another process may be removing its own at the same time: a failure here is left for the next time)
    if (name.endsWith('.old') && !journaled.has(name)) await fs.rm(path.join(jdir, name), { recursive: true, force: true }).catch(() => undefined);
  }
  report.tempFilesRemoved = await sweepTempFiles(root, buckets);
  return report;
}

async function repair(j: ReplaceJournal): Promise<'forward' | 'back'> {
  const [stagedThere, targetThere, oldThere] = await Promise.all([exists(j.staged), exists(j.target), exists(j.old)]);
  let stagedComplete = false;
  if (stagedThere) {
    const t = await tally(j.staged).catch(() => undefined);
    stagedComplete = !!t && t.files === j.files && t.bytes === j.bytes && t.symlinks.length === 0;
  }
  if (stagedComplete) {
    // roll forward: set the previous content aside (if not done yet), move the staged folder in
    if (targetThere) {
      if (oldThere) await fs.rm(j.target, { recursive: true, force: true });
      else await fs.rename(j.target, j.old);
    }
    await fs.mkdir(path.dirname(j.target), { recursive: true });
    await fs.rename(j.staged, j.target);
    await fsyncDir(path.dirname(j.target));
    await fs.rm(j.old, { recursive: true, force: true });
    return 'forward';
  }
  if (!stagedThere && targetThere && oldThere) {
    // both renames happened: only the old content's removal is left
    await fs.rm(j.old, { recursive: true, force: true });
    return 'forward';
  }
  if (!stagedThere && targetThere && !oldThere) {
    // either nothing was renamed and the staged folder vanished, or the prefix was new and the switch done
    return 'forward';
  }
  // roll back: the staged content is missing or damaged; put the previous content back
  if (oldThere) {
    if (targetThere) await fs.rm(j.target, { recursive: true, force: true });
    await fs.mkdir(path.dirname(j.target), { recursive: true });
    await fs.rename(j.old, j.target);
    await fsyncDir(path.dirname(j.target));
  }
  return 'back';
}

/** Removes `.lh-tmp-*` files of processes that no longer exist, in every bucket. */
async function sweepTempFiles(root: string, buckets: () => Promise<readonly { name: string }[]>): Promise<number> {
  let removed = 0;
  const sweep = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const ent of entries) {
      const p = path.join(dir, ent.name);
      if (ent.isDirectory() && !ent.name.startsWith(RESERVED_PREFIX)) await sweep(p);
      else if (ent.isFile() && ent.name.startsWith(RESERVED_PREFIX)) {
        const pid = pidOfTempName(ent.name);
        if (pid !== undefined && !isProcessAlive(pid)) {
          await fs.rm(p, { force: true });
          removed++;
        }
      }
    }
  };
  for (const b of await buckets()) await sweep(path.join(root, b.name));
  return removed;
}
