/**
 * Spark SQL → DuckDB: the entry of the translation of a Glue job's Spark SQL — the SQL Query node's query,
 * `spark.sql(…)` text, and the SQL expression strings of DataFrame calls (`filter("…")`, `expr("…")`,
 * `selectExpr`). A statement is parsed with Spark's own grammar and translated with the columns' types into DuckDB
 * SQL that gives Spark's answer (non-ANSI, the session time zone UTC, as Glue runs it) — or refused by name:
 * `<name> is not supported by the local engine (Spark has it)`, at its position.
 *
 * This module and what it imports (the grammar, antlr4ng) is loaded the first time Spark SQL is translated
 * (targets/local/sparkSql.ts).
 */
import * as P from 'dt-sql-parser/dist/lib/spark/SparkSqlParser';
import { render, type SourceSpan } from '../dialects/emit';
import type { SqlType } from '../dialects/sqlType';
import { quoteIdentifier } from '../lexer';
import { expr } from './expressions';
import type { Scope, SparkTranslateOptions, ViewInfo } from './model';
import { parseSparkExpression, parseSparkStatement } from './parser';
import { query } from './queries';
import { resetBindNames } from './sqlText';
import { Translator } from './translator';
import { sparkTypeName, sparkTypeOf, sparkTypeOfDuckDb } from './types';

export type { GlueVersion, SparkTranslateOptions, ViewInfo } from './model';
export { sparkTypeName, sparkTypeOfDuckDb } from './types';
export { renderSpark } from './render';

export interface SparkColumn {
  /** Spark's name of the column (duplicates possible, as in Spark) */
  name: string;
  type: SqlType;
  /** Spark's type name: `int`, `array<string>`, `struct<a:int>` */
  typeName: string;
  /** the name is Spark's text of an expression the translation may not reproduce exactly (give it an alias) */
  uncertainName?: boolean;
  /** with uncertainName: where the expression is (an offset in the text) */
  at?: number;
}

export interface TranslatedSparkQuery {
  /** the DuckDB SQL, its columns named `duckNames` */
  sql: string;
  /** where each part of `sql` came from in the source (for DuckDB's error positions) */
  spans: SourceSpan[];
  columns: SparkColumn[];
  /** the DuckDB names of the columns (unique, case-insensitively) */
  duckNames: string[];
  /** `sql` with its columns renamed to Spark's names (wrapped: `SELECT "d" AS "Name", … FROM (…)`) */
  named: string;
}

/** The DuckDB `SELECT d AS "Name", … FROM (sql)` that gives a translated query Spark's column names. */
function withSparkNames(sqlText: string, duckNames: string[], columns: SparkColumn[]): string {
  if (columns.every((c, i) => c.name === duckNames[i])) return sqlText;
  return `SELECT ${duckNames.map((d, i) => `${quoteIdentifier(d)} AS ${quoteIdentifier(columns[i]!.name)}`).join(', ')} FROM (\n${sqlText}\n)`;
}

/**
 * Translates a Spark SQL query (SELECT, WITH, VALUES, TABLE, set operations) over the relations in
 * `options.views` (the SQL Query node's aliases, temp views). Syntax errors, Spark's analysis errors and refusals
 * are LakehouseErrors positioned in the statement's file (`options.base`).
 */
export function translateSparkQuery(text: string, options: SparkTranslateOptions = {}): TranslatedSparkQuery {
  resetBindNames();
  const { tree } = parseSparkStatement(text, options.base);
  const t = new Translator(text, options);
  if (!(tree instanceof P.StatementDefaultContext)) {
    const from = tree.start?.start ?? 0;
    const words = text.slice(from).match(/^[A-Za-z]+(?:\s+[A-Za-z]+)?/)?.[0]?.replace(/\s+/, ' ').toUpperCase() ?? 'this statement';
    throw t.unsupported(tree, `${words} statements in a job's Spark SQL`, 'only queries are translated');
  }
  const out = query(t, tree.query());
  const rendered = render(out.sql);
  const columns = out.columns.map((c) => ({ name: c.name, type: c.type, typeName: sparkTypeName(c.type), ...(c.uncertainName ? { uncertainName: true, ...(c.at !== undefined ? { at: c.at } : {}) } : {}) }));
  return { sql: rendered.text, spans: rendered.spans, columns, duckNames: out.duckNames, named: withSparkNames(rendered.text, out.duckNames, columns) };
}

export interface TranslatedSparkExpression {
  sql: string;
  spans: SourceSpan[];
  type: SqlType;
  typeName: string;
  /** Spark's name of a column made of the expression (undefined where not reproduced) */
  name?: string;
  /** an aggregate function is in it */
  aggregate: boolean;
}

/**
 * Translates one Spark SQL expression (the text of `expr("…")`, `filter("…")`, one `selectExpr` item) over the
 * columns of a frame: `columns` are the frame's columns with their types, read as `ref` (default: the quoted name).
 */
export function translateSparkExpression(
  text: string,
  options: SparkTranslateOptions & { columns: readonly { name: string; type: SqlType | string; ref?: string }[]; qualifier?: string } = { columns: [] },
): TranslatedSparkExpression {
  resetBindNames();
  const { tree } = parseSparkExpression(text, options.base);
  const t = new Translator(text, options);
  const scope: Scope = {
    relations: [
      {
        qualifiers: options.qualifier ? [[options.qualifier.toLowerCase()]] : [],
        columns: options.columns.map((c) => ({ name: c.name, type: typeof c.type === 'string' ? sparkTypeOfDuckDb(c.type) : c.type, ref: c.ref ?? quoteIdentifier(c.name) })),
      },
    ],
  };
  const e = expr(t, tree, scope);
  const rendered = render(e.sql);
  return { sql: rendered.text, spans: rendered.spans, type: e.type, typeName: sparkTypeName(e.type), ...(e.name !== undefined ? { name: e.name } : {}), aggregate: !!e.aggregate };
}

