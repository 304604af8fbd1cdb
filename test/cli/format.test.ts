/** The CLI's text output helpers, on inputs whose expected text is written out by hand. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textTable } from '../../src/cli/format';

test('textTable pads each column to its widest cell and right-aligns numbers', () => {
  assert.equal(textTable(['name', 'n'], [['ann', 1], ['bartholomew', 1234]]), ['name            n', '-----------  ----', 'ann             1', 'bartholomew  1234'].join('\n'));
});

test('textTable takes half a million rows (more than a function call takes arguments)', () => {
  const rows: [number][] = Array.from({ length: 500_000 }, (_, i) => [i]);
  const lines = textTable(['n'], rows).split('\n');
  // the widest cell is 499999: six characters
  assert.deepEqual(lines.slice(0, 3), ['     n', '------', '     0']);
  assert.equal(lines[lines.length - 1], '499999');
  assert.equal(lines.length, 500_002);
});
