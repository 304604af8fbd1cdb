/**
 * The explorer allows a multi-selection (several objects deleted at once). A context-menu command that acts on the
 * clicked node only must be hidden while several nodes are selected, or it would silently ignore the others.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

interface MenuEntry {
  command: string;
  when: string;
  group: string;
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuEntry[]> };
};
const items = manifest.contributes.menus['view/item/context']!;
/** the commands that act on the whole selection (storage.ts: selectedObjects) */
const SELECTION_COMMANDS = ['lakehouse.object.delete'];

test('context-menu commands on one node are hidden during a multi-selection; Delete objects is not', () => {
  const menu = items.filter((e) => !e.group.startsWith('inline'));
  assert.ok(menu.length > 20, 'the explorer has its context menus');
  const offenders = menu.filter((e) => !SELECTION_COMMANDS.includes(e.command) && !/&& !listMultiSelection$/.test(e.when));
  assert.deepEqual(offenders.map((e) => e.command), []);
  for (const c of SELECTION_COMMANDS) {
    const entry = menu.find((e) => e.command === c);
    assert.ok(entry, `${c} is in the context menu`);
    assert.doesNotMatch(entry.when, /listMultiSelection/);
  }
});
