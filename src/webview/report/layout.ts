// Where the pipeline graph's nodes, edges and edge labels go: a layered layout by dagre (@dagrejs/dagre, the
// maintained Sugiyama-style layout of many diagram tools), left to right — the tables a pipeline reads on the left,
// each job right of what it reads, each table right of the job that writes it. Edge labels (row counts) are laid
// out as parts of the graph, so they never overlap a node or each other; edges are routed around nodes. No DOM:
// tested with node:test.
import dagre from '@dagrejs/dagre';
import type { ReportEdge } from '../protocol';

export interface LayoutNode {
  id: string;
  /** top-left corner */
  x: number;
  y: number;
  width: number;
  height: number;
  /** the layer (column) counted from the left, 0-based */
  layer: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
  /** the polyline the edge follows, from the first node's side to the second's */
  points: { x: number; y: number }[];
  /** the centre of its label, when it has one */
  label?: { x: number; y: number; width: number; height: number };
}

export interface GraphLayout {
  nodes: Map<string, LayoutNode>;
  edges: LayoutEdge[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  /** a node's size from its id (jobs and tables may differ) */
  nodeSize: (id: string) => { width: number; height: number };
  /** an edge label's size from its text */
  labelSize: (text: string) => { width: number; height: number };
  /** gaps between layers, between nodes of a layer, between edges */
  rankSep: number;
  nodeSep: number;
  edgeSep: number;
  margin: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = {
  nodeSize: (id) => (id.startsWith('job:') ? { width: 230, height: 46 } : { width: 230, height: 46 }),
  labelSize: (text) => ({ width: text.length * 7.2 + 12, height: 16 }),
  rankSep: 70,
  nodeSep: 22,
  edgeSep: 14,
  margin: 12,
};

/**
 * Lays out the nodes named by the edges, and `extra` nodes without edges; `labelOf(edge)` is the text on an edge
 * (undefined: none).
 */
export function layoutGraph(edges: readonly ReportEdge[], extra: readonly string[] = [], labelOf: (e: ReportEdge) => string | undefined = () => undefined, options: LayoutOptions = DEFAULT_LAYOUT): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ranksep: options.rankSep, nodesep: options.nodeSep, edgesep: options.edgeSep, marginx: options.margin, marginy: options.margin, ranker: 'network-simplex' });
  g.setDefaultEdgeLabel(() => ({}));
  const ids: string[] = [];
  const add = (id: string): void => {
    if (g.hasNode(id)) return;
    ids.push(id);
    g.setNode(id, { ...options.nodeSize(id) });
  };
  for (const e of edges) {
    add(e.from);
    add(e.to);
  }
  for (const x of extra) add(x);
  edges.forEach((e, i) => {
    if (e.from === e.to) return;
    const text = labelOf(e);
    g.setEdge(e.from, e.to, text !== undefined ? { ...options.labelSize(text), labelpos: 'c' } : {}, `e${i}`);
  });
  dagre.layout(g);

  const nodes = new Map<string, LayoutNode>();
  const xs = [...new Set(ids.map((id) => Math.round(g.node(id).x)))].sort((a, b) => a - b);
  for (const id of ids) {
    const n = g.node(id);
    nodes.set(id, { id, x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height, layer: xs.indexOf(Math.round(n.x)) });
  }
  const out: LayoutEdge[] = [];
  edges.forEach((e, i) => {
    if (e.from === e.to) return;
    const d = g.edge({ v: e.from, w: e.to, name: `e${i}` }) as { points?: { x: number; y: number }[]; x?: number; y?: number; width?: number; height?: number };
    out.push({
      from: e.from,
      to: e.to,
      points: d.points ?? [],
      ...(labelOf(e) !== undefined && d.x !== undefined && d.y !== undefined ? { label: { x: d.x, y: d.y, width: d.width ?? 0, height: d.height ?? 0 } } : {}),
    });
  });
  const graph = g.graph();
  return { nodes, edges: out, width: graph.width ?? 0, height: graph.height ?? 0 };
}
