// Timestamps of the hops of "Run SQL → first rows" in the extension host, for `BENCH_PHASES=1 npm run bench:vscode`:
// when LAKEHOUSE_TRACE_PHASES names a file, each phase appends "<name> <epoch ms>" to it; otherwise nothing happens.
import { appendFileSync } from 'node:fs';

const file = process.env['LAKEHOUSE_TRACE_PHASES'];

export function tracePhase(name: string): void {
  if (!file) return;
  try {
    appendFileSync(file, `${name} ${Date.now()}\n`);
  } catch {
    // a trace only
  }
}
