/**
 * Function calls: finding the row of the function tables, checking the number of arguments and the job's Spark
 * version, handing the rule the call (arguments converted on demand to its parameter types, lambdas translated once
 * their parameters' types are known), and adding an aggregate's DISTINCT / FILTER and a window's OVER. A name
 * without a row is refused by name when Spark has the function, and fails as in Spark otherwise.
 */
import type { ParserRuleContext } from 'antlr4ng';
import * as P from 'dt-sql-parser/dist/lib/spark/SparkSqlParser';
import { at, join, type Sql } from '../dialects/emit';
import type { SqlType } from '../dialects/sqlType';
import { condition, expr } from './expressions';
import { FUNCTIONS } from './functions';
import { FILE_FUNCTIONS, FILE_FUNCTIONS_INSTEAD, FILE_FUNCTIONS_WHY, SPARK_FUNCTION_NAMES } from './functions/names';
import { castArg, type AggregateCall, type Call } from './functions/registry';
import type { LambdaArg, Scope, Typed } from './model';
import { offsetOf, type Translator } from './translator';
import { sql } from './sqlText';

export interface Modifiers {
  distinct?: boolean;
  filter?: P.BooleanExpressionContext | undefined;
  over?: P.WindowSpecContext | undefined;
  /** a FILTER condition already translated (a DataFrame pivot's value): applies to an aggregate, not to a scalar */
  filterSql?: Sql | undefined;
  /** a window already translated (a DataFrame Column's `.over(window)`): the text of `OVER (…)`'s parentheses */
  overSql?: Sql | undefined;
  ignoreNulls?: boolean;
  star?: boolean;
  /** a DataFrame Column's function (columnCall.ts): a `columnOnly` function is known */
  column?: boolean;
}

/** The lambda an argument is (`x -> …`, `(x, y) -> …`), if it is one. */
function asLambda(t: Translator, e: P.ExpressionContext): LambdaArg | undefined {
  const b = e.booleanExpression();
  if (b.predicate() || b.booleanExpression().length > 0) return undefined;
  const v = b.valueExpression();
  const p = v?.primaryExpression();
  if (!p || !p.ARROW()) return undefined;
  return { params: p.identifier().map((i) => t.identifier(i)), body: p.expression(0)! };
}

export function translateCall(t: Translator, node: P.PrimaryExpressionContext, scope: Scope): Typed {
  const fnCtx = node.functionName()!;
  if (fnCtx.KW_IDENTIFIER()) throw t.unsupported(fnCtx, 'IDENTIFIER(…) as a function name');
  const qn = fnCtx.qualifiedName();
  const parts = qn ? qn.identifier().map((i) => t.identifier(i)) : [fnCtx.getText()];
  if (parts.length > 1) throw t.unsupported(fnCtx, `the function ${parts.join('.')}`, 'only built-in functions are translated');
  const name = parts[0]!.toLowerCase();
  const rawArgs = node.functionArgument();
  for (const a of rawArgs) if (a.namedArgumentExpression()) throw t.unsupported(a, `${name} with named arguments (=>)`);
  const star = rawArgs.length === 1 && isStar(rawArgs[0]!.expression()!);
  const args: Typed[] = star
    ? []
    : rawArgs.map((a) => {
        const e = a.expression()!;
        const lambda = asLambda(t, e);
        return lambda ? { sql: '', type: { kind: 'unknown' }, at: offsetOf(e), lambda } : expr(t, e, scope);
      });
  const quantifier = node.setQuantifier();
  return bindAndEmit(t, node, scope, name, args, {
    distinct: quantifier?.KW_DISTINCT() != null,
    filter: node._where,
    over: node.windowSpec() ?? undefined,
    ignoreNulls: node._nullsOption?.type === P.SparkSqlParser.KW_IGNORE,
    star,
  });
}

function isStar(e: P.ExpressionContext): boolean {
  const p = e.booleanExpression().valueExpression()?.primaryExpression();
  return !!p && p.ASTERISK() !== null && !p.qualifiedName() && !p.functionName();
}

