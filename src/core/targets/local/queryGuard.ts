/**
 * The first wall around the local engine: user SQL reaches DuckDB only as exactly one read-only query.
 *
 * Athena and Spark have no access to the machine from SQL; DuckDB does (`read_text('/etc/passwd')`, `COPY … TO`,
 * `ATTACH`, a file path as a table name, SQL text run by `query(…)`). Every piece of user text the engine embeds in
 * its own SQL — a query, the query of an EXPLAIN, a CTAS, an INSERT or a CREATE VIEW, a view's stored text, a Glue
 * SQL Query node's query — is first parsed by DuckDB's own parser (`json_serialize_sql`, which parses and never
 * binds or runs) and must be one SELECT statement whose tree names no table function but the few below, none of
 * DuckDB's file, settings or SQL-running functions, no file as a table and none of DuckDB's own catalogs.
 * Anything else is refused by name, with its position, and nothing runs.
 *
 * The second wall is the sandbox of the DuckDB instance itself (sandbox.ts): even a query that got through here
 * cannot reach a file outside the project's data folder.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LakehouseError, positionAt } from '../../errors';
import { tokenize } from '../../sql/lexer';
import { splitStatements } from '../../sql/split';

/**
 * Table functions a query may name in FROM: Athena's UNNEST. Every other DuckDB table function (`read_csv`,
 * `glob`, `query`, `duckdb_settings`, …) is refused: an allow-list, so one DuckDB adds later is refused too.
 */
export const ALLOWED_TABLE_FUNCTIONS: ReadonlySet<string> = new Set(['unnest']);

/** Why a DuckDB function is refused (table functions not allowed above get the first matching reason). */
const FUNCTION_REFUSALS: readonly { names: RegExp; reason: string }[] = [
  { names: /^(read_\w+|parquet_\w+|glob|sniff_csv|iceberg_\w+|delta_scan|st_read)$/, reason: 'it reads files (a table is read through the catalog)' },
  { names: /^(query|query_table|json_execute_serialized_sql)$/, reason: 'it runs SQL text given as a value' },
  { names: /^(json_serialize_sql|json_deserialize_sql|json_serialize_plan)$/, reason: 'it parses or plans SQL text given as a value' },
  { names: /^getenv$/, reason: 'it reads the environment of the process' },
  { names: /^(current_setting|getvariable|which_secret)$/, reason: "it reads the engine's settings" },
  { names: /^(nextval|currval|setseed|write_log)$/, reason: "it changes the engine's state" },
  { names: /^(duckdb_\w+|pragma_\w+|checkpoint|force_checkpoint|enable_\w+|disable_\w+|truncate_duckdb_logs|sql_auto_complete)$/, reason: "it reads or changes the engine's own state" },
];

/** The kinds of FROM items (DuckDB's TableReferenceType) a query may hold. SHOW_REF (DESCRIBE, SUMMARIZE, SHOW) is not one. */
const ALLOWED_TABLE_REFS: ReadonlySet<string> = new Set(['BASE_TABLE', 'SUBQUERY', 'JOIN', 'TABLE_FUNCTION', 'EXPRESSION_LIST', 'EMPTY', 'PIVOT']);
/** Every kind DuckDB has, to tell FROM items from the tree's other nodes. */
const TABLE_REF_KINDS: ReadonlySet<string> = new Set([...ALLOWED_TABLE_REFS, 'SHOW_REF', 'COLUMN_DATA', 'DELIM_GET', 'CTE', 'BOUND_TABLE_REF', 'INVALID']);

/** Schemas and catalogs of DuckDB itself and of the engine (results, tables kept parsed): not catalog databases. */
const RESERVED_SCHEMA = /^(information_schema|pg_catalog|main|temp|system|memory|__lakehouse\w*)$/i;
/** A table name DuckDB would read as a file (a replacement scan: `FROM 'x.csv'`, `FROM "/etc/passwd.json"`). */
const FILE_LIKE_NAME = /[./\\:]/;

