/**
 * What Trino's analyzer refuses and DuckDB would answer, found by the Athena User Guide corpus
 * (test/conformance/athena/engine-versions.json), and contains_sequence, which the guide's engine 3 page adds:
 * - concat of one argument: trinodb/trino core/trino-main/src/main/java/io/trino/operator/scalar/ConcatFunction.java
 *   `arity < 2` → "There must be two or more concatenation arguments", ArrayConcatFunction "… arguments to concat";
 *   engine-versions-reference-0003.md "CONCAT function must have two or more arguments";
 * - SELECT DISTINCT sorted by an expression not selected: StatementAnalyzer "For SELECT DISTINCT, ORDER BY
 *   expressions must appear in select list" (an output's name, an output's expression or a position are allowed);
 * - more than 127 arguments: TestAnalyzer.testTooManyArguments, greatest of 128 arguments fails with "Too many
 *   arguments for function call greatest()"; troubleshooting-athena.md "Too many arguments for function call";
 * - ORDER BY … LIMIT (or FETCH FIRST) past 2147483647: TopNNode "ORDER BY LIMIT > 2147483647 is not supported"
 *   (other-notable-limitations.md quotes it); an array of more than 254 elements: ArrayConstructor "Too many
 *   arguments for array constructor" (other-notable-limitations.md "Array initializations");
 * - sum(NULL), avg(NULL): FunctionBinder finds no most specific signature for an unknown argument that a numeric and
 *   an interval signature both take ("Could not choose a best candidate operator"; engine-versions-reference-0002.md
 *   "You can no longer use SUM(NULL) directly"); min_by/max_by's n is 1 to 10000 (the same page's limits), checked
 *   as rows come in;
 * - statements Athena does not run (other-notable-limitations.md): `DESCRIBE INPUT|OUTPUT name` (it was read as a
 *   DESCRIBE of a table named input), `CREATE TABLE t2 (LIKE t1)` (it was read as a column of the type t1);
 * - CAST(timestamp | date AS timestamp with time zone) reads the value in the session's zone, UTC on Athena
 *   (engine-versions-reference-0003.md prints engine 3's `TO_ISO8601(CAST(CURRENT_DATE AS TIMESTAMP WITH TIME
 *   ZONE))` as `2023-02-24T00:00:00.000Z`; Trino's TIMESTAMP WITH TIME ZONE without a precision is timestamp(3));
 * - contains_sequence: ArrayContainsSequence — seq at consecutive positions of x, compared with IDENTICAL (NULL
 *   matches NULL, NaN matches NaN), an empty seq is in every array, NULL arrays give NULL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCreateTable } from '../../src/core/sql/ddl';
import { parseStatement } from '../../src/core/sql/statements';
import { athena, failure } from './trinoRun';

describe("Trino's analyzer, where DuckDB would answer", () => {
  it('concat needs two arguments, for strings and arrays alike', async () => {
    assert.equal((await failure("SELECT concat('abc')")).message, 'There must be two or more concatenation arguments');
    assert.equal((await failure('SELECT concat(ARRAY[1])')).message, 'There must be two or more arguments to concat');
    assert.deepEqual((await athena("SELECT concat('abc', ''), concat(ARRAY[1], ARRAY[2])")).rows, [['abc', '[1, 2]']]);
  });

  it('SELECT DISTINCT sorts only by what it selects', async () => {
    const f = await failure('SELECT DISTINCT x FROM (VALUES (1, 2), (3, 4)) t(x, y) ORDER BY y');
    assert.equal(f.message, 'For SELECT DISTINCT, ORDER BY expressions must appear in select list');
    assert.equal(f.column, 65); // at the sort key
    assert.match((await failure('SELECT DISTINCT x FROM (VALUES (1, 2)) t(x, y) ORDER BY x + y')).message, /must appear in select list/);
    const rows = async (q: string) => (await athena(q)).rows.flat();
    // an output's name, an input column an output selects, an output's alias, its expression, its position
    assert.deepEqual(await rows('SELECT DISTINCT x FROM (VALUES (1, 2), (3, 4), (1, 5)) t(x, y) ORDER BY x DESC'), ['3', '1']);
    assert.deepEqual(await rows('SELECT DISTINCT x AS z FROM (VALUES (1, 2), (3, 4)) t(x, y) ORDER BY t.x DESC'), ['3', '1']);
    assert.deepEqual(await rows('SELECT DISTINCT x AS z FROM (VALUES (1, 2), (3, 4)) t(x, y) ORDER BY z DESC'), ['3', '1']);
    assert.deepEqual(await rows('SELECT DISTINCT x + 1 FROM (VALUES (1, 2), (3, 4)) t(x, y) ORDER BY x + 1 DESC'), ['4', '2']);
    assert.deepEqual(await rows('SELECT DISTINCT x + 1 FROM (VALUES (1, 2), (3, 4)) t(x, y) ORDER BY 1 DESC'), ['4', '2']);
    // written as the item is (a subquery's translation differs each time it is translated)
    assert.deepEqual(await rows('SELECT DISTINCT (SELECT max(b) FROM (VALUES 1) s(b)) m FROM (VALUES 1) t(a) ORDER BY (SELECT max(b) FROM (VALUES 1) s(b))'), ['1']);
    assert.match((await failure('SELECT DISTINCT a FROM (VALUES 1, 2) t(a) ORDER BY -a')).message, /must appear in select list/);
    // without DISTINCT any input column sorts
    assert.deepEqual(await rows('SELECT x FROM (VALUES (1, 4), (3, 2)) t(x, y) ORDER BY y'), ['3', '1']);
  });

  it('ORDER BY … LIMIT takes at most 2147483647 rows (a LIMIT without ORDER BY more); an array at most 254 elements', async () => {
    assert.equal((await failure('SELECT x FROM (VALUES 1) t(x) ORDER BY x LIMIT 2147483648')).message, 'ORDER BY LIMIT > 2147483647 is not supported');
    assert.equal((await failure('SELECT x FROM (VALUES 1) t(x) ORDER BY x FETCH FIRST 2147483648 ROWS ONLY')).message, 'ORDER BY LIMIT > 2147483647 is not supported');
    assert.deepEqual((await athena('SELECT x FROM (VALUES 1) t(x) ORDER BY x LIMIT 2147483647')).rows, [['1']]);
    assert.deepEqual((await athena('SELECT x FROM (VALUES 1) t(x) LIMIT 2147483648')).rows, [['1']]);
    const elements = (n: number) => Array.from({ length: n }, (_, i) => String(i)).join(', ');
    assert.equal((await failure(`SELECT ARRAY[${elements(255)}]`)).message, 'Too many arguments for array constructor');
    assert.deepEqual((await athena(`SELECT cardinality(ARRAY[${elements(254)}])`)).rows, [['254']]);
  });

  it('sum(NULL) and avg(NULL) have no best signature; a typed NULL sums; min_by/max_by take n up to 10000', async () => {
    assert.match((await failure('SELECT sum(NULL)')).message, /^Could not choose a best candidate operator/);
    assert.match((await failure('SELECT avg(NULL)')).message, /^Could not choose a best candidate operator/);
    assert.deepEqual((await athena('SELECT sum(CAST(NULL AS bigint)), max(NULL), count(NULL)')).rows, [['NULL', 'NULL', '0']]);
    assert.match((await failure('SELECT min_by(x, x, 10001) FROM (VALUES 1) t(x)')).message, /less than or equal to 10000/);
    assert.match((await failure('SELECT max_by(x, x, 0) FROM (VALUES 1) t(x)')).message, /positive integer/);
    assert.deepEqual((await athena('SELECT max_by(x, x, 10000), min_by(x, x, 2) FROM (VALUES 3, 1, 2) t(x)')).rows, [['[3, 2, 1]', '[1, 2]']]);
    // min/max(x, n): the n smallest ascending, the n largest descending, duplicates kept, NULL no value; n bounded
    assert.deepEqual((await athena('SELECT max(x, 2), min(x, 2), max(y, 2) FROM (VALUES (3, 1), (1, 1), (NULL, 1), (2, 1), (5, 1)) t(x, y)')).rows, [['[5, 3]', '[1, 2]', '[1, 1]']]);
    assert.match((await failure('SELECT max(x, 10001) FROM (VALUES 1) t(x)')).message, /less than or equal to 10000/);
    assert.match((await failure('SELECT max(x, 2) FROM (VALUES 1e0) t(x)')).message, /max\(x, n\) of a double is not supported by the local engine/);
    // no row, no error (the bound is checked as a row comes in)
    assert.deepEqual((await athena('SELECT min_by(x, x, 10001) FROM (VALUES 1) t(x) WHERE x > 5')).rows, [['NULL']]);
  });

  it('a call takes at most 127 arguments', async () => {
    const args = (n: number) => Array.from({ length: n }, (_, i) => String(i)).join(', ');
    assert.equal((await failure(`SELECT greatest(${args(128)})`)).message, 'Too many arguments for function call greatest()');
    assert.deepEqual((await athena(`SELECT greatest(${args(127)})`)).rows, [['126']]);
  });
});

describe('contains_sequence', () => {
  it('consecutive values in order; the empty sequence; longer than the array', async () => {
    const a = await athena('SELECT contains_sequence(ARRAY[1,2,3,4,5,6], ARRAY[1,2]), contains_sequence(ARRAY[1,2,3,4,5,6], ARRAY[5,6]), contains_sequence(ARRAY[1,2,3], ARRAY[1,3]), contains_sequence(ARRAY[1,2,3], ARRAY[]), contains_sequence(ARRAY[], ARRAY[]), contains_sequence(ARRAY[1], ARRAY[1,2])');
    assert.deepEqual(a.rows, [['true', 'true', 'false', 'true', 'true', 'false']]);
  });

  it('NULL matches NULL and NaN matches NaN (IDENTICAL); a NULL array gives NULL; nested and string elements', async () => {
    const a = await athena("SELECT contains_sequence(ARRAY[1,NULL,3], ARRAY[NULL,3]), contains_sequence(ARRAY[nan(), 1e0], ARRAY[nan()]), contains_sequence(NULL, ARRAY[1]), contains_sequence(ARRAY['a','b','c'], ARRAY['b','c']), contains_sequence(ARRAY[ARRAY[1],ARRAY[2]], ARRAY[ARRAY[2]])");
    assert.deepEqual(a.rows, [['true', 'true', 'NULL', 'true', 'true']]);
  });
});

describe("CAST(timestamp | date AS timestamp with time zone): the session's zone, UTC", () => {
  it('shows as UTC, keeps the precision asked for, and its fields and ISO text are UTC', async () => {
    const a = await athena("SELECT CAST(DATE '2023-02-24' AS TIMESTAMP WITH TIME ZONE), CAST(TIMESTAMP '2020-01-01 12:34:56.123456' AS TIMESTAMP(3) WITH TIME ZONE), CAST(TIMESTAMP '2020-01-01 12:34:56' AS TIMESTAMP(0) WITH TIME ZONE)");
    assert.deepEqual(a.rows, [['2023-02-24 00:00:00.000 UTC', '2020-01-01 12:34:56.123 UTC', '2020-01-01 12:34:56 UTC']]);
    const b = await athena("SELECT to_iso8601(CAST(DATE '2023-02-24' AS TIMESTAMP WITH TIME ZONE)), hour(CAST(TIMESTAMP '2020-01-01 05:00:00' AS TIMESTAMP WITH TIME ZONE)), CAST(CAST(DATE '2023-02-24' AS TIMESTAMP WITH TIME ZONE) AT TIME ZONE 'America/New_York' AS varchar)");
    assert.deepEqual(b.rows, [['2023-02-24T00:00:00.000Z', '5', '2023-02-23 19:00:00.000 America/New_York']]);
  });
});

describe('statements Athena does not run fail saying so', () => {
  it('DESCRIBE INPUT / OUTPUT of a prepared statement; a table named input is still described', () => {
    assert.throws(() => parseStatement('DESCRIBE INPUT my_select1'), /DESCRIBE INPUT is not supported by Athena/);
    assert.throws(() => parseStatement('DESCRIBE OUTPUT my_select1'), /DESCRIBE OUTPUT is not supported by Athena/);
    assert.deepEqual(parseStatement('DESCRIBE input'), { kind: 'DESCRIBE', table: { name: 'input' } });
  });

  it('CREATE TABLE … (LIKE t); a column named like is still a column', () => {
    assert.throws(() => parseCreateTable('CREATE TABLE t2 (LIKE t1)'), /CREATE TABLE LIKE is not supported by Athena/);
    assert.throws(() => parseCreateTable('CREATE TABLE t2 (LIKE t1 INCLUDING PROPERTIES)'), /CREATE TABLE LIKE is not supported by Athena/);
    assert.deepEqual(parseCreateTable("CREATE EXTERNAL TABLE t3 (`like` string) LOCATION 's3://b/x/'").table.storage.columns.map((c) => c.name), ['like']);
  });
});