/** A special form that is a function call in Spark (SUBSTRING … FROM, EXTRACT, struct(…), TRIM … FROM). */
export function translateNamedCall(t: Translator, node: ParserRuleContext, scope: Scope, name: string, args: Typed[], prettyAs?: string): Typed {
  const out = bindAndEmit(t, node, scope, name, args, {});
  if (prettyAs && out.name !== undefined) return { ...out, name: out.name.replace(/^[a-z_]+\(/, `${prettyAs}(`) };
  return out;
}

export function bindAndEmit(t: Translator, node: ParserRuleContext, scope: Scope, name: string, args: Typed[], mods: Modifiers): Typed {
  const pos = offsetOf(node);
  const found = FUNCTIONS[name];
  const def = found?.columnOnly && !mods.column ? undefined : found;
  if (!def) {
    if (SPARK_FUNCTION_NAMES.has(name)) throw t.unsupported(node, name, FILE_FUNCTIONS.has(name) ? `${FILE_FUNCTIONS_WHY}; ${FILE_FUNCTIONS_INSTEAD}` : undefined);
    throw t.fail(node, `[UNRESOLVED_ROUTINE] Cannot resolve function \`${name}\` on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`default\`].`);
  }
  if (def.since && t.spark33 && def.since >= '3.4') throw t.notIn33(node, name, def.since);
  const count = mods.star ? 0 : args.length;
  if (!mods.star && (count < def.arity[0] || count > def.arity[1])) {
    const expected = def.arity[0] === def.arity[1] ? `${def.arity[0]}` : def.arity[1] >= 100 ? `> ${def.arity[0] - 1}` : `[${Array.from({ length: def.arity[1] - def.arity[0] + 1 }, (_, i) => def.arity[0] + i).join(', ')}]`;
    throw t.fail(node, `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires ${expected} parameters but the actual number is ${count}.`);
  }
  if (mods.star && name !== 'count') throw t.fail(node, `[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in the function ${name}.`);
  const argNames = args.map((a) => a.name);
  const prettyName = mods.star ? `${name}(1)` : argNames.every((n) => n !== undefined) && !args.some((a) => a.lambda) ? `${name}(${mods.distinct ? 'DISTINCT ' : ''}${argNames.join(', ')})` : undefined;
  const converted = new Map<number, Typed>();
  const call: Call = {
    t,
    name,
    node,
    at: pos,
    scope,
    args,
    prettyName,
    arg(i, expect) {
      const a = args[i]!;
      if (a.lambda) throw t.fail(a.at, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] ${name}: argument ${i + 1} cannot be a lambda function`);
      let c = converted.get(i);
      if (!c) converted.set(i, (c = castArg(t, name, a, expect, i)));
      return c;
    },
    lambda(i, types) {
      const a = args[i];
      if (!a?.lambda) throw t.fail(a?.at ?? pos, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] ${name}: argument ${i + 1} must be a lambda function`);
      return lambda(t, a.lambda, types, scope, a.at);
    },
  };
  const aggregateInside = args.some((a) => a.aggregate);
  const named = (e: Typed): Typed => {
    const n = def.prettyName ? def.prettyName(call) : prettyName;
    const out: Typed = { ...e, ...(aggregateInside ? { aggregate: true } : {}) };
    if (n === undefined) delete out.name;
    else out.name = n;
    return out;
  };
  if (def.kind === 'scalar') {
    if (mods.distinct || mods.filter || mods.over || mods.overSql) throw t.fail(node, `[INVALID_SQL_SYNTAX] ${name} is not an aggregate function: DISTINCT, FILTER and OVER are for aggregates.`);
    const out = def.emit(call);
    if (typeof out === 'object' && 'type' in out && 'sql' in out) return named({ ...out, sql: at(pos, out.sql), at: pos });
    const type = typeof def.returns === 'function' ? def.returns(call) : def.returns!;
    return named({ sql: at(pos, out as Sql), type, at: pos, atom: true });
  }
  const a = def.emit(call) as AggregateCall;
  if (def.kind === 'window' && !mods.over && mods.overSql === undefined) throw t.fail(node, `[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE] Window function "${name}" requires an OVER clause.`);
  if (mods.distinct && a.distinct === 'refused') throw t.unsupported(node, `${name}(DISTINCT …)`);
  const filter = mods.filterSql !== undefined ? { sql: mods.filterSql } : mods.filter ? condition(t, mods.filter, scope, 'FILTER_NOT_BOOLEAN') : undefined;
  const over = mods.overSql !== undefined ? sql`(${mods.overSql})` : mods.over ? windowSpec(t, mods.over, scope) : undefined;
  if (mods.ignoreNulls && name !== 'first_value' && name !== 'last_value' && name !== 'nth_value' && name !== 'lag' && name !== 'lead' && name !== 'first' && name !== 'last') throw t.unsupported(node, `${name}(…) IGNORE NULLS`);
  const distinct = mods.distinct && a.distinct !== 'ignored';
  const make = (f: string, fargs: Sql[]): Sql => {
    let s: Sql = sql`${f}(${distinct ? 'DISTINCT ' : ''}${join(fargs)}${a.orderBy ? sql` ORDER BY ${a.orderBy}` : ''}${mods.ignoreNulls && def.kind === 'window' ? ' IGNORE NULLS' : ''})`;
    if (filter) s = sql`${s} FILTER (WHERE ${filter.sql})`;
    if (over) s = sql`${s} OVER ${over}`;
    return s;
  };
  let s = make(a.fn, a.args);
  if (a.wrap) s = a.wrap(s, make);
  const out: Typed = { sql: at(pos, s), type: a.type, at: pos, atom: true, ...(over ? {} : { aggregate: true }) };
  if (over) return { ...out, ...(prettyName !== undefined ? {} : {}) };
  return named(out);
}

