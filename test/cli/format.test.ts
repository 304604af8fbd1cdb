/** The CLI's text and JSON output helpers; expected texts are written out by hand or are JSON.stringify's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonNumber, formatCount, jsonCell, jsonText, numberShape, textTable } from '../../src/cli/format';

test('textTable pads each column to its widest cell and right-aligns numbers', () => {
  assert.equal(textTable(['name', 'n'], [['ann', 1], ['bartholomew', 1234]]), ['name            n', '-----------  ----', 'ann             1', 'bartholomew  1234'].join('\n'));
});

test('textTable aligns by terminal columns: wide (CJK) characters take two, combining marks none (Unicode UAX #11)', () => {
  // UAX #11: 東, 京, ア are East Asian Wide (W: two columns); U+0301 is a combining mark (zero); 👍 is an emoji (W)
  const t = textTable(['city', 'n'], [['東京', 1], ['Cafe\u0301', 22], ['ア👍', 333], ['Paris', 4]]);
  assert.equal(
    t,
    ['city     n', '-----  ---', '東京     1', 'Cafe\u0301    22', 'ア👍   333', 'Paris    4'].join('\n'),
  );
});

test('textTable takes half a million rows (more than a function call takes arguments)', () => {
  const rows: [number][] = Array.from({ length: 500_000 }, (_, i) => [i]);
  const lines = textTable(['n'], rows).split('\n');
  // the widest cell is 499999: six characters
  assert.deepEqual(lines.slice(0, 3), ['     n', '------', '     0']);
  assert.equal(lines[lines.length - 1], '499999');
  assert.equal(lines.length, 500_002);
});

test('jsonText writes what JSON.stringify(value, null, 2) writes', () => {
  const value = {
    s: 'quote " backslash \\ newline \n tab \t é 😀 \u0001',
    n: [0, -1.5, 1e21, 123456789, null, true, false],
    empty: { a: [], o: {} },
    skipped: undefined,
    nested: [[1, [2, { deep: 'x' }]], { k: null }],
    statistics: { elapsedMs: 12, engine: 'DuckDB (local)', costUsd: undefined },
  };
  assert.equal(jsonText(value), JSON.stringify(value, null, 2));
  assert.equal(jsonText([]), '[]');
  assert.equal(jsonText('x'), '"x"');
});

test('jsonText writes a JsonNumber as its digits', () => {
  assert.equal(jsonText({ x: new JsonNumber('9007199254740993'), d: [new JsonNumber('-0.50')] }), '{\n  "x": 9007199254740993,\n  "d": [\n    -0.50\n  ]\n}');
});

test('numberShape finds the integers and decimals of an Athena type, at any depth', () => {
  for (const t of ['tinyint', 'smallint', 'integer', 'bigint', 'decimal(38,0)', 'DECIMAL(20, 2)']) assert.equal(numberShape(t), 'exact', t);
  for (const t of ['varchar', 'double', 'real', 'boolean', 'timestamp(3) with time zone', 'interval day to second', 'varchar(10)', 'json']) assert.equal(numberShape(t), 'other', t);
  assert.deepEqual(numberShape('array(bigint)'), { array: 'exact' });
  assert.deepEqual(numberShape('map(varchar, decimal(10,2))'), { map: 'exact' });
  assert.deepEqual(numberShape('row(k bigint, "b c" varchar, inner row(n integer))'), { row: new Map<string, unknown>([['k', 'exact'], ['b c', 'other'], ['inner', { row: new Map([['n', 'exact']]) }]]) });
  assert.equal(numberShape('array(bigint'), 'other'); // unreadable: values are written as they are
});

test('jsonCell: an exact-number column is numbers whether the engine gave numbers or digit strings; text stays text', () => {
  const big = '9007199254740993'; // 2^53 + 1: not a JavaScript number
  assert.deepEqual(jsonCell(big, 'exact'), new JsonNumber(big));
  assert.equal(jsonCell(1, 'exact'), 1);
  assert.equal(jsonCell(big, 'other'), big);
  assert.equal(jsonCell('NaN', 'exact'), 'NaN');
  assert.equal(
    jsonText(jsonCell({ k: big, s: big, a: [1, big] }, numberShape('row(k bigint, s varchar, a array(bigint))'))),
    `{\n  "k": ${big},\n  "s": "${big}",\n  "a": [\n    1,\n    ${big}\n  ]\n}`,
  );
});

test('formatCount groups digits as toLocaleString("en-US") does, without ICU for whole numbers', () => {
  for (const n of [0, 7, 999, 1000, 956, 81_273, 1_000_000, 12_345_678, -1234, -999, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
  assert.equal(formatCount(1234.5), (1234.5).toLocaleString('en-US'));
});
