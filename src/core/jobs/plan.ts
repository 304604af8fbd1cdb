/**
 * A job plan: what a Glue Studio PySpark script does, read from its syntax tree (script.ts, interpreter.ts) without
 * running it. The local runner executes plans on DuckDB; the AWS target deploys the script itself.
 *
 * Nodes appear in script order, and every node's inputs are nodes that come before it. Node ids are the Python
 * variables; a variable assigned twice gets `<variable>@<line>` for its later assignments, and a frame no variable
 * holds (a step of a chain such as `df.filter(…).select(…)`) gets `<variable>@<line>:<column>` of its call, so ids
 * stay unique. Lines are 1-based.
 */
import type { ColExpr, Pos, PyConst, RowExpr } from './expr';

export type PlanFormat = 'json' | 'parquet' | 'csv';

interface Base {
  /** the Python variable the node is assigned to, e.g. `CustomerLanding_node1` */
  id: string;
  /** line of the assignment (of the call, for a step of a chain) */
  line: number;
  /** the Glue Studio node name, from the `# Script generated for node <Name>` comment above it */
  name?: string;
}

/** How a DataFrame join is written: `on="k"` / `on=["a","b"]` (one column per name), a Column condition, or none. */
export type JoinCondition = { kind: 'using'; columns: string[] } | { kind: 'expr'; expr: ColExpr } | { kind: 'cross' };
/** Spark's join types, normalized (`left_outer` → `left`, `leftsemi` → `semi`, …) */
export type JoinHow = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' | 'cross';

/** One item of a `select`: an expression, optionally named (`alias`), or every field (`*`) */
export type ProjectItem = ColExpr;

