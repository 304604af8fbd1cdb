/**
 * readGlueScript keeps the plans it has read (a pipeline reads each script for its graph and again when the job
 * starts). What it hands out must still be the caller's own, and a different text or other arguments must give
 * their own plan.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readGlueScript } from '../../src/core/jobs/script';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'jobs');

describe('plans read before', () => {
  it('a second read gives an equal plan that the first caller cannot change', async () => {
    const file = path.join(FIXTURES, 'stedi', 'customer_landing_to_trusted.py');
    const text = await readFile(file, 'utf8');
    const first = await readGlueScript(text, file);
    const pristine = structuredClone(first);
    // the caller scribbles on its plan
    first.nodes.length = 0;
    first.sinks.push({ ...first.sinks[0]! });
    const second = await readGlueScript(text, file);
    assert.deepEqual(second, pristine);
    assert.notEqual(second.nodes.length, 0);
  });

  it('other arguments or another text give another plan', async () => {
    // the fixture's sink path is "s3://" + args["bucket"] + "/customer/trusted/"
    const file = path.join(FIXTURES, 'refused', 'args_unresolved.py');
    const text = await readFile(file, 'utf8');
    const a = await readGlueScript(text, file, { arguments: { '--bucket': 'bucket-a' } });
    const b = await readGlueScript(text, file, { arguments: { '--bucket': 'bucket-b' } });
    const sinkPath = (p: typeof a) => (p.sinks[0]!.kind === 's3' ? p.sinks[0]!.path : undefined);
    assert.equal(sinkPath(a), 's3://bucket-a/customer/trusted/');
    assert.equal(sinkPath(b), 's3://bucket-b/customer/trusted/');
    // an extra argument the script does not ask for changes nothing
    const again = await readGlueScript(text, file, { arguments: { '--x': '1', '--bucket': 'bucket-a' } });
    assert.equal(sinkPath(again), 's3://bucket-a/customer/trusted/');
    const edited = await readGlueScript(text.replace('/customer/trusted/', '/customer/elsewhere/'), file, { arguments: { '--bucket': 'bucket-a' } });
    assert.equal(sinkPath(edited), 's3://bucket-a/customer/elsewhere/');
  });
});
