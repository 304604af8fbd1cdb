/// <reference lib="dom" />
// Zero-delay timers run at the end of a call instead of a task later (see runZeroTimersAfter).

/** Where the timers are: the page's window (`globalThis`); `reportError` reports an error as an uncaught one would be. */
export type TimerHost = Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> & { reportError?: (e: unknown) => void };

/**
 * Runs `fn`, then at once the zero-delay timers it set. The grid's infinite row model asks its datasource for a
 * block in a `setTimeout(…, 0)` ("to force the result to be async"). When the page already holds that block (it
 * came with the status), answering it in the same task means the grid lays out and paints its first rows once,
 * with their data — instead of drawing them as placeholders, giving up the thread (which the workbench shares with
 * the webview) for a frame and a timer, and drawing them again. The timers still run after the code that set them,
 * in the order set, as timers would; a timer cleared meanwhile does not run; one that throws does not stop the
 * others (its error is reported as a timer's would be). Timers with a delay are left alone.
 */
export function runZeroTimersAfter<T>(fn: () => T, host: TimerHost = globalThis): T {
  const setTimer = host.setTimeout;
  const clearTimer = host.clearTimeout;
  const due = new Map<unknown, () => void>();
  host.setTimeout = ((handler: unknown, ms?: number, ...args: unknown[]) => {
    if (typeof handler !== 'function' || (ms ?? 0) > 0) return setTimer(handler as () => void, ms, ...args);
    const run = (): void => void (handler as (...a: unknown[]) => unknown)(...args);
    // the real timer stays as a fallback: whichever comes first runs the handler, once
    const id = setTimer(() => {
      if (due.delete(id)) run();
    }, 0);
    due.set(id, run);
    return id;
  }) as typeof host.setTimeout;
  host.clearTimeout = ((id?: Parameters<typeof clearTimeout>[0]) => {
    due.delete(id);
    clearTimer(id);
  }) as typeof host.clearTimeout;
  try {
    return fn();
  } finally {
    host.setTimeout = setTimer;
    host.clearTimeout = clearTimer;
    for (const [id, run] of [...due]) {
      if (!due.delete(id)) continue;
      clearTimer(id as Parameters<typeof clearTimeout>[0]);
      try {
        run();
      } catch (e) {
        if (host.reportError) host.reportError(e);
        else
          queueMicrotask(() => {
            throw e;
          });
      }
    }
  }
}
