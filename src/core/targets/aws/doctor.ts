/**
 * `lakehouse doctor` and "Lakehouse: Check AWS Setup": what a first deploy needs on the account, checked one row at
 * a time — credentials and who they are, the region and where it came from, the bucket (there, and the caller's),
 * the Glue catalog and jobs, the role (set, assumable by Glue, passable by the caller), the Athena workgroup and
 * where its results go, and the CloudWatch log groups of Glue jobs. Each row is ok / warn / fail with AWS's own
 * words and the fix; no row stops the others.
 */
import type { Project } from '../../project/manifest';
import { errorMessage } from '../../errors';
import type { AthenaQueryEngine } from './athena';
import { isAwsError, type AwsConnection } from './connection';
import { getRole, passRoleCheck, roleNameOf } from './glueRole';
import type { S3ObjectStore } from './s3';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface SetupCheck {
  /** stable id: `node`, `credentials`, `region`, `bucket`, `glue-catalog`, `glue-jobs`, `role`, `athena-workgroup`, `athena-results`, `logs` */
  id: string;
  title: string;
  status: CheckStatus;
  /** what was found (AWS's own message for a failure) */
  detail: string;
  /** what to do */
  fix?: string;
}

export interface DoctorTarget {
  project: Project;
  connection: AwsConnection;
  storage: S3ObjectStore;
  queries: AthenaQueryEngine;
  /** the project's Glue job names */
  jobNames(): Promise<string[]>;
}

const OUTPUT_LOG_GROUP = '/aws-glue/jobs/output';
const ERROR_LOG_GROUP = '/aws-glue/jobs/error';

