/**
 * The hidden columns of Hive tables: `"$path"`, `"$file_size"`, `"$file_modified_time"`, `"$partition"`. Queries
 * from https://docs.aws.amazon.com/athena/latest/ug/select.html#select-path; names and types from trinodb/trino
 * plugin/trino-hive/src/main/java/io/trino/plugin/hive/HiveColumnHandle.java (varchar, bigint, timestamp(3) with
 * time zone, varchar). Expected values come from the objects written here (their keys, sizes and times).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, ndjson, q, tempProject, type TestProject } from '../engine/helpers';

let project: TestProject;
let t: LocalTarget;
const DB = 'my_database';

const FILES: Record<string, { id: number; v: string }[]> = {
  'my_table/year=2019/data_file1.json': [
    { id: 1, v: 'a' },
    { id: 2, v: 'b' },
  ],
  'my_table/year=2019/file-01.json': [{ id: 3, v: 'c' }],
  'my_table/year=2020/data_file2.json': [{ id: 4, v: 'd' }],
};

/** every object, with its hidden columns as Athena computes them */
const objects = new Map<string, { uri: string; size: number; modified: Date }>();

before(async () => {
  project = await tempProject(DB);
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  for (const [key, rows] of Object.entries(FILES)) await t.storage.put(BUCKET, key, ndjson(rows));
  for (const o of (await t.storage.list(BUCKET, { prefix: 'my_table/' })).objects) objects.set(o.key, { uri: `s3://${BUCKET}/${o.key}`, size: o.size, modified: o.lastModified });
  await q(t, `CREATE DATABASE ${DB}`);
  await q(t, `CREATE EXTERNAL TABLE my_table (id int, v string) PARTITIONED BY (year int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/my_table/'`, DB);
  await q(t, 'MSCK REPAIR TABLE my_table', DB);
  await t.storage.put(BUCKET, 'flat/one.csv', '1,x\n2,y\n');
  await q(t, `CREATE EXTERNAL TABLE flat (id int, v string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION 's3://${BUCKET}/flat/'`, DB);
});
after(async () => {
  await project.cleanup();
});

const fileOf = (id: number) => Object.entries(FILES).find(([, rows]) => rows.some((r) => r.id === id))![0];

