// The "Query History" view of the Lakehouse container: the project's queries, newest first (historyModel.ts),
// each "2 min ago · 40 ms · 5 rows" with the target, bytes and cost in its tooltip; a click (Open Result) shows the
// result kept of it (keptResults.ts) without running it, Run Again runs it again, Open SQL puts its text in an
// editor, Clear empties the history (and deletes the kept results). Kept in workspace state.
import * as vscode from 'vscode';
import type { QueryExecution } from '../../core/model';
import { formatBytes, formatDuration } from '../../core/units';
import { relativeTime } from '../explorer/relativeTime';
import { titleOfSql } from '../panels/resultQuery';
import { addToHistory, historyEntry, validHistory, withKeptResult, type HistoryEntry, type KeptResult } from './historyModel';
import { describeKept, pruneKeptResults } from './keptResults';

const STATE_KEY = 'lakehouse.queryHistory';

export class QueryHistory implements vscode.TreeDataProvider<HistoryEntry>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HistoryEntry | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  get entries(): HistoryEntry[] {
    return validHistory(this.state.get(STATE_KEY));
  }

  /** Notes a query shown in a results tab (a final state). */
  async record(exec: QueryExecution, target: string, source?: vscode.Uri): Promise<void> {
    if (exec.id === 'unstarted') return;
    await this.state.update(STATE_KEY, addToHistory(this.entries, historyEntry(exec, target, source ? vscode.workspace.asRelativePath(source) : undefined)));
    this.changed.fire(undefined);
  }

  /** Notes the kept result of execution `executionId` on its entry. */
  async setResult(executionId: string, result: KeptResult): Promise<void> {
    await this.state.update(STATE_KEY, withKeptResult(this.entries, executionId, result));
    this.changed.fire(undefined);
  }

  /** Deletes the kept results of `dir` beyond the limits (keptResults.ts); entries whose file went lose their `result`. */
  async prune(dir: string): Promise<string[]> {
    const { history, deleted } = await pruneKeptResults(dir, this.entries);
    await this.state.update(STATE_KEY, history);
    if (deleted.length > 0) this.changed.fire(undefined);
    return deleted;
  }

  async clear(): Promise<void> {
    await this.state.update(STATE_KEY, []);
    this.changed.fire(undefined);
  }

  getTreeItem(e: HistoryEntry): vscode.TreeItem {
    const item = new vscode.TreeItem(titleOfSql(e.sql, 60), vscode.TreeItemCollapsibleState.None);
    const parts = [relativeTime(new Date(e.at))];
    if (e.elapsedMs !== undefined) parts.push(formatDuration(e.elapsedMs));
    if (e.state === 'SUCCEEDED' && e.rows !== undefined) parts.push(`${e.rows.toLocaleString('en-US')} rows`);
    if (e.state !== 'SUCCEEDED') parts.push(e.state.toLowerCase());
    item.description = parts.join(' · ');
    item.iconPath = new vscode.ThemeIcon(e.state === 'SUCCEEDED' ? 'pass' : e.state === 'FAILED' ? 'error' : 'circle-slash', new vscode.ThemeColor(e.state === 'SUCCEEDED' ? 'testing.iconPassed' : e.state === 'FAILED' ? 'testing.iconFailed' : 'testing.iconSkipped'));
    const md = new vscode.MarkdownString();
    md.appendCodeblock(e.sql, 'sql');
    md.appendMarkdown(
      [
        `**${e.state.toLowerCase()}** on ${e.target}${e.database ? `, database \`${e.database}\`` : ''}`,
        new Date(e.at).toLocaleString(),
        e.elapsedMs !== undefined ? `time ${formatDuration(e.elapsedMs)}` : undefined,
        e.rows !== undefined ? `${e.rows.toLocaleString('en-US')} rows` : undefined,
        e.bytesScanned !== undefined ? `${formatBytes(e.bytesScanned)} scanned` : undefined,
        e.costUsd !== undefined ? `~$${e.costUsd.toFixed(4)}` : undefined,
        e.source ? `from ${e.source}` : undefined,
        e.state === 'SUCCEEDED' ? describeKept(e.result) : undefined,
        e.error,
      ]
        .filter(Boolean)
        .join('  \n'),
    );
    item.tooltip = md;
    // a click shows the result kept (no query run: Athena bills each); without one it offers to run it again
    item.command = { command: 'lakehouse.history.openResult', title: 'Open Result', arguments: [e] };
    item.contextValue = `history.${e.state.toLowerCase()}${e.result ? '.kept' : ''}`;
    return item;
  }

  getChildren(e?: HistoryEntry): HistoryEntry[] {
    return e ? [] : this.entries;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
