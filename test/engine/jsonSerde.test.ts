/**
 * The JSON SerDe's rules as the local engine applies them (Athena's org.openx.data.jsonserde.JsonSerDe): keys match
 * columns case-insensitively, absent keys are NULL, extra keys are ignored, `mapping.<col>` renames, malformed
 * lines either fail naming the object and the line or are skipped and counted. Line numbers are counted by hand in
 * the data below.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, jsonDdl, ndjson, q, sorted, tempProject, type TestProject } from './helpers';

let project: TestProject;
let t: LocalTarget;

before(async () => {
  project = await tempProject('serde');
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  await q(t, 'CREATE DATABASE serde');
});
after(async () => {
  await project.cleanup();
});

describe('key matching', () => {
  it('mixed-case keys: each file its own spelling, and two spellings within one file', async () => {
    await t.storage.put(BUCKET, 'mixed/a-camel.json', ndjson([{ customerName: 'Ann', Email: 'ann@x', age: 30 }]));
    await t.storage.put(BUCKET, 'mixed/b-upper.json', ndjson([{ CUSTOMERNAME: 'Bob', EMAIL: 'bob@x', AGE: 40 }]));
    await t.storage.put(BUCKET, 'mixed/c-lower.json', ndjson([{ customername: 'Cy', email: 'cy@x', age: 50 }]));
    // one file, three spellings of the same column on different lines (the "mixed" path)
    await t.storage.put(
      BUCKET,
      'mixed/d-within.json',
      ndjson([
        { customerName: 'Di', email: 'di@x', Age: 60 },
        { CUSTOMERNAME: 'Ed', eMail: 'ed@x', age: 70 },
        { customername: 'Flo', EMAIL: 'flo@x' },
      ]),
    );
    await q(t, jsonDdl('serde.mixed', 'customername string, email string, age int', 'mixed'));
    const r = await q(t, 'SELECT customername, email, age FROM serde.mixed ORDER BY customername');
    assert.deepEqual(r.rows, [
      ['Ann', 'ann@x', 30],
      ['Bob', 'bob@x', 40],
      ['Cy', 'cy@x', 50],
      ['Di', 'di@x', 60],
      ['Ed', 'ed@x', 70],
      ['Flo', 'flo@x', null],
    ]);
    assert.deepEqual(r.columns, [
      { name: 'customername', type: 'varchar' },
      { name: 'email', type: 'varchar' },
      { name: 'age', type: 'integer' },
    ]);
    // filters and aggregates see the same values
    assert.deepEqual((await q(t, 'SELECT count(*), sum(age) FROM serde.mixed WHERE age >= 40')).rows, [[4, 40 + 50 + 60 + 70]]);
  });

  it('absent keys are NULL and extra keys ignored; nested values keep their shape', async () => {
    await t.storage.put(
      BUCKET,
      'sparse/a.json',
      ndjson([
        { id: 1, name: 'one', unexpected: true, more: { deep: [1, 2] } },
        { id: 2 },
        { name: 'three', tags: ['a', 'b'], point: { x: 1.5, y: -2, w: 0 } },
        { id: 4, tags: [], point: null },
      ]),
    );
    await q(t, jsonDdl('serde.sparse', 'id bigint, name string, tags array<string>, point struct<x:double,y:double>', 'sparse'));
    const r = await q(t, 'SELECT id, name, tags, point FROM serde.sparse ORDER BY name NULLS LAST, id');
    assert.deepEqual(r.rows, [
      [1, 'one', null, null],
      [null, 'three', ['a', 'b'], { x: 1.5, y: -2 }],
      [2, null, null, null],
      [4, null, [], null],
    ]);
    assert.deepEqual(
      r.columns.map((c) => c.type),
      ['bigint', 'varchar', 'array(varchar)', 'row(x double, y double)'],
    );
  });

  it("mapping.<column> SERDEPROPERTIES read another key (in any case) into the column", async () => {
    await t.storage.put(BUCKET, 'mapped/a.json', ndjson([{ 'user-id': 7, ts: 100, Name: 'x' }]));
    await t.storage.put(BUCKET, 'mapped/b.json', ndjson([{ 'USER-ID': 8, ts: 200, name: 'y' }]));
    await q(t, jsonDdl('serde.mapped', 'user_id bigint, event_time bigint, name string', 'mapped', { 'mapping.user_id': 'user-id', 'mapping.event_time': 'ts' }));
    const r = await q(t, 'SELECT user_id, event_time, name FROM serde.mapped ORDER BY user_id');
    assert.deepEqual(r.rows, [
      [7, 100, 'x'],
      [8, 200, 'y'],
    ]);
  });
});

describe('malformed lines', () => {
  // line 1 ok, line 2 ok, line 3 malformed, line 4 ok, line 5 malformed (hand-counted)
  const GOOD_BAD = ['{"id": 1, "v": "a"}', '{"id": 2, "v": "b"}', '{"id": 3, "v": ', '{"id": 4, "v": "d"}', 'not json at all', ''].join('\n');

  it("ignore.malformed.json='TRUE': malformed lines are skipped and counted per object", async () => {
    await t.storage.put(BUCKET, 'lenient/a.json', GOOD_BAD);
    await t.storage.put(BUCKET, 'lenient/b.json', ndjson([{ ID: 5, V: 'e' }]));
    await q(t, jsonDdl('serde.lenient', 'id bigint, v string', 'lenient', { 'ignore.malformed.json': 'TRUE' }));
    const r = await q(t, 'SELECT id, v FROM serde.lenient ORDER BY id');
    assert.deepEqual(r.rows, [
      [1, 'a'],
      [2, 'b'],
      [4, 'd'],
      [5, 'e'],
    ]);
    const skipped = await t.queries.skippedLines((await t.catalog.table('serde', 'lenient'))!);
    assert.deepEqual([...skipped], [[`s3://${BUCKET}/lenient/a.json`, 2]]);
  });

  it("ignore.malformed.json='FALSE' (or absent): the query fails naming the object and the right line", async () => {
    // the first malformed line is line 3
    await t.storage.put(BUCKET, 'strict/a.json', GOOD_BAD);
    await q(t, jsonDdl('serde.strict', 'id bigint, v string', 'strict', { 'ignore.malformed.json': 'FALSE' }));
    const e = await fails(t, 'SELECT id, v FROM serde.strict');
    assert.match(e.error!.message, new RegExp(`s3://${BUCKET}/strict/a\\.json line 3\\b`));
    assert.doesNotMatch(e.error!.message, /\.lakehouse/, 'the object, not the local file');
    // a malformed first line, and one after many good lines
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ id: i + 1, v: `v${i + 1}` }));
    lines.splice(1000, 0, '{"id": oops}'); // becomes line 1001
    await t.storage.put(BUCKET, 'strict2/a.json', `${lines.join('\n')}\n`);
    await t.storage.put(BUCKET, 'strict3/a.json', 'nope\n{"id": 1}\n');
    await q(t, jsonDdl('serde.strict2', 'id bigint, v string', 'strict2'));
    await q(t, jsonDdl('serde.strict3', 'id bigint', 'strict3'));
    assert.match((await fails(t, 'SELECT count(*) FROM serde.strict2')).error!.message, new RegExp(`s3://${BUCKET}/strict2/a\\.json line 1001\\b`));
    assert.match((await fails(t, 'SELECT count(*) FROM serde.strict3')).error!.message, new RegExp(`s3://${BUCKET}/strict3/a\\.json line 1\\b`));
  });

  it('a malformed line in a file that spells a column two ways is also reported with its line', async () => {
    await t.storage.put(BUCKET, 'strictmixed/a.json', '{"Id": 1}\n{"ID": 2}\n{"id": 3\n');
    await q(t, jsonDdl('serde.strictmixed', 'id bigint', 'strictmixed'));
    const e = await fails(t, 'SELECT sum(id) FROM serde.strictmixed');
    assert.match(e.error!.message, new RegExp(`s3://${BUCKET}/strictmixed/a\\.json line 3\\b`));
  });
});

describe('long lines', () => {
  it('a line of 20 MiB is read; one longer than the engine reads (32 MiB) fails naming the object, not DuckDB\'s setting', async () => {
    const long = 'y'.repeat(20 << 20);
    await t.storage.put(BUCKET, 'long/a.json', `${JSON.stringify({ id: 1, v: 'a' })}\n${JSON.stringify({ id: 2, v: long })}\n`);
    await q(t, jsonDdl('serde.long', 'id bigint, v string', 'long'));
    assert.deepEqual((await q(t, 'SELECT id, length(v) FROM serde.long ORDER BY id')).rows, [
      [1, 1],
      [2, 20 << 20],
    ]);
    await t.storage.put(BUCKET, 'huge/a.json', `${JSON.stringify({ id: 1, v: 'y'.repeat(40 << 20) })}\n`);
    await q(t, jsonDdl('serde.huge', 'id bigint, v string', 'huge'));
    const e = await fails(t, 'SELECT id FROM serde.huge');
    assert.equal(e.error!.message, `s3://${BUCKET}/huge/a.json: a JSON line is longer than the local engine reads (32 MiB) (table serde.huge)`);
  });
});

describe('wrong-typed values', () => {
  it('"x" in a bigint column fails naming the object, the line and the field', async () => {
    // line 4 holds the bad value (hand-counted)
    await t.storage.put(BUCKET, 'typed/a.json', ['{"id": 1, "n": 10}', '{"id": 2, "n": 20}', '{"id": 3}', '{"id": 4, "n": "x"}', '{"id": 5, "n": 50}', ''].join('\n'));
    await q(t, jsonDdl('serde.typed', 'id bigint, n bigint', 'typed'));
    const e = await fails(t, 'SELECT sum(n) FROM serde.typed');
    assert.match(e.error!.message, new RegExp(`s3://${BUCKET}/typed/a\\.json line 4\\b`));
    assert.match(e.error!.message, /"n"/);
    assert.match(e.error!.message, /bigint/);
  });

  it('also when the file spells the column two ways', async () => {
    await t.storage.put(BUCKET, 'typedmixed/a.json', ['{"N": 1}', '{"n": 2}', '{"n": "x"}', ''].join('\n'));
    await q(t, jsonDdl('serde.typedmixed', 'n bigint', 'typedmixed'));
    const e = await fails(t, 'SELECT sum(n) FROM serde.typedmixed');
    assert.match(e.error!.message, new RegExp(`s3://${BUCKET}/typedmixed/a\\.json line 3\\b`));
    assert.match(e.error!.message, /"n"/);
  });

  it('an integer too large for its column is named with its line', async () => {
    await t.storage.put(BUCKET, 'toolarge/a.json', ['{"n": 1}', '{"n": 2147483648}', ''].join('\n'));
    await t.storage.put(BUCKET, 'toolarge64/a.json', ['{"n": 1}', '{"n": 2}', '{"n": 99999999999999999999}', ''].join('\n'));
    await q(t, jsonDdl('serde.toolarge', 'n int', 'toolarge'));
    await q(t, jsonDdl('serde.toolarge64', 'n bigint', 'toolarge64'));
    assert.match((await fails(t, 'SELECT * FROM serde.toolarge')).error!.message, new RegExp(`s3://${BUCKET}/toolarge/a\\.json line 2\\b.*"n"`));
    assert.match((await fails(t, 'SELECT * FROM serde.toolarge64')).error!.message, new RegExp(`s3://${BUCKET}/toolarge64/a\\.json line 3\\b.*"n"`));
  });

  it('numbers given as numeric strings are read, as the SerDe does', async () => {
    await t.storage.put(BUCKET, 'numstr/a.json', ndjson([{ n: '12' }, { n: 30 }]));
    await q(t, jsonDdl('serde.numstr', 'n bigint', 'numstr'));
    assert.deepEqual((await q(t, 'SELECT sum(n) FROM serde.numstr')).rows, [[42]]);
  });
});

describe('the key-spelling cache', () => {
  it('a file rewritten with another spelling is read with the new one (same size, too)', async () => {
    await t.storage.put(BUCKET, 'respell/a.json', ndjson([{ customerName: 'Ann' }]));
    await q(t, jsonDdl('serde.respell', 'customername string', 'respell'));
    assert.deepEqual((await q(t, 'SELECT customername FROM serde.respell')).rows, [['Ann']]);
    // same length, other spelling
    await t.storage.put(BUCKET, 'respell/a.json', ndjson([{ CUSTOMERNAME: 'Bob' }]));
    assert.deepEqual((await q(t, 'SELECT customername FROM serde.respell')).rows, [['Bob']]);
    // longer, a third spelling, two rows
    await t.storage.put(BUCKET, 'respell/a.json', ndjson([{ customername: 'Cy' }, { customername: 'Di' }]));
    assert.deepEqual((await q(t, 'SELECT customername FROM serde.respell ORDER BY 1')).rows, [['Cy'], ['Di']]);
  });

  it('the cache carries over to another target on the same project, and stays right', async () => {
    await t.storage.put(BUCKET, 'carry/a.json', ndjson([{ Value: 1 }, { Value: 2 }]));
    await q(t, jsonDdl('serde.carry', 'value bigint', 'carry'));
    assert.deepEqual((await q(t, 'SELECT sum(value) FROM serde.carry')).rows, [[3]]);
    const other = await project.open();
    assert.deepEqual((await q(other, 'SELECT sum(value) FROM serde.carry')).rows, [[3]]);
    await other.storage.put(BUCKET, 'carry/a.json', ndjson([{ VALUE: 5 }, { VALUE: 6 }]));
    assert.deepEqual((await q(other, 'SELECT sum(value) FROM serde.carry')).rows, [[11]]);
    assert.deepEqual((await q(t, 'SELECT sum(value) FROM serde.carry')).rows, [[11]]);
  });
});

describe('locations', () => {
  it('an empty or missing location gives zero rows with the declared columns', async () => {
    await q(t, jsonDdl('serde.nothing', 'a string, b bigint, c array<int>', 'nothing-here'));
    const r = await q(t, 'SELECT * FROM serde.nothing');
    assert.deepEqual(r.rows, []);
    assert.deepEqual(r.columns, [
      { name: 'a', type: 'varchar' },
      { name: 'b', type: 'bigint' },
      { name: 'c', type: 'array(integer)' },
    ]);
    assert.equal(r.exec.statistics?.bytesScanned, 0);
    assert.deepEqual((await q(t, 'SELECT count(*) FROM serde.nothing')).rows, [[0]]);
    // a location holding only empty and marker files is empty too
    await t.storage.put(BUCKET, 'markers/_SUCCESS', '');
    await t.storage.put(BUCKET, 'markers/empty.json', '');
    await q(t, jsonDdl('serde.markers', 'a string', 'markers'));
    assert.deepEqual((await q(t, 'SELECT count(*) FROM serde.markers')).rows, [[0]]);
  });

  it('files named _SUCCESS or .hidden (and under such folders) are not data; subfolders are', async () => {
    await t.storage.put(BUCKET, 'ignored/part-0.json', ndjson([{ a: 'kept' }]));
    await t.storage.put(BUCKET, 'ignored/sub/part-1.json', ndjson([{ a: 'nested' }]));
    await t.storage.put(BUCKET, 'ignored/_SUCCESS', 'not json');
    await t.storage.put(BUCKET, 'ignored/.hidden', 'not json either');
    await t.storage.put(BUCKET, 'ignored/_temporary/part-9.json', ndjson([{ a: 'temp' }]));
    await q(t, jsonDdl('serde.ignored', 'a string', 'ignored'));
    assert.deepEqual(sorted((await q(t, 'SELECT a FROM serde.ignored')).rows), [['kept'], ['nested']]);
  });
});
