/**
 * Sorting and filtering a result without holding it: the grid's sort and quick filter become a new query that
 * wraps the original one, run by the engine, so they stay correct for a 1M-row result (a client-side sort would
 * only see the rows a page holds). Plain TypeScript (no `vscode`): tested with node:test.
 */
import type { QueryColumn } from '../../core/model';
import { splitStatements } from '../../core/sql/split';
import type { ColumnStats, ViewSpec } from '../../webview/protocol';

/** Statement kinds whose result may be recomputed at will (re-run on restore, sorted, filtered): read-only queries. */
export function isRerunnable(kind: string | undefined): boolean {
  return kind === 'QUERY';
}

export function isPlainView(view: ViewSpec): boolean {
  return view.sort.length === 0 && view.filter.trim() === '';
}

/** A stable key of a view, for caching the executions that compute it. */
export function viewKey(view: ViewSpec): string {
  return JSON.stringify([view.sort.map((s) => [s.column, s.direction]), view.filter.trim().toLowerCase()]);
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteString = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** Types whose text a quick filter can search in Athena as well as locally (CAST(… AS varchar) of a scalar). */
function isScalar(type: string): boolean {
  return !/^(array|map|row|struct)\b/i.test(type.trim());
}

/** The parts of `text` separated by commas outside parentheses and double quotes, trimmed. */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/**
 * Whether a value of the (Trino) type can be cast to JSON, as Trino's documentation lists the types: BOOLEAN,
 * TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, VARCHAR, and ARRAY, MAP (of VARCHAR keys) and ROW of them
 * (https://trino.io/docs/current/functions/json.html#cast-to-json).
 */
export function castsToJson(type: string): boolean {
  const t = type.trim().toLowerCase();
  if (/^(boolean|tinyint|smallint|integer|int|bigint|real|double|varchar(\(\d+\))?)$/.test(t)) return true;
  const m = /^(array|map|row)\s*\((.*)\)$/s.exec(t);
  if (!m) return false;
  const args = topLevelParts(m[2]!);
  if (m[1] === 'array') return args.length === 1 && castsToJson(args[0]!);
  if (m[1] === 'map') return args.length === 2 && /^varchar(\(\d+\))?$/.test(args[0]!) && castsToJson(args[1]!);
  // a field is `name type` or (an anonymous row) `type`; a name may be quoted
  return args.every((f) => castsToJson(f) || castsToJson(f.replace(/^("(?:[^"]|"")*"|[^\s(]+)\s+/, '')));
}

/**
 * The query that computes `view` over the result of `sql`. The original columns are renamed positionally in a
 * table alias (`AS _lh(_c1, …)`) and named back in the outer SELECT, so that repeated names (`SELECT a.id, b.id`)
 * keep working and the result keeps the original headers. The original statement sits on lines of its own (a
 * trailing `--` comment cannot swallow the closing parenthesis).
 */
export function reshapeSql(sql: string, columns: readonly QueryColumn[], view: ViewSpec): string {
  const statements = splitStatements(sql);
  if (statements.length !== 1) throw new Error(`expected one statement, found ${statements.length}`);
  const inner = statements[0]!.text;
  if (columns.length === 0) throw new Error('the result has no columns');
  const internal = columns.map((_, i) => `_c${i + 1}`);
  const select = columns.map((c, i) => `${quoteIdent(internal[i]!)} AS ${quoteIdent(c.name)}`).join(', ');
  let text = `SELECT ${select} FROM (\n${inner}\n) AS ${quoteIdent('_lh')}(${internal.map(quoteIdent).join(', ')})`;
  const needle = view.filter.trim().toLowerCase();
  if (needle !== '') {
    // a scalar as its text; an array, map or row as its JSON text (the values the grid shows in it), when Athena
    // can make one (castsToJson) — a user filtering on a city found nothing when the city was in a struct column
    const textOf = (c: QueryColumn, name: string): string | undefined =>
      isScalar(c.type) ? `CAST(${quoteIdent(name)} AS varchar)` : castsToJson(c.type) ? `json_format(CAST(${quoteIdent(name)} AS json))` : undefined;
    const tests = columns.flatMap((c, i) => {
      const t = textOf(c, internal[i]!);
      return t === undefined ? [] : [`strpos(lower(${t}), ${quoteString(needle)}) > 0`];
    });
    text += `\nWHERE ${tests.length > 0 ? tests.join(' OR ') : 'false'}`;
  }
  const order = view.sort.filter((s) => s.column >= 0 && s.column < columns.length);
  if (order.length > 0) text += `\nORDER BY ${order.map((s) => `${s.column + 1} ${s.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`).join(', ')}`;
  return text;
}

/** Types min/max are asked of (ordered scalars); arrays, maps, rows and JSON get counts only. */
function isOrderable(type: string): boolean {
  return isScalar(type) && !/^(json|varbinary|binary|boolean)\b/i.test(type.trim());
}

/**
 * The query of a result's column statistics, over what the grid shows (`viewSql`, a query computing the view):
 * one row — the rows, then per column its NULLs, distinct values and, for ordered scalars, min and max as text.
 * Columns are renamed positionally as reshapeSql does; only functions Athena (Trino) and the local engine share.
 * The row's columns are `rows`, then `nulls_i`, `distinct_i`, `min_i`, `max_i` for column i (min/max NULL where not asked).
 */
export function columnStatsSql(viewSql: string, columns: readonly QueryColumn[]): string {
  if (columns.length === 0) throw new Error('the result has no columns');
  const internal = columns.map((_, i) => quoteIdent(`_c${i + 1}`));
  const parts = ['count(*) AS "rows"'];
  columns.forEach((c, i) => {
    const col = internal[i]!;
    parts.push(`count(*) - count(${col}) AS "nulls_${i}"`);
    parts.push(isScalar(c.type) ? `count(DISTINCT ${col}) AS "distinct_${i}"` : `CAST(NULL AS bigint) AS "distinct_${i}"`);
    parts.push(isOrderable(c.type) ? `CAST(min(${col}) AS varchar) AS "min_${i}"` : `CAST(NULL AS varchar) AS "min_${i}"`);
    parts.push(isOrderable(c.type) ? `CAST(max(${col}) AS varchar) AS "max_${i}"` : `CAST(NULL AS varchar) AS "max_${i}"`);
  });
  return `SELECT ${parts.join(', ')}\nFROM (\n${viewSql}\n) AS ${quoteIdent('_lh')}(${internal.join(', ')})`;
}

/** The statistics of each column from the row `columnStatsSql` answers with. */
export function columnStatsOf(columns: readonly QueryColumn[], row: readonly unknown[]): { rows: number; columns: ColumnStats[] } {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    rows: Number(row[0]),
    columns: columns.map((c, i) => ({
      name: c.name,
      type: c.type,
      nulls: num(row[1 + i * 4]) ?? 0,
      distinct: num(row[2 + i * 4]),
      min: text(row[3 + i * 4]),
      max: text(row[4 + i * 4]),
    })),
  };
}

/** A tab title for a query: its text on one line, shortened. */
export function titleOfSql(sql: string, max = 48): string {
  const flat = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/;$/, '');
  const text = flat === '' ? 'Query' : flat;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Where a position in the submitted SQL (1-based line and column) lies in the document it came from, when the
 * SQL is the text of `start` on (0-based line and character, as vscode.Position).
 */
export function positionInSource(start: { line: number; character: number }, line: number, column: number): { line: number; character: number } {
  return line <= 1 ? { line: start.line, character: start.character + column - 1 } : { line: start.line + line - 1, character: column - 1 };
}

/** A file name for an export of a query's result: the last table it reads FROM, else `result`. */
export function exportBaseName(sql: string): string {
  const text = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  const name = /\bFROM\s+((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"[^"]+"|[A-Za-z_][\w$]*))*)/i.exec(text)?.[1];
  const last = name?.split('.').pop()?.replace(/"/g, '').trim() ?? '';
  return last.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '').slice(0, 60) || 'result';
}
