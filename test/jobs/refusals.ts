/**
 * Where a construct stands in a script, and the check that reading the script refuses it there: the refusal a
 * ScriptUnsupported error at the construct's line and column, its message matching.
 */
import assert from 'node:assert/strict';
import { LakehouseError } from '../../src/core/errors';
import { readGlueScript } from '../../src/core/jobs/script';

/** the 1-based line and column of the first `needle` in `text` */
export function find(text: string, needle: string): { line: number; column: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

/** reading `text` (as job.py) is refused at the first `needle`, with a message matching `message` */
export async function assertRefusedAt(text: string, needle: string, message: RegExp): Promise<void> {
  const at = find(text, needle);
  await assert.rejects(readGlueScript(text, 'job.py'), (e: unknown) => {
    assert.ok(e instanceof LakehouseError, String(e));
    assert.equal(e.code, 'ScriptUnsupported', e.message);
    assert.deepEqual({ line: e.detail.line, column: e.detail.column }, at, e.message);
    assert.match(e.message, message);
    return true;
  });
}
