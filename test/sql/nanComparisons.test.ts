/**
 * NaN in comparisons and casts, as Trino answers. trinodb/trino core/trino-spi/src/main/java/io/trino/spi/type/
 * DoubleType.java (commit 01344209): the EQUAL operator is Java's `left == right` and LESS_THAN / LESS_THAN_OR_EQUAL
 * `left < right` / `left <= right`, so NaN equals nothing, not itself, and is neither less nor greater than any
 * number; IS_DISTINCT_FROM holds two NaNs not distinct. DuckDB holds NaN equal to itself and greater than every
 * number (its sort order), so `WHERE x > 1` would keep a NaN row Athena drops. A cast of a double to real is Java's
 * `(float)`: NaN stays NaN. max of doubles, and greatest, pass over NaN unless every value is NaN (trinodb/trino pull request
 * 5851, whose TestMathFunctions asserts greatest(NaN(), 5, 4, 3) = 5.0; "Use consistent NaN behavior for max functions": "NaN is effectively ignored, unless it is the only value").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { athena, translate } from './trinoRun';

describe('NaN compares as in Trino', () => {
  it('column against a constant and against a column; NULL stays NULL', async () => {
    const a = await athena('SELECT x > 0.5, x >= 1e0, 1 < x, x < 1, x = x, x <> x, x = nan(), x IS DISTINCT FROM nan(), x > NULL FROM (VALUES 0e0 / 0e0, 1e0, NULL) t(x)');
    assert.deepEqual(a.rows, [
      ['false', 'false', 'false', 'false', 'false', 'true', 'false', 'false', 'NULL'],
      ['true', 'true', 'false', 'false', 'true', 'false', 'false', 'true', 'NULL'],
      ['NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'true', 'NULL'],
    ]);
  });

  it('a filter drops the NaN row', async () => {
    assert.deepEqual((await athena('SELECT count(*) FROM (VALUES 0e0 / 0e0, 1e0, 2e0) t(x) WHERE x > 1')).rows, [['1']]);
    assert.deepEqual((await athena('SELECT nan() = nan(), nan() <> nan(), nan() > 1, 1 < nan(), infinity() > 1')).rows, [['false', 'true', 'false', 'false', 'true']]);
  });

  it('against a constant the comparison stays a plain conjunct (a filter DuckDB can push into a scan)', () => {
    assert.match(translate('SELECT x FROM (VALUES 1e0) t(x) WHERE x > 20').sql, / AND NOT isnan\("t"\."x"\)\)/);
  });

  it('CAST(nan() AS real) is NaN, not Infinity; real comparisons too', async () => {
    assert.deepEqual((await athena('SELECT CAST(nan() AS real), CAST(nan() AS real) > 1, CAST(1e300 AS real)')).rows, [['NaN', 'false', 'Infinity']]);
  });

  it('max passes over NaN unless every value is NaN (aggregate, FILTER and window alike); min agrees', async () => {
    const a = await athena("SELECT max(x), min(x), max(x) FILTER (WHERE y <> 'one') FROM (VALUES (0e0 / 0e0, 'nan'), (1e0, 'one'), (NULL, 'null')) t(x, y)");
    assert.deepEqual(a.rows, [['1.0', '1.0', 'NaN']]);
    const w = await athena("SELECT y, max(x) OVER (ORDER BY y) FROM (VALUES (0e0 / 0e0, 'a'), (1e0, 'b'), (NULL, 'c')) t(x, y) ORDER BY y");
    assert.deepEqual(w.rows, [['a', 'NaN'], ['b', '1.0'], ['c', '1.0']]);
  });

  it('greatest and least pass over NaN unless every argument is NaN; a NULL argument still makes NULL', async () => {
    const a = await athena('SELECT greatest(nan(), 5e0, 4e0, 3e0), greatest(5e0, 4e0, nan(), 3e0), greatest(nan()), least(nan(), 5e0), greatest(nan(), CAST(NULL AS double)), greatest(1, 2)');
    assert.deepEqual(a.rows, [['5.0', '5.0', 'NaN', '5.0', 'NULL', '2']]);
  });
});

describe('NaN in ORDER BY, as Trino places it', () => {
  // trinodb/trino core/trino-spi/src/main/java/io/trino/spi/type/TypeOperators.java getOrderingOperator:
  // `sortOrder.isNullsFirst() ? COMPARISON_UNORDERED_FIRST : COMPARISON_UNORDERED_LAST`, and orderComparisonResult
  // negates it for DESC: NULLS LAST (the default) holds NaN the greatest; NULLS FIRST the least
  it('NULLS LAST (the default): NaN after the numbers ascending, before them descending', async () => {
    assert.deepEqual((await athena('SELECT x FROM (VALUES 1e0, nan(), 3e0, NULL, -infinity()) t(x) ORDER BY x')).rows.flat(), ['-Infinity', '1.0', '3.0', 'NaN', 'NULL']);
    assert.deepEqual((await athena('SELECT x FROM (VALUES 1e0, nan(), 3e0, NULL, -infinity()) t(x) ORDER BY x DESC')).rows.flat(), ['NaN', '3.0', '1.0', '-Infinity', 'NULL']);
  });

  it('NULLS FIRST: NaN right after the NULLs ascending, last descending; by name, alias, position, in a set operation, in array_agg and a window', async () => {
    assert.deepEqual((await athena('SELECT x FROM (VALUES 1e0, nan(), 3e0, NULL, -infinity()) t(x) ORDER BY x NULLS FIRST')).rows.flat(), ['NULL', 'NaN', '-Infinity', '1.0', '3.0']);
    assert.deepEqual((await athena('SELECT x AS y FROM (VALUES 1e0, nan(), 3e0, NULL, infinity()) t(x) ORDER BY y DESC NULLS FIRST')).rows.flat(), ['NULL', 'Infinity', '3.0', '1.0', 'NaN']);
    assert.deepEqual((await athena('SELECT x FROM (VALUES 1e0, nan(), NULL) t(x) ORDER BY 1 NULLS FIRST')).rows.flat(), ['NULL', 'NaN', '1.0']);
    assert.deepEqual((await athena('SELECT x FROM (VALUES 1e0, nan(), NULL) t(x) UNION ALL SELECT 2e0 ORDER BY x NULLS FIRST')).rows.flat(), ['NULL', 'NaN', '1.0', '2.0']);
    assert.deepEqual((await athena('SELECT DISTINCT x FROM (VALUES 1e0, nan(), NULL) t(x) ORDER BY x NULLS FIRST')).rows.flat(), ['NULL', 'NaN', '1.0']);
    assert.deepEqual((await athena('SELECT array_agg(x ORDER BY x NULLS FIRST), array_agg(x ORDER BY x DESC NULLS FIRST) FROM (VALUES 1e0, nan(), NULL) t(x)')).rows, [['[NULL, NaN, 1.0]', '[NULL, 1.0, NaN]']]);
    assert.deepEqual((await athena('SELECT x, row_number() OVER (ORDER BY x DESC NULLS FIRST) FROM (VALUES 1e0, nan(), NULL) t(x) ORDER BY 2')).rows, [['NULL', '1'], ['1.0', '2'], ['NaN', '3']]);
  });
});
