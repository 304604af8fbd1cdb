/**
 * The conformance harness itself: classification and the baseline rule; and the product's renderers the harness prints
 * with, against what Trino's CLI (io.trino.cli.FormatUtils) and spark-sql (HiveResult.toHiveString) print.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConformanceCase } from './corpus';
import { classify, regressions, type Baseline, type CaseResult } from './harness';
import type { CellValue } from '../../src/core/model';
import { javaNumberText as javaDouble, renderAthena as renderTrino } from '../../src/core/sql/dialects/render';
import { renderSpark as renderSparkType, sparkTypeOfName } from '../../src/core/sql/spark';

/** `type` in Spark's own syntax (array<string>, struct<a:int>) */
const renderSpark = (v: CellValue, type: string): string => renderSparkType(v, sparkTypeOfName(type));

const c = (expected: ConformanceCase['expected'], extra: Partial<ConformanceCase> = {}): ConformanceCase => ({ id: 'x.md:1', sql: 'SELECT 1', doc: 'x.md:1', expected, ...extra });
const ok = (type: string, ...rows: unknown[][]) => ({ ok: true as const, columns: rows[0]!.map((_, i) => ({ name: `c${i}`, type })), rows: rows as never });

test('classify: same answer is pass, a different one is wrong, the refusal is refused, any other failure is error', () => {
  assert.equal(classify('trino', c('[1, 2]'), ok('array(integer)', [[1, 2]])).outcome, 'pass');
  assert.equal(classify('trino', c('[1, 2]'), ok('array(integer)', [[2, 1]])).outcome, 'wrong');
  assert.equal(classify('trino', c('1'), ok('integer', [1], [1])).outcome, 'wrong', 'two rows where the doc prints one value');
  assert.equal(classify('trino', c('1'), { ok: false, message: 'line 1:8: transform is not supported by the local engine (Athena has it)' }).outcome, 'refused');
  assert.equal(classify('trino', c('1'), { ok: false, message: 'Catalog Error: Scalar Function with name transform does not exist!' }).outcome, 'error');
});

test('classify: a documented failure passes on any error but the refusal, and is wrong when the query succeeds', () => {
  assert.equal(classify('trino', c({ error: 'Division by zero' }), { ok: false, message: 'Division by zero!' }).outcome, 'pass');
  assert.equal(classify('trino', c({ error: 'Division by zero' }), { ok: false, message: 'x is not supported by the local engine' }).outcome, 'refused');
  assert.equal(classify('trino', c({ error: 'Division by zero' }), ok('integer', [null])).outcome, 'wrong');
});

test('classify: unordered rows compare as a multiset, ordered ones in order', () => {
  const rows = [['1', 'a'], ['2', 'b']];
  assert.equal(classify('trino', c(rows, { unordered: true }), { ok: true, columns: [{ name: 'id', type: 'integer' }, { name: 'n', type: 'varchar' }], rows: [[2, 'b'], [1, 'a']] }).outcome, 'pass');
  assert.equal(classify('trino', c(rows), { ok: true, columns: [{ name: 'id', type: 'integer' }, { name: 'n', type: 'varchar' }], rows: [[2, 'b'], [1, 'a']] }).outcome, 'wrong');
});

test('regressions: a passing case must stay passing; a case may only be wrong when the baseline knows it', () => {
  const baseline: Baseline = { engine: 'trino', outcomes: { a: 'pass', b: 'error', c: 'wrong', d: 'refused' } };
  const r = (id: string, outcome: CaseResult['outcome']): CaseResult => ({ id, family: 'f', outcome });
  assert.deepEqual(regressions([r('a', 'pass'), r('b', 'refused'), r('c', 'wrong'), r('d', 'pass')], baseline), []);
  assert.equal(regressions([r('a', 'refused')], baseline).length, 1);
  assert.equal(regressions([r('b', 'wrong')], baseline).length, 1);
  assert.equal(regressions([r('new', 'wrong')], baseline).length, 1);
  const strict: Baseline = { ...baseline, requirements: { maxWrong: 0, minPassRate: 0.95 } };
  assert.equal(regressions([r('a', 'pass'), r('c', 'wrong')], strict).length, 2, 'one wrong answer, and 50% pass');
});

test("Athena's renderer prints as Trino's CLI: doubles as Java does, arrays, maps, named and unnamed rows, decimals with their scale", () => {
  assert.equal(javaDouble(1), '1.0');
  assert.equal(javaDouble(2.8284271247461903), '2.8284271247461903');
  assert.equal(javaDouble(1e7), '1.0E7');
  assert.equal(javaDouble(1.5e-4), '1.5E-4');
  assert.equal(renderTrino(['a', null], 'array(varchar)'), '[a, NULL]');
  assert.equal(renderTrino({ k1: 1, k2: null }, 'map(varchar, integer)'), '{k1=1, k2=NULL}');
  assert.equal(renderTrino({ '1': 'x' }, 'map(integer, varchar)'), '{1=x}');
  assert.equal(renderTrino({ x: 1, y: 2.0 }, 'row(x bigint, y double)'), '{x=1, y=2.0}');
  assert.equal(renderTrino('12.5', 'decimal(10,3)'), '12.500');
  assert.equal(renderTrino('2001-08-22 03:04:05.3', 'timestamp(3)'), '2001-08-22 03:04:05.300');
  assert.equal(renderTrino({ months: 0, days: 1, micros: String(21 * 3_600_000_000) }, 'interval day to second'), '1 21:00:00.000');
  assert.equal(renderTrino({ months: 41, days: 0, micros: '0' }, 'interval year to month'), '3-5');
});

test('the Spark renderer prints as spark-sql: nested strings quoted, no spaces, NULL at the top and null inside', () => {
  assert.equal(renderSpark(['b', null], 'array<string>'), '["b",null]');
  assert.equal(renderSpark({ a: 1, b: 2 }, 'map<string,int>'), '{"a":1,"b":2}');
  assert.equal(renderSpark({ a: 1, b: 'x' }, 'struct<a:int,b:string>'), '{"a":1,"b":"x"}');
  assert.equal(renderSpark(null, 'string'), 'NULL');
  assert.equal(renderSpark(123, 'double'), '123.0');
  assert.equal(renderSpark('2016-12-31 00:12:00.000', 'timestamp'), '2016-12-31 00:12:00');
});
