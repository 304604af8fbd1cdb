/**
 * Runs that do not end normally, and runs that collide: cancelled (by `cancel` and by the wait's signal), killed
 * with SIGKILL in another process, and two runs of one job at once — in one process and from two.
 *
 * The job (`readings_copy`: read a JSON table, sort it, purge its output path and write it) runs over a few hundred thousand generated rows,
 * enough to take a moment, so the tests can act while it is running.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { LakehouseError } from '../../src/core/errors';
import type { JobRun } from '../../src/core/model';
import { LocalTarget } from '../../src/core/targets/local';
import { DIED_MESSAGE } from '../../src/core/targets/local/runStore';
import { BUCKET, FIXTURES, REPO, filesUnder, jsonRows, makeProject, runOk, until, type TestProject } from './harness';

const JOB = 'readings_copy';
const OUT = 'out/readings_copy';
const BIG_KEY = 'readings/landing/readings-big.json';
const BIG_ROWS = 400_000;
const SMALL_ROWS = 6; // test/fixtures/runner/project/data/readings.json

let tp: TestProject;
/** the output of the run over the small data */
let small: Map<string, Buffer>;

before(async () => {
  tp = await makeProject();
  await runOk(tp, JOB);
  small = await filesUnder(tp.dir(OUT));
  assert.equal((await jsonRows(tp.dir(OUT))).length, SMALL_ROWS);
  const users = ['ann@example.com', 'bob@example.com', 'cid@example.com'];
  const lines: string[] = [];
  // (x, y, z with a fraction always, as the accelerometer's doubles are written: a bare 1 would be an int to Glue's
  // reader, and the field a choice of int and double)
  for (let i = 0; i < BIG_ROWS; i++) lines.push(`{"user":"${users[i % 3]}","timestamp":${1655564500000 + i},"x":${((i % 200) / 8).toFixed(3)},"y":${((i % 7) / 4).toFixed(2)},"z":${(-(i % 5) / 2).toFixed(1)}}`);
  await tp.target.storage.put(BUCKET, BIG_KEY, `${lines.join('\n')}\n`);
});
after(async () => {
  await tp.close();
});

const stagingOf = (pid: number) => path.join(tp.root, '.lakehouse', 'staging', String(pid));
const hasStaging = async (pid: number) => ((await fs.readdir(stagingOf(pid)).catch(() => [])).length > 0 ? true : undefined);

/** Lines of the output and the write ids in its file names (`part-<i>-<write id>.json`): one write, one id. */
async function outputShape(): Promise<{ lines: number; writes: Set<string> }> {
  const files = await filesUnder(tp.dir(OUT));
  let lines = 0;
  for (const buf of files.values()) for (let i = 0; i < buf.length; i++) if (buf[i] === 10) lines++;
  const writes = new Set([...files.keys()].map((k) => /^part-\d+-(.+)\.json$/.exec(k)?.[1] ?? `unexpected file ${k}`));
  return { lines, writes };
}

function isJobRunning(runId: string) {
  return (e: unknown) => {
    assert.ok(e instanceof LakehouseError, String(e));
    assert.equal(e.code, 'JobRunning');
    assert.match(e.message, new RegExp(`job ${JOB} is already running \\(run ${runId}\\b`));
    return true;
  };
}

interface Child {
  proc: ChildProcess;
  /** resolves with the next JSON event the child prints */
  next(): Promise<{ event: string; run?: JobRun; code?: string; message?: string }>;
  exited: Promise<number | null>;
}

