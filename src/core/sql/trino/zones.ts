/**
 * Time zones. A `timestamp with time zone` is held in DuckDB as its instant (TIMESTAMPTZ; the engine's DuckDB runs
 * in UTC, Athena's session zone) and its zone is carried in the translation's type. ICU does the zone arithmetic
 * for IANA names; fixed offsets (`+01:00`), which ICU does not name, are shifted by hand.
 */
import { sql, type Sql } from '../dialects/emit';
import { str } from './casts';

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

function offsetMicros(zone: string): bigint | undefined {
  const m = OFFSET.exec(zone);
  if (!m) return undefined;
  const micros = (BigInt(m[2]!) * 3600n + BigInt(m[3]!) * 60n) * 1_000_000n;
  return m[1] === '-' ? -micros : micros;
}

/** The local date-time (TIMESTAMP) of an instant (TIMESTAMPTZ) in `zone`. */
export function localIn(instant: Sql, zone: string): Sql {
  const off = offsetMicros(zone);
  if (off === undefined) return sql`(${instant} AT TIME ZONE ${str(zone)})`;
  return sql`((${instant} AT TIME ZONE 'UTC') + to_microseconds(CAST(${off.toString()} AS BIGINT)))`;
}

/** The instant (TIMESTAMPTZ) of a local date-time (TIMESTAMP) in `zone`. */
export function instantOf(local: Sql, zone: string): Sql {
  const off = offsetMicros(zone);
  if (off === undefined) return sql`timezone(${str(zone)}, ${local})`;
  return sql`timezone('UTC', ${local} - to_microseconds(CAST(${off.toString()} AS BIGINT)))`;
}
