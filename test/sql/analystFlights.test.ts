/**
 * A new user's queries over a small flight-delay lake of their own (session 13's second round: delays with NULLs and
 * zeros, money as decimal(12,2), departure times written in several text formats), with the answers worked out by
 * hand from Trino's documentation and sources (trinodb/trino, the file named in each case) — not read off the local
 * engine. Rows:
 *
 * | flight | carrier | sched_dep (text)      | delay | cost     | reason  |
 * |      1 | AA      | 2024-03-01 08:15:00   |    15 |  1250.50 | WEATHER |
 * |      2 | UA      | 2024-03-01T09:30:00   |  NULL |     NULL | NULL    |
 * |      4 | AA      | 1709370000            |    42 |    99.99 | CREW    |
 * |      5 | UA      | 03/02/2024 17:45      |     0 |     0.00 | NONE    |
 * |      6 | WN      | NULL                  |   120 | 10000.01 | WEATHER |
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena, failure } from './trinoRun';

const DELAYS = `WITH delays(flight, carrier, sched_dep, delay, cost, reason) AS (VALUES
 (1, 'AA', '2024-03-01 08:15:00', 15, DECIMAL '1250.50', 'WEATHER'),
 (2, 'UA', '2024-03-01T09:30:00', NULL, NULL, NULL),
 (4, 'AA', '1709370000', 42, DECIMAL '99.99', 'CREW'),
 (5, 'UA', '03/02/2024 17:45', 0, DECIMAL '0.00', 'NONE'),
 (6, 'WN', NULL, 120, DECIMAL '10000.01', 'WEATHER')
) `;

const rows = async (sql: string) => (await athena(DELAYS + sql)).rows;

describe('a flight-delay analyst', () => {
  // functions/aggregate.md geometric_mean; GeometricMeanAggregations: exp(Σ Math.log(x) / count), Math.log(0) being
  // -Infinity, so a zero delay makes the mean 0.0 (DuckDB's geomean failed: "cannot take logarithm of zero"), and a
  // negative value NaN (√(15·42) = √630 = 25.0998008; rounded: exp and log are Java's, to the last bit)
  it('geometric_mean over a zero is 0.0, over a negative NaN; of no rows NULL', async () => {
    assert.deepEqual(await rows("SELECT carrier, round(geometric_mean(delay), 6) FROM delays GROUP BY carrier ORDER BY carrier"), [['AA', '25.099801'], ['UA', '0.0'], ['WN', '120.0']]);
    assert.deepEqual(await rows('SELECT geometric_mean(delay - 1), geometric_mean(delay) FILTER (WHERE delay > 200) FROM delays'), [['NaN', 'NULL']]);
  });

  // functions/conditional.md try, functions/datetime.md date_parse / from_unixtime: the first format that parses
  it('departure times in several text formats: coalesce of try(date_parse(…)) and try(from_unixtime(CAST(… AS bigint)))', async () => {
    const a = await rows(`SELECT flight, coalesce(try(date_parse(sched_dep, '%Y-%m-%d %H:%i:%s')), try(date_parse(sched_dep, '%Y-%m-%dT%H:%i:%s')),
      try(date_parse(sched_dep, '%m/%d/%Y %H:%i')), try(CAST(from_unixtime(CAST(sched_dep AS bigint)) AS timestamp))) FROM delays ORDER BY flight`);
    // 1709370000 s = 19782 days + 32400 s: 2024-03-02 09:00:00 UTC
    assert.deepEqual(a, [['1', '2024-03-01 08:15:00.000'], ['2', '2024-03-01 09:30:00.000'], ['4', '2024-03-02 09:00:00.000'], ['5', '2024-03-02 17:45:00.000'], ['6', 'NULL']]);
  });

  // core/trino-spi/…/type/DecimalConversions.java throwCastException: "Cannot cast DECIMAL(%d, %d) '%s' to
  // DECIMAL(%d, %d)", the value as the source's scale writes it, after rounding half up (shortToShortCast); DuckDB
  // said "Casting value … failed: value is out of range!"
  it('a cost that does not fit a narrower decimal fails in Trino\'s words; one that fits is rounded half up', async () => {
    assert.equal((await failure(DELAYS + 'SELECT CAST(cost AS decimal(4,2)) FROM delays')).message.replace(/^Invalid Input Error: /, ''), "Cannot cast DECIMAL(7, 2) '1250.50' to DECIMAL(4, 2)");
    assert.equal((await failure("SELECT CAST(DECIMAL '99.995' AS decimal(4,2))")).message.replace(/^Invalid Input Error: /, ''), "Cannot cast DECIMAL(5, 3) '99.995' to DECIMAL(4, 2)");
    // DecimalCasts.bigintToShortDecimal: "Cannot cast BIGINT '%s' to DECIMAL(%s, %s)"
    assert.equal((await failure('SELECT CAST(BIGINT \'2475\' AS decimal(3,0))')).message.replace(/^Invalid Input Error: /, ''), "Cannot cast BIGINT '2475' to DECIMAL(3, 0)");
    assert.equal((await failure('SELECT CAST(x AS decimal(5,2)) FROM (VALUES BIGINT \'-1000\') v(x)')).message.replace(/^Invalid Input Error: /, ''), "Cannot cast BIGINT '-1000' to DECIMAL(5, 2)");
    assert.deepEqual((await athena("SELECT CAST(BIGINT '999' AS decimal(5,2)), CAST(BIGINT '-9223372036854775808' AS decimal(19,0))")).rows, [['999.00', '-9223372036854775808']]);
    assert.deepEqual((await athena("SELECT CAST(DECIMAL '99.994' AS decimal(4,2)), CAST(DECIMAL '-0.5' AS decimal(1,0)), try_cast(DECIMAL '123.4' AS decimal(2,0))")).rows, [['99.99', '-1', 'NULL']]);
  });

  // DecimalOperators (add: NUMERIC_VALUE_OUT_OF_RANGE "Decimal overflow") and DecimalSumAggregation's output ("Decimal
  // overflow"): DuckDB's sum of decimal(38,0) answered 10^38, past the type, and its addition said "Overflow in
  // addition of DECIMAL(38) (…)"
  it('a decimal sum or addition past 38 digits fails with "Decimal overflow"', async () => {
    const nines = "DECIMAL '99999999999999999999999999999999999999'";
    assert.equal((await failure(`SELECT sum(x) FROM (VALUES ${nines}, DECIMAL '1') v(x)`)).message.replace(/^Invalid Input Error: /, ''), 'Decimal overflow');
    assert.equal((await failure(`SELECT ${nines} + 1`)).message, 'Decimal overflow');
    assert.deepEqual((await athena(`SELECT sum(x) FROM (VALUES ${nines}, DECIMAL '-1') v(x)`)).rows, [['99999999999999999999999999999999999998']]);
  });

  // Trino's StatementAnalyzer: "DISTINCT in window function parameters not yet supported: %s" (trinodb/trino#7885,
  // open) — DuckDB answered the count of distinct carriers
  it('count(DISTINCT …) OVER (…) fails as in Trino; count(DISTINCT …) as an aggregate answers', async () => {
    assert.match((await failure(DELAYS + 'SELECT count(DISTINCT carrier) OVER () FROM delays')).message, /^DISTINCT in window function parameters not yet supported: count\(DISTINCT carrier\) OVER \(\)$/);
    assert.deepEqual(await rows('SELECT count(DISTINCT carrier), count(DISTINCT reason) FROM delays'), [['3', '3']]);
  });
});
