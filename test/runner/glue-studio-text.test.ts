/**
 * Glue Studio's Regex Extractor (gs_regex_extract), Format Timestamp (gs_format_timestamp) and To Timestamp
 * (gs_to_timestamp, colType="iso"), run by the local
 * runner over small hand-made data, in the shape Glue Studio generates them (public scripts: `gs_regex_extract(
 * colName="closure_reason", regex="^Case Closed\. …(.*)", newCols="closure_reason_normalized")`, `gs_regex_extract(
 * colName="rating", regex="^\S*", newCols="rating2")`, `gs_format_timestamp(colName="order_ts_formatado",
 * dateFormat="yyyy-MM-dd")`, `gs_format_timestamp(colName="full_date_time", dateFormat="%d/%m/%Y")`,
 * `gs_to_timestamp(colName="date", colType="iso")`, `gs_to_timestamp(colName="order_ts", colType="autodetect",
 * newColName="order_ts_formatado")` followed by Format Timestamp "yyyy-MM-dd").
 * Expected rows are worked out by hand from the AWS Glue developer guide's pages, cited per test:
 *   https://docs.aws.amazon.com/glue/latest/dg/transforms-regex-extractor.html
 *   https://docs.aws.amazon.com/glue/latest/dg/transforms-format-timestamp.html
 *   https://docs.aws.amazon.com/glue/latest/dg/transforms-to-timestamp.html
 *
 * The data, by hand (purchases, read with from_options):
 *   1 purchase_date "2023-01-15T10:30:00"  stamp "2023-01-01 00:00:00"  code 17  iso "2022-11-02T14:40:59.915Z"
 *   2 purchase_date "2023-02-05"            stamp "2024-12-31 23:59:00"  code 18  iso "2023-02-05"
 *   3 purchase_date null                    stamp null                   code 19  iso null
 *   4 purchase_date "no date"               stamp "2023-06-07 08:09:10"  code 20  iso "2023-06-07T08:09:10+02:00"
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JobRun } from '../../src/core/model';
import { jsonRows } from './harness';
import { GLUE_PROLOGUE, GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

const BUCKET = GS_BUCKET;
const PURCHASES = [
  { id: 1, purchase_date: '2023-01-15T10:30:00', stamp: '2023-01-01 00:00:00', code: 17, iso: '2022-11-02T14:40:59.915Z' },
  { id: 2, purchase_date: '2023-02-05', stamp: '2024-12-31 23:59:00', code: 18, iso: '2023-02-05' },
  { id: 3, purchase_date: null, stamp: null, code: 19, iso: null },
  { id: 4, purchase_date: 'no date', stamp: '2023-06-07 08:09:10', code: 20, iso: '2023-06-07T08:09:10+02:00' },
];

const HEADER = `${GLUE_PROLOGUE}
# Script generated for node Purchases
Purchases_node1 = glueContext.create_dynamic_frame.from_options(format_options={"multiline": False}, connection_type="s3", format="json", connection_options={"paths": ["s3://${BUCKET}/purchases/landing/"], "recurse": True}, transformation_ctx="Purchases_node1")
`;
const sink = (frame: string, out: string) =>
  `# Script generated for node Amazon S3
AmazonS3_node9 = glueContext.write_dynamic_frame.from_options(frame=${frame}, connection_type="s3", format="json", connection_options={"path": "s3://${BUCKET}/out/${out}/", "partitionKeys": []}, transformation_ctx="AmazonS3_node9")
job.commit()
`;
/** a timestamp column to format: the stamp text parsed by Derived Column (Spark's to_timestamp) */
const STAMPED = `# Script generated for node Derived Column
DerivedColumn_node2 = Purchases_node1.gs_derived(colName="ts", expr="to_timestamp(stamp)")
`;

let p: ScriptProject;

