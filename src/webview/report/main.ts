/// <reference lib="dom" />
// The zone report page: rows per table by dataset and zone, a funnel chart per dataset (landing → trusted →
// curated), and the pipeline as a graph of tables and jobs with row counts on the edges and each job's last state.
// Plain SVG and HTML built with DOM APIs; every name and number is a text node.
import type { ReportEdge, ReportJob, ReportTable, ReportToHost, ReportToPage, ZoneReportModel } from '../protocol';
import { fill, h, s } from '../dom';
import { formatCount, formatMs } from '../format';
import { vscodeApi } from '../vscode';
import { DEFAULT_LAYOUT, layoutGraph } from './layout';

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
  const failed = [...r.datasets.flatMap((d) => d.zones.flatMap((z) => z.tables)), ...r.otherTables].filter((t) => t.error !== undefined);
  return h(
    'section',
    { class: 'tables' },
    h('h2', {}, 'Rows per table'),
    h('table', { class: 'report-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'Dataset'), h('th', {}, 'Zone'), h('th', {}, 'Table'), h('th', { class: 'num' }, 'Rows'))), body),
    ...failed.map((t) => h('p', { class: 'banner error', attrs: { 'data-testid': 'count-error' } }, `${t.id} could not be counted: ${t.error}`)),
  );
}

/** A table's rows, or "error" (its message as the tooltip) when it could not be counted. */
function rowsCell(t: ReportTable | undefined): HTMLElement {
  if (t?.error !== undefined) return h('td', { class: 'num error', attrs: { 'data-testid': 'rows', title: t.error } }, 'error');
  return h('td', { class: 'num', attrs: { 'data-testid': 'rows' } }, t ? rowsText(t.rows) : '');
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
  const layout = layoutGraph(r.edges, r.jobs.map((j) => `job:${j.name}`));
  const { nodeWidth: W, nodeHeight: H } = DEFAULT_LAYOUT;
  const svg = s('svg', { class: 'graph', width: layout.width, height: layout.height, role: 'img', 'aria-label': 'Pipeline: tables and jobs' });
  const defs = s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' })));
  svg.append(defs);

  const edgeGroup = s('g', { class: 'edges' });
  r.edges.forEach((e: ReportEdge) => {
    const a = layout.nodes.get(e.from);
    const b = layout.nodes.get(e.to);
    if (!a || !b) return;
    const x1 = a.x + W;
    const y1 = a.y + H / 2;
    const x2 = b.x;
    const y2 = b.y + H / 2;
    const mx = (x1 + x2) / 2;
    const g = s('g', { class: 'edge', 'data-from': e.from, 'data-to': e.to });
    g.append(s('path', { d: `M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`, 'marker-end': 'url(#arrow)' }));
    if (e.rows !== undefined) {
      const label = formatCount(e.rows);
      g.append(
        s('rect', { x: mx - label.length * 3.6 - 5, y: (y1 + y2) / 2 - 9, width: label.length * 7.2 + 10, height: 16, rx: 8, class: 'edge-label-bg' }),
        s('text', { x: mx, y: (y1 + y2) / 2 + 3, 'text-anchor': 'middle', class: 'edge-label' }, label),
      );
    }
    edgeGroup.append(g);
  });
  svg.append(edgeGroup);

  for (const n of layout.nodes.values()) {
    const g = s('g', { class: 'node', transform: `translate(${n.x} ${n.y})`, 'data-id': n.id });
    if (n.id.startsWith('job:')) {
      const job = jobs.get(n.id.slice(4));
      const st = job?.state ?? 'NEVER RUN';
      g.setAttribute('class', `node job state-${st.toLowerCase().replace(/\s+/g, '-')}`);
      const detail = job?.state
        ? `${st}${job.executionTime !== undefined ? ` · ${formatMs(job.executionTime * 1000)}` : ''}${job.rowsWritten !== undefined ? ` · ${formatCount(job.rowsWritten)} out` : ''}`
        : 'never run';
      g.append(
        s('rect', { width: W, height: H, rx: 6 }),
        s('text', { x: 10, y: 18, class: 'node-title' }, n.id.slice(4)),
        s('text', { x: 10, y: 36, class: 'node-detail' }, detail),
        s('title', {}, `job ${n.id.slice(4)} (${job?.scriptPath ?? ''})\nlast run: ${st}${job?.startedOn ? ` at ${job.startedOn}` : ''}${job?.rowsRead !== undefined ? `\nrows read: ${formatCount(job.rowsRead)}` : ''}${job?.rowsWritten !== undefined ? `\nrows written: ${formatCount(job.rowsWritten)}` : ''}${job?.error ? `\nerror: ${job.error}` : ''}`),
      );
      g.addEventListener('click', () => vscode.postMessage({ type: 'openScript', job: n.id.slice(4) }));
    } else {
      const isTable = n.id.startsWith('table:');
      const t = isTable ? tables.get(n.id.slice(6)) : undefined;
      g.setAttribute('class', `node ${isTable ? 'table' : 'path'} zone-${t?.zone ?? 'none'}`);
      const name = isTable ? (t?.name ?? n.id.slice(6)) : shortPath(n.id.slice(5));
      g.append(
        s('rect', { width: W, height: H, rx: 2 }),
        s('text', { x: 10, y: 18, class: 'node-title' }, name),
        s('text', { x: 10, y: 36, class: 'node-detail' }, isTable ? `${t?.zone ?? 'table'} · ${rowsText(t?.rows)} rows` : 'S3 path'),
        s('title', {}, isTable ? `${n.id.slice(6)}\n${t?.location ?? ''}` : n.id.slice(5)),
      );
    }
    svg.append(g);
  }
  section.append(h('div', { class: 'graph-scroll' }, svg));
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
