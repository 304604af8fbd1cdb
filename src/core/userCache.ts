/**
 * The user's cache folder for Lakehouse Studio (`$XDG_CACHE_HOME` or `~/.cache`, `~/Library/Caches` on macOS,
 * `%LOCALAPPDATA%` on Windows, then `lakehouse-studio/`): the CLI's code caches (src/cli/launch.ts) and the plans and
 * translations that hold for any project (planStore.ts, translationCache.ts), which the CLI and the extension share.
 * Self-contained (Node's modules only): the CLI's launcher loads it before the program.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The folder; undefined when there is no such folder. */
export function userCacheDir(): string | undefined {
  const home = os.homedir();
  let base: string | undefined;
  if (process.env['XDG_CACHE_HOME']) base = process.env['XDG_CACHE_HOME'];
  else if (process.platform === 'win32') base = process.env['LOCALAPPDATA'];
  else if (home) base = process.platform === 'darwin' ? path.join(home, 'Library', 'Caches') : path.join(home, '.cache');
  return base ? path.join(base, 'lakehouse-studio') : undefined;
}

/**
 * The folder of the plans and translations shared by every project (LocalTargetOptions.sharedCacheDir): the user's
 * cache folder, or none with `LAKEHOUSE_SHARED_CACHE=0`.
 */
export function sharedCacheDir(): string | undefined {
  return process.env['LAKEHOUSE_SHARED_CACHE'] === '0' ? undefined : userCacheDir();
}

/**
 * A temporary file's name beside `file`, as the local target's atomic writes name theirs (fsutil.ts tempName:
 * `.<name>.lh-tmp-<pid>-<hex>`), so that one a crashed process left is known by its pid.
 */
export function userCacheTempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.lh-tmp-${process.pid}-${Math.floor(Math.random() * 2 ** 48).toString(16)}`);
}

/** a temp file this old is stale whatever its pid says (the pid reused, or a process of another machine) */
const STALE_TEMP_MS = 86_400_000;
/** a temp file of a process that is gone is stale once this old (a write takes milliseconds) */
const DEAD_TEMP_MS = 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files in `dir` that a process left when it died mid-write (`.<name>.lh-tmp-<pid>-<hex>`):
 * those of a process that no longer exists (written over a minute ago), and any a day old. Every process of every
 * project writes the user's cache folder, and nothing else would ever remove them. Errors change nothing.
 */
export function sweepStaleTempFiles(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const m = /\.lh-tmp-(\d+)-[0-9a-f]+$/.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    try {
      const age = now - fs.statSync(file).mtimeMs;
      if (age > STALE_TEMP_MS || (age > DEAD_TEMP_MS && Number(m[1]) !== process.pid && !alive(Number(m[1])))) fs.rmSync(file, { force: true });
    } catch {
      // (gone already, or not ours to remove)
    }
  }
}
