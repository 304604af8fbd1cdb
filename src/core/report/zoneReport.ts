/**
 * The zone report: rows per catalog table, with the dataset and zone its location falls in — the check users
 * otherwise make by hand with one `SELECT COUNT(*)` per table in the Athena console.
 */
import { LakehouseError } from '../errors';
import { ddlTableName, dmlTableName } from '../glueNames';
import { ZONES, type CatalogTable, type CellValue, type QueryExecution, type Zone } from '../model';
import { nestedZonePrefixes, zoneOfKey, type Project } from '../project/manifest';
import type { Target } from '../target';
import { levenshteinCodePoints } from '../sql/trino/functions/levenshtein';
import { parseS3Uri } from '../targets/local/objectKeys';

export interface ZoneReportRow {
  database: string;
  table: string;
  zone: Zone | null;
  location: string;
  /** null when the table could not be counted: `error` says why */
  rows: number | null;
  /** why counting the table failed (a malformed line of an object, a file that cannot be read, …) */
  error?: string;
  /**
   * zones nested inside the table's location (`accelerometer.trusted`): their objects are theirs, but the table reads
   * them too — Athena reads every object under a table's LOCATION, subfolders included, and so does the local engine
   */
  readsNested?: string[];
  /**
   * why a table counts 0 rows while its location holds objects: a partitioned table (not partition-projected) with no
   * partition registered in the catalog — Athena reads only the registered partitions, so the count is Athena's; the
   * hint says how to register them
   */
  hint?: string;
}

export interface ZoneReport {
  tables: ZoneReportRow[];
}

/** the key prefix (ending in `/`) of a table's location inside the project bucket, if it is there */
function locationKey(project: Project, table: CatalogTable): string | undefined {
  const m = /^s3[an]?:\/\/([^/]+)\/(.*)$/.exec(table.storage.location);
  if (!m || m[1] !== project.manifest.bucket) return undefined;
  return m[2]!.endsWith('/') ? m[2]! : `${m[2]}/`;
}

/** dataset and zone of a table: the deepest zone whose prefix holds its location inside the project bucket */
export function zoneOfTable(project: Project, table: CatalogTable): { dataset: string; zone: Zone } | undefined {
  const key = locationKey(project, table);
  return key === undefined ? undefined : zoneOfKey(project.manifest, key);
}

/** the zones nested inside a table's location, as `dataset.zone` (the table reads their objects too) */
export function nestedZonesReadBy(project: Project, table: CatalogTable): string[] {
  const key = locationKey(project, table);
  return key === undefined ? [] : nestedZonePrefixes(project.manifest, key).map((z) => `${z.dataset}.${z.zone}`);
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
  if (tables.length === 0) return { tables: [] };
  // one query for every count (one Athena execution instead of one per table); on failure, count table by table, so
  // that one table that cannot be read (a malformed line) does not hide the others, and shows its own error
  const counts = new Map<string, { rows: number } | { error: string }>();
  const union = tables.map((t, i) => `SELECT ${i} AS i, count(*) AS n FROM ${dmlTableName(t)}`).join('\nUNION ALL\n');
  const all = await runToEnd(target, union, db, options.signal);
  if (all.exec.state === 'SUCCEEDED') for (const [i, n] of all.rows) counts.set(`${tables[Number(i)]!.database}.${tables[Number(i)]!.name}`, { rows: Number(n) });
  else
    for (const t of tables) {
      const one = await runToEnd(target, `SELECT count(*) AS n FROM ${dmlTableName(t)}`, db, options.signal);
      counts.set(`${t.database}.${t.name}`, one.exec.state === 'SUCCEEDED' ? { rows: Number(one.rows[0]?.[0] ?? 0) } : { error: one.exec.error?.message ?? one.exec.state });
    }
  const hints = new Map<string, string>();
  for (const t of tables) {
    const count = counts.get(`${t.database}.${t.name}`);
    if (count && 'rows' in count && count.rows === 0) {
      const hint = (await unregisteredPartitionsHint(target, t)) ?? outsideZonesHint(project, t);
      if (hint) hints.set(`${t.database}.${t.name}`, hint);
    }
  }
  return {
    tables: tables.map((t) => {
      const count = counts.get(`${t.database}.${t.name}`) ?? { rows: 0 };
      const nested = nestedZonesReadBy(project, t);
      const hint = hints.get(`${t.database}.${t.name}`);
      return {
        database: t.database,
        table: t.name,
        zone: zoneOfTable(project, t)?.zone ?? null,
        location: t.storage.location,
        ...('rows' in count ? { rows: count.rows } : { rows: null, error: count.error }),
        ...(nested.length > 0 ? { readsNested: nested } : {}),
        ...(hint !== undefined ? { hint } : {}),
      };
    }),
  };
}

