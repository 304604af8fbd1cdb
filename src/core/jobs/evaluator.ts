/**
 * Evaluates Python expressions without running Python: literals, names, f-strings, operators, comprehensions,
 * subscripts, attribute look-ups and calls. Calls of Glue, Spark and Python are looked up in the vocabulary tables
 * (vocabulary/*.ts); calls of the functions a script defines run their body through the statement walker
 * (interpreter.ts). A value known only when the job runs stays symbolic (a count, a frame's field names) or is
 * refused, naming the construct.
 */
import { isExtra } from './extras';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { type LakehouseError } from '../errors';
import { excerpt, type Arg, type CallArgs } from './callArgs';
import { binop, compare, constIndex, fromParts, joinParts, textParts } from './pyops';
import { NONE, Scope, describe, iterate, pendingFrame, str, truthy, type PyValue } from './values';
import { columnBinop, columnUnary } from './vocabulary/columns';
import { attribute, callBuiltin, moduleMember, resolveGlobal } from './vocabulary/modules';
import { GENERATED_HELPERS } from './generatedCode';
import { PlanBuilder } from './planBuilder';
import { callExpr } from './evalCalls';
import { NeedsNames, fieldNamesComprehension } from './fieldNames';
import { stringLiteral } from './pyStrings';

/**
 * The keys getResolvedOptions' dict has besides the options asked for: the destinations of the reserved arguments it
 * declares (awsglue/utils.py, awsglue/job.py in awslabs/aws-glue-libs @0af215e71bba01eaa331b93d19f8d9090db06cb3;
 * continuation_option is popped).
 */
const RESOLVED_OPTION_KEYS = ['job_bookmark_option', 'job_bookmark_from', 'job_bookmark_to', 'JOB_ID', 'JOB_RUN_ID', 'SECURITY_CONFIGURATION', 'encryption_type', 'enable_data_lineage', 'RedshiftTempDir', 'TempDir'];

const MAX_DEPTH = 64;

/**
 * The names of Python 3.11's builtins module (`dir(builtins)`, a superset of Glue's Python 3.10): a name among them is
 * refused as not followed, never called a NameError.
 */
/**
 * The scope entry a `from pyspark.sql.functions import *` leaves (its line): not a Python identifier, so no script
 * name can clash with it.
 */
export const STAR_FUNCTIONS = '*pyspark.sql.functions';

const PYTHON_BUILTINS = new Set([
  'ArithmeticError', 'AssertionError', 'AttributeError', 'BaseException', 'BaseExceptionGroup', 'BlockingIOError',
  'BrokenPipeError', 'BufferError', 'BytesWarning', 'ChildProcessError', 'ConnectionAbortedError',
  'ConnectionError', 'ConnectionRefusedError', 'ConnectionResetError', 'DeprecationWarning', 'EOFError', 'Ellipsis',
  'EncodingWarning', 'EnvironmentError', 'Exception', 'ExceptionGroup', 'False', 'FileExistsError',
  'FileNotFoundError', 'FloatingPointError', 'FutureWarning', 'GeneratorExit', 'IOError', 'ImportError',
  'ImportWarning', 'IndentationError', 'IndexError', 'InterruptedError', 'IsADirectoryError', 'KeyError',
  'KeyboardInterrupt', 'LookupError', 'MemoryError', 'ModuleNotFoundError', 'NameError', 'None',
  'NotADirectoryError', 'NotImplemented', 'NotImplementedError', 'OSError', 'OverflowError',
  'PendingDeprecationWarning', 'PermissionError', 'ProcessLookupError', 'RecursionError', 'ReferenceError',
  'ResourceWarning', 'RuntimeError', 'RuntimeWarning', 'StopAsyncIteration', 'StopIteration', 'SyntaxError',
  'SyntaxWarning', 'SystemError', 'SystemExit', 'TabError', 'TimeoutError', 'True', 'TypeError',
  'UnboundLocalError', 'UnicodeDecodeError', 'UnicodeEncodeError', 'UnicodeError', 'UnicodeTranslateError',
  'UnicodeWarning', 'UserWarning', 'ValueError', 'Warning', 'ZeroDivisionError', 'abs', 'aiter', 'all', 'anext',
  'any', 'ascii', 'bin', 'bool', 'breakpoint', 'bytearray', 'bytes', 'callable', 'chr', 'classmethod', 'compile',
  'complex', 'copyright', 'credits', 'delattr', 'dict', 'dir', 'divmod', 'enumerate', 'eval', 'exec', 'exit',
  'filter', 'float', 'format', 'frozenset', 'getattr', 'globals', 'hasattr', 'hash', 'help', 'hex', 'id', 'input',
  'int', 'isinstance', 'issubclass', 'iter', 'len', 'license', 'list', 'locals', 'map', 'max', 'memoryview', 'min',
  'next', 'object', 'oct', 'open', 'ord', 'pow', 'print', 'property', 'quit', 'range', 'repr', 'reversed', 'round',
  'set', 'setattr', 'slice', 'sorted', 'staticmethod', 'str', 'sum', 'super', 'tuple', 'type', 'vars', 'zip',
]);

