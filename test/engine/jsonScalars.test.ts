/**
 * BOOLEAN, DATE and TIMESTAMP columns of JSON tables read as Athena's JSON SerDes read them, not as DuckDB converts
 * JSON. The expected values follow the readers Athena engine 3 runs (trinodb/trino, commit
 * 110c9818f45b2a2797a705db4f08b1fd22ea7ccf):
 * - lib/trino-hive-formats/src/main/java/io/trino/hive/formats/line/openxjson/OpenXJsonDeserializer.java
 *   (BooleanDecoder: `Boolean.parseBoolean(jsonValue.toString())`; DateDecoder: parseHiveDate, else days since
 *   1970-01-01; TimestampDecoder.parseTimestamp: zoned ISO values to UTC, `y-M-d H:m:s`, and numbers: "integer millis
 *   or seconds based on text length", `MIN_NUMERIC_TIMESTAMP_MILLIS_LENGTH = 13`, decimal seconds truncated to ms)
 *   and its README.md (commit a297801863bf76a30f250eeeffedc39618ece191, "TIMESTAMP … Numeric Formats");
 * - …/line/json/JsonDeserializer.java (the Hive JSON SerDe: the same BooleanDecoder but scalars only; dates by
 *   parseHiveDate; timestamps by HiveFormatUtils.parseHiveTimestamp, commit 212cdb99b83680299427f00c85e19d4e635fd1bd:
 *   `y-M-d[ H:m:s[.f]]` or ISO_LOCAL_DATE_TIME, no zone);
 * - a Hive `timestamp` is timestamp(3), rounded half up (…/plugin/base/type/ShortTimestampEncoder.java,
 *   `round(nanosOfSecond, 9 - precision)`).
 * Epoch values are worked out by hand: 1704464521 s = 2024-01-05 14:22:01 UTC (1704067200 is 2024-01-01 00:00:00,
 * plus 4 days 14 h 22 min 1 s).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, jsonDdl, q, tempProject, type TestProject } from './helpers';

let project: TestProject;
let t: LocalTarget;

before(async () => {
  project = await tempProject('scalars');
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  await q(t, 'CREATE DATABASE scalars');
});
after(async () => {
  await project.cleanup();
});

const HIVE = 'org.apache.hive.hcatalog.data.JsonSerDe';

/** a table over one file of the given lines (a line per JSON value of `v`, `id` numbering them) */
async function table(name: string, type: string, values: readonly string[], serde?: string): Promise<void> {
  const body = values.map((v, i) => `{"id": ${i + 1}, "v": ${v}}`).join('\n') + '\n';
  await t.storage.put(BUCKET, `${name}/data.json`, body);
  const ddl = jsonDdl(`scalars.${name}`, `id int, v ${type}`, name);
  await q(t, serde ? ddl.replace("'org.openx.data.jsonserde.JsonSerDe'", `'${serde}'`) : ddl);
}

describe('BOOLEAN', () => {
  it('OpenX: true only for a text equal to "true" ignoring case — not 1, "yes", "t"; an object is false', async () => {
    await table('b_openx', 'boolean', ['true', 'false', '"TRUE"', '"True"', '"yes"', '"t"', '"1"', '1', '0', '{"a": true}', '[true]', 'null']);
    const r = await q(t, 'SELECT id, v FROM scalars.b_openx ORDER BY id');
    assert.deepEqual(
      r.rows.map((row) => row[1]),
      [true, false, true, true, false, false, false, false, false, false, false, null],
    );
  });

  it('Hive: the same for scalars; an object or an array fails naming the line', async () => {
    await table('b_hive', 'boolean', ['"TRUE"', '1', '"yes"'], HIVE);
    assert.deepEqual((await q(t, 'SELECT v FROM scalars.b_hive ORDER BY id')).rows, [[true], [false], [false]]);
    await table('b_hive_obj', 'boolean', ['true', '{"a": 1}'], HIVE);
    const e = await fails(t, 'SELECT v FROM scalars.b_hive_obj');
    assert.match(e.error!.message, new RegExp(`^s3://${BUCKET}/b_hive_obj/data\\.json line 2: field "v" is \\{"a":1\\}, not a boolean`));
  });
});

