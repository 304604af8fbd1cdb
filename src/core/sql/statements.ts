/**
 * Classifying one Athena statement for the local engine. Queries are not parsed here (DuckDB parses them): a
 * statement that carries a query (CTAS, INSERT, EXPLAIN, CREATE VIEW) reports the query text and its offset.
 */
import type { CatalogDatabase, CatalogTable } from '../model';
import { describeToken, TokenCursor, type TableName } from './cursor';
import { parseAlterTable, type AlterTableStatement, type Position } from './alter';
import { parseCreateTable } from './ddl';
import { parseDeallocate, parseExecute, parseUnload, readWithProperties, type ExecuteStatement, type UnloadStatement } from './dml';
import { icebergPropertyToken, icebergRefusal } from './iceberg';
import { absolutePosition, type SourceBase, type Token } from './lexer';

export type { TableName } from './cursor';

export interface StatementOptions extends SourceBase {
  /** database for the unqualified name of a CREATE EXTERNAL TABLE (the CatalogTable needs one); default `default` */
  defaultDatabase?: string;
}

export type ParsedStatement =
  /** SELECT, WITH, VALUES, TABLE or a parenthesised query: `query` is the whole text */
  | { kind: 'QUERY'; query: string }
  | { kind: 'EXPLAIN'; analyze: boolean; options: Record<string, string>; query: string; queryOffset: number }
  | { kind: 'CREATE_TABLE'; table: CatalogTable; ifNotExists: boolean }
  | {
      kind: 'CTAS';
      table: TableName;
      ifNotExists: boolean;
      /** the WITH (…) properties, keys lower-cased; `ARRAY['a','b']` → string[] */
      properties: Record<string, string | string[]>;
      query: string;
      /** offset of `query` inside the statement text */
      queryOffset: number;
      /** false for `WITH NO DATA` */
      withData: boolean;
    }
  | { kind: 'CREATE_VIEW'; view: TableName; orReplace: boolean; comment?: string; query: string; queryOffset: number }
  | { kind: 'INSERT'; table: TableName; columns?: string[]; query: string; queryOffset: number }
  | { kind: 'DROP_TABLE'; table: TableName; ifExists: boolean }
  | { kind: 'DROP_VIEW'; view: TableName; ifExists: boolean }
  | { kind: 'CREATE_DATABASE'; database: CatalogDatabase; ifNotExists: boolean; properties: Record<string, string> }
  | { kind: 'DROP_DATABASE'; name: string; ifExists: boolean; cascade: boolean }
  | { kind: 'SHOW_DATABASES'; pattern?: string }
  | { kind: 'SHOW_TABLES'; database?: string; pattern?: string }
  | { kind: 'SHOW_COLUMNS'; table: TableName }
  | { kind: 'DESCRIBE'; table: TableName; mode?: 'FORMATTED' | 'EXTENDED'; column?: string }
  | { kind: 'SHOW_CREATE_TABLE'; table: TableName }
  | { kind: 'SHOW_PARTITIONS'; table: TableName }
  | { kind: 'MSCK_REPAIR'; table: TableName }
  | { kind: 'USE'; database: string }
  | AlterTableStatement
  | { kind: 'SHOW_TBLPROPERTIES'; table: TableName; property?: string }
  | { kind: 'SHOW_VIEWS'; database?: string; pattern?: string }
  | { kind: 'SHOW_CREATE_VIEW'; view: TableName }
  | UnloadStatement
  /** `statement`: the text of the prepared statement (a query, CTAS, INSERT or UNLOAD), `?` parameters included */
  | { kind: 'PREPARE'; name: string; statement: string; statementOffset: number; statementKind: 'QUERY' | 'CTAS' | 'INSERT' | 'UNLOAD' }
  | ExecuteStatement
  | { kind: 'DEALLOCATE'; name: string }
  /** UPDATE, DELETE FROM, MERGE INTO, OPTIMIZE, VACUUM: statements Athena runs on Iceberg tables only */
  | { kind: 'ICEBERG_DML'; keyword: string; table: TableName; at: Position }
  /** a statement Athena knows that the local engine does not run; `keyword` e.g. `ALTER TABLE`, `UPDATE` */
  | { kind: 'UNSUPPORTED'; keyword: string };

export type StatementKind = ParsedStatement['kind'];

