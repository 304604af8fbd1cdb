/**
 * A timestamp with time zone whose zone each row's text names (`from_iso8601_timestamp(col)`): DuckDB's TIMESTAMPTZ
 * keeps the instant only, so the translation carries the zone the text wrote beside it where the expression is read
 * in place. Expected values are Trino's:
 * - trinodb/trino docs/src/main/sphinx/functions/datetime.md:97 (from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00')
 *   is `2020-05-11 11:15:05.055 +01:00`: the offset written is the value's zone);
 * - trinodb/trino@2cff4978edf7b3f667bca815ac3fdae61ea6262d core/trino-main/src/test/java/io/trino/type/
 *   TestTimestampWithTimeZone.java: testCastToTimestamp (`cast(TIMESTAMP '2001-1-22 03:04:05.321 +07:09' as
 *   timestamp)` is 2001-01-22 03:04:05.321, the local date-time in the value's zone), testCastToVarchar
 *   (`2001-01-22 03:04:05.321 +07:09`), testCastToDate (2001-01-22), testLessThan (compared as instants).
 * The same texts as constants are read by the translation itself; the rows here make the zone per-row.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLakehouseError } from '../../src/core/errors';
import { athena } from './trinoRun';

const rows = (texts: string[]) => `(VALUES ${texts.map((s) => `'${s}'`).join(', ')}) t(s)`;

describe('from_iso8601_timestamp of a column: the zone each text writes', () => {
  it('a result column shows the local date-time and the zone written, as the constant does (datetime.md:97)', async () => {
    const r = await athena(`SELECT from_iso8601_timestamp(s) AS ts FROM ${rows(['2020-05-11T11:15:05.055+01:00', '2001-01-22T03:04:05.321+07:09'])}`);
    assert.deepEqual(r.rows, [['2020-05-11 11:15:05.055 +01:00'], ['2001-01-22 03:04:05.321 +07:09']]);
    assert.deepEqual(r.types, ['timestamp(3) with time zone']);
    // the constant, for comparison: the same text
    assert.deepEqual((await athena("SELECT from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00')")).rows, [['2020-05-11 11:15:05.055 +01:00']]);
  });

  it('CAST to timestamp, date and varchar keep the local date-time in the value’s own zone (TestTimestampWithTimeZone)', async () => {
    const r = await athena(`SELECT CAST(from_iso8601_timestamp(s) AS timestamp), CAST(from_iso8601_timestamp(s) AS date), CAST(from_iso8601_timestamp(s) AS varchar) FROM ${rows(['2001-01-22T03:04:05.321+07:09'])}`);
    assert.deepEqual(r.rows, [['2001-01-22 03:04:05.321', '2001-01-22', '2001-01-22 03:04:05.321 +07:09']]);
  });

  it('Z, a zero offset and no zone are UTC (the session zone, as Athena runs); ±HHMM and ±HH offsets are read too', async () => {
    const r = await athena(`SELECT CAST(from_iso8601_timestamp(s) AS varchar), timezone(from_iso8601_timestamp(s)), hour(from_iso8601_timestamp(s)) FROM ${rows(['2020-05-11T01:02Z', '2020-05-11T01:02:03+00', '2020-05-11', '2020-05-11T23:15:05-0530'])}`);
    assert.deepEqual(r.rows, [
      ['2020-05-11 01:02:00.000 UTC', 'UTC', '1'],
      ['2020-05-11 01:02:03.000 UTC', 'UTC', '1'],
      ['2020-05-11 00:00:00.000 UTC', 'UTC', '0'],
      ['2020-05-11 23:15:05.000 -05:30', '-05:30', '23'],
    ]);
  });

  it('compared and sorted as instants (testLessThan), NULL stays NULL', async () => {
    // 11:15+01:00 is 10:15Z, 10:15-05:30 is 15:45Z, midnight UTC first
    const r = await athena(`SELECT from_iso8601_timestamp(s) AS ts, to_unixtime(from_iso8601_timestamp(s)) FROM ${rows(['2020-05-11T11:15:05.055+01:00', '2020-05-11T10:15:05-05:30', '2020-05-11'])} ORDER BY ts DESC`);
    assert.deepEqual(r.rows, [
      ['2020-05-11 10:15:05.000 -05:30', '1.589211905E9'],
      ['2020-05-11 11:15:05.055 +01:00', '1.589192105055E9'],
      ['2020-05-11 00:00:00.000 UTC', '1.5891552E9'],
    ]);
    assert.deepEqual((await athena(`SELECT from_iso8601_timestamp(s) FROM (VALUES CAST(NULL AS varchar)) t(s) ORDER BY 1`)).rows, [['NULL']]);
  });

  it('date_trunc and date_add work on the local date-time in the value’s zone and keep it (datetime.md, "Truncation function", "Interval functions")', async () => {
    // 2020-01-31 23:15:05.055 +01:00 truncated to the day is 2020-01-31 00:00 +01:00 = 2020-01-30 23:00 UTC =
    // 1580425200 s; a month later is 2020-02-29 (January 31 + 1 month, the month's last day); two hours later crosses
    // midnight in the value's zone (worked out by hand)
    const r = await athena(`SELECT date_trunc('day', from_iso8601_timestamp(s)), date_add('month', 1, from_iso8601_timestamp(s)), date_add('hour', 2, from_iso8601_timestamp(s)), to_unixtime(date_trunc('day', from_iso8601_timestamp(s))) FROM ${rows(['2020-01-31T23:15:05.055+01:00', '2020-01-31T01:00:00-05:30'])}`);
    assert.deepEqual(r.rows, [
      ['2020-01-31 00:00:00.000 +01:00', '2020-02-29 23:15:05.055 +01:00', '2020-02-01 01:15:05.055 +01:00', '1.5804252E9'],
      ['2020-01-31 00:00:00.000 -05:30', '2020-02-29 01:00:00.000 -05:30', '2020-01-31 03:00:00.000 -05:30', '1.5804486E9'],
    ]);
  });

  it('to_iso8601 writes the offset back (UTC as Z)', async () => {
    assert.deepEqual((await athena(`SELECT to_iso8601(from_iso8601_timestamp(s)) FROM ${rows(['2001-01-22T03:04:05.321+07:09', '2001-01-22T03:04:05Z'])}`)).rows, [['2001-01-22T03:04:05.321+07:09'], ['2001-01-22T03:04:05.000Z']]);
  });

  it('through a subquery in FROM and WITH queries (aliased, starred, chained) the zone goes along', async () => {
    const r = await athena(
      `WITH p AS (SELECT from_iso8601_timestamp(s) AS ts, s FROM ${rows(['2020-05-11T11:15:05.055+01:00', '2020-05-11'])}), q(a, b) AS (SELECT * FROM p) SELECT a, CAST(a AS timestamp), x.ts FROM q JOIN (SELECT * FROM p) x ON x.s = q.b ORDER BY a`,
    );
    assert.deepEqual(r.rows, [
      ['2020-05-11 00:00:00.000 UTC', '2020-05-11 00:00:00.000', '2020-05-11 00:00:00.000 UTC'],
      ['2020-05-11 11:15:05.055 +01:00', '2020-05-11 11:15:05.055', '2020-05-11 11:15:05.055 +01:00'],
    ]);
    assert.deepEqual(r.names, ['a', '_col1', 'ts']);
  });

  it('where the zone would be lost (DISTINCT, a set operation, TABLE) it is refused by name, with the way round it', async () => {
    for (const sql of [
      `SELECT * FROM (SELECT DISTINCT from_iso8601_timestamp(s) FROM ${rows(['2020-05-11T11:15:05+01:00'])})`,
      `WITH p AS (SELECT from_iso8601_timestamp(s) ts FROM ${rows(['2020-05-11T11:15:05+01:00'])}) TABLE p`,
      `SELECT DISTINCT from_iso8601_timestamp(s) FROM ${rows(['2020-05-11T11:15:05+01:00'])}`,
      `SELECT from_iso8601_timestamp(s) FROM ${rows(['2020-05-11T11:15:05+01:00'])} UNION ALL SELECT from_iso8601_timestamp('2020-05-11T11:15:05Z')`,
    ]) {
      await assert.rejects(athena(sql), (e: unknown) => isLakehouseError(e, 'SqlUnsupported') && /zone is only known when the query runs .*CAST\(from_iso8601_timestamp\(col\) AS varchar\)/.test((e as Error).message));
    }
  });

  it('a text that is not ISO 8601 fails as Trino says it', async () => {
    await assert.rejects(athena(`SELECT CAST(from_iso8601_timestamp(s) AS timestamp) FROM ${rows(['2020-05-11 11:15:05'])}`), /Invalid format: "2020-05-11 11:15:05"/);
  });
});

describe('CAST(varchar AS timestamp with time zone): the zone the text names (TestTimestampWithTimeZone.testCastFromVarchar)', () => {
  // the test's session zone is +06:09; Athena's is UTC, which a text without a zone takes
  it('a constant: an offset, a political zone, none (UTC); a text that is none fails as Trino words it', async () => {
    const r = await athena("SELECT CAST('2001-1-22 03:04:05.321 +07:09' AS timestamp with time zone), CAST('2001-1-22 03:04:05.321 Europe/Berlin' AS timestamp with time zone), CAST('2001-1-22 03:04' AS timestamp with time zone), CAST('2001-1-22' AS timestamp with time zone)");
    assert.deepEqual(r.rows, [['2001-01-22 03:04:05.321 +07:09', '2001-01-22 03:04:05.321 Europe/Berlin', '2001-01-22 03:04:00.000 UTC', '2001-01-22 00:00:00.000 UTC']]);
    assert.deepEqual(r.types, ['timestamp(3) with time zone', 'timestamp(3) with time zone', 'timestamp(3) with time zone', 'timestamp(3) with time zone']);
    await assert.rejects(athena("SELECT CAST('x' AS timestamp with time zone)"), /Value cannot be cast to timestamp with time zone: x/);
    assert.deepEqual((await athena("SELECT TRY_CAST('x' AS timestamp with time zone)")).rows, [['NULL']]);
  });

  it('a column: offsets and UTC per row, as instants (2001-01-22 03:04:05.321 +07:09 is 980106905.321 s); a political zone in a row is refused by name', async () => {
    const r = await athena(`SELECT CAST(s AS timestamp with time zone), to_unixtime(CAST(s AS timestamp with time zone)), CAST(CAST(s AS timestamp with time zone) AS timestamp) FROM ${rows(['2001-1-22 03:04:05.321 +07:09', '2001-01-22 03:04:05', '2001-01-22 03:04 -0530'])}`);
    assert.deepEqual(r.rows, [
      ['2001-01-22 03:04:05.321 +07:09', '9.80106905321E8', '2001-01-22 03:04:05.321'],
      ['2001-01-22 03:04:05.000 UTC', '9.80132645E8', '2001-01-22 03:04:05.000'],
      ['2001-01-22 03:04:00.000 -05:30', '9.8015244E8', '2001-01-22 03:04:00.000'],
    ]);
    await assert.rejects(athena(`SELECT CAST(s AS timestamp with time zone) FROM ${rows(['2001-01-22 03:04:05 Europe/Berlin'])}`), /naming the zone Europe\/Berlin is not supported by the local engine/);
  });
});


describe('parse_datetime with a zone offset (Z) in the pattern: the offset the text writes', () => {
  it("keeps the text's offset as the value's zone, a zero offset UTC, and is the instant the text names", async () => {
    // Trino's DateTimeFunctions.parseDatetime parses withOffsetParsed(): trinodb/trino TestDateTimeFunctions
    // testParseDatetime, parse_datetime('1960/01/22 03:04 +0500', 'YYYY/MM/DD HH:mm Z') is
    // new DateTime(1960, 1, 22, 3, 4, 0, 0, DateTimeZone.forOffsetHours(5)), shown `1960-01-22 03:04:00.000 +05:00`
    // (the Trino results listed beside apache/doris's Presto-compatibility queries). An access log's
    // `10/Mar/2024:02:00:01 +0100` is 01:00:01 UTC; `Z` in the text is Joda's zero-offset text. Hours by hand.
    const r = await athena(
      `SELECT parse_datetime(s, 'dd/MMM/yyyy:HH:mm:ss Z') AS t, hour(parse_datetime(s, 'dd/MMM/yyyy:HH:mm:ss Z')), to_unixtime(parse_datetime(s, 'dd/MMM/yyyy:HH:mm:ss Z')) FROM ${rows(['10/Mar/2024:02:00:01 +0100', '11/Mar/2024:23:59:59 -0500', '10/Mar/2024:01:59:30 +0000', '10/Mar/2024:01:00:00 Z'])} ORDER BY t`,
    );
    assert.deepEqual(r.rows, [
      ['2024-03-10 01:00:00.000 UTC', '1', '1.7100324E9'],
      ['2024-03-10 02:00:01.000 +01:00', '2', '1.710032401E9'],
      ['2024-03-10 01:59:30.000 UTC', '1', '1.71003597E9'],
      ['2024-03-11 23:59:59.000 -05:00', '23', '1.710219599E9'],
    ]);
    assert.deepEqual(r.types[0], 'timestamp(3) with time zone');
    assert.deepEqual((await athena("SELECT parse_datetime('1960/01/22 03:04 +0500', 'yyyy/MM/dd HH:mm Z')")).rows, [['1960-01-22 03:04:00.000 +05:00']]);
  });
});
