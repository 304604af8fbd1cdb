/**
 * `ALTER TABLE` on the local catalog, as Athena (Hive DDL over the Glue catalog) does it: partitions added and
 * dropped (the data stays: tables are external), columns added, replaced and changed (the files are not touched),
 * table properties set, locations moved. Each case is from Athena's DDL reference; errors are worded as Hive words
 * them where it has a message, and carry the statement's position.
 *
 * https://docs.aws.amazon.com/athena/latest/ug/alter-table-add-partition.html (and -drop-partition,
 * -rename-partition, -add-columns, -replace-columns, -change-column, -set-tblproperties, -set-location)
 */
import { LakehouseError } from '../../errors';
import type { CatalogColumn, CatalogPartition, CatalogTable } from '../../model';
import type { AlterTableAction, AlterTableStatement, Position } from '../../sql/alter';
import { SERDE } from '../../sql/ddl';
import { icebergRefusal, isIcebergTable, isIcebergType } from '../../sql/iceberg';
import type { Catalog } from '../../target';
import { defaultPartitionLocation, findPartition, partitionName, specSql, specValues } from './partitions';

export interface AlterTableContext {
  catalog: Catalog;
  /** throws for an `s3://` location that cannot hold objects here (a bad key) */
  checkLocation(location: string): void;
}

/**
 * The serdes whose tables take REPLACE COLUMNS (Hive's DDLTask: other serdes describe their own columns):
 * `Replace columns is not supported for table {0}. SerDe may be incompatible.`
 * https://github.com/apache/hive/blob/branch-2.3/ql/src/java/org/apache/hadoop/hive/ql/exec/DDLTask.java
 */
const REPLACE_COLUMNS_SERDES: readonly string[] = [
  'org.apache.hadoop.hive.serde2.MetadataTypedColumnsetSerDe',
  SERDE.lazySimple,
  'org.apache.hadoop.hive.serde2.columnar.ColumnarSerDe',
  'org.apache.hadoop.hive.serde2.dynamic_type.DynamicSerDe',
  SERDE.parquet,
  SERDE.orc,
];

const UNSUPPORTED_DDL = 'https://docs.aws.amazon.com/athena/latest/ug/unsupported-ddl.html';

function error(message: string, at: Position, object: string, code: 'SqlError' | 'SqlUnsupported' | 'AlreadyExists' | 'EntityNotFound' = 'SqlError'): LakehouseError {
  return new LakehouseError(code, message, { ...at, object });
}

/** Columns of type date: Athena's ADD/REPLACE COLUMNS notes say these do not work ("use timestamp instead"). */
function refuseDateColumns(columns: readonly CatalogColumn[], what: string, at: Position, name: string): void {
  const date = columns.find((c) => /(^|[<,:])date([>,]|$)/.test(c.type));
  if (date)
    throw error(
      `${what} does not work for columns of type date in Athena (column ${date.name} ${date.type}): use timestamp instead ` +
        `(https://docs.aws.amazon.com/athena/latest/ug/alter-table-${what === 'ALTER TABLE ADD COLUMNS' ? 'add' : 'replace'}-columns.html)`,
      at,
      name,
      'SqlUnsupported',
    );
}

function duplicateColumn(table: CatalogTable, columns: readonly CatalogColumn[], at: Position, name: string, except?: string): void {
  const taken = new Set([...table.storage.columns.map((c) => c.name).filter((n) => n !== except), ...table.partitionKeys.map((k) => k.name)]);
  const dup = columns.find((c) => taken.has(c.name));
  if (dup) throw error(`Duplicate column name: ${dup.name}`, at, name);
}

