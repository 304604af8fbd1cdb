// Where the job graph's nodes and edges go: a layered drawing top to bottom, as Glue Studio's canvas draws a job
// (sources at the top, targets at the bottom), laid out by dagre (@dagrejs/dagre: ranks, crossing reduction, edge
// routes). No DOM: tested with node:test.
import { Graph, layout } from '@dagrejs/dagre';
import type { GraphViewModel } from './protocol';

export interface Box {
  /** the node's centre */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface JobGraphLayout {
  nodes: Map<string, Box>;
  edges: { from: string; to: string; points: { x: number; y: number }[] }[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 230;
/** a node's height: name, type, and a line of figures when there are some */
export function nodeHeight(hasFigures: boolean): number {
  return hasFigures ? 62 : 46;
}

export function layoutJobGraph(model: GraphViewModel, options: { nodeWidth?: number; margin?: number } = {}): JobGraphLayout {
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, marginx: options.margin ?? 12, marginy: options.margin ?? 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const width = options.nodeWidth ?? NODE_WIDTH;
  for (const n of model.nodes) g.setNode(n.id, { width, height: nodeHeight(n.figures !== undefined || n.error !== undefined) });
  for (const e of model.edges) if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to);
  layout(g);
  const nodes = new Map<string, Box>();
  for (const id of g.nodes()) {
    const n = g.node(id) as { x: number; y: number; width: number; height: number };
    nodes.set(id, { x: n.x, y: n.y, width: n.width, height: n.height });
  }
  const edges = g.edges().map((e) => ({ from: e.v, to: e.w, points: ((g.edge(e) as { points?: { x: number; y: number }[] }).points ?? []).map((p) => ({ x: p.x, y: p.y })) }));
  const label = g.graph() as { width?: number; height?: number };
  return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}
