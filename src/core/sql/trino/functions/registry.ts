/**
 * The shape of the function tables: one row per Trino function — its signatures (Trino's, as text) and what it
 * becomes in DuckDB. Helpers keep the common cases one line:
 *
 * - `same('sig')`: DuckDB's function of the same name does what Trino's does (a test from Trino's docs says so);
 * - `rename('duck_name', 'sig')`: DuckDB's function of another name;
 * - `fn('sig', (a, b) => sql\`…\`)`: an expression over the (already converted) arguments;
 * - `agg(…)`, `win(…)`: aggregate and window functions, whose DISTINCT / ORDER BY / FILTER / OVER the translator adds.
 *
 * A function whose row is missing is refused: by name when Trino has it (`names.ts`), as Trino refuses an unknown
 * name otherwise.
 */
import type { ParserRuleContext } from 'antlr4ng';
import type { ExpressionContext } from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { call as callSql, type Sql } from '../../dialects/emit';
import type { SqlType } from '../../dialects/sqlType';
import type { Scope, Typed } from '../model';
import type { Translator } from '../translator';
import { parseSignature, type Signature } from '../typing';

/** A lambda argument, translated only once its parameter types are known. */
export interface LambdaArg {
  kind: 'lambda';
  params: string[];
  body: ExpressionContext;
  at: number;
}

/** A call being translated, as a rule sees it. */
export interface Call {
  t: Translator;
  /** the name as written, lower-cased */
  name: string;
  node: ParserRuleContext;
  at: number;
  scope: Scope;
  /** the arguments converted to the signature's parameter types (lambdas: `lambda x: …`, typed by their body) */
  args: Typed[];
  /** the arguments as given, before conversion */
  given: Typed[];
  /** the result type the signature gives */
  returns: SqlType;
  signature: Signature;
}

/** What an aggregate or window rule gives: the DuckDB function and arguments, and what wraps the finished call. */
export interface AggregateCall {
  fn: string;
  args: Sql[];
  /**
   * e.g. a CAST around `sum(x) FILTER (…) OVER (…)`; `make` builds another aggregate with the same modifiers
   * (avg of a decimal: an exact division of sum(x) by count(x))
   */
  wrap?: (finished: Sql, make: (fn: string, args: Sql[]) => Sql) => Sql;
  /** DuckDB takes the function's own ORDER BY (array_agg); otherwise an ORDER BY in the call is refused */
  ordered?: boolean;
}

export type FunctionKind = 'scalar' | 'aggregate' | 'window';

export interface FunctionDef {
  kind: FunctionKind;
  signatures: Signature[];
  /** the result type, when it depends on the arguments beyond what the signature says */
  returns?: (args: Typed[], call: Omit<Call, 'returns'>) => SqlType;
  /** scalar rules give SQL (or a typed expression); aggregate and window rules an AggregateCall */
  emit: (call: Call) => Sql | Typed | AggregateCall;
  /** the arguments that must be constants (their positions), e.g. a format pattern */
  constants?: number[];
}

export type FunctionTable = Record<string, FunctionDef>;

const sigs = (s: string | string[]) => (Array.isArray(s) ? s : [s]).map(parseSignature);

/** A scalar function: `emit` gets the converted arguments' SQL. */
export function fn(signatures: string | string[], emit: (...args: Sql[]) => Sql, options: Partial<Pick<FunctionDef, 'returns' | 'constants'>> = {}): FunctionDef {
  return { kind: 'scalar', signatures: sigs(signatures), emit: (c) => emit(...c.args.map((a) => a.sql)), ...options };
}

/** A scalar function that needs the whole call (argument types, constants, errors). */
export function custom(signatures: string | string[], emit: (call: Call) => Sql | Typed, options: Partial<Pick<FunctionDef, 'returns' | 'constants'>> = {}): FunctionDef {
  return { kind: 'scalar', signatures: sigs(signatures), emit, ...options };
}

/** DuckDB's function of the same name has Trino's semantics. */
export function same(signatures: string | string[]): FunctionDef {
  return { kind: 'scalar', signatures: sigs(signatures), emit: (c) => callSql(c.name, ...c.args.map((a) => a.sql)) };
}

/** DuckDB's function `duckName` has Trino's semantics. */
export function rename(duckName: string, signatures: string | string[]): FunctionDef {
  return { kind: 'scalar', signatures: sigs(signatures), emit: (c) => callSql(duckName, ...c.args.map((a) => a.sql)) };
}

/** An aggregate: DuckDB's `duckName` over the converted arguments, optionally wrapped. */
export function agg(
  duckName: string,
  signatures: string | string[],
  options: { wrap?: (finished: Sql, call: Call, make: (fn: string, args: Sql[]) => Sql) => Sql; returns?: FunctionDef['returns']; ordered?: boolean; args?: (call: Call) => Sql[] } = {},
): FunctionDef {
  return {
    kind: 'aggregate',
    signatures: sigs(signatures),
    ...(options.returns ? { returns: options.returns } : {}),
    emit: (c) => ({
      fn: duckName,
      args: options.args ? options.args(c) : c.args.map((a) => a.sql),
      ...(options.wrap ? { wrap: (s: Sql, make: (fn: string, args: Sql[]) => Sql) => options.wrap!(s, c, make) } : {}),
      ...(options.ordered ? { ordered: true } : {}),
    }),
  };
}

/** A window function (ranking, navigation). */
export function win(duckName: string, signatures: string | string[], options: { wrap?: (finished: Sql, call: Call, make: (fn: string, args: Sql[]) => Sql) => Sql } = {}): FunctionDef {
  return {
    kind: 'window',
    signatures: sigs(signatures),
    emit: (c) => ({ fn: duckName, args: c.args.map((a) => a.sql), ...(options.wrap ? { wrap: (s: Sql, make: (fn: string, args: Sql[]) => Sql) => options.wrap!(s, c, make) } : {}) }),
  };
}

/** The constant value of argument `i` (a literal), or a refusal naming the function. */
export function constant(c: Call, i: number, what: string): string | number | boolean | null {
  const a = c.given[i] ?? c.args[i];
  if (a === undefined || a.value === undefined) throw c.t.unsupported(a?.at ?? c.at, `${c.name} with a ${what} that is not a constant`);
  return a.value;
}

export function constantString(c: Call, i: number, what: string): string {
  const v = constant(c, i, what);
  if (typeof v !== 'string') throw c.t.unsupported(c.given[i]?.at ?? c.at, `${c.name} with a ${what} that is not a string constant`);
  return v;
}
