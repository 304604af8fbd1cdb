/**
 * A text that date_parse or parse_datetime cannot read fails in Trino's words, which are Joda-Time's: Trino parses
 * with a Joda DateTimeFormatter and passes its IllegalArgumentException on (trinodb/trino
 * core/trino-main/src/main/java/io/trino/operator/scalar/DateTimeFunctions.java `dateParse`: `catch
 * (IllegalArgumentException e) { throw new TrinoException(INVALID_FUNCTION_ARGUMENT, e); }`; its
 * `createDateTimeFormatter` builds date_parse's parsers: `%Y` appendYear(4, 4), `%m` appendMonthOfYear(2), `%d`
 * appendDayOfMonth(2), each other character appendLiteral). The messages are Joda's:
 * - JodaOrg/joda-time src/main/java/org/joda/time/format/FormatUtils.java `createErrorMessage(text, errorPos)`:
 *   `Invalid format: "<text>"` at position 0, `… is too short` at the end, `… is malformed at "<rest>"` inside; the
 *   text cut after errorPos + 32 characters with `...` when it is longer by more than 3;
 * - DateTimeParserBucket.doParseMillis (the position where an element read nothing, or where text is left over) and
 *   computeMillis (`Cannot parse "<text>": ` before IllegalFieldValueException's `Value 13 for monthOfYear must be in
 *   the range [1,12]`, as JodaOrg/joda-time src/test/java/org/joda/time/TestLocalDate_Constructors.java words it;
 *   the fields set year first, a day against its month's length).
 * The positions below are worked out by hand from those rules.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena } from './trinoRun';

async function fails(sql: string, message: string): Promise<void> {
  await assert.rejects(athena(sql), (e: unknown) => {
    assert.equal((e as Error).message.replace(/^Invalid Input Error: /, ''), message);
    return true;
  });
}

const one = (text: string) => `(VALUES '${text}') t(s)`;

describe("date_parse: where Joda's parser stops", () => {
  it('position 0, at the end, inside', async () => {
    await fails(`SELECT date_parse(s, '%Y-%m-%d') FROM ${one('x')}`, 'Invalid format: "x"');
    await fails(`SELECT date_parse(s, '%Y-%m-%d') FROM ${one('2020-01')}`, 'Invalid format: "2020-01" is too short');
    await fails(`SELECT date_parse(s, '%Y-%m-%d') FROM ${one('2020/01/01')}`, 'Invalid format: "2020/01/01" is malformed at "/01/01"');
    // every element read, text left over
    await fails(`SELECT date_parse(s, '%Y-%m-%d') FROM ${one('2020-01-01 10:00')}`, 'Invalid format: "2020-01-01 10:00" is malformed at " 10:00"');
    // %m reads at most two digits: the third is where the literal '-' was expected
    await fails(`SELECT date_parse(s, '%Y-%m-%d') FROM ${one('2020-011-01')}`, 'Invalid format: "2020-011-01" is malformed at "1-01"');
  });

  it('a long text is cut 32 characters after the position, with ...', async () => {
    const a = 'a'.repeat(54);
    await fails(`SELECT date_parse(s, '%Y-%m-%d') FROM ${one(a)}`, `Invalid format: "${'a'.repeat(32)}..."`);
    await fails(`SELECT date_parse(s, '%Y-%m-%d') FROM ${one(`2020-01-${a}`)}`, `Invalid format: "2020-01-${'a'.repeat(32)}..." is malformed at "${'a'.repeat(32)}..."`);
    // longer by 3 or fewer: whole
    await fails(`SELECT date_parse(s, '%Y-%m-%d') FROM ${one('a'.repeat(35))}`, `Invalid format: "${'a'.repeat(35)}"`);
  });

  it('a field out of its range: the first in the order Joda sets them, a day against its month', async () => {
    await fails(`SELECT date_parse(s, '%Y-%m-%d') FROM ${one('2020-13-01')}`, 'Cannot parse "2020-13-01": Value 13 for monthOfYear must be in the range [1,12]');
    await fails(`SELECT date_parse(s, '%Y-%m-%d') FROM ${one('2020-02-30')}`, 'Cannot parse "2020-02-30": Value 30 for dayOfMonth must be in the range [1,29]');
    await fails(`SELECT date_parse(s, '%m/%d/%Y') FROM ${one('11/32/2020')}`, 'Cannot parse "11/32/2020": Value 32 for dayOfMonth must be in the range [1,30]');
    await fails(`SELECT date_parse(s, '%Y-%m-%d %H:%i:%s') FROM ${one('2020-01-01 24:00:00')}`, 'Cannot parse "2020-01-01 24:00:00": Value 24 for hourOfDay must be in the range [0,23]');
  });

  it('TRY gives NULL; NULL is NULL; a text that parses is unchanged', async () => {
    assert.deepEqual((await athena(`SELECT TRY(date_parse(s, '%Y-%m-%d')) FROM ${one('x')}`)).rows, [['NULL']]);
    assert.deepEqual((await athena(`SELECT date_parse(s, '%Y-%m-%d') FROM (VALUES '2020-01-05', NULL) t(s)`)).rows, [['2020-01-05 00:00:00.000'], ['NULL']]);
  });
});

describe("parse_datetime: Joda's own patterns", () => {
  it("a quoted literal, an hour out of range, a month name pattern (not modelled) keeps DuckDB's words", async () => {
    await fails(`SELECT parse_datetime(s, 'yyyy-MM-dd''T''HH:mm') FROM ${one('2020-01-01 10:00')}`, 'Invalid format: "2020-01-01 10:00" is malformed at " 10:00"');
    await fails(`SELECT parse_datetime(s, 'yyyy-MM-dd HH:mm') FROM ${one('2020-01-01 25:00')}`, 'Cannot parse "2020-01-01 25:00": Value 25 for hourOfDay must be in the range [0,23]');
    await assert.rejects(athena(`SELECT parse_datetime(s, 'MMM dd yyyy') FROM ${one('x')}`), /Could not parse string "x"/);
  });
});
