/**
 * Runs a job plan (a Glue script read by src/core/jobs/script.ts) on DuckDB.
 *
 * Every node becomes a temporary view on the run's own connection (runNodes.ts: sources read as Glue reads them,
 * transforms compiled by nodeSql.ts with Glue's and Spark's semantics); print and logger lines are written to the
 * run's log with the figures they print, Evaluate Data Quality nodes are evaluated and the asserts on their outcomes
 * checked before anything is written.
 *
 * The job's output reaches the lake as Glue's does — its sinks add files to their paths, its purge_s3_path calls
 * delete what is under theirs, in the script's order — but all together or not at all: the sinks are written to
 * staging first (the sources read under a shared lease, dataLocks.ts), then one commit (outputCommit.ts) adds every
 * sink's files, does every purge and makes the catalog changes that go with them. A cancelled or killed run, or one
 * refused, leaves the previous output; a reader sees the old output or the new, never a mix. A run that fails where
 * Glue fails too — a sink's query, df.write's mode "error" over an existing path, an assertion — keeps what Glue has
 * written by then: the sinks and purges before the failure are committed (each sink whole), then the run fails.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError, isLakehouseError } from '../../errors';
import { dataQualityNodeOptions, outcomeLines } from '../../jobs/dqdl';
import type { JobPlan, PlanSink } from '../../jobs/plan';
import { normalizeS3Path } from '../../jobs/pipeline';
import type { CatalogTable, DataQualityEvaluation } from '../../model';
import { tableFormat } from '../../sql/ddl';
import { unclassifiedTables } from '../../jobs/catalogClassification';
import { runtimeErrorPosition } from '../../sql/spark/runtimeError';
import type { Catalog } from '../../target';
import { ident, literal } from './duck';
import { textFieldDelimiter } from './csvSerde';
import { SinkChoiceRefusal, sinkSelectList } from './sinkChoice';
import type { LocalQueryEngine } from './engine';
import { TABLE_CACHE_SCHEMA } from './tableViews';
import { JobOutput, firstReadLine, leaseSources, refuseLazyReadPurges } from './jobOutput';
import { jsonIgnoresMalformed } from './jsonSerde';
import { nearestTableText } from './missingTable';
import { loadAndWarmSpark, loadSpark, sparkTextKey } from './sparkSql';
import { UNDECIDED_MARKER } from './rowSql';
import { sqlExpressions, usesSparkTranslation } from './nodeColumns';
import { logLines } from './logLines';
import { buildFrames, sinkColumns, sinkView, undecided } from './runNodes';
import { discardStaged, stageSelect, type StagedWrite } from './writer';
import { objectKeyProblem } from './objectKeys';
import { NO_FIELDS, type Frame } from './frames';
import { rootOrderMessage, rootTableOrder } from './relationalize';
import { sparkDtypes } from './sparkTypeText';
import type { KnownField } from '../../jobs/planBuilder';
import type { DuckDBConnection } from '@duckdb/node-api';

export interface RunContext {
  engine: LocalQueryEngine;
  catalog: Catalog;
  localPath(location: string): string;
  /** what runs, for the messages of other processes waiting for its locks: `job x (run jr_…)` */
  what?: string;
  log(line: string): void;
  /** scratch folder (the profiler's output) */
  tempDir: string;
  /** the job's glueVersion: its Spark SQL is Spark 3.3's on 4.0, 3.5's on 5.0 */
  glueVersion?: string;
  signal?: AbortSignal;
  /** an Evaluate Data Quality node's results, as it is evaluated (recorded with the run, failed or not) */
  dataQuality?(evaluation: DataQualityEvaluation): void;
  /**
   * when given, every frame's rows are counted once the sinks are staged (a frame a sink writes: its staged rows;
   * the others cost a count each) and handed over by node id, before the output is committed
   */
  nodeRows?(rows: Record<string, number>): void;
}

/** Whether a job's Spark SQL will likely need the translator: SQL expression strings, or a query not translated before. */
async function needsSparkGrammar(plan: JobPlan, engine: LocalQueryEngine, glueVersion: string | undefined): Promise<boolean> {
  if (plan.nodes.some((n) => sqlExpressions(n).length > 0)) return true;
  for (const n of plan.nodes) if (n.kind === 'sql' && !(await engine.translations.has(sparkTextKey(n.query, glueVersion)))) return true;
  return false;
}

export interface RunOutcome {
  rowsRead: number;
  rowsWritten: number;
  sinks: { location: string; table?: string; rows: number; files: number }[];
  /** the purges, in the script's order: objects deleted */
  purges: { location: string; line: number; objects: number }[];
}

/**
 * JSON SerDe properties that change which keys the table's columns read — honoured by Athena (jsonSerde.ts), not by
 * Glue's own JSON reader, which a job's from_catalog source uses (the keys as the data spells them, matched
 * case-insensitively by Spark): `case.insensitive` = FALSE, `dots.in.keys` = TRUE, a `mapping.<column>` naming a key
 * other than the column. Reading such a table through the SerDe would give a job values Glue does not give it.
 */
