/**
 * pyspark.sql.functions, as a table: each function → its parameters (Columns or field names; `lits` are literals),
 * the DuckDB SQL that gives Spark's result (Spark 3, non-ANSI: what Glue 4 and 5 run), and the name Spark gives the
 * column when it is not aliased (`count(userid)`, `avg(rating)`: Glue Studio's Aggregate node writes these names).
 * A function not in the table, or whose result cannot be reproduced (random, hashing, approximate), is refused by
 * name. Semantics from the Spark SQL function reference (spark.apache.org/docs/latest/api/sql/) and PySpark's API
 * reference (pyspark.sql.functions).
 */
import type { PyConst } from '../expr';
import { sparkMomentAggregate } from '../../sql/spark/functions/aggregates';
import { stringToDate, stringToTimestamp } from '../../sql/spark/casts';
import { render } from '../../sql/dialects/emit';

/** A compiled argument: its SQL, its literal value if it is one, its DuckDB type when known, Spark's name for it. */
export interface FnArg {
  sql: string;
  lit?: PyConst;
  type?: string;
  name: string;
}

export type FnKind = 'scalar' | 'agg' | 'window' | 'generator';

export interface FnRow {
  /** parameters as data (callArgs.ts `sig`) */
  sig: string;
  /** parameters that take a literal value, not a Column or field name */
  lits?: string[];
  kind?: FnKind;
  sql: (a: FnArg[]) => string;
  /** Spark's name of the result column; default `name(arg, …)`; undefined: a name the local run does not reproduce (an alias is needed) */
  name?: (a: FnArg[]) => string | undefined;
  /**
   * parameters the local engine cannot honour (sqlglot's `unsupported_args`): a call that gives one (other than
   * None) is refused by name when the script is read
   */
  unsupportedArgs?: Record<string, FnRefusal>;
  /** the result's DuckDB type when it does not depend on the arguments */
  type?: string;
  /** the result's DuckDB type when it depends on the arguments' */
  typeOf?: (a: FnArg[]) => string;
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

/** An error a function's SQL raises when an argument cannot be compiled with Spark's semantics. */
export class FnError extends Error {}

const str = (a: FnArg | undefined, what: string): string => {
  if (a?.lit?.py !== 'str') throw new FnError(`${what} must be a string literal`);
  return a.lit.v;
};
const intLit = (a: FnArg | undefined, dflt?: number): number => {
  if (a === undefined && dflt !== undefined) return dflt;
  if (a?.lit?.py !== 'int') throw new FnError('expected an integer literal');
  return a.lit.v;
};
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const isText = (a: FnArg) => a.type === 'VARCHAR';
/** a value as a timestamp, as Spark casts strings to timestamps */
// a string is read as Spark's Cast reads it (DateTimeUtils.stringToTimestamp / stringToDate: a zone offset moves the
// instant, '2024-03-10T02:30:00+01:00' is 01:30 UTC; a date ignores what follows 'yyyy-m-d'), where DuckDB's CAST drops it
const ts = (a: FnArg) => (isText(a) ? render(stringToTimestamp(a.sql)).text : a.type === 'DATE' ? `CAST(${a.sql} AS TIMESTAMP)` : a.sql);
/** a value as a date, as Spark casts strings and timestamps to dates */
const date = (a: FnArg) => (isText(a) ? render(stringToDate(a.sql)).text : `CAST(${a.sql} AS DATE)`);
const isBinary = (a: FnArg) => a.type === 'BLOB';
/** a value as a string, as Spark casts it (a binary value: its bytes read as UTF-8, which DuckDB's decode does) */
const text = (a: FnArg) => (isText(a) ? a.sql : isBinary(a) ? `decode(${a.sql})` : `CAST(${a.sql} AS VARCHAR)`);
/** the bytes a digest reads: a binary value's own, a string's UTF-8 (DuckDB's md5/sha1/sha256 take either) */
const bytes = (a: FnArg) => (isBinary(a) ? a.sql : text(a));
const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER']);
const num = (a: FnArg) => (isText(a) ? `TRY_CAST(${a.sql} AS DOUBLE)` : a.sql);

/** a DuckDB DECIMAL(p,s) type's precision and scale */
function decimalOf(type: string | undefined): { p: number; s: number } | undefined {
  const m = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type ?? '');
  return m ? { p: Number(m[1]), s: Number(m[2]) } : undefined;
}

/** Spark's Sum: a whole number's is a bigint, a decimal(p,s)'s a decimal(p+10,s) (DuckDB's: HUGEINT, DECIMAL(38,s)) */
function sparkSum(a: FnArg, distinct: '' | 'DISTINCT '): string {
  const d = decimalOf(a.type);
  if (d) return `CAST(sum(${distinct}${a.sql}) AS DECIMAL(${Math.min(38, d.p + 10)},${d.s}))`;
  if (a.type !== undefined && INTEGER_TYPES.has(a.type)) return `CAST(sum(${distinct}${a.sql}) AS BIGINT)`;
  return `sum(${distinct}CAST(${num(a)} AS DOUBLE))`;
}

