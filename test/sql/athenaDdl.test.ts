/**
 * Parsing Athena's ALTER TABLE, SHOW TBLPROPERTIES / VIEWS, UNLOAD, PREPARE / EXECUTE / DEALLOCATE PREPARE, and the
 * Iceberg forms that are refused. Each statement is an example printed in Athena's documentation (the URL above
 * each case; the Athena User Guide, also at github.com/awsdocs/amazon-athena-user-guide, doc_source/*.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LakehouseError } from '../../src/core/errors';
import { bindParameters, parameterTokens } from '../../src/core/sql/dml';
import { refuseTimeTravel } from '../../src/core/sql/iceberg';
import { parseStatement, type ParsedStatement } from '../../src/core/sql/statements';

function alter(text: string): Extract<ParsedStatement, { kind: 'ALTER_TABLE' }>['action'] {
  const s = parseStatement(text);
  assert.equal(s.kind, 'ALTER_TABLE', text);
  return (s as Extract<ParsedStatement, { kind: 'ALTER_TABLE' }>).action;
}

function throwsWith(fn: () => unknown, code: string, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LakehouseError, String(e));
    assert.equal(e.code, code, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

test('ALTER TABLE ADD PARTITION: one, several, with LOCATION, IF NOT EXISTS', () => {
  // https://docs.aws.amazon.com/athena/latest/ug/alter-table-add-partition.html
  const one = alter(`ALTER TABLE orders ADD
  PARTITION (dt = '2016-05-14', country = 'IN');`);
  assert.equal(one.kind, 'ADD_PARTITIONS');
  if (one.kind !== 'ADD_PARTITIONS') return;
  assert.equal(one.ifNotExists, false);
  assert.deepEqual(
    one.partitions.map((p) => p.spec.entries.map((e) => [e.key, e.value])),
    [
      [
        ['dt', '2016-05-14'],
        ['country', 'IN'],
      ],
    ],
  );
  assert.deepEqual(one.partitions[0]!.spec.at, { line: 2, column: 3 });

  const two = alter(`ALTER TABLE orders ADD
  PARTITION (dt = '2016-05-14', country = 'IN')
  PARTITION (dt = '2016-05-15', country = 'IN');`);
  assert.equal(two.kind === 'ADD_PARTITIONS' && two.partitions.length, 2);

  const located = alter(`ALTER TABLE orders ADD
  PARTITION (dt = '2016-05-14', country = 'IN') LOCATION 's3://mystorage/path/to/INDIA_14_May_2016/'
  PARTITION (dt = '2016-05-15', country = 'IN') LOCATION 's3://mystorage/path/to/INDIA_15_May_2016/';`);
  assert.deepEqual(
    located.kind === 'ADD_PARTITIONS' && located.partitions.map((p) => p.location),
    ['s3://mystorage/path/to/INDIA_14_May_2016/', 's3://mystorage/path/to/INDIA_15_May_2016/'],
  );

  const ifNotExists = alter(`ALTER TABLE flights_parquet ADD IF NOT EXISTS
  PARTITION (year = '2021')`);
  assert.equal(ifNotExists.kind === 'ADD_PARTITIONS' && ifNotExists.ifNotExists, true);

  // an unquoted number is a value too ("Enclose partition_col_value in string characters only if … a string")
  const numeric = alter('ALTER TABLE t ADD PARTITION (year = 2021, delta = -3)');
  assert.deepEqual(numeric.kind === 'ADD_PARTITIONS' && numeric.partitions[0]!.spec.entries.map((e) => e.value), ['2021', '-3']);
});

test('ALTER TABLE DROP PARTITION: one, several, IF EXISTS', () => {
  // https://docs.aws.amazon.com/athena/latest/ug/alter-table-drop-partition.html
  const one = alter(`ALTER TABLE orders 
DROP PARTITION (dt = '2014-05-14', country = 'IN');`);
  assert.equal(one.kind === 'DROP_PARTITIONS' && one.partitions.length, 1);
  const two = alter(`ALTER TABLE orders 
DROP PARTITION (dt = '2014-05-14', country = 'IN'), PARTITION (dt = '2014-05-15', country = 'IN');`);
  assert.deepEqual(
    two.kind === 'DROP_PARTITIONS' && two.partitions.map((p) => p.entries.map((e) => e.value)),
    [
      ['2014-05-14', 'IN'],
      ['2014-05-15', 'IN'],
    ],
  );
  assert.equal(alter("ALTER TABLE orders DROP IF EXISTS PARTITION (dt = '2014-05-14')").kind, 'DROP_PARTITIONS');
});

test('ALTER TABLE ADD / REPLACE / CHANGE COLUMNS', () => {
  // https://docs.aws.amazon.com/athena/latest/ug/alter-table-add-columns.html
  assert.deepEqual(alter('ALTER TABLE events ADD COLUMNS (eventowner string)'), {
    kind: 'ADD_COLUMNS',
    columns: [{ name: 'eventowner', type: 'string' }],
    at: { line: 1, column: 20 },
  });
  // with a partition: the local engine keeps no partition schemas
  const partitioned = alter("ALTER TABLE events PARTITION (awsregion='us-west-2') ADD COLUMNS (event string)");
  assert.equal(partitioned.kind === 'REFUSED' && partitioned.reason, 'local');
  // https://docs.aws.amazon.com/athena/latest/ug/alter-table-replace-columns.html
  const replaced = alter(`ALTER TABLE names_cities
REPLACE COLUMNS (first_name string, last_name string, city string)`);
  assert.deepEqual(replaced.kind === 'REPLACE_COLUMNS' && replaced.columns.map((c) => c.name), ['first_name', 'last_name', 'city']);
  // https://docs.aws.amazon.com/athena/latest/ug/alter-table-change-column.html
  assert.deepEqual(alter('ALTER TABLE example_table CHANGE COLUMN area zip int AFTER id'), {
    kind: 'CHANGE_COLUMN',
    column: 'area',
    newColumn: { name: 'zip', type: 'int' },
    place: { after: 'id', at: { line: 1, column: 60 } },
    at: { line: 1, column: 27 },
  });
  assert.deepEqual(alter("ALTER TABLE example_table CHANGE COLUMN zip zip int COMMENT 'USA zipcode'"), {
    kind: 'CHANGE_COLUMN',
    column: 'zip',
    newColumn: { name: 'zip', type: 'int', comment: 'USA zipcode' },
    at: { line: 1, column: 27 },
  });
});

test('ALTER TABLE SET TBLPROPERTIES, SET LOCATION, RENAME PARTITION', () => {
  // https://docs.aws.amazon.com/athena/latest/ug/alter-table-set-tblproperties.html (Hive DDL: "…" is a string)
  assert.deepEqual(alter(`ALTER TABLE orders 
SET TBLPROPERTIES ('notes'="Please don't drop this table.");`), { kind: 'SET_TBLPROPERTIES', properties: { notes: "Please don't drop this table." }, at: { line: 2, column: 1 } });
  const zstd = alter(`ALTER TABLE existing_table 
SET TBLPROPERTIES ('parquet.compression' = 'ZSTD', 'compression_level' = 4)`);
  assert.deepEqual(zstd.kind === 'SET_TBLPROPERTIES' && zstd.properties, { 'parquet.compression': 'ZSTD', compression_level: '4' });
  // https://docs.aws.amazon.com/athena/latest/ug/alter-table-set-location.html
  const located = alter("ALTER TABLE customers PARTITION (zip='98040', state='WA') SET LOCATION 's3://mystorage/custdata/';");
  assert.equal(located.kind === 'SET_LOCATION' && located.location, 's3://mystorage/custdata/');
  assert.deepEqual(located.kind === 'SET_LOCATION' && located.partition?.entries.map((e) => e.key), ['zip', 'state']);
  throwsWith(() => parseStatement("ALTER TABLE t SET LOCATION '/tmp/x'"), 'SqlSyntax', "1:28: LOCATION must be an S3 URI like 's3://bucket/prefix/', not '/tmp/x'");
  // https://docs.aws.amazon.com/athena/latest/ug/alter-table-rename-partition.html
  const renamed = alter(`ALTER TABLE orders 
PARTITION (dt = '2014-05-14', country = 'IN') RENAME TO PARTITION (dt = '2014-05-15', country = 'IN');`);
  assert.deepEqual(renamed.kind === 'RENAME_PARTITION' && renamed.to.entries.map((e) => e.value), ['2014-05-15', 'IN']);
});

test("ALTER TABLE forms Athena does not run on Hive tables are refused with Athena's reason", () => {
  // https://docs.aws.amazon.com/athena/latest/ug/unsupported-ddl.html
  for (const [text, reason] of [
    ['ALTER TABLE t RENAME TO u', 'iceberg-only'],
    ['ALTER TABLE t DROP COLUMN c', 'iceberg-only'],
    ["ALTER TABLE t SET SERDEPROPERTIES ('a'='b')", 'athena'],
    ['ALTER TABLE t TOUCH', 'athena'],
    ["ALTER TABLE t PARTITION (a='1') CHANGE COLUMN c c int", 'athena'],
  ] as const) {
    const a = alter(text);
    assert.equal(a.kind === 'REFUSED' && a.reason, reason, text);
  }
  throwsWith(() => parseStatement('ALTER TABLE t FROB'), 'SqlSyntax', "1:15: expected ADD, DROP, CHANGE, REPLACE COLUMNS, SET TBLPROPERTIES, SET LOCATION or PARTITION after the table name but found 'FROB'");
  throwsWith(() => parseStatement("ALTER TABLE t ADD PARTITION (a = '1', a = '2')"), 'SqlSyntax', "1:39: partition key 'a' is given twice");
});

test('SHOW TBLPROPERTIES, SHOW VIEWS, SHOW CREATE VIEW', () => {
  // https://docs.aws.amazon.com/athena/latest/ug/show-tblproperties.html
  assert.deepEqual(parseStatement('SHOW TBLPROPERTIES orders;'), { kind: 'SHOW_TBLPROPERTIES', table: { name: 'orders' } });
  assert.deepEqual(parseStatement("SHOW TBLPROPERTIES orders('comment');"), { kind: 'SHOW_TBLPROPERTIES', table: { name: 'orders' }, property: 'comment' });
  // https://docs.aws.amazon.com/athena/latest/ug/show-views.html
  assert.deepEqual(parseStatement('SHOW VIEWS;'), { kind: 'SHOW_VIEWS' });
  assert.deepEqual(parseStatement("SHOW VIEWS IN marketing_analytics LIKE 'orders*'"), { kind: 'SHOW_VIEWS', database: 'marketing_analytics', pattern: 'orders*' });
  // https://docs.aws.amazon.com/athena/latest/ug/show-create-view.html
  assert.deepEqual(parseStatement('SHOW CREATE VIEW orders_by_date'), { kind: 'SHOW_CREATE_VIEW', view: { name: 'orders_by_date' } });
});

test('UNLOAD: the query, the location, the properties', () => {
  // https://docs.aws.amazon.com/athena/latest/ug/unload.html
  const json = parseStatement(`UNLOAD (SELECT * FROM old_table) 
TO 's3://DOC-EXAMPLE-BUCKET/unload_test_1/' 
WITH (format = 'JSON')`);
  assert.equal(json.kind, 'UNLOAD');
  if (json.kind !== 'UNLOAD') return;
  assert.equal(json.query, 'SELECT * FROM old_table');
  assert.equal(json.queryOffset, 8);
  assert.equal(json.location, 's3://DOC-EXAMPLE-BUCKET/unload_test_1/');
  assert.deepEqual(json.properties, { format: 'JSON' });
  assert.deepEqual(json.locationAt, { line: 2, column: 4 });
  const parquet = parseStatement(`UNLOAD (SELECT * FROM old_table) 
TO 's3://DOC-EXAMPLE-BUCKET/' 
WITH (format = 'PARQUET',compression = 'SNAPPY')`);
  assert.deepEqual(parquet.kind === 'UNLOAD' && parquet.properties, { format: 'PARQUET', compression: 'SNAPPY' });
  const text = parseStatement(`UNLOAD (SELECT name1, address1, comment1, key1 FROM table1) 
TO 's3://DOC-EXAMPLE-BUCKET/ partitioned/' 
WITH (format = 'TEXTFILE', partitioned_by = ARRAY['key1'])`);
  assert.deepEqual(text.kind === 'UNLOAD' && text.properties, { format: 'TEXTFILE', partitioned_by: ['key1'] });
  const zstd = parseStatement(`UNLOAD (SELECT * FROM old_table) 
TO 's3://DOC-EXAMPLE-BUCKET/' 
WITH (format = 'PARQUET', compression = 'ZSTD', compression_level = 4)`);
  assert.deepEqual(zstd.kind === 'UNLOAD' && zstd.properties, { format: 'PARQUET', compression: 'ZSTD', compression_level: '4' });
  // a parenthesis inside the query does not end it
  const nested = parseStatement("UNLOAD (SELECT (1 + 2) AS x FROM t WHERE y IN (SELECT 1)) TO 's3://b/p' WITH (format = 'JSON')");
  assert.equal(nested.kind === 'UNLOAD' && nested.query, 'SELECT (1 + 2) AS x FROM t WHERE y IN (SELECT 1)');
  assert.equal(nested.kind === 'UNLOAD' && nested.location, 's3://b/p/');
  throwsWith(() => parseStatement("UNLOAD (SELECT 1 TO 's3://b/'"), 'SqlSyntax', "1:8: the query of UNLOAD is not closed (missing ')')");
  throwsWith(() => parseStatement("UNLOAD (SELECT 1) TO 'file:///etc/' WITH (format = 'JSON')"), 'SqlSyntax', "1:22: UNLOAD's TO must be an S3 URI like 's3://bucket/prefix/', not 'file:///etc/'");
});

test('PREPARE, EXECUTE … USING, DEALLOCATE PREPARE', () => {
  // https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
  const select = parseStatement(`PREPARE my_select2 FROM
SELECT * FROM "my_database"."my_table" WHERE year = ?`);
  assert.deepEqual(select, {
    kind: 'PREPARE',
    name: 'my_select2',
    statement: 'SELECT * FROM "my_database"."my_table" WHERE year = ?',
    statementOffset: 24,
    statementKind: 'QUERY',
  });
  const insert = parseStatement(`PREPARE my_insert FROM
INSERT INTO cities_usa (city, state)
SELECT city, state
FROM cities_world
WHERE country = ?`);
  assert.equal(insert.kind === 'PREPARE' && insert.statementKind, 'INSERT');
  const unload = parseStatement(`PREPARE my_unload FROM
UNLOAD (SELECT * FROM table1 WHERE productid < ?)
TO 's3://my_output_bucket/'
WITH (format='PARQUET')`);
  assert.equal(unload.kind === 'PREPARE' && unload.statementKind, 'UNLOAD');
  throwsWith(() => parseStatement('PREPARE p FROM DROP TABLE t'), 'SqlSyntax', "1:16: PREPARE takes a SELECT, CREATE TABLE AS, INSERT INTO or UNLOAD statement, not 'DROP'");

  assert.deepEqual(parseStatement('EXECUTE my_select1'), { kind: 'EXECUTE', name: 'my_select1', parameters: [], at: { line: 1, column: 1 } });
  assert.deepEqual(parseStatement('EXECUTE my_select3 USING 346078, 12'), {
    kind: 'EXECUTE',
    name: 'my_select3',
    parameters: [
      { sql: '346078', at: { line: 1, column: 26 } },
      { sql: '12', at: { line: 1, column: 34 } },
    ],
    at: { line: 1, column: 1 },
  });
  const typed = parseStatement("EXECUTE p USING 'usa', -1.5, DATE '2020-01-01', TRUE, NULL");
  assert.deepEqual(typed.kind === 'EXECUTE' && typed.parameters.map((p) => p.sql), ["'usa'", '-1.5', "DATE '2020-01-01'", 'TRUE', 'NULL']);
  throwsWith(() => parseStatement('EXECUTE p USING lower(x)'), 'SqlUnsupported', /^1:17: EXECUTE … USING takes literal values .* not 'lower'$/);
  assert.deepEqual(parseStatement('DEALLOCATE PREPARE my_select1'), { kind: 'DEALLOCATE', name: 'my_select1' });
});

test("EXECUTE's values stay values: a quote, a semicolon or a comment in one cannot end it", () => {
  const text = "SELECT * FROM t WHERE a = ? AND b = '?' AND \"?\" = ? -- ?\nAND c < ?";
  // a ? inside a string, a quoted name or a comment is not a parameter
  assert.equal(parameterTokens(text).length, 3);
  const at = { line: 1, column: 1 };
  const values = (sqls: string[]) => sqls.map((sql) => ({ sql, at }));
  const hostile = parseStatement("EXECUTE p USING 'x''; COPY t TO ''/tmp/out.csv''; --', 'O''Reilly', -5");
  assert.equal(hostile.kind, 'EXECUTE');
  if (hostile.kind !== 'EXECUTE') return;
  const bound = bindParameters(text, hostile.parameters, at);
  assert.equal(bound, "SELECT * FROM t WHERE a = 'x''; COPY t TO ''/tmp/out.csv''; --' AND b = '?' AND \"?\" = 'O''Reilly' -- ?\nAND c < (-5)");
  // the bound text is still one statement, with the hostile text inside one string literal
  assert.equal(parseStatement(bound).kind, 'QUERY');
  throwsWith(() => bindParameters(text, values(["'a'"]), { line: 3, column: 1 }), 'SqlError', 'Incorrect number of parameters: expected 3 but found 1');
});

test('Iceberg: CREATE TABLE with table_type ICEBERG and time travel are refused, naming the table', () => {
  // https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
  const iceberg = `CREATE TABLE iceberg_table (
  id int,
  data string,
  category string) 
PARTITIONED BY (category, bucket(16,id)) 
LOCATION 's3://DOC-EXAMPLE-BUCKET/iceberg-folder' 
TBLPROPERTIES ( 'table_type' = 'ICEBERG' )`;
  throwsWith(
    () => parseStatement(iceberg, { defaultDatabase: 'shop' }),
    'SqlUnsupported',
    'shop.iceberg_table is an Iceberg table: Iceberg tables are not supported by the local engine (Athena has them)',
  );
  assert.throws(() => parseStatement(iceberg, { line: 4 }), (e: unknown) => e instanceof LakehouseError && e.detail.line === 4 && e.detail.column === 14);
  // https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-table-data.html (time travel)
  assert.throws(
    () => refuseTimeTravel("SELECT * FROM iceberg_table FOR TIMESTAMP AS OF (current_timestamp - interval '1' day)"),
    (e: unknown) =>
      e instanceof LakehouseError &&
      e.message === 'iceberg_table is read with FOR TIMESTAMP AS OF (time travel), so it is an Iceberg table: Iceberg tables are not supported by the local engine (Athena has them)' &&
      e.detail.column === 29,
  );
  assert.throws(() => refuseTimeTravel('SELECT * FROM "db"."t" FOR VERSION AS OF 949530903748831860'), /db\.t is read with FOR VERSION AS OF/);
  // FOR elsewhere is not time travel
  refuseTimeTravel("SELECT substring('abc' FROM 1 FOR 2)");
  // UPDATE, DELETE, MERGE, OPTIMIZE, VACUUM name their table
  for (const [text, keyword] of [
    ["UPDATE t SET a = 1 WHERE b = 'x'", 'UPDATE'],
    ['DELETE FROM db.t WHERE a = 1', 'DELETE FROM'],
    ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE', 'MERGE INTO'],
    ['OPTIMIZE t REWRITE DATA USING BIN_PACK', 'OPTIMIZE'],
    ['VACUUM t', 'VACUUM'],
  ] as const) {
    const s = parseStatement(text);
    assert.equal(s.kind === 'ICEBERG_DML' && s.keyword, keyword, text);
  }
});
