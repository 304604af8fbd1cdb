/**
 * UNLOAD on the local engine, from the examples of https://docs.aws.amazon.com/athena/latest/ug/unload.html: the
 * files written (where, which format, compressed as Athena compresses them), the rows a table over them then reads,
 * the answer (rows written, no rows returned), and what Athena refuses (a location with data) or the local engine
 * cannot write (ORC, Avro).
 */
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import * as path from 'node:path';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, ndjson, q, tempProject, type TestProject } from '../engine/helpers';

let project: TestProject;
let t: LocalTarget;
const DB = 'sales';
const DOC_BUCKET = 'doc-example-bucket';

const OLD = [
  { name1: 'Ann', address1: 'Lisbon', comment1: 'first', key1: 'a', amount: 1.5 },
  { name1: 'Bo', address1: 'Oslo', comment1: null, key1: 'b', amount: 2.25 },
  { name1: 'Cy', address1: 'Rome', comment1: 'third', key1: 'a', amount: -3 },
];

async function objects(bucket: string, prefix: string): Promise<string[]> {
  return (await t.storage.list(bucket, { prefix })).objects.map((o) => o.key).sort();
}

before(async () => {
  project = await tempProject(DB);
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  for (const b of [DOC_BUCKET, 'unload-parquet', 'unload-zstd']) await t.storage.createBucket(b);
  await t.storage.put(BUCKET, 'old_table/o.json', ndjson(OLD));
  await q(t, `CREATE DATABASE ${DB}`);
  await q(t, `CREATE EXTERNAL TABLE old_table (name1 string, address1 string, comment1 string, key1 string, amount double) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/old_table/'`, DB);
  await q(t, `CREATE EXTERNAL TABLE table1 (name1 string, address1 string, comment1 string, key1 string, amount double) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/old_table/'`, DB);
});
after(async () => {
  await project.cleanup();
});

