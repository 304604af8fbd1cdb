/**
 * RegexSerDe tables on the local engine, as Athena reads them. The rules are Athena's "Regex SerDe" page
 * (https://docs.aws.amazon.com/athena/latest/ug/regex-serde.html: "If a row in the data does not match the regex,
 * then all columns in the row are returned as NULL. If a row matches the regex but has fewer groups than expected, the
 * missing groups are NULL. If a row … has more columns than groups in the regex, the additional columns are
 * ignored") and Trino's RegexDeserializer, "bug for bug compatible with Hive RegexSerde" (trinodb/trino
 * lib/trino-hive-formats/src/main/java/io/trino/hive/formats/line/regex/RegexDeserializer.java, commit
 * 110c9818f45b2a2797a705db4f08b1fd22ea7ccf): `Pattern.compile(regex, DOTALL [+ CASE_INSENSITIVE])`,
 * `matcher.matches()` (the whole line), a group that took no part NULL, values read with Java's parsers
 * (Long.parseLong, Double.parseDouble, Boolean.parseBoolean, BigDecimal set to the scale HALF_UP), and a value that
 * does not parse NULL ("invalid columns are ignored"). Expected values are worked out by hand from those rules.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { BUCKET, fails, q, tempProject, type TestProject } from './helpers';

let project: TestProject;
let t: LocalTarget;

before(async () => {
  project = await tempProject('logs');
  t = await project.open();
  await t.storage.createBucket(BUCKET);
  await q(t, 'CREATE DATABASE logs');
});
after(async () => {
  await project.cleanup();
});

/** A RegexSerDe table over s3://BUCKET/<prefix>/, its regex written as Java reads it (no Hive escapes in it). */
function regexDdl(table: string, columns: string, prefix: string, regex: string, extra: Record<string, string> = {}, tblproperties = ''): string {
  const props = Object.entries({ 'input.regex': regex, ...extra })
    .map(([k, v]) => `'${k}' = '${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)
    .join(', ');
  return `CREATE EXTERNAL TABLE logs.${table} (${columns})
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES (${props})
LOCATION 's3://${BUCKET}/${prefix}/'${tblproperties}`;
}

describe('RegexSerDe: which lines match and what the groups fill', () => {
  it('the whole line must match; a line that does not is a row of NULLs; a blank line too', async () => {
    await t.storage.put(BUCKET, 'kv/a.log', 'a=1\nb=2 trailing\n\nc=3\n');
    await q(t, regexDdl('kv', 'k string, v int', 'kv', '(\\w+)=(\\d+)'));
    // "b=2 trailing": find() would match, matches() does not
    assert.deepEqual((await q(t, 'SELECT k, v FROM logs.kv')).rows, [
      ['a', 1],
      [null, null],
      [null, null],
      ['c', 3],
    ]);
  });

  it('fewer groups than columns: the others are NULL; more groups: the extra ones are ignored', async () => {
    await t.storage.put(BUCKET, 'groups/a.log', 'x y z\n');
    await q(t, regexDdl('fewer', 'a string, b string, c string', 'groups', '(\\S+) (\\S+) \\S+'));
    assert.deepEqual((await q(t, 'SELECT a, b, c FROM logs.fewer')).rows, [['x', 'y', null]]);
    await q(t, regexDdl('more_groups', 'a string', 'groups', '(\\S+) (\\S+) (\\S+)'));
    assert.deepEqual((await q(t, 'SELECT a FROM logs.more_groups')).rows, [['x']]);
  });

  it('a group that took no part in the match is NULL; a group that matched nothing is the empty string', async () => {
    await t.storage.put(BUCKET, 'optional/a.log', 'k:\nk:v\nk\n');
    await q(t, regexDdl('optional', 'k string, sep string, v string', 'optional', '(\\w+)(:(\\w*))?'));
    assert.deepEqual((await q(t, 'SELECT k, sep, v FROM logs.optional')).rows, [
      ['k', ':', ''],
      ['k', ':v', 'v'],
      ['k', null, null],
    ]);
  });

  it('more than nine groups fill their columns (DuckDB numbers its groups up to 9 only)', async () => {
    const line = Array.from({ length: 12 }, (_, i) => `f${i + 1}`).join(' ');
    await t.storage.put(BUCKET, 'twelve/a.log', `${line}\n`);
    const columns = Array.from({ length: 12 }, (_, i) => `c${i + 1} string`).join(', ');
    await q(t, regexDdl('twelve', columns, 'twelve', Array.from({ length: 12 }, () => '([^ ]*)').join(' ')));
    assert.deepEqual((await q(t, 'SELECT c1, c9, c10, c12 FROM logs.twelve')).rows, [['f1', 'f9', 'f10', 'f12']]);
  });

  it("DOTALL; input.regex.case.insensitive makes letters match either case", async () => {
    await t.storage.put(BUCKET, 'case/a.log', 'GET /a\nget /b\n');
    await q(t, regexDdl('case_sensitive', 'm string, p string', 'case', '(get) (.*)'));
    assert.deepEqual((await q(t, 'SELECT m, p FROM logs.case_sensitive')).rows, [[null, null], ['get', '/b']]);
    await q(t, regexDdl('case_insensitive', 'm string, p string', 'case', '(get) (.*)', { 'input.regex.case.insensitive': 'TRUE' }));
    assert.deepEqual((await q(t, 'SELECT m, p FROM logs.case_insensitive')).rows, [['GET', '/a'], ['get', '/b']]);
  });

  it("a leading ^(?!#) leaves out the lines starting with '#' (CloudFront's header lines), which would match otherwise", async () => {
    await t.storage.put(BUCKET, 'hash/a.log', '#Version 1.0\nx 1.0\n');
    await q(t, regexDdl('hash', 'a string, b string', 'hash', '^(?!#)([^ ]+)\\s+([^ ]+)$'));
    assert.deepEqual((await q(t, 'SELECT a, b FROM logs.hash')).rows, [[null, null], ['x', '1.0']]);
  });

  it('skip.header.line.count skips the first lines of each file', async () => {
    await t.storage.put(BUCKET, 'header/a.log', 'k v\na 1\n');
    await t.storage.put(BUCKET, 'header/b.log', 'k v\nb 2\n');
    await q(t, regexDdl('header', 'k string, v int', 'header', '(\\S+) (\\S+)', {}, "\nTBLPROPERTIES ('skip.header.line.count'='1')"));
    assert.deepEqual((await q(t, 'SELECT k, v FROM logs.header ORDER BY k')).rows, [
      ['a', 1],
      ['b', 2],
    ]);
  });
});

describe("RegexSerDe: a group's text as its column's type (Java's parsers; NULL when it does not parse)", () => {
  it('integers: Long.parseLong — a sign and digits; a decimal point, a space or a value past the range is NULL', async () => {
    await t.storage.put(BUCKET, 'ints/a.log', ['+5', '-0012', '1.5', ' 7', '2147483648', '9223372036854775807', '-'].map((v) => `${v}|${v}`).join('\n') + '\n');
    await q(t, regexDdl('ints', 'i int, b bigint', 'ints', '([^|]*)\\|(.*)'));
    assert.deepEqual((await q(t, 'SELECT i, CAST(b AS VARCHAR) FROM logs.ints')).rows, [
      [5, '5'],
      [-12, '-12'],
      [null, null],
      [null, null],
      [null, '2147483648'],
      [null, '9223372036854775807'],
      [null, null],
    ]);
  });

  it('doubles: Double.parseDouble — trimmed, NaN and Infinity, an exponent, an f or d suffix', async () => {
    await t.storage.put(BUCKET, 'doubles/a.log', ['0.001048', ' 2.5 ', '1e3', '7d', 'NaN', '-Infinity', '-', '1,5'].join('\n') + '\n');
    await q(t, regexDdl('doubles', 'd double', 'doubles', '(.*)'));
    // (Trino's CAST of a double to varchar writes it in scientific notation)
    assert.deepEqual((await q(t, 'SELECT CAST(d AS VARCHAR) FROM logs.doubles')).rows, [['1.048E-3'], ['2.5E0'], ['1.0E3'], ['7.0E0'], ['NaN'], ['-Infinity'], [null], [null]]);
  });

  it('booleans: Boolean.parseBoolean — true in any case is true, anything else false', async () => {
    await t.storage.put(BUCKET, 'bools/a.log', 'TRUE\ntrue\nyes\n1\n');
    await q(t, regexDdl('bools', 'b boolean', 'bools', '(.*)'));
    assert.deepEqual((await q(t, 'SELECT b FROM logs.bools')).rows, [[true], [true], [false], [false]]);
  });

  it('decimals: BigDecimal set to the scale half up; too many digits is NULL', async () => {
    await t.storage.put(BUCKET, 'decimals/a.log', '1.235\n-1.225\n12345.6\n1e2\nabc\n');
    await q(t, regexDdl('decimals', 'd decimal(5,2)', 'decimals', '(.*)'));
    assert.deepEqual((await q(t, 'SELECT CAST(d AS VARCHAR) FROM logs.decimals')).rows, [['1.24'], ['-1.23'], [null], ['100.00'], [null]]);
  });

  it("dates and timestamps: Hive's parsers; a date that is not a calendar day is refused (Java's lenient parser rolls it over)", async () => {
    await t.storage.put(BUCKET, 'times/a.log', '2014-07-05|2014-07-05 20:00:09.1234\n2014-07-05 junk|2014-07-05T20:00:09\nx|x\n');
    await q(t, regexDdl('times', 'd date, ts timestamp', 'times', '([^|]*)\\|(.*)'));
    assert.deepEqual((await q(t, 'SELECT CAST(d AS VARCHAR), CAST(ts AS VARCHAR) FROM logs.times')).rows, [
      ['2014-07-05', '2014-07-05 20:00:09.123'],
      ['2014-07-05', '2014-07-05 20:00:09.000'],
      [null, null],
    ]);
    await t.storage.put(BUCKET, 'lenient/a.log', '2021-02-30\n');
    await q(t, regexDdl('lenient', 'd date', 'lenient', '(.*)'));
    assert.match((await fails(t, 'SELECT d FROM logs.lenient')).error!.message, /a date '2021-02-30' that Java's lenient date parser reads in column d date: not read by the local engine/);
  });

  it('varchar(n) keeps n characters; array, map and struct columns are refused by name', async () => {
    await t.storage.put(BUCKET, 'nested/a.log', 'abcdef\n');
    await q(t, regexDdl('short', 's varchar(3)', 'nested', '(.*)'));
    assert.deepEqual((await q(t, 'SELECT s FROM logs.short')).rows, [['abc']]);
    await q(t, regexDdl('nested', 'a array<string>', 'nested', '(.*)'));
    assert.match((await fails(t, 'SELECT * FROM logs.nested')).error!.message, /column a array<string>: a RegexSerDe column of type array<string> is not supported by the local engine/);
  });
});

describe('RegexSerDe: what is refused', () => {
  it("a pattern RE2 cannot run (a back reference) is refused naming the construct; a table without input.regex fails as Athena's does", async () => {
    await t.storage.put(BUCKET, 'backref/a.log', 'aa\n');
    await q(t, regexDdl('backref', 'a string', 'backref', '(a)\\1'));
    assert.match((await fails(t, 'SELECT * FROM logs.backref')).error!.message, /its input\.regex uses back references \(\\1\), which is not supported by the local engine/);
    await q(t, `CREATE EXTERNAL TABLE logs.noregex (a string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' LOCATION 's3://${BUCKET}/backref/'`);
    assert.match((await fails(t, 'SELECT * FROM logs.noregex')).error!.message, /has no 'input\.regex' SERDEPROPERTY/);
  });

  it("a Glue job reading a RegexSerDe table is refused (Spark reads it with Hive's RegexSerDe, not Athena's reader)", async () => {
    await fs.mkdir(path.join(project.root, 'glue-scripts'), { recursive: true });
    const script = `import sys
from awsglue.context import GlueContext
from pyspark.context import SparkContext
glueContext = GlueContext(SparkContext.getOrCreate())
kv = glueContext.create_dynamic_frame.from_catalog(database="logs", table_name="kv")
glueContext.write_dynamic_frame.from_options(frame=kv, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/kv_out/"})
`;
    await fs.writeFile(path.join(project.root, 'glue-scripts', 'read_kv.py'), script);
    const run = await t.jobs.wait('read_kv', (await t.jobs.start('read_kv')).id);
    assert.equal(run.state, 'FAILED');
    assert.match(run.errorMessage ?? '', /read_kv\.py:5: .*reads logs\.kv, a RegexSerDe table: a Glue job reading a RegexSerDe table is not supported by the local engine/);
  });

  it('INSERT INTO a RegexSerDe table is refused (Athena writes no RegexSerDe table)', async () => {
    assert.match((await fails(t, "INSERT INTO logs.kv VALUES ('z', 9)")).error!.message, /writing a RegexSerDe table is not supported by the local engine/);
  });
});
