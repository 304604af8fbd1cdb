/**
 * Arrays, maps and structs in delimited text tables (LazySimpleSerDe), as Athena reads them. The references:
 * - Athena, "Use a SerDe to create a table" (https://docs.aws.amazon.com/athena/latest/ug/serde-create-a-table.html):
 *   `ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' … COLLECTION ITEMS TERMINATED BY '|' MAP KEYS TERMINATED BY ':'`,
 *   the same as SERDEPROPERTIES 'collection.delim' and 'mapkey.delim';
 * - trinodb/trino lib/trino-hive-formats/src/main/java/io/trino/hive/formats/encodings/text/ (Athena engine 3's
 *   reader): TextEncodingOptions (commit 1b352a480bf794db5c4b53b7c492502e49438d07: separators \u0001 \u0002 \u0003
 *   \u0004 …, the first three set by field.delim, collection.delim — or Hive 1.x's colelction.delim — and
 *   mapkey.delim), TextColumnEncodingFactory (8e012f2037860b8abbcc27c4cba3249eae7712f1: a value at depth d splits on
 *   separator d+1; a map's entries on d+1 and its key from its value on d+2; the elements one level deeper),
 *   ListEncoding (6a48f56776a90a7a30e55afa73b2a04362d02dd3: an empty text is an empty array, an element equal to the
 *   null sequence NULL), MapEncoding (19a77c960e6abeedbca11dcb4f37480a097bfb10: an entry without a key separator has
 *   a NULL value; the key from the first separator), DistinctMapKeys (0cb081ca969dee02f22afe6edd45e111e474f920: NULL
 *   keys left out, of a duplicate key the first entry), StructEncoding (01344209825d3d5c48e2840894bbd3c8ae0e27c4:
 *   fields by position, missing NULL, extra ignored), LongEncoding (16b994ac1cbdd126ef600c9d0880b87883ba5166: an
 *   empty or unparsable number NULL).
 * The expected rows are worked out by hand from those rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, q, tempProject, type TestProject } from './helpers';

let project: TestProject;
let t: LocalTarget;

before(async () => {
  project = await tempProject('texts');
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  await q(t, 'CREATE DATABASE texts');
});
after(async () => {
  await project.cleanup();
});

describe("delimited text: arrays, maps and structs by Hive's default separators (\\u0002, \\u0003)", () => {
  it('an array, a map and a struct column read from the bytes Hive writes', async () => {
    const line = (...fields: string[]) => fields.join('\u0001');
    await t.storage.put(
      BUCKET,
      'defaults/a.txt',
      [
        line('1', '10\u000220\u000230', 'a\u00031\u0002b\u00032', 'x\u00027'),
        line('2', '', '', ''),
        line('3', '\\N', '\\N', '\\N'),
        line('4', '5\u0002\\N\u0002oops\u0002', 'k\u0003\\N\u0002nokey', 'y'),
      ].join('\n') + '\n',
    );
    await q(t, `CREATE EXTERNAL TABLE texts.defaults (id int, xs array<int>, m map<string,int>, s struct<a:string,b:int>) LOCATION 's3://${BUCKET}/defaults/'`);
    const r = await q(t, "SELECT id, xs, cardinality(xs), element_at(m, 'a'), element_at(m, 'b'), cardinality(m), s.a, s.b FROM texts.defaults ORDER BY id");
    assert.deepEqual(r.rows, [
      [1, [10, 20, 30], 3, 1, 2, 2, 'x', 7],
      // empty texts: an empty array and map; a struct's first field the empty string, the others NULL
      [2, [], 0, null, null, 0, '', null],
      // the null sequence: NULL values
      [3, null, null, null, null, null, null, null],
      // an element \N is NULL, one that is no int NULL, the empty one after the last separator NULL; `k` with the
      // null sequence as its value, `nokey` without a key separator: a NULL value; a struct missing its second field
      [4, [5, null, null, null], 4, null, null, 2, 'y', null],
    ]);
    assert.deepEqual((await q(t, "SELECT element_at(m, 'k') IS NULL, element_at(m, 'nokey') IS NULL, map_keys(m) FROM texts.defaults WHERE id = 4")).rows, [[true, true, ['k', 'nokey']]]);
  });
});

describe("delimited text: the separators of Athena's page (COLLECTION ITEMS TERMINATED BY '|', MAP KEYS TERMINATED BY ':')", () => {
  before(async () => {
    await t.storage.put(BUCKET, 'page/a.csv', ['1,a|b|c,x:1|y:2,1:2|3', '2,solo,x:1|x:2|3:4|:9,', '3,|,bad|z:3,:'].join('\n') + '\n');
    await q(
      t,
      `CREATE EXTERNAL TABLE texts.page (id int, tags array<string>, m map<string,int>, nested array<array<int>>)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' COLLECTION ITEMS TERMINATED BY '|' MAP KEYS TERMINATED BY ':'
LOCATION 's3://${BUCKET}/page/'`,
    );
  });

  it('arrays split on the collection separator, maps on it and on the key separator; an array of arrays splits its elements on the next level (the key separator)', async () => {
    const r = await q(t, 'SELECT id, tags, map_keys(m), map_values(m), nested FROM texts.page ORDER BY id');
    assert.deepEqual(r.rows, [
      [1, ['a', 'b', 'c'], ['x', 'y'], [1, 2], [[1, 2], [3]]],
      // a key given twice: the first entry; `3:4` and `:9` are string keys `3` and the empty string; the empty
      // nested array text is an empty array
      [2, ['solo'], ['x', '3', ''], [1, 4, 9], []],
      // `|` is two empty strings; `bad` has no value; `:` is an array of one array holding one empty (NULL) int… and
      // another: `:` splits the inner level into two empty ints
      [3, ['', ''], ['bad', 'z'], [null, 3], [[null, null]]],
    ]);
  });

  it('a map whose int keys do not parse leaves those entries out (a NULL key is not kept)', async () => {
    await t.storage.put(BUCKET, 'intkeys/a.csv', '1,1:a|x:b|2:c|1:d\n');
    await q(t, `CREATE EXTERNAL TABLE texts.intkeys (id int, m map<int,string>) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' COLLECTION ITEMS TERMINATED BY '|' MAP KEYS TERMINATED BY ':' LOCATION 's3://${BUCKET}/intkeys/'`);
    assert.deepEqual((await q(t, 'SELECT map_keys(m), map_values(m) FROM texts.intkeys')).rows, [[[1, 2], ['a', 'c']]]);
  });

  it('SERDEPROPERTIES collection.delim and mapkey.delim read the same', async () => {
    await q(
      t,
      `CREATE EXTERNAL TABLE texts.page_props (id int, tags array<string>, m map<string,int>, nested array<array<int>>)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe'
WITH SERDEPROPERTIES ('serialization.format' = ',', 'field.delim' = ',', 'collection.delim' = '|', 'mapkey.delim' = ':')
LOCATION 's3://${BUCKET}/page/'`,
    );
    assert.deepEqual((await q(t, 'SELECT tags, nested FROM texts.page_props WHERE id = 1')).rows, [[['a', 'b', 'c'], [[1, 2], [3]]]]);
  });
});

describe('delimited text: what the local engine refuses', () => {
  it('an array of a table with ESCAPED BY is refused by name (queries not reading it are not affected)', async () => {
    await t.storage.put(BUCKET, 'escaped/a.csv', '1,a|b\n');
    await q(t, `CREATE EXTERNAL TABLE texts.escaped (id int, tags array<string>) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' ESCAPED BY '\\\\' COLLECTION ITEMS TERMINATED BY '|' LOCATION 's3://${BUCKET}/escaped/'`);
    const failed = await fails(t, 'SELECT tags FROM texts.escaped');
    assert.match(failed.error!.message, /column tags array<string> — an array, map or struct column of a table with 'escape.delim' \(ESCAPED BY\) is not supported by the local engine \(Athena reads it\)/);
  });
});
