/**
 * Profiles from temp AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE (HOME too, so no real ~/.aws is read; the
 * metadata service is disabled), used against s3rver, whose only account is S3RVER/S3RVER.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { isLakehouseError } from '../../src/core/errors';
import { AwsConnection, isAwsError, listProfiles, type AwsError } from '../../src/core/targets/aws/connection';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';
import { fastRetries, startFakeHttp, startS3rver, type S3rverHandle } from './s3rver';

const ENV_KEYS = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'HOME', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
const saved: Record<string, string | undefined> = {};
let tmp: string;
let server: S3rverHandle;
let configFile: string;
let credentialsFile: string;

const WRONG_KEY = 'AKIAWRONGKEYNOTKNOWN';

before(async () => {
  for (const k of ENV_KEYS) saved[k] = process.env[k];
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-awscreds-'));
  configFile = path.join(tmp, 'config');
  credentialsFile = path.join(tmp, 'credentials');
  const proc = path.join(tmp, 'creds.js');
  await fs.writeFile(proc, `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'S3RVER', SecretAccessKey: 'S3RVER' }));\n`);
  await fs.writeFile(
    configFile,
    [
      '[default]',
      'region = eu-west-1',
      '',
      '[profile static]',
      'region = eu-north-1',
      '',
      `[profile proc]`,
      `credential_process = "${process.execPath}" "${proc}"`,
      '',
      '[profile dev-sso]',
      'sso_session = corp',
      'sso_account_id = 123456789012',
      'sso_role_name = DataEngineer',
      'region = us-west-2',
      '',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      'sso_region = us-east-1',
      '',
      '[profile role]',
      'role_arn = arn:aws:iam::123456789012:role/lakehouse',
      'source_profile = static',
      '',
      '[profile mfa-role]',
      'role_arn = arn:aws:iam::123456789012:role/lakehouse',
      'source_profile = static',
      'mfa_serial = arn:aws:iam::123456789012:mfa/ana',
      '',
      '[profile broken-proc]',
      `credential_process = "${process.execPath}" -e "process.exit(3)"`,
      '',
    ].join('\n'),
  );
  await fs.writeFile(credentialsFile, ['[static]', 'aws_access_key_id = S3RVER', 'aws_secret_access_key = S3RVER', '', '[default]', `aws_access_key_id = ${WRONG_KEY}`, 'aws_secret_access_key = nope', ''].join('\n'));
  for (const k of ENV_KEYS) delete process.env[k];
  process.env['AWS_CONFIG_FILE'] = configFile;
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = credentialsFile;
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  process.env['HOME'] = tmp;
  server = await startS3rver();
});

after(async () => {
  await server?.stop();
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await fs.rm(tmp, { recursive: true, force: true });
});

async function open(profile: string | undefined, extra: Record<string, unknown> = {}): Promise<AwsConnection> {
  return AwsConnection.open({
    ...(profile !== undefined ? { profile } : {}),
    endpoint: server.endpoint,
    retryStrategy: fastRetries(1),
    timeouts: { connectMs: 2000, idleMs: 5000 },
    ...extra,
  });
}

describe('AWS profiles from the shared config files', () => {
  test('listProfiles reads both files, tells the kinds apart, skips sso-session sections', async () => {
    const profiles = await listProfiles();
    assert.deepEqual(
      profiles.map((p) => [p.name, p.kind, p.region ?? null, p.sources.join('+')]),
      [
        ['broken-proc', 'process', null, 'config'],
        ['default', 'static', 'eu-west-1', 'config+credentials'],
        ['dev-sso', 'sso', 'us-west-2', 'config'],
        ['mfa-role', 'role', null, 'config'],
        ['proc', 'process', null, 'config'],
        ['role', 'role', null, 'config'],
        ['static', 'static', 'eu-north-1', 'config+credentials'],
      ],
    );
  });

  test('static keys: the region comes from the profile, and calls work', async () => {
    const conn = await open('static');
    try {
      assert.equal(conn.region, 'eu-north-1');
      assert.equal(conn.label, `AWS static (eu-north-1) at ${server.endpoint}`);
      const store = new S3ObjectStore(conn);
      await store.createBucket('creds-static');
      await store.put('creds-static', 'a.txt', 'hello');
      assert.equal((await store.get('creds-static', 'a.txt')).toString(), 'hello');
    } finally {
      conn.close();
    }
  });

  test('AWS_REGION wins over the profile region (as in the AWS CLI); an explicit region over both', async () => {
    process.env['AWS_REGION'] = 'ap-south-1';
    try {
      const a = await open('static');
      const b = await open('static', { region: 'ca-central-1' });
      assert.equal(a.region, 'ap-south-1');
      assert.equal(b.region, 'ca-central-1');
      a.close();
      b.close();
    } finally {
      delete process.env['AWS_REGION'];
    }
  });

  test('credential_process', async () => {
    const conn = await open('proc', { region: 'us-east-1' });
    try {
      const store = new S3ObjectStore(conn);
      await store.createBucket('creds-proc');
      assert.ok((await store.listBuckets()).some((b) => b.name === 'creds-proc'));
    } finally {
      conn.close();
    }
  });

  test('a failing credential_process is a Credentials error naming the profile', async () => {
    const conn = await open('broken-proc', { region: 'us-east-1' });
    try {
      await assert.rejects(conn.checkCredentials(), (e) => isAwsError(e, 'Credentials') && e.message.includes('profile "broken-proc"'));
    } finally {
      conn.close();
    }
  });

  test('no credentials at all: the message names the config files in use (AWS_CONFIG_FILE), the environment keys and --profile', async () => {
    // a profile the files have with no keys (its region only): the chain finds nothing
    const conn = await open('static', { region: 'us-east-1' });
    const original = await fs.readFile(credentialsFile, 'utf8');
    await fs.writeFile(credentialsFile, original.replace(/\[static\][^[]*/, ''));
    try {
      conn.refresh();
      await assert.rejects(conn.checkCredentials(), (e) => {
        assert.ok(isAwsError(e, 'Credentials'), String(e));
        assert.ok(e.message.includes(`configure the profile in ${configFile} or ${credentialsFile}`), e.message);
        assert.match(e.message, /set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pick another profile \(--profile\)/);
        return true;
      });
    } finally {
      await fs.writeFile(credentialsFile, original);
      conn.close();
    }
  });

  test('an SSO profile without a login says to run aws sso login --profile', async () => {
    const conn = await open('dev-sso');
    try {
      assert.equal(conn.region, 'us-west-2');
      await assert.rejects(new S3ObjectStore(conn).listBuckets(), (e) => {
        assert.ok(isAwsError(e, 'Credentials'), String(e));
        assert.equal((e as AwsError).remedy.command, 'aws sso login --profile dev-sso');
        assert.match(e.message, /run `aws sso login --profile dev-sso`/);
        assert.match(e.message, /s3:ListAllMyBuckets/);
        return true;
      });
    } finally {
      conn.close();
    }
  });

  test('a profile that is not there is named, with the ones that are', async () => {
    await assert.rejects(open('prod'), (e) => isLakehouseError(e, 'InvalidInput') && /profile "prod" is not in/.test(e.message) && e.message.includes('static'));
  });

  test('no profile: AWS_PROFILE picks it; without it, the default profile', async () => {
    process.env['AWS_PROFILE'] = 'static';
    try {
      const conn = await open(undefined);
      assert.equal(conn.profile, 'static');
      assert.equal(conn.region, 'eu-north-1');
      await new S3ObjectStore(conn).listBuckets();
      conn.close();
    } finally {
      delete process.env['AWS_PROFILE'];
    }
    const conn = await open(undefined);
    try {
      assert.equal(conn.profile, 'default');
      assert.equal(conn.region, 'eu-west-1');
      // the default profile's key is unknown to s3rver, which echoes it: the message must not
      await assert.rejects(new S3ObjectStore(conn).listBuckets(), (e) => {
        assert.ok(isAwsError(e, 'Credentials'), String(e));
        assert.match(e.message, /^InvalidAccessKeyId: the access key of AWS profile "default" is not known to http:\/\/127\.0\.0\.1:\d+: fix the profile's keys/);
        assert.ok(!inspect(e, { depth: Infinity, showHidden: true }).includes(WRONG_KEY));
        return true;
      });
    } finally {
      conn.close();
    }
  });

  // @aws-sdk/credential-provider-node: with no profile and no AWS_PROFILE the chain reads AWS_ACCESS_KEY_ID /
  // AWS_SECRET_ACCESS_KEY first, and it reads AWS_PROFILE only (not the AWS CLI's AWS_DEFAULT_PROFILE)
  test('keys in the environment: messages name the environment, not the default profile whose keys were not used', async () => {
    process.env['AWS_ACCESS_KEY_ID'] = WRONG_KEY;
    process.env['AWS_SECRET_ACCESS_KEY'] = 'env-secret-not-shown';
    const conn = await open(undefined);
    try {
      assert.equal(conn.credentialsFromEnvironment, true);
      await assert.rejects(new S3ObjectStore(conn).listBuckets(), (e) => {
        assert.ok(isAwsError(e, 'Credentials'), String(e));
        assert.match(e.message, /^InvalidAccessKeyId: the access key of AWS_ACCESS_KEY_ID is not known to http:\/\/127\.0\.0\.1:\d+ \(credentials from the environment\)/);
        assert.doesNotMatch(e.message, /profile "default"/);
        const all = inspect(e, { depth: Infinity, showHidden: true });
        assert.ok(!all.includes(WRONG_KEY) && !all.includes('env-secret-not-shown'));
        return true;
      });
    } finally {
      conn.close();
      delete process.env['AWS_ACCESS_KEY_ID'];
      delete process.env['AWS_SECRET_ACCESS_KEY'];
    }
  });

  test('AWS_DEFAULT_PROFILE: the credentials are that profile\'s, as its region is (the SDK alone would take the default profile\'s)', async () => {
    process.env['AWS_DEFAULT_PROFILE'] = 'static';
    const conn = await open(undefined);
    try {
      assert.equal(conn.profile, 'static');
      assert.equal(conn.region, 'eu-north-1');
      // the default profile's key is WRONG_KEY (refused by s3rver); static's is s3rver's
      await new S3ObjectStore(conn).listBuckets();
    } finally {
      conn.close();
      delete process.env['AWS_DEFAULT_PROFILE'];
    }
  });

  test('refresh() re-reads edited files', async () => {
    const conn = await open('static');
    try {
      const store = new S3ObjectStore(conn);
      await store.listBuckets();
      const original = await fs.readFile(credentialsFile, 'utf8');
      await fs.writeFile(credentialsFile, original.replace('aws_access_key_id = S3RVER', `aws_access_key_id = ${WRONG_KEY}`));
      try {
        await store.listBuckets(); // the client still holds the credentials it resolved
        conn.refresh();
        await assert.rejects(store.listBuckets(), (e) => isAwsError(e, 'Credentials'));
      } finally {
        await fs.writeFile(credentialsFile, original);
      }
      conn.refresh();
      await store.listBuckets();
    } finally {
      conn.close();
    }
  });

  test('role assumption through an STS endpoint (a fake on 127.0.0.1)', async () => {
    const sts = await startFakeHttp((req) => {
      const form = new URLSearchParams(req.body.toString());
      if (form.get('Action') !== 'AssumeRole' || form.get('RoleArn') !== 'arn:aws:iam::123456789012:role/lakehouse') {
        return { status: 400, body: `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>unexpected ${form.get('Action')}</Message></Error></ErrorResponse>` };
      }
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body:
          '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
          '<AccessKeyId>S3RVER</AccessKeyId><SecretAccessKey>S3RVER</SecretAccessKey><SessionToken>session-token-1</SessionToken>' +
          '<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>' +
          '<Arn>arn:aws:sts::123456789012:assumed-role/lakehouse/s</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>',
      };
    });
    const conn = await open('role', { region: 'us-east-1', stsEndpoint: sts.endpoint });
    try {
      await new S3ObjectStore(conn).listBuckets();
      assert.equal(sts.requests.length, 1);
      // signed with the source profile's keys
      assert.match(String(sts.requests[0].headers.authorization), /Credential=S3RVER\//);
    } finally {
      conn.close();
      await sts.close();
    }
  });
});

