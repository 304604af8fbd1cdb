/**
 * The PySpark DataFrame doctest corpus (pyspark/dataframe.json): each case's doctest turned into the lines a Glue
 * script writes, and the comparison of what the run printed with the doctest's output.
 *
 * The doctest's text is the docstring's value: a `\` that ends a line of the file joins it to the next (a string
 * literal's line continuation), `\\` is one backslash. Prompts (`>>> `, `... `) are removed; the last statement
 * echoes a value in the doctest, so the script prints it (`print(…)`) unless it prints itself (`show()`,
 * `printSchema()`). `sc.parallelize(rows).toDF()` becomes `spark.createDataFrame(rows)`, and `rdd = sc.parallelize(l)`
 * `rdd = l` (an RDD of local rows given to createDataFrame is those rows: the corpus's `substitution`).
 * The globals the doctests run with (df, df2 … df5 of dataframe.py `_test()`) are defined before a case that names them.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface PysparkCase {
  id: string;
  method: string;
  doctest: string[];
  expected: string[];
  /**
   * why the doc's order is not Spark's promise: rows then compare as a multiset, and so do the elements of a Row's
   * flat list (collect_set)
   */
  unordered?: string;
  /**
   * why the doc's output depends on more than the data (randomness, the session time zone, the locale, partitioning):
   * such a case is refused (`refused`)
   */
  depends?: string;
  /** the case is refused, the message matching this */
  refused?: string;
  /** the source file when not dataframe.py (SparkSession.createDataFrame: session.py) */
  file?: string;
}

export interface PysparkCorpus {
  source: Record<string, string>;
  globals: { from: string; substitution: string; code: Record<string, string> };
  cases: PysparkCase[];
}

/** `file`: dataframe.json (DataFrame and createDataFrame) or functions.json (pyspark.sql.functions) */
export async function loadPysparkCorpus(file = 'dataframe.json'): Promise<PysparkCorpus> {
  return JSON.parse(await fs.readFile(path.join(__dirname, 'pyspark', file), 'utf8')) as PysparkCorpus;
}

export const IMPORTS = 'from pyspark.sql import Row\nfrom pyspark.sql.types import StructType, StructField, StringType, IntegerType\n';

/** functions.py's doctests run with every function of the module in scope (`_test()`: globs = functions.__dict__) */
export const FUNCTIONS_IMPORTS = `${IMPORTS}from pyspark.sql.functions import *\n`;

/** The statements of a doctest (prompts removed, continued lines joined). */
function statementsOf(c: PysparkCase): string[] {
  const text = c.doctest.join('\n').replace(/(?<!\\)\\\n\s*/g, '').replace(/\\\\/g, '\\');
  const statements: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('>>> ')) statements.push(line.slice(4));
    else if (line.startsWith('... ') || line === '...') statements[statements.length - 1] += `\n${line.slice(4)}`;
    else throw new Error(`${c.id}: a doctest line without a prompt: ${line}`);
  }
  return statements;
}

/**
 * How many script lines the last statement of a case has after its first: the run logs what a statement prints at
 * its first line, and scriptLines' last line is the statement's last.
 */
export function lastStatementExtraLines(c: PysparkCase): number {
  return statementsOf(c).at(-1)!.split('\n').length - 1;
}

/** The statements of a doctest (prompts removed, continued lines joined), the last one printing its value. */
export function scriptLines(c: PysparkCase, globals: Record<string, string>): string[] {
  const statements = statementsOf(c);
  const last = statements.length - 1;
  if (!/\.(show|printSchema)\([^()]*\)$/.test(statements[last]!)) statements[last] = `print(${statements[last]})`;
  const code = statements.map((s) => s.replace(/sc\.parallelize\(([\s\S]*)\)\.toDF\(\)/, 'spark.createDataFrame($1)').replace(/^(\w+) = sc\.parallelize\((\w+)\)$/, '$1 = $2')).join('\n');
  // the globals the case reads before defining them
  const uses = Object.keys(globals).filter((g) => new RegExp(`\\b${g}\\b`).test(code) && !new RegExp(`^${g} = `, 'm').test(code.split('\n').filter((l) => new RegExp(`\\b${g}\\b`).test(l))[0] ?? ''));
  return [...uses.map((g) => globals[g]!), ...code.split('\n')];
}

const ws = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Row reprs of a printed list, for comparing as a multiset: `[Row(a=1), Row(a=2)]` → ['Row(a=1)', 'Row(a=2)'] */
function rowItems(text: string): string[] {
  const t = ws(text);
  if (!t.startsWith('[') || !t.endsWith(']')) return [t];
  return t
    .slice(1, -1)
    .split(/(?<=\)), (?=Row\()/)
    .filter((x) => x !== '');
}

/** A Row's flat list values (`=[5, 2]`) with their elements sorted: collect_set's order is not Spark's promise. */
function flatListsSorted(row: string): string {
  return row.replace(/=\[([^[\]]*)\]/g, (_, inner: string) => `=[${inner.split(', ').sort().join(', ')}]`);
}

/**
 * Whether printed lines are the doctest's output: a table (`+---`, `root`) line by line, exactly; other text with
 * whitespace normalized (doctest's NORMALIZE_WHITESPACE: the doc wraps long Row lists). `<BLANKLINE>` is an empty
 * line; trailing empty lines do not count. Unordered: a table's body lines, or a list's Rows, as a multiset.
 */
export function sameOutput(c: PysparkCase, printed: string[]): boolean {
  const trim = (ls: string[]) => {
    const out = [...ls];
    while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
    return out;
  };
  const want = trim(c.expected.map((l) => (l === '<BLANKLINE>' ? '' : l)));
  const got = trim(printed);
  const table = want[0]?.startsWith('+') || want[0] === 'root';
  if (table) {
    if (!c.unordered || !want[0]!.startsWith('+')) return JSON.stringify(want) === JSON.stringify(got);
    // header (3 lines) and the closing line fixed, the body a multiset
    if (want.length !== got.length) return false;
    const head = (ls: string[]) => [...ls.slice(0, 3), ls[ls.length - 1]];
    const body = (ls: string[]) => ls.slice(3, -1).sort();
    return JSON.stringify(head(want)) === JSON.stringify(head(got)) && JSON.stringify(body(want)) === JSON.stringify(body(got));
  }
  if (!c.unordered) return ws(want.join(' ')) === ws(got.join(' '));
  const items = (ls: string[]) => rowItems(ls.join(' ')).map(flatListsSorted).sort();
  return JSON.stringify(items(want)) === JSON.stringify(items(got));
}
