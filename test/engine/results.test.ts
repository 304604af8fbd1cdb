/**
 * What a query gives back: Athena type names, pages that cover every row once and in order, exact big integers,
 * nested values as JSON, statistics, cancellation — and errors with a position in the submitted text.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { csvLine } from '../../src/cli/format';
import { isLakehouseError } from '../../src/core/errors';
import type { CellValue, QueryExecution } from '../../src/core/model';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, jsonDdl, ndjson, q, tempProject, type TestProject } from './helpers';

let project: TestProject;
let t: LocalTarget;

/** the 25k-row table: id 1..N, name, grp = id % 7, spread over three files */
const N = 25_000;
const ROWS = Array.from({ length: N }, (_, i) => ({ id: i + 1, name: `name-${i + 1}`, grp: (i + 1) % 7 }));
const FILES = [ROWS.slice(0, 9000), ROWS.slice(9000, 17000), ROWS.slice(17000)].map((rows) => ndjson(rows));

before(async () => {
  project = await tempProject('res');
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  await q(t, 'CREATE DATABASE res');
  for (const [i, text] of FILES.entries()) await t.storage.put(BUCKET, `many/part-${i}.json`, text);
  await q(t, jsonDdl('res.many', 'id bigint, name string, grp int', 'many'));
});
after(async () => {
  await project.cleanup();
});

async function allPages(exec: QueryExecution, maxRows: number): Promise<{ rows: CellValue[][]; pages: number }> {
  const rows: CellValue[][] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await t.queries.page(exec.id, { maxRows, ...(token !== undefined ? { pageToken: token } : {}) });
    assert.ok(page.rows.length <= maxRows);
    rows.push(...page.rows);
    pages++;
    token = page.nextPageToken;
  } while (token !== undefined);
  return { rows, pages };
}

describe('paging', () => {
  it('~25k rows of an ORDER BY query come back every row exactly once, in order, whatever the page size', async () => {
    const exec = await t.queries.run('SELECT id, name FROM res.many ORDER BY grp DESC, id');
    assert.equal(exec.state, 'SUCCEEDED', exec.error?.message);
    assert.equal(exec.statistics?.rows, N);
    const expected = [...ROWS].sort((a, b) => b.grp - a.grp || a.id - b.id).map((r) => [r.id, r.name]);
    for (const size of [1000, 4096, 7, N, 100_000]) {
      const { rows, pages } = await allPages(exec, size);
      assert.equal(pages, Math.max(1, Math.ceil(N / Math.min(size, 100_000))), `page size ${size}`);
      assert.deepEqual(rows, expected, `page size ${size}`);
    }
    // a page from a token in the middle
    const mid = await t.queries.page(exec.id, { pageToken: '12345', maxRows: 3 });
    assert.deepEqual(mid.rows, expected.slice(12345, 12348));
    assert.equal(mid.nextPageToken, '12348');
    // past the end: empty, no token
    const past = await t.queries.page(exec.id, { pageToken: String(N + 10), maxRows: 10 });
    assert.deepEqual(past.rows, []);
    assert.equal(past.nextPageToken, undefined);
    await assert.rejects(t.queries.page(exec.id, { pageToken: 'garbage' }), /invalid page token/);
  });

  it('a result with no rows has its columns and one empty page', async () => {
    const exec = await t.queries.run('SELECT id, name FROM res.many WHERE id < 0');
    const page = await t.queries.page(exec.id);
    assert.deepEqual(page, { columns: [{ name: 'id', type: 'bigint' }, { name: 'name', type: 'varchar' }], rows: [] });
  });

  it('pages of a failed query are refused; an unknown execution id is reported', async () => {
    const exec = await fails(t, 'SELECT nosuch FROM res.many');
    await assert.rejects(t.queries.page(exec.id), /state FAILED/);
    await assert.rejects(t.queries.status('no-such-id'), /no-such-id not found/);
  });
});

