// The pipeline graph's layout (dagre, src/webview/report/layout.ts): what reads comes left of what writes it, no two
// nodes overlap, no edge label overlaps a node or another label, and a cycle does not hang it. The graph is the
// shape of the STEDI pipeline (tables and jobs as the core reports them), plus a job without edges.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutGraph } from '../../src/webview/report/layout';

const EDGES = [
  { from: 'table:landing', to: 'job:a', rows: 956 },
  { from: 'job:a', to: 'table:trusted', rows: 482 },
  { from: 'table:landing2', to: 'job:b', rows: 81_273 },
  { from: 'job:b', to: 'table:trusted2', rows: 40_780 },
  { from: 'table:trusted', to: 'job:c', rows: 482 },
  { from: 'table:trusted2', to: 'job:c', rows: 40_780 },
  { from: 'job:c', to: 'table:curated', rows: 40_160 },
  // a shortcut from a source straight to the last job
  { from: 'table:landing', to: 'job:c', rows: 956 },
];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('left to right: each job right of what it reads, each table right of the job that writes it', () => {
  const layout = layoutGraph(EDGES, ['job:lonely'], (e) => (e.rows !== undefined ? e.rows.toLocaleString('en-US') : undefined));
  for (const e of EDGES) assert.ok(layout.nodes.get(e.from)!.x + layout.nodes.get(e.from)!.width <= layout.nodes.get(e.to)!.x, `${e.from} left of ${e.to}`);
  assert.equal(layout.nodes.size, 9);
  assert.ok(layout.nodes.has('job:lonely'));
  for (const n of layout.nodes.values()) assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= layout.width && n.y + n.height <= layout.height, `${n.id} inside the graph`);
});

test('no two nodes overlap; no edge label overlaps a node or another label', () => {
  const layout = layoutGraph(EDGES, ['job:lonely'], (e) => (e.rows !== undefined ? e.rows.toLocaleString('en-US') : undefined));
  const nodes = [...layout.nodes.values()];
  for (const [i, a] of nodes.entries()) for (const b of nodes.slice(i + 1)) assert.ok(!overlap(a, b), `${a.id} overlaps ${b.id}`);
  const labels = layout.edges.map((e) => e.label!).map((l) => ({ x: l.x - l.width / 2, y: l.y - l.height / 2, width: l.width, height: l.height }));
  assert.equal(labels.length, EDGES.length, 'every edge with rows has its label placed');
  for (const [i, a] of labels.entries()) {
    for (const n of nodes) assert.ok(!overlap(a, n), `label ${i} overlaps ${n.id}`);
    for (const b of labels.slice(i + 1)) assert.ok(!overlap(a, b), `two labels overlap`);
  }
  // each edge is routed: from its source's side to its target's side
  for (const e of layout.edges) assert.ok(e.points.length >= 2, `${e.from} → ${e.to} has a route`);
});

test('a cycle does not hang the layout', () => {
  const layout = layoutGraph([
    { from: 'job:a', to: 'job:b' },
    { from: 'job:b', to: 'job:a' },
  ]);
  assert.equal(layout.nodes.size, 2);
});
