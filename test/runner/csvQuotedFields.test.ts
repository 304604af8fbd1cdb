/**
 * A Data Catalog CSV table whose files hold double quotes, read by a Glue job: Glue reads it with its own CSV reader,
 * where `"` quotes a field whatever the table's SerDe — awslabs/aws-glue-libs#2 ("create_dynamic_frame.from_catalog
 * choke on double quote", 2017–2019): a pipe-delimited table Athena reads fine, `TEST|611|"National Information
 * Systems||Test_Last`, made from_catalog hang until the job failed; the SerDe's reading would have kept the quote as a
 * character. The Glue CSV page ("Using the CSV format in AWS Glue") refers to RFC 4180 and gives `quoteChar` the
 * default `"`: a quoted field keeps its separators, a doubled quote inside it is one quote (RFC 4180 §2, rules 6–7).
 * Before, the local job read such a table as Athena does (LazySimpleSerDe: `"a,b"` split into `"a` and `b"`): another
 * answer than Glue's.
 *
 * A quoted field holding a line break (a record across lines) is one record for Glue's CSV reader only with
 * `multiLine`: the CSV configuration reference ("Using the CSV format in AWS Glue") — "multiLine — … whether a single
 * record can span multiple lines. This can occur when a field contains a quoted new-line character. You must set this
 * option to True if any record spans multiple lines. The default value is False, which allows for more aggressive
 * file-splitting during parsing." Spark's reader likewise (Spark's CSV data source options: "multiLine (default
 * false): Allows a row to span multiple lines, by parsing line breaks within quoted values as part of the value
 * itself"). DuckDB's reader takes it as one record either way: without multiLine it is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';
import { jsonRows } from './harness';

let p: ScriptProject;

async function table(name: string, lines: string[], ddl: string): Promise<void> {
  await p.target.storage.put(GS_BUCKET, `${name}/part-0.csv`, Buffer.from(lines.join('\n') + '\n'));
  const q = await p.target.queries.run(`CREATE EXTERNAL TABLE lake.${name} ${ddl} LOCATION 's3://${GS_BUCKET}/${name}/' TBLPROPERTIES ('classification' = 'csv', 'skip.header.line.count' = '1')`);
  assert.equal(q.state, 'SUCCEEDED', q.error?.message);
}

const copy = (t: string) =>
  `m = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="${t}")\nglueContext.write_dynamic_frame.from_options(frame=m, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/${t}/"})\n`;

before(async () => {
  p = await glueStudioProject('lh-catalog-csv-quotes-');
  await table('notes', ['name,note,n', 'ann,"say ""hi""",1', 'bob,"a,b",2', 'cy,plain,3'], "(name string, note string, n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ','");
  await table('lone', ['a|b|c|d|e', 'TEST|611|"National Information Systems||Test_Last'], "(a string, b string, c string, d string, e string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|'");
  await table('blank', ['name,note', 'ann,""', 'bob,x'], "(name string, note string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ','");
  await p.target.storage.put(GS_BUCKET, 'esc/part-0.csv', Buffer.from('a,b\n1,"x\\"y"\n2,plain\n'));
  await table('lines', ['name,note', 'ann,"two', 'lines"', 'bob,x'], "(name string, note string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ','");
});
after(async () => {
  await p.close();
});

describe('from_catalog over a CSV table whose files hold quotes: Glue\'s CSV reader', () => {
  test('a quoted field keeps its separator and a doubled quote is one quote (Athena, through the SerDe, keeps the quotes)', async () => {
    await p.runOk('notes_copy', copy('notes'));
    const rows = (await jsonRows(p.objects('out/notes'))).sort((x, y) => String(x['name']).localeCompare(String(y['name'])));
    assert.deepEqual(rows, [
      { name: 'ann', note: 'say "hi"', n: 1 },
      { name: 'bob', note: 'a,b', n: 2 },
      { name: 'cy', note: 'plain', n: 3 },
    ]);
    // the same table in Athena: LazySimpleSerDe splits on every comma and keeps quotes (Athena's LazySimpleSerDe page)
    const q = await p.target.queries.run('SELECT name, note FROM lake.notes ORDER BY name');
    assert.equal(q.state, 'SUCCEEDED', q.error?.message);
    const page = await p.target.queries.page(q.id, { maxRows: 10 });
    assert.deepEqual(page.rows, [
      ['ann', '"say ""hi"""'],
      ['bob', '"a'],
      ['cy', 'plain'],
    ]);
  });

  test('a quote left open (aws-glue-libs#2: the job failed on Glue) is refused, naming the table and the issue', async () => {
    const r = await p.run('lone_copy', copy('lone'));
    assert.equal(r.state, "FAILED");
    assert.match(r.errorMessage ?? '', /Data Catalog source .*\(lake\.lone\) cannot run on the local engine: its files hold double quotes.*\(s3:\/\/gs-test\/lone\/part-0\.csv line 2: Value with unterminated quote found\).*aws-glue-libs#2/);
  });

  test('a quoted empty field is refused, as from_options refuses it', async () => {
    const r = await p.run('blank_copy', copy('blank'));
    assert.equal(r.state, "FAILED");
    assert.match(r.errorMessage ?? '', /lake\.blank\) cannot run on the local engine: the field note holds a quoted empty value/);
  });
});

describe('a quoted line break: one record only with multiLine', () => {
  const fromOptions = (job: string, formatOptions: string) =>
    `m = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="csv", connection_options={"paths": ["s3://${GS_BUCKET}/lines/"]}, format_options={${formatOptions}})\nglueContext.write_dynamic_frame.from_options(frame=m, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/${job}/"})\n`;

  test('from_options without multiLine: refused, naming the field and the option', async () => {
    const r = await p.run('lines_plain', fromOptions('lines_plain', '"withHeader": True'));
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /^glue-scripts\/lines_plain\.py:\d+: S3 source m cannot run on the local engine: the field note of s3:\/\/gs-test\/lines\/ holds a quoted line break .* add "multiLine": True to format_options$/);
  });

  test('from_options with multiLine: True reads the record whole', async () => {
    await p.runOk('lines_multi', fromOptions('lines_multi', '"withHeader": True, "multiLine": True'));
    const rows = (await jsonRows(p.objects('out/lines_multi'))).sort((x, y) => String(x['name']).localeCompare(String(y['name'])));
    assert.deepEqual(rows, [
      { name: 'ann', note: 'two\nlines' },
      { name: 'bob', note: 'x' },
    ]);
  });

  test('from_catalog (no multiLine to give): refused, saying to read the files with from_options and multiLine', async () => {
    const r = await p.run('lines_catalog', copy('lines'));
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /\(lake\.lines\) cannot run on the local engine: the field note holds a quoted line break .*"multiLine": True/);
  });
});

describe('spark.read.csv and a quoted line break', () => {
  const sparkRead = (job: string, options: string) =>
    `df = spark.read${options}.option("header", True).csv("s3://${GS_BUCKET}/lines/")\ndf.write.mode("overwrite").json("s3://${GS_BUCKET}/out/${job}/")\n`;

  test('without multiLine: refused, naming the column and the option', async () => {
    const r = await p.run('spark_lines_plain', sparkRead('spark_lines_plain', ''));
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /^glue-scripts\/spark_lines_plain\.py:\d+: spark\.read\.csv cannot run on the local engine: the column note of s3:\/\/gs-test\/lines\/ holds a quoted line break .*\.option\("multiLine", True\)$/);
  });

  test('with multiLine: the row whole', async () => {
    await p.runOk('spark_lines_multi', sparkRead('spark_lines_multi', '.option("multiLine", True)'));
    const rows = (await jsonRows(p.objects('out/spark_lines_multi'))).sort((x, y) => String(x['name']).localeCompare(String(y['name'])));
    assert.deepEqual(rows, [
      { name: 'ann', note: 'two\nlines' },
      { name: 'bob', note: 'x' },
    ]);
  });
});

test('spark.read.csv with option escape: a quote escaped inside a quoted value (Spark\'s CSV options: "escape (default \\): Sets a single character used for escaping quotes inside an already quoted value") — the option was accepted and not passed on', async () => {
  await p.runOk('spark_escape', `df = spark.read.option("header", True).option("escape", "\\\\").csv("s3://${GS_BUCKET}/esc/")\ndf.write.mode("overwrite").json("s3://${GS_BUCKET}/out/spark_escape/")\n`);
  const rows = (await jsonRows(p.objects('out/spark_escape'))).sort((x, y) => String(x['a']).localeCompare(String(y['a'])));
  assert.deepEqual(rows, [
    { a: '1', b: 'x"y' },
    { a: '2', b: 'plain' },
  ]);
});
