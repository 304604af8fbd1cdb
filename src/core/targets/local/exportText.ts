/**
 * The text Athena's CSV holds for arrays, maps and rows (`[1, 2]`, `{last=Smith, first=Bob, age=35}`, `{Bob, 38}`:
 * src/core/sql/dialects/render.ts), for a CSV export of a local result: DuckDB cannot write it (a map's order is
 * Java's HashMap's), so the nested columns are rendered here, page by page, into a temporary table of their own that
 * the export joins to the result by row.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { QueryColumn } from '../../model';
import { renderAthena } from '../../sql/dialects/render';
import { ident, toCell } from './duck';

const PAGE = 10_000;

/**
 * Fills the temporary table `into` (`rid`, then `c<i>` for each column `i` of `nested`) with the Athena text of the
 * nested columns of the first `rows` rows of `relation` (a result table, its rows numbered by `rowid` from 0).
 * Throws what showing a value throws (a map whose order cannot be kept is refused, as on screen).
 */
export async function writeNestedText(
  conn: DuckDBConnection,
  relation: string,
  into: string,
  columns: { column: QueryColumn; duckName: string; duckType: string; index: number }[],
  rows: number,
  signal?: AbortSignal,
): Promise<void> {
  await conn.run(`CREATE TEMP TABLE ${ident(into)} (rid BIGINT, ${columns.map((c) => `${ident(`c${c.index}`)} VARCHAR`).join(', ')})`);
  const appender = await conn.createAppender(into, 'main', 'temp');
  try {
    for (let offset = 0; offset < rows; offset += PAGE) {
      if (signal?.aborted) return;
      const end = Math.min(rows, offset + PAGE);
      const reader = await conn.runAndReadAll(
        `SELECT rowid, ${columns.map((c) => ident(c.duckName)).join(', ')} FROM ${relation} WHERE rowid >= ${offset} AND rowid < ${end} ORDER BY rowid`,
      );
      for (const r of reader.getRowsJson() as unknown[][]) {
        appender.appendBigInt(BigInt(r[0] as string | number));
        columns.forEach((c, i) => {
          const cell = toCell(r[i + 1], c.duckType);
          if (cell === null) appender.appendNull();
          else appender.appendVarchar(renderAthena(cell, c.column.type));
        });
        appender.endRow();
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
