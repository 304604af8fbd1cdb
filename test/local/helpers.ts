/** Shared by the local target's storage tests. */
import assert from 'node:assert/strict';
import { LakehouseError, type ErrorCode } from '../../src/core/errors';

/** An `assert.throws`/`rejects` validator: a LakehouseError with this code (and a message matching `pattern`). */
export function isCode(code: ErrorCode, pattern?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof LakehouseError, `expected LakehouseError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}