export type PlanNode = Base &
  (
    /**
     * a Data Catalog table: as a DynamicFrame (from_catalog: the fields the data has, Glue's schema on read), or, with
     * `declared`, as Spark SQL reads it (spark.table, spark.sql: the table's declared columns and types)
     */
    | {
        kind: 'catalogSource';
        database: string;
        table: string;
        declared?: true;
        /**
         * from_catalog's push_down_predicate: a Spark SQL condition over the table's partition columns, which picks the
         * catalog's partitions read (the others are not listed nor read)
         */
        pushDownPredicate?: Extract<ColExpr, { k: 'sql' }>;
      }
    | {
        kind: 's3Source';
        /** as written in the script */
        paths: string[];
        /** `text`: spark.read.text, one string field `value` per line */
        format: PlanFormat | 'text';
        recurse: boolean;
        formatOptions: Record<string, unknown>;
        /** read by Spark's DataFrameReader (`spark.read`): its defaults and `options` (header, inferSchema, sep…), its schema */
        reader?: { options: Record<string, unknown>; schema?: { name: string; type: string }[] };
      }
    | {
        kind: 'sql';
        /** the SQL text exactly as the script's string holds it (not trimmed; may end with `;`) */
        query: string;
        /** script line of the query's first line: SQL line n is script line `queryLine + n - 1` */
        queryLine: number;
        /** view alias → node id */
        mapping: Record<string, string>;
      }
    | { kind: 'dropFields'; input: string; paths: string[] }
    | { kind: 'selectFields'; input: string; paths: string[] }
    /** RenameField.apply / frame.rename_field */
    | { kind: 'renameField'; input: string; from: string; to: string }
    | { kind: 'applyMapping'; input: string; mappings: { source: string; sourceType: string; target: string; targetType: string }[] }
    /** Glue's Join.apply (an inner equi-join of DynamicFrames; both frames' fields) */
    | { kind: 'join'; left: string; right: string; leftKeys: string[]; rightKeys: string[] }
    | { kind: 'dropNullFields'; input: string }
    /**
     * SplitRows / split_rows: the records for which every comparison holds (`matching`), or all the others (`rest`);
     * Glue's operators compare a field with a constant (glue-etl-scala-apis-glue-dynamicframe-class.html, splitRows)
     */
    | { kind: 'splitRows'; input: string; comparisons: { path: string; op: SplitRowsOp; value: PyConst }[]; side: 'matching' | 'rest'; construct: string }
    /**
     * DynamicFrame.unnest / UnnestFrame.apply: every struct field becomes top-level fields named with its path (`a.b`),
     * at every level (an array field is refused when the data has one: what Glue leaves in it is not documented)
     */
    | { kind: 'unnest'; input: string; construct: string }
    /**
     * One frame of a Relationalize collection: the root table (`table` undefined: structs unnested, each array replaced
     * by a long key into its table) or the table of the top-level array field `table` (`<root>_<field>`: id, index and
     * the element as `<field>.val`, a struct element unnested as `<field>.val.<name>`)
     */
    | {
        kind: 'relationalize';
        input: string;
        root: string;
        /** where Glue stages the pivoted tables (the root table's node only): its bucket must exist, as a sink's */
        stagingPath?: string;
        table?: string;
        construct: string;
        /**
         * a table the data does not have: `dfc[key]` raises KeyError; `select(key)` (SelectFromCollection too) gives an
         * empty DynamicFrame (aws-glue-libs DynamicFrameCollection.select: `DynamicFrame.emptyDynamicFrame`)
         */
        missing?: 'KeyError' | 'empty';
      }
    /** Glue Studio's Flatten: struct fields become top-level fields named `a.b` (maxLevels 0: every level) */
    | { kind: 'flatten'; input: string; maxLevels: number; separator: string }
    /** `dropDuplicates([…])`; no columns: whole rows (also `.distinct()`) */
    | { kind: 'dropDuplicates'; input: string; columns?: string[] }
    /** a Python predicate over DynamicFrame records (Filter.apply, frame.filter) */
    | { kind: 'filter'; input: string; predicate: RowExpr; construct: string }
    /** a Python def over DynamicFrame records (Map.apply, frame.map): keys set (value) or deleted (null), records where `check` raises dropped */
    | { kind: 'map'; input: string; check: RowExpr; fields: { name: string; value: RowExpr | null; pos: Pos; readded?: true }[]; construct: string }
    /** DataFrame.filter / where: a Column or an SQL condition, with Spark's semantics */
    | { kind: 'where'; input: string; condition: ColExpr }
    /** DataFrame.select / selectExpr */
    | { kind: 'project'; input: string; items: ProjectItem[] }
    /** DataFrame.withColumn(s): a field replaced (same name, case-insensitively) or added at the end */
    | { kind: 'withColumns'; input: string; columns: { name: string; expr: ColExpr }[] }
    /** DataFrame.withColumnRenamed (case-insensitive, a missing field is no error) */
    | { kind: 'renameColumns'; input: string; renames: { from: string; to: string }[] }
    /** DataFrame.drop (case-insensitive, a missing field is no error) */
    | { kind: 'dropColumns'; input: string; columns: ColExpr[] }
    | { kind: 'dfJoin'; left: string; right: string; on: JoinCondition; how: JoinHow }
    /** union (by position) / unionByName; `distinct`: SQL's UNION (Glue Studio's Union node "DISTINCT") */
    /** `dynamic`: DynamicFrame.union, whose records keep their own types (a field of two types is a ChoiceType) */
    | { kind: 'union'; inputs: string[]; byName: boolean; allowMissing: boolean; distinct: boolean; dynamic?: boolean }
    /** groupBy(…).agg(…) / agg(…); `pivot`: groupBy(…).pivot(column, values).agg(…) */
    | { kind: 'aggregate'; input: string; groupBy: ColExpr[]; aggs: ColExpr[]; pivot?: { column: ColExpr; values?: PyConst[] }; sets?: 'rollup' | 'cube' }
    | { kind: 'orderBy'; input: string; keys: ColExpr[] }
    /**
     * Glue Studio's Pivot Rows Into Columns (gs_pivot(aggCol=…, aggFunction=…, colList=[column])): the other fields
     * grouped, one field per value of `column` holding `aggFunction` of `aggCol`
     */
    | { kind: 'gsPivot'; input: string; aggCol: string; aggFunction: string; column: string }
    /** DataFrame.fillna / na.fill: a value for the NULLs of the fields of its type (Spark's rule), or one per field */
    | { kind: 'fillna'; input: string; value?: PyConst; values?: Record<string, PyConst>; subset?: string[] }
    /** DataFrame.dropna / na.drop */
    | { kind: 'dropna'; input: string; how: 'any' | 'all'; thresh?: number; subset?: string[] }
    /** intersect / intersectAll / subtract / exceptAll */
    | { kind: 'setOp'; op: 'intersect' | 'except'; all: boolean; left: string; right: string }
    /**
     * spark.createDataFrame of rows written in the script: the fields (Spark SQL types, as PySpark inferred or the
     * StructType gave them) and the rows' values, each checked as PySpark's type verifier checks it
     */
    | { kind: 'rows'; columns: { name: string; type: string; /** Spark's nullability: spark.range's id is not nullable */ nullable?: false }[]; rows: PyConst[][] }
    /** the rule outcomes of an EvaluateDataQuality (plan.dataQuality[dq]): Rule, Outcome, FailureReason, EvaluatedMetrics */
    | { kind: 'dataQualityOutcomes'; dq: number }
    /** the row-level outcomes of an EvaluateDataQuality (plan.dataQuality[dq]) over its frame `input`: the frame's fields, DataQualityRulesPass, DataQualityRulesFail, DataQualityRulesSkip, DataQualityEvaluationResult */
    | { kind: 'dataQualityRowOutcomes'; dq: number; input: string }
    /**
     * DynamicFrame.toDF() (also inside the gs_* methods): the DataFrame Glue makes of a DynamicFrame — the same
     * records, but a ChoiceType field becomes a struct of one field per type, which is refused where it is read
     */
    | { kind: 'toDF'; input: string; construct: string; column: number; calledAt?: { fn: string; line: number; column: number } }
    /** DataFrame.toDF("a", "b", …): every field renamed, by position */
    | { kind: 'renameAll'; input: string; names: string[] }
    /** `df.alias("a")`: the same rows; `a.<field>` names this frame's fields in later expressions */
    | { kind: 'alias'; input: string; alias: string }
    | { kind: 'limit'; input: string; n: number }
    /** DataFrame.describe(cols) / summary(stats): one string row per statistic (statNodes.ts); `stats` [] is summary's default */
    | { kind: 'summary'; input: string; columns?: string[]; stats: string[] }
    /** DataFrame.replace / na.replace: `pairs` of (value, replacement) over the fields of the first value's type */
    | { kind: 'replace'; input: string; pairs: [PyConst, PyConst][]; subset?: string[] }
    /** resolveChoice: `specs` per field (cast:T, project:T, make_cols, make_struct), or `choice` for every field */
    | { kind: 'resolveChoice'; input: string; specs: { path: string; action: string }[]; choice?: string; database?: string; table?: string }
  );

