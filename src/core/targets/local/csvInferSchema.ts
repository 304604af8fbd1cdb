/**
 * `spark.read.csv(…, inferSchema=True)`: the types Spark's CSVInferSchema gives the columns (Spark 3.3 and 3.5,
 * sql/catalyst/…/csv/CSVInferSchema.scala), from every value of every file. Each value is tried in the order
 * `inferField` tries it — `field.toInt` (IntegerType), `field.toLong` (LongType), `new java.math.BigDecimal(field)`
 * with a scale of 0 (DecimalType(precision, 0): a scale above 0 goes on to double, one below fails the DecimalType
 * and goes on to double too), `field.toDouble` (Java's Double.parseDouble: surrounding whitespace, `NaN`,
 * `Infinity`, a `d`/`f` suffix) or the options' `NaN`/`Inf`/`-Inf`, a timestamp (or a date, on 3.5), `toBoolean`
 * (`true`/`false` in any case) — and the column's type is the common type of its values (compatibleType: int and
 * long are long, integers and doubles double, anything with a boolean or a string a string). An empty value (and
 * the `nullValue` option's) is no evidence and is read as null.
 *
 * Refused by name, since the local engine cannot give Spark's answer there:
 * - a column whose values Spark may read as timestamps or dates (every value starts like one, `2024-01-31…`,
 *   `12:30…`): Spark's lenient timestamp parser (DateTimeUtils.stringToTimestamp) and 3.5's date preference are not
 *   reproduced;
 * - a column of integers beyond a long beside smaller integers: the decimal's precision then depends on the order
 *   Spark reads the values in (a DecimalType so far takes a small integer as DecimalType(1,0), an IntegerType so
 *   far widens a decimal to DecimalType(10,0) — DecimalType.forType);
 * - a hexadecimal floating-point value (`0x1p3`, which Double.parseDouble reads).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LakehouseError } from '../../errors';
import { ident, literal } from './duck';

const INT = "'[+-]?[0-9]+'";
/** java.math.BigDecimal's grammar: groups 1 the integer digits, 2 the fraction digits, 3 the exponent */
const BIG_DECIMAL = "'[+-]?([0-9]*)\\.?([0-9]*)(?:[eE]([+-]?[0-9]+))?'";
const BIG_DECIMAL_ANCHORED = "'^[+-]?([0-9]*)\\.?([0-9]*)(?:[eE]([+-]?[0-9]+))?$'";
/** Double.parseDouble's decimal forms, after Java's trim (characters up to U+0020) */
const JAVA_DOUBLE = "'[\\x00-\\x20]*[+-]?(NaN|Infinity|([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)[\\x00-\\x20]*'";
const HEX_DOUBLE = "'[\\x00-\\x20]*[+-]?0[xX].*'";
/** how a timestamp, a date or a time of day starts (`2024-01-31`, `2024-1`, `12:30`, `T12:30`) */
const TIME_LIKE = "'[\\x00-\\x20]*([+-]?[0-9]+[-:]|T[0-9]).*'";
/** Spark's CSV options nanValue, positiveInf, negativeInf (defaults) */
const INF_OR_NAN = "('NaN', 'Inf', '-Inf')";

type Inferred = { kind: 'int' | 'bigint' | 'double' | 'boolean' | 'string' } | { kind: 'decimal'; precision: number };

/** The SQL of one column's statistics, from the column's text `v` (already null where Spark reads null). */
function columnStats(v: string): string[] {
  const isInt = `(regexp_full_match(${v}, ${INT}) AND TRY_CAST(${v} AS INTEGER) IS NOT NULL)`;
  const isLong = `(regexp_full_match(${v}, ${INT}) AND TRY_CAST(${v} AS BIGINT) IS NOT NULL)`;
  const g = (i: number) => `regexp_extract(${v}, ${BIG_DECIMAL_ANCHORED}, ${i})`;
  // BigDecimal's scale: the fraction's digits less the exponent; its precision: the unscaled value's digits
  const scale0 = `(regexp_full_match(${v}, ${BIG_DECIMAL}) AND (${g(1)} || ${g(2)}) <> '' AND length(${g(2)}) = coalesce(TRY_CAST(nullif(${g(3)}, '') AS INTEGER), 0))`;
  const precision = `greatest(length(ltrim(${g(1)} || ${g(2)}, '0')), 1)`;
  const isDec = `(NOT ${isLong} AND ${scale0} AND ${precision} <= 38)`;
  const isDouble = `(regexp_full_match(${v}, ${JAVA_DOUBLE}) OR ${v} IN ${INF_OR_NAN})`;
  return [
    `count(${v})`,
    `count(${v}) FILTER (WHERE NOT ${isInt})`,
    `count(${v}) FILTER (WHERE NOT ${isLong})`,
    `count(${v}) FILTER (WHERE NOT ${isLong} AND NOT ${isDec})`,
    `count(${v}) FILTER (WHERE ${isDec})`,
    `max(CASE WHEN ${isDec} THEN ${precision} END)`,
    `count(${v}) FILTER (WHERE NOT ${isLong} AND NOT ${isDec} AND NOT ${isDouble})`,
    `count(${v}) FILTER (WHERE lower(${v}) NOT IN ('true', 'false'))`,
    `count(${v}) FILTER (WHERE NOT regexp_full_match(${v}, ${TIME_LIKE}) AND NOT regexp_full_match(${v}, ${INT}))`,
    `count(${v}) FILTER (WHERE regexp_full_match(${v}, ${TIME_LIKE}))`,
    `count(${v}) FILTER (WHERE regexp_full_match(${v}, ${HEX_DOUBLE}))`,
  ];
}
const STATS = 11;

