/**
 * Whether INSERT may put a query's column into a table's column: Trino's implicit coercions (the query's type can
 * be coerced to the table's without a CAST), as its analyzer checks them — otherwise the statement fails with
 * `Insert query has mismatched column types: Table: [varchar, bigint], Query: [varchar, varchar]`.
 *
 * Source: trinodb/trino core/trino-main/src/main/java/io/trino/type/TypeCoercion.java (canCoerce) and
 * StatementAnalyzer's checkTypesMatchForInsert.
 */
import { duckDbTypeToAthena, parseDuckDbType, parseHiveType, type DuckDbType, type HiveType } from '../../sql/types';

/** A type as Trino names it, reduced to what coercion looks at. */
type TrinoType =
  | { kind: 'scalar'; name: string }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'array'; element: TrinoType }
  | { kind: 'map'; key: TrinoType; value: TrinoType }
  | { kind: 'row'; fields: TrinoType[] }
  | { kind: 'unknown' };

/** digits an integer type needs in a decimal */
const INTEGER_DIGITS: Record<string, number> = { tinyint: 3, smallint: 5, integer: 10, bigint: 19 };

/** scalar → the scalars it coerces to implicitly (decimals: see canCoerce) */
const WIDENS_TO: Record<string, readonly string[]> = {
  tinyint: ['smallint', 'integer', 'bigint', 'real', 'double'],
  smallint: ['integer', 'bigint', 'real', 'double'],
  integer: ['bigint', 'real', 'double'],
  bigint: ['real', 'double'],
  real: ['double'],
  date: ['timestamp'],
  // a string's length is not known here (DuckDB's VARCHAR has none): varchar(n) and char(n) columns take it
  varchar: ['char'],
};

function fromHive(t: HiveType): TrinoType {
  switch (t.kind) {
    case 'primitive': {
      const names: Record<string, string> = { string: 'varchar', int: 'integer', float: 'real', binary: 'varbinary' };
      return { kind: 'scalar', name: names[t.name] ?? t.name };
    }
    case 'decimal':
      return { kind: 'decimal', precision: t.precision, scale: t.scale };
    case 'varchar':
      return { kind: 'scalar', name: 'varchar' };
    case 'char':
      return { kind: 'scalar', name: 'char' };
    case 'array':
      return { kind: 'array', element: fromHive(t.element) };
    case 'map':
      return { kind: 'map', key: fromHive(t.key), value: fromHive(t.value) };
    case 'struct':
      return { kind: 'row', fields: t.fields.map((f) => fromHive(f.type)) };
  }
}

function fromDuck(t: DuckDbType): TrinoType {
  switch (t.kind) {
    case 'named': {
      if (t.name === 'NULL' || t.name === 'SQLNULL') return { kind: 'unknown' };
      // DuckDB's sum and count over bigint give HUGEINT where Trino gives bigint
      if (t.name === 'HUGEINT' || t.name === 'INT128') return { kind: 'scalar', name: 'bigint' };
      if (t.name === 'DECIMAL' || t.name === 'NUMERIC') return { kind: 'decimal', precision: Number(t.params[0] ?? 18), scale: Number(t.params[1] ?? 3) };
      return { kind: 'scalar', name: duckDbTypeToAthena(t.name) };
    }
    case 'list':
      return { kind: 'array', element: fromDuck(t.element) };
    case 'map':
      return { kind: 'map', key: fromDuck(t.key), value: fromDuck(t.value) };
    case 'struct':
      return { kind: 'row', fields: t.fields.map((f) => fromDuck(f.type)) };
    case 'union':
      return { kind: 'scalar', name: 'union' };
  }
}

function canCoerce(from: TrinoType, to: TrinoType): boolean {
  if (from.kind === 'unknown') return true;
  if (to.kind === 'decimal') {
    if (from.kind === 'decimal') return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
    return from.kind === 'scalar' && INTEGER_DIGITS[from.name] !== undefined && to.precision - to.scale >= INTEGER_DIGITS[from.name]!;
  }
  if (from.kind === 'decimal') return to.kind === 'scalar' && (to.name === 'real' || to.name === 'double');
  if (from.kind === 'scalar' && to.kind === 'scalar') return from.name === to.name || (WIDENS_TO[from.name] ?? []).includes(to.name);
  if (from.kind === 'array' && to.kind === 'array') return canCoerce(from.element, to.element);
  if (from.kind === 'map' && to.kind === 'map') return canCoerce(from.key, to.key) && canCoerce(from.value, to.value);
  if (from.kind === 'row' && to.kind === 'row') return from.fields.length === to.fields.length && from.fields.every((f, i) => canCoerce(f, to.fields[i]!));
  return false;
}

/** Trino's name of a Hive column type: `string` → `varchar`, `array<int>` → `array(integer)` */
export function trinoTypeOfHive(type: string): string {
  const show = (t: HiveType): string => {
    switch (t.kind) {
      case 'primitive':
        return (fromHive(t) as { name: string }).name;
      case 'decimal':
        return `decimal(${t.precision},${t.scale})`;
      case 'varchar':
      case 'char':
        return `${t.kind}(${t.length})`;
      case 'array':
        return `array(${show(t.element)})`;
      case 'map':
        return `map(${show(t.key)}, ${show(t.value)})`;
      case 'struct':
        return `row(${t.fields.map((f) => `${f.name} ${show(f.type)}`).join(', ')})`;
    }
  };
  return show(parseHiveType(type));
}

/** Whether a query column of DuckDB type `queryType` may be inserted into a column of Hive type `tableType`. */
export function insertCoercible(queryType: string, tableType: string): boolean {
  let from: TrinoType;
  try {
    from = fromDuck(parseDuckDbType(queryType));
  } catch {
    return false;
  }
  return canCoerce(from, fromHive(parseHiveType(tableType)));
}
