import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JobRun } from '../../src/core/model';
import { DIED_MESSAGE, RunStore, newRunId } from '../../src/core/targets/local/runStore';
import { isCode } from './helpers';

const repoRoot = path.resolve(__dirname, '..', '..');
const runStoreModule = path.join(repoRoot, 'src', 'core', 'targets', 'local', 'runStore.ts');

let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-runs-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

let n = 0;
function freshRoot(): string {
  return path.join(tmp, `case${++n}`, '.lakehouse');
}


async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

function run(jobName: string, startedOn: string, extra: Partial<JobRun> = {}): JobRun {
  return { id: newRunId(), jobName, state: 'RUNNING', startedOn, pid: process.pid, ...extra };
}

test('run ids look like Glue job run ids', () => {
  const ids = new Set(Array.from({ length: 20 }, () => newRunId()));
  assert.equal(ids.size, 20);
  for (const id of ids) assert.match(id, /^jr_[0-9a-f]{64}$/);
});

test('create, get, update and list newest first; files where the layout says', async () => {
  const root = freshRoot();
  const s = new RunStore(root);
  const r1 = run('customer_landing_to_trusted', '2024-05-01T10:00:00.000Z');
  const r2 = run('customer_landing_to_trusted', '2024-05-03T10:00:00.000Z');
  const r3 = run('customer_landing_to_trusted', '2024-05-02T10:00:00.000Z');
  for (const r of [r1, r2, r3]) await s.create(r);
  await s.create(run('other_job', '2024-05-01T00:00:00.000Z'));
  await assert.rejects(s.create(r1), isCode('AlreadyExists', new RegExp(r1.id)));

  const updated = await s.update(r1.jobName, r1.id, { state: 'SUCCEEDED', completedOn: '2024-05-01T10:01:00.000Z', executionTime: 60, rowsWritten: 956 });
  assert.equal(updated.state, 'SUCCEEDED');
  assert.equal(updated.rowsWritten, 956);
  assert.deepEqual(await s.get(r1.jobName, r1.id), updated);
  // the id and job can't be patched
  const again = await s.update(r1.jobName, r1.id, { id: 'jr_x', jobName: 'elsewhere' } as Partial<JobRun>);
  assert.equal(again.id, r1.id);
  assert.equal(again.jobName, r1.jobName);

  assert.deepEqual((await s.list('customer_landing_to_trusted')).map((r) => r.id), [r2.id, r3.id, r1.id]);
  assert.deepEqual(await s.list('never_ran'), []);
  assert.deepEqual(await s.jobNames(), ['customer_landing_to_trusted', 'other_job']);
  assert.equal(await s.get(r1.jobName, newRunId()), undefined);
  await assert.rejects(s.update(r1.jobName, newRunId(), { state: 'FAILED' }), isCode('EntityNotFound', /not found/));

  const onDisk = JSON.parse(await fs.readFile(path.join(root, 'runs', r1.jobName, `${r1.id}.json`), 'utf8'));
  assert.equal(onDisk.state, 'SUCCEEDED');
});

test('job names and run ids that could leave the runs folder are refused', async () => {
  const s = new RunStore(freshRoot());
  for (const bad of ['../evil', '..', '.hidden', 'a/b', 'a\\b', '', 'x\0y']) {
    await assert.rejects(s.create(run(bad, '2024-01-01T00:00:00Z')), isCode('InvalidInput', /invalid job name/), bad);
    await assert.rejects(s.acquireJobLock(bad, newRunId()), isCode('InvalidInput'));
  }
  await assert.rejects(s.get('job', '../../x'), isCode('InvalidInput', /invalid job run id/));
  await assert.rejects(s.appendLog('job', 'jr_123', 'x'), isCode('InvalidInput'));
  await assert.rejects(fs.stat(path.join(tmp, 'evil')), { code: 'ENOENT' });
});

test('log lines are appended and read back', async () => {
  const s = new RunStore(freshRoot());
  const r = run('job', '2024-01-01T00:00:00Z');
  await s.create(r);
  assert.deepEqual(await s.logs('job', r.id), []);
  await s.appendLog('job', r.id, 'starting');
  await s.appendLog('job', r.id, 'read 956 rows\n');
  await s.appendLog('job', r.id, 'wrote 482 rows');
  assert.deepEqual(await s.logs('job', r.id), ['starting', 'read 956 rows', 'wrote 482 rows']);
  await assert.rejects(s.logs('job', newRunId()), isCode('EntityNotFound'));
});

test('a corrupted run file is reported with its name', async () => {
  const root = freshRoot();
  const s = new RunStore(root);
  const r = run('job', '2024-01-01T00:00:00Z');
  await s.create(r);
  const file = path.join(root, 'runs', 'job', `${r.id}.json`);
  await fs.writeFile(file, '{"id":');
  await assert.rejects(s.list('job'), isCode('DataError', new RegExp(`${r.id}\\.json`)));
});

/** What a run leaves behind when its process dies: its record, and its job's lock held by that process. */
async function leftBehind(s: RunStore, root: string, r: JobRun): Promise<void> {
  await s.create(r);
  await fs.mkdir(path.join(root, 'locks'), { recursive: true });
  await fs.writeFile(path.join(root, 'locks', `${r.jobName}.lock`), JSON.stringify({ pid: r.pid, token: 't', acquiredOn: r.startedOn, jobName: r.jobName, runId: r.id }));
}

