/**
 * What the editor shows of a Glue script's nodes, as plain data (no `vscode`: tested with node:test): the figures
 * known of each node (rows, fields; from a preview, a count or the job's last run), the CodeLens above each node,
 * the inlay hint after it, the text of a sink's schema diff, and the graph page's model.
 *
 * A figure belongs to a node as it was defined when the figure was computed: its signature is the node's definition
 * and its inputs' (not its line or name), so an edit of a node or of anything it reads retires the figures below it,
 * while an edit elsewhere (a comment, another branch) keeps them.
 */
import type { JobGraph, JobGraphNode } from '../../core/jobs/jobGraph';
import { nodeInputs, type JobPlan, type PlanNode } from '../../core/jobs/plan';
import type { GlueField } from '../../core/targets/local/glueSchema';
import { printGlueSchema } from '../../core/targets/local/glueSchema';
import type { PlanOutputs, SchemaDiff } from '../../core/targets/local/preview';
import type { GraphViewModel, GraphViewNode } from '../../webview/jobGraph/protocol';

/**
 * How long after a keystroke the script is read again: at once (the next task: changes of one task are read once).
 * A reading under way makes later changes wait for it and then read only the newest text, so fast typing is read at
 * the pace the reading allows (a few ms a reading). A pause of 15 ms here was most of what the extension added to
 * the graph's time after an edit (`npm run bench:vscode -- --only graph`; docs/performance.md).
 */
export const READ_DEBOUNCE_MS = 0;
/** After an edit settles this long, the nodes' fields and the sinks' schema diffs are computed again (local engine). */
export const SCHEMA_DEBOUNCE_MS = 600;

/** where figures come from: a preview, Count Rows, the job's last run, the fields read when the script was opened or edited */
export type FiguresFrom = 'preview' | 'counts' | 'run' | 'fields';

/** What is known of a node's output. */
export interface NodeFigures {
  /** the node's signature when they were computed (nodeSignatures) */
  sig: string;
  rows?: number;
  schema?: GlueField[];
  /** a sink's columns against its catalog table */
  schemaDiff?: SchemaDiff;
  from: FiguresFrom;
  /** computed on a sample of each source */
  sampled?: boolean;
  /** when (ms since the epoch) */
  at: number;
}

/** Figures by graph node id (a plan node's id, `sink:<n>`). */
export type FiguresByNode = Map<string, NodeFigures>;

// ------------------------------------------------------------------------------------------ signatures

/** The frames a node reads (a data-quality outcome node: the frames its ruleset reads). */
function readsOf(plan: JobPlan, n: PlanNode): string[] {
  if (n.kind !== 'dataQualityOutcomes' && n.kind !== 'dataQualityRowOutcomes') return nodeInputs(n);
  const dq = plan.dataQuality[n.dq];
  return dq === undefined ? [] : [dq.input, ...Object.values(dq.sources ?? {})];
}

/** Without the place (line) and the label (name): what the node computes. */
function definition(value: object): string {
  return JSON.stringify(value, (k, v: unknown) => (k === 'line' || k === 'name' || k === 'pos' || k === 'queryLine' || k === 'rulesetAt' ? undefined : v));
}

/** Each graph node's signature: its definition and its inputs' signatures. */
export function nodeSignatures(plan: JobPlan): Map<string, string> {
  const sigs = new Map<string, string>();
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const sigOf = (id: string, seen = new Set<string>()): string => {
    const known = sigs.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id);
    if (n === undefined || seen.has(id)) return `?${id}`;
    seen.add(id);
    const extra = n.kind === 'dataQualityOutcomes' || n.kind === 'dataQualityRowOutcomes' ? definition(plan.dataQuality[n.dq] ?? {}) : '';
    const sig = `${definition(n)}${extra}<${readsOf(plan, n)
      .map((i) => sigOf(i, seen))
      .join('|')}>`;
    sigs.set(id, sig);
    return sig;
  };
  for (const n of plan.nodes) sigOf(n.id);
  for (const [i, s] of plan.sinks.entries()) sigs.set(`sink:${i}`, `${definition(s)}<${sigOf(s.input)}>`);
  return sigs;
}

