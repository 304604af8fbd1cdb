/**
 * date_parse's two-digit year and fraction, parse_datetime's two-digit year. Expected values: trinodb/trino
 * docs/src/main/sphinx/functions/datetime.md (710f987d), the MySQL specifiers table — `%y`: "two-digit year format
 * assumes range 1970 .. 2069, so "70" will result in year 1970 but "69" will produce 2069"; `%f`: "1 - 9 digits for
 * parsing", date_parse returns timestamp(3) — and Joda-Time's DateTimeFormat (JodaOrg/joda-time, parsePatternTo: `yy`
 * is appendTwoDigitYear(new DateTime().getYear() - 30), a window that moves with the year the query runs).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { athena, failure } from './trinoRun';

const rows = async (sql: string) => (await athena(sql)).rows;

describe('date_parse %y and %f', () => {
  it("reads two digits in 1970..2069 (strptime's 69 is 1969)", async () => {
    assert.deepEqual(await rows("SELECT date_parse('70', '%y'), date_parse('69', '%y'), date_parse('05/03/68', '%d/%m/%y')"), [['1970-01-01 00:00:00.000', '2069-01-01 00:00:00.000', '2068-03-05 00:00:00.000']]);
    assert.deepEqual(await rows("SELECT date_parse(x, '%y-%m') FROM (VALUES '69-02', '99-12') AS t(x)"), [['2069-02-01 00:00:00.000'], ['1999-12-01 00:00:00.000']]);
  });
  it('reads 1 to 9 digits of a fraction, the result a timestamp(3)', async () => {
    assert.deepEqual(await rows("SELECT date_parse('2022-10-20 05:10:00.123456789', '%Y-%m-%d %H:%i:%s.%f'), date_parse('05:10:00.5', '%H:%i:%s.%f')"), [['2022-10-20 05:10:00.123', '1970-01-01 05:10:00.500']]);
  });
});

describe("parse_datetime's two-digit year", () => {
  it('is refused by name: Joda reads it relative to the year the query runs', async () => {
    assert.match((await failure("SELECT parse_datetime('50-01-01', 'yy-MM-dd')")).message, /parse_datetime with the two-digit year yy .*is not supported by the local engine/);
  });
});
