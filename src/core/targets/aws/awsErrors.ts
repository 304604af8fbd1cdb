/**
 * AWS failures as errors a user can act on: {@link AwsError} names the call (the IAM action and the resource),
 * keeps AWS's own message (it says which policy denied what: "… is not authorized to perform: iam:PassRole on
 * resource: … because no identity-based policy allows the iam:PassRole action", "… with an explicit deny in a
 * service control policy"), and adds the remedy — naming the exact IAM action AWS named, which is not always the
 * call's own (CreateJob needs iam:PassRole on the role). No credential ever appears in a message
 * ({@link redactSecrets}).
 *
 * The shapes of AWS's access-denied messages are documented in "Troubleshoot access denied (403 Forbidden) errors
 * in Amazon S3" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html#access-denied-message-examples)
 * and the IAM user guide's "Troubleshoot access denied error messages".
 */
import { LakehouseError, type ErrorCode } from '../../errors';
import { configFilesLabel } from './profiles';

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
  /** the IAM action to grant (as AWS named it), e.g. `iam:PassRole` */
  grant?: { action: string; resource?: string };
}

/** Where an AWS call failed: the IAM action (`s3:PutObject`) and the resource (`s3://bucket/key`). */
export interface AwsCallContext {
  action: string;
  resource: string;
}

export interface AwsErrorSummary {
  /** the SDK error's name, e.g. `AccessDenied`, `TimeoutError` */
  name: string;
  status?: number;
  requestId?: string;
  attempts?: number;
  /** AWS's own message (credentials scrubbed) */
  awsMessage?: string;
}

/**
 * A failed AWS call, as a LakehouseError whose message names the action, the resource and the fix. `cause` holds a
 * summary of the SDK error (name, HTTP status, request id, attempts, AWS's message) — never the SDK error object
 * itself, which can carry the access key (S3 echoes it in SignatureDoesNotMatch/InvalidAccessKeyId errors).
 */
export class AwsError extends LakehouseError {
  constructor(
    code: ErrorCode,
    readonly kind: AwsErrorKind,
    message: string,
    readonly call: AwsCallContext,
    readonly remedy: AwsRemedy = {},
    readonly summary?: AwsErrorSummary,
  ) {
    super(code, message, { object: call.resource }, summary ? { cause: summary } : undefined);
  }

  /** The error's name as AWS gave it (`AccessDeniedException`, `BucketAlreadyExists`), when it had one. */
  get awsCode(): string | undefined {
    return this.summary?.name;
  }
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

// ---------------------------------------------------------------- access denied

/** What an access-denied message of AWS says: the action and resource it names, and which kind of policy denied. */
export interface AccessDenial {
  /** the IAM action AWS names (`iam:PassRole`), when it names one */
  action?: string;
  resource?: string;
  /** `explicit` (a Deny statement) or `implicit` (no policy allows it) */
  deny?: 'explicit' | 'implicit';
  /** the policy type AWS names: `service control policy`, `identity-based policy`, `resource-based policy`, … */
  policy?: string;
}

/**
 * Reads AWS's access-denied message: `User: <arn> is not authorized to perform: <action> on resource: <arn>
 * [because no <policy type> policy allows the <action> action | with an explicit deny in a <policy type> policy]`.
 */
export function parseAccessDenied(message: string): AccessDenial {
  const out: AccessDenial = {};
  const perform = /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/i.exec(message);
  if (perform) out.action = perform[1];
  const resource = /on resource:?\s+"?([^"\s]+?)"?(?:\s|$|\.(?:\s|$))/i.exec(message);
  if (resource) out.resource = resource[1];
  const explicit = /with an explicit deny in (?:a|an|the) ([a-z -]+?) policy/i.exec(message);
  const implicit = /because no ([a-z -]+?) policy allows/i.exec(message);
  if (explicit) {
    out.deny = 'explicit';
    out.policy = `${explicit[1]!.trim()} policy`;
  } else if (implicit) {
    out.deny = 'implicit';
    out.policy = `${implicit[1]!.trim()} policy`;
  }
  return out;
}