export class Return {
  constructor(readonly value: PyValue) {}
}
export class Break {}
export class Continue {}

export abstract class Evaluator extends PlanBuilder {
  /** runs statements (a function's body) */
  protected abstract block(stmts: SyntaxNode[], scope: Scope): void;

  // ---------------------------------------------------------------- binding (assignments, loop and comprehension targets)

  /** Binds a target; `mark`: the node count when the statement began (nodes made since are named after the variable). */
  protected assign(left: SyntaxNode, value: PyValue, scope: Scope, line: number, mark?: number): void {
    switch (left.type) {
      case 'identifier': {
        if ((value.t === 'dyf' || value.t === 'df') && mark !== undefined && this.createdSince(value.id, mark)) this.nameNode(value.id, left.text, line);
        scope.set(left.text, value);
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list': {
        const targets = left.namedChildren.filter((c) => !isExtra(c));
        const items = iterate(value);
        if (items === undefined) throw this.unsupported(left, `unpacking ${describe(value)}`, 'its items are only known when the job runs', 'assign each value separately');
        if (items.length !== targets.length) throw this.unsupported(left, excerpt(left), `Python raises ValueError: ${items.length} values to unpack into ${targets.length}`, 'fix the script');
        targets.forEach((t, i) => this.assign(t, items[i]!, scope, line, mark));
        return;
      }
      case 'subscript': {
        const obj = this.eval(left.childForFieldName('value')!, scope);
        const key = this.eval(left.childForFieldName('subscript')!, scope);
        if (obj.t === 'dict') {
          const e = obj.entries.find(([k]) => compare(this, left, '==', k, key) === true);
          if (e) e[1] = value;
          else obj.entries.push([key, value]);
          return;
        }
        if (obj.t === 'list' && key.t === 'int') {
          const i = key.v < 0 ? obj.items.length + key.v : key.v;
          if (i < 0 || i >= obj.items.length) throw this.unsupported(left, excerpt(left), 'Python raises IndexError', 'fix the script');
          obj.items[i] = value;
          return;
        }
        throw this.unsupported(left, `the assignment to ${excerpt(left)}`, `${describe(obj)} cannot be changed here`, 'build a new value instead');
      }
      default:
        throw this.unsupported(left, `the assignment to ${excerpt(left)}`, 'only variables, tuples of variables and dict or list items are assigned', 'assign a variable');
    }
  }

  protected createdSince(id: string, mark: number): boolean {
    return Number(id.slice(1)) >= mark;
  }

  // ---------------------------------------------------------------- expressions

