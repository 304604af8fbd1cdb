/**
 * JSON records whose keys are equal but for case (`Name` in one record, `NAME` or `name` in another), read by a job.
 * DuckDB's reader renames all but the first spelling (`NAME_1`, `name_2`) and, read again with those names as the
 * columns, finds no such keys: their values would be lost. Spark's JSON reader fails on them — "In Spark 3.1, the
 * Parquet, ORC, Avro and JSON datasources throw the exception `org.apache.spark.sql.AnalysisException: Found duplicate
 * column(s) in the data schema` in read if they detect duplicate names in top-level columns as well in nested
 * structures. The datasources take into account the SQL config `spark.sql.caseSensitive`" (false by default; Spark's
 * sql-migration-guide.md, apache/spark pull request #29234) — and how a DynamicFrame reads them is not documented: so
 * the read is refused, naming the spellings and a file holding each.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LakehouseError } from '../../errors';
import { listLiteral, literal } from './duck';

/**
 * Refuses (ScriptUnsupported) a read of `files` whose DESCRIBE gave `names` when two of the records' keys are equal but
 * for case. Only names DuckDB may have made (`<name>_<n>` beside a name equal to `<name>` but for case) are checked
 * against the records' keys, so that a read without such names costs no pass over the data.
 */
export async function refuseKeysEqualButForCase(
  conn: DuckDBConnection,
  files: string[],
  names: readonly string[],
  multiline: boolean,
  where: { readBy: string; file: string; line: number; locationOf: (file: string) => string },
): Promise<void> {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  const suspects = new Set<string>();
  for (const n of names) {
    const m = /^(.*)_\d+$/.exec(n);
    if (m && lower.has(m[1]!.toLowerCase())) suspects.add(m[1]!.toLowerCase());
  }
  if (suspects.size === 0) return;
  const read = `read_json_objects(${listLiteral(files)}, format=${multiline ? "'auto'" : "'newline_delimited'"}, filename=true)`;
  const rows = (
    await conn.runAndReadAll(
      `SELECT k, min(filename) FROM (SELECT unnest(json_keys(json)) AS k, filename FROM ${read}) WHERE lower(k) IN (${[...suspects].map(literal).join(', ')}) GROUP BY k ORDER BY lower(k), k`,
    )
  ).getRowsJson() as string[][];
  const spellings = new Map<string, string[][]>();
  for (const [k, f] of rows) {
    const key = k!.toLowerCase();
    spellings.set(key, [...(spellings.get(key) ?? []), [k!, f!]]);
  }
  const twice = [...spellings.values()].find((s) => s.length > 1);
  if (twice === undefined) return;
  const shown = twice.map(([k, f]) => `"${k}" (${where.locationOf(f!)})`).join(', ');
  throw refusal(`the JSON records hold keys equal but for case: ${shown}`, where);
}

/** The refusal of keys equal but for case inside an object (`{"a":{"City":…}}`, `{"a":{"city":…}}`), of which DuckDB names one spelling. */
export function nestedKeysEqualButForCase(key: string, where: { readBy: string; file: string; line: number }): LakehouseError {
  return refusal(`the JSON records hold keys equal but for case inside an object ("${key}" and another spelling)`, where);
}

function refusal(what: string, where: { readBy: string; file: string; line: number }): LakehouseError {
  return new LakehouseError(
    'ScriptUnsupported',
    `${where.file}:${where.line}: ${what} (${where.readBy}) — Spark's JSON reader fails on them ("Found duplicate column(s) in the data schema", as spark.sql.caseSensitive is false) and how a DynamicFrame reads them is not documented: not supported by the local engine; write the key one way in every record`,
    { file: where.file, line: where.line },
  );
}
