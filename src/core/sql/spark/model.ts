/**
 * The typed nodes in the middle of the Spark SQL translation: every translated expression is its DuckDB SQL, its
 * Spark type (held in the shared type model, see dialects/sqlType.ts and types.ts) and the name Spark gives a
 * column made of it; every relation in a FROM clause is the columns it offers, each with the SQL that reads it.
 */
import type { Sql } from '../dialects/emit';
import type { SqlType } from '../dialects/sqlType';

/** A translated expression. */
export interface Typed {
  sql: Sql;
  type: SqlType;
  /** source offset of the expression */
  at: number;
  /**
   * a constant's value (a literal, or an expression folded at translation time): strings, numbers (doubles and
   * integers that fit in a double), booleans, NULL; decimals and big integers as their text in `exact`
   */
  value?: string | number | boolean | null;
  /** the exact text of a numeric constant (decimals, bigints) */
  exact?: string;
  /**
   * The column name Spark gives a select item made of this expression alone (Spark's `toPrettySQL`: `a`,
   * `(a + 1)`, `upper(name)`, `CAST(x AS INT)`); undefined where the translation does not reproduce it.
   */
  name?: string;
  /** true for an expression that needs no parentheses inside a larger one (a name, a literal, a call) */
  atom?: boolean;
  /** an aggregate function is in it (GROUP BY checks) */
  aggregate?: boolean;
  /** a reference to a column, a struct field or a lambda variable (Spark's NamedExpression: struct(…) keeps its name) */
  column?: true;
  /** the alias given to it (a struct field's name in `struct(x AS a)`) */
  alias?: string;
  /** a day-time interval of whole days (`INTERVAL 2 DAY`): date + it is a date, not a timestamp */
  dayInterval?: true;
  /** a map made only of string constants (`map('timestampFormat', 'dd/MM/yyyy')`, an options argument) */
  constantMap?: [string, string][];
  /** a lambda argument (`x -> x + 1`): translated by the function that takes it, once its parameters' types are known */
  lambda?: LambdaArg;
}

/** A lambda, as written: its parameters and its body (a parse tree node). */
export interface LambdaArg {
  params: string[];
  /** the body's parse tree (an ExpressionContext) */
  body: unknown;
  /**
   * a DataFrame Column's lambda (a Python function PySpark calls on lambda variables, columnCall.ts): the body
   * translated by its caller once the parameters' types are known; `params` are then the variables' SQL names
   */
  compile?: (types: SqlType[]) => Typed;
}

/** A column a relation offers to the expressions of a query. */
export interface ScopeColumn {
  /** as Spark names it (case kept; resolution is case-insensitive) */
  name: string;
  type: SqlType;
  /** the DuckDB SQL that reads it */
  ref: Sql;
}

/** A relation of a FROM clause, as expressions see it. */
export interface ScopeRelation {
  /** the names a column may be qualified with (an alias, or a table's name and `db.name`), lower case */
  qualifiers: string[][];
  columns: ScopeColumn[];
}

/** A WITH query or a view the statement may read, as later relations see it. */
export interface NamedRelation {
  /** the DuckDB name of the relation */
  duckName: string;
  columns: { name: string; duckName: string; type: SqlType }[];
}

/** What the names of an expression resolve against. */
export interface Scope {
  relations: ScopeRelation[];
  /** the enclosing query's scope (correlated subqueries) */
  parent?: Scope;
  /** lambda parameters in force (lower case) */
  lambdas?: Map<string, Typed>;
  /** WITH queries visible here (lower case) */
  ctes?: Map<string, NamedRelation>;
  /** the select list, for ORDER BY and HAVING (names of output columns) */
  outputs?: { name: string; typed: Typed; duckName: string }[];
  /** columns merged by JOIN … USING: an unqualified name finds the merged column */
  using?: Map<string, ScopeColumn>;
}

/** A column of a query's result. */
export interface OutputColumn {
  /** Spark's name of the column (an alias, a column's name, or Spark's text of the expression) */
  name: string;
  type: SqlType;
  /** true when `name` is Spark's text of an expression the translation may not reproduce exactly */
  uncertainName?: boolean;
  /** where that expression is (an offset in the statement's text) */
  at?: number;
}

/** A translated query. */
export interface QueryOut {
  sql: Sql;
  columns: OutputColumn[];
  /** the DuckDB names of the columns (unique) */
  duckNames: string[];
}

/** A relation the statement may read by name: a frame of the job (the SQL Query node's mapping) or a temp view. */
export interface ViewInfo {
  /** the DuckDB SQL of the relation (a view's name, quoted) */
  duckName: string;
  columns: { name: string; type: SqlType }[];
}

/** Glue 4.0 runs Spark 3.3, Glue 5.0 Spark 3.5; where their semantics differ the job's version decides. */
export type GlueVersion = '4.0' | '5.0';

/** spark.sql.legacy.timeParserPolicy's values the local engine applies */
export type TimeParserPolicy = 'EXCEPTION' | 'CORRECTED';

export interface SparkTranslateOptions {
  /** where the statement's text starts in its file */
  base?: { line: number; column: number };
  /** the job's `glueVersion` (default 5.0) */
  glueVersion?: string;
  /**
   * spark.sql.legacy.timeParserPolicy as the job sets it (spark.conf.set): EXCEPTION, Spark's default, or CORRECTED
   * (text the new parser cannot read is NULL); LEGACY (SimpleDateFormat's lenient parse) is refused where it is set
   */
  timeParserPolicy?: TimeParserPolicy | undefined;
  /** relations by name (the SQL Query node's aliases, temp views): case-insensitive */
  views?: Readonly<Record<string, ViewInfo>>;
}
