/**
 * Spark's ANSI intervals (year-month, day-time) on DuckDB's INTERVAL: a year-month interval is held as months, a
 * day-time interval as microseconds, so each reads as one number (its months or microseconds) and back. Functions:
 * make_ym_interval, make_dt_interval; extract/date_part of an interval's fields; arithmetic (× and ÷ by a number,
 * rounded half up; div); aggregates and width_bucket over the numbers. make_interval (Spark's CalendarInterval, a
 * third type mixing both) is not translated.
 */
import { type Sql } from '../../dialects/emit';
import { T, type SqlType } from '../../dialects/sqlType';
import type { Typed } from '../model';
import type { Translator } from '../translator';
import { custom, type Call, type FunctionTable } from './registry';
import { sql } from '../sqlText';

export type IntervalType = Extract<SqlType, { kind: 'interval' }>;

/** an interval's months (year-month) or microseconds (day-time), as a BIGINT */
export function intervalNumber(x: Sql, type: IntervalType): Sql {
  return type.unit === 'year to month' ? sql`(datepart('year', ${x}) * 12 + datepart('month', ${x}))` : sql`epoch_us(${x})`;
}

/** months or microseconds (any number type; rounded half up when fractional) as an interval */
export function numberInterval(n: Sql, type: IntervalType): Sql {
  return type.unit === 'year to month' ? sql`to_months(CAST(round(${n}) AS INTEGER))` : sql`to_microseconds(CAST(round(${n}) AS BIGINT))`;
}

/** interval × number, interval ÷ number (Multiply/DivideYMInterval, …DTInterval: HALF_UP); ÷ 0 fails (NULL in try_divide) */
export function scaleInterval(t: Translator, i: Typed, n: Typed, op: '*' | '/', nullOnZero: boolean): Typed {
  const type = i.type as IntervalType;
  const num = intervalNumber(i.sql, type);
  if (op === '*') return { sql: numberInterval(sql`${num} * CAST(${n.sql} AS DOUBLE)`, type), type, at: i.at, atom: true };
  const zero = nullOnZero ? sql`NULL` : t.runtimeError(i.at, '[INTERVAL_DIVIDED_BY_ZERO] Division by zero.');
  return { sql: sql`CASE WHEN ${n.sql} = 0 THEN ${zero} ELSE ${numberInterval(sql`${num} / CAST(${n.sql} AS DOUBLE)`, type)} END`, type, at: i.at, atom: true };
}

/** extract / date_part of an interval: YEAR and MONTH of year-month ones; DAY, HOUR, MINUTE, SECOND of day-time ones */
export function intervalField(c: Call, field: string, x: Typed): Typed {
  const type = x.type as IntervalType;
  const n = intervalNumber(x.sql, type);
  const f = field.toUpperCase();
  if (type.unit === 'year to month') {
    if (f === 'YEAR' || f === 'YEARS' || f === 'Y' || f === 'YR' || f === 'YRS') return { sql: sql`CAST(trunc(${n} / 12) AS INTEGER)`, type: T.integer, at: c.at, atom: true };
    if (f === 'MONTH' || f === 'MONTHS' || f === 'MON' || f === 'MONS') return { sql: sql`CAST(${n} % 12 AS TINYINT)`, type: T.tinyint, at: c.at, atom: true };
  } else {
    if (f === 'DAY' || f === 'DAYS' || f === 'D') return { sql: sql`CAST(trunc(${n} / 86400000000) AS BIGINT)`, type: T.bigint, at: c.at, atom: true };
    if (f === 'HOUR' || f === 'HOURS' || f === 'H' || f === 'HR' || f === 'HRS') return { sql: sql`CAST(trunc((${n} % 86400000000) / 3600000000) AS TINYINT)`, type: T.tinyint, at: c.at, atom: true };
    if (f === 'MINUTE' || f === 'MINUTES' || f === 'MIN' || f === 'MINS' || f === 'M') return { sql: sql`CAST(trunc((${n} % 3600000000) / 60000000) AS TINYINT)`, type: T.tinyint, at: c.at, atom: true };
    if (f === 'SECOND' || f === 'SECONDS' || f === 'S' || f === 'SEC' || f === 'SECS') return { sql: sql`CAST((${n} % 60000000) / 1000000.0 AS DECIMAL(8,6))`, type: T.decimal(8, 6), at: c.at, atom: true };
  }
  throw c.t.fail(c.args[0]!.at, `[INVALID_EXTRACT_FIELD] Cannot extract ${field} from ${x.name ?? 'the interval'}.`);
}

function makeYm(c: Call): Typed {
  const y = c.args[0] ? c.arg(0, T.integer).sql : sql`0`;
  const m = c.args[1] ? c.arg(1, T.integer).sql : sql`0`;
  return { sql: sql`to_months(CAST(CAST(${y} AS BIGINT) * 12 + ${m} AS INTEGER))`, type: T.intervalYM, at: c.at, atom: true };
}

function makeDt(c: Call): Typed {
  const d = c.args[0] ? c.arg(0, T.integer).sql : sql`0`;
  const h = c.args[1] ? c.arg(1, T.integer).sql : sql`0`;
  const m = c.args[2] ? c.arg(2, T.integer).sql : sql`0`;
  const s = c.args[3] ? c.arg(3, T.decimal(18, 6)).sql : sql`0`;
  const micros = sql`CAST(${d} AS BIGINT) * 86400000000 + CAST(${h} AS BIGINT) * 3600000000 + CAST(${m} AS BIGINT) * 60000000 + CAST(${s} * 1000000 AS BIGINT)`;
  return { sql: sql`to_microseconds(${micros})`, type: T.intervalDS, at: c.at, atom: true };
}

export const INTERVALS: FunctionTable = {
  make_ym_interval: custom([0, 2], makeYm),
  make_dt_interval: custom([0, 4], makeDt),
};
