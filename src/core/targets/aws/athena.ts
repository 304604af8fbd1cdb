/**
 * The AWS target's query engine: Athena through SDK v3, with the semantics {@link QueryEngine} documents and the
 * local engine shows.
 *
 * - `start` submits (StartQueryExecution with the database, workgroup and output location); `wait` polls
 *   GetQueryExecution with backoff (100 ms doubling to 2 s) and, when its signal aborts, stops the query
 *   (StopQueryExecution) and rejects with a `Cancelled` error.
 * - `page` reads GetQueryResults (at most 1000 rows a call, so a larger page takes several calls; Athena's NextToken
 *   is the page token). For a SELECT, the first row Athena returns is the header and is dropped; a NULL is a Datum
 *   without a value. Values become the cells the local engine gives for the same type (numbers for integer types
 *   within the safe range and for floating types, booleans, strings otherwise — Athena's text of arrays, maps and
 *   rows stays text).
 * - `export` streams the result file Athena wrote to S3 (`<outputLocation>/<id>.csv`), never pages GetQueryResults:
 *   CSV as Athena wrote it, JSON lines parsed from it while streaming, Parquet converted from it by DuckDB.
 * - Statistics: data scanned, engine and total time, and the cost at $5 per TB scanned (at least 10 MB a query).
 */