/**
 * Spark's Average: of a decimal(p,s), a decimal(p+4,s+4) — the exact sum divided by the count, half up (as the SQL
 * Query node's avg: src/core/sql/spark/functions/aggregates.ts); of anything else, a double (DuckDB's avg of a
 * DECIMAL is a DOUBLE)
 */
function sparkAvg(a: FnArg): string {
  const d = decimalOf(a.type);
  if (!d) return `avg(CAST(${num(a)} AS DOUBLE))`;
  const P = Math.min(38, d.p + 4);
  const S = Math.min(38, d.s + 4);
  const total = `CAST(sum(${a.sql}) AS DECIMAL(${Math.min(38, d.p + 10)},${d.s}))`;
  const n = `count(${a.sql})`;
  const unscaled = `(CAST(replace(CAST(${total} AS VARCHAR), '.', '') AS HUGEINT) * ${10 ** (S - d.s)})`;
  const q = `(((2 * abs(${unscaled}) + ${n}) // (2 * ${n})) * sign(${unscaled}))`;
  return `CASE WHEN ${n} = 0 THEN NULL ELSE TRY_CAST(CAST(${q} AS DECIMAL(38,0)) * CAST('0.${'0'.repeat(S - 1)}1' AS DECIMAL(${S + 1},${S})) AS DECIMAL(${P},${S})) END`;
}

/**
 * round / bround (HALF_UP / HALF_EVEN) as Spark's RoundBase computes them: a double (a float, a string Spark casts to
 * one) is rounded on its decimal text — Scala's BigDecimal(d), i.e. Double.toString — so round(1.005, 2) is 1.01, where
 * rounding the binary value (DuckDB's round of a DOUBLE) gives 1.0; as the SQL Query node's round does
 * (src/core/sql/spark/functions/math.ts). Integers and decimals are exact either way.
 */
function roundSql(a: FnArg, d: number, fn: 'round' | 'round_even'): string {
  const floating = isText(a) || a.type === 'DOUBLE' || a.type === 'FLOAT' || a.type === 'REAL';
  if (!floating) return `${fn}(${num(a)}, ${d})`;
  const v = `CAST(${num(a)} AS DOUBLE)`;
  const body = `CASE WHEN NOT isfinite(${v}) OR abs(${v}) >= 1e17 THEN ${v} ELSE CAST(${fn}(CAST(CAST(${v} AS VARCHAR) AS DECIMAL(38,18)), ${Math.min(d, 18)}) AS DOUBLE) END`;
  return a.type === 'FLOAT' || a.type === 'REAL' ? `CAST(${body} AS FLOAT)` : body;
}

/**
 * Spark's datetime pattern (`yyyy-MM-dd HH:mm:ss`) as a DuckDB strftime/strptime format; letters without a faithful
 * equivalent are refused.
 */
export function javaDateFormat(pattern: string): string {
  let out = '';
  let i = 0;
  const map: Record<string, string> = {
    yyyy: '%Y',
    yy: '%y',
    y: '%Y',
    MMMM: '%B',
    MMM: '%b',
    MM: '%m',
    M: '%-m',
    dd: '%d',
    d: '%-d',
    HH: '%H',
    H: '%-H',
    hh: '%I',
    h: '%-I',
    mm: '%M',
    m: '%-M',
    ss: '%S',
    s: '%-S',
    SSSSSS: '%f',
    SSS: '%g',
    a: '%p',
    EEEE: '%A',
    EEE: '%a',
    E: '%a',
    DDD: '%j',
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new FnError(`the datetime pattern "${pattern}" has an unclosed quote`);
      out += end === i + 1 ? "'" : pattern.slice(i + 1, end).replace(/%/g, '%%');
      i = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      const run = pattern.slice(i, j);
      const hit = map[run];
      if (hit === undefined) throw new FnError(`the datetime pattern letter run "${run}" (in "${pattern}") is not supported locally`);
      out += hit;
      i = j;
      continue;
    }
    out += c === '%' ? '%%' : c;
    i++;
  }
  return out;
}

/** Java's regex replacement (`$1`, `\$`) as DuckDB's (`\1`, `$`). */
function javaReplacement(r: string): string {
  return r.replace(/\\(.)|\$(\d)|\$\{(\w+)\}/g, (m, esc: string | undefined, d: string | undefined) => {
    if (esc !== undefined) return esc === '\\' ? '\\\\' : esc;
    if (d !== undefined) return `\\${d}`;
    throw new FnError(`the named group reference ${m} is not supported locally`);
  });
}

const fnName = (n: string) => (a: FnArg[]) => `${n}(${a.map((x) => x.name).join(', ')})`;

