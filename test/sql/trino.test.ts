/**
 * The Athena (Trino) translation: the examples of issue 13 (each an answer that differed from Athena's), the
 * allow-list (refusals by name, at their position; names Trino lacks fail as in Trino), and Athena's arithmetic.
 * Expected results are Trino's, from trinodb/trino's docs (docs/src/main/sphinx/…, the file and line given; lines at
 * commit 07dcfcc8, the conformance corpus's) or Trino's code where the docs print nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { athena, failure, NOT_SUPPORTED, translate, value } from './trinoRun';

/** [where Trino says so, Athena SQL, the value Athena shows, its type] */
type Case = [string, string, string, string?];

async function check(cases: Case[]): Promise<void> {
  for (const [ref, sql, expected, type] of cases) {
    const a = await athena(sql);
    assert.equal(a.rows[0]![0], expected, `${sql} (${ref})`);
    if (type !== undefined) assert.equal(a.types[0], type, `type of ${sql} (${ref})`);
  }
}

describe("issue 13's examples: Athena's answer", () => {
  it('decimal literals keep their precision and scale; hex, binary and octal literals are numbers', () =>
    check([
      ['functions/decimal.md:16-20 (decimal(p,s) of a literal)', "DECIMAL '0.0001'", '0.0001', 'decimal(4,4)'],
      ['functions/decimal.md:16', "typeof(DECIMAL '0.0001')", 'decimal(4,4)'],
      ['language/types.md:44', '0x0A', '10', 'integer'],
      ['language/types.md (binary literal)', '0b101', '5'],
      ['language/types.md (octal literal)', '0o17', '15'],
      ['language/types.md (digit separators)', '1_000_000', '1000000'],
      ['language/types.md (integer literal beyond integer: bigint)', '2147483648', '2147483648', 'bigint'],
      ['language/types.md: a literal with a decimal point is a decimal', '1.5', '1.5', 'decimal(2,1)'],
      ['language/types.md: with an exponent, a double', '1.5e0', '1.5', 'double'],
    ]));

  it('NULL and 0 as Trino gives them', () =>
    check([
      ['functions/comparison.md "GREATEST and LEAST": null if any argument is null', 'greatest(1, NULL, 3)', 'NULL', 'integer'],
      ['functions/comparison.md "GREATEST and LEAST"', 'least(1, 2, 3)', '1'],
      ['functions/string.md split_part: NULL past the last field', "split_part('a,b,c', ',', 5)", 'NULL'],
      ['functions/string.md split_part', "split_part('a,b,c', ',', 2)", 'b'],
      ['functions/array.md array_position: 0 if not found', 'array_position(ARRAY[10, 20, 30], 40)', '0', 'bigint'],
      ['functions/array.md array_position', 'array_position(ARRAY[10, 20, 30], 20)', '2'],
      ['functions/map.md element_at: NULL for a missing key', "element_at(MAP(ARRAY['a'], ARRAY[1]), 'b')", 'NULL', 'integer'],
      ['functions/array.md element_at: NULL past the end', 'element_at(ARRAY[1, 2], 3)', 'NULL'],
      ['functions/string.md concat: NULL if any argument is', "concat('a', NULL)", 'NULL'],
    ]));

  it('millisecond, regexp_replace, format, date + interval, JSON as a type', () =>
    check([
      ['functions/datetime.md millisecond', "millisecond(TIMESTAMP '2001-08-22 03:04:05.321')", '321', 'bigint'],
      ['functions/regexp.md:160', "regexp_replace('1a 2b 14m', '(\\d+)([ab]) ', '3c$2 ')", '3ca 3cb 14m'],
      ['functions/regexp.md:146', "regexp_replace('1a 2b 14m', '\\d+[ab] ')", '14m'],
      ['functions/conversion.md:35', "format('%03d', 8)", '008'],
      ['functions/conversion.md:38', "format('%,.2f', 1234567.89)", '1,234,567.89'],
      ['functions/datetime.md:9', "date '2012-08-08' + interval '2' day", '2012-08-10', 'date'],
      ['functions/json.md:1991', "CAST('42' AS JSON)", '"42"', 'json'],
      ['functions/json.md:1771', 'CAST(JSON \'"abc"\' AS VARCHAR)', 'abc', 'varchar'],
      ['functions/json.md:1470', 'json_array(true, null, 1)', '[true,1]'],
      ['functions/json.md:1476', 'json_array(true, null, 1 NULL ON NULL)', '[true,null,1]'],
      ['functions/json.md:1780', "CAST(JSON '[1,23,456]' AS ARRAY(INTEGER))", '[1, 23, 456]', 'array(integer)'],
    ]));

  it('the families that failed: 3-argument date_add, MySQL and Joda patterns, time zones, lambdas, TRY, IF, VALUES', () =>
    check([
      ['functions/datetime.md:304 (the literal is timestamp(0): TestTimestamp)', "date_add('second', 86, TIMESTAMP '2020-03-01 00:00:00')", '2020-03-01 00:01:26', 'timestamp(0)'],
      ['functions/datetime.md:432', "date_format(TIMESTAMP '2022-10-20 05:10:00', '%m-%d-%Y %H')", '10-20-2022 05'],
      ['functions/datetime.md:441', "date_parse('2022/10/20/05', '%Y/%m/%d/%H')", '2022-10-20 05:00:00.000', 'timestamp(3)'],
      ['functions/datetime.md format_datetime (Joda)', "format_datetime(TIMESTAMP '2001-08-22 03:04:05.321', 'yyyy-MM-dd''T''HH:mm:ss.SSS')", '2001-08-22T03:04:05.321'],
      ['functions/datetime.md parse_datetime', "parse_datetime('2001-08-22 03:04', 'yyyy-MM-dd HH:mm')", '2001-08-22 03:04:00.000 UTC', 'timestamp(3) with time zone'],
      ['functions/datetime.md:31', "timestamp '2012-10-31 01:00 UTC' AT TIME ZONE 'America/Los_Angeles'", '2012-10-30 18:00:00 America/Los_Angeles'],
      ['functions/datetime.md:154', "with_timezone(TIMESTAMP '2022-11-01 09:08:07.321', 'America/Los_Angeles')", '2022-11-01 09:08:07.321 America/Los_Angeles'],
      ['functions/datetime.md:97', "from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00')", '2020-05-11 11:15:05.055 +01:00'],
      ['functions/datetime.md:124', "from_iso8601_date('2020-W10')", '2020-03-02'],
      ['functions/datetime.md day_of_week (ISO: Monday 1 … Sunday 7)', "day_of_week(DATE '2020-01-05')", '7'],
      ['functions/array.md:440', 'transform(ARRAY[5, 6], x -> x + 1)', '[6, 7]'],
      ['functions/array.md:335', 'reduce(ARRAY[5, 20, 50], 0, (s, x) -> s + x, s -> s)', '75'],
      ['functions/array.md:494', 'zip_with(ARRAY[1, 2], ARRAY[3, 4], (x, y) -> x + y)', '[4, 6]'],
      ['functions/array.md:181', 'array_sort(ARRAY[3, 2, 5, 1, 2], (x, y) -> IF(x < y, 1, IF(x = y, 0, -1)))', '[5, 3, 2, 2, 1]'],
      ['functions/map.md:134', "map_filter(MAP(ARRAY['k1', 'k2', 'k3'], ARRAY[20, 3, 15]), (k, v) -> v > 10)", '{k1=20, k3=15}'],
      ['functions/array.md any_match', 'any_match(ARRAY[1, 2], x -> x > 1)', 'true'],
      ['functions/conditional.md try: NULL instead of the error', 'try(1 / 0)', 'NULL'],
      ['functions/conditional.md if(condition, true_value): NULL when false', "if(1 > 2, 'a')", 'NULL'],
      ['functions/bitwise.md:22', 'bitwise_and(19, 25)', '17'],
      ['functions/url.md url_extract_host', "url_extract_host('http://example.com:80/path?q=1#f')", 'example.com'],
      ['functions/array.md sequence', 'sequence(1, 5)', '[1, 2, 3, 4, 5]', 'array(bigint)'],
      ['functions/array.md slice', 'slice(ARRAY[1, 2, 3, 4], 2, 2)', '[2, 3]'],
      ['functions/array.md array_join: NULL elements skipped', 'array_join(ARRAY[1, NULL, 3], \',\')', '1,3'],
      ['functions/array.md array_join with a replacement', "array_join(ARRAY[1, NULL, 3], ',', 'x')", '1,x,3'],
      ['language/types.md:191', "U&'Hello winter \\2603 !'", 'Hello winter ☃ !'],
      ['functions/array.md:62', 'ARRAY[1] || 2', '[1, 2]', 'array(integer)'],
      ['functions/array.md:65', '2 || ARRAY[1]', '[2, 1]'],
    ]));

  it('VALUES without parentheses is one column of rows', async () => {
    // sql/values.md:29
    assert.deepEqual((await athena('VALUES 1, 2, 3')).rows, [['1'], ['2'], ['3']]);
    assert.deepEqual(await athena("VALUES 'a', 'b'"), { rows: [['a'], ['b']], types: ['varchar(1)'], names: ['_col0'] });
    // sql/values.md:44
    assert.deepEqual((await athena("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t (id, name)")).names, ['id', 'name']);
  });
});

