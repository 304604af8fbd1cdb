/**
 * format_datetime's Joda-Time letters (Trino's DateTimeFunctions.formatDatetime uses org.joda.time.format.
 * DateTimeFormat.forPattern; its javadoc: "D day of year (number) 189", "e day of week (number) 2", "w week of
 * weekyear (number) 27", "x weekyear (year) 1996", "k clockhour of day (1~24)", "K hour of halfday (0~11)"; "Number:
 * The minimum number of digits. Shorter numbers are zero-padded to this amount"). 2021-01-01 is a Friday in ISO week
 * 53 of 2020; 2024-03-05 is day 65 of a leap year.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena, failure, NOT_SUPPORTED } from './trinoRun';

describe('format_datetime: day of year, ISO day of week, week and week year', () => {
  it('D unpadded, DDD three digits; e Monday=1; ww and xxxx ISO 8601', async () => {
    const a = await athena("SELECT format_datetime(TIMESTAMP '2024-03-05 10:00:00', 'D'), format_datetime(TIMESTAMP '2024-03-05 10:00:00', 'DDD'), format_datetime(TIMESTAMP '2024-12-31 10:00:00', 'D'), format_datetime(TIMESTAMP '2021-01-01 10:00:00', 'xxxx-ww-e')");
    assert.deepEqual(a.rows, [['65', '065', '366', '2020-53-5']]);
  });

  // JodaOrg/joda-time src/test/java/org/joda/time/format/TestDateTimeFormat.java formats 2004-06-09T10:20:30.040 UTC
  // and the same instant in America/New_York and Asia/Tokyo: testFormat_weekOfWeekyear "w" 24, testFormat_dayOfYear
  // "D" 161, testFormat_hourOfHalfday "K" 10 / 6 / 7 (and 0 at midnight), testFormat_clockhourOfDay "k" 10 / 6 / 19,
  // testFormat_weekyearOfEra_twoDigit "xx" 04, testFormat_zoneAmount "Z" +0000 / -0400 / +0900, "ZZ" +00:00 /
  // -04:00 / +09:00
  const JODA = "TIMESTAMP '2004-06-09 10:20:30.040 UTC'";
  it("Joda's own tests: w, D, K, k, xx on 2004-06-09T10:20:30.040 UTC", async () => {
    const a = await athena(`SELECT format_datetime(${JODA}, 'w|D|K|k|xx'), format_datetime(TIMESTAMP '2004-06-09 00:00:00', 'K')`);
    assert.deepEqual(a.rows, [['24|161|10|10|04', '0']]);
  });

  it("Joda's own tests: K, k, Z and ZZ of the same instant in New York and Tokyo", async () => {
    const a = await athena(`SELECT format_datetime(${JODA}, 'Z|ZZ'), format_datetime(${JODA} AT TIME ZONE 'America/New_York', 'K|k|Z|ZZ'), format_datetime(${JODA} AT TIME ZONE 'Asia/Tokyo', 'K|k|Z|ZZ')`);
    assert.deepEqual(a.rows, [['+0000|+00:00', '6|6|-0400|-04:00', '7|19|+0900|+09:00']]);
  });

  it('numbers pad to the count of letters (DD, www, kk, KK, ee); k is 24 at midnight (javadoc: "k clockhour of day (1~24) number 24")', async () => {
    // 2024-03-05 is day 65 of 2024, a Tuesday (e 2) in ISO week 10
    const a = await athena("SELECT format_datetime(TIMESTAMP '2024-03-05 00:30:00', 'DD|DDDD|www|k|kk|KK|ee')");
    assert.deepEqual(a.rows, [['65|0065|010|24|24|00|02']]);
  });

  it('the offset of a zone read from the text (from_iso8601_timestamp), Z and ZZ', async () => {
    const a = await athena("SELECT format_datetime(from_iso8601_timestamp('2020-05-11T11:15:05+05:30'), 'HH:mm Z ZZ')");
    assert.deepEqual(a.rows, [['11:15 +0530 +05:30']]);
  });

  it("a TIMESTAMP's pattern with Z or z outside quotes fails in Trino's words (timestamp/FormatDateTime.java)", async () => {
    const f = await failure("SELECT format_datetime(TIMESTAMP '2020-05-11 11:15:05', 'HH:mm Z')");
    assert.match(f.message, /format_datetime for TIMESTAMP type, cannot use 'Z' nor 'z' in format, as this type does not contain TZ information/);
    assert.deepEqual((await athena("SELECT format_datetime(TIMESTAMP '2020-05-11 11:15:05', 'HH:mm ''Z''')")).rows, [['11:15 Z']]);
  });

  // trinodb/trino timestamp/FormatDateTime.format: `timestamp = scaleEpochMicrosToMillis(round(timestamp, 3))` (a zoned
  // one: roundToEpochMillis) before Joda prints it; Joda's javadoc, "Millis: … if there are fewer than specified then
  // the number will be zero-padded to the right"
  it('a timestamp with more than 3 fractional digits is rounded to milliseconds first', async () => {
    const a = await athena("SELECT format_datetime(TIMESTAMP '2020-01-01 00:00:00.9996', 'ss.SSS'), format_datetime(TIMESTAMP '2020-01-01 00:00:00.9996 UTC', 'ss.SSS'), format_datetime(TIMESTAMP '2020-01-01 00:00:00.123456', 'SSSSSS')");
    assert.deepEqual(a.rows, [['01.000', '01.000', '123000']]);
    // date_format too (timestamp/DateFormat.format: epochMicrosToMillisWithRounding)
    assert.deepEqual((await athena("SELECT date_format(TIMESTAMP '2020-01-01 00:00:00.9996', '%s.%f')")).rows, [['01.000000']]);
  });

  // JodaOrg/joda-time (7088d772) TestDateTimeFormat.testFormat_zoneAmountID: "ZZZ" of UTC prints "UTC";
  // testFormat_zoneText: "z" of UTC prints "UTC". DateTimeZone.forID("+01:00") is a FixedDateTimeZone whose id is
  // printOffset(offset) and whose name key is null (fixedOffsetZone: `new FixedDateTimeZone(id, null, …)`), so
  // getShortName returns the id: "+01:00" for both. "+00:00" is UTC (forID: a zero offset is DateTimeZone.UTC).
  it("the zone's id (ZZZ) and short name (z) of UTC and of a fixed offset, as Joda prints them", async () => {
    assert.deepEqual((await athena(`SELECT format_datetime(${JODA}, 'ZZZ'), format_datetime(${JODA}, 'z'), format_datetime(TIMESTAMP '2020-01-01 10:00:00 +01:00', 'ZZZ z'), format_datetime(TIMESTAMP '2020-01-01 10:00:00 +00:00', 'zzz')`)).rows, [
      ['UTC', 'UTC', '+01:00 +01:00', 'UTC'],
    ]);
  });

  it("a region's id and name, and the long name (zzzz), are refused by name: Joda's links and the JDK's names are not modelled", async () => {
    for (const p of ['ZZZ', 'z']) {
      const f = await failure(`SELECT format_datetime(TIMESTAMP '2020-01-01 10:00:00 America/New_York', '${p}')`);
      assert.match(f.message, NOT_SUPPORTED);
      assert.match(f.message, /of a value in America\/New_York/);
    }
    const f = await failure(`SELECT format_datetime(${JODA}, 'zzzz')`);
    assert.match(f.message, NOT_SUPPORTED);
    assert.match(f.message, /pattern letter zzzz /);
  });
});
