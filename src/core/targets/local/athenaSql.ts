/**
 * Athena SQL for the local engine: a statement's query translated to DuckDB (src/core/sql/trino), with the tables
 * and views it names looked up in the catalog first — their columns type the translation, and a view is translated
 * from its stored Athena SQL the same way. The translator is loaded on first use (it is a bundle of its own).
 */
import * as path from 'node:path';
import { LakehouseError } from '../../errors';
import type { CatalogTable } from '../../model';
import { sourceOffsetAt, type SourceSpan } from '../../sql/dialects/emit';
import { SourceText } from '../../sql/dialects/refuse';
import { sqlTypeOfHive, type SqlType } from '../../sql/dialects/sqlType';
import { quoteIdentifier } from '../../sql/lexer';
import { parseHiveType } from '../../sql/types';
import type { TableInfo, TableReference, TranslatedQuery, TrinoQuery } from '../../sql/trino';
import type { Catalog } from '../../target';
import { GrammarPredictions } from './grammarPredictions';
import { BUILD_ID } from './planStore';
import { hiddenColumnsOf, hiddenViewName, mentionsHiddenColumns } from './hiddenColumns';
import { INFORMATION_SCHEMA, informationSchemaTable } from './informationSchema';
import type { TranslationCache } from './translationCache';

type TrinoModule = typeof import('../../sql/trino');
let trinoModule: Promise<TrinoModule> | undefined;
/** where the grammar's prediction caches are kept (grammarPredictions.ts): the first engine of the process says */
let predictions: GrammarPredictions | undefined;

/**
 * Keeps the translator's prediction caches in `file` (the first call of a process decides: the grammar's caches are
 * the process's). Call before the translator is loaded.
 */
export function keepTrinoPredictions(file: string): void {
  predictions ??= new GrammarPredictions(file, BUILD_ID, typeof __dirname === 'string' ? path.join(__dirname, 'trino-predictions.bin') : undefined);
}

/**
 * The translator, loaded once (the CLI and the extension do not pay for the grammar until SQL is translated), with
 * the prediction caches earlier processes kept.
 */
export function loadTrino(): Promise<TrinoModule> {
  trinoModule ??= (async () => {
    const trino = await import('../../sql/trino');
    await predictions?.restore(trino);
    return trino;
  })();
  return trinoModule;
}

/** Keeps what the translator's grammar learnt in this process (when it was loaded and learnt something). */
export async function saveTrinoPredictions(): Promise<void> {
  const trino = await trinoModule?.catch(() => undefined);
  if (trino) await predictions?.save(trino);
}

export interface PreparedQuery {
  query: TranslatedQuery;
  /** the statement's source (for mapping DuckDB's positions back) */
  source: SourceText;
  /** the catalog tables and views it reads, in the order named */
  tables: CatalogTable[];
  /** the views it reads (also through other views), translated: `"db.name"` → their query */
  views: Map<string, PreparedQuery>;
  /** the tables it reads through their hidden-column views (it names "$path" …: hiddenColumns.ts) */
  hidden: CatalogTable[];
  /**
   * The translation as the read-only guard (queryGuard.ts) reads it: the engine's own hidden-column views, which it
   * would refuse by name, as the tables they show.
   */
  guardSql: string;
}

export interface PrepareOptions {
  /** where the query's text starts in its file */
  base: { line: number; column: number };
  /** the database of unqualified names */
  database?: string | undefined;
  /** told of each name the query reads that the catalog lacks (the engine forgets what DuckDB still holds of it) */
  missing?: (database: string, name: string, databaseExists: boolean) => Promise<void>;
  /** translations kept across processes (translationCache.ts): a query translated before loads no grammar */
  translations?: TranslationCache | undefined;
  /** the query's rows are a result shown to the user (TranslateOptions.display) */
  display?: boolean;
}

/** Trino's types of the hidden columns (HiveColumnHandle): the session's zone is UTC */
const HIDDEN_TYPES: Record<string, SqlType> = {
  $path: { kind: 'varchar' },
  $file_size: { kind: 'bigint' },
  $file_modified_time: { kind: 'timestamptz', precision: 3, zone: 'UTC' },
  $partition: { kind: 'varchar' },
};

/**
 * The columns of a catalog table with their Trino types (data columns, then partition keys). `hidden`: the query
 * names hidden columns — the table is read through its hidden-column view, which has them too.
 */
export function tableInfo(t: CatalogTable, hidden = false): TableInfo {
  const columns: TableInfo['columns'] = [...t.storage.columns, ...t.partitionKeys].map((c) => ({ name: c.name.toLowerCase(), type: hiveToSql(c.type) }));
  if (!hidden) return { database: t.database, name: t.name, columns };
  for (const h of hiddenColumnsOf(t)) columns.push({ name: h, type: HIDDEN_TYPES[h]!, hidden: true });
  return { database: t.database, name: t.name, columns, relation: hiddenViewName(t) };
}

function hiveToSql(type: string): SqlType {
  try {
    return sqlTypeOfHive(parseHiveType(type));
  } catch {
    return { kind: 'varchar' };
  }
}

