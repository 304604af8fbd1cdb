// The query history's kept results (src/extension/history/keptResults.ts): the newest files within the count and
// size limits stay, the rest — and files no entry names — are deleted, and their entries lose their `result`.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { HistoryEntry } from '../../src/extension/history/historyModel';
import { keptResultName, notKeptReason, pruneKeptResults, type KeepLimits } from '../../src/extension/history/keptResults';

const entry = (n: number, bytes?: number): HistoryEntry => ({
  sql: `SELECT ${n}`,
  executionId: `e${n}`,
  target: 'Local (embedded)',
  state: 'SUCCEEDED',
  at: n,
  ...(bytes !== undefined ? { result: { kind: 'local', file: `e${n}.parquet`, rows: n, bytes } } : {}),
});

test('prune keeps the newest results within the file count and total size; the others and unnamed files are deleted', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-kept-'));
  try {
    // newest first, as the history is: e5 … e1; e0.parquet is named by no entry
    const history = [entry(5, 100), entry(4, 300), entry(3, 100), entry(2, 100), entry(1, 100), entry(9)];
    for (const n of [0, 1, 2, 3, 4, 5]) await fs.writeFile(path.join(dir, `e${n}.parquet`), 'x');
    await fs.writeFile(path.join(dir, 'notes.txt'), 'not a result');
    const limits: KeepLimits = { files: 3, rows: 10, fileBytes: 1000, totalBytes: 450 };
    const { history: out, deleted } = await pruneKeptResults(dir, history, limits);
    // e5 (100) + e4 (300) = 400; e3 would make 500 > 450; then e2 fits (500? no: 400 + 100 = 500 > 450) — none more
    assert.deepEqual(out.map((e) => e.result?.kind === 'local' ? e.result.file : undefined), ['e5.parquet', 'e4.parquet', undefined, undefined, undefined, undefined]);
    assert.deepEqual(deleted.sort(), ['e0.parquet', 'e1.parquet', 'e2.parquet', 'e3.parquet']);
    assert.deepEqual((await fs.readdir(dir)).sort(), ['e4.parquet', 'e5.parquet', 'notes.txt']);
    // the count limit alone
    const many = [entry(5, 1), entry(4, 1), entry(3, 1), entry(2, 1)];
    for (const n of [2, 3]) await fs.writeFile(path.join(dir, `e${n}.parquet`), 'x');
    const counted = await pruneKeptResults(dir, many, { ...limits, files: 2 });
    assert.deepEqual(counted.history.map((e) => e.result !== undefined), [true, true, false, false]);
    // an entry whose file is gone loses its result
    await fs.rm(path.join(dir, 'e5.parquet'));
    assert.equal((await pruneKeptResults(dir, many, limits)).history[0]?.result, undefined);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('a result is kept up to a row limit; names come only from execution ids', () => {
  assert.equal(notKeptReason(10, { files: 1, rows: 10, fileBytes: 1, totalBytes: 1 }), undefined);
  assert.match(notKeptReason(11, { files: 1, rows: 10, fileBytes: 1, totalBytes: 1 }) ?? '', /11 rows: results of more than 10 rows are not kept/);
  assert.match(notKeptReason(undefined) ?? '', /unknown/);
  assert.equal(keptResultName('0b9c-4e'), '0b9c-4e.parquet');
  assert.throws(() => keptResultName('../x'), /not an execution id/);
});
