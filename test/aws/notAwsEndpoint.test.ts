/**
 * An endpoint that is not AWS (a wrong --endpoint-url, a web server, a proxy answering for it) answers a Glue call
 * with an HTTP 404 and no body. Glue answers every error with its name (the Glue API reference, "Common errors" and
 * each action's errors: EntityNotFoundException, "HTTP Status Code: 400"), so such a 404 is not "the database does not
 * exist": before the change GlueCatalog.database() read it as a missing database, and `lakehouse report --target aws`
 * printed an empty report with exit status 0. S3 is unlike: a HEAD answers a 404 without a body (S3 API reference,
 * HeadObject/HeadBucket), which stays a not-found.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsConnection, isAwsError } from '../../src/core/targets/aws/connection';
import { GlueCatalog } from '../../src/core/targets/aws/glueCatalog';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';
import { s3rverSettings, startFakeHttp } from './s3rver';

describe('an endpoint answering 404 with no AWS error', () => {
  test('a Glue call fails naming the endpoint, not "not found"', async () => {
    const fake = await startFakeHttp(() => ({ status: 404 }));
    const conn = await AwsConnection.open(s3rverSettings(fake.endpoint));
    try {
      await assert.rejects(new GlueCatalog(conn).database('shop'), (e) => {
        assert.ok(isAwsError(e, 'InvalidRequest'), String(e));
        assert.match(e.message, new RegExp(`^HTTP 404 with no AWS error from ${fake.endpoint.replace(/[.]/g, '\\.')} \\(glue:GetDatabase on shop\\): that endpoint does not answer as AWS glue does`));
        return true;
      });
      assert.equal(fake.requests.length, 1, 'not retried');
    } finally {
      conn.close();
      await fake.close();
    }
  });

  test('an S3 HEAD 404 with no body stays a not-found (the object; its bucket answers 200)', async () => {
    const fake = await startFakeHttp((req) => (req.url.includes('k.json') ? { status: 404 } : { status: 200 }));
    const conn = await AwsConnection.open(s3rverSettings(fake.endpoint));
    try {
      assert.equal(await new S3ObjectStore(conn).head('b', 'k.json'), undefined);
    } finally {
      conn.close();
      await fake.close();
    }
  });
});
