// How the extension opens the local target (no vscode here: tested in plain Node, test/extension-plain/).
import * as path from 'node:path';
import type { LocalTargetOptions } from '../core/targets/local';
import { sharedCacheDir } from '../core/userCache';
import type { Config } from './config';

/**
 * The local target's options from the settings: the data folder (`lakehouse.local.dataFolder`), the memory limit
 * (`lakehouse.local.memoryLimit`), and the user's cache folder for the plans and translations every project shares
 * — the same folder, and the same files, as the `lakehouse` CLI's (src/core/userCache.ts; none with
 * `LAKEHOUSE_SHARED_CACHE=0`): a script or query the CLI read or translated is not read or translated again in the
 * editor, nor the other way round.
 */
export function localTargetOptions(projectRoot: string, config: Pick<Config, 'localDataFolder' | 'localMemoryLimit'>, extra: LocalTargetOptions = {}): LocalTargetOptions {
  const shared = sharedCacheDir();
  return {
    dataDir: path.resolve(projectRoot, config.localDataFolder),
    ...(config.localMemoryLimit !== '' ? { memoryLimit: config.localMemoryLimit } : {}),
    ...(shared !== undefined ? { sharedCacheDir: shared } : {}),
    ...extra,
  };
}
