/**
 * The AWS connection: which profile, region and endpoint the AWS target talks to, and the one place that builds
 * configured SDK v3 clients from them.
 *
 * - Credentials come from the standard provider chain (`fromNodeProviderChain`): a named profile from the shared
 *   config files (static keys, SSO, `credential_process`, role assumption — with an MFA code asked through
 *   {@link AwsConnectionSettings.mfaCodeProvider} when the profile has `mfa_serial`), or — with no profile — the
 *   environment, `AWS_PROFILE`, the default profile. Files are re-read (`ignoreCache`) each time credentials are
 *   resolved, so a profile edited or an `aws sso login` run while the editor is open is picked up by
 *   {@link AwsConnection.refresh}.
 * - The region in the AWS CLI's precedence (see ./profiles.ts); {@link AwsConnection.regionSource} says where it came from.
 * - A custom endpoint (MinIO, LocalStack, test servers) implies path-style addressing and checksums only where an
 *   operation requires them: with the SDK's default (`WHEN_SUPPORTED`) a PutObject with a *stream* body sends
 *   aws-chunked framing that such servers store inside the object.
 * - Cancelling: every call carries an AbortSignal — the connection's own ({@link AwsConnectionSettings.signal}: the
 *   CLI's Ctrl-C), the one of the work it runs in ({@link AwsConnection.withSignal}: a command of the extension),
 *   and the call's own — merged into the SDK call, so an aborted command stops the request in flight, the retry
 *   wait and the credential resolution at once.
 * - Bounded time: every request has a connection timeout (default 10 s), an idle-socket timeout and a total
 *   request timeout that throws (default 60 s); a request that timed out is not retried (a hung endpoint fails in
 *   one request timeout, naming the endpoint). Other failures: the SDK's standard retries (throttling and 5xx
 *   with exponential backoff and jitter).
 * - The SDK is imported lazily (`await import(...)`): nothing here loads it until a client is asked for.
 * - Errors become {@link AwsError}s (./awsErrors.ts) that name the action and the resource, keep AWS's message and
 *   say what to do; no credential ever appears in a message.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryErrorInfo, RetryStrategyV2, RetryToken } from '@aws-sdk/types';
import { LakehouseError } from '../../errors';
import { mapAwsError, type AwsCallContext } from './awsErrors';
import { configFilesLabel, envProfile, loadIniFiles, profileKind, profileNames, resolveRegion, type AwsProfileKind } from './profiles';

export { AwsError, isAwsError, mapAwsError, redactSecrets, parseAccessDenied, isTransientAwsError } from './awsErrors';
export type { AwsCallContext, AwsErrorEnvironment, AwsErrorKind, AwsErrorSummary, AwsRemedy, AccessDenial } from './awsErrors';
export { listProfiles } from './profiles';
export type { AwsProfileInfo, AwsProfileKind } from './profiles';

// ---------------------------------------------------------------- settings

export interface AwsTimeouts {
  /** to establish the TCP (and TLS) connection; default 10 s */
  connectMs?: number;
  /** a socket with no traffic for this long fails the request; default 60 s */
  idleMs?: number;
  /** a whole request (sending the body, up to the response headers) fails after this long; default 60 s */
  requestMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<AwsTimeouts> = { connectMs: 10_000, idleMs: 60_000, requestMs: 60_000 };
/** Attempts per call (first try included) of the standard retry strategy. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface AwsConnectionSettings {
  /** a profile of the shared config files; absent: the default chain (environment, `AWS_PROFILE`, `default`) */
  profile?: string;
  /** absent: `AWS_REGION`/`AWS_DEFAULT_REGION`, else the profile's `region`; `us-east-1` with a custom endpoint */
  region?: string;
  /** where `region` comes from, for messages and `lakehouse doctor` (default `--region`) */
  regionSource?: string;
  /** custom endpoint (MinIO, LocalStack, test servers), e.g. `http://127.0.0.1:9000` */
  endpoint?: string;
  /** a custom endpoint per service, overriding `endpoint` for that service (S3 on one server, Glue on another) */
  endpoints?: Partial<Record<AwsService, string>>;
  /** endpoint for STS when a profile assumes a role (LocalStack, test servers); absent: `endpoints.sts`, else AWS's regional STS */
  stsEndpoint?: string;
  /** default: true with a custom endpoint, false otherwise */
  forcePathStyle?: boolean;
  timeouts?: AwsTimeouts;
  /** attempts per call including the first; default {@link DEFAULT_MAX_ATTEMPTS} */
  maxAttempts?: number;
  /** replaces the standard retry strategy (tests use one without delays); time-outs are still not retried */
  retryStrategy?: RetryStrategyV2;
  /** explicit credentials instead of the provider chain */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** every call of the connection stops when this aborts (the CLI's Ctrl-C) */
  signal?: AbortSignal;
  /** asks for the code of an MFA device (`mfa_serial` of a profile assuming a role); absent: such a profile fails, saying so */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /** replaces the HTTP handler of every client (tests record the requests the SDK builds) */
  requestHandler?: unknown;
}

