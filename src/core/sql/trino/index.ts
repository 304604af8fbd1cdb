/**
 * Athena (Trino) SQL → DuckDB: the entry of the translation. A statement's query is parsed once; the tables it
 * names are read from it (so the engine can look them up in the catalog), then it is translated with their
 * columns' types into DuckDB SQL that gives Trino's answer — or refused by name.
 *
 * The engine imports this module when SQL is first translated; the grammar it parses with (dt-sql-parser's Trino
 * parser on antlr4ng) is a bundle of its own, dist/trino-grammar.js (scripts/build.mjs).
 */
import * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import type { ParseTree } from 'antlr4ng';
import { render, text, type SourceSpan } from '../dialects/emit';
import { sqlTypeOfHive, trinoTypeName, type SqlType } from '../dialects/sqlType';
import { quoteIdentifier } from '../lexer';
import { parseHiveType } from '../types';
import { str, temporalText } from './casts';
import { canCoerce } from './typing';
import { localIn } from './zones';
import type { OutputColumn, TableReference, TranslateOptions } from './model';
import { parseTrinoStatement } from './parser';
import { plainSelect, query } from './queries';
import { offsetOf, Translator } from './translator';

export type { OutputColumn, TableInfo, TableReference, TranslateOptions } from './model';
export { predictionSnapshot, restorePredictions } from './parser';

export interface TranslatedQuery {
  /** the DuckDB SQL */
  sql: string;
  /** where each part of `sql` came from in the source (for DuckDB's error positions) */
  spans: SourceSpan[];
  /** the result's columns: Trino's names (`_col<i>` for anonymous ones) and types */
  columns: { name: string; type: SqlType; typeName: string }[];
  /** the DuckDB names of the columns (unique) */
  duckNames: string[];
  /** per column: Trino gives it no name (`_col<i>` is made up) */
  anonymous: boolean[];
  /**
   * The select list over `duckNames` that shows the result as Athena does, when a column's DuckDB value lacks what
   * Athena shows (a timestamp with time zone's zone): such columns become Athena's text.
   */
  displayList?: string;
}

export interface TrinoQuery {
  /** the tables and views the query names (WITH queries' names included when unqualified: the caller skips unknown ones) */
  readonly tables: TableReference[];
  translate(options: TranslateOptions): TranslatedQuery;
}

/**
 * Queries shaped as Athena users write them, translated once by `warmUp`: ANTLR builds its lexer's and parser's
 * prediction caches (DFAs) as statements teach it, so a first statement of a new shape costs tens of milliseconds
 * (hundreds for the very first); after these, most cost about a millisecond.
 */
const WARM_UP = [
  "SELECT a, b AS c, count(*) AS n, sum(x) FROM db.t AS t1 WHERE y = 'z' AND w > 1.5 OR v IS NULL GROUP BY 1, 2 HAVING count(*) > 0 ORDER BY n DESC LIMIT 10",
  'WITH q AS (SELECT * FROM db.t) SELECT DISTINCT q.a FROM q JOIN db.u u ON q.id = u.id LEFT JOIN db.v USING (k) WHERE q.a IN (SELECT b FROM db.w) UNION ALL SELECT 1',
  "SELECT CAST(a AS VARCHAR), TRY_CAST(b AS DOUBLE), CASE WHEN c BETWEEN 1 AND 2 THEN 'x' ELSE NULL END, coalesce(d, 0), if(e, 1), date_add('day', 1, TIMESTAMP '2020-01-01 00:00:00') FROM db.t",
  "SELECT transform(ARRAY[1, 2], x -> x + 1), filter(m, (k, v) -> v > 0), element_at(MAP(ARRAY['a'], ARRAY[1]), 'a'), r.f, arr[1], json_extract_scalar(j, '$.a[0]') FROM db.t CROSS JOIN UNNEST(arr) WITH ORDINALITY AS u(e, i)",
  "SELECT row_number() OVER (PARTITION BY a ORDER BY b DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), lag(c, 1) OVER w, date_format(ts, '%Y-%m-%d'), ts AT TIME ZONE 'UTC', INTERVAL '1' DAY, DATE '2020-01-01', 0x1F, X'00', U&'\\0041', 'it''s' FROM db.t WINDOW w AS (ORDER BY a) TABLESAMPLE BERNOULLI (10)",
  'VALUES (1, 2e0, -3.25), (4, 5, 6)',
];

/**
 * Warms the grammar's caches (WARM_UP), one query at a time with `pause` between them so that a host's event loop
 * keeps turning (the engine calls it in the background when a session starts).
 */
export async function warmUp(pause: () => Promise<void> = () => new Promise((r) => setImmediate(r))): Promise<void> {
  for (const q of WARM_UP) {
    try {
      parseQuery(q).translate({ table: () => undefined, database: () => true });
    } catch {
      // (the tables do not exist: the parse, which is what warms, is done)
    }
    await pause();
  }
}

