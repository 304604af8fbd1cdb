import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isLakehouseError } from '../../src/core/errors';
import { AwsConnection } from '../../src/core/targets/aws/connection';

let tmp: string;
const saved: Record<string, string | undefined> = {};
const ENV_KEYS = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'HOME', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION'];

before(async () => {
  for (const k of ENV_KEYS) saved[k] = process.env[k];
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-awsconn-'));
  await fs.writeFile(path.join(tmp, 'config'), '[default]\noutput = json\n');
  await fs.writeFile(path.join(tmp, 'credentials'), '[default]\naws_access_key_id = AKIAEXAMPLEEXAMPLE12\naws_secret_access_key = x\n');
  for (const k of ENV_KEYS) delete process.env[k];
  process.env['AWS_CONFIG_FILE'] = path.join(tmp, 'config');
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = path.join(tmp, 'credentials');
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  process.env['HOME'] = tmp;
});

after(async () => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('AwsConnection settings', () => {
  test('importing the AWS target loads no SDK module (the extension activates without it)', () => {
    const script = [
      "require('./src/core/targets/aws/connection');",
      "require('./src/core/targets/aws/s3');",
      "require('./src/core/actions/sync');",
      "const n = Object.keys(require.cache).filter((k) => /[\\\\/]@(aws-sdk|smithy)[\\\\/]/.test(k)).length;",
      'process.stdout.write(String(n));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: path.resolve(__dirname, '..', '..'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '0');
  });

  test('a custom endpoint: path-style, checksums only when required, timeouts that throw', async () => {
    const conn = await AwsConnection.open({ endpoint: 'http://127.0.0.1:9/', timeouts: { connectMs: 111, idleMs: 222, requestMs: 333 } });
    try {
      assert.equal(conn.endpoint, 'http://127.0.0.1:9');
      assert.equal(conn.region, 'us-east-1', 'a custom endpoint without a region defaults to us-east-1');
      const client = await conn.s3();
      assert.equal(client.config.forcePathStyle, true);
      assert.equal(await client.config.requestChecksumCalculation(), 'WHEN_REQUIRED');
      assert.equal(await client.config.responseChecksumValidation(), 'WHEN_REQUIRED');
      assert.deepEqual(conn.clientConfig().requestHandler, { connectionTimeout: 111, socketTimeout: 222, requestTimeout: 333, throwOnRequestTimeout: true });
      assert.equal(await conn.s3(), client, 'one client per connection');
    } finally {
      conn.close();
    }
  });

  test('AWS itself: virtual-hosted style and the SDK default checksums', async () => {
    const conn = await AwsConnection.open({ region: 'eu-west-1' });
    try {
      const client = await conn.s3();
      assert.equal(client.config.forcePathStyle, false);
      assert.equal(await client.config.requestChecksumCalculation(), 'WHEN_SUPPORTED');
      assert.equal(conn.label, 'AWS default (eu-west-1)');
      assert.equal(conn.endpointOf('s3'), 'https://s3.eu-west-1.amazonaws.com');
    } finally {
      conn.close();
    }
  });

  test('no region anywhere: the message says where to set one', async () => {
    await assert.rejects(AwsConnection.open({}), (e) => isLakehouseError(e, 'InvalidInput') && /no AWS region: pass --region, or set "region" in lakehouse.json or in profile "default"/.test(e.message));
    process.env['AWS_REGION'] = 'sa-east-1';
    try {
      assert.equal((await AwsConnection.open({})).region, 'sa-east-1');
    } finally {
      delete process.env['AWS_REGION'];
    }
  });

  test('bad settings are named', async () => {
    await assert.rejects(AwsConnection.open({ endpoint: 'localhost:9000' }), (e) => isLakehouseError(e, 'InvalidInput') && e.message.includes('must start with http:// or https://'));
    await assert.rejects(AwsConnection.open({ endpoint: 'not a url' }), (e) => isLakehouseError(e, 'InvalidInput') && e.detail.field === 'endpoint');
    await assert.rejects(AwsConnection.open({ endpoint: 'http://key:secret@127.0.0.1:9000' }), (e) => isLakehouseError(e, 'InvalidInput') && !e.message.includes('secret'));
    await assert.rejects(AwsConnection.open({ region: 'Europe' }), (e) => isLakehouseError(e, 'InvalidInput') && e.detail.field === 'region');
    await assert.rejects(AwsConnection.open({ region: 'eu-west-1', timeouts: { requestMs: 0 } }), (e) => isLakehouseError(e, 'InvalidInput') && e.detail.field === 'timeouts.requestMs');
    await assert.rejects(AwsConnection.open({ region: 'eu-west-1', maxAttempts: 0 }), (e) => isLakehouseError(e, 'InvalidInput') && e.detail.field === 'maxAttempts');
  });

  test('a closed connection refuses new calls', async () => {
    const conn = await AwsConnection.open({ region: 'eu-west-1' });
    conn.close();
    await assert.rejects(conn.s3(), (e) => isLakehouseError(e, 'InvalidInput') && e.message.includes('closed'));
  });
});
