// Settings the extension cannot use, found when the window opens and when they change (no vscode here: tested
// under test/extension-plain). The settings editor checks a value against its contribution's `pattern` only (a
// `0%` or `1KB` matches it); what the engine would refuse at its first query is said here, naming the setting and
// what it accepts, before anything runs.
import { errorMessage } from '../core/errors';
import { parseMemoryLimit } from '../core/targets/local/memoryLimit';
import type { Config } from './config';

export interface SettingProblem {
  /** the setting's full id, e.g. `lakehouse.local.memoryLimit` (Open Settings shows it) */
  setting: string;
  /** the value as written */
  value: string;
  message: string;
}

const MEMORY_LIMIT_FORMS = "a size with its unit (2GB, 1.5GiB, 512MB; KB/MB/GB/TB count in 1000s, KiB/MiB/GiB/TiB in 1024s) or a share of the machine's memory (40%); empty: half the machine's memory";

/** The problems of the settings as read (`totalBytes`: the machine's memory, which a percentage is a share of). */
export function settingProblems(config: Pick<Config, 'localMemoryLimit'>, totalBytes?: number): SettingProblem[] {
  const out: SettingProblem[] = [];
  if (config.localMemoryLimit !== '') {
    try {
      parseMemoryLimit(config.localMemoryLimit, totalBytes);
    } catch (e) {
      out.push({
        setting: 'lakehouse.local.memoryLimit',
        value: config.localMemoryLimit,
        message: `The setting lakehouse.local.memoryLimit is not one the local engine takes — ${errorMessage(e)}. It accepts ${MEMORY_LIMIT_FORMS}. Until it is fixed, the local target does not open.`,
      });
    }
  }
  return out;
}
