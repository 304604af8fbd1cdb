/**
 * Token-level rewrites of Spark SQL into DuckDB's (Athena SQL is translated on its parse tree: src/core/sql/trino).
 * Only the tokens that differ are replaced; the text between tokens (whitespace, comments) and every other token is
 * copied through unchanged, so positions in the result stay close to the source's.
 */
import { quoteIdentifier, quoteString, tokenize, type LexOptions, type Token } from './lexer';

function rewrite(sql: string, tokens: Token[], replace: (t: Token) => string | undefined): string {
  // trailing semicolons go (DuckDB would run an empty statement after them in some APIs; Spark SQL nodes allow one)
  let last = tokens.length;
  while (last > 0 && tokens[last - 1]!.kind === 'op' && tokens[last - 1]!.value === ';') last--;
  let out = '';
  let at = 0;
  tokens.forEach((t, i) => {
    const replacement = i >= last ? '' : replace(t);
    if (replacement === undefined) return;
    out += sql.slice(at, t.offset) + replacement;
    at = t.end;
  });
  return out + sql.slice(at);
}

/**
 * Spark SQL (the SQL Query nodes of Glue scripts) → DuckDB:
 * - `` `name` `` → `"name"`;
 * - `"text"` is a string in Spark → `'text'`;
 * - string literals with backslash escapes (`'a\tb'`, `'it\'s'`, `'\\d+'`) → the same characters as a DuckDB
 *   literal (which has no backslash escapes); `\%` and `\_` keep their backslash, as Spark does;
 * - trailing `;` removed.
 * `options` places the SQL in its file, so an unterminated string is reported at its file position.
 */
export function sparkSqlToDuckDb(sql: string, options: Omit<LexOptions, 'quoting'> = {}): string {
  const tokens = tokenize(sql, { ...options, quoting: 'hive' });
  return rewrite(sql, tokens, (t) => {
    if (t.kind === 'backtick') return quoteIdentifier(t.value);
    if (t.kind === 'dquoted') return quoteString(t.value);
    if (t.kind === 'string' && t.text.includes('\\')) return quoteString(t.value);
    return undefined;
  });
}
