import type * as vscode from 'vscode';
import type { QueryExecution } from '../../core/model';
import type { Project } from '../../core/project/manifest';
import type { Target } from '../../core/target';

/** What the panels need from the rest of the extension (given by activate()). */
export interface PanelHost {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** the active target, opened on first use */
  target(): Promise<Target>;
  /** the workspace's project (lakehouse.json) */
  project(): Promise<Project>;
  /** a query shown in a results tab succeeded (the walkthrough's "Query a table" step) */
  noteQueryRan?(): void;
  /**
   * a query shown in a results tab reached its final state (the query history); `after`: once the page has drawn its
   * first rows (the history's entry and its kept result are written then, not while the page draws them)
   */
  noteQueryFinished?(exec: QueryExecution, source?: vscode.Uri, after?: Promise<void>): void;
}
