/**
 * The typed nodes in the middle of the Athena translation: every translated expression is its DuckDB SQL and its
 * Trino type; every relation in a FROM clause is the columns it offers, each with the SQL that reads it.
 */
import type { Sql } from '../dialects/emit';
import type { SqlType } from '../dialects/sqlType';

/** A translated expression. */
export interface Typed {
  sql: Sql;
  type: SqlType;
  /** source offset of the expression */
  at: number;
  /** a literal's value (strings, numbers, booleans, NULL), for arguments that must be constants */
  value?: string | number | boolean | null;
  /** the column name Trino gives a select item made of this expression alone (column references, fields) */
  name?: string;
  /** true for an expression that needs no parentheses inside a larger one (a name, a literal, a call) */
  atom?: boolean;
  /** a lambda argument: its parameters' SQL names and its body (rules apply it by substituting the parameters) */
  lambda?: { params: string[]; body: Sql; typed?: Typed };
  /**
   * A timestamp with time zone whose zone is only known when the query runs (its type has no zone) but which this
   * expression can still say: its local date-time there (TIMESTAMP) and the zone as Trino names it (`UTC`,
   * `+01:00`). Valid in this expression only (a column of a subquery holds the instant alone).
   */
  rowZone?: { local: Sql; zone: Sql };
}

/** A column a relation offers to the expressions of a query. */
export interface ScopeColumn {
  /** lower case; absent for an anonymous column (`SELECT 1` in a subquery, UNNEST without aliases) */
  name?: string;
  type: SqlType;
  /** the DuckDB SQL that reads it */
  ref: Sql;
  /** not part of `*` (`"$path"`) */
  hidden?: boolean;
  /** a per-row zoned timestamp's local date-time and zone, read from the subquery's companion columns (Typed.rowZone) */
  rowZone?: { local: Sql; zone: Sql };
}

/** A relation of a FROM clause, as expressions see it. */
export interface ScopeRelation {
  /**
   * The names a column may be qualified with: an alias (`['c']`), or a table's full name (`['awsdatacatalog',
   * 'stedi', 'customer']`, whose suffixes `stedi.customer` and `customer` qualify too).
   */
  qualifier: string[];
  columns: ScopeColumn[];
}

/** A WITH query, as later relations see it. */
export interface Cte {
  duckName: string;
  columns: { name?: string; duckName: string; type: SqlType; hidden?: boolean; companions?: { local: number; zone: number } }[];
}

/** What the names of an expression resolve against. */
export interface Scope {
  relations: ScopeRelation[];
  /** the enclosing query's scope (correlated subqueries) */
  parent?: Scope;
  /** lambda parameters in force */
  lambdas?: Map<string, Typed>;
  /** columns merged by JOIN … USING: an unqualified name finds the merged column */
  using?: Map<string, ScopeColumn>;
  /** WITH queries visible here */
  ctes?: Map<string, Cte>;
  /** the select list, for ORDER BY (names of output columns come before input columns) */
  outputs?: { name?: string; typed: Typed }[];
}

/** A translated query. */
export interface QueryOut {
  sql: Sql;
  columns: OutputColumn[];
}

export interface OutputColumn {
  /** absent for an anonymous column, which Trino names `_col<i>` in a result */
  name?: string;
  type: SqlType;
  /** the column's DuckDB value is already Athena's text of it (a displayed result's per-row zoned timestamp) */
  shown?: boolean;
  /**
   * Not a column of the query as Trino sees it: a companion a subquery or WITH query carries for a timestamp with time
   * zone whose zone only its row knows (the local date-time, the zone), so that the query reading it keeps
   * Typed.rowZone. Never part of `*`.
   */
  hidden?: boolean;
  /** the indices of this column's companions (see `hidden`) */
  companions?: { local: number; zone: number };
}

/** A catalog table or view as the translation needs it: its columns and their types. */
export interface TableInfo {
  database: string;
  name: string;
  columns: { name: string; type: SqlType; hidden?: boolean }[];
  /** the DuckDB relation that reads it, when not its own view (`"db"."name"`): a table read with its hidden columns */
  relation?: string;
}

export interface TranslateOptions {
  /** where the statement's text starts in its file */
  base?: { line: number; column: number };
  /** the database of unqualified table names */
  defaultDatabase?: string;
  /** a catalog table or view; undefined when the catalog has none of that name */
  table(database: string, name: string): TableInfo | undefined;
  /** whether the catalog has the database (for the error of a missing table) */
  database?(name: string): boolean;
  /**
   * The result is shown to a user (a SELECT's rows), not written: a result column that Athena shows with a zone only
   * known row by row (`from_iso8601_timestamp(col)`) may then be Athena's text of it.
   */
  display?: boolean;
}

/** A table name a statement refers to, with its position. */
export interface TableReference {
  database?: string;
  name: string;
  at: number;
}
