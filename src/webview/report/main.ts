/// <reference lib="dom" />
// The zone report page: rows per table by dataset and zone, a funnel chart per dataset (landing → trusted →
// curated), and the pipeline as a graph of tables and jobs with row counts on the edges and each job's last state.
// Plain SVG and HTML built with DOM APIs; every name and number is a text node.
import type { ReportEdge, ReportJob, ReportTable, ReportToHost, ReportToPage, ZoneReportModel } from '../protocol';
import { fill, h, s } from '../dom';
import { formatCount, formatMs } from '../format';
import { vscodeApi } from '../vscode';
import { layoutGraph } from './layout';

const vscode = vscodeApi<ReportToHost, { shown: true }>();
vscode.setState({ shown: true });

const stateLine = h('span', { class: 'meta', attrs: { 'data-testid': 'report-meta' } });
const refreshButton = h('button', { title: 'Count the rows again', on: { click: () => vscode.postMessage({ type: 'refresh' }) } }, 'Refresh');
const errorBox = h('div', { class: 'banner error', attrs: { role: 'alert' } });
const content = h('main', { class: 'content' });
document.getElementById('app')!.append(h('header', { class: 'toolbar' }, h('h1', {}, 'Zone report'), stateLine, h('span', { class: 'spacer' }), refreshButton), errorBox, content);

const ZONE_LABEL = { landing: 'Landing', trusted: 'Trusted', curated: 'Curated' } as const;

const rowsText = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : formatCount(n));

// ------------------------------------------------------------------------------------------ tables and funnels

