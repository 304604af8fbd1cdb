// The walkthrough's steps complete on what happened (walkthroughProgress.ts reads it from the project and the
// target): nothing before the data is uploaded; uploaded, then tables, then the pipeline — each read after the core
// did it (as the CLI would, not through the extension's commands).
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { initProject } from '../../src/core/actions/init';
import { runPipeline } from '../../src/core/actions/pipeline';
import { createTables } from '../../src/core/actions/tables';
import { planUpload, upload } from '../../src/core/actions/upload';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { generateStediSample } from '../../src/core/sample';
import { LocalTarget } from '../../src/core/targets/local';
import { targetProgress, WALKTHROUGH_KEYS } from '../../src/extension/walkthroughProgress';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the walkthrough\'s progress, read from the target', () => {
  let dir: string;
  let project: Project;
  let target: LocalTarget;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-walkthrough-'));
    await initProject(dir, { sample: 'stedi', sampleDir: ROOT });
    await generateStediSample({ outDir: path.join(dir, 'data'), customers: 30, accelerometerRows: 300, seed: 2 });
    project = await loadProject(dir);
    target = await LocalTarget.open(project, { threads: 1 });
  });
  after(async () => {
    await target?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('a new project: no step done', async () => {
    assert.deepEqual(await targetProgress(project, target), { dataUploaded: false, tablesCreated: false, pipelineRan: false });
  });

  test('one landing zone filled is not the whole upload', async () => {
    await target.storage.createBucket(project.manifest.bucket);
    await target.storage.put(project.manifest.bucket, 'customer/landing/one.json', '{"email":"a@example.com"}\n');
    assert.equal((await targetProgress(project, target)).dataUploaded, false);
    await target.storage.delete(project.manifest.bucket, 'customer/landing/one.json');
  });

  test('uploaded, then tables created, then the pipeline run: each step in turn', async () => {
    await upload(target, await planUpload(project, path.join(dir, 'data')));
    assert.deepEqual(await targetProgress(project, target), { dataUploaded: true, tablesCreated: false, pipelineRan: false });
    await createTables(project, target);
    assert.deepEqual(await targetProgress(project, target), { dataUploaded: true, tablesCreated: true, pipelineRan: false });
    const result = await runPipeline(project, target);
    assert.ok(result.ok);
    assert.deepEqual(await targetProgress(project, target), { dataUploaded: true, tablesCreated: true, pipelineRan: true });
  });
});

test('every step of the walkthrough completes on a context key (what happened), none on a command the user may not have run', async () => {
  const manifest = JSON.parse(await fs.readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { walkthroughs: { steps: { id: string; completionEvents?: string[]; media: { image?: string; markdown?: string } }[] }[] };
  };
  const keys = new Set<string>([...Object.values(WALKTHROUGH_KEYS), 'lakehouse.manifestFound']);
  for (const w of manifest.contributes.walkthroughs)
    for (const step of w.steps) {
      assert.ok(step.completionEvents && step.completionEvents.length > 0, `${step.id} has completion events`);
      for (const e of step.completionEvents) assert.ok(e.startsWith('onContext:') && keys.has(e.slice('onContext:'.length)), `${step.id}: ${e}`);
    }
});
