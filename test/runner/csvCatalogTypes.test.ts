/**
 * A DynamicFrame read from a Data Catalog CSV table takes the types of the values, not the declared ones: AWS's own
 * example (awslabs/aws-glue-samples, examples/resolve_choice.md, "Revisiting the string-int choice type in the data")
 * reads the crawled table payments.medicare, whose `provider id` the catalog declares bigint while two records hold
 * text there, and prints
 *     root
 *     |-- drg definition: string
 *     |-- provider id: choice
 *     |    |-- long
 *     |    |-- string
 *     |-- provider zip code: long
 *     …
 * — the catalog's (lower-case) names, the values' types; `resolveChoice(specs=[('provider id', 'make_cols')])` then
 * splits it. Before, the local read applied the declared types (Athena's reading): the text ids were NULL, no choice,
 * and make_cols left `provider id` a bigint — another answer than Glue's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GS_BUCKET, bodyLine, glueStudioProject, type ScriptProject } from './glueStudioProject';
import { jsonRows } from './harness';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-csv-catalog-types-');
  const csv = ['DRG Definition,Provider Id,Provider Zip Code,Total Discharges', '039 - EXTRACRANIAL PROCEDURES,10001,36301,91', '057 - DEGENERATIVE NERVOUS SYSTEM,10005,35957,38', '064 - INTRACRANIAL HEMORRHAGE,ABC1,85006,12', '065 - INTRACRANIAL HEMORRHAGE W CC,10011,36301,7'];
  await p.target.storage.put(GS_BUCKET, 'medicare/Medicare_Hospital_Provider.csv', Buffer.from(csv.join('\n') + '\n'));
  const q = await p.target.queries.run(
    `CREATE EXTERNAL TABLE lake.medicare (\`drg definition\` string, \`provider id\` bigint, \`provider zip code\` bigint, \`total discharges\` string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://${GS_BUCKET}/medicare/' TBLPROPERTIES ('classification' = 'csv', 'skip.header.line.count' = '1')`,
  );
  assert.equal(q.state, 'SUCCEEDED', q.error?.message);
});
after(async () => {
  await p.close();
});

const READ = `m = glueContext.create_dynamic_frame.from_catalog(database="lake", table_name="medicare")\n`;

describe('from_catalog over a CSV table: the types of the values', () => {
  test('a declared bigint holding text is a choice of long and string; a declared string of integers is a long', async () => {
    const r = await p.runOk('csv_schema', `${READ}m.printSchema()\n`);
    assert.deepEqual(await p.printed('csv_schema', r.id, bodyLine(2)), [
      'root',
      '|-- drg definition: string',
      '|-- provider id: choice',
      '|    |-- long',
      '|    |-- string',
      '|-- provider zip code: long',
      '|-- total discharges: long',
    ]);
  });

  test("resolveChoice make_cols splits it into provider id_long and provider id_string, as the example's output shows", async () => {
    await p.runOk(
      'csv_make_cols',
      `${READ}c = m.resolveChoice(specs=[("provider id", "make_cols")])\nglueContext.write_dynamic_frame.from_options(frame=c, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/make_cols/"})\n`,
    );
    const rows = (await jsonRows(p.objects('out/make_cols'))).map((x) => [x['provider id_long'] ?? null, x['provider id_string'] ?? null, 'provider id' in x]);
    rows.sort((a, b) => String(a[0] ?? a[1]).localeCompare(String(b[0] ?? b[1])));
    assert.deepEqual(rows, [
      [10001, null, false],
      [10005, null, false],
      [10011, null, false],
      [null, 'ABC1', false],
    ]);
  });
});

describe('an S3 CSV source (from_options): the same reader, the same types', () => {
  // Glue's CSV reader types every whole number long, small ones too (the medicare sample above: total discharges 91
  // is a long; a choice's member is long), where its JSON reader types those that fit in 32 bits int
  const S3_READ = `m = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="csv", format_options={"withHeader": True}, connection_options={"paths": ["s3://${GS_BUCKET}/medicare/"]})\n`;

  test('a column of small integers and text is a choice of long and string; project:long keeps the integers', async () => {
    const r = await p.runOk('csv_s3_schema', `${S3_READ}m.printSchema()\n`);
    assert.deepEqual((await p.printed('csv_s3_schema', r.id, bodyLine(2))).slice(0, 5), ['root', '|-- DRG Definition: string', '|-- Provider Id: choice', '|    |-- long', '|    |-- string']);
    await p.runOk(
      'csv_s3_project',
      `${S3_READ}c = m.resolveChoice(specs=[("Provider Id", "project:long")])\nglueContext.write_dynamic_frame.from_options(frame=c, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/out/project_long/"})\n`,
    );
    const ids = (await jsonRows(p.objects('out/project_long'))).map((x) => x['Provider Id'] ?? null).sort();
    assert.deepEqual(ids, [10001, 10005, 10011, null]);
  });
});
