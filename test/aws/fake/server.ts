/**
 * A stateful AWS endpoint for tests, on 127.0.0.1, speaking the awsJson1_1 protocol of Glue, Athena and CloudWatch
 * Logs (`POST /`, `X-Amz-Target: AWSGlue.GetTables`, `application/x-amz-json-1.1`). The real SDK clients talk to it.
 *
 * Behind it, the project's own local target does the work for real: its catalog is the Glue Data Catalog, its
 * DuckDB engine answers Athena, its job runner runs Glue job scripts. S3 is s3rver (a separate server): before a query
 * or a job run the fake copies s3rver's objects into the local target's object store ({@link S3Mirror.pull}), and
 * afterwards copies back what the work changed ({@link S3Mirror.push}), so the data lives in s3rver as it would in S3.
 *
 * The services are installed by modules next to this one (`installGlueCatalog`, `installAthena`, …): each registers a
 * handler per operation. Faults can be injected per operation (throttling, 500, a hang, AccessDenied, expired token).
 */
import { createHash, createHmac } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListBucketsCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { loadProject, type Project } from '../../../src/core/project/manifest';
import { LocalTarget } from '../../../src/core/targets/local';
import { S3RVER_CREDENTIALS } from '../s3rver';

// ---------------------------------------------------------------- errors and faults

/** The account and the caller of the fake (STS GetCallerIdentity answers these). */
export const FAKE_ACCOUNT = '123456789012';
export const FAKE_CALLER_ARN = `arn:aws:iam::${FAKE_ACCOUNT}:user/test`;

/** `AWSGlue.GetTables` → `glue:GetTables` */
export function iamAction(operation: string): string {
  return operation.replace(/^AWSGlue\./, 'glue:').replace(/^AmazonAthena\./, 'athena:').replace(/^Logs_20140328\./, 'logs:').replace(/^IAM\./, 'iam:').replace(/^STS\./, 'sts:');
}

/** An AWS error answer: HTTP `status` with `{"__type": type, "Message": message}`. */
export class FakeAwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    /** the error's other members (Athena's TooManyRequestsException has a `Reason`) */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type FaultKind = 'throttle' | 'server-error' | 'hang' | 'access-denied' | 'expired-token';

export interface Fault {
  /** `AWSGlue.GetTables`, `AmazonAthena.StartQueryExecution`, …; `*` for any operation */
  operation: string;
  kind: FaultKind;
  /** how many calls it affects (default: every call until {@link FakeAws.clearFaults}) */
  times?: number;
}

/**
 * Each service's own name for its internal (HTTP 500) error, as its API reference lists it among the operation's
 * errors — a fake that answered all of them alike would let a client test pass on a name no service sends:
 * - Glue (API reference, e.g. GetJobRun "Errors"; "Exceptions" chapter): `InternalServiceException`, "An internal
 *   service error occurred", HTTP 500;
 * - Athena (API reference, e.g. StartQueryExecution "Errors"): `InternalServerException`, "Indicates a platform issue,
 *   which may be due to a transient condition or outage", HTTP 500;
 * - CloudWatch Logs (API reference, FilterLogEvents / GetLogEvents "Errors"): `ServiceUnavailableException`, "The
 *   service cannot complete the request", HTTP 500;
 * - IAM (API reference, GetRole "Errors"): `ServiceFailure`, "The request processing has failed because of an unknown
 *   error, exception or failure", HTTP 500;
 * - STS (GetCallerIdentity lists none of its own) and any other: the "Common Errors" `InternalFailure`, HTTP 500.
 * (S3's is `InternalError`, "We encountered an internal error. Please try again.": s3proxy.ts.)
 */
export function serverErrorType(operation: string): string {
  if (operation.startsWith('AmazonAthena.')) return 'InternalServerException';
  if (operation.startsWith('Logs_20140328.')) return 'ServiceUnavailableException';
  if (operation.startsWith('IAM.')) return 'ServiceFailure';
  if (operation.startsWith('AWSGlue.')) return 'InternalServiceException';
  // STS, and any other: the error common to all actions
  return 'InternalFailure';
}

