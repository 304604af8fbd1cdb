// What a Glue script's editor shows of its nodes: a CodeLens above each ("Preview · 482 rows · 10 columns", "Run to
// here", "Count rows"), an inlay hint after each node with figures, a hover with the node's schema (and a sink's
// schema diff), and diagnostics — the construct the local engine refuses, and what a sink would change in the
// catalog table it writes. All from JobDocuments; the texts are built by model.ts.
import * as vscode from 'vscode';
import { printGlueSchema } from '../../core/targets/local/glueSchema';
import type { JobDocuments } from './jobDocuments';
import { figuresSource, figuresText, inlayItems, lensItems, lensNodes, schemaDiffIsBreaking, schemaDiffText } from './model';

export const PREVIEW_COMMANDS = {
  preview: 'lakehouse.preview.node',
  runToHere: 'lakehouse.preview.runToHere',
  countRows: 'lakehouse.preview.countRows',
  showGraph: 'lakehouse.preview.showGraph',
  atCursor: 'lakehouse.preview.atCursor',
} as const;

/** The documents the providers apply to (they check that the file is one of the project's scripts). */
export const SCRIPT_SELECTOR: vscode.DocumentSelector = [{ language: 'python', scheme: 'file' }];

export class NodeCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  private readonly sub: vscode.Disposable;

  constructor(private readonly docs: JobDocuments) {
    this.sub = docs.onDidChange(() => this.changed.fire());
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration('lakehouse', doc.uri).get<boolean>('preview.codeLens', true)) return [];
    const state = await this.docs.current(doc);
    if (state === undefined) return [];
    return lensItems(state.graph, this.docs.figuresOf(doc.uri)).map((item) => {
      const line = Math.min(item.line, doc.lineCount - 1);
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: item.title,
        tooltip: item.tooltip,
        command: PREVIEW_COMMANDS[item.command],
        arguments: [doc.uri, item.node],
      });
    });
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

export class NodeInlayHints implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  private readonly sub: vscode.Disposable;

  constructor(private readonly docs: JobDocuments) {
    this.sub = docs.onDidChange(() => this.changed.fire());
  }

  async provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    const state = await this.docs.current(doc);
    if (state === undefined) return [];
    const hints: vscode.InlayHint[] = [];
    for (const item of inlayItems(state.graph, this.docs.figuresOf(doc.uri))) {
      if (item.line >= doc.lineCount || item.line < range.start.line || item.line > range.end.line) continue;
      const end = doc.lineAt(item.line).range.end;
      const hint = new vscode.InlayHint(end, item.label, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      hint.tooltip = new vscode.MarkdownString().appendCodeblock(item.tooltip, 'text');
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

export class NodeHover implements vscode.HoverProvider {
  constructor(private readonly docs: JobDocuments) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const state = await this.docs.current(doc);
    if (state === undefined) return undefined;
    const node = lensNodes(state.graph).find((n) => n.line - 1 === position.line);
    if (node === undefined) return undefined;
    const f = this.docs.figuresOf(doc.uri).get(node.id);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMarkdown(node.name)}** — ${escapeMarkdown(node.type)}`);
    if (node.detail) md.appendMarkdown(` · ${escapeMarkdown(node.detail)}`);
    const text = figuresText(f);
    if (f && text) md.appendMarkdown(`\n\n${escapeMarkdown(text)} (from ${escapeMarkdown(figuresSource(f))})`);
    if (f?.schemaDiff) {
      const diff = schemaDiffText(f.schemaDiff);
      md.appendMarkdown(`\n\n${escapeMarkdown(diff ?? `the columns written are those of ${f.schemaDiff.table}`)}`);
    }
    if (f?.schema) md.appendCodeblock(printGlueSchema(f.schema), 'text');
    else md.appendMarkdown('\n\nPreview or count the node to see its schema.');
    return new vscode.Hover(md, doc.lineAt(position.line).range);
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * Diagnostics of the project's scripts: where the local engine stops reading (a refused construct, a syntax error),
 * and each sink whose write would change its catalog table's columns — before the job runs.
 */
export class ScriptDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('lakehouse-jobs');
  private readonly sub: vscode.Disposable;

  constructor(private readonly docs: JobDocuments) {
    this.sub = docs.onDidChange((uri) => this.update(uri));
  }

  private update(uri: vscode.Uri): void {
    const state = this.docs.state(uri);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (state === undefined || doc === undefined) {
      this.collection.delete(uri);
      return;
    }
    const out: vscode.Diagnostic[] = [];
    const lineRange = (line: number, column?: number): vscode.Range => {
      const l = Math.max(0, Math.min(line - 1, doc.lineCount - 1));
      const text = doc.lineAt(l);
      const start = column !== undefined ? Math.min(column - 1, text.range.end.character) : text.firstNonWhitespaceCharacterIndex;
      return new vscode.Range(l, start, l, text.range.end.character);
    };
    const e = state.error;
    if (e !== undefined) {
      const d = new vscode.Diagnostic(
        lineRange(e.detail.line ?? 1, e.detail.column),
        e.message.replace(/^[^:\s]+\.py:\d+(:\d+)?: /, ''),
        e.code === 'ScriptSyntax' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = 'Lakehouse (local engine)';
      out.push(d);
    }
    const figures = this.docs.figuresOf(uri);
    for (const n of state.graph.nodes) {
      if (n.category !== 'target') continue;
      const diff = figures.get(n.id)?.schemaDiff;
      const text = diff ? schemaDiffText(diff) : undefined;
      if (diff === undefined || text === undefined) continue;
      const d = new vscode.Diagnostic(lineRange(n.line), `${n.name}: ${text}`, schemaDiffIsBreaking(diff) ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
      d.source = 'Lakehouse schema';
      d.code = 'schema-diff';
      out.push(d);
    }
    this.collection.set(uri, out);
  }

  dispose(): void {
    this.sub.dispose();
    this.collection.dispose();
  }
}
