/**
 * pyspark.sql.functions as PySpark passes its arguments — the only thing the `F.*` vocabulary adds to the Spark SQL
 * translation (src/core/sql/spark/functions), which gives every function its semantics, result type, column name and
 * refusals (targets/local/colSql.ts hands it the call): `F.x(…)` is the Catalyst expression the SQL `x(…)` is.
 *
 * What PySpark decides, from pyspark/sql/functions.py (3.3–3.5) and the PySpark API reference
 * (spark.apache.org/docs/latest/api/python/reference/pyspark.sql/functions.html):
 * - a string argument is a field name (`_to_java_column`), except the parameters in `lits`, which PySpark passes to
 *   the JVM as values (`F.date_format(c, "yyyy")`'s format, `F.split`'s pattern, `F.concat_ws`'s separator…);
 * - a number, a bool or None is a literal where PySpark passes one (`lits`, and `numbers`: `F.date_add(c, 1)` is
 *   `lit(1)`, `F.date_add(c, "n")` the field n); elsewhere PySpark fails on it (`_to_java_column`), so it is refused;
 * - arguments PySpark always passes (`defaults`: `F.round(c)` is `round(c, 0)`, `F.split(s, p)` `split(s, p, -1)`);
 * - the Spark SQL function a PySpark name is (`sql`: `F.mean` is `avg`, `F.countDistinct` `count(DISTINCT …)`).
 * A function PySpark has that is not in this table takes Columns and field names only (`*cols`); a function the Spark
 * SQL translation does not have is refused by it, with its words.
 */
import type { PyConst } from '../expr';

export type FnKind = 'agg' | 'window' | 'generator';

export interface FnRow {
  /** parameters as data (callArgs.ts `sig`) */
  sig: string;
  /** parameters that take a value, not a Column or field name: a string there is a string */
  lits?: string[];
  /** parameters that take a Column, a field name or a number (a number is `lit(n)`) */
  numbers?: string[];
  /** values PySpark passes when the parameter is not given */
  defaults?: Record<string, PyConst>;
  kind?: FnKind;
  /** the Spark SQL function it is, when its name is not the SQL function's */
  sql?: string;
  /** `count(DISTINCT …)` */
  distinct?: true;
  /**
   * the name Spark gives the column, where the Scala function builds the expression without the SQL registry's alias
   * (functions.pow is Pow, named POWER: the PySpark reference's pow page, `Row(POWER(3, 2)=9.0)`)
   */
  sparkName?: string;
  /**
   * parameters where a Python list or tuple is an array of literals (percentile_approx's percentage:
   * `array(lit(0.25), lit(0.5))`, as functions.py builds it)
   */
  lists?: string[];
  /**
   * a single list or set given for `*cols` is the columns (functions.py 3.3 array, struct, create_map: `if len(cols)
   * == 1 and isinstance(cols[0], (list, set)): cols = cols[0]`)
   */
  oneList?: true;
  /** a parameter that is the call's IGNORE NULLS flag, not an argument (nth_value's ignoreNulls) */
  ignoreNullsFlag?: string;
  /** Spark's name of the column is not reproduced (an alias is needed): functions.rand() puts the seed it draws in it */
  unnamed?: true;
  /**
   * parameters the local engine cannot honour (sqlglot's `unsupported_args`): a call that gives one (other than
   * None) is refused by name when the script is read
   */
  unsupportedArgs?: Record<string, FnRefusal>;
  /** parameters that take a Python function, made a lambda as PySpark makes it (pysparkFunctions.ts pythonLambda) */
  lambdas?: string[];
}

export interface FnRefusal {
  refuse: string;
  instead: string;
}

/** A seeded random function: its values are Spark's XORShiftRandom sequence per partition. */
const SEEDED: FnRefusal = {
  refuse: "with a seed, Spark's values are its XORShiftRandom sequence seeded per partition (the seed plus the partition's index), which the local engine does not reproduce",
  instead: 'call it without a seed (any value of the distribution is then a valid answer), or derive the value from the row\'s fields',
};

