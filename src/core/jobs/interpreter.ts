/**
 * Follows a Glue script statement by statement without running Python: variables, f-strings, functions the script
 * defines (Glue Studio's generated helpers are ordinary functions here), loops over known lists, `if` on known
 * values. Calls of Glue, Spark and Python are looked up in the vocabulary tables (vocabulary/*.ts) and become plan
 * nodes, sinks, purges and log lines; Python lambdas given to Filter become expressions over the record
 * (rowLambda.ts). Whatever depends on the data or on running Python — a loop over rows, an `if` on a count, a UDF,
 * an unknown call — is refused before anything runs, naming the construct, its line and column, and what to write
 * instead.
 */
import { isExtra } from './extras';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { LakehouseError } from '../errors';
import { excerpt } from './callArgs';
import type { JobPlan } from './plan';
import { NONE, Scope, describe, iterate, truthy, type PyValue } from './values';
import { moduleMember } from './vocabulary/modules';
import { applyConfArgument } from './vocabulary/sessionSettings';
import { Break, Continue, Evaluator, Return, STAR_FUNCTIONS, article } from './evaluator';
import { NODE_COMMENT, isGeneratedThreadedRoute, recordClass } from './generatedCode';

export type { InterpreterOptions } from './planBuilder';

export class Interpreter extends Evaluator {
  run(root: SyntaxNode): JobPlan {
    const conf = this.options.arguments?.['--conf'];
    if (conf !== undefined) applyConfArgument(this, conf, this.file, root);
    this.block(root.namedChildren, this.globals);
    this.checkCaptures();
    // a job without a sink runs on Glue (one that reads, counts and prints, or only evaluates data quality): its
    // reads, log lines and evaluations happen and nothing is written. A getSink never given a frame stays an error
    // when nothing else is written: Glue writes nothing for it, which is not what a script that makes a sink means
    if (this.sinks.length === 0) {
      const unwritten = this.pendingSinks.find((s) => !s.written);
      if (unwritten !== undefined)
        throw new LakehouseError('InvalidInput', `${this.file}:${unwritten.line}: the sink ${unwritten.variable} is never written: call ${unwritten.variable}.writeFrame(<frame>)`, { file: this.file, line: unwritten.line });
    }
    // an assert after a sink: a failing one keeps what the sinks before it wrote (jobRunner.ts), which the runner knows
    // when the sinks run in the order of their lines — not when a function called later holds one
    const inOrder = this.sinks.every((s, i) => i === 0 || this.sinks[i - 1]!.line <= s.line);
    for (const a of this.assertions) {
      const before = this.sinks.find((s) => s.line < a.line);
      if (before !== undefined && !inOrder)
        throw new LakehouseError(
          'ScriptUnsupported',
          `${this.file}:${a.line}:${a.column}: an assert after the sink of line ${before.line} cannot run on the local engine: a sink runs in a function called after its definition, so which sinks have written when the assertion fails is not known here; assert before the sinks ("Fail job when data quality fails", not "after loading data")`,
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

  // ---------------------------------------------------------------- statements

  protected block(stmts: SyntaxNode[], scope: Scope): void {
    for (const s of stmts) this.statement(s, scope);
  }

  protected statement(stmt: SyntaxNode, scope: Scope): void {
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
        const e = stmt.namedChildren.find((c) => !isExtra(c));
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
        const [test, msgNode] = stmt.namedChildren.filter((c) => !isExtra(c));
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

  protected withStatement<T>(line: number, target: string | undefined, f: () => T): T {
    this.statements.push({ line, ...(target !== undefined ? { target } : {}) });
    try {
      return f();
    } finally {
      this.statements.pop();
    }
  }

  protected expressionStatement(stmt: SyntaxNode, scope: Scope): void {
    const parts = stmt.namedChildren.filter((c) => !isExtra(c));
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

  protected assignment(asg: SyntaxNode, scope: Scope, line: number): void {
    const left = asg.childForFieldName('left')!;
    const right = asg.childForFieldName('right');
    if (right === null) return; // `x: int`
    const target = left.type === 'identifier' ? left.text : undefined;
    const mark = this.nodes.length;
    const value = this.withStatement(line, target, () => (right.type === 'assignment' ? this.chained(right, scope, line, mark) : this.eval(right, scope)));
    this.assign(left, value, scope, line, mark);
  }

  /** `a = b = value`: every target gets the value. */
  protected chained(asg: SyntaxNode, scope: Scope, line: number, mark: number): PyValue {
    const right = asg.childForFieldName('right')!;
    const value = right.type === 'assignment' ? this.chained(right, scope, line, mark) : this.eval(right, scope);
    this.assign(asg.childForFieldName('left')!, value, scope, line, mark);
    return value;
  }

  protected ifStatement(stmt: SyntaxNode, scope: Scope): void {
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
  protected withoutEffect(body: SyntaxNode, scope: Scope): boolean {
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

  protected forStatement(stmt: SyntaxNode, scope: Scope): void {
    const left = stmt.childForFieldName('left')!;
    const right = stmt.childForFieldName('right')!;
    const iterable = this.eval(right, scope);
    let items = iterate(iterable);
    const pending = items === undefined ? this.pendingFrame(iterable) : undefined;
    if (pending !== undefined) {
      // a loop over df.columns / df.dtypes: the run learns them and the script is read again (FieldsPending)
      this.fieldsNeeded(pending, stmt, `a for loop over ${excerpt(right)}`);
      items = [];
    }
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
  protected tryStatement(stmt: SyntaxNode, scope: Scope): void {
    this.block(stmt.childForFieldName('body')!.namedChildren, scope);
    for (const c of stmt.namedChildren) {
      if (c.type !== 'else_clause' && c.type !== 'finally_clause') continue;
      const body = c.childForFieldName('body') ?? c.namedChildren.find((x) => x.type === 'block');
      if (body) this.block(body.namedChildren, scope);
    }
  }

  protected define(def: SyntaxNode, scope: Scope): void {
    const name = def.childForFieldName('name')!.text;
    const defaults = new Map<string, PyValue>();
    for (const p of def.childForFieldName('parameters')!.namedChildren)
      if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') defaults.set(p.childForFieldName('name')!.text, this.eval(p.childForFieldName('value')!, scope));
    const fn: PyValue = { t: 'func', name, node: def, closure: scope, defaults };
    // Glue Studio's Conditional Router helper runs its filters in a thread pool: followed as what it computes
    if (name === 'threadedRoute' && isGeneratedThreadedRoute(def)) scope.set(name, { t: 'builtin', name: 'GlueStudio.threadedRoute', self: fn });
    else scope.set(name, fn);
  }

  protected importStatement(stmt: SyntaxNode, scope: Scope): void {
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
      if (from === 'pyspark.sql.functions') {
        // the module's names are bound here: a name the script bound before that the module has is rebound to it
        for (const k of [...scope.vars.keys()]) {
          const f = moduleMember(from)[k];
          if (f !== undefined) scope.set(k, f);
        }
        scope.set(STAR_FUNCTIONS, { t: 'int', v: stmt.startPosition.row + 1 });
      }
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
}
