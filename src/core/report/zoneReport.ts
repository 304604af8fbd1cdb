/**
 * The zone report: rows per catalog table, with the dataset and zone its location falls in — the check users
 * otherwise make by hand with one `SELECT COUNT(*)` per table in the Athena console.
 */
import { LakehouseError } from '../errors';
import { ZONES, type CatalogTable, type Zone } from '../model';
import { zoneOfKey, type Project } from '../project/manifest';
import type { Target } from '../target';

export interface ZoneReportRow {
  database: string;
  table: string;
  zone: Zone | null;
  location: string;
  rows: number;
}

export interface ZoneReport {
  tables: ZoneReportRow[];
}

/** dataset and zone of a table, by its location inside the project bucket */
export function zoneOfTable(project: Project, table: CatalogTable): { dataset: string; zone: Zone } | undefined {
  const m = /^s3[an]?:\/\/([^/]+)\/(.*)$/.exec(table.storage.location);
  if (!m || m[1] !== project.manifest.bucket) return undefined;
  const key = m[2]!.endsWith('/') ? m[2]! : `${m[2]}/`;
  return zoneOfKey(project.manifest, key);
}

export async function zoneReport(project: Project, target: Target, options: { signal?: AbortSignal } = {}): Promise<ZoneReport> {
  const db = project.manifest.database;
  if (!(await target.catalog.database(db))) return { tables: [] };
  const tables = (await target.catalog.tables(db)).filter((t) => t.tableType !== 'VIRTUAL_VIEW');
  const datasets = Object.keys(project.manifest.datasets);
  const rank = (t: CatalogTable) => {
    const z = zoneOfTable(project, t);
    return z ? datasets.indexOf(z.dataset) * 10 + ZONES.indexOf(z.zone) : 10_000;
  };
  tables.sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : 1));
  const rows: ZoneReportRow[] = [];
  for (const t of tables) {
    const started = await target.queries.start(`SELECT count(*) AS n FROM "${t.database}"."${t.name}"`, { database: db });
    const exec = await target.queries.wait(started.id, options);
    if (exec.state !== 'SUCCEEDED')
      throw new LakehouseError('SqlError', `counting ${t.database}.${t.name} failed: ${exec.error?.message ?? exec.state}`, { object: `${t.database}.${t.name}` });
    const page = await target.queries.page(exec.id, { maxRows: 1 });
    rows.push({ database: t.database, table: t.name, zone: zoneOfTable(project, t)?.zone ?? null, location: t.storage.location, rows: Number(page.rows[0]?.[0] ?? 0) });
  }
  return { tables: rows };
}