const QUERY_START = ['SELECT', 'WITH', 'VALUES', 'TABLE'];

/** statement keywords Athena (or Hive DDL) knows and the local engine does not run */
const UNSUPPORTED_FIRST_WORDS = [
  'ALTER', 'GRANT', 'REVOKE', 'CALL', 'COMMENT', 'REFRESH', 'SET', 'RESET', 'START', 'COMMIT', 'ROLLBACK', 'ANALYZE',
  'TRUNCATE', 'LOAD', 'EXPORT', 'IMPORT',
];
/** CREATE/DROP/SHOW/ALTER objects: the keyword names the first two words (`CREATE VIEW`, `SHOW TBLPROPERTIES`) */
const TWO_WORD_STATEMENTS = ['CREATE', 'DROP', 'SHOW', 'ALTER', 'DESCRIBE', 'DESC'];

function isQueryStart(cursor: TokenCursor, ahead = 0): boolean {
  const t = cursor.peek(ahead);
  if (!t) return false;
  if (t.kind === 'op' && t.value === '(') return true;
  return t.kind === 'word' && QUERY_START.includes(t.value.toUpperCase());
}

/** the rest of the statement from the cursor as a query: text and offset */
function restAsQuery(cursor: TokenCursor, what: string, endToken?: Token): { query: string; queryOffset: number } {
  if (!isQueryStart(cursor)) throw cursor.expected(`a query (SELECT, WITH, VALUES …) ${what}`);
  const first = cursor.peek()!;
  const last = endToken ?? cursor.tokens[cursor.tokens.length - 1]!;
  cursor.pos = cursor.tokens.length;
  return { query: cursor.text.slice(first.offset, last.end), queryOffset: first.offset };
}

function unsupported(cursor: TokenCursor): ParsedStatement {
  const first = cursor.peek()!;
  const w1 = first.value.toUpperCase();
  let keyword = w1 === 'DESC' ? 'DESCRIBE' : w1;
  if (TWO_WORD_STATEMENTS.includes(w1)) {
    let i = 1;
    if (w1 === 'CREATE' && cursor.isWord('OR', 1) && cursor.isWord('REPLACE', 2)) i = 3;
    const second = cursor.peek(i);
    if (second?.kind === 'word') keyword += ` ${second.value.toUpperCase()}`;
    const third = cursor.peek(i + 1);
    if (w1 === 'SHOW' && second?.kind === 'word' && second.value.toUpperCase() === 'CREATE' && third?.kind === 'word') keyword += ` ${third.value.toUpperCase()}`;
  } else if (w1 === 'MERGE' && cursor.isWord('INTO', 1)) {
    keyword = 'MERGE INTO';
  } else if (w1 === 'DELETE' && cursor.isWord('FROM', 1)) {
    keyword = 'DELETE FROM';
  } else if (w1 === 'INSERT' && cursor.isWord('OVERWRITE', 1)) {
    keyword = 'INSERT OVERWRITE';
  }
  return { kind: 'UNSUPPORTED', keyword };
}

/** A single `'pattern'` (Hive DDL, so `"pattern"` too). */
function pattern(cursor: TokenCursor): string | undefined {
  const t = cursor.peek();
  if (t && (t.kind === 'string' || t.kind === 'dquoted')) {
    cursor.pos++;
    return t.value;
  }
  return undefined;
}

function databaseName(cursor: TokenCursor): string {
  const name = cursor.tableName('a database name');
  if (name.database !== undefined) throw cursor.errorAt(cursor.tokens[cursor.pos - 1], `'${name.database}.${name.name}' is not a database name`);
  return name.name;
}

