/**
 * The bytes of the JSON files Athena writes — CTAS and UNLOAD `format = 'JSON'` (the Hive JsonSerDe) and INSERT INTO
 * an OpenX JsonSerDe table — as Trino's two JSON writers write them (trinodb/trino lib/trino-hive-formats):
 * - Hive: src/main/java/io/trino/hive/formats/line/json/JsonSerializer.java (Jackson's JsonGenerator: nulls written,
 *   `writeNumber(double)` is Double.toString, QUOTE_NON_NUMERIC_NUMBERS quotes NaN and the infinities, controls
 *   escaped as `\u00XX` with Jackson's upper-case hex; a map key is `String.valueOf` of the key; dates and timestamps
 *   by HiveFormatUtils.formatHiveDate / formatHiveTimestamp: `yyyy-MM-dd HH:mm:ss` and appendFraction(NANO, 0, 9),
 *   the fraction's trailing zeros cut; varbinary as its bytes' UTF-8 text);
 * - OpenX: src/main/java/io/trino/hive/formats/line/openxjson/OpenXJsonSerializer.java (NULL fields left out
 *   unless `explicit.null`; timestamps by UTC_PRINT_FORMATTER, `yyyy-MM-dd'T'HH:mm:ss[.fraction]Z`; varbinary
 *   Base64; a decimal its BigDecimal text as a string; a map key `toString()` of the value) and JsonWriter.java
 *   (writeJsonNumber: an integral double as a long, -0.0 as `-0`; writeJsonString: `\u%04x` lower-case hex, `</` as
 *   `<\/`);
 * - the exact lines of TestOpenxJsonFormat.testExplicitNulls (src/test/java/io/trino/hive/formats/line/openxjson/).
 */
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { after, before, describe, it } from 'node:test';
import { athenaJsonLineSql, jsonStringSql } from '../../src/core/targets/local/athenaJson';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, objectsText, q, projectWithDatabase, type TestProject } from '../engine/helpers';

let project: TestProject;
let t: LocalTarget;
const DB = 'jsonw';

before(async () => {
  ({ project, t } = await projectWithDatabase(DB));
});

after(async () => {
  await project.cleanup();
});

/** the lines written under a prefix (uncompressed), in the order of the file names */
async function lines(prefix: string): Promise<string[]> {
  return (await objectsText(t, BUCKET, prefix, false)).split('\n').filter((l) => l !== '');
}

const openx = (name: string, columns: string, props = '') =>
  `CREATE EXTERNAL TABLE ${name} (${columns}) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'${props} LOCATION 's3://${BUCKET}/${name}/' TBLPROPERTIES ('write.compression'='NONE')`;