function athenaOnlySerdeProperties(table: CatalogTable): string[] {
  if (tableFormat(table) !== 'json') return [];
  const params = table.storage.serde.parameters;
  const out: string[] = [];
  const flag = (name: string) => params[name]?.trim().toLowerCase();
  if (flag('case.insensitive') === 'false') out.push(`'case.insensitive' = '${params['case.insensitive']}'`);
  if (flag('dots.in.keys') === 'true') out.push(`'dots.in.keys' = '${params['dots.in.keys']}'`);
  for (const [k, v] of Object.entries(params))
    if (k.startsWith('mapping.') && v.toLowerCase() !== k.slice('mapping.'.length).toLowerCase()) out.push(`'${k}' = '${v}'`);
  return out;
}

/**
 * The catalog tables a plan's Data Catalog sources read, by node id; fails before anything runs — naming the script's
 * line — when a table, a database or a catalog sink's table does not exist, a source table could not be read as
 * Glue reads it, or a from_catalog read or write meets a table without `classification` (catalogClassification.ts).
 */
export async function resolveSourceTables(plan: JobPlan, catalog: Catalog): Promise<{ sourceTables: Map<string, CatalogTable>; matchTables: Map<string, CatalogTable> }> {
  const file = plan.file;
  const fail = (line: number, message: string, code: 'EntityNotFound' | 'ScriptUnsupported' | 'InvalidInput') => new LakehouseError(code, `${file}:${line}: ${message}`, { file, line });
  const sourceTables = new Map<string, CatalogTable>();
  for (const node of plan.nodes) {
    if (node.kind !== 'catalogSource') continue;
    const t = await catalog.table(node.database.toLowerCase(), node.table.toLowerCase());
    if (!t) {
      const db = await catalog.database(node.database.toLowerCase());
      throw fail(node.line, db ? `table ${node.database}.${node.table} does not exist in the catalog${await nearestTableText(catalog, node.database, node.table)}` : `database ${node.database} does not exist in the catalog`, 'EntityNotFound');
    }
    // a DynamicFrame reads the JSON keys as the data spells them (runNodes.ts); only a table read through its SerDe
    // (Spark SQL's spark.table, or 'ignore.malformed.json') would honour these properties
    const athenaOnly = node.declared || !jsonIgnoresMalformed(t) ? [] : athenaOnlySerdeProperties(t);
    if (athenaOnly.length > 0)
      throw fail(
        node.line,
        `table ${t.database}.${t.name} has SerDe properties only Athena honours (${athenaOnly.join(', ')}): a Glue job reads the JSON keys as the data spells them, so reading the table through its SerDe would give the job other values — not supported locally; read the files with create_dynamic_frame.from_options instead`,
        'ScriptUnsupported',
      );
    sourceTables.set(node.id, t);
  }
  // the tables resolveChoice(choice="match_catalog") casts to
  const matchTables = new Map<string, CatalogTable>();
  for (const node of plan.nodes) {
    if (node.kind !== 'resolveChoice' || node.database === undefined || node.table === undefined) continue;
    if (![node.choice, ...node.specs.map((s) => s.action)].some((a) => a?.toLowerCase() === 'match_catalog')) continue;
    const t = await catalog.table(node.database.toLowerCase(), node.table.toLowerCase());
    if (!t) throw fail(node.line, `ResolveChoice match_catalog: the table ${node.database}.${node.table} does not exist in the catalog${await nearestTableText(catalog, node.database, node.table)}`, 'EntityNotFound');
    matchTables.set(`${node.database}.${node.table}`.toLowerCase(), t);
  }
  const sinkTables = new Map<string, CatalogTable>();
  for (const sink of plan.sinks) {
    if (sink.kind !== 'catalog') continue;
    const t = await catalog.table(sink.database.toLowerCase(), sink.table.toLowerCase());
    if (!t) throw fail(sink.line, `the sink's table ${sink.database}.${sink.table} does not exist in the catalog${await nearestTableText(catalog, sink.database, sink.table)}`, 'EntityNotFound');
    sinkTables.set(`${t.database}.${t.name}`.toLowerCase(), t);
  }
  // Glue's catalog reader and writer need the table's classification (catalogClassification.ts)
  const known = new Map([...[...sourceTables.values()].map((t) => [`${t.database}.${t.name}`.toLowerCase(), t] as const), ...sinkTables]);
  const unclassified = unclassifiedTables(plan, (db, name) => known.get(`${db}.${name}`));
  if (unclassified.length > 0) throw fail(unclassified[0]!.line, unclassified[0]!.message, 'InvalidInput');
  // a path the local store cannot hold (`s3://b/../x/`: no key of it may leave its bucket) is named at its line,
  // before anything is read or written
  for (const { path: p, line, what } of [
    ...plan.sinks.flatMap((s) => (s.kind === 's3' ? [{ path: s.path, line: s.line, what: 'the sink writes' }] : [])),
    ...plan.purges.map((x) => ({ path: x.path, line: x.line, what: 'purge_s3_path deletes' })),
  ]) {
    const key = /^s3[an]?:\/\/[^/]*\/(.*)$/s.exec(normalizeS3Path(p))?.[1]?.replace(/\/$/, '') ?? '';
    const problem = key === '' ? undefined : objectKeyProblem(key);
    if (problem !== undefined) throw fail(line, `${what} ${p}, a path the local engine cannot hold: ${problem}`, 'ScriptUnsupported');
  }
  return { sourceTables, matchTables };
}