function parseCtas(cursor: TokenCursor, table: TableName, ifNotExists: boolean): ParsedStatement {
  const properties = cursor.acceptWord('WITH') ? readWithProperties(cursor) : {};
  cursor.expectWord('AS');
  // a trailing WITH [NO] DATA belongs to the CTAS, not to the query
  const tokens = cursor.tokens;
  const wordAt = (i: number, kw: string): boolean => i >= cursor.pos && tokens[i]?.kind === 'word' && tokens[i]!.value.toUpperCase() === kw;
  const n = tokens.length;
  let withData = true;
  let clauseLength = 0;
  if (wordAt(n - 1, 'DATA') && wordAt(n - 2, 'NO') && wordAt(n - 3, 'WITH')) {
    withData = false;
    clauseLength = 3;
  } else if (wordAt(n - 1, 'DATA') && wordAt(n - 2, 'WITH')) {
    clauseLength = 2;
  }
  if (n - clauseLength <= cursor.pos) throw cursor.errorAt(tokens[cursor.pos], 'expected a query (SELECT, WITH, VALUES …) after AS');
  const { query, queryOffset } = restAsQuery(cursor, 'after AS', tokens[n - 1 - clauseLength]);
  return { kind: 'CTAS', table, ifNotExists, properties, query, queryOffset, withData };
}

function parseCreate(text: string, cursor: TokenCursor, options: StatementOptions): ParsedStatement {
  // CREATE [EXTERNAL] TABLE [IF NOT EXISTS] name: a column list makes it DDL, WITH/AS a CTAS
  let i = 1;
  const external = cursor.isWord('EXTERNAL', i);
  if (external) i++;
  if (cursor.isWord('TABLE', i)) {
    const save = cursor.pos;
    cursor.pos += i + 1;
    const ifNotExists = cursor.acceptWords('IF', 'NOT', 'EXISTS');
    const table = cursor.tableName();
    if (cursor.isWord('WITH') || cursor.isWord('AS')) {
      if (external) throw cursor.errorAt(cursor.tokens[1], 'CREATE EXTERNAL TABLE … AS is not supported; write CREATE TABLE … WITH (external_location = …) AS SELECT …');
      return parseCtas(cursor, table, ifNotExists);
    }
    cursor.pos = save;
    const parsed = parseCreateTable(text, options);
    return { kind: 'CREATE_TABLE', table: parsed.table, ifNotExists: parsed.ifNotExists };
  }
  if (cursor.isWord('DATABASE', 1) || cursor.isWord('SCHEMA', 1)) {
    cursor.pos += 2;
    const ifNotExists = cursor.acceptWords('IF', 'NOT', 'EXISTS');
    const database: CatalogDatabase = { name: databaseName(cursor) };
    let properties: Record<string, string> = {};
    const seen = new Set<string>();
    while (!cursor.atEnd()) {
      const t = cursor.peek()!;
      const clause = cursor.isWord('COMMENT') ? 'COMMENT' : cursor.isWord('LOCATION') ? 'LOCATION' : cursor.isWords('WITH', 'DBPROPERTIES') ? 'WITH DBPROPERTIES' : undefined;
      if (!clause) throw cursor.expected('COMMENT, LOCATION, WITH DBPROPERTIES or end of statement');
      if (seen.has(clause)) throw cursor.errorAt(t, `${clause} is given twice`);
      seen.add(clause);
      cursor.pos += clause === 'WITH DBPROPERTIES' ? 2 : 1;
      if (clause === 'COMMENT') database.description = cursor.expectString('a comment string', true);
      else if (clause === 'LOCATION') database.locationUri = cursor.expectString('a location in quotes', true);
      else properties = readStringProperties(cursor);
    }
    return { kind: 'CREATE_DATABASE', database, ifNotExists, properties };
  }
  const orReplace = cursor.isWord('OR', 1) && cursor.isWord('REPLACE', 2);
  if (cursor.isWord('VIEW', orReplace ? 3 : 1)) {
    cursor.pos += orReplace ? 4 : 2;
    const view = cursor.tableName('a view name');
    let comment: string | undefined;
    if (cursor.acceptWord('COMMENT')) comment = cursor.expectString('a comment string');
    if (cursor.acceptWords('SECURITY')) cursor.expectWord('DEFINER', 'INVOKER');
    cursor.expectWord('AS');
    const { query, queryOffset } = restAsQuery(cursor, 'after AS');
    return { kind: 'CREATE_VIEW', view, orReplace, ...(comment !== undefined ? { comment } : {}), query, queryOffset };
  }
  return unsupported(cursor);
}

function readStringProperties(cursor: TokenCursor): Record<string, string> {
  const props: Record<string, string> = {};
  cursor.expectOp('(');
  if (cursor.acceptOp(')')) return props;
  do {
    const key = cursor.expectString("a property name in quotes ('key'='value')", true);
    cursor.expectOp('=');
    props[key] = cursor.expectString(`a value for '${key}' in quotes`, true);
  } while (cursor.acceptOp(','));
  cursor.expectOp(')');
  return props;
}

