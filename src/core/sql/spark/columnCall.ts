/**
 * DataFrame Columns through the one Spark SQL translation: a `pyspark.sql.functions` call (`F.format_number(c, 2)`)
 * and a Column operator (`c * 2`, `a == b`) are what Spark makes of them — the same Catalyst expression as the SQL
 * `format_number(c, 2)` and `c * 2` — so they are translated by the same rules (call.ts, operators.ts): the same
 * implicit casts, result types, NULL handling, column names and refusals, with the arguments already compiled (a
 * frame's field, a nested Column) or given as Python literals (`F.lit(2)`: an int is Spark's IntegerType, a float a
 * DoubleType, a str a StringType). Errors are positioned at the Column's place in the script (`base`).
 */
import type { ParserRuleContext } from 'antlr4ng';
import { join, render } from '../dialects/emit';
import { T, type SqlType } from '../dialects/sqlType';
import { bindAndEmit } from './call';
import { castSql } from './casts';
import { javaDouble } from '../dialects/javaNumbers';
import type { TimeParserPolicy, Typed } from './model';
import { arithmetic, compare } from './operators';
import { sql, str } from './sqlText';
import { coerce, unify } from './coerce';
import { Translator } from './translator';
import { expr } from './expressions';
import { generatorColumns } from './functions/generators';
import { isLakehouseError, LakehouseError } from '../../errors';
import { parseSparkExpression } from './parser';
import { sparkSqlTypeName, sparkTypeName, sparkTypeOf, sparkTypeOfDuckDb } from './types';

/** A Python value given where Spark makes a literal of it (`lit(v)`). */
export type ColumnLiteral = { py: 'none' } | { py: 'bool'; v: boolean } | { py: 'int'; v: number } | { py: 'float'; v: number } | { py: 'str'; v: string };

/** An argument: a compiled Column (its DuckDB SQL and type, Spark's name for it), or a literal. */
export type ColumnArg =
  | {
      sql: string;
      type: string | SqlType;
      name?: string | undefined;
      aggregate?: boolean;
      /**
       * the name `struct(…)` gives its field for this argument, as Spark's CreateStruct does: a NamedExpression's
       * (`F.col("a")`, `x.alias("b")`); others are `col1`, `col2`, …
       */
      structName?: string;
      /**
       * a struct's field by name (`c["f"]`, `c.getField("f")`: UnresolvedExtractValue): Spark 3.4's CreateStruct
       * names the field after it (glueVersion 5.0); Spark 3.3's has no such case and names it `colN` (4.0)
       */
      extractedField?: string;
    }
  | { literal: ColumnLiteral }
  /**
   * a Python function PySpark turned into a lambda (functions.py 3.3 `_create_lambda`): `vars` its variables' SQL
   * names, `body` the Column it returned, compiled once the higher-order function knows the variables' types
   */
  | { lambda: { vars: string[]; body: (types: SqlType[]) => ColumnArg } };

export interface ColumnCallOptions {
  /** the Column's text in the script (messages) and where it starts */
  text: string;
  base: { line: number; column: number };
  glueVersion?: string | undefined;
  timeParserPolicy?: TimeParserPolicy | undefined;
  /** `count(DISTINCT …)` (F.countDistinct, F.sumDistinct) */
  distinct?: boolean;
  /** `count(*)` */
  star?: boolean;
  /** the window (`.over(w)`), translated: the text inside `OVER (…)` */
  over?: string;
  /** a condition, translated, the aggregate reads only the rows of (`FILTER (WHERE …)`: a pivot's value); a scalar ignores it */
  filter?: string;
  /** `… IGNORE NULLS` (F.nth_value(c, n, ignoreNulls=True)) */
  ignoreNulls?: boolean;
  /** the grouping columns, translated, of a rollup/cube the Column aggregates in (grouping(), grouping_id()) */
  groupingColumns?: readonly string[];
}

