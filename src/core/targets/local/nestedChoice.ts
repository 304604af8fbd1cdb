/**
 * A field inside a struct or an array whose values have several types in the data (`{"a": {"b": 1}}` and
 * `{"a": {"b": "x"}}`, `[1, "z"]`) is a ChoiceType for Glue as a top-level field is: its values keep their types
 * (written to JSON, `1` stays a number), until resolveChoice. DuckDB's schema inference gives such a place the type
 * JSON — and gives it to a place whose values are only ever null or whose arrays are all empty, too. This tells the
 * two apart from the data: a place with values of two or more types stays JSON (a choice, refused where the runner
 * refuses a choice), one with values of one type gets the type Spark's reader gives them, one with no value a null
 * string.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbType } from '../../sql/types';
import { ident, literal } from './duck';

/** json_type's names → the type Spark's JSON reader gives values of that one type */
const ONE_TYPE: Record<string, string> = { BIGINT: 'BIGINT', UBIGINT: 'BIGINT', DOUBLE: 'DOUBLE', VARCHAR: 'VARCHAR', BOOLEAN: 'BOOLEAN' };

interface Leaf {
  /** a SQL list of every value at this place in a record */
  values: string;
  key: string;
}

function leaves(t: DuckDbType, values: string, key: string, out: Leaf[]): void {
  switch (t.kind) {
    case 'named':
      if (t.name === 'JSON') out.push({ values, key });
      return;
    case 'struct':
      for (const f of t.fields) leaves(f.type, `list_transform(${values}, lambda x: struct_extract(x, ${literal(f.name)}))`, `${key}.${f.name}`, out);
      return;
    case 'list':
      leaves(t.element, `flatten(${values})`, `${key}[]`, out);
      return;
    default:
      return;
  }
}

/**
 * The types of the JSON places inside nested columns (`name` → DuckDB type as described), decided from the data read
 * by `read` (a `read_json(…)` table function): place key (`a.b`, `l[]`) → `JSON` (values of several types), a scalar
 * type (values of one), or `VARCHAR` (no value). Columns without a nested JSON are not read.
 */
export async function nestedChoiceTypes(conn: DuckDBConnection, read: string, columns: { name: string; type: DuckDbType }[]): Promise<Map<string, string>> {
  const all: Leaf[] = [];
  for (const c of columns) if (c.type.kind !== 'named') leaves(c.type, `[${ident(c.name)}]`, c.name, all);
  const out = new Map<string, string>();
  if (all.length === 0) return out;
  // one pass: per place, its values' distinct json types (nulls left out)
  const items = all.map((l, i) => `(SELECT list(DISTINCT json_type(v)) FILTER (WHERE v IS NOT NULL AND json_type(v) <> 'NULL') FROM (SELECT unnest(${l.values}) AS v)) AS t${i}`);
  const row = (await conn.runAndReadAll(`SELECT ${all.map((_, i) => `list_distinct(flatten(list(t${i})))`).join(', ')} FROM (SELECT ${items.join(', ')} FROM ${read})`)).getRowsJson()[0] as (string[] | null)[];
  all.forEach((l, i) => {
    const types = [...new Set((row[i] ?? []).map((t) => ONE_TYPE[t] ?? t))];
    const numeric = types.every((t) => t === 'BIGINT' || t === 'DOUBLE');
    out.set(l.key, types.length === 0 ? 'VARCHAR' : types.length === 1 && ONE_TYPE[types[0]!] !== undefined ? types[0]! : numeric ? 'DOUBLE' : 'JSON');
  });
  return out;
}
