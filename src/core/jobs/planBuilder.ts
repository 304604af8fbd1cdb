/**
 * The plan a script's walk builds: its nodes (named after the variables the script assigns them to), sinks, purges,
 * log lines, data-quality evaluations and assertions; the positions and messages of refusals; and, when the walk is
 * done, the plan with its final node ids. This is what the vocabulary tables may ask of the interpreter (`Host`);
 * evaluating expressions (evaluator.ts) and walking statements (interpreter.ts) build on it.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { LakehouseError, positionAt } from '../errors';
import { excerpt, type Arg, type CallArgs, type Reporter } from './callArgs';
import type { ColExpr, Pos, RowExpr, WindowSpec } from './expr';
import { nodeInputs, type FieldsPending, type JobPlan, type LogPart, type PlanAssertion, type PlanDataQuality, type PlanLog, type PlanNode, type PlanPurge, type PlanSink } from './plan';
import { joinParts, textParts } from './pyops';
import { rowMapping, rowPredicate, type RowMapping } from './rowLambda';
import { Scope, describe, str, type PendingSink, type PyValue } from './values';
import { columnOf, windowOf } from './vocabulary/columns';
import type { Host, NodeBody } from './vocabulary/registry';

export interface InterpreterOptions {
  /** job arguments (`--name` → value) that resolve `args["name"]` */
  arguments?: Record<string, string>;
  /**
   * The fields of frames learnt from the data by an earlier reading's run (`#n`: the n-th frame the script makes, in
   * the order it makes them — the same in every reading up to the first frame whose fields it asked for): their names
   * in Spark's order and, where Spark has one, the type `df.dtypes` gives (FieldsPending)
   */
  fields?: Record<string, KnownField[]>;
}

/** A field of a frame as the run found it: its name, and its type as PySpark's `df.dtypes` prints it. */
export interface KnownField {
  name: string;
  type?: string;
}

const MAX_STEPS = 200_000;

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

export abstract class PlanBuilder implements Host, Reporter {
  protected readonly nodes: NodeInfo[] = [];
  protected readonly byId = new Map<string, NodeInfo>();
  protected readonly usedIds = new Set<string>();
  protected readonly sinks: PlanSink[] = [];
  protected readonly purges: PlanPurge[] = [];
  protected readonly logs: PlanLog[] = [];
  protected readonly dataQuality: PlanDataQuality[] = [];
  protected readonly assertions: PlanAssertion[] = [];
  protected readonly pendingSinks: PendingSink[] = [];
  readonly tempViews = new Map<string, string>();
  protected readonly globals = new Scope();
  protected readonly captures: Capture[] = [];
  protected pendingName: string | undefined;
  protected depth = 0;
  /** the calls of the script's own functions under way, outermost first: the function and the line of its call */
  protected readonly callSites: { fn: string; line: number; column: number }[] = [];
  protected steps = 0;
  /** the first frame whose field names the script needs and the reading does not know (FieldsPending) */
  protected fieldsPending: FieldsPending | undefined;
  /** spark.sql.legacy.timeParserPolicy as the script set it (JobPlan.timeParserPolicy) */
  protected timeParserPolicy: 'EXCEPTION' | 'CORRECTED' | undefined;
  /** spark.sql.sources.partitionOverwriteMode as the script has set it so far (the writes after read it) */
  partitionOverwriteMode: 'STATIC' | 'DYNAMIC' = 'STATIC';

  /** the statements being run, innermost last: their line, target variable and the node count when they began */
  protected readonly statements: { line: number; target?: string }[] = [];

  constructor(
    protected readonly source: string,
    readonly file: string,
    readonly options: InterpreterOptions,
  ) {
    this.globals.set('__name__', str('__main__'));
  }

  /** calls a Python callable (evaluator.ts) */
  abstract call(fn: PyValue, args: PyValue[], n: SyntaxNode): PyValue;
  abstract callWith(fn: PyValue, args: CallArgs, fnNode: SyntaxNode): PyValue;
  /** evaluates a Python expression (evaluator.ts) */
  abstract eval(n: SyntaxNode, scope: Scope): PyValue;

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

