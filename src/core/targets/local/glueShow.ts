/**
 * DynamicFrame.show(n) as Glue prints it: the first n records, each one JSON object on a line of its own, its fields
 * in the frame's order (the order printSchema draws), written `{"key": value, "key": value}` — a space after each
 * colon and comma, a struct as a nested object. aws-glue-libs' `DynamicFrame.show(num_rows=20)` calls the JVM's
 * `show` (awsglue/dynamicframe.py); what it prints is seen in:
 *   - aws-samples/aws-glue-samples GlueCustomConnectors/development/Athena/README.md ("Step 5": `dyf.printSchema()`,
 *     `dyf.show()` and their output: `{"account_id": "2152", "month": 11, …, "transaction": {"id": 426795206,
 *     "completed": false}}` one record a line, in the order of the schema printed with it),
 *   - awslabs/aws-glue-libs issue #76 (`joined_dyf.show()` prints `{"b": 2, ".b": 2, ".a": 1, "a": 1}`).
 * Strings, whole numbers, booleans and structs are printed as those outputs show them. What they do not show is
 * written the way the project's JSON sinks write it and is not settled: a double as Java's `Double.toString` (`1.0`,
 * `1.0E10`: Jackson's), an array as `[a, b]`, a null field as `"key": null` (whether Glue prints or leaves out a null
 * field is not documented), a date, timestamp or decimal as Spark's text of it (quoted but for decimals).
 */
import { javaNumberText } from '../../sql/dialects/render';
import { glueTypeOf, type GlueType } from './glueSchema';

/** One record's line: `values` as DuckDB's getRowsJson gives them, `cols` the frame's fields with their DuckDB types. */
export function glueRecordLine(values: readonly unknown[], cols: readonly { name: string; type: string }[]): string {
  return `{${cols.map((c, i) => `${JSON.stringify(c.name)}: ${glueValueJson(values[i], glueTypeOf(c.type))}`).join(', ')}}`;
}

function glueValueJson(v: unknown, t: GlueType): string {
  if (v === null || v === undefined) return 'null';
  switch (t.kind) {
    case 'struct': {
      const o = v as Record<string, unknown>;
      return `{${t.fields.map((f) => `${JSON.stringify(f.name)}: ${glueValueJson(o[f.name], f.type)}`).join(', ')}}`;
    }
    case 'array':
      return `[${(v as unknown[]).map((x) => glueValueJson(x, t.element)).join(', ')}]`;
    case 'map':
      return `{${duckMapEntries(v).map((e) => `${JSON.stringify(String(e.key))}: ${glueValueJson(e.value, t.value)}`).join(', ')}}`;
    case 'choice':
      // a field of several types, held as JSON text: each value as its own type
      return jsonValue(typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
    case 'atomic':
      switch (t.name) {
        case 'long':
        case 'int':
        case 'short':
        case 'byte':
        case 'boolean':
          return String(v);
        case 'double':
          return javaNumberText(Number(v));
        case 'float':
          return javaNumberText(Number(v), true);
        default:
          return t.name.startsWith('decimal(') ? String(v) : JSON.stringify(String(v));
      }
  }
}

/** A map's entries as DuckDB's getRowsJson gives them (a list of {key, value}; an object where the keys are text). */
export function duckMapEntries(v: unknown): { key: unknown; value: unknown }[] {
  return Array.isArray(v) ? (v as { key: unknown; value: unknown }[]) : Object.entries(v as object).map(([key, value]) => ({ key, value }));
}

/** A value parsed from JSON: whole numbers as they are, other numbers as Java's Double.toString. */
function jsonValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) && !String(v).includes('e') ? String(v) : javaNumberText(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(jsonValue).join(', ')}]`;
  return `{${Object.entries(v as object).map(([k, x]) => `${JSON.stringify(k)}: ${jsonValue(x)}`).join(', ')}}`;
}