/** A column's value as the type Spark infers reads it (UnivocityParser's converters). */
function convert(v: string, t: Inferred): string {
  switch (t.kind) {
    case 'string':
      return v;
    case 'int':
      return `CAST(${v} AS INTEGER)`;
    case 'bigint':
      return `CAST(${v} AS BIGINT)`;
    case 'decimal':
      return `CAST(${v} AS DECIMAL(${t.precision},0))`;
    case 'boolean':
      return `CAST(lower(${v}) AS BOOLEAN)`;
    case 'double':
      // Java's trim and `d`/`f` suffix; the options' Inf/-Inf
      return `CAST(CASE ${v} WHEN 'Inf' THEN 'Infinity' WHEN '-Inf' THEN '-Infinity' ELSE regexp_replace(regexp_replace(${v}, '^[\\x00-\\x20]+|[\\x00-\\x20]+$', '', 'g'), '[fFdD]$', '') END AS DOUBLE)`;
  }
}

/**
 * The select of `read` (every column text, DuckDB's `cols`) with the columns named `names` and typed as Spark's
 * inferSchema types them; `nullValue`: the reader's option (a value read as null). `where`: `file:line` for refusals.
 */
export async function inferCsvSelect(conn: DuckDBConnection, read: string, cols: { name: string }[], names: string[], nullValue: string | undefined, where: { file: string; line: number }): Promise<string> {
  // (an empty value is null: DuckDB reads an empty field, quoted or not, as NULL — Spark's default nullValue "")
  const text = (c: { name: string }) => (nullValue === undefined || nullValue === '' ? ident(c.name) : `nullif(${ident(c.name)}, ${literal(nullValue)})`);
  if (cols.length === 0) return `SELECT * FROM (${read})`;
  const row = (await conn.runAndReadAll(`SELECT ${cols.flatMap((c) => columnStats(text(c))).join(', ')} FROM (${read})`)).getRowsJson()[0] as (string | number | null)[];
  const refuse = (i: number, why: string) =>
    new LakehouseError('ScriptUnsupported', `${where.file}:${where.line}: spark.read.csv with inferSchema cannot run on the local engine: the column ${names[i]} ${why}; give the reader a schema (.schema(StructType([StructField("…", DateType(), True), …]))), or read without inferSchema and cast`, {
      file: where.file,
      line: where.line,
    });
  const types = cols.map((_, i): Inferred => {
    const [total, notInt, notLong, notLongOrDec, decimals, maxPrecision, notNumber, notBool, notTimeOrInt, timeLike, hex] = row.slice(i * STATS, (i + 1) * STATS).map((x) => Number(x ?? 0)) as number[] as [number, number, number, number, number, number, number, number, number, number, number];
    if (total === 0) return { kind: 'string' };
    if (notInt === 0) return { kind: 'int' };
    if (notLong === 0) return { kind: 'bigint' };
    if (notLongOrDec === 0) {
      if (decimals < total) throw refuse(i, `holds integers beyond a long (${maxPrecision} digits) beside smaller ones: the decimal precision Spark infers then depends on the order it reads the values in`);
      return { kind: 'decimal', precision: maxPrecision };
    }
    if (hex > 0) throw refuse(i, 'holds a hexadecimal floating-point value, which Java reads as a double');
    if (notNumber === 0) return { kind: 'double' };
    if (notBool === 0) return { kind: 'boolean' };
    if (timeLike > 0 && notTimeOrInt === 0) throw refuse(i, 'holds values Spark may read as timestamps or dates (its lenient timestamp parser, and on Glue 5.0 its preference for dates, are not reproduced here)');
    return { kind: 'string' };
  });
  return `SELECT ${cols.map((c, i) => `${convert(text(c), types[i]!)} AS ${ident(names[i]!)}`).join(', ')} FROM (${read})`;
}
