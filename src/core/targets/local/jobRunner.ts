/**
 * Runs a job plan (a Glue script read by src/core/jobs/script.ts) on DuckDB.
 *
 * Every node becomes a temporary view on the run's own connection (runNodes.ts: sources read as Glue reads them,
 * transforms compiled by nodeSql.ts with Glue's and Spark's semantics); print and logger lines are written to the
 * run's log with the figures they print. Sinks are written to staging folders first; only when every sink is written
 * are they swapped in (so a re-run replaces its output and a failed or cancelled run leaves the previous output),
 * and then the catalog is updated.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError, isLakehouseError } from '../../errors';
import type { JobPlan, PlanSink } from '../../jobs/plan';
import { normalizeS3Path } from '../../jobs/pipeline';
import type { CatalogColumn, CatalogTable } from '../../model';
import { tableFormat } from '../../sql/ddl';
import type { Catalog } from '../../target';
import { literal } from './duck';
import { TABLE_CACHE_SCHEMA, newTable, type LocalQueryEngine } from './engine';
import { jsonIgnoresMalformed } from './jsonSerde';
import { UNDECIDED_MARKER } from './rowSql';
import { dataQualityNodeOptions, outcomeLines } from '../../jobs/dqdl';
import { buildFrames, logLines, sinkView, undecided } from './runNodes';
import { commitStaged, discardStaged, stageSelect, type StagedWrite } from './writer';

export interface RunContext {
  engine: LocalQueryEngine;
  catalog: Catalog;
  localPath(location: string): string;
  /**
   * purge_s3_path of a path no sink replaces: deletes the objects under an `s3://` prefix last modified before
   * `olderThan` (every object when it is absent), except those under the `keep` prefixes (what the run just wrote)
   */
  purge(location: string, options: { olderThan?: Date; keep: string[] }): Promise<number>;
  log(line: string): void;
  /** scratch folder (the profiler's output) */
  tempDir: string;
  signal?: AbortSignal;
}