describe('MFA: a profile that assumes a role with mfa_serial', () => {
  /** STS AssumeRole as the STS API reference has it: SerialNumber and TokenCode with the call (AssumeRole, "Using MFA with AssumeRole"). */
  const stsWithMfa = () =>
    startFakeHttp((req) => {
      const form = new URLSearchParams(req.body.toString());
      if (form.get('SerialNumber') !== 'arn:aws:iam::123456789012:mfa/ana' || form.get('TokenCode') !== '123456') {
        return { status: 403, body: '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>MultiFactorAuthentication failed with invalid MFA one time pass code.</Message></Error></ErrorResponse>' };
      }
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body:
          '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
          '<AccessKeyId>S3RVER</AccessKeyId><SecretAccessKey>S3RVER</SecretAccessKey><SessionToken>mfa-session</SessionToken>' +
          '<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>' +
          '<Arn>arn:aws:sts::123456789012:assumed-role/lakehouse/s</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>',
      };
    });

  test('the code is asked once (the mfa_serial named) and sent with AssumeRole; calls then work', async () => {
    const sts = await stsWithMfa();
    const asked: string[] = [];
    const conn = await open('mfa-role', {
      region: 'us-east-1',
      stsEndpoint: sts.endpoint,
      mfaCodeProvider: async (serial: string) => {
        asked.push(serial);
        return '123456';
      },
    });
    try {
      assert.equal(conn.mfaSerial, 'arn:aws:iam::123456789012:mfa/ana');
      const store = new S3ObjectStore(conn);
      await store.listBuckets();
      await store.listBuckets();
      assert.deepEqual(asked, ['arn:aws:iam::123456789012:mfa/ana'], 'asked once: the assumed credentials are kept');
      assert.equal(sts.requests.length, 1);
    } finally {
      conn.close();
      await sts.close();
    }
  });

  test('without a way to ask for the code, the error names the profile and the MFA requirement', async () => {
    const sts = await stsWithMfa();
    const conn = await open('mfa-role', { region: 'us-east-1', stsEndpoint: sts.endpoint });
    try {
      await assert.rejects(conn.checkCredentials(), (e) => isAwsError(e, 'Credentials') && /profile "mfa-role"/.test(e.message) && /multi-factor|MFA/i.test(e.message));
      assert.equal(sts.requests.length, 0);
    } finally {
      conn.close();
      await sts.close();
    }
  });

  test('a wrong code: STS\'s refusal, in its own words', async () => {
    const sts = await stsWithMfa();
    const conn = await open('mfa-role', { region: 'us-east-1', stsEndpoint: sts.endpoint, mfaCodeProvider: async () => '000000' });
    try {
      await assert.rejects(conn.checkCredentials(), (e) => isLakehouseError(e) && /invalid MFA one time pass code/.test(e.message));
    } finally {
      conn.close();
      await sts.close();
    }
  });
});
