import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseStatement, type ParsedStatement } from '../../src/core/sql/statements';
import { splitStatements } from '../../src/core/sql/split';
import { LakehouseError } from '../../src/core/errors';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '..', 'fixtures', 'sql', name), 'utf8');

function fails(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LakehouseError, String(e));
    assert.equal(e.code, 'SqlSyntax');
    assert.equal(e.message, message);
    return true;
  });
}

test('queries are passed through whole', () => {
  for (const q of ['SELECT 1', 'with a as (select 1) select * from a', 'VALUES (1), (2)', 'TABLE stedi.t', '(SELECT 1) UNION ALL (SELECT 2)']) {
    assert.deepEqual(parseStatement(q), { kind: 'QUERY', query: q });
  }
  assert.deepEqual(parseStatement('  -- why\n  SELECT 1;'), { kind: 'QUERY', query: '  -- why\n  SELECT 1' });
});

test('EXPLAIN gives the inner query and its offset', () => {
  const text = 'EXPLAIN ANALYZE SELECT * FROM t';
  const s = parseStatement(text);
  assert.deepEqual(s, { kind: 'EXPLAIN', analyze: true, options: {}, query: 'SELECT * FROM t', queryOffset: 16 });
  assert.deepEqual(parseStatement('explain (type distributed, format json) select 1'), {
    kind: 'EXPLAIN',
    analyze: false,
    options: { type: 'DISTRIBUTED', format: 'JSON' },
    query: 'select 1',
    queryOffset: 40,
  });
  assert.deepEqual(parseStatement('EXPLAIN (SELECT 1)'), { kind: 'EXPLAIN', analyze: false, options: {}, query: '(SELECT 1)', queryOffset: 8 });
});

test('CTAS: properties, arrays, WITH NO DATA, and the query offset', () => {
  const text = `CREATE TABLE IF NOT EXISTS stedi."Customer_Curated"
WITH (Format = 'PARQUET', external_location = 's3://b/customer/curated/', partitioned_by = ARRAY['a', 'b'], bucket_count = 4, is_external = true)
AS SELECT DISTINCT c.* FROM customer_trusted c WHERE c.note = 'with data'
WITH NO DATA`;
  const s = parseStatement(text);
  assert.equal(s.kind, 'CTAS');
  if (s.kind !== 'CTAS') return;
  assert.deepEqual(s.table, { database: 'stedi', name: 'customer_curated' });
  assert.equal(s.ifNotExists, true);
  assert.deepEqual(s.properties, {
    format: 'PARQUET',
    external_location: 's3://b/customer/curated/',
    partitioned_by: ['a', 'b'],
    bucket_count: '4',
    is_external: 'true',
  });
  assert.equal(s.query, "SELECT DISTINCT c.* FROM customer_trusted c WHERE c.note = 'with data'");
  assert.equal(s.queryOffset, text.indexOf('SELECT DISTINCT'));
  assert.equal(text.slice(s.queryOffset, s.queryOffset + s.query.length), s.query);
  assert.equal(s.withData, false);

  const plain = parseStatement('create table t as (select 1 as x) with data;');
  assert.deepEqual(plain, { kind: 'CTAS', table: { name: 't' }, ifNotExists: false, properties: {}, query: '(select 1 as x)', queryOffset: 18, withData: true });
  // a query ending in a column called "data" is not a WITH DATA clause
  const cte = parseStatement('CREATE TABLE t AS WITH data AS (SELECT 1) SELECT * FROM data');
  assert.equal(cte.kind === 'CTAS' && cte.query, 'WITH data AS (SELECT 1) SELECT * FROM data');
});

test('CREATE EXTERNAL TABLE goes to the DDL parser with the default database', () => {
  const s = parseStatement("CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET LOCATION 's3://b/t'", { defaultDatabase: 'stedi' });
  assert.equal(s.kind, 'CREATE_TABLE');
  if (s.kind !== 'CREATE_TABLE') return;
  assert.equal(s.table.database, 'stedi');
  assert.equal(s.table.storage.location, 's3://b/t/');
  assert.equal(s.ifNotExists, false);
  // Hive quoting for DDL: a backslash-escaped quote inside a comment
  const hive = parseStatement("CREATE EXTERNAL TABLE t (a int COMMENT 'it\\'s') LOCATION 's3://b/t/'");
  assert.equal(hive.kind === 'CREATE_TABLE' && hive.table.storage.columns[0]!.comment, "it's");
});

