// What a result tab tells its page about an execution: the status line's figures, the error with its position in
// the SQL file it came from, and the column statistics the grid asks for (computed by the engine over the query).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { QueryExecution } from '../../core/model';
import type { ResultMessageToPage, ResultTabState, StatusView, ViewSpec } from '../../webview/protocol';
import { columnStatsOf, columnStatsSql, isRerunnable, positionInSource, reshapeSql, titleOfSql } from './resultQuery';
import type { PanelHost } from './types';

/**
 * The status of an execution as the page shows it. `source`: the SQL file range the statement came from (an error
 * links back to it); `ownSource`: the execution is started by its owner (a job node's preview), which reshapes it.
 */
export function statusOf(exec: QueryExecution, source: ResultTabState['source'], ownSource: boolean, view?: { rows: number }): StatusView {
  const stats = exec.statistics;
  const e = exec.error;
  const where = e?.line !== undefined && source ? sourceWhere(source, e.line, e.column ?? 1) : undefined;
  return {
    state: exec.state,
    executionId: exec.id,
    ...(exec.kind !== undefined ? { kind: exec.kind } : {}),
    columns: [],
    ...(stats?.rows !== undefined ? { rows: stats.rows } : {}),
    ...(view ? { viewRows: view.rows } : stats?.rows !== undefined ? { viewRows: stats.rows } : {}),
    ...(stats ? { elapsedMs: stats.elapsedMs, engine: stats.engine } : {}),
    ...(stats?.bytesScanned !== undefined ? { bytesScanned: stats.bytesScanned } : {}),
    ...(stats?.engineMs !== undefined ? { engineMs: stats.engineMs } : {}),
    ...(stats?.costUsd !== undefined ? { costUsd: stats.costUsd } : {}),
    ...(exec.message !== undefined ? { message: exec.message } : {}),
    ...(e
      ? {
          error: {
            message: e.message,
            ...(e.line !== undefined ? { line: e.line } : {}),
            ...(e.column !== undefined ? { column: e.column } : {}),
            ...(where !== undefined ? { where } : {}),
            // only an error at a position in the SQL (not a credentials or connection error) links back to it
            canReveal: source !== undefined && e.line !== undefined,
          },
        }
      : {}),
    canReshape: exec.state === 'SUCCEEDED' && (isRerunnable(exec.kind) || ownSource),
  };
}

function sourceWhere(s: NonNullable<ResultTabState['source']>, line: number, column: number): string {
  const pos = positionInSource({ line: s.range[0], character: s.range[1] }, line, column);
  return `${path.basename(vscode.Uri.parse(s.uri).path)}:${pos.line + 1}:${pos.character + 1}`;
}

/**
 * Column statistics (NULLs, distinct values, min and max) of the rows the grid shows — the quick filter applies,
 * the sort does not matter — computed by the engine over the query `sql`, as sort and filter are.
 */
export async function columnStats(host: PanelHost, sql: string, status: StatusView | undefined, context: QueryExecution['context'], view: ViewSpec): Promise<ResultMessageToPage> {
  if (!status || status.state !== 'SUCCEEDED' || !status.canReshape || status.columns.length === 0)
    return { type: 'stats', ok: false, error: 'Column statistics are computed for the result of a query (SELECT …) that succeeded.' };
  try {
    const target = await host.target();
    const viewSql = reshapeSql(sql, status.columns, { sort: [], filter: view.filter });
    const started = await target.queries.start(columnStatsSql(viewSql, status.columns), context);
    const final = await target.queries.wait(started.id);
    if (final.state !== 'SUCCEEDED') throw new Error(final.error?.message ?? `the statistics query ${final.state.toLowerCase()}`);
    const page = await target.queries.page(final.id, { maxRows: 1 });
    const stats = columnStatsOf(status.columns, page.rows[0] ?? []);
    host.log.info(`column statistics of "${titleOfSql(sql)}": ${stats.rows} rows, ${final.statistics?.elapsedMs ?? '?'} ms`);
    return { type: 'stats', ok: true, ...stats, elapsedMs: final.statistics?.elapsedMs ?? 0 };
  } catch (e) {
    host.log.error(`column statistics of "${titleOfSql(sql)}": ${errorMessage(e)}`);
    return { type: 'stats', ok: false, error: errorMessage(e) };
  }
}
