/**
 * What compiling a plan node gives (its FROM and select list, or a whole query) and what a compiler may ask of the run
 * (its frames, queries on its connection, the Spark SQL translator): shared by the compilers of Glue transforms
 * (nodeSql.ts) and of DataFrame methods (dataframeNodes.ts).
 */
import type { PlanNode } from '../../jobs/plan';
import type { CatalogTable } from '../../model';
import { ident } from './duck';
import type { Frame, FrameCol } from './frames';
import type { SparkText } from './sparkExpr';
import type { PreparedSparkQuery } from './sparkSql';

/** One output column of a node: its SQL, its name (undefined: DuckDB's name for it) and the frames it passes through. */
export interface OutputCol {
  sql: string;
  name?: string;
  ids: string[];
  /** Spark's nullability (FrameCol.nullable); absent: nullable */
  nullable?: false | string;
  /** the expression that computes it (not a field passed through): a nested type's inner nullability is not followed */
  made?: string;
}

export interface CompiledNode {
  /** FROM and what follows; the select list comes from `cols` (undefined: the SQL is a whole query) */
  from?: string;
  cols?: OutputCol[];
  /** a whole SELECT (set operations, the SQL Query node): names come from DuckDB */
  query?: string;
  /** an SQL node's Spark SQL as translated: maps DuckDB's errors back to the query's text */
  spark?: PreparedSparkQuery;
  /** ids each output column passes through, by position, for a whole query */
  ids?: string[][];
  /** SELECT DISTINCT, or DISTINCT ON these columns */
  distinct?: boolean;
  distinctOn?: string[];
  notes?: string[];
}

export interface NodeContext {
  file: string;
  frame(id: string): Frame;
  /** top-level fields of a frame whose NULL is known to be a missing key (JSON sources); see jobRunner */
  absentOnly(id: string, fields: string[], options?: { scan?: boolean }): Promise<Set<string>>;
  /** runs a query on the run's connection, rows as JSON */
  query(sql: string): Promise<unknown[][]>;
  /** the plan's df.alias names: alias (lower case) → node id */
  aliases: Map<string, string[]>;
  /**
   * an SQL node's Spark SQL translated over `frames` (name → relation), its text starting at `base` in the script;
   * `columns`: the relations whose columns are known (name → their names and DuckDB types, as DESCRIBE gives them)
   */
  sparkQuery(text: string, frames: Record<string, string>, base: { line: number; column: number }, columns?: Record<string, { name: string; type: string }[]>): Promise<PreparedSparkQuery>;
  /** a catalog table a node names (resolveChoice's match_catalog), fetched before the run */
  catalogTable(database: string, table: string): CatalogTable | undefined;
  /** the Spark SQL translator for SQL expression strings, loaded when the plan has any (sqlExpressions) */
  spark?: SparkText;
  /**
   * whether a field is one of a CSV read's, unchanged: Glue's CSV reader types its whole numbers `long` whatever their
   * size (a ChoiceType's members too: glueSchema.ts choiceMemberSql), where its JSON reader types those that fit in 32
   * bits `int`
   */
  wholeAsLong(c: FrameCol): boolean;
  /**
   * where `cols` hold several fields of a Relationalize root table in their order there, which Glue does not document
   * (relationalize.ts rootTableOrder): the root table's construct and line, and those fields
   */
  rootOrder?(cols: FrameCol[]): { root: { construct: string; line: number }; names: string[] } | undefined;
}

/** A field passed through unchanged (qualified by `qual`, the side of a join). */
export const passThrough = (c: FrameCol, node: string, qual?: string): OutputCol => ({ sql: qual ? `${qual}.${ident(c.phys)}` : ident(c.phys), name: c.name, ids: [...c.ids, node], ...(c.nullable !== undefined ? { nullable: c.nullable } : {}) });

/** Where a message about a node points: its line, and the text named. */
export const nodePos = (node: PlanNode, text: string = node.kind) => ({ line: node.line, column: 1, text });