/** The services the AWS target talks to (the keys of {@link AwsConnectionSettings.endpoints}). */
export type AwsService = 's3' | 'glue' | 'athena' | 'logs' | 'iam' | 'sts';
export const AWS_SERVICES: readonly AwsService[] = ['s3', 'glue', 'athena', 'logs', 'iam', 'sts'];

// ---------------------------------------------------------------- retries and signals

/** A timeout of ours (connect, idle, request) — not a connection reset, which the node handler also names TimeoutError. */
export function isOwnTimeout(e: unknown): boolean {
  const err = e as { name?: string; message?: string } | undefined;
  return err?.name === 'TimeoutError' && /requestTimeout|without establishing a connection|timed out after|inactivity/i.test(err.message ?? '');
}

/** The retry strategy around another: a request that timed out is not tried again (a hung endpoint fails in bounded time). */
class NoRetryOnTimeout implements RetryStrategyV2 {
  constructor(private readonly inner: RetryStrategyV2) {}
  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }
  refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    if (isOwnTimeout(info.error)) return Promise.reject(info.error);
    return this.inner.refreshRetryTokenForRetry(token, info);
  }
  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token);
  }
}

function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error(`The operation was aborted${signal.reason instanceof Error ? `: ${signal.reason.message}` : ''}`), { name: 'AbortError' });
}

/** Resolves as `p`, or rejects with an AbortError as soon as `signal` aborts. */
export function raceSignal<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const live = [...new Set(signals.filter((s): s is AbortSignal => s !== undefined))];
  if (live.length <= 1) return live[0];
  return AbortSignal.any(live);
}

// ---------------------------------------------------------------- the connection

const REGION_RE = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

function checkPositive(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isFinite(v) || v <= 0)) {
    throw new LakehouseError('InvalidInput', `AWS connection: ${name} must be a positive number of milliseconds (got ${v})`, { field: name });
  }
}

interface Sendable {
  send(command: unknown, options?: unknown): Promise<unknown>;
  destroy(): void;
}

export class AwsConnection {
  /** the profile credentials come from (`default` when none was named and `AWS_PROFILE` is unset) */
  readonly profile: string;
  readonly region: string;
  /** where the region came from: `--region`, `lakehouse.json`, `AWS_REGION`, `profile "dev"`, … */
  readonly regionSource: string;
  readonly endpoint: string | undefined;
  readonly timeouts: Required<AwsTimeouts>;
  /** kind of the named profile, when it is in the config files */
  readonly profileKind: AwsProfileKind | undefined;
  /** the profile's `mfa_serial` (it assumes a role with an MFA code) */
  readonly mfaSerial: string | undefined;
  /**
   * The credentials are the environment's (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`), not a profile's: the SDK's
   * chain reads them first when neither a profile nor `AWS_PROFILE` is given (@aws-sdk/credential-provider-node).
   */
  readonly credentialsFromEnvironment: boolean;
  private readonly secrets = new Set<string>();
  private readonly credentialsProvider: AwsCredentialIdentityProvider;
  private readonly clients = new Map<AwsService, Promise<Sendable>>();
  private readonly scope = new AsyncLocalStorage<AbortSignal | undefined>();
  /** set inside {@link detached}: calls carry no cancellation */
  private readonly detachedScope = new AsyncLocalStorage<boolean>();
  /** the provider chain (or the explicit credentials) */
  private chain: AwsCredentialIdentityProvider | undefined;
  private closed = false;

