/**
 * The SQL functions a project's queries can call on both targets, with their Trino signatures (Athena's engine):
 * what the SQL editor offers as you type. They are exactly the functions the local engine translates — the rows of
 * the Trino translator's function tables (src/core/sql/trino/functions/catalog.ts makes the list).
 *
 * Those tables' modules import the Trino grammar, which the extension loads only when a query is first translated.
 * So the list is made when the bundles are built: scripts/build.mjs runs `functionCatalog()` and puts its answer in
 * place of the module imported below (the bundle holds the list as data); run from source (tests, tsx), the module
 * makes it from the tables.
 */

export interface SqlFunctionInfo {
  name: string;
  /** one line per form, Trino's, e.g. `lpad(varchar, bigint, varchar) → varchar` */
  signatures: string[];
  kind: 'scalar' | 'aggregate' | 'window';
  /** the function table it comes from (strings, math, dates, …) */
  family: string;
  /** its entry in the Trino documentation */
  docs: string;
}

let catalog: Promise<readonly SqlFunctionInfo[]> | undefined;

/** The functions the SQL editor offers, sorted by name. */
export function engineFunctions(): Promise<readonly SqlFunctionInfo[]> {
  catalog ??= import('./trino/functions/catalog').then((m) => m.functionCatalog());
  return catalog;
}
