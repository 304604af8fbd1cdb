/**
 * Athena DML statements around a query (Trino syntax, Trino quoting): `UNLOAD (query) TO 's3://…' WITH (…)`, the
 * prepared statements' `EXECUTE name [USING v, …]` and `DEALLOCATE PREPARE name`, the `WITH (k = v, …)` properties
 * CTAS and UNLOAD share, and the binding of EXECUTE's values to a prepared statement's `?` parameters.
 *
 * References: https://docs.aws.amazon.com/athena/latest/ug/unload.html,
 * https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
 */
import { LakehouseError } from '../errors';
import type { TokenCursor } from './cursor';
import { absolutePosition, quoteString, tokenize, type SourceBase, type Token } from './lexer';
import type { Position } from './alter';

/** `WITH (k = 'v', n = 4, a = ARRAY['x', 'y'])`, keys lower-cased; from the cursor at `(`. */
export function readWithProperties(cursor: TokenCursor): Record<string, string | string[]> {
  const props: Record<string, string | string[]> = {};
  cursor.expectOp('(');
  do {
    const keyToken = cursor.peek();
    const key = cursor.identifier('a table property name');
    if (Object.prototype.hasOwnProperty.call(props, key)) throw cursor.errorAt(keyToken, `table property '${key}' is set twice`);
    cursor.expectOp('=');
    if (cursor.isWord('ARRAY') && cursor.isOp('[', 1)) {
      cursor.pos += 2;
      const items: string[] = [];
      if (!cursor.isOp(']')) {
        do {
          const t = cursor.peek();
          if (!t || (t.kind !== 'string' && t.kind !== 'number')) throw cursor.expected(`a string in ARRAY[…] of '${key}'`);
          cursor.pos++;
          items.push(t.value);
        } while (cursor.acceptOp(','));
      }
      cursor.expectOp(']');
      props[key] = items;
    } else {
      const t = cursor.peek();
      if (!t || (t.kind !== 'string' && t.kind !== 'number' && t.kind !== 'word')) throw cursor.expected(`a value for '${key}'`);
      cursor.pos++;
      props[key] = t.value;
    }
  } while (cursor.acceptOp(','));
  cursor.expectOp(')');
  return props;
}

export interface UnloadStatement {
  kind: 'UNLOAD';
  query: string;
  /** offset of `query` in the statement text */
  queryOffset: number;
  /** `s3://bucket/prefix/` (a trailing `/` added) */
  location: string;
  /** the WITH (…) properties, keys lower-cased */
  properties: Record<string, string | string[]>;
  /** where the location string is */
  locationAt: Position;
}

/** `UNLOAD (query) TO 's3://…' WITH (…)` from the cursor at `UNLOAD`. */
export function parseUnload(cursor: TokenCursor): UnloadStatement {
  cursor.expectWord('UNLOAD');
  const open = cursor.expectOp('(');
  // the query runs to the parenthesis that closes `open`
  let depth = 1;
  let i = cursor.pos;
  for (; i < cursor.tokens.length; i++) {
    const t = cursor.tokens[i]!;
    if (t.kind !== 'op') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')' && --depth === 0) break;
  }
  if (i >= cursor.tokens.length) throw cursor.errorAt(open, "the query of UNLOAD is not closed (missing ')')");
  const first = cursor.peek();
  if (!first || i === cursor.pos) throw cursor.expected('a query (SELECT, WITH, VALUES …) in UNLOAD (…)');
  const last = cursor.tokens[i - 1]!;
  const query = cursor.text.slice(first.offset, last.end);
  cursor.pos = i + 1;
  cursor.expectWord('TO');
  const locToken = cursor.peek();
  const location = cursor.expectString("an S3 location in quotes after TO ('s3://bucket/prefix/')");
  if (!/^s3:\/\/[^/\s]+(\/|$)/.test(location)) throw cursor.errorAt(locToken, `UNLOAD's TO must be an S3 URI like 's3://bucket/prefix/', not '${location}'`);
  cursor.expectWord('WITH');
  const properties = readWithProperties(cursor);
  cursor.expectEnd();
  return {
    kind: 'UNLOAD',
    query,
    queryOffset: first.offset,
    location: location.endsWith('/') ? location : `${location}/`,
    properties,
    locationAt: absolutePosition(cursor.base, locToken!.line, locToken!.column),
  };
}

// ------------------------------------------------------------------------------------------ prepared statements

