/**
 * `npm run bench:preview` — what the editor's Glue Studio preview and graph cost on the STEDI project at real size
 * (the generator's default: 956 customers, 81,273 accelerometer readings, 28,980 step-trainer readings; the pipeline
 * run once so the trusted and curated zones hold their data). Figures, not tests: nothing here asserts a time.
 *
 *   1. Preview: for every node and sink of the five jobs, the time from the call to the first block of rows the grid
 *      shows (startPreview → SUCCEEDED → the first 200 rows paged from the engine): the first preview of each job
 *      (its sources' fields not known yet) and --reps previews after it (medians, p95), on one engine as in the
 *      editor. Budget: 300 ms after the click.
 *   2. Graph after an edit: for each script, --reps edits (a character typed into its SQL or a comment) — reading the
 *      new text into its plan (nothing cached), the graph, the page's model and the page's layout (dagre) — the work
 *      between the debounce and the page's drawing. Budget: 100 ms after the edit, of which the editor waits 15 ms
 *      (READ_DEBOUNCE_MS) for the typing to pause.
 *   3. Count Rows: every node's rows and fields at once (planOutputs), per job.
 *
 * Options: --reps 10 --dir DIR (keep the project there) --json FILE
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { initProject } from '../src/core/actions/init';
import { readProjectScript } from '../src/core/actions/jobPreview';
import { runPipeline } from '../src/core/actions/pipeline';
import { createTables } from '../src/core/actions/tables';
import { planUpload, upload } from '../src/core/actions/upload';
import { scriptGraph } from '../src/core/jobs/jobGraph';
import { getPythonParser } from '../src/core/jobs/python';
import { clearPlanCache } from '../src/core/jobs/script';
import { loadProject } from '../src/core/project/manifest';
import { generateStediSample } from '../src/core/sample';
import { LocalTarget } from '../src/core/targets/local';
import { planOutputs, startPreview, type PreviewTarget } from '../src/core/targets/local/preview';
import { graphViewModel, nodeSignatures, READ_DEBOUNCE_MS } from '../src/extension/preview/model';
import { layoutJobGraph } from '../src/webview/jobGraph/layout';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string | undefined) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const REPS = Number(opt('reps', '10'));
const ROOT = path.join(__dirname, '..');

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

async function main(): Promise<void> {
  const dir = opt('dir', undefined) ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'lh-bench-preview-')));
  const keep = opt('dir', undefined) !== undefined;
  const t0 = performance.now();
  if (!(await fs.stat(path.join(dir, 'lakehouse.json')).catch(() => undefined))) {
    await initProject(dir, { sample: 'stedi', sampleDir: ROOT });
    await generateStediSample({ outDir: path.join(dir, 'data') });
  }
  const project = await loadProject(dir);
  const target = await LocalTarget.open(project);
  const report: Record<string, unknown> = { machine: { cpus: os.cpus().length, load: os.loadavg() } };
  try {
    if (!(await target.catalog.database(project.manifest.database))) {
      await upload(target, await planUpload(project, path.join(dir, 'data')));
      await createTables(project, target);
      const run = await runPipeline(project, target);
      if (!run.ok) throw new Error(`the pipeline failed: ${run.runs.map((r) => `${r.jobName} ${r.state} ${r.errorMessage ?? ''}`).join('; ')}`);
    }
    await target.queries.warm();
    await getPythonParser();
    process.stderr.write(`project ready in ${ms(performance.now() - t0)} (${dir})\n`);
    const scripts = (await fs.readdir(path.join(dir, project.manifest.scripts))).filter((f) => f.endsWith('.py')).sort();

    // ------------------------------------------------------------------ 1. previews
    const first: number[] = [];
    const warm: number[] = [];
    const perNode: { job: string; node: string; rows: number; p50: number; p95: number }[] = [];
    for (const f of scripts) {
      const rel = `${project.manifest.scripts}/${f}`;
      const reading = await readProjectScript(project, rel, await fs.readFile(path.join(dir, rel), 'utf8'));
      if (reading.error) throw reading.error;
      const plan = reading.plan;
      const targets: { label: string; t: PreviewTarget }[] = [...plan.nodes.map((n) => ({ label: n.name ?? n.id, t: { node: n.id } as PreviewTarget })), ...plan.sinks.map((s, i) => ({ label: `sink ${s.name ?? i}`, t: { sink: i } as PreviewTarget }))];
      let firstOfJob = true;
      for (const { label, t } of targets) {
        const times: number[] = [];
        let rows = 0;
        for (let r = 0; r <= REPS; r++) {
          const s = performance.now();
          const started = await startPreview(plan, t, target.preview);
          const done = await started.done;
          if (done.execution.state !== 'SUCCEEDED') throw new Error(`${f} ${label}: ${done.execution.error?.message}`);
          await target.queries.page(done.execution.id, { maxRows: 200 });
          const took = performance.now() - s;
          rows = done.rows ?? 0;
          if (r === 0 && firstOfJob) first.push(took);
          else times.push(took);
          firstOfJob = false;
        }
        warm.push(...times);
        perNode.push({ job: f.replace(/\.py$/, ''), node: label, rows, p50: quantile(times, 0.5), p95: quantile(times, 0.95) });
        process.stderr.write(`preview ${f.replace(/\.py$/, '')} ${label}: ${rows} rows, p50 ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))}\n`);
      }
    }
    report['preview'] = { firstOfEachJob: first.map(Math.round), warm: { p50: quantile(warm, 0.5), p95: quantile(warm, 0.95), max: Math.max(...warm) }, nodes: perNode };

    // ------------------------------------------------------------------ 2. graph after an edit
    const graphTimes: number[] = [];
    const layoutTimes: number[] = [];
    for (const f of scripts) {
      const rel = `${project.manifest.scripts}/${f}`;
      const text = await fs.readFile(path.join(dir, rel), 'utf8');
      for (let r = 0; r < REPS; r++) {
        // a character typed: into the SQL when there is some, else into a comment (a new text each time)
        const edited = text.includes('"""\nselect') ? text.replace('"""\nselect', `"""\nselect${' '.repeat(r + 1)}`) : `${text}\n# edit ${r}\n`;
        clearPlanCache();
        const s = performance.now();
        const reading = await readProjectScript(project, rel, edited);
        const graph = await scriptGraph(edited, reading);
        const model = graphViewModel(graph, new Map(), r, {});
        nodeSignatures(reading.plan);
        const l0 = performance.now();
        layoutJobGraph(model);
        const end = performance.now();
        graphTimes.push(end - s);
        layoutTimes.push(end - l0);
      }
    }
    report['graph'] = { p50: quantile(graphTimes, 0.5), p95: quantile(graphTimes, 0.95), max: Math.max(...graphTimes), layoutP50: quantile(layoutTimes, 0.5) };

    // ------------------------------------------------------------------ 3. Count Rows
    const counts: Record<string, number> = {};
    for (const f of scripts) {
      const rel = `${project.manifest.scripts}/${f}`;
      const reading = await readProjectScript(project, rel, await fs.readFile(path.join(dir, rel), 'utf8'));
      const s = performance.now();
      const out = await planOutputs(reading.plan, target.preview, { counts: true });
      if (out.error) throw new Error(`${f}: ${out.error.message}`);
      counts[f.replace(/\.py$/, '')] = Math.round(performance.now() - s);
    }
    report['countRows'] = counts;

    const w = report['preview'] as { firstOfEachJob: number[]; warm: { p50: number; p95: number; max: number } };
    const g = report['graph'] as { p50: number; p95: number; max: number; layoutP50: number };
    process.stdout.write(
      [
        `STEDI at real size, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}:`,
        `  preview (call → first 200 rows): first of each job ${w.firstOfEachJob.map((x) => `${x} ms`).join(', ')}; then p50 ${ms(w.warm.p50)}, p95 ${ms(w.warm.p95)}, max ${ms(w.warm.max)}  (budget 300 ms)`,
        `  graph after an edit (read + graph + model + layout): p50 ${ms(g.p50)}, p95 ${ms(g.p95)}, max ${ms(g.max)} (layout p50 ${ms(g.layoutP50)}); + ${READ_DEBOUNCE_MS} ms debounce  (budget 100 ms)`,
        `  Count Rows per job: ${Object.entries(counts).map(([j, t]) => `${j} ${t} ms`).join(', ')}`,
        '',
      ].join('\n'),
    );
    const json = opt('json', undefined);
    if (json) await fs.writeFile(json, JSON.stringify(report, null, 2));
  } finally {
    await target.close();
    if (!keep) await fs.rm(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
