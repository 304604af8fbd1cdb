/**
 * The three escapes of issue 12, each through every door it had: the engine API the extension's Run SQL uses,
 * `lakehouse query`, `lakehouse tables` (every statement of sql/*.sql) and `lakehouse run`. Each attempt must fail
 * with a message naming what was refused, and nothing outside the project may be written or read (lab.ts).
 * On the code before the fix each of them wrote or read the canary (a job wrote a shell script, a query wrote a
 * file and read the secret).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { assertRefused, openLab, sqlNodeScript, sqlString, type Lab } from './lab';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

function lakehouse(lab: Lab, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, '--dir', lab.root, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  lab.saw(args.join(' '), r.stdout, r.stderr);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let lab: Lab;
before(async () => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
  lab = await openLab();
});
after(async () => {
  await lab.assertUntouched();
  await lab.close();
});

describe('escape 1: a Glue SQL Query node closing the wrapper around its query', () => {
  // the query as the issue gives it: `SELECT * FROM (<query>)` became three statements, the second a COPY
  const query = () =>
    `select 1 as a); COPY (SELECT 'echo owned') TO ${sqlString(lab.canaryPath('owned.sh'))} (HEADER false, QUOTE ''); CREATE TEMP VIEW v AS (select 1`;

  test('the job run fails at the query, naming the script line and the syntax error, and writes nothing', async () => {
    const script = sqlNodeScript(query());
    const line = script.split('\n').findIndex((l) => l.startsWith('select 1 as a);')) + 1;
    const run = await lab.runScript('escape1', script);
    assert.equal(run.state, 'FAILED');
    assert.equal(run.errorMessage, `glue-scripts/escape1.py:${line}: SQL Query node SQL Query: [PARSE_SYNTAX_ERROR] Syntax error at or near ')'`);
    assert.equal(run.rowsWritten, undefined);
    await lab.assertUntouched();
  });

  test('lakehouse run exits non-zero with the same message', async () => {
    const r = lakehouse(lab, ['run', 'escape1']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr + r.stdout, /escape1\.py:\d+: SQL Query node SQL Query: \[PARSE_SYNTAX_ERROR\] Syntax error at or near '\)'/);
    await lab.assertUntouched();
  });
});

describe("escape 2: an E'…' string our splitter read as one statement and DuckDB as two", () => {
  const sql = () => `SELECT E'\\'' AS a; COPY (SELECT 1) TO $$${lab.canaryPath('e2.csv')}$$; --'`;

  test('Run SQL (the engine API): refused, naming the second statement and where it starts', async () => {
    assertRefused(await lab.attempt(sql()), /^line 1:20: only one statement can run at a time; a second one \(COPY\) starts at line 1, column 20$/);
    await lab.assertUntouched();
  });

  test('lakehouse query: exit 1, the same message', async () => {
    const r = lakehouse(lab, ['query', sql()]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /only one statement can run at a time; a second one \(COPY\) starts at line 1, column 20/);
    await lab.assertUntouched();
  });

  test('lakehouse tables (sql/*.sql): the COPY is refused, named with its file, line and column', async () => {
    const file = path.join(lab.root, 'sql', 'zz_escape2.sql');
    await fs.writeFile(file, `-- looks like one statement\n${sql()}\n`);
    try {
      const r = lakehouse(lab, ['tables']);
      assert.equal(r.code, 1);
      // the statements are split where DuckDB splits them; Create Tables skips the SELECT (not DDL) and the COPY,
      // a statement Athena does not have, is refused at its position before anything runs
      assert.match(r.stderr, /sql\/zz_escape2\.sql:2:20: expected a statement \(SELECT, WITH, CREATE, INSERT, DROP, SHOW, DESCRIBE, MSCK, USE, EXPLAIN …\) but found 'COPY'/);
    } finally {
      await fs.rm(file);
    }
    await lab.assertUntouched();
  });
});

describe('escape 3: reading any file with DuckDB table functions', () => {
  const readers = () => [
    ['read_text', `SELECT content FROM read_text(${sqlString(lab.secretFile)})`],
    ['read_csv', `SELECT * FROM read_csv(${sqlString(lab.secretFile)}, header = false)`],
    ['read_json', `SELECT * FROM read_json(${sqlString(lab.secretFile)})`],
    ['glob', `SELECT file FROM glob(${sqlString(`${lab.canary}/*`)})`],
    ['read_parquet', `SELECT * FROM read_parquet(${sqlString(lab.secretFile)})`],
  ];

  // (an Athena query: Trino's grammar has no table function called like this in FROM, and stops at its argument)
  test('read_text of /etc/hostname, as the issue gives it, is refused', async () => {
    assertRefused(await lab.attempt(`SELECT content FROM read_text('/etc/hostname')`), /^line 1:31: mismatched input ''\/etc\/hostname''$/);
  });

  test('read_text, read_csv, read_json, glob and read_parquet of the secret: refused, at their argument', async () => {
    for (const [, sql] of readers()) assertRefused(await lab.attempt(sql!), /^line 1:\d+: mismatched input ''.*''$/);
    await lab.assertUntouched();
  });

  test('lakehouse query: exit 1, refused, the secret nowhere', async () => {
    const r = lakehouse(lab, ['query', readers()[0]![1]!]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /line 1:31: mismatched input/);
    await lab.assertUntouched();
  });
});
