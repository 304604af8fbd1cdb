/**
 * Bitwise, conversion and miscellaneous functions: bit_count, bit_get/getbit, shiftleft/shiftright/
 * shiftrightunsigned (Java's shifts: the distance taken modulo the width, wrapping), the cast functions (`int(x)` is
 * `CAST(x AS INT)`…), typeof (Spark's type names), uuid and unseeded rand/random/randn (random values, as Spark's
 * are). Seeded random values (Spark's XORShiftRandom), hashes (Murmur3, xxHash64, CRC32), reflection, XPath and
 * the AES functions are not translated.
 */
import { type Sql } from '../../dialects/emit';
import { duckDbType, isIntegral, T, type SqlType } from '../../dialects/sqlType';
import { castSql } from '../casts';
import type { Typed } from '../model';
import { sql, str, wrapInteger } from '../sqlText';
import { SPARK_TIMESTAMP, sparkSqlTypeName, sparkTypeName } from '../types';
import { custom, type Call, type FunctionTable } from './registry';

const WIDTH: Record<string, 8 | 16 | 32 | 64> = { tinyint: 8, smallint: 16, integer: 32, bigint: 64 };

function integral(c: Call, i: number): Typed {
  const a = c.args[i]!;
  if (isIntegral(a.type)) return a;
  return c.arg(i, { oneOf: [T.integer, T.bigint] });
}

/** Java's shifts: int and long (smaller types widen to int), distance modulo 32 / 64 */
function shift(kind: 'left' | 'right' | 'unsigned') {
  return custom([2, 2], (c) => {
    let x = integral(c, 0);
    if (x.type.kind === 'tinyint' || x.type.kind === 'smallint') x = c.arg(0, T.integer);
    const bits = WIDTH[x.type.kind]!;
    const n = c.arg(1, T.integer);
    const d = sql`((${n.sql} % ${bits}) + ${bits}) % ${bits}`;
    const wide = sql`CAST(${x.sql} AS HUGEINT)`;
    let value: Sql;
    if (kind === 'left') value = wrapInteger(sql`${wide} << ${d}`, bits as 32 | 64, duckDbType(x.type));
    else if (kind === 'right') value = sql`CAST(${wide} >> ${d} AS ${duckDbType(x.type)})`;
    else value = wrapInteger(sql`(${wide} & ${(2n ** BigInt(bits) - 1n).toString()}) >> ${d}`, bits as 32 | 64, duckDbType(x.type));
    return { sql: value, type: x.type, at: c.at, atom: true };
  });
}

function bitGet(c: Call): Typed {
  const x = integral(c, 0);
  const p = c.arg(1, T.integer);
  const bits = WIDTH[x.type.kind]!;
  return {
    sql: sql`CASE WHEN ${p.sql} < 0 OR ${p.sql} >= ${bits} THEN ${c.t.runtimeError(c.at, sql`'[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) \`pos\` in \`${c.name}\` is invalid: expects an integer value in [0, ${bits}), but got ' || ${p.sql} || '.'`)} ELSE CAST((CAST(${x.sql} AS HUGEINT) >> ${p.sql}) & 1 AS TINYINT) END`,
    type: T.tinyint,
    at: c.at,
    atom: true,
  };
}

/** `int(x)`, `string(x)`, …: CAST */
function castFunction(to: SqlType) {
  return custom([1, 1], (c) => ({ sql: castSql(c.t, c.args[0]!, to), type: to, at: c.at, atom: true }), {
    prettyName: (c) => (c.args[0]!.name !== undefined ? `CAST(${c.args[0]!.name} AS ${sparkSqlTypeName(to)})` : undefined),
  });
}

function random(normal: boolean) {
  return custom([0, 1], (c) => {
    if (c.args[0] !== undefined) throw c.t.unsupported(c.node, `${c.name} with a seed`, "Spark's seeded XORShiftRandom sequence is not reproduced");
    return { sql: normal ? sql`(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))` : sql`random()`, type: T.double, at: c.at, atom: true };
  });
}

export const MISC: FunctionTable = {
  bit_count: custom([1, 1], (c) => {
    const a = c.args[0]!;
    if (a.type.kind === 'boolean') return { sql: sql`CAST(${a.sql} AS INTEGER)`, type: T.integer, at: c.at };
    const x = integral(c, 0);
    return { sql: sql`CAST(bit_count(${x.sql}) AS INTEGER)`, type: T.integer, at: c.at, atom: true };
  }),
  bit_get: custom([2, 2], bitGet),
  getbit: custom([2, 2], bitGet),
  shiftleft: shift('left'),
  shiftright: shift('right'),
  shiftrightunsigned: shift('unsigned'),
  typeof: custom([1, 1], (c) => {
    const a = c.args[0]!;
    if (a.type.kind === 'interval') throw c.t.unsupported(c.node, 'typeof of an interval', 'the translation keeps an interval\'s kind, not its fields');
    const name = sparkTypeName(a.type);
    return { sql: str(name), type: T.varchar, at: c.at, value: name, atom: true };
  }),
  boolean: castFunction(T.boolean),
  tinyint: castFunction(T.tinyint),
  smallint: castFunction(T.smallint),
  int: castFunction(T.integer),
  bigint: castFunction(T.bigint),
  float: castFunction(T.real),
  double: castFunction(T.double),
  decimal: castFunction(T.decimal(10, 0)),
  string: castFunction(T.varchar),
  binary: castFunction(T.varbinary),
  date: castFunction(T.date),
  timestamp: castFunction(SPARK_TIMESTAMP),
  uuid: custom([0, 0], (c) => ({ sql: sql`CAST(gen_random_uuid() AS VARCHAR)`, type: T.varchar, at: c.at, atom: true })),
  rand: random(false),
  random: random(false),
  randn: random(true),
};
