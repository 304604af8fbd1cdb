/**
 * Creating the catalog tables from the project's DDL folder: the project database first (Athena needs it), then
 * the DDL statements of every `*.sql` file in name order — CREATE/ALTER/DROP of databases, tables and views
 * (CTAS included: Athena counts it as DDL) and MSCK REPAIR TABLE. Other statements (a query someone keeps in
 * `sql/explore.sql`, an INSERT, SHOW…) are skipped, each with a note saying so.
 *
 * A statement that fails does not stop the run: the statements after it run, except those that depend on what it
 * should have made (a table in a database that failed, an ALTER/MSCK/DROP of a table that failed, a view or CTAS
 * whose query names it) — those are skipped, named with the statement they wait for. When any statement failed,
 * the run ends with an error naming the first one's file, line and column (and how many others failed); each
 * failure is in the error's `failures`.
 */
import * as path from 'node:path';
import { LakehouseError } from '../errors';
import { ddlIdentifier } from '../glueNames';
import type { QueryExecution } from '../model';
import { projectFiles, type Project } from '../project/manifest';
import { tokenize } from '../sql/lexer';
import { splitStatements } from '../sql/split';
import { parseStatement, type ParsedStatement, type TableName } from '../sql/statements';
import type { Target } from '../target';

export interface DdlResult {
  file: string;
  line: number;
  sql: string;
  execution: QueryExecution;
}

/** A statement of `sql/` that did not run, and why. */
export interface DdlSkipped {
  file: string;
  line: number;
  column: number;
  sql: string;
  /** `not-ddl`: not a DDL statement (a query, an INSERT…); `depends`: it needs what a failed statement should have made */
  why: 'not-ddl' | 'depends';
  /** in words, e.g. "a query, not DDL" or "needs stedi.customer_landing (sql/customer_landing.sql:1 failed)" */
  reason: string;
}

/** A DDL statement that failed: where (the engine's position placed in the file) and the engine's message. */
export interface DdlFailure {
  file: string;
  line: number;
  column: number;
  message: string;
  cancelled: boolean;
}