export interface TranslatedColumn {
  sql: string;
  type: SqlType;
  typeName: string;
  /** Spark's name of the column (undefined where not reproduced) */
  name?: string;
  aggregate: boolean;
}

/** The position every part of the Column's translation is at: its start (offset 0 of `text`). */
const START = { start: { start: 0 } } as unknown as ParserRuleContext;

/** Spark's `lit(v)` of a Python value, as the SQL translation's constants are (a value, an exact text, a name). */
export function literalTyped(v: ColumnLiteral): Typed {
  switch (v.py) {
    case 'none':
      return { sql: 'NULL', type: T.unknown, at: 0, value: null, name: 'NULL', atom: true };
    case 'bool':
      return { sql: v.v ? 'true' : 'false', type: T.boolean, at: 0, value: v.v, name: String(v.v), atom: true };
    case 'int': {
      const s = BigInt(v.v).toString();
      if (Math.abs(v.v) <= 2147483647) return { sql: v.v < 0 ? `(${s})` : s, type: T.integer, at: 0, value: v.v, exact: s, name: s, atom: true };
      return { sql: `CAST(${s} AS BIGINT)`, type: T.bigint, at: 0, value: v.v, exact: s, name: s, atom: true };
    }
    case 'float':
      return { sql: `CAST(${Number.isFinite(v.v) ? String(v.v) : str(String(v.v))} AS DOUBLE)`, type: T.double, at: 0, value: v.v, name: javaDouble(v.v), atom: true };
    case 'str':
      return { sql: str(v.v), type: T.varchar, at: 0, value: v.v, name: v.v, atom: true };
  }
}

function typedArg(a: ColumnArg, glueVersion?: string): Typed {
  if ('literal' in a) return literalTyped(a.literal);
  if ('lambda' in a) {
    const l = a.lambda;
    return { sql: '', type: { kind: 'unknown' }, at: 0, lambda: { params: l.vars, body: undefined, compile: (types) => typedArg(l.body(types), glueVersion) } };
  }
  const type = typeof a.type === 'string' ? sparkTypeOfDuckDb(a.type) : a.type;
  const structName = a.structName ?? ((glueVersion ?? '5.0') !== '4.0' ? a.extractedField : undefined);
  return { sql: a.sql, type, at: 0, ...(a.name !== undefined ? { name: a.name } : {}), atom: true, ...(a.aggregate ? { aggregate: true } : {}), ...(structName !== undefined ? { alias: structName } : {}) };
}

function finish(e: Typed): TranslatedColumn {
  return { sql: render(e.sql).text, type: e.type, typeName: sparkTypeName(e.type), ...(e.name !== undefined ? { name: e.name } : {}), aggregate: !!e.aggregate };
}

/** (the names bound in the translation are not reset: a Column's SQL may hold its arguments', translated before) */
function translator(o: ColumnCallOptions): Translator {
  const t = new Translator(o.text, { base: o.base, ...(o.glueVersion ? { glueVersion: o.glueVersion } : {}), timeParserPolicy: o.timeParserPolicy });
  if (o.groupingColumns !== undefined) t.groupingColumns = { parts: [join(o.groupingColumns)] };
  return t;
}

/**
 * `name(args…)` as the Spark SQL translation makes it: the function tables' row (functions/*), or Spark's refusal
 * (`<name> is not supported by the local engine (Spark has it)`) and analysis errors (wrong number of arguments,
 * type mismatches) in Spark's words.
 */
export function translateColumnCall(name: string, args: readonly ColumnArg[], options: ColumnCallOptions): TranslatedColumn {
  const t = translator(options);
  const typed = args.map((a) => typedArg(a, options.glueVersion));
  const out = bindAndEmit(t, START, { relations: [] }, name.toLowerCase(), typed, {
    column: true,
    ...(options.distinct ? { distinct: true } : {}),
    ...(options.star ? { star: true } : {}),
    ...(options.over !== undefined ? { overSql: options.over } : {}),
    ...(options.filter !== undefined ? { filterSql: options.filter } : {}),
    ...(options.ignoreNulls ? { ignoreNulls: true } : {}),
  });
  return finish(out);
}