async function run(name: string, body: string): Promise<{ run: JobRun; text: string }> {
  const text = `${HEADER}\n${body}`;
  return { run: await p.runScript(name, text), text };
}
async function runOk(name: string, body: string): Promise<void> {
  const r = await run(name, body);
  if (r.run.state !== 'SUCCEEDED') assert.fail(`${name}: ${r.run.state} ${r.run.errorMessage ?? ''}`);
}
/** the rows a job wrote, by id; a field the writer left out reads as null (how nulls are written is not tested here) */
const out = async (name: string, fields: string[]) =>
  (await jsonRows(path.join(p.objects('out'), name)))
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])))
    .sort((a, b) => Number(a['id']) - Number(b['id']))
    .map((r) => fields.map((f) => r[f] ?? null));
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

before(async () => {
  p = await glueStudioProject('lh-glue-studio-text-');
  await p.target.storage.put(BUCKET, 'purchases/landing/purchases-1.json', Buffer.from(PURCHASES.map((p) => JSON.stringify(p)).join('\n') + '\n'));
});
after(async () => {
  await p.close();
});

describe('Regex Extractor (gs_regex_extract)', () => {
  test("the page's example: year, month, day and an optional hour from long and short ISO dates, the group around the time skipped by an empty name", async () => {
    // "if you have a column "purchase_date" with a string using both long and short ISO date formats, then you want to
    // extract the year, month, day and hour, when available. Notice the hour group is optional … we don't want the
    // group to make the time optional but the inner one, so we leave the name empty"; "The new column will be null
    // only if the source column is null, if the regex doesn't match the column will be empty"
    await runOk('regex_dates', `RegexExtractor_node2 = Purchases_node1.gs_regex_extract(colName="purchase_date", regex="(\\\\d{4})-(\\\\d{2})-(\\\\d{2})(T(\\\\d{2}))?", newCols="year, month, day, , hour")\n${sink('RegexExtractor_node2', 'regex_dates')}`);
    assert.deepEqual(await out('regex_dates', ['id', 'year', 'month', 'day', 'hour']), [
      [1, '2023', '01', '15', '10'],
      // the short form: the optional hour took no part in the match, and is empty (never null: the source is not)
      [2, '2023', '02', '05', ''],
      [3, null, null, null, null],
      [4, '', '', '', ''],
    ]);
    // the skipped group made no column
    const raw = await jsonRows(path.join(p.objects('out'), 'regex_dates'));
    assert.deepEqual(Object.keys(raw[0]!).map((k) => k.toLowerCase()).sort(), ['code', 'day', 'hour', 'id', 'iso', 'month', 'purchase_date', 'stamp', 'year']);
  });

  test('without groups the one new column holds the match, found anywhere in the value (as the public script regex="^\\S*")', async () => {
    await runOk('regex_plain', `RegexExtractor_node2 = Purchases_node1.gs_regex_extract(colName="purchase_date", regex="\\\\d{2}:\\\\d{2}", newCols="time")\n${sink('RegexExtractor_node2', 'regex_plain')}`);
    assert.deepEqual(await out('regex_plain', ['id', 'time']), [
      [1, '10:30'],
      [2, ''],
      [3, null],
      [4, ''],
    ]);
  });

  test('refused by name: names that do not match the groups, a column that is not a string, what RE2 lacks', async () => {
    const mismatch = await run('regex_mismatch', `RegexExtractor_node2 = Purchases_node1.gs_regex_extract(colName="purchase_date", regex="(\\\\d{4})-(\\\\d{2})", newCols="year")\n${sink('RegexExtractor_node2', 'regex_mismatch')}`);
    assert.equal(mismatch.run.state, 'FAILED');
    assert.match(mismatch.run.errorMessage ?? '', new RegExp(`regex_mismatch\\.py:${lineOf(mismatch.text, 'RegexExtractor_node2 =')}:\\d+: DynamicFrame\\.gs_regex_extract with 1 column name for a regular expression with 2 groups cannot run on the local engine`));
    const number = await run('regex_number', `RegexExtractor_node2 = Purchases_node1.gs_regex_extract(colName="code", regex="1", newCols="one")\n${sink('RegexExtractor_node2', 'regex_number')}`);
    assert.equal(number.run.state, 'FAILED');
    assert.match(number.run.errorMessage ?? '', /the Regex Extractor node \(gs_regex_extract\) on code cannot run on the local engine: code holds INTEGER, not strings/);
    const lookahead = await run('regex_lookahead', `RegexExtractor_node2 = Purchases_node1.gs_regex_extract(colName="purchase_date", regex="\\\\d+(?=-)", newCols="first")\n${sink('RegexExtractor_node2', 'regex_lookahead')}`);
    assert.equal(lookahead.run.state, 'FAILED');
    assert.match(lookahead.run.errorMessage ?? '', /DynamicFrame\.gs_regex_extract with a regular expression using .*look.*cannot run on the local engine/i);
    for (const name of ['regex_mismatch', 'regex_number', 'regex_lookahead']) assert.deepEqual(await out(name, ['id']), []);
  });
});

