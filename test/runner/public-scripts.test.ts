/**
 * Proof on other people's scripts (issue 14, item 5): every Glue job script of the public corpus
 * (test/fixtures/glue-public/corpus.json) runs unchanged, in the order of its repository's pipeline, in a project of
 * its own over generated data, with the local job runner as `lakehouse run <job>` runs it. Each script
 *   - runs, and every sink holds exactly the rows its own logic gives — counted by hand-written DuckDB SQL over the
 *     generated files (expected.sql), never by the engine: a wrong count fails, always; or
 *   - is refused before anything runs (`refused`), with a message naming the construct and its place
 *     (`glue-scripts/x.py:40:12: …`, `lakehouse.json:4:15: …`, `sql/x.sql:7:1: …`); or
 *   - cannot run for another reason (`fails`): the run failed, leaving its sinks as they were — but for those before
 *     the failure, which stay written as on Glue, as its log says — or the pipeline around
 *     it was refused — a defect while the original runs on Glue.
 * A script that fails on Glue itself (an author's bug) or whose Glue outcome cannot be checked here must never run;
 * for the first, whether the message says why it fails on Glue is recorded (`saysWhy`).
 *
 * test/fixtures/glue-public/status.json records each script's state: a change fails the test, so a script that runs
 * cannot silently regress. `GLUE_CORPUS_UPDATE=1` rewrites the file with what this run saw (a script that ran is
 * never recorded as anything else: that still fails). `GLUE_CORPUS_ONLY=<text>` runs only the projects whose id
 * contains it.
 *
 * The repositories' files are not committed (they belong to their authors): `node --import tsx
 * scripts/glue-corpus-fetch.ts` puts them in place; without them the projects are skipped, saying so.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { projectJobs, runPipeline } from '../../src/core/actions/pipeline';
import { createTables } from '../../src/core/actions/tables';
import { errorMessage } from '../../src/core/errors';
import { glueClassificationFor, hasGlueClassification } from '../../src/core/sql/ddl';
import { parseS3Uri } from '../../src/core/targets/local/objectKeys';
import { jobNameOfScript, loadProject, type Project } from '../../src/core/project/manifest';
import { generateStediSample } from '../../src/core/sample';
import { LocalTarget } from '../../src/core/targets/local';
import {
  STATUS_FILE,
  ExpectedRows,
  changedFiles,
  fileStamps,
  loadCorpus,
  loadStatus,
  missingUpstream,
  projectDir,
  rowsInFile,
  scriptFileName,
  statusKey,
  upstreamFile,
  type CorpusProject,
  type CorpusScript,
  type ScriptStatus,
} from './publicCorpus';

const UPDATE = process.env['GLUE_CORPUS_UPDATE'] === '1';
/** `GLUE_CORPUS_ONLY=<text>`: only the projects whose id contains it */
const ONLY = process.env['GLUE_CORPUS_ONLY'];
const corpus = loadCorpus();
const recorded = loadStatus();
const seen: Record<string, ScriptStatus> = {};

interface OpenProject {
  root: string;
  dataDir: string;
  project?: Project;
  target?: LocalTarget;
  expected?: ExpectedRows;
  /** lakehouse.json or the DDL refused: every script is refused with it */
  setupError?: string;
  /** scripts refused when read, by file name */
  unreadable: Map<string, string>;
}

/** Writes the landing data at its bucket keys under `dataDir`. */
async function generateData(p: CorpusProject, dataDir: string, scratch: string): Promise<void> {
  if (p.data.generator === 'stedi') {
    const gen = path.join(scratch, 'sample');
    await generateStediSample({ outDir: gen, customers: p.data.customers, accelerometerRows: p.data.accelerometerRows, seed: p.data.seed, fileBytes: 200_000 });
    for (const [dataset, prefix] of Object.entries(p.data.landing)) {
      const to = path.join(dataDir, ...prefix.split('/').filter(Boolean));
      await fs.mkdir(to, { recursive: true });
      for (const f of await fs.readdir(path.join(gen, dataset, 'landing'))) {
        const text = await fs.readFile(path.join(gen, dataset, 'landing', f), 'utf8');
        // the public starter data spells the accelerometer's time key `timeStamp` (the scripts of the corpus name it
        // so); the generator writes `timestamp`
        await fs.writeFile(path.join(to, f), dataset === 'accelerometer' ? text.replace(/"timestamp":/g, '"timeStamp":') : text);
      }
    }
  } else {
    const mod = (await import(path.join(projectDir(p), 'generate.ts'))) as { generate(dir: string): Promise<void> };
    await mod.generate(dataDir);
  }
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const ent of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel === '' ? ent.name : `${rel}/${ent.name}`;
    if (ent.isDirectory()) out.push(...(await listFiles(dir, r)));
    else out.push(r);
  }
  return out;
}