test('INSERT INTO with and without a column list', () => {
  assert.deepEqual(parseStatement('INSERT INTO stedi.T (A, "b") SELECT 1, 2'), {
    kind: 'INSERT',
    table: { database: 'stedi', name: 't' },
    columns: ['a', 'b'],
    query: 'SELECT 1, 2',
    queryOffset: 29,
  });
  assert.deepEqual(parseStatement('insert into t (select 1)'), { kind: 'INSERT', table: { name: 't' }, query: '(select 1)', queryOffset: 14 });
  assert.deepEqual(parseStatement('insert into t values (1)'), { kind: 'INSERT', table: { name: 't' }, query: 'values (1)', queryOffset: 14 });
});

test('DDL and metadata statements', () => {
  const cases: [string, ParsedStatement][] = [
    ['DROP TABLE IF EXISTS stedi.`Customer_Trusted`', { kind: 'DROP_TABLE', table: { database: 'stedi', name: 'customer_trusted' }, ifExists: true }],
    ['drop table t', { kind: 'DROP_TABLE', table: { name: 't' }, ifExists: false }],
    ['DROP DATABASE IF EXISTS stedi CASCADE', { kind: 'DROP_DATABASE', name: 'stedi', ifExists: true, cascade: true }],
    ['DROP SCHEMA stedi RESTRICT', { kind: 'DROP_DATABASE', name: 'stedi', ifExists: false, cascade: false }],
    [
      "CREATE DATABASE IF NOT EXISTS Stedi COMMENT 'STEDI lake' LOCATION 's3://b/' WITH DBPROPERTIES ('creator'='me', 'team'='data')",
      { kind: 'CREATE_DATABASE', database: { name: 'stedi', description: 'STEDI lake', locationUri: 's3://b/' }, ifNotExists: true, properties: { creator: 'me', team: 'data' } },
    ],
    ['create schema s', { kind: 'CREATE_DATABASE', database: { name: 's' }, ifNotExists: false, properties: {} }],
    ['SHOW DATABASES', { kind: 'SHOW_DATABASES' }],
    ["SHOW SCHEMAS LIKE 'st*'", { kind: 'SHOW_DATABASES', pattern: 'st*' }],
    ['SHOW TABLES', { kind: 'SHOW_TABLES' }],
    ["SHOW TABLES IN stedi 'customer*'", { kind: 'SHOW_TABLES', database: 'stedi', pattern: 'customer*' }],
    ['SHOW COLUMNS FROM stedi.t', { kind: 'SHOW_COLUMNS', table: { database: 'stedi', name: 't' } }],
    ['SHOW COLUMNS IN t IN stedi', { kind: 'SHOW_COLUMNS', table: { database: 'stedi', name: 't' } }],
    ['DESCRIBE stedi.t', { kind: 'DESCRIBE', table: { database: 'stedi', name: 't' } }],
    ['describe formatted t', { kind: 'DESCRIBE', table: { name: 't' }, mode: 'FORMATTED' }],
    ['DESC EXTENDED t col1', { kind: 'DESCRIBE', table: { name: 't' }, mode: 'EXTENDED', column: 'col1' }],
    ['DESCRIBE formatted', { kind: 'DESCRIBE', table: { name: 'formatted' } }],
    ['SHOW CREATE TABLE `stedi`.`t`', { kind: 'SHOW_CREATE_TABLE', table: { database: 'stedi', name: 't' } }],
    ['SHOW PARTITIONS t', { kind: 'SHOW_PARTITIONS', table: { name: 't' } }],
    ['MSCK REPAIR TABLE awsdatacatalog.stedi.t', { kind: 'MSCK_REPAIR', table: { database: 'stedi', name: 't' } }],
    ['USE Stedi', { kind: 'USE', database: 'stedi' }],
    ['CREATE OR REPLACE VIEW v AS SELECT 1', { kind: 'CREATE_VIEW', view: { name: 'v' }, orReplace: true, query: 'SELECT 1', queryOffset: 28 }],
    ["CREATE VIEW s.v COMMENT 'x' AS (SELECT 1)", { kind: 'CREATE_VIEW', view: { database: 's', name: 'v' }, orReplace: false, comment: 'x', query: '(SELECT 1)', queryOffset: 31 }],
    ['DROP VIEW IF EXISTS v', { kind: 'DROP_VIEW', view: { name: 'v' }, ifExists: true }],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseStatement(text), expected, text);
});

test('statements the local engine does not run are UNSUPPORTED with their keyword', () => {
  const cases: [string, string][] = [
    ['alter database d set dbproperties', 'ALTER DATABASE'],
    ['ALTER VIEW v AS SELECT 1', 'ALTER VIEW'],
    ['INSERT OVERWRITE TABLE t SELECT 1', 'INSERT OVERWRITE'],
    ['CREATE FUNCTION f', 'CREATE FUNCTION'],
    ['GRANT SELECT ON t TO u', 'GRANT'],
  ];
  for (const [text, keyword] of cases) assert.deepEqual(parseStatement(text), { kind: 'UNSUPPORTED', keyword }, text);
});

