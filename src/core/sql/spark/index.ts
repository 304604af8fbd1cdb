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
import { columnName, expr, namedItem } from './expressions';
import { generatorColumns, GENERATORS } from './functions/generators';
import type { Scope, SparkTranslateOptions, Typed, ViewInfo } from './model';
import { parseSparkNamedExpression, parseSparkStatement } from './parser';
import { query } from './queries';
import { resetBindNames } from './sqlText';
import { offsetOf, Translator } from './translator';
import { sparkTypeName, sparkTypeOfDuckDb } from './types';

export type { GlueVersion, SparkTranslateOptions, ViewInfo } from './model';
export { sparkTypeName, sparkTypeOfDuckDb } from './types';
export { renderSpark } from './render';
export { sparkTypeOfName, translateColumnCall, translateColumnCase, translateColumnCast, translateColumnOperator, translateColumnSql, translateColumnGenerator, type ColumnArg, type ColumnCallOptions, type ColumnLiteral, type TranslatedColumn } from './columnCall';
export { predictionSnapshot, restorePredictions } from './parser';

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
  /** Spark's name of a column made of the expression — its alias, if it has one (undefined where not reproduced) */
  name?: string;
  /** an aggregate function is in it */
  aggregate: boolean;
  /** a generator's column (`explode(a)`: one row per element) */
  generator?: boolean;
  /** a column of the frame read as it is (a name, or one of the columns `*` stands for): `sql` is its `ref` */
  column?: boolean;
  /** one of the columns `*` stands for */
  star?: boolean;
}

/** A relation the expression reads: columns with their types, the names that qualify them (`df.alias("a")`). */
export interface SparkExpressionRelation {
  qualifiers?: readonly string[];
  /** each column as Spark names it, its type (DuckDB's type text, or the type) and the DuckDB SQL that reads it (`ref`) */
  columns: readonly { name: string; type: SqlType | string; ref?: string }[];
}

export interface SparkExpressionOptions extends SparkTranslateOptions {
  /** the frame's columns (one relation, qualified by `qualifier` when given) */
  columns?: readonly { name: string; type: SqlType | string; ref?: string }[];
  qualifier?: string;
  /** the relations instead (a join's two sides, columns of aliased frames) */
  relations?: readonly SparkExpressionRelation[];
  /** a generator (`explode(…)`) may be the expression (a select item, `withColumn`): Spark allows it there only */
  generator?: boolean;
  /** the expression is a filter's condition (`filter("…")`, a DQDL where clause): it must be a boolean, as Spark's Filter requires */
  condition?: boolean;
}

function expressionScope(options: SparkExpressionOptions): Scope {
  const relations = options.relations ?? [{ qualifiers: options.qualifier ? [options.qualifier] : [], columns: options.columns ?? [] }];
  return {
    relations: relations.map((r) => ({
      qualifiers: (r.qualifiers ?? []).map((q) => [q.toLowerCase()]),
      columns: r.columns.map((c) => ({ name: c.name, type: typeof c.type === 'string' ? sparkTypeOfDuckDb(c.type) : c.type, ref: c.ref ?? quoteIdentifier(c.name) })),
    })),
  };
}

/**
 * Translates one select item written as Spark SQL — the text of `expr("…")`, of one `selectExpr` argument, of a
 * `filter("…")` condition — over the columns of a frame, as Spark's `parseExpression` reads it (a named expression:
 * `a + 1 AS b`, `explode(m) AS (k, v)`, `*`, `t.*`). Gives one item per column it makes: `*` the frame's columns, a
 * generator its columns (when `options.generator`), anything else one. Spark's analysis errors and refusals are
 * LakehouseErrors positioned in the text's file (`options.base`).
 */
