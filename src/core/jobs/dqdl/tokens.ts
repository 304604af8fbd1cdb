/**
 * DQDL's tokens, from its published grammar's lexical rules (awslabs/dqdl,
 * configuration/dqdl/DataQualityDefinitionLanguage.g4 and CommonLexerRules.g4, commit d360214): keywords are
 * case-sensitive literal tokens, `now()` is one token, `#` starts a comment, a quoted `"yyyy-mm-dd"` is a date and
 * `"h:mm AM"`/`"hh:mm"` a time (never a string), identifiers are `[a-zA-Z0-9_.]+` (parser.ts reads them).
 */
import { LakehouseError } from '../../errors';
import { absolutePosition, type SourceBase } from '../../sql/lexer';

export type TokenKind = 'word' | 'int' | 'decimal' | 'string' | 'date' | 'time' | 'now' | 'op';

export interface Token {
  kind: TokenKind;
  /** decoded value: a string's content without quotes and escapes; the text otherwise */
  value: string;
  text: string;
  offset: number;
  line: number;
  column: number;
}

export const DURATION_UNITS: readonly string[] = ['days', 'hours', 'minutes'];
export const SIZE_UNITS: readonly string[] = ['B', 'KB', 'MB', 'GB', 'TB'];
/** literal tokens of the grammar: never an identifier */
export const KEYWORDS = new Set([
  'Metadata', 'DataSources', 'Rules', 'Analyzers', 'DefaultLabels', 'labels', 'with', 'where', 'matches',
  'and', 'AND', 'or', 'OR', 'of', 'OF', 'null', 'NULL', 'empty', 'EMPTY', 'whitespaces_only', 'WHITESPACES_ONLY',
  'between', 'in', 'not', ...DURATION_UNITS, ...SIZE_UNITS,
]);

export function syntaxError(base: SourceBase, at: { line: number; column: number }, message: string): LakehouseError {
  const pos = absolutePosition(base, at.line, at.column);
  const where = base.file !== undefined ? `${base.file}:${pos.line}:${pos.column}` : `DQDL line ${pos.line}, column ${pos.column}`;
  return new LakehouseError('ScriptSyntax', `${where}: ${message}`, { ...(base.file !== undefined ? { file: base.file } : {}), line: pos.line, column: pos.column });
}

export function tokenize(text: string, base: SourceBase): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const push = (kind: TokenKind, end: number, value: string, startLine: number, startColumn: number) => {
    tokens.push({ kind, value, text: text.slice(i, end), offset: i, line: startLine, column: startColumn });
    i = end;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const column = i - lineStart + 1;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let value = '';
      const startLine = line;
      for (;;) {
        if (j >= text.length) throw syntaxError(base, { line: startLine, column }, 'a quoted string is not closed');
        const ch = text[j]!;
        if (ch === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\')) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        if (ch === '"') break;
        if (ch === '\n') {
          line++;
          lineStart = j + 1;
        }
        value += ch;
        j++;
      }
      const kind: TokenKind = /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'date' : /^(\d{1,2}:\d{2} (AM|PM)|\d{2}:\d{2})$/.test(value) ? 'time' : 'string';
      push(kind, j + 1, value, startLine, column);
      continue;
    }
    if (/[a-zA-Z0-9_.]/.test(c)) {
      let j = i;
      while (j < text.length && /[a-zA-Z0-9_.]/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      if (word === 'now' && text.startsWith('()', j)) {
        push('now', j + 2, 'now()', line, column);
        continue;
      }
      push(/^\d+$/.test(word) ? 'int' : /^\d+\.\d+$/.test(word) ? 'decimal' : 'word', j, word, line, column);
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '>=' || two === '<=') {
      push('op', i + 2, two, line, column);
      continue;
    }
    if (',:{}[]()$=<>!+-*/'.includes(c)) {
      push('op', i + 1, c, line, column);
      continue;
    }
    throw syntaxError(base, { line, column }, `unexpected character ${JSON.stringify(c)}`);
  }
  return tokens;
}

export function describe(t: Token | undefined): string {
  if (!t) return 'the end of the ruleset';
  return t.kind === 'string' || t.kind === 'date' || t.kind === 'time' ? `"${t.value}"` : `'${t.text}'`;
}