  eval(n: SyntaxNode, scope: Scope): PyValue {
    switch (n.type) {
      case 'integer': {
        const t = n.text.replace(/_/g, '').toLowerCase();
        const v = /^0[xob]/.test(t) ? Number(t) : Number(t.replace(/l$/, ''));
        if (!Number.isSafeInteger(v)) throw this.unsupported(n, excerpt(n), 'integers beyond 2^53 are not followed', 'write a smaller number');
        return { t: 'int', v };
      }
      case 'float':
        return { t: 'float', v: Number(n.text.replace(/_/g, '')) };
      case 'true':
        return { t: 'bool', v: true };
      case 'false':
        return { t: 'bool', v: false };
      case 'none':
        return NONE;
      case 'string':
        return stringLiteral(this, this.source, n, scope);
      case 'concatenated_string': {
        const parts = n.namedChildren.filter((c) => c.type === 'string').map((s) => stringLiteral(this, this.source, s, scope));
        const v = fromParts(joinParts(parts.map(textParts)), 'a string');
        return v.t === 'str' ? { ...v, line: this.where(n).line } : v;
      }
      case 'identifier':
        return this.lookup(n, scope);
      case 'parenthesized_expression': {
        const inner = n.namedChildren.filter((c) => !isExtra(c));
        if (inner.length !== 1) throw this.unsupported(n, excerpt(n), 'the local engine does not follow it', 'simplify it');
        return this.eval(inner[0]!, scope);
      }
      case 'attribute':
        return this.getAttr(this.eval(n.childForFieldName('object')!, scope), n.childForFieldName('attribute')!.text, n);
      case 'subscript':
        return this.subscript(n, scope);
      case 'call':
        return callExpr(this, n, scope);
      case 'list':
      case 'tuple':
      case 'set':
        return { t: n.type, items: this.items(n.namedChildren.filter((c) => !isExtra(c)), scope) };
      case 'expression_list':
        return { t: 'tuple', items: this.items(n.namedChildren.filter((c) => !isExtra(c)), scope) };
      case 'dictionary': {
        const entries: [PyValue, PyValue][] = [];
        for (const p of n.namedChildren) {
          if (p.type === 'pair') entries.push([this.eval(p.childForFieldName('key')!, scope), this.eval(p.childForFieldName('value')!, scope)]);
          else if (p.type === 'dictionary_splat') {
            const d = this.eval(p.namedChildren[0]!, scope);
            if (d.t !== 'dict') throw this.unsupported(p, excerpt(p), `it unpacks ${describe(d)}`, 'write the entries');
            entries.push(...d.entries);
          }
        }
        return { t: 'dict', entries };
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression': {
        // a list made from a frame's field names (`[f"a.{c}" for c in df.columns if c != "x"]`) stays symbolic
        const firstFor = n.namedChildren.find((c) => c.type === 'for_in_clause');
        const first = firstFor ? this.eval(firstFor.childForFieldName('right')!, scope) : undefined;
        if (first?.t === 'fieldNames' && n.type !== 'set_comprehension')
          try {
            return fieldNamesComprehension(this, n, first, scope);
          } catch (e) {
            if (!(e instanceof NeedsNames)) throw e;
            // the names themselves are needed: the run learns them and the script is read again (FieldsPending)
            this.fieldsNeeded(first.frame, n, excerpt(n));
            return { t: 'list', items: [] };
          }
        const pending = first !== undefined && iterate(first) === undefined ? this.pendingFrame(first) : undefined;
        if (pending !== undefined) {
          this.fieldsNeeded(pending, n, excerpt(n));
          return { t: n.type === 'set_comprehension' ? 'set' : 'list', items: [] };
        }
        return { t: n.type === 'set_comprehension' ? 'set' : 'list', items: this.comprehension(n, scope, (s) => [this.eval(n.childForFieldName('body')!, s)], first) };
      }
      case 'dictionary_comprehension': {
        const body = n.childForFieldName('body')!;
        const flat = this.comprehension(n, scope, (s) => [{ t: 'tuple', items: [this.eval(body.childForFieldName('key')!, s), this.eval(body.childForFieldName('value')!, s)] }]);
        return { t: 'dict', entries: flat.map((p) => (p as { items: PyValue[] }).items as [PyValue, PyValue]) };
      }
      case 'binary_operator': {
        const op = n.childForFieldName('operator')!.text;
        return this.binary(n, op, this.eval(n.childForFieldName('left')!, scope), this.eval(n.childForFieldName('right')!, scope));
      }
      case 'unary_operator': {
        const op = n.childForFieldName('operator')!.text;
        const v = this.eval(n.childForFieldName('argument')!, scope);
        if (v.t === 'column') return columnUnary(this, n, op, v);
        if (v.t === 'int' || v.t === 'float' || v.t === 'bool') {
          const x = v.t === 'bool' ? Number(v.v) : v.v;
          if (op === '-') return v.t === 'float' ? { t: 'float', v: -x } : { t: 'int', v: -x };
          if (op === '+') return v.t === 'float' ? v : { t: 'int', v: x };
          if (op === '~' && v.t !== 'float') return { t: 'int', v: ~x };
        }
        throw this.unsupported(n, excerpt(n), `the operator ${op} on ${describe(v)} is not followed`, 'compute the value in the script');
      }
      case 'not_operator': {
        const v = this.eval(n.childForFieldName('argument')!, scope);
        if (v.t === 'column') throw this.columnTruth(n);
        const t = truthy(v);
        if (t === undefined) throw this.unsupported(n, excerpt(n), `the truth of ${describe(v)} is only known when the job runs`, 'write the script without it');
        return { t: 'bool', v: !t };
      }
      case 'boolean_operator': {
        const op = n.childForFieldName('operator')!.text;
        const left = this.eval(n.childForFieldName('left')!, scope);
        if (left.t === 'column') throw this.columnTruth(n);
        const t = truthy(left);
        if (t === undefined) throw this.unsupported(n, excerpt(n), `the truth of ${describe(left)} is only known when the job runs`, 'write the script without it');
        if ((op === 'and' && !t) || (op === 'or' && t)) return left;
        const right = this.eval(n.childForFieldName('right')!, scope);
        if (right.t === 'column') throw this.columnTruth(n);
        return right;
      }
      case 'comparison_operator':
        return this.comparison(n, scope);
      case 'conditional_expression': {
        const [body, cond, orelse] = n.namedChildren.filter((c) => !isExtra(c)) as [SyntaxNode, SyntaxNode, SyntaxNode];
        const c = this.eval(cond, scope);
        const t = truthy(c);
        if (t === undefined) throw this.unsupported(n, `the conditional expression ${excerpt(n)}`, `its condition (${describe(c)}) is only known when the job runs`, 'use F.when(…) for a Column');
        return this.eval(t ? body : orelse, scope);
      }
      case 'lambda':
        return { t: 'func', name: '<lambda>', node: n, closure: scope, defaults: this.lambdaDefaults(n, scope) };
      case 'keyword_argument':
      case 'list_splat':
      case 'dictionary_splat':
        throw this.unsupported(n, excerpt(n), 'it is not followed here', 'write the value');
      case 'ellipsis':
        return NONE;
      default:
        throw this.unsupported(n, article(n.type.replace(/_/g, ' ')), 'the local engine does not follow it', 'write the value');
    }
  }