export type PlanNodeKind = PlanNode['kind'];

/** The operators of Glue's splitRows: "Each operator must be one of !=, =, <=, <, >=, or >". */
export const SPLIT_ROWS_OPS = ['!=', '=', '<=', '<', '>=', '>'] as const;
export type SplitRowsOp = (typeof SPLIT_ROWS_OPS)[number];

export type PlanSink = {
  /** line of the sink's statement (for getSink: the `getSink(…)` assignment) */
  line: number;
  /** the node written */
  input: string;
  /** the variable the sink is assigned to, else its transformation_ctx */
  id?: string;
  /** the Glue Studio node name, from the `# Script generated for node <Name>` comment */
  name?: string;
} & (
  | {
      kind: 's3';
      /** `s3://bucket/prefix/`, always with a trailing slash */
      path: string;
      format: PlanFormat;
      partitionKeys: string[];
      /** getSink + setCatalogInfo with enableUpdateCatalog=True: the table the sink creates or updates */
      catalog?: { database: string; table: string };
      /** getSink's updateBehavior (`UPDATE_IN_DATABASE`, `LOG`) */
      updateBehavior?: string;
      /** from format_options / setFormat options / connection_options */
      compression?: string;
      /** the remaining format options (`writeHeader`, `separator`, …) */
      formatOptions: Record<string, unknown>;
      /** written by Spark's DataFrameWriter (`df.write`), which refuses a frame with two fields of one name */
      dataFrameWriter?: true;
      /**
       * write_dynamic_frame.from_options with format="parquet": aws-glue-libs awsglue/context.py write_from_options
       * takes "the right SparkSQL sink" for it (`Spark_SQL_Formats = {"parquet", "orc"}`: getSink's connection type
       * becomes the format, and no setFormat follows), which writes the frame as a DataFrame (jobRunner.ts: a
       * ChoiceType is written as toDF() makes it, a struct of one field per type)
       */
      sparkSqlSink?: true;
      /**
       * df.write's save modes that look at the path when the write runs (Spark's InsertIntoHadoopFsRelationCommand:
       * `fs.exists(qualifiedOutputPath)`): "error" fails the job when anything is there, "ignore" writes nothing
       */
      ifPathExists?: 'error' | 'ignore';
      /**
       * Spigot: a sample of the frame written as JSON beside the job's data (the frame goes on unchanged); `topk`: at
       * most that many records (Glue's default 100)
       */
      spigot?: { topk: number };
    }
  | { kind: 'catalog'; database: string; table: string } /* write_dynamic_frame.from_catalog */
);

