// "Open Result" of the Query History view: an earlier query's rows in the results grid without running it again —
// the Parquet the history kept on the local target (read by the local engine, whichever target is active), or the
// result Athena keeps (read by its QueryExecutionId: no new query, nothing billed). A result no longer kept says so
// and offers to run the query again. The grid sorts, filters and exports it as any result.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { QueryExecution } from '../../core/model';
import type { Ctx } from '../ctx';
import { relativeTime } from '../explorer/relativeTime';
import { showComputedResults, showQueryResults, type ExecutionSource } from '../panels';
import { reshapeSql } from '../panels/resultQuery';
import type { HistoryEntry } from './historyModel';
import { keptResultsDir } from './keptResults';

/** Shows the kept result of a history entry; resolves with the execution shown (undefined: nothing was shown). */
export async function openHistoryResult(ctx: Ctx, e: HistoryEntry): Promise<QueryExecution | undefined> {
  const runAgain = async (why: string): Promise<QueryExecution | undefined> => {
    ctx.log.info(`Open Result: ${why}`);
    const picked = await vscode.window.showInformationMessage(`${why} Run the query again?`, 'Run Again');
    return picked ? showQueryResults(ctx, { sql: e.sql, ...(e.database !== undefined ? { database: e.database } : {}) }) : undefined;
  };
  const r = e.result;
  if (e.state !== 'SUCCEEDED') return runAgain(`This query ${e.state.toLowerCase()}: it has no result.`);
  if (r === undefined) return runAgain('The result of this query is no longer kept (the history keeps the latest results within a size limit).');
  const when = relativeTime(new Date(e.at));

  if (r.kind === 'athena') {
    const target = await ctx.target();
    if (target.kind !== 'aws' || target.label !== e.target) return runAgain(`Its result is kept by Athena on ${e.target}: select that target to open it.`);
    const source: ExecutionSource = {
      start: (t) => t.queries.status(r.executionId),
      reshape: async (t, base, columns, view) => (t.queries.view ? t.queries.view(base.id, { sort: view.sort, filter: view.filter }) : t.queries.start(reshapeSql(e.sql, columns, view), base.context)),
    };
    try {
      return await showComputedResults(ctx, { sql: e.sql }, source);
    } catch (err) {
      return runAgain(`Athena no longer has the result of this query (${errorMessage(err)}).`);
    }
  }

  const { local, own } = await ctx.fileEngine();
  const file = path.join(keptResultsDir(local.dataDir), r.file);
  if (!existsSync(file)) return runAgain('The result of this query is no longer kept (its file was removed).');
  const { startFilePreview, startReshapeOf } = await import('../../core/targets/local/filePreview');
  const message = `The result kept from ${when} (${r.rows.toLocaleString('en-US')} rows), not run again: Run again for the current rows.`;
  const source: ExecutionSource = {
    ...(own ? { engine: local.queries } : {}),
    start: () => startFilePreview(local.queries, file, 'parquet', { label: e.sql, message }),
    reshape: (_t, base, columns, view) => startReshapeOf(local.queries, base, (relation) => reshapeSql(`SELECT * FROM ${relation}`, columns, view)),
  };
  ctx.log.info(`Open Result: the kept result of "${e.sql.slice(0, 80)}" (${r.file})`);
  return showComputedResults(ctx, { sql: e.sql }, source);
}
