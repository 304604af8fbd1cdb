/**
 * Decimals in the JSON files Athena writes (CTAS and UNLOAD `format = 'JSON'`, INSERT INTO a JSON table). Trino
 * writes a decimal as the text of Java's `BigDecimal.toString()`, which keeps the scale's trailing zeros (a
 * `decimal(10,2)` 5.50 is `5.50`) and turns to scientific notation when the adjusted exponent is below -6 (a
 * `decimal(10,8)` 0.00000001 is `1E-8`, its zero `0E-8`):
 * - Hive JsonSerDe tables (CTAS's HiveStorageFormat.JSON): trinodb/trino lib/trino-hive-formats/…/line/json/
 *   JsonSerializer.java, `generator.writeNumber(value.toBigDecimal().toString())` — a JSON number;
 * - OpenX JsonSerDe tables: …/line/openxjson/OpenXJsonSerializer.java returns `value.toBigDecimal().toString()`, a
 *   Java String, which its JsonWriter writes quoted — a JSON string.
 * DuckDB's JSON writer writes the double's shortest text (`5.5`, `1e-8`), and normalizes a JSON-typed value the same
 * way, so the column is written as DuckDB's VARCHAR of the decimal (which keeps the scale: `5.50`) made into Java's
 * text in SQL, and for a JSON number its quotes are taken off in the written file. Decimals inside arrays, maps and
 * structs are refused by name (the rewrite reaches top-level fields only).
 */
import { LakehouseError } from '../../errors';
import { rewriteJsonLines } from './fsutil';
import { rewriteTopLevelValues } from './javaDoubles';

/** `DECIMAL(p,s)` at the top level: its scale; undefined for other types */
export function decimalScale(duckType: string): number | undefined {
  const m = /^DECIMAL\(\s*\d+\s*,\s*(\d+)\s*\)$/i.exec(duckType.trim());
  return m ? Number(m[1]) : undefined;
}

/** whether a nested type (a list, a struct, a map) holds a decimal somewhere */
export function nestsDecimal(duckType: string): boolean {
  return decimalScale(duckType) === undefined && /\bDECIMAL\(/i.test(duckType);
}

/** The refusal of a column that nests a decimal, in a JSON file Athena writes. */
export function nestedDecimalRefusal(column: string, duckType: string): LakehouseError {
  return new LakehouseError(
    'SqlUnsupported',
    `the column ${column} (${duckType}) holds a decimal inside an array, a map or a row: Athena writes it in JSON as Java's BigDecimal text (5.50, 1E-8), which the local engine writes for top-level decimal columns only; cast the nested decimal to double or varchar, or write PARQUET`,
    { object: column },
  );
}

/**
 * The SQL of Java's `BigDecimal.toString()` of a `DECIMAL(p, scale)` expression, as VARCHAR (NULL stays NULL).
 * Scientific notation comes only when the unscaled value has fewer digits than scale - 6, which needs a zero integer
 * part and a scale above 6: then `<first digit>[.<rest>]E-<n>`, the sign kept.
 */
export function bigDecimalTextSql(expr: string, scale: number): string {
  const plain = `CAST(${expr} AS VARCHAR)`;
  if (scale <= 6) return plain;
  // the digits after `0.` with the leading zeros gone ('0' for zero); only used when the integer part is 0
  const unscaled = `coalesce(nullif(ltrim(substr(ltrim(${plain}, '-'), 3), '0'), ''), '0')`;
  const adjusted = `(length(${unscaled}) - 1 - ${scale})`;
  const mantissa = `(left(${unscaled}, 1) || CASE WHEN length(${unscaled}) > 1 THEN '.' || substr(${unscaled}, 2) ELSE '' END)`;
  return `CASE WHEN starts_with(ltrim(${plain}, '-'), '0.') AND ${adjusted} < -6 THEN CASE WHEN starts_with(${plain}, '-') THEN '-' ELSE '' END || ${mantissa} || 'E' || CAST(${adjusted} AS VARCHAR) ELSE ${plain} END`;
}

/** A JSON object line with the string values of the top-level fields named in `fields` written bare (as numbers). */
export function unquotedFields(line: string, fields: ReadonlySet<string>): string {
  return rewriteTopLevelValues(line, (key, token) => (fields.has(key) && token.startsWith('"') ? token.slice(1, -1) : undefined));
}

/** Rewrites a DuckDB-written JSON file's top-level decimal fields (written as strings) as JSON numbers. */
export async function decimalNumbersInFile(file: string, fields: ReadonlySet<string>): Promise<boolean> {
  if (fields.size === 0) return false;
  return rewriteJsonLines(file, 'lh-decimal', (line) => unquotedFields(line, fields));
}