/**
 * Glue runs a purge_s3_path at its line and reads the sources when a sink writes (Spark is lazy; in a job without a
 * sink, at the first count, show or data-quality evaluation): files a purge before that deletes are not read. That
 * matters where a purged path lies in a source's location — zones nested in it (trusted at <landing>/trusted/,
 * re-written by this job): the local run leaves them out too.
 * (A purge between two sinks is applied only from the point of view of the first sink: a simplification.)
 */
export function purgesBeforeReads(plan: JobPlan, runStart: number): { loc: string; before: number }[] {
  const readAt = firstReadLine(plan);
  return plan.purges
    .filter((p) => p.line < readAt)
    .map((p) => ({ loc: normalizeS3Path(p.path), before: p.retentionHours > 0 ? runStart - p.retentionHours * 3_600_000 : Number.POSITIVE_INFINITY }));
}

/**
 * Spark's error when df.write's save mode "error" (the default) meets a path that exists — the path as Hadoop
 * qualifies it (no trailing "/"). Spark 3.3 (Glue 4.0), QueryCompilationErrors.outputPathAlreadyExistsError:
 * `path <p> already exists.`; Spark 3.5 (Glue 5.0), error class PATH_ALREADY_EXISTS (docs/sql-error-conditions.md):
 * `[PATH_ALREADY_EXISTS] Path <p> already exists. Set mode as "overwrite" to overwrite the existing path.`
 */
export function pathExistsError(location: string, glueVersion: string | undefined): string {
  const p = location.replace(/\/+$/, '');
  const text = glueVersion === '4.0' || glueVersion === '3.0' ? `path ${p} already exists.` : `[PATH_ALREADY_EXISTS] Path ${p} already exists. Set mode as "overwrite" to overwrite the existing path.`;
  return `df.write: AnalysisException: ${text}`;
}

