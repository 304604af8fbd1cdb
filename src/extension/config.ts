// The extension's settings (package.json contributes.configuration), read in one place with their defaults.
import * as vscode from 'vscode';
import type { AwsConfig } from './awsSettings';

export type TargetKind = 'local' | 'aws';

export interface Config {
  target: TargetKind;
  /** local target: the data folder, relative to the project folder unless absolute */
  localDataFolder: string;
  /** local target: the engine's memory limit as written (`2GB`, `40%`); empty: the default (memoryLimit.ts) */
  localMemoryLimit: string;
  aws: AwsConfig;
  resultsPageSize: number;
  exportMaxRows: number;
  explorerPageSize: number;
}

export const CONFIG_SECTION = 'lakehouse';

/**
 * The settings, each read with the scope its contribution declares (package.json): the window-scoped ones without a
 * resource, the resource-scoped one (`local.dataFolder`) for `resource` (the project folder; `null`: any). VS Code's
 * extension host logs a warning for a window-scoped setting read for a resource ("Accessing a window scoped
 * configuration for a resource is not expected", extHostConfiguration.ts `_validateConfigurationAccess`) and for a
 * resource-scoped one read without any.
 */
export function readConfig(resource?: vscode.Uri): Config {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const forResource = vscode.workspace.getConfiguration(CONFIG_SECTION, resource ?? null);
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const v = c.get<number>(key, fallback);
    return Number.isFinite(v) ? Math.min(max, Math.max(min, Math.floor(v))) : fallback;
  };
  const str = (key: string): string => {
    const v = c.get<unknown>(key, '');
    return typeof v === 'string' ? v.trim() : '';
  };
  return {
    target: c.get<string>('target', 'local') === 'aws' ? 'aws' : 'local',
    localDataFolder: forResource.get<string>('local.dataFolder', '.lakehouse').trim() || '.lakehouse',
    localMemoryLimit: str('local.memoryLimit'),
    aws: {
      profile: str('aws.profile'),
      region: str('aws.region'),
      endpoint: str('aws.endpoint'),
      athenaWorkgroup: str('aws.athenaWorkgroup'),
      athenaOutputLocation: str('aws.athenaOutputLocation'),
      connectTimeout: int('aws.connectTimeout', 10, 1, 3600),
      requestTimeout: int('aws.requestTimeout', 60, 1, 3600),
      confirmScanAboveGB: Math.max(0, c.get<number>('aws.confirmScanAboveGB', 10)),
    },
    resultsPageSize: int('results.pageSize', 1000, 50, 100_000),
    exportMaxRows: int('export.maxRows', 1_000_000, 1, Number.MAX_SAFE_INTEGER),
    explorerPageSize: int('explorer.pageSize', 100, 10, 1000),
  };
}

/** Whether a configuration change touches the settings that decide which target is open. */
export function affectsTarget(e: vscode.ConfigurationChangeEvent): boolean {
  return (
    e.affectsConfiguration(`${CONFIG_SECTION}.target`) ||
    e.affectsConfiguration(`${CONFIG_SECTION}.local.dataFolder`) ||
    e.affectsConfiguration(`${CONFIG_SECTION}.local.memoryLimit`) ||
    e.affectsConfiguration(`${CONFIG_SECTION}.aws`)
  );
}