describe('Format Timestamp (gs_format_timestamp)', () => {
  test('the page\'s example: "yyyy-MM-dd HH:mm" and the equivalent Python codes "%Y-%m-%d %H:%M" both give "2023-01-01 00:00"', async () => {
    // "if you want your date string to be formatted like “2023-01-01 00:00”, you can define such format using the
    // Spark syntax as “yyyy-MM-dd HH:mm” or the equivalent Python date codes as “%Y-%m-%d %H:%M”"
    const expected = [
      [1, '2023-01-01 00:00'],
      [2, '2024-12-31 23:59'],
      [3, null],
      [4, '2023-06-07 08:09'],
    ];
    await runOk('format_spark', `${STAMPED}FormatTimestamp_node3 = DerivedColumn_node2.gs_format_timestamp(colName="ts", dateFormat="yyyy-MM-dd HH:mm")\n${sink('FormatTimestamp_node3', 'format_spark')}`);
    assert.deepEqual(await out('format_spark', ['id', 'ts']), expected);
    await runOk('format_python', `${STAMPED}FormatTimestamp_node3 = DerivedColumn_node2.gs_format_timestamp(colName="ts", dateFormat="%Y-%m-%d %H:%M")\n${sink('FormatTimestamp_node3', 'format_python')}`);
    assert.deepEqual(await out('format_python', ['id', 'ts']), expected);
    // as the public script writes it: day/month/year in Python codes
    await runOk('format_dmy', `${STAMPED}FormatTimestamp_node3 = DerivedColumn_node2.gs_format_timestamp(colName="ts", dateFormat="%d/%m/%Y")\n${sink('FormatTimestamp_node3', 'format_dmy')}`);
    assert.deepEqual(await out('format_dmy', ['id', 'ts']), [
      [1, '01/01/2023'],
      [2, '31/12/2024'],
      [3, null],
      [4, '07/06/2023'],
    ]);
  });

  test('refused by name: a column that is not a timestamp, a Python code without an exact Java pattern, the new column\'s parameter', async () => {
    const text = await run('format_text', `FormatTimestamp_node3 = Purchases_node1.gs_format_timestamp(colName="stamp", dateFormat="yyyy")\n${sink('FormatTimestamp_node3', 'format_text')}`);
    assert.equal(text.run.state, 'FAILED');
    assert.match(text.run.errorMessage ?? '', new RegExp(`format_text\\.py:${lineOf(text.text, 'FormatTimestamp_node3 =')}:\\d+: the Format Timestamp node \\(gs_format_timestamp\\) on stamp cannot run on the local engine: stamp holds VARCHAR, not timestamps`));
    const code = await run('format_code', `${STAMPED}FormatTimestamp_node3 = DerivedColumn_node2.gs_format_timestamp(colName="ts", dateFormat="%X")\n${sink('FormatTimestamp_node3', 'format_code')}`);
    assert.equal(code.run.state, 'FAILED');
    assert.match(code.run.errorMessage ?? '', /gs_format_timestamp with dateFormat="%X" cannot run on the local engine: the Python date code %X has no Java pattern/);
    const mixed = await run('format_mixed', `${STAMPED}FormatTimestamp_node3 = DerivedColumn_node2.gs_format_timestamp(colName="ts", dateFormat="%Y at %H")\n${sink('FormatTimestamp_node3', 'format_mixed')}`);
    assert.equal(mixed.run.state, 'FAILED');
    assert.match(mixed.run.errorMessage ?? '', /the character "a" between Python date codes/);
    const renamed = await run('format_new', `${STAMPED}FormatTimestamp_node3 = DerivedColumn_node2.gs_format_timestamp(colName="ts", dateFormat="yyyy", newColName="year")\n${sink('FormatTimestamp_node3', 'format_new')}`);
    assert.equal(renamed.run.state, 'FAILED');
    assert.match(renamed.run.errorMessage ?? '', /gs_format_timestamp with newColName= cannot run on the local engine/);
  });
});

