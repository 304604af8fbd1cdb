/// <reference lib="dom" />
// What a result tab says around its grid: the toolbar's icon buttons, the query's state, the error (or cancel)
// banner with its position in the SQL, and the status line's figures (rows, time, bytes scanned, cost, engine).
import type { StatusView } from '../protocol';
import { fill, h } from '../dom';
import { formatBytes, formatCount, formatMs, formatUsd } from '../format';

/** A toolbar button showing a codicon (its name says what it does: the title, and the accessible name). */
export function iconButton(icon: string, title: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  return h('button', { class: 'icon', title, attrs: { 'aria-label': title, ...attrs }, on: { click: onClick } }, h('span', { class: `codicon codicon-${icon}`, attrs: { 'aria-hidden': 'true' } }));
}

export const STATE_TEXT: Record<StatusView['state'], string> = {
  QUEUED: 'Queued…',
  RUNNING: 'Running…',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

/** The banner above the grid: a cancelled query as a notice, an error with its position, else nothing. */
export function fillErrorBox(errorBox: HTMLElement, s: StatusView, revealSource: () => void): void {
  if (s.state === 'CANCELLED') {
    // stopped by the user: said plainly, not as an error
    errorBox.className = 'banner notice info';
    fill(errorBox, h('strong', {}, 'Cancelled'), ': the query was stopped before it finished.');
  } else if (s.error) {
    errorBox.className = 'banner error';
    // one position format: the file's `name.sql:line:col` when the statement came from one, else the statement's own
    const pos = s.error.where ?? (s.error.line !== undefined ? `line ${s.error.line}, column ${s.error.column ?? 1}` : undefined);
    fill(
      errorBox,
      h('strong', {}, 'Error'),
      pos ? h('span', { class: 'pos' }, ` at ${pos}`) : null,
      ': ',
      // the engine's own "line 2:3: " prefix repeats the position already shown
      h('span', { class: 'message' }, pos ? s.error.message.replace(/^line \d+:\d+: /, '') : s.error.message),
      s.error.canReveal ? h('button', { class: 'link', attrs: { 'data-testid': 'reveal' }, on: { click: revealSource } }, 'Show in editor') : null,
    );
  } else fill(errorBox);
}

/** The status line: rows (of the filtered view), time, bytes scanned, cost, engine. */
export function statusText(s: StatusView): string {
  const parts: string[] = [];
  if (s.state === 'SUCCEEDED') {
    if (s.columns.length === 0) parts.push(s.message ?? 'Done');
    else if (s.viewRows !== undefined && s.rows !== undefined && s.viewRows !== s.rows) parts.push(`${formatCount(s.viewRows)} of ${formatCount(s.rows)} rows`);
    else if (s.rows !== undefined) parts.push(`${formatCount(s.rows)} row${s.rows === 1 ? '' : 's'}`);
    // a query's note beside its rows (lines a table skipped as malformed)
    if (s.columns.length > 0 && s.message) parts.push(s.message);
  } else parts.push(STATE_TEXT[s.state]);
  if (s.elapsedMs !== undefined) parts.push(s.engineMs !== undefined ? `${formatMs(s.elapsedMs)} (engine ${formatMs(s.engineMs)})` : formatMs(s.elapsedMs));
  if (s.bytesScanned !== undefined) parts.push(`${formatBytes(s.bytesScanned)} scanned`);
  if (s.costUsd !== undefined) parts.push(`~${formatUsd(s.costUsd)}`);
  if (s.engine) parts.push(s.engine);
  return parts.join('  ·  ');
}
