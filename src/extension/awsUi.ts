// Plain helpers (no `vscode`) behind the AWS parts of the UI: the region check of the region input box, the items
// of the profile pick, the actions an AWS error offers, the deploy confirmation text (with the jobs it would take
// over), live log lines, the MFA code box, the rows of "Check AWS Setup", the pick of "Set Up Glue Role…", and the
// question before a query that would scan more than the setting allows.
import type { AwsProfileInfo } from '../core/targets/aws/connection';
import { isAwsError } from '../core/targets/aws/connection';
import type { CheckStatus, SetupCheck } from '../core/targets/aws/doctor';
import { describeChanges } from '../core/targets/aws/glueDeploy';
import type { IamRole } from '../core/targets/aws/glueRole';
import type { ScanEstimate } from '../core/targets/aws/scanEstimate';
import type { DeployPlanItem } from './awsSettings';

const REGION_RE = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** The input box's validation: undefined when `text` is a region name, else what is wrong. */
export function regionProblem(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return 'Enter a region, e.g. eu-west-1';
  if (!REGION_RE.test(t)) return `"${t}" is not a region name: expected e.g. eu-west-1, us-east-1, ap-southeast-2`;
  return undefined;
}

export interface ProfileItem {
  label: string;
  description: string;
  /** undefined: the default credential chain */
  profile?: string;
  region?: string;
}

const KIND_LABEL: Record<AwsProfileInfo['kind'], string> = {
  static: 'access keys',
  sso: 'SSO',
  process: 'credential_process',
  role: 'assumes a role',
  'web-identity': 'web identity',
  other: 'settings only',
};

/** The profile pick: "Default credential chain" first, then the profiles (name; kind · region). */
export function profileItems(profiles: AwsProfileInfo[], current: string): ProfileItem[] {
  const mark = (selected: boolean, label: string) => (selected ? `$(check) ${label}` : label);
  return [
    {
      label: mark(current === '', 'Default credential chain'),
      description: 'environment variables, AWS_PROFILE, else the "default" profile',
    },
    ...profiles.map(
      (p): ProfileItem => ({
        label: mark(current === p.name, p.name),
        description: [KIND_LABEL[p.kind], p.region ?? 'no region'].join(' · '),
        profile: p.name,
        ...(p.region ? { region: p.region } : {}),
      }),
    ),
  ];
}

export { isTargetChoice, type TargetChoice } from './targetChoice';

/**
 * Whether a remedy command may be sent to a terminal: an AWS CLI command (`aws sso login --profile dev`) with no
 * shell syntax in it — the command ids that run it can also be reached through command links.
 */
export function isRemedyCommand(command: string): boolean {
  return /^aws [A-Za-z0-9 ._@+=:/-]+$/.test(command);
}

/** Something the user can do about an AWS error: run a shell command, or switch the region. */
export type RemedyAction = { kind: 'command'; title: string; command: string } | { kind: 'region'; title: string; region: string };