describe('values and types', () => {
  before(async () => {
    const lines = [
      '{"id": 1, "big": 9007199254740993, "neg": -9007199254740995, "small": 42, "tags": ["a", "b"], "pt": {"x": 1.5, "y": 2}, "m": {"k1": 1, "k2": 2}, "nums": [1, 9007199254740993], "d": "2024-02-29", "ts": "2024-02-29 13:14:15", "amount": 12.34, "ok": true}',
      '{"id": 2, "big": null, "tags": [], "pt": {"x": null, "y": -1}, "m": {}, "ok": false}',
      '',
    ];
    await t.storage.put(BUCKET, 'typed/a.json', lines.join('\n'));
    await q(
      t,
      jsonDdl(
        'res.typed',
        'id int, big bigint, neg bigint, small bigint, tags array<string>, pt struct<x:double,y:int>, m map<string,int>, nums array<bigint>, d date, ts timestamp, amount decimal(10,2), ok boolean',
        'typed',
      ),
    );
  });

  it('columns carry Athena type names', async () => {
    const r = await q(t, 'SELECT * FROM res.typed ORDER BY id');
    assert.deepEqual(r.columns, [
      { name: 'id', type: 'integer' },
      { name: 'big', type: 'bigint' },
      { name: 'neg', type: 'bigint' },
      { name: 'small', type: 'bigint' },
      { name: 'tags', type: 'array(varchar)' },
      { name: 'pt', type: 'row(x double, y integer)' },
      { name: 'm', type: 'map(varchar, integer)' },
      { name: 'nums', type: 'array(bigint)' },
      { name: 'd', type: 'date' },
      { name: 'ts', type: 'timestamp(3)' },
      { name: 'amount', type: 'decimal(10,2)' },
      { name: 'ok', type: 'boolean' },
    ]);
    const exprs = await q(t, "SELECT count(*) AS c, avg(id) AS a, max(d) AS md, 'x' AS s, CAST(1 AS double) AS dbl, CAST(2 AS real) AS r, CAST(3 AS smallint) AS si FROM res.typed");
    assert.deepEqual(
      exprs.columns.map((c) => c.type),
      ['bigint', 'double', 'date', 'varchar(1)', 'double', 'real', 'smallint'],
    );
    assert.deepEqual(exprs.rows, [[2, 1.5, '2024-02-29', 'x', 1, 2, 3]]);
  });

  it('BIGINT beyond 2^53 comes as an exact string, smaller ones as numbers (at any depth)', async () => {
    const r = await q(t, 'SELECT big, neg, small, nums FROM res.typed WHERE id = 1');
    assert.deepEqual(r.rows, [['9007199254740993', '-9007199254740995', 42, [1, '9007199254740993']]]);
    const arithmetic = await q(t, 'SELECT big + 2 AS b2, 9007199254740991 AS safe FROM res.typed WHERE id = 1');
    assert.deepEqual(arithmetic.rows, [['9007199254740995', 9007199254740991]]);
  });

  it('arrays, structs and maps come as JSON values', async () => {
    const r = await q(t, 'SELECT id, tags, pt, m, d, ts, amount, ok FROM res.typed ORDER BY id');
    assert.deepEqual(r.rows, [
      [1, ['a', 'b'], { x: 1.5, y: 2 }, { k1: 1, k2: 2 }, '2024-02-29', '2024-02-29 13:14:15', '12.34', true],
      [2, [], { x: null, y: -1 }, {}, null, null, null, false],
    ]);
    // the values survive JSON
    assert.deepEqual(JSON.parse(JSON.stringify(r.rows)), r.rows);
    // FIRST is one of Athena's reserved keywords in SELECT statements (reserved-words.md): quoted
    const access = await q(t, "SELECT tags[1] AS \"first\", pt.x AS x, m['k2'] AS k2, cardinality(tags) AS n FROM res.typed WHERE id = 1");
    assert.deepEqual(access.rows, [['a', 1.5, 2, 2]]);
  });
});

