/**
 * The IAM role Glue jobs run as — the role story: what a role for this project holds, creating it, checking that
 * Glue can assume a role and that the caller may pass it, and writing it into lakehouse.json's `glue.role`.
 *
 * A role for the project (https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html):
 * - the trust policy lets `glue.amazonaws.com` assume it (sts:AssumeRole);
 * - the AWS managed policy AWSGlueServiceRole (`arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole`: the Glue
 *   catalog, CloudWatch Logs, and S3 objects only in buckets named `aws-glue-*` —
 *   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSGlueServiceRole.html);
 * - an inline policy scoped to the project's bucket (list it; read, write and delete its objects: the zones, the
 *   scripts, Glue's TempDir).
 * Deploying a job with a role needs `iam:PassRole` on it: {@link passRoleCheck} asks IAM's policy simulator.
 */
import { promises as fs } from 'node:fs';
import { applyEdits, modify } from 'jsonc-parser';
import { LakehouseError } from '../../errors';
import type { Project } from '../../project/manifest';
import { isAwsError, principalArn, type AwsConnection } from './connection';

export const GLUE_SERVICE_PRINCIPAL = 'glue.amazonaws.com';
export const GLUE_SERVICE_ROLE_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole';
/** The tag the project's role and jobs carry: its value is the project name. */
export const PROJECT_TAG = 'lakehouse:project';

interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Record<string, unknown>[];
}

/** What a role for the project holds, shown before it is created. */
export interface GlueRolePlan {
  roleName: string;
  /** `/service-role/` as the console puts Glue roles */
  path: string;
  trustPolicy: PolicyDocument;
  managedPolicyArns: string[];
  inlinePolicyName: string;
  inlinePolicy: PolicyDocument;
  tags: Record<string, string>;
}

/** A role name IAM takes: 1–64 of `\w+=,.@-` (IAM API reference, CreateRole RoleName). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The role this project would create (`<name>-glue-role` unless named). */
export function glueRolePlan(project: Project, roleName?: string): GlueRolePlan {
  const m = project.manifest;
  const name = roleName ?? `${m.name}-glue-role`.slice(0, 64);
  if (!ROLE_NAME.test(name)) {
    throw new LakehouseError('InvalidInput', `"${name}" is not an IAM role name: 1 to 64 letters, digits and +=,.@_- (IAM CreateRole)`, { field: 'role' });
  }
  return {
    roleName: name,
    path: '/service-role/',
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: GLUE_SERVICE_PRINCIPAL }, Action: 'sts:AssumeRole' }],
    },
    managedPolicyArns: [GLUE_SERVICE_ROLE_POLICY_ARN],
    inlinePolicyName: `${m.name}-bucket`.slice(0, 128),
    inlinePolicy: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ListProjectBucket', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: `arn:aws:s3:::${m.bucket}` },
        { Sid: 'ProjectObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `arn:aws:s3:::${m.bucket}/*` },
      ],
    },
    tags: { [PROJECT_TAG]: m.name },
  };
}

/** The plan as text for a terminal or a read-only document. */
export function describeGlueRolePlan(plan: GlueRolePlan, account?: string): string {
  const arn = account ? `arn:aws:iam::${account}:role${plan.path}${plan.roleName}` : `role ${plan.path}${plan.roleName}`;
  return [
    `IAM role ${arn}`,
    '',
    `Trust policy (who may assume it: the Glue service):`,
    JSON.stringify(plan.trustPolicy, null, 2),
    '',
    `Managed policy: ${plan.managedPolicyArns.join(', ')} (AWS Glue's own: catalog, CloudWatch Logs, aws-glue-* buckets)`,
    '',
    `Inline policy "${plan.inlinePolicyName}" (the project's bucket only):`,
    JSON.stringify(plan.inlinePolicy, null, 2),
    '',
    `Tags: ${Object.entries(plan.tags).map(([k, v]) => `${k}=${v}`).join(', ')}`,
  ].join('\n');
}

// ---------------------------------------------------------------- trust

