// runZeroTimersAfter: the grid page answers the block it already holds in the same task (src/webview/timers.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runZeroTimersAfter, type TimerHost } from '../../src/webview/timers';

/** A host whose timers are the real ones, and which collects reported errors. */
function host(): TimerHost & { errors: unknown[] } {
  const errors: unknown[] = [];
  return { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, reportError: (e: unknown) => errors.push(e), errors };
}

test('zero-delay timers set during the call run right after it, in the order set, with their arguments', async () => {
  const h = host();
  const seen: string[] = [];
  const value = runZeroTimersAfter(() => {
    h.setTimeout((x: string) => seen.push(`a${x}`), 0, '1');
    h.setTimeout(() => seen.push('b'));
    seen.push('call');
    return 42;
  }, h);
  assert.equal(value, 42);
  assert.deepEqual(seen, ['call', 'a1', 'b']);
  // and never again, from the real timers left behind
  await sleep(30);
  assert.deepEqual(seen, ['call', 'a1', 'b']);
});

test('timers with a delay, and timers set after the call, wait as timers do', async () => {
  const h = host();
  const seen: string[] = [];
  runZeroTimersAfter(() => {
    h.setTimeout(() => seen.push('later'), 5);
    // a zero-delay timer set by one that runs early: the real one (after the call, not in it)
    h.setTimeout(() => h.setTimeout(() => seen.push('nested'), 0), 0);
  }, h);
  assert.deepEqual(seen, []);
  await sleep(40);
  assert.deepEqual(seen.sort(), ['later', 'nested']);
});

test('a timer cleared during the call does not run, early or late', async () => {
  const h = host();
  let ran = 0;
  runZeroTimersAfter(() => {
    const id = h.setTimeout(() => ran++, 0);
    h.clearTimeout(id);
  }, h);
  await sleep(30);
  assert.equal(ran, 0);
});

test('the host gets its own timers back, also when the call throws (the timers it set still run)', () => {
  const h = host();
  const { setTimeout: realSet, clearTimeout: realClear } = h;
  let ran = false;
  assert.throws(
    () =>
      runZeroTimersAfter(() => {
        h.setTimeout(() => (ran = true), 0);
        throw new Error('boom');
      }, h),
    /boom/,
  );
  assert.equal(h.setTimeout, realSet);
  assert.equal(h.clearTimeout, realClear);
  assert.equal(ran, true);
});

test('a timer that throws is reported and the others still run', () => {
  const h = host();
  const seen: string[] = [];
  runZeroTimersAfter(() => {
    h.setTimeout(() => {
      throw new Error('first');
    }, 0);
    h.setTimeout(() => seen.push('second'), 0);
  }, h);
  assert.deepEqual(seen, ['second']);
  assert.deepEqual(
    h.errors.map((e) => (e as Error).message),
    ['first'],
  );
});
