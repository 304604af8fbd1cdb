// Diagnostics on lakehouse.json: checkManifestText's problems (field, line, column, offset, length) as errors on
// the offending value, for the open document as it is typed and for the file on disk when it is not open.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MANIFEST_FILE, type Ctx } from './ctx';

export const MANIFEST_DIAGNOSTIC_SOURCE = 'lakehouse.json';

export class ManifestDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('lakehouse-manifest');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly ctx: Ctx) {
    const isManifest = (d: vscode.TextDocument) => d.uri.scheme === 'file' && path.basename(d.uri.fsPath) === MANIFEST_FILE;
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => isManifest(d) && void this.checkText(d.uri, d.getText())),
      vscode.workspace.onDidChangeTextDocument((e) => isManifest(e.document) && void this.checkText(e.document.uri, e.document.getText())),
      // a closed document's diagnostics follow the file on disk
      vscode.workspace.onDidCloseTextDocument((d) => isManifest(d) && void this.checkFile(d.uri)),
    );
  }

  /** Checks the workspace's manifest (the open document's text when it is open). */
  async checkWorkspace(): Promise<readonly vscode.Diagnostic[]> {
    const uri = this.ctx.manifestUri();
    if (!uri) {
      this.collection.clear();
      return [];
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return open ? this.checkText(uri, open.getText()) : this.checkFile(uri);
  }

  async checkFile(uri: vscode.Uri): Promise<readonly vscode.Diagnostic[]> {
    const text = await fs.readFile(uri.fsPath, 'utf8').catch(() => undefined);
    if (text === undefined) {
      this.collection.delete(uri);
      return [];
    }
    return this.checkText(uri, text);
  }

  async checkText(uri: vscode.Uri, text: string): Promise<readonly vscode.Diagnostic[]> {
    const { checkManifestText } = await import('../core/project/manifest');
    const { positionAt } = await import('../core/errors');
    const diagnostics = checkManifestText(text).map((p) => {
      const start = positionAt(text, p.offset);
      const end = positionAt(text, p.offset + Math.max(p.length, 1));
      const d = new vscode.Diagnostic(
        new vscode.Range(start.line - 1, start.column - 1, end.line - 1, end.column - 1),
        p.message,
        vscode.DiagnosticSeverity.Error,
      );
      d.source = MANIFEST_DIAGNOSTIC_SOURCE;
      if (p.field) d.code = p.field;
      return d;
    });
    this.collection.set(uri, diagnostics);
    return diagnostics;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
