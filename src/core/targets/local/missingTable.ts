/**
 * A job's catalog table that is not in the catalog, in words that help: the table of its database whose name is
 * nearest (at most two edits, or one for names of four characters or fewer), as the query engine suggests one.
 */
import { levenshteinCodePoints } from '../../sql/trino/functions/levenshtein';
import type { Catalog } from '../../target';

/** ` (did you mean shop.orders_landing?)`, or '' when no table of the database is that near. */
export async function nearestTableText(catalog: Catalog, database: string, table: string): Promise<string> {
  const names = (await catalog.tables(database.toLowerCase()).catch(() => [])).map((t) => t.name);
  const wanted = table.toLowerCase();
  const limit = wanted.length <= 4 ? 1 : 2;
  const near = names
    .map((name) => ({ name, d: levenshteinCodePoints(wanted, name.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : 1))[0];
  return near ? ` (did you mean ${database.toLowerCase()}.${near.name}?)` : '';
}