  protected lambdaDefaults(n: SyntaxNode, scope: Scope): Map<string, PyValue> {
    const out = new Map<string, PyValue>();
    for (const p of n.childForFieldName('parameters')?.namedChildren ?? [])
      if (p.type === 'default_parameter') out.set(p.childForFieldName('name')!.text, this.eval(p.childForFieldName('value')!, scope));
    return out;
  }

  protected columnTruth(n: SyntaxNode): LakehouseError {
    return this.unsupported(
      n,
      excerpt(n),
      "PySpark raises ValueError: Cannot convert column into bool (and, or and not do not combine Columns)",
      "use '&' for 'and', '|' for 'or', '~' for 'not' when building DataFrame boolean expressions",
    );
  }

  protected items(nodes: SyntaxNode[], scope: Scope): PyValue[] {
    const out: PyValue[] = [];
    for (const c of nodes) {
      if (c.type === 'list_splat') {
        const v = this.eval(c.namedChildren[0]!, scope);
        const items = iterate(v);
        if (items === undefined) throw this.unsupported(c, excerpt(c), `it unpacks ${describe(v)}`, 'write the items');
        out.push(...items);
      } else out.push(this.eval(c, scope));
    }
    return out;
  }

  /**
   * `[<body> for c in df.columns if <test>]`: the names stay symbolic (known when the job runs); the body may be `c`,
   * an f-string or a `+` of string literals holding `c` once, and each test compares `c` with strings (==, !=, in,
   * not in) — anything else would need the names now.
   */
  protected pendingFrame(v: PyValue): string | undefined {
    return pendingFrame(v);
  }