const sortedRows = (rows: unknown[][]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('UNLOAD (https://docs.aws.amazon.com/athena/latest/ug/unload.html)', () => {
  it('JSON: gzip-compressed newline-delimited JSON; the answer is the rows written; a table over it reads them', async () => {
    const r = await q(t, `UNLOAD (SELECT * FROM old_table) 
TO 's3://${DOC_BUCKET}/unload_test_1/' 
WITH (format = 'JSON')`, DB);
    assert.equal(r.exec.statistics?.rows, OLD.length);
    assert.deepEqual(r.rows, []);
    // no table is made
    assert.deepEqual((await t.catalog.tables(DB)).map((x) => x.name).sort(), ['old_table', 'table1']);
    const files = await objects(DOC_BUCKET, 'unload_test_1/');
    assert.ok(files.length > 0 && files.every((k) => k.endsWith('.gz')), files.join());
    const lines = (await Promise.all(files.map(async (k) => gunzipSync(await t.storage.get(DOC_BUCKET, k)).toString('utf8').trim().split('\n')))).flat();
    assert.deepEqual(
      lines.map((l) => JSON.parse(l)).sort((a, b) => a.name1.localeCompare(b.name1)),
      OLD,
    );
    await q(t, `CREATE EXTERNAL TABLE unloaded_json (name1 string, amount double) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${DOC_BUCKET}/unload_test_1/'`, DB);
    assert.deepEqual(sortedRows((await q(t, 'SELECT name1, amount FROM unloaded_json', DB)).rows), OLD.map((o) => [o.name1, o.amount]));
  });

  // a decimal as Java's BigDecimal.toString() text, a JSON number, as CTAS format = 'JSON' writes it (UNLOAD's formats
  // are CTAS's; trinodb/trino lib/trino-hive-formats/…/line/json/JsonSerializer.java:
  // `generator.writeNumber(value.toBigDecimal().toString())`) — `5.50`, `1E-8`, where DuckDB alone writes `5.5`, `1e-8`
  it('JSON: a decimal is written as Java BigDecimal text (5.50, 1E-8)', async () => {
    await q(t, `UNLOAD (SELECT CAST(5.50 AS decimal(10,2)) AS d, CAST(0.00000001 AS decimal(10,8)) AS tiny) TO 's3://${DOC_BUCKET}/unload_dec/' WITH (format = 'JSON')`, DB);
    const files = await objects(DOC_BUCKET, 'unload_dec/');
    assert.equal(files.length, 1);
    assert.equal(gunzipSync(await t.storage.get(DOC_BUCKET, files[0]!)).toString('utf8'), '{"d":5.50,"tiny":1E-8}\n');
  });

  it('the location must hold no data: a second UNLOAD there fails and writes nothing', async () => {
    const before = await objects(DOC_BUCKET, 'unload_test_1/');
    const e = await fails(t, `UNLOAD (SELECT * FROM old_table)\nTO 's3://${DOC_BUCKET}/unload_test_1/'\nWITH (format = 'JSON')`, DB);
    assert.equal(e.error!.message, `line 2:4: UNLOAD: the location s3://${DOC_BUCKET}/unload_test_1/ is not empty; Athena writes only to a location that has no data`);
    assert.deepEqual(await objects(DOC_BUCKET, 'unload_test_1/'), before);
    // a location that would leave its bucket on disk is refused before anything runs
    const escape = await fails(t, `UNLOAD (SELECT 1 AS a) TO 's3://${DOC_BUCKET}/../../outside/' WITH (format = 'JSON')`, DB);
    assert.match(escape.error!.message, /^line 1:27: .*\.\./);
    const nobucket = await fails(t, "UNLOAD (SELECT 1 AS a) TO 's3://no-such-bucket/x/' WITH (format = 'JSON')", DB);
    assert.equal(nobucket.error!.message, 'line 1:27: UNLOAD: the bucket no-such-bucket does not exist');
  });

  it('PARQUET with SNAPPY compression, at the root of a bucket', async () => {
    await q(t, `UNLOAD (SELECT * FROM old_table) 
TO 's3://unload-parquet/' 
WITH (format = 'PARQUET',compression = 'SNAPPY')`, DB);
    const files = await objects('unload-parquet', '');
    assert.ok(files.length > 0 && files.every((k) => k.endsWith('.parquet')), files.join());
    const duck = await DuckDBInstance.create(':memory:');
    const conn = await duck.connect();
    try {
      const file = path.join(t.storage.prefixPath('unload-parquet', ''), files[0]!);
      const codecs = (await conn.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`)).getRowsJson();
      assert.deepEqual(codecs, [['SNAPPY']]);
      const rows = (await conn.runAndReadAll(`SELECT name1, comment1, amount FROM read_parquet('${file}') ORDER BY name1`)).getRowsJson();
      assert.deepEqual(rows, OLD.map((o) => [o.name1, o.comment1, o.amount]));
    } finally {
      conn.closeSync();
      duck.closeSync();
    }
  });

  it("TEXTFILE partitioned by the last column: key1=<value>/ folders of gzip'd Hive text (\\001 between fields, \\N for NULL)", async () => {
    const r = await q(t, `UNLOAD (SELECT name1, address1, comment1, key1 FROM table1) 
TO 's3://${DOC_BUCKET}/partitioned/' 
WITH (format = 'TEXTFILE', partitioned_by = ARRAY['key1'])`, DB);
    assert.equal(r.exec.statistics?.rows, OLD.length);
    const files = await objects(DOC_BUCKET, 'partitioned/');
    assert.deepEqual([...new Set(files.map((k) => k.split('/')[1]))], ['key1=a', 'key1=b']);
    const text = async (prefix: string) =>
      (await Promise.all(files.filter((k) => k.startsWith(prefix)).map(async (k) => gunzipSync(await t.storage.get(DOC_BUCKET, k)).toString('utf8'))))
        .join('')
        .trim()
        .split('\n')
        .sort();
    assert.deepEqual(await text('partitioned/key1=b/'), ['Bo\u0001Oslo\u0001\\N']);
    assert.deepEqual(await text('partitioned/key1=a/'), ['Ann\u0001Lisbon\u0001first', 'Cy\u0001Rome\u0001third']);
    // a table over it, its partitions found by MSCK REPAIR TABLE
    await q(t, `CREATE EXTERNAL TABLE unloaded_text (name1 string, address1 string, comment1 string) PARTITIONED BY (key1 string) LOCATION 's3://${DOC_BUCKET}/partitioned/'`, DB);
    await q(t, 'MSCK REPAIR TABLE unloaded_text', DB);
    assert.deepEqual(
      sortedRows((await q(t, 'SELECT name1, address1, comment1, key1 FROM unloaded_text', DB)).rows),
      OLD.map((o) => [o.name1, o.address1, o.comment1, o.key1]),
    );
  });

  it('PARQUET with ZSTD and a compression level; TEXTFILE with a field delimiter', async () => {
    await q(t, `UNLOAD (SELECT * FROM old_table) 
TO 's3://unload-zstd/' 
WITH (format = 'PARQUET', compression = 'ZSTD', compression_level = 4)`, DB);
    assert.ok((await objects('unload-zstd', '')).length > 0);
    await q(t, `UNLOAD (SELECT name1, amount FROM old_table WHERE amount > 0) TO 's3://${DOC_BUCKET}/commas/' WITH (format = 'TEXTFILE', field_delimiter = ',')`, DB);
    const [file] = await objects(DOC_BUCKET, 'commas/');
    assert.deepEqual(gunzipSync(await t.storage.get(DOC_BUCKET, file!)).toString('utf8').trim().split('\n').sort(), ['Ann,1.5', 'Bo,2.25']);
  });

  // trinodb/trino lib/trino-hive-formats …/encodings/text: ListEncoding and StructEncoding join items with the
  // separator of their level (\u0002 for a column's own items, \u0003 one level down …), MapEncoding joins entries
  // with its level's separator and a key from its value with the next, a NULL item is the null sequence (\N);
  // BinaryEncoding writes java.util.Base64. (DuckDB's own text, `[a, b]` and `{k=1}`, read back as one element.)
  it('TEXTFILE arrays, maps and structs in Hive\'s nested separators (CTAS and UNLOAD), read back the same', async () => {
    await q(t, `CREATE TABLE nested_text WITH (format = 'TEXTFILE', field_delimiter = ',', external_location = 's3://${DOC_BUCKET}/nested_ctas/') AS
SELECT 1 AS id, ARRAY['a', NULL, 'b'] AS arr, MAP(ARRAY['k'], ARRAY[CAST(NULL AS integer)]) AS m,
  CAST(ROW(1.5, 'x', ARRAY[1, 2]) AS ROW(d double, s varchar, a array(integer))) AS r, ARRAY[ARRAY[1, 2], ARRAY[3]] AS aa,
  MAP(ARRAY['z'], ARRAY[ARRAY['p', 'q']]) AS ma, CAST(ARRAY[] AS array(varchar)) AS empty, CAST(NULL AS array(varchar)) AS nul`, DB);
    const [file] = await objects(DOC_BUCKET, 'nested_ctas/');
    assert.equal(gunzipSync(await t.storage.get(DOC_BUCKET, file!)).toString('utf8'), '1,a\u0002\\N\u0002b,k\u0003\\N,1.5\u0002x\u00021\u00032,1\u00032\u00023,z\u0003p\u0004q,,\\N\n');
    assert.deepEqual(JSON.parse(JSON.stringify((await q(t, 'SELECT * FROM nested_text', DB)).rows)), [[1, ['a', null, 'b'], { k: null }, { d: 1.5, s: 'x', a: [1, 2] }, [[1, 2], [3]], { z: ['p', 'q'] }, [], null]]);
    await q(t, `UNLOAD (SELECT ARRAY['a', 'b'] AS arr, to_utf8('hi') AS bin) TO 's3://${DOC_BUCKET}/nested_unload/' WITH (format = 'TEXTFILE')`, DB);
    const [unloaded] = await objects(DOC_BUCKET, 'nested_unload/');
    assert.equal(gunzipSync(await t.storage.get(DOC_BUCKET, unloaded!)).toString('utf8'), 'a\u0002b\u0001aGk=\n');
  });

  it('ORC and AVRO are refused by name; bad properties are refused before anything runs', async () => {
    for (const format of ['ORC', 'AVRO']) {
      const e = await fails(t, `UNLOAD (SELECT * FROM old_table) TO 's3://${DOC_BUCKET}/${format}/' WITH (format = '${format}')`, DB);
      assert.match(e.error!.message, new RegExp(`^line 1:1: UNLOAD format '${format}' is not supported by the local engine \\(DuckDB cannot write (ORC|Avro) files\\); Athena has it$`));
    }
    assert.equal((await fails(t, `UNLOAD (SELECT 1 AS a) TO 's3://${DOC_BUCKET}/x/' WITH (compression = 'GZIP')`, DB)).error!.message, "line 1:1: UNLOAD needs WITH (format = 'PARQUET' | 'ORC' | 'AVRO' | 'JSON' | 'TEXTFILE')");
    assert.match((await fails(t, `UNLOAD (SELECT 1 AS a) TO 's3://${DOC_BUCKET}/x/' WITH (format = 'TEXTFILE', field_delimiter = '||')`, DB)).error!.message, /field_delimiter must be one character/);
    const order = await fails(t, `UNLOAD (SELECT key1, name1 FROM old_table)\nTO 's3://${DOC_BUCKET}/y/' WITH (format = 'JSON', partitioned_by = ARRAY['key1'])`, DB);
    assert.equal(order.error!.message, 'line 1:9: Partition keys must be the last columns in the table and in the same order as the table properties: [key1]');
    assert.deepEqual(await objects(DOC_BUCKET, 'y/'), []);
  });
});
