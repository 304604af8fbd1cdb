/**
 * Random access to the rows of a result that the engine pages with tokens: `rows(start, end)` for the grid's
 * blocks. Tokens are opaque in the Target interface (Athena's NextToken only leads to the next page), so the
 * cursor remembers the token that starts each offset it has seen and, to reach an offset it has not, walks forward
 * from the nearest one before it. An engine whose tokens are row offsets (the local engine) is reached directly.
 * Plain TypeScript (no `vscode`).
 */
import type { CellValue, QueryColumn, ResultPage } from '../../core/model';

export interface PageSource {
  page(id: string, options?: { pageToken?: string; maxRows?: number }): Promise<ResultPage>;
}

/** The most rows the engines return in one page (the local engine's limit). */
export const MAX_PAGE_ROWS = 100_000;

export class ResultCursor {
  /** offset → the token that starts a page there; offset 0 needs none */
  private readonly tokens = new Map<number, string | undefined>([[0, undefined]]);
  /** pages fetched, for tests and the log */
  requests = 0;

  constructor(
    private readonly source: PageSource,
    readonly executionId: string,
    /** rows in the result */
    readonly total: number,
    /** the token of any offset is `String(offset)` (LocalQueryEngine) */
    private readonly offsetTokens: boolean,
  ) {}

  private tokenAt(offset: number): { found: true; token: string | undefined } | { found: false } {
    if (this.tokens.has(offset)) return { found: true, token: this.tokens.get(offset) };
    if (this.offsetTokens) return { found: true, token: String(offset) };
    return { found: false };
  }

  private async fetch(offset: number, maxRows: number): Promise<CellValue[][]> {
    const at = this.tokenAt(offset);
    if (!at.found) throw new Error(`no page token for row ${offset}`);
    this.requests++;
    const page = await this.source.page(this.executionId, { ...(at.token !== undefined ? { pageToken: at.token } : {}), maxRows });
    const next = offset + page.rows.length;
    if (page.nextPageToken !== undefined && page.rows.length > 0) this.tokens.set(next, page.nextPageToken);
    return page.rows;
  }

  /**
   * The columns and the first rows of the result, in one page (the engine may return fewer than `maxRows`: Athena
   * pages hold at most 1,000). The token after them is kept, so the block that follows is one page away.
   */
  async head(maxRows: number): Promise<{ columns: QueryColumn[]; rows: CellValue[][] }> {
    this.requests++;
    const page = await this.source.page(this.executionId, { maxRows: Math.max(1, Math.min(maxRows, MAX_PAGE_ROWS)) });
    if (page.nextPageToken !== undefined && page.rows.length > 0) this.tokens.set(page.rows.length, page.nextPageToken);
    return { columns: page.columns, rows: page.rows };
  }

  /** Rows [start, end) of the result (fewer at its end). */
  async rows(start: number, end: number): Promise<CellValue[][]> {
    const stop = Math.min(end, this.total);
    if (start >= stop) return [];
    if (!this.tokenAt(start).found) {
      // walk from the nearest known offset, keeping only the tokens
      let from = 0;
      for (const k of this.tokens.keys()) if (k <= start && k > from) from = k;
      while (from < start) {
        const got = await this.fetch(from, Math.min(start - from, MAX_PAGE_ROWS));
        if (got.length === 0) return [];
        from += got.length;
      }
    }
    const out: CellValue[][] = [];
    let at = start;
    while (at < stop) {
      const got = await this.fetch(at, Math.min(stop - at, MAX_PAGE_ROWS));
      if (got.length === 0) break;
      for (const r of got) out.push(r);
      at += got.length;
    }
    return out;
  }
}
