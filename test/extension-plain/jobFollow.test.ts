// followRun (what "Run Job" and "Run Pipeline" do with a run) on the local target with the real job runner: a run
// followed to its end, and a cancel that stops the run itself (the wait then resolves with the STOPPED run).
// The AWS side (tail of CloudWatch lines, BatchStopJobRun) is in awsJobFollow.test.ts.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { followRun } from '../../src/extension/jobFollow';
import { sampleProject, type SampleProject } from '../panels/helpers';

describe('followRun on the local target', () => {
  let sample: SampleProject;
  before(async () => {
    sample = await sampleProject({ customers: 30, accelerometerRows: 300 });
  });
  after(async () => sample?.close());

  it('follows a run to SUCCEEDED; there is no live log locally', async () => {
    const jobs = sample.target.jobs;
    const started = await jobs.start('customer_landing_to_trusted');
    const lines: string[] = [];
    const { run, tailed } = await followRun(jobs, undefined, 'customer_landing_to_trusted', started.id, new AbortController().signal, { onLines: (l) => lines.push(...l) });
    assert.equal(run.state, 'SUCCEEDED');
    assert.equal(run.id, started.id);
    assert.equal(tailed, false);
    assert.deepEqual(lines, []);
  });

  it('cancelling stops the run itself: the wait goes on and resolves with the STOPPED run', async () => {
    const jobs = sample.target.jobs;
    const started = await jobs.start('accelerometer_landing_to_trusted');
    const ac = new AbortController();
    ac.abort();
    let stopping = 0;
    const { run } = await followRun(jobs, undefined, 'accelerometer_landing_to_trusted', started.id, ac.signal, { onStopping: () => stopping++ });
    assert.equal(stopping, 1);
    assert.equal(run.state, 'STOPPED');
    assert.equal((await jobs.run('accelerometer_landing_to_trusted', started.id))?.state, 'STOPPED', 'the run record says so too');
  });
});
