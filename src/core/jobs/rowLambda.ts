/**
 * A Python function of one DynamicFrame record — the lambda Glue Studio generates for a Filter node
 * (`lambda row: (not(row["shareWithResearchAsOfDate"] == 0))`, `lambda row: (bool(re.match("student",
 * row["shortname"])))`) or a small `def` (returns, if/elif/else, local assignments) — as a RowExpr (expr.ts), without
 * running it. Parts that do not read the record are computed once from the script's values (`THRESHOLD * 2`); the
 * variables they read are reported, since Spark calls the function later with their values at that time.
 */
import { isExtra } from './extras';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { LakehouseError } from '../errors';
import { excerpt } from './callArgs';
import { ROW_BUILTINS, ROW_STR_METHODS, type CompareOp, type Pos, type RowBuiltin, type RowExpr, type RowStrMethod } from './expr';
import { RegexError, pythonRegexToRe2 } from './pyregex';
import { describe, toConst, type PyValue, type Scope } from './values';

export interface RowHost {
  pos(n: SyntaxNode): Pos;
  unsupported(n: SyntaxNode, construct: string, why: string, hint?: string): LakehouseError;
  invalid(n: SyntaxNode, message: string): LakehouseError;
  eval(n: SyntaxNode, scope: Scope): PyValue;
}

interface Env {
  /** the record parameter */
  row: string;
  /** local names bound to expressions (def bodies, inlined calls) */
  locals: Map<string, RowExpr>;
  closure: Scope;
  /** the function's name, for messages */
  fn: string;
}

const HINT = 'write the condition with comparisons, and/or/not, in, is None, arithmetic, len/int/float/str and str methods, or use an SQL Query node';

export function rowPredicate(host: RowHost, f: Extract<PyValue, { t: 'func' }>, construct: string): { expr: RowExpr; free: { name: string; scope: Scope }[] } {
  const t = new Translator(host, construct);
  const expr = t.function(f, undefined);
  return { expr, free: t.free };
}

/** A Map function (`Map.apply(frame=…, f=fn)`): the record's fields set or deleted, in the order Python leaves them. */
export interface RowMapping {
  /** every statement's expression and every deleted key read: the record is dropped where one raises */
  check: RowExpr;
  /** the keys the function sets (value) or deletes (null), in the order first set */
  /** `readded`: deleted, then set again (it goes last) */
  fields: { name: string; value: RowExpr | null; pos: Pos; readded?: true }[];
}

/**
 * A `def f(rec):` given to Map.apply, whose body sets and deletes the record's keys and returns it:
 * `rec["k"] = <expression>`, `del rec["k"]`, assignments to local variables, `return rec` last. Each expression
 * reads the record as the statements before it left it. Glue's Map (aws-glue-libs awsglue/dynamicframe.py `map`)
 * makes a record whose function raises, or returns a falsy value, an error record: it is not in the output.
 */
export function rowMapping(host: RowHost, f: Extract<PyValue, { t: 'func' }>, construct: string): RowMapping & { free: { name: string; scope: Scope }[] } {
  const t = new Translator(host, construct);
  return { ...t.mapping(f), free: t.free };
}

/** A RowExpr with the record's keys read as the statements before it left them. */
function asLeftBy(e: RowExpr, state: Map<string, RowExpr | null>): RowExpr {
  const walk = (x: RowExpr): RowExpr => {
    if (x.k === 'seq') return x; // already resolved when it was written
    if (x.k === 'field' || x.k === 'get') {
      const top = x.path[0]!;
      if (state.has(top)) {
        const v = state.get(top)!;
        if (x.path.length > 1) throw new MappingRefusal(x.pos, `${x.pos.text}`, 'a field of a key the function set or deleted is not translated');
        if (v === null) return x.k === 'get' ? walk(x.dflt) : { pos: x.pos, k: 'raise', error: `KeyError: '${top}'` };
        return v;
      }
      return x.k === 'get' ? { ...x, dflt: walk(x.dflt) } : x;
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(x)) {
      if (Array.isArray(v)) out[key] = v.map((y: unknown) => (isRowExpr(y) ? walk(y) : y));
      else out[key] = isRowExpr(v) ? walk(v) : v;
    }
    return out as RowExpr;
  };
  return { pos: e.pos, k: 'seq', items: [], result: walk(e) };
}

