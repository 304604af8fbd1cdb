/**
 * The statements that only read or change the catalog — CREATE/DROP DATABASE, CREATE EXTERNAL TABLE, DROP TABLE/VIEW,
 * SHOW DATABASES/TABLES/COLUMNS/CREATE TABLE/PARTITIONS, DESCRIBE, MSCK REPAIR TABLE — as Athena answers them; and
 * the refusals of statements the local engine does not run. No data is read: the engine (engine.ts) runs the
 * statements that read or write rows.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import type { CatalogTable, CellValue, QueryColumn } from '../../model';
import { renderCreateTable, READ_FORMATS, tableFormat, unsupportedFormatReason } from '../../sql/ddl';
import { icebergRefusal, isIcebergTable } from '../../sql/iceberg';
import type { ParsedStatement, TableName } from '../../sql/statements';
import type { Catalog } from '../../target';
import { likeMatch } from './athenaStatements';

export interface CatalogStatementContext {
  catalog: Catalog;
  /** the query's database (absent: names must be qualified) */
  database: string | undefined;
  /** s3://… → the local path */
  localPath(location: string): string;
  /** a name's database (the query's when not qualified), or an error */
  dbOf(t: TableName): string;
  /** the catalog table, or Athena's error naming what is missing */
  mustTable(t: TableName): Promise<CatalogTable>;
}

type CatalogStatementKind = 'CREATE_DATABASE' | 'DROP_DATABASE' | 'CREATE_TABLE' | 'DROP_VIEW' | 'DROP_TABLE' | 'SHOW_DATABASES' | 'SHOW_TABLES' | 'SHOW_COLUMNS' | 'DESCRIBE' | 'SHOW_CREATE_TABLE' | 'SHOW_PARTITIONS' | 'MSCK_REPAIR' | 'USE' | 'UNSUPPORTED';

export interface CatalogStatementOutcome {
  result?: { kind: 'rows'; columns: QueryColumn[]; rows: CellValue[][] };
  rows?: number;
  message?: string;
}

function rowsResult(columns: QueryColumn[], rows: CellValue[][]): { result: { kind: 'rows'; columns: QueryColumn[]; rows: CellValue[][] }; rows: number } {
  return { result: { kind: 'rows', columns, rows }, rows: rows.length };
}

export async function ensureDatabase(catalog: Catalog, name: string): Promise<void> {
  if (!(await catalog.database(name)))
    throw new LakehouseError('EntityNotFound', `Database ${name} does not exist (create it with CREATE DATABASE ${name})`, { object: name });
}

/** `key=value/` folders under a partitioned table's location, in key order. */
export async function discoverPartitions(t: CatalogTable, localPath: (location: string) => string): Promise<{ values: string[]; location: string }[]> {
  const out: { values: string[]; location: string }[] = [];
  const keys = t.partitionKeys.map((k) => k.name);
  const walk = async (dir: string, loc: string, depth: number, values: string[]): Promise<void> => {
    if (depth === keys.length) {
      out.push({ values, location: loc });
      return;
    }
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const ent of entries.filter((x) => x.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const eq = ent.name.indexOf('=');
      if (eq < 0 || ent.name.slice(0, eq).toLowerCase() !== keys[depth]) continue;
      const value = decodeURIComponent(ent.name.slice(eq + 1));
      await walk(path.join(dir, ent.name), `${loc}${ent.name}/`, depth + 1, [...values, value]);
    }
  };
  await walk(localPath(t.storage.location), t.storage.location, 0, []);
  return out;
}

