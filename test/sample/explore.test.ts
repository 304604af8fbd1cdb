// The sample's queries/explore.sql (the walkthrough's "Query a table" step opens it): every statement runs on the
// finished STEDI lakehouse, and the answers are the generator's own counts.
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { splitStatements } from '../../src/core/sql/split';
import { sampleProject, type SampleProject } from '../panels/helpers';

const ROOT = path.resolve(__dirname, '..', '..');

describe('queries/explore.sql of the STEDI sample', () => {
  let p: SampleProject;
  before(async () => {
    p = await sampleProject({ customers: 60, accelerometerRows: 900, pipeline: true });
  });
  after(async () => {
    await p?.close();
  });

  test('lakehouse init --sample stedi lays it out in the project', () => {
    assert.ok(existsSync(path.join(p.dir, 'queries', 'explore.sql')));
  });

  test('each statement succeeds; the zone counts and the customers without consent are the generator\'s', async () => {
    const text = await fs.readFile(path.join(ROOT, 'queries', 'explore.sql'), 'utf8');
    const statements = splitStatements(text, 'queries/explore.sql');
    assert.equal(statements.length, 3);
    const answers = [];
    for (const st of statements) {
      const exec = await p.target.queries.run(st.text, { database: p.project.manifest.database });
      assert.equal(exec.state, 'SUCCEEDED', `${st.line}: ${exec.error?.message}`);
      answers.push((await p.target.queries.page(exec.id, { maxRows: 1000 })).rows);
    }
    const e = p.sample.expected;
    assert.deepEqual(new Map(answers[0]!.map((r) => [r[0], Number(r[1])])), new Map([
      ['customer_landing', e.customer_landing],
      ['customer_trusted', e.customer_trusted],
      ['customer_curated', e.customer_curated],
      ['machine_learning_curated', e.machine_learning_curated],
    ]));
    assert.equal(Number(answers[1]![0]![0]), e.customer_landing - e.customer_trusted);
    assert.equal(answers[2]!.length, Math.min(100, e.machine_learning_curated));
  });
});
