/**
 * The AWS target's catalog: the Glue Data Catalog through SDK v3, with the semantics {@link Catalog} documents and
 * `LocalCatalog` shows.
 *
 * - Lists are read to the end with the SDK's paginators (GetDatabases, GetTables, GetPartitions follow NextToken).
 * - `table()` of a partitioned table also reads its partitions (GetPartitions, paged).
 * - Views: Athena only recognises a Glue view whose `ViewOriginalText` is `/* Presto View: <base64 JSON> *\/`
 *   (the JSON holds the SQL, the catalog, the schema and the columns in Presto types). {@link tableToGlueInput}
 *   writes that form; {@link tableFromGlue} reads it back to the plain SQL of {@link CatalogTable.viewText}.
 * - A table's comment is Glue's `Description`.
 * - Every SDK call goes through `conn.call` (errors name the Glue action and `database.table`).
 */
import type {
  Column,
  Database,
  GlueClient,
  Partition,
  PartitionInput,
  Table,
  TableInput,
} from '@aws-sdk/client-glue';
import { LakehouseError } from '../../errors';
import type { CatalogColumn, CatalogDatabase, CatalogPartition, CatalogTable } from '../../model';
import { duckDbTypeToAthena, hiveTypeToDuckDb } from '../../sql/types';
import type { Catalog } from '../../target';
import { isAwsError, type AwsConnection } from './connection';

/** Glue's limit of partitions per BatchCreatePartition request. */
const PARTITION_BATCH = 100;
const TABLE_TYPES: readonly CatalogTable['tableType'][] = ['EXTERNAL_TABLE', 'VIRTUAL_VIEW', 'MANAGED_TABLE'];
const PRESTO_VIEW = /^\/\* Presto View: ([A-Za-z0-9+/=\s]+) \*\/$/;

// ---------------------------------------------------------------- conversions

