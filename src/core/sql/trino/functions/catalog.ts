/**
 * The functions the SQL editor offers: one entry per row of the function tables (exactly the functions the local
 * engine translates), with the row's Trino signatures, plus the special forms that look like calls (call.ts: `if`,
 * `try`). Each links to its page of the Trino documentation (trinodb/trino docs/src/main/sphinx/functions/*.md).
 *
 * The tables' modules import the Trino grammar (a 0.8 MB bundle that takes a few hundred ms to load): the extension
 * does not load them to offer functions — scripts/build.mjs runs {@link functionCatalog} when it builds the bundles
 * and puts its answer in their place (see `engineFunctions()` in ../../functions.ts).
 */
import type { SqlFunctionInfo } from '../../functions';
import { FAMILIES } from './index';

const DOCS = 'https://trino.io/docs/current/functions/';

/** a family's page of the Trino documentation */
const FAMILY_PAGE: Record<string, string> = {
  strings: 'string',
  math: 'math',
  dates: 'datetime',
  json: 'json',
  arrays: 'array',
  maps: 'map',
  regexp: 'regexp',
  aggregates: 'aggregate',
  conditional: 'conditional',
  url: 'url',
  bitwise: 'bitwise',
  binary: 'binary',
};

/** functions documented on another page than their family's, or under another anchor than their name */
const DOCUMENTED_AT: Record<string, string> = {
  format: 'conversion.html#format',
  format_number: 'conversion.html#format_number',
  parse_data_size: 'conversion.html#parse_data_size',
  typeof: 'conversion.html#typeof',
  greatest: 'comparison.html#greatest',
  least: 'comparison.html#least',
  coalesce: 'conditional.html#coalesce-function',
  nullif: 'conditional.html#nullif-function',
};

/** call.ts translates these before the tables: they take expressions, not values */
const SPECIAL_FORMS: readonly SqlFunctionInfo[] = [
  { name: 'if', kind: 'scalar', family: 'conditional', signatures: ['if(condition, true_value)', 'if(condition, true_value, false_value)'], docs: `${DOCS}conditional.html#if-expression` },
  { name: 'try', kind: 'scalar', family: 'conditional', signatures: ['try(expression)'], docs: `${DOCS}conditional.html#try-function` },
];

/** the tables' short type names, as Trino writes them */
const TRINO_NAMES: [RegExp, string][] = [
  [/\btimestamptz\((\d+)\)/g, 'timestamp($1) with time zone'],
  [/\btimestamptz\b/g, 'timestamp with time zone'],
  [/\binterval_ds\b/g, 'interval day to second'],
  [/\binterval_ym\b/g, 'interval year to month'],
];

/** `varchar, bigint, varchar -> varchar` of `lpad` → `lpad(varchar, bigint, varchar) → varchar` (`count(*)` as Trino writes it) */
export function signatureText(name: string, text: string): string {
  const trino = TRINO_NAMES.reduce((t, [from, to]) => t.replace(from, to), text);
  const arrow = trino.lastIndexOf('->');
  const params = trino.slice(0, arrow).trim();
  return `${name}(${params === '' && name === 'count' ? '*' : params}) → ${trino.slice(arrow + 2).trim()}`;
}

/** Every function the local engine translates, sorted by name. */
export function functionCatalog(): SqlFunctionInfo[] {
  const out: SqlFunctionInfo[] = [...SPECIAL_FORMS];
  for (const [family, table] of Object.entries(FAMILIES)) {
    for (const [name, def] of Object.entries(table)) {
      const page = DOCUMENTED_AT[name] ?? `${def.kind === 'window' ? 'window' : FAMILY_PAGE[family]}.html#${name}`;
      out.push({ name, kind: def.kind, family, signatures: def.signatures.map((s) => signatureText(name, s.text)), docs: `${DOCS}${page}` });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