  protected comprehension(n: SyntaxNode, scope: Scope, body: (s: Scope) => PyValue[], first?: PyValue): PyValue[] {
    const clauses = n.namedChildren.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    const inner = new Scope(scope);
    const out: PyValue[] = [];
    const run = (i: number): void => {
      this.step(n);
      if (i === clauses.length) {
        out.push(...body(inner));
        return;
      }
      const c = clauses[i]!;
      if (c.type === 'if_clause') {
        const v = this.eval(c.namedChildren[0]!, inner);
        const t = truthy(v);
        if (t === undefined) throw this.unsupported(c, excerpt(c), `its condition (${describe(v)}) is only known when the job runs`, 'filter a list written in the script');
        if (t) run(i + 1);
        return;
      }
      const src = i === 0 && first !== undefined ? first : this.eval(c.childForFieldName('right')!, inner);
      const items = iterate(src);
      if (items === undefined)
        throw this.unsupported(c, `a comprehension over ${excerpt(c.childForFieldName('right')!)}`, `its items (${describe(src)}) are only known when the job runs`, 'loop over a list written in the script');
      for (const item of items) {
        this.assign(c.childForFieldName('left')!, item, inner, this.where(c).line);
        run(i + 1);
      }
    };
    run(0);
    return out;
  }

  protected binary(n: SyntaxNode, op: string, a: PyValue, b: PyValue): PyValue {
    if (a.t === 'column' || b.t === 'column') return columnBinop(this, n, op, a, b);
    const v = binop(this, n, op, a, b);
    if (v !== undefined) return v;
    if (a.t === 'opaque' || b.t === 'opaque') {
      const o = (a.t === 'opaque' ? a : b) as Extract<PyValue, { t: 'opaque' }>;
      if (op === '+' && (a.t === 'str' || a.t === 'opaque') && (b.t === 'str' || b.t === 'opaque')) return o;
    }
    throw this.unsupported(n, excerpt(n), `the operator ${op} on ${describe(a)} and ${describe(b)} is not followed`, 'compute the value in the script');
  }

  /**
   * `"--NAME" in sys.argv` and `"NAME" in args` (the dict getResolvedOptions returns), where the answer is known before
   * the job runs; undefined where it is not.
   *  - sys.argv holds every job argument as `--name value`, and Glue always passes `--JOB_NAME` (its documented
   *    getResolvedOptions example asks for JOB_NAME although the JobRun passes no such argument; the local run passes
   *    it too). Another string is found when it is a job argument or its value the local run passes; otherwise it is
   *    not known (Glue adds arguments of its own: --JOB_ID, --TempDir, …).
   *  - getResolvedOptions returns `vars()` of its argparse result (awsglue/utils.py): a key for every option asked
   *    for (each is required, so present) and for each of the reserved arguments it declares itself, set or not
   *    (awsglue/job.py), and no other key.
   */
  protected argumentMember(left: PyValue, right: PyValue): boolean | undefined {
    if (left.t !== 'str') return undefined;
    if (right.t === 'opaque' && right.what === 'sys.argv') {
      const args = this.options.arguments ?? {};
      if (left.v === '--JOB_NAME' || left.v in args || Object.values(args).includes(left.v)) return true;
      return undefined;
    }
    if (right.t === 'args') return right.names.includes(left.v) || RESOLVED_OPTION_KEYS.includes(left.v);
    return undefined;
  }