/** The actions an error's remedy offers (none for other errors). */
export function remedyActions(e: unknown): RemedyAction[] {
  if (!isAwsError(e)) return [];
  const out: RemedyAction[] = [];
  if (e.remedy.command) out.push({ kind: 'command', title: `Run ${e.remedy.command}`, command: e.remedy.command });
  if (e.remedy.region) out.push({ kind: 'region', title: `Switch to ${e.remedy.region}`, region: e.remedy.region });
  return out;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The modal confirmation of a deployment: the question, one line per job it creates or updates (the settings with
 * both values), the jobs it would take over (Glue jobs of the same name this project did not create: `adopt`), and
 * the warnings of the plan.
 */
export function deployConfirmation(plan: DeployPlanItem[], targetLabel: string): { changes: DeployPlanItem[]; adopt: string[]; message: string; detail: string } {
  const changes = plan.filter((p) => p.action !== 'unchanged');
  const adopt = changes.filter((p) => p.needsAdoption).map((p) => p.job.name);
  const lines = changes.flatMap((p) => {
    if (p.action === 'create') return [`• ${p.job.name}: create (script ${p.job.scriptPath})`];
    const what = [p.scriptChanged ? 'script changed' : undefined, p.settingsChanged.length > 0 ? `settings: ${p.settingsChanged.join(', ')}` : undefined].filter(Boolean);
    const head = `• ${p.job.name}: ${p.needsAdoption ? 'TAKE OVER and update' : 'update'} (${what.join('; ') || 'settings'})`;
    return [head, ...(p.needsAdoption ? [`    not created by this project: ${p.ownerDetail ?? 'no project tag'}`] : []), ...describeChanges(p.changes ?? []).map((l) => `    ${l}`)];
  });
  const unchanged = plan.length - changes.length;
  if (unchanged > 0) lines.push(`${plural(unchanged, 'other job')} up to date.`);
  for (const w of changes.flatMap((p) => p.warnings ?? [])) lines.push(`⚠ ${w}`);
  const question =
    adopt.length > 0
      ? `Deploy ${plural(changes.length, 'job')} to ${targetLabel}, taking over ${plural(adopt.length, 'job')} this project did not create (${adopt.join(', ')})?`
      : `Deploy ${plural(changes.length, 'job')} to ${targetLabel}?`;
  return { changes, adopt, message: question, detail: lines.join('\n') };
}

/** The MFA code box's validation: undefined for six digits, else what is wrong. */
export function mfaCodeProblem(text: string): string | undefined {
  return /^\d{6}$/.test(text.trim()) ? undefined : 'Enter the six digits your MFA device shows';
}

const CHECK_MARK: Record<CheckStatus, string> = { ok: '✔', warn: '⚠', fail: '✘' };

/** "Check AWS Setup" as a Markdown document: one row per check, the fix under each that is not ok. */
export function setupReport(rows: SetupCheck[], targetLabel: string): string {
  const out = [`# AWS setup: ${targetLabel}`, ''];
  for (const r of rows) {
    out.push(`- ${CHECK_MARK[r.status]} **${r.title}** — ${r.detail.replace(/\n/g, ' ')}`);
    if (r.fix && r.status !== 'ok') out.push(`  - Fix: ${r.fix}`);
  }
  const failed = rows.filter((r) => r.status === 'fail').length;
  const warned = rows.filter((r) => r.status === 'warn').length;
  out.push('', failed > 0 ? `${plural(failed, 'check')} failed: fix ${failed === 1 ? 'it' : 'them'} before deploying.` : warned > 0 ? `Ready, with ${plural(warned, 'note')}.` : 'Ready to deploy.');
  return `${out.join('\n')}\n`;
}

/** The notification after "Check AWS Setup": its level and one line. */
export function setupSummary(rows: SetupCheck[]): { level: 'info' | 'warning' | 'error'; text: string } {
  const failed = rows.filter((r) => r.status === 'fail');
  if (failed.length > 0) return { level: 'error', text: `AWS setup: ${failed.map((r) => r.title).join(', ')} failed.` };
  const warned = rows.filter((r) => r.status === 'warn');
  if (warned.length > 0) return { level: 'warning', text: `AWS setup ready, with notes: ${warned.map((r) => r.title).join(', ')}.` };
  return { level: 'info', text: 'AWS setup ready to deploy.' };
}

/** An item of "Set Up Glue Role…": create the project's role, or use an existing one Glue can assume. */
export interface RoleItem {
  label: string;
  description: string;
  detail?: string;
  action: 'create' | 'use';
  /** the role to use (an ARN), for `use` */
  arn?: string;
}

/** The pick of "Set Up Glue Role…": creating `<project>-glue-role` first, then the account's roles Glue can assume. */
export function roleItems(roles: IamRole[], newRoleName: string, current: string | undefined): RoleItem[] {
  const exists = roles.some((r) => r.name === newRoleName);
  return [
    ...(exists
      ? []
      : [{ label: `$(add) Create ${newRoleName}…`, description: 'trust for glue.amazonaws.com, AWSGlueServiceRole, the project bucket', detail: 'shows what it holds first', action: 'create' as const }]),
    ...roles.map(
      (r): RoleItem => ({
        label: `${r.arn === current ? '$(check) ' : ''}${r.name}`,
        description: r.arn === current ? 'in lakehouse.json' : 'Glue can assume it',
        detail: r.arn,
        action: 'use',
        arn: r.arn,
      }),
    ),
  ];
}

/**
 * The question before a query on Athena whose tables hold more than `thresholdGB` (the setting); undefined when
 * there is nothing to ask (below it, or no estimate).
 */
export function scanConfirmation(estimate: ScanEstimate, thresholdGB: number): { message: string; detail: string } | undefined {
  if (estimate.unread !== undefined || estimate.bytes <= thresholdGB * 1e9) return undefined;
  const gb = estimate.bytes / 1e9;
  return {
    message: `This query may scan ${estimate.atLeast ? 'at least ' : 'up to '}${gb.toFixed(1)} GB on Athena (~$${estimate.costUsd.toFixed(2)}). Run it?`,
    detail: [
      `Estimated from the files of ${estimate.tables.map((t) => `${t.table} (${(t.bytes / 1e9).toFixed(2)} GB in ${t.objects} files)`).join(', ')}.`,
      'Athena bills $5 per TB scanned; a filter on partitions or a columnar format scans less.',
      `Asked above lakehouse.aws.confirmScanAboveGB (${thresholdGB} GB).`,
    ].join('\n'),
  };
}

/** Log lines of a job run for the output channel: `[job] line`, one per line of text. */
export function jobLogLines(job: string, lines: string[]): string[] {
  return lines.flatMap((l) => l.replace(/\r?\n$/, '').split(/\r?\n/)).map((l) => `[${job}] ${l}`);
}