/**
 * `glueContext.purge_s3_path(path, {"retentionPeriod": h, "excludeStorageClasses": […]})` — Glue deletes the objects
 * under `path` (recursively) last modified more than `h` hours before, except those of the excluded storage classes.
 */
export interface PlanPurge {
  /** as written in the script: `s3://bucket/prefix/` */
  path: string;
  line: number;
  /** Glue's `retentionPeriod` (hours; files newer are kept); Glue's default is 168 (7 days), Glue Studio scripts pass 0 */
  retentionHours: number;
  /** Glue's `excludeStorageClasses`: objects of these S3 storage classes are kept (default none) */
  excludeStorageClasses?: string[];
  /** how many sinks the script writes before this call (the purge comes between those and the next) */
  afterSinks?: number;
  /**
   * Spark's dynamic partition overwrite (df.write.mode("overwrite").partitionBy(n columns) with
   * spark.sql.sources.partitionOverwriteMode "dynamic"): only the partition folders (their first n levels) the write
   * after it writes into are replaced; the others stay
   */
  dynamicPartitions?: number;
}

/** A part of a log line: text known when the script is read, or a figure of a frame computed by the run. */
export type LogPart =
  | { text: string }
  | { count: string }
  /** `dynamic`: DynamicFrame.printSchema (Glue's tree: `|-- name: type`), else DataFrame.printSchema (Spark's) */
  | { schema: string; dynamic?: true }
  /**
   * `print(df)`: PySpark's repr of a DataFrame, `DataFrame[name: type, …]` (its dtypes); `as`: `print(df.dtypes)`,
   * the list of (name, type) tuples, `print(df.schema)`, the StructType's repr, or `print(df.schema.fields)`, the
   * list of its StructFields (sparkTypeText.ts)
   */
  | { dataFrame: string; as?: 'dtypes' | 'schema' | 'fields' }
  /**
   * `dynamic`: DynamicFrame.show (Glue's records as JSON lines), else DataFrame.show (Spark's table); `truncate`: the
   * DataFrame's cells cut to that many characters (PySpark: True is 20, False is 0 — no cut, cells left-aligned)
   */
  | { show: string; rows: number; dynamic?: true; truncate?: number }
  /** `print(df.columns)`: the frame's field names when the job runs, as Python's repr of the list (values.ts fieldNames) */
  | { fields: string; prefix: string; suffix: string; exclude: string[]; include?: string[] }
  /**
   * what DropNullFields prints when it is called (aws-glue-libs awsglue/transforms/drop_nulls.py:
   * `print("null_fields", null_fields)`): the fields of `input` the node `dropped` left out, as Python's repr of the list
   */
  | { nullFieldsOf: string; input: string }
  /**
   * `print(df.collect())` / `take(n)` / `head(n)` / `limit(n).collect()`: the rows as PySpark's Row objects print
   * (pythonRows.ts), at most `n`; `one`: `first()` / `head()`, one Row (`None` for no rows); `sorted`:
   * `sorted(df.collect())`, the Rows in Python's order of tuples
   */
  | { collect: string; n?: number; one?: true; sorted?: true };