  protected comparison(n: SyntaxNode, scope: Scope): PyValue {
    const operands = n.namedChildren.filter((c) => !isExtra(c));
    const ops: string[] = [];
    for (let i = 0; i < n.childCount; i++) if (n.fieldNameForChild(i) === 'operators') ops.push(n.child(i)!.text.replace(/\s+/g, ' '));
    let left = this.eval(operands[0]!, scope);
    let result: PyValue = { t: 'bool', v: true };
    for (let i = 0; i < ops.length; i++) {
      const right = this.eval(operands[i + 1]!, scope);
      if (left.t === 'column' || right.t === 'column') {
        if (ops.length > 1) throw this.columnTruth(n);
        return columnBinop(this, n, ops[i]!, left, right);
      }
      const member = ops[i] === 'in' || ops[i] === 'not in' ? this.argumentMember(left, right) : undefined;
      if (member !== undefined) {
        const c = ops[i] === 'in' ? member : !member;
        result = { t: 'bool', v: c };
        if (!c) return result;
        left = right;
        continue;
      }
      if (left.t === 'runtime' || right.t === 'runtime' || left.t === 'opaque' || right.t === 'opaque') {
        // `frame.count() <op> n`: a condition the run can check
        const flip: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
        const [cnt, num, op] = left.t === 'runtime' ? [left, right, ops[i]!] : [right, left, flip[ops[i]!] ?? ''];
        const single = cnt.t === 'runtime' && cnt.parts.length === 1 && 'count' in cnt.parts[0]! ? cnt.parts[0].count : undefined;
        const cond = single !== undefined && num.t === 'int' && op in flip && ops.length === 1 ? { count: single, op, value: num.v } : undefined;
        return { t: 'runtime', parts: [{ text: excerpt(n) }], what: excerpt(n), ...(cond ? { cond } : {}) };
      }
      let c = compare(this, n, ops[i]!, left, right);
      const pending = c === undefined && (ops[i] === 'in' || ops[i] === 'not in') ? this.pendingFrame(right) : undefined;
      if (pending !== undefined) {
        // `x in df.columns`: the run learns the names and the script is read again (FieldsPending)
        this.fieldsNeeded(pending, n, excerpt(n));
        c = compare(this, n, ops[i]!, left, { t: 'list', items: [] });
      }
      if (c === undefined) {
        // a side that says it is known only when the job runs is not said twice
        const sides = `${describe(left)} with ${describe(right)}`;
        throw this.unsupported(n, excerpt(n), `it compares ${sides}${/known only when the job runs/.test(sides) ? '' : ', which is only known when the job runs'}`, 'write the script without this comparison');
      }
      result = { t: 'bool', v: c };
      if (!c) return result;
      left = right;
    }
    return result;
  }

  protected subscript(n: SyntaxNode, scope: Scope): PyValue {
    const obj = this.eval(n.childForFieldName('value')!, scope);
    const subs = n.childrenForFieldName('subscript').filter((c): c is SyntaxNode => c !== null);
    if (subs.length !== 1) throw this.unsupported(n, excerpt(n), 'multi-dimensional subscripts are not followed', 'index one level at a time');
    const sub = subs[0]!;
    if (obj.t === 'list' && obj.view !== undefined)
      throw this.invalid(n, `${excerpt(n)}: a ${obj.view} object is not subscriptable (Python raises TypeError), so the job fails on Glue too; write list(…)[…]`);
    if (sub.type === 'slice') {
      const parts: (PyValue | undefined)[] = [undefined, undefined, undefined];
      let k = 0;
      for (let i = 0; i < sub.childCount; i++) {
        const c = sub.child(i)!;
        if (c.type === ':') k++;
        else if (c.isNamed) parts[k] = this.eval(c, scope);
      }
      if (obj.t === 'column') return this.getAttrCall(obj, 'substr', n, []); // refused there with a hint
      const v = constIndex(this, n, obj, { slice: parts });
      if (v !== undefined) return v;
      const pending = this.pendingFrame(obj);
      if (pending !== undefined) {
        // df.columns[1:]: the run learns the names and the script is read again (FieldsPending)
        this.fieldsNeeded(pending, n, excerpt(n));
        return { t: 'list', items: [] };
      }
      throw this.unsupported(n, excerpt(n), `slicing ${describe(obj)} is not followed`, 'slice a value written in the script');
    }
    const index = this.eval(sub, scope);
    if (obj.t === 'args') {
      if (index.t !== 'str') throw this.invalid(sub, 'job arguments are read by name: args["name"]');
      if (!obj.names.includes(index.v)) throw this.invalid(n, `args["${index.v}"]: "${index.v}" is not among the options of getResolvedOptions (${obj.names.join(', ')})`);
      const value = this.options.arguments?.[`--${index.v}`];
      return value !== undefined ? str(value) : { t: 'opaque', what: `args["${index.v}"]`, at: n };
    }
    if (obj.t === 'df' || obj.t === 'column' || obj.t === 'dfc' || obj.t === 'dq' || obj.t === 'grouped') return attribute(this, obj, '__getitem__', n, [{ value: index, node: sub }]);
    const v = constIndex(this, n, obj, index);
    if (v !== undefined) return v;
    const pending = index.t === 'int' ? this.pendingFrame(obj) : undefined;
    if (pending !== undefined) {
      // df.columns[0], df.dtypes[-1]: the run learns the names and the script is read again (FieldsPending); until
      // then a name is taken to be ''
      this.fieldsNeeded(pending, n, excerpt(n));
      return obj.t === 'fieldNames' ? str('') : { t: 'tuple', items: [str(''), str('')] };
    }
    throw this.unsupported(n, excerpt(n), `indexing ${describe(obj)} is not followed`, 'index a value written in the script');
  }

