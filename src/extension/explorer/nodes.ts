// The explorer's nodes: plain data tagged by `kind`, and how each node's children are loaded from the project and
// the Target interface. No vscode here: render.ts turns nodes into TreeItems, provider.ts serves them. Errors and
// empty states are nodes with an action (a command id and its arguments), never thrown into the tree.
import * as path from 'node:path';
import { errorMessage, isLakehouseError } from '../../core/errors';
import { ZONES, type CatalogColumn, type CatalogTable, type JobDefinition, type JobRun, type StoredObject, type Zone } from '../../core/model';
import { nestedZonePrefixes, type Project } from '../../core/project/manifest';
import { tableFormat } from '../../core/sql/ddl';
import type { Target } from '../../core/target';
import { listZoneObjects, zoneObjectStats, type ZoneStats } from '../../core/zoneObjects';
import { remedyActions } from '../awsUi';

export type Section = 'buckets' | 'catalog' | 'jobs';

/** A command a node runs when clicked: a command id and its arguments. */
export interface NodeAction {
  command: string;
  title: string;
  args?: unknown[];
}

export type { ZoneStats };

/**
 * Where objects are listed from: a zone (flat, every key below but those of the zones nested in it) or a folder
 * (one level, with a delimiter).
 */
export interface Listing {
  bucket: string;
  prefix: string;
  delimiter?: string;
  /** a zone's: the prefixes of the zones nested inside it, whose objects are theirs (listed under them) */
  nested?: string[];
}

export type ExplorerNode =
  | { kind: 'target'; id: string; label: string; targetKind: 'local' | 'aws'; where: string }
  | { kind: 'section'; id: string; section: Section }
  | { kind: 'bucket'; id: string; bucket: string; projectBucket: boolean; exists: boolean }
  | { kind: 'dataset'; id: string; bucket: string; dataset: string; zones: Partial<Record<Zone, string>> }
  | {
      kind: 'zone';
      id: string;
      bucket: string;
      dataset: string;
      zone: Zone;
      prefix: string;
      /** the prefixes of zones nested inside this one (their objects are theirs, not this zone's) */
      nested: string[];
      stats?: ZoneStats;
      filter?: string;
    }
  | { kind: 'folder'; id: string; bucket: string; prefix: string; label: string }
  | { kind: 'object'; id: string; bucket: string; object: StoredObject; label: string }
  | { kind: 'loadMore'; id: string; owner: ExplorerNode; loaded: number }
  | { kind: 'database'; id: string; database: string; description?: string }
  | { kind: 'table'; id: string; table: CatalogTable; zone?: { dataset: string; zone: Zone }; format: string; rows?: number; /** why it counts 0 rows (zoneReport.ts unregisteredPartitionsHint) */ hint?: string }
  | { kind: 'column'; id: string; column: CatalogColumn; partitionKey: boolean }
  | { kind: 'job'; id: string; job: JobDefinition; lastRun?: JobRun; running: boolean; /** AWS target: whether a Glue job exists for the script */ deployed?: boolean }
  | { kind: 'run'; id: string; run: JobRun; scriptPath: string }
  | { kind: 'message'; id: string; severity: 'info' | 'warning' | 'error'; label: string; detail?: string; action?: NodeAction };

export type NodeOf<K extends ExplorerNode['kind']> = Extract<ExplorerNode, { kind: K }>;

/**
 * Zone statistics stop counting here (listing every key of a huge zone to draw a tree is not worth it): locally
 * listing is cheap; on S3 each 1,000 keys is a request, so one page is counted and more is shown as "1,000+".
 */
export const STATS_LIMIT = 100_000;
export const STATS_LIMIT_S3 = 1_000;
/** runs shown under a job */
export const RUNS_SHOWN = 25;

/** What loading children needs; the provider supplies it. */
export interface LoadEnv {
  project(): Promise<Project>;
  target(): Promise<Target>;
  pageSize: number;
  /** objects loaded so far under a listing node, and the token of the next page */
  pages: Map<string, { objects: StoredObject[]; folders: string[]; next?: string }>;
  /** prefix filters of zone nodes, by node id */
  filters: Map<string, string>;
  /** row counts computed on demand, by `db.table` */
  rowCounts: Map<string, number>;
  /** with a count of 0 rows: why (a partitioned table with no registered partition), by `db.table` */
  rowHints?: Map<string, string>;
  /** jobs with a run in progress in this window */
  runningJobs: Set<string>;
  /** where the data lives, shown on the target node */
  targetWhere(): string;
  /** how many objects a zone's statistics count at most */
  statsLimit: number;
}

