/**
 * A job's graph as Glue Studio's canvas draws it: sources, transforms and targets as a DAG, each with its node type
 * and its name (the `# Script generated for node <Name>` comment), from the job's plan — and, when the script cannot
 * be read to the end, from the part that reads, with the statement that stopped the reader marked at its place. No
 * `vscode`: the editor's graph view and its tests use it as it is.
 */
import { isExtra } from './extras';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { LakehouseError } from '../errors';
import { nodeInputs, type JobPlan, type PlanNode, type PlanNodeKind, type PlanSink } from './plan';
import { getPythonParser } from './python';

export type GraphNodeCategory = 'source' | 'transform' | 'target' | 'refused';

/** What clicking a node previews: a plan node's frame, or a sink's (the rows it would write). */
export type GraphPreviewTarget = { node: string } | { sink: number };

export interface JobGraphNode {
  /** unique in the graph: a plan node's id, `sink:<n>`, `dq:<n>` (an Evaluate Data Quality), `refused` */
  id: string;
  category: GraphNodeCategory;
  /** the node type, as Glue Studio names it ("AWS Glue Data Catalog", "SQL Query", "Amazon S3") */
  type: string;
  /** the node's name: the generated comment's, else the variable's */
  name: string;
  /** 1-based script line of the node's statement */
  line: number;
  /** what it reads or writes: `stedi.customer_landing`, `s3://bucket/prefix/` */
  detail?: string;
  /** what a click previews; absent for nodes without rows of their own */
  preview?: GraphPreviewTarget;
  /** a refused construct, or the error of the node */
  error?: string;
}

export interface JobGraphEdge {
  from: string;
  to: string;
}

export interface JobGraph {
  file: string;
  nodes: JobGraphNode[];
  edges: JobGraphEdge[];
  /** why the script reads only in part (a syntax error, a refused construct), with its position */
  error?: { message: string; line?: number; column?: number };
}

/** Plan node kinds → the node type Glue Studio shows (DataFrame steps: the Spark method). */
export const NODE_TYPES: Record<PlanNodeKind, string> = {
  catalogSource: 'AWS Glue Data Catalog',
  s3Source: 'Amazon S3',
  rows: 'createDataFrame',
  sql: 'SQL Query',
  dropFields: 'Drop Fields',
  selectFields: 'Select Fields',
  renameField: 'Rename Field',
  applyMapping: 'Change Schema',
  join: 'Join',
  dropNullFields: 'Drop Null Fields',
  dropDuplicates: 'Drop Duplicates',
  flatten: 'Flatten',
  unnest: 'Unnest',
  relationalize: 'Relationalize',
  filter: 'Filter',
  map: 'Map',
  where: 'filter (DataFrame)',
  project: 'select (DataFrame)',
  withColumns: 'withColumn (DataFrame)',
  renameColumns: 'withColumnRenamed (DataFrame)',
  dropColumns: 'drop (DataFrame)',
  dfJoin: 'Join',
  union: 'Union',
  aggregate: 'Aggregate',
  gsPivot: 'Pivot Rows Into Columns',
  orderBy: 'orderBy (DataFrame)',
  fillna: 'fillna (DataFrame)',
  dropna: 'dropna (DataFrame)',
  setOp: 'intersect / subtract (DataFrame)',
  dataQualityOutcomes: 'Rule Outcomes',
  dataQualityRowOutcomes: 'Row-Level Outcomes',
  toDF: 'toDF',
  renameAll: 'toDF (DataFrame)',
  limit: 'limit (DataFrame)',
  summary: 'describe / summary (DataFrame)',
  replace: 'replace (DataFrame)',
  alias: 'alias (DataFrame)',
  resolveChoice: 'Resolve Choice',
  splitRows: 'Split Rows',
};

function sourceDetail(n: PlanNode): string | undefined {
  if (n.kind === 'catalogSource') return `${n.database}.${n.table}`;
  if (n.kind === 's3Source') return `${n.paths.join(', ')} (${n.format})`;
  return undefined;
}

function sinkType(s: PlanSink): string {
  return s.kind === 'catalog' || s.catalog ? 'AWS Glue Data Catalog' : 'Amazon S3';
}

function sinkDetail(s: PlanSink): string {
  if (s.kind === 'catalog') return `${s.database}.${s.table}`;
  return s.catalog ? `${s.catalog.database}.${s.catalog.table} at ${s.path} (${s.format})` : `${s.path} (${s.format})`;
}