/** The Column operators that are Spark SQL's binary operators: arithmetic and comparisons. */
export const COLUMN_OPERATORS: Readonly<Record<string, { kind: 'arithmetic' | 'compare'; sql: string }>> = {
  '+': { kind: 'arithmetic', sql: '+' },
  '-': { kind: 'arithmetic', sql: '-' },
  '*': { kind: 'arithmetic', sql: '*' },
  '/': { kind: 'arithmetic', sql: '/' },
  '%': { kind: 'arithmetic', sql: '%' },
  '==': { kind: 'compare', sql: '=' },
  // PySpark's __ne__ is Not(EqualTo): `(NOT (a = b))`
  '!=': { kind: 'compare', sql: '!=' },
  '<': { kind: 'compare', sql: '<' },
  '<=': { kind: 'compare', sql: '<=' },
  '>': { kind: 'compare', sql: '>' },
  '>=': { kind: 'compare', sql: '>=' },
  eqNullSafe: { kind: 'compare', sql: '<=>' },
};

/** `l <op> r` (a Column operator, COLUMN_OPERATORS) as the Spark SQL translation makes it. */
export function translateColumnOperator(op: string, l: ColumnArg, r: ColumnArg, options: ColumnCallOptions): TranslatedColumn {
  const spec = COLUMN_OPERATORS[op];
  if (spec === undefined) throw new Error(`not a Column operator of the Spark SQL translation: ${op}`);
  const t = translator(options);
  const [a, b] = [typedArg(l), typedArg(r)];
  return finish(spec.kind === 'arithmetic' ? arithmetic(t, spec.sql, a, b, START) : compare(t, spec.sql, a, b, START));
}

/**
 * `col.cast("type")` (Spark's Cast, non-ANSI) as the SQL `CAST(col AS type)` is translated: the type name read by
 * Spark's grammar (`int`, `decimal(10,2)`, `array<string>`), Spark's conversions, the name `CAST(col AS INT)`.
 */
export function translateColumnCast(arg: ColumnArg, typeName: string, options: ColumnCallOptions): TranslatedColumn {
  const t = translator(options);
  const e = typedArg(arg);
  let to: SqlType;
  try {
    to = sparkTypeOfName(typeName);
  } catch {
    throw t.fail(0, `[PARSE_SYNTAX_ERROR] the type ${JSON.stringify(typeName)} is not a Spark type name`);
  }
  const name = e.name !== undefined ? `CAST(${e.name} AS ${sparkSqlTypeName(to)})` : undefined;
  return finish({ sql: castSql(t, e, to), type: to, at: 0, atom: true, ...(name !== undefined ? { name } : {}), ...(e.aggregate ? { aggregate: true } : {}) });
}

/** A Spark type name (`int`, `decimal(10,2)`, `array<struct<a:int>>`, `void`) as a type, by Spark's own grammar. */
export function sparkTypeOfName(text: string): SqlType {
  if (text.trim().toLowerCase() === 'void') return { kind: 'unknown' };
  const parsed = parseSparkExpression(`CAST(NULL AS ${text})`);
  const dt = parsed.tree.booleanExpression().valueExpression()?.primaryExpression()?.dataType();
  if (!dt) throw new Error(`not a Spark type: ${text}`);
  return sparkTypeOf(dt);
}

/**
 * `F.when(c1, v1).when(c2, v2).otherwise(v)` (Spark's CaseWhen) as the SQL `CASE WHEN … END` is translated: each
 * condition a boolean, the values of one type (Spark's type coercion: `when(c, 1).otherwise(2.5)` is a double).
 */
