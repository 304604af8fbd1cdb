// Run SQL: from the editor (selection, else the statement at the cursor), the explorer's context menu on a .sql
// file (every statement in turn), a "Run" CodeLens above each line statements start on, and Ctrl/Cmd+Enter. The last statement's
// result opens in the results grid (the preview tab; "Run SQL in a New Tab", Ctrl/Cmd+Shift+Enter, a tab of its own); a failure is a diagnostic on the statement at the engine's position, cleared
// by the next success in that document.
import * as vscode from 'vscode';
import { errorMessage, LakehouseError } from '../../core/errors';
import type { QueryExecution } from '../../core/model';
import { splitStatements, statementAt, type SqlStatement } from '../../core/sql/split';
import { scanConfirmation } from '../awsUi';
import { runLenses } from '../sql/runLenses';
import type { Ctx } from '../ctx';
import type { ExplorerProvider } from '../explorer/provider';
import { showExecutionResults, showQueryResults } from '../panels';
import { tracePhase } from '../panels/trace';
import { command } from './register';

export const SQL_DIAGNOSTIC_SOURCE = 'Lakehouse SQL';
/** Diagnostics of "Create Tables" (a statement skipped because it needs one that failed) */
export const SQL_DIAGNOSTIC_SOURCE_DDL = 'Lakehouse: Create Tables';

/** A statement of a document: its text and where it is. */
export interface DocStatement {
  text: string;
  range: vscode.Range;
}

/** Statement kinds that change the catalog (the explorer's Glue Catalog is refreshed after them). */
const READS = new Set(['QUERY', 'SELECT', 'SHOW', 'DESCRIBE', 'EXPLAIN']);
const answersWithRows = (exec: QueryExecution): boolean => exec.kind !== undefined && (READS.has(exec.kind) || /^(SHOW|DESCRIBE)/.test(exec.kind));
const changesCatalog = (exec: QueryExecution): boolean => exec.state === 'SUCCEEDED' && exec.kind !== undefined && !answersWithRows(exec);

export class SqlDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('lakehouse-sql');

  /** Marks the failing statement: the engine's position (1-based, within the statement) when it has one. */
  markFailure(doc: vscode.TextDocument, st: DocStatement, message: string, position?: { line?: number; column?: number }): vscode.Diagnostic {
    let range = st.range;
    if (position?.line !== undefined) {
      const line = st.range.start.line + position.line - 1;
      const character = position.line <= 1 ? st.range.start.character + (position.column ?? 1) - 1 : (position.column ?? 1) - 1;
      const at = doc.validatePosition(new vscode.Position(line, Math.max(0, character)));
      range = doc.getWordRangeAtPosition(at) ?? new vscode.Range(at, doc.validatePosition(at.translate(0, 1)));
    }
    const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
    d.source = SQL_DIAGNOSTIC_SOURCE;
    this.collection.set(doc.uri, [d]);
    return d;
  }

  /** Marks a file/line/column a LakehouseError names (e.g. a DDL file of "Create Tables"), replacing the file's marks. */
  markFile(uri: vscode.Uri, line: number, column: number, message: string): void {
    this.collection.set(uri, []);
    this.addFile(uri, line, column, message);
  }

  /** Adds a mark at a file/line/column (several statements of one file can fail in one run). */
  addFile(uri: vscode.Uri, line: number, column: number, message: string, severity = vscode.DiagnosticSeverity.Error, source = SQL_DIAGNOSTIC_SOURCE): void {
    const at = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    const d = new vscode.Diagnostic(new vscode.Range(at, at.translate(0, 1)), message, severity);
    d.source = source;
    this.collection.set(uri, [...(this.collection.get(uri) ?? []), d]);
  }

  /** Removes the marks of one source (e.g. the previous "Create Tables" run's warnings) from every file. */
  clearSource(source: string): void {
    this.collection.forEach((uri, ds) => {
      if (ds.some((d) => d.source === source)) this.collection.set(uri, ds.filter((d) => d.source !== source));
    });
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function docStatement(doc: vscode.TextDocument, st: SqlStatement, base = 0): DocStatement {
  return { text: st.text, range: new vscode.Range(doc.positionAt(base + st.offset), doc.positionAt(base + st.end)) };
}

/** The statements to run: those of the selection, else the one at the cursor. */
export function statementsAtEditor(editor: vscode.TextEditor): DocStatement[] {
  const doc = editor.document;
  const sel = editor.selection;
  if (!sel.isEmpty) {
    const base = doc.offsetAt(sel.start);
    return splitStatements(doc.getText(sel)).map((s) => docStatement(doc, s, base));
  }
  const st = statementAt(doc.getText(), doc.offsetAt(sel.active));
  return st ? [docStatement(doc, st)] : [];
}

export function allStatements(doc: vscode.TextDocument): DocStatement[] {
  return splitStatements(doc.getText()).map((s) => docStatement(doc, s));
}

/** "Run" above the statements of a SQL document: one lens per line (sql/runLenses.ts). */
export class RunCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly ctx: Ctx) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (this.ctx.projectRoot() === undefined) return [];
    return runLenses(doc.getText()).map((lens) => {
      const range = new vscode.Range(doc.positionAt(lens.start), doc.positionAt(lens.end));
      return new vscode.CodeLens(range, { title: lens.title, tooltip: lens.tooltip, command: 'lakehouse.sql.run', arguments: [doc.uri, range] });
    });
  }
}

