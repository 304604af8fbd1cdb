/**
 * Glue Studio's data preview, on the local engine: the rows and the schema of one node of a job plan, computed by
 * running the plan's nodes up to it — and nothing else. A preview writes nothing: no sink runs, no purge, no catalog
 * change, no run record; its rows are a result of the engine (LocalQueryEngine.startComputed), paged, exported and
 * cancelled as a query's, so the results grid shows them. Also: every node's schema and row count at once (the
 * editor's CodeLens and graph), and what a sink would change in the catalog table it writes.
 *
 * The frames are built by the job runner's own code (runNodes.ts), so a preview shows exactly the rows a run
 * computes (on a sample, when asked: each source's first records).
 */
import { LakehouseError, isLakehouseError } from '../../errors';
import { dataQualityNodeOptions, outcomeLines } from '../../jobs/dqdl';
import { logInputs, nodeInputs, type JobPlan, type PlanNode, type PlanSink } from '../../jobs/plan';
import type { CatalogColumn, CatalogTable, QueryExecution } from '../../model';
import { duckDbTypeToHive, normalizeHiveType } from '../../sql/types';
import type { Catalog } from '../../target';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DataLease } from './dataLocks';
import { ident } from './duck';
import type { LocalQueryEngine } from './engine';
import type { Frame } from './frames';
import { glueTypeOf, type GlueField } from './glueSchema';
import { leaseSources, refuseLazyReadPurges } from './jobOutput';
import { purgesBeforeReads, resolveSourceTables } from './jobRunner';
import { logLines } from './logLines';
import { buildFrames, sinkView, undecided, type BuiltFrames } from './runNodes';
import { UNDECIDED_MARKER } from './rowSql';
import { describeColumns } from './writer';

export interface PreviewDeps {
  engine: LocalQueryEngine;
  catalog: Catalog;
  /** the folder on disk of an `s3://bucket/prefix/` location */
  localPath(location: string): string;
  /** the project's glueVersion: a SQL Query node's Spark SQL is Spark 3.3's on 4.0, 3.5's on 5.0, as in a run */
  glueVersion?: string;
}

/** What a preview shows: a node's frame (by id), or a sink's (by its index in `plan.sinks`): the rows it would write. */
export type PreviewTarget = { node: string } | { sink: number };

export interface PreviewOptions {
  /** each source gives only its first `sample` records (a preview of a big input); absent: the whole data */
  sample?: number;
  signal?: AbortSignal;
  /**
   * `node` (the default): only what the node reads is computed. `script` ("Run to here"): every statement of the
   * script before it too — its print/logger lines, data-quality evaluations and assertions run and are logged; a
   * sink before it is counted, not written.
   */
  scope?: 'node' | 'script';
  /** the lines a run would log (sources read, print output, data-quality outcomes) */
  log?(line: string): void;
}

export interface NodePreview {
  target: PreviewTarget;
  /** the final execution: SUCCEEDED (its rows in the engine's results), FAILED or CANCELLED */
  execution: QueryExecution;
  /** the frame's fields as Glue gives them (for a sink: the columns as written, lower-cased); empty when it failed */
  schema: GlueField[];
  /** rows of the frame (of the sample, when `sampled`) */
  rows?: number;
  sampled: boolean;
  /** a sink that writes a catalog table: what the run would change in its columns */
  schemaDiff?: SchemaDiff;
}

/** A sink's written columns against the catalog table it writes. */
export interface SchemaDiff {
  /** `database.table` */
  table: string;
  /** the table exists in the catalog (else every column is added: the sink creates it) */
  exists: boolean;
  /** the sink updates the table's columns (getSink with enableUpdateCatalog); false: the table keeps its columns */
  updatesCatalog: boolean;
  added: CatalogColumn[];
  dropped: CatalogColumn[];
  changed: { name: string; from: string; to: string }[];
  /** the partition keys, when they differ */
  partitionKeys?: { from: string[]; to: string[] };
}

/** Every node's and sink's output, computed together (the editor's counts and schemas). */
export interface PlanOutputs {
  nodes: { id: string; line: number; schema: GlueField[]; rows?: number }[];
  sinks: { index: number; line: number; schema: GlueField[]; columns: CatalogColumn[]; rows?: number; schemaDiff?: SchemaDiff; error?: string }[];
  sampled: boolean;
  /** why the outputs stop short: the node that failed (its line) and the message; the nodes before it are listed */
  error?: { message: string; line?: number; column?: number };
  elapsedMs: number;
}