/**
 * An adaptation of the harness, not of the scripts: every table the DDL made without a `classification` table property
 * gets the one its SerDe implies (glueClassificationFor: json, csv for text, parquet…). Athena's CREATE EXTERNAL TABLE
 * adds none, and Glue's ETL jobs fail on a table without one (Athena User Guide, create-table.md: "ETL jobs will fail
 * if you do not specify this property"), so the local runner refuses such a from_catalog read. The corpus's
 * pipelines ran on Glue, so their tables had one: made in the Glue console's table wizard or by a crawler (both write
 * it), or given it there after the DDL ran (glue-best-practices.md, "To add the classification table property using
 * the AWS Glue console"). Their committed DDL (and ours, for tables a repository has no DDL for) does not say so.
 */
async function addConsoleClassification(target: LocalTarget): Promise<void> {
  for (const db of await target.catalog.databases())
    for (const t of await target.catalog.tables(db.name)) {
      const value = t.tableType === 'VIRTUAL_VIEW' || hasGlueClassification(t) ? undefined : glueClassificationFor(t);
      if (value !== undefined) await target.catalog.putTable({ ...t, parameters: { ...t.parameters, classification: value } }, { replace: true });
    }
}

async function openProject(p: CorpusProject): Promise<OpenProject> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), `lh-public-${p.id.slice(0, 20)}-`));
  const dataDir = path.join(root, '..', `${path.basename(root)}-data`);
  const op: OpenProject = { root, dataDir, unreadable: new Map() };
  const fixture = projectDir(p);
  await fs.copyFile(path.join(fixture, 'lakehouse.json'), path.join(root, 'lakehouse.json'));
  await fs.mkdir(path.join(root, 'glue-scripts'));
  for (const s of p.scripts) await fs.copyFile(upstreamFile(p, s.path), path.join(root, 'glue-scripts', scriptFileName(s)));
  await fs.mkdir(path.join(root, 'sql'));
  for (const d of p.ddl ?? []) await fs.copyFile(upstreamFile(p, d.path), path.join(root, 'sql', scriptFileName(d)));
  const ours = path.join(fixture, 'ddl');
  const ourDdl = await fs.readdir(ours).catch(() => [] as string[]);
  for (const f of ourDdl) await fs.copyFile(path.join(ours, f), path.join(root, 'sql', f));
  // a project whose jobs read S3 paths only has no DDL (`lakehouse tables create` would say there is nothing to create)
  const hasDdl = (p.ddl ?? []).length > 0 || ourDdl.length > 0;

  await fs.mkdir(dataDir, { recursive: true });
  await generateData(p, dataDir, root);
  op.expected = await ExpectedRows.open(p, dataDir);
  try {
    op.project = await loadProject(root);
  } catch (e) {
    op.setupError = errorMessage(e);
    return op;
  }
  op.target = await LocalTarget.open(op.project, { threads: 2 });
  const bucket = op.project.manifest.bucket;
  await op.target.storage.createBucket(bucket);
  // the buckets the scripts write existed in their authors' accounts (Glue creates none: a sink to a missing bucket
  // is refused, as S3 answers NoSuchBucket)
  for (const s of p.scripts)
    for (const sink of s.sinks) {
      const b = /^s3a?:\/\/([^/]+)/.exec(sink.path)?.[1];
      if (b !== undefined && b !== bucket) await op.target.storage.createBucket(b).catch(() => undefined);
    }
  for (const rel of await listFiles(dataDir)) {
    // `@<bucket>/<key>`: an object of another bucket
    const other = /^@([^/]+)\/(.+)$/.exec(rel);
    if (other) await op.target.storage.createBucket(other[1]!).catch(() => undefined);
    await op.target.storage.put(other ? other[1]! : bucket, other ? other[2]! : rel, await fs.readFile(path.join(dataDir, ...rel.split('/'))));
  }
  try {
    if (hasDdl) await createTables(op.project, op.target);
  } catch (e) {
    op.setupError = errorMessage(e);
    return op;
  }
  if (hasDdl) await addConsoleClassification(op.target);
  for (const u of (await projectJobs(op.project)).unreadable) op.unreadable.set(path.basename(u.scriptPath), errorMessage(u.error));
  return op;
}