export function message(id: string, label: string, options: { severity?: 'info' | 'warning' | 'error'; detail?: string; action?: NodeAction } = {}): NodeOf<'message'> {
  return { kind: 'message', id: `message:${id}`, severity: options.severity ?? 'info', label, ...(options.detail !== undefined ? { detail: options.detail } : {}), ...(options.action ? { action: options.action } : {}) };
}

const SHOW_LOG: NodeAction = { command: 'lakehouse.showLog', title: 'Show Log' };

/** Commands of the actions AWS error nodes offer (registered by commands/project.ts, hidden from the palette). */
export const AWS_REMEDY_COMMAND = 'lakehouse.aws.runRemedy';
export const AWS_SWITCH_REGION_COMMAND = 'lakehouse.aws.switchRegion';

/**
 * An error as a node: clicking it runs what fixes it — an AWS error's remedy (`aws sso login` in a terminal, switch
 * the region), opening lakehouse.json at the field — or shows the log. An AccessDenied message names the action
 * and the resource (the AWS target's errors do).
 */
export function errorNode(id: string, what: string, e: unknown): NodeOf<'message'> {
  const where = isLakehouseError(e) ? e.where : undefined;
  const remedy = remedyActions(e)[0];
  const action: NodeAction = remedy
    ? remedy.kind === 'command'
      ? { command: AWS_REMEDY_COMMAND, title: remedy.title, args: [remedy.command] }
      : { command: AWS_SWITCH_REGION_COMMAND, title: remedy.title, args: [remedy.region] }
    : isLakehouseError(e, 'ManifestInvalid')
      ? { command: 'lakehouse.project.openManifest', title: 'Open lakehouse.json', args: [{ line: e.detail.line, column: e.detail.column }] }
      : SHOW_LOG;
  const detail = remedy ? remedy.title : where;
  let label = `${what}: ${errorMessage(e)}`;
  // an invalid lakehouse.json: its problem first (the message starts with the file's whole path)
  if (isLakehouseError(e, 'ManifestInvalid') && e.detail.line !== undefined && e.detail.file !== undefined) {
    const at = `${e.detail.file}:${e.detail.line}:${e.detail.column ?? 1}: `;
    // the first problem on the node's one line; the others (a line each in the message) counted
    const [first, ...others] = e.message.split('\n');
    const more = others.length > 0 ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''})` : '';
    if (first!.startsWith(at)) label = `${path.basename(e.detail.file)}:${e.detail.line}:${e.detail.column ?? 1}: ${first!.slice(at.length)}${more}`;
  }
  return message(`${id}:error`, label, { severity: 'error', ...(detail !== undefined ? { detail } : {}), action });
}

/** The actions of a target that is not connected: pick a profile (and log in), the AWS files, back to Local. */
export function connectNodes(): NodeOf<'message'>[] {
  return [
    message('connect:aws', 'Connect to AWS…', { detail: 'pick a profile, log in', action: { command: 'lakehouse.aws.connect', title: 'Connect to AWS…' } }),
    message('connect:config', 'Open the AWS config file', { detail: '~/.aws/config', action: { command: 'lakehouse.aws.openConfigFile', title: 'Open the AWS Config File', args: ['config'] } }),
    message('connect:credentials', 'Open the AWS credentials file', { detail: '~/.aws/credentials', action: { command: 'lakehouse.aws.openConfigFile', title: 'Open the AWS Credentials File', args: ['credentials'] } }),
    message('connect:local', 'Back to Local (embedded)', { detail: 'no account needed', action: { command: 'lakehouse.target.useLocal', title: 'Use the Local Target' } }),
  ];
}

/** Creates a bucket (registered by commands/storage.ts): the action of a bucket that does not exist yet. */
export const CREATE_BUCKET_COMMAND = 'lakehouse.bucket.create';

export const tableKey = (t: { database: string; name: string }): string => `${t.database}.${t.name}`;

/** The root: the target, then the three sections. A missing project gives no nodes (the welcome view shows). */
export async function rootNodes(env: LoadEnv, targetKind: 'local' | 'aws', hasProject: boolean): Promise<ExplorerNode[]> {
  if (!hasProject) return [];
  const target: NodeOf<'target'> = { kind: 'target', id: 'target', label: targetKind === 'aws' ? 'AWS' : 'Local (embedded)', targetKind, where: env.targetWhere() };
  try {
    await env.project();
  } catch (e) {
    return [target, errorNode('project', 'lakehouse.json', e)];
  }
  if (targetKind === 'aws') {
    // the AWS target opens here (credentials resolved): a profile, region or login problem shows at the top
    try {
      const t = await env.target();
      target.label = t.label;
    } catch (e) {
      // not connected: what went wrong, then what to do about it (as the AWS Toolkit offers it)
      return [target, errorNode('target', 'AWS', e), ...connectNodes()];
    }
  }
  return [target, ...(['buckets', 'catalog', 'jobs'] as const).map((section): ExplorerNode => ({ kind: 'section', id: `section:${section}`, section }))];
}

/** The children of a node; never throws: a failure is an error node under it. */
export async function childNodes(node: ExplorerNode, env: LoadEnv): Promise<ExplorerNode[]> {
  try {
    switch (node.kind) {
      case 'section':
        return node.section === 'buckets' ? await buckets(env) : node.section === 'catalog' ? await databases(env) : await jobs(env);
      case 'bucket':
        return await bucketChildren(node, env);
      case 'dataset':
        return await zones(node, env);
      case 'zone':
      case 'folder':
        return await listingChildren(node, env);
      case 'database':
        return await tables(node.database, env);
      case 'table':
        return columns(node);
      case 'job':
        return await runs(node, env);
      default:
        return [];
    }
  } catch (e) {
    return [errorNode(node.id, 'could not load', e)];
  }
}

// ------------------------------------------------------------------------------------------------ buckets

async function buckets(env: LoadEnv): Promise<ExplorerNode[]> {
  const [project, target] = await Promise.all([env.project(), env.target()]);
  const existing = (await target.storage.listBuckets()).map((b) => b.name);
  const own = project.manifest.bucket;
  const names = [own, ...existing.filter((b) => b !== own).sort()];
  return names.map((bucket) => ({ kind: 'bucket', id: `bucket:${bucket}`, bucket, projectBucket: bucket === own, exists: existing.includes(bucket) }));
}

async function bucketChildren(node: NodeOf<'bucket'>, env: LoadEnv): Promise<ExplorerNode[]> {
  if (!node.exists)
    return [message(`${node.id}:missing`, 'Not created yet — create the bucket', { action: { command: CREATE_BUCKET_COMMAND, title: 'Create Bucket…', args: [node] } })];
  if (!node.projectBucket) return listingChildren({ kind: 'folder', id: `folder:${node.bucket}/`, bucket: node.bucket, prefix: '', label: node.bucket }, env);
  const [project, target] = await Promise.all([env.project(), env.target()]);
  const datasets = Object.entries(project.manifest.datasets).map(
    ([dataset, zonesOf]): ExplorerNode => ({ kind: 'dataset', id: `dataset:${node.bucket}/${dataset}`, bucket: node.bucket, dataset, zones: zonesOf }),
  );
  // top-level folders that are no dataset's (job outputs of tables created without a location, scripts, …)
  const top = await target.storage.list(node.bucket, { delimiter: '/', maxKeys: 1000 });
  const claimed = new Set(Object.values(project.manifest.datasets).flatMap((z) => Object.values(z).map((p) => `${p.split('/')[0]}/`)));
  const folders = top.commonPrefixes
    .filter((p) => !claimed.has(p))
    .map((prefix): ExplorerNode => ({ kind: 'folder', id: `folder:${node.bucket}/${prefix}`, bucket: node.bucket, prefix, label: prefix }));
  const objects = top.objects.map((o): ExplorerNode => ({ kind: 'object', id: `object:${node.bucket}/${o.key}`, bucket: node.bucket, object: o, label: o.key }));
  return [...datasets, ...folders, ...objects];
}

/**
 * Counts a zone's objects page by page — those under its prefix but not under a zone nested in it (`nested`) —
 * stopping at `limit` (then `truncated`: there are more).
 */
export async function zoneStats(target: Target, bucket: string, prefix: string, limit: number, nested: readonly string[] = []): Promise<ZoneStats> {
  return zoneObjectStats(target.storage, bucket, prefix, nested, limit);
}

/** "12 objects", "1,000+ objects" (counting stopped there) */
export function objectCount(s: ZoneStats): string {
  return `${s.objects.toLocaleString('en-US')}${s.truncated ? '+' : ''} object${s.objects === 1 && !s.truncated ? '' : 's'}`;
}

async function zones(node: NodeOf<'dataset'>, env: LoadEnv): Promise<ExplorerNode[]> {
  const [project, target] = await Promise.all([env.project(), env.target()]);
  return Promise.all(
    ZONES.filter((z) => node.zones[z] !== undefined).map(async (zone): Promise<ExplorerNode> => {
      const prefix = node.zones[zone]!;
      const id = `zone:${node.bucket}/${prefix}`;
      const filter = env.filters.get(id);
      // zones may nest (trusted at landing/trusted/): a zone's objects are those no deeper zone holds
      const nested = nestedZonePrefixes(project.manifest, prefix).map((z) => z.prefix);
      const stats = await zoneStats(target, node.bucket, prefix, env.statsLimit, nested);
      return { kind: 'zone', id, bucket: node.bucket, dataset: node.dataset, zone, prefix, nested, stats, ...(filter ? { filter } : {}) };
    }),
  );
}

/** The listing of a zone or folder node: the pages loaded so far (the first on first expansion), then "Load more…". */
export function listingOf(node: NodeOf<'zone'> | NodeOf<'folder'>, env: LoadEnv): Listing {
  if (node.kind === 'zone') return { bucket: node.bucket, prefix: node.prefix + (env.filters.get(node.id) ?? ''), nested: node.nested };
  return { bucket: node.bucket, prefix: node.prefix, delimiter: '/' };
}

/** Loads the next page of a listing node into env.pages. */
export async function loadPage(node: NodeOf<'zone'> | NodeOf<'folder'>, env: LoadEnv): Promise<void> {
  const target = await env.target();
  const listing = listingOf(node, env);
  const state = env.pages.get(node.id) ?? { objects: [], folders: [] };
  if (env.pages.has(node.id) && state.next === undefined) return;
  const page =
    node.kind === 'zone'
      ? await listZoneObjects(target.storage, node.bucket, node.prefix, node.nested, {
          maxKeys: env.pageSize,
          ...(env.filters.get(node.id) ? { filter: env.filters.get(node.id)! } : {}),
          ...(state.next ? { pageToken: state.next } : {}),
        })
      : await target.storage.list(listing.bucket, {
          prefix: listing.prefix,
          maxKeys: env.pageSize,
          ...(listing.delimiter ? { delimiter: listing.delimiter } : {}),
          ...(state.next ? { pageToken: state.next } : {}),
        });
  env.pages.set(node.id, {
    objects: [...state.objects, ...page.objects],
    folders: [...state.folders, ...page.commonPrefixes],
    ...(page.nextPageToken ? { next: page.nextPageToken } : {}),
  });
}

async function listingChildren(node: NodeOf<'zone'> | NodeOf<'folder'>, env: LoadEnv): Promise<ExplorerNode[]> {
  if (!env.pages.has(node.id)) await loadPage(node, env);
  const state = env.pages.get(node.id)!;
  const base = node.prefix;
  const folders = state.folders.map((prefix): ExplorerNode => ({ kind: 'folder', id: `folder:${node.bucket}/${prefix}`, bucket: node.bucket, prefix, label: prefix.slice(base.length) }));
  const objects = state.objects.map((o): ExplorerNode => ({ kind: 'object', id: `object:${node.bucket}/${o.key}`, bucket: node.bucket, object: o, label: o.key.slice(base.length) }));
  const out = [...folders, ...objects];
  if (out.length === 0) {
    const filter = node.kind === 'zone' ? env.filters.get(node.id) : undefined;
    if (filter) return [message(`${node.id}:empty`, `No objects under "${filter}"`, { action: { command: 'lakehouse.zone.clearFilter', title: 'Clear Filter', args: [node] } })];
    if (node.kind === 'zone' && node.zone === 'landing')
      return [message(`${node.id}:empty`, 'No objects — upload landing data', { action: { command: 'lakehouse.data.upload', title: 'Upload Landing Data…' } })];
    if (node.kind === 'zone')
      return [message(`${node.id}:empty`, 'No objects — run the pipeline to fill this zone', { action: { command: 'lakehouse.pipeline.run', title: 'Run Pipeline' } })];
    return [message(`${node.id}:empty`, 'No objects')];
  }
  if (state.next !== undefined) out.push({ kind: 'loadMore', id: `loadMore:${node.id}`, owner: node, loaded: out.length });
  return out;
}

// ------------------------------------------------------------------------------------------------ catalog

async function databases(env: LoadEnv): Promise<ExplorerNode[]> {
  const target = await env.target();
  const dbs = await target.catalog.databases();
  if (dbs.length === 0)
    return [message('catalog:empty', 'No databases — create the tables from sql/', { action: { command: 'lakehouse.catalog.createTables', title: 'Create Tables from sql/' } })];
  return dbs
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((db): ExplorerNode => ({ kind: 'database', id: `database:${db.name}`, database: db.name, ...(db.description ? { description: db.description } : {}) }));
}

async function tables(database: string, env: LoadEnv): Promise<ExplorerNode[]> {
  const [project, target] = await Promise.all([env.project(), env.target()]);
  const { zoneOfTable } = await import('../../core/report/zoneReport');
  const all = await target.catalog.tables(database);
  if (all.length === 0)
    return [message(`database:${database}:empty`, 'No tables — create them from sql/', { action: { command: 'lakehouse.catalog.createTables', title: 'Create Tables from sql/' } })];
  const datasets = Object.keys(project.manifest.datasets);
  const nodes = all.map((table): NodeOf<'table'> => {
    const zone = zoneOfTable(project, table);
    const rows = env.rowCounts.get(tableKey(table));
    const hint = env.rowHints?.get(tableKey(table));
    return {
      kind: 'table',
      id: `table:${tableKey(table)}`,
      table,
      format: table.tableType === 'VIRTUAL_VIEW' ? 'view' : tableFormat(table),
      ...(zone ? { zone } : {}),
      ...(rows !== undefined ? { rows } : {}),
      ...(hint !== undefined ? { hint } : {}),
    };
  });
  // by dataset, then landing → trusted → curated, then name (as the zone report orders them)
  const rank = (n: NodeOf<'table'>) => (n.zone ? datasets.indexOf(n.zone.dataset) * 10 + ZONES.indexOf(n.zone.zone) : 10_000);
  return nodes.sort((a, b) => rank(a) - rank(b) || (a.table.name < b.table.name ? -1 : 1));
}

function columns(node: NodeOf<'table'>): ExplorerNode[] {
  const t = node.table;
  const col = (column: CatalogColumn, partitionKey: boolean): ExplorerNode => ({ kind: 'column', id: `column:${tableKey(t)}.${column.name}`, column, partitionKey });
  return [...t.storage.columns.map((c) => col(c, false)), ...t.partitionKeys.map((c) => col(c, true))];
}

// ------------------------------------------------------------------------------------------------ jobs

async function jobs(env: LoadEnv): Promise<ExplorerNode[]> {
  const [project, target] = await Promise.all([env.project(), env.target()]);
  const defs = await target.jobs.jobs();
  if (defs.length === 0)
    return [message('jobs:empty', `No Glue scripts in ${project.manifest.scripts}/`, { action: { command: 'lakehouse.project.openManifest', title: 'Open lakehouse.json' } })];
  const aws = target.kind === 'aws';
  // in pipeline order (a job after the jobs that write what it reads), as "Run Pipeline" runs them; jobs the
  // order does not know (a script that could not be read) after them, by name
  const order = await pipelineOrder(project, target);
  const rank = (name: string): number => (order.includes(name) ? order.indexOf(name) : order.length);
  const sorted = [...defs].sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return Promise.all(
    sorted.map(async (job): Promise<ExplorerNode> => {
      const base = { kind: 'job' as const, id: `job:${job.name}`, job, ...(aws ? { deployed: job.deployedScript !== undefined } : {}) };
      // a job not deployed to Glue has no runs to ask for; a failing GetJobRuns shows under the job when expanded
      const last = aws && job.deployedScript === undefined ? undefined : (await target.jobs.runs(job.name).catch(() => []))[0];
      return { ...base, running: env.runningJobs.has(job.name) || last?.state === 'RUNNING' || last?.state === 'STARTING', ...(last ? { lastRun: last } : {}) };
    }),
  );
}

/** The jobs' pipeline order from the project's scripts (core: pipelineGraph); empty when it cannot be read. */
async function pipelineOrder(project: Project, target: Target): Promise<string[]> {
  try {
    const { pipelineGraph } = await import('../../core/actions/pipeline');
    return (await pipelineGraph(project, target)).order;
  } catch {
    return [];
  }
}

async function runs(node: NodeOf<'job'>, env: LoadEnv): Promise<ExplorerNode[]> {
  if (node.deployed === false)
    return [message(`${node.id}:undeployed`, 'Not deployed to Glue yet — deploy the jobs', { severity: 'warning', action: { command: 'lakehouse.jobs.deploy', title: 'Deploy Jobs', args: [node] } })];
  const target = await env.target();
  const all = await target.jobs.runs(node.job.name);
  if (all.length === 0) return [message(`${node.id}:empty`, 'No runs yet — run the job', { action: { command: 'lakehouse.job.run', title: 'Run Job', args: [node] } })];
  const shown = all.slice(0, RUNS_SHOWN).map((run): ExplorerNode => ({ kind: 'run', id: `run:${node.job.name}/${run.id}`, run, scriptPath: node.job.scriptPath }));
  if (all.length > RUNS_SHOWN) shown.push(message(`${node.id}:older`, `${all.length - RUNS_SHOWN} older run(s) not shown`));
  return shown;
}
