/**
 * A doubled quote inside a quoted CSV value (`"a ""q"" b"`), read by spark.read.csv and by a DynamicFrame.
 *
 * spark.read.csv: Spark's CSV data source options (docs/sql-data-sources-csv.md, Spark 3.3 = Glue 4.0) give `quote`
 * (default `"`) and "escape (default \): Sets a single character used for escaping quotes inside an already quoted
 * value"; CSVOptions.asParserSettings hands them to univocity-parsers' CsvFormat (setQuote, setQuoteEscape), and with
 * charToEscapeQuoteEscaping unset CsvFormat.getCharToEscapeQuoteEscaping gives the quote escape (`\`) when it is not
 * the quote. CsvParser.parseQuotedValue (uniVocity/univocity-parsers 7e7d1b3): after `""` the next character is taken
 * to follow an unescaped quote (handleUnescapedQuote) - the value is not RFC 4180's `a "q" b`. Locally DuckDB's
 * reader (escape defaulting to the quote) gave `a "q" b`: another answer. Now refused by name, with the option whose
 * meaning is documented: escape set to `"` makes a doubled quote one quote (the escape option's own words: the
 * character escapes a quote inside a quoted value, here the quote itself).
 *
 * DynamicFrame (format "csv"): the archived Glue guide's CSV format page (awsdocs/aws-glue-developer-guide c4620ef,
 * doc_source/aws-glue-programming-etl-format.md) cites RFC 4180 for the format, quoteChar default `"`, escaper
 * default none: a doubled quote inside a quoted field is one quote (RFC 4180 section 2, rule 7).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csvEscapeFault } from '../../src/core/targets/local/csvDoubledQuotes';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';
import { jsonRows } from './harness';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-spark-csv-doubled-');
  await p.target.storage.put(GS_BUCKET, 'dq/part-0.csv', Buffer.from('id,note\n1,"a ""q"" b"\n2,plain\n'));
});
after(async () => {
  await p.close();
});

const sparkRead = (job: string, options: string) =>
  `df = spark.read${options}.csv("s3://${GS_BUCKET}/dq/", header=True)\ndf.write.mode("overwrite").json("s3://${GS_BUCKET}/out/${job}/")\n`;

describe('spark.read.csv over a doubled quote in a quoted value', () => {
  test("under Spark's default escape (\\): refused, naming the object, its line and the option", async () => {
    const r = await p.run('dq_default', sparkRead('dq_default', ''));
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /^glue-scripts\/dq_default\.py:\d+: spark\.read\.csv cannot run on the local engine: s3:\/\/gs-test\/dq\/part-0\.csv line 2 holds a doubled quote .*\.option\("escape", "\\""\)/);
  });

  test('format("csv").load and an explicit escape of \\ : the same refusal', async () => {
    const r = await p.run('dq_load', `df = spark.read.format("csv").option("header", "true").option("escape", "\\\\").load("s3://${GS_BUCKET}/dq/")\ndf.write.mode("overwrite").json("s3://${GS_BUCKET}/out/dq_load/")\n`);
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /line 2 holds a doubled quote/);
  });

  test('with .option("escape", "\\"") a doubled quote is one quote', async () => {
    await p.runOk('dq_escape', sparkRead('dq_escape', '.option("escape", "\\"")'));
    const rows = (await jsonRows(p.objects('out/dq_escape'))).sort((x, y) => String(x['id']).localeCompare(String(y['id'])));
    assert.deepEqual(rows, [
      { id: '1', note: 'a "q" b' },
      { id: '2', note: 'plain' },
    ]);
  });
});

test('a DynamicFrame CSV source: RFC 4180, a doubled quote is one quote (quoteChar ", escaper none)', async () => {
  await p.runOk(
    'dq_dyf',
    `m = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/dq/"]}, format="csv", format_options={"withHeader": True})\nglueContext.write_dynamic_frame.from_options(frame=m, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/dq_dyf/"})\n`,
  );
  const rows = (await jsonRows(p.objects('out/dq_dyf'))).sort((x, y) => String(x['id']).localeCompare(String(y['id'])));
  assert.deepEqual(rows, [
    { id: 1, note: 'a "q" b' },
    { id: 2, note: 'plain' },
  ]);
});

test('the scan: an empty quoted field and an escaped quote are no fault; a doubled quote inside or at the edge of a value is, and the escape before another character', () => {
  const at = (text: string, sep = ',') => csvEscapeFault(text, '"', sep, '\\').fault;
  assert.equal(at('a,"",c\n"",x,""\n'), undefined);
  assert.equal(at('a,"x\\"",c\n"p\\\\q",a\\zb\n'), undefined);
  assert.deepEqual(at('a,b\n"""x",c\n'), { line: 2, kind: 'doubled' });
  assert.deepEqual(at('a,b\nc,"x"""\n'), { line: 2, kind: 'doubled' });
  assert.deepEqual(at('a|""|c\nd|"e""f"|g\n', '|'), { line: 2, kind: 'doubled' });
  assert.equal(at('a,b\n1,"x\\zy"\n'), undefined); // no escaped quote: read with no escape, the \\ kept
  assert.deepEqual(at('a,b\n1,"x\\zy"\n2,"q\\""\n'), { line: 2, kind: 'escape', ch: 'z' });
  // escape set to the quote (RFC 4180): nothing to refuse
  assert.equal(csvEscapeFault('1,"a ""q"" b"\n', '"', ',', '"').fault, undefined);
});

/**
 * Spark's default escape (\) over \" and \\ in quoted values and \ in an unquoted one: the escape option ("Sets a
 * single character used for escaping quotes inside an already quoted value"); `\\` is one `\` (univocity CsvFormat:
 * charToEscapeQuoteEscaping unset is the quote escape when it is not the quote, and its javadoc: with both `\`, `\\\"`
 * is read `\"`); an unquoted value is read as-is (Spark does not set escapeUnquotedValues; univocity-parsers#143,
 * jbax: with unquoted values "the parser will simply read everything as-is until it finds the next delimiter").
 * Before, DuckDB was given no escape here: its sniffer chose one per file.
 */