describe("INSERT INTO an OpenX JsonSerDe table: Trino's OpenXJsonSerializer", () => {
  // TestOpenxJsonFormat.testExplicitNulls: columns a double, b row(x boolean, y varchar), c map(bigint, double)
  const COLUMNS = 'a double, b struct<x:boolean,y:string>, c map<bigint,double>';
  const ROWS = [
    'CAST(NULL AS double), CAST(NULL AS ROW(x boolean, y varchar)), CAST(NULL AS MAP(bigint, double))',
    'CAST(4.56 AS double), CAST(NULL AS ROW(x boolean, y varchar)), CAST(NULL AS MAP(bigint, double))',
    'CAST(NULL AS double), CAST(ROW(NULL, NULL) AS ROW(x boolean, y varchar)), CAST(NULL AS MAP(bigint, double))',
    'CAST(NULL AS double), CAST(ROW(true, NULL) AS ROW(x boolean, y varchar)), CAST(NULL AS MAP(bigint, double))',
    'CAST(NULL AS double), CAST(NULL AS ROW(x boolean, y varchar)), CAST(MAP() AS MAP(bigint, double))',
    'CAST(NULL AS double), CAST(NULL AS ROW(x boolean, y varchar)), MAP(ARRAY[CAST(42 AS bigint)], ARRAY[CAST(NULL AS double)])',
  ];

  it('leaves NULL fields out (a row of NULLs is {}), writes a NULL map value — testExplicitNulls, default options', async () => {
    await q(t, openx('nulls_default', COLUMNS), DB);
    for (const row of ROWS) await q(t, `INSERT INTO nulls_default SELECT ${row}`, DB);
    assert.deepEqual((await lines('nulls_default/')).sort(), ['{"a":4.56}', '{"b":{"x":true}}', '{"b":{}}', '{"c":{"42":null}}', '{"c":{}}', '{}'].sort());
  });

  it("writes every NULL as null with 'explicit.null'='true' — testExplicitNulls, explicitNull()", async () => {
    await q(t, openx('nulls_explicit', COLUMNS, " WITH SERDEPROPERTIES ('explicit.null'='true')"), DB);
    for (const row of ROWS) await q(t, `INSERT INTO nulls_explicit SELECT ${row}`, DB);
    assert.deepEqual(
      (await lines('nulls_explicit/')).sort(),
      [
        '{"a":null,"b":null,"c":null}',
        '{"a":4.56,"b":null,"c":null}',
        '{"a":null,"b":{"x":null,"y":null},"c":null}',
        '{"a":null,"b":{"x":true,"y":null},"c":null}',
        '{"a":null,"b":null,"c":{}}',
        '{"a":null,"b":null,"c":{"42":null}}',
      ].sort(),
    );
  });

  // JsonWriter.writeJsonNumber: -0.0 (a Double) is "-0"; a double equal to its longValue() is that long; else
  // Double.toString / Float.toString. A real's -0.0 is no Double: its 0 == 0L gives "0".
  it('writes an integral double as a long (2, -0), others as Double.toString (0.5, 1.0E20), a real likewise', async () => {
    await q(t, openx('numbers', 'd double, r float, n int, dec decimal(10,2), b boolean'), DB);
    await q(
      t,
      `INSERT INTO numbers VALUES (CAST(2 AS double), CAST(1.5 AS real), 1, CAST(5.5 AS decimal(10,2)), true), (-0.0E0, CAST(-0.0E0 AS real), -7, CAST(-0.01 AS decimal(10,2)), false), (1e20, CAST(1e10 AS real), 0, CAST(0 AS decimal(10,2)), NULL), (0.5, CAST(0.1 AS real), NULL, NULL, NULL), (1e18, CAST(3.4e38 AS real), NULL, NULL, NULL), (0.00001, NULL, NULL, NULL, NULL)`,
      DB,
    );
    assert.deepEqual(
      (await lines('numbers/')).sort(),
      [
        '{"d":2,"r":1.5,"n":1,"dec":"5.50","b":true}',
        '{"d":-0,"r":0,"n":-7,"dec":"-0.01","b":false}',
        '{"d":1.0E20,"r":10000000000,"n":0,"dec":"0.00"}',
        '{"d":0.5,"r":0.1}',
        '{"d":1000000000000000000,"r":3.4E38}',
        '{"d":1.0E-5}',
      ].sort(),
    );
  });

  // Trino's OpenX reader reads back what its writer wrote (TestOpenxJsonFormat round-trips every type)
  it('reads the written lines back as the values inserted', async () => {
    const rows = JSON.parse(JSON.stringify((await q(t, 'SELECT d, r, n, dec, b FROM numbers ORDER BY d', DB)).rows)) as unknown[][];
    assert.deepEqual(rows.map((r) => r.slice(0, 1).concat(r.slice(2))), [[0, -7, '-0.01', false], [0.00001, null, null, null], [0.5, null, null, null], [2, 1, '5.50', true], [1e18, null, null, null], [1e20, 0, '0.00', null]]);
  });

  it('refuses a double that is not finite by name (JsonWriter writes a bare NaN, which is not JSON)', async () => {
    await q(t, openx('nan', 'd double'), DB);
    const e = await fails(t, 'INSERT INTO nan SELECT nan()', DB);
    assert.match(e.error!.message, /the column d holds NaN or Infinity: Athena's OpenX JsonSerDe writes it bare \(NaN\)/);
  });

  // UTC_PRINT_FORMATTER: appendValue(YEAR, 1, 10, NORMAL) … 'T' … appendFraction(NANO_OF_SECOND, 0, 9, true) 'Z';
  // HiveFormatUtils.formatHiveDate; Base64.getEncoder() (padded); JsonWriter.writeJsonString
  it('writes timestamps as yyyy-MM-ddTHH:mm:ss[.fff]Z, dates, varbinary as Base64 and strings as JsonWriter escapes them', async () => {
    await q(t, openx('texts', 'ts timestamp, d date, bin binary, s string'), DB);
    await q(
      t,
      `INSERT INTO texts VALUES (TIMESTAMP '2024-01-31 12:00:00', DATE '2024-01-31', to_utf8('hello'), 'a</b"c\\d' || chr(9) || chr(31) || chr(127) || 'é'), (TIMESTAMP '2024-01-31 12:00:00.500', DATE '0999-03-04', X'00FF', ''), (TIMESTAMP '2024-01-31 12:00:00.123', NULL, NULL, NULL)`,
      DB,
    );
    assert.deepEqual(
      (await lines('texts/')).sort(),
      [
        `{"ts":"2024-01-31T12:00:00Z","d":"2024-01-31","bin":"aGVsbG8=","s":"a<\\/b\\"c\\\\d\\t\\u001f\u007fé"}`,
        '{"ts":"2024-01-31T12:00:00.5Z","d":"999-03-04","bin":"AP8=","s":""}',
        '{"ts":"2024-01-31T12:00:00.123Z"}',
      ].sort(),
    );
    // and read back (OpenXJsonDeserializer) as written
    const texts = JSON.parse(JSON.stringify((await q(t, "SELECT CAST(ts AS varchar), CAST(d AS varchar), to_base64(bin) FROM texts ORDER BY ts", DB)).rows)) as unknown[][];
    assert.deepEqual(texts, [['2024-01-31 12:00:00.000', '2024-01-31', 'aGVsbG8='], ['2024-01-31 12:00:00.123', null, null], ['2024-01-31 12:00:00.500', '0999-03-04', 'AP8=']]);
  });

  // TestOpenxJsonFormat.testVarbinary: a string is read as Base64; "value" (not Base64) fails, as does a number
  it('reads a varbinary column as Base64, failing on a string that is not Base64', async () => {
    // java.util.Base64's basic decoder takes a last unit without its padding: "AP8" is the bytes 00 FF too
    await t.storage.put(BUCKET, 'bin_read/a.json', Buffer.from('{"b":"AP8="}\n{"b":null}\n{"b":"AP8"}\n'));
    await q(t, `CREATE EXTERNAL TABLE bin_read (b binary) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/bin_read/'`, DB);
    assert.deepEqual((await q(t, 'SELECT to_hex(b) FROM bin_read ORDER BY 1', DB)).rows, [['00FF'], ['00FF'], [null]]);
    await t.storage.put(BUCKET, 'bin_bad/a.json', Buffer.from('{"b":"value"}\n'));
    await q(t, `CREATE EXTERNAL TABLE bin_bad (b binary) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/bin_bad/'`, DB);
    const e = await fails(t, 'SELECT b FROM bin_bad', DB);
    assert.match(e.error!.message, /bin_bad\/a\.json line 1: field "b" is "value", not Base64/);
  });

  // OpenXJsonSerializer: `Chars.padSpaces(charType.getSlice(block, position), charType)` (JsonSerializer the same)
  it('writes a char(n) value padded with spaces to n', async () => {
    await q(t, openx('chars', 'c char(5), v varchar(5)'), DB);
    await q(t, "INSERT INTO chars VALUES (CAST('ab' AS char(5)), 'ab'), (CAST('abcdefg' AS char(5)), NULL)", DB);
    assert.deepEqual((await lines('chars/')).sort(), ['{"c":"ab   ","v":"ab"}', '{"c":"abcde"}']);
  });

  // a map key is the key value's toString(): a Double's Double.toString (not writeJsonNumber's long form), a
  // decimal's BigDecimal text, a boolean's `true`; arrays keep their NULL elements
  it("writes map keys as the value's toString() and arrays with their NULL elements", async () => {
    await q(t, openx('maps', 'md map<double,int>, mb map<boolean,string>, mdec map<decimal(10,8),int>, a array<int>'), DB);
    await q(t, `INSERT INTO maps SELECT MAP(ARRAY[CAST(1 AS double)], ARRAY[1]), MAP(ARRAY[true], ARRAY['x']), MAP(ARRAY[CAST(0.00000001 AS decimal(10,8))], ARRAY[2]), ARRAY[1, NULL, 3]`, DB);
    assert.deepEqual(await lines('maps/'), ['{"md":{"1.0":1},"mb":{"true":"x"},"mdec":{"1E-8":2},"a":[1,null,3]}']);
  });
});

describe("CTAS and UNLOAD format = 'JSON': Trino's (Hive) JsonSerializer", () => {
  it('writes NULLs, doubles as Double.toString (2.0), NaN quoted, timestamps with a space, varbinary as its text', async () => {
    await q(
      t,
      `CREATE TABLE hive_types WITH (format='JSON', write_compression='NONE', external_location='s3://${BUCKET}/hive_types/') AS SELECT CAST(2 AS double) AS d, nan() AS n, TIMESTAMP '2024-01-31 12:00:00.500' AS ts, TIMESTAMP '2024-01-31 12:00:00' AS ts0, DATE '2024-01-31' AS dt, to_utf8('hé') AS bin, 'a</b' || chr(31) || chr(10) AS s, CAST(NULL AS varchar) AS nul, ARRAY[CAST(1.5 AS double), NULL] AS arr, MAP(ARRAY[CAST(1 AS double)], ARRAY[CAST(ROW(NULL) AS ROW(x integer))]) AS m`,
      DB,
    );
    assert.deepEqual(await lines('hive_types/'), [
      '{"d":2.0,"n":"NaN","ts":"2024-01-31 12:00:00.5","ts0":"2024-01-31 12:00:00","dt":"2024-01-31","bin":"hé","s":"a</b\\u001F\\n","nul":null,"arr":[1.5,null],"m":{"1.0":{"x":null}}}',
    ]);
  });

  it('UNLOAD writes the same lines (gzip-compressed)', async () => {
    await q(t, `UNLOAD (SELECT CAST(1e20 AS double) AS d, CAST(NULL AS integer) AS i, TIMESTAMP '2024-01-31 12:00:00.120' AS ts, ARRAY[CAST(1e20 AS double)] AS arr, CAST(ROW(0.5) AS ROW(x decimal(4,2))) AS r) TO 's3://${BUCKET}/unload_json/' WITH (format = 'JSON')`, DB);
    assert.equal(await objectsText(t, BUCKET, 'unload_json/', true), '{"d":1.0E20,"i":null,"ts":"2024-01-31 12:00:00.12","arr":[1.0E20],"r":{"x":0.50}}\n');
  });

  it('a partitioned CTAS writes the lines without the partition column, in its k=v/ folder', async () => {
    await q(t, `CREATE TABLE hive_parts WITH (format='JSON', write_compression='NONE', partitioned_by=ARRAY['k'], external_location='s3://${BUCKET}/hive_parts/') AS SELECT CAST(2 AS double) AS d, CAST(NULL AS varchar) AS s, 'x' AS k`, DB);
    assert.deepEqual(await lines('hive_parts/k=x/'), ['{"d":2.0,"s":null}']);
    assert.deepEqual((await q(t, 'SELECT d, s, k FROM hive_parts', DB)).rows, [[2, null, 'x']]);
  });

  it('refuses what Trino does not write: a map keyed by a row, a time, digits below the millisecond', async () => {
    const rowKey = await fails(t, `CREATE TABLE bad_key WITH (format='JSON', external_location='s3://${BUCKET}/bad_key/') AS SELECT MAP(ARRAY[CAST(ROW(1) AS ROW(x integer))], ARRAY[1]) AS m`, DB);
    assert.match(rowKey.error!.message, /the column m is a map whose keys are rows: Trino's JSON writers refuse it \(Unsupported map key type\)/);
    const time = await fails(t, `CREATE TABLE bad_time WITH (format='JSON', external_location='s3://${BUCKET}/bad_time/') AS SELECT TIME '12:00:00' AS tm`, DB);
    assert.match(time.error!.message, /NOT_SUPPORTED: Unsupported Hive type: time\(0\)/);
    const micros = await fails(t, `CREATE TABLE bad_micros WITH (format='JSON', external_location='s3://${BUCKET}/bad_micros/') AS SELECT TIMESTAMP '2024-01-31 12:00:00.123456' AS ts`, DB);
    assert.match(micros.error!.message, /the column ts holds a timestamp with digits below the millisecond/);
  });
});

// The escapes of U+0000 … U+001F: Jackson's CharTypes.sOutputEscapes128 (short \b \t \n \f \r, the others
// `\u00XX` with Jackson's upper-case HEX_CHARS) and OpenX's JsonWriter.writeJsonString (the same short ones, the
// others `String.format("\\u%04x", …)`, lower case)
describe('control characters in strings, as each writer escapes them', () => {
  const SHORT: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
  for (const serde of ['hive', 'openx'] as const) {
    it(serde, async () => {
      const duck = await DuckDBInstance.create(':memory:');
      const conn = await duck.connect();
      try {
        const rows = (await conn.runAndReadAll(`SELECT ${jsonStringSql("'x' || chr(CAST(i AS INTEGER)) || 'y'", serde)} FROM range(0, 32) AS r(i) ORDER BY i`)).getRowsJson() as string[][];
        const expected = Array.from({ length: 32 }, (_, c) => {
          const hex = c.toString(16).padStart(4, '0');
          return [`"x${SHORT[c] ?? `\\u${serde === 'hive' ? hex.toUpperCase() : hex}`}y"`];
        });
        assert.deepEqual(rows, expected);
      } finally {
        conn.closeSync();
        duck.closeSync();
      }
    });
  }
});

// a DuckDB TIMESTAMP_NS (a Parquet file's nanoseconds): the digits below the microsecond, which a cast to TIMESTAMP
// drops, are checked too — Athena's Hive timestamps are timestamp(3)
it('a nanosecond timestamp with digits below the millisecond is refused, not cut', async () => {
  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  try {
    const sql = (v: string) => `SELECT ${athenaJsonLineSql([{ name: 'ts', expr: 'x', duckType: 'TIMESTAMP_NS' }], { serde: 'hive' })} FROM (SELECT CAST('${v}' AS TIMESTAMP_NS) AS x)`;
    assert.deepEqual((await conn.runAndReadAll(sql('2024-01-01 00:00:00.123'))).getRowsJson(), [['{"ts":"2024-01-01 00:00:00.123"}']]);
    await assert.rejects(conn.runAndReadAll(sql('2024-01-01 00:00:00.000000500')), /the column ts holds a timestamp with digits below the millisecond/);
  } finally {
    conn.closeSync();
    duck.closeSync();
  }
});
