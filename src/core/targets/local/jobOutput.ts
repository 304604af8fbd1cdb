/**
 * How a job run's output reaches the lake: what the job runner (jobRunner.ts) does around its sinks.
 *
 * - Before anything is read: a purge of a path the job reads, coming before a sink, is refused (Glue reads a source
 *   lazily, when a sink writes it — after the purge); the sources' locations are leased (dataLocks.ts) so no commit
 *   changes them while the job lists and reads their files.
 * - As the sinks are staged, in the script's order, the commit's steps are collected: each purge takes its time
 *   where the script calls it (Glue deletes the files older than `retentionPeriod` hours at that moment), each
 *   sink's staged files follow.
 * - When the run fails where Glue fails too (a sink's query, a save mode "error" over an existing path, an assertion
 *   after a sink), the steps before the failure are committed — on Glue they have run by then: the sinks' objects
 *   stay written, each sink whole — and the run fails with the error (`commitBefore`, and the commit's `partial`).
 *   A refusal (the local engine cannot run something) or a stop commits nothing: Glue would not have stopped there.
 * - Then one commit (outputCommit.ts) does it all, with the catalog changes that go with the sinks: a sink with
 *   `enableUpdateCatalog` creates or updates its table (format, columns and location follow the data; the table's
 *   own properties and comments stay; the partitions written are added to those the table has, as Glue adds new
 *   partitions), a `from_catalog` sink to a partitioned table adds the partitions it wrote.
 */
import { LakehouseError } from '../../errors';
import { purgeIndex } from '../../jobs/outputChecks';
import { logInputs, type JobPlan, type PlanPurge } from '../../jobs/plan';
import { normalizeS3Path } from '../../jobs/pipeline';
import type { CatalogColumn, CatalogTable } from '../../model';
import type { Catalog } from '../../target';
import type { TableChange } from './catalog';
import { locationsOverlap, type DataLease } from './dataLocks';
import type { LocalQueryEngine } from './engine';
import { tableLocations } from './tableViews';
import { newTable } from './tableWrites';
import type { CommitStep } from './outputCommit';
import { registerStagedKeys, stagedFiles, stagedPartitions, type StagedWrite, type WriterContext } from './writer';

/**
 * Refuses a purge of a path an S3 source of the job reads when a sink comes after the purge: on Glue that source is
 * read when the sink writes, after the purge deleted its files, and the local S3 source reads them all. (A catalog
 * source leaves out the files such a purge deletes, as Glue's lazy read does: jobRunner.ts.)
 */
export function refuseLazyReadPurges(plan: JobPlan, fail: (line: number, message: string, code: 'ScriptUnsupported') => LakehouseError): void {
  const readAt = firstReadLine(plan);
  const beforeReads = (x: PlanPurge) => (plan.sinks.length > 0 ? purgeIndex(plan, x) < plan.sinks.length : x.line < readAt);
  for (const p of plan.purges.filter(beforeReads))
    for (const node of plan.nodes) {
      const reads = node.kind === 's3Source' ? node.paths.map(normalizeS3Path) : [];
      const hit = reads.find((l) => locationsOverlap(l, p.path));
      if (hit !== undefined)
        throw fail(
          p.line,
          `purge_s3_path("${p.path}") deletes what source ${node.name ?? node.id} (line ${node.line}) reads at ${hit}: Glue reads a source when a sink writes it, after the purge, so the job would read what is left — purge another path, or read from a copy`,
          'ScriptUnsupported',
        );
    }
}

/**
 * The line where Glue first reads the sources (Spark is lazy): the first sink; in a job without a sink, the first
 * statement that reads a frame's records — a print of a count or a show, a data-quality evaluation, an assertion —
 * or none (Infinity).
 */
export function firstReadLine(plan: JobPlan): number {
  if (plan.sinks.length > 0) return Math.min(...plan.sinks.map((s) => s.line));
  return Math.min(...plan.logs.filter((l) => logInputs(l).length > 0).map((l) => l.line), ...plan.dataQuality.map((d) => d.line), ...plan.assertions.map((a) => a.line));
}

/**
 * A shared lease on every location the job reads (its catalog sources' tables and partitions, its S3 sources'
 * paths), taken before their files are listed; the catalog sources are read again under it (a commit may have
 * changed them while the lease waited) — should a table have moved, the lease is taken again.
 */