function parseDrop(cursor: TokenCursor): ParsedStatement {
  if (cursor.isWord('TABLE', 1) || cursor.isWord('VIEW', 1)) {
    const isView = cursor.isWord('VIEW', 1);
    cursor.pos += 2;
    const ifExists = cursor.acceptWords('IF', 'EXISTS');
    const name = cursor.tableName(isView ? 'a view name' : 'a table name');
    cursor.expectEnd();
    return isView ? { kind: 'DROP_VIEW', view: name, ifExists } : { kind: 'DROP_TABLE', table: name, ifExists };
  }
  if (cursor.isWord('DATABASE', 1) || cursor.isWord('SCHEMA', 1)) {
    cursor.pos += 2;
    const ifExists = cursor.acceptWords('IF', 'EXISTS');
    const name = databaseName(cursor);
    const cascade = cursor.acceptWord('CASCADE') !== undefined;
    if (!cascade) cursor.acceptWord('RESTRICT');
    cursor.expectEnd();
    return { kind: 'DROP_DATABASE', name, ifExists, cascade };
  }
  return unsupported(cursor);
}

function parseShow(cursor: TokenCursor): ParsedStatement {
  if (cursor.isWord('DATABASES', 1) || cursor.isWord('SCHEMAS', 1)) {
    cursor.pos += 2;
    let p: string | undefined;
    if (cursor.acceptWord('LIKE')) {
      p = pattern(cursor);
      if (p === undefined) throw cursor.expected("a pattern in quotes after LIKE");
    } else {
      p = pattern(cursor);
    }
    cursor.expectEnd();
    return { kind: 'SHOW_DATABASES', ...(p !== undefined ? { pattern: p } : {}) };
  }
  if (cursor.isWord('TABLES', 1)) {
    cursor.pos += 2;
    const database = cursor.acceptWord('IN') || cursor.acceptWord('FROM') ? databaseName(cursor) : undefined;
    cursor.acceptWord('LIKE');
    const p = pattern(cursor);
    cursor.expectEnd();
    return { kind: 'SHOW_TABLES', ...(database !== undefined ? { database } : {}), ...(p !== undefined ? { pattern: p } : {}) };
  }
  if (cursor.isWord('COLUMNS', 1)) {
    cursor.pos += 2;
    cursor.expectWord('FROM', 'IN');
    const table = cursor.tableName();
    if (cursor.acceptWord('FROM') || cursor.acceptWord('IN')) {
      const dbToken = cursor.peek();
      const db = databaseName(cursor);
      if (table.database !== undefined && table.database !== db) {
        throw cursor.errorAt(dbToken, `table ${table.database}.${table.name} is named with database '${table.database}', not '${db}'`);
      }
      table.database = db;
    }
    cursor.expectEnd();
    return { kind: 'SHOW_COLUMNS', table };
  }
  if (cursor.isWords('SHOW', 'CREATE', 'TABLE')) {
    cursor.pos += 3;
    const table = cursor.tableName();
    cursor.expectEnd();
    return { kind: 'SHOW_CREATE_TABLE', table };
  }
  if (cursor.isWord('PARTITIONS', 1)) {
    cursor.pos += 2;
    const table = cursor.tableName();
    cursor.expectEnd();
    return { kind: 'SHOW_PARTITIONS', table };
  }
  if (cursor.isWord('TBLPROPERTIES', 1)) {
    // SHOW TBLPROPERTIES table_name [('property_name')]
    cursor.pos += 2;
    const table = cursor.tableName();
    let property: string | undefined;
    if (cursor.acceptOp('(')) {
      property = cursor.expectString("a property name in quotes ('property_name')", true);
      cursor.expectOp(')');
    }
    cursor.expectEnd();
    return { kind: 'SHOW_TBLPROPERTIES', table, ...(property !== undefined ? { property } : {}) };
  }
  if (cursor.isWord('VIEWS', 1)) {
    // SHOW VIEWS [IN database_name] [LIKE 'regular_expression']
    cursor.pos += 2;
    const database = cursor.acceptWord('IN') || cursor.acceptWord('FROM') ? databaseName(cursor) : undefined;
    let p: string | undefined;
    if (cursor.acceptWord('LIKE')) {
      p = pattern(cursor);
      if (p === undefined) throw cursor.expected('a pattern in quotes after LIKE');
    }
    cursor.expectEnd();
    return { kind: 'SHOW_VIEWS', ...(database !== undefined ? { database } : {}), ...(p !== undefined ? { pattern: p } : {}) };
  }
  if (cursor.isWords('SHOW', 'CREATE', 'VIEW')) {
    cursor.pos += 3;
    const view = cursor.tableName('a view name');
    cursor.expectEnd();
    return { kind: 'SHOW_CREATE_VIEW', view };
  }
  return unsupported(cursor);
}

