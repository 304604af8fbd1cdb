/**
 * Spark Columns (expr.ts ColExpr) compiled to DuckDB SQL over a frame's fields, with Spark's semantics (non-ANSI
 * mode, as Glue runs it): names resolve case-insensitively, `a.b` reads the field b of the struct a, LIKE escapes
 * with `\`, ascending order puts NULLs first. Each result also carries the name Spark gives it when it is not aliased.
 * What Spark SQL has too is translated by the one Spark SQL translation (src/core/sql/spark): SQL text (`F.expr`,
 * `filter("…")`, sparkExpr.ts), and `F.*` functions, arithmetic, comparisons, `between`, `cast` and `when` (columnCall.ts).
 */
import type { ColExpr, Pos, PyConst, WindowSpec } from '../../jobs/expr';
import { attributeParts } from '../../jobs/vocabulary/columns';
import { COLUMNS_ONLY, functionRow, sqlFunctionName } from '../../jobs/vocabulary/functions';
import { missingInGlueVersion } from '../../jobs/vocabulary/pysparkVersions';
import { isLakehouseError, LakehouseError } from '../../errors';
import { duckDbType, type SqlType } from '../../sql/dialects/sqlType';
import type { ColumnArg, TranslatedColumn } from '../../sql/spark';
import { holdsChoice } from '../../sql/types';
import { ident, literal } from './duck';
import { errorAt, matching, NO_FIELDS, UNDECIDED_MARKER, unsupportedAt, type FrameCol } from './frames';
import { compileSqlText, type SparkText } from './sparkExpr';
import { render } from '../../sql/dialects/emit';
import { stringToDate, stringToTimestamp } from '../../sql/spark/casts';

export interface Side {
  cols: FrameCol[];
  /** the SQL alias that qualifies the side's columns (joins), if any */
  qual?: string;
}

export interface ColScope {
  file: string;
  sides: Side[];
  /** `df.alias("a")` names in the plan: alias (lower case) → its node, for `F.col("a.field")` */
  aliases?: Map<string, string[]>;
  /** aggregates allowed (agg, the aggregate node) */
  aggregate?: boolean;
  /** a generator (explode) allowed: a top-level item of select/withColumn */
  generator?: boolean;
  /** a pivot's value: the aggregate functions read only the rows of this condition (DuckDB SQL) */
  pivotFilter?: string;
  /** the grouping columns (DuckDB SQL) of a rollup/cube being aggregated: grouping(), grouping_id() read them */
  groupingColumns?: readonly string[];
  /** the Spark SQL translator, for SQL expression strings (loaded by the runner when the plan has any) */
  spark?: SparkText;
  /** inside a Python lambda's body (a higher-order function's): its variables' SQL names → DuckDB types */
  lambdaVars?: ReadonlyMap<string, string>;
}

export interface Compiled {
  sql: string;
  /** DuckDB type, when known */
  type?: string;
  /** Spark's name for the column; undefined when Spark's name is not reproduced (an alias is then needed) */
  name: string | undefined;
  /** the field it reads unchanged, if it is a plain field reference */
  field?: FrameCol;
  /** it contains an aggregate function */
  agg?: boolean;
  /** a struct's field by getField/getItem/c["f"] (GetStructField): the field's name, which struct(…) names it by */
  structField?: string;
  generator?: boolean;
  /** a generator's other columns (a map's explode: `key` here, `value` in more) */
  more?: Compiled[];
}

const NUMERIC = /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DOUBLE|FLOAT|REAL|DECIMAL.*)$/i;
export const isNum = (t?: string) => t !== undefined && NUMERIC.test(t);
export const isText = (t?: string) => t === 'VARCHAR';

/** Resolves a field name (Spark's attribute syntax) over the scope; throws Spark's analysis errors at `pos`. */
export function resolveField(scope: ColScope, name: string, pos: Pos, frame?: string): { sql: string; type: string; name: string; field?: FrameCol } {
  let parts = attributeParts(name);
  if (parts === undefined) throw errorAt(scope.file, pos, `the field name ${JSON.stringify(name)} is malformed`);
  // `alias.field`: a field of the frame a df.alias("alias") names, when that frame's fields are here
  const aliased = frame === undefined && parts.length > 1 ? scope.aliases?.get(parts[0]!.toLowerCase())?.find((id) => scope.sides.some((s) => s.cols.some((c) => c.ids.includes(id)))) : undefined;
  if (aliased !== undefined) {
    frame = aliased;
    parts = parts.slice(1);
  }
  const hits: { side: Side; col: FrameCol }[] = [];
  for (const side of scope.sides) for (const col of matching(side.cols, parts[0]!, frame)) hits.push({ side, col });
  if (hits.length === 0) {
    // the fields of the frame the column was taken from, when it names one (not the other side's of a join)
    const all = scope.sides.flatMap((s) => s.cols.filter((c) => frame === undefined || c.ids.includes(frame)).map((c) => c.name)).filter((n) => n !== NO_FIELDS);
    throw errorAt(scope.file, pos, `${frame !== undefined ? 'the frame the column was taken from has' : 'the frame has'} no field ${JSON.stringify(parts[0])} (fields: ${all.join(', ') || 'none'})`);
  }
  if (hits.length > 1)
    throw errorAt(scope.file, pos, `the reference ${JSON.stringify(name)} is ambiguous: the frame has ${hits.length} fields of that name (after a join, take it from one side: df["${parts[0]}"], or rename it)`);
  const { side, col } = hits[0]!;
  let sql = side.qual ? `${side.qual}.${ident(col.phys)}` : ident(col.phys);
  let type = col.type;
  for (const f of parts.slice(1)) {
    // an array of structs: `alerts.code` is the array of each element's field (Spark's GetArrayStructFields, which
    // ExtractValue makes of a field of an ArrayType(StructType)); a null array is null, a null element a null value
    const element = /^(STRUCT\(.*\))\[\]$/s.exec(type)?.[1];
    const field = structField(element ?? type, f);
    if (field === undefined) throw errorAt(scope.file, pos, `the field ${JSON.stringify(col.name)} has no nested field ${JSON.stringify(f)}`);
    sql = element !== undefined ? `list_transform(${sql}, lambda _lh_e: _lh_e[${literal(field.name)}])` : `${sql}[${literal(field.name)}]`;
    type = element !== undefined ? `${field.type}[]` : field.type;
  }
  return { sql, type, name: parts.length > 1 ? parts[parts.length - 1]! : col.name, ...(parts.length === 1 ? { field: col } : {}) };
}