import type { AthenaClient, ColumnInfo, QueryExecution as AthenaExecution, Row } from '@aws-sdk/client-athena';
import { randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { parse as parseCsv, type Parser } from 'csv-parse';
import { LakehouseError, errorMessage } from '../../errors';
import type { CellValue, QueryColumn, QueryContext, QueryExecution, QueryState, ResultPage } from '../../model';
import type { ExportOptions, ObjectStore, QueryEngine } from '../../target';
import { ident, literal, loadDuckDb } from '../local/duck';
import type { AwsConnection } from './connection';

export interface AthenaSettings {
  workgroup: string;
  /** `s3://bucket/prefix/` where Athena writes result files */
  outputLocation: string;
  /** the object store on S3 the result files are read from */
  s3: ObjectStore;
  /** GetQueryExecution polling: first interval and the cap (default 100 ms → 2 s) */
  pollMs?: { initial: number; max: number };
}

/** Athena's price: $5 per TB (10^12 bytes) scanned. */
export const ATHENA_USD_PER_TB = 5;
/** Athena bills at least 10 MB per query, and rounds up to whole megabytes. */
export const ATHENA_MIN_BYTES = 10_000_000;
const MB = 1_000_000;
/** GetQueryResults returns at most this many rows per call. */
export const MAX_RESULTS_PER_CALL = 1000;
const KEEP_EXECUTIONS = 200;

/**
 * The cost in US dollars of a query that scanned `bytes`: rounded up to whole MB, at least 10 MB, at $5 per TB.
 * A query that scanned nothing (DDL, a SELECT without tables) costs nothing.
 */
export function athenaCostUsd(bytes: number): number {
  if (!(bytes > 0)) return 0;
  const billed = Math.max(ATHENA_MIN_BYTES, Math.ceil(bytes / MB) * MB);
  return (billed / 1e12) * ATHENA_USD_PER_TB;
}

/** Athena's SubstatementType → the local engine's statement kind. */
const KIND_OF_SUBSTATEMENT: Record<string, string> = {
  SELECT: 'QUERY',
  EXPLAIN: 'EXPLAIN',
  CREATE_TABLE: 'CREATE_TABLE',
  CREATE_EXTERNAL_TABLE: 'CREATE_TABLE',
  CREATE_TABLE_AS_SELECT: 'CTAS',
  INSERT: 'INSERT',
  INSERT_INTO: 'INSERT',
  CREATE_VIEW: 'CREATE_VIEW',
  DROP_VIEW: 'DROP_VIEW',
  DROP_TABLE: 'DROP_TABLE',
  CREATE_DATABASE: 'CREATE_DATABASE',
  CREATE_SCHEMA: 'CREATE_DATABASE',
  DROP_DATABASE: 'DROP_DATABASE',
  DROP_SCHEMA: 'DROP_DATABASE',
  SHOW_DATABASES: 'SHOW_DATABASES',
  SHOW_SCHEMAS: 'SHOW_DATABASES',
  SHOW_TABLES: 'SHOW_TABLES',
  SHOW_COLUMNS: 'SHOW_COLUMNS',
  DESCRIBE: 'DESCRIBE',
  DESCRIBE_TABLE: 'DESCRIBE',
  SHOW_CREATE_TABLE: 'SHOW_CREATE_TABLE',
  SHOW_PARTITIONS: 'SHOW_PARTITIONS',
  MSCK_REPAIR_TABLE: 'MSCK_REPAIR',
};

function kindOf(e: AthenaExecution): string | undefined {
  const sub = e.SubstatementType?.toUpperCase();
  if (sub) return KIND_OF_SUBSTATEMENT[sub] ?? sub;
  if (e.StatementType === 'DML') return 'QUERY';
  return undefined;
}

const STATES: readonly QueryState[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

function isFinal(state: QueryState): boolean {
  return state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED';
}

/** The type of a result column: Athena's type name, with precision and scale for decimals. */
export function columnType(c: ColumnInfo): string {
  const t = (c.Type ?? 'varchar').toLowerCase();
  if (t === 'decimal' && c.Precision !== undefined) return `decimal(${c.Precision},${c.Scale ?? 0})`;
  return t;
}

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const FLOAT_TYPES = new Set(['double', 'float', 'real']);

/** Athena's text of a value → the cell the local engine gives for the same type. */
export function cellFromAthena(text: string | undefined | null, type: string): CellValue {
  if (text === undefined || text === null) return null;
  const base = type.replace(/\(.*$/s, '').trim();
  if (INTEGER_TYPES.has(base)) {
    if (!/^-?\d+$/.test(text)) return text;
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  if (FLOAT_TYPES.has(base)) {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  if (base === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/** The DuckDB type a column of Athena's CSV is read as for Parquet (complex types stay Athena's text). */
function duckTypeOf(type: string): string {
  const base = type.replace(/\(.*$/s, '').trim();
  const simple: Record<string, string> = {
    tinyint: 'TINYINT',
    smallint: 'SMALLINT',
    integer: 'INTEGER',
    int: 'INTEGER',
    bigint: 'BIGINT',
    double: 'DOUBLE',
    float: 'FLOAT',
    real: 'FLOAT',
    boolean: 'BOOLEAN',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
  };
  if (base === 'decimal') {
    const m = /^decimal\((\d+)\s*,\s*(\d+)\)$/.exec(type.trim());
    return m ? `DECIMAL(${m[1]},${m[2]})` : 'DOUBLE';
  }
  return simple[base] ?? 'VARCHAR';
}

function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

function abortError(): Error {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// ---------------------------------------------------------------- Athena's CSV

/**
 * A parser of Athena's result CSV (csv-parse): every value double-quoted with `""` escapes, NULL as an empty
 * *unquoted* field — so `""` stays an empty string and only a bare empty field becomes null.
 */
export function athenaCsvParser(options: { fromLine?: number } = {}): Parser {
  return parseCsv({
    cast: (value, context) => (context.quoting || value !== '' ? value : null),
    relax_column_count: true,
    ...(options.fromLine !== undefined ? { from_line: options.fromLine } : {}),
  });
}

/** One value as Athena writes it in a CSV: double-quoted, NULL as nothing. */
function csvField(v: string | null): string {
  return v === null ? '' : `"${v.replace(/"/g, '""')}"`;
}

/**
 * The records of a result file: Athena's CSV (header first) or a DDL statement's text file (tab-separated, no
 * header). Yields data records only, at most `maxRows`.
 */
async function* resultRecords(source: AsyncIterable<Buffer>, isCsv: boolean, maxRows: number | undefined, onChunk?: (chunk: Buffer) => void): AsyncGenerator<(string | null)[]> {
  let count = 0;
  if (maxRows === 0) return;
  if (isCsv) {
    // the header line is skipped by the parser
    const parser = athenaCsvParser({ fromLine: 2 });
    const input = Readable.from(
      (async function* () {
        for await (const chunk of source) {
          onChunk?.(chunk);
          yield chunk;
        }
      })(),
    );
    input.on('error', (e) => parser.destroy(e));
    input.pipe(parser);
    try {
      for await (const r of parser as AsyncIterable<(string | null)[]>) {
        yield r;
        if (maxRows !== undefined && ++count >= maxRows) return;
      }
    } finally {
      input.destroy();
      parser.destroy();
    }
    return;
  }
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const lines = function* (text: string, final: boolean): Generator<string> {
    rest += text;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, nl);
      rest = rest.slice(nl + 1);
    }
    if (final && rest !== '') {
      yield rest;
      rest = '';
    }
  };
  for await (const chunk of source) {
    onChunk?.(chunk);
    for (const l of lines(decoder.write(chunk), false)) {
      yield l.split('\t').map((f) => f.trim());
      if (maxRows !== undefined && ++count >= maxRows) return;
    }
  }
  for (const l of lines(decoder.end(), true)) {
    yield l.split('\t').map((f) => f.trim());
    if (maxRows !== undefined && ++count >= maxRows) return;
  }
}


// ---------------------------------------------------------------- the engine

interface Paging {
  /** the token the next sequential page starts at (undefined: the first page) */
  next: string | undefined;
  /** data rows returned so far by sequential pages */
  seen: number;
}

export class AthenaQueryEngine implements QueryEngine {
  private readonly pollInitial: number;
  private readonly pollMax: number;
  /** executions in a final state (they no longer change) */
  private readonly finals = new Map<string, QueryExecution>();
  /** the row count of results read to their end (by paging or export) */
  private readonly rowCounts = new Map<string, number>();
  private readonly paging = new Map<string, Paging>();
  private readonly contexts = new Map<string, QueryContext>();

  constructor(
    readonly conn: AwsConnection,
    readonly settings: AthenaSettings,
  ) {
    this.pollInitial = settings.pollMs?.initial ?? 100;
    this.pollMax = settings.pollMs?.max ?? 2000;
    if (!/^s3:\/\/[^/]+/.test(settings.outputLocation)) {
      throw new LakehouseError('InvalidInput', `Athena output location "${settings.outputLocation}" must be an s3:// location (lakehouse.json athena.outputLocation)`, {
        field: 'athena.outputLocation',
      });
    }
  }

  private async send<T>(action: string, resource: string, fn: (client: AthenaClient, sdk: typeof import('@aws-sdk/client-athena')) => Promise<T>): Promise<T> {
    const [client, sdk] = await Promise.all([this.conn.athena(), import('@aws-sdk/client-athena')]);
    return this.conn.call({ action: `athena:${action}`, resource }, () => fn(client, sdk));
  }

  private workgroupOf(context: QueryContext = {}): string {
    return context.workgroup ?? this.settings.workgroup;
  }

  private remember<K, V>(map: Map<K, V>, key: K, value: V): void {
    map.set(key, value);
    if (map.size > KEEP_EXECUTIONS) map.delete(map.keys().next().value as K);
  }

  async start(sql: string, context: QueryContext = {}): Promise<QueryExecution> {
    const workgroup = this.workgroupOf(context);
    const res = await this.send('StartQueryExecution', `workgroup/${workgroup}`, (c, { StartQueryExecutionCommand }) =>
      c.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          ClientRequestToken: randomUUID(),
          ...(context.database !== undefined ? { QueryExecutionContext: { Database: context.database, Catalog: 'AwsDataCatalog' } } : {}),
          WorkGroup: workgroup,
          ResultConfiguration: { OutputLocation: this.settings.outputLocation },
        }),
      ),
    );
    const id = res.QueryExecutionId;
    if (!id) throw new LakehouseError('SqlError', `Athena accepted the query but returned no QueryExecutionId (workgroup ${workgroup})`);
    this.remember(this.contexts, id, context);
    return { id, sql, state: 'QUEUED', context: { ...context, workgroup }, submitted: new Date() };
  }

  /** GetQueryExecution mapped to a {@link QueryExecution}. */
  async status(id: string, signal?: AbortSignal): Promise<QueryExecution> {
    const done = this.finals.get(id);
    if (done) return this.withRows(done);
    const res = await this.send('GetQueryExecution', `query ${id}`, (c, { GetQueryExecutionCommand }) =>
      c.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), signal ? { abortSignal: signal } : {}),
    );
    if (!res.QueryExecution) throw new LakehouseError('EntityNotFound', `Athena returned no query execution ${id}`, { object: id });
    const exec = this.fromAthena(res.QueryExecution, id);
    if (isFinal(exec.state)) this.remember(this.finals, id, exec);
    return this.withRows(exec);
  }

  private withRows(exec: QueryExecution): QueryExecution {
    const rows = this.rowCounts.get(exec.id);
    const copy = { ...exec, context: { ...exec.context } };
    if (exec.statistics) copy.statistics = { ...exec.statistics, ...(rows !== undefined ? { rows } : {}) };
    return copy;
  }

  private fromAthena(e: AthenaExecution, id: string): QueryExecution {
    const status = e.Status ?? {};
    const state: QueryState = (STATES as readonly string[]).includes(status.State ?? '') ? (status.State as QueryState) : 'QUEUED';
    const kind = kindOf(e);
    const version = e.EngineVersion?.EffectiveEngineVersion;
    const st = e.Statistics;
    const bytes = st?.DataScannedInBytes;
    const context: QueryContext = {
      ...(this.contexts.get(id) ?? {}),
      ...(e.QueryExecutionContext?.Database ? { database: e.QueryExecutionContext.Database } : {}),
      ...(e.WorkGroup ? { workgroup: e.WorkGroup } : {}),
    };
    const exec: QueryExecution = {
      id: e.QueryExecutionId ?? id,
      sql: e.Query ?? '',
      state,
      context,
      submitted: status.SubmissionDateTime ?? new Date(),
      ...(kind !== undefined ? { kind } : {}),
      ...(status.CompletionDateTime ? { completed: status.CompletionDateTime } : {}),
      ...(e.ResultConfiguration?.OutputLocation ? { outputLocation: e.ResultConfiguration.OutputLocation } : {}),
    };
    if (st) {
      // Athena does not charge for DDL or failed queries
      const charged = state !== 'FAILED' && e.StatementType !== 'DDL';
      exec.statistics = {
        elapsedMs: st.TotalExecutionTimeInMillis ?? st.EngineExecutionTimeInMillis ?? 0,
        ...(st.EngineExecutionTimeInMillis !== undefined ? { engineMs: st.EngineExecutionTimeInMillis } : {}),
        ...(bytes !== undefined ? { bytesScanned: bytes, costUsd: charged ? athenaCostUsd(bytes) : 0 } : {}),
        engine: version ? `Athena (${version.replace(/^Athena\s+/i, '')})` : 'Athena',
      };
    }
    if (state === 'FAILED' || (state === 'CANCELLED' && (status.StateChangeReason || status.AthenaError?.ErrorMessage))) {
      const message = status.StateChangeReason || status.AthenaError?.ErrorMessage || (state === 'CANCELLED' ? 'the query was cancelled' : 'the query failed');
      const pos = /\bline (\d+):(\d+)/.exec(message);
      exec.error = { message, ...(pos ? { line: Number(pos[1]), column: Number(pos[2]) } : {}) };
    }
    return exec;
  }

  async wait(id: string, options: { signal?: AbortSignal } = {}): Promise<QueryExecution> {
    const { signal } = options;
    let delay = this.pollInitial;
    try {
      for (;;) {
        if (signal?.aborted) throw abortError();
        const exec = await this.status(id, signal);
        if (isFinal(exec.state)) return exec;
        await sleep(delay, signal);
        delay = Math.min(delay * 2, this.pollMax);
      }
    } catch (e) {
      if (!signal?.aborted) throw e;
      // stop the query on Athena (this call must not carry the aborted signal)
      await this.cancel(id);
      throw new LakehouseError('Cancelled', `query ${id} was cancelled (Athena StopQueryExecution sent)`, { object: id });
    }
  }

  async cancel(id: string): Promise<void> {
    await this.send('StopQueryExecution', `query ${id}`, (c, { StopQueryExecutionCommand }) => c.send(new StopQueryExecutionCommand({ QueryExecutionId: id })));
    this.finals.delete(id);
  }

  private async succeeded(id: string, what: string): Promise<QueryExecution> {
    const exec = await this.status(id);
    if (exec.state !== 'SUCCEEDED') {
      throw new LakehouseError('InvalidInput', `query ${id} has no result ${what}(state ${exec.state}${exec.error ? `: ${exec.error.message}` : ''})`, { object: id });
    }
    return exec;
  }

  async page(id: string, options: { pageToken?: string; maxRows?: number } = {}): Promise<ResultPage> {
    const exec = await this.succeeded(id, '');
    const wanted = Math.max(1, Math.min(Math.floor(options.maxRows ?? MAX_RESULTS_PER_CALL), 100_000));
    const first = options.pageToken === undefined;
    const dropHeader = first && exec.kind === 'QUERY';
    let token = options.pageToken;
    let columns: QueryColumn[] = [];
    let types: string[] = [];
    const rows: CellValue[][] = [];
    let headerPending = dropHeader;
    let call = 0;
    do {
      const max = Math.min(MAX_RESULTS_PER_CALL, wanted - rows.length + (headerPending ? 1 : 0));
      const res = await this.send('GetQueryResults', `query ${id}`, (c, { GetQueryResultsCommand }) =>
        c.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: max, ...(token !== undefined ? { NextToken: token } : {}) })),
      );
      if (call++ === 0) {
        const info = res.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
        columns = info.map((c) => ({ name: c.Name ?? '', type: columnType(c) }));
        types = columns.map((c) => c.type);
      }
      let got: Row[] = res.ResultSet?.Rows ?? [];
      if (headerPending && got.length > 0) {
        got = got.slice(1);
        headerPending = false;
      }
      for (const r of got) rows.push((r.Data ?? []).map((d, i) => cellFromAthena(d.VarCharValue, types[i] ?? 'varchar')));
      token = res.NextToken || undefined;
    } while (token !== undefined && rows.length < wanted);

    // remember the row count once the result was read to its end, page after page
    const p: Paging = first ? { next: undefined, seen: 0 } : (this.paging.get(id) ?? { next: undefined, seen: -Infinity });
    if (first || p.next === options.pageToken) {
      p.seen += rows.length;
      p.next = token;
      this.remember(this.paging, id, p);
      if (token === undefined && p.seen >= 0) {
        this.remember(this.rowCounts, id, p.seen);
        this.paging.delete(id);
      }
    }
    if (columns.length === 0) return { columns: [], rows: [] };
    return { columns, rows, ...(token !== undefined ? { nextPageToken: token } : {}) };
  }

  // ------------------------------------------------------------ export

  async export(id: string, options: ExportOptions): Promise<{ rows: number; bytes: number }> {
    const exec = await this.succeeded(id, 'to export ');
    const location = exec.outputLocation ? parseS3Uri(exec.outputLocation) : undefined;
    if (!location) throw new LakehouseError('InvalidInput', `query ${id} has no result file on S3 to export (output location: ${exec.outputLocation ?? 'none'})`, { object: id });
    const maxRows = options.maxRows !== undefined ? Math.max(0, Math.floor(options.maxRows)) : undefined;
    const isCsv = location.key.endsWith('.csv');
    // the columns and their types, from the result metadata (one GetQueryResults call of one row)
    const columns = await this.resultColumns(id);
    const tmp = path.join(path.dirname(options.file), `.${path.basename(options.file)}.lh-tmp-${process.pid}-${randomUUID().slice(0, 8)}`);
    const source = await this.settings.s3.getStream(location.bucket, location.key);
    const signal = options.signal;
    try {
      let rows: number;
      if (options.format === 'parquet') rows = await this.exportParquet(source, isCsv, columns, tmp, maxRows, signal);
      else rows = await this.exportText(source, isCsv, columns, options.format, tmp, maxRows, signal);
      await fs.rename(tmp, options.file);
      const bytes = (await fs.stat(options.file)).size;
      if (maxRows === undefined) this.remember(this.rowCounts, id, rows);
      return { rows, bytes };
    } catch (e) {
      source.destroy();
      await fs.rm(tmp, { force: true });
      if (signal?.aborted) throw new LakehouseError('Cancelled', `the export of query ${id} was cancelled`, { object: id });
      if (e instanceof LakehouseError) throw e;
      throw new LakehouseError('DataError', `export of query ${id} from ${exec.outputLocation} to ${options.file} failed: ${errorMessage(e)}`, { file: options.file, object: exec.outputLocation }, { cause: e });
    }
  }

  private async resultColumns(id: string): Promise<QueryColumn[]> {
    const res = await this.send('GetQueryResults', `query ${id}`, (c, { GetQueryResultsCommand }) => c.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 1 })));
    return (res.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => ({ name: c.Name ?? '', type: columnType(c) }));
  }

  private async exportText(
    source: Readable,
    isCsv: boolean,
    columns: QueryColumn[],
    format: 'csv' | 'json',
    tmp: string,
    maxRows: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<number> {
    let rows = 0;
    const out = createWriteStream(tmp);
    if (format === 'csv' && isCsv && maxRows === undefined) {
      // Athena's CSV as it is; records are counted on the way through
      await pipeline(
        source,
        async function* (input: AsyncIterable<Buffer>) {
          const chunks: Buffer[] = [];
          for await (const _ of resultRecords(input, true, undefined, (c) => chunks.push(c))) {
            rows++;
            if (chunks.length > 0) yield Buffer.concat(chunks.splice(0));
          }
          if (chunks.length > 0) yield Buffer.concat(chunks.splice(0));
        },
        out,
        ...(signal ? [{ signal }] : []),
      );
      return rows;
    }
    const types = columns.map((c) => c.type);
    await pipeline(
      source,
      async function* (input: AsyncIterable<Buffer>) {
        if (format === 'csv') yield `${columns.map((c) => csvField(c.name)).join(',')}\n`;
        let batch = '';
        for await (const r of resultRecords(input, isCsv, maxRows)) {
          rows++;
          if (format === 'csv') batch += `${r.map(csvField).join(',')}\n`;
          else {
            const obj: Record<string, CellValue> = {};
            columns.forEach((c, i) => (obj[c.name] = cellFromAthena(r[i], types[i]!)));
            batch += `${JSON.stringify(obj)}\n`;
          }
          if (batch.length >= 64 * 1024) {
            yield batch;
            batch = '';
          }
        }
        if (batch) yield batch;
      },
      out,
      ...(signal ? [{ signal }] : []),
    );
    return rows;
  }

  private async exportParquet(
    source: Readable,
    isCsv: boolean,
    columns: QueryColumn[],
    tmp: string,
    maxRows: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<number> {
    const csvTmp = `${tmp}.csv`;
    try {
      // the result file on disk: Athena's CSV as downloaded, or a DDL text result rewritten as such a CSV
      if (isCsv) await pipeline(source, createWriteStream(csvTmp), ...(signal ? [{ signal }] : []));
      else {
        await pipeline(
          source,
          async function* (input: AsyncIterable<Buffer>) {
            yield `${columns.map((c) => csvField(c.name)).join(',')}\n`;
            for await (const r of resultRecords(input, false, undefined)) yield `${r.map(csvField).join(',')}\n`;
          },
          createWriteStream(csvTmp),
          ...(signal ? [{ signal }] : []),
        );
      }
      // DuckDB reads it with the result's column types; duplicate names get a suffix there and their name back here
      const seen = new Map<string, number>();
      const readNames = columns.map((c) => {
        const k = c.name.toLowerCase();
        const n = seen.get(k) ?? 0;
        seen.set(k, n + 1);
        return n === 0 ? c.name : `${c.name}__${n}`;
      });
      const spec = `{${columns.map((c, i) => `${literal(readNames[i]!)}: ${literal(duckTypeOf(c.type))}`).join(', ')}}`;
      const select = columns.map((c, i) => `${ident(readNames[i]!)} AS ${ident(c.name)}`).join(', ');
      const read =
        `read_csv(${literal(csvTmp)}, header = true, delim = ',', quote = '"', escape = '"', nullstr = '', ` +
        `allow_quoted_nulls = false, auto_detect = false, new_line = '\\n', columns = ${spec})`;
      const limit = maxRows !== undefined ? ` LIMIT ${maxRows}` : '';
      const { DuckDBInstance } = await loadDuckDb();
      const instance = await DuckDBInstance.create(':memory:', { threads: '2', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
      const conn = await instance.connect();
      const onAbort = () => conn.interrupt();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        if (columns.length === 0) throw new LakehouseError('InvalidInput', 'the result has no columns to write as Parquet');
        const reader = await conn.runAndReadAll(`COPY (SELECT ${select} FROM ${read}${limit}) TO ${literal(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
        return Number((reader.getRowsJson() as unknown[][])[0]?.[0] ?? 0);
      } finally {
        signal?.removeEventListener('abort', onAbort);
        conn.closeSync();
        instance.closeSync();
      }
    } finally {
      await fs.rm(csvTmp, { force: true });
    }
  }
}
