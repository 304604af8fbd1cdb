/**
 * Whether Spark calls a DataFrame column nullable — what `df.printSchema()` prints as `(nullable = …)` and
 * `print(df.schema)` as StructField's third value — from the expression that makes it, by Catalyst's
 * `Expression.nullable` (apache/spark branch-3.3, sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions):
 *
 * - Literal (literals.scala): `nullable = value == null` — `F.lit(1)` is not nullable, `F.lit(None)` is;
 * - a field of a frame read from data: nullable (Spark's readers make every field nullable); a field passed through a
 *   projection keeps its nullability (AttributeReference);
 * - Count (aggregate/Count.scala): `nullable = false`; Sum, Average, Min, Max, First, Last: `nullable = true`;
 * - RowNumber, Rank, DenseRank, NTile (windowExpressions.scala, RowNumberLike/RankLike): `nullable = false`, and a
 *   WindowExpression is as nullable as its function;
 * - CurrentTimestamp, CurrentDate (datetimeExpressions.scala), MonotonicallyIncreasingID, SparkPartitionID: `false`;
 * - Coalesce (nullExpressions.scala): `children.forall(_.nullable)`; IsNull, IsNotNull: `false`;
 * - BinaryArithmetic Add/Subtract/Multiply (arithmetic.scala), BinaryComparison, And, Or (predicates.scala):
 *   `left.nullable || right.nullable` (a BinaryExpression's); Divide and Remainder (DivModLike): always `true`;
 *   EqualNullSafe: `false`; Not, UnaryMinus: the child's;
 * - CaseWhen (conditionalExpressions.scala): a branch value's or the else value's nullability, `true` without else;
 * - Upper, Lower, InitCap, Length, Abs, Year, Month, DayOfMonth, Hour, Minute, Second (UnaryExpression): the child's;
 *   StringTrim (trim, ltrim, rtrim) and Concat: `children.exists(_.nullable)`;
 * - Alias: the child's.
 *
 * Any other expression: the nullability is not followed (a string naming the construct), and what prints it refuses.
 */
import type { ColExpr } from '../../jobs/expr';
import type { FrameCol } from './frames';

/** true / false: Spark's `nullable`; a string: not followed here, the construct to name. */
export type Nullable = boolean | string;

/** a frame column's nullability: absent is nullable (what a read gives) */
export const colNullable = (c: FrameCol | undefined): Nullable => (c === undefined ? true : c.nullable ?? true);

const ALWAYS_FALSE = new Set(['count', 'countDistinct', 'count_distinct', 'row_number', 'rank', 'dense_rank', 'ntile', 'current_timestamp', 'current_date', 'now', 'monotonically_increasing_id', 'spark_partition_id', 'isnull']);
const ALWAYS_TRUE = new Set(['sum', 'avg', 'mean', 'min', 'max', 'first', 'last']);
const OF_CHILDREN = new Set(['upper', 'lower', 'initcap', 'length', 'abs', 'year', 'month', 'dayofmonth', 'hour', 'minute', 'second', 'trim', 'ltrim', 'rtrim', 'concat']);
const OPS_OF_CHILDREN = new Set(['+', '-', '*', '==', '!=', '<', '<=', '>', '>=', 'and', 'or', 'not', 'neg']);

const STRING_FUNCTIONS = new Set(['upper', 'lower', 'initcap', 'length', 'trim', 'ltrim', 'rtrim', 'concat']);

/**
 * a result that is not nullable, of children Spark may cast implicitly: a string cast to a number or a date may give
 * null (Cast.forceNullable(StringType, _) is true), so unless each child's type is known and not a string, the result
 * is not followed (the functions of strings cast their other children to strings, which never gives null)
 */
function noStringCast(n: Nullable, args: ColExpr[], lookup: (name: string) => FrameCol | undefined, unknown: string): Nullable {
  if (n !== false) return n;
  return args.every((a) => {
    const t = typeOf(a, lookup);
    return t !== undefined && t !== 'string';
  })
    ? false
    : unknown;
}

/** any nullable child makes it nullable; else a child not followed makes it not followed */
function anyOf(xs: Nullable[]): Nullable {
  if (xs.includes(true)) return true;
  return xs.find((x) => typeof x === 'string') ?? false;
}

