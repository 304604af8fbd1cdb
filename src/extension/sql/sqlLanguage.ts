// SQL that knows the catalog, on both targets: completion of databases, tables, columns and functions (with their
// signatures), hover on a table (columns, zone, location, rows when counted) and on a column, go to definition from
// a table name to the CREATE TABLE in sql/, and warnings on tables and columns the catalog does not have — before
// anything runs. The statement is read by sqlScope.ts (plain); the catalog comes from the open target (the AWS
// target is only read once it is open: opening it resolves credentials, which may prompt).
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { CatalogTable } from '../../core/model';
import { engineFunctions } from '../../core/sql/functions';
import { splitStatements, statementAt } from '../../core/sql/split';
import { parseStatement } from '../../core/sql/statements';
import type { Ctx } from '../ctx';
import { completionSite, statementScope, unknownNames, type CatalogIndex } from './sqlScope';

export const CATALOG_DIAGNOSTIC_SOURCE = 'Lakehouse catalog';
const SELECTOR: vscode.DocumentSelector = [{ language: 'sql', scheme: 'file' }, { language: 'sql', scheme: 'untitled' }];
/** statements whose names are read as references (queries and what holds one); DDL defines names instead */
const CHECKED = new Set(['QUERY', 'EXPLAIN', 'INSERT', 'CTAS', 'CREATE_VIEW']);

interface Loaded {
  index: CatalogIndex;
  tables: Map<string, CatalogTable>;
  database: string;
}

