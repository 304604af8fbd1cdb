// A Glue script's Data Catalog references checked against the catalog as the script is typed (no vscode here:
// tested under test/extension-plain; scriptChecks.ts turns them into findings). Each database and table a script
// names — glueContext.create_dynamic_frame.from_catalog(database=…, table_name=…), write_dynamic_frame.from_catalog,
// a getSink's setCatalogInfo(catalogDatabase=…, catalogTableName=…), spark.table("db.t") — that the catalog does
// not have is a warning on its string, listing the names the catalog has, closest first.
//
// Not flagged: a table a job of the project creates (a getSink with enableUpdateCatalog=True and setCatalogInfo
// creates its table: "You can also use the same options to create a new table in the Data Catalog. You can specify
// the database and new table name using setCatalogInfo", AWS Glue Developer Guide, update-from-job.md; for such a
// sink only its database must exist); and nothing at all when the catalog is not known (the caller passes none).
import type { CatalogTable } from '../core/model';
import type { JobPlan } from '../core/jobs/plan';
import { byEditDistance } from '../core/nearestNames';

/** The catalog as known: its databases, and its tables (lower-cased names are compared). */
export interface KnownCatalog {
  databases: string[];
  tables: Pick<CatalogTable, 'database' | 'name'>[];
}

/** A name a script uses, and where. */
export interface CatalogRef {
  /** `from_catalog` (a read), `write from_catalog`, `setCatalogInfo` (a sink that creates its table), `spark.table` */
  via: 'from_catalog' | 'write_dynamic_frame.from_catalog' | 'setCatalogInfo' | 'spark.table';
  database: string;
  table: string;
  /** 1-based line of the statement (the call; for a getSink, its assignment) */
  line: number;
}

export interface UnknownCatalogName {
  /** 1-based line and 0-based columns of the string that names it (the statement's first line when not found) */
  line: number;
  start?: number;
  end?: number;
  message: string;
}

/** The Data Catalog names of a plan, in script order. */
export function catalogRefs(plan: JobPlan): CatalogRef[] {
  const out: CatalogRef[] = [];
  for (const n of plan.nodes)
    if (n.kind === 'catalogSource') out.push({ via: n.declared ? 'spark.table' : 'from_catalog', database: n.database, table: n.table, line: n.line });
  for (const s of plan.sinks) {
    if (s.kind === 'catalog') out.push({ via: 'write_dynamic_frame.from_catalog', database: s.database, table: s.table, line: s.line });
    else if (s.kind === 's3' && s.catalog !== undefined) out.push({ via: 'setCatalogInfo', database: s.catalog.database, table: s.catalog.table, line: s.line });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** How many names a message lists at most. */
const LISTED = 10;

/** `names` closest to `name` first (edit distance, then alphabetical), at most {@link LISTED}. */
export function closestFirst(name: string, names: Iterable<string>): string {
  const all = byEditDistance(name, [...new Set(names)].sort());
  const shown = all.slice(0, LISTED).map((x) => x.name);
  return all.length > LISTED ? `${shown.join(', ')}, and ${all.length - LISTED} more` : shown.join(', ');
}

/** Python string literals of a line (not triple-quoted ones): their value (escapes kept) and columns. */
function stringLiterals(line: string): { value: string; start: number; end: number }[] {
  const out: { value: string; start: number; end: number }[] = [];
  const re = /(?<![\w"'])[rRuU]?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push({ value: m[1]!.slice(1, -1), start: m.index + m[0].length - m[1]!.length, end: m.index + m[0].length });
  return out;
}

/** Lines of a statement searched for the string that names a reference (a call written over several lines). */
const STATEMENT_LINES = 20;

/**
 * Where `rawText` names `wanted` (compared lower-cased, after `expand`: the manifest's `${variables}`) from `line`
 * on: the 1-based line and the string's columns (with its quotes).
 */
function findString(lines: string[], line: number, wanted: string, expand: (s: string) => string | undefined): { line: number; start: number; end: number } | undefined {
  for (let i = line - 1; i < Math.min(lines.length, line - 1 + STATEMENT_LINES); i++) {
    for (const lit of stringLiterals(lines[i]!)) if (expand(lit.value)?.replace(/`/g, '').toLowerCase() === wanted) return { line: i + 1, start: lit.start, end: lit.end };
  }
  return undefined;
}

/**
 * The references of `plan` the catalog does not have. `rawText`: the script as typed (positions); `expand`: a string
 * of it as the run reads it (undefined when it cannot be expanded); `created`: the `db.table` names (lower case) the
 * project's jobs create (setCatalogInfo sinks).
 */
export function unknownCatalogNames(rawText: string, plan: JobPlan, catalog: KnownCatalog, created: ReadonlySet<string>, expand: (s: string) => string | undefined): UnknownCatalogName[] {
  const lines = rawText.split(/\r?\n/);
  const databases = new Map(catalog.databases.map((d) => [d.toLowerCase(), d]));
  const tablesOf = new Map<string, string[]>();
  for (const t of catalog.tables) {
    const db = t.database.toLowerCase();
    tablesOf.set(db, [...(tablesOf.get(db) ?? []), t.name]);
  }
  const out: UnknownCatalogName[] = [];
  for (const ref of catalogRefs(plan)) {
    const db = ref.database.toLowerCase();
    const table = ref.table.toLowerCase();
    const at = (wanted: string): Omit<UnknownCatalogName, 'message'> => findString(lines, ref.line, wanted, expand) ?? { line: ref.line };
    if (!databases.has(db)) {
      // spark.table("db.t"): the string names both
      const where = ref.via === 'spark.table' ? at(`${db}.${table}`) : at(db);
      const has = catalog.databases.length > 0 ? `it has ${closestFirst(ref.database, catalog.databases)}` : 'it has none yet (Lakehouse: Create Tables from sql/ creates the project\'s)';
      out.push({ ...where, message: `${ref.via}: database ${ref.database} is not in the Data Catalog — ${has}` });
      continue;
    }
    // a setCatalogInfo sink creates its table; a table a job of the project creates is there once that job has run
    if (ref.via === 'setCatalogInfo' || created.has(`${db}.${table}`)) continue;
    const tables = tablesOf.get(db) ?? [];
    if (tables.some((t) => t.toLowerCase() === table)) continue;
    const where = ref.via === 'spark.table' ? at(`${db}.${table}`) : at(table);
    const has = tables.length > 0 ? `it has ${closestFirst(ref.table, tables)}` : 'it has no table yet (Lakehouse: Create Tables from sql/ creates the project\'s)';
    out.push({ ...where, message: `${ref.via}: table ${ref.table} is not in database ${databases.get(db)} of the Data Catalog — ${has}` });
  }
  return out;
}

/** The `db.table` names (lower case) the given plans create in the catalog: their setCatalogInfo sinks'. */
export function createdTables(plans: JobPlan[]): Set<string> {
  const out = new Set<string>();
  for (const p of plans) for (const s of p.sinks) if (s.kind === 's3' && s.catalog !== undefined) out.add(`${s.catalog.database}.${s.catalog.table}`.toLowerCase());
  return out;
}
