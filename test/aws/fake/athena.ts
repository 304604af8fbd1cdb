/**
 * The fake's Athena (AmazonAthena.*): query executions answered for real by the local engine over s3rver's files.
 *
 * StartQueryExecution records the execution (QUEUED) and starts it in the background, alone, through
 * `fake.exclusive` (s3rver's objects copied in first, what DDL/CTAS wrote copied back after); it is RUNNING from
 * the moment the local engine takes it. On success the fake writes Athena's result file to s3rver —
 * `<OutputLocation><id>.csv` for a SELECT (header line, every value double-quoted, NULL as nothing) or `<id>.txt`
 * for other statements (tab-separated, no header) — and then the execution is SUCCEEDED. GetQueryResults pages the
 * rows as Athena does (header row first for a SELECT, NULL as an empty Datum, at most 1000 rows a call).
 * Values are rendered as Athena's text (doubles Java-style, timestamps with milliseconds, arrays `[1, 2]`, rows
 * and maps `{a=1, b=x}`); written independently of the client's conversions.
 *
 * Workgroups (GetWorkGroup) as Athena has them: one that enforces its configuration puts results in its own output
 * location whatever the query asks ("the settings for the workgroup override client-side settings", Athena API
 * reference, WorkGroupConfiguration.EnforceWorkGroupConfiguration); one with managed query results keeps them in
 * Athena's storage — no file in the user's S3, no OutputLocation in the execution, results read with
 * GetQueryResults — and refuses a query that names an output location ("A workgroup cannot have the
 * ResultConfiguration$OutputLocation parameter when you set this field to true", ManagedQueryResultsConfiguration;
 * the refusal's wording is the fake's own). A DISABLED workgroup refuses queries.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import type { CellValue, QueryColumn } from '../../../src/core/model';
import { FakeAwsError, type FakeAws } from './server';

type Json = Record<string, unknown>;
type State = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

interface Execution {
  id: string;
  query: string;
  database?: string;
  workgroup: string;
  /** the result file, `s3://bucket/prefix/<id>.csv`; '' for managed results */
  output: string;
  managed: boolean;
  state: State;
  submitted: Date;
  completed?: Date;
  reason?: string;
  athenaError?: Json;
  statementType?: string;
  substatementType?: string;
  engineMs?: number;
  bytes?: number;
  stopRequested: boolean;
  /** rows a DML statement (CTAS, INSERT) wrote */
  updateCount?: number;
  localId?: string;
  select: boolean;
  columns: QueryColumn[];
  /** the rows as Athena's text; for a SELECT the header is not included */
  rows: (string | null)[][];
}

interface Workgroup {
  outputLocation?: string;
  /** EnforceWorkGroupConfiguration: the workgroup's output location wins */
  enforced?: boolean;
  /** ManagedQueryResultsConfiguration.Enabled */
  managed?: boolean;
  state?: 'ENABLED' | 'DISABLED';
}

const workgroups = new WeakMap<FakeAws, Map<string, Workgroup>>();

/** Adds (or changes) a workgroup of the fake; `primary` exists from the start, with no output location. */
export function setAthenaWorkgroup(fake: FakeAws, name: string, settings: Workgroup): void {
  let m = workgroups.get(fake);
  if (!m) workgroups.set(fake, (m = new Map()));
  m.set(name, settings);
}

/** The local engine's statement kind → Athena's StatementType and SubstatementType. */
const STATEMENT_TYPES: Record<string, [string, string]> = {
  QUERY: ['DML', 'SELECT'],
  EXPLAIN: ['UTILITY', 'EXPLAIN'],
  CREATE_TABLE: ['DDL', 'CREATE_TABLE'],
  CTAS: ['DML', 'CREATE_TABLE_AS_SELECT'],
  INSERT: ['DML', 'INSERT'],
  CREATE_VIEW: ['DDL', 'CREATE_VIEW'],
  DROP_VIEW: ['DDL', 'DROP_VIEW'],
  DROP_TABLE: ['DDL', 'DROP_TABLE'],
  CREATE_DATABASE: ['DDL', 'CREATE_DATABASE'],
  DROP_DATABASE: ['DDL', 'DROP_DATABASE'],
  SHOW_DATABASES: ['DDL', 'SHOW_DATABASES'],
  SHOW_TABLES: ['DDL', 'SHOW_TABLES'],
  SHOW_COLUMNS: ['DDL', 'SHOW_COLUMNS'],
  DESCRIBE: ['UTILITY', 'DESCRIBE_TABLE'],
  SHOW_CREATE_TABLE: ['UTILITY', 'SHOW_CREATE_TABLE'],
  SHOW_PARTITIONS: ['DDL', 'SHOW_PARTITIONS'],
  MSCK_REPAIR: ['DDL', 'MSCK_REPAIR_TABLE'],
};

