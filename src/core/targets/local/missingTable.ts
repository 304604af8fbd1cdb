/**
 * A job's catalog table that is not in the catalog, in words that help: the table of its database whose name is
 * nearest (at most two edits, or one for names of four characters or fewer), as the query engine suggests one.
 */
import { nearestName } from '../../nearestNames';
import type { Catalog } from '../../target';

/** ` (did you mean shop.orders_landing?)`, or '' when no table of the database is that near. */
export async function nearestTableText(catalog: Catalog, database: string, table: string): Promise<string> {
  const names = (await catalog.tables(database.toLowerCase()).catch(() => [])).map((t) => t.name);
  const near = nearestName(table, names.sort());
  return near !== undefined ? ` (did you mean ${database.toLowerCase()}.${near}?)` : '';
}
