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
import { BUCKET, fails, jsonDdl, q, tempProject } from './helpers';

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

describe('a table whose LOCATION the local store cannot hold', () => {
  it("(s3://b/../x/: S3 keys may hold '..', a local bucket folder may not be left) fails its queries naming the table and the location", async () => {
    const p = await tempProject('odd');
    try {
      const t = await p.open();
      await t.storage.createBucket(BUCKET);
      await q(t, 'CREATE DATABASE odd');
      await q(t, `CREATE EXTERNAL TABLE odd.esc (a string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/../../etc/'`);
      const exec = await fails(t, 'SELECT count(*) FROM odd.esc');
      assert.match(exec.error?.message ?? '', new RegExp(`table odd\\.esc: its location s3://${BUCKET}/\\.\\./\\.\\./etc/ cannot be read by the local engine: invalid prefix "\\.\\./\\.\\./etc/": "\\.\\." segments are not allowed`));
    } finally {
      await p.cleanup();
    }
  });
});
