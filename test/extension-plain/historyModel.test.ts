// The query history's model (src/extension/history/historyModel.ts): an entry from an execution keeps what the
// view shows; newest first; the same statement on the same target moves up instead of repeating; bounded; what
// storage gives back that is not an entry is dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueryExecution } from '../../src/core/model';
import { addToHistory, historyEntry, validHistory, withKeptResult } from '../../src/extension/history/historyModel';

const exec = (sql: string, at: number, rows = 5): QueryExecution => ({
  id: `q${at}`,
  sql,
  state: 'SUCCEEDED',
  context: { database: 'stedi' },
  submitted: new Date(at - 40),
  completed: new Date(at),
  statistics: { elapsedMs: 40, rows, bytesScanned: 1024, engine: 'DuckDB (local)' },
} as QueryExecution);

test('an entry keeps the text, target, when, time, rows, bytes and the source file', () => {
  assert.deepEqual(historyEntry(exec('SELECT 1', 1000), 'Local (embedded)', 'queries/a.sql'), {
    sql: 'SELECT 1',
    executionId: 'q1000',
    database: 'stedi',
    target: 'Local (embedded)',
    state: 'SUCCEEDED',
    at: 1000,
    elapsedMs: 40,
    rows: 5,
    bytesScanned: 1024,
    source: 'queries/a.sql',
  });
});

test('newest first; the same statement again moves to the top; another target keeps its own entry; bounded', () => {
  let h = addToHistory([], historyEntry(exec('SELECT 1', 1), 'Local (embedded)'));
  h = addToHistory(h, historyEntry(exec('SELECT 2', 2), 'Local (embedded)'));
  h = addToHistory(h, historyEntry(exec('SELECT  1', 3), 'Local (embedded)'));
  h = addToHistory(h, historyEntry(exec('SELECT 1', 4), 'AWS dev (eu-west-1)'));
  assert.deepEqual(h.map((e) => [e.sql, e.at, e.target]), [
    ['SELECT 1', 4, 'AWS dev (eu-west-1)'],
    ['SELECT  1', 3, 'Local (embedded)'],
    ['SELECT 2', 2, 'Local (embedded)'],
  ]);
  assert.equal(addToHistory(h, historyEntry(exec('SELECT 3', 5), 'x'), 2).length, 2);
});

test('storage that holds something else gives an empty history or drops the odd entries', () => {
  assert.deepEqual(validHistory(undefined), []);
  assert.deepEqual(validHistory({ sql: 'x' }), []);
  assert.deepEqual(validHistory([{ sql: 'SELECT 1', at: 1, target: 't' }, { sql: 2 }, null]).length, 1);
});

test('a kept result is set on its execution\'s entry; one read back from storage that names a path is dropped', () => {
  let h = addToHistory([], historyEntry(exec('SELECT 1', 1), 'Local (embedded)'));
  h = addToHistory(h, historyEntry(exec('SELECT 2', 2), 'Local (embedded)'));
  h = withKeptResult(h, 'q1', { kind: 'local', file: 'q1.parquet', rows: 5, bytes: 900 });
  assert.deepEqual(h.map((e) => e.result), [undefined, { kind: 'local', file: 'q1.parquet', rows: 5, bytes: 900 }]);
  assert.deepEqual(validHistory(JSON.parse(JSON.stringify(h))), h);
  const odd = [{ sql: 'SELECT 1', at: 1, target: 't', result: { kind: 'local', file: '../../etc/passwd', rows: 1, bytes: 1 } }];
  assert.deepEqual(validHistory(odd), [{ sql: 'SELECT 1', at: 1, target: 't' }]);
  assert.deepEqual(validHistory([{ sql: 'SELECT 1', at: 1, target: 't', result: { kind: 'athena', executionId: 'abc' } }])[0]?.result, { kind: 'athena', executionId: 'abc' });
});