const EMPTY_PLAN = (plan: JobPlan): JobPlan => ({ ...plan, nodes: [], sinks: [], logs: [], assertions: [] });

/**
 * The part of `plan` a preview of `target` runs: the nodes the target reads, directly or not (a data-quality
 * outcome node reads its ruleset's frames); with scope `script`, every node, log line, data-quality evaluation and
 * assertion of the script before it too. Sinks are never part of it.
 */
export function planUpTo(plan: JobPlan, target: PreviewTarget, scope: 'node' | 'script' = 'node'): { plan: JobPlan; frame: string; line: number } {
  const { frame, line } = frameOf(plan, target);
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const keep = new Set<string>();
  const visit = (id: string): void => {
    if (keep.has(id)) return;
    const n = byId.get(id);
    if (n === undefined) return;
    keep.add(id);
    for (const i of readsOf(plan, n)) visit(i);
  };
  visit(frame);
  const sub = EMPTY_PLAN(plan);
  if (scope === 'script') {
    const last = plan.nodes.findIndex((n) => n.id === frame);
    for (const n of plan.nodes.slice(0, last + 1)) visit(n.id);
    sub.logs = plan.logs.filter((l) => l.line <= line && logInputs(l).every((i) => keep.has(i)));
    sub.assertions = plan.assertions.filter((a) => a.line <= line && keep.has(a.count));
  }
  sub.nodes = plan.nodes.filter((n) => keep.has(n.id));
  return { plan: sub, frame, line };
}

/** The frames a node reads (a data-quality outcome node: the frames its ruleset is evaluated on). */
function readsOf(plan: JobPlan, n: PlanNode): string[] {
  if (n.kind !== 'dataQualityOutcomes' && n.kind !== 'dataQualityRowOutcomes') return nodeInputs(n);
  const dq = plan.dataQuality[n.dq];
  return dq === undefined ? [] : [dq.input, ...Object.values(dq.sources ?? {})];
}

function frameOf(plan: JobPlan, target: PreviewTarget): { frame: string; line: number } {
  if ('node' in target) {
    const n = plan.nodes.find((x) => x.id === target.node);
    if (n === undefined) throw new LakehouseError('InvalidInput', `${plan.file}: the script has no node ${target.node}`, { file: plan.file, object: target.node });
    return { frame: n.id, line: n.line };
  }
  const s = plan.sinks[target.sink];
  if (s === undefined) throw new LakehouseError('InvalidInput', `${plan.file}: the script has no sink number ${target.sink + 1}`, { file: plan.file });
  return { frame: s.input, line: s.line };
}

/** What the preview's tab is titled (the execution's `sql`). */
export function previewLabel(plan: JobPlan, target: PreviewTarget): string {
  if ('node' in target) {
    const n = plan.nodes.find((x) => x.id === target.node);
    return `Preview: ${n?.name ?? target.node} (${plan.file}:${n?.line ?? '?'})`;
  }
  const s = plan.sinks[target.sink]!;
  return `Preview: ${s.name ?? s.id ?? 'sink'} — rows it would write (${plan.file}:${s.line})`;
}

/**
 * Runs the plan up to `target` and shows its rows: resolves with the final execution (its rows stay in the engine's
 * results for paging), the frame's schema as Glue gives it and, for a sink writing a catalog table, the schema diff.
 * Nothing is written. A failure is the execution's error (with the script's line), not a rejection; an abort of
 * `options.signal` cancels it.
 */
export async function previewNode(plan: JobPlan, target: PreviewTarget, deps: PreviewDeps, options: PreviewOptions = {}): Promise<NodePreview> {
  return (await startPreview(plan, target, deps, options)).done;
}

/** A preview under way: its execution as started (RUNNING: cancel it through the engine), and its outcome. */
export interface StartedPreview {
  execution: QueryExecution;
  done: Promise<NodePreview>;
}

/**
 * Starts a preview (see previewNode) and resolves once its execution is started, so a results grid can show it
 * running and cancel it; `done` resolves with the outcome.
 */
