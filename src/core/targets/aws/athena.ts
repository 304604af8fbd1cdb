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
 *   CSV as Athena wrote it, JSON lines parsed from it while streaming, Parquet converted from it by DuckDB. A
 *   workgroup with Athena's managed query results keeps no file in the user's S3: its results are read page by
 *   page (GetQueryResults) into the same writers.
 * - Workgroups: GetWorkGroup says whether the workgroup enforces its own settings (its output location wins over
 *   ours: Athena "overrides client-side settings") or keeps managed results (then no output location may be sent:
 *   "A workgroup cannot have the ResultConfiguration$OutputLocation parameter when you set this field to true",
 *   Athena API reference, ManagedQueryResultsConfiguration). Where the result went is read from the execution.
 * - `view` sorts and filters a result already computed, locally (./athenaResults.ts): nothing new is scanned.
 * - Waiting survives transient failures (throttling, 5xx, the network): the query runs on in Athena regardless.
 * - Statistics: data scanned, engine and total time, and the cost at $5 per TB scanned (at least 10 MB a query).
 */
import type { AthenaClient, QueryExecution as AthenaExecution, Row } from '@aws-sdk/client-athena';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { LakehouseError, errorMessage } from '../../errors';
import type { CellValue, QueryColumn, QueryContext, QueryExecution, QueryState, ResultPage, ResultView } from '../../model';
import type { ExportOptions, ObjectStore, QueryEngine } from '../../target';
import { csvField, exportParquet, exportText } from './athenaExport';
import { AthenaResultStore, isViewId, type ResultSource } from './athenaResults';
import { cellFromAthena, columnType } from './athenaTypes';
import { isAwsError, isTransientAwsError, type AwsConnection } from './connection';

export { athenaCsvParser } from './athenaExport';
export { cellFromAthena, columnType } from './athenaTypes';

export interface AthenaSettings {
  workgroup: string;
  /** `s3://bucket/prefix/` where Athena writes result files */
  outputLocation: string;
  /** the object store on S3 the result files are read from */
  s3: ObjectStore;
  /** GetQueryExecution polling: first interval and the cap (default 100 ms → 2 s) */
  pollMs?: { initial: number; max: number };
  /** how long a wait keeps polling through transient failures; default 5 minutes */
  pollPatienceMs?: number;
}

/** What a workgroup does with results (GetWorkGroup); `known: false` when it could not be asked. */
export interface WorkgroupInfo {
  name: string;
  known: boolean;
  state?: string;
  /** the workgroup's settings override the client's (its output location is used, ours ignored) */
  enforced: boolean;
  /** the workgroup's own output location */
  outputLocation?: string;
  /** Athena keeps the results in its own storage (no output location; results read with GetQueryResults) */
  managed: boolean;
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

/** Athena's answer to a result location it cannot use (see {@link AthenaQueryEngine.invalidOutputLocation}) */
const INVALID_OUTPUT_LOCATION = /S3 location provided to save your query results is invalid/i;

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
  private readonly workgroups = new Map<string, Promise<WorkgroupInfo>>();
  private readonly stored: AthenaResultStore;
  private readonly patienceMs: number;

