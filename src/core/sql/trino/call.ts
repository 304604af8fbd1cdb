/**
 * Function calls: finding the row of the function tables, binding the arguments to its first signature they fit
 * (Trino's implicit coercions, type variables, lambdas typed from the arguments before them), and adding an
 * aggregate's DISTINCT / ORDER BY / FILTER and a window's OVER. A name without a row is refused: by name when Trino
 * has the function, as Trino refuses an unknown name otherwise.
 */
import type { ParserRuleContext } from 'antlr4ng';
import * as P from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import { at, join, refusalIn, sql, withoutFailures, type Sql } from '../dialects/emit';
import { notRegistered } from '../dialects/refuse';
import { T, trinoTypeName, type SqlType } from '../dialects/sqlType';
import { boolean, expr } from './expressions';
import { FUNCTIONS } from './functions';
import { JSON_SPECIAL_FORMS } from './functions/json';
import { TRINO_FUNCTION_NAMES } from './functions/names';
import type { AggregateCall, Call, FunctionDef, LambdaArg } from './functions/registry';
import type { Scope, Typed } from './model';
import { sortItems, windowSpec } from './queries';
import { offsetOf, type Translator, type TryFrame } from './translator';
import { castSql, castToZoned } from './casts';
import { sqlTypeOf } from './types';
import { canCoerce, collect, commonSuperTypeOf, instantiate, type Bindings, type Signature, type SigType } from './typing';

type Arg = Typed | LambdaArg;

/** The CAST an argument is (in parentheses or not), if it is one. */
function castIn(e: P.ExpressionContext): P.CastContext | undefined {
  const b = e.booleanExpression();
  if (!(b instanceof P.PredicatedContext) || b.predicate()) return undefined;
  const v = b.valueExpression();
  if (!(v instanceof P.ValueExpressionDefaultContext)) return undefined;
  const p = v.primaryExpression();
  if (p instanceof P.CastContext) return p;
  if (p instanceof P.ParenthesizedExpressionContext) return castIn(p.expression());
  return undefined;
}

/**
 * TRY(CAST(x AS t)): TRY_CAST(x AS t) of TRY(x) — the same answer (conditional.md: TRY turns an invalid cast into
 * NULL, as TRY_CAST does), and a cast whose refusal DuckDB's TRY could not hold (it takes no `error()`) keeps it.
 */
function tryOfCast(t: Translator, cast: P.CastContext, scope: Scope, pos: number): Typed {
  const { value, frame } = insideTry(t, () => expr(t, cast.expression(), scope));
  refuseInsideTry(t, value.sql, pos);
  const to = sqlTypeOf(t, cast.type());
  const guarded: Typed = value.value !== undefined ? value : { ...value, sql: sql`TRY(${withoutFailures(value.sql)})` };
  const zoned = to.kind === 'timestamptz' ? castToZoned(t, guarded, to, 'try', pos) : undefined;
  const cast_: Typed = zoned ?? { sql: castSql(t, guarded, to, 'try'), type: to, at: pos, atom: true };
  return { ...cast_, sql: at(pos, checkedBeforeTry(frame, cast_.sql)) };
}

/** `work` translated inside a TRY(…), whose frame collects the refusals to check before it (Translator.refuseWhen). */
function insideTry<V>(t: Translator, work: () => V): { value: V; frame: TryFrame } {
  const frame: TryFrame = { lambdaDepth: t.lambdaDepth, queryDepth: t.queryDepth, refusals: [] };
  t.tryFrames.push(frame);
  try {
    return { value: work(), frame };
  } finally {
    t.tryFrames.pop();
  }
}

/**
 * A construct the local engine refuses for some values as the query runs (emit.ts `refusal`), inside TRY(…): TRY
 * would make the refusal a NULL where Athena answers, so the TRY is refused when translated.
 */
function refuseInsideTry(t: Translator, inner: Sql, pos: number): void {
  const what = refusalIn(inner);
  if (what !== undefined) throw t.unsupported(pos, `${what}, inside TRY(…)`, `the local engine refuses such values by name as the query runs, and TRY would turn that refusal into a NULL where Athena answers; write the expression without TRY`);
}

/**
 * The refusals made inside a TRY(…) (Translator.refuseWhen), checked before it over the same row: the value inside
 * the TRY is NULL where one holds, and its own failures NULL as TRY makes them.
 */