/** A struct type's field (case-insensitive), from DuckDB's type text `STRUCT("a" INTEGER, b VARCHAR)`. */
export function structField(type: string, name: string): { name: string; type: string } | undefined {
  const m = /^STRUCT\((.*)\)$/s.exec(type);
  if (!m) return undefined;
  for (const f of splitTop(m[1]!)) {
    const fm = /^\s*("(?:[^"]|"")*"|[^\s]+)\s+(.*)$/s.exec(f);
    if (!fm) continue;
    const fname = fm[1]!.startsWith('"') ? fm[1]!.slice(1, -1).replace(/""/g, '"') : fm[1]!;
    if (fname.toLowerCase() === name.toLowerCase()) return { name: fname, type: fm[2]!.trim() };
  }
  return undefined;
}

/** The fields of a DuckDB STRUCT type, in order: name and type. */
export function structFields(type: string): { name: string; type: string }[] {
  const m = /^STRUCT\((.*)\)$/s.exec(type);
  if (!m) return [];
  const out: { name: string; type: string }[] = [];
  for (const f of splitTop(m[1]!)) {
    const fm = /^\s*("(?:[^"]|"")*"|[^\s]+)\s+(.*)$/s.exec(f);
    if (fm) out.push({ name: fm[1]!.startsWith('"') ? fm[1]!.slice(1, -1).replace(/""/g, '"') : fm[1]!, type: fm[2]!.trim() });
  }
  return out;
}

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = '';
  for (const c of s) {
    if (c === '"') quote = !quote;
    if (!quote && c === '(') depth++;
    if (!quote && c === ')') depth--;
    if (!quote && depth === 0 && c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim() !== '') out.push(cur);
  return out;
}

export function literalSql(v: PyConst): { sql: string; type?: string; name: string } {
  switch (v.py) {
    case 'none':
      return { sql: 'NULL', name: 'NULL' };
    case 'bool':
      return { sql: v.v ? 'TRUE' : 'FALSE', type: 'BOOLEAN', name: v.v ? 'true' : 'false' };
    case 'int':
      return Math.abs(v.v) <= 2147483647 ? { sql: `CAST(${v.v} AS INTEGER)`, type: 'INTEGER', name: String(v.v) } : { sql: `CAST(${v.v} AS BIGINT)`, type: 'BIGINT', name: String(v.v) };
    case 'float':
      return { sql: `CAST(${Number.isFinite(v.v) ? String(v.v) : `'${v.v}'`} AS DOUBLE)`, type: 'DOUBLE', name: Number.isInteger(v.v) ? `${v.v}.0` : String(v.v) };
    case 'str':
      return { sql: literal(v.v), type: 'VARCHAR', name: v.v };
    case 'list':
    case 'tuple': {
      const items = v.items.map(literalSql);
      return { sql: `[${items.map((i) => i.sql).join(', ')}]`, name: `array(${items.map((i) => i.name).join(', ')})` };
    }
  }
}

/** A cast sparkCast cannot reproduce with Spark's semantics. */
export class FnError extends Error {}

/**
 * ApplyMapping's casts (nodeSql.ts). A Column's cast("type") is the Spark SQL translation's CAST (columnCall.ts).
 * Spark's type name in a cast → DuckDB's, and Spark's spelling for the column's name.
 */
export function castType(t: string): { duck: string; spark: string } | undefined {
  const s = t.trim().toLowerCase();
  const dec = /^decimal\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(s);
  if (dec) return { duck: `DECIMAL(${dec[1]},${dec[2]})`, spark: `DECIMAL(${dec[1]},${dec[2]})` };
  const map: Record<string, [string, string]> = {
    string: ['VARCHAR', 'STRING'],
    varchar: ['VARCHAR', 'STRING'],
    int: ['INTEGER', 'INT'],
    integer: ['INTEGER', 'INT'],
    bigint: ['BIGINT', 'BIGINT'],
    long: ['BIGINT', 'BIGINT'],
    smallint: ['SMALLINT', 'SMALLINT'],
    short: ['SMALLINT', 'SMALLINT'],
    tinyint: ['TINYINT', 'TINYINT'],
    byte: ['TINYINT', 'TINYINT'],
    double: ['DOUBLE', 'DOUBLE'],
    float: ['FLOAT', 'FLOAT'],
    real: ['FLOAT', 'FLOAT'],
    boolean: ['BOOLEAN', 'BOOLEAN'],
    date: ['DATE', 'DATE'],
    timestamp: ['TIMESTAMP', 'TIMESTAMP'],
    decimal: ['DECIMAL(10,0)', 'DECIMAL(10,0)'],
  };
  const m = map[s];
  return m ? { duck: m[0], spark: m[1] } : undefined;
}

/**
 * Spark's cast (non-ANSI): a string to an integral type parses a decimal number and drops its fraction ("1.5" → 1),
 * NULL when it is not a number or out of range; a string to boolean knows t/true/y/yes/1 and f/false/n/no/0; a
 * fractional number to an integral type truncates toward zero.
 */