async function closeProject(op: OpenProject | undefined): Promise<void> {
  if (!op) return;
  op.expected?.close();
  await op.target?.close();
  await fs.rm(op.root, { recursive: true, force: true });
  await fs.rm(op.dataDir, { recursive: true, force: true });
}

/** The local folder of an `s3://` path in the project's store. */
function localDir(op: OpenProject, s3Path: string): string {
  const { bucket, prefix } = parseS3Uri(s3Path);
  return path.join(op.root, '.lakehouse', 's3', bucket, ...prefix.split('/').filter(Boolean));
}

/** Puts the rows a script that did not run here would have written (so the scripts after it can run). */
async function putInPlace(op: OpenProject, s: CorpusScript): Promise<void> {
  for (const [i, sink] of s.sinks.entries()) {
    const view = s.glue ? sink.intended : sink.rows;
    if (!view || !op.target) continue;
    const { bucket, prefix } = parseS3Uri(sink.path);
    const file = path.join(op.root, `in-place-${i}.${sink.format}`);
    await op.expected!.writeFile(view, sink.format, file, sink.header ?? true);
    await op.target.storage.createBucket(bucket).catch(() => undefined);
    const key = `${prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`}part-in-place-${path.basename(s.path, '.py').replace(/[^A-Za-z0-9_-]/g, '_')}-${i}.${sink.format}`;
    await op.target.storage.put(bucket, key, await fs.readFile(file));
    await fs.rm(file);
  }
}

/** Where a refusal must point: the script's line (and column), or the line of lakehouse.json or of the DDL. */
const PLACE = (file: string) => new RegExp(`^(glue-scripts/${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|lakehouse\\.json|sql/[^:]+):\\d+(:\\d+)?: `);

/** A message with the temp project's folder taken out (paths relative to the project, as `lakehouse` prints them). */
function relative(op: OpenProject, message: string): string {
  return message.split(`${op.root}${path.sep}`).join('');
}

/**
 * Runs one script as `lakehouse run <job>` does. A script the reader refuses is `refused`; anything else that keeps it
 * from running — the pipeline around it refused, the run failed — is `fails`.
 */
async function runScript(s: CorpusScript, op: OpenProject): Promise<ScriptStatus> {
  const file = scriptFileName(s);
  if (op.setupError !== undefined) return { state: 'refused', by: relative(op, op.setupError) };
  const unreadable = op.unreadable.get(file);
  if (unreadable !== undefined) return { state: 'refused', by: relative(op, unreadable) };
  const job = jobNameOfScript(op.project!.manifest, file);
  const dirs = s.sinks.map((k) => localDir(op, k.path));
  const before = await Promise.all(dirs.map((d) => fileStamps(d)));
  let result;
  try {
    result = await runPipeline(op.project!, op.target!, { jobs: [job] });
  } catch (e) {
    return { state: 'fails', by: relative(op, errorMessage(e)) };
  }
  const run = result.runs[0];
  assert.ok(run, `${file}: the pipeline did not run ${job}`);
  const after = await Promise.all(dirs.map((d) => fileStamps(d)));
  if (run.state !== 'SUCCEEDED') {
    // a run that fails where Glue fails too keeps what its sinks before the failure wrote (as Glue's do) and logs it
    // (`wrote N row(s) in F file(s) to s3://…`); nothing else of a sink's path changed
    const log = (await op.target!.jobs.logs(job, run.id)).join('\n');
    const bare = (l: string) => l.replace(/\/+$/, '');
    for (const [i, d] of dirs.entries()) {
      const said = [...log.matchAll(/ wrote \d+ row\(s\) in (\d+) file\(s\) to (\S+)/g)].filter((m) => bare(m[2]!) === bare(s.sinks[i]!.path)).reduce((n, m) => n + Number(m[1]), 0);
      assert.equal(changedFiles(before[i]!, after[i]!).length, said, `${file}: the failed run changed ${s.sinks[i]!.path} (${d}) otherwise than its log says it wrote before the failure`);
    }
    return { state: 'fails', by: relative(op, run.errorMessage ?? run.state) };
  }
  if (s.glue) assert.fail(`${file} runs here, but fails on Glue: ${s.glue.fails}`);
  if (s.mustRefuse) assert.fail(`${file} runs here, but must be refused: ${s.mustRefuse}`);
  for (const [i, sink] of s.sinks.entries()) {
    assert.ok(sink.rows, `${file}: no independent count for ${sink.path} (corpus.json sinks[${i}].rows)`);
    const written = changedFiles(before[i]!, after[i]!);
    let rows = 0;
    for (const f of written) rows += await rowsInFile(f, sink.format, sink.header ?? true);
    const want = await op.expected!.count(sink.rows);
    assert.equal(rows, want, `${file}: ${sink.path} holds ${rows} row(s) written by this run, its own logic gives ${want} (${sink.rows}: ${s.logic})`);
  }
  return { state: 'runs' };
}

