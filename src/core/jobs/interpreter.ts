/**
 * Follows a Glue script statement by statement without running Python: variables, f-strings, functions the script
 * defines (Glue Studio's generated helpers are ordinary functions here), loops over known lists, `if` on known
 * values. Calls of Glue, Spark and Python are looked up in the vocabulary tables (vocabulary/*.ts) and become plan
 * nodes, sinks, purges and log lines; Python lambdas given to Filter become expressions over the record
 * (rowLambda.ts). Whatever depends on the data or on running Python — a loop over rows, an `if` on a count, a UDF,
 * an unknown call — is refused before anything runs, naming the construct, its line and column, and what to write
 * instead.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { LakehouseError, positionAt } from '../errors';
import { excerpt, type Arg, type CallArgs, type Reporter } from './callArgs';
import type { ColExpr, Pos, RowExpr, WindowSpec } from './expr';
import type { JobPlan, LogPart, PlanAssertion, PlanDataQuality, PlanLog, PlanNode, PlanPurge, PlanSink } from './plan';
import { binop, compare, constIndex, fromParts, joinParts, formatSpec, textParts } from './pyops';
import { rowMapping, rowPredicate, type RowMapping } from './rowLambda';
import { NONE, Scope, describe, iterate, pyStr, repr, str, truthy, type PendingSink, type PyValue } from './values';
import { columnBinop, columnOf, columnUnary, windowOf } from './vocabulary/columns';
import { attribute, callBuiltin, moduleMember, resolveGlobal } from './vocabulary/modules';
import type { Host, NodeBody } from './vocabulary/registry';

export interface InterpreterOptions {
  /** job arguments (`--name` → value) that resolve `args["name"]` */
  arguments?: Record<string, string>;
}

const NODE_COMMENT = /^#\s*Script generated for node\s+(.*?)\s*$/;
/** helpers Glue Studio generates at the top of a script, for the message when one is called before it is defined */
const GENERATED_HELPERS = new Set(['sparkSqlQuery', 'sparkAggregate', 'sparkUnion', 'drop_nulls', '_find_null_fields']);
const MAX_STEPS = 200_000;
const MAX_DEPTH = 64;

class Return {
  constructor(readonly value: PyValue) {}
}
class Break {}
class Continue {}

interface NodeInfo {
  node: PlanNode;
  /** the label of an unnamed node's id: the method that made it */
  label: string;
  column: number;
  /** the id it is known by once named after a variable */
  named?: string;
  /** the call depth of the statement that named it (a shallower assignment renames it) */
  depth?: number;
}

interface Capture {
  scope: Scope;
  name: string;
  version: number;
  at: Pos;
  construct: string;
}

export class Interpreter implements Host, Reporter {
  private readonly nodes: NodeInfo[] = [];
  private readonly byId = new Map<string, NodeInfo>();
  private readonly usedIds = new Set<string>();
  private readonly sinks: PlanSink[] = [];
  private readonly purges: PlanPurge[] = [];
  private readonly logs: PlanLog[] = [];
  private readonly dataQuality: PlanDataQuality[] = [];
  private readonly assertions: PlanAssertion[] = [];
  private readonly pendingSinks: PendingSink[] = [];
  readonly tempViews = new Map<string, string>();
  private readonly globals = new Scope();
  private readonly captures: Capture[] = [];
  private pendingName: string | undefined;
  private depth = 0;
  private steps = 0;
  /** the statements being run, innermost last: their line, target variable and the node count when they began */
  private readonly statements: { line: number; target?: string }[] = [];

  constructor(
    private readonly source: string,
    readonly file: string,
    readonly options: InterpreterOptions,
  ) {
    this.globals.set('__name__', str('__main__'));
  }

  run(root: SyntaxNode): JobPlan {
    this.block(root.namedChildren, this.globals);
    this.checkCaptures();
    if (this.sinks.length === 0) {
      const unwritten = this.pendingSinks.find((s) => !s.written);
      throw new LakehouseError(
        'InvalidInput',
        unwritten !== undefined
          ? `${this.file}:${unwritten.line}: the sink ${unwritten.variable} is never written: call ${unwritten.variable}.writeFrame(<frame>)`
          : `${this.file}: the script has no sink: write a frame with glueContext.write_dynamic_frame.from_options(…), write_dynamic_frame.from_catalog(…) or getSink(…).writeFrame(…)`,
        { file: this.file, ...(unwritten !== undefined ? { line: unwritten.line } : {}) },
      );
    }
    for (const a of this.assertions) {
      const before = this.sinks.find((s) => s.line < a.line);
      if (before !== undefined)
        throw new LakehouseError(
          'ScriptUnsupported',
          `${this.file}:${a.line}:${a.column}: an assert after the sink of line ${before.line} cannot run on the local engine: on Glue the sink has written its files when the assertion fails, and the local run commits its output all together or not at all; assert before the sinks ("Fail job when data quality fails", not "after loading data")`,
          { file: this.file, line: a.line, column: a.column },
        );
    }
    return this.finish();
  }

  /**
   * The plan of what has been read so far: after `run` failed, the nodes, sinks and log lines of the statements
   * before the one it refused (an editor shows them, with the refusal at its place).
   */
  partialPlan(): JobPlan {
    return this.finish();
  }

  // ---------------------------------------------------------------- errors

  where(n: SyntaxNode): { file: string; line: number; column: number } {
    const { line, column } = positionAt(this.source, n.startIndex);
    return { file: this.file, line, column };
  }

  pos(n: SyntaxNode): Pos {
    const { line, column } = positionAt(this.source, n.startIndex);
    return { line, column, text: excerpt(n) };
  }

  unsupported(n: SyntaxNode, construct: string, why: string, hint = 'use an SQL Query node instead'): LakehouseError {
    const w = this.where(n);
    return new LakehouseError('ScriptUnsupported', `${w.file}:${w.line}:${w.column}: ${construct} cannot run on the local engine: ${why}; ${hint}`, w);
  }

  invalid(n: SyntaxNode, message: string): LakehouseError {
    const w = this.where(n);
    return new LakehouseError('InvalidInput', `${w.file}:${w.line}:${w.column}: ${message}`, w);
  }

