/**
 * Membership tests on the job's arguments, decided when the script is read where Glue's answer is known:
 *  - `"--JOB_NAME" in sys.argv`: Glue passes --JOB_NAME to every job run (the getResolvedOptions page's example asks
 *    for JOB_NAME while its start_job_run passes no such argument; docs.aws.amazon.com/glue/latest/dg/
 *    aws-glue-api-crawler-pyspark-extensions-get-resolved-options.html), and a job's own arguments are there too;
 *  - `"NAME" in args`: getResolvedOptions returns vars() of its argparse result (awsglue/utils.py, awslabs/aws-glue-libs
 *    @0af215e71bba01eaa331b93d19f8d9090db06cb3): a key for each option asked for and for each reserved argument it
 *    declares (job_bookmark_option, JOB_ID, TempDir, …), and no other.
 * The preamble of PacktPublishing/Serverless-ETL-and-Analytics-with-AWS-Glue's jobs (Chapter03/02…, Chapter04/…,
 * @091dfd9471bf81b159baaae89ee5e34b8ed597c7) was refused before ("'JOB_NAME' in args … only known when the job runs").
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { glueStudioProject, type ScriptProject } from './glueStudioProject';

let p: ScriptProject;
before(async () => {
  p = await glueStudioProject('lh-jobargs-');
});
after(() => p.close());

const HEADER = `import sys
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
`;

describe('the job arguments in a condition', () => {
  test("the book's preamble: '--JOB_NAME' in sys.argv, then 'JOB_NAME' in args, takes the job's name", async () => {
    const r = await p.runScript(
      'packt_preamble',
      `${HEADER}
params = []
if '--JOB_NAME' in sys.argv:
    params.append('JOB_NAME')
args = getResolvedOptions(sys.argv, params)
if 'JOB_NAME' in args:
    jobname = args['JOB_NAME']
else:
    jobname = "test"
print("job:", jobname)
job = Job(GlueContext(SparkContext.getOrCreate()))
job.init(jobname, args)
job.commit()
`,
    );
    assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
    assert.deepEqual(await p.printed('packt_preamble', r.id, 15), ['job: packt_preamble']);
  });

  test('getResolvedOptions has a key for every option asked for and each reserved one, no other', async () => {
    const r = await p.runScript(
      'resolved_keys',
      `${HEADER}
args = getResolvedOptions(sys.argv, ['JOB_NAME'])
print('JOB_NAME' in args, 'TempDir' in args, 'job_bookmark_option' in args, 'JOB_RUN_ID' in args)
print('day' in args, 'day' not in args, 'continuation_option' in args)
`,
    );
    assert.equal(r.state, 'SUCCEEDED', r.errorMessage);
    assert.deepEqual(await p.printed('resolved_keys', r.id, 8), ['True True True True']);
    assert.deepEqual(await p.printed('resolved_keys', r.id, 9), ['False True False']);
  });

  test('an argument Glue may or may not pass stays unknown: a branch on it that changes the job is refused', async () => {
    const r = await p.runScript(
      'argv_unknown',
      `${HEADER}
if '--day' in sys.argv:
    print("a day")
`,
    );
    assert.equal(r.state, 'FAILED');
    assert.match(r.errorMessage ?? '', /argv_unknown\.py:7:1: an if statement on '--day' in sys\.argv cannot run on the local engine/);
  });
});
