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
    .map(([k, v]) => `'${k}'='${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)
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
