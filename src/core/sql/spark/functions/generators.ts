/**
 * Generators (Spark 3.5 reference, generator_funcs): the functions that make rows — in a select list, in
 * `LATERAL VIEW` and in FROM. Each gives its columns with Spark's default names; DuckDB's `unnest` in a select list
 * makes the rows (several unnests in one select list are zipped, as `posexplode` needs).
 *
 * | generator | Spark columns | rows |
 * | --- | --- | --- |
 * | explode(array) / explode(map) | col / key, value | one per element; none for NULL or empty |
 * | explode_outer | same | one row of NULLs for NULL or empty |
 * | posexplode(_outer) | pos (0-based), col / pos, key, value | as explode |
 * | inline(_outer)(array<struct>) | the struct's fields | one per element |
 * | stack(n, a, b, …) | col0, col1, … | n rows, missing cells NULL |
 * | json_tuple(json, k1, …) | c0, c1, … | one |
 */
import type { ParserRuleContext } from 'antlr4ng';
import { join, type Sql } from '../../dialects/emit';
import { rowFieldKey, T, type SqlType } from '../../dialects/sqlType';
import { coerce, unify } from '../coerce';
import type { Typed } from '../model';
import { sql, str } from '../sqlText';
import type { Translator } from '../translator';
import { sparkSqlTypeName } from '../types';
import { jsonTupleColumns } from './json';

export interface GeneratedColumn {
  name: string;
  type: SqlType;
  sql: Sql;
}

export const GENERATORS = new Set(['explode', 'explode_outer', 'posexplode', 'posexplode_outer', 'inline', 'inline_outer', 'stack', 'json_tuple']);

/** the list an outer generator unnests: the value, or one NULL element for NULL or empty */
function outerList(x: Sql, outer: boolean): Sql {
  return outer ? sql`CASE WHEN len(${x}) > 0 THEN ${x} ELSE [NULL] END` : x;
}

export function generatorColumns(t: Translator, name: string, args: Typed[], node: ParserRuleContext): GeneratedColumn[] {
  const outer = name.endsWith('_outer');
  const base = outer ? name.slice(0, -'_outer'.length) : name;
  const one = () => {
    if (args.length !== 1) throw t.fail(node, `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires 1 parameters but the actual number is ${args.length}.`);
    return args[0]!;
  };
  switch (base) {
    case 'explode':
    case 'posexplode': {
      const x = one();
      const pos = base === 'posexplode';
      if (x.type.kind === 'array') {
        const list = outerList(x.sql, outer);
        const cols: GeneratedColumn[] = [];
        if (pos) cols.push({ name: 'pos', type: T.integer, sql: outer ? sql`CASE WHEN len(${x.sql}) > 0 THEN unnest(range(0, len(${x.sql}))) ELSE unnest([NULL]) END` : sql`CAST(unnest(range(0, len(${x.sql}))) AS INTEGER)` });
        cols.push({ name: 'col', type: x.type.element, sql: sql`unnest(${list})` });
        if (pos && outer) cols[0] = { name: 'pos', type: T.integer, sql: sql`CAST(unnest(CASE WHEN len(${x.sql}) > 0 THEN range(0, len(${x.sql})) ELSE [NULL] END) AS INTEGER)` };
        return cols;
      }
      if (x.type.kind === 'map') {
        const keys = outerList(sql`map_keys(${x.sql})`, outer);
        const values = outerList(sql`map_values(${x.sql})`, outer);
        const cols: GeneratedColumn[] = [];
        if (pos) cols.push({ name: 'pos', type: T.integer, sql: sql`CAST(unnest(${outerList(sql`range(0, CAST(cardinality(${x.sql}) AS BIGINT))`, outer)}) AS INTEGER)` });
        cols.push({ name: 'key', type: x.type.key, sql: sql`unnest(${keys})` }, { name: 'value', type: x.type.value, sql: sql`unnest(${values})` });
        return cols;
      }
      throw t.fail(node, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(${x.name ?? '…'})" due to data type mismatch: Parameter 1 requires the ("ARRAY" or "MAP") type, however "${x.name ?? 'the argument'}" has the type "${sparkSqlTypeName(x.type)}".`);
    }
    case 'inline': {
      const x = one();
      if (x.type.kind !== 'array' || x.type.element.kind !== 'row') throw t.fail(node, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(…)": the input must be an array of structs, not "${sparkSqlTypeName(x.type)}".`);
      const fields = x.type.element.fields;
      const list = outerList(x.sql, outer);
      return fields.map((f, i) => ({ name: f.name ?? `col${i + 1}`, type: f.type, sql: sql`struct_extract(unnest(${list}), ${str(rowFieldKey(f, i))})` }));
    }
    case 'stack': {
      const n = args[0];
      if (!n || typeof n.value !== 'number' || !Number.isInteger(n.value) || n.value < 1) throw t.fail(node, '[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] The number of rows of stack must be a positive integer constant.');
      const values = args.slice(1);
      const rows = n.value;
      const width = Math.ceil(values.length / rows);
      const columns = Array.from({ length: width }, (_, j) => {
        const cells = Array.from({ length: rows }, (_, r) => values[r * width + j]);
        const present = cells.filter((c): c is Typed => c !== undefined);
        const u = unify(t, present, '"stack(…)"', node);
        return { name: `col${j}`, type: u.type, cells: cells.map((c) => (c === undefined ? undefined : coerce(t, c, u.type))) };
      });
      const list = (j: number) => sql`[${join(columns[j]!.cells.map((c) => (c === undefined ? sql`NULL` : c.type.kind === 'unknown' ? sql`CAST(NULL AS INTEGER)` : c.sql)))}]`;
      return columns.map((col, j) => ({ name: col.name, type: col.type, sql: sql`unnest(${list(j)})` }));
    }
    case 'json_tuple':
      return jsonTupleColumns(t, args, node);
    default:
      throw t.unsupported(node, name);
  }
}
