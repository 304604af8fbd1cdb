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
import { DuckDBInstance, version, type DuckDBConnection } from '@duckdb/node-api';
import { assertReadOnlyQuery, forgetInternalViews, learnInternalViews } from '../../src/core/targets/local/queryGuard';
import { TranslationCache } from '../../src/core/targets/local/translationCache';
import * as path from 'node:path';
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

  test("the names are kept between processes, per DuckDB library: a process that finds them does not ask DuckDB", async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const store = new Map<string, unknown>();
    const kept = { get: async (k: unknown) => store.get(JSON.stringify(k)), set: async (k: unknown, v: unknown) => void store.set(JSON.stringify(k), v) };
    const asked: string[] = [];
    const notAsked = { runAndReadAll: async (sql: string) => (asked.push(sql), Promise.reject(new Error('DuckDB was asked'))) } as unknown as DuckDBConnection;
    try {
      forgetInternalViews();
      await learnInternalViews(conn, kept, 'library-1');
      const names = store.get(JSON.stringify(['duckdb internal views', 'library-1'])) as string[];
      for (const view of ['duckdb_views', 'sqlite_master', 'pg_class']) assert.ok(names.includes(view), view);

      // the next process of the same build and library: taken from the store, and refused as before
      forgetInternalViews();
      await learnInternalViews(notAsked, kept, 'library-1');
      assert.deepEqual(asked, []);
      await assert.rejects(assertReadOnlyQuery(conn, 'SELECT * FROM pg_class'), /pg_class/);

      // another DuckDB library: asked anew
      forgetInternalViews();
      await learnInternalViews(notAsked, kept, 'library-2');
      assert.equal(asked.length, 1);
    } finally {
      forgetInternalViews();
      conn.closeSync();
      instance.closeSync();
    }
  });

  test("a local target keeps them with its translations (per build); one without a build keeps nothing", async () => {
    const p = await tempProject();
    try {
      forgetInternalViews();
      const t = await LocalTarget.open(await loadProject(p.root), { threads: 2, planBuild: 'test-build' });
      await t.queries.warm({ for: 'jobs' });
      await t.close();
      const file = path.join(p.root, '.lakehouse', 'cache', 'translations.bin');
      const names = (await new TranslationCache(file, 'test-build').uncounted.get(['duckdb internal views', version()])) as string[];
      assert.ok(names.includes('pg_class'));
      assert.equal(await new TranslationCache(file, 'another-build').uncounted.get(['duckdb internal views', version()]), undefined);
    } finally {
      forgetInternalViews();
      await p.cleanup();
    }
  });
});