/** The remedy for a denial, as words: who must change which policy, naming the action AWS named. */
function accessRemedy(d: AccessDenial, call: AwsCallContext, caller: string): string {
  const action = d.action ?? call.action;
  const on = d.resource ?? call.resource;
  if (d.deny === 'explicit') {
    const policy = d.policy ?? 'policy';
    if (/service control|resource control/i.test(policy))
      return `an administrator of your AWS Organization must change the ${policy} that denies ${action} (no IAM policy of your own can override it)`;
    if (/permissions boundary/i.test(policy)) return `the permissions boundary of the caller denies ${action}: an administrator must change it`;
    if (/session/i.test(policy)) return `the session policy of these credentials denies ${action}: get credentials without it`;
    return `remove the Deny of ${action} on ${on} from the ${policy}, or use another profile`;
  }
  if (d.policy && /resource-based/i.test(d.policy)) return `allow ${action} for the caller in the resource's own policy (e.g. the bucket policy), or use another profile`;
  return `grant ${action} on ${on} to the caller (${caller}) in an IAM policy, or use another profile`;
}

// ---------------------------------------------------------------- mapping SDK errors

export interface AwsErrorEnvironment {
  profile: string;
  profileIsSso: boolean;
  region: string;
  /** the endpoint the call went to */
  endpoint: string;
  timeouts: { connectMs: number; idleMs: number; requestMs: number };
  /** strings to scrub from messages (the resolved credentials) */
  secrets: Iterable<string>;
  /** the credentials are AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (AWS_SESSION_TOKEN) of the environment, not the profile's */
  credentialsFromEnvironment?: boolean;
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
  /** Athena's TooManyRequestsException: why it throttled (CONCURRENT_QUERY_LIMIT_EXCEEDED) */
  Reason?: string;
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

/** Transient failures: a poll that meets one tries again later instead of giving up (see polling in glueJobs/athena). */
export const TRANSIENT_KINDS: ReadonlySet<AwsErrorKind> = new Set(['Throttled', 'ServiceError', 'Network', 'Timeout']);

export function isTransientAwsError(e: unknown): boolean {
  return isAwsError(e) && TRANSIENT_KINDS.has(e.kind);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(s < 1 ? 2 : 1).replace(/0+$/, '')} s`;
}

/**
 * What to do about a bucket of another region: the setting that stays (lakehouse.json's "region" comes before the
 * environment and the profile), not only a flag every command would need — or a bucket of the region worked in.
 */
export function wrongRegionFix(bucketRegion: string, region: string): string {
  return `set "region": "${bucketRegion}" in lakehouse.json (or pass --region ${bucketRegion}), or choose a bucket of ${region}`;
}

function attemptsText(n: number | undefined): string {
  return n !== undefined && n > 1 ? ` after ${n} attempts` : '';
}

function bucketOf(resource: string): string {
  const m = /^s3:\/\/([^/]+)/.exec(resource);
  return m ? m[1]! : resource;
}

/**
 * Maps an SDK (or credential provider, or network) error to an {@link AwsError}. The message starts with the AWS
 * error name and names `call.action` on `call.resource`, keeps AWS's own text, then says what to do.
 */
export function mapAwsError(e: unknown, call: AwsCallContext, env: AwsErrorEnvironment): LakehouseError {
  if (e instanceof LakehouseError) return e;
  const err = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as SdkErrorShape;
  const name = err.name ?? 'Error';
  const status = err.$metadata?.httpStatusCode ?? err.$response?.statusCode;
  const attempts = err.$metadata?.attempts;
  const scrub = (s: string) => redactSecrets(s, env.secrets);
  const sdkMessage = scrub(err.message && err.message !== 'UnknownError' ? err.message : '');
  const summary: AwsErrorSummary = {
    name,
    ...(status !== undefined ? { status } : {}),
    ...(err.$metadata?.requestId ? { requestId: err.$metadata.requestId } : {}),
    ...(attempts !== undefined ? { attempts } : {}),
    ...(sdkMessage ? { awsMessage: sdkMessage } : {}),
  };
  const on = `${call.action} on ${call.resource}`;
  const make = (code: ErrorCode, kind: AwsErrorKind, message: string, remedy: AwsRemedy = {}) => new AwsError(code, kind, scrub(message), call, remedy, summary);
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
      `no usable AWS credentials for profile "${env.profile}" (${sdkMessage || name}): configure the profile in ${configFilesLabel()} (aws configure --profile ${env.profile}), set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pick another profile (--profile), then retry (${on})`,
    );
  }

  // time-outs and network failures (no HTTP response)
  const errno = err.code;
  if (errno && NETWORK_CODES.has(errno) && status === undefined && name !== 'TimeoutError') {
    return make('InvalidInput', 'Network', `${errno}: cannot reach ${env.endpoint} (${on})${attemptsText(attempts)}; check the endpoint, network or proxy`);
  }
  if (name === 'TimeoutError' || errno === 'ETIMEDOUT') {
    const msg = err.message ?? '';
    let ms = env.timeouts.requestMs;
    let what = 'no answer from';
    const num = /(\d+)\s*ms/.exec(msg);
    if (/without establishing a connection|did not establish a connection/.test(msg)) {
      ms = num ? Number(num[1]) : env.timeouts.connectMs;
      what = 'no connection to';
    } else if (/inactivity|timed out after/i.test(msg)) ms = num ? Number(num[1]) : env.timeouts.idleMs;
    else if (num) ms = Number(num[1]);
    else if (errno && errno !== 'ETIMEDOUT') return make('InvalidInput', 'Network', `${errno}: the connection to ${env.endpoint} broke (${on})${attemptsText(attempts)}; check the network, proxy or endpoint`);
    return make(
      'InvalidInput',
      'Timeout',
      `Timeout: ${what} ${env.endpoint} within ${seconds(ms)} (${on})${attemptsText(attempts)}; check the network, proxy or endpoint (the time limits are settable: --connect-timeout, --request-timeout)`,
    );
  }

  const awsCode = err.Code ?? (name === 'Unknown' || /^\d+$/.test(name) ? undefined : name);
  const headerRegion = err.$response?.headers?.['x-amz-bucket-region'];
  const label = awsCode ?? (status !== undefined ? `HTTP ${status}` : name);
  const said = sdkMessage ? `: ${sdkMessage}` : '';

  // wrong region: S3's 301 PermanentRedirect (HEAD: a bare 301) names the bucket's region in x-amz-bucket-region
  if (status === 301 || awsCode === 'PermanentRedirect' || awsCode === 'AuthorizationHeaderMalformed' || awsCode === 'IllegalLocationConstraintException') {
    const region = headerRegion ?? err.Region ?? /\.s3[.-]([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com/.exec(err.Endpoint ?? '')?.[1];
    if (region && region !== env.region) {
      return make(
        'InvalidInput',
        'WrongRegion',
        `WrongRegion: ${call.resource} is in region ${region}, not ${env.region} (${on}). Fix: ${wrongRegionFix(region, env.region)}`,
        { region },
      );
    }
    if (status === 301 || awsCode === 'PermanentRedirect') {
      return make('InvalidInput', 'WrongRegion', `WrongRegion: ${call.resource} is not in region ${env.region}: choose the bucket's region and retry (${on})`);
    }
  }

  // a regional endpoint answering a request signed for another region (an --endpoint-url of one region, --region of
  // another): "Credential should be scoped to a valid region, not 'eu-west-1'." — the keys are fine
  if (/Credential should be scoped to a valid region/i.test(sdkMessage)) {
    return make(
      'InvalidInput',
      'WrongRegion',
      `WrongRegion: ${env.endpoint} does not serve region ${env.region} (${on}) — AWS says: ${sdkMessage.trim()} Fix: pass the endpoint's own region (--region), or an endpoint of ${env.region} (--endpoint-url, AWS_ENDPOINT_URL_<SERVICE>)`,
    );
  }
  if (awsCode === 'NoSuchBucket') {
    return make('NoSuchBucket', 'NoSuchBucket', `NoSuchBucket: bucket ${bucketOf(call.resource)} does not exist (${on}): create it or check the name and the region ${env.region}`);
  }
  if (awsCode === 'NoSuchKey') return make('NoSuchKey', 'NoSuchKey', `NoSuchKey: object ${call.resource} not found (${call.action})`);
  if (awsCode === 'NoSuchUpload') return make('EntityNotFound', 'NotFound', `NoSuchUpload: the multipart upload of ${call.resource} no longer exists (${call.action})`);
  // a 404 naming no error from a service other than S3: AWS's JSON services name every error they answer (Glue's
  // EntityNotFoundException is a 400, "HTTP Status Code: 400" in the Glue API reference's common errors), so what
  // answered is not that service — a wrong --endpoint-url, a proxy or a web server — and nothing was found missing
  const service = /^([a-z0-9-]+):/.exec(call.action)?.[1];
  if (status === 404 && awsCode === undefined && service !== undefined && service !== 's3') {
    return make('InvalidInput', 'InvalidRequest', `HTTP 404 with no AWS error from ${env.endpoint} (${on}): that endpoint does not answer as AWS ${service} does; check the endpoint (--endpoint-url, AWS_ENDPOINT_URL), the network or proxy`);
  }
  if (awsCode === 'EntityNotFoundException' || awsCode === 'ResourceNotFoundException' || awsCode === 'NoSuchEntity' || awsCode === 'NoSuchEntityException' || awsCode === 'NotFound' || status === 404) {
    return make('EntityNotFound', 'NotFound', `${label}: ${call.resource} not found (${call.action})${said}`);
  }
  if (awsCode === 'BucketAlreadyExists') {
    return make(
      'AlreadyExists',
      'AlreadyExists',
      `BucketAlreadyExists: the bucket name ${bucketOf(call.resource)} is taken by another AWS account (bucket names are shared by all accounts): choose another name for "bucket" in lakehouse.json`,
    );
  }
  if (awsCode === 'AlreadyExistsException' || awsCode === 'ResourceInUseException' || awsCode === 'EntityAlreadyExists' || awsCode === 'EntityAlreadyExistsException') {
    return make('AlreadyExists', 'AlreadyExists', `${label}: ${call.resource} already exists (${call.action})${said}`);
  }

  if (awsCode && EXPIRED.has(awsCode) && env.credentialsFromEnvironment) {
    return make(
      'InvalidInput',
      'Credentials',
      `${awsCode}: the AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN) have expired: set fresh ones (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) or unset them to use a profile, then retry (${on})`,
    );
  }
  if (awsCode && BAD_KEY.has(awsCode) && env.credentialsFromEnvironment) {
    const what = awsCode === 'SignatureDoesNotMatch' || awsCode === 'InvalidSignatureException' ? 'the secret key of AWS_SECRET_ACCESS_KEY does not match AWS_ACCESS_KEY_ID' : `the access key of AWS_ACCESS_KEY_ID is not known to ${env.endpoint}`;
    return make('InvalidInput', 'Credentials', `${awsCode}: ${what} (credentials from the environment): fix them, or unset them to use a profile (${on})`);
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
    // AWS's message says which action on which resource was denied and by which kind of policy: kept whole
    const denial = parseAccessDenied(sdkMessage);
    const why = sdkMessage ? ` — AWS says: ${sdkMessage.replace(/\s+$/, '')}` : status === 403 && !awsCode ? ' (HTTP 403, no details: S3 answers a HEAD request without a body)' : '';
    const grant = { action: denial.action ?? call.action, ...(denial.resource ?? call.resource ? { resource: denial.resource ?? call.resource } : {}) };
    return make('InvalidInput', 'AccessDenied', `AccessDenied: ${on} was refused${why}. Fix: ${accessRemedy(denial, call, env.credentialsFromEnvironment ? 'the keys of AWS_ACCESS_KEY_ID' : `AWS profile "${env.profile}"`)}`, { grant });
  }

  // Athena's quota of active (running and queued) queries: no rate to lower — other queries must end, or the quota
  // grow (athena user guide, service-limits.md; API reference, TooManyRequestsException Reason)
  if (awsCode === 'TooManyRequestsException' && err.Reason === 'CONCURRENT_QUERY_LIMIT_EXCEEDED') {
    return make(
      'InvalidInput',
      'Throttled',
      `${label}: Athena's quota of active queries (running and queued) of this account in ${env.region} is reached (${on}${attemptsText(attempts)})${sdkMessage ? ` — AWS says: ${sdkMessage.trim().replace(/\.$/, '')}` : ''}. Fix: wait for the account's other queries to finish (Athena console, Recent queries), or ask for a higher "Active DML queries" / "Active DDL queries" quota in Service Quotas`,
    );
  }
  if ((awsCode && THROTTLING.has(awsCode)) || status === 429 || status === 503) {
    return make('InvalidInput', 'Throttled', `${label}: AWS throttled ${on}${attemptsText(attempts)}${said}: retry later or lower the concurrency`);
  }
  if (err.$fault === 'server' || (status !== undefined && status >= 500)) {
    return make('InvalidInput', 'ServiceError', `${label}: ${env.endpoint} failed ${on}${attemptsText(attempts)}${said}; retry later`);
  }
  if (status !== undefined || err.$fault === 'client') {
    return make('InvalidInput', 'InvalidRequest', `${label}: ${on} was rejected${said}`);
  }
  return make('InvalidInput', 'ServiceError', `${label}: ${on} failed${said}`);
}