export function translateColumnCase(branches: readonly { cond: ColumnArg; value: ColumnArg }[], otherwise: ColumnArg | undefined, options: ColumnCallOptions): TranslatedColumn {
  const t = translator(options);
  const conds = branches.map(({ cond }) => {
    const c = typedArg(cond);
    if (c.type.kind === 'boolean') return c;
    if (c.type.kind === 'unknown') return coerce(t, c, T.boolean);
    throw t.fail(0, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "CASE WHEN ${c.name ?? 'cond'} …" due to data type mismatch: the condition must be of the boolean type, not "${sparkSqlTypeName(c.type)}".`);
  });
  const values = branches.map(({ value }) => typedArg(value));
  const other = otherwise === undefined ? undefined : typedArg(otherwise);
  const u = unify(t, [...values, ...(other ? [other] : [])], 'CASE WHEN', 0);
  const parts = conds.map((c, i) => sql` WHEN ${c.sql} THEN ${u.items[i]!.sql}`);
  const all = [...conds, ...values, ...(other ? [other] : [])];
  const name = all.every((x) => x.name !== undefined) ? `CASE${conds.map((c, i) => ` WHEN ${c.name} THEN ${values[i]!.name}`).join('')}${other ? ` ELSE ${other.name}` : ''} END` : undefined;
  const e: Typed = { sql: sql`CASE${join(parts, '')}${other ? sql` ELSE ${u.items[u.items.length - 1]!.sql}` : ''} END`, type: u.type, at: 0, atom: true, ...(all.some((x) => x.aggregate) ? { aggregate: true } : {}) };
  return finish(name === undefined ? e : { ...e, name });
}

/**
 * A Column method that is a Spark SQL expression over its Column (and its arguments): `-c`, `c.isin(1, 2)`,
 * `c.like("a%")`, `c.rlike("…")`, `c[0]`, `c.getField("f")`, … — `template` is that SQL expression with `__a0`,
 * `__a1`, … in the places of `args`, translated by the same rules as the SQL text (the same coercions, NULL
 * handling, names and refusals). Spark's name of the result shows the arguments' names in those places.
 */
export function translateColumnSql(template: string, args: readonly ColumnArg[], options: ColumnCallOptions): TranslatedColumn {
  const t = translator(options);
  const typed = args.map((a) => typedArg(a, options.glueVersion));
  const lambdas = new Map<string, Typed>(typed.map((a, i) => [`__a${i}`, { ...a, name: `__a${i}` }]));
  const named = (text: string) => text.replace(/__a(\d+)/g, (_, i: string) => typed[Number(i)]?.name ?? '?');
  let e: Typed;
  try {
    e = expr(t, parseSparkExpression(template).tree, { relations: [], lambdas });
  } catch (err) {
    if (isLakehouseError(err)) throw new LakehouseError(err.code, named(err.message), err.detail, { cause: err });
    throw err;
  }
  const name = e.name === undefined || typed.some((a) => a.name === undefined) ? undefined : named(e.name);
  const out: Typed = { ...e, ...(typed.some((a) => a.aggregate) ? { aggregate: true } : {}) };
  if (name === undefined) delete out.name;
  else out.name = name;
  return finish(out);
}

/**
 * A generator of pyspark.sql.functions (`F.explode`, `F.posexplode`, `F.json_tuple`, …) as the SQL generator is
 * translated (functions/generators.ts): its columns with Spark's names (`col`; `key`, `value` for a map; `pos`;
 * `c0`, `c1`, …), each a DuckDB `unnest(…)` of the select list.
 */
export function translateColumnGenerator(name: string, args: readonly ColumnArg[], options: ColumnCallOptions): TranslatedColumn[] {
  const t = translator(options);
  return generatorColumns(t, name.toLowerCase(), args.map((a) => typedArg(a, options.glueVersion)), START).map((c) => ({ sql: render(c.sql).text, type: c.type, typeName: sparkTypeName(c.type), name: c.name, aggregate: false }));
}
