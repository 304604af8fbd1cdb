// Catalog and explorer commands: preview a table (first 100 rows in the results grid), count its rows (into the
// tree), show its DDL (read-only editor), drop it (after a modal confirmation); preview a zone through its table;
// filter a zone's objects by prefix; "Load more…"; refresh.
import * as vscode from 'vscode';
import { LakehouseError } from '../../core/errors';
import { ddlTableName, dmlTableName } from '../../core/glueNames';
import type { CatalogTable, QueryExecution } from '../../core/model';
import type { Ctx } from '../ctx';
import type { ExplorerNode, NodeOf } from '../explorer/nodes';
import type { ExplorerProvider } from '../explorer/provider';
import { count } from '../explorer/render';
import { showQueryResults } from '../panels';
import type { ReadonlyDocs } from '../readonlyDocs';
import { command } from './register';


export const PREVIEW_ROWS = 100;

export function registerCatalogCommands(ctx: Ctx, explorer: ExplorerProvider, docs: ReadonlyDocs): vscode.Disposable[] {
  /** The table a command applies to: the explorer node it was invoked on, else one picked from the catalog. */
  const tableOf = async (node?: ExplorerNode): Promise<CatalogTable | undefined> => {
    if (node?.kind === 'table') return node.table;
    const target = await ctx.target();
    const all: CatalogTable[] = [];
    for (const db of await target.catalog.databases()) all.push(...(await target.catalog.tables(db.name)));
    if (all.length === 0) throw new LakehouseError('EntityNotFound', 'the catalog has no tables yet: run "Lakehouse: Create Tables from sql/" first');
    const picked = await vscode.window.showQuickPick(
      all.map((t) => ({ label: t.name, description: t.database, detail: t.storage.location, table: t })),
      { title: 'Table', matchOnDescription: true, matchOnDetail: true },
    );
    return picked?.table;
  };

  /** Runs one statement to completion under a cancellable progress; a failure is an error naming the statement. */
  const runToEnd = async (title: string, sql: string, database: string): Promise<QueryExecution> =>
    ctx.withProgress(title, async (_report, signal) => {
      const target = await ctx.target();
      const started = await target.queries.start(sql, { database });
      const exec = await target.queries.wait(started.id, { signal });
      if (exec.state === 'CANCELLED') throw new LakehouseError('Cancelled', `${sql} was cancelled`);
      if (exec.state !== 'SUCCEEDED') throw new LakehouseError('SqlError', `${sql}: ${exec.error?.message ?? exec.state}`);
      return exec;
    });

  const preview = async (t: CatalogTable): Promise<QueryExecution> =>
    showQueryResults(ctx, { sql: `SELECT * FROM ${dmlTableName(t)} LIMIT ${PREVIEW_ROWS}`, database: t.database });

  const countRows = async (node?: ExplorerNode): Promise<number | undefined> => {
    const t = await tableOf(node);
    if (!t) return undefined;
    const exec = await runToEnd(`Counting the rows of ${t.database}.${t.name}`, `SELECT count(*) AS n FROM ${dmlTableName(t)}`, t.database);
    const target = await ctx.target();
    const page = await target.queries.page(exec.id, { maxRows: 1 });
    const n = Number(page.rows[0]?.[0] ?? 0);
    // 0 rows over objects of a partitioned table: no partition registered (the zone report's hint, in the tooltip)
    const { unregisteredPartitionsHint } = await import('../../core/report/zoneReport');
    const hint = n === 0 ? await unregisteredPartitionsHint(target, t) : undefined;
    explorer.setRowCount(t, n, hint);
    ctx.log.info(`${t.database}.${t.name}: ${n} row(s)${hint ? ` (${hint})` : ''}`);
    // the count stays on the table's node; said once where it is seen
    void vscode.window.showInformationMessage(`${t.database}.${t.name} has ${count(n)} row${n === 1 ? '' : 's'}.${hint ? ` Note: ${hint}` : ''}`);
    return n;
  };

  const showDdl = async (node?: ExplorerNode): Promise<string | undefined> => {
    const t = await tableOf(node);
    if (!t) return undefined;
    const exec = await runToEnd(`SHOW CREATE TABLE ${t.database}.${t.name}`, `SHOW CREATE TABLE ${ddlTableName(t)}`, t.database);
    const target = await ctx.target();
    const lines: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await target.queries.page(exec.id, { maxRows: 1000, ...(pageToken ? { pageToken } : {}) });
      for (const r of page.rows) lines.push(String(r[0] ?? ''));
      pageToken = page.nextPageToken;
    } while (pageToken);
    const text = `${lines.join('\n')}\n`;
    await docs.show(`${t.database}.${t.name}.sql`, text);
    return text;
  };

  const drop = async (node?: ExplorerNode): Promise<boolean> => {
    const t = await tableOf(node);
    if (!t) return false;
    const answer = await vscode.window.showWarningMessage(
      `Drop table ${t.database}.${t.name}?`,
      { modal: true, detail: `The table leaves the Glue catalog. Its data under ${t.storage.location} stays (an external table's files are not deleted).` },
      'Drop Table',
    );
    if (answer !== 'Drop Table') return false;
    await runToEnd(`Dropping ${t.database}.${t.name}`, `DROP TABLE ${ddlTableName(t)}`, t.database);
    ctx.log.info(`dropped table ${t.database}.${t.name}`);
    explorer.refreshSection('catalog');
    return true;
  };

  /** A zone's table: the catalog table whose location is the zone's prefix. */
  const previewZone = async (zone: NodeOf<'zone'>): Promise<QueryExecution | undefined> => {
    if (zone?.kind !== 'zone') throw new LakehouseError('InvalidInput', 'choose a zone in the Lakehouse explorer');
    const [project, target] = await Promise.all([ctx.project(), ctx.target()]);
    const { zoneOfTable } = await import('../../core/report/zoneReport');
    const matching: CatalogTable[] = [];
    for (const db of await target.catalog.databases())
      for (const t of await target.catalog.tables(db.name)) {
        const z = zoneOfTable(project, t);
        if (z && z.dataset === zone.dataset && z.zone === zone.zone) matching.push(t);
      }
    if (matching.length === 0) {
      void vscode.window.showInformationMessage(`No catalog table reads s3://${zone.bucket}/${zone.prefix} yet.`, 'Create Tables').then((a) => {
        if (a) void vscode.commands.executeCommand('lakehouse.catalog.createTables');
      });
      return undefined;
    }
    const t =
      matching.length === 1
        ? matching[0]!
        : (await vscode.window.showQuickPick(matching.map((m) => ({ label: m.name, description: m.database, table: m })), { title: `Tables over ${zone.dataset} / ${zone.zone}` }))?.table;
    return t ? preview(t) : undefined;
  };

  const filter = async (zone: NodeOf<'zone'>, value?: unknown): Promise<string | undefined> => {
    if (zone?.kind !== 'zone') throw new LakehouseError('InvalidInput', 'choose a zone in the Lakehouse explorer');
    // (a click in the tree passes the selected nodes second: only a string is a prefix given by a caller)
    const prefix =
      (typeof value === 'string' ? value : undefined) ??
      (await vscode.window.showInputBox({
        title: `Filter ${zone.dataset} / ${zone.zone}`,
        prompt: `Key prefix below s3://${zone.bucket}/${zone.prefix} (empty: no filter)`,
        value: explorer.filterOf(zone) ?? '',
        validateInput: (v) => (v.startsWith('/') ? 'a key prefix does not start with "/"' : undefined),
      }));
    if (prefix === undefined) return undefined;
    explorer.setFilter(zone, prefix.trim());
    return prefix.trim();
  };

  return [
    command(ctx, 'lakehouse.table.preview', 'Previewing the table', async (node?: ExplorerNode) => {
      const t = await tableOf(node);
      return t ? preview(t) : undefined;
    }),
    command(ctx, 'lakehouse.table.countRows', 'Counting rows', countRows),
    command(ctx, 'lakehouse.table.showDdl', 'Showing the DDL', showDdl),
    command(ctx, 'lakehouse.table.drop', 'Dropping the table', drop),
    command(ctx, 'lakehouse.zone.preview', 'Previewing the zone', previewZone),
    command(ctx, 'lakehouse.zone.filter', 'Filtering the zone', filter),
    command(ctx, 'lakehouse.zone.clearFilter', 'Clearing the filter', (zone: NodeOf<'zone'>) => filter(zone, '')),
    command(ctx, 'lakehouse.explorer.loadMore', 'Loading more objects', (node: NodeOf<'loadMore'>) => explorer.loadMore(node)),
    command(ctx, 'lakehouse.explorer.refresh', 'Refreshing the explorer', () => explorer.refresh()),
    command(ctx, 'lakehouse.explorer.refreshNode', 'Refreshing', (node?: ExplorerNode) => explorer.refresh(node)),
  ];
}