  protected getAttrCall(obj: PyValue, name: string, n: SyntaxNode, args: Arg[]): PyValue {
    return attribute(this, obj, name, n, args);
  }

  protected lookup(n: SyntaxNode, scope: Scope): PyValue {
    const found = scope.lookup(n.text);
    if (found !== undefined) return found.value;
    // `from pyspark.sql.functions import *` binds the module's functions as globals, before Python's builtins (its
    // max, sum, hex, round … shadow them); the functions are looked up when used, as the module is not listed here
    if (scope.lookup(STAR_FUNCTIONS) !== undefined) {
      const f = moduleMember('pyspark.sql.functions')[n.text];
      if (f !== undefined) return f;
    }
    const g = resolveGlobal(n.text);
    if (g !== undefined) return g;
    if (GENERATED_HELPERS.has(n.text))
      throw this.invalid(n, `${n.text} is called before it is defined: keep the helper Glue Studio generates at the top of the script`);
    return this.undefinedName(n, scope);
  }

  protected undefinedName(n: SyntaxNode, scope?: Scope): never {
    // after `from pyspark.sql.functions import *` a name the script does not define may be one the module binds (a
    // function the local engine does not translate, or one of the module's own imports — sys, functools, typing's
    // names: apache/spark python/pyspark/sql/functions.py of Spark 3 defines no __all__, Spark 2.4's kept only its
    // callables): whether Python raises NameError is not known here
    const star = scope?.lookup(STAR_FUNCTIONS);
    if (star !== undefined && star.value.t === 'int')
      throw this.unsupported(
        n,
        n.text,
        `the script does not define it, and \`from pyspark.sql.functions import *\` (line ${star.value.v}) binds every public name of that module (Spark 3's has no __all__: its own imports too), which may include it; the local engine knows only the module's functions it translates`,
        'define or import it, or use a function the local engine translates (docs/glue-jobs.md lists them)',
      );
    if (PYTHON_BUILTINS.has(n.text)) throw this.unsupported(n, `the Python builtin ${n.text}`, 'the local engine does not follow it', 'write the script without it');
    // no Python builtin and not defined: Python raises NameError when the line runs (the job fails on Glue)
    throw this.invalid(n, `${n.text} is not defined before line ${this.where(n).line}: Python raises NameError here, so the job fails on Glue too`);
  }

  protected getAttr(obj: PyValue, name: string, n: SyntaxNode): PyValue {
    return attribute(this, obj, name, n);
  }




