import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { isLakehouseError } from '../../src/core/errors';
import { AwsConnection, isAwsError, mapAwsError, redactSecrets, DEFAULT_TIMEOUTS, type AwsError } from '../../src/core/targets/aws/connection';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';
import { fastRetries, s3ErrorXml, s3rverSettings, startFakeHttp, startHangingServer, type FakeReply, type RecordedRequest } from './s3rver';

/** Runs `fn` against a store on a fake S3 endpoint answering with `handler`. */
async function withFake<T>(
  handler: (req: RecordedRequest, i: number) => FakeReply,
  fn: (store: S3ObjectStore, requests: RecordedRequest[], endpoint: string) => Promise<T>,
  settings: Parameters<typeof s3rverSettings>[1] = {},
): Promise<T> {
  const fake = await startFakeHttp(handler);
  const conn = await AwsConnection.open(s3rverSettings(fake.endpoint, settings));
  try {
    return await fn(new S3ObjectStore(conn), fake.requests, fake.endpoint);
  } finally {
    conn.close();
    await fake.close();
  }
}

const EMPTY_LIST = '<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated></ListBucketResult>';

describe('AWS errors users can act on (fake S3 on 127.0.0.1)', () => {
  test('AccessDenied names the action and the resource', async () => {
    await withFake(
      () => ({ status: 403, body: s3ErrorXml('AccessDenied', 'Access Denied') }),
      async (store, requests) => {
        await assert.rejects(store.put('my-bucket', 'landing/customer/1.json', '{}'), (e) => {
          assert.ok(isAwsError(e, 'AccessDenied'));
          assert.match(e.message, /^AccessDenied: s3:PutObject on s3:\/\/my-bucket\/landing\/customer\/1\.json /);
          assert.equal(e.detail.object, 's3://my-bucket/landing/customer/1.json');
          return true;
        });
        assert.equal(requests.length, 1, 'AccessDenied is not retried');
      },
    );
  });

  test('throttling is retried, then the call succeeds', async () => {
    await withFake(
      (_req, i) => (i < 2 ? { status: 503, body: s3ErrorXml('SlowDown', 'Please reduce your request rate.') } : { status: 200, body: EMPTY_LIST }),
      async (store, requests) => {
        const page = await store.list('b');
        assert.deepEqual(page, { objects: [], commonPrefixes: [] });
        assert.equal(requests.length, 3);
      },
    );
  });

  test('throttling that outlasts the retries says so, with the attempts', async () => {
    await withFake(
      () => ({ status: 400, body: s3ErrorXml('Throttling', 'Rate exceeded') }),
      async (store, requests) => {
        await assert.rejects(store.list('b', { prefix: 'x/' }), (e) => {
          assert.ok(isAwsError(e, 'Throttled'));
          assert.match(e.message, /throttled s3:ListBucket on s3:\/\/b\/x\/ after 4 attempts/);
          return true;
        });
        assert.equal(requests.length, 4);
      },
      { retryStrategy: fastRetries(4) },
    );
  });

  test('500s are retried and then reported as a service error', async () => {
    await withFake(
      () => ({ status: 500, body: s3ErrorXml('InternalError', 'We encountered an internal error. Please try again.') }),
      async (store, requests, endpoint) => {
        await assert.rejects(store.get('b', 'k'), (e) => {
          assert.ok(isAwsError(e, 'ServiceError'));
          assert.ok(e.message.startsWith(`InternalError: ${endpoint} failed s3:GetObject on s3://b/k after 3 attempts`), e.message);
          return true;
        });
        assert.equal(requests.length, 3);
      },
    );
  });

  test('a 500 then success is invisible to the caller', async () => {
    await withFake(
      (_req, i) => (i === 0 ? { status: 500, body: s3ErrorXml('InternalError', 'oops') } : { status: 200, headers: { etag: '"0cc175b9c0f1b6a831c399e269772661"' } }),
      async (store, requests) => {
        const put = await store.put('bkt', 'k', 'a');
        assert.equal(put.etag, '0cc175b9c0f1b6a831c399e269772661');
        assert.equal(requests.length, 2);
        assert.equal(requests[1].body.toString(), 'a');
      },
    );
  });

  test('wrong region: the bucket region from the 301 header', async () => {
    await withFake(
      () => ({ status: 301, headers: { 'x-amz-bucket-region': 'eu-central-1' } }),
      async (store) => {
        await assert.rejects(store.head('eu-bucket', 'a.json'), (e) => {
          assert.ok(isAwsError(e, 'WrongRegion'));
          assert.equal((e as AwsError).remedy.region, 'eu-central-1');
          assert.match(e.message, /s3:\/\/eu-bucket\/a\.json is in region eu-central-1, not us-east-1/);
          return true;
        });
      },
    );
  });

  test('wrong region: from a PermanentRedirect body', async () => {
    await withFake(
      () => ({ status: 301, body: s3ErrorXml('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', { Endpoint: 'eu-bucket.s3.ap-southeast-2.amazonaws.com', Bucket: 'eu-bucket' }) }),
      async (store) => {
        await assert.rejects(store.list('eu-bucket'), (e) => isAwsError(e, 'WrongRegion') && (e as AwsError).remedy.region === 'ap-southeast-2');
      },
    );
  });

  test('NoSuchBucket and a HEAD 404 on a missing bucket', async () => {
    await withFake(
      (req) => (req.method === 'HEAD' ? { status: 404 } : { status: 404, body: s3ErrorXml('NoSuchBucket', 'The specified bucket does not exist', { BucketName: 'gone' }) }),
      async (store) => {
        await assert.rejects(store.list('gone'), (e) => isLakehouseError(e, 'NoSuchBucket') && e.message.startsWith('NoSuchBucket: bucket gone does not exist (s3:ListBucket on s3://gone/)'));
        // HEAD object 404, then HEAD bucket 404: the bucket is missing
        await assert.rejects(store.head('gone', 'k'), (e) => isLakehouseError(e, 'NoSuchBucket'));
      },
    );
  });

  test('expired session token', async () => {
    await withFake(
      () => ({ status: 400, body: s3ErrorXml('ExpiredToken', 'The provided token has expired.') }),
      async (store) => {
        await assert.rejects(store.list('b'), (e) => isAwsError(e, 'Credentials') && /credentials of profile "[^"]+" have expired/.test(e.message));
      },
    );
  });

  test('a hanging endpoint fails in one request timeout with a clear message naming it, never spins (a time-out is not retried)', async () => {
    const hang = await startHangingServer();
    const conn = await AwsConnection.open(
      s3rverSettings(hang.endpoint, { timeouts: { connectMs: 1000, idleMs: 300, requestMs: 600 }, retryStrategy: fastRetries(2) }),
    );
    try {
      const store = new S3ObjectStore(conn);
      await assert.rejects(store.list('b'), (e) => {
        assert.ok(isAwsError(e, 'Timeout'), String(e));
        assert.match(e.message, new RegExp(`no answer from ${hang.endpoint.replace(/[.]/g, '\\.')} within 0\\.3 s \\(s3:ListBucket on s3://b/\\); check the network`));
        return true;
      });
      // retrying a request that got no answer would multiply the wait (5 attempts × 60 s by default)
      assert.equal(hang.connections(), 1, 'a time-out is not retried');
    } finally {
      conn.close();
      await hang.close();
    }
  });

  test('a refused connection names the endpoint', async () => {
    const fake = await startFakeHttp(() => ({ status: 200 }));
    const endpoint = fake.endpoint;
    await fake.close(); // nothing listens there now
    const conn = await AwsConnection.open(s3rverSettings(endpoint, { retryStrategy: fastRetries(1) }));
    try {
      await assert.rejects(new S3ObjectStore(conn).listBuckets(), (e) => isAwsError(e, 'Network') && e.message.startsWith(`ECONNREFUSED: cannot reach ${endpoint}`));
    } finally {
      conn.close();
    }
  });

  test('cancelling a call with an AbortSignal', async () => {
    const hang = await startHangingServer();
    const conn = await AwsConnection.open(s3rverSettings(hang.endpoint, { timeouts: { idleMs: 60_000, requestMs: 60_000 } }));
    try {
      const ac = new AbortController();
      const p = new S3ObjectStore(conn).put('bkt', 'k', 'small', { signal: ac.signal });
      setTimeout(() => ac.abort(), 50);
      await assert.rejects(p, (e) => isLakehouseError(e, 'Cancelled') && e.message === 's3:PutObject on s3://bkt/k cancelled');
    } finally {
      conn.close();
      await hang.close();
    }
  });
});