describe('TIMESTAMP', () => {
  it('OpenX: seconds (up to 12 characters) or milliseconds (13 or more), as numbers or digit strings, and decimal seconds', async () => {
    await table('ts_epoch', 'timestamp', ['1704464521', '1704464521000', '"1704464521"', '"1704464521123"', '1704464521.5', '"1704464521.1239"', '-1', '0']);
    const r = await q(t, 'SELECT id, to_unixtime(v) FROM scalars.ts_epoch ORDER BY id');
    assert.deepEqual(
      r.rows.map((row) => row[1]),
      [1704464521, 1704464521, 1704464521, 1704464521.123, 1704464521.5, 1704464521.123, -1, 0],
    );
  });

  it('OpenX: a zoned ISO value is the same instant in UTC; y-M-d H:m:s and ISO without a zone are read as written', async () => {
    await table('ts_text', 'timestamp', [
      '"2024-01-05T14:22:01Z"',
      '"2024-01-05T14:22:01.123+0100"',
      '"2024-01-05T14:22:01-05:30"',
      '"2024-01-05 14:22:01"',
      '"2024-1-5 4:2:1"',
      '"2024-01-05T14:22"',
    ]);
    const r = await q(t, 'SELECT id, to_unixtime(v) FROM scalars.ts_text ORDER BY id');
    const base = 1704464521; // 2024-01-05 14:22:01 UTC
    assert.deepEqual(
      r.rows.map((row) => row[1]),
      [base, base - 3600 + 0.123, base + 5 * 3600 + 1800, base, 1704427321 /* 04:02:01 */, base - 1],
    );
  });

  it('fractions are rounded half up to milliseconds (a Hive timestamp is timestamp(3))', async () => {
    await table('ts_frac', 'timestamp', ['"2024-01-05 14:22:01.123456"', '"2024-01-05 14:22:01.1235"', '"2024-01-05 14:22:01.9999"']);
    const r = await q(t, 'SELECT id, to_unixtime(v) FROM scalars.ts_frac ORDER BY id');
    assert.deepEqual(
      r.rows.map((row) => row[1]),
      [1704464521.123, 1704464521.124, 1704464522],
    );
  });

  it('OpenX: a date alone, text and garbage fail naming the object, the line and the field', async () => {
    await table('ts_bad', 'timestamp', ['"2024-01-05 14:22:01"', '"2024-01-05"']);
    const e = await fails(t, 'SELECT v FROM scalars.ts_bad');
    assert.match(e.error!.message, new RegExp(`^s3://${BUCKET}/ts_bad/data\\.json line 2: field "v" is "2024-01-05", not a timestamp`));
    await table('ts_garbage', 'timestamp', ['"soon"']);
    assert.match((await fails(t, 'SELECT count(v) FROM scalars.ts_garbage')).error!.message, /ts_garbage\/data\.json line 1: field "v" is "soon"/);
  });

  it('the line named is the one holding the value that failed, past an earlier line bad in a column the query does not read', async () => {
    // line 1's "amt" (not a number) is not read by a query of v alone; line 2's "v" fails it (the message only quoted
    // DuckDB's conversion error, without the object or the line, when an earlier line was bad in another column)
    await t.storage.put(BUCKET, 'ts_two/data.json', '{"amt": "abc", "v": "2024-01-05 14:22:01"}\n{"amt": 1, "v": "03/02/2024 14:05"}\n');
    await q(t, jsonDdl('scalars.ts_two', 'amt double, v timestamp', 'ts_two'));
    const e = await fails(t, 'SELECT v FROM scalars.ts_two');
    assert.match(e.error!.message, new RegExp(`^s3://${BUCKET}/ts_two/data\\.json line 2: field "v" is "03/02/2024 14:05", not a timestamp`));
  });

  it('OpenX with ignore.malformed.json: a value it does not read is NULL', async () => {
    await t.storage.put(BUCKET, 'ts_lenient/data.json', '{"v": "soon"}\n{"v": 1704464521}\n');
    await q(t, jsonDdl('scalars.ts_lenient', 'v timestamp', 'ts_lenient', { 'ignore.malformed.json': 'TRUE' }));
    assert.deepEqual((await q(t, 'SELECT to_unixtime(v) FROM scalars.ts_lenient ORDER BY 1 NULLS FIRST')).rows, [[null], [1704464521]]);
  });

  it('Hive: a date alone is its midnight; a zone or a number fails', async () => {
    await table('ts_hive', 'timestamp', ['"2024-01-05"', '"2024-01-05 14:22:01"', '"2024-01-05T14:22:01"'], HIVE);
    assert.deepEqual((await q(t, 'SELECT to_unixtime(v) FROM scalars.ts_hive ORDER BY id')).rows, [[1704412800], [1704464521], [1704464521]]);
    await table('ts_hive_z', 'timestamp', ['"2024-01-05 14:22:01"', '"2024-01-05T14:22:01Z"'], HIVE);
    assert.match((await fails(t, 'SELECT v FROM scalars.ts_hive_z')).error!.message, /ts_hive_z\/data\.json line 2: field "v" is "2024-01-05T14:22:01Z", not a timestamp/);
    await table('ts_hive_n', 'timestamp', ['1704464521'], HIVE);
    assert.match((await fails(t, 'SELECT v FROM scalars.ts_hive_n')).error!.message, /ts_hive_n\/data\.json line 1: field "v" is 1704464521, not a timestamp/);
  });

  it('inside arrays and structs (keys of any case) the same rules apply', async () => {
    await table('ts_nested', 'struct<at:timestamp,seen:array<timestamp>,ok:boolean>', ['{"AT": "2024-01-05T14:22:01Z", "Seen": [1704464521, "2024-01-05 14:22:01"], "OK": "True"}']);
    const r = await q(t, 'SELECT to_unixtime(v.at), to_unixtime(v.seen[1]), to_unixtime(v.seen[2]), v.ok FROM scalars.ts_nested');
    assert.deepEqual(r.rows, [[1704464521, 1704464521, 1704464521, true]]);
  });

  it("a table with the SerDe property 'timestamp.formats' is refused by name", async () => {
    await t.storage.put(BUCKET, 'ts_formats/data.json', '{"v": "05/01/2024"}\n');
    await q(t, jsonDdl('scalars.ts_formats', 'v timestamp', 'ts_formats', { 'timestamp.formats': 'dd/MM/yyyy' }));
    assert.match((await fails(t, 'SELECT v FROM scalars.ts_formats')).error!.message, /timestamp\.formats' is not supported by the local engine/);
  });
});

describe('DATE', () => {
  it('OpenX: y-M-d (anything after a space ignored) or a number of days since 1970-01-01', async () => {
    await table('d_openx', 'date', ['"2024-01-05"', '"2024-1-5 10:00:00"', '19727', '"19727"', '0']);
    const r = await q(t, 'SELECT id, CAST(v AS varchar) FROM scalars.d_openx ORDER BY id');
    assert.deepEqual(
      r.rows.map((row) => row[1]),
      ['2024-01-05', '2024-01-05', '2024-01-05', '2024-01-05', '1970-01-01'],
    );
  });

  it('an ISO timestamp text is not a date (no space before the time); Hive takes no day numbers', async () => {
    await table('d_iso', 'date', ['"2024-01-05T10:00"']);
    assert.match((await fails(t, 'SELECT v FROM scalars.d_iso')).error!.message, /d_iso\/data\.json line 1: field "v" is "2024-01-05T10:00", not a date/);
    await table('d_hive', 'date', ['"2024-01-05"', '19727'], HIVE);
    assert.match((await fails(t, 'SELECT v FROM scalars.d_hive')).error!.message, /d_hive\/data\.json line 2: field "v" is 19727, not a date/);
  });
});
