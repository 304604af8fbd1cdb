/**
 * A script run in a process of its own (`node --import tsx <script> …`) that prints one JSON object per line on
 * stdout: the tests of what other processes see — readers beside a job that rewrites their table, jobs killed with
 * SIGKILL in the middle of a commit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO } from './harness';

export interface ChildEvent {
  event?: string;
  [key: string]: unknown;
}

export interface Child {
  proc: ChildProcess;
  /** the next JSON line the child prints (rejects if it ends first, with its stderr) */
  next(): Promise<ChildEvent>;
  /** every line printed so far, parsed */
  readonly seen: ChildEvent[];
  exited: Promise<number | null>;
  stderr(): string;
}

export function spawnScript(script: string, args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  const queued: ChildEvent[] = [];
  const seen: ChildEvent[] = [];
  const waiting: ((e: ChildEvent) => void)[] = [];
  let buffer = '';
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  proc.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let e: ChildEvent;
      try {
        e = JSON.parse(line) as ChildEvent;
      } catch {
        e = { event: 'unparsable', line };
      }
      seen.push(e);
      const w = waiting.shift();
      if (w) w(e);
      else queued.push(e);
    }
  });
  // (a closed stdin of a killed child is not an error of the test)
  proc.stdin!.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    seen,
    exited,
    stderr: () => stderr,
    next: () =>
      new Promise((resolve, reject) => {
        const q = queued.shift();
        if (q !== undefined) return resolve(q);
        waiting.push(resolve);
        void exited.then((code) => reject(new Error(`the child process ended (${code}) before printing an event: ${stderr}`)));
      }),
  };
}

/** Waits for the child's next event of this kind (other events are skipped). */
export async function nextEvent(child: Child, event: string): Promise<ChildEvent> {
  for (;;) {
    const e = await child.next();
    if (e.event === event) return e;
    if (e.event === 'error') throw new Error(`the child failed: ${String(e['message'])}`);
  }
}
