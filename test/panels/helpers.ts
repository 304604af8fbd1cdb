// A small STEDI project on the local target, in a temp dir: sample data generated (its expected counts come from
// the generator's own bookkeeping), uploaded, tables created, and — on request — the five jobs run.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../src/core/actions/init';
import { runPipeline } from '../../src/core/actions/pipeline';
import { createTables } from '../../src/core/actions/tables';
import { planUpload, upload } from '../../src/core/actions/upload';
import { loadProject, type Project } from '../../src/core/project/manifest';
import { generateStediSample, type StediSample } from '../../src/core/sample';
import { LocalTarget } from '../../src/core/targets/local';

export interface SampleProject {
  dir: string;
  project: Project;
  target: LocalTarget;
  sample: StediSample;
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');

export async function sampleProject(options: { customers?: number; accelerometerRows?: number; pipeline?: boolean } = {}): Promise<SampleProject> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lakehouse-panels-'));
  await initProject(dir, { sample: 'stedi', sampleDir: ROOT });
  const sample = await generateStediSample({ outDir: path.join(dir, 'data'), customers: options.customers ?? 40, accelerometerRows: options.accelerometerRows ?? 600, seed: 7 });
  const project = await loadProject(dir);
  const target = await LocalTarget.open(project, { threads: 1 });
  await upload(target, await planUpload(project, path.join(dir, 'data')));
  await createTables(project, target);
  if (options.pipeline) {
    const r = await runPipeline(project, target);
    if (!r.ok) throw new Error(`the sample pipeline failed: ${JSON.stringify(r.runs.map((x) => [x.jobName, x.state, x.errorMessage]))}`);
  }
  return {
    dir,
    project,
    target,
    sample,
    close: async () => {
      await target.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
