/**
 * Athena's `information_schema` (Trino's, over the AwsDataCatalog): `schemata`, `tables`, `columns` and `views`, made
 * from the local catalog as rows of a VALUES list the translation reads like a table.
 *
 * Sources: the Athena user guide, querying-glue-catalog.md (the queries, the columns `SELECT *` shows — `columns` has
 * `comment` and `extra_info` after `data_type` — and sample rows: `awsdatacatalog`, `BASE TABLE`, `YES`, `varchar`,
 * `integer`, `array(varchar)`); Trino's InformationSchemaTable (each table's columns and types: all varchar but
 * `ordinal_position`, bigint) and InformationSchemaPageSource (the values: `column_default` NULL, `is_nullable`
 * `YES` for every Hive column, `data_type` the type's display name, `comment` the column's comment, `extra_info`;
 * `table_type` `VIEW` or `BASE TABLE`; `view_definition` the view's original SQL). The Hive connector gives a
 * partition key the extra_info `partition key` (HiveUtil.columnExtraInfo) and lists partition keys after the
 * columns.
 *
 * information_schema lists itself as Trino's does (MetadataManager lists the information schema connector's schema
 * and tables with the catalog's): the schema `information_schema`, its eight tables (InformationSchemaTable) as
 * `BASE TABLE`, and their visible columns.
 *
 * Not answered (refused by name, the translation's `information_schema.<name>`): the other tables
 * (`table_privileges`, `roles`, `applicable_roles`, `enabled_roles`: no local principal has grants or roles). A
 * `data_type` not established from the guide (a Hive `timestamp`: the guide's sample shows `timestamp`, Trino's Hive
 * connector `timestamp(3)`; a `struct`: how row field names are written) refuses the `columns` query naming the
 * column.
 */
import { LakehouseError } from '../../errors';
import type { CatalogTable } from '../../model';
import { quoteIdentifier } from '../../sql/lexer';
import { sqlTypeOfHive, trinoTypeName, T, type SqlType } from '../../sql/dialects/sqlType';
import { parseHiveType } from '../../sql/types';
import type { TableInfo } from '../../sql/trino';
import type { Catalog } from '../../target';

export const INFORMATION_SCHEMA = 'information_schema';

type Value = string | number | null;

const VARCHAR: SqlType = T.varchar;

/** The columns of the tables answered here, in Athena's order (querying-glue-catalog.md; InformationSchemaTable). */
const COLUMNS: Record<string, string[]> = {
  schemata: ['catalog_name', 'schema_name'],
  tables: ['table_catalog', 'table_schema', 'table_name', 'table_type'],
  columns: ['table_catalog', 'table_schema', 'table_name', 'column_name', 'ordinal_position', 'column_default', 'is_nullable', 'data_type', 'comment', 'extra_info'],
  views: ['table_catalog', 'table_schema', 'table_name', 'view_definition'],
};

const CATALOG = 'awsdatacatalog';

/** information_schema's own tables and their visible columns (InformationSchemaTable; `columns` as the guide shows it) */
const OWN_TABLES: Record<string, string[]> = {
  ...COLUMNS,
  table_privileges: ['grantor', 'grantor_type', 'grantee', 'grantee_type', 'table_catalog', 'table_schema', 'table_name', 'privilege_type', 'is_grantable', 'with_hierarchy'],
  roles: ['role_name'],
  applicable_roles: ['grantee', 'grantee_type', 'role_name', 'is_grantable'],
  enabled_roles: ['role_name'],
};

/** the rows information_schema gives of itself */
function ownRows(name: string): Value[][] {
  const d = INFORMATION_SCHEMA;
  const tables = Object.keys(OWN_TABLES).sort();
  if (name === 'schemata') return [[CATALOG, d]];
  if (name === 'tables') return tables.map((t) => [CATALOG, d, t, 'BASE TABLE']);
  if (name === 'columns') return tables.flatMap((t) => OWN_TABLES[t]!.map((c, i) => [CATALOG, d, t, c, i + 1, null, 'YES', c === 'ordinal_position' ? 'bigint' : 'varchar', null, null]));
  return [];
}