function invalidRequest(message: string): FakeAwsError {
  return new FakeAwsError('InvalidRequestException', message);
}

/**
 * A workgroup name as Athena takes it (API reference, StartQueryExecution / GetWorkGroup WorkGroup: Pattern
 * `[a-zA-Z0-9._-]{1,128}`); the refusal in the shape of the service's validation messages.
 */
function checkWorkgroupName(name: string): void {
  if (!/^[a-zA-Z0-9._-]{1,128}$/.test(name))
    throw invalidRequest(`1 validation error detected: Value '${name}' at 'workGroup' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9._-]{1,128}`);
}

// ---------------------------------------------------------------- Athena's text of values

function javaDouble(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(v);
  if (v === 0 || (a >= 1e-3 && a < 1e7)) return Number.isInteger(v) ? `${v}.0` : String(v);
  const [mant, exp] = v.toExponential().split('e') as [string, string];
  return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
}

function nestedText(v: CellValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(nestedText).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}=${nestedText(x)}`).join(', ')}}`;
  return String(v);
}

/** A cell of the local engine as Athena's text for a column of `type`. */
function athenaText(v: CellValue, type: string): string | null {
  if (v === null) return null;
  const base = type.replace(/\(.*$/s, '');
  if (typeof v === 'number' && (base === 'double' || base === 'real' || base === 'float')) return javaDouble(v);
  if (typeof v === 'string' && base === 'timestamp') {
    // Athena prints milliseconds: 2024-01-02 03:04:05.000
    const m = /^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d)(?:\.(\d+))?$/.exec(v);
    if (m) return `${m[1]!.replace('T', ' ')}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}`;
  }
  if (typeof v === 'object') return nestedText(v);
  return String(v);
}

