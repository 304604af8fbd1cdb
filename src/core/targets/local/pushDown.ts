/**
 * from_catalog's `push_down_predicate`, as AWS Glue documents it ("Optimizing reads with pushdown in AWS Glue ETL";
 * "Managing partitions for ETL output in AWS Glue", pre-filtering using pushdown predicates): a Spark SQL boolean
 * expression — anything a WHERE clause takes — over the table's partition columns, applied to the list of the table's
 * partitions in the Data Catalog before any file is listed or read. Here it is translated as the SQL expression strings
 * of DataFrame code are (sparkExpr.ts: Spark's coercions, `==`, NULL handling) over one row per registered partition,
 * its values typed as the catalog declares the partition columns, and picks the partitions the source reads.
 * A predicate naming any other column, or given for a table without partition columns, is refused by name.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { isLakehouseError, LakehouseError } from '../../errors';
import type { ColExpr } from '../../jobs/expr';
import type { CatalogPartition, CatalogTable } from '../../model';
import { hiveTypeToDuckDb } from '../../sql/types';
import { ident, literal } from './duck';
import { errorAt, unsupportedAt, type FrameCol } from './frames';
import { assertReadOnlyQuery } from './queryGuard';
import { compileSqlText, sqlTextLabel, type SparkText } from './sparkExpr';

type SqlExpr = Extract<ColExpr, { k: 'sql' }>;

/** The partitions of `table` the predicate keeps, in the catalog's order. */
export async function pushDownPartitions(conn: DuckDBConnection, table: CatalogTable, predicate: SqlExpr, file: string, spark: SparkText | undefined): Promise<CatalogPartition[]> {
  const at = { line: predicate.line, column: predicate.column ?? predicate.pos.column, text: predicate.text };
  const name = `${table.database}.${table.name}`;
  if (table.partitionKeys.length === 0)
    throw unsupportedAt(
      file,
      at,
      `from_catalog with push_down_predicate on ${name}`,
      'the table has no partition columns, and what Glue does with a partition predicate then is not documented',
      'remove push_down_predicate, and filter the records after reading (Filter.apply, or df.filter in DataFrame code)',
    );
  const cols: FrameCol[] = table.partitionKeys.map((k, i) => ({ name: k.name, phys: `p${i}`, type: hiveTypeToDuckDb(k.type), ids: [] }));
  let condition: string;
  try {
    const [c] = compileSqlText(predicate, { file, sides: [{ cols }], ...(spark ? { spark } : {}) }, { many: false, generator: false, condition: true });
    condition = c!.sql;
  } catch (e) {
    if (!isLakehouseError(e)) throw e;
    // a column of the table's data (not a partition column): Glue evaluates the predicate over the partitions only
    const other = dataColumnRead(predicate, table, cols, file, spark);
    if (other !== undefined)
      throw unsupportedAt(
        file,
        at,
        `${sqlTextLabel(predicate)} as push_down_predicate`,
        `it reads ${other}, which is not a partition column of ${name} (its partition columns: ${table.partitionKeys.map((k) => k.name).join(', ')}): Glue evaluates the predicate over the catalog's partitions, whose only values are those of the partition columns`,
        'keep the partition columns in push_down_predicate, and filter on the other fields after reading (Filter.apply, or df.filter in DataFrame code)',
      );
    throw e;
  }
  const partitions = table.partitions ?? [];
  if (partitions.length === 0) return [];
  const rows = partitions.map((p, i) => `(${i}, ${table.partitionKeys.map((k, j) => `CAST(${literal(p.values[j] ?? '')} AS ${hiveTypeToDuckDb(k.type)})`).join(', ')})`);
  const query = `SELECT __i FROM (VALUES ${rows.join(', ')}) AS __partitions(__i, ${cols.map((c) => ident(c.phys)).join(', ')}) WHERE ${condition} ORDER BY __i`;
  await assertReadOnlyQuery(conn, query).catch((e: unknown) => {
    if (!isLakehouseError(e)) throw e;
    throw new LakehouseError(e.code, `${file}:${at.line}:${at.column}: push_down_predicate: ${e.message}`, { file, line: at.line, column: at.column }, { cause: e });
  });
  let kept: number[];
  try {
    kept = ((await conn.runAndReadAll(query)).getRowsJson() as (string | number)[][]).map((r) => Number(r[0]));
  } catch (e) {
    throw errorAt(file, at, `${sqlTextLabel(predicate)} as push_down_predicate over the partitions of ${name}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  return kept.map((i) => partitions[i]!);
}

/**
 * The first column of the table's data (not a partition column) the predicate reads, when that is why it does not
 * compile over the partition columns: it is compiled again over every column of the table, each data column under a
 * name of its own, and the names the compiled SQL holds tell which it reads.
 */
function dataColumnRead(predicate: SqlExpr, table: CatalogTable, partitionCols: FrameCol[], file: string, spark: SparkText | undefined): string | undefined {
  const dataCols: FrameCol[] = table.storage.columns.map((c, i) => ({ name: c.name, phys: `d${i}`, type: hiveTypeToDuckDb(c.type), ids: [] }));
  let compiled: string;
  try {
    compiled = compileSqlText(predicate, { file, sides: [{ cols: [...partitionCols, ...dataCols] }], ...(spark ? { spark } : {}) }, { many: false, generator: false, condition: true })[0]!.sql;
  } catch {
    return undefined;
  }
  return dataCols.find((c) => compiled.includes(ident(c.phys)))?.name;
}
