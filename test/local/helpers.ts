/** Shared by the local target's storage and plan-store tests. */
import assert from 'node:assert/strict';
import { LakehouseError, type ErrorCode } from '../../src/core/errors';
import type { PersistentPlans } from '../../src/core/jobs/script';

/** An `assert.throws`/`rejects` validator: a LakehouseError with this code (and a message matching `pattern`). */
export function isCode(code: ErrorCode, pattern?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof LakehouseError, `expected LakehouseError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

/** A store that counts what it is asked and given. */
export function counted(inner: PersistentPlans) {
  const seen = { gets: 0, hits: 0, sets: 0 };
  const store: PersistentPlans = {
    get: async (k) => {
      seen.gets++;
      const p = await inner.get(k);
      if (p) seen.hits++;
      return p;
    },
    set: (k, p) => {
      seen.sets++;
      inner.set(k, p);
    },
  };
  return { store, seen };
}
