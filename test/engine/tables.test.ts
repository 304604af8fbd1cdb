/**
 * `lakehouse tables` (createTables): every statement of the sql folder in order, the catalog-only ones stored
 * together (LocalCatalog.batch) — with a statement that writes data between them, and a failing one at the end.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createTables } from '../../src/core/actions/tables';
import { LakehouseError } from '../../src/core/errors';
import { loadProject } from '../../src/core/project/manifest';
import { LocalCatalog } from '../../src/core/targets/local/catalog';
import { BUCKET, jsonDdl, q, tempProject } from './helpers';

describe('createTables', () => {
  it('runs the statements of the sql files in order, a CTAS between table definitions, and keeps what ran before a failure', async () => {
    const p = await tempProject('ddl');
    try {
      const t = await p.open();
      await t.storage.createBucket(BUCKET);
      const sql = path.join(p.root, 'sql');
      await fs.mkdir(sql);
      await fs.writeFile(path.join(sql, 'a.sql'), `${jsonDdl('ddl.first', 'id int', 'first')};\n${jsonDdl('ddl.second', 'id int', 'second')};\n`);
      await fs.writeFile(path.join(sql, 'b.sql'), `CREATE TABLE ddl.made WITH (format = 'JSON', external_location = 's3://${BUCKET}/made/') AS SELECT 1 AS id, 'x' AS v;\n`);
      await fs.writeFile(path.join(sql, 'c.sql'), `${jsonDdl('ddl.third', 'id int', 'third')};\nCREATE VIEW ddl.v AS SELECT id FROM ddl.made;\n`);
      const project = await loadProject(p.root);
      const results = await createTables(project, t);
      assert.deepEqual(
        results.map((r) => [r.file, r.line, r.execution.state]),
        [
          [path.join('sql', 'a.sql'), 1, 'SUCCEEDED'],
          [path.join('sql', 'a.sql'), 5, 'SUCCEEDED'],
          [path.join('sql', 'b.sql'), 1, 'SUCCEEDED'],
          [path.join('sql', 'c.sql'), 1, 'SUCCEEDED'],
          [path.join('sql', 'c.sql'), 5, 'SUCCEEDED'],
        ],
      );
      assert.deepEqual((await q(t, 'SELECT id FROM ddl.v')).rows, [[1]]);
      // as stored: another process reads the catalog file
      const stored = new LocalCatalog(path.join(t.dataDir, 'catalog.json'));
      assert.deepEqual((await stored.tables('ddl')).map((x) => x.name).sort(), ['first', 'made', 'second', 'third', 'v']);

      for (const f of ['a.sql', 'b.sql', 'c.sql']) await fs.rm(path.join(sql, f));
      await fs.writeFile(path.join(sql, 'd.sql'), `${jsonDdl('ddl.fourth', 'id int', 'fourth')};\nCREATE EXTERNAL TABLE ddl.first (id int) LOCATION 's3://${BUCKET}/x/';\n`);
      await assert.rejects(createTables(project, t), (e: unknown) => e instanceof LakehouseError && /^sql\/d\.sql:5:\d+: .*first.*already exists/i.test(e.message));
      assert.ok(await stored.table('ddl', 'fourth'), 'the statement before the failure is stored');
    } finally {
      await p.cleanup();
    }
  });
});