function isRowExpr(x: unknown): x is RowExpr {
  return typeof x === 'object' && x !== null && typeof (x as { k?: unknown }).k === 'string' && 'pos' in x;
}

class MappingRefusal extends Error {
  constructor(
    readonly pos: Pos,
    readonly what: string,
    readonly why: string,
  ) {
    super(why);
  }
}

class Translator {
  readonly free: { name: string; scope: Scope }[] = [];
  private depth = 0;

  constructor(
    private readonly host: RowHost,
    private readonly construct: string,
  ) {}

  private refuse(n: SyntaxNode, what: string, why: string, hint = HINT): LakehouseError {
    return this.host.unsupported(n, `${what} in the function given to ${this.construct}`, why, hint);
  }

  /** The function's body with its first parameter bound to the record (`arg`: an inlined call's argument). */
  function(f: Extract<PyValue, { t: 'func' }>, args: (RowExpr | 'record')[] | undefined): RowExpr {
    if (++this.depth > 16) throw this.refuse(f.node, `the call of ${f.name}()`, 'calls nest too deep (recursion)');
    try {
      const params = (f.node.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => !isExtra(p));
      const env: Env = { row: '', locals: new Map(), closure: f.closure, fn: f.name };
      let position = 0;
      for (const p of params) {
        if (p.type === 'identifier' || p.type === 'typed_parameter') {
          const name = p.type === 'identifier' ? p.text : p.namedChildren[0]!.text;
          if (args === undefined) {
            if (position > 0) throw this.refuse(p, `the parameter ${name}`, 'a record function takes the record as its only parameter (others need default values)');
            env.row = name;
          } else {
            const a = args[position];
            if (a === undefined) throw this.host.invalid(p, `${f.name}() needs the argument ${name}`);
            if (a === 'record') env.row = name;
            else env.locals.set(name, a);
          }
          position++;
        } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
          const name = p.childForFieldName('name')!.text;
          const a = args?.[position];
          if (a === 'record') env.row = name;
          else if (a !== undefined) env.locals.set(name, a);
          else env.locals.set(name, this.constant(p, f.defaults.get(name)!, name));
          position++;
        } else throw this.refuse(p, `the parameter ${p.text}`, 'only plain parameters are translated');
      }
      if (args === undefined && env.row === '') throw this.host.invalid(f.node, `the function given to ${this.construct} must take the record as its parameter`);
      const body = f.node.childForFieldName('body')!;
      if (f.node.type === 'lambda') return this.expr(body, env);
      const none = (): RowExpr => ({ pos: this.host.pos(body), k: 'const', value: { py: 'none' } });
      return this.block(body.namedChildren.filter((s) => !isExtra(s)), env, none);
    } finally {
      this.depth--;
    }
  }

  /** A Map function: see rowMapping. */
  mapping(f: Extract<PyValue, { t: 'func' }>): RowMapping {
    if (f.node.type === 'lambda') throw this.refuse(f.node, 'a lambda', 'a Map function sets and deletes the record\'s keys: write a def', 'def f(rec): rec["k"] = …; return rec');
    const params = (f.node.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => !isExtra(p));
    if (params.length !== 1 || params[0]!.type !== 'identifier') throw this.refuse(f.node, `the parameters of ${f.name}`, 'a Map function takes the record as its only parameter');
    let env: Env = { row: params[0]!.text, locals: new Map(), closure: f.closure, fn: f.name };
    const state = new Map<string, RowExpr | null>();
    const order: { name: string; pos: Pos; readded?: true }[] = [];
    const readded = new Set<string>();
    const items: RowExpr[] = [];
    const HINT_MAP = 'a Map function is translated when it sets keys (rec["k"] = …), deletes them (del rec["k"]) and ends with return rec; or use DataFrame code (withColumn, drop)';
    const key = (n: SyntaxNode): string | undefined => {
      // rec.k: DynamicRecord's __getattr__/__setattr__ read and set the key k (awsglue/gluetypes.py)
      if (n.type === 'attribute' && n.childForFieldName('object')?.type === 'identifier' && n.childForFieldName('object')!.text === env.row) return n.childForFieldName('attribute')!.text;
      if (n.type !== 'subscript') return undefined;
      const obj = n.childForFieldName('value')!;
      if (obj.type !== 'identifier' || obj.text !== env.row) return undefined;
      const sub = n.childForFieldName('subscript')!;
      if (this.readsRow(sub, env)) throw this.refuse(sub, `the key ${excerpt(sub)}`, 'a key must be known when the script is read', HINT_MAP);
      const k = this.evalOnce(sub, env);
      if (k.t !== 'str') throw this.refuse(sub, `the key ${excerpt(sub)}`, 'a record\'s keys are strings', HINT_MAP);
      return k.v;
    };
    const resolved = (n: SyntaxNode): RowExpr => {
      try {
        return asLeftBy(this.expr(n, env), state);
      } catch (e) {
        if (e instanceof MappingRefusal) throw this.refuse(n, e.what, e.why, HINT_MAP);
        throw e;
      }
    };
    const stmts = f.node.childForFieldName('body')!.namedChildren.filter((x) => !isExtra(x));
    for (const [i, st] of stmts.entries()) {
      const last = i === stmts.length - 1;
      if (st.type === 'pass_statement') continue;
      if (st.type === 'expression_statement' && st.namedChildren[0]!.type === 'string' && i === 0) continue; // docstring
      if (st.type === 'return_statement') {
        const e = st.namedChildren.find((c) => !isExtra(c));
        if (!last || e === undefined || e.type !== 'identifier' || e.text !== env.row) throw this.refuse(st, excerpt(st), `the function must end with return ${env.row}`, HINT_MAP);
        const fields = order.map((o) => ({ name: o.name, value: state.get(o.name)!, pos: o.pos, ...(o.readded ? { readded: true as const } : {}) }));
        return { check: { pos: this.host.pos(f.node), k: 'seq', items, result: { pos: this.host.pos(st), k: 'const', value: { py: 'bool', v: true } } }, fields };
      }
      if (st.type === 'delete_statement') {
        const targets = st.namedChildren.filter((c) => !isExtra(c)).flatMap((c) => (c.type === 'expression_list' ? c.namedChildren : [c]));
        for (const t of targets) {
          const k = key(t);
          if (k === undefined) throw this.refuse(t, `del ${excerpt(t)}`, 'only the record\'s keys are deleted here', HINT_MAP);
          // del of a key the record lacks raises KeyError: reading it raises exactly then
          items.push(asLeftBy({ pos: this.host.pos(t), k: 'field', path: [k] }, state));
          if (!order.some((o) => o.name === k)) order.push({ name: k, pos: this.host.pos(t) });
          state.set(k, null);
        }
        continue;
      }
      if (st.type === 'expression_statement' && st.namedChildren[0]!.type === 'assignment') {
        const a = st.namedChildren[0]!;
        const left = a.childForFieldName('left')!;
        const right = a.childForFieldName('right');
        if (right === null || a.childForFieldName('type') !== null) throw this.refuse(st, excerpt(st), 'it is not translated', HINT_MAP);
        if (left.type === 'identifier' && left.text !== env.row) {
          const v = resolved(right);
          const locals = new Map(env.locals);
          locals.set(left.text, v);
          env = { ...env, locals };
          continue;
        }
        const k = key(left);
        if (k === undefined) throw this.refuse(left, `the assignment to ${excerpt(left)}`, 'only the record\'s keys and local variables are assigned here', HINT_MAP);
        const v = resolved(right);
        items.push(v);
        const at = order.findIndex((o) => o.name === k);
        // a key set again after del goes last, as in a Python dict
        if (at >= 0 && state.get(k) === null) order.splice(at, 1);
        if (at < 0 || state.get(k) === null) order.push({ name: k, pos: this.host.pos(left), ...(at >= 0 || readded.has(k) ? { readded: true as const } : {}) });
        if (at >= 0 && state.get(k) === null) readded.add(k);
        state.set(k, v);
        continue;
      }
      throw this.refuse(st, excerpt(st), 'it is not translated', HINT_MAP);
    }
    throw this.refuse(f.node, `${f.name}`, `the function does not end with return ${env.row} (Glue makes a record for which it returns None an error record: every record would be dropped)`, HINT_MAP);
  }

  /**
   * A def body as the expression it returns; `rest` gives what follows when it falls off the end (None at the end of
   * the function; the statements after an if statement for its branches), with the variables assigned on that path.
   */
  private block(stmts: SyntaxNode[], env: Env, rest: (env: Env) => RowExpr): RowExpr {
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i]!;
      switch (s.type) {
        case 'return_statement': {
          const e = s.namedChildren.find((c) => !isExtra(c));
          return e === undefined ? { pos: this.host.pos(s), k: 'const', value: { py: 'none' } } : this.expr(e, env);
        }
        case 'pass_statement':
          continue;
        case 'expression_statement': {
          const e = s.namedChildren[0]!;
          if (e.type === 'string') continue; // docstring
          if (e.type === 'assignment' && e.childForFieldName('left')!.type === 'identifier' && e.childForFieldName('right') !== null) {
            const locals = new Map(env.locals);
            locals.set(e.childForFieldName('left')!.text, this.expr(e.childForFieldName('right')!, env));
            env = { ...env, locals };
            continue;
          }
          throw this.refuse(s, excerpt(s), 'only assignments to a variable, if statements and return are translated in a record function');
        }
        case 'if_statement': {
          const after = stmts.slice(i + 1);
          return this.ifChain(s, env, (e) => this.block(after, e, rest));
        }
        default:
          throw this.refuse(s, excerpt(s), 'only assignments to a variable, if statements and return are translated in a record function');
      }
    }
    return rest(env);
  }

  private ifChain(s: SyntaxNode, env: Env, rest: (env: Env) => RowExpr): RowExpr {
    const branches: { cond?: SyntaxNode; body: SyntaxNode }[] = [{ cond: s.childForFieldName('condition')!, body: s.childForFieldName('consequence')! }];
    for (const c of s.namedChildren) {
      if (c.type === 'elif_clause') branches.push({ cond: c.childForFieldName('condition')!, body: c.childForFieldName('consequence')! });
      else if (c.type === 'else_clause') branches.push({ body: c.childForFieldName('body')! });
    }
    const build = (k: number): RowExpr => {
      const b = branches[k];
      if (b === undefined) return rest(env);
      const body = this.block(b.body.namedChildren.filter((x) => !isExtra(x)), env, rest);
      if (b.cond === undefined) return body;
      return { pos: this.host.pos(b.cond), k: 'cond', test: this.expr(b.cond, env), then: body, else: build(k + 1) };
    };
    return build(0);
  }

  private constant(n: SyntaxNode, v: PyValue, what: string): RowExpr {
    const c = toConst(v);
    if (c === undefined) throw this.refuse(n, what, `${describe(v)} is not a value the translated function can use`);
    return { pos: this.host.pos(n), k: 'const', value: c };
  }

  /** Whether an expression reads the record or a local: otherwise it is computed once, from the script's values. */
  private readsRow(n: SyntaxNode, env: Env): boolean {
    if (n.type === 'identifier') return n.text === env.row || env.locals.has(n.text);
    if (n.type === 'call' || n.type === 'lambda' || n.type.endsWith('comprehension')) return true;
    return n.namedChildren.some((c) => this.readsRow(c, env));
  }

  private fold(n: SyntaxNode, env: Env): RowExpr {
    return this.constant(n, this.evalOnce(n, env), excerpt(n));
  }

  /** Evaluates an expression that does not read the record, noting the script's variables it reads (late binding). */
  private evalOnce(n: SyntaxNode, env: Env): PyValue {
    const ids = n.type === 'identifier' ? [n] : n.descendantsOfType('identifier');
    for (const id of ids) {
      const parent = id.parent;
      if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) continue;
      if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) continue;
      const found = env.closure.lookup(id.text);
      if (found !== undefined && !this.free.some((f) => f.name === id.text && f.scope === found.scope)) this.free.push({ name: id.text, scope: found.scope });
    }
    return this.host.eval(n, env.closure);
  }

  expr(n: SyntaxNode, env: Env): RowExpr {
    const pos = this.host.pos(n);
    if (!this.readsRow(n, env) && n.type !== 'identifier') return this.fold(n, env);
    switch (n.type) {
      case 'identifier': {
        const local = env.locals.get(n.text);
        if (local !== undefined) return local;
        if (n.text === env.row) throw this.refuse(n, `the record ${n.text} itself`, 'the record is read through its fields: row["field"]');
        return this.fold(n, env);
      }
      case 'parenthesized_expression': {
        const inner = n.namedChildren.filter((c) => !isExtra(c));
        if (inner.length !== 1) throw this.refuse(n, excerpt(n), 'it is not translated');
        return this.expr(inner[0]!, env);
      }
      case 'subscript': {
        const path = this.fieldPath(n, env);
        if (path !== undefined) return { pos, k: 'field', path };
        const obj = this.expr(n.childForFieldName('value')!, env);
        const sub = n.childForFieldName('subscript')!;
        if (sub.type === 'slice') {
          const parts: (RowExpr | undefined)[] = [undefined, undefined, undefined];
          let k = 0;
          for (let i = 0; i < sub.childCount; i++) {
            const c = sub.child(i)!;
            if (c.type === ':') k++;
            else if (c.isNamed) parts[k] = this.expr(c, env);
          }
          return { pos, k: 'slice', obj, ...(parts[0] ? { start: parts[0] } : {}), ...(parts[1] ? { stop: parts[1] } : {}), ...(parts[2] ? { step: parts[2] } : {}) };
        }
        return { pos, k: 'index', obj, index: this.expr(sub, env) };
      }
      case 'attribute': {
        const path = this.fieldPath(n, env);
        if (path !== undefined) return { pos, k: 'field', path };
        throw this.refuse(n, excerpt(n), 'attributes other than the record\'s fields are not translated');
      }
      case 'comparison_operator': {
        const operands = n.namedChildren.filter((c) => !isExtra(c)).map((c) => this.expr(c, env));
        const ops: CompareOp[] = [];
        for (let i = 0; i < n.childCount; i++) if (n.fieldNameForChild(i) === 'operators') ops.push(n.child(i)!.text.replace(/\s+/g, ' ') as CompareOp);
        return { pos, k: 'compare', ops, operands };
      }
      case 'boolean_operator': {
        const op = n.childForFieldName('operator')!.text as 'and' | 'or';
        return { pos, k: op, left: this.expr(n.childForFieldName('left')!, env), right: this.expr(n.childForFieldName('right')!, env) };
      }
      case 'not_operator':
        return { pos, k: 'not', arg: this.expr(n.childForFieldName('argument')!, env) };
      case 'binary_operator': {
        const op = n.childForFieldName('operator')!.text;
        if (!['+', '-', '*', '/', '//', '%', '**'].includes(op)) throw this.refuse(n, `the operator ${op}`, 'bitwise operators are not translated');
        return { pos, k: 'arith', op: op as '+', left: this.expr(n.childForFieldName('left')!, env), right: this.expr(n.childForFieldName('right')!, env) };
      }
      case 'unary_operator': {
        const op = n.childForFieldName('operator')!.text;
        if (op !== '-' && op !== '+') throw this.refuse(n, `the operator ${op}`, 'it is not translated');
        return { pos, k: op === '-' ? 'neg' : 'pos', arg: this.expr(n.childForFieldName('argument')!, env) };
      }
      case 'conditional_expression': {
        const [body, cond, orelse] = n.namedChildren.filter((c) => !isExtra(c)) as [SyntaxNode, SyntaxNode, SyntaxNode];
        return { pos, k: 'cond', test: this.expr(cond, env), then: this.expr(body, env), else: this.expr(orelse, env) };
      }
      case 'call':
        return this.call(n, env);
      case 'string':
        if (n.namedChildren.some((c) => c.type === 'interpolation')) throw this.refuse(n, `the f-string ${excerpt(n)}`, 'f-strings of record values are not translated', 'concatenate with + and str()');
        return this.fold(n, env);
      default:
        throw this.refuse(n, excerpt(n), `${n.type.replace(/_/g, ' ')} is not translated`);
    }
  }

  /** `row["a"]["b"]` / `row.a.b` → ["a", "b"]; undefined when the expression is not a path from the record. */
  private fieldPath(n: SyntaxNode, env: Env): string[] | undefined {
    if (n.type === 'identifier') return n.text === env.row ? [] : undefined;
    if (n.type === 'parenthesized_expression' && n.namedChildren.length === 1) return this.fieldPath(n.namedChildren[0]!, env);
    if (n.type === 'subscript') {
      const base = this.fieldPath(n.childForFieldName('value')!, env);
      if (base === undefined) return undefined;
      const sub = n.childForFieldName('subscript')!;
      if (sub.type === 'slice') return undefined;
      // a parameter bound to a string when the script is read (`lambda row, key=key: row[key]`, the form the late-
      // binding refusal asks for, or an inlined call's literal argument) names the field as the literal does
      const bound = sub.type === 'identifier' ? env.locals.get(sub.text) : undefined;
      if (bound?.k === 'const' && bound.value.py === 'str') return [...base, bound.value.v];
      if (this.readsRow(sub, env)) {
        if (base.length === 0) throw this.refuse(sub, `the key ${excerpt(sub)}`, 'a field name must be known when the script is read');
        return undefined; // an index computed from the record: indexing the field's value
      }
      const key = this.evalOnce(sub, env);
      if (key.t !== 'str') {
        if (base.length === 0) throw this.refuse(sub, `the key ${excerpt(sub)}`, `a record's fields are named by strings, not ${describe(key)}`);
        return undefined; // `row["s"][0]`: indexing the field's value
      }
      return [...base, key.v];
    }
    if (n.type === 'attribute') {
      const base = this.fieldPath(n.childForFieldName('object')!, env);
      if (base === undefined) return undefined;
      return [...base, n.childForFieldName('attribute')!.text];
    }
    return undefined;
  }

  private call(n: SyntaxNode, env: Env): RowExpr {
    const pos = this.host.pos(n);
    const fn = n.childForFieldName('function')!;
    const argList = n.childForFieldName('arguments')!;
    const argNodes = argList.namedChildren.filter((c) => !isExtra(c));
    if (argNodes.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) throw this.refuse(n, excerpt(n), 'unpacked arguments are not translated');
    const positional = argNodes.filter((a) => a.type !== 'keyword_argument');
    const keywords = new Map(argNodes.filter((a) => a.type === 'keyword_argument').map((a) => [a.childForFieldName('name')!.text, a.childForFieldName('value')!] as const));
    // row.get("a") / row.get("a", default)
    if (fn.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'get') {
      const path = this.fieldPath(fn.childForFieldName('object')!, env);
      if (path !== undefined) {
        const key = positional[0];
        if (key === undefined || this.readsRow(key, env)) throw this.refuse(n, excerpt(n), 'get() needs a field name known when the script is read');
        const k = this.evalOnce(key, env);
        if (k.t !== 'str') throw this.refuse(key, `the key ${excerpt(key)}`, `a record's fields are named by strings, not ${describe(k)}`);
        const dflt = positional[1] !== undefined ? this.expr(positional[1], env) : { pos, k: 'const' as const, value: { py: 'none' as const } };
        return { pos, k: 'get', path: [...path, k.v], dflt };
      }
    }
    // str methods
    if (fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')!.text;
      const objNode = fn.childForFieldName('object')!;
      if (objNode.type === 'identifier' && !this.readsRow(objNode, env)) {
        const mod = env.closure.lookup(objNode.text)?.value;
        if (mod?.t === 'module' && mod.name === 're') return this.regex(n, method, positional, keywords, env);
      }
      if (!(ROW_STR_METHODS as readonly string[]).includes(method)) throw this.refuse(n, `the method ${method}()`, 'this method is not translated');
      if (keywords.size > 0) throw this.refuse(n, excerpt(n), 'keyword arguments of str methods are not translated');
      return { pos, k: 'method', name: method as RowStrMethod, obj: this.expr(objNode, env), args: positional.map((a) => this.expr(a, env)) };
    }
    if (fn.type !== 'identifier') throw this.refuse(n, excerpt(n), 'this call is not translated');
    const name = fn.text;
    const bound = env.locals.get(name) === undefined ? env.closure.lookup(name)?.value : undefined;
    if (bound?.t === 'func') {
      if (keywords.size > 0) throw this.refuse(n, excerpt(n), 'keyword arguments of inlined functions are not translated');
      return this.function(bound, positional.map((a) => (a.type === 'identifier' && a.text === env.row ? 'record' : this.expr(a, env))));
    }
    if (bound !== undefined && bound.t !== 'builtin') throw this.refuse(n, `${name}()`, `${describe(bound)} is not a function the translation knows`);
    if (bound?.t === 'builtin' && bound.name.startsWith('re.')) return this.regex(n, bound.name.slice(3), positional, keywords, env);
    if (!(ROW_BUILTINS as readonly string[]).includes(name)) throw this.refuse(n, `${name}()`, 'this function is not translated');
    if (keywords.size > 0) throw this.refuse(n, excerpt(n), 'keyword arguments are not translated');
    return { pos, k: 'call', fn: name as RowBuiltin, args: positional.map((a) => this.expr(a, env)) };
  }

  private regex(n: SyntaxNode, method: string, positional: SyntaxNode[], keywords: Map<string, SyntaxNode>, env: Env): RowExpr {
    if (method !== 'match' && method !== 'search' && method !== 'fullmatch') throw this.refuse(n, `re.${method}()`, 'only re.match, re.search and re.fullmatch are translated');
    const [patNode, argNode, flagsNode] = positional;
    const flagsArg = flagsNode ?? keywords.get('flags');
    if (patNode === undefined || argNode === undefined) throw this.host.invalid(n, `re.${method}() needs a pattern and a string`);
    if (this.readsRow(patNode, env)) throw this.refuse(patNode, 'a pattern made from the record', 'the pattern must be known when the script is read');
    const pat = this.evalOnce(patNode, env);
    if (pat.t !== 'str') throw this.refuse(patNode, `the pattern ${excerpt(patNode)}`, `expected a string, not ${describe(pat)}`);
    let ignoreCase = false;
    if (flagsArg !== undefined) {
      const f = this.evalOnce(flagsArg, env);
      if (f.t !== 'int' || (f.v !== 0 && f.v !== 2)) throw this.refuse(flagsArg, `re.${method}() flags`, 'only re.IGNORECASE is translated');
      ignoreCase = f.v === 2;
    }
    try {
      pythonRegexToRe2(pat.v);
    } catch (e) {
      if (e instanceof RegexError) throw this.refuse(patNode, `the pattern ${JSON.stringify(pat.v)}`, e.message, 'write a pattern RE2 supports');
      throw e;
    }
    return { pos: this.host.pos(n), k: 're', fn: method, pattern: pat.v, ignoreCase, arg: this.expr(argNode, env) };
  }
}

