/** A cursor over the tokens of one statement, with the expect/accept helpers the DDL and statement parsers share. */
import { positionAt, type ErrorCode, type LakehouseError } from '../errors';
import { syntaxError, tokenize, type LexOptions, type SourceBase, type Token } from './lexer';

/** `[db.]name`; names are lower-cased as Glue stores them. */
export interface TableName {
  database?: string;
  name: string;
}

export function describeToken(token: Token | undefined, endName = 'end of statement'): string {
  if (!token) return endName;
  const text = token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text;
  // a string literal shows as itself: found 's3://b/' rather than found ''s3://b/''
  return token.kind === 'string' ? text : `'${text}'`;
}

export class TokenCursor {
  pos = 0;
  readonly tokens: Token[];
  /** how errors name the end of the text */
  endName = 'end of statement';

  constructor(
    readonly text: string,
    readonly base: SourceBase,
    options: Pick<LexOptions, 'quoting'> = {},
  ) {
    this.tokens = tokenize(text, { ...base, ...options });
    // a statement handed over with its terminating semicolon(s)
    while (this.tokens.length > 0 && this.tokens[this.tokens.length - 1]!.kind === 'op' && this.tokens[this.tokens.length - 1]!.value === ';') {
      this.tokens.pop();
    }
  }

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.pos + ahead];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  next(what = 'more input'): Token {
    const t = this.tokens[this.pos];
    if (!t) throw this.expected(what);
    this.pos++;
    return t;
  }

  /** the current token is the bare word `kw` (case-insensitive); quoted identifiers never match keywords */
  isWord(kw: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t !== undefined && t.kind === 'word' && t.value.toUpperCase() === kw;
  }

  /** the next tokens are the bare words `kws` */
  isWords(...kws: string[]): boolean {
    return kws.every((kw, i) => this.isWord(kw, i));
  }

  acceptWord(kw: string): Token | undefined {
    if (!this.isWord(kw)) return undefined;
    return this.tokens[this.pos++];
  }

  acceptWords(...kws: string[]): boolean {
    if (!this.isWords(...kws)) return false;
    this.pos += kws.length;
    return true;
  }

  expectWord(...kws: string[]): Token {
    for (const kw of kws) {
      if (this.isWord(kw)) return this.tokens[this.pos++]!;
    }
    throw this.expected(kws.join(' or '));
  }

  isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t !== undefined && t.kind === 'op' && t.value === op;
  }

  acceptOp(op: string): Token | undefined {
    if (!this.isOp(op)) return undefined;
    return this.tokens[this.pos++];
  }

  expectOp(op: string): Token {
    const t = this.acceptOp(op);
    if (!t) throw this.expected(`'${op}'`);
    return t;
  }

  /** a string literal; `"…"` counts as one where Hive reads it so (`allowDoubleQuoted`) */
  expectString(what: string, allowDoubleQuoted = false): string {
    const t = this.peek();
    if (t && (t.kind === 'string' || (allowDoubleQuoted && t.kind === 'dquoted'))) {
      this.pos++;
      return t.value;
    }
    throw this.expected(what);
  }

  /** a bare, backticked or double-quoted identifier, lower-cased */
  identifier(what: string): string {
    const t = this.peek();
    if (t && (t.kind === 'word' || t.kind === 'backtick' || t.kind === 'dquoted')) {
      if (t.value === '') throw this.errorAt(t, `${what} must not be empty`);
      this.pos++;
      return t.value.toLowerCase();
    }
    throw this.expected(what);
  }

  /**
   * `[catalog.][db.]name`. The only catalog is `awsdatacatalog`. A single backticked `` `db.name` `` (as older
   * Athena versions print it in SHOW CREATE TABLE) is read as database and name, like Hive does. `check` runs before
   * each part is read (Hive DDL refuses bare reserved words there).
   */
  tableName(what = 'a table name', check?: (cursor: TokenCursor, what: string) => void): TableName {
    const first = this.peek();
    check?.(this, what);
    const parts = [this.identifier(what)];
    while (this.isOp('.')) {
      this.pos++;
      check?.(this, what);
      parts.push(this.identifier(what));
    }
    if (parts.length === 1 && first?.kind === 'backtick' && parts[0]!.split('.').length === 2) {
      parts.splice(0, 1, ...parts[0]!.split('.'));
    }
    if (parts.length === 3) {
      if (parts[0] !== 'awsdatacatalog') throw this.errorAt(first, `unknown catalog '${parts[0]}' (only awsdatacatalog is known)`);
      parts.shift();
    }
    if (parts.length > 2) throw this.errorAt(first, `${what} has too many parts: ${parts.join('.')}`);
    return parts.length === 2 ? { database: parts[0]!, name: parts[1]! } : { name: parts[0]! };
  }

  expectEnd(): void {
    if (!this.atEnd()) throw this.expected(this.endName);
  }

  /** `expected X but found Y` at the current token (or at the end of the text) */
  expected(what: string): LakehouseError {
    return this.errorAt(this.peek(), `expected ${what} but found ${describeToken(this.peek(), this.endName)}`);
  }

  /** an error at a token, or just past the last token when `token` is undefined */
  errorAt(token: Token | undefined, message: string, code: ErrorCode = 'SqlSyntax'): LakehouseError {
    if (token) return syntaxError(this.base, token.line, token.column, message, code);
    const last = this.tokens[this.tokens.length - 1];
    const pos = positionAt(this.text, last ? last.end : 0);
    return syntaxError(this.base, pos.line, pos.column, message, code);
  }
}
