/**
 * The shape of the Spark function tables: one row per function — its parameters (Spark's input types, to which the
 * arguments are implicitly cast as Spark's analyzer does), its result type and what it becomes in DuckDB. Helpers
 * keep the common cases one line:
 *
 * - `fn(['string', 'int'], 'string', (s, n) => sql\`…\`)`: a scalar over the converted arguments' SQL;
 * - `custom(c => …)`: a rule that needs the whole call (argument types, constants, lambdas, errors);
 * - `agg(…)`, `win(…)`: aggregate and window functions (the translator adds DISTINCT, FILTER and OVER);
 * - `since: '3.4.0'`: Spark 3.3 (Glue 4.0) does not have it.
 *
 * A name without a row is refused: by name when Spark has the function (names.ts), as Spark fails otherwise.
 */
import type { ParserRuleContext } from 'antlr4ng';
import { call as callSql, type Sql } from '../../dialects/emit';
import { T, type SqlType } from '../../dialects/sqlType';
import { coerce } from '../coerce';
import type { LambdaArg, Scope, Typed } from '../model';
import type { Translator } from '../translator';
import { implicitCast, SPARK_TIMESTAMP, sparkSqlTypeName, type Expect } from '../types';

/** A call being translated, as a rule sees it. */
export interface Call {
  t: Translator;
  /** the name as written, lower-cased */
  name: string;
  node: ParserRuleContext;
  at: number;
  scope: Scope;
  /** the arguments as translated (lambdas are in `lambda`, untranslated) */
  args: Typed[];
  /** translates lambda argument `i` with its parameters typed `types` */
  lambda(i: number, types: SqlType[]): { params: string[]; body: Typed };
  /** argument `i` converted to what `expect` accepts (Spark's implicit cast), or Spark's type mismatch */
  arg(i: number, expect: Expect): Typed;
  /** Spark's column name of the call (`name(arg, …)`) */
  prettyName: string | undefined;
}

/** What an aggregate or window rule gives: the DuckDB function and arguments, and what wraps the finished call. */
export interface AggregateCall {
  fn: string;
  args: Sql[];
  type: SqlType;
  /** e.g. a CAST around `sum(x) FILTER (…) OVER (…)`; `make` builds another aggregate with the same modifiers */
  wrap?: (finished: Sql, make: (fn: string, args: Sql[]) => Sql) => Sql;
  /** an ORDER BY inside the aggregate's call (DuckDB's own argument order): array_agg for collect_list */
  orderBy?: Sql;
  /** DISTINCT is meaningless (min, max) or refused */
  distinct?: 'ignored' | 'refused';
}

export type FunctionKind = 'scalar' | 'aggregate' | 'window';

export interface FunctionDef {
  kind: FunctionKind;
  /** how many arguments it takes */
  arity: [min: number, max: number];
  /** the Spark version that introduced it, when newer than 3.3 (Glue 4.0 refuses it) */
  since?: string;
  /** scalar rules give a typed expression (or SQL with `returns`); aggregate and window rules an AggregateCall */
  emit: (c: Call) => Typed | Sql | AggregateCall;
  /** the result type of a rule that gives SQL */
  returns?: SqlType | ((c: Call) => SqlType);
  /** a name that differs from `name(args)` */
  prettyName?: (c: Call) => string | undefined;
  /**
   * a function of pyspark.sql.functions (Scala's functions object) that is not registered in Spark SQL
   * (functions.product): a DataFrame Column may call it, SQL text cannot (UNRESOLVED_ROUTINE, as Spark)
   */
  columnOnly?: true;
}

export type FunctionTable = Record<string, FunctionDef>;

/** A parameter spec as text: Spark's type names, `numeric`, `any`… */
export type Param = Expect | 'string' | 'int' | 'bigint' | 'double' | 'boolean' | 'date' | 'binary' | 'smallint' | 'tinyint' | 'float';

