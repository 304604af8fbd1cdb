/**
 * IAM and STS for the fake AWS endpoint (awsQuery: form-encoded requests, XML answers), as strict as the tests
 * need: roles with their trust policies (returned URL-encoded, as IAM returns policy documents — IAM API reference,
 * Role.AssumeRolePolicyDocument: "A URL-encoded policy document"), attached and inline policies, tags; the caller's
 * identity (STS GetCallerIdentity); the policy simulator for iam:PassRole; and which actions the caller is denied,
 * so that Glue can refuse a role the caller may not pass (with AWS's own message shape).
 *
 * Other services of the fake ask it: {@link FakeIam.glueCanAssume}, {@link FakeIam.passRoleDenial}.
 */
import { FAKE_ACCOUNT, FAKE_CALLER_ARN, FakeAwsError, type FakeAws } from './server';

export interface FakeRole {
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  CreateDate: Date;
  /** the JSON text as given */
  trust: string;
  Description?: string;
  attached: string[];
  inline: Map<string, string>;
  tags: Record<string, string>;
}

/** An explicit deny of an action to the caller (optionally on one resource), and which kind of policy denies it. */
export interface FakeDenial {
  action: string;
  resource?: string;
  /** `service control policy` (explicit, an Organization's) or undefined: no policy allows it (implicit) */
  explicitIn?: string;
}

export class FakeIam {
  readonly roles = new Map<string, FakeRole>();
  readonly denials: FakeDenial[] = [];
  private seq = 0;

  /** A role of the account (tests set up roles this way as an administrator would). */
  addRole(name: string, trust: object | string, options: { path?: string; tags?: Record<string, string> } = {}): FakeRole {
    const path = options.path ?? '/';
    const role: FakeRole = {
      RoleName: name,
      RoleId: `AROA${String(++this.seq).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${FAKE_ACCOUNT}:role${path}${name}`,
      Path: path,
      CreateDate: new Date(),
      trust: typeof trust === 'string' ? trust : JSON.stringify(trust),
      attached: [],
      inline: new Map(),
      tags: { ...options.tags },
    };
    this.roles.set(name, role);
    return role;
  }

  /** A role Glue may assume (the trust policy of the Glue docs' "Create an IAM role for AWS Glue"). */
  addGlueRole(name: string): FakeRole {
    return this.addRole(name, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  }

  deny(denial: FakeDenial): void {
    this.denials.push(denial);
  }

  clearDenials(): void {
    this.denials.splice(0);
  }

  /** The role an ARN or name names, if the account has it. */
  roleOf(roleOrArn: string): FakeRole | undefined {
    const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleOrArn);
    if (m) return m[1] === FAKE_ACCOUNT ? this.roles.get(m[2]!) : undefined;
    return this.roles.get(roleOrArn);
  }

  /** Whether the Glue service may assume the role (its trust policy allows glue.amazonaws.com sts:AssumeRole). */
  glueCanAssume(roleOrArn: string): boolean {
    const role = this.roleOf(roleOrArn);
    if (!role) return false;
    try {
      const doc = JSON.parse(role.trust) as { Statement?: unknown };
      const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
      return list(doc.Statement).some((s) => {
        const st = s as { Effect?: string; Principal?: { Service?: unknown }; Action?: unknown };
        return st.Effect === 'Allow' && list(st.Principal?.Service).includes('glue.amazonaws.com') && list(st.Action).some((a) => a === 'sts:AssumeRole');
      });
    } catch {
      return false;
    }
  }

  /** The denial that applies to `action` on `resource`, if any. */
  denialOf(action: string, resource: string): FakeDenial | undefined {
    return this.denials.find((d) => d.action === action && (d.resource === undefined || d.resource === resource));
  }

  /** AWS's message for a denied action (the shapes of the IAM/S3 docs' access-denied examples). */
  static deniedMessage(action: string, resource: string, d: FakeDenial): string {
    return d.explicitIn
      ? `User: ${FAKE_CALLER_ARN} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in a ${d.explicitIn}`
      : `User: ${FAKE_CALLER_ARN} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
  }

  /** Throws Glue's AccessDeniedException when the caller may not pass the role. */
  checkPassRole(roleOrArn: string): void {
    const arn = this.roleOf(roleOrArn)?.Arn ?? (roleOrArn.startsWith('arn:') ? roleOrArn : `arn:aws:iam::${FAKE_ACCOUNT}:role/${roleOrArn}`);
    const d = this.denialOf('iam:PassRole', arn);
    if (d) throw new FakeAwsError('AccessDeniedException', FakeIam.deniedMessage('iam:PassRole', arn, d));
  }
}

function roleXml(r: FakeRole): Record<string, unknown> {
  return {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    CreateDate: r.CreateDate,
    // IAM returns policy documents URL-encoded
    AssumeRolePolicyDocument: encodeURIComponent(r.trust),
    ...(r.Description ? { Description: r.Description } : {}),
    ...(Object.keys(r.tags).length > 0 ? { Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
  };
}

/** `Prefix.member.N.Field` parameters of an awsQuery request as a list of records. */
function members(input: Record<string, string>, prefix: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const [k, v] of Object.entries(input)) {
    const m = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.member\\.(\\d+)(?:\\.(.+))?$`).exec(k);
    if (!m) continue;
    const i = Number(m[1]) - 1;
    out[i] ??= {};
    out[i]![m[2] ?? ''] = v;
  }
  return out.filter(Boolean);
}

