/**
 * The messages between the extension host and the webview pages, in one module both sides import: unions tagged by
 * `type`. No `vscode` and no DOM here. Values are plain JSON (postMessage clones them); cells stay `CellValue`s and
 * are rendered as text by the page, never as HTML.
 *
 * The results page holds several results, each in a tab of its own inside the one results panel (a webview panel is
 * made once: VS Code takes longer to make one than a query takes). Every message about a result names its tab
 * (`tab`, a number the host gives). The grid asks for rows with requests that carry an id; the host answers each
 * with a `response` of the same id. Nothing is sent to a page before it has said `ready` (the host queues until
 * then).
 */
import type { CellValue, QueryColumn, QueryState, Zone } from '../core/model';

// ------------------------------------------------------------------------------------------ results grid

export const RESULTS_VIEW_TYPE = 'lakehouse.results';
export const ZONE_REPORT_VIEW_TYPE = 'lakehouse.zoneReport';

export type ExportFormat = 'csv' | 'json' | 'parquet';

export interface SortSpec {
  /** 0-based index of the column in the result (names may repeat: `SELECT a.id, b.id`) */
  column: number;
  direction: 'asc' | 'desc';
}

/** What the grid shows: the query's own result, or that result sorted and filtered (re-run by the engine). */
export interface ViewSpec {
  sort: SortSpec[];
  /** quick filter text: rows where any column's text contains it, case-insensitively; '' for none */
  filter: string;
}

export interface ErrorView {
  message: string;
  /** 1-based position in the query text */
  line?: number;
  column?: number;
  /** the position in the source document, "file.sql:12:5", when the query came from one */
  where?: string;
  /** the host can reveal the SQL at the error (the query came from an editor) */
  canReveal: boolean;
}

export interface StatusView {
  state: QueryState;
  /** id of the execution the status is about; the grid refetches when it changes */
  executionId: string;
  kind?: string;
  columns: QueryColumn[];
  /** rows of the query's own result */
  rows?: number;
  /** rows of the view (after the quick filter); equals `rows` without one */
  viewRows?: number;
  elapsedMs?: number;
  /** time the engine itself spent (Athena's engine execution time) */
  engineMs?: number;
  bytesScanned?: number;
  /** estimated cost in US dollars (Athena) */
  costUsd?: number;
  engine?: string;
  /** message of a statement that returns no rows ("Table … created"), or a query's note beside its rows (malformed lines skipped) */
  message?: string;
  error?: ErrorView;
  /** sort and filter can be re-run by the engine (the statement is a query) */
  canReshape: boolean;
}

/** One result tab as the page keeps it with `setState`, so that it can come back after a window reload. */
export interface ResultTabState {
  /** the tab's number in its panel (given by the host) */
  id: number;
  sql: string;
  database?: string;
  source?: { uri: string; range: [number, number, number, number] };
  title: string;
  /** a read-only query: re-run on restore; anything else waits for "Run again" */
  rerunnable: boolean;
  view: ViewSpec;
  /**
   * The tab is a preview (as VS Code's preview editors): the next query replaces it. It is kept (the flag goes)
   * when the user works with it — sorts, filters, exports, copies, runs it again — or clicks "Keep Open".
   * Absent: kept.
   */
  preview?: boolean;
  /** counts the statements the tab has shown: row requests of an earlier one are answered with nothing */
  run?: number;
  /**
   * the execution whose result the tab shows, when its engine keeps results (Athena: for 45 days): a restored tab
   * shows that result again instead of running the query again (which Athena would bill)
   */
  keptExecutionId?: string;
  /** the first row in view and the horizontal scroll, when the tab was last left (a tab shown again goes back there) */
  scroll?: { row: number; left: number };
}

/** What the results page keeps with `setState`: its tabs, in order, and the one shown. */
export interface ResultsPageState {
  tabs: ResultTabState[];
  active?: number;
}

/** The first block of rows of the query's own result, sent with its status (saves the grid's first request). */
export interface HeadRows {
  executionId: string;
  rows: CellValue[][];
  /** rows in the result */
  lastRow: number;
}

