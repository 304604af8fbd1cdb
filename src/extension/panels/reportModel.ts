/**
 * What the zone report panel shows, computed from the core: rows per table (zoneReport) grouped by dataset and
 * zone, and the pipeline as a graph of tables and jobs (what each job reads and writes, its last run). Plain
 * TypeScript (no `vscode`): tested with node:test on a real local target.
 */
import { pipelineGraph } from '../../core/actions/pipeline';
import { errorMessage } from '../../core/errors';
import { jobInputs, jobOutputs, type JobEndpoint } from '../../core/jobs/pipeline';
import { ZONES, type CatalogTable } from '../../core/model';
import type { Project } from '../../core/project/manifest';
import { zoneOfTable, zoneReport } from '../../core/report/zoneReport';
import type { Target } from '../../core/target';
import type { ReportEdge, ReportJob, ReportTable, ZoneReportModel } from '../../webview/protocol';

export async function buildZoneReport(project: Project, target: Target, options: { signal?: AbortSignal } = {}): Promise<ZoneReportModel> {
  const { manifest } = project;
  const counted = await zoneReport(project, target, options);
  const countOf = new Map(counted.tables.map((t) => [`${t.database}.${t.table}`, t]));

  const catalogTables: CatalogTable[] = (await target.catalog.database(manifest.database)) ? await target.catalog.tables(manifest.database) : [];
  const tables = new Map<string, ReportTable>();
  const tableOf = (t: CatalogTable): ReportTable => {
    const id = `${t.database}.${t.name}`;
    const z = zoneOfTable(project, t);
    const count = countOf.get(id);
    return {
      id,
      database: t.database,
      name: t.name,
      zone: z?.zone ?? null,
      dataset: z?.dataset ?? null,
      location: t.storage.location,
      rows: count?.rows ?? null,
      ...(count?.error !== undefined ? { error: count.error } : {}),
      ...(count?.hint !== undefined ? { hint: count.hint } : {}),
    };
  };
  // in the report's order (dataset, zone, name); views (not counted) after
  for (const r of counted.tables) {
    const t = catalogTables.find((c) => c.database === r.database && c.name === r.table);
    if (t) tables.set(`${t.database}.${t.name}`, tableOf(t));
  }
  for (const t of catalogTables) if (!tables.has(`${t.database}.${t.name}`)) tables.set(`${t.database}.${t.name}`, tableOf(t));

  const datasets = Object.keys(manifest.datasets).map((name) => ({
    name,
    zones: ZONES.filter((z) => manifest.datasets[name]?.[z] !== undefined).map((zone) => {
      const inZone = [...tables.values()].filter((t) => t.dataset === name && t.zone === zone);
      return { zone, tables: inZone, rows: inZone.reduce((n, t) => n + (t.rows ?? 0), 0) };
    }),
  }));
  const otherTables = [...tables.values()].filter((t) => t.dataset === null);

  const graph = await pipelineGraph(project, target);
  const jobs: ReportJob[] = [];
  const edges: ReportEdge[] = [];
  const paths = new Set<string>();
  const endpointId = (e: JobEndpoint): string => {
    if (e.table !== undefined) return `table:${e.table}`;
    paths.add(e.path ?? '?');
    return `path:${e.path ?? '?'}`;
  };
  const endpointRows = (e: JobEndpoint): number | undefined => (e.table !== undefined ? (tables.get(e.table)?.rows ?? undefined) : undefined);
  const byName = new Map(graph.jobs.map((j) => [j.name, j]));
  for (const name of graph.order) {
    const job = byName.get(name);
    if (!job) continue;
    const last = (await target.jobs.runs(name))[0];
    jobs.push({
      name,
      scriptPath: job.scriptPath,
      ...(last
        ? {
            state: last.state,
            startedOn: last.startedOn,
            ...(last.executionTime !== undefined ? { executionTime: last.executionTime } : {}),
            ...(last.rowsRead !== undefined ? { rowsRead: last.rowsRead } : {}),
            ...(last.rowsWritten !== undefined ? { rowsWritten: last.rowsWritten } : {}),
            ...(last.errorMessage !== undefined ? { error: last.errorMessage } : {}),
          }
        : {}),
    });
    for (const e of jobInputs(job.plan, catalogTables)) {
      const rows = endpointRows(e);
      edges.push({ from: endpointId(e), to: `job:${name}`, ...(rows !== undefined ? { rows } : {}) });
    }
    for (const e of jobOutputs(job.plan, catalogTables)) {
      const rows = endpointRows(e);
      edges.push({ from: `job:${name}`, to: endpointId(e), ...(rows !== undefined ? { rows } : {}) });
    }
  }
  // tables a job names that the database does not hold (yet): shown in the graph without a count
  for (const e of edges)
    for (const id of [e.from, e.to])
      if (id.startsWith('table:') && !tables.has(id.slice(6))) {
        const [database = '', name = ''] = id.slice(6).split('.');
        tables.set(id.slice(6), { id: id.slice(6), database, name, zone: null, dataset: null, location: '', rows: null });
        otherTables.push(tables.get(id.slice(6))!);
      }

  return {
    project: manifest.name,
    database: manifest.database,
    target: target.label,
    generatedAt: new Date().toISOString(),
    datasets,
    otherTables,
    jobs,
    paths: [...paths],
    edges,
    unreadable: graph.unreadable.map((u) => ({ name: u.name, scriptPath: u.scriptPath, error: errorMessage(u.error) })),
  };
}
