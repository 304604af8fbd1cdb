/**
 * Data Catalog tables a Glue job cannot use for want of a `classification` table property, checked before anything
 * runs (the local runner) and in the editor (the script diagnostics).
 *
 * Athena's `CREATE EXTERNAL TABLE` adds no `classification`; the Glue console's table wizard and the crawlers do.
 * The Athena User Guide (create-table.md, TBLPROPERTIES): "To run ETL jobs, AWS Glue requires that you create a table
 * with the `classification` property to indicate the data type for AWS Glue as `csv`, `parquet`, `orc`, `avro`, or
 * `json` … ETL jobs will fail if you do not specify this property"; glue-best-practices.md ("Creating tables using
 * Athena for AWS Glue ETL jobs"): "Tables that you create in Athena must have a table property added to them called a
 * `classification`, which identifies the format of the data. This allows AWS Glue to use the tables for ETL jobs."
 *
 * What that covers here: Glue's own catalog reader and writer, which pick their format by the classification —
 * `create_dynamic_frame.from_catalog` (the source node Glue Studio generates for a Data Catalog table) and
 * `write_dynamic_frame.from_catalog`. Spark SQL's `spark.table`/`spark.sql` read a table through its SerDe and input
 * format (the Hive metastore client), which the documents do not tie to the property: not refused. A view
 * (VIRTUAL_VIEW) has no data format of its own: not refused.
 */
import type { CatalogTable } from '../model';
import { glueClassificationFor, hasGlueClassification } from '../sql/ddl';
import type { JobPlan } from './plan';

export interface UnclassifiedTable {
  /** 1-based script line of the read or the write */
  line: number;
  table: CatalogTable;
  message: string;
}

/** The words that tell a user what to add, for a table that has no classification. */
export function classificationAdvice(table: CatalogTable): string {
  const value = glueClassificationFor(table);
  const name = `${table.database}.${table.name}`;
  if (value === undefined) return `give the table the classification of its data (csv, json, parquet, orc, avro or xml): TBLPROPERTIES ('classification'='<format>')`;
  return `add TBLPROPERTIES ('classification'='${value}') to its CREATE EXTERNAL TABLE, or run ALTER TABLE ${name} SET TBLPROPERTIES ('classification'='${value}')`;
}

/**
 * A table or a view (none) without classification; a table of a SerDe with no classification to give (RegexSerDe,
 * Ion…) is left to the refusal that names its format.
 */
function unclassified(table: CatalogTable): boolean {
  return table.tableType !== 'VIRTUAL_VIEW' && !hasGlueClassification(table) && glueClassificationFor(table) !== undefined;
}

function message(what: string, table: CatalogTable): string {
  return (
    `${what} ${table.database}.${table.name}, a table with no 'classification' table property: a Glue job fails on it ` +
    `(Athena's CREATE EXTERNAL TABLE adds none; the Glue console and crawlers do) — ${classificationAdvice(table)}`
  );
}

/**
 * The Data Catalog reads (`from_catalog` sources; not Spark SQL's declared reads) and catalog writes of `plan` whose
 * table has no classification. `tableOf` looks a table up (lower-cased names); tables it does not find are left to
 * the checks that name a missing table.
 */
export function unclassifiedTables(plan: JobPlan, tableOf: (database: string, table: string) => CatalogTable | undefined): UnclassifiedTable[] {
  const out: UnclassifiedTable[] = [];
  for (const node of plan.nodes) {
    if (node.kind !== 'catalogSource' || node.declared) continue;
    const t = tableOf(node.database.toLowerCase(), node.table.toLowerCase());
    if (t !== undefined && unclassified(t)) out.push({ line: node.line, table: t, message: message(`create_dynamic_frame.from_catalog reads`, t) });
  }
  for (const sink of plan.sinks) {
    if (sink.kind !== 'catalog') continue;
    const t = tableOf(sink.database.toLowerCase(), sink.table.toLowerCase());
    if (t !== undefined && unclassified(t)) out.push({ line: sink.line, table: t, message: message(`write_dynamic_frame.from_catalog writes`, t) });
  }
  return out.sort((a, b) => a.line - b.line);
}
