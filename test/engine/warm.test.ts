/**
 * warm() opens the local engine ahead of a query (the extension calls it when a SQL editor shows). It never
 * rejects, and an engine that could not open still closes: a warm-up must not leave a target that cannot be closed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local/index';
import { tempProject } from './helpers';

describe('warming the local engine', () => {
  it('an engine that opens: warm() resolves and the next query runs', async () => {
    const p = await tempProject('warm');
    try {
      const target = await LocalTarget.open(await loadProject(p.root), { threads: 2 });
      await target.queries.warm!();
      const exec = await target.queries.wait((await target.queries.start('SELECT 6 * 7 AS answer')).id);
      assert.equal(exec.state, 'SUCCEEDED');
      assert.deepEqual((await target.queries.page(exec.id)).rows, [[42]]);
      await target.close();
    } finally {
      await p.cleanup();
    }
  });

  it('an engine that cannot open: warm() resolves, the query fails, and the target still closes', async () => {
    const p = await tempProject('badengine');
    try {
      // DuckDB refuses this thread count ("Failed to set config"); LocalTarget.open itself refuses a bad memory limit
      const target = await LocalTarget.open(await loadProject(p.root), { threads: 0 });
      await target.queries.warm!();
      const exec = await target.queries.wait((await target.queries.start('SELECT 1')).id);
      assert.equal(exec.state, 'FAILED');
      await target.close();
    } finally {
      await p.cleanup();
    }
  });
});