/** DuckDB's own views (`duckdb_tables`, `pg_class`, `sqlite_master` …), by name; learnt once from DuckDB. */
let internalViews: Promise<ReadonlySet<string>> | undefined;
function internalViewNames(conn: DuckDBConnection): Promise<ReadonlySet<string>> {
  internalViews ??= conn
    .runAndReadAll('SELECT DISTINCT lower(view_name) FROM duckdb_views() WHERE internal')
    .then((r) => new Set((r.getRowsJson() as string[][]).map((row) => row[0]!)));
  internalViews.catch(() => (internalViews = undefined));
  return internalViews;
}

/** Forgets the names learnt in this process (tests: the next engine learns them again, or takes them as kept). */
export function forgetInternalViews(): void {
  internalViews = undefined;
}

/** Where the names of DuckDB's own views are kept between processes (the translation cache: per build and runtime). */
export interface KeptInternalViews {
  get(key: unknown): Promise<unknown>;
  set(key: unknown, value: unknown): Promise<void>;
}

/**
 * Learns DuckDB's own views on `conn` ahead of the first guarded query (an engine opening: the query then runs while
 * the process does other work); never rejects — a failure leaves them to be learnt at the first guarded query.
 * `kept`: the names a process of the same build learnt from the same DuckDB library (`libraryVersion`, its
 * `version()`) — they are DuckDB's catalog's, the same at every start — taken instead of asking DuckDB (~8 ms of CPU
 * at every start of an engine), and kept there when asked.
 */
export async function learnInternalViews(conn: DuckDBConnection, kept?: KeptInternalViews, libraryVersion?: string): Promise<void> {
  const key = ['duckdb internal views', libraryVersion];
  if (kept !== undefined && libraryVersion !== undefined && internalViews === undefined) {
    const names = await kept.get(key).catch(() => undefined);
    if (Array.isArray(names) && names.length > 0 && names.every((n) => typeof n === 'string')) {
      internalViews ??= Promise.resolve(new Set(names as string[]));
      return;
    }
    const learnt = await internalViewNames(conn).catch(() => undefined);
    if (learnt !== undefined && learnt.size > 0) await kept.set(key, [...learnt].sort()).catch(() => undefined);
    return;
  }
  await internalViewNames(conn).catch(() => undefined);
}

export interface GuardedQuery {
  /** DuckDB's parse of the query (`json_serialize_sql`): for finding the tables it names without parsing again */
  tree: unknown;
}

/**
 * Asserts that `sql` is, for DuckDB, exactly one read-only query (see the module comment); returns its parse.
 * Throws a LakehouseError naming what was refused — a second statement and its kind, a statement that is not a
 * query, a function, a table — with a line and column relative to `sql` where DuckDB gives one.
 */
export async function assertReadOnlyQuery(conn: DuckDBConnection, sql: string): Promise<GuardedQuery> {
  const reader = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
  const parsed = JSON.parse(String((reader.getRowsJson() as unknown[][])[0]?.[0] ?? '{}')) as SerializedSql;
  if (parsed.error) {
    if (parsed.error_type === 'parser') {
      const at = parsed.position !== undefined ? positionAt(sql, codePointOffset(sql, Number(parsed.position))) : undefined;
      // DuckDB's parser has no unicode escapes: it says so in its own words
      if (/^(unicode_to_utf8|pg_verifymbstr) NOT IMPLEMENTED/.test(parsed.error_message ?? ''))
        throw new LakehouseError('SqlUnsupported', `U&'…' (a string or name with unicode escapes) is not supported by the local engine (Athena has it)`, at ?? unicodeEscapeAt(sql));
      throw new LakehouseError('SqlError', parsed.error_message ?? 'syntax error', at ?? {});
    }
    // not a SELECT: several statements, or one of another kind — or one DuckDB parses but cannot serialize
    let count = 1;
    try {
      count = (await conn.extractStatements(sql)).count;
    } catch {
      // (it parsed above: counting cannot fail)
    }
    if (count > 1) throw secondStatement(sql, count);
    if (!/^Only SELECT statements/.test(parsed.error_message ?? ''))
      throw new LakehouseError('SqlError', parsed.error_message ?? 'DuckDB cannot read this query');
    const keyword = statementKeyword(sql);
    throw new LakehouseError('SqlUnsupported', `${keyword === 'WITH' ? 'this WITH … statement' : keyword} is not a query: only one query (SELECT, WITH, VALUES …) can run here`, firstTokenAt(sql));
  }
  const statements = parsed.statements ?? [];
  if (statements.length === 0) throw new LakehouseError('InvalidInput', 'there is no query to run');
  if (statements.length > 1) throw secondStatement(sql, statements.length);
  const tree = statements[0];
  const refusal = await firstRefusal(conn, tree, sql);
  if (refusal) throw new LakehouseError('SqlUnsupported', refusal.message, refusal.at ?? {});
  return { tree };
}

