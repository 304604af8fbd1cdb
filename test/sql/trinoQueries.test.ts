/**
 * Athena (Trino) query syntax on the local engine: UNNEST (maps, arrays of rows, several arrays, WITH ORDINALITY,
 * over a table's columns), TABLESAMPLE as a percentage, joins with USING, set operations, ORDER BY. Expected results
 * from trinodb/trino docs/src/main/sphinx/sql/select.md (lines at 07dcfcc8) or Trino's analyzer where noted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { athena, failure } from './trinoRun';

const rows = async (sql: string) => (await athena(sql)).rows;
const sorted = (r: string[][]) => [...r].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('UNNEST', () => {
  it('an array, a map (key and value columns), an array of rows (a column per field)', async () => {
    // select.md:1215
    assert.deepEqual(await rows('SELECT * FROM UNNEST(ARRAY[1,2]) AS t(number)'), [['1'], ['2']]);
    // select.md:1229
    assert.deepEqual(await rows("SELECT * FROM UNNEST(map_from_entries(ARRAY[('SQL', 1974), ('Java', 1995)])) AS t(language, first_appeared)"), [['SQL', '1974'], ['Java', '1995']]);
    const m = await athena("SELECT * FROM UNNEST(MAP(ARRAY['a', 'b'], ARRAY[1, 2])) AS t(k, v)");
    assert.deepEqual([m.rows, m.names, m.types], [[['a', '1'], ['b', '2']], ['k', 'v'], ['varchar(1)', 'integer']]);
    const r = await athena("SELECT * FROM UNNEST(ARRAY[ROW(1, 'a'), ROW(2, 'b')]) AS t(n, s)");
    assert.deepEqual([r.rows, r.names], [[['1', 'a'], ['2', 'b']], ['n', 's']]);
  });

  it('several arrays side by side, the shorter padded with NULL; WITH ORDINALITY numbers the rows', async () => {
    // select.md:1251
    assert.deepEqual(
      await rows("SELECT * FROM UNNEST(ARRAY[ROW('Java', 1995), ROW('SQL', 1974)], ARRAY[ROW(false), ROW(true)]) AS t(name, year, active)"),
      [['Java', '1995', 'false'], ['SQL', '1974', 'true']],
    );
    // select.md:1274
    assert.deepEqual(await rows('SELECT a, b, rownumber FROM UNNEST (ARRAY[2, 5], ARRAY[7, 8, 9]) WITH ORDINALITY AS t(a, b, rownumber)'), [['2', '7', '1'], ['5', '8', '2'], ['NULL', '9', '3']]);
    // select.md:1293, 1305
    assert.deepEqual(await rows('SELECT * FROM UNNEST (ARRAY[]) AS t(value)'), []);
    assert.deepEqual(await rows('SELECT * FROM UNNEST (CAST(null AS ARRAY(integer))) AS t(number)'), []);
  });

  it("over a table's columns: CROSS JOIN, a comma, LEFT JOIN … ON true keeps rows whose array is empty", async () => {
    assert.deepEqual(await rows('SELECT id, n FROM s.t CROSS JOIN UNNEST(arr) AS u(n) ORDER BY id, n'), [['1', '1'], ['1', '2'], ['2', '3']]);
    assert.deepEqual(await rows('SELECT id, n, o FROM s.t, UNNEST(arr) WITH ORDINALITY AS u(n, o) ORDER BY id, o'), [['1', '1', '1'], ['1', '2', '2'], ['2', '3', '1']]);
    // select.md:1368
    assert.deepEqual(
      sorted(await rows("SELECT runner, checkpoint FROM (VALUES ('Joe', ARRAY[10, 20]), ('Dave', ARRAY[]), ('Levi', NULL)) AS marathon (runner, checkpoints) LEFT JOIN UNNEST(checkpoints) AS t(checkpoint) ON TRUE")),
      sorted([['Joe', '10'], ['Joe', '20'], ['Dave', 'NULL'], ['Levi', 'NULL']]),
    );
  });
});

describe('UNNEST beside a relation keeps the arrays\' order', () => {
  // https://docs.aws.amazon.com/athena/latest/ug/filtering-arrays.html (doc_source/filtering-arrays.md:6 shows [4, 5]):
  // Trino's Unnest operator emits each row's elements in order; DuckDB's LATERAL join, with the WHERE pushed into
  // it, gave [5, 4]
  it('array_agg over UNNEST with a WHERE on the elements, CROSS JOIN or a comma, over a table and a WITH query', async () => {
    assert.deepEqual(await rows('WITH dataset AS (SELECT ARRAY[1,2,3,4,5] AS items) SELECT array_agg(i) FROM dataset CROSS JOIN UNNEST(items) AS t(i) WHERE i > 3'), [['[4, 5]']]);
    assert.deepEqual(await rows('WITH d AS (SELECT * FROM (VALUES (1, ARRAY[1,2,3,4,5]), (2, ARRAY[6,7,8,9])) v(k, items)) SELECT k, array_agg(i) FROM d, UNNEST(items) AS t(i) WHERE i > 3 GROUP BY k ORDER BY k'), [['1', '[4, 5]'], ['2', '[6, 7, 8, 9]']]);
    assert.deepEqual(await rows('SELECT id, array_agg(n) FROM s.t CROSS JOIN UNNEST(sequence(10, 1, -1)) AS u(n) WHERE n % 2 = 0 GROUP BY id ORDER BY id'), [['1', '[10, 8, 6, 4, 2]'], ['2', '[10, 8, 6, 4, 2]']]);
    // the columns of both sides stay addressable, qualified or not, and `*` lists them once
    const a = await athena('SELECT * FROM s.t CROSS JOIN UNNEST(arr) WITH ORDINALITY AS u(n, o) WHERE n > 1 ORDER BY id, o');
    assert.deepEqual([a.names, a.rows], [['id', 'name', 'x', 'arr', 'n', 'o'], [['1', 'a', '1.5', '[1, 2]', '2', '2'], ['2', 'b', 'NULL', '[3]', '3', '1']]]);
    assert.deepEqual(await rows('SELECT t.name, u.n FROM s.t t, UNNEST(t.arr) u(n) WHERE t.id = 1 ORDER BY u.n DESC'), [['a', '2'], ['a', '1']]);
  });

  it('LEFT JOIN UNNEST … ON TRUE keeps the order too, and a row of NULLs for an empty or NULL array (select.md:1368)', async () => {
    assert.deepEqual(
      await rows('SELECT k, array_agg(n) FROM (VALUES (1, ARRAY[9,8,7]), (2, ARRAY[]), (3, ARRAY[6, 5])) t(k, a) LEFT JOIN UNNEST(a) u(n) ON TRUE WHERE n IS NULL OR n < 9 GROUP BY k ORDER BY k'),
      [['1', '[8, 7]'], ['2', '[NULL]'], ['3', '[6, 5]']],
    );
    assert.deepEqual(await rows('SELECT k, n, o FROM (VALUES (1, ARRAY[9,8]), (2, ARRAY[])) t(k, a) LEFT JOIN UNNEST(a) WITH ORDINALITY u(n, o) ON true ORDER BY k, o'), [['1', '9', '1'], ['1', '8', '2'], ['2', 'NULL', 'NULL']]);
    assert.deepEqual(await rows("SELECT k, x, y FROM (VALUES (1, MAP(ARRAY['a'], ARRAY[1])), (2, NULL)) t(k, m) LEFT JOIN UNNEST(m) u(x, y) ON TRUE ORDER BY k"), [['1', 'a', '1'], ['2', 'NULL', 'NULL']]);
  });

  // https://docs.aws.amazon.com/athena/latest/ug/flattening-arrays.html (doc_source/flattening-arrays.md:86, result
  // line 113): the page's query names one column for an array of rows (engine 1); with a column per field, as
  // engine 3 spreads them, it gives the page's answer
  it("the flattening-arrays page's highest total score, with a column per row field", async () => {
    assert.deepEqual(
      await rows(
        "WITH dataset AS (SELECT ARRAY[CAST(ROW('Sally', 'engineering', ARRAY[1,2,3,4]) AS ROW(name VARCHAR, department VARCHAR, scores ARRAY(INTEGER))), CAST(ROW('John', 'finance', ARRAY[7,8,9]) AS ROW(name VARCHAR, department VARCHAR, scores ARRAY(INTEGER))), CAST(ROW('Amy', 'devops', ARRAY[12,13,14,15]) AS ROW(name VARCHAR, department VARCHAR, scores ARRAY(INTEGER)))] AS users) SELECT name, department, SUM(score) AS total_score FROM dataset, UNNEST(dataset.users) AS t(name, department, scores), UNNEST(scores) AS s(score) GROUP BY name, department ORDER BY total_score DESC LIMIT 1",
      ),
      [['Amy', 'devops', '54']],
    );
  });

  it("one alias for the fields of an array of rows fails with Trino's message (Athena's pages show engine 1's answer)", async () => {
    assert.equal((await failure("SELECT p FROM UNNEST(ARRAY[CAST(ROW('a', 1) AS ROW(x VARCHAR, y INTEGER))]) AS t(p)")).message, "Column alias list has 1 entries but 't' has 2 columns available");
  });
});

describe('||: an element and an array of it (Trino\'s concat(E, array(E)))', () => {
  // https://docs.aws.amazon.com/athena/latest/ug/concatenating-strings-and-arrays.html (doc_source/concatenating-strings-and-arrays.md:57)
  it('prepends or appends an array to an array of arrays; arrays of one type still concatenate', async () => {
    assert.deepEqual(await rows('SELECT ARRAY [4,5] || ARRAY[ ARRAY[1,2], ARRAY[3,4] ] AS items'), [['[[4, 5], [1, 2], [3, 4]]']]);
    assert.deepEqual(await rows('SELECT ARRAY[ARRAY[1,2]] || ARRAY[3,4]'), [['[[1, 2], [3, 4]]']]);
    assert.deepEqual(await rows('SELECT ARRAY[ARRAY[1]] || ARRAY[ARRAY[2]]'), [['[[1], [2]]']]);
    assert.match((await failure("SELECT ARRAY[1] || ARRAY['a']")).message, /All concatenated arrays must be the same type/);
    // `||` is Trino's concat: the function takes the same forms
    assert.deepEqual(await rows('SELECT concat(ARRAY[4,5], ARRAY[ARRAY[1,2], ARRAY[3,4]]), concat(ARRAY[1,2], 3), concat(0, ARRAY[1,2]), concat(ARRAY[1], ARRAY[1.5])'), [['[[4, 5], [1, 2], [3, 4]]', '[1, 2, 3]', '[0, 1, 2]', '[1.0, 1.5]']]);
  });
});

describe('TABLESAMPLE', () => {
  it('BERNOULLI and SYSTEM take a percentage of the rows', async () => {
    assert.deepEqual(await rows('SELECT count(*) FROM s.t TABLESAMPLE BERNOULLI (100)'), [['2']]);
    assert.deepEqual(await rows('SELECT count(*) FROM s.t TABLESAMPLE SYSTEM (100)'), [['2']]);
    assert.deepEqual(await rows('SELECT count(*) FROM s.t TABLESAMPLE SYSTEM (0)'), [['0']]);
    // each row kept with probability 1/2: 10000 rows give 5000 ± 50 (σ); 10σ either way
    const half = Number((await rows('SELECT count(*) FROM UNNEST(sequence(1, 10000)) AS t(n) TABLESAMPLE BERNOULLI (50)'))[0]![0]);
    assert.ok(half > 4500 && half < 5500, String(half));
  });

  it("a percentage out of range or naming a column fails with Trino's message", async () => {
    assert.equal((await failure('SELECT * FROM s.t TABLESAMPLE BERNOULLI (150)')).message, 'Sample percentage must be less than or equal to 100');
    assert.equal((await failure('SELECT * FROM s.t TABLESAMPLE SYSTEM (-1)')).message, 'Sample percentage must be greater than or equal to 0');
    assert.equal((await failure('SELECT * FROM s.t TABLESAMPLE BERNOULLI (id)')).message, 'Sample percentage cannot contain column references');
  });
});

describe('joins, set operations, ordering', () => {
  it('JOIN … USING: one column for the joined names, then the rest of each side', async () => {
    const a = await athena('SELECT * FROM s.t a JOIN s.t b USING (id) ORDER BY id');
    assert.deepEqual(a.names, ['id', 'name', 'x', 'arr', 'name', 'x', 'arr']);
    assert.deepEqual(a.rows[0], ['1', 'a', '1.5', '[1, 2]', 'a', '1.5', '[1, 2]']);
  });

  it("set operations take the columns' common type (select.md:852, 919, 955)", async () => {
    assert.deepEqual(sorted(await rows('SELECT 13 UNION SELECT * FROM (VALUES 42, 13)')), [['13'], ['42']]);
    assert.deepEqual(await rows('SELECT * FROM (VALUES 13, 42) INTERSECT SELECT 13'), [['13']]);
    assert.deepEqual(await rows('SELECT * FROM (VALUES 13, 42) EXCEPT SELECT 13'), [['42']]);
    const u = await athena('SELECT 1 UNION ALL SELECT 2.5');
    assert.deepEqual([sorted(u.rows), u.types], [[['1.0'], ['2.5']], ['decimal(11,1)']]);
  });

  it('ORDER BY an output name, a position; OFFSET and LIMIT (select.md:1115)', async () => {
    assert.deepEqual(await rows('SELECT * FROM (VALUES 5, 2, 4, 1, 3) t(x) ORDER BY x OFFSET 2 LIMIT 2'), [['3'], ['4']]);
    assert.deepEqual(await rows('SELECT id AS k FROM s.t ORDER BY k DESC'), [['2'], ['1']]);
    assert.deepEqual(await rows('SELECT name, id FROM s.t ORDER BY 2 DESC'), [['b', '2'], ['a', '1']]);
    assert.equal((await failure('SELECT id FROM s.t ORDER BY 3')).message, 'ORDER BY position 3 is not in select list');
  });

  // Athena's engine-versions-reference-0002.html: "Window value functions now support IGNORE NULLS and RESPECT NULLS";
  // the clause's tokens were joined without their space (`IGNORENULLS`), a syntax error
  it('window value functions with IGNORE NULLS and RESPECT NULLS (Trino window.md: lag, lead, first_value, last_value, nth_value)', async () => {
    assert.deepEqual(
      await rows('SELECT lag(x) IGNORE NULLS OVER (ORDER BY o), lead(x) IGNORE NULLS OVER (ORDER BY o), first_value(x) IGNORE NULLS OVER (ORDER BY o), nth_value(x, 2) IGNORE NULLS OVER (ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), lag(x) RESPECT NULLS OVER (ORDER BY o) FROM (VALUES (NULL, 0), (1, 1), (NULL, 2), (3, 3)) t(x, o) ORDER BY o'),
      [['NULL', '1', 'NULL', '3', 'NULL'], ['NULL', '3', '1', '3', 'NULL'], ['1', '3', '1', '3', '1'], ['1', 'NULL', '1', '3', 'NULL']],
    );
  });

  it('GROUP BY ROLLUP with grouping(), window functions', async () => {
    assert.deepEqual(await rows('SELECT grouping(name), name, sum(id) FROM s.t GROUP BY ROLLUP (name) ORDER BY 2'), [['0', 'a', '1'], ['0', 'b', '2'], ['1', 'NULL', '3']]);
    assert.deepEqual(await rows('SELECT id, row_number() OVER (ORDER BY id DESC) FROM s.t ORDER BY id'), [['1', '2'], ['2', '1']]);
  });
});

// Trino's conditional.md (TRY): "Invalid cast or function argument" is handled by TRY, which returns NULL — the page's
// own TRY(CAST(origin_zip AS BIGINT)). DuckDB's TRY takes no error(), which the cast of text to an integer holds for the
// text Trino's releases answer differently (whitespace around the number), so it failed on every value.
describe('TRY(CAST(text AS integer)) of a value known only when the query runs', () => {
  it('is TRY_CAST: NULL for text that is no number, the number otherwise', async () => {
    assert.deepEqual(await rows("SELECT try(CAST(x AS integer)), try((CAST(x AS bigint))) FROM (VALUES 'abc', '12', '-3') AS t(x)"), [['NULL', 'NULL'], ['12', '12'], ['-3', '-3']]);
    assert.deepEqual(await rows("SELECT coalesce(try(CAST(x AS integer)), -1) FROM (VALUES 'P332a', '94131') AS t(x)"), [['-1'], ['94131']]);
  });
  it('refuses by name the text with whitespace around a number, also inside a larger TRY expression or a cast of a cast', async () => {
    assert.match((await failure("SELECT try(CAST(x AS integer)) FROM (VALUES ' 12') AS t(x)")).message, /whitespace around the number .*is not supported by the local engine/);
    assert.match((await failure("SELECT try(CAST(x AS integer) + 1) FROM (VALUES ' 12') AS t(x)")).message, /whitespace around the number .*is not supported by the local engine/);
    assert.match((await failure("SELECT try(CAST(from_unixtime(CAST(x AS bigint)) AS varchar)) FROM (VALUES ' 12') AS t(x)")).message, /whitespace around the number .*is not supported by the local engine/);
    assert.deepEqual(await rows("SELECT try(CAST(x AS integer) + 1) FROM (VALUES '12', 'x') AS t(x)"), [['13'], ['NULL']]);
    assert.deepEqual(await rows("SELECT try(CAST('12' AS integer) + 1), try(CAST('x' AS integer) + 1)"), [['13', 'NULL']]);
  });
});

// Trino's SplitToMapFunction and SplitToMultimapFunction (core/trino-main io/trino/operator/scalar): entries end at each
// entryDelimiter, a string ending with it has no empty last entry, an empty entry elsewhere or a value holding the
// key-value delimiter fails, as do empty or equal delimiters; string.md: a key's values in the order they appeared
describe('split_to_map and split_to_multimap read entries as Trino does', () => {
  it('a trailing entry delimiter adds no entry; the values of a key keep their order', async () => {
    assert.deepEqual(await rows("SELECT split_to_map('a=1,b=2,', ',', '='), split_to_multimap('k=z&k=y&j=1&k=x&', '&', '=')['k'], split_to_multimap('', ',', '='), cardinality(split_to_multimap('a=', ',', '=')['a'])"), [['{a=1, b=2}', '[z, y, x]', '{}', '1']]);
  });
  it('an empty entry, a value holding the key-value delimiter and bad delimiters fail', async () => {
    for (const f of ['split_to_map', 'split_to_multimap']) {
      assert.match((await failure(`SELECT ${f}('a=1,,b=2', ',', '=')`)).message, /Key-value delimiter must appear exactly once in each entry/);
      assert.match((await failure(`SELECT ${f}('a=1=2', ',', '=')`)).message, /Key-value delimiter must appear exactly once in each entry/);
      assert.match((await failure(`SELECT ${f}('a=1', '', '=')`)).message, /entryDelimiter is empty/);
      assert.match((await failure(`SELECT ${f}('a=1', ',', ',')`)).message, /must not be the same/);
    }
  });
});

// Trino's SequenceFunction.sequenceDateYearToMonth (and the timestamp one): element i is start plus i × step months
// (datePlusIntervalYearToMonth(start, value)), a month's end clamped each time from start; array.md's array_sort: a
// comparator returning anything but -1, 0 or 1 fails the query
describe('sequence by months, array_sort with a bad comparator', () => {
  it('a month step counts from the start each time', async () => {
    assert.deepEqual(await rows("SELECT sequence(DATE '2020-01-31', DATE '2020-05-01', INTERVAL '1' MONTH), sequence(DATE '2020-05-31', DATE '2020-01-01', INTERVAL '-2' MONTH), sequence(TIMESTAMP '2020-01-31 10:00:00.000', TIMESTAMP '2020-03-31 10:00:00.000', INTERVAL '1' MONTH)"), [
      ['[2020-01-31, 2020-02-29, 2020-03-31, 2020-04-30]', '[2020-05-31, 2020-03-31, 2020-01-31]', '[2020-01-31 10:00:00.000, 2020-02-29 10:00:00.000, 2020-03-31 10:00:00.000]'],
    ]);
  });
  it('a comparator returning 2 or NULL fails', async () => {
    assert.match((await failure('SELECT array_sort(ARRAY[2, 1, 3], (x, y) -> IF(x < y, 2, IF(x = y, 0, -2)))')).message, /Lambda comparator must return either -1, 0, or 1/);
    assert.match((await failure('SELECT array_sort(ARRAY[2, NULL], (x, y) -> CASE WHEN x < y THEN 1 WHEN x = y THEN 0 WHEN x > y THEN -1 END)')).message, /Lambda comparator must return either -1, 0, or 1/);
    assert.deepEqual(await rows('SELECT array_sort(ARRAY[3, 2, 5, 1, 2], (x, y) -> IF(x < y, 1, IF(x = y, 0, -1)))'), [['[5, 3, 2, 2, 1]']]);
  });
});

// select.md, "Combining multiple grouping expressions": the elements' grouping sets are crossed; with DISTINCT "only
// unique grouping sets are generated" (it was refused)
describe('GROUP BY DISTINCT', () => {
  it('keeps each grouping set once', async () => {
    const q = (quantifier: string) => `SELECT a, b, grouping(a, b), count(*) FROM (VALUES (1, 'x'), (1, 'y')) AS t(a, b) GROUP BY ${quantifier} ROLLUP (a), CUBE (a, b) ORDER BY 3, 1, 2`;
    assert.deepEqual(await rows(q('DISTINCT')), [['1', 'x', '0', '1'], ['1', 'y', '0', '1'], ['1', 'NULL', '1', '2'], ['NULL', 'x', '2', '1'], ['NULL', 'y', '2', '1'], ['NULL', 'NULL', '3', '2']]);
    // ALL (the default): (a) × the cube's four sets and () × them: (a, b) three times, (a) three times, (b), ()
    assert.equal((await rows(q('ALL'))).length, 3 * 2 + 3 * 1 + 2 + 1);
  });
});

// aggregate.md: multimap_agg "returns a multimap created from the input key / value pairs"; over a column named k it
// failed to bind ("column k must appear in the GROUP BY clause"): the aggregate's list was repeated inside a lambda
describe('map_agg and multimap_agg over columns of any name', () => {
  it('k and v, e and x', async () => {
    assert.deepEqual(await rows("SELECT multimap_agg(k, v)['b'], cardinality(multimap_agg(k, v)), map_agg(k, v)['b'] FROM (VALUES ('a', 2), ('b', 3), ('a', 1)) AS t(k, v)"), [['[3]', '2', '3']]);
    assert.deepEqual(await rows("SELECT map_agg(x, e)['a'], multimap_agg(x, e)['b'] FROM (VALUES ('a', 2), ('b', 3)) AS t(x, e)"), [['2', '[3]']]);
  });
});

// lambda.md, Limitations: "Aggregations are not supported: x -> max(y)"; the aggregate ran over the rows instead
describe('an aggregate in a lambda body', () => {
  it("fails as Trino's analyzer fails it", async () => {
    assert.match((await failure('SELECT transform(ARRAY[1], x -> max(y)) FROM (VALUES 1) AS t(y)')).message, /Lambda expression cannot contain aggregations/);
    assert.deepEqual(await rows('SELECT transform(ARRAY[1, 2], x -> x + max_y) FROM (SELECT max(y) AS max_y FROM (VALUES 1, 5) AS t(y))'), [['[6, 7]']]);
  });
});

// aggregate.md: avg "returns the average interval length of all input values"; Trino's
// IntervalDayToSecondAverageAggregation sums the milliseconds as a double and rounds the mean with Math.round (it was
// refused)
describe('avg of an interval day to second', () => {
  it('is the mean, rounded half up to a millisecond', async () => {
    assert.deepEqual(await rows("SELECT avg(x) FROM (VALUES INTERVAL '1' DAY, INTERVAL '3' DAY) AS t(x)"), [['2 00:00:00.000']]);
    assert.deepEqual(await rows("SELECT avg(x) FROM (VALUES INTERVAL '0.001' SECOND, INTERVAL '0.002' SECOND) AS t(x)"), [['0 00:00:00.002']]);
    assert.deepEqual(await rows("SELECT avg(x) FROM (VALUES INTERVAL '1' SECOND, INTERVAL '1' SECOND, INTERVAL '2' SECOND) AS t(x)"), [['0 00:00:01.333']]);
  });
});

// aggregate.md, listagg: "The overflow behaviour is by default to throw an error in case that the length of the output
// of the function exceeds 1048576 bytes" (the whole text was returned); ON OVERFLOW TRUNCATE below that length is the
// plain result (it was refused), above it refused by name when the query runs
describe('listagg past 1048576 bytes', () => {
  const big = "FROM (SELECT lpad('', 600000, 'x') AS x UNION ALL SELECT lpad('', 600000, 'y'))";
  it('fails by default, is refused by name under ON OVERFLOW TRUNCATE; a shorter result is the same under both', async () => {
    assert.match((await failure(`SELECT length(listagg(x, ',') WITHIN GROUP (ORDER BY x)) ${big}`)).message, /larger than the maximum output length 1048576/);
    assert.match((await failure(`SELECT length(listagg(x, ',' ON OVERFLOW TRUNCATE WITHOUT COUNT) WITHIN GROUP (ORDER BY x)) ${big}`)).message, /ON OVERFLOW TRUNCATE of a result over 1048576 bytes is not supported by the local engine/);
    assert.deepEqual(await rows("SELECT listagg(v, ',' ON OVERFLOW TRUNCATE '.....' WITH COUNT) WITHIN GROUP (ORDER BY v), listagg(v, ',' ON OVERFLOW ERROR) WITHIN GROUP (ORDER BY v) FROM (VALUES 'a', 'c', 'b') AS t(v)"), [['a,b,c', 'a,b,c']]);
  });
});

// conditional.md (TRY): TRY turns Trino's own failures — "Division by zero", "Invalid cast or function argument",
// "Numeric value out of range" — into NULL; Athena answers the constructs below (regexp.md: regexp_replace(VARCHAR
// 'x', '.*', 'xxxxx') is 'xxxxxxxxxx'), which the local engine refuses for some values as the query runs. Inside TRY
// that refusal would have been a NULL: a different answer. The TRY is refused by name instead.
describe('a value the local engine refuses as the query runs is never a NULL of TRY', () => {
  it('TRY around a construct refused for some values is refused when translated, naming the construct', async () => {
    assert.match((await failure("SELECT try(regexp_replace(x, '.*', 'y')) FROM (VALUES 'x') AS t(x)")).message, /regexp_replace where the pattern matches the empty string, inside TRY\(…\) is not supported by the local engine/);
    assert.match((await failure("SELECT try(length(from_utf8(x))) FROM (VALUES X'FF') AS t(x)")).message, /from_utf8 of bytes that are not UTF-8, inside TRY\(…\) is not supported by the local engine/);
    assert.match((await failure("SELECT try(CAST(from_base(x, 10) AS varchar)) FROM (VALUES '١٢') AS t(x)")).message, /from_base of digits past ASCII, inside TRY\(…\) is not supported by the local engine/);
  });
  it('TRY_CAST of an IPv6 address to varchar is refused, not NULL', async () => {
    assert.match((await failure("SELECT try_cast(x AS varchar) FROM (VALUES IPADDRESS '2001:db8::1') AS t(x)")).message, /CAST\(ipaddress AS varchar\) of an IPv6 address is not supported by the local engine/);
  });
  it('TRY around what the local engine answers for every value still answers, and Trino failures are NULL', async () => {
    assert.deepEqual(await rows("SELECT try(regexp_replace(x, 'b', 'y')), try(length(x) / 0), try(1 / 0) FROM (VALUES 'abc') AS t(x)"), [['ayc', 'NULL', 'NULL']]);
  });
});