function noSuchRole(name: string): FakeAwsError {
  return new FakeAwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
}

/** Registers STS and IAM operations on the fake endpoint. */
export function installIam(fake: FakeAws, iam: FakeIam): void {
  const checkDenied = (action: string, resource: string) => {
    const d = iam.denialOf(action, resource);
    if (d) throw new FakeAwsError('AccessDenied', FakeIam.deniedMessage(action, resource, d), 403);
  };

  fake.on('STS.GetCallerIdentity', () => ({ UserId: 'AIDAFAKEUSER0000000001', Account: FAKE_ACCOUNT, Arn: FAKE_CALLER_ARN }));

  fake.on('IAM.GetRole', (input: Record<string, string>) => {
    const name = input['RoleName'] ?? '';
    checkDenied('iam:GetRole', `arn:aws:iam::${FAKE_ACCOUNT}:role/${name}`);
    const r = iam.roles.get(name);
    if (!r) throw noSuchRole(name);
    return { Role: roleXml(r) };
  });

  fake.on('IAM.ListRoles', (input: Record<string, string>) => {
    checkDenied('iam:ListRoles', '*');
    const all = [...iam.roles.values()].sort((a, b) => (a.RoleName < b.RoleName ? -1 : 1));
    const max = Number(input['MaxItems'] ?? 100);
    const start = input['Marker'] ? Number(input['Marker']) : 0;
    const page = all.slice(start, start + max);
    const truncated = start + max < all.length;
    return { Roles: page.map(roleXml), IsTruncated: truncated, ...(truncated ? { Marker: String(start + max) } : {}) };
  });

  fake.on('IAM.CreateRole', (input: Record<string, string>) => {
    const name = input['RoleName'] ?? '';
    checkDenied('iam:CreateRole', `arn:aws:iam::${FAKE_ACCOUNT}:role/${name}`);
    if (!/^[\w+=,.@-]{1,64}$/.test(name)) throw new FakeAwsError('ValidationError', `1 validation error detected: Value '${name}' at 'roleName' failed to satisfy constraint`);
    if (iam.roles.has(name)) throw new FakeAwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
    const doc = input['AssumeRolePolicyDocument'] ?? '';
    try {
      JSON.parse(doc);
    } catch {
      throw new FakeAwsError('MalformedPolicyDocument', 'This policy contains invalid Json');
    }
    const tags = Object.fromEntries(members(input, 'Tags').map((t) => [t['Key'] ?? '', t['Value'] ?? '']));
    const role = iam.addRole(name, doc, { path: input['Path'] ?? '/', tags });
    if (input['Description']) role.Description = input['Description'];
    return { Role: roleXml(role) };
  });

  fake.on('IAM.AttachRolePolicy', (input: Record<string, string>) => {
    const r = iam.roles.get(input['RoleName'] ?? '');
    if (!r) throw noSuchRole(input['RoleName'] ?? '');
    const arn = input['PolicyArn'] ?? '';
    if (!/^arn:aws:iam::(aws|\d{12}):policy\//.test(arn)) throw new FakeAwsError('InvalidInput', `ARN ${arn} is not valid.`);
    if (!r.attached.includes(arn)) r.attached.push(arn);
    return {};
  });

  fake.on('IAM.PutRolePolicy', (input: Record<string, string>) => {
    const r = iam.roles.get(input['RoleName'] ?? '');
    if (!r) throw noSuchRole(input['RoleName'] ?? '');
    r.inline.set(input['PolicyName'] ?? '', input['PolicyDocument'] ?? '');
    return {};
  });

  fake.on('IAM.ListAttachedRolePolicies', (input: Record<string, string>) => {
    const r = iam.roles.get(input['RoleName'] ?? '');
    if (!r) throw noSuchRole(input['RoleName'] ?? '');
    return { AttachedPolicies: r.attached.map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split('/').pop() })), IsTruncated: false };
  });

  // the policy simulator: allowed unless a denial names the action (and resource)
  fake.on('IAM.SimulatePrincipalPolicy', (input: Record<string, string>) => {
    checkDenied('iam:SimulatePrincipalPolicy', input['PolicySourceArn'] ?? '');
    const actions = members(input, 'ActionNames').map((m) => m['']!);
    const resources = members(input, 'ResourceArns').map((m) => m['']!);
    const results = actions.flatMap((action) =>
      (resources.length > 0 ? resources : ['*']).map((resource) => {
        const d = iam.denialOf(action, resource);
        return { EvalActionName: action, EvalResourceName: resource, EvalDecision: d ? (d.explicitIn ? 'explicitDeny' : 'implicitDeny') : 'allowed' };
      }),
    );
    return { EvaluationResults: results, IsTruncated: false };
  });
}