/** a timestamp type DuckDB names, at the top level or inside a struct, a list or a map */
const TIMESTAMP_IN_TYPE = /(^|[ (,])TIMESTAMP(_S|_MS|_NS| WITH TIME ZONE)?(?=[),[ ]|$)/;
/** a struct, a list, an array, a map or a union, as DuckDB names the type */
const NESTED_IN_TYPE = /^(STRUCT|MAP|UNION)\(|\[\d*\]$/;

/**
 * A failure Glue has too, at the same point of the script (a query's runtime error, a save mode "error" over an
 * existing path, an AssertionError, a table not found): the sinks before it have written on Glue. A refusal
 * (`ScriptUnsupported`, `SqlUnsupported`: what Glue does there is not known here) or a stop is not one.
 */
function failsOnGlueToo(e: unknown): e is LakehouseError {
  return isLakehouseError(e) && (e.code === 'SqlError' || e.code === 'DataError' || e.code === 'AlreadyExists' || e.code === 'EntityNotFound');
}

/**
 * The fields of `frame` as the data gives them (Glue's schema on read), for a script that computes with them
 * (FieldsPending, plan.ts): the frames of `upTo` — what the script did before — are built as a run builds them
 * (its sources read under the same lease, nothing written), and the frame's fields read off: their names in the
 * order Spark gives them, and the types `df.dtypes` prints (none where Spark has none here: a ChoiceType).
 */
export async function learnFrameFields(upTo: JobPlan, frame: string, ctx: RunContext): Promise<KnownField[]> {
  const { engine, catalog } = ctx;
  const { sourceTables, matchTables } = await resolveSourceTables(upTo, catalog);
  const lease = await leaseSources(upTo, ctx, sourceTables, ctx.what ?? `job script ${upTo.file}`);
  try {
    const conn = await engine.connect(undefined, 'spark');
    const onAbort = () => conn.interrupt();
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const built = await buildFrames(upTo, sourceTables, {
        engine,
        conn,
        file: upTo.file,
        localPath: (l) => ctx.localPath(l),
        log: () => undefined,
        checkCancelled: () => {
          if (ctx.signal?.aborted) throw new LakehouseError('Cancelled', 'the job run was stopped');
        },
        readPurges: purgesBeforeReads(upTo, Date.now()),
        matchTables,
        lease,
        glueVersion: ctx.glueVersion,
      });
      const cols = built.frames.get(frame)!.cols.filter((c) => c.name !== NO_FIELDS);
      const types = sparkDtypes(cols);
      return cols.map((c, i) => ({ name: c.name, ...(types !== undefined ? { type: types[i]![1] } : {}) }));
    } finally {
      ctx.signal?.removeEventListener('abort', onAbort);
      conn.closeSync();
    }
  } finally {
    await lease.release();
  }
}

export async function runPlan(plan: JobPlan, ctx: RunContext): Promise<RunOutcome> {
  const { engine, catalog } = ctx;
  const file = plan.file;
  // a plan read without the field names it needs is never run (the runner reads it again with them)
  if (plan.fieldsPending !== undefined) throw new LakehouseError('ScriptUnsupported', `${file}:${plan.fieldsPending.line}: ${plan.fieldsPending.construct} needs the fields of a frame, which the plan was read without`, { file, line: plan.fieldsPending.line });
  const fail = (line: number, message: string, code: 'EntityNotFound' | 'SqlError' | 'ScriptUnsupported' = 'SqlError') =>
    new LakehouseError(code, `${file}:${line}: ${message}`, { file, line });

  // everything the plan needs must exist before any output is touched
  const { sourceTables, matchTables } = await resolveSourceTables(plan, catalog);

  // the SQL nodes' queries, by script line: a runtime error of their Spark SQL ends with its position
  // (src/core/sql/spark/runtimeError.ts), which DuckDB raises wherever the rows are pulled (a sink)
  const sqlNodes = plan.nodes.flatMap((n) => (n.kind === 'sql' ? [{ from: n.queryLine, to: n.queryLine + n.query.split('\n').length - 1, what: n.name !== undefined ? `SQL Query node ${n.name}` : `spark.sql(…) ${n.id}` }] : []));
  const sparkRuntimeError = (e: unknown): LakehouseError | undefined => {
    const p = runtimeErrorPosition((e instanceof Error ? e.message : String(e)).split('\n')[0]!);
    if (!p) return undefined;
    const node = sqlNodes.find((n) => p.line >= n.from && p.line <= n.to);
    return new LakehouseError('SqlError', `${file}:${p.line}: ${node ? `${node.what}: ` : ''}${p.message.replace(/^[A-Za-z ]+ Error: /, '')}`, { file, line: p.line, column: p.column });
  };

  refuseLazyReadPurges(plan, fail);
  const what = ctx.what ?? `job script ${file}`;
  const lease = await leaseSources(plan, ctx, sourceTables, what);

  // a job with Spark SQL (SQL Query nodes, SQL expression strings): the Spark grammar loads and warms its caches
  // while DuckDB reads the sources — unless every query was translated before (translationCache.ts: then the
  // grammar is likely not needed at all; a miss, frames changed, loads it then)
  if (await needsSparkGrammar(plan, engine, ctx.glueVersion)) void loadAndWarmSpark().catch(() => undefined);
  // Columns (F.* functions, operators) are translated by it too, without parsing: it loads while the sources are read
  else if (plan.nodes.some(usesSparkTranslation)) void loadSpark().catch(() => undefined);

  // Spark SQL's arithmetic: `7/2` = 3.5, a division by zero is NULL
  const conn = await engine.connect(undefined, 'spark').catch(async (e: unknown) => {
    await lease.release();
    throw e;
  });
  const onAbort = () => conn.interrupt();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  const staged: StagedWrite[] = [];
  // the steps of the commit, collected as the sinks are staged; while they are, a failure Glue has too commits the
  // steps before it (Glue's sinks before the failure have written)
  const output = new JobOutput(plan);
  const sinkTables: (CatalogTable | undefined)[] = [];
  let staging = false;
  // the sinks are known in the order they run when their lines increase (no sink in a function called later)
  const sinksInOrder = plan.sinks.every((x, i) => i === 0 || plan.sinks[i - 1]!.line <= x.line);
  /** Commits the steps collected before `failure` (nothing when there are none), then `failure` is the run's end. */
  const commitBefore = async (failure: LakehouseError): Promise<never> => {
    staging = false;
    if (!output.empty) {
      await lease.release();
      ctx.log(`the run fails at line ${failure.detail.line ?? '?'}: what the script wrote before it stays written, as on Glue`);
      try {
        await output.commit(engine, catalog, sinkTables, { what, ...(ctx.signal ? { signal: ctx.signal } : {}), log: ctx.log, writer: engine.writerContext(conn) });
      } catch (c) {
        // an earlier sink's save mode "error" over an existing path: that failure came first
        if (isLakehouseError(c, 'AlreadyExists')) throw c;
        ctx.log(`the output before the failure could not be committed either: ${c instanceof Error ? c.message : String(c)}`);
      } finally {
        staged.length = 0;
      }
    }
    throw failure;
  };
  const profile = path.join(ctx.tempDir, `profile-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  await fs.mkdir(ctx.tempDir, { recursive: true });
  try {
    const checkCancelled = () => {
      if (ctx.signal?.aborted) throw new LakehouseError('Cancelled', 'the job run was stopped');
    };
    // purges before the first sink: the files they delete are not read (purgesBeforeReads)
    const readPurges = purgesBeforeReads(plan, Date.now());
    const built = await buildFrames(plan, sourceTables, { engine, conn, file, localPath: (l) => ctx.localPath(l), log: (l) => ctx.log(l), checkCancelled, readPurges, matchTables, lease, glueVersion: ctx.glueVersion });
    const { frames, sources, sourceList, dataQuality } = built;

    // a failure of the checks below that Glue has too, at a line after a sink or a purge: on Glue those have run by
    // then — the sinks before the line are staged and committed, then the run fails with it
    let stopAt: { line: number; error: LakehouseError } | undefined;
    try {
      // print / logger lines, in script order, with the figures they print
      for (const log of plan.logs) {
        checkCancelled();
        for (const line of await logLines(log, built, conn, file, ctx.glueVersion, plan)) ctx.log(line);
      }
      // EvaluateDataQuality: every ruleset evaluated, its outcomes logged and recorded with the run (JobRun.dataQuality)
      for (const [i, dq] of plan.dataQuality.entries()) {
        checkCancelled();
        const result = await dataQuality(i);
        const options = dataQualityNodeOptions(dq.publishingOptions as Record<string, string>, dq.additionalOptions as Record<string, string>);
        ctx.dataQuality?.({ context: options.evaluationContext, line: dq.line, score: result.score, rules: result.rules });
        const head = `data quality "${options.evaluationContext}" (line ${dq.line})`;
        for (const l of outcomeLines(result)) ctx.log(`${head}: ${l}`);
        for (const n of options.notes) ctx.log(`${head}: ${n}`);
      }
      // assert frame.count() <op> n (the check Glue Studio generates to fail a job on failed rules): Python's AssertionError
      for (const a of plan.assertions) {
        checkCancelled();
        const frame = frames.get(a.count)!;
        const n = Number(((await conn.runAndReadAll(`SELECT count(*) FROM ${sinkView(frame, file, a.line)}`)).getRowsJson() as (string | number)[][])[0]![0]);
        const holds = { '==': n === a.value, '!=': n !== a.value, '<': n < a.value, '<=': n <= a.value, '>': n > a.value, '>=': n >= a.value }[a.op];
        ctx.log(`assert (line ${a.line}): ${n} ${a.op} ${a.value} — ${holds ? 'holds' : 'fails'}`);
        if (!holds)
          throw new LakehouseError('DataError', `${file}:${a.line}:${a.column}: AssertionError${a.message !== undefined ? `: ${a.message}` : ''} (the count is ${n}; the assertion wants ${a.op} ${a.value})`, { file, line: a.line, column: a.column });
      }
    } catch (e) {
      const line = isLakehouseError(e) ? e.detail.line : undefined;
      if (!failsOnGlueToo(e) || line === undefined || !sinksInOrder || ![...plan.sinks, ...plan.purges].some((x) => x.line < line)) throw e;
      stopAt = { line, error: e };
    }

    // write every sink to staging, in the script's order (the purges between them take their time there); rows
    // read are counted with DuckDB's profiler (rows out of the file scans)
    let rowsRead = 0;
    staging = true;
    for (const [j, sink] of plan.sinks.entries()) {
      checkCancelled();
      if (stopAt && sink.line > stopAt.line) break;
      output.beforeSink(j);
      const frame = frames.get(sink.input);
      if (!frame) throw fail(sink.line, `the sink writes ${sink.input}, which is not a frame`);
      // a CSV file's columns are read by position, and the order of a Relationalize root table's fields is not
      // documented (relationalize.ts rootTableOrder)
      const rootOrder = sink.kind === 's3' && sink.format === 'csv' ? rootTableOrder(plan, frame.cols) : undefined;
      if (rootOrder !== undefined) throw fail(sink.line, rootOrderMessage('the sink writes CSV, whose columns are read by position, with', rootOrder, 'give them an order of your own first (ApplyMapping), or write JSON or Parquet'), 'ScriptUnsupported');
      if (sink.kind === 's3' && sink.dataFrameWriter) {
        // Spark's writers check the names first (case-insensitively, spark.sql.caseSensitive being false):
        // "Found duplicate column(s) in the data to save"
        const seen = new Set<string>();
        const dup = frame.cols.find((c) => (seen.has(c.name.toLowerCase()) ? true : (seen.add(c.name.toLowerCase()), false)));
        if (dup !== undefined) throw fail(sink.line, `df.write: AnalysisException: Found duplicate column(s) in the data to save: \`${dup.name.toLowerCase()}\` (Spark refuses to write two fields of one name; drop or rename one)`);
      }
      const v = sinkView(frame, file, sink.line);
      // a ChoiceType: written as toDF() makes it by Spark SQL's Parquet sink, else refused by name (sinkChoice.ts)
      const selectList = await sinkSelectList(conn, sink, frame, (c) => built.wholeAsLong(c));
      if (selectList instanceof SinkChoiceRefusal) throw fail(sink.line, selectList.message, 'ScriptUnsupported');
      const target = await sinkTarget(sink, catalog);
      sinkTables.push(target.table);
      await conn.run(`PRAGMA enable_profiling='json'; PRAGMA profiling_output=${literal(profile)}`);
      try {
        staged.push(
          await stageSelect(
            engine.writerContext(conn),
            `SELECT ${selectList} FROM ${v}`,
            {
              location: target.location,
              format: target.format,
              partitionKeys: target.partitionKeys,
              ...(target.compression ? { compression: target.compression } : {}),
              // an S3 target's "compression": "gzip" (AWS Glue, "Connection types and options for ETL": "compression"
              // for Amazon S3 targets, "gzip" and "bzip") gzips each JSON or CSV file, as Glue's writer does
              ...(target.format !== 'parquet' && target.compression?.toLowerCase() === 'gzip' ? { gzip: true } : {}),
              ...(target.header !== undefined ? { header: target.header } : {}),
              // Glue's own CSV writer (a DynamicFrame sink to S3): Jackson's quoting
              ...(sink.kind === 's3' && sink.dataFrameWriter !== true && target.format === 'csv' ? { glueCsv: true } : {}),
              ...(target.fieldDelimiter !== undefined ? { fieldDelimiter: target.fieldDelimiter } : {}),
              // Spark's DataFrameWriter leaves null fields out of the JSON it writes (ignoreNullFields, default true)
              ...(sink.kind === 's3' && sink.dataFrameWriter === true ? { omitNullFields: true } : {}),
              // and formats timestamps with its timestampFormat (yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]), in JSON and CSV
              ...(sink.kind === 's3' && sink.dataFrameWriter === true ? { sparkTimestamps: true } : {}),
              // and writes a double as Java's Double.toString does (Jackson's generator: `1.0E-5`)
              ...(sink.kind === 's3' && sink.dataFrameWriter === true ? { javaDoubles: true } : {}),
              // and a decimal as Java's BigDecimal.toString (JacksonGenerator: `gen.writeNumber(…toJavaBigDecimal)`, Jackson
              // writing its toString): a decimal(8,2) 120.50 is `120.50`, where DuckDB writes the double's `120.5`
              ...(sink.kind === 's3' && sink.dataFrameWriter === true && target.format === 'json' ? { sparkDecimals: true } : {}),
              keepNameCase: true,
            },
            // the frame's columns, described when its view was made: not described again
            sinkColumns(frame, file, sink.line),
          ),
        );
      } catch (e) {
        const inSql = sparkRuntimeError(e);
        if (inSql) throw inSql;
        if (!isLakehouseError(e) && String(e instanceof Error ? e.message : e).includes(UNDECIDED_MARKER)) throw undecided(String((e as Error).message), file, sink.line);
        if (isLakehouseError(e)) throw new LakehouseError(e.code, `${file}:${sink.line}: ${e.message}`, { ...e.detail, file, line: sink.line });
        const err = await engine.explainFailure(e, '', sources, sourceList);
        if (err.code === 'Cancelled' || ctx.signal?.aborted) throw new LakehouseError('Cancelled', 'the job run was stopped');
        throw new LakehouseError(err.code, err.detail.file !== undefined ? err.message : `${file}:${sink.line}: ${err.message}`, err.detail.file !== undefined ? err.detail : { file, line: sink.line });
      } finally {
        await conn.run(`PRAGMA disable_profiling`).catch(() => undefined);
      }
      // Glue's own JSON and CSV writers (DynamicFrame sinks): the text they give a timestamp is not documented, nor
      // seen in a published output — refused once the rows are staged (a node's own refusal, raised as they are
      // computed, comes first); nothing is committed (docs/glue-jobs.md, "What Glue does where its documentation is silent")
      const stamped = !(sink.kind === 's3' && sink.dataFrameWriter) && target.format !== 'parquet' ? frame.cols.find((c) => TIMESTAMP_IN_TYPE.test(c.type)) : undefined;
      if (stamped !== undefined)
        throw fail(
          sink.line,
          `the sink writes ${target.format.toUpperCase()} with Glue's own writer, and the field ${stamped.name} holds timestamps (${stamped.type}): the text Glue's writer gives a timestamp is not documented nor seen in a published output, so the local engine does not guess it — format it as text first (date_format, or Glue Studio's Format Timestamp), write Parquet, or write with df.write (Spark's writer, whose text is documented)`,
          'ScriptUnsupported',
        );
      // Glue's own CSV writer and a struct, an array or a map: what it writes is not documented (Spark's CSV writer
      // refuses them: "CSV data source does not support array<…> data type"); written as DuckDB's text, unquoted by
      // Jackson's check, its commas would split the field — refused as the timestamps above
      // (every DynamicFrame CSV sink: from_options, getSink, and from_catalog over a CSV table)
      const nested = !(sink.kind === 's3' && sink.dataFrameWriter) && target.format === 'csv' ? frame.cols.find((c) => NESTED_IN_TYPE.test(c.type)) : undefined;
      if (nested !== undefined)
        throw fail(
          sink.line,
          `the sink writes CSV with Glue's own writer, and the field ${nested.name} holds nested values (${nested.type}): what Glue's CSV writer makes of a struct, an array or a map is not documented, so the local engine does not guess it — write JSON or Parquet, or select its fields into fields of their own first (a SQL Query node, or ApplyMapping of "a.b")`,
          'ScriptUnsupported',
        );
      // Glue's own CSV writer (a DynamicFrame sink to S3) heads a file with the fields of the record it meets first:
      // vijayanand-88/DIQA @d8848dc, job 711 (TestFiles/QATest711.py, a from_catalog CSV table whose passenger 6 has
      // an empty age) wrote passenger 6 first in TargetFiles/Target711/split1_op1/run-1587373952180-part-r-00000_sp1,
      // headed `passengerid,ticket,fare,sex,city,age` — age, which that record lacks, moved last, and every line's
      // values with it — where the table's order is passengerid, age, ticket, fare, sex, city. Whether a field a
      // record holds as null moves the same way, where several missing fields go, and what a field no record has
      // becomes, is not shown, so a first record (of the file, or of each partition's) without a value for a field
      // stops the run, naming it — but for the last field alone, when a later record has it: the order is the same
      if (sink.kind === 's3' && sink.dataFrameWriter !== true && target.format === 'csv') {
        const keys = new Set(target.partitionKeys.map((k) => k.toLowerCase()));
        const parts = frame.cols.filter((c) => keys.has(c.name.toLowerCase())).map((c) => ident(c.name));
        const reader = await conn.runAndReadAll(
          parts.length === 0
            ? `SELECT * FROM ${v} LIMIT 1`
            : `SELECT * EXCLUDE (__lakehouse_rn) FROM (SELECT *, row_number() OVER () AS __lakehouse_rn FROM ${v}) QUALIFY __lakehouse_rn = min(__lakehouse_rn) OVER (PARTITION BY ${parts.join(', ')})`,
        );
        const names = reader.columnNames();
        const data = names.map((_, k) => k).filter((k) => !keys.has(names[k]!.toLowerCase()));
        const lastCol = data[data.length - 1];
        for (const row of reader.getRowsJson() as unknown[][]) {
          const missing = data.filter((k) => row[k] === null);
          if (missing.length === 0) continue;
          // one field, the last already, that a later record of the file has: the header is the same either way
          if (missing.length === 1 && missing[0] === lastCol) {
            const col = ident(names[lastCol]!);
            const partCols = names.map((_, k) => k).filter((k) => keys.has(names[k]!.toLowerCase()));
            const where = partCols.length === 0 ? '' : ` WHERE ${partCols.map((k) => `${ident(names[k]!)} IS NOT DISTINCT FROM ${row[k] === null ? 'NULL' : literal(String(row[k]))}`).join(' AND ')}`;
            const valued = Number(((await conn.runAndReadAll(`SELECT count(${col}) FROM ${v}${where}`)).getRowsJson() as (string | number)[][])[0]![0]);
            if (valued > 0) continue;
          }
          throw fail(
            sink.line,
            `the sink writes CSV with Glue's own writer, and the first record it writes${parts.length > 0 ? ' to a partition' : ''} has no value for the field ${names[missing[0]!]}${missing.length > 1 ? ` (nor for ${missing.slice(1).map((k) => names[k]).join(', ')})` : ''}: Glue's CSV writer heads its file with the fields of the first record — a job whose first record lacked age wrote the header passengerid,ticket,fare,sex,city,age, age moved last with every line's value (vijayanand-88/DIQA, job 711's output) — and whether a null field moves too, and where, is not shown by any published output, so the local engine does not guess the column order; give the field a value first (Fill missing values, coalesce in a SQL Query node), drop it, or write JSON or Parquet`,
            'ScriptUnsupported',
          );
        }
      }
      rowsRead += await scannedRows(profile);
      const last = staged[staged.length - 1]!;
      if (sink.kind === 's3' && sink.spigot !== undefined && last.rows > sink.spigot.topk)
        // "the first k records" (Python) / "100 arbitrary records" (Scala): which k of more depends on how Spark
        // partitions the frame on Glue
        throw fail(
          sink.line,
          `Spigot cannot run on the local engine: the frame has ${last.rows} records, more than topk=${sink.spigot.topk}, and which ${sink.spigot.topk} of them Glue writes depends on how Spark partitions the frame; give topk at least the number of records, or remove the Spigot`,
          'ScriptUnsupported',
        );
      output.sinkStaged(j, last, sink.kind === 's3' && sink.ifPathExists !== undefined ? { mode: sink.ifPathExists, message: `${file}:${sink.line}: ${pathExistsError(sink.path, ctx.glueVersion)}` } : undefined);
      ctx.log(`sink (line ${sink.line}): ${last.rows} row(s) staged for ${target.location}`);
    }
    staging = false;
    if (stopAt) {
      output.failedBeforeSink(plan.sinks.filter((x) => x.line < stopAt!.line).length, stopAt.line);
      await commitBefore(stopAt.error);
    }
    output.afterSinks();
    checkCancelled();
    if (ctx.nodeRows) ctx.nodeRows(await countFrames(plan, frames, staged, conn, checkCancelled));
    // every source is read: other jobs may write them now
    await lease.release();

    // commit: every sink's files, every purge and the catalog changes, all together (outputCommit.ts)
    const committed = await output.commit(engine, catalog, sinkTables, { what, ...(ctx.signal ? { signal: ctx.signal } : {}), log: ctx.log, writer: engine.writerContext(conn) });
    staged.length = 0; // (the commit consumed the staging folders)
    const outcome: RunOutcome = { rowsRead, rowsWritten: committed.sinks.reduce((n, w) => n + w.rows, 0), sinks: committed.sinks, purges: committed.purges };
    return outcome;
  } catch (e) {
    // a sink failing where Glue fails too: the sinks (and purges) before it stay written, as on Glue
    if (staging && failsOnGlueToo(e) && sinksInOrder && !ctx.signal?.aborted) await commitBefore(e);
    throw e;
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    await lease.release();
    for (const s of staged) await discardStaged(s);
    await fs.rm(profile, { force: true });
    conn.closeSync();
  }
}