function faultError(kind: Exclude<FaultKind, 'hang'>, operation: string): FakeAwsError {
  switch (kind) {
    case 'throttle':
      // Athena refuses a query beyond the account's active-query quota with TooManyRequestsException, HTTP 400,
      // Reason CONCURRENT_QUERY_LIMIT_EXCEEDED (API reference, StartQueryExecution "Errors" and TooManyRequestsException;
      // athena user guide service-limits.md: "if your DML query quota is 25 and your total of running and queued
      // queries is 26, query 26 will result in a TooManyRequestsException error"); the message is Athena's as users
      // quote it (awsdocs/amazon-athena-user-guide PR 72, aws/aws-sdk-pandas issue 2951). Calls beyond the per-second
      // API quotas (GetQueryExecution …) get the common ThrottlingException "Rate exceeded" (turbot/steampipe-plugin-aws
      // issue 2345, SIDN/entrada issue 127), as Glue's and CloudWatch Logs' do.
      if (operation === 'AmazonAthena.StartQueryExecution')
        return new FakeAwsError(
          'TooManyRequestsException',
          'You have exceeded the limit for the number of queries you can run concurrently. Please reduce the number of concurrent queries submitted by this account. Contact customer support to request a concurrent query limit increase.',
          400,
          { Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED' },
        );
      return new FakeAwsError('ThrottlingException', 'Rate exceeded', 400);
    case 'server-error':
      return new FakeAwsError(serverErrorType(operation), 'Internal service error', 500);
    case 'access-denied':
      return new FakeAwsError(
        'AccessDeniedException',
        // the shape of AWS's implicit-deny message (S3 user guide, "Access denied message examples")
        `User: ${FAKE_CALLER_ARN} is not authorized to perform: ${iamAction(operation)} because no identity-based policy allows the ${iamAction(operation)} action`,
      );
    case 'expired-token':
      return new FakeAwsError('ExpiredTokenException', 'The security token included in the request is expired');
  }
}

// ---------------------------------------------------------------- the server

export interface FakeCall {
  /** `AWSGlue.GetTables`; for the awsQuery services `STS.GetCallerIdentity`, `IAM.GetRole` */
  operation: string;
  input: Record<string, unknown>;
}

/** The awsQuery services the fake answers (form-encoded requests, XML answers), told apart by their API version. */
const QUERY_SERVICES: Record<string, { name: string; xmlns: string }> = {
  '2011-06-15': { name: 'STS', xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/' },
  '2010-05-08': { name: 'IAM', xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/' },
};

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An awsQuery answer's body: objects as elements, arrays as `<member>` lists, dates as ISO 8601. */
function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => (v === undefined ? '' : `<${k}>${toXml(v)}</${k}>`)).join('');
  return xmlEscape(String(value));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FakeHandler = (input: any, call: FakeCall) => unknown;

export interface FakeAwsOptions {
  /** s3rver's endpoint */
  s3Endpoint: string;
  /** the bucket default table locations go to (CTAS without external_location) */
  bucket?: string;
  database?: string;
  /** the region the endpoint serves (default us-east-1): requests signed for another are refused, as AWS does */
  region?: string;
}

/**
 * The region a SigV4 request was signed for (`Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/<region>/glue/aws4_request, …`).
 * A regional endpoint refuses another region's signature: 403 "Credential should be scoped to a valid region, not
 * 'eu-west-1'." — InvalidSignatureException from the JSON services (aws/aws-sdk-js-v3 issue 5576), SignatureDoesNotMatch
 * from the awsQuery ones (IAM, STS: JuliaCloud/AWS.jl issue 565, cognitect-labs/aws-api issue 27).
 */
function signedRegion(req: http.IncomingMessage): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/[^/]+\/aws4_request/.exec(String(req.headers['authorization'] ?? ''))?.[1];
}

/** The access key a SigV4 request was signed with (`Credential=AKID/…`). */
function signedAccessKey(req: http.IncomingMessage): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(String(req.headers['authorization'] ?? ''))?.[1];
}

