/**
 * The Glue Studio fixture project (test/fixtures/glue-studio/project: catalog database `lake`, its tables made from
 * its sql/, bucket gs-test with the landing data put there) in a temporary folder, for tests that each run short job
 * scripts written on the fly: `run(name, body)` writes glue-scripts/<name>.py as the Glue prologue, the body and
 * `job.commit()`, and runs it on the local target.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTables } from '../../src/core/actions/tables';
import type { JobRun } from '../../src/core/model';
import { loadProject } from '../../src/core/project/manifest';
import { LocalTarget, type LocalTargetOptions } from '../../src/core/targets/local';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'glue-studio', 'project');
export const GS_BUCKET = 'gs-test';

/** What a Glue Studio script starts with (the imports, the context, the job) */
/** the script line of a body's line n (1-based), the prologue before it */
export const bodyLine = (n: number): number => GLUE_PROLOGUE.split('\n').length - 1 + n;

export const GLUE_PROLOGUE = `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
import pyspark.sql.functions as F

args = getResolvedOptions(sys.argv, ['JOB_NAME'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)
`;

/** The fixture's landing data: object key in the bucket → its file in data/ */
const LANDING: Record<string, string> = { 'readings/landing/readings-1.json': 'readings.json', 'flags/landing/flags-1.json': 'flags.json' };

export interface ScriptProject {
  root: string;
  target: LocalTarget;
  /** the folder on disk of s3://gs-test/<prefix> */
  objects(prefix: string): string;
  /** writes glue-scripts/<name>.py (the prologue, `body`, `job.commit()`) and runs it to its end */
  run(name: string, body: string): Promise<JobRun>;
  /** as run, failing the test unless the run succeeds */
  runOk(name: string, body: string): Promise<JobRun>;
  /** writes glue-scripts/<name>.py as `text` is (a script with a header of its own) and runs it to its end */
  runScript(name: string, text: string): Promise<JobRun>;
  /** the lines of every file under s3://gs-test/<prefix> (the files in name order; none: []) */
  writtenLines(prefix: string): Promise<string[]>;
  /** what a run logged for its script's line `line` (print, show, …), one entry a log line, without the prefixes */
  printed(job: string, runId: string, line: number): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * `options`: the target's (the tests of the data folder's caches give a build id); `glueVersion`: the project's
 * glue.glueVersion (the fixture has none: 4.0); `defaultArguments`: the project's glue.defaultArguments
 */
export async function glueStudioProject(prefix: string, options: LocalTargetOptions = {}, glueVersion?: string, defaultArguments?: Record<string, string>): Promise<ScriptProject> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await fs.cp(FIXTURE, root, { recursive: true });
  if (glueVersion !== undefined || defaultArguments !== undefined) {
    const manifest = path.join(root, 'lakehouse.json');
    const glue = { ...(glueVersion !== undefined ? { glueVersion } : {}), ...(defaultArguments !== undefined ? { defaultArguments } : {}) };
    await fs.writeFile(manifest, JSON.stringify({ ...JSON.parse(await fs.readFile(manifest, 'utf8')), glue }, null, 2));
  }
  await fs.mkdir(path.join(root, 'glue-scripts'), { recursive: true });
  const project = await loadProject(root);
  const target = await LocalTarget.open(project, { threads: 2, ...options });
  await createTables(project, target);
  await target.storage.createBucket(GS_BUCKET);
  for (const [key, file] of Object.entries(LANDING)) await target.storage.put(GS_BUCKET, key, await fs.readFile(path.join(root, 'data', file)));
  const runScript = async (name: string, text: string): Promise<JobRun> => {
    await fs.writeFile(path.join(root, 'glue-scripts', `${name}.py`), text);
    const started = await target.jobs.start(name);
    return target.jobs.wait(name, started.id);
  };
  const run = (name: string, body: string): Promise<JobRun> => runScript(name, `${GLUE_PROLOGUE}${body}\njob.commit()\n`);
  const objects = (prefix: string): string => path.join(root, '.lakehouse', 's3', GS_BUCKET, ...prefix.split('/').filter((s) => s !== ''));
  return {
    root,
    target,
    objects,
    run,
    runScript,
    async runOk(name, body) {
      const r = await run(name, body);
      if (r.state !== 'SUCCEEDED') assert.fail(`${name}: ${r.state} ${r.errorMessage ?? ''}`);
      return r;
    },
    async writtenLines(prefix) {
      const dir = objects(prefix);
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      const lines: string[] = [];
      for (const n of names.sort()) lines.push(...(await fs.readFile(path.join(dir, n), 'utf8')).split('\n').filter((l) => l !== ''));
      return lines;
    },
    async printed(job, runId, line) {
      const prefix = `line ${line}: `;
      return (await target.jobs.logs(job, runId)).map((l) => l.replace(/^\S+ \S+ /, '')).filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
    },
    async close() {
      await target.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}