function parseDescribe(cursor: TokenCursor): ParsedStatement {
  cursor.pos++;
  let mode: 'FORMATTED' | 'EXTENDED' | undefined;
  // `DESCRIBE formatted` describes a table named formatted
  if ((cursor.isWord('FORMATTED') || cursor.isWord('EXTENDED')) && cursor.peek(1) !== undefined) {
    mode = cursor.next().value.toUpperCase() as 'FORMATTED' | 'EXTENDED';
  }
  // `DESCRIBE INPUT|OUTPUT statement_name` (Trino's, for a prepared statement): Athena has neither
  // (other-notable-limitations.md: "DESCRIBE INPUT and DESCRIBE OUTPUT is not supported")
  const io = cursor.peek();
  if ((cursor.isWord('INPUT') || cursor.isWord('OUTPUT')) && cursor.peek(1) !== undefined && cursor.peek(2) === undefined)
    throw cursor.errorAt(io!, `DESCRIBE ${io!.value.toUpperCase()} is not supported by Athena (DESCRIBE INPUT and DESCRIBE OUTPUT of a prepared statement)`);
  const table = cursor.tableName();
  let column: string | undefined;
  if (!cursor.atEnd()) column = cursor.identifier('a column name');
  cursor.expectEnd();
  return { kind: 'DESCRIBE', table, ...(mode ? { mode } : {}), ...(column !== undefined ? { column } : {}) };
}

function parseExplain(cursor: TokenCursor): ParsedStatement {
  cursor.pos++;
  const analyze = cursor.acceptWord('ANALYZE') !== undefined;
  if (analyze) cursor.acceptWord('VERBOSE');
  const options: Record<string, string> = {};
  // EXPLAIN (TYPE DISTRIBUTED, FORMAT JSON) — not a parenthesised query
  if (cursor.isOp('(') && (cursor.isWord('TYPE', 1) || cursor.isWord('FORMAT', 1))) {
    cursor.pos++;
    do {
      const option = cursor.expectWord('TYPE', 'FORMAT').value.toLowerCase();
      const value = cursor.next('an option value');
      if (value.kind !== 'word') throw cursor.errorAt(value, `expected a value for ${option.toUpperCase()} but found '${value.text}'`);
      options[option] = value.value.toUpperCase();
    } while (cursor.acceptOp(','));
    cursor.expectOp(')');
  }
  const { query, queryOffset } = restAsQuery(cursor, 'after EXPLAIN');
  return { kind: 'EXPLAIN', analyze, options, query, queryOffset };
}

function parseInsert(cursor: TokenCursor): ParsedStatement {
  if (!cursor.isWord('INTO', 1)) return unsupported(cursor);
  cursor.pos += 2;
  const table = cursor.tableName();
  let columns: string[] | undefined;
  if (cursor.isOp('(') && !isQueryStart(cursor, 1)) {
    cursor.pos++;
    columns = [];
    do {
      columns.push(cursor.identifier('a column name'));
    } while (cursor.acceptOp(','));
    cursor.expectOp(')');
  }
  const { query, queryOffset } = restAsQuery(cursor, `to insert into ${table.database ? `${table.database}.` : ''}${table.name}`);
  return { kind: 'INSERT', table, ...(columns ? { columns } : {}), query, queryOffset };
}

/**
 * Classifies one statement (text as `splitStatements` returns it; a trailing `;` is allowed). `line`/`column`
 * place it in its file so syntax errors carry file-absolute positions.
 *
 * Quoting follows the engine that parses each statement in Athena: Hive rules (backslash escapes, `"…"` strings,
 * backtick names) for DDL; Trino rules (`''` escapes, `"…"` identifiers) for queries, CTAS, INSERT, EXPLAIN and
 * views. Names are lower-cased, quoted or not, as Glue stores them.
 */