describe('export', () => {
  const exported = async (sql: string, format: 'csv' | 'json' | 'parquet') => {
    const exec = await t.queries.run(sql);
    assert.equal(exec.state, 'SUCCEEDED', exec.error?.message);
    const file = path.join(project.root, `export-${exec.id}.${format}`);
    await t.queries.export(exec.id, { format, file });
    return fs.readFile(file, 'utf8');
  };

  it("CSV: arrays, structs and maps as the text Athena's CSV holds, as `lakehouse query -f csv` writes them", async () => {
    await t.storage.put(
      BUCKET,
      'nested/a.json',
      ndjson([
        { id: 1, driver: { name: 'Zoë Müller', id: 35 }, tags: ['a,b', null], m: { k: 1 }, note: 'x, "y"' },
        { id: 2, driver: null, tags: [], m: {}, note: null },
      ]),
    );
    await q(t, jsonDdl('res.nested', 'id int, driver struct<name:string,id:int>, tags array<string>, m map<string,int>, note string', 'nested'));
    const sql = 'SELECT * FROM res.nested ORDER BY id';
    // RFC 4180 by hand: a field with a comma or a quote is quoted, its quotes doubled; NULL is empty. A row is
    // {name=value, …}, an array [a, b], a map {k=v} (https://docs.aws.amazon.com/athena/latest/ug/rows-and-structs.html,
    // arrays-create-maps.html)
    const expected = ['id,driver,tags,m,note', '1,"{name=Zoë Müller, id=35}","[a,b, NULL]",{k=1},"x, ""y"""', '2,,[],{},', ''].join('\n');
    assert.equal(await exported(sql, 'csv'), expected);
    // the CLI's CSV of the same rows
    const r = await q(t, sql);
    assert.equal([csvLine(r.columns.map((c) => c.name)), ...r.rows.map((row) => csvLine(row, r.columns.map((c) => c.type))), ''].join('\n'), expected);
  });

  it("CSV: a map in the order Athena's page shows it, the first maxRows rows; a map whose order cannot be kept is refused", async () => {
    // https://docs.aws.amazon.com/athena/latest/ug/arrays-create-maps.html: {last=Smith, first=Bob, age=35}
    const exec = await t.queries.run("SELECT n, MAP(ARRAY['first', 'last', 'age'], ARRAY['Bob', 'Smith', CAST(n AS varchar)]) AS u FROM UNNEST(ARRAY[35, 36, 37]) AS t(n) ORDER BY n");
    assert.equal(exec.state, 'SUCCEEDED', exec.error?.message);
    const file = path.join(project.root, `export-${exec.id}.csv`);
    assert.equal((await t.queries.export(exec.id, { format: 'csv', file, maxRows: 2 })).rows, 2);
    assert.equal(await fs.readFile(file, 'utf8'), 'n,u\n35,"{last=Smith, first=Bob, age=35}"\n36,"{last=Smith, first=Bob, age=36}"\n');
    const unordered = await t.queries.run("SELECT MAP(ARRAY[17, 1], ARRAY['b', 'a']) AS m");
    await assert.rejects(t.queries.export(unordered.id, { format: 'csv', file: path.join(project.root, 'unordered.csv') }), (e) => isLakehouseError(e, 'SqlUnsupported') && /keys 17, 1 is not supported by the local engine/.test(e.message));
  });

  it('JSON: a double that is not finite is the string Spark writes ("Infinity", "-Infinity", "NaN"), at any depth, never a bare word', async () => {
    const text = await exported(
      `SELECT id, CAST('Infinity' AS double) AS a, CAST('-Infinity' AS double) AS b, CAST('NaN' AS double) AS c, 2.5e0 AS d,
              ARRAY[CAST('NaN' AS double), 1.5e0] AS l, 'NaN, Infinity and "-Infinity"' AS s FROM res.many WHERE id <= 2 ORDER BY id`,
      'json',
    );
    const row = (id: number) => ({ id, a: 'Infinity', b: '-Infinity', c: 'NaN', d: 2.5, l: ['NaN', 1.5], s: 'NaN, Infinity and "-Infinity"' });
    assert.deepEqual(JSON.parse(text), [row(1), row(2)]);
  });
});

describe('statistics', () => {
  it('rows, elapsed time, bytes scanned (the sizes of the files read) and the engine', async () => {
    const r = await q(t, 'SELECT grp, count(*) FROM res.many GROUP BY grp');
    const stats = r.exec.statistics!;
    assert.equal(stats.rows, 7);
    assert.equal(typeof stats.elapsedMs, 'number');
    assert.ok(stats.elapsedMs >= 0);
    assert.equal(stats.bytesScanned, FILES.reduce((n, f) => n + Buffer.byteLength(f), 0));
    assert.match(stats.engine, /DuckDB/);
    assert.ok(r.exec.completed && r.exec.completed >= r.exec.submitted);
    assert.equal(r.exec.kind, 'QUERY');
    // a join reads both tables; a query on no table reads nothing
    const typedBytes = (await t.storage.head(BUCKET, 'typed/a.json'))!.size;
    const join = await q(t, 'SELECT count(*) FROM res.many m JOIN res.typed t ON m.id = t.id');
    assert.deepEqual(join.rows, [[2]]);
    assert.equal(join.exec.statistics!.bytesScanned, FILES.reduce((n, f) => n + Buffer.byteLength(f), 0) + typedBytes);
    assert.equal((await q(t, 'SELECT 1')).exec.statistics!.bytesScanned, 0);
  });
});