export class SqlLanguage implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('lakehouse-sql-catalog');
  private loaded: Promise<Loaded | undefined> | undefined;
  private loadedAt = 0;
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ctx: Ctx,
    /** rows counted on demand (the explorer's Count Rows), by `db.table` */
    private readonly rowCount: (key: string) => number | undefined,
  ) {
    this.disposables.push(
      this.diagnostics,
      vscode.languages.registerCompletionItemProvider(SELECTOR, { provideCompletionItems: (d, p) => this.complete(d, p) }, '.', ' '),
      vscode.languages.registerHoverProvider(SELECTOR, { provideHover: (d, p) => this.hover(d, p) }),
      vscode.languages.registerDefinitionProvider(SELECTOR, { provideDefinition: (d, p) => this.definition(d, p) }),
      vscode.workspace.onDidOpenTextDocument((d) => this.checkLater(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.checkLater(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)),
      ctx.onDidReset(() => this.invalidate()),
    );
  }

  /** The catalog changed (tables created or dropped, another target): read it again, check the open SQL again. */
  invalidate(): void {
    this.loaded = undefined;
    for (const d of vscode.workspace.textDocuments) this.checkLater(d);
  }

  /** The catalog of the open target (read at most every 30 s; `invalidate()` forces it). */
  private catalog(): Promise<Loaded | undefined> {
    if (this.ctx.projectRoot() === undefined) return Promise.resolve(undefined);
    if (this.ctx.config.target !== 'local' && !this.ctx.isTargetOpen()) return Promise.resolve(undefined);
    if (this.loaded && Date.now() - this.loadedAt < 30_000) return this.loaded;
    this.loadedAt = Date.now();
    this.loaded = (async () => {
      const [project, target] = await Promise.all([this.ctx.project(), this.ctx.target()]);
      const databases = (await target.catalog.databases()).map((d) => d.name.toLowerCase());
      const tables = new Map<string, CatalogTable>();
      for (const db of databases) for (const t of await target.catalog.tables(db)) tables.set(`${db}.${t.name.toLowerCase()}`, t);
      const index: CatalogIndex = {
        databases: new Set(databases),
        tables: new Map([...tables].map(([k, t]) => [k, [...t.storage.columns, ...t.partitionKeys].map((c) => ({ name: c.name.toLowerCase(), type: c.type }))])),
      };
      return { index, tables, database: project.manifest.database.toLowerCase() };
    })().catch((e: unknown) => {
      this.ctx.log.debug(`SQL editor: the catalog could not be read: ${String(e)}`);
      return undefined;
    });
    return this.loaded;
  }

  /** The statement around `position`: its text, its offset in the document, and the document's text from it to the cursor. */
  private statement(doc: vscode.TextDocument, position: vscode.Position): { text: string; offset: number; before: string } | undefined {
    const text = doc.getText();
    const at = doc.offsetAt(position);
    let st;
    try {
      st = statementAt(text, at);
    } catch {
      st = undefined;
    }
    // the statement being typed may end at the cursor, past the last one the splitter closed
    const start = st && at <= st.end + 1 ? st.offset : text.lastIndexOf(';', at - 1) + 1;
    const end = st && at <= st.end + 1 ? st.end : text.indexOf(';', at) < 0 ? text.length : text.indexOf(';', at);
    return { text: text.slice(start, Math.max(end, at)), offset: start, before: text.slice(start, at) };
  }

  // ------------------------------------------------------------------------------------------ completion

  private async complete(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const st = this.statement(doc, position);
    if (!st) return [];
    const site = completionSite(st.before);
    const cat = await this.catalog();
    const items: vscode.CompletionItem[] = [];
    const K = vscode.CompletionItemKind;
    const tableItem = (key: string, t: CatalogTable, qualified: boolean): vscode.CompletionItem => {
      const item = new vscode.CompletionItem({ label: qualified ? key : t.name, description: `${t.storage.columns.length} columns` }, K.Class);
      item.detail = `${t.tableType === 'VIRTUAL_VIEW' ? 'view' : 'table'} ${key}`;
      item.documentation = this.tableDoc(key, t);
      item.sortText = `1${key}`;
      return item;
    };
    const columnsOf = (key: string): { name: string; type: string }[] => [...(cat?.index.tables.get(key) ?? [])];
    if (site.kind === 'table' || site.kind === 'tableOf') {
      if (!cat) return [];
      const db = site.kind === 'tableOf' ? site.database : undefined;
      for (const [key, t] of cat.tables) {
        const [tdb] = key.split('.');
        if (db !== undefined ? tdb === db : true) items.push(tableItem(key, t, db === undefined && tdb !== cat.database));
      }
      if (db === undefined)
        for (const d of cat.index.databases) {
          const item = new vscode.CompletionItem(d, K.Module);
          item.detail = 'database';
          item.sortText = `2${d}`;
          items.push(item);
        }
      return items;
    }
    const scope = statementScope(st.text);
    const resolve = (q: string): string | undefined => {
      const ref = scope.tables.find((t) => (t.alias ?? t.name) === q || t.name === q);
      return ref && cat ? `${(ref.database ?? cat.database).toLowerCase()}.${ref.name}` : undefined;
    };
    if (site.kind === 'member') {
      const key = resolve(site.qualifier);
      if (key) for (const c of columnsOf(key)) items.push(Object.assign(new vscode.CompletionItem({ label: c.name, description: c.type }, K.Field), { detail: `${key}.${c.name}: ${c.type}` }));
      else if (cat?.index.databases.has(site.qualifier)) for (const [k, t] of cat.tables) if (k.startsWith(`${site.qualifier}.`)) items.push(tableItem(k, t, false));
      return items;
    }
    // an expression: the columns of the statement's tables, then the functions
    for (const ref of scope.tables) {
      const key = resolve(ref.alias ?? ref.name);
      if (!key) continue;
      for (const c of columnsOf(key)) {
        const item = new vscode.CompletionItem({ label: c.name, description: `${c.type} · ${ref.alias ?? ref.name}` }, K.Field);
        item.detail = `${key}.${c.name}: ${c.type}`;
        item.sortText = `0${c.name}`;
        items.push(item);
      }
    }
    for (const f of await engineFunctions()) {
      const item = new vscode.CompletionItem({ label: f.name, description: f.kind }, K.Function);
      item.detail = f.signatures.join('\n');
      item.documentation = new vscode.MarkdownString(`Trino ${f.kind} function (${f.family}) — [documentation](${f.docs})`);
      item.insertText = new vscode.SnippetString(`${f.name}($0)`);
      item.sortText = `3${f.name}`;
      items.push(item);
    }
    return items;
  }

  private tableDoc(key: string, t: CatalogTable): vscode.MarkdownString {
    const rows = this.rowCount(key);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${key}** — ${t.tableType === 'VIRTUAL_VIEW' ? 'view' : 'table'}\n\n`);
    if (t.storage.location) md.appendMarkdown(`location \`${t.storage.location}\`\n\n`);
    if (rows !== undefined) md.appendMarkdown(`rows: ${rows.toLocaleString('en-US')}\n\n`);
    const cols = [...t.storage.columns.map((c) => ({ ...c, pk: false })), ...t.partitionKeys.map((c) => ({ ...c, pk: true }))];
    md.appendMarkdown(cols.map((c) => `- \`${c.name}\` ${c.type}${c.pk ? ' (partition key)' : ''}`).join('\n'));
    if (t.comment) md.appendMarkdown(`\n\n${t.comment}`);
    return md;
  }

  // ------------------------------------------------------------------------------------------ hover and definition

  /** The table (and column) named at `position`: `db.table`, `table`, `alias.column`. */
  private async nameAt(doc: vscode.TextDocument, position: vscode.Position): Promise<{ key: string; column?: string; range: vscode.Range } | undefined> {
    const range = doc.getWordRangeAtPosition(position, /"[^"]+"|[A-Za-z_][\w$]*/);
    if (!range) return undefined;
    const st = this.statement(doc, position);
    const cat = await this.catalog();
    if (!st || !cat) return undefined;
    const word = doc.getText(range).replace(/"/g, '').toLowerCase();
    const scope = statementScope(st.text);
    const at = doc.offsetAt(range.start) - st.offset;
    const table = scope.tables.find((t) => t.start === at);
    if (table) return { key: `${(table.database ?? cat.database).toLowerCase()}.${table.name}`, range };
    const col = scope.columns.find((c) => c.start === at);
    if (col) {
      const ref = scope.tables.find((t) => (t.alias ?? t.name) === col.qualifier || t.name === col.qualifier);
      if (ref) return { key: `${(ref.database ?? cat.database).toLowerCase()}.${ref.name}`, column: col.column, range };
    }
    // an unqualified column of the only table, or a table name outside FROM
    if (cat.tables.has(`${cat.database}.${word}`)) return { key: `${cat.database}.${word}`, range };
    const owners = scope.tables.map((t) => `${(t.database ?? cat.database).toLowerCase()}.${t.name}`).filter((k) => cat.index.tables.get(k)?.some((c) => c.name === word));
    if (owners.length === 1) return { key: owners[0]!, column: word, range };
    return undefined;
  }

  private async hover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const n = await this.nameAt(doc, position);
    const cat = await this.catalog();
    const t = n && cat?.tables.get(n.key);
    if (!n || !t) return undefined;
    if (n.column) {
      const c = [...t.storage.columns, ...t.partitionKeys].find((x) => x.name.toLowerCase() === n.column);
      if (!c) return undefined;
      const md = new vscode.MarkdownString(`\`${n.key}.${c.name}\` **${c.type}**${t.partitionKeys.includes(c) ? ' (partition key)' : ''}${c.comment ? `\n\n${c.comment}` : ''}`);
      return new vscode.Hover(md, n.range);
    }
    const md = this.tableDoc(n.key, t);
    try {
      const { zoneOfTable } = await import('../../core/report/zoneReport');
      const zone = zoneOfTable(await this.ctx.project(), t);
      if (zone) md.appendMarkdown(`\n\nzone: ${zone.dataset} / ${zone.zone}`);
    } catch {
      // no zone shown
    }
    return new vscode.Hover(md, n.range);
  }

  /** From a table name to its CREATE TABLE (or CREATE VIEW) statement in the project's DDL folder. */
  private async definition(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location | undefined> {
    const n = await this.nameAt(doc, position);
    if (!n || n.column) return undefined;
    const project = await this.ctx.project();
    const { projectFiles, expandVariables, manifestVariables } = await import('../../core/project/manifest');
    const vars = manifestVariables(project.manifest);
    for (const f of await projectFiles(project, 'sql')) {
      const raw = await fs.readFile(f.path, 'utf8').catch(() => '');
      let statements;
      try {
        statements = splitStatements(raw);
      } catch {
        continue;
      }
      for (const st of statements) {
        let parsed;
        try {
          parsed = parseStatement(expandVariables(st.text, vars, f.path), { defaultDatabase: project.manifest.database });
        } catch {
          continue;
        }
        const name = parsed.kind === 'CREATE_TABLE' ? `${parsed.table.database}.${parsed.table.name}` : parsed.kind === 'CTAS' ? `${parsed.table.database ?? project.manifest.database}.${parsed.table.name}` : parsed.kind === 'CREATE_VIEW' ? `${parsed.view.database ?? project.manifest.database}.${parsed.view.name}` : undefined;
        if (name?.toLowerCase() === n.key) {
          const uri = vscode.Uri.file(f.path);
          const d = await vscode.workspace.openTextDocument(uri);
          return new vscode.Location(uri, d.positionAt(st.offset));
        }
      }
    }
    return undefined;
  }

  // ------------------------------------------------------------------------------------------ diagnostics

  private checkLater(doc: vscode.TextDocument): void {
    if (doc.languageId !== 'sql' || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled')) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(doc);
      }, 400),
    );
  }

  /** Warnings on the tables and columns of the document's queries that the catalog does not have. */
  async check(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
    const cat = await this.catalog();
    if (!cat || doc.isClosed) return [];
    let statements;
    try {
      statements = splitStatements(doc.getText());
    } catch {
      return [];
    }
    const out: vscode.Diagnostic[] = [];
    for (const st of statements) {
      let kind: string;
      try {
        kind = parseStatement(st.text, { defaultDatabase: cat.database }).kind;
      } catch {
        continue;
      }
      if (!CHECKED.has(kind)) continue;
      for (const u of unknownNames(statementScope(st.text), cat.index, cat.database)) {
        const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(st.offset + u.start), doc.positionAt(st.offset + u.end)), u.message, vscode.DiagnosticSeverity.Warning);
        d.source = CATALOG_DIAGNOSTIC_SOURCE;
        out.push(d);
      }
    }
    this.diagnostics.set(doc.uri, out);
    return out;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