  /** Calls a value with evaluated arguments. */
  callWith(fn: PyValue, args: CallArgs, fnNode: SyntaxNode): PyValue {
    const n = args.call;
    this.step(n);
    switch (fn.t) {
      case 'func':
        return this.callFunction(fn, args);
      case 'builtin':
      case 'class':
        return callBuiltin(this, fn, args, fnNode);
      case 'recordClass': {
        const values = new Map<string, PyValue>();
        args.positional.forEach((a, i) => {
          const p = fn.params[i];
          if (p === undefined) throw this.invalid(n, `${fn.name}() takes ${fn.params.length} arguments`);
          values.set(p, a.value);
        });
        for (const [k, a] of args.keywords) {
          if (!fn.params.includes(k)) throw this.invalid(n, `${fn.name}() got an unexpected argument ${k}`);
          if (values.has(k)) throw this.invalid(n, `${fn.name}() got multiple values for the argument ${k}`);
          values.set(k, a.value);
        }
        for (const p of fn.params) if (!values.has(p)) throw this.invalid(n, `${fn.name}() needs the argument ${p}`);
        return { t: 'record', cls: fn.name, attrs: fn.attrs.map(([attr, p]) => [attr, values.get(p)!]) };
      }
      case 'module':
        // boto3 (the AWS SDK for Python): S3 listings, workflow properties, SNS messages … — requests to AWS itself
        if (/^(boto3|botocore)\./.test(fn.name))
          throw this.unsupported(n, `${excerpt(fnNode)}()`, 'the script calls AWS through boto3 (the AWS SDK for Python), and a local run sends no request to AWS', 'read and write the lake with Glue sources and sinks (from_catalog, from_options, getSink), which run locally');
        throw this.unsupported(n, `${excerpt(fnNode)}()`, fn.name.includes('.') ? 'it is an unknown call' : 'a module is not callable', 'remove it');
      default:
        throw this.unsupported(n, `${excerpt(fnNode)}()`, `${describe(fn)} is not callable`, 'fix the script');
    }
  }

  call(fn: PyValue, args: PyValue[], n: SyntaxNode): PyValue {
    return this.callWith(fn, { positional: args.map((value) => ({ value, node: n })), keywords: new Map(), call: n }, n);
  }

  protected callFunction(fn: Extract<PyValue, { t: 'func' }>, args: CallArgs): PyValue {
    const n = args.call;
    if (this.depth >= MAX_DEPTH) throw this.unsupported(n, `the call of ${fn.name}()`, `calls nest deeper than ${MAX_DEPTH} (recursion)`, 'write the script without recursion');
    const scope = new Scope(fn.closure);
    const params = fn.node.childForFieldName('parameters');
    const positional = [...args.positional];
    const keywords = new Map(args.keywords);
    let keywordOnly = false;
    for (const p of params?.namedChildren ?? []) {
      switch (p.type) {
        case 'identifier':
        case 'typed_parameter':
        case 'default_parameter':
        case 'typed_default_parameter': {
          const name = p.type === 'identifier' ? p.text : p.type === 'typed_parameter' ? p.namedChildren[0]!.text : p.childForFieldName('name')!.text;
          let v: PyValue | undefined;
          if (!keywordOnly && positional.length > 0) v = positional.shift()!.value;
          if (keywords.has(name)) {
            if (v !== undefined) throw this.invalid(n, `${fn.name}() got multiple values for the argument ${name}`);
            v = keywords.get(name)!.value;
            keywords.delete(name);
          }
          v ??= fn.defaults.get(name);
          if (v === undefined) throw this.invalid(n, `${fn.name}() needs the argument ${name}`);
          scope.set(name, v);
          break;
        }
        case 'list_splat_pattern':
          scope.set(p.namedChildren[0]!.text, { t: 'tuple', items: positional.splice(0).map((a) => a.value) });
          keywordOnly = true;
          break;
        case 'keyword_separator':
          keywordOnly = true;
          break;
        case 'dictionary_splat_pattern':
          scope.set(p.namedChildren[0]!.text, { t: 'dict', entries: [...keywords].map(([k, a]) => [str(k), a.value]) });
          keywords.clear();
          break;
        case 'positional_separator':
          break;
        default:
          throw this.unsupported(p, `the parameter ${p.text} of ${fn.name}()`, 'it is not followed', 'simplify the parameters');
      }
    }
    if (positional.length > 0) throw this.invalid(n, `${fn.name}() takes fewer positional arguments than given`);
    if (keywords.size > 0) throw this.invalid(n, `${fn.name}() got an unexpected argument ${[...keywords.keys()][0]}`);
    this.depth++;
    const at = this.where(n);
    this.callSites.push({ fn: fn.name, line: at.line, column: at.column });
    try {
      if (fn.node.type === 'lambda') return this.eval(fn.node.childForFieldName('body')!, scope);
      try {
        this.block(fn.node.childForFieldName('body')!.namedChildren, scope);
      } catch (e) {
        if (e instanceof Return) return e.value;
        throw e;
      }
      return NONE;
    } finally {
      this.depth--;
      this.callSites.pop();
    }
  }
}

export function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
