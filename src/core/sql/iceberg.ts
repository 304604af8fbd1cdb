/**
 * Apache Iceberg tables, which Athena reads and writes and the local engine does not (yet): how they are recognised
 * — `table_type = 'ICEBERG'` in a CTAS's WITH, in CREATE TABLE's TBLPROPERTIES or in a catalog table's parameters,
 * and the time-travel clause `FOR TIMESTAMP|VERSION AS OF` that only Iceberg tables take — and the one refusal every
 * place gives (no fallback to a Hive table: that would be a different table, elsewhere).
 */
import { LakehouseError, type ErrorDetail } from '../errors';
import type { CatalogTable } from '../model';
import { absolutePosition, tokenize, type SourceBase, type Token } from './lexer';

export const ICEBERG_NOT_SUPPORTED = 'Iceberg tables are not supported by the local engine (Athena has them)';

/** `<name> is an Iceberg table: Iceberg tables are not supported by the local engine (Athena has them)` */
export function icebergRefusal(name: string, detail: ErrorDetail = {}): LakehouseError {
  return new LakehouseError('SqlUnsupported', `${name} is an Iceberg table: ${ICEBERG_NOT_SUPPORTED}`, { object: name, ...detail });
}

/** Whether a property value names Iceberg (`'ICEBERG'`, any case). */
export function isIcebergType(value: string | undefined): boolean {
  return (value ?? '').trim().toUpperCase() === 'ICEBERG';
}

/** Whether a catalog table is an Iceberg table (Glue parameter `table_type`, key and value in any case). */
export function isIcebergTable(table: CatalogTable): boolean {
  return Object.entries(table.parameters).some(([k, v]) => k.toLowerCase() === 'table_type' && isIcebergType(v));
}

/**
 * In the tokens of a CREATE TABLE (Hive quoting), the value token of `'table_type' = 'ICEBERG'` inside
 * TBLPROPERTIES (…), if any. Read before the statement itself: an Iceberg CREATE TABLE has clauses a Hive table
 * cannot have (`PARTITIONED BY (category, bucket(16, id))`), and the refusal must name Iceberg, not the syntax.
 */
export function icebergPropertyToken(tokens: readonly Token[]): Token | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' || t.value.toUpperCase() !== 'TBLPROPERTIES' || tokens[i + 1]?.value !== '(') continue;
    for (let j = i + 2; j + 2 < tokens.length && tokens[j]!.value !== ')'; j++) {
      const key = tokens[j]!;
      const eq = tokens[j + 1]!;
      const value = tokens[j + 2]!;
      if ((key.kind === 'string' || key.kind === 'dquoted') && key.value.toLowerCase() === 'table_type' && eq.value === '=' && isIcebergType(value.value)) return value;
    }
  }
  return undefined;
}

const PERIODS = ['TIMESTAMP', 'VERSION', 'SYSTEM_TIME', 'SYSTEM_VERSION'];

/**
 * Refuses a query that time-travels (`FROM t FOR TIMESTAMP AS OF …`, `FOR VERSION AS OF …`): only Iceberg tables
 * have versions. The error names the table and points at `FOR`, file-absolute through `base`.
 */
export function refuseTimeTravel(sql: string, base: SourceBase = {}): void {
  // most queries have no `AS OF` at all: they are not tokenized again
  if (!/\bas\s+of\b/i.test(sql)) return;
  let tokens: Token[];
  try {
    tokens = tokenize(sql, base);
  } catch {
    return; // the engine reports the syntax error where it runs the query
  }
  for (let i = 1; i + 3 < tokens.length; i++) {
    const t = tokens[i]!;
    const period = tokens[i + 1]!;
    if (
      t.kind === 'word' &&
      t.value.toUpperCase() === 'FOR' &&
      period.kind === 'word' &&
      PERIODS.includes(period.value.toUpperCase()) &&
      tokens[i + 2]!.value.toUpperCase() === 'AS' &&
      tokens[i + 3]!.value.toUpperCase() === 'OF'
    ) {
      // the table is the name just before FOR: `db.t`, `"db"."t"`
      let k = i - 1;
      const parts: string[] = [];
      while (k >= 0 && (tokens[k]!.kind === 'word' || tokens[k]!.kind === 'dquoted')) {
        parts.unshift(tokens[k]!.value.toLowerCase());
        if (k >= 2 && tokens[k - 1]!.value === '.') k -= 2;
        else break;
      }
      const pos = absolutePosition(base, t.line, t.column);
      const what = `FOR ${period.value.toUpperCase()} AS OF (time travel)`;
      if (parts.length === 0) throw new LakehouseError('SqlUnsupported', `${what} reads an Iceberg table: ${ICEBERG_NOT_SUPPORTED}`, pos);
      throw new LakehouseError('SqlUnsupported', `${parts.join('.')} is read with ${what}, so it is an Iceberg table: ${ICEBERG_NOT_SUPPORTED}`, {
        ...pos,
        object: parts.join('.'),
      });
    }
  }
}