/** The graph of a (complete) plan. */
export function planGraph(plan: JobPlan): JobGraph {
  const nodes: JobGraphNode[] = [];
  const edges: JobGraphEdge[] = [];
  // toDF() is no node on Glue Studio's canvas (the frame it converts is): edges go through it
  const toDF = new Map(plan.nodes.flatMap((n) => (n.kind === 'toDF' ? [[n.id, n.input] as const] : [])));
  const through = (id: string): string => (toDF.has(id) ? through(toDF.get(id)!) : id);
  const ids = new Set(plan.nodes.filter((n) => n.kind !== 'toDF').map((n) => n.id));
  const edge = (source: string, to: string) => {
    const from = through(source);
    if (!edges.some((e) => e.from === from && e.to === to)) edges.push({ from, to });
  };
  for (const n of plan.nodes) {
    if (n.kind === 'toDF') continue;
    const category: GraphNodeCategory = n.kind === 'catalogSource' || n.kind === 's3Source' ? 'source' : 'transform';
    const detail = sourceDetail(n);
    nodes.push({ id: n.id, category, type: NODE_TYPES[n.kind], name: n.name ?? n.id, line: n.line, ...(detail !== undefined ? { detail } : {}), preview: { node: n.id } });
    if (n.kind === 'dataQualityOutcomes' || n.kind === 'dataQualityRowOutcomes') edge(`dq:${n.dq}`, n.id);
    else for (const i of nodeInputs(n)) if (ids.has(through(i))) edge(i, n.id);
  }
  for (const [i, dq] of plan.dataQuality.entries()) {
    nodes.push({ id: `dq:${i}`, category: 'transform', type: 'Evaluate Data Quality', name: dq.context ?? `Evaluate Data Quality (line ${dq.line})`, line: dq.line });
    if (ids.has(through(dq.input))) edge(dq.input, `dq:${i}`);
    for (const s of Object.values(dq.sources ?? {})) if (ids.has(through(s))) edge(s, `dq:${i}`);
  }
  for (const [i, s] of plan.sinks.entries()) {
    const id = `sink:${i}`;
    nodes.push({ id, category: 'target', type: sinkType(s), name: s.name ?? s.id ?? `sink (line ${s.line})`, line: s.line, detail: sinkDetail(s), preview: { sink: i } });
    if (ids.has(through(s.input))) edge(s.input, id);
  }
  nodes.sort((a, b) => a.line - b.line);
  return { file: plan.file, nodes, edges };
}

const NODE_COMMENT = /^#\s*Script generated for node\s+(.*?)\s*$/;

/**
 * The graph of a script read as far as it reads (readGlueScriptPartly): the plan's nodes, and — where the reader
 * stopped at a statement — that statement as a `refused` node at its line, named as its comment or variable names
 * it, with edges from the frames it reads; a refusal inside a node already drawn marks that node.
 */
export async function scriptGraph(text: string, reading: { plan: JobPlan; error?: LakehouseError }): Promise<JobGraph> {
  const graph = planGraph(reading.plan);
  const e = reading.error;
  if (e === undefined) return graph;
  const message = e.message;
  graph.error = { message, ...(e.detail.line !== undefined ? { line: e.detail.line } : {}), ...(e.detail.column !== undefined ? { column: e.detail.column } : {}) };
  if (e.detail.line === undefined || e.code === 'ScriptSyntax') return graph;
  const stmt = await topLevelStatementAt(text, e.detail.line);
  if (stmt === undefined) return graph;
  const inside = graph.nodes.find((n) => n.line >= stmt.startLine && n.line <= stmt.endLine && n.category !== 'source');
  if (inside !== undefined) {
    inside.error = message;
    return graph;
  }
  const frames = new Set(graph.nodes.filter((n) => n.preview !== undefined && 'node' in n.preview).map((n) => n.id));
  graph.nodes.push({
    id: 'refused',
    category: 'refused',
    type: 'Not supported here',
    name: stmt.comment ?? stmt.variable ?? `line ${e.detail.line}`,
    line: e.detail.line,
    error: message,
  });
  for (const id of stmt.identifiers) if (frames.has(id)) graph.edges.push({ from: id, to: 'refused' });
  graph.nodes.sort((a, b) => a.line - b.line);
  return graph;
}

interface StatementInfo {
  startLine: number;
  endLine: number;
  variable?: string;
  comment?: string;
  identifiers: string[];
}

/** The module-level statement holding 1-based `line`: its lines, the variable it assigns, its node comment, the names it reads. */
async function topLevelStatementAt(text: string, line: number): Promise<StatementInfo | undefined> {
  const tree = (await getPythonParser()).parse(text);
  if (tree === null) return undefined;
  try {
    const stmts = tree.rootNode.namedChildren;
    const i = stmts.findIndex((s) => !isExtra(s) && s.startPosition.row + 1 <= line && s.endPosition.row + 1 >= line);
    if (i < 0) return undefined;
    const stmt = stmts[i]!;
    let comment: string | undefined;
    for (let j = i - 1; j >= 0 && stmts[j]!.type === 'comment'; j--) {
      const m = NODE_COMMENT.exec(stmts[j]!.text);
      if (m !== null) {
        comment = m[1];
        break;
      }
    }
    const asg = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    const left = asg?.type === 'assignment' ? asg.childForFieldName('left') : null;
    const identifiers = new Set<string>();
    const walk = (n: SyntaxNode): void => {
      if (n.type === 'identifier') identifiers.add(n.text);
      for (const c of n.namedChildren) walk(c);
    };
    walk(asg?.type === 'assignment' ? (asg.childForFieldName('right') ?? stmt) : stmt);
    return {
      startLine: stmt.startPosition.row + 1,
      endLine: stmt.endPosition.row + 1,
      ...(left?.type === 'identifier' ? { variable: left.text } : {}),
      ...(comment !== undefined ? { comment } : {}),
      identifiers: [...identifiers],
    };
  } finally {
    tree.delete();
  }
}
