/**
 * Failure injection on the AWS target's Glue, Athena and CloudWatch Logs calls (the S3 side is in errors.test.ts):
 * 500s retried (then reported), expired credentials, a hanging endpoint, AccessDenied, throttling — each surfacing as
 * a message that names the action and the resource and says what to do, and never the credentials.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { isLakehouseError } from '../../src/core/errors';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { isAwsError } from '../../src/core/targets/aws/connection';
import { startFakeAws, useTestRole, type OfflineAws } from './fake';

describe('AWS target: failures of Glue, Athena and CloudWatch Logs calls', () => {
  let tmp: string;
  let aws: OfflineAws;
  let project: Project;
  let target: AwsTarget;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-aws-faults-'));
    await initProject(path.join(tmp, 'p'), { sample: 'stedi' });
    await useTestRole(path.join(tmp, 'p'));
    project = await loadProject(path.join(tmp, 'p'));
    aws = await startFakeAws({ bucket: project.manifest.bucket, database: project.manifest.database });
    target = await AwsTarget.open(project, aws.targetOptions());
    await target.storage.createBucket(project.manifest.bucket);
    await target.catalog.createDatabase({ name: 'stedi' });
  });
  after(async () => {
    aws.fake.clearFaults();
    await target?.close();
    await aws?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('a 500 from Glue is retried: one failure is invisible', async () => {
    aws.fake.inject({ operation: 'AWSGlue.GetDatabases', kind: 'server-error', times: 1 });
    const before = aws.fake.callsOf('AWSGlue.GetDatabases').length;
    const dbs = await target.catalog.databases();
    assert.ok(dbs.some((d) => d.name === 'stedi'));
    assert.equal(aws.fake.callsOf('AWSGlue.GetDatabases').length - before, 2);
  });

  test('500s that persist become a service error naming the action, the endpoint and the attempts', async () => {
    aws.fake.inject({ operation: 'AWSGlue.GetTables', kind: 'server-error' });
    try {
      await assert.rejects(target.catalog.tables('stedi'), (e) => {
        assert.ok(isAwsError(e, 'ServiceError'), String(e));
        assert.match(e.message, /glue:GetTables/);
        assert.match(e.message, new RegExp(aws.fake.endpoint.replace(/[.]/g, '\\.')));
        assert.match(e.message, /after 3 attempts/);
        return true;
      });
    } finally {
      aws.fake.clearFaults();
    }
  });

  // each service's own 500 (API references, "Errors" of each operation; the fake's serverErrorType): Glue
  // InternalServiceException, Athena InternalServerException, CloudWatch Logs ServiceUnavailableException — the
  // SDK reads each as its modeled server error, and each is a service error to retry later (not a rejected request)
  test('each service\'s own internal error (Glue, Athena, CloudWatch Logs) is a service error, retried, named as AWS named it', async () => {
    // (a job log read waits out transient failures for the poll patience: none here)
    const impatient = await AwsTarget.open(project, aws.targetOptions({ pollPatienceMs: 0 }));
    const cases: { operation: string; call: () => Promise<unknown>; code: string; action: RegExp }[] = [
      { operation: 'AWSGlue.GetTables', call: () => target.catalog.tables('stedi'), code: 'InternalServiceException', action: /glue:GetTables/ },
      { operation: 'AmazonAthena.StartQueryExecution', call: () => target.queries.start('SELECT 1'), code: 'InternalServerException', action: /athena:StartQueryExecution/ },
      { operation: 'Logs_20140328.FilterLogEvents', call: () => impatient.jobs.logs('customer_landing_to_trusted', 'jr_0123'), code: 'ServiceUnavailableException', action: /logs:FilterLogEvents/ },
    ];
    for (const c of cases) {
      aws.fake.inject({ operation: c.operation, kind: 'server-error' });
      const before = aws.fake.callsOf(c.operation).length;
      try {
        await assert.rejects(c.call(), (e) => {
          // (a log read that gave up wraps the call's error, saying the run goes on in Glue)
          const awsErr = isLakehouseError(e) && !isAwsError(e) ? (e as Error & { cause?: unknown }).cause : e;
          assert.ok(isAwsError(awsErr, 'ServiceError'), `${c.operation}: ${String(e)}`);
          assert.equal(awsErr.awsCode, c.code, c.operation);
          assert.match((e as Error).message, c.action);
          assert.match((e as Error).message, new RegExp(`^${c.code}: .*; retry later`));
          assert.match((e as Error).message, /after 3 attempts/);
          return true;
        });
        assert.equal(aws.fake.callsOf(c.operation).length - before, 3, `${c.operation}: retried`);
      } finally {
        aws.fake.clearFaults();
      }
    }
    await impatient.close();
  });

  test('expired credentials on Athena say so and how to fix it', async () => {
    aws.fake.inject({ operation: 'AmazonAthena.StartQueryExecution', kind: 'expired-token', times: 1 });
    await assert.rejects(target.queries.start('SELECT 1'), (e) => {
      assert.ok(isAwsError(e, 'Credentials'), String(e));
      assert.match(e.message, /athena:StartQueryExecution/);
      assert.match(e.message, /expired/);
      return true;
    });
  });

  test('AccessDenied on the job log names logs:FilterLogEvents and the log group', async () => {
    aws.fake.inject({ operation: 'Logs_20140328.FilterLogEvents', kind: 'access-denied', times: 1 });
    await assert.rejects(target.jobs.logs('customer_landing_to_trusted', 'jr_0123'), (e) => {
      assert.ok(isAwsError(e, 'AccessDenied'), String(e));
      assert.match(e.message, /logs:FilterLogEvents/);
      assert.match(e.message, /\/aws-glue\/jobs\//);
      return true;
    });
  });

  test('a hanging Glue endpoint fails with a timeout instead of waiting forever', async () => {
    const quick = await AwsTarget.open(project, aws.targetOptions({ timeouts: { connectMs: 1000, idleMs: 500, requestMs: 800 }, maxAttempts: 1 }));
    aws.fake.inject({ operation: 'AWSGlue.GetDatabase', kind: 'hang' });
    try {
      await assert.rejects(quick.catalog.database('stedi'), (e) => {
        assert.ok(isAwsError(e, 'Timeout'), String(e));
        assert.match(e.message, /glue:GetDatabase/);
        return true;
      });
    } finally {
      aws.fake.clearFaults();
      await quick.close();
    }
  });

  test('throttled job starts are retried with backoff and then go through', async () => {
    // deploy one job, then start it while the first two StartJobRun calls are throttled
    await target.jobs.deploy({ jobs: ['customer_landing_to_trusted'] });
    aws.fake.inject({ operation: 'AWSGlue.StartJobRun', kind: 'throttle', times: 2 });
    const calls = aws.fake.callsOf('AWSGlue.StartJobRun').length;
    const run = await target.jobs.start('customer_landing_to_trusted');
    assert.equal(aws.fake.callsOf('AWSGlue.StartJobRun').length - calls, 3);
    const final = await target.jobs.wait('customer_landing_to_trusted', run.id);
    // no table and no landing data: the run fails, and says where its log is
    assert.equal(final.state, 'FAILED');
    assert.ok(final.errorMessage && final.errorMessage.length > 0);
    assert.match(final.logLocation ?? '', /\/aws-glue\/jobs\/error/);
  });

  test('a query against a result bucket that does not exist fails naming it', async () => {
    const other = await AwsTarget.open(project, aws.targetOptions({ outputLocation: 's3://no-such-results-bucket/x/' }));
    try {
      const started = await other.queries.start('SELECT 1');
      const final = await other.queries.wait(started.id);
      assert.equal(final.state, 'FAILED');
      assert.match(final.error?.message ?? '', /no-such-results-bucket/);
    } catch (e) {
      // Athena may also refuse at StartQueryExecution; either way the bucket is named
      assert.ok(isLakehouseError(e), String(e));
      assert.match((e as Error).message, /no-such-results-bucket/);
    } finally {
      await other.close();
    }
  });
});
