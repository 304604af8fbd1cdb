/** Splitting a SQL file into statements, and finding the statement under the editor's cursor. */
import { isLakehouseError, type LakehouseError } from '../errors';
import { tokenize, type Token } from './lexer';

export interface SqlStatement {
  /** the statement from its first token to its last, without the terminating `;` */
  text: string;
  /** offset of the first token in the whole text */
  offset: number;
  /** 1-based line and column of the first token */
  line: number;
  column: number;
  /** offset just past the statement's last token */
  end: number;
}

interface SplitResult {
  statements: SqlStatement[];
  /** set when lexing stopped at an unterminated string, identifier or comment */
  error?: LakehouseError;
  /** start of the statement holding the error */
  brokenStart?: number;
}

function group(sql: string, tokens: Token[]): SqlStatement[] {
  const out: SqlStatement[] = [];
  let first: Token | undefined;
  let last: Token | undefined;
  const flush = (): void => {
    if (first && last) {
      out.push({ text: sql.slice(first.offset, last.end), offset: first.offset, line: first.line, column: first.column, end: last.end });
    }
    first = last = undefined;
  };
  for (const t of tokens) {
    if (t.kind === 'op' && t.value === ';') {
      flush();
      continue;
    }
    first ??= t;
    last = t;
  }
  flush();
  return out;
}

function splitTolerant(sql: string, file?: string): SplitResult {
  try {
    return { statements: group(sql, tokenize(sql, { file })) };
  } catch (e) {
    if (!isLakehouseError(e, 'SqlSyntax') || e.detail.line === undefined) throw e;
    // the statements before the broken one stay usable (e.g. for "run statement at cursor")
    let errorOffset = 0;
    for (let l = 1; l < e.detail.line; l++) errorOffset = sql.indexOf('\n', errorOffset) + 1;
    errorOffset += (e.detail.column ?? 1) - 1;
    const tokens = tokenize(sql.slice(0, errorOffset), { file });
    const statements = group(sql, tokens);
    const last = tokens[tokens.length - 1];
    // unless a ';' closed it, the last group before the error is the start of the broken statement
    const brokenStart = last && !(last.kind === 'op' && last.value === ';') ? statements.pop()!.offset : errorOffset;
    return { statements, error: e, brokenStart };
  }
}

/**
 * Splits on `;` outside strings, quoted identifiers and comments. Statements holding only whitespace and comments
 * are skipped. An unterminated string, quoted identifier or block comment raises `SqlSyntax` with its
 * `file:line:column`.
 */
export function splitStatements(sql: string, file?: string): SqlStatement[] {
  const result = splitTolerant(sql, file);
  if (result.error) throw result.error;
  return result.statements;
}

/**
 * The statement containing the cursor offset; between statements, the nearest one before it; before the first
 * statement (in leading comments), the first one. Undefined when the text holds no statement. A syntax error in
 * the text is raised only when it lies in or before the statement that would be chosen.
 */
export function statementAt(sql: string, offset: number): SqlStatement | undefined {
  const { statements, error, brokenStart } = splitTolerant(sql);
  if (error && brokenStart !== undefined && (offset >= brokenStart || statements.length === 0)) throw error;
  let chosen: SqlStatement | undefined;
  for (const s of statements) {
    if (s.offset <= offset) chosen = s;
  }
  return chosen ?? statements[0];
}
