/**
 * The one SQL tokenizer behind statement splitting, DDL parsing, statement classification and dialect rewriting.
 *
 * Two quoting modes:
 * - `sql` (Athena DML / Trino / DuckDB): `'it''s'`, `"a ""b"""`, no backslash escapes;
 * - `hive` (Athena DDL, which Hive parses, and Spark SQL): backslash escapes inside `'…'` and `"…"` as Hive
 *   unescapes them (`\t`, `\n`, `\'`, `\\`, `\u0041`, `\001` …); a doubled quote is accepted as an escaped quote too.
 * Backtick identifiers (`` `a``b` ``) are recognised in both modes. Comments (`--` to the end of the line — `\n` or
 * `\r` —, `/* … *\/`) are skipped: the text between tokens is never interpreted, so rewriters copy it through
 * unchanged.
 *
 * In `sql` mode the statement boundaries are DuckDB's (the local engine runs the text), so that a `;` this lexer
 * reads as inside a string is inside one for DuckDB too: block comments nest (`/* /* *\/ *\/`), `E'…'` strings take
 * backslash escapes (`E'\''` is one quote), and `$$…$$` / `$tag$…$tag$` are dollar-quoted strings. (Trino has
 * none of these; in Athena they are syntax errors.) DuckDB's own parser still decides what runs — see
 * targets/local/queryGuard.ts.
 */
import { LakehouseError, type ErrorCode } from '../errors';

export type TokenKind =
  /** a bare word: keyword or unquoted identifier */
  | 'word'
  /** `'…'` */
  | 'string'
  /** `"…"`: an identifier in Athena DML and DuckDB, a string in Hive DDL and Spark SQL */
  | 'dquoted'
  /** `` `…` `` */
  | 'backtick'
  | 'number'
  /** operators and punctuation: `( ) , ; . = <> <= >= != || :: -> =>` and any other single character */
  | 'op';

export interface Token {
  kind: TokenKind;
  /** the source text of the token, quotes included */
  text: string;
  /** decoded value: string contents without quotes and escapes, identifier text; for words and numbers = text */
  value: string;
  /** offset of the first character in the tokenized text */
  offset: number;
  /** offset just past the last character */
  end: number;
  /** 1-based, relative to the tokenized text */
  line: number;
  column: number;
}

/** Where the tokenized text sits in its file, so that error positions are file-absolute. */
export interface SourceBase {
  file?: string;
  /** 1-based line of the text's first character in the file (default 1) */
  line?: number;
  /** 1-based column of the text's first character in the file (default 1) */
  column?: number;
}

export interface LexOptions extends SourceBase {
  quoting?: 'sql' | 'hive';
}

const MULTI_CHAR_OPS = ['<>', '<=', '>=', '!=', '||', '::', '->', '=>'];

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36; // $ as in Trino/Hive identifiers
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** File-absolute position of a (line, column) pair that is relative to a text placed at `base`. */
export function absolutePosition(base: SourceBase, line: number, column: number): { line: number; column: number } {
  const baseLine = base.line ?? 1;
  const baseColumn = base.column ?? 1;
  return { line: baseLine + line - 1, column: line === 1 ? baseColumn + column - 1 : column };
}

/** A SqlSyntax (or other `code`) error at a position relative to a text placed at `base`: `file:line:col: message`. */
export function syntaxError(base: SourceBase, line: number, column: number, message: string, code: ErrorCode = 'SqlSyntax'): LakehouseError {
  const pos = absolutePosition(base, line, column);
  const where = base.file !== undefined ? `${base.file}:${pos.line}:${pos.column}` : `${pos.line}:${pos.column}`;
  return new LakehouseError(code, `${where}: ${message}`, { file: base.file, line: pos.line, column: pos.column });
}

/**
 * Decodes the backslash escapes Hive (and Spark: ParserUtils.unescapeSQLString) apply to string literals: `\0`…`\7`
 * octal triples, `\uXXXX`, `\b \n \r \t \Z`, `\%` and `\_` kept with their backslash (LIKE patterns), any other
 * `\x` → `x`. With `quote`, a doubled quote is one quote (Hive DDL's strings; Spark reads `'a''b'` as two literals).
 */
