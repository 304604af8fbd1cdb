/**
 * The JSON SerDe's rules as the local engine applies them (Athena's org.openx.data.jsonserde.JsonSerDe): keys match
 * columns case-insensitively, absent keys are NULL, extra keys are ignored, `mapping.<col>` renames, malformed
 * lines either fail naming the object and the line or are skipped and counted. Line numbers are counted by hand in
 * the data below.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
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

describe('nested values', () => {
  // Athena's OpenX JSON SerDe reads an absent key as NULL at any depth, ignores extra keys, and reads JSON null as
  // NULL. Hand-written lines; the expected rows are worked out by hand from them.
  const COLUMNS = 'id bigint, address struct<city:string,zip:string>, geo struct<pos:struct<lat:double,lon:double>,tags:array<string>>, items array<struct<sku:string,qty:int>>';
  const lines = (idKey6: string) => [
    '{"id":1,"address":{"city":"Malmö","zip":"211 22"},"geo":{"pos":{"lat":55.5,"lon":13.0},"tags":["a"]},"items":[{"sku":"s1","qty":2},{"sku":"s2"}]}',
    '{"id":2,"address":{"city":"Zürich"},"geo":{"pos":{"lat":47.25}},"items":[{"qty":1},{}]}',
    '{"id":3,"address":{},"geo":{},"items":[]}',
    '{"id":4,"address":{"city":null,"zip":null},"geo":{"pos":null,"tags":null},"items":[null,{"sku":null,"qty":null}]}',
    '{"id":5,"address":null,"geo":null,"items":null}',
    `{"${idKey6}":6}`,
    '{"id":7,"address":{"city":"Oslo","zip":"0150","extra":true},"geo":{"pos":{"lat":59.75,"lon":10.5,"alt":0}}}',
    '',
  ];
  const EXPECTED = [
    [1, { city: 'Malmö', zip: '211 22' }, { pos: { lat: 55.5, lon: 13 }, tags: ['a'] }, [{ sku: 's1', qty: 2 }, { sku: 's2', qty: null }]],
    [2, { city: 'Zürich', zip: null }, { pos: { lat: 47.25, lon: null }, tags: null }, [{ sku: null, qty: 1 }, { sku: null, qty: null }]],
    [3, { city: null, zip: null }, { pos: null, tags: null }, []],
    [4, { city: null, zip: null }, { pos: null, tags: null }, [null, { sku: null, qty: null }]],
    [5, null, null, null],
    [6, null, null, null],
    [7, { city: 'Oslo', zip: '0150' }, { pos: { lat: 59.75, lon: 10.5 }, tags: null }, null],
  ];

  it('an absent nested key is NULL (structs in structs, structs in arrays), whether a file is read whole or line by line', async () => {
    // one spelling of `id` throughout: read by read_json; `ID` on line 6: the file is read line by line
    await t.storage.put(BUCKET, 'nested-whole/a.json', lines('id').join('\n'));
    await t.storage.put(BUCKET, 'nested-lines/a.json', lines('ID').join('\n'));
    await q(t, jsonDdl('serde.nested_whole', COLUMNS, 'nested-whole'));
    await q(t, jsonDdl('serde.nested_lines', COLUMNS, 'nested-lines'));
    await q(t, jsonDdl('serde.nested_lenient', COLUMNS, 'nested-lines', { 'ignore.malformed.json': 'TRUE' }));
    for (const table of ['nested_whole', 'nested_lines', 'nested_lenient']) {
      assert.deepEqual((await q(t, `SELECT id, address, geo, items FROM serde.${table} ORDER BY id`)).rows, EXPECTED, table);
      assert.deepEqual(
        (await q(t, `SELECT id, address.city, address.zip, geo.pos.lon, items[1].qty FROM serde.${table} WHERE id <= 2 ORDER BY id`)).rows,
        [
          [1, 'Malmö', '211 22', 13, 2],
          [2, 'Zürich', null, null, 1],
        ],
        table,
      );
    }
  });

  it('maps of structs: each value read with absent keys NULL', async () => {
    const text = (idKey: string) => [`{"${idKey}":1,"m":{"a":{"v":1},"b":{"v":2,"w":3},"c":null}}`, '{"id":2,"m":{}}', '{"id":3}', ''].join('\n');
    await t.storage.put(BUCKET, 'mapwhole/a.json', text('id'));
    await t.storage.put(BUCKET, 'maplines/a.json', text('ID'));
    for (const table of ['mapwhole', 'maplines']) {
      await q(t, jsonDdl(`serde.${table}`, 'id bigint, m map<string,struct<v:int,w:int>>', table));
      assert.deepEqual(
        (await q(t, `SELECT id, m FROM serde.${table} ORDER BY id`)).rows,
        [
          [1, { a: { v: 1, w: null }, b: { v: 2, w: 3 }, c: null }],
          [2, {}],
          [3, null],
        ],
        table,
      );
    }
  });

  it('the shop landing table: an address without zip no longer hides the other rows', async () => {
    // the shape of the reviewer's orders: `orderId` and `OrderID` in one file, one address without `zip`
    await t.storage.put(
      BUCKET,
      'orders/a.json',
      ['{"orderId":1,"address":{"city":"Malmö","zip":"211 22"}}', '{"OrderID":4,"address":{"city":"O\'Brien","zip":"0"}}', '{"orderId":6,"address":{"city":"Zürich"}}', ''].join('\n'),
    );
    await q(t, jsonDdl('serde.orders', 'orderid bigint, address struct<city:string,zip:string>', 'orders'));
    assert.deepEqual((await q(t, 'SELECT orderid, address.city, address.zip FROM serde.orders ORDER BY orderid')).rows, [
      [1, 'Malmö', '211 22'],
      [4, "O'Brien", '0'],
      [6, 'Zürich', null],
    ]);
  });

  it('a value of the wrong shape at any depth fails naming the object, the line and the field', async () => {
    // (Athena's OpenX SerDe fails on a string where a struct is declared too.) Bad values on hand-counted lines;
    // each table once read whole (one spelling) and once line by line (`ID` on line 1)
    const cases: { prefix: string; bad: string; line: number; field: string }[] = [
      { prefix: 'shape-top', bad: '{"id":3,"address":"Zürich"}', line: 3, field: 'address' },
      { prefix: 'shape-deep', bad: '{"id":3,"geo":{"pos":"north"}}', line: 3, field: 'geo.pos' },
      { prefix: 'shape-array', bad: '{"id":3,"items":[{"sku":"a","qty":1},{"sku":"b","qty":"many"}]}', line: 3, field: 'items[1].qty' },
      { prefix: 'shape-notarray', bad: '{"id":3,"geo":{"tags":{"a":1}}}', line: 3, field: 'geo.tags' },
    ];
    for (const c of cases) {
      for (const [suffix, first] of [
        ['whole', '{"id":1,"address":{"city":"a"}}'],
        ['lines', '{"ID":1,"address":{"city":"a"}}'],
      ] as const) {
        const prefix = `${c.prefix}-${suffix}`;
        await t.storage.put(BUCKET, `${prefix}/a.json`, [first, '{"id":2,"items":[{"sku":"x"}]}', c.bad, '{"id":4}', ''].join('\n'));
        const table = `serde.${prefix.replace(/-/g, '_')}`;
        await q(t, jsonDdl(table, COLUMNS, prefix));
        const e = await fails(t, `SELECT id, address.city, geo, items FROM ${table}`);
        assert.match(e.error!.message, new RegExp(`^s3://${BUCKET}/${prefix}/a\\.json line ${c.line}: field "${c.field.replace(/[[\]]/g, '\\$&')}" `), e.error!.message);
        assert.doesNotMatch(e.error!.message, /\.lakehouse|Try setting/);
      }
    }
  });
});

describe('malformed lines', () => {
  // What the SerDe does with each line (rcongiu/Hive-JSON-Serde JsonSerDe.deserialize: a line not starting with `{` or
  // `[` gives no object, a JSONException with ignore.malformed.json gives `new JSONObject("{}")`; Trino's
  // trino-hive-formats openxjson/README.md "Line Format": "If the first non-whitespace character of the line is not
  // `{` or `[`, a row with all fields set to null is produced", "A parser failure can be ignored by setting the
  // ignore.malformed.json table property, and in this case a row with all fields set to null is produced").
  // line 1 ok, line 2 ok, line 3 malformed, line 4 ok, line 5 not JSON, line 6 blank, line 7 ok (hand-counted)
  const GOOD_BAD = ['{"id": 1, "v": "a"}', '{"id": 2, "v": "b"}', '{"id": 3, "v": ', '{"id": 4, "v": "d"}', 'not json at all', '', '  {"id": 7, "v": "g"}', ''].join('\n');

  it("ignore.malformed.json='TRUE': a malformed line is a row of NULLs, as are blank lines and lines that are not JSON", async () => {
    await t.storage.put(BUCKET, 'lenient/a.json', GOOD_BAD);
    await t.storage.put(BUCKET, 'lenient/b.json', ndjson([{ ID: 5, V: 'e' }]));
    await q(t, jsonDdl('serde.lenient', 'id bigint, v string', 'lenient', { 'ignore.malformed.json': 'TRUE' }));
    const r = await q(t, 'SELECT id, v FROM serde.lenient ORDER BY id NULLS LAST');
    assert.deepEqual(r.rows, [
      [1, 'a'],
      [2, 'b'],
      [4, 'd'],
      [5, 'e'],
      [7, 'g'],
      [null, null],
      [null, null],
      [null, null],
    ]);
    const nulls = await t.queries.nullRowLines((await t.catalog.table('serde', 'lenient'))!);
    assert.deepEqual([...nulls], [[`s3://${BUCKET}/lenient/a.json`, 3]]);
    // the query says so in its message, per object (Athena says nothing: this is for the user's eyes)
    assert.equal(
      r.exec.message,
      `3 line(s) read as rows of NULLs, as Athena's JSON SerDe reads them (blank, not a JSON object, or malformed with ignore.malformed.json): s3://${BUCKET}/lenient/a.json 3 (table serde.lenient)`,
    );
    // counted once per file: the count is kept with the file's key spellings (by path, size and mtime)
    await t.close();
    const cache = JSON.parse(await fs.readFile(path.join(project.root, '.lakehouse', 'cache', 'json-keys.json'), 'utf8')) as Record<string, { blank?: number; malformed?: number }>;
    const counted = Object.entries(cache).filter(([f]) => f.includes(`${path.sep}lenient${path.sep}`)).map(([f, e]) => [path.basename(f), e.blank, e.malformed]);
    assert.deepEqual(counted.sort(), [
      ['a.json', 2, 1],
      ['b.json', 0, 0],
    ]);
    t = await project.open();
    // a file changed since: counted again (one more malformed line in b.json); a view over the table says it too
    await t.storage.put(BUCKET, 'lenient/b.json', `${ndjson([{ ID: 5, V: 'e' }])}{oops\n`);
    await q(t, 'CREATE VIEW serde.lenient_view AS SELECT id FROM serde.lenient');
    const again = await q(t, 'SELECT count(*), count(id) FROM serde.lenient_view');
    assert.deepEqual(again.rows, [[9, 5]]);
    assert.match(again.exec.message!, new RegExp(`^4 line\\(s\\) read as rows of NULLs.*: s3://${BUCKET}/lenient/a\\.json 3, s3://${BUCKET}/lenient/b\\.json 1 \\(table serde\\.lenient\\)$`));
    // CTAS reading it: its own message, then the lines read as NULLs
    const ctas = await q(t, `CREATE TABLE serde.lenient_copy WITH (format='JSON', external_location='s3://${BUCKET}/lenient_copy/') AS SELECT * FROM serde.lenient`);
    assert.match(ctas.exec.message!, /^Table serde\.lenient_copy created with 9 rows; 4 line\(s\) read as rows of NULLs/);
    // a table whose files have none: no message
    assert.equal((await q(t, 'SELECT count(*) FROM serde.lenient_copy')).exec.message, undefined);
  });

  it("ignore.malformed.json='FALSE' (or absent): a malformed line fails every query, naming the object and the right line; blank and non-JSON lines are rows of NULLs", async () => {
    // the first malformed line is line 3
    await t.storage.put(BUCKET, 'strict/a.json', GOOD_BAD);
    await q(t, jsonDdl('serde.strict', 'id bigint, v string', 'strict', { 'ignore.malformed.json': 'FALSE' }));
    const e = await fails(t, 'SELECT id, v FROM serde.strict');
    assert.match(e.error!.message, new RegExp(`s3://${BUCKET}/strict/a\\.json line 3: malformed JSON\\b`));
    assert.doesNotMatch(e.error!.message, /\.lakehouse/, 'the object, not the local file');
    // and says the OpenX SerDe's way out (Athena User Guide, parsing-JSON.md: "Provide an option to ignore malformed records")
    assert.match(e.error!.message, /: fix the line, or read it as a row of NULLs with WITH SERDEPROPERTIES \('ignore\.malformed\.json'='true'\) in the table's DDL/);
    // Hive's JSON SerDe has no such property: no such advice
    await q(t, `CREATE EXTERNAL TABLE serde.strict_hive (id bigint, v string) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' LOCATION 's3://${BUCKET}/strict/'`);
    const hive = await fails(t, 'SELECT id, v FROM serde.strict_hive');
    assert.match(hive.error!.message, new RegExp(`s3://${BUCKET}/strict/a\\.json line 3: malformed JSON`));
    assert.doesNotMatch(hive.error!.message, /ignore\.malformed\.json/);
    // a count fails too (Athena fails the queries that decode the line; the local engine refuses them all)
    assert.match((await fails(t, 'SELECT count(*) FROM serde.strict')).error!.message, new RegExp(`s3://${BUCKET}/strict/a\\.json line 3\\b`));
    // a malformed line after many good lines
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ id: i + 1, v: `v${i + 1}` }));
    lines.splice(1000, 0, '{"id": oops}'); // becomes line 1001
    await t.storage.put(BUCKET, 'strict2/a.json', `${lines.join('\n')}\n`);
    await q(t, jsonDdl('serde.strict2', 'id bigint, v string', 'strict2'));
    assert.match((await fails(t, 'SELECT count(*) FROM serde.strict2')).error!.message, new RegExp(`s3://${BUCKET}/strict2/a\\.json line 1001\\b`));
    // lines that are not JSON objects, and blank ones, are rows of NULLs without ignore.malformed.json too
    await t.storage.put(BUCKET, 'strict3/a.json', 'nope\n{"id": 1}\n\n   \n{"id": 2}\n');
    await q(t, jsonDdl('serde.strict3', 'id bigint', 'strict3'));
    const r = await q(t, 'SELECT count(*), count(id), sum(id) FROM serde.strict3');
    assert.deepEqual(r.rows, [[5, 2, 3]]);
    assert.match(r.exec.message!, new RegExp(`^3 line\\(s\\) read as rows of NULLs.*s3://${BUCKET}/strict3/a\\.json 3 `));
  });

  it('a key twice in one object fails the query naming it — with case.insensitive (the default) whatever its case; a row of NULLs with ignore.malformed.json', async () => {
    // Athena's OpenX JSON SerDe page: "the OpenX JSON SerDe does not allow duplicate keys in map or struct key names";
    // awsdocs/amazon-athena-user-guide#46: "if you have the properties "URL" and "Url" you will get a duplicate key
    // error (HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: Duplicate key "url")"
    await t.storage.put(BUCKET, 'dups/a.json', '{"id": 1, "email": "a@x"}\n{"id": 2, "email": "b@x", "EMAIL": "B@X"}\n');
    await q(t, jsonDdl('serde.dups', 'id bigint, email string', 'dups'));
    const e = await fails(t, 'SELECT email FROM serde.dups');
    assert.match(e.error!.message, new RegExp(`s3://${BUCKET}/dups/a\\.json line 2: malformed JSON: Duplicate key "email"`));
    await q(t, jsonDdl('serde.dups_lenient', 'id bigint, email string', 'dups', { 'ignore.malformed.json': 'TRUE' }));
    assert.deepEqual((await q(t, 'SELECT id, email FROM serde.dups_lenient ORDER BY id NULLS LAST')).rows, [
      [1, 'a@x'],
      [null, null],
    ]);
    // case.insensitive=FALSE: "email" and "EMAIL" are two keys, and the column reads "email" only
    await q(t, jsonDdl('serde.dups_cs', 'id bigint, email string', 'dups', { 'case.insensitive': 'FALSE' }));
    assert.deepEqual((await q(t, 'SELECT id, email FROM serde.dups_cs ORDER BY id')).rows, [
      [1, 'a@x'],
      [2, 'b@x'],
    ]);
    // the same key twice exactly fails whatever case.insensitive says
    await t.storage.put(BUCKET, 'dups2/a.json', '{"id": 1, "id": 2}\n');
    await q(t, jsonDdl('serde.dups2', 'id bigint', 'dups2', { 'case.insensitive': 'FALSE' }));
    assert.match((await fails(t, 'SELECT id FROM serde.dups2')).error!.message, /line 1: malformed JSON: Duplicate key "id"/);
  });

  it("case.insensitive='FALSE': a column reads its lower-case name (or its mapping) exactly; nested fields likewise", async () => {
    // trino-hive-formats openxjson/README.md, ROW: "When case-insensitivity is disabled, fields containing uppercase
    // names will never match as Hive field names are always lowercase"; `mapping.{field-name}=key` matches the key
    await t.storage.put(BUCKET, 'cs/a.json', '{"userId": 1, "name": "Ann", "Addr": {"City": "Bern", "zip": "3000"}}\n');
    await q(t, jsonDdl('serde.cs', 'userid bigint, name string, addr struct<city:string,zip:string>', 'cs', { 'case.insensitive': 'FALSE' }));
    assert.deepEqual((await q(t, 'SELECT userid, name, addr FROM serde.cs')).rows, [[null, 'Ann', null]]);
    await q(t, jsonDdl('serde.cs_mapped', 'userid bigint, addr struct<city:string,zip:string>', 'cs', { 'case.insensitive': 'FALSE', 'mapping.userid': 'userId', 'mapping.addr': 'Addr' }));
    assert.deepEqual((await q(t, 'SELECT userid, addr FROM serde.cs_mapped')).rows, [[1, { city: null, zip: '3000' }]]);
  });

  it('mapping.<field> names the key of a struct field too, at any depth (OpenX), read whole or line by line', async () => {
    // Athena's OpenX JSON SerDe page: "If you have a field name with colons inside a struct, you can use the mapping
    // property … ("mapping.my_struct_field" = "my:struct:field")"; trino-hive-formats openxjson/README.md, ROW:
    // "mapping.{field-name}=key: Matches the field to the specified key. This behavior is affected by the
    // case.insensitivity property"
    await t.storage.put(BUCKET, 'colon/a.json', '{"item": {"my:struct:field": "v1", "other": 1}, "list": [{"My:Struct:Field": "v2"}]}\n');
    await t.storage.put(BUCKET, 'colon/b.json', '{"item": {"my:struct:field": "v3"}}\n\n');
    await q(t, jsonDdl('serde.colon', 'item struct<my_struct_field:string>, list array<struct<my_struct_field:string>>', 'colon', { 'mapping.my_struct_field': 'my:struct:field' }));
    assert.deepEqual(sorted((await q(t, 'SELECT item.my_struct_field, list FROM serde.colon WHERE item IS NOT NULL')).rows), [
      ['v1', [{ my_struct_field: 'v2' }]],
      ['v3', null],
    ]);
    // case.insensitive FALSE: the mapped key exactly
    await q(t, jsonDdl('serde.colon_cs', 'list array<struct<my_struct_field:string>>', 'colon', { 'mapping.my_struct_field': 'my:struct:field', 'case.insensitive': 'FALSE' }));
    assert.deepEqual((await q(t, 'SELECT list FROM serde.colon_cs WHERE list IS NOT NULL')).rows, [[[{ my_struct_field: null }]]]);
  });

  it('case.insensitive FALSE with two columns mapped to keys equal but for case (URL, Url) reads each its own key', async () => {
    // Athena's OpenX JSON SerDe page: "set the case.insensitive property to FALSE and map the keys to different
    // names … "mapping.url1" = "URL", "mapping.url2" = "Url""; DuckDB's reader alone takes the two for one
    await t.storage.put(BUCKET, 'urls/a.json', '{"URL": "https://a.example/", "Url": "https://b.example/"}\n');
    await q(t, jsonDdl('serde.urls', 'url1 string, url2 string', 'urls', { 'case.insensitive': 'FALSE', 'mapping.url1': 'URL', 'mapping.url2': 'Url' }));
    assert.deepEqual((await q(t, 'SELECT url1, url2 FROM serde.urls')).rows, [['https://a.example/', 'https://b.example/']]);
    // with case.insensitive (the default) the two keys are one key twice: Athena's "Duplicate key "url""
    await q(t, jsonDdl('serde.urls_ci', 'url string', 'urls'));
    assert.match((await fails(t, 'SELECT url FROM serde.urls_ci')).error!.message, /Duplicate key "url"/);
  });

  it('nested struct fields match keys whatever their case (case.insensitive, the default), read whole or line by line', async () => {
    // trino-hive-formats openxjson/README.md, ROW: "case.insensitive (default true): Keys are mapped to fields using a
    // case-insensitive name match"; the SerDe applies it at every depth (rcongiu lower-cases every key it parses)
    await t.storage.put(BUCKET, 'nestedcase/a.json', '{"id": 1, "Customer": {"FirstName": "Ann", "Address": {"ZIP": "3000"}}, "items": [{"SKU": "x1"}]}\n');
    await t.storage.put(BUCKET, 'nestedcase/b.json', '{"id": 2, "customer": {"firstname": "Bob", "address": {"zip": "4000"}}, "ITEMS": [{"sku": "y2"}]}\n\n');
    await q(t, jsonDdl('serde.nestedcase', 'id bigint, customer struct<firstname:string,address:struct<zip:string>>, items array<struct<sku:string>>', 'nestedcase'));
    assert.deepEqual((await q(t, 'SELECT id, customer, items FROM serde.nestedcase WHERE id IS NOT NULL ORDER BY id')).rows, [
      [1, { firstname: 'Ann', address: { zip: '3000' } }, [{ sku: 'x1' }]],
      [2, { firstname: 'Bob', address: { zip: '4000' } }, [{ sku: 'y2' }]],
    ]);
  });

  it("dots.in.keys='TRUE': a key a.b fills the column a_b when no key matches exactly", async () => {
    // Athena's OpenX JSON SerDe page, dots.in.keys: "if the JSON dataset contains a key with the name "a.b", you can
    // use this property to define the column name to be "a_b" in Athena"
    await t.storage.put(BUCKET, 'dots/a.json', '{"a.b": 1, "c_d": 2, "c.d": 3}\n');
    await q(t, jsonDdl('serde.dots', 'a_b int, c_d int', 'dots', { 'dots.in.keys': 'TRUE' }));
    assert.deepEqual((await q(t, 'SELECT a_b, c_d FROM serde.dots')).rows, [[1, 2]]);
    await q(t, jsonDdl('serde.nodots', 'a_b int, c_d int', 'dots'));
    assert.deepEqual((await q(t, 'SELECT a_b, c_d FROM serde.nodots')).rows, [[null, 2]]);
  });

  it("ignore.malformed.json: a line Athena's lenient parser may read (unquoted key, single quotes, text after the object) is refused, not read as NULLs", async () => {
    // trino-hive-formats openxjson/README.md "Line Format": "The line is parsed using the very lenient open-json
    // parser" and "Any text after the close of the JSON object or array is ignored"
    for (const [dir, line] of [
      ['lenient_unquoted', '{id: 2}'],
      ['lenient_single', "{'id': 2}"],
      ['lenient_trailing', '{"id": 2} trailing'],
    ] as const) {
      await t.storage.put(BUCKET, `${dir}/a.json`, `{"id": 1}\n${line}\n{"id": 3, "v": \n`);
      await q(t, jsonDdl(`serde.${dir}`, 'id bigint', dir, { 'ignore.malformed.json': 'TRUE' }));
      const e = await fails(t, `SELECT count(*) FROM serde.${dir}`);
      assert.match(e.error!.message, new RegExp(`s3://${BUCKET}/${dir}/a\\.json line 2: the line is not JSON, but Athena's lenient JSON parser may read it`));
    }
    // a line no parser reads (line 3 above) is a row of NULLs, as before
    await t.storage.put(BUCKET, 'lenient_broken/a.json', '{"id": 1}\n{"id": 3, "v": \n');
    await q(t, jsonDdl('serde.lenient_broken', 'id bigint', 'lenient_broken', { 'ignore.malformed.json': 'TRUE' }));
    assert.deepEqual((await q(t, 'SELECT count(*), count(id) FROM serde.lenient_broken')).rows, [[2, 1]]);
  });

  it('a line that is a JSON array (which the SerDe reads by position) is refused, naming the object and the line', async () => {
    await t.storage.put(BUCKET, 'arrays/a.json', '{"id": 1}\n[2, "b"]\n');
    await q(t, jsonDdl('serde.arrays', 'id bigint, v string', 'arrays', { 'ignore.malformed.json': 'TRUE' }));
    assert.match((await fails(t, 'SELECT * FROM serde.arrays')).error!.message, new RegExp(`s3://${BUCKET}/arrays/a\\.json line 2: the line is a JSON array.*not supported by the local engine`));
  });

  it('a byte that is not UTF-8 inside a string is reported on its own line (DuckDB names the next one)', async () => {
    // line 4 holds the bytes FF FE inside a string; lines end with CRLF in the second file (hand-counted)
    const bad = (eol: string) =>
      Buffer.concat([
        Buffer.from(['{"id": 1, "v": "a"}', '{"id": 2, "v": "b"}', '{"id": 3, "v": "c"}', '{"id": 4, "v": "d'].join(eol)),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`e"}${eol}{"id": 5, "v": "f"}${eol}`),
      ]);
    await t.storage.put(BUCKET, 'utf8bad/a.json', bad('\n'));
    await t.storage.put(BUCKET, 'utf8badcrlf/a.json', bad('\r\n'));
    await q(t, jsonDdl('serde.utf8bad', 'id bigint, v string', 'utf8bad'));
    await q(t, jsonDdl('serde.utf8badcrlf', 'id bigint, v string', 'utf8badcrlf'));
    // the byte's offset: three lines of 19 characters and their ends, then '{"id": 4, "v": "d' (17): 77 with LF, 80 with CRLF
    for (const [table, offset] of [['utf8bad', 77], ['utf8badcrlf', 80]] as const) {
      const e = await fails(t, `SELECT count(*) FROM serde.${table}`);
      assert.match(e.error!.message, new RegExp(`s3://${BUCKET}/${table}/a\\.json line 4: the object is not UTF-8 text \\(byte 0xFF at offset ${offset}\\): not supported by the local engine`));
    }
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

  it('the message reads as English whatever the type: "not an int", "not a bigint"', async () => {
    await t.storage.put(BUCKET, 'typedint/a.json', ['{"n": 1}', '{"n": "seven"}', ''].join('\n'));
    await q(t, jsonDdl('serde.typedint', 'n int', 'typedint'));
    assert.match((await fails(t, 'SELECT n FROM serde.typedint')).error!.message, /line 2: field "n" is "seven", not an int \(column n int\)/);
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
    assert.match((await fails(t, 'SELECT * FROM serde.toolarge')).error!.message, new RegExp(`s3://${BUCKET}/toolarge/a\\.json line 2\\b.*"n" is 2147483648, out of the range of an int`));
    assert.match((await fails(t, 'SELECT * FROM serde.toolarge64')).error!.message, new RegExp(`s3://${BUCKET}/toolarge64/a\\.json line 3\\b.*"n"`));
  });

  // OpenXJsonDeserializer.parseLong (trinodb/trino lib/trino-hive-formats …/line/openxjson, commit 110c9818): a text
  // Long.parseLong refuses is read as `new BigDecimal(value).setScale(0, RoundingMode.DOWN).longValueExact()` —
  // 3.7 is 3, -2.5 is -2, -3.7 is -3, 1e3 is 1000 — in a column, an array and a struct alike (DuckDB rounds: 4, -4)
  it('a number with a fraction in an integer column is truncated toward zero, as the SerDe does', async () => {
    await t.storage.put(BUCKET, 'fractions/a.json', ndjson([{ id: 1, n: 3.7, a: [1.9, -1.9], s: { v: 2.5 } }, { id: 2, n: -3.7, a: [], s: { v: -2.5 } }, { id: 3, n: 1e3 }, { id: 4, n: '2.9' }]));
    await q(t, jsonDdl('serde.fractions', 'id int, n bigint, a array<int>, s struct<v:smallint>', 'fractions'));
    assert.deepEqual(JSON.parse(JSON.stringify((await q(t, 'SELECT n, a, s.v FROM serde.fractions ORDER BY id')).rows)), [
      [3, [1, -1], 2],
      [-3, [], -2],
      [1000, null, null],
      [2, null, null],
    ]);
    // a bad value after a fraction is still named at its own line (line 3, hand-counted)
    await t.storage.put(BUCKET, 'fractionsbad/a.json', ['{"n": 1.5}', '{"n": 2}', '{"n": "x"}', ''].join('\n'));
    await q(t, jsonDdl('serde.fractionsbad', 'n bigint', 'fractionsbad'));
    assert.match((await fails(t, 'SELECT sum(n) FROM serde.fractionsbad')).error!.message, new RegExp(`s3://${BUCKET}/fractionsbad/a\\.json line 3\\b`));
  });

  // trinodb/trino …/line/json/JsonDeserializer.java (commit 110c9818): IntegerDecoder reads `parser.getIntValue()`,
  // Jackson's numeric accessor, which fails on a string token; a float token it truncates ((int) double)
  it('the Hive JSON SerDe reads only numbers into an integer column: a numeric string fails naming its line', async () => {
    await t.storage.put(BUCKET, 'hivenum/a.json', ['{"n": 2.9}', '{"n": "12"}', ''].join('\n'));
    await q(t, `CREATE EXTERNAL TABLE serde.hivenum (n int) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' LOCATION 's3://${BUCKET}/hivenum/'`);
    assert.match((await fails(t, 'SELECT n FROM serde.hivenum')).error!.message, new RegExp(`s3://${BUCKET}/hivenum/a\\.json line 2: field "n" is "12", a string`));
    await t.storage.put(BUCKET, 'hivenum2/a.json', ['{"n": 2.9}', '{"n": -12}', ''].join('\n'));
    await q(t, `CREATE EXTERNAL TABLE serde.hivenum2 (n int) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' LOCATION 's3://${BUCKET}/hivenum2/'`);
    assert.deepEqual((await q(t, 'SELECT n FROM serde.hivenum2')).rows, [[2], [-12]]);
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
