/**
 * An analyst's queries over a small sales table of their own (decimals, time stamps, NULLs, text past ASCII), with
 * the answers worked out by hand from Trino's documentation (trinodb/trino docs/src/main/sphinx/functions/*.md, the
 * file named in each case) and its sources where the pages are silent — not read off the local engine. Rows:
 *
 * | id | region | customer     | amount | qty  | ts                  | tags          |
 * |  1 | EMEA   | Zoë Müller   |  19.99 |    3 | 2024-01-15 08:30:00 | [new, promo]  |
 * |  2 | EMEA   | José Álvarez |   5.00 |    1 | 2024-01-15 23:10:00 | [promo]       |
 * |  3 | APAC   | 李雷          | 120.50 |    2 | 2024-02-29 12:00:00 | []            |
 * |  4 | APAC   | NULL         |   0.99 |   10 | 2024-03-31 01:30:00 | NULL          |
 * |  5 | AMER   | Ann O'Neil   | 250.00 | NULL | 2024-03-10 06:59:59 | [vip, new]    |
 * |  6 | AMER   | bob smith    |  33.33 |    3 | 2024-12-31 23:59:59 | [vip]         |
 * |  7 | NULL   | Çelik        |   7.25 |    4 | 2023-12-31 12:00:00 | [new]         |
 *
 * amount is decimal(5,2) (the VALUES' common type of DECIMAL '19.99' … '250.00'), ts timestamp(0) (literals without a
 * fraction), read in Athena's session zone UTC.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena, failure } from './trinoRun';

const SALES = `WITH sales(id, region, customer, amount, qty, ts, tz, tags) AS (VALUES
 (1, 'EMEA', 'Zoë Müller', DECIMAL '19.99', 3, TIMESTAMP '2024-01-15 08:30:00', 'Europe/Berlin', ARRAY['new','promo']),
 (2, 'EMEA', 'José Álvarez', DECIMAL '5.00', 1, TIMESTAMP '2024-01-15 23:10:00', 'Europe/Madrid', ARRAY['promo']),
 (3, 'APAC', '李雷', DECIMAL '120.50', 2, TIMESTAMP '2024-02-29 12:00:00', 'Asia/Shanghai', ARRAY[]),
 (4, 'APAC', NULL, DECIMAL '0.99', 10, TIMESTAMP '2024-03-31 01:30:00', 'Asia/Tokyo', NULL),
 (5, 'AMER', 'Ann O''Neil', DECIMAL '250.00', NULL, TIMESTAMP '2024-03-10 06:59:59', 'America/New_York', ARRAY['vip','new']),
 (6, 'AMER', 'bob smith', DECIMAL '33.33', 3, TIMESTAMP '2024-12-31 23:59:59', 'America/Los_Angeles', ARRAY['vip']),
 (7, NULL, 'Çelik', DECIMAL '7.25', 4, TIMESTAMP '2023-12-31 12:00:00', 'UTC', ARRAY['new'])
) `;

const q = async (sql: string) => athena(SALES + sql);
const rows = async (sql: string) => (await q(sql)).rows;

describe('aggregates and decimals (aggregate.md, decimal.md)', () => {
  it('sum of decimal(5,2) is decimal(38,2); avg keeps decimal(5,2), rounded half up (141.665 → 141.67, 12.495 → 12.50); count(col) skips NULL', async () => {
    const a = await q('SELECT region, sum(amount), avg(amount), count(*), count(customer) FROM sales GROUP BY region ORDER BY region NULLS FIRST');
    assert.deepEqual(a.rows, [['NULL', '7.25', '7.25', '1', '1'], ['AMER', '283.33', '141.67', '2', '2'], ['APAC', '121.49', '60.75', '2', '1'], ['EMEA', '24.99', '12.50', '2', '2']]);
    assert.deepEqual(a.types, ['varchar(4)', 'decimal(38,2)', 'decimal(5,2)', 'bigint', 'bigint']);
  });

  it('decimal × integer is decimal(15,2); decimal ÷ integer decimal(5,2) half up; integer ÷ and % truncate; round(x, 2) is decimal(6,2)', async () => {
    const a = await q('SELECT id, amount * qty, amount / qty, qty / 3, qty % 3, round(amount / 3, 2) FROM sales ORDER BY id');
    assert.deepEqual(a.rows, [
      ['1', '59.97', '6.66', '1', '0', '6.66'], ['2', '5.00', '5.00', '0', '1', '1.67'], ['3', '241.00', '60.25', '0', '2', '40.17'], ['4', '9.90', '0.10', '3', '1', '0.33'],
      ['5', 'NULL', 'NULL', 'NULL', 'NULL', '83.33'], ['6', '99.99', '11.11', '1', '0', '11.11'], ['7', '29.00', '1.81', '1', '1', '2.42'],
    ]);
    assert.deepEqual(a.types, ['integer', 'decimal(15,2)', 'decimal(5,2)', 'integer', 'integer', 'decimal(6,2)']);
  });

  it('share of the total: 100.0 * sum(x) / sum(sum(x)) OVER () is decimal(38,3) (decimal(38,3) ÷ decimal(38,2)), 28333/437.06 = 64.826… ', async () => {
    const a = await q('SELECT region, sum(amount) AS total, round(100.0 * sum(amount) / sum(sum(amount)) OVER (), 1) AS pct FROM sales GROUP BY region ORDER BY total DESC');
    assert.deepEqual(a.rows, [['AMER', '283.33', '64.800'], ['APAC', '121.49', '27.800'], ['EMEA', '24.99', '5.700'], ['NULL', '7.25', '1.700']]);
    assert.deepEqual(a.types, ['varchar(4)', 'decimal(38,2)', 'decimal(38,3)']);
    assert.deepEqual(await rows('SELECT sum(amount) / count(*), sum(amount) / sum(qty), DECIMAL \'-2.00\' / CAST(3 AS decimal(38,0)) FROM sales'), [['62.44', '19.00', '-0.67']]);
  });

  it('decimal casts: to double, to integer (half up), to varchar; + 1 is decimal(13,2), × 1.5 decimal(7,3)', async () => {
    const a = await q('SELECT id, CAST(amount AS double), CAST(amount AS integer), CAST(amount AS varchar), amount + 1, amount * DECIMAL \'1.5\' FROM sales WHERE id IN (2, 3, 4) ORDER BY id');
    assert.deepEqual(a.rows, [['2', '5.0', '5', '5.00', '6.00', '7.500'], ['3', '120.5', '121', '120.50', '121.50', '180.750'], ['4', '0.99', '1', '0.99', '1.99', '1.485']]);
    assert.deepEqual(a.types.slice(4), ['decimal(13,2)', 'decimal(7,3)']);
    // 19.99 × 1.005 = 20.08995 → 20.09; a double goes through its shortest text (BigDecimal.valueOf): 19.995 → 20.00
    assert.deepEqual(await rows('SELECT CAST(amount * 1.005 AS decimal(10,2)), CAST(19.995e0 AS decimal(10,2)), CAST(amount AS decimal(4,1)) FROM sales WHERE id = 1'), [['20.09', '20.00', '20.0']]);
  });

  it('truncate, floor, ceil, round of a decimal; round(x, -1); sign; doubles from power, sqrt, ln, log10 (math.md)', async () => {
    const a = await q('SELECT id, truncate(amount), floor(amount), ceil(amount), round(amount), round(amount, -1), sign(amount - 20), mod(qty, 4), power(qty, 2), sqrt(qty), ln(qty) FROM sales WHERE id IN (3, 4, 7) ORDER BY id');
    assert.deepEqual(a.rows, [
      ['3', '120', '120', '121', '121', '120.00', '1', '2', '4.0', '1.4142135623730951', '0.6931471805599453'],
      ['4', '0', '0', '1', '1', '0.00', '-1', '2', '100.0', '3.1622776601683795', '2.302585092994046'],
      ['7', '7', '7', '8', '7', '10.00', '-1', '0', '16.0', '2.0', '1.3862943611198906'],
    ]);
    assert.deepEqual(a.types.slice(1, 7), ['decimal(3,0)', 'decimal(4,0)', 'decimal(4,0)', 'decimal(4,0)', 'decimal(6,2)', 'decimal(1,0)']);
  });

  it('FILTER, sample variance and deviation, count_if, bool_and, geometric mean of 3,1,2,10,3,4 (720^(1/6))', async () => {
    assert.deepEqual(await rows('SELECT sum(amount) FILTER (WHERE region = \'EMEA\'), round(stddev(qty), 6), round(variance(qty), 6), bool_and(qty > 0), count_if(qty > 2), round(geometric_mean(qty), 6) FROM sales'), [['24.99', '3.188521', '10.166667', 'true', '4', '2.993795']]);
  });

  it('max_by, min_by, count(DISTINCT), approx_distinct (exact for few values)', async () => {
    assert.deepEqual(await rows('SELECT approx_distinct(region), approx_distinct(tz), count(DISTINCT region), max_by(customer, amount), min_by(id, ts) FROM sales'), [['3', '7', '3', "Ann O'Neil", '7']]);
  });

  it('listagg WITHIN GROUP, array_agg ORDER BY, map_agg of distinct keys; max of varchar by code point', async () => {
    assert.deepEqual(await rows("SELECT region, array_agg(id ORDER BY id), map_agg(id, amount), listagg(customer, ', ') WITHIN GROUP (ORDER BY customer) FROM sales WHERE region IS NOT NULL GROUP BY region ORDER BY region"), [
      ['AMER', '[5, 6]', '{5=250.00, 6=33.33}', "Ann O'Neil, bob smith"], ['APAC', '[3, 4]', '{3=120.50, 4=0.99}', '李雷'], ['EMEA', '[1, 2]', '{1=19.99, 2=5.00}', 'José Álvarez, Zoë Müller'],
    ]);
    assert.deepEqual(await rows('SELECT max(customer), min(ts), sum(qty * amount), avg(qty) FROM sales'), [['李雷', '2023-12-31 12:00:00', '444.86', '3.8333333333333335']]);
  });
});

describe('grouping (select.md: GROUP BY, ROLLUP, GROUPING SETS, HAVING)', () => {
  it('ROLLUP adds the total; GROUPING tells the total from the NULL region', async () => {
    assert.deepEqual(await rows('SELECT region, GROUPING(region), sum(qty) FROM sales GROUP BY ROLLUP(region) ORDER BY region NULLS LAST, 2'), [['AMER', '0', '3'], ['APAC', '0', '12'], ['EMEA', '0', '4'], ['NULL', '0', '4'], ['NULL', '1', '23']]);
  });

  it('GROUPING SETS ((region), (tz), ())', async () => {
    const r = await rows('SELECT region, tz, GROUPING(region, tz), count(*) FROM sales GROUP BY GROUPING SETS ((region), (tz), ()) ORDER BY 3, region NULLS FIRST, tz');
    assert.deepEqual(r.slice(0, 4), [['NULL', 'NULL', '1', '1'], ['AMER', 'NULL', '1', '2'], ['APAC', 'NULL', '1', '2'], ['EMEA', 'NULL', '1', '2']]);
    assert.deepEqual(r.slice(4, 6), [['NULL', 'America/Los_Angeles', '2', '1'], ['NULL', 'America/New_York', '2', '1']]);
    assert.deepEqual(r.at(-1), ['NULL', 'NULL', '3', '7']);
    assert.equal(r.length, 12);
  });

  it('HAVING, OFFSET, FETCH FIRST; IN and EXISTS subqueries; EXCEPT; LEFT JOIN', async () => {
    assert.deepEqual(await rows('SELECT region, count(*) FROM sales GROUP BY region HAVING count(*) > 1 ORDER BY region OFFSET 1 ROWS FETCH FIRST 1 ROWS ONLY'), [['APAC', '2']]);
    assert.deepEqual(await rows('SELECT id FROM sales WHERE region IN (SELECT region FROM sales WHERE amount > 100) AND EXISTS (SELECT 1 FROM sales s2 WHERE s2.id = sales.id + 1) ORDER BY id'), [['3'], ['4'], ['5'], ['6']]);
    assert.deepEqual(await rows("SELECT region FROM sales EXCEPT SELECT 'EMEA' ORDER BY 1 NULLS FIRST"), [['NULL'], ['AMER'], ['APAC']]);
    assert.deepEqual(await rows('SELECT a.id, b.id FROM sales a LEFT JOIN sales b ON a.region = b.region AND a.id < b.id ORDER BY a.id'), [['1', '2'], ['2', 'NULL'], ['3', '4'], ['4', 'NULL'], ['5', '6'], ['6', 'NULL'], ['7', 'NULL']]);
  });
});

describe('window functions (window.md)', () => {
  it('rank, a running sum by time, lag, lead with a default', async () => {
    assert.deepEqual(await rows('SELECT id, rank() OVER (PARTITION BY region ORDER BY amount DESC), sum(amount) OVER (PARTITION BY region ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), lag(amount) OVER (ORDER BY id), lead(id, 2, -1) OVER (ORDER BY id) FROM sales ORDER BY id'), [
      ['1', '1', '19.99', 'NULL', '3'], ['2', '2', '24.99', '19.99', '4'], ['3', '1', '120.50', '5.00', '5'], ['4', '2', '121.49', '120.50', '6'], ['5', '1', '250.00', '0.99', '7'], ['6', '2', '283.33', '250.00', '-1'], ['7', '1', '7.25', '33.33', '-1'],
    ]);
  });

  it('ntile, percent_rank, cume_dist, first_value (default frame), nth_value over the whole partition', async () => {
    assert.deepEqual(await rows('SELECT id, ntile(3) OVER (ORDER BY amount), percent_rank() OVER (ORDER BY amount), cume_dist() OVER (ORDER BY amount), first_value(id) OVER (ORDER BY amount DESC), nth_value(id, 2) OVER (ORDER BY amount ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM sales WHERE id IN (1, 4, 5) ORDER BY id'), [
      ['1', '2', '0.5', '0.6666666666666666', '5', '1'], ['4', '1', '0.0', '0.3333333333333333', '5', '1'], ['5', '3', '1.0', '1.0', '5', '1'],
    ]);
  });

  it('a moving average of decimals (decimal(5,2), half up); a 30-day RANGE window over time; row_number', async () => {
    assert.deepEqual(await rows("SELECT id, avg(amount) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), sum(qty) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '30' DAY PRECEDING AND CURRENT ROW), row_number() OVER (PARTITION BY region ORDER BY id DESC) FROM sales ORDER BY id"), [
      ['1', '12.50', '7', '2'], ['2', '48.50', '8', '1'], ['3', '42.16', '2', '2'], ['4', '123.83', '10', '1'], ['5', '94.77', '2', '2'], ['6', '96.86', '3', '1'], ['7', '20.29', '4', '1'],
    ]);
  });
});

describe('dates, times and zones (datetime.md)', () => {
  it('day_of_week (ISO, Monday 1), ISO week, quarter; format_datetime and date_format', async () => {
    assert.deepEqual(await rows("SELECT id, format_datetime(ts, 'yyyy-MM-dd HH:mm EEE'), date_format(ts, '%Y-%m-%d %W %j'), day_of_week(ts), week(ts), quarter(ts), year_of_week(ts) FROM sales WHERE id IN (3, 6, 7) ORDER BY id"), [
      ['3', '2024-02-29 12:00 Thu', '2024-02-29 Thursday 060', '4', '9', '1', '2024'], ['6', '2024-12-31 23:59 Tue', '2024-12-31 Tuesday 366', '2', '1', '4', '2025'], ['7', '2023-12-31 12:00 Sun', '2023-12-31 Sunday 365', '7', '52', '4', '2023'],
    ]);
  });

  it('date_add month clamps to the month end; date_trunc week is Monday; date_diff counts whole days; last_day_of_month', async () => {
    const a = await q("SELECT id, date_add('month', 1, ts), date_trunc('week', ts), date_diff('day', ts, TIMESTAMP '2024-12-31 00:00:00'), ts + INTERVAL '1' DAY, last_day_of_month(ts) FROM sales WHERE id IN (3, 4, 6) ORDER BY id");
    assert.deepEqual(a.rows, [
      ['3', '2024-03-29 12:00:00', '2024-02-26 00:00:00', '305', '2024-03-01 12:00:00', '2024-02-29'],
      ['4', '2024-04-30 01:30:00', '2024-03-25 00:00:00', '274', '2024-04-01 01:30:00', '2024-03-31'],
      ['6', '2025-01-31 23:59:59', '2024-12-30 00:00:00', '0', '2025-01-01 23:59:59', '2024-12-31'],
    ]);
    assert.deepEqual(a.types.slice(1), ['timestamp(0)', 'timestamp(0)', 'bigint', 'timestamp(0)', 'date']);
  });

  it('AT TIME ZONE and with_timezone; fields in another zone (New York is on daylight time from 2024-03-10 07:00 UTC)', async () => {
    const a = await q("SELECT id, ts AT TIME ZONE 'America/New_York', with_timezone(ts, 'Asia/Tokyo'), CAST(ts AT TIME ZONE 'Asia/Kolkata' AS varchar), hour(ts AT TIME ZONE 'Asia/Tokyo'), day(ts AT TIME ZONE 'Pacific/Auckland'), timezone_hour(ts AT TIME ZONE 'America/New_York') FROM sales WHERE id IN (4, 5, 6) ORDER BY id");
    assert.deepEqual(a.rows, [
      ['4', '2024-03-30 21:30:00 America/New_York', '2024-03-31 01:30:00 Asia/Tokyo', '2024-03-31 07:00:00 Asia/Kolkata', '10', '31', '-4'],
      ['5', '2024-03-10 01:59:59 America/New_York', '2024-03-10 06:59:59 Asia/Tokyo', '2024-03-10 12:29:59 Asia/Kolkata', '15', '10', '-5'],
      ['6', '2024-12-31 18:59:59 America/New_York', '2024-12-31 23:59:59 Asia/Tokyo', '2025-01-01 05:29:59 Asia/Kolkata', '8', '1', '-5'],
    ]);
    assert.deepEqual(a.types.slice(1, 3), ['timestamp(0) with time zone', 'timestamp(0) with time zone']);
  });

  it('across the DST change: 24 hours after 01:59:59 EST is 02:59:59 EDT; that day has 23 hours', async () => {
    assert.deepEqual(await rows("SELECT date_add('hour', 24, from_unixtime(to_unixtime(ts), 'America/New_York')), date_diff('hour', TIMESTAMP '2024-03-10 00:00 America/New_York', TIMESTAMP '2024-03-11 00:00 America/New_York') FROM sales WHERE id = 5"), [['2024-03-11 02:59:59.000 America/New_York', '23']]);
  });

  it('to_unixtime (a double), from_unixtime, to_iso8601 of a timestamp(0), date_parse round trip', async () => {
    assert.deepEqual(await rows("SELECT to_unixtime(ts), from_unixtime(to_unixtime(ts)), to_iso8601(ts), date_parse(format_datetime(ts, 'dd/MM/yyyy'), '%d/%m/%Y') FROM sales WHERE id = 1"), [['1.7053074E9', '2024-01-15 08:30:00.000 UTC', '2024-01-15T08:30:00', '2024-01-15 00:00:00.000']]);
  });

  it('intervals: a month after January 31, a year before February 29, timestamp − timestamp, date − date', async () => {
    const a = await q("SELECT DATE '2024-01-31' + INTERVAL '1' MONTH, DATE '2024-02-29' - INTERVAL '1' YEAR, ts - TIMESTAMP '2024-01-01 00:00:00', INTERVAL '90' MINUTE, INTERVAL '2' YEAR + INTERVAL '3' MONTH, DATE '2024-03-01' - DATE '2024-02-01', date_diff('month', DATE '2024-01-31', DATE '2024-02-29') FROM sales WHERE id = 1");
    assert.deepEqual(a.rows, [['2024-02-29', '2023-02-28', '14 08:30:00.000', '0 01:30:00.000', '2-3', '29 00:00:00.000', '1']]);
  });

  it('date_trunc month/quarter/hour, extract(DOW|DOY), CAST to date; GROUP BY a formatted month', async () => {
    assert.deepEqual(await rows("SELECT date_trunc('quarter', ts), date_trunc('hour', ts), extract(DOW FROM ts), extract(DOY FROM ts), CAST(ts AS date) FROM sales WHERE id = 6"), [['2024-10-01 00:00:00', '2024-12-31 23:00:00', '2', '366', '2024-12-31']]);
    assert.deepEqual(await rows("SELECT date_format(ts, '%Y-%m'), count(*), sum(amount) FROM sales GROUP BY 1 ORDER BY 1"), [['2023-12', '1', '7.25'], ['2024-01', '2', '24.99'], ['2024-02', '1', '120.50'], ['2024-03', '2', '250.99'], ['2024-12', '1', '33.33']]);
  });

  it('a text the calendar lacks fails in Trino\'s words (DateTimeUtils.parseDate: "Value cannot be cast to date")', async () => {
    assert.match((await failure("SELECT CAST('2024-02-30' AS date)")).message, /Value cannot be cast to date: 2024-02-30$/);
    assert.match((await failure("SELECT CAST('2024-13-01 10:00:00' AS timestamp)")).message, /Value cannot be cast to timestamp: 2024-13-01 10:00:00$/);
    assert.deepEqual((await athena("SELECT try_cast('2024-02-30' AS date), try(CAST('2024-02-30' AS date)), CAST('2024-02-29' AS date)")).rows, [['NULL', 'NULL', '2024-02-29']]);
  });
});

describe('strings past ASCII (string.md, conversion.md)', () => {
  it('upper, length in code points, substr, reverse keeps varchar(12), lpad cuts, strpos', async () => {
    const a = await q("SELECT id, upper(customer), length(customer), substr(customer, 2, 3), reverse(customer), lpad(coalesce(customer, '?'), 8, '*'), strpos(customer, 'e') FROM sales WHERE id IN (1, 3, 4, 7) ORDER BY id");
    assert.deepEqual(a.rows, [
      ['1', 'ZOË MÜLLER', '10', 'oë ', 'rellüM ëoZ', 'Zoë Müll', '9'], ['3', '李雷', '2', '雷', '雷李', '******李雷', '0'], ['4', 'NULL', 'NULL', 'NULL', 'NULL', '*******?', 'NULL'], ['7', 'ÇELIK', '5', 'eli', 'kileÇ', '***Çelik', '2'],
    ]);
    assert.deepEqual(a.types.slice(1), ['varchar(12)', 'bigint', 'varchar(12)', 'varchar(12)', 'varchar', 'bigint']);
  });

  it('concat is NULL with a NULL argument; bytes of UTF-8; to_hex; chr, codepoint; translate', async () => {
    assert.deepEqual(await rows("SELECT id, concat(customer, '-', region), length(to_utf8(customer)), to_hex(to_utf8('é')), chr(233), codepoint('é'), translate(customer, 'ü', 'u') FROM sales WHERE id IN (1, 7) ORDER BY id"), [
      ['1', 'Zoë Müller-EMEA', '12', 'C3A9', 'é', '233', 'Zoë Muller'], ['7', 'NULL', '6', 'C3A9', 'é', '233', 'Çelik'],
    ]);
  });

  it('case mapping per code point (Character.toUpperCase/toLowerCase): ﬁ stays, İ is i; LIKE with ESCAPE; trims', async () => {
    assert.deepEqual((await athena("SELECT 'a%c' LIKE 'a\\%c' ESCAPE '\\', 'ABC' LIKE 'abc', lower('ÀÉÎ'), upper('ﬁ'), lower('İ'), length('👍🏽'), substr('👍🏽x', 2), ltrim('xxa', 'x')")).rows, [['true', 'false', 'àéî', 'ﬁ', 'i', '2', '🏽x', 'a']]);
  });

  it('format() with Java\'s Formatter (%.2f rounds half up the shortest text: 19.995 → 20.00), format_number', async () => {
    assert.deepEqual((await athena("SELECT format('%s has %d items costing %.2f', 'Zoë', 3, 19.995e0), format('%05d|%-5s|%x', 42, 'ab', 255), format_number(1234567.891), format('%,d', 1234567)")).rows, [['Zoë has 3 items costing 20.00', '00042|ab   |ff', '1.23M', '1,234,567']]);
  });

  it('length of a char(x) is x, its padding counted (StringFunctions.charLength: `return x`); text compares by code point', async () => {
    assert.deepEqual((await athena("SELECT length(CAST('ab' AS char(4))), length(CAST(NULL AS char(3))), length('ab'), CAST('ab' AS char(4)) = 'ab', 'ab' < 'aB', 'Z' < 'a'")).rows, [['4', 'NULL', '2', 'true', 'false', 'true']]);
  });

  it('CAST to varchar of a timestamp(0), a decimal, a double (scientific, as Trino writes it)', async () => {
    assert.deepEqual(await rows("SELECT CAST(ts AS varchar), CAST(amount AS varchar), CAST(CAST(amount AS double) AS varchar) FROM sales WHERE id = 1"), [['2024-01-15 08:30:00', '19.99', '1.999E1']]);
  });
});

describe('regular expressions (regexp.md)', () => {
  it('regexp_like, regexp_replace, split_part past the end is NULL', async () => {
    assert.deepEqual(await rows("SELECT id, regexp_like(customer, '^[A-Z]'), regexp_replace(customer, '[aeiou]', '_'), split_part(customer, ' ', 2) FROM sales WHERE id IN (1, 3, 5) ORDER BY id"), [
      ['1', 'true', 'Z_ë Müll_r', 'Müller'], ['3', 'false', '李雷', 'NULL'], ['5', 'true', "Ann O'N__l", "O'Neil"],
    ]);
  });

  it('extract_all, split, count, position, $n replacement, groups', async () => {
    assert.deepEqual((await athena("SELECT regexp_extract_all('a1b22c333', '\\d+'), regexp_split('a,b;c', '[,;]'), regexp_count('banana', 'an'), regexp_position('banana', 'an', 3), regexp_replace('John Smith', '(\\w+) (\\w+)', '$2, $1'), regexp_extract('2024-01-15', '(\\d{4})-(\\d{2})', 2)")).rows, [['[1, 22, 333]', '[a, b, c]', '2', '4', 'Smith, John', '01']]);
  });

  it('regexp_replace with a lambda: groups as an array; a NULL replacement makes the result NULL (JoniRegexpReplaceLambdaFunction: "replacing a substring with null (unknown) makes the entire string null")', async () => {
    assert.deepEqual((await athena("SELECT regexp_replace('new york', '(\\w)(\\w*)', x -> upper(x[1]) || lower(x[2])), regexp_replace('abcb', '(b)', x -> NULL), regexp_replace('none', '(b)', x -> NULL), regexp_replace('abc', 'b', x -> 'Z' || CAST(cardinality(x) AS varchar))")).rows, [['New York', 'NULL', 'none', 'aZ0c']]);
    // without groups the array is empty: x[1] fails as a subscript past the end does
    assert.match((await failure("SELECT regexp_replace('abc', 'b', x -> upper(x[1]))")).message, /Array subscript must be less than or equal to array length: 1 > 0/);
  });
});

describe('arrays, maps, rows and lambdas (array.md, map.md, lambda.md)', () => {
  it('cardinality, contains (NULL for a NULL array), array_join, element_at past the end, array_position 0, transform, filter', async () => {
    assert.deepEqual(await rows("SELECT id, cardinality(tags), contains(tags, 'new'), array_join(tags, '|'), element_at(tags, 2), array_position(tags, 'vip'), transform(tags, t -> upper(t)), filter(tags, t -> t <> 'new') FROM sales WHERE id IN (1, 3, 4, 5) ORDER BY id"), [
      ['1', '2', 'true', 'new|promo', 'promo', '0', '[NEW, PROMO]', '[promo]'], ['3', '0', 'false', '', 'NULL', '0', '[]', '[]'], ['4', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL'], ['5', '2', 'true', 'vip|new', 'new', '1', '[VIP, NEW]', '[vip]'],
    ]);
  });

  it('UNNEST WITH ORDINALITY skips empty and NULL arrays; counting tags', async () => {
    assert.deepEqual(await rows('SELECT id, t, n FROM sales CROSS JOIN UNNEST(tags) WITH ORDINALITY AS u(t, n) ORDER BY id, n'), [['1', 'new', '1'], ['1', 'promo', '2'], ['2', 'promo', '1'], ['5', 'vip', '1'], ['5', 'new', '2'], ['6', 'vip', '1'], ['7', 'new', '1']]);
    assert.deepEqual(await rows('SELECT t, count(*) FROM sales CROSS JOIN UNNEST(tags) AS u(t) GROUP BY t ORDER BY 2 DESC, 1'), [['new', '3'], ['promo', '2'], ['vip', '2']]);
  });

  it('reduce with a bigint state (reduce(array(T), S, …): S is the initial value\'s type, so 0 would not take length()), zip_with, any_match, array_sort, array_distinct', async () => {
    assert.deepEqual(await rows("SELECT id, reduce(tags, BIGINT '0', (s, t) -> s + length(t), s -> s), zip_with(tags, tags, (a, b) -> a || b), any_match(tags, t -> t = 'vip'), array_sort(tags), array_distinct(tags || tags) FROM sales WHERE id IN (1, 5) ORDER BY id"), [
      ['1', '8', '[newnew, promopromo]', 'false', '[new, promo]', '[new, promo]'], ['5', '6', '[vipvip, newnew]', 'true', '[new, vip]', '[vip, new]'],
    ]);
    assert.match((await failure(SALES + "SELECT reduce(tags, 0, (s, t) -> s + length(t), s -> s) FROM sales")).message, /Unexpected parameters .* for function reduce/);
  });

  it('set operations on arrays keep the first array\'s order; array_max is NULL with a NULL element; combinations, ngrams', async () => {
    assert.deepEqual((await athena("SELECT slice(ARRAY[1,2,3,4], 2, 2), sequence(1, 10, 3), array_max(ARRAY[1, NULL, 3]), array_except(ARRAY[1,2,2,3], ARRAY[2]), array_intersect(ARRAY[3,1,2,1], ARRAY[1,3]), array_sort(ARRAY['b', NULL, 'a']), combinations(ARRAY[1,2,3], 2), ngrams(ARRAY['a','b','c'], 2), element_at(ARRAY['x','y'], -1)")).rows, [
      ['[2, 3]', '[1, 4, 7, 10]', 'NULL', '[1, 3]', '[3, 1]', '[a, b, NULL]', '[[1, 2], [1, 3], [2, 3]]', '[[a, b], [b, c]]', 'y'],
    ]);
  });

  it('maps: a NULL value shown, map_filter, map_concat keeps the later key, UNNEST of a map', async () => {
    assert.deepEqual(await rows("SELECT id, map(ARRAY['a','b'], ARRAY[id, qty]), element_at(map(ARRAY['a'], ARRAY[qty]), 'a'), map_filter(map(ARRAY['a','b'], ARRAY[id, qty]), (k, v) -> v > 2), cardinality(map_concat(map(ARRAY['x'], ARRAY[1]), map(ARRAY['x','y'], ARRAY[2,3]))) FROM sales WHERE id IN (2, 5) ORDER BY id"), [
      ['2', '{a=2, b=1}', '1', '{}', '2'], ['5', '{a=5, b=NULL}', 'NULL', '{a=5}', '2'],
    ]);
    assert.deepEqual((await athena("SELECT k, v FROM (SELECT map(ARRAY['x','y'], ARRAY[1,2]) m) CROSS JOIN UNNEST(m) AS u(k, v) ORDER BY k")).rows, [['x', '1'], ['y', '2']]);
  });

  it('rows, a field of a cast row, JSON of an array and of a map', async () => {
    assert.deepEqual(await rows("SELECT ROW(id, customer), CAST(ROW(id, amount) AS ROW(i integer, a double)).a, json_format(CAST(tags AS JSON)), json_extract_scalar(CAST(MAP(ARRAY['k'], ARRAY[customer]) AS JSON), '$.k') FROM sales WHERE id = 1"), [['{1, Zoë Müller}', '19.99', '["new","promo"]', 'Zoë Müller']]);
  });
});

describe('conditionals and TRY (conditional.md)', () => {
  it('CASE, try_cast, TRY of a division by zero, coalesce, nullif, IF without ELSE, BETWEEN and LIKE with NULL', async () => {
    assert.deepEqual(await rows("SELECT id, CASE WHEN amount >= 100 THEN 'big' WHEN amount >= 10 THEN 'mid' ELSE 'small' END, try_cast(customer AS integer), try(qty / (qty - 3)), nullif(qty, 3), IF(qty > 2, 'many'), qty BETWEEN 2 AND 4, region LIKE 'A%' FROM sales WHERE id IN (1, 2, 3, 5, 7) ORDER BY id"), [
      ['1', 'mid', 'NULL', 'NULL', 'NULL', 'many', 'true', 'false'], ['2', 'small', 'NULL', '0', '1', 'NULL', 'false', 'false'], ['3', 'big', 'NULL', '-2', '2', 'NULL', 'true', 'true'],
      ['5', 'big', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'true'], ['7', 'small', 'NULL', '4', '4', 'many', 'true', 'NULL'],
    ]);
  });

  it('integer division of negatives truncates; round of a decimal and a double half away from zero', async () => {
    assert.deepEqual((await athena('SELECT -7 / 2, -7 % 2, 7 / -2, round(-2.5), round(2.5e0), round(-2.5e0), round(DECIMAL \'-0.125\', 2)')).rows, [['-3', '-1', '-3', '-3', '3.0', '-3.0', '-0.130']]);
  });
});

describe('bases (math.md: from_base, to_base; MathFunctions.fromBase is Long.parseLong(value, radix), toBase Long.toString)', () => {
  it('reads and writes signed numbers in bases 2 to 36, the range of a long', async () => {
    assert.deepEqual((await athena("SELECT from_base('ff', 16), from_base('-FF', 16), from_base('+101', 2), from_base('zz', 36), from_base('7fffffffffffffff', 16), from_base('-8000000000000000', 16), to_base(-255, 16), to_base(255, 2)")).rows, [
      ['255', '-255', '5', '1295', '9223372036854775807', '-9223372036854775808', '-ff', '11111111'],
    ]);
  });

  it('fails as Trino does: "Not a valid base-16 number: …", "Radix must be between 2 and 36"', async () => {
    assert.match((await failure("SELECT from_base('8000000000000000', 16)")).message, /Not a valid base-16 number: 8000000000000000$/);
    assert.match((await failure("SELECT from_base('12', 2)")).message, /Not a valid base-2 number: 12$/);
    assert.match((await failure("SELECT from_base(' 1', 10)")).message, /Not a valid base-10 number: {2}1$/);
    assert.match((await failure("SELECT from_base('1', 37)")).message, /Radix must be between 2 and 36$/);
    assert.match((await failure('SELECT to_base(1, 1)')).message, /Radix must be between 2 and 36$/);
  });
});

describe('empty matches in regexp_split and regexp_replace (trinodb/trino AbstractTestRegexpFunctions, JoniRegexpFunctions)', () => {
  it('Trino\'s cases that DuckDB answers alike run', async () => {
    // testRegexpReplace: 'abc有朋$%X自9远方来' with '' and 'Y'; 'call 555.123.4444 now'; testRegexpReplaceLambda: 'new york'
    assert.deepEqual((await athena("SELECT regexp_replace('abc有朋$%X自9远方来', '', 'Y'), regexp_replace('xxx', '', 'y'), regexp_replace('call 555.123.4444 now', '(\\d{3})\\.(\\d{3}).(\\d{4})', '($1) $2-$3'), regexp_replace('', '', x -> 'Y'), regexp_replace('a b', '\\s*', '')")).rows, [
      ['YaYbYcY有Y朋Y$Y%YXY自Y9Y远Y方Y来Y', 'yxyxyxy', 'call (555) 123-4444 now', 'Y', 'ab'],
    ]);
    // regexpSplit writes the rest after the last match: '' is one empty string
    assert.deepEqual((await athena("SELECT cardinality(regexp_split('', ',')), regexp_split('a,b,', ','), regexp_split('a1b22c', '[0-9]+')")).rows, [['1', '[a, b, ]', '[a, b, c]']]);
  });

  it('where an empty match follows a non-empty one (Trino: regexp_replace(VARCHAR \'x\', \'.*\', \'xxxxx\') is xxxxxxxxxx; RE2 replaces once) or cuts a split, refused by name', async () => {
    assert.match((await failure("SELECT regexp_replace(VARCHAR 'x', '.*', 'xxxxx')")).message, /regexp_replace where the pattern matches the empty string is not supported by the local engine/);
    assert.match((await failure("SELECT regexp_replace('123 456', '[0-9]*', 'X')")).message, /regexp_replace where the pattern matches the empty string/);
    // testRegexpReplaceLambda: regexp_replace('abc', '', x -> 'OK') is OKaOKbOKcOK
    assert.match((await failure("SELECT regexp_replace('abc', '', x -> 'OK')")).message, /regexp_replace with a lambda where the pattern matches the empty string/);
    assert.match((await failure("SELECT regexp_split('abc', '')")).message, /regexp_split where the pattern matches the empty string/);
  });
});