export function translateSparkItems(text: string, options: SparkExpressionOptions = {}): TranslatedSparkExpression[] {
  resetBindNames();
  const { tree } = parseSparkNamedExpression(text, options.base);
  const t = new Translator(text, options);
  const scope = expressionScope(options);
  const item = namedItem(t, tree);
  const finish = (e: Typed, name: string | undefined, extra: { generator?: boolean; column?: boolean; star?: boolean } = {}): TranslatedSparkExpression => {
    const rendered = render(e.sql);
    return { sql: rendered.text, spans: rendered.spans, type: e.type, typeName: sparkTypeName(e.type), ...(name !== undefined ? { name } : {}), aggregate: !!e.aggregate, ...extra };
  };
  if (item.star) {
    const qualifier = item.star.qualifiedName().flatMap((qn) => qn.identifier().map((i) => t.identifier(i).toLowerCase()));
    const relations = scope.relations.filter((r) => qualifier.length === 0 || r.qualifiers.some((q) => q.length >= qualifier.length && qualifier.every((x, i) => x === q[q.length - qualifier.length + i])));
    if (relations.length === 0) throw t.fail(item.star, `[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve ${qualifier.map((x) => `\`${x}\``).join('.')}.* given input columns.`);
    if (item.alias) throw t.fail(item.star, "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in an aliased expression.");
    return relations.flatMap((r) => r.columns.map((c) => finish({ sql: c.ref, type: c.type, at: 0, name: c.name, column: true }, c.name, { column: true, star: true })));
  }
  const alias = item.alias ? t.identifier(item.alias) : undefined;
  const multi = item.aliases?.identifierSeq().errorCapturingIdentifier().map((i) => t.identifier(i));
  const call = item.expression?.booleanExpression().valueExpression()?.primaryExpression();
  const fname = call?.functionName()?.getText().toLowerCase();
  if (call && fname && GENERATORS.has(fname) && !item.expression!.booleanExpression().predicate()) {
    if (!options.generator) throw t.fail(call, `[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT] The generator is not supported: outside the SELECT clause, but got ${fname}(…).`);
    const args = call.functionArgument().map((a) => expr(t, a.expression()!, scope));
    const cols = generatorColumns(t, fname, args, call);
    const names = multi ?? (alias !== undefined ? [alias] : undefined);
    if (names && names.length !== cols.length)
      throw t.fail(tree, `[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${cols.length} aliases, but got ${names.join(', ')}.`);
    return cols.map((c, i) => finish({ sql: c.sql, type: c.type, at: offsetOf(call) }, names?.[i] ?? c.name, { generator: true }));
  }
  if (multi) throw t.fail(tree, '[MULTI_ALIAS_WITHOUT_GENERATOR] Multi part aliasing is only supported with a generator function.');
  const e = item.column ? columnName(t, item.column, scope) : expr(t, item.expression!, scope);
  return [finish(e, alias ?? e.name, e.column && alias === undefined ? { column: true } : {})];
}

/**
 * Translates one Spark SQL expression (the text of `expr("…")`, `filter("…")`, a Derived Column's expression) over
 * the columns of a frame: `columns` are the frame's columns with their types, read as `ref` (default: the quoted
 * name). An alias names it (`a + 1 AS b`); `*` and generators making several columns are refused, as Spark refuses
 * them where one value is wanted.
 */
export function translateSparkExpression(text: string, options: SparkExpressionOptions = {}): TranslatedSparkExpression {
  const items = translateSparkItems(text, options);
  if (items.length !== 1 || items[0]!.star) {
    const t = new Translator(text, options);
    throw t.fail(0, items.some((i) => i.generator) ? `[UDTF_ALIAS_NUMBER_MISMATCH] The generator makes ${items.length} columns where one value is wanted.` : "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression.");
  }
  const item = items[0]!;
  if (!options.condition || item.type.kind === 'boolean') return item;
  // a NULL condition is a NULL boolean (Spark's type coercion); another type fails as Spark's Filter does
  if (item.type.kind === 'unknown') return { ...item, sql: `CAST(${item.sql} AS BOOLEAN)`, type: { kind: 'boolean' }, typeName: 'boolean' };
  throw new Translator(text, options).fail(0, `[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve "${item.name ?? text}" due to data type mismatch: the filter expression must be of the boolean type, not "${item.typeName.toUpperCase()}".`);
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
