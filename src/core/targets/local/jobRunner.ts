/**
 * Runs a job plan (a Glue Studio script read by src/core/jobs/script.ts) on DuckDB.
 *
 * Every node becomes a temporary view on the run's own connection: catalog sources are the tables' views
 * (tableSource.ts), S3 sources read the files with the schema Spark would infer, the SQL Query node is its Spark
 * SQL (translated where DuckDB's dialect differs) with the mapping's aliases as CTEs, and the transforms are the
 * SELECTs they amount to — all with field names matched case-insensitively, as Spark does.
 *
 * The job's output reaches the lake as Glue's does — its sinks add files to their paths, its purge_s3_path calls
 * delete what is under theirs, in the script's order — but all together or not at all: the sinks are written to
 * staging first (the sources read under a shared lease, dataLocks.ts), then one commit (outputCommit.ts) adds every
 * sink's files, does every purge and makes the catalog changes that go with them. A failed, cancelled or killed run
 * leaves the previous output; a reader sees the old output or the new, never a mix.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError, isLakehouseError } from '../../errors';
import type { JobPlan, PlanNode, PlanSink } from '../../jobs/plan';
import { normalizeS3Path } from '../../jobs/pipeline';
import type { CatalogTable } from '../../model';
import { tableFormat } from '../../sql/ddl';
import { sparkSqlToDuckDb } from '../../sql/dialect';
import { parseDuckDbType, type DuckDbType } from '../../sql/types';
import type { Catalog } from '../../target';
import type { DataQualityEvaluation } from '../../model';
import { formatBytes } from '../../units';
import { ident, listLiteral, literal, parseDuckError } from './duck';
import { diagnoseJsonFileError } from './diagnose';
import { TABLE_CACHE_SCHEMA, type LocalQueryEngine } from './engine';
import { JobOutput, leaseSources, refuseLazyReadPurges } from './jobOutput';
import { assertReadOnlyQuery } from './queryGuard';
import { listDataFiles, type TableSource } from './tableSource';
import { describeColumns, discardStaged, stageSelect, type StagedWrite } from './writer';

export interface RunContext {
  engine: LocalQueryEngine;
  catalog: Catalog;
  localPath(location: string): string;
  /** what runs, for the messages of other processes waiting for its locks: `job x (run jr_…)` */
  what?: string;
  log(line: string): void;
  /** scratch folder (the profiler's output) */
  tempDir: string;
  signal?: AbortSignal;
  /** an Evaluate Data Quality node's results, as it is evaluated (recorded with the run, failed or not) */
  dataQuality?(evaluation: DataQualityEvaluation): void;
}

export interface RunOutcome {
  rowsRead: number;
  rowsWritten: number;
  sinks: { location: string; table?: string; rows: number; files: number }[];
  /** the purges, in the script's order: objects deleted */
  purges: { location: string; line: number; objects: number }[];
}

/** Spark/Glue type names (ApplyMapping) → DuckDB */
const GLUE_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  long: 'BIGINT',
  bigint: 'BIGINT',
  int: 'INTEGER',
  integer: 'INTEGER',
  short: 'SMALLINT',
  smallint: 'SMALLINT',
  byte: 'TINYINT',
  tinyint: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  binary: 'BLOB',
};

