import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { splitStatements, statementAt } from '../../src/core/sql/split';
import { tokenize } from '../../src/core/sql/lexer';
import { LakehouseError } from '../../src/core/errors';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '..', 'fixtures', 'sql', name), 'utf8');

function throwsAt(fn: () => unknown, message: RegExp, line: number, column: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LakehouseError, String(e));
    assert.equal(e.code, 'SqlSyntax');
    assert.match(e.message, message);
    assert.equal(e.detail.line, line, e.message);
    assert.equal(e.detail.column, column, e.message);
    return true;
  });
}

test('tokens carry kind, decoded value, offset, line and column', () => {
  const sql = "SELECT 'it''s', \"a \"\"b\"\"\", `c``d` -- note\n  FROM t1 WHERE x <> 1.5e3 /* block\n */ AND y::int >= .5";
  const tokens = tokenize(sql);
  const brief = tokens.map((t) => [t.kind, t.value, t.line, t.column]);
  assert.deepEqual(brief, [
    ['word', 'SELECT', 1, 1],
    ['string', "it's", 1, 8],
    ['op', ',', 1, 15],
    ['dquoted', 'a "b"', 1, 17],
    ['op', ',', 1, 26],
    ['backtick', 'c`d', 1, 28],
    ['word', 'FROM', 2, 3],
    ['word', 't1', 2, 8],
    ['word', 'WHERE', 2, 11],
    ['word', 'x', 2, 17],
    ['op', '<>', 2, 19],
    ['number', '1.5e3', 2, 22],
    ['word', 'AND', 3, 5],
    ['word', 'y', 3, 9],
    ['op', '::', 3, 10],
    ['word', 'int', 3, 12],
    ['op', '>=', 3, 16],
    ['number', '.5', 3, 19],
  ]);
  const s = tokens[1]!;
  assert.equal(sql.slice(s.offset, s.end), "'it''s'");
  assert.equal(s.text, "'it''s'");
});

test('hive quoting decodes backslash escapes; sql quoting keeps backslashes', () => {
  const sql = String.raw`'a\tb' 'it\'s' '\\d+' '\u0041\001' "x\"y" 'it''s' '\%'`;
  assert.deepEqual(
    tokenize(sql, { quoting: 'hive' }).map((t) => t.value),
    ['a\tb', "it's", '\\d+', 'A\u0001', 'x"y', "it's", '\\%'],
  );
  assert.deepEqual(tokenize(String.raw`'a\tb' 'C:\'`).map((t) => t.value), ['a\\tb', 'C:\\']);
});

test('a digit run followed by letters is a word (Hive allows 2020_sales)', () => {
  assert.deepEqual(
    tokenize('2020_sales 12 1e5').map((t) => [t.kind, t.value]),
    [
      ['word', '2020_sales'],
      ['number', '12'],
      ['number', '1e5'],
    ],
  );
});

test('splits a file: semicolons in strings, identifiers and comments do not split; positions point at the first token', () => {
  const sql = fixture('stedi_landing.sql');
  const statements = splitStatements(sql, 'sql/stedi_landing.sql');
  assert.equal(statements.length, 4);
  assert.deepEqual(
    statements.map((s) => [s.line, s.column]),
    [
      [2, 1],
      [5, 1],
      [21, 4],
      [25, 1],
    ],
  );
  assert.equal(statements[0]!.text, "CREATE DATABASE IF NOT EXISTS stedi COMMENT 'STEDI; human balance'");
  assert.equal(statements[0]!.offset, sql.indexOf('CREATE DATABASE'));
  assert.ok(statements[1]!.text.startsWith('CREATE EXTERNAL TABLE IF NOT EXISTS stedi.customer_landing ('));
  assert.ok(statements[1]!.text.endsWith("LOCATION 's3://stedi-lakehouse/customer/landing/'"));
  assert.equal(statements[2]!.offset, sql.indexOf('create external'));
  assert.ok(statements[2]!.text.endsWith("location 's3://stedi-lakehouse/accelerometer/landing'"));
  assert.equal(statements[3]!.text, 'SELECT count(*) AS "rows; total" FROM stedi.customer_landing');
  for (const s of statements) assert.equal(sql.slice(s.offset, s.end), s.text);
});

test('comment markers inside strings and identifiers are text, and ; inside comments does not split', () => {
  const sql = "select '--not a comment;', `a;b`, \"/*;*/\" from t -- c;\n; select '/*' /* ; */ ; select 3";
  assert.deepEqual(
    splitStatements(sql).map((s) => s.text),
    ["select '--not a comment;', `a;b`, \"/*;*/\" from t", "select '/*'", 'select 3'],
  );
});

test('empty statements and comment-only text give no statements', () => {
  assert.deepEqual(splitStatements(';;  ; -- nothing\n/* ; */ ;'), []);
  assert.deepEqual(splitStatements(''), []);
  const [only] = splitStatements(';\n\n  select 1 ;;');
  assert.deepEqual(only, { text: 'select 1', offset: 5, line: 3, column: 3, end: 13 });
});