/** Whether a trust policy (IAM's JSON, or IAM's URL-encoded text of it) lets the Glue service assume the role. */
export function trustsGlue(document: string | undefined): boolean {
  if (!document) return false;
  let parsed: { Statement?: unknown };
  try {
    const text = document.trimStart().startsWith('{') ? document : decodeURIComponent(document);
    parsed = JSON.parse(text) as { Statement?: unknown };
  } catch {
    return false;
  }
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  return list(parsed.Statement).some((s) => {
    const st = s as { Effect?: string; Principal?: { Service?: unknown } | string; Action?: unknown; Condition?: unknown };
    if (st.Effect !== 'Allow' || typeof st.Principal !== 'object' || st.Principal === null) return false;
    const services = list(st.Principal.Service);
    const actions = list(st.Action);
    return services.includes(GLUE_SERVICE_PRINCIPAL) && actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*');
  });
}

/** A role as IAM has it (GetRole). */
export interface IamRole {
  name: string;
  arn: string;
  trustsGlue: boolean;
  tags: Record<string, string>;
}

/** The role name of an ARN (`arn:aws:iam::1:role/service-role/x` → `x`), or the name itself. */
export function roleNameOf(roleOrArn: string): string {
  const m = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(roleOrArn);
  return m ? m[1]! : roleOrArn;
}

async function iamSend<T>(conn: AwsConnection, action: string, resource: string, fn: (client: Awaited<ReturnType<AwsConnection['iam']>>, sdk: typeof import('@aws-sdk/client-iam')) => Promise<T>): Promise<T> {
  const [client, sdk] = await Promise.all([conn.iam(), import('@aws-sdk/client-iam')]);
  return conn.call({ action, resource }, () => fn(client, sdk));
}

/** The role (GetRole), or undefined when IAM has no such role. */
export async function getRole(conn: AwsConnection, roleOrArn: string): Promise<IamRole | undefined> {
  const name = roleNameOf(roleOrArn);
  try {
    const res = await iamSend(conn, 'iam:GetRole', `role ${name}`, (c, { GetRoleCommand }) => c.send(new GetRoleCommand({ RoleName: name })));
    const r = res.Role;
    if (!r?.Arn) return undefined;
    return {
      name: r.RoleName ?? name,
      arn: r.Arn,
      trustsGlue: trustsGlue(r.AssumeRolePolicyDocument),
      tags: Object.fromEntries((r.Tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? ''])),
    };
  } catch (e) {
    if (isAwsError(e, 'NotFound')) return undefined;
    throw e;
  }
}

/** The account's roles Glue can assume (ListRoles, every page), for "use an existing role". */
export async function listGlueRoles(conn: AwsConnection): Promise<IamRole[]> {
  return iamSend(conn, 'iam:ListRoles', 'roles', async (client, { paginateListRoles }) => {
    const out: IamRole[] = [];
    for await (const page of paginateListRoles({ client }, {}))
      for (const r of page.Roles ?? []) if (r.Arn && r.RoleName && trustsGlue(r.AssumeRolePolicyDocument)) out.push({ name: r.RoleName, arn: r.Arn, trustsGlue: true, tags: {} });
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  });
}

/**
 * Creates the role of the plan: CreateRole (trust policy, path, tags), AttachRolePolicy, PutRolePolicy. A role of
 * that name that exists already is an error naming it (use it with {@link useRole}, or pick another name).
 */