/**
 * Whether parseStatement reads `text` as a query (`{ kind: 'QUERY' }`, its first words alone): SELECT, WITH, VALUES,
 * TABLE or a parenthesised query. False for a text that does not tokenize (parseStatement says why).
 */
export function isQueryText(text: string, options: StatementOptions = {}): boolean {
  try {
    return isQueryStart(new TokenCursor(leadingWords(text), options));
  } catch {
    return false;
  }
}

export function parseStatement(text: string, options: StatementOptions = {}): ParsedStatement {
  // Peek at the leading words with Trino quoting; the statement's own parser re-reads it with its rules.
  const head = new TokenCursor(leadingWords(text), options);
  const first = head.peek();
  if (!first) throw head.errorAt(undefined, 'expected a statement but found nothing');
  if (isQueryStart(head)) return { kind: 'QUERY', query: text.replace(/;\s*$/, '') };
  const w = first.kind === 'word' ? first.value.toUpperCase() : '';
  const hive = (): TokenCursor => new TokenCursor(text, options, { quoting: 'hive' });
  const trino = (): TokenCursor => new TokenCursor(text, options);
  switch (w) {
    case 'EXPLAIN':
      return parseExplain(trino());
    case 'INSERT':
      return parseInsert(trino());
    case 'CREATE': {
      // CTAS and views are Trino; table and database DDL is Hive. The head decides which.
      const isTable = head.isWord('TABLE', 1) || (head.isWord('EXTERNAL', 1) && head.isWord('TABLE', 2));
      const isView = head.isWord('VIEW', 1) || (head.isWord('OR', 1) && head.isWord('REPLACE', 2) && head.isWord('VIEW', 3));
      const isDatabase = head.isWord('DATABASE', 1) || head.isWord('SCHEMA', 1);
      if (isTable && isCtas(text, options)) return parseCreate(text, trino(), options);
      if (isView) return parseCreate(text, trino(), options);
      if (isTable) refuseIcebergTable(hive(), options);
      if (isTable || isDatabase) return parseCreate(text, hive(), options);
      return unsupported(head);
    }
    case 'DROP':
      return parseDrop(hive());
    case 'SHOW':
      return parseShow(hive());
    case 'DESCRIBE':
    case 'DESC':
      return parseDescribe(hive());
    case 'MSCK': {
      const cursor = hive();
      cursor.pos++;
      cursor.expectWord('REPAIR');
      cursor.expectWord('TABLE');
      const table = cursor.tableName();
      cursor.expectEnd();
      return { kind: 'MSCK_REPAIR', table };
    }
    case 'USE': {
      const cursor = hive();
      cursor.pos++;
      const database = databaseName(cursor);
      cursor.expectEnd();
      return { kind: 'USE', database };
    }
    case 'ALTER':
      return head.isWord('TABLE', 1) ? parseAlterTable(hive()) : unsupported(head);
    case 'UNLOAD':
      return parseUnload(trino());
    case 'PREPARE':
      return parsePrepare(trino(), options);
    case 'EXECUTE':
      return parseExecute(trino());
    case 'DEALLOCATE':
      return parseDeallocate(trino());
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'OPTIMIZE':
    case 'VACUUM':
      return parseIcebergDml(trino());
    default:
      if (UNSUPPORTED_FIRST_WORDS.includes(w)) return unsupported(head);
      throw head.errorAt(first, `expected a statement (SELECT, WITH, CREATE, INSERT, DROP, SHOW, DESCRIBE, MSCK, USE, EXPLAIN …) but found ${describeToken(first)}`);
  }
}

/**
 * `PREPARE name FROM statement`: the statement (a query, CTAS, INSERT INTO or UNLOAD, as Athena allows) is checked
 * now, with its `?` parameters, and kept as text for EXECUTE.
 */
