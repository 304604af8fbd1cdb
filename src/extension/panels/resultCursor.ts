/**
 * Random access to the rows of a result that the engine pages with tokens: `rows(start, end)` for the grid's
 * blocks. Tokens are opaque in the Target interface (Athena's NextToken only leads to the next page), so the
 * cursor remembers the token that starts each offset it has seen and, to reach an offset it has not, walks forward
 * from the nearest one before it; the latest pages are held, so that the grid's blocks (smaller than a page) cost
 * one call per page. An engine whose tokens are row offsets (the local engine) is reached directly.
 * Plain TypeScript (no `vscode`).
 */
import type { CellValue, QueryColumn, ResultPage } from '../../core/model';

export interface PageSource {
  page(id: string, options?: { pageToken?: string; maxRows?: number }): Promise<ResultPage>;
}

/** The most rows the engines return in one page (the local engine's limit). */
export const MAX_PAGE_ROWS = 100_000;

/** Pages held by a cursor over opaque tokens. */
const HELD_PAGES = 4;

export class ResultCursor {
  /** offset → the token that starts a page there; offset 0 needs none */
  private readonly tokens = new Map<number, string | undefined>([[0, undefined]]);
  /** the latest pages fetched with opaque tokens: the grid's blocks (smaller than a page) are cut from them */
  private readonly held: { start: number; rows: CellValue[][] }[] = [];
  /** pages fetched, for tests and the log */
  requests = 0;

  constructor(
    private readonly source: PageSource,
    readonly executionId: string,
    /** rows in the result */
    readonly total: number,
    /** the token of any offset is `String(offset)` (LocalQueryEngine) */
    private readonly offsetTokens: boolean,
    /**
     * Rows per page asked of an engine with opaque tokens (Athena returns at most 1,000 per call). An engine with
     * offset tokens is asked for just the rows wanted: any offset is one cheap page away there.
     */
    private readonly pageRows = 1000,
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
   * The columns and the first `maxRows` rows of the result, in one page. From an engine with opaque tokens the
   * page is a whole one (`pageRows`), held for the blocks that follow; the token after it is kept.
   */
  async head(maxRows: number): Promise<{ columns: QueryColumn[]; rows: CellValue[][] }> {
    this.requests++;
    const want = this.offsetTokens || this.total === 0 ? maxRows : Math.max(maxRows, this.pageRows);
    const page = await this.source.page(this.executionId, { maxRows: Math.max(1, Math.min(want, MAX_PAGE_ROWS)) });
    if (page.nextPageToken !== undefined && page.rows.length > 0) this.tokens.set(page.rows.length, page.nextPageToken);
    if (!this.offsetTokens && page.rows.length > 0) this.hold({ start: 0, rows: page.rows });
    return { columns: page.columns, rows: page.rows.length > maxRows ? page.rows.slice(0, Math.max(0, maxRows)) : page.rows };
  }

  /** Rows [start, end) of the result (fewer at its end). */
  async rows(start: number, end: number): Promise<CellValue[][]> {
    const stop = Math.min(end, this.total);
    if (start >= stop) return [];
    const out: CellValue[][] = [];
    let at = start;
    if (this.offsetTokens) {
      // any offset in one page: just the rows asked for
      while (at < stop) {
        const got = await this.fetch(at, Math.min(stop - at, MAX_PAGE_ROWS));
        if (got.length === 0) break;
        for (const r of got) out.push(r);
        at += got.length;
      }
      return out;
    }
    while (at < stop) {
      const page = this.held.find((p) => p.start <= at && at < p.start + p.rows.length) ?? (await this.pageFrom(at, stop - at));
      if (!page) break;
      const from = at - page.start;
      const got = page.rows.slice(from, from + (stop - at));
      if (got.length === 0) break;
      for (const r of got) out.push(r);
      at += got.length;
    }
    return out;
  }

  /** A page of at least `pageRows` rows (or `rows`) starting at `offset`, walked to from the nearest known token. */
  private async pageFrom(offset: number, rows: number): Promise<{ start: number; rows: CellValue[][] } | undefined> {
    if (!this.tokenAt(offset).found) {
      // walk from the nearest known offset, keeping only the tokens
      let from = 0;
      for (const k of this.tokens.keys()) if (k <= offset && k > from) from = k;
      while (from < offset) {
        const got = await this.fetch(from, Math.min(offset - from, MAX_PAGE_ROWS));
        if (got.length === 0) return undefined;
        from += got.length;
      }
    }
    const got = await this.fetch(offset, Math.min(Math.max(rows, this.pageRows), MAX_PAGE_ROWS));
    if (got.length === 0) return undefined;
    const page = { start: offset, rows: got };
    this.hold(page);
    return page;
  }

  /** Keeps a page for the blocks cut from it (the few latest: a page holds several of the grid's blocks). */
  private hold(page: { start: number; rows: CellValue[][] }): void {
    this.held.push(page);
    if (this.held.length > HELD_PAGES) this.held.shift();
  }
}
