// Wiring of the extension in a real VS Code: activation, commands, the contributed view container.
// Runs in the extension host (see index.ts); the workspace is an empty folder made by the launcher.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { logUntil } from './helpers';

const EXTENSION_ID = 'lakehouse-studio.lakehouse-studio';

interface Manifest {
  contributes: { commands: { command: string }[] };
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this window`);
  return ext;
}

describe('Lakehouse extension', () => {
  before(async () => {
    await extension().activate();
  });

  it('activates', () => {
    assert.equal(extension().isActive, true);
  });

  it('registers every command it declares, lakehouse.showLog among them', async () => {
    const declared = (extension().packageJSON as Manifest).contributes.commands.map((c) => c.command);
    assert.ok(declared.includes('lakehouse.showLog'), 'package.json declares lakehouse.showLog');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'declared in package.json but not registered by activate()');
  });

  it('"New Lakehouse Project…" writes a lakehouse.json with the answers and empty sql/ and glue-scripts/; a bad bucket writes nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lh-new-project-'));
    try {
      const bad = await vscode.commands.executeCommand('lakehouse.project.new', vscode.Uri.file(dir), { name: 'shop', bucket: 'Shop_Data', database: 'shop' });
      assert.equal(bad, undefined, 'refused');
      assert.deepEqual(readdirSync(dir), [], 'nothing written');
      const files = await vscode.commands.executeCommand<string[]>('lakehouse.project.new', vscode.Uri.file(dir), { name: 'shop', bucket: 'shop-data', database: 'shop_db' });
      assert.ok(files?.includes('lakehouse.json'));
      const manifest = JSON.parse(readFileSync(path.join(dir, 'lakehouse.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual([manifest['name'], manifest['bucket'], manifest['database']], ['shop', 'shop-data', 'shop_db']);
      assert.ok(existsSync(path.join(dir, 'sql')) && existsSync(path.join(dir, 'glue-scripts')));
      // a second project in the same folder is refused
      assert.equal(await vscode.commands.executeCommand('lakehouse.project.new', vscode.Uri.file(dir), { name: 'other' }), undefined);
      assert.equal((JSON.parse(readFileSync(path.join(dir, 'lakehouse.json'), 'utf8')) as Record<string, unknown>)['name'], 'shop');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lakehouse.showLog opens the "Lakehouse" log channel', async () => {
    // a shown output channel is a text document of scheme "output" whose name ends with the channel's name
    await logUntil('the activation line in the log', (t) => (t.includes('Lakehouse Studio') ? true : undefined));
  });

  it('contributes the Lakehouse view container holding the explorer view', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    // the workbench registers these for a contributed container and view; they fail for unknown ids
    assert.ok(registered.has('workbench.view.extension.lakehouse'), 'no view container "lakehouse"');
    assert.ok(registered.has('lakehouse.explorer.focus'), 'no view "lakehouse.explorer"');
    await vscode.commands.executeCommand('workbench.view.extension.lakehouse');
    await vscode.commands.executeCommand('lakehouse.explorer.focus');
  });
});