interface SerializedSql {
  error: boolean;
  error_type?: string;
  error_message?: string;
  /** for a parser error: the offset in code points */
  position?: string;
  statements?: unknown[];
}

interface Refusal {
  message: string;
  /** byte offset in the UTF-8 text (DuckDB's query_location) */
  offset: number;
  at?: { line: number; column: number };
}

/** The refusal that comes first in the text, if any. */
async function firstRefusal(conn: DuckDBConnection, tree: unknown, sql: string): Promise<Refusal | undefined> {
  const views = await internalViewNames(conn);
  const found: Refusal[] = [];
  const refuse = (node: Record<string, unknown>, message: string) => {
    const loc = Number(node['query_location']);
    found.push({ message, offset: Number.isSafeInteger(loc) ? loc : Number.MAX_SAFE_INTEGER });
  };
  const checkFunction = (node: Record<string, unknown>, name: string, asTable: boolean) => {
    const lower = name.toLowerCase();
    if (asTable && ALLOWED_TABLE_FUNCTIONS.has(lower)) return;
    const reason = FUNCTION_REFUSALS.find((r) => r.names.test(lower))?.reason;
    if (reason) refuse(node, `${name}() is refused: ${reason}; Athena has no such function`);
    else if (asTable) refuse(node, `${name}() is refused: the local engine reads only UNNEST and catalog tables in FROM (it is a DuckDB table function Athena does not have)`);
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const kind = typeof o['type'] === 'string' ? o['type'] : undefined;
    if (o['class'] === undefined && kind !== undefined && TABLE_REF_KINDS.has(kind)) {
      if (!ALLOWED_TABLE_REFS.has(kind))
        refuse(o, kind === 'SHOW_REF' ? 'DESCRIBE, SHOW and SUMMARIZE inside a query are refused (DuckDB statements Athena does not have)' : `DuckDB's ${kind} is refused in a query`);
      if (kind === 'TABLE_FUNCTION') {
        const fn = o['function'] as Record<string, unknown> | undefined;
        const name = typeof fn?.['function_name'] === 'string' ? fn['function_name'] : undefined;
        if (name === undefined) refuse(o, 'this table function is refused');
        else checkFunction(o, name, true);
        // its arguments may hold queries: walk them, not its own name again
        for (const [k, v] of Object.entries(o)) if (k !== 'function') walk(v);
        if (fn) for (const [k, v] of Object.entries(fn)) if (k !== 'function_name') walk(v);
        return;
      }
      if (kind === 'BASE_TABLE') checkTable(o, views, refuse);
    } else if (o['class'] !== undefined && typeof o['function_name'] === 'string') {
      checkFunction(o, o['function_name'], false);
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk(tree);
  if (found.length === 0) return undefined;
  const first = found.reduce((a, b) => (b.offset < a.offset ? b : a));
  const bytes = Buffer.byteLength(sql);
  return first.offset < bytes ? { ...first, at: positionAt(sql, byteOffsetToIndex(sql, first.offset)) } : first;
}

function checkTable(o: Record<string, unknown>, views: ReadonlySet<string>, refuse: (node: Record<string, unknown>, message: string) => void): void {
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
  const catalog = str('catalog_name');
  const schema = str('schema_name');
  const table = str('table_name');
  const shown = [catalog, schema, table].filter((p) => p !== '').join('.');
  if (FILE_LIKE_NAME.test(table)) refuse(o, `"${table}" is refused as a table name: DuckDB would read it as a file (a table is read through the catalog)`);
  else if (catalog !== '') refuse(o, `${shown}: a name in three parts is refused (catalog tables are named database.table)`);
  else if (RESERVED_SCHEMA.test(schema)) refuse(o, `${shown}: ${schema} is DuckDB's or the engine's own schema, not a catalog database; it is refused`);
  else if (schema === '' && views.has(table.toLowerCase()))
    refuse(o, `${table} names one of DuckDB's system views, which are refused; a catalog table of that name must be qualified (database.${table})`);
}

/** "only one statement" naming the second statement's kind and position, found by the statement splitter. */
function secondStatement(sql: string, count: number): LakehouseError {
  let statements: { text: string; line: number; column: number }[] = [];
  try {
    statements = splitStatements(sql);
  } catch {
    // the splitter cannot read it: DuckDB's count alone
  }
  const second = statements[1];
  if (statements.length === count && second)
    return new LakehouseError(
      'SqlUnsupported',
      `only one statement can run at a time; a second one (${statementKeyword(second.text)}) starts here`,
      { line: second.line, column: second.column },
    );
  return new LakehouseError('SqlUnsupported', `only one statement can run at a time; DuckDB reads ${count} statements here`, { line: 1, column: 1 });
}

/** Words that, after CREATE, DROP and the like, still name the kind of statement (`CREATE OR REPLACE TEMP MACRO`). */
const KIND_WORDS = new Set(['OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'PERSISTENT', 'UNIQUE', 'MACRO', 'FUNCTION', 'VIEW', 'TABLE', 'SECRET', 'SEQUENCE', 'SCHEMA', 'DATABASE', 'TYPE', 'INDEX', 'INTO']);

/** The leading keywords of a statement, for messages: `COPY`, `CREATE TEMP VIEW`, `ATTACH`. */
export function statementKeyword(text: string): string {
  let words: string[] = [];
  try {
    words = tokenize(text)
      .slice(0, 6)
      .map((t) => (t.kind === 'word' ? t.value.toUpperCase() : ''));
  } catch {
    words = [/^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? ''];
  }
  const first = words[0] || 'this statement';
  if (!['CREATE', 'DROP', 'ALTER', 'EXPORT', 'IMPORT', 'INSERT', 'FORCE'].includes(first)) return first;
  const rest: string[] = [];
  for (const w of words.slice(1)) {
    if (!KIND_WORDS.has(w)) break;
    rest.push(w);
  }
  return [first, ...rest].join(' ');
}

/** Where the first token of `text` is (1:1 when it cannot be read). */
function firstTokenAt(text: string): { line: number; column: number } {
  try {
    const t = tokenize(text)[0];
    if (t) return { line: t.line, column: t.column };
  } catch {
    // (DuckDB read it; this lexer may not)
  }
  return { line: 1, column: 1 };
}

/** Where the first `U&'…'` or `U&"…"` of `text` is (DuckDB gives no position for them). */
function unicodeEscapeAt(text: string): { line: number; column: number } {
  try {
    const tokens = tokenize(text);
    const i = tokens.findIndex(
      (t, k) => t.kind === 'word' && t.value.toUpperCase() === 'U' && tokens[k + 1]?.value === '&' && tokens[k + 1]!.offset === t.end && tokens[k + 2]?.offset === t.end + 1,
    );
    if (i >= 0) return { line: tokens[i]!.line, column: tokens[i]!.column };
  } catch {
    // (see firstTokenAt)
  }
  return firstTokenAt(text);
}

/** The UTF-16 index of the `offset`-th code point of `text`. */
function codePointOffset(text: string, offset: number): number {
  let i = 0;
  for (let n = 0; n < offset && i < text.length; n++) i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

/** The UTF-16 index of a byte offset into the UTF-8 encoding of `text`. */
function byteOffsetToIndex(text: string, offset: number): number {
  return Buffer.from(text).subarray(0, offset).toString('utf8').length;
}
