/**
 * What processes that died (`kill -9`, a crash, a power cut) leave in the data folder, removed when a project is
 * opened. Everything here is named after the process that made it, and only what belongs to a process that no
 * longer exists is touched:
 *
 * | left behind | by |
 * | --- | --- |
 * | `staging/<pid>/` | output staged by a run or a CTAS that never committed |
 * | `tmp/profile-<pid>-….json` | the profiler's output of a job run (rows read) |
 * | `tmp/duckdb-<pid>/` | DuckDB's spill files |
 * | `.<name>.lh-tmp-<pid>-<hex>` (in the data folder, `cache/`, `locks/`, `locks/data/`, `commits/`, `tmp/`) | a file written atomically, cut short |
 *
 * (Half-done commits and their set-aside objects are outputCommit.ts's, the object store's temp files the store's;
 * the runs' folders are not walked: a job's history grows with every run, and opening must not read it.)
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isProcessAlive, pidOfTempName } from './fsutil';

const dead = (pid: number | undefined): boolean => pid !== undefined && Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isProcessAlive(pid);

async function names(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}

/** Removes the leftovers of dead processes from a data folder; returns how many were removed. */
export async function sweepLeftovers(dataDir: string): Promise<number> {
  let removed = 0;
  const rm = async (p: string) => {
    await fs.rm(p, { recursive: true, force: true });
    removed++;
  };
  for (const n of await names(path.join(dataDir, 'staging'))) if (/^\d+$/.test(n) && dead(Number(n))) await rm(path.join(dataDir, 'staging', n));
  const tmp = path.join(dataDir, 'tmp');
  for (const n of await names(tmp)) {
    const m = /^(?:profile-(\d+)-.*\.json|duckdb-(\d+))$/.exec(n);
    if (m && dead(Number(m[1] ?? m[2]))) await rm(path.join(tmp, n));
  }
  for (const dir of [dataDir, path.join(dataDir, 'cache'), path.join(dataDir, 'locks'), path.join(dataDir, 'locks', 'data'), path.join(dataDir, 'commits'), tmp])
    for (const n of await names(dir)) if (dead(pidOfTempName(n))) await rm(path.join(dir, n));
  return removed;
}
