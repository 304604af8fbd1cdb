/// <reference lib="dom" />
// The job graph page: the script's nodes as Glue Studio's canvas draws them — sources, transforms and targets top to
// bottom, each box with its name, type and figures (rows · columns), the schema on hover, a refused construct in
// the error colour. A click (or Enter) on a node asks the host to preview it and move the editor to its line. Plain
// SVG built with DOM APIs: every name, number and message is a text node.
import { fill, h, s } from '../dom';
import { vscodeApi } from '../vscode';
import { layoutJobGraph, type JobGraphLayout } from './layout';
import type { GraphPanelState, GraphToHost, GraphToPage, GraphViewModel, GraphViewNode } from './protocol';

const vscode = vscodeApi<GraphToHost, GraphPanelState>();

const title = h('h1', {}, 'Job graph');
const meta = h('span', { class: 'meta', attrs: { 'data-testid': 'graph-meta' } });
const banner = h('div', { class: 'banner error', attrs: { role: 'alert', 'data-testid': 'graph-error' } });
const canvas = h('div', { class: 'canvas', attrs: { 'data-testid': 'graph-canvas' } });
const tooltip = h('div', { class: 'tooltip', attrs: { role: 'tooltip', 'data-testid': 'graph-tooltip' } });
tooltip.hidden = true;
document.getElementById('app')!.append(h('header', { class: 'toolbar' }, title, meta), banner, canvas, tooltip);

const CATEGORY_LABEL: Record<GraphViewNode['category'], string> = { source: 'Source', transform: 'Transform', target: 'Target', refused: 'Not supported here' };

/** The text of a node's hover: what it is, its figures, its schema, its error. */
function hoverText(n: GraphViewNode): string {
  const lines = [`${n.name} — ${n.type} (line ${n.line})`];
  if (n.detail) lines.push(n.detail);
  if (n.figures) lines.push(`${n.figures}${n.figuresFrom ? ` — from ${n.figuresFrom}` : ''}`);
  if (n.schemaDiff) lines.push(n.schemaDiff);
  if (n.error) lines.push(n.error);
  if (n.schema) lines.push('', n.schema);
  else if (n.previewable) lines.push('', 'Click to preview its rows.');
  return lines.join('\n');
}

function showTooltip(n: GraphViewNode, e: MouseEvent | FocusEvent, anchor: Element): void {
  tooltip.textContent = hoverText(n);
  tooltip.hidden = false;
  const r = anchor.getBoundingClientRect();
  const x = e instanceof MouseEvent ? e.clientX + 14 : r.right + 8;
  const y = e instanceof MouseEvent ? e.clientY + 14 : r.top;
  tooltip.style.left = `${Math.min(x, Math.max(0, window.innerWidth - tooltip.offsetWidth - 8))}px`;
  tooltip.style.top = `${Math.min(y, Math.max(0, window.innerHeight - tooltip.offsetHeight - 8))}px`;
}

function hideTooltip(): void {
  tooltip.hidden = true;
}