/** The figures that still describe the current nodes (their signatures unchanged). */
export function currentFigures(figures: FiguresByNode, sigs: Map<string, string>): FiguresByNode {
  return new Map([...figures].filter(([id, f]) => sigs.get(id) === f.sig));
}

/**
 * `older` updated with `newer`: per node, the newest rows (with where they come from) and the newest fields and
 * diff — a run's figures (rows only) keep the fields a preview found.
 */
export function mergeFigures(older: FiguresByNode, newer: FiguresByNode): FiguresByNode {
  const out = new Map(older);
  for (const [id, f] of newer) {
    const old = out.get(id);
    if (old === undefined || old.sig !== f.sig) {
      out.set(id, f);
      continue;
    }
    const [before, after] = old.at <= f.at ? [old, f] : [f, old];
    const counted = after.rows !== undefined ? after : before.rows !== undefined ? before : after;
    const schema = after.schema ?? before.schema;
    const schemaDiff = after.schemaDiff ?? before.schemaDiff;
    out.set(id, {
      sig: f.sig,
      from: counted.from,
      at: counted.at,
      ...(counted.rows !== undefined ? { rows: counted.rows } : {}),
      ...(counted.sampled ? { sampled: true } : {}),
      ...(schema !== undefined ? { schema } : {}),
      ...(schemaDiff !== undefined ? { schemaDiff } : {}),
    });
  }
  return out;
}

/** The figures of planOutputs (every node's fields; with counts, rows; each sink's diff). */
export function figuresFromOutputs(outputs: PlanOutputs, sigs: Map<string, string>, at: number, from: FiguresFrom = 'counts'): FiguresByNode {
  const out: FiguresByNode = new Map();
  const sampled = outputs.sampled;
  for (const n of outputs.nodes) {
    const sig = sigs.get(n.id);
    if (sig !== undefined) out.set(n.id, { sig, schema: n.schema, ...(n.rows !== undefined ? { rows: n.rows } : {}), from, sampled, at });
  }
  for (const s of outputs.sinks) {
    const sig = sigs.get(`sink:${s.index}`);
    if (sig === undefined || s.error !== undefined) continue;
    out.set(`sink:${s.index}`, { sig, schema: s.schema, ...(s.rows !== undefined ? { rows: s.rows } : {}), ...(s.schemaDiff ? { schemaDiff: s.schemaDiff } : {}), from, sampled, at });
  }
  return out;
}

/** A sink writes its input's rows: where only the input's are known, the sink shows them too. */
export function withSinkRows(graph: JobGraph, figures: FiguresByNode): FiguresByNode {
  const out = new Map(figures);
  for (const n of graph.nodes) {
    if (n.category !== 'target') continue;
    const input = graph.edges.find((e) => e.to === n.id)?.from;
    const f = input === undefined ? undefined : figures.get(input);
    const own = out.get(n.id);
    if (f?.rows === undefined || (own?.rows !== undefined && own.at >= f.at)) continue;
    const { sampled: _ignored, ...fields } = own ?? { sig: '' };
    out.set(n.id, { ...fields, rows: f.rows, from: f.from, at: f.at, ...(f.sampled ? { sampled: true } : {}) });
  }
  return out;
}

/** The figures of a job run that counted its nodes (JobRun.nodeRows): rows only; a sink writes its input's rows. */
export function figuresFromRun(plan: JobPlan, nodeRows: Record<string, unknown>, sigs: Map<string, string>, at: number): FiguresByNode {
  const out: FiguresByNode = new Map();
  const rowsOf = (id: string): number | undefined => {
    const v = nodeRows[id];
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
  };
  for (const n of plan.nodes) {
    const rows = rowsOf(n.id);
    const sig = sigs.get(n.id);
    if (rows !== undefined && sig !== undefined) out.set(n.id, { sig, rows, from: 'run', at });
  }
  for (const [i, s] of plan.sinks.entries()) {
    const rows = rowsOf(s.input);
    const sig = sigs.get(`sink:${i}`);
    if (rows !== undefined && sig !== undefined) out.set(`sink:${i}`, { sig, rows, from: 'run', at });
  }
  return out;
}