export function sparkCast(sql: string, from: string | undefined, to: { duck: string; spark: string }): string {
  // a binary value as a string: its bytes read as UTF-8 (DuckDB's CAST would write \xNN escapes)
  if (from === 'BLOB' && to.duck === 'VARCHAR') return `decode(${sql})`;
  const integral = /^(TINYINT|SMALLINT|INTEGER|BIGINT)$/.test(to.duck);
  if (isText(from)) {
    if (integral) return `TRY_CAST(trunc(TRY_CAST(CASE WHEN regexp_full_match(trim(${sql}), '[+-]?(\\d+\\.?\\d*|\\.\\d+)') THEN trim(${sql}) END AS DECIMAL(38,10))) AS ${to.duck})`;
    if (to.duck === 'BOOLEAN')
      return `CASE WHEN lower(trim(${sql})) IN ('t', 'true', 'y', 'yes', '1') THEN TRUE WHEN lower(trim(${sql})) IN ('f', 'false', 'n', 'no', '0') THEN FALSE END`;
    if (to.duck === 'DOUBLE' || to.duck === 'FLOAT' || to.duck.startsWith('DECIMAL')) return `TRY_CAST(trim(${sql}) AS ${to.duck})`;
    // DateTimeUtils.stringToTimestamp / stringToDate, as the Spark SQL translation reads them: a zone offset moves the
    // instant ('2024-03-10T02:30:00+01:00' is 01:30 UTC), where DuckDB's CAST would drop it
    if (to.duck === 'TIMESTAMP') return render(stringToTimestamp(sql)).text;
    if (to.duck === 'DATE') return render(stringToDate(sql)).text;
    return `TRY_CAST(${sql} AS ${to.duck})`;
  }
  if (integral && from !== undefined && /^(DOUBLE|FLOAT|REAL|DECIMAL.*)$/.test(from)) return `TRY_CAST(trunc(${sql}) AS ${to.duck})`;
  if (to.duck === 'VARCHAR' && from !== undefined && /^(DOUBLE|FLOAT|REAL)$/.test(from))
    throw new FnError("casting a double to string gives Java's number format on Spark (1.0E10), which is not reproduced locally");
  if (integral && from !== undefined && from.startsWith('TIMESTAMP')) return `CAST(floor(epoch(${sql})) AS ${to.duck})`;
  // seconds since the epoch, as Cast.scala's doubleToTimestamp / decimalToTimestamp: (d * MICROS_PER_SECOND).toLong,
  // the microseconds truncated toward zero (DuckDB's CAST to BIGINT rounds: 1.4999999999999998 µs would be 2)
  if (to.duck === 'TIMESTAMP' && isNum(from)) {
    if (from !== undefined && /^(TINYINT|SMALLINT|INTEGER|BIGINT)$/.test(from)) return `TRY(make_timestamp(CAST(${sql} AS BIGINT) * 1000000))`;
    if (from !== undefined && from.startsWith('DECIMAL')) return `TRY(make_timestamp(CAST(trunc(${sql} * 1000000) AS BIGINT)))`;
    return `CASE WHEN isfinite(CAST(${sql} AS DOUBLE)) THEN TRY(make_timestamp(CAST(trunc(CAST(${sql} AS DOUBLE) * 1000000) AS BIGINT))) END`;
  }
  return `TRY_CAST(${sql} AS ${to.duck})`;
}

/** The Column operators the Spark SQL translation makes (columnCall.ts COLUMN_OPERATORS). */
export const COLUMN_OPERATOR_NAMES: Readonly<Record<string, true>> = { '+': true, '-': true, '*': true, '/': true, '%': true, '==': true, '!=': true, '<': true, '<=': true, '>': true, '>=': true, eqNullSafe: true };