function checkedBeforeTry(frame: TryFrame, tried: Sql): Sql {
  if (frame.refusals.length === 0) return tried;
  const checks = frame.refusals.map((r) => sql`WHEN coalesce(TRY(${withoutFailures(r.cond)}), false) THEN error(${withoutFailures(r.message)}) `);
  return sql`CASE ${join(checks, '')}ELSE ${tried} END`;
}

/** The lambda an argument is, if it is one. */
function asLambda(t: Translator, e: P.ExpressionContext): LambdaArg | undefined {
  const b = e.booleanExpression();
  if (!(b instanceof P.PredicatedContext) || b.predicate()) return undefined;
  const v = b.valueExpression();
  if (!(v instanceof P.ValueExpressionDefaultContext)) return undefined;
  const p = v.primaryExpression();
  if (!(p instanceof P.LambdaContext)) return undefined;
  // lambda.md, Limitations: "Aggregations are not supported: x -> max(y)" (Trino's analyzer fails the query; DuckDB
  // would compute the aggregate over the rows and use it in every element)
  const folded = aggregateIn(p.expression());
  if (folded) throw t.fail(folded.node, `Lambda expression cannot contain aggregations, window functions or grouping operations: ${folded.what}`);
  return { kind: 'lambda', params: p.identifier().map((i) => t.identifier(i)), body: p.expression(), at: offsetOf(p) };
}


/**
 * Why an estimating aggregate Trino documents is refused: its answer is a sketch's estimate, which the local engine
 * cannot reproduce, and Trino's documentation (functions/aggregate.md) names no input for which it is exact.
 * (approx_distinct answers where airlift's HyperLogLog is exact: aggregates.ts.)
 */
const ESTIMATES: Record<string, string> = {
  approx_percentile:
    "Athena's answer is an estimate from a t-digest of the values (Trino's TDigestAndPercentileState), exact for no documented input; an exact percentile is element_at(array_sort(array_agg(x)), …)",
  approx_most_frequent: "Athena's answer is an estimate from a stream summary of the values; an exact count per value is GROUP BY x with count(*)",
  approx_set: "Athena's answer is a HyperLogLog sketch",
};

/**
 * The first aggregate or window function call inside an expression (not inside a subquery, which is a query of its
 * own): `sum(x)` in `TRY(sum(x) / 2)`.
 */
function aggregateIn(node: ParserRuleContext): { node: ParserRuleContext; what: string } | undefined {
  for (const child of node.children ?? []) {
    if (!('children' in child)) continue;
    const c = child as ParserRuleContext;
    if (c instanceof P.SubqueryExpressionContext || c instanceof P.QueryContext) continue;
    if (c instanceof P.ListAggContext) return { node: c, what: 'the aggregate listagg' };
    if (c instanceof P.FunctionCallContext) {
      const name = c.functionName().getText().toLowerCase();
      if (c.over()) return { node: c, what: `the window function ${name}` };
      const kind = FUNCTIONS[name]?.kind;
      if (kind === 'aggregate' || kind === 'window') return { node: c, what: `the ${kind === 'aggregate' ? 'aggregate' : 'window function'} ${name}` };
    }
    const inner = aggregateIn(c);
    if (inner) return inner;
  }
  return undefined;
}