/** Runs a catalog statement (`s.kind` one of CatalogStatementKind) at `line`:`column` of the user's text. */
export async function runCatalogStatement(
  ctx: CatalogStatementContext,
  s: Extract<ParsedStatement, { kind: CatalogStatementKind }>,
  line: number,
  column: number,
): Promise<CatalogStatementOutcome> {
  const { catalog, dbOf, mustTable } = ctx;
  switch (s.kind) {
    case 'CREATE_DATABASE': {
      const name = s.database.name;
      const exists = await catalog.database(name);
      if (exists && !s.ifNotExists) throw new LakehouseError('AlreadyExists', `Database ${name} already exists`, { object: name });
      if (!exists) await catalog.createDatabase(s.database);
      return { message: exists ? `Database ${name} already exists` : `Database ${name} created` };
    }
    case 'DROP_DATABASE': {
      await catalog.dropDatabase(s.name, { ifExists: s.ifExists, cascade: s.cascade });
      return { message: `Database ${s.name} dropped` };
    }
    case 'CREATE_TABLE': {
      const table = s.table;
      await ensureDatabase(catalog, table.database);
      const exists = await catalog.table(table.database, table.name);
      if (exists) {
        if (s.ifNotExists) return { message: `Table ${table.database}.${table.name} already exists` };
        throw new LakehouseError('AlreadyExists', `Table ${table.database}.${table.name} already exists`, { object: `${table.database}.${table.name}` });
      }
      if (tableFormat(table) === 'unsupported')
        throw new LakehouseError('SqlUnsupported', `table ${table.database}.${table.name}: ${unsupportedFormatReason(table)}; the local engine reads ${READ_FORMATS} tables`);
      await catalog.putTable(table);
      return { message: `Table ${table.database}.${table.name} created` };
    }
    case 'DROP_VIEW': {
      const d = dbOf(s.view);
      const existing = await catalog.table(d, s.view.name);
      if (existing && existing.tableType !== 'VIRTUAL_VIEW') throw new LakehouseError('InvalidInput', `${d}.${s.view.name} is a table: use DROP TABLE`, { object: `${d}.${s.view.name}` });
      await catalog.dropTable(d, s.view.name, { ifExists: s.ifExists });
      return { message: `View ${d}.${s.view.name} dropped` };
    }
    case 'DROP_TABLE': {
      const d = dbOf(s.table);
      const existing = await catalog.table(d, s.table.name);
      if (existing?.tableType === 'VIRTUAL_VIEW') throw new LakehouseError('InvalidInput', `${d}.${s.table.name} is a view: use DROP VIEW`, { object: `${d}.${s.table.name}` });
      // Athena deletes an Iceberg table's data with it: not something to do by half
      if (existing && isIcebergTable(existing)) throw icebergRefusal(`${d}.${s.table.name}`, { line, column });
      await catalog.dropTable(d, s.table.name, { ifExists: s.ifExists });
      return { message: `Table ${d}.${s.table.name} dropped (its data stays at its location)` };
    }
    case 'SHOW_DATABASES': {
      const names = (await catalog.databases()).map((d) => d.name).filter((n) => likeMatch(n, s.pattern));
      return rowsResult([{ name: 'database_name', type: 'varchar' }], names.sort().map((n) => [n]));
    }
    case 'SHOW_TABLES': {
      const d = s.database ?? ctx.database;
      if (d === undefined) throw new LakehouseError('InvalidInput', 'SHOW TABLES: no database given — use SHOW TABLES IN database');
      if (!(await catalog.database(d))) throw new LakehouseError('EntityNotFound', `Database ${d} does not exist`, { object: d });
      const names = (await catalog.tables(d)).map((t) => t.name).filter((n) => likeMatch(n, s.pattern));
      return rowsResult([{ name: 'tab_name', type: 'varchar' }], names.sort().map((n) => [n]));
    }
    case 'SHOW_COLUMNS': {
      const t = await mustTable(s.table);
      return rowsResult([{ name: 'field', type: 'varchar' }], [...t.storage.columns, ...t.partitionKeys].map((c) => [c.name]));
    }
    case 'DESCRIBE': {
      const t = await mustTable(s.table);
      if (s.column !== undefined) {
        const col = [...t.storage.columns, ...t.partitionKeys].find((c) => c.name === s.column!.toLowerCase());
        if (!col) throw new LakehouseError('EntityNotFound', `Table ${t.database}.${t.name} has no column ${s.column}`, { object: s.column });
        return rowsResult(
          [
            { name: 'col_name', type: 'varchar' },
            { name: 'data_type', type: 'varchar' },
            { name: 'comment', type: 'varchar' },
          ],
          [[col.name, col.type, col.comment ?? '']],
        );
      }
      const rows: CellValue[][] = [...t.storage.columns, ...t.partitionKeys].map((c) => [c.name, c.type, c.comment ?? '']);
      if (t.partitionKeys.length > 0) {
        rows.push(['', '', ''], ['# Partition Information', '', ''], ['# col_name', 'data_type', 'comment']);
        for (const c of t.partitionKeys) rows.push([c.name, c.type, c.comment ?? '']);
      }
      if (s.mode !== undefined) {
        rows.push(['', '', ''], ['# Detailed Table Information', '', ''], ['Database:', t.database, ''], ['Location:', t.storage.location, ''], ['Table Type:', t.tableType, '']);
        rows.push(['SerDe Library:', t.storage.serde.serializationLibrary, ''], ['InputFormat:', t.storage.inputFormat ?? '', ''], ['OutputFormat:', t.storage.outputFormat ?? '', '']);
      }
      return rowsResult(
        [
          { name: 'col_name', type: 'varchar' },
          { name: 'data_type', type: 'varchar' },
          { name: 'comment', type: 'varchar' },
        ],
        rows,
      );
    }
    case 'SHOW_CREATE_TABLE': {
      const t = await mustTable(s.table);
      if (isIcebergTable(t)) throw icebergRefusal(`${t.database}.${t.name}`, { line, column });
      if (t.tableType === 'VIRTUAL_VIEW') throw new LakehouseError('InvalidInput', `${t.database}.${t.name} is a view, not a table`, { object: `${t.database}.${t.name}` });
      return rowsResult([{ name: 'createtab_stmt', type: 'varchar' }], renderCreateTable(t).split('\n').map((l) => [l]));
    }
    case 'SHOW_PARTITIONS': {
      const t = await mustTable(s.table);
      if (isIcebergTable(t)) throw icebergRefusal(`${t.database}.${t.name}`, { line, column });
      if (t.partitionKeys.length === 0) throw new LakehouseError('InvalidInput', `Table ${t.database}.${t.name} is not partitioned`, { object: `${t.database}.${t.name}` });
      const rows = (t.partitions ?? []).map((p) => [t.partitionKeys.map((k, i) => `${k.name}=${p.values[i] ?? ''}`).join('/')]);
      return rowsResult([{ name: 'partition', type: 'varchar' }], rows);
    }
    case 'MSCK_REPAIR': {
      const t = await mustTable(s.table);
      if (isIcebergTable(t)) throw icebergRefusal(`${t.database}.${t.name}`, { line, column });
      if (t.partitionKeys.length === 0) return { message: `Table ${t.database}.${t.name} is not partitioned: nothing to repair` };
      const found = await discoverPartitions(t, ctx.localPath);
      const known = new Set((t.partitions ?? []).map((p) => p.values.join('\u0000')));
      const added = found.filter((p) => !known.has(p.values.join('\u0000')));
      await catalog.putTable({ ...t, partitions: [...(t.partitions ?? []), ...added] }, { replace: true });
      const lines = added.map((p) => `Repair: Added partition to metastore ${t.name}:${t.partitionKeys.map((k, i) => `${k.name}=${p.values[i]}`).join('/')}`);
      return { ...rowsResult([{ name: 'result', type: 'varchar' }], lines.map((l) => [l])), message: `${added.length} partition(s) added to ${t.database}.${t.name}` };
    }
    case 'USE':
      throw new LakehouseError('SqlUnsupported', `USE is not supported: choose the database for the query instead (Athena's console does the same)`);
    case 'UNSUPPORTED':
      throw new LakehouseError('SqlUnsupported', `${s.keyword} is not supported by the local engine`, { line, column });
  }
}