/**
 * Spark's `nullable` of a column expression over `lookup`'s fields (a field by name; undefined: not one of them, taken
 * as a nullable field of the data), or the construct whose nullability is not followed.
 */
export function sparkNullable(e: ColExpr, lookup: (name: string) => FrameCol | undefined): Nullable {
  const unknown = `the expression ${e.pos.text}`;
  switch (e.k) {
    case 'col':
      // a nested field (a.b): GetStructField is `child.nullable || field.nullable`, and a read's fields are nullable
      if (e.name.includes('.')) return colNullable(lookup(e.name.split('.')[0]!.replace(/^`|`$/g, ''))) === true ? true : unknown;
      return colNullable(lookup(e.name.replace(/^`|`$/g, '')));
    case 'lit':
      if (e.value.py === 'none') return true;
      return e.value.py === 'list' || e.value.py === 'tuple' ? unknown : false;
    case 'alias':
      return e.names === undefined ? sparkNullable(e.arg, lookup) : unknown;
    case 'over':
      return sparkNullable(e.arg, lookup);
    case 'when': {
      const values = [...e.branches.map((b) => sparkNullable(b.value, lookup)), e.otherwise === undefined ? true : sparkNullable(e.otherwise, lookup)];
      return anyOf(values);
    }
    case 'fn': {
      if (ALWAYS_FALSE.has(e.name)) return false;
      if (ALWAYS_TRUE.has(e.name)) return true;
      if (e.name === 'coalesce') {
        const xs = e.args.map((a) => sparkNullable(a, lookup));
        if (xs.includes(false)) return false;
        return xs.find((x) => typeof x === 'string') ?? true;
      }
      if (OF_CHILDREN.has(e.name) && e.options === undefined && e.args.length > 0) return noStringCast(anyOf(e.args.map((a) => sparkNullable(a, lookup))), STRING_FUNCTIONS.has(e.name) ? [] : e.args, lookup, unknown);
      return unknown;
    }
    case 'op':
      if (e.op === 'isNull' || e.op === 'isNotNull' || e.op === 'eqNullSafe') return false;
      if (e.op === '/' || e.op === '%') return true;
      if (OPS_OF_CHILDREN.has(e.op)) return noStringCast(anyOf(e.args.map((a) => sparkNullable(a, lookup))), e.args, lookup, unknown);
      return unknown;
    case 'cast': {
      // Cast (Spark 3.3, ANSI off as on Glue): `child.nullable || Cast.forceNullable(child.dataType, dataType)`
      const x = sparkNullable(e.arg, lookup);
      if (x !== false) return x;
      const force = forceNullable(typeOf(e.arg, lookup), castType(e.type));
      return force === undefined ? unknown : force;
    }
    case 'sql':
      return sqlNullable(e.text, lookup) ?? `the expression ${JSON.stringify(e.text)}`;
    default:
      return unknown;
  }
}

/**
 * Functions of Spark SQL whose `nullable` is their children's (UnaryExpression, BinaryExpression, StringTrim, Concat:
 * `children.exists(_.nullable)`) or always true (Sum, Average, Min, Max: aggregate/*.scala)
 */
const SQL_FUNCTIONS = new Set(['upper', 'lower', 'ucase', 'lcase', 'initcap', 'length', 'abs', 'year', 'month', 'dayofmonth', 'day', 'hour', 'minute', 'second', 'trim', 'ltrim', 'rtrim', 'concat', 'sum', 'avg', 'mean', 'min', 'max']);
const SQL_WORDS = new Set(['and', 'or', 'not', 'null']);

/**
 * Spark's `nullable` of a Spark SQL expression text (`F.expr`, `selectExpr`), where it is decided without parsing it:
 * `count(…)` alone is not nullable (Count), and an expression made only of fields, literals, arithmetic, comparisons,
 * AND / OR / NOT and the functions above is nullable as soon as one of its fields is (each of those is nullable when a
 * child is, or always). Anything else: undefined (not followed).
 */
