/**
 * The conformance corpora: queries and the results their engine's own documentation prints, one JSON file per
 * function family under `test/conformance/<engine>/`. The data comes from public references (see each file's
 * `source`), never from the code under test. This module reads and checks the files; `harness.ts` runs them.
 *
 * A case's `expected` is the result as the engine's console prints it:
 * - a string: one row of one column (`"[1, 2]"`, `"NULL"`, `"2001-08-22 03:04:05.321"`);
 * - an array of rows, each an array of cell strings (`[["1", "a"], ["2", "b"]]`); `[]` for no rows;
 * - `{ "error": "<the doc's words>" }`: the statement fails.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

export type Engine = 'trino' | 'spark';

export type Expected = string | string[][] | { error: string };

export interface ConformanceCase {
  /** unique in its engine's corpus: `<doc file>:<line>` (Trino) or `<function>:<n>` (Spark) */
  id: string;
  sql: string;
  expected: Expected;
  /** where the documentation prints the query: `path:line` in the source repository (a generated HTML page: `path#anchor`) */
  doc: string;
  /** the published page of the query (Athena's User Guide cases) */
  url?: string;
  /** where the result is printed when it is not next to the query */
  resultDoc?: string;
  /** the doc's own text of the result, when `expected` renders it in the console's notation */
  docText?: string;
  /** result columns, when the doc prints them */
  columns?: string[];
  /** rows in no defined order (no ORDER BY): compared as a multiset */
  unordered?: boolean;
  /** the session time zone the doc's result assumes (Athena's sessions and Glue's jobs are UTC): the case is skipped */
  sessionTimeZone?: string;
  /** a remark on the doc's text (an annotation dropped from the result, a data table given as VALUES, …) */
  note?: string;
  data?: string;
  form?: string;
  /** the doc's result looks wrong (kept verbatim; say why) */
  doubt?: string;
  /**
   * Where the doc's printed result is older than Trino's code: the result Trino's implementation gives, with the
   * source that shows it (Trino's own tests or code). The case is judged against this one; `expected` stays verbatim.
   */
  implemented?: { expected: Expected; source: string };
  /**
   * Trino only: the case needs syntax or a type Trino added after any release Athena engine 3 can be on (its pull
   * request, merged in 2026; the parser's grammar is Trino 450's): skipped, with the reason.
   */
  newerThanAthena?: string;
  /**
   * Athena's User Guide corpus: the local engine refuses the case, and its refusal must name this construct (a
   * function or clause it does not have); `expected` stays the doc's answer, for when it is implemented
   */
  mustName?: string;
  /** Spark: the version that introduced the function (`since` of its ExpressionDescription) */
  since?: string;
  /** Spark: the function, as documented */
  function?: string;
  /** Spark: how the result differs on Spark 3.3 (Glue 4.0), when it does */
  spark33?: string;
  /**
   * Spark: a statistic whose last digits depend on how Spark split the rows into partitions — its name and the rows
   * (sparkPartitions.ts recomputes the doc's two-slice value and the one-partition value in `implemented`)
   */
  partitioned?: { statistic: string; rows: (number | null)[][] };
}

export interface CorpusSource {
  repository: string;
  commit: string;
  paths?: string[];
  /** anything else that places the source (a branch, a version) */
  ref?: string;
}

export interface CorpusFile {
  family: string;
  source: CorpusSource;
  cases: ConformanceCase[];
}

export interface Corpus {
  engine: Engine;
  families: CorpusFile[];
}

export const CONFORMANCE_DIR = __dirname;

/** Reads every `<engine>/*.json` file of the corpus, in file-name order. */
export function loadCorpus(engine: Engine, dir = path.join(CONFORMANCE_DIR, engine)): Corpus {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return {
    engine,
    families: files.map((f) => {
      const file = path.join(dir, f);
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as CorpusFile;
      } catch (e) {
        throw new Error(`${file}: ${(e as Error).message}`, { cause: e });
      }
    }),
  };
}

export function allCases(corpus: Corpus): { family: string; c: ConformanceCase }[] {
  return corpus.families.flatMap((f) => f.cases.map((c) => ({ family: f.family, c })));
}

function isRows(v: unknown): v is string[][] {
  return Array.isArray(v) && v.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'));
}

/** Problems in a corpus: each names the family file and the case. Empty when the corpus is well-formed. */
export function corpusProblems(corpus: Corpus): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const families = new Set<string>();
  for (const f of corpus.families) {
    const where = `${corpus.engine}/${f.family}.json`;
    if (typeof f.family !== 'string' || f.family === '') problems.push(`${where}: no family name`);
    if (families.has(f.family)) problems.push(`${where}: family ${f.family} appears twice`);
    families.add(f.family);
    if (!f.source || !f.source.repository || !/^[0-9a-f]{40}$/.test(f.source.commit ?? ''))
      problems.push(`${where}: source needs a repository and a 40-hex commit`);
    if (!Array.isArray(f.cases) || f.cases.length === 0) problems.push(`${where}: no cases`);
    for (const c of f.cases ?? []) {
      const at = `${where} case ${JSON.stringify(c.id)}`;
      if (typeof c.id !== 'string' || c.id === '') problems.push(`${where}: a case without an id`);
      else if (ids.has(c.id)) problems.push(`${at}: id also used in ${ids.get(c.id)}`);
      else ids.set(c.id, where);
      if (typeof c.sql !== 'string' || c.sql.trim() === '') problems.push(`${at}: no sql`);
      if (typeof c.doc !== 'string' || !/^[^:#]+\.(md|scala|html)(:\d+|#[\w-]+)$/.test(c.doc)) problems.push(`${at}: doc must be "path:line" (or "page.html#anchor") in the source`);
      const e = c.expected as unknown;
      const ok =
        typeof e === 'string' ||
        isRows(e) ||
        (typeof e === 'object' && e !== null && !Array.isArray(e) && typeof (e as { error?: unknown }).error === 'string');
      if (!ok) problems.push(`${at}: expected must be a string, rows of strings, or {"error": "…"}`);
      if (isRows(e) && c.columns && e.some((r) => r.length !== c.columns!.length)) problems.push(`${at}: a row's width differs from its columns`);
    }
  }
  return problems;
}
