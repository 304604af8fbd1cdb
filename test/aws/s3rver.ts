/**
 * Test servers for the AWS target, all on 127.0.0.1 and started by the tests themselves:
 * - {@link startS3rver}: s3rver (a real S3 wire-protocol server) as a child process on a free port, over a temp dir;
 * - {@link startFakeHttp}: a tiny HTTP server answering with whatever a handler says (S3 XML errors, throttling, 500s);
 * - {@link startHangingServer}: a TCP server that accepts connections and never answers.
 * And {@link s3rverSettings}: connection settings for tests (static credentials, no retry delays, short timeouts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsConnectionSettings } from '../../src/core/targets/aws/connection';

/** s3rver's built-in account. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3rverHandle {
  endpoint: string;
  port: number;
  /** s3rver's data folder */
  dir: string;
  stop(): Promise<void>;
}

const S3RVER_BIN = require.resolve('s3rver/bin/s3rver.js');

/** Starts s3rver on 127.0.0.1 with a free port over a fresh temp dir; `stop()` kills it and removes the dir. */
export async function startS3rver(): Promise<S3rverHandle> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-s3rver-'));
  // --openssl-legacy-provider: s3rver encrypts continuation tokens with DES, which OpenSSL 3 disables by default
  const child: ChildProcess = spawn(
    process.execPath,
    ['--openssl-legacy-provider', S3RVER_BIN, '-d', dir, '-a', '127.0.0.1', '-p', '0', '--silent'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening: ${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    dir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** A retry strategy without waits (tests of retries stay fast); `attempts` includes the first try. */
export function fastRetries(attempts = 3): ConfiguredRetryStrategy {
  return new ConfiguredRetryStrategy(attempts, () => 0);
}

/** Settings for a connection to a test server: s3rver's credentials, no retry delays, 2 s timeouts. */
export function s3rverSettings(endpoint: string, overrides: Partial<AwsConnectionSettings> = {}): AwsConnectionSettings {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
    retryStrategy: fastRetries(3),
    timeouts: { connectMs: 2000, idleMs: 2000, requestMs: 5000 },
    ...overrides,
  };
}

// ---------------------------------------------------------------- a fake HTTP endpoint

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface FakeHttpHandle {
  endpoint: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 answering each request with `handler(request, index)`; requests are recorded. */
export async function startFakeHttp(handler: (req: RecordedRequest, index: number) => FakeReply): Promise<FakeHttpHandle> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(rec);
      const reply = handler(rec, requests.length - 1);
      res.writeHead(reply.status, { 'content-type': 'application/xml', ...reply.headers });
      res.end(req.method === 'HEAD' ? undefined : reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** S3's XML error document. */
export function s3ErrorXml(code: string, message: string, extra: Record<string, string> = {}): string {
  const fields = Object.entries(extra)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${fields}<RequestId>TESTREQ</RequestId></Error>`;
}

// ---------------------------------------------------------------- a hanging endpoint

/**
 * A TCP server on 127.0.0.1 that accepts connections, reads what it is sent, and never answers. `received()`
 * resolves once a request's bytes have arrived (an event, not a delay, to act on).
 */
export async function startHangingServer(): Promise<{ endpoint: string; connections: () => number; received(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  let gotData: () => void = () => undefined;
  const firstData = new Promise<void>((resolve) => (gotData = resolve));
  const server = net.createServer((s) => {
    count++;
    s.once('data', () => gotData());
    sockets.add(s);
    s.on('data', () => undefined);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => count,
    received: () => firstData,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