function tablesSection(r: ZoneReportModel): HTMLElement {
  const body = h('tbody');
  for (const d of r.datasets) {
    const count = d.zones.reduce((n, z) => n + Math.max(1, z.tables.length), 0);
    let firstOfDataset = true;
    for (const z of d.zones) {
      const tables: (ReportTable | undefined)[] = z.tables.length > 0 ? z.tables : [undefined];
      tables.forEach((t, i) => {
        const tr = h('tr', { attrs: { 'data-dataset': d.name, 'data-zone': z.zone } });
        if (firstOfDataset) tr.append(h('th', { attrs: { rowspan: String(count), scope: 'rowgroup' } }, d.name));
        if (i === 0) tr.append(h('td', { class: `zone zone-${z.zone}`, attrs: { rowspan: String(tables.length) } }, ZONE_LABEL[z.zone]));
        tr.append(h('td', { class: 'table-name' }, t ? t.name : h('span', { class: 'muted' }, 'no table')), rowsCell(t));
        body.append(tr);
        firstOfDataset = false;
      });
    }
  }
  for (const t of r.otherTables) body.append(h('tr', {}, h('th', {}, '—'), h('td', { class: 'zone' }, 'outside the zones'), h('td', { class: 'table-name' }, t.name), rowsCell(t)));
  // a table that could not be counted: its error under the table
  const all = [...r.datasets.flatMap((d) => d.zones.flatMap((z) => z.tables)), ...r.otherTables];
  const failed = all.filter((t) => t.error !== undefined);
  // a partitioned table counting 0 rows over objects: why (no partition registered) and what registers them
  const hinted = all.filter((t) => t.hint !== undefined);
  return h(
    'section',
    { class: 'tables' },
    h('h2', {}, 'Rows per table'),
    h('table', { class: 'report-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'Dataset'), h('th', {}, 'Zone'), h('th', {}, 'Table'), h('th', { class: 'num' }, 'Rows'))), body),
    ...failed.map((t) => h('p', { class: 'banner error', attrs: { 'data-testid': 'count-error' } }, `${t.id} could not be counted: ${t.error}`)),
    ...hinted.map((t) => h('p', { class: 'banner notice info', attrs: { 'data-testid': 'count-hint' } }, `Note: ${t.hint!}`)),
  );
}

/** A table's rows, or "error" (its message as the tooltip) when it could not be counted. */
function rowsCell(t: ReportTable | undefined): HTMLElement {
  if (t?.error !== undefined) return h('td', { class: 'num error', attrs: { 'data-testid': 'rows', title: t.error } }, 'error');
  return h('td', { class: 'num', attrs: { 'data-testid': 'rows', ...(t?.hint !== undefined ? { title: t.hint } : {}) } }, t ? rowsText(t.rows) : '');
}

/** One funnel per dataset: a centred bar per zone, its width the zone's rows relative to the dataset's largest zone. */
function funnel(d: ZoneReportModel['datasets'][number]): SVGSVGElement {
  const width = 300;
  const barH = 26;
  const gap = 6;
  const labelW = 70;
  const max = Math.max(1, ...d.zones.map((z) => z.rows));
  const svg = s('svg', { class: 'funnel', width: width + labelW, height: d.zones.length * (barH + gap) + 20, role: 'img', 'aria-label': `${d.name}: rows per zone` });
  svg.append(s('text', { x: 0, y: 12, class: 'funnel-title' }, d.name));
  d.zones.forEach((z, i) => {
    const y = 20 + i * (barH + gap);
    const w = Math.max(2, (z.rows / max) * width);
    svg.append(
      s('text', { x: 0, y: y + barH / 2 + 4, class: 'funnel-label' }, ZONE_LABEL[z.zone]),
      s('rect', { x: labelW + (width - w) / 2, y, width: w, height: barH, rx: 3, class: `bar zone-${z.zone}` }, s('title', {}, `${d.name} ${z.zone}: ${formatCount(z.rows)} rows`)),
      s('text', { x: labelW + width / 2, y: y + barH / 2 + 4, class: 'bar-label', 'text-anchor': 'middle' }, formatCount(z.rows)),
    );
  });
  return svg;
}

// ------------------------------------------------------------------------------------------ pipeline graph

function shortPath(p: string): string {
  return p.length > 30 ? `…${p.slice(-29)}` : p;
}

/** A table's outline: a cylinder (the usual sign of stored data), `w`×`h` from the top-left corner. */
function cylinderPath(w: number, h: number): string {
  const ry = 5;
  return `M 0 ${ry} A ${w / 2} ${ry} 0 0 1 ${w} ${ry} L ${w} ${h - ry} A ${w / 2} ${ry} 0 0 1 0 ${h - ry} Z M 0 ${ry} A ${w / 2} ${ry} 0 0 0 ${w} ${ry}`;
}

/** A job's outline: a box with pointed ends (a step that runs), `w`×`h` from the top-left corner. */
function jobPath(w: number, h: number): string {
  const t = 12;
  return `M ${t} 0 L ${w - t} 0 L ${w} ${h / 2} L ${w - t} ${h} L ${t} ${h} L 0 ${h / 2} Z`;
}

/** Fit, zoom and pan of the graph: its viewBox, changed by the buttons, Ctrl/⌘+wheel and dragging. */
function zoomable(svg: SVGSVGElement, width: number, height: number): HTMLElement {
  let box = { x: 0, y: 0, w: width, h: height };
  const apply = (): void => svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.w} ${box.h}`);
  const fit = (): void => {
    box = { x: 0, y: 0, w: width, h: height };
    apply();
  };
  const zoom = (factor: number, cx = box.x + box.w / 2, cy = box.y + box.h / 2): void => {
    const w = Math.min(width * 4, Math.max(width / 20, box.w / factor));
    const k = w / box.w;
    box = { x: cx - (cx - box.x) * k, y: cy - (cy - box.y) * k, w, h: box.h * k };
    apply();
  };
  const toGraph = (e: MouseEvent): { x: number; y: number } => {
    const r = svg.getBoundingClientRect();
    return { x: box.x + ((e.clientX - r.left) / r.width) * box.w, y: box.y + ((e.clientY - r.top) / r.height) * box.h };
  };
  svg.addEventListener('wheel', (e) => {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    const p = toGraph(e);
    zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
  }, { passive: false });
  let drag: { x: number; y: number; box: typeof box } | undefined;
  svg.addEventListener('pointerdown', (e) => {
    if ((e.target as Element).closest('.node')) return;
    drag = { x: e.clientX, y: e.clientY, box };
    svg.setPointerCapture(e.pointerId);
    svg.classList.add('panning');
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    box = { ...drag.box, x: drag.box.x - ((e.clientX - drag.x) / r.width) * drag.box.w, y: drag.box.y - ((e.clientY - drag.y) / r.height) * drag.box.h };
    apply();
  });
  const end = (): void => {
    drag = undefined;
    svg.classList.remove('panning');
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
  fit();
  const button = (icon: string, title: string, run: () => void, testid: string): HTMLButtonElement =>
    h('button', { class: 'icon', title, attrs: { 'aria-label': title, 'data-testid': testid }, on: { click: run } }, h('span', { class: `codicon codicon-${icon}` }));
  const tools = h(
    'div',
    { class: 'graph-tools', attrs: { role: 'toolbar', 'aria-label': 'Graph view' } },
    button('screen-full', 'Fit the graph to the view', fit, 'fit'),
    button('zoom-in', 'Zoom in (Ctrl/⌘+wheel)', () => zoom(1.25), 'zoom-in'),
    button('zoom-out', 'Zoom out (Ctrl/⌘+wheel)', () => zoom(1 / 1.25), 'zoom-out'),
    h('span', { class: 'muted' }, 'drag to pan · click a job to open its script, a table to preview it'),
  );
  return h('div', { class: 'graph-view' }, tools, h('div', { class: 'graph-frame' }, svg));
}

function pipelineSection(r: ZoneReportModel): HTMLElement {
  const section = h('section', { class: 'pipeline' }, h('h2', {}, 'Pipeline'));
  if (r.jobs.length === 0 && r.unreadable.length === 0) {
    section.append(h('p', { class: 'muted' }, 'No Glue job scripts in this project.'));
    return section;
  }
  const tables = new Map<string, ReportTable>();
  for (const d of r.datasets) for (const z of d.zones) for (const t of z.tables) tables.set(t.id, t);
  for (const t of r.otherTables) tables.set(t.id, t);
  const jobs = new Map<string, ReportJob>(r.jobs.map((j) => [j.name, j]));
  const labelOf = (e: ReportEdge): string | undefined => (e.rows !== undefined ? formatCount(e.rows) : undefined);
  const layout = layoutGraph(r.edges, r.jobs.map((j) => `job:${j.name}`), labelOf);
  const svg = s('svg', { class: 'graph', role: 'img', 'aria-label': 'Pipeline: tables and jobs', preserveAspectRatio: 'xMidYMid meet' });
  // the frame's height: the graph's at 100 %, within the window
  svg.style.height = `${Math.min(Math.max(layout.height, 160), Math.round(window.innerHeight * 0.7))}px`;
  const defs = s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' })));
  svg.append(defs);

  // edges first (under the nodes), labels last (above everything)
  const edgeGroup = s('g', { class: 'edges' });
  const labelGroup = s('g', { class: 'edge-labels' });
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const g = s('g', { class: 'edge', 'data-from': e.from, 'data-to': e.to });
    const [first, ...rest] = e.points;
    g.append(s('path', { d: `M ${first!.x} ${first!.y} ${rest.map((p) => `L ${p.x} ${p.y}`).join(' ')}`, 'marker-end': 'url(#arrow)' }));
    const edge = r.edges.find((x) => x.from === e.from && x.to === e.to);
    const text = edge ? labelOf(edge) : undefined;
    if (e.label && text !== undefined) {
      g.append(
        s('rect', { x: e.label.x - e.label.width / 2, y: e.label.y - e.label.height / 2, width: e.label.width, height: e.label.height, rx: 8, class: 'edge-label-bg' }),
        s('text', { x: e.label.x, y: e.label.y + 4, 'text-anchor': 'middle', class: 'edge-label' }, text),
      );
      // the label's group sits above the nodes; the edge keeps its data attributes for readers
      labelGroup.append(g);
    } else edgeGroup.append(g);
  }
  svg.append(edgeGroup);

  for (const n of layout.nodes.values()) {
    const g = s('g', { class: 'node', transform: `translate(${n.x} ${n.y})`, 'data-id': n.id, tabindex: 0 });
    const W = n.width;
    const H = n.height;
    if (n.id.startsWith('job:')) {
      const name = n.id.slice(4);
      const job = jobs.get(name);
      const st = job?.state ?? 'NEVER RUN';
      g.setAttribute('class', `node job state-${st.toLowerCase().replace(/\s+/g, '-')}`);
      const detail = job?.state
        ? `${st.toLowerCase()}${job.executionTime !== undefined ? ` · ${formatMs(job.executionTime * 1000)}` : ''}${job.rowsWritten !== undefined ? ` · ${formatCount(job.rowsWritten)} out` : ''}`
        : 'never run';
      g.append(
        s('path', { d: jobPath(W, H), class: 'shape' }),
        s('text', { x: 16, y: 19, class: 'node-title' }, `⚙ ${name}`),
        s('text', { x: 16, y: 36, class: 'node-detail' }, detail),
        s('title', {}, `job ${name} (${job?.scriptPath ?? ''}) — click to open the script\nlast run: ${st}${job?.startedOn ? ` at ${job.startedOn}` : ''}${job?.rowsRead !== undefined ? `\nrows read: ${formatCount(job.rowsRead)}` : ''}${job?.rowsWritten !== undefined ? `\nrows written: ${formatCount(job.rowsWritten)}` : ''}${job?.error ? `\nerror: ${job.error}` : ''}`),
      );
      const open = (): void => vscode.postMessage({ type: 'openScript', job: name });
      g.addEventListener('click', open);
      g.addEventListener('keydown', (e) => e.key === 'Enter' && open());
    } else {
      const isTable = n.id.startsWith('table:');
      const t = isTable ? tables.get(n.id.slice(6)) : undefined;
      g.setAttribute('class', `node ${isTable ? 'table' : 'path'} zone-${t?.zone ?? 'none'}`);
      const name = isTable ? (t?.name ?? n.id.slice(6)) : shortPath(n.id.slice(5));
      g.append(
        s('path', { d: isTable ? cylinderPath(W, H) : jobPath(W, H), class: 'shape' }),
        s('text', { x: 10, y: 22, class: 'node-title' }, name),
        s('text', { x: 10, y: 38, class: 'node-detail' }, isTable ? `${t?.zone ?? 'table'} · ${rowsText(t?.rows)} rows` : 'S3 path'),
        s('title', {}, isTable ? `${n.id.slice(6)}\n${t?.location ?? ''}\nclick to preview its rows` : n.id.slice(5)),
      );
      if (isTable && t) {
        const preview = (): void => vscode.postMessage({ type: 'previewTable', database: t.database, table: t.name });
        g.addEventListener('click', preview);
        g.addEventListener('keydown', (e) => e.key === 'Enter' && preview());
      }
    }
    svg.append(g);
  }
  svg.append(labelGroup);
  section.append(zoomable(svg, layout.width, layout.height));
  for (const u of r.unreadable) section.append(h('p', { class: 'banner error' }, `${u.scriptPath}: ${u.error}`));
  return section;
}

// ------------------------------------------------------------------------------------------ messages

function render(r: ZoneReportModel): void {
  document.body.dataset['state'] = 'ready';
  stateLine.textContent = `${r.project} · database ${r.database} · ${r.target} · ${new Date(r.generatedAt).toLocaleTimeString()}`;
  fill(errorBox);
  const total = r.datasets.length + r.otherTables.length;
  fill(
    content,
    total === 0 ? h('p', { class: 'muted' }, 'No tables yet: create them from the sql/ folder.') : null,
    h('section', { class: 'funnels' }, h('h2', {}, 'Zones'), h('div', { class: 'funnel-row' }, ...r.datasets.map(funnel))),
    tablesSection(r),
    pipelineSection(r),
  );
}

window.addEventListener('message', (event: MessageEvent<ReportToPage>) => {
  const m = event.data;
  switch (m.type) {
    case 'loading':
      document.body.dataset['state'] = 'loading';
      refreshButton.disabled = true;
      stateLine.textContent = 'Counting rows…';
      return;
    case 'report':
      refreshButton.disabled = false;
      render(m.report);
      return;
    case 'error':
      document.body.dataset['state'] = 'error';
      refreshButton.disabled = false;
      stateLine.textContent = '';
      fill(errorBox, m.message);
      return;
  }
});

vscode.postMessage({ type: 'ready' });
