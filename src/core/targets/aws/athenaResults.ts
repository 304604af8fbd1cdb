/**
 * Athena results kept on this machine, so that sorting, filtering and exporting what the grid shows costs no new
 * Athena query: every query on Athena is billed by the data it scans (at least 10 MB), and a sort or filter run as a
 * new query would scan the tables again. The result Athena already computed is read once — its result file, or its
 * pages for a workgroup with managed results — into an in-memory DuckDB table, and views are computed there.
 *
 * The stored table holds Athena's text of every value (the exact text the grid shows) and a row number:
 * - a filter keeps the rows where any scalar column's text contains the needle, ignoring case (as the grid's quick
 *   filter on the local engine: `strpos(lower(CAST(x AS varchar)), needle)`);
 * - a sort orders by the values of the column's own type (the text cast back: numbers as numbers, dates as dates),
 *   NULLs last, and keeps Athena's order between equal values. A column of an array, map or row type is not
 *   sorted here: refused by name (Trino orders arrays element-wise and refuses maps; this does neither).
 * Views are materialised (a table per view), paged by row offsets, and exported with the same writers as Athena's
 * own result files. Only "Run again" runs the query again on Athena.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { LakehouseError, errorMessage } from '../../errors';
import type { CellValue, QueryColumn, QueryExecution, ResultPage, ResultView } from '../../model';
import type { ExportOptions } from '../../target';
import { ident, literal, loadDuckDb } from '../local/duck';
import { csvField, duckTypeOf, exportParquet, exportText, resultRecords } from './athenaExport';
import { cellFromAthena } from './athenaTypes';

/** The result of an execution as a stream of Athena's CSV (header first) with its column types. */
export interface ResultSource {
  stream: Readable;
  /** Athena's CSV with a header (else the tab-separated text of a DDL statement) */
  isCsv: boolean;
  columns: QueryColumn[];
}

/** What the store needs of the engine. */
export interface ResultProvider {
  /** the execution, which must be SUCCEEDED */
  succeeded(id: string): Promise<QueryExecution>;
  /** its result, as Athena wrote it (or as its pages give it) */
  resultSource(id: string, signal?: AbortSignal): Promise<ResultSource>;
}

export const VIEW_PREFIX = 'view:';

export function isViewId(id: string): boolean {
  return id.startsWith(VIEW_PREFIX);
}

interface StoredResult {
  table: string;
  columns: QueryColumn[];
  rows: number;
}

interface StoredView {
  id: string;
  table: string;
  base: QueryExecution;
  columns: QueryColumn[];
  rows: number;
  execution: QueryExecution;
}

/** How many results and views are kept (the oldest go first). */
const KEEP_RESULTS = 4;
const KEEP_VIEWS = 16;

function isComplex(type: string): boolean {
  return /^(array|map|row|struct)\b/i.test(type.trim());
}

export class AthenaResultStore {
  private db: Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> | undefined;
  private readonly results = new Map<string, Promise<StoredResult>>();
  private readonly views = new Map<string, StoredView>();
  private seq = 0;
  private closed = false;

  constructor(private readonly provider: ResultProvider) {}