test("spark.read.csv under the default escape: \\\" is a quote, \\\\ a backslash, an unquoted \\ kept; the escape before another character kept, or refused beside an escaped quote", async () => {
  await p.target.storage.put(GS_BUCKET, 'bs/part-0.csv', Buffer.from('id,note\n1,"x\\"y"\n2,"p\\\\q"\n3,a\\"b\n'));
  await p.runOk('bs_ok', `df = spark.read.csv("s3://${GS_BUCKET}/bs/", header=True)\ndf.write.mode("overwrite").json("s3://${GS_BUCKET}/out/bs_ok/")\n`);
  const rows = (await jsonRows(p.objects('out/bs_ok'))).sort((x, y) => String(x['id']).localeCompare(String(y['id'])));
  assert.deepEqual(rows, [
    { id: '1', note: 'x"y' },
    { id: '2', note: 'p\\q' },
    { id: '3', note: 'a\\"b' },
  ]);
  // alone (no escaped quote in the files), the escape before another character is kept, as univocity keeps it
  await p.target.storage.put(GS_BUCKET, 'bk/part-0.csv', Buffer.from('id,note\n1,"x\\zy"\n'));
  await p.runOk('bk', `df = spark.read.csv("s3://${GS_BUCKET}/bk/", header=True)\ndf.write.mode("overwrite").json("s3://${GS_BUCKET}/out/bk/")\n`);
  assert.deepEqual(await jsonRows(p.objects('out/bk')), [{ id: '1', note: 'x\\zy' }]);
  // with an escaped quote in another file of the read: refused (DuckDB given the escape would drop it)
  await p.target.storage.put(GS_BUCKET, 'bk/part-1.csv', Buffer.from('id,note\n2,"q\\"r"\n'));
  const r = await p.run('bz', `df = spark.read.csv("s3://${GS_BUCKET}/bk/", header=True)\ndf.write.mode("overwrite").json("s3://${GS_BUCKET}/out/bz/")\n`);
  assert.equal(r.state, 'FAILED');
  assert.match(r.errorMessage ?? '', /s3:\/\/gs-test\/bk\/part-0\.csv line 2 holds the escape \\ before "z" in a quoted value/);
});

test('a DynamicFrame CSV source with format option escaper: refused by name (it was accepted and ignored: the escapes left in the values)', async () => {
  await p.target.storage.put(GS_BUCKET, 'de/part-0.csv', Buffer.from('id,note\n1,"x\\"y"\n'));
  const r = await p.run(
    'de',
    `m = glueContext.create_dynamic_frame.from_options(connection_type="s3", connection_options={"paths": ["s3://${GS_BUCKET}/de/"]}, format="csv", format_options={"withHeader": True, "escaper": "\\\\"})\nglueContext.write_dynamic_frame.from_options(frame=m, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/de/"})\n`,
  );
  assert.equal(r.state, 'FAILED');
  assert.match(r.errorMessage ?? '', /format option "escaper"/);
});
