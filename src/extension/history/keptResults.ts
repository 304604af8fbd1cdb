// The results the query history keeps, so that "Open Result" shows an earlier query's rows without running it again
// (plain TypeScript, no `vscode`):
// - on the local target, the result written as Parquet (by the engine, as an export) into the project's data folder,
//   `<data>/cache/results/<execution id>.parquet`: the newest KEEP_FILES of them, a result of at most KEEP_ROWS rows
//   and KEEP_FILE_BYTES, all of them at most KEEP_TOTAL_BYTES — the oldest go first, and a file no history entry
//   names any more (the same query run again, the history cleared) goes at the next prune;
// - on Athena, nothing is copied: Athena keeps every result in the workgroup's output location (until the bucket's
//   lifecycle rules remove it), and the tab reads it again by its QueryExecutionId, as a restored tab does — no new
//   query, nothing billed.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { HistoryEntry, KeptResult } from './historyModel';

export const KEEP_FILES = 20;
export const KEEP_ROWS = 250_000;
export const KEEP_FILE_BYTES = 64 * 1024 * 1024;
export const KEEP_TOTAL_BYTES = 256 * 1024 * 1024;

export interface KeepLimits {
  files: number;
  rows: number;
  fileBytes: number;
  totalBytes: number;
}

export const KEEP_LIMITS: KeepLimits = { files: KEEP_FILES, rows: KEEP_ROWS, fileBytes: KEEP_FILE_BYTES, totalBytes: KEEP_TOTAL_BYTES };

/** The folder of kept results in a data folder. */
export function keptResultsDir(dataDir: string): string {
  return path.join(dataDir, 'cache', 'results');
}

/** The file name of an execution's kept result (execution ids are UUIDs; anything else is refused). */
export function keptResultName(executionId: string): string {
  if (!/^[A-Za-z0-9-]{1,80}$/.test(executionId)) throw new Error(`not an execution id: ${executionId}`);
  return `${executionId}.parquet`;
}

/** Why a result is not kept, or undefined when it may be (rows known: the engine's statistics). */
export function notKeptReason(rows: number | undefined, limits: KeepLimits = KEEP_LIMITS): string | undefined {
  if (rows === undefined) return 'its row count is unknown';
  if (rows > limits.rows) return `${rows.toLocaleString('en-US')} rows: results of more than ${limits.rows.toLocaleString('en-US')} rows are not kept`;
  return undefined;
}

/**
 * Deletes the kept files of `dir` beyond the limits: files no entry of `history` names, then — newest entries
 * first — every file past the first `limits.files` or past `limits.totalBytes` in all. Returns the history with
 * the `result` of the entries whose file is gone or was deleted dropped, and the names of the files deleted.
 */
export async function pruneKeptResults(dir: string, history: readonly HistoryEntry[], limits: KeepLimits = KEEP_LIMITS): Promise<{ history: HistoryEntry[]; deleted: string[] }> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const onDisk = new Set(names.filter((n) => n.endsWith('.parquet')));
  const keep = new Set<string>();
  let files = 0;
  let bytes = 0;
  const out = history.map((e) => {
    const r = e.result;
    if (r?.kind !== 'local') return e;
    const fits = onDisk.has(r.file) && files < limits.files && bytes + r.bytes <= limits.totalBytes;
    if (!fits) {
      const { result: _gone, ...rest } = e;
      return rest;
    }
    files++;
    bytes += r.bytes;
    keep.add(r.file);
    return e;
  });
  const deleted: string[] = [];
  for (const name of onDisk) {
    if (keep.has(name)) continue;
    await fs.rm(path.join(dir, name), { force: true });
    deleted.push(name);
  }
  return { history: out, deleted };
}

/** The kept result of an entry as its tooltip says it. */
export function describeKept(r: KeptResult | undefined): string {
  if (r === undefined) return 'result not kept: Open Result offers to run it again';
  if (r.kind === 'athena') return `result kept by Athena (query ${r.executionId})`;
  return `result kept (${r.rows.toLocaleString('en-US')} rows)`;
}