export function translateCall(t: Translator, node: ParserRuleContext, scope: Scope, name?: string, prepared?: Typed[]): Typed {
  const pos = offsetOf(node);
  if (prepared && name) return bindAndEmit(t, node, scope, name, prepared, {});

  if (node instanceof P.ListAggContext) {
    const value = expr(t, node.expression(), scope);
    const sepCtx = node.string();
    const separator: Typed = sepCtx ? { sql: `'${sepCtx.getText().slice(1, -1)}'`, type: T.varchar, at: offsetOf(sepCtx), atom: true } : { sql: "''", type: T.varchar, at: pos, atom: true };
    const distinct = node.setQuantifier()?.KW_DISTINCT() !== null && node.setQuantifier() !== null;
    return bindAndEmit(t, node, scope, 'listagg', [value, separator], { distinct, orderBy: sortItems(t, node.sortItem(), scope), filter: node.filter() });
  }
  if (!(node instanceof P.FunctionCallContext)) return specialForm(t, node, scope);

  const parts = t.qualifiedName(node.functionName().qualifiedName());
  const fname = parts.join('.');
  if (parts.length > 1) throw notRegistered(t.source, pos, fname);
  if (node.processingMode()) throw t.unsupported(node, `${node.processingMode()!.getText()} (row pattern recognition)`);
  // Trino's ExpressionAnalyzer (TestAnalyzer.testTooManyArguments; troubleshooting-athena.md "Too many arguments for
  // function call": "functions cannot take more than 127 arguments")
  if (node.expression().length > 127) throw t.fail(node, `Too many arguments for function call ${fname}()`);

  // special forms that look like calls
  if (fname === 'if') return ifForm(t, node, scope);
  if (fname === 'try') {
    const args = node.expression();
    if (args.length !== 1) throw t.fail(node, 'The try function takes exactly one argument');
    const folded = aggregateIn(args[0]!);
    if (folded)
      throw t.unsupported(
        folded.node,
        `TRY over ${folded.what}`,
        "DuckDB's TRY takes no aggregate or window function: put TRY inside the aggregate's argument, or compute the aggregate in a subquery and TRY the expression over its result",
      );
    const cast = castIn(args[0]!);
    if (cast && !cast.KW_TRY_CAST()) return tryOfCast(t, cast, scope, pos);
    const { value: inner, frame } = insideTry(t, () => expr(t, args[0]!, scope));
    refuseInsideTry(t, inner.sql, pos);
    return { sql: at(pos, checkedBeforeTry(frame, sql`TRY(${withoutFailures(inner.sql)})`)), type: inner.type, at: pos, atom: true };
  }

  const def = FUNCTIONS[fname];
  if (!def) {
    if (TRINO_FUNCTION_NAMES.has(fname)) throw t.unsupported(node.functionName(), fname, ESTIMATES[fname]);
    throw notRegistered(t.source, pos, fname);
  }
  const star = node.ASTERISK() !== null;
  if (star && fname !== 'count') throw t.fail(node, `${fname}(*) is not allowed`);
  const args: Arg[] = star ? [] : node.expression().map((e) => asLambda(t, e) ?? expr(t, e, scope));
  const quantifier = node.setQuantifier();
  // Trino's StatementAnalyzer (trinodb/trino#7885, open): "DISTINCT in window function parameters not yet supported:
  // %s" — the call as Trino formats it; here as written
  if (quantifier?.KW_DISTINCT() != null && node.over() != null)
    throw t.fail(node, `DISTINCT in window function parameters not yet supported: ${t.source.text.slice(node.start!.start, node.stop!.stop + 1)}`);
  return bindAndEmit(t, node, scope, fname, args, {
    distinct: quantifier?.KW_DISTINCT() != null,
    orderBy: node.sortItem().length > 0 ? sortItems(t, node.sortItem(), scope) : undefined,
    filter: node.filter(),
    over: node.over(),
    // the tokens' text without the space between them (`IGNORENULLS`): the keyword pair, spelled out
    nullTreatment: node.nullTreatment() ? (/^IGNORE/i.test(node.nullTreatment()!.getText()) ? 'IGNORE NULLS' : 'RESPECT NULLS') : undefined,
    star,
  });
}

interface Modifiers {
  distinct?: boolean;
  orderBy?: Sql | undefined;
  filter?: P.FilterContext | null;
  over?: P.OverContext | null;
  nullTreatment?: string | undefined;
  star?: boolean;
}

