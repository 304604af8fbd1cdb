/**
 * Integer overflow fails in Trino's words, not DuckDB's. Sources (trinodb/trino core/trino-main/src/main/java/io/trino/type/):
 * IntegerOperators/BigintOperators `add`, `subtract`, `multiply`, `negate` ("integer addition overflow: %s + %s",
 * "bigint negation overflow: " + value), TestTinyintOperators ("tinyint addition overflow: 127 + 1", "tinyint
 * subtraction overflow: -128 - 1", "tinyint multiplication overflow: 127 * 2", "tinyint negation overflow: -128"),
 * the casts to narrower integers ("Out of range for tinyint: " + value), DoubleOperators.castToInteger ("Out of range
 * for integer: " + value, Java's Double.toString; "Cannot cast double NaN to integer") and castToLong ("Unable to cast
 * %s to bigint"), VarcharOperators.castToTinyint (Byte.parseByte, "Cannot cast '%s' to TINYINT" for any failure,
 * out of range included), MathFunctions.absTinyint ("Value -128 is out of range for abs(tinyint)").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena, failure } from './trinoRun';
import { trinoRuntimeMessage } from '../../src/core/sql/trino/runtimeErrors';

const message = async (sql: string) => (await failure(sql)).message.replace(/^Invalid Input Error: /, '').split('\n')[0];

describe('integer overflow, as Trino words it', () => {
  it('addition, subtraction, multiplication of each width', async () => {
    assert.equal(await message('SELECT 2147483647 + 1'), 'integer addition overflow: 2147483647 + 1');
    assert.equal(await message('SELECT x + 1 FROM (VALUES 9223372036854775807) t(x)'), 'bigint addition overflow: 9223372036854775807 + 1');
    assert.equal(await message("SELECT TINYINT '127' + TINYINT '1'"), 'tinyint addition overflow: 127 + 1');
    assert.equal(await message("SELECT TINYINT '-128' - TINYINT '1'"), 'tinyint subtraction overflow: -128 - 1');
    assert.equal(await message("SELECT TINYINT '127' * TINYINT '2'"), 'tinyint multiplication overflow: 127 * 2');
    assert.equal(await message("SELECT SMALLINT '-32768' - SMALLINT '1'"), 'smallint subtraction overflow: -32768 - 1');
    assert.equal(await message('SELECT 9223372036854775807 * 2'), 'bigint multiplication overflow: 9223372036854775807 * 2');
  });

  it('negation of the smallest value, of a column', async () => {
    assert.equal(await message("SELECT -x FROM (VALUES TINYINT '-128') t(x)"), 'tinyint negation overflow: -128');
    assert.equal(await message('SELECT -x FROM (VALUES CAST(-2147483648 AS integer)) t(x)'), 'integer negation overflow: -2147483648');
    assert.equal(await message('SELECT -x FROM (VALUES -9223372036854775807 - 1) t(x)'), 'bigint negation overflow: -9223372036854775808');
    assert.deepEqual((await athena('SELECT -x, TRY(-y) FROM (VALUES (5, CAST(-2147483648 AS integer))) t(x, y)')).rows, [['-5', 'NULL']]);
  });

  it('casts to a narrower integer; a double out of range; NaN', async () => {
    assert.equal(await message('SELECT CAST(300 AS tinyint)'), 'Out of range for tinyint: 300');
    assert.equal(await message('SELECT CAST(x AS smallint) FROM (VALUES 40000) t(x)'), 'Out of range for smallint: 40000');
    assert.equal(await message('SELECT CAST(9223372036854775807 AS integer)'), 'Out of range for integer: 9223372036854775807');
    assert.equal(await message('SELECT CAST(3e10 AS integer)'), 'Out of range for integer: 3.0E10');
    assert.equal(await message('SELECT CAST(1e20 AS bigint)'), 'Unable to cast 1.0E20 to bigint');
    assert.equal(await message('SELECT CAST(nan() AS integer)'), 'Cannot cast double NaN to integer');
  });

  it('text past the range fails as any text that is not a number; TRY_CAST is NULL', async () => {
    assert.equal(await message("SELECT CAST(x AS tinyint) FROM (VALUES '300') t(x)"), "Cannot cast '300' to TINYINT");
    assert.equal(await message("SELECT CAST('99999999999' AS integer)"), "Cannot cast '99999999999' to INT");
    assert.deepEqual((await athena("SELECT TRY_CAST('300' AS tinyint), CAST(NULL AS varchar) IS NULL")).rows, [['NULL', 'true']]);
    // whitespace around the number: Trino parses the trimmed text since trinodb/trino#23375 (release 458;
    // VarcharOperators.castToInteger `Integer.parseInt(slice.toStringUtf8().trim())`) and failed before
    // (trinodb/trino#23359: "Cannot cast ' 123 ' to INT"); Athena names no Trino version (engine-versions-reference-0003.md),
    // so the local engine refuses by name, in TRY_CAST too; text that is no number fails in both versions' words
    const refused = "CAST(varchar AS integer) of text with whitespace around the number (' 12 ') is not supported by the local engine: Trino trims it since release 458 and fails before, and Athena does not publish its Trino version; trim() the text first";
    assert.equal(await message("SELECT CAST(' 12 ' AS integer)"), refused);
    assert.equal(await message("SELECT TRY_CAST(x AS integer) FROM (VALUES ' 12 ') t(x)"), refused);
    assert.equal(await message("SELECT CAST(' x ' AS integer)"), "Cannot cast ' x ' to INT");
  });

  // functions/conditional.md (try): "Evaluate an expression and handle certain types of errors by returning NULL" —
  // `try(CAST(x AS bigint))`, the idiom for text columns, failed with DuckDB's binder error (its TRY takes no
  // error()); the whitespace refusal is checked before the TRY (both Trino answers, 12 and NULL, differ from a refusal)
  it('TRY(CAST(text AS bigint)): NULL for text that is no number (Trino fails there), the whitespace refusal kept', async () => {
    assert.deepEqual((await athena("SELECT x, try(CAST(x AS bigint)), try(from_unixtime(CAST(x AS bigint))) FROM (VALUES '1709370000', 'abc', NULL) v(x)")).rows, [
      ['1709370000', '1709370000', '2024-03-02 09:00:00.000 UTC'], ['abc', 'NULL', 'NULL'], ['NULL', 'NULL', 'NULL'],
    ]);
    assert.deepEqual((await athena("SELECT try(CAST(x AS integer) / 0), try(CAST(x AS integer) + 1) FROM (VALUES '1') v(x)")).rows, [['NULL', '2']]);
    assert.equal(await message("SELECT try(CAST(x AS integer)) FROM (VALUES '1', ' 12 ') t(x)"), "CAST(varchar AS integer) of text with whitespace around the number (' 12 ') is not supported by the local engine: Trino trims it since release 458 and fails before, and Athena does not publish its Trino version; trim() the text first");
    assert.match(await message("SELECT try(transform(ARRAY['1'], s -> CAST(s AS bigint)))"), /^CAST\(varchar AS bigint\) inside TRY, in a lambda or subquery is not supported by the local engine/);
    assert.deepEqual((await athena("SELECT transform(ARRAY['1', 'x'], s -> try(CAST(s AS bigint)))")).rows, [['[1, NULL]']]);
  });

  it('abs of the smallest value', async () => {
    assert.equal(await message("SELECT abs(x) FROM (VALUES TINYINT '-128') t(x)"), 'Value -128 is out of range for abs(tinyint)');
    assert.equal(await message('SELECT abs(x) FROM (VALUES -9223372036854775807 - 1) t(x)'), 'Value -9223372036854775808 is out of range for abs(bigint)');
  });

  // LongSumAggregation.sum adds with BigintOperators.add ("bigint addition overflow: %s + %s", its operands the sum so
  // far and the value, in the order rows reach it); LongSumWindowAccumulator.addInput adds with `sum += …`, unchecked
  it('sum of bigints past the range: the aggregate in Trino\'s words; over a window refused', async () => {
    assert.match(await message("SELECT sum(x) FROM (VALUES BIGINT '9223372036854775807', BIGINT '1') t(x)"), /^bigint addition overflow: the sum 9223372036854775808 is out of bigint's range/);
    assert.match(await message("SELECT sum(x) OVER (ORDER BY x) FROM (VALUES BIGINT '9223372036854775807', BIGINT '1') t(x)"), /^sum of bigints over a window past bigint's range is not supported by the local engine \(Athena has it\)/);
    assert.deepEqual((await athena("SELECT sum(x), sum(x) OVER () FROM (VALUES BIGINT '9223372036854775806', BIGINT '1') t(x) GROUP BY x ORDER BY 1")).rows, [['1', '9223372036854775807'], ['9223372036854775806', '9223372036854775807']]);
  });

  it('other messages pass unchanged', () => {
    assert.equal(trinoRuntimeMessage('Out of Range Error: Overflow in addition of DECIMAL(18,0)'), 'Out of Range Error: Overflow in addition of DECIMAL(18,0)');
    assert.equal(trinoRuntimeMessage('Division by zero'), 'Division by zero');
  });
});

describe('TRY over an aggregate or a window function', () => {
  // Trino's grammar takes any expression in TRY (conditional.md: "Evaluate an expression and handle certain types
  // of errors"); DuckDB's TRY takes no aggregate, and how Trino's planner splits TRY(sum(x)) between its
  // aggregation and its projection is not documented: refused by name, at the aggregate, instead of DuckDB's
  // "aggregates are not allowed inside the TRY expression"
  it('is refused naming the function, at its position', async () => {
    const sum = await failure('SELECT TRY(sum(x) / 2) FROM (VALUES 1, 2) t(x)');
    assert.deepEqual([sum.line, sum.column], [1, 12]);
    assert.match(sum.message, /^TRY over the aggregate sum is not supported by the local engine \(Athena has it\)/);
    const win = await failure('SELECT TRY(row_number() OVER ()) FROM (VALUES 1) t(x)');
    assert.match(win.message, /^TRY over the window function row_number is not supported by the local engine/);
  });

  it('TRY inside an aggregate runs (conditional.md: TRY of a failing expression is NULL)', async () => {
    // sum over 1 and NULL (TRY(1/0) is NULL): 1
    assert.deepEqual((await athena('SELECT sum(TRY(10 / x)) FROM (VALUES 10, 0) t(x)')).rows, [['1']]);
  });
});