  private constructor(
    readonly settings: AwsConnectionSettings,
    resolved: { profile: string; region: string; regionSource: string; profileKind: AwsProfileKind | undefined; mfaSerial: string | undefined },
  ) {
    this.profile = resolved.profile;
    this.region = resolved.region;
    this.regionSource = resolved.regionSource;
    this.profileKind = resolved.profileKind;
    this.mfaSerial = resolved.mfaSerial;
    this.credentialsFromEnvironment =
      settings.profile === undefined && settings.credentials === undefined && !process.env['AWS_PROFILE'] && !!process.env['AWS_ACCESS_KEY_ID'] && !!process.env['AWS_SECRET_ACCESS_KEY'];
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
    checkEndpoint('stsEndpoint', settings.stsEndpoint);
    if (settings.region !== undefined && !REGION_RE.test(settings.region)) {
      throw new LakehouseError('InvalidInput', `AWS region "${settings.region}" (${settings.regionSource ?? '--region'}) is not a region name (expected e.g. eu-west-1)`, { field: 'region' });
    }
    checkPositive('timeouts.connectMs', settings.timeouts?.connectMs);
    checkPositive('timeouts.idleMs', settings.timeouts?.idleMs);
    checkPositive('timeouts.requestMs', settings.timeouts?.requestMs);
    if (settings.maxAttempts !== undefined && (!Number.isInteger(settings.maxAttempts) || settings.maxAttempts < 1)) {
      throw new LakehouseError('InvalidInput', `AWS connection: maxAttempts must be a positive integer (got ${settings.maxAttempts})`, { field: 'maxAttempts' });
    }

    const profile = settings.profile ?? envProfile();
    let kind: AwsProfileKind | undefined;
    let mfaSerial: string | undefined;
    let config: Record<string, string | undefined> | undefined;
    let creds: Record<string, string | undefined> | undefined;
    const envRegion = process.env['AWS_REGION'] || process.env['AWS_DEFAULT_REGION'];
    if (!settings.credentials || (settings.region === undefined && !envRegion)) {
      const files = await loadIniFiles();
      config = files.configFile[profile];
      creds = files.credentialsFile[profile];
      if (config || creds) {
        kind = profileKind(config, creds);
        mfaSerial = config?.['mfa_serial'] ?? creds?.['mfa_serial'];
      } else if (settings.profile !== undefined && !settings.credentials) {
        const known = profileNames(files);
        throw new LakehouseError(
          'InvalidInput',
          `AWS profile "${profile}" is not in ${configFilesLabel()}` + (known.length ? ` (profiles there: ${known.join(', ')})` : ' (no profiles there)'),
          { field: 'profile', object: profile },
        );
      }
    }
    let resolved = resolveRegion(settings.region, settings.regionSource ?? '--region', { name: profile, ...(config ? { config } : {}), ...(creds ? { credentials: creds } : {}) });
    if (resolved === undefined && (settings.endpoint !== undefined || Object.keys(settings.endpoints ?? {}).length > 0)) resolved = { region: 'us-east-1', source: 'the default for a custom endpoint' };
    if (resolved === undefined) {
      throw new LakehouseError(
        'InvalidInput',
        `no AWS region: pass --region, or set "region" in lakehouse.json or in profile "${profile}" of ${configFilesLabel()}, or set AWS_REGION`,
        { field: 'region' },
      );
    }
    if (!REGION_RE.test(resolved.region)) {
      throw new LakehouseError('InvalidInput', `AWS region "${resolved.region}" (from ${resolved.source}) is not a region name (expected e.g. eu-west-1)`, { field: 'region' });
    }
    return new AwsConnection(settings, { profile, region: resolved.region, regionSource: resolved.source, profileKind: kind, mfaSerial });
  }

  /** Where the credentials come from, for messages: `profile "dev"`, `the environment (AWS_ACCESS_KEY_ID)`. */
  get credentialsLabel(): string {
    return this.credentialsFromEnvironment ? 'the environment (AWS_ACCESS_KEY_ID)' : `profile "${this.profile}"`;
  }

  /** "AWS dev (eu-west-1)", "AWS default (us-east-1) at http://127.0.0.1:9000" */
  get label(): string {
    const at = this.endpoint ?? this.customEndpoint('s3');
    return `AWS ${this.profile} (${this.region})${at ? ` at ${at}` : ''}`;
  }

  /** The custom endpoint of a service (its own, else the shared one), if any. */
  customEndpoint(service: AwsService): string | undefined {
    const own = this.settings.endpoints?.[service] ?? (service === 'sts' ? this.settings.stsEndpoint : undefined);
    return own?.replace(/\/+$/, '') ?? this.endpoint;
  }

  /** Where a service's requests go, for messages: the custom endpoint or the AWS one. */
  endpointOf(service: string): string {
    const custom = (AWS_SERVICES as readonly string[]).includes(service) ? this.customEndpoint(service as AwsService) : this.endpoint;
    if (custom) return custom;
    if (service === 'iam') return 'https://iam.amazonaws.com';
    return `https://${service}.${this.region}.amazonaws.com`;
  }

  // ------------------------------------------------------------ signals

