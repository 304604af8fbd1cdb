// The pipeline graph's layers: sources left, each job right of what it reads, each table right of its writer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LAYOUT, layoutGraph } from '../../src/webview/report/layout';

test('layers follow the longest path; nodes of a layer are stacked without overlap', () => {
  // landing → job A → trusted → job C → curated; landing2 → job B → trusted2 → job C
  const edges = [
    { from: 'table:landing', to: 'job:a' },
    { from: 'job:a', to: 'table:trusted' },
    { from: 'table:landing2', to: 'job:b' },
    { from: 'job:b', to: 'table:trusted2' },
    { from: 'table:trusted', to: 'job:c' },
    { from: 'table:trusted2', to: 'job:c' },
    { from: 'job:c', to: 'table:curated' },
    // a shortcut from a source straight to the last job does not pull it left
    { from: 'table:landing', to: 'job:c' },
  ];
  const layout = layoutGraph(edges, ['job:lonely']);
  const layer = (id: string): number => layout.nodes.get(id)!.layer;
  assert.deepEqual(
    ['table:landing', 'table:landing2', 'job:a', 'job:b', 'table:trusted', 'table:trusted2', 'job:c', 'table:curated', 'job:lonely'].map(layer),
    [0, 0, 1, 1, 2, 2, 3, 4, 0],
  );
  const { nodeWidth, nodeHeight, columnGap, rowGap, margin } = DEFAULT_LAYOUT;
  assert.equal(layout.width, 2 * margin + 5 * nodeWidth + 4 * columnGap);
  assert.equal(layout.height, 2 * margin + 3 * nodeHeight + 2 * rowGap, 'layer 0 holds three nodes');
  const seen = new Set<string>();
  for (const n of layout.nodes.values()) {
    const key = `${n.x},${n.y}`;
    assert.ok(!seen.has(key), `two nodes at ${key}`);
    seen.add(key);
  }
  // job:b's only input is in row 1 of layer 0, so it sorts after job:a (input in row 0)
  assert.ok(layout.nodes.get('job:a')!.row < layout.nodes.get('job:b')!.row);
});

test('a cycle does not hang the layout', () => {
  const layout = layoutGraph([
    { from: 'job:a', to: 'job:b' },
    { from: 'job:b', to: 'job:a' },
  ]);
  assert.equal(layout.nodes.size, 2);
});
