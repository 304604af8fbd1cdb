/// <reference lib="dom" />
// A result tab's column statistics (asked for with the toolbar's graph icon): a table of each column's NULLs,
// distinct values, min and max, as text.
import type { ResultMessageToPage } from '../protocol';
import { fill, h } from '../dom';
import { formatCount, formatMs } from '../format';

/** Shows the statistics (or why there are none) in `box`; `filter`: the quick filter they were computed under. */
export function renderStats(box: HTMLElement, m: Extract<ResultMessageToPage, { type: 'stats' }>, filter: string): void {
  box.hidden = false;
  const close = h('button', { class: 'icon', title: 'Close the statistics', attrs: { 'aria-label': 'Close the statistics' }, on: { click: () => (box.hidden = true) } }, h('span', { class: 'codicon codicon-close' }));
  if (!m.ok) {
    fill(box, h('div', { class: 'stats-head' }, h('span', {}, m.error), close));
    return;
  }
  const cell = (v: string | number | null, cls = ''): HTMLTableCellElement => h('td', { class: `${cls}${v === null ? ' cell-null' : ''}` }, v === null ? '—' : typeof v === 'number' ? formatCount(v) : v);
  fill(
    box,
    h('div', { class: 'stats-head' }, h('strong', {}, 'Column statistics'), ` over ${formatCount(m.rows)} rows${filter ? ` containing "${filter}"` : ''} · ${formatMs(m.elapsedMs)}`, close),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...['Column', 'Type', 'NULLs', 'Distinct', 'Min', 'Max'].map((t) => h('th', {}, t)))),
      h('tbody', {}, ...m.columns.map((c) => h('tr', {}, cell(c.name), cell(c.type, 'col-type'), cell(c.nulls, 'num'), cell(c.distinct, 'num'), cell(c.min), cell(c.max)))),
    ),
  );
}
