/**
 * Where Athena's engine pages say how it answers (https://docs.aws.amazon.com/athena/latest/ug/engine-versions-reference-0002.html
 * and engine-versions-reference-0003.html; archived at awsdocs/amazon-athena-user-guide@765e909e doc_source/): the
 * cases the conformance corpus (test/conformance/athena/engine-versions.json) does not reach.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena, failure, value } from './trinoRun';

describe('a double or real cast to decimal rounds its shortest text, as Trino (BigDecimal.valueOf)', () => {
  it("1e32 is 1 and 32 zeros (0002: 'Cast() operations'); 1.0005 rounds up; a real is widened to double first", async () => {
    assert.equal(await value("cast (double '100000000000000000000000000000000' as decimal(38))"), '100000000000000000000000000000000');
    assert.deepEqual((await athena('SELECT CAST(1.0005e0 AS DECIMAL(10,3)), CAST(-2.5e0 AS DECIMAL(2,0)), CAST(REAL \'1.1\' AS DECIMAL(20,15)), TRY_CAST(1e40 AS DECIMAL(38,0))')).rows, [['1.001', '-3', '1.100000023841858', 'NULL']]);
  });
});

describe("sequence: at most 50000 entries, for every input type (0002: 'Sequence function maximum result size')", () => {
  it('sequence(0,45000,1) succeeds, sequence(0,55000,1) fails; dates and timestamps too', async () => {
    assert.equal(await value('cardinality(sequence(0,45000,1))'), '45001');
    const message = /The result of the sequence function must not have more than 50000 entries$/;
    assert.match((await failure('SELECT sequence(0,55000,1)')).message, message);
    assert.equal(await value("cardinality(sequence(DATE '2000-01-01', DATE '2100-01-01'))"), '36526');
    assert.match((await failure("SELECT sequence(DATE '1900-01-01', DATE '2100-01-01')")).message, message);
    assert.match((await failure("SELECT sequence(TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2020-03-01 00:00:00', INTERVAL '1' MINUTE)")).message, message);
  });
});

describe('literals Athena refuses', () => {
  it("a quoted type name (0002: 'Types with quotation marks are no longer allowed'); a TIME in a political zone (0003)", async () => {
    assert.equal((await failure("SELECT \"date\" '2020-02-02'")).message, 'Unknown type: "date"');
    assert.equal(await value("date '2020-02-02'"), '2020-02-02');
    assert.equal((await failure("SELECT TIME '13:21:32.424 America/Los_Angeles'")).message, "'13:21:32.424 America/Los_Angeles' is not a valid TIME literal");
  });
});

describe("upper, as Trino's (each code point by Java's Character.toUpperCase)", () => {
  // trinodb/trino StringFunctions.upper → airlift SliceUtf8.toUpperCase: per code point; Character.toUpperCase('ß') is
  // 'ß' (https://docs.oracle.com/javase/8/docs/api/java/lang/Character.html#toUpperCase-int-: no single-code-point
  // uppercase), where DuckDB gives 'ẞ'
  it('keeps ß', async () => {
    assert.deepEqual((await athena("SELECT upper('straße'), upper('abc'), upper(x) FROM (VALUES 'ßa', 'b') t(x) ORDER BY 3")).rows, [['STRAßE', 'ABC', 'B'], ['STRAßE', 'ABC', 'ßA']]);
  });
});

describe("a double cast to an integer type rounds half away from zero, as Trino's DoubleOperators", () => {
  // trinodb/trino core/trino-main/src/main/java/io/trino/type/DoubleOperators.java: castToLong is
  // DoubleMath.roundToLong(value, HALF_UP), castToInteger/Smallint/Tinyint (long) MathFunctions.round(value), which
  // rounds -x for a negative x (MathFunctions.round(double, long))
  it('-1.5 is -2, 2.5 is 3, 0.49999999999999994 is 0', async () => {
    assert.deepEqual((await athena("SELECT CAST(-1.5e0 AS bigint), CAST(-2.5e0 AS integer), CAST(2.5e0 AS smallint), CAST(-0.5e0 AS tinyint), CAST(REAL '-1.5' AS bigint), CAST(0.49999999999999994e0 AS bigint)")).rows, [['-2', '-3', '3', '-1', '-2', '0']]);
  });
});

describe('json_extract_scalar of a number in a varchar: the number as written there', () => {
  // trinodb/trino core/trino-main/src/main/java/io/trino/operator/scalar/JsonExtract.java ScalarValueJsonExtractor:
  // `utf8Slice(jsonParser.getText())`, Jackson's text of the token; a JSON value (json_parse, JSON '…') is held in its
  // canonical form, where 1.50 is 1.5
  it('9.90, 1e2 and -0 as written; a JSON value canonical; two spellings of one number in the text refused', async () => {
    assert.deepEqual(
      (await athena(`SELECT json_extract_scalar('{"price": 9.90, "v": "x"}', '$.price'), json_extract_scalar('{"a": 1e2}', '$.a'), json_extract_scalar('{"a": -0}', '$.a'), json_extract_scalar('{"a": 100, "v": "100.0"}', '$.a'), json_extract_scalar(JSON '{"a": 1.50}', '$.a'), json_extract_scalar('{"a": "1.50"}', '$.a')`)).rows,
      [['9.90', '1e2', '-0', '100', '1.5', '1.50']],
    );
    assert.match((await failure(`SELECT json_extract_scalar('{"a": 1.50, "b": 1.5}', '$.a')`)).message, /json_extract_scalar of a number the text writes in two ways .* is not supported by the local engine/);
  });
});

describe('CAST(varchar AS timestamp with time zone) reads the zone from the text', () => {
  // Trino's varchar → timestamp(p) with time zone reads the zone from the text (DateTimes.parseTimestampWithTimeZone);
  // more cases in rowZones.test.ts (TestTimestampWithTimeZone.testCastFromVarchar)
  it("CAST('2020-05-10 13:04:05 UTC' AS timestamp with time zone)", async () => {
    assert.deepEqual((await athena("SELECT CAST('2020-05-10 13:04:05 UTC' AS timestamp with time zone)")).rows, [['2020-05-10 13:04:05.000 UTC']]);
  });
});

describe("casts Trino makes that failed as 'Cannot cast'", () => {
  // trinodb/trino: TimestampWithTimeZoneToTimeCast (the wall-clock time in the value's zone), DecimalCasts
  // booleanToShortDecimal (true is 1); IntervalDayTimeOperators castToSlice and IpAddressOperators'
  // castFromIpAddressToVarbinary are refused by name
  it('timestamp with time zone → time, boolean → decimal; interval → varchar and ipaddress → varbinary refused', async () => {
    assert.deepEqual((await athena("SELECT CAST(from_unixtime(0) AS time), CAST(from_unixtime(0, 'America/New_York') AS time), CAST(true AS decimal(2,0)), CAST(false AS decimal(3,1))")).rows, [['00:00:00.000', '19:00:00.000', '1', '0.0']]);
    assert.match((await failure("SELECT CAST(INTERVAL '1' DAY AS varchar)")).message, /CAST\(interval AS varchar\) is not supported by the local engine/);
    assert.match((await failure("SELECT CAST(ipaddress '10.0.0.1' AS varbinary)")).message, /CAST\(ipaddress AS varbinary\) is not supported by the local engine/);
  });
});

describe("time - time (0002: 'Time subtraction – Implemented subtraction for all TIME and TIMESTAMP types')", () => {
  it('is an interval day to second', async () => {
    const a = await athena("SELECT TIME '10:00:00' - TIME '08:30:00', TIME '08:00:00.5' - TIME '10:00:00'");
    assert.deepEqual([a.rows, a.types], [[['0 01:30:00.000', '-0 01:59:59.500']], ['interval day to second', 'interval day to second']]);
  });
});

describe("the engine 2 page's 'Additional input types for functions'", () => {
  // engine-versions-reference-0002.html: "Lpad(), rpad() – now work on VARBINARY inputs"; "Avg(), sum() – now support
  // the INTERVAL data type" (Trino's VarbinaryFunctions.leftPad/rightPad; IntervalDayToSecondSumAggregation)
  it('lpad/rpad of bytes; sum of intervals; avg of an interval year to month refused by name', async () => {
    assert.deepEqual((await athena("SELECT lpad(X'01', 3, X'00'), rpad(X'01', 2, X'ff'), lpad(X'010203', 2, X'00'), lpad(X'01', 4, X'aabb')")).rows, [['00 00 01', '01 ff', '01 02', 'aa bb aa 01']]);
    assert.match((await failure("SELECT lpad(X'01', 3, X'')")).message, /Padding bytes must not be empty/);
    assert.deepEqual((await athena("SELECT sum(i) FROM (VALUES INTERVAL '1' DAY, INTERVAL '2' DAY, INTERVAL '36' HOUR) t(i)")).rows, [['4 12:00:00.000']]);
    assert.deepEqual((await athena("SELECT sum(i) FROM (VALUES INTERVAL '1' MONTH, INTERVAL '13' MONTH) t(i)")).rows, [['1-2']]);
    assert.match((await failure("SELECT avg(i) FROM (VALUES INTERVAL '1' MONTH) t(i)")).message, /avg of an interval year to month is not supported by the local engine/);
  });
});

describe('regexp_extract of a group that took no part in the match is NULL, as Trino', () => {
  // trinodb/trino core/trino-main/src/main/java/io/trino/operator/scalar/JoniRegexpFunctions.java regexpExtract:
  // `if (beg == -1) return null` (the group's region); DuckDB's regexp_extract gives '' there
  it("'(\\d)?c' on 'abc' is NULL; an empty group that took part is ''", async () => {
    assert.deepEqual(
      (await athena("SELECT regexp_extract('abc', '(\\d)?c', 1), regexp_extract('a1c', '(\\d)?c', 1), regexp_extract('xbc', '(b|(x))', 2), regexp_extract('b', '(a*)b', 1), regexp_extract_all('ab1', '([a-z])(\\d)?', 2)")).rows,
      [['NULL', '1', 'x', '', '[NULL, 1]']],
    );
  });
});

describe("split with an empty delimiter fails, as Trino's StringFunctions.split", () => {
  // trinodb/trino TestStringFunctions: SPLIT('a.b.c', '', 1) fails "The delimiter may not be the empty string";
  // DuckDB's string_split splits into characters
  it('fails; split_part still takes characters', async () => {
    assert.match((await failure("SELECT split('a', '')")).message, /The delimiter may not be the empty string/);
    assert.match((await failure("SELECT split('a.b.c', '', 1)")).message, /The delimiter may not be the empty string/);
    assert.deepEqual((await athena("SELECT split('a.b..', '.', 3), split_part('abc', '', 2)")).rows, [['[a, b, .]', 'b']]);
  });
});

describe('from_utf8 of bytes that are not UTF-8', () => {
  // Trino replaces them with U+FFFD (functions/conversion docs: "Invalid UTF-8 sequences are replaced with the Unicode
  // replacement character"); DuckDB fails or writes '?': refused by name
  it('is refused by name; valid bytes decode', async () => {
    assert.match((await failure("SELECT from_utf8(X'61ff62')")).message, /from_utf8 of bytes that are not UTF-8 is not supported by the local engine/);
    assert.deepEqual((await athena("SELECT from_utf8(X'6162'), from_utf8(X'')")).rows, [['ab', '']]);
  });
});

describe('CAST(double AS varchar) as Trino writes it: always scientific (SQL standard)', () => {
  // trinodb/trino#10211; TestDoubleOperators.testCastToVarchar: 37.7E0 → 3.77E1, 17.1E0 → 1.71E1, 12e2 → 1.2E3,
  // 0E0/0E0 → NaN; DoubleOperators.castToVarchar: 0E0 and -0E0; ToVarchar's real format 0.0#####E0
  it('3.77E1, 1.2E3, 0E0, -0E0, a real to 7 digits; array_join writes its elements so', async () => {
    assert.deepEqual(
      (await athena("SELECT CAST(37.7e0 AS varchar), CAST(17.1e0 AS varchar), CAST(12e2 AS varchar(6)), CAST(0e0/0e0 AS varchar), CAST(-0e0 AS varchar), CAST(1e-3 AS varchar), CAST(REAL '754.1985' AS varchar), CAST(REAL '0.1' AS varchar)")).rows,
      [['3.77E1', '1.71E1', '1.2E3', 'NaN', '-0E0', '1.0E-3', '7.541985E2', '1.0E-1']],
    );
    assert.deepEqual(
      (await athena("SELECT CAST(x AS varchar), CAST(CAST(x AS real) AS varchar) FROM (VALUES 37.7e0, 0e0, 123456789012e0, 1e0/3) t(x)")).rows,
      [['3.77E1', '3.77E1'], ['0E0', '0E0'], ['1.23456789012E11', '1.234568E11'], ['3.333333333333333E-1', '3.333333E-1']],
    );
    assert.deepEqual((await athena("SELECT array_join(ARRAY[1.5e0, 2e0], ';')")).rows, [['1.5E0;2.0E0']]);
  });
});
