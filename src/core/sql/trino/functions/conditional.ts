/**
 * Conditional and comparison functions (trinodb/trino docs/src/main/sphinx/functions/conditional.md,
 * comparison.md): `greatest`/`least` are NULL when an argument is NULL (DuckDB's skip NULLs); `typeof` names the
 * argument's Trino type, known before the query runs. IF, TRY and COALESCE are special forms (expressions.ts,
 * call.ts).
 */
import { join, sql } from '../../dialects/emit';
import { isFloating, trinoTypeName } from '../../dialects/sqlType';
import { str } from '../casts';
import { custom, type FunctionTable } from './registry';

// Of doubles, NaN is passed over unless every argument is NaN (trinodb/trino#5851: greatest(NaN(), 5, 4, 3) is 5.0);
// DuckDB's greatest holds NaN the greatest
const extremum = (name: string) =>
  custom('T, T... -> T', (c) => {
    const all = sql`${name}(${join(c.args.map((a) => a.sql))})`;
    const value = isFloating(c.returns) ? sql`coalesce(${name}(${join(c.args.map((a) => sql`CASE WHEN isnan(${a.sql}) THEN NULL ELSE ${a.sql} END`))}), ${all})` : all;
    return sql`CASE WHEN ${join(c.args.map((a) => sql`${a.sql} IS NULL`), ' OR ')} THEN NULL ELSE ${value} END`;
  });

export const CONDITIONAL: FunctionTable = {
  greatest: extremum('greatest'),
  least: extremum('least'),
  coalesce: custom('T, T... -> T', (c) => sql`COALESCE(${join(c.args.map((a) => a.sql))})`),
  nullif: custom('T, T -> T', (c) => sql`nullif(${c.args[0]!.sql}, ${c.args[1]!.sql})`, { returns: (_, c) => c.given[0]!.type }),
  typeof: custom('any -> varchar', (c) => str(trinoTypeName(c.given[0]!.type))),
};
