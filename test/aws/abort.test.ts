/**
 * Issue 12, item 6: Ctrl-C stops an AWS call in flight, every AWS call carries the command's AbortSignal, a hung
 * endpoint fails in bounded time naming it, and the SDK's Node-version notice is not printed at every command.
 * Against a server that accepts connections and never answers; the time limits are set far beyond the test, so
 * only the abort (or the limit under test) can end a call.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { isLakehouseError } from '../../src/core/errors';
import { AwsConnection, isAwsError } from '../../src/core/targets/aws/connection';
import { GlueCatalog } from '../../src/core/targets/aws/glueCatalog';
import { S3ObjectStore } from '../../src/core/targets/aws/s3';
import { s3rverSettings, startHangingServer } from './s3rver';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const FOREVER = { connectMs: 600_000, idleMs: 600_000, requestMs: 600_000 };

describe('aborting AWS calls in flight', () => {
  test('the connection\'s own signal (the CLI\'s Ctrl-C) stops a request that gets no answer', { timeout: 120_000 }, async () => {
    const hang = await startHangingServer();
    const controller = new AbortController();
    const conn = await AwsConnection.open(s3rverSettings(hang.endpoint, { timeouts: FOREVER, signal: controller.signal }));
    try {
      const listing = new S3ObjectStore(conn).list('b');
      await hang.received();
      controller.abort();
      await assert.rejects(listing, (e) => isLakehouseError(e, 'Cancelled') && /s3:ListBucket on s3:\/\/b\/ cancelled/.test(e.message));
    } finally {
      conn.close();
      await hang.close();
    }
  });

  test('a call that takes no signal of its own stops with the work it runs in (withSignal: a command of the extension)', async () => {
    const hang = await startHangingServer();
    const conn = await AwsConnection.open(s3rverSettings(hang.endpoint, { timeouts: FOREVER, endpoints: { glue: hang.endpoint } }));
    try {
      const controller = new AbortController();
      const listing = conn.withSignal(controller.signal, () => new GlueCatalog(conn).databases());
      await hang.received();
      controller.abort();
      await assert.rejects(listing, (e) => isLakehouseError(e, 'Cancelled') && /glue:GetDatabases/.test(e.message));
      // outside that work, calls are not aborted: the connection still works (here: refused by the hung server's close)
      assert.ok(conn.signalFor() === undefined);
    } finally {
      conn.close();
      await hang.close();
    }
  });

  test('a hung endpoint fails after the request timeout, naming the endpoint and the limit, without retrying', async () => {
    const hang = await startHangingServer();
    const conn = await AwsConnection.open(s3rverSettings(hang.endpoint, { timeouts: { connectMs: 5000, idleMs: 600_000, requestMs: 700 }, maxAttempts: 5, retryStrategy: undefined }));
    try {
      await assert.rejects(new S3ObjectStore(conn).list('b'), (e) => {
        assert.ok(isAwsError(e, 'Timeout'), String(e));
        assert.match(e.message, new RegExp(`no answer from ${hang.endpoint.replace(/[.]/g, '\\.')} within 0\\.7 s`));
        assert.match(e.message, /--request-timeout/);
        return true;
      });
      assert.equal(hang.connections(), 1, 'the standard retry strategy does not try a timed-out request again');
    } finally {
      conn.close();
      await hang.close();
    }
  });

  test('default limits: 10 s to connect, 60 s for a request (a socket idle as long fails it too)', async () => {
    const conn = await AwsConnection.open({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
    try {
      assert.deepEqual(conn.timeouts, { connectMs: 10_000, idleMs: 60_000, requestMs: 60_000 });
      assert.deepEqual(conn.clientConfig().requestHandler, { connectionTimeout: 10_000, socketTimeout: 60_000, requestTimeout: 60_000, throwOnRequestTimeout: true });
    } finally {
      conn.close();
    }
  });
});

describe('the CLI against an endpoint that never answers', { skip: !existsSync(CLI) && 'dist/cli.js not built' }, () => {
  let tmp: string;
  let dir: string;
  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-abort-'));
    dir = path.join(tmp, 'p');
    await initProject(dir, { sample: 'stedi', region: 'us-east-1' });
  });
  after(async () => fs.rm(tmp, { recursive: true, force: true }));

  const run = (args: string[], endpoint: string, onSpawn?: (kill: () => void) => void) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const env: Record<string, string | undefined> = { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: '' };
      delete env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'];
      const child = spawn(process.execPath, [CLI, '--target', 'aws', '--dir', dir, ...args], { env });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
      onSpawn?.(() => child.kill('SIGINT'));
    });

  // (without the fix the call waits out its 600 s request timeout: the test's own limit fails it instead)
  test('Ctrl-C stops the call in flight: "stopping…", then exit 130 — not after the request timeout', { timeout: 120_000 }, async () => {
    const hang = await startHangingServer();
    try {
      const done = run(['--request-timeout', '600', '--connect-timeout', '600', 'report'], hang.endpoint, (interrupt) => void hang.received().then(interrupt));
      const r = await done;
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /interrupted: stopping…/);
      assert.match(r.stderr, /cancelled/);
      assert.doesNotMatch(r.stderr, /NodeVersionSupportWarning|upgrade to node/, 'the SDK\'s Node-version notice is not printed at every command');
    } finally {
      await hang.close();
    }
  });

  test('--request-timeout bounds a call that gets no answer: exit 1 naming the endpoint', async () => {
    const hang = await startHangingServer();
    try {
      const r = await run(['--request-timeout', '1', 'jobs'], hang.endpoint);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`no answer from ${hang.endpoint.replace(/[.]/g, '\\.')} within 1 s`));
      assert.equal(hang.connections(), 1, 'not retried');
    } finally {
      await hang.close();
    }
  });
});