function bindAndEmit(t: Translator, node: ParserRuleContext, scope: Scope, name: string, args: Arg[], mods: Modifiers): Typed {
  const pos = offsetOf(node);
  const def = FUNCTIONS[name];
  if (!def) throw t.unsupported(node, name);
  const bound = bind(t, def, name, args, scope, node);
  const base: Omit<Call, 'returns'> = { t, name, node, at: pos, scope, args: bound.args, given: bound.given, signature: bound.signature };
  const returns = def.returns ? def.returns(bound.args, base) : bound.returns;
  const call: Call = { ...base, returns };
  if (def.kind === 'scalar') {
    if (mods.distinct || mods.orderBy || mods.filter || mods.over) throw t.fail(node, `${name} is not an aggregate function`);
    const out = def.emit(call);
    if (typeof out === 'object' && 'type' in out) return { ...out, sql: at(pos, out.sql), at: pos };
    return { sql: at(pos, out as Sql), type: returns, at: pos, atom: true };
  }
  const a = def.emit(call) as AggregateCall;
  if (def.kind === 'window' && !mods.over) throw t.fail(node, `Window function ${name} requires an OVER clause`);
  if ((name === 'lag' || name === 'lead') && mods.over) leadLagWindow(t, mods.over, name);
  if (mods.orderBy && !a.ordered && def.kind === 'aggregate' && !ORDER_INSENSITIVE.has(name)) throw t.unsupported(node, `ORDER BY inside ${name}(…)`);
  const filter = mods.filter ? boolean(t, expr(t, mods.filter.whereClause().booleanExpression(), scope), mods.filter) : undefined;
  const nulls = mods.nullTreatment ? ` ${mods.nullTreatment}` : '';
  const over = mods.over ? windowSpec(t, mods.over, scope) : undefined;
  const make = (fn: string, args: Sql[]): Sql => {
    // IGNORE NULLS belongs to the function called, not to another one a wrap makes over the same window
    let s: Sql = sql`${fn}(${mods.distinct ? 'DISTINCT ' : ''}${join(args)}${mods.orderBy && (a.ordered || ORDER_INSENSITIVE.has(name)) ? sql` ORDER BY ${mods.orderBy}` : ''}${fn === a.fn ? nulls : ''})`;
    if (filter) s = sql`${s} FILTER (WHERE ${filter.sql})`;
    if (over) s = sql`${s} OVER ${over}`;
    return s;
  };
  let s = make(a.fn, a.args);
  if (a.wrap) s = a.wrap(s, make);
  return { sql: at(pos, s), type: returns, at: pos, atom: true };
}

/** aggregates whose result does not depend on the order of their input (an ORDER BY in them changes nothing) */
const ORDER_INSENSITIVE = new Set(['count', 'sum', 'min', 'max', 'avg', 'count_if', 'bool_and', 'bool_or', 'every', 'approx_distinct']);

interface Bound {
  signature: Signature;
  args: Typed[];
  given: Typed[];
  returns: SqlType;
}

/** a signature's parameter `i` is an interval type (sum, avg: `interval_ds`, `interval_ym`) */
const intervalParam = (s: Signature, i: number): boolean => {
  const p = s.params[i];
  return p?.kind === 'concrete' && p.type.kind === 'interval';
};

function bind(t: Translator, def: FunctionDef, name: string, args: Arg[], scope: Scope, node: ParserRuleContext): Bound {
  // Trino's FunctionBinder: a NULL (type unknown) that a numeric and an interval signature both take leaves no most
  // specific signature (neither type coerces to the other), and the return types differ: "Could not choose a best
  // candidate operator" — engine-versions-reference-0002.md: "You can no longer use SUM(NULL) directly"
  const unknownAt = args.findIndex((a) => !('kind' in a && a.kind === 'lambda') && (a as Typed).type.kind === 'unknown');
  if (unknownAt >= 0 && def.signatures.some((s) => intervalParam(s, unknownAt)) && def.signatures.some((s) => !intervalParam(s, unknownAt) && s.params.length === args.length))
    throw t.fail(node, `Could not choose a best candidate operator. Explicit type casts must be added. Candidates are: ${def.signatures.map((s) => `${name}(${s.text.split('->')[0]!.trim()})`).join(', ')}`);
  const problems: string[] = [];
  for (const signature of def.signatures) {
    const result = tryBind(t, signature, args, scope);
    if (result) {
      refuseCharAsVarchar(t, name, result, node);
      return result;
    }
    problems.push(`${name}(${signature.text.split('->')[0]!.trim()})`);
  }
  const given = args.map((a) => ('kind' in a && a.kind === 'lambda' ? 'function' : trinoTypeName((a as Typed).type))).join(', ');
  throw t.fail(node, `Unexpected parameters (${given}) for function ${name}. Expected: ${problems.join(', ')}`);
}

/** functions whose implementation reads a char(n) argument with its padding (length: StringFunctions.charLength) */
const CHAR_AWARE = new Set(['length']);

/**
 * Trino does not coerce char(n) to varchar for a function argument (TypeCoercion has no char -> varchar; trinodb/trino
 * #15993 and #20388 are open to add char signatures to reverse and replace): a function with a char signature
 * (concat, lower, upper, trim...: StringFunctions) keeps the padding, one with only varchar signatures fails to
 * resolve. Here a char reaches a varchar parameter with its padding trimmed, a different answer: refused by name.
 */