export async function startPreview(plan: JobPlan, target: PreviewTarget, deps: PreviewDeps, options: PreviewOptions = {}): Promise<StartedPreview> {
  const { engine } = deps;
  const file = plan.file;
  const scope = options.scope ?? 'node';
  const sampled = options.sample !== undefined && options.sample > 0;
  const log = options.log ?? (() => undefined);
  let schema: GlueField[] = [];
  let schemaDiff: SchemaDiff | undefined;
  const exec = await engine.startComputed(
    previewLabel(plan, target),
    async (conn, isCancelled, signal) => {
      const { plan: sub, frame: frameId } = planUpTo(plan, target, scope);
      // a script that computes with a frame's field names was read without them (FieldsPending): what it did
      // before is as it reads, what comes after is not — a run learns them from the data first, a preview does not
      const pending = plan.fieldsPending;
      if (pending !== undefined && !('node' in target && pending.upTo.nodes.some((n) => n.id === target.node)))
        throw new LakehouseError(
          'ScriptUnsupported',
          `${file}:${pending.line}: the preview cannot show this node: ${pending.construct} (line ${pending.line}) reads the field names of ${pending.frame}, which Glue learns from the data; a run learns them first, a preview does not yet — run the job, or preview a node before line ${pending.line}`,
          { file, line: pending.line },
        );
      const { sourceTables, matchTables } = await resolveSourceTables(sub, deps.catalog);
      // what a run would refuse before reading anything, a preview refuses too
      refuseLazyReadPurges(plan, (line, message, code) => new LakehouseError(code, `${file}:${line}: ${message}`, { file, line }));
      const checkCancelled = () => {
        if (isCancelled()) throw new LakehouseError('Cancelled', 'the preview was cancelled');
      };
      // the sources are listed and read under a shared lease, as a run's are (no commit in between: dataLocks.ts);
      // the engine releases it once the rows are stored
      const lease = await leaseSources(sub, { engine, catalog: deps.catalog, signal }, sourceTables, previewLabel(plan, target));
      try {
        const built = await buildFrames(sub, sourceTables, {
          engine,
          conn,
          file,
          localPath: deps.localPath,
          log,
          checkCancelled,
          // what a run would read: not the files a purge before the first sink deletes
          readPurges: purgesBeforeReads(plan, Date.now()),
          matchTables,
          glueVersion: deps.glueVersion,
          lease,
          ...(sampled ? { sourceRows: options.sample! } : {}),
        });
        if (scope === 'script') await runStatementsBefore(plan, sub, built, conn, target, log, checkCancelled);
        const frame = built.frames.get(frameId)!;
        let select: string;
        if ('sink' in target) {
          const sink = plan.sinks[target.sink]!;
          const written = await sinkColumns(conn, frame, sink, file);
          select = written.select;
          schema = written.schema;
          schemaDiff = await sinkSchemaDiff(sink, written.columns, written.partitionKeys, deps.catalog);
        } else {
          select = `SELECT ${frame.cols.map((c) => `${ident(c.phys)} AS ${ident(c.name)}`).join(', ') || '*'} FROM ${frame.view}`;
          schema = frameSchema(frame);
        }
        return { select, bytesScanned: built.sources.reduce((n, s) => n + s.bytes, 0), lease, ...(sampled ? { message: `a sample: each source's first ${options.sample} record(s)` } : {}) };
      } catch (e) {
        await lease.release();
        throw e;
      }
    },
    { kind: 'PREVIEW', dialect: 'spark' },
  );
  const onAbort = () => void engine.cancel(exec.id).catch(() => undefined);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const done = (async (): Promise<NodePreview> => {
    let final: QueryExecution;
    try {
      final = await engine.wait(exec.id);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    if (final.state === 'FAILED' && final.error?.message.includes(UNDECIDED_MARKER)) {
      const e = undecided(final.error.message, file, frameOf(plan, target).line);
      final = { ...final, error: { message: e.message, ...(e.detail.line !== undefined ? { line: e.detail.line } : {}), ...(e.detail.column !== undefined ? { column: e.detail.column } : {}) } };
    }
    return {
      target,
      execution: final,
      schema: final.state === 'SUCCEEDED' ? schema : [],
      ...(final.state === 'SUCCEEDED' && final.statistics?.rows !== undefined ? { rows: final.statistics.rows } : {}),
      sampled,
      ...(final.state === 'SUCCEEDED' && schemaDiff !== undefined ? { schemaDiff } : {}),
    };
  })();
  return { execution: exec, done };
}

/**
 * The result of an execution the engine keeps (a preview's), sorted and filtered as a results grid asks: a new
 * execution computed over the kept rows (not the plan again). `reshape` turns the relation into the SELECT to run.
 */
export async function startReshape(engine: LocalQueryEngine, base: QueryExecution, reshape: (relation: string) => string): Promise<QueryExecution> {
  const kept = engine.resultRelation(base.id);
  if (kept === undefined) throw new LakehouseError('EntityNotFound', `the result of ${base.id} is gone`, { object: base.id });
  return engine.startComputed(base.sql, async () => ({ select: reshape(kept.relation) }), { kind: 'PREVIEW', dialect: 'spark' });
}

/** "Run to here": the log lines, data-quality evaluations, assertions and sinks of the script before the target. */
async function runStatementsBefore(
  plan: JobPlan,
  sub: JobPlan,
  built: BuiltFrames,
  conn: DuckDBConnection,
  target: PreviewTarget,
  log: (line: string) => void,
  checkCancelled: () => void,
): Promise<void> {
  const file = plan.file;
  const { line } = frameOf(plan, target);
  const have = new Set(sub.nodes.map((n) => n.id));
  type Step = { line: number; run: () => Promise<void> };
  const steps: Step[] = [];
  for (const l of sub.logs) steps.push({ line: l.line, run: async () => void (await logLines(l, built, conn, file, undefined, sub)).forEach(log) });
  for (const [i, dq] of plan.dataQuality.entries()) {
    if (dq.line > line || !have.has(dq.input) || !Object.values(dq.sources ?? {}).every((s) => have.has(s))) continue;
    steps.push({
      line: dq.line,
      run: async () => {
        const result = await built.dataQuality(i);
        const opts = dataQualityNodeOptions(dq.publishingOptions as Record<string, string>, dq.additionalOptions as Record<string, string>);
        for (const l of outcomeLines(result)) log(`data quality "${opts.evaluationContext}" (line ${dq.line}): ${l}`);
      },
    });
  }
  for (const a of sub.assertions)
    steps.push({
      line: a.line,
      run: async () => {
        const n = await countRows(conn, sinkView(built.frames.get(a.count)!, file, a.line));
        const holds = { '==': n === a.value, '!=': n !== a.value, '<': n < a.value, '<=': n <= a.value, '>': n > a.value, '>=': n >= a.value }[a.op];
        log(`assert (line ${a.line}): ${n} ${a.op} ${a.value} — ${holds ? 'holds' : 'fails'}`);
        if (!holds)
          throw new LakehouseError('DataError', `${file}:${a.line}:${a.column}: AssertionError${a.message !== undefined ? `: ${a.message}` : ''} (the count is ${n}; the assertion wants ${a.op} ${a.value})`, {
            file,
            line: a.line,
            column: a.column,
          });
      },
    });
  for (const [i, s] of plan.sinks.entries()) {
    if (s.line >= line || !have.has(s.input) || ('sink' in target && target.sink === i)) continue;
    steps.push({
      line: s.line,
      run: async () => {
        const n = await countRows(conn, sinkView(built.frames.get(s.input)!, file, s.line));
        log(`sink (line ${s.line}): would write ${n} row(s) to ${sinkPlace(s)} — not written (a preview writes nothing)`);
      },
    });
  }
  for (const step of steps.sort((a, b) => a.line - b.line)) {
    checkCancelled();
    await step.run();
  }
}

function sinkPlace(s: PlanSink): string {
  if (s.kind === 'catalog') return `${s.database}.${s.table}`;
  return s.catalog ? `${s.path} (${s.catalog.database}.${s.catalog.table})` : s.path;
}

async function countRows(conn: DuckDBConnection, relation: string): Promise<number> {
  const rows = (await conn.runAndReadAll(`SELECT count(*) FROM ${relation}`)).getRowsJson() as (string | number)[][];
  return Number(rows[0]![0]);
}

function frameSchema(frame: Frame): GlueField[] {
  return frame.cols.map((c) => ({ name: c.name, type: glueTypeOf(c.type) }));
}

/** The rows a sink writes (the writer lower-cases the names, as the catalog has them) and their catalog columns. */
async function sinkColumns(
  conn: DuckDBConnection,
  frame: Frame,
  sink: PlanSink,
  file: string,
): Promise<{ select: string; schema: GlueField[]; columns: CatalogColumn[]; partitionKeys: CatalogColumn[] }> {
  const view = sinkView(frame, file, sink.line);
  const described = await describeColumns(conn, `SELECT * FROM ${view}`);
  const keys = new Set((sink.kind === 's3' ? sink.partitionKeys : []).map((k) => k.toLowerCase()));
  const columns: CatalogColumn[] = [];
  const partitionKeys: CatalogColumn[] = [];
  for (const d of described) {
    const col = { name: d.name.toLowerCase(), type: duckDbTypeToHive(d.duckType) };
    (keys.has(col.name) ? partitionKeys : columns).push(col);
  }
  return {
    select: `SELECT ${described.map((d) => `${ident(d.name)} AS ${ident(d.name.toLowerCase())}`).join(', ')} FROM ${view}`,
    schema: described.map((d) => ({ name: d.name.toLowerCase(), type: glueTypeOf(d.duckType) })),
    columns,
    partitionKeys,
  };
}

/** The table a sink writes in the catalog, if any: getSink + setCatalogInfo, or write_dynamic_frame.from_catalog. */
function sinkTable(sink: PlanSink): { database: string; table: string; updatesCatalog: boolean } | undefined {
  if (sink.kind === 'catalog') return { database: sink.database.toLowerCase(), table: sink.table.toLowerCase(), updatesCatalog: false };
  if (sink.catalog) return { database: sink.catalog.database.toLowerCase(), table: sink.catalog.table.toLowerCase(), updatesCatalog: true };
  return undefined;
}

const sameType = (a: string, b: string): boolean => {
  const norm = (t: string) => {
    try {
      return normalizeHiveType(t);
    } catch {
      return t.toLowerCase().replace(/\s+/g, '');
    }
  };
  return norm(a) === norm(b);
};

/** What writing `columns` would change in the sink's catalog table (undefined: the sink writes no catalog table). */
export async function sinkSchemaDiff(sink: PlanSink, columns: CatalogColumn[], partitionKeys: CatalogColumn[], catalog: Catalog): Promise<SchemaDiff | undefined> {
  const where = sinkTable(sink);
  if (where === undefined) return undefined;
  const table: CatalogTable | undefined = await catalog.table(where.database, where.table);
  const existing = table?.storage.columns ?? [];
  const byName = new Map(existing.map((c) => [c.name.toLowerCase(), c]));
  const written = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const diff: SchemaDiff = {
    table: `${where.database}.${where.table}`,
    exists: table !== undefined,
    updatesCatalog: where.updatesCatalog,
    added: columns.filter((c) => !byName.has(c.name.toLowerCase())),
    dropped: existing.filter((c) => !written.has(c.name.toLowerCase())),
    changed: columns.flatMap((c) => {
      const old = byName.get(c.name.toLowerCase());
      return old !== undefined && !sameType(old.type, c.type) ? [{ name: c.name, from: old.type, to: c.type }] : [];
    }),
  };
  const from = (table?.partitionKeys ?? []).map((k) => k.name.toLowerCase());
  const to = partitionKeys.map((k) => k.name.toLowerCase());
  if (table !== undefined && from.join(',') !== to.join(',')) diff.partitionKeys = { from, to };
  return diff;
}

/** Whether a schema diff changes anything. */
export function schemaDiffIsEmpty(d: SchemaDiff): boolean {
  return d.exists && d.added.length === 0 && d.dropped.length === 0 && d.changed.length === 0 && d.partitionKeys === undefined;
}

/**
 * Every node's schema and — with `counts` — row count, and every sink's written columns and their diff against its
 * catalog table: the plan's frames built once, nothing written. A node that fails stops the computation: the nodes
 * before it are given, with the error.
 */
export async function planOutputs(plan: JobPlan, deps: PreviewDeps, options: { counts?: boolean; sample?: number; signal?: AbortSignal } = {}): Promise<PlanOutputs> {
  const t0 = performance.now();
  const { engine } = deps;
  const file = plan.file;
  const sampled = options.sample !== undefined && options.sample > 0;
  const out: PlanOutputs = { nodes: [], sinks: [], sampled, elapsedMs: 0 };
  const conn = await engine.connect(undefined, 'spark');
  const onAbort = () => conn.interrupt();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const checkCancelled = () => {
    if (options.signal?.aborted) throw new LakehouseError('Cancelled', 'computing the nodes\' outputs was cancelled');
  };
  let lease: DataLease | undefined;
  try {
    const sub: JobPlan = { ...plan, sinks: [], logs: [], assertions: [] };
    let built: BuiltFrames;
    try {
      const { sourceTables, matchTables } = await resolveSourceTables(sub, deps.catalog);
      refuseLazyReadPurges(plan, (line, message, code) => new LakehouseError(code, `${file}:${line}: ${message}`, { file, line }));
      // read under a shared lease, as a run reads (dataLocks.ts)
      lease = await leaseSources(sub, { engine, catalog: deps.catalog, ...(options.signal ? { signal: options.signal } : {}) }, sourceTables, `the nodes of ${file}`);
      built = await buildFrames(sub, sourceTables, {
        engine,
        conn,
        file,
        localPath: deps.localPath,
        log: () => undefined,
        checkCancelled,
        readPurges: purgesBeforeReads(plan, Date.now()),
        matchTables,
        glueVersion: deps.glueVersion,
        lease,
        ...(sampled ? { sourceRows: options.sample! } : {}),
      });
    } catch (e) {
      if (options.signal?.aborted || isLakehouseError(e, 'Cancelled')) throw new LakehouseError('Cancelled', 'computing the nodes\' outputs was cancelled');
      out.error = errorInfo(e, file);
      out.elapsedMs = Math.round(performance.now() - t0);
      return out;
    }
    for (const n of plan.nodes) {
      checkCancelled();
      const frame = built.frames.get(n.id)!;
      const entry: PlanOutputs['nodes'][number] = { id: n.id, line: n.line, schema: frameSchema(frame) };
      if (options.counts) {
        try {
          entry.rows = await countRows(conn, frame.view);
        } catch (e) {
          if (options.signal?.aborted) throw new LakehouseError('Cancelled', 'computing the nodes\' outputs was cancelled');
          out.nodes.push(entry);
          out.error = errorInfo(e, file, n.line);
          break;
        }
      }
      out.nodes.push(entry);
    }
    for (const [index, sink] of plan.sinks.entries()) {
      checkCancelled();
      const frame = built.frames.get(sink.input);
      if (frame === undefined) continue;
      try {
        const written = await sinkColumns(conn, frame, sink, file);
        const diff = await sinkSchemaDiff(sink, written.columns, written.partitionKeys, deps.catalog);
        const rows = options.counts ? out.nodes.find((x) => x.id === sink.input)?.rows : undefined;
        out.sinks.push({ index, line: sink.line, schema: written.schema, columns: written.columns, ...(rows !== undefined ? { rows } : {}), ...(diff ? { schemaDiff: diff } : {}) });
      } catch (e) {
        out.sinks.push({ index, line: sink.line, schema: [], columns: [], error: errorInfo(e, file, sink.line).message });
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    conn.closeSync();
    await lease?.release();
  }
  out.elapsedMs = Math.round(performance.now() - t0);
  return out;
}

function errorInfo(e: unknown, file: string, line?: number): { message: string; line?: number; column?: number } {
  const text = e instanceof Error ? e.message : String(e);
  if (!isLakehouseError(e) && text.includes(UNDECIDED_MARKER) && line !== undefined) e = undecided(text, file, line);
  if (isLakehouseError(e))
    return { message: e.message, ...(e.detail.line !== undefined ? { line: e.detail.line } : line !== undefined ? { line } : {}), ...(e.detail.column !== undefined ? { column: e.detail.column } : {}) };
  return { message: text.split('\n')[0]!, ...(line !== undefined ? { line } : {}) };
}
