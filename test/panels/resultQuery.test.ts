// Sort and quick filter as queries the engine runs (reshapeSql), checked on real DuckDB against hand-written rows.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CellValue, QueryColumn } from '../../src/core/model';
import { castsToJson, columnStatsOf, columnStatsSql, exportBaseName, positionInSource, reshapeSql, titleOfSql, viewKey } from '../../src/extension/panels/resultQuery';
import { initProject } from '../../src/core/actions/init';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local';

// a result with a repeated column name, NULLs, a quote and a line comment at the end of the statement
const SQL = `SELECT * FROM (VALUES (1, 'Ann', 'x'), (2, 'bob', NULL), (3, 'O''Brien', 'y'), (4, NULL, 'annex')) AS t(id, name, id2)
-- the end`;
const SQL_DUP = `SELECT id, name, id FROM (VALUES (1, 'Ann'), (2, 'bob')) AS t(id, name)`;

describe('reshapeSql on the local engine', () => {
  let dir: string;
  let target: LocalTarget;
  let columns: QueryColumn[];

  async function rows(sql: string): Promise<CellValue[][]> {
    const exec = await target.queries.run(sql);
    assert.equal(exec.state, 'SUCCEEDED', `${exec.error?.message}\n${sql}`);
    return (await target.queries.page(exec.id, { maxRows: 1000 })).rows;
  }

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-reshape-'));
    await initProject(dir, {});
    target = await LocalTarget.open(await loadProject(dir), { threads: 1 });
    const exec = await target.queries.run(SQL);
    columns = (await target.queries.page(exec.id, { maxRows: 1 })).columns;
  });
  after(async () => {
    await target.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('no sort and no filter: the rows as they were, with the original column names', async () => {
    const exec = await target.queries.run(reshapeSql(SQL, columns, { sort: [], filter: '' }));
    const page = await target.queries.page(exec.id);
    assert.deepEqual(page.columns.map((c) => c.name), ['id', 'name', 'id2']);
    assert.deepEqual(page.rows.map((r) => r[0]), [1, 2, 3, 4]);
  });

  test('sort descending by a text column puts NULLs last', async () => {
    assert.deepEqual((await rows(reshapeSql(SQL, columns, { sort: [{ column: 1, direction: 'desc' }], filter: '' }))).map((r) => r[1]), ['bob', "O'Brien", 'Ann', null]);
    assert.deepEqual((await rows(reshapeSql(SQL, columns, { sort: [{ column: 1, direction: 'asc' }], filter: '' }))).map((r) => r[1]), ['Ann', "O'Brien", 'bob', null]);
  });

  test('the quick filter matches any column, case-insensitively, and quotes in the text are data', async () => {
    // "an" is in Ann (name) and annex (id2)
    assert.deepEqual((await rows(reshapeSql(SQL, columns, { sort: [], filter: 'AN' }))).map((r) => r[0]).sort(), [1, 4]);
    assert.deepEqual((await rows(reshapeSql(SQL, columns, { sort: [], filter: "o'b" }))).map((r) => r[0]), [3]);
    assert.deepEqual(await rows(reshapeSql(SQL, columns, { sort: [], filter: "'; DROP TABLE x; --" })), []);
  });

  test('the quick filter finds text inside arrays, maps and rows, through their JSON text (Trino casts them to JSON)', async () => {
    // found by a new user (session 13): filtering a customers table on "Lisbon" found nothing, the city being in a
    // struct column the grid shows as {city=Lisbon, zip=1000}
    const sql = `SELECT * FROM (VALUES
      (1, ARRAY['vip', 'eu'], CAST(ROW('Lisbon', '1000') AS ROW(city varchar, zip varchar)), MAP(ARRAY['k'], ARRAY[7])),
      (2, ARRAY['us'], CAST(ROW('Boston', NULL) AS ROW(city varchar, zip varchar)), MAP(ARRAY['q'], ARRAY[8]))) AS t(id, tags, address, m)`;
    const exec = await target.queries.run(sql);
    assert.equal(exec.state, 'SUCCEEDED', exec.error?.message);
    const nested = (await target.queries.page(exec.id, { maxRows: 1 })).columns;
    assert.deepEqual(nested.map((c) => c.type), ['integer', 'array(varchar(3))', 'row(city varchar, zip varchar)', 'map(varchar(1), integer)']);
    const ids = async (filter: string) => (await rows(reshapeSql(sql, nested, { sort: [], filter }))).map((r) => r[0]);
    assert.deepEqual(await ids('lisbon'), [1]);
    assert.deepEqual(await ids('VIP'), [1]);
    assert.deepEqual(await ids('us'), [2]);
    assert.deepEqual(await ids('q'), [2]);
  });

  test('castsToJson: the types Trino\'s documentation lists as castable to JSON, at any depth', () => {
    // https://trino.io/docs/current/functions/json.html#cast-to-json: BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT,
    // REAL, DOUBLE, VARCHAR; ARRAY of them, MAP of VARCHAR keys to them, ROW of them
    for (const t of ['varchar', 'varchar(3)', 'bigint', 'array(varchar(3))', 'map(varchar, integer)', 'row(city varchar, zip varchar)', 'row(integer, varchar(1))', 'array(row(sku varchar, qty integer))', 'row("a b" varchar)'])
      assert.equal(castsToJson(t), true, t);
    for (const t of ['date', 'timestamp(3)', 'varbinary', 'decimal(10,2)', 'array(date)', 'map(integer, varchar)', 'row(d date, n integer)'])
      assert.equal(castsToJson(t), false, t);
  });

  test('filter and sort together; repeated column names keep working', async () => {
    assert.deepEqual((await rows(reshapeSql(SQL, columns, { sort: [{ column: 0, direction: 'desc' }], filter: 'n' }))).map((r) => r[0]), [4, 3, 1]);
    const exec = await target.queries.run(SQL_DUP);
    const dupColumns = (await target.queries.page(exec.id, { maxRows: 1 })).columns;
    const sorted = await target.queries.run(reshapeSql(SQL_DUP, dupColumns, { sort: [{ column: 2, direction: 'desc' }], filter: 'bo' }));
    assert.equal(sorted.state, 'SUCCEEDED', sorted.error?.message);
    const page = await target.queries.page(sorted.id);
    // the sorted view keeps the headers of the original result (the engine names a repeated column id_1 in both)
    assert.deepEqual(page.columns.map((c) => c.name), dupColumns.map((c) => c.name));
    assert.deepEqual(page.rows, [[2, 'bob', 2]]);
  });

  test('column statistics of what the grid shows: rows, NULLs, distinct values, min and max of each column', async () => {
    const stats = async (filter: string) => {
      const exec = await target.queries.run(columnStatsSql(reshapeSql(SQL, columns, { sort: [], filter }), columns));
      assert.equal(exec.state, 'SUCCEEDED', exec.error?.message);
      return columnStatsOf(columns, (await target.queries.page(exec.id)).rows[0]!);
    };
    // the four rows of SQL, counted by hand: id 1–4; name Ann, bob, O'Brien, NULL; id2 x, NULL, y, annex
    assert.deepEqual(await stats(''), {
      rows: 4,
      columns: [
        { name: 'id', type: columns[0]!.type, nulls: 0, distinct: 4, min: '1', max: '4' },
        { name: 'name', type: columns[1]!.type, nulls: 1, distinct: 3, min: 'Ann', max: 'bob' },
        { name: 'id2', type: columns[2]!.type, nulls: 1, distinct: 3, min: 'annex', max: 'y' },
      ],
    });
    // the quick filter applies: "an" keeps rows 1 (Ann) and 4 (annex)
    const filtered = await stats('an');
    assert.equal(filtered.rows, 2);
    assert.deepEqual(filtered.columns.map((c) => [c.nulls, c.distinct, c.min, c.max]), [[0, 2, '1', '4'], [1, 1, 'Ann', 'Ann'], [0, 2, 'annex', 'x']]);
  });
});

