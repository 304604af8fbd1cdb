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
import { offsetOf, Translator } from './translator';
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
    const words = tree.getText().match(/^[A-Za-z]+/)?.[0]?.toUpperCase() ?? 'this statement';
    throw t.unsupported(tree, `${words} statements in a job's Spark SQL`, 'only queries are translated');
  }
  const out = query(t, tree.query());
  const rendered = render(out.sql);
  const columns = out.columns.map((c) => ({ name: c.name, type: c.type, typeName: sparkTypeName(c.type), ...(c.uncertainName ? { uncertainName: true } : {}) }));
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
  void offsetOf;
  return { sql: rendered.text, spans: rendered.spans, type: e.type, typeName: sparkTypeName(e.type), ...(e.name !== undefined ? { name: e.name } : {}), aggregate: !!e.aggregate };
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