/** Applies one ALTER TABLE action to a copy of the table; returns the changed table and what was done. */
export function alterTableDefinition(table: CatalogTable, action: AlterTableAction, ctx: Pick<AlterTableContext, 'checkLocation'>): { table: CatalogTable; message: string } {
  const name = `${table.database}.${table.name}`;
  const t: CatalogTable = structuredClone(table);
  switch (action.kind) {
    case 'REFUSED': {
      const message =
        action.reason === 'iceberg-only'
          ? `${action.what} is supported by Athena for Iceberg tables only, and ${name} is a Hive table (${UNSUPPORTED_DDL})`
          : action.reason === 'athena'
            ? `${action.what} is not supported by Athena (${UNSUPPORTED_DDL})`
            : `${action.what} is not supported by the local engine: it gives a partition columns of its own, which the local engine does not read with (it reads every partition with the table's columns)`;
      throw error(message, action.at, name, 'SqlUnsupported');
    }
    case 'ADD_PARTITIONS': {
      const added: CatalogPartition[] = [];
      for (const p of action.partitions) {
        const values = specValues(t, p.spec) as string[];
        const existing = findPartition(t, values) ?? added.find((a) => a.values.every((v, i) => v === values[i]));
        if (existing) {
          if (action.ifNotExists) continue;
          throw error('Partition already exists.', p.spec.at, name, 'AlreadyExists');
        }
        const location = p.location ?? defaultPartitionLocation(t, values);
        ctx.checkLocation(location);
        added.push({ values, location });
      }
      t.partitions = [...(t.partitions ?? []), ...added];
      const names = added.map((p) => partitionName(t, p.values));
      return { table: t, message: added.length === 0 ? `No partition added to ${name} (all exist)` : `${added.length} partition(s) added to ${name}: ${names.join(', ')}` };
    }
    case 'DROP_PARTITIONS': {
      let partitions = t.partitions ?? [];
      const dropped: CatalogPartition[] = [];
      for (const spec of action.partitions) {
        const values = specValues(t, spec, { partial: true });
        const matches = partitions.filter((p) => values.every((v, i) => v === undefined || p.values[i] === v));
        if (matches.length === 0 && !action.ifExists) throw error(`Partition not found ${specSql(spec)}`, spec.at, name, 'EntityNotFound');
        dropped.push(...matches);
        partitions = partitions.filter((p) => !matches.includes(p));
      }
      t.partitions = partitions;
      return { table: t, message: `${dropped.length} partition(s) dropped from ${name} (their data stays where it is)` };
    }
    case 'ADD_COLUMNS': {
      refuseDateColumns(action.columns, 'ALTER TABLE ADD COLUMNS', action.at, name);
      duplicateColumn(t, action.columns, action.at, name);
      t.storage.columns = [...t.storage.columns, ...action.columns];
      return { table: t, message: `${action.columns.length} column(s) added to ${name}` };
    }
    case 'REPLACE_COLUMNS': {
      const serde = t.storage.serde.serializationLibrary;
      if (!REPLACE_COLUMNS_SERDES.includes(serde))
        throw error(`Replace columns is not supported for table ${name}. SerDe may be incompatible. (its SerDe is ${serde})`, action.at, name, 'SqlUnsupported');
      refuseDateColumns(action.columns, 'ALTER TABLE REPLACE COLUMNS', action.at, name);
      const dup = action.columns.find((c) => t.partitionKeys.some((k) => k.name === c.name));
      if (dup) throw error(`Duplicate column name: ${dup.name}`, action.at, name);
      t.storage.columns = action.columns;
      return { table: t, message: `Columns of ${name} replaced: ${action.columns.map((c) => c.name).join(', ')}` };
    }
    case 'CHANGE_COLUMN': {
      const columns = t.storage.columns;
      const i = columns.findIndex((c) => c.name === action.column);
      if (i < 0) throw error(`Invalid column reference ${action.column}`, action.at, name, 'EntityNotFound');
      duplicateColumn(t, [action.newColumn], action.at, name, action.column);
      const rest = columns.filter((_, j) => j !== i);
      const place = action.place;
      let at = i;
      if (place && 'first' in place) at = 0;
      else if (place) {
        const after = rest.findIndex((c) => c.name === place.after);
        if (after < 0) throw error(`Invalid column reference ${place.after}`, place.at, name, 'EntityNotFound');
        at = after + 1;
      }
      rest.splice(at, 0, action.newColumn);
      t.storage.columns = rest;
      return { table: t, message: `Column ${action.column} of ${name} changed to ${action.newColumn.name} ${action.newColumn.type}` };
    }
    case 'SET_TBLPROPERTIES': {
      const tableType = Object.entries(action.properties).find(([k]) => k.toLowerCase() === 'table_type');
      if (tableType && isIcebergType(tableType[1])) throw icebergRefusal(name, action.at);
      const props = { ...action.properties };
      // "Apache Hive managed tables are not supported, so setting 'EXTERNAL'='FALSE' has no effect."
      if ((props['EXTERNAL'] ?? '').toUpperCase() === 'FALSE') delete props['EXTERNAL'];
      t.parameters = { ...t.parameters, ...props };
      return { table: t, message: `Properties of ${name} set: ${Object.keys(action.properties).join(', ')}` };
    }
    case 'SET_LOCATION': {
      ctx.checkLocation(action.location);
      if (action.partition) {
        const values = specValues(t, action.partition) as string[];
        const p = findPartition(t, values);
        if (!p) throw error(`Partition not found ${specSql(action.partition)}`, action.partition.at, name, 'EntityNotFound');
        p.location = action.location;
        return { table: t, message: `Partition ${partitionName(t, values)} of ${name} now at ${action.location}` };
      }
      t.storage.location = action.location;
      return { table: t, message: `${name} now at ${action.location}` };
    }
    case 'RENAME_PARTITION': {
      const from = specValues(t, action.from) as string[];
      const to = specValues(t, action.to) as string[];
      const p = findPartition(t, from);
      if (!p) throw error(`Partition not found ${specSql(action.from)}`, action.from.at, name, 'EntityNotFound');
      if (findPartition(t, to)) throw error('Partition already exists.', action.to.at, name, 'AlreadyExists');
      // an external table's partition keeps its folder: only its values change
      p.values = to;
      return { table: t, message: `Partition ${partitionName(t, from)} of ${name} renamed to ${partitionName(t, to)}` };
    }
  }
}

/** Runs ALTER TABLE against the catalog. */
export async function alterTable(ctx: AlterTableContext, database: string, s: AlterTableStatement): Promise<{ message: string }> {
  const table = await ctx.catalog.table(database, s.table.name);
  const name = `${database}.${s.table.name}`;
  if (!table) {
    if (!(await ctx.catalog.database(database))) throw error(`Database ${database} not found`, s.at, database, 'EntityNotFound');
    throw error(`Table ${name} not found`, s.at, name, 'EntityNotFound');
  }
  if (table.tableType === 'VIRTUAL_VIEW') throw error(`${name} is a view: To alter a view you need to use the ALTER VIEW command.`, s.at, name);
  if (isIcebergTable(table)) throw icebergRefusal(name, s.at);
  const { table: changed, message } = alterTableDefinition(table, s.action, ctx);
  await ctx.catalog.putTable(changed, { replace: true });
  return { message };
}
