// What a SQL statement names, read from its tokens (the core's lexer, Trino quoting) — no `vscode` here: the
// completion, hover, go-to-definition and unknown-name diagnostics of the SQL editor are built on it
// (sqlLanguage.ts). It reads the table references of FROM and JOIN (with their aliases), the names the statement
// defines itself (WITH … AS, aliases), and the qualified column references (`alias.column`); it does not parse
// queries (the engine does). Unterminated text at the cursor is tolerated (the editor holds half-typed SQL).
import { isLakehouseError } from '../../core/errors';
import { tokenize, type Token } from '../../core/sql/lexer';

/** A table the statement reads: `db.name` or `name`, with its alias (the name it goes by in the statement). */
export interface TableRef {
  database?: string;
  name: string;
  alias?: string;
  /** offsets of the table's name in the statement text (the last part: `name` of `db.name`) */
  start: number;
  end: number;
}

/** A `qualifier.column` reference, the qualifier being a table's alias or name. */
export interface ColumnRef {
  qualifier: string;
  column: string;
  start: number;
  end: number;
}

export interface StatementScope {
  tables: TableRef[];
  /** names the statement makes itself: WITH queries (they are not catalog tables) */
  ctes: Set<string>;
  columns: ColumnRef[];
}

/** Tokens of `text`; text from an unterminated string or comment on is left out (it is being typed). */
export function tokensOf(text: string): Token[] {
  try {
    return tokenize(text);
  } catch (e) {
    // the lexer names the line and column where the unterminated part opens: what comes before it
    if (!isLakehouseError(e) || e.detail.line === undefined) return [];
    const lines = text.split('\n');
    const offset = lines.slice(0, e.detail.line - 1).reduce((n, l) => n + l.length + 1, 0) + (e.detail.column ?? 1) - 1;
    if (offset <= 0 || offset >= text.length) return [];
    return tokensOf(text.slice(0, offset));
  }
}

const isName = (t: Token | undefined): boolean => t !== undefined && (t.kind === 'word' || t.kind === 'dquoted');
const word = (t: Token | undefined): string => (t && t.kind === 'word' ? t.value.toUpperCase() : '');
const nameOf = (t: Token): string => t.value.toLowerCase();

/** Keywords that end a FROM item (an alias cannot be one of them). */
const NOT_ALIAS = new Set([
  'WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'ON', 'USING', 'UNION',
  'EXCEPT', 'INTERSECT', 'OFFSET', 'FETCH', 'WINDOW', 'NATURAL', 'TABLESAMPLE', 'FOR', 'SELECT', 'LATERAL', 'WITH',
]);

/** The tables, WITH names and qualified columns of one statement. */
export function statementScope(text: string): StatementScope {
  const tokens = tokensOf(text);
  const tables: TableRef[] = [];
  const ctes = new Set<string>();
  const columns: ColumnRef[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // WITH name AS ( … ), name AS ( … )
    if (isName(t) && word(tokens[i + 1]) === 'AS' && tokens[i + 2]?.value === '(' && (word(tokens[i - 1]) === 'WITH' || tokens[i - 1]?.value === ',' || word(tokens[i - 1]) === 'RECURSIVE'))
      ctes.add(nameOf(t));
    const w = word(t);
    if (w === 'FROM' || w === 'JOIN') {
      // FROM a [AS] x, b y JOIN …: each item until a keyword; subqueries and UNNEST(…) are not tables
      let j = i + 1;
      for (;;) {
        const first = tokens[j];
        if (!isName(first) || NOT_ALIAS.has(word(first)) || word(first) === 'UNNEST' || tokens[j + 1]?.value === '(') break;
        let database: string | undefined;
        let nameTok = first!;
        j++;
        if (tokens[j]?.value === '.' && isName(tokens[j + 1])) {
          database = nameOf(first!);
          nameTok = tokens[j + 1]!;
          j += 2;
        }
        let alias: string | undefined;
        if (word(tokens[j]) === 'AS' && isName(tokens[j + 1])) {
          alias = nameOf(tokens[j + 1]!);
          j += 2;
        } else if (isName(tokens[j]) && !NOT_ALIAS.has(word(tokens[j]))) {
          alias = nameOf(tokens[j]!);
          j++;
        }
        tables.push({ ...(database !== undefined ? { database } : {}), name: nameOf(nameTok), ...(alias !== undefined ? { alias } : {}), start: nameTok.offset, end: nameTok.end });
        if (tokens[j]?.value !== ',' || w === 'JOIN') break;
        j++;
      }
    }
    // qualifier.column (not db.table of a FROM item: those were taken above, and are checked as tables)
    if (isName(t) && tokens[i + 1]?.value === '.' && isName(tokens[i + 2]) && tokens[i + 3]?.value !== '.' && tokens[i + 3]?.value !== '(') {
      const prev = word(tokens[i - 1]);
      if (prev !== 'FROM' && prev !== 'JOIN' && tokens[i - 1]?.value !== '.') columns.push({ qualifier: nameOf(t), column: nameOf(tokens[i + 2]!), start: tokens[i + 2]!.offset, end: tokens[i + 2]!.end });
    }
  }
  // a FROM item's `db.table` is not a column reference
  const fromDotted = new Set(tables.filter((x) => x.database !== undefined).map((x) => x.start));
  return { tables, ctes, columns: columns.filter((c) => !fromDotted.has(c.start)) };
}