/** One column's statistics over the rows the grid shows (asked for with "Column Statistics"). */
export interface ColumnStats {
  name: string;
  type: string;
  nulls: number;
  /** distinct non-NULL values; null for arrays, maps and rows */
  distinct: number | null;
  /** as text; null for types without an order (and for a column of NULLs) */
  min: string | null;
  max: string | null;
}

/** The messages about one result, without the tab they are about. */
export type ResultMessageToPage =
  /** the tab's statement (a new tab, or another statement in a preview tab); `active`: the page shows this tab */
  | { type: 'init'; sql: string; title: string; state: ResultTabState; blockSize: number; active: boolean }
  | { type: 'status'; status: StatusView; head?: HeadRows }
  /** the tab stopped being a preview (or became one) */
  | { type: 'preview'; preview: boolean }
  | { type: 'response'; id: number; ok: true; rows: CellValue[][]; lastRow: number }
  | { type: 'response'; id: number; ok: false; error: string }
  | { type: 'notice'; level: 'info' | 'error'; text: string }
  /** the tab was restored after a reload and its statement is not re-run on its own */
  | { type: 'stale'; reason: string }
  /** the column statistics asked for, or why there are none */
  | { type: 'stats'; ok: true; rows: number; columns: ColumnStats[]; elapsedMs: number }
  | { type: 'stats'; ok: false; error: string };

export type ResultsToPage =
  | (ResultMessageToPage & { tab: number })
  /** the tabs the host holds, in order (the page drops any other) */
  | { type: 'tabs'; tabs: number[] };

/** The messages about one result from its tab, without the tab's number. */
export type ResultMessageToHost =
  | { type: 'rows'; id: number; run: number; startRow: number; endRow: number; view: ViewSpec }
  /** the user keeps the tab (sorted, filtered, or clicked "Keep Open") */
  | { type: 'keep' }
  | { type: 'cancel' }
  | { type: 'rerun' }
  /** `view`: what the grid shows (the page answers some blocks itself, so the host may not have seen the latest) */
  | { type: 'export'; format: ExportFormat; run: number; view: ViewSpec }
  | { type: 'copy'; text: string; what: string }
  /** column statistics of what the grid shows */
  | { type: 'stats'; run: number; view: ViewSpec }
  | { type: 'revealSource' }
  /** the user brought the tab to the front */
  | { type: 'shown' }
  /** the first rows of execution `executionId` are drawn (the host then writes the query history) */
  | { type: 'drawn'; executionId: string }
  /** the user closed the tab */
  | { type: 'close' };

export type ResultsToHost = { type: 'ready' } | (ResultMessageToHost & { tab: number });

// ------------------------------------------------------------------------------------------ zone report

export interface ReportTable {
  /** `db.table` */
  id: string;
  database: string;
  name: string;
  zone: Zone | null;
  dataset: string | null;
  location: string;
  rows: number | null;
  /** why the table could not be counted */
  error?: string;
  /** why it counts 0 rows over objects: no partition registered (zoneReport.ts) */
  hint?: string;
}

export interface ReportJob {
  name: string;
  scriptPath: string;
  /** last run */
  state?: string;
  startedOn?: string;
  executionTime?: number;
  rowsRead?: number;
  rowsWritten?: number;
  error?: string;
}

export interface ReportEdge {
  /** `table:<db.table>`, `path:<s3 path>` or `job:<name>` */
  from: string;
  to: string;
  /** rows of the table at the table end of the edge, when known */
  rows?: number;
}

export interface ZoneReportModel {
  project: string;
  database: string;
  target: string;
  generatedAt: string;
  datasets: { name: string; zones: { zone: Zone; tables: ReportTable[]; rows: number }[] }[];
  /** tables of the database outside every dataset's zones */
  otherTables: ReportTable[];
  jobs: ReportJob[];
  /** S3 paths read or written that no catalog table is located at */
  paths: string[];
  edges: ReportEdge[];
  /** scripts that could not be read into a plan */
  unreadable: { name: string; scriptPath: string; error: string }[];
}

export type ReportToPage =
  | { type: 'loading' }
  | { type: 'report'; report: ZoneReportModel }
  | { type: 'error'; message: string };

export type ReportToHost = { type: 'ready' } | { type: 'refresh' } | { type: 'openScript'; job: string } | { type: 'previewTable'; database: string; table: string };
