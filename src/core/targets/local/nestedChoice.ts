/**
 * The types a DynamicFrame read of JSON gives its numbers, and the places whose values have several types (a Glue
 * ChoiceType), decided from the data — at the top level and inside structs and arrays.
 *
 * Glue's reader types each value: a whole number that fits in 32 bits `int`, a larger one `long`, one with a fraction
 * or an exponent `double` (the developer guide's legislators sample: `orgs.printSchema()` of organizations.json gives
 * `|-- seats: int`; SuperCowPowers/workbench issue #287, "AWS Glue: flow_id (int AND long)", a field of JSON lines
 * read by `from_options(format="json")` whose values were of both sizes: a choice of int and long). A place whose
 * values have two or more types is a ChoiceType — Glue does not widen int to long, so not int to double either — held
 * by the runner as JSON: its values keep their types (written to JSON, `1` stays `1`) until resolveChoice.
 *
 * DuckDB's schema inference gives whole numbers BIGINT whatever their size, a mix of whole and fractional numbers
 * DOUBLE, and JSON to a place of several types — and to one whose values are only ever null or whose arrays are all
 * empty. So every numeric or JSON place is read again — a top-level BIGINT column as BIGINT, a top-level DOUBLE one as
 * its numbers' text, any other place as JSON — and typed from the kinds of its values (nulls left out): int only → INTEGER, long only → BIGINT, double only → DOUBLE, one other kind → its type, none → a null
 * string (VARCHAR), two or more → JSON (a choice).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseDuckDbType, type DuckDbType } from '../../sql/types';
import { ident, literal } from './duck';

/** A place's values' kinds (json_type, with BIGINT split by size) → its type when it has only that kind. */
const ONE_KIND: Record<string, string> = { INTEGER: 'INTEGER', BIGINT: 'BIGINT', UBIGINT: 'BIGINT', DOUBLE: 'DOUBLE', VARCHAR: 'VARCHAR', BOOLEAN: 'BOOLEAN' };

/** a whole number that fits in 32 bits (Glue's int), as SQL */
const INT32 = 'BETWEEN -2147483648 AND 2147483647';

/**
 * The kind of a JSON value `v` (SQL), as its place's type counts it: json_type (which names a whole number that is
 * not negative UBIGINT), a whole number that fits in 32 bits INTEGER, one that fits in 64 BIGINT.
 */
export function jsonKindSql(v: string): string {
  return `CASE WHEN json_type(${v}) IN ('BIGINT', 'UBIGINT') THEN (CASE WHEN TRY_CAST(${v} AS BIGINT) ${INT32} THEN 'INTEGER' WHEN TRY_CAST(${v} AS BIGINT) IS NOT NULL THEN 'BIGINT' ELSE 'UBIGINT' END) ELSE json_type(${v}) END`;
}

/** DuckDB's names of the numbers its JSON inference gives: each such place is typed from its values. */
const NUMERIC = /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|UHUGEINT|DOUBLE|FLOAT|REAL|DECIMAL)$/;

interface Leaf {
  /** a SQL list of every value at this place in a record (nested), or the column (top level) */
  values: string;
  key: string;
  top: boolean;
  /** a top-level column read as BIGINT (DuckDB found whole numbers only) or as the numbers' text (it found DOUBLE) */
  read?: 'BIGINT' | 'VARCHAR';
}

/**
 * How a top-level column of type `t` is read again: a BIGINT column as BIGINT (its values' sizes tell int from long),
 * a DOUBLE one as its numbers' text (whole numbers are written without a fraction or an exponent) — cheaper than
 * JSON, which every other numeric or JSON place is read as.
 */
function topRead(t: DuckDbType): 'BIGINT' | 'VARCHAR' | undefined {
  if (t.kind !== 'named') return undefined;
  return t.name === 'BIGINT' ? 'BIGINT' : t.name === 'DOUBLE' ? 'VARCHAR' : undefined;
}


/** The kinds (a SQL list) of a top-level column read as {@link topRead} says. */
function topKinds(v: string, read: 'BIGINT' | 'VARCHAR'): string {
  const kinds =
    read === 'BIGINT'
      ? [`CASE WHEN bool_or(${v} ${INT32}) THEN 'INTEGER' END`, `CASE WHEN bool_or(${v} NOT ${INT32}) THEN 'BIGINT' END`]
      : (() => {
          const whole = `NOT (strpos(${v}, '.') > 0 OR strpos(${v}, 'e') > 0 OR strpos(${v}, 'E') > 0)`;
          return [
            `CASE WHEN bool_or(NOT (${whole})) THEN 'DOUBLE' END`,
            `CASE WHEN bool_or(${whole} AND TRY_CAST(${v} AS BIGINT) ${INT32}) THEN 'INTEGER' END`,
            `CASE WHEN bool_or(${whole} AND TRY_CAST(${v} AS BIGINT) NOT ${INT32}) THEN 'BIGINT' END`,
            `CASE WHEN bool_or(${whole} AND TRY_CAST(${v} AS BIGINT) IS NULL) THEN 'UBIGINT' END`,
          ];
        })();
  return `list_filter([${kinds.join(', ')}], lambda k: k IS NOT NULL)`;
}