test('syntax errors carry file-absolute positions and say what was expected', () => {
  fails(() => parseStatement('SELEC 1', { file: 'q.sql', line: 3, column: 5 }), "q.sql:3:5: expected a statement (SELECT, WITH, CREATE, INSERT, DROP, SHOW, DESCRIBE, MSCK, USE, EXPLAIN …) but found 'SELEC'");
  fails(() => parseStatement('DROP TABLE'), '1:11: expected a table name but found end of statement');
  fails(() => parseStatement('DROP TABLE a b'), "1:14: expected end of statement but found 'b'");
  fails(
    () => parseStatement("CREATE TABLE t WITH (format = 'PARQUET'\nAS SELECT 1", { file: 'c.sql', line: 10, column: 3 }),
    "c.sql:11:1: expected ')' but found 'AS'",
  );
  fails(() => parseStatement('CREATE TABLE t AS'), '1:18: expected a query (SELECT, WITH, VALUES …) after AS');
  fails(() => parseStatement('CREATE TABLE t AS WITH NO DATA'), "1:19: expected a query (SELECT, WITH, VALUES …) after AS");
  fails(() => parseStatement("CREATE TABLE t WITH (p = ARRAY[1, x]) AS SELECT 1"), "1:35: expected a string in ARRAY[…] of 'p' but found 'x'");
  fails(() => parseStatement('INSERT INTO t'), '1:14: expected a query (SELECT, WITH, VALUES …) to insert into t but found end of statement');
  fails(() => parseStatement('CREATE EXTERNAL TABLE t AS SELECT 1'), '1:8: CREATE EXTERNAL TABLE … AS is not supported; write CREATE TABLE … WITH (external_location = …) AS SELECT …');
  fails(() => parseStatement('SHOW COLUMNS FROM a.t IN b'), "1:26: table a.t is named with database 'a', not 'b'");
  fails(() => parseStatement('USE a.b'), "1:7: 'a.b' is not a database name");
  fails(() => parseStatement('SHOW TABLES FROM x.y.z'), "1:18: unknown catalog 'x' (only awsdatacatalog is known)");
  fails(() => parseStatement('MSCK REPAIR t'), "1:13: expected TABLE but found 't'");
  fails(() => parseStatement('   -- nothing'), '1:1: expected a statement but found nothing');
  fails(() => parseStatement("DROP TABLE 'x'"), "1:12: expected a table name but found 'x'");
});

test('a whole DDL file: split, then classify each statement at its file position', () => {
  const file = 'sql/stedi_landing.sql';
  const statements = splitStatements(fixture('stedi_landing.sql'), file);
  const parsed = statements.map((s) => parseStatement(s.text, { file, line: s.line, column: s.column }));
  assert.deepEqual(
    parsed.map((p) => p.kind),
    ['CREATE_DATABASE', 'CREATE_TABLE', 'CREATE_TABLE', 'QUERY'],
  );
  const db = parsed[0]!;
  assert.equal(db.kind === 'CREATE_DATABASE' && db.database.description, 'STEDI; human balance');
  const accelerometer = parsed[2]!;
  assert.ok(accelerometer.kind === 'CREATE_TABLE');
  assert.deepEqual(
    accelerometer.table.storage.columns.map((c) => `${c.name}:${c.type}`),
    ['user:string', 'timestamp:bigint', 'x:float', 'y:float', 'z:float'],
  );
  assert.equal(accelerometer.table.storage.location, 's3://stedi-lakehouse/accelerometer/landing/');

  // the same file with a typo on line 22: the error points into the file, not into the statement
  const broken = fixture('stedi_landing.sql').replace('   row format serde', '   row formt serde');
  const s = splitStatements(broken, file)[2]!;
  fails(
    () => parseStatement(s.text, { file, line: s.line, column: s.column }),
    "sql/stedi_landing.sql:22:4: expected COMMENT, PARTITIONED BY, ROW FORMAT, STORED AS, LOCATION, TBLPROPERTIES or end of statement but found 'row'",
  );
  // and on the statement's first line (which starts at column 4), columns are file columns: `bigin` is at column 82
  const typo = fixture('stedi_landing.sql').replace('`timestamp` bigint', '`timestamp` bigin');
  const t = splitStatements(typo, file)[2]!;
  assert.throws(
    () => parseStatement(t.text, { file, line: t.line, column: t.column }),
    (e: unknown) => e instanceof LakehouseError && e.detail.line === 21 && e.detail.column === 82 && e.message.startsWith("sql/stedi_landing.sql:21:82: unknown column type 'bigin'"),
  );
});