function iso(d: Date | undefined): string | undefined {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

function columnFromGlue(c: Column): CatalogColumn {
  return { name: c.Name ?? '', type: (c.Type ?? '').toLowerCase(), ...(c.Comment !== undefined ? { comment: c.Comment } : {}) };
}

function columnToGlue(c: CatalogColumn): Column {
  return { Name: c.name, Type: c.type, ...(c.comment !== undefined ? { Comment: c.comment } : {}) };
}

export function databaseFromGlue(d: Database): CatalogDatabase {
  const createTime = iso(d.CreateTime);
  return {
    name: d.Name ?? '',
    ...(d.Description !== undefined ? { description: d.Description } : {}),
    ...(d.LocationUri !== undefined ? { locationUri: d.LocationUri } : {}),
    ...(createTime ? { createTime } : {}),
  };
}

export function partitionFromGlue(p: Partition): CatalogPartition {
  return { values: p.Values ?? [], location: p.StorageDescriptor?.Location ?? '' };
}

/** The Presto type of a Hive column type, for Athena's view definitions (`array<string>` → `array(varchar)`). */
function prestoType(hive: string): string {
  try {
    return duckDbTypeToAthena(hiveTypeToDuckDb(hive));
  } catch {
    return hive;
  }
}

/** The SQL of a view from Glue's `ViewOriginalText` (Athena's Presto View form, or plain SQL). */
export function viewSqlFromGlue(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const m = PRESTO_VIEW.exec(text.trim());
  if (!m) return text;
  try {
    const json = JSON.parse(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64').toString('utf8')) as { originalSql?: unknown };
    return typeof json.originalSql === 'string' ? json.originalSql : text;
  } catch {
    return text;
  }
}

/** Athena's `ViewOriginalText` for a view: `/* Presto View: base64({originalSql, catalog, schema, columns}) *\/`. */
export function prestoViewText(table: CatalogTable): string {
  const body = {
    originalSql: table.viewText ?? '',
    catalog: 'awsdatacatalog',
    schema: table.database,
    columns: table.storage.columns.map((c) => ({ name: c.name, type: prestoType(c.type) })),
  };
  return `/* Presto View: ${Buffer.from(JSON.stringify(body), 'utf8').toString('base64')} */`;
}

/** Glue's `Table` → the catalog's {@link CatalogTable}. */
export function tableFromGlue(t: Table, database?: string): CatalogTable {
  const sd = t.StorageDescriptor ?? {};
  const tableType = (TABLE_TYPES as readonly string[]).includes(t.TableType ?? '') ? (t.TableType as CatalogTable['tableType']) : 'EXTERNAL_TABLE';
  const createTime = iso(t.CreateTime);
  const updateTime = iso(t.UpdateTime);
  const viewText = tableType === 'VIRTUAL_VIEW' ? viewSqlFromGlue(t.ViewOriginalText) : undefined;
  return {
    database: t.DatabaseName ?? database ?? '',
    name: t.Name ?? '',
    tableType,
    storage: {
      columns: (sd.Columns ?? []).map(columnFromGlue),
      location: sd.Location ?? '',
      ...(sd.InputFormat !== undefined ? { inputFormat: sd.InputFormat } : {}),
      ...(sd.OutputFormat !== undefined ? { outputFormat: sd.OutputFormat } : {}),
      serde: { serializationLibrary: sd.SerdeInfo?.SerializationLibrary ?? '', parameters: { ...(sd.SerdeInfo?.Parameters ?? {}) } },
    },
    partitionKeys: (t.PartitionKeys ?? []).map(columnFromGlue),
    parameters: { ...(t.Parameters ?? {}) },
    ...(t.Description !== undefined ? { comment: t.Description } : {}),
    ...(viewText !== undefined ? { viewText } : {}),
    ...(createTime ? { createTime } : {}),
    ...(updateTime ? { updateTime } : {}),
  };
}

/** The catalog's {@link CatalogTable} → Glue's `TableInput` (for CreateTable and UpdateTable). */
export function tableToGlueInput(t: CatalogTable): TableInput {
  const s = t.storage;
  const view = t.tableType === 'VIRTUAL_VIEW';
  return {
    Name: t.name,
    TableType: t.tableType,
    ...(t.comment !== undefined ? { Description: t.comment } : {}),
    StorageDescriptor: {
      Columns: s.columns.map(columnToGlue),
      Location: s.location,
      ...(s.inputFormat !== undefined ? { InputFormat: s.inputFormat } : {}),
      ...(s.outputFormat !== undefined ? { OutputFormat: s.outputFormat } : {}),
      SerdeInfo: { ...(s.serde.serializationLibrary ? { SerializationLibrary: s.serde.serializationLibrary } : {}), Parameters: { ...s.serde.parameters } },
    },
    PartitionKeys: t.partitionKeys.map(columnToGlue),
    Parameters: { ...t.parameters, ...(view ? { presto_view: 'true' } : {}) },
    ...(view ? { ViewOriginalText: prestoViewText(t), ViewExpandedText: '/* Presto View */' } : {}),
  };
}

function partitionToGlue(table: CatalogTable, p: CatalogPartition): PartitionInput {
  const s = table.storage;
  return {
    Values: p.values,
    StorageDescriptor: {
      Columns: s.columns.map(columnToGlue),
      Location: p.location,
      ...(s.inputFormat !== undefined ? { InputFormat: s.inputFormat } : {}),
      ...(s.outputFormat !== undefined ? { OutputFormat: s.outputFormat } : {}),
      SerdeInfo: { ...(s.serde.serializationLibrary ? { SerializationLibrary: s.serde.serializationLibrary } : {}), Parameters: { ...s.serde.parameters } },
    },
  };
}

// ---------------------------------------------------------------- the catalog

export class GlueCatalog implements Catalog {
  constructor(readonly conn: AwsConnection) {}

  private async send<T>(action: string, resource: string, fn: (client: GlueClient, sdk: typeof import('@aws-sdk/client-glue')) => Promise<T>): Promise<T> {
    const [client, sdk] = await Promise.all([this.conn.glue(), import('@aws-sdk/client-glue')]);
    return this.conn.call({ action: `glue:${action}`, resource }, () => fn(client, sdk));
  }

  // ------------------------------------------------------------ databases

  async databases(): Promise<CatalogDatabase[]> {
    const out = await this.send('GetDatabases', '*', async (client, { paginateGetDatabases }) => {
      const all: CatalogDatabase[] = [];
      for await (const page of paginateGetDatabases({ client }, {})) for (const d of page.DatabaseList ?? []) all.push(databaseFromGlue(d));
      return all;
    });
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async database(name: string): Promise<CatalogDatabase | undefined> {
    try {
      const res = await this.send('GetDatabase', name, (c, { GetDatabaseCommand }) => c.send(new GetDatabaseCommand({ Name: name })));
      return res.Database ? databaseFromGlue(res.Database) : undefined;
    } catch (e) {
      if (isAwsError(e, 'NotFound')) return undefined;
      throw e;
    }
  }

  async createDatabase(db: CatalogDatabase, options: { ifNotExists?: boolean } = {}): Promise<void> {
    try {
      await this.send('CreateDatabase', db.name, (c, { CreateDatabaseCommand }) =>
        c.send(
          new CreateDatabaseCommand({
            DatabaseInput: {
              Name: db.name,
              ...(db.description !== undefined ? { Description: db.description } : {}),
              ...(db.locationUri !== undefined ? { LocationUri: db.locationUri } : {}),
            },
          }),
        ),
      );
    } catch (e) {
      if (options.ifNotExists && isAwsError(e, 'AlreadyExists')) return;
      throw e;
    }
  }

  async dropDatabase(name: string, options: { ifExists?: boolean; cascade?: boolean } = {}): Promise<void> {
    let tables: CatalogTable[];
    try {
      tables = await this.tables(name);
    } catch (e) {
      if (options.ifExists && isAwsError(e, 'NotFound')) return;
      throw e;
    }
    if (tables.length > 0 && !options.cascade) {
      const names = tables.map((t) => t.name);
      const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
      throw new LakehouseError(
        'InvalidInput',
        `Database ${name} is not empty (${names.length} table${names.length === 1 ? '' : 's'}: ${shown}); drop the tables first or use CASCADE`,
        { object: name },
      );
    }
    for (const t of tables) await this.dropTable(name, t.name, { ifExists: true });
    try {
      await this.send('DeleteDatabase', name, (c, { DeleteDatabaseCommand }) => c.send(new DeleteDatabaseCommand({ Name: name })));
    } catch (e) {
      if (options.ifExists && isAwsError(e, 'NotFound')) return;
      throw e;
    }
  }

  // ------------------------------------------------------------ tables

  /** Every table of the database (all pages), by name; partitions are not read (see {@link table}). */
  async tables(database: string): Promise<CatalogTable[]> {
    const out = await this.send('GetTables', `${database}.*`, async (client, { paginateGetTables }) => {
      const all: CatalogTable[] = [];
      for await (const page of paginateGetTables({ client }, { DatabaseName: database })) for (const t of page.TableList ?? []) all.push(tableFromGlue(t, database));
      return all;
    });
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The table (with its partitions, when it has partition keys), or undefined when it or its database is missing. */
  async table(database: string, name: string): Promise<CatalogTable | undefined> {
    let glue: Table | undefined;
    try {
      const res = await this.send('GetTable', `${database}.${name}`, (c, { GetTableCommand }) => c.send(new GetTableCommand({ DatabaseName: database, Name: name })));
      glue = res.Table;
    } catch (e) {
      if (isAwsError(e, 'NotFound')) return undefined;
      throw e;
    }
    if (!glue) return undefined;
    const table = tableFromGlue(glue, database);
    if (table.partitionKeys.length > 0) table.partitions = await this.partitions(table.database, table.name);
    return table;
  }

  /** The registered partitions of a table (GetPartitions, all pages). */
  async partitions(database: string, name: string): Promise<CatalogPartition[]> {
    return this.send('GetPartitions', `${database}.${name}`, async (client, { paginateGetPartitions }) => {
      const all: CatalogPartition[] = [];
      for await (const page of paginateGetPartitions({ client }, { DatabaseName: database, TableName: name })) for (const p of page.Partitions ?? []) all.push(partitionFromGlue(p));
      return all;
    });
  }

  /**
   * CreateTable, or with `replace` UpdateTable of an existing table. Partitions listed in `table.partitions` that the
   * catalog does not have yet are added (BatchCreatePartition); registered partitions are never removed here.
   */
  async putTable(table: CatalogTable, options: { replace?: boolean; ifNotExists?: boolean } = {}): Promise<void> {
    const id = `${table.database}.${table.name}`;
    const input = tableToGlueInput(table);
    const create = () => this.send('CreateTable', id, (c, { CreateTableCommand }) => c.send(new CreateTableCommand({ DatabaseName: table.database, TableInput: input })));
    if (options.replace) {
      try {
        await this.send('UpdateTable', id, (c, { UpdateTableCommand }) => c.send(new UpdateTableCommand({ DatabaseName: table.database, TableInput: input })));
      } catch (e) {
        // the table is missing (its database may be too: then CreateTable names that)
        if (!isAwsError(e, 'NotFound')) throw e;
        await create();
      }
    } else {
      try {
        await create();
      } catch (e) {
        if (options.ifNotExists && isAwsError(e, 'AlreadyExists')) return;
        throw e;
      }
    }
    if (table.partitions && table.partitions.length > 0 && table.partitionKeys.length > 0) await this.addPartitions(table, table.partitions);
  }

  private async addPartitions(table: CatalogTable, wanted: CatalogPartition[]): Promise<void> {
    const id = `${table.database}.${table.name}`;
    const have = new Set((await this.partitions(table.database, table.name)).map((p) => JSON.stringify(p.values)));
    const missing = wanted.filter((p) => !have.has(JSON.stringify(p.values)));
    for (let i = 0; i < missing.length; i += PARTITION_BATCH) {
      const batch = missing.slice(i, i + PARTITION_BATCH);
      const res = await this.send('BatchCreatePartition', id, (c, { BatchCreatePartitionCommand }) =>
        c.send(new BatchCreatePartitionCommand({ DatabaseName: table.database, TableName: table.name, PartitionInputList: batch.map((p) => partitionToGlue(table, p)) })),
      );
      const errors = (res.Errors ?? []).filter((e) => e.ErrorDetail?.ErrorCode !== 'AlreadyExistsException');
      if (errors.length > 0) {
        const first = errors[0]!;
        const values = (first.PartitionValues ?? []).join('/');
        throw new LakehouseError(
          'InvalidInput',
          `glue:BatchCreatePartition on ${id}: partition (${values}) was not added: ${first.ErrorDetail?.ErrorCode ?? 'Error'}: ${first.ErrorDetail?.ErrorMessage ?? ''}` +
            (errors.length > 1 ? ` (and ${errors.length - 1} more partitions)` : ''),
          { object: id },
        );
      }
    }
  }

  async dropTable(database: string, name: string, options: { ifExists?: boolean } = {}): Promise<void> {
    try {
      await this.send('DeleteTable', `${database}.${name}`, (c, { DeleteTableCommand }) => c.send(new DeleteTableCommand({ DatabaseName: database, Name: name })));
    } catch (e) {
      if (options.ifExists && isAwsError(e, 'NotFound')) return;
      throw e;
    }
  }
}