export interface RunOutcome {
  rowsRead: number;
  rowsWritten: number;
  sinks: { location: string; table?: string; rows: number; files: number }[];
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

export async function runPlan(plan: JobPlan, ctx: RunContext): Promise<RunOutcome> {
  const { engine, catalog } = ctx;
  const file = plan.file;
  const fail = (line: number, message: string, code: 'EntityNotFound' | 'SqlError' | 'ScriptUnsupported' = 'SqlError') =>
    new LakehouseError(code, `${file}:${line}: ${message}`, { file, line });

  // everything the plan needs must exist before any output is touched
  const sourceTables = new Map<string, CatalogTable>();
  for (const node of plan.nodes) {
    if (node.kind !== 'catalogSource') continue;
    const t = await catalog.table(node.database.toLowerCase(), node.table.toLowerCase());
    if (!t) {
      const db = await catalog.database(node.database.toLowerCase());
      throw fail(node.line, db ? `table ${node.database}.${node.table} does not exist in the catalog` : `database ${node.database} does not exist in the catalog`, 'EntityNotFound');
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
    if (!t) throw fail(node.line, `ResolveChoice match_catalog: the table ${node.database}.${node.table} does not exist in the catalog`, 'EntityNotFound');
    matchTables.set(`${node.database}.${node.table}`.toLowerCase(), t);
  }
  for (const sink of plan.sinks)
    if (sink.kind === 'catalog' && !(await catalog.table(sink.database.toLowerCase(), sink.table.toLowerCase())))
      throw fail(sink.line, `the sink's table ${sink.database}.${sink.table} does not exist in the catalog`, 'EntityNotFound');

  // Spark SQL's arithmetic: `7/2` = 3.5, a division by zero is NULL
  const conn = await engine.connect(undefined, 'spark');
  const onAbort = () => conn.interrupt();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  const staged: StagedWrite[] = [];
  const profile = path.join(ctx.tempDir, `profile-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  await fs.mkdir(ctx.tempDir, { recursive: true });
  try {
    const checkCancelled = () => {
      if (ctx.signal?.aborted) throw new LakehouseError('Cancelled', 'the job run was stopped');
    };
    // Glue runs a purge_s3_path at its line and reads the sources when a sink writes (Spark is lazy): files a purge
    // before the first sink deletes are not read. That matters where a purged path lies in a source's location — zones
    // nested in it (trusted at <landing>/trusted/, re-written by this job): the local run leaves them out too.
    // (A purge between two sinks is applied only from the point of view of the first sink: a simplification.)
    const firstSinkLine = Math.min(...plan.sinks.map((s) => s.line));
    const runStart = Date.now();
    const readPurges = plan.purges
      .filter((p) => p.line < firstSinkLine)
      .map((p) => ({ loc: normalizeS3Path(p.path), before: p.retentionHours > 0 ? runStart - p.retentionHours * 3_600_000 : Number.POSITIVE_INFINITY }));
    const { frames, sources, sourceList, dataQuality } = await buildFrames(plan, sourceTables, { engine, conn, file, localPath: (l) => ctx.localPath(l), log: (l) => ctx.log(l), checkCancelled, readPurges, matchTables });

    // print / logger lines, in script order, with the figures they print
    for (const log of plan.logs) {
      checkCancelled();
      for (const line of await logLines(log, frames, conn, file)) ctx.log(line);
    }
    // EvaluateDataQuality: every ruleset evaluated, its outcomes in the log
    for (const [i, dq] of plan.dataQuality.entries()) {
      checkCancelled();
      const result = await dataQuality(i);
      const options = dataQualityNodeOptions(dq.publishingOptions as Record<string, string>, dq.additionalOptions as Record<string, string>);
      ctx.log(`data quality (line ${dq.line}, ${options.evaluationContext}): ${result.rules.length} rule(s) evaluated`);
      for (const l of outcomeLines(result)) ctx.log(`data quality (line ${dq.line}): ${l}`);
      for (const n of options.notes) ctx.log(`data quality (line ${dq.line}): ${n}`);
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

    // write every sink to staging; count rows read with DuckDB's profiler (rows out of the file scans)
    let rowsRead = 0;
    const sinkTables: (CatalogTable | undefined)[] = [];
    for (const sink of plan.sinks) {
      checkCancelled();
      const frame = frames.get(sink.input);
      if (!frame) throw fail(sink.line, `the sink writes ${sink.input}, which is not a frame`);
      const v = sinkView(frame, file, sink.line);
      const choice = frame.cols.find((c) => c.type === 'JSON');
      const sinkFormat = sink.kind === 's3' ? sink.format : undefined;
      if (choice !== undefined && sinkFormat !== 'json')
        throw fail(sink.line, `the field ${choice.name} holds values of several types (a ChoiceType); resolve it before writing ${sinkFormat ?? 'the table'}: resolveChoice(specs=[("${choice.name}", "cast:string")])`, 'ScriptUnsupported');
      const target = await sinkTarget(sink, catalog);
      sinkTables.push(target.table);
      await conn.run(`PRAGMA enable_profiling='json'; PRAGMA profiling_output=${literal(profile)}`);
      try {
        staged.push(
          await stageSelect(engine.writerContext(conn), `SELECT * FROM ${v}`, {
            location: target.location,
            format: target.format,
            partitionKeys: target.partitionKeys,
            ...(target.compression ? { compression: target.compression } : {}),
            ...(target.header !== undefined ? { header: target.header } : {}),
            ...(target.fieldDelimiter !== undefined ? { fieldDelimiter: target.fieldDelimiter } : {}),
            mode: 'replace',
          }),
        );
      } catch (e) {
        if (!isLakehouseError(e) && String(e instanceof Error ? e.message : e).includes(UNDECIDED_MARKER)) throw undecided(String((e as Error).message), file, sink.line);
        if (isLakehouseError(e)) throw new LakehouseError(e.code, `${file}:${sink.line}: ${e.message}`, { ...e.detail, file, line: sink.line });
        const err = await engine.explainFailure(e, '', sources, sourceList);
        if (err.code === 'Cancelled' || ctx.signal?.aborted) throw new LakehouseError('Cancelled', 'the job run was stopped');
        throw new LakehouseError(err.code, err.detail.file !== undefined ? err.message : `${file}:${sink.line}: ${err.message}`, err.detail.file !== undefined ? err.detail : { file, line: sink.line });
      } finally {
        await conn.run(`PRAGMA disable_profiling`).catch(() => undefined);
      }
      rowsRead += await scannedRows(profile);
      const last = staged[staged.length - 1]!;
      ctx.log(`sink (line ${sink.line}): ${last.rows} row(s) staged for ${target.location}`);
    }
    checkCancelled();

    // commit: swap every sink in, then bring the catalog up to date
    const outcome: RunOutcome = { rowsRead, rowsWritten: 0, sinks: [] };
    const sinkLocations = new Set(staged.map((s) => normalizeS3Path(s.target.location)));
    for (const [j, s] of staged.entries()) {
      await commitStaged(engine.writerContext(conn), s);
      outcome.rowsWritten += s.rows;
      const sink = plan.sinks[j]!;
      let tableName: string | undefined;
      if (sink.kind === 's3' && sink.catalog) {
        const db = sink.catalog.database.toLowerCase();
        const name = sink.catalog.table.toLowerCase();
        const existing = await catalog.table(db, name);
        const fresh = newTable(db, name, s.target.format, s.target.location, s.columns, s.partitionKeys, { header: s.target.header === true });
        // an update keeps the table's own properties and comments; format, columns and location follow the data
        const parameters = existing ? { ...existing.parameters, ...fresh.parameters } : fresh.parameters;
        if (fresh.parameters['skip.header.line.count'] === undefined) delete parameters['skip.header.line.count'];
        const table: CatalogTable = existing
          ? {
              ...existing,
              storage: { ...fresh.storage, columns: mergeColumns(existing.storage.columns, s.columns) },
              partitionKeys: s.partitionKeys,
              parameters,
            }
          : fresh;
        if (table.partitionKeys.length > 0) table.partitions = await engine.discoverPartitions(table);
        await catalog.putTable(table, { replace: existing !== undefined });
        tableName = `${db}.${name}`;
        ctx.log(`catalog: ${existing ? 'updated' : 'created'} ${tableName} (${s.columns.length} columns) at ${s.target.location}`);
      } else if (sinkTables[j]) {
        const t = sinkTables[j]!;
        tableName = `${t.database}.${t.name}`;
        if (t.partitionKeys.length > 0) await catalog.putTable({ ...t, partitions: await engine.discoverPartitions(t) }, { replace: true });
      }
      outcome.sinks.push({ location: s.target.location, ...(tableName ? { table: tableName } : {}), rows: s.rows, files: s.files.length });
      ctx.log(`wrote ${s.rows} row(s) in ${s.files.length} file(s) to ${s.target.location}${tableName ? ` (${tableName})` : ''}`);
    }
    staged.length = 0;
    // purge_s3_path: Glue deletes the files under the path older than retentionPeriod hours (0: all of them). A
    // path at or inside a sink's location was replaced above; elsewhere the run's own output is kept, since Glue
    // purges before its sinks write
    for (const p of plan.purges) {
      const loc = normalizeS3Path(p.path);
      if ([...sinkLocations].some((s) => loc.startsWith(s))) continue;
      const olderThan = p.retentionHours > 0 ? new Date(Date.now() - p.retentionHours * 3_600_000) : undefined;
      let n: number;
      try {
        n = await ctx.purge(loc, { ...(olderThan ? { olderThan } : {}), keep: [...sinkLocations].filter((s) => s.startsWith(loc)) });
      } catch (e) {
        throw isLakehouseError(e) ? new LakehouseError(e.code, `${file}:${p.line}: purge_s3_path: ${e.message}`, { ...e.detail, file, line: p.line }) : e;
      }
      ctx.log(`purge (line ${p.line}): deleted ${n} object(s) under ${loc}${olderThan ? ` older than ${p.retentionHours} hour(s)` : ''}`);
    }
    return outcome;
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    for (const s of staged) await discardStaged(s);
    await fs.rm(profile, { force: true });
    conn.closeSync();
  }
}

/** Columns after a sink updates a table: the data's columns, keeping the existing comments. */
function mergeColumns(existing: CatalogColumn[], written: CatalogColumn[]): CatalogColumn[] {
  return written.map((w) => {
    const old = existing.find((e) => e.name === w.name);
    return old?.comment !== undefined ? { ...w, comment: old.comment } : w;
  });
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
    const delim = t.storage.serde.parameters['field.delim'] ?? t.storage.serde.parameters['serialization.format'] ?? '\u0001';
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
