// The project's Glue scripts as the editor holds them: each open script is read into its plan and graph in the
// background as it is typed (debounced), and the figures known of its nodes — from previews, Count Rows, the job's
// last run — are kept per script. The CodeLens, inlay hints, diagnostics and the graph page read from here and
// refresh on `onDidChange`.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, type LakehouseError } from '../../core/errors';
import type { JobGraph } from '../../core/jobs/jobGraph';
import type { JobPlan } from '../../core/jobs/plan';
import type { Ctx } from '../ctx';
import { tracePhase } from '../panels/trace';
import { currentFigures, figuresFromOutputs, figuresFromRun, mergeFigures, nodeSignatures, READ_DEBOUNCE_MS, SCHEMA_DEBOUNCE_MS, withSinkRows, type FiguresByNode } from './model';

export interface JobDocState {
  uri: vscode.Uri;
  /** the document version this reading is of */
  version: number;
  /** relative to the project, as the runner names the script */
  scriptPath: string;
  jobName: string;
  /** the plan as far as the script reads */
  plan: JobPlan;
  /** what is shown: the graph of this reading, or — after a syntax error — the last one that read, with the error */
  graph: JobGraph;
  /** the graph is an earlier reading's (the script has a syntax error now) */
  stale: boolean;
  error?: LakehouseError;
  sigs: Map<string, string>;
  /** ms the reading took (parse, plan, graph) */
  readMs: number;
}