export function compileCol(e: ColExpr, scope: ColScope, top = true): Compiled {
  const file = scope.file;
  const sub = (x: ColExpr) => compileCol(x, { ...scope, generator: false }, false);
  switch (e.k) {
    case 'col': {
      const r = resolveField(scope, e.name, e.pos, e.frame);
      return { sql: r.sql, type: r.type, name: r.name, ...(r.field ? { field: r.field } : {}) };
    }
    case 'star':
      throw unsupportedAt(file, e.pos, '*', 'it selects every field and is only allowed in select(…)', 'write it as a select item');
    case 'fields':
      throw unsupportedAt(file, e.pos, e.pos.text, "a frame's field names (df.columns) are taken locally only as the columns of select(…) or drop(…)", 'select or drop them');
    case 'lit':
      return literalSql(e.value);
    case 'sql':
      return compileSqlText(e, scope, { many: false, generator: top && scope.generator === true })[0]!;
    case 'fn':
      return compileFunction(e, scope, top);
    case 'op':
      return compileOp(e, scope, sub);
    case 'when': {
      // Spark's CaseWhen, as the SQL CASE WHEN is translated (its values' type coercion)
      const construct = 'F.when(…)';
      const branches = e.branches.map((b) => ({ cond: columnArg(b.cond, () => sub(b.cond), scope, construct), value: columnArg(b.value, () => sub(b.value), scope, construct) }));
      const other = e.otherwise ? columnArg(e.otherwise, () => sub(e.otherwise!), scope, construct) : undefined;
      let out: TranslatedColumn;
      try {
        out = sparkOf(scope).translator.translateColumnCase(branches, other, callOptions(e, scope));
      } catch (err) {
        throw columnError(err, scope, e, construct);
      }
      return { sql: out.sql, type: duckDbType(out.type), name: out.name, ...(out.aggregate ? { agg: true } : {}) };
    }
    case 'cast': {
      // Spark's Cast, as the SQL CAST is translated (casts.ts: Spark's conversions, a double's text as Java writes it)
      const construct = `cast("${e.type}")`;
      const a = columnArg(e.arg, () => sub(e.arg), scope, construct);
      let out: TranslatedColumn;
      try {
        out = sparkOf(scope).translator.translateColumnCast(a, e.type, callOptions(e, scope));
      } catch (err) {
        throw columnError(err, scope, e, construct);
      }
      // a select's top-level cast of a field keeps the field's name (apache/spark Column.named: "If we have a top
      // level Cast, there is a chance to give it a better alias, if there is a NamedExpression under this Cast" —
      // `col("x").cast("int")` is the column x; PySpark's DataFrame.transform doctest shows float, int)
      const name = top && e.arg.k === 'col' && 'name' in a && typeof a.name === 'string' ? a.name : out.name;
      return { sql: out.sql, type: duckDbType(out.type), name, ...(out.aggregate ? { agg: true } : {}) };
    }
    case 'alias': {
      const a = compileCol(e.arg, scope, top);
      if (e.names !== undefined) {
        // a MultiAlias names each of a generator's columns (Spark's ResolveGenerate: as many names as columns)
        const shown = `.alias(${e.names.map((n) => JSON.stringify(n)).join(', ')})`;
        if (a.generator !== true)
          throw unsupportedAt(file, e.pos, shown, 'several names are for a generator\'s columns (posexplode, explode of a map, inline), and Spark fails on them for one column', 'give one name');
        const cols = [a, ...(a.more ?? [])];
        if (cols.length !== e.names.length)
          throw unsupportedAt(file, e.pos, shown, `the generator makes ${cols.length} column(s) (${cols.map((c) => c.name).join(', ')}) and Spark wants as many names (it fails: "The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF")`, `give ${cols.length} name(s)`);
        const [first, ...rest] = cols.map((c, i) => ({ ...c, name: e.names![i]! }));
        return { ...first!, ...(rest.length > 0 ? { more: rest } : {}), field: undefined as unknown as FrameCol } as Compiled;
      }
      if (a.more !== undefined)
        throw unsupportedAt(file, e.pos, `.alias("${e.name}")`, `the generator makes ${a.more.length + 1} columns (${[a, ...a.more].map((c) => c.name).join(', ')}) and Spark wants as many names (it fails: "The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF")`, 'leave out the alias and rename the columns after the select');
      return { ...a, name: e.name, field: undefined as unknown as FrameCol } as Compiled;
    }
    case 'sort': {
      const a = sub(e.arg);
      const nulls = e.nulls ?? (e.desc ? 'last' : 'first');
      return { sql: `${a.sql} ${e.desc ? 'DESC' : 'ASC'} NULLS ${nulls.toUpperCase()}`, name: a.name };
    }
    case 'lvar': {
      const type = scope.lambdaVars?.get(e.name);
      if (type === undefined) throw unsupportedAt(file, e.pos, e.pos.text, "a lambda's parameter used outside the lambda's body (PySpark's lambda variable is only bound inside the higher-order function)", 'use it only in the Column the function returns');
      // Spark names the variable x_N, N a counter of the JVM (UnresolvedNamedLambdaVariable.freshVarName): not reproduced
      return { sql: e.name, type, name: undefined };
    }
    case 'lambda':
      throw unsupportedAt(file, e.pos, e.pos.text, 'a Python function is a Column only as the function argument of a higher-order function (F.transform, F.filter, F.aggregate, …)', 'pass it to one of them');
    case 'over': {
      if (e.arg.k !== 'fn') throw unsupportedAt(file, e.pos, '.over(…)', 'only a window or aggregate function can run over a window', 'write F.row_number().over(…) or F.sum(…).over(…)');
      const fn = compileFunction(e.arg, { ...scope, aggregate: true, generator: false }, false, windowSql(e.window, scope));
      return { sql: fn.sql, ...(fn.type !== undefined ? { type: fn.type } : {}), name: undefined };
    }
  }
}

/** The translator of the job's Spark SQL, which the runner loads before compiling a plan with Columns (runNodes.ts). */
function sparkOf(scope: ColScope): SparkText {
  if (scope.spark === undefined) throw new Error('the Spark SQL translator is not loaded: the runner loads it before compiling a plan with Column functions or operators');
  return scope.spark;
}

/** Where a Column is in the script, as the translation positions its errors. */
const callOptions = (e: ColExpr, scope: ColScope) => ({ text: e.pos.text, base: { line: e.pos.line, column: e.pos.column }, glueVersion: sparkOf(scope).glueVersion, timeParserPolicy: sparkOf(scope).timeParserPolicy, ...(scope.groupingColumns !== undefined ? { groupingColumns: scope.groupingColumns } : {}) });

/** A translation error of a Column, at its place in the script, naming the construct: the translation's words. */
function columnError(err: unknown, scope: ColScope, e: ColExpr, construct: string): unknown {
  if (!isLakehouseError(err)) return err;
  const line = err.detail.line ?? e.pos.line;
  const column = err.detail.column ?? e.pos.column;
  return new LakehouseError(err.code, `${scope.file}:${line}:${column}: ${construct}: ${err.message}`, { file: scope.file, line, column }, { cause: err });
}