function glueType(name: string, line: number, file: string): string {
  const t = name.trim().toLowerCase();
  const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(t);
  if (dec) return `DECIMAL(${dec[1]},${dec[2]})`;
  const mapped = GLUE_TYPES[t];
  if (!mapped) throw new LakehouseError('ScriptUnsupported', `${file}:${line}: ApplyMapping type "${name}" is not supported locally`, { file, line });
  return mapped;
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
    const athenaOnly = athenaOnlySerdeProperties(t);
    if (athenaOnly.length > 0)
      throw fail(
        node.line,
        `table ${t.database}.${t.name} has SerDe properties only Athena honours (${athenaOnly.join(', ')}): a Glue job reads the JSON keys as the data spells them, so reading the table through its SerDe would give the job other values — not supported locally; read the files with create_dynamic_frame.from_options instead`,
        'ScriptUnsupported',
      );
    sourceTables.set(node.id, t);
  }
  for (const sink of plan.sinks)
    if (sink.kind === 'catalog' && !(await catalog.table(sink.database.toLowerCase(), sink.table.toLowerCase())))
      throw fail(sink.line, `the sink's table ${sink.database}.${sink.table} does not exist in the catalog`, 'EntityNotFound');

  refuseLazyReadPurges(plan, fail);
  const what = ctx.what ?? `job script ${file}`;
  const lease = await leaseSources(plan, ctx, sourceTables, what);
  // Spark SQL's arithmetic: `7/2` = 3.5, a division by zero is NULL
  const conn = await engine.connect(undefined, 'spark').catch(async (e: unknown) => {
    await lease.release();
    throw e;
  });
  const onAbort = () => conn.interrupt();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  const staged: StagedWrite[] = [];
  const profile = path.join(ctx.tempDir, `profile-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  await fs.mkdir(ctx.tempDir, { recursive: true });
  try {
    const view = new Map<string, string>();
    const sources: TableSource[] = [];
    const sourceList: CatalogTable[] = [];
    const checkCancelled = () => {
      if (ctx.signal?.aborted) throw new LakehouseError('Cancelled', 'the job run was stopped');
    };
    const columnsOf = async (id: string) => (await describeColumns(conn, `SELECT * FROM ${view.get(id)!}`)).map((c) => c.name);
    const resolve = (available: string[], wanted: string, node: PlanNode) => {
      const hit = available.find((a) => a.toLowerCase() === wanted.toLowerCase());
      if (hit === undefined && wanted.includes('.'))
        throw fail(node.line, `${node.kind}: nested field paths like "${wanted}" are not supported locally; use an SQL Query node`, 'ScriptUnsupported');
      return hit;
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
    const purgedIn = (table: CatalogTable) => {
      const loc = normalizeS3Path(table.storage.location);
      return readPurges.filter((p) => p.loc.startsWith(loc) || loc.startsWith(p.loc));
    };

    for (const [i, node] of plan.nodes.entries()) {
      checkCancelled();
      const name = ident(`__node_${i}`);
      const input = (id: string) => {
        const v = view.get(id);
        if (!v) throw fail(node.line, `frame ${id} is not defined before it is used`);
        return v;
      };
      let select: string;
      switch (node.kind) {
        case 'catalogSource': {
          const table = sourceTables.get(node.id)!;
          const purges = purgedIn(table);
          const skip = (f: { path: string; mtimeMs: number }) => purges.some((p) => f.mtimeMs < p.before && engine.locationOf(f.path).startsWith(p.loc));
          // (either way the files are listed under the job's read lease)
          const src = purges.length > 0 ? await engine.tableSourceWithout(conn, table, skip) : await engine.bindTable(conn, table, { lease });
          sources.push(src);
          sourceList.push(table);
          ctx.log(`${node.id} (line ${node.line}): read ${table.database}.${table.name} — ${src.files.length} file(s), ${formatBytes(src.bytes)}`);
          for (const p of purges) ctx.log(`${node.id} (line ${node.line}): the files under ${p.loc} are purged before Glue reads ${table.database}.${table.name}: not read`);
          // lines the SerDe reads as rows of NULLs (blank, not an object, malformed with 'ignore.malformed.json'='TRUE'):
          // say how many, per object (counted once per file)
          for (const s of src.nullRows ?? [])
            ctx.log(`${node.id} (line ${node.line}): ${s.lines} line(s) read as rows of NULLs in ${engine.locationOf(s.file)} (table ${s.table}: blank, not a JSON object, or malformed with ignore.malformed.json)`);
          select = purges.length > 0 ? `SELECT * FROM (${src.sql})` : `SELECT * FROM ${ident(table.database)}.${ident(table.name)}`;
          break;
        }
        case 's3Source': {
          select = await s3SourceSelect(conn, node, ctx, fail, file);
          break;
        }
        case 'sql': {
          const ctes = Object.entries(node.mapping).map(([alias, id]) => {
            const viewName = sparkViewName(alias);
            if (viewName === undefined)
              throw fail(node.line, `SQL Query node ${node.name ?? node.id}: mapping alias ${JSON.stringify(alias)} is not a name Spark can give a view (createOrReplaceTempView fails on it): use letters, digits and _`, 'ScriptUnsupported');
            return `${ident(viewName)} AS (SELECT * FROM ${input(id)})`;
          });
          const query = sparkSqlToDuckDb(node.query);
          select = `${ctes.length > 0 ? `WITH ${ctes.join(', ')} ` : ''}SELECT * FROM (\n${query}\n)`;
          const sql = `CREATE OR REPLACE TEMP VIEW ${name} AS ${select}`;
          try {
            // the query must be one read-only query on its own, and stay one statement where it is embedded
            await assertReadOnlyQuery(conn, query);
            // (text DuckDB cannot parse fails below, running nothing)
            const count = await conn.extractStatements(sql).then((x) => x.count, () => 1);
            if (count !== 1) throw new LakehouseError('SqlUnsupported', `the query makes ${count} statements where it is used; only one query can run`);
          } catch (e) {
            if (!isLakehouseError(e)) throw e;
            const line = e.detail.line !== undefined ? node.queryLine + e.detail.line - 1 : node.line;
            throw new LakehouseError(e.code, `${file}:${line}: SQL Query node ${node.name ?? node.id}: ${e.message}`, { file, line }, { cause: e });
          }
          try {
            await conn.run(sql);
          } catch (e) {
            const info = parseDuckError(e, `x\n${query}\n)`);
            const line = info.line !== undefined && info.line >= 2 ? node.queryLine + info.line - 2 : node.line;
            // DuckDB calls a CTE (a mapping alias) a "Values list"
            const message = info.message.replace(/^[A-Za-z ]+ Error: /, '').replace(/^Values list "([^"]*)" does not have a column named "([^"]*)"/, 'frame "$1" has no column "$2"');
            throw new LakehouseError('SqlError', `${file}:${line}: SQL Query node ${node.name ?? node.id}: ${message}`, { file, line }, { cause: e });
          }
          view.set(node.id, name);
          ctx.log(`${node.id} (line ${node.line}): SQL query over ${Object.keys(node.mapping).join(', ') || 'no frames'}`);
          continue;
        }
        case 'dropFields':
        case 'selectFields': {
          const cols = await columnsOf(node.input);
          const named = new Set(node.paths.map((p) => resolve(cols, p, node)).filter((c): c is string => c !== undefined));
          const keep = cols.filter((c) => (node.kind === 'dropFields' ? !named.has(c) : named.has(c)));
          if (keep.length === 0) throw fail(node.line, `${node.kind === 'dropFields' ? 'DropFields' : 'SelectFields'} leaves no fields`);
          select = `SELECT ${keep.map(ident).join(', ')} FROM ${input(node.input)}`;
          break;
        }
        case 'applyMapping': {
          const cols = await columnsOf(node.input);
          const parts = node.mappings.map((m) => {
            const src = resolve(cols, m.source, node);
            const type = glueType(m.targetType, node.line, file);
            return `TRY_CAST(${src !== undefined ? ident(src) : 'NULL'} AS ${type}) AS ${ident(m.target)}`;
          });
          select = `SELECT ${parts.join(', ')} FROM ${input(node.input)}`;
          break;
        }
        case 'join': {
          const left = await columnsOf(node.left);
          const right = await columnsOf(node.right);
          if (node.leftKeys.length !== node.rightKeys.length || node.leftKeys.length === 0) throw fail(node.line, 'Join needs as many keys1 as keys2');
          const lk = node.leftKeys.map((k) => resolve(left, k, node) ?? k);
          const rk = node.rightKeys.map((k) => resolve(right, k, node) ?? k);
          for (const [k, cols, side] of [
            [lk, left, 'frame1'],
            [rk, right, 'frame2'],
          ] as const)
            for (const key of k) if (!cols.includes(key)) throw fail(node.line, `Join key ${key} is not a field of ${side}`);
          const leftLower = new Set(left.map((c) => c.toLowerCase()));
          const clash = right.filter((c) => leftLower.has(c.toLowerCase()) && !(rk.includes(c) && lk[rk.indexOf(c)]!.toLowerCase() === c.toLowerCase()));
          if (clash.length > 0) throw fail(node.line, `Join: both frames have a field ${clash[0]}; rename it (ApplyMapping) or use an SQL Query node`);
          const sameKeys = right.filter((c) => rk.includes(c) && lk[rk.indexOf(c)]!.toLowerCase() === c.toLowerCase());
          const on = lk.map((k, j) => `l.${ident(k)} = r.${ident(rk[j]!)}`).join(' AND ');
          select = `SELECT l.*, r.*${sameKeys.length > 0 ? ` EXCLUDE (${sameKeys.map(ident).join(', ')})` : ''} FROM ${input(node.left)} l JOIN ${input(node.right)} r ON ${on}`;
          break;
        }
        case 'dropNullFields': {
          const cols = await columnsOf(node.input);
          const counts = (await conn.runAndReadAll(`SELECT ${cols.map((c) => `count(${ident(c)})`).join(', ')} FROM ${input(node.input)}`)).getRowsJson()[0] as string[];
          const keep = cols.filter((_, j) => Number(counts[j]) > 0);
          select = keep.length > 0 ? `SELECT ${keep.map(ident).join(', ')} FROM ${input(node.input)}` : `SELECT * FROM ${input(node.input)} WHERE false`;
          break;
        }
        case 'dropDuplicates': {
          if (node.columns && node.columns.length > 0) {
            const cols = await columnsOf(node.input);
            const on = node.columns.map((c) => {
              const r = resolve(cols, c, node);
              if (r === undefined) throw fail(node.line, `dropDuplicates: no field ${c}`);
              return ident(r);
            });
            select = `SELECT DISTINCT ON (${on.join(', ')}) * FROM ${input(node.input)}`;
          } else select = `SELECT DISTINCT * FROM ${input(node.input)}`;
          break;
        }
      }
      try {
        await conn.run(`CREATE OR REPLACE TEMP VIEW ${name} AS ${select}`);
      } catch (e) {
        throw isLakehouseError(e) ? e : fail(node.line, `${node.kind} ${node.name ?? node.id}: ${parseDuckError(e, select).message.replace(/^[A-Za-z ]+ Error: /, '')}`);
      }
      view.set(node.id, name);
    }

    // write every sink to staging, in the script's order (the purges between them take their time there); rows
    // read are counted with DuckDB's profiler (rows out of the file scans)
    let rowsRead = 0;
    const sinkTables: (CatalogTable | undefined)[] = [];
    const output = new JobOutput(plan);
    for (const [j, sink] of plan.sinks.entries()) {
      checkCancelled();
      output.beforeSink(j);
      const v = view.get(sink.input);
      if (!v) throw fail(sink.line, `the sink writes ${sink.input}, which is not a frame`);
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
          }),
        );
      } catch (e) {
        if (isLakehouseError(e)) throw new LakehouseError(e.code, `${file}:${sink.line}: ${e.message}`, { ...e.detail, file, line: sink.line });
        const err = await engine.explainFailure(e, '', sources, sourceList);
        if (err.code === 'Cancelled' || ctx.signal?.aborted) throw new LakehouseError('Cancelled', 'the job run was stopped');
        throw new LakehouseError(err.code, err.detail.file !== undefined ? err.message : `${file}:${sink.line}: ${err.message}`, err.detail.file !== undefined ? err.detail : { file, line: sink.line });
      } finally {
        await conn.run(`PRAGMA disable_profiling`).catch(() => undefined);
      }
      rowsRead += await scannedRows(profile);
      const last = staged[staged.length - 1]!;
      output.sinkStaged(j, last);
      ctx.log(`sink (line ${sink.line}): ${last.rows} row(s) staged for ${target.location}`);
    }
    output.afterSinks();
    checkCancelled();
    // every source is read: other jobs may write them now
    await lease.release();

    // commit: every sink's files, every purge and the catalog changes, all together (outputCommit.ts)
    const committed = await output.commit(engine, catalog, sinkTables, { what, ...(ctx.signal ? { signal: ctx.signal } : {}), log: ctx.log, writer: engine.writerContext(conn) });
    staged.length = 0; // (the commit consumed the staging folders)
    const outcome: RunOutcome = { rowsRead, rowsWritten: committed.sinks.reduce((n, w) => n + w.rows, 0), sinks: committed.sinks, purges: committed.purges };
    return outcome;
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    await lease.release();
    for (const s of staged) await discardStaged(s);
    await fs.rm(profile, { force: true });
    conn.closeSync();
  }
}

/**
 * The view a mapping alias becomes, as Spark's `createOrReplaceTempView(alias)` reads it (Dataset.createTempView:
 * `parseMultipartIdentifier(viewName)`, one part for a temporary view): a name of letters, digits and `_` (not all
 * digits), or one `` `quoted` `` name. Undefined when Spark refuses it ("Invalid view name").
 */
export function sparkViewName(alias: string): string | undefined {
  if (/^[A-Za-z0-9_]+$/.test(alias) && !/^\d+$/.test(alias)) return alias;
  const quoted = /^`((?:[^`]|``)+)`$/.exec(alias);
  return quoted ? quoted[1]!.replace(/``/g, '`') : undefined;
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

/** An S3 source read the way Spark reads it: the schema inferred from all records, strings left as strings. */
async function s3SourceSelect(
  conn: DuckDBConnection,
  node: Extract<PlanNode, { kind: 's3Source' }>,
  ctx: RunContext,
  fail: (line: number, message: string) => LakehouseError,
  script: string,
): Promise<string> {
  const dataFiles = (await Promise.all(node.paths.map((p) => listDataFiles(ctx.localPath(normalizeS3Path(p)))))).flat();
  ctx.log(`${node.id} (line ${node.line}): read ${node.paths.join(', ')} — ${dataFiles.length} file(s)`);
  if (dataFiles.length === 0) throw fail(node.line, `no data files under ${node.paths.join(', ')}`);
  const files = dataFiles.map((f) => f.path);
  const readBy = `S3 source ${node.id} at ${script}:${node.line}`;
  const list = listLiteral(files);
  if (node.format === 'parquet') return `SELECT * FROM read_parquet(${list}, union_by_name=true)`;
  if (node.format === 'csv') {
    const header = node.formatOptions['withHeader'] === true || node.formatOptions['withHeader'] === 'true';
    const sep = typeof node.formatOptions['separator'] === 'string' ? (node.formatOptions['separator'] as string) : ',';
    const read = `SELECT * FROM read_csv(${list}, header=${header}, delim=${literal(sep)}, all_varchar=true)`;
    if (header) return read;
    // without a header Glue names the fields col0, col1, … (DuckDB: column0, column1, …)
    const cols = await describeColumns(conn, read);
    return `SELECT ${cols.map((c, i) => `${ident(c.name)} AS ${ident(`col${i}`)}`).join(', ')} FROM (${read})`;
  }
  // Spark infers types from every record; DuckDB's own detection would turn UUID- and date-looking strings into
  // UUID and DATE: detect over every record, then keep such strings as strings
  let described: string[][];
  try {
    described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_json(${list}, format='newline_delimited', sample_size=-1)`)).getRowsJson() as string[][];
  } catch (e) {
    // a malformed line: its object and line, as for a catalog table (DuckDB names the file on disk, its line can be off)
    const data = await diagnoseJsonFileError(errorText(e), files, (f) => ctx.engine.locationOf(f), readBy).catch(() => undefined);
    if (data) throw data;
    const message = errorText(e).replace(/"([^"]+)"/g, (quoted, f: string) => (files.includes(f) ? ctx.engine.locationOf(f) : quoted));
    throw fail(node.line, `the files under ${node.paths.join(', ')} cannot be read as JSON lines: ${message}`);
  }
  const columns = described.map(([name, type]) => `${literal(name!)}: ${literal(sparkJsonType(parseDuckDbType(type!)))}`);
  if (columns.length === 0) throw fail(node.line, `the files under ${node.paths.join(', ')} hold no JSON objects`);
  return `SELECT * FROM read_json(${list}, format='newline_delimited', columns={${columns.join(', ')}})`;
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

/** The type Spark's JSON reader gives a value DuckDB detected as `t`: long, double, boolean, string, arrays, structs. */
function sparkJsonType(t: DuckDbType): string {
  switch (t.kind) {
    case 'list':
      return `${sparkJsonType(t.element)}[]`;
    case 'struct':
      return `STRUCT(${t.fields.map((f) => `${ident(f.name)} ${sparkJsonType(f.type)}`).join(', ')})`;
    case 'map':
      return `MAP(VARCHAR, ${sparkJsonType(t.value)})`;
    case 'union':
      return 'VARCHAR';
    case 'named':
      if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|UHUGEINT)$/.test(t.name)) return 'BIGINT';
      if (/^(DOUBLE|FLOAT|REAL|DECIMAL)$/.test(t.name)) return 'DOUBLE';
      if (t.name === 'BOOLEAN') return 'BOOLEAN';
      return 'VARCHAR';
  }
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