function refuseCharAsVarchar(t: Translator, name: string, bound: Bound, node: ParserRuleContext): void {
  if (CHAR_AWARE.has(name.toLowerCase())) return;
  bound.given.forEach((g, i) => {
    const to = bound.args[i]?.type;
    if (g.type.kind === 'char' && to?.kind === 'varchar')
      throw t.fail(node, `${name} of a char(${g.type.length}) value: Athena's Trino does not convert char to varchar for a function argument (it keeps the padding or does not resolve ${name}); not supported here, cast it to varchar first: ${name}(CAST(x AS varchar))`);
  });
}

function paramsFor(signature: Signature, count: number): SigType[] | undefined {
  const p = signature.params;
  if (!signature.variadic) return count === p.length ? p : undefined;
  if (count < p.length - 1) return undefined;
  return [...p.slice(0, -1), ...Array.from({ length: count - p.length + 1 }, () => p[p.length - 1]!)];
}

function tryBind(t: Translator, signature: Signature, args: Arg[], scope: Scope): Bound | undefined {
  const params = paramsFor(signature, args.length);
  if (!params) return undefined;
  // lambdas and function parameters must line up
  for (let i = 0; i < args.length; i++) {
    const isLambda = 'kind' in args[i]! && (args[i] as LambdaArg).kind === 'lambda';
    if (isLambda !== (params[i]!.kind === 'function')) return undefined;
  }
  const found = new Map<string, SqlType[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if ('kind' in a && a.kind === 'lambda') continue;
    if (!collect(params[i]!, (a as Typed).type, found)) return undefined;
  }
  const bindings: Bindings = new Map();
  for (const [v, types] of found) {
    const u = commonSuperTypeOf(types);
    if (!u) return undefined;
    bindings.set(v, u);
  }
  // lambdas, in order: their parameters from what is bound, their result binds or converts
  const lambdaTyped = new Map<number, Typed>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const param = params[i]!;
    if (!('kind' in a && a.kind === 'lambda') || param.kind !== 'function') continue;
    if (a.params.length !== param.params.length) return undefined;
    const types = param.params.map((p) => instantiate(p, bindings) ?? T.unknown);
    let body = lambda(t, a, types, scope);
    const r = param.result;
    if (r.kind === 'var') {
      const boundType = bindings.get(r.name);
      if (boundType) {
        if (!canCoerce(body.type, boundType)) return undefined;
        body = lambda(t, a, types, scope, boundType);
      } else bindings.set(r.name, body.type);
    } else {
      const want = instantiate(r, bindings);
      if (want && want.kind !== 'unknown') {
        if (!canCoerce(body.type, want)) return undefined;
        body = lambda(t, a, types, scope, want);
      }
    }
    lambdaTyped.set(i, body);
  }
  const out: Typed[] = [];
  const given: Typed[] = [];
  for (let i = 0; i < args.length; i++) {
    const lt = lambdaTyped.get(i);
    if (lt) {
      out.push(lt);
      given.push(lt);
      continue;
    }
    const a = args[i] as Typed;
    const want = instantiate(params[i]!, bindings, a.type);
    if (!want) return undefined;
    if (!canCoerce(a.type, want)) return undefined;
    given.push(a);
    out.push(t.coerce(a, want));
  }
  const returns = resultType(signature.result, bindings, out);
  return { signature, args: out, given, returns };
}

/** The result type: variables bound, a family (`varchar`, `decimal`…) from the first argument of that family. */
function resultType(result: SigType, bindings: Bindings, args: Typed[]): SqlType {
  if (result.kind === 'family' && result.family === 'varchar') return T.varchar;
  if (result.kind === 'family') {
    const first = args.find((a) => instantiate(result, bindings, a.type) !== undefined && a.type.kind !== 'unknown');
    if (first) return instantiate(result, bindings, first.type)!;
    return result.family === 'varchar' ? T.varchar : result.family === 'timestamptz' ? T.timestamptz(3, 'UTC') : result.family === 'timestamp' ? T.timestamp(3) : T.unknown;
  }
  return instantiate(result, bindings) ?? T.unknown;
}

