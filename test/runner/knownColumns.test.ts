/**
 * A job run does not ask DuckDB again for columns it knows: a frame's view is described once, when buildFrames makes
 * it, and a sink writing the frame (writer.ts stageSelect) or an SQL Query node reading it (sparkSql.ts
 * prepareSparkQuery) takes the frame's columns instead of another `DESCRIBE` (runNodes.ts sinkColumns). Here every
 * frame of the five STEDI jobs, built as a run builds them, is held to what DuckDB's `DESCRIBE` of the sink's relation
 * answers — names (camelCase landing keys, lower-case catalog columns, SQL Query nodes' names) and types; and a
 * frame whose fields of one name are collapsed (a DataFrame join) is left to DuckDB.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readProjectScript } from '../../src/core/actions/jobPreview';
import type { Frame } from '../../src/core/targets/local/frames';
import { resolveSourceTables } from '../../src/core/targets/local/jobRunner';
import { buildFrames, sinkColumns, sinkView } from '../../src/core/targets/local/runNodes';
import { describeColumns } from '../../src/core/targets/local/writer';
import { makeStediProject, type StediProject } from '../preview/helpers';

const JOBS = ['customer_landing_to_trusted', 'accelerometer_landing_to_trusted', 'customer_trusted_to_curated', 'step_trainer_landing_to_trusted', 'machine_learning_curated'];

describe("a frame's columns, known from its view's DESCRIBE", { timeout: 300_000 }, () => {
  let sp: StediProject;
  before(async () => {
    sp = await makeStediProject({ customers: 60, accelerometerRows: 800 });
  });
  after(async () => {
    await sp?.close();
  });

  for (const job of JOBS)
    test(`${job}: every frame's known columns are DuckDB's DESCRIBE of the relation a sink writes`, async () => {
      const rel = `glue-scripts/${job}.py`;
      const reading = await readProjectScript(sp.project, rel, await fs.readFile(path.join(sp.root, rel), 'utf8'));
      assert.equal(reading.error, undefined, reading.error?.message);
      const plan = reading.plan;
      const engine = sp.target.preview.engine;
      const { sourceTables, matchTables } = await resolveSourceTables(plan, sp.target.catalog);
      const conn = await engine.connect(undefined, 'spark');
      try {
        const { frames } = await buildFrames(plan, sourceTables, {
          engine,
          conn,
          file: rel,
          localPath: (l) => sp.target.preview.localPath(l),
          log: () => undefined,
          checkCancelled: () => undefined,
          readPurges: [],
          matchTables,
          glueVersion: sp.target.preview.glueVersion,
        });
        assert.ok(frames.size >= 2, `${job}: frames built`);
        for (const [id, frame] of frames) {
          const known = sinkColumns(frame, rel, 1);
          assert.ok(known !== undefined, `${id}: no fields of one name here`);
          assert.deepEqual(known, await describeColumns(conn, `SELECT * FROM ${sinkView(frame, rel, 1)}`), `${job} ${id}`);
        }
      } finally {
        conn.closeSync();
      }
    });

  test('fields of one name (a DataFrame join) collapsed into one: their columns are left to DuckDB', () => {
    const frame: Frame = {
      view: '"__node_9"',
      cols: [
        { name: 'email', phys: 'email', type: 'VARCHAR', ids: ['a'] },
        { name: 'Email', phys: 'Email__2', type: 'VARCHAR', ids: ['b'] },
        { name: 'x', phys: 'x', type: 'DOUBLE', ids: ['a'] },
      ],
    };
    assert.equal(sinkColumns(frame, 'job.py', 3), undefined);
    assert.deepEqual(sinkColumns({ ...frame, cols: frame.cols.filter((c) => c.name !== 'Email') }, 'job.py', 3), [
      { name: 'email', duckType: 'VARCHAR' },
      { name: 'x', duckType: 'DOUBLE' },
    ]);
  });
});