describe('cancel', () => {
  it('a long query is CANCELLED and the engine stays usable', { timeout: 120_000 }, async () => {
    const started = await t.queries.start('SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x), UNNEST(sequence(1, 10000)) b(y), UNNEST(sequence(1, 10000)) c(z) WHERE (x * 7 + y + z) % 1000003 = 0');
    // wait until it runs (no time limit: only the order of events matters)
    for (;;) {
      const s = await t.queries.status(started.id);
      if (s.state === 'RUNNING') break;
      assert.notEqual(s.state, 'SUCCEEDED', 'the query finished before it could be cancelled: make it longer');
      assert.notEqual(s.state, 'FAILED', s.error?.message);
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 300));
    await t.queries.cancel(started.id);
    const done = await t.queries.wait(started.id);
    assert.equal(done.state, 'CANCELLED');
    assert.match(done.error!.message, /cancelled/);
    await assert.rejects(t.queries.page(started.id), /CANCELLED/);
    // cancelling again is harmless; the engine still answers
    await t.queries.cancel(started.id);
    assert.deepEqual((await q(t, 'SELECT count(*) FROM res.many')).rows, [[N]]);
  });

  it('a query cancelled right after it is submitted does not run', async () => {
    const started = await t.queries.start(`CREATE TABLE res.not_made WITH (format='JSON', external_location='s3://${BUCKET}/not_made/') AS SELECT id FROM res.many`);
    await t.queries.cancel(started.id);
    assert.equal((await t.queries.wait(started.id)).state, 'CANCELLED');
    assert.equal(await t.catalog.table('res', 'not_made'), undefined);
    assert.deepEqual((await t.storage.list(BUCKET, { prefix: 'not_made/' })).objects, []);
  });

  it('an abort signal given to wait cancels too', { timeout: 120_000 }, async () => {
    const started = await t.queries.start('SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x), UNNEST(sequence(1, 10000)) b(y), UNNEST(sequence(1, 10000)) c(z) WHERE (x * 7 + y + z) % 1000003 = 0');
    const controller = new AbortController();
    const waiting = t.queries.wait(started.id, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    assert.equal((await waiting).state, 'CANCELLED');
    assert.deepEqual((await q(t, 'SELECT 1 + 1')).rows, [[2]]);
  });
});

