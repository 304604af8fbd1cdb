// Settings the extension cannot use (src/extension/settingsProblems.ts), said when the window opens or the setting
// changes — before the local engine refuses the value at its first query (LocalTarget.open, memoryLimit.ts).
// The forms the setting takes are those package.json's description and memoryLimit.ts give (DuckDB's units).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settingProblems } from '../../src/extension/settingsProblems';

const GiB = 2 ** 30;

describe('settings problems: lakehouse.local.memoryLimit', () => {
  it('empty, a size with its unit, or a share of the machine: no problem', () => {
    for (const v of ['', '2GB', '1.5GiB', '512MB', '40%', '8 gb']) assert.deepEqual(settingProblems({ localMemoryLimit: v }, 16 * GiB), [], v);
  });

  it('a value the engine refuses is a problem naming the setting, the value and the accepted forms', () => {
    for (const v of ['lots', '2 gigabytes', '0%', '150%', '1KB']) {
      const problems = settingProblems({ localMemoryLimit: v }, 16 * GiB);
      assert.equal(problems.length, 1, v);
      const [p] = problems;
      assert.equal(p!.setting, 'lakehouse.local.memoryLimit');
      assert.equal(p!.value, v);
      assert.match(p!.message, /^The setting lakehouse\.local\.memoryLimit /);
      assert.ok(p!.message.includes(JSON.stringify(v)), `${p!.message} names ${v}`);
      assert.match(p!.message, /2GB.*40%/);
    }
  });

});