/** `lambda p1, p2: body` with its parameters typed; the body converted to `resultType` when given. */
export function lambda(t: Translator, l: LambdaArg, types: SqlType[], scope: Scope, resultType?: SqlType): Typed {
  // a lambda is translated once per parameter types (a call tries its signatures in turn); its result converted after
  const key = `${t.lambdaDepth}|${types.map(trinoTypeName).join(',')}`;
  let cache = lambdaCache.get(l);
  if (!cache) lambdaCache.set(l, (cache = new Map()));
  let plain = cache.get(key);
  if (!plain) {
    t.lambdaDepth++;
    try {
      const names = l.params.map((_, i) => `_l${t.lambdaDepth}_${i + 1}`);
      const lambdas = new Map<string, Typed>();
      l.params.forEach((p, i) => lambdas.set(p, { sql: names[i]!, type: types[i]!, at: l.at, atom: true }));
      const inner: Scope = { relations: [], parent: scope, lambdas };
      plain = lambdaOf(names, expr(t, l.body, inner), l.at);
    } finally {
      t.lambdaDepth--;
    }
    cache.set(key, plain);
  }
  return resultType ? lambdaOf(plain.lambda!.params, t.coerce(plain.lambda!.typed!, resultType), l.at) : plain;
}

const lambdaCache = new WeakMap<LambdaArg, Map<string, Typed>>();

function lambdaOf(names: string[], body: Typed, at: number): Typed {
  return { sql: sql`lambda ${names.join(', ')}: ${body.sql}`, type: body.type, at, atom: true, lambda: { params: names, body: body.sql, typed: body } };
}

function ifForm(t: Translator, node: P.FunctionCallContext, scope: Scope): Typed {
  const pos = offsetOf(node);
  const args = node.expression();
  if (args.length < 2 || args.length > 3) throw t.fail(node, `Unexpected parameters for function if: it takes 2 or 3 arguments`);
  const cond = boolean(t, expr(t, args[0]!, scope), args[0]!);
  const branches = args.slice(1).map((a) => expr(t, a, scope));
  const u = t.unify(branches, 'IF branches', node);
  return {
    sql: at(pos, sql`CASE WHEN ${cond.sql} THEN ${u.items[0]!.sql}${u.items[1] ? sql` ELSE ${u.items[1].sql}` : ''} END`),
    type: u.type,
    at: pos,
    atom: true,
  };
}

/** JSON special syntax (json_exists, json_value, json_query, json_object, json_array): functions/json.ts. */
function specialForm(t: Translator, node: ParserRuleContext, scope: Scope): Typed {
  const handler = JSON_SPECIAL_FORMS.get(node.constructor as new (...a: never[]) => ParserRuleContext);
  if (!handler) throw t.unsupported(node, node.getText().slice(0, 30));
  return handler(t, node, scope);
}

/**
 * Trino's StatementAnalyzer.analyzeWindowFunctions: lag and lead need the window's ORDER BY ("%s function requires
 * an ORDER BY window clause", at the window) and take no frame ("Cannot specify window frame for %s function", at
 * the frame; the name as QualifiedName prints it, lower-cased) — the window as the WINDOW clause's definitions it
 * names make it. DuckDB would answer both.
 */
function leadLagWindow(t: Translator, over: P.OverContext, name: string): void {
  const definitions = new Map<string, P.WindowSpecificationContext>();
  for (let p: ParserRuleContext | null = over.parent; p; p = p.parent) {
    if (p instanceof P.QuerySpecificationContext) {
      for (const w of p.windowDefinition()) definitions.set(t.identifier(w._name!), w.windowSpecification());
      break;
    }
  }
  let ordered = false;
  let frame: P.WindowFrameContext | null = null;
  let spec = over.windowSpecification();
  let referenced = over._windowName ? t.identifier(over._windowName) : undefined;
  const at: ParserRuleContext = spec ?? over;
  for (let depth = 0; depth < 32; depth++) {
    if (spec) {
      ordered ||= spec.sortItem().length > 0;
      frame ??= spec.windowFrame();
      referenced = spec._existingWindowName ? t.identifier(spec._existingWindowName) : undefined;
    }
    if (referenced === undefined) break;
    spec = definitions.get(referenced) ?? null;
    if (!spec) break;
  }
  if (!ordered) throw t.fail(at, `${name} function requires an ORDER BY window clause`);
  if (frame) throw t.fail(frame, `Cannot specify window frame for ${name} function`);
}