const row = (sig: string, extra: Partial<FnRow> = {}): FnRow => ({ sig, ...extra });
const one = row('col!');
const agg = (sig = 'col!', extra: Partial<FnRow> = {}): FnRow => ({ sig, kind: 'agg', ...extra });
const win = (sig = '', extra: Partial<FnRow> = {}): FnRow => ({ sig, kind: 'window', ...extra });
const int = (v: number): PyConst => ({ py: 'int', v });
const text = (v: string): PyConst => ({ py: 'str', v });
const DEFAULT_TIME_FORMAT = text('yyyy-MM-dd HH:mm:ss');

export const FUNCTIONS: Record<string, FnRow | FnRefusal> = {
  // conditionals and nulls
  coalesce: row('*cols'),
  isnull: one,
  isnan: one,
  nanvl: row('col1!, col2!'),
  greatest: row('*cols'),
  least: row('*cols'),

  // strings
  upper: one,
  lower: one,
  trim: one,
  ltrim: one,
  rtrim: one,
  length: one,
  reverse: one,
  initcap: one,
  ascii: one,
  base64: one,
  unbase64: one,
  concat: row('*cols'),
  concat_ws: row('sep!, *cols', { lits: ['sep'] }),
  format_number: row('col!, d!', { lits: ['d'] }),
  format_string: row('format!, *cols', { lits: ['format'] }),
  substring: row('str!, pos!, len!', { lits: ['pos', 'len'] }),
  // not substring's convention: every argument a Column or a field name (3.5: `substr(str: ColumnOrName, pos:
  // ColumnOrName, len: Optional[ColumnOrName] = None)`; docs: substr("a", "b", "c") reads the fields b and c)
  substr: row('str!, pos!, len'),
  substring_index: row('str!, delim!, count!', { lits: ['delim', 'count'] }),
  instr: row('str!, substr!', { lits: ['substr'] }),
  locate: row('substr!, str!, pos', { lits: ['substr', 'pos'], defaults: { pos: int(1) } }),
  lpad: row('col!, len!, pad!', { lits: ['len', 'pad'] }),
  rpad: row('col!, len!, pad!', { lits: ['len', 'pad'] }),
  repeat: row('col!, n!', { lits: ['n'] }),
  translate: row('srcCol!, matching!, replace!', { lits: ['matching', 'replace'] }),
  // pos and len: an int is lit(n), a string a field name; len -1 when not given (Spark's Overlay: a negative length
  // is the replacement's) — functions.py 3.3 overlay
  overlay: row('src!, replace!, pos!, len', { numbers: ['pos', 'len'], defaults: { len: int(-1) } }),
  levenshtein: row('left!, right!, threshold', { lits: ['threshold'] }),
  regexp_replace: row('string!, pattern!, replacement!', { lits: ['pattern', 'replacement'] }),
  regexp_extract: row('str!, pattern!, idx!', { lits: ['pattern', 'idx'] }),
  // not regexp_extract's convention: the pattern is a Column or a field name (3.5: `regexp: ColumnOrName`; docs:
  // regexp_extract_all('str', lit(r'(\d+)-(\d+)'))), idx an int is lit(idx)
  regexp_extract_all: row('str!, regexp!, idx', { numbers: ['idx'] }),
  split: row('str!, pattern!, limit', { lits: ['pattern', 'limit'], defaults: { limit: int(-1) } }),
  md5: one,
  sha1: one,
  // the JSON path and the field names are values (functions.py: `_invoke_function("get_json_object",
  // _to_java_column(col), path)`); docs: get_json_object(jstring, '$.f1')
  get_json_object: row('col!, path!', { lits: ['path'] }),
  // the schema is a DDL string (or a DataType, refused as not a literal); the options are a dict of the JSON reader's
  from_json: row('col!, schema!, options', {
    lits: ['schema'],
    unsupportedArgs: { options: { refuse: "the JSON reader's options (allowUnquotedFieldNames, mode, …) are not translated", instead: 'call it without options' } },
  }),
  // a string is the JSON or CSV text itself, a Column its value (functions.py 3.3: `_create_column_from_literal(json) if
  // isinstance(json, str)`); from_csv's schema a DDL string (a literal) — the options dicts are not translated
  schema_of_json: row('json!, options', { lits: ['json'], unsupportedArgs: { options: { refuse: "the JSON reader's options are not translated", instead: 'call it without options' } } }),
  schema_of_csv: row('csv!, options', { lits: ['csv'], unsupportedArgs: { options: { refuse: "the CSV reader's options (sep, …) are not translated", instead: 'call it without options' } } }),
  from_csv: row('col!, schema!, options', { lits: ['schema'], unsupportedArgs: { options: { refuse: "the CSV reader's options are not translated", instead: 'call it without options' } } }),
  to_json: row('col!, options', { unsupportedArgs: { options: { refuse: "the JSON writer's options are not translated", instead: 'call it without options' } } }),
  to_csv: row('col!, options', { unsupportedArgs: { options: { refuse: "the CSV writer's options are not translated", instead: 'call it without options' } } }),
  sha2: row('col!, numBits!', { lits: ['numBits'] }),
  crc32: one,
  encode: row('col!, charset!', { lits: ['charset'] }),
  decode: row('col!, charset!', { lits: ['charset'] }),
  hex: one,
  unhex: one,

  // numbers
  abs: one,
  signum: one,
  round: row('col!, scale', { lits: ['scale'], defaults: { scale: int(0) } }),
  bround: row('col!, scale', { lits: ['scale'], defaults: { scale: int(0) } }),
  floor: one,
  ceil: one,
  // the bases are ints PySpark passes as values (`conv(col: ColumnOrName, fromBase: int, toBase: int)`)
  conv: row('col!, fromBase!, toBase!', { lits: ['fromBase', 'toBase'] }),
  // numBits an int PySpark passes to the JVM as a value (functions.py 3.3: `shiftleft(col, numBits: int)`)
  shiftleft: row('col!, numBits!', { lits: ['numBits'] }),
  shiftright: row('col!, numBits!', { lits: ['numBits'] }),
  shiftrightunsigned: row('col!, numBits!', { lits: ['numBits'] }),
  // the PySpark reference's sqrt page (3.5): sqrt(lit(4)) is the column SQRT(4)
  sqrt: row('col!', { sparkName: 'SQRT' }),
  exp: one,
  log10: one,
  log2: one,
  log1p: one,
  // PySpark's binary math functions (_create_binary_mathfunction): a number is float(n), a Column or a field name
  pow: row('col1!, col2!', { numbers: ['col1', 'col2'], sparkName: 'POWER' }),
  atan2: row('col1!, col2!', { numbers: ['col1', 'col2'] }),
  hypot: row('col1!, col2!', { numbers: ['col1', 'col2'] }),

  // dates and times (the session time zone is UTC, as on Glue)
  current_date: row(''),
  current_timestamp: row(''),
  to_date: row('col!, format', { lits: ['format'] }),
  to_timestamp: row('col!, format', { lits: ['format'] }),
  date_format: row('date!, format!', { lits: ['format'] }),
  year: one,
  quarter: one,
  month: one,
  dayofmonth: one,
  dayofweek: one,
  dayofyear: one,
  weekofyear: one,
  hour: one,
  minute: one,
  second: one,
  datediff: row('end!, start!'),
  // days/months: an int is lit(n), a string a field name (functions.py: `lit(days) if isinstance(days, int)`)
  date_add: row('start!, days!', { numbers: ['days'] }),
  date_sub: row('start!, days!', { numbers: ['days'] }),
  add_months: row('start!, months!', { numbers: ['months'] }),
  months_between: row('date1!, date2!, roundOff', { lits: ['roundOff'], defaults: { roundOff: { py: 'bool', v: true } } }),
  next_day: row('date!, dayOfWeek!', { lits: ['dayOfWeek'] }),
  last_day: row('date!'),
  trunc: row('date!, format!', { lits: ['format'] }),
  date_trunc: row('format!, timestamp!', { lits: ['format'] }),
  unix_timestamp: row('timestamp, format', { lits: ['format'], defaults: { format: DEFAULT_TIME_FORMAT } }),
  from_unixtime: row('timestamp!, format', { lits: ['format'], defaults: { format: DEFAULT_TIME_FORMAT } }),
  timestamp_seconds: one,
  timestamp_millis: one,
  from_utc_timestamp: row('timestamp!, tz!', { lits: ['tz'] }),
  to_utc_timestamp: row('timestamp!, tz!', { lits: ['tz'] }),

  // arrays, maps and structs
  size: one,
  // Scala's functions.map (CreateMap, named map(…)); a single list is the columns (functions.py 3.3 create_map)
  create_map: row('*cols', { oneList: true, sql: 'map' }),
  array: row('*cols', { oneList: true }),
  struct: row('*cols', { oneList: true }),
  array_contains: row('col!, value!', { lits: ['value'] }),
  array_position: row('col!, value!', { lits: ['value'] }),
  array_remove: row('col!, element!', { lits: ['element'] }),
  element_at: row('col!, extraction!', { lits: ['extraction'] }),
  array_join: row('col!, delimiter!, null_replacement', { lits: ['delimiter', 'null_replacement'] }),
  array_max: one,
  array_min: one,
  array_distinct: one,
  flatten: one,
  // start/length: an int is lit(n), a string a field name (3.5: `lit(start) if isinstance(start, int)`)
  slice: row('x!, start!, length!', { numbers: ['start', 'length'] }),
  // count: an int is lit(n), a string a field name (3.3: `count = lit(count) if isinstance(count, int) else count`)
  array_repeat: row('col!, count!', { numbers: ['count'] }),
  sort_array: row('col!, asc', { lits: ['asc'], defaults: { asc: { py: 'bool', v: true } } }),
  // generators: their columns as the SQL generator's (an array's `col`, a map's `key` and `value`, `pos`, …)
  explode: { sig: 'col!', kind: 'generator' },
  explode_outer: { sig: 'col!', kind: 'generator' },
  posexplode: { sig: 'col!', kind: 'generator' },
  posexplode_outer: { sig: 'col!', kind: 'generator' },
  inline: { sig: 'col!', kind: 'generator' },
  inline_outer: { sig: 'col!', kind: 'generator' },
  // the field names are values (functions.py: `_invoke_function("json_tuple", _to_java_column(col), _to_seq(sc,
  // fields))`); docs: json_tuple(jstring, 'f1', 'f2') gives the columns c0, c1
  json_tuple: { sig: 'col!, *fields', kind: 'generator', lits: ['fields'] },

  // aggregates
  count: agg(),
  countDistinct: agg('col!, *cols', { sql: 'count', distinct: true }),
  count_distinct: agg('col!, *cols', { sql: 'count', distinct: true }),
  sum: agg(),
  sumDistinct: agg('col!', { sql: 'sum', distinct: true }),
  sum_distinct: agg('col!', { sql: 'sum', distinct: true }),
  avg: agg(),
  mean: agg('col!', { sql: 'avg' }),
  min: agg(),
  max: agg(),
  max_by: agg('col!, ord!'),
  min_by: agg('col!, ord!'),
  first: agg('col!, ignorenulls', { lits: ['ignorenulls'] }),
  last: agg('col!, ignorenulls', { lits: ['ignorenulls'] }),
  product: agg(),
  collect_list: agg(),
  collect_set: agg(),
  stddev_samp: agg(),
  stddev_pop: agg(),
  var_samp: agg(),
  var_pop: agg(),
  kurtosis: agg(),
  skewness: agg(),
  // percentage: a float is lit(p), a list or tuple array(lit(p1), …), a Column as it is; accuracy a value (10000
  // when not given) — functions.py 3.3–3.5
  percentile_approx: agg('col!, percentage!, accuracy', { lits: ['percentage', 'accuracy'], lists: ['percentage'], defaults: { accuracy: int(10000) } }),

  // window functions (with .over(window))
  row_number: win(),
  rank: win(),
  dense_rank: win(),
  percent_rank: win(),
  cume_dist: win(),
  ntile: win('n!', { lits: ['n'] }),
  lag: win('col!, offset, default', { lits: ['offset', 'default'], defaults: { offset: int(1) } }),
  lead: win('col!, offset, default', { lits: ['offset', 'default'], defaults: { offset: int(1) } }),
  // offset a value; ignoreNulls the call's IGNORE NULLS (`nth_value(e, offset, ignoreNulls)` on the JVM)
  nth_value: win('col!, offset!, ignoreNulls', { lits: ['offset'], ignoreNullsFlag: 'ignoreNulls' }),

  // random numbers: an unseeded call runs (a new value per row and per run, as on Glue); Spark's functions.rand()
  // draws a seed, which is in the column's name (`rand(-4591…)`): an alias is needed
  rand: { sig: 'seed', lits: ['seed'], unsupportedArgs: { seed: SEEDED }, unnamed: true },
  randn: { sig: 'seed', lits: ['seed'], unsupportedArgs: { seed: SEEDED }, unnamed: true },

  // the message: a string is the message (a literal), a Column its value (functions.py 3.3: `_create_column_from_literal
  // (errMsg) if isinstance(errMsg, str) else _to_java_column(errMsg)`)
  assert_true: row('col!, errMsg', { lits: ['errMsg'] }),

  // higher-order functions: PySpark calls the Python function once on lambda-variable Columns and takes the Column it
  // returns (functions.py 3.3 `_create_lambda`, `_invoke_higher_order_function`): pysparkFunctions.ts does the same
  transform: row('col!, f!', { lambdas: ['f'] }),
  exists: row('col!, f!', { lambdas: ['f'] }),
  forall: row('col!, f!', { lambdas: ['f'] }),
  filter: row('col!, f!', { lambdas: ['f'] }),
  aggregate: row('col!, initialValue!, merge!, finish', { lambdas: ['merge', 'finish'] }),
  zip_with: row('left!, right!, f!', { lambdas: ['f'] }),
  transform_keys: row('col!, f!', { lambdas: ['f'] }),
  transform_values: row('col!, f!', { lambdas: ['f'] }),
  map_filter: row('col!, f!', { lambdas: ['f'] }),
  map_zip_with: row('col1!, col2!, f!', { lambdas: ['f'] }),

  // Python code on the rows: never run
  udf: { refuse: 'a Python UDF runs Python code on every row', instead: 'write the computation with pyspark.sql.functions or an SQL Query node' },
  pandas_udf: { refuse: 'a pandas UDF runs Python code on every batch of rows', instead: 'write the computation with pyspark.sql.functions or an SQL Query node' },
};

