/**
 * The order jobs must run in: a job runs after every job that writes what it reads. What a job reads and writes
 * is a catalog table (`db.table`) or an S3 path; a path counts as the catalog table located there.
 */
import { LakehouseError } from '../errors';
import type { CatalogTable } from '../model';
import type { JobPlan } from './plan';

/** A table or an S3 location a job reads or writes. `path` is normalised: `s3://bucket/prefix/`. */
export interface JobEndpoint {
  /** `db.table`, lower case, when the endpoint is (or lies inside) a catalog table */
  table?: string;
  path?: string;
  /**
   * a written endpoint whose files may land in folders under `path` (a sink with partition keys: `path/k=v/…`);
   * an unpartitioned sink writes its files directly under its path (`path/part-….json`)
   */
  nested?: true;
}

export interface PipelineEdge {
  /** the job that writes */
  from: string;
  /** the job that reads */
  to: string;
  /** the table (`db.table`) or, when no table is located there, the S3 path that links them */
  via: string;
}

/** `s3://bucket/prefix/`: lower-case scheme (s3a/s3n read as s3), no doubled slashes, trailing slash. */
export function normalizeS3Path(p: string): string {
  const m = /^s3[an]?:\/\/([^/]+)\/*(.*)$/i.exec(p.trim());
  if (m === null) return p;
  const key = m[2]!.replace(/\/{2,}/g, '/').replace(/\/?$/, '/');
  return `s3://${m[1]}/${key === '/' ? '' : key}`;
}

const tableKey = (database: string, table: string): string => `${database}.${table}`.toLowerCase();

function within(inner: string, outer: string): boolean {
  return inner.startsWith(outer);
}

class TableIndex {
  private readonly byName = new Map<string, CatalogTable>();
  constructor(private readonly tables: CatalogTable[]) {
    for (const t of tables) this.byName.set(tableKey(t.database, t.name), t);
  }

  /** whether the table has partition keys (a sink writing it puts its files in `k=v/` folders) */
  partitioned(key: string): boolean {
    return (this.byName.get(key)?.partitionKeys.length ?? 0) > 0;
  }

  location(key: string): string | undefined {
    const t = this.byName.get(key);
    return t === undefined || t.storage.location === '' ? undefined : normalizeS3Path(t.storage.location);
  }

  /** The table whose location holds the path (the deepest one when locations nest). */
  tableAt(path: string): string | undefined {
    let best: { key: string; depth: number } | undefined;
    for (const t of this.tables) {
      if (!t.storage.location) continue;
      const loc = normalizeS3Path(t.storage.location);
      if (within(path, loc) && (best === undefined || loc.length > best.depth)) best = { key: tableKey(t.database, t.name), depth: loc.length };
    }
    return best?.key;
  }

  ofTable(database: string, table: string): JobEndpoint {
    const key = tableKey(database, table);
    const path = this.location(key);
    return { table: key, ...(path !== undefined ? { path } : {}) };
  }

  ofPath(p: string): JobEndpoint {
    const path = normalizeS3Path(p);
    const table = this.tableAt(path);
    return { ...(table !== undefined ? { table } : {}), path };
  }
}

