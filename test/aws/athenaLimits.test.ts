/**
 * Athena's limits as a real account meets them, through the fake (as strict as the service) and the AWS target:
 * the active-query quota (TooManyRequestsException) and the request parameters Athena validates.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AthenaClient, GetWorkGroupCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { isLakehouseError } from '../../src/core/errors';
import { loadProject } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { AthenaQueryEngine } from '../../src/core/targets/aws/athena';
import { AwsConnection, isAwsError } from '../../src/core/targets/aws/connection';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';
import { installAthena } from './fake/athena';
import { installGlueCatalog } from './fake/glueCatalog';
import { FakeAws } from './fake/server';
import { S3RVER_CREDENTIALS, s3rverSettings, startS3rver, type S3rverHandle } from './s3rver';

let s3: S3rverHandle;
let fake: FakeAws;
let conn: AwsConnection;
let store: S3ObjectStore;
let engine: AthenaQueryEngine;

before(async () => {
  s3 = await startS3rver();
  fake = await FakeAws.start({ s3Endpoint: s3.endpoint, bucket: 'limits', database: 'default' });
  installGlueCatalog(fake);
  installAthena(fake);
  conn = await AwsConnection.open(s3rverSettings(s3.endpoint, { endpoints: { s3: s3.endpoint, glue: fake.endpoint, athena: fake.endpoint } }));
  store = new S3ObjectStore(conn);
  await store.createBucket('limits');
  engine = new AthenaQueryEngine(conn, { workgroup: 'primary', outputLocation: 's3://limits/athena-results/', s3: store, pollMs: { initial: 10, max: 100 } });
});

after(async () => {
  conn?.close();
  await fake?.close();
  await s3?.stop();
});

describe('Athena: the active-query quota', () => {
  // Athena user guide, service-limits.md: "A DML or DDL query quota includes both running and queued queries. For
  // example, if your DML query quota is 25 and your total of running and queued queries is 26, query 26 will result
  // in a TooManyRequestsException error." API reference, TooManyRequestsException: HTTP 400, Reason
  // CONCURRENT_QUERY_LIMIT_EXCEEDED.
  test('a StartQueryExecution refused for the quota is retried with its ClientRequestToken: one query starts', async () => {
    fake.inject({ operation: 'AmazonAthena.StartQueryExecution', kind: 'throttle', times: 2 });
    const before = fake.callsOf('AmazonAthena.StartQueryExecution').length;
    const started = await engine.start('SELECT 1 AS one');
    const calls = fake.callsOf('AmazonAthena.StartQueryExecution').slice(before);
    assert.equal(calls.length, 3);
    // the SDK's retries repeat the idempotency token: Athena creates no second query for a repeated one
    assert.equal(new Set(calls.map((c) => c.input['ClientRequestToken'])).size, 1);
    assert.equal((await engine.wait(started.id)).state, 'SUCCEEDED');
  });

  test('a quota that stays reached says so, with what to do — not "retry later or lower the concurrency"', async () => {
    fake.inject({ operation: 'AmazonAthena.StartQueryExecution', kind: 'throttle' });
    try {
      await assert.rejects(engine.start('SELECT 2 AS two'), (e) => {
        assert.ok(isAwsError(e, 'Throttled'));
        assert.match(e.message, /^TooManyRequestsException: Athena's quota of active queries \(running and queued\) of this account in us-east-1 is reached/);
        assert.match(e.message, /athena:StartQueryExecution on workgroup\/primary/);
        // Athena's own words are kept
        assert.match(e.message, /AWS says: You have exceeded the limit for the number of queries you can run concurrently/);
        assert.match(e.message, /Service Quotas/);
        return true;
      });
    } finally {
      fake.clearFaults();
    }
  });
});

describe('Athena: workgroup names', () => {
  // API reference, StartQueryExecution and GetWorkGroup, WorkGroup: Pattern [a-zA-Z0-9._-]{1,128}
  test('the fake refuses a name outside the pattern, as a validation error, not "not found"', async () => {
    const client = new AthenaClient({ endpoint: fake.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    try {
      const validation = (e: unknown) => (e as Error).name === 'InvalidRequestException' && /failed to satisfy constraint: Member must satisfy regular expression pattern/.test((e as Error).message);
      await assert.rejects(client.send(new GetWorkGroupCommand({ WorkGroup: 'my wg' })), validation);
      await assert.rejects(client.send(new GetWorkGroupCommand({ WorkGroup: 'w'.repeat(129) })), validation);
      await assert.rejects(client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'my wg', ResultConfiguration: { OutputLocation: 's3://limits/r/' } })), validation);
      // a well-formed name that does not exist is another answer
      await assert.rejects(client.send(new GetWorkGroupCommand({ WorkGroup: 'team-a.v2_x' })), (e) => /is not found/.test((e as Error).message));
    } finally {
      client.destroy();
    }
  });

  test('the target refuses a --workgroup or --output-location lakehouse.json\'s schema would refuse, before any call', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-athena-limits-'));
    try {
      await fs.writeFile(path.join(dir, 'lakehouse.json'), JSON.stringify({ name: 'p', bucket: 'limits', database: 'db', datasets: { d: { landing: 'd/landing/' } } }));
      const project = await loadProject(dir);
      const settings = s3rverSettings(s3.endpoint, { endpoints: { s3: s3.endpoint, athena: fake.endpoint } });
      const calls = fake.calls.length;
      await assert.rejects(AwsTarget.open(project, { ...settings, workgroup: 'my wg' }), (e) => isLakehouseError(e, 'InvalidInput') && /workgroup "my wg" is not an Athena workgroup name/.test(e.message));
      await assert.rejects(AwsTarget.open(project, { ...settings, outputLocation: 's3://Bad_Bucket/x/' }), (e) => isLakehouseError(e, 'InvalidInput') && /"s3:\/\/Bad_Bucket\/x\/" is not an S3 location of a valid bucket/.test(e.message));
      assert.equal(fake.calls.length, calls);
      const ok = await AwsTarget.open(project, { ...settings, workgroup: 'team-a.v2_x', outputLocation: 's3://limits/r' });
      await ok.close();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Athena: the error names of failed queries are Trino\'s', () => {
  // Trino: FunctionResolver throws TrinoException(FUNCTION_NOT_FOUND, "Unexpected parameters (%s) for function %s.
  // Expected: %s"); decimal and integer division throw TrinoException(DIVISION_BY_ZERO, "Division by zero")
  test('arguments no signature takes: FUNCTION_NOT_FOUND, not SYNTAX_ERROR; 1/0: DIVISION_BY_ZERO', async () => {
    const upper = await engine.wait((await engine.start('SELECT upper(1)')).id);
    assert.equal(upper.state, 'FAILED');
    assert.match(upper.error?.message ?? '', /^FUNCTION_NOT_FOUND: .*Unexpected parameters \(integer\) for function upper/);
    const zero = await engine.wait((await engine.start('SELECT 1/0')).id);
    assert.equal(zero.state, 'FAILED');
    assert.match(zero.error?.message ?? '', /^DIVISION_BY_ZERO: Division by zero/);
  });
});