/** Runs the job in another process; `onCue`: it opens the target, says "ready" and starts on a line on its stdin. */
function runInChild(onCue = false): Child {
  const args = ['--import', 'tsx', path.join(FIXTURES, 'run-job.ts'), tp.root, JOB, ...(onCue ? ['--on-cue'] : [])];
  const proc = spawn(process.execPath, args, { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  const events: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = '';
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  proc.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(line);
      else events.push(line);
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    exited,
    next: () =>
      new Promise((resolve, reject) => {
        const take = (line: string) => resolve(JSON.parse(line) as Awaited<ReturnType<Child['next']>>);
        const queued = events.shift();
        if (queued !== undefined) return take(queued);
        waiting.push(take);
        void exited.then((code) => reject(new Error(`the child process ended (${code}) before printing an event: ${stderr}`)));
      }),
  };
}

test('cancel stops a running run: STOPPED, the previous output intact, nothing staged left', async () => {
  const started = await tp.target.jobs.start(JOB);
  assert.equal(started.state, 'RUNNING');
  await until('the run to write its staging folder', () => hasStaging(process.pid));
  await tp.target.jobs.cancel(JOB, started.id);
  const run = (await tp.target.jobs.run(JOB, started.id))!;
  assert.equal(run.state, 'STOPPED');
  assert.equal(run.errorMessage, 'the job run was stopped');
  assert.ok(run.completedOn);
  assert.deepEqual(await filesUnder(tp.dir(OUT)), small);
  assert.equal(await hasStaging(process.pid), undefined);
  const log = await tp.target.jobs.logs(JOB, started.id);
  assert.match(log[log.length - 1]!, /WARN the job run was stopped/);
  assert.equal((await tp.target.jobs.wait(JOB, started.id)).state, 'STOPPED');
});

test('aborting the signal given to wait stops the run the same way', async () => {
  const started = await tp.target.jobs.start(JOB);
  const controller = new AbortController();
  const waited = tp.target.jobs.wait(JOB, started.id, { signal: controller.signal });
  await until('the run to read its source', async () => ((await tp.target.jobs.logs(JOB, started.id)).some((l) => l.includes('read shop.reading_landing')) ? true : undefined));
  controller.abort();
  const run = await waited;
  assert.equal(run.state, 'STOPPED');
  assert.deepEqual(await tp.target.jobs.run(JOB, started.id), run);
  assert.deepEqual(await filesUnder(tp.dir(OUT)), small);
  assert.equal(await hasStaging(process.pid), undefined);
});

test('two runs of one job in one process: the second is refused naming the first; the output is one run\'s', async () => {
  const first = await tp.target.jobs.start(JOB);
  await assert.rejects(tp.target.jobs.start(JOB), isJobRunning(first.id));
  assert.deepEqual((await tp.target.jobs.runs(JOB)).filter((r) => r.state === 'RUNNING').map((r) => r.id), [first.id]);
  const done = await tp.target.jobs.wait(JOB, first.id);
  assert.equal(done.state, 'SUCCEEDED', done.errorMessage);
  assert.equal(done.rowsRead, SMALL_ROWS + BIG_ROWS);
  assert.equal(done.rowsWritten, SMALL_ROWS + BIG_ROWS);
  const shape = await outputShape();
  assert.equal(shape.lines, SMALL_ROWS + BIG_ROWS);
  assert.equal(shape.writes.size, 1, [...shape.writes].join(', '));
});

test('two runs of one job from two processes: whichever starts second is refused naming the first', async () => {
  // another process runs first: this one is refused
  const child = runInChild();
  const started = await child.next();
  assert.equal(started.event, 'started', JSON.stringify(started));
  const childRun = started.run!;
  assert.notEqual(childRun.pid, process.pid);
  await assert.rejects(tp.target.jobs.start(JOB), isJobRunning(childRun.id));
  // this process waits for the other's run by polling its record
  const done = await tp.target.jobs.wait(JOB, childRun.id);
  assert.equal(done.state, 'SUCCEEDED', done.errorMessage);
  assert.equal((await child.next()).event, 'done');
  assert.equal(await child.exited, 0);
  const shape = await outputShape();
  assert.equal(shape.lines, SMALL_ROWS + BIG_ROWS);
  assert.equal(shape.writes.size, 1);

  // this process runs first: the other is refused (it is ready before this run starts, to try while it runs)
  const other = runInChild(true);
  assert.equal((await other.next()).event, 'ready');
  const mine = await tp.target.jobs.start(JOB);
  other.proc.stdin!.end('go\n');
  const refused = await other.next();
  assert.equal(refused.event, 'error', JSON.stringify(refused));
  assert.equal(refused.code, 'JobRunning');
  assert.match(refused.message ?? '', new RegExp(`run ${mine.id}\\b`));
  assert.equal(await other.exited, 0);
  await tp.target.jobs.cancel(JOB, mine.id);
  assert.equal((await tp.target.jobs.run(JOB, mine.id))?.state, 'STOPPED');
});

test('a run killed mid-run: the previous output byte-identical, the run FAILED once a target opens, no staging left, the job runs again', async () => {
  const previous = await filesUnder(tp.dir(OUT));
  assert.ok(previous.size > 0);
  const child = runInChild();
  const started = await child.next();
  assert.equal(started.event, 'started', JSON.stringify(started));
  const run = started.run!;
  const pid = child.proc.pid!;
  await until('the child run to write its staging folder', async () => ((await tp.target.jobs.run(JOB, run.id))?.state === 'RUNNING' && (await hasStaging(pid))) || undefined);
  child.proc.kill('SIGKILL');
  await child.exited;
  assert.equal((await tp.target.jobs.run(JOB, run.id))?.state, 'RUNNING'); // nobody has noticed yet

  const reopened = await LocalTarget.open(tp.project, { threads: 2 });
  try {
    const failed = await reopened.jobs.run(JOB, run.id);
    assert.equal(failed?.state, 'FAILED');
    assert.equal(failed?.errorMessage, DIED_MESSAGE);
    assert.match(DIED_MESSAGE, /process .* ended/);
    assert.ok(failed?.completedOn);
    const log = await reopened.jobs.logs(JOB, run.id);
    assert.match(log[log.length - 1]!, /ERROR the process running the job ended/);
    assert.deepEqual(await filesUnder(tp.dir(OUT)), previous);
    assert.equal(await hasStaging(pid), undefined);
    // nor the dead process's scratch files (the profiler's output, DuckDB's spill folder)
    assert.deepEqual((await fs.readdir(path.join(tp.root, '.lakehouse', 'tmp')).catch(() => [])).filter((n) => n.includes(`-${pid}`)), []);
    // no job lock left, no data lease (the dead run's read lease on its source was swept)
    assert.deepEqual(await fs.readdir(path.join(tp.root, '.lakehouse', 'locks')), ['data']);
    assert.deepEqual(await fs.readdir(path.join(tp.root, '.lakehouse', 'locks', 'data')), []);

    // the lock is free: the job runs again (over the small data, to be quick)
    await reopened.storage.delete(BUCKET, BIG_KEY);
    const again = await reopened.jobs.start(JOB);
    const done = await reopened.jobs.wait(JOB, again.id);
    assert.equal(done.state, 'SUCCEEDED', done.errorMessage);
    assert.equal(done.rowsWritten, SMALL_ROWS);
    assert.equal((await jsonRows(tp.dir(OUT))).length, SMALL_ROWS);
    assert.deepEqual((await reopened.jobs.runs(JOB)).slice(0, 2).map((r) => r.id), [again.id, run.id]);
  } finally {
    await reopened.close();
  }
});