/** `t` with every numeric or JSON place read as JSON (undefined when it has none: the column is not read again). */
function probeType(t: DuckDbType): string | undefined {
  switch (t.kind) {
    case 'named':
      return t.name === 'JSON' || NUMERIC.test(t.name) ? 'JSON' : undefined;
    case 'list': {
      const e = probeType(t.element);
      return e === undefined ? undefined : `${e}[]`;
    }
    case 'struct': {
      const fields = t.fields.map((f) => ({ f, probe: probeType(f.type) }));
      if (fields.every((x) => x.probe === undefined)) return undefined;
      return `STRUCT(${fields.map(({ f, probe }) => `${ident(f.name)} ${probe ?? formatDuck(f.type)}`).join(', ')})`;
    }
    default:
      return undefined;
  }
}

function formatDuck(t: DuckDbType): string {
  switch (t.kind) {
    case 'named':
      return t.params.length > 0 ? `${t.name}(${t.params.join(', ')})` : t.name;
    case 'list':
      return `${formatDuck(t.element)}[]`;
    case 'struct':
      return `STRUCT(${t.fields.map((f) => `${ident(f.name)} ${formatDuck(f.type)}`).join(', ')})`;
    case 'map':
      return `MAP(${formatDuck(t.key)}, ${formatDuck(t.value)})`;
    case 'union':
      return `UNION(${t.members.map((m) => `${ident(m.name)} ${formatDuck(m.type)}`).join(', ')})`;
  }
}

function leaves(t: DuckDbType, values: string, key: string, top: boolean, out: Leaf[]): void {
  switch (t.kind) {
    case 'named':
      if (t.name === 'JSON' || NUMERIC.test(t.name)) out.push({ values, key, top });
      return;
    case 'struct':
      for (const f of t.fields) leaves(f.type, `list_transform(${top ? `[${values}]` : values}, lambda x: struct_extract(x, ${literal(f.name)}))`, `${key}.${f.name}`, false, out);
      return;
    case 'list':
      leaves(t.element, `flatten(${top ? `[${values}]` : values})`, `${key}[]`, false, out);
      return;
    default:
      return;
  }
}

/**
 * The types of the numeric and JSON places of the described columns (`name` → DuckDB type as DESCRIBE gave it),
 * decided from the data: place key (`name`, `a.b`, `l[]`) → `INTEGER`, `BIGINT`, `DOUBLE`, another scalar type,
 * `VARCHAR` (no value) or `JSON` (values of several types). `readAs(columns)` is the files' read_json with a
 * `columns={…}` text.
 */
export async function jsonPlaceTypes(conn: DuckDBConnection, readAs: (columns: string) => string, columns: { name: string; type: DuckDbType }[]): Promise<Map<string, string>> {
  const probes: { name: string; type: string }[] = [];
  const all: Leaf[] = [];
  for (const c of columns) {
    const read = topRead(c.type);
    if (read !== undefined) {
      probes.push({ name: c.name, type: read });
      all.push({ values: ident(c.name), key: c.name, top: true, read });
      continue;
    }
    const probe = probeType(c.type);
    if (probe === undefined) continue;
    probes.push({ name: c.name, type: probe });
    // the leaves of what the probe reads (its own types, parsed)
    leaves(parseDuckDbType(probe), ident(c.name), c.name, true, all);
  }
  const out = new Map<string, string>();
  if (probes.length === 0) return out;
  const read = readAs(probes.map((p) => `${literal(p.name)}: ${literal(p.type)}`).join(', '));
  // one pass: per place, its values' distinct kinds (nulls left out)
  const present = (v: string) => `${v} IS NOT NULL AND json_type(${v}) <> 'NULL'`;
  const inner: string[] = [];
  const outer = all.map((l, i) => {
    if (l.read !== undefined) return topKinds(l.values, l.read);
    if (l.top) return `list(DISTINCT ${jsonKindSql(l.values)}) FILTER (WHERE ${present(l.values)})`;
    inner.push(`(SELECT list(DISTINCT ${jsonKindSql('v')}) FILTER (WHERE ${present('v')}) FROM (SELECT unnest(${l.values}) AS v)) AS t${i}`);
    return `list_distinct(flatten(list(t${i})))`;
  });
  const from = inner.length === 0 ? read : `(SELECT *, ${inner.join(', ')} FROM ${read})`;
  const row = (await conn.runAndReadAll(`SELECT ${outer.join(', ')} FROM ${from}`)).getRowsJson()[0] as (string[] | null)[];
  all.forEach((l, i) => {
    const kinds = [...new Set((row[i] ?? []).map((k) => ONE_KIND[k] ?? k))];
    out.set(l.key, kinds.length === 0 ? 'VARCHAR' : kinds.length === 1 && ONE_KIND[kinds[0]!] !== undefined ? kinds[0]! : 'JSON');
  });
  return out;
}
