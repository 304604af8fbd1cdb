// What the SQL editor reads from a statement (src/extension/sql/sqlScope.ts): its tables and aliases, WITH names,
// qualified columns; what the cursor is completing; and the names the catalog does not have. The catalog here is
// the STEDI one, written out by hand from sql/*.sql (a few columns).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completionSite, statementScope, unknownNames, type CatalogIndex } from '../../src/extension/sql/sqlScope';

const CATALOG: CatalogIndex = {
  databases: new Set(['stedi']),
  tables: new Map([
    ['stedi.customer_landing', [{ name: 'customername', type: 'string' }, { name: 'email', type: 'string' }]],
    ['stedi.customer_trusted', [{ name: 'customername', type: 'string' }, { name: 'email', type: 'string' }]],
  ]),
};

describe('the tables and columns a statement names', () => {
  test('FROM and JOIN items with their aliases; WITH names; qualified columns', () => {
    const sql = 'WITH recent AS (SELECT 1 AS n) SELECT c.email, t.customername FROM stedi.customer_landing c JOIN customer_trusted AS t ON c.email = t.email CROSS JOIN recent';
    const s = statementScope(sql);
    assert.deepEqual(s.tables.map((t) => [t.database ?? '', t.name, t.alias ?? '']), [
      ['stedi', 'customer_landing', 'c'],
      ['', 'customer_trusted', 't'],
      ['', 'recent', ''],
    ]);
    assert.deepEqual([...s.ctes], ['recent']);
    assert.deepEqual(s.columns.map((c) => `${c.qualifier}.${c.column}`), ['c.email', 't.customername', 'c.email', 't.email']);
    assert.equal(sql.slice(s.tables[0]!.start, s.tables[0]!.end), 'customer_landing');
  });

  test('subqueries and UNNEST are not tables', () => {
    const s = statementScope('SELECT x FROM (SELECT 1 AS x) q, UNNEST(ARRAY[1, 2]) AS u(x)');
    assert.deepEqual(s.tables, []);
  });
});

describe('what the cursor completes', () => {
  test('after FROM, JOIN, a comma among FROM items: tables; after db.: its tables; after alias.: its columns', () => {
    assert.deepEqual(completionSite('SELECT * FROM '), { kind: 'table' });
    assert.deepEqual(completionSite('SELECT * FROM a JOIN cu'), { kind: 'table' });
    assert.deepEqual(completionSite('SELECT * FROM a, '), { kind: 'table' });
    assert.deepEqual(completionSite('SELECT * FROM stedi.cus'), { kind: 'tableOf', database: 'stedi' });
    assert.deepEqual(completionSite('SELECT c.'), { kind: 'member', qualifier: 'c' });
    assert.deepEqual(completionSite('SELECT a, b'), { kind: 'expression' });
  });

  test('half-typed text (an unterminated string) does not stop it', () => {
    assert.deepEqual(completionSite("SELECT * FROM t WHERE name = 'Zo"), { kind: 'expression' });
  });
});

describe('names the catalog does not have', () => {
  const check = (sql: string): string[] => unknownNames(statementScope(sql), CATALOG, 'stedi').map((u) => `${sql.slice(u.start, u.end)}: ${u.message}`);

  test('an unknown table, an unknown database, an unknown column of a known table', () => {
    assert.deepEqual(check('SELECT * FROM customer_landin'), ['customer_landin: table stedi.customer_landin is not in the catalog']);
    assert.deepEqual(check('SELECT * FROM other.customer_landing'), ['customer_landing: database other is not in the catalog']);
    assert.deepEqual(check('SELECT c.emial FROM customer_landing c'), ['emial: stedi.customer_landing has no column emial (it has customername, email)']);
  });

  test('what is there, WITH names and names in other case raise nothing', () => {
    assert.deepEqual(check('WITH x AS (SELECT 1 AS n) SELECT C.Email, x.n FROM Customer_Landing C, x'), []);
    assert.deepEqual(check('SELECT customer_landing.email FROM stedi.customer_landing'), []);
  });
});
