/**
 * UNION / INTERSECT / EXCEPT … CORRESPONDING: "CORRESPONDING matches columns by name instead of by position"
 * (trinodb/trino docs/src/main/sphinx/sql/select.md, "Set operations": `query UNION [ALL | DISTINCT]
 * [CORRESPONDING] query`; its four examples are in the conformance corpus, test/conformance/trino/query-syntax.json).
 * The grammar the engine parses with (Trino 450's) lacks the word: it is blanked out before the parse. These are the
 * cases around it: a column named `corresponding` stays a name, names match ignoring case (Trino's identifiers are
 * case-insensitive), the result has the first side's names and order, and what the documentation does not say is
 * refused by name.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLakehouseError } from '../../src/core/errors';
import { athena } from './trinoRun';

describe('CORRESPONDING', () => {
  it("the first side's columns that both sides name, in its order, with its names; the word elsewhere is a name", async () => {
    const r = await athena("SELECT 1 AS Id, 'a' AS name, true AS extra UNION ALL CORRESPONDING SELECT 'b' AS NAME, 2 AS id ORDER BY 1");
    assert.deepEqual(r.names, ['Id', 'name']);
    assert.deepEqual(r.rows, [['1', 'a'], ['2', 'b']]);
    assert.deepEqual((await athena('SELECT corresponding FROM (VALUES 1) t(corresponding) UNION SELECT 2 ORDER BY 1')).rows, [['1'], ['2']]);
    // DISTINCT after the operator; sides that already agree
    assert.deepEqual((await athena('SELECT 1 AS a UNION DISTINCT CORRESPONDING SELECT 1 AS a')).rows, [['1']]);
  });

  it('an unnamed column, a name given twice, or no name in common is refused by name', async () => {
    for (const [sql, what] of [
      ['SELECT 1 UNION CORRESPONDING SELECT 2', /UNION CORRESPONDING over a column without a name/],
      ['SELECT 1 AS a, 2 AS a UNION CORRESPONDING SELECT 3 AS a', /UNION CORRESPONDING over two columns of one name/],
      ['SELECT 1 AS a EXCEPT CORRESPONDING SELECT 2 AS b', /EXCEPT CORRESPONDING of queries with no column name in common/],
    ] as const) {
      await assert.rejects(athena(sql), (e: unknown) => isLakehouseError(e, 'SqlUnsupported') && what.test((e as Error).message));
    }
  });
});
