/**
 * Readers never see a gap: while a job in one process rewrites a table again and again (purge + a catalog-updating
 * sink: 300 rows, then 500, then 300… in 10 partition folders), queries in three other processes — each with its
 * own DuckDB, as the CLI and the extension are — count its rows. Every count must be one of the two outputs: never
 * 0 (the old folder moved away, the new one not in yet), never an error ("No files found"), never a mix of files of
 * two writes. Deterministic: no timing is asserted; the readers read for as long as the writer runs 30 more jobs.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { createTables } from '../../src/core/actions/tables';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local';
import { nextEvent, spawnScript, type Child } from './child';
import { REPO } from './harness';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'commit');
const READERS = 3;
const RUNS_WHILE_READING = 30;
/** what the two jobs write: `v < 300` and `v < 500` of the 500 landing rows */
const VALID = new Set([300, 500]);

test('queries in three other processes count a table a job rewrites in a loop: always the old rows or the new, no error', async (t) => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lh-readers-'));
  const children: Child[] = [];
  try {
    await fs.cp(path.join(FIXTURES, 'project'), root, { recursive: true });
    const project = await loadProject(root);
    const target = await LocalTarget.open(project, { threads: 1 });
    try {
      await createTables(project, target);
      await target.storage.createBucket('commit-test');
      const lines = Array.from({ length: 500 }, (_, v) => JSON.stringify({ gen: 1, p: v % 10, v }));
      await target.storage.put('commit-test', 'events/landing/events-1.json', `${lines.join('\n')}\n`);
      const first = await target.jobs.wait('small', (await target.jobs.start('small')).id);
      assert.equal(first.state, 'SUCCEEDED', first.errorMessage);
    } finally {
      await target.close();
    }

    const writer = spawnScript(path.join(FIXTURES, 'job-loop.ts'), [root, 'big,small']);
    children.push(writer);
    await nextEvent(writer, 'ready');
    const readers = Array.from({ length: READERS }, () => spawnScript(path.join(FIXTURES, 'count-loop.ts'), [root, 'lake', 't']));
    children.push(...readers);
    await Promise.all(readers.map((r) => nextEvent(r, 'ready')));
    // the readers read while the writer commits RUNS_WHILE_READING more runs
    for (let runs = 0; runs < RUNS_WHILE_READING; runs++) {
      const e = await nextEvent(writer, 'run');
      assert.equal(e['state'], 'SUCCEEDED', String(e['error']));
    }
    for (const c of children) c.proc.stdin!.end();
    const codes = await Promise.all(children.map((c) => c.exited));
    assert.deepEqual(codes, children.map(() => 0), children.map((c) => c.stderr()).join('\n'));

    const results = readers.map((r) => r.seen.filter((e) => e.event === undefined));
    const bad = results.flat().filter((e) => e['error'] !== undefined || !VALID.has(e['count'] as number));
    const counts = results.flat().map((e) => e['count']);
    t.diagnostic(`${counts.length} reads (${results.map((r) => r.length).join(' + ')}); 300: ${counts.filter((c) => c === 300).length}, 500: ${counts.filter((c) => c === 500).length}`);
    assert.deepEqual(bad, [], `${bad.length} of ${counts.length} reads saw something else than 300 or 500 rows`);
    for (const r of results) assert.ok(r.length > 0, 'every reader read');
  } finally {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    await fs.rm(root, { recursive: true, force: true });
  }
});
