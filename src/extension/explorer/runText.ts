// A job run's texts in the tree, the notifications and the status bar (plain TypeScript, no `vscode`, so plain Node
// tests read them): the run's summary ("0.84 s · 956 → 482 rows · data quality 2/3"), its line in the tree, and the
// Evaluate Data Quality results of its record (JobRun.dataQuality) that the run's tooltip lists — render.ts turns
// them into the TreeItem.
import type { JobRun } from '../../core/model';
import { formatDuration } from '../../core/units';
import { relativeTime } from './relativeTime';

export const count = (n: number): string => n.toLocaleString('en-US');

/** One EvaluateDataQuality of a run, as its tooltip shows it: a heading, then each rule with its outcome. */
export interface DataQualityView {
  /** `EvaluateDataQuality_node3 (line 31)` */
  heading: string;
  rules: { passed: boolean; rule: string; reason?: string }[];
}

/** The data-quality evaluations a run recorded, in the order the script made them. */
export function dataQualityViews(run: Pick<JobRun, 'dataQuality'>): DataQualityView[] {
  return (run.dataQuality ?? []).map((e) => ({
    heading: `${e.context}${e.line !== undefined ? ` (line ${e.line})` : ''}`,
    // a reason of several lines (EvaluatedMetrics, several failures) on one line of the tooltip
    rules: e.rules.map((x) => ({ passed: x.outcome === 'Passed', rule: x.rule, ...(x.reason !== undefined ? { reason: x.reason.split('\n').join('; ') } : {}) })),
  }));
}

/** "data quality 2/3": the rules passed of all the run's evaluations, or undefined when it evaluated none. */
export function dataQualityScore(run: Pick<JobRun, 'dataQuality'>): string | undefined {
  const rules = (run.dataQuality ?? []).flatMap((e) => e.rules);
  return rules.length > 0 ? `data quality ${rules.filter((r) => r.outcome === 'Passed').length}/${rules.length}` : undefined;
}

/** "0.84 s · 956 → 482 rows · data quality 2/3" or the error (notifications, the status bar, the job's tooltip) */
export function runSummary(run: JobRun): string {
  const parts: string[] = [];
  if (run.executionTime !== undefined) parts.push(formatDuration(run.executionTime * 1000));
  if (run.rowsRead !== undefined || run.rowsWritten !== undefined) parts.push(`${count(run.rowsRead ?? 0)} → ${count(run.rowsWritten ?? 0)} rows`);
  const dq = dataQualityScore(run);
  if (dq !== undefined) parts.push(dq);
  if (run.errorMessage) parts.push(run.errorMessage);
  return parts.join(' · ');
}

/**
 * A run's line in the tree, shortest first so that nothing that matters is cut: "2 min ago · 40 ms · 482 rows"
 * (rows written), after the time its data quality when it evaluated any ("2 min ago · data quality 2/3 · …": a
 * failed rule leaves the run SUCCEEDED, as on Glue, and was seen only in the tooltip); the error is in the tooltip
 * and the Problems panel.
 */
export function runDescription(run: JobRun, now = new Date()): string {
  const parts = [relativeTime(run.startedOn, now)];
  const dq = dataQualityScore(run);
  if (dq !== undefined) parts.push(dq);
  if (run.executionTime !== undefined) parts.push(formatDuration(run.executionTime * 1000));
  if (run.rowsWritten !== undefined) parts.push(`${count(run.rowsWritten)} rows`);
  return parts.join(' · ');
}