describe('typeof and result types name Trino types', () => {
  it('typeof', () =>
    check([
      ['functions/conversion.md typeof', 'typeof(1)', 'integer'],
      ['functions/conversion.md typeof', "typeof('cat')", 'varchar(3)'],
      ['functions/conversion.md typeof', 'typeof(cos(2) + 1.5)', 'double'],
      ['language/types.md', 'typeof(ARRAY[1])', 'array(integer)'],
      ['language/types.md (anonymous row fields)', "typeof(ROW(1, 'a'))", 'row(integer, varchar(1))'],
      ['language/types.md', "typeof(CAST(ROW(1, 'a') AS ROW(x int, y varchar)))", 'row(x integer, y varchar)'],
      ['functions/datetime.md now(): timestamp(3) with time zone', 'typeof(now())', 'timestamp(3) with time zone'],
      ['language/types.md (timestamp(p) from the digits given)', "typeof(TIMESTAMP '2001-08-22 03:04:05.123456')", 'timestamp(6)'],
      ['functions/json.md', "typeof(JSON '1')", 'json'],
      ['functions/uuid.md uuid() -> uuid', 'typeof(uuid())', 'uuid'],
    ]));

  it('uuid(): "a pseudo randomly generated UUID (type 4)" (functions/uuid.md), shown as its 36-character text', async () => {
    const a = await athena('SELECT uuid(), uuid() = uuid()');
    assert.match(String(a.rows[0]![0]), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(a.rows[0]![1], 'false');
  });

  it('result columns: names as Trino gives them, _col<i> for anonymous ones', async () => {
    const a = await athena('SELECT id, x + 1, name AS n, 1 AS "Mixed Case" FROM s.t');
    assert.deepEqual(a.names, ['id', '_col1', 'n', 'Mixed Case']);
    assert.deepEqual(a.types, ['integer', 'double', 'varchar', 'integer']);
  });
});

describe("Athena's arithmetic", () => {
  it('integer division truncates, integer overflow fails, division by zero fails; doubles follow IEEE', async () => {
    await check([
      ['functions/math.md (integer division truncates)', '-7 / 2', '-3', 'integer'],
      ['functions/math.md', '7 % -3', '1'],
      ['functions/decimal.md (decimal division)', '7.0 / 2', '3.5', 'decimal(2,1)'],
      ['functions/math.md (IEEE division)', '5e0 / 0', 'Infinity', 'double'],
      ['functions/math.md', '0e0 / 0', 'NaN'],
      ['functions/math.md mod of doubles', 'mod(5e0, 0)', 'NaN'],
    ]);
    for (const sql of ['5 / 0', '5 % 0', '5.0 / 0', 'mod(5, 0)']) assert.match((await failure(sql)).message, /Division by zero/, sql);
    // Trino: "integer addition overflow" (DuckDB's words, the same refusal)
    for (const sql of ['2147483647 + 1', '9223372036854775807 + 1', '-2147483648 * -1']) assert.match((await failure(sql)).message, /Overflow|overflow|out of range/i, sql);
    assert.equal(await value('try(2147483647 + 1)'), 'NULL');
  });

  it('round, truncate and casts round as Trino does (HALF_UP; decimals keep their scale)', () =>
    check([
      ['functions/math.md round(x, d) of a decimal: decimal(p+1, s)', 'round(2.45, 1)', '2.50', 'decimal(4,2)'],
      ['functions/math.md round', 'round(-2.5)', '-3', 'decimal(2,0)'],
      ['functions/math.md round of a double', "round(DOUBLE '2.5')", '3.0', 'double'],
      ['functions/math.md round(x, d) with d < 0', 'round(125, -1)', '130', 'integer'],
      ['functions/math.md truncate(x, n)', "truncate(DOUBLE '1.25', 1)", '1.2'],
      // trinodb/trino core/trino-main/.../scalar/MathFunctions.java, Truncate: decimal(p, s) -> decimal(max(1, p - s), 0)
      ['MathFunctions.Truncate of a decimal', 'truncate(2.7)', '2', 'decimal(1,0)'],
      ['MathFunctions.Truncate of a decimal', 'truncate(-12.99)', '-12', 'decimal(2,0)'],
      ['MathFunctions.Truncate of a decimal below 1', 'truncate(0.5)', '0', 'decimal(1,0)'],
      // TruncateN: decimal(p, s) -> decimal(p, s)
      ['MathFunctions.TruncateN of a decimal', 'truncate(12.345, 1)', '12.300', 'decimal(5,3)'],
      ['functions/math.md truncate(x) of a double', "truncate(DOUBLE '-2.7')", '-2.0', 'double'],
      ['functions/conversion.md (cast of a decimal to an integer rounds)', 'CAST(2.5 AS INTEGER)', '3'],
      ['functions/conversion.md', 'CAST(-2.5 AS INTEGER)', '-3'],
      ['functions/conversion.md try_cast', "try_cast('abc' AS INTEGER)", 'NULL'],
    ]));
});

describe('the allow-list', () => {
  it('a Trino function without a translation is refused by name, at its line and column', async () => {
    const f = await failure("SELECT\n  id,\n  word_stem(name) FROM s.t");
    assert.match(f.message, /^word_stem is not supported by the local engine \(Athena has it\)/);
    assert.deepEqual([f.code, f.line, f.column], ['SqlUnsupported', 3, 3]);
  });

  it('a name Trino does not have fails as in Athena — DuckDB-only functions too', async () => {
    for (const name of ['nosuch', 'read_csv', 'read_parquet', 'list_value', 'strftime', 'epoch_ms', 'regexp_matches']) {
      const f = await failure(`${name}(1)`);
      assert.equal(f.message, `Function '${name}' not registered`, name);
      assert.deepEqual([f.line, f.column], [1, 8], name);
    }
  });

  it('a DuckDB-only table function in FROM fails too: Trino has no such table', async () => {
    assert.match((await failure("SELECT * FROM read_csv('/etc/passwd')")).message, /mismatched input|not registered|does not exist|not supported/);
    assert.match((await failure('SELECT * FROM range(10)')).message, /mismatched input|not registered|does not exist|not supported/);
  });

  it('a pattern Trino takes but the engine cannot translate exactly is refused per specifier; one Trino refuses fails as in Trino', async () => {
    const joda = await failure("format_datetime(TIMESTAMP '2020-01-01 10:00:00', 'G')");
    assert.match(joda.message, /format_datetime with the pattern letter G/);
    assert.match(joda.message, NOT_SUPPORTED);
    assert.match((await failure("date_format(TIMESTAMP '2020-01-01 10:00:00', '%X')")).message, /%X not supported in date format string/);
    assert.equal(await value("try(date_format(TIMESTAMP '2020-01-01 10:00:00', '%X'))"), 'NULL');
    const look = await failure("regexp_like('ab', '(?<=a)b')");
    assert.match(look.message, /look-ahead and look-behind/);
    assert.match(look.message, NOT_SUPPORTED);
    // a possessive quantifier is refused (RE2 lacks it), but the braces of \p{L} name a class: `\p{L}+` is greedy
    // (java.util.regex.Pattern's docs: \p{L} a Unicode category; X{n}+ possessive)
    assert.match((await failure("regexp_like('ab', '^[a-z]{2}+$')")).message, /possessive quantifiers/);
    assert.equal(await value("regexp_like('Ünïcode', '^\\p{L}+$')"), 'true');
    assert.equal(await value("regexp_extract('abc Été 12', '\\p{Lu}\\p{Ll}+')"), 'Été');
  });

  it('backquoted identifiers and DuckDB syntax fail as in Athena', async () => {
    assert.equal((await failure('SELECT `id` FROM s.t')).message, 'backquoted identifiers are not supported; use double quotes to quote identifiers');
    const list = await failure('SELECT [1, 2]');
    assert.equal(list.message, "mismatched input '['");
    assert.deepEqual([list.line, list.column], [1, 8]);
    assert.match((await failure('SELECT 1::INTEGER')).message, /extraneous input ':'/);
  });

  it('unknown columns, tables and databases: named at their position', async () => {
    assert.deepEqual(await failure('SELECT id FROM s.t WHERE nosuch_col = 1'), { message: "Column 'nosuch_col' cannot be resolved", code: 'SqlError', line: 1, column: 26 });
    assert.equal((await failure('SELECT * FROM s.nosuch')).message, 'Table s.nosuch does not exist');
    assert.equal((await failure('SELECT * FROM nodb.t')).message, 'Database nodb does not exist');
  });

  it('tables are read qualified: DuckDB never looks a name up by itself', () => {
    const q = translate('SELECT name FROM t WHERE id = 1');
    assert.match(q.sql, /FROM "s"\."t"/);
  });
});