function parsePrepare(cursor: TokenCursor, options: StatementOptions): ParsedStatement {
  cursor.expectWord('PREPARE');
  const name = cursor.identifier('a prepared statement name');
  cursor.expectWord('FROM');
  const first = cursor.peek();
  if (!first) throw cursor.expected('a statement to prepare (SELECT, CREATE TABLE AS, INSERT INTO or UNLOAD)');
  const last = cursor.tokens[cursor.tokens.length - 1]!;
  const statement = cursor.text.slice(first.offset, last.end);
  const at = absolutePosition(cursor.base, first.line, first.column);
  const inner = parseStatement(statement, { ...options, line: at.line, column: at.column });
  if (inner.kind !== 'QUERY' && inner.kind !== 'CTAS' && inner.kind !== 'INSERT' && inner.kind !== 'UNLOAD')
    throw cursor.errorAt(first, `PREPARE takes a SELECT, CREATE TABLE AS, INSERT INTO or UNLOAD statement, not ${describeToken(first)}`);
  return { kind: 'PREPARE', name, statement, statementOffset: first.offset, statementKind: inner.kind };
}

/** UPDATE, DELETE FROM, MERGE INTO, OPTIMIZE, VACUUM — Athena runs them on Iceberg tables: the table they name. */
function parseIcebergDml(cursor: TokenCursor): ParsedStatement {
  const first = cursor.next();
  const w = first.value.toUpperCase();
  let keyword = w;
  if (w === 'DELETE') {
    cursor.expectWord('FROM');
    keyword = 'DELETE FROM';
  } else if (w === 'MERGE') {
    cursor.expectWord('INTO');
    keyword = 'MERGE INTO';
  }
  const nameToken = cursor.peek();
  const table = cursor.tableName();
  // the rest (SET …, WHERE …, USING …, REWRITE DATA …) is not read: the statement is refused whatever it says
  cursor.pos = cursor.tokens.length;
  return { kind: 'ICEBERG_DML', keyword, table, at: absolutePosition(cursor.base, nameToken!.line, nameToken!.column) };
}

/** A CREATE TABLE with TBLPROPERTIES ('table_type'='ICEBERG') is refused, naming the table, before it is parsed. */
function refuseIcebergTable(cursor: TokenCursor, options: StatementOptions): void {
  if (!icebergPropertyToken(cursor.tokens)) return;
  cursor.pos = 1;
  cursor.acceptWord('EXTERNAL');
  cursor.expectWord('TABLE');
  cursor.acceptWords('IF', 'NOT', 'EXISTS');
  const nameToken = cursor.peek();
  const name = cursor.tableName();
  const database = name.database ?? options.defaultDatabase?.toLowerCase() ?? 'default';
  throw icebergRefusal(`${database}.${name.name}`, absolutePosition(cursor.base, nameToken!.line, nameToken!.column));
}

/**
 * The text up to its first quote character or `$` (blanked from there on), so that classifying the leading keywords
 * never trips over a string that only Hive quoting rules can read. Comments are blanked (block comments nest, as
 * the lexer reads them).
 */
function leadingWords(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('--', i)) {
      const nl = text.slice(i).search(/[\n\r]/);
      const end = nl < 0 ? text.length : i + nl;
      out += ' '.repeat(end - i);
      i = end;
    } else if (text.startsWith('/*', i)) {
      let depth = 1;
      let end = i + 2;
      while (end < text.length && depth > 0) {
        const step = text.startsWith('/*', end) ? 1 : text.startsWith('*/', end) ? -1 : 0;
        depth += step;
        end += step === 0 ? 1 : 2;
      }
      out += text.slice(i, end).replace(/[^\n]/g, ' ');
      i = end;
    } else if (text[i] === "'" || text[i] === '"' || text[i] === '`' || text[i] === '$') {
      break;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

/** whether a CREATE [EXTERNAL] TABLE statement is a CTAS: after its name comes WITH or AS, not a column list */
function isCtas(text: string, options: StatementOptions): boolean {
  // The name may be quoted, so read the head with Trino rules up to the name (names have no backslashes).
  let cursor: TokenCursor;
  try {
    cursor = new TokenCursor(text, options);
  } catch {
    // only Hive quoting reads this text, so it is DDL
    return false;
  }
  cursor.pos = 1;
  cursor.acceptWord('EXTERNAL');
  cursor.expectWord('TABLE');
  cursor.acceptWords('IF', 'NOT', 'EXISTS');
  cursor.tableName();
  return cursor.isWord('WITH') || cursor.isWord('AS');
}
