/**
 * Keys AWS does not know (a typo in ~/.aws/credentials), as a real account meets them. The fake refuses them as AWS
 * does, before anything else: STS and IAM (awsQuery) with InvalidClientTokenId, HTTP 403 ("Common Errors": "The X.509
 * certificate or AWS access key ID provided does not exist in our records"), Glue, Athena and CloudWatch Logs (JSON)
 * with UnrecognizedClientException ("The most likely cause is an Amazon Web Services access key ID or secret key
 * that's not valid", CloudWatch Logs API reference), both saying "The security token included in the request is
 * invalid."; s3rver answers S3 with InvalidAccessKeyId, and a HEAD with a bare 403 (HEAD has no body). HeadBucket's
 * bare 403 is then not blamed on the bucket's owner or the policy: STS, which needs no permission
 * (GetCallerIdentity: "No permissions are required to perform this operation"), names the keys.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { GetJobsCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { initProject } from '../../src/core/actions/init';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { AwsTarget } from '../../src/core/targets/aws';
import { isAwsError } from '../../src/core/targets/aws/connection';
import { startFakeAws, useTestRole, type OfflineAws } from './fake';

const TYPO = { accessKeyId: 'AKIATYPOTYPOTYPO1234', secretAccessKey: 'typo-secret-not-shown' };
/** the account's access key with a wrong secret (s3rver's key is the fake account's) */
const WRONG_SECRET = { accessKeyId: 'S3RVER', secretAccessKey: 'wrong-secret-not-shown' };
const ENV_KEYS = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_EC2_METADATA_DISABLED'];
const saved: Record<string, string | undefined> = {};

let tmp: string;
let aws: OfflineAws;
let project: Project;

