/**
 * Decimals in the JSON files Spark's DataFrameWriter writes (`df.write.json`): apache/spark JacksonGenerator writes a
 * DecimalType with `gen.writeNumber(row.getDecimal(…).toJavaBigDecimal)`, and Jackson writes a BigDecimal as its
 * `toString()` — the scale's trailing zeros kept (a `decimal(8,2)` 120.50 is `120.50`), scientific notation when the
 * adjusted exponent is below -6 (`1E-8`). DuckDB's JSON writer writes the double's shortest text (`120.5`), so a
 * top-level decimal column is written as that text (javaDecimalText, the Spark translation's cast of a decimal to
 * string) and its quotes taken off in the written file. A decimal inside an array, a map or a struct is refused by
 * name: the rewrite reaches top-level fields only.
 */
import { LakehouseError } from '../../errors';
import { text as sqlText } from '../../sql/dialects/emit';
import { javaDecimalText } from '../../sql/spark/sqlText';
import { rewriteJsonLines } from './fsutil';
import { rewriteTopLevelValues } from './javaDoubles';

/** The top-level DECIMAL columns and their scales; a column nesting a decimal is refused by name. */
export function sparkDecimalColumns(columns: readonly { name: string; duckType: string }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of columns) {
    const m = /^DECIMAL\(\s*\d+\s*,\s*(\d+)\s*\)$/i.exec(c.duckType.trim());
    if (m) out.set(c.name, Number(m[1]));
    else if (/\bDECIMAL\(/i.test(c.duckType))
      throw new LakehouseError(
        'SqlUnsupported',
        `the column ${c.name} (${c.duckType}) holds a decimal inside an array, a map or a struct: Spark's DataFrameWriter writes it in JSON as Java's BigDecimal text (5.50, 1E-8), which the local engine writes for top-level decimal columns only; cast the nested decimal to double or string, or write Parquet`,
        { object: c.name },
      );
  }
  return out;
}

/** Java's BigDecimal text of a DECIMAL(p, scale) expression, as VARCHAR (NULL stays NULL). */
export function sparkDecimalSql(expr: string, scale: number): string {
  return sqlText(javaDecimalText(expr, scale));
}

/** Rewrites a DuckDB-written JSON file's top-level decimal fields (written as strings) as JSON numbers. */
export async function sparkDecimalNumbersInFile(file: string, fields: ReadonlySet<string>): Promise<boolean> {
  return rewriteJsonLines(file, 'lh-decimal', (line) => rewriteTopLevelValues(line, (key, token) => (fields.has(key) && token.startsWith('"') ? token.slice(1, -1) : undefined)));
}