export function registerSqlCommands(ctx: Ctx, explorer: ExplorerProvider, diagnostics: SqlDiagnostics): vscode.Disposable[] {
  /**
   * Arguments by caller: CodeLens (uri, range); explorer context menu (uri, uris[]) → the whole file; editor
   * context menu and title (uri, …) → the editor's selection or statement; keybinding and palette: none.
   */
  const run = (newTab: boolean) => async (arg?: unknown, second?: unknown): Promise<QueryExecution[]> => {
    tracePhase('command');
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) throw new LakehouseError('InvalidInput', 'open a .sql file (or select a statement) to run SQL');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    let statements: DocStatement[];
    if (second instanceof vscode.Range) {
      const text = doc.getText(second);
      statements = splitStatements(text).map((s) => docStatement(doc, s, doc.offsetAt(second.start)));
    } else if (Array.isArray(second) || !editor) statements = allStatements(doc);
    else statements = statementsAtEditor(editor);
    if (statements.length === 0) throw new LakehouseError('InvalidInput', `${vscode.workspace.asRelativePath(uri)} holds no SQL statement to run`);
    tracePhase('statements');
    return runStatements(doc, statements, newTab);
  };

  /**
   * AWS: the scan estimate of each statement (the files of the tables it reads); one over the setting is asked
   * about in a modal. Returns whether to run. The local target asks nothing.
   */
  const confirmScans = async (sqls: string[], database: string): Promise<boolean> => {
    const aws = await ctx.awsTarget();
    if (!aws) return true;
    const threshold = ctx.config.aws.confirmScanAboveGB ?? 10;
    const { estimateScan } = await import('../../core/targets/aws/scanEstimate');
    const estimates = await ctx.withProgress('Estimating what the query scans on Athena', (_r, signal) =>
      Promise.all(sqls.map((sql) => estimateScan(sql, database, aws, { signal }).catch(() => undefined))),
    );
    for (const e of estimates) {
      const question = e ? scanConfirmation(e, threshold) : undefined;
      if (!question) continue;
      ctx.log.info(`scan estimate: ${question.message} ${question.detail.replace(/\n/g, ' ')}`);
      const answer = await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, 'Run on Athena');
      if (answer !== 'Run on Athena') return false;
    }
    return true;
  };

  /** `newTab`: the last statement's result in a new result tab, the preview tab (if any) kept */
  const runStatements = async (doc: vscode.TextDocument, statements: DocStatement[], newTab: boolean): Promise<QueryExecution[]> => {
    const project = await ctx.project();
    const { expandVariables, manifestVariables } = await import('../../core/project/manifest');
    const vars = manifestVariables(project.manifest);
    const database = project.manifest.database;
    const name = vscode.workspace.asRelativePath(doc.uri);
    const executions: QueryExecution[] = [];
    /** a failure: marked at its position and logged once, as `file:line:col: message` (the engine's own "line L:C: " prefix goes) */
    const fail = (st: DocStatement, message: string, position?: { line?: number; column?: number }): void => {
      const text = message.replace(/^line \d+:\d+: /, '');
      const d = diagnostics.markFailure(doc, st, text, position);
      ctx.log.error(`${name}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${text}`);
    };
    const expand = (st: DocStatement): string | undefined => {
      try {
        return expandVariables(st.text, vars, name);
      } catch (e) {
        fail(st, errorMessage(e));
        throw e;
      }
    };
    // on Athena, a statement whose tables hold more than lakehouse.aws.confirmScanAboveGB is asked about first
    if (!(await confirmScans(statements.map((st) => expand(st)!), database))) return executions;
    // all but the last run here, one after another (those that answer with rows — SELECT, SHOW, DESCRIBE, EXPLAIN —
    // then shown each in a tab of its own, kept); the last one opens in the results grid
    const leading = statements.slice(0, -1);
    const shown: { st: DocStatement; sql: string; exec: QueryExecution }[] = [];
    if (leading.length > 0) {
      const ok = await ctx.withProgress(`Running ${name}`, async (report, signal) => {
        const target = await ctx.target();
        for (const [i, st] of leading.entries()) {
          report(`statement ${i + 1} of ${statements.length} (line ${st.range.start.line + 1})`);
          const sql = expand(st)!;
          const started = await target.queries.start(sql, { database });
          const exec = await target.queries.wait(started.id, { signal });
          executions.push(exec);
          if (exec.state === 'SUCCEEDED' && answersWithRows(exec)) shown.push({ st, sql, exec });
          if (exec.state !== 'FAILED') ctx.log.info(`${name}:${st.range.start.line + 1}:${st.range.start.character + 1}: ${exec.state}${exec.message ? ` — ${exec.message}` : ''}`);
          if (exec.state === 'CANCELLED') return false;
          if (exec.state !== 'SUCCEEDED') {
            fail(st, exec.error?.message ?? `the statement ${exec.state.toLowerCase()}`, exec.error);
            return false;
          }
        }
        return true;
      });
      if (executions.some(changesCatalog)) explorer.refreshSection('catalog');
      for (const { st, sql, exec } of shown) await showExecutionResults(ctx, { sql, database, source: { uri: doc.uri, range: st.range } }, exec.id);
      if (!ok) {
        const failed = executions[executions.length - 1]!;
        if (failed.state === 'FAILED')
          void ctx.showError(`Running ${name}`, new LakehouseError('SqlError', (failed.error?.message ?? 'failed').replace(/^line \d+:\d+: /, '')), [{ title: 'Show Problems', run: () => vscode.commands.executeCommand('workbench.actions.view.problems') }], { logged: true });
        return executions;
      }
    }
    const last = statements[statements.length - 1]!;
    tracePhase('project');
    const exec = await showQueryResults(ctx, { sql: expand(last)!, database, source: { uri: doc.uri, range: last.range }, newTab });
    executions.push(exec);
    if (exec.state === 'FAILED') fail(last, exec.error?.message ?? 'the statement failed', exec.error);
    else {
      ctx.log.info(`${name}:${last.range.start.line + 1}:${last.range.start.character + 1}: ${exec.state}${exec.statistics?.rows !== undefined ? `, ${exec.statistics.rows} row(s)` : ''}`);
      if (exec.state === 'SUCCEEDED') diagnostics.clear(doc.uri);
    }
    if (executions.some(changesCatalog)) explorer.refreshSection('catalog');
    return executions;
  };

  return [
    command(ctx, 'lakehouse.sql.run', 'Run SQL', run(false)),
    command(ctx, 'lakehouse.sql.runInNewTab', 'Run SQL in a new tab', run(true)),
    command(ctx, 'lakehouse.query.cancel', 'Cancel query', async () => {
      const n = await ctx.cancelQueries();
      if (n === 0) void vscode.window.showInformationMessage('No query is running.');
      else ctx.log.info(`cancelled ${n} running quer${n === 1 ? 'y' : 'ies'}`);
      return n;
    }),
  ];
}