/** A compiled Column as an argument of the translation; a literal as Spark's lit(v). */
function columnArg(a: ColExpr, c: () => Compiled, scope: ColScope, construct: string): ColumnArg {
  if (a.k === 'lambda') {
    // the higher-order function types the variables (the array's elements, the map's keys and values, the
    // accumulator), then the body is compiled with them bound
    const body = (types: SqlType[]): ColumnArg => {
      const vars = new Map(scope.lambdaVars ?? []);
      a.vars.forEach((v, i) => vars.set(v, duckDbType(types[i]!)));
      const inner: ColScope = { ...scope, generator: false, lambdaVars: vars };
      return columnArg(a.body, () => compileCol(a.body, inner, false), inner, construct);
    };
    return { lambda: { vars: a.vars, body } };
  }
  if (a.k === 'lit') {
    const v = a.value;
    if (!('items' in v)) return { literal: v };
  }
  const x = c();
  if (x.type === undefined) throw unsupportedAt(scope.file, a.pos, construct, `the type of ${x.name ?? a.pos.text} is not known locally, and Spark's result depends on it`, 'cast it first: .cast("string")');
  if (holdsChoice(x.type)) throw unsupportedAt(scope.file, a.pos, construct, `the field ${x.name ?? a.pos.text} has values of two types (a ChoiceType), which toDF() makes a struct of one field per type on Glue`, `resolve it first: resolveChoice(specs=[("${x.name ?? 'field'}", "cast:string")])`);
  // a NamedExpression (a field, an alias), a struct's field by name: struct(…) names its field after it (CreateStruct)
  const structName = a.k === 'col' || a.k === 'alias' ? x.name : undefined;
  return { sql: x.sql, type: x.type, name: x.name, ...(x.agg ? { aggregate: true } : {}), ...(structName !== undefined ? { structName } : {}), ...(x.structField !== undefined ? { extractedField: x.structField } : {}) };
}

/**
 * `F.name(…)`: the Spark SQL function it is (functions.ts: `F.mean` is avg, `F.countDistinct` count(DISTINCT …)),
 * translated by the Spark SQL translation over the compiled arguments — the semantics, result type, name and
 * refusals of the SQL Query node's function. `over`: the window it runs over (`.over(w)`), translated.
 */
