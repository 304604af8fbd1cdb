/**
 * DataFrame.show(n, truncate) as Spark 3.3 (Glue 4.0's) prints it: Dataset.showString and getRows (apache/spark
 * sql/core/src/main/scala/org/apache/spark/sql/Dataset.scala). Each cell is the column cast to a string — a double as
 * Java's Double.toString (`1.0E20`), a timestamp without the fraction's trailing zeros, an array `[1, null]`, a
 * struct its values `{alice, [a, b]}`, a map `{k -> v}` (Cast's castToString with
 * spark.sql.legacy.castComplexTypesToString.enabled false) — a binary column its bytes `[61 62]`, a null `null`.
 * Spark 3.5 (Glue 5.0's) casts with ToPrettyString instead (sql/catalyst/…/expressions/ToPrettyString.scala): a null
 * is `NULL` and a binary its hex bytes at any depth.
 * Rows: n + 1 are read to know whether there are more (`only showing top n rows`, `row` for 1); a cell longer than
 * `truncate` (> 0) keeps truncate - 3 characters and `...` (truncate characters below 4); columns are at least 3
 * wide; cells are right-aligned when truncating, left-aligned when not.
 */
import { duckBlobBytes, javaNumberText } from '../../sql/dialects/render';
import { sparkBinaryText, sparkTimestampText } from '../../sql/spark/render';
import { glueTypeOf, type GlueType } from './glueSchema';
import { duckMapEntries } from './glueShow';

/** `values` as DuckDB's getRowsJson gives them (at most n + 1 rows), `cols` the frame's fields with DuckDB types. */
export function sparkShowTable(cols: readonly { name: string; type: string }[], values: readonly (readonly unknown[])[], n: number, truncate: number, glueVersion?: string): string {
  const types = cols.map((c) => glueTypeOf(c.type));
  const pretty = glueVersion !== undefined && Number.parseFloat(glueVersion) >= 5;
  const cut = (v: string) => (truncate > 0 && v.length > truncate ? (truncate < 4 ? v.slice(0, truncate) : `${v.slice(0, truncate - 3)}...`) : v);
  const rows = values.slice(0, n).map((r) => r.map((v, i) => cut(pretty ? castToString(v, types[i]!, true) : topCell(v, types[i]!))));
  const heads = cols.map((c) => c.name);
  const widths = heads.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const line = `+${widths.map((w) => '-'.repeat(w)).join('+')}+`;
  const fmt = (cells: string[]) => `|${cells.map((c, i) => (truncate > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('|')}|`;
  const more = values.length > n ? [`only showing top ${n} ${n === 1 ? 'row' : 'rows'}`] : [];
  return [line, fmt(heads), line, ...rows.map(fmt), line, ...more].join('\n');
}

function topCell(v: unknown, t: GlueType): string {
  if (v === null || v === undefined) return 'null';
  // getRows prints a binary column's bytes in hex; nested, a binary is cast to a string (its UTF-8 text)
  if (t.kind === 'atomic' && t.name === 'binary') return hexBytes(v);
  return castToString(v, t);
}

function castToString(v: unknown, t: GlueType, pretty = false): string {
  if (v === null || v === undefined) return pretty ? 'NULL' : 'null';
  switch (t.kind) {
    case 'struct': {
      const o = v as Record<string, unknown>;
      return `{${t.fields.map((f) => castToString(o[f.name], f.type, pretty)).join(', ')}}`;
    }
    case 'array':
      return `[${(v as unknown[]).map((x) => castToString(x, t.element, pretty)).join(', ')}]`;
    case 'map':
      return `{${duckMapEntries(v).map((e) => `${String(e.key)} -> ${castToString(e.value, t.value, pretty)}`).join(', ')}}`;
    case 'choice':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'atomic':
      switch (t.name) {
        case 'double':
          return javaNumberText(Number(v));
        case 'float':
          return javaNumberText(Number(v), true);
        case 'timestamp':
          return sparkTimestampText(String(v));
        case 'binary':
          return pretty ? hexBytes(v) : sparkBinaryText(String(v));
        default:
          return String(v);
      }
  }
}

function hexBytes(v: unknown): string {
  return `[${[...duckBlobBytes(v)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')}]`;
}
