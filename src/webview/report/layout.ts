// Where the pipeline graph's nodes go: layers by longest path from the sources (tables the pipeline only reads
// on the left, each job right of what it reads, each table right of the job that writes it), rows inside a layer
// ordered by the mean position of their predecessors to keep edges from crossing. No DOM: tested with node:test.
import type { ReportEdge } from '../protocol';

export interface LayoutNode {
  id: string;
  layer: number;
  /** position inside the layer, 0-based */
  row: number;
  x: number;
  y: number;
}

export interface GraphLayout {
  nodes: Map<string, LayoutNode>;
  width: number;
  height: number;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
  margin: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { nodeWidth: 250, nodeHeight: 46, columnGap: 80, rowGap: 18, margin: 12 };

/** Lays out the nodes named by the edges (and `extra` nodes without edges, in layer 0), in `order` of first mention. */
export function layoutGraph(edges: readonly ReportEdge[], extra: readonly string[] = [], options: LayoutOptions = DEFAULT_LAYOUT): GraphLayout {
  const ids: string[] = [];
  const seen = new Set<string>();
  const add = (id: string): void => {
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  };
  for (const e of edges) {
    add(e.from);
    add(e.to);
  }
  for (const x of extra) add(x);
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) if (e.from !== e.to) preds.get(e.to)!.push(e.from);

  // longest path from a source; a cycle (not expected: the core refuses one) is cut after |nodes| rounds
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  for (let round = 0; round < ids.length; round++) {
    let changed = false;
    for (const id of ids)
      for (const p of preds.get(id)!) {
        const want = layer.get(p)! + 1;
        if (want > layer.get(id)! && want <= ids.length) {
          layer.set(id, want);
          changed = true;
        }
      }
    if (!changed) break;
  }

  const layers: string[][] = [];
  for (const id of ids) (layers[layer.get(id)!] ??= []).push(id);
  const rowOf = new Map<string, number>();
  for (const [l, members] of layers.entries()) {
    if (!members) continue;
    if (l > 0) {
      const mean = (id: string): number => {
        const ps = preds.get(id)!.filter((p) => rowOf.has(p));
        return ps.length === 0 ? Number.MAX_SAFE_INTEGER : ps.reduce((n, p) => n + rowOf.get(p)!, 0) / ps.length;
      };
      const first = new Map(members.map((id, i) => [id, i]));
      members.sort((a, b) => mean(a) - mean(b) || first.get(a)! - first.get(b)!);
    }
    members.forEach((id, i) => rowOf.set(id, i));
  }

  const { nodeWidth, nodeHeight, columnGap, rowGap, margin } = options;
  const nodes = new Map<string, LayoutNode>();
  let maxRows = 0;
  for (const [l, members] of layers.entries()) {
    if (!members) continue;
    maxRows = Math.max(maxRows, members.length);
    members.forEach((id, row) => nodes.set(id, { id, layer: l, row, x: margin + l * (nodeWidth + columnGap), y: margin + row * (nodeHeight + rowGap) }));
  }
  const columns = layers.length;
  return {
    nodes,
    width: columns === 0 ? 0 : 2 * margin + columns * nodeWidth + (columns - 1) * columnGap,
    height: maxRows === 0 ? 0 : 2 * margin + maxRows * nodeHeight + (maxRows - 1) * rowGap,
  };
}