/** A value of EXECUTE … USING, as the literal it is in SQL (re-rendered from its parsed value). */
export interface ParameterValue {
  /** SQL text of the literal: `'it''s'`, `12`, `-1.5`, `DATE '2020-01-01'`, `TRUE`, `NULL` */
  sql: string;
  at: Position;
}

export interface ExecuteStatement {
  kind: 'EXECUTE';
  name: string;
  parameters: ParameterValue[];
  at: Position;
}

/** typed literals EXECUTE … USING takes: `DATE '2020-01-01'` */
const TYPED_LITERALS = ['DATE', 'TIMESTAMP', 'TIME', 'DECIMAL', 'VARCHAR', 'CHAR', 'JSON', 'REAL', 'DOUBLE', 'BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT'];

function parameterValue(cursor: TokenCursor): ParameterValue {
  const t = cursor.peek();
  if (!t) throw cursor.expected('a value');
  const at = absolutePosition(cursor.base, t.line, t.column);
  if (t.kind === 'string') {
    cursor.pos++;
    return { sql: quoteString(t.value), at };
  }
  if (t.kind === 'op' && (t.value === '-' || t.value === '+') && cursor.peek(1)?.kind === 'number') {
    cursor.pos += 2;
    const n = cursor.tokens[cursor.pos - 1]!;
    return { sql: t.value === '-' ? `-${n.value}` : n.value, at };
  }
  if (t.kind === 'number') {
    cursor.pos++;
    return { sql: t.value, at };
  }
  if (t.kind === 'word') {
    const w = t.value.toUpperCase();
    if (w === 'TRUE' || w === 'FALSE' || w === 'NULL') {
      cursor.pos++;
      return { sql: w, at };
    }
    const literal = cursor.peek(1);
    if (TYPED_LITERALS.includes(w) && literal?.kind === 'string') {
      cursor.pos += 2;
      return { sql: `${w} ${quoteString(literal.value)}`, at };
    }
  }
  throw cursor.errorAt(
    t,
    `EXECUTE … USING takes literal values ('text', 12, -1.5, TRUE, NULL, DATE '2020-01-01' …) on the local engine, not '${t.text}'`,
    'SqlUnsupported',
  );
}

/** `EXECUTE name [USING v, …]` from the cursor at `EXECUTE`. */
export function parseExecute(cursor: TokenCursor): ExecuteStatement {
  const first = cursor.expectWord('EXECUTE');
  const name = cursor.identifier('a prepared statement name');
  const parameters: ParameterValue[] = [];
  if (cursor.acceptWord('USING')) {
    do parameters.push(parameterValue(cursor));
    while (cursor.acceptOp(','));
  }
  cursor.expectEnd();
  return { kind: 'EXECUTE', name, parameters, at: absolutePosition(cursor.base, first.line, first.column) };
}

/** `DEALLOCATE PREPARE name` from the cursor at `DEALLOCATE`. */
export function parseDeallocate(cursor: TokenCursor): { kind: 'DEALLOCATE'; name: string } {
  cursor.expectWord('DEALLOCATE');
  cursor.expectWord('PREPARE');
  const name = cursor.identifier('a prepared statement name');
  cursor.expectEnd();
  return { kind: 'DEALLOCATE', name };
}

/** The `?` parameters of a statement (Trino quoting: a `?` inside a string, a quoted name or a comment is not one). */
export function parameterTokens(text: string, base: SourceBase = {}): Token[] {
  return tokenize(text, base).filter((t) => t.kind === 'op' && t.value === '?');
}

/**
 * A prepared statement's text with each `?` replaced by the literal of the value in its place. Values are
 * literals re-rendered from their parsed values (a string's quotes doubled), so a value stays a value whatever it
 * holds: `'x''; COPY …'` is the string `x'; COPY …`. A count that differs fails as Trino fails it.
 */
export function bindParameters(text: string, values: readonly ParameterValue[], at: Position): string {
  const marks = parameterTokens(text);
  if (marks.length !== values.length)
    throw new LakehouseError('SqlError', `Incorrect number of parameters: expected ${marks.length} but found ${values.length}`, { ...at });
  let out = '';
  let from = 0;
  marks.forEach((m, i) => {
    const v = values[i]!.sql;
    // a negative number in parentheses: `x -?` must not become the comment `x --1`
    out += text.slice(from, m.offset) + (v.startsWith('-') ? `(${v})` : v);
    from = m.end;
  });
  return out + text.slice(from);
}
