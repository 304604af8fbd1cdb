// The query history of a project (plain TypeScript, no `vscode`): each query shown in a results tab — its text,
// the target, when, how long, rows, bytes scanned, cost — newest first, at most HISTORY_MAX, kept in the
// workspace's state (never in the project's files). The same statement run again moves to the top.
import type { QueryExecution } from '../../core/model';

export const HISTORY_MAX = 200;

/** An earlier result "Open Result" shows without running the query again (keptResults.ts). */
export type KeptResult =
  /** written as Parquet into the project's data folder: `<data>/cache/results/<file>` */
  | { kind: 'local'; file: string; rows: number; bytes: number }
  /** kept by Athena in the workgroup's output location, read again by its QueryExecutionId */
  | { kind: 'athena'; executionId: string };

export interface HistoryEntry {
  sql: string;
  /** the execution's id (which entry a kept result belongs to) */
  executionId?: string;
  database?: string;
  /** the target's label ("Local (embedded)", "AWS dev (eu-west-1)") */
  target: string;
  state: QueryExecution['state'];
  /** epoch ms */
  at: number;
  elapsedMs?: number;
  rows?: number;
  bytesScanned?: number;
  costUsd?: number;
  error?: string;
  /** the .sql file it came from */
  source?: string;
  /** the result, when it is kept */
  result?: KeptResult;
}

export function historyEntry(exec: QueryExecution, target: string, source?: string): HistoryEntry {
  const s = exec.statistics;
  return {
    sql: exec.sql,
    ...(exec.id !== 'unstarted' ? { executionId: exec.id } : {}),
    ...(exec.context.database !== undefined ? { database: exec.context.database } : {}),
    target,
    state: exec.state,
    at: (exec.completed ?? exec.submitted).getTime(),
    ...(s?.elapsedMs !== undefined ? { elapsedMs: s.elapsedMs } : {}),
    ...(s?.rows !== undefined ? { rows: s.rows } : {}),
    ...(s?.bytesScanned !== undefined ? { bytesScanned: s.bytesScanned } : {}),
    ...(s?.costUsd !== undefined ? { costUsd: s.costUsd } : {}),
    ...(exec.error ? { error: exec.error.message } : {}),
    ...(source !== undefined ? { source } : {}),
  };
}

/** The history with `entry` added on top (the same statement on the same target replaces its older entry). */
export function addToHistory(history: readonly HistoryEntry[], entry: HistoryEntry, max = HISTORY_MAX): HistoryEntry[] {
  const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();
  return [entry, ...history.filter((h) => !(norm(h.sql) === norm(entry.sql) && h.target === entry.target))].slice(0, max);
}

/** The history with `result` kept for the entry of execution `executionId` (unchanged when it has none any more). */
export function withKeptResult(history: readonly HistoryEntry[], executionId: string, result: KeptResult): HistoryEntry[] {
  return history.map((e) => (e.executionId === executionId ? { ...e, result } : e));
}

function isKeptResult(r: unknown): r is KeptResult {
  if (typeof r !== 'object' || r === null) return false;
  const k = r as Record<string, unknown>;
  if (k.kind === 'athena') return typeof k.executionId === 'string';
  return k.kind === 'local' && typeof k.file === 'string' && /^[A-Za-z0-9-]+\.parquet$/.test(k.file) && typeof k.rows === 'number' && typeof k.bytes === 'number';
}

/** Entries as read back from storage: what does not look like one is dropped. */
export function validHistory(value: unknown): HistoryEntry[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is HistoryEntry => typeof e === 'object' && e !== null && typeof (e as HistoryEntry).sql === 'string' && typeof (e as HistoryEntry).at === 'number' && typeof (e as HistoryEntry).target === 'string')
    .map((e) => {
      // a kept result that does not look like one (a file name with a path in it) is dropped, not followed
      if (e.result === undefined || isKeptResult(e.result)) return e;
      const { result: _odd, ...rest } = e;
      return rest;
    });
}
