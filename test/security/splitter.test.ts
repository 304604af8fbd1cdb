/**
 * The statement splitter (src/core/sql/split.ts) against DuckDB's own parser: wherever DuckDB reads a text, the
 * splitter must find as many statements as DuckDB does, so that a `;` it reads as inside a string or a comment is
 * inside one for DuckDB too. (DuckDB's parser is still the wall — queryGuard.ts — this keeps Run SQL's statements,
 * CodeLenses and `tables` in step with what would run.) The pieces are the quoting DuckDB knows: strings with `''`,
 * E'' strings with backslash escapes, dollar quotes, quoted names, nested block comments, line comments ended by
 * `\n` or `\r`, unicode-escape, hex and national strings, `$` inside names and `$1` parameters.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { splitStatements } from '../../src/core/sql/split';

const PIECES = [
  `'a;b'`,
  `'it''s;'`,
  `'\\'`,
  `E'a\\';b'`,
  `e'\\\\'`,
  `E'it''s \\' ;'`,
  `$$;'$$`,
  `$t$ ; $x$ ; $t$`,
  `"a;b"`,
  `"it""s;"`,
  `/* ; */ 1`,
  `/* /* ; */ ; */ 1`,
  `/*/ ; */ 1`,
  `1 -- ;'\n`,
  `1 --;\r`,
  `1 --x\r\n`,
  `X'ab'`,
  `N'a;'`,
  `a$$b`,
  `$1`,
  `1`,
];

let instance: DuckDBInstance;
let conn: DuckDBConnection;
before(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});
after(() => {
  conn.closeSync();
  instance.closeSync();
});

/** DuckDB's count of statements, or undefined when it cannot parse the text. */
async function duckCount(sql: string): Promise<number | undefined> {
  try {
    return (await conn.extractStatements(sql)).count;
  } catch {
    return undefined;
  }
}

function ourCount(sql: string): number | undefined {
  try {
    return splitStatements(sql).length;
  } catch {
    return undefined;
  }
}

test('every pair of quoting pieces around a ; splits as DuckDB splits it', async () => {
  let compared = 0;
  const disagreements: string[] = [];
  for (const a of PIECES)
    for (const b of PIECES)
      for (const sep of [';', ' ; ', '\n;\n']) {
        const sql = `SELECT ${a} AS x${sep}SELECT ${b} AS y`;
        const duck = await duckCount(sql);
        if (duck === undefined) continue;
        compared++;
        const ours = ourCount(sql);
        if (ours !== duck) disagreements.push(`${JSON.stringify(sql)}: DuckDB ${duck}, splitter ${ours}`);
      }
  assert.deepEqual(disagreements, []);
  // most of the texts are ones DuckDB reads: the comparison is not empty
  assert.ok(compared > PIECES.length * PIECES.length, `only ${compared} texts compared`);
});

test('a piece inside a string, a name or a comment never ends a statement for either', async () => {
  for (const a of PIECES) {
    const sql = `SELECT ${a} AS x`;
    const duck = await duckCount(sql);
    if (duck === undefined) continue;
    assert.equal(ourCount(sql), duck, sql);
  }
});

test("the issue's escape is two statements for both", async () => {
  const sql = "SELECT E'\\'' AS a; COPY (SELECT 1) TO $$/any/path$$; --'";
  assert.equal(await duckCount(sql), 2);
  assert.equal(ourCount(sql), 2);
});