export class JobDocuments implements vscode.Disposable {
  private readonly states = new Map<string, JobDocState>();
  private readonly figures = new Map<string, FiguresByNode>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly schemaTimers = new Map<string, NodeJS.Timeout>();
  private readonly pending = new Map<string, Promise<JobDocState | undefined>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** a script's reading or figures changed */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private scriptsDir: string | undefined;
  private runWatcher: vscode.FileSystemWatcher | undefined;
  private generation = 0;

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.isJobScript(e.document)) {
          tracePhase('graph-edit');
          this.schedule(e.document);
        }
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (this.isJobScript(d)) this.schedule(d, 0);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (this.isJobScript(d)) this.scheduleSchema(d, 0);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      ctx.onDidReset(() => this.reset()),
      // a run this window started: its counts at once (the watcher below also sees runs of the CLI, later)
      ctx.onDidFinishJobRun((run) => {
        if (run.state === 'SUCCEEDED') for (const s of this.states.values()) if (s.jobName === run.jobName) void this.loadLastRun(s);
      }),
    );
    void this.loadProject();
  }

  /** Learns where the project's scripts are (once the project loads), then reads the scripts already open. */
  private async loadProject(): Promise<void> {
    const generation = this.generation;
    if (this.ctx.projectRoot() === undefined) return;
    try {
      const project = await this.ctx.project();
      if (generation !== this.generation) return;
      this.scriptsDir = path.resolve(project.root, project.manifest.scripts);
      this.watchRuns(path.resolve(project.root, this.ctx.config.localDataFolder));
      for (const d of vscode.workspace.textDocuments) if (this.isJobScript(d)) this.schedule(d, 0);
    } catch (e) {
      this.ctx.log.debug(`job scripts: the project did not load: ${errorMessage(e)}`);
    }
  }

  private reset(): void {
    this.generation++;
    this.scriptsDir = undefined;
    this.runWatcher?.dispose();
    this.runWatcher = undefined;
    this.states.clear();
    this.figures.clear();
    for (const t of [...this.timers.values(), ...this.schemaTimers.values()]) clearTimeout(t);
    this.timers.clear();
    this.schemaTimers.clear();
    void this.loadProject();
  }

  /** A Python file directly in the project's scripts folder (the jobs are those scripts). */
  isJobScript(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme === 'file' && doc.uri.fsPath.endsWith('.py') && this.scriptsDir !== undefined && path.dirname(doc.uri.fsPath) === this.scriptsDir;
  }

  /** The last reading of a script (maybe of an older version of the text). */
  state(uri: vscode.Uri): JobDocState | undefined {
    return this.states.get(uri.toString());
  }

  /** The reading of the document's current text, read now if the last one is older. */
  async current(doc: vscode.TextDocument): Promise<JobDocState | undefined> {
    if (this.scriptsDir === undefined) await this.loadProject();
    if (!this.isJobScript(doc)) return undefined;
    const s = this.states.get(doc.uri.toString());
    if (s !== undefined && s.version === doc.version) return s;
    return this.read(doc);
  }

  /** The figures that still describe the script's nodes. */
  figuresOf(uri: vscode.Uri): FiguresByNode {
    const s = this.states.get(uri.toString());
    const f = this.figures.get(uri.toString());
    return s === undefined || f === undefined ? new Map() : withSinkRows(s.graph, currentFigures(f, s.sigs));
  }

  /** New figures for a script's nodes (a preview's, a count's, a run's). */
  addFigures(uri: vscode.Uri, figures: FiguresByNode): void {
    if (figures.size === 0) return;
    this.figures.set(uri.toString(), mergeFigures(this.figures.get(uri.toString()) ?? new Map(), figures));
    this.changed.fire(uri);
  }

  private schedule(doc: vscode.TextDocument, delay = READ_DEBOUNCE_MS): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.read(doc);
      }, delay),
    );
  }

  private scheduleSchema(doc: vscode.TextDocument, delay = SCHEMA_DEBOUNCE_MS): void {
    const key = doc.uri.toString();
    clearTimeout(this.schemaTimers.get(key));
    this.schemaTimers.set(
      key,
      setTimeout(() => {
        this.schemaTimers.delete(key);
        void this.computeSchemas(doc);
      }, delay),
    );
  }

  /** A closed script's reading goes; its figures stay (signed by its nodes: they show again if the nodes are the same). */
  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    clearTimeout(this.schemaTimers.get(key));
    this.states.delete(key);
  }

  /** Reads the document's text into its plan and graph; one reading per document at a time (the newest text wins). */
  private read(doc: vscode.TextDocument): Promise<JobDocState | undefined> {
    const key = doc.uri.toString();
    const running = this.pending.get(key);
    const next = (running ?? Promise.resolve(undefined)).then(async () => {
      const known = this.states.get(key);
      if (known !== undefined && known.version === doc.version) return known;
      return this.readNow(doc);
    });
    const tracked = next.finally(() => {
      if (this.pending.get(key) === tracked) this.pending.delete(key);
    });
    this.pending.set(key, tracked);
    return tracked;
  }

  private async readNow(doc: vscode.TextDocument): Promise<JobDocState | undefined> {
    tracePhase('graph-read');
    const generation = this.generation;
    const t0 = performance.now();
    const version = doc.version;
    const text = doc.getText();
    const [project, { readProjectScript }, { scriptGraph }, { jobNameOfScript }] = await Promise.all([
      this.ctx.project(),
      import('../../core/actions/jobPreview'),
      import('../../core/jobs/jobGraph'),
      import('../../core/project/manifest'),
    ]);
    const scriptPath = path.relative(project.root, doc.uri.fsPath).split(path.sep).join('/');
    const reading = await readProjectScript(project, scriptPath, text);
    const fresh = await scriptGraph(text, reading);
    if (generation !== this.generation) return undefined;
    const key = doc.uri.toString();
    const previous = this.states.get(key);
    // a syntax error (nothing read): the last graph that read stays, with the error
    const syntax = reading.error !== undefined && reading.plan.nodes.length === 0 && reading.plan.sinks.length === 0 && previous !== undefined;
    const graph: JobGraph = syntax ? { ...previous.graph, ...(fresh.error ? { error: fresh.error } : {}) } : fresh;
    const state: JobDocState = {
      uri: doc.uri,
      version,
      scriptPath,
      jobName: jobNameOfScript(project.manifest, doc.uri.fsPath),
      plan: syntax ? previous.plan : reading.plan,
      graph,
      stale: syntax,
      ...(reading.error ? { error: reading.error } : {}),
      sigs: syntax ? previous.sigs : nodeSignatures(reading.plan),
      readMs: performance.now() - t0,
    };
    this.states.set(key, state);
    tracePhase('graph-read-done');
    this.changed.fire(doc.uri);
    if (previous === undefined) void this.loadLastRun(state);
    if (!syntax) this.scheduleSchema(doc, previous === undefined ? 0 : SCHEMA_DEBOUNCE_MS);
    return state;
  }

  /**
   * The nodes' fields and the sinks' schema diffs, computed on the local engine once an edit has settled (and on
   * open and save): what the CodeLens, the hovers and the diagnostics show before anything runs. Quietly nothing
   * when the target is AWS or the tables are not there yet.
   */
  private async computeSchemas(doc: vscode.TextDocument): Promise<void> {
    const state = await this.current(doc);
    if (state === undefined || state.plan.nodes.length === 0) return;
    try {
      if (this.ctx.config.target !== 'local') return;
      const local = await this.ctx.localTarget();
      if (local === undefined) return;
      const { planOutputs } = await import('../../core/targets/local/preview');
      const outputs = await planOutputs(state.plan, local.preview, {});
      if (outputs.error !== undefined) this.ctx.log.debug(`${state.scriptPath}: the nodes' fields: ${outputs.error.message}`);
      if (this.states.get(doc.uri.toString()) !== state) return;
      this.addFigures(doc.uri, figuresFromOutputs(outputs, state.sigs, Date.now(), 'fields'));
    } catch (e) {
      this.ctx.log.debug(`${state.scriptPath}: the nodes' fields: ${errorMessage(e)}`);
    }
  }

  // ------------------------------------------------------------------------------------------ runs

  /** Runs write their records under `<data>/runs/<job>/`: a finished run brings its node counts. */
  private watchRuns(dataDir: string): void {
    this.runWatcher?.dispose();
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.join(dataDir, 'runs')), '*/*.json'));
    const onRun = (uri: vscode.Uri) => {
      const job = path.basename(path.dirname(uri.fsPath));
      for (const s of this.states.values()) if (s.jobName === job) void this.loadLastRun(s);
    };
    w.onDidCreate(onRun);
    w.onDidChange(onRun);
    this.runWatcher = w;
    this.disposables.push(w);
  }

  /**
   * The node counts of the job's newest successful run, when the script was not changed on disk after the run
   * started (the run read the saved script: its nodes' signatures are the saved text's).
   */
  private async loadLastRun(state: JobDocState): Promise<void> {
    try {
      if (this.ctx.config.target !== 'local') return;
      const local = await this.ctx.localTarget();
      if (local === undefined) return;
      const run = (await local.jobs.runs(state.jobName)).find((r) => r.state === 'SUCCEEDED');
      if (run?.nodeRows === undefined) return;
      const project = await this.ctx.project();
      const file = path.resolve(project.root, state.scriptPath);
      const [stat, text] = await Promise.all([fs.stat(file), fs.readFile(file, 'utf8')]);
      if (stat.mtimeMs > Date.parse(run.startedOn)) return;
      const { readProjectScript } = await import('../../core/actions/jobPreview');
      const saved = await readProjectScript(project, state.scriptPath, text);
      const at = Date.parse(run.completedOn ?? run.startedOn);
      this.addFigures(state.uri, figuresFromRun(saved.plan, run.nodeRows, nodeSignatures(saved.plan), at));
    } catch (e) {
      this.ctx.log.debug(`${state.scriptPath}: the last run's counts: ${errorMessage(e)}`);
    }
  }

  dispose(): void {
    for (const t of [...this.timers.values(), ...this.schemaTimers.values()]) clearTimeout(t);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