  protected step(n: SyntaxNode): void {
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
  protected nameNode(id: string, target: string, line: number): void {
    const info = this.byId.get(id);
    if (info === undefined || (info.depth !== undefined && info.depth <= this.depth)) return;
    if (info.named !== undefined) this.usedIds.delete(info.named);
    let name = this.usedIds.has(target) ? `${target}@${line}` : target;
    if (this.usedIds.has(name)) name = `${target}@${line}:${info.column}`;
    // a loop's body assigns the variable at the same line and column on every turn: each turn's node its own id
    for (let k = 2; this.usedIds.has(name); k++) name = `${target}@${line}:${info.column}#${k}`;
    this.usedIds.add(name);
    info.named = name;
    info.depth = this.depth;
    info.node.line = line;
    if (this.depth === 0) {
      const n = this.takeName();
      if (n !== undefined) info.node.name = n;
    }
  }

  callSite(): { fn: string; line: number; column: number } | undefined {
    return this.callSites[0];
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
  setTimeParserPolicy(policy: 'EXCEPTION' | 'CORRECTED', call: SyntaxNode, construct: string): void {
    // the policy is applied to the whole job's translation: set after a frame, the frames before would read dates otherwise
    if (this.nodes.length > 0 && policy !== (this.timeParserPolicy ?? 'EXCEPTION'))
      throw this.unsupported(call, construct, 'the local engine applies the time parser policy to the whole job, and this script made a frame before setting it', 'set it before the first read');
    this.timeParserPolicy = policy;
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
    if (v.t === 'dfc')
      throw this.invalid(
        a.node,
        `${excerpt(a.node)} is a DynamicFrameCollection, not a DynamicFrame (${what}): Glue fails here too; select one frame of the collection: SelectFromCollection.apply(dfc=${excerpt(a.node)}, key="…")`,
      );
    if (v.t === 'dq' && v.collection === true)
      throw this.invalid(
        a.node,
        `${excerpt(a.node)} is the DynamicFrameCollection EvaluateDataQuality().process_rows returns (ruleOutcomes, rowLevelOutcomes, originalData), not a DynamicFrame (${what}): Glue fails here too; select the frame the rules were evaluated on: SelectFromCollection.apply(dfc=${excerpt(a.node)}, key="originalData")`,
      );
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

  protected notFrame(a: Arg, kind: string, what: string): LakehouseError {
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

  protected checkCaptures(): void {
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
  // ---------------------------------------------------------------- the plan

  /**
   * The toDF() nodes whose DataFrame only SQL nodes read (Glue Studio's sparkSqlQuery: each SQL node refuses a
   * ChoiceType itself, naming the node) or only a count (the same on Glue): the frame they convert stands for them
   * (toDF id → its input). The others stay, to refuse a ChoiceType where the DataFrame is read (nodeSql.ts).
   */
  private sqlOnlyToDF(): Map<string, string> {
    const beyondSql = new Set<string>();
    for (const { node } of this.nodes) if (node.kind !== 'sql') for (const i of nodeInputs(node)) beyondSql.add(i);
    for (const s of this.sinks) beyondSql.add(s.input);
    for (const l of this.logs) for (const p of l.parts) if ('schema' in p) beyondSql.add(p.schema);
    else if ('show' in p) beyondSql.add(p.show);
    else if ('fields' in p) beyondSql.add(p.fields);
    else if ('collect' in p) beyondSql.add(p.collect);
    else if ('dataFrame' in p) beyondSql.add(p.dataFrame);
    else if ('nullFieldsOf' in p) for (const i of [p.input, p.nullFieldsOf]) beyondSql.add(i);
    for (const d of this.dataQuality) for (const i of [d.input, ...Object.values(d.sources ?? {})]) beyondSql.add(i);
    const out = new Map<string, string>();
    for (const { node } of this.nodes) if (node.kind === 'toDF' && !beyondSql.has(node.id)) out.set(node.id, node.input);
    return out;
  }

  /** The fields of a frame (its id while reading: `#n`) an earlier reading's run learnt, if any. */
  knownFields(frame: string): KnownField[] | undefined {
    return this.options.fields?.[frame];
  }

  /**
   * The script needs the field names of `frame`, which this reading does not know: the first such frame is recorded
   * (with the plan of what came before, for the runner to learn them), and the reading goes on as if it had none.
   */
  fieldsNeeded(frame: string, at: SyntaxNode, construct: string): void {
    if (this.fieldsPending !== undefined) return;
    const { line, column } = this.where(at);
    const upTo = this.finish();
    const final = upTo.nodes.find((n) => n.id === this.finalIds().get(frame))?.id;
    if (final === undefined) throw this.unsupported(at, construct, "it reads a frame's field names, which are known only when the job runs", 'list the names in the script');
    this.fieldsPending = {
      key: frame,
      frame: final,
      line,
      column,
      construct,
      upTo: { ...upTo, sinks: [], logs: [], assertions: [] },
    };
  }

  /** the final id of each node (toDF nodes elided into the frame they convert) */
  private finalIds(): Map<string, string> {
    const elided = this.sqlOnlyToDF();
    const ids = new Map<string, string>();
    // (a copy: reading the plan so far, for FieldsPending, leaves the ids the finished plan gives)
    const used = new Set(this.usedIds);
    for (const info of this.nodes) {
      if (elided.has(info.node.id)) continue;
      let id = info.named;
      if (id === undefined) {
        id = `${info.label}@${info.node.line}:${info.column}`;
        for (let k = 2; used.has(id); k++) id = `${info.label}@${info.node.line}:${info.column}#${k}`;
        used.add(id);
      }
      ids.set(info.node.id, id);
    }
    for (const [from, to] of elided) ids.set(from, ids.get(to) ?? to);
    return ids;
  }

  protected finish(): JobPlan {
    const elided = this.sqlOnlyToDF();
    const ids = this.finalIds();
    const map = (id: string): string => ids.get(id) ?? id;
    const nodes = this.nodes.filter((info) => !elided.has(info.node.id)).map((info) => renameNode(info.node, map));
    return {
      file: this.file,
      nodes,
      sinks: this.sinks.map((s) => ({ ...s, input: map(s.input) })),
      purges: this.purges,
      logs: this.logs.map((l) => ({ ...l, parts: l.parts.map((p) => renamePart(p, map)) })),
      dataQuality: this.dataQuality.map((d) => ({ ...d, input: map(d.input), ...(d.sources ? { sources: Object.fromEntries(Object.entries(d.sources).map(([k, v]) => [k, map(v)])) } : {}) })),
      assertions: this.assertions.map((a) => ({ ...a, count: map(a.count) })),
      ...(this.fieldsPending !== undefined ? { fieldsPending: this.fieldsPending } : {}),
      ...(this.timeParserPolicy === 'CORRECTED' ? { timeParserPolicy: this.timeParserPolicy } : {}),
    };
  }
}

// ---------------------------------------------------------------- helpers

function renamePart(p: LogPart, map: (id: string) => string): LogPart {
  if ('count' in p) return { count: map(p.count) };
  if ('schema' in p) return { schema: map(p.schema), ...(p.dynamic ? { dynamic: true as const } : {}) };
  if ('show' in p) return { show: map(p.show), rows: p.rows, ...(p.dynamic ? { dynamic: true as const } : {}), ...(p.truncate !== undefined ? { truncate: p.truncate } : {}) };
  if ('fields' in p) return { ...p, fields: map(p.fields) };
  if ('collect' in p) return { ...p, collect: map(p.collect) };
  if ('dataFrame' in p) return { ...p, dataFrame: map(p.dataFrame) };
  if ('nullFieldsOf' in p) return { nullFieldsOf: map(p.nullFieldsOf), input: map(p.input) };
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
    case 'rows':
      return n;
    case 'dataQualityRowOutcomes':
      return { ...n, input: map(n.input) };
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
    case 'lvar':
      return e;
    case 'lambda':
      return { ...e, body: r(e.body) };
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