/** Parses the query of a statement (SELECT, WITH, VALUES, TABLE, a parenthesised query). */
export function parseQuery(text: string, base: { line: number; column: number } = { line: 1, column: 1 }): TrinoQuery {
  // The grammar's prediction takes `x = ANY (…)` at the top of a query for a comparison with a column named ANY
  // (Trino's own parser does not): inside parentheses it reads it right. Such a query is parsed so first, keeping
  // positions; any other, or one that does not parse so, as it is (its syntax error is then the text's own).
  if (!/^\s*with\b/i.test(text) && /\b(ANY|ALL|SOME)\s*\(/i.test(text)) {
    const wrapped = `(${text})`;
    const at = { line: base.line, column: base.column - 1 };
    let inner: ReturnType<typeof parseTrinoStatement> | undefined;
    try {
      inner = parseTrinoStatement(wrapped, at);
    } catch {
      inner = undefined;
    }
    if (inner) return translateParsed(wrapped, at, inner);
  }
  return translateParsed(text, base, parseTrinoStatement(text, base));
}

function translateParsed(text: string, base: { line: number; column: number }, parsed: ReturnType<typeof parseTrinoStatement>): TrinoQuery {
  const statement = parsed.statement;
  const probe = new Translator(text, { base, table: () => undefined });
  if (!(statement instanceof P.StatementDefaultContext)) throw probe.fail(statement, 'a query (SELECT, WITH, VALUES, TABLE) is expected here');
  const root = statement.rootQuery();
  if (root.withFunction()) throw probe.unsupported(root.withFunction()!, 'WITH FUNCTION (inline functions)');
  const tables = tableReferences(probe, root);
  return {
    tables,
    translate(options) {
      const t = new Translator(text, { ...options, base });
      if (options.display) t.shownSelect = plainSelect(root.query());
      t.corresponding = parsed.corresponding;
      const out = query(t, root.query());
      const rendered = render(out.sql);
      const displayList = display(t, out.columns, out.duckNames);
      return {
        sql: rendered.text,
        spans: rendered.spans,
        columns: out.columns.map((c: OutputColumn, i) => ({ name: c.name ?? `_col${i}`, type: c.type, typeName: trinoTypeName(c.type) })),
        duckNames: out.duckNames,
        anonymous: out.columns.map((c) => c.name === undefined),
        ...(displayList !== undefined ? { displayList } : {}),
      };
    },
  };
}

function display(t: Translator, columns: OutputColumn[], duckNames: string[]): string | undefined {
  if (!columns.some((c) => holdsZoned(c.type) && !c.shown)) return undefined;
  return columns
    .map((c, i) => {
      const name = quoteIdentifier(duckNames[i]!);
      if (!holdsZoned(c.type) || c.shown) return name;
      const column = c.name ?? `_col${i}`;
      return `${zonedText(t, name, c.type, column)} AS ${name}`;
    })
    .join(', ');
}

/** Whether a type is or holds a timestamp with time zone (whose DuckDB value lacks the zone Athena shows). */
function holdsZoned(type: SqlType): boolean {
  if (type.kind === 'timestamptz') return true;
  if (type.kind === 'array') return holdsZoned(type.element);
  if (type.kind === 'map') return holdsZoned(type.key) || holdsZoned(type.value);
  if (type.kind === 'row') return type.fields.some((f) => holdsZoned(f.type));
  return false;
}

/**
 * A timestamp with time zone as Athena shows it (`2022-06-15 12:25:00.000 UTC`), also inside arrays (DuckDB's own
 * text of the value inside a list is `…+00`); inside a map or a row it is refused by name.
 */
function zonedText(t: Translator, value: string, type: SqlType, column: string): string {
  if (type.kind === 'array') return `list_transform(${value}, lambda e: ${zonedText(t, 'e', type.element, column)})`;
  if (type.kind !== 'timestamptz') throw t.unsupported(0, `a timestamp with time zone inside a ${type.kind} in a result (${column})`);
  if (type.zone === undefined)
    throw t.unsupported(
      0,
      `a result column of type timestamp with time zone whose zone is only known when the query runs (${column})`,
      "it is shown when it comes from the text (from_iso8601_timestamp(col)) to the result through SELECTs, subqueries and WITH queries without DISTINCT, GROUP BY, a set operation or a view; CAST(from_iso8601_timestamp(col) AS varchar) gives Athena's text of it wherever it is made",
    );
  return `${text(temporalText(localIn(value, type.zone), 'timestamp', type.precision))} || ${str(` ${type.zone}`)}`;
}

/** Whether Trino's INSERT takes a value of `from` into a column of the Hive type `to` (an implicit conversion). */
export function insertable(from: SqlType, hiveType: string): boolean {
  try {
    return canCoerce(from, sqlTypeOfHive(parseHiveType(hiveType)));
  } catch {
    return true;
  }
}

function tableReferences(t: Translator, root: ParseTree): TableReference[] {
  const out: TableReference[] = [];
  const seen = new Set<string>();
  const walk = (node: ParseTree): void => {
    if (node instanceof P.TableNameContext || node instanceof P.TableContext) {
      const ref = node instanceof P.TableNameContext ? (node.tableOrViewName().tableRef() ?? node.tableOrViewName().viewRef()!) : node.tableRef();
      const parts = ref.identifier().map((i) => t.identifier(i));
      const name = parts[parts.length - 1]!;
      const database = parts.length >= 2 ? parts[parts.length - 2] : undefined;
      const key = `${database ?? ''}.${name}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ ...(database !== undefined ? { database } : {}), name, at: offsetOf(ref) });
      }
    }
    for (let i = 0; i < node.getChildCount(); i++) walk(node.getChild(i)!);
  };
  walk(root);
  return out;
}
