// Times in the tree as people read them (plain TypeScript, no `vscode`): "just now", "2 min ago", "3 h ago",
// "yesterday", then the date — as the Databricks extension's run list says them. `now` is passed in (tests).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", else the date ("2026-11-02"). */
export function relativeTime(when: Date | string, now: Date = new Date()): string {
  const d = typeof when === 'string' ? new Date(when) : when;
  if (Number.isNaN(d.getTime())) return String(when);
  const ms = now.getTime() - d.getTime();
  // a clock a little ahead (another machine's): still "just now"
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ago`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ago`;
  const days = Math.floor(ms / DAY);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return localDate(d);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-02" in local time */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "2026-11-02 14:05:09" in local time: a run's start, as a log tab's title says it */
export function localDateTime(when: Date | string): string {
  const d = typeof when === 'string' ? new Date(when) : when;
  if (Number.isNaN(d.getTime())) return String(when);
  return `${localDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * A long name cut in the middle, keeping its start and its end — where object keys differ (`part-00003-….json`) —
 * with "…" between: at most `max` characters.
 */
export function elideMiddle(text: string, max = 48): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const keep = max - 1;
  const tail = Math.ceil(keep * 0.6);
  return `${chars.slice(0, keep - tail).join('')}…${chars.slice(chars.length - tail).join('')}`;
}
