// Plain helpers (no `vscode`) behind the AWS parts of the UI: the region check of the region input box, the items
// of the profile pick, the actions an AWS error offers, the deploy confirmation text, live log lines.
import type { AwsProfileInfo } from '../core/targets/aws/connection';
import { isAwsError } from '../core/targets/aws/connection';
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

/** The modal confirmation of a deployment: the question, and one line per job it creates or updates. */
export function deployConfirmation(plan: DeployPlanItem[], targetLabel: string): { changes: DeployPlanItem[]; message: string; detail: string } {
  const changes = plan.filter((p) => p.action !== 'unchanged');
  const lines = changes.map((p) => {
    if (p.action === 'create') return `• ${p.job.name}: create (script ${p.job.scriptPath})`;
    const what = [p.scriptChanged ? 'script changed' : undefined, p.settingsChanged.length > 0 ? `settings: ${p.settingsChanged.join(', ')}` : undefined].filter(Boolean);
    return `• ${p.job.name}: update (${what.join('; ') || 'settings'})`;
  });
  const unchanged = plan.length - changes.length;
  if (unchanged > 0) lines.push(`${plural(unchanged, 'other job')} up to date.`);
  return { changes, message: `Deploy ${plural(changes.length, 'job')} to ${targetLabel}?`, detail: lines.join('\n') };
}

/** Log lines of a job run for the output channel: `[job] line`, one per line of text. */
export function jobLogLines(job: string, lines: string[]): string[] {
  return lines.flatMap((l) => l.replace(/\r?\n$/, '').split(/\r?\n/)).map((l) => `[${job}] ${l}`);
}
