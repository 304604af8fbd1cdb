/**
 * ApplyMapping where the declared source type is not the type of the values the records hold — the expected output
 * taken from a real Glue run, not from the runner:
 *   - Gaurav-Singh-DS/AWS-Glue-ETL-Project-CSV-JSON (05b8fdc) commits a Glue Studio job, its source and the file the
 *     run wrote: scripts/country_gdp_json.py reads source/country_economic.csv with
 *     `create_dynamic_frame.from_options(format="csv", format_options={"quoteChar": "\"", "withHeader": True,
 *     "separator": ",", "optimizePerformance": False})` — its `gdp` holds whole numbers in all 175 rows (`55`, `1960`,
 *     `45700` …), which Glue's CSV reader types as numbers (a Filter `x['count'] > 50` over such a from_options CSV
 *     source kept exactly the rows above 50: vijayanand-88/DIQA @d8848dc, TestFiles/QATest811.py and
 *     TargetFiles/Target811/filter21_op) — then `ApplyMapping.apply(…, mappings=[("country", "string", "country",
 *     "string"), ("gdp", "string", "Gross_domestic_price", "string")])` and a JSON sink. The run's file,
 *     target/run-1757099598893-part-r-00000.json (the DynamicFrame writer's name), holds all 175 rows with the value
 *     as text: `{"country":"Afghanistan","Gross_domestic_price":"55"}`. So a value whose type is not the declared
 *     source type is cast to the target type — not an empty column, as awsdocs/aws-glue-developer-guide issue #3
 *     (2018) reported ("If the source type doesn't match the dataset then an empty column will silently be
 *     created"); the local engine casts so, as it did.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GS_BUCKET, glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;

before(async () => {
  p = await glueStudioProject('lh-am-evidence-');
  // rows of the shape of source/country_economic.csv (its header; whole numbers in gdp, decimals elsewhere)
  await p.target.storage.put(
    GS_BUCKET,
    'gdp/source/country_economic.csv',
    Buffer.from('country,continent,year,life_exp,hdi_index,co2_consump,gdp,services\nAfghanistan,Asia,2000,54.7,0.35,0.037,55,24.7\nAlbania,Europe,2000,75.4,0.671,0.966,1960,34.4\nSouth Korea,Asia,2000,76.3,0.823,9.41,17000,61.3\n'),
  );
});
after(() => p.close());

describe('ApplyMapping declaring string for a field of whole numbers (a real Glue Studio job and its output)', () => {
  test('every value is written as text, none empty — as the run wrote run-1757099598893-part-r-00000.json', async () => {
    await p.runOk(
      'country_gdp_json',
      `S = glueContext.create_dynamic_frame.from_options(format_options={"quoteChar": "\\"", "withHeader": True, "separator": ",", "optimizePerformance": False}, connection_type="s3", format="csv", connection_options={"paths": ["s3://${GS_BUCKET}/gdp/source/"], "recurse": True}, transformation_ctx="S")
M = ApplyMapping.apply(frame=S, mappings=[("country", "string", "country", "string"), ("gdp", "string", "Gross_domestic_price", "string")], transformation_ctx="M")
T = glueContext.write_dynamic_frame.from_options(frame=M, connection_type="s3", format="json", connection_options={"path": "s3://${GS_BUCKET}/gdp/target/", "partitionKeys": []}, transformation_ctx="T")
`,
    );
    assert.deepEqual((await p.writtenLines('gdp/target')).sort(), [
      '{"country":"Afghanistan","Gross_domestic_price":"55"}',
      '{"country":"Albania","Gross_domestic_price":"1960"}',
      '{"country":"South Korea","Gross_domestic_price":"17000"}',
    ]);
  });
});
