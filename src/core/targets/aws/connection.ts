/**
 * The AWS connection: which profile, region and endpoint the AWS target talks to, and the one place that builds
 * configured SDK v3 clients from them.
 *
 * - Credentials come from the standard provider chain (`fromNodeProviderChain`): a named profile from the shared
 *   config files (static keys, SSO, `credential_process`, role assumption), or — with no profile — the environment,
 *   `AWS_PROFILE`, the default profile. Files are re-read (`ignoreCache`) each time credentials are resolved, so a
 *   profile edited or an `aws sso login` run while the editor is open is picked up by {@link AwsConnection.refresh}.
 * - A custom endpoint (MinIO, LocalStack, test servers) implies path-style addressing and checksums only where an
 *   operation requires them: with the SDK's default (`WHEN_SUPPORTED`) a PutObject with a *stream* body sends
 *   aws-chunked framing that such servers store inside the object.
 * - Every request has a connection timeout, an idle-socket timeout and a total request timeout that throws
 *   (`throwOnRequestTimeout`): an endpoint that accepts and never answers fails, it never spins.
 * - Retries: the SDK's standard strategy (throttling and 5xx retried with exponential backoff and jitter).
 * - The SDK is imported lazily (`await import(...)`): nothing here loads it until a client is asked for.
 * - Errors become {@link AwsError}s that name the action and the resource, and say what to do; no credential ever
 *   appears in a message (see {@link redactSecrets}).
 */
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { LakehouseError, type ErrorCode } from '../../errors';

// ---------------------------------------------------------------- settings

export interface AwsTimeouts {
  /** to establish the TCP (and TLS) connection; default 10 s */
  connectMs?: number;
  /** a socket with no traffic for this long fails the request; default 30 s */
  idleMs?: number;
  /** a whole request (sending the body, up to the response headers) fails after this long; default 120 s */
  requestMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<AwsTimeouts> = { connectMs: 10_000, idleMs: 30_000, requestMs: 120_000 };
/** Attempts per call (first try included) of the standard retry strategy. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface AwsConnectionSettings {
  /** a profile of the shared config files; absent: the default chain (environment, `AWS_PROFILE`, `default`) */
  profile?: string;
  /** absent: `AWS_REGION`/`AWS_DEFAULT_REGION`, else the profile's `region`; `us-east-1` with a custom endpoint */
  region?: string;
  /** custom endpoint (MinIO, LocalStack, test servers), e.g. `http://127.0.0.1:9000` */
  endpoint?: string;
  /** a custom endpoint per service, overriding `endpoint` for that service (S3 on one server, Glue on another) */
  endpoints?: Partial<Record<AwsService, string>>;
  /** endpoint for STS when a profile assumes a role (LocalStack, test servers); absent: AWS's regional STS */
  stsEndpoint?: string;
  /** default: true with a custom endpoint, false otherwise */
  forcePathStyle?: boolean;
  timeouts?: AwsTimeouts;
  /** attempts per call including the first; default {@link DEFAULT_MAX_ATTEMPTS} */
  maxAttempts?: number;
  /** replaces the standard retry strategy (tests use one without delays) */
  retryStrategy?: S3ClientConfig['retryStrategy'];
  /** explicit credentials instead of the provider chain */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** The services the AWS target talks to (the keys of {@link AwsConnectionSettings.endpoints}). */
export type AwsService = 's3' | 'glue' | 'athena' | 'logs';
export const AWS_SERVICES: readonly AwsService[] = ['s3', 'glue', 'athena', 'logs'];

// ---------------------------------------------------------------- errors

export type AwsErrorKind =
  | 'AccessDenied'
  | 'WrongRegion'
  | 'NoSuchBucket'
  | 'NoSuchKey'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Credentials'
  | 'Timeout'
  | 'Network'
  | 'Throttled'
  | 'ServiceError'
  | 'InvalidRequest'
  | 'Cancelled';

/** What the user can run or choose to fix an error. */
export interface AwsRemedy {
  /** a shell command, e.g. `aws sso login --profile dev` */
  command?: string;
  /** the region to switch to */
  region?: string;
}

/** Where an AWS call failed: the IAM action (`s3:PutObject`) and the resource (`s3://bucket/key`). */
export interface AwsCallContext {
  action: string;
  resource: string;
}

/**
 * A failed AWS call, as a LakehouseError whose message names the action, the resource and the fix. `cause` holds a
 * summary of the SDK error (name, HTTP status, request id, attempts) — never the SDK error object itself, which can
 * carry the access key (S3 echoes it in SignatureDoesNotMatch/InvalidAccessKeyId errors).
 */
export class AwsError extends LakehouseError {
  constructor(
    code: ErrorCode,
    readonly kind: AwsErrorKind,
    message: string,
    readonly call: AwsCallContext,
    readonly remedy: AwsRemedy = {},
    cause?: AwsErrorSummary,
  ) {
    super(code, message, { object: call.resource }, cause ? { cause } : undefined);
  }
}

export interface AwsErrorSummary {
  /** the SDK error's name, e.g. `AccessDenied`, `TimeoutError` */
  name: string;
  status?: number;
  requestId?: string;
  attempts?: number;
}

export function isAwsError(e: unknown, kind?: AwsErrorKind): e is AwsError {
  return e instanceof AwsError && (kind === undefined || e.kind === kind);
}

// ---------------------------------------------------------------- redaction

const SECRET_PATTERNS: RegExp[] = [
  // access key ids (long-term AKIA, temporary ASIA, and the other documented prefixes)
  /\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|APKA|ABIA|ACCA)[A-Z0-9]{12,}\b/g,
  // SigV4 pieces of an Authorization header or a presigned URL
  /(Credential=)[^,&\s]+/gi,
  /(Signature=)[0-9a-f]+/gi,
  /(X-Amz-Security-Token=)[^&\s]+/gi,
  /(X-Amz-Credential=)[^&\s]+/gi,
  /(X-Amz-Signature=)[^&\s]+/gi,
  // ini files, JSON and XML documents holding keys
  /((?:aws_secret_access_key|aws_session_token|aws_access_key_id)\s*=\s*)\S+/gi,
  /("(?:SecretAccessKey|SessionToken|AccessKeyId|secretAccessKey|sessionToken|accessKeyId)"\s*:\s*")[^"]+/g,
  /(<(?:SecretAccessKey|SessionToken|AccessKeyId|AWSAccessKeyId)>)[^<]+/g,
];

