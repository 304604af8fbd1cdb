/// <reference lib="dom" />
// The results page: several results, each in a tab of its own (resultView.ts) inside the one results panel — a tab
// strip when there are two or more (click, middle-click or × to close; ←/→, Home, End and Delete on the strip;
// Ctrl+PageUp/PageDown anywhere in the page), each tab keeping its grid, sort, filter and scroll while another is
// shown. The rows of the tabs shown last are kept (MAX_TABS_WITH_ROWS); an older tab's grid is dropped and made
// again, its rows asked of the host, when it is shown. The next tab is made ahead of time (laid out, its grid made,
// out of sight) so that a new result costs no more than one shown in the open tab.
import {
  CellStyleModule,
  ColumnApiModule,
  EventApiModule,
  InfiniteRowModelModule,
  LocaleModule,
  ModuleRegistry,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TooltipModule,
} from 'ag-grid-community';
import type { ResultsPageState, ResultsToHost, ResultsToPage, ResultTabState } from '../protocol';
import { h } from '../dom';
import { vscodeApi } from '../vscode';
import { ResultView, type ViewHost } from './resultView';

performance.mark('lakehouse:script');
ModuleRegistry.registerModules([
  InfiniteRowModelModule,
  // the empty result's overlay text (getLocaleText)
  LocaleModule,
  RowSelectionModule,
  TooltipModule,
  CellStyleModule,
  ColumnApiModule,
  RowApiModule,
  ScrollApiModule,
  EventApiModule,
  RenderApiModule,
  // rowClassRules: the loading mark of a row whose block has not come yet
  RowStyleModule,
]);

/**
 * The tabs whose grids keep their rows (the one shown and those shown just before it): each grid holds up to
 * ~20,000 rows of its result; an older tab keeps its statement, status, sort, filter and scroll position, and asks
 * the host for its rows again when it is shown.
 */
export const MAX_TABS_WITH_ROWS = 4;

const vscode = vscodeApi<ResultsToHost, ResultsPageState | ResultTabState>();

/** The page's state as last saved (a window reload, or the page made again after the panel was hidden). */
function savedState(): ResultsPageState {
  const s = vscode.getState();
  if (!s) return { tabs: [] };
  // a results tab saved by an earlier version: one result, no tab number
  if (!('tabs' in s)) return { tabs: [{ ...(s as Omit<ResultTabState, 'id'>), id: 1 }], active: 1 };
  return s;
}
const saved = savedState();

const views: ResultView[] = [];
let active: ResultView | undefined;
let nextRequest = 1;
let clock = 0;
/** the next tab, made ahead of time: laid out, its grid made, out of sight */
let spare: ResultView | undefined;
let spareTimer: ReturnType<typeof setTimeout> | undefined;

const strip = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Results' } });
const panes = h('div', { class: 'panes' });
const app = document.getElementById('app')!;
app.append(strip, panes);
strip.hidden = true;

function save(): void {
  vscode.setState({ tabs: views.map((v) => v.state), ...(active ? { active: active.id } : {}) });
}

const host: ViewHost = {
  post: (view, message) => vscode.postMessage({ ...message, tab: view.id }),
  save,
  nextId: () => nextRequest++,
  changed: (view) => renderTab(view),
};

/** The next tab, made now: laid out (out of sight) with its grid. */
function makeSpare(): void {
  spare = new ResultView({ id: -1, sql: '', title: '', rerunnable: false, view: { sort: [], filter: '' } }, host);
  spare.root.classList.add('spare-view');
  panes.append(spare.root);
  spare.prepareGrid();
  performance.mark('lakehouse:spare-made');
}

/** Makes the next tab once the page is idle (a little after the last one was taken). */
function scheduleSpare(): void {
  if (spareTimer !== undefined || spare) return;
  spareTimer = setTimeout(() => {
    spareTimer = undefined;
    if (spare) return;
    // not while a tab's result is on its way in (its task would wait for this one)
    if (views.some((v) => v.pageState === 'PENDING' || v.pageState === 'RUNNING')) {
      scheduleSpare();
      return;
    }
    makeSpare();
  }, 400);
}

// ------------------------------------------------------------------------------------------ the tab strip