/**
 * A partitioned table counting 0 rows: when objects are under its LOCATION (one listing of at most one key) and it is
 * not partition-projected, its partitions are not registered in the catalog. Athena reads only the partitions the
 * catalog holds ("To load new Hive partitions into a partitioned table, you can use the MSCK REPAIR TABLE command,
 * which works only with Hive-style partitions… For such non-Hive style partitions, you use ALTER TABLE ADD PARTITION",
 * Athena user guide, partitions.md; msck-repair-table.md); a table with `projection.enabled` = `true` needs no
 * registered partition (partition-projection-setting-up.md).
 */
export async function unregisteredPartitionsHint(target: Target, table: CatalogTable): Promise<string | undefined> {
  if (table.partitionKeys.length === 0) return undefined;
  if ((table.parameters['projection.enabled'] ?? '').trim().toLowerCase() === 'true') return undefined;
  let where: { bucket: string; prefix: string };
  try {
    where = parseS3Uri(table.storage.location);
  } catch {
    return undefined;
  }
  const prefix = where.prefix === '' || where.prefix.endsWith('/') ? where.prefix : `${where.prefix}/`;
  // a location that cannot be listed (a bucket that is not there, no permission) gives no hint: the count stands
  const page = await target.storage.list(where.bucket, { prefix, maxKeys: 1 }).catch(() => undefined);
  if (!page || page.objects.length === 0) return undefined;
  // as the user would type it in Athena's DDL: backticks only where the name needs them (a hyphenated database)
  const ddl = /^[a-z0-9_]+$/.test(table.database) && /^[a-z0-9_]+$/.test(table.name) ? `${table.database}.${table.name}` : ddlTableName(table);
  return (
    `${table.database}.${table.name} counts 0 rows but objects are under its location: it is partitioned by ${table.partitionKeys.map((k) => k.name).join(', ')} and no partition of it is registered in the catalog (Athena reads only registered partitions); ` +
    `MSCK REPAIR TABLE ${ddl} registers them (Hive-style key=value folders), or ALTER TABLE ${ddl} ADD PARTITION (${table.partitionKeys.map((k) => `${k.name}='...'`).join(', ')}) LOCATION '...'`
  );
}

/**
 * A table counting 0 rows whose LOCATION is in the project's bucket but in no zone of lakehouse.json: most often a
 * misspelt LOCATION (`itemz/landing/` for `items/landing/`), which Athena takes as it is (an empty table). Names the
 * zone prefix nearest the location (at most 3 edits), or the zones there are.
 */
export function outsideZonesHint(project: Project, table: CatalogTable): string | undefined {
  const key = locationKey(project, table);
  if (key === undefined || zoneOfTable(project, table) !== undefined) return undefined;
  const zones = Object.entries(project.manifest.datasets).flatMap(([d, zs]) => ZONES.filter((z) => zs[z] !== undefined).map((z) => ({ name: `${d}.${z}`, prefix: zs[z]! })));
  if (zones.length === 0) return undefined;
  const near = zones.map((z) => ({ ...z, d: levenshteinCodePoints(key, z.prefix) })).sort((a, b) => a.d - b.d)[0]!;
  const bucket = project.manifest.bucket;
  const advice =
    near.d <= 3
      ? `did you mean LOCATION 's3://${bucket}/${near.prefix}' (${near.name})?`
      : `the zones: ${zones.map((z) => `${z.name} s3://${bucket}/${z.prefix}`).join(', ')}`;
  return `${table.database}.${table.name} counts 0 rows and its location ${table.storage.location} is in no zone of lakehouse.json: ${advice}`;
}

/** The tables of a report that could not be counted, as an error naming them (undefined when every table was). */
export function reportFailure(report: ZoneReport): LakehouseError | undefined {
  const failed = report.tables.filter((t) => t.error !== undefined);
  if (failed.length === 0) return undefined;
  return new LakehouseError('DataError', `${failed.length} table(s) could not be counted: ${failed.map((t) => `${t.database}.${t.table}`).join(', ')}`, {
    object: `${failed[0]!.database}.${failed[0]!.table}`,
  });
}

async function runToEnd(target: Target, sql: string, database: string, signal?: AbortSignal): Promise<{ exec: QueryExecution; rows: CellValue[][] }> {
  const started = await target.queries.start(sql, { database });
  const exec = await target.queries.wait(started.id, signal ? { signal } : {});
  if (exec.state === 'CANCELLED' || signal?.aborted) throw new LakehouseError('Cancelled', 'the zone report was cancelled');
  if (exec.state !== 'SUCCEEDED') return { exec, rows: [] };
  const rows: CellValue[][] = [];
  let token: string | undefined;
  do {
    const page = await target.queries.page(exec.id, { maxRows: 1000, ...(token ? { pageToken: token } : {}) });
    rows.push(...page.rows);
    token = page.nextPageToken;
  } while (token);
  return { exec, rows };
}