/** Athena's ColumnInfo of a result column (`decimal(10,2)` → Type decimal, Precision 10, Scale 2). */
function columnInfo(c: QueryColumn, database: string | undefined): Json {
  const base = c.type.replace(/\(.*$/s, '').trim();
  const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(c.type);
  const precision = dec ? Number(dec[1]) : base === 'varchar' ? 2147483647 : base === 'bigint' ? 19 : base === 'integer' ? 10 : base === 'double' ? 17 : 0;
  return {
    CatalogName: 'hive',
    SchemaName: database ?? '',
    TableName: '',
    Name: c.name,
    Label: c.name,
    Type: base,
    Precision: precision,
    Scale: dec ? Number(dec[2]) : 0,
    Nullable: 'UNKNOWN',
    CaseSensitive: base === 'varchar',
  };
}

/** Athena's CSV: a header line, every value double-quoted, NULL as nothing, `\n` after each record. */
function athenaCsv(columns: QueryColumn[], rows: (string | null)[][]): string {
  const q = (s: string) => `"${s.split('"').join('""')}"`;
  const lines = [columns.map((c) => q(c.name)).join(',')];
  for (const r of rows) lines.push(r.map((v) => (v === null ? '' : q(v))).join(','));
  return `${lines.join('\n')}\n`;
}

/** A DDL result file: one line per row, values separated by tabs. */
function athenaTxt(rows: (string | null)[][]): string {
  return rows.map((r) => r.map((v) => v ?? '').join('\t') + '\n').join('');
}

/**
 * Trino's error name of a local engine message: a parse error is SYNTAX_ERROR (Trino's ParsingException carries
 * StandardErrorCode.SYNTAX_ERROR — a second statement is one), an unknown column COLUMN_NOT_FOUND ("Column 'x' cannot
 * be resolved"), an unknown function — or arguments no signature of it takes ("Unexpected parameters (integer) for
 * function upper") — FUNCTION_NOT_FOUND ("Function 'f' not registered"), a division by zero DIVISION_BY_ZERO; "column"
 * alone names no error ("line 1, column 11" is a position).
 */
function errorName(message: string): string {
  // Trino's FunctionResolver: TrinoException(FUNCTION_NOT_FOUND, "Unexpected parameters (%s) for function %s. Expected: %s");
  // its arithmetic: TrinoException(DIVISION_BY_ZERO, "Division by zero")
  if (/\bunexpected parameters \(.*\) for function\b/i.test(message)) return 'FUNCTION_NOT_FOUND';
  if (/^division by zero$/i.test(message.trim())) return 'DIVISION_BY_ZERO';
  if (/does not exist|not found/i.test(message)) return /database|schema/i.test(message) ? 'SCHEMA_NOT_FOUND' : 'TABLE_NOT_FOUND';
  if (/syntax|expected|mismatched|unexpected|only one statement/i.test(message)) return 'SYNTAX_ERROR';
  if (/\bcolumn '[^']*' cannot be resolved/i.test(message)) return 'COLUMN_NOT_FOUND';
  if (/\bfunction '[^']*' not registered/i.test(message)) return 'FUNCTION_NOT_FOUND';
  return 'GENERIC_USER_ERROR';
}

// ---------------------------------------------------------------- operations

export function installAthena(fake: FakeAws): void {
  const executions = new Map<string, Execution>();
  const engine = fake.local.queries;
  if (!workgroups.get(fake)?.has('primary')) setAthenaWorkgroup(fake, 'primary', {});

  const find = (input: Json): Execution => {
    const id = input['QueryExecutionId'];
    if (typeof id !== 'string' || id === '') throw invalidRequest("1 validation error detected: Value null at 'queryExecutionId' failed to satisfy constraint: Member must not be null");
    const e = executions.get(id);
    if (!e) throw invalidRequest(`QueryExecution ${id} was not found`);
    return e;
  };

  const finish = (e: Execution, state: State, reason?: string): void => {
    e.state = state;
    e.completed = new Date();
    if (reason !== undefined) e.reason = reason;
  };

  type Outcome = { state: State; reason?: string; athenaError?: Json };
  const userError = (reason: string, type: number): Outcome => ({
    state: 'FAILED',
    reason,
    athenaError: { ErrorCategory: 2, ErrorType: type, Retryable: false, ErrorMessage: reason },
  });

  /** Runs the query alone; the final state is set only after what it wrote is back on s3rver. */
  const run = async (e: Execution): Promise<void> => {
    let outcome: Outcome | undefined;
    try {
      outcome = await fake.exclusive(async (): Promise<Outcome | undefined> => {
        if (e.state !== 'QUEUED') return undefined; // stopped while queued
        e.state = 'RUNNING';
        const started = await engine.start(e.query, e.database !== undefined ? { database: e.database } : {});
        e.localId = started.id;
        if (e.stopRequested) await engine.cancel(started.id);
        const done = await engine.wait(started.id);
        e.engineMs = done.statistics?.elapsedMs ?? 0;
        e.bytes = done.statistics?.bytesScanned ?? 0;
        if (done.statistics?.rows !== undefined) e.updateCount = done.statistics.rows;
        const types = done.kind ? STATEMENT_TYPES[done.kind] : undefined;
        if (types) [e.statementType, e.substatementType] = types;
        if (done.state === 'CANCELLED') return { state: 'CANCELLED', reason: 'Query cancelled by user' };
        if (done.state === 'FAILED') {
          const message = done.error?.message ?? 'query failed';
          return userError(`${errorName(message)}: ${message}`, 1100);
        }
        // read the whole result from the engine
        e.select = done.kind === 'QUERY';
        let token: string | undefined;
        do {
          const p = await engine.page(started.id, { maxRows: 5000, ...(token !== undefined ? { pageToken: token } : {}) });
          e.columns = p.columns;
          for (const r of p.rows) e.rows.push(r.map((v, i) => athenaText(v, p.columns[i]?.type ?? 'varchar')));
          token = p.nextPageToken;
        } while (token !== undefined);
        // managed results stay in Athena's storage: no file in the user's S3
        if (e.managed) return { state: 'SUCCEEDED' };
        if (!e.select) e.output = e.output.replace(/\.csv$/, '.txt');
        const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(e.output)!;
        try {
          await fake.s3.send(
            new PutObjectCommand({
              Bucket: m[1],
              Key: m[2],
              Body: e.select ? athenaCsv(e.columns, e.rows) : athenaTxt(e.rows),
              ContentType: e.select ? 'text/csv' : 'text/plain',
            }),
          );
        } catch (err) {
          const name = (err as { name?: string }).name ?? 'Error';
          return userError(name === 'NoSuchBucket' ? `Unable to verify/create output bucket ${m[1]}` : `Error writing the query result to ${e.output}: ${name}`, 1301);
        }
        return { state: 'SUCCEEDED' };
      });
    } catch (err) {
      outcome = { state: 'FAILED', reason: `INTERNAL_ERROR: ${String(err)}`, athenaError: { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: String(err) } };
    }
    if (!outcome || (e.state !== 'QUEUED' && e.state !== 'RUNNING')) return;
    if (outcome.athenaError) e.athenaError = outcome.athenaError;
    finish(e, outcome.state, outcome.reason);
  };

  /**
   * ClientRequestToken → the execution it started. Athena (API reference, StartQueryExecution ClientRequestToken,
   * 32–128 characters): "If another StartQueryExecution request is received, the same response is returned and
   * another query is not created. An error is returned if a parameter, such as QueryString, has changed … If you
   * are not using the Amazon Web Services SDK or the Amazon Web Services CLI, you must provide this token or the
   * action will fail." The SDKs fill it in (an idempotency token); the refusals' wording is the fake's own.
   */
  const byToken = new Map<string, { id: string; request: string }>();

  fake.on('AmazonAthena.StartQueryExecution', (input: Json) => {
    const query = input['QueryString'];
    if (typeof query !== 'string' || query.length === 0) {
      throw invalidRequest("1 validation error detected: Value null at 'queryString' failed to satisfy constraint: Member must not be null");
    }
    if (query.length > 262144) throw invalidRequest("1 validation error detected: Value at 'queryString' failed to satisfy constraint: Member must have length less than or equal to 262144");
    const token = input['ClientRequestToken'];
    if (typeof token !== 'string' || token.length < 32 || token.length > 128) {
      throw invalidRequest(`1 validation error detected: Value '${String(token ?? 'null')}' at 'clientRequestToken' failed to satisfy constraint: Member must have length between 32 and 128`);
    }
    const request = JSON.stringify({ ...input, ClientRequestToken: undefined });
    const earlier = byToken.get(token);
    if (earlier) {
      if (earlier.request !== request) throw invalidRequest(`ClientRequestToken ${token} was used with other parameters (QueryString, WorkGroup, …): an idempotent request must repeat them`);
      return { QueryExecutionId: earlier.id };
    }
    if (input['WorkGroup'] !== undefined) checkWorkgroupName(String(input['WorkGroup']));
    const workgroup = typeof input['WorkGroup'] === 'string' && input['WorkGroup'] ? input['WorkGroup'] : 'primary';
    const wg = workgroups.get(fake)?.get(workgroup);
    if (!wg) throw invalidRequest(`WorkGroup ${workgroup} is not found.`);
    if (wg.state === 'DISABLED') throw invalidRequest(`WorkGroup ${workgroup} is disabled.`);
    const rc = (input['ResultConfiguration'] ?? {}) as Json;
    const asked = typeof rc['OutputLocation'] === 'string' && rc['OutputLocation'] ? rc['OutputLocation'] : undefined;
    if (wg.managed && asked !== undefined) {
      throw invalidRequest(`WorkGroup ${workgroup} uses managed query results: a query cannot set ResultConfiguration.OutputLocation`);
    }
    const location = wg.managed ? '' : wg.enforced && wg.outputLocation ? wg.outputLocation : (asked ?? wg.outputLocation);
    if (!wg.managed && !location) {
      throw invalidRequest('No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.');
    }
    if (!wg.managed && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(location!)) throw invalidRequest(`Invalid OutputLocation: ${location} is not an s3:// location`);
    // a result bucket in another region than the endpoint's: refused when the query is submitted, in Athena's words
    // (athena user guide, troubleshooting-athena.md, "The S3 location provided to save your query results is invalid":
    // "if your output bucket location is not in the same Region as the Region in which you run your query"; the
    // message as boto3 users quote StartQueryExecution's InvalidRequestException)
    const resultBucket = wg.managed ? undefined : /^s3:\/\/([^/]+)/.exec(location!)?.[1];
    const resultRegion = resultBucket !== undefined ? fake.bucketRegion(resultBucket) : undefined;
    if (resultRegion !== undefined && resultRegion !== fake.region)
      throw invalidRequest(
        'The S3 location provided to save your query results is invalid. Please check your S3 location is correct and is in the same region and try again. If you continue to see the issue, contact customer support for further assistance.',
      );
    const ctx = (input['QueryExecutionContext'] ?? {}) as Json;
    const id = randomUUID();
    const e: Execution = {
      id,
      query,
      ...(typeof ctx['Database'] === 'string' ? { database: ctx['Database'] } : {}),
      workgroup,
      output: wg.managed ? '' : `${location!.endsWith('/') ? location : `${location}/`}${id}.csv`,
      managed: wg.managed === true,
      state: 'QUEUED',
      submitted: new Date(),
      stopRequested: false,
      select: false,
      columns: [],
      rows: [],
    };
    executions.set(id, e);
    byToken.set(token, { id, request });
    // started after the answer: the client sees QUEUED, then RUNNING
    setImmediate(() => void run(e));
    return { QueryExecutionId: id };
  });

  fake.on('AmazonAthena.GetQueryExecution', (input: Json) => {
    const e = find(input);
    const final = e.state === 'SUCCEEDED' || e.state === 'FAILED' || e.state === 'CANCELLED';
    const total = (final ? e.completed!.getTime() : Date.now()) - e.submitted.getTime();
    return {
      QueryExecution: {
        QueryExecutionId: e.id,
        Query: e.query,
        ...(e.statementType ? { StatementType: e.statementType, SubstatementType: e.substatementType } : {}),
        ...(e.managed ? {} : { ResultConfiguration: { OutputLocation: e.output } }),
        ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
        QueryExecutionContext: { ...(e.database !== undefined ? { Database: e.database } : {}), Catalog: 'awsdatacatalog' },
        Status: {
          State: e.state,
          // timestamps on the wire are epoch seconds (awsJson1_1)
          SubmissionDateTime: e.submitted.getTime() / 1000,
          ...(e.completed ? { CompletionDateTime: e.completed.getTime() / 1000 } : {}),
          ...(e.reason !== undefined ? { StateChangeReason: e.reason } : {}),
          ...(e.athenaError ? { AthenaError: e.athenaError } : {}),
        },
        Statistics: {
          EngineExecutionTimeInMillis: e.engineMs ?? 0,
          DataScannedInBytes: e.bytes ?? 0,
          TotalExecutionTimeInMillis: total,
          QueryQueueTimeInMillis: 0,
          ServicePreProcessingTimeInMillis: 0,
          QueryPlanningTimeInMillis: 0,
          ServiceProcessingTimeInMillis: final ? Math.max(0, total - (e.engineMs ?? 0)) : 0,
          ResultReuseInformation: { ReusedPreviousResult: false },
        },
        WorkGroup: e.workgroup,
        EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
      },
    };
  });

  fake.on('AmazonAthena.GetWorkGroup', (input: Json) => {
    const name = String(input['WorkGroup'] ?? '');
    checkWorkgroupName(name);
    const wg = workgroups.get(fake)?.get(name);
    if (!wg) throw invalidRequest(`WorkGroup ${name} is not found.`);
    return {
      WorkGroup: {
        Name: name,
        State: wg.state ?? 'ENABLED',
        Configuration: {
          ...(wg.outputLocation ? { ResultConfiguration: { OutputLocation: wg.outputLocation } } : {}),
          EnforceWorkGroupConfiguration: wg.enforced === true,
          ...(wg.managed ? { ManagedQueryResultsConfiguration: { Enabled: true } } : {}),
          EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
        },
        CreationTime: new Date(0),
      },
    };
  });

  fake.on('AmazonAthena.GetQueryResults', (input: Json) => {
    const e = find(input);
    if (e.state === 'FAILED') throw invalidRequest(e.reason ?? 'Query failed');
    if (e.state === 'CANCELLED') throw invalidRequest('Query was cancelled');
    if (e.state !== 'SUCCEEDED') throw invalidRequest(`Query has not yet finished. Current state: ${e.state}`);
    let max = 1000;
    if (input['MaxResults'] !== undefined) {
      const m = input['MaxResults'];
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > 1000) {
        throw invalidRequest(`1 validation error detected: Value '${String(m)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`);
      }
      max = m;
    }
    // the rows of the result file: for a SELECT the header row comes first
    const all: (string | null)[][] = e.select ? [e.columns.map((c) => c.name), ...e.rows] : e.rows;
    let offset = 0;
    const token = input['NextToken'];
    if (token !== undefined && token !== null) {
      const m = /^([0-9a-f-]+):(\d+)$/.exec(Buffer.from(String(token), 'base64').toString('utf8'));
      if (!m || m[1] !== e.id) throw invalidRequest('Invalid NextToken');
      offset = Number(m[2]);
    }
    const slice = all.slice(offset, offset + max);
    const next = offset + max < all.length ? Buffer.from(`${e.id}:${offset + max}`).toString('base64') : undefined;
    return {
      ...(e.statementType === 'DML' && !e.select && e.updateCount !== undefined ? { UpdateCount: e.updateCount } : {}),
      ResultSet: {
        Rows: slice.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: e.columns.map((c) => columnInfo(c, e.database)) },
      },
      ...(next ? { NextToken: next } : {}),
    };
  });

  fake.on('AmazonAthena.StopQueryExecution', async (input: Json) => {
    const e = find(input);
    if (e.state === 'QUEUED') finish(e, 'CANCELLED', 'Query cancelled by user');
    else if (e.state === 'RUNNING') {
      e.stopRequested = true;
      if (e.localId !== undefined) void engine.cancel(e.localId).catch(() => undefined);
    }
    return {};
  });
}