const tabs = new Map<ResultView, { tab: HTMLElement; title: HTMLElement; icon: HTMLElement }>();

function renderTab(view: ResultView): void {
  const t = tabs.get(view);
  if (!t) return;
  t.title.textContent = view.state.title;
  t.tab.title = `${view.state.sql}\n\nCtrl+PageUp / Ctrl+PageDown: the previous or next result; middle-click or × to close`;
  t.tab.classList.toggle('preview', view.state.preview === true);
  const state = view.pageState;
  t.icon.className = `codicon ${state === 'RUNNING' || state === 'QUEUED' ? 'codicon-loading codicon-modifier-spin' : state === 'FAILED' ? 'codicon-error' : 'codicon-table'}`;
  t.tab.dataset['state'] = state;
}

function addTab(view: ResultView): void {
  const icon = h('span', { class: 'codicon codicon-table', attrs: { 'aria-hidden': 'true' } });
  const title = h('span', { class: 'tab-title' });
  const close = h('button', { class: 'icon tab-close', attrs: { 'aria-label': 'Close this result', tabindex: '-1', 'data-testid': 'close-tab' } }, h('span', { class: 'codicon codicon-close', attrs: { 'aria-hidden': 'true' } }));
  const tab = h('div', { class: 'tab', attrs: { role: 'tab', id: `tab-${view.id}`, 'aria-controls': `result-${view.id}`, 'aria-selected': 'false', tabindex: '-1', 'data-tab': String(view.id) } }, icon, title, close);
  tab.addEventListener('click', () => select(view));
  // a middle click closes, as on the workbench's tabs
  tab.addEventListener('auxclick', (e) => {
    if (e.button === 1) closeTab(view);
  });
  tab.addEventListener('mousedown', (e) => {
    if (e.button === 1) e.preventDefault();
  });
  close.addEventListener('click', (e) => {
    e.stopPropagation();
    closeTab(view);
  });
  tabs.set(view, { tab, title, icon });
  strip.append(tab);
  // (a tab made ahead of time is in place already: moving it would lay it out again)
  if (view.root.parentElement !== panes) panes.append(view.root);
  renderTab(view);
  strip.hidden = views.length < 2;
}

/** Shows `view`; `fromHost`: the host chose it (it need not be told). */
function select(view: ResultView, fromHost = false): void {
  if (active === view) return;
  const before = active;
  before?.hide();
  if (before) tabs.get(before)?.tab.setAttribute('aria-selected', 'false');
  if (before) tabs.get(before)!.tab.tabIndex = -1;
  active = view;
  view.lastShown = ++clock;
  const t = tabs.get(view);
  if (t) {
    t.tab.setAttribute('aria-selected', 'true');
    t.tab.tabIndex = 0;
    // in the next frame: not a layout of the page now, while a result may be on its way in
    if (!strip.hidden) requestAnimationFrame(() => t.tab.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
  }
  view.show();
  // once the page is idle: a grid destroyed now would delay the new tab's first rows
  setTimeout(dropOldRows, 1000);
  save();
  if (!fromHost) vscode.postMessage({ type: 'shown', tab: view.id });
}

/** The tabs beyond the MAX_TABS_WITH_ROWS shown last drop their grids' rows. */
function dropOldRows(): void {
  const holding = views.filter((v) => v.holdsRows).sort((a, b) => b.lastShown - a.lastShown);
  for (const v of holding.slice(MAX_TABS_WITH_ROWS)) if (v !== active) v.dropRows();
}

function closeTab(view: ResultView, tellHost = true): void {
  const i = views.indexOf(view);
  if (i < 0) return;
  views.splice(i, 1);
  tabs.get(view)?.tab.remove();
  tabs.delete(view);
  view.destroy();
  strip.hidden = views.length < 2;
  if (tellHost) vscode.postMessage({ type: 'close', tab: view.id });
  if (active === view) {
    active = undefined;
    // the tab to its right, else the one to its left (as the workbench's tabs)
    const next = views[i] ?? views[i - 1];
    if (next) select(next);
  }
  save();
}

function step(by: number): void {
  if (!active || views.length < 2) return;
  const i = views.indexOf(active);
  select(views[(i + by + views.length) % views.length]!);
}

strip.addEventListener('keydown', (e) => {
  if (!active) return;
  const i = views.indexOf(active);
  let to: ResultView | undefined;
  if (e.key === 'ArrowRight') to = views[(i + 1) % views.length];
  else if (e.key === 'ArrowLeft') to = views[(i - 1 + views.length) % views.length];
  else if (e.key === 'Home') to = views[0];
  else if (e.key === 'End') to = views[views.length - 1];
  else if (e.key === 'Delete') {
    e.preventDefault();
    closeTab(active);
    if (active) tabs.get(active)?.tab.focus();
    return;
  } else return;
  e.preventDefault();
  if (to) {
    select(to);
    tabs.get(to)?.tab.focus();
  }
});

document.addEventListener(
  'keydown',
  (e) => {
    // Ctrl+PageUp/PageDown: the previous or next result (not the workbench's previous or next editor)
    if (e.ctrlKey && !e.altKey && !e.shiftKey && (e.key === 'PageDown' || e.key === 'PageUp') && views.length > 1) {
      e.preventDefault();
      e.stopPropagation();
      step(e.key === 'PageDown' ? 1 : -1);
      return;
    }
    // Ctrl/Cmd+C in the grid: the chosen cells
    if (e.target instanceof HTMLInputElement || !active?.hasGridFocus()) return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') {
      e.preventDefault();
      void active.copyRange();
    }
  },
);
document.addEventListener('mouseup', () => active?.mouseUp());