describe('hidden columns', () => {
  it('"$path" is the s3:// URI of each row\'s object (select.html: Getting the file locations)', async () => {
    const r = await q(t, 'SELECT "$path" FROM "my_database"."my_table" WHERE year=2019;', DB);
    assert.deepEqual(r.columns, [{ name: '$path', type: 'varchar' }]);
    assert.deepEqual(
      r.rows.map((x) => x[0]).sort(),
      [1, 2, 3].map((id) => `s3://${BUCKET}/${fileOf(id)}`).sort(),
    );
    const distinct = await q(t, `SELECT DISTINCT "$path" AS data_source_file
FROM my_table
ORDER By data_source_file ASC`, DB);
    assert.deepEqual(distinct.rows, [...objects.values()].map((o) => [o.uri]).sort());
    const names = await q(t, `SELECT DISTINCT regexp_extract("$path", '[^/]+$') AS data_source_file
FROM my_table
ORDER By data_source_file ASC`, DB);
    assert.deepEqual(names.rows, [['data_file1.json'], ['data_file2.json'], ['file-01.json']]);
  });

  it('filters on "$path"; SELECT * does not show the hidden columns, SELECT *, "$path" shows it once', async () => {
    const uri = `s3://${BUCKET}/my_table/year=2019/file-01.json`;
    const r = await q(t, `SELECT *,"$path" FROM my_database.my_table WHERE "$path" = '${uri}'`, DB);
    assert.deepEqual(r.columns.map((c) => c.name), ['id', 'v', 'year', '$path']);
    assert.deepEqual(r.rows, [[3, 'c', 2019, uri]]);
    assert.deepEqual((await q(t, 'SELECT * FROM my_table ORDER BY id', DB)).columns.map((c) => c.name), ['id', 'v', 'year']);
    // with an alias, a qualified star, a join and a subquery
    const joined = await q(t, 'SELECT a.*, b."$path" AS other FROM my_table a JOIN flat b ON a.id = b.id ORDER BY a.id', DB);
    assert.deepEqual(joined.columns.map((c) => c.name), ['id', 'v', 'year', 'other']);
    assert.deepEqual(joined.rows, [
      [1, 'a', 2019, `s3://${BUCKET}/flat/one.csv`],
      [2, 'b', 2019, `s3://${BUCKET}/flat/one.csv`],
    ]);
    const sub = await q(t, 'SELECT * FROM (SELECT id, "$path" FROM my_table) s WHERE id = 4', DB);
    assert.deepEqual(sub.rows, [[4, `s3://${BUCKET}/my_table/year=2020/data_file2.json`]]);
  });

  it('"$file_size", "$file_modified_time" and "$partition" of each object, with their Trino types', async () => {
    const r = await q(t, 'SELECT DISTINCT "$path", "$file_size", "$file_modified_time", "$partition" FROM my_table ORDER BY 1', DB);
    assert.deepEqual(r.columns, [
      { name: '$path', type: 'varchar' },
      { name: '$file_size', type: 'bigint' },
      { name: '$file_modified_time', type: 'timestamp(3) with time zone' },
      { name: '$partition', type: 'varchar' },
    ]);
    const expected = [...objects.entries()].sort((a, b) => a[1].uri.localeCompare(b[1].uri));
    assert.equal(r.rows.length, expected.length);
    r.rows.forEach((row, i) => {
      const [key, o] = expected[i]!;
      assert.equal(row[0], o.uri);
      assert.equal(row[1], o.size);
      // timestamp(3) with time zone, as Athena shows it (`2026-01-02 03:04:05.000 UTC`): the object's LastModified
      // as the object store lists it — whole seconds, as S3 keeps it (the ListObjectsV2 reference's example:
      // `<LastModified>2009-10-12T17:50:30.000Z</LastModified>`,
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html), never the file's milliseconds
      assert.match(String(row[2]), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000 UTC$/);
      assert.equal(o.modified.getTime() % 1000, 0);
      assert.equal(new Date(String(row[2]).replace(' ', 'T').replace(/ UTC$/, 'Z')).getTime(), o.modified.getTime());
      assert.equal(row[3], key.split('/').slice(1, -1).join('/'));
    });
  });

  it('an unpartitioned table has no "$partition"; a name that is not a hidden column is an unknown column', async () => {
    assert.deepEqual((await q(t, 'SELECT "$file_size" FROM flat', DB)).rows, [[8], [8]]);
    assert.match((await fails(t, 'SELECT "$partition" FROM flat', DB)).error!.message, /\$partition/);
    assert.match((await fails(t, 'SELECT "$bucket" FROM my_table', DB)).error!.message, /\$bucket/);
  });

  it('files read line by line (a table that ignores malformed JSON) and Parquet files have them too', async () => {
    await t.storage.put(BUCKET, 'lenient/l.json', '{"id": 1}\nnot json\n{"id": 2}\n');
    await q(t, `CREATE EXTERNAL TABLE lenient (id int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true') LOCATION 's3://${BUCKET}/lenient/'`, DB);
    assert.deepEqual((await q(t, 'SELECT id, "$path" FROM lenient WHERE id IS NOT NULL ORDER BY id', DB)).rows, [
      [1, `s3://${BUCKET}/lenient/l.json`],
      [2, `s3://${BUCKET}/lenient/l.json`],
    ]);
    await q(t, `CREATE TABLE pq WITH (external_location = 's3://${BUCKET}/pq/') AS SELECT id, v FROM my_table`, DB);
    const paths = (await q(t, 'SELECT DISTINCT "$path" FROM pq', DB)).rows.map((r) => String(r[0]));
    assert.deepEqual(paths, (await t.storage.list(BUCKET, { prefix: 'pq/' })).objects.map((o) => `s3://${BUCKET}/${o.key}`));
  });

  it('a view may read them; a CTAS may keep them', async () => {
    await q(t, 'CREATE VIEW sources AS SELECT id, "$path" AS src FROM my_table', DB);
    assert.deepEqual((await q(t, 'SELECT src FROM sources WHERE id = 4', DB)).rows, [[`s3://${BUCKET}/my_table/year=2020/data_file2.json`]]);
    await q(t, `CREATE TABLE with_source WITH (format = 'JSON', external_location = 's3://${BUCKET}/with_source/') AS SELECT id, "$path" AS src FROM my_table WHERE id < 3`, DB);
    assert.deepEqual((await q(t, 'SELECT id, src FROM with_source ORDER BY id', DB)).rows, [
      [1, `s3://${BUCKET}/my_table/year=2019/data_file1.json`],
      [2, `s3://${BUCKET}/my_table/year=2019/data_file1.json`],
    ]);
  });
});
