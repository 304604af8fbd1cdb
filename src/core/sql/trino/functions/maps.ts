/**
 * Map functions (trinodb/trino docs/src/main/sphinx/functions/map.md). DuckDB's maps keep their entries' order, as
 * Trino shows them here; entries are `{key, value}` structs where Trino's `map_entries` gives rows. The lambdas of
 * map_filter, transform_keys, transform_values and map_zip_with are applied to each entry by substitution
 * (arrays.ts `apply`). `map[k]` of a missing key fails (expressions.ts); `element_at` gives NULL (arrays.ts).
 */
import { failure, join, sql, type Sql } from '../../dialects/emit';
import { duckDbType, rowFieldKey, T, type SqlType } from '../../dialects/sqlType';
import { str } from '../casts';
import { agg, custom, type FunctionTable } from './registry';
import { apply, distinct } from './arrays';

const entryRow = (e: Sql) => sql`{'field0': ${e}.key, 'field1': ${e}.value}`;

/** A row's two fields (entries of map_from_entries) as a DuckDB map entry. */
function entryOf(rowType: SqlType, e: Sql): Sql {
  const fields = rowType.kind === 'row' ? rowType.fields : [];
  return sql`{'key': struct_extract(${e}, ${str(rowFieldKey(fields[0] ?? { type: T.unknown }, 0))}), 'value': struct_extract(${e}, ${str(rowFieldKey(fields[1] ?? { type: T.unknown }, 1))})}`;
}

export const MAPS: FunctionTable = {
  map: custom(['-> map(unknown, unknown)', 'array(K), array(V) -> map(K, V)'], (c) => {
    if (c.args.length === 0) return sql`CAST(MAP() AS ${duckDbType(T.map(T.integer, T.integer))})`;
    const [k, v] = c.args.map((a) => a.sql);
    return sql`CASE WHEN len(${k}) <> len(${v}) THEN ${failure("'Key and value arrays must be the same length'")} ELSE MAP(${k}, ${v}) END`;
  }),
  map_from_entries: custom('array(any) -> map(K, V)', (c) => sql`map_from_entries(list_transform(${c.args[0]!.sql}, lambda e: ${entryOf((c.args[0]!.type as Extract<SqlType, { kind: 'array' }>).element, sql`e`)}))`, {
    returns: (args) => {
      const row = (args[0]!.type as Extract<SqlType, { kind: 'array' }>).element;
      return row.kind === 'row' && row.fields.length === 2 ? T.map(row.fields[0]!.type, row.fields[1]!.type) : T.map(T.unknown, T.unknown);
    },
  }),
  multimap_from_entries: custom('array(any) -> map(K, V)', (c) => {
    const rowType = (c.args[0]!.type as Extract<SqlType, { kind: 'array' }>).element;
    const entries = sql`list_transform(${c.args[0]!.sql}, lambda e: ${entryOf(rowType, sql`e`)})`;
    const keys = distinct(sql`list_transform(${entries}, lambda e: e['key'])`);
    return sql`map_from_entries(list_transform(${keys}, lambda k: {'key': k, 'value': list_transform(list_filter(${entries}, lambda e: e['key'] = k), lambda e: e['value'])}))`;
  }, {
    returns: (args) => {
      const row = (args[0]!.type as Extract<SqlType, { kind: 'array' }>).element;
      return row.kind === 'row' && row.fields.length === 2 ? T.map(row.fields[0]!.type, T.array(row.fields[1]!.type)) : T.map(T.unknown, T.unknown);
    },
  }),
  map_entries: custom('map(K, V) -> array(any)', (c) => sql`list_transform(map_entries(${c.args[0]!.sql}), lambda e: ${entryRow(sql`e`)})`, {
    returns: (args) => {
      const m = args[0]!.type as Extract<SqlType, { kind: 'map' }>;
      return T.array(T.row([{ type: m.key }, { type: m.value }]));
    },
  }),
  map_concat: custom('map(K, V), map(K, V)... -> map(K, V)', (c) => sql`CASE WHEN ${join(c.args.map((a) => sql`${a.sql} IS NULL`), ' OR ')} THEN NULL ELSE map_concat(${join(c.args.map((a) => a.sql))}) END`),
  map_filter: custom('map(K, V), function(K, V, boolean) -> map(K, V)', (c) =>
    sql`map_from_entries(list_filter(map_entries(${c.args[0]!.sql}), lambda e: ${apply(c.args[1]!, sql`e['key']`, sql`e['value']`)}))`,
  ),
  map_keys: custom('map(K, V) -> array(K)', (c) => sql`map_keys(${c.args[0]!.sql})`),
  map_values: custom('map(K, V) -> array(V)', (c) => sql`map_values(${c.args[0]!.sql})`),
  map_zip_with: custom('map(K, V1), map(K, V2), function(K, V1, V2, V3) -> map(K, V3)', (c) => {
    const [a, b, f] = c.args;
    const keys = distinct(sql`list_concat(map_keys(${a!.sql}), map_keys(${b!.sql}))`);
    return sql`CASE WHEN ${a!.sql} IS NULL OR ${b!.sql} IS NULL THEN NULL ELSE map_from_entries(list_transform(${keys}, lambda k: {'key': k, 'value': ${apply(f!, sql`k`, sql`${a!.sql}[k]`, sql`${b!.sql}[k]`)}})) END`;
  }),
  transform_keys: custom('map(K1, V), function(K1, V, K2) -> map(K2, V)', (c) =>
    sql`map_from_entries(list_transform(map_entries(${c.args[0]!.sql}), lambda e: {'key': ${apply(c.args[1]!, sql`e['key']`, sql`e['value']`)}, 'value': e['value']}))`,
  ),
  transform_values: custom('map(K, V1), function(K, V1, V2) -> map(K, V2)', (c) =>
    sql`map_from_entries(list_transform(map_entries(${c.args[0]!.sql}), lambda e: {'key': e['key'], 'value': ${apply(c.args[1]!, sql`e['key']`, sql`e['value']`)}}))`,
  ),
  map_agg: agg('list', 'K, V -> map(K, V)', {
    args: (c) => [sql`{'key': ${c.args[0]!.sql}, 'value': ${c.args[1]!.sql}}`],
    // the aggregate's list bound once, outside every lambda (DuckDB fails to bind an aggregate repeated inside a
    // lambda whose parameter shares a column's name: multimap_agg(k, v) over a column k)
    wrap: (l) => sql`list_transform([${l}], lambda __ml: map_from_entries(list_filter(__ml, lambda __me, __mi: __me['key'] IS NOT NULL AND list_position(list_transform(__ml, lambda __mx: __mx['key']), __me['key']) = __mi)))[1]`,
  }),
  multimap_agg: agg('list', 'K, V -> map(K, array(V))', {
    args: (c) => [sql`{'key': ${c.args[0]!.sql}, 'value': ${c.args[1]!.sql}}`],
    wrap: (l) => {
      const keys = distinct(sql`list_filter(list_transform(__ml, lambda __me: __me['key']), lambda __mk: __mk IS NOT NULL)`);
      return sql`list_transform([${l}], lambda __ml: map_from_entries(list_transform(${keys}, lambda __mk: {'key': __mk, 'value': list_transform(list_filter(__ml, lambda __me: __me['key'] = __mk), lambda __me: __me['value'])})))[1]`;
    },
  }),
  histogram: agg('histogram', 'K -> map(K, bigint)', { wrap: (s, c) => sql`CAST(${s} AS ${duckDbType(c.returns)})` }),
};
