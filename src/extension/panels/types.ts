import type * as vscode from 'vscode';
import type { QueryColumn, QueryExecution } from '../../core/model';
import type { Project } from '../../core/project/manifest';
import type { QueryEngine, Target } from '../../core/target';
import type { ViewSpec } from '../../webview/protocol';

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

export interface QueryRequest {
  sql: string;
  database?: string;
  source?: { uri: vscode.Uri; range: vscode.Range };
  /** the execution is not `sql` run by the engine but started by its owner (a Glue job node's preview); `sql` titles it */
  execution?: ExecutionSource;
  /** where a new tab opens, when its caller knows better than "beside the editor" (a node clicked in the job graph) */
  viewColumn?: vscode.ViewColumn;
}

/**
 * Starts the execution a tab shows when it is not a statement the engine runs (a job node's preview): on "Run again"
 * too, and — for the grid's sort and quick filter — its result sorted and filtered. Not kept over a window reload.
 */
export interface ExecutionSource {
  /**
   * the engine that runs it, when it is not the active target's (a local file shown while the target is AWS: an
   * S3 object downloaded, a result the history kept on this machine) — its status, pages and exports come from there
   */
  engine?: QueryEngine;
  start(target: Target): Promise<QueryExecution>;
  reshape(target: Target, base: QueryExecution, columns: QueryColumn[], view: ViewSpec): Promise<QueryExecution>;
  /**
   * whether what the rows were read from is still as it was when they were read (an S3 object: the same one, by its
   * ETag, size and time), when the source can tell: a job that wrote tables elsewhere then leaves the tab alone
   */
  unchanged?(target: Target): Promise<boolean>;
}
