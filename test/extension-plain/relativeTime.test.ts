// How the tree says times and long names: relative times as Databricks' run list says them, a run's start as a
// log tab's title, long object keys cut in the middle (where keys of one zone differ: the end).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { elideMiddle, localDateTime, relativeTime } from '../../src/extension/explorer/relativeTime';

const NOW = new Date(2026, 10, 20, 12, 0, 0);
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

test('relative times: just now, minutes, hours, yesterday, days, then the date', () => {
  assert.equal(relativeTime(ago(20_000), NOW), 'just now');
  assert.equal(relativeTime(ago(-5_000), NOW), 'just now', 'a clock a little ahead');
  assert.equal(relativeTime(ago(2 * 60_000 + 5_000), NOW), '2 min ago');
  assert.equal(relativeTime(ago(3 * 3_600_000), NOW), '3 h ago');
  assert.equal(relativeTime(ago(30 * 3_600_000), NOW), 'yesterday');
  assert.equal(relativeTime(ago(4 * 86_400_000), NOW), '4 days ago');
  assert.equal(relativeTime(new Date(2026, 9, 2, 8, 0, 0), NOW), '2026-10-02');
  assert.equal(relativeTime('not a date', NOW), 'not a date');
});

test('a run\'s start as a tab title says it', () => {
  assert.equal(localDateTime(new Date(2026, 0, 5, 9, 7, 3)), '2026-01-05 09:07:03');
});

test('long keys are cut in the middle; the end, where keys differ, stays', () => {
  const key = 'run-1732100000000-part-00003-7c3f1e2a-9b1d-4c55-a0e2-1d2f3a4b5c6d-c000.json';
  const shown = elideMiddle(key, 40);
  assert.equal([...shown].length, 40);
  assert.ok(shown.startsWith('run-1732100000'));
  assert.ok(shown.endsWith('-1d2f3a4b5c6d-c000.json'));
  assert.ok(shown.includes('…'));
  assert.equal(elideMiddle('short.json', 40), 'short.json');
});
