/**
 * The job graph page's layout (src/webview/jobGraph/layout.ts, dagre): top to bottom as Glue Studio's canvas draws
 * a job — every node placed, none overlapping, each edge going down from its source's box to its target's box.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutJobGraph, nodeHeight, NODE_WIDTH } from '../../src/webview/jobGraph/layout';
import type { GraphViewModel, GraphViewNode } from '../../src/webview/jobGraph/protocol';

const node = (id: string, category: GraphViewNode['category'], figures?: string): GraphViewNode => ({
  id,
  category,
  type: 't',
  name: id,
  line: 1,
  previewable: category !== 'refused',
  ...(figures ? { figures } : {}),
});

/** machine_learning_curated's shape: three sources into one SQL node into a target, and a refused branch. */
const MODEL: GraphViewModel = {
  file: 'glue-scripts/x.py',
  version: 1,
  nodes: [node('a', 'source', '14,493 rows'), node('b', 'source'), node('c', 'source'), node('sql', 'transform', '40,160 rows · 7 columns'), node('sink:0', 'target'), node('refused', 'refused')],
  edges: [
    { from: 'a', to: 'sql' },
    { from: 'b', to: 'sql' },
    { from: 'c', to: 'sql' },
    { from: 'sql', to: 'sink:0' },
    { from: 'c', to: 'refused' },
  ],
};

test('every node is placed, with its size, and no two overlap', () => {
  const l = layoutJobGraph(MODEL);
  assert.equal(l.nodes.size, MODEL.nodes.length);
  for (const n of MODEL.nodes) {
    const b = l.nodes.get(n.id)!;
    assert.equal(b.width, NODE_WIDTH);
    assert.equal(b.height, nodeHeight(n.figures !== undefined));
    assert.ok(b.x - b.width / 2 >= 0 && b.y - b.height / 2 >= 0 && b.x + b.width / 2 <= l.width && b.y + b.height / 2 <= l.height, `${n.id} inside the drawing`);
  }
  const boxes = [...l.nodes.entries()];
  for (const [i, [p, a]] of boxes.entries())
    for (const [q, b] of boxes.slice(i + 1)) {
      const apart = Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
      assert.ok(apart, `${p} and ${q} overlap`);
    }
});

/** A point on the outline of a box (within a pixel). */
function onBorder(p: { x: number; y: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  const dx = Math.abs(p.x - b.x) - b.width / 2;
  const dy = Math.abs(p.y - b.y) - b.height / 2;
  return (Math.abs(dx) < 1 && dy < 1) || (Math.abs(dy) < 1 && dx < 1);
}

test('top to bottom: every edge goes down, from its source\'s outline to its target\'s', () => {
  const l = layoutJobGraph(MODEL);
  assert.equal(l.edges.length, MODEL.edges.length);
  for (const e of l.edges) {
    const from = l.nodes.get(e.from)!;
    const to = l.nodes.get(e.to)!;
    assert.ok(from.y < to.y, `${e.from} above ${e.to}`);
    const first = e.points[0]!;
    const last = e.points[e.points.length - 1]!;
    assert.ok(onBorder(first, from), `${e.from}→${e.to} leaves from its source's border`);
    assert.ok(onBorder(last, to), `${e.from}→${e.to} ends on its target's border`);
    assert.ok(last.y < to.y + to.height / 2, `${e.from}→${e.to} comes in from above`);
  }
  // the three sources on one rank, above the SQL node, above the target
  const y = (id: string) => l.nodes.get(id)!.y;
  assert.equal(y('a'), y('b'));
  assert.equal(y('b'), y('c'));
  assert.ok(y('c') < y('sql') && y('sql') < y('sink:0'));
});

test('an edge to a node the model does not hold is left out (a graph being edited)', () => {
  const l = layoutJobGraph({ ...MODEL, edges: [...MODEL.edges, { from: 'sql', to: 'gone' }] });
  assert.equal(l.edges.length, MODEL.edges.length);
  assert.equal(l.nodes.has('gone'), false);
});