  private connection(): Promise<DuckDBConnection> {
    this.db ??= (async () => {
      const { DuckDBInstance } = await loadDuckDb();
      const instance = await DuckDBInstance.create(':memory:', { threads: '2', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
      return { instance, conn: await instance.connect() };
    })();
    return this.db.then((d) => d.conn);
  }

  /** Loads the execution's result once (a table of Athena's text per column, and the row number `_lh_row`). */
  private load(id: string, signal?: AbortSignal): Promise<StoredResult> {
    let p = this.results.get(id);
    if (!p) {
      p = this.read(id, signal);
      this.results.set(id, p);
      p.catch(() => this.results.delete(id));
      if (this.results.size > KEEP_RESULTS) {
        const oldest = this.results.keys().next().value as string;
        const gone = this.results.get(oldest);
        this.results.delete(oldest);
        void gone?.then((r) => this.drop(r.table)).catch(() => undefined);
      }
    }
    return p;
  }

  private async read(id: string, signal?: AbortSignal): Promise<StoredResult> {
    const source = await this.provider.resultSource(id, signal);
    const tmp = path.join(os.tmpdir(), `lakehouse-athena-${process.pid}-${randomUUID().slice(0, 8)}.csv`);
    const table = `r${++this.seq}`;
    try {
      // Athena's CSV as it is; a DDL statement's text file rewritten as such a CSV
      if (source.isCsv) await pipeline(source.stream, createWriteStream(tmp), ...(signal ? [{ signal }] : []));
      else {
        const columns = source.columns;
        await pipeline(
          source.stream,
          async function* (input: AsyncIterable<Buffer>) {
            yield `${columns.map((c) => csvField(c.name)).join(',')}\n`;
            for await (const r of resultRecords(input, false, undefined)) yield `${r.map(csvField).join(',')}\n`;
          },
          createWriteStream(tmp),
          ...(signal ? [{ signal }] : []),
        );
      }
      const conn = await this.connection();
      const names = source.columns.map((_, i) => `c${i + 1}`);
      const spec = `{${names.map((n) => `${literal(n)}: 'VARCHAR'`).join(', ')}}`;
      const read =
        `read_csv(${literal(tmp)}, header = true, delim = ',', quote = '"', escape = '"', nullstr = '', ` +
        `allow_quoted_nulls = false, auto_detect = false, new_line = '\\n', columns = ${spec})`;
      if (source.columns.length === 0) throw new LakehouseError('InvalidInput', `query ${id} has no columns to sort or filter`, { object: id });
      await conn.run(`CREATE TABLE ${ident(table)} AS SELECT row_number() OVER () AS _lh_row, * FROM ${read}`);
      const rows = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${ident(table)}`)).getRows()[0]?.[0] ?? 0);
      return { table, columns: source.columns, rows };
    } catch (e) {
      source.stream.destroy();
      if (signal?.aborted) throw new LakehouseError('Cancelled', `reading the result of query ${id} was cancelled`, { object: id });
      if (e instanceof LakehouseError) throw e;
      throw new LakehouseError('DataError', `could not read the result of query ${id}: ${errorMessage(e)}`, { object: id }, { cause: e });
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  private async drop(table: string): Promise<void> {
    if (this.closed) return;
    await (await this.connection()).run(`DROP TABLE IF EXISTS ${ident(table)}`);
  }

  /** A sorted/filtered view of execution `id`'s result, computed here. */
  async view(id: string, view: ResultView, options: { signal?: AbortSignal } = {}): Promise<QueryExecution> {
    const started = Date.now();
    const base = await this.provider.succeeded(id);
    const stored = await this.load(id, options.signal);
    const { columns } = stored;
    const sql = viewSelect(stored, view);
    const table = `v${++this.seq}`;
    const conn = await this.connection();
    await conn.run(`CREATE TABLE ${ident(table)} AS ${sql}`);
    const rows = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${ident(table)}`)).getRows()[0]?.[0] ?? 0);
    const viewId = `${VIEW_PREFIX}${randomUUID()}`;
    const completed = new Date();
    const execution: QueryExecution = {
      id: viewId,
      sql: base.sql,
      state: 'SUCCEEDED',
      ...(base.kind !== undefined ? { kind: base.kind } : {}),
      context: { ...base.context },
      submitted: new Date(started),
      completed,
      statistics: { elapsedMs: completed.getTime() - started, rows, bytesScanned: 0, costUsd: 0, engine: `local engine, over the result of Athena query ${id}` },
      offsetPaging: true,
      viewOf: id,
    };
    this.views.set(viewId, { id: viewId, table, base, columns, rows, execution });
    if (this.views.size > KEEP_VIEWS) {
      const oldest = this.views.keys().next().value as string;
      const gone = this.views.get(oldest)!;
      this.views.delete(oldest);
      void this.drop(gone.table).catch(() => undefined);
    }
    return execution;
  }

  private viewOf(id: string): StoredView {
    const v = this.views.get(id);
    if (!v) throw new LakehouseError('EntityNotFound', `the view ${id} is no longer kept: sort or filter again`, { object: id });
    return v;
  }

  status(id: string): QueryExecution {
    return { ...this.viewOf(id).execution };
  }

  /** Rows of a view; the page token is the row offset. */
  async page(id: string, options: { pageToken?: string; maxRows?: number } = {}): Promise<ResultPage> {
    const v = this.viewOf(id);
    const offset = options.pageToken !== undefined ? Number(options.pageToken) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new LakehouseError('InvalidInput', `bad page token ${options.pageToken} for view ${id}`, { object: id });
    const max = Math.max(1, Math.min(Math.floor(options.maxRows ?? 1000), 100_000));
    const conn = await this.connection();
    const names = v.columns.map((_, i) => ident(`c${i + 1}`)).join(', ');
    const reader = await conn.runAndReadAll(`SELECT ${names} FROM ${ident(v.table)} ORDER BY _lh_view_row LIMIT ${max} OFFSET ${offset}`);
    const types = v.columns.map((c) => c.type);
    const rows: CellValue[][] = (reader.getRows() as unknown[][]).map((r) => r.map((x, i) => cellFromAthena(x === null ? null : String(x), types[i]!)));
    const next = offset + rows.length;
    return { columns: v.columns, rows, ...(next < v.rows ? { nextPageToken: String(next) } : {}) };
  }

