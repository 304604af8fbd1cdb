/**
 * The engine asks DuckDB for its own views — which the read-only guard refuses (queryGuard.ts) — on a connection of
 * its own as DuckDB opens (engine.ts db()), while the process goes on with other work. An engine closed right after
 * it opened, that query perhaps still running, closes cleanly (it waits for the query); later engines answer and
 * refuse as before.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local/index';
import { fails, q, tempProject } from './helpers';

describe("DuckDB's own views learnt as the engine opens", () => {
  test('engines closed right after opening close cleanly; the next one answers queries and still refuses those views', async () => {
    const p = await tempProject();
    try {
      for (let i = 0; i < 4; i++) {
        const t = await LocalTarget.open(await loadProject(p.root), { threads: 2 });
        await t.queries.warm({ for: 'jobs' });
        await t.close();
      }
      const t = await p.open();
      assert.deepEqual((await q(t, 'SELECT 41 + 1 AS answer')).rows, [[42]]);
      for (const view of ['duckdb_views', 'duckdb_settings', 'pg_class']) {
        const refused = await fails(t, `SELECT * FROM ${view}`);
        assert.match(refused.error!.message, new RegExp(view), `${view}: ${refused.error!.message}`);
      }
    } finally {
      await p.cleanup();
    }
  });
});