  /**
   * Runs `work` so that every AWS call it makes (however deep) stops when `signal` aborts — how a command of the
   * extension hands its cancellation to calls that take no signal of their own.
   */
  withSignal<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    const outer = this.scope.getStore();
    return this.scope.run(anySignal([outer, signal]), work);
  }

  /** The signal a call made now carries: the connection's, the surrounding work's, and `own` (only `own` when detached). */
  signalFor(own?: AbortSignal): AbortSignal | undefined {
    if (this.detachedScope.getStore() === true) return own;
    return anySignal([this.settings.signal, this.scope.getStore(), own]);
  }

  /**
   * Runs `work` free of the connection's and the surrounding work's cancellation: the clean-up a cancelled command
   * owes AWS (StopQueryExecution, BatchStopJobRun) must reach it — with the command's aborted signal it was cancelled
   * before it was sent, and the query or job ran on. Still bounded by the request timeouts.
   */
  detached<T>(work: () => Promise<T>): Promise<T> {
    return this.detachedScope.run(true, work);
  }

  /** Every `send` of the client carries {@link signalFor}'s signal. */
  private guard<T extends Sendable>(client: T): T {
    const send = client.send.bind(client);
    client.send = ((command: unknown, options?: unknown) => {
      const opts = (typeof options === 'object' && options !== null ? options : {}) as { abortSignal?: AbortSignal };
      const signal = this.signalFor(opts.abortSignal);
      return send(command, signal ? { ...opts, abortSignal: signal } : opts);
    }) as T['send'];
    return client;
  }

  // ------------------------------------------------------------ credentials

  private makeCredentialsProvider(): AwsCredentialIdentityProvider {
    const explicit = this.settings.credentials;
    if (explicit !== undefined) this.chain = typeof explicit === 'function' ? explicit : async () => explicit;
    return async (props) => {
      let base = this.chain;
      if (!base) {
        const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
        const sts = this.customEndpoint('sts');
        const t = this.timeouts;
        const ask = this.settings.mfaCodeProvider;
        // the chain memoizes what it resolved; refresh() drops it so edited files and new SSO logins are seen
        base = this.chain = fromNodeProviderChain({
          // the profile named here is the one whose credentials are used: AWS_DEFAULT_PROFILE (the AWS CLI's) is
          // not read by the SDK, whose chain would take the default profile's while the region came from this one
          ...(this.settings.profile !== undefined ? { profile: this.settings.profile } : !this.credentialsFromEnvironment && !process.env['AWS_PROFILE'] && process.env['AWS_DEFAULT_PROFILE'] ? { profile: this.profile } : {}),
          ignoreCache: true,
          ...(ask ? { mfaCodeProvider: (serial: string) => ask(serial) } : {}),
          clientConfig: {
            region: this.region,
            ...(sts ? { endpoint: sts } : {}),
            requestHandler: { connectionTimeout: t.connectMs, socketTimeout: t.idleMs, requestTimeout: t.requestMs, throwOnRequestTimeout: true },
          },
        });
      }
      // resolving may wait on STS, SSO or a credential process: it stops with the call
      const creds = await raceSignal(base(props), this.signalFor());
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

  // ------------------------------------------------------------ clients

  private retryStrategy(): RetryStrategyV2 | Promise<RetryStrategyV2> {
    if (this.settings.retryStrategy) return new NoRetryOnTimeout(this.settings.retryStrategy);
    return import('@smithy/core/retry').then(({ StandardRetryStrategy }) => new NoRetryOnTimeout(new StandardRetryStrategy(this.settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)));
  }

  /** The SDK client settings every service client of this connection shares (`service` picks the endpoint). */
  clientConfig(service: AwsService = 's3'): S3ClientConfig {
    const endpoint = this.customEndpoint(service);
    const t = this.timeouts;
    return {
      region: this.region,
      credentials: this.credentialsProvider,
      ...(endpoint !== undefined ? { endpoint } : {}),
      requestHandler: (this.settings.requestHandler as S3ClientConfig['requestHandler']) ?? {
        connectionTimeout: t.connectMs,
        socketTimeout: t.idleMs,
        requestTimeout: t.requestMs,
        throwOnRequestTimeout: true,
      },
      maxAttempts: this.settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    };
  }

  private client<T extends Sendable>(service: AwsService, make: (config: S3ClientConfig) => T): Promise<T> {
    if (this.closed) return Promise.reject(new LakehouseError('InvalidInput', `the AWS connection ${this.label} was closed`));
    let c = this.clients.get(service) as Promise<T> | undefined;
    if (!c) {
      c = Promise.resolve(this.retryStrategy()).then((retryStrategy) => this.guard(make({ ...this.clientConfig(service), retryStrategy })));
      this.clients.set(service, c);
    }
    return c;
  }

  /** The S3 client (built once per connection, on first use). */
  async s3(): Promise<S3Client> {
    const { S3Client } = await import('@aws-sdk/client-s3');
    const custom = this.customEndpoint('s3') !== undefined;
    return this.client(
      's3',
      (config) =>
        new S3Client({
          ...config,
          forcePathStyle: this.settings.forcePathStyle ?? custom,
          followRegionRedirects: false,
          ...(custom ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
        }),
    );
  }

  /** Whether S3 is AWS itself (checksums as AWS computes them) rather than a custom endpoint. */
  get s3IsAws(): boolean {
    return this.customEndpoint('s3') === undefined;
  }

  /** The Glue client (Data Catalog and jobs). */
  async glue(): Promise<GlueClient> {
    const { GlueClient } = await import('@aws-sdk/client-glue');
    return this.client('glue', (config) => new GlueClient(config as object));
  }

  /** The Athena client. */
  async athena(): Promise<AthenaClient> {
    const { AthenaClient } = await import('@aws-sdk/client-athena');
    return this.client('athena', (config) => new AthenaClient(config as object));
  }

  /** The CloudWatch Logs client (Glue job logs). */
  async logs(): Promise<CloudWatchLogsClient> {
    const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
    return this.client('logs', (config) => new CloudWatchLogsClient(config as object));
  }

  /** The IAM client (the Glue role: doctor and role setup). */
  async iam(): Promise<IAMClient> {
    const { IAMClient } = await import('@aws-sdk/client-iam');
    return this.client('iam', (config) => new IAMClient(config as object));
  }

  /** The STS client (who the credentials are: GetCallerIdentity). */
  async sts(): Promise<STSClient> {
    const { STSClient } = await import('@aws-sdk/client-sts');
    return this.client('sts', (config) => new STSClient(config as object));
  }

  /** Drops the clients so the next call re-reads the config files and resolves credentials again. */
  refresh(): void {
    const clients = [...this.clients.values()];
    this.clients.clear();
    this.identity = undefined;
    if (this.settings.credentials === undefined) this.chain = undefined;
    for (const c of clients) void c.then((client) => client.destroy()).catch(() => undefined);
  }

  /** Releases the clients' sockets. */
  close(): void {
    this.refresh();
    this.closed = true;
  }

  // ------------------------------------------------------------ identity

  private identity: Promise<CallerIdentity> | undefined;

  /** Who the credentials are (STS GetCallerIdentity, asked once per connection). */
  callerIdentity(): Promise<CallerIdentity> {
    this.identity ??= (async () => {
      const [client, { GetCallerIdentityCommand }] = await Promise.all([this.sts(), import('@aws-sdk/client-sts')]);
      // the resource: where the keys come from (keys in the environment are not the profile's)
      const resource = this.credentialsFromEnvironment ? 'the keys of the environment' : `profile ${this.profile}`;
      const res = await this.call({ action: 'sts:GetCallerIdentity', resource }, () => client.send(new GetCallerIdentityCommand({})));
      if (!res.Account || !res.Arn) throw new LakehouseError('DataError', `STS GetCallerIdentity returned no account for profile ${this.profile}`);
      return { account: res.Account, arn: res.Arn, ...(res.UserId ? { userId: res.UserId } : {}) };
    })();
    this.identity.catch(() => (this.identity = undefined));
    return this.identity;
  }

  // ------------------------------------------------------------ calls and errors

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
      profileIsSso: this.profileKind === 'sso' && !this.credentialsFromEnvironment,
      ...(this.credentialsFromEnvironment ? { credentialsFromEnvironment: true } : {}),
      region: this.region,
      endpoint: this.endpointOf(serviceOfAction(call.action)),
      timeouts: this.timeouts,
      secrets: this.secrets,
    });
  }
}

export interface CallerIdentity {
  account: string;
  /** `arn:aws:iam::123456789012:user/ana`, `arn:aws:sts::123456789012:assumed-role/Admin/ana` */
  arn: string;
  userId?: string;
}

/**
 * The IAM principal behind a caller ARN (what IAM policy simulation takes): an assumed-role session becomes its
 * role (`arn:aws:sts::1:assumed-role/Admin/ana` → `arn:aws:iam::1:role/Admin`; a role's path is not in the session ARN).
 */
export function principalArn(callerArn: string): string {
  const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : callerArn;
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

function serviceOfAction(action: string): string {
  const m = /^([a-z0-9-]+):/.exec(action);
  return m ? m[1]! : 's3';
}
