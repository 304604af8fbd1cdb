/**
 * Hive partitions as Athena (Hive DDL, Trino's Hive connector) names and places them: `k=v/k2=v2` names with
 * Hive's escaping of path characters, the folder a partition gets under its table when no LOCATION is given, NULL
 * as `__HIVE_DEFAULT_PARTITION__`, and a partition spec checked against the table's partition keys.
 */
import { LakehouseError } from '../../errors';
import type { CatalogPartition, CatalogTable } from '../../model';
import type { PartitionSpec } from '../../sql/alter';
import { normalizeLocation } from '../../sql/ddl';
import { parseHiveType } from '../../sql/types';

/** Hive's name for a NULL (or empty) partition value, in paths and in the catalog */
export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** Characters Hive escapes in a partition path (FileUtils.escapePathName): controls, DEL and these. */
function needsEscape(c: number): boolean {
  return (c >= 0x01 && c <= 0x1f) || c === 0x7f || '"#%\'*/:=?\\{[]^'.includes(String.fromCharCode(c));
}

/** A value (or key) as it appears in a partition path: `a/b` → `a%2Fb`; empty → `__HIVE_DEFAULT_PARTITION__`. */
export function escapePathName(value: string): string {
  if (value === '') return HIVE_DEFAULT_PARTITION;
  let out = '';
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    out += ch.length === 1 && needsEscape(c) ? `%${c.toString(16).toUpperCase().padStart(2, '0')}` : ch;
  }
  return out;
}

/** A partition folder's key or value decoded (ExternalCatalogUtils.unescapePathName): each `%XX` is the character XX. */
export function unescapePathName(name: string): string {
  return name.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** `k=v/k2=v2`, as SHOW PARTITIONS prints a partition and Hive names its folder. */
export function partitionName(table: CatalogTable, values: readonly string[]): string {
  return table.partitionKeys.map((k, i) => `${escapePathName(k.name)}=${escapePathName(values[i] ?? '')}`).join('/');
}

/** Where a partition of `table` goes when no LOCATION is given: `<table location>k=v/k2=v2/`. */
export function defaultPartitionLocation(table: CatalogTable, values: readonly string[]): string {
  return `${normalizeLocation(table.storage.location)}${partitionName(table, values)}/`;
}

/** Java's Map.toString of a spec, as Hive's messages print it: `{year=2016, month=05}` */
function specText(spec: PartitionSpec): string {
  return `{${spec.entries.map((e) => `${e.key}=${e.value}`).join(', ')}}`;
}

/** The spec as written: `(dt='2014-05-14', country='IN')` */
export function specSql(spec: PartitionSpec): string {
  return `(${spec.entries.map((e) => `${e.key}='${e.value}'`).join(', ')})`;
}

/** Whether a partition value can be read as its key's type (Glue keeps it as text; a query casts it). */
function valueFits(value: string, type: string): boolean {
  if (value === HIVE_DEFAULT_PARTITION) return true;
  let t;
  try {
    t = parseHiveType(type);
  } catch {
    return true;
  }
  if (t.kind === 'decimal') return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value);
  if (t.kind !== 'primitive') return true;
  switch (t.name) {
    case 'int':
    case 'bigint':
    case 'smallint':
    case 'tinyint':
      return /^[+-]?\d+$/.test(value);
    case 'double':
    case 'float':
      return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value) || /^(NaN|[+-]?Infinity)$/.test(value);
    case 'boolean':
      return /^(true|false)$/i.test(value);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
    case 'timestamp':
      return /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/.test(value);
    default:
      return true;
  }
}

/**
 * A full spec (every partition key once) → the values in key order. Errors as Hive words them, at the spec.
 * `partial`: keys may be left out (DROP PARTITION matches every partition with the given values): `undefined` there.
 */
export function specValues(table: CatalogTable, spec: PartitionSpec, options: { partial?: boolean } = {}): (string | undefined)[] {
  const name = `${table.database}.${table.name}`;
  if (table.partitionKeys.length === 0)
    throw new LakehouseError('SqlError', `table is not partitioned but partition spec exists: ${specText(spec)}`, { ...spec.at, object: name });
  const keys = table.partitionKeys.map((k) => k.name);
  const unknown = spec.entries.find((e) => !keys.includes(e.key));
  if (unknown) throw new LakehouseError('SqlError', `Partition spec ${specText(spec)} contains non-partition columns (table ${name} is partitioned by ${keys.join(', ')})`, { ...unknown.at, object: name });
  const values = keys.map((k) => spec.entries.find((e) => e.key === k)?.value);
  if (!options.partial && values.some((v) => v === undefined))
    throw new LakehouseError('SqlError', `Invalid partition key & values; keys [${keys.map((k) => `${k}, `).join('')}], values [${values.filter((v) => v !== undefined).map((v) => `${v}, `).join('')}]`, {
      ...spec.at,
      object: name,
    });
  for (const e of spec.entries) {
    const key = table.partitionKeys.find((k) => k.name === e.key)!;
    if (!valueFits(e.value, key.type))
      throw new LakehouseError('SqlError', `partition value '${e.value}' of ${e.key} is not ${/^[aeiou]/i.test(key.type) ? 'an' : 'a'} ${key.type}`, { ...e.at, object: name });
  }
  return values;
}

/** The registered partition with exactly these values. */
export function findPartition(table: CatalogTable, values: readonly string[]): CatalogPartition | undefined {
  return (table.partitions ?? []).find((p) => p.values.length === values.length && p.values.every((v, i) => v === values[i]));
}
