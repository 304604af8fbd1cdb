/**
 * The expressions a job plan carries, read from a script's syntax tree and compiled to SQL by the local runner once
 * the types of the frame's fields are known (targets/local/rowSql.ts, colSql.ts):
 * - `RowExpr`: a Python function of one DynamicFrame record (`Filter.apply(f=lambda row: …)`, a small `def`), with
 *   Python's semantics — `None == 0` is False, `None < 0` raises TypeError, a missing key raises KeyError, and a
 *   predicate that raises drops the record (aws-glue-libs, awsglue/dynamicframe.py `filter`: KeyError, ValueError and
 *   TypeError return False; any other exception marks the record as an error, which is not in the output either);
 * - `ColExpr`: a Spark Column (`F.col("a") + 1`, `F.when(…)`, an SQL expression string), with Spark SQL's semantics.
 * Each node keeps where it was written, so a construct that cannot be compiled faithfully is refused naming it.
 */

/** Where a construct is: 1-based line and column, and its text (shortened) for messages. */
export interface Pos {
  line: number;
  column: number;
  text: string;
}

/** A Python constant known when the script is read. */
export type PyConst =
  | { py: 'none' }
  | { py: 'bool'; v: boolean }
  | { py: 'int'; v: number }
  | { py: 'float'; v: number }
  | { py: 'str'; v: string }
  | { py: 'list' | 'tuple'; items: PyConst[] };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is' | 'is not';
export type ArithOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';

/** Python's builtin functions a record predicate may call. */
export const ROW_BUILTINS = ['len', 'int', 'float', 'str', 'bool', 'abs', 'round', 'min', 'max'] as const;
export type RowBuiltin = (typeof ROW_BUILTINS)[number];

/** str methods a record predicate may call (each compiled with Python's semantics in rowSql.ts). */
export const ROW_STR_METHODS = [
  'lower',
  'upper',
  'strip',
  'lstrip',
  'rstrip',
  'startswith',
  'endswith',
  'replace',
  'find',
  'count',
  'split',
  'isdigit',
  'isdecimal',
  'isalpha',
  'isspace',
] as const;
export type RowStrMethod = (typeof ROW_STR_METHODS)[number];

export type RowExpr = { pos: Pos } & (
  /** `row["a"]["b"]` or `row.a.b`: the value, KeyError when a key is missing */
  | { k: 'field'; path: string[] }
  /** `row.get("a")`, `row.get("a", default)` (DynamicRecord is a dict): no KeyError */
  | { k: 'get'; path: string[]; dflt: RowExpr }
  | { k: 'const'; value: PyConst }
  /** `a < b <= c`: Python's chained comparison, each operand evaluated once */
  | { k: 'compare'; ops: CompareOp[]; operands: RowExpr[] }
  | { k: 'and' | 'or'; left: RowExpr; right: RowExpr }
  | { k: 'not'; arg: RowExpr }
  | { k: 'arith'; op: ArithOp; left: RowExpr; right: RowExpr }
  | { k: 'neg' | 'pos'; arg: RowExpr }
  | { k: 'call'; fn: RowBuiltin; args: RowExpr[] }
  | { k: 'method'; name: RowStrMethod; obj: RowExpr; args: RowExpr[] }
  | { k: 'cond'; test: RowExpr; then: RowExpr; else: RowExpr }
  | { k: 'index'; obj: RowExpr; index: RowExpr }
  | { k: 'slice'; obj: RowExpr; start?: RowExpr; stop?: RowExpr; step?: RowExpr }
  /** `re.match(p, s)` (anchored at the start), `re.search`, `re.fullmatch`: a Match object or None */
  | { k: 're'; fn: 'match' | 'search' | 'fullmatch'; pattern: string; ignoreCase: boolean; arg: RowExpr }
  /** statements of a Map function run in order: each of `items` evaluated (raising if one raises), then `result` */
  | { k: 'seq'; items: RowExpr[]; result: RowExpr }
  /** reading a key the function deleted (`del rec["k"]`): KeyError */
  | { k: 'raise'; error: string }
);