/** 1-based line and column of the first occurrence of `needle` in `text` (computed from the text written here) */
function positionOf(text: string, needle: string, from = 0): { line: number; column: number } {
  const offset = text.indexOf(needle, from);
  assert.ok(offset >= 0, `${needle} not in ${text}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function assertAt(exec: QueryExecution, where: { line: number; column: number }, message: RegExp): void {
  assert.equal(exec.error?.line, where.line, exec.error?.message);
  assert.equal(exec.error?.column, where.column, exec.error?.message);
  assert.match(exec.error!.message, message);
  assert.ok(exec.error!.message.startsWith(`line ${where.line}:${where.column}: `), exec.error!.message);
}

describe('errors with positions', () => {
  it('a syntax error: line and column in the submitted text, worded as Trino words it', async () => {
    const sql = 'SELECT id,, name FROM res.many';
    // the second comma
    assertAt(await fails(t, sql), positionOf(sql, ', name'), /mismatched input ','/);
  });

  it('a syntax error in a statement that starts on line 3 of the submission', async () => {
    const sql = '-- my query\n\n  SELECT id, name\n  FROM res.many\n  WHERE id = = 3';
    assertAt(await fails(t, sql), positionOf(sql, '= 3'), /mismatched input '='/);
    // at the end of the text
    const open = '\n\n  SELECT count(*)\n  FROM res.many WHERE (id';
    assertAt(await fails(t, open), { line: 4, column: '  FROM res.many WHERE (id'.length + 1 }, /mismatched input '<EOF>'/);
    // a statement word the engine does not know
    const typo = '\n\n    SELEC 1';
    assertAt(await fails(t, typo), positionOf(typo, 'SELEC'), /SELEC/);
  });

  it('an unknown column: its position, in a long line too', async () => {
    const sql = 'SELECT id,\n       nosuch_column\nFROM res.many';
    assertAt(await fails(t, sql), positionOf(sql, 'nosuch_column'), /nosuch_column/);
    const long = `SELECT ${Array.from({ length: 40 }, (_, i) => `id AS c${i}`).join(', ')}, nosuch_column, name FROM res.many WHERE grp = 1`;
    assertAt(await fails(t, long), positionOf(long, 'nosuch_column'), /nosuch_column/);
    const later = '\n\nSELECT name FROM res.many\nWHERE grp = 1 AND nosuch_column > 2';
    assertAt(await fails(t, later, 'res'), positionOf(later, 'nosuch_column'), /nosuch_column/);
  });

  it('positions inside the query of CTAS, INSERT, CREATE VIEW and EXPLAIN', async () => {
    for (const sql of [
      `CREATE TABLE res.never WITH (format='JSON', external_location='s3://${BUCKET}/never/') AS\nSELECT id, nosuch_column FROM res.many`,
      `CREATE TABLE res.never WITH (format='JSON', external_location='s3://${BUCKET}/never/') AS SELECT id, nosuch_column FROM res.many`,
      'INSERT INTO res.typed (id)\n  SELECT nosuch_column FROM res.many',
      'CREATE VIEW res.never AS SELECT nosuch_column FROM res.many',
      '\nEXPLAIN SELECT nosuch_column FROM res.many',
    ]) {
      assertAt(await fails(t, sql), positionOf(sql, 'nosuch_column'), /nosuch_column/);
    }
    assert.equal(await t.catalog.table('res', 'never'), undefined);
    assert.deepEqual((await t.storage.list(BUCKET, { prefix: 'never/' })).objects, []);
  });

  it('an unknown table: named, with its position', async () => {
    const sql = 'SELECT *\nFROM res.nosuch_table';
    assertAt(await fails(t, sql), positionOf(sql, 'res.nosuch_table'), /Table res\.nosuch_table does not exist/);
    const unq = 'SELECT * FROM nosuch_table';
    assertAt(await fails(t, unq, 'res'), positionOf(unq, 'nosuch_table'), /Table res\.nosuch_table does not exist/);
    // no suggestion of DuckDB's own tables
    assert.doesNotMatch((await fails(t, unq, 'res')).error!.message, /pg_|duckdb_|information_schema/);
  });

  it('an unknown database: named', async () => {
    const sql = 'SELECT * FROM nosuch_db.many';
    assertAt(await fails(t, sql), positionOf(sql, 'nosuch_db.many'), /Database nosuch_db does not exist/);
    const asDefault = await fails(t, 'SELECT * FROM many', 'nosuch_db');
    assert.match(asDefault.error!.message, /Database nosuch_db does not exist/);
    assert.match((await fails(t, 'SHOW TABLES IN nosuch_db')).error!.message, /Database nosuch_db does not exist/);
    assert.match((await fails(t, 'DESCRIBE nosuch_db.many')).error!.message, /Database nosuch_db does not exist/);
  });
});

describe('two engines on one project', () => {
  it('tables, views and drops made by one are seen by the other', async () => {
    const other = await project.open();
    await q(t, jsonDdl('res.shared', 'id bigint', 'many'));
    assert.deepEqual((await q(other, 'SELECT count(*) FROM res.shared')).rows, [[N]]);
    await q(other, 'CREATE VIEW res.shared_even AS SELECT id FROM shared WHERE id % 2 = 0');
    assert.deepEqual((await q(t, 'SELECT count(*) FROM res.shared_even')).rows, [[N / 2]]);
    await q(t, `CREATE TABLE res.shared_ctas WITH (format='PARQUET', external_location='s3://${BUCKET}/shared_ctas/') AS SELECT id FROM res.shared WHERE id % 7 = 0`);
    assert.deepEqual((await q(other, 'SELECT count(*) FROM res.shared_ctas')).rows, [[ROWS.filter((r) => r.grp === 0).length]]);
    // a drop in one: the other, which had read the table, no longer answers for it
    await q(t, 'DROP VIEW res.shared_even');
    await q(t, 'DROP TABLE res.shared');
    assert.match((await fails(other, 'SELECT count(*) FROM res.shared')).error!.message, /shared does not exist/);
    assert.match((await fails(other, 'SELECT count(*) FROM res.shared_even')).error!.message, /shared_even does not exist/);
    // re-created elsewhere by the other: the first reads the new definition
    await q(other, jsonDdl('res.shared', 'id bigint', 'typed'));
    assert.deepEqual((await q(t, 'SELECT count(*) FROM res.shared')).rows, [[2]]);
  });
});
