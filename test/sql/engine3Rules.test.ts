/**
 * Athena engine 3's rules that DuckDB would not enforce, and soundex; each expected value from Athena's User Guide
 * (awsdocs/amazon-athena-user-guide doc_source/*.md @765e909), Trino's sources (trinodb/trino) or commons-codec's:
 * - engine-versions-reference-0003.md, "Nested column names in GROUP BY clauses must be double quoted": `SELECT
 *   "user"."name" FROM dataset GROUP BY user.name` fails with `"column_name"."nested_column" must be an aggregate
 *   expression or appear in GROUP BY clause`; quoted as in the select list it runs. Why: AggregationAnalyzer compares
 *   with ScopeAware, which compares a row field's name by CanonicalizationAware.canonicalize (quoted: as written;
 *   unquoted: upper-cased) and column references by resolved field (so `"user"` and `user` are one column);
 * - engine-versions-reference-0002.md, limits: "The maximum number of slices in a grouping set is 2048"; Trino's
 *   TestAnalyzer.testTooManyGroupingElements: `GROUP BY CUBE (a, b, c, d, e, f), CUBE (g, h, i, j, k, l)` fails
 *   "line 3:10: GROUP BY has 4096 grouping sets but can contain at most 2048" (FeaturesConfig maxGroupingSets 2048),
 *   `CUBE (a … f), CUBE (g … k)` (2048) is analyzed;
 * - reserved-words.md, "List of reserved keywords in SQL SELECT statements … If you use these keywords as
 *   identifiers, you must enclose them in double quotes": FIRST, LAST and OF (the list's words Trino's grammar
 *   reads as identifiers); its example `SELECT "itemId"."first" FROM testTable`;
 * - soundex: StringFunctions.soundex (`varchar(4)`, Soundex.US_ENGLISH.encode, IllegalArgumentException →
 *   INVALID_FUNCTION_ARGUMENT); commons-codec SoundexTest: testHWRuleEx1 (Ashcraft A261, Ashcroft A261, yehudit
 *   Y330, yhwdyt Y330), testHWRuleEx2 (BOOTHDAVIS / BOOTH-DAVIS B312), testEncodeIgnoreHyphens (K525), testNullInput,
 *   testEmptyInput (''), testSingleCharacter (A → A000), testAllVowels (AEIOU → A000), testConsecutiveSameCode
 *   (Bb → B000); Soundex.map's "The character is not mapped: " + ch + " (index=" + (ch - 'A') + ")".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { athena, failure } from './trinoRun';

const DATASET = `(VALUES CAST(ROW(ROW('Ana'), ROW('Oslo')) AS ROW(name ROW("first" varchar), address ROW(city varchar)))) dataset("user")`;

describe('Athena engine 3: nested column names in GROUP BY', () => {
  it("fails as the engine 3 page says when GROUP BY spells the field without the select list's quotes", async () => {
    const f = await failure(`SELECT "user"."name" FROM ${DATASET} \nGROUP BY user.name`);
    assert.equal(f.message, `'"user"."name"' must be an aggregate expression or appear in GROUP BY clause`);
    assert.deepEqual([f.line, f.column], [1, 8]);
    // the other way round, and in HAVING
    assert.match((await failure(`SELECT user.name FROM ${DATASET} GROUP BY "user"."name"`)).message, /^'user.name' must be an aggregate expression/);
    assert.match((await failure(`SELECT "user"."name", count(*) FROM ${DATASET} GROUP BY user.name HAVING count(*) > 0`)).message, /must be an aggregate expression/);
    // a longer path over a grouped field spelt otherwise
    assert.match((await failure(`SELECT "user"."address".city FROM ${DATASET} GROUP BY user.address`)).message, /must be an aggregate expression/);
  });

  it('runs when the field is spelt alike, the row column is grouped, or the name is inside an aggregate', async () => {
    const rows = async (q: string) => (await athena(q)).rows;
    assert.deepEqual(await rows(`SELECT "user"."name" FROM ${DATASET} GROUP BY "user"."name"`), [['{first=Ana}']]);
    // the column is compared by the field it resolves to: "user" and user are one
    assert.deepEqual(await rows(`SELECT user."name" FROM ${DATASET} GROUP BY "user"."name"`), [['{first=Ana}']]);
    assert.deepEqual(await rows(`SELECT "user".name FROM ${DATASET} GROUP BY user.name`), [['{first=Ana}']]);
    // canonical: an unquoted name is upper-cased, so "NAME" is name
    assert.deepEqual(await rows(`SELECT user."NAME" FROM ${DATASET} GROUP BY user.name`), [['{first=Ana}']]);
    assert.deepEqual(await rows(`SELECT "user"."name" FROM ${DATASET} GROUP BY user`), [['{first=Ana}']]);
    assert.deepEqual(await rows(`SELECT user.address.city FROM ${DATASET} GROUP BY user.address`), [['Oslo']]);
    assert.deepEqual(await rows(`SELECT count(user.name) FROM ${DATASET} GROUP BY "user"."name"`), [['1']]);
  });
});

describe('Athena engine 3: at most 2048 grouping sets', () => {
  const TABLE = (n: number) => `FROM (VALUES (${Array.from({ length: n }, (_, i) => i + 1).join(', ')}))\nt (a, b, c, d, e, f, g, h, i, j, k, l, m)`;
  it("fails with Trino's message past 2048, at the grouping element", async () => {
    const f = await failure(`SELECT a, b, c, d, e, f, g, h, i, j, k, l, SUM(m) ${TABLE(13)}\nGROUP BY CUBE (a, b, c, d, e, f), CUBE (g, h, i, j, k, l)`);
    assert.equal(f.message, 'GROUP BY has 4096 grouping sets but can contain at most 2048');
    assert.deepEqual([f.line, f.column], [3, 10]);
    const many = `SELECT count(*) FROM (VALUES 1) t(a) GROUP BY ${Array.from({ length: 32 }, () => 'CUBE (a)').join(', ')}`;
    assert.equal((await failure(many)).message, 'GROUP BY has more than 2147483647 grouping sets but can contain at most 2048');
  });
  it('runs 2048 (a ROLLUP of n is n + 1 sets, GROUPING SETS its own)', async () => {
    const q = `SELECT count(*) ${TABLE(13)}\nGROUP BY CUBE (a, b, c, d, e, f), CUBE (g, h, i, j, k)`;
    assert.equal((await athena(q)).rows.length, 2048);
    assert.match((await failure(`SELECT count(*) ${TABLE(13)} GROUP BY CUBE (a, b, c, d, e, f, g, h, i, j), ROLLUP (k), GROUPING SETS ((l), (m), ())`)).message, /GROUP BY has 6144 grouping sets/);
  });
});

describe("Athena's reserved keywords in SELECT statements", () => {
  it('FIRST, LAST and OF unquoted fail naming the word; quoted they are names', async () => {
    for (const w of ['first', 'LAST', 'Of']) {
      const f = await failure(`SELECT x AS ${w} FROM (VALUES 1) t(x)`);
      assert.equal(f.message, `mismatched input '${w}': ${w.toUpperCase()} is a reserved keyword in Athena; quote it as an identifier: "${w}"`);
      assert.deepEqual([f.line, f.column], [1, 13]);
    }
    assert.match((await failure('SELECT last FROM (VALUES 1) t("last")')).message, /LAST is a reserved keyword/);
    const a = await athena(`SELECT "user"."name"."first", "last" FROM ${DATASET}, (VALUES 2) v("last")`);
    assert.deepEqual(a.rows, [['Ana', '2']]);
    // the keywords themselves
    assert.deepEqual((await athena('SELECT x FROM (VALUES 2, 1) t(x) ORDER BY x NULLS LAST FETCH FIRST 1 ROWS ONLY')).rows, [['1']]);
  });
});

describe('soundex', () => {
  it("is commons-codec's US_ENGLISH Soundex, varchar(4)", async () => {
    const a = await athena("SELECT soundex('Ashcraft'), soundex('Ashcroft'), soundex('yehudit'), soundex('yhwdyt'), soundex('BOOTHDAVIS'), soundex('BOOTH-DAVIS'), soundex('KINGSM-ITH')");
    assert.deepEqual(a.rows, [['A261', 'A261', 'Y330', 'Y330', 'B312', 'B312', 'K525']]);
    assert.equal(a.types[0], 'varchar(4)');
    assert.deepEqual((await athena("SELECT soundex(NULL), soundex(''), soundex('A'), soundex('AEIOU'), soundex('Bb')")).rows, [['NULL', '', 'A000', 'A000', 'B000']]);
  });
  it('fails on a letter outside A–Z, as Soundex.map does', async () => {
    assert.match((await failure("SELECT soundex('Émile')")).message, /The character is not mapped: É \(index=136\)/);
  });
});

describe('names are case-insensitive, quoted or not', () => {
  // tables-databases-columns-names.md: "Athena accepts mixed case in DDL and DML queries, but lower cases the names
  // when it executes the query … If you then specify the column name in a DML query as `Castle` or `CASTLE`, Athena
  // will lowercase the name for you … but display the column heading using the casing that you chose in the query";
  // reserved-words.md's example reads a column "itemId"
  it('a subquery or WITH column named in mixed case is found by any casing', async () => {
    const a = await athena('WITH t AS (SELECT 1 AS "itemId") SELECT "itemId", itemid, ITEMID FROM t');
    assert.deepEqual(a.rows, [['1', '1', '1']]);
    assert.deepEqual(a.names, ['itemId', 'itemid', 'ITEMID']);
    assert.deepEqual((await athena('WITH t AS (SELECT CAST(ROW(1) AS ROW(a integer)) AS "Castle") SELECT t.castle.a FROM t')).rows, [['1']]);
    // JOIN … USING merges the two sides' columns whatever their casing (one column in *)
    assert.deepEqual((await athena('SELECT * FROM (SELECT 1 AS "A", 2 AS b) x JOIN (SELECT 1 AS a, 3 AS c) y USING (a)')).rows, [['1', '2', '3']]);
  });
});

describe('window functions as Trino checks them', () => {
  // StatementAnalyzer.analyzeWindowFunctions: lag/lead need ORDER BY ("%s function requires an ORDER BY window
  // clause") and take no frame ("Cannot specify window frame for %s function"), the window as its WINDOW clause
  // definitions make it; LeadFunction/LagFunction "Offset must be at least 0", NthValueFunction "Offset must be at
  // least 1" (an empty frame gives NULL first). The window.md cases are in test/conformance/trino/window.json.
  it('lag and lead: ORDER BY from a named window counts, its frame too', async () => {
    assert.deepEqual((await athena('SELECT lead(x) OVER w FROM (VALUES 1, 2, 3) t(x) WINDOW w AS (ORDER BY x) ORDER BY x')).rows, [['2'], ['3'], ['NULL']]);
    assert.deepEqual((await athena('SELECT lag(x) OVER (w ORDER BY x) FROM (VALUES 1, 2) t(x) WINDOW w AS (PARTITION BY x) ORDER BY x')).rows, [['NULL'], ['NULL']]);
    assert.equal((await failure('SELECT lag(x) OVER (w) FROM (VALUES 1) t(x) WINDOW w AS (PARTITION BY x)')).message, 'lag function requires an ORDER BY window clause');
    const f = await failure('SELECT LEAD(x) OVER (w ROWS 1 PRECEDING) FROM (VALUES 1) t(x) WINDOW w AS (ORDER BY x)');
    assert.equal(f.message, 'Cannot specify window frame for lead function');
    assert.equal(f.column, 24);
  });
  it('offsets: negative lead/lag and nth_value below 1 fail; an empty frame gives NULL', async () => {
    assert.match((await failure('SELECT lag(x, -2) OVER (ORDER BY x) FROM (VALUES 1) t(x)')).message, /Offset must be at least 0/);
    assert.deepEqual((await athena('SELECT nth_value(x, 0) OVER (ORDER BY x ROWS BETWEEN 5 FOLLOWING AND 6 FOLLOWING) FROM (VALUES 1, 2) t(x)')).rows, [['NULL'], ['NULL']]);
    assert.deepEqual((await athena('SELECT nth_value(x, 2) IGNORE NULLS OVER (ORDER BY y ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM (VALUES (1, 1), (NULL, 2), (3, 3)) t(x, y) ORDER BY y')).rows, [['3'], ['3'], ['3']]);
  });
});

describe('string functions over code points, as Trino counts them', () => {
  // string.md: "the functions operate on Unicode code points"; TestStringFunctions.testLevenshteinDistance
  // (LEVENSHTEIN_DISTANCE('hello', 'e' × 100,000) = 99999, ('l' × 100,000, 'hello') = 99998, 'x' × 1001 twice and
  // 'x' × 500,000 fail "The combined inputs for Levenshtein distance are too large"); StringFunctions.hammingDistance
  // ("The input strings to hamming_distance function must have the same length") and fromUtf8 ("Replacement
  // character string must empty or a single character"). DuckDB's levenshtein and hamming count bytes.
  it('levenshtein_distance and hamming_distance count code points', async () => {
    assert.deepEqual((await athena("SELECT levenshtein_distance('é', 'e'), levenshtein_distance('ÿ', 'Ā'), levenshtein_distance('😀', ''), hamming_distance('ÿx', 'Āx'), hamming_distance('éa', 'eb')")).rows, [['1', '1', '1', '1', '2']]);
    assert.deepEqual((await athena("SELECT levenshtein_distance('hello', lpad('', 100000, 'e')), levenshtein_distance(lpad('', 100000, 'l'), 'hello')")).rows, [['99999', '99998']]);
    assert.match((await failure("SELECT levenshtein_distance(lpad('', 1001, 'x'), lpad('', 1001, 'x'))")).message, /The combined inputs for Levenshtein distance are too large/);
    assert.match((await failure("SELECT levenshtein_distance('hello', lpad('', 500000, 'x'))")).message, /The combined inputs for Levenshtein distance are too large/);
    assert.match((await failure("SELECT hamming_distance('abc', 'abcd')")).message, /The input strings to hamming_distance function must have the same length/);
  });
  it('from_utf8 with a replacement', async () => {
    assert.deepEqual((await athena("SELECT from_utf8(X'6162', '?')")).rows, [['ab']]);
    assert.match((await failure("SELECT from_utf8(X'6162', 'xy')")).message, /Replacement character string must empty or a single character/);
  });
});
