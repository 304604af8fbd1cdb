/**
 * Conditional and null functions: coalesce, nvl, nvl2, ifnull, nullif, if, nanvl, greatest, least (NULLs skipped),
 * isnull, isnotnull, isnan, equal_null, decode (the CASE form), assert_true, raise_error. Arguments take Spark's
 * wider common type (greatest/least: without promoting to string).
 */
import { join } from '../../dialects/emit';
import { T } from '../../dialects/sqlType';
import { coerce, comparisonOperands, unify } from '../coerce';
import type { Typed } from '../model';
import { compare } from '../operators';
import { sql, str } from '../sqlText';
import { sparkSqlTypeName, widerTypeWithoutStringPromotion } from '../types';
import { custom, type Call, type FunctionTable } from './registry';

function coalesce(c: Call): Typed {
  const u = unify(c.t, c.args, `"${c.name}(…)"`, c.node);
  return { sql: sql`coalesce(${join(u.items.map((i) => i.sql))})`, type: u.type, at: c.at, atom: true };
}

function greatestLeast(f: 'greatest' | 'least') {
  return custom([2, 1000], (c) => {
    const type = widerTypeWithoutStringPromotion(c.args.map((a) => a.type));
    if (!type || type.kind === 'map') throw c.t.fail(c.node, `[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "${f}(…)" due to data type mismatch: Input to \`${f}\` should all be the same type, but it's [${c.args.map((a) => `"${sparkSqlTypeName(a.type)}"`).join(', ')}].`);
    const items = c.args.map((a) => coerce(c.t, a, type));
    return { sql: sql`${f}(${join(items.map((i) => i.sql))})`, type, at: c.at, atom: true };
  });
}

function condition(c: Call, i: number): Typed {
  const a = c.args[i]!;
  if (a.type.kind === 'boolean') return a;
  if (a.type.kind === 'unknown') return coerce(c.t, a, T.boolean);
  throw c.t.fail(a.at, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${c.name}(…)" due to data type mismatch: Parameter 1 requires the "BOOLEAN" type, however "${a.name ?? 'the argument'}" has the type "${sparkSqlTypeName(a.type)}".`);
}

export const CONDITIONAL: FunctionTable = {
  coalesce: custom([1, 1000], coalesce),
  nvl: custom([2, 2], coalesce),
  ifnull: custom([2, 2], coalesce),
  nvl2: custom([3, 3], (c) => {
    const u = unify(c.t, [c.args[1]!, c.args[2]!], '"nvl2(…)"', c.node);
    return { sql: sql`CASE WHEN ${c.args[0]!.sql} IS NOT NULL THEN ${u.items[0]!.sql} ELSE ${u.items[1]!.sql} END`, type: u.type, at: c.at, atom: true };
  }),
  nullif: custom([2, 2], (c) => {
    const eq = compare(c.t, '=', c.args[0]!, c.args[1]!, c.node);
    const a = c.args[0]!;
    return { sql: sql`CASE WHEN ${eq.sql} THEN NULL ELSE ${a.sql} END`, type: a.type, at: c.at, atom: true };
  }),
  if: custom([3, 3], (c) => {
    const cond = condition(c, 0);
    const u = unify(c.t, [c.args[1]!, c.args[2]!], '"if(…)"', c.node);
    return { sql: sql`CASE WHEN ${cond.sql} THEN ${u.items[0]!.sql} ELSE ${u.items[1]!.sql} END`, type: u.type, at: c.at, atom: true };
  }),
  nanvl: custom([2, 2], (c) => {
    const type = c.args.some((a) => a.type.kind === 'double' || a.type.kind === 'decimal' || a.type.kind === 'varchar') || !c.args.some((a) => a.type.kind === 'real') ? T.double : T.real;
    const [a, b] = [c.arg(0, type), c.arg(1, type)];
    return { sql: sql`CASE WHEN isnan(${a.sql}) THEN ${b.sql} ELSE ${a.sql} END`, type, at: c.at, atom: true };
  }),
  greatest: greatestLeast('greatest'),
  least: greatestLeast('least'),
  isnull: custom([1, 1], (c) => ({ sql: sql`(${c.t.paren(c.args[0]!)} IS NULL)`, type: T.boolean, at: c.at })),
  isnotnull: custom([1, 1], (c) => ({ sql: sql`(${c.t.paren(c.args[0]!)} IS NOT NULL)`, type: T.boolean, at: c.at })),
  isnan: custom([1, 1], (c) => {
    const x = c.arg(0, T.double);
    return { sql: sql`coalesce(isnan(${x.sql}), false)`, type: T.boolean, at: c.at, atom: true };
  }),
  equal_null: {
    ...custom([2, 2], (c) => {
      const [a, b] = comparisonOperands(c.t, c.args[0]!, c.args[1]!, '<=>', c.node);
      return { sql: sql`(${c.t.paren(a)} IS NOT DISTINCT FROM ${c.t.paren(b)})`, type: T.boolean, at: c.at };
    }),
    since: '3.4.0',
  },
  decode: custom([2, 1000], (c) => {
    if (c.args.length === 2) {
      // decode(bin, charset): binary to string
      const cs = c.args[1]!.value;
      if (typeof cs === 'string' && !/^utf-?8$/i.test(cs)) throw c.t.unsupported(c.args[1]!.at, `decode with the character set ${cs}`);
      if (typeof cs !== 'string' && cs !== null) throw c.t.unsupported(c.args[1]!.at, 'decode with a character set that is not a constant');
      return { sql: sql`decode(${c.arg(0, T.varbinary).sql})`, type: T.varchar, at: c.at, atom: true };
    }
    const value = c.args[0]!;
    const rest = c.args.slice(1);
    const pairs = Math.floor(rest.length / 2);
    const results = Array.from({ length: pairs }, (_, i) => rest[2 * i + 1]!);
    const otherwise = rest.length % 2 === 1 ? rest[rest.length - 1]! : undefined;
    const u = unify(c.t, [...results, ...(otherwise ? [otherwise] : [])], '"decode(…)"', c.node);
    const whens = Array.from({ length: pairs }, (_, i) => {
      const [a, b] = comparisonOperands(c.t, value, rest[2 * i]!, '<=>', c.node);
      return sql` WHEN ${c.t.paren(a)} IS NOT DISTINCT FROM ${c.t.paren(b)} THEN ${u.items[i]!.sql}`;
    });
    return { sql: sql`CASE${join(whens, '')}${otherwise ? sql` ELSE ${u.items[u.items.length - 1]!.sql}` : ''} END`, type: u.type, at: c.at, atom: true };
  }),
  assert_true: custom([1, 2], (c) => {
    const cond = condition(c, 0);
    const message = c.args[1] ? c.arg(1, T.varchar).sql : str(`'${c.args[0]!.name ?? 'the condition'}' is not true!`);
    return { sql: sql`CASE WHEN ${cond.sql} THEN NULL ELSE ${c.t.runtimeError(c.at, message)} END`, type: T.unknown, at: c.at, atom: true };
  }),
  raise_error: custom([1, 1], (c) => ({ sql: c.t.runtimeError(c.at, c.arg(0, T.varchar).sql), type: T.unknown, at: c.at, atom: true })),
};
