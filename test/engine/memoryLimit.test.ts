/**
 * The local engine's memory limit: what a user writes (`--memory-limit`, `lakehouse.local.memoryLimit`), what DuckDB
 * is given, the default (a share of the machine's memory), and the error when a statement needs more than it.
 * Spilling into the data folder is tested below; whether a 30M-row pipeline completes under 1 GB is a benchmark
 * (`npm run bench -- --sizes 30M --only pipeline --memory-limit 1GB`, docs/performance.md), not a test.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as os from 'node:os';
import * as path from 'node:path';
import { realpathSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { LakehouseError } from '../../src/core/errors';
import { DEFAULT_MEMORY_SHARE, defaultMemoryLimit, duckDbMemoryLimit, formatMemory, parseMemoryLimit } from '../../src/core/targets/local/memoryLimit';
import { tempProject } from './helpers';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

/** DuckDB's own rendering of its memory_limit setting, for an instance given `setting` */
async function duckdbShows(setting: string): Promise<string> {
  const inst = await DuckDBInstance.create(':memory:', { memory_limit: setting });
  try {
    const conn = await inst.connect();
    const v = String((await conn.runAndReadAll("SELECT current_setting('memory_limit')")).getRowsJson()[0]![0]);
    conn.closeSync();
    return v;
  } finally {
    inst.closeSync();
  }
}

describe('memory limit', () => {
  it('reads sizes with DuckDB\'s units (KB, MB, GB: powers of 1000; KiB, MiB, GiB: of 1024), any case, and shares of the machine\'s memory', () => {
    assert.equal(parseMemoryLimit('2GB'), 2e9);
    assert.equal(parseMemoryLimit('1.5GiB'), 1.5 * GiB);
    assert.equal(parseMemoryLimit('512mb'), 512e6);
    assert.equal(parseMemoryLimit(' 768 MiB '), 768 * MiB);
    assert.equal(parseMemoryLimit('1TB'), 1e12);
    assert.equal(parseMemoryLimit('40%', 16 * GiB), Math.floor(0.4 * 16 * GiB));
    assert.equal(parseMemoryLimit('100%', 8 * GiB), 8 * GiB);
  });

  it('refuses what it cannot read, and a limit too small to run anything, saying what it takes', () => {
    for (const [text, why] of [
      ['1024', /give a size with its unit, e\.g\. 2GB/],
      ['lots', /give a size with its unit/],
      ['2XB', /give a size with its unit/],
      ['0%', /more than 0 and at most 100/],
      ['150%', /more than 0 and at most 100/],
      ['10MB', /that is 9\.5 MiB: the engine needs at least 64 MiB/],
    ] as const)
      assert.throws(() => parseMemoryLimit(text), (e: unknown) => e instanceof LakehouseError && e.code === 'InvalidInput' && e.message.startsWith(`memory limit "${text}": `) && why.test(e.message), text);
  });

  it('the default is a share of the machine\'s memory', () => {
    assert.equal(defaultMemoryLimit(16 * GiB), DEFAULT_MEMORY_SHARE * 16 * GiB);
    assert.equal(defaultMemoryLimit(os.totalmem()), Math.floor(os.totalmem() * DEFAULT_MEMORY_SHARE));
    assert.equal(formatMemory(1.5 * GiB), '1.5 GiB');
    assert.equal(formatMemory(64 * MiB), '64 MiB');
  });

  it('reaches DuckDB: the given limit, else the default; a bad one fails opening the target, naming it', async () => {
    const p = await tempProject('memlimit');
    try {
      const shown = async (options: { memoryLimit?: string }) => {
        const target = await p.open(options);
        const conn = await target.queries.connect();
        try {
          return String((await conn.runAndReadAll("SELECT current_setting('memory_limit')")).getRowsJson()[0]![0]);
        } finally {
          conn.closeSync();
        }
      };
      assert.equal(await shown({ memoryLimit: '1GiB' }), '1.0 GiB');
      assert.equal(await shown({ memoryLimit: '1.5GB' }), await duckdbShows('1.5GB'));
      assert.equal(await shown({}), await duckdbShows(duckDbMemoryLimit(defaultMemoryLimit())));
      await assert.rejects(p.open({ memoryLimit: '2 gigs' }), /memory limit "2 gigs": give a size with its unit/);
    } finally {
      await p.cleanup();
    }
  });

  it('beyond the limit DuckDB spills into the data folder (<data>/tmp/duckdb-<pid>/), nowhere else', async () => {
    const p = await tempProject('memlimit-spill');
    try {
      const target = await p.open({ memoryLimit: '64MiB' });
      const conn = await target.queries.connect();
      try {
        // 8M rows of two BIGINTs (~128 MB) held in a temporary table: more than the 64 MiB limit, so DuckDB must
        // write blocks to its temporary directory (without one it fails with "Out of Memory")
        await conn.run('CREATE TEMP TABLE big AS SELECT i, i * 7 AS j FROM range(8000000) t(i)');
        const files = (await conn.runAndReadAll('SELECT path, size FROM duckdb_temporary_files()')).getRowObjectsJson() as { path: string; size: string }[];
        assert.ok(files.length > 0, 'blocks were spilled');
        const spillDir = path.join(realpathSync(p.root), '.lakehouse', 'tmp', `duckdb-${process.pid}`);
        for (const f of files) assert.equal(realpathSync(path.dirname(path.resolve(f.path))), spillDir, f.path);
        assert.ok(files.reduce((n, f) => n + Number(f.size), 0) >= 32 * MiB, JSON.stringify(files));
        // the table is whole
        const [row] = (await conn.runAndReadAll('SELECT count(*)::BIGINT AS n, sum(j)::HUGEINT AS s FROM big')).getRowsJson();
        assert.deepEqual(row, ['8000000', String((7n * 7999999n * 8000000n) / 2n)]);
        await conn.run('DROP TABLE big');
      } finally {
        conn.closeSync();
      }
    } finally {
      await p.cleanup();
    }
  });
  it('DuckDB running out of memory is reported with the limit and how to raise it', async () => {
    const p = await tempProject('memlimit');
    try {
      const target = await p.open({ memoryLimit: '64MiB' });
      // DuckDB's message when an operator that cannot spill (one list aggregated from many rows, say) needs more
      const e = await target.queries.explainFailure(new Error('Out of Memory Error: could not allocate block of size 256.0 KiB (63.9 MiB/64.0 MiB used)'), '', [], []);
      assert.match(e.message, /^Out of Memory Error: could not allocate block of size 256\.0 KiB \(63\.9 MiB\/64\.0 MiB used\) — /);
      assert.match(e.message, /the local engine's memory limit, 64 MiB, was not enough even spilling to .*tmp: raise it with --memory-limit \(CLI\) or lakehouse\.local\.memoryLimit \(VS Code\), or use the AWS target/);
    } finally {
      await p.cleanup();
    }
  });
});
