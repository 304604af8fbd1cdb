/**
 * The shared AWS config files (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/`): the profiles they
 * hold, what kind each is, and where the region comes from — in the AWS CLI's order of precedence
 * (https://docs.aws.amazon.com/cli/latest/userguide/cli-chap-configure.html#configure-precedence: the command line,
 * then the environment — `AWS_REGION`, then `AWS_DEFAULT_REGION` — then the profile's `region`). A project's
 * lakehouse.json `region`, when it names one, comes right after the command line.
 */

export type AwsProfileKind = 'static' | 'sso' | 'process' | 'role' | 'web-identity' | 'other';

export interface AwsProfileInfo {
  name: string;
  kind: AwsProfileKind;
  region?: string;
  /** the profile assumes a role that asks for an MFA code (`mfa_serial`) */
  mfaSerial?: string;
  /** `config`, `credentials` or both */
  sources: ('config' | 'credentials')[];
}

export type IniSection = Record<string, string | undefined>;

export function profileKind(config: IniSection | undefined, creds: IniSection | undefined): AwsProfileKind {
  const all = { ...config, ...creds };
  if (all['sso_start_url'] || all['sso_session']) return 'sso';
  if (all['role_arn'] && all['web_identity_token_file']) return 'web-identity';
  if (all['role_arn']) return 'role';
  if (all['credential_process']) return 'process';
  if (all['aws_access_key_id']) return 'static';
  return 'other';
}

export interface IniFiles {
  configFile: Record<string, IniSection>;
  credentialsFile: Record<string, IniSection>;
}

/** The two files, read afresh (the SDK caches them per process otherwise). */
export async function loadIniFiles(): Promise<IniFiles> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  return { configFile: files.configFile as Record<string, IniSection>, credentialsFile: files.credentialsFile as Record<string, IniSection> };
}

/** The names of the profiles of both files (the loader keys `[sso-session x]` and `[services x]` with a dotted prefix). */
export function profileNames(files: IniFiles): string[] {
  const names = new Set<string>();
  for (const n of Object.keys(files.configFile)) if (!n.includes('.')) names.add(n);
  for (const n of Object.keys(files.credentialsFile)) names.add(n);
  return [...names].sort();
}

/** The profiles of the shared config files, read afresh, sorted by name. */
export async function listProfiles(): Promise<AwsProfileInfo[]> {
  const files = await loadIniFiles();
  return profileNames(files).map((name) => {
    const config = files.configFile[name];
    const creds = files.credentialsFile[name];
    const sources: AwsProfileInfo['sources'] = [];
    if (config) sources.push('config');
    if (creds) sources.push('credentials');
    const region = config?.['region'] ?? creds?.['region'];
    const mfa = config?.['mfa_serial'] ?? creds?.['mfa_serial'];
    return { name, kind: profileKind(config, creds), ...(region ? { region } : {}), ...(mfa ? { mfaSerial: mfa } : {}), sources };
  });
}

export function envProfile(env: NodeJS.ProcessEnv = process.env): string {
  return env['AWS_PROFILE'] || env['AWS_DEFAULT_PROFILE'] || 'default';
}

export function configFilesLabel(env: NodeJS.ProcessEnv = process.env): string {
  const cfg = env['AWS_CONFIG_FILE'] || '~/.aws/config';
  const creds = env['AWS_SHARED_CREDENTIALS_FILE'] || '~/.aws/credentials';
  return `${cfg} or ${creds}`;
}

/** A region and where it came from (`--region`, `lakehouse.json`, `AWS_REGION`, `profile "dev"`), for doctor and messages. */
export interface ResolvedRegion {
  region: string;
  source: string;
}

/**
 * The region in the AWS CLI's precedence: `explicit` (the command line, or lakehouse.json — `explicitSource` says
 * which), then `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region` (config file, then credentials file).
 */
export function resolveRegion(
  explicit: string | undefined,
  explicitSource: string,
  profile: { name: string; config?: IniSection; credentials?: IniSection },
  env: NodeJS.ProcessEnv = process.env,
): ResolvedRegion | undefined {
  if (explicit !== undefined) return { region: explicit, source: explicitSource };
  if (env['AWS_REGION']) return { region: env['AWS_REGION'], source: 'AWS_REGION' };
  if (env['AWS_DEFAULT_REGION']) return { region: env['AWS_DEFAULT_REGION'], source: 'AWS_DEFAULT_REGION' };
  const fromProfile = profile.config?.['region'] ?? profile.credentials?.['region'];
  if (fromProfile) return { region: fromProfile, source: `profile "${profile.name}"` };
  return undefined;
}
