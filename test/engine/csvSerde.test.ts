/**
 * CSV tables (OpenCSVSerde) as the local engine reads them: hand-written files, the expected rows worked out by
 * hand from them (and from opencsv's rules, the parser OpenCSVSerde uses), lines counted by hand.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, objectsText, q, tempProject, type TestProject } from './helpers';

let project: TestProject;
let t: LocalTarget;

before(async () => {
  project = await tempProject('csvs');
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  await q(t, 'CREATE DATABASE csvs');
});
after(async () => {
  await project.cleanup();
});

/** OpenCSVSerde DDL for a table at `s3://BUCKET/<prefix>/`, one header line skipped */
function csvDdl(table: string, columns: string, prefix: string, serdeProperties: Record<string, string> = {}): string {
  const props = Object.entries({ separatorChar: ',', quoteChar: '"', ...serdeProperties })
    // (a value holding ' in double quotes: the statement splitter reads '\'' as an unterminated string)
    .map(([k, v]) => `'${k}'=${v.includes("'") ? `"${v}"` : `'${v.replace(/\\/g, '\\\\')}'`}`)
    .join(', ');
  return `CREATE EXTERNAL TABLE ${table} (${columns})
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES (${props})
STORED AS TEXTFILE
LOCATION 's3://${BUCKET}/${prefix}/'
TBLPROPERTIES ('skip.header.line.count'='1')`;
}

describe('a line is a row: a quoted field holding a line break is cut there, as OpenCSVSerde cuts it', () => {
  // Athena, "Open CSV SerDe for processing CSV": "The Open CSV SerDe does not support embedded line breaks in CSV
  // files". Hive reads the file line by line; opencsv (trino-hive-formats CsvDeserializer, "bug for bug compatible
  // with OpenCSVSerde") then reads a field still quoted at the end of its line as null ("if last field is an
  // unterminated field, ignore the value"), the fields after it as missing (null), and the next line as a new row.
  it('LF and CRLF files: each line its own row, worked out by hand with opencsv\'s rules', async () => {
    await t.storage.put(BUCKET, 'multiline/a.csv', 'id,note,n\n7,"two\nlines",3\n8,plain,4\n');
    await t.storage.put(BUCKET, 'multiline/b.csv', 'id,note,n\r\n10,"crlf\r\ninside",6\r\n11,after,7\r\n');
    await q(t, csvDdl('csvs.multiline', 'id string, note string, n string', 'multiline'));
    assert.deepEqual((await q(t, 'SELECT id, note, n FROM csvs.multiline ORDER BY id NULLS LAST')).rows, [
      ['10', null, null], // `10,"crlf`: the quoted field does not end on its line
      ['11', 'after', '7'],
      ['7', null, null],
      ['8', 'plain', '4'],
      [null, null, null], // `lines",3`: the quote after "lines" opens quoting to the end of the line
      [null, null, null], // `inside",6` likewise
    ]);
  });

  it('a cut row whose second line lands text in a number column fails the query naming the object and the line', async () => {
    await t.storage.put(BUCKET, 'multiline2/a.csv', 'id,note,n\n9,"three\nshort\nlines",5\n');
    await q(t, csvDdl('csvs.multiline2', 'id int, note string, n bigint', 'multiline2'));
    // line 3 is `short`: its first field goes to the int column
    const e = await fails(t, 'SELECT id, note, n FROM csvs.multiline2');
    assert.match(e.error!.message, new RegExp(`^s3://${BUCKET}/multiline2/a\\.csv line 3: HIVE_BAD_DATA: Error parsing field value 'short' for field 1 \\(column id int\\)`));
  });
});

