// Cell text and TSV for the clipboard, as spreadsheets read it back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellText, charWidthSum, formatBytes, formatCount, formatMs, formatUsd, toTsv } from '../../src/webview/format';

test('cell text: NULL empty, structures as JSON, numbers and booleans as written', () => {
  assert.equal(cellText(null), '');
  assert.equal(cellText({ a: [1, 'x'] }), '{"a":[1,"x"]}');
  assert.equal(cellText(1.5), '1.5');
  assert.equal(cellText(false), 'false');
});

test('TSV: fields with tabs, line breaks or quotes are quoted with doubled quotes; a header line on request', () => {
  const tsv = toTsv(
    [
      [1, 'plain', null],
      [2, 'a\tb', 'say "hi"\nbye'],
    ],
    ['id', 'text', 'note'],
  );
  assert.equal(tsv, 'id\ttext\tnote\n1\tplain\t\n2\t"a\tb"\t"say ""hi""\nbye"');
  assert.equal(toTsv([['<img src=x onerror=alert(1)>']]), '<img src=x onerror=alert(1)>');
});

test('figures for the status line', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.50 KB');
  assert.equal(formatBytes(5 * 1024 * 1024), '5.00 MB');
  assert.equal(formatMs(45), '45 ms');
  assert.equal(formatMs(2500), '2.50 s');
  assert.equal(formatMs(125_000), '2 min 5 s');
});

test('formatUsd: cents and above with two decimals, below a cent with two significant digits', () => {
  // Athena's minimum charge: 10 MB at $5 per TB = 10e6 / 1e12 * 5 dollars
  assert.equal(formatUsd((10e6 / 1e12) * 5), '$0.000050');
  assert.equal(formatUsd(0), '$0');
  assert.equal(formatUsd(0.0123), '$0.01');
  assert.equal(formatUsd(12.345), '$12.35');
});

test('counts with thousands separators, as toLocaleString("en-US") writes them', () => {
  for (const n of [0, 7, 999, 1000, 956, 81_273, 1_000_000, 12_345_678, -1234, Number.MAX_SAFE_INTEGER]) assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
  assert.equal(formatCount(1234.5), (1234.5).toLocaleString('en-US'));
});

test('text widths: the sum of the widths of the characters, each measured once', () => {
  const measured: string[] = [];
  // a stand-in for the canvas: a width per character (a surrogate pair is one character)
  const width = charWidthSum((ch) => {
    measured.push(ch);
    return ch === 'W' ? 11 : ch === '😀' ? 16 : 7;
  });
  assert.equal(width('Wall'), 11 + 7 * 3);
  assert.equal(width('all W😀'), 7 * 4 + 11 + 16);
  assert.equal(width(''), 0);
  assert.deepEqual(measured, ['W', 'a', 'l', ' ', '😀']);
});