export function sqlNullable(text: string, lookup: (name: string) => FrameCol | undefined): boolean | undefined {
  const body = text.trim().replace(/\s+as\s+(`[^`]+`|\w+)$/i, '').trim();
  if (/^count\s*\(\s*(distinct\s+)?[\w.`*]+\s*\)$/i.test(body)) return false;
  // Sum, Average, Min, Max alone: nullable whatever they read
  if (/^(sum|avg|mean|min|max)\s*\(\s*[\w.`]+\s*\)$/i.test(body)) return true;
  let nullableLeaf = false;
  const re = /\s+|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?[LDYS]?|(`[^`]+`|[A-Za-z_]\w*)(?:\.(`[^`]+`|[A-Za-z_]\w*))*(\s*\()?|<=>|<=|>=|<>|!=|==|[-+*/%=<>(),]/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < body.length) {
    re.lastIndex = at;
    m = re.exec(body);
    if (m === null) return undefined;
    at = re.lastIndex;
    const tok = m[0];
    if (tok === '<=>') return undefined;
    if (m[1] === undefined) continue;
    const word = tok.replace(/\s*\($/, '');
    if (m[3] !== undefined) {
      if (!SQL_FUNCTIONS.has(word.toLowerCase())) return undefined;
      continue;
    }
    if (SQL_WORDS.has(word.toLowerCase())) {
      if (word.toLowerCase() === 'null') nullableLeaf = true;
      continue;
    }
    // a field, maybe qualified (p.name) or nested (a.b): nullable when a part names a nullable field
    const parts = word.split('.').map((x) => x.replace(/^`|`$/g, ''));
    const hits = parts.map((x) => lookup(x)).filter((c) => c !== undefined);
    if (hits.length === 0) return undefined;
    if (hits.some((c) => colNullable(c) === true)) nullableLeaf = true;
  }
  return nullableLeaf ? true : undefined;
}

const INTEGRAL = new Set(['byte', 'short', 'int', 'long']);
const FRACTIONAL = new Set(['float', 'double']);
const DUCK: Record<string, string> = { VARCHAR: 'string', BIGINT: 'long', INTEGER: 'int', SMALLINT: 'short', TINYINT: 'byte', DOUBLE: 'double', FLOAT: 'float', BOOLEAN: 'boolean', DATE: 'date', TIMESTAMP: 'timestamp', BLOB: 'binary' };
const NAMES: Record<string, string> = { string: 'string', int: 'int', integer: 'int', bigint: 'long', long: 'long', smallint: 'short', short: 'short', tinyint: 'byte', byte: 'byte', double: 'double', float: 'float', boolean: 'boolean', date: 'date', timestamp: 'timestamp', binary: 'binary' };

/** the Spark type of a literal (PySpark's lit: an int in 32 bits is IntegerType, else LongType) or of a field */
function typeOf(e: ColExpr, lookup: (name: string) => FrameCol | undefined): string | undefined {
  if (e.k === 'lit') {
    const v = e.value;
    if (v.py === 'int') return Number(v.v) >= -2147483648 && Number(v.v) <= 2147483647 ? 'int' : 'long';
    return v.py === 'float' ? 'double' : v.py === 'str' ? 'string' : v.py === 'bool' ? 'boolean' : undefined;
  }
  if (e.k === 'col' && !e.name.includes('.')) {
    const c = lookup(e.name.replace(/^`|`$/g, ''));
    return c === undefined ? undefined : DUCK[c.type];
  }
  return undefined;
}

/** `.cast("int")`, `.cast(IntegerType())`: the type's simple name, or `decimal` */
function castType(t: string): string | undefined {
  const x = t.trim().toLowerCase().replace(/type\(\)$/, '').replace(/\(\)$/, '');
  if (/^decimal\b/.test(x)) return 'decimal';
  return NAMES[x];
}

/**
 * Spark 3.3's Cast.forceNullable (Cast.scala): whether casting a value that is not null may give null — undefined
 * where the rule depends on what is not followed here (a decimal's precision, dates, other types)
 */
function forceNullable(from: string | undefined, to: string | undefined): boolean | undefined {
  if (from === undefined || to === undefined) return undefined;
  if (from === to) return false;
  if (from === 'string') return to !== 'binary';
  if (to === 'string') return false;
  if (to === 'decimal') return FRACTIONAL.has(from) ? true : undefined; // canNullSafeCastToDecimal: no double or float
  if (FRACTIONAL.has(from) && INTEGRAL.has(to)) return true; // NaN, infinity
  const numeric = (x: string) => INTEGRAL.has(x) || FRACTIONAL.has(x) || x === 'boolean';
  if (numeric(from) && numeric(to)) return false;
  return undefined;
}