export async function leaseSources(
  plan: JobPlan,
  ctx: { engine: LocalQueryEngine; catalog: Catalog; signal?: AbortSignal },
  sourceTables: Map<string, CatalogTable>,
  what: string,
): Promise<DataLease> {
  const s3Paths = plan.nodes.flatMap((n) => (n.kind === 's3Source' ? n.paths.map(normalizeS3Path) : []));
  for (let attempt = 0; ; attempt++) {
    const locations = [...s3Paths, ...[...sourceTables.values()].flatMap(tableLocations)];
    const lease = await ctx.engine.readLease(locations, { what, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    let moved = false;
    try {
      for (const [id, t] of sourceTables) {
        const now = await ctx.catalog.table(t.database, t.name);
        if (!now) throw new LakehouseError('EntityNotFound', `${plan.file}: table ${t.database}.${t.name} was dropped from the catalog as the job started`, { file: plan.file });
        sourceTables.set(id, now);
        if (tableLocations(now).some((l) => !lease.covers(l))) moved = true;
      }
    } catch (e) {
      await lease.release();
      throw e;
    }
    if (!moved || attempt >= 8) return lease;
    await lease.release();
  }
}

/** What the commit of a run did, per sink and per purge. */
export interface CommittedOutput {
  sinks: { location: string; table?: string; rows: number; files: number }[];
  purges: { location: string; line: number; objects: number }[];
}

/** The steps of a run's commit, collected in the script's order as its sinks are staged. */
export class JobOutput {
  private readonly steps: CommitStep[] = [];
  /** the script line of each step */
  private readonly lines: number[] = [];
  private readonly staged: StagedWrite[] = [];
  /** the index in `steps` of each sink's write */
  private readonly sinkSteps: number[] = [];

  constructor(private readonly plan: JobPlan) {}

  private purge(p: PlanPurge): void {
    // "Files newer than the retention period are retained": those last modified before now minus the period go
    this.steps.push({ kind: 'purge', location: p.path, before: Date.now() - p.retentionHours * 3_600_000, excludeStorageClasses: p.excludeStorageClasses ?? [], ...(p.dynamicPartitions !== undefined ? { partitionsOfNextWrite: p.dynamicPartitions } : {}) });
    this.lines.push(p.line);
  }

  /** Before sink `j` is staged: the purges the script calls before it (and after the sink before it). */
  beforeSink(j: number): void {
    for (const p of this.plan.purges) if (purgeIndex(this.plan, p) === j) this.purge(p);
  }

  /** Sink `j` is staged; `ifExists`: its save mode "error" or "ignore" (df.write), decided by the commit. */
  sinkStaged(j: number, staged: StagedWrite, ifExists?: { mode: 'error' | 'ignore'; message: string }): void {
    this.sinkSteps[j] = this.steps.length;
    this.steps.push({ kind: 'write', output: stagedFiles(staged), ...(ifExists ? { ifExists } : {}) });
    this.lines.push(this.plan.sinks[j]!.line);
    this.staged.push(staged);
  }

  /** A failure at script line `line` before sink `j` is staged: the purges before sink `j` that come before the line. */
  failedBeforeSink(j: number, line: number): void {
    for (const p of this.plan.purges) if (purgeIndex(this.plan, p) === j && p.line < line) this.purge(p);
  }

  /** Whether anything was collected to commit. */
  get empty(): boolean {
    return this.steps.length === 0;
  }

  /** Every sink is staged: the purges after the last one. */
  afterSinks(): void {
    for (const p of this.plan.purges) if (purgeIndex(this.plan, p) >= this.plan.sinks.length) this.purge(p);
  }

  /** Commits it all (outputCommit.ts), logging what was written, purged and changed in the catalog. */
  async commit(
    engine: LocalQueryEngine,
    catalog: Catalog,
    sinkTables: (CatalogTable | undefined)[],
    options: { what: string; signal?: AbortSignal; log(line: string): void; writer: Pick<WriterContext, 'keyCache' | 'localPath'> },
  ): Promise<CommittedOutput> {
    // (the files' key spellings, under the paths the commit gives them: no read has to learn them)
    for (const s of this.staged) await registerStagedKeys(options.writer, s);
    const changes: TableChange[] = [];
    const committed = await engine.commit({
      what: options.what,
      steps: this.steps,
      ...(options.signal ? { signal: options.signal } : {}),
      // (a job's steps are writes and purges: `done` counts them; the sinks committed are those before it)
      catalogChanges: async (done) => {
        changes.push(...(await catalogChanges(this.plan, this.staged.filter((_, j) => this.sinkSteps[j]! < done), sinkTables, catalog)));
        return changes;
      },
      partial: true,
    });
    const out: CommittedOutput = { sinks: [], purges: [] };
    const done = committed.steps.length;
    this.plan.sinks.forEach((sink, j) => {
      const w = this.staged[j];
      if (w === undefined || this.sinkSteps[j]! >= done) return;
      if (committed.steps[this.sinkSteps[j]!]?.skipped) {
        // mode("ignore") over a path that exists: Spark writes nothing
        out.sinks.push({ location: w.target.location, rows: 0, files: 0 });
        options.log(`sink (line ${sink.line}): ${w.target.location} already exists: mode "ignore" wrote nothing`);
        return;
      }
      const t = sink.kind === 's3' && sink.catalog ? `${sink.catalog.database}.${sink.catalog.table}`.toLowerCase() : sinkTables[j] ? `${sinkTables[j]!.database}.${sinkTables[j]!.name}` : undefined;
      out.sinks.push({ location: w.target.location, ...(t ? { table: t } : {}), rows: w.rows, files: w.files.length });
      options.log(`wrote ${w.rows} row(s) in ${w.files.length} file(s) to ${w.target.location}${t ? ` (${t})` : ''}`);
    });
    for (const c of changes) {
      const name = `${c.after.database}.${c.after.name}`;
      if (committed.tables.includes(name)) options.log(`catalog: ${c.before ? 'updated' : 'created'} ${name} (${c.after.storage.columns.length} columns) at ${c.after.storage.location}`);
    }
    committed.steps.forEach((x, i) => {
      if (x.kind !== 'purge') return;
      const line = this.lines[i]!;
      out.purges.push({ location: x.location, line, objects: x.files });
      const p = this.plan.purges.find((q) => q.line === line);
      options.log(`purge (line ${line}): deleted ${x.files} object(s) under ${x.location}${p && p.retentionHours !== 0 ? ` last modified more than ${p.retentionHours} hour(s) before` : ''}`);
    });
    if (committed.failed) {
      // (the failing step is the one after those committed: its script line)
      const f = committed.failed;
      throw new LakehouseError(f.code, f.message, { ...f.detail, file: this.plan.file, line: this.lines[committed.steps.length]! });
    }
    return out;
  }
}

/** The catalog changes of a run's commit, decided under its lock (see the module's comment). */
async function catalogChanges(plan: JobPlan, staged: StagedWrite[], sinkTables: (CatalogTable | undefined)[], catalog: Catalog): Promise<TableChange[]> {
  const changes = new Map<string, TableChange>();
  // two sinks of one table: the second changes what the first made
  const current = async (db: string, name: string): Promise<CatalogTable | undefined> => changes.get(`${db}.${name}`)?.after ?? (await catalog.table(db, name));
  const withPartitions = (t: CatalogTable, s: StagedWrite): CatalogTable => {
    if (t.partitionKeys.length === 0) return t;
    const known = new Set((t.partitions ?? []).map((p) => p.values.join('\u0000')));
    const added = stagedPartitions(s).filter((p) => !known.has(p.values.join('\u0000')));
    return added.length === 0 ? t : { ...t, partitions: [...(t.partitions ?? []), ...added] };
  };
  for (const [j, s] of staged.entries()) {
    const sink = plan.sinks[j]!;
    let key: string;
    let next: CatalogTable;
    let before: CatalogTable | undefined;
    if (sink.kind === 's3' && sink.catalog) {
      const db = sink.catalog.database.toLowerCase();
      const name = sink.catalog.table.toLowerCase();
      key = `${db}.${name}`;
      const existing = await current(db, name);
      before = changes.has(key) ? changes.get(key)!.before : existing;
      const fresh = newTable(db, name, s.target.format, s.target.location, s.columns, s.partitionKeys, { header: s.target.header === true });
      // an update keeps the table's own properties and comments; format, columns and location follow the data
      const parameters = existing ? { ...existing.parameters, ...fresh.parameters } : fresh.parameters;
      if (fresh.parameters['skip.header.line.count'] === undefined) delete parameters['skip.header.line.count'];
      const table: CatalogTable = existing
        ? {
            ...existing,
            storage: { ...fresh.storage, columns: mergeColumns(existing.storage.columns, s.columns) },
            partitionKeys: s.partitionKeys,
            parameters,
          }
        : fresh;
      if (s.partitionKeys.length === 0) delete table.partitions;
      next = withPartitions(table, s);
    } else if (sinkTables[j] && sinkTables[j]!.partitionKeys.length > 0) {
      const t = sinkTables[j]!;
      key = `${t.database}.${t.name}`;
      const existing = await current(t.database, t.name);
      if (!existing) continue;
      before = changes.has(key) ? changes.get(key)!.before : existing;
      next = withPartitions(existing, s);
    } else continue;
    changes.set(key, { ...(before ? { before } : {}), after: next });
  }
  return [...changes.values()];
}

/** Columns after a sink updates a table: the data's columns, keeping the existing comments. */
function mergeColumns(existing: CatalogColumn[], written: CatalogColumn[]): CatalogColumn[] {
  return written.map((w) => {
    const old = existing.find((e) => e.name === w.name);
    return old?.comment !== undefined ? { ...w, comment: old.comment } : w;
  });
}