/** Shortens a text to fit a box of `max` characters. */
function fit(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function edgePath(points: { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  return `M${first!.x},${first!.y} ${rest.map((p) => `L${p.x},${p.y}`).join(' ')}`;
}

function drawNode(n: GraphViewNode, box: { x: number; y: number; width: number; height: number }): SVGGElement {
  const x = box.x - box.width / 2;
  const y = box.y - box.height / 2;
  const chars = Math.floor((box.width - 16) / 7);
  const g = s(
    'g',
    {
      class: `node ${n.category}${n.error ? ' has-error' : ''}${n.previewable ? ' previewable' : ''}`,
      transform: `translate(${x},${y})`,
      'data-node-id': n.id,
      'data-line': n.line,
      role: 'button',
      tabindex: 0,
      'aria-label': `${CATEGORY_LABEL[n.category]} ${n.name}, ${n.type}, line ${n.line}${n.figures ? `, ${n.figures}` : ''}${n.error ? `, ${n.error}` : ''}`,
    },
    s('rect', { width: box.width, height: box.height, rx: 4, ry: 4 }),
    s('rect', { class: 'band', width: 4, height: box.height, rx: 2, ry: 2 }),
    s('text', { class: 'node-name', x: 12, y: 18 }, fit(n.name, chars)),
    s('text', { class: 'node-type', x: 12, y: 34 }, fit(`${n.type}${n.detail ? ` · ${n.detail}` : ''}`, chars + 4)),
  );
  const third = n.error ? fit(n.error.replace(/^\S+:\d+(:\d+)?: /, ''), chars + 4) : n.figures;
  if (third) g.append(s('text', { class: n.error ? 'node-error' : 'node-figures', x: 12, y: 52, 'data-testid': n.error ? 'node-error' : 'node-figures' }, third));
  const open = () => vscode.postMessage({ type: 'open', id: n.id });
  g.addEventListener('click', open);
  g.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  });
  g.addEventListener('mouseenter', (e) => showTooltip(n, e, g));
  g.addEventListener('mousemove', (e) => showTooltip(n, e, g));
  g.addEventListener('mouseleave', hideTooltip);
  g.addEventListener('focus', (e) => showTooltip(n, e, g));
  g.addEventListener('blur', hideTooltip);
  return g;
}

function draw(model: GraphViewModel, layout: JobGraphLayout): SVGSVGElement {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const svg = s(
    'svg',
    { class: 'graph', width: Math.max(layout.width, 1), height: Math.max(layout.height, 1), viewBox: `0 0 ${Math.max(layout.width, 1)} ${Math.max(layout.height, 1)}`, role: 'group', 'aria-label': `graph of ${model.file}` },
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { class: 'arrow-head', d: 'M0,0 L10,5 L0,10 z' }))),
  );
  for (const e of layout.edges) svg.append(s('path', { class: `edge${byId.get(e.to)?.category === 'refused' ? ' to-refused' : ''}`, d: edgePath(e.points), 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to }));
  for (const n of model.nodes) {
    const box = layout.nodes.get(n.id);
    if (box) svg.append(drawNode(n, box));
  }
  return svg;
}

function render(model: GraphViewModel): void {
  const t0 = performance.now();
  hideTooltip();
  title.textContent = `Job graph: ${model.file}`;
  const sources = model.nodes.filter((n) => n.category === 'source').length;
  const targets = model.nodes.filter((n) => n.category === 'target').length;
  meta.textContent = `${sources} source${sources === 1 ? '' : 's'} · ${model.nodes.length - sources - targets} transform${model.nodes.length - sources - targets === 1 ? '' : 's'} · ${targets} target${targets === 1 ? '' : 's'}${model.stale ? ' · as last read' : ''}`;
  fill(banner);
  if (model.error) {
    const where = model.error.line !== undefined ? `line ${model.error.line}: ` : '';
    const text = `${where}${model.error.message.replace(/^\S+:\d+(:\d+)?: /, '')}`;
    if (model.error.line !== undefined) {
      const line = model.error.line;
      banner.append(h('button', { class: 'link', title: 'Go to the line', on: { click: () => vscode.postMessage({ type: 'reveal', line }) } }, text));
    } else banner.append(text);
  }
  document.body.dataset.stale = model.stale ? 'true' : 'false';
  const layout = layoutJobGraph(model);
  fill(canvas, model.nodes.length > 0 ? draw(model, layout) : h('p', { class: 'muted' }, 'The script has no node the local engine reads yet.'));
  document.body.dataset.version = String(model.version);
  vscode.postMessage({ type: 'rendered', version: model.version, nodes: model.nodes.length, ms: performance.now() - t0 });
}

window.addEventListener('message', (e: MessageEvent<GraphToPage>) => {
  const m = e.data;
  if (m.type === 'graph') {
    vscode.setState({ uri: m.uri });
    render(m.model);
  } else if (m.type === 'empty') {
    fill(banner);
    title.textContent = 'Job graph';
    meta.textContent = '';
    fill(canvas, h('p', { class: 'muted' }, m.message));
  }
});
canvas.addEventListener('scroll', hideTooltip);
vscode.postMessage({ type: 'ready' });
