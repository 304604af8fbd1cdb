/**
 * Arrays, maps and rows as Athena shows them (src/core/sql/dialects/render.ts, mapOrder.ts): the cases are Athena's
 * own pages' examples, and the Java rules its results are written by (the Trino client's objects: a map is a
 * java.util.HashMap, a row an io.trino.client.Row), each with its source.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLakehouseError } from '../../src/core/errors';
import { hashMapOrder, javaDoubleHash, javaLongHash, javaStringHash } from '../../src/core/sql/dialects/mapOrder';
import { cellText } from '../../src/webview/format';
import { athena } from './trinoRun';

const cell = async (sql: string) => (await athena(sql)).rows[0]![0]!;

async function refused(sql: string, pattern: RegExp): Promise<void> {
  await assert.rejects(athena(sql), (e: unknown) => isLakehouseError(e, 'SqlUnsupported') && pattern.test((e as Error).message) && /not supported by the local engine/.test((e as Error).message));
}

describe("Athena's pages: arrays and maps as the console shows them", () => {
  // https://docs.aws.amazon.com/athena/latest/ug/arrays-create-maps.html
  // (also awsdocs/amazon-athena-user-guide@765e909ebcf8817b22efad881b7f90f32440b891 doc_source/maps.md:25)
  it('a map of three varchar keys shows them in the order of its hash table, not the order written', async () => {
    assert.equal(await cell("WITH dataset AS (SELECT MAP(ARRAY['first', 'last', 'age'], ARRAY['Bob', 'Smith', '35']) AS user) SELECT user FROM dataset"), '{last=Smith, first=Bob, age=35}');
    assert.equal(await cell("WITH dataset AS (SELECT MAP(ARRAY['first', 'last', 'age'], ARRAY['Bob', 'Smith', '35']) AS user) SELECT user['first'] AS first_name FROM dataset"), 'Bob');
  });

  // https://docs.aws.amazon.com/athena/latest/ug/creating-arrays.html
  // (awsdocs/amazon-athena-user-guide@765e909ebcf8817b22efad881b7f90f32440b891 doc_source/creating-arrays.md:35, 78, 98)
  it('arrays of arrays and an array of maps', async () => {
    assert.equal(await cell('SELECT ARRAY[ ARRAY[1,2], ARRAY[3,4] ] AS items'), '[[1, 2], [3, 4]]');
    assert.equal(
      await cell("WITH dataset AS (SELECT ARRAY ['hello', 'amazon', 'athena'] AS words, ARRAY ['hi', 'alexa'] AS alexa) SELECT ARRAY[words, alexa] AS welcome_msg FROM dataset"),
      '[[hello, amazon, athena], [hi, alexa]]',
    );
    assert.equal(
      await cell(
        "SELECT ARRAY[MAP(ARRAY['first', 'last', 'age'],ARRAY['Bob', 'Smith', '40']), MAP(ARRAY['first', 'last', 'age'],ARRAY['Jane', 'Doe', '30']), MAP(ARRAY['first', 'last', 'age'],ARRAY['Billy', 'Smith', '8'])] AS people",
      ),
      '[{last=Smith, first=Bob, age=40}, {last=Doe, first=Jane, age=30}, {last=Smith, first=Billy, age=8}]',
    );
  });

  // The anonymous fields of a row: Athena's page (creating-row.html) prints `{field0=Bob, field1=38}`, a transcript
  // from engine 1 — the same pages print `CAST(ROW('Bob', 38) AS ROW(name VARCHAR, age INTEGER))` as
  // `{NAME=Bob, AGE=38}` (changing-row-arrays-with-cast.html), and engine 2 dropped the `field0` names
  // (engine-versions-reference-0002.html, "Anonymous row field access"). Engine 3's client is Trino's, whose Row
  // prints an unnamed field as its value alone (trinodb/trino client/trino-client/src/main/java/io/trino/client/Row.java
  // toString; the old `field0` names were the Presto client's, trinodb/trino#4594), and PyAthena, whose CI runs on
  // Athena, reads `{Alice, 25}` from it (pyathena-dev/PyAthena@13f00ec5aeca7d06d3d223d5ef2ebc8f5e4d5140: "the actual
  // Athena behavior discovered from CI logs").
  it('a row: named fields name=value, anonymous ones their value alone', async () => {
    assert.equal(await cell("WITH dataset AS (SELECT ROW('Bob', 38) AS users) SELECT * FROM dataset"), '{Bob, 38}');
    assert.equal(await cell("WITH dataset AS (SELECT CAST(ROW('Bob', 38) AS ROW(name VARCHAR, age INTEGER)) AS users) SELECT * FROM dataset"), '{name=Bob, age=38}');
  });
});

describe("Java's hashes and HashMap's order, from the Java SE API's definitions", () => {
  // String.hashCode: s[0]*31^(n-1) + … + s[n-1] (https://docs.oracle.com/javase/8/docs/api/java/lang/String.html#hashCode--)
  it('String, Long and Double hashes', () => {
    assert.equal(javaStringHash(''), 0);
    assert.equal(javaStringHash('Aa'), 65 * 31 + 97);
    assert.equal(javaStringHash('BB'), 66 * 31 + 66);
    assert.equal(javaStringHash('Aa'), javaStringHash('BB'));
    // Long.hashCode: (int)(value ^ (value >>> 32)) (java/lang/Long.html#hashCode--)
    assert.equal(javaLongHash(5n), 5);
    assert.equal(javaLongHash(-1n), 0);
    assert.equal(javaLongHash(1n << 32n), 1);
    // Double.hashCode: of doubleToLongBits; 1.0 is 0x3FF0000000000000 (java/lang/Double.html#hashCode--)
    assert.equal(javaDoubleHash(1.0), 0x3ff00000);
  });

  // HashMap: 16 slots to begin with, doubled when more than 0.75 of the entries' count (java/util/HashMap.html)
  it('by slot; keys of one slot in the order put; the table doubles past 12 entries', () => {
    assert.deepEqual(hashMapOrder([17, 1, 2]), [0, 1, 2]);
    assert.deepEqual(hashMapOrder([2, 17, 1]), [1, 2, 0]);
    const twelve = [16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.deepEqual(hashMapOrder(twelve), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const thirteen = [16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    assert.deepEqual(hashMapOrder(thirteen), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0]);
    // more than 8 keys in one slot: Java makes it a tree, whose order is not modelled
    assert.equal(hashMapOrder([0, 16, 32, 48, 64, 80, 96, 112, 128]), undefined);
    assert.equal(hashMapOrder([0, 16, 32, 48, 64, 80, 96, 112])?.length, 8);
  });
});

describe('maps on the local engine: the order shown, or a refusal', () => {
  it('keys of one slot show in the order the map was built', async () => {
    assert.equal(await cell("SELECT MAP(ARRAY['Aa', 'BB', 'c'], ARRAY[1, 2, 3])"), '{Aa=1, BB=2, c=3}');
    assert.equal(await cell("SELECT MAP(ARRAY['BB', 'Aa', 'c'], ARRAY[1, 2, 3])"), '{BB=1, Aa=2, c=3}');
    assert.equal(await cell("SELECT MAP(ARRAY[1, 17, 2], ARRAY['a', 'b', 'c'])"), '{1=a, 17=b, 2=c}');
    assert.equal(await cell("SELECT MAP(ARRAY[16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], ARRAY['x', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'])"), '{0=a, 1=b, 2=c, 3=d, 4=e, 5=f, 6=g, 7=h, 8=i, 9=j, 10=k, 11=l, 16=x}');
  });

  it("integer keys of one slot built in descending order: refused (the cell keeps JavaScript's ascending order)", async () => {
    await refused("SELECT MAP(ARRAY[17, 1, 2], ARRAY['b', 'a', 'c'])", /keys 17, 1, 2/);
    await refused("SELECT MAP(ARRAY[16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ARRAY['x', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'])", /keys 16, 0, 1, 2, 3, …/);
  });

  it('varbinary keys: Java hashes a byte[] by identity, so Athena shows them in an order of its run: refused', async () => {
    await refused("SELECT MAP(ARRAY[X'01', X'02'], ARRAY[1, 2])", /keys are varbinary/);
    assert.equal(await cell("SELECT MAP(ARRAY[X'01'], ARRAY[1])"), '{01=1}');
  });

  it('the results grid shows the same text', () => {
    assert.equal(cellText({ first: 'Bob', last: 'Smith', age: '35' }, 'map(varchar(5), varchar(5))'), '{last=Smith, first=Bob, age=35}');
    assert.equal(cellText({ 1: 'a', 17: 'b', 2: 'c' }, 'map(integer, varchar(1))'), '{1=a, 17=b, 2=c}');
  });
});

describe('a timestamp with time zone inside an array shows as one outside it (the client’s SqlTimestampWithTimeZone text)', () => {
  // DuckDB's text of a TIMESTAMPTZ inside a list is `1970-01-01 00:00:00+00`; Athena's, the value's zone by name
  it('array_agg(from_unixtime(ts)) and nested arrays; inside a map or a row: refused by name', async () => {
    assert.equal(await cell('SELECT array_agg(from_unixtime(ts)) FROM (VALUES 0, 86400) t(ts)'), '[1970-01-01 00:00:00.000 UTC, 1970-01-02 00:00:00.000 UTC]');
    assert.equal(await cell("SELECT ARRAY[ARRAY[from_unixtime(0, 'America/New_York')], NULL]"), '[[1969-12-31 19:00:00.000 America/New_York], NULL]');
    await refused("SELECT MAP(ARRAY['a'], ARRAY[from_unixtime(0)])", /timestamp with time zone inside a map/);
  });
});
