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
  assert.deepEqual(ids(await cursor.rows(100, 200)), range(100, 200), 'the next block follows the token of the previous one');
  const before = source.calls.length;
  assert.deepEqual(ids(await cursor.rows(230_000, 230_100)), range(230_000, 230_100));
  // walked from 200 in pages of at most 100,000 rows: 200→100,200→200,200→230,000, then the block itself
  assert.equal(source.calls.length - before, 4);
  const again = source.calls.length;
  assert.deepEqual(ids(await cursor.rows(230_000, 230_100)), range(230_000, 230_100));
  assert.equal(source.calls.length - again, 1, 'a known offset needs one page');
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

test('head: the columns and the first rows in one page, and the block after them one page away', async () => {
  const source = opaqueSource(2500);
  const cursor = new ResultCursor(source, 'q', 2500, false);
  const head = await cursor.head(1000);
  assert.deepEqual(head.columns, [{ name: 'i', type: 'integer' }]);
  assert.deepEqual(ids(head.rows), range(0, 1000));
  assert.deepEqual(source.calls, [{ maxRows: 1000 }]);
  assert.deepEqual(ids(await cursor.rows(1000, 2000)), range(1000, 2000));
  assert.equal(source.calls.length, 2, 'the token after the head leads to the next block directly');
  assert.deepEqual(source.calls[1], { token: 'tok-0', maxRows: 1000 });
});

test('head of an empty result: its columns, no rows (one row is asked for, never zero)', async () => {
  const source = opaqueSource(0);
  const head = await new ResultCursor(source, 'q', 0, false).head(0);
  assert.deepEqual(head, { columns: [{ name: 'i', type: 'integer' }], rows: [] });
  assert.deepEqual(source.calls, [{ maxRows: 1 }]);
});