function parseS3(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

/** The fix an AWS error carries: the action to grant, or its command. */
/** An error as a row's detail: without the fix its message ends with when the row shows that fix on its own line. */
function detailOf(e: unknown): string {
  const message = errorMessage(e);
  return isAwsError(e) && e.remedy.region ? message.replace(/\. Fix: .+$/s, '') : message;
}

function fixOf(e: unknown, otherwise?: string): string | undefined {
  if (isAwsError(e)) {
    if (e.remedy.command) return `run \`${e.remedy.command}\``;
    // a bucket of another region: the message ends with the fix (wrongRegionFix)
    if (e.remedy.region) return /\. Fix: (.+)$/s.exec(e.message)?.[1] ?? `set "region": "${e.remedy.region}" in lakehouse.json (or pass --region ${e.remedy.region})`;
    if (e.remedy.grant) return `grant ${e.remedy.grant.action}${e.remedy.grant.resource ? ` on ${e.remedy.grant.resource}` : ''} to the caller`;
    // an endpoint of another region: the keys are fine
    if (e.kind === 'WrongRegion') return 'pass the region the endpoint serves (--region), or an endpoint of this region (--endpoint-url, AWS_ENDPOINT_URL_<SERVICE>)';
  }
  return otherwise;
}

/** Node.js below 22: the AWS SDK for JavaScript stops supporting it for releases after early January 2027. */
export function nodeCheck(version: string = process.version): SetupCheck {
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
  return major >= 22
    ? { id: 'node', title: 'Node.js', status: 'ok', detail: `Node.js ${version}` }
    : {
        id: 'node',
        title: 'Node.js',
        status: 'warn',
        detail: `Node.js ${version}: AWS SDK for JavaScript releases after the first week of January 2027 need Node.js 22 or later (the SDK's own notice, printed here instead of at every command)`,
        fix: 'upgrade to Node.js 22 or later before then',
      };
}

/** Runs every check; the order is the order of the rows. */
export async function checkAwsSetup(t: DoctorTarget, options: { signal?: AbortSignal } = {}): Promise<SetupCheck[]> {
  return t.connection.withSignal(options.signal, () => runChecks(t));
}

async function runChecks(t: DoctorTarget): Promise<SetupCheck[]> {
  const m = t.project.manifest;
  const conn = t.connection;
  const rows: SetupCheck[] = [nodeCheck()];

  // credentials and who they are
  let account: string | undefined;
  try {
    const id = await conn.callerIdentity();
    account = id.account;
    rows.push({ id: 'credentials', title: 'Credentials', status: 'ok', detail: `${id.arn} (account ${id.account}), ${conn.credentialsFromEnvironment ? 'from the environment (AWS_ACCESS_KEY_ID)' : `profile ${conn.profile}`}` });
  } catch (e) {
    rows.push({ id: 'credentials', title: 'Credentials', status: 'fail', detail: errorMessage(e), fix: fixOf(e, conn.credentialsFromEnvironment ? 'set working keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (AWS_SESSION_TOKEN), or unset them to use a profile' : `configure profile "${conn.profile}" (aws configure, aws sso login) or pick another (--profile)`) });
    // without credentials nothing else can be asked
    return rows;
  }

  rows.push({ id: 'region', title: 'Region', status: 'ok', detail: `${conn.region} (from ${conn.regionSource})` });

  // the bucket: there, reachable, and the caller's
  try {
    await t.storage.headBucket(m.bucket, { expectedOwner: account });
    rows.push({ id: 'bucket', title: `Bucket ${m.bucket}`, status: 'ok', detail: `exists in account ${account} and is reachable` });
  } catch (e) {
    if (isAwsError(e, 'NotFound') || isAwsError(e, 'NoSuchBucket')) {
      rows.push({ id: 'bucket', title: `Bucket ${m.bucket}`, status: 'warn', detail: 'does not exist yet', fix: '`lakehouse upload` creates it (HeadBucket, then CreateBucket)' });
    } else if (isAwsError(e, 'AccessDenied')) {
      rows.push({
        id: 'bucket',
        title: `Bucket ${m.bucket}`,
        status: 'fail',
        detail: `HeadBucket answered 403 Forbidden: the bucket is another account's (bucket names are shared by all accounts), or your policy lacks s3:ListBucket on it`,
        fix: `choose another "bucket" in lakehouse.json, or grant s3:ListBucket on arn:aws:s3:::${m.bucket}`,
      });
    } else rows.push({ id: 'bucket', title: `Bucket ${m.bucket}`, status: 'fail', detail: detailOf(e), ...(fixOf(e) ? { fix: fixOf(e)! } : {}) });
  }

  // the Glue catalog
  try {
    const [client, { GetDatabaseCommand }] = await Promise.all([conn.glue(), import('@aws-sdk/client-glue')]);
    await conn.call({ action: 'glue:GetDatabase', resource: m.database }, () => client.send(new GetDatabaseCommand({ Name: m.database })));
    rows.push({ id: 'glue-catalog', title: `Glue database ${m.database}`, status: 'ok', detail: 'exists' });
  } catch (e) {
    if (isAwsError(e, 'NotFound')) rows.push({ id: 'glue-catalog', title: `Glue database ${m.database}`, status: 'warn', detail: 'does not exist yet', fix: '`lakehouse tables` creates it' });
    else rows.push({ id: 'glue-catalog', title: `Glue database ${m.database}`, status: 'fail', detail: errorMessage(e), ...(fixOf(e) ? { fix: fixOf(e)! } : {}) });
  }

  // the Glue jobs
  try {
    const names = await t.jobNames();
    if (names.length === 0) rows.push({ id: 'glue-jobs', title: 'Glue jobs', status: 'ok', detail: 'the project has no job scripts' });
    else {
      const [client, { BatchGetJobsCommand }] = await Promise.all([conn.glue(), import('@aws-sdk/client-glue')]);
      const found = new Set<string>();
      for (let i = 0; i < names.length; i += 25) {
        const batch = names.slice(i, i + 25);
        const res = await conn.call({ action: 'glue:BatchGetJobs', resource: `jobs ${batch.join(', ')}` }, () => client.send(new BatchGetJobsCommand({ JobNames: batch })));
        for (const j of res.Jobs ?? []) if (j.Name) found.add(j.Name);
      }
      rows.push({
        id: 'glue-jobs',
        title: 'Glue jobs',
        status: 'ok',
        detail: `${found.size} of ${names.length} deployed${found.size < names.length ? ` (not yet: ${names.filter((n) => !found.has(n)).join(', ')})` : ''}`,
        ...(found.size < names.length ? { fix: '`lakehouse --target aws deploy`' } : {}),
      });
    }
  } catch (e) {
    rows.push({ id: 'glue-jobs', title: 'Glue jobs', status: 'fail', detail: errorMessage(e), ...(fixOf(e) ? { fix: fixOf(e)! } : {}) });
  }

  rows.push(await roleRow(t, account));
  rows.push(...(await athenaRows(t)));

  // CloudWatch Logs: Glue writes job logs to two groups it creates at the first run
  try {
    const [client, { DescribeLogGroupsCommand }] = await Promise.all([conn.logs(), import('@aws-sdk/client-cloudwatch-logs')]);
    const res = await conn.call({ action: 'logs:DescribeLogGroups', resource: '/aws-glue/jobs' }, () => client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws-glue/jobs' })));
    const have = new Set((res.logGroups ?? []).map((g) => g.logGroupName));
    const missing = [OUTPUT_LOG_GROUP, ERROR_LOG_GROUP].filter((g) => !have.has(g));
    rows.push(
      missing.length === 0
        ? { id: 'logs', title: 'CloudWatch log groups', status: 'ok', detail: `${OUTPUT_LOG_GROUP} and ${ERROR_LOG_GROUP} exist` }
        : { id: 'logs', title: 'CloudWatch log groups', status: 'warn', detail: `${missing.join(' and ')} not there yet`, fix: "Glue creates them at a job's first run (the role's AWSGlueServiceRole policy allows it)" },
    );
  } catch (e) {
    rows.push({ id: 'logs', title: 'CloudWatch log groups', status: 'fail', detail: errorMessage(e), fix: fixOf(e, 'grant logs:DescribeLogGroups and logs:FilterLogEvents to read job logs') });
  }
  return rows;
}

async function roleRow(t: DoctorTarget, account: string | undefined): Promise<SetupCheck> {
  const role = t.project.manifest.glue.role?.trim();
  const title = 'Glue role';
  if (!role) {
    return { id: 'role', title, status: 'fail', detail: 'lakehouse.json has no glue.role: the jobs need an IAM role Glue can assume', fix: '`lakehouse role --create` (or "Lakehouse: Set Up Glue Role…"), or `lakehouse role --use <name>`' };
  }
  let found;
  try {
    found = await getRole(t.connection, role);
  } catch (e) {
    return { id: 'role', title, status: 'warn', detail: `could not read role ${role}: ${errorMessage(e)}`, fix: fixOf(e, 'grant iam:GetRole to check it (Glue checks it at deploy anyway)') ?? '' };
  }
  if (!found) return { id: 'role', title, status: 'fail', detail: `role ${role} does not exist${account ? ` in account ${account}` : ''}`, fix: '`lakehouse role --create`, or `lakehouse role --use <an existing role>`' };
  if (!found.trustsGlue) return { id: 'role', title, status: 'fail', detail: `Glue cannot assume ${found.arn}: its trust policy does not allow glue.amazonaws.com`, fix: 'add glue.amazonaws.com to its trust policy, or pick another role (`lakehouse role`)' };
  const pass = await passRoleCheck(t.connection, found.arn);
  if (pass.decision === 'allowed') return { id: 'role', title, status: 'ok', detail: `${found.arn}: Glue may assume it and you may pass it (iam:PassRole)` };
  if (pass.decision === 'denied')
    return {
      id: 'role',
      title,
      status: 'fail',
      detail: `${found.arn}: ${pass.principal ?? 'the caller'} may not pass it to Glue (iam:PassRole: ${pass.detail})`,
      fix: `grant iam:PassRole on ${found.arn} (condition iam:PassedToService = glue.amazonaws.com) to the caller`,
    };
  return { id: 'role', title, status: 'warn', detail: `${found.arn}: Glue may assume it; whether you may pass it (iam:PassRole) could not be checked: ${pass.detail}`, fix: `deploy will tell (needs iam:PassRole on ${roleNameOf(found.arn)})` };
}

async function athenaRows(t: DoctorTarget): Promise<SetupCheck[]> {
  const name = t.queries.settings.workgroup;
  const title = `Athena workgroup ${name}`;
  let wg;
  try {
    wg = await t.queries.workgroup(name);
  } catch (e) {
    return [{ id: 'athena-workgroup', title, status: 'fail', detail: errorMessage(e), ...(fixOf(e) ? { fix: fixOf(e)! } : {}) }];
  }
  if (!wg.known) return [{ id: 'athena-workgroup', title, status: 'warn', detail: 'could not be read (athena:GetWorkGroup refused): its settings are not known', fix: 'grant athena:GetWorkGroup' }];
  if (wg.state === 'DISABLED') return [{ id: 'athena-workgroup', title, status: 'fail', detail: 'is disabled', fix: 'enable it, or pick another workgroup (athena.workgroup, --workgroup)' }];
  const rows: SetupCheck[] = [
    {
      id: 'athena-workgroup',
      title,
      status: 'ok',
      detail: wg.managed ? 'enabled; keeps query results in Athena-managed storage' : wg.enforced ? `enabled; enforces its settings (results go to ${wg.outputLocation ?? 'its output location'})` : 'enabled',
    },
  ];
  if (wg.managed) {
    rows.push({ id: 'athena-results', title: 'Athena results', status: 'ok', detail: 'managed by Athena (read with GetQueryResults)' });
    return rows;
  }
  const location = wg.enforced && wg.outputLocation ? wg.outputLocation : t.queries.settings.outputLocation;
  const loc = parseS3(location);
  if (!loc) return [...rows, { id: 'athena-results', title: 'Athena results', status: 'fail', detail: `no output location (${location})`, fix: 'set athena.outputLocation in lakehouse.json' }];
  try {
    await t.storage.headBucket(loc.bucket);
    rows.push({ id: 'athena-results', title: 'Athena results', status: 'ok', detail: `${location}${wg.enforced ? " (the workgroup's)" : ''}: bucket reachable` });
  } catch (e) {
    const missing = isAwsError(e, 'NotFound') || isAwsError(e, 'NoSuchBucket');
    rows.push({
      id: 'athena-results',
      title: 'Athena results',
      status: missing && loc.bucket === t.project.manifest.bucket ? 'warn' : 'fail',
      detail: `${location}: ${missing ? 'the bucket does not exist' : detailOf(e)}`,
      fix: missing && loc.bucket === t.project.manifest.bucket ? '`lakehouse upload` creates the bucket' : (fixOf(e, 'create the bucket or set athena.outputLocation') ?? ''),
    });
  }
  return rows;
}

/** The rows as a text table: `✔ Credentials  arn:… (fix: …)`. */
export function formatChecks(rows: SetupCheck[]): string {
  const mark: Record<CheckStatus, string> = { ok: '✔', warn: '!', fail: '✘' };
  const width = Math.max(...rows.map((r) => r.title.length));
  return rows.map((r) => `${mark[r.status]} ${r.title.padEnd(width)}  ${r.detail}${r.fix && r.status !== 'ok' ? `\n  ${' '.repeat(width)}  → ${r.fix}` : ''}`).join('\n');
}