test('titleOfSql: one line, comments dropped, shortened', () => {
  assert.equal(titleOfSql('-- top\nSELECT *\n  FROM  t;'), 'SELECT * FROM t');
  assert.equal(titleOfSql(`SELECT ${'x, '.repeat(40)}y FROM t`, 20), 'SELECT x, x, x, x, …');
  assert.equal(titleOfSql('  '), 'Query');
});

test('positionInSource maps a 1-based position in the statement onto the document', () => {
  // statement starting at line 10 (0-based), character 4
  assert.deepEqual(positionInSource({ line: 10, character: 4 }, 1, 8), { line: 10, character: 11 });
  assert.deepEqual(positionInSource({ line: 10, character: 4 }, 3, 2), { line: 12, character: 1 });
});

test('viewKey ignores the filter case and surrounding spaces', () => {
  assert.equal(viewKey({ sort: [], filter: ' Ann ' }), viewKey({ sort: [], filter: 'ann' }));
  assert.notEqual(viewKey({ sort: [{ column: 1, direction: 'asc' }], filter: '' }), viewKey({ sort: [{ column: 1, direction: 'desc' }], filter: '' }));
});

test('exportBaseName: the last table the query reads, else "result"', () => {
  assert.equal(exportBaseName('SELECT * FROM stedi.customer_landing LIMIT 10'), 'customer_landing');
  assert.equal(exportBaseName('SELECT * FROM "stedi"."Customer Landing"'), 'Customer_Landing');
  assert.equal(exportBaseName("SELECT range AS n FROM range(100)"), 'range');
  assert.equal(exportBaseName('-- FROM nowhere\nSELECT 1'), 'result');
});