/** A Window specification (`Window.partitionBy(…).orderBy(…)`). */
export interface WindowSpec {
  partitionBy: ColExpr[];
  orderBy: ColExpr[];
  /** `rowsBetween(start, end)` / `rangeBetween`: bounds as Spark gives them (Window.unboundedPreceding = -2^63) */
  frame?: { kind: 'rows' | 'range'; start: number; end: number };
}

/**
 * A Spark SQL expression string (`F.expr("…")`, `filter("…")`, a `selectExpr` item, a Derived Column's expression) as a
 * Column: placed where its text starts in the script (the string literal's line and column), else at `pos`.
 */
export function sqlText(pos: Pos, value: { v: string; line?: number; column?: number }): ColExpr {
  return { pos, k: 'sql', text: value.v, line: value.line ?? pos.line, ...(value.column !== undefined ? { column: value.column } : {}) };
}

export type ColExpr = { pos: Pos } & (
  /** a field by name (`F.col("a")`, `"a"`, `df["a"]`, `df.a`); `name` is Spark's attribute name (`a.b` is a nested field) */
  | { k: 'col'; name: string; frame?: string }
  /** `*`, or `df["*"]` */
  | { k: 'star'; frame?: string }
  /**
   * the names of a frame's fields (`df.columns`), known when the job runs: each as a column `prefix + name + suffix`
   * (`[f"a.{c}" for c in df.columns]`), leaving out `exclude` and keeping only `include` when given (Python's exact
   * comparison of names)
   */
  | { k: 'fields'; frame: string; prefix: string; suffix: string; exclude: string[]; include?: string[] }
  | { k: 'lit'; value: PyConst }
  /** a Spark SQL expression (`F.expr("…")`, `filter("…")`, `selectExpr`); `line` is its script line */
  | { k: 'sql'; text: string; line: number; column?: number }
  /** a function of pyspark.sql.functions (colFunctions.ts) */
  /** `called`: the `F.<name>` the script wrote, checked against its Glue version's PySpark (pysparkVersions.ts) */
  | { k: 'fn'; name: string; args: ColExpr[]; options?: Record<string, PyConst>; called?: string }
  /** a Column operator or method (`+`, `==`, `isNull`, `isin`, `like`, `substr`, `getItem`, …) */
  | { k: 'op'; op: string; args: ColExpr[] }
  | { k: 'when'; branches: { cond: ColExpr; value: ColExpr }[]; otherwise?: ColExpr }
  /** `.cast("int")`; `type` as the script wrote it */
  | { k: 'cast'; arg: ColExpr; type: string }
  | { k: 'alias'; arg: ColExpr; name: string; /** Column.alias("a", "b"): a generator's columns' names (MultiAlias) */ names?: string[] }
  | { k: 'sort'; arg: ColExpr; desc: boolean; nulls?: 'first' | 'last' }
  | { k: 'over'; arg: ColExpr; window: WindowSpec }
  /**
   * a Python function given to a higher-order function (`F.transform(c, lambda x: x * 2)`): PySpark calls it once on
   * lambda-variable Columns and takes the Column it returns (functions.py 3.3 `_create_lambda`), so `body` is that
   * Column with `vars` (unique names, one per parameter) where the parameters are
   */
  | { k: 'lambda'; vars: string[]; body: ColExpr }
  /** a lambda variable of a `lambda` node's body (PySpark's UnresolvedNamedLambdaVariable) */
  | { k: 'lvar'; name: string }
);

export function pyConstText(c: PyConst): string {
  switch (c.py) {
    case 'none':
      return 'None';
    case 'bool':
      return c.v ? 'True' : 'False';
    case 'int':
      return String(c.v);
    case 'float':
      return Number.isInteger(c.v) ? `${c.v}.0` : String(c.v);
    case 'str':
      return JSON.stringify(c.v);
    case 'list':
      return `[${c.items.map(pyConstText).join(', ')}]`;
    case 'tuple':
      return c.items.length === 1 ? `(${pyConstText(c.items[0]!)},)` : `(${c.items.map(pyConstText).join(', ')})`;
  }
}
