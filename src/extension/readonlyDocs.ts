// Read-only documents the extension shows: a table's DDL (SHOW CREATE TABLE), a job run's log. Served by a
// TextDocumentContentProvider, so the editor offers no save and the file extension picks the language.
import * as vscode from 'vscode';

export const READONLY_SCHEME = 'lakehouse-readonly';

export class ReadonlyDocs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(READONLY_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Sets the text of the read-only document named `name` (its extension picks the language) and returns its URI. */
  put(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: READONLY_SCHEME, path: `/${name}` });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  /**
   * Shows `text` as a read-only document named `name`, its tab's title: its extension picks the language (.sql), or
   * `language` does (a run's log, titled "<job> · <start time>" without an extension).
   */
  async show(name: string, text: string, language?: string): Promise<vscode.TextEditor> {
    let doc = await vscode.workspace.openTextDocument(this.put(name, text));
    if (language !== undefined && doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