/** `lambda p1, p2: body` with its parameters typed. */
export function lambda(t: Translator, l: LambdaArg, types: SqlType[], scope: Scope, pos: number): { params: string[]; body: Typed } {
  if (l.params.length > types.length) throw t.fail(pos, `[INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH] A higher order function expects ${types.length} arguments, but got ${l.params.length}.`);
  if (l.compile) return { params: l.params, body: l.compile(types.slice(0, l.params.length)) };
  t.lambdaDepth++;
  try {
    const names = l.params.map((_, i) => `_l${t.lambdaDepth}_${i + 1}`);
    const lambdas = new Map<string, Typed>();
    l.params.forEach((p, i) => lambdas.set(p.toLowerCase(), { sql: names[i]!, type: types[i]!, at: pos, name: p, atom: true, column: true }));
    const body = expr(t, l.body as P.ExpressionContext, { relations: [], parent: scope, lambdas });
    return { params: names, body };
  } finally {
    t.lambdaDepth--;
  }
}

// ---------------------------------------------------------------- windows

/** `OVER (…)` as DuckDB's: ORDER BY with Spark's null ordering, frames; a name from the WINDOW clause. */
export function windowSpec(t: Translator, w: P.WindowSpecContext, scope: Scope): Sql {
  if (w._name) {
    const name = t.identifier(w._name).toLowerCase();
    const def = t.windows.get(name);
    if (!def) throw t.fail(w, `[MISSING_WINDOW_SPECIFICATION] Window specification ${name} is not defined in the WINDOW clause.`);
    return windowSpec(t, def, scope);
  }
  if (w.KW_CLUSTER()) throw t.unsupported(w, 'CLUSTER BY in a window');
  const parts: Sql[] = [];
  const partition = w.expression();
  if (partition.length > 0) parts.push(sql`PARTITION BY ${join(partition.map((e) => expr(t, e, scope).sql))}`);
  const order = w.orderOrSortByClause();
  if (order) parts.push(sql`ORDER BY ${sortItems(t, order.sortItem(), scope)}`);
  const frame = w.windowFrame();
  if (frame) {
    const type = frame._frameType!.text!.toUpperCase();
    const bound = (b: P.FrameBoundContext): Sql => {
      if (b.KW_UNBOUNDED()) return `UNBOUNDED ${b._boundType!.text!.toUpperCase()}`;
      if (b.KW_CURRENT()) return 'CURRENT ROW';
      const e = expr(t, b.expression()!, scope);
      if (e.value === undefined) throw t.unsupported(b, 'a window frame bound that is not a constant');
      return sql`${e.sql} ${b._boundType!.text!.toUpperCase()}`;
    };
    const end = frame._end;
    parts.push(end ? sql`${type} BETWEEN ${bound(frame._start_!)} AND ${bound(end)}` : sql`${type} ${bound(frame._start_!)}`);
  }
  return sql`(${join(parts, ' ')})`;
}

/** ORDER BY items with Spark's default null ordering (ASC: NULLS FIRST, DESC: NULLS LAST). */
export function sortItems(t: Translator, items: P.SortItemContext[], scope: Scope, resolveItem?: (s: P.SortItemContext) => Typed): Sql {
  return join(
    items.map((s) => {
      const e = resolveItem ? resolveItem(s) : s.columnName() ? expr(t, s.columnName()!, scope) : expr(t, s.expression()!, scope);
      if (e.type.kind === 'map') throw t.fail(s, `[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] the sort order does not support ordering on type "MAP".`);
      const desc = s._ordering?.type === P.SparkSqlParser.KW_DESC;
      const nulls = s._nullOrder ? (s._nullOrder.type === P.SparkSqlParser.KW_FIRST ? 'NULLS FIRST' : 'NULLS LAST') : desc ? 'NULLS LAST' : 'NULLS FIRST';
      return sql`${e.sql} ${desc ? 'DESC' : 'ASC'} ${nulls}`;
    }),
  );
}

export type { AggregateCall };
