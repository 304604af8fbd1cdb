/**
 * How much a query would make Athena scan, estimated before it runs, from the sizes of the files under the
 * LOCATION of every table it reads. Athena bills by the bytes it scans ($5 per TB, at least 10 MB a query); for
 * text formats (JSON, CSV) it reads whole files, so the files' total is what a query without partition pruning
 * costs — an upper bound for columnar formats (Parquet, ORC) and for queries a partition filter prunes.
 *
 * The tables a query reads are found by DuckDB's own parser (`json_serialize_sql`: it reads the SELECTs of Trino's
 * SQL that name tables alike); a table that is a Glue view counts the tables of its SQL. A query that cannot be read that way has no
 * estimate (`tables` empty, `unread` says why): nothing is refused on a guess.
 */
import { errorMessage } from '../../errors';
import type { CatalogTable } from '../../model';
import type { Catalog, ObjectStore } from '../../target';
import { literal, loadDuckDb } from '../local/duck';
import { athenaCostUsd } from './athena';

export interface TableScan {
  /** `database.table` */
  table: string;
  location: string;
  bytes: number;
  objects: number;
  /** the listing stopped at the object limit: there is more */
  partial: boolean;
}

export interface ScanEstimate {
  bytes: number;
  /** Athena's price for that many bytes */
  costUsd: number;
  tables: TableScan[];
  /** the bytes are a lower bound (a listing stopped early) */
  atLeast: boolean;
  /** why there is no estimate (the query could not be read, a table is unknown) */
  unread?: string;
  /** the query itself (not a view's SQL) is not one DuckDB's parser reads: Athena's own answer to it says more */
  unparsed?: boolean;
}

/** Objects listed per table at most (a table of more files gets an estimate "at least …"). */
const MAX_OBJECTS = 100_000;
const MAX_VIEW_DEPTH = 8;

type Name = { database?: string; name: string };

/** The tables a query names (not its CTEs), read by DuckDB's parser. */
export async function queryTables(sql: string): Promise<Name[]> {
  const { DuckDBInstance } = await loadDuckDb();
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const conn = await instance.connect();
  try {
    // (parsing only: nothing runs; a query DuckDB's parser does not take has no estimate)
    const reader = await conn.runAndReadAll(`SELECT json_serialize_sql(${literal(sql)})`);
    const parsed = JSON.parse(String((reader.getRowsJson() as unknown[][])[0]?.[0] ?? '{}')) as { error?: boolean; error_message?: string };
    if (parsed.error) throw new Error(parsed.error_message ?? 'the query could not be parsed');
    return tablesIn(parsed);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function tablesIn(parsed: unknown): Name[] {
  const refs: Name[] = [];
  const ctes = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o['type'] === 'BASE_TABLE' && typeof o['table_name'] === 'string') {
      const schema = typeof o['schema_name'] === 'string' && o['schema_name'] !== '' ? o['schema_name'].toLowerCase() : undefined;
      refs.push({ ...(schema !== undefined ? { database: schema } : {}), name: o['table_name'].toLowerCase() });
    }
    const cteMap = o['cte_map'] as { map?: { key?: unknown }[] } | undefined;
    for (const e of cteMap?.map ?? []) if (typeof e.key === 'string') ctes.add(e.key.toLowerCase());
    for (const v of Object.values(o)) walk(v);
  };
  walk(parsed);
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.database ?? ''}.${r.name}`;
    if ((r.database === undefined && ctes.has(r.name)) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function parseS3(uri: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) return undefined;
  const prefix = m[2]!;
  return { bucket: m[1]!, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}

async function locationBytes(storage: ObjectStore, location: string, signal?: AbortSignal): Promise<{ bytes: number; objects: number; partial: boolean }> {
  const loc = parseS3(location);
  if (!loc) return { bytes: 0, objects: 0, partial: false };
  let bytes = 0;
  let objects = 0;
  let token: string | undefined;
  do {
    if (signal?.aborted) throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    const page = await storage.list(loc.bucket, { prefix: loc.prefix, ...(token ? { pageToken: token } : {}) });
    for (const o of page.objects) {
      bytes += o.size;
      objects++;
    }
    token = page.nextPageToken;
    if (objects >= MAX_OBJECTS && token) return { bytes, objects, partial: true };
  } while (token);
  return { bytes, objects, partial: false };
}

/** The estimate for `sql` run with `database` as the default. */
export async function estimateScan(
  sql: string,
  database: string | undefined,
  target: { catalog: Catalog; storage: ObjectStore },
  options: { signal?: AbortSignal } = {},
): Promise<ScanEstimate> {
  const scans = new Map<string, TableScan>();
  let unparsed = false;
  const visit = async (text: string, db: string | undefined, depth: number): Promise<string | undefined> => {
    let names: Name[];
    try {
      names = await queryTables(text);
    } catch (e) {
      if (depth === 0) unparsed = true;
      return `the query could not be read to estimate its scan (${errorMessage(e)})`;
    }
    for (const n of names) {
      const dbName = n.database ?? db;
      if (dbName === undefined) return `table ${n.name} has no database`;
      const key = `${dbName}.${n.name}`;
      if (scans.has(key)) continue;
      let table: CatalogTable | undefined;
      try {
        table = await target.catalog.table(dbName, n.name);
      } catch (e) {
        return `table ${key} could not be read from the catalog (${errorMessage(e)})`;
      }
      if (!table) return `table ${key} is not in the catalog`;
      if (table.tableType === 'VIRTUAL_VIEW') {
        if (depth >= MAX_VIEW_DEPTH || table.viewText === undefined) return `view ${key} could not be followed`;
        const why = await visit(table.viewText, table.database, depth + 1);
        if (why) return why;
        continue;
      }
      const size = await locationBytes(target.storage, table.storage.location, options.signal);
      scans.set(key, { table: key, location: table.storage.location, ...size });
    }
    return undefined;
  };
  const unread = await visit(sql, database, 0);
  const tables = [...scans.values()];
  const bytes = tables.reduce((a, t) => a + t.bytes, 0);
  return { bytes, costUsd: athenaCostUsd(bytes), tables, atLeast: tables.some((t) => t.partial), ...(unread ? { unread } : {}), ...(unparsed ? { unparsed } : {}) };
}

/** `12.4 GB in 3 tables (~$0.0620)` */
export function describeEstimate(e: ScanEstimate): string {
  const gb = e.bytes / 1e9;
  const size = gb >= 1 ? `${gb.toFixed(1)} GB` : `${(e.bytes / 1e6).toFixed(1)} MB`;
  return `${e.atLeast ? 'at least ' : 'up to '}${size} in ${e.tables.length} table${e.tables.length === 1 ? '' : 's'} (${e.tables.map((t) => t.table).join(', ')}), ~$${e.costUsd.toFixed(4)} at Athena's $5 per TB`;
}

/** Whether to ask before running: an estimate over the threshold (bytes). No estimate: not asked. */
export function needsConfirmation(e: ScanEstimate, thresholdBytes: number): boolean {
  return e.unread === undefined && e.bytes > thresholdBytes;
}