/** Replaces the given secrets and anything shaped like an AWS key, signature or session token by `***`. */
export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  for (const re of SECRET_PATTERNS) out = out.replace(re, (_m, keep?: string) => (typeof keep === 'string' ? `${keep}***` : '***'));
  return out;
}

// ---------------------------------------------------------------- profiles

export type AwsProfileKind = 'static' | 'sso' | 'process' | 'role' | 'web-identity' | 'other';

export interface AwsProfileInfo {
  name: string;
  kind: AwsProfileKind;
  region?: string;
  /** `config`, `credentials` or both */
  sources: ('config' | 'credentials')[];
}

type IniSection = Record<string, string | undefined>;

function profileKind(config: IniSection | undefined, creds: IniSection | undefined): AwsProfileKind {
  const all = { ...config, ...creds };
  if (all['sso_start_url'] || all['sso_session']) return 'sso';
  if (all['role_arn'] && all['web_identity_token_file']) return 'web-identity';
  if (all['role_arn']) return 'role';
  if (all['credential_process']) return 'process';
  if (all['aws_access_key_id']) return 'static';
  return 'other';
}

async function loadIniFiles(): Promise<{ configFile: Record<string, IniSection>; credentialsFile: Record<string, IniSection> }> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  return { configFile: files.configFile as Record<string, IniSection>, credentialsFile: files.credentialsFile as Record<string, IniSection> };
}

/**
 * The profiles of the shared config files (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/`),
 * read afresh, sorted by name.
 */
export async function listProfiles(): Promise<AwsProfileInfo[]> {
  const { configFile, credentialsFile } = await loadIniFiles();
  const names = new Set<string>();
  // the loader keys `[sso-session x]` and `[services x]` sections with a dotted prefix; profiles have none
  for (const n of Object.keys(configFile)) if (!n.includes('.')) names.add(n);
  for (const n of Object.keys(credentialsFile)) names.add(n);
  return [...names].sort().map((name) => {
    const sources: AwsProfileInfo['sources'] = [];
    if (configFile[name]) sources.push('config');
    if (credentialsFile[name]) sources.push('credentials');
    const region = configFile[name]?.['region'] ?? credentialsFile[name]?.['region'];
    return { name, kind: profileKind(configFile[name], credentialsFile[name]), ...(region ? { region } : {}), sources };
  });
}