/**
 * Statements shaped as Glue jobs' Spark SQL, translated once by `warmUp`: ANTLR builds its lexer's and parser's
 * prediction caches (DFAs) as statements teach it, so a first statement of a new shape costs tens of milliseconds
 * (hundreds for the very first); after these, most cost about a millisecond (scripts/bench-spark-translate.ts).
 */
const WARM_UP = [
  "SELECT a, b AS c, count(*) AS n, sum(x) FROM t WHERE y = 'z' AND w > 1.5 OR v IS NULL GROUP BY a, b HAVING count(*) > 0 ORDER BY n DESC NULLS LAST LIMIT 10",
  'WITH q AS (SELECT * FROM t) SELECT DISTINCT q.a, q.`b c` FROM q JOIN u USING (id) LEFT ANTI JOIN v ON q.k = v.k WHERE q.a IN (SELECT b FROM w) UNION ALL SELECT 1, 2',
  "SELECT CAST(a AS STRING), CAST(b AS DECIMAL(10, 2)), CASE WHEN c BETWEEN 1 AND 2 THEN 'x' ELSE NULL END, coalesce(d, 0), nvl(e, 1), if(x > 1, 1, 2), a <=> b, a || \"s\", 7 / 2, 7 div 2, 7 % 2 FROM t",
  "SELECT date_format(ts, 'yyyy-MM-dd HH:mm:ss'), to_date(s, 'yyyy-MM-dd'), to_timestamp(s), unix_timestamp(s, 'yyyy-MM-dd'), from_unixtime(n), current_date(), date_add(d, 1), DATE '2020-01-01', TIMESTAMP '2020-01-01 00:00:00', INTERVAL 1 DAY FROM t",
  "SELECT el, pos, size(arr), array(1, 2), map('a', 1), struct(a, b), named_struct('x', 1), arr[0], m['k'], st.f, transform(arr, x -> x + 1), filter(arr, (x, i) -> x > i) FROM t LATERAL VIEW OUTER posexplode(arr) p AS pos, el",
  "SELECT explode(split(s, ',')) AS w, regexp_extract(s, '([0-9]+)', 1), regexp_replace(s, '\\\\s+', ' '), substring(s, -3, 2), concat_ws('-', a, b), get_json_object(j, '$.a[0]'), from_json(j, 'a INT, b STRING'), to_json(named_struct('a', 1)) FROM t",
  'SELECT row_number() OVER (PARTITION BY a ORDER BY b DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), lag(c, 1) OVER w, collect_list(d) OVER w, collect_set(e) OVER (PARTITION BY a) FROM t WINDOW w AS (ORDER BY a)',
  'VALUES (1, 2e0, -3.25BD, 4L, 5S, 6Y, 7D), (8, 9, 10, 11, 12, 13, 14)',
  // as Glue Studio's SQL Query node suggests it: lower case, aliases without AS
  'select a.x, a.y as z, b.* from t a inner join u b on a.k = b.k where a.x in (select c.w from v c) and b.d is not null and not exists (select 1 from w)',
  'select * from t',
];

/**
 * Warms the grammar's caches (WARM_UP), one statement at a time with `pause` between them so that the host's
 * event loop keeps turning (the job runner calls it in the background when a job with Spark SQL starts).
 */
export async function warmUp(pause: () => Promise<void> = () => new Promise((r) => setImmediate(r))): Promise<void> {
  const column = (name: string, type: SqlType): { name: string; type: SqlType } => ({ name, type });
  const str: SqlType = { kind: 'varchar' };
  const int: SqlType = { kind: 'integer' };
  const columns = [
    ...['a', 'b', 'c', 'd', 'e', 'f', 'y', 'k', 'id', 's', 'j', 'b c'].map((n) => column(n, str)),
    ...['x', 'w', 'v', 'n'].map((n) => column(n, int)),
    column('ts', { kind: 'timestamp', precision: 6 }),
    column('arr', { kind: 'array', element: int }),
    column('m', { kind: 'map', key: str, value: int }),
    column('st', { kind: 'row', fields: [{ name: 'f', type: int }] }),
  ];
  const view: ViewInfo = { duckName: 't', columns };
  for (const q of WARM_UP) {
    try {
      translateSparkQuery(q, { views: { t: view, u: view, v: view, w: view } });
    } catch {
      // (an analysis error past the parse, which is what warms, changes nothing)
    }
    await pause();
  }
}

/** A frame or view as the translation reads it: its DuckDB relation and its columns with DuckDB types. */
export function viewOfDuckDb(duckName: string, columns: readonly { name: string; type: string }[]): ViewInfo {
  return { duckName, columns: columns.map((c) => ({ name: c.name, type: sparkTypeOfDuckDb(c.type) })) };
}

/** A Spark type name (`int`, `decimal(10,2)`, `array<struct<a:int>>`, `void`) as a type, by Spark's own grammar. */
export function sparkTypeOfName(text: string): SqlType {
  if (text.trim().toLowerCase() === 'void') return { kind: 'unknown' };
  const parsed = parseSparkExpression(`CAST(NULL AS ${text})`);
  const dt = parsed.tree.booleanExpression().valueExpression()?.primaryExpression()?.dataType();
  if (!dt) throw new Error(`not a Spark type: ${text}`);
  return sparkTypeOf(dt);
}
