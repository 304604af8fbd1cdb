import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  duckDbTypeToAthena,
  duckDbTypeToHive,
  hiveTypeToDuckDb,
  normalizeHiveType,
  parseHiveType,
} from '../../src/core/sql/types';
import { LakehouseError } from '../../src/core/errors';

let instance: DuckDBInstance;
let conn: DuckDBConnection;

before(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false' });
  conn = await instance.connect();
});

after(() => {
  conn.closeSync();
  instance.closeSync();
});

/** the type string DuckDB reports for a result column computed by `expr` */
async function duckTypeOf(expr: string): Promise<string> {
  const result = await conn.stream(`SELECT ${expr} AS v`);
  return String(result.columnTypes()[0]);
}

test('Hive types parse in any case and spacing into canonical lower-case text', () => {
  const cases: [string, string][] = [
    ['STRING', 'string'],
    ['varchar(10)', 'varchar(10)'],
    ['Char( 3 )', 'char(3)'],
    ['int', 'int'],
    ['INTEGER', 'int'],
    ['bigint', 'bigint'],
    ['smallint', 'smallint'],
    ['tinyint', 'tinyint'],
    ['float', 'float'],
    ['double', 'double'],
    ['DOUBLE PRECISION', 'double'],
    ['decimal(10, 2)', 'decimal(10,2)'],
    ['decimal', 'decimal(10,0)'],
    ['decimal(5)', 'decimal(5,0)'],
    ['boolean', 'boolean'],
    ['date', 'date'],
    ['TIMESTAMP', 'timestamp'],
    ['binary', 'binary'],
    ['array < int >', 'array<int>'],
    ['map<STRING, BigInt>', 'map<string,bigint>'],
    ['struct<A:int, b : string>', 'struct<a:int,b:string>'],
    ['ARRAY<STRUCT<a:INT,b:STRING>>', 'array<struct<a:int,b:string>>'],
    ['map<string,array<map<int,struct<x:double>>>>', 'map<string,array<map<int,struct<x:double>>>>'],
    ['struct<`user`:string, `first name`:string, timestamp:bigint>', 'struct<user:string,`first name`:string,timestamp:bigint>'],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeHiveType(input), expected, input);
  assert.deepEqual(parseHiveType('map<string,array<int>>'), {
    kind: 'map',
    key: { kind: 'primitive', name: 'string' },
    value: { kind: 'array', element: { kind: 'primitive', name: 'int' } },
  });
});

test('bad Hive types are SqlSyntax errors at the offending position', () => {
  const cases: [string, RegExp, number][] = [
    ['array<int', /^1:10: expected '>' but found end of type/, 10],
    ['strin', /^1:1: unknown column type 'strin'/, 1],
    ['map<string>', /^1:11: expected ',' but found '>'/, 11],
    ['struct<a int>', /^1:10: expected ':' but found 'int'/, 10],
    ['decimal(40,2)', /^1:9: a decimal precision must be between 1 and 38, not 40/, 9],
    ['decimal(5,6)', /^1:11: decimal scale 6 exceeds precision 5/, 11],
    ['map<array<int>,string>', /^1:5: a map key must be a primitive type, not array<int>/, 5],
    ['struct<a:int,a:string>', /^1:14: duplicate struct field 'a'/, 14],
    ['int int', /^1:5: expected end of type but found 'int'/, 5],
    ['', /^1:1: expected a column type but found end of type/, 1],
  ];
  for (const [input, message, column] of cases) {
    assert.throws(
      () => parseHiveType(input),
      (e: unknown) => e instanceof LakehouseError && e.code === 'SqlSyntax' && message.test(e.message) && e.detail.column === column,
      input,
    );
  }
  // positions are file-absolute when the type sits in a file
  assert.throws(
    () => parseHiveType('array<int', { file: 'a.sql', line: 4, column: 20 }),
    (e: unknown) => e instanceof LakehouseError && e.message.startsWith("a.sql:4:29: expected '>'") && e.detail.file === 'a.sql',
  );
});

test('Hive → DuckDB type text', () => {
  const cases: [string, string][] = [
    ['string', 'VARCHAR'],
    ['varchar(10)', 'VARCHAR'],
    ['char(3)', 'VARCHAR'],
    ['int', 'INTEGER'],
    ['integer', 'INTEGER'],
    ['bigint', 'BIGINT'],
    ['smallint', 'SMALLINT'],
    ['tinyint', 'TINYINT'],
    ['float', 'FLOAT'],
    ['double', 'DOUBLE'],
    ['decimal(10,2)', 'DECIMAL(10,2)'],
    ['boolean', 'BOOLEAN'],
    ['date', 'DATE'],
    ['timestamp', 'TIMESTAMP'],
    ['binary', 'BLOB'],
    ['array<struct<a:int,b:string>>', 'STRUCT("a" INTEGER, "b" VARCHAR)[]'],
    ['map<string,bigint>', 'MAP(VARCHAR, BIGINT)'],
    ['array<array<int>>', 'INTEGER[][]'],
    ['struct<`a b`:map<string,array<int>>>', 'STRUCT("a b" MAP(VARCHAR, INTEGER[]))'],
  ];
  for (const [hive, duck] of cases) assert.equal(hiveTypeToDuckDb(hive), duck, hive);
});

