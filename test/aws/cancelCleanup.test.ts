/**
 * Ctrl-C on AWS stops what it started: the CLI's connection carries the command's signal, so once it aborts every
 * call is cancelled — and StopQueryExecution / BatchStopJobRun were cancelled with them, before they were sent: the
 * query (billed by the bytes it scans) and the job (billed by the DPU-hour) ran on while the CLI said "cancelled".
 * Against the fake endpoint, which records every call it receives.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { runPipeline } from '../../src/core/actions/pipeline';
import { runStatement } from '../../src/core/actions/query';
import { isLakehouseError } from '../../src/core/errors';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { startFakeAws, useTestRole, type OfflineAws } from './fake';

// a query the local engine behind the fake takes seconds over (270 million rows counted)
const SLOW = 'SELECT count(*) FROM UNNEST(sequence(1, 3000)) a(x) CROSS JOIN UNNEST(sequence(1, 3000)) b(y) CROSS JOIN UNNEST(sequence(1, 30)) c(z)';

// a job the local runner behind the fake takes seconds over
const SLOW_JOB = [
  'import sys',
  'from awsglue.utils import getResolvedOptions',
  'from pyspark.context import SparkContext',
  'from awsglue.context import GlueContext',
  'from awsglue.job import Job',
  "args = getResolvedOptions(sys.argv, ['JOB_NAME'])",
  'glueContext = GlueContext(SparkContext())',
  'spark = glueContext.spark_session',
  'job = Job(glueContext)',
  "job.init(args['JOB_NAME'], args)",
  'print(spark.sql("SELECT count(*) AS n FROM range(0, 3000) a CROSS JOIN range(0, 3000) b CROSS JOIN range(0, 100) c").collect())',
  'job.commit()',
  '',
].join('\n');

describe('a cancelled command stops its query and its job on AWS', () => {
  let tmp: string;
  let aws: OfflineAws;
  let project: Project;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-aws-cancel-'));
    await initProject(tmp, { name: 'cancel', bucket: 'cancel-lake' });
    await useTestRole(tmp);
    await fs.writeFile(path.join(tmp, 'glue-scripts', 'slow_job.py'), SLOW_JOB);
    project = await loadProject(tmp);
    aws = await startFakeAws({ bucket: 'cancel-lake', database: project.manifest.database });
  });
  after(async () => {
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('the query: StopQueryExecution reaches Athena after the connection\'s signal aborted', async () => {
    const controller = new AbortController();
    const target = await AwsTarget.open(project, aws.targetOptions({ signal: controller.signal }));
    try {
      const running = runStatement(target, SLOW, {}, controller.signal);
      // abort once Athena has the query (it was polled)
      while (aws.fake.callsOf('AmazonAthena.GetQueryExecution').length === 0) await new Promise((r) => setTimeout(r, 20));
      controller.abort();
      await assert.rejects(running, (e) => isLakehouseError(e, 'Cancelled'));
      const stops = aws.fake.callsOf('AmazonAthena.StopQueryExecution');
      assert.equal(stops.length, 1, 'StopQueryExecution was sent');
      assert.equal(stops[0]!.input['QueryExecutionId'], aws.fake.callsOf('AmazonAthena.GetQueryExecution')[0]!.input['QueryExecutionId']);
    } finally {
      await target.close();
    }
  });

  test('an interrupted pipeline: the run is stopped and waited for until Glue says STOPPED (not "GetJobRun cancelled")', async () => {
    const controller = new AbortController();
    const target = await AwsTarget.open(project, aws.targetOptions({ signal: controller.signal }));
    try {
      await target.jobs.deploy({ plans: await target.jobs.deployPlan() });
      const polls = aws.fake.callsOf('AWSGlue.GetJobRun').length;
      const running = runPipeline(project, target, { jobs: ['slow_job'], signal: controller.signal });
      while (aws.fake.callsOf('AWSGlue.GetJobRun').length === polls) await new Promise((r) => setTimeout(r, 20));
      controller.abort();
      const result = await running;
      assert.equal(result.interrupted, true);
      assert.deepEqual(result.runs.map((r) => [r.jobName, r.state]), [['slow_job', 'STOPPED']]);
      assert.equal(aws.fake.callsOf('AWSGlue.BatchStopJobRun').length, 1);
    } finally {
      await target.close();
    }
  });

  test('the job: BatchStopJobRun reaches Glue after the connection\'s signal aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const target = await AwsTarget.open(project, aws.targetOptions({ signal: controller.signal }));
    try {
      // (no such job in the fake Glue: it answers with an error entry — the point is that the request got there)
      await assert.rejects(target.jobs.cancel('some_job', 'jr_0123'), (e) => !isLakehouseError(e, 'Cancelled'));
      assert.deepEqual(aws.fake.callsOf('AWSGlue.BatchStopJobRun').map((c) => c.input).filter((i) => i['JobName'] === 'some_job'), [{ JobName: 'some_job', JobRunIds: ['jr_0123'] }]);
    } finally {
      await target.close();
    }
  });
});