/** `print(…)`, `logger.info(…)`, `df.show()`, `df.printSchema()`: a line (or lines) of the run's log, in script order. */
export interface PlanLog {
  line: number;
  /** where the line goes on Glue: `print` → the output log, a logger → its level */
  level: 'print' | 'info' | 'warn' | 'error' | 'debug';
  parts: LogPart[];
}

/** EvaluateDataQuality over a frame: the DQDL ruleset and the options that decide what an outcome does. */
export interface PlanDataQuality {
  line: number;
  input: string;
  /** the DQDL text */
  ruleset: string;
  /** `publishing_options` / `additional_options` as written (literal values) */
  publishingOptions: Record<string, unknown>;
  additionalOptions: Record<string, unknown>;
  /** the evaluation context, e.g. `EvaluateDataQuality_node1718049356789` */
  context?: string;
  /** additional_data_sources: alias → node id (ReferentialIntegrity, RowCountMatch, CustomSql) */
  sources?: Record<string, string>;
  /** where the ruleset's text starts, for errors */
  rulesetAt?: { line: number; column: number };
}

/** `assert <frame>.count() <op> <n>, "message"`: the run fails with Python's AssertionError when it does not hold. */
export interface PlanAssertion {
  line: number;
  column: number;
  count: string;
  op: string;
  value: number;
  message?: string;
}

export interface JobPlan {
  file: string;
  nodes: PlanNode[];
  sinks: PlanSink[];
  purges: PlanPurge[];
  logs: PlanLog[];
  dataQuality: PlanDataQuality[];
  assertions: PlanAssertion[];
  /**
   * spark.sql.legacy.timeParserPolicy as the script sets it (spark.conf.set, before its first frame): the whole job's
   * Spark SQL parses dates with it; EXCEPTION (Spark's default) when absent
   */
  timeParserPolicy?: 'EXCEPTION' | 'CORRECTED';
  /** read before the data was, the plan of a script that needs a frame's field names: never run as it is */
  fieldsPending?: FieldsPending;
}

/**
 * A script that needs the field names of a frame — a loop over `df.columns` or `df.dtypes`, `x in df.columns` — which
 * Glue learns from the data (schema on read), read without them: the reading went on as if the frame had no fields,
 * which gives a plan fit for the pipeline's order and the checks before a run, never for a run. The runner builds
 * the frames of `upTo`, learns the frame's fields, and reads the script again with them
 * (ReadScriptOptions.fields[key]), until no frame's fields are missing.
 */
export interface FieldsPending {
  /** the frame's key in ReadScriptOptions.fields: `#n`, the n-th frame the script makes */
  key: string;
  /** the frame's id in `upTo` */
  frame: string;
  line: number;
  column: number;
  /** the construct that needs the names, as the script writes it */
  construct: string;
  /** the plan of what the script did before (nodes, data-quality evaluations, purges; no sink, log or assertion) */
  upTo: JobPlan;
}

/** The ids of the nodes a node reads. */
export function nodeInputs(node: PlanNode): string[] {
  switch (node.kind) {
    case 'catalogSource':
    case 's3Source':
    case 'dataQualityOutcomes':
    case 'rows':
      return [];
    case 'sql':
      return [...new Set(Object.values(node.mapping))];
    case 'join':
    case 'dfJoin':
    case 'setOp':
      return node.left === node.right ? [node.left] : [node.left, node.right];
    case 'union':
      return [...new Set(node.inputs)];
    default:
      return [node.input];
  }
}

/** The frames a log line's figures read. */
export function logInputs(log: PlanLog): string[] {
  return log.parts.flatMap((p) => ('count' in p ? [p.count] : 'schema' in p ? [p.schema] : 'show' in p ? [p.show] : 'fields' in p ? [p.fields] : 'collect' in p ? [p.collect] : 'dataFrame' in p ? [p.dataFrame] : 'nullFieldsOf' in p ? [p.input, p.nullFieldsOf] : []));
}
