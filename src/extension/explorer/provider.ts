// The explorer's TreeDataProvider: serves nodes.ts's nodes through render.ts, keeps the paging state, prefix
// filters and on-demand row counts, and refreshes the whole view or one node.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { childNodes, loadPage, rootNodes, STATS_LIMIT, STATS_LIMIT_S3, tableKey, type ExplorerNode, type LoadEnv, type NodeOf, type Section } from './nodes';
import { render } from './render';

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly env: LoadEnv;
  /** the nodes handed out last, by id: a refresh must fire with the very object the view holds */
  private readonly nodes = new Map<string, ExplorerNode>();

  constructor(private readonly ctx: Ctx) {
    this.env = {
      project: () => ctx.project(),
      target: () => ctx.target(),
      pageSize: ctx.config.explorerPageSize,
      pages: new Map(),
      filters: new Map(),
      rowCounts: new Map(),
      rowHints: new Map(),
      runningJobs: new Set(),
      statsLimit: STATS_LIMIT,
      targetWhere: () => {
        if (ctx.config.target === 'aws') return 'S3 · Glue · Athena';
        const root = ctx.projectRoot();
        const folder = ctx.config.localDataFolder;
        return root === undefined ? folder : path.relative(root, path.resolve(root, folder)) || '.';
      },
    };
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return render(node);
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    const config = this.ctx.config;
    this.env.pageSize = config.explorerPageSize;
    this.env.statsLimit = config.target === 'aws' ? STATS_LIMIT_S3 : STATS_LIMIT;
    const children = node ? await childNodes(node, this.env) : await rootNodes(this.env, config.target, this.ctx.projectRoot() !== undefined);
    for (const c of children) this.nodes.set(c.id, c);
    return children;
  }

  /**
   * Forgets everything loaded from the previous target (pages, prefix filters, row counts, the nodes handed out,
   * running jobs) and redraws the whole tree: after a switch of target, profile or region nothing of the old one
   * stays on screen.
   */
  reset(): void {
    this.env.pages.clear();
    this.env.filters.clear();
    this.env.rowCounts.clear();
    this.env.rowHints?.clear();
    this.env.runningJobs.clear();
    this.nodes.clear();
    this.changed.fire(undefined);
  }

  /**
   * Refreshes one node (and drops the pages loaded below it) or, without one, the whole view. The catalog's (or the
   * whole view's) refresh drops the rows counted on demand: it comes after what may change them (a job, the
   * pipeline, a statement run) — a count from before was shown as the table's rows.
   */
  refresh(node?: ExplorerNode): void {
    if (!node || node.id === 'section:catalog') {
      this.env.rowCounts.clear();
      this.env.rowHints?.clear();
    }
    if (!node) {
      this.env.pages.clear();
      this.nodes.clear();
      this.changed.fire(undefined);
      return;
    }
    if (node.kind === 'zone' || node.kind === 'folder') {
      for (const id of [...this.env.pages.keys()]) if (id === node.id || id.startsWith(`folder:${node.bucket}/${node.prefix}`)) this.env.pages.delete(id);
    } else this.env.pages.clear();
    this.changed.fire(this.nodes.get(node.id) ?? node);
  }

  /**
   * After objects under `prefixes` (keys or key prefixes) of `bucket` were added or deleted: drops the pages of
   * the zones and folders listing them and redraws the narrowest node whose zone statistics count them — their
   * dataset when they all lie in one dataset's zones, else the bucket, else the Buckets section.
   */
  refreshStorage(bucket: string, prefixes: string[]): void {
    const touches = (p: string) => prefixes.some((k) => k.startsWith(p) || p.startsWith(k));
    for (const id of [...this.env.pages.keys()]) {
      const n = this.nodes.get(id);
      // a bucket's root listing is no node of its own (the bucket node shows it)
      const stale = n ? (n.kind === 'zone' || n.kind === 'folder') && n.bucket === bucket && touches(n.prefix) : id === `folder:${bucket}/`;
      if (stale) this.env.pages.delete(id);
    }
    const datasets = new Set<string>();
    let outside = false;
    for (const k of prefixes) {
      const zone = [...this.nodes.values()].find((n) => n.kind === 'zone' && n.bucket === bucket && k.startsWith(n.prefix));
      if (zone?.kind === 'zone') datasets.add(`dataset:${bucket}/${zone.dataset}`);
      else outside = true;
    }
    const dataset = !outside && datasets.size === 1 ? this.nodes.get([...datasets][0]!) : undefined;
    const node = dataset ?? this.nodes.get(`bucket:${bucket}`);
    if (node) this.changed.fire(node);
    else this.refreshSection('buckets');
    // objects added or deleted change the rows of the tables over them: the counts shown are dropped
    if (this.env.rowCounts.size > 0) this.refreshSection('catalog');
  }

  refreshSection(section: Section): void {
    const node = this.nodes.get(`section:${section}`);
    if (node) this.refresh(node);
    else this.refresh();
  }

  /** Loads the next page of objects under the "Load more…" node's zone or folder. */
  async loadMore(node: NodeOf<'loadMore'>): Promise<void> {
    const owner = node.owner;
    if (owner.kind !== 'zone' && owner.kind !== 'folder') return;
    await loadPage(owner, this.env);
    this.changed.fire(this.nodes.get(owner.id) ?? owner);
  }

  filterOf(zone: NodeOf<'zone'>): string | undefined {
    return this.env.filters.get(zone.id);
  }

  /** Sets (or, with an empty prefix, clears) a zone's prefix filter and lists it again from the first page. */
  setFilter(zone: NodeOf<'zone'>, prefix: string): void {
    if (prefix) this.env.filters.set(zone.id, prefix);
    else this.env.filters.delete(zone.id);
    this.env.pages.delete(zone.id);
    // the zone node's description shows the filter: refresh its dataset so the zone is rendered anew
    const parent = this.nodes.get(`dataset:${zone.bucket}/${zone.dataset}`);
    if (parent) this.refresh(parent);
    else this.refresh();
  }

  /** The rows counted on demand of a table (`db.table`), if it was counted. */
  rowCountOf(key: string): number | undefined {
    return this.env.rowCounts.get(key);
  }

  setRowCount(table: { database: string; name: string }, rows: number, hint?: string): void {
    this.env.rowCounts.set(tableKey(table), rows);
    if (hint !== undefined) this.env.rowHints?.set(tableKey(table), hint);
    else this.env.rowHints?.delete(tableKey(table));
    const node = this.nodes.get(`table:${tableKey(table)}`);
    if (node?.kind === 'table') {
      node.rows = rows;
      if (hint !== undefined) node.hint = hint;
      else delete node.hint;
      this.changed.fire(node);
    }
  }

  /** Marks a job as running in this window (its icon spins) or done, and refreshes the jobs. */
  setJobRunning(job: string, running: boolean): void {
    if (running) this.env.runningJobs.add(job);
    else this.env.runningJobs.delete(job);
    this.refreshSection('jobs');
  }

  dispose(): void {
    this.changed.dispose();
  }
}
