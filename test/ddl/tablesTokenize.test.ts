/**
 * `lakehouse tables` reads each DDL statement's text once per quoting mode (lexer.ts memo): the statement is split out
 * of its file, classified, its head read with Trino quoting and its body with Hive's, then run by the engine, which
 * splits and classifies it again — ~10 tokenizations of each statement before the memo (enough for V8 to optimize
 * the tokenizer in a 0.1 s process: docs/performance.md, session 10). Structural, not timed.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { createTables } from '../../src/core/actions/tables';
import { loadProject, projectFiles } from '../../src/core/project/manifest';
import { lexerStats, tokenize } from '../../src/core/sql/lexer';
import { splitStatements } from '../../src/core/sql/split';
import { LocalTarget } from '../../src/core/targets/local';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'runner', 'project');

test('createTables tokenizes each file once and each statement at most once per quoting mode (Trino, Hive) and its leading words', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-tokenize-'));
  try {
    await fs.cp(FIXTURE, root, { recursive: true });
    const project = await loadProject(root);
    const files = await projectFiles(project, 'sql');
    const statements = files.reduce((n, f) => n + splitStatements(f.text).length, 0);
    assert.ok(files.length >= 1 && statements >= 3, `${files.length} files, ${statements} statements`);
    // (other tests' texts stay out of the count: a text not read before is tokenized)
    const target = await LocalTarget.open(project, { threads: 1 });
    try {
      const before = lexerStats.tokenized;
      const results = await createTables(project, target);
      assert.equal(results.length, statements);
      const tokenized = lexerStats.tokenized - before;
      // each file once; each statement — and the CREATE DATABASE createTables runs first — with Trino's quoting, with
      // Hive's, and its leading words (statements.ts leadingWords: the text up to its first quote); 48 without the memo
      assert.ok(tokenized <= files.length + 3 * (statements + 1), `${tokenized} tokenizations for ${files.length} files of ${statements} statements`);
    } finally {
      await target.close();
    }
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});

test('a text read again gets its tokens anew (a copy the reader may shorten), and its syntax error at the position of each reading', () => {
  const text = `SELECT 'a;' AS x /* memo ${Date.now()} */;`;
  const first = tokenize(text);
  first.pop();
  assert.deepEqual(
    tokenize(text).map((t) => t.value),
    ['SELECT', 'a;', 'AS', 'x', ';'],
  );
  const broken = `SELECT 'open ${Date.now()}`;
  for (const base of [{ line: 1, column: 1 }, { line: 7, column: 3 }])
    assert.throws(
      () => tokenize(broken, { file: 'q.sql', ...base }),
      (e: Error & { detail?: { line?: number; column?: number } }) => e.detail?.line === base.line && e.detail?.column === base.column + 7,
    );
});