before(async () => {
  for (const k of ENV_KEYS) saved[k] = process.env[k];
  for (const k of ENV_KEYS) delete process.env[k];
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-bad-keys-'));
  await fs.writeFile(path.join(tmp, 'config'), '[profile typo]\nregion = us-east-1\n\n[profile badsecret]\nregion = us-east-1\n');
  await fs.writeFile(
    path.join(tmp, 'credentials'),
    `[typo]\naws_access_key_id = ${TYPO.accessKeyId}\naws_secret_access_key = ${TYPO.secretAccessKey}\n\n[badsecret]\naws_access_key_id = ${WRONG_SECRET.accessKeyId}\naws_secret_access_key = ${WRONG_SECRET.secretAccessKey}\n`,
  );
  process.env['AWS_CONFIG_FILE'] = path.join(tmp, 'config');
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = path.join(tmp, 'credentials');
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  aws = await startFakeAws({ bucket: 'keys-lake', database: 'stedi' });
  const dir = path.join(tmp, 'p');
  await initProject(dir, { sample: 'stedi', bucket: 'keys-lake', region: 'us-east-1' });
  await useTestRole(dir);
  project = await loadProject(dir);
});
after(async () => {
  await aws?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

async function typoTarget(profile = 'typo'): Promise<AwsTarget> {
  const { credentials: _known, ...options } = aws.targetOptions();
  return AwsTarget.open(project, { ...options, profile });
}

describe('keys AWS does not know', () => {
  test('the fake refuses them as AWS does: STS InvalidClientTokenId (403), Glue UnrecognizedClientException', async () => {
    const sts = new STSClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: TYPO, maxAttempts: 1 });
    const glue = new GlueClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: TYPO, maxAttempts: 1 });
    try {
      await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'InvalidClientTokenId');
        assert.equal(e.$metadata?.httpStatusCode, 403);
        assert.equal(e.message, 'The security token included in the request is invalid.');
        return true;
      });
      await assert.rejects(glue.send(new GetJobsCommand({})), (e: Error) => e.name === 'UnrecognizedClientException' && e.message === 'The security token included in the request is invalid.');
      assert.equal(aws.fake.callsOf('AWSGlue.GetJobs').length, 1);
    } finally {
      sts.destroy();
      glue.destroy();
    }
  });

  test('upload\'s HeadBucket gets a bare 403: the message names the keys of the profile, not the bucket\'s owner', async () => {
    const t = await typoTarget();
    try {
      await assert.rejects(t.storage.ensureBucket('keys-lake'), (e) => {
        assert.ok(isAwsError(e, 'Credentials'), String(e));
        assert.match(e.message, /^InvalidClientTokenId: the access key of AWS profile "typo" is not known to /);
        assert.doesNotMatch(e.message, /another AWS account owns/);
        const all = inspect(e, { depth: Infinity, showHidden: true });
        assert.ok(!all.includes(TYPO.accessKeyId) && !all.includes(TYPO.secretAccessKey));
        return true;
      });
    } finally {
      await t.close();
    }
  });

  test('doctor: the credentials row fails with the profile\'s keys', async () => {
    const t = await typoTarget();
    try {
      const rows = await t.checkSetup();
      const creds = rows.find((r) => r.id === 'credentials')!;
      assert.equal(creds.status, 'fail');
      assert.match(creds.detail, /InvalidClientTokenId: the access key of AWS profile "typo" is not known/);
    } finally {
      await t.close();
    }
  });

  test('a wrong secret: the fake and the S3 proxy refuse the signature as AWS does; doctor and upload say the secret does not match', async () => {
    const sts = new STSClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: WRONG_SECRET, maxAttempts: 1 });
    const glue = new GlueClient({ endpoint: aws.fake.endpoint, region: 'us-east-1', credentials: WRONG_SECRET, maxAttempts: 1 });
    try {
      await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (e: Error) => e.name === 'SignatureDoesNotMatch' && /does not match the signature you provided/.test(e.message));
      await assert.rejects(glue.send(new GetJobsCommand({})), (e: Error) => e.name === 'InvalidSignatureException');
    } finally {
      sts.destroy();
      glue.destroy();
    }
    const t = await typoTarget('badsecret');
    try {
      const creds = (await t.checkSetup()).find((r) => r.id === 'credentials')!;
      assert.equal(creds.status, 'fail');
      assert.match(creds.detail, /^SignatureDoesNotMatch: the secret key of AWS profile "badsecret" does not match its access key/);
      await assert.rejects(t.storage.ensureBucket('keys-lake'), (e) => {
        assert.ok(isAwsError(e, 'Credentials'), String(e));
        assert.match(e.message, /the secret key of AWS profile "badsecret" does not match its access key/);
        assert.ok(!inspect(e, { depth: Infinity, showHidden: true }).includes(WRONG_SECRET.secretAccessKey));
        return true;
      });
      // a GET carries S3's own answer
      await assert.rejects(t.storage.list('keys-lake'), (e) => isAwsError(e, 'Credentials') && /^SignatureDoesNotMatch: the secret key of AWS profile "badsecret"/.test(e.message));
    } finally {
      await t.close();
    }
  });

  test('keys of the environment: doctor names them, not the default profile whose keys were not used', async () => {
    const { credentials: _known, ...options } = aws.targetOptions();
    process.env['AWS_ACCESS_KEY_ID'] = TYPO.accessKeyId;
    process.env['AWS_SECRET_ACCESS_KEY'] = TYPO.secretAccessKey;
    const t = await AwsTarget.open(project, options);
    try {
      const creds = (await t.checkSetup()).find((r) => r.id === 'credentials')!;
      assert.equal(creds.status, 'fail');
      assert.match(creds.detail, /^InvalidClientTokenId: the access key of AWS_ACCESS_KEY_ID is not known/);
      assert.match(creds.detail, /sts:GetCallerIdentity on the keys of the environment/);
      assert.doesNotMatch(`${creds.detail} ${creds.fix}`, /profile "?default/);
      assert.match(creds.fix ?? '', /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    } finally {
      await t.close();
      delete process.env['AWS_ACCESS_KEY_ID'];
      delete process.env['AWS_SECRET_ACCESS_KEY'];
    }
  });
});