function envProfile(): string {
  return process.env['AWS_PROFILE'] || process.env['AWS_DEFAULT_PROFILE'] || 'default';
}

function envRegion(): string | undefined {
  return process.env['AWS_REGION'] || process.env['AWS_DEFAULT_REGION'] || undefined;
}

// ---------------------------------------------------------------- the connection

const REGION_RE = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

function checkPositive(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isFinite(v) || v <= 0)) {
    throw new LakehouseError('InvalidInput', `AWS connection: ${name} must be a positive number of milliseconds (got ${v})`, { field: name });
  }
}

export class AwsConnection {
  /** the profile credentials come from (`default` when none was named and `AWS_PROFILE` is unset) */
  readonly profile: string;
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly timeouts: Required<AwsTimeouts>;
  /** kind of the named profile, when it is in the config files */
  readonly profileKind: AwsProfileKind | undefined;
  private readonly secrets = new Set<string>();
  private readonly credentialsProvider: AwsCredentialIdentityProvider;
  private readonly clients = new Map<AwsService, Promise<{ destroy(): void }>>();
  /** the provider chain (or the explicit credentials) */
  private chain: AwsCredentialIdentityProvider | undefined;
  private closed = false;

  private constructor(
    readonly settings: AwsConnectionSettings,
    resolved: { profile: string; region: string; profileKind: AwsProfileKind | undefined },
  ) {
    this.profile = resolved.profile;
    this.region = resolved.region;
    this.profileKind = resolved.profileKind;
    this.endpoint = settings.endpoint?.replace(/\/+$/, '');
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...dropUndefined(settings.timeouts ?? {}) };
    this.credentialsProvider = this.makeCredentialsProvider();
  }

  /**
   * Checks the settings and resolves the region (settings, then `AWS_REGION`/`AWS_DEFAULT_REGION`, then the profile's).
   * Credentials are not resolved here — the first call does that (or {@link checkCredentials}).
   */
  static async open(settings: AwsConnectionSettings = {}): Promise<AwsConnection> {
    checkEndpoint('endpoint', settings.endpoint);
    for (const [service, url] of Object.entries(settings.endpoints ?? {})) {
      if (!(AWS_SERVICES as readonly string[]).includes(service)) {
        throw new LakehouseError('InvalidInput', `AWS endpoints: "${service}" is not a service (expected one of ${AWS_SERVICES.join(', ')})`, { field: `endpoints.${service}` });
      }
      checkEndpoint(`endpoints.${service}`, url);
    }
    if (settings.region !== undefined && !REGION_RE.test(settings.region)) {
      throw new LakehouseError('InvalidInput', `AWS region "${settings.region}" is not a region name (expected e.g. eu-west-1)`, { field: 'region' });
    }
    checkPositive('timeouts.connectMs', settings.timeouts?.connectMs);
    checkPositive('timeouts.idleMs', settings.timeouts?.idleMs);
    checkPositive('timeouts.requestMs', settings.timeouts?.requestMs);
    if (settings.maxAttempts !== undefined && (!Number.isInteger(settings.maxAttempts) || settings.maxAttempts < 1)) {
      throw new LakehouseError('InvalidInput', `AWS connection: maxAttempts must be a positive integer (got ${settings.maxAttempts})`, { field: 'maxAttempts' });
    }

    const profile = settings.profile ?? envProfile();
    let kind: AwsProfileKind | undefined;
    // the AWS tools' order: explicit, then the environment, then the profile
    let region = settings.region ?? envRegion();
    if (!settings.credentials || region === undefined) {
      const { configFile, credentialsFile } = await loadIniFiles();
      const inConfig = configFile[profile];
      const inCreds = credentialsFile[profile];
      if (inConfig || inCreds) kind = profileKind(inConfig, inCreds);
      else if (settings.profile !== undefined && !settings.credentials) {
        const known = [...new Set([...Object.keys(configFile).filter((n) => !n.includes('.')), ...Object.keys(credentialsFile)])].sort();
        throw new LakehouseError(
          'InvalidInput',
          `AWS profile "${profile}" is not in ${configFilesLabel()}` + (known.length ? ` (profiles there: ${known.join(', ')})` : ' (no profiles there)'),
          { field: 'profile', object: profile },
        );
      }
      region ??= inConfig?.['region'] ?? inCreds?.['region'];
    }
    if (region === undefined && (settings.endpoint !== undefined || Object.keys(settings.endpoints ?? {}).length > 0)) region = 'us-east-1';
    if (region === undefined) {
      throw new LakehouseError(
        'InvalidInput',
        `no AWS region: pass --region, or set "region" in profile "${profile}" of ${configFilesLabel()}, or set AWS_REGION`,
        { field: 'region' },
      );
    }
    return new AwsConnection(settings, { profile, region, profileKind: kind });
  }

  /** "AWS dev (eu-west-1)", "AWS default (us-east-1) at http://127.0.0.1:9000" */
  get label(): string {
    const at = this.endpoint ?? this.customEndpoint('s3');
    return `AWS ${this.profile} (${this.region})${at ? ` at ${at}` : ''}`;
  }

  /** The custom endpoint of a service (its own, else the shared one), if any. */
  customEndpoint(service: AwsService): string | undefined {
    return this.settings.endpoints?.[service]?.replace(/\/+$/, '') ?? this.endpoint;
  }

  /** Where a service's requests go, for messages: the custom endpoint or the regional AWS one. */
  endpointOf(service: string): string {
    const host = service === 'logs' ? 'logs' : service;
    return this.customEndpoint(service as AwsService) ?? `https://${host}.${this.region}.amazonaws.com`;
  }

  private makeCredentialsProvider(): AwsCredentialIdentityProvider {
    const explicit = this.settings.credentials;
    if (explicit !== undefined) this.chain = typeof explicit === 'function' ? explicit : async () => explicit;
    return async (props) => {
      let base = this.chain;
      if (!base) {
        const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
        // the chain memoizes what it resolved; refresh() drops it so edited files and new SSO logins are seen
        base = this.chain = fromNodeProviderChain({
          ...(this.settings.profile !== undefined ? { profile: this.settings.profile } : {}),
          ignoreCache: true,
          clientConfig: { region: this.region, ...(this.settings.stsEndpoint ? { endpoint: this.settings.stsEndpoint } : {}) },
        });
      }
      const creds = await base(props);
      // remembered only to scrub them from messages
      for (const s of [creds.accessKeyId, creds.secretAccessKey, creds.sessionToken]) if (s) this.secrets.add(s);
      return creds;
    };
  }

  /** Resolves the credentials now (SSO token, credential_process, role) so a problem shows before any call. */
  async checkCredentials(): Promise<void> {
    try {
      await this.credentialsProvider();
    } catch (e) {
      throw this.error(e, { action: 'resolve credentials', resource: `profile ${this.profile}` });
    }
  }

  /** The SDK client settings every service client of this connection shares (`service` picks the endpoint). */
  clientConfig(service: AwsService = 's3'): S3ClientConfig {
    const endpoint = this.customEndpoint(service);
    const t = this.timeouts;
    return {
      region: this.region,
      credentials: this.credentialsProvider,
      ...(endpoint !== undefined ? { endpoint } : {}),
      requestHandler: {
        connectionTimeout: t.connectMs,
        socketTimeout: t.idleMs,
        requestTimeout: t.requestMs,
        throwOnRequestTimeout: true,
      },
      ...(this.settings.retryStrategy
        ? { retryStrategy: this.settings.retryStrategy }
        : { maxAttempts: this.settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, retryMode: 'standard' }),
    };
  }

  private client<T extends { destroy(): void }>(service: AwsService, make: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new LakehouseError('InvalidInput', `the AWS connection ${this.label} was closed`));
    let c = this.clients.get(service) as Promise<T> | undefined;
    if (!c) {
      c = make();
      this.clients.set(service, c);
    }
    return c;
  }

  /** The S3 client (built once per connection, on first use). */
  s3(): Promise<S3Client> {
    return this.client('s3', () =>
      import('@aws-sdk/client-s3').then(({ S3Client }) => {
        const custom = this.customEndpoint('s3') !== undefined;
        return new S3Client({
          ...this.clientConfig('s3'),
          forcePathStyle: this.settings.forcePathStyle ?? custom,
          followRegionRedirects: false,
          ...(custom ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
        });
      }),
    );
  }

  /** The Glue client (Data Catalog and jobs). */
  glue(): Promise<GlueClient> {
    return this.client('glue', () => import('@aws-sdk/client-glue').then(({ GlueClient }) => new GlueClient(this.clientConfig('glue') as object)));
  }

  /** The Athena client. */
  athena(): Promise<AthenaClient> {
    return this.client('athena', () => import('@aws-sdk/client-athena').then(({ AthenaClient }) => new AthenaClient(this.clientConfig('athena') as object)));
  }

  /** The CloudWatch Logs client (Glue job logs). */
  logs(): Promise<CloudWatchLogsClient> {
    return this.client('logs', () =>
      import('@aws-sdk/client-cloudwatch-logs').then(({ CloudWatchLogsClient }) => new CloudWatchLogsClient(this.clientConfig('logs') as object)),
    );
  }

  /** Drops the clients so the next call re-reads the config files and resolves credentials again. */
  refresh(): void {
    const clients = [...this.clients.values()];
    this.clients.clear();
    if (this.settings.credentials === undefined) this.chain = undefined;
    for (const c of clients) void c.then((client) => client.destroy()).catch(() => undefined);
  }

  /** Releases the clients' sockets. */
  close(): void {
    this.refresh();
    this.closed = true;
  }

  /** Runs one SDK call, turning its failure into an {@link AwsError} for `call`. */
  async call<T>(call: AwsCallContext, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.error(e, call);
    }
  }

  /** The user-facing error for an SDK failure of `call` (credentials scrubbed). */
  error(e: unknown, call: AwsCallContext): LakehouseError {
    if (e instanceof LakehouseError) return e;
    return mapAwsError(e, call, {
      profile: this.profile,
      profileIsSso: this.profileKind === 'sso',
      region: this.region,
      endpoint: this.endpointOf(serviceOfAction(call.action)),
      timeouts: this.timeouts,
      secrets: this.secrets,
    });
  }
}