// ------------------------------------------------------------------------------------------ text

export function countText(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "482 rows · 10 columns" (as much as is known), or undefined. */
export function figuresText(f: NodeFigures | undefined): string | undefined {
  if (f === undefined) return undefined;
  const parts: string[] = [];
  if (f.rows !== undefined) parts.push(countText(f.rows, 'row', 'rows') + (f.sampled ? ' (sample)' : ''));
  if (f.schema !== undefined) parts.push(countText(f.schema.length, 'column', 'columns'));
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

const FROM_TEXT: Record<FiguresFrom, string> = { preview: 'the last preview', counts: 'Count Rows', run: "the job's last run", fields: 'the fields read after the last edit' };

/** Where the figures come from: "the last preview (12:04:31)". */
export function figuresSource(f: NodeFigures, clock: (at: number) => string = (at) => new Date(at).toLocaleTimeString()): string {
  return `${FROM_TEXT[f.from]} (${clock(f.at)})${f.sampled ? ', on a sample of each source' : ''}`;
}

/** What a sink's write changes in its catalog table, in one line; undefined when it changes nothing. */
export function schemaDiffText(d: SchemaDiff): string | undefined {
  const col = (c: { name: string; type: string }) => `${c.name} ${c.type}`;
  const parts: string[] = [];
  if (d.added.length > 0) parts.push(`adds ${d.added.map(col).join(', ')}`);
  if (d.dropped.length > 0) parts.push(`drops ${d.dropped.map(col).join(', ')}`);
  if (d.changed.length > 0) parts.push(`changes ${d.changed.map((c) => `${c.name} ${c.from} → ${c.to}`).join(', ')}`);
  if (d.partitionKeys) parts.push(`partition keys (${d.partitionKeys.from.join(', ') || 'none'}) → (${d.partitionKeys.to.join(', ') || 'none'})`);
  if (!d.exists) return `the sink creates ${d.table} with ${countText(d.added.length, 'column', 'columns')}: ${d.added.map(col).join(', ')}`;
  if (parts.length === 0) return undefined;
  return d.updatesCatalog
    ? `writing updates the columns of ${d.table}: it ${parts.join('; ')}`
    : `${d.table} keeps its columns, but the data written ${parts.join('; ').replace(/^adds/, 'has')} (the catalog is not updated by write_dynamic_frame.from_catalog)`;
}

/** A diff that drops or retypes columns (or changes the partition keys) breaks readers: a warning, not a note. */
export function schemaDiffIsBreaking(d: SchemaDiff): boolean {
  return d.exists && (d.dropped.length > 0 || d.changed.length > 0 || d.partitionKeys !== undefined || !d.updatesCatalog && d.added.length > 0);
}

// ------------------------------------------------------------------------------------------ CodeLens and inlay hints

/** The nodes that get a CodeLens and an inlay hint: one per line (the last on it: a chain's result), with rows to show. */
export function lensNodes(graph: JobGraph): JobGraphNode[] {
  const byLine = new Map<number, JobGraphNode>();
  for (const n of graph.nodes) if (n.preview !== undefined) byLine.set(n.line, n);
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

export type LensCommand = 'preview' | 'runToHere' | 'countRows';

export interface LensItem {
  /** 0-based line */
  line: number;
  title: string;
  tooltip: string;
  command: LensCommand;
  /** the graph node it acts on */
  node: string;
}

/** CodeLens items: "Preview · 482 rows · 10 columns", "Run to here", and "Count rows" where no count is known. */
export function lensItems(graph: JobGraph, figures: FiguresByNode): LensItem[] {
  const items: LensItem[] = [];
  for (const n of lensNodes(graph)) {
    const f = figures.get(n.id);
    const text = figuresText(f);
    const what = n.category === 'target' ? 'the rows this sink would write' : `the rows of ${n.name}`;
    items.push({
      line: n.line - 1,
      title: text !== undefined ? `Preview · ${text}` : 'Preview',
      tooltip: `Show ${what} (the local engine runs the nodes it reads; nothing is written)${f ? ` — figures from ${figuresSource(f)}` : ''}`,
      command: 'preview',
      node: n.id,
    });
    items.push({
      line: n.line - 1,
      title: 'Run to here',
      tooltip: 'Run the script up to this node (its print and logger lines, data quality and assertions; sinks counted, not written) and show the rows',
      command: 'runToHere',
      node: n.id,
    });
    if (f?.rows === undefined) items.push({ line: n.line - 1, title: 'Count rows', tooltip: "Count the rows of every node of the job (nothing is written)", command: 'countRows', node: n.id });
  }
  return items;
}

export interface InlayItem {
  /** 0-based line the hint ends */
  line: number;
  label: string;
  tooltip: string;
}

/** Inlay hints after each node with figures: "482 rows · 10 cols". */
export function inlayItems(graph: JobGraph, figures: FiguresByNode): InlayItem[] {
  const items: InlayItem[] = [];
  for (const n of lensNodes(graph)) {
    const f = figures.get(n.id);
    if (f === undefined) continue;
    const parts: string[] = [];
    if (f.rows !== undefined) parts.push(`${f.rows.toLocaleString('en-US')} ${f.rows === 1 ? 'row' : 'rows'}${f.sampled ? ' (sample)' : ''}`);
    if (f.schema !== undefined) parts.push(`${f.schema.length} ${f.schema.length === 1 ? 'col' : 'cols'}`);
    if (parts.length === 0) continue;
    items.push({ line: n.line - 1, label: parts.join(' · '), tooltip: `${n.name}: from ${figuresSource(f)}${f.schema ? `\n\n${printGlueSchema(f.schema)}` : ''}` });
  }
  return items;
}

// ------------------------------------------------------------------------------------------ the graph page

export function graphViewModel(graph: JobGraph, figures: FiguresByNode, version: number, options: { stale?: boolean } = {}): GraphViewModel {
  const nodes: GraphViewNode[] = graph.nodes.map((n) => {
    const f = figures.get(n.id);
    const figuresLine = figuresText(f);
    const diff = f?.schemaDiff ? schemaDiffText(f.schemaDiff) : undefined;
    return {
      id: n.id,
      category: n.category,
      type: n.type,
      name: n.name,
      line: n.line,
      ...(n.detail !== undefined ? { detail: n.detail } : {}),
      ...(figuresLine !== undefined ? { figures: figuresLine, figuresFrom: figuresSource(f!) } : {}),
      ...(f?.schema !== undefined ? { schema: printGlueSchema(f.schema) } : {}),
      ...(diff !== undefined ? { schemaDiff: diff } : {}),
      ...(n.error !== undefined ? { error: n.error } : {}),
      previewable: n.preview !== undefined,
    };
  });
  return {
    file: graph.file,
    version,
    nodes,
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to })),
    ...(graph.error ? { error: { message: graph.error.message, ...(graph.error.line !== undefined ? { line: graph.error.line } : {}) } } : {}),
    ...(options.stale ? { stale: true } : {}),
  };
}

/** The figures of a finished preview (rows and fields of the node; for a sink, its written columns and diff). */
export function figuresFromPreview(
  nodeId: string,
  preview: { rows?: number; schema: GlueField[]; schemaDiff?: SchemaDiff; sampled: boolean; execution: { state: string } },
  sigs: Map<string, string>,
  at: number,
): FiguresByNode {
  const sig = sigs.get(nodeId);
  if (sig === undefined || preview.execution.state !== 'SUCCEEDED') return new Map();
  return new Map([
    [nodeId, { sig, from: 'preview', at, schema: preview.schema, ...(preview.rows !== undefined ? { rows: preview.rows } : {}), ...(preview.schemaDiff ? { schemaDiff: preview.schemaDiff } : {}), ...(preview.sampled ? { sampled: true } : {}) }],
  ]);
}