/** Thrown at the end of a run in which statements failed: each one's position and message, one a line (the detail: the first's). */
export class DdlFailedError extends LakehouseError {
  constructor(
    readonly failures: DdlFailure[],
    readonly results: DdlResult[],
    readonly skipped: DdlSkipped[],
  ) {
    const first = failures[0]!;
    // every failure with its own message, one a line (as lakehouse.json's problems): a user fixes them all in one go
    const text = failures.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`).join('\n');
    super(first.cancelled ? 'Cancelled' : 'SqlError', text, { file: first.file, line: first.line, column: first.column });
  }
}

/** What a DDL statement makes (`defines`) and what must exist for it to run (`needs`), as lower-case names. */
interface Objects {
  defines: string[];
  needs: string[];
  /** a query inside (view, CTAS): any table it names is a need, found among its identifiers */
  query?: string;
}

const KINDS_RUN: ReadonlySet<ParsedStatement['kind']> = new Set(['CREATE_TABLE', 'CTAS', 'CREATE_VIEW', 'DROP_TABLE', 'DROP_VIEW', 'CREATE_DATABASE', 'DROP_DATABASE', 'MSCK_REPAIR', 'ALTER_TABLE']);

/** How a statement that is not run is named in its note. */
const NOT_DDL: Partial<Record<ParsedStatement['kind'], string>> = {
  QUERY: 'a query',
  EXPLAIN: 'an EXPLAIN',
  INSERT: 'an INSERT',
  UNLOAD: 'an UNLOAD',
  USE: 'a USE',
  PREPARE: 'a PREPARE',
  EXECUTE: 'an EXECUTE',
  DEALLOCATE: 'a DEALLOCATE',
  ICEBERG_DML: 'an UPDATE/DELETE/MERGE',
};

/**
 * The statement's kind; undefined when it does not parse (it is run: the engine says what is wrong with it). Parsed
 * as the target's engine parses (from what it keeps of statements parsed before: the local engine's
 * statementCache.ts) when it can.
 */
async function kindOf(target: Target, text: string, db: string): Promise<ParsedStatement | undefined> {
  if (target.queries.parse === undefined) return parsedOrNone(text, db);
  try {
    return await target.queries.parse(text, { defaultDatabase: db });
  } catch {
    return undefined;
  }
}

/** The statement parsed here (no target's cache), or undefined when it does not parse. */
function parsedOrNone(text: string, db: string): ParsedStatement | undefined {
  try {
    return parseStatement(text, { defaultDatabase: db });
  } catch {
    return undefined;
  }
}

/**
 * What a statement that does not parse was to make, read from its head: `CREATE [EXTERNAL] TABLE|VIEW [IF NOT
 * EXISTS] [db.]name` or `CREATE DATABASE|SCHEMA [IF NOT EXISTS] name` — so that the statements needing it are
 * skipped when it fails.
 */
function definesOfHead(text: string, db: string): string[] {
  let tokens;
  try {
    tokens = tokenize(text, { quoting: 'hive' });
  } catch {
    return [];
  }
  const word = (i: number): string => (tokens[i]?.kind === 'word' ? tokens[i]!.value.toUpperCase() : '');
  const ident = (i: number): string | undefined => {
    const t = tokens[i];
    return t && (t.kind === 'word' || t.kind === 'backtick' || t.kind === 'dquoted') ? t.value.toLowerCase() : undefined;
  };
  if (word(0) !== 'CREATE') return [];
  let i = 1;
  if (word(i) === 'OR' && word(i + 1) === 'REPLACE') i += 2;
  if (word(i) === 'EXTERNAL') i++;
  const what = word(i++);
  if (word(i) === 'IF' && word(i + 1) === 'NOT' && word(i + 2) === 'EXISTS') i += 3;
  const first = ident(i);
  if (first === undefined) return [];
  if (what === 'DATABASE' || what === 'SCHEMA') return [first];
  if (what !== 'TABLE' && what !== 'VIEW') return [];
  const second = tokens[i + 1]?.value === '.' ? ident(i + 2) : undefined;
  return [second !== undefined ? `${first}.${second}` : `${db.toLowerCase()}.${first}`];
}

function objectsOf(st: ParsedStatement, db: string): Objects {
  const name = (t: TableName): string => `${(t.database ?? db).toLowerCase()}.${t.name.toLowerCase()}`;
  const inDb = (t: TableName): string => (t.database ?? db).toLowerCase();
  switch (st.kind) {
    case 'CREATE_DATABASE':
      return { defines: [st.database.name.toLowerCase()], needs: [] };
    case 'DROP_DATABASE':
      return { defines: [], needs: [st.name.toLowerCase()] };
    case 'CREATE_TABLE':
      return { defines: [name(st.table)], needs: [inDb(st.table)] };
    case 'CTAS':
      return { defines: [name(st.table)], needs: [inDb(st.table)], query: st.query };
    case 'CREATE_VIEW':
      return { defines: [name(st.view)], needs: [inDb(st.view)], query: st.query };
    case 'DROP_VIEW':
      return { defines: [], needs: [name(st.view)] };
    case 'DROP_TABLE':
    case 'MSCK_REPAIR':
    case 'ALTER_TABLE':
      return { defines: [], needs: [name(st.table)] };
    default:
      return { defines: [], needs: [] };
  }
}

/**
 * The first failed table a query names, among its tokens: `db.table`, or a bare `table` of the database the
 * statement runs in (`db`). Identifiers are compared lower-cased, quoted or not, as Glue stores names.
 */
function failedInQuery(query: string, failed: Map<string, string>, db: string): string | undefined {
  let tokens;
  try {
    tokens = tokenize(query);
  } catch {
    return undefined;
  }
  const ident = (i: number): string | undefined => {
    const t = tokens[i];
    return t && (t.kind === 'word' || t.kind === 'dquoted') ? t.value.toLowerCase() : undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const name = ident(i);
    if (name === undefined) continue;
    const qualified = tokens[i - 1]?.kind === 'op' && tokens[i - 1]?.value === '.' ? ident(i - 2) : undefined;
    const key = `${qualified ?? db.toLowerCase()}.${name}`;
    if (failed.has(key)) return key;
  }
  return undefined;
}

/** Statements that only change the catalog (quickly): those `createTables` stores together (Catalog.batch). */
const CATALOG_ONLY: ReadonlySet<ParsedStatement['kind']> = new Set(['CREATE_DATABASE', 'CREATE_TABLE', 'CREATE_VIEW', 'DROP_TABLE', 'DROP_VIEW', 'DROP_DATABASE']);

export async function createTables(
  project: Project,
  target: Target,
  options: { signal?: AbortSignal; onStatement?: (r: DdlResult) => void; onSkipped?: (s: DdlSkipped) => void; onNoFiles?: (folder: string) => void } = {},
): Promise<DdlResult[]> {
  const db = project.manifest.database;
  const results: DdlResult[] = [];
  const skipped: DdlSkipped[] = [];
  const failures: DdlFailure[] = [];
  /** names a failed (or skipped) statement should have made → that statement's `file:line` */
  const failed = new Map<string, string>();
  const files = await projectFiles(project, 'sql');
  // no DDL yet (a project just made by `lakehouse init`): the database alone is made, so that queries can run
  if (files.length === 0) options.onNoFiles?.(path.resolve(project.root, project.manifest.sql));
  const statements: { rel: string; st: ReturnType<typeof splitStatements>[number]; parsed: ParsedStatement | undefined }[] = [];
  for (const f of files) {
    const rel = path.relative(project.root, f.path);
    for (const st of splitStatements(f.text, rel)) statements.push({ rel, st, parsed: await kindOf(target, st.text, db) });
  }
  const step = async ({ rel, st, parsed }: (typeof statements)[number]): Promise<void> => {
    const skip = (why: DdlSkipped['why'], reason: string): void => {
      const s: DdlSkipped = { file: rel, line: st.line, column: st.column, sql: st.text, why, reason };
      skipped.push(s);
      options.onSkipped?.(s);
    };
    if (parsed && !KINDS_RUN.has(parsed.kind) && !(parsed.kind === 'UNSUPPORTED' && /^(CREATE|DROP|ALTER)\b/i.test(parsed.keyword))) {
      const what = parsed.kind === 'UNSUPPORTED' ? `a ${parsed.keyword} statement` : (NOT_DDL[parsed.kind] ?? `a ${parsed.kind.replace(/_/g, ' ')} statement`);
      skip('not-ddl', `${what}, not DDL: Create Tables runs CREATE/ALTER/DROP of databases, tables and views, and MSCK REPAIR TABLE`);
      return;
    }
    const objects = parsed ? objectsOf(parsed, db) : { defines: definesOfHead(st.text, db), needs: [] };
    const missing = objects.needs.find((n) => failed.has(n)) ?? (objects.query !== undefined ? failedInQuery(objects.query, failed, db) : undefined);
    if (missing !== undefined) {
      skip('depends', `needs ${missing}, which ${failed.get(missing)} should have made`);
      for (const d of objects.defines) failed.set(d, failed.get(missing)!);
      return;
    }
    const started = await target.queries.start(st.text, { database: db });
    const execution = await target.queries.wait(started.id, options);
    const r: DdlResult = { file: rel, line: st.line, sql: st.text, execution };
    results.push(r);
    options.onStatement?.(r);
    if (execution.state === 'SUCCEEDED') return;
    const e = execution.error;
    // positions from the engine are within the statement; place them in the file
    const line = e?.line !== undefined ? st.line + e.line - 1 : st.line;
    const column = e?.line !== undefined ? (e.line === 1 ? st.column + (e.column ?? 1) - 1 : (e.column ?? 1)) : st.column;
    const message = (e?.message ?? execution.state).replace(/^line \d+:\d+: /, '');
    failures.push({ file: rel, line, column, message, cancelled: execution.state === 'CANCELLED' });
    // cancelled: nothing more runs
    if (execution.state === 'CANCELLED' || options.signal?.aborted) throw new DdlFailedError(failures, results, skipped);
    for (const d of objects.defines) failed.set(d, `${rel}:${st.line}`);
  };
  // the statements in order; runs of statements that only change the catalog are stored together where the
  // catalog can (the local one: one write instead of one per statement), the database first
  const catalogOnly = (s: (typeof statements)[number]): boolean => s.parsed !== undefined && CATALOG_ONLY.has(s.parsed.kind);
  const batch = target.catalog.batch?.bind(target.catalog) ?? (<T>(work: () => Promise<T>) => work());
  let i = 0;
  await batch(async () => {
    const first = await target.queries.start(`CREATE DATABASE IF NOT EXISTS ${ddlIdentifier(db)}`);
    const created = await target.queries.wait(first.id, options);
    if (created.state !== 'SUCCEEDED') throw new LakehouseError('SqlError', `CREATE DATABASE ${db} failed: ${created.error?.message ?? created.state}`);
    for (; i < statements.length && catalogOnly(statements[i]!); i++) await step(statements[i]!);
  });
  while (i < statements.length) {
    if (!catalogOnly(statements[i]!)) await step(statements[i++]!);
    else
      await batch(async () => {
        for (; i < statements.length && catalogOnly(statements[i]!); i++) await step(statements[i]!);
      });
  }
  if (failures.length > 0) throw new DdlFailedError(failures, results, skipped);
  return results;
}

/**
 * The tables and views the project's DDL files define (`CREATE [EXTERNAL] TABLE`, CTAS, `CREATE VIEW`), as
 * `{ database, name }` lower-cased as Glue stores names, in file order without repeats: what `lakehouse tables`
 * makes in the catalog (`lakehouse undeploy --catalog` removes these and no other table).
 */
export async function ddlDefinedTables(project: Project): Promise<{ database: string; name: string }[]> {
  const db = project.manifest.database;
  const seen = new Set<string>();
  const out: { database: string; name: string }[] = [];
  for (const f of await projectFiles(project, 'sql')) {
    for (const st of splitStatements(f.text, path.relative(project.root, f.path))) {
      const parsed = parsedOrNone(st.text, db);
      const kind = parsed?.kind;
      if (parsed && kind !== 'CREATE_TABLE' && kind !== 'CTAS' && kind !== 'CREATE_VIEW' && !(kind === 'UNSUPPORTED' && /^CREATE\b/i.test(parsed.keyword))) continue;
      const defines = parsed && kind !== 'UNSUPPORTED' ? objectsOf(parsed, db).defines : definesOfHead(st.text, db).filter(() => !/^\s*CREATE\s+(DATABASE|SCHEMA)\b/i.test(st.text));
      for (const d of defines) {
        if (seen.has(d)) continue;
        seen.add(d);
        const dot = d.indexOf('.');
        out.push({ database: d.slice(0, dot), name: d.slice(dot + 1) });
      }
    }
  }
  return out;
}
