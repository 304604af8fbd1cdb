/**
 * Bitwise functions (trinodb/trino docs/src/main/sphinx/functions/bitwise.md). Trino shifts with Java's wrapping
 * arithmetic in the value's width (DuckDB fails on overflow): shifts are done in 128 bits and wrapped back;
 * `bitwise_right_shift` is logical (zero fill), `…_arithmetic` keeps the sign; 64 or more bits shift everything out.
 */
import { sql, type Sql } from '../../dialects/emit';
import { duckDbType, type SqlType } from '../../dialects/sqlType';
import { failure } from '../../dialects/emit';
import { custom, fn, type FunctionTable } from './registry';

const WIDTH: Record<string, number> = { tinyint: 8, smallint: 16, integer: 32, bigint: 64 };
const SHIFTS = ['tinyint, bigint -> tinyint', 'smallint, bigint -> smallint', 'integer, bigint -> integer', 'bigint, bigint -> bigint'];

/** a non-negative HUGEINT below 2^w, read as a w-bit two's complement number of type `t` */
function signed(u: Sql, w: number, t: SqlType): Sql {
  return sql`CAST(CASE WHEN ${u} >= ${(2n ** BigInt(w - 1)).toString()}::HUGEINT THEN ${u} - ${(2n ** BigInt(w)).toString()}::HUGEINT ELSE ${u} END AS ${duckDbType(t)})`;
}

/** a w-bit value as its unsigned HUGEINT */
function unsigned(v: Sql, w: number): Sql {
  return sql`CASE WHEN ${v} < 0 THEN CAST(${v} AS HUGEINT) + ${(2n ** BigInt(w)).toString()}::HUGEINT ELSE CAST(${v} AS HUGEINT) END`;
}

export const BITWISE: FunctionTable = {
  bitwise_and: fn('bigint, bigint -> bigint', (x, y) => sql`(${x} & ${y})`),
  bitwise_or: fn('bigint, bigint -> bigint', (x, y) => sql`(${x} | ${y})`),
  bitwise_xor: fn('bigint, bigint -> bigint', (x, y) => sql`xor(${x}, ${y})`),
  bitwise_not: fn('bigint -> bigint', (x) => sql`(~${x})`),
  bit_count: fn('bigint, bigint -> bigint', (x, bits) =>
    sql`CASE WHEN ${bits} < 2 OR ${bits} > 64 THEN ${failure("'Bits specified in bit_count must be between 2 and 64'")} WHEN ${bits} < 64 AND (${x} >= (CAST(1 AS HUGEINT) << CAST(${bits} - 1 AS INTEGER)) OR ${x} < -(CAST(1 AS HUGEINT) << CAST(${bits} - 1 AS INTEGER))) THEN ${failure(sql`'Number must be representable with the bits specified. ' || ${x} || ' cannot be represented with ' || ${bits} || ' bits'`)} ELSE CAST(bit_count(CASE WHEN ${bits} = 64 THEN ${x} ELSE ${x} & ((CAST(1 AS BIGINT) << ${bits}) - 1) END) AS BIGINT) END`,
  ),
  bitwise_left_shift: custom(SHIFTS, (c) => {
    const [v, s] = c.args.map((a) => a.sql);
    const w = WIDTH[c.returns.kind]!;
    const shifted = sql`((${unsigned(v!, w)} << CAST(${s} AS INTEGER)) % ${(2n ** BigInt(w)).toString()}::HUGEINT)`;
    return sql`CASE WHEN ${s} >= ${String(w)} OR ${s} < 0 THEN CAST(0 AS ${duckDbType(c.returns)}) ELSE ${signed(shifted, w, c.returns)} END`;
  }),
  bitwise_right_shift: custom(SHIFTS, (c) => {
    const [v, s] = c.args.map((a) => a.sql);
    const w = WIDTH[c.returns.kind]!;
    return sql`CASE WHEN ${s} >= ${String(w)} OR ${s} < 0 THEN CAST(0 AS ${duckDbType(c.returns)}) ELSE ${signed(sql`(${unsigned(v!, w)} >> CAST(${s} AS INTEGER))`, w, c.returns)} END`;
  }),
  bitwise_right_shift_arithmetic: custom(SHIFTS, (c) => {
    const [v, s] = c.args.map((a) => a.sql);
    const w = WIDTH[c.returns.kind]!;
    return sql`CASE WHEN ${s} >= ${String(w)} THEN CAST(CASE WHEN ${v} < 0 THEN -1 ELSE 0 END AS ${duckDbType(c.returns)}) ELSE CAST(${v} >> CAST(${s} AS INTEGER) AS ${duckDbType(c.returns)}) END`;
  }),
};
