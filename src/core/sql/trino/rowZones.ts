/**
 * Timestamps with time zone whose zone only the row knows (`from_iso8601_timestamp(col)`, `CAST(col AS timestamp with
 * time zone)`): DuckDB's TIMESTAMPTZ holds the instant, so the expression carries the row's local date-time and zone
 * beside it (Typed.rowZone). This module is how they leave an expression: as Athena's text in a shown result's
 * SELECT, and as hidden companion columns of a subquery's or WITH query's SELECT that the reading query picks up again.
 */
import type * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { sql, type Sql } from '../dialects/emit';
import { T, type SqlType } from '../dialects/sqlType';
import { temporalText } from './casts';
import type { ScopeColumn, Typed } from './model';
import type { Translator } from './translator';

/**
 * The items of a shown result's SELECT that are timestamps with time zone whose zone only the row knows
 * (`from_iso8601_timestamp(col)`, Typed.rowZone), as Athena's text of them (`2020-05-11 11:15:05.000 +01:00`, as
 * Trino's client prints the value: its local date-time in its zone, then the zone). Sorting by such a column sorts by
 * the instant (sortItems). Not under DISTINCT or GROUP BY, which compare the instant alone (Trino keeps one of the
 * rows of an instant written in two zones): there such a column is refused as before.
 */
export function shownItems(t: Translator, ctx: P.QuerySpecificationContext, items: { typed?: Typed; type: SqlType }[]): (Sql | undefined)[] {
  if (t.shownSelect !== ctx || ctx.setQuantifier()?.KW_DISTINCT() || ctx.groupBy()) return [];
  return items.map((it) => {
    const z = it.typed?.rowZone;
    if (!z || it.type.kind !== 'timestamptz' || it.type.zone !== undefined) return undefined;
    return sql`(${temporalText(z.local, 'timestamp', it.type.precision)} || ' ' || ${z.zone})`;
  });
}

/**
 * The companions of the items of a subquery's or WITH query's SELECT that are timestamps with time zone whose zone
 * only the row knows (Typed.rowZone): the local date-time and the zone, as hidden columns after the others, so that
 * the query reading the column still has them. Not under DISTINCT or GROUP BY (they would take part in it).
 */
export function companionItems(t: Translator, ctx: P.QuerySpecificationContext, items: { typed?: Typed; type: SqlType }[], names: string[]) {
  const out: { items: { sql: Sql; name: string; type: SqlType }[]; of: ({ local: number; zone: number } | undefined)[] } = { items: [], of: [] };
  if (!t.companionSelects.has(ctx) || ctx.setQuantifier()?.KW_DISTINCT() || ctx.groupBy()) return out;
  items.forEach((it, i) => {
    const z = it.typed?.rowZone;
    if (!z || it.type.kind !== 'timestamptz' || it.type.zone !== undefined) return;
    const taken = new Set([...names, ...out.items.map((c) => c.name)].map((n) => n.toLowerCase()));
    const name = (base: string) => {
      let n = base;
      for (let k = 2; taken.has(n.toLowerCase()); k++) n = `${base}_${k}`;
      taken.add(n.toLowerCase());
      return n;
    };
    const local = names.length + out.items.length;
    out.items.push({ sql: z.local, name: name(`$zone_local_${i}`), type: T.timestamp(it.type.precision) });
    out.items.push({ sql: z.zone, name: name(`$zone_${i}`), type: T.varchar });
    out.of[i] = { local, zone: local + 1 };
  });
  return out;
}

/** A column of a subquery or WITH query as the query reading it sees it: companions hidden, a per-row zone kept. */
export function scopeColumn(c: { type: SqlType; hidden?: boolean; companions?: { local: number; zone: number } }, name: string | undefined, ref: (index: number) => Sql, i: number): ScopeColumn {
  return {
    // (a companion has no name a query could write)
    ...(name !== undefined && !c.hidden ? { name } : {}),
    type: c.type,
    ref: ref(i),
    ...(c.hidden ? { hidden: true } : {}),
    ...(c.companions ? { rowZone: { local: ref(c.companions.local), zone: ref(c.companions.zone) } } : {}),
  };
}
