// The extension's settings in a real VS Code: an invalid lakehouse.local.memoryLimit said when it is set (not at the
// first query), and every setting read with the scope its contribution declares — VS Code's extension host logs a
// warning for a window-scoped setting read for a resource and for a resource-scoped one read without any
// (extHostConfiguration.ts `_validateConfigurationAccess`: "Accessing a window scoped configuration for a resource is
// not expected. To associate '<key>' to a resource, …", "Accessing a resource scoped configuration without providing
// a resource is not expected. To get the effective value for '<key>', …"). Runs after the specs that create the
// STEDI sample (files run in name order): the project folder is the resource.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, watch } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { LakehouseApi } from '../../../src/extension/extension';
import { logUntil, waitingFor } from './helpers';

const EXTENSION_ID = 'lakehouse-studio.lakehouse-studio';
const WORKSPACE = process.env.LAKEHOUSE_TEST_WORKSPACE ?? '';
const SCOPE_WARNING = /Accessing a (?:window|resource) scoped configuration[^\n]*?'(lakehouse\.[\w.]+)'/g;

/** Resolves with the file's text once `probe` accepts it: checked now and on each change of the file. */
function fileUntil(what: string, file: string, probe: (text: string) => boolean): Promise<string> {
  waitingFor.add(what);
  return new Promise<string>((resolve, reject) => {
    const watcher = watch(file);
    const check = (): void => {
      try {
        const text = readFileSync(file, 'utf8');
        if (!probe(text)) return;
        watcher.close();
        waitingFor.delete(what);
        resolve(text);
      } catch (e) {
        watcher.close();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
    watcher.on('change', check);
    check();
  });
}

describe('settings: scopes and problems', function () {
  this.timeout(120_000);
  let api: LakehouseApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<LakehouseApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    assert.ok(existsSync(path.join(WORKSPACE, 'lakehouse.json')), 'the STEDI sample is in the workspace (explorer.spec.ts)');
  });

  it('an invalid lakehouse.local.memoryLimit is a warning naming the setting and the accepted forms as soon as it is set', async () => {
    const config = vscode.workspace.getConfiguration('lakehouse');
    try {
      await config.update('local.memoryLimit', 'lots', vscode.ConfigurationTarget.Workspace);
      const line = await logUntil('the memoryLimit warning in the log', (t) => t.split('\n').find((l) => l.includes('The setting lakehouse.local.memoryLimit')));
      assert.match(line, /\[warning\]/);
      assert.match(line, /"lots"/);
      assert.match(line, /2GB.*40%/);
      const problems = await api.settingsCheck.check();
      assert.deepEqual(problems.map((p) => [p.setting, p.value]), [['lakehouse.local.memoryLimit', 'lots']]);
    } finally {
      await config.update('local.memoryLimit', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.deepEqual(await api.settingsCheck.check(), [], 'none once it is removed');
  });

  it('reads each setting with its declared scope: no scope warning of ours in the extension host log', async () => {
    const dir = path.dirname(api.ctx.extension.logUri.fsPath);
    const file = ['remoteexthost.log', 'exthost.log'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
    assert.ok(file, `the extension host's log next to the extension's log folder (${dir})`);
    // the settings read as the extension reads them, with the project open
    void api.ctx.config;
    await api.settingsCheck.check();
    // a marker: the same warning for a setting the extension never reads for a resource, read so by the test; once it
    // is in the log, so is every warning logged before it
    vscode.workspace.getConfiguration('lakehouse', vscode.Uri.file(WORKSPACE)).get('explorer.pageSize');
    const text = await fileUntil('the marker warning in the extension host log', file, (t) => t.includes("'lakehouse.explorer.pageSize'"));
    const keys = [...text.matchAll(SCOPE_WARNING)].map((m) => m[1]!).filter((k) => k !== 'lakehouse.explorer.pageSize');
    assert.deepEqual([...new Set(keys)], [], 'settings read with another scope than their contribution declares');
  });
});
