/**
 * The messages between the extension host and the job graph page (src/webview/jobGraph), imported by both sides.
 * No `vscode` and no DOM here; values are plain JSON and the page renders every name, number and message as text.
 */

export const JOB_GRAPH_VIEW_TYPE = 'lakehouse.jobGraph';

export type GraphViewCategory = 'source' | 'transform' | 'target' | 'refused';

export interface GraphViewNode {
  id: string;
  category: GraphViewCategory;
  /** Glue Studio's node type ("AWS Glue Data Catalog", "SQL Query") */
  type: string;
  name: string;
  /** 1-based script line */
  line: number;
  /** what it reads or writes (`stedi.customer_landing`, an S3 path) */
  detail?: string;
  /** "482 rows · 10 columns", when known */
  figures?: string;
  /** where the figures come from ("preview 12:04:31", "last run", "sample of 1,000 per source") */
  figuresFrom?: string;
  /** the schema as DynamicFrame.printSchema draws it, for the hover */
  schema?: string;
  /** what the sink changes in its catalog table */
  schemaDiff?: string;
  /** a refused construct or the node's error */
  error?: string;
  /** a click previews it (nodes with rows of their own) */
  previewable: boolean;
}

export interface GraphViewModel {
  /** the script, relative to the project */
  file: string;
  /** grows with every model of a document: the page answers `rendered` with it */
  version: number;
  nodes: GraphViewNode[];
  edges: { from: string; to: string }[];
  /** why the script reads only in part */
  error?: { message: string; line?: number };
  /** the graph is the last one that read: the script has a syntax error now */
  stale?: boolean;
}

/** `uri`: the script's, kept by the page (setState) so the panel comes back with it after a reload */
export type GraphToPage = { type: 'graph'; model: GraphViewModel; uri: string } | { type: 'empty'; message: string };

export type GraphToHost =
  | { type: 'ready' }
  /** a node was clicked (or Enter on it): preview it and move the editor to its line */
  | { type: 'open'; id: string }
  /** the error banner was clicked: move the editor to the line */
  | { type: 'reveal'; line: number }
  /** the page drew the model of `version` (`ms`: layout and drawing) */
  | { type: 'rendered'; version: number; nodes: number; ms: number };

/** What the page keeps with setState, so the panel comes back after a window reload. */
export interface GraphPanelState {
  uri: string;
}