function checkEndpoint(field: string, endpoint: string | undefined): void {
  if (endpoint === undefined) return;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new LakehouseError('InvalidInput', `AWS ${field} "${endpoint}" is not a URL (expected e.g. http://127.0.0.1:9000)`, { field });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LakehouseError('InvalidInput', `AWS ${field} "${endpoint}" must start with http:// or https://`, { field });
  }
  if (url.username || url.password) {
    throw new LakehouseError('InvalidInput', `AWS ${field} must not contain a user name or password: put credentials in a profile`, { field });
  }
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function configFilesLabel(): string {
  const cfg = process.env['AWS_CONFIG_FILE'] || '~/.aws/config';
  const creds = process.env['AWS_SHARED_CREDENTIALS_FILE'] || '~/.aws/credentials';
  return `${cfg} or ${creds}`;
}

function serviceOfAction(action: string): string {
  const m = /^([a-z0-9-]+):/.exec(action);
  return m ? m[1] : 's3';
}

// ---------------------------------------------------------------- mapping SDK errors

export interface AwsErrorEnvironment {
  profile: string;
  profileIsSso: boolean;
  region: string;
  /** the endpoint the call went to */
  endpoint: string;
  timeouts: Required<AwsTimeouts>;
  /** strings to scrub from messages (the resolved credentials) */
  secrets: Iterable<string>;
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string; attempts?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
  Region?: string;
  Endpoint?: string;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'Forbidden', 'AllAccessDisabled', 'UnauthorizedOperation', 'AuthorizationError']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'RequestExpired', 'InvalidToken']);
