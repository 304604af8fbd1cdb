/**
 * The types Glue's CSV reader gives a DynamicFrame's fields: the types of the values, not declared ones. A field whose
 * values are all integers (of up to 18 digits) is a long, all numbers a double, a mix of numbers and text a ChoiceType
 * (held as JSON here: nestedChoice.ts), the rest strings. This holds for an S3 CSV source (from_options) and for a
 * Data Catalog CSV table (from_catalog), whose declared column types the reader does not apply: AWS's own example
 * (awslabs/aws-glue-samples, examples/resolve_choice.md) prints the DynamicFrame of a crawled CSV table whose
 * `provider id` the catalog declares bigint as `provider id: choice` of long and string, the other fields with the
 * types of their values and the catalog's names.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident } from './duck';

const INT = "'[+-]?\\d+'";
const NUM = "'[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?'";

/**
 * `SELECT` over `read` (text values) giving each of `fields` (`col` of the read, named `as`) the type of its values;
 * `keep` names columns of the read passed through as they are (a table's partition keys). Refusals counted in the same
 * scan as the types, each naming the field: `quotedEmpty`, the read gives a quoted empty field (`""`) as '' (an
 * unquoted one is NULL) — thrown when a value is ''; `lineBreak`, thrown when a value holds a line break (only a
 * quoted field can: a record across lines, which Glue's CSV reader reads only with `multiLine`).
 */
export async function typedByValues(
  conn: DuckDBConnection,
  read: string,
  fields: { col: string; as: string }[],
  keep: string[] = [],
  refuse: { quotedEmpty?: (field: string) => Error; lineBreak?: (field: string) => Error } = {},
): Promise<string> {
  const checks: [(field: string) => Error, (v: string) => string][] = [];
  if (refuse.quotedEmpty) checks.push([refuse.quotedEmpty, (v) => `${v} = ''`]);
  if (refuse.lineBreak) checks.push([refuse.lineBreak, (v) => `(contains(${v}, chr(10)) OR contains(${v}, chr(13)))`]);
  const per = 3 + checks.length;
  const stats =
    fields.length === 0
      ? []
      : ((await conn.runAndReadAll(
          `SELECT ${fields
            .map(({ col }) => {
              const v = ident(col);
              return [`count(${v})`, `count(${v}) FILTER (WHERE NOT regexp_full_match(trim(${v}), ${INT}) OR TRY_CAST(trim(${v}) AS BIGINT) IS NULL)`, `count(${v}) FILTER (WHERE NOT regexp_full_match(trim(${v}), ${NUM}))`, ...checks.map(([, where]) => `count(${v}) FILTER (WHERE ${where(v)})`)].join(', ');
            })
            .join(', ')} FROM (${read})`,
        )).getRowsJson()[0] as (string | number)[]).map(Number);
  for (const [i, f] of fields.entries()) checks.forEach(([error], c) => {
    if (stats[i * per + 3 + c]! > 0) throw error(f.as);
  });
  const items = fields.map(({ col, as }, i) => {
    const [total, notInt, notNum] = [stats[i * per]!, stats[i * per + 1]!, stats[i * per + 2]!];
    const v = ident(col);
    const name = ident(as);
    if (total === 0 || notNum === total) return `${v} AS ${name}`;
    if (notInt === 0) return `CAST(trim(${v}) AS BIGINT) AS ${name}`;
    if (notNum === 0) return `CAST(trim(${v}) AS DOUBLE) AS ${name}`;
    return `CAST(CASE WHEN regexp_full_match(trim(${v}), ${INT}) AND TRY_CAST(trim(${v}) AS BIGINT) IS NOT NULL THEN to_json(CAST(trim(${v}) AS BIGINT)) WHEN regexp_full_match(trim(${v}), ${NUM}) THEN to_json(CAST(trim(${v}) AS DOUBLE)) ELSE to_json(${v}) END AS JSON) AS ${name}`;
  });
  return `SELECT ${[...items, ...keep.map((k) => ident(k))].join(', ')} FROM (${read})`;
}