test('the DuckDB text of every Hive type is valid DuckDB and maps back to the Hive type', async () => {
  const cases: [string, string][] = [
    ['string', 'string'],
    ['varchar(10)', 'string'],
    ['int', 'int'],
    ['bigint', 'bigint'],
    ['smallint', 'smallint'],
    ['tinyint', 'tinyint'],
    ['float', 'float'],
    ['double', 'double'],
    ['decimal(10,2)', 'decimal(10,2)'],
    ['boolean', 'boolean'],
    ['date', 'date'],
    ['timestamp', 'timestamp'],
    ['binary', 'binary'],
    ['array<struct<a:int,b:string>>', 'array<struct<a:int,b:string>>'],
    ['map<string,bigint>', 'map<string,bigint>'],
    ['struct<`a b`:map<string,array<int>>,c:array<array<double>>>', 'struct<`a b`:map<string,array<int>>,c:array<array<double>>>'],
  ];
  for (const [hive, back] of cases) {
    const reported = await duckTypeOf(`CAST(NULL AS ${hiveTypeToDuckDb(hive)})`);
    assert.equal(duckDbTypeToHive(reported), back, `${hive} → ${reported}`);
  }
});

test('DuckDB result types → Hive catalog types and Athena header names (types as DuckDB reports them)', async () => {
  // expression, Hive column type, Athena type name
  const cases: [string, string, string][] = [
    ["'a'", 'string', 'varchar'],
    ['1::BIGINT', 'bigint', 'bigint'],
    ['1::INTEGER', 'int', 'integer'],
    ['1::SMALLINT', 'smallint', 'smallint'],
    ['1::TINYINT', 'tinyint', 'tinyint'],
    ['1.5::DOUBLE', 'double', 'double'],
    ['1.5::FLOAT', 'float', 'real'],
    ['true', 'boolean', 'boolean'],
    ["DATE '2024-01-02'", 'date', 'date'],
    ["TIMESTAMP '2024-01-02 03:04:05'", 'timestamp', 'timestamp'],
    ["'2024-01-02 03:04:05+00'::TIMESTAMPTZ", 'timestamp', 'timestamp with time zone'],
    ["TIMESTAMP_MS '2024-01-02 03:04:05'", 'timestamp', 'timestamp'],
    ['1.5::DECIMAL(18,3)', 'decimal(18,3)', 'decimal(18,3)'],
    ['1::HUGEINT', 'decimal(38,0)', 'decimal(38,0)'],
    ['1::UBIGINT', 'decimal(20,0)', 'decimal(20,0)'],
    ['1::UINTEGER', 'bigint', 'bigint'],
    ['uuid()', 'string', 'uuid'],
    ["'x'::BLOB", 'binary', 'varbinary'],
    ["TIME '10:00:00'", 'string', 'time'],
    ['INTERVAL 1 DAY', 'string', 'interval day to second'],
    ["['a', 'b']", 'array<string>', 'array(varchar)'],
    ['[[1, 2]]', 'array<array<int>>', 'array(array(integer))'],
    ["{'a': 1, 'b c': 'x'}", 'struct<a:int,`b c`:string>', 'row(a integer, "b c" varchar)'],
    ["{'Mixed': 1}", 'struct<mixed:int>', 'row("Mixed" integer)'],
    ["MAP {'k': 1}", 'map<string,int>', 'map(varchar, integer)'],
    ["[{'a': [1.5]}]", 'array<struct<a:array<decimal(2,1)>>>', 'array(row(a array(decimal(2,1))))'],
    ["'x'::ENUM('x', 'y')", 'string', 'varchar'],
  ];
  for (const [expr, hive, athena] of cases) {
    const reported = await duckTypeOf(expr);
    assert.equal(duckDbTypeToHive(reported), hive, `${expr} (${reported})`);
    assert.equal(duckDbTypeToAthena(reported), athena, `${expr} (${reported})`);
  }
});

test('DuckDB type strings written by hand', () => {
  assert.equal(duckDbTypeToHive('STRUCT(a INTEGER, "b c" VARCHAR)'), 'struct<a:int,`b c`:string>');
  assert.equal(duckDbTypeToHive('TIMESTAMP WITH TIME ZONE'), 'timestamp');
  assert.equal(duckDbTypeToHive('JSON'), 'string');
  assert.equal(duckDbTypeToHive('INTEGER[3]'), 'array<int>');
  assert.equal(duckDbTypeToHive('VARCHAR[]'), 'array<string>');
  assert.equal(duckDbTypeToAthena('JSON'), 'json');
  assert.equal(duckDbTypeToAthena('VARCHAR[]'), 'array(varchar)');
  assert.equal(duckDbTypeToAthena('MAP(VARCHAR, INTEGER)'), 'map(varchar, integer)');
  assert.equal(duckDbTypeToAthena('STRUCT(a INTEGER, b VARCHAR)'), 'row(a integer, b varchar)');
  // the grid never fails on a type it does not know
  assert.equal(duckDbTypeToAthena('GEOMETRY'), 'geometry');
  assert.equal(duckDbTypeToAthena('STRUCT(('), 'struct((');
  assert.throws(() => duckDbTypeToHive('GEOMETRY'), (e: unknown) => e instanceof LakehouseError && e.code === 'InvalidInput' && /GEOMETRY/.test(e.message));
});
