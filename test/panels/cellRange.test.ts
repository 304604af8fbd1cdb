// The grid's cell range (src/webview/grid/cellRange.ts): either corner first, membership, and the TSV a copy gives
// — the cells of the rectangle only, in the columns' displayed order, with tabs and line breaks in values escaped
// as the grid's other copies escape them (format.ts toTsv).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bounds, cellCount, inRange, rangeTsv } from '../../src/webview/grid/cellRange';

const ROWS = [
  ['Ann', 1, 'Oslo'],
  ['Bob', 2, null],
  ['Chloé', 3, 'Paris'],
  ['Dee', 4, 'Lima'],
];

describe('a cell range of the results grid', () => {
  test('drawn from either corner, it is the same rectangle', () => {
    const a = { anchor: { row: 3, col: 2 }, extent: { row: 1, col: 0 } };
    assert.deepEqual(bounds(a), { top: 1, bottom: 3, left: 0, right: 2 });
    assert.equal(cellCount(a), 9);
    assert.ok(inRange(a, 2, 1));
    assert.ok(!inRange(a, 0, 1));
    assert.ok(!inRange(undefined, 0, 0));
  });

  test('copies only its cells, in the displayed column order, NULL as an empty field', () => {
    const r = { anchor: { row: 1, col: 0 }, extent: { row: 2, col: 1 } };
    // displayed: city (2), name (0), n (1) — the user moved the city column first
    const shown = [2, 0, 1];
    assert.equal(
      rangeTsv(r, (p) => shown[p]!, (i) => ROWS[i]),
      ['\tBob', 'Paris\tChloé'].join('\n'),
    );
    assert.equal(
      rangeTsv(r, (p) => shown[p]!, (i) => ROWS[i], (c) => ['name', 'n', 'city'][c]!),
      ['city\tname', '\tBob', 'Paris\tChloé'].join('\n'),
    );
  });

  test('a row not loaded yet gives no text (the page fetches the rows first)', () => {
    const r = { anchor: { row: 0, col: 0 }, extent: { row: 3, col: 0 } };
    assert.equal(rangeTsv(r, (p) => p, (i) => (i === 2 ? undefined : ROWS[i])), undefined);
  });
});