/** An array argument; a map or a struct (Spark explodes a map into key and value columns) is refused. */
function arrayArg(a: FnArg, fn: string): string {
  if (a.type !== undefined && !a.type.endsWith('[]')) throw new FnError(`${fn} of a ${a.type.startsWith('MAP') ? 'map' : a.type.startsWith('STRUCT') ? 'struct' : a.type} value is not translated (only arrays are)`);
  return a.sql;
}

const scalar = (sigText: string, sql: (a: FnArg[]) => string, extra: Partial<FnRow> = {}): FnRow => ({ sig: sigText, sql, ...extra });
const agg = (sigText: string, sql: (a: FnArg[]) => string, extra: Partial<FnRow> = {}): FnRow => ({ sig: sigText, sql, kind: 'agg', ...extra });
const win = (sigText: string, sql: (a: FnArg[]) => string, extra: Partial<FnRow> = {}): FnRow => ({ sig: sigText, sql, kind: 'window', ...extra });

export const FUNCTIONS: Record<string, FnRow | FnRefusal> = {
  // conditionals and nulls
  coalesce: scalar('*cols', (a) => `coalesce(${a.map((x) => x.sql).join(', ')})`),
  isnull: scalar('col!', (a) => `(${a[0]!.sql} IS NULL)`, { name: (a) => `(${a[0]!.name} IS NULL)`, type: 'BOOLEAN' }),
  isnan: scalar('col!', (a) => `isnan(CAST(${a[0]!.sql} AS DOUBLE))`, { type: 'BOOLEAN' }),
  nanvl: scalar('col1!, col2!', (a) => `CASE WHEN isnan(${a[0]!.sql}) THEN ${a[1]!.sql} ELSE ${a[0]!.sql} END`),
  greatest: scalar('*cols', (a) => `greatest(${a.map((x) => x.sql).join(', ')})`),
  least: scalar('*cols', (a) => `least(${a.map((x) => x.sql).join(', ')})`),

  // strings
  upper: scalar('col!', (a) => `upper(${text(a[0]!)})`, { type: 'VARCHAR' }),
  lower: scalar('col!', (a) => `lower(${text(a[0]!)})`, { type: 'VARCHAR' }),
  trim: scalar('col!', (a) => `trim(${text(a[0]!)}, ' ')`, { type: 'VARCHAR' }),
  ltrim: scalar('col!', (a) => `ltrim(${text(a[0]!)}, ' ')`, { type: 'VARCHAR' }),
  rtrim: scalar('col!', (a) => `rtrim(${text(a[0]!)}, ' ')`, { type: 'VARCHAR' }),
  length: scalar('col!', (a) => `CAST(length(${text(a[0]!)}) AS INTEGER)`, { type: 'INTEGER' }),
  reverse: scalar('col!', (a) => `reverse(${text(a[0]!)})`, { type: 'VARCHAR' }),
  initcap: scalar(
    'col!',
    (a) => `array_to_string(list_transform(string_split(lower(${text(a[0]!)}), ' '), w -> upper(w[1]) || w[2:]), ' ')`,
    { type: 'VARCHAR' },
  ),
  // Spark's concat: NULL when any argument is NULL (DuckDB's concat skips NULLs; `||` does not)
  // "If all inputs are binary, concat returns an output as binary. Otherwise, it returns as string" (the Spark SQL
  // reference, concat): binary values are concatenated as bytes
  concat: scalar('*cols', (a) => (a.length === 0 ? `''` : a.every(isBinary) ? `(${a.map((x) => x.sql).join(' || ')})` : `(${a.map(text).join(' || ')})`), {
    typeOf: (a) => (a.length > 0 && a.every(isBinary) ? 'BLOB' : 'VARCHAR'),
  }),
  // Spark's ConcatWs joins strings and the elements of arrays of strings, leaving NULLs out (an empty array adds none)
  concat_ws: scalar('sep!, *cols', (a) => {
    const sep = q(str(a[0], 'the separator'));
    const part = (x: FnArg) => {
      if (!/\[\]$/.test(x.type ?? '')) return text(x);
      const kept = `list_filter(${x.sql}, lambda __e: __e IS NOT NULL)`;
      return `CASE WHEN len(${kept}) = 0 THEN NULL ELSE array_to_string(${kept}, ${sep}) END`;
    };
    return `concat_ws(${sep}, ${a.slice(1).map(part).join(', ')})`;
  }, {
    lits: ['sep'],
    name: (a) => `concat_ws(${str(a[0], 'the separator')}, ${a.slice(1).map((x) => x.name).join(', ')})`,
    type: 'VARCHAR',
  }),
  // Spark: 1-based; position 0 is 1; a negative length gives ''
  substring: scalar('str!, pos!, len!', (a) => `substring(${text(a[0]!)}, ${posArg(intLit(a[1]))}, ${Math.max(0, intLit(a[2]))})`, { lits: ['pos', 'len'], type: 'VARCHAR' }),
  instr: scalar('str!, substr!', (a) => `CAST(instr(${text(a[0]!)}, ${q(str(a[1], 'the substring'))}) AS INTEGER)`, { lits: ['substr'], type: 'INTEGER' }),
  locate: scalar('substr!, str!, pos', (a) => {
    if (a[2] !== undefined && intLit(a[2]) !== 1) throw new FnError('locate with a start position other than 1 is not supported locally');
    return `CAST(instr(${text(a[1]!)}, ${q(str(a[0], 'the substring'))}) AS INTEGER)`;
  }, { lits: ['substr', 'pos'], type: 'INTEGER' }),
  lpad: scalar('col!, len!, pad!', (a) => `lpad(${text(a[0]!)}, ${intLit(a[1])}, ${q(str(a[2], 'the pad'))})`, { lits: ['len', 'pad'], type: 'VARCHAR' }),
  rpad: scalar('col!, len!, pad!', (a) => `rpad(${text(a[0]!)}, ${intLit(a[1])}, ${q(str(a[2], 'the pad'))})`, { lits: ['len', 'pad'], type: 'VARCHAR' }),
  translate: scalar('srcCol!, matching!, replace!', (a) => `translate(${text(a[0]!)}, ${q(str(a[1], 'matching'))}, ${q(str(a[2], 'replace'))})`, { lits: ['matching', 'replace'], type: 'VARCHAR' }),
  // Java regular expressions: the common syntax is RE2's too
  regexp_replace: scalar(
    'string!, pattern!, replacement!',
    (a) => `regexp_replace(${text(a[0]!)}, ${q(str(a[1], 'the pattern'))}, ${q(javaReplacement(str(a[2], 'the replacement')))}, 'g')`,
    { lits: ['pattern', 'replacement'], type: 'VARCHAR' },
  ),
  regexp_extract: scalar('str!, pattern!, idx!', (a) => `regexp_extract(${text(a[0]!)}, ${q(str(a[1], 'the pattern'))}, ${intLit(a[2])})`, { lits: ['pattern', 'idx'], type: 'VARCHAR' }),
  split: scalar(
    'str!, pattern!, limit',
    (a) => {
      if (a[2] !== undefined && intLit(a[2]) > 0) throw new FnError('split with a positive limit is not supported locally');
      return `string_split_regex(${text(a[0]!)}, ${q(str(a[1], 'the pattern'))})`;
    },
    { lits: ['pattern', 'limit'], type: 'VARCHAR[]', name: (a) => `split(${a[0]!.name}, ${str(a[1], 'the pattern')}, -1)` },
  ),
  md5: scalar('col!', (a) => `md5(${bytes(a[0]!)})`, { type: 'VARCHAR' }),
  sha1: scalar('col!', (a) => `sha1(${bytes(a[0]!)})`, { type: 'VARCHAR' }),
  sha2: scalar('col!, numBits!', (a) => {
    const bits = intLit(a[1]);
    if (bits !== 256 && bits !== 0) throw new FnError(`sha2 with ${bits} bits is not supported locally (256 is)`);
    return `sha256(${bytes(a[0]!)})`;
  }, { lits: ['numBits'], type: 'VARCHAR' }),
  // encode(col, charset): the string's bytes in the charset, a binary value (Spark: "Computes the first argument into
  // a binary from a string using the provided character set (one of 'US-ASCII', 'ISO-8859-1', 'UTF-8', 'UTF-16BE',
  // 'UTF-16LE', 'UTF-16')"); UTF-8 is DuckDB's encode, the others are refused
  encode: scalar('col!, charset!', (a) => {
    if (!/^utf-?8$/i.test(str(a[1], 'the charset'))) throw new FnError(`encode to ${str(a[1], 'the charset')} is not supported locally (UTF-8 is)`);
    return `encode(${text(a[0]!)})`;
  }, { lits: ['charset'], type: 'BLOB' }),
  decode: scalar('col!, charset!', (a) => {
    if (!/^utf-?8$/i.test(str(a[1], 'the charset'))) throw new FnError(`decode from ${str(a[1], 'the charset')} is not supported locally (UTF-8 is)`);
    return isBinary(a[0]!) ? `decode(${a[0]!.sql})` : text(a[0]!);
  }, { lits: ['charset'], type: 'VARCHAR' }),
  // hex(col): "Computes hex value of the given column, which could be StringType, BinaryType, IntegerType or LongType"
  // — a string's UTF-8 bytes or a binary's, two upper-case digits each; an integer as a long in upper-case hex
  // (two's complement: hex(-1) is FFFFFFFFFFFFFFFF); DuckDB's hex does the same for VARCHAR, BLOB and BIGINT
  hex: scalar('col!', (a) => {
    const x = a[0]!;
    if (isText(x) || isBinary(x)) return `hex(${x.sql})`;
    if (x.type !== undefined && INTEGER_TYPES.has(x.type)) return `hex(CAST(${x.sql} AS BIGINT))`;
    throw new FnError(`hex of a ${x.type ?? 'value of unknown type'} is not supported locally (strings, binary values and integers are)`);
  }, { type: 'VARCHAR' }),

  // numbers
  abs: scalar('col!', (a) => `abs(${num(a[0]!)})`, { name: (a) => `abs(${a[0]!.name})` }),
  // Spark rounds half away from zero (HALF_UP), as DuckDB's round does; a double on its decimal text (roundSql)
  round: scalar('col!, scale', (a) => roundSql(a[0]!, intLit(a[1], 0), 'round'), { lits: ['scale'], name: (a) => `round(${a[0]!.name}, ${intLit(a[1], 0)})` }),
  bround: scalar('col!, scale', (a) => roundSql(a[0]!, intLit(a[1], 0), 'round_even'), { lits: ['scale'], name: (a) => `bround(${a[0]!.name}, ${intLit(a[1], 0)})` }),
  floor: scalar('col!', (a) => `CAST(floor(${num(a[0]!)}) AS BIGINT)`, { name: (a) => `FLOOR(${a[0]!.name})`, type: 'BIGINT' }),
  ceil: scalar('col!', (a) => `CAST(ceil(${num(a[0]!)}) AS BIGINT)`, { name: (a) => `CEIL(${a[0]!.name})`, type: 'BIGINT' }),
  sqrt: scalar('col!', (a) => `CASE WHEN ${num(a[0]!)} < 0 THEN 'NaN'::DOUBLE ELSE sqrt(${num(a[0]!)}) END`, { name: (a) => `SQRT(${a[0]!.name})`, type: 'DOUBLE' }),
  exp: scalar('col!', (a) => `exp(${num(a[0]!)})`, { name: (a) => `EXP(${a[0]!.name})`, type: 'DOUBLE' }),
  log10: scalar('col!', (a) => `CASE WHEN ${num(a[0]!)} > 0 THEN log10(${num(a[0]!)}) END`, { name: (a) => `LOG10(${a[0]!.name})`, type: 'DOUBLE' }),
  pow: scalar('col1!, col2!', (a) => `pow(CAST(${num(a[0]!)} AS DOUBLE), ${num(a[1]!)})`, { name: (a) => `POWER(${a[0]!.name}, ${a[1]!.name})`, type: 'DOUBLE' }),

  // dates and times (the session time zone is UTC, as on Glue)
  current_date: scalar('', () => 'current_date', { name: () => 'current_date()', type: 'DATE' }),
  current_timestamp: scalar('', () => 'CAST(now() AS TIMESTAMP)', { name: () => 'current_timestamp()', type: 'TIMESTAMP' }),
  to_date: scalar('col!, format', (a) => (a[1] === undefined ? date(a[0]!) : `CAST(try_strptime(${text(a[0]!)}, ${q(javaDateFormat(str(a[1], 'the format')))}) AS DATE)`), { lits: ['format'], type: 'DATE' }),
  to_timestamp: scalar('col!, format', (a) => (a[1] === undefined ? ts(a[0]!) : `try_strptime(${text(a[0]!)}, ${q(javaDateFormat(str(a[1], 'the format')))})`), { lits: ['format'], type: 'TIMESTAMP' }),
  date_format: scalar('date!, format!', (a) => `strftime(${ts(a[0]!)}, ${q(javaDateFormat(str(a[1], 'the format')))})`, {
    lits: ['format'],
    name: (a) => `date_format(${a[0]!.name}, ${str(a[1], 'the format')})`,
    type: 'VARCHAR',
  }),
  year: scalar('col!', (a) => `CAST(year(${ts(a[0]!)}) AS INTEGER)`, { type: 'INTEGER' }),
  quarter: scalar('col!', (a) => `CAST(quarter(${ts(a[0]!)}) AS INTEGER)`, { type: 'INTEGER' }),
  month: scalar('col!', (a) => `CAST(month(${ts(a[0]!)}) AS INTEGER)`, { type: 'INTEGER' }),
  dayofmonth: scalar('col!', (a) => `CAST(day(${ts(a[0]!)}) AS INTEGER)`, { type: 'INTEGER' }),
  // Spark: 1 = Sunday … 7 = Saturday
  dayofweek: scalar('col!', (a) => `CAST(dayofweek(${ts(a[0]!)}) + 1 AS INTEGER)`, { type: 'INTEGER' }),
  dayofyear: scalar('col!', (a) => `CAST(dayofyear(${ts(a[0]!)}) AS INTEGER)`, { type: 'INTEGER' }),
  weekofyear: scalar('col!', (a) => `CAST(weekofyear(${ts(a[0]!)}) AS INTEGER)`, { type: 'INTEGER' }),
  hour: scalar('col!', (a) => `CAST(hour(${ts(a[0]!)}) AS INTEGER)`, { type: 'INTEGER' }),
  minute: scalar('col!', (a) => `CAST(minute(${ts(a[0]!)}) AS INTEGER)`, { type: 'INTEGER' }),
  second: scalar('col!', (a) => `CAST(second(${ts(a[0]!)}) AS INTEGER)`, { type: 'INTEGER' }),
  datediff: scalar('end!, start!', (a) => `CAST(date_diff('day', ${date(a[1]!)}, ${date(a[0]!)}) AS INTEGER)`, { type: 'INTEGER' }),
  date_add: scalar('start!, days!', (a) => `CAST(${date(a[0]!)} + CAST(${a[1]!.sql} AS INTEGER) AS DATE)`, { lits: [], type: 'DATE' }),
  date_sub: scalar('start!, days!', (a) => `CAST(${date(a[0]!)} - CAST(${a[1]!.sql} AS INTEGER) AS DATE)`, { type: 'DATE' }),
  add_months: scalar('start!, months!', (a) => `CAST(${date(a[0]!)} + to_months(CAST(${a[1]!.sql} AS INTEGER)) AS DATE)`, { type: 'DATE' }),
  last_day: scalar('date!', (a) => `last_day(${date(a[0]!)})`, { type: 'DATE' }),
  // seconds since the epoch of a time (UTC); a string is parsed with the format (default yyyy-MM-dd HH:mm:ss)
  unix_timestamp: scalar(
    'timestamp, format',
    (a) => {
      if (a[0] === undefined) return 'CAST(epoch(now()) AS BIGINT)';
      const fmt = a[1] === undefined ? 'yyyy-MM-dd HH:mm:ss' : str(a[1], 'the format');
      const t = isText(a[0]) ? `try_strptime(${a[0].sql}, ${q(javaDateFormat(fmt))})` : ts(a[0]);
      return `CAST(floor(epoch(${t})) AS BIGINT)`;
    },
    { lits: ['format'], type: 'BIGINT', name: (a) => `unix_timestamp(${a[0]?.name ?? 'current_timestamp()'}, ${a[1] === undefined ? 'yyyy-MM-dd HH:mm:ss' : str(a[1], 'the format')})` },
  ),
  from_unixtime: scalar(
    'timestamp!, format',
    (a) => `strftime(make_timestamp(CAST(${num(a[0]!)} AS BIGINT) * 1000000), ${q(javaDateFormat(a[1] === undefined ? 'yyyy-MM-dd HH:mm:ss' : str(a[1], 'the format')))})`,
    { lits: ['format'], type: 'VARCHAR', name: (a) => `from_unixtime(${a[0]!.name}, ${a[1] === undefined ? 'yyyy-MM-dd HH:mm:ss' : str(a[1], 'the format')})` },
  ),
  timestamp_seconds: scalar('col!', (a) => `make_timestamp(CAST(${num(a[0]!)} * 1000000 AS BIGINT))`, { type: 'TIMESTAMP' }),
  timestamp_millis: scalar('col!', (a) => `make_timestamp(CAST(${num(a[0]!)} AS BIGINT) * 1000)`, { type: 'TIMESTAMP' }),
  date_trunc: scalar('format!, timestamp!', (a) => {
    const unit = str(a[0], 'the unit').toLowerCase();
    const u = { year: 'year', yyyy: 'year', yy: 'year', quarter: 'quarter', month: 'month', mon: 'month', mm: 'month', week: 'week', day: 'day', dd: 'day', hour: 'hour', minute: 'minute', second: 'second' }[unit];
    if (u === undefined) throw new FnError(`date_trunc to "${unit}" is not supported locally`);
    return `date_trunc('${u}', ${ts(a[1]!)})`;
  }, { lits: ['format'], type: 'TIMESTAMP' }),

  // arrays and structs
  size: scalar('col!', (a) => `CAST(coalesce(len(${a[0]!.sql}), -1) AS INTEGER)`, { type: 'INTEGER' }),
  // Spark's ArrayContains: true when found, else NULL when the array holds a NULL, else false
  array_contains: scalar(
    'col!, value!',
    (a) => `CASE WHEN ${a[0]!.sql} IS NULL OR ${a[1]!.sql} IS NULL THEN NULL WHEN list_contains(${a[0]!.sql}, ${a[1]!.sql}) THEN true WHEN list_position(${a[0]!.sql}, NULL) IS NOT NULL THEN NULL ELSE false END`,
    { lits: ['value'], type: 'BOOLEAN' },
  ),
  element_at: scalar('col!, extraction!', (a) => `${a[0]!.sql}[${a[1]!.sql}]`, { lits: ['extraction'] }),
  array: scalar('*cols', (a) => `[${a.map((x) => x.sql).join(', ')}]`, {
    // a list of the arguments' type when they all have one and the same (concat_ws reads arrays of strings by it)
    typeOf: (a) => (a.length > 0 && a[0]!.type !== undefined && a.every((x) => x.type === a[0]!.type) ? `${a[0]!.type}[]` : ''),
  }),
  sort_array: scalar('col!, asc', (a) => `list_sort(${a[0]!.sql}, ${a[1]?.lit?.py === 'bool' && !a[1].lit.v ? "'DESC'" : "'ASC'"}, ${a[1]?.lit?.py === 'bool' && !a[1].lit.v ? "'NULLS LAST'" : "'NULLS FIRST'"})`, { lits: ['asc'] }),
  // Spark keeps each value's first occurrence, in order (ArrayDistinct); DuckDB's list_distinct does not keep the order
  array_distinct: scalar('col!', (a) => `list_filter(${a[0]!.sql}, lambda __e, __i: __i = list_position(${a[0]!.sql}, __e))`),
  explode: { sig: 'col!', kind: 'generator', sql: (a) => `UNNEST(${arrayArg(a[0]!, 'explode')})`, name: () => 'col' },
  explode_outer: { sig: 'col!', kind: 'generator', sql: (a) => `UNNEST(CASE WHEN len(${arrayArg(a[0]!, 'explode_outer')}) > 0 THEN ${a[0]!.sql} ELSE [NULL] END)`, name: () => 'col' },

  // aggregates
  count: agg('col!', (a) => (a[0]!.sql === '*' ? 'count(*)' : `count(${a[0]!.sql})`), { name: (a) => `count(${a[0]!.sql === '*' ? '1' : a[0]!.name})`, type: 'BIGINT' }),
  countDistinct: agg('col!, *cols', (a) => {
    if (a.length > 1) throw new FnError('countDistinct of several columns is not supported locally');
    return `count(DISTINCT ${a[0]!.sql})`;
  }, { name: (a) => `count(DISTINCT ${a.map((x) => x.name).join(', ')})`, type: 'BIGINT' }),
  count_distinct: agg('col!, *cols', (a) => {
    if (a.length > 1) throw new FnError('count_distinct of several columns is not supported locally');
    return `count(DISTINCT ${a[0]!.sql})`;
  }, { name: (a) => `count(DISTINCT ${a.map((x) => x.name).join(', ')})`, type: 'BIGINT' }),
  sum: agg('col!', (a) => sparkSum(a[0]!, '')),
  sumDistinct: agg('col!', (a) => sparkSum(a[0]!, 'DISTINCT '), { name: (a) => `sum(DISTINCT ${a[0]!.name})` }),
  sum_distinct: agg('col!', (a) => sparkSum(a[0]!, 'DISTINCT '), { name: (a) => `sum(DISTINCT ${a[0]!.name})` }),
  avg: agg('col!', (a) => sparkAvg(a[0]!)),
  mean: agg('col!', (a) => sparkAvg(a[0]!), { name: (a) => `avg(${a[0]!.name})` }),
  min: agg('col!', (a) => `min(${a[0]!.sql})`),
  max: agg('col!', (a) => `max(${a[0]!.sql})`),
  first: agg('col!, ignorenulls', (a) => (a[1]?.lit?.py === 'bool' && a[1].lit.v ? `first(${a[0]!.sql} ORDER BY NULL) FILTER (WHERE ${a[0]!.sql} IS NOT NULL)` : `first(${a[0]!.sql})`), { lits: ['ignorenulls'], name: (a) => `first(${a[0]!.name})` }),
  last: agg('col!, ignorenulls', (a) => (a[1]?.lit?.py === 'bool' && a[1].lit.v ? `last(${a[0]!.sql}) FILTER (WHERE ${a[0]!.sql} IS NOT NULL)` : `last(${a[0]!.sql})`), { lits: ['ignorenulls'], name: (a) => `last(${a[0]!.name})` }),
  // Spark leaves NULLs out of collect_list and collect_set
  collect_list: agg('col!', (a) => `coalesce(list(${a[0]!.sql}) FILTER (WHERE ${a[0]!.sql} IS NOT NULL), [])`),
  collect_set: agg('col!', (a) => `coalesce(list(DISTINCT ${a[0]!.sql}) FILTER (WHERE ${a[0]!.sql} IS NOT NULL), [])`),
  // Spark's CentralMomentAgg, one update per row, as the SQL Query node computes them (DuckDB's own var_samp and
  // kurtosis use other formulas: the last digits differ, and its kurtosis is the sample's)
  stddev_samp: agg('col!', (a) => sparkMomentAggregate('stddev_samp', `CAST(${num(a[0]!)} AS DOUBLE)`), { type: 'DOUBLE' }),
  stddev_pop: agg('col!', (a) => sparkMomentAggregate('stddev_pop', `CAST(${num(a[0]!)} AS DOUBLE)`), { type: 'DOUBLE' }),
  var_samp: agg('col!', (a) => sparkMomentAggregate('var_samp', `CAST(${num(a[0]!)} AS DOUBLE)`), { type: 'DOUBLE' }),
  var_pop: agg('col!', (a) => sparkMomentAggregate('var_pop', `CAST(${num(a[0]!)} AS DOUBLE)`), { type: 'DOUBLE' }),
  // Spark's kurtosis is the population excess kurtosis
  kurtosis: agg('col!', (a) => sparkMomentAggregate('kurtosis', `CAST(${num(a[0]!)} AS DOUBLE)`), { type: 'DOUBLE' }),

  // window functions (with .over(window))
  row_number: win('', () => 'row_number()', { name: () => 'row_number()', type: 'INTEGER' }),
  rank: win('', () => 'rank()', { name: () => 'RANK()', type: 'INTEGER' }),
  dense_rank: win('', () => 'dense_rank()', { name: () => 'DENSE_RANK()', type: 'INTEGER' }),
  percent_rank: win('', () => 'percent_rank()', { name: () => 'PERCENT_RANK()', type: 'DOUBLE' }),
  cume_dist: win('', () => 'cume_dist()', { name: () => 'CUME_DIST()', type: 'DOUBLE' }),
  ntile: win('n!', (a) => `ntile(${intLit(a[0])})`, { lits: ['n'], type: 'INTEGER' }),
  lag: win('col!, offset, default', (a) => `lag(${a[0]!.sql}, ${intLit(a[1], 1)}${a[2] !== undefined ? `, ${a[2].sql}` : ''})`, { lits: ['offset', 'default'] }),
  lead: win('col!, offset, default', (a) => `lead(${a[0]!.sql}, ${intLit(a[1], 1)}${a[2] !== undefined ? `, ${a[2].sql}` : ''})`, { lits: ['offset', 'default'] }),

  // random numbers: any value of the distribution is a valid answer, so an unseeded call runs (a new value per row
  // and per run, as on Glue). Spark's functions.rand() draws a seed (`rand(Utils.random.nextLong)`), which is in the
  // column's name (`rand(-4591…)`): an alias is needed. A seed makes Spark's values a function of its XORShiftRandom
  // per partition (seed + partition index), which the local engine cannot reproduce: refused by name
  rand: { sig: 'seed', lits: ['seed'], type: 'DOUBLE', sql: () => 'random()', name: () => undefined, unsupportedArgs: { seed: SEEDED } },
  // a standard normal value (the Box–Muller transform of two uniform values)
  randn: { sig: 'seed', lits: ['seed'], type: 'DOUBLE', sql: () => '(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))', name: () => undefined, unsupportedArgs: { seed: SEEDED } },

  // refused: results that differ from run to run or cannot be reproduced locally
  uuid: { refuse: 'a random UUID differs on every run', instead: 'derive an identifier from the row\'s fields' },
  monotonically_increasing_id: { refuse: "its values depend on Spark's partitioning of the data", instead: 'number the rows with row_number() over a window with an order' },
  spark_partition_id: { refuse: "its values depend on Spark's partitioning of the data", instead: 'remove it' },
  input_file_name: { refuse: 'the file names Spark reports are not reproduced locally', instead: 'remove it' },
  hash: { refuse: "Spark's Murmur3 hash is not reproduced locally", instead: 'use md5, sha1 or sha2' },
  xxhash64: { refuse: "Spark's xxHash64 is not reproduced locally", instead: 'use md5, sha1 or sha2' },
  crc32: { refuse: "Spark's crc32 is not reproduced locally", instead: 'use md5, sha1 or sha2' },
  approx_count_distinct: { refuse: "its result is Spark's HyperLogLog++ estimate, which the local engine does not reproduce", instead: 'use countDistinct for the exact count' },
  approxCountDistinct: { refuse: "its result is Spark's HyperLogLog++ estimate, which the local engine does not reproduce", instead: 'use countDistinct for the exact count' },
  percentile_approx: { refuse: "its result is Spark's approximation, which the local engine does not reproduce", instead: 'use an exact percentile in an SQL Query node' },
  skewness: agg('col!', (a) => sparkMomentAggregate('skewness', `CAST(${num(a[0]!)} AS DOUBLE)`), { type: 'DOUBLE' }),
  udf: { refuse: 'a Python UDF runs Python code on every row', instead: 'write the computation with pyspark.sql.functions or an SQL Query node' },
  pandas_udf: { refuse: 'a pandas UDF runs Python code on every batch of rows', instead: 'write the computation with pyspark.sql.functions or an SQL Query node' },
};

/** Aliases PySpark defines for the same function. */
export const FUNCTION_ALIASES: Record<string, string> = {
  stddev: 'stddev_samp',
  std: 'stddev_samp',
  variance: 'var_samp',
  day: 'dayofmonth',
  power: 'pow',
  ceiling: 'ceil',
  substr: 'substring',
};

/** `pos` as DuckDB's substring takes it: Spark treats 0 as 1. */
function posArg(p: number): number {
  return p === 0 ? 1 : p;
}

export function functionRow(name: string): FnRow | FnRefusal | undefined {
  return FUNCTIONS[FUNCTION_ALIASES[name] ?? name];
}

export const defaultName = fnName;