export async function createGlueRole(conn: AwsConnection, plan: GlueRolePlan): Promise<IamRole> {
  const resource = `role ${plan.roleName}`;
  let arn: string;
  try {
    const res = await iamSend(conn, 'iam:CreateRole', resource, (c, { CreateRoleCommand }) =>
      c.send(
        new CreateRoleCommand({
          RoleName: plan.roleName,
          Path: plan.path,
          AssumeRolePolicyDocument: JSON.stringify(plan.trustPolicy),
          Description: `Glue jobs of the lakehouse project ${plan.tags[PROJECT_TAG] ?? ''}`.trim(),
          Tags: Object.entries(plan.tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      ),
    );
    arn = res.Role?.Arn ?? '';
  } catch (e) {
    if (isAwsError(e, 'AlreadyExists')) {
      throw new LakehouseError(
        'AlreadyExists',
        `an IAM role named ${plan.roleName} already exists: use it (lakehouse role --use ${plan.roleName}) if Glue may assume it, or create one of another name (--name)`,
        { object: plan.roleName },
        { cause: e },
      );
    }
    throw e;
  }
  for (const policyArn of plan.managedPolicyArns) {
    await iamSend(conn, 'iam:AttachRolePolicy', resource, (c, { AttachRolePolicyCommand }) => c.send(new AttachRolePolicyCommand({ RoleName: plan.roleName, PolicyArn: policyArn })));
  }
  await iamSend(conn, 'iam:PutRolePolicy', resource, (c, { PutRolePolicyCommand }) =>
    c.send(new PutRolePolicyCommand({ RoleName: plan.roleName, PolicyName: plan.inlinePolicyName, PolicyDocument: JSON.stringify(plan.inlinePolicy) })),
  );
  return { name: plan.roleName, arn, trustsGlue: true, tags: plan.tags };
}

/** Whether the caller may pass the role to Glue (iam:PassRole), by IAM's policy simulator; `unknown` when it may not be asked. */
export interface PassRoleCheck {
  decision: 'allowed' | 'denied' | 'unknown';
  /** the caller's principal, as simulated */
  principal?: string;
  /** why it is unknown (the simulator refused), or which denial */
  detail?: string;
}

export async function passRoleCheck(conn: AwsConnection, roleArn: string): Promise<PassRoleCheck> {
  let principal: string;
  try {
    principal = principalArn((await conn.callerIdentity()).arn);
  } catch (e) {
    return { decision: 'unknown', detail: e instanceof Error ? e.message : String(e) };
  }
  try {
    const res = await iamSend(conn, 'iam:SimulatePrincipalPolicy', principal, (c, { SimulatePrincipalPolicyCommand }) =>
      c.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: principal,
          ActionNames: ['iam:PassRole'],
          ResourceArns: [roleArn],
          ContextEntries: [{ ContextKeyName: 'iam:PassedToService', ContextKeyType: 'string', ContextKeyValues: [GLUE_SERVICE_PRINCIPAL] }],
        }),
      ),
    );
    const result = res.EvaluationResults?.[0];
    const decision = result?.EvalDecision;
    if (decision === 'allowed') return { decision: 'allowed', principal };
    return { decision: 'denied', principal, detail: decision ?? 'no decision' };
  } catch (e) {
    return { decision: 'unknown', principal, detail: e instanceof Error ? e.message : String(e) };
  }
}

/** A problem with the role lakehouse.json names, found before a deploy sends it to Glue; undefined when it looks right. */
export async function glueRoleProblem(conn: AwsConnection, role: string): Promise<string | undefined> {
  let found: IamRole | undefined;
  try {
    found = await getRole(conn, role);
  } catch (e) {
    // iam:GetRole may be denied to a deployer who may still pass the role: Glue will say what is wrong
    if (isAwsError(e, 'AccessDenied')) return undefined;
    throw e;
  }
  if (!found) return `the IAM role ${role} does not exist in this account: create one (lakehouse role --create) or pick an existing one (lakehouse role --use <name>)`;
  if (!found.trustsGlue) return `Glue cannot assume the IAM role ${found.arn}: its trust policy does not allow ${GLUE_SERVICE_PRINCIPAL} to sts:AssumeRole (add that, or pick another role: lakehouse role)`;
  return undefined;
}

// ---------------------------------------------------------------- lakehouse.json

/**
 * Writes `glue.role` into lakehouse.json, keeping the rest of the file as it is (jsonc-parser edits: formatting,
 * order and other fields untouched).
 */
export async function writeGlueRole(project: Project, roleArn: string): Promise<void> {
  const text = await fs.readFile(project.manifestPath, 'utf8');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits = modify(text, ['glue', 'role'], roleArn, { formattingOptions: { insertSpaces: true, tabSize: 2, eol } });
  const next = applyEdits(text, edits);
  const tmp = `${project.manifestPath}.lh-tmp-${process.pid}`;
  await fs.writeFile(tmp, next);
  await fs.rename(tmp, project.manifestPath);
}
