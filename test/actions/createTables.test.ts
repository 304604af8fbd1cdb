// "Create Tables" (createTables, behind `lakehouse tables` and the extension's command) runs the DDL of sql/ only,
// and a failing DDL statement stops only the statements that need what it should have made. The project is made
// here with hand-written files; what must run, be skipped or fail follows from the statements themselves.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { initProject } from '../../src/core/actions/init';
import { createTables, DdlFailedError, type DdlSkipped } from '../../src/core/actions/tables';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget } from '../../src/core/targets/local';

const json = (name: string): string =>
  `CREATE EXTERNAL TABLE IF NOT EXISTS ${name} (id bigint, email string)\nROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\nLOCATION 's3://ddl-only/${name}/';`;

describe('Create Tables: DDL only, and past a failing statement', () => {
  let dir: string;
  let target: LocalTarget;
  let error: unknown;
  const skipped: DdlSkipped[] = [];
  let ran: string[] = [];

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-ddl-only-'));
    await initProject(dir, { name: 'ddlonly', bucket: 'ddl-only', database: 'ddlonly' });
    const sql = path.join(dir, 'sql');
    // files run in name order: a user's explorations first, whose failing query must not stop anything
    await fs.writeFile(path.join(sql, '00_explore.sql'), 'SELECT count(*) FROM no_such_table;\nSHOW TABLES;\n');
    await fs.writeFile(path.join(sql, '10_good.sql'), `${json('good')}\n`);
    // a typo in LOCATION: this CREATE fails
    await fs.writeFile(path.join(sql, '20_broken.sql'), `${json('broken').replace('LOCATION', 'LOCATON')}\n`);
    // what needs the broken table: skipped, naming the statement it waits for
    await fs.writeFile(
      path.join(sql, '30_needs_broken.sql'),
      'ALTER TABLE broken ADD COLUMNS (extra string);\nCREATE OR REPLACE VIEW broken_view AS SELECT id FROM "ddlonly"."broken";\nCREATE OR REPLACE VIEW good_view AS SELECT id FROM good;\n',
    );
    // what does not: runs
    await fs.writeFile(path.join(sql, '40_other.sql'), `${json('other')}\nINSERT INTO other VALUES (1, 'a@example.com');\n`);
    const project = await loadProject(dir);
    target = await LocalTarget.open(project, { threads: 1 });
    try {
      ran = (await createTables(project, target, { onSkipped: (s) => skipped.push(s) })).map((r) => `${r.file}:${r.line}`);
    } catch (e) {
      error = e;
    }
  });

  after(async () => {
    await target?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('the run ends with an error naming the failing statement\'s file, line and column', () => {
    assert.ok(error instanceof DdlFailedError, String(error));
    assert.equal(error.failures.length, 1);
    assert.match(error.message, /^sql\/20_broken\.sql:3:1: .*LOCATON/);
    assert.deepEqual(error.detail, { file: 'sql/20_broken.sql', line: 3, column: 1 });
  });

  test('two failed statements: the error gives each one\'s position and message, one a line (not only the first\'s)', () => {
    const failures = [
      { file: 'sql/01_a.sql', line: 4, column: 10, message: "unknown column type 'doubel'", cancelled: false },
      { file: 'sql/02_b.sql', line: 1, column: 1, message: 'its SerDe x is not supported', cancelled: false },
    ];
    const e = new DdlFailedError(failures, [], []);
    assert.equal(e.message, "sql/01_a.sql:4:10: unknown column type 'doubel'\nsql/02_b.sql:1:1: its SerDe x is not supported");
    assert.deepEqual(e.detail, { file: 'sql/01_a.sql', line: 4, column: 10 });
  });

  test('queries, SHOW and INSERT are skipped as not DDL; nothing of theirs ran', () => {
    const notDdl = skipped.filter((s) => s.why === 'not-ddl').map((s) => `${s.file}:${s.line}`);
    assert.deepEqual(notDdl, ['sql/00_explore.sql:1', 'sql/00_explore.sql:2', 'sql/40_other.sql:4']);
    assert.match(skipped[0]!.reason, /^a query, not DDL/);
    assert.ok(error instanceof DdlFailedError);
    assert.ok(!error.results.some((r) => /^(SELECT|SHOW|INSERT)/i.test(r.sql)), 'no query ran');
  });

  test('the statements needing the failed table are skipped, naming it; the others ran', async () => {
    const depends = skipped.filter((s) => s.why === 'depends');
    assert.deepEqual(depends.map((s) => `${s.file}:${s.line}`), ['sql/30_needs_broken.sql:1', 'sql/30_needs_broken.sql:2']);
    for (const s of depends) assert.match(s.reason, /^needs ddlonly\.broken, which sql\/20_broken\.sql:1 should have made$/);
    assert.ok(error instanceof DdlFailedError);
    assert.deepEqual(
      error.results.map((r) => `${r.file}:${r.line} ${r.execution.state}`),
      ['sql/10_good.sql:1 SUCCEEDED', 'sql/20_broken.sql:1 FAILED', 'sql/30_needs_broken.sql:3 SUCCEEDED', 'sql/40_other.sql:1 SUCCEEDED'],
    );
    assert.deepEqual(ran, [], 'the run threw');
    const tables = (await target.catalog.tables('ddlonly')).map((t) => t.name).sort();
    assert.deepEqual(tables, ['good', 'good_view', 'other']);
  });

  test('with nothing failing, the run returns the statements it ran', async () => {
    await fs.rm(path.join(dir, 'sql', '20_broken.sql'));
    await fs.rm(path.join(dir, 'sql', '30_needs_broken.sql'));
    const project = await loadProject(dir);
    const results = await createTables(project, target);
    assert.deepEqual(results.map((r) => `${r.file}:${r.line}`), ['sql/10_good.sql:1', 'sql/40_other.sql:1']);
  });
});