describe('values of other types than string', () => {
  // Athena, "Open CSV SerDe for processing CSV", non-string data: "Recognizes BOOLEAN, BIGINT, INT, and DOUBLE data
  // types. Does not recognize empty or null values in columns defined as a numeric data type" (the query fails:
  // "HIVE_BAD_DATA: Error parsing field value '' for field 1: For input string: """); "To use NULL values for data
  // that fails to deserialize into the column's defined type, you can use the use.null.for.invalid.data table property"
  const PRODUCTS = 'sku,name,price,category\nsku-0,"Widget, large",9.99,tools\nsku-2,Ünïcødé ☃,3.50,misc\nsku-3,<b>bold</b>,abc,tools\nsku-5,empty price,,misc\n';

  it("a value that does not parse fails the query, naming the object, the line and the column (the empty string too)", async () => {
    await t.storage.put(BUCKET, 'products/products.csv', PRODUCTS);
    await q(t, csvDdl('csvs.products', 'sku string, name string, price double, category string', 'products'));
    const e = await fails(t, 'SELECT sku, price FROM csvs.products');
    assert.match(e.error!.message, new RegExp(`^s3://${BUCKET}/products/products\\.csv line 4: HIVE_BAD_DATA: Error parsing field value 'abc' for field 3 \\(column price double\\)`));
    // the rows before the bad one read well
    assert.deepEqual((await q(t, "SELECT sku, name, price FROM csvs.products WHERE sku IN ('sku-0', 'sku-2') ORDER BY sku")).rows, [
      ['sku-0', 'Widget, large', 9.99],
      ['sku-2', 'Ünïcødé ☃', 3.5],
    ]);
    // an empty field in a number column fails the same way
    await t.storage.put(BUCKET, 'products_empty/products.csv', 'sku,price\nsku-5,\n');
    await q(t, csvDdl('csvs.products_empty', 'sku string, price bigint', 'products_empty'));
    assert.match((await fails(t, 'SELECT * FROM csvs.products_empty')).error!.message, /line 2: HIVE_BAD_DATA: Error parsing field value '' for field 2 \(column price bigint\)/);
  });

  it("with use.null.for.invalid.data such a value is NULL; an empty string field is the empty string, not NULL", async () => {
    await t.storage.put(BUCKET, 'products_lenient/products.csv', PRODUCTS);
    await q(t, `${csvDdl('csvs.products_lenient', 'sku string, name string, price double, category string', 'products_lenient').replace("TBLPROPERTIES ('skip.header.line.count'='1')", "TBLPROPERTIES ('skip.header.line.count'='1', 'use.null.for.invalid.data'='TRUE')")}`);
    assert.deepEqual((await q(t, 'SELECT sku, name, price, category FROM csvs.products_lenient ORDER BY sku')).rows, [
      ['sku-0', 'Widget, large', 9.99, 'tools'],
      ['sku-2', 'Ünïcødé ☃', 3.5, 'misc'],
      ['sku-3', '<b>bold</b>', null, 'tools'],
      ['sku-5', 'empty price', null, 'misc'],
    ]);
    await t.storage.put(BUCKET, 'empties/a.csv', 'a,b,c\n,"",x\nonly\n\n');
    await q(t, csvDdl('csvs.empties', 'a string, b string, c string', 'empties'));
    // `,"",x`: two empty strings; `only`: the missing fields are NULL; the empty line: a row of NULLs
    assert.deepEqual((await q(t, "SELECT a, b, c, a = '' FROM csvs.empties ORDER BY a NULLS LAST")).rows, [
      ['', '', 'x', true],
      ['only', null, null, false],
      [null, null, null, null],
    ]);
  });

  it('booleans, integers, days-since-1970 dates and UNIX-millisecond timestamps parse; a column type Athena does not say how it reads is refused', async () => {
    await t.storage.put(BUCKET, 'types/a.csv', 'b,i,ts\ntrue,-42,1579059880000\nF,+7,0\n');
    await q(t, csvDdl('csvs.types', 'b boolean, i int, ts timestamp', 'types'));
    // (a timestamp column is Trino's timestamp(3): its text has the milliseconds)
    assert.deepEqual((await q(t, 'SELECT b, i, CAST(ts AS VARCHAR) FROM csvs.types ORDER BY i')).rows, [
      [true, -42, '2020-01-15 03:44:40.000'],
      [false, 7, '1970-01-01 00:00:00.000'],
    ]);
    // "the value 18276 in a column with the date data type renders as 2020-01-15" (csv-serde.md); a date written
    // as y-M-d is not a number of days: HIVE_BAD_DATA, as any value that does not parse
    await t.storage.put(BUCKET, 'dates/a.csv', 'd\n18276\n-1\n0\n');
    await q(t, csvDdl('csvs.dates', 'd date', 'dates'));
    assert.deepEqual((await q(t, 'SELECT CAST(d AS VARCHAR) FROM csvs.dates ORDER BY d')).rows, [['1969-12-31'], ['1970-01-01'], ['2020-01-15']]);
    await t.storage.put(BUCKET, 'dates_iso/a.csv', 'd\n2020-01-15\n');
    await q(t, csvDdl('csvs.dates_iso', 'd date', 'dates_iso'));
    assert.match((await fails(t, 'SELECT * FROM csvs.dates_iso')).error!.message, /HIVE_BAD_DATA: Error parsing field value '2020-01-15' for field 1 \(column d date\)/);
    await q(t, csvDdl('csvs.decimals', 'd decimal(5,2)', 'types'));
    assert.match((await fails(t, 'SELECT * FROM csvs.decimals')).error!.message, /column d decimal\(5,2\) — Athena's OpenCSVSerDe reads string columns and parses BOOLEAN, BIGINT, INT, DOUBLE, DATE \(days since 1970-01-01\) and TIMESTAMP/);
  });
});

describe("quotes inside fields, by opencsv's rules", () => {
  // opencsv (OpenCSVSerde's parser), as trino-hive-formats CsvDeserializer reproduces it: in a field, a doubled quote
  // is one quote; the escape character (a backslash unless escapeChar names another) takes the next quote or escape
  // character as it is, and is dropped before any other character; a quote in the middle of a field is kept. Each
  // row's third field shows where the second one ended. Worked out by hand, character by character.
  const DOUBLING = [
    'id,text,after',
    '1,"He said ""hi""",x',
    '3,"""quoted""",x',
    '4,"a""",x',
    '5,"back\\\\slash",x',
    '6,a""b,x',
    '7,"x ""a,b"" y",x',
    '8,"two ""quoted""\nlines",x',
    '9,plain "mid" quote,x',
    '10,"a\\nb",x',
    '11,"",x',
    '',
  ];
  const ESCAPING = ['id,text,after', '2,"He said \\"hi\\"",x', '12,"{\\"a\\":\\"\\"}",x', '13,"ends with \\\\",x', '14,a\\"b,x', ''];
  const EXPECTED = [
    [1, 'He said "hi"', 'x'],
    [2, 'He said "hi"', 'x'],
    [3, '"quoted"', 'x'],
    [4, 'a"', 'x'],
    [5, 'back\\slash', 'x'],
    [6, 'a"b', 'x'],
    [7, 'x "a,b" y', 'x'],
    [8, null, null], // `8,"two ""quoted""`: still quoted at the end of the line
    [9, 'plain "mid" quote', 'x'],
    [10, 'anb', 'x'],
    [11, '', 'x'],
    [12, '{"a":""}', 'x'],
    [13, 'ends with \\', 'x'],
    [14, 'a"b', 'x'],
    [null, null, null], // `lines",x`: the quote after "lines" opens quoting to the end of the line
  ];

  it('doubled quotes and backslash-escaped quotes both read as opencsv reads them (escapeChar absent, a backslash, or a quote)', async () => {
    await t.storage.put(BUCKET, 'quotes/doubling.csv', DOUBLING.join('\n'));
    await t.storage.put(BUCKET, 'quotes/escaping.csv', ESCAPING.join('\n'));
    await q(t, csvDdl('csvs.quotes_default', 'id int, text string, after string', 'quotes'));
    await q(t, csvDdl('csvs.quotes_backslash', 'id int, text string, after string', 'quotes', { escapeChar: '\\' }));
    // OpenCSVSerde takes escapeChar '"' (opencsv's writer default) as "no escapeChar given": a backslash
    await q(t, csvDdl('csvs.quotes_quote', 'id int, text string, after string', 'quotes', { escapeChar: '"' }));
    for (const table of ['quotes_default', 'quotes_backslash', 'quotes_quote'])
      assert.deepEqual((await q(t, `SELECT id, text, after FROM csvs.${table} ORDER BY id`)).rows, EXPECTED, table);
  });

  it('values with quotes written by INSERT INTO read back as they were; one with a line break is cut, as Athena cuts it', async () => {
    // Athena writes OpenCSVSerde tables only when every column is a string (https://docs.aws.amazon.com/athena/latest/ug/insert-into.html)
    await q(t, "CREATE EXTERNAL TABLE csvs.written (id string, text string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' STORED AS TEXTFILE LOCATION 's3://" + BUCKET + "/written/'");
    const values = ['{"a":""}', 'He said "hi"', 'a""b', '""', 'two\nlines, "quoted"'];
    await q(t, `INSERT INTO csvs.written SELECT * FROM (VALUES ${values.map((v, i) => `('${i + 1}', '${v.replace(/'/g, "''")}')`).join(', ')})`);
    assert.deepEqual((await q(t, 'SELECT id, text FROM csvs.written ORDER BY id')).rows, [
      ...values.slice(0, 4).map((v, i) => [String(i + 1), v]),
      // written `5,"two⏎lines, \"quoted\""`: `5,"two` ends quoted; `lines, \"quoted\""` is `lines` and a field still quoted
      ['5', null],
      ['lines', null],
    ]);
  });

  // trinodb/trino lib/trino-hive-formats/…/line/csv/CsvSerializer.java ("bug for bug compatible with OpenCSVSerde"):
  // every value not NULL between quote characters, the quote and escape characters in it preceded by the escape
  // character, NULL as nothing; CsvConstants.SERIALIZER_DEFAULT_ESCAPE is `"` (a quote doubled) where the reader's
  // default is a backslash. The files held `1,plain` and `"He said \"hi\""` (quoted only where needed, backslashes)
  it('INSERT INTO writes the bytes Athena writes: every value quoted, a quote doubled by default, NULL as nothing', async () => {
    await q(t, `CREATE EXTERNAL TABLE csvs.bytes_quoted (id string, text string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION 's3://${BUCKET}/bytes_quoted/'`);
    await q(t, String.raw`INSERT INTO csvs.bytes_quoted VALUES ('1', 'plain'), ('2', 'He said "hi"'), ('3', NULL), ('4', ''), ('5', 'back\slash, comma')`);
    assert.equal(await objectsText(t, BUCKET, 'bytes_quoted/', true), String.raw`"1","plain"
"2","He said ""hi"""
"3",
"4",""
"5","back\slash, comma"
`);
    // read back with the reader's escape character, a backslash, which drops itself before another character
    assert.deepEqual((await q(t, 'SELECT id, text FROM csvs.bytes_quoted ORDER BY id')).rows, [['1', 'plain'], ['2', 'He said "hi"'], ['3', ''], ['4', ''], ['5', 'backslash, comma']]);
    await q(t, String.raw`CREATE EXTERNAL TABLE csvs.bytes_escaped (id string, text string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('escapeChar'='\\') LOCATION 's3://` + BUCKET + `/bytes_escaped/'`);
    await q(t, String.raw`INSERT INTO csvs.bytes_escaped VALUES ('1', 'He said "hi" \o/')`);
    assert.equal(await objectsText(t, BUCKET, 'bytes_escaped/', true), String.raw`"1","He said \"hi\" \\o/"` + '\n');
    assert.deepEqual((await q(t, 'SELECT text FROM csvs.bytes_escaped')).rows, [[String.raw`He said "hi" \o/`]]);
  });

  it('another quoteChar and escapeChar', async () => {
    await t.storage.put(BUCKET, 'quotes2/doubling.csv', "id;text;after\n1;'It''s';x\n3;'semi;colon ^^ \"dq\"';x\n");
    await t.storage.put(BUCKET, 'quotes2/escaping.csv', "id;text;after\n2;'It^'s';x\n");
    await q(t, csvDdl('csvs.quotes2', 'id int, text string, after string', 'quotes2', { separatorChar: ';', quoteChar: "'", escapeChar: '^' }));
    assert.deepEqual((await q(t, 'SELECT id, text, after FROM csvs.quotes2 ORDER BY id')).rows, [
      [1, "It's", 'x'],
      [2, "It's", 'x'],
      [3, 'semi;colon ^ "dq"', 'x'],
    ]);
  });
});

describe('delimited text (LazySimpleSerDe)', () => {
  // trino-hive-formats SimpleDeserializer ("bug for bug compatible with LazySimpleSerDe"): split on the delimiter's
  // byte, an escape byte takes the next byte; a field equal to the null sequence (\N) is NULL; missing fields NULL.
  // Hive's lazy readers read a value that does not parse as NULL; an empty string field is the empty string.
  it('empty fields are empty strings in string columns and NULL in number columns; \\N is NULL; an empty line is a row', async () => {
    await t.storage.put(BUCKET, 'text/a.txt', 'a|b|1\n|\\N|\n"q"|x|oops\n\nlast\n');
    await q(t, `CREATE EXTERNAL TABLE csvs.text (s string, t string, n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://${BUCKET}/text/'`);
    assert.deepEqual((await q(t, "SELECT s, t, n, s = '' FROM csvs.text ORDER BY s NULLS LAST, t NULLS LAST")).rows, [
      ['', null, null, true], // `|\N|`: an empty string, the null sequence, an empty number
      ['', null, null, true], // the empty line: one empty first field
      ['"q"', 'x', null, false], // quotes are characters; `oops` is no int
      ['a', 'b', 1, false],
      ['last', null, null, false],
    ]);
  });

  it("SerDe properties given as table properties apply, and table properties given as SerDe properties: one set, the table's winning", async () => {
    // Athena's engine reads a table with the serde parameters overridden by the table parameters (trinodb/trino
    // MetastoreUtil.getHiveSchema, "Mimics function in Hive: MetaStoreUtils.getSchema"): the form public DDL uses
    // (RunningJon/hawqeye impala-tpcds/06_single_user_reports/03.reports.ddl.sql: tblproperties
    // ('serialization.null.format'='')) makes an empty field NULL
    await t.storage.put(BUCKET, 'nullfmt/a.txt', 'id|note\n1||\n2|x\n');
    await q(t, `CREATE EXTERNAL TABLE csvs.nullfmt (id int, note string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://${BUCKET}/nullfmt/' TBLPROPERTIES ('serialization.null.format'='', 'skip.header.line.count'='1')`);
    assert.deepEqual((await q(t, 'SELECT id, note FROM csvs.nullfmt ORDER BY id')).rows, [
      [1, null],
      [2, 'x'],
    ]);
    await q(t, `CREATE EXTERNAL TABLE csvs.headerserde (id string, note string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe' WITH SERDEPROPERTIES ('field.delim'='|', 'skip.header.line.count'='1') LOCATION 's3://${BUCKET}/nullfmt/'`);
    assert.deepEqual((await q(t, 'SELECT id, note FROM csvs.headerserde ORDER BY id')).rows, [
      ['1', ''],
      ['2', 'x'],
    ]);
    // both: the table's wins (\N in the SerDe's, '' in the table's)
    await q(t, `CREATE EXTERNAL TABLE csvs.nullboth (id string, note string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' NULL DEFINED AS 'x' LOCATION 's3://${BUCKET}/nullfmt/' TBLPROPERTIES ('serialization.null.format'='', 'skip.header.line.count'='1')`);
    assert.deepEqual((await q(t, 'SELECT id, note FROM csvs.nullboth ORDER BY id')).rows, [
      ['1', null],
      ['2', 'x'],
    ]);
  });

  it("separator properties are bytes: 'serialization.format'='1' is \\u0001 (as Hive and Trino read a number), 'field.delim'='9' a tab; a character past ASCII is refused", async () => {
    // trino-hive-formats TextEncodingOptions.getByte (after Hive's LazyUtils.getByte): a number that fits a byte is
    // that byte, anything else its first character; field.delim first, else serialization.format
    await t.storage.put(BUCKET, 'bytes1/a.txt', 'a\u00011\nb\u00012\n');
    await q(t, `CREATE EXTERNAL TABLE csvs.bytes1 (k string, n int) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe' WITH SERDEPROPERTIES ('serialization.format'='1') LOCATION 's3://${BUCKET}/bytes1/'`);
    assert.deepEqual((await q(t, 'SELECT k, n FROM csvs.bytes1 ORDER BY k')).rows, [
      ['a', 1],
      ['b', 2],
    ]);
    await t.storage.put(BUCKET, 'bytes9/a.txt', 'a\t9\n');
    await q(t, `CREATE EXTERNAL TABLE csvs.bytes9 (k string, n int) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe' WITH SERDEPROPERTIES ('field.delim'='9', 'serialization.format'='9') LOCATION 's3://${BUCKET}/bytes9/'`);
    assert.deepEqual((await q(t, 'SELECT k, n FROM csvs.bytes9')).rows, [['a', 9]]);
    // INSERT INTO writes with the same byte
    await q(t, "INSERT INTO csvs.bytes1 VALUES ('c', 3)");
    assert.deepEqual((await q(t, "SELECT k, n FROM csvs.bytes1 WHERE k = 'c'")).rows, [['c', 3]]);
    assert.ok((await objectsText(t, BUCKET, 'bytes1/')).includes('c\u00013\n'), 'the row written with \\u0001 between its fields');
    await q(t, `CREATE EXTERNAL TABLE csvs.thorn (k string, n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY 'þ' LOCATION 's3://${BUCKET}/bytes9/'`);
    assert.match((await fails(t, 'SELECT * FROM csvs.thorn')).error!.message, /the separator 'þ' \(field\.delim\) is not one ASCII byte, which Athena's reader takes it as: not supported by the local engine/);
  });

  it('escape.delim: the escape character takes the next character, the delimiter included', async () => {
    await t.storage.put(BUCKET, 'textesc/a.txt', 'a\\|b|c\nd\\\\|e\n');
    await q(t, `CREATE EXTERNAL TABLE csvs.textesc (x string, y string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' ESCAPED BY '\\\\' LOCATION 's3://${BUCKET}/textesc/'`);
    assert.deepEqual((await q(t, 'SELECT x, y FROM csvs.textesc ORDER BY x')).rows, [
      ['a|b', 'c'],
      ['d\\', 'e'],
    ]);
  });

  it("timestamps as Hive's parser reads them: a date alone is midnight, ISO with a T is read, a zone or a short text is NULL, fractions to the millisecond", async () => {
    // trinodb/trino lib/trino-hive-formats/…/encodings/text/TimestampEncoding.java (commit 16b994ac1cbdd126ef600c9d0880b87883ba5166):
    // fewer than 8 characters NULL, else HiveFormatUtils.parseHiveTimestamp (`y-M-d[ H:m:s[.f]]`, then
    // ISO_LOCAL_DATE_TIME), NULL when it does not parse; timestamp(3) rounds the fraction half up (ShortTimestampEncoder)
    await t.storage.put(
      BUCKET,
      'textts/a.txt',
      ['1|2024-01-05 14:22:01.123456', '2|2024-01-05', '3|2024-01-05T14:22:01', '4|2024-01-05T14:22:01Z', '5|1704464521', '6|2024-1-5', '7|2024-01-05 14:22:01.9996', ''].join('\n'),
    );
    await q(t, `CREATE EXTERNAL TABLE csvs.textts (id int, ts timestamp) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://${BUCKET}/textts/'`);
    // 1704464521 s = 2024-01-05 14:22:01 UTC; 1704412800 s = 2024-01-05 00:00:00 UTC (worked out by hand)
    assert.deepEqual((await q(t, 'SELECT id, to_unixtime(ts) FROM csvs.textts ORDER BY id')).rows, [
      [1, 1704464521.123],
      [2, 1704412800],
      [3, 1704464521],
      [4, null],
      [5, null],
      [6, 1704412800],
      [7, 1704464522],
    ]);
  });
});

describe('unreadable files', () => {
  it('a file that is not UTF-8 fails naming the object and the line, not the local file', async () => {
    // line 1 header, lines 2-4, line 5 good, line 6 holds the byte 0xFF (hand-counted)
    const bytes = Buffer.concat([Buffer.from('id,note\n1,"a\nb\nc"\n2,ok\n3,'), Buffer.from([0xff]), Buffer.from('\n4,last\n')]);
    await t.storage.put(BUCKET, 'latin/good.csv', 'id,note\n0,fine\n');
    await t.storage.put(BUCKET, 'latin/bad.csv', bytes);
    await q(t, csvDdl('csvs.latin', 'id string, note string', 'latin'));
    const e = await fails(t, 'SELECT id, note FROM csvs.latin');
    // the byte's offset: 'id,note\n' 8 + '1,"a\n' 5 + 'b\n' 2 + 'c"\n' 3 + '2,ok\n' 5 + '3,' 2 = 25 (hand-counted).
    // Athena's engine keeps a text field's bytes unchecked (trinodb/trino …/encodings/text/StringEncoding.java) and
    // reads no other encoding (trinodb/trino#8139): the table is refused, not read with other characters
    assert.equal(
      e.error!.message,
      `s3://${BUCKET}/latin/bad.csv line 6: the object is not UTF-8 text (byte 0xFF at offset 25): Athena reads its bytes into the column as they are, which the local engine cannot — not supported by the local engine; write the object as UTF-8 (table csvs.latin)`,
    );
    // only the table whose data it is: another table over UTF-8 objects still answers
    await t.storage.put(BUCKET, 'latinok/a.csv', 'id,note\n1,caf\u00e9\n');
    await q(t, csvDdl('csvs.latinok', 'id string, note string', 'latinok'));
    assert.deepEqual((await q(t, 'SELECT id, note FROM csvs.latinok')).rows, [['1', 'caf\u00e9']]);
  });

  it('a gzip-compressed object that is not UTF-8 names the line and the offset in its decompressed text', async () => {
    // decompressed: 'id,note\n' 8 + '1,caf' 5 = offset 13, the byte 0xE9 (Latin-1 'é'), on line 2
    await t.storage.put(BUCKET, 'latingz/a.csv.gz', gzipSync(Buffer.concat([Buffer.from('id,note\n1,caf'), Buffer.from([0xe9]), Buffer.from('\n')])));
    await q(t, csvDdl('csvs.latingz', 'id string, note string', 'latingz'));
    const e = await fails(t, 'SELECT id, note FROM csvs.latingz');
    assert.match(e.error!.message, new RegExp(`^s3://${BUCKET}/latingz/a\\.csv\\.gz line 2: the object is not UTF-8 text \\(byte 0xE9 at offset 13 of its decompressed text\\)`));
  });

  it('a delimited text (LazySimpleSerDe) object that is not UTF-8 is refused the same way, naming its byte', async () => {
    // '1|ok\n' 5 + '2|caf' 5 = offset 10, the Latin-1 byte of 'é' (0xE9) followed by a newline: not UTF-8
    await t.storage.put(BUCKET, 'latintxt/a.txt', Buffer.concat([Buffer.from('1|ok\n2|caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    await q(t, `CREATE EXTERNAL TABLE csvs.latintxt (id int, note string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://${BUCKET}/latintxt/'`);
    const e = await fails(t, 'SELECT count(*) FROM csvs.latintxt');
    assert.match(e.error!.message, new RegExp(`^s3://${BUCKET}/latintxt/a\\.txt line 2: the object is not UTF-8 text \\(byte 0xE9 at offset 10\\): .* not supported by the local engine`));
  });

  it('a line of 3,000,000 characters is read', async () => {
    await t.storage.put(BUCKET, 'long/a.csv', `id,note\n1,short\n2,"${'y'.repeat(3_000_000)}"\n3,short\n`);
    await q(t, csvDdl('csvs.long', 'id int, note string', 'long'));
    assert.deepEqual((await q(t, 'SELECT id, length(note) FROM csvs.long ORDER BY id')).rows, [
      [1, 5],
      [2, 3_000_000],
      [3, 5],
    ]);
  });

  it('a gzip-compressed file (.gz) reads as its text, as Athena reads it; a codec the local engine cannot split is refused naming the object', async () => {
    // Athena picks the codec by the file name's extension (https://docs.aws.amazon.com/athena/latest/ug/compression-formats.html)
    await t.storage.put(BUCKET, 'zipped/a.csv.gz', gzipSync(Buffer.from('id,note\n1,"x, y"\n2,plain\n')));
    await t.storage.put(BUCKET, 'zipped/b.csv', 'id,note\n3,"It\\"s"\n');
    await q(t, csvDdl('csvs.zipped', 'id int, note string', 'zipped'));
    assert.deepEqual((await q(t, 'SELECT id, note FROM csvs.zipped ORDER BY id')).rows, [
      [1, 'x, y'],
      [2, 'plain'],
      [3, 'It"s'],
    ]);
    await t.storage.put(BUCKET, 'bzipped/a.csv.bz2', Buffer.from('BZh91AY&SY'));
    await q(t, csvDdl('csvs.bzipped', 'id int, note string', 'bzipped'));
    const e = await fails(t, 'SELECT id FROM csvs.bzipped');
    assert.equal(e.error!.message, `line 1:1: table csvs.bzipped: BZIP2-compressed files are not read by the local engine (Athena reads them): s3://${BUCKET}/bzipped/a.csv.bz2; gzip (.gz) and zstd (.zst) are`);
  });
});

describe('properties Athena reads that the local engine does not: refused, not ignored', () => {
  // trino-hive-formats LinePageSourceFactory skips the header and footer lines of each file for every line-based
  // SerDe (JSON included); its delimited text reader parses timestamps with `timestamp.formats`
  it('skip.footer.line.count on a text table, skip.header.line.count on a JSON table, timestamp.formats on delimited text', async () => {
    await t.storage.put(BUCKET, 'footer/a.txt', 'a|1\nTOTAL|1\n');
    await q(t, `CREATE EXTERNAL TABLE csvs.footer (k string, n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://${BUCKET}/footer/' TBLPROPERTIES ('skip.footer.line.count'='1')`);
    assert.match((await fails(t, 'SELECT * FROM csvs.footer')).error!.message, /table csvs\.footer: 'skip\.footer\.line\.count' \(the last lines of each file left out\) is not supported by the local engine/);
    await t.storage.put(BUCKET, 'jsonheader/a.json', '{"k":"header"}\n{"k":"a"}\n');
    await q(t, `CREATE EXTERNAL TABLE csvs.jsonheader (k string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/jsonheader/' TBLPROPERTIES ('skip.header.line.count'='1')`);
    assert.match((await fails(t, 'SELECT * FROM csvs.jsonheader')).error!.message, /'skip\.header\.line\.count' on a JSON table .*is not supported by the local engine/);
    await t.storage.put(BUCKET, 'tsformats/a.txt', '2021/01/02 10:00\n');
    await q(t, `CREATE EXTERNAL TABLE csvs.tsformats (ts timestamp) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe' WITH SERDEPROPERTIES ('timestamp.formats'='yyyy/MM/dd HH:mm') LOCATION 's3://${BUCKET}/tsformats/'`);
    assert.match((await fails(t, 'SELECT * FROM csvs.tsformats')).error!.message, /the SerDe property 'timestamp\.formats' of delimited text is not supported by the local engine \(Athena has it\): declare the column string/);
  });

  it("'serialization.encoding' other than UTF-8 is refused naming the table (Trino reads UTF-8 only: trinodb/trino#8139)", async () => {
    await t.storage.put(BUCKET, 'sjis/a.csv', 'id,note\n1,x\n');
    await q(t, `CREATE EXTERNAL TABLE csvs.sjis (id string, note string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('serialization.encoding'='SJIS') LOCATION 's3://${BUCKET}/sjis/'`);
    assert.match((await fails(t, 'SELECT * FROM csvs.sjis')).error!.message, /table csvs\.sjis: 'serialization\.encoding'='SJIS' is not supported by the local engine/);
    await t.storage.put(BUCKET, 'utf8prop/a.txt', '1|x\n');
    await q(t, `CREATE EXTERNAL TABLE csvs.utf8prop (id int, note string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://${BUCKET}/utf8prop/' TBLPROPERTIES ('serialization.encoding'='UTF-8')`);
    assert.deepEqual((await q(t, 'SELECT id, note FROM csvs.utf8prop')).rows, [[1, 'x']]);
  });
});