test('reconcile fails runs whose process is gone, and only those', async () => {
  const root = freshRoot();
  const s = new RunStore(root);
  const dead = await deadPid();
  const orphan = run('job_a', '2024-01-01T00:00:00.000Z', { pid: dead });
  const starting = run('job_b', '2024-01-02T00:00:00.000Z', { pid: dead, state: 'STARTING' });
  const live = run('job_c', '2024-01-03T00:00:00.000Z', { pid: process.pid });
  for (const r of [orphan, starting, live]) await leftBehind(s, root, r);
  // finished before its process died (the lock was let go): nothing to do
  const finished = run('job_a', '2023-12-31T00:00:00.000Z', { pid: dead, state: 'SUCCEEDED', completedOn: '2023-12-31T00:01:00.000Z' });
  await s.create(finished);
  const changed = await new RunStore(root).reconcile();
  assert.deepEqual(changed.map((r) => r.id).sort(), [orphan.id, starting.id].sort());
  for (const r of [orphan, starting]) {
    const got = await s.get(r.jobName, r.id);
    assert.equal(got?.state, 'FAILED');
    assert.equal(got?.errorMessage, 'the process running the job ended during the run (killed or crashed)');
    assert.ok(got?.completedOn && Date.parse(got.completedOn) >= Date.parse(r.startedOn));
    assert.match((await s.logs(r.jobName, r.id)).join('\n'), /ended during the run/);
  }
  assert.equal(DIED_MESSAGE, 'the process running the job ended during the run (killed or crashed)');
  assert.equal((await s.get('job_c', live.id))?.state, 'RUNNING');
  assert.deepEqual(await s.get('job_a', finished.id), finished);
  // the dead processes' locks are gone, the live one stays
  assert.deepEqual(await fs.readdir(path.join(root, 'locks')), ['job_c.lock']);
  assert.deepEqual(await s.reconcile(), []);
});

test('a new run taking over the lock of a dead run fails that run first', async () => {
  const root = freshRoot();
  const s = new RunStore(root);
  const orphan = run('job', '2024-01-01T00:00:00.000Z', { pid: await deadPid() });
  await leftBehind(s, root, orphan);
  const next = newRunId();
  const release = await s.acquireJobLock('job', next);
  assert.equal(await s.runningRun('job'), next);
  const got = await s.get('job', orphan.id);
  assert.equal(got?.state, 'FAILED');
  assert.equal(got?.errorMessage, DIED_MESSAGE);
  await release();
});

test('one run of a job at a time within a process', async () => {
  const s = new RunStore(freshRoot());
  const first = newRunId();
  const release = await s.acquireJobLock('job', first);
  assert.equal(await s.runningRun('job'), first);
  await assert.rejects(s.acquireJobLock('job', newRunId()), isCode('JobRunning', new RegExp(`^job job is already running \\(run ${first} started \\d{4}-`)));
  const otherJob = await s.acquireJobLock('another_job', newRunId()); // other jobs are not blocked
  await release();
  assert.equal(await s.runningRun('job'), undefined);
  const again = await s.acquireJobLock('job', newRunId());
  await again();
  await otherJob();
});

test('the job lock holds between processes, and a dead holder is taken over', async () => {
  const root = freshRoot();
  const s = new RunStore(root);
  const childRun = newRunId();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `const { RunStore } = require(${JSON.stringify(runStoreModule)});
       (async () => {
         const release = await new RunStore(${JSON.stringify(root)}).acquireJobLock('job', '${childRun}');
         process.stdout.write('locked\\n');
         await new Promise((resolve) => process.stdin.once('data', resolve)); // never comes: killed while holding
         await release();
       })().catch((e) => { console.error(e); process.exit(1); });`,
    ],
    { cwd: repoRoot },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('locked') && resolve());
    child.on('exit', () => reject(new Error(`child ended early: ${stderr}`)));
  });
  await assert.rejects(s.acquireJobLock('job', newRunId()), isCode('JobRunning', new RegExp(`already running \\(run ${childRun} started`)));
  assert.equal(await s.runningRun('job'), childRun);
  // the child is killed while it holds the lock
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(await s.runningRun('job'), undefined);
  const mine = newRunId();
  const release = await s.acquireJobLock('job', mine);
  assert.equal(await s.runningRun('job'), mine);
  await release();
});

test('reconcile removes job locks of dead processes', async () => {
  const root = freshRoot();
  const s = new RunStore(root);
  await fs.mkdir(path.join(root, 'locks'), { recursive: true });
  const lockFile = path.join(root, 'locks', 'job.lock');
  await fs.writeFile(lockFile, JSON.stringify({ pid: await deadPid(), token: 't', acquiredOn: '2024-01-01T00:00:00Z', runId: newRunId() }));
  const liveLock = path.join(root, 'locks', 'busy.lock');
  await fs.writeFile(liveLock, JSON.stringify({ pid: process.ppid, token: 't', acquiredOn: '2024-01-01T00:00:00Z', runId: newRunId() }));
  await s.reconcile();
  assert.deepEqual(await fs.readdir(path.join(root, 'locks')), ['busy.lock']);
});
