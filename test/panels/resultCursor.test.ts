// Random access over token-paged results: with opaque tokens (walked to) and with offset tokens (the local engine).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CellValue, ResultPage } from '../../src/core/model';
import { ResultCursor, type PageSource } from '../../src/extension/panels/resultCursor';

/** A result of `total` rows [i] whose tokens are opaque (as Athena's): a token only leads to the page after it. */
function opaqueSource(total: number): PageSource & { calls: { token?: string; maxRows?: number }[] } {
  const tokens = new Map<string, number>();
  let n = 0;
  const calls: { token?: string; maxRows?: number }[] = [];
  return {
    calls,
    async page(_id, options = {}): Promise<ResultPage> {
      calls.push({ ...(options.pageToken !== undefined ? { token: options.pageToken } : {}), ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}) });
      const offset = options.pageToken === undefined ? 0 : tokens.get(options.pageToken);
      if (offset === undefined) throw new Error(`unknown token ${options.pageToken}`);
      const max = Math.min(options.maxRows ?? 1000, 100_000);
      const rows: CellValue[][] = [];
      for (let i = offset; i < Math.min(total, offset + max); i++) rows.push([i]);
      const page: ResultPage = { columns: [{ name: 'i', type: 'integer' }], rows };
      if (offset + rows.length < total) {
        const t = `tok-${n++}`;
        tokens.set(t, offset + rows.length);
        page.nextPageToken = t;
      }
      return page;
    },
  };
}

const ids = (rows: CellValue[][]): number[] => rows.map((r) => r[0] as number);
const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

test('opaque tokens: a block far into the result is reached by walking, then known offsets are direct', async () => {
  const source = opaqueSource(250_000);
  const cursor = new ResultCursor(source, 'q', 250_000, false);
  assert.deepEqual(ids(await cursor.rows(0, 100)), range(0, 100));
  assert.deepEqual(source.calls, [{ maxRows: 1000 }], 'a whole page (1,000 rows) for a block of 100');
  assert.deepEqual(ids(await cursor.rows(100, 200)), range(100, 200), 'the next block is cut from the page held');
  assert.deepEqual(ids(await cursor.rows(1000, 1100)), range(1000, 1100), 'the block after the page follows its token');
  assert.deepEqual(source.calls.slice(1), [{ token: 'tok-0', maxRows: 1000 }]);
  const before = source.calls.length;
  assert.deepEqual(ids(await cursor.rows(230_000, 230_100)), range(230_000, 230_100));
  // walked from 2,000 in pages of at most 100,000 rows: 2,000→102,000→202,000→230,000, then a page there
  assert.deepEqual(
    source.calls.slice(before).map((c) => c.maxRows),
    [100_000, 100_000, 28_000, 1000],
  );
  const again = source.calls.length;
  assert.deepEqual(ids(await cursor.rows(230_100, 230_200)), range(230_100, 230_200));
  assert.equal(source.calls.length, again, 'a block within a page held needs no call');
});

test('opaque tokens: blocks across two pages, and pages no longer held are fetched again from their token', async () => {
  const source = opaqueSource(10_000);
  const cursor = new ResultCursor(source, 'q', 10_000, false, 1000);
  assert.deepEqual(ids(await cursor.rows(950, 1050)), range(950, 1050));
  // 0→950 walked (the tokens only), then a page of 1,000 from 950
  assert.deepEqual(
    source.calls.map((c) => c.maxRows),
    [950, 1000],
  );
  for (let p = 1; p <= 5; p++) await cursor.rows(950 + p * 1000, 950 + p * 1000 + 100);
  assert.equal(source.calls.length, 7, 'one call per page');
  const before = source.calls.length;
  // four pages are held (2,950 to 6,949): the one from 1,950 is no longer
  assert.deepEqual(ids(await cursor.rows(2950, 3050)), range(2950, 3050));
  assert.equal(source.calls.length, before, 'a page still held');
  assert.deepEqual(ids(await cursor.rows(1950, 2050)), range(1950, 2050));
  assert.equal(source.calls.length - before, 1, 'one call from its token');
});

test('the last block is cut at the end of the result; a block past the end is empty', async () => {
  const cursor = new ResultCursor(opaqueSource(1050), 'q', 1050, false);
  assert.deepEqual(ids(await cursor.rows(1000, 1100)), range(1000, 1050));
  assert.deepEqual(await cursor.rows(2000, 2100), []);
});

test('offset tokens (the local engine) reach any block with one page', async () => {
  const calls: (string | undefined)[] = [];
  const source: PageSource = {
    async page(_id, options = {}) {
      calls.push(options.pageToken);
      const offset = Number(options.pageToken ?? 0);
      return { columns: [], rows: range(offset, offset + (options.maxRows ?? 1000)).map((i) => [i]) };
    },
  };
  const cursor = new ResultCursor(source, 'q', 1_000_000, true);
  assert.deepEqual(ids(await cursor.rows(999_000, 999_500)), range(999_000, 999_500));
  assert.deepEqual(calls, ['999000']);
});

test('head: the columns and the first rows, from a whole page held for the blocks after them', async () => {
  const source = opaqueSource(2500);
  const cursor = new ResultCursor(source, 'q', 2500, false);
  const head = await cursor.head(100);
  assert.deepEqual(head.columns, [{ name: 'i', type: 'integer' }]);
  assert.deepEqual(ids(head.rows), range(0, 100));
  assert.deepEqual(source.calls, [{ maxRows: 1000 }]);
  assert.deepEqual(ids(await cursor.rows(100, 200)), range(100, 200));
  assert.equal(source.calls.length, 1, 'the next block is in the page held');
  assert.deepEqual(ids(await cursor.rows(1000, 1100)), range(1000, 1100));
  assert.deepEqual(source.calls[1], { token: 'tok-0', maxRows: 1000 }, 'the token after the head leads to the next page directly');
});

test('head with offset tokens (the local engine): just the rows asked for', async () => {
  const calls: { token?: string; maxRows?: number }[] = [];
  const source: PageSource = {
    async page(_id, options = {}) {
      calls.push({ ...(options.pageToken !== undefined ? { token: options.pageToken } : {}), ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}) });
      const offset = Number(options.pageToken ?? 0);
      return { columns: [], rows: range(offset, offset + (options.maxRows ?? 1000)).map((i) => [i]) };
    },
  };
  const cursor = new ResultCursor(source, 'q', 5000, true, 1000);
  assert.deepEqual(ids((await cursor.head(100)).rows), range(0, 100));
  assert.deepEqual(ids(await cursor.rows(100, 200)), range(100, 200));
  assert.deepEqual(calls, [{ maxRows: 100 }, { token: '100', maxRows: 100 }]);
});

test('head of an empty result: its columns, no rows (one row is asked for, never zero)', async () => {
  const source = opaqueSource(0);
  const head = await new ResultCursor(source, 'q', 0, false).head(0);
  assert.deepEqual(head, { columns: [{ name: 'i', type: 'integer' }], rows: [] });
  assert.deepEqual(source.calls, [{ maxRows: 1 }]);
});