/**
 * The information_schema table `name` as the translation reads it (its rows inline), or undefined for a table not
 * answered here (the translation refuses it by name). `viewColumns` gives a view's columns and their Trino types.
 */
export async function informationSchemaTable(catalog: Catalog, name: string, viewColumns: (view: CatalogTable) => Promise<{ name: string; type: SqlType }[]>): Promise<TableInfo | undefined> {
  const names = COLUMNS[name];
  if (!names) return undefined;
  const databases = (await catalog.databases()).map((d) => d.name).filter((d) => d !== INFORMATION_SCHEMA).sort();
  const rows: Value[][] = ownRows(name);
  if (name === 'schemata') for (const d of databases) rows.push([CATALOG, d]);
  else {
    for (const d of databases) {
      const tables = (await catalog.tables(d)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const t of tables) {
        const view = t.tableType === 'VIRTUAL_VIEW';
        if (name === 'tables') rows.push([CATALOG, d, t.name, view ? 'VIEW' : 'BASE TABLE']);
        else if (name === 'views') {
          if (view) rows.push([CATALOG, d, t.name, t.viewText ?? null]);
        } else if (view) {
          (await viewColumns(t)).forEach((c, i) => rows.push([CATALOG, d, t.name, c.name, i + 1, null, 'YES', dataTypeOf(t, c.name, c.type), null, null]));
        } else {
          const all = [...t.storage.columns.map((c) => ({ c, extra: null })), ...t.partitionKeys.map((c) => ({ c, extra: 'partition key' }))];
          all.forEach(({ c, extra }, i) => rows.push([CATALOG, d, t.name, c.name.toLowerCase(), i + 1, null, 'YES', dataTypeOf(t, c.name, hiveType(t, c.name, c.type)), c.comment ?? null, extra]));
        }
      }
    }
  }
  const types = names.map((n) => (n === 'ordinal_position' ? T.bigint : VARCHAR));
  return { database: INFORMATION_SCHEMA, name, columns: names.map((n, i) => ({ name: n, type: types[i]! })), relation: valuesRelation(names, types, rows) };
}

function hiveType(t: CatalogTable, column: string, type: string): SqlType {
  try {
    return sqlTypeOfHive(parseHiveType(type));
  } catch {
    throw refusal(t, column, type);
  }
}

/** Trino's display name of a column's type, where the guide or Trino's source settle how Athena shows it. */
function dataTypeOf(t: CatalogTable, column: string, type: SqlType): string {
  if (!established(type)) throw refusal(t, column, trinoTypeName(type));
  return trinoTypeName(type);
}

function established(type: SqlType): boolean {
  switch (type.kind) {
    case 'array':
      return established(type.element);
    case 'map':
      return established(type.key) && established(type.value);
    case 'varchar':
    case 'char':
    case 'boolean':
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'real':
    case 'double':
    case 'decimal':
    case 'date':
    case 'varbinary':
      return true;
    default:
      return false;
  }
}

function refusal(t: CatalogTable, column: string, type: string): LakehouseError {
  return new LakehouseError(
    'SqlUnsupported',
    `information_schema.columns is not supported by the local engine for ${t.database}.${t.name}.${column.toLowerCase()} (${type}): how Athena shows that type in data_type is not established here; DESCRIBE ${t.database}.${t.name} shows its columns`,
    { object: `${t.database}.${t.name}` },
  );
}

function literal(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/'/g, "''")}'`;
}

/** `(SELECT CAST(c0 AS VARCHAR) AS "name", … FROM (VALUES …) AS v(c0, …))`; no rows: one row of NULLs, filtered out. */
function valuesRelation(names: string[], types: SqlType[], rows: Value[][]): string {
  const cols = names.map((_, i) => `c${i}`);
  const body = rows.length > 0 ? rows.map((r) => `(${r.map(literal).join(', ')})`).join(', ') : `(${names.map(() => 'NULL').join(', ')})`;
  const select = names.map((n, i) => `CAST(${cols[i]} AS ${types[i]!.kind === 'bigint' ? 'BIGINT' : 'VARCHAR'}) AS ${quoteIdentifier(n)}`).join(', ');
  return `(SELECT ${select} FROM (VALUES ${body}) AS v(${cols.join(', ')})${rows.length > 0 ? '' : ' WHERE false'})`;
}