// ------------------------------------------------------------------------------------------ messages

function viewOf(id: number, state?: ResultTabState): ResultView | undefined {
  let view = views.find((v) => v.id === id);
  if (!view && state) {
    // a tab the page held before it was made again (window reload, panel hidden): its sort, filter and scroll
    const kept = saved.tabs.find((t) => t.id === id);
    const tabState = kept && kept.sql === state.sql && (kept.run ?? 0) === (state.run ?? 0) ? kept : { ...state };
    if (spare && !kept) {
      view = spare;
      spare = undefined;
      view.adopt(tabState);
      scheduleSpare();
    } else view = new ResultView(tabState, host);
    views.push(view);
    addTab(view);
    // a reload brings the tabs' statements in the order they start, not the tabs' order: the saved one holds
    if (kept) order(saved.tabs.map((t) => t.id));
  }
  return view;
}

/** Puts the tabs in the order of `ids` (the host's, or the one saved); tabs not named keep their place after them. */
function order(ids: readonly number[]): void {
  const rank = (v: ResultView): number => {
    const i = ids.indexOf(v.id);
    return i < 0 ? ids.length + views.indexOf(v) : i;
  };
  const sorted = [...views].sort((a, b) => rank(a) - rank(b));
  if (sorted.every((v, i) => v === views[i])) return;
  views.splice(0, views.length, ...sorted);
  for (const v of views) {
    const t = tabs.get(v);
    if (t) strip.append(t.tab);
  }
  save();
}

window.addEventListener('message', (event: MessageEvent<ResultsToPage>) => {
  const m = event.data;
  if (m.type === 'tabs') {
    for (const v of [...views]) if (!m.tabs.includes(v.id)) closeTab(v, false);
    order(m.tabs);
    return;
  }
  const view = viewOf(m.tab, m.type === 'init' ? m.state : undefined);
  if (!view) return;
  const fresh = !view.initialized;
  view.onMessage(m);
  if (m.type === 'init') {
    // (the host chose it, or it is the only one so far: the host is not told)
    if (m.active || !active) select(view, true);
    // its grid, out of sight, while the statement runs (a tab made ahead of time has one)
    if (fresh && view.active) setTimeout(() => view.prepareGrid(), 0);
  }
});

performance.mark('lakehouse:ready');
vscode.postMessage({ type: 'ready' });
// The webview delivers the host's first messages once this page has loaded: a grid is made then, out of sight,
// while they are on their way (not before: the page's load would wait for it), unless a result came first.
window.addEventListener(
  'load',
  () =>
    setTimeout(() => {
      // a result came first: the tab made ahead of time is for the next one
      if (views.some((v) => v.api !== undefined)) scheduleSpare();
      else if (!spare) makeSpare();
    }, 0),
  { once: true },
);
