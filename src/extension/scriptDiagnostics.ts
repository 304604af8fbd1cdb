// Diagnostics on the project's Glue scripts (Python files in the scripts folder), as they are typed: a sink a
// re-run duplicates (Glue's sinks add files) with a quick fix inserting the purge of its path before it, a table
// another job writes too, a purge of what no job can rebuild (an error: every target refuses it), a from_catalog read
// or write of a table without `classification` (an error: Glue fails on it, the local run refuses it), a database or
// table the local catalog does not have (a warning on its string, with the names it has; checked again when the
// catalog changes). The checks are scriptChecks.ts's (plain, tested under test/extension-plain); the core's job
// reader does the reading.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CatalogTable } from '../core/model';
import type { Target } from '../core/target';
import type { Ctx } from './ctx';
import type { ScriptFinding } from './scriptChecks';

export const SCRIPT_DIAGNOSTIC_SOURCE = 'lakehouse';

/** What a diagnostic needs for its quick fix. */
interface Fixable {
  finding: ScriptFinding;
  diagnostic: vscode.Diagnostic;
}

export class ScriptDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  readonly collection = vscode.languages.createDiagnosticCollection('lakehouse-scripts');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly fixes = new Map<string, Fixable[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly ctx: Ctx) {
    const later = (d: vscode.TextDocument) => this.schedule(d);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument(later),
      vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
      vscode.workspace.onDidSaveTextDocument(later),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.fixes.delete(d.uri.toString());
        this.latest.delete(d.uri.toString());
      }),
      vscode.languages.registerCodeActionsProvider({ language: 'python', scheme: 'file' }, this, { providedCodeActionKinds: ScriptDiagnostics.providedCodeActionKinds }),
    );
  }

  /** Checks the open Python documents (after activation, a reset, lakehouse.json changing). */
  checkOpen(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, delayMs = 300): void {
    if (doc.uri.scheme !== 'file' || doc.languageId !== 'python') return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(doc).catch((e: unknown) => this.ctx.log.warn(`checking ${doc.uri.fsPath}: ${String(e)}`));
      }, delayMs),
    );
  }

  /** the latest check of each document: an earlier one that ends after it (a catalog read before a change) is dropped */
  private readonly latest = new Map<string, number>();
  private checks = 0;

  /** The diagnostics of a script of the project's scripts folder (none for other Python files). */
  async check(doc: vscode.TextDocument): Promise<readonly vscode.Diagnostic[]> {
    const key = doc.uri.toString();
    const mine = ++this.checks;
    this.latest.set(key, mine);
    const root = this.ctx.projectRoot();
    if (root === undefined) return [];
    const project = await this.ctx.project().catch(() => undefined);
    if (!project) return [];
    const scripts = path.resolve(root, project.manifest.scripts);
    if (path.dirname(doc.uri.fsPath) !== scripts) return [];
    const [{ scriptFindings }, { projectJobs }] = await Promise.all([import('./scriptChecks'), import('../core/actions/pipeline')]);
    const scriptPath = path.relative(root, doc.uri.fsPath);
    const { jobs } = await projectJobs(project).catch(() => ({ jobs: [] }));
    const catalog = await this.catalog();
    const tables = catalog?.tables ?? [];
    const findings = await scriptFindings(doc.getText(), scriptPath, project.manifest, {
      others: jobs.map((j) => ({ name: j.name, plan: j.plan })),
      tables,
      ...(catalog ? { catalog: { databases: catalog.databases, tables } } : {}),
    });
    const fixable: Fixable[] = [];
    const diagnostics = findings.map((f) => {
      const line = doc.lineAt(Math.min(Math.max(f.line - 1, 0), doc.lineCount - 1));
      const d = new vscode.Diagnostic(
        f.start !== undefined && f.end !== undefined && f.end <= line.text.length
          ? new vscode.Range(line.lineNumber, f.start, line.lineNumber, f.end)
          : new vscode.Range(line.lineNumber, line.firstNonWhitespaceCharacterIndex, line.lineNumber, line.text.length),
        f.message,
        f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = SCRIPT_DIAGNOSTIC_SOURCE;
      d.code = f.code;
      if (f.insert !== undefined) fixable.push({ finding: f, diagnostic: d });
      return d;
    });
    if (this.latest.get(key) !== mine) return diagnostics;
    this.collection.set(doc.uri, diagnostics);
    this.fixes.set(key, fixable);
    return diagnostics;
  }

  /**
   * The catalog the script's names are checked against: the local target's (opened for it, as the script's
   * previews open it); undefined when it is not known — the AWS target (its catalog is not read for this), or a
   * catalog that cannot be read — and then nothing is said about the names.
   */
  private async catalog(): Promise<{ databases: string[]; tables: CatalogTable[] } | undefined> {
    if (this.ctx.config.target !== 'local') return undefined;
    try {
      const local = await this.ctx.localTarget();
      return local ? await readCatalog(local) : undefined;
    } catch (e) {
      this.ctx.log.debug(`Glue script diagnostics: the catalog could not be read: ${String(e)}`);
      return undefined;
    }
  }

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    const { purgeInsertion } = await import('./scriptChecks');
    const out: vscode.CodeAction[] = [];
    for (const { finding, diagnostic } of this.fixes.get(doc.uri.toString()) ?? []) {
      if (!diagnostic.range.intersection(range) && diagnostic.range.start.line !== range.start.line) continue;
      const edit = purgeInsertion(doc.getText(), finding);
      if (!edit) continue;
      const action = new vscode.CodeAction(`Insert ${finding.insert} before the sink`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.edit = new vscode.WorkspaceEdit();
      action.edit.insert(doc.uri, new vscode.Position(edit.line, 0), edit.text);
      out.push(action);
    }
    return out;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The databases and tables of the target's catalog (a local catalog: one file, read again only when it changed). */
async function readCatalog(target: Target): Promise<{ databases: string[]; tables: CatalogTable[] }> {
  const databases = (await target.catalog.databases()).map((d) => d.name);
  const tables: CatalogTable[] = [];
  for (const db of databases) tables.push(...(await target.catalog.tables(db)));
  return { databases, tables };
}