  private step(n: SyntaxNode): void {
    if (++this.steps > MAX_STEPS) throw this.unsupported(n, 'the script', `it runs more than ${MAX_STEPS} steps before its first sink`, 'simplify its loops');
  }

  // ---------------------------------------------------------------- plan building (Host)

  node(body: NodeBody, call: SyntaxNode, label: string): string {
    const { line, column } = this.where(call);
    const id = `#${this.nodes.length}`;
    const info: NodeInfo = { node: { id, line, ...body } as PlanNode, label, column };
    this.nodes.push(info);
    this.byId.set(id, info);
    return id;
  }

  /** Names a node after the variable a statement assigns it to (`x = …`); ids stay unique. */
  private nameNode(id: string, target: string, line: number): void {
    const info = this.byId.get(id);
    if (info === undefined || (info.depth !== undefined && info.depth <= this.depth)) return;
    if (info.named !== undefined) this.usedIds.delete(info.named);
    let name = this.usedIds.has(target) ? `${target}@${line}` : target;
    if (this.usedIds.has(name)) name = `${target}@${line}:${info.column}`;
    this.usedIds.add(name);
    info.named = name;
    info.depth = this.depth;
    info.node.line = line;
    if (this.depth === 0) {
      const n = this.takeName();
      if (n !== undefined) info.node.name = n;
    }
  }

  takeName(): string | undefined {
    const name = this.pendingName;
    this.pendingName = undefined;
    return name;
  }

  target(): string | undefined {
    return this.statements[this.statements.length - 1]?.target;
  }

  addSink(sink: PlanSink): void {
    this.sinks.push(sink);
  }
  addPendingSink(sink: PendingSink): void {
    this.pendingSinks.push(sink);
  }
  addPurge(p: PlanPurge): void {
    // the purge comes between the sinks written before it and the next (jobOutput.ts commits in the script's order)
    this.purges.push({ ...p, afterSinks: this.sinks.length });
  }
  addLog(log: PlanLog): void {
    this.logs.push(log);
  }
  addDataQuality(dq: PlanDataQuality): number {
    this.dataQuality.push(dq);
    return this.dataQuality.length - 1;
  }
  addAssertion(a: PlanAssertion): void {
    this.assertions.push(a);
  }

  dyf(a: Arg, what: string): string {
    const v = a.value;
    if (v.t === 'dyf') return v.id;
    if (v.t === 'df')
      throw this.unsupported(a.node, `${excerpt(a.node)} (a DataFrame) as ${what}`, 'Glue transforms take a DynamicFrame', 'convert it with DynamicFrame.fromDF(df, glueContext, "name")');
    throw this.notFrame(a, 'DynamicFrame', what);
  }

  df(a: Arg, what: string): string {
    const v = a.value;
    if (v.t === 'df') return v.id;
    if (v.t === 'dyf') throw this.unsupported(a.node, `${excerpt(a.node)} (a DynamicFrame) as ${what}`, 'Spark takes a DataFrame', 'convert it with .toDF()');
    throw this.notFrame(a, 'DataFrame', what);
  }

  private notFrame(a: Arg, kind: string, what: string): LakehouseError {
    const v = a.value;
    if (v.t === 'dq')
      return this.unsupported(a.node, `${excerpt(a.node)} (a data-quality result) as ${what}`, 'data-quality outcomes are not frames the local engine produces', 'write the frame the rules were evaluated on');
    if (a.node.type === 'identifier') return this.invalid(a.node, `${a.node.text} is ${describe(v)}, not a ${kind} (${what})`);
    return this.unsupported(a.node, `${excerpt(a.node)} as ${what}`, `it is ${describe(v)}, not a ${kind}`, `pass a ${kind}`);
  }

  column(a: Arg, what: string): ColExpr {
    return columnOf(this, a.value, a.node, what, false);
  }

  columnOf(v: PyValue, n: SyntaxNode, what: string, literals = false): ColExpr {
    return columnOf(this, v, n, what, literals);
  }

  window(v: PyValue, n: SyntaxNode, what: string): WindowSpec {
    return windowOf(this, v, n, what);
  }

  rowMapping(a: Arg, construct: string): RowMapping {
    const f = a.value;
    if (f.t !== 'func') {
      if (f.t === 'builtin' || f.t === 'class')
        throw this.unsupported(a.node, `${construct} with f=${excerpt(a.node)}`, `${describe(f)} is not a Python function of the record the local engine can translate`, 'write a def');
      throw this.invalid(a.node, `${construct}: f must be a function of the record, not ${describe(f)}`);
    }
    const { check, fields, free } = rowMapping(this, f, construct);
    for (const { name, scope } of free) this.captures.push({ scope, name, version: scope.versions.get(name) ?? 0, at: this.pos(a.node), construct });
    return { check, fields };
  }

  rowPredicate(a: Arg, construct: string): RowExpr {
    const f = a.value;
    if (f.t !== 'func') {
      if (f.t === 'builtin' || f.t === 'class')
        throw this.unsupported(a.node, `${construct} with f=${excerpt(a.node)}`, `${describe(f)} is not a Python function of the record the local engine can translate`, 'write a lambda');
      throw this.invalid(a.node, `${construct}: f must be a function of the record, not ${describe(f)}`);
    }
    const { expr, free } = rowPredicate(this, f, construct);
    // Spark runs the function when the frame is computed (at the sink): a variable it reads must not change later
    for (const { name, scope } of free) this.captures.push({ scope, name, version: scope.versions.get(name) ?? 0, at: this.pos(a.node), construct });
    return expr;
  }

  private checkCaptures(): void {
    for (const c of this.captures) {
      if ((c.scope.versions.get(c.name) ?? 0) === c.version) continue;
      throw new LakehouseError(
        'ScriptUnsupported',
        `${this.file}:${c.at.line}:${c.at.column}: the function given to ${c.construct} cannot run on the local engine: it reads the variable ${c.name}, which changes after this line, and Spark calls the function later with the variable's last value; pass the value as a default argument (lambda row, ${c.name}=${c.name}: …)`,
        { file: this.file, line: c.at.line, column: c.at.column },
      );
    }
  }

  text(values: PyValue[], sep: string): LogPart[] {
    return joinParts(values.map(textParts), sep);
  }