describe('To Timestamp (gs_to_timestamp) with colType="iso"', () => {
  test('the page\'s example “2022-11-02T14:40:59.915Z”, a date alone and an offset become timestamps (UTC, the session zone of a Glue job); null stays null', async () => {
    // "If the value is a formatted string, choose the "iso" type, the string needs to conform to one of the variants
    // of the ISO format, for example: “2022-11-02T14:40:59.915Z“"; "If a column name is not specified, the existing
    // column will be replaced instead of generating a new column" — shown through Format Timestamp, as the public
    // script chains them
    await runOk('iso_new', `ToTimestamp_node2 = Purchases_node1.gs_to_timestamp(colName="iso", colType="iso", newColName="at")\nFormatTimestamp_node3 = ToTimestamp_node2.gs_format_timestamp(colName="at", dateFormat="yyyy-MM-dd HH:mm:ss.SSS")\n${sink('FormatTimestamp_node3', 'iso_new')}`);
    assert.deepEqual(await out('iso_new', ['id', 'iso', 'at']), [
      [1, '2022-11-02T14:40:59.915Z', '2022-11-02 14:40:59.915'],
      [2, '2023-02-05', '2023-02-05 00:00:00.000'],
      [3, null, null],
      [4, '2023-06-07T08:09:10+02:00', '2023-06-07 06:09:10.000'],
    ]);
    // without newColName the column itself becomes the timestamp
    await runOk('iso_same', `ToTimestamp_node2 = Purchases_node1.gs_to_timestamp(colName="iso", colType="iso")\nFormatTimestamp_node3 = ToTimestamp_node2.gs_format_timestamp(colName="iso", dateFormat="%Y-%m-%d")\n${sink('FormatTimestamp_node3', 'iso_same')}`);
    assert.deepEqual(await out('iso_same', ['id', 'iso']), [
      [1, '2022-11-02'],
      [2, '2023-02-05'],
      [3, null],
      [4, '2023-06-07'],
    ]);
  });

  test('text in no ISO form read here stops the run (what "iso" gives for it is not documented); autodetect is refused by name', async () => {
    const text = await run('iso_text', `ToTimestamp_node2 = Purchases_node1.gs_to_timestamp(colName="purchase_date", colType="iso")\n${sink('ToTimestamp_node2', 'iso_text')}`);
    assert.equal(text.run.state, 'FAILED');
    assert.match(text.run.errorMessage ?? '', new RegExp(`iso_text\\.py:${lineOf(text.text, 'ToTimestamp_node2 =')}:\\d+: the To Timestamp node \\(gs_to_timestamp\\) cannot run on the local engine: a value of purchase_date is not in one of the ISO 8601 forms read here`));
    assert.deepEqual(await out('iso_text', ['id']), []);
    const auto = await run('iso_auto', `ToTimestamp_node2 = Purchases_node1.gs_to_timestamp(colName="stamp", colType="autodetect", newColName="at")\n${sink('ToTimestamp_node2', 'iso_auto')}`);
    assert.equal(auto.run.state, 'FAILED');
    assert.match(auto.run.errorMessage ?? '', /gs_to_timestamp with colType="autodetect" cannot run on the local engine: the page says only that "the system will make its best guess": which number units and which text forms "autodetect" tries/);
  });
});