const PARAMS: Record<string, Expect> = {
  string: T.varchar,
  int: T.integer,
  bigint: T.bigint,
  smallint: T.smallint,
  tinyint: T.tinyint,
  double: T.double,
  float: T.real,
  boolean: T.boolean,
  date: T.date,
  binary: T.varbinary,
  timestamp: 'timestamp',
};

export function expectOf(p: Param): Expect {
  return typeof p === 'string' && p in PARAMS ? PARAMS[p]! : (p as Expect);
}

/** Spark's ImplicitCastInputTypes: argument `e` converted to what the parameter expects. */
export function castArg(t: Translator, fname: string, e: Typed, expect: Expect, index: number): Typed {
  const to = implicitCast(e.type, expect);
  if (!to) {
    throw t.fail(
      e.at,
      `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${fname}(…)" due to data type mismatch: Parameter ${index + 1} requires the ${describe(expect)} type, however "${e.name ?? 'the argument'}" has the type "${sparkSqlTypeName(e.type)}".`,
    );
  }
  return coerce(t, e, to);
}

function describe(e: Expect): string {
  if (typeof e === 'string') return `"${e.toUpperCase()}"`;
  if ('oneOf' in e) return `(${e.oneOf.map(describe).join(' or ')})`;
  return `"${sparkSqlTypeName(e)}"`;
}

function resultType(r: Param): SqlType {
  const e = expectOf(r);
  if (typeof e === 'string') return e === 'timestamp' ? SPARK_TIMESTAMP : T.unknown;
  if ('oneOf' in e) return T.unknown;
  return e;
}

/** A scalar function: its parameters, its result type and its SQL over the converted arguments. */
export function fn(params: Param[], returns: Param | ((c: Call, args: Typed[]) => SqlType), emit: (...args: Sql[]) => Sql, options: { optional?: number; since?: string } = {}): FunctionDef {
  const min = params.length - (options.optional ?? 0);
  return {
    kind: 'scalar',
    arity: [min, params.length],
    ...(options.since ? { since: options.since } : {}),
    emit: (c) => {
      const args = c.args.map((_, i) => c.arg(i, expectOf(params[i]!)));
      const type = typeof returns === 'function' ? returns(c, args) : resultType(returns);
      return { sql: emit(...args.map((a) => a.sql)), type, at: c.at, atom: true };
    },
  };
}

/** A scalar function that needs the whole call. */
export function custom(arity: [number, number], emit: (c: Call) => Typed, options: { since?: string; prettyName?: FunctionDef['prettyName'] } = {}): FunctionDef {
  return { kind: 'scalar', arity, emit, ...(options.since ? { since: options.since } : {}), ...(options.prettyName ? { prettyName: options.prettyName } : {}) };
}

/** DuckDB's function `duckName` has Spark's semantics for these parameter types. */
export function rename(duckName: string, params: Param[], returns: Param, options: { optional?: number; since?: string } = {}): FunctionDef {
  return fn(params, returns, (...args) => callSql(duckName, ...args), options);
}

/** An aggregate function. */
export function agg(arity: [number, number], emit: (c: Call) => AggregateCall, options: { since?: string } = {}): FunctionDef {
  return { kind: 'aggregate', arity, emit, ...(options.since ? { since: options.since } : {}) };
}

/** A window function (ranking, navigation): needs OVER. */
export function win(arity: [number, number], emit: (c: Call) => AggregateCall, options: { since?: string } = {}): FunctionDef {
  return { kind: 'window', arity, emit, ...(options.since ? { since: options.since } : {}) };
}

/** The constant value of argument `i`, or a refusal naming the function and what must be constant. */
export function constantArg(c: Call, i: number, what: string): string | number | boolean | null {
  const a = c.args[i];
  if (a === undefined || a.value === undefined) throw c.t.unsupported(a?.at ?? c.at, `${c.name} with a ${what} that is not a constant`);
  return a.value;
}

export function constantString(c: Call, i: number, what: string): string | null {
  const v = constantArg(c, i, what);
  if (v !== null && typeof v !== 'string') return String(v);
  return v;
}

export type { LambdaArg };