export function hiveUnescape(body: string, quote?: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quote !== undefined && c === quote && body[i + 1] === quote) {
      out += quote;
      i++;
      continue;
    }
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1]!;
    const octal = /^[0-3][0-7][0-7]/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      out += String.fromCharCode(parseInt(octal[0], 8));
      i += 3;
      continue;
    }
    const unicode = n === 'u' ? /^[0-9a-fA-F]{4}/.exec(body.slice(i + 2, i + 6)) : null;
    if (unicode) {
      out += String.fromCharCode(parseInt(unicode[0], 16));
      i += 5;
      continue;
    }
    i++;
    switch (n) {
      case '0':
        out += '\0';
        break;
      case 'b':
        out += '\b';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'Z':
        out += '\x1a';
        break;
      case '%':
      case '_':
        out += '\\' + n;
        break;
      default:
        out += n;
    }
  }
  return out;
}

/** Decodes the backslash escapes of a DuckDB (PostgreSQL) `E'…'` string: `\n \t \r \b \f`, `\xHH`, octal, `''`. */
function extendedUnescape(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "'" && body[i + 1] === "'") {
      out += "'";
      i++;
      continue;
    }
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const rest = body.slice(i + 1, i + 4);
    const octal = /^[0-7]{1,3}/.exec(rest);
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(rest);
    if (octal) {
      out += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
      i += octal[0].length;
    } else if (hex) {
      out += String.fromCharCode(parseInt(hex[1]!, 16));
      i += hex[0].length;
    } else {
      const n = body[++i]!;
      out += ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[n] ?? n;
    }
  }
  return out;
}

/** `$$` or `$tag$` at `i` (a tag as DuckDB reads one: a letter or `_`, then letters, digits, `_`), or undefined. */
function dollarDelimiter(text: string, i: number): string | undefined {
  return /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 256))?.[0];
}

/**
 * The last texts tokenized and their tokens, per quoting mode. A statement is read several times on its way: split
 * out of its file, classified, its CTAS head read with Trino quoting, its Iceberg properties and its columns with
 * Hive's, then all of it again when the engine runs it (`lakehouse tables`: ~10 tokenizations of each DDL
 * statement, enough for V8 to optimize the tokenizer in a 0.1 s process). Tokens depend only on the text and the
 * quoting (their positions are relative to the text; `SourceBase` places errors only, and errors are not kept), so
 * a text read again gets a copy of the same tokens' array; Token objects are never changed by their readers.
 */
const memo = new Map<string, readonly Token[]>();
const MEMO_ENTRIES = 32;
/** longer texts are tokenized each time (a script of many statements, an editor's whole document) */
const MEMO_MAX_TEXT = 64 << 10;
/** how many texts were tokenized (not taken from the memo): test/ddl/tablesTokenize.test.ts */
export const lexerStats = { tokenized: 0 };

/**
 * Tokenizes `text`. Comments and whitespace produce no tokens. An unterminated string, quoted identifier or block
 * comment raises `SqlSyntax` at its opening position (file-absolute through `options`).
 */
export function tokenize(text: string, options: LexOptions = {}): Token[] {
  if (text.length > MEMO_MAX_TEXT) return tokenizeText(text, options);
  const key = (options.quoting === 'hive' ? 'h' : 's') + text;
  const kept = memo.get(key);
  if (kept !== undefined) {
    // the most recently used last
    memo.delete(key);
    memo.set(key, kept);
    return kept.slice();
  }
  const tokens = tokenizeText(text, options);
  memo.set(key, tokens.slice());
  if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
  return tokens;
}