const BAD_KEY = new Set(['InvalidAccessKeyId', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidSignatureException']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(s < 1 ? 2 : 1).replace(/0+$/, '')} s`;
}

function attemptsText(n: number | undefined): string {
  return n !== undefined && n > 1 ? ` after ${n} attempts` : '';
}

/**
 * Maps an SDK (or credential provider, or network) error to an {@link AwsError}. The message starts with the AWS
 * error name and names `call.action` on `call.resource`, then says what to do.
 */
export function mapAwsError(e: unknown, call: AwsCallContext, env: AwsErrorEnvironment): LakehouseError {
  if (e instanceof LakehouseError) return e;
  const err = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as SdkErrorShape;
  const name = err.name ?? 'Error';
  const status = err.$metadata?.httpStatusCode ?? err.$response?.statusCode;
  const attempts = err.$metadata?.attempts;
  const summary: AwsErrorSummary = {
    name,
    ...(status !== undefined ? { status } : {}),
    ...(err.$metadata?.requestId ? { requestId: err.$metadata.requestId } : {}),
    ...(attempts !== undefined ? { attempts } : {}),
  };
  const scrub = (s: string) => redactSecrets(s, env.secrets);
  const sdkMessage = scrub(err.message && err.message !== 'UnknownError' ? err.message : '');
  const on = `${call.action} on ${call.resource}`;
  const make = (code: ErrorCode, kind: AwsErrorKind, message: string, remedy: AwsRemedy = {}) =>
    new AwsError(code, kind, scrub(message), call, remedy, summary);
  const loginCommand = `aws sso login --profile ${env.profile}`;

  // cancellation
  if (name === 'AbortError') return make('Cancelled', 'Cancelled', `${on} cancelled`);

  // credentials that could not be resolved (no profile data, SSO session expired, credential_process failed)
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || /sso login/i.test(err.message ?? '')) {
    const sso = env.profileIsSso || /\bsso\b/i.test(err.message ?? '');
    if (sso) {
      return make(
        'InvalidInput',
        'Credentials',
        `the SSO session of AWS profile "${env.profile}" has expired or was never started: run \`${loginCommand}\`, then retry (${on})`,
        { command: loginCommand },
      );
    }
    return make(
      'InvalidInput',
      'Credentials',
      `no usable AWS credentials for profile "${env.profile}" (${sdkMessage || name}): configure the profile in ~/.aws/config or pick another one, then retry (${on})`,
    );
  }

  // time-outs and network failures (no HTTP response)
  const errno = err.code;
  if (errno && NETWORK_CODES.has(errno) && status === undefined) {
    return make('InvalidInput', 'Network', `${errno}: cannot reach ${env.endpoint} (${on})${attemptsText(attempts)}; check the endpoint, network or proxy`);
  }
  if (name === 'TimeoutError' || errno === 'ETIMEDOUT') {
    const msg = err.message ?? '';
    let ms = env.timeouts.requestMs;
    let what = 'no answer from';
    const num = /(\d+)\s*ms/.exec(msg);
    if (/did not establish a connection/.test(msg)) {
      ms = num ? Number(num[1]) : env.timeouts.connectMs;
      what = 'no connection to';
    } else if (/inactivity/.test(msg)) ms = num ? Number(num[1]) : env.timeouts.idleMs;
    else if (num) ms = Number(num[1]);
    return make(
      'InvalidInput',
      'Timeout',
      `${name === 'TimeoutError' ? 'Timeout' : errno}: ${what} ${env.endpoint} within ${seconds(ms)} (${on})${attemptsText(attempts)}; check the network, proxy or endpoint`,
    );
  }

  const awsCode = err.Code ?? (name === 'Unknown' || /^\d+$/.test(name) ? undefined : name);
  const headerRegion = err.$response?.headers?.['x-amz-bucket-region'];
  const label = awsCode ?? (status !== undefined ? `HTTP ${status}` : name);

  // wrong region: S3's 301 PermanentRedirect (HEAD: a bare 301) names the bucket's region in x-amz-bucket-region
  if (
    status === 301 ||
    awsCode === 'PermanentRedirect' ||
    awsCode === 'AuthorizationHeaderMalformed' ||
    awsCode === 'IllegalLocationConstraintException'
  ) {
    const region = headerRegion ?? err.Region ?? /\.s3[.-]([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com/.exec(err.Endpoint ?? '')?.[1];
    if (region && region !== env.region) {
      return make(
        'InvalidInput',
        'WrongRegion',
        `WrongRegion: ${call.resource} is in region ${region}, not ${env.region}: switch the region to ${region} (--region ${region}) and retry (${on})`,
        { region },
      );
    }
    if (status === 301 || awsCode === 'PermanentRedirect') {
      return make('InvalidInput', 'WrongRegion', `WrongRegion: ${call.resource} is not in region ${env.region}: choose the bucket's region and retry (${on})`);
    }
  }

  if (awsCode === 'NoSuchBucket') {
    return make('NoSuchBucket', 'NoSuchBucket', `NoSuchBucket: bucket ${bucketOf(call.resource)} does not exist (${on}): create it or check the name and the region ${env.region}`);
  }
  if (awsCode === 'NoSuchKey') return make('NoSuchKey', 'NoSuchKey', `NoSuchKey: object ${call.resource} not found (${call.action})`);
  if (awsCode === 'NoSuchUpload') return make('EntityNotFound', 'NotFound', `NoSuchUpload: the multipart upload of ${call.resource} no longer exists (${call.action})`);
  if (awsCode === 'EntityNotFoundException' || awsCode === 'ResourceNotFoundException' || awsCode === 'NotFound' || status === 404) {
    return make('EntityNotFound', 'NotFound', `${label}: ${call.resource} not found (${call.action})${sdkMessage ? `: ${sdkMessage}` : ''}`);
  }
  if (awsCode === 'BucketAlreadyExists') {
    return make('AlreadyExists', 'AlreadyExists', `BucketAlreadyExists: the bucket name ${bucketOf(call.resource)} is taken by another AWS account (bucket names are global): choose another name`);
  }
  if (awsCode === 'AlreadyExistsException' || awsCode === 'ResourceInUseException') {
    return make('AlreadyExists', 'AlreadyExists', `${label}: ${call.resource} already exists (${call.action})${sdkMessage ? `: ${sdkMessage}` : ''}`);
  }

  if (awsCode && EXPIRED.has(awsCode)) {
    const remedy = env.profileIsSso ? `run \`${loginCommand}\`` : `refresh the credentials of profile "${env.profile}"`;
    return make('InvalidInput', 'Credentials', `${awsCode}: the AWS credentials of profile "${env.profile}" have expired: ${remedy}, then retry (${on})`, env.profileIsSso ? { command: loginCommand } : {});
  }
  if (awsCode && BAD_KEY.has(awsCode)) {
    const what =
      awsCode === 'SignatureDoesNotMatch' || awsCode === 'InvalidSignatureException'
        ? `the secret key of AWS profile "${env.profile}" does not match its access key`
        : `the access key of AWS profile "${env.profile}" is not known to ${env.endpoint}`;
    return make('InvalidInput', 'Credentials', `${awsCode}: ${what}: fix the profile's keys or pick another profile (${on})`);
  }
  if ((awsCode && ACCESS_DENIED.has(awsCode)) || status === 403) {
    return make(
      'InvalidInput',
      'AccessDenied',
      `AccessDenied: ${on} is not allowed for AWS profile "${env.profile}": grant ${call.action} on that resource in the IAM policy (or the bucket policy), or use another profile`,
    );
  }

  if ((awsCode && THROTTLING.has(awsCode)) || status === 429 || status === 503) {
    return make('InvalidInput', 'Throttled', `${label}: AWS throttled ${on}${attemptsText(attempts)}: retry later or lower the concurrency`);
  }
  if (err.$fault === 'server' || (status !== undefined && status >= 500)) {
    return make('InvalidInput', 'ServiceError', `${label}: ${env.endpoint} failed ${on}${attemptsText(attempts)}${sdkMessage ? `: ${sdkMessage}` : ''}; retry later`);
  }
  if (status !== undefined || err.$fault === 'client') {
    return make('InvalidInput', 'InvalidRequest', `${label}: ${on} was rejected${sdkMessage ? `: ${sdkMessage}` : ''}`);
  }
  return make('InvalidInput', 'ServiceError', `${label}: ${on} failed${sdkMessage ? `: ${sdkMessage}` : ''}`);
}

function bucketOf(resource: string): string {
  const m = /^s3:\/\/([^/]+)/.exec(resource);
  return m ? m[1] : resource;
}