/** Aliases PySpark defines for the same function, and the Spark SQL name each is (Spark names the column by it). */
export const FUNCTION_ALIASES: Record<string, string> = {
  stddev: 'stddev_samp',
  std: 'stddev_samp',
  variance: 'var_samp',
  day: 'dayofmonth',
  power: 'pow',
  ceiling: 'ceil',
  approxCountDistinct: 'approx_count_distinct',
  // deprecated in 3.2 for the lower-case names (functions.py 3.3), the same expressions
  shiftLeft: 'shiftleft',
  shiftRight: 'shiftright',
  shiftRightUnsigned: 'shiftrightunsigned',
};

/** The row of `F.<name>`: the table's, or (a function PySpark has that takes Columns only) `*cols`. */
export function functionRow(name: string): FnRow | FnRefusal | undefined {
  return FUNCTIONS[FUNCTION_ALIASES[name] ?? name];
}

/** `F.<name>` is a generator (explode, posexplode, json_tuple, …): it makes rows, and maybe several columns. */
export function isGeneratorFunction(name: string): boolean {
  const r = functionRow(name);
  return r !== undefined && 'sig' in r && r.kind === 'generator';
}

/** The Spark SQL function `F.<name>` is. */
export function sqlFunctionName(name: string): string {
  const canonical = FUNCTION_ALIASES[name] ?? name;
  const r = FUNCTIONS[canonical];
  return r !== undefined && 'sig' in r && r.sql !== undefined ? r.sql : canonical;
}

/** The row of a function with no entry in the table: PySpark passes each argument as a Column or a field name. */
export const COLUMNS_ONLY: FnRow = { sig: '*cols' };
