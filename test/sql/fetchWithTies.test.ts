/**
 * `FETCH FIRST n ROWS WITH TIES`: Trino's select.md ("FETCH FIRST … WITH TIES": the result holds the rows of the same
 * peer group as the last row, its example's two rows of x = 1), and with OFFSET the rows skipped first (Trino plans
 * the Offset below the TopN with ties). Errors from Trino's TestAnalyzer: `SELECT * FROM t1 FETCH FIRST 5 ROWS WITH
 * TIES` fails with "line 1:18: FETCH FIRST WITH TIES clause requires ORDER BY". The other answers are worked out by
 * hand from that definition.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athena, failure } from './trinoRun';

const T = "(VALUES (2, 'c'), (1, 'a'), (1, 'b'), (3, 'd'), (3, 'e'), (4, 'f')) AS t(x, y)";

describe('FETCH FIRST ... WITH TIES (select.md)', () => {
  it("the page's example: FETCH FIRST ROW WITH TIES keeps both rows of x = 1", async () => {
    const r = await athena(`SELECT x, y FROM (VALUES (2, 'c'), (1, 'a'), (1, 'b'), (3, 'd')) AS t(x, y) ORDER BY x FETCH FIRST ROW WITH TIES`);
    assert.deepEqual(r.rows.sort(), [['1', 'a'], ['1', 'b']]);
  });

  it('n rows and the peers of the n-th; DESC; a position as the key; after OFFSET', async () => {
    assert.deepEqual((await athena(`SELECT y FROM ${T} ORDER BY x FETCH FIRST 3 ROWS WITH TIES`)).rows.map((r) => r[0]).sort(), ['a', 'b', 'c']);
    assert.deepEqual((await athena(`SELECT y FROM ${T} ORDER BY x FETCH FIRST 4 ROWS WITH TIES`)).rows.map((r) => r[0]).sort(), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual((await athena(`SELECT x, y FROM ${T} ORDER BY 1 DESC FETCH NEXT 2 ROWS WITH TIES`)).rows.map((r) => r[1]).sort(), ['d', 'e', 'f']);
    assert.deepEqual((await athena(`SELECT y FROM ${T} ORDER BY x OFFSET 2 ROWS FETCH NEXT 2 ROWS WITH TIES`)).rows.map((r) => r[0]).sort(), ['c', 'd', 'e']);
  });

  it('over a GROUP BY, sorting by an aggregate, and over a UNION', async () => {
    assert.deepEqual((await athena(`SELECT x, count(*) c FROM ${T} GROUP BY x ORDER BY c DESC FETCH FIRST 1 ROW WITH TIES`)).rows.sort(), [['1', '2'], ['3', '2']]);
    assert.deepEqual((await athena('SELECT x FROM (VALUES 1, 1, 2) t(x) UNION ALL SELECT 1 ORDER BY x FETCH FIRST 1 ROW WITH TIES')).rows, [['1'], ['1'], ['1']]);
  });

  it('without ORDER BY it fails as Trino fails, at FETCH', async () => {
    const f = await failure('SELECT * FROM (VALUES 1) t1(a) FETCH FIRST 5 ROWS WITH TIES');
    assert.equal(f.message, 'FETCH FIRST WITH TIES clause requires ORDER BY');
    assert.equal(f.column, 32);
  });
});

describe('FETCH FIRST 0 ROWS (Trino TestAnalyzer.testFetchFirstInvalidRowCount)', () => {
  it('fails: "line 1:18: FETCH FIRST row count must be positive (actual value: 0)"; LIMIT 0 answers no rows', async () => {
    const f = await failure('SELECT * FROM t1 FETCH FIRST 0 ROWS ONLY'.replace('t1', '(VALUES 1) t1(a)'));
    assert.equal(f.message, 'FETCH FIRST row count must be positive (actual value: 0)');
    assert.equal(f.column, 32);
    assert.equal((await failure('SELECT a FROM (VALUES 1) t1(a) ORDER BY a FETCH FIRST 0 ROWS WITH TIES')).message, 'FETCH FIRST row count must be positive (actual value: 0)');
    assert.deepEqual((await athena('SELECT a FROM (VALUES 1) t1(a) LIMIT 0')).rows, []);
  });
});
