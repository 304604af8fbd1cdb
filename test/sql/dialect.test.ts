import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { sparkSqlToDuckDb } from '../../src/core/sql/dialect';
import { LakehouseError } from '../../src/core/errors';

let instance: DuckDBInstance;
let conn: DuckDBConnection;

before(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false' });
  conn = await instance.connect();
  await conn.run(`CREATE TABLE customer_trusted AS SELECT * FROM (VALUES ('Ann', 'a@x.com', 1700000000000), ('Bob', 'b@x.com', NULL)) v("customerName", email, "shareWithResearchAsOfDate")`);
});

after(() => {
  conn.closeSync();
  instance.closeSync();
});

async function rows(sql: string): Promise<unknown[][]> {
  return (await conn.runAndReadAll(sql)).getRowsJson() as unknown[][];
}

test('Spark SQL: backticks become identifiers, double-quoted text becomes strings, the trailing ; goes', () => {
  assert.equal(
    sparkSqlToDuckDb('SELECT `customerName`, "it\'s" AS q FROM `customer trusted` -- keep `this` "comment";\nWHERE x = "a";'),
    'SELECT "customerName", \'it\'\'s\' AS q FROM "customer trusted" -- keep `this` "comment";\nWHERE x = \'a\'',
  );
  // strings, comments and everything else are left alone
  const untouched = "select a, 'x;y' as s /* `b` */ from t where c <> 'd''e'";
  assert.equal(sparkSqlToDuckDb(untouched), untouched);
  assert.equal(sparkSqlToDuckDb('SELECT `a``b` FROM t;;  '), 'SELECT "a`b" FROM t  ');
});

test('Spark SQL: backslash escapes in strings are decoded into DuckDB literals', () => {
  assert.equal(sparkSqlToDuckDb(String.raw`SELECT 'it\'s', 'a\tb', '\\d+', "say \"hi\""`), "SELECT 'it''s', 'a\tb', '\\d+', 'say \"hi\"'");
});

test('converted Spark SQL runs in DuckDB with the meaning Spark gives it', async () => {
  // regexp_extract is the same function in both; Spark's '\\@' is the regex \@
  const spark =
    "SELECT `customerName` AS name, \"yes\" AS consent, regexp_extract(email, '^([a-z])\\\\@', 1) AS initial FROM customer_trusted WHERE `shareWithResearchAsOfDate` IS NOT NULL;";
  assert.deepEqual(await rows(sparkSqlToDuckDb(spark)), [['Ann', 'yes', 'a']]);
  // '\\.' in Spark is the regex \. (a literal dot)
  assert.deepEqual(await rows(sparkSqlToDuckDb(String.raw`SELECT regexp_matches('a.b', '^a\\.b$'), regexp_matches('axb', '^a\\.b$')`)), [[true, false]]);
});

test('an unterminated string is reported at its file position', () => {
  assert.throws(
    () => sparkSqlToDuckDb("SELECT 'abc", { file: 'glue-scripts/job.py', line: 40, column: 12 }),
    (e: unknown) => e instanceof LakehouseError && e.code === 'SqlSyntax' && e.message.startsWith('glue-scripts/job.py:40:19: unterminated string'),
  );
  // in Spark a backslash escapes the quote, so this string never ends
  assert.throws(() => sparkSqlToDuckDb("SELECT 'C:\\'"), /unterminated string/);
});
