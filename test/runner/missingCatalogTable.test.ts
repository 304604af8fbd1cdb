/**
 * A job whose from_catalog names a table the catalog does not have (a typo: customer_landin for customer_landing):
 * Glue fails the run: GetTable answers EntityNotFoundException (Glue API reference, GetTable, Errors);
 * here the run fails before anything runs, naming the script's line and the table, and — as the query engine does for
 * a query — the table of that database nearest the name. A name near no table gets no guess.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeProject, runJob, type TestProject } from './harness';

let tp: TestProject;
before(async () => {
  tp = await makeProject();
  // the harness's catalog holds shop.customer_landing
});
after(async () => {
  await tp.close();
});

const JOB = (table: string) => `import sys
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job

args = getResolvedOptions(sys.argv, ['JOB_NAME'])
glueContext = GlueContext(SparkContext())
job = Job(glueContext)
job.init(args['JOB_NAME'], args)
src = glueContext.create_dynamic_frame.from_catalog(database="shop", table_name="${table}", transformation_ctx="src")
glueContext.write_dynamic_frame.from_options(frame=src, connection_type="s3", format="json", connection_options={"path": "s3://runner-test/out/typo/"}, transformation_ctx="out")
job.commit()
`;

describe('a from_catalog table that does not exist', () => {
  test('a misspelt name: the run fails at its line, naming the table meant', async () => {
    await fs.writeFile(path.join(tp.root, 'glue-scripts', 'typo_job.py'), JOB('customer_landin'));
    const run = await runJob(tp, 'typo_job');
    assert.equal(run.state, 'FAILED');
    assert.equal(run.errorMessage, 'glue-scripts/typo_job.py:11: table shop.customer_landin does not exist in the catalog (did you mean shop.customer_landing?)');
  });

  test('a name near no table: no guess', async () => {
    await fs.writeFile(path.join(tp.root, 'glue-scripts', 'far_job.py'), JOB('invoices'));
    const run = await runJob(tp, 'far_job');
    assert.equal(run.errorMessage, 'glue-scripts/far_job.py:11: table shop.invoices does not exist in the catalog');
  });
});