/** Rows of every frame: a sink's input is known from its staged rows, the others are counted. */
async function countFrames(plan: JobPlan, frames: Map<string, Frame>, staged: StagedWrite[], conn: DuckDBConnection, checkCancelled: () => void): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const [i, s] of staged.entries()) rows[plan.sinks[i]!.input] = s.rows;
  for (const n of plan.nodes) {
    if (rows[n.id] !== undefined) continue;
    checkCancelled();
    const f = frames.get(n.id);
    if (f === undefined) continue;
    rows[n.id] = Number(((await conn.runAndReadAll(`SELECT count(*) FROM ${f.view}`)).getRowsJson() as (string | number)[][])[0]![0]);
  }
  return rows;
}

async function sinkTarget(
  sink: PlanSink,
  catalog: Catalog,
): Promise<{ location: string; format: 'json' | 'parquet' | 'csv'; partitionKeys: string[]; compression?: string; header?: boolean; fieldDelimiter?: string; table?: CatalogTable }> {
  if (sink.kind === 's3') {
    // Glue's CSV writer writes a header unless writeHeader is false
    const header = sink.format === 'csv' ? sink.formatOptions['writeHeader'] !== false && sink.formatOptions['writeHeader'] !== 'false' : undefined;
    return { location: normalizeS3Path(sink.path), format: sink.format, partitionKeys: sink.partitionKeys, ...(sink.compression ? { compression: sink.compression } : {}), ...(header !== undefined ? { header } : {}) };
  }
  const t = (await catalog.table(sink.database.toLowerCase(), sink.table.toLowerCase()))!;
  const f = tableFormat(t);
  if (f !== 'json' && f !== 'parquet' && f !== 'csv' && f !== 'text')
    throw new LakehouseError('ScriptUnsupported', `the sink's table ${t.database}.${t.name} has a format the local engine cannot write`, { object: `${t.database}.${t.name}` });
  const partitionKeys = t.partitionKeys.map((k) => k.name);
  if (f === 'text') {
    const delim = textFieldDelimiter(t);
    return { location: t.storage.location, format: 'csv', fieldDelimiter: delim, partitionKeys, table: t };
  }
  const header = f === 'csv' ? Number(t.parameters['skip.header.line.count'] ?? '0') > 0 : undefined;
  return { location: t.storage.location, format: f, partitionKeys, ...(header !== undefined ? { header } : {}), table: t };
}