/** What the cursor is completing, from the tokens before it. */
export type CompletionSite =
  /** after FROM / JOIN (or a comma among FROM items): tables, and databases */
  | { kind: 'table' }
  /** after `db.` in a FROM item: the tables of that database */
  | { kind: 'tableOf'; database: string }
  /** after `qualifier.` elsewhere: the columns of the table it names (or tables of a database so named) */
  | { kind: 'member'; qualifier: string }
  /** anywhere else: columns of the statement's tables, functions, keywords */
  | { kind: 'expression' };

export function completionSite(textBefore: string): CompletionSite {
  const tokens = tokensOf(textBefore);
  // the word being typed is not part of the context
  let k = tokens.length - 1;
  const last = tokens[k];
  if (last && isName(last) && last.end === textBefore.length) k--;
  const prev = tokens[k];
  if (prev?.value === '.' && isName(tokens[k - 1])) {
    const before = word(tokens[k - 2]);
    if (before === 'FROM' || before === 'JOIN') return { kind: 'tableOf', database: nameOf(tokens[k - 1]!) };
    return { kind: 'member', qualifier: nameOf(tokens[k - 1]!) };
  }
  if (word(prev) === 'FROM' || word(prev) === 'JOIN') return { kind: 'table' };
  // a comma among FROM items: look back for FROM before any other clause keyword
  if (prev?.value === ',') {
    for (let j = k - 1; j >= 0; j--) {
      const w = word(tokens[j]);
      if (w === 'FROM') return { kind: 'table' };
      if (w === 'SELECT' || w === 'WHERE' || w === 'BY' || w === 'ON' || tokens[j]?.value === '(' || tokens[j]?.value === ')') break;
    }
  }
  return { kind: 'expression' };
}

/** The catalog as the SQL editor knows it: databases, and their tables' columns (partition keys included). */
export interface CatalogIndex {
  databases: ReadonlySet<string>;
  /** `db.table` (lower case) → the table's columns, lower case, in order, with their types */
  tables: ReadonlyMap<string, readonly { name: string; type: string }[]>;
}

/** A name the catalog does not have: where it is in the statement, and what to say. */
export interface UnknownName {
  start: number;
  end: number;
  message: string;
}

/**
 * The tables and qualified columns of a statement that the catalog does not have. Only what can be told for sure:
 * a table of a database the catalog knows; a `qualifier.column` whose qualifier is a table of the statement the
 * catalog knows. WITH names, UNNEST and subqueries are not tables; unqualified columns are left to the engine.
 */
export function unknownNames(scope: StatementScope, catalog: CatalogIndex, defaultDatabase: string): UnknownName[] {
  const out: UnknownName[] = [];
  const resolved = new Map<string, string>();
  for (const t of scope.tables) {
    if (t.database === undefined && scope.ctes.has(t.name)) continue;
    const db = (t.database ?? defaultDatabase).toLowerCase();
    if (!catalog.databases.has(db)) {
      if (t.database !== undefined) out.push({ start: t.start, end: t.end, message: `database ${db} is not in the catalog` });
      continue;
    }
    const key = `${db}.${t.name}`;
    if (!catalog.tables.has(key)) {
      out.push({ start: t.start, end: t.end, message: `table ${key} is not in the catalog` });
      continue;
    }
    resolved.set(t.alias ?? t.name, key);
    if (t.alias === undefined) resolved.set(t.name, key);
  }
  for (const c of scope.columns) {
    const key = resolved.get(c.qualifier);
    if (key === undefined) continue;
    const columns = catalog.tables.get(key)!;
    if (!columns.some((x) => x.name === c.column)) out.push({ start: c.start, end: c.end, message: `${key} has no column ${c.column} (it has ${columns.map((x) => x.name).join(', ')})` });
  }
  return out;
}