describe('credentials never appear in messages', () => {
  const ACCESS_KEY = 'AKIAIOSFODNN7LEAKME1';
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYLEAKMEKEY1';

  test('an error echoing the access key and the signed request does not leak them', async () => {
    await withFake(
      (req) => ({
        status: 403,
        body: s3ErrorXml('SignatureDoesNotMatch', `The request signature we calculated does not match. Authorization: ${req.headers.authorization}`, {
          AWSAccessKeyId: ACCESS_KEY,
          StringToSign: `AWS4-HMAC-SHA256\n${req.headers['x-amz-date']}\n${ACCESS_KEY}`,
          SignatureProvided: 'abc123',
        }),
      }),
      async (store, requests) => {
        let caught: unknown;
        await store.put('bkt', 'secret/key.txt', 'x').catch((e: unknown) => (caught = e));
        assert.ok(requests[0].headers.authorization?.includes(ACCESS_KEY), 'the request was signed with the key');
        assert.ok(isAwsError(caught, 'Credentials'), String(caught));
        assert.match(caught.message, /^SignatureDoesNotMatch: the secret key of AWS profile "[^"]+" does not match its access key/);
        for (const text of [caught.message, JSON.stringify(caught), inspect(caught, { depth: Infinity, showHidden: true }), String(caught.stack)]) {
          assert.ok(!text.includes(ACCESS_KEY), `access key leaked in: ${text}`);
          assert.ok(!text.includes(SECRET), `secret leaked in: ${text}`);
        }
      },
      { credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET } },
    );
  });

  test('a message quoting the key of another service error is scrubbed too', () => {
    const env = { profile: 'p', profileIsSso: false, region: 'us-east-1', endpoint: 'https://s3.us-east-1.amazonaws.com', timeouts: DEFAULT_TIMEOUTS, secrets: [SECRET] };
    const sdkError = Object.assign(new Error(`The security token included in the request is invalid: ${ACCESS_KEY} ${SECRET}`), {
      name: 'InvalidRequest',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    const e = mapAwsError(sdkError, { action: 's3:ListBucket', resource: 's3://b/' }, env);
    assert.ok(!e.message.includes(ACCESS_KEY) && !e.message.includes(SECRET), e.message);
    assert.match(e.message, /^InvalidRequest: s3:ListBucket on s3:\/\/b\/ was rejected: The security token included in the request is invalid: \*\*\* \*\*\*$/);
  });

  test('expired keys of the environment (AWS_SESSION_TOKEN, as the SSO portal hands them out) say to set fresh ones, not to refresh a profile', () => {
    const env = { profile: 'default', profileIsSso: false, credentialsFromEnvironment: true, region: 'us-east-1', endpoint: 'https://glue.us-east-1.amazonaws.com', timeouts: DEFAULT_TIMEOUTS, secrets: [SECRET] };
    // Glue's wording of ExpiredTokenException (common errors: "The security token included in the request is expired")
    const sdkError = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    const e = mapAwsError(sdkError, { action: 'glue:GetJob', resource: 'job j' }, env);
    assert.match(e.message, /^ExpiredTokenException: the AWS credentials in the environment \(AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN\) have expired: set fresh ones/);
    assert.doesNotMatch(e.message, /profile "default"/);
    const denied = Object.assign(new Error('User: arn:aws:iam::123456789012:user/ana is not authorized to perform: glue:GetJob on resource: arn:aws:glue:us-east-1:123456789012:job/j because no identity-based policy allows the glue:GetJob action'), {
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    assert.match(mapAwsError(denied, { action: 'glue:GetJob', resource: 'job j' }, env).message, /to the caller \(the keys of AWS_ACCESS_KEY_ID\) in an IAM policy/);
  });

  test('redactSecrets: key ids, SigV4 parts, presigned URL parameters, ini-style secrets', () => {
    const text =
      'Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/s3/aws4_request, Signature=0123abcdef ' +
      'https://b.s3.amazonaws.com/k?X-Amz-Security-Token=FQoGZXIvYXdz&X-Amz-Signature=ff00 ' +
      'aws_secret_access_key = abc/def+ghi ASIAY34FZKBOKMUTVV7A <SecretAccessKey>s3cr3t</SecretAccessKey> {"sessionToken":"tok3n"} ' +
      'InvalidAccessKeyId: the key';
    const out = redactSecrets(text);
    for (const leak of ['AKIAIOSFODNN7EXAMPLE', '0123abcdef', 'FQoGZXIvYXdz', 'ff00', 'abc/def+ghi', 'ASIAY34FZKBOKMUTVV7A', 's3cr3t', 'tok3n']) assert.ok(!out.includes(leak), `${leak} in ${out}`);
    assert.ok(out.includes('https://b.s3.amazonaws.com/k?'), 'the rest stays readable');
    assert.ok(out.endsWith('InvalidAccessKeyId: the key'), out);
  });
});
