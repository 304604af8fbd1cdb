import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The user's cache folder for Lakehouse Studio (`$XDG_CACHE_HOME` or `~/.cache`, `~/Library/Caches` on macOS,
 * `%LOCALAPPDATA%` on Windows, then `lakehouse-studio/`): the program's code caches (launch.ts) and the plans and
 * translations that hold for any project (planStore.ts, translationCache.ts). Undefined when there is no such folder.
 */
export function userCacheDir(): string | undefined {
  const home = os.homedir();
  let base: string | undefined;
  if (process.env['XDG_CACHE_HOME']) base = process.env['XDG_CACHE_HOME'];
  else if (process.platform === 'win32') base = process.env['LOCALAPPDATA'];
  else if (home) base = process.platform === 'darwin' ? path.join(home, 'Library', 'Caches') : path.join(home, '.cache');
  return base ? path.join(base, 'lakehouse-studio') : undefined;
}
