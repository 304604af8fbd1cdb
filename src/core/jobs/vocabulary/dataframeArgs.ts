/** What the DataFrame API's tables share: the values they make (a DataFrame, a Column) and the arguments they read. */
import { asString, asStrings, type Arg, type Bound } from '../callArgs';
import type { ColExpr } from '../expr';
import { iterate, type PyValue } from '../values';
import type { CallCtx } from './registry';

export const SPARK_DOC = 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql';

export const df = (id: string): PyValue => ({ t: 'df', id });
export const col = (expr: ColExpr): PyValue => ({ t: 'column', expr });
export const selfDf = (c: CallCtx): string => (c.self as { id: string }).id;
export const selfCol = (c: CallCtx): ColExpr => (c.self as { expr: ColExpr }).expr;
export const pos = (c: CallCtx) => c.host.pos(c.call);

/** `*cols` that may also be given as one list (PySpark accepts both). */
export function columnsArg(c: CallCtx, b: Bound, literals = false): ColExpr[] {
  const rest = b.rest;
  const items: Arg[] = rest.length === 1 && (rest[0]!.value.t === 'list' || rest[0]!.value.t === 'tuple') ? (iterate(rest[0]!.value) ?? []).map((value) => ({ value, node: rest[0]!.node })) : rest;
  return items.map((a) => c.host.columnOf(a.value, a.node, `a column of ${c.construct}`, literals));
}

export function namesArg(c: CallCtx, b: Bound): string[] {
  const rest = b.rest;
  if (rest.length === 1 && (rest[0]!.value.t === 'list' || rest[0]!.value.t === 'tuple')) return asStrings(c.host, rest[0]!, `the fields of ${c.construct}`);
  return rest.map((a) => asString(c.host, a, `a field of ${c.construct}`));
}

export function node(c: CallCtx, body: Parameters<CallCtx['host']['node']>[0], label: string): PyValue {
  return df(c.host.node(body, c.call, label));
}