  constructor(
    readonly conn: AwsConnection,
    readonly settings: AthenaSettings,
  ) {
    this.pollInitial = settings.pollMs?.initial ?? 100;
    this.pollMax = settings.pollMs?.max ?? 2000;
    this.patienceMs = settings.pollPatienceMs ?? 5 * 60_000;
    this.stored = new AthenaResultStore({ succeeded: (id) => this.succeeded(id, ''), resultSource: (id, signal) => this.resultSource(id, signal) });
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

  /**
   * The workgroup's result settings (GetWorkGroup, asked once per workgroup). A caller who may not ask
   * (athena:GetWorkGroup denied) gets `known: false`, and queries send our output location as before.
   */
  workgroup(name: string): Promise<WorkgroupInfo> {
    let p = this.workgroups.get(name);
    if (!p) {
      p = (async (): Promise<WorkgroupInfo> => {
        try {
          const res = await this.send('GetWorkGroup', `workgroup/${name}`, (c, { GetWorkGroupCommand }) => c.send(new GetWorkGroupCommand({ WorkGroup: name })));
          const wg = res.WorkGroup;
          const cfg = wg?.Configuration;
          const out = cfg?.ResultConfiguration?.OutputLocation;
          return {
            name,
            known: true,
            ...(wg?.State ? { state: wg.State } : {}),
            enforced: cfg?.EnforceWorkGroupConfiguration === true,
            ...(out ? { outputLocation: out } : {}),
            managed: cfg?.ManagedQueryResultsConfiguration?.Enabled === true,
          };
        } catch (e) {
          if (isAwsError(e, 'AccessDenied')) return { name, known: false, enforced: false, managed: false };
          throw e;
        }
      })();
      this.workgroups.set(name, p);
      p.catch(() => this.workgroups.delete(name));
    }
    return p;
  }

  async start(sql: string, context: QueryContext = {}): Promise<QueryExecution> {
    const workgroup = this.workgroupOf(context);
    const wg = await this.workgroup(workgroup);
    if (wg.known && wg.state === 'DISABLED') {
      throw new LakehouseError('InvalidInput', `the Athena workgroup ${workgroup} is disabled: enable it in the Athena console, or pick another (--workgroup, athena.workgroup in lakehouse.json)`, {
        field: 'athena.workgroup',
      });
    }
    const res = await this.send('StartQueryExecution', `workgroup/${workgroup}`, (c, { StartQueryExecutionCommand }) =>
      c.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          ClientRequestToken: randomUUID(),
          ...(context.database !== undefined ? { QueryExecutionContext: { Database: context.database, Catalog: 'AwsDataCatalog' } } : {}),
          WorkGroup: workgroup,
          // managed results: no output location may be sent; an enforcing workgroup ignores ours (sent regardless)
          ...(wg.managed ? {} : { ResultConfiguration: { OutputLocation: this.settings.outputLocation } }),
        }),
      ),
    ).catch(async (e: unknown) => {
      throw !wg.managed && isAwsError(e) && INVALID_OUTPUT_LOCATION.test(e.message) ? await this.invalidOutputLocation(e, wg) : e;
    });
    const id = res.QueryExecutionId;
    if (!id) throw new LakehouseError('SqlError', `Athena accepted the query but returned no QueryExecutionId (workgroup ${workgroup})`);
    this.remember(this.contexts, id, context);
    return { id, sql, state: 'QUEUED', context: { ...context, workgroup }, submitted: new Date() };
  }

  /**
   * Athena's refusal of a result location, said with its cause: Athena answers StartQueryExecution with
   * InvalidRequestException "The S3 location provided to save your query results is invalid. Please check your S3
   * location is correct and is in the same region and try again" (a real answer, quoted in public code), and its
   * user guide gives the main cause: "if your output bucket location is not in the same Region as the Region in which
   * you run your query" (troubleshooting-athena.md). The bucket is asked (one listing of at most one key): a bucket of
   * another region, or one that does not exist, is named as such; otherwise AWS's words stand with what to check.
   */
  private async invalidOutputLocation(e: Error, wg: WorkgroupInfo): Promise<Error> {
    const location = wg.enforced && wg.outputLocation ? wg.outputLocation : this.settings.outputLocation;
    const where = wg.enforced && wg.outputLocation ? `the result location of workgroup ${wg.name} (it enforces its own)` : 'athena.outputLocation in lakehouse.json (or --output-location)';
    const region = this.conn.region;
    const bucket = parseS3Uri(location)?.bucket;
    let cause = `check that its bucket exists in ${region} and that you may write there`;
    if (bucket) {
      try {
        await this.settings.s3.list(bucket, { maxKeys: 1 });
      } catch (probe) {
        const other = isAwsError(probe, 'WrongRegion') ? probe.remedy.region : undefined;
        if (other !== undefined && other !== region) {
          return new LakehouseError(
            'InvalidInput',
            `Athena in ${region} cannot write query results to ${location}: bucket ${bucket} is in region ${other}, and Athena writes results only to a bucket of the region the query runs in. Fix: set ${where} to a bucket of ${region}, or work in ${other} ("region" in lakehouse.json, --region) -- AWS says: ${e.message}`,
            { field: 'athena.outputLocation' },
            { cause: e },
          );
        }
        if (isAwsError(probe, 'NoSuchBucket') || isAwsError(probe, 'NotFound')) cause = `bucket ${bucket} does not exist: create it in ${region}, or set ${where} to a bucket of ${region}`;
      }
    }
    return new LakehouseError('InvalidInput', `Athena in ${region} refused the result location ${location}: ${cause} -- AWS says: ${e.message}`, { field: 'athena.outputLocation' }, { cause: e });
  }

  /** GetQueryExecution mapped to a {@link QueryExecution}. */
  async status(id: string, signal?: AbortSignal): Promise<QueryExecution> {
    if (isViewId(id)) return this.stored.status(id);
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
    if (isViewId(id)) return this.stored.status(id);
    let delay = this.pollInitial;
    let failingSince: number | undefined;
    try {
      for (;;) {
        if (signal?.aborted) throw abortError();
        let exec: QueryExecution;
        try {
          exec = await this.status(id, signal);
          failingSince = undefined;
        } catch (e) {
          // a transient failure of one poll: poll again (the query runs on in Athena), for a while
          if (signal?.aborted || !isTransientAwsError(e)) throw e;
          failingSince ??= Date.now();
          if (Date.now() - failingSince > this.patienceMs) throw e;
          await sleep(delay, signal);
          delay = Math.min(delay * 2, this.pollMax);
          continue;
        }
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
    if (isViewId(id)) return;
    // (sent even when the command was cancelled: that is when it is needed)
    await this.conn.detached(() => this.send('StopQueryExecution', `query ${id}`, (c, { StopQueryExecutionCommand }) => c.send(new StopQueryExecutionCommand({ QueryExecutionId: id }))));
    this.finals.delete(id);
  }

  async succeeded(id: string, what: string): Promise<QueryExecution> {
    const exec = await this.status(id);
    if (exec.state !== 'SUCCEEDED') {
      throw new LakehouseError('InvalidInput', `query ${id} has no result ${what}(state ${exec.state}${exec.error ? `: ${exec.error.message}` : ''})`, { object: id });
    }
    return exec;
  }

  async page(id: string, options: { pageToken?: string; maxRows?: number } = {}): Promise<ResultPage> {
    if (isViewId(id)) return this.stored.page(id, options);
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
    if (isViewId(id)) return this.stored.export(id, options);
    const exec = await this.succeeded(id, 'to export ');
    const maxRows = options.maxRows !== undefined ? Math.max(0, Math.floor(options.maxRows)) : undefined;
    const tmp = path.join(path.dirname(options.file), `.${path.basename(options.file)}.lh-tmp-${process.pid}-${randomUUID().slice(0, 8)}`);
    const signal = options.signal;
    const { stream: source, isCsv, columns } = await this.resultSource(id, signal);
    try {
      let rows: number;
      if (options.format === 'parquet') rows = await exportParquet(source, isCsv, columns, tmp, maxRows, signal);
      else rows = await exportText(source, isCsv, columns, options.format, tmp, maxRows, signal);
      await fs.rename(tmp, options.file);
      const bytes = (await fs.stat(options.file)).size;
      if (maxRows === undefined) this.remember(this.rowCounts, id, rows);
      return { rows, bytes };
    } catch (e) {
      source.destroy();
      await fs.rm(tmp, { force: true });
      if (signal?.aborted) throw new LakehouseError('Cancelled', `the export of query ${id} was cancelled`, { object: id });
      if (e instanceof LakehouseError) throw e;
      const from = exec.outputLocation ?? "Athena's managed results";
      throw new LakehouseError('DataError', `export of query ${id} from ${from} to ${options.file} failed: ${errorMessage(e)}`, { file: options.file, object: from }, { cause: e });
    }
  }

  /** A sorted/filtered view of the result, computed from the result Athena already wrote: no new query, nothing billed. */
  view(id: string, view: ResultView, options: { signal?: AbortSignal } = {}): Promise<QueryExecution> {
    return this.stored.view(id, view, options);
  }

  /**
   * The result of a SUCCEEDED execution as Athena's CSV with its column types: the file in S3, or — managed results,
   * which leave no file in the user's S3 — its pages (GetQueryResults) written as that CSV.
   */
  async resultSource(id: string, signal?: AbortSignal): Promise<ResultSource> {
    const exec = await this.succeeded(id, '');
    const columns = await this.resultColumns(id);
    const location = exec.outputLocation ? parseS3Uri(exec.outputLocation) : undefined;
    if (location) {
      const stream = await this.conn.withSignal(signal, () => this.settings.s3.getStream(location.bucket, location.key));
      return { stream, isCsv: location.key.endsWith('.csv'), columns };
    }
    const pages = this.rawPages(id, exec.kind === 'QUERY', signal);
    const stream = Readable.from(
      (async function* () {
        yield Buffer.from(`${columns.map((c) => csvField(c.name)).join(',')}\n`, 'utf8');
        for await (const rows of pages) if (rows.length > 0) yield Buffer.from(rows.map((r) => `${r.map(csvField).join(',')}\n`).join(''), 'utf8');
      })(),
    );
    return { stream, isCsv: true, columns };
  }

  /** Every row of the result as Athena's text (NULL as null), page by page; the header row of a SELECT left out. */
  private async *rawPages(id: string, hasHeader: boolean, signal?: AbortSignal): AsyncGenerator<(string | null)[][]> {
    let token: string | undefined;
    let first = true;
    do {
      const res = await this.send('GetQueryResults', `query ${id}`, (c, { GetQueryResultsCommand }) =>
        c.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: MAX_RESULTS_PER_CALL, ...(token !== undefined ? { NextToken: token } : {}) }), signal ? { abortSignal: signal } : {}),
      );
      let rows: Row[] = res.ResultSet?.Rows ?? [];
      if (first && hasHeader) rows = rows.slice(1);
      first = false;
      yield rows.map((r) => (r.Data ?? []).map((d) => (d.VarCharValue === undefined ? null : d.VarCharValue)));
      token = res.NextToken || undefined;
    } while (token !== undefined);
  }

  /** Releases the local copies of results (sorted and filtered views). */
  async close(): Promise<void> {
    await this.stored.close();
  }

  private async resultColumns(id: string): Promise<QueryColumn[]> {
    const res = await this.send('GetQueryResults', `query ${id}`, (c, { GetQueryResultsCommand }) => c.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 1 })));
    return (res.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => ({ name: c.Name ?? '', type: columnType(c) }));
  }

}