for (const p of corpus.projects.filter((x) => ONLY === undefined || x.id.includes(ONLY))) {
  const missing = missingUpstream(p);
  describe(p.id, { skip: missing.length > 0 ? `the repository's files are not in place (${missing.length}): node --import tsx scripts/glue-corpus-fetch.ts` : false }, () => {
    let op: OpenProject | undefined;
    before(async () => {
      op = await openProject(p);
    });
    after(async () => {
      await closeProject(op);
    });
    // the independent counts exist for every sink, whatever the scripts do today (a typo in expected.sql shows here)
    test('expected.sql', async (t) => {
      const counts: string[] = [];
      for (const s of p.scripts)
        for (const sink of s.sinks)
          for (const view of [sink.rows, sink.intended])
            if (view !== undefined) counts.push(`${scriptFileName(s)} → ${sink.path}: ${view} = ${await op!.expected!.count(view)}`);
      t.diagnostic(counts.join('; '));
    });
    for (const s of p.scripts) {
      const file = scriptFileName(s);
      test(file, async () => {
        const key = statusKey(p, s);
        const outcome = await runScript(s, op!);
        // what is written in place of a script that did not run lets the scripts after it run
        if (outcome.state !== 'runs') await putInPlace(op!, s);
        const by = outcome.by?.split('\n')[0];
        const now: ScriptStatus = by === undefined ? { state: outcome.state } : { state: outcome.state, by };
        // a script that fails on Glue is refused correctly only when the message says why
        if (s.glue && outcome.state !== 'runs') now.saysWhy = new RegExp(s.glue.match, 'i').test(outcome.by!);
        seen[key] = now;
        if (outcome.state === 'refused') assert.match(outcome.by!, PLACE(file), `${file}: a refusal names the construct's file and line`);
        const was = recorded[key];
        if (was?.state === 'runs' && outcome.state !== 'runs') assert.fail(`${file} ran before and is now ${outcome.state}: ${outcome.by}`);
        if (!UPDATE) {
          const change = `status.json says ${JSON.stringify(was ?? null)}, this run: ${JSON.stringify(now)} — GLUE_CORPUS_UPDATE=1 records it`;
          assert.equal(outcome.state, was?.state, `${key}: ${change}`);
          if (s.glue) assert.equal(now.saysWhy, was?.saysWhy, `${key}: ${change}`);
        }
      });
    }
  });
}

after(async () => {
  if (!UPDATE || Object.keys(seen).length === 0) return;
  const merged = { ...recorded, ...seen };
  const sorted = Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
  await fs.writeFile(STATUS_FILE, JSON.stringify(sorted, null, 2) + '\n');
});