/** Rows that came out of file scans in the last profiled statement. */
async function scannedRows(profileFile: string): Promise<number> {
  let tree: unknown;
  try {
    tree = JSON.parse(await fs.readFile(profileFile, 'utf8'));
  } catch {
    return 0;
  }
  let n = 0;
  const walk = (node: { operator_type?: string; operator_cardinality?: number; operator_rows_scanned?: number; extra_info?: { Function?: string; Table?: string }; children?: unknown[] }) => {
    // a Parquet scan's cardinality counts the rows left after the filters pushed into it, its rows_scanned the
    // rows it read (the JSON and CSV readers' rows_scanned count something else; their filters are not pushed)
    const fn = node.operator_type === 'TABLE_SCAN' ? (node.extra_info?.Function ?? '') : '';
    if (/^READ_PARQUET/i.test(fn)) n += Math.max(node.operator_cardinality ?? 0, node.operator_rows_scanned ?? 0);
    else if (/^READ_(JSON|CSV)/i.test(fn)) n += node.operator_cardinality ?? 0;
    // a table kept parsed by the engine (`memory.<schema>.<table>`): the rows of its files, as a scan of them
    else if (node.operator_type === 'TABLE_SCAN' && node.extra_info?.Table?.split('.')[1] === TABLE_CACHE_SCHEMA)
      n += Math.max(node.operator_cardinality ?? 0, node.operator_rows_scanned ?? 0);
    for (const c of node.children ?? []) walk(c as typeof node);
  };
  walk(tree as Parameters<typeof walk>[0]);
  return n;
}
