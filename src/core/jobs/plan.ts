/**
 * A job plan: what a Glue Studio PySpark script does, read from its syntax tree (script.ts) without running it.
 * The local runner executes plans on DuckDB; the AWS target deploys the script itself.
 *
 * Nodes appear in script order, and every node's inputs are nodes that come before it. Node ids are the Python
 * variables; a variable assigned twice gets `<variable>@<line>` for its later assignments, so ids stay unique.
 * Lines are 1-based.
 */

export type PlanFormat = 'json' | 'parquet' | 'csv';

interface Base {
  /** the Python variable the node is assigned to, e.g. `CustomerLanding_node1` */
  id: string;
  /** line of the assignment */
  line: number;
  /** the Glue Studio node name, from the `# Script generated for node <Name>` comment above it */
  name?: string;
}

export type PlanNode = Base &
  (
    | { kind: 'catalogSource'; database: string; table: string }
    | {
        kind: 's3Source';
        /** as written in the script */
        paths: string[];
        format: PlanFormat;
        recurse: boolean;
        formatOptions: Record<string, unknown>;
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
    | { kind: 'applyMapping'; input: string; mappings: { source: string; sourceType: string; target: string; targetType: string }[] }
    | { kind: 'join'; left: string; right: string; leftKeys: string[]; rightKeys: string[] }
    | { kind: 'dropNullFields'; input: string }
    /** `DynamicFrame.fromDF(X.toDF().dropDuplicates([…]), …)`; no columns: whole rows (also `.distinct()`) */
    | { kind: 'dropDuplicates'; input: string; columns?: string[] }
  );

export type PlanNodeKind = PlanNode['kind'];

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
}

export interface JobPlan {
  file: string;
  nodes: PlanNode[];
  sinks: PlanSink[];
  purges: PlanPurge[];
}

/** The ids of the nodes a node reads. */
export function nodeInputs(node: PlanNode): string[] {
  switch (node.kind) {
    case 'catalogSource':
    case 's3Source':
      return [];
    case 'sql':
      return [...new Set(Object.values(node.mapping))];
    case 'join':
      return node.left === node.right ? [node.left] : [node.left, node.right];
    default:
      return [node.input];
  }
}