  // ---------------------------------------------------------------- statements

  private block(stmts: SyntaxNode[], scope: Scope): void {
    for (const s of stmts) this.statement(s, scope);
  }

  private statement(stmt: SyntaxNode, scope: Scope): void {
    this.step(stmt);
    switch (stmt.type) {
      case 'comment': {
        if (this.depth !== 0) return;
        const m = NODE_COMMENT.exec(stmt.text);
        if (m !== null) this.pendingName = m[1];
        return;
      }
      case 'import_statement':
      case 'import_from_statement':
        return this.importStatement(stmt, scope);
      case 'future_import_statement':
      case 'pass_statement':
        return;
      case 'function_definition':
        return this.define(stmt, scope);
      case 'decorated_definition': {
        const udf = stmt.namedChildren.some((c) => c.type === 'decorator' && /\b(pandas_)?udf\b/.test(c.text));
        throw this.unsupported(
          stmt,
          udf ? 'a Python UDF (@udf)' : 'a decorated definition',
          udf ? 'it runs Python code on every row' : 'decorators change what a function does when Python runs it',
          udf ? 'write the computation with pyspark.sql.functions or an SQL Query node' : 'define the function without a decorator',
        );
      }
      case 'class_definition': {
        const rc = recordClass(stmt);
        if (rc === undefined)
          throw this.unsupported(stmt, `the class ${stmt.childForFieldName('name')?.text ?? ''}`, 'classes are not followed by the local engine, except those that only hold values (an __init__ assigning its parameters to attributes)', 'write functions');
        scope.set(rc.name, rc);
        return;
      }
      case 'expression_statement':
        return this.expressionStatement(stmt, scope);
      case 'if_statement':
        return this.ifStatement(stmt, scope);
      case 'for_statement':
        return this.forStatement(stmt, scope);
      case 'while_statement':
        throw this.unsupported(stmt, 'a while loop', 'its number of turns is only known when Python runs', 'loop over a list with for');
      case 'return_statement': {
        const e = stmt.namedChildren.find((c) => c.type !== 'comment');
        throw new Return(e === undefined ? NONE : this.eval(e, scope));
      }
      case 'break_statement':
        throw new Break();
      case 'continue_statement':
        throw new Continue();
      case 'try_statement':
        return this.tryStatement(stmt, scope);
      case 'with_statement':
        throw this.unsupported(stmt, 'a with statement', 'context managers run Python code', 'remove it');
      case 'raise_statement':
        throw this.unsupported(stmt, excerpt(stmt), 'the script raises an exception here, so the job fails on Glue', 'fix the condition that leads here');
      case 'assert_statement': {
        const [test, msgNode] = stmt.namedChildren.filter((c) => c.type !== 'comment');
        const v = this.eval(test!, scope);
        if (v.t === 'runtime' && v.cond !== undefined) {
          // checked by the run, before any sink writes (the assertion must come before the sinks: see README)
          const m = msgNode === undefined ? undefined : this.eval(msgNode, scope);
          const { line, column } = this.where(stmt);
          this.assertions.push({ line, column, ...v.cond, ...(m?.t === 'str' ? { message: m.v } : {}) });
          return;
        }
        const t = truthy(v);
        if (t === true) return;
        throw this.unsupported(stmt, excerpt(stmt), t === false ? 'the assertion fails, so the job fails on Glue' : 'its condition is only known when the job runs', 'remove it, or assert on a count: assert df.count() > 0');
      }
      case 'delete_statement':
        for (const t of stmt.namedChildren) if (t.type === 'identifier') scope.vars.delete(t.text);
        return;
      case 'global_statement':
      case 'nonlocal_statement':
        throw this.unsupported(stmt, excerpt(stmt), 'global and nonlocal variables are not followed', 'return values from functions instead');
      default:
        throw this.unsupported(stmt, article(stmt.type.replace(/_/g, ' ')), 'the local engine does not follow it', 'remove it');
    }
  }

  private withStatement<T>(line: number, target: string | undefined, f: () => T): T {
    this.statements.push({ line, ...(target !== undefined ? { target } : {}) });
    try {
      return f();
    } finally {
      this.statements.pop();
    }
  }

  private expressionStatement(stmt: SyntaxNode, scope: Scope): void {
    const parts = stmt.namedChildren.filter((c) => c.type !== 'comment');
    const expr = parts[0];
    if (parts.length !== 1 || expr === undefined) throw this.unsupported(stmt, 'an expression list', 'the local engine does not follow it', 'write one expression per statement');
    const line = this.where(stmt).line;
    switch (expr.type) {
      case 'assignment':
        return this.assignment(expr, scope, line);
      case 'augmented_assignment': {
        const left = expr.childForFieldName('left')!;
        if (left.type !== 'identifier') throw this.unsupported(left, `the augmented assignment to ${excerpt(left)}`, 'only variables are followed', 'assign the variable');
        const op = expr.childForFieldName('operator')!.text.replace(/=$/, '');
        const cur = this.lookup(left, scope);
        const mark = this.nodes.length;
        const value = this.binary(expr, op, cur, this.eval(expr.childForFieldName('right')!, scope));
        this.assign(left, value, scope, line, mark);
        return;
      }
      case 'string':
      case 'concatenated_string':
        return; // a docstring
      default:
        this.withStatement(line, undefined, () => this.eval(expr, scope));
    }
  }

  private assignment(asg: SyntaxNode, scope: Scope, line: number): void {
    const left = asg.childForFieldName('left')!;
    const right = asg.childForFieldName('right');
    if (right === null) return; // `x: int`
    const target = left.type === 'identifier' ? left.text : undefined;
    const mark = this.nodes.length;
    const value = this.withStatement(line, target, () => (right.type === 'assignment' ? this.chained(right, scope, line, mark) : this.eval(right, scope)));
    this.assign(left, value, scope, line, mark);
  }

  /** `a = b = value`: every target gets the value. */
  private chained(asg: SyntaxNode, scope: Scope, line: number, mark: number): PyValue {
    const right = asg.childForFieldName('right')!;
    const value = right.type === 'assignment' ? this.chained(right, scope, line, mark) : this.eval(right, scope);
    this.assign(asg.childForFieldName('left')!, value, scope, line, mark);
    return value;
  }