function tokenizeText(text: string, options: LexOptions): Token[] {
  lexerStats.tokenized++;
  const hive = options.quoting === 'hive';
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;

  // advances the line counter over text[from, to)
  const advance = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace
    if (c === 10) {
      line++;
      lineStart = i + 1;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xfeff || c === 0xa0) {
      i++;
      continue;
    }
    const startLine = line;
    const startColumn = i - lineStart + 1;
    // comments
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      let end = i + 2;
      while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      i = end;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      // DuckDB nests block comments; Hive does not
      let depth = 1;
      let j = i + 2;
      while (j < n) {
        if (!hive && text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) {
          depth++;
          j += 2;
        } else if (text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47) {
          j += 2;
          if (--depth === 0) break;
        } else j++;
      }
      if (depth > 0) throw syntaxError(options, startLine, startColumn, 'unterminated block comment (missing */)');
      advance(i, j);
      i = j;
      continue;
    }
    const push = (kind: TokenKind, end: number, value: string): void => {
      tokens.push({ kind, text: text.slice(i, end), value, offset: i, end, line: startLine, column: startColumn });
      advance(i, end);
      i = end;
    };
    // DuckDB's E'…' (backslash escapes) and dollar-quoted strings
    if (!hive && (c === 69 || c === 101) && text.charCodeAt(i + 1) === 39) {
      let j = i + 2;
      let closed = -1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === 39 && text.charCodeAt(j + 1) === 39) j += 2;
        else if (d === 39) {
          closed = j;
          break;
        } else j++;
      }
      if (closed < 0) throw syntaxError(options, startLine, startColumn, "unterminated string (missing closing ')");
      push('string', closed + 1, extendedUnescape(text.slice(i + 2, closed)));
      continue;
    }
    const dollar = !hive && c === 36 ? dollarDelimiter(text, i) : undefined;
    if (dollar !== undefined) {
      const close = text.indexOf(dollar, i + dollar.length);
      if (close < 0) throw syntaxError(options, startLine, startColumn, `unterminated dollar-quoted string (missing closing ${dollar})`);
      push('string', close + dollar.length, text.slice(i + dollar.length, close));
      continue;
    }
    // quoted
    if (c === 39 || c === 34 || c === 96) {
      const quote = text[i]!;
      const backslash = hive && c !== 96;
      let j = i + 1;
      let closed = -1;
      while (j < n) {
        const d = text[j]!;
        if (backslash && d === '\\') {
          j += 2;
          continue;
        }
        if (d === quote) {
          if (text[j + 1] === quote) {
            j += 2;
            continue;
          }
          closed = j;
          break;
        }
        j++;
      }
      if (closed < 0) {
        const what = c === 39 ? 'string' : c === 96 ? 'quoted identifier' : hive ? 'string' : 'quoted identifier';
        throw syntaxError(options, startLine, startColumn, `unterminated ${what} (missing closing ${quote})`);
      }
      const body = text.slice(i + 1, closed);
      const value = backslash ? hiveUnescape(body, quote) : body.split(quote + quote).join(quote);
      push(c === 39 ? 'string' : c === 34 ? 'dquoted' : 'backtick', closed + 1, value);
      continue;
    }
    // numbers (a digit run followed by identifier characters is a word: Hive allows `2020_sales`)
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400))!;
      let end = i + m[0].length;
      if (end < n && isIdentPart(text.charCodeAt(end)) && /^\d+$/.test(m[0])) {
        while (end < n && isIdentPart(text.charCodeAt(end))) end++;
        push('word', end, text.slice(i, end));
      } else {
        push('number', end, m[0]);
      }
      continue;
    }
    if (isIdentStart(c)) {
      let end = i + 1;
      while (end < n && isIdentPart(text.charCodeAt(end))) end++;
      push('word', end, text.slice(i, end));
      continue;
    }
    const two = text.slice(i, i + 2);
    const op = MULTI_CHAR_OPS.includes(two) ? two : text[i]!;
    push('op', i + op.length, op);
  }
  return tokens;
}

/** `'…'` with `'` doubled: a string literal for Athena DML, DuckDB and (read back by this lexer) the DDL. */
export function quoteString(value: string): string {
  return `'${value.split("'").join("''")}'`;
}

/** `"…"` with `"` doubled: an identifier for Athena DML and DuckDB. */
export function quoteIdentifier(name: string): string {
  return `"${name.split('"').join('""')}"`;
}