/**
 * An access key the account does not have is refused before anything else, as AWS does: "The security token included
 * in the request is invalid." — UnrecognizedClientException from the JSON services (CloudWatch Logs API reference:
 * "The most likely cause is an Amazon Web Services access key ID or secret key that's not valid"; Glue and Athena
 * answer the same), InvalidClientTokenId, HTTP 403, from the awsQuery ones ("Common Errors": "The X.509 certificate or
 * AWS access key ID provided does not exist in our records").
 */
const INVALID_TOKEN = 'The security token included in the request is invalid.';

/**
 * A signature made with another secret than the access key's is refused too: InvalidSignatureException from the
 * JSON services, SignatureDoesNotMatch from the awsQuery ones, HTTP 403, "The request signature we calculated does not
 * match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service
 * documentation for details." The signature is computed as Signature Version 4 prescribes (IAM user guide, "Create a
 * signed AWS API request": canonical request, string to sign, signing key from the secret, date, region and service).
 */
const SIGNATURE_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SigV4's URI encoding: every byte but A-Z a-z 0-9 - _ . ~ percent-encoded. */
function uriEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Whether a SigV4 request's signature is the one `secret` makes (true when the request carries none). */
export function sigV4Matches(req: http.IncomingMessage, body: Buffer, secret: string): boolean {
  const auth = String(req.headers['authorization'] ?? '');
  const m = /^AWS4-HMAC-SHA256 Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(auth);
  if (!m) return auth === '';
  const [, date, region, service, signedHeaders, signature] = m as unknown as [string, string, string, string, string, string];
  const url = new URL(req.url ?? '/', 'http://fake');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [uriEscape(k), uriEscape(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = signedHeaders
    .split(';')
    .map((h) => `${h}:${String(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payload = typeof req.headers['x-amz-content-sha256'] === 'string' ? req.headers['x-amz-content-sha256'] : sha256Hex(body);
  const canonical = [req.method ?? 'POST', url.pathname, query, headers, signedHeaders, payload].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', String(req.headers['x-amz-date'] ?? ''), `${date}/${region}/${service}/aws4_request`, sha256Hex(canonical)].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(toSign).digest('hex') === signature;
}

function wrongRegionMessage(region: string): string {
  return `Credential should be scoped to a valid region, not '${region}'. `;
}

export class FakeAws {
  /** every call received, in order */
  readonly calls: FakeCall[] = [];
  /** the region of a bucket of the account when it is not the endpoint's (startFakeAws: the S3 proxy's bucketRegions) */
  bucketRegion: (bucket: string) => string | undefined = () => undefined;
  /** the access keys of the account (s3rver's) and their secrets; a request signed with another is refused */
  readonly accessKeys = new Map<string, string>([[S3RVER_CREDENTIALS.accessKeyId, S3RVER_CREDENTIALS.secretAccessKey]]);
  readonly mirror: S3Mirror;
  private readonly handlers = new Map<string, FakeHandler>();
  private faults: (Fault & { left: number })[] = [];
  private readonly hanging = new Set<http.ServerResponse>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly endpoint: string,
    private readonly server: http.Server,
    /** the local target doing the work (its catalog is the Glue catalog) */
    readonly local: LocalTarget,
    readonly project: Project,
    readonly s3: S3Client,
    private readonly dir: string,
    /** the region it serves */
    readonly region: string,
  ) {
    this.mirror = new S3Mirror(s3, local);
  }

  static async start(options: FakeAwsOptions): Promise<FakeAws> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-fakeaws-'));
    const manifest = {
      name: 'fake-aws',
      bucket: options.bucket ?? 'fake-aws-default',
      database: options.database ?? 'default',
      region: 'us-east-1',
      datasets: { data: { landing: 'data/landing/' } },
    };
    await fs.writeFile(path.join(dir, 'lakehouse.json'), JSON.stringify(manifest, null, 2));
    await fs.mkdir(path.join(dir, 'glue-scripts'));
    const project = await loadProject(dir);
    const local = await LocalTarget.open(project, { threads: 2 });
    const s3 = new S3Client({
      endpoint: options.s3Endpoint,
      region: 'us-east-1',
      credentials: S3RVER_CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const holder: { fake?: FakeAws } = {};
    const server = http.createServer((req, res) => void holder.fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    holder.fake = new FakeAws(`http://127.0.0.1:${port}`, server, local, project, s3, dir, options.region ?? 'us-east-1');
    return holder.fake;
  }

  /** Registers the handler of one operation (`AWSGlue.GetTables`). */
  on(operation: string, handler: FakeHandler): void {
    this.handlers.set(operation, handler);
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clearFaults(): void {
    this.faults = [];
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  /** Calls of one operation received so far. */
  callsOf(operation: string): FakeCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  /**
   * Runs `work` alone (queries and job runs one at a time, so mirroring never races): pulls s3rver's objects into the
   * local target first and pushes back what `work` changed.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await this.mirror.pull();
      const before = await this.mirror.snapshot();
      try {
        return await work();
      } finally {
        await this.mirror.push(before);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const body = raw.toString('utf8');
    const secret = this.accessKeys.get(signedAccessKey(req) ?? '');
    const forged = secret !== undefined && !sigV4Matches(req, raw, secret);
    if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return this.handleQuery(body, res, signedRegion(req), signedAccessKey(req), forged);
    const operation = String(req.headers['x-amz-target'] ?? '');
    let input: Record<string, unknown> = {};
    try {
      input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return this.reply(res, 400, { __type: 'SerializationException', Message: 'request body is not JSON' });
    }
    const call = { operation, input };
    this.calls.push(call);
    const key = signedAccessKey(req);
    if (key !== undefined && !this.accessKeys.has(key)) return this.reply(res, 400, { __type: 'UnrecognizedClientException', message: INVALID_TOKEN });
    if (forged) return this.reply(res, 403, { __type: 'InvalidSignatureException', message: SIGNATURE_MISMATCH });
    const signed = signedRegion(req);
    if (signed !== undefined && signed !== this.region) return this.reply(res, 403, { __type: 'InvalidSignatureException', message: wrongRegionMessage(signed) });

    const fault = this.faults.find((f) => f.left > 0 && (f.operation === '*' || f.operation === operation));
    if (fault) {
      fault.left--;
      if (fault.kind === 'hang') {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      const e = faultError(fault.kind, operation);
      return this.reply(res, e.status, { __type: e.type, Message: e.message, ...e.fields });
    }

    const handler = this.handlers.get(operation);
    if (!handler) {
      return this.reply(res, 400, { __type: 'UnknownOperationException', Message: `the fake AWS endpoint has no operation ${operation}` });
    }
    try {
      const out = await handler(input, call);
      this.reply(res, 200, out ?? {});
    } catch (e) {
      if (e instanceof FakeAwsError) return this.reply(res, e.status, { __type: e.type, Message: e.message, ...e.fields });
      this.reply(res, 500, { __type: serverErrorType(operation), Message: e instanceof Error ? e.message : String(e) });
    }
  }

  /**
   * An awsQuery request (STS, IAM): `Action=…&Version=…&Param=…` form-encoded; the handler gets the flat parameters
   * (`Tags.member.1.Key`) and returns the `<Action>Result` content; errors are `<ErrorResponse>` documents.
   */
  private async handleQuery(body: string, res: http.ServerResponse, signed?: string, accessKey?: string, forged = false): Promise<void> {
    const form = new URLSearchParams(body);
    const input: Record<string, string> = Object.fromEntries(form.entries());
    const action = input['Action'] ?? '';
    const service = QUERY_SERVICES[input['Version'] ?? ''];
    const operation = `${service?.name ?? 'Unknown'}.${action}`;
    this.calls.push({ operation, input });
    const xmlns = service?.xmlns ?? '';
    const error = (status: number, code: string, message: string, type = 'Sender') => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(`<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>fake-${this.calls.length}</RequestId></ErrorResponse>`);
    };
    const key = accessKey;
    if (key !== undefined && !this.accessKeys.has(key)) return error(403, 'InvalidClientTokenId', INVALID_TOKEN);
    if (forged) return error(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH);
    if (signed !== undefined && signed !== this.region) return error(403, 'SignatureDoesNotMatch', wrongRegionMessage(signed));
    const fault = this.faults.find((f) => f.left > 0 && (f.operation === '*' || f.operation === operation));
    if (fault && fault.kind !== 'hang') {
      fault.left--;
      const e = faultError(fault.kind, operation);
      return error(e.status === 400 && e.type === 'AccessDeniedException' ? 403 : e.status, e.type === 'AccessDeniedException' ? 'AccessDenied' : e.type, e.message);
    }
    const handler = this.handlers.get(operation);
    if (!handler) return error(400, 'InvalidAction', `the fake AWS endpoint has no operation ${operation}`);
    try {
      const out = await handler(input, { operation, input });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<${action}Response xmlns="${xmlns}"><${action}Result>${toXml(out ?? {})}</${action}Result><ResponseMetadata><RequestId>fake-${this.calls.length}</RequestId></ResponseMetadata></${action}Response>`);
    } catch (e) {
      if (e instanceof FakeAwsError) return error(e.status, e.type, e.message);
      error(500, serverErrorType(operation), e instanceof Error ? e.message : String(e), 'Receiver');
    }
  }

  private reply(res: http.ServerResponse, status: number, body: unknown): void {
    // Dates as epoch seconds (awsJson1_1); `this[k]` is the value before Date.toJSON turned it into a string
    const text = JSON.stringify(body, function (this: Record<string, unknown>, k: string, v: unknown) {
      const raw = this[k];
      return raw instanceof Date ? raw.getTime() / 1000 : v;
    });
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `fake-${this.calls.length}` });
    res.end(text);
  }

  async close(): Promise<void> {
    this.clearFaults();
    await this.queue.catch(() => undefined);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.local.close();
    this.s3.destroy();
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- s3rver <-> local object store

/** Copies objects between s3rver (the "S3" of the tests) and the local target's object store. */
export class S3Mirror {
  constructor(
    private readonly s3: S3Client,
    private readonly local: LocalTarget,
  ) {}

  /** `bucket/key` → etag of every object of the local store. */
  async snapshot(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const b of await this.local.storage.listBuckets()) {
      let token: string | undefined;
      do {
        const page = await this.local.storage.list(b.name, token ? { pageToken: token } : {});
        for (const o of page.objects) {
          // list gives no etag locally; head gives the (cached) MD5, which s3rver's single-part etags equal
          const h = await this.local.storage.head(b.name, o.key);
          if (h) out.set(`${b.name}/${o.key}`, (h.etag ?? '').replace(/"/g, ''));
        }
        token = page.nextPageToken;
      } while (token);
    }
    return out;
  }

  /** Makes the local store equal to s3rver (only objects that differ are copied). */
  async pull(): Promise<void> {
    const remote = new Map<string, string>();
    const { Buckets = [] } = await this.s3.send(new ListBucketsCommand({}));
    for (const { Name } of Buckets) {
      if (!Name) continue;
      await this.local.storage.createBucket(Name);
      for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket: Name })) {
        for (const o of page.Contents ?? []) remote.set(`${Name}/${o.Key}`, (o.ETag ?? '').replace(/"/g, ''));
      }
    }
    const local = await this.snapshot();
    for (const [id, etag] of remote) {
      if (local.get(id) === etag) continue;
      const [bucket, key] = splitId(id);
      const got = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      await this.local.storage.put(bucket, key, Buffer.from(await got.Body!.transformToByteArray()));
    }
    for (const id of local.keys()) {
      if (!remote.has(id)) {
        const [bucket, key] = splitId(id);
        await this.local.storage.delete(bucket, key);
      }
    }
  }

  /** Copies to s3rver what changed in the local store since `before` (new, changed and deleted objects). */
  async push(before: Map<string, string>): Promise<void> {
    const after = await this.snapshot();
    for (const [id, etag] of after) {
      if (before.get(id) === etag) continue;
      const [bucket, key] = splitId(id);
      await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await this.local.storage.get(bucket, key) }));
    }
    for (const id of before.keys()) {
      if (!after.has(id)) {
        const [bucket, key] = splitId(id);
        await this.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      }
    }
  }
}

function splitId(id: string): [string, string] {
  const i = id.indexOf('/');
  return [id.slice(0, i), id.slice(i + 1)];
}
