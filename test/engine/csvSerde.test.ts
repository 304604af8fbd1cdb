/**
 * CSV tables (OpenCSVSerde) as the local engine reads them: hand-written files, the expected rows worked out by
 * hand from them (and from opencsv's rules, the parser OpenCSVSerde uses), lines counted by hand.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, q, tempProject, type TestProject } from './helpers';

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

describe('quoted fields across lines', () => {
  it('a quoted field holding a newline is one value of one row (LF and CRLF files)', async () => {
    await t.storage.put(BUCKET, 'multiline/a.csv', 'id,note,n\n7,"two\nlines",3\n8,plain,4\n9,"three\nshort\nlines",5\n');
    await t.storage.put(BUCKET, 'multiline/b.csv', 'id,note,n\r\n10,"crlf\r\ninside",6\r\n11,after,7\r\n');
    await q(t, csvDdl('csvs.multiline', 'id int, note string, n bigint', 'multiline'));
    assert.deepEqual((await q(t, 'SELECT id, note, n FROM csvs.multiline ORDER BY id')).rows, [
      [7, 'two\nlines', 3],
      [8, 'plain', 4],
      [9, 'three\nshort\nlines', 5],
      [10, 'crlf\r\ninside', 6],
      [11, 'after', 7],
    ]);
  });

  it('a products file whose last row has a two-line name', async () => {
    const products = 'sku,name,price,category\nsku-0,"Widget, large",9.99,tools\nsku-2,Ünïcødé ☃,3.50,misc\nsku-3,<b>bold</b>,abc,tools\nsku-4,"multi\nline",1.00,misc\n';
    await t.storage.put(BUCKET, 'products/products.csv', products);
    await q(t, csvDdl('csvs.products', 'sku string, name string, price double, category string', 'products'));
    assert.deepEqual((await q(t, 'SELECT sku, name, price, category FROM csvs.products ORDER BY sku')).rows, [
      ['sku-0', 'Widget, large', 9.99, 'tools'],
      ['sku-2', 'Ünïcødé ☃', 3.5, 'misc'],
      ['sku-3', '<b>bold</b>', null, 'tools'],
      ['sku-4', 'multi\nline', 1, 'misc'],
    ]);
  });
});

describe("quotes inside fields, by opencsv's rules", () => {
  // opencsv (OpenCSVSerde's parser): in a field, a doubled quote is one quote; the escape character (a backslash
  // unless escapeChar names another) takes the next quote or escape character as it is, and is dropped before any
  // other character. Each row's third field shows where the second one ended.
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
    [8, 'two "quoted"\nlines', 'x'],
    [9, 'plain "mid" quote', 'x'],
    [10, 'anb', 'x'],
    [11, null, 'x'],
    [12, '{"a":""}', 'x'],
    [13, 'ends with \\', 'x'],
    [14, 'a"b', 'x'],
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

  it('values with quotes written by INSERT INTO read back as they were', async () => {
    // Athena writes OpenCSVSerde tables only when every column is a string (https://docs.aws.amazon.com/athena/latest/ug/insert-into.html)
    await q(t, "CREATE EXTERNAL TABLE csvs.written (id string, text string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' STORED AS TEXTFILE LOCATION 's3://" + BUCKET + "/written/'");
    const values = ['{"a":""}', 'He said "hi"', 'a""b', '""', 'two\nlines, "quoted"'];
    await q(t, `INSERT INTO csvs.written SELECT * FROM (VALUES ${values.map((v, i) => `('${i + 1}', '${v.replace(/'/g, "''")}')`).join(', ')})`);
    assert.deepEqual(
      (await q(t, 'SELECT id, text FROM csvs.written ORDER BY id')).rows,
      values.map((v, i) => [String(i + 1), v]),
    );
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

  it("the reviewer's products file", async () => {
    await t.storage.put(
      BUCKET,
      'products2/products.csv',
      'sku,name,price,category\nsku-0,"Widget, large",9.99,tools\nsku-1,"He said ""hi""",,toys\nsku-2,Ünïcødé ☃,3.50,\nsku-3,<b>bold</b>,abc,tools\nsku-4,"multi\nline",1.00,misc\n',
    );
    await q(t, csvDdl('csvs.products2', 'sku string, name string, price string, category string', 'products2'));
    assert.deepEqual((await q(t, 'SELECT sku, name FROM csvs.products2 ORDER BY sku')).rows, [
      ['sku-0', 'Widget, large'],
      ['sku-1', 'He said "hi"'],
      ['sku-2', 'Ünïcødé ☃'],
      ['sku-3', '<b>bold</b>'],
      ['sku-4', 'multi\nline'],
    ]);
  });
});

describe('unreadable files', () => {
  it('a file that is not UTF-8 fails naming the object and the line (after a record over three lines), not the local file', async () => {
    // line 1 header, lines 2-4 one record, line 5 good, line 6 holds the byte 0xFF (hand-counted)
    const bytes = Buffer.concat([Buffer.from('id,note\n1,"a\nb\nc"\n2,ok\n3,'), Buffer.from([0xff]), Buffer.from('\n4,last\n')]);
    await t.storage.put(BUCKET, 'latin/good.csv', 'id,note\n0,fine\n');
    await t.storage.put(BUCKET, 'latin/bad.csv', bytes);
    await q(t, csvDdl('csvs.latin', 'id int, note string', 'latin'));
    const e = await fails(t, 'SELECT id, note FROM csvs.latin');
    assert.equal(e.error!.message, `s3://${BUCKET}/latin/bad.csv line 6: the object is not UTF-8 text (table csvs.latin)`);
  });

  it('a record longer than the local engine reads fails naming the object and the line', async () => {
    // line 3 holds a field of 3,000,000 characters
    await t.storage.put(BUCKET, 'long/a.csv', `id,note\n1,short\n2,"${'y'.repeat(3_000_000)}"\n3,short\n`);
    await q(t, csvDdl('csvs.long', 'id int, note string', 'long'));
    const e = await fails(t, 'SELECT count(*) FROM csvs.long');
    assert.match(e.error!.message, new RegExp(`^s3://${BUCKET}/long/a\\.csv line 3: a record is longer than the local engine reads \\(2000000 bytes\\) \\(table csvs\\.long\\)$`));
  });
});
