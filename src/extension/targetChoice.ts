// The target a window works on, kept in the workspace's state (VS Code's storage for this workspace, outside the
// project): choosing Local or an AWS profile and region never writes the project's files (.vscode/settings.json is
// often committed). The `lakehouse.target`, `lakehouse.aws.profile` and `lakehouse.aws.region` settings are the
// defaults (user or workspace settings, as a person set them); a choice made in the window wins over them.
import type { Config } from './config';

export const TARGET_CHOICE_KEY = 'lakehouse.targetChoice';

/** What "Select Target…" / "Connect to AWS…" chose: the target and, for AWS, the profile ("" = default chain) and region ("" = lakehouse.json's). */
export interface TargetChoice {
  target: 'local' | 'aws';
  profile?: string;
  region?: string;
}

/** A TargetChoice as read back from storage or given as a command argument (an explorer node is not one). */
export function isTargetChoice(v: unknown): v is TargetChoice {
  if (typeof v !== 'object' || v === null || 'kind' in v) return false;
  const c = v as Record<string, unknown>;
  return (c['target'] === 'local' || c['target'] === 'aws') && (c['profile'] === undefined || typeof c['profile'] === 'string') && (c['region'] === undefined || typeof c['region'] === 'string');
}

/** The settings with the window's choice applied over them. */
export function withChoice(config: Config, choice: unknown): Config {
  if (!isTargetChoice(choice)) return config;
  if (choice.target === 'local') return { ...config, target: 'local' };
  return { ...config, target: 'aws', aws: { ...config.aws, profile: choice.profile ?? config.aws.profile, region: choice.region ?? config.aws.region } };
}
