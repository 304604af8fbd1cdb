/**
 * The extension wraps the target's query engine to track running queries (Cancel Query, the status bar). The
 * wrapper must keep the engine's optional abilities: without `prepareObjects` an upload from the extension did not
 * learn the JSON key spellings of the files it put, and without `warm` nothing could open DuckDB ahead of a query.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { QueryEngine } from '../../src/core/target';
import type { LocalTarget } from '../../src/core/targets/local/index';
import { TrackedQueries } from '../../src/extension/trackedQueries';
import { BUCKET, ndjson, tempProject, type TestProject } from '../engine/helpers';

let project: TestProject;
let t: LocalTarget;

before(async () => {
  project = await tempProject('tracked');
  t = await project.open();
  await t.storage.createBucket(BUCKET);
});
after(async () => {
  await project.cleanup();
});

describe('TrackedQueries keeps the optional abilities of the engine it wraps', () => {
  it('prepareObjects reaches the local engine: the key spellings of the files are recorded', async () => {
    await t.storage.put(BUCKET, 'up/a.json', ndjson([{ customerName: 'a' }, { CUSTOMERNAME: 'b', email: 'b@x' }]));
    const tracked = new TrackedQueries(t.queries, () => undefined);
    assert.equal(typeof tracked.prepareObjects, 'function');
    await tracked.prepareObjects!(BUCKET, ['up/a.json']);
    await t.close(); // writes the key cache
    const cache = JSON.parse(await fs.readFile(path.join(project.root, '.lakehouse', 'cache', 'json-keys.json'), 'utf8')) as Record<string, { keys: string[] }>;
    const entry = Object.entries(cache).find(([file]) => file.endsWith(path.join('up', 'a.json')));
    assert.ok(entry, `a.json in the cache: ${Object.keys(cache).join(', ')}`);
    assert.deepEqual(entry[1].keys.slice().sort(), ['CUSTOMERNAME', 'customerName', 'email']);
    t = await project.open();
  });

  it('warm reaches the local engine and resolves; a query runs after it, and the running count follows', async () => {
    const counts: number[] = [];
    const tracked = new TrackedQueries(t.queries, (n) => counts.push(n));
    assert.equal(typeof tracked.warm, 'function');
    await tracked.warm!();
    const started = await tracked.start('SELECT 42 AS answer');
    const done = await tracked.wait(started.id);
    assert.equal(done.state, 'SUCCEEDED');
    assert.deepEqual((await tracked.page(started.id)).rows, [[42]]);
    // the count went to 1 and back to 0 (the tracker waits for the execution on its own)
    for (let i = 0; i < 50 && counts.at(-1) !== 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(counts, [1, 0]);
  });

  it('an engine without them (the AWS engine has neither) gives a wrapper without them', () => {
    const inner = t.queries;
    const bare: QueryEngine = {
      start: (sql, context) => inner.start(sql, context),
      status: (id) => inner.status(id),
      wait: (id, options) => inner.wait(id, options),
      page: (id, options) => inner.page(id, options),
      cancel: (id) => inner.cancel(id),
      export: (id, options) => inner.export(id, options),
    };
    const tracked = new TrackedQueries(bare, () => undefined);
    assert.equal(tracked.warm, undefined);
    assert.equal(tracked.prepareObjects, undefined);
  });
});