  /** Exports a view with the writers of Athena's result files (the same CSV, JSON and Parquet). */
  async export(id: string, options: ExportOptions): Promise<{ rows: number; bytes: number }> {
    const v = this.viewOf(id);
    const conn = await this.connection();
    const csv = path.join(os.tmpdir(), `lakehouse-athena-view-${process.pid}-${randomUUID().slice(0, 8)}.csv`);
    const tmp = path.join(path.dirname(options.file), `.${path.basename(options.file)}.lh-tmp-${process.pid}-${randomUUID().slice(0, 8)}`);
    const maxRows = options.maxRows !== undefined ? Math.max(0, Math.floor(options.maxRows)) : undefined;
    try {
      // the view as Athena's CSV: every value quoted, NULL as nothing
      const names = v.columns.map((c, i) => `${ident(`c${i + 1}`)} AS ${ident(c.name)}`).join(', ');
      await conn.run(`COPY (SELECT ${names} FROM ${ident(v.table)} ORDER BY _lh_view_row) TO ${literal(csv)} (FORMAT csv, HEADER true, QUOTE '"', ESCAPE '"', FORCE_QUOTE *, NULLSTR '')`);
      const rows =
        options.format === 'parquet'
          ? await exportParquet(createReadStream(csv), true, v.columns, tmp, maxRows, options.signal)
          : await exportText(createReadStream(csv), true, v.columns, options.format, tmp, maxRows, options.signal);
      await fs.rename(tmp, options.file);
      return { rows, bytes: (await fs.stat(options.file)).size };
    } catch (e) {
      await fs.rm(tmp, { force: true });
      if (options.signal?.aborted) throw new LakehouseError('Cancelled', `the export of view ${id} was cancelled`, { object: id });
      if (e instanceof LakehouseError) throw e;
      throw new LakehouseError('DataError', `export of the sorted/filtered result of query ${v.base.id} to ${options.file} failed: ${errorMessage(e)}`, { file: options.file }, { cause: e });
    } finally {
      await fs.rm(csv, { force: true });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const db = this.db;
    this.db = undefined;
    this.results.clear();
    this.views.clear();
    if (db) {
      const { instance, conn } = await db.catch(() => ({ instance: undefined, conn: undefined }));
      conn?.closeSync();
      instance?.closeSync();
    }
  }
}

/**
 * The SELECT that materialises a view of a stored result: the filter over the scalar columns' text, the order by
 * each column's own type (NULLs last), ties in Athena's order; `_lh_view_row` numbers the view's rows.
 */
export function viewSelect(stored: { table: string; columns: QueryColumn[] }, view: ResultView): string {
  const { columns } = stored;
  const col = (i: number) => ident(`c${i + 1}`);
  const needle = view.filter.trim().toLowerCase();
  let where = '';
  if (needle !== '') {
    const tests = columns.flatMap((c, i) => (isComplex(c.type) ? [] : [`strpos(lower(${col(i)}), ${literal(needle)}) > 0`]));
    where = ` WHERE ${tests.length > 0 ? tests.join(' OR ') : 'false'}`;
  }
  const keys: string[] = [];
  for (const s of view.sort) {
    const c = columns[s.column];
    if (!c) continue;
    if (isComplex(c.type)) {
      throw new LakehouseError('SqlUnsupported', `sorting by column ${c.name} (${c.type}) is not supported on a stored Athena result: run the query again with an ORDER BY`, {
        field: c.name,
      });
    }
    const duck = duckTypeOf(c.type);
    const key = duck === 'VARCHAR' ? col(s.column) : `TRY_CAST(${col(s.column)} AS ${duck})`;
    keys.push(`${key} ${s.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`);
  }
  keys.push('_lh_row');
  const names = columns.map((_, i) => col(i)).join(', ');
  return `SELECT row_number() OVER (ORDER BY ${keys.join(', ')}) AS _lh_view_row, ${names} FROM ${ident(stored.table)}${where}`;
}