  /** Binds a target; `mark`: the node count when the statement began (nodes made since are named after the variable). */
  private assign(left: SyntaxNode, value: PyValue, scope: Scope, line: number, mark?: number): void {
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
        const targets = left.namedChildren.filter((c) => c.type !== 'comment');
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

  private createdSince(id: string, mark: number): boolean {
    return Number(id.slice(1)) >= mark;
  }

  private ifStatement(stmt: SyntaxNode, scope: Scope): void {
    const branches: { cond?: SyntaxNode; body: SyntaxNode }[] = [{ cond: stmt.childForFieldName('condition')!, body: stmt.childForFieldName('consequence')! }];
    for (const c of stmt.namedChildren) {
      if (c.type === 'elif_clause') branches.push({ cond: c.childForFieldName('condition')!, body: c.childForFieldName('consequence')! });
      else if (c.type === 'else_clause') branches.push({ body: c.childForFieldName('body')! });
    }
    for (const [i, b] of branches.entries()) {
      if (b.cond !== undefined) {
        const v = this.withStatement(this.where(b.cond).line, undefined, () => this.eval(b.cond!, scope));
        const t = truthy(v);
        if (t === undefined) {
          // a condition known only when the job runs: fine when no branch changes anything the job does (Glue
          // Studio's "one output file" option writes `if (frame.count() >= 1): frame = frame.coalesce(1)`)
          if (branches.slice(i).every((x) => this.withoutEffect(x.body, scope))) return;
          throw this.unsupported(
            stmt,
            `an if statement on ${excerpt(b.cond)}`,
            v.t === 'runtime' ? 'its condition depends on the data, known only when the job runs' : `its condition (${describe(v)}) is only known when the job runs`,
            'write the script without this condition',
          );
        }
        if (!t) continue;
      }
      this.block(b.body.namedChildren, scope);
      return;
    }
  }

  /**
   * Whether running a block changes nothing the job does: no sink, purge, log line, evaluation or view, and every
   * variable it assigns holds the frame it held (coalesce, repartition, cache). The block's work is undone either way.
   */
  private withoutEffect(body: SyntaxNode, scope: Scope): boolean {
    const counts = [this.nodes.length, this.sinks.length, this.purges.length, this.logs.length, this.dataQuality.length, this.assertions.length, this.pendingSinks.length];
    const views = new Map(this.tempViews);
    const used = new Set(this.usedIds);
    const vars = new Map(scope.vars);
    const versions = new Map(scope.versions);
    let same = true;
    try {
      this.block(body.namedChildren, scope);
      const now = [this.nodes.length, this.sinks.length, this.purges.length, this.logs.length, this.dataQuality.length, this.assertions.length, this.pendingSinks.length];
      same = counts.slice(1).every((c, i) => c === now[i + 1]) && views.size === this.tempViews.size && [...views].every(([k, v]) => this.tempViews.get(k) === v);
      for (const [name, v] of scope.vars) {
        const old = vars.get(name);
        if (old === v) continue;
        if (old !== undefined && (old.t === 'dyf' || old.t === 'df') && v.t === old.t && v.id === old.id) continue;
        same = false;
      }
    } catch (e) {
      if (!(e instanceof LakehouseError)) throw e;
      same = false;
    }
    for (const info of this.nodes.splice(counts[0]!)) this.byId.delete(info.node.id);
    this.usedIds.clear();
    for (const u of used) this.usedIds.add(u);
    scope.vars.clear();
    for (const [k, v] of vars) scope.vars.set(k, v);
    scope.versions.clear();
    for (const [k, v] of versions) scope.versions.set(k, v);
    return same;
  }

  private forStatement(stmt: SyntaxNode, scope: Scope): void {
    const left = stmt.childForFieldName('left')!;
    const right = stmt.childForFieldName('right')!;
    const iterable = this.eval(right, scope);
    const items = iterate(iterable);
    if (items === undefined)
      throw this.unsupported(
        stmt,
        `a for loop over ${excerpt(right)}`,
        iterable.t === 'df' || iterable.t === 'dyf' ? 'looping over rows runs Python on every record' : `its items (${describe(iterable)}) are only known when the job runs`,
        'loop over a list written in the script, or use an SQL Query node',
      );
    const line = this.where(stmt).line;
    const body = stmt.childForFieldName('body')!;
    let broke = false;
    for (const item of items) {
      this.assign(left, item, scope, line);
      try {
        this.block(body.namedChildren, scope);
      } catch (e) {
        if (e instanceof Break) {
          broke = true;
          break;
        }
        if (e instanceof Continue) continue;
        throw e;
      }
    }
    const orelse = stmt.childForFieldName('alternative');
    if (!broke && orelse !== null) this.block(orelse.childForFieldName('body')?.namedChildren ?? orelse.namedChildren, scope);
  }

  /** try: the body (and else, finally) is followed; handlers run only when something fails, which fails the run here. */
  private tryStatement(stmt: SyntaxNode, scope: Scope): void {
    this.block(stmt.childForFieldName('body')!.namedChildren, scope);
    for (const c of stmt.namedChildren) {
      if (c.type !== 'else_clause' && c.type !== 'finally_clause') continue;
      const body = c.childForFieldName('body') ?? c.namedChildren.find((x) => x.type === 'block');
      if (body) this.block(body.namedChildren, scope);
    }
  }

  private define(def: SyntaxNode, scope: Scope): void {
    const name = def.childForFieldName('name')!.text;
    const defaults = new Map<string, PyValue>();
    for (const p of def.childForFieldName('parameters')!.namedChildren)
      if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') defaults.set(p.childForFieldName('name')!.text, this.eval(p.childForFieldName('value')!, scope));
    const fn: PyValue = { t: 'func', name, node: def, closure: scope, defaults };
    // Glue Studio's Conditional Router helper runs its filters in a thread pool: followed as what it computes
    if (name === 'threadedRoute' && isGeneratedThreadedRoute(def)) scope.set(name, { t: 'builtin', name: 'GlueStudio.threadedRoute', self: fn });
    else scope.set(name, fn);
  }

  private importStatement(stmt: SyntaxNode, scope: Scope): void {
    if (stmt.type === 'import_statement') {
      for (const c of stmt.namedChildren) {
        if (c.type === 'dotted_name') scope.set(c.text.split('.')[0]!, { t: 'module', name: c.text.split('.')[0]! });
        else if (c.type === 'aliased_import') scope.set(c.childForFieldName('alias')!.text, { t: 'module', name: c.childForFieldName('name')!.text });
      }
      return;
    }
    const from = stmt.childForFieldName('module_name')!.text;
    if (stmt.namedChildren.some((c) => c.type === 'wildcard_import')) {
      for (const [k, v] of Object.entries(moduleMember(from))) scope.set(k, v);
      return;
    }
    for (const c of stmt.namedChildren.slice(1)) {
      const [nameNode, alias] = c.type === 'aliased_import' ? [c.childForFieldName('name')!, c.childForFieldName('alias')!.text] : [c, c.text];
      if (nameNode.type !== 'dotted_name') continue;
      const name = nameNode.text;
      const member = moduleMember(from)[name] ?? { t: 'module', name: `${from}.${name}` };
      scope.set(alias, member);
    }
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
        return this.stringLiteral(n, scope);
      case 'concatenated_string': {
        const parts = n.namedChildren.filter((c) => c.type === 'string').map((s) => this.stringLiteral(s, scope));
        const v = fromParts(joinParts(parts.map(textParts)), 'a string');
        return v.t === 'str' ? { ...v, line: this.where(n).line } : v;
      }
      case 'identifier':
        return this.lookup(n, scope);
      case 'parenthesized_expression': {
        const inner = n.namedChildren.filter((c) => c.type !== 'comment');
        if (inner.length !== 1) throw this.unsupported(n, excerpt(n), 'the local engine does not follow it', 'simplify it');
        return this.eval(inner[0]!, scope);
      }
      case 'attribute':
        return this.getAttr(this.eval(n.childForFieldName('object')!, scope), n.childForFieldName('attribute')!.text, n);
      case 'subscript':
        return this.subscript(n, scope);
      case 'call':
        return this.callExpr(n, scope);
      case 'list':
      case 'tuple':
      case 'set':
        return { t: n.type, items: this.items(n.namedChildren.filter((c) => c.type !== 'comment'), scope) };
      case 'expression_list':
        return { t: 'tuple', items: this.items(n.namedChildren.filter((c) => c.type !== 'comment'), scope) };
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
        if (first?.t === 'fieldNames' && n.type !== 'set_comprehension') return this.fieldComprehension(n, first, scope);
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
        const [body, cond, orelse] = n.namedChildren.filter((c) => c.type !== 'comment') as [SyntaxNode, SyntaxNode, SyntaxNode];
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

  private lambdaDefaults(n: SyntaxNode, scope: Scope): Map<string, PyValue> {
    const out = new Map<string, PyValue>();
    for (const p of n.childForFieldName('parameters')?.namedChildren ?? [])
      if (p.type === 'default_parameter') out.set(p.childForFieldName('name')!.text, this.eval(p.childForFieldName('value')!, scope));
    return out;
  }

  private columnTruth(n: SyntaxNode): LakehouseError {
    return this.unsupported(
      n,
      excerpt(n),
      "PySpark raises ValueError: Cannot convert column into bool (and, or and not do not combine Columns)",
      "use '&' for 'and', '|' for 'or', '~' for 'not' when building DataFrame boolean expressions",
    );
  }

  private items(nodes: SyntaxNode[], scope: Scope): PyValue[] {
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
  private fieldComprehension(n: SyntaxNode, names: Extract<PyValue, { t: 'fieldNames' }>, scope: Scope): PyValue {
    const refuse = (at: SyntaxNode, why: string): never => {
      throw this.unsupported(at, excerpt(at), `${why}, and a frame's field names are known only when the job runs`, 'list the names in the script, or select and drop with the names written out');
    };
    const clauses = n.namedChildren.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    const loop = clauses[0]!;
    const left = loop.childForFieldName('left')!;
    if (left.type !== 'identifier') refuse(left, 'the loop target is not one name');
    const v = left.text;
    const exclude = [...names.exclude];
    let include = names.include ? [...names.include] : undefined;
    const strings = (x: PyValue, at: SyntaxNode): string[] => {
      if (x.t === 'str') return [x.v];
      const items = x.t === 'list' || x.t === 'tuple' || x.t === 'set' ? x.items : undefined;
      if (items === undefined || items.some((i) => i.t !== 'str')) return refuse(at, 'the names are compared with something other than strings');
      return items.map((i) => (i as { v: string }).v);
    };
    for (const c of clauses.slice(1)) {
      if (c.type === 'for_in_clause') refuse(c, 'a second for clause over the names');
      if (names.prefix !== '' || names.suffix !== '') refuse(c, 'names already changed are tested');
      const test = c.namedChildren[0]!;
      const operands = test.type === 'comparison_operator' ? test.namedChildren.filter((x) => x.type !== 'comment') : [];
      const ops: string[] = [];
      for (let i = 0; i < test.childCount; i++) if (test.fieldNameForChild(i) === 'operators') ops.push(test.child(i)!.text.replace(/\s+/g, ' '));
      if (operands.length !== 2 || ops.length !== 1) return refuse(test, 'the condition is not one comparison of the name');
      const [a, b] = operands as [SyntaxNode, SyntaxNode];
      const mine = a.type === 'identifier' && a.text === v ? b : b.type === 'identifier' && b.text === v && (ops[0] === '==' || ops[0] === '!=') ? a : undefined;
      if (mine === undefined) return refuse(test, 'the condition does not compare the name itself');
      const vals = strings(this.eval(mine, scope), mine);
      if (ops[0] === '!=' || ops[0] === 'not in') exclude.push(...vals);
      else if (ops[0] === '==' || ops[0] === 'in') include = include === undefined ? vals : include.filter((x) => vals.includes(x));
      else refuse(test, `the names are compared with ${ops[0]}`);
    }
    // the body: the name, an f-string or a + of literals holding it once (evaluated with a marker in its place)
    const body = n.childForFieldName('body')!;
    const uses = (body.type === 'identifier' ? [body] : body.descendantsOfType('identifier')).filter((x) => x.text === v);
    const plain = (x: SyntaxNode): boolean => {
      if (x.type === 'identifier') return x.text === v;
      if (x.type === 'string') return x.namedChildren.every((p) => p.type !== 'interpolation' || (p.namedChildren.length === 1 && p.namedChildren[0]!.type === 'identifier' && p.namedChildren[0]!.text === v));
      if (x.type === 'concatenated_string') return x.namedChildren.every(plain);
      if (x.type === 'binary_operator') return x.child(1)?.text === '+' && plain(x.childForFieldName('left')!) && plain(x.childForFieldName('right')!);
      if (x.type === 'parenthesized_expression') return x.namedChildren.length === 1 && plain(x.namedChildren[0]!);
      return false;
    };
    if (uses.length !== 1 || !plain(body)) refuse(body, 'each name is turned into something other than text around it');
    const MARK = '\u0000field\u0000';
    const inner = new Scope(scope);
    inner.set(v, str(MARK));
    const made = this.eval(body, inner);
    const at = made.t === 'str' ? made.v.indexOf(MARK) : -1;
    if (made.t !== 'str' || at < 0) return refuse(body, 'each name is turned into something other than text around it');
    return { t: 'fieldNames', frame: names.frame, prefix: made.v.slice(0, at) + names.prefix, suffix: names.suffix + made.v.slice(at + MARK.length), exclude, ...(include ? { include } : {}) };
  }

  private comprehension(n: SyntaxNode, scope: Scope, body: (s: Scope) => PyValue[], first?: PyValue): PyValue[] {
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

  private binary(n: SyntaxNode, op: string, a: PyValue, b: PyValue): PyValue {
    if (a.t === 'column' || b.t === 'column') return columnBinop(this, n, op, a, b);
    const v = binop(this, n, op, a, b);
    if (v !== undefined) return v;
    if (a.t === 'opaque' || b.t === 'opaque') {
      const o = (a.t === 'opaque' ? a : b) as Extract<PyValue, { t: 'opaque' }>;
      if (op === '+' && (a.t === 'str' || a.t === 'opaque') && (b.t === 'str' || b.t === 'opaque')) return o;
    }
    throw this.unsupported(n, excerpt(n), `the operator ${op} on ${describe(a)} and ${describe(b)} is not followed`, 'compute the value in the script');
  }

  private comparison(n: SyntaxNode, scope: Scope): PyValue {
    const operands = n.namedChildren.filter((c) => c.type !== 'comment');
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
      if (left.t === 'runtime' || right.t === 'runtime' || left.t === 'opaque' || right.t === 'opaque') {
        // `frame.count() <op> n`: a condition the run can check
        const flip: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
        const [cnt, num, op] = left.t === 'runtime' ? [left, right, ops[i]!] : [right, left, flip[ops[i]!] ?? ''];
        const single = cnt.t === 'runtime' && cnt.parts.length === 1 && 'count' in cnt.parts[0]! ? cnt.parts[0].count : undefined;
        const cond = single !== undefined && num.t === 'int' && op in flip && ops.length === 1 ? { count: single, op, value: num.v } : undefined;
        return { t: 'runtime', parts: [{ text: excerpt(n) }], what: excerpt(n), ...(cond ? { cond } : {}) };
      }
      const c = compare(this, n, ops[i]!, left, right);
      if (c === undefined)
        throw this.unsupported(n, excerpt(n), `it compares ${describe(left)} with ${describe(right)}, which is only known when the job runs`, 'write the script without this comparison');
      result = { t: 'bool', v: c };
      if (!c) return result;
      left = right;
    }
    return result;
  }

  private subscript(n: SyntaxNode, scope: Scope): PyValue {
    const obj = this.eval(n.childForFieldName('value')!, scope);
    const subs = n.childrenForFieldName('subscript').filter((c): c is SyntaxNode => c !== null);
    if (subs.length !== 1) throw this.unsupported(n, excerpt(n), 'multi-dimensional subscripts are not followed', 'index one level at a time');
    const sub = subs[0]!;
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
    throw this.unsupported(n, excerpt(n), `indexing ${describe(obj)} is not followed`, 'index a value written in the script');
  }

  private getAttrCall(obj: PyValue, name: string, n: SyntaxNode, args: Arg[]): PyValue {
    return attribute(this, obj, name, n, args);
  }

  private lookup(n: SyntaxNode, scope: Scope): PyValue {
    const found = scope.lookup(n.text);
    if (found !== undefined) return found.value;
    const g = resolveGlobal(n.text);
    if (g !== undefined) return g;
    if (GENERATED_HELPERS.has(n.text))
      throw this.invalid(n, `${n.text} is called before it is defined: keep the helper Glue Studio generates at the top of the script`);
    return this.undefinedName(n);
  }

  private undefinedName(n: SyntaxNode): never {
    throw this.invalid(n, `${n.text} is not defined before line ${this.where(n).line}`);
  }

  private getAttr(obj: PyValue, name: string, n: SyntaxNode): PyValue {
    return attribute(this, obj, name, n);
  }

  // ---------------------------------------------------------------- strings

  private stringLiteral(s: SyntaxNode, scope: Scope): PyValue {
    const start = s.namedChildren.find((c) => c.type === 'string_start');
    const end = s.namedChildren.find((c) => c.type === 'string_end');
    if (start === undefined || end === undefined) throw this.unsupported(s, excerpt(s), 'this string is not followed', 'write a plain string');
    const prefix = start.text.replace(/['"]+$/, '').toLowerCase();
    if (prefix.includes('b')) throw this.unsupported(s, `${excerpt(s)}`, 'bytes literals are not followed', 'write a str');
    const raw = prefix.includes('r');
    const line = this.where(s).line;
    if (!prefix.includes('f')) return { t: 'str', v: this.decode(this.source.slice(start.endIndex, end.startIndex), raw), line, column: positionAt(this.source, start.endIndex).column };
    // an f-string: its text pieces and interpolations, in order
    const parts: LogPart[][] = [];
    let at = start.endIndex;
    for (const c of s.namedChildren) {
      if (c.type !== 'interpolation') continue;
      parts.push([{ text: this.decode(this.source.slice(at, c.startIndex), raw).replace(/\{\{/g, '{').replace(/\}\}/g, '}') }]);
      at = c.endIndex;
      const e = c.childForFieldName('expression')!;
      const v = this.eval(e, scope);
      const conv = c.childForFieldName('type_conversion')?.text;
      const specNode = c.childForFieldName('format_specifier');
      const spec = specNode === null ? '' : this.source.slice(specNode.startIndex, specNode.endIndex).replace(/^:/, '');
      if (spec.includes('{')) throw this.unsupported(specNode!, `the f-string ${excerpt(s)}`, 'nested format fields are not followed', 'write the format spec literally');
      if (c.text.trimEnd().replace(/\}$/, '').trimEnd().endsWith('=')) throw this.unsupported(c, `the f-string ${excerpt(s)}`, 'the = specifier is not followed', 'write the name in the text');
      if (v.t === 'runtime' || v.t === 'opaque') {
        if (spec !== '' || conv === '!r') throw this.unsupported(c, `the f-string ${excerpt(s)}`, `${describe(v)} with a format spec is not followed`, 'print it without a format spec');
        parts.push(textParts(v));
      } else if (v.t === 'df' || v.t === 'dyf' || v.t === 'column') {
        throw this.unsupported(c, `the f-string ${excerpt(s)}`, `it formats ${describe(v)}`, 'print a field or a count');
      } else parts.push([{ text: spec !== '' || conv === '!r' ? formatSpec(this, c, v, spec, conv === '!r') : pyStr(v) }]);
    }
    parts.push([{ text: this.decode(this.source.slice(at, end.startIndex), raw).replace(/\{\{/g, '{').replace(/\}\}/g, '}') }]);
    const v = fromParts(joinParts(parts), `the f-string ${excerpt(s)}`);
    return v.t === 'str' ? { ...v, line } : v;
  }

  private decode(raw: string, isRaw: boolean): string {
    return isRaw ? raw : decodeEscapes(raw);
  }

  // ---------------------------------------------------------------- calls

  private callExpr(n: SyntaxNode, scope: Scope): PyValue {
    const fnNode = n.childForFieldName('function')!;
    const fn = this.eval(fnNode, scope);
    const argList = n.childForFieldName('arguments')!;
    const args: CallArgs = { positional: [], keywords: new Map(), call: n };
    if (argList.type === 'generator_expression') args.positional.push({ value: this.eval(argList, scope), node: argList });
    else
      for (const a of argList.namedChildren) {
        if (a.type === 'comment') continue;
        if (a.type === 'keyword_argument') {
          const name = a.childForFieldName('name')!.text;
          if (args.keywords.has(name)) throw this.invalid(a, `the argument ${name} is given twice`);
          const valueNode = a.childForFieldName('value')!;
          args.keywords.set(name, { value: this.eval(valueNode, scope), node: valueNode });
        } else if (a.type === 'list_splat') {
          const v = this.eval(a.namedChildren[0]!, scope);
          if (v.t === 'fieldNames') {
            // `drop(*[c for c in df.columns if …])`: the names stay one symbolic argument
            args.positional.push({ value: v, node: a });
            continue;
          }
          const items = iterate(v);
          if (items === undefined) throw this.unsupported(a, `${excerpt(fnNode)} with ${a.text}`, 'its arguments are only known when Python runs', 'write the arguments out');
          for (const item of items) args.positional.push({ value: item, node: a });
        } else if (a.type === 'dictionary_splat') {
          const v = this.eval(a.namedChildren[0]!, scope);
          if (v.t !== 'dict' || !v.entries.every(([k]) => k.t === 'str'))
            throw this.unsupported(a, `${excerpt(fnNode)} with ${a.text}`, 'its arguments are only known when Python runs', 'write the arguments out');
          for (const [k, x] of v.entries) args.keywords.set((k as { v: string }).v, { value: x, node: a });
        } else args.positional.push({ value: this.eval(a, scope), node: a });
      }
    return this.callWith(fn, args, fnNode);
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
        throw this.unsupported(n, `${excerpt(fnNode)}()`, fn.name.includes('.') ? 'it is an unknown call' : 'a module is not callable', 'remove it');
      default:
        throw this.unsupported(n, `${excerpt(fnNode)}()`, `${describe(fn)} is not callable`, 'fix the script');
    }
  }

  call(fn: PyValue, args: PyValue[], n: SyntaxNode): PyValue {
    return this.callWith(fn, { positional: args.map((value) => ({ value, node: n })), keywords: new Map(), call: n }, n);
  }

  private callFunction(fn: Extract<PyValue, { t: 'func' }>, args: CallArgs): PyValue {
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
    }
  }

  // ---------------------------------------------------------------- the plan

  private finish(): JobPlan {
    const ids = new Map<string, string>();
    for (const info of this.nodes) {
      let id = info.named;
      if (id === undefined) {
        id = `${info.label}@${info.node.line}:${info.column}`;
        for (let k = 2; this.usedIds.has(id); k++) id = `${info.label}@${info.node.line}:${info.column}#${k}`;
        this.usedIds.add(id);
      }
      ids.set(info.node.id, id);
    }
    const map = (id: string): string => ids.get(id) ?? id;
    const nodes = this.nodes.map((info) => renameNode(info.node, map));
    return {
      file: this.file,
      nodes,
      sinks: this.sinks.map((s) => ({ ...s, input: map(s.input) })),
      purges: this.purges,
      logs: this.logs.map((l) => ({ ...l, parts: l.parts.map((p) => renamePart(p, map)) })),
      dataQuality: this.dataQuality.map((d) => ({ ...d, input: map(d.input), ...(d.sources ? { sources: Object.fromEntries(Object.entries(d.sources).map(([k, v]) => [k, map(v)])) } : {}) })),
      assertions: this.assertions.map((a) => ({ ...a, count: map(a.count) })),
    };
  }
}

// ---------------------------------------------------------------- helpers

function renamePart(p: LogPart, map: (id: string) => string): LogPart {
  if ('count' in p) return { count: map(p.count) };
  if ('schema' in p) return { schema: map(p.schema) };
  if ('show' in p) return { show: map(p.show), rows: p.rows };
  return p;
}

/** A plan node with its id and the ids it reads renamed (Columns bound to a frame included). */
function renameNode(node: PlanNode, map: (id: string) => string): PlanNode {
  const col = (e: ColExpr): ColExpr => renameCol(e, map);
  const n = { ...node, id: map(node.id) } as PlanNode;
  switch (n.kind) {
    case 'catalogSource':
    case 's3Source':
    case 'dataQualityOutcomes':
      return n;
    case 'sql':
      return { ...n, mapping: Object.fromEntries(Object.entries(n.mapping).map(([k, v]) => [k, map(v)])) };
    case 'join':
      return { ...n, left: map(n.left), right: map(n.right) };
    case 'dfJoin':
      return { ...n, left: map(n.left), right: map(n.right), on: n.on.kind === 'expr' ? { kind: 'expr', expr: col(n.on.expr) } : n.on };
    case 'union':
      return { ...n, inputs: n.inputs.map(map) };
    case 'where':
      return { ...n, input: map(n.input), condition: col(n.condition) };
    case 'project':
      return { ...n, input: map(n.input), items: n.items.map(col) };
    case 'withColumns':
      return { ...n, input: map(n.input), columns: n.columns.map((c) => ({ name: c.name, expr: col(c.expr) })) };
    case 'dropColumns':
      return { ...n, input: map(n.input), columns: n.columns.map(col) };
    case 'aggregate':
      return { ...n, input: map(n.input), groupBy: n.groupBy.map(col), aggs: n.aggs.map(col), ...(n.pivot ? { pivot: { ...n.pivot, column: col(n.pivot.column) } } : {}) };
    case 'orderBy':
      return { ...n, input: map(n.input), keys: n.keys.map(col) };
    case 'setOp':
      return { ...n, left: map(n.left), right: map(n.right) };
    default:
      return { ...n, input: map(n.input) } as PlanNode;
  }
}

function renameCol(e: ColExpr, map: (id: string) => string): ColExpr {
  const r = (x: ColExpr) => renameCol(x, map);
  switch (e.k) {
    case 'col':
    case 'star':
      return e.frame !== undefined ? { ...e, frame: map(e.frame) } : e;
    case 'fields':
      return { ...e, frame: map(e.frame) };
    case 'lit':
    case 'sql':
      return e;
    case 'fn':
    case 'op':
      return { ...e, args: e.args.map(r) };
    case 'when':
      return { ...e, branches: e.branches.map((b) => ({ cond: r(b.cond), value: r(b.value) })), ...(e.otherwise ? { otherwise: r(e.otherwise) } : {}) };
    case 'cast':
    case 'alias':
    case 'sort':
      return { ...e, arg: r(e.arg) };
    case 'over':
      return { ...e, arg: r(e.arg), window: { ...e.window, partitionBy: e.window.partitionBy.map(r), orderBy: e.window.orderBy.map(r) } };
  }
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };

/** Python's escape sequences in a non-raw str literal's body. */
export function decodeEscapes(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r\n|[\s\S])/g, (m, e: string) => {
    if (e === '\r\n') return '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) return simple;
    if (/^[xuU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return m; // unknown escapes stay as written, as in Python
  });
}

export { repr };

/**
 * A class that only holds values: its body is an `__init__(self, a, b, …)` whose statements are `self.x = a`
 * (Glue Studio's generated `GroupFilter` for the Conditional Router node).
 */
function recordClass(def: SyntaxNode): Extract<PyValue, { t: 'recordClass' }> | undefined {
  const name = def.childForFieldName('name')?.text;
  const body = def.childForFieldName('body')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  if (name === undefined || def.childForFieldName('superclasses') !== null || body.length !== 1 || body[0]!.type !== 'function_definition') return undefined;
  const init = body[0]!;
  if (init.childForFieldName('name')?.text !== '__init__') return undefined;
  const params = init.childForFieldName('parameters')!.namedChildren.map((p) => (p.type === 'identifier' ? p.text : undefined));
  if (params.length === 0 || params[0] !== 'self' || params.some((p) => p === undefined)) return undefined;
  const attrs: [string, string][] = [];
  for (const st of init.childForFieldName('body')!.namedChildren) {
    if (st.type === 'comment') continue;
    const a = st.type === 'expression_statement' ? st.namedChildren[0] : undefined;
    if (a?.type !== 'assignment') return undefined;
    const left = a.childForFieldName('left')!;
    const right = a.childForFieldName('right')!;
    if (left.type !== 'attribute' || left.childForFieldName('object')!.text !== 'self' || right.type !== 'identifier' || !params.includes(right.text) || right.text === 'self') return undefined;
    attrs.push([left.childForFieldName('attribute')!.text, right.text]);
  }
  return { t: 'recordClass', name, params: params.slice(1) as string[], attrs };
}

/** Glue Studio's generated `threadedRoute` (Conditional Router), as its text reads without spaces. */
const THREADED_ROUTE = [
  'defthreadedRoute(glue_ctx,source_DyF,group_filters):dynamic_frames={}withconcurrent.futures.ThreadPoolExecutor(max_workers=5)asexecutor:future_to_filter={executor.submit(apply_group_filter,source_DyF,gf):gfforgfingroup_filters}forfutureinconcurrent.futures.as_completed(future_to_filter):gf=future_to_filter[future]iffuture.exception()isnotNone:print("%rgeneratedanexception:%s"%(gf,future.exception()))else:dynamic_frames[gf.name]=future.result()returnDynamicFrameCollection(dynamic_frames,glue_ctx)',
  'defthreadedRoute(glue_ctx,source_DyF,group_filters):dynamic_frames={}withconcurrent.futures.ThreadPoolExecutor(max_workers=5)asexecutor:future_to_filter={executor.submit(apply_group_filter,source_DyF,gf):gfforgfingroup_filters}forfutureinconcurrent.futures.as_completed(future_to_filter):gf=future_to_filter[future]dynamic_frames[gf.name]=future.result()returnDynamicFrameCollection(dynamic_frames,glue_ctx)',
];

function isGeneratedThreadedRoute(def: SyntaxNode): boolean {
  const text = def.text
    .replace(/#[^\n]*/g, '')
    .replace(/\s+/g, '')
    .replace(/'/g, '"')
    .replace('->DynamicFrameCollection:', ':');
  return THREADED_ROUTE.includes(text);
}