/** Parses and translates `text` (a query) against the catalog. Syntax and translation errors are positioned in the file. */
export async function prepareAthenaQuery(catalog: Catalog, text: string, options: PrepareOptions, depth = 0, views = new Map<string, PreparedQuery>()): Promise<PreparedQuery> {
  const cache = options.translations;
  // the names the text reads are the parse's (a function of the text alone); then what the catalog says of them now
  const namesKey = ['athena names', text, options.base.line, options.base.column];
  let parsed: TrinoQuery | undefined;
  let refs = await cache?.get<TableReference[]>(namesKey);
  if (refs === undefined) {
    parsed = (await loadTrino()).parseQuery(text, options.base);
    refs = parsed.tables;
  }
  const infos = new Map<string, TableInfo>();
  const databases = new Map<string, boolean>();
  const tables: CatalogTable[] = [];
  const hidden: CatalogTable[] = [];
  const namesHidden = mentionsHiddenColumns(text);
  for (const ref of refs) {
    const database = ref.database ?? options.database;
    if (database === undefined) continue;
    if (database === INFORMATION_SCHEMA) {
      // Athena's information_schema, made from the catalog (informationSchema.ts); another of its tables is refused by name
      const key = `${database}.${ref.name}`;
      if (infos.has(key)) continue;
      const info = await informationSchemaTable(catalog, ref.name, async (view) => {
        const prepared = await prepareAthenaQuery(catalog, view.viewText ?? '', { base: { line: 1, column: 1 }, database: view.database, translations: cache }, depth + 1, views).catch((e: unknown) => {
          throw viewError(view, e);
        });
        return prepared.query.columns.map((c, i) => ({ name: (prepared.query.duckNames[i] ?? c.name).toLowerCase(), type: c.type }));
      });
      if (info) infos.set(key, info);
      continue;
    }
    if (!databases.has(database)) databases.set(database, (await catalog.database(database)) !== undefined);
    const key = `${database}.${ref.name}`;
    if (infos.has(key)) continue;
    const table = await catalog.table(database, ref.name);
    if (!table) {
      await options.missing?.(database, ref.name, databases.get(database)!);
      continue;
    }
    tables.push(table);
    if (table.tableType === 'VIRTUAL_VIEW') {
      if (depth > 16) throw new LakehouseError('SqlError', `view ${table.database}.${table.name} refers to itself through other views`);
      let view = views.get(key);
      if (!view) {
        view = await prepareAthenaQuery(catalog, table.viewText ?? '', { base: { line: 1, column: 1 }, database: table.database, ...(options.missing ? { missing: options.missing } : {}), translations: cache }, depth + 1, views).catch((e: unknown) => {
          throw viewError(table, e);
        });
        views.set(key, view);
      }
      infos.set(key, { database, name: ref.name, columns: view.query.columns.map((c, i) => ({ name: (view!.query.duckNames[i] ?? c.name).toLowerCase(), type: c.type })) });
    } else {
      infos.set(key, tableInfo(table, namesHidden));
      if (namesHidden) hidden.push(table);
    }
  }
  // every input of the translation: the text, where it starts, the default database, and what the translator is told
  // of each name (the tables' and views' columns as the catalog has them now, whether their databases exist)
  const translationKey = ['athena', text, options.base.line, options.base.column, options.database ?? null, options.display === true, [...infos], [...databases]];
  let query = await cache?.get<TranslatedQuery>(translationKey);
  if (query === undefined) {
    parsed ??= (await loadTrino()).parseQuery(text, options.base);
    query = parsed.translate({
      ...(options.database !== undefined ? { defaultDatabase: options.database } : {}),
      table: (d, n) => infos.get(`${d}.${n}`),
      database: (d) => databases.get(d) ?? false,
      ...(options.display ? { display: true } : {}),
    });
    await cache?.set(namesKey, parsed.tables);
    await cache?.set(translationKey, query);
  }
  let guardSql = query.sql;
  for (const t of hidden) guardSql = guardSql.split(hiddenViewName(t)).join(`${quoteIdentifier(t.database)}.${quoteIdentifier(t.name)}`);
  return { query, source: new SourceText(text, options.base), tables, views, hidden, guardSql };
}

/**
 * An error in a view's stored SQL, said at the query that reads the view: `view db.v (its SQL in the catalog): line
 * 1:21: …`. The text of string literals the message quotes is left out (a view's text is anyone's catalog data).
 */
export function viewError(table: CatalogTable, e: unknown): LakehouseError {
  const inner = e instanceof LakehouseError ? e : undefined;
  const message = (e instanceof Error ? e.message : String(e)).replace(/^line \d+:\d+: /, '').replace(/''[^']*''/g, "''…''");
  const at = inner?.detail.line !== undefined ? `line ${inner.detail.line}:${inner.detail.column ?? 1}: ` : '';
  return new LakehouseError(inner?.code ?? 'SqlError', `view ${table.database}.${table.name} (its SQL in the catalog): ${at}${message}`, { object: `${table.database}.${table.name}` }, { cause: e });
}

/**
 * A DuckDB error position (1-based line and column in the SQL it ran, which starts with the translated query on
 * line `firstLine`) → the file position of the source node whose translation holds it.
 */
export function sourcePosition(prepared: PreparedQuery, line: number, column: number, firstLine = 1): { line: number; column: number } | undefined {
  const sql = prepared.query.sql;
  let offset = 0;
  for (let l = firstLine; l < line; l++) {
    const next = sql.indexOf('\n', offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  offset += column - 1;
  // (a place no source node made — the translation's own wrapping — is the query's start)
  const at = sourceOffsetAt(prepared.query.spans as SourceSpan[], offset) ?? 0;
  return prepared.source.position(at);
}