test('unterminated string, identifier and comment are reported at their opening quote', () => {
  throwsAt(() => splitStatements("select 1;\nselect 'abc;\nselect 2;", 'q.sql'), /^q\.sql:2:8: unterminated string/, 2, 8);
  throwsAt(() => splitStatements('select 1 /* never closed; select 2', 'q.sql'), /^q\.sql:1:10: unterminated block comment/, 1, 10);
  throwsAt(() => splitStatements('select\n  "col;\nfrom t'), /^2:3: unterminated quoted identifier/, 2, 3);
  throwsAt(() => splitStatements('select `x from t'), /^1:8: unterminated quoted identifier/, 1, 8);
  // a doubled quote does not close a string
  throwsAt(() => splitStatements("select 'it''s;"), /unterminated string/, 1, 8);
});

test('statementAt picks the statement under the cursor, else the nearest before', () => {
  const sql = '-- header\nSELECT 1;\n\nSELECT 2\n  FROM t;  -- tail\n\n\nSELECT 3';
  const at = (needle: string, delta = 0): string | undefined => statementAt(sql, sql.indexOf(needle) + delta)?.text;
  assert.equal(at('header'), 'SELECT 1'); // before every statement: the first one
  assert.equal(at('SELECT 1'), 'SELECT 1');
  assert.equal(at('SELECT 1', 8), 'SELECT 1'); // on the ';'
  assert.equal(at('SELECT 1', 9), 'SELECT 1'); // just after it
  assert.equal(at('SELECT 2', 3), 'SELECT 2\n  FROM t');
  assert.equal(at('FROM t'), 'SELECT 2\n  FROM t');
  assert.equal(at('tail'), 'SELECT 2\n  FROM t');
  assert.equal(at('SELECT 3', 8), 'SELECT 3');
  assert.equal(statementAt('  -- only a comment', 3), undefined);
});

test('statementAt still finds statements before a broken one, and reports the broken one', () => {
  const sql = "SELECT 1;\nSELECT 2;\nSELECT 'oops";
  assert.equal(statementAt(sql, 2)?.text, 'SELECT 1');
  assert.equal(statementAt(sql, sql.indexOf('SELECT 2'))?.text, 'SELECT 2');
  throwsAt(() => statementAt(sql, sql.indexOf("'oops")), /unterminated string/, 3, 8);
  throwsAt(() => statementAt(sql, sql.indexOf('SELECT \'')), /unterminated string/, 3, 8);
  // the broken statement starts before its string
  const sql2 = "SELECT 1;\nSELECT a,\n 'oops";
  throwsAt(() => statementAt(sql2, sql2.indexOf('a,')), /unterminated string/, 3, 2);
  assert.equal(statementAt(sql2, 3)?.text, 'SELECT 1');
});

test("statement boundaries as DuckDB reads them: E'' strings, dollar quotes, nested comments, -- ended by \\r", () => {
  const texts = (sql: string) => splitStatements(sql).map((s) => s.text);
  // E'\'' is one quote: the ; after it ends the statement (a plain '\'' would run on to the next quote)
  assert.deepEqual(texts("SELECT E'\\'' AS a; SELECT 2 --'"), ["SELECT E'\\'' AS a", 'SELECT 2']);
  assert.deepEqual(texts("SELECT e'it''s \\\\' ; SELECT 2"), ["SELECT e'it''s \\\\'", 'SELECT 2']);
  assert.deepEqual(texts("SELECT '\\'; SELECT 2 --'"), ["SELECT '\\'", 'SELECT 2']);
  assert.deepEqual(texts("SELECT $$'$$ AS a; SELECT 2 --'"), ["SELECT $$'$$ AS a", 'SELECT 2']);
  assert.deepEqual(texts('SELECT $tag$ ; $x$ ; $tag$ AS a; SELECT 2'), ['SELECT $tag$ ; $x$ ; $tag$ AS a', 'SELECT 2']);
  // a $ inside a name is part of it; $1 is a parameter
  assert.deepEqual(texts('SELECT a$$b; SELECT $1'), ['SELECT a$$b', 'SELECT $1']);
  assert.deepEqual(texts('SELECT 1 /* a /* b */ ; */ ; SELECT 2'), ['SELECT 1', 'SELECT 2']);
  assert.deepEqual(texts('SELECT 1 --x\r; SELECT 2'), ['SELECT 1', 'SELECT 2']);
  const tokens = tokenize("E'a\\tb\\x41\\101''' $q$it's$q$ $$$$");
  assert.deepEqual(tokens.map((t) => [t.kind, t.value]), [['string', "a\tbAA'"], ['string', "it's"], ['string', '']]);
  throwsAt(() => tokenize('SELECT $$abc'), /unterminated dollar-quoted string \(missing closing \$\$\)/, 1, 8);
  throwsAt(() => tokenize("SELECT E'abc\\'"), /unterminated string/, 1, 8);
  throwsAt(() => tokenize('SELECT /* /* */ 1'), /unterminated block comment/, 1, 8);
});

test('hive quoting (DDL, Spark SQL) keeps its own rules: no E strings, no dollar quotes, comments do not nest', () => {
  assert.deepEqual(tokenize("E'x'", { quoting: 'hive' }).map((t) => t.kind), ['word', 'string']);
  assert.deepEqual(tokenize('$$', { quoting: 'hive' }).map((t) => t.kind), ['op', 'op']);
  assert.deepEqual(tokenize('/* /* */ x', { quoting: 'hive' }).map((t) => t.value), ['x']);
});
