/**
 * The second wall: the engine's DuckDB itself is confined to the project's data folder, whatever SQL reaches it.
 * These tests go around the first wall (queryGuard.ts) on purpose, through the engine's own connections, as a bug
 * in it would; and they check that what the engine legitimately does still works under the lock: its per-connection
 * settings (Athena's and Spark's arithmetic, the profiler), reading and writing in the data folder, and exports to a
 * folder the user chose outside the project (written in the data folder, then moved).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync, promises as fs, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInstance } from '../../src/core/targets/local/duck';
import { moveFile } from '../../src/core/targets/local/fsutil';
import { DATABASE, openLab, sqlString, type Lab } from './lab';

let lab: Lab;
let dataDir: string;
before(async () => {
  lab = await openLab();
  dataDir = path.join(lab.root, '.lakehouse');
});
after(async () => {
  await lab.assertUntouched();
  await lab.close();
});

async function withConn<T>(dialect: 'athena' | 'spark', body: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const conn = await lab.target.queries.connect(DATABASE, dialect);
  try {
    return await body(conn);
  } finally {
    conn.closeSync();
  }
}

async function value(conn: DuckDBConnection, sql: string): Promise<unknown> {
  return (await conn.runAndReadAll(sql)).getRowsJson()[0]?.[0];
}

const PERMISSION = /Permission Error: Cannot access (file|directory) .* file system operations are disabled by configuration/;
const LOCKED = /Cannot change configuration option .* the configuration has been locked/;

describe("the engine's DuckDB, reached without the first wall", () => {
  test('reads no file outside the data folder: the secret, a replacement scan, a glob, a relative path', async () => {
    await withConn('athena', async (conn) => {
      await assert.rejects(conn.run(`SELECT content FROM read_text(${sqlString(lab.secretFile)})`), PERMISSION);
      await assert.rejects(conn.run(`SELECT * FROM ${sqlString(lab.secretFile)}`), PERMISSION);
      await assert.rejects(conn.run(`SELECT * FROM glob(${sqlString(`${lab.canary}/*`)})`), PERMISSION);
      await assert.rejects(conn.run(`SELECT * FROM read_csv('package.json')`), PERMISSION);
    });
  });

  test('writes no file outside: COPY, ATTACH, EXPORT DATABASE', async () => {
    await withConn('athena', async (conn) => {
      await assert.rejects(conn.run(`COPY (SELECT 'owned') TO ${sqlString(lab.canaryPath('copy.sh'))}`), PERMISSION);
      await assert.rejects(conn.run(`COPY (SELECT 'owned') TO '${lab.token}-relative.csv'`), PERMISSION);
      await assert.rejects(conn.run(`ATTACH ${sqlString(lab.canaryPath('x.db'))} AS x`), PERMISSION);
      await assert.rejects(conn.run(`EXPORT DATABASE ${sqlString(lab.canaryPath('export'))}`), PERMISSION);
    });
    await lab.assertUntouched();
  });

  test('a folder whose name only starts like the data folder, and a path climbing out of it with .., are outside', async () => {
    const sibling = `${dataDir}-sibling`;
    await fs.mkdir(sibling, { recursive: true });
    await fs.writeFile(path.join(sibling, 'x.csv'), 'a\n1\n');
    try {
      await withConn('athena', async (conn) => {
        await assert.rejects(conn.run(`SELECT * FROM read_csv(${sqlString(path.join(sibling, 'x.csv'))})`), PERMISSION);
        await assert.rejects(conn.run(`SELECT * FROM read_text(${sqlString(`${dataDir}/../${path.relative(lab.root, lab.secretFile)}`)})`), PERMISSION);
        await assert.rejects(conn.run(`SELECT * FROM read_text(${sqlString(path.join(dataDir, '..', 'lakehouse.json'))})`), PERMISSION);
      });
    } finally {
      await fs.rm(sibling, { recursive: true, force: true });
    }
  });

  test('installs and loads no extension', async () => {
    await withConn('athena', async (conn) => {
      await assert.rejects(conn.run('INSTALL httpfs'), PERMISSION);
      await assert.rejects(conn.run('LOAD httpfs'), /Permission Error|disabled through configuration/);
    });
  });

  test('its sandbox cannot be undone: every setting that would open it is locked', async () => {
    await withConn('athena', async (conn) => {
      for (const sql of [
        'SET enable_external_access = true',
        "SET allowed_directories = ['/']",
        "SET allowed_paths = ['/etc/passwd']",
        'RESET allowed_directories',
        'SET lock_configuration = false',
        "SET allowed_configs = ['enable_external_access']",
        "SET temp_directory = '/tmp'",
        'SET autoload_known_extensions = true',
        'SET allow_community_extensions = true',
      ])
        await assert.rejects(conn.run(sql), LOCKED, sql);
    });
  });

  test('reads and writes inside the data folder, as the engine does', async () => {
    await withConn('athena', async (conn) => {
      const file = path.join(dataDir, 'tmp', `${lab.token}-inside.csv`);
      await conn.run(`COPY (SELECT 42 AS n) TO ${sqlString(file)} (FORMAT csv, HEADER true)`);
      assert.equal(Number(await value(conn, `SELECT n FROM read_csv(${sqlString(file)})`)), 42);
      await fs.rm(file);
    });
  });
});

describe('what the engine sets per connection still works after the lock', () => {
  test("Spark's arithmetic on its connections (ieee_floating_point_ops); both kinds in UTC", async () => {
    // (Athena SQL is translated before DuckDB sees it: its arithmetic is in the SQL, not in settings)
    await withConn('athena', async (athena) => {
      await withConn('spark', async (spark) => {
        assert.equal(Number(await value(spark, 'SELECT 7 / 2')), 3.5);
        assert.equal(await value(spark, 'SELECT 1 / 0'), null);
        assert.match(String(await value(athena, "SELECT current_setting('TimeZone')")), /^(Etc\/)?UTC$/);
        assert.match(String(await value(spark, "SELECT current_setting('TimeZone')")), /^(Etc\/)?UTC$/);
      });
    });
  });

  test("the job runner's profiler writes its profile in the data folder, and nowhere else", async () => {
    await withConn('spark', async (conn) => {
      const inside = path.join(dataDir, 'tmp', `${lab.token}-profile.json`);
      await conn.run(`PRAGMA enable_profiling='json'; PRAGMA profiling_output=${sqlString(inside)}`);
      await conn.run('SELECT count(*) FROM (VALUES (1), (2)) AS t(x)');
      await conn.run('PRAGMA disable_profiling');
      assert.ok(existsSync(inside));
      await fs.rm(inside);
      await conn.run(`PRAGMA enable_profiling='json'; PRAGMA profiling_output=${sqlString(lab.canaryPath('profile.json'))}`);
      await conn.run('SELECT 1').catch(() => undefined);
      await conn.run('PRAGMA disable_profiling');
    });
    await lab.assertUntouched();
  });

  test('a progress bar can be switched on for a connection', async () => {
    await withConn('athena', async (conn) => {
      await conn.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
      assert.equal(await value(conn, "SELECT current_setting('enable_progress_bar')"), true);
    });
  });
});

describe('an instance that only parses (the engine finds a query\'s tables with one) touches no file', () => {
  test('no file at all, not even in the working folder\'s .tmp', async () => {
    const instance = await createInstance({ threads: 1 });
    const conn = await instance.connect();
    try {
      await assert.rejects(conn.run(`SELECT * FROM read_text(${sqlString(path.join(dataDir, 'catalog.json'))})`), PERMISSION);
      await assert.rejects(conn.run(`COPY (SELECT 1) TO '.tmp/${lab.token}.csv'`), PERMISSION);
      assert.deepEqual(await value(conn, "SELECT current_setting('allowed_directories')"), []);
      await assert.rejects(conn.run('SET enable_external_access = true'), LOCKED);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});

describe('normal use under the sandbox', () => {
  test('CTAS, INSERT, a view and a query over them', async () => {
    for (const sql of [
      "CREATE TABLE consented WITH (format = 'JSON') AS SELECT customername, email FROM customer_landing WHERE sharewithresearchasofdate IS NOT NULL",
      "INSERT INTO consented VALUES ('Cy', 'cy@example.com')",
      'CREATE VIEW consented_names AS SELECT customername FROM consented',
      'EXPLAIN SELECT * FROM consented_names',
    ]) {
      const e = await lab.attempt(sql);
      assert.equal(e.state, 'SUCCEEDED', `${sql}: ${e.error?.message}`);
    }
    const e = await lab.attempt('SELECT customername FROM consented_names ORDER BY 1');
    assert.equal(e.state, 'SUCCEEDED', e.error?.message);
    assert.deepEqual((await lab.target.queries.page(e.id)).rows, [['Ada'], ['Cy']]);
  });

  test('an export goes to a folder outside the project (CSV, JSON, Parquet), and nothing stays in the data folder', async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-sec-export-'));
    try {
      const e = await lab.attempt('SELECT email FROM customer_landing ORDER BY email');
      for (const format of ['csv', 'json', 'parquet'] as const) {
        const file = path.join(out, `emails.${format}`);
        const written = await lab.target.queries.export(e.id, { format, file });
        assert.equal(written.rows, 2);
        assert.equal(written.bytes, statSync(file).size);
      }
      assert.equal((await fs.readFile(path.join(out, 'emails.csv'), 'utf8')).trim(), 'email\nada@example.com\nbob@example.com');
      assert.deepEqual(JSON.parse(await fs.readFile(path.join(out, 'emails.json'), 'utf8')), [{ email: 'ada@example.com' }, { email: 'bob@example.com' }]);
      assert.deepEqual((await fs.readdir(path.join(dataDir, 'tmp'))).filter((f) => f.includes('export')), []);
    } finally {
      await fs.rm(out, { recursive: true, force: true });
    }
  });

  // /dev/shm is a tmpfs: another file system than the temp folder here, so the move is a copy
  const otherDevice = existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(os.tmpdir()).dev ? '/dev/shm' : undefined;
  test('an export to another file system is copied whole, then the file in the data folder is gone', { skip: otherDevice === undefined && 'no second file system here' }, async () => {
    const out = await fs.mkdtemp(path.join(otherDevice!, 'lh-sec-export-'));
    try {
      const e = await lab.attempt('SELECT email FROM customer_landing ORDER BY email');
      const file = path.join(out, 'emails.csv');
      await lab.target.queries.export(e.id, { format: 'csv', file });
      assert.equal((await fs.readFile(file, 'utf8')).trim(), 'email\nada@example.com\nbob@example.com');
      assert.deepEqual(await fs.readdir(out), ['emails.csv'], 'no temp file left beside it');
      assert.deepEqual((await fs.readdir(path.join(dataDir, 'tmp'))).filter((f) => f.includes('export')), []);
    } finally {
      await fs.rm(out, { recursive: true, force: true });
    }
  });

  test('moveFile into a folder that does not exist fails and leaves no file behind', async () => {
    const from = path.join(dataDir, 'tmp', `${lab.token}-move.csv`);
    await fs.writeFile(from, 'x\n');
    await assert.rejects(moveFile(from, path.join(lab.root, 'no-such-folder', 'x.csv')), /ENOENT/);
    assert.ok(!existsSync(from));
  });
});
