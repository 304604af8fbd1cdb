/**
 * A script the local runner refuses, run again after a run that succeeded: the refusal is the job's latest run
 * (FAILED, the refusal its error and its log), so `lakehouse jobs` and `lakehouse logs` show the last attempt and
 * not the success before it — as a Glue job whose script fails shows a FAILED run as its latest.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { runPipeline } from '../../src/core/actions/pipeline';
import { makeProject, type TestProject } from './harness';

let tp: TestProject;
before(async () => {
  tp = await makeProject();
});
after(async () => {
  await tp.close();
});

test('a refused run is recorded as the job\'s latest run, FAILED, with the refusal in its log', async () => {
  const ok = await runPipeline(tp.project, tp.target, { jobs: ['readings_copy'] });
  assert.equal(ok.runs[0]?.state, 'SUCCEEDED');
  const file = path.join(tp.root, 'glue-scripts', 'readings_copy.py');
  const text = await fs.readFile(file, 'utf8');
  try {
    await fs.writeFile(file, text.replace('job.commit()', 'rows = SortedReadings_node2.toDF().rdd.map(lambda r: r)\njob.commit()'));
    await assert.rejects(runPipeline(tp.project, tp.target, { jobs: ['readings_copy'] }), /readings_copy\.py:34:\d+: DataFrame\.rdd cannot run on the local engine/);
    const [latest, previous] = await tp.target.jobs.runs('readings_copy');
    assert.equal(previous?.id, ok.runs[0]?.id, JSON.stringify(await tp.target.jobs.runs('readings_copy'), null, 1));
    assert.equal(latest?.state, 'FAILED');
    assert.match(latest?.errorMessage ?? '', /readings_copy\.py:34:\d+: DataFrame\.rdd cannot run/);
    assert.equal(latest?.errorLine, 34);
    assert.equal(latest?.rowsRead, undefined);
    const log = await tp.target.jobs.logs('readings_copy', latest!.id);
    assert.match(log.join('\n'), /refused before it started \(local engine\): nothing was read or written\n.* ERROR .*DataFrame\.rdd cannot run/);
  } finally {
    await fs.writeFile(file, text);
  }
});