function unique(endpoints: JobEndpoint[]): JobEndpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((e) => {
    const k = `${e.table ?? ''}|${e.path ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function inputsOf(plan: JobPlan, index: TableIndex): JobEndpoint[] {
  const out: JobEndpoint[] = [];
  for (const n of plan.nodes) {
    if (n.kind === 'catalogSource') out.push(index.ofTable(n.database, n.table));
    else if (n.kind === 's3Source') for (const p of n.paths) out.push(index.ofPath(p));
  }
  return unique(out);
}

function outputsOf(plan: JobPlan, index: TableIndex): JobEndpoint[] {
  const out: JobEndpoint[] = [];
  for (const s of plan.sinks) {
    if (s.kind === 'catalog') out.push({ ...index.ofTable(s.database, s.table), ...(index.partitioned(tableKey(s.database, s.table)) ? { nested: true as const } : {}) });
    else {
      const nested = s.partitionKeys.length > 0 ? { nested: true as const } : {};
      if (s.catalog !== undefined) out.push({ table: tableKey(s.catalog.database, s.catalog.table), path: normalizeS3Path(s.path), ...nested });
      else out.push({ ...index.ofPath(s.path), ...nested });
    }
  }
  return unique(out);
}

/** What a job reads: its catalog sources and S3 source paths (each path with the table located there, if any). */
export function jobInputs(plan: JobPlan, tables: CatalogTable[]): JobEndpoint[] {
  return inputsOf(plan, new TableIndex(tables));
}

/** What a job writes: its sinks' tables and paths (each path with the table located there, if any). */
export function jobOutputs(plan: JobPlan, tables: CatalogTable[]): JobEndpoint[] {
  return outputsOf(plan, new TableIndex(tables));
}

/** What links a written endpoint to a read one, if anything: the same table, or paths one inside the other. */
function link(written: JobEndpoint, read: JobEndpoint): string | undefined {
  if (written.table !== undefined && written.table === read.table) return written.table;
  if (written.path !== undefined && read.path !== undefined && (within(read.path, written.path) || within(written.path, read.path)))
    return read.table ?? written.table ?? (read.path.length >= written.path.length ? read.path : written.path);
  return undefined;
}

/**
 * What links a job's output to another's input: `link`, except that a read of a folder inside an unpartitioned
 * sink's path reads none of its files (Glue's sinks write `part-…` objects directly under their path; only a
 * partitioned sink writes into folders under it). Two jobs writing `s3://b/` and reading `s3://b/x/` do not wait
 * for each other.
 */
function feeds(written: JobEndpoint, read: JobEndpoint): string | undefined {
  if (written.table !== undefined && written.table === read.table) return written.table;
  if (written.path !== undefined && read.path !== undefined && read.path !== written.path && within(read.path, written.path) && !written.nested) return undefined;
  return link(written, read);
}

/**
 * What two sinks both write, if anything: `link`, except that two folders of a partitioned table, neither inside
 * the other (`…/region=eu/` and `…/region=us/`), are different partitions — each job writes its own; a sink of the
 * whole table (its location, or the catalog table) shares every partition.
 */
function shared(a: JobEndpoint, b: JobEndpoint, index: TableIndex): string | undefined {
  if (a.table !== undefined && a.table === b.table && index.partitioned(a.table) && a.path !== undefined && b.path !== undefined && !within(a.path, b.path) && !within(b.path, a.path))
    return undefined;
  return link(a, b);
}

/** A table (or path) two jobs write: both add to it; `later` runs after `earlier` in the pipeline's order. */
export interface SharedOutput {
  /** `db.table`, or the path when no table is located there */
  via: string;
  earlier: { job: string; file: string; line: number };
  later: { job: string; file: string; line: number };
}

/**
 * The tables and paths more than one job writes (the same table, or paths one inside the other), each pair once,
 * named by the sink of the job that runs later (`order`: the pipeline's order). Glue's sinks add files: both jobs'
 * rows end up there, and a re-run of either adds its rows again.
 */
export function sharedOutputs(jobs: { name: string; plan: JobPlan }[], tables: CatalogTable[], order: string[]): SharedOutput[] {
  const index = new TableIndex(tables);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const sorted = [...jobs].sort((a, b) => rank(a.name) - rank(b.name) || cmp(a.name, b.name));
  const sinksOf = (plan: JobPlan) =>
    plan.sinks.map((s) => ({
      line: s.line,
      at: s.kind === 'catalog' ? index.ofTable(s.database, s.table) : s.catalog !== undefined ? { table: tableKey(s.catalog.database, s.catalog.table), path: normalizeS3Path(s.path) } : index.ofPath(s.path),
    }));
  const out: SharedOutput[] = [];
  const seen = new Set<string>();
  sorted.forEach((a, i) => {
    for (const b of sorted.slice(i + 1))
      for (const sa of sinksOf(a.plan))
        for (const sb of sinksOf(b.plan)) {
          const via = shared(sa.at, sb.at, index);
          const key = `${a.name}\0${b.name}\0${via}`;
          if (via === undefined || seen.has(key)) continue;
          seen.add(key);
          out.push({ via, earlier: { job: a.name, file: a.plan.file, line: sa.line }, later: { job: b.name, file: b.plan.file, line: sb.line } });
        }
  });
  return out;
}

/**
 * The order to run jobs in and the dependencies between them. The order is topological and stable: among jobs
 * ready at the same time, the smaller name first. A cycle is an InvalidInput error naming its jobs.
 */
export function orderJobs(jobs: { name: string; plan: JobPlan }[], tables: CatalogTable[]): { order: string[]; edges: PipelineEdge[] } {
  const index = new TableIndex(tables);
  const seenNames = new Set<string>();
  for (const j of jobs) {
    if (seenNames.has(j.name)) throw new LakehouseError('InvalidInput', `two jobs are named ${j.name} (${j.plan.file})`, { object: j.name, file: j.plan.file });
    seenNames.add(j.name);
  }
  const io = jobs.map((j) => ({ name: j.name, inputs: inputsOf(j.plan, index), outputs: outputsOf(j.plan, index) }));

  const edges: PipelineEdge[] = [];
  const edgeKeys = new Set<string>();
  for (const writer of io)
    for (const reader of io) {
      if (writer.name === reader.name) continue; // a job reading its own output does not wait for itself
      for (const out of writer.outputs)
        for (const inp of reader.inputs) {
          const via = feeds(out, inp);
          const key = `${writer.name}\0${reader.name}\0${via}`;
          if (via === undefined || edgeKeys.has(key)) continue;
          edgeKeys.add(key);
          edges.push({ from: writer.name, to: reader.name, via });
        }
    }
  edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.via, b.via));

  // Kahn's algorithm, taking the smallest ready name each time
  const after = new Map<string, Set<string>>(jobs.map((j) => [j.name, new Set<string>()]));
  const waitingFor = new Map<string, Set<string>>(jobs.map((j) => [j.name, new Set<string>()]));
  for (const e of edges) {
    after.get(e.from)!.add(e.to);
    waitingFor.get(e.to)!.add(e.from);
  }
  const order: string[] = [];
  const ready = jobs.map((j) => j.name).filter((n) => waitingFor.get(n)!.size === 0);
  while (ready.length > 0) {
    ready.sort(cmp);
    const next = ready.shift()!;
    order.push(next);
    for (const to of after.get(next)!) {
      const w = waitingFor.get(to)!;
      w.delete(next);
      if (w.size === 0) ready.push(to);
    }
  }
  if (order.length < jobs.length) {
    const cycle = findCycle(
      jobs.map((j) => j.name).filter((n) => !order.includes(n)),
      edges,
    );
    const steps = cycle.map((name, i) => {
      const to = cycle[(i + 1) % cycle.length]!;
      const via = edges.find((e) => e.from === name && e.to === to)!.via;
      return `${name} writes ${via}, which ${to} reads`;
    });
    throw new LakehouseError('InvalidInput', `the jobs ${cycle.join(', ')} form a cycle (${steps.join('; ')}): no order can run them; make one of them read a different table`, {
      object: cycle.join(', '),
    });
  }
  return { order, edges };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One cycle among the jobs left over by the topological sort (each of them lies on or behind a cycle). */
function findCycle(left: string[], edges: PipelineEdge[]): string[] {
  const rest = new Set(left);
  const previous = (n: string): string =>
    edges
      .filter((e) => e.to === n && rest.has(e.from))
      .map((e) => e.from)
      .sort(cmp)[0]!;
  // every left-over job still waits for a left-over job: walk back until one repeats
  const path: string[] = [];
  let at = [...rest].sort(cmp)[0]!;
  while (!path.includes(at)) {
    path.push(at);
    at = previous(at);
  }
  const cycle = path.slice(path.indexOf(at)).reverse();
  // start at the smallest name, keeping the direction
  const start = cycle.indexOf([...cycle].sort(cmp)[0]!);
  return [...cycle.slice(start), ...cycle.slice(0, start)];
}