function compileFunction(e: Extract<ColExpr, { k: 'fn' }>, scope: ColScope, top: boolean, over?: string): Compiled {
  const file = scope.file;
  const construct = `pyspark.sql.functions.${e.called ?? e.name}`;
  const missing = e.called !== undefined ? missingInGlueVersion(e.called, sparkOf(scope).glueVersion) : undefined;
  if (missing !== undefined) throw errorAt(file, e.pos, missing, 'ScriptUnsupported');
  const row = functionRow(e.name) ?? COLUMNS_ONLY;
  if ('refuse' in row) throw unsupportedAt(file, e.pos, construct, row.refuse, row.instead);
  if (row.kind === 'agg' && !scope.aggregate) throw unsupportedAt(file, e.pos, construct, 'an aggregate function outside agg(…) or a window', 'use it in groupBy(…).agg(…) or with .over(window)');
  if (row.kind === 'window' && top) throw unsupportedAt(file, e.pos, construct, 'a window function needs .over(window)', 'write F.row_number().over(Window.partitionBy(…).orderBy(…))');
  if (row.kind === 'generator') return generator(e, scope, construct);
  const inner = { ...scope, aggregate: row.kind === 'agg' ? false : scope.aggregate, generator: false };
  const star = e.args.length === 1 && e.args[0]!.k === 'star';
  const args = star ? [] : e.args.map((a) => columnArg(a, () => compileCol(a, inner, false), scope, construct));
  let out: TranslatedColumn;
  try {
    out = sparkOf(scope).translator.translateColumnCall(sqlFunctionName(e.name), args, { ...callOptions(e, scope), ...(row.distinct ? { distinct: true } : {}), ...(e.options?.['ignoreNulls'] ? { ignoreNulls: true } : {}), ...(star ? { star: true } : {}), ...(over !== undefined ? { over } : scope.pivotFilter !== undefined ? { filter: scope.pivotFilter } : {}) });
  } catch (err) {
    throw columnError(err, scope, e, construct);
  }
  if (out.aggregate && !scope.aggregate && over === undefined) throw unsupportedAt(file, e.pos, construct, 'an aggregate function outside agg(…) or a window', 'use it in groupBy(…).agg(…) or with .over(window)');
  const name = row.unnamed ? undefined : row.sparkName !== undefined && out.name !== undefined ? out.name.replace(/^[^(]*\(/, `${row.sparkName}(`) : out.name;
  return { sql: out.sql, type: duckDbType(out.type), name, ...(out.aggregate ? { agg: true } : {}) };
}

/**
 * A generator (explode, explode_outer, posexplode, inline, json_tuple, …): its columns as the SQL generator's
 * (functions/generators.ts: an array's `col`, a map's `key` and `value`, `pos`, json_tuple's `c0`, `c1`, …); the
 * first is the result, the others `more`.
 */
function generator(e: Extract<ColExpr, { k: 'fn' }>, scope: ColScope, construct: string): Compiled {
  if (!scope.generator) throw unsupportedAt(scope.file, e.pos, construct, 'a generator is only allowed as a select(…) or withColumn(…) column', 'select it on its own');
  const args = e.args.map((a) => columnArg(a, () => compileCol(a, { ...scope, generator: false }, false), scope, construct));
  let cols: TranslatedColumn[];
  try {
    cols = sparkOf(scope).translator.translateColumnGenerator(sqlFunctionName(e.name), args, callOptions(e, scope));
  } catch (err) {
    throw columnError(err, scope, e, construct);
  }
  const [first, ...rest] = cols.map((c): Compiled => ({ sql: c.sql, type: duckDbType(c.type), name: c.name, generator: true }));
  return { ...first!, ...(rest.length > 0 ? { more: rest } : {}) };
}

function windowSql(w: WindowSpec, scope: ColScope): string {
  const sub = (x: ColExpr) => compileCol(x, { ...scope, aggregate: false, generator: false }, false).sql;
  const parts: string[] = [];
  if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${w.partitionBy.map(sub).join(', ')}`);
  if (w.orderBy.length > 0) parts.push(`ORDER BY ${w.orderBy.map((o) => (o.k === 'sort' ? sub(o) : `${sub(o)} ASC NULLS FIRST`)).join(', ')}`);
  if (w.frame) {
    const b = (v: number) =>
      v <= -9007199254740991 ? 'UNBOUNDED PRECEDING' : v >= 9007199254740991 ? 'UNBOUNDED FOLLOWING' : v === 0 ? 'CURRENT ROW' : v < 0 ? `${-v} PRECEDING` : `${v} FOLLOWING`;
    parts.push(`${w.frame.kind.toUpperCase()} BETWEEN ${b(w.frame.start)} AND ${b(w.frame.end)}`);
  }
  return parts.join(' ');
}

/**
 * The Column methods that are a Spark SQL expression over the Column and their arguments (PySpark's column.py builds
 * the Catalyst expression the SQL text is): `-c` is UnaryMinus, `c ** x` Pow (named POWER, as functions.pow: the
 * PySpark reference's pow page, `Row(POWER(3, 2)=9.0)`), `isin` In, `like`/`ilike`/`rlike` Like/ILike/RLike,
 * `startswith`/`endswith`/`contains` StartsWith/EndsWith/Contains, `substr` Substring, `getItem`/`getField`/`c[k]`
 * UnresolvedExtractValue — translated by the SQL translation over the compiled arguments (columnCall.ts
 * translateColumnSql): the same coercions, NULLs, names and refusals as the SQL text.
 */
export const COLUMN_METHOD_SQL: Readonly<Record<string, { template: (n: number) => string; name?: (spark: string) => string }>> = {
  neg: { template: () => '- __a0' },
  pow: { template: () => 'power(__a0, __a1)', name: (s) => s.replace(/^power\(/, 'POWER(') },
  isin: { template: (n) => `__a0 IN (${Array.from({ length: n - 1 }, (_, i) => `__a${i + 1}`).join(', ')})` },
  like: { template: () => '__a0 LIKE __a1' },
  ilike: { template: () => '__a0 ILIKE __a1' },
  rlike: { template: () => '__a0 RLIKE __a1' },
  startswith: { template: () => 'startswith(__a0, __a1)' },
  endswith: { template: () => 'endswith(__a0, __a1)' },
  contains: { template: () => 'contains(__a0, __a1)' },
  substr: { template: () => 'substring(__a0, __a1, __a2)' },
  getItem: { template: () => '__a0[__a1]' },
  getField: { template: () => '__a0[__a1]' },
};

function compileColumnSql(e: Extract<ColExpr, { k: 'op' }>, scope: ColScope, sub: (x: ColExpr) => Compiled, form: (typeof COLUMN_METHOD_SQL)[string]): Compiled {
  const construct = e.op === 'neg' ? `the Column operator - in ${e.pos.text}` : e.op === 'pow' ? `the Column operator ** in ${e.pos.text}` : `${e.op}(…) in ${e.pos.text}`;
  // isin of no values is false (Spark's In of an empty list, not NULL)
  if (e.op === 'isin' && e.args.length === 1) {
    const a = sub(e.args[0]!);
    return { sql: 'FALSE', type: 'BOOLEAN', name: a.name !== undefined ? `(${a.name} IN ())` : undefined };
  }
  // Column.substr takes two ints or two Columns (column.py raises TypeError "startPos and length must be the same type")
  if (e.op === 'substr' && (e.args[1]!.k === 'lit') !== (e.args[2]!.k === 'lit'))
    throw unsupportedAt(scope.file, e.pos, construct, 'PySpark takes two ints or two Columns there (it fails: "startPos and length must be the same type")', 'give both as ints, or both as Columns');
  const args = e.args.map((x) => columnArg(x, () => sub(x), scope, construct));
  let out: TranslatedColumn;
  try {
    out = sparkOf(scope).translator.translateColumnSql(form.template(args.length), args, callOptions(e, scope));
  } catch (err) {
    throw columnError(err, scope, e, construct);
  }
  let name = out.name !== undefined && form.name ? form.name(out.name) : out.name;
  // a struct's field by getField/getItem/c["f"] is GetStructField, named base.field (the PySpark reference's getField
  // page: df.r.getField("b") is the column r.b); struct(…) names its field after the field alone (CreateStruct)
  const [base, key] = args;
  let structField: string | undefined;
  if ((e.op === 'getField' || e.op === 'getItem') && base && key && 'type' in base && typeof base.type === 'string' && base.type.startsWith('STRUCT') && 'literal' in key && key.literal.py === 'str') {
    name = base.name !== undefined ? `${base.name}.${key.literal.v}` : undefined;
    structField = key.literal.v;
  }
  return { sql: out.sql, type: duckDbType(out.type), name, ...(out.aggregate ? { agg: true } : {}), ...(structField !== undefined ? { structField } : {}) };
}

/** The field a Glue Studio node reads (its column expression), for messages. */
function colField(x: ColExpr, fallback: string | undefined): string {
  return x.k === 'col' ? x.name.replace(/^`(.*)`$/s, '$1').replace(/``/g, '`') : (fallback ?? 'a column');
}

function compileOp(e: Extract<ColExpr, { k: 'op' }>, scope: ColScope, sub: (x: ColExpr) => Compiled): Compiled {
  const file = scope.file;
  // arithmetic and comparisons are Spark SQL's operators (Add, EqualTo, …): the SQL translation's rules
  if (COLUMN_OPERATOR_NAMES[e.op] && e.args.length === 2) {
    const construct = `the Column operator ${e.op === 'eqNullSafe' ? 'eqNullSafe' : e.op} in ${e.pos.text}`;
    const [l, r] = e.args.map((a) => columnArg(a, () => sub(a), scope, construct)) as [ColumnArg, ColumnArg];
    let out: TranslatedColumn;
    try {
      out = sparkOf(scope).translator.translateColumnOperator(e.op, l, r, callOptions(e, scope));
    } catch (err) {
      throw columnError(err, scope, e, construct);
    }
    return { sql: out.sql, type: duckDbType(out.type), name: out.name, ...(out.aggregate ? { agg: true } : {}) };
  }
  // PySpark's between: `(self >= lowerBound) & (self <= upperBound)`
  if (e.op === 'between' && e.args.length === 3) {
    const construct = `between(…) in ${e.pos.text}`;
    const [v, lo, hi] = e.args.map((a) => columnArg(a, () => sub(a), scope, construct)) as [ColumnArg, ColumnArg, ColumnArg];
    try {
      const ge = sparkOf(scope).translator.translateColumnOperator('>=', v, lo, callOptions(e, scope));
      const le = sparkOf(scope).translator.translateColumnOperator('<=', v, hi, callOptions(e, scope));
      return { sql: `(${ge.sql} AND ${le.sql})`, type: 'BOOLEAN', name: ge.name !== undefined && le.name !== undefined ? `(${ge.name} AND ${le.name})` : undefined };
    } catch (err) {
      throw columnError(err, scope, e, construct);
    }
  }
  const sqlForm = COLUMN_METHOD_SQL[e.op];
  if (sqlForm !== undefined) return compileColumnSql(e, scope, sub, sqlForm);
  const args = e.args.map(sub);
  const [a, b] = args as [Compiled, Compiled | undefined];
  const n = (x: Compiled | undefined) => x?.name;
  const named = (s: string): string | undefined => (args.some((x) => x.name === undefined) ? undefined : s);
  switch (e.op) {
    case 'and':
    case 'or':
      return { sql: `(${a.sql} ${e.op.toUpperCase()} ${b!.sql})`, type: 'BOOLEAN', name: named(`(${n(a)} ${e.op.toUpperCase()} ${n(b)})`) };
    case 'not':
      return { sql: `(NOT ${a.sql})`, type: 'BOOLEAN', name: named(`(NOT ${n(a)})`) };
    case 'isNull':
      return { sql: `(${a.sql} IS NULL)`, type: 'BOOLEAN', name: named(`(${n(a)} IS NULL)`) };
    case 'isNotNull':
      return { sql: `(${a.sql} IS NOT NULL)`, type: 'BOOLEAN', name: named(`(${n(a)} IS NOT NULL)`) };
    case 'gsConcatPart': {
      // Glue Studio's Concatenate Columns: a null becomes the empty string (the documented default); the text "NA",
      // which the documentation reads as a null too, is not decided here
      const inner = e.args[0]!;
      const field = inner.k === 'cast' && inner.arg.k === 'col' ? inner.arg.name.replace(/^`(.*)`$/s, '$1').replace(/``/g, '`') : (n(a) ?? 'a column');
      const message = `${UNDECIDED_MARKER} ${file}:${e.pos.line}:${e.pos.column}: the Concatenate Columns node (gs_concat) cannot run on the local engine: a value of ${field} is the text "NA", which Glue Studio may treat as a null (its documentation says so) or keep; concatenate with F.concat_ws(…) in DataFrame code instead`;
      return { sql: `(CASE WHEN ${a.sql} = 'NA' THEN error(${literal(message)}) ELSE coalesce(${a.sql}, '') END)`, type: 'VARCHAR', name: named(n(a) ?? '') };
    }
    case 'gsRegexExtract': {
      // Glue Studio's Regex Extractor: "the new column will be null only if the source column is null, if the regex
      // doesn't match the column will be empty" (transforms-regex-extractor.html) — Spark's regexp_extract, with the
      // pattern already translated to RE2; the page says nothing of a column that is not a string
      const field = colField(e.args[0]!, n(a));
      if (a.type !== 'VARCHAR')
        throw unsupportedAt(file, e.pos, `the Regex Extractor node (gs_regex_extract) on ${field}`, `${field} holds ${a.type ?? 'values of unknown type'}, not strings, and how the node reads other values is not documented`, 'cast it to a string first (ApplyMapping to string, or F.col(…).cast("string") in DataFrame code)');
      const pattern = e.args[1]!;
      const group = e.args[2]!;
      if (pattern.k !== 'lit' || pattern.value.py !== 'str' || group.k !== 'lit' || group.value.py !== 'int') throw errorAt(file, e.pos, 'gs_regex_extract: the pattern and group must be constants');
      return { sql: `regexp_extract(${a.sql}, ${literal(pattern.value.v)}, ${group.value.v})`, type: 'VARCHAR', name: named(n(a) ?? '') };
    }
    case 'gsIsoTimestamp': {
      // Glue Studio's To Timestamp with colType="iso": "the string needs to conform to one of the variants of the ISO
      // format, for example: “2022-11-02T14:40:59.915Z”" (transforms-to-timestamp.html). The variants read here are
      // the ISO 8601 forms every ISO reader takes alike — a date, or a date and time to the second with up to six
      // fraction digits, with Z, an offset or none (the session's zone, UTC on Glue); which other variants the node
      // reads, and what it gives for text that is none, are not documented: a value of another form stops the run
      const field = colField(e.args[0]!, n(a));
      if (a.type !== 'VARCHAR')
        throw unsupportedAt(file, e.pos, `the To Timestamp node (gs_to_timestamp) with colType="iso" on ${field}`, `${field} holds ${a.type ?? 'values of unknown type'}, not text`, 'give it a string field, or write F.to_timestamp(col) in DataFrame code');
      const message = `${UNDECIDED_MARKER} ${file}:${e.pos.line}:${e.pos.column}: the To Timestamp node (gs_to_timestamp) cannot run on the local engine: a value of ${field} is not in one of the ISO 8601 forms read here (yyyy-MM-dd, or yyyy-MM-ddTHH:mm:ss with up to six fraction digits and Z, ±HH:mm or no offset), and which other variants colType="iso" reads, or what it gives for other text, is not documented; parse it with F.to_timestamp(col, "pattern") in DataFrame code instead`;
      const iso = `regexp_full_match(${a.sql}, '\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})?)?')`;
      const zoned = `regexp_matches(${a.sql}, '(Z|[+-]\\d{2}:\\d{2})$')`;
      const value = `(CASE WHEN ${zoned} THEN timezone('UTC', TRY_CAST(${a.sql} AS TIMESTAMPTZ)) ELSE TRY_CAST(${a.sql} AS TIMESTAMP) END)`;
      return {
        sql: `(CASE WHEN ${a.sql} IS NULL THEN CAST(NULL AS TIMESTAMP) WHEN ${iso} AND ${value} IS NOT NULL THEN ${value} ELSE error(${literal(message)}) END)`,
        type: 'TIMESTAMP',
        name: named(n(a) ?? ''),
      };
    }
    case 'gsEpochTimestamp': {
      // Glue Studio's To Timestamp with a number type: "If the value is a number, it can be expressed in seconds
      // (Unix/Python timestamp), milliseconds or microseconds" (transforms-to-timestamp.html) — the instant that many
      // units after 1970-01-01T00:00:00Z. How gs_to_timestamp.py computes it is not public: exactly (as Spark's
      // timestamp_seconds/millis/micros do) or through a double (value / unit, cast to timestamp: Spark's Cast takes
      // (d * 1e6).toLong microseconds, which can fall a microsecond short). A value both ways give the same instant for
      // runs; a value they disagree on, or a fraction of the unit (which the exact functions drop and the double keeps),
      // stops the run naming the field
      const field = colField(e.args[0]!, n(a));
      const unit = e.args[1]!;
      if (unit.k !== 'lit' || unit.value.py !== 'str') throw errorAt(file, e.pos, 'gs_to_timestamp: the unit must be a constant');
      const perUnit = { seconds: 1_000_000, milliseconds: 1000, microseconds: 1 }[unit.value.v as 'seconds' | 'milliseconds' | 'microseconds'];
      const integral = a.type !== undefined && /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(a.type);
      const floating = a.type === 'DOUBLE' || a.type === 'FLOAT';
      if (perUnit === undefined || (!integral && !floating))
        throw unsupportedAt(file, e.pos, `the To Timestamp node (gs_to_timestamp) with colType="${unit.value.v}" on ${field}`, `${field} holds ${a.type ?? 'values of unknown type'}, not numbers, and how the node reads other values as a number of ${unit.value.v} is not documented`, `give it a number field (ApplyMapping to long), or use colType="iso" for ISO text`);
      const exact = `(CAST(${a.sql} AS HUGEINT) * ${perUnit})`;
      const viaDouble = `CAST(trunc((CAST(${a.sql} AS DOUBLE) / ${1_000_000 / perUnit}.0) * 1000000.0) AS HUGEINT)`;
      const whole = floating ? `isfinite(${a.sql}) AND ${a.sql} = trunc(${a.sql}) AND ` : '';
      const message = `${UNDECIDED_MARKER} ${file}:${e.pos.line}:${e.pos.column}: the To Timestamp node (gs_to_timestamp) cannot run on the local engine: a value of ${field} ${floating ? 'is not a whole number of ' + unit.value.v + ', or ' : ''}gives an instant that depends on how the node computes it (exactly, or through a double that can fall a microsecond short), which is not documented; convert it with F.timestamp_${unit.value.v === 'seconds' ? 'seconds' : unit.value.v === 'milliseconds' ? 'millis' : 'micros'}(col) in DataFrame code instead`;
      return {
        sql: `(CASE WHEN ${a.sql} IS NULL THEN CAST(NULL AS TIMESTAMP) WHEN ${whole}${exact} = ${viaDouble} THEN make_timestamp(CAST(${exact} AS BIGINT)) ELSE error(${literal(message)}) END)`,
        type: 'TIMESTAMP',
        name: named(n(a) ?? ''),
      };
    }
    case 'gsUuid':
      // Glue Studio's Add UUID (gs_uuid.py: `self.withColumn(colName, F.expr("uuid()"))`, a copy in
      // aws-samples/retrieval-augmented-generation-large-data-sets cdk/templates/glue/gs_uuid.py @8b3c8c9e): Spark's
      // uuid(), a random version-4 UUID per row as a lower-case string; DuckDB's uuid() is one too
      return { sql: 'CAST(uuid() AS VARCHAR)', type: 'VARCHAR', name: named('uuid()') };
    case 'gsTimestampOnly': {
      // Glue Studio's Format Timestamp formats "a timestamp column" (transforms-format-timestamp.html): how it reads
      // a column of another type before formatting it is not documented
      const field = colField(e.args[0]!, n(a));
      if (a.type === undefined || !/^(TIMESTAMP|DATE)\b/.test(a.type))
        throw unsupportedAt(file, e.pos, `the Format Timestamp node (gs_format_timestamp) on ${field}`, `${field} holds ${a.type ?? 'values of unknown type'}, not timestamps, and how the node reads other values before formatting them is not documented`, 'convert it to a timestamp first (To Timestamp with colType="iso" or a number type, ApplyMapping to timestamp, or F.to_timestamp(col, "pattern") in DataFrame code)');
      return a;
    }
  }
  throw unsupportedAt(file, e.pos, `the Column operation ${e.op}`, 'it is not translated', 'use an SQL Query node');
}

export { ident };
